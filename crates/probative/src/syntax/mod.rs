//! Stage 1: study text → raw document with spans.
//!
//! This stage owns the shape of the file: which tables and keys exist, and
//! which TOML type each value has. It reads every table it can, reports every
//! unknown key (with a "did you mean" hint), every missing required key and
//! every value of the wrong type, and never stops at the first problem.
//! It must not judge meaning: whether an id resolves, a prior is in range or a
//! term is known belongs to [`crate::model`].
//!
//! Architecture invariant: parsing never fails; it returns the document it
//! could read and the diagnostics.

pub mod analyst;
mod document;
mod reader;
pub mod suggest;

pub(crate) use suggest::closest;

pub use document::{
    Node, RawCase, RawEvent, RawEvidence, RawHeader, RawHypothesis, RawLikelihood,
    RawLikelihoodTable, RawSettings, RawStudy,
};

use crate::diagnostic::Diagnostic;

/// The largest study file read: a study of 20,000 evidence items is about
/// 10 MB, so anything far beyond is almost surely not a study.
pub const MAX_STUDY_BYTES: usize = 16 * 1024 * 1024;

/// Reads the bytes of a study file: checks size and encoding, then parses.
pub fn parse_bytes(bytes: &[u8]) -> (RawStudy, Vec<Diagnostic>) {
    if bytes.len() > MAX_STUDY_BYTES {
        return (RawStudy::default(), vec![too_large(bytes.len() as u64)]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(error) => {
            let at = error.valid_up_to();
            let diagnostic = Diagnostic::error(
                "not-text",
                format!("the file is not UTF-8 text (invalid byte at offset {at})"),
            )
            .with_help("a study is a TOML text file saved as UTF-8");
            (RawStudy::default(), vec![diagnostic])
        }
    }
}

/// The error for a file of `size` bytes, over [`MAX_STUDY_BYTES`]. Callers
/// that can see the size before reading use it to avoid reading at all.
pub fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error(
        "too-large",
        format!(
            "the file is {:.1} MB; a study file may be at most {} MB",
            size as f64 / 1e6,
            MAX_STUDY_BYTES / (1024 * 1024)
        ),
    )
    .with_help("check that this is the study you meant; split a huge study into smaller ones")
}

/// Parses a study's TOML text.
pub fn parse(text: &str) -> (RawStudy, Vec<Diagnostic>) {
    reader::read(text)
}
