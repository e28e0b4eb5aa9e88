//! The lints, tested as data.
//!
//! Each rule of the study format has a folder `fixtures/lints/<code>/` with
//! studies that make it fire (`fires*.toml`) and near misses that keep it
//! quiet (`quiet*.toml`), plus a `references.bib` where the rule is about
//! the bibliography. A fixture says what it expects inline:
//!
//! - `# expect: <code>` at the end of the line the diagnostic must point to;
//! - `# expect-study: <code>` anywhere, for a diagnostic without a line (a
//!   lint about the whole study or about a bibliography entry);
//! - either may end with `~ <text>`, which the diagnostic's message or help
//!   must contain.
//!
//! [`check`] runs the fixture through [`probative::check`], the public path,
//! and compares the (code, line) pairs of that folder's rule with the
//! expectations, exactly and with multiplicity. A quiet fixture expects
//! nothing.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

mod common;

use common::{assert_expected, expectations, listing};
use probative::Checked;
use probative::analysis::lints;
use probative::diagnostic::{LineIndex, Location};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lints")
}

/// Runs one fixture and asserts that the rule `code` reports exactly what the
/// fixture expects. Returns the whole result for further checks.
fn check(code: &str, file: &str) -> Checked {
    let dir = fixtures_dir().join(code);
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A panel fixture has its analysts' files in a folder beside it,
    // `<fixture>.analysts/`.
    let analysts = analyst_files(&dir.join(file.replace(".toml", ".analysts")));
    let files: Vec<(&str, &[u8])> = analysts
        .iter()
        .map(|(id, text)| (id.as_str(), text.as_bytes()))
        .collect();
    let checked = probative::check_with_analysts(
        text.as_bytes(),
        &files,
        probative::analysis::analysts::Pool::Log,
        &mut |bib: &str| std::fs::read_to_string(dir.join(bib)).map_err(|e| e.to_string()),
    );
    let lines = LineIndex::new(&text);
    let all = listing(&checked.diagnostics, &lines);
    assert!(
        checked.analysis.is_some(),
        "{code}/{file} must be a readable study; it reports:\n{all}"
    );

    let expected = expectations(&text);
    if file.starts_with("quiet") {
        assert!(
            expected.is_empty(),
            "{code}/{file}: a quiet fixture expects nothing"
        );
    } else {
        assert!(
            !expected.is_empty(),
            "{code}/{file}: a firing fixture must expect something"
        );
    }
    for e in &expected {
        assert_eq!(
            e.code, code,
            "{code}/{file}: expectations name only the folder's rule"
        );
    }

    let context = format!("{code}/{file}");
    let reported: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    assert_expected(&context, &expected, &reported, &lines, &all);
    checked
}

/// The analysts' files of a folder, as (id, text), in id order; none when
/// there is no such folder.
fn analyst_files(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Runs every fixture of a rule's folder; there must be at least one that
/// fires and one that stays quiet.
fn check_rule(code: &str) {
    assert!(lints::find(code).is_some(), "`{code}` is not a lint");
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir().join(code))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "toml"))
        .collect();
    names.sort();
    assert!(
        names.iter().any(|n| n.starts_with("fires")),
        "{code}: no fires*.toml"
    );
    assert!(
        names.iter().any(|n| n.starts_with("quiet")),
        "{code}: no quiet*.toml"
    );
    for name in &names {
        assert!(
            name.starts_with("fires") || name.starts_with("quiet"),
            "{code}/{name}: name it fires*.toml or quiet*.toml"
        );
        check(code, name);
    }
}

#[test]
fn every_lint_has_fixtures() {
    for lint in lints::ALL {
        let dir = fixtures_dir().join(lint.code);
        assert!(
            dir.join("fires.toml").is_file(),
            "no fixtures/lints/{}/fires.toml",
            lint.code
        );
        assert!(
            dir.join("quiet.toml").is_file(),
            "no fixtures/lints/{}/quiet.toml",
            lint.code
        );
    }
}

#[test]
fn unknown_source() {
    check_rule("unknown-source");
}

#[test]
fn uncited_source() {
    check_rule("uncited-source");
    // The note names the entry of the bibliography, not a line of the study.
    let checked = check("uncited-source", "fires.toml");
    let note = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "uncited-source")
        .unwrap();
    assert_eq!(
        note.location,
        Location::BibliographyEntry("ortega2012".to_owned())
    );
}

#[test]
fn empty_case() {
    check_rule("empty-case");
}

#[test]
fn declared_test_mismatch() {
    check_rule("declared-test-mismatch");
}

#[test]
fn dogmatic_likelihood() {
    check_rule("dogmatic-likelihood");
}

#[test]
fn non_diagnostic() {
    check_rule("non-diagnostic");
}

#[test]
fn absence_without_search() {
    check_rule("absence-without-search");
}

#[test]
fn duplicate_evidence() {
    check_rule("duplicate-evidence");
}

#[test]
fn single_source_conclusion() {
    check_rule("single-source-conclusion");
}

#[test]
fn unsourced_evidence() {
    check_rule("unsourced-evidence");
}

#[test]
fn unstated_search_sensitivity() {
    check_rule("unstated-search-sensitivity");
}

#[test]
fn fragile_conclusion() {
    check_rule("fragile-conclusion");
}

#[test]
fn analyst_veto() {
    check_rule("analyst-veto");
}

#[test]
fn divided_panel() {
    check_rule("divided-panel");
}

#[test]
fn unanimous_panel() {
    check_rule("unanimous-panel");
}

#[test]
fn contested_verdict() {
    check_rule("contested-verdict");
}

#[test]
fn verdict_contradicted() {
    check_rule("verdict-contradicted");
}

#[test]
fn cannot_disconfirm() {
    check_rule("cannot-disconfirm");
}

#[test]
fn no_strong_support() {
    check_rule("no-strong-support");
}

#[test]
fn rivals_lumped() {
    check_rule("rivals-lumped");
}

#[test]
fn one_sided_evidence() {
    check_rule("one-sided-evidence");
}

#[test]
fn prior_sensitive_conclusion() {
    check_rule("prior-sensitive-conclusion");
}

#[test]
fn temporal_order() {
    check_rule("temporal-order");
}

#[test]
fn participant_only_support() {
    check_rule("participant-only-support");
}

#[test]
fn authority_as_evidence() {
    check_rule("authority-as-evidence");
}

#[test]
fn quote_unverified() {
    check_rule("quote-unverified");
}

#[test]
fn no_outcome_variation() {
    check_rule("no-outcome-variation");
}

/// Severities follow the table of the study format: a dangling citation is an
/// error, an uncited entry and a non-diagnostic item are notes, the rest are
/// warnings.
#[test]
fn severities_follow_the_format() {
    use probative::diagnostic::Severity::{Error, Note, Warning};
    for (code, severity) in [
        ("unknown-source", Error),
        ("uncited-source", Note),
        ("empty-case", Warning),
        ("declared-test-mismatch", Warning),
        ("dogmatic-likelihood", Warning),
        ("non-diagnostic", Note),
        ("absence-without-search", Warning),
        ("duplicate-evidence", Warning),
        ("single-source-conclusion", Warning),
        ("fragile-conclusion", Warning),
        ("unsourced-evidence", Warning),
        ("analyst-veto", Warning),
        ("divided-panel", Warning),
        ("unanimous-panel", Note),
        ("contested-verdict", Warning),
        ("unstated-search-sensitivity", Note),
        ("verdict-contradicted", Warning),
        ("cannot-disconfirm", Warning),
        ("no-strong-support", Warning),
        ("rivals-lumped", Warning),
        ("one-sided-evidence", Warning),
        ("temporal-order", Warning),
        ("participant-only-support", Warning),
        ("authority-as-evidence", Warning),
        ("quote-unverified", Warning),
        ("prior-sensitive-conclusion", Warning),
        ("no-outcome-variation", Warning),
    ] {
        let checked = check(code, "fires.toml");
        for d in checked.diagnostics.iter().filter(|d| d.code == code) {
            assert_eq!(d.severity, severity, "{code}");
        }
    }
}
