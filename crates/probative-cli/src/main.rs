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

mod analysts;
mod example;
mod explain;
mod io;
mod locate;
mod new;
mod provenance;
mod schema;
mod serve;
mod width;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use probative::Checked;
use probative::model::Selection;
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
Examples:\n  probative new my-study            start a study from a short blank template\n  \
probative example my-study        write the example study to start from\n  \
probative check my-study          validate and lint\n  \
probative report my-study -f html -o report.html\n  \
probative explain hoop\n\n\
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
    /// The report of a study.
    Report {
        /// A study.toml, or a folder holding one (default: ./study.toml);
        /// `-` reads it from standard input.
        study: Option<PathBuf>,
        /// Report format.
        #[arg(long, short, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Write the report to FILE (whole, or not at all) instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        analysts: analysts::AnalystArgs,
        /// What if: drop evidence before the analysis (repeatable): an
        /// evidence ID, source:KEY, case:ID or tag:NAME; items that depend
        /// on it go too.
        #[arg(long, value_name = "SPEC")]
        without: Vec<String>,
        /// Columns for the text report (default: COLUMNS, else the terminal's, else 100).
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Validation and lints only.
    Check {
        /// A study.toml, or a folder holding one (default: ./study.toml);
        /// `-` reads it from standard input.
        study: Option<PathBuf>,
        /// Treat warnings as errors (exit 1).
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        #[command(flatten)]
        analysts: analysts::AnalystArgs,
        /// What if: drop evidence before the analysis (repeatable): an
        /// evidence ID, source:KEY, case:ID or tag:NAME; items that depend
        /// on it go too.
        #[arg(long, value_name = "SPEC")]
        without: Vec<String>,
        /// Columns to lay findings out in (default: COLUMNS, else the terminal's, else 100).
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// What a code or a concept (hoop, smoking-gun, db, reliability) means;
    /// without NAME, every one.
    Explain {
        /// A code such as `declared-test-mismatch`, or a concept such as `hoop`.
        code: Option<String>,
    },
    /// Start a study: a short, commented blank study.toml in DIR (new or empty).
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Write the bundled example study (study, bibliography) into DIR.
    Example {
        /// Where to write it (default: `iran-us-detente`).
        dir: Option<PathBuf>,
    },
    /// Process tracing with a causal model: queries, updating and clue selection.
    Causal(probative_causal::cli::CausalArgs),
    /// The live workbench: the HTML report in a browser, updated as the study changes, with editing.
    Serve(serve::ServeArgs),
    /// The JSON Schema of a study file (or of an analyst file), for editors that validate TOML.
    Schema {
        /// The schema of an analyst file (`analysts/NAME.toml`) instead.
        #[arg(long)]
        analyst: bool,
    },
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
            let code = report(
                None,
                &[],
                ReportFormat::Text,
                None,
                &analysts::AnalystArgs::default_args(),
                (out_color, err_color),
                width::resolve(None),
            );
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
            analysts,
            without,
            width,
        }) => match locate::study(study, "report") {
            Ok(study) => report(
                Some(&study),
                &without,
                format,
                output.as_deref(),
                &analysts,
                (out_color && output.is_none(), err_color),
                width::resolve(width),
            ),
            Err(message) => usage(&message),
        },
        Some(Command::Check {
            study,
            deny,
            format,
            analysts,
            without,
            width,
        }) => match locate::study(study, "check") {
            Ok(study) => check(
                &study,
                &without,
                deny.is_some(),
                format,
                &analysts,
                err_color,
                width::resolve(width),
            ),
            Err(message) => usage(&message),
        },
        Some(Command::Explain { code }) => explain::run(code.as_deref()),
        Some(Command::New { dir }) => new::write(&dir),
        Some(Command::Example { dir }) => {
            example::write(dir.as_deref().unwrap_or(Path::new("iran-us-detente")))
        }
        Some(Command::Causal(args)) => {
            probative_causal::cli::run(&args, &io::read_text, &io::write_bytes)
        }
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::Schema { analyst }) => schema::print(analyst),
    }
}

/// Prints a usage error and returns exit code 2.
fn usage(message: &str) -> ExitCode {
    // The message may quote a file name or a code the user typed.
    let message = probative::terminal_safe::text(message);
    let _ = io::to_stderr(&format!("error: {message}\n"));
    ExitCode::from(USAGE)
}

/// Reads the `--without` specs, then checks the study without what they
/// select; a spec that names nothing is a usage error (exit 2).
fn check_input(input: &io::Input, without: &[String]) -> Result<Checked, ExitCode> {
    let mut selections = Vec::with_capacity(without.len());
    let mut errors = Vec::new();
    for spec in without {
        match Selection::parse(spec) {
            Ok(selection) => selections.push(selection),
            Err(message) => errors.push(message),
        }
    }
    if errors.is_empty() {
        match input.check(&selections) {
            Ok(checked) => return Ok(checked),
            Err(found) => errors = found,
        }
    }
    for message in &errors[..errors.len().saturating_sub(1)] {
        eprintln!("error: {message}");
    }
    Err(usage(errors.last().map_or("", String::as_str)))
}

fn report(
    study: Option<&Path>,
    without: &[String],
    format: ReportFormat,
    output: Option<&Path>,
    analysts: &analysts::AnalystArgs,
    (color, err_color): (bool, bool),
    width: usize,
) -> ExitCode {
    let input = match study {
        Some(path) => io::load(path),
        None => Ok(example::input()),
    };
    let input = match input.and_then(|input| analysts.apply(input)) {
        Ok(input) => input,
        Err(message) => return usage(&message),
    };
    let checked = match check_input(&input, without) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
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
        let shown = probative_render::diagnostics::render_with_analysts(
            &errors,
            file,
            bib_file,
            &input.analyst_files(),
            err_color,
        ) + &format!(
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
    let report = Report::new(file, study, analysis, checked.bibliography.as_ref())
        .with_provenance(provenance::of(&input));
    // JSON is written as it is made: a large report need not exist whole in
    // memory before it reaches the file.
    let render = |out: &mut dyn Write| -> std::io::Result<()> {
        match format {
            ReportFormat::Text => out
                .write_all(probative_render::text::report_width(&report, color, width).as_bytes()),
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

fn check(
    path: &Path,
    without: &[String],
    deny_warnings: bool,
    format: CheckFormat,
    analysts: &analysts::AnalystArgs,
    err_color: bool,
    width: usize,
) -> ExitCode {
    use probative::diagnostic::Severity::{Error, Note, Warning};

    let input = match io::load(path).and_then(|input| analysts.apply(input)) {
        Ok(input) => input,
        Err(message) => return usage(&message),
    };
    let checked = match check_input(&input, without) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let file = SourceFile {
        name: &input.name,
        text: input.text(),
    };
    let failed = checked.has_errors() || (deny_warnings && checked.has_warnings());
    let written = match format {
        CheckFormat::Json => io::to_stdout(|out| {
            out.write_all(
                probative_render::json::check_with_analysts(
                    &checked.diagnostics,
                    input.text(),
                    input.bibliography_file(&checked).map(|b| b.name),
                    &input
                        .analyst_files()
                        .iter()
                        .map(|(id, f)| (*id, f.text))
                        .collect::<Vec<_>>(),
                )
                .as_bytes(),
            )
        }),
        CheckFormat::Text => {
            let bib_file = input.bibliography_file(&checked);
            let shown = probative_render::diagnostics::render_grouped_with(
                &checked.diagnostics,
                file,
                bib_file,
                &input.analyst_files(),
                err_color,
                width,
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
