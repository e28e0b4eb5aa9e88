use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Warns about an evidence item that moves belief (some weight of
    /// evidence of at least 1 dB, after its reliability) but cites no
    /// `source`.
    ///
    /// ## Why is this bad?
    /// An observation without a source is the author's assertion. It may be
    /// true, but no reader can check it, weigh the source's access and
    /// motives, or see whether it duplicates another item. In a published
    /// study, such claims often carry the argument at exactly the points
    /// where the documentary record is thin. Cite the record. Lowering the
    /// item's `reliability` says how far the bare assertion can be trusted
    /// and shrinks its weight; the rule still fires while that weight is
    /// 1 dB or more, because the conclusion then still leans on it.
    ///
    /// ## Example
    /// ```toml
    /// [[evidence]]
    /// id = "renege"
    /// claim = "The administration reneged on its promise of reciprocity."
    /// likelihood = { empire = 0.9, lobby = 0.4 }   # no source, no reliability
    /// ```
    ///
    /// ## References
    /// - Moravcsik, A. (2010). Active citation: A precondition for
    ///   replicable qualitative research. *PS: Political Science & Politics*,
    ///   43(1), 29–35.
    /// - Trachtenberg, M. (2006). *The Craft of International History*.
    ///   Princeton University Press, ch. 5 (working with sources).
    UNSOURCED_EVIDENCE, "unsourced-evidence", Severity::Warning,
    "an item that moves belief cites no source",
    check
}

/// Items weaker than this many dB between every pair are left to
/// `non-diagnostic`.
const MATTERS_DB: f64 = 1.0;

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        if evidence.source.is_some() {
            continue;
        }
        let weight = item.diagnosticity_db();
        if weight < MATTERS_DB {
            continue;
        }
        let weight = if weight.is_finite() {
            format!("{weight:.1} dB")
        } else {
            "an infinite weight".to_owned()
        };
        out.push(
            UNSOURCED_EVIDENCE
                .diagnostic(format!("`{}` carries up to {weight} but cites no source", evidence.id))
                .at(evidence.spans.item.start..evidence.spans.item.start)
                .for_evidence(&evidence.id)
                .with_help("add `source` and `locator`; a `reliability` below 1 discounts an unsourced claim, but it still carries this weight"),
        );
    }
}
