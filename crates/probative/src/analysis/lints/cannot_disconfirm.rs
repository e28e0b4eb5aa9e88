use super::reading::{adverse_db, signed, strongest_short_of};
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when the study declares at least one test for its focus and yet
    /// no item could have counted against the focus by the strong threshold
    /// T (`strong_db`, 5 dB by default), had it come out the other way: for
    /// every item, the worse of its two outcomes for the focus moves it by
    /// less than T. The warning names the item that risked the most.
    ///
    /// ## Why is this bad?
    /// A theory is tested only by evidence that could have told against it.
    /// Van Evera's hoop test is the disconfirming test: failing it should
    /// nearly rule the theory out. When every item was judged so that even its
    /// unfavourable outcome would have been shrugged off, the study could not
    /// have come out against the theory whatever was found, and its "passed"
    /// verdicts carry no risk.
    ///
    /// ## Example
    /// The declared hoop, and every other item, gives the focus at most a
    /// few dB to lose:
    /// ```toml
    /// declared_test = "hoop"
    /// likelihood = { empire = 0.9, lobby = 0.75 }   # -4.0 dB if not found
    /// ```
    ///
    /// ## References
    /// - Van Evera, S. (1997). *Guide to Methods for Students of Political
    ///   Science*. Cornell University Press, 31–32 (hoop tests).
    /// - Bennett, A. (2008). Process tracing: A Bayesian perspective. In
    ///   *The Oxford Handbook of Political Methodology*. Oxford University
    ///   Press.
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380.
    CANNOT_DISCONFIRM, "cannot-disconfirm", Severity::Warning,
    "no item could have counted strongly against the focus",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let focus = study.focus;
    if !declares_test_for(cx, focus) {
        return;
    }
    let strong = study.settings.strong_db;
    let risks = cx
        .analysis
        .items
        .iter()
        .map(|item| -adverse_db(&item.tests[focus]));
    let Some((e, risk)) = strongest_short_of(risks, strong) else {
        return;
    };
    let adverse = -risk;
    let id = &study.hypotheses[focus].id;
    out.push(
        CANNOT_DISCONFIRM
            .diagnostic(format!(
                "no item could have counted against `{id}` by {strong} dB or more: the most any risked is {} (`{}`)",
                signed(adverse),
                study.evidence[e].id
            ))
            .for_hypothesis(id)
            .for_evidence(&study.evidence[e].id)
            .with_help(format!(
                "look for evidence `{id}` could fail (a hoop test whose absence would nearly rule it out), or lower the declared tests' claims"
            )),
    );
}

/// Whether some item declares a test for hypothesis `h`.
pub(crate) fn declares_test_for(cx: &Context<'_>, h: usize) -> bool {
    cx.study
        .evidence
        .iter()
        .any(|e| e.declared_test.is_some() && e.declared_for == h)
}
