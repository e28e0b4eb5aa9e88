use super::reading::NOTICEABLE_DB;
use super::{Context, declare_lint, list};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Likelihood, Written};

declare_lint! {
    /// ## What it does
    /// Warns, in a study of three or more hypotheses, about the items that
    /// could move the focus by 1 dB or more and give every rival of the focus
    /// the same written likelihood: the same number, the same interval or the
    /// same term. The rivals were judged as one block ("not my theory"), not
    /// one by one. The warning lists the items.
    ///
    /// ## Why is this bad?
    /// Process tracing weighs evidence against each rival in turn: a smoking
    /// gun for one theory against a second may be expected under a third.
    /// Writing one value for all the rivals treats them as a single
    /// alternative and hides the pairs where the item tells nothing apart. A
    /// verdict that rests on such items says the theory beat a straw
    /// alternative, not the rivals the study names.
    ///
    /// ## Example
    /// ```toml
    /// likelihood = { empire = 0.5, lobby = 0.05, realism = 0.05, domestic = 0.05 }
    /// ```
    ///
    /// ## References
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing: From
    ///   Metaphor to Analytic Tool*. Cambridge University Press, best
    ///   practices 1 ("cast the net widely for alternative explanations") and
    ///   2 ("be equally tough on the alternative explanations").
    /// - Rohlfing, I. (2014). Comparative hypothesis testing via process
    ///   tracing. *Sociological Methods & Research*, 43(4), 606–642.
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380 (pairwise
    ///   comparison of hypotheses).
    RIVALS_LUMPED, "rivals-lumped", Severity::Warning,
    "items give every rival of the focus one likelihood",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let k = study.hypotheses.len();
    if k < 3 {
        return;
    }
    let focus = study.focus;
    let mut lumped: Vec<&str> = Vec::new();
    for (evidence, item) in study.evidence.iter().zip(&cx.analysis.items) {
        let test = &item.tests[focus];
        if test.pass_db.abs() < NOTICEABLE_DB && test.fail_db.abs() < NOTICEABLE_DB {
            continue;
        }
        let mut rivals = evidence
            .likelihood
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != focus)
            .map(|(_, l)| l);
        let Some(first) = rivals.next() else { continue };
        if rivals.all(|l| same_written(first, l)) {
            lumped.push(&evidence.id);
        }
    }
    if lumped.is_empty() {
        return;
    }
    let id = &study.hypotheses[focus].id;
    let n = lumped.len();
    out.push(
        RIVALS_LUMPED
            .diagnostic(format!(
                "{n} item{} give{} every rival of `{id}` the same likelihood, judging the {} rivals as one block: {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                k - 1,
                list(&lumped)
            ))
            .for_hypothesis(id)
            .with_help(format!(
                "judge how likely each item is under each rival of `{id}` in turn; where two rivals truly expect it equally, say why in the rationale"
            )),
    );
}

/// Whether two likelihoods were written the same: one number, one interval,
/// or one term (synonyms of the scale count as one term).
fn same_written(a: &Likelihood, b: &Likelihood) -> bool {
    match (&a.written, &b.written) {
        (Written::Number, Written::Number) => a.point == b.point,
        (Written::Interval, Written::Interval) | (Written::Term(_), Written::Term(_)) => {
            a.lo == b.lo && a.hi == b.hi
        }
        _ => false,
    }
}
