use super::{Context, declare_lint};
use crate::analysis::Direction;
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Compares the analyst's own label (`declared_test`) with the Van Evera
    /// type that the likelihoods imply for `declared_for`, read from that
    /// hypothesis's side (`h_type`: a hoop framed as an absence is a hoop),
    /// and warns when they differ or when the item tests nothing.
    ///
    /// ## Why is this bad?
    /// Calling a test a "smoking gun" claims that finding the evidence would
    /// be very unlikely if the hypothesis were false; calling it a "hoop"
    /// claims that not finding it would nearly rule the hypothesis out. Both
    /// are claims about the rivals, not about how reputable the source is.
    /// When the stated likelihoods say otherwise, either the label overclaims
    /// or the numbers are wrong, and readers are misled about how much the
    /// test did.
    ///
    /// ## Example
    /// ```toml
    /// likelihood = { empire = 0.9, lobby = 0.8 }
    /// declared_test = "smoking-gun"   # derived: straw-in-the-wind (+0.5 dB)
    /// ```
    ///
    /// ## References
    /// - Van Evera, S. (1997). *Guide to Methods for Students of Political
    ///   Science*. Cornell University Press, 31–32.
    /// - Rohlfing, I. (2014). Comparative hypothesis testing via process
    ///   tracing. *Sociological Methods & Research*, 43(4), 606–642.
    /// - Humphreys, M., & Jacobs, A. M. (2015). Mixing methods: A Bayesian
    ///   approach. *American Political Science Review*, 109(4), 653–673.
    DECLARED_TEST_MISMATCH, "declared-test-mismatch", Severity::Warning,
    "a declared test differs from the one the likelihoods imply",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        let Some(declared) = evidence.declared_test else {
            continue;
        };
        let h = evidence.declared_for;
        let test = &item.tests[h];
        let hypothesis = &cx.study.hypotheses[h].id;
        if test.confirms(declared) {
            continue;
        }
        let message = match (test.h_type(), test.direction) {
            (Some(derived), Direction::Against) => format!(
                "`{}` is declared a {declared} test for `{hypothesis}`, but its likelihoods make it a {derived} test in which `{hypothesis}` predicts E not found ({:+.1} dB if not found, {:+.1} dB if found)",
                evidence.id, test.fail_db, test.pass_db
            ),
            (Some(derived), _) => format!(
                "`{}` is declared a {declared} test for `{hypothesis}`, but its likelihoods make it a {derived} test ({:+.1} dB if found, {:+.1} dB if not)",
                evidence.id, test.pass_db, test.fail_db
            ),
            (None, _) => format!(
                "`{}` is declared a {declared} test for `{hypothesis}`, but it is equally likely under `{hypothesis}` and its rivals: no test at all",
                evidence.id
            ),
        };
        let mut d = DECLARED_TEST_MISMATCH
            .diagnostic(message)
            .for_evidence(&evidence.id)
            .for_hypothesis(hypothesis)
            .with_help("a test's type is set by how likely the evidence is under the rivals, not by the source's standing: revise the label or the likelihoods");
        d = d.at(evidence
            .spans
            .declared_test
            .clone()
            .unwrap_or(evidence.spans.item.clone()));
        out.push(d);
    }
}
