//! Which analysts' files a study is read with: one set of rules for
//! `probative report`, `check` and `serve`, so that the page and the
//! command line always pool the same files.
//!
//! The rules: every `*.toml` file in the `analysts/` folder beside the study
//! (none without such a folder), in id order (the id is the file name
//! without `.toml`), each at most as large as a study may be (the limit is
//! enforced while reading, so a file that grows meanwhile is still
//! refused); `--analyst NAME` keeps only the named ones (a usage error
//! names one that is not there), `--analysts none` none at all.

use std::path::Path;

/// One analyst's file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalystFile {
    /// The id: the file name without `.toml`.
    pub id: String,
    /// The name shown in diagnostics (`analysts/ra.toml`).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl AnalystFile {
    /// The text, for diagnostics (invalid UTF-8 is reported by the reader).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }
}

/// Which of the analysts' files to use (`--analyst`, `--analysts none`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// Only these analysts (by id); all of them when empty.
    pub only: Vec<String>,
    /// None at all (`--analysts none`).
    pub none: bool,
}

/// The largest analyst file read, as for a study.
pub const MAX_ANALYST_BYTES: u64 = probative::syntax::MAX_STUDY_BYTES as u64;

impl Choice {
    /// The analysts' files in `dir/analysts/` this choice uses, in id
    /// order, named `analysts/ID.toml`.
    ///
    /// # Errors
    /// A folder or file that cannot be read, a file too large to be an
    /// analyst's, or an analyst asked for and not found.
    pub fn read(&self, dir: &Path) -> Result<Vec<AnalystFile>, String> {
        if self.none {
            return Ok(Vec::new());
        }
        self.select(read_folder(dir)?.unwrap_or_default())
    }

    /// The files among `files` (every analyst's, from a folder or bundled)
    /// that this choice uses, in id order.
    ///
    /// # Errors
    /// An analyst asked for with `--analyst` and not among `files`.
    pub fn select(&self, mut files: Vec<AnalystFile>) -> Result<Vec<AnalystFile>, String> {
        if self.none {
            return Ok(Vec::new());
        }
        files.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(missing) = self
            .only
            .iter()
            .find(|name| !files.iter().any(|f| &f.id == *name))
        {
            return Err(if files.is_empty() {
                format!(
                    "no analyst `{missing}`: the study has no `analysts/` folder with analysts' files"
                )
            } else {
                format!(
                    "no analyst `{missing}`: the analysts are {}",
                    files
                        .iter()
                        .map(|f| format!("`{}`", f.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
        }
        if !self.only.is_empty() {
            files.retain(|f| self.only.contains(&f.id));
        }
        Ok(files)
    }
}

/// Every analyst's file in `dir/analysts/`, in id order; `None` when there
/// is no such folder.
///
/// # Errors
/// A folder or file that cannot be read, or a file too large to be an
/// analyst's.
pub fn read_folder(dir: &Path) -> Result<Option<Vec<AnalystFile>>, String> {
    let folder = dir.join("analysts");
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(_) if !folder.exists() => return Ok(None),
        Err(e) => return Err(format!("cannot read `{}`: {e}", folder.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read `{}`: {e}", folder.display()))?
            .path();
        if path.extension().is_none_or(|ext| ext != "toml") || !path.is_file() {
            continue;
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(AnalystFile {
            name: format!("analysts/{id}.toml"),
            id,
            bytes: read_bounded(&path)?,
        });
    }
    files.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Some(files))
}

/// A file's bytes, refused when larger than [`MAX_ANALYST_BYTES`], with the
/// limit enforced while reading (and devices and FIFOs with no writer
/// refused, as for every input).
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    match probative_files::read_bounded(path, MAX_ANALYST_BYTES)? {
        probative_files::Bounded::Bytes(bytes) => Ok(bytes),
        probative_files::Bounded::TooLarge(_) => Err(format!(
            "`{}` is larger than an analyst's file can reasonably be",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: &str) -> AnalystFile {
        AnalystFile {
            id: id.to_owned(),
            name: format!("analysts/{id}.toml"),
            bytes: Vec::new(),
        }
    }

    #[test]
    fn reads_every_toml_in_id_order_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("analysts");
        std::fs::create_dir(&folder).unwrap();
        for name in ["zed.toml", "amy.toml", "notes.txt"] {
            std::fs::write(folder.join(name), name).unwrap();
        }
        std::fs::create_dir(folder.join("sub.toml")).unwrap();
        let files = Choice::default().read(dir.path()).unwrap();
        let ids: Vec<_> = files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["amy", "zed"]);
        assert_eq!(files[0].bytes, b"amy.toml");
        assert_eq!(files[1].name, "analysts/zed.toml");
        let none = Choice {
            none: true,
            ..Choice::default()
        };
        assert!(none.read(dir.path()).unwrap().is_empty());
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(read_folder(empty.path()).unwrap(), None);
    }

    #[test]
    fn only_keeps_the_named_and_names_the_missing() {
        let only = |names: &[&str]| Choice {
            only: names.iter().map(|n| (*n).to_owned()).collect(),
            none: false,
        };
        let kept = only(&["b"]).select(vec![file("c"), file("b"), file("a")]);
        assert_eq!(kept.unwrap(), vec![file("b")]);
        let missing = only(&["x"]).select(vec![file("b"), file("a")]).unwrap_err();
        assert_eq!(missing, "no analyst `x`: the analysts are `a`, `b`");
        let no_folder = only(&["x"]).select(Vec::new()).unwrap_err();
        assert!(no_folder.contains("no `analysts/` folder"), "{no_folder}");
    }
}
