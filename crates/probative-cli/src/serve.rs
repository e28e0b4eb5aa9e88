//! `probative serve`: hands the study to the live workbench and says where
//! it is.

use std::path::PathBuf;
use std::process::ExitCode;

/// `probative serve`'s flags.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A study.toml, or a folder holding one (default: the current folder).
    pub study: Option<PathBuf>,
    /// The port to listen on (on 127.0.0.1 only); the next free one if it
    /// is taken, 0 for any free port.
    #[arg(long, default_value_t = 7700)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll the files instead of using the system's file events (for file
    /// systems that give none).
    #[arg(long)]
    pub poll: bool,
    /// A URL that opens a line of the study in your editor, with `{path}`
    /// (the study file's absolute path) and `{line}` filled in, e.g.
    /// `vscode://file/{path}:{line}`; each line link in the page then also
    /// offers it.
    #[arg(long, value_name = "URL")]
    pub editor: Option<String>,
    /// Which analysts' files are pooled, and how, as for `report`.
    #[command(flatten)]
    pub analysts: crate::analysts::AnalystArgs,
}

/// Serves until Ctrl-C; exit 2 when the study cannot be found or the
/// server cannot start.
pub fn run(args: &ServeArgs) -> ExitCode {
    let options = probative_serve::Options {
        study: args.study.clone().unwrap_or_else(|| PathBuf::from(".")),
        port: args.port,
        poll: args.poll,
        analysts: args.analysts.choice(),
        pool: args.analysts.pool(),
        editor: args.editor.clone(),
    };
    let open = args.open;
    let result = probative_serve::run(&options, |url| {
        println!("probative serve: {url} (Ctrl-C stops it)");
        if open {
            open_browser(url);
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => crate::usage(&message),
    }
}

/// Opens `url` with the system's opener; a failure only costs the user a
/// click, so it is reported and not fatal.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
