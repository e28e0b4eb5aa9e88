//! Inline SVG, drawn by hand: the frame of a chart, scales, ticks, text.
//!
//! Each chart is a `<figure>` holding one `<svg role="img">` with a
//! `<title>` and `<desc>` that screen readers announce, and a caption the
//! page shows. Sizes are in CSS pixels of a 960-wide drawing that scales
//! down with the page. Colours come from [`super::palette`]; fonts from the
//! page's stylesheet, so the charts need nothing from the network.
//!
//! What it must not do: know about studies. The chart modules decide what
//! to draw; this one only knows how.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::escape::escape;

/// The charts' stylesheet: part of the page's, and copied into every
/// downloadable SVG so that the file draws the same alone. Colours are CSS
/// variables with light fallbacks, so the page's dark scheme recolours the
/// ink of every chart and a downloaded file is dark on white.
pub const STYLE: &str = include_str!("chart.css");

/// What a `data:` URL inside a double-quoted attribute must not hold as
/// itself: controls (newlines would be dropped by the URL parser), the
/// characters that end an attribute or start markup, and those that mean
/// something in a URL. Anything outside ASCII is encoded too.
const DATA_URL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'<')
    .add(b'>');

/// The placeholder name of a download, numbered by [`number_figures`].
const DOWNLOAD_NAME: &str = "download=\"figure.svg\"";

/// The width every chart is drawn at.
pub const WIDTH: f64 = 960.0;

/// Opens a chart: `<figure>`, `<svg>`, its `<title>` and `<desc>`.
pub fn open(out: &mut String, id: &str, height: f64, title: &str, description: &str) {
    w!(
        out,
        "<figure class=\"chart\" id=\"{id}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(description),
        id = escape(id),
        w = num(WIDTH),
        h = num(height),
    );
}

/// Closes a chart; `caption_html` is already HTML (escaped by the caller).
/// A chart with a caption is a numbered figure and offers itself as a
/// standalone SVG file: a `data:` link with the download attribute, which
/// needs no script and fetches nothing, so the page's policy allows it.
pub fn close(out: &mut String, caption_html: &str) {
    out.push_str("</svg>\n");
    if !caption_html.is_empty() {
        let start = out.rfind("<svg ").unwrap_or(0);
        let svg = standalone(&out[start..]);
        w!(
            out,
            "<figcaption>{caption_html} <a class=\"download\" {DOWNLOAD_NAME} href=\"data:image/svg+xml;charset=utf-8,{}\">Download SVG</a></figcaption>\n",
            utf8_percent_encode(&svg, DATA_URL)
        );
    }
    out.push_str("</figure>\n");
}

/// An inline chart as a file of its own: the XML declaration, and the
/// charts' stylesheet inside the `<svg>`.
fn standalone(svg: &str) -> String {
    let open_end = svg.find('>').map_or(0, |i| i + 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n<style>\nsvg {{ background: #fff; }}\n{STYLE}</style>{}",
        &svg[..open_end],
        &svg[open_end..]
    )
}

/// Numbers the page's figures in order ("Figure 1.") and names each
/// download after its figure (`figure-1.svg`), once the whole page is
/// written: the sections draw their charts without knowing how many came
/// before. Study text cannot hold the markers, since it is escaped.
pub fn number_figures(page: &str) -> String {
    const CAPTION: &str = "<figcaption>";
    let mut out = String::with_capacity(page.len() + 1024);
    let mut rest = page;
    let mut n = 0;
    while let Some(at) = rest.find(CAPTION) {
        n += 1;
        out.push_str(&rest[..at]);
        w!(out, "{CAPTION}<span class=\"fig-no\">Figure {n}.</span> ");
        rest = &rest[at + CAPTION.len()..];
        let end = rest.find("</figcaption>").unwrap_or(rest.len());
        if let Some(d) = rest[..end].find(DOWNLOAD_NAME) {
            out.push_str(&rest[..d]);
            w!(out, "download=\"figure-{n}.svg\"");
            rest = &rest[d + DOWNLOAD_NAME.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// A coordinate, to a tenth of a pixel: enough for print, short in the file.
pub fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_owned(),
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

/// A label at `(x, y)`; `anchor` is `start`, `middle` or `end`.
pub fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, label: &str) {
    w!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>\n",
        num(x),
        num(y),
        escape(label)
    );
}

/// A straight line.
pub fn line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64), class: &str) {
    w!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"{class}\"/>\n",
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    );
}

/// A linear map from data to pixels.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Data interval.
    pub domain: (f64, f64),
    /// Pixel interval.
    pub range: (f64, f64),
}

impl Scale {
    /// Maps `v`, clamped to the domain so nothing is drawn off the chart.
    pub fn at(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        let v = v.clamp(d0.min(d1), d0.max(d1));
        if d1 == d0 {
            r0
        } else {
            r0 + (v - d0) / (d1 - d0) * (r1 - r0)
        }
    }
}

/// Round tick values covering `[lo, hi]`, about `target` of them, at steps
/// of 1, 2 or 5 times a power of ten.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if hi <= lo || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let rough = (hi - lo) / target.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::{Scale, num, ticks};

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(-7.3, 12.1, 5), vec![-5.0, 0.0, 5.0, 10.0]);
        assert_eq!(ticks(0.0, 1.0, 4), vec![0.0, 0.5, 1.0]);
    }

    #[test]
    fn scales_clamp_and_numbers_are_short() {
        let s = Scale {
            domain: (0.0, 1.0),
            range: (100.0, 300.0),
        };
        assert_eq!(s.at(0.5), 200.0);
        assert_eq!(s.at(2.0), 300.0);
        assert_eq!(
            (num(3.0), num(-0.01), num(2.26)),
            ("3".to_owned(), "0".to_owned(), "2.3".to_owned())
        );
    }
}
