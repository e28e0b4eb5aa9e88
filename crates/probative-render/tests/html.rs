//! The HTML report: snapshots of the page's content for small fixture
//! studies (`fixtures/html/`), and the hostile-text test (`fixtures/hostile/`):
//! markup, event handlers and `javascript:` links written anywhere in a
//! study or its bibliography must reach the page as text.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use probative_render::{Report, SourceFile};

/// Renders the HTML report of the study in `fixtures/<dir>/study.toml`.
fn page(dir: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let text = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    let checked = probative::check(text.as_bytes(), &mut |bib: &str| {
        std::fs::read_to_string(dir.join(bib)).map_err(|e| e.to_string())
    });
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let (study, analysis) = (
        checked.study.as_ref().unwrap(),
        checked.analysis.as_ref().unwrap(),
    );
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: &text,
        },
        study,
        analysis,
        checked.bibliography.as_ref(),
    );
    probative_render::html::report(&report)
}

/// The page's content, without the stylesheet and script that every page
/// shares, so that the snapshots show what differs between studies.
fn main_element(page: &str) -> &str {
    let start = page.find("<main>").unwrap();
    let end = page.find("</main>").unwrap() + "</main>".len();
    &page[start..end]
}

#[test]
fn two_rivals() {
    insta::assert_snapshot!(main_element(&page("html/two-rivals")));
}

#[test]
fn cases_events_and_references() {
    insta::assert_snapshot!(main_element(&page("html/cases")));
}

#[test]
fn the_page_is_self_contained() {
    let page = page("html/cases");
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    let policy = "default-src 'none'";
    assert!(page.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}"
    )));
    let tags = tags(&page);
    for tag in &tags {
        for (name, value) in &tag.attributes {
            if ["href", "src", "xlink:href", "action"].contains(&name.as_str()) {
                assert!(
                    value.starts_with('#') || value.starts_with("https://") || value == "data:,",
                    "<{}> loads or links {name}={value:?}",
                    tag.name
                );
            }
        }
    }
    // Every anchor is unique and every link within the page lands.
    let ids: Vec<&str> = tags
        .iter()
        .flat_map(|t| &t.attributes)
        .filter(|(name, _)| name == "id")
        .map(|(_, value)| value.as_str())
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    for tag in &tags {
        for (name, value) in &tag.attributes {
            if let (true, Some(target)) = (name == "href", value.strip_prefix('#')) {
                assert!(unique.contains(target), "link to #{target} lands nowhere");
            }
        }
    }
    // One chart per idea: hypotheses, belief, cases, the colour scale, and
    // an event timeline per case that has events and one for the rest.
    let charts = page.matches("<svg ").count();
    assert_eq!(charts, 7, "charts: {charts}");
    assert_eq!(
        page.matches("<title id=\"chart-").count(),
        charts,
        "every chart has a title"
    );
}

#[test]
fn hostile_text_reaches_the_page_as_text() {
    let page = page("hostile");
    let tags = tags(&page);

    let scripts: Vec<&Tag> = tags.iter().filter(|t| t.name == "script").collect();
    assert_eq!(scripts.len(), 1, "only the page's own script");
    assert!(page.contains("<script>// Sorts the evidence x hypothesis matrix"));
    assert!(page.trim_end().ends_with("</script>\n</body>\n</html>"));

    for tag in &tags {
        assert!(
            ALLOWED.contains(&tag.name.as_str()),
            "unexpected tag <{}>",
            tag.name
        );
        for (name, value) in &tag.attributes {
            assert!(
                !name.starts_with("on"),
                "event handler {name}={value:?} on <{}>",
                tag.name
            );
            let lower = value.to_ascii_lowercase();
            assert!(
                !lower.trim_start().starts_with("javascript:"),
                "{name}={value:?} on <{}>",
                tag.name
            );
            assert!(
                !["srcdoc", "autofocus", "src"].contains(&name.as_str()),
                "{name} on <{}>",
                tag.name
            );
        }
    }
    for tag in &tags {
        let raw = tag.raw.to_ascii_lowercase();
        assert!(
            !raw.contains("onerror") && !raw.contains("javascript:"),
            "<{}>",
            tag.raw
        );
    }

    // And the words themselves are all there, escaped.
    for shown in [
        "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Hostile &lt;/title&gt;&lt;/style&gt;",
        "Is &lt;img src=x onerror=alert(&#39;question&#39;)&gt; escaped?",
        "&lt;svg onload=alert(&#39;hypothesis&#39;)&gt;",
        "&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(&#39;quote&#39;)&gt;",
        "javascript:alert(&#39;locator&#39;)",
        "`&lt;script&gt;alert(&#39;rationale&#39;)&lt;/script&gt;` **&lt;b&gt;bold&lt;/b&gt;**",
        "&lt;img src=x onerror=alert(&#39;bib title&#39;)&gt;",
        "&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;alert(&#39;uncited&#39;)&lt;/script&gt;",
    ] {
        assert!(page.contains(shown), "missing, escaped: {shown}");
    }
}

/// Every element the page may contain: anything else came from the study.
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "link",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "sub",
    "span",
    "br",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "div",
    "blockquote",
    "time",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "script",
    "svg",
    "desc",
    "defs",
    "pattern",
    "g",
    "rect",
    "line",
    "path",
    "circle",
    "text",
];

/// A start tag: its name and attributes.
#[derive(Debug)]
struct Tag {
    raw: String,
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags of a page, read the way a browser tokenises them, with
/// the raw text of `<style>` and `<script>` skipped.
fn tags(page: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            rest = &rest[rest.find('>').unwrap() + 1..];
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap();
        let (inside, after) = (&rest[..end], &rest[end + 1..]);
        rest = after;
        let name_end = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = inside[..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut attrs = inside[name_end..].trim_start_matches('/');
        loop {
            attrs = attrs.trim_start().trim_start_matches('/').trim_start();
            if attrs.is_empty() {
                break;
            }
            let key_end = attrs
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(attrs.len());
            let key = attrs[..key_end].to_ascii_lowercase();
            attrs = &attrs[key_end..];
            let value = if let Some(after) = attrs.strip_prefix('=') {
                if let Some(quoted) = after.strip_prefix('"') {
                    let close = quoted.find('"').unwrap();
                    attrs = &quoted[close + 1..];
                    quoted[..close].to_owned()
                } else {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    attrs = &after[close..];
                    after[..close].to_owned()
                }
            } else {
                String::new()
            };
            attributes.push((key, value));
        }
        if name == "style" || name == "script" {
            let close = format!("</{name}>");
            rest = &rest[rest.find(&close).unwrap()..];
        }
        tags.push(Tag {
            raw: inside.to_owned(),
            name,
            attributes,
        });
    }
    tags
}
