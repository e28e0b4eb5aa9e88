//! `--without SPEC` on `report` and `check`: evidence dropped before the
//! analysis (by id, source, case or tag), its dependents with it, what was
//! dropped said at the top, and a spec that names nothing a usage error.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn probative() -> Command {
    let mut cmd = Command::cargo_bin("probative").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The format 1.1 fixture: `pundit` depends on `minutes`, is tagged
/// `commentary` and reached its source through `press2011`.
fn study() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../probative/tests/fixtures/valid/format-1.1.toml")
}

fn json_without(specs: &[&str]) -> Value {
    let mut cmd = probative();
    cmd.arg("report").arg(study()).args(["--format", "json"]);
    for spec in specs {
        cmd.args(["--without", spec]);
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

fn evidence_ids(report: &Value) -> Vec<&str> {
    report["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect()
}

#[test]
fn dependents_go_with_the_item_they_depend_on() {
    let report = json_without(&["minutes"]);
    assert_eq!(evidence_ids(&report), ["denial"]);
    let without = &report["study"]["without"];
    assert_eq!(without["specs"], serde_json::json!(["minutes"]));
    assert_eq!(without["removed"], serde_json::json!(["minutes", "pundit"]));
    assert_eq!(without["dependents"], 1);
    // The whole study has no `without`.
    let whole = json_without(&[]);
    assert!(whole["study"].get("without").is_none());
    assert_eq!(evidence_ids(&whole), ["minutes", "pundit", "denial"]);
}

#[test]
fn sources_cases_and_tags_select_items() {
    // `pundit` reached its source through `press2011` (`via`).
    assert_eq!(
        evidence_ids(&json_without(&["source:press2011"])),
        ["minutes", "denial"]
    );
    assert_eq!(
        evidence_ids(&json_without(&["tag:commentary"])),
        ["minutes", "denial"]
    );
    assert!(evidence_ids(&json_without(&["case:reform2011"])).is_empty());
    let both = json_without(&["tag:commentary", "denial"]);
    assert_eq!(evidence_ids(&both), ["minutes"]);
    assert_eq!(
        both["study"]["without"]["specs"],
        serde_json::json!(["tag:commentary", "denial"])
    );
}

#[test]
fn the_text_report_says_first_what_was_dropped() {
    let out = probative()
        .arg("report")
        .arg(study())
        .args(["--without", "minutes"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let what_if = text.find("What if:").unwrap_or_else(|| panic!("{text}"));
    assert!(what_if < text.find("VERDICT").unwrap(), "{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "leaves out `minutes`: 2 evidence items removed (1 of them because it depends on a removed item): `minutes` and `pundit`."
        ),
        "{text}"
    );
}

#[test]
fn check_lints_the_study_without_the_items() {
    let lints_on = |specs: &[&str]| -> Vec<String> {
        let mut cmd = probative();
        cmd.arg("check").arg(study()).args(["--format", "json"]);
        for spec in specs {
            cmd.args(["--without", spec]);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let json: Value = serde_json::from_slice(&out).unwrap();
        json["lints"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["evidence"].as_str().map(str::to_owned))
            .collect()
    };
    let whole = lints_on(&[]);
    assert!(whole.iter().any(|e| e == "pundit"), "{whole:?}");
    assert!(whole.iter().any(|e| e == "minutes"), "{whole:?}");
    // `pundit` goes with `minutes`, and so do the lints about both.
    let without = lints_on(&["minutes"]);
    assert_eq!(without, ["denial"]);
}

#[test]
fn a_spec_that_names_nothing_is_a_usage_error() {
    for (command, spec, says) in [
        ("report", "minuts", "did you mean `minutes`?"),
        ("check", "minuts", "did you mean `minutes`?"),
        ("report", "sorce:press2011", "did you mean `source:`?"),
        ("report", "source:press2101", "did you mean `press2011`?"),
        ("check", "case:reform2101", "did you mean `reform2011`?"),
        ("report", "tag:", "names nothing"),
    ] {
        let assert = probative()
            .arg(command)
            .arg(study())
            .args(["--without", spec])
            .assert()
            .code(2);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(
            stderr.contains(says),
            "{command} --without {spec}: {stderr}"
        );
        assert!(assert.get_output().stdout.is_empty());
    }
}

/// The HTML page says what was dropped too, and every format names the
/// catch-all hypothesis as none of the above.
#[test]
fn the_html_page_says_what_was_dropped_and_names_the_catch_all() {
    let run = |args: &[&str]| -> String {
        let out = probative()
            .arg("report")
            .arg(study())
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let html = run(&["--format", "html", "--without", "tag:commentary"]);
    assert!(html.contains("<strong>What if: </strong>"), "{html}");
    assert!(html.contains("none of the above"), "{html}");
    let whole = run(&["--format", "html"]);
    assert!(!whole.contains("What if:"));
    let text = run(&[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("relative to the 3 hypotheses the study states, with `other` standing for none of the above"),
        "{text}"
    );
}
