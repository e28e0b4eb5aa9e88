//! Which warnings about the reasoning qualify the verdict, in words.
//!
//! A margin in decibels and Jeffreys's word for it ("decisive") describe the
//! arithmetic; they say nothing about whether the rivals were judged one by
//! one or whether anything could have counted against the theory. When the
//! lints found that the conclusion rests on such reasoning, the verdict says
//! so next to the margin, in the text, Markdown and HTML reports alike, so
//! that no report prints "decisive" alone.

use probative::analysis::Analysis;

/// The lints that qualify the verdict, each with what the conclusion then
/// rests on, in the order the sentence names them.
const QUALIFIERS: &[(&str, &str)] = &[
    (
        "rivals-lumped",
        "rivals judged as one block (every rival given the same likelihood)",
    ),
    (
        "one-sided-evidence",
        "one-sided evidence (nothing in the study counts against the theory)",
    ),
    (
        "cannot-disconfirm",
        "tests that could not have disconfirmed the theory",
    ),
    (
        "no-strong-support",
        "weak evidence only (no item supports the theory strongly)",
    ),
    (
        "verdict-contradicted",
        "declared verdicts that the cases' own evidence contradicts",
    ),
    (
        "participant-only-support",
        "the word of participants, commentators or no source at all",
    ),
    (
        "prior-sensitive-conclusion",
        "the priors more than the evidence",
    ),
];

/// One sentence on what the conclusion rests on, naming each qualifying
/// lint's code; `None` when no such lint fired.
pub fn sentence(analysis: &Analysis) -> Option<String> {
    let parts: Vec<String> = QUALIFIERS
        .iter()
        .filter(|(code, _)| analysis.lints.iter().any(|d| d.code == *code))
        .map(|(code, words)| format!("{words} [{code}]"))
        .collect();
    let list = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{}; and on {last}", rest.join("; on ")),
    };
    Some(format!(
        "the arithmetic above is exact, but the conclusion rests on {list}. It holds only as far as that reasoning does."
    ))
}
