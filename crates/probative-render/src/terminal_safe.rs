//! The text and Markdown reports' guard against study text that would
//! drive the terminal: every string of a block passes through
//! [`probative::terminal_safe::line`] before it is laid out, so control and
//! bidirectional characters are shown escaped and a line break inside a
//! title, cell or paragraph never starts a line of its own (a forged
//! `VERDICT` line, a Markdown heading or list).

use probative::terminal_safe::line;

use crate::outline::{Block, Cell, Inline};

fn clean(s: String) -> String {
    match line(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

fn inline(i: Inline) -> Inline {
    match i {
        Inline::Text(t) => Inline::Text(clean(t)),
        Inline::Strong(t) => Inline::Strong(clean(t)),
        Inline::Code(t) => Inline::Code(clean(t)),
    }
}

/// The block with every string it holds made safe.
pub(crate) fn block(b: Block) -> Block {
    match b {
        Block::Title(t) => Block::Title(clean(t)),
        Block::Heading(t) => Block::Heading(clean(t)),
        Block::Subheading(t) => Block::Subheading(clean(t)),
        Block::Paragraph(inlines) => Block::Paragraph(inlines.into_iter().map(inline).collect()),
        Block::Table { mut columns, rows } => {
            for c in &mut columns {
                c.title = clean(std::mem::take(&mut c.title));
            }
            let rows = rows
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .map(|cell| match cell {
                            Cell::Text(t) => Cell::Text(clean(t)),
                            bar @ Cell::Bar { .. } => bar,
                        })
                        .collect()
                })
                .collect();
            Block::Table { columns, rows }
        }
        Block::List(items) => Block::List(
            items
                .into_iter()
                .map(|(severity, inlines)| (severity, inlines.into_iter().map(inline).collect()))
                .collect(),
        ),
    }
}
