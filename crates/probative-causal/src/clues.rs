//! Clue selection: which unobserved node is most worth observing in a case.
//!
//! This module owns the process-tracing quantities CausalQueries leaves to
//! the user (book ch. 12, Case 11 of the reference): for a case (a given such
//! as `X==1 & Y==1`), a logical query Q and each unobserved node K,
//! P(K=1 | Q), P(K=1 | not Q), the posterior of Q for each value of K, and the
//! expected posterior variance Σ_k P(K=k)·p_k(1−p_k), which ranks the clues.
//! It compiles the targets it needs and turns their sums into a ranking; the
//! sums themselves come from [`crate::estimate`], at the point parameters, the
//! prior mean, or averaged over posterior draws (case level).

use crate::engine::{Sums, Target};
use crate::error::Result;
use crate::model::{CausalModel, QuerySpec, Using};
use crate::syntax;

/// The targets one ranking needs, by index into the analysis' target list.
#[derive(Debug, Clone, PartialEq)]
pub struct CluePlan {
    query: String,
    expression: String,
    case: String,
    /// The estimand the sums come from.
    pub using: Using,
    first: usize,
    clues: Vec<usize>,
}

/// One clue's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Clue {
    /// The node observed.
    pub node: String,
    /// P(K=1 | case).
    pub probability: f64,
    /// P(K=1 | Q, case).
    pub given_query: Option<f64>,
    /// P(K=1 | not Q, case).
    pub given_not_query: Option<f64>,
    /// P(Q | case, K=1).
    pub posterior_if_1: Option<f64>,
    /// P(Q | case, K=0).
    pub posterior_if_0: Option<f64>,
    /// Σ_k P(K=k | case)·p_k(1−p_k).
    pub expected_posterior_variance: f64,
}

/// Clues ranked for one query, case and estimand, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct ClueRanking {
    /// The query's name.
    pub query: String,
    /// The query string.
    pub expression: String,
    /// The case.
    pub case: String,
    /// The estimand.
    pub using: Using,
    /// P(Q | case) before observing a clue.
    pub prior: Option<f64>,
    /// prior·(1 − prior).
    pub prior_variance: Option<f64>,
    /// The clues, lowest expected posterior variance first.
    pub clues: Vec<Clue>,
    /// Why there is no ranking, if there is none.
    pub message: Option<String>,
}

/// Compiles the targets for ranking clues for `spec` in `case`; `first` is
/// the index the first returned target will have. Numeric queries get no ranking.
pub fn plan(
    model: &CausalModel,
    spec: &QuerySpec,
    case: &str,
    using: Using,
    first: usize,
) -> Result<(Vec<Target>, Option<CluePlan>)> {
    let context = format!("--clues {case:?}");
    let expr = syntax::parse_expr(case).map_err(|e| e.context(context.clone()))?;
    let base = Target::compile(model, &spec.query, Some(case))
        .map_err(|e| e.context(format!("[[query]] {:?} with {context}", spec.name)))?;
    if !base.logical {
        return Ok((Vec::new(), None));
    }
    let observed: Vec<&str> = syntax::all_terms(&expr)
        .into_iter()
        .filter(|t| t.interventions.is_empty())
        .map(|t| t.node.as_str())
        .collect();
    let mut targets = vec![base];
    let mut clues = Vec::new();
    for (j, node) in model.nodes.iter().enumerate() {
        if observed.contains(&node.name.as_str()) {
            continue;
        }
        let given = format!("({case}) & {}==1", node.name);
        targets.push(Target::compile(model, &spec.query, Some(&given))?);
        clues.push(j);
    }
    Ok((
        targets,
        Some(CluePlan {
            query: spec.name.clone(),
            expression: spec.query.clone(),
            case: case.to_string(),
            using,
            first,
            clues,
        }),
    ))
}

impl CluePlan {
    /// The indices of the targets whose sums [`CluePlan::rank`] needs, in order.
    pub fn targets(&self) -> impl Iterator<Item = usize> + use<> {
        self.first..self.first + 1 + self.clues.len()
    }

    /// Turns the sums of [`CluePlan::targets`] into a ranking.
    pub fn rank(&self, model: &CausalModel, sums: &[Sums]) -> ClueRanking {
        let mut ranking = ClueRanking {
            query: self.query.clone(),
            expression: self.expression.clone(),
            case: self.case.clone(),
            using: self.using,
            prior: None,
            prior_variance: None,
            clues: Vec::new(),
            message: None,
        };
        let base = sums[0];
        if base.denominator <= 0.0 {
            ranking.message = Some("no causal type satisfies the case".to_string());
            return ranking;
        }
        let ratio = |a: f64, b: f64| (b > 1e-15).then(|| (a / b).clamp(0.0, 1.0));
        let prior = base.numerator / base.denominator;
        ranking.prior = Some(prior);
        ranking.prior_variance = Some(prior * (1.0 - prior));
        for (k, &j) in self.clues.iter().enumerate() {
            let one = sums[k + 1];
            let zero = Sums {
                numerator: base.numerator - one.numerator,
                denominator: base.denominator - one.denominator,
            };
            let probability = (one.denominator / base.denominator).clamp(0.0, 1.0);
            let posterior_if_1 = ratio(one.numerator, one.denominator);
            let posterior_if_0 = ratio(zero.numerator, zero.denominator);
            let variance = |p: Option<f64>| p.map_or(0.0, |p| p * (1.0 - p));
            ranking.clues.push(Clue {
                node: model.nodes[j].name.clone(),
                probability,
                given_query: ratio(one.numerator, base.numerator),
                given_not_query: ratio(
                    one.denominator - one.numerator,
                    base.denominator - base.numerator,
                ),
                posterior_if_1,
                posterior_if_0,
                expected_posterior_variance: probability * variance(posterior_if_1)
                    + (1.0 - probability) * variance(posterior_if_0),
            });
        }
        ranking.clues.sort_by(|a, b| {
            a.expected_posterior_variance
                .total_cmp(&b.expected_posterior_variance)
        });
        ranking
    }
}
