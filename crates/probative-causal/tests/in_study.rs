//! A causal model inside a study, through the core's whole pipeline
//! (`probative::check_inputs` with this crate's `ModelSource`): at any
//! parameter point, the study's posterior of "X caused Y" is the model's
//! P(query | given, clues), whatever the clues observed, found or not.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use probative::model::causal::CausalSource;
use probative_causal::engine::{MassCache, Target};
use probative_causal::in_study::ModelSource;
use probative_causal::model::{CausalModel, parse_study};
use proptest::prelude::*;

const MODELS: [&str; 3] = [
    "[model]\ndag = \"X -> M -> Y\"\n",
    "[model]\ndag = \"X -> M -> Y\"\nrestrict = [\"decreasing(X, M)\", \"decreasing(M, Y)\"]\n",
    "[model]\ndag = \"X -> M -> Y <- X; W -> Y\"\n",
];

/// The model with its point parameters set from `weights`, normalised set
/// by set.
fn with_parameters(text: &str, weights: &[f64]) -> CausalModel {
    let mut model = parse_study(text).unwrap().model;
    for set in &model.sets {
        let range = set.offset..set.offset + set.types.len();
        let total: f64 = range.clone().map(|k| weights[k % weights.len()]).sum();
        for k in range {
            model.values[k] = weights[k % weights.len()] / total;
        }
    }
    model
}

/// P(event | given) straight from the engine.
fn direct(model: &CausalModel, event: &str, given: &str) -> f64 {
    let target = Target::compile(model, event, Some(given)).unwrap();
    let sums = target.evaluate(model, &model.values, &mut MassCache::default());
    sums.numerator / sums.denominator
}

/// A study of one case (`given`) with one clue item per (clue, found),
/// each judged given the ones before it.
fn study(given: &str, clues: &[(&str, bool)]) -> String {
    let mut text = format!(
        "[study]\ntitle = \"t\"\nmodel = \"m\"\n\n[[hypothesis]]\nid = \"caused\"\ntitle = \"c\"\nquery = \"Y[X=1] > Y[X=0]\"\n\n[[hypothesis]]\nid = \"not\"\ntitle = \"n\"\nquery = \"!(Y[X=1] > Y[X=0])\"\n\n[[case]]\nid = \"u\"\ntitle = \"u\"\ngiven = \"{given}\"\n"
    );
    for (n, (clue, found)) in clues.iter().enumerate() {
        let depends: Vec<String> = (0..n).map(|d| format!("\"e{d}\"")).collect();
        let _ = write!(
            text,
            "\n[[evidence]]\nid = \"e{n}\"\ncase = \"u\"\nclaim = \"c\"\nobserved = {found}\ndepends_on = [{}]\nlikelihood = {{ clue = \"{clue}\" }}\n",
            depends.join(", ")
        );
    }
    text
}

fn posterior(model: CausalModel, text: &str) -> Option<f64> {
    let mut source = Some(ModelSource::new(model, None, true).unwrap());
    let mut load =
        |_: &str| -> Result<Box<dyn CausalSource>, String> { Ok(Box::new(source.take().unwrap())) };
    let checked = probative::check_inputs(
        text.as_bytes(),
        probative::Inputs {
            analysts: &[],
            pool: probative::analysis::analysts::Pool::Log,
            selections: &[],
            load_bibliography: &mut |_| Err("none".into()),
            load_model: Some(&mut load),
        },
    )
    .unwrap();
    // A hypothesis an earlier clue rules out leaves a later clue's
    // likelihood undefined: an error the study reports, not a number.
    let undefined = checked
        .diagnostics
        .iter()
        .all(|d| d.message.contains("is undefined"));
    if checked.has_errors() {
        assert!(undefined, "{:?}", checked.diagnostics);
        return None;
    }
    Some(checked.analysis?.posterior[0])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_study_posterior_is_the_models_conditional_probability(
        which in 0..MODELS.len(),
        weights in prop::collection::vec(0.05f64..1.0, 1..17),
        found_m in any::<bool>(),
        second in prop::option::of(any::<bool>()),
    ) {
        let model = with_parameters(MODELS[which], &weights);
        let given = "X==1 & Y==1";
        let m = if found_m { "M==1" } else { "M==0" };
        let mut clues = vec![("M==1", found_m)];
        let mut known = format!("{given} & {m}");
        // A second clue (W where the model has it, else M again, which the
        // first settles) judged given the first.
        if let Some(found) = second {
            let node = if which == 2 { "W" } else { "M" };
            clues.push((if node == "W" { "W==1" } else { "M==1" }, found));
            let not = if found { "" } else { "!" };
            known = format!("{known} & {not}({node}==1)");
        }
        // A clue contradicted by an earlier one has no likelihood: skip.
        let joint = direct(&model, "Y[X=1] > Y[X=0]", &known);
        prop_assume!(joint.is_finite());
        let Some(ours) = posterior(model, &study(given, &clues)) else {
            // A hypothesis the first clue ruled out: then the model's
            // answer is a certainty, and the study rightly refuses a
            // likelihood under the impossible one.
            prop_assert!(joint == 0.0 || (joint - 1.0).abs() < 1e-12, "{joint}");
            return Ok(());
        };
        prop_assert!(
            (ours - joint).abs() <= 1e-12 || (ours - joint).abs() <= 1e-9 * joint.abs(),
            "{ours} against {joint}"
        );
    }
}
