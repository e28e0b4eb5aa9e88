use super::reading::{realised_db, supports};
use super::{Context, declare_lint, list};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Evidence, SourceKind};

declare_lint! {
    /// ## What it does
    /// Warns, for the leading hypothesis and for the focus if it does not
    /// lead, when at least one item supports it (moved it up by 1 dB or more
    /// as it came out) and every item that does is `participant`-sourced,
    /// `opinion`-sourced or has no source at all. The warning names the
    /// supporting items, strongest first.
    ///
    /// ## Why is this bad?
    /// Participants' memoirs, interviews and statements are indispensable,
    /// but they are written by people with a stake in how events are
    /// remembered; commentators' judgments are not observations; unsourced
    /// claims cannot be checked. A hypothesis that no official record, no
    /// contemporary report and no scholarship supports rests on testimony
    /// that needs corroboration before it can carry a conclusion.
    ///
    /// ## Example
    /// Every item for `hardliners` comes from the memoirs of officials who
    /// lost the argument, or from the study's own uncited summary.
    ///
    /// ## References
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing: From
    ///   Metaphor to Analytic Tool*. Cambridge University Press, best
    ///   practice 3 ("consider the potential biases of evidentiary sources").
    /// - Trachtenberg, M. (2006). *The Craft of International History*.
    ///   Princeton University Press (memoirs and interested testimony).
    /// - Schum, D. A. (1994). *The Evidential Foundations of Probabilistic
    ///   Reasoning*. Wiley (the credibility of testimony).
    PARTICIPANT_ONLY_SUPPORT, "participant-only-support", Severity::Warning,
    "a hypothesis is supported only by participants, opinions or unsourced claims",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let leader = cx.analysis.leader.leader;
    let focus = cx.study.focus;
    check_hypothesis(cx, leader, out);
    if focus != leader {
        check_hypothesis(cx, focus, out);
    }
}

fn check_hypothesis(cx: &Context<'_>, h: usize, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let mut support: Vec<(usize, f64)> = Vec::new();
    for ((e, item), evidence) in cx.analysis.items.iter().enumerate().zip(&study.evidence) {
        let test = &item.tests[h];
        if !supports(test, evidence.observed) {
            continue;
        }
        if !interested(evidence) {
            return;
        }
        support.push((e, realised_db(test, evidence.observed)));
    }
    if support.is_empty() {
        return;
    }
    support.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let ids: Vec<&str> = support
        .iter()
        .map(|&(e, _)| study.evidence[e].id.as_str())
        .collect();
    let id = &study.hypotheses[h].id;
    let role = if h == cx.analysis.leader.leader {
        "the leader"
    } else {
        "the theory under test"
    };
    out.push(
        PARTICIPANT_ONLY_SUPPORT
            .diagnostic(format!(
                "every item that supports `{id}` ({role}) is a participant's account, an opinion or unsourced: {}",
                list(&ids)
            ))
            .for_hypothesis(id)
            .with_help(format!(
                "corroborate the support for `{id}` with an official record, a contemporary report or scholarship, or say why none exists"
            )),
    );
}

/// Whether the item's support rests on an interested or unchecked source.
fn interested(evidence: &Evidence) -> bool {
    evidence.source.is_none()
        || matches!(
            evidence.source_kind,
            Some(SourceKind::Participant | SourceKind::Opinion)
        )
}
