//! The bundled example: the seed paper's Iran–US détente study, compiled in
//! so that `probative` works anywhere.

use std::path::Path;
use std::process::ExitCode;

use crate::io::Input;

/// The study file.
pub const STUDY: &str = include_str!("../../../examples/iran-us-detente/study.toml");
/// Its bibliography.
pub const BIBLIOGRAPHY: &str = include_str!("../../../examples/iran-us-detente/references.bib");
/// What the study is and how it was encoded.
pub const README: &str = include_str!("../../../examples/iran-us-detente/README.md");

/// The files of the example, by the names the study uses.
pub const FILES: &[(&str, &str)] = &[
    ("study.toml", STUDY),
    ("references.bib", BIBLIOGRAPHY),
    ("README.md", README),
    (
        "analysts/archivist.toml",
        include_str!("../../../examples/iran-us-detente/analysts/archivist.toml"),
    ),
    (
        "analysts/encoder.toml",
        include_str!("../../../examples/iran-us-detente/analysts/encoder.toml"),
    ),
    (
        "analysts/structuralist.toml",
        include_str!("../../../examples/iran-us-detente/analysts/structuralist.toml"),
    ),
];

/// The example as a study input.
pub fn input() -> Input {
    Input {
        name: "iran-us-detente/study.toml".to_owned(),
        bytes: STUDY.as_bytes().to_vec(),
        dir: None,
        bundled: FILES,
        oversize: None,
        read_bibliography: std::cell::OnceCell::new(),
        analysts: (Vec::new(), probative::analysis::analysts::Pool::Log),
        foreign_bibliography: std::cell::OnceCell::new(),
        blanked: std::cell::OnceCell::new(),
        model_files: std::cell::RefCell::default(),
    }
}

/// Writes the example's files into `dir`, refusing to overwrite: the study
/// opens with a line pointing editors at `study.schema.json`, written
/// beside it.
pub fn write(dir: &Path) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return crate::usage(&format!("cannot create `{}`: {e}", dir.display()));
    }
    let names = FILES.iter().map(|(name, _)| *name);
    for name in names.chain([crate::schema::FILE_NAME]) {
        if dir.join(name).exists() {
            return crate::usage(&format!(
                "`{}` already exists; choose an empty folder",
                dir.join(name).display()
            ));
        }
    }
    for (name, text) in FILES {
        if let Some(parent) = dir.join(name).parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return crate::usage(&format!("cannot create `{}`: {e}", parent.display()));
        }
        let directive = if *name == "study.toml" {
            crate::schema::DIRECTIVE
        } else {
            ""
        };
        if let Err(message) = crate::io::write_atomically(&dir.join(name), &[], |out| {
            out.write_all(directive.as_bytes())?;
            out.write_all(text.as_bytes())
        }) {
            return crate::usage(&message);
        }
    }
    if let Err(message) = crate::schema::write_beside(dir) {
        return crate::usage(&message);
    }
    let said = format!(
        "wrote the Iran–US détente study to {}; try `probative report {}`\n",
        dir.display(),
        dir.display()
    );
    if let Err(message) = crate::io::to_stdout(|out| out.write_all(said.as_bytes())) {
        return crate::usage(&message);
    }
    ExitCode::SUCCESS
}
