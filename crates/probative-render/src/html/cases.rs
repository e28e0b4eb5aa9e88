//! Section 4, the cases: what each case's evidence says alone (a stacked
//! bar per case), its events on a timeline, and its evidence.
//!
//! A case the study announces but gives no evidence is shown as such, not
//! left out: a reader of the appendix should see what was not analysed.

use super::chart::{self, Scale, WIDTH, num};
use super::escape::escape;
use super::{CaseItems, evidence_link, hypothesis_link, join, open_section, palette, source_cell};
use crate::Report;
use crate::outline::test_words;
use crate::words::{probability, signed_db};

const ROW: f64 = 34.0;
const BAR: (f64, f64) = (190.0, 930.0);

/// Writes the cases section.
pub fn section(r: &Report<'_>, groups: &[CaseItems], out: &mut String) {
    let study = r.study;
    open_section(out, "cases");
    if study.cases.is_empty() {
        out.push_str("<p>The study defines no cases: all its evidence is pooled.</p>\n");
    } else {
        out.push_str(
            "<p>Each case's evidence alone, updating the priors: which hypothesis it favours and how strongly. \
             The pooled posterior over all the evidence is the last bar.</p>\n",
        );
        stacked_bars(r, out);
    }
    for (c, case) in study.cases.iter().enumerate() {
        let result = &r.analysis.cases[c];
        w!(
            out,
            "<section class=\"case\" id=\"case-{id}\" aria-labelledby=\"case-{id}-h\">\n<h3 id=\"case-{id}-h\">{} <span class=\"id\">{id}</span></h3>\n<p class=\"meta\">",
            escape(&case.title),
            id = escape(&case.id)
        );
        if let Some(period) = &case.period {
            w!(out, "<span>period {}</span>", escape(period));
        }
        if result.evidence.is_empty() {
            out.push_str("<span>no evidence</span></p>\n");
        } else {
            let best = (0..study.hypotheses.len()).fold(0, |b, i| {
                if result.posterior[i] > result.posterior[b] {
                    i
                } else {
                    b
                }
            });
            w!(
                out,
                "<span>{} items</span><span>favours {} ({})</span>",
                result.evidence.len(),
                hypothesis_link(study, best),
                probability(result.posterior[best])
            );
            if best != study.focus {
                w!(
                    out,
                    "<span>{}: {}</span>",
                    hypothesis_link(study, study.focus),
                    probability(result.posterior[study.focus])
                );
            }
            out.push_str("</p>\n");
        }
        if let Some(summary) = &case.summary {
            super::paragraphs(out, summary, "case-summary");
        }
        if result.evidence.is_empty() {
            out.push_str(
                "<p class=\"notice\"><strong>Announced but not analysed.</strong> No evidence item belongs to this case, \
                 so it adds nothing to any posterior (<a href=\"#lint-empty-case\">empty-case</a>).</p>\n",
            );
        }
        let events: Vec<usize> = r
            .analysis
            .timeline
            .iter()
            .copied()
            .filter(|&i| study.events[i].case == Some(c))
            .collect();
        timeline(
            r,
            out,
            &format!("chart-events-{}", case.id),
            &case.id,
            &events,
            case.period.as_deref(),
        );
        if let Some((_, items)) = groups.iter().find(|(g, _)| *g == Some(c)) {
            evidence_table(r, out, items);
        }
        out.push_str("</section>\n");
    }
    let loose: Vec<usize> = r
        .analysis
        .timeline
        .iter()
        .copied()
        .filter(|&i| study.events[i].case.is_none())
        .collect();
    if !loose.is_empty() {
        out.push_str(
            "<section class=\"case\" id=\"case-none\" aria-labelledby=\"case-none-h\">\n<h3 id=\"case-none-h\">Events outside any case</h3>\n",
        );
        timeline(
            r,
            out,
            "chart-events-none",
            "outside any case",
            &loose,
            None,
        );
        out.push_str("</section>\n");
    }
    if let Some((None, items)) = groups.last() {
        out.push_str("<section class=\"case\" id=\"case-evidence-none\">\n<h3>Evidence outside any case</h3>\n");
        out.push_str("<p>These items belong to no case but count in the pooled posterior.</p>\n");
        evidence_table(r, out, items);
        out.push_str("</section>\n");
    }
    out.push_str("</section>\n");
}

/// The fill of hypothesis `i`'s segments: its colour, hatched for every
/// other hypothesis so neighbours differ in grey.
fn fill(i: usize) -> String {
    if palette::hatched(i) {
        format!("url(#hatch-{i})")
    } else {
        palette::hypothesis(i).to_owned()
    }
}

fn stacked_bars(r: &Report<'_>, out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    let hypotheses = study.hypotheses.len();
    let priors = study.priors();
    let mut rows: Vec<(String, String, Option<&[f64]>)> =
        vec![("priors".into(), String::new(), Some(&priors))];
    for (case, result) in study.cases.iter().zip(&analysis.cases) {
        let note = if result.evidence.is_empty() {
            "no evidence".to_owned()
        } else {
            format!("{} items", result.evidence.len())
        };
        rows.push((
            case.id.clone(),
            note,
            (!result.evidence.is_empty()).then_some(result.posterior.as_slice()),
        ));
    }
    rows.push((
        "all evidence".into(),
        format!("{} items", study.evidence.len()),
        Some(&analysis.posterior),
    ));
    let legend_rows = hypotheses.div_ceil(4);
    let top = 8.0;
    let height = top + ROW * rows.len() as f64 + 30.0 + 20.0 * legend_rows as f64;
    let description = rows
        .iter()
        .map(|(label, _, posterior)| match posterior {
            Some(p) => format!(
                "{label}: {}",
                study
                    .hypotheses
                    .iter()
                    .zip(p.iter())
                    .map(|(h, q)| format!("{} {}", h.id, probability(*q)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("{label}: announced but not analysed"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    chart::open(
        out,
        "chart-cases",
        height,
        "Posterior probability of each hypothesis, case by case",
        &description,
    );
    out.push_str("<defs>\n");
    for i in (0..hypotheses).filter(|&i| palette::hatched(i)) {
        w!(
            out,
            "<pattern id=\"hatch-{i}\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" patternTransform=\"rotate(45)\">\
             <rect width=\"7\" height=\"7\" fill=\"{}\"/><rect width=\"2.5\" height=\"7\" fill=\"#ffffff\" fill-opacity=\"0.55\"/></pattern>\n",
            palette::hypothesis(i)
        );
    }
    out.push_str(
        "<pattern id=\"hatch-empty\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(-45)\">\
         <rect width=\"8\" height=\"8\" fill=\"#f2f2f2\"/><rect width=\"1.5\" height=\"8\" fill=\"#b0b0b0\"/></pattern>\n</defs>\n",
    );
    let x = Scale {
        domain: (0.0, 1.0),
        range: BAR,
    };
    for (n, (label, note, posterior)) in rows.iter().enumerate() {
        let y = top + ROW * n as f64;
        let mid = y + ROW / 2.0;
        chart::text(out, BAR.0 - 12.0, mid - 1.0, "end", "row-label", label);
        chart::text(out, BAR.0 - 12.0, mid + 12.0, "end", "note", note);
        let Some(p) = posterior else {
            w!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"url(#hatch-empty)\" class=\"empty\"/>\n",
                num(BAR.0),
                num(mid - 11.0),
                num(BAR.1 - BAR.0)
            );
            chart::text(
                out,
                f64::midpoint(BAR.0, BAR.1),
                mid + 4.0,
                "middle",
                "seg-label",
                "announced but not analysed",
            );
            continue;
        };
        let mut at = 0.0;
        for (i, q) in p.iter().enumerate() {
            let (x0, x1) = (x.at(at), x.at(at + q));
            at += q;
            if x1 - x0 < 0.05 {
                continue;
            }
            w!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"22\" fill=\"{}\" class=\"seg\"><title>{}, {}: {}</title></rect>\n",
                num(x0),
                num(mid - 11.0),
                num(x1 - x0),
                fill(i),
                escape(label),
                escape(&study.hypotheses[i].id),
                probability(*q)
            );
            let id = &study.hypotheses[i].id;
            if x1 - x0 > 7.0 * id.chars().count() as f64 + 12.0 {
                chart::text(
                    out,
                    f64::midpoint(x0, x1),
                    mid + 4.0,
                    "middle",
                    "seg-label",
                    id,
                );
            }
        }
    }
    let axis_y = top + ROW * rows.len() as f64;
    for t in chart::ticks(0.0, 1.0, 4) {
        chart::line(
            out,
            (x.at(t), axis_y - 4.0),
            (x.at(t), axis_y + 2.0),
            "tick-mark",
        );
        chart::text(
            out,
            x.at(t),
            axis_y + 15.0,
            "middle",
            "tick",
            &format!("{t}"),
        );
    }
    // The legend: every hypothesis's fill, four to a row.
    for i in 0..hypotheses {
        let (lx, ly) = (
            BAR.0 + 185.0 * (i % 4) as f64,
            axis_y + 34.0 + 20.0 * (i / 4) as f64,
        );
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{}\" class=\"seg\"/>\n",
            num(lx),
            num(ly - 10.0),
            fill(i)
        );
        chart::text(out, lx + 24.0, ly, "start", "note", &study.hypotheses[i].id);
    }
    chart::close(
        out,
        "Each bar divides probability 1 among the hypotheses: the priors, then each case's evidence alone from the priors, then all the evidence. \
         Every other hypothesis is hatched so the bars read in grey.",
    );
}

/// The start and end of a partial date, in fractional years.
fn date_span(date: &str) -> Option<(f64, f64)> {
    let parts: Vec<f64> = date
        .split('-')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    Some(match parts.as_slice() {
        [y] => (*y, y + 1.0),
        [y, m] => (y + (m - 1.0) / 12.0, y + m / 12.0),
        [y, m, d] => {
            let at = y + (m - 1.0) / 12.0 + (d - 1.0) / 365.25;
            (at, at + 1.0 / 365.25)
        }
        _ => return None,
    })
}

/// The events of one case on a time axis, numbered as the list below it.
fn timeline(
    r: &Report<'_>,
    out: &mut String,
    id: &str,
    label: &str,
    events: &[usize],
    period: Option<&str>,
) {
    let study = r.study;
    if events.is_empty() {
        return;
    }
    let period = period
        .and_then(|p| p.split_once('/'))
        .and_then(|(s, e)| Some((date_span(s)?.0, date_span(e)?.1)));
    let at: Vec<f64> = events
        .iter()
        .map(|&i| study.events[i].date.fractional_year())
        .collect();
    let (mut t0, mut t1) = at
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &t| {
            (a.min(t), b.max(t))
        });
    if let Some((s, e)) = period {
        (t0, t1) = (t0.min(s), t1.max(e));
    }
    let pad = ((t1 - t0) * 0.04).max(0.08);
    let x = Scale {
        domain: (t0 - pad, t1 + pad),
        range: (40.0, WIDTH - 40.0),
    };
    // Markers that would overlap climb to the next lane.
    let mut lanes: Vec<f64> = Vec::new();
    let lane_of: Vec<usize> = at
        .iter()
        .map(|&t| {
            let px = x.at(t);
            if let Some(lane) = lanes.iter().position(|&last| px - last >= 22.0) {
                lanes[lane] = px;
                lane
            } else {
                lanes.push(px);
                lanes.len() - 1
            }
        })
        .collect();
    let axis_y = 22.0 + 24.0 * lanes.len() as f64;
    let height = axis_y + 36.0;
    let description = events
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            format!(
                "{}. {}: {}",
                n + 1,
                study.events[i].date,
                study.events[i].summary
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    chart::open(
        out,
        id,
        height,
        &format!("Timeline of events, {label}"),
        &description,
    );
    if let Some((s, e)) = period {
        w!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"8\" class=\"period\"><title>period</title></rect>\n",
            num(x.at(s)),
            num(axis_y - 4.0),
            num(x.at(e) - x.at(s))
        );
    }
    chart::line(out, (40.0, axis_y), (WIDTH - 40.0, axis_y), "axis");
    time_ticks(out, &x, axis_y);
    // A date known only to the month or year is an interval, not a point:
    // its extent is drawn on the axis under the marker, which sits at the
    // interval's middle, so that "1995" is not read as a day in mid-1995.
    for &i in events {
        let event = &study.events[i];
        if event.date.is_day() {
            continue;
        }
        if let Some((s, e)) = date_span(event.date.as_str()) {
            w!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" class=\"extent\"><title>{}: the date is known to the {}</title></rect>\n",
                num(x.at(s)),
                num(axis_y - 3.0),
                num((x.at(e) - x.at(s)).max(1.0)),
                escape(event.date.as_str()),
                if event.date.as_str().len() == 4 {
                    "year"
                } else {
                    "month"
                }
            );
        }
    }
    for (n, (&t, &lane)) in at.iter().zip(&lane_of).enumerate() {
        let event = &study.events[events[n]];
        let (px, py) = (x.at(t), axis_y - 18.0 - 24.0 * lane as f64);
        chart::line(out, (px, axis_y), (px, py + 9.0), "stem");
        w!(
            out,
            "<g class=\"event\"><title>{}: {}</title><circle cx=\"{}\" cy=\"{}\" r=\"9.5\"/>",
            escape(event.date.as_str()),
            escape(&event.summary),
            num(px),
            num(py)
        );
        chart::text(
            out,
            px,
            py + 4.0,
            "middle",
            "event-number",
            &(n + 1).to_string(),
        );
        out.push_str("</g>\n");
    }
    chart::close(
        out,
        &format!(
            "Events in date order, numbered as in the list below{}. A date known only to the month or year sits at its middle, over a bar on the axis that spans it.",
            if period.is_some() {
                "; the grey bar on the axis is the case's period"
            } else {
                ""
            }
        ),
    );
    out.push_str("<ol class=\"events\">\n");
    for &i in events {
        let event = &study.events[i];
        w!(
            out,
            "<li id=\"event-{}\"><time>{}</time> ",
            escape(&event.id),
            escape(event.date.as_str())
        );
        if let Some(actor) = &event.actor {
            w!(out, "<span class=\"actor\">{}</span> ", escape(actor));
        }
        w!(out, "{}", escape(&event.summary));
        if !event.evidence.is_empty() {
            w!(
                out,
                " <span class=\"docs\">({})</span>",
                join(event.evidence.iter().map(|&e| evidence_link(study, e)))
            );
        }
        // Overlapping date intervals: the order shown is not known.
        let unknown = &r.analysis.order_unknown[i];
        if !unknown.is_empty() {
            w!(
                out,
                " <span class=\"muted\">(order unknown with {})</span>",
                join(unknown.iter().map(|&o| format!(
                    "<a href=\"#event-{}\">{}</a>",
                    escape(&study.events[o].id),
                    escape(&study.events[o].id)
                )))
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// Year ticks, or month ticks when the axis spans under three years.
fn time_ticks(out: &mut String, x: &Scale, axis_y: f64) {
    let (t0, t1) = x.domain;
    if t1 - t0 >= 3.0 {
        let step = chart::ticks(t0, t1, 8)
            .windows(2)
            .map(|w| w[1] - w[0])
            .next()
            .unwrap_or(1.0)
            .max(1.0)
            .round();
        let mut year = (t0 / step).ceil() * step;
        while year <= t1 {
            chart::line(
                out,
                (x.at(year), axis_y),
                (x.at(year), axis_y + 5.0),
                "tick-mark",
            );
            chart::text(
                out,
                x.at(year),
                axis_y + 18.0,
                "middle",
                "tick",
                &format!("{year:.0}"),
            );
            year += step;
        }
        return;
    }
    let months = ((t1 - t0) * 12.0).ceil() as i64;
    let every = [1, 2, 3, 6]
        .into_iter()
        .find(|k| months / k <= 8)
        .unwrap_or(12);
    let mut m = (t0 * 12.0).ceil() as i64;
    while (m as f64) / 12.0 <= t1 {
        let t = m as f64 / 12.0;
        chart::line(out, (x.at(t), axis_y), (x.at(t), axis_y + 4.0), "tick-mark");
        if m.rem_euclid(every) == 0 {
            chart::text(
                out,
                x.at(t),
                axis_y + 18.0,
                "middle",
                "tick",
                &format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            );
        }
        m += 1;
    }
}

/// The items of one case: claim, source, derived test for the focus, its
/// weight for the focus against the reference rival, and the declared test.
fn evidence_table(r: &Report<'_>, out: &mut String, items: &[usize]) {
    let (study, analysis) = (r.study, r.analysis);
    let focus = study.focus;
    let reference = analysis.reference(study);
    w!(
        out,
        "<div class=\"table-wrap\" tabindex=\"0\"><table class=\"case-evidence\">\n<thead><tr><th scope=\"col\">item</th><th scope=\"col\">claim</th>\
         <th scope=\"col\">source</th><th scope=\"col\">derived test for {}</th><th scope=\"col\" class=\"num\">dB vs {}</th>\
         <th scope=\"col\">declared</th></tr></thead>\n<tbody>\n",
        escape(&study.hypotheses[focus].id),
        escape(&study.hypotheses[reference].id)
    );
    for &e in items {
        let ev = &study.evidence[e];
        let t = &analysis.items[e].tests[focus];
        // The pairwise weight against the focus's strongest rival: these
        // add up to the total, as a running "update" against the shifting
        // complement would not.
        let update = analysis.items[e].weight_db(focus, reference);
        w!(
            out,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
            evidence_link(study, e),
            if ev.observed {
                ""
            } else {
                "<span class=\"badge absent\">absent</span> "
            },
            escape(&ev.claim),
            source_cell(r, ev),
            escape(&test_words(t)),
            signed_db(update),
            ev.declared_test.map_or(String::new(), |d| {
                if ev.declared_for == focus {
                    d.to_string()
                } else {
                    format!("{d} ({})", escape(&study.hypotheses[ev.declared_for].id))
                }
            })
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}
