//! The `probative causal` command: arguments, file reading, printing.
//!
//! This module owns the crate's only I/O. It reads the model file (or the
//! `model.toml` of a folder) and its data file, runs the analysis, and
//! prints the text, JSON or HTML report to stdout or writes it to a file
//! through a temporary file and a rename; errors go to stderr with their
//! position. Exit codes: 0 success, 1 a bad model, query or data, 2 a usage
//! problem such as a missing file.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::data;
use crate::error::CausalError;
use crate::estimate::{self, Options};
use crate::model;
use crate::report::{self, Report};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A report for people.
    #[default]
    Text,
    /// The `probative-causal/1` JSON document.
    Json,
    /// A self-contained HTML page with the DAG drawn.
    Html,
}

/// Process tracing with a causal model: queries, updating and clue selection.
#[derive(Debug, Clone, clap::Args)]
pub struct CausalArgs {
    /// The model file (TOML), or a folder holding `model.toml`.
    pub model: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (whole, or not at all) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Seed for every random draw; the same seed gives the same numbers on every machine.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Draws from the prior and the posterior (over 4 chains).
    #[arg(long, default_value_t = 4000)]
    pub draws: usize,
    /// Rank clues for this case, e.g. "X==1 & Y==1".
    #[arg(long, value_name = "GIVEN")]
    pub clues: Option<String>,
}

/// Runs the command.
pub fn run(args: &CausalArgs) -> ExitCode {
    let model_path = if args.model.is_dir() {
        let inside = args.model.join("model.toml");
        if !inside.is_file() {
            eprintln!(
                "error: `{}` holds no model.toml; give the model file, or a folder holding model.toml",
                args.model.display()
            );
            return ExitCode::from(2);
        }
        inside
    } else {
        args.model.clone()
    };
    let args = &CausalArgs {
        model: model_path,
        ..args.clone()
    };
    let text = match std::fs::read_to_string(&args.model) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.model.display());
            return ExitCode::from(2);
        }
    };
    let study = match model::parse_study_all(&text) {
        Ok(s) => s,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {e}", args.model.display());
            }
            return ExitCode::from(1);
        }
    };
    // Every bad query at once, before any data is read.
    let problems = estimate::check_queries(&study, args.clues.as_deref());
    if !problems.is_empty() {
        for problem in problems {
            eprintln!("{}: {}", args.model.display(), study.place(problem, &text));
        }
        return ExitCode::from(1);
    }
    let data = match &study.data_file {
        None => {
            // A cases.csv beside a model that does not name it is not read:
            // say so, rather than leave the user to wonder.
            let beside = args
                .model
                .parent()
                .map_or_else(|| PathBuf::from("cases.csv"), |d| d.join("cases.csv"));
            if beside.is_file() {
                eprintln!(
                    "warning: {} is beside the model, but the model names no data file, so it is not read; add `[data] file = \"cases.csv\"` to use it",
                    beside.display()
                );
            }
            None
        }
        Some(file) => {
            let path = args
                .model
                .parent()
                .map_or_else(|| PathBuf::from(file), |dir| dir.join(file));
            let csv = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read data file {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            };
            match data::parse_csv(&csv, &study.model) {
                Ok(d) => Some(d),
                Err(e) => return fail(&path, &e),
            }
        }
    };
    if args.draws == 0 {
        eprintln!("error: --draws must be at least 1");
        return ExitCode::from(2);
    }
    if let Some(d) = &data
        && args.format != Format::Text
    {
        for w in &d.warnings {
            eprintln!("warning: {w}");
        }
    }
    let options = Options {
        seed: args.seed,
        draws: args.draws,
        clues: args.clues.clone(),
    };
    // Updating can take seconds on large models: say so on a terminal, then
    // erase the line so the report starts clean.
    let progress = std::io::stderr().is_terminal()
        && study
            .queries
            .iter()
            .any(|q| q.using.contains(&model::Using::Posteriors));
    if progress {
        eprint!(
            "updating on {} cases and drawing {} times…",
            data.as_ref().map_or(0, |d| d.cases),
            args.draws
        );
    }
    let result = estimate::analyse(&study, data.as_ref(), &options);
    if progress {
        eprint!("\r\x1b[K");
    }
    let analysis = match result {
        Ok(a) => a,
        Err(e) => return fail(&args.model, &e),
    };
    let text = match args.format {
        Format::Json => format!("{}\n", Report::new(&study, &analysis).to_json()),
        Format::Text => report::to_text(&study, &analysis, data.as_ref()),
        Format::Html => crate::html::to_html(&study, &analysis, data.as_ref()),
    };
    if let Some(path) = &args.output {
        return match write_atomically(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                ExitCode::from(2)
            }
        };
    }
    // A reader that stops early (a pager, `head`) is not an error.
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so that the file is either complete or untouched.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.flush()?;
    // A temporary file is private to its owner; a report is readable like
    // any new file, or keeps the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path).map_or_else(
            |_| std::fs::Permissions::from_mode(0o644),
            |m| m.permissions(),
        );
        temp.as_file().set_permissions(permissions)?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn fail(path: &std::path::Path, error: &CausalError) -> ExitCode {
    eprintln!("{}: {error}", path.display());
    ExitCode::from(1)
}
