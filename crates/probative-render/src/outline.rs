//! What the text and Markdown reports say, independent of how they look.
//!
//! Both reports read the same outline of blocks (headings, paragraphs,
//! tables, lists), so that the terminal and the appendix never disagree;
//! `text` and `markdown` only decide the looks.

use probative::analysis::Outcome;
use probative::diagnostic::{Location, Severity};
use probative::model::{Evidence, TestType};

mod analysts;
pub mod causal;

use crate::Report;
use crate::words::{bound, db_words, evidence_in_words, margin_in_words, probability, signed_db};

/// A run of inline text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain words.
    Text(String),
    /// Emphasised words.
    Strong(String),
    /// An identifier or code.
    Code(String),
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A probability drawn as a bar with its interval.
    Bar {
        /// The posterior.
        value: f64,
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
}

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Right (numbers).
    Right,
}

/// A table column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header.
    pub title: String,
    /// Alignment.
    pub align: Align,
    /// Longest text shown in a terminal before it is cut with "…".
    pub max_width: usize,
    /// How long a narrow terminal keeps the column: the lowest goes first
    /// (the first column, which names the row, always stays).
    pub keep: u8,
}

/// A block of the report.
#[derive(Debug, Clone)]
pub enum Block {
    /// The report's title.
    Title(String),
    /// A section heading.
    Heading(String),
    /// A sub-section heading.
    Subheading(String),
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A table.
    Table {
        /// The columns.
        columns: Vec<Column>,
        /// The rows, one cell per column.
        rows: Vec<Vec<Cell>>,
    },
    /// A bullet list; each item may carry a severity for colouring.
    List(Vec<(Option<Severity>, Vec<Inline>)>),
}

fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}
fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}
fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}
fn col(title: &str, align: Align, max_width: usize) -> Column {
    Column {
        title: title.to_owned(),
        align,
        max_width,
        keep: DEFAULT_KEEP,
    }
}

/// How long a column stays by default: numbers and untitled marks are
/// ranked against it with [`Column::keep_rank`].
const DEFAULT_KEEP: u8 = 2;

impl Column {
    /// The same column with another rank in a narrow terminal.
    #[must_use]
    fn keep_rank(mut self, keep: u8) -> Self {
        self.keep = keep;
        self
    }
}
fn cell(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The outline of the full report.
pub fn outline(r: &Report<'_>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let study = r.study;
    blocks.push(Block::Title(study.title.clone()));
    // The judgments are the encoder's, whoever wrote the work they encode:
    // the report never presents the authors as the source of the numbers.
    let encoder = study.encoded_by.as_deref().map_or_else(
        || "who encoded the likelihoods and priors is not stated".to_owned(),
        |who| format!("likelihoods and priors encoded by {who}"),
    );
    blocks.push(Block::Paragraph(vec![text(if study.authors.is_empty() {
        let mut words = encoder;
        if let Some(first) = words.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        format!("{words}.")
    } else {
        format!(
            "Authors named in the study: {}; {encoder}.",
            study.authors.join(", ")
        )
    })]));
    if let Some(q) = &study.question {
        blocks.push(Block::Paragraph(vec![
            strong("Question: "),
            text(q.clone()),
        ]));
    }
    without(r, &mut blocks);
    verdict(r, &mut blocks);
    hypotheses(r, &mut blocks);
    causal::section(r, &mut blocks);
    analysts::section(r, &mut blocks);
    cases(r, &mut blocks);
    evidence(r, &mut blocks);
    declared(r, &mut blocks);
    matrix(r, &mut blocks);
    timeline(r, &mut blocks);
    lints(r, &mut blocks);
    references(r, &mut blocks);
    blocks
}

/// What `--without` dropped, at the top: a what-if report must say so
/// before anything else.
fn without(r: &Report<'_>, blocks: &mut Vec<Block>) {
    if let Some(p) = without_words(r) {
        blocks.push(Block::Paragraph(p));
    }
}

/// "What if: without `a`, `tag:b`: 5 items removed (2 of them because they
/// depend on removed items): ...", or `None` for a report of the whole
/// study.
pub fn without_words(r: &Report<'_>) -> Option<Vec<Inline>> {
    let w = r.study.without.as_ref()?;
    let specs: Vec<&str> = w.selections.iter().map(String::as_str).collect();
    let ids: Vec<&str> = w.removed.iter().map(String::as_str).collect();
    let n = ids.len();
    let mut p = vec![strong("What if: "), text("this report leaves out ")];
    p.extend(join_codes(&specs));
    p.push(text(format!(
        ": {n} evidence item{} removed",
        if n == 1 { "" } else { "s" }
    )));
    if w.dependents > 0 {
        p.push(text(format!(
            " ({} of them because {} on a removed item)",
            w.dependents,
            if w.dependents == 1 {
                "it depends"
            } else {
                "they depend"
            }
        )));
    }
    if n > 0 && n <= 12 {
        p.push(text(": "));
        p.extend(join_codes(&ids));
    }
    p.push(text(". Every number below is for the study without them."));
    Some(p)
}

fn verdict(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    let l = a.leader;
    let leader = &study.hypotheses[l.leader];
    let runner = &study.hypotheses[l.runner_up];
    blocks.push(Block::Heading("Verdict".into()));
    let [lo, hi] = a.bounds[l.leader];
    let evidence_db = a.evidence_db(study, l.leader, l.runner_up);
    let prior_db = probative::analysis::db(leader.prior, runner.prior);
    let fragile: Vec<&str> = a
        .lints
        .iter()
        .filter(|d| d.code == "fragile-conclusion")
        .filter_map(|d| d.subject.hypothesis.as_deref())
        .collect();
    // A conclusion that a rival can overturn within the study's own
    // intervals opens with that, as the HTML verdict does, not with a
    // posterior to three decimals.
    let mut p = if fragile.is_empty() {
        vec![text("The evidence favours "), code(&leader.id)]
    } else {
        vec![strong("No hypothesis is established. "), code(&leader.id)]
    };
    p.push(text(format!(
        " ({}){} posterior {} from a prior of {} (within the stated likelihood intervals, anywhere from {} to {}){} Against ",
        leader.title,
        if fragile.is_empty() { ":" } else { " leads with" },
        probability(a.posterior[l.leader]),
        probability(leader.prior),
        bound(lo),
        bound(hi),
        match fragile.len() {
            0 => ".".to_owned(),
            1 => ", but within those intervals one rival could reach it.".to_owned(),
            n => format!(", but within those intervals {n} rivals could each reach it."),
        }
    )));
    p.extend([
        code(&runner.id),
        text(format!(
            ", the runner-up: prior odds {}, the weight of all the evidence ",
            db_words(prior_db)
        )),
        strong(db_words(evidence_db)),
        text(format!(
            " ({}), posterior odds {} ({}).",
            evidence_in_words(evidence_db),
            db_words(l.margin_db),
            margin_in_words(l.margin_db)
        )),
    ]);
    if study.focus != l.leader {
        let focus = &study.hypotheses[study.focus];
        let rank = 1 + a
            .posterior
            .iter()
            .filter(|&&q| q > a.posterior[study.focus])
            .count();
        p.push(text(" The theory under test, "));
        p.push(code(&focus.id));
        p.push(text(format!(
            ", ranks {rank} of {} with posterior {} (prior {}).",
            study.hypotheses.len(),
            probability(a.posterior[study.focus]),
            probability(focus.prior)
        )));
    }
    blocks.push(Block::Paragraph(p));
    if let Some(caveat) = crate::caveats::sentence(a) {
        blocks.push(Block::Paragraph(vec![strong("Qualified: "), text(caveat)]));
    }
    blocks.push(Block::Paragraph(hypothesis_set_words(r)));

    let robustness = if fragile.is_empty() {
        vec![
            strong("Robust: "),
            text("no rival reaches the leader anywhere within the stated likelihood intervals."),
        ]
    } else {
        let mut v = vec![
            strong("Fragile: "),
            text("within the stated likelihood intervals "),
        ];
        v.extend(join_codes(&fragile));
        v.push(text(if fragile.len() == 1 {
            " could reach the leader."
        } else {
            " could each reach the leader."
        }));
        if let Some(r) = &a.reversal {
            let rival = code(&study.hypotheses[r.rival].id);
            match r.items() {
                0 => {
                    v.extend([
                        text(" At the point values "),
                        rival,
                        text(" already ties with it."),
                    ]);
                }
                n if n <= NAMED_MOVES => {
                    v.push(text(" Moving the judgments of "));
                    let ids: Vec<&str> = r
                        .evidence
                        .iter()
                        .map(|&e| study.evidence[e].id.as_str())
                        .collect();
                    v.extend(join_codes(&ids));
                    v.push(text(if n == 1 {
                        " to the ends of its intervals lets "
                    } else {
                        " to the ends of their intervals lets "
                    }));
                    v.extend([rival, text(" reach it.")]);
                }
                n => {
                    v.push(text(format!(
                        " Moving the judgments of {n} items (of {}) to the ends of their intervals lets ",
                        study.evidence.len()
                    )));
                    v.extend([rival, text(" reach it.")]);
                }
            }
        }
        v
    };
    blocks.push(Block::Paragraph(robustness));
    let single: Vec<_> = a
        .lints
        .iter()
        .filter(|d| d.code == "single-source-conclusion")
        .collect();
    if !single.is_empty() {
        let mut v = vec![strong("Rests on single sources: ")];
        for (n, d) in single.iter().enumerate() {
            if n > 0 {
                v.push(text("; "));
            }
            v.push(text("without "));
            v.push(code(d.subject.source.clone().unwrap_or_default()));
            v.push(text(", "));
            v.push(code(d.subject.hypothesis.clone().unwrap_or_default()));
            v.push(text(" would reach the leader"));
        }
        v.push(text("."));
        blocks.push(Block::Paragraph(v));
    }
}

/// The sentence that posteriors are relative to the stated hypotheses,
/// with the catch-all named, and what equal priors would give.
pub fn hypothesis_set_words(r: &Report<'_>) -> Vec<Inline> {
    let (study, a) = (r.study, r.analysis);
    let k = study.hypotheses.len();
    let mut p = vec![text(format!(
        "These posteriors are relative to the {k} hypotheses the study states"
    ))];
    match study.hypotheses.iter().find(|h| h.catch_all) {
        Some(h) => {
            p.push(text(", with "));
            p.push(code(&h.id));
            p.push(text(" standing for none of the above."));
        }
        None => p.push(text(
            "; an explanation the study does not state gets no share of belief.",
        )),
    }
    let priors_equal = study
        .hypotheses
        .iter()
        .all(|h| (h.prior - study.hypotheses[0].prior).abs() <= 1e-12);
    if priors_equal {
        return p;
    }
    let uniform_leader = (0..k).fold(0, |b, i| {
        if a.posterior_uniform[i] > a.posterior_uniform[b] {
            i
        } else {
            b
        }
    });
    p.push(text(" Under equal priors "));
    p.push(code(&study.hypotheses[uniform_leader].id));
    p.push(text(format!(
        " would have posterior {}.",
        probability(a.posterior_uniform[uniform_leader])
    )));
    p
}

/// A reversal that takes this many items or fewer names them.
const NAMED_MOVES: usize = 3;

fn join_codes(ids: &[&str]) -> Vec<Inline> {
    let mut v = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        if n > 0 {
            v.push(text(if n + 1 == ids.len() { " and " } else { ", " }));
        }
        v.push(code(*id));
    }
    v
}

fn hypotheses(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    blocks.push(Block::Heading("Hypotheses".into()));
    let rows = study
        .hypotheses
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let [lo, hi] = a.bounds[i];
            let mark = if i == study.focus {
                "focus"
            } else if i == a.leader.leader {
                "leader"
            } else {
                ""
            };
            let mark = if i == study.focus && i == a.leader.leader {
                "focus, leader"
            } else {
                mark
            };
            let mark = if h.catch_all {
                if mark.is_empty() {
                    "none of the above".to_owned()
                } else {
                    format!("{mark}, none of the above")
                }
            } else {
                mark.to_owned()
            };
            vec![
                cell(&h.id),
                cell(&h.title),
                cell(mark),
                cell(probability(h.prior)),
                cell(probability(a.posterior[i])),
                Cell::Bar {
                    value: a.posterior[i],
                    lo,
                    hi,
                },
                cell(format!("[{}, {}]", bound(lo), bound(hi))),
                cell(probability(a.posterior_uniform[i])),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        columns: vec![
            col("id", Align::Left, 16),
            col("hypothesis", Align::Left, 44),
            col("", Align::Left, 24).keep_rank(1),
            col("prior", Align::Right, 6).keep_rank(3),
            col("posterior", Align::Right, 9).keep_rank(4),
            col("", Align::Left, 12).keep_rank(0),
            col("bounds", Align::Left, 16).keep_rank(1),
            col("equal priors", Align::Right, 12).keep_rank(2),
        ],
        rows,
    });
    let mut list = Vec::new();
    for h in &study.hypotheses {
        if let Some(s) = &h.statement {
            list.push((None, vec![code(&h.id), text(": "), text(s.clone())]));
        }
    }
    if !list.is_empty() {
        blocks.push(Block::List(list));
    }
}

fn cases(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    if study.cases.is_empty() {
        return;
    }
    blocks.push(Block::Heading("Cases".into()));
    blocks.push(Block::Paragraph(vec![text(
        "Each case's evidence alone, from the priors: which hypothesis it favours and how strongly.",
    )]));
    let focus = study.focus;
    let rows = study
        .cases
        .iter()
        .zip(&a.cases)
        .map(|(case, result)| {
            if result.evidence.is_empty() {
                return vec![
                    cell(&case.id),
                    cell(&case.title),
                    cell(case.period.clone().unwrap_or_default()),
                    cell("0"),
                    cell("—"),
                    cell("no evidence: announced but not analysed"),
                ];
            }
            let best = (0..study.hypotheses.len()).fold(0, |b, i| {
                if result.posterior[i] > result.posterior[b] {
                    i
                } else {
                    b
                }
            });
            let verdict = format!(
                "favours {} ({})",
                study.hypotheses[best].id,
                probability(result.posterior[best])
            );
            vec![
                cell(&case.id),
                cell(&case.title),
                cell(case.period.clone().unwrap_or_default()),
                cell(result.evidence.len().to_string()),
                cell(probability(result.posterior[focus])),
                cell(verdict),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        columns: vec![
            col("case", Align::Left, 16),
            col("title", Align::Left, 36),
            col("period", Align::Left, 17).keep_rank(0),
            col("items", Align::Right, 5).keep_rank(1),
            col("P(focus)", Align::Right, 8).keep_rank(3),
            col("verdict", Align::Left, 40).keep_rank(3),
        ],
        rows,
    });
}

/// Evidence indices grouped by case (study order, items without a case
/// last), each group in timeline order: by the earliest event that
/// documents the item, then file order.
pub fn evidence_by_case(r: &Report<'_>) -> Vec<(Option<usize>, Vec<usize>)> {
    let study = r.study;
    let mut first_date: Vec<Option<&str>> = vec![None; study.evidence.len()];
    for &i in &r.analysis.timeline {
        for &e in &study.events[i].evidence {
            first_date[e].get_or_insert(study.events[i].date.as_str());
        }
    }
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = (0..study.cases.len())
        .map(|c| (Some(c), r.analysis.cases[c].evidence.clone()))
        .collect();
    let loose: Vec<usize> = (0..study.evidence.len())
        .filter(|&e| study.evidence[e].case.is_none())
        .collect();
    if !loose.is_empty() {
        groups.push((None, loose));
    }
    for (_, items) in &mut groups {
        items.sort_by(|&x, &y| match (first_date[x], first_date[y]) {
            (Some(a), Some(b)) => a.cmp(b).then(x.cmp(&y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => x.cmp(&y),
        });
    }
    groups.retain(|(_, items)| !items.is_empty());
    groups
}

/// "p. 134, parsi2007" or "no source".
pub fn citation(e: &Evidence) -> String {
    match (&e.source, &e.locator) {
        (Some(s), Some(l)) => format!("{s}, {l}"),
        (Some(s), None) => s.clone(),
        (None, _) => "no source".to_owned(),
    }
}

/// The test as the hypothesis sees it, in plain words: "hoop passed",
/// "hoop passed, predicting absence" (the hypothesis predicts E not
/// found), "no test (neutral)".
pub fn test_words(t: &probative::analysis::Test) -> String {
    match (t.h_type(), t.expects()) {
        (Some(h), Some(false)) => format!("{h} {}, predicting absence", outcome(t.outcome)),
        (Some(h), _) => format!("{h} {}", outcome(t.outcome)),
        (None, _) => "no test (neutral)".to_owned(),
    }
}

fn outcome(o: Outcome) -> &'static str {
    o.as_str()
}

fn evidence(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    if study.evidence.is_empty() {
        return;
    }
    let focus = study.focus;
    let reference = a.reference(study);
    let (f, rf) = (&study.hypotheses[focus], &study.hypotheses[reference]);
    blocks.push(Block::Heading("Evidence".into()));
    let prior_db = probative::analysis::db(f.prior, rf.prior);
    let total_db = a.evidence_db(study, focus, reference);
    blocks.push(Block::Paragraph(vec![
        text("Grouped by case in timeline order. The test column is the Van Evera test the likelihoods make of the focus "),
        code(&f.id),
        text(" (against its rivals, weighted by their priors), as the focus sees it. The dB column is the item's weight of evidence for "),
        code(&f.id),
        text(" against "),
        code(&rf.id),
        text(format!(
            ", its strongest rival; these add up: prior odds {} plus the items' {} make the posterior odds {}.",
            db_words(prior_db),
            db_words(total_db),
            db_words(a.posterior_odds_db(focus, reference))
        )),
    ]));
    for (case, items) in evidence_by_case(r) {
        let title = case.map_or_else(
            || "Evidence without a case".to_owned(),
            |c| format!("{} ({})", study.cases[c].title, study.cases[c].id),
        );
        blocks.push(Block::Subheading(title));
        let rows = items
            .iter()
            .map(|&e| {
                let ev = &study.evidence[e];
                let t = &a.items[e].tests[focus];
                let update = a.items[e].weight_db(focus, reference);
                let declared = ev.declared_test.map_or(String::new(), |d| {
                    if ev.declared_for == focus {
                        d.to_string()
                    } else {
                        format!("{d} ({})", study.hypotheses[ev.declared_for].id)
                    }
                });
                vec![
                    cell(&ev.id),
                    cell(if ev.observed {
                        ev.claim.clone()
                    } else {
                        format!("(absent) {}", ev.claim)
                    }),
                    cell(r.cite(ev)),
                    cell(test_words(t)),
                    cell(signed_db(update)),
                    cell(declared),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                col("id", Align::Left, 22),
                col("claim", Align::Left, 52).keep_rank(3),
                col("source", Align::Left, 24).keep_rank(1),
                col("derived test", Align::Left, 42),
                col(&format!("dB vs {}", rf.id), Align::Right, 14).keep_rank(4),
                col("declared", Align::Left, 20).keep_rank(0),
            ],
            rows,
        });
    }
}

fn declared(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    let declared: Vec<usize> = (0..study.evidence.len())
        .filter(|&e| study.evidence[e].declared_test.is_some())
        .collect();
    if declared.is_empty() {
        return;
    }
    let test = |e: usize| &a.items[e].tests[study.evidence[e].declared_for];
    let agree = |e: usize| {
        study.evidence[e]
            .declared_test
            .is_some_and(|d| test(e).confirms(d))
    };
    let n_agree = declared.iter().filter(|&&e| agree(e)).count();
    blocks.push(Block::Heading("Declared against derived tests".into()));
    blocks.push(Block::Paragraph(vec![text(format!(
        "The study labels {} test{}; the likelihoods agree with {n_agree} of them. A label claims how likely the evidence is under the rivals, so it must follow from the numbers.",
        declared.len(),
        if declared.len() == 1 { "" } else { "s" }
    ))]));
    let rows = declared
        .iter()
        .map(|&e| {
            let (ev, t) = (&study.evidence[e], test(e));
            vec![
                cell(&ev.id),
                cell(&study.hypotheses[ev.declared_for].id),
                cell(ev.declared_test.map_or("", TestType::as_str)),
                cell(test_words(t)),
                cell(signed_db(t.pass_db)),
                cell(signed_db(t.fail_db)),
                cell(if agree(e) { "agrees" } else { "MISMATCH" }),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        columns: vec![
            col("id", Align::Left, 22),
            col("for", Align::Left, 16).keep_rank(1),
            col("declared", Align::Left, 18).keep_rank(3),
            col("derived", Align::Left, 30).keep_rank(3),
            col("if found", Align::Right, 8),
            col("if absent", Align::Right, 9),
            col("", Align::Left, 8).keep_rank(4),
        ],
        rows,
    });
}

fn matrix(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let (study, a) = (r.study, r.analysis);
    if study.evidence.is_empty() {
        return;
    }
    let focus = study.focus;
    let rivals: Vec<usize> = (0..study.hypotheses.len())
        .filter(|&j| j != focus)
        .collect();
    blocks.push(Block::Heading("Weights of evidence".into()));
    blocks.push(Block::Paragraph(vec![
        text("Each item's weight of evidence, in dB, for the focus "),
        code(&study.hypotheses[focus].id),
        text(" against each rival (positive favours the focus; 10 dB is odds of 10:1). The last row is the total."),
    ]));
    let mut columns = vec![col("id", Align::Left, 22)];
    for &j in &rivals {
        columns.push(col(
            &format!("vs {}", study.hypotheses[j].id),
            Align::Right,
            16,
        ));
    }
    let mut rows = Vec::new();
    for (e, ev) in study.evidence.iter().enumerate() {
        let mut row = vec![cell(&ev.id)];
        row.extend(
            rivals
                .iter()
                .map(|&j| cell(signed_db(a.items[e].weight_db(focus, j)))),
        );
        rows.push(row);
    }
    let mut total = vec![cell("total")];
    total.extend(
        rivals
            .iter()
            .map(|&j| cell(signed_db(a.evidence_db(study, focus, j)))),
    );
    rows.push(total);
    blocks.push(Block::Table { columns, rows });
}

fn timeline(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let study = r.study;
    if study.events.is_empty() {
        return;
    }
    blocks.push(Block::Heading("Timeline".into()));
    let unknown = &r.analysis.order_unknown;
    if unknown.iter().any(|u| !u.is_empty()) {
        blocks.push(Block::Paragraph(vec![text(
            "A date known only to the month or year stands for that whole interval: events whose intervals overlap are in unknown order, marked \"~\" and listed.",
        )]));
    }
    let rows = r
        .analysis
        .timeline
        .iter()
        .map(|&i| {
            let ev = &study.events[i];
            let ids: Vec<&str> = ev
                .evidence
                .iter()
                .map(|&e| study.evidence[e].id.as_str())
                .collect();
            let unordered: Vec<&str> = unknown[i]
                .iter()
                .map(|&o| study.events[o].id.as_str())
                .collect();
            vec![
                cell(if unordered.is_empty() {
                    ev.date.as_str().to_owned()
                } else {
                    format!("~{}", ev.date)
                }),
                cell(ev.case.map_or(String::new(), |c| study.cases[c].id.clone())),
                cell(ev.actor.clone().unwrap_or_default()),
                cell(&ev.summary),
                cell(ids.join(", ")),
                cell(unordered.join(", ")),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        columns: vec![
            col("date", Align::Left, 11),
            col("case", Align::Left, 14).keep_rank(1),
            col("actor", Align::Left, 18).keep_rank(0),
            col("event", Align::Left, 60).keep_rank(3),
            col("evidence", Align::Left, 20),
            col("order unknown with", Align::Left, 24),
        ],
        rows,
    });
}

fn lints(r: &Report<'_>, blocks: &mut Vec<Block>) {
    let lints = &r.analysis.lints;
    blocks.push(Block::Heading("Lints".into()));
    if lints.is_empty() {
        blocks.push(Block::Paragraph(vec![text("No lint fired.")]));
        return;
    }
    let count = |s: Severity| lints.iter().filter(|d| d.severity == s).count();
    blocks.push(Block::Paragraph(vec![text(format!(
        "{} warning{}, {} note{}. `probative explain CODE` says what each rule checks and why.",
        count(Severity::Warning),
        if count(Severity::Warning) == 1 {
            ""
        } else {
            "s"
        },
        count(Severity::Note),
        if count(Severity::Note) == 1 { "" } else { "s" },
    ))]));
    // Warnings one by one; a note that fires many times once, with its items,
    // so that a handful of warnings is not buried under notes.
    let mut items = Vec::new();
    let groups = crate::notes::groups(lints);
    let mut listed: Vec<&str> = Vec::new();
    for d in lints {
        if crate::notes::is_grouped(d, &groups) {
            if let Some(group) = groups
                .iter()
                .find(|g| g.code == d.code && !listed.contains(&g.code))
            {
                listed.push(group.code);
                let subjects: Vec<&str> = group
                    .notes
                    .iter()
                    .filter_map(|x| crate::notes::subject(x))
                    .collect();
                items.push((
                    Some(d.severity),
                    vec![
                        strong(format!("{}[{}]", d.severity, d.code)),
                        text(format!(
                            " {} times ({}): {}",
                            group.notes.len(),
                            group.summary,
                            subjects.join(", ")
                        )),
                    ],
                ));
            }
            continue;
        }
        let place = match &d.location {
            Location::StudySpan(span) => format!("line {}: ", r.line(span.start)),
            Location::BibliographyEntry(_) | Location::BibliographySpan(_) => {
                "bibliography: ".to_owned()
            }
            Location::Study => String::new(),
            Location::AnalystSpan(analyst, _) => format!("analysts/{analyst}.toml: "),
        };
        items.push((
            Some(d.severity),
            vec![
                strong(format!("{}[{}]", d.severity, d.code)),
                text(format!(" {place}{}", d.message)),
            ],
        ));
    }
    blocks.push(Block::List(items));
}

fn references(r: &Report<'_>, blocks: &mut Vec<Block>) {
    if r.references().is_empty() {
        return;
    }
    // Works cited: an entry no item cites is background reading, which the
    // `uncited-source` note already lists.
    let cited: Vec<_> = r
        .references()
        .iter()
        .filter(|f| {
            r.study
                .evidence
                .iter()
                .any(|e| e.source.as_deref() == Some(f.key.as_str()))
        })
        .map(|f| (None, vec![text(f.text.clone())]))
        .collect();
    if cited.is_empty() {
        return;
    }
    blocks.push(Block::Heading(format!(
        "References ({})",
        r.study.settings.citation_style
    )));
    blocks.push(Block::List(cited));
}
