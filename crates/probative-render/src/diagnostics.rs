//! Diagnostics for people: `file:line:column`, the offending line, the help.
//!
//! Rendering is codespan-reporting's; this module only maps probative's
//! [`Diagnostic`] onto it and chooses the files. A long line is shown as an
//! excerpt around the point ([`crate::excerpt`]), and quoted text is
//! bounded, so that one diagnostic never prints megabytes.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt::Write as _;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

use probative::diagnostic::{Diagnostic, Location, Severity};
use probative::terminal_safe as safe;

use crate::SourceFile;
use crate::excerpt;
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
    let mut shown: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        vec![(safe::text(study.name), safe::source(study.text))];
    let study_id = 0;
    let bib_id = bibliography.map(|b| {
        shown.push((safe::text(b.name), safe::source(b.text)));
        shown.len() - 1
    });
    let analyst_ids: Vec<(&str, usize, usize)> = analysts
        .iter()
        .map(|(id, f)| {
            shown.push((safe::text(f.name), safe::source(f.text)));
            (*id, shown.len() - 1, f.text.len())
        })
        .collect();
    let mut files = SimpleFiles::new();
    for (name, text) in &shown {
        files.add(name.as_ref(), text.as_ref());
    }
    let starts: Vec<OnceCell<Vec<usize>>> = shown.iter().map(|_| OnceCell::new()).collect();
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
        .with_message(excerpt::bounded(&safe::text(&d.message), MESSAGE_CHARS));
        let mut notes = Vec::new();
        let mut labels = Vec::new();
        match &d.location {
            Location::StudySpan(span) => {
                let span = clamp(span.clone(), study.text.len());
                labels.push(Label::primary(study_id, span));
            }
            Location::BibliographySpan(span) => {
                if let (Some(id), Some(b)) = (bib_id, bibliography) {
                    let span = clamp(span.clone(), b.text.len());
                    labels.push(Label::primary(id, span));
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
                        labels.push(Label::primary(file, span));
                    }
                    None => notes.push(format!("in analysts/{}.toml", safe::text(analyst))),
                }
            }
        }
        for (span, label) in &d.labels {
            let span = clamp(span.clone(), study.text.len());
            labels.push(
                Label::secondary(study_id, span)
                    .with_message(excerpt::bounded(&safe::text(label), MESSAGE_CHARS)),
            );
        }
        if let Some(help) = &d.help {
            notes.push(format!(
                "help: {}",
                excerpt::bounded(&safe::text(help), HELP_CHARS)
            ));
        }
        rendered = rendered.with_notes(notes);
        // The points each file is shown at; a long line among them is shown
        // as an excerpt.
        let points = |id: usize| -> Vec<usize> {
            labels
                .iter()
                .filter(|l| l.file_id == id)
                .flat_map(|l| [l.range.start, l.range.end])
                .collect()
        };
        let long = (0..shown.len()).any(|id| {
            let points = points(id);
            !points.is_empty() && {
                let text = shown[id].1.as_ref();
                excerpt::touches_long_line(
                    text,
                    starts[id].get_or_init(|| excerpt::line_starts(text)),
                    &points,
                )
            }
        });
        if long {
            let excerpts = excerpt::Excerpts(
                shown
                    .iter()
                    .enumerate()
                    .map(|(id, (name, text))| {
                        excerpt::Excerpt::new(
                            name.clone().into_owned(),
                            text,
                            starts[id].get_or_init(|| excerpt::line_starts(text)),
                            &points(id),
                        )
                    })
                    .collect(),
            );
            rendered = rendered.with_labels(
                labels
                    .into_iter()
                    .map(|mut l| {
                        l.range = excerpts.0[l.file_id].map_span(&l.range);
                        l
                    })
                    .collect(),
            );
            let _ = term::emit_to_write_style(&mut buffer, &config, &excerpts, &rendered);
        } else {
            rendered = rendered.with_labels(labels);
            let _ = term::emit_to_write_style(&mut buffer, &config, &files, &rendered);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The most characters of a message or a label shown: past this, it
/// quotes something huge from the file.
const MESSAGE_CHARS: usize = 1_000;
/// The most characters of a help line (lists of known names are long).
const HELP_CHARS: usize = 4_000;

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
