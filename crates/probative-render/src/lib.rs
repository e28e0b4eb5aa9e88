//! Stage 4: reports. Analysis → text, Markdown, HTML, JSON.
//!
//! Every exporter is a pure function from a [`Report`] to a `String`; saving
//! or printing is the CLI's business. Numbers are formatted here and only
//! here, with fixed precision, so that the same study gives byte-identical
//! reports on every machine.
//!
//! Architecture invariant: no report shows a number that the JSON report
//! does not also give.

pub mod diagnostics;
pub mod html;
pub mod json;
pub mod markdown;
pub mod notes;
pub mod outline;
mod terminal_safe;
pub mod text;
mod words;

use std::cell::OnceCell;

use probative::analysis::Analysis;
use probative::diagnostic::LineIndex;
use probative::model::{Bibliography, FormattedReference, Study};

/// A source file as the user named it, for positions and excerpts.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The name shown in diagnostics (`study.toml`, a path).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What a report is made from.
pub struct Report<'a> {
    /// The study file.
    pub file: SourceFile<'a>,
    /// The validated study.
    pub study: &'a Study,
    /// The engine's results.
    pub analysis: &'a Analysis,
    /// The bibliography, if any.
    pub bibliography: Option<&'a Bibliography>,
    /// The bibliography formatted in the study's citation style, on first
    /// use: CSL formatting costs far more than the JSON report needs.
    references: OnceCell<Vec<FormattedReference>>,
    lines: LineIndex,
}

impl<'a> Report<'a> {
    /// Gathers what the renderers need.
    pub fn new(
        file: SourceFile<'a>,
        study: &'a Study,
        analysis: &'a Analysis,
        bibliography: Option<&'a Bibliography>,
    ) -> Self {
        Self {
            file,
            study,
            analysis,
            bibliography,
            references: OnceCell::new(),
            lines: LineIndex::new(file.text),
        }
    }

    /// The 1-based line of a byte offset in the study file.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The bibliography formatted in the study's citation style, in the
    /// style's order.
    pub fn references(&self) -> &[FormattedReference] {
        self.references.get_or_init(|| {
            self.bibliography
                .and_then(|b| b.format(&self.study.settings.citation_style).ok())
                .unwrap_or_default()
        })
    }

    /// The formatted reference for a key, if the bibliography has it.
    pub fn reference(&self, key: &str) -> Option<&FormattedReference> {
        self.references().iter().find(|r| r.key == key)
    }
}
