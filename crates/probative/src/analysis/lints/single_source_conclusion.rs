use super::{Context, declare_lint};
use crate::analysis::{LogScore, beats, reaches};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when the leading hypothesis would no longer strictly lead
    /// without the items that cite one source: some other hypothesis's
    /// posterior would reach the leader's. An item belongs to its `source`
    /// and to every key of its `via` (the sources through which the report
    /// reached it), so a conclusion resting on one origin is found even when
    /// it arrives through several publications. The removal takes along
    /// every item that depends on a removed one (`depends_on`, directly or
    /// through others), and says how many it added. Items without a source
    /// are never grouped.
    ///
    /// ## Why is this bad?
    /// A conclusion that hangs on one memoir, one journalist or one archive
    /// is only as good as that source, whatever the number of items drawn
    /// from it. Heuer calls such evidence a linchpin: it deserves a second
    /// look at the source's access, motives and independence, and a search
    /// for corroboration.
    ///
    /// ## Example
    /// Three items from `parsi2007` carry `empire` past `hardliners`;
    /// without them `hardliners` leads.
    ///
    /// ## References
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*, ch. 8,
    ///   step 6 (linchpin evidence).
    /// - Bennett, A., & Checkel, J. T. (2015). *Process Tracing*, best
    ///   practice 3 (the biases of sources).
    /// - Trachtenberg, M. (2006). *The Craft of International History*.
    ///   Princeton University Press.
    SINGLE_SOURCE_CONCLUSION, "single-source-conclusion", Severity::Warning,
    "the leader depends on the items of one source",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let analysis = cx.analysis;
    let leader = analysis.leader.leader;
    let count = analysis.scores.len();
    for group in &analysis.sources {
        let without: Vec<LogScore> = (0..count)
            .map(|i| analysis.scores[i].minus(group.scores[i]))
            .collect();
        // The hypothesis that would lead among those that reach the leader.
        let mut challenger: Option<usize> = None;
        for j in (0..count).filter(|&j| j != leader) {
            if reaches(without[j], without[leader]) {
                challenger = match challenger {
                    Some(c) if !beats(without[j], without[c]) => Some(c),
                    _ => Some(j),
                };
            }
        }
        let Some(j) = challenger else { continue };
        let (l, c) = (&cx.study.hypotheses[leader].id, &cx.study.hypotheses[j].id);
        let n = group.items.len();
        // A tie is enough for the rule; the message says which it is.
        let outcome = if beats(without[j], without[leader]) {
            format!("`{c}` would lead instead of `{l}`")
        } else {
            format!("`{c}` would tie with `{l}`")
        };
        let along = match group.dependents.len() {
            0 => String::new(),
            1 => " (and 1 item that depends on them)".to_owned(),
            d => format!(" (and {d} items that depend on them)"),
        };
        out.push(
            SINGLE_SOURCE_CONCLUSION
                .diagnostic(format!(
                    "without the {n} item{} citing `{}`{along}, {outcome}",
                    if n == 1 { "" } else { "s" },
                    group.key
                ))
                .for_source(&group.key)
                .for_hypothesis(c)
                .with_help(format!(
                    "the conclusion rests on `{}`: corroborate it with an independent source",
                    group.key
                )),
        );
    }
}
