//! Numbers in words: what a margin or a posterior means to a reader.

use probative::analysis::decibel::jeffreys_words;

/// Posterior odds in words: "odds of 2.7:1". Jeffreys's words are not
/// used here: they describe a weight of evidence, and posterior odds
/// include the priors.
pub fn margin_in_words(margin_db: f64) -> String {
    if margin_db.is_infinite() {
        "the runner-up is ruled out".to_owned()
    } else {
        format!("odds of {}", odds(margin_db))
    }
}

/// A weight of evidence in words: "substantial on Jeffreys's scale".
pub fn evidence_in_words(evidence_db: f64) -> String {
    if evidence_db.is_infinite() {
        "conclusive: it rules the runner-up out".to_owned()
    } else {
        format!("{} on Jeffreys's scale", jeffreys_words(evidence_db))
    }
}

/// A decibel value without a plus sign, for prose: "3.2 dB", "-1.0 dB".
pub fn db_words(db: f64) -> String {
    format!("{} dB", signed_db(db).trim_start_matches('+'))
}

/// The odds a weight in dB stands for, "2.7:1".
pub fn odds(db: f64) -> String {
    let ratio = 10f64.powf(db / 10.0);
    if ratio >= 100.0 {
        format!("{ratio:.0}:1")
    } else {
        format!("{ratio:.1}:1")
    }
}

/// A decibel value for tables: "+3.2", "−inf".
pub fn signed_db(db: f64) -> String {
    if db == f64::INFINITY {
        "+inf".to_owned()
    } else if db == f64::NEG_INFINITY {
        "-inf".to_owned()
    } else if db.abs() < 0.05 {
        "0.0".to_owned()
    } else {
        format!("{db:+.1}")
    }
}

/// A probability for tables, three decimals.
pub fn probability(p: f64) -> String {
    format!("{p:.3}")
}

/// A sensitivity bound: three decimals, but never rounded to a certainty
/// the bound does not reach ("<0.001", ">0.999").
pub fn bound(p: f64) -> String {
    if p > 0.0 && p < 0.0005 {
        "<0.001".to_owned()
    } else if (0.9995..1.0).contains(&p) {
        ">0.999".to_owned()
    } else {
        format!("{p:.3}")
    }
}
