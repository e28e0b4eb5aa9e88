//! Decibels: the unit of weight of evidence (Good; Jaynes ch. 4).
//!
//! 10 dB is a likelihood ratio of 10:1; 3.01 dB is 2:1; weights of
//! conditionally independent items add.

/// Ten over ln 10: converts natural logarithms to decibels.
pub const DB_PER_NEPER: f64 = 10.0 / std::f64::consts::LN_10;

/// `db(x, y) = 10 log10(x / y)`, with `+inf` where only `y` is zero, `-inf`
/// where only `x` is zero, and 0 where both are (the study format's rule).
pub fn db(x: f64, y: f64) -> f64 {
    match (x == 0.0, y == 0.0) {
        (true, true) => 0.0,
        (false, true) => f64::INFINITY,
        (true, false) => f64::NEG_INFINITY,
        (false, false) => {
            let ratio = x / y;
            if ratio.is_finite() && ratio > 0.0 {
                10.0 * ratio.log10()
            } else {
                // The ratio over- or underflowed: subtract logarithms instead.
                10.0 * (x.log10() - y.log10())
            }
        }
    }
}

/// Jeffreys's words for a weight of evidence in decibels (Theory of
/// Probability, App. B): how much the evidence should move a reader.
pub fn jeffreys_words(db: f64) -> &'static str {
    let db = db.abs();
    if db < 5.0 {
        "barely worth mentioning"
    } else if db < 10.0 {
        "substantial"
    } else if db < 15.0 {
        "strong"
    } else if db < 20.0 {
        "very strong"
    } else {
        "decisive"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases_follow_the_spec() {
        assert_eq!(db(0.0, 0.0), 0.0);
        assert_eq!(db(0.5, 0.0), f64::INFINITY);
        assert_eq!(db(0.0, 0.5), f64::NEG_INFINITY);
        assert!((db(2.0, 1.0) - 3.010_299_956_639_812).abs() < 1e-12);
        assert!(
            (db(1.0, 1e-320) - 3200.0).abs() < 1e-3,
            "{}",
            db(1.0, 1e-320)
        );
    }

    #[test]
    fn words_follow_jeffreys_bands() {
        assert_eq!(jeffreys_words(4.99), "barely worth mentioning");
        assert_eq!(jeffreys_words(-12.0), "strong");
        assert_eq!(jeffreys_words(25.0), "decisive");
    }
}
