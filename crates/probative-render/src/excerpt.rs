//! Long lines under a diagnostic, cut to an excerpt around what it points
//! at.
//!
//! codespan-reporting prints every line a diagnostic points into whole, with
//! a caret under the whole span: one error on a 5 MB line printed 15 MB. A
//! diagnostic whose lines are all short is shown as codespan shows it; one
//! that touches a line longer than [`LONG_LINE`] bytes is shown from an
//! [`Excerpts`] instead: the lines it points into, each long one cut to a
//! window around the point with `…` where text was left out. Line and column
//! numbers stay those of the file. Quoted text (a message, a help line) is
//! bounded by [`bounded`].

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

/// Lines longer than this many bytes are shown as an excerpt.
pub const LONG_LINE: usize = 240;
/// Bytes of context kept before the point a diagnostic shows.
const BEFORE: usize = 60;
/// Bytes kept from the point on.
const AFTER: usize = 120;
/// The mark for text left out.
const ELLIPSIS: &str = "…";

/// The start of every line of `text`.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The 0-based line holding byte `at`.
fn line_of(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

/// The byte range of line `line` without its line end.
fn line_range(text: &str, starts: &[usize], line: usize) -> Range<usize> {
    let start = starts[line];
    let end = starts.get(line + 1).map_or(text.len(), |&next| next - 1);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

/// Whether any of `points` (byte offsets) falls on a line longer than
/// [`LONG_LINE`].
pub fn touches_long_line(text: &str, starts: &[usize], points: &[usize]) -> bool {
    points.iter().any(|&at| {
        let line = line_of(starts, at.min(text.len()));
        line_range(text, starts, line).len() > LONG_LINE
    })
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// One line of an excerpt: which bytes of the file it shows and where.
struct Piece {
    /// The bytes of the file's line that are shown.
    shown: Range<usize>,
    /// Where `shown.start` lands in the excerpt's text.
    at: usize,
}

/// The lines of one file that a diagnostic points into.
pub struct Excerpt {
    name: String,
    text: String,
    starts: Vec<usize>,
    /// The file's 0-based index of the excerpt's first line.
    first_line: usize,
    /// For each line, the columns left out before it (less the one of
    /// the ellipsis that stands for them).
    shifts: Vec<usize>,
    pieces: Vec<Piece>,
}

impl Excerpt {
    /// The lines of `text` from the first of `points` to the last, each
    /// longer than [`LONG_LINE`] cut to a window around the first point on
    /// it (or its start). No points give an empty excerpt.
    pub fn new(name: String, text: &str, starts: &[usize], points: &[usize]) -> Self {
        let mut excerpt = Self {
            name,
            text: String::new(),
            starts: Vec::new(),
            first_line: 0,
            shifts: Vec::new(),
            pieces: Vec::new(),
        };
        let lines: Vec<usize> = points
            .iter()
            .map(|&at| line_of(starts, at.min(text.len())))
            .collect();
        let (Some(&first), Some(&last)) = (lines.iter().min(), lines.iter().max()) else {
            return excerpt;
        };
        excerpt.first_line = first;
        for line in first..=last {
            let whole = line_range(text, starts, line);
            let point = points
                .iter()
                .copied()
                .filter(|at| whole.contains(at) || *at == whole.end)
                .min()
                .unwrap_or(whole.start);
            let shown = if whole.len() > LONG_LINE {
                let from = floor_boundary(text, point.saturating_sub(BEFORE).max(whole.start));
                let to = ceil_boundary(text, (point.max(from) + AFTER).min(whole.end));
                from..to
            } else {
                whole.clone()
            };
            excerpt.starts.push(excerpt.text.len());
            let cut_before = shown.start > whole.start;
            if cut_before {
                excerpt.text.push_str(ELLIPSIS);
            }
            excerpt.pieces.push(Piece {
                shown: shown.clone(),
                at: excerpt.text.len(),
            });
            excerpt.text.push_str(&text[shown.clone()]);
            if shown.end < whole.end {
                excerpt.text.push_str(ELLIPSIS);
            }
            excerpt.text.push('\n');
            let left_out = text[whole.start..shown.start].chars().count();
            excerpt
                .shifts
                .push(left_out.saturating_sub(usize::from(cut_before)));
        }
        excerpt
    }

    /// Where byte `at` of the file is in the excerpt: a point left out is
    /// moved to the nearest end of what is shown.
    pub fn map(&self, at: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.shown.start <= at)
            .saturating_sub(1);
        let Some(piece) = self.pieces.get(i) else {
            return 0;
        };
        let clamped = at.clamp(piece.shown.start, piece.shown.end);
        piece.at + (clamped - piece.shown.start)
    }

    /// A span of the file as a span of the excerpt.
    pub fn map_span(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.map(span.start);
        start..self.map(span.end).max(start)
    }
}

/// The excerpts of every file, in the order of the file ids.
pub struct Excerpts(pub Vec<Excerpt>);

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        Ok(line_of(&self.file(id)?.starts, byte_index))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        Ok(self.file(id)?.first_line + line_index + 1)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let file = self.file(id)?;
        let range = self.line_range(id, line_index)?;
        let column = codespan_reporting::files::column_index(&file.text, range, byte_index);
        Ok(column + 1 + file.shifts.get(line_index).copied().unwrap_or(0))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let file = self.file(id)?;
        let start = *file.starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: file.starts.len().saturating_sub(1),
        })?;
        let end = file
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

impl Excerpts {
    fn file(&self, id: usize) -> Result<&Excerpt, Error> {
        self.0.get(id).ok_or(Error::FileMissing)
    }
}

/// `text` with at most `limit` characters: a longer one keeps its start and
/// ends with `…` and how much was left out, so that no message quotes a
/// huge value whole.
pub fn bounded(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}{ELLIPSIS} ({} more bytes)",
            &text[..cut],
            text.len() - cut
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_point_with_its_true_column() {
        let text = format!("short\n{}XYZ{}\nend\n", "a".repeat(5000), "b".repeat(5000));
        let starts = line_starts(&text);
        let at = 6 + 5000;
        assert!(touches_long_line(&text, &starts, &[at]));
        assert!(!touches_long_line(&text, &starts, &[0]));
        let excerpt = Excerpt::new("f".to_owned(), &text, &starts, &[at, at + 3]);
        let files = Excerpts(vec![excerpt]);
        let source = files.source(0).unwrap();
        assert!(source.len() < LONG_LINE + 10, "{} bytes", source.len());
        assert!(source.starts_with('…') && source.trim_end().ends_with('…'));
        let span = files.0[0].map_span(&(at..at + 3));
        assert_eq!(&source[span.clone()], "XYZ");
        let location = files.location(0, span.start).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 5001));
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "one\ntwo three\nfour\n";
        let starts = line_starts(text);
        let excerpt = Excerpt::new("f".to_owned(), text, &starts, &[4, 15]);
        let files = Excerpts(vec![excerpt]);
        assert_eq!(files.source(0).unwrap(), "two three\nfour\n");
        let location = files.location(0, files.0[0].map(8)).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 5));
    }

    #[test]
    fn quoted_text_is_bounded() {
        assert_eq!(bounded("short", 10), "short");
        let long = "é".repeat(3000);
        let shown = bounded(&long, 100);
        assert!(shown.starts_with(&"é".repeat(100)));
        assert!(shown.ends_with("… (5800 more bytes)"), "{shown}");
    }
}
