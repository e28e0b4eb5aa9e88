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
use probative::terminal_safe as safe;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
    /// Draws from the prior and the posterior (over 4 chains), at most 1,000,000.
    #[arg(long, default_value_t = 4000)]
    pub draws: usize,
    /// Rank clues for this case, e.g. "X==1 & Y==1".
    #[arg(long, value_name = "GIVEN")]
    pub clues: Option<String>,
}

/// The most bytes a model file may hold.
pub const MAX_MODEL_BYTES: u64 = 16 * 1024 * 1024;
/// The most bytes a data file may hold (a million rows take a few MB).
pub const MAX_DATA_BYTES: u64 = 64 * 1024 * 1024;
/// The most draws `--draws` accepts: far beyond what convergence needs
/// (4,000 is the default), and a bound on time.
pub const MAX_DRAWS: usize = 1_000_000;
/// The most drawn parameter values held at once (8 bytes each): a bound on
/// memory that a model with many parameters reaches before [`MAX_DRAWS`].
pub const MAX_DRAWN_VALUES: usize = 100_000_000;

/// Reads a file as text with a size limit, refusing devices and anything
/// else that is not a file; the binary supplies it (this crate does no
/// file I/O of its own beyond this module's printing).
pub type ReadText<'r> = &'r dyn Fn(&Path, u64) -> std::result::Result<String, String>;

/// Writes a report to a path safely (whole or not at all, never over one of
/// the inputs given); the binary supplies it, as it does [`ReadText`].
pub type WriteOutput<'w> =
    &'w dyn Fn(&Path, &[std::path::PathBuf], &[u8]) -> std::result::Result<(), String>;

/// Prints to stderr without panicking on a full or closed stream, with the
/// control characters of text probative did not write escaped.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{}", safe::text(text));
}

/// Runs the command.
pub fn run(args: &CausalArgs, read: ReadText<'_>, write: WriteOutput<'_>) -> ExitCode {
    if args.draws == 0 || args.draws > MAX_DRAWS {
        say(&format!(
            "error: --draws must be between 1 and {MAX_DRAWS}, not {}",
            args.draws
        ));
        return ExitCode::from(2);
    }
    let model_path = if args.model.is_dir() {
        let inside = args.model.join("model.toml");
        if !inside.is_file() {
            say(&format!(
                "error: `{}` holds no model.toml; give the model file, or a folder holding model.toml",
                args.model.display()
            ));
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
    let text = match read(&args.model, MAX_MODEL_BYTES) {
        Ok(t) => t,
        Err(e) => {
            say(&format!("error: {e}"));
            return ExitCode::from(2);
        }
    };
    let study = match model::parse_study_all(&text) {
        Ok(s) => s,
        Err(errors) => {
            for e in &errors {
                say(&format!("{}: {e}", args.model.display()));
            }
            return ExitCode::from(1);
        }
    };
    let parameters = study.model.alpha.len().max(1);
    if args.draws.saturating_mul(parameters) > MAX_DRAWN_VALUES {
        say(&format!(
            "error: --draws {} is too many for a model of {parameters} parameters; at most {} fit in memory",
            args.draws,
            MAX_DRAWN_VALUES / parameters
        ));
        return ExitCode::from(2);
    }
    // Every bad query at once, before any data is read.
    let problems = estimate::check_queries(&study, args.clues.as_deref());
    if !problems.is_empty() {
        for problem in problems {
            say(&format!(
                "{}: {}",
                args.model.display(),
                study.place(problem, &text)
            ));
        }
        return ExitCode::from(1);
    }
    let data_path = study.data_file.as_ref().map(|file| {
        args.model
            .parent()
            .map_or_else(|| PathBuf::from(file), |dir| dir.join(file))
    });
    let data = match &study.data_file {
        None => {
            // A cases.csv beside a model that does not name it is not read:
            // say so, rather than leave the user to wonder.
            let beside = args
                .model
                .parent()
                .map_or_else(|| PathBuf::from("cases.csv"), |d| d.join("cases.csv"));
            if beside.is_file() {
                say(&format!(
                    "warning: {} is beside the model, but the model names no data file, so it is not read; add `[data] file = \"cases.csv\"` to use it",
                    beside.display()
                ));
            }
            None
        }
        Some(file) => {
            let path = args
                .model
                .parent()
                .map_or_else(|| PathBuf::from(file), |dir| dir.join(file));
            let csv = match read(&path, MAX_DATA_BYTES) {
                Ok(t) => t,
                Err(e) => {
                    say(&format!("error: the data file: {e}"));
                    return ExitCode::from(2);
                }
            };
            match data::parse_csv(&csv, &study.model) {
                Ok(d) => Some(d),
                Err(mut e) => {
                    // A data file outside the model's folder may be any
                    // file (a CI secret): its errors never quote it.
                    if !is_inside(args.model.parent(), &path) {
                        e.message = without_quotes(&e.message);
                    }
                    return fail(&path, &e);
                }
            }
        }
    };
    if let Some(d) = &data
        && args.format != Format::Text
    {
        for w in &d.warnings {
            say(&format!("warning: {w}"));
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
        let _ = write!(
            std::io::stderr(),
            "updating on {} cases and drawing {} times…",
            data.as_ref().map_or(0, |d| d.cases),
            args.draws
        );
    }
    let result = estimate::analyse(&study, data.as_ref(), &options);
    if progress {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    let analysis = match result {
        Ok(a) => a,
        Err(e) => return fail(&args.model, &e),
    };
    let text = match args.format {
        Format::Json => format!("{}\n", Report::new(&study, &analysis).to_json()),
        // Node and query names come from the model file.
        Format::Text => safe::text(&report::to_text(&study, &analysis, data.as_ref())).into_owned(),
        Format::Html => crate::html::to_html(&study, &analysis, data.as_ref()),
    };
    if let Some(path) = &args.output {
        // The binary's writer refuses to write over the model or its data,
        // and writes through links, FIFOs and devices as `>` would.
        let mut inputs = vec![args.model.clone()];
        inputs.extend(data_path.iter().cloned());
        return match write(path, &inputs, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say(&format!("error: {e}"));
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
            say(&format!("error: cannot write the report: {e}"));
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Whether `file` lies inside `dir` (the current folder when `None` or
/// empty), once both are resolved.
fn is_inside(dir: Option<&Path>, file: &Path) -> bool {
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), file.canonicalize()) {
        (Ok(dir), Ok(file)) => file.starts_with(dir),
        _ => false,
    }
}

/// The message with every quoted part (`"..."`) replaced by `"…"`.
fn without_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (n, part) in parts.enumerate() {
        out.push('"');
        out.push_str(if n % 2 == 0 { "…" } else { part });
    }
    out
}

fn fail(path: &Path, error: &CausalError) -> ExitCode {
    say(&format!("{}: {error}", path.display()));
    ExitCode::from(1)
}
