//! Draws of the parameters from the prior and from the posterior given data.
//!
//! This module owns updating. The posterior sampler is Gibbs sampling with
//! data augmentation: each case gets a causal type compatible with what was
//! observed (drawn node by node, never from a list of causal types), then
//! each parameter set gets a conjugate Dirichlet draw. Because the likelihood
//! depends on a set only through the probabilities of its digits (a node's
//! value given each parent combination), every set of 3 to 64 types also gets
//! exact slice moves along the directions that keep those probabilities
//! fixed, where data augmentation alone crawls. Each chain has its own random
//! stream, so results do not depend on how many threads run them. Queries are
//! evaluated as draws are made, so draws of large models are never stored.

use crate::data::Data;
use crate::engine::{MassCache, Sums, Target};
use crate::model::CausalModel;
use crate::nodal::digit;
use crate::random::Rng;

/// How to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamplerOptions {
    /// Draws kept, over all chains.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// Number of chains.
    pub chains: usize,
}

/// What a posterior run returns.
#[derive(Debug, Clone, PartialEq)]
pub struct PosteriorDraws {
    /// Per target, per chain, per kept draw: the target's sums.
    pub sums: Vec<Vec<Vec<Sums>>>,
    /// Per tracked parameter, per chain, per kept draw: its value.
    pub tracked: Vec<Vec<Vec<f64>>>,
    /// Which parameters are tracked (all when the model is small).
    pub tracked_params: Vec<usize>,
    /// Chains run.
    pub chains: usize,
    /// Kept draws per chain.
    pub draws_per_chain: usize,
    /// Warm-up iterations per chain.
    pub warmup: usize,
    /// Iterations per kept draw.
    pub thin: usize,
}

/// Most parameters whose traces are kept for diagnostics.
const MAX_TRACKED: usize = 1024;
/// Most stored parameter values (over all tracked traces), about 32 MB.
const MAX_TRACKED_VALUES: usize = 1 << 22;

/// The parameters whose traces feed the diagnostics: all of a small model,
/// else the first ones, as many as fit the memory allowance for `draws`.
pub(crate) fn tracked_params(model: &CausalModel, draws: usize) -> Vec<usize> {
    let fit = (MAX_TRACKED_VALUES / draws.max(1)).max(1);
    (0..model.n_params().min(MAX_TRACKED).min(fit)).collect()
}
/// Warm-up iterations per chain.
const WARMUP: usize = 200;
/// Largest set that gets null-space slice moves (they cost K² per iteration).
const MAX_RIDGE_SET: usize = 64;
/// Most paths (combinations of unobserved values) an event may have.
const MAX_PATHS: usize = 1 << 16;

/// Independent draws from the prior; per target, per draw, the sums.
pub fn sample_prior(
    model: &CausalModel,
    targets: &[Target],
    draws: usize,
    seed: u64,
) -> Vec<Vec<Sums>> {
    // Stream numbers above any chain number keep prior draws independent of chains.
    let mut rng = Rng::new(seed, 1 << 32);
    let mut lambda = vec![0.0; model.n_params()];
    let mut out = vec![Vec::with_capacity(draws); targets.len()];
    let mut cache = MassCache::default();
    for _ in 0..draws {
        draw_prior(model, &mut rng, &mut lambda);
        cache.clear();
        for (t, target) in targets.iter().enumerate() {
            out[t].push(target.evaluate(model, &lambda, &mut cache));
        }
    }
    out
}

pub(crate) fn draw_prior(model: &CausalModel, rng: &mut Rng, lambda: &mut [f64]) {
    for set in &model.sets {
        let range = set.offset..set.offset + set.types.len();
        rng.dirichlet(&model.alpha[range.clone()], &mut lambda[range]);
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Class {
    /// One nodal type (for a node whose type picks a later node's set).
    Type(usize),
    /// The types whose digit `index` equals `value`.
    Digit { index: u32, value: bool },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub(crate) set: usize,
    pub(crate) class: Class,
}

#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) count: u64,
    pub(crate) paths: Vec<Vec<Step>>,
}

/// The ways each event can come about, as sequences of class choices.
pub(crate) fn plan_events(model: &CausalModel, data: &Data) -> Vec<Plan> {
    let n = model.nodes.len();
    data.events
        .iter()
        .map(|event| {
            let mut needed = vec![false; n];
            let mut observed: Vec<Option<bool>> = vec![None; n];
            for &(j, v) in &event.observed {
                needed[j] = true;
                observed[j] = Some(v);
            }
            for j in (0..n).rev() {
                if needed[j] {
                    for &p in &model.nodes[j].parents {
                        needed[p] = true;
                    }
                    for &c in &model.nodes[j].conditioners {
                        needed[c] = true;
                    }
                }
            }
            let branch: Vec<bool> = (0..n)
                .map(|j| {
                    needed[j]
                        && model
                            .nodes
                            .iter()
                            .enumerate()
                            .any(|(k, node)| needed[k] && node.conditioners.contains(&j))
                })
                .collect();
            let order: Vec<usize> = (0..n).filter(|&j| needed[j]).collect();
            let mut paths = Vec::new();
            let mut steps = Vec::new();
            let mut types = vec![0u32; n];
            plan_walk(
                model, &order, &branch, &observed, 0, 0, &mut types, &mut steps, &mut paths,
            );
            Plan {
                count: event.count,
                paths,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn plan_walk(
    model: &CausalModel,
    order: &[usize],
    branch: &[bool],
    observed: &[Option<bool>],
    position: usize,
    values: u64,
    types: &mut [u32],
    steps: &mut Vec<Step>,
    paths: &mut Vec<Vec<Step>>,
) {
    if paths.len() >= MAX_PATHS {
        return;
    }
    if position == order.len() {
        paths.push(steps.clone());
        return;
    }
    let j = order[position];
    let s = model.set_of(j, types);
    let set = &model.sets[s];
    let mut index = 0u32;
    for (p, &parent) in model.nodes[j].parents.iter().enumerate() {
        index |= ((values >> parent & 1) as u32) << p;
    }
    if branch[j] {
        for (k, &t) in set.types.iter().enumerate() {
            let v = digit(t, index);
            if observed[j].is_some_and(|o| o != v) {
                continue;
            }
            types[j] = t;
            steps.push(Step {
                set: s,
                class: Class::Type(set.offset + k),
            });
            let values = if v { values | 1 << j } else { values };
            plan_walk(
                model,
                order,
                branch,
                observed,
                position + 1,
                values,
                types,
                steps,
                paths,
            );
            steps.pop();
        }
        return;
    }
    for v in [false, true] {
        if observed[j].is_some_and(|o| o != v) {
            continue;
        }
        if !set.types.iter().any(|&t| digit(t, index) == v) {
            continue;
        }
        steps.push(Step {
            set: s,
            class: Class::Digit { index, value: v },
        });
        let values = if v { values | 1 << j } else { values };
        plan_walk(
            model,
            order,
            branch,
            observed,
            position + 1,
            values,
            types,
            steps,
            paths,
        );
        steps.pop();
    }
}

/// Whether the data have more ways to come about than the sampler enumerates.
pub fn too_many_paths(model: &CausalModel, data: &Data) -> bool {
    plan_events(model, data)
        .iter()
        .any(|p| p.paths.len() >= MAX_PATHS)
}

/// Per-iteration scratch: digit probabilities and cumulative sums per set.
struct Scratch {
    /// Per set, per digit: P(digit = 1), NaN when not computed this iteration.
    digit_mass: Vec<Vec<f64>>,
    /// Per set: cumulative parameter sums, valid when `cdf_valid`.
    cdf: Vec<Vec<f64>>,
    cdf_valid: Vec<bool>,
    /// Per set: the largest parameter, set with each Dirichlet draw.
    largest: Vec<f64>,
    /// Buffers for splitting cases over the types of a small class.
    members: Vec<usize>,
    weights: Vec<f64>,
    counts: Vec<u64>,
}

impl Scratch {
    fn new(model: &CausalModel) -> Self {
        Self {
            digit_mass: model
                .sets
                .iter()
                .map(|s| vec![f64::NAN; model.nodes[s.node].digits as usize])
                .collect(),
            cdf: vec![Vec::new(); model.sets.len()],
            cdf_valid: vec![false; model.sets.len()],
            largest: vec![1.0; model.sets.len()],
            members: Vec::new(),
            weights: Vec::new(),
            counts: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for d in &mut self.digit_mass {
            for x in d.iter_mut() {
                *x = f64::NAN;
            }
        }
        self.cdf_valid.iter_mut().for_each(|v| *v = false);
    }

    fn class_mass(&mut self, model: &CausalModel, lambda: &[f64], step: Step) -> f64 {
        match step.class {
            Class::Type(p) => lambda[p],
            Class::Digit { index, value } => {
                let slot = &mut self.digit_mass[step.set][index as usize];
                if slot.is_nan() {
                    let set = &model.sets[step.set];
                    *slot = set
                        .types
                        .iter()
                        .zip(&lambda[set.offset..set.offset + set.types.len()])
                        .filter(|(t, _)| digit(**t, index))
                        .map(|(_, l)| l)
                        .sum();
                }
                if value { *slot } else { 1.0 - *slot }
            }
        }
    }
}

/// Orthonormal basis of the directions within a set that keep the set's
/// total and every digit probability fixed.
fn null_space(types: &[u32], digits: u32) -> Vec<Vec<f64>> {
    let k = types.len();
    let mut rows: Vec<Vec<f64>> = vec![vec![1.0; k]];
    for d in 0..digits {
        rows.push(
            types
                .iter()
                .map(|&t| f64::from(u8::from(digit(t, d))))
                .collect(),
        );
    }
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let orthonormalise = |v: &mut Vec<f64>, against: &[Vec<f64>]| -> bool {
        for _ in 0..2 {
            for b in against {
                let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
                v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm < 1e-9 {
            return false;
        }
        for x in v.iter_mut() {
            *x /= norm;
        }
        true
    };
    let mut constraint_basis: Vec<Vec<f64>> = Vec::new();
    for mut r in rows {
        if orthonormalise(&mut r, &constraint_basis) {
            constraint_basis.push(r);
        }
    }
    for i in 0..k {
        let mut e = vec![0.0; k];
        e[i] = 1.0;
        let mut against = constraint_basis.clone();
        against.extend(basis.iter().cloned());
        if orthonormalise(&mut e, &against) {
            basis.push(e);
        }
    }
    basis
}

/// One chain's output.
struct ChainOutput {
    sums: Vec<Vec<Sums>>,
    tracked: Vec<Vec<f64>>,
}

/// Draws from the posterior given `data`, evaluating `targets` at each kept draw.
pub fn sample_posterior(
    model: &CausalModel,
    data: &Data,
    targets: &[Target],
    options: SamplerOptions,
) -> PosteriorDraws {
    let chains = options.chains.clamp(1, options.draws.max(1));
    let draws_per_chain = options.draws.div_ceil(chains).max(1);
    let thin = if model.n_params() <= 4096 { 4 } else { 1 };
    let plans = plan_events(model, data);
    let ridges: Vec<Vec<Vec<f64>>> = model
        .sets
        .iter()
        .map(|set| {
            let node = &model.nodes[set.node];
            if node.conditions_later || set.types.len() < 3 || set.types.len() > MAX_RIDGE_SET {
                Vec::new()
            } else {
                null_space(&set.types, node.digits)
            }
        })
        .collect();
    let tracked_params = tracked_params(model, chains * draws_per_chain);
    let run_chain = |chain: usize| -> ChainOutput {
        let mut rng = Rng::new(options.seed, chain as u64);
        let mut lambda = vec![0.0; model.n_params()];
        draw_prior(model, &mut rng, &mut lambda);
        let mut z = vec![0.0; model.n_params()];
        let mut scratch = Scratch::new(model);
        for (s, set) in model.sets.iter().enumerate() {
            scratch.largest[s] = lambda[set.offset..set.offset + set.types.len()]
                .iter()
                .fold(0.0, |a, &b| f64::max(a, b));
        }
        let mut cache = MassCache::default();
        let mut out = ChainOutput {
            sums: vec![Vec::with_capacity(draws_per_chain); targets.len()],
            tracked: vec![Vec::with_capacity(draws_per_chain); tracked_params.len()],
        };
        let iterations = WARMUP + draws_per_chain * thin;
        for iteration in 1..=iterations {
            augment(model, &plans, &lambda, &mut z, &mut scratch, &mut rng);
            for (s, set) in model.sets.iter().enumerate() {
                let range = set.offset..set.offset + set.types.len();
                if set.types.len() == 1 {
                    lambda[set.offset] = 1.0;
                    continue;
                }
                let (mut total, mut largest) = (0.0, 0.0f64);
                for p in range.clone() {
                    let g = rng.gamma(model.alpha[p] + z[p]);
                    lambda[p] = g;
                    total += g;
                    largest = largest.max(g);
                }
                let scale = 1.0 / total;
                for p in range {
                    lambda[p] *= scale;
                }
                scratch.largest[s] = largest * scale;
            }
            for (s, basis) in ridges.iter().enumerate() {
                if !basis.is_empty() {
                    slice_moves(model, s, basis, &mut lambda, &mut rng);
                }
            }
            if iteration > WARMUP && (iteration - WARMUP).is_multiple_of(thin) {
                cache.clear();
                for (t, target) in targets.iter().enumerate() {
                    out.sums[t].push(target.evaluate(model, &lambda, &mut cache));
                }
                for (k, &p) in tracked_params.iter().enumerate() {
                    out.tracked[k].push(lambda[p]);
                }
            }
        }
        out
    };
    let outputs: Vec<ChainOutput> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..chains)
            .map(|c| scope.spawn(move || run_chain(c)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut sums = vec![Vec::with_capacity(chains); targets.len()];
    let mut tracked = vec![Vec::with_capacity(chains); tracked_params.len()];
    for output in outputs {
        for (t, s) in output.sums.into_iter().enumerate() {
            sums[t].push(s);
        }
        for (k, x) in output.tracked.into_iter().enumerate() {
            tracked[k].push(x);
        }
    }
    PosteriorDraws {
        sums,
        tracked,
        tracked_params,
        chains,
        draws_per_chain,
        warmup: WARMUP,
        thin,
    }
}

/// Draws latent type counts `z` for every case given the parameters.
fn augment(
    model: &CausalModel,
    plans: &[Plan],
    lambda: &[f64],
    z: &mut [f64],
    scratch: &mut Scratch,
    rng: &mut Rng,
) {
    z.fill(0.0);
    scratch.reset();
    let mut weights: Vec<f64> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    for plan in plans {
        if plan.paths.len() == 1 {
            for &step in &plan.paths[0] {
                allocate(model, lambda, step, plan.count, z, scratch, rng);
            }
            continue;
        }
        weights.clear();
        for path in &plan.paths {
            let mut w = 1.0;
            for &step in path {
                w *= scratch.class_mass(model, lambda, step);
            }
            weights.push(w);
        }
        counts.clear();
        counts.resize(plan.paths.len(), 0);
        rng.multinomial(plan.count, &weights, &mut counts);
        for (path, &c) in plan.paths.iter().zip(&counts) {
            if c == 0 {
                continue;
            }
            for &step in path {
                allocate(model, lambda, step, c, z, scratch, rng);
            }
        }
    }
}

/// Spreads `count` cases over the types of one class in proportion to their parameters.
fn allocate(
    model: &CausalModel,
    lambda: &[f64],
    step: Step,
    count: u64,
    z: &mut [f64],
    scratch: &mut Scratch,
    rng: &mut Rng,
) {
    let Class::Digit { index, value } = step.class else {
        if let Class::Type(p) = step.class {
            z[p] += count as f64;
        }
        return;
    };
    let set = &model.sets[step.set];
    let params = &lambda[set.offset..set.offset + set.types.len()];
    if set.types.len() <= 64 {
        let (members, weights, out) = (
            &mut scratch.members,
            &mut scratch.weights,
            &mut scratch.counts,
        );
        members.clear();
        weights.clear();
        for (k, &t) in set.types.iter().enumerate() {
            if digit(t, index) == value {
                members.push(k);
                weights.push(params[k]);
            }
        }
        if members.len() == 1 {
            z[set.offset + members[0]] += count as f64;
            return;
        }
        out.clear();
        out.resize(members.len(), 0);
        rng.multinomial(count, weights, out);
        for (&k, &c) in members.iter().zip(out.iter()) {
            z[set.offset + k] += c as f64;
        }
        return;
    }
    // Large unrestricted sets: propose a type of the class uniformly (the
    // class is every index with bit `index` equal to `value`) and accept it
    // with probability lambda / largest lambda; no pass over the set.
    let node = &model.nodes[set.node];
    if set.types.len() == node.n_types as usize && scratch.largest[step.set] > 0.0 {
        let largest = scratch.largest[step.set];
        let low_mask = (1u64 << index) - 1;
        let free_bits = node.digits - 1;
        let mut placed = 0;
        'proposal: for _ in 0..count {
            for _ in 0..100_000 {
                let r = rng.next_u64() >> (64 - free_bits);
                let t = ((r & !low_mask) << 1) | (u64::from(value) << index) | (r & low_mask);
                if rng.uniform() * largest < params[t as usize] {
                    z[set.offset + t as usize] += 1.0;
                    placed += 1;
                    continue 'proposal;
                }
            }
            break;
        }
        if placed == count {
            return;
        }
        // Pathologically peaked parameters: place the rest exactly below.
        return allocate_by_cdf(
            set,
            params,
            step.set,
            index,
            value,
            count - placed,
            z,
            scratch,
            rng,
        );
    }
    allocate_by_cdf(set, params, step.set, index, value, count, z, scratch, rng);
}

/// Draws `count` types of a class from the whole set's cumulative sums,
/// keeping the draws that fall in the class.
#[allow(clippy::too_many_arguments)]
fn allocate_by_cdf(
    set: &crate::model::ParamSet,
    params: &[f64],
    s: usize,
    index: u32,
    value: bool,
    count: u64,
    z: &mut [f64],
    scratch: &mut Scratch,
    rng: &mut Rng,
) {
    if !scratch.cdf_valid[s] {
        let cdf = &mut scratch.cdf[s];
        cdf.clear();
        let mut acc = 0.0;
        for &l in params {
            acc += l;
            cdf.push(acc);
        }
        scratch.cdf_valid[s] = true;
    }
    let cdf = &scratch.cdf[s];
    let total = cdf.last().copied().unwrap_or(0.0);
    'case: for _ in 0..count {
        for _ in 0..10_000 {
            let u = rng.uniform() * total;
            let k = cdf.partition_point(|&c| c < u).min(cdf.len() - 1);
            if digit(set.types[k], index) == value {
                z[set.offset + k] += 1.0;
                continue 'case;
            }
        }
        // The class is rare: draw within it exactly.
        let class_total: f64 = set
            .types
            .iter()
            .zip(params)
            .filter(|(t, _)| digit(**t, index) == value)
            .map(|(_, l)| l)
            .sum();
        let mut u = rng.uniform() * class_total;
        for (k, (&t, &l)) in set.types.iter().zip(params).enumerate() {
            if digit(t, index) == value {
                u -= l;
                if u <= 0.0 {
                    z[set.offset + k] += 1.0;
                    continue 'case;
                }
            }
        }
    }
}

// x, d, e: the point, the direction and the step along it, as in the slice-sampling literature.
#[allow(clippy::many_single_char_names)]
/// Slice sampling along each null-space direction: the likelihood is flat
/// there, so the target is the Dirichlet prior restricted to the line.
fn slice_moves(
    model: &CausalModel,
    s: usize,
    basis: &[Vec<f64>],
    lambda: &mut [f64],
    rng: &mut Rng,
) {
    let set = &model.sets[s];
    let range = set.offset..set.offset + set.types.len();
    let alpha = &model.alpha[range.clone()];
    let flat = alpha.iter().all(|&a| a == 1.0);
    let x = &mut lambda[range];
    for d in basis {
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for (xi, di) in x.iter().zip(d) {
            if *di > 1e-12 {
                lo = lo.max(-xi / di);
            } else if *di < -1e-12 {
                hi = hi.min(-xi / di);
            }
        }
        if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
            continue;
        }
        let log_density = |e: f64| -> f64 {
            x.iter()
                .zip(d)
                .zip(alpha)
                .map(|((xi, di), a)| (a - 1.0) * libm::log((xi + e * di).max(0.0)))
                .sum()
        };
        let e = if flat {
            lo + rng.uniform() * (hi - lo)
        } else {
            let level = log_density(0.0) + libm::log(rng.uniform());
            let (mut a, mut b) = (lo, hi);
            let mut e = 0.0;
            for _ in 0..200 {
                let candidate = a + rng.uniform() * (b - a);
                if log_density(candidate) > level {
                    e = candidate;
                    break;
                }
                if candidate < 0.0 {
                    a = candidate;
                } else {
                    b = candidate;
                }
            }
            e
        };
        for (xi, di) in x.iter_mut().zip(d) {
            *xi = (*xi + e * di).max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_space_of_one_parent_node_is_the_ridge() {
        let basis = null_space(&[0, 1, 2, 3], 2);
        assert_eq!(basis.len(), 1);
        let d = &basis[0];
        // (00, 10, 01, 11) move as (+, -, -, +).
        assert!(d[0] * d[3] > 0.0 && d[1] * d[2] > 0.0 && d[0] * d[1] < 0.0);
    }
}
