//! An analyst's file (`analysts/NAME.toml`) → raw judgments with spans.
//!
//! Like the study reader, this owns only the shape of the file: which tables
//! and keys exist and the TOML type of each value. Whether an id resolves or
//! the priors sum to one belongs to [`crate::model::analysts`]. Spans are
//! byte ranges of the analyst's file; the diagnostics are placed in "the
//! file read" (a study span), and the caller moves them into the analyst's
//! file with [`Diagnostic::in_analyst`].
//!
//! Architecture invariant: reading never fails; it returns what it could read
//! and the diagnostics.

use toml::de::DeTable;

use super::document::{Node, RawLikelihoodTable};
use super::reader::{MAX_SYNTAX_ERRORS, Walker, number_of, ordered};
use crate::diagnostic::{Diagnostic, Span};

const TOP_KEYS: &[&str] = &["analyst", "priors", "judgment"];
const ANALYST_KEYS: &[&str] = &["name", "weight", "judged"];
const JUDGMENT_KEYS: &[&str] = &["evidence", "likelihood", "reliability", "rationale"];

/// `[priors]` as written: (hypothesis id, prior) in file order, with the
/// table's span.
pub type RawPriors = Node<Vec<(Node<String>, Node<f64>)>>;

/// One analyst's file as read.
#[derive(Debug, Clone, Default)]
pub struct RawAnalyst {
    /// `[analyst] name`.
    pub name: Option<Node<String>>,
    /// `[analyst] weight`.
    pub weight: Option<Node<f64>>,
    /// `[analyst] judged`.
    pub judged: Option<Node<String>>,
    /// `[priors]`: (hypothesis id, prior) in file order, and the table's span.
    pub priors: Option<RawPriors>,
    /// `[[judgment]]` tables in file order.
    pub judgments: Vec<RawJudgment>,
}

/// One `[[judgment]]`.
#[derive(Debug, Clone, Default)]
pub struct RawJudgment {
    /// Span of the table.
    pub span: Span,
    /// `evidence`: the item judged.
    pub evidence: Option<Node<String>>,
    /// `likelihood`: some or all hypotheses.
    pub likelihood: Option<RawLikelihoodTable>,
    /// `reliability`.
    pub reliability: Option<Node<f64>>,
    /// `rationale`.
    pub rationale: Option<Node<String>>,
}

/// Reads an analyst file's bytes. Every diagnostic is placed at a span of
/// that file (as a study span: see the module comment).
pub fn parse_analyst(bytes: &[u8]) -> (RawAnalyst, Vec<Diagnostic>) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            let diagnostic = Diagnostic::error(
                "not-text",
                format!("the analyst file is not UTF-8 text (invalid byte at offset {at})"),
            )
            .at(at..at)
            .with_help("an analyst file is a TOML text file saved as UTF-8");
            return (RawAnalyst::default(), vec![diagnostic]);
        }
    };
    let mut diagnostics = Vec::new();
    let (root, errors) = DeTable::parse_recoverable(text);
    for error in errors.iter().take(MAX_SYNTAX_ERRORS) {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim().trim_end_matches('.').to_owned();
        diagnostics.push(
            Diagnostic::error("syntax", format!("this is not valid TOML: {message}"))
                .at(span.start.min(text.len())..span.end.min(text.len()))
                .with_help("see the TOML syntax at https://toml.io; strings need quotes, tables `[name]`, lists `[[name]]`"),
        );
    }
    let mut raw = RawAnalyst::default();
    let mut walker = Walker {
        diagnostics: &mut diagnostics,
        offset: 0,
        complete: errors.is_empty(),
    };
    let table = root.get_ref();
    walker.unknown_keys(table, TOP_KEYS, "at the top level of an analyst file");
    if let Some((t, _)) = walker.table(table, "analyst") {
        walker.unknown_keys(t, ANALYST_KEYS, "in `[analyst]`");
        raw.name = walker.string(t, "name");
        raw.weight = walker.number(t, "weight");
        raw.judged = walker.string(t, "judged");
    }
    if let Some((t, span)) = walker.table(table, "priors") {
        let mut priors = Vec::new();
        for (key, value) in ordered(t) {
            if let Some(x) = number_of(value.get_ref()) {
                priors.push((
                    Node::new(key.get_ref().to_string(), key.span()),
                    Node::new(x, value.span()),
                ));
            } else {
                walker.wrong_type(value, &format!("priors.{}", key.get_ref()), "a number");
            }
        }
        raw.priors = Some(Node::new(priors, span));
    }
    for (t, span) in walker.tables(table, "judgment") {
        walker.unknown_keys(t, JUDGMENT_KEYS, "in a `[[judgment]]`");
        let judgment = RawJudgment {
            evidence: walker.string(t, "evidence"),
            likelihood: walker.likelihood(t),
            reliability: walker.number(t, "reliability"),
            rationale: walker.string(t, "rationale"),
            span,
        };
        if judgment.evidence.is_none() && t.get("evidence").is_none() {
            walker.missing(
                &judgment.span,
                "this `[[judgment]]` names no evidence item",
                "evidence = \"<evidence id>\"",
            );
        }
        raw.judgments.push(judgment);
    }
    (raw, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_part_with_spans() {
        let text = "[analyst]\nname = \"R\"\nweight = 2\n[priors]\na = 0.25\nb = 0.75\n\n[[judgment]]\nevidence = \"e1\"\nlikelihood = { a = \"likely\", b = [0.1, 0.3] }\nrationale = \"why\"\n";
        let (raw, diagnostics) = parse_analyst(text.as_bytes());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(raw.name.map(|n| n.value).as_deref(), Some("R"));
        assert_eq!(raw.weight.map(|w| w.value), Some(2.0));
        let priors = raw.priors.expect("priors");
        assert_eq!(priors.value.len(), 2);
        assert_eq!(&text[priors.value[1].1.span.clone()], "0.75");
        let judgment = &raw.judgments[0];
        assert_eq!(
            &text[judgment.evidence.as_ref().expect("id").span.clone()],
            "\"e1\""
        );
        assert_eq!(judgment.likelihood.as_ref().expect("table").value.len(), 2);
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let text =
            "[analyst]\nwieght = 2\n[[judgment]]\nevidence = \"e1\"\nlikelyhood = { a = 1 }\n";
        let (_, diagnostics) = parse_analyst(text.as_bytes());
        let helps: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.help.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            helps,
            vec![
                ("unknown-field", "did you mean `weight`?".to_owned()),
                ("unknown-field", "did you mean `likelihood`?".to_owned()),
            ]
        );
    }

    #[test]
    fn bad_toml_and_bad_types_are_located() {
        let (_, diagnostics) = parse_analyst(b"[analyst\nname = 1\n");
        assert!(diagnostics.iter().any(|d| d.code == "syntax"));
        let text = "[analyst]\nweight = \"heavy\"\n[[judgment]]\nlikelihood = { a = 0.5 }\n";
        let (_, diagnostics) = parse_analyst(text.as_bytes());
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["invalid-value", "missing-field"]);
        let span = diagnostics[0].study_span().expect("span").clone();
        assert_eq!(&text[span], "\"heavy\"");
    }
}
