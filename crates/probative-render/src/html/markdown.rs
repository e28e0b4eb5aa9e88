//! The little Markdown the page meets: lint explanations and messages.
//!
//! Lint explanations are the rules' doc comments (`## What it does`,
//! paragraphs, `- ` lists, fenced examples) and lint messages quote ids in
//! backticks. This module turns that subset into HTML, escaping every piece
//! of text through [`escape`]; anything it does not recognise stays words.
//! It is not a general Markdown renderer and must not grow into one: study
//! text is shown as written, never interpreted.

use super::escape::escape;

/// Block Markdown → HTML; `## Heading` becomes `<h{heading_level}>`.
pub fn blocks(markdown: &str, heading_level: u8) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<String> = None;
    for line in markdown.lines() {
        if let Some(block) = &mut code {
            if line.trim_start().starts_with("```") {
                w!(
                    out,
                    "<pre tabindex=\"0\"><code>{}</code></pre>\n",
                    escape(block.trim_end_matches('\n'))
                );
                code = None;
            } else {
                block.push_str(line);
                block.push('\n');
            }
            continue;
        }
        let trimmed = line.trim();
        let starts_block =
            trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("```");
        let item = trimmed.strip_prefix("- ");
        if starts_block || item.is_some() {
            flush_paragraph(&mut out, &mut paragraph);
        }
        if starts_block {
            flush_list(&mut out, &mut list);
        }
        if trimmed.starts_with("```") {
            code = Some(String::new());
        } else if let Some(heading) = trimmed.strip_prefix('#') {
            let text = heading.trim_start_matches('#').trim();
            w!(
                out,
                "<h{heading_level}>{}</h{heading_level}>\n",
                inline(text)
            );
        } else if let Some(item) = item {
            list.push(item.to_owned());
        } else if trimmed.is_empty() {
        } else if let (Some(last), true) = (list.last_mut(), line.starts_with(' ')) {
            // An indented line continues the list item above it.
            last.push(' ');
            last.push_str(trimmed);
        } else {
            flush_list(&mut out, &mut list);
            paragraph.push(trimmed);
        }
    }
    if let Some(block) = code {
        w!(
            out,
            "<pre tabindex=\"0\"><code>{}</code></pre>\n",
            escape(block.trim_end_matches('\n'))
        );
    }
    flush_paragraph(&mut out, &mut paragraph);
    flush_list(&mut out, &mut list);
    out
}

fn flush_paragraph(out: &mut String, lines: &mut Vec<&str>) {
    if !lines.is_empty() {
        w!(out, "<p>{}</p>\n", inline(&lines.join(" ")));
        lines.clear();
    }
}

fn flush_list(out: &mut String, items: &mut Vec<String>) {
    if !items.is_empty() {
        out.push_str("<ul>\n");
        for item in items.drain(..) {
            w!(out, "<li>{}</li>\n", inline(&item));
        }
        out.push_str("</ul>\n");
    }
}

/// Inline Markdown → HTML: `code`, **strong** and *emphasis*; every other
/// character is escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        let span = [("`", "code"), ("**", "strong"), ("*", "em")]
            .into_iter()
            .find_map(|(mark, tag)| {
                let inner = rest.strip_prefix(mark)?;
                let end = inner.find(mark).filter(|&n| n > 0)?;
                Some((tag, &inner[..end], &inner[end + mark.len()..]))
            });
        if let Some((tag, inner, after)) = span {
            let inner = if tag == "code" {
                escape(inner).to_string()
            } else {
                inline(inner)
            };
            w!(out, "<{tag}>{inner}</{tag}>");
            rest = after;
        } else {
            let skip = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[skip..]
                .find(['`', '*'])
                .map_or(rest.len(), |n| n + skip);
            w!(out, "{}", escape(&rest[..next]));
            rest = &rest[next..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{blocks, inline};

    #[test]
    fn explanations_keep_their_shape() {
        let doc = "## What it does\nWarns when `a`\nand *b*.\n\n## References\n- Heuer, R. J. (1999).\n  *Psychology*.\n- Two\n\n```toml\nx = \"<y>\"\n```\n";
        assert_eq!(
            blocks(doc, 4),
            "<h4>What it does</h4>\n<p>Warns when <code>a</code> and <em>b</em>.</p>\n\
             <h4>References</h4>\n<ul>\n<li>Heuer, R. J. (1999). <em>Psychology</em>.</li>\n<li>Two</li>\n</ul>\n\
             <pre tabindex=\"0\"><code>x = &quot;&lt;y&gt;&quot;</code></pre>\n"
        );
    }

    #[test]
    fn inline_markup_is_escaped_inside_and_out() {
        assert_eq!(
            inline("`<b>` and <i>*x*</i> 2 * 3"),
            "<code>&lt;b&gt;</code> and &lt;i&gt;<em>x</em>&lt;/i&gt; 2 * 3"
        );
        assert_eq!(inline("é*ü"), "é*ü");
    }
}
