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

/// An analyst's file as the caller read it: the id (its file name without
/// `.toml`) and its bytes.
pub type AnalystFile<'a> = (&'a str, &'a [u8]);

/// The whole pipeline for a study with several analysts (`analysts/*.toml`
/// beside it): reads and resolves every analyst's file, pools them, and
/// analyses the pool. With no analysts it is [`check`]. The study in the
/// result is the pooled one (what the reports show), and the analysis
/// carries the [`analysis::analysts::Panel`]. `probative serve` calls this
/// on every change of the study or of an analyst's file.
pub fn check_with_analysts(
    bytes: &[u8],
    analysts: &[AnalystFile<'_>],
    pool: analysis::analysts::Pool,
    load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
) -> Checked {
    match check_with(bytes, analysts, pool, &[], load_bibliography) {
        Ok(checked) => checked,
        Err(_) => unreachable!("with no selections nothing is refused"),
    }
}

/// The whole pipeline with everything a run may add: the analysts' files
/// (see [`check_with_analysts`]) and `--without` selections (see
/// [`check_without`]). Analysts' files are resolved against the whole study,
/// so a judgment of a removed item is no error; it goes with the item.
///
/// # Errors
/// The selections that name nothing in the study, as [`check_without`].
pub fn check_with(
    bytes: &[u8],
    analysts: &[AnalystFile<'_>],
    pool: analysis::analysts::Pool,
    selections: &[model::Selection],
    load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
) -> Result<Checked, Vec<String>> {
    check_inputs(
        bytes,
        Inputs {
            analysts,
            pool,
            selections,
            load_bibliography,
            load_model: None,
        },
    )
}

/// Everything a run may add to a study's bytes: what [`check_with`] takes,
/// and the loader of the causal model a study may name (format 1.2).
pub struct Inputs<'a, 'b> {
    /// The analysts' files (see [`check_with_analysts`]).
    pub analysts: &'a [AnalystFile<'a>],
    /// How the analysts are pooled.
    pub pool: analysis::analysts::Pool,
    /// The `--without` selections (see [`check_without`]).
    pub selections: &'a [model::Selection],
    /// Reads the bibliography the study names (see [`check`]).
    pub load_bibliography: &'a mut dyn FnMut(&str) -> BibliographyText,
    /// Loads the causal model the study names (`[study] model`), given its
    /// path as written, relative to the study file. Without one, a study
    /// that names a model is an error.
    pub load_model: Option<&'a mut model::causal::LoadModel<'b>>,
}

/// The whole pipeline with every input a run may give; [`check_with`] is
/// this without a causal model.
///
/// # Errors
/// The selections that name nothing in the study, as [`check_without`].
pub fn check_inputs(bytes: &[u8], inputs: Inputs<'_, '_>) -> Result<Checked, Vec<String>> {
    let Inputs {
        analysts,
        pool,
        selections,
        load_bibliography,
        load_model,
    } = inputs;
    let (read_study, bibliography, diagnostics) = read(bytes, load_bibliography, load_model);
    // With `--without`, the full study stays for resolving the analysts'
    // files (they may judge a removed item) and the reduced one is analysed.
    let (full, reduced) = match read_study {
        Some(study) if !selections.is_empty() => {
            let reduced = model::without(&study, selections)?;
            (Some(study), Some(reduced))
        }
        other => (None, other),
    };
    let mut checked = analyse(reduced, bibliography, diagnostics);
    if analysts.is_empty() {
        return Ok(checked);
    }
    let Some(study) = checked.study.take() else {
        return Ok(checked);
    };
    let full = full.as_ref().unwrap_or(&study);
    let mut resolved = Vec::new();
    let mut diagnostics = Vec::new();
    for (id, bytes) in analysts {
        let (raw, found) = syntax::analyst::parse_analyst(bytes);
        let unreadable = found.iter().any(|d| d.severity == Severity::Error);
        diagnostics.extend(found.into_iter().map(|d| d.in_analyst(id)));
        let (analyst, found) = model::analysts::build_analyst(full, id, &raw);
        diagnostics.extend(found);
        if let Some(analyst) = analyst.filter(|_| !unreadable) {
            resolved.push(if selections.is_empty() {
                analyst
            } else {
                analyst.restricted(full, &study)
            });
        }
    }
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    if failed || resolved.len() < analysts.len() {
        // The study alone would be a different report from the one asked
        // for: keep the reading errors, not an analysis.
        checked.analysis = None;
        checked
            .diagnostics
            .retain(|d| d.severity == Severity::Error);
        checked.diagnostics.extend(diagnostics);
        diagnostic::sort(&mut checked.diagnostics);
        checked.study = Some(study);
        return Ok(checked);
    }
    // The study's own lints are replaced by those of the pool.
    checked
        .diagnostics
        .retain(|d| analysis::lints::find(d.code).is_none());
    match analysis::analysts::analyse_panel(&study, &resolved, pool, checked.bibliography.as_ref())
    {
        Ok((mut pooled, analysis)) => {
            checked.diagnostics.extend(analysis.lints.iter().cloned());
            // What the pool judged otherwise is no longer the model's.
            pooled.causal = pooled.causal.take().map(|link| link.still_in(&pooled));
            checked.study = Some(pooled);
            checked.analysis = Some(analysis);
        }
        Err(errors) => {
            checked.diagnostics.extend(errors);
            checked.study = Some(study);
            checked.analysis = None;
        }
    }
    diagnostic::sort(&mut checked.diagnostics);
    Ok(checked)
}

/// Reads, validates and analyses a study file's bytes: the whole pipeline.
///
/// `load_bibliography` receives the bibliography path the study names
/// (relative to the study file) and returns its text; the caller does the
/// I/O.
pub fn check(bytes: &[u8], load_bibliography: &mut dyn FnMut(&str) -> BibliographyText) -> Checked {
    let (study, bibliography, diagnostics) = read(bytes, load_bibliography, None);
    analyse(study, bibliography, diagnostics)
}

/// Like [`check`], with the evidence the selections name removed before the
/// analysis, and every item that depends on it (`--without`). The study
/// records what was removed ([`model::Study::without`]).
///
/// # Errors
/// The selections that name nothing in the study, each a message with the
/// closest name that would. They are checked only when the study could be
/// read; a study with errors is returned as [`check`] returns it.
pub fn check_without(
    bytes: &[u8],
    load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
    selections: &[model::Selection],
) -> Result<Checked, Vec<String>> {
    check_with(
        bytes,
        &[],
        analysis::analysts::Pool::Log,
        selections,
        load_bibliography,
    )
}

/// Stages 1 and 2: the study, when it could be read, and the problems.
fn read(
    bytes: &[u8],
    load_bibliography: &mut dyn FnMut(&str) -> BibliographyText,
    load_model: Option<&mut model::causal::LoadModel<'_>>,
) -> (
    Option<model::Study>,
    Option<model::Bibliography>,
    Vec<Diagnostic>,
) {
    let (mut raw, mut diagnostics) = syntax::parse_bytes(bytes);
    let text = std::str::from_utf8(bytes).unwrap_or("");
    // Invalid TOML: the parser recovers, but what it recovered (a value cut
    // short, a table left half read) makes the later stages report the
    // syntax error's consequences as errors of their own ("`lobby` lacks a
    // prior", "`prior` must be a number, not a string"), sorted before the
    // one true problem. Report the syntax errors, and shape errors on other
    // lines, and stop there.
    if diagnostics.iter().any(|d| d.code == "syntax") {
        // One index of line starts, not a scan of the text per diagnostic:
        // a large broken file can carry many shape errors besides.
        let lines = diagnostic::LineIndex::new(text);
        let line_of = |d: &Diagnostic| match &d.location {
            diagnostic::Location::StudySpan(span) => Some(lines.line(span.start)),
            _ => None,
        };
        let broken: std::collections::HashSet<usize> = diagnostics
            .iter()
            .filter(|d| d.code == "syntax")
            .filter_map(line_of)
            .collect();
        diagnostics
            .retain(|d| d.code == "syntax" || line_of(d).is_none_or(|l| !broken.contains(&l)));
        return (None, None, diagnostics);
    }
    // A shape error (bad TOML, an unknown key, a value of the wrong type)
    // means the raw document lacks what the file says, so a study built from
    // it would be analysed on guesses: keep its diagnostics, not the study.
    let mut unreadable = diagnostics.iter().any(|d| d.severity == Severity::Error);
    // What a causal model says is written into the raw document, so that
    // validation and the engine treat it like any judgment.
    let (link, found) = model::causal::resolve(&mut raw, text, load_model);
    unreadable |= found.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(found);
    let (study, bibliography, found) = model::build(&raw, load_bibliography);
    let study = study.filter(|_| !unreadable).map(|mut study| {
        study.causal = link;
        study
    });
    diagnostics.extend(found);
    (study, bibliography, diagnostics)
}

/// Stage 3 on a study that was read, and every diagnostic in report order.
fn analyse(
    study: Option<model::Study>,
    bibliography: Option<model::Bibliography>,
    mut diagnostics: Vec<Diagnostic>,
) -> Checked {
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
