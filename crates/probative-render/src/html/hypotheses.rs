//! Section 2, the hypotheses: each one's prior, posterior and exact bounds,
//! as a chart and as a table.
//!
//! The chart puts all three on one probability axis per hypothesis: a bar
//! for the posterior, a whisker for the exact sensitivity bounds, a diamond
//! for the prior, so "prior → posterior" reads as a movement along the row.

use super::chart::{self, Scale, num};
use super::escape::escape;
use super::{open_section, palette};
use crate::Report;
use crate::words::{bound, probability};

const ROW: f64 = 40.0;
const TOP: f64 = 34.0;
const PLOT: (f64, f64) = (210.0, 740.0);

/// Writes the hypotheses section.
pub fn section(r: &Report<'_>, out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    open_section(out, "hypotheses");
    let k = study.hypotheses.len();
    let height = TOP + ROW * k as f64 + 34.0;
    let description = study
        .hypotheses
        .iter()
        .enumerate()
        .map(|(i, h)| {
            format!(
                "{}: prior {}, posterior {}, bounds {} to {}",
                h.id,
                probability(h.prior),
                probability(analysis.posterior[i]),
                bound(analysis.bounds[i][0]),
                bound(analysis.bounds[i][1])
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    chart::open(
        out,
        "chart-hypotheses",
        height,
        "Prior and posterior probability of each hypothesis",
        &description,
    );
    let x = Scale {
        domain: (0.0, 1.0),
        range: PLOT,
    };
    legend(out);
    let bottom = TOP + ROW * k as f64;
    for t in chart::ticks(0.0, 1.0, 4) {
        chart::line(out, (x.at(t), TOP - 4.0), (x.at(t), bottom), "grid");
        chart::text(
            out,
            x.at(t),
            bottom + 16.0,
            "middle",
            "tick",
            &format!("{t}"),
        );
    }
    chart::text(
        out,
        f64::midpoint(PLOT.0, PLOT.1),
        bottom + 31.0,
        "middle",
        "axis-label",
        "probability",
    );
    for (i, h) in study.hypotheses.iter().enumerate() {
        let y = TOP + ROW * i as f64 + ROW / 2.0;
        let role = match (i == study.focus, i == analysis.leader.leader) {
            (true, true) => "focus, leader",
            (true, false) => "focus",
            (false, true) => "leader",
            (false, false) => "",
        };
        // The catch-all is "none of the above", reported as such.
        let role = match (h.catch_all, role.is_empty()) {
            (true, true) => "none of the above".to_owned(),
            (true, false) => format!("{role}, none of the above"),
            (false, _) => role.to_owned(),
        };
        let role = role.as_str();
        chart::text(
            out,
            PLOT.0 - 12.0,
            y + (if role.is_empty() { 4.0 } else { -2.0 }),
            "end",
            "row-label",
            &h.id,
        );
        if !role.is_empty() {
            chart::text(out, PLOT.0 - 12.0, y + 12.0, "end", "note", role);
        }
        let [lo, hi] = analysis.bounds[i];
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"{}\" class=\"bar\"><title>{}: posterior {}</title></rect>\n",
            num(x.at(0.0)),
            num(y - 7.0),
            num(x.at(analysis.posterior[i]) - x.at(0.0)),
            palette::hypothesis(i),
            escape(&h.id),
            probability(analysis.posterior[i])
        );
        chart::line(out, (x.at(lo), y), (x.at(hi), y), "whisker");
        chart::line(out, (x.at(lo), y - 6.0), (x.at(lo), y + 6.0), "whisker");
        chart::line(out, (x.at(hi), y - 6.0), (x.at(hi), y + 6.0), "whisker");
        diamond(out, x.at(h.prior), y);
        chart::text(
            out,
            PLOT.1 + 16.0,
            y + 4.0,
            "start",
            "value",
            &format!(
                "{} → {}  [{}, {}]",
                probability(h.prior),
                probability(analysis.posterior[i]),
                bound(lo),
                bound(hi)
            ),
        );
    }
    chart::close(
        out,
        "Bars: posterior probability over all the evidence; whiskers: its exact bounds as every likelihood ranges over its interval; \
         diamonds: the prior. Right: prior → posterior [bounds].",
    );

    out.push_str(
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"hypotheses\">\n<thead><tr><th scope=\"col\">id</th><th scope=\"col\">hypothesis</th>\
         <th scope=\"col\" class=\"num\">prior</th><th scope=\"col\" class=\"num\">posterior</th><th scope=\"col\" class=\"num\">exact bounds</th></tr></thead>\n<tbody>\n",
    );
    for (i, h) in study.hypotheses.iter().enumerate() {
        let [lo, hi] = analysis.bounds[i];
        w!(
            out,
            "<tr id=\"hyp-{id}\"><th scope=\"row\"><span class=\"swatch\" style=\"background:{}\"></span><code>{id}</code></th><td><strong>{}</strong>",
            palette::hypothesis(i),
            escape(&h.title),
            id = escape(&h.id),
        );
        if let Some(statement) = &h.statement {
            w!(
                out,
                "<br><span class=\"statement\">{}</span>",
                escape(statement)
            );
        }
        w!(
            out,
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">[{}, {}]</td></tr>\n",
            probability(h.prior),
            probability(analysis.posterior[i]),
            escape(&bound(lo)),
            escape(&bound(hi))
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn diamond(out: &mut String, x: f64, y: f64) {
    w!(
        out,
        "<path d=\"M{} {}l6 6l-6 6l-6 -6z\" class=\"prior\"/>\n",
        num(x),
        num(y - 6.0)
    );
}

fn legend(out: &mut String) {
    let y = 12.0;
    w!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"10\" class=\"legend-bar\"/>\n",
        num(PLOT.0),
        num(y - 8.0)
    );
    chart::text(out, PLOT.0 + 28.0, y + 1.0, "start", "note", "posterior");
    let x = PLOT.0 + 110.0;
    chart::line(out, (x, y - 3.0), (x + 26.0, y - 3.0), "whisker");
    chart::line(out, (x, y - 8.0), (x, y + 2.0), "whisker");
    chart::line(out, (x + 26.0, y - 8.0), (x + 26.0, y + 2.0), "whisker");
    chart::text(out, x + 32.0, y + 1.0, "start", "note", "exact bounds");
    diamond(out, x + 150.0, y - 3.0);
    chart::text(out, x + 162.0, y + 1.0, "start", "note", "prior");
}
