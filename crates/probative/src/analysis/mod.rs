//! Stage 3: the engine. Study → posteriors, weights, tests, bounds, lints.
//!
//! One pass over the evidence computes each item's factors, the running log
//! scores of all evidence, of each case and of each source, and the scores
//! at the ends of the likelihood intervals. Everything else (posteriors,
//! margins, bounds, the lints that ask "what if this source were gone") is
//! derived from those sums, so the work is linear in the number of items:
//! no step walks all the evidence once per hypothesis or per source.
//!
//! Architecture invariant: this module never sees files or text positions
//! except through the spans the model carries; it does no I/O.

pub mod analysts;
pub mod decibel;
pub mod factor;
pub mod lints;
pub mod log_score;
pub mod robustness;
pub mod van_evera;

use rustc_hash::FxHashMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Bibliography, Study};
pub use decibel::db;
pub use log_score::LogScore;
pub use van_evera::{Direction, Outcome, Test};

/// Everything the engine derives from a study.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Per evidence item, in file order.
    pub items: Vec<ItemAnalysis>,
    /// P(H_i | all evidence).
    pub posterior: Vec<f64>,
    /// P(H_i | all evidence) under equal priors, from the same factors: what
    /// the evidence says before the study's priors weigh in.
    pub posterior_uniform: Vec<f64>,
    /// The log posterior numerators over all evidence.
    pub scores: Vec<LogScore>,
    /// Exact sensitivity bounds of each posterior, `[min, max]`.
    pub bounds: Vec<[f64; 2]>,
    /// The scores with every factor at its most (`max`) and least (`min`)
    /// favourable end, from which bounds and fragility follow.
    pub extreme_scores: ExtremeScores,
    /// The leader, runner-up and margin.
    pub leader: Leader,
    /// The fewest items whose judgments, at the ends of their intervals,
    /// let a rival reach the leader (`None`: no rival can).
    pub reversal: Option<robustness::Reversal>,
    /// Per case, in file order.
    pub cases: Vec<CaseAnalysis>,
    /// Log scores of the items citing each source key, in first-citation
    /// order.
    pub sources: Vec<SourceGroup>,
    /// Event indices in timeline order.
    pub timeline: Vec<usize>,
    /// Per event (file order), the events whose order with it is unknown
    /// (overlapping date intervals), in timeline order.
    pub order_unknown: Vec<Vec<usize>>,
    /// Every lint, sorted as reports list them.
    pub lints: Vec<Diagnostic>,
    /// Several analysts: each one's view, and where they disagree. When
    /// present, everything above is the pooled judgment.
    pub analysts: Option<Box<analysts::Panel>>,
}

/// Scores at the ends of the likelihood intervals.
#[derive(Debug, Clone)]
pub struct ExtremeScores {
    /// ln pi_i + sum ln f_min.
    pub min: Vec<LogScore>,
    /// ln pi_i + sum ln f_max.
    pub max: Vec<LogScore>,
}

impl Analysis {
    /// The posterior log-odds of H_i against H_j in dB, db(P(H_i | all),
    /// P(H_j | all)), from the log numerators (finite even where a posterior
    /// underflows).
    pub fn posterior_odds_db(&self, i: usize, j: usize) -> f64 {
        margin(self.scores[i], self.scores[j])
    }

    /// The hypothesis the per-item weights of the focus are taken against:
    /// the focus's strongest rival, that is the leader when the focus does
    /// not lead, otherwise the runner-up. Against one fixed rival the
    /// items' weights w_e(focus : ref) add up to `evidence_db[focus][ref]`,
    /// which against the prior-weighted complement they do not.
    pub fn reference(&self, study: &Study) -> usize {
        if self.leader.leader == study.focus {
            self.leader.runner_up
        } else {
            self.leader.leader
        }
    }

    /// The weight of all the evidence for H_i against H_j in dB: the sum of
    /// the items' w_e(i:j), which moves the prior log-odds to the posterior
    /// log-odds.
    pub fn evidence_db(&self, study: &Study, i: usize, j: usize) -> f64 {
        let prior = |h: usize| LogScore::of(study.hypotheses[h].prior);
        margin(
            self.scores[i].minus(prior(i)),
            self.scores[j].minus(prior(j)),
        )
    }
}

/// What one evidence item does.
#[derive(Debug, Clone)]
pub struct ItemAnalysis {
    /// f_{e,i} for each hypothesis.
    pub factor: Vec<f64>,
    /// 10 log10 f_{e,i}: weights are differences of these.
    pub factor_db: Vec<f64>,
    /// ln f_{e,i} at the least, the point and the greatest likelihood of its
    /// interval (`-inf` for a zero factor): the sensitivity bounds and the
    /// nearest reversal are sums of these.
    pub factor_ln: Vec<[f64; 3]>,
    /// The derived test for each hypothesis.
    pub tests: Vec<Test>,
}

impl ItemAnalysis {
    /// The weight of evidence w_e(i:j) in dB.
    pub fn weight_db(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (self.factor[i], self.factor[j]);
        if a == 0.0 || b == 0.0 {
            db(a, b)
        } else {
            // A difference of logarithms computed once per factor: exact to
            // a few ulps of the larger log, well within the format's 1e-12
            // absolute near zero, and a division and a logarithm cheaper
            // per pair (a report of 20 hypotheses has 400 pairs per item).
            self.factor_db[i] - self.factor_db[j]
        }
    }

    /// The largest |w_e(i:j)| over all pairs: how well the item tells any two
    /// hypotheses apart.
    pub fn diagnosticity_db(&self) -> f64 {
        let max = self
            .factor
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let min = self.factor.iter().copied().fold(f64::INFINITY, f64::min);
        db(max, min)
    }
}

/// The hypothesis the evidence favours most, and by how much.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leader {
    /// Index of the leader L.
    pub leader: usize,
    /// Index of the runner-up R.
    pub runner_up: usize,
    /// db(P(L | all), P(R | all)), from the log numerators.
    pub margin_db: f64,
}

/// The evidence of one case and what it says alone.
#[derive(Debug, Clone)]
pub struct CaseAnalysis {
    /// The case's items, in file order.
    pub evidence: Vec<usize>,
    /// P(H_i | that case's evidence), from the priors.
    pub posterior: Vec<f64>,
}

/// The items that cite one source key, as their `source` or through `via`.
#[derive(Debug, Clone)]
pub struct SourceGroup {
    /// The key.
    pub key: String,
    /// The items citing it, in file order.
    pub items: Vec<usize>,
    /// The items that depend on those (directly or through others) without
    /// citing the key themselves, in file order: a removal of the source
    /// takes them along.
    pub dependents: Vec<usize>,
    /// The log product of the factors of `items` and `dependents`, per
    /// hypothesis.
    pub scores: Vec<LogScore>,
}

/// Posterior scores within this many nepers count as equal (1e-9 relative).
pub(crate) const TIE: f64 = 1e-9;

/// Analyses a validated study. Fails only when the evidence rules out every
/// hypothesis (or can, within the likelihood intervals): then no posterior
/// exists, and the error names the items that do it.
pub fn analyse(
    study: &Study,
    bibliography: Option<&Bibliography>,
) -> Result<Analysis, Vec<Diagnostic>> {
    let k = study.hypotheses.len();
    let priors = study.priors();
    let prior_scores: Vec<LogScore> = priors.iter().map(|&p| LogScore::of(p)).collect();
    let mut scores = prior_scores.clone();
    let mut min_scores = prior_scores.clone();
    let mut max_scores = prior_scores.clone();
    let mut case_scores = vec![prior_scores.clone(); study.cases.len()];
    let mut case_items = vec![Vec::new(); study.cases.len()];
    let mut source_index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut sources: Vec<SourceGroup> = Vec::new();
    // The first item whose factor is (or can be) zero, per hypothesis.
    let mut first_zero: Vec<Option<usize>> = vec![None; k];
    let mut first_reachable_zero: Vec<Option<usize>> = vec![None; k];

    let mut items = Vec::with_capacity(study.evidence.len());
    let mut groups: Vec<usize> = Vec::new();
    let mut p = Vec::with_capacity(k);
    let mut v = Vec::with_capacity(k);
    for (e, evidence) in study.evidence.iter().enumerate() {
        let mut item = ItemAnalysis {
            factor: Vec::with_capacity(k),
            factor_db: Vec::with_capacity(k),
            factor_ln: Vec::with_capacity(k),
            tests: Vec::with_capacity(k),
        };
        p.clear();
        // The groups of the item's source and of every key it came through;
        // a key named twice counts once.
        groups.clear();
        for key in evidence.source.iter().chain(&evidence.via) {
            let g = *source_index.entry(key).or_insert_with(|| {
                sources.push(SourceGroup {
                    key: key.clone(),
                    items: Vec::new(),
                    dependents: Vec::new(),
                    scores: vec![LogScore::default(); k],
                });
                sources.len() - 1
            });
            if !groups.contains(&g) {
                groups.push(g);
                sources[g].items.push(e);
            }
        }
        for (i, likelihood) in evidence.likelihood.iter().enumerate() {
            let f = factor::factor(evidence, likelihood);
            // Tests are read on the probability that E would be found, so
            // that an absence's `fail_db` is the update it made.
            p.push(factor::findable(
                factor::discounted(likelihood.point, evidence.reliability),
                evidence.sensitivity(),
                evidence.observed,
            ));
            item.factor.push(f.point);
            item.factor_db.push(10.0 * f.point.log10());
            let ln = |x: f64| if x == 0.0 { f64::NEG_INFINITY } else { x.ln() };
            let ln_point = ln(f.point);
            // A number, or a reliability of 0, has no range: one logarithm.
            let (ln_min, ln_max) = if f.min == f.max {
                (ln_point, ln_point)
            } else {
                (ln(f.min), ln(f.max))
            };
            item.factor_ln.push([ln_min, ln_point, ln_max]);
            let one = LogScore::of_ln(ln_point);
            scores[i].add(one);
            if let Some(c) = evidence.case {
                case_scores[c][i].add(one);
            }
            for &g in &groups {
                sources[g].scores[i].add(one);
            }
            min_scores[i].add(LogScore::of_ln(ln_min));
            max_scores[i].add(LogScore::of_ln(ln_max));
            if f.point == 0.0 && first_zero[i].is_none() {
                first_zero[i] = Some(e);
            }
            if f.min == 0.0 && first_reachable_zero[i].is_none() {
                first_reachable_zero[i] = Some(e);
            }
        }
        if let Some(c) = evidence.case {
            case_items[c].push(e);
        }
        van_evera::complements(&priors, &p, &mut v);
        for i in 0..k {
            item.tests.push(van_evera::derive(
                p[i],
                v[i],
                evidence.observed,
                study.settings.strong_db,
            ));
        }
        items.push(item);
    }

    add_dependents(study, &items, &mut sources);

    if first_reachable_zero.iter().all(Option::is_some) {
        return Err(vec![impossible(study, &first_zero, &first_reachable_zero)]);
    }
    let Some(posterior) = log_score::normalise(&scores) else {
        return Err(vec![impossible(study, &first_zero, &first_reachable_zero)]);
    };

    // Equal priors: the evidence's own log scores, normalised. They rule
    // out the same hypotheses as the posterior, so they normalise too.
    let evidence_scores: Vec<LogScore> = scores
        .iter()
        .zip(&prior_scores)
        .map(|(s, p)| s.minus(*p))
        .collect();
    let posterior_uniform =
        log_score::normalise(&evidence_scores).unwrap_or_else(|| posterior.clone());

    let lows = log_score::shares_against_the_rest(&min_scores, &max_scores);
    let highs = log_score::shares_against_the_rest(&max_scores, &min_scores);
    let bounds = (0..k)
        .map(|i| {
            // Rounding must not put the point value outside its bounds.
            [lows[i].min(posterior[i]), highs[i].max(posterior[i])]
        })
        .collect();

    let cases = case_scores
        .iter()
        .zip(case_items)
        .map(|(s, evidence)| CaseAnalysis {
            evidence,
            // A case cannot rule out every hypothesis unless all the
            // evidence does, which was refused above.
            posterior: log_score::normalise(s).unwrap_or_else(|| priors.clone()),
        })
        .collect();

    let leader = leader(&scores);
    let mut analysis = Analysis {
        items,
        posterior,
        posterior_uniform,
        scores,
        bounds,
        extreme_scores: ExtremeScores {
            min: min_scores,
            max: max_scores,
        },
        leader,
        reversal: None,
        cases,
        sources,
        timeline: study.timeline(),
        order_unknown: study.order_unknown(),
        lints: Vec::new(),
        analysts: None,
    };
    analysis.reversal = robustness::nearest_reversal(&analysis);
    analysis.lints = lints::run(study, &analysis, bibliography);
    Ok(analysis)
}

/// Adds to each source group the items that depend on its items, directly
/// or through others, with their factors: a counterfactual removal of the
/// source removes them too, since their likelihoods were judged conditional
/// on what it removes. Studies without `depends_on` skip this; otherwise
/// each group's walk visits only the items it adds.
fn add_dependents(study: &Study, items: &[ItemAnalysis], sources: &mut [SourceGroup]) {
    if study.evidence.iter().all(|e| e.depends_on.is_empty()) {
        return;
    }
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); study.evidence.len()];
    for (e, item) in study.evidence.iter().enumerate() {
        for &d in &item.depends_on {
            dependents[d].push(e);
        }
    }
    // The group that last visited each item, so that one vector serves all.
    let mut seen: Vec<usize> = vec![usize::MAX; study.evidence.len()];
    let mut stack = Vec::new();
    for (g, group) in sources.iter_mut().enumerate() {
        for &e in &group.items {
            seen[e] = g;
        }
        stack.extend_from_slice(&group.items);
        while let Some(e) = stack.pop() {
            for &d in &dependents[e] {
                if seen[d] != g {
                    seen[d] = g;
                    group.dependents.push(d);
                    stack.push(d);
                }
            }
        }
        group.dependents.sort_unstable();
        for &d in &group.dependents {
            for (score, ln) in group.scores.iter_mut().zip(&items[d].factor_ln) {
                score.add(LogScore::of_ln(ln[1]));
            }
        }
    }
}

/// Picks the leader and runner-up from log scores: highest first, scores
/// within [`TIE`] count as equal, and ties go to file order.
pub fn leader(scores: &[LogScore]) -> Leader {
    let best_except = |skip: Option<usize>| {
        let mut best: Option<usize> = None;
        for (i, s) in scores.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            best = match best {
                None => Some(i),
                Some(b) if beats(*s, scores[b]) => Some(i),
                keep => keep,
            };
        }
        best.unwrap_or(0)
    };
    let leader = best_except(None);
    let runner_up = best_except(Some(leader));
    let margin_db = margin(scores[leader], scores[runner_up]);
    Leader {
        leader,
        runner_up,
        margin_db,
    }
}

/// Whether score `a` is strictly higher than `b`, beyond a tie.
pub(crate) fn beats(a: LogScore, b: LogScore) -> bool {
    match (a.is_zero(), b.is_zero()) {
        (true, _) => false,
        (false, true) => true,
        (false, false) => a.ln - b.ln > TIE,
    }
}

/// Whether score `a` reaches `b` (is at least as high, within a tie).
pub(crate) fn reaches(a: LogScore, b: LogScore) -> bool {
    !beats(b, a)
}

fn margin(a: LogScore, b: LogScore) -> f64 {
    match (a.is_zero(), b.is_zero()) {
        (true, true) => 0.0,
        (false, true) => f64::INFINITY,
        (true, false) => f64::NEG_INFINITY,
        (false, false) => (a.ln - b.ln) * decibel::DB_PER_NEPER,
    }
}

fn impossible(
    study: &Study,
    first_zero: &[Option<usize>],
    reachable: &[Option<usize>],
) -> Diagnostic {
    let within_intervals = first_zero.iter().any(Option::is_none);
    let which = if within_intervals {
        reachable
    } else {
        first_zero
    };
    let list: Vec<String> = study
        .hypotheses
        .iter()
        .zip(which)
        .map(|(h, e)| {
            let item = e.map_or("?", |e| study.evidence[e].id.as_str());
            format!("`{}` by `{item}`", h.id)
        })
        .collect();
    let message = if within_intervals {
        format!(
            "within the likelihood intervals the evidence can rule out every hypothesis ({}), so the bounds are undefined",
            list.join(", ")
        )
    } else {
        format!(
            "the evidence rules out every hypothesis ({}), so no posterior exists",
            list.join(", ")
        )
    };
    let first = which.iter().flatten().min().copied().unwrap_or(0);
    let mut d = Diagnostic::error("impossible-evidence", message)
        .with_help("a likelihood of 0 (or 1 for an absent item) says the evidence is impossible under that hypothesis; unless that is a logical certainty, use a small probability instead");
    if let Some(item) = study.evidence.get(first) {
        d = d.at(item.spans.item.clone()).for_evidence(&item.id);
    }
    d
}
