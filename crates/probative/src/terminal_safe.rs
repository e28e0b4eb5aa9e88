//! Text that probative did not write itself, made safe for a terminal.
//!
//! Study files, bibliographies, causal models, data files and file names
//! may hold control characters: ANSI and OSC escapes that clear the screen,
//! retitle the window, hide text or forge a hyperlink; carriage returns that
//! overwrite a line; bidirectional overrides (U+202E) that reorder what
//! follows them. Written raw, they let a file rewrite what its reader sees.
//! Every function here shows such a character as a visible escape
//! (`\u{1b}`), so the text keeps its information and loses its power.
//!
//! Text output (the text and Markdown reports, diagnostics, `probative
//! causal`) passes study text through here at the point it enters; the
//! HTML and JSON reports escape by their own rules. This module only
//! transforms strings; it never writes.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` may change what a terminal shows beyond printing itself:
/// every control character (C0, DEL, C1) and every bidirectional
/// formatting character, plus the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The visible form of an unsafe character: `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Rewrites `s` only if some character needs it, keeping the common case a
/// borrow.
fn rewrite(
    s: &str,
    keep: impl Fn(char) -> bool,
    write: impl Fn(&mut String, char),
) -> Cow<'_, str> {
    if s.chars().all(|c| keep(c) || !is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if keep(c) || !is_unsafe(c) {
            out.push(c);
        } else {
            write(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Text of one line (a title, an id, a table cell, a paragraph that the
/// renderer wraps): line breaks, carriage returns and tabs become spaces, so a newline in a
/// title can never start a line of its own (a forged `VERDICT`), and every
/// other unsafe character is escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    let spaces = |c: char| matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}');
    rewrite(
        s,
        |_| false,
        |out, c| {
            if spaces(c) {
                out.push(' ');
            } else {
                push_escaped(out, c);
            }
        },
    )
}

/// Text of several lines (an error message with the query it quotes, a
/// whole text report): newlines and tabs stay, every other unsafe
/// character is escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    rewrite(s, |c| c == '\n' || c == '\t', push_escaped)
}

/// A source file shown under a diagnostic. Diagnostics point into it by
/// byte offset, so each unsafe character is replaced by a visible one of
/// the same UTF-8 length (`?`, `¿` or `�`); line ends (`\n`, and `\r`
/// before `\n`) and tabs stay.
pub fn source(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut offset = 0;
    let keep = |c: char| c == '\n' || c == '\t' || c == '\r';
    if s.chars().all(|c| keep(c) || !is_unsafe(c)) && !has_lone_cr(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let cr_line_end = c == '\r' && bytes.get(offset + 1) == Some(&b'\n');
        if (keep(c) && (c != '\r' || cr_line_end)) || !is_unsafe(c) {
            out.push(c);
        } else {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{FFFD}',
            });
        }
        offset += c.len_utf8();
    }
    Cow::Owned(out)
}

fn has_lone_cr(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(line("Détente, 1979"), Cow::Borrowed(_)));
        assert!(matches!(text("a\nb\tc"), Cow::Borrowed(_)));
        assert!(matches!(source("a\r\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_overrides_are_shown() {
        let hostile = "a\x1b]0;owned\x07b\u{9b}2J\u{202e}c";
        assert_eq!(text(hostile), "a\\u{1b}]0;owned\\u{7}b\\u{9b}2J\\u{202e}c");
        assert!(!line(hostile).chars().any(is_unsafe));
    }

    #[test]
    fn a_newline_in_one_line_text_cannot_start_a_line() {
        assert_eq!(line("Title\r\nVERDICT: b"), "Title  VERDICT: b");
        assert_eq!(line("a\rb\u{2028}c"), "a b c");
        assert_eq!(text("a\nb\rc"), "a\nb\\u{d}c");
    }

    #[test]
    fn source_keeps_every_byte_offset() {
        let hostile = "x = \"\x1b[2J\u{85}\u{202e}\"\r\ny\rz\n";
        let safe = source(hostile);
        assert_eq!(safe.len(), hostile.len());
        assert_eq!(safe, "x = \"?[2J¿\u{FFFD}\"\r\ny?z\n");
        for (a, b) in hostile.char_indices().zip(safe.char_indices()) {
            assert_eq!(a.0, b.0);
        }
    }
}
