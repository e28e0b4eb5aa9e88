//! The Markdown report: the same content as the terminal report, as a
//! document one can paste into a paper's appendix.

use std::fmt::Write;

use crate::Report;
use crate::outline::{Align, Block, Cell, Inline, outline};

/// The full report as CommonMark with GitHub tables.
pub fn report(r: &Report<'_>) -> String {
    let mut out = String::new();
    for block in outline(r).into_iter().map(crate::terminal_safe::block) {
        match block {
            Block::Title(t) => {
                let _ = writeln!(out, "# {}\n", escape(&t));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "## {}\n", escape(&h));
            }
            Block::Subheading(h) => {
                let _ = writeln!(out, "### {}\n", escape(&h));
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
                let header: Vec<String> = columns.iter().map(|c| escape(&c.title)).collect();
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
                            Cell::Bar { value, .. } => {
                                let n = (value * 10.0).round() as usize;
                                format!("{}{}", "█".repeat(n.min(10)), "░".repeat(10 - n.min(10)))
                            }
                        })
                        .collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
        }
    }
    out
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
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
