//! Walks the TOML tree into the raw document, collecting shape errors.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::document::{
    Node, RawCase, RawEvent, RawEvidence, RawHeader, RawHypothesis, RawLikelihood,
    RawLikelihoodTable, RawSettings, RawStudy,
};
use super::suggest::{closest, describe};
use crate::diagnostic::{Diagnostic, Span};

/// The keys each table accepts, used for "unknown field" and its hint.
const STUDY_KEYS: &[&str] = &[
    "title",
    "question",
    "authors",
    "summary",
    "focus",
    "bibliography",
    "scope",
    "encoded_by",
    "model",
];
const SETTINGS_KEYS: &[&str] = &["strong_db", "citation_style"];
const HYPOTHESIS_KEYS: &[&str] = &["id", "title", "statement", "prior", "catch_all", "query"];
const CASE_KEYS: &[&str] = &["id", "title", "period", "summary", "outcome", "given"];
const EVENT_KEYS: &[&str] = &[
    "id", "date", "case", "actor", "summary", "evidence", "after",
];
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
    "search_sensitivity",
    "via",
    "quote_status",
    "tags",
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
    "scope",
    "encoded_by",
    "catch_all",
    "outcome",
    "after",
    "search_sensitivity",
    "via",
    "quote_status",
    "tags",
    "model",
    "query",
    "given",
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
pub(super) const MAX_SYNTAX_ERRORS: usize = 10;

pub(super) fn read(text: &str) -> (RawStudy, Vec<Diagnostic>) {
    if text.len() >= PARALLEL_FROM_BYTES
        && let Some(read) = read_in_parts(text)
    {
        return read;
    }
    read_whole(text)
}

/// Files from this size are parsed in parts on several cores.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// The header that starts each part after the first.
const PART_HEADER: &str = "\n[[evidence]]\n";

fn read_whole(text: &str) -> (RawStudy, Vec<Diagnostic>) {
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
        offset: 0,
        complete: errors.is_empty(),
    };
    walker.root(root.get_ref(), root.span(), &mut study);
    (study, diagnostics)
}

/// Parses a large file in parts, each on its own core: the file is cut
/// before `[[evidence]]` lines into as many parts as there are cores, and
/// the parts' lists of tables are joined in file order.
///
/// Cutting a TOML file is safe only where the parts, parsed alone, mean what
/// they mean in the whole file. So any doubt sends the file back to
/// [`read_whole`], which then reports exactly what a single parse reports:
/// a part with a TOML error (a cut inside a multi-line string leaves one
/// unterminated), a later part with anything but `[[hypothesis]]`,
/// `[[case]]`, `[[event]]` or `[[evidence]]` tables at its top level, or a
/// list written inline (`evidence = [...]`), which later headers could not
/// extend.
fn read_in_parts(text: &str) -> Option<(RawStudy, Vec<Diagnostic>)> {
    let parts = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    if parts < 2 {
        return None;
    }
    let mut starts = vec![0];
    for i in 1..parts {
        let from = (text.len() * i / parts).max(starts[starts.len() - 1] + 1);
        let Some(found) = text.get(from..).and_then(|rest| rest.find(PART_HEADER)) else {
            break;
        };
        // The part starts on the header line itself.
        let start = from + found + 1;
        if start > starts[starts.len() - 1] {
            starts.push(start);
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let bounds: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(text.len())))
        .collect();
    let read: Vec<Option<(RawStudy, Vec<Diagnostic>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = bounds
            .iter()
            .map(|&(start, end)| scope.spawn(move || read_part(&text[start..end], start)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().ok().flatten())
            .collect()
    });
    let mut read = read.into_iter();
    let (mut study, mut diagnostics) = read.next()??;
    for part in read {
        let (more, found) = part?;
        study.hypotheses.extend(more.hypotheses);
        study.cases.extend(more.cases);
        study.events.extend(more.events);
        study.evidence.extend(more.evidence);
        diagnostics.extend(found);
    }
    Some((study, diagnostics))
}

/// Reads one part starting at byte `offset`; `None` when the part cannot be
/// read apart from the rest (see [`read_in_parts`]).
fn read_part(part: &str, offset: usize) -> Option<(RawStudy, Vec<Diagnostic>)> {
    const LISTS: [&str; 4] = ["hypothesis", "case", "event", "evidence"];
    let (root, errors) = DeTable::parse_recoverable(part);
    if !errors.is_empty() {
        return None;
    }
    let table = root.get_ref();
    for (key, value) in table {
        let listed = LISTS.contains(&key.get_ref().as_ref());
        if offset > 0 && !listed {
            return None;
        }
        if listed {
            let items = value.get_ref().as_array()?;
            // Tables of a `[[name]]` list start with their header; an
            // inline list's start with `{`.
            if !items.iter().all(|item| {
                part.get(item.span().start..)
                    .is_some_and(|t| t.starts_with("[["))
            }) {
                return None;
            }
        }
    }
    let mut diagnostics = Vec::new();
    let mut study = RawStudy {
        toml_ok: true,
        ..RawStudy::default()
    };
    let mut walker = Walker {
        diagnostics: &mut diagnostics,
        offset,
        complete: true,
    };
    if offset == 0 {
        walker.root(table, root.span(), &mut study);
    } else {
        walker.lists(table, &mut study);
    }
    Some((study, diagnostics))
}

fn clamp(span: Span, len: usize) -> Span {
    span.start.min(len)..span.end.min(len)
}

pub(super) struct Walker<'d> {
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
    /// Where the parsed text starts in the study file: a part of a large
    /// file parsed on its own has spans relative to itself.
    pub(super) offset: usize,
    /// Whether the whole text was valid TOML; if not, no key is reported
    /// missing.
    pub(super) complete: bool,
}

pub(super) type Entry<'a, 'i> = (&'a Spanned<Cow<'i, str>>, &'a Spanned<DeValue<'i>>);

impl Walker<'_> {
    /// Walks the top level of a study.
    fn root(&mut self, root: &DeTable<'_>, root_span: Span, study: &mut RawStudy) {
        self.unknown_keys(root, TOP_KEYS, "at the top level of a study");
        if let Some((table, span)) = self.table(root, "study") {
            study.header = Some(self.header(table, span));
        } else if study.toml_ok {
            let at = self.at(root_span).start;
            self.diagnostics.push(
                Diagnostic::error("missing-field", "the study has no `[study]` table")
                    .at(at..at)
                    .with_help("start the file with `[study]` and a `title = \"...\"`"),
            );
        }
        if let Some((table, _)) = self.table(root, "settings") {
            study.settings = self.settings(table);
        }
        self.lists(root, study);
    }

    /// Walks the lists of tables: hypotheses, cases, events, evidence.
    fn lists(&mut self, root: &DeTable<'_>, study: &mut RawStudy) {
        for (table, span) in self.tables(root, "hypothesis") {
            study.hypotheses.push(self.hypothesis(table, span));
        }
        for (table, span) in self.tables(root, "case") {
            study.cases.push(self.case(table, span));
        }
        for (table, span) in self.tables(root, "event") {
            study.events.push(self.event(table, span));
        }
        for (table, span) in self.tables(root, "evidence") {
            study
                .evidence
                .push(self.evidence(table, span, study.toml_ok));
        }
    }

    /// A span of the parsed text as a span of the study file.
    pub(super) fn at(&self, span: Span) -> Span {
        span.start + self.offset..span.end + self.offset
    }

    fn header(&mut self, t: &DeTable<'_>, span: Span) -> RawHeader {
        self.unknown_keys(t, STUDY_KEYS, "in `[study]`");
        let header = RawHeader {
            title: self.string(t, "title"),
            question: self.string(t, "question"),
            authors: self.strings(t, "authors"),
            summary: self.string(t, "summary"),
            focus: self.string(t, "focus"),
            bibliography: self.string(t, "bibliography"),
            scope: self.string(t, "scope"),
            encoded_by: self.string(t, "encoded_by"),
            model: self.string(t, "model"),
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
            catch_all: self.boolean(t, "catch_all"),
            query: self.string(t, "query"),
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
            outcome: self.string(t, "outcome"),
            given: self.string(t, "given"),
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
            after: self.strings(t, "after"),
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
            search_sensitivity: self.number(t, "search_sensitivity"),
            via: self.strings(t, "via"),
            quote_status: self.string(t, "quote_status"),
            tags: self.strings(t, "tags"),
            span,
        }
    }

    pub(super) fn likelihood(&mut self, t: &DeTable<'_>) -> Option<RawLikelihoodTable> {
        let value = t.get("likelihood")?;
        let Some(table) = value.get_ref().as_table() else {
            self.wrong_type(value, "likelihood", "a table `{ hypothesis = value, ... }`");
            return None;
        };
        let mut entries = Vec::new();
        for (key, value) in ordered(table) {
            let span = self.at(value.span());
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
                            Some(RawLikelihood::Malformed)
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
                        Some(RawLikelihood::Malformed)
                    }
                }
            };
            if let Some(raw) = raw {
                entries.push((
                    Node::new(key.get_ref().to_string(), self.at(key.span())),
                    Node::new(raw, span),
                ));
            }
        }
        Some(Node::new(entries, self.at(value.span())))
    }

    /// The single table under `key`, if it is one.
    pub(super) fn table<'a, 'i>(
        &mut self,
        t: &'a DeTable<'i>,
        key: &str,
    ) -> Option<(&'a DeTable<'i>, Span)> {
        let value = t.get(key)?;
        if let Some(table) = value.get_ref().as_table() {
            Some((table, self.at(value.span())))
        } else {
            self.wrong_type(value, key, &format!("a table `[{key}]`"));
            None
        }
    }

    /// The array of tables under `key` (`[[key]]`), in file order.
    pub(super) fn tables<'a, 'i>(
        &mut self,
        t: &'a DeTable<'i>,
        key: &str,
    ) -> Vec<(&'a DeTable<'i>, Span)> {
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
                tables.push((table, self.at(item.span())));
            } else {
                self.wrong_type(item, key, &format!("a table `[[{key}]]`"));
            }
        }
        tables
    }

    pub(super) fn string(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<String>> {
        let value = t.get(key)?;
        if let Some(s) = value.get_ref().as_str() {
            Some(Node::new(s.to_owned(), self.at(value.span())))
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
                out.push(Node::new(s.to_owned(), self.at(item.span())));
            } else {
                self.wrong_type(item, key, "a string in quotes");
            }
        }
        out
    }

    pub(super) fn number(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<f64>> {
        let value = t.get(key)?;
        if let Some(x) = number_of(value.get_ref()) {
            Some(Node::new(x, self.at(value.span())))
        } else {
            self.wrong_type(value, key, "a number");
            None
        }
    }

    fn boolean(&mut self, t: &DeTable<'_>, key: &str) -> Option<Node<bool>> {
        let value = t.get(key)?;
        if let Some(b) = value.get_ref().as_bool() {
            Some(Node::new(b, self.at(value.span())))
        } else {
            self.wrong_type(value, key, "`true` or `false`");
            None
        }
    }

    pub(super) fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, key: &str, expected: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                "invalid-value",
                format!(
                    "`{key}` must be {expected}, not {}",
                    describe(value.get_ref())
                ),
            )
            .at(self.at(value.span()))
            .with_help(format!("write `{key}` as {expected}")),
        );
    }

    pub(super) fn missing(&mut self, span: &Span, message: &str, example: &str) {
        // In a file that is not valid TOML the key may sit in the part the
        // parser could not read: the syntax error is the true one.
        if !self.complete {
            return;
        }
        // Point at the table's first line: that is where the key belongs.
        self.diagnostics.push(
            Diagnostic::error("missing-field", message)
                .at(span.start..span.start)
                .with_help(format!("add `{example}`")),
        );
    }

    pub(super) fn unknown_keys(&mut self, t: &DeTable<'_>, known: &[&str], context: &str) {
        for (key, _) in ordered(t) {
            let name = key.get_ref();
            if known.contains(&name.as_ref()) {
                continue;
            }
            let mut diagnostic =
                Diagnostic::error("unknown-field", format!("unknown field `{name}` {context}"))
                    .at(self.at(key.span()));
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
pub(super) fn ordered<'a, 'i>(t: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = t.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

pub(super) fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        // An integer too large for 64 bits is still a number to the user:
        // reading it as one gives the true error ("the prior 1e20 is
        // outside (0, 1]") rather than "not a number".
        DeValue::Integer(i) => {
            let digits = without_underscores(i.as_str());
            i64::from_str_radix(&digits, i.radix())
                .ok()
                .map(|i| i as f64)
                .or_else(|| {
                    (i.radix() == 10)
                        .then(|| digits.parse::<f64>().ok())
                        .flatten()
                })
        }
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

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A study of `n` items, over the size at which it is read in parts.
    fn large(n: usize, extra: &str) -> String {
        let mut text = String::from(
            "[study]\ntitle = \"t\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
        );
        for e in 0..n {
            let _ = write!(
                text,
                "\n[[evidence]]\nid = \"e{e}\"\nclaim = \"An observation of some length, to make the file large: {e}\"\nlikelihood = {{ a = 0.{}, b = \"likely\" }}\n",
                e % 9 + 1
            );
            if e == n / 2 {
                text.push_str(extra);
            }
        }
        text
    }

    #[test]
    fn a_large_file_read_in_parts_reads_as_a_whole() {
        let text = large(12_000, "");
        assert!(text.len() > PARALLEL_FROM_BYTES);
        if std::thread::available_parallelism().map_or(1, usize::from) > 1 {
            assert!(
                read_in_parts(&text).is_some(),
                "a large plain study was not cut"
            );
        }
        let (parts, found) = read(&text);
        let (whole, expected) = read_whole(&text);
        assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
        assert_eq!(found, expected);
        assert_eq!(parts.evidence.len(), 12_000);
    }

    #[test]
    fn a_large_file_that_cannot_be_cut_is_read_whole() {
        let parallel = std::thread::available_parallelism().map_or(1, usize::from) > 1;
        let same = |text: &str| {
            let (parts, found) = read(text);
            let (whole, expected) = read_whole(text);
            assert_eq!(format!("{parts:?}"), format!("{whole:?}"));
            assert_eq!(found, expected);
        };
        // A cut inside a multi-line string leaves the first part unterminated.
        let mut text = large(12_000, "");
        let mid = text.len() / 2;
        let at = mid + text[mid..].find(PART_HEADER).unwrap();
        text.insert_str(at, "\nnote = \"\"\"\n[[evidence]]\n\"\"\"");
        if parallel {
            assert!(read_in_parts(&text).is_none(), "cut inside a string");
        }
        same(&text);
        // `[study]` twice; an inline list that later headers cannot extend.
        let text = large(12_000, "[study]\ntitle = \"again\"\n");
        if parallel {
            assert!(read_in_parts(&text).is_none(), "[study] twice");
        }
        same(&text);
        let inline = large(12_000, "").replacen(
            "[study]\ntitle = \"t\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
            "hypothesis = [{ id = \"a\", title = \"A\" }, { id = \"b\", title = \"B\" }]\n[study]\ntitle = \"t\"\n",
            1,
        );
        if parallel {
            assert!(read_in_parts(&inline).is_none(), "inline list");
        }
        same(&inline);
        // Problems inside a part are reported at their place in the file.
        same(&large(12_000, "[settings]\nstrong_db = 3\n"));
        same(&large(
            12_000,
            "[[evidence]]\nid = \"x\"\nclaim = \"c\"\nlikelyhood = { a = 1, b = 0 }\n",
        ));
    }

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
