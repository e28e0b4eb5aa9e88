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
fn main_element(page: &str) -> String {
    let start = page.find("<main>").unwrap();
    let end = page.find("</main>").unwrap() + "</main>".len();
    // Each figure's download repeats its drawing, encoded: the snapshot
    // shows the drawing once, and `downloads_are_the_charts` the rest.
    let mut main = String::new();
    let mut rest = &page[start..end];
    while let Some(at) = rest.find(DATA_URL) {
        main.push_str(&rest[..at + DATA_URL.len()]);
        rest = &rest[at + DATA_URL.len()..];
        rest = &rest[rest.find('"').unwrap()..];
        main.push('…');
    }
    main.push_str(rest);
    main
}

/// How every figure's download link begins.
const DATA_URL: &str = "data:image/svg+xml;charset=utf-8,";

/// The standalone SVG files the page offers, decoded.
fn downloads(page: &str) -> Vec<String> {
    tags(page)
        .iter()
        .filter(|t| t.attributes.iter().any(|(name, _)| name == "download"))
        .map(|t| {
            let href = &t
                .attributes
                .iter()
                .find(|(name, _)| name == "href")
                .unwrap()
                .1;
            let encoded = href.strip_prefix(DATA_URL).unwrap();
            percent_encoding::percent_decode_str(encoded)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .collect()
}

#[test]
fn two_rivals() {
    insta::assert_snapshot!(main_element(&page("html/two-rivals")));
}

/// Renders with a date and checksum, as the command line does.
fn page_with_provenance(dir: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let text = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    let checked = probative::check(text.as_bytes(), &mut |bib: &str| {
        std::fs::read_to_string(dir.join(bib)).map_err(|e| e.to_string())
    });
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: &text,
        },
        checked.study.as_ref().unwrap(),
        checked.analysis.as_ref().unwrap(),
        checked.bibliography.as_ref(),
    )
    .with_provenance(probative_render::Provenance {
        date: "2026-01-02".into(),
        checksum: "sha256:00ff".into(),
    });
    probative_render::html::report(&report)
}

#[test]
fn the_footer_says_where_the_page_came_from() {
    let dated = page_with_provenance("html/cases");
    let footer = &dated[dated.find("<footer>").unwrap()..dated.find("</footer>").unwrap()];
    for part in [
        "<dt>Encoded by</dt>",
        &format!("<dd>probative {}</dd>", env!("CARGO_PKG_VERSION")),
        "<dt>Date</dt><dd>2026-01-02</dd>",
        "<code class=\"checksum\">sha256:00ff</code>",
    ] {
        assert!(footer.contains(part), "the footer lacks {part}:\n{footer}");
    }
    // Without them, no date is made up.
    assert!(!page("html/cases").contains("<dt>Date</dt>"));
    // The authors of the work encoded are not presented as its judges.
    assert!(!dated.contains("Study by"));
}

#[test]
fn chart_text_is_escaped_once() {
    // Bounds such as `<0.001` reach the chart's labels and description
    // escaped exactly once: `&lt;`, never `&amp;lt;`.
    for dir in ["html/cases", "html/two-rivals"] {
        let page = page(dir);
        assert!(
            !page.contains("&amp;lt;") && !page.contains("&amp;gt;"),
            "{dir}"
        );
    }
}

#[test]
fn figures_are_numbered_and_download_as_svg() {
    let page = page("html/cases");
    let figures = page.matches("<figcaption>").count();
    assert!(figures >= 5, "{figures} figures");
    for n in 1..=figures {
        assert!(page.contains(&format!("<span class=\"fig-no\">Figure {n}.</span>")));
        assert!(page.contains(&format!("download=\"figure-{n}.svg\"")));
    }
    let files = downloads(&page);
    assert_eq!(files.len(), figures);
    for svg in files {
        assert!(svg.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
        ));
        assert!(svg.contains("<style>") && svg.trim_end().ends_with("</svg>"));
    }
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
                let download = tag.name == "a"
                    && tag.attributes.iter().any(|(n, _)| n == "download")
                    && value.starts_with(DATA_URL);
                assert!(
                    value.starts_with('#')
                        || value.starts_with("https://")
                        || value == "data:,"
                        || download,
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
    assert!(page.contains("<script>// Sorts the rows of the evidence x hypothesis matrix"));
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
        // A download's address is the chart, percent-encoded: checked
        // below, decoded, as the file a reader would open.
        if tag.attributes.iter().any(|(name, _)| name == "download") {
            continue;
        }
        let raw = tag.raw.to_ascii_lowercase();
        assert!(
            !raw.contains("onerror") && !raw.contains("javascript:"),
            "<{}>",
            tag.raw
        );
    }
    let files = downloads(&page);
    assert!(!files.is_empty(), "the hostile study's charts download");
    for svg in &files {
        for tag in self::tags(svg) {
            assert!(
                ALLOWED.contains(&tag.name.as_str()),
                "unexpected tag <{}> in a download",
                tag.name
            );
            let raw = tag.raw.to_ascii_lowercase();
            assert!(
                !tag.attributes
                    .iter()
                    .any(|(name, _)| name.starts_with("on"))
                    && !raw.contains("javascript:"),
                "<{}> in a download",
                tag.raw
            );
        }
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
    ] {
        assert!(page.contains(shown), "missing, escaped: {shown}");
    }
    // An entry no item cites is not formatted at all: the references list
    // the works cited, and the `uncited-source` note names the key.
    assert!(!page.contains("alert(&#39;uncited&#39;)"));
    assert!(page.contains("uncited-source"));
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
    "caption",
    "fieldset",
    "legend",
    "label",
    "input",
    "button",
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
