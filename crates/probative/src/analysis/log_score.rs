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

/// A sum of exponentials `sum exp(x)` kept as its largest exponent and the
/// sum scaled by it, so that it neither overflows nor underflows.
#[derive(Debug, Clone, Copy)]
struct ExpSum {
    max: f64,
    scaled: f64,
}

impl ExpSum {
    const EMPTY: Self = Self {
        max: f64::NEG_INFINITY,
        scaled: 0.0,
    };

    fn plus(self, other: Self) -> Self {
        if other.scaled == 0.0 {
            return self;
        }
        if self.scaled == 0.0 {
            return other;
        }
        let max = self.max.max(other.max);
        Self {
            max,
            scaled: self.scaled * (self.max - max).exp() + other.scaled * (other.max - max).exp(),
        }
    }

    fn of(s: LogScore) -> Self {
        if s.is_zero() {
            Self::EMPTY
        } else {
            Self {
                max: s.ln,
                scaled: 1.0,
            }
        }
    }
}

/// For every `i`, [`share`] of `own[i]` against every `others[j]` but
/// `j = i`, in time linear in the number of hypotheses (a sum over the
/// others for each one was quadratic: 200,000 hypotheses took minutes).
/// The sums without `i` are joined from the sums before and after it, never
/// found by subtraction from a total, so a dominant score costs no
/// precision.
pub fn shares_against_the_rest(own: &[LogScore], others: &[LogScore]) -> Vec<f64> {
    let k = own.len().min(others.len());
    let mut after = vec![ExpSum::EMPTY; k + 1];
    for j in (0..k).rev() {
        after[j] = ExpSum::of(others[j]).plus(after[j + 1]);
    }
    let mut before = ExpSum::EMPTY;
    let mut out = Vec::with_capacity(k);
    for i in 0..k {
        let rest = before.plus(after[i + 1]);
        out.push(if own[i].is_zero() {
            0.0
        } else if rest.scaled == 0.0 {
            1.0
        } else {
            let max = own[i].ln.max(rest.max);
            let mine = (own[i].ln - max).exp();
            mine / (mine + rest.scaled * (rest.max - max).exp())
        });
        before = before.plus(ExpSum::of(others[i]));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The linear shares equal the direct sum over the others, zeros and
    /// extreme scores included.
    #[test]
    fn shares_against_the_rest_match_the_direct_sum() {
        let zero = LogScore { ln: 0.0, zeros: 1 };
        let score = |ln: f64| LogScore { ln, zeros: 0 };
        let cases: Vec<Vec<LogScore>> = vec![
            vec![score(-1.0), score(-2.0)],
            vec![score(-1.0), zero, score(-700.0), score(3.0), score(-1.5)],
            vec![zero, score(-1.0)],
            vec![score(-1.0), zero, zero],
            vec![score(-1000.0), score(-1001.0), score(-999.5)],
        ];
        for own in &cases {
            let others: Vec<LogScore> = own.iter().rev().copied().collect();
            let fast = shares_against_the_rest(own, &others);
            for i in 0..own.len() {
                let rest = (0..own.len()).filter(|&j| j != i).map(|j| others[j]);
                let direct = share(own[i], rest);
                assert!(
                    (fast[i] - direct).abs() <= 1e-12 * direct.abs().max(1e-300),
                    "{i}: {} vs {direct}",
                    fast[i]
                );
            }
        }
    }
}
