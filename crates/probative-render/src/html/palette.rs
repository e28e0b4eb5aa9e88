//! Colours: one per hypothesis, and the diverging scale of weights.
//!
//! Both must survive colour blindness and greyscale printing. Hypotheses
//! take the Okabe–Ito palette, ordered so that neighbours differ in
//! lightness, and every other hypothesis is also hatched, so a stacked bar
//! still reads in grey. Weights of evidence take a blue (for the focus) and
//! orange (against it) scale whose lightness falls with |dB|: in grey the
//! darkness still says how strong an item is, and the signed number printed
//! in each cell says which way.

/// The colour of hypothesis `i`, in study order (cycling after eight).
pub fn hypothesis(i: usize) -> &'static str {
    const OKABE_ITO: [&str; 8] = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ];
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Whether hypothesis `i` is hatched as well as coloured.
pub fn hatched(i: usize) -> bool {
    i % 2 == 1
}

/// An SVG stroke-dasharray per hypothesis, so lines differ without colour.
pub fn dash(i: usize) -> &'static str {
    const DASHES: [&str; 6] = ["none", "7 3", "2 3", "9 3 2 3", "4 4", "12 3 2 3 2 3"];
    DASHES[i % DASHES.len()]
}

/// The weight scale's classes: one neutral class under 1 dB, where an
/// item barely tells two hypotheses apart (the line of the
/// `non-diagnostic` lint), and five darker classes on each side, spread
/// evenly from 1 dB to the largest weight the study has, so that the
/// darkest class holds the study's strongest items whatever their size.
/// Discrete steps rather than a continuous ramp, so that each class keeps
/// one lightness in print and the legend can name its bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightScale {
    /// Where each darker class starts, in |dB|, increasing.
    pub edges: [f64; 5],
}

impl WeightScale {
    /// The scale for weights whose largest finite magnitude is `largest`
    /// (an infinite weight takes the darkest class whatever the scale).
    /// Edges are rounded to a tenth of a dB, as the cells print.
    pub fn fitted(largest: f64) -> Self {
        let top = if largest.is_finite() {
            largest.max(2.0)
        } else {
            2.0
        };
        let mut edges = [1.0; 5];
        for (k, edge) in edges.iter_mut().enumerate().skip(1) {
            *edge = (10.0 * (1.0 + (top - 1.0) * k as f64 / 4.0)).floor() / 10.0;
        }
        Self { edges }
    }

    /// The class of a weight in dB: 0 for the darkest against the
    /// column's hypothesis, 5 for neutral, 10 for the darkest for it.
    pub fn class(&self, db: f64) -> usize {
        // Classed as printed, to a tenth of a dB, so that two cells showing
        // the same number always share a colour.
        let shown = (db.abs() * 10.0).round() / 10.0;
        let strength = self.edges.iter().take_while(|&&edge| shown >= edge).count();
        if db.is_nan() || strength == 0 {
            5
        } else if db > 0.0 {
            5 + strength
        } else {
            5 - strength
        }
    }
}

/// Background and text colour of a class of [`WeightScale::class`].
pub fn class_colour(class: usize) -> (String, &'static str) {
    let colour = match class {
        0..=4 => ORANGES[4 - class],
        6..=10 => BLUES[class - 6],
        _ => NEUTRAL,
    };
    // Relative luminance decides the text colour, for contrast in colour
    // and in grey.
    let lum = colour
        .iter()
        .zip([0.2126, 0.7152, 0.0722])
        .map(|(&c, w)| w * f64::from(c) / 255.0)
        .sum::<f64>();
    (hex(colour), if lum < 0.45 { "#ffffff" } else { "#1a1a1a" })
}

const NEUTRAL: [u8; 3] = [0xf7, 0xf7, 0xf7];
/// From light to dark, one colour per class above each edge, for the
/// column's hypothesis.
const BLUES: [[u8; 3]; 5] = [
    [0xd6, 0xe6, 0xf4],
    [0x9e, 0xca, 0xe1],
    [0x42, 0x92, 0xc6],
    [0x21, 0x66, 0xac],
    [0x08, 0x30, 0x6b],
];
/// The same classes against it.
const ORANGES: [[u8; 3]; 5] = [
    [0xfe, 0xe6, 0xce],
    [0xfd, 0xae, 0x6b],
    [0xf1, 0x69, 0x13],
    [0xc6, 0x4a, 0x02],
    [0x7f, 0x27, 0x04],
];

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::{WeightScale, class_colour};

    #[test]
    fn weights_darken_with_strength_and_keep_their_side() {
        let scale = WeightScale::fitted(20.0);
        assert_eq!(scale.edges, [1.0, 5.7, 10.5, 15.2, 20.0]);
        assert_eq!(class_colour(scale.class(0.0)).0, "#f7f7f7");
        assert_eq!(class_colour(scale.class(-0.94)).0, "#f7f7f7");
        assert_eq!(class_colour(scale.class(-0.96)).0, "#fee6ce");
        assert_eq!(class_colour(scale.class(1.0)).0, "#d6e6f4");
        assert_eq!(class_colour(scale.class(-7.0)).0, "#fdae6b");
        assert_eq!(class_colour(scale.class(20.0)).0, "#08306b");
        assert_eq!(class_colour(scale.class(f64::NEG_INFINITY)).0, "#7f2704");
        assert_eq!(
            class_colour(scale.class(25.0)),
            class_colour(scale.class(f64::INFINITY))
        );
        assert_eq!(class_colour(scale.class(20.0)).1, "#ffffff");
        assert_eq!(class_colour(scale.class(2.0)).1, "#1a1a1a");
    }

    #[test]
    fn the_scale_fits_the_weights_the_study_has() {
        // A study whose strongest item weighs 5.4 dB uses every class.
        let scale = WeightScale::fitted(5.4);
        assert_eq!(scale.edges, [1.0, 2.1, 3.2, 4.3, 5.4]);
        assert_eq!(class_colour(scale.class(5.4)).0, "#08306b");
        assert_eq!(class_colour(scale.class(-3.3)).0, "#f16913");
        // Weak studies still get a readable scale, and no infinite edge.
        assert_eq!(WeightScale::fitted(0.3).edges, [1.0, 1.2, 1.5, 1.7, 2.0]);
        assert_eq!(WeightScale::fitted(f64::INFINITY).edges[4], 2.0);
    }
}
