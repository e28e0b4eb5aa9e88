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

#[cfg(test)]
mod tests {
    use super::sentence;

    fn analysis(toml: &str) -> probative::analysis::Analysis {
        probative::check(toml.as_bytes(), &mut |_| Err("no bibliography".to_owned()))
            .analysis
            .expect("a readable study")
    }

    const HEAD: &str = r#"
[study]
title = "Why was the reform withdrawn?"

[[hypothesis]]
id = "protest"
title = "Protests"

[[hypothesis]]
id = "budget"
title = "Budget"

[[hypothesis]]
id = "coalition"
title = "Coalition"
"#;

    #[test]
    fn no_qualifying_lint_no_caveat() {
        // Evidence on both sides, from the press, rivals judged apart:
        // nothing to qualify.
        let study = format!(
            "{HEAD}
[[evidence]]
id = \"a\"
claim = \"a\"
source = \"herald2011\"
source_kind = \"press\"
likelihood = {{ protest = 0.8, budget = 0.2, coalition = 0.4 }}

[[evidence]]
id = \"b\"
claim = \"b\"
source = \"times2011\"
source_kind = \"press\"
likelihood = {{ protest = 0.3, budget = 0.6, coalition = 0.5 }}
"
        );
        assert_eq!(sentence(&analysis(&study)), None);
    }

    #[test]
    fn lumped_rivals_and_one_sided_evidence_are_named_in_order() {
        let study = format!(
            "{HEAD}
[[evidence]]
id = \"a\"
claim = \"a\"
likelihood = {{ protest = 0.5, budget = 0.05, coalition = 0.05 }}
"
        );
        let words = sentence(&analysis(&study)).expect("a caveat");
        let lumped = words.find("[rivals-lumped]").expect(&words);
        let one_sided = words.find("[one-sided-evidence]").expect(&words);
        assert!(lumped < one_sided, "{words}");
        assert!(words.contains("rivals judged as one block"), "{words}");
    }
}
