//! The HTML report: one self-contained page.

use crate::Report;

/// The report as one self-contained HTML page.
pub fn report(r: &Report<'_>) -> String {
    // The full page with charts is not written yet; until it is, the page
    // carries the Markdown report as escaped preformatted text.
    let body = crate::markdown::report(r)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>report</title></head><body><pre>{body}</pre></body></html>\n")
}
