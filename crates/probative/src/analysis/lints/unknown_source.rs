use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Reports an evidence item whose `source` key is not in the study's
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
        let Some(source) = &evidence.source else {
            continue;
        };
        if bibliography.contains(source) {
            continue;
        }
        let mut d = UNKNOWN_SOURCE
            .diagnostic(format!(
                "the source `{source}` of `{}` is not in the bibliography `{}`",
                evidence.id, bibliography.name
            ))
            .for_evidence(&evidence.id)
            .for_source(source);
        if let Some(span) = &evidence.spans.source {
            d = d.at(span.clone());
        }
        d = match crate::syntax_closest(source, &keys) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None => d.with_help(format!(
                "add an entry `{source}` to `{}`",
                bibliography.name
            )),
        };
        out.push(d);
    }
}
