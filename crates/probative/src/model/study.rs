//! The validated study: what the engine reasons about.

use std::fmt;
use std::str::FromStr;

use super::likelihood::Likelihood;
use crate::diagnostic::Span;

/// A study: rival hypotheses, cases, a timeline and evidence.
#[derive(Debug, Clone)]
pub struct Study {
    /// `[study] title`.
    pub title: String,
    /// The research question.
    pub question: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Index of the theory under test in `hypotheses`.
    pub focus: usize,
    /// The bibliography path as written, relative to the study file.
    pub bibliography: Option<String>,
    /// What the conclusion claims to cover.
    pub scope: Scope,
    /// Who encoded the judgments (for the provenance of reports).
    pub encoded_by: Option<String>,
    /// Settings.
    pub settings: Settings,
    /// Mutually exclusive rival hypotheses, in file order (at least two).
    pub hypotheses: Vec<Hypothesis>,
    /// Cases, in file order.
    pub cases: Vec<Case>,
    /// The timeline, in file order (see [`Study::timeline`] for date order).
    pub events: Vec<Event>,
    /// Evidence items, in file order.
    pub evidence: Vec<Evidence>,
    /// What `--without` removed before the analysis, if anything.
    pub without: Option<Without>,
    /// What the study took from the causal model it names, if it names one
    /// (format 1.2).
    pub causal: Option<super::causal::CausalLink>,
}

/// What a what-if removal (`--without`) took out of a study.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Without {
    /// The selections as written (`ID`, `source:KEY`, `case:ID`, `tag:NAME`).
    pub selections: Vec<String>,
    /// The ids of every removed item, in file order per removal, dependents
    /// included.
    pub removed: Vec<String>,
    /// How many of those were removed only because they depend on a
    /// selected item.
    pub dependents: usize,
}

impl Study {
    /// Event indices in date order: a partial date stands for an interval
    /// (`1995` is 1995-01-01..1995-12-31), and events sort by its start,
    /// then its end, then file order.
    pub fn timeline(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.events.len()).collect();
        // A stable sort keeps file order among equal intervals.
        order.sort_by_key(|&e| (self.events[e].date.start(), self.events[e].date.end()));
        order
    }

    /// For each event (in file order), the events it cannot be put in order
    /// with: their date intervals overlap and not both are single days.
    /// Each list is in timeline order. Events sorted by start are swept
    /// once, so the cost is the number of events plus the overlaps.
    pub fn order_unknown(&self) -> Vec<Vec<usize>> {
        let order = self.timeline();
        let mut out = vec![Vec::new(); self.events.len()];
        for (n, &a) in order.iter().enumerate() {
            let date = &self.events[a].date;
            for &b in &order[n + 1..] {
                let other = &self.events[b].date;
                if other.start() > date.end() {
                    break;
                }
                if date.order_unknown_with(other) {
                    out[a].push(b);
                    out[b].push(a);
                }
            }
        }
        let position: Vec<usize> = {
            let mut p = vec![0; self.events.len()];
            for (n, &e) in order.iter().enumerate() {
                p[e] = n;
            }
            p
        };
        for list in &mut out {
            list.sort_by_key(|&e| position[e]);
        }
        out
    }

    /// The priors, in hypothesis order.
    pub fn priors(&self) -> Vec<f64> {
        self.hypotheses.iter().map(|h| h.prior).collect()
    }

    /// The index of a hypothesis by id.
    pub fn hypothesis_index(&self, id: &str) -> Option<usize> {
        self.hypotheses.iter().position(|h| h.id == id)
    }
}

/// `[settings]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Threshold T in dB at or above which a test outcome counts as strong.
    pub strong_db: f64,
    /// Citation style name for references.
    pub citation_style: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            strong_db: 5.0,
            citation_style: "apa".to_owned(),
        }
    }
}

/// A rival explanation.
#[derive(Debug, Clone)]
pub struct Hypothesis {
    /// Identifier.
    pub id: String,
    /// Short title.
    pub title: String,
    /// What it claims.
    pub statement: Option<String>,
    /// Prior probability (given, or 1/k when no hypothesis has one).
    pub prior: f64,
    /// Whether the prior was written in the study.
    pub prior_given: bool,
    /// Whether this is "none of the above" (at most one per study).
    pub catch_all: bool,
    /// Where the table starts.
    pub span: Span,
}

/// A case.
#[derive(Debug, Clone)]
pub struct Case {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// ISO 8601 interval of partial dates, as written.
    pub period: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// The outcome the case exhibits, in a few words.
    pub outcome: Option<String>,
    /// Where the table starts.
    pub span: Span,
}

/// A dated event of the timeline.
#[derive(Debug, Clone)]
pub struct Event {
    /// Identifier.
    pub id: String,
    /// Partial ISO 8601 date.
    pub date: super::PartialDate,
    /// Case index.
    pub case: Option<usize>,
    /// Who acted.
    pub actor: Option<String>,
    /// What happened.
    pub summary: String,
    /// Evidence indices documenting it.
    pub evidence: Vec<usize>,
    /// Indices of the events this one happened after.
    pub after: Vec<usize>,
    /// Where each entry of `after` was written, in the same order.
    pub after_spans: Vec<Span>,
    /// Where the table starts.
    pub span: Span,
}

/// What a study's conclusion claims to cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// The studied cases only.
    #[default]
    Cases,
    /// Cases beyond those studied.
    Population,
    /// The future.
    Forecast,
}

impl Scope {
    /// Every scope, in the order the format lists them.
    pub const ALL: [Scope; 3] = [Scope::Cases, Scope::Population, Scope::Forecast];

    /// The name used in the study file.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Cases => "cases",
            Scope::Population => "population",
            Scope::Forecast => "forecast",
        }
    }
}

impl FromStr for Scope {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// How a quotation relates to the source it is cited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteStatus {
    /// The source's own words, checked against it.
    Verbatim,
    /// Words taken from a secondary text, not checked against the original.
    AsCited,
    /// Not the source's own words.
    Paraphrase,
}

impl QuoteStatus {
    /// Every status, in the order the format lists them.
    pub const ALL: [QuoteStatus; 3] = [
        QuoteStatus::Verbatim,
        QuoteStatus::AsCited,
        QuoteStatus::Paraphrase,
    ];

    /// The name used in the study file.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Verbatim => "verbatim",
            QuoteStatus::AsCited => "as-cited",
            QuoteStatus::Paraphrase => "paraphrase",
        }
    }
}

impl FromStr for QuoteStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// What kind of record a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// An official record.
    Official,
    /// Memoir, interview or testimony of a participant.
    Participant,
    /// Journalism.
    Press,
    /// Scholarship.
    Scholarly,
    /// A commentator's, a scholar's or a party's judgment, not an
    /// observation.
    Opinion,
    /// Anything else.
    Other,
}

impl SourceKind {
    /// Every kind, in the order the format lists them.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Official,
        SourceKind::Participant,
        SourceKind::Press,
        SourceKind::Scholarly,
        SourceKind::Opinion,
        SourceKind::Other,
    ];

    /// The name used in the study file.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Official => "official",
            SourceKind::Participant => "participant",
            SourceKind::Press => "press",
            SourceKind::Scholarly => "scholarly",
            SourceKind::Opinion => "opinion",
            SourceKind::Other => "other",
        }
    }
}

impl FromStr for SourceKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

/// Van Evera's four tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestType {
    /// Neither certain nor unique: weak either way.
    StrawInTheWind,
    /// Certain, not unique: failing it hurts, passing it helps little.
    Hoop,
    /// Unique, not certain: passing it helps much, failing it hurts little.
    SmokingGun,
    /// Certain and unique.
    DoublyDecisive,
}

impl TestType {
    /// Every type, weakest first.
    pub const ALL: [TestType; 4] = [
        TestType::StrawInTheWind,
        TestType::Hoop,
        TestType::SmokingGun,
        TestType::DoublyDecisive,
    ];

    /// The kebab-case name of the study format.
    pub fn as_str(self) -> &'static str {
        match self {
            TestType::StrawInTheWind => "straw-in-the-wind",
            TestType::Hoop => "hoop",
            TestType::SmokingGun => "smoking-gun",
            TestType::DoublyDecisive => "doubly-decisive",
        }
    }
}

impl fmt::Display for TestType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TestType {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

/// One evidence item: one test of the hypotheses.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// Identifier.
    pub id: String,
    /// Case index.
    pub case: Option<usize>,
    /// The observation E.
    pub claim: String,
    /// The source's own words.
    pub quote: Option<String>,
    /// Bibliography key.
    pub source: Option<String>,
    /// Page or section.
    pub locator: Option<String>,
    /// What kind of record the source is.
    pub source_kind: Option<SourceKind>,
    /// Whether E was found (`false`: looked for and not found).
    pub observed: bool,
    /// Where and how one looked.
    pub search: Option<String>,
    /// P(E | H_i), one per hypothesis, in hypothesis order.
    pub likelihood: Vec<Likelihood>,
    /// Why these likelihoods.
    pub rationale: Option<String>,
    /// How far the report of E can be trusted, in [0, 1].
    pub reliability: f64,
    /// Items the likelihoods are already conditional on.
    pub depends_on: Vec<usize>,
    /// The analyst's own label for this test.
    pub declared_test: Option<TestType>,
    /// The hypothesis that label is about (the focus when not written).
    pub declared_for: usize,
    /// For an absence: the probability that the search would have found E
    /// had it existed; `None` when the study does not say (then 1).
    pub search_sensitivity: Option<f64>,
    /// Citation keys through which the report reached `source`.
    pub via: Vec<String>,
    /// How `quote` relates to the source: `Verbatim` by default where a
    /// quote is given, `None` when there is neither quote nor status.
    pub quote_status: Option<QuoteStatus>,
    /// Free labels, for selecting items (`--without tag:NAME`).
    pub tags: Vec<String>,
    /// Spans used to place lints precisely.
    pub spans: EvidenceSpans,
}

impl Evidence {
    /// The search sensitivity as the arithmetic uses it: the stated value,
    /// or 1 (the search could not have missed E).
    pub fn sensitivity(&self) -> f64 {
        self.search_sensitivity.unwrap_or(1.0)
    }
}

/// Where the parts of an evidence item were written.
#[derive(Debug, Clone, Default)]
pub struct EvidenceSpans {
    /// The `[[evidence]]` table.
    pub item: Span,
    /// `source`.
    pub source: Option<Span>,
    /// `observed`.
    pub observed: Option<Span>,
    /// `declared_test`.
    pub declared_test: Option<Span>,
    /// `quote`.
    pub quote: Option<Span>,
    /// `locator`.
    pub locator: Option<Span>,
    /// Each key of `via`, in order.
    pub via: Vec<Span>,
    /// `quote_status`.
    pub quote_status: Option<Span>,
    /// `search_sensitivity`.
    pub search_sensitivity: Option<Span>,
    /// Each entry of `depends_on`, in order.
    pub depends_on: Vec<Span>,
    /// Each likelihood value, in hypothesis order.
    pub likelihood: Vec<Span>,
}
