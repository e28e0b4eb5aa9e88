//! probative: process tracing as Bayesian inference.
//!
//! # Steps
//! - [`syntax`]: study text → raw document with spans, and shape errors.
//! - [`model`]: raw document → validated [`model::Study`]: ids resolved,
//!   likelihoods as intervals, priors checked, bibliography read.
//! - [`analysis`]: study → posteriors, weights of evidence, Van Evera tests,
//!   exact sensitivity bounds, and the lints.
//!
//! Rendering lives in `probative-render`; reading files and talking to the
//! terminal in `probative-cli`. This crate does no I/O.

pub mod analysis;
pub mod diagnostic;
pub mod model;
pub mod syntax;
pub mod terminal_safe;

/// The closest of `known` to a misspelt `name`, if any is close enough.
pub(crate) fn syntax_closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    syntax::closest(name, known)
}

use diagnostic::{Diagnostic, Severity};
pub use model::BibliographyText;

/// Everything known about a study after checking it.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The validated study, when it had no reading errors.
    pub study: Option<model::Study>,
    /// The bibliography, when the study names one and it could be read.
    pub bibliography: Option<model::Bibliography>,
    /// The engine's results, when the study could be analysed.
    pub analysis: Option<analysis::Analysis>,
    /// Every problem found while reading, then every lint, in report order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Whether any diagnostic is a warning.
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }
}

/// Reads, validates and analyses a study file's bytes: the whole pipeline.
///
/// `load_bibliography` receives the bibliography path the study names
/// (relative to the study file) and returns its text; the caller does the
/// I/O.
pub fn check(bytes: &[u8], load_bibliography: &mut dyn FnMut(&str) -> BibliographyText) -> Checked {
    let (raw, mut diagnostics) = syntax::parse_bytes(bytes);
    // A shape error (bad TOML, an unknown key, a value of the wrong type)
    // means the raw document lacks what the file says, so a study built from
    // it would be analysed on guesses: keep its diagnostics, not the study.
    let unreadable = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let (study, bibliography, found) = model::build(&raw, load_bibliography);
    let study = study.filter(|_| !unreadable);
    diagnostics.extend(found);
    let mut analysis = None;
    if let Some(study) = &study {
        match analysis::analyse(study, bibliography.as_ref()) {
            Ok(a) => {
                diagnostics.extend(a.lints.iter().cloned());
                analysis = Some(a);
            }
            Err(errors) => diagnostics.extend(errors),
        }
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        study,
        bibliography,
        analysis,
        diagnostics,
    }
}
