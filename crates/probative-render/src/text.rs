//! The terminal report: what a researcher reads first.
//!
//! It is laid out in a given width (the CLI finds the terminal's): prose
//! wraps between words, and tables fit by abbreviating and dropping columns
//! (`fit`), never by wrapping rows.

mod fit;

use std::fmt::Write;

use probative::diagnostic::Severity;

use crate::Report;
use crate::outline::{Align, Block, Cell, Inline, outline};

/// The width when the caller has none in mind (not a terminal).
pub const DEFAULT_WIDTH: usize = 100;
/// The width of a posterior bar.
const BAR: usize = 12;

/// ANSI styles, or none.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn code(&self, s: &str) -> String {
        if self.color {
            self.paint("36", s)
        } else {
            format!("`{s}`")
        }
    }
    fn severity(&self, severity: Severity, s: &str) -> String {
        match severity {
            Severity::Error => self.paint("1;31", s),
            Severity::Warning => self.paint("1;33", s),
            Severity::Note => self.paint("1;34", s),
        }
    }
}

/// The full report for a terminal, [`DEFAULT_WIDTH`] wide; ANSI colour
/// when `color` is set.
pub fn report(r: &Report<'_>, color: bool) -> String {
    report_width(r, color, DEFAULT_WIDTH)
}

/// The full report laid out in `width` columns; ANSI colour when `color`
/// is set.
pub fn report_width(r: &Report<'_>, color: bool, width: usize) -> String {
    let style = Style { color };
    let mut out = String::new();
    for block in outline(r).into_iter().map(crate::terminal_safe::block) {
        match block {
            Block::Title(t) => {
                let title = wrap(&[Inline::Strong(t.clone())], &style, "", width);
                let title = title.trim_end();
                let longest = crate::shared_help::wrap(&t, width)
                    .lines()
                    .map(|l| l.chars().count())
                    .max()
                    .unwrap_or(0);
                let _ = writeln!(out, "{title}");
                let _ = writeln!(out, "{}", "═".repeat(longest.min(width)));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "\n{}", style.bold(&h.to_uppercase()));
            }
            Block::Subheading(h) => {
                let _ = writeln!(out, "\n{}", style.bold(&h));
            }
            Block::Paragraph(inlines) => {
                out.push_str(&wrap(&inlines, &style, "", width));
            }
            Block::List(items) => {
                for (severity, inlines) in items {
                    let inlines: Vec<Inline> = inlines
                        .into_iter()
                        .map(|i| match (severity, i) {
                            (Some(s), Inline::Strong(t)) => Inline::Text(style.severity(s, &t)),
                            (_, i) => i,
                        })
                        .collect();
                    out.push_str(&wrap(&inlines, &style, "  • ", width));
                }
            }
            Block::Table { columns, rows } => out.push_str(&table(&columns, &rows, width)),
        }
    }
    out
}

/// Wraps inline runs to `max` columns between words, with `bullet` before
/// the first line and matching indentation after.
fn wrap(inlines: &[Inline], style: &Style, bullet: &str, max: usize) -> String {
    // Styling is applied per word so that wrapping never splits an escape.
    let mut words: Vec<(String, usize)> = Vec::new();
    let mut glue_next = false;
    for inline in inlines {
        let content = match inline {
            Inline::Text(t) | Inline::Strong(t) | Inline::Code(t) => t.as_str(),
        };
        let painter = |w: &str| match inline {
            Inline::Text(_) => w.to_owned(),
            Inline::Strong(_) => style.bold(w),
            Inline::Code(_) => style.code(w),
        };
        let starts_glued = !content.starts_with(' ');
        for (n, word) in content.split(' ').enumerate() {
            if word.is_empty() {
                if n == 0 {
                    glue_next = false;
                }
                continue;
            }
            let shown = painter(word);
            let width = shown_width(word, inline, style.color);
            if (n == 0 && starts_glued && glue_next) && !words.is_empty() {
                let last = words.len() - 1;
                words[last].0.push_str(&shown);
                words[last].1 += width;
            } else {
                words.push((shown, width));
            }
            glue_next = true;
        }
        glue_next = !content.ends_with(' ');
    }
    let indent = " ".repeat(bullet.chars().count());
    let mut out = String::new();
    let mut line = String::from(bullet);
    let mut width = bullet.chars().count();
    let mut empty = true;
    for (word, w) in words {
        if !empty && width + 1 + w > max {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clone_from(&indent);
            width = indent.len();
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(&word);
        width += w;
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    if bullet.is_empty() {
        out.push('\n');
    }
    out
}

fn shown_width(word: &str, inline: &Inline, color: bool) -> usize {
    let n = word.chars().count();
    // Without colour, code is shown in backticks.
    if matches!(inline, Inline::Code(_)) && !color {
        n + 2
    } else {
        n
    }
}

fn bar(value: f64, lo: f64, hi: f64) -> String {
    let cells = |x: f64| ((x * BAR as f64).round() as usize).min(BAR);
    let (v, l, h) = (cells(value), cells(lo), cells(hi));
    (0..BAR)
        .map(|i| {
            if i < v {
                '█'
            } else if i >= l && i < h.max(l + 1) && i < BAR {
                '░'
            } else {
                '·'
            }
        })
        .collect()
}

fn table(columns: &[crate::outline::Column], rows: &[Vec<Cell>], width: usize) -> String {
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(columns)
                .map(|(c, col)| match c {
                    Cell::Text(t) => fit::cut(&t.replace('\n', " "), col.max_width),
                    Cell::Bar { value, lo, hi } => bar(*value, *lo, *hi),
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            shown
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
                .max(c.title.chars().count())
        })
        .collect();
    // A column with no letters in it holds numbers, which are never cut.
    let wordy: Vec<bool> = (0..columns.len())
        .map(|i| shown.iter().any(|r| r[i].chars().any(char::is_alphabetic)))
        .collect();
    let fit::Layout { keep, widths } = fit::layout(columns, &natural, &wordy, width);
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        let mut s = String::from("  ");
        for (k, &i) in keep.iter().enumerate() {
            let cell = fit::cut(&cells[i], widths[k]);
            let pad = widths[k].saturating_sub(cell.chars().count());
            if columns[i].align == Align::Right {
                s.push_str(&" ".repeat(pad));
                s.push_str(&cell);
            } else {
                s.push_str(&cell);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        s.trim_end().to_owned() + "\n"
    };
    if columns.iter().any(|c| !c.title.is_empty()) {
        out.push_str(&line(columns.iter().map(|c| c.title.clone()).collect()));
        let mut rule = vec![String::new(); columns.len()];
        for (k, &i) in keep.iter().enumerate() {
            rule[i] = "─".repeat(widths[k]);
        }
        out.push_str(&line(rule));
    }
    for row in shown {
        out.push_str(&line(row));
    }
    out
}
