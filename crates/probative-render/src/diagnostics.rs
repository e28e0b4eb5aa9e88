//! Diagnostics for people: `file:line:column`, the offending line, the help.
//!
//! Rendering is codespan-reporting's; this module only maps probative's
//! [`Diagnostic`] onto it and chooses the files.

use std::fmt::Write as _;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

use probative::diagnostic::{Diagnostic, Location, Severity};

use crate::SourceFile;

/// Renders diagnostics as a terminal would show them; with ANSI colour when
/// `color` is set.
pub fn render(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    color: bool,
) -> String {
    let mut files = SimpleFiles::new();
    let study_id = files.add(study.name, study.text);
    let bib_id = bibliography.map(|b| files.add(b.name, b.text));
    let config = Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for d in diagnostics {
        let mut rendered = Rendered::new(match d.severity {
            Severity::Error => RenderedSeverity::Error,
            Severity::Warning => RenderedSeverity::Warning,
            Severity::Note => RenderedSeverity::Note,
        })
        .with_code(d.code)
        .with_message(&d.message);
        let mut notes = Vec::new();
        match &d.location {
            Location::StudySpan(span) => {
                let span = clamp(span.clone(), study.text.len());
                rendered = rendered.with_labels(vec![Label::primary(study_id, span)]);
            }
            Location::BibliographySpan(span) => {
                if let (Some(id), Some(b)) = (bib_id, bibliography) {
                    let span = clamp(span.clone(), b.text.len());
                    rendered = rendered.with_labels(vec![Label::primary(id, span)]);
                }
            }
            Location::BibliographyEntry(key) => {
                let name = bibliography.map_or("the bibliography", |b| b.name);
                notes.push(format!("in {name}, entry `{key}`"));
            }
            Location::Study => notes.push(format!("in {} (the study as a whole)", study.name)),
        }
        for (span, label) in &d.labels {
            let span = clamp(span.clone(), study.text.len());
            rendered
                .labels
                .push(Label::secondary(study_id, span).with_message(label));
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {help}"));
        }
        rendered = rendered.with_notes(notes);
        let _ = term::emit_to_write_style(&mut buffer, &config, &files, &rendered);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn clamp(span: std::ops::Range<usize>, len: usize) -> std::ops::Range<usize> {
    span.start.min(len)..span.end.min(len).max(span.start.min(len))
}

/// Like [`render`], but a note that fires more than `group_over` times is
/// shown once, as a line listing where it fired, so that a few warnings are
/// not lost among dozens of notes. Errors and warnings are always shown in
/// full.
pub fn render_grouped(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    color: bool,
    group_over: usize,
) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Note) {
        *counts.entry(d.code).or_default() += 1;
    }
    let grouped = |d: &Diagnostic| d.severity == Severity::Note && counts[d.code] > group_over;
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| !grouped(d))
        .cloned()
        .collect();
    let mut out = render(&shown, study, bibliography, color);
    let lines = probative::diagnostic::LineIndex::new(study.text);
    for (code, n) in counts.iter().filter(|(_, n)| **n > group_over) {
        let places: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.code == *code)
            .map(|d| {
                let what = d
                    .subject
                    .evidence
                    .as_deref()
                    .or(d.subject.source.as_deref())
                    .unwrap_or("?");
                match d.study_span() {
                    Some(span) => format!("{what} (line {})", lines.line(span.start)),
                    None => what.to_owned(),
                }
            })
            .collect();
        let summary = probative::analysis::lints::find(code).map_or("", |l| l.summary);
        let head = format!("note[{code}]");
        let head = if color {
            format!("\x1b[1;34m{head}\x1b[0m")
        } else {
            head
        };
        let _ = write!(
            out,
            "{head}: {n} times: {summary}\n = {}\n = help: `probative explain {code}` says why; `--format json` lists each in full\n\n",
            places.join(", ")
        );
    }
    out
}
