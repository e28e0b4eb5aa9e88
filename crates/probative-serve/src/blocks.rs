//! The live page in blocks, so that a change swaps only what changed.
//!
//! A new analysis changes a few parts of the report (the verdict, the
//! hypotheses, the matrix, the one item edited, some lints) and leaves the
//! rest byte for byte as it was. Re-parsing and laying out the whole page
//! (700 KB for the bundled study with its analysts) took the browser most
//! of a third of a second; swapping the changed parts takes a few
//! milliseconds. So the page is cut into blocks: the `<title>` and
//! `<style>` of the head, and the top-level elements of the body, of
//! `<main>` and of the sections that hold one element per item, case or
//! lint ([`CONTAINERS`]). Each block is named by a hash of its HTML, carried
//! in the page as `data-pbh`; containers also carry their name as
//! `data-pb` (their hash is that of their opening tag). The page asks for
//! the blocks of a new version and is sent the HTML of those it cannot
//! have (not in the version it shows), and keeps every element whose hash
//! is still there.
//!
//! The cut relies only on what the renderer guarantees: every element is
//! closed, and study text is escaped, so a `<` in the page opens or closes
//! a tag. Where the page does not cut cleanly (text between elements, an
//! unclosed tag), there are no blocks and the page is swapped whole, as
//! before: slower, never wrong.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// The sections of `<main>` whose children are cut too: one card per
/// evidence item, one section per case, one per lint.
const CONTAINERS: [&str; 3] = ["evidence", "cases", "lints"];

/// One block of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Where it sits: `head`, `body`, or a container's name (`main`,
    /// `evidence`, ...).
    pub parent: &'static str,
    /// The hash of its HTML (of its opening tag for a container).
    pub hash: String,
    /// For a container, its name; its children follow as blocks of their
    /// own.
    pub container: Option<&'static str>,
    /// The element's HTML as it is in the page (empty for a container).
    pub html: String,
}

/// The page with its blocks marked, and the blocks in page order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The page as served: the report with `data-pbh` (and `data-pb`) on
    /// every block.
    pub html: String,
    /// The blocks, parents before their children; empty when the page did
    /// not cut cleanly.
    pub blocks: Vec<Block>,
}

impl Page {
    /// The hashes of the blocks, to tell which a page showing this version
    /// already has.
    pub fn hashes(&self) -> HashSet<String> {
        self.blocks.iter().map(|b| b.hash.clone()).collect()
    }

    /// The blocks as the page asks for them: every block in order, with its
    /// HTML only when its hash is not among `known`.
    pub fn json(&self, known: Option<&HashSet<String>>) -> Vec<serde_json::Value> {
        self.blocks
            .iter()
            .map(|b| {
                let mut value = serde_json::json!({ "parent": b.parent, "hash": b.hash });
                if let Some(name) = b.container {
                    value["container"] = name.into();
                } else if !known.is_some_and(|k| k.contains(&b.hash)) {
                    value["html"] = b.html.clone().into();
                }
                value
            })
            .collect()
    }
}

/// An element found in the page: where it starts and ends, and where its
/// tag name ends (the attributes go there).
#[derive(Debug, Clone, Copy)]
struct Element<'a> {
    start: usize,
    name_end: usize,
    open_end: usize,
    end: usize,
    tag: &'a str,
}

/// Cuts `page` (an HTML report) into blocks; a page that does not cut
/// cleanly comes back whole, with no blocks.
pub fn cut(page: &str) -> Page {
    cut_marked(page).unwrap_or_else(|| Page {
        html: page.to_owned(),
        blocks: Vec::new(),
    })
}

fn cut_marked(page: &str) -> Option<Page> {
    // Where each mark goes (offset in `page`), and the blocks.
    let mut marks: Vec<(usize, String)> = Vec::new();
    let mut blocks = Vec::new();
    let head_start = page.find("<head>")? + "<head>".len();
    let head_end = page.find("</head>")?;
    for tag in ["title", "style"] {
        let start = head_start + page[head_start..head_end].find(&format!("<{tag}"))?;
        let element = element_at(page, start)?;
        leaf(page, element, "head", &mut marks, &mut blocks);
    }
    let body_start = page.find("<body>")? + "<body>".len();
    let body_end = page.rfind("</body>")?;
    children(page, body_start, body_end, "body", &mut marks, &mut blocks)?;
    // The page with the marks, in one pass.
    marks.sort_by_key(|(at, _)| *at);
    let mut html = String::with_capacity(page.len() + marks.len() * 48);
    let mut copied = 0;
    for (at, mark) in &marks {
        html.push_str(&page[copied..*at]);
        html.push_str(mark);
        copied = *at;
    }
    html.push_str(&page[copied..]);
    // Each leaf's HTML as served, with its mark.
    for block in &mut blocks {
        if block.container.is_none() {
            block.html = mark_leaf(&block.html, &block.hash)?;
        }
    }
    Some(Page { html, blocks })
}

/// The children of the element whose content is `page[from..to]`, as
/// blocks under `parent`; `None` when anything but elements and white
/// space is there.
fn children(
    page: &str,
    from: usize,
    to: usize,
    parent: &'static str,
    marks: &mut Vec<(usize, String)>,
    blocks: &mut Vec<Block>,
) -> Option<()> {
    let mut at = from;
    loop {
        at += page[at..to].len() - page[at..to].trim_start().len();
        if at >= to {
            return Some(());
        }
        let element = element_at(page, at)?;
        if element.end > to {
            return None;
        }
        let container = container_name(page, parent, element);
        match container {
            Some(name) => {
                let hash = hash(&page[element.start..element.open_end]);
                marks.push((
                    element.name_end,
                    format!(" data-pb=\"{name}\" data-pbh=\"{hash}\""),
                ));
                blocks.push(Block {
                    parent,
                    hash,
                    container: Some(name),
                    html: String::new(),
                });
                let close = element.end - format!("</{}>", element.tag).len();
                children(page, element.open_end, close, name, marks, blocks)?;
            }
            None => leaf(page, element, parent, marks, blocks),
        }
        at = element.end;
    }
}

/// The container an element is, if any: `<main>` in the body, and the
/// sections of [`CONTAINERS`] in `<main>`.
fn container_name(page: &str, parent: &str, element: Element<'_>) -> Option<&'static str> {
    match (parent, element.tag) {
        ("body", "main") => Some("main"),
        ("main", "section") => {
            let open = &page[element.start..element.open_end];
            CONTAINERS
                .into_iter()
                .find(|id| open.contains(&format!(" id=\"{id}\"")))
        }
        _ => None,
    }
}

fn leaf(
    page: &str,
    element: Element<'_>,
    parent: &'static str,
    marks: &mut Vec<(usize, String)>,
    blocks: &mut Vec<Block>,
) {
    let html = &page[element.start..element.end];
    let hash = hash(html);
    marks.push((element.name_end, format!(" data-pbh=\"{hash}\"")));
    blocks.push(Block {
        parent,
        hash,
        container: None,
        html: html.to_owned(),
    });
}

/// `html` (one element) with its block's mark after the tag name.
fn mark_leaf(html: &str, hash: &str) -> Option<String> {
    let name_end = 1 + html[1..].find(|c: char| !c.is_ascii_alphanumeric())?;
    let mut marked = html.to_owned();
    marked.insert_str(name_end, &format!(" data-pbh=\"{hash}\""));
    Some(marked)
}

/// The element that starts at `start` (a `<`), through its closing tag:
/// the raw text of `<script>` and `<style>` is skipped whole, and other
/// elements end where the tags of their name balance.
fn element_at(page: &str, start: usize) -> Option<Element<'_>> {
    let rest = page.get(start..)?;
    if !rest.starts_with('<') {
        return None;
    }
    let name_len = rest[1..].find(|c: char| !c.is_ascii_alphanumeric())?;
    if name_len == 0 {
        return None;
    }
    let tag = &rest[1..=name_len];
    let name_end = start + 1 + name_len;
    let open_end = name_end + page[name_end..].find('>')? + 1;
    let close = format!("</{tag}>");
    if matches!(tag, "script" | "style" | "title") {
        let end = open_end + page[open_end..].find(&close)? + close.len();
        return Some(Element {
            start,
            name_end,
            open_end,
            end,
            tag,
        });
    }
    let open = format!("<{tag}");
    let mut depth = 1usize;
    let mut at = open_end;
    while depth > 0 {
        let next = at + page[at..].find('<')?;
        let here = &page[next..];
        if here.starts_with(&close) {
            depth -= 1;
            at = next + close.len();
        } else if here.starts_with(&open)
            && here[open.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        {
            depth += 1;
            at = next + open.len();
        } else {
            at = next + 1;
        }
    }
    Some(Element {
        start,
        name_end,
        open_end,
        end: at,
        tag,
    })
}

/// A block's name: a hash of its HTML (the same HTML, the same hash, for
/// one build of probative).
fn hash(html: &str) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    html.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
        <title>T</title>\n<style>\na > b { x: y }\n</style>\n</head>\n<body>\n\
        <header><h1>T</h1></header>\n<main>\n<section id=\"verdict\"><p>v</p></section>\n\
        <nav><ol><li>a</li></ol></nav>\n<section id=\"evidence\">\n<h2>E</h2>\n\
        <article id=\"ev-a\"><header>a</header><section><p>1</p></section></article>\n\
        <article id=\"ev-b\"><div><div>b</div></div></article>\n</section>\n</main>\n\
        <footer>f</footer>\n<script>if (1 < 2) {}</script>\n</body>\n</html>\n";

    /// Without the marks the page is the report's, byte for byte; each
    /// block's HTML is in the page; containers come before their children.
    #[test]
    fn cuts_a_page_into_its_marked_blocks() {
        let page = cut(PAGE);
        let unmarked = page
            .blocks
            .iter()
            .fold(page.html.clone(), |html, b| {
                html.replace(&format!(" data-pbh=\"{}\"", b.hash), "")
            })
            .replace(" data-pb=\"main\"", "")
            .replace(" data-pb=\"evidence\"", "");
        assert_eq!(unmarked, PAGE);
        let shape: Vec<_> = page
            .blocks
            .iter()
            .map(|b| {
                let tag = b.html.get(1..4).unwrap_or("");
                format!("{}:{}", b.parent, b.container.unwrap_or(tag))
            })
            .collect();
        assert_eq!(
            shape,
            [
                "head:tit",
                "head:sty",
                "body:hea",
                "body:main",
                "main:sec",
                "main:nav",
                "main:evidence",
                "evidence:h2 ",
                "evidence:art",
                "evidence:art",
                "body:foo",
                "body:scr"
            ]
        );
        for block in &page.blocks {
            assert!(page.html.contains(&block.html), "{}", block.html);
        }
        let b = &page.blocks[9];
        assert!(b.html.starts_with("<article data-pbh=\""), "{}", b.html);
        assert!(
            b.html.ends_with("<div><div>b</div></div></article>"),
            "{}",
            b.html
        );
    }

    /// A change to one item changes that block's hash alone, and the page
    /// is sent only the HTML it does not have.
    #[test]
    fn a_change_sends_only_the_changed_blocks() {
        let before = cut(PAGE);
        let after = cut(&PAGE.replace("<p>1</p>", "<p>2</p>"));
        let json = after.json(Some(&before.hashes()));
        let sent: Vec<_> = json.iter().filter(|b| b.get("html").is_some()).collect();
        assert_eq!(sent.len(), 1);
        assert!(sent[0]["html"].as_str().unwrap().contains("<p>2</p>"));
        assert_eq!(sent[0]["parent"], "evidence");
        assert_eq!(
            after
                .json(None)
                .iter()
                .filter(|b| b.get("html").is_some())
                .count(),
            after
                .blocks
                .iter()
                .filter(|b| b.container.is_none())
                .count()
        );
    }

    /// Text between elements, or an element never closed: no blocks, and
    /// the page served as it is.
    #[test]
    fn a_page_that_does_not_cut_is_served_whole() {
        for broken in [
            PAGE.replace("<nav>", "stray text <nav>"),
            PAGE.replace("</footer>", ""),
        ] {
            let page = cut(&broken);
            assert!(page.blocks.is_empty());
            assert_eq!(page.html, broken);
        }
    }
}
