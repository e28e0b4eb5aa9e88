//! The report's `causal_model` block and each model-derived item's
//! `likelihood_from_model` (format 1.2): which model, at which parameter
//! point, and which likelihoods and priors came from it. Small, so built as
//! `serde_json::Value`s.

use probative::model::Study;
use probative::model::causal::ModelLikelihood;
use serde_json::{Value, json};

/// The `causal_model` object, when the study is built on a model.
pub fn value(study: &Study) -> Option<Value> {
    let link = study.causal.as_ref()?;
    Some(json!({
        "file": link.model,
        "using": link.using,
        "point": link.point,
        "priors_from_model": link.priors_given.is_some(),
        "priors_given": link.priors_given,
        "queries": link.queries.iter().map(|(id, q)| json!({ "hypothesis": id, "query": q })).collect::<Vec<_>>(),
        "givens": link.givens.iter().map(|(id, g)| json!({ "case": id, "given": g })).collect::<Vec<_>>(),
    }))
}

/// An item's `likelihood_from_model`, when its likelihoods came from a clue.
pub fn item(study: &Study, evidence: &str) -> Option<Value> {
    let from: &ModelLikelihood = study.causal.as_ref()?.likelihood(evidence)?;
    Some(json!({
        "clue": from.clue,
        "given": from.given,
        "formula": from.formula(),
    }))
}
