use super::{Context, declare_lint};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Scope;

declare_lint! {
    /// ## What it does
    /// Warns when the study claims more than its cases (`scope =
    /// "population"` or `"forecast"`), has at least two cases, and every case
    /// that states an `outcome` states the same one, or no case states one.
    ///
    /// ## Why is this bad?
    /// Cases that all share the outcome cannot show what makes the outcome
    /// happen: the cause the study credits may be just as present where the
    /// outcome fails to occur. Within-case process tracing of positive cases
    /// can test a mechanism in those cases, but a claim about other cases or
    /// about the future needs variation on the outcome (or an argument why
    /// the cases stand for the rest). Selecting on the dependent variable is
    /// the classic source of such overreach.
    ///
    /// ## Example
    /// ```toml
    /// [study]
    /// scope = "forecast"
    /// [[case]]
    /// outcome = "no reciprocation"   # and so for every case
    /// ```
    ///
    /// ## References
    /// - Geddes, B. (1990). How the cases you choose affect the answers you
    ///   get: Selection bias in comparative politics. *Political Analysis*,
    ///   2, 131–150.
    /// - King, G., Keohane, R. O., & Verba, S. (1994). *Designing Social
    ///   Inquiry*. Princeton University Press, ch. 4.
    /// - Collier, D., & Mahoney, J. (1996). Insights and pitfalls: Selection
    ///   bias in qualitative research. *World Politics*, 49(1), 56–91.
    NO_OUTCOME_VARIATION, "no-outcome-variation", Severity::Warning,
    "a claim beyond the cases rests on cases that share one outcome",
    check
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let study = cx.study;
    let claim = match study.scope {
        Scope::Cases => return,
        Scope::Population => "cases beyond those studied",
        Scope::Forecast => "the future",
    };
    if study.cases.len() < 2 {
        return;
    }
    let mut outcomes = study.cases.iter().filter_map(|c| c.outcome.as_deref());
    let message = match outcomes.next() {
        None => format!(
            "the study claims to cover {claim} (scope `{}`), but none of its {} cases states an outcome: nothing shows the outcome varies",
            study.scope.as_str(),
            study.cases.len()
        ),
        Some(first) => {
            let same = |o: &str| o.trim().eq_ignore_ascii_case(first.trim());
            if !outcomes.all(same) {
                return;
            }
            let stated = study.cases.iter().filter(|c| c.outcome.is_some()).count();
            format!(
                "the study claims to cover {claim} (scope `{}`), but every case that states an outcome ({stated} of {}) states the same one: \"{first}\"",
                study.scope.as_str(),
                study.cases.len()
            )
        }
    };
    out.push(
        NO_OUTCOME_VARIATION
            .diagnostic(message)
            .with_help("add cases where the outcome differs, or narrow the claim to the cases studied (`scope = \"cases\"`)"),
    );
}
