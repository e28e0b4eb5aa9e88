//! The bundled example, as a user first meets it: `probative` with no
//! arguments. Its JSON report is checked against what the encoding of the
//! seed paper promises, and its text report is pinned by a snapshot so that
//! any change to what the showcase says is seen in review.

#![allow(clippy::unwrap_used)]

use std::process::Command;

use serde_json::Value;

fn probative(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "probative {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The bundled example's folder (`report` without STUDY reads the current
/// folder's study, not the example).
fn example_dir() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/iran-us-detente"
    )
    .to_owned()
}

fn json() -> Value {
    serde_json::from_str(&probative(&["report", &example_dir(), "--format", "json"])).unwrap()
}

#[test]
fn the_example_encodes_the_whole_paper() {
    let report = json();
    assert_eq!(report["schema"], "probative-report/1");
    assert!(report["hypotheses"].as_array().unwrap().len() >= 5);

    let cases = report["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5, "four analysed cases and the JCPOA");
    let jcpoa = cases.iter().find(|c| c["id"] == "jcpoa").unwrap();
    assert!(
        jcpoa["evidence"].as_array().unwrap().is_empty(),
        "the JCPOA is announced, not analysed"
    );

    let evidence = report["evidence"].as_array().unwrap();
    assert!(evidence.len() >= 45, "{} evidence items", evidence.len());
    let complete = evidence
        .iter()
        .filter(|e| {
            ["source", "locator", "quote", "rationale"]
                .iter()
                .all(|k| e.get(*k).is_some())
        })
        .count();
    assert!(
        complete * 2 > evidence.len(),
        "only {complete} items carry source, locator, quote and rationale"
    );
    assert!(report["events"].as_array().unwrap().len() >= 30);

    let lints = report["lints"].as_array().unwrap();
    let codes: Vec<&str> = lints.iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"unknown-source"), "a citation dangles");
    assert!(
        lints
            .iter()
            .any(|l| l["code"] == "empty-case" && l["case"] == "jcpoa"),
        "the JCPOA is not flagged"
    );
    assert!(
        codes.contains(&"declared-test-mismatch"),
        "the paper's declared tests are not examined"
    );
    assert!(lints.iter().all(|l| l["severity"] != "error"));
}

#[test]
fn the_declared_tests_are_the_papers_hoops_and_smoking_guns() {
    let report = json();
    let declared: Vec<&Value> = report["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("declared_test").is_some())
        .collect();
    assert!(!declared.is_empty());
    for e in declared {
        assert!(
            ["hoop", "smoking-gun"].contains(&e["declared_test"].as_str().unwrap()),
            "{}",
            e["id"]
        );
        assert_eq!(e["declared_for"], report["study"]["focus"]);
    }
}

#[test]
fn the_example_writes_out_and_checks_clean_of_errors() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("study");
    probative(&["example", target.to_str().unwrap()]);
    for file in ["study.toml", "references.bib", "README.md"] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    let summary = probative(&["check", target.to_str().unwrap()]);
    assert!(summary.contains(" 0 errors"), "{summary}");
}

#[test]
fn the_text_report_of_the_example() {
    insta::assert_snapshot!(probative(&[]));
}

/// A report written with `-o` is an ordinary file: readable by others
/// when new, and keeping the permissions of the file it replaces.
#[cfg(unix)]
#[test]
fn a_written_report_has_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    probative(&[
        "report",
        &example_dir(),
        "-f",
        "markdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o644);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    probative(&[
        "report",
        &example_dir(),
        "-f",
        "markdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(mode(&out), 0o600);
}

/// `check` shows every warning in full, and a note that fires dozens of
/// times once, as a list of where it fired.
#[test]
fn check_groups_frequent_notes_and_shows_warnings_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("study");
    probative(&["example", target.to_str().unwrap()]);
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["check", target.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let grouped: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("note[non-diagnostic]"))
        .collect();
    assert_eq!(grouped.len(), 1, "{stderr}");
    assert!(grouped[0].contains("times"), "{}", grouped[0]);
    assert!(
        stderr.contains("(line 544)"),
        "the grouped line lists where each note fired"
    );
    let warnings = stderr.lines().filter(|l| l.starts_with("warning[")).count();
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(
        summary.contains(&format!(" {warnings} warnings")),
        "{summary}"
    );
}

/// The counter-evidence the paper leaves out is tagged, cited, and changes
/// the verdict: the README shows the verdict with and without it.
#[test]
fn the_omitted_counter_evidence_is_cited_and_changes_the_leader() {
    // The study file's own judgments (the encoder's), as the README reports
    // them; the analysts' pool is tested in `analysts.rs`.
    let all: Value = serde_json::from_str(&probative(&[
        "report",
        &example_dir(),
        "--format",
        "json",
        "--analysts",
        "none",
    ]))
    .unwrap();
    let omitted: Vec<&Value> = all["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "omitted-by-paper"))
        })
        .collect();
    assert_eq!(omitted.len(), 5, "{omitted:?}");
    for e in &omitted {
        assert!(e.get("source").is_some(), "{} cites no source", e["id"]);
        assert!(e.get("rationale").is_some(), "{} has no rationale", e["id"]);
    }
    let without: Value = serde_json::from_str(&probative(&[
        "report",
        &example_dir(),
        "--format",
        "json",
        "--without",
        "tag:omitted-by-paper",
        "--analysts",
        "none",
    ]))
    .unwrap();
    assert_eq!(all["leader"]["id"], "lobby");
    assert_eq!(without["leader"]["id"], "hardliners");
    for report in [&all, &without] {
        let focus = &report["hypotheses"].as_array().unwrap()[0];
        assert_eq!(focus["id"], "empire");
        let ahead = report["hypotheses"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["posterior"].as_f64() > focus["posterior"].as_f64())
            .count();
        assert_eq!(ahead, 2, "the theory under test is third either way");
    }
}

/// The example's conclusion is fragile (every rival can reach the leader
/// within the stated intervals), so every format leads with that, not with
/// "The evidence favours", as the HTML verdict does.
#[test]
fn a_fragile_verdict_leads_with_nothing_established_in_every_format() {
    let dir = example_dir();
    for format in ["text", "markdown"] {
        let report = probative(&["report", &dir, "--format", format]);
        let after = report
            .split_once("VERDICT")
            .or_else(|| report.split_once("# Verdict"))
            .map_or_else(
                || panic!("{format}: no verdict heading"),
                |(_, rest)| rest.trim_start(),
            );
        let lead = after.lines().next().unwrap();
        assert!(
            lead.starts_with("No hypothesis is established.")
                || lead.starts_with("**No hypothesis is established.**"),
            "{format}: the verdict opens with {lead:?}"
        );
        assert!(
            !report.contains("The evidence favours"),
            "{format}: a fragile verdict must not say the evidence favours the leader"
        );
    }
}
