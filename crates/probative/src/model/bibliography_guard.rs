//! A pre-pass over a BibTeX file, before its text reaches the parser that
//! hayagriva uses (biblatex).
//!
//! That parser recurses: into nested braces, into `@string` macros that
//! name other macros, into the entries a `crossref` or `xdata` field
//! inherits from. A loop among macros or entries, or braces nested twenty
//! thousand deep, overflows its stack and aborts the process; forty
//! `@string` macros that each double the one before (1.6 KB of text) expand
//! to a terabyte. This module reads only the structure (entries, fields,
//! macro references, brace depth) in one linear pass and walks the two
//! graphs without recursion, so that such a file is an error with its
//! position before it is parsed. It never decides what a valid file
//! means; whatever it lets through, biblatex still parses and judges.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

/// Deepest brace nesting accepted in a value. Real entries nest a few
/// levels (`{\textbf{{NATO}}}`); the parser's stack holds thousands.
pub const MAX_BRACE_DEPTH: usize = 100;
/// The most bytes one `@string` macro may expand to.
pub const MAX_MACRO_BYTES: u64 = 1024 * 1024;
/// The most bytes all fields together may expand to.
pub const MAX_EXPANDED_BYTES: u64 = 64 * 1024 * 1024;
/// The longest chain of `crossref` / `xdata` inheritance accepted.
pub const MAX_INHERITANCE: u64 = 32;

type Span = std::ops::Range<usize>;

/// A value: its literal bytes and the macros it names.
#[derive(Default)]
struct Value {
    literal: u64,
    refs: Vec<String>,
    /// The text of a single braced or quoted part, for `crossref`/`xdata`.
    text: String,
}

/// A node of one of the two graphs: its own size and what it refers to.
struct Node {
    span: Span,
    own: u64,
    edges: Vec<String>,
}

struct Scanner<'t> {
    text: &'t str,
    at: usize,
    macros: BTreeMap<String, Node>,
    entries: BTreeMap<String, Node>,
    /// Field values: literal bytes, macro references, span.
    fields: Vec<(u64, Vec<String>, Span)>,
}

/// A problem found, made a [`Diagnostic`] at the end.
struct Problem {
    message: String,
    span: Span,
    help: &'static str,
}

fn error(message: String, span: Span, help: &'static str) -> Problem {
    Problem {
        message,
        span,
        help,
    }
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"{}()=,#\"@%".contains(&b))
        {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    /// Skips a braced group from its `{`, returning its inner text; too
    /// deep a nesting is an error.
    fn group(&mut self, open: u8, close: u8) -> Result<Span, Problem> {
        let start = self.at;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.at += 1;
            // Every brace counts, escaped or not: counting too deep is
            // safe, too shallow is not.
            if b == open {
                depth += 1;
                if depth > MAX_BRACE_DEPTH {
                    return Err(error(
                        format!("braces are nested more than {MAX_BRACE_DEPTH} deep"),
                        self.at - 1..self.at,
                        "close the braces of this field; real entries nest a few levels",
                    ));
                }
            } else if b == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(start + 1..self.at - 1);
                }
            }
        }
        // Unbalanced: biblatex reports it with its own position.
        Ok(start..self.at)
    }

    /// A quoted part from its `"`; braces inside it nest.
    fn quoted(&mut self) -> Result<Span, Problem> {
        let start = self.at;
        self.at += 1;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 1,
                b'{' => {
                    depth += 1;
                    if depth > MAX_BRACE_DEPTH {
                        return Err(error(
                            format!("braces are nested more than {MAX_BRACE_DEPTH} deep"),
                            self.at..self.at + 1,
                            "close the braces of this field; real entries nest a few levels",
                        ));
                    }
                }
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 0 => {
                    self.at += 1;
                    return Ok(start + 1..self.at - 1);
                }
                _ => {}
            }
            self.at += 1;
        }
        Ok(start..self.at)
    }

    /// A value: parts joined by `#`.
    fn value(&mut self) -> Result<Value, Problem> {
        let mut value = Value::default();
        loop {
            self.skip_space();
            let span = match self.peek() {
                Some(b'{') => self.group(b'{', b'}')?,
                Some(b'"') => self.quoted()?,
                Some(_) => {
                    let start = self.at;
                    let name = self.ident().to_owned();
                    if name.is_empty() {
                        return Ok(value);
                    }
                    if !name.bytes().all(|b| b.is_ascii_digit()) {
                        value.refs.push(name.to_ascii_lowercase());
                    }
                    start..start
                }
                None => return Ok(value),
            };
            value.literal += (span.end.saturating_sub(span.start)) as u64;
            self.text
                .get(span)
                .unwrap_or_default()
                .clone_into(&mut value.text);
            self.skip_space();
            if self.peek() == Some(b'#') {
                self.at += 1;
            } else {
                return Ok(value);
            }
        }
    }

    /// Reads the whole file.
    fn scan(&mut self) -> Result<(), Problem> {
        while let Some(found) = self.text[self.at..].find('@') {
            self.at += found + 1;
            let kind = self.ident().to_ascii_lowercase();
            self.skip_space();
            let (open, close) = match self.peek() {
                Some(b'{') => (b'{', b'}'),
                Some(b'(') => (b'(', b')'),
                _ => continue,
            };
            match kind.as_str() {
                "comment" => {
                    self.group(open, close)?;
                }
                "preamble" => {
                    self.at += 1;
                    let start = self.at;
                    let value = self.value()?;
                    self.fields
                        .push((value.literal, value.refs, start..self.at));
                }
                "string" => {
                    self.at += 1;
                    self.skip_space();
                    let start = self.at;
                    let name = self.ident().to_ascii_lowercase();
                    let span = start..self.at;
                    self.skip_space();
                    if self.peek() != Some(b'=') {
                        continue;
                    }
                    self.at += 1;
                    let value = self.value()?;
                    self.macros.insert(
                        name,
                        Node {
                            span,
                            own: value.literal,
                            edges: value.refs,
                        },
                    );
                }
                _ => self.entry(close)?,
            }
        }
        Ok(())
    }

    /// An entry from its opening delimiter: key, then `field = value`s.
    fn entry(&mut self, close: u8) -> Result<(), Problem> {
        self.at += 1;
        self.skip_space();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b != b',' && b != close && !b.is_ascii_whitespace())
        {
            self.at += 1;
        }
        let key = self.text[start..self.at].to_owned();
        let key_span = start..self.at;
        let mut parents = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b) if b == close => {
                    self.at += 1;
                    break;
                }
                _ => break,
            }
            self.skip_space();
            let field = self.ident().to_ascii_lowercase();
            self.skip_space();
            if field.is_empty() || self.peek() != Some(b'=') {
                continue;
            }
            self.at += 1;
            let start = self.at;
            let value = self.value()?;
            if field == "crossref" || field == "xdata" {
                parents.extend(
                    value
                        .text
                        .split(',')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(str::to_owned),
                );
            }
            self.fields
                .push((value.literal, value.refs, start..self.at));
        }
        if !key.is_empty() {
            self.entries.insert(
                key,
                Node {
                    span: key_span,
                    own: 1,
                    edges: parents,
                },
            );
        }
        Ok(())
    }
}

/// Folds a graph from its leaves up without recursion: each node's value
/// is `combine`d from its own and its children's. A cycle is returned as
/// the path of names around it.
fn fold(
    nodes: &BTreeMap<String, Node>,
    combine: impl Fn(u64, u64) -> u64,
) -> Result<BTreeMap<&str, u64>, Vec<&str>> {
    let mut done: BTreeMap<&str, u64> = BTreeMap::new();
    let mut on_path: BTreeMap<&str, usize> = BTreeMap::new();
    for root in nodes.keys() {
        if done.contains_key(root.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        on_path.insert(root, 0);
        while let Some(&mut (name, ref mut next)) = stack.last_mut() {
            let node = &nodes[name];
            if let Some(child) = node.edges.get(*next) {
                *next += 1;
                let Some((child, _)) = nodes.get_key_value(child) else {
                    continue;
                };
                if let Some(&at) = on_path.get(child.as_str()) {
                    let mut cycle: Vec<&str> = stack[at..].iter().map(|(n, _)| *n).collect();
                    cycle.push(child);
                    return Err(cycle);
                }
                if !done.contains_key(child.as_str()) {
                    on_path.insert(child, stack.len());
                    stack.push((child, 0));
                }
                continue;
            }
            let value = node
                .edges
                .iter()
                .filter_map(|c| done.get(c.as_str()))
                .fold(node.own, |acc, &v| combine(acc, v));
            done.insert(name, value);
            on_path.remove(name);
            stack.pop();
        }
    }
    Ok(done)
}

/// Deepest nesting accepted in a Hayagriva YAML file, counted as flow
/// brackets, or as columns of indentation and `- ` markers on a line: the
/// YAML parser slows down steeply with depth (100,000 nested lists took 40
/// s), and a real bibliography nests a few levels.
pub const MAX_YAML_DEPTH: usize = 100;

/// Checks a Hayagriva YAML file's nesting; the first problem, if any.
pub(crate) fn check_yaml(text: &str) -> Option<Diagnostic> {
    let too_deep = |at: usize| {
        Some(
            Diagnostic::error(
                "bibliography",
                format!("the YAML is nested more than {MAX_YAML_DEPTH} levels deep"),
            )
            .in_bibliography(at..at + 1)
            .with_help(
                "a bibliography entry nests a few levels (parent, authors); check this line",
            ),
        )
    };
    let mut flow = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut rest = &line[indent..];
        let mut markers = 0;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
            markers += 1;
            rest = after.trim_start_matches([' ', '\t']);
        }
        if indent / 2 + markers > MAX_YAML_DEPTH {
            return too_deep(offset);
        }
        let mut quote: Option<char> = None;
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (None, '#') if i == 0 || line[..i].ends_with([' ', '\t']) => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => {
                    flow += 1;
                    if flow > MAX_YAML_DEPTH {
                        return too_deep(offset + i);
                    }
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        offset += line.len();
    }
    None
}

/// Checks a BibTeX file's structure; the first problem found, if any.
pub(crate) fn check(text: &str) -> Option<Diagnostic> {
    problem(text).err().map(|p| {
        Diagnostic::error("bibliography", p.message)
            .in_bibliography(p.span)
            .with_help(p.help)
    })
}

fn problem(text: &str) -> Result<(), Problem> {
    let mut scanner = Scanner {
        text,
        at: 0,
        macros: BTreeMap::new(),
        entries: BTreeMap::new(),
        fields: Vec::new(),
    };
    scanner.scan()?;

    let sizes = fold(&scanner.macros, u64::saturating_add).map_err(|cycle| {
        error(
            format!(
                "the @string macros refer to themselves: {}",
                cycle.join(" → ")
            ),
            scanner.macros[cycle[0]].span.clone(),
            "a macro may only use macros that do not lead back to it",
        )
    })?;
    if let Some((name, size)) = sizes.iter().find(|(_, s)| **s > MAX_MACRO_BYTES) {
        return Err(error(
            format!(
                "the @string macro `{name}` expands to {size} bytes; at most {MAX_MACRO_BYTES} are allowed"
            ),
            scanner.macros[*name].span.clone(),
            "a macro that uses another twice doubles it; write the text out instead",
        ));
    }
    let mut total = 0u64;
    for (literal, refs, span) in &scanner.fields {
        let size = refs
            .iter()
            .filter_map(|r| sizes.get(r.as_str()))
            .fold(*literal, |acc, s| acc.saturating_add(*s));
        total = total.saturating_add(size);
        if total > MAX_EXPANDED_BYTES {
            return Err(error(
                format!(
                    "with its @string macros expanded, the bibliography exceeds {} MB",
                    MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
                span.clone(),
                "use fewer or shorter macros",
            ));
        }
    }

    let depths = fold(&scanner.entries, |acc, parent| acc.max(parent + 1)).map_err(|cycle| {
        error(
            format!(
                "the entries inherit from themselves through crossref or xdata: {}",
                cycle.join(" → ")
            ),
            scanner.entries[cycle[0]].span.clone(),
            "remove the crossref or xdata field that closes the loop",
        )
    })?;
    if let Some((key, depth)) = depths.iter().find(|(_, d)| **d > MAX_INHERITANCE) {
        return Err(error(
            format!(
                "entry `{key}` inherits through a chain of {} crossref or xdata entries; at most {MAX_INHERITANCE} are allowed",
                depth - 1
            ),
            scanner.entries[*key].span.clone(),
            "point the crossref at the entry that holds the shared fields",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn message(bib: &str) -> String {
        check(bib).expect(bib).message
    }

    #[test]
    fn ordinary_files_pass() {
        let bib = r#"@string{nato = "North Atlantic {T}reaty"}
@comment{ anything { nested } }
@preamble{ "\newcommand{\x}{y}" }
@book{a, title = {A {\textbf{B}} c}, publisher = nato # " Press", year = 1999, month = jan}
@inbook{b, crossref = {a}, pages = {1--2}}
@inbook{c, xdata = {a, b}, title = "Q \"x\" {y}"}
"#;
        assert!(check(bib).is_none(), "{:?}", check(bib));
    }

    #[test]
    fn inheritance_loops_are_errors() {
        assert!(
            message("@book{k1, crossref = {k2}}\n@book{k2, crossref = {k1}}")
                .contains("k1 → k2 → k1")
        );
        assert!(message("@book{k1, crossref = {k1}}").contains("k1 → k1"));
        assert!(
            message("@xdata{x1, xdata = {x2}}\n@xdata{x2, xdata = {x1}}").contains("x1 → x2 → x1")
        );
        let mut chain = String::new();
        for i in 0..100 {
            let _ = writeln!(chain, "@book{{k{i}, crossref = {{k{}}}}}", i + 1);
        }
        assert!(message(&chain).contains("at most 32"));
    }

    #[test]
    fn macro_loops_and_bombs_are_errors() {
        assert!(message("@string{a = b}\n@string{b = a}").contains("a → b → a"));
        assert!(message("@string{a = a # a}").contains("a → a"));
        let mut bomb = String::from("@string{m0 = \"xxxxxxxxxx\"}\n");
        for i in 1..40 {
            let _ = writeln!(bomb, "@string{{m{i} = m{} # m{}}}", i - 1, i - 1);
        }
        bomb.push_str("@book{k, title = m39}\n");
        assert!(message(&bomb).contains("expands to"));
        let mut many = String::from("@string{m = \"");
        many.push_str(&"x".repeat(1_000_000));
        many.push_str("\"}\n");
        for i in 0..100 {
            let _ = writeln!(many, "@book{{k{i}, title = m}}");
        }
        assert!(message(&many).contains("exceeds 64 MB"));
    }

    #[test]
    fn deep_yaml_is_an_error() {
        let ok = "k1:\n  type: book\n  title: A [b] {c}\n  author: [\"Doe, J.\"]\n  parent:\n    - type: book\n";
        assert!(check_yaml(ok).is_none());
        let flow = format!("k1: {}{}", "[".repeat(20_000), "]".repeat(20_000));
        assert!(check_yaml(&flow).is_some());
        let block = format!("k1:\n  a:\n    {}x\n", "- ".repeat(200));
        assert!(check_yaml(&block).is_some());
        let maps = (0..300).fold(String::new(), |s, i| {
            format!("{s}{}k{i}:\n", " ".repeat(i * 2))
        });
        assert!(check_yaml(&maps).is_some());
    }

    #[test]
    fn deep_braces_are_errors_with_their_position() {
        let deep = format!(
            "@book{{k, title = {{{}x{}}}}}",
            "\\textbf{".repeat(20_000),
            "}".repeat(20_000)
        );
        let e = check(&deep).expect("deep");
        assert!(e.message.contains("nested more than 100"));
        assert!(matches!(
            e.location,
            crate::diagnostic::Location::BibliographySpan(_)
        ));
        let quoted = format!("@book{{k, title = \"{}\"}}", "{".repeat(200));
        assert!(message(&quoted).contains("nested more than 100"));
        let comment = format!("@comment{{{}}}", "{".repeat(200));
        assert!(message(&comment).contains("nested more than 100"));
    }
}
