use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns about a case that has no evidence.
    ///
    /// ## Why is this bad?
    /// A case announced and never analysed is a silent selection: readers
    /// count it as support, yet it contributed nothing, and the reason it was
    /// dropped (no access, or evidence that did not fit?) is exactly what
    /// they would need to know. Either analyse it or say why it was left out.
    ///
    /// ## Example
    /// ```toml
    /// [[case]]
    /// id = "jcpoa"
    /// title = "The nuclear deal, 2015"   # no [[evidence]] has case = "jcpoa"
    /// ```
    ///
    /// ## References
    /// - Geddes, B. (1990). How the cases you choose affect the answers you
    ///   get: Selection bias in comparative politics. *Political Analysis*,
    ///   2, 131–150.
    /// - Collier, D., & Mahoney, J. (1996). Insights and pitfalls: Selection
    ///   bias in qualitative research. *World Politics*, 49(1), 56–91.
    /// - Beach, D., & Pedersen, R. B. (2019). *Process-Tracing Methods* (2nd
    ///   ed.). University of Michigan Press (case selection).
    EMPTY_CASE, "empty-case", Severity::Warning,
    "a case has no evidence",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (case, analysis) in cx.study.cases.iter().zip(&cx.analysis.cases) {
        if analysis.evidence.is_empty() {
            out.push(
                EMPTY_CASE
                    .diagnostic(format!("the case `{}` ({}) has no evidence", case.id, case.title))
                    .at(case.span.start..case.span.start)
                    .for_case(&case.id)
                    .with_help("add its evidence, or remove the case and say in the study why it was not analysed"),
            );
        }
    }
}
