//! Analysts' files, resolved against the study.
//!
//! The study is the shared record (hypotheses, evidence, sources) and its own
//! priors and likelihoods are the defaults every analyst inherits. An
//! [`Analyst`] is what one analyst's file changes: their priors, their
//! judgments of some items, their weight in the pool. This module checks
//! that every id resolves, that no item is judged twice, that priors are all
//! given or none and sum to one, and that a weight is positive; everything it
//! finds is placed in the analyst's own file.
//!
//! Architecture invariant: an [`Analyst`] exists only when its file had no
//! error, and then every index in it is valid.

use std::collections::HashMap;

use super::likelihood::Likelihood;
use super::study::Study;
use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::analyst::{RawAnalyst, RawJudgment};

/// Priors must sum to one within this, as in the study format.
const PRIOR_SUM_TOLERANCE: f64 = 1e-6;

/// One analyst's judgments, resolved.
#[derive(Debug, Clone)]
pub struct Analyst {
    /// The id: the file name without `.toml`.
    pub id: String,
    /// The name shown in reports (`[analyst] name`, else the id).
    pub name: String,
    /// The weight as written (`1` when not), before normalisation.
    pub weight: f64,
    /// When the judgments were made, as written.
    pub judged: Option<String>,
    /// The priors, in hypothesis order: the analyst's, or the study's.
    pub priors: Vec<f64>,
    /// Whether the file gives priors.
    pub priors_given: bool,
    /// The judgments, in file order.
    pub judgments: Vec<Judgment>,
    /// For each evidence item, the index of its judgment, if judged.
    by_item: Vec<Option<usize>>,
}

/// One `[[judgment]]`: the analyst's view of one evidence item.
#[derive(Debug, Clone)]
pub struct Judgment {
    /// The evidence index.
    pub evidence: usize,
    /// P(E | H_i) as this analyst judges it, in hypothesis order; `None`
    /// keeps the study's value.
    pub likelihood: Vec<Option<Likelihood>>,
    /// The reliability, when the analyst gives one.
    pub reliability: Option<f64>,
    /// Why.
    pub rationale: Option<String>,
    /// Where the `[[judgment]]` table starts in the analyst's file.
    pub span: Span,
}

impl Analyst {
    /// The analyst who judges nothing: the study's own judgment under `id`.
    pub fn inheriting(study: &Study, id: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: id.to_owned(),
            weight: 1.0,
            judged: None,
            priors: study.priors(),
            priors_given: false,
            judgments: Vec::new(),
            by_item: vec![None; study.evidence.len()],
        }
    }

    /// This analyst's judgment of item `e`, if they judge it.
    pub fn judgment(&self, e: usize) -> Option<&Judgment> {
        self.by_item
            .get(e)
            .copied()
            .flatten()
            .map(|j| &self.judgments[j])
    }

    /// P(E_e | H_i) for this analyst: theirs, or the study's.
    pub fn likelihood<'s>(&'s self, study: &'s Study, e: usize, i: usize) -> &'s Likelihood {
        self.judgment(e)
            .and_then(|j| j.likelihood[i].as_ref())
            .unwrap_or(&study.evidence[e].likelihood[i])
    }

    /// Whether this analyst writes their own likelihood of item `e` under
    /// hypothesis `i` (rather than keeping the study's).
    pub fn judges(&self, e: usize, i: usize) -> bool {
        self.judgment(e).is_some_and(|j| j.likelihood[i].is_some())
    }

    /// The reliability of item `e` for this analyst.
    pub fn reliability(&self, study: &Study, e: usize) -> f64 {
        self.judgment(e)
            .and_then(|j| j.reliability)
            .unwrap_or(study.evidence[e].reliability)
    }

    /// The same analyst on `to`, a copy of `from` with fewer evidence items
    /// (`--without`): judgments of removed items go, the others follow their
    /// item to its new index.
    #[must_use]
    pub fn restricted(&self, from: &Study, to: &Study) -> Self {
        let index: rustc_hash::FxHashMap<&str, usize> = to
            .evidence
            .iter()
            .enumerate()
            .map(|(e, item)| (item.id.as_str(), e))
            .collect();
        let mut out = Self {
            judgments: Vec::new(),
            by_item: vec![None; to.evidence.len()],
            ..self.clone()
        };
        for judgment in &self.judgments {
            if let Some(&e) = index.get(from.evidence[judgment.evidence].id.as_str()) {
                out.judge(Judgment {
                    evidence: e,
                    ..judgment.clone()
                });
            }
        }
        out
    }

    /// Adds a judgment (for building panels in code and tests); a second
    /// judgment of the same item replaces the first.
    pub fn judge(&mut self, judgment: Judgment) {
        let e = judgment.evidence;
        if let Some(j) = self.by_item.get(e).copied().flatten() {
            self.judgments[j] = judgment;
        } else if e < self.by_item.len() {
            self.by_item[e] = Some(self.judgments.len());
            self.judgments.push(judgment);
        }
    }
}

/// Whether `id` can name an analyst: the study format's id shape.
fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Resolves one analyst's file against the study. Diagnostics are placed in
/// the analyst's file (see [`Diagnostic::in_analyst`]).
pub fn build_analyst(
    study: &Study,
    id: &str,
    raw: &RawAnalyst,
) -> (Option<Analyst>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    if !valid_id(id) {
        found.push(
            Diagnostic::error(
                "invalid-value",
                format!("`{id}` cannot name an analyst: the file name is the analyst's id"),
            )
            .with_help("name the file with a letter first, then letters, digits, `-` or `_` (e.g. `analysts/kb.toml`)"),
        );
    }
    let mut analyst = Analyst::inheriting(study, id);
    if let Some(name) = &raw.name {
        analyst.name.clone_from(&name.value);
    }
    analyst.judged = raw.judged.as_ref().map(|j| j.value.clone());
    if let Some(weight) = &raw.weight {
        if weight.value > 0.0 && weight.value.is_finite() {
            analyst.weight = weight.value;
        } else {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    format!("the weight {} is not positive", weight.value),
                )
                .at(weight.span.clone())
                .with_help("a weight is a positive number (default 1); to leave an analyst out, use `--analyst` to name the others"),
            );
        }
    }
    if let Some(priors) = &raw.priors {
        priors_of(study, priors, &mut analyst, &mut found);
    }
    let hypothesis_ids: Vec<&str> = study.hypotheses.iter().map(|h| h.id.as_str()).collect();
    let evidence_ids: HashMap<&str, usize> = study
        .evidence
        .iter()
        .enumerate()
        .map(|(e, item)| (item.id.as_str(), e))
        .collect();
    let evidence_names: Vec<&str> = study.evidence.iter().map(|e| e.id.as_str()).collect();
    let mut first: HashMap<usize, Span> = HashMap::new();
    for raw_judgment in &raw.judgments {
        if let Some(judgment) = judgment_of(
            study,
            raw_judgment,
            &hypothesis_ids,
            &evidence_ids,
            &evidence_names,
            &mut first,
            &mut found,
        ) {
            analyst.judge(judgment);
        }
    }
    let found: Vec<Diagnostic> = found.into_iter().map(|d| d.in_analyst(id)).collect();
    let failed = found
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    ((!failed).then_some(analyst), found)
}

fn priors_of(
    study: &Study,
    priors: &crate::syntax::analyst::RawPriors,
    analyst: &mut Analyst,
    found: &mut Vec<Diagnostic>,
) {
    let ids: Vec<&str> = study.hypotheses.iter().map(|h| h.id.as_str()).collect();
    let mut values: Vec<Option<f64>> = vec![None; study.hypotheses.len()];
    let mut ok = true;
    for (key, value) in &priors.value {
        let Some(i) = study.hypothesis_index(&key.value) else {
            found.push(unknown("hypothesis", &key.value, &key.span, &ids));
            ok = false;
            continue;
        };
        if !(value.value > 0.0 && value.value <= 1.0) {
            found.push(
                Diagnostic::error(
                    "priors",
                    format!(
                        "the prior {} of `{}` is not in (0, 1]",
                        crate::diagnostic::number(value.value),
                        key.value
                    ),
                )
                .at(value.span.clone())
                .with_help("a prior is a probability above 0: a hypothesis with prior 0 cannot be argued for"),
            );
            ok = false;
        }
        values[i] = Some(value.value);
    }
    let missing: Vec<&str> = ids
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(id, _)| *id)
        .collect();
    if !missing.is_empty() && ok {
        found.push(
            Diagnostic::error(
                "priors",
                format!(
                    "`[priors]` gives no prior for {}",
                    crate::analysis::lints::list(&missing)
                ),
            )
            .at(priors.span.start..priors.span.start)
            .with_help(
                "give a prior for every hypothesis, or leave out `[priors]` to keep the study's",
            ),
        );
        return;
    }
    if !ok {
        return;
    }
    let values: Vec<f64> = values.into_iter().flatten().collect();
    let sum: f64 = values.iter().sum();
    if (sum - 1.0).abs() > PRIOR_SUM_TOLERANCE {
        found.push(
            Diagnostic::error(
                "priors",
                format!(
                    "the priors sum to {}, not 1",
                    crate::diagnostic::number((sum * 1e9).round() / 1e9)
                ),
            )
            .at(priors.span.start..priors.span.start)
            .with_help("priors are used as given, never renormalised: make them sum to 1"),
        );
        return;
    }
    analyst.priors = values;
    analyst.priors_given = true;
}

fn judgment_of(
    study: &Study,
    raw: &RawJudgment,
    hypothesis_ids: &[&str],
    evidence_ids: &HashMap<&str, usize>,
    evidence_names: &[&str],
    first: &mut HashMap<usize, Span>,
    found: &mut Vec<Diagnostic>,
) -> Option<Judgment> {
    let id = raw.evidence.as_ref()?;
    let Some(&e) = evidence_ids.get(id.value.as_str()) else {
        found.push(unknown(
            "evidence item",
            &id.value,
            &id.span,
            evidence_names,
        ));
        return None;
    };
    if first.contains_key(&e) {
        found.push(
            Diagnostic::error(
                "duplicate-id",
                format!("the item `{}` is judged twice in this file", id.value),
            )
            .at(id.span.clone())
            .for_evidence(&id.value)
            .with_help("an analyst judges each item once: merge the two `[[judgment]]` tables"),
        );
        return None;
    }
    first.insert(e, raw.span.clone());
    let mut likelihood = vec![None; study.hypotheses.len()];
    let mut ok = true;
    if let Some(table) = &raw.likelihood {
        for (key, value) in &table.value {
            let Some(i) = study.hypothesis_index(&key.value) else {
                found.push(unknown("hypothesis", &key.value, &key.span, hypothesis_ids));
                ok = false;
                continue;
            };
            match super::build::likelihood(value, found) {
                Some(l) => likelihood[i] = Some(l),
                None => ok = false,
            }
        }
    }
    let reliability = match &raw.reliability {
        Some(r) if (0.0..=1.0).contains(&r.value) => Some(r.value),
        Some(r) => {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    format!(
                        "the reliability {} is not in [0, 1]",
                        crate::diagnostic::number(r.value)
                    ),
                )
                .at(r.span.clone())
                .with_help(
                    "reliability is how far the report can be trusted: 1 fully, 0 not at all",
                ),
            );
            ok = false;
            None
        }
        None => None,
    };
    ok.then(|| Judgment {
        evidence: e,
        likelihood,
        reliability,
        rationale: raw.rationale.as_ref().map(|r| r.value.clone()),
        span: raw.span.clone(),
    })
}

fn unknown(kind: &str, name: &str, span: &Span, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-reference",
        format!("no {kind} of the study has the id `{name}`"),
    )
    .at(span.clone());
    match crate::syntax_closest(name, known) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!(
            "the study's {kind} ids are {}",
            crate::analysis::lints::list(&known.iter().take(12).copied().collect::<Vec<_>>())
        )),
    }
}
