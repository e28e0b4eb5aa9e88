//! The analysts section: each analyst's posteriors and leader beside the
//! pool, the leave-one-out leaders, the locus of contention, what one
//! analyst's view would change, and the agreement. Shown only when analysts
//! are in use; every number is in the JSON report's `analysts` block.

use probative::analysis::analysts::Pool;

use super::escape::escape;
use super::{evidence_link, hypothesis_link};
use crate::Report;
use crate::words::{probability, signed_db};

/// Contention entries shown; the JSON report has them all.
const SHOWN_PAIRS: usize = 3;
/// Items shown per entry.
const SHOWN_ITEMS: usize = 5;

/// Writes the section when the report has analysts.
pub fn section(r: &Report<'_>, out: &mut String) {
    let Some(panel) = r.analysis.analysts.as_deref() else {
        return;
    };
    let (study, analysis) = (r.study, r.analysis);
    out.push_str(
        "<section id=\"analysts\" aria-labelledby=\"analysts-h\">\n<h2 id=\"analysts-h\">Analysts</h2>\n",
    );
    let n = panel.members.len();
    w!(
        out,
        "<p>{n} analyst{} judged this study, each alone. The verdict, posteriors, bounds, tests and lints \
         of this page are their <strong>pooled</strong> judgment: the weighted logarithmic pool, externally \
         Bayesian, in which every weight of evidence is the weighted mean of the analysts' weights in dB.</p>\n",
        if n == 1 { "" } else { "s" }
    );
    out.push_str("<div class=\"table-wrap\"><table class=\"analysts\">\n<thead><tr><th scope=\"col\">analyst</th><th scope=\"col\" class=\"num\">weight</th>");
    for i in 0..study.hypotheses.len() {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            hypothesis_link(study, i)
        );
    }
    out.push_str("<th scope=\"col\">leader</th></tr></thead>\n<tbody>\n");
    let row = |out: &mut String, label: String, weight: String, values: &[f64], leader: usize| {
        w!(
            out,
            "<tr><th scope=\"row\">{label}</th><td class=\"num\">{weight}</td>"
        );
        for v in values {
            w!(out, "<td class=\"num\">{}</td>", probability(*v));
        }
        w!(out, "<td>{}</td></tr>\n", hypothesis_link(study, leader));
    };
    for m in &panel.members {
        row(
            out,
            format!(
                "<code>{}</code> {}",
                escape(&m.analyst.id),
                escape(&m.analyst.name)
            ),
            probability(m.weight),
            &m.posterior,
            m.leader.leader,
        );
    }
    row(
        out,
        "<strong>pooled (log)</strong>".to_owned(),
        String::new(),
        &analysis.posterior,
        analysis.leader.leader,
    );
    if panel.pool == Pool::Linear {
        row(
            out,
            "linear pool, not externally Bayesian".to_owned(),
            String::new(),
            &panel.linear,
            panel.linear_leader(),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");

    let l = analysis.leader;
    w!(
        out,
        "<p>The pool favours {} over {} by {} dB.",
        hypothesis_link(study, l.leader),
        hypothesis_link(study, l.runner_up),
        signed_db(l.margin_db)
    );
    let without: Vec<String> = panel
        .members
        .iter()
        .zip(&panel.without)
        .filter_map(|(m, w)| {
            w.map(|w| {
                format!(
                    "without <code>{}</code>, {}{}",
                    escape(&m.analyst.id),
                    hypothesis_link(study, w),
                    if w == l.leader {
                        ""
                    } else {
                        " <strong>(the verdict changes)</strong>"
                    }
                )
            })
        })
        .collect();
    if !without.is_empty() {
        w!(out, " Leaving one analyst out: {}.", without.join("; "));
    }
    out.push_str("</p>\n");

    if !panel.contention.is_empty() {
        out.push_str(
            "<h3>Locus of contention</h3>\n<p>Where two analysts' posterior odds differ, exactly: the gap in dB \
             is the gap of their priors plus, item by item, the gap of their weights of evidence. Largest first.</p>\n<ul class=\"contention\">\n",
        );
        for c in panel.contention.iter().take(SHOWN_PAIRS) {
            let (a, b) = (&panel.members[c.a].analyst, &panel.members[c.b].analyst);
            w!(
                out,
                "<li><code>{}</code> &minus; <code>{}</code> on {} against {}: <strong>{} dB</strong> = prior {} dB",
                escape(&b.id),
                escape(&a.id),
                hypothesis_link(study, c.i),
                hypothesis_link(study, c.j),
                signed_db(c.total_db),
                signed_db(c.prior_db)
            );
            for (e, gap) in c.items.iter().take(SHOWN_ITEMS) {
                w!(out, ", {} {} dB", evidence_link(study, *e), signed_db(*gap));
            }
            let rest = c.items.len().saturating_sub(SHOWN_ITEMS);
            if rest > 0 {
                let sum: f64 = c.items[SHOWN_ITEMS..].iter().map(|(_, d)| d).sum();
                w!(
                    out,
                    ", and {rest} more item{} {} dB",
                    if rest == 1 { "" } else { "s" },
                    signed_db(sum)
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }

    if n > 1 {
        out.push_str("<h3>Does it matter?</h3>\n<p>The fewest items on which one analyst's view, taken in place of the pool, would change the pooled leader:</p>\n<ul>\n");
        for (m, found) in panel.members.iter().zip(&panel.adoption) {
            w!(out, "<li><code>{}</code>: ", escape(&m.analyst.id));
            match found {
                Some(a) => {
                    let items: Vec<String> = a
                        .evidence
                        .iter()
                        .map(|&e| evidence_link(study, e))
                        .collect();
                    w!(
                        out,
                        "adopting their judgment{} of {} lets {} reach the leader.",
                        if items.len() == 1 { "" } else { "s" },
                        items.join(", "),
                        hypothesis_link(study, a.rival)
                    );
                }
                None => out.push_str("no set of their judgments changes the leader."),
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    match panel.alpha {
        Some(alpha) => w!(
            out,
            "<p>Agreement: Krippendorff's alpha is <strong>{alpha:.3}</strong> (interval metric, on the likelihoods \
             the analysts write, as log-odds in dB), over the cells two or more analysts judge.</p>\n"
        ),
        None => out.push_str(
            "<p>Agreement: Krippendorff's alpha is undefined: no cell is judged by two analysts with any variation among the values.</p>\n",
        ),
    }
    out.push_str("</section>\n");
}
