//! Errors: what went wrong, where, and how to fix it.
//!
//! This module owns the one error type of the crate. Low-level parsers report
//! a byte position inside the string they were given; the caller that knows
//! which string it was (the DAG, a query, a restriction) fills in `source`, so
//! the message can show the string with a caret under the problem. Nothing
//! here prints.

use std::fmt;

/// Which kind of input an error is about; decides the exit code of the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The model file or something in it (DAG, restriction, prior, parameter).
    Model,
    /// A query or given string.
    Query,
    /// The data file.
    Data,
}

/// One problem, placed where possible.
#[derive(Debug, Clone, PartialEq)]
pub struct CausalError {
    /// What kind of input is at fault.
    pub kind: ErrorKind,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The string the problem is in (a DAG, a query), if any.
    pub source: Option<String>,
    /// Byte offset of the problem inside `source`.
    pub position: Option<usize>,
    /// Where the string came from, such as `[[query]] "PC"`.
    pub context: Option<String>,
    /// How to fix it, if we can say.
    pub help: Option<String>,
    /// The line of the file the problem is on (1-based), when it was
    /// placed in a file; then `source` is that line and `position` the
    /// byte offset in it.
    pub line: Option<std::num::NonZeroU32>,
}

impl CausalError {
    /// A model error without a position.
    pub fn model(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Model, message)
    }

    /// A query error without a position.
    pub fn query(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Query, message)
    }

    /// A data error without a position.
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, message)
    }

    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
            position: None,
            context: None,
            help: None,
            line: None,
        }
    }

    /// Places the error in a file: at byte `offset` of `text`, or, when the
    /// error already points into a string written inside `text[span]` (a
    /// DAG, a restriction, a query), at that point of the string. The line
    /// becomes the source shown under the message.
    #[must_use]
    pub fn in_file(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        if self.line.is_some() {
            return self;
        }
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        let mut offset = start;
        if let (Some(source), Some(position)) = (&self.source, self.position)
            && let Some(found) = text.get(start..end).and_then(|v| v.find(source.as_str()))
        {
            offset = start + found + position;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = u32::try_from(text[..offset].matches('\n').count()).unwrap_or(u32::MAX - 1);
        self.line = std::num::NonZeroU32::new(line + 1);
        // Only the CR of a CRLF ending is dropped: a stray CR inside the
        // line may be what the error points at, and the caret must stay on
        // the line shown.
        let shown = &text[line_start..line_end];
        let shown = shown.strip_suffix('\r').unwrap_or(shown);
        self.position = Some((offset - line_start).min(shown.len()));
        self.source = Some(shown.to_string());
        self
    }

    /// Places the error at byte `position` of `source`.
    #[must_use]
    pub fn at(mut self, source: &str, position: usize) -> Self {
        self.source = Some(source.to_string());
        self.position = Some(position.min(source.len()));
        self
    }

    /// Records the string the error is in, keeping any position already set.
    #[must_use]
    pub fn in_source(mut self, source: &str) -> Self {
        if self.source.is_none() {
            self.source = Some(source.to_string());
        }
        self
    }

    /// Says where the string came from, unless that is already known.
    #[must_use]
    pub fn context(mut self, context: impl Into<String>) -> Self {
        if self.context.is_none() {
            self.context = Some(context.into());
        }
        self
    }

    /// Changes the kind, e.g. a query parse error inside a restriction is a model error.
    #[must_use]
    pub fn kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Adds a hint on how to fix the problem.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for CausalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ErrorKind::Model => "model",
            ErrorKind::Query => "query",
            ErrorKind::Data => "data",
        };
        write!(f, "{kind} error")?;
        if let Some(line) = self.line {
            write!(f, " at line {line}")?;
            if let Some(position) = self.position {
                let column = self
                    .source
                    .as_deref()
                    .map_or(position, |s| s[..position.min(s.len())].chars().count());
                write!(f, ", column {}", column + 1)?;
            }
            if let Some(context) = &self.context {
                write!(f, " ({context})")?;
            }
        } else if let Some(context) = &self.context {
            write!(f, " in {context}")?;
        }
        if let (None, Some(position)) = (self.line, self.position) {
            // Columns count characters, not bytes, so the caret lines up.
            let column = self
                .source
                .as_deref()
                .map_or(position, |s| s[..position.min(s.len())].chars().count());
            write!(f, " at column {}", column + 1)?;
        }
        write!(f, ": {}", bounded(&self.message))?;
        if let Some(source) = &self.source {
            let (shown, column) = excerpt(source, self.position);
            write!(f, "\n  {shown}")?;
            if let Some(column) = column {
                write!(f, "\n  {}^", " ".repeat(column))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CausalError {}

/// Lines longer than this many bytes are shown as an excerpt.
const LONG_LINE: usize = 240;
/// The most characters of a message shown: a longer one quotes something
/// huge from the file.
const MESSAGE_CHARS: usize = 1_000;

/// The message, cut after [`MESSAGE_CHARS`] characters with `…`.
fn bounded(message: &str) -> std::borrow::Cow<'_, str> {
    match message.char_indices().nth(MESSAGE_CHARS) {
        None => message.into(),
        Some((cut, _)) => {
            format!("{}… ({} more bytes)", &message[..cut], message.len() - cut).into()
        }
    }
}

/// The source line as shown, and the caret's column in it: a line longer
/// than [`LONG_LINE`] bytes is cut to a window around the position, with
/// `…` where text was left out, so that one error on a megabyte line never
/// prints the megabyte.
fn excerpt(source: &str, position: Option<usize>) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    let column = |from: usize, at: usize| source[from..at].chars().count();
    let at = position.map(|p| p.min(source.len()));
    if source.len() <= LONG_LINE {
        return (source.into(), at.map(|at| column(0, at)));
    }
    let point = at.unwrap_or(0);
    let mut from = point.saturating_sub(60);
    while !source.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (point + 120).min(source.len());
    while !source.is_char_boundary(to) {
        to += 1;
    }
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < source.len() { "…" } else { "" };
    let shown = format!("{lead}{}{tail}", &source[from..to]);
    (
        shown.into(),
        at.map(|at| usize::from(from > 0) + column(from, at)),
    )
}

/// Result with a [`CausalError`].
pub type Result<T, E = CausalError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_as_an_excerpt_with_the_caret_on_the_point() {
        let line = format!("{}ERR{}", "a".repeat(3_000_000), "b".repeat(3_000_000));
        let error = CausalError::query("bad")
            .at(&line, 3_000_000)
            .context("[[query]] \"q\"");
        let shown = error.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        assert!(shown.contains("column 3000001"), "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[2].find('^').unwrap();
        let excerpt = lines[1];
        assert_eq!(
            excerpt.chars().nth(caret).unwrap(),
            'E',
            "{excerpt}\n{}",
            lines[2]
        );
        assert!(excerpt.trim_start().starts_with('…') && excerpt.ends_with('…'));
        let huge = CausalError::model(format!("no key {}", "z".repeat(5_000_000)));
        assert!(huge.to_string().len() < 1_200);
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let shown = CausalError::query("bad").at("Y == 2", 5).to_string();
        assert!(shown.ends_with("\n  Y == 2\n       ^"), "{shown}");
    }
}
