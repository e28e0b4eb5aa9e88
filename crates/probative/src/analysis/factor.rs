//! Factors: what one evidence item multiplies each hypothesis by.
//!
//! Schum's report-credibility model discounts the likelihood by the
//! reliability r of the report: p = r c + (1 - r) / 2, so that r = 1 leaves
//! c unchanged and r = 0 makes the item inert. The factor is p when E was
//! observed and 1 - p when it was looked for and not found.

use crate::model::{Evidence, Likelihood};

/// The reliability-discounted likelihood of the report, `p = r c + (1 - r)/2`.
pub fn discounted(c: f64, reliability: f64) -> f64 {
    reliability * c + (1.0 - reliability) / 2.0
}

/// The factor of an item at likelihood `c`.
pub fn factor_at(c: f64, reliability: f64, observed: bool) -> f64 {
    let p = discounted(c, reliability);
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
    let at = |c| factor_at(c, r, evidence.observed);
    let (lo, hi) = (at(likelihood.lo), at(likelihood.hi));
    // f increases with c when observed and decreases when not; at r = 0 it
    // is constant. Taking min and max covers every case.
    Factor {
        point: at(likelihood.point),
        min: lo.min(hi),
        max: lo.max(hi),
    }
}
