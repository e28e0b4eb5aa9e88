//! The HTML report: one self-contained page for a replication appendix.
//!
//! The page reads in the order of the argument: the verdict (on the first
//! screen, before the contents and the study's summary), the hypotheses,
//! declared against derived tests, belief across the evidence, the cases,
//! the evidence × hypothesis matrix, every item in full, the lints and the
//! references; the footer says who encoded the judgments, with which
//! version of probative, when, and from which inputs (a checksum). Each
//! section is one module below, added to the page by one line of
//! [`report`]; [`chart`] draws the inline SVG they need, [`palette`]
//! colours it, [`escape`] guards every piece of text.
//!
//! Architecture invariants:
//! - The file needs nothing else, now or later: the stylesheet and the
//!   charts are inline, there are no fonts, images or external scripts, and
//!   a Content-Security-Policy forbids every fetch, so a stray reference
//!   fails loudly in a browser instead of reaching the network.
//! - The page reads completely without JavaScript. The matrix's choice of
//!   reference hypothesis and its hidden rows are form controls read by
//!   CSS; the one inline script only re-sorts the matrix, and the policy
//!   lets that script, by its hash, and no other run.
//! - Every string from the study or its bibliography passes through
//!   [`escape::escape`], in text and in attributes.
//! - No number appears that the JSON report does not give, except sums of
//!   its weights (the belief lines) and maxima of them (diagnosticity).

/// Appends formatted text to a `String`; writing to memory cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}

mod analysts;
mod belief;
mod cases;
mod causal;
mod chart;
mod declared;
mod escape;
mod hypotheses;
mod items;
mod lints;
mod markdown;
mod matrix;
mod palette;
mod references;
mod verdict;

use escape::escape;
use probative::model::{Evidence, Study};

use crate::Report;
use crate::outline::evidence_by_case;

/// A case (or none) and its evidence items in timeline order, as
/// [`evidence_by_case`] groups them: the order of the belief chart, the
/// matrix and the item cards alike.
type CaseItems = (Option<usize>, Vec<usize>);

/// Below this diagnosticity (the largest weight of an item between any two
/// hypotheses, in dB) an item barely tells any two apart: the matrix hides
/// it until asked and the printed appendix gives it one line.
const NON_DIAGNOSTIC_DB: f64 = 1.0;

/// The page's stylesheet, screen and print.
const STYLE: &str = include_str!("html/style.css");
/// The matrix sorter. Its SHA-256 is in [`POLICY`]: after editing the
/// script, the browser test fails and its message names the new hash.
const SCRIPT: &str = include_str!("html/sort.js");
/// What the page may load: nothing but its own style and its own script.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                      script-src 'sha256-EFe8MS6MpR1SXrRUgDmOMH6V5N9u+642eDEMqkAXtP8='; base-uri 'none'; form-action 'none'";

/// The sections, in page order: anchor and heading.
const SECTIONS: [(&str, &str); 10] = [
    ("verdict", "Verdict"),
    ("hypotheses", "Hypotheses"),
    ("causal", "Causal model"),
    ("declared", "Declared against derived tests"),
    ("belief", "Belief across the evidence"),
    ("cases", "Cases"),
    ("matrix", "Evidence × hypothesis matrix"),
    ("evidence", "Every evidence item"),
    ("lints", "Lints"),
    ("references", "References"),
];

/// What a live page adds: `probative serve` shows the report with its own
/// script, which talks to the server that sent the page.
#[derive(Debug, Clone, Copy)]
pub struct Live<'a> {
    /// The server's per-run token, which the script sends with every edit.
    pub token: &'a str,
    /// The path the server serves its script at (same origin).
    pub script: &'a str,
}

/// The report as one self-contained HTML page.
pub fn report(r: &Report<'_>) -> String {
    report_with(r, None)
}

/// The report, live when `live` is given: the policy then also admits
/// scripts and requests from the page's own origin (the server), and the
/// page carries the token and loads the server's script. Without it, the
/// page is exactly [`report`]'s.
pub fn report_with(r: &Report<'_>, live: Option<Live<'_>>) -> String {
    let study = r.study;
    let policy = match live {
        None => POLICY.to_owned(),
        Some(_) => POLICY.replacen("; base-uri", " 'self'; connect-src 'self'; base-uri", 1),
    };
    let mut out = String::with_capacity(64 * 1024 + study.evidence.len() * 4096);
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta name=\"generator\" content=\"probative {VERSION}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{} — process-tracing report</title>\n<style>\n{STYLE}{}{}</style>\n",
        escape(&study.title),
        chart::STYLE,
        matrix::style(r)
    );
    if let Some(live) = live {
        w!(
            out,
            "<meta name=\"probative-token\" content=\"{}\">\n<script src=\"{}\" defer></script>\n",
            escape(live.token),
            escape(live.script)
        );
    }
    out.push_str("</head>\n<body>\n");
    header(r, &mut out);
    out.push_str("<main>\n");
    let groups = evidence_by_case(r);
    verdict::section(r, &mut out);
    contents(r, &mut out);
    if let Some(summary) = &study.summary {
        out.push_str("<div class=\"abstract\"><p class=\"label\">Summary of the study</p>\n");
        paragraphs(&mut out, summary, "summary");
        out.push_str("</div>\n");
    }
    hypotheses::section(r, &mut out);
    causal::section(r, &mut out);
    analysts::section(r, &mut out);
    declared::section(r, &mut out);
    belief::section(r, &groups, &mut out);
    cases::section(r, &groups, &mut out);
    matrix::section(r, &groups, &mut out);
    items::section(r, &groups, &mut out);
    lints::section(r, &mut out);
    references::section(r, &mut out);
    out.push_str("</main>\n");
    footer(r, &mut out);
    w!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    chart::number_figures(&out)
}

/// probative's version, for the footer and the generator tag.
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn header(r: &Report<'_>, out: &mut String) {
    let study = r.study;
    w!(
        out,
        "<header>\n<p class=\"kicker\">Process-tracing report</p>\n<h1>{}</h1>\n",
        escape(&study.title)
    );
    // The judgments are the encoder's, whoever wrote the work they encode:
    // the page never presents the authors as the source of the numbers.
    let encoder = r.study.encoded_by.as_deref().map_or_else(
        || "who encoded the likelihoods and priors is not stated".to_owned(),
        |who| format!("likelihoods and priors encoded by {}", escape(who)),
    );
    if study.authors.is_empty() {
        w!(out, "<p class=\"byline\">{}.</p>\n", capitalise(&encoder));
    } else {
        w!(
            out,
            "<p class=\"byline\">Authors named in the study: {}; {encoder}.</p>\n",
            escape(&study.authors.join(", "))
        );
    }
    if let Some(question) = &study.question {
        w!(
            out,
            "<p class=\"question\"><strong>Question.</strong> {}</p>\n",
            escape(question)
        );
    }
    out.push_str("</header>\n");
}

/// The first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// The table of contents, after the verdict so the verdict stays on the
/// first screen.
fn contents(r: &Report<'_>, out: &mut String) {
    out.push_str("<nav aria-label=\"Contents\"><ol>");
    for (anchor, heading) in SECTIONS {
        let shown = match anchor {
            "references" => !r.references().is_empty(),
            "declared" => declared::agreement(r).is_some(),
            "causal" => r.study.causal.is_some(),
            _ => true,
        };
        if shown {
            w!(out, "<li><a href=\"#{anchor}\">{heading}</a></li>");
        }
    }
    out.push_str("</ol></nav>\n");
}

/// Provenance: who encoded the judgments, probative's version, the date and
/// a checksum of the inputs, as a paper's replication note cites them.
fn footer(r: &Report<'_>, out: &mut String) {
    out.push_str("<footer>\n<dl class=\"provenance\">");
    w!(
        out,
        "<div><dt>Encoded by</dt><dd>{}</dd></div>",
        r.study
            .encoded_by
            .as_deref()
            .map_or_else(|| "not stated".to_owned(), |who| escape(who).to_string())
    );
    w!(
        out,
        "<div><dt>Study file</dt><dd><code>{}</code></dd></div>",
        escape(r.file.name)
    );
    w!(
        out,
        "<div><dt>Written by</dt><dd>probative {VERSION}</dd></div>"
    );
    if let Some(p) = r.provenance() {
        w!(
            out,
            "<div><dt>Date</dt><dd>{}</dd></div><div><dt>Inputs</dt><dd><code class=\"checksum\">{}</code> \
             <span class=\"muted\">(the study file's bytes, then the bibliography's{})</span></dd></div>",
            escape(&p.date),
            escape(&p.checksum),
            if r.study.causal.is_some() {
                ", then the causal model's and its data's"
            } else {
                ""
            }
        );
    }
    out.push_str(
        "</dl>\n<p>Every number on this page is also in <code>probative report --format json</code>, \
         or is a sum or maximum of its weights of evidence.</p>\n</footer>\n",
    );
}

/// Opens a section with its anchor and heading from [`SECTIONS`].
fn open_section(out: &mut String, anchor: &str) {
    let heading = SECTIONS
        .iter()
        .find(|(a, _)| *a == anchor)
        .map_or(anchor, |(_, h)| h);
    w!(
        out,
        "<section id=\"{anchor}\" aria-labelledby=\"{anchor}-h\">\n<h2 id=\"{anchor}-h\">{heading}</h2>\n"
    );
}

/// Study text as paragraphs, split at blank lines.
fn paragraphs(out: &mut String, text: &str, class: &str) {
    for p in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        w!(out, "<p class=\"{class}\">{}</p>\n", escape(p));
    }
}

/// A link to an evidence item's card.
fn evidence_link(study: &Study, e: usize) -> String {
    let id = escape(&study.evidence[e].id);
    format!("<a href=\"#ev-{id}\"><code>{id}</code></a>")
}

/// A link to a hypothesis's row of the hypotheses table.
fn hypothesis_link(study: &Study, i: usize) -> String {
    let id = escape(&study.hypotheses[i].id);
    format!("<a href=\"#hyp-{id}\"><code>{id}</code></a>")
}

/// A source key, linked to its reference when the bibliography has it.
fn source_link(r: &Report<'_>, key: &str) -> String {
    if r.reference(key).is_some() {
        format!("<a href=\"#ref-{0}\">{0}</a>", escape(key))
    } else {
        escape(key).to_string()
    }
}

/// "parsi2007, p. 134", the key linked to its reference.
fn source_cell(r: &Report<'_>, ev: &Evidence) -> String {
    match (&ev.source, &ev.locator) {
        (Some(s), Some(l)) => format!("{}, {}", source_link(r, s), escape(l)),
        (Some(s), None) => source_link(r, s),
        (None, Some(l)) => format!("no source, {}", escape(l)),
        (None, None) => "<span class=\"muted\">no source</span>".to_owned(),
    }
}

/// Several links joined with commas.
fn join(links: impl IntoIterator<Item = String>) -> String {
    links.into_iter().collect::<Vec<_>>().join(", ")
}
