//! Section 8, the references, in the study's citation style, each anchored
//! `ref-KEY` so that every cited source on the page links here, and each
//! listing the items that cite it.
//!
//! The plain-text form of each reference is used and escaped here. The
//! HTML form hayagriva writes copies field text and URLs verbatim, so a
//! title holding markup would reach the page as markup. Web addresses in the
//! text become links, and only `http` and `https` ones.

use super::escape::escape;
use super::{evidence_link, join, open_section};
use crate::Report;

/// Writes the references section (nothing when there is no bibliography).
pub fn section(r: &Report<'_>, out: &mut String) {
    if r.references().is_empty() {
        return;
    }
    open_section(out, "references");
    w!(
        out,
        "<p>Formatted in the <code>{}</code> style. Each entry lists the evidence items that cite it.</p>\n<ul class=\"references\">\n",
        escape(&r.study.settings.citation_style)
    );
    for reference in r.references() {
        w!(
            out,
            "<li id=\"ref-{}\"><span class=\"key\">{}</span> {}",
            escape(&reference.key),
            escape(&reference.key),
            linked(reference.text.trim())
        );
        let citing = r
            .analysis
            .sources
            .iter()
            .find(|s| s.key == reference.key)
            .map(|s| s.items.as_slice())
            .unwrap_or_default();
        if citing.is_empty() {
            out.push_str(" <span class=\"cited muted\">Cited by no item.</span>");
        } else {
            w!(
                out,
                " <span class=\"cited\">Cited by {}.</span>",
                join(citing.iter().map(|&e| evidence_link(r.study, e)))
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

/// Escaped text whose `http(s)://` addresses are links.
fn linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        let end = rest[start..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |n| start + n);
        // Sentence punctuation after an address is not part of it.
        let url = rest[start..end].trim_end_matches(['.', ',', ';', ')']);
        let end = start + url.len();
        w!(
            out,
            "{}<a href=\"{url}\">{url}</a>",
            escape(&rest[..start]),
            url = escape(url)
        );
        rest = &rest[end..];
    }
    w!(out, "{}", escape(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::linked;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            linked("See https://a.org/x?y=1&z=\"2\". Or javascript:alert(1) <b>"),
            "See <a href=\"https://a.org/x?y=1&amp;z=&quot;2&quot;\">https://a.org/x?y=1&amp;z=&quot;2&quot;</a>. \
             Or javascript:alert(1) &lt;b&gt;"
        );
    }
}
