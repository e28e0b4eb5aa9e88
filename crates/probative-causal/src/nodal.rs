//! Nodal types: their enumeration, labels, and restriction statements.
//!
//! This module owns how a node's response to its parents is encoded (a type
//! index whose bit i is the node's value when the parents, first parent
//! fastest, spell i in binary) and which types a restriction removes. It works
//! on one node at a time and never on causal types.

use crate::error::{CausalError, Result};
use crate::syntax::{self, BinOp, Expr, Join, SetTo};

/// The value of nodal type `t` when its parents spell `index` in binary
/// (false past the 32 digits a type holds).
#[inline]
pub fn digit(t: u32, index: u32) -> bool {
    t.checked_shr(index).is_some_and(|v| v & 1 == 1)
}

/// The label of nodal type `t` with `digits` digits, first digit first: `"01"`.
pub fn label(t: u32, digits: u32) -> String {
    (0..digits)
        .map(|i| if digit(t, i) { '1' } else { '0' })
        .collect()
}

/// Whether a label pattern such as `"01"` or `"?1"` (with `?` any digit) matches type `t`.
pub fn label_matches(pattern: &str, t: u32, digits: u32) -> bool {
    pattern.len() == digits as usize
        && pattern.chars().enumerate().all(|(i, c)| match c {
            '?' => true,
            '0' => !digit(t, i as u32),
            '1' => digit(t, i as u32),
            _ => false,
        })
}

/// The nodal type with the given label, if the label is well formed.
pub fn parse_label(text: &str, digits: u32) -> Option<u32> {
    if text.len() != digits as usize || digits > 32 {
        return None;
    }
    let mut t = 0;
    for (i, c) in text.chars().enumerate() {
        match c {
            '0' => {}
            '1' => t |= 1 << i,
            _ => return None,
        }
    }
    Some(t)
}

/// What a restriction says, before it is applied to a model.
#[derive(Debug, Clone, PartialEq)]
pub struct Restriction {
    /// The text as written (helper, statement or label).
    pub text: String,
    /// How expanded parents are joined.
    pub join: Join,
    /// Keep only matching types instead of removing them.
    pub keep: bool,
    /// A confounded set to act in, e.g. `"X.1"`.
    pub given: Option<String>,
}

/// A restriction resolved against a node: which of its types match.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// The node restricted.
    pub node: usize,
    /// How a type is tested.
    test: Test,
    /// When the restriction constrains the node's value at each pair of
    /// parent combinations that differ only in one parent, and nothing else:
    /// that parent's position and the [`PairMask`] it allows. Such
    /// restrictions are applied while types are generated (see [`generate`]).
    pub pointwise: Option<(usize, PairMask)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Label { pattern: String, digits: u32 },
    Statement { expr: Expr, parents: Vec<String> },
}

impl Matching {
    /// Whether the statement or label matches nodal type `t`.
    pub fn matches(&self, t: u32) -> bool {
        match &self.test {
            Test::Label { pattern, digits } => label_matches(pattern, t, *digits),
            // `resolve` evaluated the statement once, so every term is known
            // to be valid and evaluation cannot fail here.
            Test::Statement { expr, parents } => {
                evaluate(expr, t, parents, "").is_ok_and(|v| v != 0.0)
            }
        }
    }
}

/// Which pairs (value with the parent at 0, value with it at 1) a pointwise
/// restriction allows: bit `a + 2 b` is set when the pair (a, b) may occur.
pub type PairMask = u8;

/// Every pair allowed: a parent no restriction constrains pointwise.
pub const ANY_PAIR: PairMask = 0b1111;

/// Rewrites the helpers `decreasing(A, B)` and friends into their statements.
pub fn helper_statement(text: &str) -> Option<String> {
    let t = text.trim();
    let open = t.find('(')?;
    let name = t[..open].trim();
    let op = match name {
        "increasing" => ">",
        "decreasing" => "<",
        "non_increasing" => "<=",
        "non_decreasing" => ">=",
        _ => return None,
    };
    let args = t[open + 1..].strip_suffix(')')?;
    let mut parts = args.split(',').map(str::trim);
    let (a, b) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let a = a.trim_matches(|c| c == '"' || c == '\'');
    let b = b.trim_matches(|c| c == '"' || c == '\'');
    Some(format!("({b}[{a}=1] {op} {b}[{a}=0])"))
}

/// Resolves a restriction against the nodes: either a label `"Y.10"` or a statement.
pub fn resolve(
    restriction: &Restriction,
    names: &[String],
    parents: &[Vec<usize>],
) -> Result<Matching> {
    let text = restriction.text.trim();
    if let Some((node, pattern)) = text.split_once('.')
        && let Some(index) = names.iter().position(|n| n == node)
        && pattern.chars().all(|c| matches!(c, '0' | '1' | '?'))
    {
        let digits = 1u32 << parents[index].len();
        if pattern.len() != digits as usize {
            return Err(CausalError::model(format!(
                "{node} has nodal types of {digits} digits; {pattern:?} has {}",
                pattern.len()
            ))
            .at(text, node.len() + 1));
        }
        return Ok(Matching {
            node: index,
            test: Test::Label {
                pattern: pattern.to_string(),
                digits,
            },
            pointwise: None,
        });
    }
    let helper = [
        "increasing",
        "decreasing",
        "non_increasing",
        "non_decreasing",
    ]
    .into_iter()
    .find(|h| {
        text.strip_prefix(h)
            .is_some_and(|rest| rest.trim_start().starts_with('('))
    });
    let statement = match (helper_statement(text), helper) {
        (Some(statement), _) => statement,
        (None, Some(helper)) => {
            return Err(CausalError::model(format!(
                "{helper} takes two nodes, a parent and its child"
            ))
            .at(text, 0)
            .help(format!("write {helper}(X, Y) for the effect of X on Y")));
        }
        (None, None) => text.to_string(),
    };
    let expr =
        syntax::parse_expr(&statement).map_err(|e| e.kind(crate::error::ErrorKind::Model))?;
    let mut nodes: Vec<&syntax::Term> = Vec::new();
    collect_outcomes(&expr, &mut nodes);
    let Some(first) = nodes.first() else {
        return Err(CausalError::model("the restriction names no node").at(&statement, 0));
    };
    if let Some(other) = nodes.iter().find(|t| t.node != first.node) {
        return Err(CausalError::model(format!(
            "a restriction acts on one node, but this one names {} and {}",
            first.node, other.node
        ))
        .at(&statement, other.position)
        .help("restrictions remove nodal types of a single node; write one per node"));
    }
    let Some(index) = names.iter().position(|n| *n == first.node) else {
        return Err(
            CausalError::model(format!("{} is not a node of the model", first.node))
                .at(&statement, first.position),
        );
    };
    let parent_names: Vec<String> = parents[index].iter().map(|&p| names[p].clone()).collect();
    let expanded = syntax::expand(
        &expr,
        restriction.join,
        Some((first.node.as_str(), &parent_names)),
    );
    // One evaluation finds every invalid term, since evaluation visits the
    // whole tree; after it, testing a type cannot fail.
    evaluate(&expanded, 0, &parent_names, &statement)?;
    let pointwise = pointwise_mask(&expr, restriction, &parent_names);
    Ok(Matching {
        node: index,
        test: Test::Statement {
            expr: expanded,
            parents: parent_names,
        },
        pointwise,
    })
}

/// Recognises `(Y[P=v] op Y[P=w])` with v ≠ w, removed when it holds for
/// some value of the other parents (the default) or kept when it holds for
/// all of them (`keep = true, join_by = "&"`): both say that at every
/// combination of the other parents, the pair (Y at P=0, Y at P=1) lies in
/// a fixed set, which [`generate`] can impose digit pair by digit pair.
fn pointwise_mask(
    expr: &Expr,
    restriction: &Restriction,
    parents: &[String],
) -> Option<(usize, PairMask)> {
    let mut e = expr;
    while let Expr::Paren(inner) = e {
        e = inner;
    }
    let Expr::Binary(op, a, b) = e else {
        return None;
    };
    if !matches!(
        op,
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge | BinOp::Eq | BinOp::Ne
    ) {
        return None;
    }
    let single = |x: &Expr| -> Option<(String, bool)> {
        match x {
            Expr::Term(t) => match t.interventions.as_slice() {
                [i] => match i.value {
                    SetTo::Value(v) => Some((i.node.clone(), v)),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    };
    let ((pa, va), (pb, vb)) = (single(a)?, single(b)?);
    if pa != pb || va == vb || restriction.given.is_some() {
        return None;
    }
    let position = parents.iter().position(|p| *p == pa)?;
    let remove_if_any = restriction.join == Join::Any && !restriction.keep;
    let keep_if_all = restriction.join == Join::All && restriction.keep;
    if !(remove_if_any || keep_if_all) {
        return None;
    }
    let mut mask = 0;
    for pair in 0..4u8 {
        let (at0, at1) = (f64::from(pair & 1), f64::from(pair >> 1));
        let value = |v: bool| if v { at1 } else { at0 };
        let holds = apply(*op, value(va), value(vb)) != 0.0;
        if holds == keep_if_all {
            mask |= 1 << pair;
        }
    }
    Some((position, mask))
}

/// Why [`generate`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooMany {
    /// More than this many types would remain.
    AtLeast(u64),
}

/// The nodal types of a node with `masks.len()` parents whose value, at
/// every pair of parent combinations differing only in parent p, takes a
/// pair allowed by `masks[p]`, in type order, without enumerating the
/// 2^(2^k) functions: a type is its value with the last parent at 0 (low
/// half of the digits) followed by its value with the last parent at 1
/// (high half), both types of the first k − 1 parents that satisfy their
/// own masks, so the recursion only pairs up survivors. Monotone functions
/// of 5 parents (7,581, a Dedekind number) take a few milliseconds.
///
/// Stops with [`TooMany`] once more than `limit` types would remain, or
/// once the pairs tried pass `limit` squared capped at 2^32.
pub fn generate(masks: &[PairMask], limit: u64) -> Result<Vec<u64>, TooMany> {
    let mut types: Vec<u64> = vec![0, 1];
    let budget = limit.saturating_mul(limit).min(1 << 32);
    let mut tried = 0u64;
    for (p, &mask) in masks.iter().enumerate() {
        let half = 1u32 << p;
        let full = if half == 32 {
            u64::from(u32::MAX)
        } else {
            (1u64 << half) - 1
        };
        // A parent no restriction constrains pairs every two survivors:
        // the count is known before any pair is tried.
        let pairs = (types.len() as u64).saturating_mul(types.len() as u64);
        if mask == ANY_PAIR && pairs > limit {
            return Err(TooMany::AtLeast(limit));
        }
        let mut next = Vec::new();
        for &high in &types {
            for &low in &types {
                tried += 1;
                if tried > budget {
                    return Err(TooMany::AtLeast(next.len() as u64));
                }
                if pair_allowed(mask, low, high, full) {
                    if next.len() as u64 >= limit {
                        return Err(TooMany::AtLeast(next.len() as u64));
                    }
                    next.push(low | high << half);
                }
            }
        }
        types = next;
    }
    Ok(types)
}

/// The number of types [`generate`] would give for `masks`, counting the
/// last parent's pairs without storing them (so six parents can be counted
/// in the memory of five).
pub fn count_generated(masks: &[PairMask], limit: u64) -> Result<u64, TooMany> {
    let Some((&last, first)) = masks.split_last() else {
        return Ok(2);
    };
    let types = generate(first, limit)?;
    let half = 1u32 << first.len();
    let full = if half >= 64 {
        u64::MAX
    } else {
        (1u64 << half) - 1
    };
    let budget = limit.saturating_mul(limit).min(1 << 34);
    if (types.len() as u64).saturating_mul(types.len() as u64) > budget {
        return Err(TooMany::AtLeast(types.len() as u64));
    }
    let mut count = 0u64;
    for &high in &types {
        for &low in &types {
            count += u64::from(pair_allowed(last, low, high, full));
        }
    }
    Ok(count)
}

/// Whether every digit pair (low, high) is allowed by `mask`.
#[inline]
fn pair_allowed(mask: PairMask, low: u64, high: u64, full: u64) -> bool {
    let forbidden = |pair: u8| mask >> pair & 1 == 0;
    (!forbidden(0) || (!low & !high & full) == 0)
        && (!forbidden(1) || (low & !high) == 0)
        && (!forbidden(2) || (!low & high & full) == 0)
        && (!forbidden(3) || (low & high) == 0)
}

fn collect_outcomes<'a>(expr: &'a Expr, out: &mut Vec<&'a syntax::Term>) {
    match expr {
        Expr::Term(t) => out.push(t),
        Expr::Not(e) | Expr::Neg(e) | Expr::Paren(e) => collect_outcomes(e, out),
        Expr::Binary(_, a, b) => {
            collect_outcomes(a, out);
            collect_outcomes(b, out);
        }
        Expr::Number(_) | Expr::Bool(_) => {}
    }
}

/// Evaluates an expanded statement on one nodal type.
fn evaluate(expr: &Expr, t: u32, parents: &[String], statement: &str) -> Result<f64> {
    Ok(match expr {
        Expr::Number(x) => *x,
        Expr::Bool(b) => f64::from(u8::from(*b)),
        Expr::Term(term) => {
            let mut index = 0;
            for i in &term.interventions {
                let Some(p) = parents.iter().position(|p| *p == i.node) else {
                    return Err(CausalError::model(format!(
                        "{} is not a parent of {}; a restriction can only set a node's parents",
                        i.node, term.node
                    ))
                    .at(statement, i.position));
                };
                match i.value {
                    SetTo::Value(true) => index |= 1 << p,
                    SetTo::Value(false) => {}
                    SetTo::Wildcard | SetTo::Term(_) => {
                        return Err(CausalError::model(
                            "a restriction sets parents to 0 or 1 (or leaves them out)",
                        )
                        .at(statement, i.position));
                    }
                }
            }
            f64::from(u8::from(digit(t, index)))
        }
        Expr::Not(e) => f64::from(u8::from(evaluate(e, t, parents, statement)? == 0.0)),
        Expr::Neg(e) => -evaluate(e, t, parents, statement)?,
        Expr::Paren(e) => evaluate(e, t, parents, statement)?,
        Expr::Binary(op, a, b) => {
            let (a, b) = (
                evaluate(a, t, parents, statement)?,
                evaluate(b, t, parents, statement)?,
            );
            apply(*op, a, b)
        }
    })
}

/// Applies a binary operator to two values, with R's truth rules.
#[inline]
pub fn apply(op: BinOp, a: f64, b: f64) -> f64 {
    let truth = |x: bool| f64::from(u8::from(x));
    match op {
        BinOp::Or => truth(a != 0.0 || b != 0.0),
        BinOp::And => truth(a != 0.0 && b != 0.0),
        BinOp::Eq => truth(a == b),
        BinOp::Ne => truth(a != b),
        BinOp::Lt => truth(a < b),
        BinOp::Gt => truth(a > b),
        BinOp::Le => truth(a <= b),
        BinOp::Ge => truth(a >= b),
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every(m: &Matching, n: u32) -> Vec<bool> {
        (0..n).map(|t| m.matches(t)).collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn labels_first_digit_fastest() {
        let labels: Vec<String> = (0..4).map(|t| label(t, 2)).collect();
        assert_eq!(labels, ["00", "10", "01", "11"]);
        assert_eq!(parse_label("01", 2), Some(2));
    }

    #[test]
    fn decreasing_matches_one_type_for_one_parent() {
        let r = Restriction {
            text: "decreasing(X, Y)".into(),
            join: Join::Any,
            keep: false,
            given: None,
        };
        let m = resolve(&r, &names(&["X", "Y"]), &[vec![], vec![0]]).expect("valid");
        assert_eq!(m.node, 1);
        assert_eq!(every(&m, 4), [false, true, false, false]);
    }

    #[test]
    fn unnamed_parents_expand_with_or_and_with_and() {
        let mut r = Restriction {
            text: "(Y[X=1] < Y[X=0])".into(),
            join: Join::Any,
            keep: false,
            given: None,
        };
        let n = names(&["X", "M", "Y"]);
        let p = [vec![], vec![], vec![0, 1]];
        let any = resolve(&r, &n, &p).expect("valid");
        r.join = Join::All;
        let all = resolve(&r, &n, &p).expect("valid");
        // Digits: X0M0, X1M0, X0M1, X1M1. "1000" decreases at M=0 only.
        let t = parse_label("1000", 4).expect("label");
        assert!(any.matches(t));
        assert!(!all.matches(t));
        let t = parse_label("1010", 4).expect("label");
        assert!(all.matches(t));
    }

    #[test]
    fn labels_with_wildcards() {
        let r = Restriction {
            text: "Y.1?".into(),
            join: Join::Any,
            keep: false,
            given: None,
        };
        let m = resolve(&r, &names(&["X", "Y"]), &[vec![], vec![0]]).expect("valid");
        assert_eq!(every(&m, 4), [false, true, false, true]);
    }

    /// Monotone Boolean functions of k variables: the Dedekind numbers.
    #[test]
    fn monotone_generation_gives_the_dedekind_numbers() {
        let masks = |k: usize| vec![0b1011; k];
        for (k, count) in [(1, 3), (2, 6), (3, 20), (4, 168), (5, 7581)] {
            let types = generate(&masks(k), 1 << 24).expect("small");
            assert_eq!(types.len(), count, "{k} parents");
            assert!(types.windows(2).all(|w| w[0] < w[1]), "type order");
        }
        assert_eq!(count_generated(&masks(6), 1 << 24), Ok(7_828_354));
        // No restriction on one parent of five: 168 × 168 pairs of 4-parent
        // monotone halves would be kept, and the limit is reported.
        let mut loose = masks(5);
        loose[4] = ANY_PAIR;
        assert_eq!(generate(&loose, 1000), Err(TooMany::AtLeast(1000)));
    }

    /// Generation under statements of one parent at a time equals filtering
    /// every nodal type of two, three and four parents by those statements.
    #[test]
    fn generation_matches_brute_force_filtering() {
        let operators = ["<", ">", "<=", ">=", "==", "!="];
        let mut rng = crate::random::Rng::new(13, 0);
        let mut checked = 0;
        for k in 2..=4usize {
            let parent_names: Vec<String> = (0..k).map(|p| format!("P{p}")).collect();
            let mut all = parent_names.clone();
            all.push("Y".to_string());
            let parents: Vec<Vec<usize>> = (0..=k)
                .map(|j| if j == k { (0..k).collect() } else { Vec::new() })
                .collect();
            for _ in 0..[0, 0, 40, 25, 6][k] {
                let mut restrictions = Vec::new();
                for p in 0..k {
                    // Each parent gets no, one or two statements.
                    for _ in 0..rng.next_u64() % 3 {
                        let op = operators[(rng.next_u64() % 6) as usize];
                        let (keep, join) = if rng.next_u64().is_multiple_of(4) {
                            (true, Join::All)
                        } else {
                            (false, Join::Any)
                        };
                        let (a, b) = if rng.next_u64().is_multiple_of(2) {
                            (1, 0)
                        } else {
                            (0, 1)
                        };
                        restrictions.push(Restriction {
                            text: format!("(Y[P{p}={a}] {op} Y[P{p}={b}])"),
                            join,
                            keep,
                            given: None,
                        });
                    }
                }
                let matchings: Vec<Matching> = restrictions
                    .iter()
                    .map(|r| resolve(r, &all, &parents).expect("valid"))
                    .collect();
                let mut masks = vec![ANY_PAIR; k];
                for m in &matchings {
                    let (p, mask) = m.pointwise.expect("one parent at a time");
                    masks[p] &= mask;
                }
                let generated = generate(&masks, 1 << 20).expect("at most 2^16");
                let n = 1u64 << (1u32 << k);
                let brute: Vec<u64> = (0..n)
                    .filter(|&t| {
                        restrictions
                            .iter()
                            .zip(&matchings)
                            .all(|(r, m)| m.matches(t as u32) == r.keep)
                    })
                    .collect();
                assert_eq!(generated, brute, "{k} parents: {restrictions:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 71);
    }
}
