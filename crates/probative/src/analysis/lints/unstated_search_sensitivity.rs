use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Notes an item marked `observed = false` that does not give
    /// `search_sensitivity`: the probability that the search would have
    /// found E had E existed. The study then assumes the search could not
    /// have missed it (s = 1).
    ///
    /// ## Why is this bad?
    /// Not finding E counts against a hypothesis that predicts E only as far
    /// as the search could have found it: the factor of an absence is
    /// 1 - s p, and as s falls the weight of the absence shrinks to nothing.
    /// A search of one newspaper's archive for a private conversation, or of
    /// a closed archive, has a low s; assuming s = 1 turns "we did not see
    /// it" into "it did not happen". Stating s makes that judgment visible
    /// and open to challenge, like a likelihood.
    ///
    /// ## Example
    /// ```toml
    /// observed = false
    /// search = "LexisNexis, US and Iranian press, 1995-1996, in English"
    /// search_sensitivity = 0.6   # a denial in Persian-language media would be missed
    /// ```
    ///
    /// ## References
    /// - Hahn, U., & Oaksford, M. (2007). The rationality of informal
    ///   argumentation: A Bayesian approach to reasoning fallacies.
    ///   *Psychological Review*, 114(3), 704–732 (arguments from ignorance).
    /// - Fairfield, T., & Charman, A. E. (2022). *Social Inquiry and
    ///   Bayesian Inference*. Cambridge University Press (the likelihood of
    ///   not finding evidence).
    /// - Beach, D., & Pedersen, R. B. (2019). *Process-Tracing Methods*, 2nd
    ///   ed. University of Michigan Press (the accessibility of evidence).
    UNSTATED_SEARCH_SENSITIVITY, "unstated-search-sensitivity", Severity::Note,
    "an absence does not say how likely the search was to find E",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for evidence in &cx.study.evidence {
        if evidence.observed || evidence.search_sensitivity.is_some() {
            continue;
        }
        let span = evidence
            .spans
            .observed
            .clone()
            .unwrap_or(evidence.spans.item.clone());
        out.push(
            UNSTATED_SEARCH_SENSITIVITY
                .diagnostic(format!(
                    "`{}` was not found, and the study assumes the search could not have missed it",
                    evidence.id
                ))
                .at(span)
                .for_evidence(&evidence.id)
                .with_help("add `search_sensitivity = ...`: the probability that this search would have found E had E existed"),
        );
    }
}
