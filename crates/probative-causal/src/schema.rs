//! The model file's shape: which keys each table takes and what kind of
//! value each key holds, checked on toml's spanned tree before the file is
//! deserialised.
//!
//! This module owns the messages for everything wrong with the file as a
//! file (TOML syntax, unknown keys, with the closest known key suggested,
//! values of the wrong kind, missing keys), every one placed at its line
//! and column, all found in one pass. What the values mean is `model.rs`'s
//! job; it uses [`Spans`] to place its own errors in the file.

use crate::error::CausalError;
use probative::syntax::suggest::{describe, nearest};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Bool,
    Number,
    /// A string or a list of strings.
    Strings,
    /// A list of strings or tables (restrictions).
    Restrictions,
    /// A list of strings only.
    StringList,
    /// A table, checked by its own rules.
    Table,
    /// A list of tables, each checked by its own rules.
    Tables,
    /// A table whose keys are node names (`[parameters]`); checked later.
    Free,
}

type Rules = &'static [(&'static str, Kind, bool)];

const ROOT: Rules = &[
    ("model", Kind::Table, true),
    ("priors", Kind::Table, false),
    ("parameters", Kind::Free, false),
    ("data", Kind::Table, false),
    ("query", Kind::Tables, false),
];
const MODEL: Rules = &[
    ("dag", Kind::Str, true),
    ("restrict", Kind::Restrictions, false),
    ("monotone", Kind::StringList, false),
    ("name_order", Kind::Str, false),
];
const RESTRICTION: Rules = &[
    ("statement", Kind::Str, true),
    ("join_by", Kind::Str, false),
    ("keep", Kind::Bool, false),
    ("given", Kind::Str, false),
];
const PRIORS: Rules = &[
    ("distribution", Kind::Str, false),
    ("alpha", Kind::Tables, false),
];
const ALPHA: Rules = &[
    ("node", Kind::Str, true),
    ("nodal_type", Kind::Str, false),
    ("given", Kind::Str, false),
    ("value", Kind::Number, true),
];
const DATA: Rules = &[("file", Kind::Str, true)];
const QUERY: Rules = &[
    ("name", Kind::Str, true),
    ("query", Kind::Str, true),
    ("given", Kind::Strings, false),
    ("using", Kind::Strings, false),
    ("case_level", Kind::Bool, false),
];

/// The rules of a table reached by `key` from a table with `parent` rules.
fn rules_of(key: &str) -> Rules {
    match key {
        "model" => MODEL,
        "priors" => PRIORS,
        "alpha" => ALPHA,
        "data" => DATA,
        "query" => QUERY,
        "restrict" => RESTRICTION,
        _ => ROOT,
    }
}

/// Where things are in the model file, for placing later errors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spans {
    /// The whole file, then `[model] dag`, `monotone`, `name_order`.
    pub dag: Range<usize>,
    /// `[model] monotone`.
    pub monotone: Range<usize>,
    /// `[model] name_order`.
    pub name_order: Range<usize>,
    /// Each restriction's value.
    pub restrictions: Vec<Range<usize>>,
    /// `[priors] distribution`.
    pub distribution: Range<usize>,
    /// Each `[[priors.alpha]]` table.
    pub alphas: Vec<Range<usize>>,
    /// `[parameters]` keys and their values: (key, key span, value span).
    pub parameters: Vec<(String, Range<usize>, Range<usize>)>,
    /// Each `[[query]]`: the table, its `query` value, its `given` value
    /// and its `using` value.
    pub queries: Vec<QuerySpans>,
}

/// Where one `[[query]]` is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuerySpans {
    /// The table.
    pub table: Range<usize>,
    /// The `query` string.
    pub query: Range<usize>,
    /// The `given` value (string or list).
    pub given: Range<usize>,
    /// The `using` value.
    pub using: Range<usize>,
}

/// Checks the file's shape; returns where things are, and every problem.
pub fn check(text: &str) -> (Spans, Vec<CausalError>) {
    let (root, syntax) = DeTable::parse_recoverable(text);
    let mut errors: Vec<CausalError> = syntax
        .iter()
        .take(20)
        .map(|e| {
            let span = e.span().unwrap_or(0..0);
            CausalError::model(format!(
                "this is not valid TOML ({})",
                e.message().trim().trim_end_matches('.')
            ))
            .help("strings need quotes, tables are written [name], lists of tables [[name]]")
            .in_file(text, span)
        })
        .collect();
    let whole = root.span();
    let mut checker = Checker {
        text,
        errors: &mut errors,
    };
    checker.table(root.get_ref(), ROOT, "the model file", whole.clone());
    let spans = spans(text, root.get_ref(), whole);
    (spans, errors)
}

struct Checker<'a> {
    text: &'a str,
    errors: &'a mut Vec<CausalError>,
}

impl Checker<'_> {
    fn error(&mut self, message: String, span: Range<usize>, help: Option<String>) {
        let mut e = CausalError::model(message);
        if let Some(h) = help {
            e = e.help(h);
        }
        self.errors.push(e.in_file(self.text, span));
    }

    fn table(&mut self, t: &DeTable<'_>, rules: Rules, name: &str, span: Range<usize>) {
        let mut entries: Vec<_> = t.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in entries {
            let k = key.get_ref().as_ref();
            let Some(&(_, kind, _)) = rules.iter().find(|(r, _, _)| *r == k) else {
                let known: Vec<&str> = rules.iter().map(|(r, _, _)| *r).collect();
                let help = closest(k, &known).map_or_else(
                    || format!("{name} takes {}", known.join(", ")),
                    |best| format!("did you mean {best}?"),
                );
                self.error(format!("{name} has no key {k}"), key.span(), Some(help));
                continue;
            };
            self.value(k, kind, value, name);
        }
        for (r, _, required) in rules {
            if *required && !t.contains_key(*r) {
                let at = span.start..span.start;
                self.error(
                    format!("{name} needs {r}"),
                    at,
                    Some(match *r {
                        "model" => "start the file with [model] and dag = \"X -> Y\"".to_string(),
                        _ => format!("add {r} = ..."),
                    }),
                );
            }
        }
    }

    fn value(&mut self, key: &str, kind: Kind, value: &Spanned<DeValue<'_>>, parent: &str) {
        let span = value.span();
        let v = value.get_ref();
        let wrong = |expected: &str| {
            format!(
                "{key} in {parent} should be {expected}, not {}",
                describe(v)
            )
        };
        match (kind, v) {
            (Kind::Str | Kind::Strings, DeValue::String(_))
            | (Kind::Bool, DeValue::Boolean(_))
            | (Kind::Number, DeValue::Integer(_) | DeValue::Float(_))
            | (Kind::Free, DeValue::Table(_)) => {}
            (Kind::Strings | Kind::StringList, DeValue::Array(items)) => {
                for item in items {
                    if !matches!(item.get_ref(), DeValue::String(_)) {
                        let message = format!(
                            "{key} in {parent} lists strings, not {}",
                            describe(item.get_ref())
                        );
                        self.error(message, item.span(), None);
                    }
                }
            }
            (Kind::Restrictions, DeValue::Array(items)) => {
                for item in items {
                    match item.get_ref() {
                        DeValue::String(_) => {}
                        DeValue::Table(t) => {
                            self.table(t, RESTRICTION, "a restriction", item.span());
                        }
                        other => {
                            let message = format!(
                                "a restriction is a string or a table, not {}",
                                describe(other)
                            );
                            self.error(message, item.span(), None);
                        }
                    }
                }
            }
            (Kind::Table, DeValue::Table(t)) => {
                let name = format!("[{key}]");
                self.table(t, rules_of(key), &name, span);
            }
            (Kind::Tables, DeValue::Array(items)) => {
                let name = if key == "alpha" {
                    "[[priors.alpha]]".to_string()
                } else {
                    format!("[[{key}]]")
                };
                for item in items {
                    match item.get_ref() {
                        DeValue::Table(t) => self.table(t, rules_of(key), &name, item.span()),
                        other => {
                            let message =
                                format!("{name} entries are tables, not {}", describe(other));
                            self.error(message, item.span(), None);
                        }
                    }
                }
            }
            (Kind::Str, _) => self.error(wrong("a string"), span, None),
            (Kind::Bool, _) => self.error(wrong("true or false"), span, None),
            (Kind::Number, _) => self.error(wrong("a number"), span, None),
            (Kind::Strings, _) => self.error(wrong("a string or a list of strings"), span, None),
            (Kind::StringList, _) => self.error(wrong("a list of strings"), span, None),
            (Kind::Restrictions, _) => self.error(wrong("a list"), span, None),
            (Kind::Table | Kind::Free, _) => self.error(wrong("a table"), span, None),
            (Kind::Tables, _) => self.error(wrong("a list of tables"), span, None),
        }
    }
}

/// Collects the spans later stages place their errors with.
fn spans(text: &str, root: &DeTable<'_>, whole: Range<usize>) -> Spans {
    let _ = text;
    let mut out = Spans {
        dag: whole.clone(),
        monotone: whole.clone(),
        name_order: whole.clone(),
        distribution: whole,
        ..Spans::default()
    };
    let table =
        |t: &DeTable<'_>, key: &str| -> Option<Range<usize>> { t.get(key).map(Spanned::span) };
    if let Some(model) = root.get("model")
        && let DeValue::Table(m) = model.get_ref()
    {
        let fallback = model.span();
        out.dag = table(m, "dag").unwrap_or_else(|| fallback.clone());
        out.monotone = table(m, "monotone").unwrap_or_else(|| fallback.clone());
        out.name_order = table(m, "name_order").unwrap_or_else(|| fallback.clone());
        if let Some(r) = m.get("restrict")
            && let DeValue::Array(items) = r.get_ref()
        {
            out.restrictions = items.iter().map(Spanned::span).collect();
        }
    }
    if let Some(priors) = root.get("priors")
        && let DeValue::Table(p) = priors.get_ref()
    {
        out.distribution = table(p, "distribution").unwrap_or_else(|| priors.span());
        if let Some(a) = p.get("alpha")
            && let DeValue::Array(items) = a.get_ref()
        {
            out.alphas = items.iter().map(Spanned::span).collect();
        }
    }
    if let Some(parameters) = root.get("parameters")
        && let DeValue::Table(p) = parameters.get_ref()
    {
        out.parameters = p
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), k.span(), v.span()))
            .collect();
    }
    if let Some(queries) = root.get("query")
        && let DeValue::Array(items) = queries.get_ref()
    {
        out.queries = items
            .iter()
            .map(|item| {
                let whole = item.span();
                let field = |key: &str| match item.get_ref() {
                    DeValue::Table(t) => table(t, key).unwrap_or_else(|| whole.clone()),
                    _ => whole.clone(),
                };
                QuerySpans {
                    query: field("query"),
                    given: field("given"),
                    using: field("using"),
                    table: whole.clone(),
                }
            })
            .collect();
    }
    out
}

/// The closest known key or node name to a misspelt one. Node names are
/// often one or two letters (`X`, `M`), where one wrong letter already
/// halves the likeness, so the bar is 0.5 rather than the study reader's
/// 0.6.
pub(crate) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    nearest(name, known, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_found_and_placed() {
        let text = "[model]\ndga = \"X -> Y\"\nrestrict = \"Y.00\"\n[priors]\ndistribution = 3\n[[query]]\nname = \"q\"\n";
        let (_, errors) = check(text);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 5, "{shown:#?}");
        assert!(
            shown[0].contains("line 2, column 1") && shown[0].contains("no key dga"),
            "{}",
            shown[0]
        );
        assert_eq!(errors[0].help.as_deref(), Some("did you mean dag?"));
        assert!(
            shown[1].contains("line 3") && shown[1].contains("should be a list"),
            "{}",
            shown[1]
        );
        assert!(
            shown.iter().any(|s| s.contains("[model] needs dag")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.contains("line 5") && s.contains("distribution")),
            "{shown:#?}"
        );
        assert!(
            shown.iter().any(|s| s.contains("[[query]] needs query")),
            "{shown:#?}"
        );
    }

    #[test]
    fn toml_syntax_errors_are_placed() {
        let (_, errors) = check("[model]\ndag = X -> Y\n");
        assert!(!errors.is_empty());
        assert_eq!(
            errors[0].line.map(std::num::NonZeroU32::get),
            Some(2),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].to_string().contains("not valid TOML"),
            "{}",
            errors[0]
        );
    }
}
