//! Section 6, every evidence item in full: what a reader needs to contest
//! a judgment. The claim, the source's own words with the reference they
//! come from, where one looked, why these likelihoods, and the likelihoods
//! themselves with their intervals.

use probative::model::{Likelihood, Written};

use super::escape::escape;
use super::{
    CaseItems, NON_DIAGNOSTIC_DB, evidence_link, hypothesis_link, join, open_section, palette,
    source_cell,
};
use crate::Report;
use crate::outline::test_words;
use crate::words::{probability, signed_db};

/// Writes the evidence section.
pub fn section(r: &Report<'_>, groups: &[CaseItems], out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    open_section(out, "evidence");
    if study.evidence.is_empty() {
        out.push_str("<p>The study has no evidence.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<p>Case by case, in timeline order. P(E | H) is how likely each hypothesis makes the evidence, as the study judged it: \
         the point value used for the posterior and the interval the judgment stands for.</p>\n",
    );
    let focus = study.focus;
    for &(case, ref items) in groups {
        match case {
            Some(c) => w!(
                out,
                "<h3>{} <span class=\"id\">{}</span></h3>\n",
                escape(&study.cases[c].title),
                escape(&study.cases[c].id)
            ),
            None => out.push_str("<h3>Evidence outside any case</h3>\n"),
        }
        for &e in items {
            let ev = &study.evidence[e];
            // An item that tells no two hypotheses apart by 1 dB prints as
            // one line: the appendix keeps the diagnostic items in full.
            let quiet = analysis.items[e].diagnosticity_db() < NON_DIAGNOSTIC_DB;
            w!(
                out,
                "<article class=\"item{}\" id=\"ev-{id}\">\n<header><code class=\"item-id\">{id}</code>",
                if quiet { " quiet" } else { "" },
                id = escape(&ev.id)
            );
            if !ev.observed {
                out.push_str(" <span class=\"badge absent\">looked for, not found</span>");
            }
            if let Some(kind) = ev.source_kind {
                w!(out, " <span class=\"badge\">{}</span>", kind.as_str());
            }
            if ev.reliability < 1.0 {
                w!(
                    out,
                    " <span class=\"badge\">reliability {}</span>",
                    ev.reliability
                );
            }
            w!(
                out,
                "</header>\n<p class=\"claim\">{}</p>\n<div class=\"item-text\">\n",
                escape(&ev.claim)
            );
            if let Some(quote) = &ev.quote {
                w!(out, "<blockquote>{}</blockquote>\n", escape(quote));
            }
            w!(
                out,
                "<p class=\"source\">Source: {}</p>\n",
                source_cell(r, ev)
            );
            if let Some(search) = &ev.search {
                w!(
                    out,
                    "<p><span class=\"label\">Search</span> {}</p>\n",
                    escape(search)
                );
            }
            if let Some(rationale) = &ev.rationale {
                w!(
                    out,
                    "<p><span class=\"label\">Rationale</span> {}</p>\n",
                    escape(rationale)
                );
            }
            if let Some(from) = study.causal.as_ref().and_then(|l| l.likelihood(&ev.id)) {
                w!(
                    out,
                    "<p><span class=\"label\">Likelihoods</span> from the model, <code>{}</code></p>\n",
                    escape(&from.formula())
                );
            }
            if !ev.depends_on.is_empty() {
                w!(
                    out,
                    "<p><span class=\"label\">Judged given</span> {}</p>\n",
                    join(ev.depends_on.iter().map(|&d| evidence_link(study, d)))
                );
            }
            let test = &analysis.items[e].tests[focus];
            w!(
                out,
                "<p><span class=\"label\">Test</span> for {}: {}, {} dB if found, {} dB if not",
                hypothesis_link(study, focus),
                escape(&test_words(test)),
                signed_db(test.pass_db),
                signed_db(test.fail_db)
            );
            if let Some(declared) = ev.declared_test {
                w!(
                    out,
                    "; declared {declared} for {}",
                    hypothesis_link(study, ev.declared_for)
                );
            }
            out.push_str(".</p>\n</div>\n");
            likelihoods(r, out, &ev.likelihood);
            out.push_str("</article>\n");
        }
    }
    out.push_str("</section>\n");
}

fn likelihoods(r: &Report<'_>, out: &mut String, likelihood: &[Likelihood]) {
    out.push_str(
        "<div class=\"item-numbers\"><table class=\"likelihoods\">\n<thead><tr><th scope=\"col\">hypothesis</th><th scope=\"col\">as written</th>\
         <th scope=\"col\" class=\"num\">P(E | H)</th><th scope=\"col\" class=\"num\">interval</th><th scope=\"col\" class=\"scale\">0 — 1</th></tr></thead>\n<tbody>\n",
    );
    for (i, l) in likelihood.iter().enumerate() {
        let written = match &l.written {
            Written::Term(word) => format!("“{}”", escape(word)),
            Written::Number => "number".to_owned(),
            Written::Interval => "interval".to_owned(),
        };
        let (lo, hi, point) = (l.lo * 100.0, l.hi * 100.0, l.point * 100.0);
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{written}</td><td class=\"num\">{}</td><td class=\"num\">[{}, {}]</td>\
             <td class=\"scale\"><span class=\"track\"><span class=\"range\" style=\"left:{lo:.1}%;width:{:.1}%;background:{}\"></span>\
             <span class=\"point\" style=\"left:{point:.1}%\"></span></span></td></tr>\n",
            hypothesis_link(r.study, i),
            probability(l.point),
            probability(l.lo),
            probability(l.hi),
            (hi - lo).max(0.6),
            palette::hypothesis(i)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}
