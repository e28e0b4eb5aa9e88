//! Problems found while reading a study, tested as data.
//!
//! Each file of `fixtures/errors/` holds one concern (a misspelt key, priors
//! that do not sum to one, a single hypothesis, ...) and says inline what it
//! expects: `# expect: <code>` at the end of the offending line, optionally
//! followed by `~ <text>` that the message or help must contain.
//! `several-problems.toml` holds many at once, because validation never stops
//! at the first problem.
//!
//! [`check`] runs a fixture through [`probative::check`] and compares every
//! diagnostic's (code, line) with the expectations, exactly: a study with
//! reading errors reports those and nothing else, and is neither returned nor
//! analysed. The two `impossible-*` fixtures are read but cannot be analysed:
//! their evidence rules out every hypothesis.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

mod common;

use common::{assert_expected, expectations, listing};
use probative::Checked;
use probative::diagnostic::{LineIndex, Severity};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors")
}

/// Checks bytes with no bibliography available.
fn run(bytes: &[u8]) -> Checked {
    probative::check(bytes, &mut |path: &str| {
        Err(format!("no file `{path}` in this test"))
    })
}

/// Runs one fixture and asserts that it reports exactly what it expects,
/// all as errors, and that the study is neither returned nor analysed.
fn check(file: &str) -> Checked {
    let path = fixtures_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let checked = run(text.as_bytes());
    let lines = LineIndex::new(&text);
    let all = listing(&checked.diagnostics, &lines);

    let expected = expectations(&text);
    assert!(!expected.is_empty(), "{file}: expects nothing");
    for d in &checked.diagnostics {
        assert_eq!(
            d.severity,
            Severity::Error,
            "{file}: `{}` must be an error",
            d.code
        );
    }
    let reported: Vec<_> = checked.diagnostics.iter().collect();
    assert_expected(file, &expected, &reported, &lines, &all);
    assert!(checked.has_errors());
    // Evidence that rules out every hypothesis is found by the engine, in a
    // study that was read: only then is the study returned, unanalysed.
    let engine_only = checked
        .diagnostics
        .iter()
        .all(|d| d.code == "impossible-evidence");
    assert!(
        checked.study.is_none() || engine_only,
        "{file}: a study with reading errors must not be returned"
    );
    assert!(
        checked.analysis.is_none(),
        "{file}: a study with reading errors must not be analysed"
    );
    checked
}

#[test]
fn every_fixture_reports_what_it_expects() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "fixtures missing: {names:?}");
    for name in &names {
        check(name);
    }
}

#[test]
fn unknown_field_suggests_the_key() {
    check("unknown-field.toml");
}

#[test]
fn priors_must_sum_to_one() {
    check("priors-sum.toml");
}

#[test]
fn one_hypothesis_has_no_rival() {
    check("no-rival.toml");
}

#[test]
fn unknown_term_lists_the_scale() {
    let checked = check("unknown-term.toml");
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-term")
        .unwrap();
    let said = format!("{} {}", d.message, d.help.as_deref().unwrap_or_default());
    for term in [
        "almost no chance",
        "very unlikely",
        "unlikely",
        "likely",
        "very likely",
        "almost certain",
    ] {
        assert!(
            said.contains(&format!("\"{term}\"")),
            "the accepted terms must include {term:?}: {said}"
        );
    }
}

#[test]
fn bad_interval() {
    check("bad-interval.toml");
}

#[test]
fn duplicate_id() {
    check("duplicate-id.toml");
}

#[test]
fn unknown_reference_suggests_the_id() {
    check("unknown-reference.toml");
}

#[test]
fn bad_date() {
    check("bad-date.toml");
}

#[test]
fn missing_likelihood_names_the_hypothesis() {
    check("missing-likelihood.toml");
}

#[test]
fn toml_syntax_error() {
    check("syntax.toml");
}

#[test]
fn wrong_type() {
    check("wrong-type.toml");
}

#[test]
fn evidence_that_rules_out_every_hypothesis() {
    check("impossible-evidence.toml");
    check("impossible-within-intervals.toml");
}

#[test]
fn one_run_reports_every_problem() {
    let checked = check("several-problems.toml");
    assert!(checked.diagnostics.len() >= 7, "{:#?}", checked.diagnostics);
}

/// Input that is not a study at all is an error of the study, never a panic.
#[test]
fn garbage_is_an_error_not_a_panic() {
    let not_utf8: &[u8] = &[0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96, 0xc3, 0x28];
    let checked = run(not_utf8);
    assert!(
        checked.diagnostics.iter().any(|d| d.code == "not-text"),
        "{:#?}",
        checked.diagnostics
    );

    let binary: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let checked = run(&binary);
    assert!(checked.has_errors());
    assert!(checked.study.is_none());

    let not_toml = "\u{0}\u{1}[[[ = {{ }} \"\n[study\ntitle = 'a";
    let checked = run(not_toml.as_bytes());
    assert!(
        checked.diagnostics.iter().any(|d| d.code == "syntax"),
        "{:#?}",
        checked.diagnostics
    );
    assert!(checked.study.is_none());

    let json = br#"{ "study": { "title": "not TOML" } }"#;
    let checked = run(json);
    assert!(checked.has_errors());
    assert!(checked.study.is_none());
}

#[test]
fn empty_file_is_an_error() {
    for empty in ["", "\n", "   \n\t\n", "# only a comment\n"] {
        let checked = run(empty.as_bytes());
        assert!(
            checked.has_errors(),
            "{empty:?}: {:#?}",
            checked.diagnostics
        );
        assert!(checked.study.is_none());
        assert!(checked.analysis.is_none());
    }
}

#[test]
fn huge_input_is_refused() {
    let mut huge = b"[study]\ntitle = \"big\"\n".to_vec();
    huge.resize(probative::syntax::MAX_STUDY_BYTES + 1, b'#');
    let checked = run(&huge);
    assert!(
        checked.diagnostics.iter().any(|d| d.code == "too-large"),
        "{:#?}",
        checked.diagnostics
    );
    assert!(checked.study.is_none());
    // 16 MB exactly is still read.
    huge.truncate(probative::syntax::MAX_STUDY_BYTES);
    let checked = run(&huge);
    assert!(checked.diagnostics.iter().all(|d| d.code != "too-large"));
}

/// A key the TOML parser could not read (a dotted key of 20,000 parts hits
/// its recursion limit) is not reported as missing as well: the syntax
/// error is the only error, and so the first.
#[test]
fn a_key_the_parser_could_not_read_is_not_missing() {
    for parts in [100, 20_000] {
        let text = format!(
            "[study]\n{} = 1\n\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n",
            vec!["k"; parts].join(".")
        );
        let checked = run(text.as_bytes());
        let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"syntax"), "{parts} parts: {codes:?}");
        assert!(
            codes
                .iter()
                .all(|c| *c == "syntax" || *c == "unknown-field"),
            "{parts} parts: {:#?}",
            checked.diagnostics
        );
        assert!(
            !checked
                .diagnostics
                .iter()
                .any(|d| d.message.contains("no `title`")),
            "{parts} parts: {:#?}",
            checked.diagnostics
        );
    }
}
