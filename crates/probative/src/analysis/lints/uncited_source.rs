use rustc_hash::FxHashSet;

use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Location, Severity};

declare_lint! {
    /// ## What it does
    /// Notes a bibliography entry that no evidence item cites.
    ///
    /// ## Why is this bad?
    /// It is not always bad: background works belong in a bibliography. But
    /// in a process-tracing study every work that bears on the hypotheses
    /// should enter as evidence with its likelihoods, and an uncited entry is
    /// often evidence that was read and never weighed, or a leftover of an
    /// earlier draft.
    ///
    /// ## Example
    /// A `references.bib` entry `@book{waltz1979, ...}` and no
    /// `source = "waltz1979"` in any `[[evidence]]`.
    ///
    /// ## References
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing: From
    ///   Metaphor to Analytic Tool*. Cambridge University Press, best
    ///   practice 6 ("be relentless in gathering diverse and relevant
    ///   evidence, but make a justifiable decision on when to stop").
    UNCITED_SOURCE, "uncited-source", Severity::Note,
    "a bibliography entry no evidence cites",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(bibliography) = cx.bibliography else {
        return;
    };
    let cited: FxHashSet<&str> = cx
        .study
        .evidence
        .iter()
        .flat_map(|e| e.source.iter().chain(&e.via))
        .map(String::as_str)
        .collect();
    for key in bibliography.keys() {
        if cited.contains(key) {
            continue;
        }
        let mut d = UNCITED_SOURCE
            .diagnostic(format!(
                "`{key}` in `{}` is cited by no evidence item",
                bibliography.name
            ))
            .for_source(key)
            .with_help("enter what it says as evidence, or remove the entry if it is not needed");
        d.location = Location::BibliographyEntry(key.to_owned());
        out.push(d);
    }
}
