//! A study built on a causal model (format 1.2), through the real binary:
//! its posterior is `probative causal`'s case-level posterior for the same
//! query, given and clue, exactly; the bundled example gives the
//! CausalQueries guide's published values; bad statements are located
//! errors; and `-o` never writes over the model.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;

const CHAIN: &str = r#"[model]
dag = "X -> M -> Y"
restrict = ["decreasing(X, M)", "decreasing(M, Y)"]

[[query]]
name = "caused"
query = "Y[X=1] > Y[X=0]"
given = ["X==1 & Y==1 & M==1", "X==1 & Y==1 & M==0"]
using = ["priors", "parameters"]
case_level = true
"#;

/// Point parameters that are not the prior mean, so that the two points
/// give different numbers.
const PARAMETERS: &str = r#"
[parameters]
X = { "0" = 0.3, "1" = 0.7 }
M = { "00" = 0.2, "01" = 0.5, "11" = 0.3 }
Y = { "00" = 0.1, "01" = 0.6, "11" = 0.3 }
"#;

fn study(clue: &str, observed: bool) -> String {
    format!(
        r#"[study]
title = "Did X cause Y?"
model = "model.toml"

[[hypothesis]]
id = "caused"
title = "X caused Y"
query = "Y[X=1] > Y[X=0]"

[[hypothesis]]
id = "not"
title = "X did not cause Y"
query = "!(Y[X=1] > Y[X=0])"

[[case]]
id = "unit"
title = "The case"
given = "X==1 & Y==1"

[[evidence]]
id = "m"
case = "unit"
claim = "M was seen"
observed = {observed}
likelihood = {{ clue = "{clue}" }}
"#
    )
}

fn folder(model: &str, study: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.toml"), model).unwrap();
    std::fs::write(dir.path().join("study.toml"), study).unwrap();
    dir
}

fn probative(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn json(args: &[&str], dir: &Path) -> Value {
    let out = probative(args, dir);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// 1e-9 relative, 1e-12 absolute near zero: "exactly" in the format.
fn assert_exact(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-12 || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()),
        "{what}: {a} against {b}"
    );
}

fn posterior(report: &Value, id: &str) -> f64 {
    report["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id)
        .unwrap()["posterior"]
        .as_f64()
        .unwrap()
}

/// The study's posterior of "X caused Y" against `probative causal`'s, for
/// the clue found and not found, at the prior mean and at the parameters.
#[test]
fn the_study_posterior_is_probative_causals_case_level_posterior() {
    for (model, using) in [
        (CHAIN.to_owned(), "priors"),
        (format!("{CHAIN}{PARAMETERS}"), "parameters"),
    ] {
        let causal = json(
            &[
                "causal",
                "model.toml",
                "--clues",
                "X==1 & Y==1",
                "-f",
                "json",
            ],
            folder(&model, &study("M==1", true)).path(),
        );
        let ranking = causal["clues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["query"] == "caused" && r["using"] == using)
            .unwrap();
        let m = ranking["clues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["node"] == "M")
            .unwrap();
        let result = |given: &str| {
            causal["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["given"] == given && r["using"] == using)
                .unwrap()["mean"]
                .as_f64()
                .unwrap()
        };
        for (observed, clue_key, given) in [
            (true, "posterior_if_clue_1", "X==1 & Y==1 & M==1"),
            (false, "posterior_if_clue_0", "X==1 & Y==1 & M==0"),
        ] {
            let dir = folder(&model, &study("M==1", observed));
            let report = json(&["report", "-f", "json"], dir.path());
            let ours = posterior(&report, "caused");
            let what = format!("{using}, M observed {observed}");
            assert_exact(ours, m[clue_key].as_f64().unwrap(), &what);
            assert_exact(ours, result(given), &what);
            assert_exact(
                posterior(&report, "not"),
                1.0 - result(given),
                &format!("{what}, the negation"),
            );
            // The prior is P(query | given), as `probative causal` gives it.
            let prior = report["hypotheses"][0]["prior"].as_f64().unwrap();
            assert_exact(prior, ranking["prior"].as_f64().unwrap(), &what);
            // The report says where the likelihoods came from.
            let from = &report["causal_model"];
            assert_eq!(from["using"], using, "{what}");
            assert_eq!(
                report["evidence"][0]["likelihood_from_model"]["formula"],
                "P(M==1 | X==1 & Y==1, H)"
            );
        }
        // The two points differ, so the test tells them apart.
        assert!(ranking["prior"].as_f64().unwrap() > 0.0);
    }
}

/// The bundled example: the guide's model, two clues in one case. The
/// guide publishes 0.4384 before any clue and 0.667 once M = 0 and P = 0
/// are seen; the second clue is judged given the first (`depends_on`), so
/// the product is the model's joint probability.
#[test]
fn the_example_gives_the_guides_published_values() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let report = json(&["report", "-f", "json"], &dir);
    let prior = report["hypotheses"][0]["prior"].as_f64().unwrap();
    assert!((prior - 0.4384).abs() < 0.5e-4, "{prior}");
    assert!((posterior(&report, "equality") - 0.667).abs() < 0.5e-3);
    let causal = json(&["causal", "model.toml", "-f", "json"], &dir);
    let joint = causal["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["given"] == "I==0 & D==1 & M==0 & P==0")
        .unwrap()["mean"]
        .as_f64()
        .unwrap();
    assert_exact(posterior(&report, "equality"), joint, "both clues");
    assert_eq!(report["causal_model"]["using"], "priors");
}

/// What a reader of the example sees, pinned: the Causal model section
/// names the model, the parameter point and each likelihood it gave.
#[test]
fn the_text_report_of_the_causal_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["report", "--width", "100"])
        .env("NO_COLOR", "1")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("taken at the prior mean (priors)"), "{text}");
    insta::assert_snapshot!(text);
}

fn check_fails(study: &str) -> String {
    let dir = folder(CHAIN, study);
    let out = probative(&["check", "study.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{study}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_bad_query_is_located_in_it() {
    let text = study("M==1", true).replace(
        "query = \"Y[X=1] > Y[X=0]\"",
        "query = \"Y[X=1] > Y[X=0] &\"",
    );
    let err = check_fails(&text);
    assert!(err.contains("error[causal-model]"), "{err}");
    assert!(err.contains("this query"), "{err}");
    assert!(err.contains("study.toml:8:"), "{err}");
}

#[test]
fn an_unknown_node_is_located_and_the_nodes_are_listed() {
    let err = check_fails(&study("K==1", true));
    assert!(err.contains("K is not a node of the model"), "{err}");
    // `likelihood = { clue = "K==1" }` is line 25; K is its column 24.
    assert!(err.contains("study.toml:25:24"), "{err}");
    assert!(err.contains("the nodes are X, M, Y"), "{err}");
}

#[test]
fn hypotheses_that_are_not_exhaustive_are_an_error_naming_the_case() {
    let text = study("M==1", true).replace("!(Y[X=1] > Y[X=0])", "Y[X=1] < Y[X=0]");
    let err = check_fails(&text);
    assert!(
        err.contains("the hypotheses are not exhaustive in case `unit`"),
        "{err}"
    );
    // At the case's given, and nothing else: no prior or likelihood of
    // hypotheses that are not rivals.
    assert!(err.contains("study.toml:18:9"), "{err}");
    assert_eq!(err.matches("error[").count(), 1, "{err}");
}

#[test]
fn overlapping_hypotheses_are_an_error() {
    let text = study("M==1", true).replace("!(Y[X=1] > Y[X=0])", "Y==1");
    let err = check_fails(&text);
    assert!(
        err.contains("hypotheses `caused` and `not` are not mutually exclusive in case `unit`"),
        "{err}"
    );
}

#[test]
fn a_clue_with_an_intervention_is_an_error() {
    let err = check_fails(&study("M[X=1]==1", true));
    assert!(err.contains("a clue is what is observed"), "{err}");
}

#[test]
fn a_missing_model_file_is_an_error_at_the_model_key() {
    let dir = folder(
        CHAIN,
        &study("M==1", true).replace("model.toml", "absent.toml"),
    );
    let out = probative(&["check", "study.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot read the causal model `absent.toml`"),
        "{err}"
    );
    assert!(err.contains("study.toml:3:"), "{err}");
}

#[test]
fn the_report_is_never_written_over_the_model() {
    let dir = folder(CHAIN, &study("M==1", true));
    let out = probative(&["report", "study.toml", "-o", "model.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("model.toml")).unwrap(),
        CHAIN
    );
}

/// Two cases of the chain, each with its own given and clue item.
fn two_cases(priors: bool, second_case: &str) -> String {
    let prior = |p: &str| {
        if priors {
            format!("prior = {p}\n")
        } else {
            String::new()
        }
    };
    format!(
        r#"[study]
title = "Did X cause Y?"
model = "model.toml"

[[hypothesis]]
id = "caused"
title = "X caused Y"
query = "Y[X=1] > Y[X=0]"
{}
[[hypothesis]]
id = "not"
title = "X did not cause Y"
query = "!(Y[X=1] > Y[X=0])"
{}
[[case]]
id = "a"
title = "A"
given = "X==1 & Y==1"

[[case]]
id = "b"
title = "B"
given = "X==1"

[[evidence]]
id = "ma"
case = "a"
claim = "M in A"
likelihood = {{ clue = "M==1" }}

[[evidence]]
id = "mb"
{second_case}claim = "M in B"
likelihood = {{ clue = "M==1" }}
"#,
        prior("0.5"),
        prior("0.5")
    )
}

#[test]
fn priors_from_the_model_need_a_study_of_one_case() {
    let err = check_fails(&two_cases(false, "case = \"b\"\n"));
    assert!(
        err.contains("priors from a causal model need a study of one case"),
        "{err}"
    );
    // At the second case's table.
    assert!(err.contains("study.toml:20:1"), "{err}");
}

#[test]
fn with_written_priors_each_case_takes_its_own_given() {
    let dir = folder(CHAIN, &two_cases(true, "case = \"b\"\n"));
    let report = json(&["report", "-f", "json"], dir.path());
    let evidence = report["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["likelihood_from_model"]["given"], "X==1 & Y==1");
    assert_eq!(evidence[1]["likelihood_from_model"]["given"], "X==1");
    assert_eq!(report["causal_model"]["priors_from_model"], false);
    // The two givens make the clue tell the hypotheses apart differently.
    assert_ne!(evidence[0]["likelihood"], evidence[1]["likelihood"]);
}

#[test]
fn a_clue_in_a_study_of_several_cases_says_which() {
    let err = check_fails(&two_cases(true, ""));
    assert!(
        err.contains("a clue is observed in a case, and this study has several"),
        "{err}"
    );
}

/// A model outside the study's folder may be any file (a CI secret): its
/// errors give where, never what.
#[test]
fn a_foreign_model_file_is_never_quoted() {
    let secrets = tempfile::tempdir().unwrap();
    let secret = secrets.path().join("token.txt");
    std::fs::write(&secret, "ghp_SECRET_TOKEN_1234\n").unwrap();
    let path = secret.display().to_string();
    let dir = folder(CHAIN, &study("M==1", true).replace("model.toml", &path));
    let out = probative(&["check", "study.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("model error at line 1"), "{err}");
    assert!(!err.contains("SECRET"), "{err}");
    // Inside the folder, the same file's error says what is wrong.
    std::fs::copy(&secret, dir.path().join("token.txt")).unwrap();
    std::fs::write(
        dir.path().join("study.toml"),
        study("M==1", true).replace("model.toml", "token.txt"),
    )
    .unwrap();
    let out = probative(&["check", "study.toml"], dir.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not valid TOML"), "{err}");
}

/// With analysts, the report is the pool: a likelihood or prior an analyst
/// judged otherwise is no longer the model's, and the report does not say
/// it is.
#[test]
fn what_analysts_judge_otherwise_is_not_called_the_models() {
    let dir = folder(CHAIN, &study("M==1", true));
    std::fs::create_dir(dir.path().join("analysts")).unwrap();
    std::fs::write(
        dir.path().join("analysts/sceptic.toml"),
        "[analyst]\nname = \"Sceptic\"\n\n[[judgment]]\nevidence = \"m\"\nlikelihood = { caused = 0.5 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("analysts/modeller.toml"),
        "[analyst]\nname = \"Modeller\"\n",
    )
    .unwrap();
    let report = json(&["report", "-f", "json"], dir.path());
    assert!(report["analysts"].is_object(), "the pool is in use");
    assert!(
        report["evidence"][0].get("likelihood_from_model").is_none(),
        "{}",
        report["evidence"][0]
    );
    // Neither analyst gave priors: the pool keeps the model's.
    assert_eq!(report["causal_model"]["priors_from_model"], true);
    // Without the analyst who differs, the item is the model's again.
    let alone = json(&["report", "-f", "json", "--analysts", "none"], dir.path());
    assert!(alone["evidence"][0]["likelihood_from_model"].is_object());
    // What was written says so: the model, not a number typed by hand.
    assert!(
        alone["evidence"][0]["likelihood_written"]
            .as_object()
            .unwrap()
            .values()
            .all(|w| w == "model"),
        "{}",
        alone["evidence"][0]
    );
    assert!(
        report["evidence"][0]["likelihood_written"]
            .as_object()
            .unwrap()
            .values()
            .all(|w| w != "model"),
        "{}",
        report["evidence"][0]
    );
}

/// Every report marks what came from the model: the Markdown appendix and
/// the HTML page (escaped) as the text report does.
#[test]
fn markdown_and_html_mark_the_models_likelihoods() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let run = |format: &str| {
        let out = probative(&["report", "-f", format], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let markdown = run("markdown");
    assert!(markdown.contains("# Causal model"), "{markdown}");
    assert!(markdown.contains("taken at the prior mean"));
    assert!(markdown.contains("from the model, P(M==1 \\| I==0 & D==1, H)"));
    let html = run("html");
    assert!(html.contains("<section id=\"causal\""));
    assert!(
        html.contains("<a href=\"#causal\">Causal model</a>"),
        "in the contents"
    );
    assert!(html.contains("<code>P(P==1 | I==0 &amp; D==1 &amp; !(M==1), H)</code>"));
    assert!(!html.contains("I==0 & D==1"), "study text is escaped");
}

/// `probative serve` reads the model a study names, as `report` does: the
/// live report is the model-built one.
#[test]
fn serve_reads_the_model_the_study_names() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let dir = tempfile::tempdir().unwrap();
    for file in ["study.toml", "model.toml"] {
        std::fs::copy(example.join(file), dir.path().join(file)).unwrap();
    }
    let server = common::Server::start(dir.path());
    let report = server.get("/api/report");
    assert_eq!(report.status, 200);
    let report: Value = serde_json::from_str(&report.body).unwrap();
    assert_eq!(report["causal_model"]["using"], "priors");
    assert!((posterior(&report, "equality") - 0.667).abs() < 0.5e-3);

    // An edit of the model is a new version, analysed: without the
    // restrictions, the prior of "low inequality caused it" changes.
    let first = server.version();
    let model = std::fs::read_to_string(dir.path().join("model.toml")).unwrap();
    let unrestricted = model.replace("restrict = [", "xrestrict = [").replace(
        "xrestrict = [\n    \"(M[I=1] < M[I=0])\",\n    \"(D[I=1] > D[I=0]) | (D[M=1] < D[M=0]) | (D[P=1] < D[P=0])\",\n]\n",
        "",
    );
    assert_ne!(unrestricted, model);
    std::fs::write(dir.path().join("model.toml"), &unrestricted).unwrap();
    server.wait_for(|s| s["version"] != first.as_str() && s["errors"] == 0);
    let report: Value = serde_json::from_str(&server.get("/api/report").body).unwrap();
    let prior = report["hypotheses"][0]["prior"].as_f64().unwrap();
    assert!((prior - 0.4384).abs() > 0.01, "{prior}");
}

/// The model's data are inputs too: `probative serve` follows an edit of
/// the data file a model names, and the live report moves with it.
#[test]
fn serve_follows_the_models_data() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example.join("study.toml"), dir.path().join("study.toml")).unwrap();
    let model = std::fs::read_to_string(example.join("model.toml")).unwrap();
    std::fs::write(
        dir.path().join("model.toml"),
        format!("{model}\n[data]\nfile = \"cases.csv\"\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("cases.csv"), "I,M,P,D\n0,0,0,1\n").unwrap();
    let server = common::Server::start(dir.path());
    let first = server.version();
    let before: Value = serde_json::from_str(&server.get("/api/report").body).unwrap();
    assert_eq!(
        before["causal_model"]["using"], "posteriors",
        "{}",
        before["causal_model"]
    );

    std::fs::write(dir.path().join("cases.csv"), "I,M,P,D\n0,0,1,1\n").unwrap();
    server.wait_for(|s| s["version"] != first.as_str() && s["errors"] == 0);
    let after: Value = serde_json::from_str(&server.get("/api/report").body).unwrap();
    let (p0, p1) = (
        before["hypotheses"][0]["prior"].as_f64().unwrap(),
        after["hypotheses"][0]["prior"].as_f64().unwrap(),
    );
    assert!((p0 - p1).abs() > 1e-6, "the prior stayed at {p0}");
}

/// A report made from a model names it among its inputs: the checksum is
/// that of the study, then the model (`cat study.toml model.toml |
/// sha256sum`), and the page says so.
#[test]
fn the_checksum_covers_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal-study");
    let html = probative(&["report", "-f", "html"], &dir);
    assert!(html.status.success());
    let html = String::from_utf8(html.stdout).unwrap();
    let sum = Command::new("sh")
        .args(["-c", "cat study.toml model.toml | sha256sum"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let sum = String::from_utf8(sum.stdout).unwrap();
    let sum = sum.split_whitespace().next().unwrap();
    assert!(html.contains(&format!("sha256:{sum}")), "{sum}");
    assert!(html.contains("then the causal model's and its data's"));
}
