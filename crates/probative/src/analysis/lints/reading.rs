//! How an item, as it came out, bears on one hypothesis: the two readings
//! the reasoning rules share.
//!
//! `realised_db` is what the item did to H against its prior-weighted
//! complement (`pass_db` if E was found, `fail_db` if not); `adverse_db` is
//! the most it could have counted against H had it come out the worse way
//! for H. "Supports H" means a realised weight of at least +1 dB, "counts
//! against H" at most -1 dB: below that no reader would notice the change.

use crate::analysis::{ItemAnalysis, Test};
use crate::model::Evidence;

/// The least weight, in dB, that counts as support or as counting against.
pub(crate) const NOTICEABLE_DB: f64 = 1.0;

/// What the item did to the hypothesis: `pass_db` if found, `fail_db` if not.
pub(crate) fn realised_db(test: &Test, observed: bool) -> f64 {
    if observed { test.pass_db } else { test.fail_db }
}

/// The most the item could have counted against the hypothesis.
pub(crate) fn adverse_db(test: &Test) -> f64 {
    test.pass_db.min(test.fail_db)
}

/// Whether the item, as it came out, supports the hypothesis.
pub(crate) fn supports(test: &Test, observed: bool) -> bool {
    realised_db(test, observed) >= NOTICEABLE_DB
}

/// Whether the item, as it came out, counts against the hypothesis.
pub(crate) fn counts_against(test: &Test, observed: bool) -> bool {
    realised_db(test, observed) <= -NOTICEABLE_DB
}

/// A weight in dB as the messages print it, with its sign.
pub(crate) fn signed(db: f64) -> String {
    format!("{db:+.1} dB")
}

/// Joins phrases as "a, b and c".
pub(crate) fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// An item and its weight, as the messages name them: "`id` (+2.0 dB)".
pub(crate) fn weighed(id: &str, db: f64) -> String {
    format!("`{id}` ({})", signed(db))
}

/// How an item carries weight, in the words of the rules that ask whether
/// an opinion or an unverified quotation does ("carries a declared test, or
/// has some |w_e(i:j)| >= 1"): "is declared a hoop test", "carries up to
/// 2.0 dB", or `None` when it carries neither.
pub(crate) fn carried_weight(evidence: &Evidence, item: &ItemAnalysis) -> Option<String> {
    if let Some(test) = evidence.declared_test {
        return Some(format!("is declared a {test} test"));
    }
    let weight = item.diagnosticity_db();
    (weight >= NOTICEABLE_DB)
        .then(|| format!("carries up to {}", signed(weight).trim_start_matches('+')))
}

/// The index and weight of the item with the largest weight, or `None` when
/// some item's weight reaches `strong` (or there is no item). Both rules
/// that ask "could any item have been strong?" read the items this way:
/// `no-strong-support` with the realised support for the focus,
/// `cannot-disconfirm` with the risk to it (its adverse weight, negated).
pub(crate) fn strongest_short_of(
    weights: impl IntoIterator<Item = f64>,
    strong: f64,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for (e, w) in weights.into_iter().enumerate() {
        if w >= strong {
            return None;
        }
        if best.is_none_or(|(_, b)| w > b) {
            best = Some((e, w));
        }
    }
    best
}
