//! The fields of study format 1.1, read from a valid fixture into the
//! `Study` (the invalid values are in `fixtures/errors/`).

#![allow(clippy::unwrap_used)]

use std::path::Path;

use probative::model::{QuoteStatus, Scope, SourceKind};

fn read(name: &str) -> probative::Checked {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    probative::check(text.as_bytes(), &mut |p: &str| {
        Err(format!("no file `{p}`"))
    })
}

#[test]
fn every_new_field_reaches_the_study() {
    let checked = read("format-1.1.toml");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let study = checked.study.unwrap();
    assert_eq!(study.scope, Scope::Forecast);
    assert_eq!(
        study.encoded_by.as_deref(),
        Some("A. Analyst, from the published account")
    );
    let catch_alls: Vec<&str> = study
        .hypotheses
        .iter()
        .filter(|h| h.catch_all)
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(catch_alls, ["other"]);
    assert_eq!(study.cases[0].outcome.as_deref(), Some("withdrawn"));
    assert!(study.events[0].after.is_empty());
    assert_eq!(study.events[1].after, [0]);

    let [minutes, pundit, denial] = study.evidence.as_slice() else {
        panic!("three items expected");
    };
    // A quote without a status is taken as the source's own words.
    assert_eq!(minutes.quote_status, Some(QuoteStatus::Verbatim));
    assert_eq!(pundit.quote_status, Some(QuoteStatus::AsCited));
    assert_eq!(denial.quote_status, None);
    assert_eq!(pundit.source_kind, Some(SourceKind::Opinion));
    assert_eq!(pundit.via, ["press2011"]);
    assert_eq!(pundit.tags, ["commentary", "omitted-by-paper"]);
    assert_eq!(pundit.depends_on, [0]);
    assert_eq!(denial.search_sensitivity, Some(0.7));
    assert_eq!(minutes.search_sensitivity, None);
    assert!((minutes.sensitivity() - 1.0).abs() < f64::EPSILON);
}

/// A version-1 study has none of the new fields and reads with their
/// defaults.
#[test]
fn the_new_fields_default_as_format_1_reads() {
    let checked = read("format-1.1.toml");
    let text = "[study]\ntitle = \"t\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n[[evidence]]\nid = \"e\"\nclaim = \"c\"\nobserved = false\nlikelihood = { a = 0.2, b = 0.6 }\n";
    let plain = probative::check(text.as_bytes(), &mut |_: &str| Err(String::new()));
    assert!(checked.study.is_some());
    let study = plain.study.unwrap();
    assert_eq!(study.scope, Scope::Cases);
    assert!(study.encoded_by.is_none());
    assert!(study.hypotheses.iter().all(|h| !h.catch_all));
    let e = &study.evidence[0];
    assert!(e.via.is_empty() && e.tags.is_empty() && e.quote_status.is_none());
    assert!(e.search_sensitivity.is_none());
}
