//! A study built on a causal model (format 1.2): hypotheses as queries of
//! the model, cases with what is known of them, and likelihoods taken from
//! clues.
//!
//! This module owns the study's side of the link and no causal arithmetic:
//! the numbers come from a [`CausalSource`] the caller loads (the CLI and
//! `probative serve` load `probative-causal`'s), so the core neither reads
//! the model file nor depends on the causal crate. It runs between the two
//! halves of stage 2, on the raw document: every probability the model gives
//! is written into the document where the study would have written it (a
//! prior on the hypothesis, a likelihood on the item, each spanned at the
//! query or clue it came from), so that the ordinary validation, engine and
//! lints treat it like any judgment. What it wrote is kept as a
//! [`CausalLink`], which the reports show.
//!
//! Priors come from the model only when the study gives none, and then only
//! for a study of one case (or none): a case-level query of two cases is two
//! propositions, and the study's posterior pools every case's evidence on
//! one set of priors.

use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::{Node, RawLikelihood, RawStudy};

/// What a causal model found wrong with a statement (a query, a given or a
/// clue): what, where in the statement, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CausalProblem {
    /// What is wrong, in a sentence.
    pub message: String,
    /// The byte offset of the problem in the statement, when known.
    pub position: Option<usize>,
    /// How to fix it, when it can be said.
    pub help: Option<String>,
}

impl CausalProblem {
    /// A problem with no position or help.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: None,
            help: None,
        }
    }
}

/// What a statement of the study stands for, which decides what the model
/// accepts in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statement {
    /// A hypothesis: a logical query, true or false of a case, which may
    /// name counterfactual worlds (`Y[X=1] > Y[X=0]`).
    Query,
    /// What is known of a case: a logical statement of node values.
    Given,
    /// What an evidence item observes: node values, no interventions.
    Clue,
}

/// Probabilities from a causal model, at one parameter point: what the core
/// asks of the model a study names. Every statement is in the model's
/// language (CausalQueries'), and `given` may conjoin several with `&`.
pub trait CausalSource {
    /// Which parameter point the probabilities are computed at:
    /// `"parameters"`, `"priors"` (the prior mean) or `"posteriors"` (the
    /// posterior mean given the model's data).
    fn using(&self) -> &'static str;

    /// The parameter point in words, for reports ("the prior mean").
    fn point(&self) -> String;

    /// Whether `statement` is one the model can evaluate as `kind`.
    ///
    /// # Errors
    /// A bad statement (syntax, an unknown node, a numeric query, a clue
    /// with an intervention), placed in the statement.
    fn check(&self, statement: &str, kind: Statement) -> Result<(), CausalProblem>;

    /// Whether some causal type the model allows satisfies `statement`,
    /// whatever the parameters.
    ///
    /// # Errors
    /// A statement the model cannot evaluate.
    fn possible(&self, statement: &str) -> Result<bool, CausalProblem>;

    /// P(event | given) at the parameter point, or `None` when the given has
    /// probability zero there.
    ///
    /// # Errors
    /// A statement the model cannot evaluate.
    fn probability(&self, event: &str, given: &str) -> Result<Option<f64>, CausalProblem>;
}

/// A caller's loader for the causal model a study names: it receives the
/// path as written (relative to the study file) and returns the model, or
/// why it could not be read.
pub type LoadModel<'a> = dyn FnMut(&str) -> Result<Box<dyn CausalSource>, String> + 'a;

/// What a study took from its causal model, for the reports.
#[derive(Debug, Clone, PartialEq)]
pub struct CausalLink {
    /// The model file as written in `[study] model`.
    pub model: String,
    /// The parameter point: `"parameters"`, `"priors"` or `"posteriors"`.
    pub using: &'static str,
    /// The parameter point in words.
    pub point: String,
    /// Each hypothesis's query, as (hypothesis id, query), in file order.
    pub queries: Vec<(String, String)>,
    /// Each case's given, as (case id, given), for the cases that have one.
    pub givens: Vec<(String, String)>,
    /// The given the priors are conditional on, when they come from the
    /// model (`"TRUE"` for a study without cases or a case without given).
    pub priors_given: Option<String>,
    /// The priors the model gave, in hypothesis order (empty when the study
    /// wrote its own).
    pub priors: Vec<f64>,
    /// The likelihoods taken from clues, in file order.
    pub likelihoods: Vec<ModelLikelihood>,
}

impl CausalLink {
    /// The model's likelihoods of an evidence item, if they came from it.
    pub fn likelihood(&self, evidence: &str) -> Option<&ModelLikelihood> {
        self.likelihoods.iter().find(|l| l.evidence == evidence)
    }

    /// Forgets what `study` no longer takes from the model: the items whose
    /// likelihoods are not the model's (an analysts' pool judged them
    /// otherwise), and the priors when they are not the model's. The
    /// reports then never call a number the model's that is not.
    #[must_use]
    pub fn still_in(mut self, study: &super::Study) -> Self {
        self.likelihoods.retain(|from| {
            study.evidence.iter().any(|e| {
                e.id == from.evidence
                    && e.likelihood.len() == from.values.len()
                    && e.likelihood
                        .iter()
                        .zip(&from.values)
                        .all(|(l, &v)| l.point == v && l.lo == v && l.hi == v)
            })
        });
        let kept = study.hypotheses.len() == self.priors.len()
            && study
                .hypotheses
                .iter()
                .zip(&self.priors)
                .all(|(h, &p)| h.prior == p);
        if !kept {
            self.priors_given = None;
            self.priors.clear();
        }
        self
    }
}

/// An evidence item's likelihoods taken from a clue of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLikelihood {
    /// The evidence item's id.
    pub evidence: String,
    /// The clue, as written: `M==1`.
    pub clue: String,
    /// What is known of the case the clue is observed in (`"TRUE"` when
    /// nothing is).
    pub given: String,
    /// P(clue | given, H_i's query), in hypothesis order.
    pub values: Vec<f64>,
}

impl ModelLikelihood {
    /// The likelihood in words: `P(M==1 | X==1 & Y==1, H)`.
    pub fn formula(&self) -> String {
        if self.given == TRUE {
            format!("P({} | H)", self.clue)
        } else {
            format!("P({} | {}, H)", self.clue, self.given)
        }
    }
}

/// The given of a case the study says nothing about.
const TRUE: &str = "TRUE";

const CODE: &str = "causal-model";

/// Fills in the raw document what its causal model says: priors (when the
/// study gives none) and the likelihoods of clue items. Returns what was
/// taken from the model and every problem found, each placed in the study
/// file. `text` is the study file, to place a problem inside a string.
///
/// A study that names no model but uses `query`, `given` or a clue is told
/// to name one; a model that cannot be loaded, or a statement it rejects,
/// leaves placeholders behind (so that stage 2 reports nothing twice) and
/// an error, which keeps the study from being analysed.
pub fn resolve(
    raw: &mut RawStudy,
    text: &str,
    load: Option<&mut LoadModel<'_>>,
) -> (Option<CausalLink>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let clue_items: Vec<usize> = (0..raw.evidence.len())
        .filter(|&e| clue_of(raw, e).is_some())
        .collect();
    let model_path = raw.header.as_ref().and_then(|h| h.model.clone());
    let Some(path) = model_path else {
        unlinked(raw, &clue_items, &mut diagnostics);
        return (None, diagnostics);
    };
    let source = match load {
        None => Err("this program reads no causal models; use `probative report`".to_owned()),
        Some(load) => load(&path.value),
    };
    let source = match source {
        Ok(source) => source,
        Err(why) => {
            diagnostics.push(
                Diagnostic::error(
                    CODE,
                    format!("cannot read the causal model `{}`: {why}", path.value),
                )
                .at(path.span.clone())
                .with_help(
                    "the path is relative to the study file; `probative causal MODEL` shows the model's own errors",
                ),
            );
            placeholders(raw, &clue_items);
            return (None, diagnostics);
        }
    };
    let mut resolver = Resolver {
        text,
        source: source.as_ref(),
        diagnostics,
    };
    let link = resolver.resolve(raw, &path, &clue_items);
    (link, resolver.diagnostics)
}

/// Every use of the model's terms in a study that names no model.
fn unlinked(raw: &mut RawStudy, clue_items: &[usize], diagnostics: &mut Vec<Diagnostic>) {
    let help = "name the causal model in `[study]`: model = \"model.toml\"";
    let mut uses: Vec<(Span, &str)> = Vec::new();
    for h in &raw.hypotheses {
        if let Some(q) = &h.query {
            uses.push((q.span.clone(), "a hypothesis's `query`"));
        }
    }
    for c in &raw.cases {
        if let Some(g) = &c.given {
            uses.push((g.span.clone(), "a case's `given`"));
        }
    }
    for &e in clue_items {
        if let Some((_, value)) = clue_of(raw, e) {
            uses.push((value.span.clone(), "a likelihood from a clue"));
        }
    }
    for (span, what) in uses {
        diagnostics.push(
            Diagnostic::error(
                CODE,
                format!("{what} needs a causal model, and the study names none"),
            )
            .at(span)
            .with_help(help),
        );
    }
    placeholders(raw, clue_items);
}

/// Gives every clue item a likelihood of 1/2 for every hypothesis, so that
/// stage 2 does not report a missing likelihood where the real problem is
/// the model; the error that calls this keeps the study from analysis.
fn placeholders(raw: &mut RawStudy, clue_items: &[usize]) {
    let ids: Vec<String> = raw
        .hypotheses
        .iter()
        .filter_map(|h| h.id.as_ref().map(|id| id.value.clone()))
        .collect();
    for &e in clue_items {
        let Some((key, value)) = clue_of(raw, e) else {
            continue;
        };
        let (key_span, value_span) = (key.span.clone(), value.span.clone());
        set_likelihoods(raw, e, &ids, &vec![0.5; ids.len()], &key_span, &value_span);
    }
}

/// The clue of an item whose likelihood table is `{ clue = "..." }`: the
/// key and the statement. A table with only a `clue` key cannot be a
/// table of hypotheses, since a study has at least two.
fn clue_of(raw: &RawStudy, e: usize) -> Option<(&Node<String>, Node<String>)> {
    let table = raw.evidence[e].likelihood.as_ref()?;
    match table.value.as_slice() {
        [(key, value)] if key.value == "clue" => match &value.value {
            RawLikelihood::Term(statement) => {
                Some((key, Node::new(statement.clone(), value.span.clone())))
            }
            _ => None,
        },
        _ => None,
    }
}

fn set_likelihoods(
    raw: &mut RawStudy,
    e: usize,
    ids: &[String],
    values: &[f64],
    key_span: &Span,
    value_span: &Span,
) {
    let Some(table) = raw.evidence[e].likelihood.as_mut() else {
        return;
    };
    table.value = ids
        .iter()
        .zip(values)
        .map(|(id, &p)| {
            (
                Node::new(id.clone(), key_span.clone()),
                Node::new(RawLikelihood::Number(p), value_span.clone()),
            )
        })
        .collect();
}

struct Resolver<'a> {
    text: &'a str,
    source: &'a dyn CausalSource,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn resolve(
        &mut self,
        raw: &mut RawStudy,
        path: &Node<String>,
        clue_items: &[usize],
    ) -> Option<CausalLink> {
        let errors_before = self.diagnostics.len();
        let mut queries = self.queries(raw);
        let givens = self.givens(raw);
        if let Some(checked) = &queries {
            let before = self.diagnostics.len();
            self.partitions(raw, checked, &givens);
            // Priors and likelihoods of hypotheses that are not rivals
            // would only repeat the problem.
            if self.diagnostics.len() > before {
                queries = None;
            }
        }
        let (priors_given, priors) = queries
            .as_ref()
            .and_then(|queries| self.priors(raw, queries, &givens))
            .unzip();
        let likelihoods = if let Some(queries) = &queries {
            self.likelihoods(raw, queries, &givens, clue_items)
        } else {
            placeholders(raw, clue_items);
            Vec::new()
        };
        if self.diagnostics.len() > errors_before {
            return None;
        }
        let queries = queries?;
        Some(CausalLink {
            model: path.value.clone(),
            using: self.source.using(),
            point: self.source.point(),
            queries: raw
                .hypotheses
                .iter()
                .zip(&queries)
                .filter_map(|(h, q)| Some((h.id.as_ref()?.value.clone(), q.value.clone())))
                .collect(),
            givens: raw
                .cases
                .iter()
                .zip(&givens)
                .filter_map(|(c, g)| Some((c.id.as_ref()?.value.clone(), g.clone()?.value)))
                .collect(),
            priors_given,
            priors: priors.unwrap_or_default(),
            likelihoods,
        })
    }

    /// Places a problem with a statement written at `span`: at its position
    /// inside the string when the string is written plainly, else at the
    /// whole value.
    fn problem(&mut self, span: &Span, problem: CausalProblem, what: &str) -> Diagnostic {
        let at = self.inside(span, problem.position);
        let mut d = Diagnostic::error(CODE, format!("{what}: {}", problem.message)).at(at);
        if let Some(help) = problem.help {
            d = d.with_help(help);
        }
        d
    }

    /// The span of byte `position` of the string written at `span`, when
    /// the string is written without escapes (so offsets agree).
    fn inside(&self, span: &Span, position: Option<usize>) -> Span {
        let written = self.text.get(span.clone()).unwrap_or("");
        let plain = written.len() >= 2
            && (written.starts_with('"') || written.starts_with('\''))
            && !written.starts_with("\"\"\"")
            && !written.starts_with("'''")
            && !written.contains('\\');
        match position {
            Some(p) if plain && p + 2 <= written.len() => {
                let start = span.start + 1 + p;
                let width = self.text[start..span.end - 1]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                start..start + width
            }
            _ => span.clone(),
        }
    }

    /// Every hypothesis's query, checked; `None` when one is missing or bad.
    fn queries(&mut self, raw: &RawStudy) -> Option<Vec<Node<String>>> {
        let mut out = Vec::new();
        let mut ok = true;
        for h in &raw.hypotheses {
            let Some(query) = &h.query else {
                ok = false;
                self.diagnostics.push(
                    Diagnostic::error(
                        CODE,
                        "a study built on a causal model defines every hypothesis as a query of it, and this one has no `query`",
                    )
                    .at(h.span.clone())
                    .with_help("add query = \"Y[X=1] > Y[X=0]\" (or what this hypothesis claims), or remove `[study] model`"),
                );
                continue;
            };
            if let Err(problem) = self.checked(&query.value, Statement::Query) {
                ok = false;
                let d = self.problem(&query.span, problem, "this query");
                self.diagnostics.push(d);
                continue;
            }
            out.push(query.clone());
        }
        ok.then_some(out)
    }

    fn checked(&self, statement: &str, kind: Statement) -> Result<(), CausalProblem> {
        if statement.contains(":|:") {
            return Err(CausalProblem {
                message: "a condition `:|:` has no place here".to_owned(),
                position: statement.find(":|:"),
                help: Some("write what is known of a case in the case's `given`".to_owned()),
            });
        }
        self.source.check(statement, kind)
    }

    /// Every case's given, checked (`None` for a case without one, or with
    /// a bad one, which is reported).
    fn givens(&mut self, raw: &RawStudy) -> Vec<Option<Node<String>>> {
        let mut out = Vec::new();
        for c in &raw.cases {
            let Some(given) = &c.given else {
                out.push(None);
                continue;
            };
            let checked = self
                .checked(&given.value, Statement::Given)
                .and_then(|()| self.source.possible(&given.value));
            match checked {
                Ok(true) => out.push(Some(given.clone())),
                Ok(false) => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            CODE,
                            "no causal type of the model is consistent with this case's given",
                        )
                        .at(given.span.clone())
                        .with_help("check the given against the model's DAG and restrictions; the case cannot have come about as written"),
                    );
                    out.push(None);
                }
                Err(problem) => {
                    let d = self.problem(&given.span, problem, "this given");
                    self.diagnostics.push(d);
                    out.push(None);
                }
            }
        }
        out
    }

    /// Checks that the hypotheses are mutually exclusive and exhaustive
    /// over the causal types consistent with each case's given (and with
    /// nothing known, where a clue item or the priors need that).
    fn partitions(
        &mut self,
        raw: &RawStudy,
        queries: &[Node<String>],
        givens: &[Option<Node<String>>],
    ) {
        // (the given, the case's id, the case's table) per case to check.
        let mut contexts: Vec<Context<'_>> = Vec::new();
        for (c, given) in raw.cases.iter().zip(givens) {
            if c.given.is_some() && given.is_none() {
                continue; // Already reported.
            }
            let id = c.id.as_ref().map(|n| n.value.as_str());
            contexts.push((given.as_ref(), id, c.span.clone()));
        }
        // Without cases, the priors and every clue are conditional on
        // nothing known.
        if raw.cases.is_empty() {
            let span = raw.header.as_ref().map(|h| h.span.clone()).unwrap_or(0..0);
            contexts.push((None, None, span));
        }
        for (given, case, case_span) in contexts {
            let g = given.map_or(TRUE, |g| g.value.as_str());
            let at = given.map_or(case_span, |g| g.span.clone());
            let whom = case.map_or("with nothing known of the case".to_owned(), |id| {
                format!("in case `{id}`")
            });
            for (i, a) in queries.iter().enumerate() {
                for (j, b) in queries.iter().enumerate().skip(i + 1) {
                    let both = format!("({g}) & ({}) & ({})", a.value, b.value);
                    if self.source.possible(&both) == Ok(true) {
                        let (ha, hb) = (hypothesis_id(raw, i), hypothesis_id(raw, j));
                        self.diagnostics.push(
                            Diagnostic::error(
                                CODE,
                                format!("hypotheses `{ha}` and `{hb}` are not mutually exclusive {whom}: some causal types satisfy both queries"),
                            )
                            .at(at.clone())
                            .with_label(a.span.clone(), format!("`{ha}`"))
                            .with_label(b.span.clone(), format!("`{hb}`"))
                            .with_help("rival hypotheses must not overlap: narrow one query, e.g. with `& !(...)` of the other"),
                        );
                    }
                }
            }
            let any: Vec<String> = queries.iter().map(|q| format!("({})", q.value)).collect();
            let none = format!("({g}) & !({})", any.join(" | "));
            if self.source.possible(&none) == Ok(true) {
                let mut d = Diagnostic::error(
                    CODE,
                    format!("the hypotheses are not exhaustive {whom}: some causal types consistent with it satisfy no query"),
                )
                .at(at.clone())
                .with_help(format!(
                    "add a hypothesis for the rest, e.g. query = \"!({})\"",
                    any.join(" | ")
                ));
                for (i, q) in queries.iter().enumerate() {
                    d = d.with_label(q.span.clone(), format!("`{}`", hypothesis_id(raw, i)));
                }
                self.diagnostics.push(d);
            }
        }
    }

    /// Writes P(query | given) as each hypothesis's prior when the study
    /// gives no prior; returns the given they are conditional on.
    fn priors(
        &mut self,
        raw: &mut RawStudy,
        queries: &[Node<String>],
        givens: &[Option<Node<String>>],
    ) -> Option<(String, Vec<f64>)> {
        if raw.hypotheses.iter().any(|h| h.prior.is_some()) {
            return None;
        }
        if raw.cases.len() > 1 {
            self.diagnostics.push(
                Diagnostic::error(
                    CODE,
                    "priors from a causal model need a study of one case, and this study has several",
                )
                .at(raw.cases[1].span.clone())
                .with_help("a case-level query of two cases is two propositions: write one study per case (they can share the model), or give every hypothesis a `prior`"),
            );
            return None;
        }
        if raw.cases.first().is_some_and(|c| c.given.is_some()) && givens[0].is_none() {
            return None; // The given is bad, and reported.
        }
        let given = givens.first().cloned().flatten();
        let g = given.as_ref().map_or(TRUE, |g| g.value.as_str()).to_owned();
        let mut priors = Vec::new();
        for (h, q) in raw.hypotheses.iter().zip(queries) {
            match self.source.probability(&q.value, &g) {
                Ok(Some(p)) if p > 0.0 => priors.push(Node::new(p, q.span.clone())),
                Ok(Some(_)) => {
                    let id = h.id.as_ref().map_or("?", |n| n.value.as_str());
                    self.diagnostics.push(
                        Diagnostic::error(
                            CODE,
                            format!(
                                "hypothesis `{id}` has probability 0 given {g} at {}: it cannot be tested",
                                self.source.point()
                            ),
                        )
                        .at(q.span.clone())
                        .for_hypothesis(id)
                        .with_help("remove the hypothesis, or give every hypothesis a `prior`"),
                    );
                }
                Ok(None) => {
                    self.impossible_given(given.as_ref(), raw, &g);
                    return None;
                }
                Err(problem) => {
                    let d = self.problem(&q.span, problem, "this query");
                    self.diagnostics.push(d);
                }
            }
        }
        if priors.len() != raw.hypotheses.len() {
            return None;
        }
        let values = priors.iter().map(|p| p.value).collect();
        for (h, p) in raw.hypotheses.iter_mut().zip(priors) {
            h.prior = Some(p);
        }
        Some((g, values))
    }

    fn impossible_given(&mut self, given: Option<&Node<String>>, raw: &RawStudy, g: &str) {
        let at = given.map_or_else(
            || raw.header.as_ref().map(|h| h.span.clone()).unwrap_or(0..0),
            |n| n.span.clone(),
        );
        self.diagnostics.push(
            Diagnostic::error(
                CODE,
                format!(
                    "the given {g} has probability 0 at {} of the model",
                    self.source.point()
                ),
            )
            .at(at)
            .with_help("the model's parameters rule the case out: check them, or the given"),
        );
    }

    /// Each clue item's likelihoods, written into its table.
    fn likelihoods(
        &mut self,
        raw: &mut RawStudy,
        queries: &[Node<String>],
        givens: &[Option<Node<String>>],
        clue_items: &[usize],
    ) -> Vec<ModelLikelihood> {
        let ids: Vec<String> = (0..raw.hypotheses.len())
            .map(|i| hypothesis_id(raw, i))
            .collect();
        // What each clue item observed, as a statement, for the items that
        // depend on it: read before any table is rewritten.
        let observed: Vec<(String, String)> = clue_items
            .iter()
            .filter_map(|&e| {
                let item = &raw.evidence[e];
                let (_, clue) = clue_of(raw, e)?;
                let seen = item.observed.as_ref().is_none_or(|o| o.value);
                let statement = if seen {
                    format!("({})", clue.value)
                } else {
                    format!("!({})", clue.value)
                };
                Some((item.id.as_ref()?.value.clone(), statement))
            })
            .collect();
        let mut out = Vec::new();
        for &e in clue_items {
            let Some((key, clue)) = clue_of(raw, e).map(|(k, c)| (k.span.clone(), c)) else {
                continue;
            };
            let conditions: Vec<&str> = raw.evidence[e]
                .depends_on
                .iter()
                .filter_map(|d| {
                    observed
                        .iter()
                        .find(|(id, _)| *id == d.value)
                        .map(|(_, s)| s.as_str())
                })
                .collect();
            let values: Option<(String, Vec<f64>)> =
                self.clue_values(raw, e, &clue, &conditions, queries, givens);
            let evidence = raw.evidence[e].id.as_ref().map(|n| n.value.clone());
            match (values, evidence) {
                (Some((given, values)), Some(evidence)) => {
                    set_likelihoods(raw, e, &ids, &values, &key, &clue.span);
                    out.push(ModelLikelihood {
                        evidence,
                        clue: clue.value,
                        given,
                        values,
                    });
                }
                _ => set_likelihoods(raw, e, &ids, &vec![0.5; ids.len()], &key, &clue.span),
            }
        }
        out
    }

    /// The given an item's clue is observed under, and P(clue | given,
    /// query) for every query; `None` after reporting why not.
    fn clue_values(
        &mut self,
        raw: &RawStudy,
        e: usize,
        clue: &Node<String>,
        conditions: &[&str],
        queries: &[Node<String>],
        givens: &[Option<Node<String>>],
    ) -> Option<(String, Vec<f64>)> {
        let item = &raw.evidence[e];
        if let Err(problem) = self.checked(&clue.value, Statement::Clue) {
            let d = self.problem(&clue.span, problem, "this clue");
            self.diagnostics.push(d);
            return None;
        }
        let case = match &item.case {
            Some(case) => raw
                .cases
                .iter()
                .position(|c| c.id.as_ref().is_some_and(|id| id.value == case.value)),
            None if raw.cases.len() == 1 => Some(0),
            None if raw.cases.is_empty() => None,
            None => {
                self.diagnostics.push(
                    Diagnostic::error(
                        CODE,
                        "a clue is observed in a case, and this study has several: say which",
                    )
                    .at(clue.span.clone())
                    .with_help("add case = \"<case id>\" to the item; its likelihoods are conditional on that case's given"),
                );
                return None;
            }
        };
        if let Some(c) = case
            && raw.cases[c].given.is_some()
            && givens[c].is_none()
        {
            return None; // The case's given is bad, and reported.
        }
        let mut given = case
            .and_then(|c| givens[c].as_ref())
            .map_or(TRUE, |g| g.value.as_str())
            .to_owned();
        // The clues of the items this one depends on are known when it is
        // judged: P(E2 | E1, given, H), so that the product of the items'
        // likelihoods is the joint P(E1, E2 | given, H).
        for condition in conditions {
            given = if given == TRUE {
                (*condition).to_owned()
            } else {
                format!("{given} & {condition}")
            };
        }
        let mut values = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            let condition = format!("({given}) & ({})", q.value);
            match self.source.probability(&clue.value, &condition) {
                Ok(Some(p)) => values.push(p),
                Ok(None) => {
                    let id = hypothesis_id(raw, i);
                    self.diagnostics.push(
                        Diagnostic::error(
                            CODE,
                            format!(
                                "P({} | {given}, {id}) is undefined: hypothesis `{id}` has probability 0 in this case at {}",
                                clue.value,
                                self.source.point()
                            ),
                        )
                        .at(clue.span.clone())
                        .with_label(q.span.clone(), format!("`{id}`"))
                        .with_help("a hypothesis the case rules out cannot be tested in it: remove it, or check the case's given"),
                    );
                    return None;
                }
                Err(problem) => {
                    let d = self.problem(&clue.span, problem, "this clue");
                    self.diagnostics.push(d);
                    return None;
                }
            }
        }
        Some((given, values))
    }
}

/// A case whose hypotheses are checked: its given, its id, its table.
type Context<'a> = (Option<&'a Node<String>>, Option<&'a str>, Span);

fn hypothesis_id(raw: &RawStudy, i: usize) -> String {
    raw.hypotheses[i]
        .id
        .as_ref()
        .map_or_else(|| format!("#{}", i + 1), |n| n.value.clone())
}
