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

use super::escape::escape;

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
pub fn close(out: &mut String, caption_html: &str) {
    out.push_str("</svg>\n");
    if !caption_html.is_empty() {
        w!(out, "<figcaption>{caption_html}</figcaption>\n");
    }
    out.push_str("</figure>\n");
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
