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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reversal {
    /// The rival that gets there with the fewest moves (the first in file
    /// order among equals).
    pub rival: usize,
    /// How many items' judgments must move to the ends of their intervals.
    pub items: usize,
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
        let cap = best.map_or(usize::MAX, |b| b.items);
        if let Some(items) = moves_to_reach(analysis, leader, j, cap, &mut gains)
            && best.is_none_or(|b| items < b.items || (items == b.items && j < b.rival))
        {
            best = Some(Reversal { rival: j, items });
        }
    }
    best
}

/// The fewest items to move for rival `j` to reach the leader `l`, if that
/// is at most `cap` (a larger answer is of no use to the caller).
fn moves_to_reach(
    analysis: &Analysis,
    l: usize,
    j: usize,
    cap: usize,
    gains: &mut Vec<f64>,
) -> Option<usize> {
    const MIN: usize = 0;
    const POINT: usize = 1;
    const MAX: usize = 2;
    let (score_l, score_j) = (analysis.scores[l], analysis.scores[j]);
    if !score_j.is_zero() && score_l.ln - score_j.ln <= TIE {
        return Some(0);
    }
    let mut required = 0;
    let mut gap = score_l.ln - score_j.ln;
    gains.clear();
    for item in &analysis.items {
        let (fl, fj) = (item.factor_ln[l], item.factor_ln[j]);
        if fl[MIN] == f64::NEG_INFINITY && fl[POINT] > f64::NEG_INFINITY {
            // This item alone can rule the leader out: its posterior then
            // falls to 0, which every rival reaches (a tie counts, as in
            // `fragile-conclusion`).
            return Some(1);
        }
        if fj[POINT] == f64::NEG_INFINITY {
            // The rival is ruled out by this item at its point values: it
            // must move, and put its largest factor in the rival's score
            // (which leaves zero factors out) and its least in the leader's.
            if fj[MAX] == f64::NEG_INFINITY {
                return None;
            }
            required += 1;
            gap -= fj[MAX] + (fl[POINT] - fl[MIN]);
        } else {
            let gain = (fj[MAX] - fj[POINT]) + (fl[POINT] - fl[MIN]);
            if gain > 0.0 {
                gains.push(gain);
            }
        }
    }
    if gap <= TIE {
        return Some(required);
    }
    // Only the `cap - required` largest gains can matter: bring them to the
    // front, then take them largest first.
    let room = cap.saturating_sub(required).min(gains.len());
    if room == 0 {
        return None;
    }
    if room < gains.len() {
        gains.select_nth_unstable_by(room - 1, |a, b| b.total_cmp(a));
    }
    let top = &mut gains[..room];
    top.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut closed = 0.0;
    for (n, gain) in top.iter().enumerate() {
        closed += gain;
        if closed >= gap - TIE {
            return Some(required + n + 1);
        }
    }
    None
}
