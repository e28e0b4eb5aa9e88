//! Exact posteriors, where the data allow them and the model is small enough.
//!
//! This module owns the closed form of reference §4.12. When every case
//! shows its causal path unambiguously (each event comes about in one way:
//! every node the observed nodes depend on is observed), the likelihood is a
//! product over parameter sets of powers of class masses, so the posterior of
//! each set is a finite mixture of Dirichlets, one component per way of
//! splitting each group of cases among the types of its class. When the
//! number of components stays small, the mixture is enumerated: posterior
//! means (and so case-level values) are exact, and population-level draws
//! are independent. Otherwise the caller falls back to [`crate::update`].

use crate::data::Data;
use crate::engine::{MassCache, Sums, Target};
use crate::model::CausalModel;
use crate::nodal::digit;
use crate::random::{Rng, ln_factorial, ln_gamma};
use crate::update::{self, Class, PosteriorDraws};
use std::collections::BTreeMap;

/// Most mixture components a parameter set may have.
const MAX_COMPONENTS: usize = 20_000;
/// Most (component × split) combinations explored while enumerating a set.
const MAX_WORK: f64 = 2e6;

/// One set's posterior: a mixture of Dirichlet(alpha + z) over latent counts z.
#[derive(Debug, Clone)]
struct SetMixture {
    counts: Vec<Vec<u32>>,
    /// Cumulative normalised weights.
    cumulative: Vec<f64>,
    weights: Vec<f64>,
}

/// The exact posterior: independent mixtures, one per parameter set.
#[derive(Debug, Clone)]
pub struct ExactPosterior {
    sets: Vec<SetMixture>,
}

/// The method name in reports.
pub const METHOD: &str = "exact-dirichlet-mixture";

/// The exact posterior, or `None` when the data are ambiguous about paths or
/// the mixture would be too large.
pub fn posterior(model: &CausalModel, data: &Data) -> Option<ExactPosterior> {
    let plans = update::plan_events(model, data);
    // Per set, per class (as a sorted member list): the number of cases.
    let mut groups: Vec<BTreeMap<Vec<usize>, u64>> = vec![BTreeMap::new(); model.sets.len()];
    for plan in &plans {
        if plan.paths.len() != 1 {
            return None;
        }
        for step in &plan.paths[0] {
            let set = &model.sets[step.set];
            let members: Vec<usize> = match step.class {
                Class::Type(p) => vec![p - set.offset],
                Class::Digit { index, value } => (0..set.types.len())
                    .filter(|&k| digit(set.types[k], index) == value)
                    .collect(),
            };
            *groups[step.set].entry(members).or_insert(0) += plan.count;
        }
    }
    let mut sets = Vec::with_capacity(model.sets.len());
    for (s, set_groups) in groups.iter().enumerate() {
        let set = &model.sets[s];
        let alpha = &model.alpha[set.offset..set.offset + set.types.len()];
        let mut states: BTreeMap<Vec<u32>, f64> = BTreeMap::new();
        states.insert(vec![0; set.types.len()], 0.0);
        for (members, &n) in set_groups {
            let splits = compositions_count(n, members.len());
            if splits * states.len() as f64 > MAX_WORK {
                return None;
            }
            let splits = compositions(n as u32, members.len());
            let mut next: BTreeMap<Vec<u32>, f64> = BTreeMap::new();
            for (z, &lw) in &states {
                for split in &splits {
                    let mut z2 = z.clone();
                    let mut coefficient = ln_factorial(n as f64);
                    for (&m, &c) in members.iter().zip(split) {
                        z2[m] += c;
                        coefficient -= ln_factorial(f64::from(c));
                    }
                    let w = lw + coefficient;
                    next.entry(z2)
                        .and_modify(|x| *x = log_add(*x, w))
                        .or_insert(w);
                }
            }
            if next.len() > MAX_COMPONENTS {
                return None;
            }
            states = next;
        }
        let counts: Vec<Vec<u32>> = states.keys().cloned().collect();
        let logs: Vec<f64> = states
            .iter()
            .map(|(z, lw)| {
                lw + z
                    .iter()
                    .zip(alpha)
                    .map(|(&c, &a)| ln_gamma(a + f64::from(c)) - ln_gamma(a))
                    .sum::<f64>()
            })
            .collect();
        let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let raw: Vec<f64> = logs.iter().map(|l| libm::exp(l - top)).collect();
        let total: f64 = raw.iter().sum();
        let weights: Vec<f64> = raw.iter().map(|w| w / total).collect();
        let mut acc = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                acc += w;
                acc
            })
            .collect();
        sets.push(SetMixture {
            counts,
            cumulative,
            weights,
        });
    }
    Some(ExactPosterior { sets })
}

impl ExactPosterior {
    /// Posterior means of the parameters.
    pub fn mean(&self, model: &CausalModel) -> Vec<f64> {
        let mut mean = vec![0.0; model.n_params()];
        for (set, mixture) in model.sets.iter().zip(&self.sets) {
            let alpha = &model.alpha[set.offset..set.offset + set.types.len()];
            for (z, w) in mixture.counts.iter().zip(&mixture.weights) {
                let total: f64 = alpha.iter().zip(z).map(|(a, &c)| a + f64::from(c)).sum();
                for (k, (a, &c)) in alpha.iter().zip(z).enumerate() {
                    mean[set.offset + k] += w * (a + f64::from(c)) / total;
                }
            }
        }
        mean
    }

    /// Independent draws, split into `chains` runs so the same diagnostics
    /// apply; each run has its own random stream.
    pub fn sample(
        &self,
        model: &CausalModel,
        targets: &[Target],
        draws: usize,
        chains: usize,
        seed: u64,
    ) -> PosteriorDraws {
        let chains = chains.clamp(1, draws.max(1));
        let per_chain = draws.div_ceil(chains).max(1);
        let tracked_params = update::tracked_params(model, chains * per_chain);
        let mut sums: Vec<Vec<Vec<Sums>>> = vec![Vec::new(); targets.len()];
        let mut tracked: Vec<Vec<Vec<f64>>> = vec![Vec::new(); tracked_params.len()];
        let mut lambda = vec![0.0; model.n_params()];
        let mut shifted = Vec::new();
        let mut cache = MassCache::default();
        for chain in 0..chains {
            let mut rng = Rng::new(seed, chain as u64);
            for t in &mut sums {
                t.push(Vec::with_capacity(per_chain));
            }
            for p in &mut tracked {
                p.push(Vec::with_capacity(per_chain));
            }
            for _ in 0..per_chain {
                for (set, mixture) in model.sets.iter().zip(&self.sets) {
                    let u = rng.uniform();
                    let c = mixture
                        .cumulative
                        .partition_point(|&x| x < u)
                        .min(mixture.counts.len() - 1);
                    let range = set.offset..set.offset + set.types.len();
                    shifted.clear();
                    shifted.extend(
                        model.alpha[range.clone()]
                            .iter()
                            .zip(&mixture.counts[c])
                            .map(|(a, &z)| a + f64::from(z)),
                    );
                    rng.dirichlet(&shifted, &mut lambda[range]);
                }
                cache.clear();
                for (t, target) in targets.iter().enumerate() {
                    sums[t][chain].push(target.evaluate(model, &lambda, &mut cache));
                }
                for (k, &p) in tracked_params.iter().enumerate() {
                    tracked[k][chain].push(lambda[p]);
                }
            }
        }
        PosteriorDraws {
            sums,
            tracked,
            tracked_params,
            chains,
            draws_per_chain: per_chain,
            warmup: 0,
            thin: 1,
        }
    }
}

fn log_add(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    m + libm::log(libm::exp(a - m) + libm::exp(b - m))
}

/// C(n + m − 1, m − 1), the number of ways to split n cases over m types, as a float.
fn compositions_count(n: u64, m: usize) -> f64 {
    let (n, m) = (n as f64, m as f64);
    libm::exp(ln_factorial(n + m - 1.0) - ln_factorial(n) - ln_factorial(m - 1.0)).round()
}

/// Every way to split `n` into `m` ordered non-negative parts.
fn compositions(n: u32, m: usize) -> Vec<Vec<u32>> {
    if m == 1 {
        return vec![vec![n]];
    }
    let mut out = Vec::new();
    for first in 0..=n {
        for mut rest in compositions(n - first, m - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositions_are_complete() {
        assert_eq!(compositions(2, 2), [[0, 2], [1, 1], [2, 0]]);
        assert_eq!(compositions(3, 3).len(), 10);
        assert!((compositions_count(3, 3) - 10.0).abs() < 1e-9);
    }
}
