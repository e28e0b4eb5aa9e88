//! Snapshots of what a user sees: diagnostics as the terminal shows them
//! (without colour), and the text, Markdown and JSON reports of a small
//! study (`fixtures/small/`). A change to any of them shows up in review as
//! a diff of the snapshot.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use probative::Checked;
use probative_render::{Report, SourceFile};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs a study file, reading its bibliography beside it.
fn check(path: &Path) -> (String, Checked) {
    let text = read(path);
    let dir = path.parent().unwrap().to_path_buf();
    let checked = probative::check(text.as_bytes(), &mut |bib: &str| {
        std::fs::read_to_string(dir.join(bib)).map_err(|e| e.to_string())
    });
    (text, checked)
}

/// Renders every diagnostic of a study as the terminal shows them.
fn diagnostics(path: &Path, name: &str) -> String {
    let (text, checked) = check(path);
    let bibliography = checked.bibliography.as_ref().map(|b| SourceFile {
        name: &b.name,
        text: &b.text,
    });
    probative_render::diagnostics::render(
        &checked.diagnostics,
        SourceFile { name, text: &text },
        bibliography,
        false,
    )
}

/// The small study's report in one format.
fn small(render: fn(&Report<'_>) -> String) -> String {
    let (text, checked) = check(&manifest().join("tests/fixtures/small/study.toml"));
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let (study, analysis) = (
        checked.study.as_ref().unwrap(),
        checked.analysis.as_ref().unwrap(),
    );
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: &text,
        },
        study,
        analysis,
        checked.bibliography.as_ref(),
    );
    render(&report)
}

#[test]
fn reading_errors() {
    let path = manifest().join("../probative/tests/fixtures/errors/several-problems.toml");
    insta::assert_snapshot!(diagnostics(&path, "several-problems.toml"));
}

#[test]
fn syntax_error() {
    let path = manifest().join("../probative/tests/fixtures/errors/syntax.toml");
    insta::assert_snapshot!(diagnostics(&path, "syntax.toml"));
}

#[test]
fn lints_of_the_small_study() {
    let path = manifest().join("tests/fixtures/small/study.toml");
    insta::assert_snapshot!(diagnostics(&path, "study.toml"));
}

#[test]
fn lints_about_the_bibliography_and_the_whole_study() {
    let path = manifest().join("../probative/tests/fixtures/lints/uncited-source/fires.toml");
    insta::assert_snapshot!(diagnostics(&path, "fires.toml"));
}

#[test]
fn text_report() {
    insta::assert_snapshot!(small(|r| probative_render::text::report(r, false)));
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!(small(probative_render::markdown::report));
}

#[test]
fn json_report() {
    let json = small(probative_render::json::report);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], "probative-report/1");
    insta::assert_snapshot!(json);
}

/// The text report in a narrow terminal: text columns abbreviated, the
/// columns least needed dropped, prose wrapped between words.
#[test]
fn text_report_at_64_columns() {
    let text = small(|r| probative_render::text::report_width(r, false, 64));
    assert!(text.lines().all(|l| l.chars().count() <= 64), "{text}");
    insta::assert_snapshot!(text);
}

/// `check`'s layout: findings that share a help text together, the help
/// once after them, wrapped to the width.
#[test]
fn check_gives_a_shared_help_once_at_60_columns() {
    let path =
        manifest().join("../probative/tests/fixtures/lints/declared-test-mismatch/fires.toml");
    let (text, checked) = check(&path);
    let out = probative_render::diagnostics::render_grouped_with(
        &checked.diagnostics,
        SourceFile {
            name: "fires.toml",
            text: &text,
        },
        None,
        &[],
        false,
        60,
    );
    assert_eq!(out.matches("revise the label").count(), 1, "{out}");
    assert!(
        out.lines().all(|l| l.contains(" │ ")
            || l.starts_with("warning[")
            || l.starts_with("note[")
            || l.chars().count() <= 60),
        "{out}"
    );
    insta::assert_snapshot!(out);
}
