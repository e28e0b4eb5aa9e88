//! The `probative` command: a thin layer over the library crates.
//!
//! It parses flags into a command, reads files, runs the pipeline, renders,
//! and writes the result whole or not at all. Exit codes: 0 success
//! (warnings and notes allowed), 1 the study has errors (or warnings under
//! `--deny warnings`), 2 usage errors.

// The binary is the one place that talks to the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// mimalloc rather than the system allocator: reading a large study makes
/// millions of small allocations on several threads, where glibc's
/// per-thread arenas spent more time growing their heaps than probative
/// spent computing (a 20,000-item study checked in 0.71 s, 0.23 s with it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod example;
mod io;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use probative::analysis::lints;
use probative_render::{Report, SourceFile};

/// Process tracing as Bayesian inference: test a theory against its rivals
/// with the evidence of a few cases.
#[derive(Debug, Parser)]
#[command(
    name = "probative",
    version,
    about = "Process tracing as Bayesian inference: test a theory against its rivals with the evidence of a few cases.",
    long_about = None,
    after_help = "With no command, prints the report of the bundled example study.\n\n\
Examples:\n  probative example my-study        write the example study to start from\n  \
probative check my-study          validate and lint\n  \
probative report my-study -f html -o report.html\n  \
probative explain fragile-conclusion\n\n\
Exit codes: 0 success (warnings allowed), 1 the study has errors (or warnings under --deny warnings), 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// When to use colour: auto (only on a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The report of a study (without STUDY, the bundled example).
    Report {
        /// A study.toml, or a folder holding one.
        study: Option<PathBuf>,
        /// Report format.
        #[arg(long, short, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write the report to FILE (whole, or not at all) instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Validation and lints only.
    Check {
        /// A study.toml, or a folder holding one.
        study: PathBuf,
        /// Treat warnings as errors (exit 1).
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// What a lint or error code means, why it matters, and the literature.
    Explain {
        /// A code such as `declared-test-mismatch`.
        code: String,
    },
    /// Write the bundled example study (study, bibliography) into DIR.
    Example {
        /// Where to write it (default: `iran-us-detente`).
        dir: Option<PathBuf>,
    },
    /// Process tracing with a causal model: queries, updating and clue selection.
    Causal(probative_causal::cli::CausalArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Markdown,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Exit code for a usage error.
const USAGE: u8 = 2;
/// Exit code for a study with errors.
const STUDY_ERRORS: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = |stream_is_terminal: bool| match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stream_is_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let out_color = color(std::io::stdout().is_terminal());
    let err_color = color(std::io::stderr().is_terminal());
    match cli.command {
        None => {
            let code = report(None, ReportFormat::Text, None, out_color, err_color);
            // A first run on a terminal ends with where to go next; a pipe
            // gets the report alone.
            if std::io::stdout().is_terminal() {
                let _ = io::to_stderr(
                    "\nThis was the bundled example. Next: `probative example my-study` writes it out to edit, \
                     `probative check my-study` lints it, `probative report my-study -f html -o report.html` \
                     makes a page to share, `probative explain CODE` explains a lint.\n",
                );
            }
            code
        }
        Some(Command::Report {
            study,
            format,
            output,
        }) => report(
            study.as_deref(),
            format,
            output.as_deref(),
            out_color && output.is_none(),
            err_color,
        ),
        Some(Command::Check {
            study,
            deny,
            format,
        }) => check(&study, deny.is_some(), format, err_color),
        Some(Command::Explain { code }) => explain(&code),
        Some(Command::Example { dir }) => {
            example::write(dir.as_deref().unwrap_or(Path::new("iran-us-detente")))
        }
        Some(Command::Causal(args)) => probative_causal::cli::run(&args, &io::read_text),
    }
}

/// Prints a usage error and returns exit code 2.
fn usage(message: &str) -> ExitCode {
    // The message may quote a file name or a code the user typed.
    let message = probative::terminal_safe::text(message);
    let _ = io::to_stderr(&format!("error: {message}\n"));
    ExitCode::from(USAGE)
}

fn report(
    study: Option<&Path>,
    format: ReportFormat,
    output: Option<&Path>,
    color: bool,
    err_color: bool,
) -> ExitCode {
    let input = match study {
        Some(path) => match io::load(path) {
            Ok(input) => input,
            Err(message) => return usage(&message),
        },
        None => example::input(),
    };
    let checked = input.check();
    let file = SourceFile {
        name: &input.name,
        text: input.text(),
    };
    let bib_file = input.bibliography_file(&checked);
    if checked.has_errors() {
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == probative::diagnostic::Severity::Error)
            .cloned()
            .collect();
        let shown = probative_render::diagnostics::render(&errors, file, bib_file, err_color)
            + &format!(
                "error: {} has {} error{}; no report was written\n",
                probative::terminal_safe::text(&input.name),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
        if let Err(message) = io::to_stderr(&shown) {
            return usage(&message);
        }
        return ExitCode::from(STUDY_ERRORS);
    }
    let (Some(study), Some(analysis)) = (&checked.study, &checked.analysis) else {
        return ExitCode::from(STUDY_ERRORS);
    };
    let report = Report::new(file, study, analysis, checked.bibliography.as_ref());
    // JSON is written as it is made: a large report need not exist whole in
    // memory before it reaches the file.
    let render = |out: &mut dyn Write| -> std::io::Result<()> {
        match format {
            ReportFormat::Text => {
                out.write_all(probative_render::text::report(&report, color).as_bytes())
            }
            ReportFormat::Markdown => {
                out.write_all(probative_render::markdown::report(&report).as_bytes())
            }
            ReportFormat::Html => out.write_all(probative_render::html::report(&report).as_bytes()),
            ReportFormat::Json => probative_render::json::write(&report, out),
        }
    };
    let written = match output {
        Some(path) => io::write_atomically(path, &input.files_read(), render),
        None => io::to_stdout(render),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => usage(&message),
    }
}

fn check(path: &Path, deny_warnings: bool, format: CheckFormat, err_color: bool) -> ExitCode {
    use probative::diagnostic::Severity::{Error, Note, Warning};

    let input = match io::load(path) {
        Ok(input) => input,
        Err(message) => return usage(&message),
    };
    let checked = input.check();
    let file = SourceFile {
        name: &input.name,
        text: input.text(),
    };
    let failed = checked.has_errors() || (deny_warnings && checked.has_warnings());
    let written = match format {
        CheckFormat::Json => io::to_stdout(|out| {
            out.write_all(
                probative_render::json::check(
                    &checked.diagnostics,
                    input.text(),
                    input.bibliography_file(&checked).map(|b| b.name),
                )
                .as_bytes(),
            )
        }),
        CheckFormat::Text => {
            let bib_file = input.bibliography_file(&checked);
            let shown = probative_render::diagnostics::render_grouped(
                &checked.diagnostics,
                file,
                bib_file,
                err_color,
            );
            let count = |s| {
                checked
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == s)
                    .count()
            };
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            let summary = format!(
                "{}: {}, {}, {}\n",
                probative::terminal_safe::text(&input.name),
                plural(count(Error), "error"),
                plural(count(Warning), "warning"),
                plural(count(Note), "note")
            );
            io::to_stderr(&shown)
                .and_then(|()| io::to_stdout(|out| out.write_all(summary.as_bytes())))
        }
    };
    if let Err(message) = written {
        return usage(&message);
    }
    if failed {
        ExitCode::from(STUDY_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn explain(code: &str) -> ExitCode {
    let text = if let Some(lint) = lints::find(code) {
        Some(format!(
            "{} ({})\n\n{}\n",
            lint.code,
            lint.severity,
            lint.explanation().trim_end()
        ))
    } else {
        probative::diagnostic::READING_CODES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(code, text)| format!("{code} (error)\n\n{text}\n"))
    };
    if let Some(text) = text {
        return match io::to_stdout(|out| out.write_all(text.as_bytes())) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => usage(&message),
        };
    }
    let mut known: Vec<&str> = lints::ALL.iter().map(|l| l.code).collect();
    known.extend(probative::diagnostic::READING_CODES.iter().map(|(c, _)| *c));
    usage(&format!(
        "unknown code `{code}`; the known codes are: {}",
        known.join(", ")
    ))
}
