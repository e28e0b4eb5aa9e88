//! Nodal types: their enumeration, labels, and restriction statements.
//!
//! This module owns how a node's response to its parents is encoded (a type
//! index whose bit i is the node's value when the parents, first parent
//! fastest, spell i in binary) and which types a restriction removes. It works
//! on one node at a time and never on causal types.

use crate::error::{CausalError, Result};
use crate::syntax::{self, BinOp, Expr, Join, SetTo};

/// The value of nodal type `t` when its parents spell `index` in binary.
#[inline]
pub fn digit(t: u32, index: u32) -> bool {
    t >> index & 1 == 1
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
    if text.len() != digits as usize {
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
    /// Per nodal type, whether the statement or label matches it.
    pub matches: Vec<bool>,
}

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
        let n_types = 1u32 << digits;
        let matches = (0..n_types)
            .map(|t| label_matches(pattern, t, digits))
            .collect();
        return Ok(Matching {
            node: index,
            matches,
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
    let digits = 1u32 << parent_names.len();
    let n_types = 1u32 << digits;
    let mut matches = Vec::with_capacity(n_types as usize);
    for t in 0..n_types {
        let value = evaluate(&expanded, t, &parent_names, &statement)?;
        matches.push(value != 0.0);
    }
    Ok(Matching {
        node: index,
        matches,
    })
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
        assert_eq!(m.matches, [false, true, false, false]);
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
        let t = parse_label("1000", 4).expect("label") as usize;
        assert!(any.matches[t]);
        assert!(!all.matches[t]);
        let t = parse_label("1010", 4).expect("label") as usize;
        assert!(all.matches[t]);
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
        assert_eq!(m.matches, [false, true, false, true]);
    }
}
