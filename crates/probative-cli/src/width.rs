//! How wide the terminal report and `check` are laid out.
//!
//! `--width N` wins; then `COLUMNS`, as shells export it; then the
//! terminal's own width when stdout is one; otherwise (a pipe, a file) 100
//! columns, so that what is saved does not depend on the window it was made
//! in.

use std::io::IsTerminal;

/// The width when nothing says otherwise.
pub const DEFAULT: usize = 100;
/// Narrower than this, tables could not show even their first columns.
pub const MIN: usize = 40;

/// The width to lay out in.
pub fn resolve(flag: Option<usize>) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    flag.or(columns)
        .or_else(terminal)
        .unwrap_or(DEFAULT)
        .max(MIN)
}

/// The width of the terminal stdout is, if it is one.
#[cfg(unix)]
fn terminal() -> Option<usize> {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .map(|size| usize::from(size.ws_col))
        .filter(|&c| c > 0)
}

#[cfg(not(unix))]
fn terminal() -> Option<usize> {
    None
}
