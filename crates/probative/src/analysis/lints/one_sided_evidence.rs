use super::reading::{counts_against, realised_db, supports, weighed};
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when some items support the focus (each moved it up by 1 dB or
    /// more against its rivals, as it came out) and none counts against it
    /// (none moved it down by 1 dB or more). The warning says how many items
    /// support the focus and names the strongest.
    ///
    /// ## Why is this bad?
    /// Real evidence is mixed. A record in which everything points one way
    /// usually means that disconfirming evidence was not sought, was left
    /// out, or was judged neutral because it did not fit. Heuer's analysis
    /// of competing hypotheses starts from the evidence *against* each
    /// hypothesis for this reason, and Bennett and Checkel ask process
    /// tracers to be as tough on their own theory as on its rivals.
    ///
    /// ## Example
    /// Twelve items support `empire`; the denials, the settlement and the
    /// opposition inside the administration were encoded as neutral or left
    /// out.
    ///
    /// ## References
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*. Center
    ///   for the Study of Intelligence, ch. 8 (analysis of competing
    ///   hypotheses: seek evidence that disconfirms).
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing: From
    ///   Metaphor to Analytic Tool*. Cambridge University Press, best
    ///   practice 2 ("be equally tough on the alternative explanations").
    ONE_SIDED_EVIDENCE, "one-sided-evidence", Severity::Warning,
    "items support the focus and none counts against it",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let focus = study.focus;
    let mut supporting = 0usize;
    let mut strongest: Option<(usize, f64)> = None;
    for ((e, item), evidence) in cx.analysis.items.iter().enumerate().zip(&study.evidence) {
        let test = &item.tests[focus];
        if counts_against(test, evidence.observed) {
            return;
        }
        if supports(test, evidence.observed) {
            supporting += 1;
            let w = realised_db(test, evidence.observed);
            if strongest.is_none_or(|(_, b)| w > b) {
                strongest = Some((e, w));
            }
        }
    }
    let Some((e, w)) = strongest else { return };
    let id = &study.hypotheses[focus].id;
    let strongest = weighed(&study.evidence[e].id, w);
    out.push(
        ONE_SIDED_EVIDENCE
            .diagnostic(format!(
                "{supporting} item{} support{} `{id}` and none counts against it (the strongest: {})",
                if supporting == 1 { "" } else { "s" },
                if supporting == 1 { "s" } else { "" },
                strongest
            ))
            .for_hypothesis(id)
            .with_help(format!(
                "look for and encode the evidence that tells against `{id}`: what would a proponent of each rival cite?"
            )),
    );
}
