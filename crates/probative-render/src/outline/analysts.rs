//! The "Analysts" section of the text and Markdown reports: each analyst's
//! view, the pool, where they disagree and whether it matters.
//!
//! It reads the [`Panel`] the engine computed and adds no arithmetic: every
//! number shown is in the JSON report's `analysts` block.

use probative::analysis::analysts::{Panel, Pool};

use super::{Align, Block, Cell, Inline, cell, code, col, strong, text};
use crate::Report;
use crate::words::{probability, signed_db};

/// Contention entries shown; the JSON report has them all.
const SHOWN_PAIRS: usize = 3;
/// Items shown per entry.
const SHOWN_ITEMS: usize = 5;

/// Appends the section when analysts are in use.
pub fn section(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let Some(panel) = r.analysis.analysts.as_deref() else {
        return;
    };
    let study = r.study;
    blocks.push(Block::Heading("Analysts".into()));
    let n = panel.members.len();
    blocks.push(Block::Paragraph(vec![text(format!(
        "{n} analyst{} judged this study, each alone (their files in analysts/). The verdict, \
         posteriors, bounds, tests and lints of this report are their pooled judgment: the weighted \
         logarithmic pool, which is externally Bayesian and in which every weight of evidence is the \
         weighted mean of the analysts' weights in dB.",
        if n == 1 { "" } else { "s" }
    ))]));
    let mut columns = vec![
        col("analyst", Align::Left, 16),
        col("weight", Align::Right, 6),
    ];
    for h in &study.hypotheses {
        columns.push(col(&h.id, Align::Right, 10));
    }
    columns.push(col("leader", Align::Left, 16));
    let mut rows: Vec<Vec<Cell>> = panel
        .members
        .iter()
        .map(|m| {
            let mut row = vec![
                cell(format!("{} ({})", m.analyst.id, m.analyst.name)),
                cell(probability(m.weight)),
            ];
            row.extend(m.posterior.iter().map(|p| cell(probability(*p))));
            row.push(cell(&study.hypotheses[m.leader.leader].id));
            row
        })
        .collect();
    let mut pooled = vec![cell("pooled (log)"), cell("")];
    pooled.extend(r.analysis.posterior.iter().map(|p| cell(probability(*p))));
    pooled.push(cell(&study.hypotheses[r.analysis.leader.leader].id));
    rows.push(pooled);
    if panel.pool == Pool::Linear {
        let linear_leader = panel.linear_leader();
        let mut linear = vec![cell("linear pool*"), cell("")];
        linear.extend(panel.linear.iter().map(|p| cell(probability(*p))));
        linear.push(cell(&study.hypotheses[linear_leader].id));
        rows.push(linear);
    }
    blocks.push(Block::Table { columns, rows });
    if panel.pool == Pool::Linear {
        blocks.push(Block::Paragraph(vec![text(
            "* The linear pool averages the analysts' posteriors. It is shown for comparison only: \
             it is not externally Bayesian (pooling before and after the evidence disagree).",
        )]));
    }
    leave_one_out(r, panel, blocks);
    contention(r, panel, blocks);
    adoption(r, panel, blocks);
    let agreement = match panel.alpha {
        Some(alpha) => format!(
            "Agreement: Krippendorff's alpha is {alpha:.3} (interval metric, on the likelihoods the \
             analysts write, as log-odds in dB), over the cells two or more analysts judge."
        ),
        None => "Agreement: Krippendorff's alpha is undefined: no cell is judged by two analysts \
                 with any variation among the values."
            .to_owned(),
    };
    blocks.push(Block::Paragraph(vec![text(agreement)]));
}

fn leave_one_out(r: &Report<'_>, panel: &Panel, blocks: &mut Vec<Block>) {
    let study = r.study;
    let l = r.analysis.leader;
    let mut p = vec![
        text("The pool favours "),
        code(&study.hypotheses[l.leader].id),
        text(" over "),
        code(&study.hypotheses[l.runner_up].id),
        text(format!(" by {} dB.", signed_db(l.margin_db))),
    ];
    let without: Vec<(usize, usize)> = panel
        .without
        .iter()
        .enumerate()
        .filter_map(|(m, w)| w.map(|w| (m, w)))
        .collect();
    if !without.is_empty() {
        p.push(text(" Leaving one analyst out: "));
        for (n, (m, w)) in without.iter().enumerate() {
            if n > 0 {
                p.push(text("; "));
            }
            p.push(text(format!("without {}, ", panel.members[*m].analyst.id)));
            p.push(code(&study.hypotheses[*w].id));
            if *w != l.leader {
                p.push(strong(" (the verdict changes)"));
            }
        }
        p.push(text("."));
    }
    blocks.push(Block::Paragraph(p));
}

fn contention(r: &Report<'_>, panel: &Panel, blocks: &mut Vec<Block>) {
    if panel.contention.is_empty() {
        return;
    }
    let study = r.study;
    blocks.push(Block::Subheading("Locus of contention".into()));
    blocks.push(Block::Paragraph(vec![text(
        "Where two analysts' posterior odds differ, exactly: the gap in dB is the gap of their priors \
         plus, item by item, the gap of their weights of evidence. Largest first.",
    )]));
    let mut list = Vec::new();
    for c in panel.contention.iter().take(SHOWN_PAIRS) {
        let (a, b) = (&panel.members[c.a].analyst, &panel.members[c.b].analyst);
        let mut v = vec![
            code(&b.id),
            text(" minus "),
            code(&a.id),
            text(" on "),
            code(&study.hypotheses[c.i].id),
            text(" against "),
            code(&study.hypotheses[c.j].id),
            text(format!(
                ": {} dB = prior {} dB",
                signed_db(c.total_db),
                signed_db(c.prior_db)
            )),
        ];
        for (e, gap) in c.items.iter().take(SHOWN_ITEMS) {
            v.push(text(", "));
            v.push(code(&study.evidence[*e].id));
            v.push(text(format!(" {} dB", signed_db(*gap))));
        }
        let rest = c.items.len().saturating_sub(SHOWN_ITEMS);
        if rest > 0 {
            let sum: f64 = c.items[SHOWN_ITEMS..].iter().map(|(_, d)| d).sum();
            v.push(text(format!(
                ", and {rest} more item{} {} dB",
                if rest == 1 { "" } else { "s" },
                signed_db(sum)
            )));
        }
        list.push((None, v));
    }
    blocks.push(Block::List(list));
}

fn adoption(r: &Report<'_>, panel: &Panel, blocks: &mut Vec<Block>) {
    if panel.members.len() < 2 {
        return;
    }
    let study = r.study;
    let mut list: Vec<(Option<probative::diagnostic::Severity>, Vec<Inline>)> = Vec::new();
    for (m, found) in panel.members.iter().zip(&panel.adoption) {
        let mut v = vec![code(&m.analyst.id), text(": ")];
        match found {
            Some(a) => {
                let n = a.evidence.len();
                v.push(text(format!(
                    "adopting their judgment{} of ",
                    if n == 1 { "" } else { "s" }
                )));
                for (k, e) in a.evidence.iter().enumerate() {
                    if k > 0 {
                        v.push(text(if k + 1 == n { " and " } else { ", " }));
                    }
                    v.push(code(&study.evidence[*e].id));
                }
                v.push(text(" in place of the pool lets "));
                v.push(code(&study.hypotheses[a.rival].id));
                v.push(text(" reach the leader."));
            }
            None => v.push(text(
                "no set of their judgments, adopted in place of the pool, changes the leader.",
            )),
        }
        list.push((None, v));
    }
    blocks.push(Block::Subheading("Does it matter?".into()));
    blocks.push(Block::Paragraph(vec![text(
        "The fewest items on which one analyst's view, taken in place of the pool, would change the pooled leader:",
    )]));
    blocks.push(Block::List(list));
}
