//! Walks the TOML tree into the raw document, collecting shape errors.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::document::{
    Node, RawCase, RawEvent, RawEvidence, RawHeader, RawHypothesis, RawLikelihood,
    RawLikelihoodTable, RawSettings, RawStudy,
};
use crate::diagnostic::{Diagnostic, Span};

/// The keys each table accepts, used for "unknown field" and its hint.
const STUDY_KEYS: &[&str] = &[
    "title",
    "question",
    "authors",
    "summary",
    "focus",
    "bibliography",
];
const SETTINGS_KEYS: &[&str] = &["strong_db", "citation_style"];
const HYPOTHESIS_KEYS: &[&str] = &["id", "title", "statement", "prior"];
const CASE_KEYS: &[&str] = &["id", "title", "period", "summary"];
const EVENT_KEYS: &[&str] = &["id", "date", "case", "actor", "summary", "evidence"];
const EVIDENCE_KEYS: &[&str] = &[
    "id",
    "case",
    "claim",
    "quote",
    "source",
    "locator",
    "source_kind",
    "observed",
    "search",
    "likelihood",
    "rationale",
    "reliability",
    "depends_on",
    "declared_test",
    "declared_for",
];
/// Every key of every table: for "is this unknown key a misspelt required
/// one?" where the caller does not pass the table's own list.
const ALL_KEYS: &[&str] = &[
    "id",
    "title",
    "question",
    "authors",
    "summary",
    "focus",
    "bibliography",
    "statement",
    "prior",
    "period",
    "date",
    "case",
    "actor",
    "evidence",
    "claim",
    "quote",
    "source",
    "locator",
    "source_kind",
    "observed",
    "search",
    "likelihood",
    "rationale",
    "reliability",
    "depends_on",
    "declared_test",
    "declared_for",
];
const TOP_KEYS: &[&str] = &[
    "study",
    "settings",
    "hypothesis",
    "case",
    "event",
    "evidence",
];

/// The most TOML syntax errors reported: past a handful, the file is
/// probably not TOML at all and more messages only bury the first.
const MAX_SYNTAX_ERRORS: usize = 10;

pub(super) fn read(text: &str) -> (RawStudy, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (root, errors) = DeTable::parse_recoverable(text);
    for error in errors.iter().take(MAX_SYNTAX_ERRORS) {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().trim_end_matches('.').to_owned();
        diagnostics.push(
            Diagnostic::error("syntax", format!("this is not valid TOML: {message}"))
                .at(clamp(span, text.len()))
                .with_help("see the TOML syntax at https://toml.io; strings need quotes, tables `[name]`, lists `[[name]]`"),
        );
    }
    let mut study = RawStudy {
        toml_ok: errors.is_empty(),
        ..RawStudy::default()
    };
    let mut walker = Walker {
        diagnostics: &mut diagnostics,
    };
    let root_span = root.span();
    let root = root.get_ref();
    walker.unknown_keys(root, TOP_KEYS, "at the top level of a study");

    if let Some((table, span)) = walker.table(root, "study") {
        study.header = Some(walker.header(table, span));
    } else if study.toml_ok {
        walker.diagnostics.push(
            Diagnostic::error("missing-field", "the study has no `[study]` table")
                .at(root_span.start..root_span.start)
                .with_help("start the file with `[study]` and a `title = \"...\"`"),
        );
    }
    if let Some((table, _)) = walker.table(root, "settings") {
        study.settings = walker.settings(table);
    }
    for (table, span) in walker.tables(root, "hypothesis") {
        study.hypotheses.push(walker.hypothesis(table, span));
    }
    for (table, span) in walker.tables(root, "case") {
        study.cases.push(walker.case(table, span));
    }
    for (table, span) in walker.tables(root, "event") {
        study.events.push(walker.event(table, span));
    }
    for (table, span) in walker.tables(root, "evidence") {
        study
            .evidence
            .push(walker.evidence(table, span, study.toml_ok));
    }
    (study, diagnostics)
}

fn clamp(span: Span, len: usize) -> Span {
    span.start.min(len)..span.end.min(len)
}

struct Walker<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
}

type Entry<'a, 'i> = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

impl Walker<'_> {
    fn header(&mut self, t: &DeTable<'_>, span: Span) -> RawHeader {
        self.unknown_keys(t, STUDY_KEYS, "in `[study]`");
        let header = RawHeader {
            title: self.string(t, "title"),
            question: self.string(t, "question"),
            authors: self.strings(t, "authors"),
            summary: self.string(t, "summary"),
            focus: self.string(t, "focus"),
            bibliography: self.string(t, "bibliography"),
            span: span.clone(),
        };
        if header.title.is_none() && t.get("title").is_none() && !misspelt(t, "title", STUDY_KEYS) {
            self.missing(&span, "`[study]` has no `title`", "title = \"...\"");
        }
        header
    }

    fn settings(&mut self, t: &DeTable<'_>) -> RawSettings {
        self.unknown_keys(t, SETTINGS_KEYS, "in `[settings]`");
        RawSettings {
            strong_db: self.number(t, "strong_db"),
            citation_style: self.string(t, "citation_style"),
        }
    }

    fn hypothesis(&mut self, t: &DeTable<'_>, span: Span) -> RawHypothesis {
        self.unknown_keys(t, HYPOTHESIS_KEYS, "in a `[[hypothesis]]`");
        RawHypothesis {
            id: self.required_string(t, "id", &span, "a `[[hypothesis]]`"),
            title: self.required_string(t, "title", &span, "a `[[hypothesis]]`"),
            statement: self.string(t, "statement"),
            prior: self.number(t, "prior"),
            span,
        }
    }

    fn case(&mut self, t: &DeTable<'_>, span: Span) -> RawCase {
        self.unknown_keys(t, CASE_KEYS, "in a `[[case]]`");
        RawCase {
            id: self.required_string(t, "id", &span, "a `[[case]]`"),
            title: self.required_string(t, "title", &span, "a `[[case]]`"),
            period: self.string(t, "period"),
            summary: self.string(t, "summary"),
            span,
        }
    }

    fn event(&mut self, t: &DeTable<'_>, span: Span) -> RawEvent {
        self.unknown_keys(t, EVENT_KEYS, "in an `[[event]]`");
        RawEvent {
            id: self.required_string(t, "id", &span, "an `[[event]]`"),
            date: self.required_string(t, "date", &span, "an `[[event]]`"),
            case: self.string(t, "case"),
            actor: self.string(t, "actor"),
            summary: self.required_string(t, "summary", &span, "an `[[event]]`"),
            evidence: self.strings(t, "evidence"),
            span,
        }
    }

    fn evidence(&mut self, t: &DeTable<'_>, span: Span, toml_ok: bool) -> RawEvidence {
        self.unknown_keys(t, EVIDENCE_KEYS, "in an `[[evidence]]`");
        let likelihood = self.likelihood(t);
        if likelihood.is_none()
            && t.get("likelihood").is_none()
            && toml_ok
            && !misspelt(t, "likelihood", EVIDENCE_KEYS)
        {
            self.missing(
                &span,
                "this evidence item has no `likelihood` table",
                "likelihood = { <hypothesis id> = 0.8, <rival id> = 0.3 }",
            );
        }
        RawEvidence {
            id: self.required_string(t, "id", &span, "an `[[evidence]]`"),
            case: self.string(t, "case"),
            claim: self.required_string(t, "claim", &span, "an `[[evidence]]`"),
            quote: self.string(t, "quote"),
            source: self.string(t, "source"),
            locator: self.string(t, "locator"),
            source_kind: self.string(t, "source_kind"),
            observed: self.boolean(t, "observed"),
            search: self.string(t, "search"),
            likelihood,
            rationale: self.string(t, "rationale"),
            reliability: self.number(t, "reliability"),
            depends_on: self.strings(t, "depends_on"),
            declared_test: self.string(t, "declared_test"),
            declared_for: self.string(t, "declared_for"),
            span,
        }
    }

    fn likelihood(&mut self, t: &DeTable<'_>) -> Option<RawLikelihoodTable> {
        let value = t.get("likelihood")?;
        let Some(table) = value.get_ref().as_table() else {
            self.wrong_type(value, "likelihood", "a table `{ hypothesis = value, ... }`");
            return None;
        };
        let mut entries = Vec::new();
        for (key, value) in ordered(table) {
            let span = value.span();
            let raw = match value.get_ref() {
                DeValue::String(term) => Some(RawLikelihood::Term(term.to_string())),
                DeValue::Array(items) => {
                    let numbers: Vec<Option<f64>> =
                        items.iter().map(|item| number_of(item.get_ref())).collect();
                    if let [Some(lo), Some(hi)] = numbers.as_slice() {
                        Some(RawLikelihood::Interval(*lo, *hi))
                    } else {
                        {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    "invalid-value",
                                    "a likelihood interval must be two numbers `[lo, hi]`",
                                )
                                .at(span.clone())
                                .with_help("write it as `[0.6, 0.8]`, with 0 <= lo <= hi <= 1"),
                            );
                            None
                        }
                    }
                }
                other => {
                    if let Some(x) = number_of(other) {
                        Some(RawLikelihood::Number(x))
                    } else {
                        self.wrong_type(
                            value,
                            &format!("likelihood.{}", key.get_ref()),
                            "a number, an interval `[lo, hi]` or a term such as \"likely\"",
                        );
                        None
                    }
                }
            };
            if let Some(raw) = raw {
                entries.push((
                    Node::new(key.get_ref().to_string(), key.span()),
                    Node::new(raw, span),
                ));
            }
        }
        Some(Node::new(entries, value.span()))
    }

    /// The single table under `key`, if it is one.
    fn table<'a, 'i>(&mut self, t: &'a DeTable<'i>, key: &str) -> Option<(&'a DeTable<'i>, Span)> {
        let value = t.get(key)?;
        if let Some(table) = value.get_ref().as_table() {
            Some((table, value.span()))
        } else {
            self.wrong_type(value, key, &format!("a table `[{key}]`"));
            None
        }
    }

    /// The array of tables under `key` (`[[key]]`), in file order.
    fn tables<'a, 'i>(&mut self, t: &'a DeTable<'i>, key: &str) -> Vec<(&'a DeTable<'i>, Span)> {
        let Some(value) = t.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(value, key, &format!("a list of tables `[[{key}]]`"));
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items {
            if let Some(table) = item.get_ref().as_table() {
                tables.push((table, item.span()));
            } else {
                self.wrong_type(item, key, &format!("a table `[[{key}]]`"));
            }
        }
        tables
    }

    fn string(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<String>> {
        let value = t.get(key)?;
        if let Some(s) = value.get_ref().as_str() {
            Some(Node::new(s.to_owned(), value.span()))
        } else {
            self.wrong_type(value, key, "a string in quotes");
            None
        }
    }

    fn required_string(
        &mut self,
        t: &DeTable<'_>,
        key: &str,
        span: &Span,
        what: &str,
    ) -> Option<Node<String>> {
        if t.get(key).is_none() {
            // A misspelt key is already reported as unknown, with the hint.
            if !misspelt(t, key, ALL_KEYS) {
                self.missing(
                    span,
                    &format!("{what} has no `{key}`"),
                    &format!("{key} = \"...\""),
                );
            }
            return None;
        }
        self.string(t, key)
    }

    fn strings(&mut self, t: &DeTable<'_>, key: &str) -> Vec<Node<String>> {
        let Some(value) = t.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(value, key, "a list of strings `[\"a\", \"b\"]`");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if let Some(s) = item.get_ref().as_str() {
                out.push(Node::new(s.to_owned(), item.span()));
            } else {
                self.wrong_type(item, key, "a string in quotes");
            }
        }
        out
    }

    fn number(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<f64>> {
        let value = t.get(key)?;
        if let Some(x) = number_of(value.get_ref()) {
            Some(Node::new(x, value.span()))
        } else {
            self.wrong_type(value, key, "a number");
            None
        }
    }

    fn boolean(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<bool>> {
        let value = t.get(key)?;
        if let Some(b) = value.get_ref().as_bool() {
            Some(Node::new(b, value.span()))
        } else {
            self.wrong_type(value, key, "`true` or `false`");
            None
        }
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, key: &str, expected: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                "invalid-value",
                format!(
                    "`{key}` must be {expected}, not {}",
                    describe(value.get_ref())
                ),
            )
            .at(value.span())
            .with_help(format!("write `{key}` as {expected}")),
        );
    }

    fn missing(&mut self, span: &Span, message: &str, example: &str) {
        // Point at the table's first line: that is where the key belongs.
        self.diagnostics.push(
            Diagnostic::error("missing-field", message)
                .at(span.start..span.start)
                .with_help(format!("add `{example}`")),
        );
    }

    fn unknown_keys(&mut self, t: &DeTable<'_>, known: &[&str], context: &str) {
        for (key, _) in ordered(t) {
            let name = key.get_ref();
            if known.contains(&name.as_ref()) {
                continue;
            }
            let mut diagnostic =
                Diagnostic::error("unknown-field", format!("unknown field `{name}` {context}"))
                    .at(key.span());
            diagnostic = match closest(name, known) {
                Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                None => diagnostic.with_help(format!(
                    "the fields allowed here are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            self.diagnostics.push(diagnostic);
        }
    }
}

/// Whether the table has an unknown key that is most likely a misspelling
/// of `key`, among the `known` keys of that table.
fn misspelt(t: &DeTable<'_>, key: &str, known: &[&str]) -> bool {
    t.iter().any(|(k, _)| {
        let k = k.get_ref();
        !known.contains(&k.as_ref()) && closest(k, known) == Some(key)
    })
}

/// A table's entries in file order. The map keeps insertion order, which
/// follows the file except across dotted keys and reopened tables; sorting
/// by span makes it exact.
fn ordered<'a, 'i>(t: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = t.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// The closest known name to a misspelt one, if any is close enough to be
/// what the user meant.
pub(crate) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| {
            (
                *k,
                strsim::normalized_damerau_levenshtein(&name.to_lowercase(), k),
            )
        })
        .filter(|(_, score)| *score >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(&without_underscores(i.as_str()), i.radix())
            .ok()
            .map(|i| i as f64),
        DeValue::Float(f) => without_underscores(f.as_str()).parse::<f64>().ok(),
        _ => None,
    }
}

/// TOML allows `1_000`; only such numbers pay for removing the underscores.
fn without_underscores(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('_') {
        text.replace('_', "").into()
    } else {
        text.into()
    }
}

fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_array_tables_start_at_their_header() {
        let text = "[study]\ntitle = \"t\"\n\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n";
        let (study, diagnostics) = read(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let span = &study.hypotheses[0].span;
        let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
        assert_eq!(line_of(span.start), 4, "span {span:?}");
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        assert_eq!(closest("likelyhood", EVIDENCE_KEYS), Some("likelihood"));
        assert_eq!(closest("zzzzzz", EVIDENCE_KEYS), None);
    }
}
