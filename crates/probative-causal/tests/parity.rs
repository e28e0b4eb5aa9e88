//! Where probative and CausalQueries 1.4.3 once differed, pinned: unused
//! confounded sets, a `given` restriction that empties a set, R's name
//! order, and the places where CausalQueries departs from its documented
//! semantics and probative follows the documentation. Also the errors a
//! model file gets (every one, placed) and sampled clue numbers with their
//! Monte Carlo error. Expected values are those worked out by hand or run
//! in CausalQueries for the cross-check of the causal engine.

use probative_causal::data::parse_csv;
use probative_causal::estimate::Estimate;
use probative_causal::model::{Using, parse_study_all};
use probative_causal::{Analysis, Options, Study, analyse, parse_study};
use std::fmt::Write as _;

fn study(text: &str) -> Study {
    parse_study(text).unwrap_or_else(|e| panic!("{e}"))
}

fn run(study: &Study, csv: Option<&str>, options: &Options) -> Analysis {
    let data = csv.map(|c| parse_csv(c, &study.model).unwrap_or_else(|e| panic!("{e}")));
    analyse(study, data.as_ref(), options).unwrap_or_else(|e| panic!("{e}"))
}

fn value<'a>(a: &'a Analysis, query: &str, using: Using) -> &'a Estimate {
    a.results
        .iter()
        .find(|r| r.query == query && r.using == using)
        .unwrap_or_else(|| panic!("no result for {query}"))
}

fn close(a: &Analysis, query: &str, expected: f64) {
    let mean = value(a, query, Using::Parameters).mean.unwrap_or(f64::NAN);
    assert!(
        (mean - expected).abs() < 1e-12,
        "{query}: {mean} != {expected}"
    );
}

fn error(text: &str) -> String {
    match parse_study(text) {
        Ok(_) => panic!("expected an error for\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// `make_model("X -> M -> Y; M <-> Y") |> set_restrictions(decreasing("X", "M"))`:
/// CausalQueries keeps 17 parameters in the sets X, M, Y.M.00, Y.M.01,
/// Y.M.11; M's type 10 is gone, so no causal type uses Y.M.10.
#[test]
fn unused_confounded_sets_have_no_parameters() {
    let s = study(
        r#"
[model]
dag = "X -> M -> Y; M <-> Y"
restrict = ["decreasing(X, M)"]
[[query]]
name = "ATE"
query = "Y[X=1] - Y[X=0]"
"#,
    );
    let m = &s.model;
    assert_eq!(m.n_params(), 17);
    let live: Vec<String> = (0..m.sets.len())
        .filter(|&k| !m.sets[k].types.is_empty())
        .map(|k| m.set_name(k))
        .collect();
    assert_eq!(live, ["X", "M", "Y.M.00", "Y.M.01", "Y.M.11"]);
    let a = run(&s, None, &Options::default());
    close(&a, "ATE", 0.0);
}

const DEAD: &str = r#"
[model]
dag = "X -> M -> Y; M <-> Y"
restrict = ["decreasing(X, M)"]
"#;

/// Options naming an unused set are errors that say why (CausalQueries:
/// "not in model parameters", "not part of given").
#[test]
fn options_naming_an_unused_set_are_errors() {
    let alpha = format!(
        "{DEAD}[priors]\n[[priors.alpha]]\nnode = \"Y\"\nnodal_type = \"01\"\ngiven = \"M.10\"\nvalue = 2\n"
    );
    let e = error(&alpha);
    assert!(
        e.contains("Y.M.10") && e.contains("no causal type uses"),
        "{e}"
    );
    assert!(e.contains("line 6"), "{e}");
    let key = format!("{DEAD}[parameters]\nY = {{ \"01_M.10\" = 0.5 }}\n");
    let e = error(&key);
    assert!(
        e.contains("Y.M.10") && e.contains("no causal type uses"),
        "{e}"
    );
    let restriction = DEAD.replace(
        "restrict = [\"decreasing(X, M)\"]",
        "restrict = [\"decreasing(X, M)\", { statement = \"Y.00\", given = \"M.10\" }]",
    );
    let e = error(&restriction);
    assert!(e.contains("unused") && e.contains("M.10"), "{e}");
}

/// A valid CausalQueries model that probative used to refuse: the
/// `[parameters]` of Y fit only the set that causal types use.
/// CausalQueries: Y.X.0 = (.2, .3, .25, .25), PE = 1/4, P(Y=1) = 11/20.
#[test]
fn parameters_fit_the_sets_in_use() {
    let base = r#"
[model]
dag = "X -> Y; X <-> Y"
restrict = [{ statement = "Y.?1", given = "X.1" }, "X.1"]
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
[[query]]
name = "Y"
query = "Y == 1"
"#;
    for parameters in [
        "[parameters]\nY = { \"00\" = 0.2, \"10\" = 0.3 }\n",
        "[parameters]\nY = [0.2, 0.3, 0.25, 0.25]\n",
    ] {
        let s = study(&format!("{base}{parameters}"));
        assert_eq!(s.model.n_params(), 1 + 4, "{parameters}");
        let a = run(&s, None, &Options::default());
        close(&a, "PE", 0.25);
        close(&a, "Y", 0.55);
    }
}

/// Two `given` restrictions that together empty Y's set given X.1: as in
/// CausalQueries, the causal types with X's type 1 vanish (4 causal types)
/// and every value is over the rest: P(X=1) = 0, PE = 1/4, P(Y=1) = 1/2.
/// probative also removes X's type 1, which no causal type can have, so it
/// counts 5 parameters where CausalQueries keeps 6.
#[test]
fn a_given_restriction_may_empty_a_confounded_set() {
    let s = study(
        r#"
[model]
dag = "X -> Y; X <-> Y"
restrict = [{ statement = "Y.0?", given = "X.1" }, { statement = "Y.1?", given = "X.1" }]
[[query]]
name = "X"
query = "X == 1"
using = ["parameters", "priors"]
case_level = true
[[query]]
name = "PE"
query = "Y[X=1] > Y[X=0]"
[[query]]
name = "Y"
query = "Y == 1"
"#,
    );
    assert_eq!(s.model.n_params(), 5);
    assert_eq!(s.model.causal_type_count(), 4);
    assert!(
        s.model.restrictions[1].contains("empties Y.X.1"),
        "{:?}",
        s.model.restrictions
    );
    let a = run(&s, None, &Options::default());
    close(&a, "X", 0.0);
    close(&a, "PE", 0.25);
    close(&a, "Y", 0.5);
    let prior = value(&a, "X", Using::Priors).mean;
    assert_eq!(prior, Some(0.0));
    // Emptying every set of Y is still an error, and it names Y.
    let e = error("[model]\ndag = \"X -> Y; X <-> Y\"\nrestrict = [\"Y.0?\", \"Y.1?\"]\n");
    assert!(e.contains("every nodal type of Y"), "{e}");
}

/// `a -> Y <- B`: R's `order()` under en_US.UTF-8 makes `a` Y's first
/// parent (CausalQueries gives 1); under the C locale `B` (0).
#[test]
fn names_follow_r_collation_and_bytewise_on_request() {
    let model = |order: &str| {
        format!(
            r#"
[model]
dag = "a -> Y <- B"
{order}
[parameters]
Y = {{ "0100" = 1 }}
[[query]]
name = "q"
query = "Y[a=1, B=0] == 1"
"#
        )
    };
    let s = study(&model(""));
    assert_eq!(
        s.model
            .nodes
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>(),
        ["a", "B", "Y"]
    );
    assert!(
        s.model.notes[0].contains("LC_COLLATE=C"),
        "{:?}",
        s.model.notes
    );
    close(&run(&s, None, &Options::default()), "q", 1.0);
    let c = study(&model("name_order = \"bytewise\""));
    assert_eq!(c.model.nodes[0].name, "B");
    close(&run(&c, None, &Options::default()), "q", 0.0);
    let same = study("[model]\ndag = \"X -> Y\"\n");
    assert!(same.model.notes.is_empty());
    let e = error(&model("name_order = \"C\""));
    assert!(e.contains("bytewise") && e.contains("line 4"), "{e}");
}

/// Where CausalQueries 1.4.3 departs from its documented semantics,
/// probative follows the documentation (docs/causal-models.md).
#[test]
fn documented_semantics_where_causal_queries_departs() {
    // Wildcards are found by their whole name, not their last character:
    // CausalQueries expands X1 and Z1 jointly and gives 3/4.
    let s = study(
        r#"
[model]
dag = "X1 -> Y <- Z1"
[[query]]
name = "w"
query = "(Y[X1=., Z1=.] == 1)"
"#,
    );
    close(&run(&s, None, &Options::default()), "w", 15.0 / 16.0);
    // A node named Q: the statement keeps only Q's type 01.
    let s = study("[model]\ndag = \"M -> Q\"\nrestrict = [\"(Q[M=1] <= Q[M=0])\"]\n");
    assert_eq!(s.model.sets[1].types, [2]);
    // X1 and X (X1's type 0 and X's type 10 spell the same "X10" in
    // CausalQueries' parameter matrix, which keeps 80 causal types).
    let s = study("[model]\ndag = \"X1 -> X; K -> W; X1 -> K\"\nrestrict = [\"X1.1\"]\n");
    assert_eq!(s.model.causal_type_count(), 64);
}

/// Every problem of the file at once, each at its line and column, in
/// probative's own words, with the closest key or node suggested.
#[test]
fn every_model_file_error_is_placed() {
    let text = r#"[model]
dag = "X -> M -> Y"
monotne = ["Y"]
[priors]
distribution = "jefreys"
[parameters]
Yy = [0.5, 0.5, 0, 0]
[[query]]
name = "q"
query = "Y == 1"
using = "posterior"
"#;
    let Err(errors) = parse_study_all(text) else {
        panic!("expected errors")
    };
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{shown:#?}");
    assert!(shown[0].contains("line 3, column 1"), "{}", shown[0]);
    assert_eq!(errors[0].help.as_deref(), Some("did you mean monotone?"));
    // With the file's shape right, every problem of meaning is reported.
    let fixed = text.replace("monotne", "monotone");
    let Err(errors) = parse_study_all(&fixed) else {
        panic!("expected errors")
    };
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{shown:#?}");
    assert!(
        shown[0].contains("line 5") && shown[0].contains("did you mean jeffreys?"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].contains("line 7") && shown[1].contains("Yy is not a node"),
        "{}",
        shown[1]
    );
    assert_eq!(errors[1].help.as_deref(), Some("did you mean Y?"));
    assert!(
        shown[2].contains("line 11") && shown[2].contains("did you mean posteriors?"),
        "{}",
        shown[2]
    );
    // No raw parser text: a restriction's error points into the file.
    let e = error("[model]\ndag = \"X -> Y\"\nrestrict = [\"decreasing(X, Z)\"]\n");
    assert!(e.contains("line 3") && e.contains("Z is not a node"), "{e}");
    // A bad query is placed in the file too, at the term in the string.
    let text = "[model]\ndag = \"X -> Y\"\n[[query]]\nname = \"q\"\nquery = \"Y[X=1] == Z\"\n";
    let s = study(text);
    let problems = probative_causal::estimate::check_queries(&s, None);
    assert_eq!(problems.len(), 1);
    let placed = s.place(problems[0].clone(), text).to_string();
    assert!(
        placed.contains("line 5, column 20") && placed.contains('Z'),
        "{placed}"
    );
    let e = error("[model]\ndag = \"X -> Y\"\n[model2]\n");
    assert!(
        e.contains("line 3, column 2") && e.contains("no key model2"),
        "{e}"
    );
}

/// Clue numbers from Gibbs draws carry a Monte Carlo error; exact ones none.
#[test]
fn sampled_clue_numbers_carry_their_mc_se() {
    // Missing M: the posterior is sampled (Gibbs).
    let s = study(
        r#"
[model]
dag = "X -> M -> Y"
restrict = ["decreasing(X, M)", "decreasing(M, Y)"]
[[query]]
name = "PC"
query = "Y[X=1] > Y[X=0]"
using = ["parameters", "posteriors"]
case_level = true
"#,
    );
    let mut csv = String::from("X,M,Y\n");
    for i in 0..40 {
        let m = if i % 3 == 0 { "" } else { "1" };
        let _ = writeln!(csv, "{},{m},{}", i % 2, i % 2);
    }
    let options = Options {
        draws: 2000,
        seed: 3,
        clues: Some("X==1 & Y==1".to_string()),
    };
    let a = run(&s, Some(&csv), &options);
    let sampled = a
        .clues
        .iter()
        .find(|c| c.using == Using::Posteriors)
        .expect("a posterior ranking");
    let se = sampled.prior_mc_se.expect("prior mc_se");
    assert!(se > 0.0 && se < 0.05, "{se}");
    for clue in &sampled.clues {
        let errors = clue.mc_se.expect("sampled numbers have an mc_se");
        assert!(
            errors
                .iter()
                .flatten()
                .all(|e| e.is_finite() && *e >= 0.0 && *e < 0.05),
            "{errors:?}"
        );
        assert!(errors[0].is_some_and(|e| e > 0.0), "{errors:?}");
    }
    let exact = a
        .clues
        .iter()
        .find(|c| c.using == Using::Parameters)
        .expect("a ranking at the parameters");
    assert!(exact.prior_mc_se.is_none());
    assert!(exact.clues.iter().all(|c| c.mc_se.is_none()));
}
