//! Lints: checks of the reasoning, one rule per file.
//!
//! Each rule has a stable kebab-case code, a severity, and a doc comment
//! under fixed headings (What it does / Why is this bad? / Example /
//! References) that `probative explain CODE` prints. Rules read the study
//! and the numbers the engine already computed; none of them walks the
//! evidence more than once.

mod absence_without_search;
mod analyst_veto;
mod authority_as_evidence;
mod cannot_disconfirm;
mod contested_verdict;
mod declared_test_mismatch;
mod divided_panel;
mod dogmatic_likelihood;
mod duplicate_evidence;
mod empty_case;
mod fragile_conclusion;
mod no_outcome_variation;
mod no_strong_support;
mod non_diagnostic;
mod one_sided_evidence;
mod participant_only_support;
mod prior_sensitive_conclusion;
mod quote_unverified;
mod reading;
mod rivals_lumped;
mod single_source_conclusion;
mod temporal_order;
mod unanimous_panel;
mod uncited_source;
mod unknown_source;
mod unsourced_evidence;
mod unstated_search_sensitivity;
mod verdict_contradicted;

use super::Analysis;
use super::analysts::Panel;
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::model::{Bibliography, Study};

/// A lint rule.
#[derive(Debug, Clone, Copy)]
pub struct Lint {
    /// Stable code.
    pub code: &'static str,
    /// Severity of what it reports.
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// The full explanation (Markdown), from the rule's doc comment.
    pub doc: &'static str,
    check: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

impl Lint {
    /// A diagnostic of this rule.
    pub fn diagnostic(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message)
    }

    /// The explanation as plain text, without the doc comment's leading
    /// spaces.
    pub fn explanation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What a rule may read.
pub struct Context<'a> {
    /// The study.
    pub study: &'a Study,
    /// The engine's numbers.
    pub analysis: &'a Analysis,
    /// The bibliography, if the study names one and it could be read.
    pub bibliography: Option<&'a Bibliography>,
    /// The panel, when several analysts' files are in use.
    pub analysts: Option<&'a Panel>,
}

/// Declares a lint from its doc comment, code, severity, summary and check.
macro_rules! declare_lint {
    ($(#[doc = $doc:literal])* $name:ident, $code:literal, $severity:expr, $summary:literal, $check:path) => {
        $(#[doc = $doc])*
        pub const $name: $crate::analysis::lints::Lint = $crate::analysis::lints::Lint {
            code: $code,
            severity: $severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}
pub(crate) use declare_lint;

/// Every rule: the ten of the study format in its order, probative's own,
/// the checks of the reasoning in the order of the format's table, then the
/// rules about a panel of analysts.
pub const ALL: &[Lint] = &[
    unknown_source::UNKNOWN_SOURCE,
    uncited_source::UNCITED_SOURCE,
    empty_case::EMPTY_CASE,
    declared_test_mismatch::DECLARED_TEST_MISMATCH,
    dogmatic_likelihood::DOGMATIC_LIKELIHOOD,
    non_diagnostic::NON_DIAGNOSTIC,
    absence_without_search::ABSENCE_WITHOUT_SEARCH,
    duplicate_evidence::DUPLICATE_EVIDENCE,
    single_source_conclusion::SINGLE_SOURCE_CONCLUSION,
    fragile_conclusion::FRAGILE_CONCLUSION,
    unsourced_evidence::UNSOURCED_EVIDENCE,
    unstated_search_sensitivity::UNSTATED_SEARCH_SENSITIVITY,
    // The checks of the reasoning (study format 1.1).
    verdict_contradicted::VERDICT_CONTRADICTED,
    cannot_disconfirm::CANNOT_DISCONFIRM,
    no_strong_support::NO_STRONG_SUPPORT,
    rivals_lumped::RIVALS_LUMPED,
    one_sided_evidence::ONE_SIDED_EVIDENCE,
    temporal_order::TEMPORAL_ORDER,
    participant_only_support::PARTICIPANT_ONLY_SUPPORT,
    authority_as_evidence::AUTHORITY_AS_EVIDENCE,
    quote_unverified::QUOTE_UNVERIFIED,
    prior_sensitive_conclusion::PRIOR_SENSITIVE_CONCLUSION,
    no_outcome_variation::NO_OUTCOME_VARIATION,
    analyst_veto::ANALYST_VETO,
    divided_panel::DIVIDED_PANEL,
    unanimous_panel::UNANIMOUS_PANEL,
    contested_verdict::CONTESTED_VERDICT,
];

/// The rules about a panel of analysts, which only [`run_panel`] runs.
const PANEL: &[Lint] = &[
    analyst_veto::ANALYST_VETO,
    divided_panel::DIVIDED_PANEL,
    unanimous_panel::UNANIMOUS_PANEL,
    contested_verdict::CONTESTED_VERDICT,
];

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static Lint> {
    ALL.iter().find(|l| l.code == code)
}

/// Runs every rule and sorts what they report.
pub fn run(
    study: &Study,
    analysis: &Analysis,
    bibliography: Option<&Bibliography>,
) -> Vec<Diagnostic> {
    let context = Context {
        study,
        analysis,
        bibliography,
        analysts: None,
    };
    let mut out = Vec::new();
    for lint in ALL
        .iter()
        .filter(|l| !PANEL.iter().any(|p| p.code == l.code))
    {
        (lint.check)(&context, &mut out);
    }
    diagnostic::sort(&mut out);
    out
}

/// Runs the rules about a panel of analysts on the pooled study.
pub fn run_panel(study: &Study, analysis: &Analysis, panel: &Panel) -> Vec<Diagnostic> {
    let context = Context {
        study,
        analysis,
        bibliography: None,
        analysts: Some(panel),
    };
    let mut out = Vec::new();
    for lint in PANEL {
        (lint.check)(&context, &mut out);
    }
    out
}

/// Formats a list of ids as "`a`, `b` and `c`".
pub(crate) fn list(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
