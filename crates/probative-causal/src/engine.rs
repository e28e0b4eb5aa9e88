//! Queries compiled against a model, and their exact evaluation at one
//! parameter vector, node by node.
//!
//! This module owns the meaning of a query: its terms become (node, world)
//! pairs, where a world is a set of interventions (world 0 is the realised
//! one). Evaluating sums x(θ)·π(θ) over the causal types θ that satisfy the
//! given without ever listing causal types: it walks the nodes in causal
//! order, and at each node groups the nodal types by the digits the worlds
//! read, so a node with 65,536 types costs one pass over its parameters per
//! distinct set of parent values. It draws nothing and knows nothing of data.

use crate::error::{CausalError, Result};
use crate::model::CausalModel;
use crate::nodal::{self, digit};
use crate::syntax::{self, Expr, Join, SetTo, Term};

/// Where an intervened node's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Value(bool),
    /// The value `node` takes in `world`.
    Node {
        node: usize,
        world: usize,
    },
}

/// One compiled expression.
#[derive(Debug, Clone)]
enum Code {
    Const(f64),
    Leaf { node: usize, world: usize },
    Not(Box<Code>),
    Neg(Box<Code>),
    Binary(syntax::BinOp, Box<Code>, Box<Code>),
}

impl Code {
    #[inline]
    fn eval(&self, values: &[u64]) -> f64 {
        match self {
            Code::Const(x) => *x,
            Code::Leaf { node, world } => f64::from(u8::from(values[*world] >> node & 1 == 1)),
            Code::Not(e) => f64::from(u8::from(e.eval(values) == 0.0)),
            Code::Neg(e) => -e.eval(values),
            Code::Binary(op, a, b) => nodal::apply(*op, a.eval(values), b.eval(values)),
        }
    }
}

/// A query and a given compiled together, ready to evaluate at any parameters.
#[derive(Debug, Clone)]
pub struct Target {
    /// Per world, per node: the intervention, if any.
    worlds: Vec<Vec<Option<Source>>>,
    query: Code,
    given: Code,
    /// The nodes the evaluation walks, in causal order.
    order: Vec<usize>,
    /// Per node: whether to branch on each type (its type decides a later node's parameter set).
    branch: Vec<bool>,
    /// Per position in `order`: nodes whose values are not read again after it.
    forget_values: Vec<Vec<usize>>,
    /// Per position in `order`: nodes whose types are not read again after it.
    forget_types: Vec<Vec<usize>>,
    /// An upper bound on the leaves of the depth-first walk.
    leaves_bound: f64,
    /// Whether the query is logical (a probability) rather than numeric.
    pub logical: bool,
}

/// Above this many leaves, evaluation merges states that agree on every
/// value still to be read instead of walking every branch.
const MAX_WALK_LEAVES: f64 = 65_536.0;

/// The two sums a target evaluates to at one parameter vector.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    /// Σ over causal types satisfying the given of x(θ)·π(θ).
    pub numerator: f64,
    /// Σ over causal types satisfying the given of π(θ): the given's probability.
    pub denominator: f64,
}

struct Compiler<'a> {
    model: &'a CausalModel,
    text: &'a str,
    worlds: Vec<Vec<Option<Source>>>,
}

impl Compiler<'_> {
    fn node(&self, name: &str, position: usize) -> Result<usize> {
        self.model
            .nodes
            .iter()
            .position(|n| n.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = self.model.nodes.iter().map(|n| n.name.as_str()).collect();
                CausalError::query(format!("{name} is not a node of the model"))
                    .at(self.text, position)
                    .help(format!("the nodes are {}", known.join(", ")))
            })
    }

    fn world(&mut self, interventions: Vec<Option<Source>>) -> usize {
        if let Some(w) = self.worlds.iter().position(|w| *w == interventions) {
            return w;
        }
        self.worlds.push(interventions);
        self.worlds.len() - 1
    }

    fn term(&mut self, term: &Term) -> Result<(usize, usize)> {
        let node = self.node(&term.node, term.position)?;
        let mut interventions = vec![None; self.model.nodes.len()];
        for i in &term.interventions {
            let target = self.node(&i.node, i.position)?;
            let source = match &i.value {
                SetTo::Value(v) => Source::Value(*v),
                SetTo::Wildcard => {
                    return Err(
                        CausalError::query("a wildcard was not expanded").at(self.text, i.position)
                    );
                }
                SetTo::Term(inner) => {
                    let (n, w) = self.term(inner)?;
                    if n > target {
                        return Err(CausalError::query(format!(
                            "{} is set to the value of {}, which comes later in causal order",
                            i.node, inner.node
                        ))
                        .at(self.text, inner.position)
                        .help(
                            "an intervention can take the value of the same node or an earlier one",
                        ));
                    }
                    Source::Node { node: n, world: w }
                }
            };
            interventions[target] = Some(source);
        }
        Ok((node, self.world(interventions)))
    }

    fn code(&mut self, expr: &Expr) -> Result<Code> {
        Ok(match expr {
            Expr::Number(x) => Code::Const(*x),
            Expr::Bool(b) => Code::Const(f64::from(u8::from(*b))),
            Expr::Term(t) => {
                let (node, world) = self.term(t)?;
                Code::Leaf { node, world }
            }
            Expr::Not(e) => Code::Not(Box::new(self.code(e)?)),
            Expr::Neg(e) => Code::Neg(Box::new(self.code(e)?)),
            Expr::Paren(e) => self.code(e)?,
            Expr::Binary(op, a, b) => {
                Code::Binary(*op, Box::new(self.code(a)?), Box::new(self.code(b)?))
            }
        })
    }
}

impl Target {
    /// Compiles a query string (which may carry a `:|:` given) with an extra given.
    /// `given` is `None` for "TRUE". Both are conjoined when both are present.
    pub fn compile(model: &CausalModel, query: &str, given: Option<&str>) -> Result<Self> {
        let parsed = syntax::parse_query(query).map_err(|e| e.in_source(query))?;
        let query_expr = syntax::expand(&parsed.query, Join::Any, None);
        let mut compiler = Compiler {
            model,
            text: query,
            worlds: vec![vec![None; model.nodes.len()]],
        };
        let query_code = compiler.code(&query_expr)?;
        let mut given_code = match &parsed.given {
            Some(g) => compiler.code(&syntax::expand(g, Join::Any, None))?,
            None => Code::Const(1.0),
        };
        if let Some(text) = given {
            let expr = syntax::parse_expr(text)?;
            compiler.text = text;
            let code = compiler.code(&syntax::expand(&expr, Join::Any, None))?;
            given_code = Code::Binary(syntax::BinOp::And, Box::new(given_code), Box::new(code));
        }
        Ok(Self::assemble(
            model,
            compiler.worlds,
            query_code,
            given_code,
            parsed.query.is_logical(),
        ))
    }

    fn assemble(
        model: &CausalModel,
        worlds: Vec<Vec<Option<Source>>>,
        query: Code,
        given: Code,
        logical: bool,
    ) -> Self {
        let n = model.nodes.len();
        let mut needed = vec![false; n];
        mark(&query, &mut needed);
        mark(&given, &mut needed);
        for world in &worlds {
            for source in world.iter().flatten() {
                if let Source::Node { node, .. } = source {
                    needed[*node] = true;
                }
            }
        }
        // Close under parents and confounding conditioners, walking backwards.
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
        let order: Vec<usize> = (0..n).filter(|&j| needed[j]).collect();
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
        // When each node's value and type are last read, by position in `order`.
        let position_of = |j: usize| order.iter().position(|&o| o == j).unwrap_or(0);
        let mut leaf_nodes = vec![false; n];
        mark(&query, &mut leaf_nodes);
        mark(&given, &mut leaf_nodes);
        let mut forget_values = vec![Vec::new(); order.len()];
        let mut forget_types = vec![Vec::new(); order.len()];
        let mut leaves_bound = 1.0f64;
        for (position, &j) in order.iter().enumerate() {
            let mut last = position;
            for (later, &k) in order.iter().enumerate().skip(position + 1) {
                let copies_j = worlds
                    .iter()
                    .any(|w| matches!(w[k], Some(Source::Node { node, .. }) if node == j));
                if model.nodes[k].parents.contains(&j) || copies_j {
                    last = later;
                }
            }
            if !leaf_nodes[j] {
                forget_values[last].push(j);
            }
            if branch[j] {
                let last_type = order
                    .iter()
                    .rposition(|&k| model.nodes[k].conditioners.contains(&j))
                    .unwrap_or_else(|| position_of(j));
                forget_types[last_type].push(j);
                let widest = model.nodes[j]
                    .sets
                    .iter()
                    .map(|&s| model.sets[s].types.len())
                    .max()
                    .unwrap_or(1);
                leaves_bound *= widest as f64;
            } else {
                let free = worlds.iter().filter(|w| w[j].is_none()).count();
                let reads = free.min(1 << model.nodes[j].parents.len()).min(30);
                leaves_bound *= f64::from(1u32 << reads);
            }
        }
        Self {
            worlds,
            query,
            given,
            order,
            branch,
            forget_values,
            forget_types,
            leaves_bound,
            logical,
        }
    }

    /// A target for the probability that the observed nodes take the given values.
    pub fn event(model: &CausalModel, observed: &[(usize, bool)]) -> Self {
        let mut given = Code::Const(1.0);
        for &(node, value) in observed {
            let leaf = Code::Leaf { node, world: 0 };
            let code = if value {
                leaf
            } else {
                Code::Not(Box::new(leaf))
            };
            given = Code::Binary(syntax::BinOp::And, Box::new(given), Box::new(code));
        }
        Self::assemble(
            model,
            vec![vec![None; model.nodes.len()]],
            Code::Const(1.0),
            given,
            true,
        )
    }

    /// Evaluates the two sums at parameters `lambda`, reusing `cache` for
    /// class masses computed at the same parameters.
    pub fn evaluate(&self, model: &CausalModel, lambda: &[f64], cache: &mut MassCache) -> Sums {
        if self.leaves_bound <= MAX_WALK_LEAVES {
            self.evaluate_by_walk(model, lambda, cache)
        } else {
            self.evaluate_by_frontier(model, lambda, cache)
        }
    }

    /// Depth-first: every combination of the patterns each node can show.
    /// Fastest for the small models of process tracing.
    pub fn evaluate_by_walk(
        &self,
        model: &CausalModel,
        lambda: &[f64],
        cache: &mut MassCache,
    ) -> Sums {
        let mut values = vec![0u64; self.worlds.len()];
        let mut types = vec![0u32; model.nodes.len()];
        let mut sums = Sums::default();
        self.walk(
            model,
            lambda,
            cache,
            0,
            &mut values,
            &mut types,
            1.0,
            &mut sums,
        );
        sums
    }

    /// Sorts the worlds for node `j`: sets its value where a world fixes it,
    /// and returns the parent index of each world where it is free, and the
    /// worlds where it copies another world's value. Those are filled after
    /// the free worlds, in world order, since they may copy this very node's
    /// value in a world decided below.
    fn worlds_of(&self, node: &crate::model::Node, j: usize, values: &mut [u64]) -> Worlds {
        let mut worlds = Worlds {
            indices: vec![0; self.worlds.len()],
            free: Vec::with_capacity(self.worlds.len()),
            copies: Vec::new(),
        };
        for (w, world) in self.worlds.iter().enumerate() {
            match world[j] {
                Some(Source::Value(v)) => set_bit(&mut values[w], j, v),
                Some(Source::Node { node: n, world: v }) => worlds.copies.push((w, n, v)),
                None => {
                    let mut index = 0u32;
                    for (p, &parent) in node.parents.iter().enumerate() {
                        index |= ((values[w] >> parent & 1) as u32) << p;
                    }
                    worlds.indices[w] = index;
                    worlds.free.push(w);
                }
            }
        }
        worlds
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        model: &CausalModel,
        lambda: &[f64],
        cache: &mut MassCache,
        position: usize,
        values: &mut [u64],
        types: &mut [u32],
        weight: f64,
        sums: &mut Sums,
    ) {
        if position == self.order.len() {
            if self.given.eval(values) != 0.0 {
                sums.denominator += weight;
                sums.numerator += weight * self.query.eval(values);
            }
            return;
        }
        let j = self.order[position];
        let node = &model.nodes[j];
        let s = model.set_of(j, types);
        let set = &model.sets[s];
        let Worlds {
            indices,
            free,
            copies,
        } = self.worlds_of(node, j, values);
        if self.branch[j] {
            for (k, &t) in set.types.iter().enumerate() {
                let l = lambda[set.offset + k];
                if l == 0.0 {
                    continue;
                }
                for &w in &free {
                    set_bit(&mut values[w], j, digit(t, indices[w]));
                }
                fill_copies(values, j, &copies);
                types[j] = t;
                self.walk(
                    model,
                    lambda,
                    cache,
                    position + 1,
                    values,
                    types,
                    weight * l,
                    sums,
                );
            }
            return;
        }
        // Distinct digit positions the free worlds read.
        let mut distinct: Vec<u32> = free.iter().map(|&w| indices[w]).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let masses = cache.masses(model, lambda, s, &distinct);
        for (pattern, &mass) in masses.iter().enumerate() {
            if mass <= 0.0 {
                continue;
            }
            for &w in &free {
                let k = distinct.iter().position(|&d| d == indices[w]).unwrap_or(0);
                set_bit(&mut values[w], j, pattern >> k & 1 == 1);
            }
            fill_copies(values, j, &copies);
            self.walk(
                model,
                lambda,
                cache,
                position + 1,
                values,
                types,
                weight * mass,
                sums,
            );
        }
    }
}

/// Marks the nodes a compiled expression reads.
fn mark(code: &Code, needed: &mut [bool]) {
    match code {
        Code::Const(_) => {}
        Code::Leaf { node, .. } => needed[*node] = true,
        Code::Not(e) | Code::Neg(e) => mark(e, needed),
        Code::Binary(_, a, b) => {
            mark(a, needed);
            mark(b, needed);
        }
    }
}

impl Target {
    /// Breadth-first over nodes, merging the states that agree on every value
    /// (and type) still to be read: the cost grows with the widest frontier
    /// rather than with the product of all branches, so long chains stay cheap.
    pub fn evaluate_by_frontier(
        &self,
        model: &CausalModel,
        lambda: &[f64],
        cache: &mut MassCache,
    ) -> Sums {
        let w_count = self.worlds.len();
        let mut states: Vec<(Vec<u64>, Vec<u32>, f64)> =
            vec![(vec![0; w_count], vec![0; model.nodes.len()], 1.0)];
        for (position, &j) in self.order.iter().enumerate() {
            let mut next: Vec<(Vec<u64>, Vec<u32>, f64)> = Vec::new();
            for (values, types, weight) in &states {
                self.children(model, lambda, cache, j, values, types, &mut |v, t, p| {
                    let mut v = v.to_vec();
                    let mut ty = types.clone();
                    if let Some(t) = t {
                        ty[j] = t;
                    }
                    for &n in &self.forget_values[position] {
                        for x in &mut v {
                            *x &= !(1u64 << n);
                        }
                    }
                    for &n in &self.forget_types[position] {
                        ty[n] = 0;
                    }
                    next.push((v, ty, weight * p));
                });
            }
            next.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            let mut merged: Vec<(Vec<u64>, Vec<u32>, f64)> = Vec::with_capacity(next.len());
            for state in next {
                match merged.last_mut() {
                    Some(last) if last.0 == state.0 && last.1 == state.1 => last.2 += state.2,
                    _ => merged.push(state),
                }
            }
            states = merged;
        }
        let mut sums = Sums::default();
        for (values, _, weight) in &states {
            if self.given.eval(values) != 0.0 {
                sums.denominator += weight;
                sums.numerator += weight * self.query.eval(values);
            }
        }
        sums
    }

    /// Calls `emit` with each way node `j` can come out after `values`: the
    /// values with j's bits set, j's type when branched on, and the probability.
    #[allow(clippy::too_many_arguments)]
    fn children(
        &self,
        model: &CausalModel,
        lambda: &[f64],
        cache: &mut MassCache,
        j: usize,
        values: &[u64],
        types: &[u32],
        emit: &mut Emit<'_>,
    ) {
        let node = &model.nodes[j];
        let s = model.set_of(j, types);
        let set = &model.sets[s];
        let mut values = values.to_vec();
        let Worlds {
            indices,
            free,
            copies,
        } = self.worlds_of(node, j, &mut values);
        if self.branch[j] {
            for (k, &t) in set.types.iter().enumerate() {
                let l = lambda[set.offset + k];
                if l == 0.0 {
                    continue;
                }
                for &w in &free {
                    set_bit(&mut values[w], j, digit(t, indices[w]));
                }
                fill_copies(&mut values, j, &copies);
                emit(&values, Some(t), l);
            }
            return;
        }
        let mut distinct: Vec<u32> = free.iter().map(|&w| indices[w]).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let masses = cache.masses(model, lambda, s, &distinct);
        for (pattern, &mass) in masses.iter().enumerate() {
            if mass <= 0.0 {
                continue;
            }
            for &w in &free {
                let k = distinct.iter().position(|&d| d == indices[w]).unwrap_or(0);
                set_bit(&mut values[w], j, pattern >> k & 1 == 1);
            }
            fill_copies(&mut values, j, &copies);
            emit(&values, None, mass);
        }
    }
}

/// Receives one outcome of a node: the world values, the node's type when it
/// is branched on, and the outcome's probability.
type Emit<'a> = dyn FnMut(&[u64], Option<u32>, f64) + 'a;

#[inline]
fn fill_copies(values: &mut [u64], j: usize, copies: &[(usize, usize, usize)]) {
    for &(w, n, v) in copies {
        let bit = values[v] >> n & 1 == 1;
        set_bit(&mut values[w], j, bit);
    }
}

#[inline]
fn set_bit(bits: &mut u64, j: usize, value: bool) {
    if value {
        *bits |= 1 << j;
    } else {
        *bits &= !(1 << j);
    }
}

/// Class masses at one parameter vector: for a set and a list of digit
/// positions, the total probability of the types showing each pattern of
/// digits there. Clear it whenever the parameters change.
#[derive(Debug, Default)]
pub struct MassCache {
    entries: Vec<(usize, Vec<u32>, Vec<f64>)>,
}

impl MassCache {
    /// Forgets everything (call when the parameters change).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    fn masses(
        &mut self,
        model: &CausalModel,
        lambda: &[f64],
        s: usize,
        digits: &[u32],
    ) -> Vec<f64> {
        if let Some(e) = self
            .entries
            .iter()
            .find(|(set, d, _)| *set == s && d == digits)
        {
            return e.2.clone();
        }
        let set = &model.sets[s];
        let params = &lambda[set.offset..set.offset + set.types.len()];
        let node = &model.nodes[set.node];
        if set.types.len() == node.n_types as usize && set.types.len() >= 64 {
            let masses = marginalise(params, node.digits, digits);
            self.entries.push((s, digits.to_vec(), masses.clone()));
            return masses;
        }
        let mut masses = vec![0.0; 1 << digits.len()];
        match digits {
            [] => masses[0] = params.iter().sum(),
            [a] => {
                for (&t, &l) in set.types.iter().zip(params) {
                    masses[(t >> a & 1) as usize] += l;
                }
            }
            [a, b] => {
                for (&t, &l) in set.types.iter().zip(params) {
                    masses[((t >> a & 1) | (t >> b & 1) << 1) as usize] += l;
                }
            }
            _ => {
                for (&t, &l) in set.types.iter().zip(params) {
                    let mut pattern = 0usize;
                    for (k, &d) in digits.iter().enumerate() {
                        pattern |= ((t >> d & 1) as usize) << k;
                    }
                    masses[pattern] += l;
                }
            }
        }
        self.entries.push((s, digits.to_vec(), masses.clone()));
        masses
    }
}

/// Sums a full set's parameters, seen as a tensor with one binary axis per
/// digit (type index bit d is axis d), down to the axes in `keep` (sorted).
/// Summing out the highest axes first keeps every pass contiguous, so this
/// costs about one pass over the set however many digits are kept.
fn marginalise(params: &[f64], digits: u32, keep: &[u32]) -> Vec<f64> {
    let sum_out = |source: &[f64], axis: u32| -> Vec<f64> {
        let stride = 1usize << axis;
        let mut next = Vec::with_capacity(source.len() / 2);
        for block in source.chunks_exact(2 * stride) {
            let (low, high) = block.split_at(stride);
            next.extend(low.iter().zip(high).map(|(a, b)| a + b));
        }
        next
    };
    let mut current: Option<Vec<f64>> = None;
    for axis in (0..digits).rev() {
        if keep.contains(&axis) {
            continue;
        }
        current = Some(sum_out(current.as_deref().unwrap_or(params), axis));
    }
    current.unwrap_or_else(|| params.to_vec())
}

/// Parameters at which every type that exists has positive probability: used
/// to ask whether anything satisfies a given at all.
pub fn support_parameters(model: &CausalModel) -> Vec<f64> {
    let mut values = vec![0.0; model.n_params()];
    for set in &model.sets {
        let n = set.types.len() as f64;
        for k in 0..set.types.len() {
            values[set.offset + k] = 1.0 / n;
        }
    }
    values
}

/// How the worlds of a query treat one node (see `worlds_of`).
struct Worlds {
    /// Each world's index into the node's nodal type (its parents' values),
    /// where the node is free.
    indices: Vec<u32>,
    /// The worlds where the node is free.
    free: Vec<usize>,
    /// (world, node, other world): the node copies that node's value there.
    copies: Vec<(usize, usize, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build_model;

    fn value(model: &CausalModel, query: &str, given: &str) -> f64 {
        let t = Target::compile(model, query, Some(given)).expect("valid");
        let s = t.evaluate(model, &model.values, &mut MassCache::default());
        s.numerator / s.denominator
    }

    #[test]
    fn flat_x_to_y() {
        let m = build_model("X -> Y", &[]).expect("valid");
        assert!((value(&m, "Y[X=1] - Y[X=0]", "TRUE")).abs() < 1e-12);
        assert!((value(&m, "Y[X=1] > Y[X=0]", "TRUE") - 0.25).abs() < 1e-12);
        assert!((value(&m, "Y[X=1] > Y[X=0]", "X==1 & Y==1") - 0.5).abs() < 1e-12);
        assert!((value(&m, "Y[X=.] == 1", "TRUE") - 0.75).abs() < 1e-12);
    }

    #[test]
    fn nested_interventions() {
        let m = build_model("Z -> X -> Y", &[]).expect("valid");
        // Y[Z=1, X=X[Z=0]] is Y with X held at its Z=0 value: Y does not
        // depend on Z except through X, so this is Y[X=X[Z=0]].
        let a = value(&m, "Y[Z=1, X=X[Z=0]] == Y[X=X[Z=0]]", "TRUE");
        assert!((a - 1.0).abs() < 1e-12);
    }

    #[test]
    fn marginalising_agrees_with_summing() {
        let params: Vec<f64> = (0..256).map(|k| f64::from(k % 7 + 1)).collect();
        for keep in [vec![], vec![0], vec![3, 5], vec![0, 1, 7]] {
            let fast = marginalise(&params, 8, &keep);
            let mut slow = vec![0.0; 1 << keep.len()];
            for (t, p) in params.iter().enumerate() {
                let mut pattern = 0;
                for (k, &d) in keep.iter().enumerate() {
                    pattern |= (t >> d & 1) << k;
                }
                slow[pattern] += p;
            }
            assert_eq!(fast, slow, "{keep:?}");
        }
    }

    #[test]
    fn unknown_nodes_are_placed() {
        let m = build_model("X -> Y", &[]).expect("valid");
        let e = Target::compile(&m, "Y[W=1] == 1", None).expect_err("bad");
        assert_eq!(e.position, Some(2));
    }
}
