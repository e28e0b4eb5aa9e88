//! Several analysts on the command line: which analysts' files a report
//! uses (`analysts/*.toml` beside the study, all of them unless
//! `--analyst` names some or `--analysts none` leaves them out) and how
//! they are pooled.

use std::path::Path;

use clap::{Args, ValueEnum};

use probative::analysis::analysts::Pool;
use probative_serve::analysts::Choice;

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

/// One analyst's file as read: the rules are `probative serve`'s too.
pub use probative_serve::analysts::AnalystFile as AnalystInput;

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

    /// Which analysts' files these flags use, for `probative serve`.
    pub fn choice(&self) -> Choice {
        Choice {
            only: self.only.clone(),
            none: self.analysts.is_some(),
        }
    }

    /// The analysts' files to use: read from `dir/analysts/` (or, for the
    /// bundled example, from its bundled files), in id order, filtered by
    /// `--analyst`, by the rules `probative serve` shares
    /// ([`probative_serve::analysts`]). A usage error names an analyst asked
    /// for and not found.
    pub fn read(
        &self,
        dir: Option<&Path>,
        bundled: &[(&str, &str)],
        study_name: &str,
    ) -> Result<Vec<AnalystInput>, String> {
        let choice = self.choice();
        if choice.none {
            return Ok(Vec::new());
        }
        let found = match dir {
            Some(dir) => probative_serve::analysts::read_folder(dir)?.unwrap_or_default(),
            None => bundled
                .iter()
                .filter_map(|(name, text)| {
                    let id = name.strip_prefix("analysts/")?.strip_suffix(".toml")?;
                    Some(AnalystInput {
                        id: id.to_owned(),
                        name: String::new(),
                        bytes: text.as_bytes().to_vec(),
                    })
                })
                .collect(),
        };
        // Diagnostics name the file as the user named the study.
        let shown = |id: &str| match Path::new(study_name).parent() {
            Some(p) if !p.as_os_str().is_empty() => {
                format!("{}/analysts/{id}.toml", p.display())
            }
            _ => format!("analysts/{id}.toml"),
        };
        Ok(choice
            .select(found)?
            .into_iter()
            .map(|mut file| {
                file.name = shown(&file.id);
                file
            })
            .collect())
    }
}
