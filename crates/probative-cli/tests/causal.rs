//! `probative causal`: the real binary on the bundled causal model and on
//! small models written for each concern.

use assert_cmd::Command;
use std::path::PathBuf;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal/model.toml")
}

fn probative() -> Command {
    Command::new(env!("CARGO_BIN_EXE_probative"))
}

fn stdout(args: &[&str]) -> String {
    let output = probative().args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

fn write_model(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("model.toml");
    std::fs::write(&path, text).expect("writes");
    path.display().to_string()
}

#[test]
fn json_report_of_the_bundled_model() {
    let model = example().display().to_string();
    let json = stdout(&["causal", &model, "--format", "json", "--draws", "400"]);
    assert!(
        json.contains("\"schema\": \"probative-causal/1\""),
        "{json}"
    );
    assert!(json.contains("\"parameters\": 8"));
    assert!(json.contains("\"causal_types\": 18"));
    assert!(json.contains("\"method\": \"gibbs-data-augmentation\""));
    assert!(json.contains("\"draws\": 400"));
    // The exact probability of causation at flat parameters (Case 1 of the reference).
    assert!(
        json.contains(
            "\"mean\": 0.2,\n      \"sd\": null,\n      \"interval\": null,\n      \"mc_se\": null"
        ),
        "{json}"
    );
}

#[test]
fn the_same_seed_gives_the_same_numbers() {
    let model = example().display().to_string();
    let args = [
        "causal", &model, "--format", "json", "--draws", "200", "--seed", "7",
    ];
    assert_eq!(stdout(&args), stdout(&args));
}

#[test]
fn text_report_ranks_clues() {
    let model = example().display().to_string();
    let text = stdout(&["causal", &model, "--draws", "200", "--clues", "X==1 & Y==1"]);
    assert!(text.contains("Clues for PC"), "{text}");
    assert!(text.contains("E[post var]"));
    assert!(text.contains("decreasing(X, M): removes M.10"));
}

#[test]
fn a_given_nothing_satisfies_gives_null_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(
        &dir,
        "[model]\ndag = \"X -> Y\"\n[[query]]\nname = \"none\"\nquery = \"Y == 1\"\ngiven = \"X==1 & X==0\"\n",
    );
    let json = stdout(&["causal", &model, "--format", "json"]);
    assert!(json.contains("\"mean\": null"), "{json}");
    assert!(json.contains("no causal type satisfies the given"));
}

#[test]
fn a_bad_query_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(
        &dir,
        "[model]\ndag = \"X -> Y\"\n[[query]]\nname = \"bad\"\nquery = \"Y[X=1] > > Y[X=0]\"\n",
    );
    let output = probative().args(["causal", &model]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Placed in the file: column 10 of the query string is column 19 of line 5.
    assert!(stderr.contains("line 5, column 19"), "{stderr}");
    assert!(
        stderr.contains("  query = \"Y[X=1] > > Y[X=0]\"\n                    ^"),
        "{stderr}"
    );
}

#[test]
fn a_cycle_is_an_error_and_a_missing_file_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = write_model(&dir, "[model]\ndag = \"X -> Y -> X\"\n");
    let output = probative().args(["causal", &model]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cycle"));
    let output = probative()
        .args(["causal", "no/such/model.toml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}
