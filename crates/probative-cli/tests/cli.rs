//! The `probative` command as a user runs it: commands, formats, files and
//! exit codes (0 success, 1 the study has errors, 2 usage errors), as
//! `report-json.md` defines them.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn probative() -> Command {
    let mut cmd = Command::cargo_bin("probative").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A small valid study with one warning and a bibliography.
fn small_study() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../probative-render/tests/fixtures/small/study.toml")
}

/// A study with several reading errors.
fn broken_study() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../probative/tests/fixtures/errors/several-problems.toml")
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn no_arguments_print_the_bundled_example() {
    let out = stdout_of(&mut probative());
    assert!(out.contains("Iran–US détente"), "{out}");
    assert!(out.contains("VERDICT"), "{out}");
}

#[test]
fn report_in_each_format() {
    let text = stdout_of(
        probative()
            .arg("report")
            .arg(small_study())
            .args(["--format", "text"]),
    );
    assert!(
        text.contains("Why was the 2011 pension reform withdrawn?"),
        "{text}"
    );
    assert!(text.contains("VERDICT"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");

    let markdown = stdout_of(
        probative()
            .arg("report")
            .arg(small_study())
            .args(["--format", "markdown"]),
    );
    assert!(
        markdown.starts_with("---\ntitle: 'Why was the 2011 pension reform withdrawn?'\n"),
        "{markdown}"
    );
    assert!(markdown.contains("\n# Verdict\n"), "{markdown}");

    let json = stdout_of(
        probative()
            .arg("report")
            .arg(small_study())
            .args(["--format", "json"]),
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], "probative-report/1");
    assert_eq!(value["study"]["focus"], "protest");
    assert_eq!(value["hypotheses"].as_array().unwrap().len(), 2);
    assert_eq!(value["leader"]["id"], "protest");
}

#[test]
fn report_of_a_folder_reads_its_study_toml() {
    let dir = small_study().parent().unwrap().to_path_buf();
    let from_dir = stdout_of(
        probative()
            .arg("report")
            .arg(dir)
            .args(["--format", "json"]),
    );
    let from_file = stdout_of(
        probative()
            .arg("report")
            .arg(small_study())
            .args(["--format", "json"]),
    );
    assert_eq!(from_dir, from_file);
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    probative()
        .arg("report")
        .arg(small_study())
        .args(["--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    let printed = stdout_of(
        probative()
            .arg("report")
            .arg(small_study())
            .args(["--format", "json"]),
    );
    assert_eq!(written, printed);
}

#[test]
fn output_file_is_not_written_when_the_study_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("report.md");
    probative()
        .arg("report")
        .arg(broken_study())
        .args(["--format", "markdown", "-o"])
        .arg(&fresh)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    assert!(
        !fresh.exists(),
        "nothing may be written for a study with errors"
    );

    // An existing file is left as it was.
    let existing = dir.path().join("old.md");
    std::fs::write(&existing, "the previous report\n").unwrap();
    probative()
        .arg("report")
        .arg(broken_study())
        .arg("-o")
        .arg(&existing)
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "the previous report\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left behind"
    );
}

#[test]
fn check_exit_codes() {
    // Warnings alone do not fail a run...
    probative().arg("check").arg(small_study()).assert().code(0);
    // ...unless they are denied.
    probative()
        .arg("check")
        .arg(small_study())
        .args(["--deny", "warnings"])
        .assert()
        .code(1);
    // Errors always fail it.
    probative()
        .arg("check")
        .arg(broken_study())
        .assert()
        .code(1);
}

#[test]
fn diagnostics_point_to_file_line_and_column() {
    let assert = probative()
        .arg("check")
        .arg(broken_study())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    // `focus = "protests"` is line 5; the value starts in column 9.
    assert!(stderr.contains("several-problems.toml:5:9"), "{stderr}");
    assert!(
        stderr.contains("focus = \"protests\""),
        "the offending line is shown: {stderr}"
    );
    assert!(stderr.contains("did you mean `protest`?"), "{stderr}");

    let assert = probative()
        .arg("report")
        .arg(broken_study())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("several-problems.toml:18:8"), "{stderr}");
}

#[test]
fn check_json_even_when_the_file_is_not_toml() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("binary.toml", &[0xff_u8, 0xfe, 0x00, 0x9f, 0x92, 0x96][..]),
        ("prose.toml", b"This is a letter, not a study.\n"),
        ("empty.toml", b""),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let assert = probative()
            .arg("check")
            .arg(&path)
            .args(["--format", "json"])
            .assert()
            .code(1);
        let value: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
        assert_eq!(value["schema"], "probative-check/1", "{name}");
        let lints = value["lints"].as_array().unwrap();
        assert!(
            lints.iter().any(|l| l["severity"] == "error"),
            "{name}: {value}"
        );
    }
}

#[test]
fn check_json_lists_every_lint() {
    let assert = probative()
        .arg("check")
        .arg(broken_study())
        .args(["--format", "json"])
        .assert()
        .code(1);
    let value: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let lines: Vec<u64> = value["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [5, 6, 18, 24, 25, 28, 30], "{value}");
}

#[test]
fn explain_a_lint() {
    probative()
        .args(["explain", "declared-test-mismatch"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("What it does")
                .and(predicate::str::contains("Why is this bad?"))
                .and(predicate::str::contains("Example"))
                .and(predicate::str::contains("References")),
        );
}

#[test]
fn explain_an_unknown_code_lists_the_known_ones() {
    probative()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("declared-test-mismatch")
                .and(predicate::str::contains("fragile-conclusion")),
        );
}

#[test]
fn usage_errors_exit_2() {
    let missing = tempfile::tempdir()
        .unwrap()
        .path()
        .join("no-such-study.toml");
    probative().arg("check").arg(&missing).assert().code(2);
    probative().arg("report").arg(&missing).assert().code(2);
    probative()
        .args(["report", "--no-such-flag"])
        .assert()
        .code(2);
    probative()
        .arg("check")
        .arg(small_study())
        .args(["--format", "yaml"])
        .assert()
        .code(2);
    // A folder without a study.toml.
    let empty = tempfile::tempdir().unwrap();
    probative().arg("check").arg(empty.path()).assert().code(2);
}

#[test]
fn example_then_check_and_no_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("start");
    probative().arg("example").arg(&target).assert().success();
    assert!(target.join("study.toml").is_file() && target.join("references.bib").is_file());
    probative().arg("check").arg(&target).assert().code(0);
    probative()
        .arg("report")
        .arg(&target)
        .args(["--format", "json"])
        .assert()
        .success();

    let before = std::fs::read(target.join("study.toml")).unwrap();
    std::fs::write(target.join("study.toml"), b"# my own work\n").unwrap();
    probative().arg("example").arg(&target).assert().code(2);
    assert_eq!(
        std::fs::read(target.join("study.toml")).unwrap(),
        b"# my own work\n"
    );
    assert!(!before.is_empty());
}

/// An error in the bibliography points into the bibliography file, with its
/// line shown, even though the bibliography could not be read as one.
#[test]
fn bibliography_errors_point_into_the_bibliography() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(small_study(), dir.path().join("study.toml")).unwrap();
    std::fs::write(
        dir.path().join("references.bib"),
        "@book{keller2014,\n  author = {Keller, Anna},\n  title = {Pensions and Protest,\n  date = {2014},\n}\n",
    )
    .unwrap();
    let assert = probative().arg("check").arg(dir.path()).assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("error[bibliography]"), "{stderr}");
    assert!(
        stderr.contains("references.bib:"),
        "the error names the file and line: {stderr}"
    );
    probative()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("references.bib:"));
}

/// A lint about a bibliography entry has no line; it names the file and the
/// entry instead.
#[test]
fn lints_about_the_bibliography_name_its_file() {
    let study = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../probative/tests/fixtures/lints/uncited-source/fires.toml");
    let check = probative()
        .arg("check")
        .arg(&study)
        .args(["--format", "json"])
        .assert()
        .code(0);
    let report = probative()
        .arg("report")
        .arg(&study)
        .args(["--format", "json"])
        .assert()
        .code(0);
    for output in [check.get_output(), report.get_output()] {
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let lint = value["lints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == "uncited-source")
            .unwrap();
        assert_eq!(lint["file"], "references.bib", "{lint}");
        assert_eq!(lint["source"], "ortega2012", "{lint}");
        assert!(lint.get("line").is_none(), "{lint}");
    }
}
