//! The bundled example encoded the way its authors argue it: the paper's
//! verdicts typed in as likelihoods, the rivals lumped at one value, nothing
//! that counts against the theory (`fixtures/authors-way/`, derived from the
//! bundled study). Its arithmetic gives the theory a "decisive" margin; the
//! reasoning rules must say why that margin cannot be trusted, in `check`
//! and in the verdict of the text and HTML reports, so that no report prints
//! "decisive" alone.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/authors-way")
}

/// Runs the binary on the fixture and returns stdout and stderr together.
fn probative(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .arg(fixture())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "probative {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text
}

/// The paragraph of a text report that starts with `start`, its wrapped
/// lines joined.
fn paragraph(report: &str, start: &str) -> String {
    let at = report
        .find(start)
        .unwrap_or_else(|| panic!("no paragraph starting {start:?} in:\n{report}"));
    let rest = &report[at..];
    let words: Vec<&str> = rest
        .split("\n\n")
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    words.join(" ")
}

#[test]
fn the_arithmetic_alone_would_call_it_decisive() {
    // The premise of the fixture: without the reasoning rules, this encoding
    // reads as a decisive win for the theory.
    let json: serde_json::Value =
        serde_json::from_str(&probative(&["report", "--format", "json"])).unwrap();
    assert_eq!(json["leader"]["id"], "empire", "{}", json["leader"]);
    let margin = json["leader"]["margin_db"].as_f64().unwrap();
    assert!(margin >= 20.0, "margin {margin} dB");
}

#[test]
fn check_names_the_lumped_rivals_and_the_one_sided_evidence() {
    let out = probative(&["check"]);
    // `cannot-disconfirm` does not apply: typed in as numbers, the paper's
    // hoops could have failed (a denial found would cost `empire` 13 dB).
    for code in ["rivals-lumped", "one-sided-evidence"] {
        assert!(out.contains(code), "`check` does not report {code}:\n{out}");
    }
    // The opinions the paper says "reinforce" its conclusion carry weight.
    for id in ["ctx-chomsky", "ctx-khamenei"] {
        assert!(
            out.contains(&format!("warning[authority-as-evidence]: `{id}`")),
            "authority-as-evidence does not name {id}:\n{out}"
        );
    }
    // The lumped items include the declared smoking guns and hoops.
    for id in ["lb-no-reciprocity", "cn-no-denial", "gb-evil-mantra"] {
        assert!(
            out.contains(&format!("`{id}`")),
            "rivals-lumped does not name {id}:\n{out}"
        );
    }
}

#[test]
fn the_text_verdict_qualifies_the_margin() {
    let report = probative(&["report"]);
    let verdict = paragraph(&report, "The evidence favours");
    assert!(verdict.contains("decisive"), "{verdict}");
    let caveat = paragraph(&report, "Qualified:");
    for words in ["rivals judged as one block", "one-sided evidence"] {
        assert!(caveat.contains(words), "{caveat}");
    }
    assert!(
        report.find("Qualified:").unwrap() < report.find("Robust").unwrap_or(usize::MAX),
        "the caveat must stand in the verdict, before anything else"
    );
}

#[test]
fn the_html_verdict_qualifies_the_margin() {
    let html = probative(&["report", "--format", "html"]);
    let start = html.find("<section id=\"verdict\"").unwrap();
    let end = start + html[start..].find("</section>").unwrap();
    let verdict = &html[start..end];
    assert!(verdict.contains("decisive"), "{verdict}");
    for words in [
        "rivals judged as one block",
        "one-sided evidence",
        "Qualified",
    ] {
        assert!(verdict.contains(words), "{verdict}");
    }
}
