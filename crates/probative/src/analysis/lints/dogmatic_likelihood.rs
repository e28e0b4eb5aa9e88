use super::{Context, declare_lint, list};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns about a point likelihood of exactly 0 or 1.
    ///
    /// ## Why is this bad?
    /// P(E | H) = 0 says E is logically impossible under H: one observation
    /// then eliminates H for good, whatever else is found (Cromwell's rule).
    /// P(E | H) = 1 says that not finding E eliminates H. Such certainty is
    /// rare outside logic; historical records are incomplete and sources err.
    /// Use a small probability, or an interval that reaches the extreme, so
    /// that the sensitivity bounds show how much rides on it.
    ///
    /// ## Example
    /// ```toml
    /// likelihood = { empire = 1, lobby = 0 }   # use 0.97 and 0.03, or [0.9, 1]
    /// ```
    ///
    /// ## References
    /// - Jaynes, E. T. (2003). *Probability Theory: The Logic of Science*.
    ///   Cambridge University Press, ch. 4.
    /// - Lindley, D. V. (1985). *Making Decisions* (2nd ed.). Wiley
    ///   (Cromwell's rule).
    DOGMATIC_LIKELIHOOD, "dogmatic-likelihood", Severity::Warning,
    "a point likelihood is exactly 0 or 1",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for evidence in &cx.study.evidence {
        let extreme: Vec<usize> = evidence
            .likelihood
            .iter()
            .enumerate()
            .filter(|(_, l)| l.point == 0.0 || l.point == 1.0)
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = extreme.first() else {
            continue;
        };
        let ids: Vec<&str> = extreme
            .iter()
            .map(|&i| cx.study.hypotheses[i].id.as_str())
            .collect();
        out.push(
            DOGMATIC_LIKELIHOOD
                .diagnostic(format!(
                    "`{}` gives a likelihood of exactly 0 or 1 for {}",
                    evidence.id,
                    list(&ids)
                ))
                .at(evidence.spans.likelihood[first].clone())
                .for_evidence(&evidence.id)
                .with_help("unless E is logically impossible (or certain) under that hypothesis, use a value such as 0.03 or 0.97, or an interval"),
        );
    }
}
