//! Files: finding and reading a study and its bibliography, and writing a
//! report whole or not at all.
//!
//! Every input is read with its size limit enforced while reading (a
//! device reports a length of 0 and never ends), and only regular files and
//! FIFOs are read at all: a FIFO is opened without waiting for a writer, so
//! one with none reads as empty instead of blocking forever. Output goes
//! where `>` would send it (through a symlink to its target, straight into
//! a FIFO or device), never over one of the files it was made from, and a
//! regular file is replaced whole or not at all, even when interrupted (one
//! with several hard links, or in a folder we may not write to, is written
//! in place from a report made whole in memory).

use std::cell::OnceCell;
use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use probative::Checked;
use probative::model::Selection;
pub use probative_files::{Bounded, MAX_BIBLIOGRAPHY_BYTES, read_bounded, read_text};
use probative_files::{blank_lines, is_inside, reason};
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
    /// The analysts' files in use, and how they are pooled.
    pub analysts: (
        Vec<crate::analysts::AnalystInput>,
        probative::analysis::analysts::Pool,
    ),
    /// Whether the bibliography lies outside the study's folder: its
    /// errors then give the position but never show its lines, so that a
    /// study cannot print lines of unrelated files (a CI log).
    pub foreign_bibliography: OnceCell<bool>,
    /// The foreign bibliography's text with its lines blanked.
    pub blanked: OnceCell<String>,
    /// The causal model file and its data file, with their text (empty
    /// when unreadable), when the study names a model (format 1.2).
    pub model_files: std::cell::RefCell<Vec<(PathBuf, String)>>,
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
        let foreign = &self.foreign_bibliography;
        let analysts: Vec<(&str, &[u8])> = self
            .analysts
            .0
            .iter()
            .map(|a| (a.id.as_str(), a.bytes.as_slice()))
            .collect();
        let model_files = &self.model_files;
        let model_dir = self.dir.clone();
        let mut load_model =
            |path: &str| -> Result<Box<dyn probative::model::causal::CausalSource>, String> {
                let Some(dir) = &model_dir else {
                    return Err("not part of the bundled example".to_owned());
                };
                // Every file the model reads is an input a report must not overwrite.
                let read = |file: &Path, limit: u64| {
                    let text = read_text(file, limit);
                    let kept = text.as_ref().map_or_else(|_| String::new(), Clone::clone);
                    model_files.borrow_mut().push((file.to_path_buf(), kept));
                    text
                };
                let file = dir.join(path);
                probative_causal::in_study::load(&file, &read, is_inside(dir, &file)).map(
                    |source| Box::new(source) as Box<dyn probative::model::causal::CausalSource>,
                )
            };
        let inputs = probative::Inputs {
            analysts: &analysts,
            pool: self.analysts.1,
            selections: without,
            load_model: Some(&mut load_model),
            load_bibliography: &mut |path: &str| {
                let text = match &dir {
                    Some(dir) => {
                        let file = dir.join(path);
                        let _ = foreign.set(!is_inside(dir, &file));
                        read_text(&file, MAX_BIBLIOGRAPHY_BYTES)
                    }
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
        };
        probative::check_inputs(&self.bytes, inputs)
    }

    /// The analysts' files for diagnostics, as (id, file).
    pub fn analyst_files(&self) -> Vec<(&str, SourceFile<'_>)> {
        self.analysts
            .0
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    SourceFile {
                        name: &a.name,
                        text: a.text(),
                    },
                )
            })
            .collect()
    }

    /// The files this input was read from (the study, its bibliography, the
    /// analysts' files), which a report must never overwrite.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        let mut files = Vec::new();
        if self.name != STDIN_NAME {
            files.push(PathBuf::from(&self.name));
        }
        if let Some((name, _)) = self.read_bibliography.get() {
            files.push(dir.join(name));
        }
        files.extend(self.analysts.0.iter().map(|a| PathBuf::from(&a.name)));
        files.extend(
            self.model_files
                .borrow()
                .iter()
                .map(|(path, _)| path.clone()),
        );
        files
    }

    /// The bibliography as a file for diagnostics, when one was read. One
    /// outside the study's folder is shown blanked (see [`blank_lines`]).
    pub fn bibliography_file<'c>(&'c self, checked: &'c Checked) -> Option<SourceFile<'c>> {
        let (name, text) = match (&checked.bibliography, self.read_bibliography.get()) {
            (Some(b), _) => (b.name.as_str(), b.text.as_str()),
            // A bibliography that could not be parsed is not in `checked`,
            // but its errors still point into its text.
            (None, Some((name, text))) => (name.as_str(), text.as_str()),
            (None, None) => return None,
        };
        if self.foreign_bibliography.get() == Some(&true) {
            let blank = self.blanked.get_or_init(|| blank_lines(text));
            return Some(SourceFile { name, text: blank });
        }
        Some(SourceFile { name, text })
    }
}

/// The name diagnostics give a study read from standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a study from standard input (`check -`), at most the study size
/// limit; what it names (bibliography, analysts) is looked for in the
/// current folder.
fn load_stdin() -> Result<Input, String> {
    let limit = probative::syntax::MAX_STUDY_BYTES as u64;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the study from standard input: {}", reason(&e)))?;
    let oversize = (bytes.len() as u64 > limit).then(|| {
        bytes.clear();
        limit + 1
    });
    Ok(Input {
        name: STDIN_NAME.to_owned(),
        bytes,
        dir: Some(PathBuf::from(".")),
        bundled: &[],
        oversize,
        read_bibliography: OnceCell::new(),
        analysts: (Vec::new(), probative::analysis::analysts::Pool::Log),
        foreign_bibliography: OnceCell::new(),
        blanked: OnceCell::new(),
        model_files: std::cell::RefCell::default(),
    })
}

/// Finds and reads a study: a `study.toml`, or a folder holding one; `-`
/// is standard input.
pub fn load(path: &Path) -> Result<Input, String> {
    if path.as_os_str() == "-" {
        return load_stdin();
    }
    let file = if path.is_dir() {
        path.join("study.toml")
    } else {
        path.to_path_buf()
    };
    if std::fs::symlink_metadata(&file).is_err() {
        return Err(if path.is_dir() {
            format!("`{}` holds no study.toml", path.display())
        } else {
            format!("no such file: `{}`", path.display())
        });
    }
    let limit = probative::syntax::MAX_STUDY_BYTES as u64;
    let (bytes, oversize) = match read_bounded(&file, limit)? {
        Bounded::Bytes(bytes) => (bytes, None),
        Bounded::TooLarge(size) => (Vec::new(), Some(size)),
    };
    // `study.toml` alone has the empty path as its parent, which resolves
    // to nothing; it is the current folder (else its own bibliography
    // would count as outside it and be blanked in errors).
    let dir = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(Input {
        name: file.display().to_string(),
        bytes,
        dir: Some(dir),
        bundled: &[],
        oversize,
        read_bibliography: OnceCell::new(),
        analysts: (Vec::new(), probative::analysis::analysts::Pool::Log),
        foreign_bibliography: OnceCell::new(),
        blanked: OnceCell::new(),
        model_files: std::cell::RefCell::default(),
    })
}

/// The temporary file of the report being written, removed if the process
/// is interrupted before it is renamed into place.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn pending() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP, removes the pending temporary file (a
/// large JSON report can leave gigabytes) and exits as the signal would
/// (128 + its number). Installed once, when the first report is written.
#[cfg(unix)]
fn remove_pending_on_interrupt() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if let Some(path) = pending().take() {
                    let _ = std::fs::remove_file(path);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn remove_pending_on_interrupt() {}

/// Follows `path` through symlinks, as opening it would, to the file that
/// would be written (which may not exist yet).
fn resolve_links(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current).map_err(|e| reason(&e))?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err("it is a symbolic link that leads, through others, back to itself (a loop)".to_owned())
}

/// Whether two paths name the same file (the same device and inode).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// [`write_atomically`] for bytes already made: the writer the causal
/// command is given.
pub fn write_bytes(path: &Path, inputs: &[PathBuf], bytes: &[u8]) -> Result<(), String> {
    write_atomically(path, inputs, |out| out.write_all(bytes))
}

/// Writes a report to `path` as `>` would, but safely: through a symlink
/// to its target; straight into a FIFO or device (`/dev/stdout`, a named
/// pipe); and a regular file through a temporary file in the same folder
/// and a rename, so that it is either complete or untouched, even when the
/// run is interrupted. A regular file with several hard links, or in a
/// folder that cannot be written to, is written in place instead (see
/// [`write_in_place`]). Refuses to write over any of `inputs` (the files
/// the report is made from) and over a read-only file.
pub fn write_atomically(
    path: &Path,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    let name = path.to_string_lossy();
    if name.ends_with('/') {
        return Err(fail(&format!(
            "it names a folder (the name ends with `/`); give a file name, such as `{name}report`"
        )));
    }
    let target = resolve_links(path).map_err(|e| fail(&e))?;
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.is_dir() {
            return Err(fail(&format!(
                "it is a folder; give a file name, such as `{}`",
                path.join("report").display()
            )));
        }
        for input in inputs {
            if std::fs::metadata(input).is_ok_and(|m| same_file(&m, &meta)) {
                return Err(fail(&format!(
                    "it is `{}`, which this report is made from; choose another file",
                    input.display()
                )));
            }
        }
        if meta.is_file() && meta.permissions().readonly() {
            return Err(fail(
                &"it is read-only; make it writable or choose another file",
            ));
        }
        if meta.is_file() && link_count(&meta) > 1 {
            // A rename would give this name a new file and leave the other
            // links with the old text; `>` writes the one file they share.
            return write_in_place(&target, write).map_err(|e| fail(&reason(&e)));
        }
        if !meta.is_file() {
            // A FIFO or a device: write into it, never replace it.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| fail(&reason(&e)))?;
            let mut buffered = std::io::BufWriter::new(&mut file);
            return write(&mut buffered)
                .and_then(|()| buffered.flush())
                .map_err(|e| fail(&reason(&e)));
        }
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    remove_pending_on_interrupt();
    let mut temp = match tempfile::Builder::new()
        .prefix(".probative-")
        .tempfile_in(dir)
    {
        Ok(temp) => temp,
        // A folder we may not write to, holding a file we may: write the
        // file itself, as `>` would.
        Err(e)
            if e.kind() == std::io::ErrorKind::PermissionDenied
                && std::fs::metadata(&target).is_ok_and(|m| m.is_file()) =>
        {
            return write_in_place(&target, write).map_err(|e| fail(&reason(&e)));
        }
        Err(e) => return Err(fail(&reason(&e))),
    };
    *pending() = Some(temp.path().to_path_buf());
    let written = write_temp(&mut temp, &target, write);
    let mut guard = pending();
    *guard = None;
    written.map_err(|e| fail(&reason(&e)))?;
    // Renamed while the interrupt handler is held off, so it never removes
    // a file that has become the report.
    temp.persist(&target).map_err(|e| fail(&reason(&e.error)))?;
    drop(guard);
    Ok(())
}

/// Writes an existing regular file in place, keeping its inode (its other
/// hard links see the report) and needing no write access to its folder.
/// The report is made whole in memory first, so the file is only ever
/// half-written by a failing write (a full disk), never by a failing or
/// interrupted report.
fn write_in_place(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut report = Vec::new();
    write(&mut report)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)?;
    file.write_all(&report)?;
    file.sync_all()
}

/// How many names (hard links) the file has.
#[cfg(unix)]
fn link_count(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

/// Writes the report into the temporary file and gives it the permissions
/// of the file it replaces.
fn write_temp(
    temp: &mut tempfile::NamedTempFile,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
    write(&mut buffered).and_then(|()| buffered.flush())?;
    drop(buffered);
    // A temporary file is private to its owner; a report replaces a file
    // with that file's permissions, or is readable like any new file.
    let permissions = std::fs::metadata(target)
        .map(|m| m.permissions())
        .ok()
        .or_else(default_permissions);
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    Ok(())
}

/// Prints `text` to stdout through [`to_stdout`]: a write error is a usage
/// error (exit 2), a closed pipe is not an error.
pub fn print(text: &str) -> std::process::ExitCode {
    match to_stdout(|out| out.write_all(text.as_bytes())) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => crate::usage(&message),
    }
}

/// Writes to standard output. A reader that stopped early (`| head`, a
/// pager) ends the output quietly; any other failure (a full disk) is an
/// error with its reason.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {}", reason(&e)))
        }
        _ => Ok(()),
    }
}

/// Writes to standard error, with the same rules as [`to_stdout`].
pub fn to_stderr(text: &str) -> Result<(), String> {
    match std::io::stderr().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard error: {}", reason(&e)))
        }
        _ => Ok(()),
    }
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
