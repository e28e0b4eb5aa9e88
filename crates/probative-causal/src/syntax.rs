//! The query language: `Y[X=1] > Y[X=0] :|: X==1 & Y==1`, parsed into a tree.
//!
//! This module owns the syntax shared by queries, givens and restriction
//! statements (CausalQueries' R-expression subset), with a byte position on
//! every node so errors point at the problem. It also owns the two rewrites
//! that are pure syntax: expanding `.` wildcards within their parentheses and
//! filling in the parents a restriction statement leaves unnamed. It does not
//! know the model: unknown node names are caught when a tree is compiled.

use crate::error::{CausalError, Result};

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `|` or `||`
    Or,
    /// `&` or `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
}

impl BinOp {
    fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "|",
            BinOp::And => "&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Gt => ">",
            BinOp::Le => "<=",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
        }
    }
}

/// The value an intervention sets.
#[derive(Debug, Clone, PartialEq)]
pub enum SetTo {
    /// `X=0` or `X=1`.
    Value(bool),
    /// `X=.`: both values, joined by "or" within the enclosing parentheses.
    Wildcard,
    /// `X=X[Z=0]`: the value a node takes in another world, type by type.
    Term(Box<Term>),
}

/// One `node = value` inside brackets.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    /// The intervened node.
    pub node: String,
    /// Byte position of the node name.
    pub position: usize,
    /// What it is set to.
    pub value: SetTo,
}

/// A node's value, realised (`Y`) or under interventions (`Y[X=1]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The node whose value this is.
    pub node: String,
    /// Byte position of the node name.
    pub position: usize,
    /// The interventions in brackets; empty for a realised value.
    pub interventions: Vec<Intervention>,
}

/// An expression tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Number(f64),
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// A node's value.
    Term(Term),
    /// `!e`
    Not(Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `(e)`, kept because wildcards expand within parentheses.
    Paren(Box<Expr>),
}

impl Expr {
    /// Whether the expression gives a probability (a logical or a 0/1 value)
    /// rather than an expectation.
    pub fn is_logical(&self) -> bool {
        match self {
            Expr::Bool(_) | Expr::Term(_) | Expr::Not(_) => true,
            Expr::Number(x) => *x == 0.0 || *x == 1.0,
            Expr::Neg(_) => false,
            Expr::Paren(e) => e.is_logical(),
            Expr::Binary(op, _, _) => !matches!(op, BinOp::Add | BinOp::Sub),
        }
    }
}

impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expr::Number(x) => write!(f, "{x}"),
            Expr::Bool(b) => write!(f, "{}", if *b { "TRUE" } else { "FALSE" }),
            Expr::Term(t) => write!(f, "{t}"),
            Expr::Not(e) => write!(f, "!{e}"),
            Expr::Neg(e) => write!(f, "-{e}"),
            Expr::Binary(op, a, b) => write!(f, "{a} {} {b}", op.symbol()),
            Expr::Paren(e) => write!(f, "({e})"),
        }
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.node)?;
        if !self.interventions.is_empty() {
            write!(f, "[")?;
            for (k, i) in self.interventions.iter().enumerate() {
                if k > 0 {
                    write!(f, ", ")?;
                }
                match &i.value {
                    SetTo::Value(v) => write!(f, "{}={}", i.node, u8::from(*v))?,
                    SetTo::Wildcard => write!(f, "{}=.", i.node)?,
                    SetTo::Term(t) => write!(f, "{}={t}", i.node)?,
                }
            }
            write!(f, "]")?;
        }
        Ok(())
    }
}

/// A query with its optional `:|:` given.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuery {
    /// The part before `:|:`.
    pub query: Expr,
    /// The part after `:|:`, if any.
    pub given: Option<Expr>,
}

/// Parses a query, splitting off a `:|:` given.
pub fn parse_query(text: &str) -> Result<ParsedQuery> {
    if let Some(split) = text.find(":|:") {
        let query = parse_part(text, 0, split)?;
        let given = parse_part(text, split + 3, text.len())?;
        if text[split + 3..].contains(":|:") {
            let second = split + 3 + text[split + 3..].find(":|:").unwrap_or(0);
            return Err(CausalError::query("a query can have only one :|: given").at(text, second));
        }
        Ok(ParsedQuery {
            query,
            given: Some(given),
        })
    } else {
        Ok(ParsedQuery {
            query: parse_part(text, 0, text.len())?,
            given: None,
        })
    }
}

/// Parses one expression (no `:|:`).
pub fn parse_expr(text: &str) -> Result<Expr> {
    if let Some(split) = text.find(":|:") {
        return Err(CausalError::query(":|: is not allowed here").at(text, split));
    }
    parse_part(text, 0, text.len())
}

fn parse_part(text: &str, start: usize, end: usize) -> Result<Expr> {
    let tokens = lex(text, start, end)?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        end,
        depth: 0,
        operators: 0,
    };
    if parser.tokens.is_empty() {
        return Err(CausalError::query("the expression is empty").at(text, start));
    }
    let expr = parser.or()?;
    if let Some(tok) = parser.peek() {
        return Err(
            CausalError::query(format!("unexpected {}", tok.kind.describe()))
                .at(text, tok.position)
                .help("check for a missing operator or an extra parenthesis"),
        );
    }
    Ok(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Name(String),
    Number(f64),
    Op(&'static str),
}

impl Kind {
    fn describe(&self) -> String {
        match self {
            Kind::Name(n) => format!("name {n:?}"),
            Kind::Number(x) => format!("number {x}"),
            Kind::Op(o) => format!("{o:?}"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    position: usize,
}

const OPERATORS: [&str; 20] = [
    "==", "!=", "<=", ">=", "&&", "||", "<", ">", "&", "|", "!", "+", "-", "(", ")", "[", "]", ",",
    "=", ".",
];

fn lex(text: &str, start: usize, end: usize) -> Result<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = start;
    while i < end {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let s = i;
            while i < end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            tokens.push(Token {
                kind: Kind::Name(text[s..i].to_string()),
                position: s,
            });
        } else if c.is_ascii_digit() || (c == b'.' && i + 1 < end && bytes[i + 1].is_ascii_digit())
        {
            let s = i;
            while i < end && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let value: f64 = text[s..i].parse().map_err(|_| {
                CausalError::query(format!("bad number {:?}", &text[s..i])).at(text, s)
            })?;
            tokens.push(Token {
                kind: Kind::Number(value),
                position: s,
            });
        } else if let Some(op) = OPERATORS.iter().find(|op| text[i..end].starts_with(**op)) {
            tokens.push(Token {
                kind: Kind::Op(op),
                position: i,
            });
            i += op.len();
        } else {
            let ch = text[i..].chars().next().unwrap_or('?');
            let mut error = CausalError::query(format!("unexpected character {ch:?}")).at(text, i);
            if matches!(ch, '/' | '^' | '*') || text[i..end].starts_with("exp(") {
                error = error.help("only the operators == != < > <= >= & | ! + - are supported");
            }
            return Err(error);
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    end: usize,
    depth: usize,
    operators: usize,
}

/// Deepest nesting of parentheses and brackets accepted, so that hostile
/// input cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Most binary operators in one expression. A flat chain (`A | B | ...`)
/// builds a tree as deep as it is long, and every later pass (expansion,
/// evaluation, dropping) recurses down it; the limit keeps that well inside
/// a thread's stack, and far above any real query.
const MAX_OPERATORS: usize = 1000;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn position(&self) -> usize {
        self.peek().map_or(self.end, |t| t.position)
    }

    fn error(&self, message: impl Into<String>) -> CausalError {
        CausalError::query(message).at(self.text, self.position())
    }

    fn expect(&mut self, op: &'static str) -> Result<()> {
        if self.peek_op() == Some(op) {
            self.at += 1;
            Ok(())
        } else {
            let found = self
                .peek()
                .map_or_else(|| "the end".to_string(), |t| t.kind.describe());
            Err(self.error(format!("expected {op:?}, found {found}")))
        }
    }

    /// Counts one more binary operator, refusing a chain beyond
    /// [`MAX_OPERATORS`].
    fn operator(&mut self) -> Result<()> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(self
                .error(format!(
                    "the expression has more than {MAX_OPERATORS} operators"
                ))
                .help("split it into several queries"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("the expression is nested too deeply"));
        }
        let result = self.or_inner();
        self.depth -= 1;
        result
    }

    fn or_inner(&mut self) -> Result<Expr> {
        let mut left = self.and()?;
        while matches!(self.peek_op(), Some("|" | "||")) {
            self.operator()?;
            self.at += 1;
            let right = self.and()?;
            left = Expr::Binary(BinOp::Or, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr> {
        let mut left = self.not()?;
        while matches!(self.peek_op(), Some("&" | "&&")) {
            self.operator()?;
            self.at += 1;
            let right = self.not()?;
            left = Expr::Binary(BinOp::And, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr> {
        let mut count = 0;
        while self.peek_op() == Some("!") {
            self.at += 1;
            count += 1;
            if count > MAX_DEPTH {
                return Err(self.error("the expression is nested too deeply"));
            }
        }
        let mut expr = self.comparison()?;
        for _ in 0..count {
            expr = Expr::Not(Box::new(expr));
        }
        Ok(expr)
    }

    fn comparison(&mut self) -> Result<Expr> {
        let left = self.sum()?;
        let op = match self.peek_op() {
            Some("==") => BinOp::Eq,
            Some("!=") => BinOp::Ne,
            Some("<") => BinOp::Lt,
            Some(">") => BinOp::Gt,
            Some("<=") => BinOp::Le,
            Some(">=") => BinOp::Ge,
            Some("=") => {
                return Err(self
                    .error("= is only for interventions inside brackets")
                    .help("write == to compare values"));
            }
            _ => return Ok(left),
        };
        self.at += 1;
        let right = self.sum()?;
        if matches!(self.peek_op(), Some("==" | "!=" | "<" | ">" | "<=" | ">=")) {
            return Err(self
                .error("comparisons cannot be chained")
                .help("add parentheses, e.g. (A == B) == C"));
        }
        Ok(Expr::Binary(op, Box::new(left), Box::new(right)))
    }

    fn sum(&mut self) -> Result<Expr> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek_op() {
                Some("+") => BinOp::Add,
                Some("-") => BinOp::Sub,
                _ => return Ok(left),
            };
            self.operator()?;
            self.at += 1;
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("the expression is nested too deeply"));
        }
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Expr> {
        match self.peek_op() {
            Some("-") => {
                self.at += 1;
                Ok(Expr::Neg(Box::new(self.unary()?)))
            }
            Some("+") => {
                self.at += 1;
                self.unary()
            }
            Some("!") => {
                self.at += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error("the expression ends too early"));
        };
        match token.kind {
            Kind::Number(x) => {
                self.at += 1;
                Ok(Expr::Number(x))
            }
            Kind::Name(name) if name == "TRUE" || name == "FALSE" => {
                self.at += 1;
                Ok(Expr::Bool(name == "TRUE"))
            }
            Kind::Name(_) => Ok(Expr::Term(self.term()?)),
            Kind::Op("(") => {
                self.at += 1;
                let inner = self.or()?;
                self.expect(")")?;
                Ok(Expr::Paren(Box::new(inner)))
            }
            Kind::Op(o) => Err(self.error(format!("expected a node, a number or (, found {o:?}"))),
        }
    }

    fn term(&mut self) -> Result<Term> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("the expression is nested too deeply"));
        }
        let result = self.term_inner();
        self.depth -= 1;
        result
    }

    fn term_inner(&mut self) -> Result<Term> {
        let Some(Token {
            kind: Kind::Name(node),
            position,
        }) = self.peek().cloned()
        else {
            return Err(self.error("expected a node name"));
        };
        if node.contains('_') {
            return Err(CausalError::query(format!("bad node name {node:?}"))
                .at(self.text, position)
                .help("node names contain only letters and digits"));
        }
        self.at += 1;
        let mut interventions = Vec::new();
        if self.peek_op() == Some("[") {
            self.at += 1;
            if self.peek_op() == Some("]") {
                self.at += 1;
                return Ok(Term {
                    node,
                    position,
                    interventions,
                });
            }
            loop {
                let Some(Token {
                    kind: Kind::Name(target),
                    position: target_position,
                }) = self.peek().cloned()
                else {
                    return Err(self.error("expected a node to intervene on, as in Y[X=1]"));
                };
                self.at += 1;
                match self.peek_op() {
                    Some("=" | "==") => self.at += 1,
                    _ => return Err(self.error("expected = after the intervened node")),
                }
                let value = match self.peek().cloned().map(|t| t.kind) {
                    Some(Kind::Number(x)) if x == 0.0 || x == 1.0 => {
                        self.at += 1;
                        SetTo::Value(x == 1.0)
                    }
                    Some(Kind::Number(_)) => {
                        return Err(self.error("nodes are binary: set them to 0, 1 or ."));
                    }
                    Some(Kind::Op(".")) => {
                        self.at += 1;
                        SetTo::Wildcard
                    }
                    Some(Kind::Name(_)) => SetTo::Term(Box::new(self.term()?)),
                    _ => return Err(self.error("expected 0, 1, . or a node's value")),
                };
                if interventions
                    .iter()
                    .any(|i: &Intervention| i.node == target)
                {
                    return Err(
                        CausalError::query(format!("{target} is intervened on twice"))
                            .at(self.text, target_position),
                    );
                }
                interventions.push(Intervention {
                    node: target,
                    position: target_position,
                    value,
                });
                match self.peek_op() {
                    Some("," | "&") => self.at += 1,
                    Some("]") => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected , or ] in the interventions")),
                }
            }
        }
        Ok(Term {
            node,
            position,
            interventions,
        })
    }
}

/// How expanded alternatives are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// "for some value" (`|`, the default).
    Any,
    /// "for all values" (`&`).
    All,
}

/// Expands `.` wildcards: each parenthesised group (and the whole expression)
/// becomes the join, over 0 and 1 for each wildcard node, of copies of itself.
///
/// With `fill = Some((node, parents))`, terms of `node` first get `P=.` for
/// each parent P that no term of `node` in the same group names: this is how
/// a restriction statement such as `(Y[X=1] < Y[X=0])` covers Y's other parents.
pub fn expand(expr: &Expr, join: Join, fill: Option<(&str, &[String])>) -> Expr {
    group(&inner(expr, join, fill), join, fill)
}

fn inner(expr: &Expr, join: Join, fill: Option<(&str, &[String])>) -> Expr {
    match expr {
        Expr::Paren(e) => Expr::Paren(Box::new(group(&inner(e, join, fill), join, fill))),
        Expr::Not(e) => Expr::Not(Box::new(inner(e, join, fill))),
        Expr::Neg(e) => Expr::Neg(Box::new(inner(e, join, fill))),
        Expr::Binary(op, a, b) => Expr::Binary(
            *op,
            Box::new(inner(a, join, fill)),
            Box::new(inner(b, join, fill)),
        ),
        other => other.clone(),
    }
}

/// Applies filling and expansion to one group whose inner groups are done.
fn group(expr: &Expr, join: Join, fill: Option<(&str, &[String])>) -> Expr {
    let mut expr = expr.clone();
    if let Some((node, parents)) = fill {
        let mut named: Vec<String> = Vec::new();
        visit_terms(&expr, &mut |t| {
            if t.node == node {
                named.extend(t.interventions.iter().map(|i| i.node.clone()));
            }
        });
        let unnamed: Vec<&String> = parents.iter().filter(|p| !named.contains(p)).collect();
        if !unnamed.is_empty() {
            map_terms(&mut expr, &mut |t| {
                if t.node == node {
                    for p in &unnamed {
                        t.interventions.push(Intervention {
                            node: (*p).clone(),
                            position: t.position,
                            value: SetTo::Wildcard,
                        });
                    }
                }
            });
        }
    }
    let mut wild: Vec<String> = Vec::new();
    visit_terms(&expr, &mut |t| collect_wildcards(t, &mut wild));
    // Beyond a dozen wildcard nodes, or a copy count that would multiply a
    // large group (wildcards at every level of nested parentheses double
    // the whole group once per level), the expansion would not fit in
    // memory; leaving them unexpanded makes compilation report them.
    if wild.is_empty() || wild.len() > 12 || size(&expr) << wild.len() > MAX_EXPANDED_NODES {
        return expr;
    }
    let mut result: Option<Expr> = None;
    for assignment in 0..(1u32 << wild.len()) {
        let mut copy = expr.clone();
        map_terms(&mut copy, &mut |t| set_wildcards(t, &wild, assignment));
        let copy = Expr::Paren(Box::new(copy));
        result = Some(match result {
            None => copy,
            Some(r) => Expr::Binary(
                if join == Join::Any {
                    BinOp::Or
                } else {
                    BinOp::And
                },
                Box::new(r),
                Box::new(copy),
            ),
        });
    }
    result.unwrap_or(expr)
}

/// Most nodes one group may expand to.
const MAX_EXPANDED_NODES: usize = 100_000;

/// The number of nodes of an expression (its depth is bounded by the
/// parser's limits and by [`MAX_EXPANDED_NODES`]).
fn size(expr: &Expr) -> usize {
    match expr {
        Expr::Paren(e) | Expr::Not(e) | Expr::Neg(e) => 1 + size(e),
        Expr::Binary(_, a, b) => 1 + size(a) + size(b),
        Expr::Number(_) | Expr::Bool(_) | Expr::Term(_) => 1,
    }
}

fn collect_wildcards(t: &Term, wild: &mut Vec<String>) {
    for i in &t.interventions {
        match &i.value {
            SetTo::Wildcard => {
                if !wild.contains(&i.node) {
                    wild.push(i.node.clone());
                }
            }
            SetTo::Term(inner) => collect_wildcards(inner, wild),
            SetTo::Value(_) => {}
        }
    }
}

fn set_wildcards(t: &mut Term, wild: &[String], assignment: u32) {
    for i in &mut t.interventions {
        match &mut i.value {
            SetTo::Wildcard => {
                let k = wild.iter().position(|w| *w == i.node).unwrap_or(0);
                i.value = SetTo::Value(assignment >> k & 1 == 1);
            }
            SetTo::Term(inner) => set_wildcards(inner, wild, assignment),
            SetTo::Value(_) => {}
        }
    }
}

/// Visits the terms of one group, not entering nested parentheses.
fn visit_terms(expr: &Expr, f: &mut dyn FnMut(&Term)) {
    match expr {
        Expr::Term(t) => f(t),
        Expr::Not(e) | Expr::Neg(e) => visit_terms(e, f),
        Expr::Binary(_, a, b) => {
            visit_terms(a, f);
            visit_terms(b, f);
        }
        Expr::Number(_) | Expr::Bool(_) | Expr::Paren(_) => {}
    }
}

fn map_terms(expr: &mut Expr, f: &mut dyn FnMut(&mut Term)) {
    match expr {
        Expr::Term(t) => f(t),
        Expr::Not(e) | Expr::Neg(e) => map_terms(e, f),
        Expr::Binary(_, a, b) => {
            map_terms(a, f);
            map_terms(b, f);
        }
        Expr::Number(_) | Expr::Bool(_) | Expr::Paren(_) => {}
    }
}

/// Every term in the tree, including nested groups and intervention values.
pub fn all_terms(expr: &Expr) -> Vec<&Term> {
    fn walk<'a>(expr: &'a Expr, out: &mut Vec<&'a Term>) {
        match expr {
            Expr::Term(t) => out.push(t),
            Expr::Not(e) | Expr::Neg(e) | Expr::Paren(e) => walk(e, out),
            Expr::Binary(_, a, b) => {
                walk(a, out);
                walk(b, out);
            }
            Expr::Number(_) | Expr::Bool(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_interventions_and_givens() {
        let q = parse_query("Y[X=1] > Y[X=0] :|: X==1 & Y==1").expect("valid");
        assert_eq!(q.query.to_string(), "Y[X=1] > Y[X=0]");
        assert_eq!(q.given.expect("given").to_string(), "X == 1 & Y == 1");
        let q = parse_expr("Y[Z=1, X=X[Z=0]] - Y").expect("valid");
        assert_eq!(q.to_string(), "Y[Z=1, X=X[Z=0]] - Y");
    }

    #[test]
    fn precedence_follows_r() {
        let e = parse_expr("!X==1 | Y==1 & M==0").expect("valid");
        assert_eq!(e.to_string(), "!X == 1 | Y == 1 & M == 0");
        match e {
            Expr::Binary(BinOp::Or, a, _) => assert!(matches!(*a, Expr::Not(_))),
            other => panic!("unexpected tree {other:?}"),
        }
    }

    #[test]
    fn wildcards_expand_within_parentheses() {
        let e = expand(
            &parse_expr("(Y[X=.] == 1)").expect("valid"),
            Join::Any,
            None,
        );
        assert_eq!(e.to_string(), "((Y[X=0] == 1) | (Y[X=1] == 1))");
        let parents = ["X".to_string(), "M".to_string()];
        let e = expand(
            &parse_expr("(Y[X=1] < Y[X=0])").expect("valid"),
            Join::Any,
            Some(("Y", &parents)),
        );
        assert_eq!(
            e.to_string(),
            "((Y[X=1, M=0] < Y[X=0, M=0]) | (Y[X=1, M=1] < Y[X=0, M=1]))"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}Y{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_query(&deep).is_err());
        let nots = format!("{}Y", "!".repeat(10_000));
        assert!(parse_query(&nots).is_err());
        assert!(parse_query("!!Y").is_ok());
        let minus = format!("{}Y", "-".repeat(10_000));
        assert!(parse_query(&minus).is_err());
        let nested = format!("{}Y{}", "Y[X=".repeat(5_000), "]".repeat(5_000));
        assert!(parse_query(&nested).is_err());
    }

    /// Wildcards at every level of nested parentheses once doubled the
    /// whole group per level: 2^40 copies here.
    #[test]
    fn nested_wildcards_do_not_explode() {
        let mut q = "Y[X=.]==1".to_owned();
        for i in 0..40 {
            q = format!("(Y[X{i}=.]==1 & {q})");
        }
        let parsed = parse_query(&q).expect("parses");
        let expanded = expand(&parsed.query, Join::Any, None);
        assert!(
            size(&expanded) <= 2 * MAX_EXPANDED_NODES,
            "{}",
            size(&expanded)
        );
    }

    /// A flat chain of 30,000 terms overflowed the stack in the passes
    /// after parsing; it is now refused at the operator past the limit.
    #[test]
    fn long_flat_chains_are_an_error_not_a_crash() {
        for (term, op) in [("Y==1", " | "), ("Y==1", " & "), ("Y[X=1]", " + ")] {
            let chain = vec![term; 30_000].join(op);
            let e = parse_query(&chain).expect_err("too long");
            assert!(
                e.message.contains("more than 1000 operators"),
                "{}",
                e.message
            );
            assert!(e.position.is_some());
            let fine = vec![term; MAX_OPERATORS + 1].join(op);
            assert!(parse_query(&fine).is_ok(), "{op}");
        }
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse_query("Y[X=1] > > Y[X=0]").expect_err("bad");
        assert_eq!(e.position, Some(9));
        let e = parse_query("Y[X=2]").expect_err("bad");
        assert_eq!(e.position, Some(4));
        let e = parse_query("Y / X").expect_err("bad");
        assert_eq!(e.position, Some(2));
        let e = parse_query("(Y == 1").expect_err("bad");
        assert_eq!(e.position, Some(7));
        let e = parse_query("Y == 1 :|: ").expect_err("bad");
        assert_eq!(e.position, Some(10));
    }
}
