//! Edits to the study text, made through a format-preserving TOML editor.
//!
//! An edit names a value by a path (`["evidence", "e4", "likelihood",
//! "empire"]`) and gives its new value as JSON. Only the bytes of the edited
//! values change: each new value takes over the whitespace and comments that
//! surrounded the old one, so comments, blank lines, key order and quoting
//! elsewhere stay byte for byte as they were. A new evidence item is appended
//! after the last one, with its likelihoods inline, as the bundled study
//! writes them.
//!
//! This module only transforms text; it never reads or writes a file and
//! never judges whether the result is a sound study (the caller runs the
//! pipeline on it).

use serde::Deserialize;
use serde_json::Value as Json;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// One change to the study: where, and the new value.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Edit {
    /// The value's place, e.g. `["hypothesis", "lobby", "prior"]`.
    pub path: Vec<String>,
    /// The new value, as JSON: a number, an interval `[lo, hi]`, a term, a
    /// boolean, or (for `["evidence", "+"]`) a table.
    pub value: Json,
}

/// Why an edit could not be applied; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

/// Applies `edits` in order to the study text and returns the new text.
///
/// The text must parse as TOML (a study that does not is edited in the
/// user's editor, not through the page).
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        EditError(format!(
            "the study is not valid TOML ({}); fix it in your editor first",
            e.message()
        ))
    })?;
    for edit in edits {
        apply_one(&mut doc, edit)?;
    }
    Ok(doc.to_string())
}

fn apply_one(doc: &mut DocumentMut, edit: &Edit) -> Result<(), EditError> {
    let path: Vec<&str> = edit.path.iter().map(String::as_str).collect();
    match path.as_slice() {
        ["evidence", "+"] => add_evidence(doc, &edit.value),
        ["evidence", id, "likelihood", hypothesis] => {
            let value = likelihood(&edit.value)?;
            let item = find(doc, "evidence", id)?;
            let table = item
                .entry("likelihood")
                .or_insert_with(|| Item::Value(Value::InlineTable(InlineTable::new())));
            let Some(likelihoods) = table.as_table_like_mut() else {
                return fail(format!(
                    "evidence `{id}` has a `likelihood` that is not a table"
                ));
            };
            set(likelihoods, hypothesis, value);
            Ok(())
        }
        ["evidence", id, "observed"] => {
            let Json::Bool(b) = edit.value else {
                return fail("`observed` takes true or false");
            };
            set(find(doc, "evidence", id)?, "observed", Value::from(b));
            Ok(())
        }
        ["evidence", id, "reliability"] => {
            let p = probability(&edit.value, "reliability")?;
            set(find(doc, "evidence", id)?, "reliability", Value::from(p));
            Ok(())
        }
        ["hypothesis", id, "prior"] => {
            let p = probability(&edit.value, "a prior")?;
            set(find(doc, "hypothesis", id)?, "prior", Value::from(p));
            Ok(())
        }
        _ => fail(format!(
            "cannot edit `{}`: the page edits an item's likelihood, observed or reliability, a hypothesis's prior, or adds an item (`evidence.+`)",
            edit.path.join(".")
        )),
    }
}

/// The table of the `kind` array (`evidence`, `hypothesis`) whose `id` is
/// `id`.
fn find<'d>(doc: &'d mut DocumentMut, kind: &str, id: &str) -> Result<&'d mut Table, EditError> {
    doc.get_mut(kind)
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            tables
                .iter_mut()
                .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        })
        .ok_or_else(|| EditError(format!("the study has no {kind} with id `{id}`")))
}

/// Replaces (or adds) `key`, giving the new value the old one's surrounding
/// whitespace and comments, so that only the value's own bytes change.
fn set(table: &mut dyn toml_edit::TableLike, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    match table.get_mut(key) {
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// A number in [0, 1].
fn probability(value: &Json, what: &str) -> Result<f64, EditError> {
    match value.as_f64() {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => fail(format!(
            "{what} takes a number between 0 and 1, not `{value}`"
        )),
    }
}

/// A likelihood as the study writes it: a number, an interval or a term.
fn likelihood(value: &Json) -> Result<Value, EditError> {
    match value {
        Json::Number(_) => Ok(Value::from(probability(value, "a likelihood")?)),
        Json::String(term) => Ok(Value::from(term.as_str())),
        Json::Array(ends) if ends.len() == 2 => {
            let lo = probability(&ends[0], "an interval's end")?;
            let hi = probability(&ends[1], "an interval's end")?;
            Ok(Value::Array(Array::from_iter([lo, hi])))
        }
        _ => fail(format!(
            "a likelihood is a number, an interval [lo, hi] or an estimative term, not `{value}`"
        )),
    }
}

/// Appends a new `[[evidence]]` table after the last one.
fn add_evidence(doc: &mut DocumentMut, value: &Json) -> Result<(), EditError> {
    let Json::Object(fields) = value else {
        return fail(
            "a new evidence item is a table of its keys (id, case, claim, likelihood, ...)",
        );
    };
    let Some(id) = fields.get("id").and_then(Json::as_str) else {
        return fail("a new evidence item needs an `id`");
    };
    if doc
        .get("evidence")
        .and_then(Item::as_array_of_tables)
        .is_some_and(|t| {
            t.iter()
                .any(|t| t.get("id").and_then(Item::as_str) == Some(id))
        })
    {
        return fail(format!("an evidence item with id `{id}` already exists"));
    }
    let mut table = Table::new();
    // A blank line before the header, as between the file's own items.
    table.decor_mut().set_prefix("\n");
    for (key, v) in fields {
        table.insert(key, Item::Value(toml_value(v)?));
    }
    let evidence = doc
        .entry("evidence")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(evidence) = evidence.as_array_of_tables_mut() else {
        return fail("the study's `evidence` is not a list of [[evidence]] tables");
    };
    // A table without a position is written right after the table before
    // it in the document: after the last evidence item.
    evidence.push(table);
    Ok(())
}

/// JSON to an inline TOML value (tables become inline tables).
fn toml_value(value: &Json) -> Result<Value, EditError> {
    Ok(match value {
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::from(i),
            (None, Some(f)) => Value::from(f),
            _ => return fail(format!("`{n}` is not a number TOML can hold")),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => {
            let mut array = Array::new();
            for item in items {
                array.push(toml_value(item)?);
            }
            Value::Array(array)
        }
        Json::Object(fields) => {
            let mut table = InlineTable::new();
            for (key, v) in fields {
                // Likelihoods are probabilities: 1 is written 1.0.
                let v = match v {
                    Json::Number(n) => Value::from(n.as_f64().unwrap_or_default()),
                    other => toml_value(other)?,
                };
                table.insert(key, v);
            }
            Value::InlineTable(table)
        }
        Json::Null => return fail("TOML has no null: leave the key out instead"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STUDY: &str = "# top\n[[hypothesis]]\nid = \"a\"   # first\nprior = 0.5 # half\n\n\
        [[hypothesis]]\nid = \"b\"\nprior = 0.5\n\n# items\n[[evidence]]\nid = \"e1\"\n\
        likelihood = { a = 0.9, b = [0.1, 0.3] } # judged\n\n[[case]]\nid = \"c\"\n";

    fn edit(path: &[&str], value: Json) -> Edit {
        Edit {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            value,
        }
    }

    #[test]
    fn a_likelihood_changes_only_its_own_bytes() {
        let out = apply(
            STUDY,
            &[edit(&["evidence", "e1", "likelihood", "b"], json!(0.25))],
        )
        .unwrap();
        assert_eq!(out, STUDY.replace("b = [0.1, 0.3]", "b = 0.25"));
        let out = apply(
            STUDY,
            &[edit(
                &["evidence", "e1", "likelihood", "a"],
                json!([0.5, 0.7]),
            )],
        )
        .unwrap();
        assert_eq!(out, STUDY.replace("a = 0.9", "a = [0.5, 0.7]"));
        let out = apply(
            STUDY,
            &[edit(
                &["evidence", "e1", "likelihood", "a"],
                json!("likely"),
            )],
        )
        .unwrap();
        assert_eq!(out, STUDY.replace("a = 0.9", "a = \"likely\""));
    }

    #[test]
    fn a_prior_keeps_its_comment() {
        let out = apply(STUDY, &[edit(&["hypothesis", "a", "prior"], json!(0.25))]).unwrap();
        assert_eq!(
            out,
            STUDY.replace("prior = 0.5 # half", "prior = 0.25 # half")
        );
    }

    #[test]
    fn a_new_key_and_a_new_item_go_where_they_belong() {
        let out = apply(
            STUDY,
            &[edit(&["evidence", "e1", "observed"], json!(false))],
        )
        .unwrap();
        assert!(
            out.contains("# judged\nobserved = false\n\n[[case]]"),
            "{out}"
        );
        let out = apply(
            STUDY,
            &[edit(
                &["evidence", "+"],
                json!({"id": "e2", "claim": "x", "likelihood": {"a": 1, "b": 0.5}}),
            )],
        )
        .unwrap();
        assert!(
            out.contains("# judged\n\n[[evidence]]\nid = \"e2\"\nclaim = \"x\"\nlikelihood = { a = 1.0, b = 0.5 }\n\n[[case]]"),
            "{out}"
        );
    }

    #[test]
    fn bad_edits_say_why() {
        let err = apply(
            STUDY,
            &[edit(&["evidence", "nope", "observed"], json!(true))],
        )
        .unwrap_err();
        assert!(err.0.contains("no evidence with id `nope`"));
        let err = apply(STUDY, &[edit(&["hypothesis", "a", "prior"], json!(2))]).unwrap_err();
        assert!(err.0.contains("between 0 and 1"));
        let err = apply(STUDY, &[edit(&["study", "title"], json!("x"))]).unwrap_err();
        assert!(err.0.contains("cannot edit `study.title`"));
        let err = apply(STUDY, &[edit(&["evidence", "+"], json!({"id": "e1"}))]).unwrap_err();
        assert!(err.0.contains("already exists"));
    }
}
