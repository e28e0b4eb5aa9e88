use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Notes an item whose weight of evidence is below 1 dB between every
    /// pair of hypotheses, after reliability and outcome.
    ///
    /// ## Why is this bad?
    /// Evidence consistent with every hypothesis is no evidence for any of
    /// them: only the ratio of likelihoods moves belief. Heuer's Analysis of
    /// Competing Hypotheses asks analysts to set such items aside; citing
    /// them as support inflates how much was tested. 1 dB is a likelihood
    /// ratio of about 1.26.
    ///
    /// ## Example
    /// ```toml
    /// likelihood = { empire = 0.9, lobby = 0.85 }   # 0.25 dB: barely tells them apart
    /// ```
    ///
    /// ## References
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*. CIA
    ///   Center for the Study of Intelligence, ch. 8.
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380.
    NON_DIAGNOSTIC, "non-diagnostic", Severity::Note,
    "an item tells no two hypotheses apart by 1 dB",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        let spread = item.diagnosticity_db();
        if spread < 1.0 {
            out.push(
                NON_DIAGNOSTIC
                    .diagnostic(format!(
                        "`{}` barely tells the hypotheses apart: its largest weight is {spread:.2} dB",
                        evidence.id
                    ))
                    .at(evidence.spans.item.start..evidence.spans.item.start)
                    .for_evidence(&evidence.id)
                    .with_help("evidence everyone expects tests nothing; look for evidence the rivals predict differently"),
            );
        }
    }
}
