//! Products of many factors, kept in log space.
//!
//! A posterior numerator is a prior times thousands of factors: as a plain
//! product it underflows. [`LogScore`] keeps the sum of the logarithms of the
//! non-zero factors and, apart, how many factors were exactly zero, so that
//! a zero is exact and a group of items can be taken out again by
//! subtraction (see the `single-source-conclusion` lint).

/// The logarithm of a product of non-negative factors.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LogScore {
    /// Sum of the natural logarithms of the non-zero factors.
    pub ln: f64,
    /// How many factors were exactly zero.
    pub zeros: u32,
}

impl LogScore {
    /// The score of a single factor.
    pub fn of(x: f64) -> Self {
        if x == 0.0 {
            Self { ln: 0.0, zeros: 1 }
        } else {
            Self {
                ln: x.ln(),
                zeros: 0,
            }
        }
    }

    /// The score of a single factor given by its logarithm (`-inf` for 0).
    pub fn of_ln(ln: f64) -> Self {
        if ln == f64::NEG_INFINITY {
            Self { ln: 0.0, zeros: 1 }
        } else {
            Self { ln, zeros: 0 }
        }
    }

    /// Multiplies by a factor.
    pub fn add_factor(&mut self, x: f64) {
        if x == 0.0 {
            self.zeros += 1;
        } else {
            self.ln += x.ln();
        }
    }

    /// Multiplies by another product.
    pub fn add(&mut self, other: Self) {
        self.ln += other.ln;
        self.zeros += other.zeros;
    }

    /// Divides out a product that was multiplied in before.
    #[must_use]
    pub fn minus(self, other: Self) -> Self {
        Self {
            ln: self.ln - other.ln,
            zeros: self.zeros - other.zeros,
        }
    }

    /// Whether the product is exactly zero.
    pub fn is_zero(self) -> bool {
        self.zeros > 0
    }

    /// The natural log of the product (`-inf` when it is zero).
    pub fn value_ln(self) -> f64 {
        if self.is_zero() {
            f64::NEG_INFINITY
        } else {
            self.ln
        }
    }
}

/// Normalises scores into probabilities. Returns `None` when every score is
/// zero (the evidence rules out every hypothesis).
pub fn normalise(scores: &[LogScore]) -> Option<Vec<f64>> {
    let max = scores
        .iter()
        .filter(|s| !s.is_zero())
        .map(|s| s.ln)
        .fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return None;
    }
    let weights: Vec<f64> = scores
        .iter()
        .map(|s| if s.is_zero() { 0.0 } else { (s.ln - max).exp() })
        .collect();
    let total: f64 = weights.iter().sum();
    Some(weights.into_iter().map(|w| w / total).collect())
}

/// `P = exp(a) / (exp(a) + sum exp(others))`, in log space; `others` must
/// not all be zero when `a` is.
pub fn share(a: LogScore, others: impl Iterator<Item = LogScore> + Clone) -> f64 {
    if a.is_zero() {
        return 0.0;
    }
    let max = others
        .clone()
        .filter(|s| !s.is_zero())
        .map(|s| s.ln)
        .fold(a.ln, f64::max);
    let rest: f64 = others
        .filter(|s| !s.is_zero())
        .map(|s| (s.ln - max).exp())
        .sum();
    let own = (a.ln - max).exp();
    own / (own + rest)
}
