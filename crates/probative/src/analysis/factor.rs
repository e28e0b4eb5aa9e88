//! Factors: what one evidence item multiplies each hypothesis by.
//!
//! Schum's report-credibility model discounts the likelihood by the
//! reliability r of the report: p = r c + (1 - r) / 2, so that r = 1 leaves
//! c unchanged and r = 0 makes the item inert. The factor is p when E was
//! observed and 1 - s p when it was looked for and not found, where s is the
//! search's sensitivity: the chance that the search would have found E had
//! E existed (1 unless the study says otherwise). A search that could have
//! missed E makes its absence weaker evidence.

use crate::model::{Evidence, Likelihood};

/// The reliability-discounted likelihood of the report, `p = r c + (1 - r)/2`.
pub fn discounted(c: f64, reliability: f64) -> f64 {
    reliability * c + (1.0 - reliability) / 2.0
}

/// The probability that E would be found under a hypothesis whose reported
/// likelihood is `p`: `p` for an observed item, `s p` for an absence (the
/// search finds E only if E exists and the search catches it).
pub fn findable(p: f64, sensitivity: f64, observed: bool) -> f64 {
    if observed { p } else { sensitivity * p }
}

/// The factor of an item at likelihood `c`.
pub fn factor_at(c: f64, reliability: f64, sensitivity: f64, observed: bool) -> f64 {
    let p = findable(discounted(c, reliability), sensitivity, observed);
    if observed { p } else { 1.0 - p }
}

/// The point factor and its range as c runs over the likelihood interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor {
    /// f at the point likelihood.
    pub point: f64,
    /// The least f within the interval.
    pub min: f64,
    /// The greatest f within the interval.
    pub max: f64,
}

/// The factor of `evidence` for one hypothesis' likelihood.
pub fn factor(evidence: &Evidence, likelihood: &Likelihood) -> Factor {
    let r = evidence.reliability;
    let s = evidence.sensitivity();
    let at = |c| factor_at(c, r, s, evidence.observed);
    let (lo, hi) = (at(likelihood.lo), at(likelihood.hi));
    // f increases with c when observed and decreases when not; at r = 0 or
    // s = 0 it is constant. Taking min and max covers every case.
    Factor {
        point: at(likelihood.point),
        min: lo.min(hi),
        max: lo.max(hi),
    }
}
