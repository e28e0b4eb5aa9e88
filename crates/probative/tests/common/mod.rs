//! What the fixture tests share: reading the expectations a fixture writes
//! inline, and the line a diagnostic points to.
//!
//! A fixture says what it expects in comments:
//! - `# expect: <code>` at the end of the line the diagnostic must point to;
//! - `# expect-study: <code>` anywhere, for a diagnostic without a line;
//! - either may end with `~ <text>`, which the message or help must contain.

use std::fmt::Write as _;

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

/// Every diagnostic, one per line, for failure messages.
pub fn listing(diagnostics: &[Diagnostic], lines: &LineIndex) -> String {
    let mut s = String::new();
    for d in diagnostics {
        let _ = writeln!(
            s,
            "  {}:{:?} {}: {}",
            d.code,
            line_of(d, lines),
            d.severity,
            d.message
        );
    }
    s
}

/// Asserts that `reported` (the diagnostics under test) are exactly the
/// expected (code, line) pairs, with multiplicity, and that each expected
/// text appears in the message or help of a diagnostic at its place.
/// `context` names the fixture; `all` lists everything it reported.
pub fn assert_expected(
    context: &str,
    expected: &[Expected],
    reported: &[&Diagnostic],
    lines: &LineIndex,
    all: &str,
) {
    let mut want: Vec<(String, Option<usize>)> =
        expected.iter().map(|e| (e.code.clone(), e.line)).collect();
    let mut got: Vec<(String, Option<usize>)> = reported
        .iter()
        .map(|d| (d.code.to_owned(), line_of(d, lines)))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(
        got, want,
        "{context}: (code, line) reported vs expected; all diagnostics:\n{all}"
    );
    for e in expected {
        let Some(needle) = e.text.as_deref() else {
            continue;
        };
        let found = reported.iter().any(|d| {
            d.code == e.code
                && line_of(d, lines) == e.line
                && (d.message.contains(needle)
                    || d.help.as_deref().is_some_and(|h| h.contains(needle)))
        });
        assert!(
            found,
            "{context}: no `{}` at line {:?} says {needle:?}; all diagnostics:\n{all}",
            e.code, e.line
        );
    }
}
