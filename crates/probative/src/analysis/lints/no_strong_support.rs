use super::cannot_disconfirm::declares_test_for;
use super::reading::{realised_db, signed, strongest_short_of};
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when the study declares at least one test for its focus and no
    /// item, as it came out, supports the focus by the strong threshold T
    /// (`strong_db`, 5 dB by default) or more. The warning names the item that
    /// supports it most.
    ///
    /// ## Why is this bad?
    /// Declared tests promise that some piece of evidence would have been
    /// hard to find were the theory false. If no item clears T, the
    /// conclusion is an accumulation of weak hints (straws in the wind), each
    /// of which a rival explains almost as well; a mechanism claimed and never
    /// observed in any strong trace is exactly what Beach and Pedersen warn
    /// against. A study may still lead on many weak items, but it should say
    /// so rather than call its tests smoking guns.
    ///
    /// ## Example
    /// The best item gives the focus +2.1 dB; the "smoking gun" is a straw in
    /// the wind.
    ///
    /// ## References
    /// - Beach, D., & Pedersen, R. B. (2019). *Process-Tracing Methods:
    ///   Foundations and Guidelines* (2nd ed.). University of Michigan Press
    ///   (evidence for each part of a mechanism).
    /// - Van Evera, S. (1997). *Guide to Methods for Students of Political
    ///   Science*. Cornell University Press, 31–32 (smoking-gun tests).
    /// - Bennett, A. (2015). Disciplining our conjectures: Systematizing
    ///   process tracing with Bayesian analysis. In A. Bennett & J. T. Checkel
    ///   (Eds.), *Process Tracing*. Cambridge University Press, appendix.
    NO_STRONG_SUPPORT, "no-strong-support", Severity::Warning,
    "no item supports the focus strongly",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let focus = study.focus;
    if !declares_test_for(cx, focus) {
        return;
    }
    let strong = study.settings.strong_db;
    let support = cx
        .analysis
        .items
        .iter()
        .zip(&study.evidence)
        .map(|(item, evidence)| realised_db(&item.tests[focus], evidence.observed));
    let Some((e, w)) = strongest_short_of(support, strong) else {
        return;
    };
    let id = &study.hypotheses[focus].id;
    out.push(
        NO_STRONG_SUPPORT
            .diagnostic(format!(
                "no item supports `{id}` by {strong} dB or more: the strongest is `{}` at {}",
                study.evidence[e].id,
                signed(w)
            ))
            .for_hypothesis(id)
            .for_evidence(&study.evidence[e].id)
            .with_help(format!(
                "name the evidence that would be hard to find were `{id}` false, or describe the conclusion as resting on weak evidence"
            )),
    );
}
