//! What-if: the study with some evidence switched off, never saved.
//!
//! A switch is a spec as the reasoning spec's `--without` takes it: an
//! evidence id, `source:KEY` (items citing KEY, also through `via`) or
//! `case:ID`. Items that depend on a removed item go too, since their
//! likelihoods were judged conditional on it, and the timeline's references
//! to removed items are dropped so that the rest still reads.
//!
//! The whole of it is [`without`], text to text, so that it can give way to
//! the core library's own removal once the core has one.

use std::collections::BTreeSet;

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::edit::EditError;

/// The study text without the evidence `specs` name (and their dependents),
/// with the ids removed, in file order.
pub fn without(text: &str, specs: &[String]) -> Result<(String, Vec<String>), EditError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        EditError(format!("the study is not valid TOML ({})", e.message()))
    })?;
    let Some(evidence) = doc.get("evidence").and_then(Item::as_array_of_tables) else {
        return Ok((text.to_owned(), Vec::new()));
    };
    let mut removed = BTreeSet::new();
    for spec in specs {
        let before = removed.len();
        for item in evidence {
            if matches(item, spec) {
                removed.insert(str_of(item, "id").unwrap_or_default().to_owned());
            }
        }
        if removed.len() == before {
            return Err(EditError(format!(
                "`{spec}` matches no evidence item (write an evidence id, source:KEY or case:ID)"
            )));
        }
    }
    // Dependents, directly or through others.
    loop {
        let before = removed.len();
        for item in evidence {
            if strings(item, "depends_on").any(|d| removed.contains(d)) {
                removed.insert(str_of(item, "id").unwrap_or_default().to_owned());
            }
        }
        if removed.len() == before {
            break;
        }
    }
    let order: Vec<String> = evidence
        .iter()
        .filter_map(|t| str_of(t, "id"))
        .filter(|id| removed.contains(*id))
        .map(str::to_owned)
        .collect();
    if let Some(evidence) = doc
        .get_mut("evidence")
        .and_then(Item::as_array_of_tables_mut)
    {
        evidence.retain(|t| !str_of(t, "id").is_some_and(|id| removed.contains(id)));
    }
    if let Some(events) = doc.get_mut("event").and_then(Item::as_array_of_tables_mut) {
        for event in events.iter_mut() {
            if let Some(list) = event.get_mut("evidence").and_then(Item::as_array_mut) {
                list.retain(|v| !v.as_str().is_some_and(|id| removed.contains(id)));
            }
        }
    }
    Ok((doc.to_string(), order))
}

fn matches(item: &Table, spec: &str) -> bool {
    if let Some(key) = spec.strip_prefix("source:") {
        str_of(item, "source") == Some(key) || strings(item, "via").any(|v| v == key)
    } else if let Some(case) = spec.strip_prefix("case:") {
        str_of(item, "case") == Some(case)
    } else {
        str_of(item, "id") == Some(spec)
    }
}

fn str_of<'t>(table: &'t Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(Item::as_str)
}

fn strings<'t>(table: &'t Table, key: &str) -> impl Iterator<Item = &'t str> {
    table
        .get(key)
        .and_then(Item::as_array)
        .into_iter()
        .flat_map(|a| a.iter().filter_map(Value::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STUDY: &str = "[[event]]\nid = \"v\"\nevidence = [\"a\", \"b\"]\n\n\
        [[evidence]]\nid = \"a\"\nsource = \"k\"\ncase = \"x\"\n\n\
        [[evidence]]\nid = \"b\"\ncase = \"y\"\ndepends_on = [\"a\"]\n\n\
        [[evidence]]\nid = \"c\"\ncase = \"y\"\nvia = [\"k\"]\n";

    #[test]
    fn dependents_and_timeline_references_go_with_an_item() {
        let (text, removed) = without(STUDY, &["a".to_owned()]).unwrap();
        assert_eq!(removed, ["a", "b"]);
        assert!(text.contains("evidence = []"), "{text}");
        assert!(text.contains("id = \"c\""));
        assert!(!text.contains("id = \"b\""));
    }

    #[test]
    fn sources_count_through_via_and_cases_by_id() {
        let (_, removed) = without(STUDY, &["source:k".to_owned()]).unwrap();
        assert_eq!(removed, ["a", "b", "c"]);
        let (_, removed) = without(STUDY, &["case:y".to_owned()]).unwrap();
        assert_eq!(removed, ["b", "c"]);
        assert!(without(STUDY, &["case:none".to_owned()]).is_err());
    }
}
