//! Section 6, the evidence × hypothesis matrix, as analysts of competing
//! hypotheses read one: a column per hypothesis, a row per item, each cell
//! the item's likelihood under that hypothesis and its weight of evidence
//! for it against a reference hypothesis, with each column's total.
//!
//! The reference is chosen in the page. By default it is the runner-up, so
//! the leader's column is the contest the verdict decides; the theory under
//! test against its strongest rival is one click away, and any hypothesis
//! can be the reference. The choice and the "show every item" switch are
//! form controls that CSS reads (`:has`), so the page needs no script for
//! them and prints the view on screen; every view is written into the page.
//! Without `:has` support the default view stays, and every row shows.
//! Items that tell no two hypotheses apart by 1 dB are hidden until asked.
//! The inline script only re-sorts rows (by diagnosticity, or back to the
//! timeline), from a toolbar outside the table, so the printed heading
//! repeats unchanged on every page.
//!
//! The colour scale is fitted to the weights the study has
//! ([`palette::WeightScale`]), so the darkest class holds its strongest
//! items.

use super::chart::{self, num};
use super::escape::escape;
use super::palette::{self, WeightScale};
use super::{CaseItems, NON_DIAGNOSTIC_DB, evidence_link, hypothesis_link, open_section};
use crate::Report;
use crate::words::{probability, signed_db};

/// Above this many cells (items × hypotheses × references) the page offers
/// only the two references the verdict names, not every hypothesis.
const MAX_CELLS: usize = 200_000;

/// The hypotheses a reader may weigh against, the default first.
struct References {
    /// Every reference written into the page; `list[0]` is the default.
    list: Vec<usize>,
    /// The runner-up: the leader is weighed against it by default.
    runner_up: usize,
    /// The focus's strongest rival (highest posterior among the others).
    rival: usize,
}

fn references(r: &Report<'_>) -> References {
    let (study, analysis) = (r.study, r.analysis);
    let k = study.hypotheses.len();
    let runner_up = analysis.leader.runner_up;
    let rival = (0..k)
        .filter(|&j| j != study.focus)
        .max_by(|&a, &b| {
            analysis.posterior[a]
                .total_cmp(&analysis.posterior[b])
                .then(b.cmp(&a))
        })
        .unwrap_or(runner_up);
    let mut list = vec![runner_up];
    if study.evidence.len() * k * k <= MAX_CELLS {
        list.extend((0..k).filter(|&j| j != runner_up));
    } else if rival != runner_up {
        list.push(rival);
    }
    References {
        list,
        runner_up,
        rival,
    }
}

/// The rules that show the chosen reference's cells: written per study,
/// since the page knows its hypotheses only then.
pub fn style(r: &Report<'_>) -> String {
    let refs = references(r);
    let default = refs.list[0];
    let mut css = format!(
        "table.matrix td.w .db.r{default}, table.matrix .ref-note.n{default} {{ display: block; }}\n\
         #matrix:has(#matrix-all:not(:checked)) tr.quiet {{ display: none; }}\n"
    );
    for class in 0..11 {
        let (bg, fg) = palette::class_colour(class);
        w!(
            css,
            "table.matrix .k{class} {{ background: {bg}; color: {fg}; }}\n"
        );
    }
    for &j in &refs.list[1..] {
        w!(
            css,
            "#matrix:has(#matrix-ref-{j}:checked) .r{default}, #matrix:has(#matrix-ref-{j}:checked) .n{default} {{ display: none; }}\n\
             #matrix:has(#matrix-ref-{j}:checked) .r{j}, #matrix:has(#matrix-ref-{j}:checked) .n{j} {{ display: block; }}\n"
        );
    }
    css
}

/// Writes the matrix section.
pub fn section(r: &Report<'_>, groups: &[CaseItems], out: &mut String) {
    let (study, analysis) = (r.study, r.analysis);
    open_section(out, "matrix");
    if study.evidence.is_empty() {
        out.push_str("<p>The study has no evidence.</p>\n</section>\n");
        return;
    }
    let refs = references(r);
    let k = study.hypotheses.len();
    let leader = analysis.leader.leader;
    let largest = (0..study.evidence.len())
        .flat_map(|e| {
            refs.list
                .iter()
                .flat_map(move |&j| (0..k).map(move |i| (e, i, j)))
        })
        .map(|(e, i, j)| analysis.items[e].weight_db(i, j).abs())
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max);
    let scale = WeightScale::fitted(largest);
    let quiet = (0..study.evidence.len())
        .filter(|&e| analysis.items[e].diagnosticity_db() < NON_DIAGNOSTIC_DB)
        .count();

    w!(
        out,
        "<p>One column per hypothesis H, one row per item. Each cell gives P(E | H), how likely the hypothesis makes \
         the evidence as the study judged it, and beneath it the item's weight of evidence for H against the reference \
         hypothesis, in dB (10 dB is odds of 10:1): blue favours H, orange the reference, and the darker the colour the \
         stronger the item. The last row is each column's total. Diagnosticity is an item's largest weight between any \
         two hypotheses. By default the reference is the runner-up {}, so the column of the leader {} is the contest \
         the verdict decides.</p>\n",
        hypothesis_link(study, refs.runner_up),
        hypothesis_link(study, leader)
    );
    legend(out, &scale);
    out.push_str("<div class=\"matrix-controls\">\n<fieldset><legend>Weigh every hypothesis against</legend>\n");
    for (n, &j) in refs.list.iter().enumerate() {
        w!(
            out,
            "<label><input type=\"radio\" name=\"matrix-ref\" id=\"matrix-ref-{j}\"{}> <code>{}</code>{}</label>\n",
            if n == 0 { " checked" } else { "" },
            escape(&study.hypotheses[j].id),
            if j == refs.runner_up {
                " (runner-up)"
            } else {
                ""
            }
        );
    }
    if refs.list.contains(&refs.rival) && study.focus != leader {
        w!(
            out,
            "<br><label class=\"quick\" for=\"matrix-ref-{}\">Theory under test <code>{}</code> against its strongest rival <code>{}</code></label>\n",
            refs.rival,
            escape(&study.hypotheses[study.focus].id),
            escape(&study.hypotheses[refs.rival].id)
        );
    }
    out.push_str("</fieldset>\n");
    if quiet > 0 {
        w!(
            out,
            "<label><input type=\"checkbox\" id=\"matrix-all\"> Show the {quiet} non-diagnostic item{} too \
             (under {NON_DIAGNOSTIC_DB} dB between any two hypotheses; hidden by default)</label>\n",
            if quiet == 1 { "" } else { "s" }
        );
    }
    out.push_str("</div>\n<p class=\"sort-bar\" hidden>Sort the rows by \
        <button type=\"button\" data-sort=\"order\" aria-pressed=\"true\">timeline</button> \
        <button type=\"button\" data-sort=\"diag\" aria-pressed=\"false\">diagnosticity</button></p>\n");

    w!(
        out,
        "<div class=\"matrix-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"matrix-caption\">\
         <table class=\"matrix\" id=\"matrix-table\">\n<caption id=\"matrix-caption\">P(E | H) and weight of evidence \
         for each hypothesis against the reference, item by item{}</caption>\n<thead><tr>\
         <th scope=\"col\">item</th><th scope=\"col\">case</th>",
        if quiet > 0 {
            format!(
                " ({quiet} of {} items under {NON_DIAGNOSTIC_DB} dB hidden unless shown)",
                study.evidence.len()
            )
        } else {
            String::new()
        }
    );
    for (i, h) in study.hypotheses.iter().enumerate() {
        w!(
            out,
            "<th scope=\"col\" class=\"num\"><code>{}</code>{}",
            escape(&h.id),
            match (i == leader, i == study.focus) {
                (true, true) => "<br><span class=\"muted\">leader, focus</span>",
                (true, false) => "<br><span class=\"muted\">leader</span>",
                (false, true) => "<br><span class=\"muted\">focus</span>",
                (false, false) => "",
            }
        );
        if refs.list.contains(&i) {
            w!(out, "<span class=\"ref-note n{i}\">reference</span>");
        }
        out.push_str("</th>");
    }
    out.push_str("<th scope=\"col\" class=\"num\">diagnosticity</th></tr></thead>\n<tbody>\n");
    let mut order = 0usize;
    for &(case, ref items) in groups {
        for (n, &e) in items.iter().enumerate() {
            let ev = &study.evidence[e];
            let item = &analysis.items[e];
            let diag = item.diagnosticity_db();
            let mut class = Vec::new();
            if n == 0 {
                class.push("group-start");
            }
            if diag < NON_DIAGNOSTIC_DB {
                class.push("quiet");
            }
            w!(
                out,
                "<tr data-order=\"{order}\" data-diag=\"{}\"{}><th scope=\"row\">{}</th><td>{}</td>",
                sort_value(diag),
                if class.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", class.join(" "))
                },
                evidence_link(study, e),
                case.map_or_else(
                    || "<span class=\"muted\">none</span>".to_owned(),
                    |c| escape(&study.cases[c].id).to_string()
                )
            );
            for i in 0..k {
                w!(
                    out,
                    "<td class=\"w\"><span class=\"p\">{}</span>",
                    probability(ev.likelihood[i].point)
                );
                for &j in &refs.list {
                    cell(out, &scale, j, (i != j).then(|| item.weight_db(i, j)));
                }
                out.push_str("</td>");
            }
            w!(out, "<td class=\"num\">{}</td></tr>\n", magnitude(diag));
            order += 1;
        }
    }
    out.push_str("</tbody>\n<tbody class=\"totals\"><tr class=\"totals\"><th scope=\"row\">total</th><td></td>");
    for i in 0..k {
        out.push_str("<td class=\"w\">");
        for &j in &refs.list {
            cell(
                out,
                &scale,
                j,
                (i != j).then(|| analysis.evidence_db(study, i, j)),
            );
        }
        out.push_str("</td>");
    }
    out.push_str("<td></td></tr></tbody>\n</table></div>\n</section>\n");
}

/// The weight for reference `j`, coloured by its class; "ref." in the
/// reference's own column.
fn cell(out: &mut String, scale: &WeightScale, j: usize, weight: Option<f64>) {
    if let Some(db) = weight {
        let shown = signed_db(db).replace('-', "−");
        w!(
            out,
            "<span class=\"db r{j} k{}{}\">{shown}</span>",
            scale.class(db),
            if shown == "0.0" { " zero" } else { "" }
        );
    } else {
        w!(out, "<span class=\"db r{j} zero\">ref.</span>");
    }
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
fn legend(out: &mut String, scale: &WeightScale) {
    let edges = scale.edges;
    // A weight inside each class, from the darkest against the column's
    // hypothesis to the darkest for it.
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
            "Eleven classes: under 1 dB either way light grey; blue for the column's hypothesis and orange for the reference, darker at {} dB or more",
            edges.map(|e| format!("{e}")).join(", ")
        ),
    );
    let (x0, width) = (250.0, 42.0);
    for (n, db) in classes.iter().enumerate() {
        w!(
            out,
            "<rect x=\"{}\" y=\"8\" width=\"{}\" height=\"18\" fill=\"{}\" class=\"swatch-cell\"/>\n",
            num(x0 + width * n as f64),
            num(width),
            palette::class_colour(scale.class(*db)).0
        );
    }
    let bounds = edges.iter().rev().map(|e| -e).chain(edges.iter().copied());
    for (n, edge) in bounds.enumerate() {
        let x = x0 + width * (n + 1) as f64;
        chart::line(out, (x, 26.0), (x, 31.0), "tick-mark");
        let label = format!("{edge:+}").replace('-', "−");
        chart::text(out, x, 43.0, "middle", "tick", &label);
    }
    let x1 = x0 + width * classes.len() as f64;
    chart::text(out, x0 - 10.0, 22.0, "end", "note", "favours the reference");
    chart::text(out, x1 + 10.0, 22.0, "start", "note", "favours the column");
    chart::text(
        out,
        f64::midpoint(x0, x1),
        59.0,
        "middle",
        "axis-label",
        "weight of evidence, dB",
    );
    chart::close(
        out,
        "The colour scale of the matrix, fitted to this study: the darkest class starts at the largest weight the matrix shows.",
    );
}
