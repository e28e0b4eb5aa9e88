//! Section 3, belief across the evidence: the log-odds of the focus against
//! each rival, in dB, item by item.
//!
//! Each line starts at the prior log-odds and adds the item's weight of
//! evidence w_e(focus:rival), in the order of `outline::evidence_by_case`
//! (cases in study order, each in timeline order). Weights add in decibels,
//! so the last point of each line is the posterior log-odds. Every number
//! drawn is a sum of numbers the JSON report gives.

use super::chart::{self, Scale, num};
use super::escape::escape;
use super::{CaseItems, open_section, palette};
use crate::Report;
use crate::words::signed_db;

const HEIGHT: f64 = 380.0;
const PLOT_X: (f64, f64) = (64.0, 760.0);
const PLOT_Y: (f64, f64) = (44.0, 340.0);

/// Writes the belief section.
pub fn section(r: &Report<'_>, groups: &[CaseItems], out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    open_section(out, "belief");
    let focus = study.focus;
    let focus_id = &study.hypotheses[focus].id;
    let order: Vec<usize> = groups
        .iter()
        .flat_map(|(_, items)| items.iter().copied())
        .collect();
    if order.is_empty() {
        out.push_str("<p>The study has no evidence: belief stays at the priors.</p>\n</section>\n");
        return;
    }
    let rivals: Vec<usize> = (0..study.hypotheses.len())
        .filter(|&j| j != focus)
        .collect();
    // One line per rival: the prior log-odds, then the running sum.
    let lines: Vec<Vec<f64>> = rivals
        .iter()
        .map(|&j| {
            let prior = 10.0 * (study.hypotheses[focus].prior / study.hypotheses[j].prior).log10();
            std::iter::once(prior)
                .chain(order.iter().scan(prior, |sum, &e| {
                    *sum += analysis.items[e].weight_db(focus, j);
                    Some(*sum)
                }))
                .collect()
        })
        .collect();
    let finite = lines.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.06).max(1.0);
    let ticks = chart::ticks(lo - pad, hi + pad, 8);
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        5.0
    };
    let (lo, hi) = (
        (lo - pad).min(ticks[0] - step * 0.2),
        (hi + pad).max(ticks[ticks.len() - 1] + step * 0.2),
    );
    let x = Scale {
        domain: (0.0, order.len() as f64),
        range: (PLOT_X.0 + 8.0, PLOT_X.1 - 8.0),
    };
    let y = Scale {
        domain: (lo, hi),
        range: (PLOT_Y.1, PLOT_Y.0),
    };

    let description = rivals
        .iter()
        .zip(&lines)
        .map(|(&j, line)| {
            format!(
                "against {}: from {} dB at the priors to {} dB after all {} items",
                study.hypotheses[j].id,
                signed_db(line[0]),
                signed_db(line[line.len() - 1]),
                order.len()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    chart::open(
        out,
        "chart-belief",
        HEIGHT,
        &format!("Log-odds of {focus_id} against each rival, in dB, item by item"),
        &description,
    );

    // Case bands, shaded alternately, labelled on two staggered rows; a
    // study without cases has none to mark.
    let mut start = 1usize;
    let bands = if study.cases.is_empty() {
        &[][..]
    } else {
        groups
    };
    for (n, (case, items)) in bands.iter().enumerate() {
        let (x0, x1) = (
            x.at(start as f64 - 0.5),
            x.at((start + items.len()) as f64 - 0.5),
        );
        let label = case.map_or("no case", |c| study.cases[c].id.as_str());
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"band{}\"><title>{}: {} items</title></rect>\n",
            num(x0),
            num(PLOT_Y.0),
            num(x1 - x0),
            num(PLOT_Y.1 - PLOT_Y.0),
            if n % 2 == 0 { " odd" } else { "" },
            escape(label),
            items.len()
        );
        chart::line(
            out,
            (x0, PLOT_Y.0 - 22.0 + 11.0 * (n % 2) as f64),
            (x0, PLOT_Y.1),
            "boundary",
        );
        chart::text(
            out,
            x0 + 4.0,
            PLOT_Y.0 - 13.0 + 11.0 * (n % 2) as f64,
            "start",
            "case-label",
            label,
        );
        start += items.len();
    }

    // A column per item that names it on hover, so a reader can tell which
    // item made a step.
    for (k, &e) in order.iter().enumerate() {
        let (x0, x1) = (x.at(k as f64 + 0.5), x.at(k as f64 + 1.5));
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"hover\"><title>{}</title></rect>\n",
            num(x0),
            num(PLOT_Y.0),
            num(x1 - x0),
            num(PLOT_Y.1 - PLOT_Y.0),
            escape(&study.evidence[e].id)
        );
    }
    for t in &ticks {
        chart::line(
            out,
            (PLOT_X.0, y.at(*t)),
            (PLOT_X.1, y.at(*t)),
            if *t == 0.0 { "zero" } else { "grid" },
        );
        chart::text(
            out,
            PLOT_X.0 - 6.0,
            y.at(*t) + 4.0,
            "end",
            "tick",
            &tick_label(*t),
        );
    }
    w!(
        out,
        "<text transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\" class=\"axis-label\">dB for {} (above 0) or the rival (below)</text>\n",
        num(f64::midpoint(PLOT_Y.0, PLOT_Y.1)),
        escape(focus_id)
    );
    chart::text(
        out,
        f64::midpoint(PLOT_X.0, PLOT_X.1),
        HEIGHT - 14.0,
        "middle",
        "axis-label",
        "evidence items in timeline order, case by case (left edge: the priors)",
    );

    let mut ends = Vec::new();
    for (&j, line) in rivals.iter().zip(&lines) {
        let mut d = String::new();
        for (k, v) in line.iter().enumerate() {
            if v.is_nan() {
                break;
            }
            w!(
                d,
                "{}{} {}",
                if k == 0 { "M" } else { "L" },
                num(x.at(k as f64)),
                num(y.at(*v))
            );
        }
        w!(
            out,
            "<path d=\"{d}\" class=\"series\" stroke=\"{}\" stroke-dasharray=\"{}\"><title>{} against {}</title></path>\n",
            palette::hypothesis(j),
            palette::dash(j),
            escape(focus_id),
            escape(&study.hypotheses[j].id)
        );
        let last = line
            .iter()
            .rev()
            .find(|v| !v.is_nan())
            .copied()
            .unwrap_or(0.0);
        ends.push((y.at(last), j, last));
    }
    // End labels, pushed apart so that none overlaps its neighbour.
    ends.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut placed: Vec<f64> = Vec::with_capacity(ends.len());
    for (want, ..) in &ends {
        let at = placed.last().map_or(*want, |&prev| want.max(prev + 14.0));
        placed.push(at);
    }
    let overflow = placed
        .last()
        .map_or(0.0, |&p| (p - (HEIGHT - 30.0)).max(0.0));
    for ((want, j, value), at) in ends.iter().zip(&placed) {
        let at = at - overflow;
        let x_end = x.at(order.len() as f64);
        chart::line(
            out,
            (x_end + 2.0, *want),
            (PLOT_X.1 + 8.0, at - 4.0),
            "leader-line",
        );
        chart::text(
            out,
            PLOT_X.1 + 12.0,
            at,
            "start",
            "end-label",
            &format!("vs {}  {} dB", study.hypotheses[*j].id, signed_db(*value)),
        );
    }
    let infinite = lines.iter().flatten().any(|v| v.is_infinite());
    chart::close(
        out,
        &format!(
            "Each line is the log-odds of <code>{}</code> against one rival: the prior log-odds at the left edge, then the weight \
             of evidence of each item added in turn; the right end is the posterior log-odds.{} 10 dB is odds of 10:1.{}",
            escape(focus_id),
            if bands.is_empty() {
                ""
            } else {
                " Shaded bands are the cases."
            },
            if infinite {
                " A line at the edge of the chart has reached ±∞: some item rules one hypothesis out."
            } else {
                ""
            }
        ),
    );
    out.push_str("</section>\n");
}

fn tick_label(t: f64) -> String {
    if t == 0.0 {
        "0".to_owned()
    } else {
        format!("{t:+}")
    }
}
