//! Reading the files probative is given, within bounds.
//!
//! A study, its bibliography, analysts' files and a causal model with its
//! data are untrusted input: a path may name `/dev/zero`, a FIFO with no
//! writer, a symlink loop or a file of gigabytes. Every front end (the
//! command line and `probative serve`) reads them through this one crate,
//! so that each is refused or bounded the same way: regular files and
//! FIFOs only, the size limit enforced while reading, and errors that say
//! what the path is rather than what the system call returned. The core
//! library does no I/O; this is the I/O it is given.

use std::io::Read as _;
use std::path::Path;

/// The most a bibliography may hold: far more than any real one, and a
/// bound on what a hostile path (`/dev/zero`) can make probative read.
pub const MAX_BIBLIOGRAPHY_BYTES: u64 = 16 * 1024 * 1024;

/// What a bounded read found.
pub enum Bounded {
    /// The whole file.
    Bytes(Vec<u8>),
    /// More than the limit: the size, or the limit plus one byte when the
    /// size is not known in advance (a FIFO).
    TooLarge(u64),
}

/// Reads a regular file or a FIFO, at most `limit` bytes. Devices,
/// sockets and folders are refused with what they are; a FIFO is opened
/// without waiting for a writer, and one that gives no bytes is an error
/// that says so.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Bounded, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot read `{}`: {e}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| fail(&reason(&e)))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(fail(&"it is a folder"));
    }
    let fifo = is_fifo(kind);
    if !kind.is_file() && !fifo {
        return Err(fail(&format!(
            "it is {}, not a regular file",
            describe(kind)
        )));
    }
    if meta.len() > limit {
        return Ok(Bounded::TooLarge(meta.len()));
    }
    let file = open_for_reading(path, fifo).map_err(|e| fail(&e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(&e))?;
    if bytes.len() as u64 > limit {
        return Ok(Bounded::TooLarge(bytes.len() as u64));
    }
    if fifo && bytes.is_empty() {
        return Err(fail(&format!(
            "it is a FIFO and no program wrote to it within {FIFO_GRACE_SECONDS} s"
        )));
    }
    Ok(Bounded::Bytes(bytes))
}

/// [`read_bounded`] with a size over the limit an error.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    match read_bounded(path, limit)? {
        Bounded::Bytes(bytes) => Ok(bytes),
        Bounded::TooLarge(size) => Err(format!(
            "cannot read `{}`: it holds {} bytes or more; the limit is {} MB",
            path.display(),
            size,
            limit / (1024 * 1024)
        )),
    }
}

/// [`read_bytes`] as UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|e| {
        format!(
            "cannot read `{}`: it is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(unix)]
fn is_fifo(kind: std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&kind)
}

#[cfg(not(unix))]
fn is_fifo(_: std::fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn describe(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn describe(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Opens a file to read. A FIFO is opened non-blocking, so that one with no
/// writer does not hang, then switched back to blocking reads: a writer
/// that is still writing is waited for, one that never came reads as empty.
#[cfg(unix)]
fn open_for_reading(path: &Path, fifo: bool) -> std::io::Result<std::fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    if !fifo {
        return std::fs::File::open(path);
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    // A writer that is starting as probative opens the FIFO (`probative
    // check <(make-study)`) gets a moment to connect; reading at once
    // would find no writer yet, read nothing and leave that writer waiting
    // for a reader forever. Linux reports no hang-up on a FIFO no writer
    // has opened, so this waits for the first bytes, or for the grace time.
    let mut fds = [rustix::event::PollFd::new(
        &file,
        rustix::event::PollFlags::IN,
    )];
    let grace = rustix::event::Timespec {
        tv_sec: FIFO_GRACE_SECONDS,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&grace)) {
        Ok(_) | Err(rustix::io::Errno::INTR) => {}
        Err(e) => return Err(e.into()),
    }
    rustix::fs::fcntl_setfl(&file, OFlags::empty())?;
    Ok(file)
}

/// How long a FIFO with no writer is waited for before it counts as empty.
const FIFO_GRACE_SECONDS: i64 = 2;

#[cfg(not(unix))]
fn open_for_reading(path: &Path, _fifo: bool) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether `file` lies inside the folder `dir` once both are resolved
/// (symlinks, `..`). A file that cannot be resolved counts as outside.
pub fn is_inside(dir: &Path, file: &Path) -> bool {
    match (dir.canonicalize(), file.canonicalize()) {
        (Ok(dir), Ok(file)) => file.starts_with(dir),
        _ => false,
    }
}

/// The text with every character but line ends replaced by spaces of the
/// same length, so a diagnostic still finds its line and column in it but
/// shows none of the file's content.
pub fn blank_lines(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            _ => " ".repeat(c.len_utf8()),
        })
        .collect()
}

/// An I/O error's reason without the path it happened at (the temporary
/// file's name means nothing to the user).
pub fn reason(e: &std::io::Error) -> String {
    if is_symlink_loop(e) {
        return "it is a symbolic link that leads, through others, back to itself (a loop)"
            .to_owned();
    }
    if let Some(code) = e.raw_os_error() {
        return std::io::Error::from_raw_os_error(code).to_string();
    }
    // tempfile adds the path of the file it was creating.
    let text = e.to_string();
    match text.split_once(" at path ") {
        Some((reason, _)) => reason.to_owned(),
        None => text,
    }
}

/// Whether the error is the system's "too many levels of symbolic links".
#[cfg(unix)]
fn is_symlink_loop(e: &std::io::Error) -> bool {
    rustix::io::Errno::from_io_error(e) == Some(rustix::io::Errno::LOOP)
}

#[cfg(not(unix))]
fn is_symlink_loop(_: &std::io::Error) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.txt");
        std::fs::write(&file, "0123456789").unwrap();
        assert!(matches!(read_bounded(&file, 10), Ok(Bounded::Bytes(b)) if b.len() == 10));
        assert!(matches!(read_bounded(&file, 9), Ok(Bounded::TooLarge(10))));
        let err = read_text(&file, 9).unwrap_err();
        assert!(err.contains("it holds 10 bytes or more"), "{err}");
    }

    #[test]
    fn folders_and_devices_are_refused_with_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path(), 10).unwrap_err();
        assert!(err.ends_with("it is a folder"), "{err}");
        #[cfg(unix)]
        {
            let err = read_bytes(Path::new("/dev/zero"), 10).unwrap_err();
            assert!(
                err.contains("it is a character device, not a regular file"),
                "{err}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_named_a_loop() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::os::unix::fs::symlink(&a, &b).unwrap();
        std::os::unix::fs::symlink(&b, &a).unwrap();
        let err = read_bytes(&a, 10).unwrap_err();
        assert!(err.contains("(a loop)"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.txt");
        std::fs::write(&file, b"abc\xff").unwrap();
        let err = read_text(&file, 10).unwrap_err();
        assert!(err.contains("invalid byte at offset 3"), "{err}");
    }
}
