//! Likelihoods: point values with the interval they stand for.

use std::fmt;

/// P(E | H) as judged: an interval and the point value used for the posterior.
///
/// A number is the degenerate interval `[x, x]`; an interval `[lo, hi]` has
/// point `(lo + hi) / 2`; a term of estimative probability has the interval
/// and point of the ICD 203 scale ([`TERMS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Likelihood {
    /// The point value c.
    pub point: f64,
    /// The lower end of the interval.
    pub lo: f64,
    /// The upper end of the interval.
    pub hi: f64,
    /// How the study wrote it.
    pub written: Written,
}

/// How a likelihood was written in the study.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// A plain number.
    Number,
    /// An interval `[lo, hi]`.
    Interval,
    /// A term of estimative probability, as written (its case kept).
    Term(String),
}

impl Likelihood {
    /// A point value with no uncertainty.
    pub fn number(x: f64) -> Self {
        Self {
            point: x,
            lo: x,
            hi: x,
            written: Written::Number,
        }
    }

    /// An interval; its point is the midpoint.
    pub fn interval(lo: f64, hi: f64) -> Self {
        Self {
            point: f64::midpoint(lo, hi),
            lo,
            hi,
            written: Written::Interval,
        }
    }

    /// A term of the ICD 203 scale, matched case-insensitively.
    pub fn term(word: &str) -> Option<Self> {
        let wanted = word.trim();
        TERMS
            .iter()
            .find(|t| t.words.iter().any(|w| w.eq_ignore_ascii_case(wanted)))
            .map(|t| Self {
                point: t.point,
                lo: t.lo,
                hi: t.hi,
                written: Written::Term(word.to_owned()),
            })
    }

    /// Whether the interval has width (the judgment carries uncertainty).
    pub fn is_uncertain(&self) -> bool {
        self.hi > self.lo
    }
}

impl fmt::Display for Likelihood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Written::Number => write!(f, "{}", self.point),
            Written::Interval => write!(f, "[{}, {}]", self.lo, self.hi),
            Written::Term(word) => write!(f, "{word}"),
        }
    }
}

/// One band of the estimative-probability scale.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The words that name it, lower case.
    pub words: &'static [&'static str],
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Point value.
    pub point: f64,
}

/// The scale of US Intelligence Community Directive 203, as the study format
/// defines it.
pub const TERMS: &[Term] = &[
    Term {
        words: &["almost no chance", "remote"],
        lo: 0.01,
        hi: 0.05,
        point: 0.03,
    },
    Term {
        words: &["very unlikely", "highly improbable"],
        lo: 0.05,
        hi: 0.20,
        point: 0.125,
    },
    Term {
        words: &["unlikely", "improbable"],
        lo: 0.20,
        hi: 0.45,
        point: 0.325,
    },
    Term {
        words: &["roughly even chance", "roughly even odds"],
        lo: 0.45,
        hi: 0.55,
        point: 0.50,
    },
    Term {
        words: &["likely", "probable"],
        lo: 0.55,
        hi: 0.80,
        point: 0.675,
    },
    Term {
        words: &["very likely", "highly probable"],
        lo: 0.80,
        hi: 0.95,
        point: 0.875,
    },
    Term {
        words: &["almost certain", "nearly certain"],
        lo: 0.95,
        hi: 0.99,
        point: 0.97,
    },
];

/// Every accepted term, for error messages.
pub fn all_terms() -> Vec<&'static str> {
    TERMS.iter().flat_map(|t| t.words.iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_match_the_scale_case_insensitively() {
        let l = Likelihood::term("Very Likely").unwrap();
        assert_eq!((l.lo, l.hi, l.point), (0.80, 0.95, 0.875));
        assert!(Likelihood::term("quite likely").is_none());
        for t in TERMS {
            assert!((f64::midpoint(t.lo, t.hi) - t.point).abs() < 1e-12);
        }
    }
}
