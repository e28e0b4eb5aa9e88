//! Tables that fit the terminal: which columns to keep and how wide.
//!
//! A row that wraps in a terminal breaks the table it is in, so a table
//! too wide gives way: text columns are abbreviated (never the first
//! column, which names the row, nor a number), down to a width that still
//! reads; where that is not enough, whole columns are dropped, the least
//! needed first ([`Column::keep`], then from the right). Text is cut at
//! a word boundary and marked with "…", so no word is split where a whole
//! one would fit; a column of numbers (no letters in it) is never cut.

use crate::outline::{Align, Column};

/// The margin before a table and the gap between its columns.
const INDENT: usize = 2;
const GAP: usize = 2;
/// Columns are dropped rather than abbreviate text below this (or its
/// title)...
const READABLE: usize = 16;
/// ...and text is never abbreviated below this, even with one column left.
const MIN_TEXT: usize = 8;

/// The kept columns, in order, and the width of each.
#[derive(Debug, PartialEq, Eq)]
pub struct Layout {
    /// Indices of the columns shown.
    pub keep: Vec<usize>,
    /// The width of each shown column, in `keep`'s order.
    pub widths: Vec<usize>,
}

fn total(widths: impl Iterator<Item = usize>) -> usize {
    let (sum, n): (usize, usize) = widths.fold((0, 0), |(s, n), w| (s + w, n + 1));
    INDENT + sum + GAP * n.saturating_sub(1)
}

/// Whether a column may be abbreviated: words (`wordy`), left-aligned,
/// titled, not the first.
fn shrinkable(i: usize, c: &Column, wordy: bool) -> bool {
    wordy && i > 0 && c.align == Align::Left && !c.title.is_empty()
}

fn min_width(i: usize, c: &Column, natural: usize, wordy: bool, floor: usize) -> usize {
    if shrinkable(i, c, wordy) {
        natural.min(floor.max(c.title.chars().count()))
    } else {
        natural
    }
}

/// Lays out columns whose contents are `natural` wide in `width` columns;
/// `wordy` says which columns hold words (and so may be abbreviated).
pub fn layout(columns: &[Column], natural: &[usize], wordy: &[bool], width: usize) -> Layout {
    let mut keep: Vec<usize> = (0..columns.len()).collect();
    // The order columns are dropped in: the least needed first, from the
    // right among equals; never the first.
    let mut drop_order: Vec<usize> = (1..columns.len()).rev().collect();
    drop_order.sort_by_key(|&i| columns[i].keep);
    let mut drops = drop_order.into_iter();
    while keep.len() > 1
        && total(
            keep.iter()
                .map(|&i| min_width(i, &columns[i], natural[i], wordy[i], READABLE)),
        ) > width
    {
        let Some(d) = drops.next() else { break };
        keep.retain(|&i| i != d);
    }
    let mut widths: Vec<usize> = keep.iter().map(|&i| natural[i]).collect();
    while total(widths.iter().copied()) > width {
        // Take a column from the widest text column that can still give.
        let widest = keep
            .iter()
            .enumerate()
            .filter(|&(k, &i)| {
                widths[k] > min_width(i, &columns[i], natural[i], wordy[i], MIN_TEXT)
            })
            .max_by_key(|&(k, _)| (widths[k], std::cmp::Reverse(k)))
            .map(|(k, _)| k);
        match widest {
            Some(k) => widths[k] -= 1,
            None => break,
        }
    }
    Layout { keep, widths }
}

/// Cuts text to `max` characters at a word boundary, ending with "…"; a
/// word is cut only where stopping before it would leave most of the room
/// empty.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    for word in s.split(' ') {
        let needed = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if needed > room {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // A cut at a word that would keep less than half the room wastes the
    // column: abbreviate the word instead ("explana…").
    if out.chars().count() * 2 < room {
        out = s.chars().take(room).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']).to_owned();
    out + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(title: &str, align: Align) -> Column {
        Column {
            title: title.to_owned(),
            align,
            max_width: 80,
            keep: 2,
        }
    }

    #[test]
    fn a_table_that_fits_is_left_alone() {
        let columns = [col("id", Align::Left), col("claim", Align::Left)];
        let l = layout(&columns, &[4, 20], &[true; 2], 80);
        assert_eq!(l.keep, [0, 1]);
        assert_eq!(l.widths, [4, 20]);
    }

    #[test]
    fn text_is_abbreviated_before_a_column_is_dropped() {
        let columns = [
            col("id", Align::Left),
            col("claim", Align::Left),
            col("dB", Align::Right),
        ];
        // 2 + 10 + 2 + 50 + 2 + 5 = 71 > 60: the claim gives 11 columns.
        let l = layout(&columns, &[10, 50, 5], &[true; 3], 60);
        assert_eq!(l.keep, [0, 1, 2]);
        assert_eq!(l.widths, [10, 39, 5]);
        assert_eq!(total(l.widths.iter().copied()), 60);
    }

    #[test]
    fn the_least_needed_columns_go_first() {
        let mut bar = col("", Align::Left);
        bar.keep = 0;
        let mut posterior = col("posterior", Align::Right);
        posterior.keep = 3;
        let columns = [
            col("id", Align::Left),
            bar,
            col("source", Align::Left),
            posterior,
        ];
        let natural = [12, 12, 30, 9];
        let l = layout(&columns, &natural, &[true; 4], 50);
        assert_eq!(l.keep, [0, 2, 3], "the bar goes first");
        let l = layout(&columns, &natural, &[true; 4], 40);
        assert_eq!(l.keep, [0, 3], "then the text; the number stays");
        assert!(total(l.widths.iter().copied()) <= 40);
    }

    #[test]
    fn a_column_of_numbers_is_dropped_not_cut() {
        let columns = [
            col("id", Align::Left),
            col("claim", Align::Left),
            col("bounds", Align::Left),
        ];
        let l = layout(&columns, &[10, 30, 16], &[true, true, false], 60);
        assert_eq!(l.widths, [10, 28, 16], "the bounds keep their width");
        let l = layout(&columns, &[10, 30, 16], &[true, true, false], 45);
        assert_eq!(l.keep, [0, 1], "then they go whole");
    }

    #[test]
    fn cuts_at_word_boundaries() {
        assert_eq!(
            cut("straw-in-the-wind passed (against)", 20),
            "straw-in-the-wind…"
        );
        assert_eq!(cut("short", 20), "short");
        assert_eq!(cut("Supercalifragilistic", 8), "Superca…");
        assert_eq!(cut("one, two three", 9), "one, two…");
        assert_eq!(cut("one, two three", 8), "one…");
        assert_eq!(cut("The explanation", 12), "The explana…");
    }
}
