//! Files: finding and reading a study and its bibliography, and writing a
//! report whole or not at all.

use std::cell::OnceCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use probative::Checked;
use probative::model::Selection;
use probative_render::SourceFile;

/// A study file and where to find what it names.
pub struct Input {
    /// The name shown in diagnostics.
    pub name: String,
    /// The study file's bytes.
    pub bytes: Vec<u8>,
    /// The folder its relative paths start from; `None` for the bundled
    /// example, whose files are compiled in.
    pub dir: Option<PathBuf>,
    /// Bundled files by name, for the example.
    pub bundled: &'static [(&'static str, &'static str)],
    /// The size of a file too large to read.
    pub oversize: Option<u64>,
    /// The bibliography file the check read, as (name, text): its errors
    /// point into it even when it could not be parsed.
    pub read_bibliography: OnceCell<(String, String)>,
}

impl Input {
    /// The study text (lossy for diagnostics; invalid UTF-8 is reported by
    /// the reader itself).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }

    /// Runs the pipeline, reading the bibliography relative to the study,
    /// with the evidence `without` selects removed first (`--without`).
    ///
    /// # Errors
    /// The selections that name nothing in the study.
    pub fn check(&self, without: &[Selection]) -> Result<Checked, Vec<String>> {
        if let Some(size) = self.oversize {
            return Ok(Checked {
                study: None,
                bibliography: None,
                analysis: None,
                diagnostics: vec![probative::syntax::too_large(size)],
            });
        }
        let dir = self.dir.clone();
        let bundled = self.bundled;
        let read = &self.read_bibliography;
        probative::check_without(
            &self.bytes,
            &mut |path: &str| {
                let text = match &dir {
                    Some(dir) => std::fs::read_to_string(dir.join(path)).map_err(|e| e.to_string()),
                    None => bundled
                        .iter()
                        .find(|(name, _)| *name == path)
                        .map(|(_, text)| (*text).to_owned())
                        .ok_or_else(|| "not part of the bundled example".to_owned()),
                };
                if let Ok(text) = &text {
                    let _ = read.set((path.to_owned(), text.clone()));
                }
                text
            },
            without,
        )
    }

    /// The bibliography as a file for diagnostics, when one was read.
    pub fn bibliography_file<'c>(&'c self, checked: &'c Checked) -> Option<SourceFile<'c>> {
        if let Some(b) = &checked.bibliography {
            return Some(SourceFile {
                name: &b.name,
                text: &b.text,
            });
        }
        // A bibliography that could not be parsed is not in `checked`, but
        // its errors still point into its text.
        self.read_bibliography
            .get()
            .map(|(name, text)| SourceFile { name, text })
    }
}

/// Finds and reads a study: a `study.toml`, or a folder holding one.
pub fn load(path: &Path) -> Result<Input, String> {
    let file = if path.is_dir() {
        path.join("study.toml")
    } else {
        path.to_path_buf()
    };
    if !file.exists() {
        return Err(if path.is_dir() {
            format!("`{}` holds no study.toml", path.display())
        } else {
            format!("no such file: `{}`", path.display())
        });
    }
    // Refuse a huge file before reading it all.
    if let Ok(meta) = std::fs::metadata(&file)
        && meta.len() > probative::syntax::MAX_STUDY_BYTES as u64
    {
        return Ok(Input {
            name: file.display().to_string(),
            bytes: Vec::new(),
            dir: None,
            bundled: &[],
            oversize: Some(meta.len()),
            read_bibliography: OnceCell::new(),
        });
    }
    let bytes =
        std::fs::read(&file).map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Input {
        name: file.display().to_string(),
        bytes,
        dir: Some(dir),
        bundled: &[],
        oversize: None,
        read_bibliography: OnceCell::new(),
    })
}

/// Writes what `write` produces to `path` through a temporary file in the
/// same folder and a rename, so that the file is either complete or
/// untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| fail(&e))?;
    drop(buffered);
    // A temporary file is private to its owner; a report replaces a file
    // with that file's permissions, or is readable like any new file.
    let permissions = std::fs::metadata(path)
        .map(|m| m.permissions())
        .ok()
        .or_else(default_permissions);
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(|e| fail(&e))?;
    }
    temp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// Permissions of a new report: read-write for the owner, readable by all
/// (a temporary file starts private). Elsewhere the default is already so.
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // the signature is shared with other platforms
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
