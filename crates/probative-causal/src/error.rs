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
        write!(f, ": {}", self.message)?;
        if let Some(source) = &self.source {
            write!(f, "\n  {source}")?;
            if let Some(position) = self.position {
                let column = source[..position.min(source.len())].chars().count();
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

/// Result with a [`CausalError`].
pub type Result<T, E = CausalError> = std::result::Result<T, E>;
