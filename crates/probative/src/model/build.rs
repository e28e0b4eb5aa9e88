//! Validation: turns the raw document into a [`Study`], reporting every
//! problem of meaning it finds.

use std::collections::HashMap;

use super::bibliography::{self, Bibliography};
use super::date::{PartialDate, check_period};
use super::likelihood::{Likelihood, all_terms};
use super::study::{
    Case, Event, Evidence, EvidenceSpans, Hypothesis, QuoteStatus, Scope, Settings, SourceKind,
    Study, TestType,
};
use crate::diagnostic::{Diagnostic, Span, number};
use crate::syntax::{Node, RawLikelihood, RawLikelihoodTable, RawStudy};

/// Studies with this many evidence items are validated on several cores.
const PARALLEL_FROM_ITEMS: usize = 4_000;

/// How far priors may sum from one.
const PRIOR_SUM_TOLERANCE: f64 = 1e-6;

/// What reading a bibliography file gave: its text, or why it could not be
/// read. The caller does the I/O, so that this crate does none.
pub type BibliographyText = Result<String, String>;

/// Validates a raw study. `load_bibliography` is called with the path the
/// study gives (relative to the study file) when it names one.
///
/// Returns the study only when no error was found; the bibliography when it
/// could be read; and every diagnostic.
pub fn build(
    raw: &RawStudy,
    load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
) -> (Option<Study>, Option<Bibliography>, Vec<Diagnostic>) {
    let mut b = Builder {
        diagnostics: Vec::new(),
    };
    let study = b.study(raw, load_bibliography);
    let errors = b
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let (study, bibliography) = match study {
        Some((study, bibliography)) => (if errors { None } else { Some(study) }, bibliography),
        None => (None, None),
    };
    (study, bibliography, b.diagnostics)
}

/// Checks one likelihood value as the study format does: analyst files
/// write their likelihoods the same way.
pub(super) fn likelihood(
    value: &Node<RawLikelihood>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Likelihood> {
    let mut builder = Builder {
        diagnostics: Vec::new(),
    };
    let likelihood = builder.likelihood(value);
    diagnostics.append(&mut builder.diagnostics);
    likelihood
}

struct Builder {
    diagnostics: Vec<Diagnostic>,
}

/// Ids of one kind, for resolving references with "did you mean" hints.
struct Ids<'a> {
    kind: &'static str,
    index: HashMap<&'a str, usize>,
    names: Vec<&'a str>,
}

impl Ids<'_> {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            index: HashMap::new(),
            names: Vec::new(),
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

impl Builder {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn invalid(&mut self, span: &Span, message: String, help: &str) {
        self.push(
            Diagnostic::error("invalid-value", message)
                .at(span.clone())
                .with_help(help),
        );
    }

    /// Reads a value that must be one of a few names (`names`, parsed by
    /// `T::from_str`), reporting any other with the closest name.
    fn keyword<T: std::str::FromStr>(
        &mut self,
        node: &Node<String>,
        what: &str,
        names: &[&str],
    ) -> Option<T> {
        if let Ok(value) = node.value.parse::<T>() {
            return Some(value);
        }
        let hint = match crate::syntax_closest(&node.value, names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of {}", quote_names(names)),
        };
        self.invalid(
            &node.span,
            format!("unknown {what} `{}`", node.value),
            &hint,
        );
        None
    }

    /// Registers an id: checks its shape and uniqueness.
    fn declare<'a>(&mut self, ids: &mut Ids<'a>, id: &'a Node<String>, position: usize) {
        let name = id.value.as_str();
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            self.invalid(
                &id.span,
                format!("`{name}` is not a valid {} id", ids.kind),
                "ids start with a letter, then letters, digits, `_` or `-`",
            );
        }
        if ids.index.contains_key(name) {
            self.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("the {} id `{name}` is used twice", ids.kind),
                )
                .at(id.span.clone())
                .with_help(format!("give each {} its own id", ids.kind)),
            );
        } else {
            ids.index.insert(name, position);
            ids.names.push(name);
        }
    }

    /// Resolves a reference, reporting an unknown one with a hint.
    fn resolve(&mut self, ids: &Ids<'_>, reference: &Node<String>, role: &str) -> Option<usize> {
        if let Some(i) = ids.get(&reference.value) {
            return Some(i);
        }
        let mut d = Diagnostic::error(
            "unknown-reference",
            format!(
                "{role} `{}` is not the id of any {}",
                reference.value, ids.kind
            ),
        )
        .at(reference.span.clone());
        d = match crate::syntax_closest(&reference.value, &ids.names) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None if ids.names.is_empty() => {
                d.with_help(format!("the study has no {} yet; add one", ids.kind))
            }
            None => d.with_help(format!(
                "the {} ids are {}",
                ids.kind,
                ids.names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.push(d);
        None
    }

    fn study(
        &mut self,
        raw: &RawStudy,
        load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
    ) -> Option<(Study, Option<Bibliography>)> {
        let settings = self.settings(raw);
        let hypotheses = self.hypotheses(raw);
        let mut hypothesis_ids = Ids::new("hypothesis");
        for (i, h) in raw.hypotheses.iter().enumerate() {
            if let Some(id) = &h.id {
                self.declare(&mut hypothesis_ids, id, i);
            }
        }
        let mut case_ids = Ids::new("case");
        for (i, c) in raw.cases.iter().enumerate() {
            if let Some(id) = &c.id {
                self.declare(&mut case_ids, id, i);
            }
        }
        let mut evidence_ids = Ids::new("evidence item");
        for (i, e) in raw.evidence.iter().enumerate() {
            if let Some(id) = &e.id {
                self.declare(&mut evidence_ids, id, i);
            }
        }
        let mut event_ids = Ids::new("event");
        for (i, e) in raw.events.iter().enumerate() {
            if let Some(id) = &e.id {
                self.declare(&mut event_ids, id, i);
            }
        }

        let header = raw.header.as_ref();
        let focus = match header.and_then(|h| h.focus.as_ref()) {
            Some(focus) => self
                .resolve(&hypothesis_ids, focus, "the focus")
                .unwrap_or(0),
            None => 0,
        };
        let scope_names: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
        let scope = match header.and_then(|h| h.scope.as_ref()) {
            Some(scope) => self.keyword::<Scope>(scope, "scope", &scope_names),
            None => Some(Scope::default()),
        };
        let cases = self.cases(raw);
        let evidence = self.evidence(raw, &hypothesis_ids, &case_ids, &evidence_ids, focus);
        let events = self.events(raw, &case_ids, &evidence_ids, &event_ids);
        self.dependency_cycles(raw, &evidence_ids);

        let bibliography = header
            .and_then(|h| h.bibliography.as_ref())
            .and_then(|path| match load_bibliography(&path.value) {
                Ok(text) => match Bibliography::parse(&path.value, text) {
                    Ok(b) => {
                        self.diagnostics.extend(b.warnings.iter().cloned());
                        Some(b)
                    }
                    Err(errors) => {
                        self.diagnostics.extend(errors);
                        None
                    }
                },
                Err(why) => {
                    self.push(
                        Diagnostic::error(
                            "bibliography",
                            format!("cannot read the bibliography `{}`: {why}", path.value),
                        )
                        .at(path.span.clone())
                        .with_help("the path is relative to the study file"),
                    );
                    None
                }
            });

        let header = header?;
        let study = Study {
            title: header.title.as_ref()?.value.clone(),
            question: header.question.as_ref().map(|n| n.value.clone()),
            authors: header.authors.iter().map(|n| n.value.clone()).collect(),
            summary: header.summary.as_ref().map(|n| n.value.clone()),
            focus,
            bibliography: header.bibliography.as_ref().map(|n| n.value.clone()),
            scope: scope?,
            encoded_by: header.encoded_by.as_ref().map(|n| n.value.clone()),
            settings,
            hypotheses: hypotheses?,
            cases: cases?,
            events: events?,
            evidence: evidence?,
            without: None,
            causal: None,
        };
        Some((study, bibliography))
    }

    fn settings(&mut self, raw: &RawStudy) -> Settings {
        let mut settings = Settings::default();
        if let Some(t) = &raw.settings.strong_db {
            if t.value.is_finite() && t.value > 0.0 {
                settings.strong_db = t.value;
            } else {
                self.invalid(
                    &t.span,
                    format!(
                        "`strong_db` is {}; it must be a number of decibels above 0",
                        number(t.value)
                    ),
                    "5 dB, the default, is where Jeffreys's scale calls evidence substantial",
                );
            }
        }
        if let Some(style) = &raw.settings.citation_style {
            if bibliography::is_known_style(&style.value) {
                settings.citation_style.clone_from(&style.value);
            } else {
                let names = bibliography::citation_styles();
                let hint = match crate::syntax_closest(&style.value, &names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "known styles include `apa`, `chicago-author-date`, `ieee`, `harvard-cite-them-right` and {} more",
                        names.len().saturating_sub(4)
                    ),
                };
                self.invalid(
                    &style.span,
                    format!("unknown citation style `{}`", style.value),
                    &hint,
                );
            }
        }
        settings
    }

    fn hypotheses(&mut self, raw: &RawStudy) -> Option<Vec<Hypothesis>> {
        let k = raw.hypotheses.len();
        if k < 2 && raw.toml_ok {
            let span = raw.hypotheses.first().map(|h| h.span.start..h.span.start);
            let mut d = Diagnostic::error(
                "no-rival",
                format!(
                    "the study has {} hypothes{}; a process-tracing test needs a rival",
                    k,
                    if k == 1 { "is" } else { "es" }
                ),
            )
            .with_help("add the rival explanation as another `[[hypothesis]]`: evidence only tells hypotheses apart");
            if let Some(span) = span {
                d = d.at(span);
            }
            self.push(d);
        }
        let given: Vec<&Node<f64>> = raw
            .hypotheses
            .iter()
            .filter_map(|h| h.prior.as_ref())
            .collect();
        for p in &given {
            if !(p.value > 0.0 && p.value <= 1.0) {
                self.push(
                    Diagnostic::error(
                        "priors",
                        format!("the prior {} is outside (0, 1]", number(p.value)),
                    )
                    .at(p.span.clone())
                    .with_help("a prior is a probability above 0 (a hypothesis with prior 0 cannot be tested) and at most 1"),
                );
            }
        }
        let mut priors_ok = true;
        if !given.is_empty() && given.len() < k {
            priors_ok = false;
            let missing: Vec<String> = raw
                .hypotheses
                .iter()
                .filter(|h| h.prior.is_none())
                .map(|h| {
                    h.id.as_ref()
                        .map_or_else(|| "(no id)".to_owned(), |id| format!("`{}`", id.value))
                })
                .collect();
            let first = raw
                .hypotheses
                .iter()
                .find(|h| h.prior.is_none())
                .map_or(0, |h| h.span.start);
            self.push(
                Diagnostic::error(
                    "priors",
                    format!(
                        "some hypotheses have a prior and some do not: {} lack{} one",
                        missing.join(", "),
                        if missing.len() == 1 { "s" } else { "" }
                    ),
                )
                .at(first..first)
                .with_help("give every hypothesis a prior, or none (then each gets 1/k)"),
            );
        } else if given.len() == k && k > 0 {
            let sum: f64 = given.iter().map(|p| p.value).sum();
            if (sum - 1.0).abs() > PRIOR_SUM_TOLERANCE {
                priors_ok = false;
                let mut d = Diagnostic::error(
                    "priors",
                    format!(
                        "priors sum to {}; they must sum to 1",
                        round_for_message(sum)
                    ),
                )
                .at(given[0].span.clone())
                .with_help(
                    "priors are used as given, not renormalised: adjust them so they add up to 1",
                );
                for p in &given[1..] {
                    d = d.with_label(p.span.clone(), "a prior");
                }
                self.push(d);
            }
        }
        let catch_alls: Vec<&Node<bool>> = raw
            .hypotheses
            .iter()
            .filter_map(|h| h.catch_all.as_ref())
            .filter(|c| c.value)
            .collect();
        let catch_all_ok = catch_alls.len() <= 1;
        if let [first, rest @ ..] = catch_alls.as_slice()
            && !rest.is_empty()
        {
            let mut d = Diagnostic::error(
                "invalid-value",
                format!(
                    "{} hypotheses are marked `catch_all`; at most one can be \"none of the above\"",
                    catch_alls.len()
                ),
            )
            .at(rest[0].span.clone())
            .with_label(first.span.clone(), "the first catch-all")
            .with_help("keep `catch_all = true` on one hypothesis only");
            for more in &rest[1..] {
                d = d.with_label(more.span.clone(), "another catch-all");
            }
            self.push(d);
        }
        let mut out = Vec::new();
        for h in &raw.hypotheses {
            let (Some(id), Some(title)) = (&h.id, &h.title) else {
                continue;
            };
            let prior = match &h.prior {
                Some(p) => p.value,
                None => 1.0 / k as f64,
            };
            out.push(Hypothesis {
                id: id.value.clone(),
                title: title.value.clone(),
                statement: h.statement.as_ref().map(|n| n.value.clone()),
                prior,
                prior_given: h.prior.is_some(),
                catch_all: h.catch_all.as_ref().is_some_and(|c| c.value),
                span: h.span.clone(),
            });
        }
        (priors_ok && catch_all_ok && out.len() == k && k >= 2).then_some(out)
    }

    fn cases(&mut self, raw: &RawStudy) -> Option<Vec<Case>> {
        let mut out = Vec::new();
        for c in &raw.cases {
            if let Some(period) = &c.period
                && let Err(why) = check_period(&period.value)
            {
                self.invalid(
                    &period.span,
                    why,
                    "a period is `start/end`, each `YYYY`, `YYYY-MM` or `YYYY-MM-DD`",
                );
            }
            let (Some(id), Some(title)) = (&c.id, &c.title) else {
                continue;
            };
            out.push(Case {
                id: id.value.clone(),
                title: title.value.clone(),
                period: c.period.as_ref().map(|n| n.value.clone()),
                summary: c.summary.as_ref().map(|n| n.value.clone()),
                outcome: c.outcome.as_ref().map(|n| n.value.clone()),
                span: c.span.clone(),
            });
        }
        (out.len() == raw.cases.len()).then_some(out)
    }

    fn events(
        &mut self,
        raw: &RawStudy,
        cases: &Ids<'_>,
        evidence: &Ids<'_>,
        event_ids: &Ids<'_>,
    ) -> Option<Vec<Event>> {
        let mut out = Vec::new();
        let mut complete = true;
        for e in &raw.events {
            let date = e
                .date
                .as_ref()
                .and_then(|d| match PartialDate::parse(&d.value) {
                    Ok(date) => Some(date),
                    Err(why) => {
                        self.invalid(
                            &d.span,
                            why,
                            "dates are partial ISO 8601: `1995`, `1995-03` or `1995-03-15`",
                        );
                        None
                    }
                });
            let case = e.case.as_ref().map(|c| self.resolve(cases, c, "the case"));
            let items: Vec<Option<usize>> = e
                .evidence
                .iter()
                .map(|r| self.resolve(evidence, r, "the evidence"))
                .collect();
            let after: Vec<Option<usize>> = e
                .after
                .iter()
                .map(|r| {
                    if e.id.as_ref().is_some_and(|id| id.value == r.value) {
                        self.invalid(
                            &r.span,
                            format!("the event `{}` is said to come after itself", r.value),
                            "list only other events in `after`",
                        );
                        return None;
                    }
                    self.resolve(event_ids, r, "`after`")
                })
                .collect();
            let (Some(id), Some(date), Some(summary)) = (&e.id, date, &e.summary) else {
                complete = false;
                continue;
            };
            if case == Some(None)
                || items.iter().any(Option::is_none)
                || after.iter().any(Option::is_none)
            {
                complete = false;
                continue;
            }
            out.push(Event {
                id: id.value.clone(),
                date,
                case: case.flatten(),
                actor: e.actor.as_ref().map(|n| n.value.clone()),
                summary: summary.value.clone(),
                evidence: items.into_iter().flatten().collect(),
                after: after.into_iter().flatten().collect(),
                after_spans: e.after.iter().map(|n| n.span.clone()).collect(),
                span: e.span.clone(),
            });
        }
        complete.then_some(out)
    }

    #[allow(clippy::too_many_arguments)]
    /// Validates the evidence. Items are independent once the ids are
    /// known, so a large study's items are validated on every core, each
    /// share with its own diagnostics, joined in file order.
    fn evidence(
        &mut self,
        raw: &RawStudy,
        hypotheses: &Ids<'_>,
        cases: &Ids<'_>,
        evidence_ids: &Ids<'_>,
        focus: usize,
    ) -> Option<Vec<Evidence>> {
        let k = raw.hypotheses.len();
        let items = &raw.evidence;
        let threads = if items.len() >= PARALLEL_FROM_ITEMS {
            std::thread::available_parallelism()
                .map_or(1, usize::from)
                .min(8)
        } else {
            1
        };
        let share = items.len().div_ceil(threads).max(1);
        let shares: Vec<(Option<Vec<Evidence>>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks(share)
                .map(|chunk| {
                    scope.spawn(move || {
                        let mut b = Builder {
                            diagnostics: Vec::new(),
                        };
                        let built =
                            b.evidence_share(chunk, k, hypotheses, cases, evidence_ids, focus);
                        (built, b.diagnostics)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or((None, Vec::new())))
                .collect()
        });
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for (built, diagnostics) in shares {
            self.diagnostics.extend(diagnostics);
            match built {
                Some(built) => out.extend(built),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }

    fn evidence_share(
        &mut self,
        items: &[crate::syntax::RawEvidence],
        k: usize,
        hypotheses: &Ids<'_>,
        cases: &Ids<'_>,
        evidence_ids: &Ids<'_>,
        focus: usize,
    ) -> Option<Vec<Evidence>> {
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for e in items {
            let case = e.case.as_ref().map(|c| self.resolve(cases, c, "the case"));
            let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
            let source_kind = e
                .source_kind
                .as_ref()
                .and_then(|s| self.keyword::<SourceKind>(s, "source kind", &kinds));
            let statuses: Vec<&str> = QuoteStatus::ALL.iter().map(|k| k.as_str()).collect();
            let quote_status = match &e.quote_status {
                Some(s) => self
                    .keyword::<QuoteStatus>(s, "quote status", &statuses)
                    .map(Some),
                None => Some(e.quote.as_ref().map(|_| QuoteStatus::Verbatim)),
            };
            let search_sensitivity = match &e.search_sensitivity {
                Some(s) if (0.0..=1.0).contains(&s.value) => Some(Some(s.value)),
                Some(s) => {
                    self.invalid(
                        &s.span,
                        format!("search sensitivity {} is outside [0, 1]", number(s.value)),
                        "it is the probability that the search would have found E had E existed: 1 if it could not have missed it",
                    );
                    None
                }
                None => Some(None),
            };
            let reliability = match &e.reliability {
                Some(r) if (0.0..=1.0).contains(&r.value) => Some(r.value),
                Some(r) => {
                    self.invalid(
                        &r.span,
                        format!("reliability {} is outside [0, 1]", number(r.value)),
                        "1 trusts the report fully; 0 makes the item carry no information",
                    );
                    None
                }
                None => Some(1.0),
            };
            let declared_test = e.declared_test.as_ref().and_then(|t| if let Ok(t) = t.value.parse::<TestType>() { Some(t) } else {
                {
                    let names: Vec<&str> = TestType::ALL.iter().map(|t| t.as_str()).collect();
                    let hint = crate::syntax_closest(&t.value, &names).map_or_else(
                        || "use `straw-in-the-wind`, `hoop`, `smoking-gun` or `doubly-decisive`".to_owned(),
                        |best| format!("did you mean `{best}`?"),
                    );
                    self.invalid(&t.span, format!("unknown test type `{}`", t.value), &hint);
                    None
                }
            });
            let declared_ok = e.declared_test.is_none() || declared_test.is_some();
            let declared_for = match &e.declared_for {
                Some(h) => self.resolve(hypotheses, h, "`declared_for`"),
                None => Some(focus),
            };
            // An item depending on itself is a cycle, reported with the
            // others by `dependency_cycles`.
            let depends_on: Vec<Option<usize>> = e
                .depends_on
                .iter()
                .map(|d| self.resolve(evidence_ids, d, "`depends_on`"))
                .collect();
            let likelihood = self.likelihoods(e.likelihood.as_ref(), hypotheses, k, &e.span);

            let (
                Some(id),
                Some(claim),
                Some(reliability),
                Some((likelihood, likelihood_spans)),
                Some(declared_for),
            ) = (&e.id, &e.claim, reliability, likelihood, declared_for)
            else {
                complete = false;
                continue;
            };
            if case == Some(None)
                || depends_on.iter().any(Option::is_none)
                || !declared_ok
                || (e.source_kind.is_some() && source_kind.is_none())
            {
                complete = false;
                continue;
            }
            let (Some(quote_status), Some(search_sensitivity)) = (quote_status, search_sensitivity)
            else {
                complete = false;
                continue;
            };
            out.push(Evidence {
                id: id.value.clone(),
                case: case.flatten(),
                claim: claim.value.clone(),
                quote: e.quote.as_ref().map(|n| n.value.clone()),
                source: e.source.as_ref().map(|n| n.value.clone()),
                locator: e.locator.as_ref().map(|n| n.value.clone()),
                source_kind,
                observed: e.observed.as_ref().is_none_or(|n| n.value),
                search: e.search.as_ref().map(|n| n.value.clone()),
                likelihood,
                rationale: e.rationale.as_ref().map(|n| n.value.clone()),
                reliability,
                depends_on: depends_on.into_iter().flatten().collect(),
                declared_test,
                declared_for,
                search_sensitivity,
                via: e.via.iter().map(|n| n.value.clone()).collect(),
                quote_status,
                tags: e.tags.iter().map(|n| n.value.clone()).collect(),
                spans: EvidenceSpans {
                    item: e.span.clone(),
                    source: e.source.as_ref().map(|n| n.span.clone()),
                    observed: e.observed.as_ref().map(|n| n.span.clone()),
                    declared_test: e.declared_test.as_ref().map(|n| n.span.clone()),
                    quote: e.quote.as_ref().map(|n| n.span.clone()),
                    locator: e.locator.as_ref().map(|n| n.span.clone()),
                    via: e.via.iter().map(|n| n.span.clone()).collect(),
                    quote_status: e.quote_status.as_ref().map(|n| n.span.clone()),
                    search_sensitivity: e.search_sensitivity.as_ref().map(|n| n.span.clone()),
                    depends_on: e.depends_on.iter().map(|n| n.span.clone()).collect(),
                    likelihood: likelihood_spans,
                },
            });
        }
        complete.then_some(out)
    }

    /// Reports every cycle of `depends_on` (an item on itself included) as
    /// the error `dependency-cycle`, naming the items in order: a
    /// likelihood cannot be conditional on itself, and a counterfactual
    /// removal would never know where to stop.
    ///
    /// An iterative depth-first search, so that a long chain of dependent
    /// items cannot overflow the stack; each cycle is found by the one edge
    /// that closes it.
    fn dependency_cycles(&mut self, raw: &RawStudy, ids: &Ids<'_>) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let items = &raw.evidence;
        // Edges by raw index; an item whose id was a duplicate is left out.
        let owner = |i: usize| items[i].id.as_ref().and_then(|id| ids.get(&id.value)) == Some(i);
        let edges: Vec<Vec<(usize, &Node<String>)>> = items
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if !owner(i) {
                    return Vec::new();
                }
                e.depends_on
                    .iter()
                    .filter_map(|d| ids.get(&d.value).map(|j| (j, d)))
                    .collect()
            })
            .collect();
        let mut mark = vec![Mark::New; items.len()];
        for root in 0..items.len() {
            if mark[root] != Mark::New {
                continue;
            }
            // (item, next edge to follow)
            let mut stack = vec![(root, 0usize)];
            mark[root] = Mark::Open;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(to, written)) = edges[node].get(*next) {
                    *next += 1;
                    match mark[to] {
                        Mark::New => {
                            mark[to] = Mark::Open;
                            stack.push((to, 0));
                        }
                        Mark::Open => {
                            let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                            let cycle: Vec<usize> = stack[from..].iter().map(|&(n, _)| n).collect();
                            self.cycle(raw, &cycle, written);
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    stack.pop();
                }
            }
        }
    }

    /// Reports one cycle, `cycle[0]` depending on `cycle[1]` and so on back
    /// to `cycle[0]`, at the entry `closing` that closes it.
    fn cycle(&mut self, raw: &RawStudy, cycle: &[usize], closing: &Node<String>) {
        let name = |i: usize| {
            raw.evidence[i]
                .id
                .as_ref()
                .map_or("?", |id| id.value.as_str())
        };
        let message = if let [only] = cycle {
            format!("`{}` depends on itself", name(*only))
        } else {
            let mut path: Vec<String> = cycle.iter().map(|&i| format!("`{}`", name(i))).collect();
            path.push(format!("`{}`", name(cycle[0])));
            format!("`depends_on` forms a cycle: {}", path.join(" depends on "))
        };
        let mut d = Diagnostic::error("dependency-cycle", message)
            .at(closing.span.clone())
            .with_help("an item's likelihoods can be conditional only on items judged before it: remove one entry of the cycle from `depends_on`");
        for pair in cycle.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            if let Some(entry) = raw.evidence[from]
                .depends_on
                .iter()
                .find(|d| d.value == name(to))
            {
                d = d.with_label(
                    entry.span.clone(),
                    format!("`{}` depends on `{}`", name(from), name(to)),
                );
            }
        }
        self.push(d);
    }

    /// Checks one likelihood table: every key a hypothesis, every hypothesis
    /// present, every value a probability.
    fn likelihoods(
        &mut self,
        table: Option<&RawLikelihoodTable>,
        hypotheses: &Ids<'_>,
        k: usize,
        item: &Span,
    ) -> Option<(Vec<Likelihood>, Vec<Span>)> {
        let table = table?;
        let mut values: Vec<Option<(Likelihood, Span)>> = vec![None; k];
        let mut ok = true;
        for (key, value) in &table.value {
            let Some(h) = self.resolve(hypotheses, key, "the likelihood key") else {
                ok = false;
                continue;
            };
            match self.likelihood(value) {
                Some(l) => {
                    if h < k {
                        values[h] = Some((l, value.span.clone()));
                    }
                }
                None => ok = false,
            }
        }
        let missing: Vec<&str> = hypotheses
            .names
            .iter()
            .filter(|name| {
                hypotheses
                    .get(name)
                    .is_some_and(|i| i < k && values[i].is_none())
                    && !table.value.iter().any(|(key, _)| key.value == **name)
            })
            .copied()
            .collect();
        if !missing.is_empty() {
            ok = false;
            let list = missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.push(
                Diagnostic::error(
                    "missing-likelihood",
                    format!("the likelihood table has no value for {list}"),
                )
                .at(table.span.clone())
                .with_label(item.start..item.start, "in this evidence item")
                .with_help(format!(
                    "give P(E | H) for every hypothesis, rivals included: add {}",
                    missing
                        .iter()
                        .map(|m| format!("{m} = ..."))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if !ok || values.iter().any(Option::is_none) {
            return None;
        }
        let (likelihoods, spans) = values.into_iter().flatten().unzip();
        Some((likelihoods, spans))
    }

    fn likelihood(&mut self, value: &Node<RawLikelihood>) -> Option<Likelihood> {
        let in_unit = |x: f64| (0.0..=1.0).contains(&x);
        match &value.value {
            RawLikelihood::Number(x) if in_unit(*x) => Some(Likelihood::number(*x)),
            RawLikelihood::Number(x) => {
                self.invalid(
                    &value.span,
                    format!("the likelihood {} is not a probability", number(*x)),
                    "a likelihood P(E | H) lies between 0 and 1",
                );
                None
            }
            RawLikelihood::Interval(lo, hi) if in_unit(*lo) && in_unit(*hi) && lo <= hi => {
                Some(Likelihood::interval(*lo, *hi))
            }
            RawLikelihood::Interval(lo, hi) => {
                self.invalid(
                    &value.span,
                    format!(
                        "the interval [{}, {}] is not a probability interval",
                        number(*lo),
                        number(*hi)
                    ),
                    "write `[lo, hi]` with 0 <= lo <= hi <= 1",
                );
                None
            }
            // Already reported by the reader; present, so never "missing".
            RawLikelihood::Malformed => None,
            RawLikelihood::Term(word) => Likelihood::term(word).or_else(|| {
                let terms = all_terms();
                let hint = match crate::syntax_closest(word, &terms) {
                    Some(best) => format!(
                        "did you mean \"{best}\"? The accepted terms are {}",
                        quote_all(&terms)
                    ),
                    None => format!("the accepted terms are {}", quote_all(&terms)),
                };
                self.push(
                    Diagnostic::error(
                        "unknown-term",
                        format!("\"{word}\" is not a term of the estimative-probability scale"),
                    )
                    .at(value.span.clone())
                    .with_help(hint),
                );
                None
            }),
        }
    }
}

/// Formats names as "`a`, `b` or `c`".
fn quote_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn quote_all(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rounds a sum for a message so that 0.8999999999 reads as 0.9.
fn round_for_message(x: f64) -> String {
    let rounded = (x * 1e9).round() / 1e9;
    number(rounded)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A study large enough to be validated on several cores, with a bad
    /// likelihood in items `bad` (if any).
    fn study(n: usize, bad: &[usize]) -> String {
        let mut text = String::from(
            "[study]\ntitle = \"t\"\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
        );
        for e in 0..n {
            let a = if bad.contains(&e) { "1.5" } else { "0.6" };
            let _ = write!(
                text,
                "[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\nlikelihood = {{ a = {a}, b = 0.3 }}\n"
            );
        }
        text
    }

    #[test]
    fn a_large_study_is_validated_whole_and_in_order() {
        let n = PARALLEL_FROM_ITEMS * 2 + 1;
        let (raw, _) = crate::syntax::parse(&study(n, &[]));
        let (built, _, diagnostics) = build(&raw, &mut |_| Err(String::new()));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let ids: Vec<String> = built.unwrap().evidence.into_iter().map(|e| e.id).collect();
        assert_eq!(ids, (0..n).map(|e| format!("e{e}")).collect::<Vec<_>>());

        // Problems in every share are all reported, in file order.
        let bad = [3, PARALLEL_FROM_ITEMS + 7, n - 1];
        let text = study(n, &bad);
        let (raw, _) = crate::syntax::parse(&text);
        let (built, _, diagnostics) = build(&raw, &mut |_| Err(String::new()));
        assert!(built.is_none());
        let lines = crate::diagnostic::LineIndex::new(&text);
        let reported: Vec<usize> = diagnostics
            .iter()
            .filter_map(|d| d.study_span())
            .map(|s| lines.line(s.start))
            .collect();
        let expected: Vec<usize> = bad
            .iter()
            .map(|&e| {
                text.lines()
                    .position(|l| l == format!("id = \"e{e}\""))
                    .unwrap()
                    + 3
            })
            .collect();
        assert_eq!(reported, expected);
    }
}
