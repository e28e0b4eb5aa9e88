//! Stage 4: reports. Analysis → text, Markdown, HTML, JSON.
//!
//! Every exporter is a pure function from a [`Report`] to a `String`; saving
//! or printing is the CLI's business. Numbers are formatted here and only
//! here, with fixed precision, so that the same study gives byte-identical
//! reports on every machine.
//!
//! Architecture invariant: no report shows a number that the JSON report
//! does not also give.

pub mod caveats;
pub mod diagnostics;
mod excerpt;
pub mod html;
pub mod json;
pub mod markdown;
pub mod notes;
pub mod outline;
pub mod shared_help;
mod terminal_safe;
pub mod text;
mod words;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

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
    /// In-text citations by key, on first use, for the same reason.
    in_text: OnceCell<HashMap<String, String>>,
    lines: LineIndex,
    provenance: Option<Provenance>,
}

/// Where a report came from, for a reader who must cite or reproduce it:
/// the date it was written and a checksum of the inputs. The caller, which
/// read the files, computes both; the renderers do no I/O and never read a
/// clock, so the same inputs give the same bytes unless the caller says
/// otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The date the report was written, `YYYY-MM-DD`.
    pub date: String,
    /// A checksum of the study's bytes and the bibliography's (then the
    /// causal model's and its data's, for a study built on one), written
    /// as `sha256:` and 64 hex digits.
    pub checksum: String,
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
            in_text: OnceCell::new(),
            lines: LineIndex::new(file.text),
            provenance: None,
        }
    }

    /// The report with its date and input checksum, for the reports that
    /// print a provenance line.
    #[must_use]
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.provenance = Some(provenance);
        self
    }

    /// The date and checksum, when the caller gave them.
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// Gives the report its references already formatted, as
    /// [`Report::references`] would: a server that renders the same
    /// bibliography after every edit formats it once.
    #[must_use]
    pub fn with_references(self, references: Vec<FormattedReference>) -> Self {
        let _ = self.references.set(references);
        self
    }

    /// The 1-based line of a byte offset in the study file.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// The works the study cites (as an item's `source` or in its `via`),
    /// formatted in the study's citation style, in the style's order.
    /// Entries no item cites are left out (the `uncited-source` note lists
    /// them) and never formatted: on a large bibliography, formatting is
    /// most of a report's time.
    pub fn references(&self) -> &[FormattedReference] {
        self.references.get_or_init(|| {
            self.bibliography
                .and_then(|b| {
                    b.format_cited(&self.study.settings.citation_style, &self.cited_keys())
                        .ok()
                })
                .unwrap_or_default()
        })
    }

    /// The keys the study's items cite, as `source` or in `via`.
    pub fn cited_keys(&self) -> HashSet<&str> {
        self.study
            .evidence
            .iter()
            .flat_map(|e| e.source.iter().chain(&e.via))
            .map(String::as_str)
            .collect()
    }

    /// Where an item's evidence comes from, as a paper cites it: the
    /// author–date citation of its source in the study's style with the
    /// locator inside ("(Parsi, 2007, p. 134)"); the key when the
    /// bibliography lacks it; "no source" without one.
    pub fn cite(&self, e: &probative::model::Evidence) -> String {
        let Some(key) = &e.source else {
            return "no source".to_owned();
        };
        let in_text = self.in_text.get_or_init(|| {
            self.bibliography
                .and_then(|b| {
                    b.in_text_cited(&self.study.settings.citation_style, &self.cited_keys())
                        .ok()
                })
                .map(|cites| cites.into_iter().collect())
                .unwrap_or_default()
        });
        match in_text.get(key) {
            Some(citation) => probative::model::with_locator(citation, e.locator.as_deref()),
            None => crate::outline::citation(e),
        }
    }

    /// The formatted reference for a key, if the bibliography has it.
    pub fn reference(&self, key: &str) -> Option<&FormattedReference> {
        self.references().iter().find(|r| r.key == key)
    }
}
