//! The model file and the causal model it describes.
//!
//! This module owns the TOML schema (`[model]`, `[priors]`, `[parameters]`,
//! `[data]`, `[[query]]`; unknown keys are errors) and the validated
//! [`CausalModel`]: nodes in causal order, parameter sets (one per node, or
//! one per nodal type of the earlier node of a confounded pair), the Dirichlet
//! prior and the point parameters. It reads no files: the caller passes text.

use crate::dag::{self, Dag};
use crate::error::{CausalError, Result};
use crate::nodal::{self, Restriction};
use crate::syntax::Join;
use serde::Deserialize;
use std::fmt::Write as _;

/// One node of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node's name.
    pub name: String,
    /// Parents, in parent order (indices into the model's nodes).
    pub parents: Vec<usize>,
    /// Digits of a nodal type: 2^(number of parents).
    pub digits: u32,
    /// Number of nodal types before restrictions: 2^digits.
    pub n_types: u32,
    /// Earlier nodes this node is confounded with; its parameter set depends on their types.
    pub conditioners: Vec<usize>,
    /// This node's parameter sets, indexed by its conditioners' types (first conditioner fastest).
    pub sets: Vec<usize>,
    /// Whether a later node's parameter set depends on this node's type.
    pub conditions_later: bool,
}

/// One simplex of parameters: the distribution of a node's type, possibly
/// given the types of the nodes it is confounded with.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSet {
    /// The node.
    pub node: usize,
    /// Conditioning (node, nodal type) pairs; empty without confounding.
    pub given: Vec<(usize, u32)>,
    /// The nodal types left after restrictions, in type order.
    pub types: Vec<u32>,
    /// Index of the set's first parameter in the flat parameter vector.
    pub offset: usize,
}

/// A validated causal model with its prior and point parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct CausalModel {
    /// The DAG statement as written.
    pub dag: String,
    /// Nodes in causal order.
    pub nodes: Vec<Node>,
    /// Parameter sets in parameter order.
    pub sets: Vec<ParamSet>,
    /// Dirichlet prior, one alpha per parameter.
    pub alpha: Vec<f64>,
    /// Point parameters for `using = "parameters"`, one per parameter.
    pub values: Vec<f64>,
    /// The restrictions as written, with what each removed.
    pub restrictions: Vec<String>,
}

/// How a query is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Using {
    /// At the point parameters.
    Parameters,
    /// Over the prior.
    Priors,
    /// Over the posterior given the data.
    Posteriors,
}

impl Using {
    /// The name as written in model files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Using::Parameters => "parameters",
            Using::Priors => "priors",
            Using::Posteriors => "posteriors",
        }
    }
}

/// One `[[query]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct QuerySpec {
    /// The query's name.
    pub name: String,
    /// The query string (may contain `:|:`).
    pub query: String,
    /// Givens, one result each; `["TRUE"]` when none is given.
    pub givens: Vec<String>,
    /// Estimands, one result each.
    pub using: Vec<Using>,
    /// Case-level rather than population-level.
    pub case_level: bool,
}

/// Everything a model file says.
#[derive(Debug, Clone, PartialEq)]
pub struct Study {
    /// The causal model.
    pub model: CausalModel,
    /// The queries, in file order.
    pub queries: Vec<QuerySpec>,
    /// The data file, relative to the model file, if any.
    pub data_file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    model: ModelSection,
    priors: Option<PriorsSection>,
    parameters: Option<toml::Table>,
    data: Option<DataSection>,
    #[serde(default)]
    query: Vec<QuerySection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelSection {
    dag: String,
    #[serde(default)]
    restrict: Vec<RestrictionEntry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RestrictionEntry {
    Text(String),
    Table(RestrictionTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RestrictionTable {
    statement: String,
    join_by: Option<String>,
    #[serde(default)]
    keep: bool,
    given: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriorsSection {
    distribution: Option<String>,
    #[serde(default)]
    alpha: Vec<AlphaEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlphaEntry {
    node: String,
    nodal_type: Option<String>,
    given: Option<String>,
    value: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DataSection {
    file: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuerySection {
    name: String,
    query: String,
    given: Option<OneOrMany>,
    using: Option<OneOrMany>,
    #[serde(default)]
    case_level: bool,
}

/// Parses and validates a model file.
pub fn parse_study(text: &str) -> Result<Study> {
    let file: File = toml::from_str(text)
        .map_err(|e| CausalError::model(format!("the model file is not valid: {e}")))?;
    let restrictions = file
        .model
        .restrict
        .into_iter()
        .map(|r| match r {
            RestrictionEntry::Text(text) => Ok(Restriction {
                text,
                join: Join::Any,
                keep: false,
                given: None,
            }),
            RestrictionEntry::Table(t) => Ok(Restriction {
                join: match t.join_by.as_deref() {
                    None | Some("|") => Join::Any,
                    Some("&") => Join::All,
                    Some(other) => {
                        return Err(CausalError::model(format!(
                            "join_by must be \"|\" or \"&\", not {other:?}"
                        ))
                        .context(format!("restriction {:?}", t.statement)));
                    }
                },
                text: t.statement,
                keep: t.keep,
                given: t.given,
            }),
        })
        .collect::<Result<Vec<_>>>()?;
    let mut model = build_model(&file.model.dag, &restrictions)?;
    if let Some(priors) = &file.priors {
        set_priors(&mut model, priors)?;
    }
    if let Some(parameters) = &file.parameters {
        set_parameters(&mut model, parameters)?;
    }
    let mut queries = Vec::new();
    for q in file.query {
        let givens = q
            .given
            .map_or_else(|| vec!["TRUE".to_string()], OneOrMany::into_vec);
        let using = q
            .using
            .map_or_else(|| vec!["parameters".to_string()], OneOrMany::into_vec)
            .iter()
            .map(|u| match u.as_str() {
                "parameters" => Ok(Using::Parameters),
                "priors" => Ok(Using::Priors),
                "posteriors" => Ok(Using::Posteriors),
                other => Err(CausalError::model(format!(
                    "using must be parameters, priors or posteriors, not {other:?}"
                ))
                .context(format!("[[query]] {:?}", q.name))),
            })
            .collect::<Result<Vec<_>>>()?;
        if givens.is_empty() || using.is_empty() {
            return Err(
                CausalError::model("given and using need at least one entry")
                    .context(format!("[[query]] {:?}", q.name)),
            );
        }
        queries.push(QuerySpec {
            name: q.name,
            query: q.query,
            givens,
            using,
            case_level: q.case_level,
        });
    }
    Ok(Study {
        model,
        queries,
        data_file: file.data.map(|d| d.file),
    })
}

/// How many removed types a restriction's description names.
const NAMED_REMOVED: usize = 8;

/// Builds a model from a DAG statement and restrictions, with flat
/// parameters and a uniform prior.
pub fn build_model(dag_text: &str, restrictions: &[Restriction]) -> Result<CausalModel> {
    let dag = dag::parse_dag(dag_text).map_err(|e| e.context("[model] dag"))?;
    let Dag {
        nodes: names,
        parents,
        confounds,
    } = dag;
    let mut nodes: Vec<Node> = names
        .iter()
        .zip(&parents)
        .map(|(name, ps)| {
            let digits = 1u32 << ps.len();
            Node {
                name: name.clone(),
                parents: ps.clone(),
                digits,
                n_types: 1u32 << digits,
                conditioners: Vec::new(),
                sets: Vec::new(),
                conditions_later: false,
            }
        })
        .collect();
    for &(a, b) in &confounds {
        nodes[b].conditioners.push(a);
        nodes[a].conditions_later = true;
    }
    let mut sets = Vec::new();
    for j in 0..nodes.len() {
        let combos: u64 = nodes[j]
            .conditioners
            .iter()
            .map(|&c| u64::from(nodes[c].n_types))
            .product();
        if combos * u64::from(nodes[j].n_types) > 1 << 24 {
            return Err(CausalError::model(format!(
                "confounding gives {} {combos} parameter sets of {} types; that is too many",
                nodes[j].name, nodes[j].n_types
            )));
        }
        for combo in 0..combos {
            let mut rest = combo;
            let given = nodes[j]
                .conditioners
                .iter()
                .map(|&c| {
                    let n = u64::from(nodes[c].n_types);
                    let t = (rest % n) as u32;
                    rest /= n;
                    (c, t)
                })
                .collect();
            nodes[j].sets.push(sets.len());
            sets.push(ParamSet {
                node: j,
                given,
                types: (0..nodes[j].n_types).collect(),
                offset: 0,
            });
        }
    }
    let mut descriptions = Vec::new();
    for r in restrictions {
        let context = format!("restriction {:?}", r.text);
        let matching =
            nodal::resolve(r, &names, &parents).map_err(|e| e.context(context.clone()))?;
        let node = &nodes[matching.node];
        let given = match &r.given {
            Some(g) => parse_given(g, &nodes).map_err(|e| e.context(context.clone()))?,
            None => Vec::new(),
        };
        let mut removed: Vec<String> = Vec::new();
        let mut touched = false;
        for &s in &node.sets {
            let set = &mut sets[s];
            if !given.iter().all(|g| set.given.contains(g)) {
                continue;
            }
            touched = true;
            let before = set.types.clone();
            set.types
                .retain(|&t| matching.matches[t as usize] == r.keep);
            for t in before.iter().filter(|t| !set.types.contains(t)) {
                let name = format!("{}.{}", node.name, nodal::label(*t, node.digits));
                if !removed.contains(&name) {
                    removed.push(name);
                }
            }
            if set.types.is_empty() {
                return Err(CausalError::model(format!(
                    "the restriction removes every nodal type of {}",
                    node.name
                ))
                .context(context));
            }
        }
        if !touched {
            return Err(CausalError::model(format!(
                "no parameter set of {} matches given {:?}",
                node.name,
                r.given.as_deref().unwrap_or("")
            ))
            .context(context));
        }
        // A restriction on a node with several parents can remove hundreds
        // of types; the report names the first few and counts the rest.
        descriptions.push(match removed.len() {
            0 => format!("{}: removes nothing", r.text),
            n if n <= NAMED_REMOVED + 2 => format!("{}: removes {}", r.text, removed.join(", ")),
            n => format!(
                "{}: removes {} types ({}, … and {} more)",
                r.text,
                n,
                removed[..NAMED_REMOVED].join(", "),
                n - NAMED_REMOVED
            ),
        });
    }
    let mut offset = 0;
    for set in &mut sets {
        set.offset = offset;
        offset += set.types.len();
    }
    let mut values = vec![0.0; offset];
    for set in &sets {
        let n = set.types.len() as f64;
        for k in 0..set.types.len() {
            values[set.offset + k] = 1.0 / n;
        }
    }
    Ok(CausalModel {
        dag: dag_text.to_string(),
        nodes,
        sets,
        alpha: vec![1.0; offset],
        values,
        restrictions: descriptions,
    })
}

/// Parses a given such as `"X.1"` or `"X.0, M.01"` into (node, type) pairs.
fn parse_given(text: &str, nodes: &[Node]) -> Result<Vec<(usize, u32)>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for part in text.split([',', '_']) {
        let p = part.trim();
        let start = offset + part.len() - part.trim_start().len();
        offset += part.len() + 1;
        if p.is_empty() {
            continue;
        }
        let Some((name, label)) = p.split_once('.') else {
            return Err(CausalError::model(format!(
                "a given names a nodal type as NODE.TYPE, e.g. X.1; found {p:?}"
            ))
            .at(text, start));
        };
        let Some(index) = nodes.iter().position(|n| n.name == name) else {
            return Err(
                CausalError::model(format!("{name} is not a node of the model")).at(text, start),
            );
        };
        let Some(t) = nodal::parse_label(label, nodes[index].digits) else {
            return Err(
                CausalError::model(format!("{label:?} is not a nodal type of {name}"))
                    .at(text, start + name.len() + 1),
            );
        };
        out.push((index, t));
    }
    Ok(out)
}

fn set_priors(model: &mut CausalModel, priors: &PriorsSection) -> Result<()> {
    let base = match priors.distribution.as_deref() {
        None | Some("uniform") => 1.0,
        Some("jeffreys") => 0.5,
        Some("certainty") => 10000.0,
        Some(other) => {
            return Err(CausalError::model(format!(
                "distribution must be uniform, jeffreys or certainty, not {other:?}"
            ))
            .context("[priors]"));
        }
    };
    model.alpha.iter_mut().for_each(|a| *a = base);
    for entry in &priors.alpha {
        let context = format!("[[priors.alpha]] for {}", entry.node);
        if !(entry.value.is_finite() && entry.value > 0.0) {
            return Err(CausalError::model("alpha must be a positive number").context(context));
        }
        let hits = select(
            model,
            &entry.node,
            entry.nodal_type.as_deref(),
            entry.given.as_deref(),
        )
        .map_err(|e| e.context(context.clone()))?;
        for p in hits {
            model.alpha[p] = entry.value;
        }
    }
    Ok(())
}

/// The parameters of `node` matching a nodal-type label (wildcards `?`) and a given.
fn select(
    model: &CausalModel,
    node: &str,
    nodal_type: Option<&str>,
    given: Option<&str>,
) -> Result<Vec<usize>> {
    let Some(j) = model.nodes.iter().position(|n| n.name == node) else {
        return Err(CausalError::model(format!(
            "{node} is not a node of the model"
        )));
    };
    let given = match given {
        Some(g) => parse_given(g, &model.nodes)?,
        None => Vec::new(),
    };
    let digits = model.nodes[j].digits;
    let mut hits = Vec::new();
    for &s in &model.nodes[j].sets {
        let set = &model.sets[s];
        if !given.iter().all(|g| set.given.contains(g)) {
            continue;
        }
        for (k, &t) in set.types.iter().enumerate() {
            if nodal_type.is_none_or(|l| nodal::label_matches(l, t, digits)) {
                hits.push(set.offset + k);
            }
        }
    }
    if hits.is_empty() {
        return Err(CausalError::model(format!(
            "no parameter of {node} matches{}",
            nodal_type.map_or(String::new(), |l| format!(" nodal type {l:?}"))
        ))
        .help("restricted types have no parameter; check the label's length and the given"));
    }
    Ok(hits)
}

fn set_parameters(model: &mut CausalModel, table: &toml::Table) -> Result<()> {
    let kind = match table.get("type") {
        None => "flat",
        Some(toml::Value::String(s)) => s.as_str(),
        Some(_) => return Err(CausalError::model("type must be a string").context("[parameters]")),
    };
    match kind {
        "flat" => {}
        "prior_mean" => {
            for set in &model.sets {
                let range = set.offset..set.offset + set.types.len();
                let total: f64 = model.alpha[range.clone()].iter().sum();
                for p in range {
                    model.values[p] = model.alpha[p] / total;
                }
            }
        }
        other => {
            return Err(CausalError::model(format!(
                "type must be flat or prior_mean, not {other:?}"
            ))
            .context("[parameters]"));
        }
    }
    for (key, value) in table {
        if key == "type" {
            continue;
        }
        let context = format!("[parameters] {key}");
        let Some(j) = model.nodes.iter().position(|n| n.name == *key) else {
            return Err(
                CausalError::model(format!("{key} is not a node of the model")).context(context),
            );
        };
        match value {
            toml::Value::Array(list) => {
                let numbers = list
                    .iter()
                    .map(number)
                    .collect::<Option<Vec<f64>>>()
                    .ok_or_else(|| {
                        CausalError::model("parameters must be numbers").context(context.clone())
                    })?;
                for &s in &model.nodes[j].sets.clone() {
                    let set = &model.sets[s];
                    if numbers.len() != set.types.len() {
                        return Err(CausalError::model(format!(
                            "{key} has {} nodal types in each set ({}), but {} values were given",
                            set.types.len(),
                            set.types
                                .iter()
                                .map(|&t| nodal::label(t, model.nodes[j].digits))
                                .collect::<Vec<_>>()
                                .join(", "),
                            numbers.len()
                        ))
                        .context(context));
                    }
                    let total: f64 = numbers.iter().sum();
                    if numbers.iter().any(|x| *x < 0.0 || !x.is_finite()) || total <= 0.0 {
                        return Err(CausalError::model(
                            "parameters must be non-negative and not all zero",
                        )
                        .context(context));
                    }
                    for (k, x) in numbers.iter().enumerate() {
                        model.values[set.offset + k] = x / total;
                    }
                }
            }
            toml::Value::Table(entries) => {
                for &s in &model.nodes[j].sets.clone() {
                    let mut named: Vec<(usize, f64)> = Vec::new();
                    for (label, x) in entries {
                        let x = number(x).ok_or_else(|| {
                            CausalError::model("parameters must be numbers")
                                .context(context.clone())
                        })?;
                        if !(0.0..=1.0).contains(&x) {
                            return Err(CausalError::model("a parameter lies between 0 and 1")
                                .context(context));
                        }
                        let (type_label, given) = match label.split_once('_') {
                            Some((t, g)) => (t, Some(g)),
                            None => (label.as_str(), None),
                        };
                        let digits = model.nodes[j].digits;
                        let Some(t) = nodal::parse_label(type_label, digits) else {
                            return Err(CausalError::model(format!(
                                "{type_label:?} is not a nodal type of {key}"
                            ))
                            .context(context));
                        };
                        let given = match given {
                            Some(g) => parse_given(g, &model.nodes)
                                .map_err(|e| e.context(context.clone()))?,
                            None => Vec::new(),
                        };
                        let set = &model.sets[s];
                        if !given.iter().all(|g| set.given.contains(g)) {
                            continue;
                        }
                        let Some(k) = set.types.iter().position(|&u| u == t) else {
                            return Err(CausalError::model(format!(
                                "{key}.{type_label} was removed by a restriction"
                            ))
                            .context(context));
                        };
                        named.push((set.offset + k, x));
                    }
                    rescale(model, s, &named).map_err(|e| e.context(context.clone()))?;
                }
            }
            _ => {
                return Err(CausalError::model(
                    "give a node's parameters as a list or a table of nodal types",
                )
                .context(context));
            }
        }
    }
    Ok(())
}

/// Sets the named parameters of a set and rescales the others in proportion
/// to their values so the set sums to one, as CausalQueries' `set_parameters`.
fn rescale(model: &mut CausalModel, s: usize, named: &[(usize, f64)]) -> Result<()> {
    if named.is_empty() {
        return Ok(());
    }
    let set = &model.sets[s];
    let range = set.offset..set.offset + set.types.len();
    let fixed: f64 = named.iter().map(|(_, x)| x).sum();
    if fixed > 1.0 + 1e-12 {
        return Err(CausalError::model(
            "the named parameters of a set sum to more than 1",
        ));
    }
    let others: Vec<usize> = range
        .filter(|p| !named.iter().any(|(q, _)| q == p))
        .collect();
    let before: f64 = others.iter().map(|&p| model.values[p]).sum();
    for &p in &others {
        model.values[p] = if before > 0.0 {
            model.values[p] * (1.0 - fixed) / before
        } else {
            (1.0 - fixed) / others.len() as f64
        };
    }
    for &(p, x) in named {
        model.values[p] = x;
    }
    if others.is_empty() && (fixed - 1.0).abs() > 1e-9 {
        return Err(CausalError::model(
            "every parameter of a set is named, so they must sum to 1",
        ));
    }
    Ok(())
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

impl CausalModel {
    /// Number of parameters.
    pub fn n_params(&self) -> usize {
        self.alpha.len()
    }

    /// The parameter set node `j` uses when its conditioners have types `types`
    /// (indexed by node; only conditioners are read).
    #[inline]
    pub fn set_of(&self, j: usize, types: &[u32]) -> usize {
        let node = &self.nodes[j];
        let mut index = 0usize;
        let mut stride = 1usize;
        for &c in &node.conditioners {
            index += types[c] as usize * stride;
            stride *= self.nodes[c].n_types as usize;
        }
        node.sets[index]
    }

    /// A parameter's name, e.g. `Y.01` or `Y.01_X.1`.
    pub fn param_name(&self, s: usize, k: usize) -> String {
        let set = &self.sets[s];
        let node = &self.nodes[set.node];
        let mut name = format!("{}.{}", node.name, nodal::label(set.types[k], node.digits));
        for &(c, t) in &set.given {
            name.push('_');
            let _ = write!(
                name,
                "{}.{}",
                self.nodes[c].name,
                nodal::label(t, self.nodes[c].digits)
            );
        }
        name
    }

    /// A parameter set's name, e.g. `Y` or `Y.X.1`.
    pub fn set_name(&self, s: usize) -> String {
        let set = &self.sets[s];
        let mut name = self.nodes[set.node].name.clone();
        for &(c, t) in &set.given {
            let _ = write!(
                name,
                ".{}.{}",
                self.nodes[c].name,
                nodal::label(t, self.nodes[c].digits)
            );
        }
        name
    }

    /// The number of causal types (tuples of nodal types with a parameter each),
    /// saturating at `u64::MAX`.
    pub fn causal_type_count(&self) -> u64 {
        let mut types = vec![0u32; self.nodes.len()];
        self.count_from(0, &mut types)
    }

    fn count_from(&self, j: usize, types: &mut [u32]) -> u64 {
        if j == self.nodes.len() {
            return 1;
        }
        let set = &self.sets[self.set_of(j, types)];
        if self.nodes[j].conditions_later {
            let mut total = 0u64;
            for &t in &set.types {
                types[j] = t;
                total = total.saturating_add(self.count_from(j + 1, types));
            }
            total
        } else {
            (set.types.len() as u64).saturating_mul(self.count_from(j + 1, types))
        }
    }

    /// Prior means: alpha over the sum of its set's alphas.
    pub fn prior_mean(&self) -> Vec<f64> {
        let mut mean = vec![0.0; self.alpha.len()];
        for set in &self.sets {
            let range = set.offset..set.offset + set.types.len();
            let total: f64 = self.alpha[range.clone()].iter().sum();
            for p in range {
                mean[p] = self.alpha[p] / total;
            }
        }
        mean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restrictions(list: &[&str]) -> Vec<Restriction> {
        list.iter()
            .map(|t| Restriction {
                text: (*t).to_string(),
                join: Join::Any,
                keep: false,
                given: None,
            })
            .collect()
    }

    #[test]
    fn counts_match_causal_queries() {
        let m = build_model("X -> Y", &[]).expect("valid");
        assert_eq!((m.n_params(), m.causal_type_count()), (6, 8));
        let m = build_model(
            "X -> M -> Y",
            &restrictions(&["decreasing(X, M)", "decreasing(M, Y)"]),
        )
        .expect("valid");
        assert_eq!((m.n_params(), m.causal_type_count()), (8, 18));
        let m = build_model("X -> Y; X <-> Y", &[]).expect("valid");
        assert_eq!((m.n_params(), m.causal_type_count()), (10, 8));
        assert_eq!(m.param_name(2, 1), "Y.10_X.1");
        let m = build_model("Z -> X -> Y <- Z; X <-> Y", &[]).expect("valid");
        assert_eq!((m.n_params(), m.causal_type_count()), (70, 128));
        let m = build_model("A -> Y <- B; C -> Y; D -> Y", &[]).expect("valid");
        assert_eq!((m.n_params(), m.causal_type_count()), (65_544, 1_048_576));
        // The model-size table of the reference (§6).
        for (dag, params, types) in [
            ("X -> M1 -> M2 -> Y; X -> Y", 26, 512),
            ("X -> K1 -> Y <- K2; Y -> K3; Y <-> K3", 88, 1024),
            ("A -> Y <- B; C -> Y", 262, 2048),
        ] {
            let m = build_model(dag, &[]).expect("valid");
            assert_eq!(
                (m.n_params(), m.causal_type_count()),
                (params, types),
                "{dag}"
            );
        }
    }

    #[test]
    fn parameters_rescale_the_rest_of_the_set() {
        let text = r#"
[model]
dag = "X -> Y"
[parameters]
Y = { "01" = 0.4 }
"#;
        let s = parse_study(text).expect("valid");
        let expected = [0.2, 0.2, 0.4, 0.2];
        for (v, e) in s.model.values[2..].iter().zip(expected) {
            assert!((v - e).abs() < 1e-12, "{:?}", s.model.values);
        }
    }

    #[test]
    fn table_restrictions_keep_join_and_given() {
        let text = r#"
[model]
dag = "X -> Y; X <-> Y"
restrict = [
  { statement = "(Y[X=1] > Y[X=0])", keep = true, given = "X.1" },
]
[priors]
[[priors.alpha]]
node = "Y"
nodal_type = "00"
given = "X.0"
value = 3
"#;
        let s = parse_study(text).expect("valid");
        let m = &s.model;
        // Y's set given X.0 keeps its 4 types; given X.1 only the positive effect.
        assert_eq!(m.sets[1].types.len(), 4);
        assert_eq!(m.sets[2].types, [2]);
        assert_eq!(m.n_params(), 2 + 4 + 1);
        assert_eq!(m.alpha[2], 3.0);
        assert_eq!(m.alpha[3], 1.0);
        let all = r#"
[model]
dag = "X -> M -> Y <- X"
restrict = [{ statement = "(Y[X=1] < Y[X=0])", join_by = "&" }]
"#;
        let any = all.replace(", join_by = \"&\"", "");
        let strict = parse_study(all).expect("valid").model;
        let loose = parse_study(&any).expect("valid").model;
        // "For all values of M" removes fewer types than "for some value".
        assert_eq!(strict.sets[2].types.len(), 16 - 1);
        assert_eq!(loose.sets[2].types.len(), 16 - 7);
    }

    #[test]
    fn errors_name_the_problem() {
        let e = parse_study("[model]\ndag = \"X -> Y\"\nrestrict = [\"decreasing(X, Z)\"]\n")
            .expect_err("unknown node");
        assert!(e.to_string().contains("Z is not a node"), "{e}");
        let e = parse_study("[model]\ndag = \"X -> Y\"\nrestrict = [\"Y.00\", \"Y.?\"]\n")
            .expect_err("bad label");
        assert!(e.to_string().contains("2 digits"), "{e}");
        let e = parse_study("[model]\ndag = \"X -> Y\"\n[parameters]\nY = [0.5, 0.5]\n")
            .expect_err("wrong length");
        assert!(e.to_string().contains("4 nodal types"), "{e}");
        let e = parse_study(
            "[model]\ndag = \"X -> Y\"\nrestrict = [\"Y.00\", \"Y.10\", \"Y.01\", \"Y.11\"]\n",
        )
        .expect_err("empty");
        assert!(e.to_string().contains("every nodal type of Y"), "{e}");
    }

    #[test]
    fn unknown_keys_are_errors() {
        let e = parse_study("[model]\ndag = \"X -> Y\"\nrestrictions = []\n").expect_err("bad");
        assert!(e.message.contains("restrictions"), "{e}");
    }
}
