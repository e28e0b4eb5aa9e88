//! `probative schema`: JSON Schemas of the study file and of an analyst
//! file, for editors that complete and validate TOML by schema (Taplo- and
//! Tombi-based: VS Code, Helix, Zed, Neovim) with no probative running.
//!
//! Each key's description is the row of `docs/study-format.md` that
//! documents it (compiled in, so the schema and the contract never drift);
//! keys of format 1.1 that the page does not document yet carry the
//! description of the format's specification. The schema says what can be
//! said without reading the whole study: types, required keys, unknown
//! keys, ranges, the id pattern, the estimative terms; cross-references
//! (ids that must exist, priors that sum to 1) stay `probative check`'s.

use std::path::Path;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

/// The study format's documentation, for the descriptions.
const STUDY_FORMAT: &str = include_str!("../../../docs/study-format.md");

/// The name of the schema file written beside a study.
pub const FILE_NAME: &str = "study.schema.json";

/// The line that points an editor at the schema, first in a written study.
pub const DIRECTIVE: &str = "#:schema ./study.schema.json\n";

/// The ICD 203 terms (any case, surrounding spaces allowed, as the reader).
const TERMS: [&str; 14] = [
    "almost no chance",
    "remote",
    "very unlikely",
    "highly improbable",
    "unlikely",
    "improbable",
    "roughly even chance",
    "roughly even odds",
    "likely",
    "probable",
    "very likely",
    "highly probable",
    "almost certain",
    "nearly certain",
];

/// Descriptions of format 1.1 keys not (yet) in `docs/study-format.md`:
/// (table, key, description).
const FORMAT_1_1: &[(&str, &str, &str)] = &[
    (
        "[study]",
        "scope",
        "what the conclusion claims to cover: the studied cases (`cases`, the default); cases beyond them (`population`); the future (`forecast`)",
    ),
    (
        "[study]",
        "encoded_by",
        "who encoded the study: the person who wrote these judgments, when not the authors of the work encoded",
    ),
    (
        "[[hypothesis]]",
        "catch_all",
        "none of the above: the hypothesis that stands for every explanation not stated",
    ),
    (
        "[[case]]",
        "outcome",
        "the outcome the case exhibits, in a few words (\"no reciprocation\")",
    ),
    (
        "[[event]]",
        "after",
        "this event happened after those events (ids)",
    ),
    (
        "[[evidence]]",
        "search_sensitivity",
        "for an absence: how likely the search would have found E had it been there, in [0, 1]",
    ),
    (
        "[[evidence]]",
        "via",
        "the sources (citation keys) through which this report reached the cited `source`",
    ),
    (
        "[[evidence]]",
        "quote_status",
        "`verbatim` (default where `quote` is given); `as-cited`: taken from a secondary text, not checked against the original; `paraphrase`: not the source's own words",
    ),
    (
        "[[evidence]]",
        "tags",
        "free labels, for `--without tag:NAME`",
    ),
];

/// `probative schema [--analyst]`: prints the schema.
pub fn print(analyst: bool) -> ExitCode {
    let schema = if analyst {
        analyst_schema()
    } else {
        study_schema()
    };
    crate::io::print(&format!("{}\n", pretty(&schema)))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Writes the study schema as `study.schema.json` in `dir`, for a study
/// whose first line is [`DIRECTIVE`]. `probative example` and `probative
/// new` call this.
pub fn write_beside(dir: &Path) -> Result<(), String> {
    let text = pretty(&study_schema()) + "\n";
    crate::io::write_atomically(&dir.join(FILE_NAME), &[], |out| {
        out.write_all(text.as_bytes())
    })
}

/// The description of `key` in the table of the section headed by `table`
/// (`[study]`, `[[evidence]]`) of the study format's page.
fn documented(table: &str, key: &str) -> Option<String> {
    let heading = format!("`{table}`");
    let mut in_section = false;
    for line in STUDY_FORMAT.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            in_section = title.starts_with(&heading);
            continue;
        }
        if !in_section || !line.starts_with("| `") {
            continue;
        }
        // | `key` | type or default | meaning |, where a cell may hold an
        // escaped bar.
        let cells: Vec<String> = line
            .replace("\\|", "\u{1}")
            .split('|')
            .map(|c| c.trim().replace('\u{1}', "|"))
            .collect();
        if cells.len() >= 4 && cells[1] == format!("`{key}`") {
            let (kind, meaning) = (&cells[2], &cells[3]);
            return Some(if meaning.is_empty() {
                kind.clone()
            } else {
                format!("{meaning} ({kind})")
            });
        }
    }
    None
}

fn describe(table: &str, key: &str, mut schema: Value) -> Value {
    let description = documented(table, key).or_else(|| {
        FORMAT_1_1
            .iter()
            .find(|(t, k, _)| *t == table && *k == key)
            .map(|(_, _, d)| (*d).to_owned())
    });
    if let (Some(d), Some(object)) = (description, schema.as_object_mut()) {
        object.insert("description".to_owned(), Value::String(d));
    }
    schema
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn id() -> Value {
    json!({ "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]*$" })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn boolean() -> Value {
    json!({ "type": "boolean" })
}

fn probability() -> Value {
    json!({ "type": "number", "minimum": 0, "maximum": 1 })
}

fn one_of(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// A term as the reader takes it: any case, spaces around.
fn term_pattern() -> String {
    let words: Vec<String> = TERMS
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        })
        .collect();
    format!("^\\s*({})\\s*$", words.join("|"))
}

/// A likelihood value: a number, an interval or an ICD 203 term.
fn likelihood_value() -> Value {
    json!({
        "description": "P(E | H): a number in [0, 1]; an interval [lo, hi] with 0 <= lo <= hi <= 1; or an ICD 203 term (almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain, and their synonyms)",
        "anyOf": [
            probability(),
            { "type": "array", "items": probability(), "minItems": 2, "maxItems": 2 },
            { "type": "string", "pattern": term_pattern() }
        ]
    })
}

/// A table of `keys`, each described from the docs, with `required` keys
/// and no others.
fn table(name: &str, keys: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let mut properties = Map::new();
    for (key, schema) in keys {
        properties.insert(key.to_owned(), describe(name, key, schema));
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

fn list_of(table: &Value, description: &str, at_least: usize) -> Value {
    json!({ "type": "array", "description": description, "items": table, "minItems": at_least })
}

/// The JSON Schema of a study file.
pub fn study_schema() -> Value {
    let study = table(
        "[study]",
        vec![
            ("title", string()),
            ("question", string()),
            ("authors", strings()),
            ("summary", string()),
            ("focus", id()),
            ("bibliography", string()),
            ("scope", one_of(&["cases", "population", "forecast"])),
            ("encoded_by", json!({ "anyOf": [string(), strings()] })),
            ("model", string()),
        ],
        &["title"],
    );
    let settings = table(
        "[settings]",
        vec![
            (
                "strong_db",
                json!({ "type": "number", "exclusiveMinimum": 0 }),
            ),
            ("citation_style", string()),
        ],
        &[],
    );
    let hypothesis = table(
        "[[hypothesis]]",
        vec![
            ("id", id()),
            ("title", string()),
            ("statement", string()),
            (
                "prior",
                json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 1 }),
            ),
            ("catch_all", boolean()),
            ("query", string()),
        ],
        &["id", "title"],
    );
    let case = table(
        "[[case]]",
        vec![
            ("id", id()),
            ("title", string()),
            ("period", string()),
            ("summary", string()),
            ("outcome", string()),
            ("given", string()),
        ],
        &["id", "title"],
    );
    let event = table(
        "[[event]]",
        vec![
            ("id", id()),
            (
                "date",
                json!({ "type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$" }),
            ),
            ("case", id()),
            ("actor", string()),
            ("summary", string()),
            ("evidence", strings()),
            ("after", strings()),
        ],
        &["id", "date", "summary"],
    );
    let evidence = table(
        "[[evidence]]",
        vec![
            ("id", id()),
            ("case", id()),
            ("claim", string()),
            ("quote", string()),
            ("source", string()),
            ("locator", string()),
            (
                "source_kind",
                one_of(&[
                    "official",
                    "participant",
                    "press",
                    "scholarly",
                    "other",
                    "opinion",
                ]),
            ),
            ("observed", boolean()),
            ("search", string()),
            (
                "likelihood",
                json!({ "anyOf": [
                    { "type": "object", "additionalProperties": likelihood_value() },
                    {
                        "type": "object",
                        "description": "format 1.2: the likelihoods of a causal model's clue, P(clue | the case's given, H's query)",
                        "properties": { "clue": string() },
                        "required": ["clue"],
                        "additionalProperties": false
                    }
                ] }),
            ),
            ("rationale", string()),
            ("reliability", probability()),
            ("depends_on", strings()),
            (
                "declared_test",
                one_of(&[
                    "straw-in-the-wind",
                    "hoop",
                    "smoking-gun",
                    "doubly-decisive",
                ]),
            ),
            ("declared_for", id()),
            ("search_sensitivity", probability()),
            ("via", strings()),
            (
                "quote_status",
                one_of(&["verbatim", "as-cited", "paraphrase"]),
            ),
            ("tags", strings()),
        ],
        &["id", "claim", "likelihood"],
    );
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://probative.invalid/study.schema.json",
        "title": "probative study",
        "description": "A process-tracing study: rival hypotheses, cases, a timeline and evidence judged against every hypothesis. See docs/study-format.md; `probative check` checks what a schema cannot (references, priors summing to 1).",
        "type": "object",
        "properties": {
            "study": study,
            "settings": settings,
            "hypothesis": list_of(&hypothesis, "Mutually exclusive rival explanations of the same outcome (at least two).", 2),
            "case": list_of(&case, "The cases the evidence comes from.", 0),
            "event": list_of(&event, "The timeline: dated events.", 0),
            "evidence": list_of(&evidence, "Each item is one test: an observation, how likely it is under each hypothesis, and whether it was found.", 0)
        },
        "required": ["study", "hypothesis"],
        "additionalProperties": false
    })
}

/// The JSON Schema of an analyst file (`analysts/NAME.toml`).
pub fn analyst_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://probative.invalid/analyst.schema.json",
        "title": "probative analyst file",
        "description": "One analyst's judgments of a study (analysts/NAME.toml): priors and likelihoods that replace the study's own for that analyst.",
        "type": "object",
        "properties": {
            "analyst": {
                "type": "object",
                "properties": {
                    "name": { "type": "string", "description": "shown in reports; the file name is the id" },
                    "weight": { "type": "number", "exclusiveMinimum": 0, "description": "the analyst's weight in the pool (> 0; default 1)" },
                    "judged": { "type": "string", "description": "when these judgments were made (a date)" }
                },
                "additionalProperties": false
            },
            "priors": {
                "type": "object",
                "description": "optional: a prior for every hypothesis or none, summing to 1",
                "additionalProperties": { "type": "number", "exclusiveMinimum": 0, "maximum": 1 }
            },
            "judgment": {
                "type": "array",
                "description": "the analyst's judgment of evidence items",
                "items": {
                    "type": "object",
                    "properties": {
                        "evidence": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]*$", "description": "the evidence item's id" },
                        "likelihood": { "type": "object", "additionalProperties": likelihood_value(), "description": "values as in the study; hypotheses not named keep the study's values" },
                        "reliability": { "type": "number", "minimum": 0, "maximum": 1, "description": "default: the study's value" },
                        "rationale": { "type": "string", "description": "why these likelihoods" }
                    },
                    "required": ["evidence"],
                    "additionalProperties": false
                }
            }
        },
        "additionalProperties": false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_come_from_the_format_page() {
        let schema = study_schema();
        let reliability = &schema["properties"]["evidence"]["items"]["properties"]["reliability"];
        assert_eq!(
            reliability["description"],
            "how far the report of E can be trusted (number in [0, 1], default 1)"
        );
        let likelihood = &schema["properties"]["evidence"]["items"]["properties"]["likelihood"];
        assert!(
            likelihood["description"]
                .as_str()
                .unwrap()
                .contains("P(E | H)")
        );
        // Every key has a description.
        for (name, table) in schema["properties"].as_object().unwrap() {
            let table = table.get("items").unwrap_or(table);
            for (key, value) in table["properties"].as_object().unwrap() {
                assert!(
                    value.get("description").is_some(),
                    "{name}.{key} has no description"
                );
            }
        }
    }
}
