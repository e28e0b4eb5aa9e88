use super::reading::carried_weight;
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::SourceKind;

declare_lint! {
    /// ## What it does
    /// Warns about an item whose source is an opinion (`source_kind =
    /// "opinion"`: a commentator's, a scholar's or a party's judgment, not an
    /// observation) when it carries a declared test or tells two hypotheses
    /// apart by 1 dB or more.
    ///
    /// ## Why is this bad?
    /// That an authority, or one side of a conflict, holds a view is evidence
    /// only of the view. In Bayesian terms an appeal to authority is worth as
    /// much as the authority's judgment would differ were the hypothesis
    /// false, and for a commentator arguing the same thesis, or a party with
    /// a stake in the story, that difference is small. Cited to "reinforce" a
    /// conclusion, such a view adds confidence the evidence has not earned.
    ///
    /// ## Example
    /// ```toml
    /// claim = "Khamenei says the hostility comes from the Islamic Republic's identity."
    /// source_kind = "opinion"
    /// likelihood = { empire = 0.8, lobby = 0.3 }
    /// ```
    ///
    /// ## References
    /// - Hahn, U., & Oaksford, M. (2007). The rationality of informal
    ///   argumentation: A Bayesian approach to reasoning fallacies.
    ///   *Psychological Review*, 114(3), 704–732 (the argument from
    ///   authority).
    /// - Trachtenberg, M. (2006). *The Craft of International History*.
    ///   Princeton University Press.
    AUTHORITY_AS_EVIDENCE, "authority-as-evidence", Severity::Warning,
    "an opinion carries a test or weight",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        if evidence.source_kind != Some(SourceKind::Opinion) {
            continue;
        }
        let Some(carries) = carried_weight(evidence, item) else {
            continue;
        };
        out.push(
            AUTHORITY_AS_EVIDENCE
                .diagnostic(format!(
                    "`{}` is an opinion, yet it {carries}",
                    evidence.id
                ))
                .at(evidence.spans.item.clone())
                .for_evidence(&evidence.id)
                .with_help("an opinion is evidence of the opinion: weigh the observations it rests on instead, or give it equal likelihoods"),
        );
    }
}
