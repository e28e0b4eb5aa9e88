//! Van Evera's tests, derived from the numbers rather than declared.
//!
//! An item is a test of H_i against its complement, the other hypotheses
//! weighted by their priors. Passing moves belief by `pass_db`, failing by
//! `fail_db`; an outcome of at least T dB either way is strong. Certainty
//! (Van Evera) is a strong failure; uniqueness a strong pass. So a hoop test
//! is strong only in absence, a smoking gun only in presence, a doubly
//! decisive test in both, and a straw in the wind in neither (Bennett 2008;
//! Humphreys & Jacobs 2015; Rohlfing 2014 for the dependence on the rivals).

use super::decibel::db;
use crate::model::TestType;

/// Which way an item points for a hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Finding E favours H.
    For,
    /// Finding E disfavours H.
    Against,
    /// E is as likely under H as under its complement.
    Neutral,
}

impl Direction {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::For => "for",
            Direction::Against => "against",
            Direction::Neutral => "neutral",
        }
    }
}

/// Whether the hypothesis passed the test, given what was observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The hypothesis passed.
    Passed,
    /// The hypothesis failed.
    Failed,
    /// A neutral item is no test.
    None,
}

impl Outcome {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::None => "none",
        }
    }
}

/// The derived test of one item for one hypothesis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    /// Van Evera type (of the complement's test when `Against`).
    pub test_type: TestType,
    /// Which way the item points.
    pub direction: Direction,
    /// Passed or failed, given the observation.
    pub outcome: Outcome,
    /// The update, in dB, if E is found.
    pub pass_db: f64,
    /// The update, in dB, if E is not found.
    pub fail_db: f64,
}

impl Test {
    /// The outcome the hypothesis predicts: E found (`Some(true)`) when the
    /// item points `for` it, E not found (`Some(false)`) when `against`,
    /// nothing when neutral.
    pub fn expects(&self) -> Option<bool> {
        match self.direction {
            Direction::For => Some(true),
            Direction::Against => Some(false),
            Direction::Neutral => None,
        }
    }

    /// The type of the item as a test of the hypothesis itself, read from
    /// its side: `test_type` describes the complement's test when the item
    /// points against, and a smoking gun for the complement by E's presence
    /// is a hoop for the hypothesis by E's absence (and the other way
    /// round). `None` for a neutral item, which tests nothing.
    pub fn h_type(&self) -> Option<TestType> {
        match self.direction {
            Direction::For => Some(self.test_type),
            Direction::Against => Some(match self.test_type {
                TestType::Hoop => TestType::SmokingGun,
                TestType::SmokingGun => TestType::Hoop,
                other => other,
            }),
            Direction::Neutral => None,
        }
    }

    /// Whether the numbers bear out an analyst's label: the item is this
    /// type of test of the hypothesis it is declared for, read from that
    /// hypothesis's side (`h_type`). This is what `declared-test-mismatch`
    /// checks and what the reports mark.
    pub fn confirms(&self, declared: TestType) -> bool {
        self.h_type() == Some(declared)
    }
}

/// Derives the test from `u = p_i` and `v`, the prior-weighted `p` of the
/// other hypotheses, with strength threshold `strong_db`.
pub fn derive(u: f64, v: f64, observed: bool, strong_db: f64) -> Test {
    let pass_db = db(u, v);
    let fail_db = db(1.0 - u, 1.0 - v);
    let direction = if (u - v).abs() <= 1e-12 * u.max(v) {
        Direction::Neutral
    } else if u > v {
        Direction::For
    } else {
        Direction::Against
    };
    let presence = pass_db.abs() >= strong_db;
    let absence = fail_db.abs() >= strong_db;
    let test_type = match (presence, absence) {
        (true, true) => TestType::DoublyDecisive,
        (true, false) => TestType::SmokingGun,
        (false, true) => TestType::Hoop,
        (false, false) => TestType::StrawInTheWind,
    };
    let outcome = match (direction, observed) {
        (Direction::Neutral, _) => Outcome::None,
        (Direction::For, true) | (Direction::Against, false) => Outcome::Passed,
        (Direction::For, false) | (Direction::Against, true) => Outcome::Failed,
    };
    Test {
        test_type,
        direction,
        outcome,
        pass_db,
        fail_db,
    }
}

/// `v` for every hypothesis: `sum_{j != i} pi_j p_j / sum_{j != i} pi_j`,
/// summed directly (not by subtraction from a total) so that a dominant
/// prior cannot cost precision: the sums before `i` and after it are kept
/// as the loop goes, so the cost is linear in the number of hypotheses.
pub fn complements(priors: &[f64], p: &[f64], out: &mut Vec<f64>) {
    out.clear();
    let k = p.len();
    let mut after = vec![(0.0, 0.0); k + 1];
    for j in (0..k).rev() {
        after[j] = (
            after[j + 1].0 + priors[j] * p[j],
            after[j + 1].1 + priors[j],
        );
    }
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..k {
        out.push((num + after[i + 1].0) / (den + after[i + 1].1));
        num += priors[i] * p[i];
        den += priors[i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Humphreys & Jacobs (2023, ch. 5), the four canonical tests at prior
    /// 0.5 (reference W4): types and weights in dB.
    #[test]
    fn canonical_tests_of_humphreys_and_jacobs() {
        let cases = [
            (0.6, 0.4, TestType::StrawInTheWind, 1.76, -1.76),
            (0.95, 0.6, TestType::Hoop, 2.00, -9.03),
            (0.4, 0.05, TestType::SmokingGun, 9.03, -2.00),
            (0.95, 0.05, TestType::DoublyDecisive, 12.79, -12.79),
        ];
        for (u, v, expected, pass, fail) in cases {
            let t = derive(u, v, true, 5.0);
            assert_eq!(t.test_type, expected, "u={u} v={v}");
            assert!((t.pass_db - pass).abs() < 0.005, "{} vs {pass}", t.pass_db);
            assert!((t.fail_db - fail).abs() < 0.005, "{} vs {fail}", t.fail_db);
            assert_eq!(t.direction, Direction::For);
            assert_eq!(t.outcome, Outcome::Passed);
        }
        // The hoop's pass weight equals the smoking gun's failing |weight|.
        let hoop = derive(0.95, 0.6, true, 5.0);
        let gun = derive(0.4, 0.05, false, 5.0);
        assert!((hoop.pass_db + gun.fail_db).abs() < 1e-12);
        assert_eq!(gun.outcome, Outcome::Failed);
    }

    #[test]
    fn against_and_neutral() {
        let t = derive(0.05, 0.95, true, 5.0);
        assert_eq!(
            (t.direction, t.outcome, t.test_type),
            (
                Direction::Against,
                Outcome::Failed,
                TestType::DoublyDecisive
            )
        );
        let t = derive(0.3, 0.3, false, 5.0);
        assert_eq!(
            (t.direction, t.outcome),
            (Direction::Neutral, Outcome::None)
        );
        assert_eq!((t.expects(), t.h_type()), (None, None));
    }

    /// A hoop test framed as an absence: H predicts that a denial will not
    /// be found, and the denial would be likely under the rivals. For the
    /// complement, finding the denial is a smoking gun; for H, not finding
    /// it is a hoop it must jump through, and it jumped.
    #[test]
    fn an_absence_is_read_from_the_hypothesis_side() {
        let t = derive(0.05, 0.6, false, 5.0);
        assert_eq!(t.direction, Direction::Against);
        assert_eq!(t.test_type, TestType::SmokingGun);
        assert_eq!(t.expects(), Some(false));
        assert_eq!(t.h_type(), Some(TestType::Hoop));
        assert_eq!(t.outcome, Outcome::Passed);
        assert!(t.confirms(TestType::Hoop));
        assert!(!t.confirms(TestType::SmokingGun));
        // A straw in the wind and a doubly decisive test stay what they are.
        let t = derive(0.05, 0.95, true, 5.0);
        assert_eq!(t.h_type(), Some(TestType::DoublyDecisive));
        let t = derive(0.4, 0.6, true, 5.0);
        assert_eq!(t.h_type(), Some(TestType::StrawInTheWind));
    }
}
