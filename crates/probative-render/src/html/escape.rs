//! The one escaping function: study text → HTML text or attribute value.
//!
//! Everything the study or its bibliography says reaches the page through
//! [`escape`], in element content and in attribute values alike, so that a
//! quote holding `<script>` is shown, never run. Escaping all five
//! characters that can end a text run or a quoted attribute (`& < > " '`)
//! makes the one function safe in both places; the page writes every
//! attribute value in double quotes.
//!
//! What it must not do: decide where text may go. A study string is never
//! the start of an `href` (links point at `#` anchors of the page, or at an
//! `http(s)` address checked by [`super::references`]), so `javascript:`
//! in a title stays words.

use std::fmt;

/// Text made safe for HTML content and double-quoted attribute values.
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(&'a str);

/// Escapes `text` for the page; formats without allocating.
pub fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut written = 0;
        for (i, byte) in text.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&text[written..i])?;
            f.write_str(entity)?;
            written = i + 1;
        }
        f.write_str(&text[written..])
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_become_entities() {
        assert_eq!(
            escape(r#"<img src=x onerror="alert('1')"> & co"#).to_string(),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
        assert_eq!(escape("Izadi – détente").to_string(), "Izadi – détente");
    }
}
