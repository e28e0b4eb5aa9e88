use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when leaving one analyst out of the pool changes the pooled
    /// leader: the verdict rests on that analyst's judgments.
    ///
    /// ## Why is this bad?
    /// A conclusion that one member of the panel carries is as strong as that
    /// member's judgments, not as strong as the panel's agreement. This is the
    /// leave-one-out check of reliability analysis applied to judges: report
    /// the verdict as contested, and look at the locus of contention to see
    /// which of that analyst's items or priors decide it.
    ///
    /// ## Example
    /// The pool of `ra`, `kb` and `lc` favours `detente`; without `lc` it
    /// favours `enmity`.
    ///
    /// ## References
    /// - Krippendorff, K. (2018). *Content Analysis: An Introduction to Its
    ///   Methodology* (4th ed.). Sage (reliability: conclusions should not
    ///   depend on which coder is used).
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380
    ///   (sensitivity of the conclusion to the analyst's judgments).
    CONTESTED_VERDICT, "contested-verdict", Severity::Warning,
    "leaving one analyst out changes the pooled leader",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(panel) = cx.analysts else {
        return;
    };
    let leader = cx.analysis.leader.leader;
    let l = &cx.study.hypotheses[leader].id;
    for (m, without) in panel.members.iter().zip(&panel.without) {
        let Some(other) = *without else {
            continue;
        };
        if other == leader {
            continue;
        }
        let o = &cx.study.hypotheses[other].id;
        out.push(
            CONTESTED_VERDICT
                .diagnostic(format!(
                    "the pooled leader is `{l}`, but without `{}` ({}) it is `{o}`",
                    m.analyst.id, m.analyst.name
                ))
                .for_hypothesis(l)
                .with_help("the verdict rests on one analyst: report it as contested, and see the locus of contention for which judgments decide it"),
        );
    }
}
