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

/// The largest |dB| the weight scale distinguishes: Jeffreys's "decisive".
pub const SCALE_DB: f64 = 20.0;

const NEUTRAL: [u8; 3] = [0xf7, 0xf7, 0xf7];
/// From light to dark: 4, 8, 12, 16 and 20 dB favouring the focus.
const BLUES: [[u8; 3]; 5] = [
    [0xd6, 0xe6, 0xf4],
    [0x9e, 0xca, 0xe1],
    [0x42, 0x92, 0xc6],
    [0x21, 0x66, 0xac],
    [0x08, 0x30, 0x6b],
];
/// The same steps against the focus.
const ORANGES: [[u8; 3]; 5] = [
    [0xfe, 0xe6, 0xce],
    [0xfd, 0xae, 0x6b],
    [0xf1, 0x69, 0x13],
    [0xc6, 0x4a, 0x02],
    [0x7f, 0x27, 0x04],
];

/// Background and text colour for a weight in dB (positive: for the focus).
pub fn weight(db: f64) -> (String, &'static str) {
    if db.is_nan() || db == 0.0 {
        return (hex(NEUTRAL), "#1a1a1a");
    }
    let ramp = if db > 0.0 { &BLUES } else { &ORANGES };
    let t = (db.abs() / SCALE_DB).min(1.0) * ramp.len() as f64;
    let step = (t.floor() as usize).min(ramp.len() - 1);
    let from = if step == 0 { NEUTRAL } else { ramp[step - 1] };
    let to = ramp[step];
    let frac = (t - step as f64).clamp(0.0, 1.0);
    let mix: [u8; 3] = std::array::from_fn(|k| {
        (f64::from(from[k]) + (f64::from(to[k]) - f64::from(from[k])) * frac).round() as u8
    });
    // Relative luminance decides the text colour, for contrast in colour and in grey.
    let lum = mix
        .iter()
        .zip([0.2126, 0.7152, 0.0722])
        .map(|(&c, w)| w * f64::from(c) / 255.0)
        .sum::<f64>();
    (hex(mix), if lum < 0.45 { "#ffffff" } else { "#1a1a1a" })
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
        assert_eq!(weight(20.0).0, "#08306b");
        assert_eq!(weight(f64::NEG_INFINITY).0, "#7f2704");
        assert_eq!(weight(25.0), weight(f64::INFINITY));
        assert_eq!(weight(20.0).1, "#ffffff");
        assert_eq!(weight(1.0).1, "#1a1a1a");
    }
}
