//! Saving an edit: atomically, with the file's permissions, and only over
//! the bytes the edit was based on.
//!
//! The new text goes to a temporary file in the study's own folder (a rename
//! within one file system is atomic), which takes the study's permissions.
//! Just before the rename the study is read again: if its bytes are no
//! longer those the edit started from (an editor saved meanwhile), the
//! temporary file is dropped and nothing is lost.

use std::io::Write;
use std::path::Path;

/// Why a save did not happen.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer the one the edit was based on.
    Changed,
    /// The file system refused; the message says where and why.
    Io(String),
}

/// Replaces `path`'s contents with `new`, provided they are still `base`.
pub fn replace_if_unchanged(path: &Path, base: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let io = |e: &dyn std::fmt::Display| {
        WriteError::Io(format!("cannot write `{}`: {e}", path.display()))
    };
    if std::fs::read(path).map_err(|e| io(&e))? != base {
        return Err(WriteError::Changed);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".probative-")
        .tempfile_in(dir)
        .map_err(|e| io(&e))?;
    temp.write_all(new)
        .and_then(|()| temp.flush())
        .map_err(|e| io(&e))?;
    let permissions = std::fs::metadata(path).map_err(|e| io(&e))?.permissions();
    temp.as_file()
        .set_permissions(permissions)
        .map_err(|e| io(&e))?;
    temp.as_file().sync_all().map_err(|e| io(&e))?;
    // The last look before the rename: an editor's save since the first
    // read wins, and this edit is refused.
    if std::fs::read(path).map_err(|e| io(&e))? != base {
        return Err(WriteError::Changed);
    }
    temp.persist(path).map_err(|e| io(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_over_the_expected_bytes_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        assert!(matches!(
            replace_if_unchanged(&path, b"a = 0\n", b"a = 2\n"),
            Err(WriteError::Changed)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"a = 1\n");
        replace_if_unchanged(&path, b"a = 1\n", b"a = 2\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a = 2\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("study.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_if_unchanged(&path, b"a = 1\n", b"a = 2\n").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
