//! `probative new DIR`: a short, commented blank study to fill in.
//!
//! The template reads with no error as written; its one warning says that,
//! with no evidence yet, the priors alone decide. It is written through
//! [`template`] alone, so that anything every new study should start with
//! is added in one place.

use std::path::Path;
use std::process::ExitCode;

/// The blank study, titled after its folder.
pub fn template(title: &str) -> String {
    let title = title.replace(['\\', '"'], "");
    format!(
        r#"# A process-tracing study: rival hypotheses, cases, a timeline and evidence.
# The format: docs/study-format.md. `probative check` lints it,
# `probative report` weighs the evidence, `probative explain hoop` teaches.

[study]
title = "{title}"
question = "What do you want to explain?"
focus = "mine"                 # the hypothesis under test: one of the ids below
# bibliography = "references.bib"   # BibTeX or Hayagriva YAML, beside this file

# Rival explanations, mutually exclusive. Priors (how plausible each is
# before the evidence) are optional; when given, every hypothesis has one
# and they sum to 1. Until evidence tells the hypotheses apart, the priors
# alone decide, and `check` says so (`prior-sensitive-conclusion`).
[[hypothesis]]
id = "mine"
title = "The explanation the study argues for"
prior = 0.6

[[hypothesis]]
id = "rival"
title = "The strongest rival explanation"
prior = 0.4

# A case the evidence belongs to (optional).
# [[case]]
# id = "first"
# title = "The first case"
# period = "1990/1995"

# One table per piece of evidence. P(E | H) for every hypothesis: a number,
# an interval [lo, hi] or a term ("likely", "very unlikely", ...).
# [[evidence]]
# id = "e1"
# case = "first"
# claim = "What was observed, in one sentence."
# source = "author2020"        # a key of the bibliography
# locator = "p. 12"
# quote = "The source's own words."
# likelihood = {{ mine = "very likely", rival = "unlikely" }}
# rationale = "Why the evidence is that likely under each hypothesis."
"#
    )
}

/// Writes the template into `dir`, which must be new or empty.
pub fn write(dir: &Path) -> ExitCode {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return crate::usage(&format!(
            "`{}` is not empty; `probative new` starts a study in a new or empty folder",
            dir.display()
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return crate::usage(&format!("`{}` is a file, not a folder", dir.display()));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return crate::usage(&format!("cannot create `{}`: {e}", dir.display()));
    }
    let title = dir.file_name().map_or_else(
        || "A new study".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let file = dir.join("study.toml");
    // The first line points editors that read `#:schema` (Taplo, Tombi) at
    // the schema written beside the study, so the keys complete as typed.
    if let Err(message) = crate::io::write_atomically(&file, &[], |out| {
        out.write_all(crate::schema::DIRECTIVE.as_bytes())?;
        out.write_all(template(&title).as_bytes())
    }) {
        return crate::usage(&message);
    }
    if let Err(message) = crate::schema::write_beside(dir) {
        return crate::usage(&message);
    }
    crate::io::print(&format!(
        "wrote {}; fill it in, then `probative check {}`\n",
        file.display(),
        dir.display()
    ))
}
