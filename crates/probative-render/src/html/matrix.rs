//! Section 5, the evidence × hypothesis matrix: every item's weight of
//! evidence for the focus against each rival, as a colour scale.
//!
//! Rows come in the order of the belief chart (case by case, timeline order
//! within each), which reads without JavaScript; the inline script lets a
//! reader re-sort by diagnosticity or by any column. Beside the weights
//! stand the Van Evera test the likelihoods imply for the focus and the
//! test the study declared, so a mismatch is visible in the row.

use super::chart::{self, num};
use super::escape::escape;
use super::{CaseItems, evidence_link, open_section, palette};
use crate::Report;
use crate::outline::test_words;
use crate::words::signed_db;

/// Writes the matrix section.
pub fn section(r: &Report<'_>, groups: &[CaseItems], out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    open_section(out, "matrix");
    if study.evidence.is_empty() {
        out.push_str("<p>The study has no evidence.</p>\n</section>\n");
        return;
    }
    let focus = study.focus;
    let focus_id = &study.hypotheses[focus].id;
    let rivals: Vec<usize> = (0..study.hypotheses.len())
        .filter(|&j| j != focus)
        .collect();
    w!(
        out,
        "<p>Each cell is an item's weight of evidence w<sub>e</sub>({f}:rival) in dB: blue favours <code>{f}</code>, orange the rival, \
         and the darker the cell the stronger the item (10 dB is odds of 10:1). Diagnosticity is the item's largest weight between \
         any two hypotheses. The derived test is the Van Evera type the likelihoods imply for <code>{f}</code> against its rivals; \
         the declared test is the study's own label.</p>\n",
        f = escape(focus_id)
    );
    legend(out, focus_id);
    out.push_str(
        "<p class=\"sort-hint\" hidden>Select a column heading to sort by it; select <em>item</em> to return to timeline order.</p>\n",
    );
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"matrix\" id=\"matrix-table\">\n<thead><tr>",
    );
    out.push_str("<th scope=\"col\" data-sort=\"order\">item</th><th scope=\"col\">case</th>");
    for (n, &j) in rivals.iter().enumerate() {
        w!(
            out,
            "<th scope=\"col\" class=\"num\" data-sort=\"{n}\">vs <code>{}</code></th>",
            escape(&study.hypotheses[j].id)
        );
    }
    out.push_str(
        "<th scope=\"col\" class=\"num\" data-sort=\"diag\">diagnosticity</th><th scope=\"col\">derived test</th><th scope=\"col\">declared</th></tr></thead>\n<tbody>\n",
    );
    let mut order = 0usize;
    for &(case, ref items) in groups {
        for (n, &e) in items.iter().enumerate() {
            let ev = &study.evidence[e];
            let item = &analysis.items[e];
            let diag = item.diagnosticity_db();
            w!(
                out,
                "<tr data-order=\"{order}\" data-diag=\"{}\"{}><th scope=\"row\">{}</th><td>{}</td>",
                sort_value(diag),
                if n == 0 { " class=\"group-start\"" } else { "" },
                evidence_link(study, e),
                case.map_or_else(
                    || "<span class=\"muted\">none</span>".to_owned(),
                    |c| escape(&study.cases[c].id).to_string()
                )
            );
            for &j in &rivals {
                let weight = item.weight_db(focus, j);
                let (bg, fg) = palette::weight(weight);
                w!(
                    out,
                    "<td class=\"num w\" data-v=\"{}\" style=\"background:{bg};color:{fg}\">{}</td>",
                    sort_value(weight),
                    signed_db(weight)
                );
            }
            let test = &item.tests[focus];
            let declared = match ev.declared_test {
                None => String::new(),
                Some(d) => {
                    let derived = &item.tests[ev.declared_for];
                    let agrees = derived.confirms(d);
                    let whom = if ev.declared_for == focus {
                        String::new()
                    } else {
                        format!(
                            " for <code>{}</code>",
                            escape(&study.hypotheses[ev.declared_for].id)
                        )
                    };
                    if agrees {
                        format!("{d}{whom} <span class=\"badge ok\">agrees</span>")
                    } else {
                        format!("{d}{whom} <span class=\"badge mismatch\">mismatch</span>")
                    }
                }
            };
            w!(
                out,
                "<td class=\"num\">{}</td><td>{}</td><td>{declared}</td></tr>\n",
                magnitude(diag),
                escape(&test_words(test))
            );
            order += 1;
        }
    }
    out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">sum</th><td></td>");
    for &j in &rivals {
        let total = analysis.evidence_db(study, focus, j);
        let (bg, fg) = palette::weight(total);
        w!(
            out,
            "<td class=\"num w\" style=\"background:{bg};color:{fg}\">{}</td>",
            signed_db(total)
        );
    }
    out.push_str("<td></td><td colspan=\"2\">total weight of all the evidence</td></tr></tfoot>\n</table></div>\n</section>\n");
}

/// A value for the sorting script: JavaScript reads `Infinity`.
fn sort_value(db: f64) -> String {
    if db.is_infinite() {
        if db > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        format!("{db}")
    }
}

/// An unsigned weight, "12.3" or "inf".
fn magnitude(db: f64) -> String {
    signed_db(db).trim_start_matches('+').to_owned()
}

/// The colour scale: one swatch per class, its bounds beneath.
fn legend(out: &mut String, focus_id: &str) {
    let edges = palette::EDGES;
    // Class midpoints, from decisive against the focus to decisive for it.
    let classes: Vec<f64> = edges
        .iter()
        .rev()
        .map(|e| -e - 0.01)
        .chain(std::iter::once(0.0))
        .chain(edges.iter().map(|e| e + 0.01))
        .collect();
    chart::open(
        out,
        "chart-scale",
        64.0,
        "Colour scale of the weights of evidence",
        &format!(
            "Eleven classes: under 1 dB either way light grey; blue for {focus_id} and orange for the rival, darker at 1, 2.5, 5, 10 and 20 dB or more"
        ),
    );
    let (x0, width) = (250.0, 42.0);
    for (n, db) in classes.iter().enumerate() {
        w!(
            out,
            "<rect x=\"{}\" y=\"8\" width=\"{}\" height=\"18\" fill=\"{}\" class=\"swatch-cell\"/>\n",
            num(x0 + width * n as f64),
            num(width),
            palette::weight(*db).0
        );
    }
    let bounds = edges.iter().rev().map(|e| -e).chain(edges.iter().copied());
    for (n, edge) in bounds.enumerate() {
        let x = x0 + width * (n + 1) as f64;
        chart::line(out, (x, 26.0), (x, 31.0), "tick-mark");
        chart::text(out, x, 43.0, "middle", "tick", &format!("{edge:+}"));
    }
    let x1 = x0 + width * classes.len() as f64;
    chart::text(out, x0 - 10.0, 22.0, "end", "note", "favours the rival");
    chart::text(
        out,
        x1 + 10.0,
        22.0,
        "start",
        "note",
        &format!("favours {focus_id}"),
    );
    chart::text(
        out,
        f64::midpoint(x0, x1),
        59.0,
        "middle",
        "axis-label",
        "weight of evidence, dB",
    );
    chart::close(out, "");
}
