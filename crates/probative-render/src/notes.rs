//! Notes that fire many times, gathered into one entry each.
//!
//! A study can draw dozens of the same note (`non-diagnostic` for every
//! item that tests nothing); listed one by one they bury the few warnings
//! that matter. Every renderer of lints groups them the same way, here.

use probative::analysis::lints;
use probative::diagnostic::{Diagnostic, Severity};

/// A note that fires more often than this is listed once, with the items
/// it fired on, instead of each time.
pub const GROUP_NOTES_OVER: usize = 3;

/// All the notes of one code, when there are more than [`GROUP_NOTES_OVER`].
pub struct NoteGroup<'a> {
    /// The lint's code.
    pub code: &'static str,
    /// The lint's one-line summary.
    pub summary: &'static str,
    /// The notes, in report order.
    pub notes: Vec<&'a Diagnostic>,
}

/// The groups, in the order their first note appears.
pub fn groups(diagnostics: &[Diagnostic]) -> Vec<NoteGroup<'_>> {
    let mut groups: Vec<NoteGroup<'_>> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Note) {
        match groups.iter_mut().find(|g| g.code == d.code) {
            Some(group) => group.notes.push(d),
            None => groups.push(NoteGroup {
                code: d.code,
                summary: lints::find(d.code).map_or("", |l| l.summary),
                notes: vec![d],
            }),
        }
    }
    groups.retain(|g| g.notes.len() > GROUP_NOTES_OVER);
    groups
}

/// Whether a diagnostic is shown only through its group.
pub fn is_grouped(d: &Diagnostic, groups: &[NoteGroup<'_>]) -> bool {
    d.severity == Severity::Note && groups.iter().any(|g| g.code == d.code)
}

/// What a note is about: its evidence item or its source key.
pub fn subject(d: &Diagnostic) -> Option<&str> {
    d.subject
        .evidence
        .as_deref()
        .or(d.subject.source.as_deref())
}
