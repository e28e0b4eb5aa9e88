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

use super::factor::factor;
use super::{Analysis, TIE};
use crate::model::Study;

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
pub fn nearest_reversal(study: &Study, analysis: &Analysis) -> Option<Reversal> {
    let leader = analysis.leader.leader;
    (0..study.hypotheses.len())
        .filter(|&j| j != leader)
        .filter_map(|j| {
            moves_to_reach(study, analysis, leader, j).map(|items| Reversal { rival: j, items })
        })
        .min_by_key(|r| r.items)
}

/// The fewest items to move for rival `j` to reach the leader `l`.
fn moves_to_reach(study: &Study, analysis: &Analysis, l: usize, j: usize) -> Option<usize> {
    let (score_l, score_j) = (analysis.scores[l], analysis.scores[j]);
    if !score_j.is_zero() && score_l.ln - score_j.ln <= TIE {
        return Some(0);
    }
    let mut required = 0;
    let mut revivable = true;
    let mut gap = score_l.ln - score_j.ln;
    let mut gains = Vec::new();
    for evidence in &study.evidence {
        let fj = factor(evidence, &evidence.likelihood[j]);
        let fl = factor(evidence, &evidence.likelihood[l]);
        if fl.min == 0.0 && fl.point > 0.0 {
            // This item alone can rule the leader out: its posterior then
            // falls to 0, which every rival reaches (a tie counts, as in
            // `fragile-conclusion`).
            return Some(1);
        }
        if fj.point == 0.0 {
            // The rival is ruled out by this item at its point values: it
            // must move, and put its largest factor in the rival's score
            // (which leaves zero factors out) and its least in the leader's.
            required += 1;
            revivable &= fj.max > 0.0;
            gap -= fj.max.ln() + (fl.point.ln() - fl.min.ln());
        } else {
            gains.push((fj.max.ln() - fj.point.ln()) + (fl.point.ln() - fl.min.ln()));
        }
    }
    if !revivable {
        return None;
    }
    if gap <= TIE {
        return Some(required);
    }
    gains.sort_by(|a, b| b.total_cmp(a));
    let mut closed = 0.0;
    for (n, gain) in gains.iter().enumerate() {
        if *gain <= 0.0 {
            break;
        }
        closed += gain;
        if closed >= gap - TIE {
            return Some(required + n + 1);
        }
    }
    None
}
