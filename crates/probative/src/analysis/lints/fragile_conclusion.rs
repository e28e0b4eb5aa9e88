use super::{Context, declare_lint};
use crate::analysis::reaches;
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when another hypothesis could reach the leader within the
    /// stated likelihood intervals: with every factor of that hypothesis at
    /// its most favourable end and every factor of the leader at its least,
    /// its posterior would be at least the leader's (a tie counts).
    ///
    /// ## Why is this bad?
    /// Likelihoods in process tracing are judgments, and the study says how
    /// uncertain they are by giving intervals and verbal terms. If choices
    /// that the study itself allows reverse the ranking, the conclusion is
    /// not established by the evidence; it depends on which end of each
    /// judgment one picks. Report it as open, or narrow the judgments with
    /// more evidence.
    ///
    /// ## Example
    /// `empire` leads at the point values, but `lobby` leads when each
    /// "likely" is read at 0.80 for `lobby` and 0.55 for `empire`.
    ///
    /// ## References
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380
    ///   (sensitivity to likelihood assignments).
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 8,
    ///   step 6 (sensitivity of the conclusion).
    FRAGILE_CONCLUSION, "fragile-conclusion", Severity::Warning,
    "a rival could reach the leader within the likelihood intervals",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let analysis = cx.analysis;
    let leader = analysis.leader.leader;
    let scores = &analysis.extreme_scores;
    let rivals: Vec<usize> = (0..cx.study.hypotheses.len())
        .filter(|&j| j != leader && reaches(scores.max[j], scores.min[leader]))
        .collect();
    let l = &cx.study.hypotheses[leader].id;
    for j in rivals {
        let c = &cx.study.hypotheses[j].id;
        out.push(
            FRAGILE_CONCLUSION
                .diagnostic(format!(
                    "within the likelihood intervals `{c}` could reach `{l}`: at their ends the ranking can reverse"
                ))
                .for_hypothesis(c)
                .with_help("the conclusion depends on which end of the judgments one takes; find evidence that separates the two"),
        );
    }
}
