//! Several analysts: each judges alone, the panel is pooled, and the report
//! says where they disagree and whether it matters.
//!
//! The pooled judgment is the weighted logarithmic pool (Genest & Zidek):
//! pooled prior ∝ Π_a (π^a_i)^{w_a}, pooled factor Π_a (f^a_{e,i})^{w_a}.
//! It is externally Bayesian (pooling the posteriors gives the same answer
//! as updating the pooled prior with the pooled factors), and in decibels
//! every pooled weight of evidence is the weighted mean of the analysts'.
//! [`pooled_study`] writes the pool as a study (each pooled factor as a
//! likelihood), so the engine of [`super::analyse`] computes the posterior,
//! bounds, tests and lints of the pool exactly as it does for one analyst.
//!
//! What this module adds is about the panel: each analyst's posterior and
//! leader, the exact decomposition of two analysts' disagreement into a
//! prior gap and per-item gaps (in dB the posterior log-odds are the prior
//! log-odds plus the items' weights, so the gap splits exactly), the leader
//! with each analyst left out, the fewest items on which one analyst's view
//! would change the pooled leader, and Krippendorff's alpha.
//!
//! Architecture invariant: like the rest of the engine, no I/O, and the work
//! is linear in items × hypotheses × analysts.

use super::decibel::{DB_PER_NEPER, db};
use super::log_score::{self, LogScore};
use super::{Analysis, Leader, TIE, factor};
use crate::diagnostic::Diagnostic;
use crate::model::analysts::Analyst;
use crate::model::{Bibliography, Likelihood, Study, Written};

/// How the report pools the analysts. The log pool is always the pooled
/// result; `Linear` also reports the linear pool of the posteriors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pool {
    /// The weighted logarithmic pool alone.
    #[default]
    Log,
    /// The log pool, and beside it the linear pool of the posteriors.
    Linear,
}

impl Pool {
    /// The name used in the JSON report and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Pool::Log => "log",
            Pool::Linear => "linear",
        }
    }
}

/// Likelihoods of 0 or 1 count as this far from even odds, in dB, in the
/// agreement statistic, whose interval metric needs finite values.
pub const ALPHA_CLAMP_DB: f64 = 30.0;

/// One analyst's view of the whole study.
#[derive(Debug, Clone)]
pub struct Member {
    /// The analyst.
    pub analyst: Analyst,
    /// The weight, normalised over the analysts in use.
    pub weight: f64,
    /// ln π_i + Σ_e ln f_{e,i}, with zero factors counted apart.
    pub scores: Vec<LogScore>,
    /// P_a(H_i | all).
    pub posterior: Vec<f64>,
    /// This analyst's leader, runner-up and margin.
    pub leader: Leader,
    /// f_{e,i} at the point likelihoods, item-major (`e * k + i`).
    factors: Vec<f64>,
    k: usize,
}

impl Member {
    /// This analyst's factor f_{e,i}.
    pub fn factor(&self, e: usize, i: usize) -> f64 {
        self.factors[e * self.k + i]
    }

    /// This analyst's weight of item e for H_i against H_j, in dB.
    pub fn weight_db(&self, e: usize, i: usize, j: usize) -> f64 {
        db(self.factor(e, i), self.factor(e, j))
    }

    /// This analyst's prior log-odds of H_i against H_j, in dB.
    pub fn prior_db(&self, i: usize, j: usize) -> f64 {
        db(self.analyst.priors[i], self.analyst.priors[j])
    }

    /// This analyst's posterior log-odds of H_i against H_j, in dB.
    pub fn posterior_db(&self, i: usize, j: usize) -> f64 {
        score_db(self.scores[i], self.scores[j])
    }
}

/// The locus of contention between two analysts on two hypotheses:
/// post_b(i:j) − post_a(i:j) = prior gap + Σ item gaps, in dB.
#[derive(Debug, Clone, PartialEq)]
pub struct Contention {
    /// Member index of the first analyst (the gap is b − a).
    pub a: usize,
    /// Member index of the second.
    pub b: usize,
    /// The hypothesis whose odds are compared.
    pub i: usize,
    /// Its rival.
    pub j: usize,
    /// post_b(i:j) − post_a(i:j): the sum of the terms.
    pub total_db: f64,
    /// prior_b(i:j) − prior_a(i:j).
    pub prior_db: f64,
    /// (item, w^b_e(i:j) − w^a_e(i:j)) for every item where they differ,
    /// largest first (file order among equals).
    pub items: Vec<(usize, f64)>,
}

/// Adopting one analyst's judgments on these items, in place of the pool,
/// lets `rival` reach the pooled leader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The rival that reaches the leader.
    pub rival: usize,
    /// The items, in file order.
    pub evidence: Vec<usize>,
}

/// Everything the panel adds to the pooled analysis.
#[derive(Debug, Clone)]
pub struct Panel {
    /// How the report pools.
    pub pool: Pool,
    /// The analysts, in id order.
    pub members: Vec<Member>,
    /// The pooled priors (normalised).
    pub pooled_priors: Vec<f64>,
    /// The linear pool of the analysts' posteriors, Σ_a w_a P_a(H_i | all).
    pub linear: Vec<f64>,
    /// The pooled leader with each member left out (`None` with one analyst).
    pub without: Vec<Option<usize>>,
    /// The locus of contention for the pairs that matter, largest first.
    pub contention: Vec<Contention>,
    /// Per member, the fewest items on which adopting their view changes
    /// the pooled leader (`None`: no set of items does).
    pub adoption: Vec<Option<Adoption>>,
    /// Krippendorff's alpha (interval, on log-odds in dB) over the cells
    /// analysts judge; `None` when fewer than two analysts judge any cell
    /// or the values do not vary.
    pub alpha: Option<f64>,
}

impl Panel {
    /// The leader of the linear pool (file order among equals).
    pub fn linear_leader(&self) -> usize {
        (0..self.linear.len()).fold(0, |best, i| {
            if self.linear[i] > self.linear[best] {
                i
            } else {
                best
            }
        })
    }
}

/// Each analyst's scores and posterior. Fails, with the analyst's file
/// named, when an analyst's judgments rule out every hypothesis.
pub fn members(study: &Study, analysts: &[Analyst]) -> Result<Vec<Member>, Vec<Diagnostic>> {
    let k = study.hypotheses.len();
    let total: f64 = analysts.iter().map(|a| a.weight).sum();
    let mut out = Vec::with_capacity(analysts.len());
    let mut errors = Vec::new();
    for analyst in analysts {
        let mut scores: Vec<LogScore> = analyst.priors.iter().map(|&p| LogScore::of(p)).collect();
        let mut factors = Vec::with_capacity(study.evidence.len() * k);
        for (e, evidence) in study.evidence.iter().enumerate() {
            let r = analyst.reliability(study, e);
            for (i, score) in scores.iter_mut().enumerate() {
                let c = analyst.likelihood(study, e, i).point;
                let f = factor::factor_at(c, r, evidence.sensitivity(), evidence.observed);
                factors.push(f);
                score.add_factor(f);
            }
        }
        let Some(posterior) = log_score::normalise(&scores) else {
            errors.push(
                Diagnostic::error(
                    "impossible-evidence",
                    format!(
                        "with {}'s judgments the evidence rules out every hypothesis, so they have no posterior",
                        analyst.name
                    ),
                )
                .with_help("a likelihood of 0 (or 1 for an absent item) says the evidence is impossible under that hypothesis; use a small probability unless that is a logical certainty")
                .in_analyst(&analyst.id),
            );
            continue;
        };
        out.push(Member {
            analyst: analyst.clone(),
            weight: analyst.weight / total,
            leader: super::leader(&scores),
            scores,
            posterior,
            factors,
            k,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The study that carries the log pool: the pooled priors, and each item's
/// pooled factors written as likelihoods (with the ends of every analyst's
/// interval pooled into the interval's ends). Cells on which every analyst
/// agrees keep their likelihood exactly as written, so one analyst, or a
/// panel that judges nothing, gives the study back unchanged.
pub fn pooled_study(study: &Study, members: &[Member]) -> Study {
    let mut pooled = study.clone();
    let k = study.hypotheses.len();
    let priors_agree = members
        .iter()
        .all(|m| m.analyst.priors == members[0].analyst.priors);
    let priors = if priors_agree {
        members[0].analyst.priors.clone()
    } else {
        let scores: Vec<LogScore> = (0..k)
            .map(|i| LogScore {
                ln: members
                    .iter()
                    .map(|m| m.weight * m.analyst.priors[i].ln())
                    .sum(),
                zeros: 0,
            })
            .collect();
        log_score::normalise(&scores).unwrap_or_else(|| study.priors())
    };
    let any_given = members.iter().any(|m| m.analyst.priors_given);
    for (h, p) in pooled.hypotheses.iter_mut().zip(priors) {
        h.prior = p;
        h.prior_given |= any_given;
    }
    for (e, evidence) in pooled.evidence.iter_mut().enumerate() {
        let r0 = members[0].analyst.reliability(study, e);
        let same_r = members
            .iter()
            .all(|m| m.analyst.reliability(study, e) == r0);
        // With one reliability for all, the pooled factor is written as a
        // likelihood under it; otherwise the discount is folded into the
        // factor and the item is written at reliability 1.
        let r = if same_r { r0 } else { 1.0 };
        // An absence weighs 1 - s p: its pooled factor is written back
        // through the same sensitivity.
        let s = evidence.sensitivity();
        let mut cells = Vec::with_capacity(k);
        for i in 0..k {
            let first = members[0].analyst.likelihood(study, e, i);
            let agree = same_r
                && members
                    .iter()
                    .all(|m| m.analyst.likelihood(study, e, i) == first);
            if agree || r == 0.0 || (!evidence.observed && s == 0.0) {
                // At reliability 0 every factor is 1/2 whatever the
                // likelihood; a search that could not find E weighs 1.
                cells.push(if agree {
                    first.clone()
                } else {
                    evidence.likelihood[i].clone()
                });
                continue;
            }
            let (mut point, mut lo, mut hi) = (
                LogScore::default(),
                LogScore::default(),
                LogScore::default(),
            );
            for m in members {
                let l = m.analyst.likelihood(study, e, i);
                let ra = m.analyst.reliability(study, e);
                let at = |c| factor::factor_at(c, ra, s, evidence.observed);
                let (a, b) = (at(l.lo), at(l.hi));
                let weighted = |x: f64| LogScore {
                    ln: if x == 0.0 { 0.0 } else { m.weight * x.ln() },
                    zeros: u32::from(x == 0.0),
                };
                point.add(weighted(at(l.point)));
                lo.add(weighted(a.min(b)));
                hi.add(weighted(a.max(b)));
            }
            let value = |s: LogScore| if s.is_zero() { 0.0 } else { s.ln.exp() };
            let to_c = |f: f64| {
                let p = if evidence.observed { f } else { (1.0 - f) / s };
                let c = if r == 1.0 {
                    p
                } else {
                    (p - (1.0 - r) / 2.0) / r
                };
                c.clamp(0.0, 1.0)
            };
            let c = to_c(value(point));
            let (f_lo, f_hi) = (value(lo), value(hi));
            let (c_lo, c_hi) = if evidence.observed {
                (to_c(f_lo), to_c(f_hi))
            } else {
                (to_c(f_hi), to_c(f_lo))
            };
            let (c_lo, c_hi) = (c_lo.min(c), c_hi.max(c));
            cells.push(Likelihood {
                point: c,
                lo: c_lo,
                hi: c_hi,
                written: if c_lo == c_hi {
                    Written::Number
                } else {
                    Written::Interval
                },
            });
        }
        evidence.likelihood = cells;
        evidence.reliability = r;
    }
    pooled
}

/// Pools the analysts, analyses the pool with the engine, and adds what the
/// panel says. Returns the pooled study (what the reports show) and its
/// analysis, whose `analysts` holds the [`Panel`].
pub fn analyse_panel(
    study: &Study,
    analysts: &[Analyst],
    pool: Pool,
    bibliography: Option<&Bibliography>,
) -> Result<(Study, Analysis), Vec<Diagnostic>> {
    let members = members(study, analysts)?;
    let pooled = pooled_study(study, &members);
    let mut analysis = super::analyse(&pooled, bibliography)?;
    let panel = panel(study, members, &analysis, pool);
    let found = super::lints::run_panel(&pooled, &analysis, &panel);
    analysis.lints.extend(found);
    crate::diagnostic::sort(&mut analysis.lints);
    analysis.analysts = Some(Box::new(panel));
    Ok((pooled, analysis))
}

/// What the panel says about the pooled analysis `pooled`.
pub fn panel(study: &Study, members: Vec<Member>, pooled: &Analysis, pool: Pool) -> Panel {
    let k = study.hypotheses.len();
    let linear = (0..k)
        .map(|i| members.iter().map(|m| m.weight * m.posterior[i]).sum())
        .collect();
    let pooled_priors = log_score::normalise(
        &(0..k)
            .map(|i| LogScore {
                ln: members
                    .iter()
                    .map(|m| m.weight * m.analyst.priors[i].ln())
                    .sum(),
                zeros: 0,
            })
            .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|| study.priors());
    let without = (0..members.len())
        .map(|left_out| leader_without(&members, left_out))
        .collect();
    let contention = contention(study, &members, pooled);
    let adoption = members
        .iter()
        .map(|m| nearest_adoption(m, pooled))
        .collect();
    let alpha = agreement(study, &members);
    Panel {
        pool,
        members,
        pooled_priors,
        linear,
        without,
        contention,
        adoption,
        alpha,
    }
}

/// The pooled leader of every member but `left_out`; `None` when no one is
/// left.
pub fn leader_without(members: &[Member], left_out: usize) -> Option<usize> {
    if members.len() < 2 {
        return None;
    }
    let k = members[0].scores.len();
    let scores: Vec<LogScore> = (0..k)
        .map(|i| {
            let mut s = LogScore::default();
            for (a, m) in members.iter().enumerate() {
                if a != left_out {
                    s.ln += m.weight * m.scores[i].ln;
                    s.zeros += m.scores[i].zeros;
                }
            }
            s
        })
        .collect();
    Some(super::leader(&scores).leader)
}

/// The exact decomposition of post_b(i:j) − post_a(i:j) in dB.
pub fn decompose(
    study: &Study,
    a: &Member,
    b: &Member,
    i: usize,
    j: usize,
) -> (f64, Vec<(usize, f64)>) {
    let prior = b.prior_db(i, j) - a.prior_db(i, j);
    let mut items = Vec::new();
    for e in 0..study.evidence.len() {
        let (wa, wb) = (a.weight_db(e, i, j), b.weight_db(e, i, j));
        // Both infinite the same way: the item rules the same hypothesis out
        // for both analysts, which is no disagreement.
        let gap = if wa == wb { 0.0 } else { wb - wa };
        if gap != 0.0 {
            items.push((e, gap));
        }
    }
    (prior, items)
}

/// The locus of contention for the hypothesis pairs that matter (pooled
/// leader and runner-up; the focus and its strongest rival), for every pair
/// of analysts, ranked by the size of the gap.
fn contention(study: &Study, members: &[Member], pooled: &Analysis) -> Vec<Contention> {
    let Leader {
        leader, runner_up, ..
    } = pooled.leader;
    let mut pairs = vec![(leader, runner_up)];
    let focus = study.focus;
    let rival = (0..study.hypotheses.len())
        .filter(|&j| j != focus)
        .max_by(|&x, &y| {
            // The strongest rival: the highest posterior, file order among
            // equals.
            pooled.posterior[x]
                .total_cmp(&pooled.posterior[y])
                .then(y.cmp(&x))
        });
    if let Some(rival) = rival
        && ![(leader, runner_up), (runner_up, leader)].contains(&(focus, rival))
    {
        pairs.push((focus, rival));
    }
    let mut out = Vec::new();
    for &(i, j) in &pairs {
        for a in 0..members.len() {
            for b in a + 1..members.len() {
                let (prior_db, mut items) = decompose(study, &members[a], &members[b], i, j);
                let total_db = prior_db + items.iter().map(|(_, d)| d).sum::<f64>();
                items.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
                out.push(Contention {
                    a,
                    b,
                    i,
                    j,
                    total_db,
                    prior_db,
                    items,
                });
            }
        }
    }
    out.sort_by(|x, y| {
        y.total_db
            .abs()
            .total_cmp(&x.total_db.abs())
            .then((x.i, x.j, x.a, x.b).cmp(&(y.i, y.j, y.a, y.b)))
    });
    out
}

/// The fewest items on which adopting `member`'s judgments in place of the
/// pool lets a rival reach the pooled leader.
///
/// Adopting the member's view of item e changes the log-odds of the leader
/// L over a rival R by a fixed amount (the member's factors replace the
/// pooled ones), so for each rival the fewest items take the largest gains
/// first, as the nearest reversal does. A pooled factor of 0 for R that
/// the member does not share (another analyst's veto) must be adopted for
/// R to revive; one the member shares cannot be undone.
pub fn nearest_adoption(member: &Member, pooled: &Analysis) -> Option<Adoption> {
    let l = pooled.leader.leader;
    let k = pooled.scores.len();
    let mut best: Option<Adoption> = None;
    for r in (0..k).filter(|&r| r != l) {
        let mut gap = pooled.scores[l].ln - pooled.scores[r].ln;
        let mut zeros = pooled.scores[r].zeros;
        let mut taken = Vec::new();
        let mut gains = Vec::new();
        for (e, item) in pooled.items.iter().enumerate() {
            let pooled_l = item.factor_ln[l][1];
            let pooled_r = item.factor_ln[r][1];
            let (fl, fr) = (member.factor(e, l), member.factor(e, r));
            // The leader's factors are never 0: its score is not.
            let change_l = fl.ln() - pooled_l;
            if pooled_r == f64::NEG_INFINITY {
                if fr > 0.0 {
                    zeros -= 1;
                    taken.push(e);
                    gap -= fr.ln() - change_l;
                }
                continue;
            }
            let gain = (fr.ln() - pooled_r) - change_l;
            if gain > 0.0 {
                gains.push((gain, e));
            }
        }
        if zeros > 0 {
            continue;
        }
        gains.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut gains = gains.into_iter();
        while gap > TIE {
            let Some((gain, e)) = gains.next() else {
                break;
            };
            gap -= gain;
            taken.push(e);
        }
        if gap > TIE {
            continue;
        }
        taken.sort_unstable();
        if best.as_ref().is_none_or(|b| taken.len() < b.evidence.len()) {
            best = Some(Adoption {
                rival: r,
                evidence: taken,
            });
        }
    }
    best
}

/// Krippendorff's alpha over the (item, hypothesis) cells the analysts
/// judge, on the point likelihoods as log-odds in dB.
fn agreement(study: &Study, members: &[Member]) -> Option<f64> {
    let k = study.hypotheses.len();
    let mut units = Vec::new();
    for e in 0..study.evidence.len() {
        for i in 0..k {
            let values: Vec<f64> = members
                .iter()
                .filter(|m| m.analyst.judges(e, i))
                .map(|m| log_odds_db(m.analyst.likelihood(study, e, i).point))
                .collect();
            if values.len() >= 2 {
                units.push(values);
            }
        }
    }
    krippendorff_interval(&units)
}

/// 10 log10(c / (1 − c)), within ±[`ALPHA_CLAMP_DB`].
fn log_odds_db(c: f64) -> f64 {
    db(c, 1.0 - c).clamp(-ALPHA_CLAMP_DB, ALPHA_CLAMP_DB)
}

/// Krippendorff's alpha with the interval metric: 1 − D_o / D_e, where D_o
/// is the mean squared difference of values within a unit and D_e over all
/// pairable values. Units with fewer than two values are not pairable and
/// are left out. `None` when nothing is pairable or no values differ.
///
/// Computed from sums of values and squares, so the cost is linear in the
/// number of values.
pub fn krippendorff_interval(units: &[Vec<f64>]) -> Option<f64> {
    // Σ_{i≠j} (v_i − v_j)² = 2 (m Σ v² − (Σ v)²) over a set of m values.
    let pair_sum = |m: f64, sum: f64, squares: f64| 2.0 * (m * squares - sum * sum);
    let (mut n, mut total, mut total_squares, mut within) = (0.0, 0.0, 0.0, 0.0);
    for unit in units.iter().filter(|u| u.len() >= 2) {
        let m = unit.len() as f64;
        let sum: f64 = unit.iter().sum();
        let squares: f64 = unit.iter().map(|v| v * v).sum();
        within += pair_sum(m, sum, squares) / (m - 1.0);
        n += m;
        total += sum;
        total_squares += squares;
    }
    if n < 2.0 {
        return None;
    }
    let observed = within / n;
    let expected = pair_sum(n, total, total_squares) / (n * (n - 1.0));
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

fn score_db(a: LogScore, b: LogScore) -> f64 {
    match (a.is_zero(), b.is_zero()) {
        (true, true) => 0.0,
        (false, true) => f64::INFINITY,
        (true, false) => f64::NEG_INFINITY,
        (false, false) => (a.ln - b.ln) * DB_PER_NEPER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    /// The reliability data matrix of section C (four observers, twelve
    /// units, missing values), whose interval alpha is 0.849.
    #[test]
    fn krippendorff_published_example() {
        let nan = f64::NAN;
        let observers = [
            [1., 2., 3., 3., 2., 1., 4., 1., 2., nan, nan, nan],
            [1., 2., 3., 3., 2., 2., 4., 1., 2., 5., nan, 3.],
            [nan, 3., 3., 3., 2., 3., 4., 2., 2., 5., 1., nan],
            [1., 2., 3., 3., 2., 4., 4., 1., 2., 5., 1., nan],
        ];
        let units: Vec<Vec<f64>> = (0..12)
            .map(|u| {
                observers
                    .iter()
                    .map(|o| o[u])
                    .filter(|v| !v.is_nan())
                    .collect()
            })
            .collect();
        let alpha = krippendorff_interval(&units).expect("alpha");
        assert!((alpha - 0.849).abs() < 5e-4, "alpha {alpha}");
    }

    #[test]
    fn alpha_is_one_for_perfect_agreement_and_undefined_without_pairs() {
        let units = vec![vec![1.0, 1.0], vec![3.0, 3.0, 3.0]];
        assert_eq!(krippendorff_interval(&units), Some(1.0));
        assert_eq!(krippendorff_interval(&[vec![1.0]]), None);
        assert_eq!(krippendorff_interval(&[vec![2.0, 2.0]]), None);
    }
}
