//! How far the leader is from losing its lead.
//!
//! `fragile-conclusion` says whether some rival could reach the leader with
//! every likelihood at the end of its interval that favours the rival. This
//! module says how many evidence items it takes: the fewest items whose
//! judgments, moved to those ends (the rival's likelihood up, the leader's
//! down, as the sensitivity bounds move them), let a rival reach the
//! leader. "Three items away from reversal" reads very differently from
//! "forty", though both are fragile.
//!
//! For one rival the answer is exact and greedy: moving item e changes the
//! log-odds of the leader over the rival by a fixed amount g_e >= 0 (items
//! are independent), so the fewest moves that close a gap G take the largest
//! g_e first. Items that rule the rival out at their point values must move
//! whatever their gain, and an item that can rule the leader out closes any
//! gap alone.

use super::{Analysis, TIE};

/// The nearest reversal of the leader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversal {
    /// The rival that gets there with the fewest moves (the first in file
    /// order among equals).
    pub rival: usize,
    /// Which items' judgments move to the ends of their intervals, in file
    /// order: those that rule the rival out at their point values, and those
    /// that move the odds most.
    pub evidence: Vec<usize>,
}

impl Reversal {
    /// How many items must move.
    pub fn items(&self) -> usize {
        self.evidence.len()
    }
}

/// The fewest items whose judgments, at the ends of their intervals, let a
/// rival reach the leader; `None` when no rival can, whatever moves.
pub fn nearest_reversal(analysis: &Analysis) -> Option<Reversal> {
    let leader = analysis.leader.leader;
    let k = analysis.scores.len();
    // The runner-up first: it is usually nearest, and each answer caps how
    // far the search for the next rival need go.
    let mut rivals: Vec<usize> = (0..k).filter(|&j| j != leader).collect();
    rivals.sort_by_key(|&j| usize::from(j != analysis.leader.runner_up));
    let mut best: Option<Reversal> = None;
    let mut gains = Vec::with_capacity(analysis.items.len());
    for j in rivals {
        let cap = best.as_ref().map_or(usize::MAX, Reversal::items);
        let Some(mut evidence) = moves_to_reach(analysis, leader, j, cap, &mut gains) else {
            continue;
        };
        let better = best.as_ref().is_none_or(|b| {
            evidence.len() < b.items() || (evidence.len() == b.items() && j < b.rival)
        });
        if better {
            evidence.sort_unstable();
            best = Some(Reversal { rival: j, evidence });
        }
    }
    best
}

/// The fewest items to move for rival `j` to reach the leader `l`, if they
/// are at most `cap` (a larger answer is of no use to the caller).
fn moves_to_reach(
    analysis: &Analysis,
    l: usize,
    j: usize,
    cap: usize,
    gains: &mut Vec<(f64, usize)>,
) -> Option<Vec<usize>> {
    const MIN: usize = 0;
    const POINT: usize = 1;
    const MAX: usize = 2;
    let (score_l, score_j) = (analysis.scores[l], analysis.scores[j]);
    if !score_j.is_zero() && score_l.ln - score_j.ln <= TIE {
        return Some(Vec::new());
    }
    let mut moved = Vec::new();
    let mut revivable = true;
    let mut gap = score_l.ln - score_j.ln;
    gains.clear();
    for (e, item) in analysis.items.iter().enumerate() {
        let (fl, fj) = (item.factor_ln[l], item.factor_ln[j]);
        if fl[MIN] == f64::NEG_INFINITY && fl[POINT] > f64::NEG_INFINITY {
            // This item alone can rule the leader out: its posterior then
            // falls to 0, which every rival reaches (a tie counts, as in
            // `fragile-conclusion`).
            return Some(vec![e]);
        }
        if fj[POINT] == f64::NEG_INFINITY {
            // The rival is ruled out by this item at its point values: it
            // must move, and put its largest factor in the rival's score
            // (which leaves zero factors out) and its least in the leader's.
            // If no judgment revives it, only an item that rules the leader
            // out (further on, perhaps) can still make a tie.
            revivable &= fj[MAX] > f64::NEG_INFINITY;
            moved.push(e);
            gap -= fj[MAX] + (fl[POINT] - fl[MIN]);
        } else {
            let gain = (fj[MAX] - fj[POINT]) + (fl[POINT] - fl[MIN]);
            if gain > 0.0 {
                gains.push((gain, e));
            }
        }
    }
    if !revivable {
        return None;
    }
    if gap <= TIE {
        return Some(moved);
    }
    // Only the `cap - moved` largest gains can matter: bring them to the
    // front, then take them largest first (file order among equals).
    let largest_first =
        |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let room = cap.saturating_sub(moved.len()).min(gains.len());
    if room == 0 {
        return None;
    }
    if room < gains.len() {
        gains.select_nth_unstable_by(room - 1, largest_first);
    }
    let top = &mut gains[..room];
    top.sort_unstable_by(largest_first);
    let mut closed = 0.0;
    for &(gain, e) in top.iter() {
        closed += gain;
        moved.push(e);
        if closed >= gap - TIE {
            return Some(moved);
        }
    }
    None
}
