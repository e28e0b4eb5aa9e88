//! The causal report as one self-contained HTML page: the DAG drawn in SVG,
//! the parameters, the results and the clue rankings in words.
//!
//! A pure function of the study and the analysis, like the text and JSON
//! reports beside it. The page loads nothing (a Content-Security-Policy
//! forbids every fetch) and every piece of text from the model file is
//! escaped. It shares the study report's look: the same fonts, rules and
//! accent. The DAG is laid out here, without external tools: nodes in
//! layers by causal order (a node one layer right of its latest parent),
//! spread vertically within a layer, edges as arrows.

use std::fmt::Write as _;

use crate::clues::{Clue, ClueRanking};
use crate::data::Data;
use crate::estimate::Analysis;
use crate::model::{CausalModel, Study, Using};
use crate::nodal;

/// What the page may load: nothing but its own inline style.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #d4d4d4; --paper: #ffffff; --tint: #f5f4f0; --accent: #0b5394;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "Times New Roman", serif;
  --sans: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  --mono: "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8e6e1; --muted: #a8a49c; --rule: #4a4a4a; --paper: #161616; --tint: #24231f; --accent: #8cb8e8; } }
:root { color-scheme: light dark; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { margin: 0 auto; max-width: 60rem; padding: 2.5rem 1.2rem 4rem; font: 16px/1.55 var(--serif); }
h1, h2, h3, table, figcaption, footer, .kicker { font-family: var(--sans); }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 0.8rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.5rem; }
code { font-family: var(--mono); font-size: 0.86em; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.78rem; color: var(--muted); margin: 0; }
.muted, figcaption { color: var(--muted); }
figure { margin: 1rem 0 1.4rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; margin-top: 0.3rem; }
svg text { font-family: var(--sans); font-size: 14px; fill: var(--ink); }
svg .node rect { fill: var(--tint); stroke: var(--ink); stroke-width: 1.5; }
svg .edge { fill: none; stroke: var(--ink); stroke-width: 1.5; }
svg .confounded { fill: none; stroke: var(--accent); stroke-width: 1.5; stroke-dasharray: 5 4; }
svg marker path { fill: var(--ink); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.6rem 0; }
th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-size: 0.85rem; color: var(--muted); padding-bottom: 0.3rem; }
ul.clues li { margin: 0.3rem 0; }
footer { margin-top: 3rem; font-size: 0.82rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 0.6rem; }
"#;

/// Escapes text for HTML element content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.4}"))
}

/// The page.
pub fn to_html(study: &Study, analysis: &Analysis, data: Option<&Data>) -> String {
    let model = &study.model;
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"probative\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>Causal model {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<p class=\"kicker\">Causal-model report</p>\n<h1>{}</h1>\n</header>\n<main>\n",
        escape(&model.dag),
        escape(&model.dag)
    );
    let _ = writeln!(
        out,
        "<h2 id=\"dag\">The model</h2>\n<figure>\n{}<figcaption>Figure 1. The DAG, in causal order from left to right: an arrow runs from each parent to its child{}. Edges: {}.</figcaption>\n</figure>",
        dag_svg(model),
        if model.nodes.iter().any(|n| !n.conditioners.is_empty()) {
            "; a dashed arc joins nodes whose types are confounded"
        } else {
            ""
        },
        escape(&edge_list(model))
    );
    parameters(model, analysis, &mut out);
    if let Some(d) = data {
        let _ = writeln!(
            out,
            "<h2 id=\"data\">Data</h2>\n<p>{} cases in {} events.</p>",
            d.cases,
            d.events.len()
        );
        for w in &d.warnings {
            let _ = writeln!(out, "<p><strong>Warning:</strong> {}</p>", escape(w));
        }
    }
    results(analysis, &mut out);
    for (n, c) in analysis.clues.iter().enumerate() {
        clues(c, n, &mut out);
    }
    let _ = writeln!(
        out,
        "</main>\n<footer><p>Written by probative {}. Every number on this page is also in \
         <code>probative causal --format json</code>.</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// "X -> M, M -> Y": every edge, parent first, in causal order.
pub fn edge_list(model: &CausalModel) -> String {
    edges(model)
        .iter()
        .map(|&(p, c)| format!("{} -> {}", model.nodes[p].name, model.nodes[c].name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every edge as (parent, child) indices, children in causal order and
/// each child's parents in edge order.
pub fn edges(model: &CausalModel) -> Vec<(usize, usize)> {
    model
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(c, node)| node.parents.iter().map(move |&p| (p, c)))
        .collect()
}

/// Each node's layer: 0 for a root, else one more than its latest parent.
/// Nodes come in causal order, so parents are placed before children.
pub fn layers(model: &CausalModel) -> Vec<usize> {
    let mut layer = vec![0; model.nodes.len()];
    for (i, node) in model.nodes.iter().enumerate() {
        layer[i] = node
            .parents
            .iter()
            .map(|&p| layer[p] + 1)
            .max()
            .unwrap_or(0);
    }
    layer
}

const LAYER_GAP: f64 = 150.0;
const ROW_GAP: f64 = 70.0;
const MARGIN: f64 = 20.0;
const BOX_H: f64 = 34.0;

/// The DAG as SVG: boxes in layers, arrows between them.
fn dag_svg(model: &CausalModel) -> String {
    let layer = layers(model);
    let n_layers = layer.iter().max().map_or(1, |m| m + 1);
    let mut rows = vec![0usize; n_layers];
    let mut row = vec![0usize; model.nodes.len()];
    for (i, &l) in layer.iter().enumerate() {
        row[i] = rows[l];
        rows[l] += 1;
    }
    let tallest = rows.iter().copied().max().unwrap_or(1);
    let box_w = |i: usize| 26.0 + 9.0 * model.nodes[i].name.chars().count() as f64;
    let widest = (0..model.nodes.len()).map(box_w).fold(40.0, f64::max);
    // Edges that skip a layer may bow around the nodes between: a little
    // room above and below.
    let skips = edges(model).iter().any(|&(p, c)| layer[c] - layer[p] > 1);
    let top = MARGIN + if skips { 12.0 } else { 0.0 };
    let width = 2.0 * MARGIN + (n_layers - 1) as f64 * LAYER_GAP + widest;
    let height = 2.0 * top + (tallest - 1) as f64 * ROW_GAP + BOX_H;
    // Each layer centred vertically.
    let centre = |i: usize| {
        let offset = (tallest - rows[layer[i]]) as f64 * ROW_GAP / 2.0;
        (
            MARGIN + layer[i] as f64 * LAYER_GAP + widest / 2.0,
            top + BOX_H / 2.0 + offset + row[i] as f64 * ROW_GAP,
        )
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"dag-title\">\n\
         <title id=\"dag-title\">DAG: {}</title>\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>",
        escape(&edge_list(model))
    );
    for (p, c) in edges(model) {
        let ((x1, y1), (x2, y2)) = (centre(p), centre(c));
        let (x1, x2) = (x1 + box_w(p) / 2.0, x2 - box_w(c) / 2.0);
        // A straight edge that skips a layer could run through a node
        // between: it bows around the nearest such node instead, on the
        // side the straight line passes (a quadratic curve reaches halfway
        // to its control point).
        let (mid_x, mid_y) = (f64::midpoint(x1, x2), f64::midpoint(y1, y2));
        let blocking = (0..model.nodes.len())
            .filter(|&k| layer[k] > layer[p] && layer[k] < layer[c])
            .map(&centre)
            .filter(|&(kx, ky)| {
                let t = (kx - x1) / (x2 - x1);
                (y1 + t * (y2 - y1) - ky).abs() < BOX_H / 2.0 + 8.0
            })
            .min_by(|a, b| (a.0 - mid_x).abs().total_cmp(&(b.0 - mid_x).abs()));
        if let Some((_, ky)) = blocking {
            let clear = BOX_H / 2.0 + 12.0;
            let peak = if mid_y <= ky { ky - clear } else { ky + clear };
            let control = 2.0 * peak - mid_y;
            let _ = writeln!(
                out,
                "<path class=\"edge\" d=\"M{x1:.1},{y1:.1} Q{mid_x:.1},{control:.1} {x2:.1},{y2:.1}\" marker-end=\"url(#arrow)\"/>"
            );
        } else {
            let _ = writeln!(
                out,
                "<path class=\"edge\" d=\"M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}\" marker-end=\"url(#arrow)\"/>"
            );
        }
    }
    for (i, node) in model.nodes.iter().enumerate() {
        for &c in &node.conditioners {
            if c < i {
                let ((x1, y1), (x2, y2)) = (centre(c), centre(i));
                let _ = writeln!(
                    out,
                    "<path class=\"confounded\" d=\"M{x1:.1},{:.1} Q{:.1},{:.1} {x2:.1},{:.1}\"/>",
                    y1 + BOX_H / 2.0,
                    f64::midpoint(x1, x2),
                    y1.max(y2) + BOX_H / 2.0 + ROW_GAP / 2.0,
                    y2 + BOX_H / 2.0
                );
            }
        }
    }
    for (i, node) in model.nodes.iter().enumerate() {
        let (x, y) = centre(i);
        let w = box_w(i);
        let _ = writeln!(
            out,
            "<g class=\"node\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            x - w / 2.0,
            y - BOX_H / 2.0,
            y + 5.0,
            escape(&node.name)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Parameter sets with their nodal types, prior α and parameter values.
fn parameters(model: &CausalModel, analysis: &Analysis, out: &mut String) {
    /// A model with more parameters than this lists the first ones only;
    /// the JSON report has them all.
    const SHOWN: usize = 200;
    let _ = writeln!(
        out,
        "<h2 id=\"parameters\">Parameters</h2>\n<p>{} parameters in {} sets, {} causal types. A nodal type is written as the node's value for each combination of its parents' values (first parent fastest).</p>",
        model.n_params(),
        model.sets.len(),
        analysis.causal_types
    );
    if !model.restrictions.is_empty() {
        out.push_str("<p>Restrictions:</p>\n<ul>\n");
        for r in &model.restrictions {
            let _ = writeln!(out, "<li><code>{}</code></li>", escape(r));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<div class=\"scroll\"><table>\n<caption>Table 1. Parameter sets: each nodal type, its Dirichlet prior α and the parameter value.</caption>\n<thead><tr><th scope=\"col\">set</th><th scope=\"col\">nodal type</th><th scope=\"col\" class=\"num\">α</th><th scope=\"col\" class=\"num\">parameter</th></tr></thead>\n<tbody>\n");
    let mut shown = 0;
    'sets: for (s, set) in model.sets.iter().enumerate() {
        let digits = model.nodes[set.node].digits;
        for (k, &t) in set.types.iter().enumerate() {
            if shown == SHOWN {
                let _ = writeln!(
                    out,
                    "<tr><td colspan=\"4\" class=\"muted\">… {} more; <code>--format json</code> has the model</td></tr>",
                    model.n_params() - SHOWN
                );
                break 'sets;
            }
            shown += 1;
            let at = set.offset + k;
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&model.set_name(s)),
                nodal::label(t, digits),
                num(model.alpha.get(at).copied()),
                num(model.values.get(at).copied())
            );
        }
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn results(analysis: &Analysis, out: &mut String) {
    out.push_str("<h2 id=\"results\">Results</h2>\n");
    if analysis.results.is_empty() {
        out.push_str("<p>The model file has no <code>[[query]]</code>.</p>\n");
        return;
    }
    out.push_str("<div class=\"scroll\"><table>\n<caption>Table 2. Every query, for each given and estimand. Values without a Monte Carlo error are exact.</caption>\n<thead><tr><th scope=\"col\">query</th><th scope=\"col\">given</th><th scope=\"col\">using</th><th scope=\"col\">level</th><th scope=\"col\" class=\"num\">mean</th><th scope=\"col\" class=\"num\">sd</th><th scope=\"col\" class=\"num\">95% interval</th><th scope=\"col\" class=\"num\">mc_se</th></tr></thead>\n<tbody>\n");
    for r in &analysis.results {
        let interval = r
            .interval
            .map_or_else(|| "–".to_owned(), |[a, b]| format!("[{a:.4}, {b:.4}]"));
        let level = match (r.using, r.case_level) {
            (Using::Parameters, _) => "–",
            (_, true) => "case",
            (_, false) => "population",
        };
        let message = r.message.as_ref().map_or_else(String::new, |m| {
            format!(" <span class=\"muted\">({})</span>", escape(m))
        });
        let _ = writeln!(
            out,
            "<tr><td>{} <code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{level}</td><td class=\"num\">{}{message}</td><td class=\"num\">{}</td><td class=\"num\">{interval}</td><td class=\"num\">{}</td></tr>",
            escape(&r.query),
            escape(&r.expression),
            escape(&r.given),
            r.using.name(),
            num(r.mean),
            num(r.sd),
            num(r.mc_se)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn clues(c: &ClueRanking, n: usize, out: &mut String) {
    let _ = writeln!(
        out,
        "<h2 id=\"clues-{n}\">Clues for {} in the case <code>{}</code></h2>",
        escape(&c.query),
        escape(&c.case)
    );
    if let Some(m) = &c.message {
        let _ = writeln!(out, "<p>{}</p>", escape(m));
        return;
    }
    let _ = writeln!(
        out,
        "<p>The query is <code>{}</code> ({}, case level); before any clue its probability in this case is {}. Clues are ranked by the expected posterior variance after observing them: the best first.</p>\n<ul class=\"clues\">",
        escape(&c.expression),
        c.using.name(),
        num(c.prior)
    );
    for k in &c.clues {
        let _ = writeln!(out, "<li>{}</li>", escape(&clue_sentence(c, k)));
    }
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table>\n<caption>Table {}. Clue ranking for {}: the probability of each clue, and of the query after seeing it.</caption>\n<thead><tr><th scope=\"col\">clue</th><th scope=\"col\" class=\"num\">P(K=1)</th><th scope=\"col\" class=\"num\">P(K=1 | Q)</th><th scope=\"col\" class=\"num\">P(K=1 | not Q)</th><th scope=\"col\" class=\"num\">P(Q | K=1)</th><th scope=\"col\" class=\"num\">P(Q | K=0)</th><th scope=\"col\" class=\"num\">E[post var]</th></tr></thead>\n<tbody>",
        n + 3,
        escape(&c.query)
    );
    for k in &c.clues {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&k.node),
            num(Some(k.probability)),
            num(k.given_query),
            num(k.given_not_query),
            num(k.posterior_if_1),
            num(k.posterior_if_0),
            num(Some(k.expected_posterior_variance))
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// One plain sentence per clue: "observing M = 1 would raise P(PC) from
/// 0.43 to 0.62; M = 0 would lower it to 0.30."
pub fn clue_sentence(c: &ClueRanking, k: &Clue) -> String {
    let q = format!("P({})", c.query);
    // The first outcome names the query and where it starts from; the
    // second refers back to it.
    let outcome = |value: u8, after: Option<f64>, first: bool| -> String {
        let what = if first { q.as_str() } else { "it" };
        let from = match (first, c.prior) {
            (true, Some(b)) => format!(" from {b:.2}"),
            _ => String::new(),
        };
        match (c.prior, after) {
            (_, None) => format!("{} = {value} cannot occur in this case", k.node),
            (Some(b), Some(a)) if (a - b).abs() < 5e-5 => {
                format!("{} = {value} would leave {what} at {a:.2}", k.node)
            }
            (Some(b), Some(a)) => format!(
                "{} = {value} would {} {what}{from} to {a:.2}",
                k.node,
                if a > b { "raise" } else { "lower" }
            ),
            (None, Some(a)) => format!("{} = {value} would make {what} {a:.2}", k.node),
        }
    };
    format!(
        "Observing {}; {}.",
        outcome(1, k.posterior_if_1, true),
        outcome(0, k.posterior_if_0, false)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_sits_one_layer_right_of_its_latest_parent() {
        let study = crate::model::parse_study("[model]\ndag = \"I -> M -> D <- I; P -> D\"\n")
            .expect("a valid model");
        let model = &study.model;
        let layer = layers(model);
        let at = |name: &str| {
            layer[model
                .nodes
                .iter()
                .position(|n| n.name == name)
                .expect("a node")]
        };
        assert_eq!((at("I"), at("P"), at("M"), at("D")), (0, 0, 1, 2));
        assert_eq!(edges(model).len(), 4);
        let svg = dag_svg(model);
        assert_eq!(svg.matches("class=\"edge\"").count(), 4);
        // I -> D and P -> D skip M's layer and would cross M: both bow.
        assert_eq!(svg.matches(" Q").count(), 2, "{svg}");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn the_clue_sentence_says_which_way_each_outcome_moves() {
        let c = ClueRanking {
            query: "PC".into(),
            expression: "Y[X=1] > Y[X=0]".into(),
            case: "X==1 & Y==1".into(),
            using: Using::Posteriors,
            prior: Some(0.43),
            prior_variance: Some(0.2451),
            prior_mc_se: None,
            clues: Vec::new(),
            message: None,
        };
        let k = Clue {
            node: "M".into(),
            probability: 0.6,
            given_query: Some(0.8),
            given_not_query: Some(0.4),
            posterior_if_1: Some(0.62),
            posterior_if_0: Some(0.30),
            expected_posterior_variance: 0.2,
            mc_se: None,
        };
        assert_eq!(
            clue_sentence(&c, &k),
            "Observing M = 1 would raise P(PC) from 0.43 to 0.62; M = 0 would lower it to 0.30."
        );
    }
}
