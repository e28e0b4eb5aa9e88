//! Reports: an analysis → the JSON document (`probative-causal/1`) and the
//! text a person reads.
//!
//! This module owns the only serialised type of the crate and the text
//! layout. Both are pure functions of the study and the analysis; printing
//! is the command's job. Numbers are rounded to 12 significant digits so
//! that exact values read exactly (0.2, not 0.19999999999999998).

use crate::clues::ClueRanking;
use crate::data::Data;
use crate::estimate::{Analysis, Estimate};
use crate::model::Study;
use crate::nodal;
use serde::Serialize;
use std::fmt::Write as _;

/// The schema name written into every JSON report.
pub const SCHEMA: &str = "probative-causal/1";

/// The JSON report.
#[derive(Debug, Serialize)]
pub struct Report {
    schema: &'static str,
    model: ModelSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    sampler: Option<SamplerSummary>,
    results: Vec<ResultRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    clues: Vec<ClueTable>,
}

#[derive(Debug, Serialize)]
struct ModelSummary {
    nodes: Vec<String>,
    /// Every edge as [parent, child], children in causal order.
    edges: Vec<[String; 2]>,
    parameters: usize,
    causal_types: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SamplerSummary {
    method: String,
    draws: usize,
    seed: u64,
    effective_sample_size_min: u64,
    rhat_max: f64,
}

#[derive(Debug, Serialize)]
struct ResultRow {
    query: String,
    expression: String,
    given: String,
    using: &'static str,
    case_level: bool,
    mean: Option<f64>,
    sd: Option<f64>,
    interval: Option<[f64; 2]>,
    mc_se: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Debug, Serialize)]
struct ClueTable {
    query: String,
    expression: String,
    case: String,
    using: &'static str,
    prior: Option<f64>,
    prior_variance: Option<f64>,
    prior_mc_se: Option<f64>,
    clues: Vec<ClueRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Debug, Serialize)]
struct ClueRow {
    node: String,
    p_clue: f64,
    p_clue_given_query: Option<f64>,
    p_clue_given_not_query: Option<f64>,
    posterior_if_clue_1: Option<f64>,
    posterior_if_clue_0: Option<f64>,
    expected_posterior_variance: f64,
    /// The Monte Carlo errors of the numbers above, when they are sampled.
    mc_se: Option<ClueErrors>,
}

#[derive(Debug, Serialize)]
struct ClueErrors {
    p_clue: Option<f64>,
    p_clue_given_query: Option<f64>,
    p_clue_given_not_query: Option<f64>,
    posterior_if_clue_1: Option<f64>,
    posterior_if_clue_0: Option<f64>,
    expected_posterior_variance: Option<f64>,
}

/// Rounds to 12 significant digits.
pub fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return if x == 0.0 { 0.0 } else { x };
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

fn round_opt(x: Option<f64>) -> Option<f64> {
    x.map(round)
}

impl Report {
    /// Builds the report.
    pub fn new(study: &Study, analysis: &Analysis) -> Self {
        let model = &study.model;
        Self {
            schema: SCHEMA,
            model: ModelSummary {
                nodes: model.nodes.iter().map(|n| n.name.clone()).collect(),
                edges: crate::html::edges(model)
                    .into_iter()
                    .map(|(p, c)| [model.nodes[p].name.clone(), model.nodes[c].name.clone()])
                    .collect(),
                parameters: model.n_params(),
                causal_types: analysis.causal_types,
                notes: model.notes.clone(),
            },
            sampler: analysis.sampler.as_ref().map(|s| SamplerSummary {
                method: s.method.clone(),
                draws: s.draws,
                seed: s.seed,
                effective_sample_size_min: s.effective_sample_size_min.round() as u64,
                rhat_max: (s.rhat_max * 10_000.0).round() / 10_000.0,
            }),
            results: analysis.results.iter().map(result_row).collect(),
            clues: analysis.clues.iter().map(clue_table).collect(),
        }
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn result_row(e: &Estimate) -> ResultRow {
    ResultRow {
        query: e.query.clone(),
        expression: e.expression.clone(),
        given: e.given.clone(),
        using: e.using.name(),
        case_level: e.case_level,
        mean: round_opt(e.mean),
        sd: round_opt(e.sd),
        interval: e.interval.map(|[a, b]| [round(a), round(b)]),
        mc_se: round_opt(e.mc_se),
        message: e.message.clone(),
    }
}

fn clue_table(c: &ClueRanking) -> ClueTable {
    ClueTable {
        query: c.query.clone(),
        expression: c.expression.clone(),
        case: c.case.clone(),
        using: c.using.name(),
        prior: round_opt(c.prior),
        prior_variance: round_opt(c.prior_variance),
        prior_mc_se: round_opt(c.prior_mc_se),
        clues: c
            .clues
            .iter()
            .map(|k| ClueRow {
                node: k.node.clone(),
                p_clue: round(k.probability),
                p_clue_given_query: round_opt(k.given_query),
                p_clue_given_not_query: round_opt(k.given_not_query),
                posterior_if_clue_1: round_opt(k.posterior_if_1),
                posterior_if_clue_0: round_opt(k.posterior_if_0),
                expected_posterior_variance: round(k.expected_posterior_variance),
                mc_se: k.mc_se.map(|e| ClueErrors {
                    p_clue: round_opt(e[0]),
                    p_clue_given_query: round_opt(e[1]),
                    p_clue_given_not_query: round_opt(e[2]),
                    posterior_if_clue_1: round_opt(e[3]),
                    posterior_if_clue_0: round_opt(e[4]),
                    expected_posterior_variance: round_opt(e[5]),
                }),
            })
            .collect(),
        message: c.message.clone(),
    }
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.4}"))
}

/// The text report.
pub fn to_text(study: &Study, analysis: &Analysis, data: Option<&Data>) -> String {
    let model = &study.model;
    let mut out = String::new();
    let _ = writeln!(out, "Causal model  {}", model.dag);
    let _ = writeln!(out, "  edges    {}", crate::html::edge_list(model));
    for node in &model.nodes {
        let parents: Vec<&str> = node
            .parents
            .iter()
            .map(|&p| model.nodes[p].name.as_str())
            .collect();
        let mut line = if parents.is_empty() {
            format!("  {:<8} root", node.name)
        } else {
            format!("  {:<8} <- {}", node.name, parents.join(", "))
        };
        if !node.conditioners.is_empty() {
            let with: Vec<&str> = node
                .conditioners
                .iter()
                .map(|&c| model.nodes[c].name.as_str())
                .collect();
            let _ = write!(line, "; confounded with {}", with.join(", "));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "  {} parameters in {} sets, {} causal types",
        model.n_params(),
        model.sets.iter().filter(|s| !s.types.is_empty()).count(),
        analysis.causal_types
    );
    // Sets no causal type uses have no parameters and are not listed.
    let live: Vec<usize> = (0..model.sets.len())
        .filter(|&s| !model.sets[s].types.is_empty())
        .collect();
    let shown = live.len().min(12);
    for &s in &live[..shown] {
        let set = &model.sets[s];
        let digits = model.nodes[set.node].digits;
        let mut labels: Vec<String> = set
            .types
            .iter()
            .take(8)
            .map(|&t| nodal::label(t, digits))
            .collect();
        if set.types.len() > 8 {
            labels.push(format!("… ({} types)", set.types.len()));
        }
        let _ = writeln!(out, "    {:<12} {}", model.set_name(s), labels.join(" "));
    }
    if live.len() > shown {
        let _ = writeln!(out, "    … {} more sets", live.len() - shown);
    }
    if !model.restrictions.is_empty() {
        out.push_str("  restrictions\n");
        for r in &model.restrictions {
            let _ = writeln!(out, "    {r}");
        }
    }
    for note in &model.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    if let Some(data) = data {
        let _ = writeln!(
            out,
            "\nData  {} cases in {} events",
            data.cases,
            data.events.len()
        );
        for w in &data.warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
    }
    if let Some(s) = &analysis.sampler {
        if s.method == crate::exact::METHOD {
            let _ = writeln!(
                out,
                "\nPosterior  exact (a mixture of Dirichlets); {} independent draws for population-level values, seed {}",
                s.draws, s.seed
            );
        } else {
            let _ = writeln!(
                out,
                "\nSampler  {}: {} chains × {} draws (one kept every {} iterations, after {} warm-up iterations), seed {}",
                s.method,
                s.chains,
                s.draws / s.chains.max(1),
                s.thin,
                s.warmup,
                s.seed
            );
        }
        let _ = writeln!(
            out,
            "  smallest effective sample size {:.0}, largest R-hat {:.4} (over {} quantities)",
            s.effective_sample_size_min, s.rhat_max, s.tracked
        );
    }
    out.push_str("\nResults\n");
    let given_width = analysis
        .results
        .iter()
        .map(|r| r.given.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let name_width = analysis
        .results
        .iter()
        .map(|r| r.query.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "  {:<name_width$}  {:<given_width$}  {:<10}  {:<10}  {:>7}  {:>7}  {:>17}  {:>7}",
        "query", "given", "using", "level", "mean", "sd", "95% interval", "mc_se"
    );
    for r in &analysis.results {
        let interval = r
            .interval
            .map_or_else(|| "-".to_string(), |[a, b]| format!("[{a:.4}, {b:.4}]"));
        let _ = writeln!(
            out,
            "  {:<name_width$}  {:<given_width$}  {:<10}  {:<10}  {:>7}  {:>7}  {:>17}  {:>7}",
            r.query,
            r.given,
            r.using.name(),
            match (r.using, r.case_level) {
                (crate::model::Using::Parameters, _) => "-",
                (_, true) => "case",
                (_, false) => "population",
            },
            num(r.mean),
            num(r.sd),
            interval,
            num(r.mc_se)
        );
        if let Some(m) = &r.message {
            let _ = writeln!(out, "    ({m})");
        }
    }
    if analysis.results.is_empty() {
        out.push_str("  (the model file has no [[query]])\n");
    }
    let exact = analysis
        .results
        .iter()
        .any(|r| r.mean.is_some() && r.mc_se.is_none());
    if exact {
        out.push_str("  (values without mc_se are exact)\n");
    }
    for c in &analysis.clues {
        let _ = writeln!(
            out,
            "\nClues for {} ({}) in the case {} ({}, case level)",
            c.query,
            c.expression,
            c.case,
            c.using.name()
        );
        if let Some(m) = &c.message {
            let _ = writeln!(out, "  {m}");
            continue;
        }
        let _ = writeln!(
            out,
            "  before any clue: {} (variance {})",
            num(c.prior),
            num(c.prior_variance)
        );
        let _ = writeln!(
            out,
            "  {:<8}  {:>7}  {:>8}  {:>12}  {:>8}  {:>8}  {:>11}",
            "clue", "P(K=1)", "P(K=1|Q)", "P(K=1|not Q)", "P(Q|K=1)", "P(Q|K=0)", "E[post var]"
        );
        for k in &c.clues {
            let _ = writeln!(
                out,
                "  {:<8}  {:>7}  {:>8}  {:>12}  {:>8}  {:>8}  {:>11}",
                k.node,
                num(Some(k.probability)),
                num(k.given_query),
                num(k.given_not_query),
                num(k.posterior_if_1),
                num(k.posterior_if_0),
                num(Some(k.expected_posterior_variance))
            );
        }
        let largest = c
            .clues
            .iter()
            .filter_map(|k| k.mc_se)
            .flat_map(|e| e.into_iter().flatten())
            .chain(c.prior_mc_se)
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        if let Some(largest) = largest {
            let _ = writeln!(
                out,
                "  (sampled: every number above has an mc_se, at most {largest:.4}; see the JSON report)"
            );
        }
    }
    out
}
