//! Problems found in a study, as data.
//!
//! Every stage reports what it finds as [`Diagnostic`] values instead of
//! stopping at the first problem, so that one run shows the user everything
//! that is wrong. A diagnostic knows where it points (a byte span in the study
//! file, or an entry of the bibliography) but not how it is shown: rendering
//! belongs to `probative-render`.

use std::fmt;
use std::ops::Range;

/// A byte range in the study file.
pub type Span = Range<usize>;

/// How serious a diagnostic is. The order matters: `Note < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Note,
    /// Weak reasoning; fails a run only under `--deny warnings`.
    Warning,
    /// The study cannot be read, its numbers are undefined, or a citation
    /// dangles: always fails a run.
    Error,
}

impl Severity {
    /// The lower-case name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which file a diagnostic points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The study as a whole: no line.
    Study,
    /// A byte span of the study file.
    StudySpan(Span),
    /// A byte span of the bibliography file.
    BibliographySpan(Span),
    /// An entry of the bibliography, by key (no line is reported for it).
    BibliographyEntry(String),
    /// A byte span of an analyst's file (`analysts/ID.toml`), by analyst id.
    AnalystSpan(String, Span),
}

/// The item of the study a diagnostic is about, for the JSON report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    /// An evidence id.
    pub evidence: Option<String>,
    /// A case id.
    pub case: Option<String>,
    /// A hypothesis id.
    pub hypothesis: Option<String>,
    /// A bibliography key.
    pub source: Option<String>,
}

/// One problem: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable kebab-case code, e.g. `unknown-field` or `declared-test-mismatch`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where it is.
    pub location: Location,
    /// What it is about.
    pub subject: Subject,
    /// Secondary places worth showing, each with a short label.
    pub labels: Vec<(Span, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic about the study as a whole.
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            location: Location::Study,
            subject: Subject::default(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// A new error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// Places the diagnostic at a span of the study file.
    #[must_use]
    pub fn at(mut self, span: Span) -> Self {
        self.location = Location::StudySpan(span);
        self
    }

    /// Places the diagnostic at a span of the bibliography file.
    #[must_use]
    pub fn in_bibliography(mut self, span: Span) -> Self {
        self.location = Location::BibliographySpan(span);
        self
    }

    /// Moves a diagnostic found in an analyst's file into that file: the
    /// readers place what they find in "the file they read", which for an
    /// analyst is not the study.
    #[must_use]
    pub fn in_analyst(mut self, analyst: &str) -> Self {
        let span = match &self.location {
            Location::StudySpan(span) | Location::AnalystSpan(_, span) => span.clone(),
            _ => 0..0,
        };
        self.location = Location::AnalystSpan(analyst.to_owned(), span);
        self
    }

    /// Adds advice on what to do.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary labelled place.
    #[must_use]
    pub fn with_label(mut self, span: Span, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }

    /// Names the evidence item it is about.
    #[must_use]
    pub fn for_evidence(mut self, id: &str) -> Self {
        self.subject.evidence = Some(id.to_owned());
        self
    }

    /// Names the case it is about.
    #[must_use]
    pub fn for_case(mut self, id: &str) -> Self {
        self.subject.case = Some(id.to_owned());
        self
    }

    /// Names the hypothesis it is about.
    #[must_use]
    pub fn for_hypothesis(mut self, id: &str) -> Self {
        self.subject.hypothesis = Some(id.to_owned());
        self
    }

    /// Names the bibliography key it is about.
    #[must_use]
    pub fn for_source(mut self, key: &str) -> Self {
        self.subject.source = Some(key.to_owned());
        self
    }

    /// The span in the study file, if the diagnostic points into it.
    pub fn study_span(&self) -> Option<&Span> {
        match &self.location {
            Location::StudySpan(span) => Some(span),
            _ => None,
        }
    }
}

/// A number from a file as a message quotes it: as written in short form,
/// and in scientific notation when very large or very small, so that
/// `1e308` is shown as `1e308` rather than as 309 digits.
pub fn number(x: f64) -> String {
    let magnitude = x.abs();
    if x.is_finite() && magnitude != 0.0 && !(1e-6..1e15).contains(&magnitude) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Sorts diagnostics as reports list them: by position in the study file,
/// then those without a line, by code (the order of `report-json.md`).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.study_span().map(|s| s.start);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.code.cmp(b.code)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.code.cmp(b.code),
        }
    });
}

/// Maps byte offsets of a text to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let end = offset.min(text.len());
        let column = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

/// The codes of problems found while reading a study, with what they mean,
/// for `probative explain`.
pub const READING_CODES: &[(&str, &str)] = &[
    (
        "syntax",
        "The file is not valid TOML. Fix the line shown: strings need quotes, tables are `[name]`, lists of tables `[[name]]`.",
    ),
    (
        "not-text",
        "The file is not UTF-8 text. A study is a TOML text file; save it as UTF-8.",
    ),
    (
        "too-large",
        "The file is larger than a study can reasonably be (16 MB). Check that it is the study you meant.",
    ),
    (
        "unknown-field",
        "A key the study format does not define, usually a typo. Unknown keys are errors so that a misspelt judgment is never silently dropped.",
    ),
    (
        "missing-field",
        "A required key or table is missing: `[study] title`, an `id` and `title` on hypotheses and cases, an evidence item's `claim` and `likelihood`, an event's `date` and `summary`.",
    ),
    (
        "missing-likelihood",
        "An evidence item gives no likelihood for some hypothesis. Process tracing weighs evidence against the rivals: P(E | H) is needed for every hypothesis.",
    ),
    (
        "invalid-value",
        "A value of the wrong type or out of range: a probability outside [0, 1], a malformed date or id, an unknown test type, source kind, scope or quote status, a search sensitivity outside [0, 1], more than one catch-all hypothesis, an event `after` itself.",
    ),
    (
        "unknown-term",
        "A likelihood word that is not on the ICD 203 scale of estimative probability. The message lists the accepted terms.",
    ),
    (
        "unknown-reference",
        "An id that names no hypothesis, case, event or evidence item (focus, declared_for, depends_on, an event's evidence or `after`, a likelihood key).",
    ),
    (
        "duplicate-id",
        "Two items of the same kind share an id. Ids must be unique within hypotheses, cases, events and evidence.",
    ),
    (
        "dependency-cycle",
        "Items' `depends_on` form a cycle (an item on itself included), named in order. An item's likelihoods are judged conditional on the items it depends on, so those must have been judged before it; and a counterfactual removal, which takes every dependent item along, needs the dependence to end. Remove one entry of the cycle.",
    ),
    (
        "bibliography-entry",
        "A warning about the bibliography, not an error: an entry parses but will not show what was meant. A `date` that is not a valid date (`2001-02-30`) makes the reference show (n.d.); a date field that cannot be read as numbers (a `year` of `- 13`, digits outside 0-9) is left out; two keys that differ only in case (`k1`, `K1`) are one key to BibTeX and biber.",
    ),
    (
        "priors",
        "Priors must be given for every hypothesis or for none, each in (0, 1], summing to 1 within 1e-6. They are used as given, never renormalised.",
    ),
    (
        "no-rival",
        "A study needs at least two hypotheses: evidence only tells rival explanations apart, so a test without a rival tests nothing.",
    ),
    (
        "impossible-evidence",
        "The evidence rules out every hypothesis (some factor is zero for each), or can within the likelihood intervals, so no posterior or bounds exist. Replace likelihoods of 0 or 1 by small probabilities unless they are logical certainties.",
    ),
    (
        "bibliography",
        "The bibliography named by `[study] bibliography` cannot be read or is not valid BibTeX/BibLaTeX or Hayagriva YAML.",
    ),
    (
        "causal-model",
        "A study built on a causal model (`[study] model`, format 1.2) cannot take what it asks of the model: the model file cannot be read; a hypothesis's `query`, a case's `given` or a clue is not a statement of the model (a bad term, an unknown node, a numeric query, a clue with an intervention); the hypotheses are not mutually exclusive and exhaustive over the causal types consistent with a case; a given is impossible under the model; or priors are asked of the model for a study of several cases. The message says which, at the statement.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_quoted_short() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-2.5e20), "-2.5e20");
        assert_eq!(number(5e-324), "5e-324");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "NaN");
    }

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\ncd\n\néf";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 1));
        assert_eq!(index.line_column(text, 4), (2, 2));
        assert_eq!(index.line_column(text, 7), (4, 1));
        assert_eq!(index.line_column(text, 9), (4, 2));
    }
}
