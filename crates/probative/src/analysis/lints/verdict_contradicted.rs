use super::reading::{counts_against, join, realised_db, weighed};
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when a case holds a declared test for a hypothesis (any
    /// `declared_test` whose `declared_for` is that hypothesis) and some item
    /// of the same case counts against it: as the item came out, it moved the
    /// hypothesis down by 1 dB or more against its rivals. The warning names
    /// the contrary items, strongest first.
    ///
    /// ## Why is this bad?
    /// A declared verdict ("the hoop test is passed", "a smoking gun") is a
    /// summary of what the case shows for the hypothesis. When the study's own
    /// evidence in that case points the other way, the verdict was reached by
    /// looking at the confirming item alone. Van Evera's tests are meant to be
    /// read together, and the disconfirming item is the one a fair reader
    /// would weigh first.
    ///
    /// ## Example
    /// ```toml
    /// [[evidence]]
    /// id = "offer"
    /// case = "hostages"
    /// declared_test = "hoop"           # the theory passes its hoop here
    /// [[evidence]]
    /// id = "settlement"
    /// case = "hostages"
    /// likelihood = { empire = 0.2, deal = 0.8 }   # -6 dB for `empire`
    /// ```
    ///
    /// ## References
    /// - Van Evera, S. (1997). *Guide to Methods for Students of Political
    ///   Science*. Cornell University Press, 31–32.
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing: From
    ///   Metaphor to Analytic Tool*. Cambridge University Press, best
    ///   practice 2 ("be equally tough on the alternative explanations").
    /// - Collier, D. (2011). Understanding process tracing. *PS: Political
    ///   Science & Politics*, 44(4), 823–830, table 1.
    VERDICT_CONTRADICTED, "verdict-contradicted", Severity::Warning,
    "a case's declared test is contradicted by an item of the same case",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    for (case, analysis) in study.cases.iter().zip(&cx.analysis.cases) {
        // The hypotheses that the case declares a test for, in the order of
        // their first declared test, with that item.
        let mut declared: Vec<(usize, usize)> = Vec::new();
        for &e in &analysis.evidence {
            let evidence = &study.evidence[e];
            if evidence.declared_test.is_some()
                && !declared.iter().any(|&(h, _)| h == evidence.declared_for)
            {
                declared.push((evidence.declared_for, e));
            }
        }
        for (h, first) in declared {
            let mut contrary: Vec<(usize, f64)> = analysis
                .evidence
                .iter()
                .filter_map(|&e| {
                    let test = &cx.analysis.items[e].tests[h];
                    let observed = study.evidence[e].observed;
                    counts_against(test, observed).then(|| (e, realised_db(test, observed)))
                })
                .collect();
            if contrary.is_empty() {
                continue;
            }
            contrary.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let hypothesis = &study.hypotheses[h].id;
            let named: Vec<String> = contrary
                .iter()
                .map(|&(e, w)| weighed(&study.evidence[e].id, w))
                .collect();
            let (strongest, _) = contrary[0];
            let declared_item = &study.evidence[first];
            out.push(
                VERDICT_CONTRADICTED
                    .diagnostic(format!(
                        "case `{}` declares a test for `{hypothesis}` (`{}`), but {} of the same case count{} against `{hypothesis}`: {}",
                        case.id,
                        declared_item.id,
                        if contrary.len() == 1 { "an item" } else { "items" },
                        if contrary.len() == 1 { "s" } else { "" },
                        join(&named)
                    ))
                    .at(study.evidence[strongest].spans.item.clone())
                    .with_label(declared_item.spans.item.clone(), "the declared test")
                    .for_case(&case.id)
                    .for_hypothesis(hypothesis)
                    .for_evidence(&study.evidence[strongest].id)
                    .with_help(format!(
                        "weigh the contrary evidence in the verdict on `{hypothesis}` for this case, or say why it does not bear on it"
                    )),
            );
        }
    }
}
