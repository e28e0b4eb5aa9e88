//! Several analysts on the command line: which analysts' files a report
//! uses (`analysts/*.toml` beside the study, all of them unless
//! `--analyst` names some or `--analysts none` leaves them out) and how
//! they are pooled.

use std::path::Path;

use clap::{Args, ValueEnum};

use probative::analysis::analysts::Pool;

/// The flags `report` and `check` share.
#[derive(Debug, Clone, Args)]
pub struct AnalystArgs {
    /// Use only this analyst's file (`analysts/NAME.toml`); repeatable.
    #[arg(long = "analyst", value_name = "NAME", conflicts_with = "analysts")]
    only: Vec<String>,
    /// `none`: ignore the study's `analysts/` folder.
    #[arg(long = "analysts", value_enum, value_name = "none")]
    analysts: Option<NoAnalysts>,
    /// How to pool the analysts: the log pool (always the result), or also
    /// the linear pool of their posteriors, for comparison.
    #[arg(long, value_enum, default_value_t = PoolChoice::Log)]
    pool: PoolChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NoAnalysts {
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PoolChoice {
    Log,
    Linear,
}

/// One analyst's file as read.
#[derive(Debug, Clone)]
pub struct AnalystInput {
    /// The id: the file name without `.toml`.
    pub id: String,
    /// The name shown in diagnostics (`study/analysts/ra.toml`).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl AnalystInput {
    /// The text, for diagnostics (invalid UTF-8 is reported by the reader).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }
}

/// The largest analyst file read, as for a study.
const MAX_ANALYST_BYTES: u64 = probative::syntax::MAX_STUDY_BYTES as u64;

impl AnalystArgs {
    /// The defaults: every analyst, the log pool (for the bare `probative`).
    pub fn default_args() -> Self {
        Self {
            only: Vec::new(),
            analysts: None,
            pool: PoolChoice::Log,
        }
    }

    /// Reads the analysts' files beside the study into the input.
    pub fn apply(&self, mut input: crate::io::Input) -> Result<crate::io::Input, String> {
        if input.oversize.is_some() {
            return Ok(input);
        }
        let files = self.read(input.dir.as_deref(), input.bundled, &input.name)?;
        input.analysts = (files, self.pool());
        Ok(input)
    }

    /// The pool asked for.
    pub fn pool(&self) -> Pool {
        match self.pool {
            PoolChoice::Log => Pool::Log,
            PoolChoice::Linear => Pool::Linear,
        }
    }

    /// The analysts' files to use: read from `dir/analysts/` (or, for the
    /// bundled example, from its bundled files), in id order, filtered by
    /// `--analyst`. A usage error names an analyst asked for and not found.
    pub fn read(
        &self,
        dir: Option<&Path>,
        bundled: &[(&str, &str)],
        study_name: &str,
    ) -> Result<Vec<AnalystInput>, String> {
        if self.analysts.is_some() {
            return Ok(Vec::new());
        }
        let shown = |id: &str| match Path::new(study_name).parent() {
            Some(p) if !p.as_os_str().is_empty() => {
                format!("{}/analysts/{id}.toml", p.display())
            }
            _ => format!("analysts/{id}.toml"),
        };
        let mut found: Vec<AnalystInput> = match dir {
            Some(dir) => {
                let folder = dir.join("analysts");
                let entries = match std::fs::read_dir(&folder) {
                    Ok(entries) => entries,
                    Err(_) if !folder.exists() => return self.none_found(&[]),
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
                    // Read with the limit enforced while reading, as every
                    // input is.
                    let bytes = match crate::io::read_bounded(&path, MAX_ANALYST_BYTES)? {
                        crate::io::Bounded::Bytes(bytes) => bytes,
                        crate::io::Bounded::TooLarge(_) => {
                            return Err(format!(
                                "`{}` is larger than an analyst's file can reasonably be",
                                path.display()
                            ));
                        }
                    };
                    files.push(AnalystInput {
                        name: shown(&id),
                        id,
                        bytes,
                    });
                }
                files
            }
            None => bundled
                .iter()
                .filter_map(|(name, text)| {
                    let id = name.strip_prefix("analysts/")?.strip_suffix(".toml")?;
                    Some(AnalystInput {
                        id: id.to_owned(),
                        name: shown(id),
                        bytes: text.as_bytes().to_vec(),
                    })
                })
                .collect(),
        };
        found.sort_by(|a, b| a.id.cmp(&b.id));
        if self.only.is_empty() {
            return Ok(found);
        }
        let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
        for name in &self.only {
            if !ids.contains(&name.as_str()) {
                return self.none_found(&ids).and_then(|_| {
                    Err(format!(
                        "no analyst `{name}`: the analysts are {}",
                        ids.iter()
                            .map(|id| format!("`{id}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                });
            }
        }
        found.retain(|a| self.only.contains(&a.id));
        Ok(found)
    }

    /// No analysts' folder: fine unless `--analyst` asked for one.
    fn none_found(&self, ids: &[&str]) -> Result<Vec<AnalystInput>, String> {
        match self.only.first() {
            Some(name) if ids.is_empty() => Err(format!(
                "no analyst `{name}`: the study has no `analysts/` folder with analysts' files"
            )),
            _ => Ok(Vec::new()),
        }
    }
}
