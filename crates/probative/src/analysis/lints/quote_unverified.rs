use super::reading::carried_weight;
use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::QuoteStatus;

declare_lint! {
    /// ## What it does
    /// Warns about an item whose quotation was not checked against its
    /// source (`quote_status = "as-cited"`: taken from a secondary text) or
    /// is not the source's own words (`quote_status = "paraphrase"`), when
    /// it carries a declared test or tells two hypotheses apart by 1 dB or
    /// more.
    ///
    /// ## Why is this bad?
    /// A quotation that carries weight must be the source's words, found
    /// where the citation says. Quotations copied from other authors drift,
    /// lose their context and are sometimes misquoted; a paraphrase in
    /// quotation marks puts the analyst's reading in the source's mouth.
    /// Transparency standards for qualitative research ask that evidence
    /// that carries an inference be traceable to the original.
    ///
    /// ## Example
    /// ```toml
    /// quote = "States like these constitute an axis of evil"
    /// quote_status = "as-cited"     # copied from a history, not the speech
    /// declared_test = "smoking-gun"
    /// ```
    ///
    /// ## References
    /// - Moravcsik, A. (2010). Active citation: A precondition for replicable
    ///   qualitative research. *PS: Political Science & Politics*, 43(1),
    ///   29–35.
    /// - Moravcsik, A. (2014). Transparency: The revolution in qualitative
    ///   research. *PS: Political Science & Politics*, 47(1), 48–53.
    QUOTE_UNVERIFIED, "quote-unverified", Severity::Warning,
    "a quotation not checked against its source carries a test or weight",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        let status = match evidence.quote_status {
            Some(QuoteStatus::AsCited) => {
                "taken from a secondary text, not checked against the original"
            }
            Some(QuoteStatus::Paraphrase) => "a paraphrase, not the source's own words",
            _ => continue,
        };
        let Some(carries) = carried_weight(evidence, item) else {
            continue;
        };
        out.push(
            QUOTE_UNVERIFIED
                .diagnostic(format!(
                    "`{}` {carries}, but its quotation is {status}",
                    evidence.id
                ))
                .at(evidence
                    .spans
                    .quote_status
                    .clone()
                    .unwrap_or(evidence.spans.item.clone()))
                .for_evidence(&evidence.id)
                .with_help("check the words against the original source and cite it there, or weigh the item as the secondary text's report"),
        );
    }
}
