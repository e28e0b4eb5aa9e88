use super::{Context, declare_lint};
use crate::analysis::{LogScore, beats, leader, reaches};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when the priors decide the conclusion: under equal priors
    /// (the same factors, every hypothesis starting at 1/k) a different
    /// hypothesis would lead, or the leader would only tie with another.
    ///
    /// ## Why is this bad?
    /// Priors are the least checkable judgment of a study. When the evidence
    /// alone favours a rival and only the priors carry the leader, the
    /// conclusion is a restatement of the starting belief, not a finding of
    /// the evidence. Readers who do not share the priors should be told that
    /// the evidence points elsewhere.
    ///
    /// ## Example
    /// ```toml
    /// [[hypothesis]]
    /// id = "empire"
    /// prior = 0.7        # the evidence favours `lobby` by 2 dB
    /// ```
    ///
    /// ## References
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380
    ///   (sensitivity to priors).
    /// - Fairfield, T., & Charman, A. E. (2022). *Social Inquiry and Bayesian
    ///   Inference*. Cambridge University Press.
    PRIOR_SENSITIVE_CONCLUSION, "prior-sensitive-conclusion", Severity::Warning,
    "under equal priors another hypothesis would lead",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    if study.hypotheses.iter().all(|h| !h.prior_given) {
        return;
    }
    let current = cx.analysis.leader.leader;
    // Equal priors add the same constant to every log score: the evidence
    // alone decides, so the scores without the priors order the same way.
    let evidence: Vec<LogScore> = cx
        .analysis
        .scores
        .iter()
        .zip(&study.hypotheses)
        .map(|(s, h)| s.minus(LogScore::of(h.prior)))
        .collect();
    let uniform = leader(&evidence);
    let (l, c) = (
        &study.hypotheses[current].id,
        &study.hypotheses[uniform.leader].id,
    );
    let message = if uniform.leader != current && beats(evidence[uniform.leader], evidence[current])
    {
        format!(
            "under equal priors `{c}` would lead instead of `{l}`: the priors, not the evidence, carry `{l}`"
        )
    } else if let Some(j) =
        (0..evidence.len()).find(|&j| j != current && reaches(evidence[j], evidence[current]))
    {
        let c = &study.hypotheses[j].id;
        format!(
            "under equal priors `{c}` would tie with `{l}`: the evidence does not tell them apart"
        )
    } else {
        return;
    };
    out.push(
        PRIOR_SENSITIVE_CONCLUSION
            .diagnostic(message)
            .for_hypothesis(l)
            .with_help("report the conclusion as resting on the priors, and justify them from evidence outside the study"),
    );
}
