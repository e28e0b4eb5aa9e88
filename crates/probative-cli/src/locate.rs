//! Which study a command means when STUDY is left out.
//!
//! Inside a study's folder, `probative report` means that study. Anywhere
//! else it is a usage error that says what to type: reporting the bundled
//! example instead would show a stranger's study as if it were the user's,
//! and with `-o` write it over their file. Only a bare `probative` shows
//! the example.

use std::path::{Path, PathBuf};

/// The study named, or the `study.toml` of the current folder.
pub fn study(given: Option<PathBuf>, command: &str) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path);
    }
    let here = Path::new("study.toml");
    if here.is_file() {
        return Ok(here.to_path_buf());
    }
    Err(format!(
        "there is no study.toml in this folder; type `probative {command} PATH` with a study.toml \
         or a folder holding one, `probative new DIR` to start a study, or `probative example DIR` \
         to write the bundled example"
    ))
}
