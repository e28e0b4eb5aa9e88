//! The engine against published worked examples.
//!
//! Each example of section 3 of the methods reference (Humphreys & Jacobs
//! 2023, *Integrated Inferences*, ch. 5; the DeclareDesign process-tracing
//! designer; DesignLibrary `pt_3`; Rootclaim's "Discounting Weak Evidence")
//! is written as a tiny study and run through [`probative::check`], the
//! public path. Every number is asserted twice: to the precision the source
//! publishes, and to 1e-9 against the closed formula
//! `post(p, a, b) = a p / (a p + b (1 - p))`.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use probative::analysis::Analysis;
use probative::model::{Study, TestType};

/// One item of a two-hypothesis study: P(E | H), P(E | not H), and whether
/// E was found.
#[derive(Debug, Clone, Copy)]
struct Item {
    given_h: f64,
    given_not_h: f64,
    observed: bool,
}

const fn found(given_h: f64, given_not_h: f64) -> Item {
    Item {
        given_h,
        given_not_h,
        observed: true,
    }
}

const fn absent(given_h: f64, given_not_h: f64) -> Item {
    Item {
        given_h,
        given_not_h,
        observed: false,
    }
}

/// H against not-H with prior `p`, one evidence item per entry, written as
/// a study file. `{}` prints the shortest decimal that reads back as the
/// same number, so the study holds exactly the values of the formula.
fn study_text(p: f64, items: &[Item]) -> String {
    let mut s = format!(
        "[study]\ntitle = \"worked example\"\n\n\
         [[hypothesis]]\nid = \"h\"\ntitle = \"H\"\nprior = {p}\n\n\
         [[hypothesis]]\nid = \"not-h\"\ntitle = \"not H\"\nprior = {}\n",
        1.0 - p
    );
    for (n, item) in items.iter().enumerate() {
        let _ = write!(
            s,
            "\n[[evidence]]\nid = \"e{n}\"\nclaim = \"clue {n}\"\nobserved = {}\n\
             search = \"as in the source\"\nlikelihood = {{ h = {}, not-h = {} }}\n",
            item.observed, item.given_h, item.given_not_h
        );
    }
    s
}

/// Runs a study and returns it with its analysis; it must have no errors.
fn analyse(text: &str) -> (Study, Analysis) {
    let checked = probative::check(text.as_bytes(), &mut |_: &str| {
        Err("no bibliography".to_owned())
    });
    assert!(!checked.has_errors(), "{text}\n{:#?}", checked.diagnostics);
    (checked.study.unwrap(), checked.analysis.unwrap())
}

/// P(H | items) from the engine.
fn engine(p: f64, items: &[Item]) -> f64 {
    analyse(&study_text(p, items)).1.posterior[0]
}

/// P(H | items) by the closed formula, multiplying factors as given.
fn formula(p: f64, items: &[Item]) -> f64 {
    let (mut under_h, mut under_not_h) = (1.0, 1.0);
    for item in items {
        let (x, y) = (item.given_h, item.given_not_h);
        if item.observed {
            under_h *= x;
            under_not_h *= y;
        } else {
            under_h *= 1.0 - x;
            under_not_h *= 1.0 - y;
        }
    }
    under_h * p / (under_h * p + under_not_h * (1.0 - p))
}

/// `x` equals `y` to 1e-9 relative, or 1e-12 absolute near zero.
fn exactly(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()) || (x - y).abs() <= 1e-12
}

/// `x` rounds to `published`, which is given to `decimals` places.
fn to_published(x: f64, published: f64, decimals: i32) -> bool {
    (x - published).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-12
}

/// Asserts the engine's posterior against the formula and the published
/// value.
fn assert_posterior(name: &str, p: f64, items: &[Item], published: f64, decimals: i32) {
    let (got, want) = (engine(p, items), formula(p, items));
    assert!(exactly(got, want), "{name}: engine {got} vs formula {want}");
    assert!(
        to_published(got, published, decimals),
        "{name}: engine {got} vs published {published}"
    );
}

fn db(x: f64, y: f64) -> f64 {
    10.0 * (x / y).log10()
}

/// W1. Regime collapse (Humphreys & Jacobs 2023, ch. 5): prior 1/3,
/// P(K | b) = 1, P(K | d) = 0.5. Clue present: 0.5; absent: 0.
#[test]
fn w1_regime_collapse() {
    let p = 1.0 / 3.0;
    assert_posterior("W1 present", p, &[found(1.0, 0.5)], 0.5, 1);
    assert_posterior("W1 absent", p, &[absent(1.0, 0.5)], 0.0, 1);
    assert_eq!(
        engine(p, &[absent(1.0, 0.5)]),
        0.0,
        "a failed hoop with certainty eliminates exactly"
    );
}

/// W2. Base rates: prevalence 0.01, a test right 99% of the time. Positive
/// result: 0.5. The item weighs 10 log10 99 = 19.96 dB, the prior odds are
/// -19.96 dB, the posterior odds 0 dB.
#[test]
fn w2_base_rates() {
    let items = [found(0.99, 0.01)];
    assert_posterior("W2", 0.01, &items, 0.5, 1);
    let (_, analysis) = analyse(&study_text(0.01, &items));
    let weight = analysis.items[0].weight_db(0, 1);
    assert!(exactly(weight, 10.0 * 99f64.log10()), "{weight}");
    assert!(to_published(weight, 19.96, 2), "{weight}");
    assert!(to_published(db(0.01, 0.99), -19.96, 2));
    assert!(
        analysis.leader.margin_db.abs() < 1e-9,
        "posterior odds 0 dB: {}",
        analysis.leader.margin_db
    );
    assert!(exactly(analysis.posterior[0], analysis.posterior[1]));
}

/// W3. Order invariance: the jack of spades (prior 1/52). A face card, then
/// black: 1/12, then 1/6. Black, then a face card: 1/26, then 1/6. The
/// second clue's likelihoods are conditional on the first (11 other face
/// cards, 5 of them black; 25 other black cards, 5 of them face cards).
#[test]
fn w3_order_invariance() {
    let p = 1.0 / 52.0;
    let face = found(1.0, 11.0 / 51.0);
    let black_given_face = found(1.0, 5.0 / 11.0);
    let black = found(1.0, 25.0 / 51.0);
    let face_given_black = found(1.0, 5.0 / 25.0);
    assert_posterior("W3 face", p, &[face], 1.0 / 12.0, 9);
    assert_posterior("W3 face, black", p, &[face, black_given_face], 1.0 / 6.0, 9);
    assert_posterior("W3 black", p, &[black], 1.0 / 26.0, 9);
    assert_posterior(
        "W3 black, face",
        p,
        &[black, face_given_black],
        1.0 / 6.0,
        9,
    );
    // The same items in the other file order give the same posterior.
    let forward = engine(p, &[face, black_given_face]);
    let backward = engine(p, &[black_given_face, face]);
    assert!(exactly(forward, backward), "{forward} vs {backward}");
}

/// W4. The four canonical tests at prior 0.5 (Humphreys & Jacobs 2023,
/// figure "CluesInferences2"): posteriors if present and if absent, the
/// weights of passing and failing in dB, and the derived Van Evera types.
#[test]
fn w4_four_canonical_tests() {
    let cases = [
        (
            "straw in the wind",
            0.6,
            0.4,
            0.6000,
            0.4000,
            1.76,
            -1.76,
            TestType::StrawInTheWind,
        ),
        (
            "hoop",
            0.95,
            0.6,
            0.6129,
            0.1111,
            2.00,
            -9.03,
            TestType::Hoop,
        ),
        (
            "smoking gun",
            0.4,
            0.05,
            0.8889,
            0.3871,
            9.03,
            -2.00,
            TestType::SmokingGun,
        ),
        (
            "doubly decisive",
            0.95,
            0.05,
            0.9500,
            0.0500,
            12.79,
            -12.79,
            TestType::DoublyDecisive,
        ),
    ];
    for (name, phi_b, phi_d, present, missing, pass_db, fail_db, test_type) in cases {
        assert_posterior(name, 0.5, &[found(phi_b, phi_d)], present, 4);
        assert_posterior(name, 0.5, &[absent(phi_b, phi_d)], missing, 4);

        let (_, passed) = analyse(&study_text(0.5, &[found(phi_b, phi_d)]));
        let (_, failed) = analyse(&study_text(0.5, &[absent(phi_b, phi_d)]));
        let (w_pass, w_fail) = (
            passed.items[0].weight_db(0, 1),
            failed.items[0].weight_db(0, 1),
        );
        assert!(
            exactly(w_pass, db(phi_b, phi_d)) && to_published(w_pass, pass_db, 2),
            "{name}: {w_pass}"
        );
        assert!(
            exactly(w_fail, db(1.0 - phi_b, 1.0 - phi_d)) && to_published(w_fail, fail_db, 2),
            "{name}: {w_fail}"
        );

        let test = passed.items[0].tests[0];
        assert_eq!(test.test_type, test_type, "{name}");
        assert!(
            exactly(test.pass_db, w_pass) && exactly(test.fail_db, w_fail),
            "{name}: {test:?}"
        );
        // not-H sees the mirror image: the same type, against it.
        let mirror = passed.items[0].tests[1];
        assert_eq!(mirror.test_type, test_type, "{name}");
        assert!(exactly(mirror.pass_db, -w_pass), "{name}: {mirror:?}");
    }
    // The hoop's passing weight equals the smoking gun's failing |weight|.
    assert!((db(0.95, 0.6) + db(0.6, 0.95)).abs() < 1e-12);
}

/// W7, independent clues (DeclareDesign process-tracing designer): prior
/// 0.5; E1 a straw in the wind (0.8, 0.2), E2 a smoking gun (0.3, 0).
#[test]
fn w7_straw_and_smoking_gun() {
    let (e1, e2) = ((0.8, 0.2), (0.3, 0.0));
    assert_posterior("E1 present", 0.5, &[found(e1.0, e1.1)], 0.8, 1);
    assert_posterior("E1 absent", 0.5, &[absent(e1.0, e1.1)], 0.2, 1);
    assert_posterior("E2 present", 0.5, &[found(e2.0, e2.1)], 1.0, 1);
    assert_posterior("E2 absent", 0.5, &[absent(e2.0, e2.1)], 0.41176, 5);
    assert_posterior(
        "E1, not E2",
        0.5,
        &[found(e1.0, e1.1), absent(e2.0, e2.1)],
        0.73684,
        5,
    );
    assert_posterior(
        "neither",
        0.5,
        &[absent(e1.0, e1.1), absent(e2.0, e2.1)],
        0.14894,
        5,
    );
    assert_posterior("both", 0.5, &[found(e1.0, e1.1), found(e2.0, e2.1)], 1.0, 9);
}

/// W8. Opposing doubly-decisive tests (DesignLibrary `pt_3`): E1 (0.8,
/// 0.05), E2 (0.05, 0.8), prior 0.5. Both found: they cancel (+12.04 dB,
/// -12.04 dB), 0.5. E1 only: 0.98701. E2 only: 0.01299. Neither: 0.5.
#[test]
fn w8_opposing_tests() {
    let (e1, e2) = ((0.8, 0.05), (0.05, 0.8));
    let both = [found(e1.0, e1.1), found(e2.0, e2.1)];
    assert_posterior("both", 0.5, &both, 0.5, 5);
    assert_posterior(
        "E1 only",
        0.5,
        &[found(e1.0, e1.1), absent(e2.0, e2.1)],
        0.98701,
        5,
    );
    assert_posterior(
        "E2 only",
        0.5,
        &[absent(e1.0, e1.1), found(e2.0, e2.1)],
        0.01299,
        5,
    );
    assert_posterior(
        "neither",
        0.5,
        &[absent(e1.0, e1.1), absent(e2.0, e2.1)],
        0.5,
        5,
    );
    let (_, analysis) = analyse(&study_text(0.5, &both));
    let (w1, w2) = (
        analysis.items[0].weight_db(0, 1),
        analysis.items[1].weight_db(0, 1),
    );
    assert!(
        to_published(w1, 12.04, 2) && to_published(w2, -12.04, 2),
        "{w1} {w2}"
    );
    assert!((w1 + w2).abs() < 1e-12);
}

/// W11. Rootclaim's MH17 likelihoods: a witness report 5% against 1% is
/// 6.99 dB; radar evidence 70% against 80% is 0.58 dB, and 95% against 99%
/// 0.18 dB. The rare but telling item must outweigh the common ones.
#[test]
fn w11_rare_but_telling() {
    let items = [found(0.05, 0.01), found(0.7, 0.8), found(0.95, 0.99)];
    let (_, analysis) = analyse(&study_text(0.5, &items));
    let weights: Vec<f64> = analysis.items.iter().map(|i| i.weight_db(0, 1)).collect();
    for (w, item, published) in [
        (weights[0], items[0], 6.99),
        (weights[1], items[1], -0.58),
        (weights[2], items[2], -0.18),
    ] {
        assert!(exactly(w, db(item.given_h, item.given_not_h)), "{w}");
        assert!(to_published(w, published, 2), "{w} vs {published}");
    }
    assert!(weights[0].abs() > weights[1].abs() && weights[1].abs() > weights[2].abs());
    // No item gets the non-diagnostic note: the radar items moved little as
    // they came out (0.58 dB and 0.18 dB), but had they come out the other
    // way they would have weighed 10 log10(0.3/0.2) = 1.76 dB and
    // 10 log10(0.05/0.01) = 6.99 dB: they risked something, and are tests.
    let noted: Vec<_> = analysis
        .lints
        .iter()
        .filter(|d| d.code == "non-diagnostic")
        .filter_map(|d| d.subject.evidence.clone())
        .collect();
    assert!(noted.is_empty(), "{noted:?}");
}

/// The margin is computed from the log numerators (study-format.md, "The
/// arithmetic"): with 400 items of 19.96 dB each, P(not H | all) underflows
/// to zero, yet the margin is the finite 400 x 10 log10 99 dB, and the
/// posteriors still sum to one.
#[test]
fn margin_stays_finite_when_the_runner_up_underflows() {
    let items = vec![found(0.99, 0.01); 400];
    let (_, analysis) = analyse(&study_text(0.5, &items));
    assert_eq!(analysis.posterior[1], 0.0, "the runner-up underflows");
    assert_eq!(analysis.posterior[0], 1.0);
    let margin = analysis.leader.margin_db;
    assert!(exactly(margin, 400.0 * 10.0 * 99f64.log10()), "{margin}");
    let total: f64 = analysis.items.iter().map(|i| i.weight_db(0, 1)).sum();
    assert!(exactly(margin, total), "{margin} vs {total}");
}
