//! Diagnostics for people: `file:line:column`, the offending line, the help.
//!
//! Rendering is codespan-reporting's; this module only maps probative's
//! [`Diagnostic`] onto it and chooses the files.

use std::fmt::Write as _;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

use probative::diagnostic::{Diagnostic, Location, Severity};
use probative::terminal_safe as safe;

use crate::SourceFile;
use crate::notes;

/// Renders diagnostics as a terminal would show them; with ANSI colour when
/// `color` is set.
pub fn render(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    color: bool,
) -> String {
    render_with_analysts(diagnostics, study, bibliography, &[], color)
}

/// Like [`render`], with the analysts' files, as (analyst id, file), that
/// diagnostics in them point into.
pub fn render_with_analysts(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    analysts: &[(&str, SourceFile<'_>)],
    color: bool,
) -> String {
    // Names, lines and messages quote files probative did not write: none
    // of their control characters reaches the terminal raw.
    let mut files = SimpleFiles::new();
    let study_id = files.add(safe::text(study.name), safe::source(study.text));
    let bib_id = bibliography.map(|b| files.add(safe::text(b.name), safe::source(b.text)));
    let analyst_ids: Vec<(&str, usize, usize)> = analysts
        .iter()
        .map(|(id, f)| {
            (
                *id,
                files.add(safe::text(f.name), safe::source(f.text)),
                f.text.len(),
            )
        })
        .collect();
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
        .with_message(safe::text(&d.message));
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
                notes.push(safe::text(&format!("in {name}, entry `{key}`")).into_owned());
            }
            Location::Study => notes.push(format!(
                "in {} (the study as a whole)",
                safe::text(study.name)
            )),
            Location::AnalystSpan(analyst, span) => {
                match analyst_ids.iter().find(|(id, _, _)| id == analyst) {
                    Some(&(_, file, len)) => {
                        let span = clamp(span.clone(), len);
                        rendered = rendered.with_labels(vec![Label::primary(file, span)]);
                    }
                    None => notes.push(format!("in analysts/{}.toml", safe::text(analyst))),
                }
            }
        }
        for (span, label) in &d.labels {
            let span = clamp(span.clone(), study.text.len());
            rendered
                .labels
                .push(Label::secondary(study_id, span).with_message(safe::text(label)));
        }
        if let Some(help) = &d.help {
            notes.push(format!("help: {}", safe::text(help)));
        }
        rendered = rendered.with_notes(notes);
        let _ = term::emit_to_write_style(&mut buffer, &config, &files, &rendered);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn clamp(span: std::ops::Range<usize>, len: usize) -> std::ops::Range<usize> {
    span.start.min(len)..span.end.min(len).max(span.start.min(len))
}

/// Like [`render`], but a note that fires more than
/// [`GROUP_NOTES_OVER`](crate::notes::GROUP_NOTES_OVER) times is shown once,
/// as a line listing where it fired, so that a few warnings are not lost
/// among dozens of notes. Errors and warnings are always shown in full.
pub fn render_grouped(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    color: bool,
) -> String {
    render_grouped_with(
        diagnostics,
        study,
        bibliography,
        &[],
        color,
        crate::text::DEFAULT_WIDTH,
    )
}

/// Like [`render_grouped`], with the analysts' files (see
/// [`render_with_analysts`]), laid out in `width` columns (help and lists
/// wrap between words), with findings that share a help text shown
/// together and the help once ([`crate::shared_help`]).
pub fn render_grouped_with(
    diagnostics: &[Diagnostic],
    study: SourceFile<'_>,
    bibliography: Option<SourceFile<'_>>,
    analysts: &[(&str, SourceFile<'_>)],
    color: bool,
    width: usize,
) -> String {
    let groups = notes::groups(diagnostics);
    let shown: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| !notes::is_grouped(d, &groups))
        .cloned()
        .collect();
    // Notes are printed after "= help: ", behind the gutter of line
    // numbers: as many columns as the study's last line number has digits,
    // plus ten.
    let indent = 10 + study.text.lines().count().max(1).to_string().len();
    let shown: Vec<Diagnostic> = crate::shared_help::gather(shown)
        .into_iter()
        .map(|mut d| {
            d.help = d
                .help
                .map(|h| crate::shared_help::wrap(&h, width.saturating_sub(indent).max(20)));
            d
        })
        .collect();
    let mut out = render_with_analysts(&shown, study, bibliography, analysts, color);
    let lines = probative::diagnostic::LineIndex::new(study.text);
    for group in &groups {
        let places: Vec<String> = group
            .notes
            .iter()
            .map(|d| {
                let what = notes::subject(d).unwrap_or("?");
                match d.study_span() {
                    Some(span) => format!("{what} (line {})", lines.line(span.start)),
                    None => what.to_owned(),
                }
            })
            .collect();
        let code = group.code;
        let head = format!("note[{code}]");
        let wrap = |s: &str| {
            crate::shared_help::wrap(s, width.saturating_sub(3).max(20)).replace('\n', "\n   ")
        };
        let first = crate::shared_help::wrap(
            &format!(
                "{head}: {} times: {}",
                group.notes.len(),
                safe::text(group.summary)
            ),
            width.saturating_sub(3).max(20),
        )
        .replace('\n', "\n   ");
        let first = if color {
            first.replacen(&head, &format!("\x1b[1;34m{head}\x1b[0m"), 1)
        } else {
            first
        };
        let _ = write!(
            out,
            "{first}\n = {}\n = {}\n\n",
            wrap(&safe::text(&places.join(", "))),
            wrap(&format!(
                "help: `probative explain {code}` says why; `--format json` lists each in full"
            )),
        );
    }
    out
}
