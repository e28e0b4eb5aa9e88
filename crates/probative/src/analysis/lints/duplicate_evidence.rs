use rustc_hash::FxHashMap;

use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns when two items cite the same `source` at the same `locator`, or
    /// carry the same `quote`, and neither lists the other in `depends_on`.
    /// It is reported on the later item and names the earlier.
    ///
    /// ## Why is this bad?
    /// The engine multiplies items as independent given each hypothesis.
    /// Entering one passage twice counts it twice: its weight in decibels
    /// doubles, and so does the apparent strength of the case. Merge the
    /// items, or state the dependence so the likelihoods of the later one
    /// are judged given the earlier.
    ///
    /// ## Example
    /// ```toml
    /// [[evidence]]
    /// id = "e7"
    /// source = "parsi2007"
    /// locator = "p. 248"
    /// depends_on = ["e6"]   # e6 cites the same page
    /// ```
    ///
    /// ## References
    /// - Schum, D. A. (1994). *The Evidential Foundations of Probabilistic
    ///   Reasoning*. Wiley (redundant and corroborative evidence).
    /// - Fairfield, T., & Charman, A. E. (2022). *Social Inquiry and
    ///   Bayesian Inference*. Cambridge University Press (dependence).
    DUPLICATE_EVIDENCE, "duplicate-evidence", Severity::Warning,
    "two items share source and locator, or quote, without depends_on",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let evidence = &cx.study.evidence;
    let linked = |a: usize, b: usize| {
        evidence[a].depends_on.contains(&b) || evidence[b].depends_on.contains(&a)
    };
    let mut by_place: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    let mut by_quote: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (e, item) in evidence.iter().enumerate() {
        let mut earlier: Option<(usize, &str)> = None;
        if let (Some(source), Some(locator)) = (item.source.as_deref(), item.locator.as_deref())
            && !locator.trim().is_empty()
        {
            let group = by_place.entry((source, locator)).or_default();
            earlier = group
                .iter()
                .copied()
                .find(|&f| !linked(e, f))
                .map(|f| (f, "cites the same source and locator as"));
            group.push(e);
        }
        if let Some(quote) = item.quote.as_deref().filter(|q| !q.trim().is_empty()) {
            let group = by_quote.entry(quote).or_default();
            if earlier.is_none() {
                earlier = group
                    .iter()
                    .copied()
                    .find(|&f| !linked(e, f))
                    .map(|f| (f, "has the same quote as"));
            }
            group.push(e);
        }
        if let Some((f, how)) = earlier {
            let first = &evidence[f];
            out.push(
                DUPLICATE_EVIDENCE
                    .diagnostic(format!("`{}` {how} `{}`", item.id, first.id))
                    .at(item.spans.item.start..item.spans.item.start)
                    .with_label(first.spans.item.start..first.spans.item.start, format!("`{}` is here", first.id))
                    .for_evidence(&item.id)
                    .with_help(format!("merge the two, or add `depends_on = [\"{}\"]` and judge the likelihoods given it", first.id)),
            );
        }
    }
}
