//! Random sequences of edits, made as `POST /api/edit` makes them
//! ([`save`]), on a copy of the bundled study.
//!
//! After every saved edit the study still reads and the bytes that changed
//! lie inside the edited value's own span (or are one inserted `key = value`
//! line, for a key the item did not have): every other byte, comments
//! included, is as it was. A stale base or an invalid edit is refused and
//! leaves the file byte for byte unchanged.

use probative_serve::edit::Edit;
use probative_serve::server::{Refusal, save};
use probative_serve::workspace::Workspace;
use proptest::prelude::*;
use serde_json::{Value as Json, json};
use toml_edit::Item;

const STUDY: &str = include_str!("../../../examples/iran-us-detente/study.toml");
const BIBLIOGRAPHY: &str = include_str!("../../../examples/iran-us-detente/references.bib");
const TERMS: [&str; 6] = [
    "remote",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "almost certain",
];

fn ids(kind: &str) -> Vec<String> {
    let doc: toml_edit::DocumentMut = STUDY.parse().expect("the example parses");
    doc[kind]
        .as_array_of_tables()
        .expect("a list of tables")
        .iter()
        .map(|t| t["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// One edit the page can make, or one it must be refused.
#[derive(Debug, Clone)]
enum Op {
    Likelihood(usize, usize, Json),
    Observed(usize, bool),
    Reliability(usize, f64),
    /// A single prior moved up by some hundredths: the priors no longer
    /// sum to 1 (422).
    Prior(usize, f64),
    /// A base that is not the disk's version (409).
    Stale,
    /// A value of the wrong kind (422).
    Nonsense(usize),
}

fn two_decimals() -> impl Strategy<Value = f64> {
    (1u32..100).prop_map(|n| f64::from(n) / 100.0)
}

fn op() -> impl Strategy<Value = Op> {
    let likelihood = prop_oneof![
        two_decimals().prop_map(|p| json!(p)),
        (two_decimals(), two_decimals()).prop_map(|(a, b)| json!([a.min(b), a.max(b)])),
        (0..TERMS.len()).prop_map(|i| json!(TERMS[i])),
    ];
    prop_oneof![
        4 => (0..1000usize, 0..6usize, likelihood).prop_map(|(e, h, v)| Op::Likelihood(e, h, v)),
        1 => (0..1000usize, any::<bool>()).prop_map(|(e, b)| Op::Observed(e, b)),
        1 => (0..1000usize, two_decimals()).prop_map(|(e, r)| Op::Reliability(e, r)),
        1 => (0..6usize, (1u32..30).prop_map(|n| f64::from(n) / 100.0)).prop_map(|(h, d)| Op::Prior(h, d)),
        1 => Just(Op::Stale),
        1 => (0..1000usize).prop_map(Op::Nonsense),
    ]
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// The span of the value at `parts` in `text`, if it is there.
fn span(text: &str, parts: &[&str]) -> Option<std::ops::Range<usize>> {
    let doc = toml_edit::Document::parse(text.to_owned()).ok()?;
    let table = doc
        .get(parts[0])?
        .as_array_of_tables()?
        .iter()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(parts[1]))?;
    let mut item: &Item = table.get(parts[2])?;
    for key in &parts[3..] {
        item = item.as_table_like()?.get(key)?;
    }
    item.span()
        .or_else(|| item.as_value().and_then(toml_edit::Value::span))
}

/// Checks that `before` and `after` differ only inside `value_span` of
/// `before`, or by one inserted line.
fn changed_only(before: &str, after: &str, value_span: Option<std::ops::Range<usize>>) {
    let (b, a) = (before.as_bytes(), after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let suffix = b[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let removed = prefix..b.len() - suffix;
    let inserted = &after[prefix..a.len() - suffix];
    match value_span {
        // A value set to what it already was changes no byte at all.
        Some(span) => assert!(
            (removed.is_empty() && inserted.is_empty())
                || (span.start <= removed.start && removed.end <= span.end),
            "bytes {removed:?} changed outside the value at {span:?}: {:?} -> {inserted:?}",
            &before[removed.clone()]
        ),
        None => assert!(
            removed.is_empty() && inserted.matches('\n').count() == 1,
            "a new key is one inserted line, not {:?} -> {inserted:?}",
            &before[removed.clone()]
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_every_other_byte_and_refusals_write_nothing(ops in proptest::collection::vec(op(), 1..6)) {
        let evidence = ids("evidence");
        let hypotheses = ids("hypothesis");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("study.toml");
        std::fs::write(&file, STUDY).unwrap();
        std::fs::write(dir.path().join("references.bib"), BIBLIOGRAPHY).unwrap();
        let ws = Workspace::find(dir.path()).unwrap();
        for op in ops {
            let before = std::fs::read_to_string(&file).unwrap();
            let base = ws.read().unwrap().version;
            let (edit_path, value, base) = match &op {
                Op::Likelihood(e, h, v) => (
                    path(&["evidence", &evidence[e % evidence.len()], "likelihood", &hypotheses[h % hypotheses.len()]]),
                    v.clone(),
                    base,
                ),
                Op::Observed(e, b) => (path(&["evidence", &evidence[e % evidence.len()], "observed"]), json!(b), base),
                Op::Reliability(e, r) => (path(&["evidence", &evidence[e % evidence.len()], "reliability"]), json!(r), base),
                Op::Prior(h, d) => {
                    let id = &hypotheses[h % hypotheses.len()];
                    let doc: toml_edit::DocumentMut = before.parse().unwrap();
                    let current = doc["hypothesis"].as_array_of_tables().unwrap().iter()
                        .find(|t| t["id"].as_str() == Some(id)).unwrap()["prior"].as_float().unwrap();
                    let moved = ((current + d) * 100.0).round() / 100.0;
                    (path(&["hypothesis", id, "prior"]), json!(moved), base)
                }
                Op::Stale => (path(&["evidence", &evidence[0], "observed"]), json!(true), "0000000000000000".to_owned()),
                Op::Nonsense(e) => (path(&["evidence", &evidence[e % evidence.len()], "reliability"]), json!("very"), base),
            };
            let edits = [Edit { path: edit_path.clone(), value: value.clone() }];
            let outcome = save(&ws, "token", &base, &edits);
            let after = std::fs::read_to_string(&file).unwrap();
            match (&op, outcome) {
                (Op::Stale, Err(Refusal::Stale(current))) => {
                    prop_assert_eq!(current, ws.read().unwrap().version);
                    prop_assert_eq!(&after, &before);
                }
                (Op::Nonsense(_), Err(Refusal::Invalid(..))) => prop_assert_eq!(&after, &before),
                (Op::Prior(..), Err(Refusal::Invalid(_, check))) => {
                    prop_assert!(check.unwrap_or_default().contains("\"error\""));
                    prop_assert_eq!(&after, &before);
                }
                (Op::Likelihood(..) | Op::Observed(..) | Op::Reliability(..), Ok(snapshot)) => {
                    prop_assert!(snapshot.good.is_some());
                    prop_assert_eq!(snapshot.bytes.as_slice(), after.as_bytes());
                    let parts: Vec<&str> = edit_path.iter().map(String::as_str).collect();
                    changed_only(&before, &after, span(&before, &parts));
                    // The file says what was asked.
                    let doc: toml_edit::DocumentMut = after.parse().unwrap();
                    let table = doc[parts[0]].as_array_of_tables().unwrap().iter()
                        .find(|t| t["id"].as_str() == Some(parts[1])).unwrap();
                    let mut item = &table[parts[2]];
                    for key in &parts[3..] {
                        item = &item[*key];
                    }
                    let written = item.as_value().unwrap();
                    let expected = match &value {
                        Json::Bool(b) => written.as_bool() == Some(*b),
                        Json::String(s) => written.as_str() == Some(s.as_str()),
                        Json::Array(ends) => written.as_array().is_some_and(|a| {
                            a.iter().map(toml_edit::Value::as_float).collect::<Vec<_>>()
                                == ends.iter().map(Json::as_f64).collect::<Vec<_>>()
                        }),
                        other => written.as_float() == other.as_f64(),
                    };
                    prop_assert!(expected, "{:?} written as {}", value, written);
                    // Still a study that reads.
                    prop_assert!(
                        ws.check(after.as_bytes(), &[], &[])
                            .is_ok_and(|c| !c.has_errors())
                    );
                }
                (op, outcome) => prop_assert!(
                    false,
                    "{op:?} gave {}",
                    match outcome {
                        Ok(_) => "a save".to_owned(),
                        Err(refusal) => format!("{refusal:?}"),
                    }
                ),
            }
        }
    }
}
