//! The model file and the causal model it describes.
//!
//! This module owns the TOML schema (`[model]`, `[priors]`, `[parameters]`,
//! `[data]`, `[[query]]`; unknown keys are errors) and the validated
//! [`CausalModel`]: nodes in causal order, parameter sets (one per node, or
//! one per nodal type of the earlier node of a confounded pair), the Dirichlet
//! prior and the point parameters. It reads no files: the caller passes text.

use crate::dag::{self, Dag, NameOrder};
use crate::error::{CausalError, Result};
use crate::nodal::{self, Restriction};
use crate::schema;
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
    /// Number of nodal types before restrictions: 2^digits (saturating).
    pub n_types: u64,
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
    /// What a reader should know about how the model was built (such as a
    /// node order that depends on R's locale in CausalQueries).
    pub notes: Vec<String>,
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
    /// Where things are in the model file, to place later errors.
    pub spans: schema::Spans,
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
    #[serde(default)]
    monotone: Vec<String>,
    name_order: Option<String>,
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

/// Parses and validates a model file; the first problem found, if any (see
/// [`parse_study_all`] for all of them).
pub fn parse_study(text: &str) -> Result<Study> {
    parse_study_all(text).map_err(|mut errors| errors.remove(0))
}

/// Parses and validates a model file, returning every problem found, each
/// placed at its line and column: the file's shape first (TOML, keys, kinds
/// of value); then, if that is sound, the model (the first problem of the
/// DAG and restrictions, which depend on one another), every bad prior,
/// parameter and `using`.
pub fn parse_study_all(text: &str) -> std::result::Result<Study, Vec<CausalError>> {
    let (spans, errors) = schema::check(text);
    if !errors.is_empty() {
        return Err(errors);
    }
    let file: File = match toml::from_str(text) {
        Ok(file) => file,
        // The schema check accepts only what deserialises; this is a guard.
        Err(e) => {
            return Err(vec![
                CausalError::model("probative cannot read this value of the model file")
                    .in_file(text, e.span().unwrap_or(0..0)),
            ]);
        }
    };
    let mut errors = Vec::new();
    let name_order = match file.model.name_order.as_deref() {
        None | Some("locale") => NameOrder::Locale,
        Some("bytewise") => NameOrder::Bytewise,
        Some(other) => {
            errors.push(
                CausalError::model(format!(
                    "name_order is \"locale\" (R's usual en_US.UTF-8) or \"bytewise\" (R's C \
                     locale), not {other:?}"
                ))
                .context("[model] name_order")
                .in_file(text, spans.name_order.clone()),
            );
            NameOrder::Locale
        }
    };
    let mut restrictions = Vec::new();
    for (i, r) in file.model.restrict.into_iter().enumerate() {
        let span = spans.restrictions.get(i).cloned().unwrap_or(0..0);
        match r {
            RestrictionEntry::Text(text) => restrictions.push(Restriction {
                text,
                join: Join::Any,
                keep: false,
                given: None,
            }),
            RestrictionEntry::Table(t) => {
                let join = match t.join_by.as_deref() {
                    None | Some("|") => Join::Any,
                    Some("&") => Join::All,
                    Some(other) => {
                        errors.push(
                            CausalError::model(format!(
                                "join_by must be \"|\" or \"&\", not {other:?}"
                            ))
                            .context(format!("restriction {:?}", t.statement))
                            .in_file(text, span),
                        );
                        Join::Any
                    }
                };
                restrictions.push(Restriction {
                    join,
                    text: t.statement,
                    keep: t.keep,
                    given: t.given,
                });
            }
        }
    }
    let options = ModelOptions {
        name_order,
        monotone: file.model.monotone,
    };
    let mut model = match build_model_with(&file.model.dag, &restrictions, &options) {
        Ok(model) => model,
        Err(e) => {
            let span = locate_model_error(&e, &restrictions, &spans);
            errors.push(e.in_file(text, span));
            return Err(errors);
        }
    };
    if let Some(priors) = &file.priors {
        for (index, e) in set_priors(&mut model, priors) {
            let span = index.map_or_else(
                || spans.distribution.clone(),
                |i| spans.alphas.get(i).cloned().unwrap_or(0..0),
            );
            errors.push(e.in_file(text, span));
        }
    }
    if let Some(parameters) = &file.parameters {
        for (key, e) in set_parameters(&mut model, parameters) {
            let span =
                spans
                    .parameters
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .map_or(0..0, |(_, k, v)| {
                        if e.source.is_some() {
                            v.clone()
                        } else {
                            k.start..v.end
                        }
                    });
            errors.push(e.in_file(text, span));
        }
    }
    let mut queries = Vec::new();
    for (i, q) in file.query.into_iter().enumerate() {
        let span = spans.queries.get(i).map_or(0..0, |s| s.using.clone());
        let givens = q
            .given
            .map_or_else(|| vec!["TRUE".to_string()], OneOrMany::into_vec);
        let using_list = q
            .using
            .map_or_else(|| vec!["parameters".to_string()], OneOrMany::into_vec);
        let no_using = using_list.is_empty();
        let mut using = Vec::new();
        for u in using_list {
            match u.as_str() {
                "parameters" => using.push(Using::Parameters),
                "priors" => using.push(Using::Priors),
                "posteriors" => using.push(Using::Posteriors),
                other => {
                    let hint = schema::closest(other, &["parameters", "priors", "posteriors"])
                        .map_or_else(String::new, |b| format!(" (did you mean {b}?)"));
                    errors.push(
                        CausalError::model(format!(
                            "using must be parameters, priors or posteriors, not {other:?}{hint}"
                        ))
                        .context(format!("[[query]] {:?}", q.name))
                        .in_file(text, span.clone()),
                    );
                }
            }
        }
        if givens.is_empty() || no_using {
            errors.push(
                CausalError::model("given and using need at least one entry")
                    .context(format!("[[query]] {:?}", q.name))
                    .in_file(text, spans.queries.get(i).map_or(0..0, |s| s.table.clone())),
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
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Study {
        model,
        queries,
        data_file: file.data.map(|d| d.file),
        spans,
    })
}

/// Where in the file an error of [`build_model_with`] belongs: the
/// restriction it names, `monotone`, or the DAG.
fn locate_model_error(
    e: &CausalError,
    restrictions: &[Restriction],
    spans: &schema::Spans,
) -> std::ops::Range<usize> {
    let context = e.context.as_deref().unwrap_or("");
    if context.starts_with("[model] monotone") {
        return spans.monotone.clone();
    }
    restrictions
        .iter()
        .zip(&spans.restrictions)
        .find(|(r, _)| context == format!("restriction {:?}", r.text))
        .map_or_else(|| spans.dag.clone(), |(_, span)| span.clone())
}

/// How many removed types a restriction's description names.
const NAMED_REMOVED: usize = 8;

/// The most nodal types a restricted node with five parents may keep: as
/// many as a confounded node may have parameters.
pub const MAX_WIDE_TYPES: u64 = 1 << 24;

/// Bytes each nodal type costs at the least: its type (4), prior (8) and
/// point value (8), before any sampler state.
const BYTES_PER_TYPE: u64 = 20;

/// What a model file says about the model beyond its DAG and restrictions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelOptions {
    /// How names are ordered (CausalQueries' R locale).
    pub name_order: NameOrder,
    /// Nodes declared monotone: for each parent P of such a node Y, the
    /// restriction `"(Y[P=1] < Y[P=0])"`.
    pub monotone: Vec<String>,
}

/// Builds a model from a DAG statement and restrictions, with flat
/// parameters and a uniform prior.
pub fn build_model(dag_text: &str, restrictions: &[Restriction]) -> Result<CausalModel> {
    build_model_with(dag_text, restrictions, &ModelOptions::default())
}

/// Builds a model as [`build_model`], with the name order and monotone
/// nodes of `options`.
pub fn build_model_with(
    dag_text: &str,
    restrictions: &[Restriction],
    options: &ModelOptions,
) -> Result<CausalModel> {
    let dag = dag::parse_dag_ordered(dag_text, options.name_order)
        .map_err(|e| e.context("[model] dag"))?;
    let Dag {
        nodes: names,
        parents,
        confounds,
        first_mention,
        order_differs,
    } = dag;
    let mut notes = Vec::new();
    if order_differs {
        notes.push(format!(
            "node or parent order depends on R's collation here: this model follows {}, and \
             CausalQueries under {} would order the names otherwise (set [model] name_order)",
            match options.name_order {
                NameOrder::Locale => "en_US.UTF-8 (name_order = \"locale\")",
                NameOrder::Bytewise => "the C locale (name_order = \"bytewise\")",
            },
            match options.name_order {
                NameOrder::Locale => "LC_COLLATE=C",
                NameOrder::Bytewise => "en_US.UTF-8",
            }
        ));
    }
    let mut restrictions = restrictions.to_vec();
    for name in &options.monotone {
        let Some(j) = names.iter().position(|n| n == name) else {
            return Err(
                CausalError::model(format!("{name} is not a node of the model"))
                    .context("[model] monotone")
                    .help(did_you_mean(name, &names)),
            );
        };
        if parents[j].is_empty() {
            return Err(CausalError::model(format!(
                "{name} has no parents, so it cannot be monotone in them"
            ))
            .context("[model] monotone"));
        }
        for &p in &parents[j] {
            restrictions.push(Restriction {
                text: format!("({name}[{p}=1] < {name}[{p}=0])", p = names[p]),
                join: Join::Any,
                keep: false,
                given: None,
            });
        }
    }
    let mut nodes: Vec<Node> = names
        .iter()
        .zip(&parents)
        .map(|(name, ps)| {
            let digits = 1u32 << ps.len();
            Node {
                name: name.clone(),
                parents: ps.clone(),
                digits,
                n_types: 1u64.checked_shl(digits).unwrap_or(u64::MAX),
                conditioners: Vec::new(),
                sets: Vec::new(),
                conditions_later: false,
            }
        })
        .collect();
    for &(a, b) in &confounds {
        for wide in [a, b] {
            if nodes[wide].parents.len() > dag::MAX_PARENTS {
                return Err(CausalError::model(format!(
                    "{} has {} parents, so it cannot be confounded: confounding gives a \
                     parameter set per nodal type of the earlier node",
                    nodes[wide].name,
                    nodes[wide].parents.len()
                ))
                .context("[model] dag")
                .at(dag_text, first_mention[wide]));
            }
        }
        nodes[b].conditioners.push(a);
        nodes[a].conditions_later = true;
    }
    let mut resolved = Vec::with_capacity(restrictions.len());
    for r in &restrictions {
        let context = format!("restriction {:?}", r.text);
        let matching =
            nodal::resolve(r, &names, &parents).map_err(|e| e.context(context.clone()))?;
        resolved.push(matching);
    }
    let mut sets = Vec::new();
    for j in 0..nodes.len() {
        let base: Vec<u32> = if nodes[j].parents.len() > dag::MAX_PARENTS {
            wide_types(&nodes[j], j, &resolved)
                .map_err(|e| e.context("[model] dag").at(dag_text, first_mention[j]))?
        } else {
            (0..nodes[j].n_types).map(|t| t as u32).collect()
        };
        let combos: u64 = nodes[j]
            .conditioners
            .iter()
            .map(|&c| nodes[c].n_types)
            .product();
        if combos.saturating_mul(base.len() as u64) > 1 << 24 {
            return Err(CausalError::model(format!(
                "confounding gives {} {combos} parameter sets of {} types; that is too many",
                nodes[j].name,
                base.len()
            )));
        }
        for combo in 0..combos {
            let mut rest = combo;
            let given = nodes[j]
                .conditioners
                .iter()
                .map(|&c| {
                    let n = nodes[c].n_types;
                    let t = (rest % n) as u32;
                    rest /= n;
                    (c, t)
                })
                .collect();
            nodes[j].sets.push(sets.len());
            sets.push(ParamSet {
                node: j,
                given,
                types: base.clone(),
                offset: 0,
            });
        }
    }
    let mut descriptions = Vec::new();
    let mut live = vec![true; sets.len()];
    for (r, matching) in restrictions.iter().zip(&resolved) {
        let context = format!("restriction {:?}", r.text);
        let node = &nodes[matching.node];
        let given = match &r.given {
            Some(g) => parse_given(g, &nodes).map_err(|e| e.context(context.clone()))?,
            None => Vec::new(),
        };
        let mut removed: Vec<String> = Vec::new();
        let mut removed_count = 0;
        let mut touched = false;
        let mut only_dead = false;
        for &s in &node.sets {
            let set = &mut sets[s];
            if !given.iter().all(|g| set.given.contains(g)) {
                continue;
            }
            if !live[s] {
                only_dead = true;
                continue;
            }
            touched = true;
            // Types stay in type order, so what was removed is what
            // fails the test; a set of a wide node keeps thousands.
            for &t in &set.types {
                if matching.matches(t) != r.keep && removed.len() <= NAMED_REMOVED + 2 {
                    let name = format!("{}.{}", node.name, nodal::label(t, node.digits));
                    if !removed.contains(&name) {
                        removed.push(name);
                    }
                }
            }
            let before = set.types.len();
            set.types.retain(|&t| matching.matches(t) == r.keep);
            removed_count = removed_count.max(before - set.types.len());
        }
        if !touched {
            let given_text = r.given.as_deref().unwrap_or("");
            return Err(if only_dead {
                CausalError::model(format!(
                    "every parameter set of {} matching given {given_text:?} is unused: no \
                     causal type has {given_text}, since an earlier restriction removed it",
                    node.name
                ))
            } else {
                CausalError::model(format!(
                    "no parameter set of {} matches given {given_text:?}",
                    node.name
                ))
            }
            .context(context));
        }
        if node.sets.iter().all(|&s| sets[s].types.is_empty()) {
            return Err(CausalError::model(format!(
                "the restriction removes every nodal type of {}",
                node.name
            ))
            .context(context));
        }
        // A set emptied within a confounded node (only possible with
        // `given`) removes the causal types that would use it, as
        // CausalQueries does; sets no causal type can use any more are
        // dropped.
        let emptied_sets: Vec<usize> = node
            .sets
            .iter()
            .copied()
            .filter(|&s| live[s] && sets[s].types.is_empty())
            .collect();
        let emptied: Vec<String> = emptied_sets
            .iter()
            .map(|&s| set_label(&nodes, &sets[s]))
            .collect();
        // The conditioner's type that led to an emptied set can no longer
        // occur in any causal type; removing it is what renormalises every
        // value over the causal types left, as CausalQueries does.
        for &s in &emptied_sets {
            let [(c, t)] = sets[s].given[..] else {
                return Err(CausalError::model(format!(
                    "the restriction empties {}, a set conditioned on several nodes' types; \
                     emptying such a set is not supported",
                    set_label(&nodes, &sets[s])
                ))
                .context(context));
            };
            for &cs in &nodes[c].sets {
                sets[cs].types.retain(|&u| u != t);
                if sets[cs].types.is_empty() {
                    return Err(CausalError::model(format!(
                        "the restriction empties {}, and {} has no nodal type left once its \
                         type {} is removed with it",
                        set_label(&nodes, &sets[s]),
                        nodes[c].name,
                        nodal::label(t, nodes[c].digits)
                    ))
                    .context(context));
                }
            }
        }
        live = live_sets(&nodes, &sets);
        if !live.iter().any(|&l| l) {
            return Err(CausalError::model(
                "the restrictions leave no causal type: every combination of nodal types \
                 meets an emptied parameter set",
            )
            .context(context));
        }
        // A restriction on a node with several parents can remove hundreds
        // of types; the report names the first few and counts the rest.
        let mut description = if node.parents.len() > dag::MAX_PARENTS {
            format!(
                "{}: applied while {}'s nodal types are generated ({} kept of 2^{})",
                r.text,
                node.name,
                sets[node.sets[0]].types.len(),
                node.digits
            )
        } else {
            match removed.len() {
                0 => format!("{}: removes nothing", r.text),
                n if n <= NAMED_REMOVED + 2 => {
                    format!("{}: removes {}", r.text, removed.join(", "))
                }
                _ => {
                    let n = removed_count.max(removed.len());
                    format!(
                        "{}: removes {} types ({}, … and {} more)",
                        r.text,
                        n,
                        removed[..NAMED_REMOVED].join(", "),
                        n - NAMED_REMOVED
                    )
                }
            }
        };
        if !emptied.is_empty() {
            let _ = write!(
                description,
                "; empties {}, so the causal types that would use it are removed",
                emptied.join(", ")
            );
        }
        descriptions.push(description);
    }
    // Sets that no causal type uses have no parameters, as in CausalQueries
    // (they would never enter a query and only inflate the counts).
    for (set, &l) in sets.iter_mut().zip(&live) {
        if !l {
            set.types.clear();
        }
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
        notes,
    })
}

/// A set's name before parameters exist, e.g. `Y.X.1`.
fn set_label(nodes: &[Node], set: &ParamSet) -> String {
    let mut name = nodes[set.node].name.clone();
    for &(c, t) in &set.given {
        let _ = write!(
            name,
            ".{}.{}",
            nodes[c].name,
            nodal::label(t, nodes[c].digits)
        );
    }
    name
}

/// Which sets some causal type uses: walks the nodes in causal order over
/// the types of the nodes that condition later ones (as
/// [`CausalModel::causal_type_count`] does) and marks the sets on every
/// path that completes.
fn live_sets(nodes: &[Node], sets: &[ParamSet]) -> Vec<bool> {
    fn walk(
        nodes: &[Node],
        sets: &[ParamSet],
        j: usize,
        types: &mut [u32],
        live: &mut [bool],
    ) -> bool {
        if j == nodes.len() {
            return true;
        }
        let s = set_index(nodes, j, types);
        let set = &sets[s];
        let complete = if nodes[j].conditions_later {
            let mut any = false;
            for &t in &set.types {
                types[j] = t;
                any |= walk(nodes, sets, j + 1, types, live);
            }
            any
        } else {
            !set.types.is_empty() && walk(nodes, sets, j + 1, types, live)
        };
        live[s] |= complete;
        complete
    }
    let mut live = vec![false; sets.len()];
    let mut types = vec![0u32; nodes.len()];
    walk(nodes, sets, 0, &mut types, &mut live);
    live
}

/// The set node `j` uses when its conditioners have `types` (see [`CausalModel::set_of`]).
#[inline]
fn set_index(nodes: &[Node], j: usize, types: &[u32]) -> usize {
    let node = &nodes[j];
    let mut index = 0usize;
    let mut stride = 1usize;
    for &c in &node.conditioners {
        index += types[c] as usize * stride;
        stride *= usize::try_from(nodes[c].n_types).unwrap_or(usize::MAX);
    }
    node.sets[index]
}

/// The nodal types of a node with more than four parents, generated under
/// its pointwise restrictions (the others filter them afterwards), or an
/// error saying how many types it would need and what memory that takes.
fn wide_types(node: &Node, j: usize, resolved: &[nodal::Matching]) -> Result<Vec<u32>> {
    let k = node.parents.len();
    let mut masks = vec![nodal::ANY_PAIR; k];
    for m in resolved.iter().filter(|m| m.node == j) {
        if let Some((p, mask)) = m.pointwise {
            masks[p] &= mask;
        }
    }
    let help = format!(
        "restrict {} in each parent, e.g. [model] monotone = [\"{}\"] or \"({}[P=1] < {}[P=0])\" \
         for each parent P; restrictions of one parent at a time are applied as the types are \
         generated",
        node.name, node.name, node.name, node.name
    );
    let describe = |count: u64, at_least: bool| {
        format!(
            "{} has {k} parents and its restrictions leave {}{} nodal types of {} digits \
             ({}about {} MB for the parameters alone)",
            node.name,
            if at_least { "more than " } else { "" },
            thousands(count),
            node.digits,
            if at_least { "more than " } else { "" },
            (count.saturating_mul(BYTES_PER_TYPE)).div_ceil(1 << 20)
        )
    };
    if node.digits > 32 {
        let message = match nodal::count_generated(&masks, MAX_WIDE_TYPES) {
            Ok(count) => describe(count, false),
            Err(nodal::TooMany::AtLeast(n)) => describe(n, true),
        };
        return Err(CausalError::model(format!(
            "{message}; nodal types of more than 32 digits (5 parents) are not supported"
        ))
        .help("split the node's parents with a mediator, or drop one"));
    }
    match nodal::generate(&masks, MAX_WIDE_TYPES) {
        Ok(types) => Ok(types
            .into_iter()
            .filter_map(|t| u32::try_from(t).ok())
            .collect()),
        Err(nodal::TooMany::AtLeast(n)) => Err(CausalError::model(format!(
            "{}; at most {} are supported",
            describe(n, true),
            thousands(MAX_WIDE_TYPES)
        ))
        .help(help)),
    }
}

/// `7828354` as `7,828,354`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "did you mean X?" for the name closest to `name`, if one is close.
pub(crate) fn did_you_mean(name: &str, candidates: &[String]) -> String {
    let best = candidates
        .iter()
        .map(|c| {
            (
                strsim::levenshtein(&name.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                c,
            )
        })
        .min();
    match best {
        Some((d, c)) if d <= 2.max(name.len() / 3) => format!("did you mean {c}?"),
        _ => format!("the nodes are {}", candidates.join(", ")),
    }
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

/// Applies `[priors]`; returns every problem, with the index of the
/// `[[priors.alpha]]` entry it is in (`None` for `distribution`).
fn set_priors(
    model: &mut CausalModel,
    priors: &PriorsSection,
) -> Vec<(Option<usize>, CausalError)> {
    let mut errors = Vec::new();
    let base = match priors.distribution.as_deref() {
        None | Some("uniform") => 1.0,
        Some("jeffreys") => 0.5,
        Some("certainty") => 10000.0,
        Some(other) => {
            let hint = schema::closest(other, &["uniform", "jeffreys", "certainty"])
                .map_or_else(String::new, |b| format!(" (did you mean {b}?)"));
            errors.push((
                None,
                CausalError::model(format!(
                    "distribution must be uniform, jeffreys or certainty, not {other:?}{hint}"
                ))
                .context("[priors]"),
            ));
            1.0
        }
    };
    model.alpha.iter_mut().for_each(|a| *a = base);
    for (i, entry) in priors.alpha.iter().enumerate() {
        let context = format!("[[priors.alpha]] for {}", entry.node);
        if !(entry.value.is_finite() && entry.value > 0.0) {
            errors.push((
                Some(i),
                CausalError::model("alpha must be a positive number").context(context),
            ));
            continue;
        }
        match select(
            model,
            &entry.node,
            entry.nodal_type.as_deref(),
            entry.given.as_deref(),
        ) {
            Ok(hits) => {
                for p in hits {
                    model.alpha[p] = entry.value;
                }
            }
            Err(e) => errors.push((Some(i), e.context(context))),
        }
    }
    errors
}

/// The parameters of `node` matching a nodal-type label (wildcards `?`) and a given.
fn select(
    model: &CausalModel,
    node: &str,
    nodal_type: Option<&str>,
    given: Option<&str>,
) -> Result<Vec<usize>> {
    let Some(j) = model.nodes.iter().position(|n| n.name == node) else {
        return Err(
            CausalError::model(format!("{node} is not a node of the model"))
                .help(did_you_mean(node, &node_names(model))),
        );
    };
    let given_pairs = match given {
        Some(g) => parse_given(g, &model.nodes)?,
        None => Vec::new(),
    };
    let digits = model.nodes[j].digits;
    let mut hits = Vec::new();
    let mut dead = Vec::new();
    for &s in &model.nodes[j].sets {
        let set = &model.sets[s];
        if !given_pairs.iter().all(|g| set.given.contains(g)) {
            continue;
        }
        if set.types.is_empty() {
            dead.push(model.set_name(s));
            continue;
        }
        for (k, &t) in set.types.iter().enumerate() {
            if nodal_type.is_none_or(|l| nodal::label_matches(l, t, digits)) {
                hits.push(set.offset + k);
            }
        }
    }
    if hits.is_empty() && !dead.is_empty() && given.is_some() {
        return Err(CausalError::model(format!(
            "given {:?} names {}, which no causal type uses, so it has no parameters",
            given.unwrap_or(""),
            dead.join(", ")
        ))
        .help("a restriction removed the nodal type it is conditioned on; drop this entry"));
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

/// Applies `[parameters]`; returns every problem with the key it is under.
fn set_parameters(model: &mut CausalModel, table: &toml::Table) -> Vec<(String, CausalError)> {
    let mut errors = Vec::new();
    let kind = match table.get("type") {
        None => "flat",
        Some(toml::Value::String(s)) => s.as_str(),
        Some(_) => {
            errors.push((
                "type".to_string(),
                CausalError::model("type must be a string").context("[parameters]"),
            ));
            "flat"
        }
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
            errors.push((
                "type".to_string(),
                CausalError::model(format!("type must be flat or prior_mean, not {other:?}"))
                    .context("[parameters]"),
            ));
        }
    }
    for (key, value) in table {
        if key == "type" {
            continue;
        }
        if let Err(e) = set_node_parameters(model, key, value) {
            errors.push((key.clone(), e));
        }
    }
    errors
}

/// Applies one `[parameters]` entry: a node's list or table of values.
fn set_node_parameters(model: &mut CausalModel, key: &str, value: &toml::Value) -> Result<()> {
    {
        let context = format!("[parameters] {key}");
        let Some(j) = model.nodes.iter().position(|n| n.name == *key) else {
            return Err(
                CausalError::model(format!("{key} is not a node of the model"))
                    .context(context)
                    .help(did_you_mean(key, &node_names(model))),
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
                    // A set no causal type uses has no parameters to set.
                    if set.types.is_empty() {
                        continue;
                    }
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
                check_keys_reach_live_sets(model, j, entries)
                    .map_err(|e| e.context(context.clone()))?;
                for &s in &model.nodes[j].sets.clone() {
                    if model.sets[s].types.is_empty() {
                        continue;
                    }
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

/// Refuses a `[parameters]` key such as `"01_X.1"` whose given selects
/// only sets that no causal type uses (CausalQueries: "not in model
/// parameters"), saying why, rather than setting nothing silently.
fn check_keys_reach_live_sets(model: &CausalModel, j: usize, entries: &toml::Table) -> Result<()> {
    for label in entries.keys() {
        let Some((_, given)) = label.split_once('_') else {
            continue;
        };
        let given = parse_given(given, &model.nodes)?;
        let matching: Vec<usize> = model.nodes[j]
            .sets
            .iter()
            .copied()
            .filter(|&s| given.iter().all(|g| model.sets[s].given.contains(g)))
            .collect();
        if !matching.is_empty() && matching.iter().all(|&s| model.sets[s].types.is_empty()) {
            let names: Vec<String> = matching.iter().map(|&s| model.set_name(s)).collect();
            return Err(CausalError::model(format!(
                "{}.{label} is in {}, which no causal type uses, so it has no parameter",
                model.nodes[j].name,
                names.join(", ")
            ))
            .help(
                "a restriction removed the nodal type this set is conditioned on; drop the key",
            ));
        }
    }
    Ok(())
}

/// The model's node names, in causal order.
fn node_names(model: &CausalModel) -> Vec<String> {
    model.nodes.iter().map(|n| n.name.clone()).collect()
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

impl Study {
    /// Places an error about a `[[query]]` (as `estimate::check_queries`
    /// reports them) in the model file `text` this study was read from: at
    /// the query or given string it points into, within that entry.
    #[must_use]
    pub fn place(&self, error: CausalError, text: &str) -> CausalError {
        let context = error.context.clone().unwrap_or_default();
        let found = self
            .queries
            .iter()
            .position(|q| context.starts_with(&format!("[[query]] {:?}", q.name)));
        let Some(i) = found.filter(|&i| i < self.spans.queries.len()) else {
            return error;
        };
        // An entry's span may cover only its header: search up to the next.
        let start = self.spans.queries[i].table.start;
        let end = self
            .spans
            .queries
            .get(i + 1)
            .map_or(text.len(), |next| next.table.start);
        error.in_file(text, start..end)
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
            stride *= usize::try_from(self.nodes[c].n_types).unwrap_or(usize::MAX);
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
