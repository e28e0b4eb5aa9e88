use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Reports an evidence item whose `source` key, or a key of its `via`
    /// (the sources the report passed through), is not in the study's
    /// bibliography, and suggests the closest key that is.
    ///
    /// ## Why is this bad?
    /// A citation that leads nowhere cannot be checked. Transparency in
    /// qualitative research means that a reader can go from a claim to the
    /// passage it rests on; a dangling key breaks that chain, and is usually
    /// a typo that also hides which work the item really comes from.
    ///
    /// ## Example
    /// ```toml
    /// [[evidence]]
    /// id = "e1"
    /// source = "parsi2007"   # the bibliography has `parsi2007treacherous`
    /// ```
    ///
    /// ## References
    /// - Moravcsik, A. (2014). Transparency: The revolution in qualitative
    ///   research. *PS: Political Science & Politics*, 47(1), 48–53.
    /// - Qualitative Data Repository, Annotation for Transparent Inquiry (ATI).
    UNKNOWN_SOURCE, "unknown-source", Severity::Error,
    "an evidence `source` key is not in the bibliography",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(bibliography) = cx.bibliography else {
        return;
    };
    let keys = bibliography.keys();
    for evidence in &cx.study.evidence {
        let source = evidence
            .source
            .as_ref()
            .map(|key| (key, evidence.spans.source.as_ref(), false));
        let via = evidence
            .via
            .iter()
            .enumerate()
            .map(|(n, key)| (key, evidence.spans.via.get(n), true));
        for (source, span, through) in source.into_iter().chain(via) {
            if bibliography.contains(source) {
                continue;
            }
            let role = if through {
                "the source (`via`)"
            } else {
                "the source"
            };
            let mut d = UNKNOWN_SOURCE
                .diagnostic(format!(
                    "{role} `{source}` of `{}` is not in the bibliography `{}`",
                    evidence.id, bibliography.name
                ))
                .for_evidence(&evidence.id)
                .for_source(source);
            if let Some(span) = span {
                d = d.at(span.clone());
            }
            d = hint(d, source, &keys, &bibliography.name);
            out.push(d);
        }
    }
}

/// Adds the closest key, or where to add the missing one.
fn hint(d: Diagnostic, source: &str, keys: &[&str], bibliography: &str) -> Diagnostic {
    match crate::syntax_closest(source, keys) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!("add an entry `{source}` to `{bibliography}`")),
    }
}
