use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Notes a panel of two or more analysts who give the same priors and
    /// the same likelihoods (and reliabilities) on every diagnostic item any
    /// of them judges.
    ///
    /// ## Why is this bad?
    /// Independent analysts of a contestable record disagree somewhere. A
    /// panel that never does either judged together (so its agreement
    /// measures one discussion, not several judgments) or copied one file:
    /// the pool then counts one voice several times and the report's
    /// agreement figures say nothing. Intelligence practice has each analyst
    /// judge alone before the group compares, because groups that start
    /// alike entrench their bias.
    ///
    /// ## Example
    /// `analysts/ra.toml` and `analysts/kb.toml` judge the same four items
    /// with the same terms.
    ///
    /// ## References
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*. CIA
    ///   Center for the Study of Intelligence (ch. 8, Analysis of Competing
    ///   Hypotheses).
    /// - Krippendorff, K. (2018). *Content Analysis* (4th ed.). Sage (coders
    ///   must work independently for agreement to mean reliability).
    UNANIMOUS_PANEL, "unanimous-panel", Severity::Note,
    "every analyst gives the same judgments",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(panel) = cx.analysts else {
        return;
    };
    let [first, rest @ ..] = panel.members.as_slice() else {
        return;
    };
    if rest.is_empty()
        || rest
            .iter()
            .any(|m| m.analyst.priors != first.analyst.priors)
    {
        return;
    }
    let study = cx.study;
    let k = study.hypotheses.len();
    for e in 0..study.evidence.len() {
        let judged = panel
            .members
            .iter()
            .any(|m| m.analyst.judgment(e).is_some());
        // Diagnostic: for some analyst the item tells two hypotheses apart.
        let diagnostic = panel
            .members
            .iter()
            .any(|m| (1..k).any(|i| m.factor(e, i) != m.factor(e, 0)));
        if !judged || !diagnostic {
            continue;
        }
        let same = rest.iter().all(|m| {
            m.analyst.reliability(study, e) == first.analyst.reliability(study, e)
                && (0..k).all(|i| {
                    m.analyst.likelihood(study, e, i) == first.analyst.likelihood(study, e, i)
                })
        });
        if !same {
            return;
        }
    }
    let names: Vec<&str> = panel
        .members
        .iter()
        .map(|m| m.analyst.id.as_str())
        .collect();
    out.push(
        UNANIMOUS_PANEL
            .diagnostic(format!(
                "the analysts {} give the same priors and likelihoods on every item they judge",
                super::list(&names)
            ))
            .with_help("have each analyst judge alone, from the shared record, before comparing; if the panel is one voice, keep one file"),
    );
}
