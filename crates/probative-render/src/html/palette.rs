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

/// Where the weight scale changes colour, in |dB|. Below 1 dB an item
/// barely tells two hypotheses apart (the `non-diagnostic` lint's line);
/// 5, 10 and 20 dB are where Jeffreys's scale turns "substantial",
/// "strong" and "decisive"; 2.5 dB splits the weakest band. Discrete steps
/// rather than a continuous ramp, so that each class keeps one lightness
/// in print and the legend can name its bounds.
pub const EDGES: [f64; 5] = [1.0, 2.5, 5.0, 10.0, 20.0];

const NEUTRAL: [u8; 3] = [0xf7, 0xf7, 0xf7];
/// From light to dark, one colour per class above each edge, for the focus.
const BLUES: [[u8; 3]; 5] = [
    [0xd6, 0xe6, 0xf4],
    [0x9e, 0xca, 0xe1],
    [0x42, 0x92, 0xc6],
    [0x21, 0x66, 0xac],
    [0x08, 0x30, 0x6b],
];
/// The same classes against the focus.
const ORANGES: [[u8; 3]; 5] = [
    [0xfe, 0xe6, 0xce],
    [0xfd, 0xae, 0x6b],
    [0xf1, 0x69, 0x13],
    [0xc6, 0x4a, 0x02],
    [0x7f, 0x27, 0x04],
];

/// Background and text colour for a weight in dB (positive: for the focus).
pub fn weight(db: f64) -> (String, &'static str) {
    // Classed as printed, to a tenth of a dB, so that two cells showing the
    // same number always share a colour.
    let shown = (db.abs() * 10.0).round() / 10.0;
    let class = EDGES.iter().take_while(|&&edge| shown >= edge).count();
    if class == 0 || db.is_nan() {
        return (hex(NEUTRAL), "#1a1a1a");
    }
    let colour = if db > 0.0 {
        BLUES[class - 1]
    } else {
        ORANGES[class - 1]
    };
    // Relative luminance decides the text colour, for contrast in colour and in grey.
    let lum = colour
        .iter()
        .zip([0.2126, 0.7152, 0.0722])
        .map(|(&c, w)| w * f64::from(c) / 255.0)
        .sum::<f64>();
    (hex(colour), if lum < 0.45 { "#ffffff" } else { "#1a1a1a" })
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::weight;

    #[test]
    fn weights_darken_with_strength_and_keep_their_side() {
        assert_eq!(weight(0.0).0, "#f7f7f7");
        assert_eq!(weight(-0.94).0, "#f7f7f7");
        assert_eq!(weight(-0.96).0, "#fee6ce");
        assert_eq!(weight(1.0).0, "#d6e6f4");
        assert_eq!(weight(-7.0).0, "#f16913");
        assert_eq!(weight(20.0).0, "#08306b");
        assert_eq!(weight(f64::NEG_INFINITY).0, "#7f2704");
        assert_eq!(weight(25.0), weight(f64::INFINITY));
        assert_eq!(weight(20.0).1, "#ffffff");
        assert_eq!(weight(2.0).1, "#1a1a1a");
    }
}
