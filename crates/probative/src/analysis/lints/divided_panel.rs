use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when the analysts' own leaders differ: judged alone, they do
    /// not favour the same hypothesis.
    ///
    /// ## Why is this bad?
    /// A pooled verdict can hide a split panel. Readers should know that the
    /// conclusion is a compromise between analysts who, each on their own
    /// judgments, reach different answers, and where the difference lies
    /// (the report's locus of contention): in the priors, or in a few items.
    /// Fairfield and Charman ask analysts to make the locus of contention
    /// explicit rather than average it away; intelligence practice has each
    /// analyst judge alone and then compare, so that the disagreement is
    /// seen before the group converges.
    ///
    /// ## Example
    /// `ra` leads with `detente`, `kb` with `enmity`; the pool favours
    /// `detente` by 2.1 dB.
    ///
    /// ## References
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380 (the value
    ///   of explicit probabilities lies in pinpointing the locus of
    ///   contention when scholars disagree).
    /// - Heuer, R. J., & Pherson, R. H. (2015). *Structured Analytic
    ///   Techniques for Intelligence Analysis* (2nd ed.). CQ Press (Analysis
    ///   of Competing Hypotheses in collaboration).
    DIVIDED_PANEL, "divided-panel", Severity::Warning,
    "the analysts' own leaders differ",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(panel) = cx.analysts else {
        return;
    };
    let Some(first) = panel.members.first() else {
        return;
    };
    if panel
        .members
        .iter()
        .all(|m| m.leader.leader == first.leader.leader)
    {
        return;
    }
    let each: Vec<String> = panel
        .members
        .iter()
        .map(|m| {
            format!(
                "`{}` leads with `{}`",
                m.analyst.id, cx.study.hypotheses[m.leader.leader].id
            )
        })
        .collect();
    out.push(
        DIVIDED_PANEL
            .diagnostic(format!("the analysts disagree on the leader: {}", each.join(", ")))
            .with_help("the report's Analysts section shows where they differ (the locus of contention); say in the study that the verdict is a pooled one"),
    );
}
