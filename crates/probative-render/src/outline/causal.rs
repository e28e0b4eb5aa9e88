//! The "Causal model" section of the text and Markdown reports (format
//! 1.2): which model the study is built on, at which parameter point, each
//! hypothesis's query and each likelihood the model gave.
//!
//! It shows no number: the priors and likelihoods it speaks of are in the
//! hypotheses and evidence tables, and in the JSON report.

use probative::model::Study;
use probative::model::causal::{CausalLink, ModelLikelihood};

use super::{Block, Inline, code, text};
use crate::Report;

/// Appends the section when the study is built on a causal model.
pub fn section(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let study = r.study;
    let Some(link) = study.causal.as_ref() else {
        return;
    };
    blocks.push(Block::Heading("Causal model".into()));
    blocks.push(Block::Paragraph(vec![text(summary(link))]));
    let queries = link
        .queries
        .iter()
        .map(|(id, query)| (None, vec![code(id.clone()), text(format!(": {query}"))]))
        .collect();
    blocks.push(Block::List(queries));
    blocks.push(Block::Subheading("Likelihoods from the model".into()));
    blocks.push(Block::Paragraph(vec![text(items_words(study, link))]));
    if link.likelihoods.is_empty() {
        return;
    }
    let items = link
        .likelihoods
        .iter()
        .map(|from| (None, item(study, from)))
        .collect();
    blocks.push(Block::List(items));
}

/// What the study took from its model, in sentences: the file, the
/// parameter point and where the priors came from.
pub fn summary(link: &CausalLink) -> String {
    let priors = match &link.priors_given {
        Some(given) if given == "TRUE" => {
            "The priors are the model's probabilities of the queries.".to_owned()
        }
        Some(given) => format!("The priors are the model's P(query | {given})."),
        None => "The priors are the study's own.".to_owned(),
    };
    format!(
        "The study is built on the causal model {}, whose probabilities are taken at {} ({}). {priors} Each hypothesis is a query of the model:",
        link.model, link.point, link.using
    )
}

/// How many items took their likelihoods from the model.
pub fn items_words(study: &Study, link: &CausalLink) -> String {
    let n = link.likelihoods.len();
    match n {
        0 => "No item takes its likelihoods from the model.".to_owned(),
        _ => format!(
            "{n} of {} item{} take{} {} likelihoods from the model, P(clue | what is known of the case, H):",
            study.evidence.len(),
            if study.evidence.len() == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            if n == 1 { "its" } else { "their" },
        ),
    }
}

/// One model-derived item: its id, whether it was found, and the formula.
fn item(study: &Study, from: &ModelLikelihood) -> Vec<Inline> {
    let found = study
        .evidence
        .iter()
        .find(|e| e.id == from.evidence)
        .is_none_or(|e| e.observed);
    vec![
        code(from.evidence.clone()),
        text(if found { " (found)" } else { " (not found)" }),
        text(format!(": from the model, {}", from.formula())),
    ]
}
