//! Section 1, the verdict: what can be said without overstating it, first.
//!
//! The lead sentence says whether anything is established before it says
//! who leads: a conclusion that a rival can overturn within the study's own
//! likelihood intervals opens with that, not with a posterior to three
//! decimals. Then the figures a reader checks: the weight of the evidence
//! between leader and runner-up in dB and in Jeffreys's words, what could
//! overturn it (the nearest reversal and the exact bounds), the rank of the
//! theory under test, and how many declared tests the likelihoods bear out.
//! The words match the text and Markdown reports; only the emphasis is the
//! page's own.

use probative::analysis::decibel::jeffreys_words;

use super::declared;
use super::escape::escape;
use super::{evidence_link, hypothesis_link, join, open_section, source_link};
use crate::Report;
use crate::outline::{Inline, hypothesis_set_words, without_words};
use crate::words::{bound, odds, probability, signed_db};

/// Writes the verdict section.
pub fn section(r: &Report<'_>, out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    let l = analysis.leader;
    let leader = &study.hypotheses[l.leader];
    let [lo, hi] = analysis.bounds[l.leader];
    let fragile = fragile_rivals(r);
    let weight = analysis.evidence_db(study, l.leader, l.runner_up);
    open_section(out, "verdict");
    w!(
        out,
        "<div class=\"verdict {}\">\n",
        if fragile.is_empty() {
            "is-robust"
        } else {
            "is-fragile"
        }
    );
    // A what-if report says first what it left out: every number below
    // is for the study without it.
    if let Some(words) = without_words(r) {
        w!(out, "<p class=\"caveat\">{}</p>\n", inline(&words));
    }
    out.push_str("<p class=\"lead\">");
    if fragile.is_empty() {
        w!(
            out,
            "The evidence favours {} ({}) over {}, and no rival reaches it anywhere within the stated likelihood intervals.",
            hypothesis_link(study, l.leader),
            escape(&leader.title),
            hypothesis_link(study, l.runner_up)
        );
    } else {
        w!(
            out,
            "<strong>No hypothesis is established.</strong> {} ({}) leads {}, but within the stated likelihood intervals {} {} could reach it.",
            hypothesis_link(study, l.leader),
            escape(&leader.title),
            hypothesis_link(study, l.runner_up),
            fragile.len(),
            if fragile.len() == 1 {
                "rival"
            } else {
                "rivals each"
            }
        );
    }
    out.push_str("</p>\n<dl class=\"figures\">\n");
    w!(
        out,
        "<div><dt>Weight of evidence</dt><dd><span class=\"figure\">{} dB</span> for {} over {}: {} on Jeffreys's scale, a likelihood ratio of {}</dd></div>\n",
        db(weight),
        hypothesis_link(study, l.leader),
        hypothesis_link(study, l.runner_up),
        if weight.is_infinite() {
            "conclusive"
        } else {
            jeffreys_words(weight)
        },
        ratio(weight)
    );
    w!(
        out,
        "<div><dt>Posterior odds</dt><dd><span class=\"figure\">{} dB</span> odds of {} from prior odds of {} dB; {} has posterior {} (prior {})</dd></div>\n",
        db(l.margin_db),
        ratio(l.margin_db),
        db(probative::analysis::db(
            leader.prior,
            study.hypotheses[l.runner_up].prior
        )),
        hypothesis_link(study, l.leader),
        probability(analysis.posterior[l.leader]),
        probability(leader.prior)
    );
    w!(
        out,
        "<div><dt>What could overturn it</dt><dd>{} Exact bounds of the leader's posterior: [{}, {}].</dd></div>\n",
        overturn(r),
        escape(&bound(lo)),
        escape(&bound(hi))
    );
    let focus = study.focus;
    if focus == l.leader {
        w!(
            out,
            "<div><dt>Theory under test</dt><dd>{} ranks first of {}</dd></div>\n",
            hypothesis_link(study, focus),
            study.hypotheses.len()
        );
    } else {
        w!(
            out,
            "<div><dt>Theory under test</dt><dd>{} ranks {} of {}, posterior {} (prior {})</dd></div>\n",
            hypothesis_link(study, focus),
            rank(r, focus),
            study.hypotheses.len(),
            probability(analysis.posterior[focus]),
            probability(study.hypotheses[focus].prior)
        );
    }
    if let Some((agree, of)) = declared::agreement(r) {
        w!(
            out,
            "<div><dt>Declared tests</dt><dd>the likelihoods bear out <strong>{agree} of {of}</strong> \
             (<a href=\"#declared\">declared against derived</a>)</dd></div>\n"
        );
    }
    out.push_str("</dl>\n");
    if let Some(caveat) = crate::caveats::sentence(r.analysis) {
        w!(
            out,
            "<p class=\"fragile\"><strong>Qualified:</strong> {}</p>\n",
            escape(&caveat)
        );
    }
    single_sources(r, out);
    w!(
        out,
        "<p class=\"scope\">{}</p>\n",
        inline(&hypothesis_set_words(r))
    );
    out.push_str("</div>\n</section>\n");
}

/// The rivals the `fragile-conclusion` lint names, in its order.
fn fragile_rivals(r: &Report<'_>) -> Vec<usize> {
    r.analysis
        .lints
        .iter()
        .filter(|d| d.code == "fragile-conclusion")
        .filter_map(|d| {
            d.subject
                .hypothesis
                .as_deref()
                .and_then(|id| r.study.hypothesis_index(id))
        })
        .collect()
}

/// The nearest reversal in words, or that none exists.
fn overturn(r: &Report<'_>) -> String {
    let study = r.study;
    let Some(reversal) = &r.analysis.reversal else {
        return "Nothing within the stated likelihood intervals.".to_owned();
    };
    let rival = hypothesis_link(study, reversal.rival);
    let sentence = match reversal.items() {
        0 => format!("At the point values {rival} already ties with the leader"),
        n if n <= 3 => format!(
            "Moving the judgments of {} to the ends of {} intervals lets {rival} reach the leader",
            join(reversal.evidence.iter().map(|&e| evidence_link(study, e))),
            if n == 1 { "its" } else { "their" },
        ),
        n => format!(
            "Moving the judgments of {n} items (of {}) to the ends of their intervals lets {rival} reach the leader",
            study.evidence.len()
        ),
    };
    format!("{sentence} (<a href=\"#lint-fragile-conclusion\">fragile-conclusion</a>).")
}

/// 1 + the number of hypotheses with a higher posterior.
fn rank(r: &Report<'_>, i: usize) -> usize {
    let p = r.analysis.posterior[i];
    1 + r.analysis.posterior.iter().filter(|&&q| q > p).count()
}

/// The single-source caveat, when the lint fired.
fn single_sources(r: &Report<'_>, out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    let single: Vec<_> = analysis
        .lints
        .iter()
        .filter(|d| d.code == "single-source-conclusion")
        .collect();
    if single.is_empty() {
        return;
    }
    out.push_str("<p class=\"caveat\"><strong>Rests on single sources:</strong> ");
    for (n, d) in single.iter().enumerate() {
        let key = d.subject.source.as_deref().unwrap_or_default();
        let items = analysis
            .sources
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.items.as_slice())
            .unwrap_or_default();
        let rival = d
            .subject
            .hypothesis
            .as_deref()
            .and_then(|id| study.hypothesis_index(id));
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

/// An unsigned weight with a true minus sign when negative: "2.4", "−1.3".
fn db(v: f64) -> String {
    signed_db(v).trim_start_matches('+').replace('-', "−")
}

/// The odds a weight stands for, "1.7:1", or "∞:1".
fn ratio(v: f64) -> String {
    if v.is_infinite() {
        "∞:1".to_owned()
    } else {
        odds(v)
    }
}

/// Outline words as HTML: study text escaped, ids as code.
fn inline(words: &[Inline]) -> String {
    words
        .iter()
        .map(|w| match w {
            Inline::Text(t) => escape(t).to_string(),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
            Inline::Code(t) => format!("<code>{}</code>", escape(t)),
        })
        .collect()
}
