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

use crate::convergence::effective_sample_size;
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
    /// Monte Carlo standard errors of the six numbers above, in their
    /// order, when they come from posterior draws; `None` when exact.
    pub mc_se: Option<[Option<f64>; 6]>,
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
    /// The Monte Carlo standard error of `prior`, when it comes from draws.
    pub prior_mc_se: Option<f64>,
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

    /// Turns the sums of [`CluePlan::targets`] into a ranking. With
    /// `draws` (per target, per chain, the sums at each posterior draw, of
    /// which `sums` are the means), every number also gets its Monte Carlo
    /// standard error.
    pub fn rank(
        &self,
        model: &CausalModel,
        sums: &[Sums],
        draws: Option<&[&[Vec<Sums>]]>,
    ) -> ClueRanking {
        let mut ranking = ClueRanking {
            query: self.query.clone(),
            expression: self.expression.clone(),
            case: self.case.clone(),
            using: self.using,
            prior: None,
            prior_variance: None,
            prior_mc_se: None,
            clues: Vec::new(),
            message: None,
        };
        let base = sums[0];
        if base.denominator <= 0.0 {
            ranking.message = Some("no causal type satisfies the case".to_string());
            return ranking;
        }
        let prior = base.numerator / base.denominator;
        ranking.prior = Some(prior);
        ranking.prior_variance = Some(prior * (1.0 - prior));
        if let Some(d) = draws {
            ranking.prior_mc_se = mc_se(base, base, d[0], d[0], |b, _| {
                (b.denominator > 0.0).then(|| b.numerator / b.denominator)
            });
        }
        for (k, &j) in self.clues.iter().enumerate() {
            let one = sums[k + 1];
            let [
                probability,
                given_query,
                given_not_query,
                posterior_if_1,
                posterior_if_0,
                epv,
            ] = quantities(base, one);
            let errors = draws.map(|d| {
                std::array::from_fn(|q| {
                    mc_se(base, one, d[0], d[k + 1], |b, o| quantities(b, o)[q])
                })
            });
            ranking.clues.push(Clue {
                node: model.nodes[j].name.clone(),
                probability: probability.unwrap_or(0.0),
                given_query,
                given_not_query,
                posterior_if_1,
                posterior_if_0,
                expected_posterior_variance: epv.unwrap_or(0.0),
                mc_se: errors,
            });
        }
        ranking.clues.sort_by(|a, b| {
            a.expected_posterior_variance
                .total_cmp(&b.expected_posterior_variance)
        });
        ranking
    }
}

/// One clue's numbers from the sums of the case (`base`) and of the case
/// with the clue at 1 (`one`): P(K=1), P(K=1 | Q), P(K=1 | not Q),
/// P(Q | K=1), P(Q | K=0) and the expected posterior variance.
fn quantities(base: Sums, one: Sums) -> [Option<f64>; 6] {
    let ratio = |a: f64, b: f64| (b > 1e-15).then(|| (a / b).clamp(0.0, 1.0));
    if base.denominator <= 0.0 {
        return [None; 6];
    }
    let zero = Sums {
        numerator: base.numerator - one.numerator,
        denominator: base.denominator - one.denominator,
    };
    let probability = (one.denominator / base.denominator).clamp(0.0, 1.0);
    let posterior_if_1 = ratio(one.numerator, one.denominator);
    let posterior_if_0 = ratio(zero.numerator, zero.denominator);
    let variance = |p: Option<f64>| p.map_or(0.0, |p| p * (1.0 - p));
    [
        Some(probability),
        ratio(one.numerator, base.numerator),
        ratio(
            one.denominator - one.numerator,
            base.denominator - base.numerator,
        ),
        posterior_if_1,
        posterior_if_0,
        Some(
            probability * variance(posterior_if_1) + (1.0 - probability) * variance(posterior_if_0),
        ),
    ]
}

/// The Monte Carlo standard error of `f` at the mean sums `(base, one)`,
/// by the delta method: `f` is linearised (central differences) around the
/// means, the linearised value is taken at each draw, and its standard
/// deviation is divided by the square root of its effective sample size
/// over the chains, as for case-level results.
fn mc_se(
    base: Sums,
    one: Sums,
    base_draws: &[Vec<Sums>],
    one_draws: &[Vec<Sums>],
    f: impl Fn(Sums, Sums) -> Option<f64>,
) -> Option<f64> {
    let at = |x: [f64; 4]| {
        f(
            Sums {
                numerator: x[0],
                denominator: x[1],
            },
            Sums {
                numerator: x[2],
                denominator: x[3],
            },
        )
    };
    let m = [
        base.numerator,
        base.denominator,
        one.numerator,
        one.denominator,
    ];
    let mut gradient = [0.0; 4];
    for i in 0..4 {
        let h = 1e-6 * m[i].abs().max(1e-9);
        let (mut up, mut down) = (m, m);
        up[i] += h;
        down[i] -= h;
        gradient[i] = (at(up)? - at(down)?) / (2.0 * h);
    }
    let linear: Vec<Vec<f64>> = base_draws
        .iter()
        .zip(one_draws)
        .map(|(b, o)| {
            b.iter()
                .zip(o)
                .map(|(b, o)| {
                    gradient[0] * (b.numerator - m[0])
                        + gradient[1] * (b.denominator - m[1])
                        + gradient[2] * (o.numerator - m[2])
                        + gradient[3] * (o.denominator - m[3])
                })
                .collect()
        })
        .collect();
    let flat: Vec<f64> = linear.iter().flatten().copied().collect();
    if flat.len() < 2 {
        return None;
    }
    let n = flat.len() as f64;
    let mean = flat.iter().sum::<f64>() / n;
    let sd = (flat.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let ess = effective_sample_size(&linear);
    Some(sd / ess.max(1.0).sqrt())
}
