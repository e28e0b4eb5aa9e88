//! The Markdown report: an appendix for a paper.
//!
//! It says what the terminal report says (the same outline), then gives
//! every evidence item in full: the claim, the source's words, the
//! author–date citation, the search, the reliability, the rationale, each
//! hypothesis's likelihood as written with its interval, the derived and the
//! declared test and the weight. That is what a transparency appendix is
//! for. It opens with YAML front matter and numbers and captions every
//! table, so that `pandoc appendix.md -o appendix.docx` (or `.pdf`) gives a
//! finished document; the captions carry their own numbers, and the front
//! matter tells LaTeX not to number them again.

use std::fmt::Write;

use probative::model::{Likelihood, Written};

use crate::Report;
use crate::outline::{Align, Block, Cell, Column, Inline, evidence_by_case, outline, test_words};
use crate::words::{probability, signed_db};

/// The full report as Markdown (pandoc's dialect: pipe tables with
/// `Table:` captions, YAML front matter), readable as CommonMark too.
pub fn report(r: &Report<'_>) -> String {
    let mut out = front_matter(r);
    let mut tables = 0;
    // The works cited close the document, after the items in full.
    let mut blocks: Vec<Block> = outline(r)
        .into_iter()
        .map(crate::terminal_safe::block)
        .collect();
    let references = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(h) if h.starts_with("References")))
        .map_or_else(Vec::new, |at| blocks.split_off(at));
    write_blocks(&mut out, blocks, &mut tables);
    items(r, &mut out, &mut tables);
    write_blocks(&mut out, references, &mut tables);
    // The items in full quote the study as written: whatever control
    // characters it holds are shown, never sent raw to a terminal.
    match probative::terminal_safe::text(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

/// Writes outline blocks, numbering and captioning each table after the
/// heading it stands under.
fn write_blocks(out: &mut String, blocks: Vec<Block>, tables: &mut usize) {
    let mut caption = String::new();
    for block in blocks {
        match block {
            // The front matter carries the title.
            Block::Title(_) => {}
            Block::Heading(h) => {
                let _ = writeln!(out, "# {}\n", escape(&h));
                caption = h;
            }
            Block::Subheading(h) => {
                let _ = writeln!(out, "## {}\n", escape(&h));
                caption = h;
            }
            Block::Paragraph(inlines) => {
                let _ = writeln!(out, "{}\n", inline(&inlines));
            }
            Block::List(items) => {
                for (_, inlines) in items {
                    let _ = writeln!(out, "- {}", inline(&inlines));
                }
                out.push('\n');
            }
            Block::Table { columns, rows } => {
                *tables += 1;
                table(out, &columns, &rows);
                let _ = writeln!(out, "Table: Table {tables}. {}.\n", escape(&caption));
            }
        }
    }
}

/// Title, question and what the document is, as pandoc's metadata.
fn front_matter(r: &Report<'_>) -> String {
    let study = r.study;
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml(&study.title));
    let _ = writeln!(
        out,
        "subtitle: {}",
        yaml("Process-tracing appendix: hypotheses, evidence and tests")
    );
    if !study.authors.is_empty() {
        out.push_str("author:\n");
        for a in &study.authors {
            let _ = writeln!(out, "  - {}", yaml(a));
        }
    }
    if let Some(q) = &study.question {
        let _ = writeln!(out, "abstract: {}", yaml(&format!("Question: {q}")));
    }
    let _ = writeln!(
        out,
        "generator: {}",
        yaml(&format!(
            "probative {} (every number here is also in --format json)",
            env!("CARGO_PKG_VERSION")
        ))
    );
    // Captions carry their own numbers, so that the Markdown, Word and PDF
    // versions agree; LaTeX is told not to add a second one.
    out.push_str(
        "header-includes:\n  - '\\usepackage{caption}'\n  - '\\captionsetup{labelformat=empty}'\n",
    );
    out.push_str("---\n\n");
    out
}

/// A YAML single-quoted scalar whose content pandoc reads as Markdown.
fn yaml(s: &str) -> String {
    let s = probative::terminal_safe::line(s);
    format!("'{}'", escape(&s).replace('\'', "''"))
}

fn table(out: &mut String, columns: &[Column], rows: &[Vec<Cell>]) {
    // A bar drawn in block characters repeats the number beside it, and
    // LaTeX's default fonts have no such characters: an appendix leaves it
    // out.
    let keep: Vec<usize> = (0..columns.len())
        .filter(|&i| !rows.iter().any(|r| matches!(r[i], Cell::Bar { .. })))
        .collect();
    let columns: Vec<&Column> = keep.iter().map(|&i| &columns[i]).collect();
    let rows: Vec<Vec<&Cell>> = rows
        .iter()
        .map(|r| keep.iter().map(|&i| &r[i]).collect())
        .collect();
    // A column without a title (a marker, a bar) still needs a header cell.
    let header: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.title.is_empty() {
                " ".to_owned()
            } else {
                escape(&c.title)
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = columns
        .iter()
        .map(|c| {
            if c.align == Align::Right {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => escape(&t.replace('\n', " ")),
                Cell::Bar { .. } => String::new(),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// Every evidence item in full, by case in timeline order.
fn items(r: &Report<'_>, out: &mut String, tables: &mut usize) {
    let (study, a) = (r.study, r.analysis);
    if study.evidence.is_empty() {
        return;
    }
    let focus = study.focus;
    out.push_str("# Evidence items in full\n\n");
    let _ = writeln!(
        out,
        "Each item as the study records it. P(E | H) is the probability of the evidence if the hypothesis is true, as written and as the interval the analysis reads it as; the derived test is the Van Evera type those numbers imply for the focus `{}` against its rivals, and the weight is the update the item made to the focus, in dB.\n",
        study.hypotheses[focus].id.replace('`', "'")
    );
    for (case, group) in evidence_by_case(r) {
        let title = case.map_or_else(
            || "Evidence without a case".to_owned(),
            |c| format!("{} ({})", study.cases[c].title, study.cases[c].id),
        );
        let _ = writeln!(out, "## {}\n", escape(&title));
        for e in group {
            let ev = &study.evidence[e];
            let t = &a.items[e].tests[focus];
            let _ = writeln!(out, "### {}\n", escape(&ev.id));
            let mut fields: Vec<(&str, String)> = vec![
                ("Claim", escape(&ev.claim)),
                (
                    "Observed",
                    if ev.observed {
                        "found".to_owned()
                    } else {
                        "looked for and not found".to_owned()
                    },
                ),
                ("Source", escape(&r.cite(ev))),
            ];
            if let Some(kind) = &ev.source_kind {
                fields.push(("Kind of source", escape(kind.as_str())));
            }
            if let Some(s) = &ev.search {
                fields.push(("Search", escape(s)));
            }
            fields.push(("Reliability", probability(ev.reliability)));
            if let Some(s) = &ev.rationale {
                fields.push(("Rationale", escape(s)));
            }
            if let Some(from) = study.causal.as_ref().and_then(|l| l.likelihood(&ev.id)) {
                fields.push((
                    "Likelihoods",
                    escape(&format!("from the model, {}", from.formula())),
                ));
            }
            fields.push((
                "Derived test",
                format!(
                    "{} ({} dB if found, {} dB if not)",
                    escape(&test_words(t)),
                    signed_db(t.pass_db),
                    signed_db(t.fail_db)
                ),
            ));
            if let Some(d) = ev.declared_test {
                let for_ = &a.items[e].tests[ev.declared_for];
                fields.push((
                    "Declared test",
                    format!(
                        "{d} for `{}` ({})",
                        study.hypotheses[ev.declared_for].id.replace('`', "'"),
                        if for_.confirms(d) {
                            "the likelihoods agree"
                        } else {
                            "the likelihoods make it a different test"
                        }
                    ),
                ));
            }
            let update = if ev.observed { t.pass_db } else { t.fail_db };
            fields.push(("Weight", format!("{} dB to the focus", signed_db(update))));
            for (name, value) in fields {
                let _ = writeln!(out, "- **{name}:** {value}");
            }
            out.push('\n');
            if let Some(q) = &ev.quote {
                for line in q.lines() {
                    let _ = writeln!(out, "> {}", escape(line));
                }
                out.push('\n');
            }
            *tables += 1;
            out.push_str(
                "| hypothesis | as written | P(E \\| H) | interval |\n| --- | --- | ---: | --- |\n",
            );
            for (h, l) in study.hypotheses.iter().zip(&ev.likelihood) {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} |",
                    h.id.replace('`', "'"),
                    escape(&as_written(l)),
                    probability(l.point),
                    interval(l)
                );
            }
            let _ = writeln!(
                out,
                "\nTable: Table {tables}. Likelihoods of `{}`.\n",
                ev.id.replace('`', "'")
            );
        }
    }
}

/// The likelihood as the study wrote it.
fn as_written(l: &Likelihood) -> String {
    match &l.written {
        Written::Term(t) => t.clone(),
        Written::Number => probability(l.point),
        Written::Interval => format!("[{}, {}]", probability(l.lo), probability(l.hi)),
    }
}

fn interval(l: &Likelihood) -> String {
    if l.lo == l.hi {
        "exact".to_owned()
    } else {
        format!("[{}, {}]", probability(l.lo), probability(l.hi))
    }
}

fn inline(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) => text_with_code(t),
            Inline::Strong(t) => {
                format!("**{}**", escape(t.trim_end())) + if t.ends_with(' ') { " " } else { "" }
            }
            Inline::Code(t) => format!("`{}`", t.replace('`', "'")),
        })
        .collect()
}

/// Plain text in which `backticks` mark code, as in lint messages: the code
/// spans stay code, the rest is escaped.
fn text_with_code(t: &str) -> String {
    if !t.matches('`').count().is_multiple_of(2) {
        return escape(t);
    }
    t.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                escape(part)
            }
        })
        .collect()
}

/// Escapes the characters Markdown would read as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '$' | '@' | '~' | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
