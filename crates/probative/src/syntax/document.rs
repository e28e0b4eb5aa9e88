//! The raw document: what the file says, with spans, before validation.

use crate::diagnostic::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<T> {
    /// The value.
    pub value: T,
    /// Its span in the study file.
    pub span: Span,
}

impl<T> Node<T> {
    /// Wraps a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A likelihood as written, before it is checked against the scale.
#[derive(Debug, Clone, PartialEq)]
pub enum RawLikelihood {
    /// A plain number.
    Number(f64),
    /// `[lo, hi]`.
    Interval(f64, f64),
    /// A term of estimative probability.
    Term(String),
    /// A value of the wrong shape, already reported where it was read: the
    /// hypothesis has a value, a malformed one, so it is never also
    /// reported as missing.
    Malformed,
}

/// A likelihood table as written: (hypothesis id, value) pairs in file order.
pub type RawLikelihoodTable = Node<Vec<(Node<String>, Node<RawLikelihood>)>>;

/// The `[study]` table.
#[derive(Debug, Clone, Default)]
pub struct RawHeader {
    /// Span of the table.
    pub span: Span,
    /// `title`.
    pub title: Option<Node<String>>,
    /// `question`.
    pub question: Option<Node<String>>,
    /// `authors`.
    pub authors: Vec<Node<String>>,
    /// `summary`.
    pub summary: Option<Node<String>>,
    /// `focus`.
    pub focus: Option<Node<String>>,
    /// `bibliography`.
    pub bibliography: Option<Node<String>>,
    /// `scope`.
    pub scope: Option<Node<String>>,
    /// `encoded_by`.
    pub encoded_by: Option<Node<String>>,
    /// `model` (format 1.2): a causal model file, relative to the study.
    pub model: Option<Node<String>>,
}

/// The `[settings]` table.
#[derive(Debug, Clone, Default)]
pub struct RawSettings {
    /// `strong_db`.
    pub strong_db: Option<Node<f64>>,
    /// `citation_style`.
    pub citation_style: Option<Node<String>>,
}

/// One `[[hypothesis]]`.
#[derive(Debug, Clone, Default)]
pub struct RawHypothesis {
    /// Span of the table.
    pub span: Span,
    /// `id`.
    pub id: Option<Node<String>>,
    /// `title`.
    pub title: Option<Node<String>>,
    /// `statement`.
    pub statement: Option<Node<String>>,
    /// `prior`.
    pub prior: Option<Node<f64>>,
    /// `catch_all`.
    pub catch_all: Option<Node<bool>>,
    /// `query` (format 1.2): the hypothesis as a query of the causal model.
    pub query: Option<Node<String>>,
}

/// One `[[case]]`.
#[derive(Debug, Clone, Default)]
pub struct RawCase {
    /// Span of the table.
    pub span: Span,
    /// `id`.
    pub id: Option<Node<String>>,
    /// `title`.
    pub title: Option<Node<String>>,
    /// `period`.
    pub period: Option<Node<String>>,
    /// `summary`.
    pub summary: Option<Node<String>>,
    /// `outcome`.
    pub outcome: Option<Node<String>>,
    /// `given` (format 1.2): what is known of the case, in the causal
    /// model's terms.
    pub given: Option<Node<String>>,
}

/// One `[[event]]`.
#[derive(Debug, Clone, Default)]
pub struct RawEvent {
    /// Span of the table.
    pub span: Span,
    /// `id`.
    pub id: Option<Node<String>>,
    /// `date`.
    pub date: Option<Node<String>>,
    /// `case`.
    pub case: Option<Node<String>>,
    /// `actor`.
    pub actor: Option<Node<String>>,
    /// `summary`.
    pub summary: Option<Node<String>>,
    /// `evidence`.
    pub evidence: Vec<Node<String>>,
    /// `after`.
    pub after: Vec<Node<String>>,
}

/// One `[[evidence]]`.
#[derive(Debug, Clone, Default)]
pub struct RawEvidence {
    /// Span of the table.
    pub span: Span,
    /// `id`.
    pub id: Option<Node<String>>,
    /// `case`.
    pub case: Option<Node<String>>,
    /// `claim`.
    pub claim: Option<Node<String>>,
    /// `quote`.
    pub quote: Option<Node<String>>,
    /// `source`.
    pub source: Option<Node<String>>,
    /// `locator`.
    pub locator: Option<Node<String>>,
    /// `source_kind`.
    pub source_kind: Option<Node<String>>,
    /// `observed`.
    pub observed: Option<Node<bool>>,
    /// `search`.
    pub search: Option<Node<String>>,
    /// `likelihood`, in file order: (hypothesis id, value).
    pub likelihood: Option<RawLikelihoodTable>,
    /// `rationale`.
    pub rationale: Option<Node<String>>,
    /// `reliability`.
    pub reliability: Option<Node<f64>>,
    /// `depends_on`.
    pub depends_on: Vec<Node<String>>,
    /// `declared_test`.
    pub declared_test: Option<Node<String>>,
    /// `declared_for`.
    pub declared_for: Option<Node<String>>,
    /// `search_sensitivity`.
    pub search_sensitivity: Option<Node<f64>>,
    /// `via`.
    pub via: Vec<Node<String>>,
    /// `quote_status`.
    pub quote_status: Option<Node<String>>,
    /// `tags`.
    pub tags: Vec<Node<String>>,
}

/// The whole file as read.
#[derive(Debug, Clone, Default)]
pub struct RawStudy {
    /// `[study]`, if present.
    pub header: Option<RawHeader>,
    /// `[settings]`.
    pub settings: RawSettings,
    /// `[[hypothesis]]` tables in file order.
    pub hypotheses: Vec<RawHypothesis>,
    /// `[[case]]` tables in file order.
    pub cases: Vec<RawCase>,
    /// `[[event]]` tables in file order.
    pub events: Vec<RawEvent>,
    /// `[[evidence]]` tables in file order.
    pub evidence: Vec<RawEvidence>,
    /// Whether the TOML itself could be parsed; when not, later stages stay
    /// silent about missing parts, which are probably just unreadable.
    pub toml_ok: bool,
}
