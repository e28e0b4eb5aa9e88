//! The paper appendix, converted as a researcher converts it: the bundled
//! example's `--format markdown` through Debian's pandoc to Word and to PDF
//! (LaTeX), with no warning, and the converted text holding the numbered
//! tables, the per-item detail and the works cited. The test fails, never
//! skips, without pandoc, pdflatex or pdftotext (`.ci/run` installs them).

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}): install pandoc, TeX Live and poppler-utils as .ci/run does")
        });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} {args:?} failed: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "{program} {args:?} warned:\n{stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What the converted document must say: numbered captions, the item
/// detail, an author–date citation with its locator, and a reference.
fn assert_appendix(text: &str, format: &str) {
    // pdftotext and pandoc's plain writer break lines; compare words.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Table 1. Hypotheses.",
        "Evidence items in full",
        "Likelihoods of lb-scowcroft",
        "(Parsi, 2007, p. 134)",
        "Rationale:",
        "Reliability:",
        "Declared test:",
        "almost certain",
        "References (apa)",
        "Parsi, T. (2007). Treacherous Alliance",
    ] {
        assert!(text.contains(needle), "the {format} lacks {needle:?}");
    }
    // The caption numbers are LaTeX's own only once.
    assert!(
        !text.contains("Table 1: Table 1."),
        "{format}: numbered twice"
    );
}

#[test]
fn the_appendix_converts_to_word_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/iran-us-detente"
    );
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["report", example, "--format", "markdown", "-o"])
        .arg(dir.path().join("appendix.md"))
        .status()
        .unwrap();
    assert!(status.success());

    run(
        "pandoc",
        &["appendix.md", "-o", "appendix.docx"],
        dir.path(),
    );
    let docx = run(
        "pandoc",
        &["appendix.docx", "-t", "plain", "--wrap=none"],
        dir.path(),
    );
    assert_appendix(&docx, "Word document");

    run("pandoc", &["appendix.md", "-o", "appendix.pdf"], dir.path());
    let pdf = run("pdftotext", &["appendix.pdf", "-"], dir.path());
    assert_appendix(&pdf, "PDF");
    // Word's tables survive as tables.
    let native = run("pandoc", &["appendix.docx", "-t", "native"], dir.path());
    let tables = native
        .lines()
        .filter(|l| {
            matches!(l.trim(), "Table" | ", Table" | "[ Table")
                || l.trim().starts_with("[ Table (")
                || l.trim().starts_with(", Table (")
        })
        .count();
    let items = std::fs::read_to_string(dir.path().join("appendix.md"))
        .unwrap()
        .matches("Likelihoods of")
        .count();
    assert!(items > 60, "{items} items in full");
    assert!(
        tables > items,
        "{tables} tables in the docx for {items} items"
    );
}
