//! The DAG string: parsing `X -> M -> Y; X <-> Y` and ordering nodes.
//!
//! This module owns CausalQueries' DAG syntax and its node and parent order,
//! which fix the order of everything downstream (parameters, causal types,
//! confounded sets). It knows nothing of nodal types or parameters.

use crate::error::{CausalError, Result};
use std::collections::BTreeMap;

/// A parsed, validated DAG with nodes in causal order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dag {
    /// Node names in causal order.
    pub nodes: Vec<String>,
    /// Each node's parents (indices into `nodes`), in CausalQueries' parent order.
    pub parents: Vec<Vec<usize>>,
    /// Unobserved confounding as (earlier, later) pairs of node indices, sorted.
    pub confounds: Vec<(usize, usize)>,
    /// Where each node is first written in the DAG string (byte offset).
    pub first_mention: Vec<usize>,
    /// Whether the other [`NameOrder`] orders the nodes or some node's
    /// parents differently, which changes what labels and answers mean.
    pub order_differs: bool,
}

/// How names are compared when CausalQueries' `make_model` sorts them with
/// R's `order()`, which follows the collation of the R session's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NameOrder {
    /// `en_US.UTF-8`, R's usual locale: letters compared without case first
    /// (digits before letters), then lower case before upper case.
    #[default]
    Locale,
    /// The C locale (`LC_COLLATE=C`): byte by byte, so every upper-case
    /// letter comes before every lower-case one.
    Bytewise,
}

impl NameOrder {
    /// Compares two node names (ASCII letters and digits).
    pub fn compare(self, a: &str, b: &str) -> std::cmp::Ordering {
        match self {
            NameOrder::Bytewise => a.cmp(b),
            NameOrder::Locale => a
                .to_ascii_lowercase()
                .cmp(&b.to_ascii_lowercase())
                .then_with(|| {
                    let upper = |s: &str| {
                        s.bytes()
                            .map(|c| c.is_ascii_uppercase())
                            .collect::<Vec<_>>()
                    };
                    upper(a).cmp(&upper(b))
                }),
        }
    }

    /// The other order.
    fn other(self) -> Self {
        match self {
            NameOrder::Locale => NameOrder::Bytewise,
            NameOrder::Bytewise => NameOrder::Locale,
        }
    }
}

/// The most parents a node may have without restrictions: 4 parents already
/// give 65,536 nodal types. Nodes with up to [`MAX_WIDE_PARENTS`] parents
/// are built when restrictions leave few enough types (`model.rs`).
pub const MAX_PARENTS: usize = 4;

/// The most parents a restricted node may have: with 6, a nodal type has 64 digits.
pub const MAX_WIDE_PARENTS: usize = 6;

/// The most nodes a model may have (node values are kept in a 64-bit mask).
pub const MAX_NODES: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrow {
    Forward,
    Backward,
    Both,
}

struct Mention {
    name: String,
    position: usize,
}

/// Parses a DAG statement such as `"X -> M -> Y <- X; X <-> Y"`, ordering
/// names as CausalQueries does under `en_US.UTF-8`.
pub fn parse_dag(text: &str) -> Result<Dag> {
    parse_dag_ordered(text, NameOrder::default())
}

/// Parses a DAG statement, ordering names by `order`.
pub fn parse_dag_ordered(text: &str, order: NameOrder) -> Result<Dag> {
    let mut dag = parse_dag_once(text, order)?;
    let other = parse_dag_once(text, order.other())?;
    dag.order_differs = other.nodes != dag.nodes
        || dag.nodes.iter().zip(&dag.parents).any(|(name, ps)| {
            let j = other.nodes.iter().position(|n| n == name).unwrap_or(0);
            let theirs: Vec<&str> = other.parents[j]
                .iter()
                .map(|&p| other.nodes[p].as_str())
                .collect();
            let ours: Vec<&str> = ps.iter().map(|&p| dag.nodes[p].as_str()).collect();
            theirs != ours
        });
    Ok(dag)
}

fn parse_dag_once(text: &str, name_order: NameOrder) -> Result<Dag> {
    let mut mentions: Vec<Mention> = Vec::new();
    // Directed edges as (parent, child, position of the arrow).
    let mut edges: Vec<(String, String, usize)> = Vec::new();
    let mut confounds: Vec<(String, String, usize)> = Vec::new();
    let mut clause_start = 0;
    for clause in text.split(';') {
        parse_clause(
            text,
            clause,
            clause_start,
            &mut mentions,
            &mut edges,
            &mut confounds,
        )?;
        clause_start += clause.len() + 1;
    }
    if mentions.is_empty() {
        return Err(CausalError::model("the DAG has no nodes")
            .at(text, 0)
            .help("write edges such as \"X -> M -> Y\""));
    }

    // Names in order of first mention, for positions in messages.
    let mut first_mention: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &mentions {
        first_mention.entry(m.name.as_str()).or_insert(m.position);
    }
    let mut in_directed: BTreeMap<&str, bool> = BTreeMap::new();
    for (p, c, _) in &edges {
        in_directed.insert(p, true);
        in_directed.insert(c, true);
    }
    let single_node = first_mention.len() == 1 && confounds.is_empty();
    if !single_node {
        for (name, position) in &first_mention {
            if !in_directed.contains_key(name) {
                return Err(CausalError::model(format!(
                    "node {name} is isolated: it has no parent and no child"
                ))
                .at(text, *position)
                .help(
                    "connect it with -> or <-, or remove it; <-> alone does not connect a node",
                ));
            }
        }
    }

    // Deduplicate edges, keeping the first position.
    let mut seen = std::collections::BTreeSet::new();
    edges.retain(|(p, c, _)| seen.insert((p.clone(), c.clone())));

    let names: Vec<String> = first_mention.keys().map(|s| (*s).to_string()).collect();
    let index = |name: &str| names.iter().position(|n| n == name).unwrap_or(0);
    let n = names.len();
    let mut parents_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (p, c, position) in &edges {
        if p == c {
            return Err(
                CausalError::model(format!("the edge {p} -> {p} makes a cycle"))
                    .at(text, *position),
            );
        }
        parents_of[index(c)].push(index(p));
    }
    // Cycles: repeatedly remove nodes without remaining parents.
    let mut remaining: Vec<bool> = vec![true; n];
    loop {
        let removable: Vec<usize> = (0..n)
            .filter(|&i| remaining[i] && parents_of[i].iter().all(|&p| !remaining[p]))
            .collect();
        if removable.is_empty() {
            break;
        }
        for i in removable {
            remaining[i] = false;
        }
    }
    if let Some(i) = (0..n).find(|&i| remaining[i]) {
        let on_cycle: Vec<&str> = (0..n)
            .filter(|&j| remaining[j])
            .map(|j| names[j].as_str())
            .collect();
        let position = edges
            .iter()
            .find(|(p, c, _)| remaining[index(p)] && remaining[index(c)])
            .map_or(first_mention[names[i].as_str()], |e| e.2);
        return Err(CausalError::model(format!(
            "the DAG has a cycle through {}",
            on_cycle.join(", ")
        ))
        .at(text, position)
        .help("a causal model must be acyclic; remove or reverse one edge of the cycle"));
    }

    // Generations: 1 for edges out of roots, else one more than the edges into the parent.
    let mut node_gen: Vec<Option<usize>> = vec![None; n];
    let mut sorted: Vec<(usize, &str, &str, usize, usize)> = edges
        .iter()
        .map(|(p, c, _)| {
            let (pi, ci) = (index(p), index(c));
            let generation = generation_into(pi, &parents_of, &mut node_gen) + 1;
            (generation, p.as_str(), c.as_str(), pi, ci)
        })
        .collect();
    sorted.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| name_order.compare(a.1, b.1))
            .then_with(|| name_order.compare(a.2, b.2))
    });

    let mut order: Vec<usize> = (0..n).filter(|&i| parents_of[i].is_empty()).collect();
    order.sort_by(|&a, &b| name_order.compare(&names[a], &names[b]));
    let mut last_as_child: Vec<(usize, usize)> = Vec::new();
    for (k, e) in sorted.iter().enumerate() {
        last_as_child.retain(|&(c, _)| c != e.4);
        last_as_child.push((e.4, k));
    }
    order.extend(last_as_child.iter().map(|&(c, _)| c));

    let rank: Vec<usize> = {
        let mut rank = vec![0; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        rank
    };
    let nodes: Vec<String> = order.iter().map(|&i| names[i].clone()).collect();
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &sorted {
        parents[rank[e.4]].push(rank[e.3]);
    }
    for (i, ps) in parents.iter().enumerate() {
        if ps.len() > MAX_WIDE_PARENTS {
            return Err(CausalError::model(format!(
                "node {} has {} parents; at most {MAX_WIDE_PARENTS} are supported",
                nodes[i],
                ps.len()
            ))
            .at(text, first_mention[nodes[i].as_str()])
            .help(
                "a node with k parents has 2^(2^k) nodal types; split the model or add mediators",
            ));
        }
    }
    if n > MAX_NODES {
        return Err(CausalError::model(format!(
            "the DAG has {n} nodes; at most {MAX_NODES} are supported"
        )));
    }

    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (a, b, position) in &confounds {
        if a == b {
            return Err(
                CausalError::model(format!("{a} <-> {a} confounds a node with itself"))
                    .at(text, *position),
            );
        }
        let (ra, rb) = (rank[index(a)], rank[index(b)]);
        let pair = (ra.min(rb), ra.max(rb));
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    pairs.sort_unstable();
    let first_mention = nodes.iter().map(|n| first_mention[n.as_str()]).collect();
    Ok(Dag {
        nodes,
        parents,
        confounds: pairs,
        first_mention,
        order_differs: false,
    })
}

/// The generation of the edges out of node `i`, less one: 0 for a root,
/// else one more than the largest such value among its parents.
fn generation_into(i: usize, parents_of: &[Vec<usize>], memo: &mut [Option<usize>]) -> usize {
    if let Some(g) = memo[i] {
        return g;
    }
    let g = parents_of[i]
        .iter()
        .map(|&p| generation_into(p, parents_of, memo) + 1)
        .max()
        .unwrap_or(0);
    memo[i] = Some(g);
    g
}

fn parse_clause(
    text: &str,
    clause: &str,
    offset: usize,
    mentions: &mut Vec<Mention>,
    edges: &mut Vec<(String, String, usize)>,
    confounds: &mut Vec<(String, String, usize)>,
) -> Result<()> {
    let bytes = clause.as_bytes();
    let mut i = 0;
    let mut previous: Option<String> = None;
    let mut pending: Option<(Arrow, usize)> = None;
    let skip_space = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_space(&mut i);
    if i == bytes.len() {
        // An empty clause, as in "X -> Y;" or "X -> Y;; Z", is harmless.
        return Ok(());
    }
    loop {
        skip_space(&mut i);
        let start = i;
        if i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'-' | b'<')
            {
                return Err(bad_name(text, clause, offset, start, i));
            }
            let name = clause[start..i].to_string();
            mentions.push(Mention {
                name: name.clone(),
                position: offset + start,
            });
            if let (Some(prev), Some((arrow, position))) = (previous.take(), pending.take()) {
                match arrow {
                    Arrow::Forward => edges.push((prev, name.clone(), position)),
                    Arrow::Backward => edges.push((name.clone(), prev, position)),
                    Arrow::Both => confounds.push((prev, name.clone(), position)),
                }
            }
            previous = Some(name);
        } else if i < bytes.len() {
            return Err(
                if clause[i..].starts_with("->") || clause[i..].starts_with("<-") {
                    CausalError::model("an arrow needs a node on each side").at(text, offset + i)
                } else {
                    bad_name(text, clause, offset, start, start + 1)
                },
            );
        } else {
            return Err(
                CausalError::model("the DAG ends with an arrow; a node is missing")
                    .at(text, offset + i),
            );
        }
        skip_space(&mut i);
        if i == bytes.len() {
            return Ok(());
        }
        let rest = &clause[i..];
        let (arrow, len) = if rest.starts_with("<->") {
            (Arrow::Both, 3)
        } else if rest.starts_with("->") {
            (Arrow::Forward, 2)
        } else if rest.starts_with("<-") {
            (Arrow::Backward, 2)
        } else {
            return Err(CausalError::model(format!(
                "expected ->, <- or <-> here, found {:?}",
                rest.chars().next().unwrap_or(' ')
            ))
            .at(text, offset + i)
            .help("separate clauses with ;"));
        };
        pending = Some((arrow, offset + i));
        i += len;
    }
}

fn bad_name(text: &str, clause: &str, offset: usize, start: usize, end: usize) -> CausalError {
    let mut end = end;
    let bytes = clause.as_bytes();
    while end < bytes.len()
        && !bytes[end].is_ascii_whitespace()
        && !matches!(bytes[end], b'-' | b'<')
    {
        end += 1;
    }
    let word = &clause[start..end.min(clause.len())];
    let bad = word
        .char_indices()
        .find(|&(k, c)| !(c.is_ascii_alphanumeric() && (k > 0 || c.is_ascii_alphabetic())))
        .map_or(0, |(k, _)| k);
    CausalError::model(format!("bad node name {word:?}"))
        .at(text, offset + start + bad)
        .help("node names start with a letter and contain only letters and digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(dag: &str) -> Vec<String> {
        parse_dag(dag).map(|d| d.nodes).unwrap_or_default()
    }

    #[test]
    fn chain_and_parent_order() {
        let d = parse_dag("X -> M -> Y <- X").expect("valid");
        assert_eq!(d.nodes, ["X", "M", "Y"]);
        assert_eq!(d.parents[2], [0, 1]);
    }

    #[test]
    fn roots_first_by_name() {
        assert_eq!(order("Z -> X -> Y <- Z; X <-> Y"), ["Z", "X", "Y"]);
        assert_eq!(
            order("A -> Y <- B; C -> Y; D -> Y"),
            ["A", "B", "C", "D", "Y"]
        );
        assert_eq!(order("Y <- X"), ["X", "Y"]);
        assert_eq!(order("X"), ["X"]);
    }

    /// The review's reproducers of R's collation: `make_model` under
    /// `en_US.UTF-8` and under `LC_COLLATE=C`.
    #[test]
    fn names_sort_as_r_does_in_each_locale() {
        for (dag, locale, bytewise) in [
            ("a -> Y <- B", ["a", "B", "Y"], ["B", "a", "Y"]),
            ("x -> Y; Z -> Y", ["x", "Z", "Y"], ["Z", "x", "Y"]),
            ("Ab -> C; aa -> C", ["aa", "Ab", "C"], ["Ab", "aa", "C"]),
        ] {
            let d = parse_dag(dag).expect("valid");
            assert_eq!(d.nodes, locale, "{dag}");
            assert!(d.order_differs, "{dag}");
            let c = parse_dag_ordered(dag, NameOrder::Bytewise).expect("valid");
            assert_eq!(c.nodes, bytewise, "{dag}");
            assert!(c.order_differs, "{dag}");
        }
        // Ties without case go lower case first; digits come before letters.
        assert!(NameOrder::Locale.compare("ab", "Ab").is_lt());
        assert!(NameOrder::Locale.compare("X1", "Xa").is_lt());
        assert!(NameOrder::Locale.compare("x", "X1").is_lt());
        let same = parse_dag("X -> M -> Y <- X").expect("valid");
        assert!(!same.order_differs);
    }

    #[test]
    fn confounds_are_ordered_pairs() {
        let d = parse_dag("X -> Y; Y <-> X").expect("valid");
        assert_eq!(d.confounds, [(0, 1)]);
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_dag("X -> Y -> X").expect_err("cycle");
        assert!(e.message.contains("cycle"));
        assert!(e.position.is_some());
        let e = parse_dag("X -> Y_1").expect_err("bad name");
        assert_eq!(e.position, Some(6));
        let e = parse_dag("X -> Y; Z <-> Y").expect_err("isolated");
        assert_eq!(e.position, Some(8));
        let e = parse_dag("X -> ").expect_err("dangling arrow");
        assert!(e.position.is_some());
        let e = parse_dag("X Y").expect_err("missing arrow");
        assert_eq!(e.position, Some(2));
    }
}
