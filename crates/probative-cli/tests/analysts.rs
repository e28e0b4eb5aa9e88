//! Several analysts through the real binary: `analysts/` read beside the
//! study, `--analyst`, `--analysts none`, `--pool linear`, the Analysts
//! section of every format, and errors located in an analyst's file.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn probative() -> Command {
    let mut cmd = Command::cargo_bin("probative").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/iran-us-detente")
}

fn stdout(args: &[&str]) -> String {
    let out = probative().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout(&all)).unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_example_is_pooled_and_the_report_says_so() {
    let dir = example();
    let report = json(&[path(&dir)]);
    let analysts = &report["analysts"];
    assert_eq!(analysts["pool"], "log");
    let ids: Vec<&str> = analysts["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["archivist", "encoder", "structuralist"]);
    // hypotheses[].posterior is the pooled posterior.
    for h in report["hypotheses"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        assert_eq!(h["posterior"], analysts["pooled"]["posterior"][id], "{id}");
    }
    assert_eq!(analysts["pooled"]["leader"], report["leader"]["id"]);
    // The pooled posterior is the log pool of the members' posteriors.
    let members = analysts["members"].as_array().unwrap();
    let ids: Vec<&str> = report["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let logs: Vec<f64> = ids
        .iter()
        .map(|id| {
            members
                .iter()
                .map(|m| m["weight"].as_f64().unwrap() * m["posterior"][id].as_f64().unwrap().ln())
                .sum()
        })
        .collect();
    let total: f64 = logs.iter().map(|l| l.exp()).sum();
    for (id, l) in ids.iter().zip(&logs) {
        let pooled = analysts["pooled"]["posterior"][id].as_f64().unwrap();
        assert!((l.exp() / total - pooled).abs() < 1e-9, "{id}");
    }
    // Every contention entry adds up: prior gap plus item gaps.
    let contention = analysts["contention"].as_array().unwrap();
    assert!(!contention.is_empty());
    for c in contention {
        let items: f64 = c["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["db"].as_f64().unwrap())
            .sum();
        let total = c["total_db"].as_f64().unwrap();
        assert!((c["prior_db"].as_f64().unwrap() + items - total).abs() < 1e-9);
    }
    // The contestable items the analysts were written for are the locus.
    let named: Vec<&str> = contention
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap())
        .map(|i| i["evidence"].as_str().unwrap())
        .collect();
    assert!(named.contains(&"cn-agencies-support"), "{named:?}");
    assert!(named.contains(&"gv-hawks-oppose"), "{named:?}");
    assert!(
        analysts.get("linear").is_none(),
        "the linear pool only on request"
    );

    let text = stdout(&["report", path(&dir)]);
    assert!(text.contains("ANALYSTS"), "{text}");
    assert!(text.contains("Locus of contention"), "{text}");
    assert!(text.contains("pooled (log)"), "{text}");
    let markdown = stdout(&["report", path(&dir), "--format", "markdown"]);
    assert!(
        markdown
            .lines()
            .any(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == "Analysts"),
        "{markdown}"
    );
    let html = stdout(&["report", path(&dir), "--format", "html"]);
    assert!(html.contains("<section id=\"analysts\""), "html");
    assert!(html.contains("Locus of contention"), "html");
}

#[test]
fn analysts_can_be_chosen_or_ignored() {
    let dir = example();
    let none = json(&[path(&dir), "--analysts", "none"]);
    assert!(none.get("analysts").is_none());
    let pooled = json(&[path(&dir)]);
    assert_ne!(none["hypotheses"], pooled["hypotheses"]);

    let one = json(&[path(&dir), "--analyst", "structuralist"]);
    let members = one["analysts"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    // One analyst alone is their own judgment: the pool is their posterior.
    assert_eq!(one["analysts"]["pooled"]["leader"], members[0]["leader"]);
    let two = json(&[
        path(&dir),
        "--analyst",
        "structuralist",
        "--analyst",
        "archivist",
    ]);
    assert_eq!(two["analysts"]["members"].as_array().unwrap().len(), 2);

    let linear = json(&[path(&dir), "--pool", "linear"]);
    let posterior = linear["analysts"]["linear"]["posterior"]
        .as_object()
        .unwrap();
    let sum: f64 = posterior.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-12);
    assert_eq!(linear["analysts"]["linear"]["externally_bayesian"], false);

    let out = probative()
        .args(["report", path(&dir), "--analyst", "nobody"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no analyst `nobody`"), "{stderr}");
    assert!(stderr.contains("`archivist`"), "{stderr}");
    probative()
        .args([
            "report",
            path(&dir),
            "--analyst",
            "archivist",
            "--analysts",
            "none",
        ])
        .assert()
        .code(2);
}

#[test]
fn the_bundled_example_has_its_analysts_and_writes_them_out() {
    let text = stdout(&[]);
    assert!(text.contains("ANALYSTS"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("study");
    stdout(&["example", path(&target)]);
    for id in ["archivist", "encoder", "structuralist"] {
        assert!(target.join(format!("analysts/{id}.toml")).is_file(), "{id}");
    }
    assert_eq!(
        json(&[path(&target)])["analysts"],
        json(&[path(&example())])["analysts"]
    );
}

/// A study of the small fixture with analysts' files written by the test.
fn with_analysts(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../probative-render/tests/fixtures/small");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("analysts")).unwrap();
    for (id, text) in files {
        std::fs::write(dir.path().join(format!("analysts/{id}.toml")), text).unwrap();
    }
    dir
}

#[test]
fn errors_in_an_analyst_file_are_located_in_it() {
    let dir = with_analysts(&[
        ("good", "[analyst]\nname = \"Good\"\n"),
        (
            "bad",
            "[analyst]\nname = \"Bad\"\nwieght = 2\n\n[priors]\nnobody = 1\n",
        ),
    ]);
    let out = probative()
        .args(["check", path(dir.path())])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("analysts/bad.toml:3:1"), "{stderr}");
    assert!(
        stderr.contains("wieght = 2"),
        "the offending line: {stderr}"
    );
    assert!(stderr.contains("did you mean `weight`?"), "{stderr}");
    assert!(stderr.contains("analysts/bad.toml:6:1"), "{stderr}");
    assert!(stderr.contains("unknown-reference"), "{stderr}");

    let out = probative()
        .args(["report", path(dir.path())])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no report was written"), "{stderr}");

    let out = probative()
        .args(["check", path(dir.path()), "--format", "json"])
        .assert()
        .code(1);
    let check: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let lints = check["lints"].as_array().unwrap();
    assert!(
        lints
            .iter()
            .any(|l| l["code"] == "unknown-field" && l["analyst"] == "bad" && l["line"] == 3)
    );

    // The same study is fine without the bad file.
    probative()
        .args(["check", path(dir.path()), "--analyst", "good"])
        .assert()
        .success();
    probative()
        .args(["check", path(dir.path()), "--analysts", "none"])
        .assert()
        .success();
}

#[test]
fn panel_lints_reach_check() {
    let dir = with_analysts(&[("a", ""), ("b", "")]);
    let out = probative()
        .args(["check", path(dir.path())])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("unanimous-panel"), "{stderr}");
}
