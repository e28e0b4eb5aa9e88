use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};

declare_lint! {
    /// ## What it does
    /// Notes an item that risked nothing: whichever way it had come out,
    /// it would have told no two hypotheses apart by 1 dB. For every pair,
    /// both the weight had E been found and the weight had E not been found
    /// are below 1 dB (after reliability, and for an absence after the
    /// search's sensitivity).
    ///
    /// ## Why is this bad?
    /// Evidence consistent with every hypothesis is no evidence for any of
    /// them: only the ratio of likelihoods moves belief. Heuer's Analysis of
    /// Competing Hypotheses asks analysts to set such items aside; citing
    /// them as support inflates how much was tested. 1 dB is a likelihood
    /// ratio of about 1.26. An item whose actual outcome moved little but
    /// whose other outcome would have mattered (a passed hoop test) did
    /// risk something, and is a test: it gets no note.
    ///
    /// ## Example
    /// ```toml
    /// likelihood = { empire = 0.5, lobby = 0.45 }   # 0.46 dB if found, 0.41 dB if not
    /// ```
    ///
    /// ## References
    /// - Heuer, R. J. (1999). *Psychology of Intelligence Analysis*. CIA
    ///   Center for the Study of Intelligence, ch. 8.
    /// - Fairfield, T., & Charman, A. E. (2017). Explicit Bayesian analysis
    ///   for process tracing. *Political Analysis*, 25(3), 363–380.
    NON_DIAGNOSTIC, "non-diagnostic", Severity::Note,
    "an item risked nothing: neither outcome tells two hypotheses apart by 1 dB",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (evidence, item) in cx.study.evidence.iter().zip(&cx.analysis.items) {
        let (found, missed) = spreads(&item.factor, evidence.observed);
        if found < 1.0 && missed < 1.0 {
            out.push(
                NON_DIAGNOSTIC
                    .diagnostic(format!(
                        "`{}` risked nothing: it tells no two hypotheses apart by more than {found:.2} dB had E been found, or {missed:.2} dB had it not",
                        evidence.id
                    ))
                    .at(evidence.spans.item.start..evidence.spans.item.start)
                    .for_evidence(&evidence.id)
                    .with_help("evidence everyone expects tests nothing; look for evidence the rivals predict differently"),
            );
        }
    }
}

/// The largest weight between two hypotheses had E been found, and had it
/// not, from the factors of the outcome that happened: a factor is the
/// probability of finding E when E was observed, and of not finding it
/// otherwise.
fn spreads(factors: &[f64], observed: bool) -> (f64, f64) {
    let spread = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        crate::analysis::db(hi, lo)
    };
    let actual = spread(&mut factors.iter().copied());
    let other = spread(&mut factors.iter().map(|f| 1.0 - f));
    if observed {
        (actual, other)
    } else {
        (other, actual)
    }
}
