//! Section 7, the lints: every warning and note, grouped by rule, each rule
//! with its explanation (the text `probative explain CODE` prints).

use probative::analysis::lints;
use probative::diagnostic::{Location, Severity};

use super::escape::escape;
use super::markdown;
use super::open_section;
use crate::Report;

/// Writes the lints section.
pub fn section(r: &Report<'_>, out: &mut String) {
    let diagnostics = &r.analysis.lints;
    open_section(out, "lints");
    if diagnostics.is_empty() {
        out.push_str("<p>No lint fired.</p>\n</section>\n");
        return;
    }
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    w!(
        out,
        "<p>{} and {}: checks of the reasoning, grouped by rule. Each rule's explanation says what it checks, why it matters and \
         the methods literature behind it.</p>\n",
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note")
    );
    // Rules by severity (errors, warnings, notes), each in the order it
    // first fired, as `probative check` lists them: a long note must not
    // hide a warning.
    let mut codes: Vec<(Severity, &str)> = Vec::new();
    for d in diagnostics {
        if !codes.iter().any(|&(_, c)| c == d.code) {
            codes.push((d.severity, d.code));
        }
    }
    codes.sort_by_key(|&(severity, _)| std::cmp::Reverse(severity));
    let codes = codes.into_iter().map(|(_, code)| code);
    for code in codes {
        let fired: Vec<_> = diagnostics.iter().filter(|d| d.code == code).collect();
        let severity = fired[0].severity;
        w!(
            out,
            "<section class=\"lint\" id=\"lint-{code}\" aria-labelledby=\"lint-{code}-h\">\n<h3 id=\"lint-{code}-h\"><span class=\"badge sev-{severity}\">{severity}</span> \
             <code>{code}</code> <span class=\"count\">{}</span></h3>\n<ul class=\"fired\">\n",
            if fired.len() == 1 {
                "1 finding".to_owned()
            } else {
                format!("{} findings", fired.len())
            }
        );
        // A rule that gives every finding the same help says it once.
        let one_help = fired[0]
            .help
            .as_deref()
            .filter(|h| fired.iter().all(|d| d.help.as_deref() == Some(*h)));
        for d in &fired {
            out.push_str("<li>");
            match &d.location {
                Location::StudySpan(span) => w!(
                    out,
                    "<span class=\"place\">line {}</span> ",
                    r.line(span.start)
                ),
                Location::BibliographyEntry(_) | Location::BibliographySpan(_) => {
                    out.push_str("<span class=\"place\">bibliography</span> ");
                }
                Location::Study => {}
                Location::AnalystSpan(analyst, _) => w!(
                    out,
                    "<span class=\"place\">analysts/{}.toml</span> ",
                    super::escape(analyst)
                ),
            }
            out.push_str(&markdown::inline(&d.message));
            let links: Vec<String> = [
                d.subject
                    .evidence
                    .as_deref()
                    .map(|id| format!("<a href=\"#ev-{0}\">item</a>", escape(id))),
                d.subject
                    .case
                    .as_deref()
                    .map(|id| format!("<a href=\"#case-{0}\">case</a>", escape(id))),
                d.subject
                    .source
                    .as_deref()
                    .filter(|k| r.reference(k).is_some())
                    .map(|k| format!("<a href=\"#ref-{0}\">reference</a>", escape(k))),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !links.is_empty() {
                w!(out, " <span class=\"goto\">→ {}</span>", links.join(" · "));
            }
            if let (Some(help), false) = (&d.help, one_help.is_some()) {
                w!(
                    out,
                    "<br><span class=\"help\">Help: {}</span>",
                    markdown::inline(help)
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
        if let Some(help) = one_help {
            w!(
                out,
                "<p class=\"help\">Help: {}</p>\n",
                markdown::inline(help)
            );
        }
        if let Some(lint) = lints::find(code) {
            w!(
                out,
                "<div class=\"explanation\">\n<p class=\"explain-title\">About <code>{code}</code>: {}.</p>\n{}</div>\n",
                markdown::inline(lint.summary),
                markdown::blocks(&lint.explanation(), 4)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}
