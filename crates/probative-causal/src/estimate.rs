//! Estimation: every `[[query]]`, for every given and estimand, to a result.
//!
//! This module owns the estimands of CausalQueries' `query_model`: at the
//! point parameters, and over the prior or the posterior at population level
//! (the distribution of the per-draw value) or case level (a ratio of
//! expectations). Whatever can be exact is: `parameters`, and prior case-level
//! values, which equal `parameters` at the prior mean. It decides which draws
//! are needed, asks [`crate::update`] for them once, and summarises them with
//! their Monte Carlo error. It formats nothing.

use crate::clues::{self, ClueRanking};
use crate::convergence::{effective_sample_size, mean, quantile, sd, split_rhat};
use crate::data::Data;
use crate::engine::{MassCache, Sums, Target, support_parameters};
use crate::error::{CausalError, Result};
use crate::exact;
use crate::model::{Study, Using};
use crate::update::{self, SamplerOptions};

/// How to run an analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Seed for every random draw.
    pub seed: u64,
    /// Draws from the prior and the posterior.
    pub draws: usize,
    /// A case (a given such as `X==1 & Y==1`) to rank clues for.
    pub clues: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: 0,
            draws: 4000,
            clues: None,
        }
    }
}

/// One estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The query's name.
    pub query: String,
    /// The query string.
    pub expression: String,
    /// The given string.
    pub given: String,
    /// The estimand.
    pub using: Using,
    /// Case level rather than population level.
    pub case_level: bool,
    /// The value; `None` when the given has probability zero.
    pub mean: Option<f64>,
    /// Standard deviation over draws (population level only).
    pub sd: Option<f64>,
    /// 2.5% and 97.5% quantiles over draws (population level only).
    pub interval: Option<[f64; 2]>,
    /// Monte Carlo standard error of `mean`; `None` when exact.
    pub mc_se: Option<f64>,
    /// Why there is no value, if there is none.
    pub message: Option<String>,
}

/// How the posterior was sampled, with convergence diagnostics.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplerReport {
    /// The method's name.
    pub method: String,
    /// Draws kept over all chains.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// Chains run.
    pub chains: usize,
    /// Warm-up iterations per chain.
    pub warmup: usize,
    /// Iterations per kept draw.
    pub thin: usize,
    /// Smallest effective sample size over the tracked quantities.
    pub effective_sample_size_min: f64,
    /// Largest split R-hat over the tracked quantities.
    pub rhat_max: f64,
    /// How many quantities the diagnostics cover.
    pub tracked: usize,
}

/// What an analysis found.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The results, query by query, given by given, estimand by estimand.
    pub results: Vec<Estimate>,
    /// The sampler, when posteriors were computed.
    pub sampler: Option<SamplerReport>,
    /// Clue rankings, when a case was given.
    pub clues: Vec<ClueRanking>,
    /// Number of causal types.
    pub causal_types: u64,
    /// Cases used for updating.
    pub cases: u64,
}

/// The sampler's name in reports.
pub const METHOD: &str = "gibbs-data-augmentation";
const CHAINS: usize = 4;

/// Where each estimate's sums come from.
struct Plan {
    targets: Vec<Target>,
    /// Per target: does any estimate need prior draws / posterior draws?
    prior: Vec<bool>,
    posterior: Vec<bool>,
}

/// Compiles every query with every given and returns all the problems found,
/// so that one run shows the user everything to fix; also checks a clue case.
pub fn check_queries(study: &Study, clues: Option<&str>) -> Vec<CausalError> {
    let mut errors = Vec::new();
    for spec in &study.queries {
        let context = format!("[[query]] {:?}", spec.name);
        if let Err(e) = Target::compile(&study.model, &spec.query, None) {
            errors.push(e.context(context.clone()));
            continue;
        }
        for given in &spec.givens {
            let given_arg = (given.trim() != "TRUE").then_some(given.as_str());
            if let Err(e) = Target::compile(&study.model, &spec.query, given_arg) {
                errors.push(e.context(context.clone()));
            }
        }
    }
    if let Some(case) = clues
        && let Err(e) = Target::compile(&study.model, "TRUE", Some(case))
    {
        errors.push(e.context(format!("--clues {case:?}")));
    }
    errors
}

/// Runs every query of the study on the (already collapsed) data.
pub fn analyse(study: &Study, data: Option<&Data>, options: &Options) -> Result<Analysis> {
    let model = &study.model;
    let empty = Data::default();
    let data = data.unwrap_or(&empty);
    let mut plan = Plan {
        targets: Vec::new(),
        prior: Vec::new(),
        posterior: Vec::new(),
    };
    // (query index, given, target index)
    let mut rows: Vec<(usize, String, usize)> = Vec::new();
    for (q, spec) in study.queries.iter().enumerate() {
        for given in &spec.givens {
            let given_arg = (given.trim() != "TRUE").then_some(given.as_str());
            let target = Target::compile(model, &spec.query, given_arg)
                .map_err(|e| e.context(format!("[[query]] {:?}", spec.name)))?;
            let t = plan.targets.len();
            plan.targets.push(target);
            plan.prior
                .push(spec.using.contains(&Using::Priors) && !spec.case_level);
            plan.posterior.push(spec.using.contains(&Using::Posteriors));
            rows.push((q, given.clone(), t));
        }
    }
    let mut clue_specs = Vec::new();
    if let Some(case) = &options.clues {
        for spec in &study.queries {
            for &using in &spec.using {
                let (targets, clue_spec) =
                    clues::plan(model, spec, case, using, plan.targets.len())?;
                for target in targets {
                    plan.targets.push(target);
                    plan.prior.push(false);
                    plan.posterior.push(using == Using::Posteriors);
                }
                if let Some(c) = clue_spec {
                    clue_specs.push(c);
                }
            }
        }
    }

    let support = support_parameters(model);
    let point = evaluate_all(model, &plan.targets, &model.values);
    let prior_mean = evaluate_all(model, &plan.targets, &model.prior_mean());
    let possible: Vec<bool> = evaluate_all(model, &plan.targets, &support)
        .iter()
        .map(|s| s.denominator > 0.0)
        .collect();

    let prior_targets: Vec<usize> = (0..plan.targets.len()).filter(|&t| plan.prior[t]).collect();
    let prior_draws = if prior_targets.is_empty() {
        Vec::new()
    } else {
        let chosen: Vec<Target> = prior_targets
            .iter()
            .map(|&t| plan.targets[t].clone())
            .collect();
        update::sample_prior(model, &chosen, options.draws, options.seed)
    };
    let posterior_targets: Vec<usize> = (0..plan.targets.len())
        .filter(|&t| plan.posterior[t])
        .collect();
    let mut sampler = None;
    let mut exact_means: Option<Vec<Sums>> = None;
    let posterior_draws = if posterior_targets.is_empty() {
        None
    } else {
        if update::too_many_paths(model, data) {
            return Err(CausalError::data(
                "the data leave too many nodes unobserved for the sampler to enumerate",
            ));
        }
        let chosen: Vec<Target> = posterior_targets
            .iter()
            .map(|&t| plan.targets[t].clone())
            .collect();
        // Exact where the data show every path and the mixture is small;
        // Gibbs sampling otherwise.
        let exact = exact::posterior(model, data);
        let draws = match &exact {
            Some(posterior) => {
                exact_means = Some(evaluate_all(model, &plan.targets, &posterior.mean(model)));
                posterior.sample(model, &chosen, options.draws, CHAINS, options.seed)
            }
            None => update::sample_posterior(
                model,
                data,
                &chosen,
                SamplerOptions {
                    draws: options.draws,
                    seed: options.seed,
                    chains: CHAINS,
                },
            ),
        };
        let method = if exact.is_some() {
            exact::METHOD
        } else {
            METHOD
        };
        sampler = Some(diagnose(&draws, options.seed, method));
        Some(draws)
    };

    let mut results = Vec::new();
    for (q, given, t) in rows {
        let spec = &study.queries[q];
        for &using in &spec.using {
            let mut estimate = Estimate {
                query: spec.name.clone(),
                expression: spec.query.clone(),
                given: given.clone(),
                using,
                case_level: spec.case_level,
                mean: None,
                sd: None,
                interval: None,
                mc_se: None,
                message: None,
            };
            if !possible[t] {
                estimate.message = Some("no causal type satisfies the given".to_string());
                results.push(estimate);
                continue;
            }
            match (using, spec.case_level) {
                (Using::Parameters, _) => exact_value(&mut estimate, point[t]),
                (Using::Priors, true) => exact_value(&mut estimate, prior_mean[t]),
                (Using::Priors, false) => {
                    let k = prior_targets.iter().position(|&x| x == t).unwrap_or(0);
                    population(&mut estimate, &[prior_draws[k].clone()], false);
                }
                (Using::Posteriors, case_level) => {
                    let k = posterior_targets.iter().position(|&x| x == t).unwrap_or(0);
                    if let (true, Some(means)) = (case_level, &exact_means) {
                        exact_value(&mut estimate, means[t]);
                    } else if let Some(draws) = &posterior_draws {
                        if case_level {
                            case(&mut estimate, &draws.sums[k]);
                        } else {
                            population(&mut estimate, &draws.sums[k], true);
                        }
                    }
                }
            }
            results.push(estimate);
        }
    }

    let clue_rankings = clue_specs
        .into_iter()
        .map(|spec| {
            // Sampled clue numbers (Gibbs posteriors) carry their Monte
            // Carlo error, from the draws of every target they are made of.
            let sampled: Option<Vec<&[Vec<Sums>]>> = match (spec.using, &exact_means) {
                (Using::Posteriors, None) => posterior_draws.as_ref().map(|d| {
                    spec.targets()
                        .map(|t| {
                            let k = posterior_targets.iter().position(|&x| x == t).unwrap_or(0);
                            d.sums[k].as_slice()
                        })
                        .collect()
                }),
                _ => None,
            };
            let sums: Vec<Sums> = spec
                .targets()
                .enumerate()
                .map(|(i, t)| match spec.using {
                    Using::Parameters => point[t],
                    Using::Priors => prior_mean[t],
                    Using::Posteriors if exact_means.is_some() => {
                        exact_means.as_ref().map_or(Sums::default(), |m| m[t])
                    }
                    Using::Posteriors => sampled.as_ref().map_or(Sums::default(), |d| {
                        let all: Vec<Sums> = d[i].iter().flatten().copied().collect();
                        mean_sums(&all)
                    }),
                })
                .collect();
            spec.rank(model, &sums, sampled.as_deref())
        })
        .collect();

    Ok(Analysis {
        results,
        sampler,
        clues: clue_rankings,
        causal_types: model.causal_type_count(),
        cases: data.cases,
    })
}

fn evaluate_all(
    model: &crate::model::CausalModel,
    targets: &[Target],
    lambda: &[f64],
) -> Vec<Sums> {
    let mut cache = MassCache::default();
    targets
        .iter()
        .map(|t| t.evaluate(model, lambda, &mut cache))
        .collect()
}

/// An exact value: the ratio of the sums, or a message when the given is impossible.
fn exact_value(estimate: &mut Estimate, sums: Sums) {
    if sums.denominator > 0.0 {
        estimate.mean = Some(sums.numerator / sums.denominator);
    } else {
        estimate.message = Some("the given has probability zero at these parameters".to_string());
    }
}

/// Population level: the distribution over draws of numerator / denominator.
fn population(estimate: &mut Estimate, chains: &[Vec<Sums>], mcmc: bool) {
    let traces: Vec<Vec<f64>> = chains
        .iter()
        .map(|c| {
            c.iter()
                .filter(|s| s.denominator > 0.0)
                .map(|s| s.numerator / s.denominator)
                .collect()
        })
        .collect();
    let mut all: Vec<f64> = traces.iter().flatten().copied().collect();
    if all.is_empty() {
        estimate.message = Some("the given has probability zero in every draw".to_string());
        return;
    }
    let m = mean(&all);
    let s = sd(&all);
    all.sort_by(f64::total_cmp);
    let ess = if mcmc {
        effective_sample_size(&traces)
    } else {
        all.len() as f64
    };
    estimate.mean = Some(m);
    estimate.sd = Some(s);
    estimate.interval = Some([quantile(&all, 0.025), quantile(&all, 0.975)]);
    estimate.mc_se = Some(s / ess.max(1.0).sqrt());
}

/// Case level: E[numerator] / E[denominator], with a delta-method error.
fn case(estimate: &mut Estimate, chains: &[Vec<Sums>]) {
    let all: Vec<Sums> = chains.iter().flatten().copied().collect();
    let means = mean_sums(&all);
    if means.denominator <= 0.0 {
        estimate.message = Some("the given has probability zero in every draw".to_string());
        return;
    }
    let r = means.numerator / means.denominator;
    let linear: Vec<Vec<f64>> = chains
        .iter()
        .map(|c| {
            c.iter()
                .map(|s| (s.numerator - r * s.denominator) / means.denominator)
                .collect()
        })
        .collect();
    let flat: Vec<f64> = linear.iter().flatten().copied().collect();
    let ess = effective_sample_size(&linear);
    estimate.mean = Some(r);
    estimate.mc_se = Some(sd(&flat) / ess.max(1.0).sqrt());
}

fn mean_sums(all: &[Sums]) -> Sums {
    let n = all.len().max(1) as f64;
    Sums {
        numerator: all.iter().map(|s| s.numerator).sum::<f64>() / n,
        denominator: all.iter().map(|s| s.denominator).sum::<f64>() / n,
    }
}

fn diagnose(draws: &update::PosteriorDraws, seed: u64, method: &str) -> SamplerReport {
    let mut ess_min = f64::INFINITY;
    let mut rhat_max: f64 = 1.0;
    let mut tracked = 0;
    let mut consider = |chains: &[Vec<f64>]| {
        tracked += 1;
        ess_min = ess_min.min(effective_sample_size(chains));
        if let Some(r) = split_rhat(chains) {
            rhat_max = rhat_max.max(r);
        }
    };
    for chains in &draws.tracked {
        consider(chains);
    }
    for target in &draws.sums {
        if target.iter().flatten().all(|s| s.denominator > 0.0) {
            let traces: Vec<Vec<f64>> = target
                .iter()
                .map(|c| c.iter().map(|s| s.numerator / s.denominator).collect())
                .collect();
            consider(&traces);
        }
    }
    SamplerReport {
        method: method.to_string(),
        draws: draws.chains * draws.draws_per_chain,
        seed,
        chains: draws.chains,
        warmup: draws.warmup,
        thin: draws.thin,
        effective_sample_size_min: if ess_min.is_finite() {
            ess_min
        } else {
            (draws.chains * draws.draws_per_chain) as f64
        },
        rhat_max,
        tracked,
    }
}
