use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns about an item marked `observed = false` that does not say where
    /// and how it was looked for (`search`).
    ///
    /// ## Why is this bad?
    /// Absence of evidence is evidence of absence only in proportion to how
    /// likely the search was to find it: with s = P(found | exists), the
    /// weight of not finding it shrinks to nothing as s does. A "failed hoop
    /// test" in a closed archive tests nothing. Readers need the search to
    /// judge that.
    ///
    /// ## Example
    /// ```toml
    /// observed = false
    /// search = "State Department cables 2001-2003 (FOIA reading room); memoirs of Powell and Armitage"
    /// ```
    ///
    /// ## References
    /// - Hahn, U., & Oaksford, M. (2007). The rationality of informal
    ///   argumentation. *Psychological Review*, 114(3), 704–732.
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 10.
    /// - Beach, D., & Pedersen, R. B. (2019). *Process-Tracing Methods*
    ///   (accessibility of evidence).
    ABSENCE_WITHOUT_SEARCH, "absence-without-search", Severity::Warning,
    "an absent item has no record of the search",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for evidence in &cx.study.evidence {
        if evidence.observed
            || evidence
                .search
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
        {
            continue;
        }
        let span = evidence
            .spans
            .observed
            .clone()
            .unwrap_or(evidence.spans.item.clone());
        out.push(
            ABSENCE_WITHOUT_SEARCH
                .diagnostic(format!("`{}` was not found, but the study does not say where it was looked for", evidence.id))
                .at(span)
                .for_evidence(&evidence.id)
                .with_help("add `search = \"...\"`: the archives, periods and access; an absence weighs only as much as the search"),
        );
    }
}
