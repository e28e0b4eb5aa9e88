//! Section 1, the verdict: what the evidence favours, by how much, and how
//! far the conclusion can be trusted (the fragile- and single-source lints).
//!
//! The words are those of the text and Markdown reports, so the three never
//! disagree; here the figures stand out and the sources link to their
//! references.

use super::escape::escape;
use super::{evidence_link, hypothesis_link, join, open_section, source_link};
use crate::Report;
use crate::outline::{hypothesis_set_words, without_words};
use crate::words::{bound, db_words, evidence_in_words, margin_in_words, probability};

/// Writes the verdict section.
pub fn section(r: &Report<'_>, out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    let l = analysis.leader;
    let leader = &study.hypotheses[l.leader];
    let [lo, hi] = analysis.bounds[l.leader];
    open_section(out, "verdict");
    out.push_str("<div class=\"verdict\">\n");
    if let Some(words) = without_words(r) {
        w!(out, "<p class=\"fragile\">{}</p>\n", inline(&words));
    }
    w!(
        out,
        "<p class=\"lead\">The evidence favours {}: <strong>{}</strong>.</p>\n<dl class=\"figures\">\n",
        hypothesis_link(study, l.leader),
        escape(&leader.title)
    );
    w!(
        out,
        "<div><dt>Posterior</dt><dd><span class=\"figure\">{}</span> exact bounds [{}, {}], from a prior of {}</dd></div>\n",
        probability(analysis.posterior[l.leader]),
        escape(&bound(lo)),
        escape(&bound(hi)),
        probability(leader.prior)
    );
    let runner = &study.hypotheses[l.runner_up];
    let evidence_db = analysis.evidence_db(study, l.leader, l.runner_up);
    w!(
        out,
        "<div><dt>Against {}</dt><dd>prior odds {}; the weight of all the evidence \
         <span class=\"figure\">{}</span> {}; posterior odds {} ({})</dd></div>\n",
        hypothesis_link(study, l.runner_up),
        escape(&db_words(probative::analysis::db(
            leader.prior,
            runner.prior
        ))),
        escape(&db_words(evidence_db)),
        escape(&evidence_in_words(evidence_db)),
        escape(&db_words(l.margin_db)),
        escape(&margin_in_words(l.margin_db))
    );
    let focus = study.focus;
    if focus == l.leader {
        out.push_str("<div><dt>Theory under test</dt><dd>is the leader</dd></div>\n");
    } else {
        let rank = 1 + analysis
            .posterior
            .iter()
            .filter(|&&q| q > analysis.posterior[focus])
            .count();
        w!(
            out,
            "<div><dt>Theory under test</dt><dd>{} ranks {rank} of {}, posterior <span class=\"figure small\">{}</span> (prior {})</dd></div>\n",
            hypothesis_link(study, focus),
            study.hypotheses.len(),
            probability(analysis.posterior[focus]),
            probability(study.hypotheses[focus].prior)
        );
    }
    out.push_str("</dl>\n");
    if let Some(caveat) = crate::caveats::sentence(analysis) {
        w!(
            out,
            "<p class=\"fragile\"><strong>Qualified:</strong> {}</p>\n",
            escape(&caveat)
        );
    }
    w!(out, "<p>{}</p>\n", inline(&hypothesis_set_words(r)));

    let index = |id: &str| study.hypothesis_index(id);
    let fragile: Vec<usize> = analysis
        .lints
        .iter()
        .filter(|d| d.code == "fragile-conclusion")
        .filter_map(|d| d.subject.hypothesis.as_deref().and_then(index))
        .collect();
    if fragile.is_empty() {
        out.push_str(
            "<p class=\"robust\"><strong>Robust.</strong> No rival reaches the leader anywhere within the stated likelihood intervals.</p>\n",
        );
    } else {
        w!(
            out,
            "<p class=\"fragile\"><strong>Fragile.</strong> Within the stated likelihood intervals {} could {}reach the leader \
             (<a href=\"#lint-fragile-conclusion\">fragile-conclusion</a>).{}</p>\n",
            join(fragile.iter().map(|&i| hypothesis_link(study, i))),
            if fragile.len() == 1 { "" } else { "each " },
            analysis.reversal.as_ref().map_or_else(String::new, |r| match r.items() {
                0 => format!(" At the point values {} already ties with it.", hypothesis_link(study, r.rival)),
                n if n <= 3 => format!(
                    " Moving the judgments of {} to the ends of {} intervals lets {} reach it.",
                    join(r.evidence.iter().map(|&e| evidence_link(study, e))),
                    if n == 1 { "its" } else { "their" },
                    hypothesis_link(study, r.rival)
                ),
                n => format!(
                    " Moving the judgments of {n} items (of {}) to the ends of their intervals lets {} reach it.",
                    study.evidence.len(),
                    hypothesis_link(study, r.rival)
                ),
            })
        );
    }
    let single: Vec<_> = analysis
        .lints
        .iter()
        .filter(|d| d.code == "single-source-conclusion")
        .collect();
    if !single.is_empty() {
        out.push_str("<p class=\"fragile\"><strong>Rests on single sources:</strong> ");
        for (n, d) in single.iter().enumerate() {
            let key = d.subject.source.as_deref().unwrap_or_default();
            let items = analysis
                .sources
                .iter()
                .find(|s| s.key == key)
                .map(|s| s.items.as_slice())
                .unwrap_or_default();
            let rival = d.subject.hypothesis.as_deref().and_then(index);
            w!(
                out,
                "{}without the items citing {} ({}), {} would reach the leader",
                if n == 0 { "" } else { "; " },
                source_link(r, key),
                join(items.iter().map(|&e| evidence_link(study, e))),
                rival.map_or_else(
                    || escape(
                        d.subject
                            .hypothesis
                            .as_deref()
                            .unwrap_or("another hypothesis")
                    )
                    .to_string(),
                    |i| hypothesis_link(study, i)
                ),
            );
        }
        out.push_str(
            " (<a href=\"#lint-single-source-conclusion\">single-source-conclusion</a>).</p>\n",
        );
    }
    out.push_str("</div>\n</section>\n");
}

/// Outline words as HTML: study text escaped, ids as code.
fn inline(words: &[crate::outline::Inline]) -> String {
    use crate::outline::Inline;
    words
        .iter()
        .map(|w| match w {
            Inline::Text(t) => escape(t).to_string(),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Code(t) => format!("<code>{}</code>", escape(t)),
        })
        .collect()
}
