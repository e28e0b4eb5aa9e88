//! What the fixture tests share: reading the expectations a fixture writes
//! inline, and the line a diagnostic points to.
//!
//! A fixture says what it expects in comments:
//! - `# expect: <code>` at the end of the line the diagnostic must point to;
//! - `# expect-study: <code>` anywhere, for a diagnostic without a line;
//! - either may end with `~ <text>`, which the message or help must contain.

use probative::diagnostic::{Diagnostic, LineIndex, Location};

/// One diagnostic a fixture expects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub code: String,
    /// The 1-based line in the study file; `None` for `# expect-study:`.
    pub line: Option<usize>,
    /// Text the message or help must contain.
    pub text: Option<String>,
}

/// Reads the `# expect:` and `# expect-study:` comments of a fixture.
pub fn expectations(text: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (marker, at) in [("# expect:", Some(n + 1)), ("# expect-study:", None)] {
            let Some(start) = line.find(marker) else {
                continue;
            };
            let rest = line[start + marker.len()..].trim();
            let (code, text) = match rest.split_once(" ~ ") {
                Some((code, text)) => (code.trim(), Some(text.trim().to_owned())),
                None => (rest, None),
            };
            out.push(Expected {
                code: code.to_owned(),
                line: at,
                text,
            });
        }
    }
    out
}

/// The line a diagnostic points to in the study file, if any.
pub fn line_of(d: &Diagnostic, lines: &LineIndex) -> Option<usize> {
    match &d.location {
        Location::StudySpan(span) => Some(lines.line(span.start)),
        _ => None,
    }
}
