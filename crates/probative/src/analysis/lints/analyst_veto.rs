use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when one analyst's factor for an item is 0 under some
    /// hypothesis while another analyst's is not: the log pool multiplies
    /// the analysts' factors, so that one analyst alone rules the hypothesis
    /// out of the pooled judgment.
    ///
    /// ## Why is this bad?
    /// The logarithmic pool is externally Bayesian, and the price is that a
    /// zero is a veto: whatever the rest of the panel thinks, the pooled
    /// posterior of that hypothesis is 0. A likelihood of 0 claims the
    /// evidence is logically impossible under the hypothesis; when a
    /// colleague disagrees, that is rarely a logical certainty. Use a small
    /// probability, or settle the disagreement before pooling.
    ///
    /// ## Example
    /// ```toml
    /// # analysts/kb.toml
    /// [[judgment]]
    /// evidence = "conoco-veto"
    /// likelihood = { detente = 0 }   # ra keeps the study's 0.2
    /// ```
    ///
    /// ## References
    /// - Genest, C., & Zidek, J. V. (1986). Combining probability
    ///   distributions: A critique and an annotated bibliography.
    ///   *Statistical Science*, 1(1), 114–135 (the zero-preservation
    ///   property of the logarithmic pool).
    /// - Fairfield, T., & Charman, A. E. (2022). *Social Inquiry and
    ///   Bayesian Inference*. Cambridge University Press (avoid likelihoods
    ///   of 0 unless the evidence is logically impossible).
    ANALYST_VETO, "analyst-veto", Severity::Warning,
    "one analyst's factor of 0 rules a hypothesis out of the pool",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(panel) = cx.analysts else {
        return;
    };
    let k = cx.study.hypotheses.len();
    for (e, item) in cx.study.evidence.iter().enumerate() {
        for i in 0..k {
            let zero = |m: &crate::analysis::analysts::Member| m.factor(e, i) == 0.0;
            if !panel.members.iter().any(|m| !zero(m)) {
                continue;
            }
            let h = &cx.study.hypotheses[i].id;
            for m in panel.members.iter().filter(|m| zero(m)) {
                let d = ANALYST_VETO
                    .diagnostic(format!(
                        "`{}` ({}) alone rules `{h}` out with `{}`: the pooled factor is 0, whatever the other analysts judge",
                        m.analyst.id, m.analyst.name, item.id
                    ))
                    .for_evidence(&item.id)
                    .for_hypothesis(h)
                    .with_help("unless the item is logically impossible under the hypothesis, give a small probability instead of 0 (or 1 for an absent item)");
                // A zero the analyst wrote is theirs; one they inherit is the
                // study's.
                out.push(match m.analyst.judgment(e) {
                    Some(j) if m.analyst.judges(e, i) || j.reliability.is_some() => {
                        d.at(j.span.start..j.span.start).in_analyst(&m.analyst.id)
                    }
                    _ => d.at(item.spans.item.start..item.spans.item.start),
                });
            }
        }
    }
}
