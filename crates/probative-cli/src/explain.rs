//! `probative explain`: what a code or a concept means.
//!
//! Codes are the lints' own doc comments and the reading errors' texts;
//! concepts (the four tests, decibels, reliability) are written here, each
//! with a small table whose test types are derived by the engine itself, so
//! the examples can never disagree with the reports.

use std::fmt::Write as _;
use std::process::ExitCode;

use probative::analysis::lints;
use probative::analysis::van_evera::derive;

/// A concept `explain` knows, under every name it answers to.
struct Concept {
    names: &'static [&'static str],
    summary: &'static str,
    text: &'static str,
}

const TESTS_RULE: &str = "\
A test is named by what the evidence does to the hypothesis H against its
rivals (weighted by their priors), in decibels (see `probative explain db`):
finding E moves belief by 10·log10(P(E|H) / P(E|rivals)); not finding it by
10·log10((1 − P(E|H)) / (1 − P(E|rivals))). A move of at least T dB
(`strong_db`, 5 by default: odds of about 3:1) is strong.

  hoop               strong only if E is absent: H must pass it to stay in play
  smoking gun        strong only if E is found: passing it all but confirms H
  doubly decisive    strong both ways
  straw in the wind  strong neither way: it only leans

So a label is a claim about the likelihoods: probative derives the test from
the numbers and warns (`declared-test-mismatch`) when the label disagrees.";

const CONCEPTS: &[Concept] = &[
    Concept {
        names: &["hoop", "hoop-test"],
        summary: "a test H must pass to stay in play",
        text: "A hoop test: E is almost certain if H is true, so not finding E counts
strongly against H, while finding it only keeps H alive (Van Evera 1997;
Bennett 2010). For a hoop, P(E|H) must be high and P(E|rivals) not low:
failing must move belief by at least T dB, passing by less.",
    },
    Concept {
        names: &["smoking-gun", "smoking-gun-test"],
        summary: "a test whose passing all but confirms H",
        text: "A smoking-gun test: E is unlikely unless H is true, so finding E counts
strongly for H, while not finding it says little (Van Evera 1997; Bennett
2010). For a smoking gun, P(E|rivals) must be low: finding E must move belief
by at least T dB, not finding it by less.",
    },
    Concept {
        names: &["doubly-decisive", "doubly-decisive-test"],
        summary: "a test strong both ways",
        text: "A doubly decisive test: E is likely under H and unlikely under the rivals,
so finding it confirms H and not finding it eliminates H. Both moves are at
least T dB.",
    },
    Concept {
        names: &["straw-in-the-wind", "straw", "straw-in-the-wind-test"],
        summary: "a test that only leans",
        text: "A straw in the wind: E is somewhat more (or less) likely under H than under
the rivals, so it leans one way but settles nothing. Neither move reaches T
dB; several straws can add up, since weights in dB add.",
    },
    Concept {
        names: &["db", "decibel", "decibels", "weight", "weight-of-evidence"],
        summary: "the unit of evidence: 10·log10 of a likelihood ratio",
        text: "Weight of evidence in decibels (Good 1950; Jaynes 2003): an item's weight for
H against a rival J is 10·log10(P(E|H) / P(E|J)). Positive favours H. Weights
of independent items add; posterior log-odds = prior log-odds + the sum.

  dB     odds     Jeffreys's words
   0     1:1      no evidence either way
   3     2:1      barely worth mentioning (under 5 dB)
   5     3.2:1    substantial (5 to 10 dB)
  10     10:1     strong (10 to 15 dB)
  15     32:1     very strong (15 to 20 dB)
  20     100:1    decisive (over 20 dB)",
    },
    Concept {
        names: &["reliability", "reliable"],
        summary: "how far a report of E can be trusted",
        text: "Reliability r (0 to 1, default 1) discounts an item whose report may be wrong:
the likelihood used is p = r·c + (1 − r)/2, where c is the likelihood written.
r = 1 takes the report at its word; r = 0 makes it a coin toss, so the item
weighs nothing. Use it for a partisan memoir, a single press report, a
translation you could not check; say why in `rationale`.

  written P(E|H)   r = 1    r = 0.8   r = 0.5   r = 0
  0.9              0.900    0.820     0.700     0.500
  0.1              0.100    0.180     0.300     0.500",
    },
];

/// Likelihood pairs, one per test type, for the table under each test.
const EXAMPLES: &[(&str, f64, &str, f64)] = &[
    ("almost certain", 0.97, "likely", 0.675),
    ("unlikely", 0.325, "almost no chance", 0.03),
    ("very likely", 0.875, "very unlikely", 0.125),
    ("likely", 0.675, "roughly even chance", 0.5),
];

/// The table of which likelihoods make which test, derived by the engine at
/// the default threshold.
fn tests_table() -> String {
    let mut out = String::from(
        "\nWhich likelihoods make which test (T = 5 dB; derived by probative's engine):\n\n",
    );
    let _ = writeln!(
        out,
        "  {:<26} {:<26} {:>8} {:>9}  test",
        "P(E|H)", "P(E|rivals)", "if found", "if absent"
    );
    for &(h_words, h, r_words, r) in EXAMPLES {
        let t = derive(h, r, true, 5.0);
        let _ = writeln!(
            out,
            "  {:<26} {:<26} {:>8} {:>9}  {}",
            format!("{h_words} ({h})"),
            format!("{r_words} ({r})"),
            format!("{:+.1} dB", t.pass_db),
            format!("{:+.1} dB", t.fail_db),
            t.test_type
        );
    }
    out
}

/// Runs `explain` for a code or concept, or lists them all without one.
pub fn run(code: Option<&str>) -> ExitCode {
    let Some(code) = code else {
        return crate::io::print(&list());
    };
    let wanted = code.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if let Some(lint) = lints::find(&wanted) {
        return crate::io::print(&format!(
            "{} ({})\n\n{}\n",
            lint.code,
            lint.severity,
            lint.explanation().trim_end()
        ));
    }
    if let Some((code, text)) = probative::diagnostic::READING_CODES
        .iter()
        .find(|(c, _)| *c == wanted)
    {
        return crate::io::print(&format!("{code} (error)\n\n{text}\n"));
    }
    if let Some(concept) = CONCEPTS.iter().find(|c| c.names.contains(&wanted.as_str())) {
        let mut out = format!(
            "{} ({})\n\n{}\n",
            concept.names[0], concept.summary, concept.text
        );
        if concept.names[0] != "db" && concept.names[0] != "reliability" {
            let _ = write!(out, "\n{TESTS_RULE}\n{}", tests_table());
        }
        return crate::io::print(&out);
    }
    let mut known: Vec<&str> = lints::ALL.iter().map(|l| l.code).collect();
    known.extend(probative::diagnostic::READING_CODES.iter().map(|(c, _)| *c));
    known.extend(CONCEPTS.iter().map(|c| c.names[0]));
    crate::usage(&format!(
        "unknown code or concept `{code}`; the known ones are: {}",
        known.join(", ")
    ))
}

/// Every code and concept, one line each.
fn list() -> String {
    let mut out = String::from("Lints (what `check` and the reports warn about):\n");
    for lint in lints::ALL {
        let _ = writeln!(
            out,
            "  {:<28} {:<8} {}",
            lint.code,
            lint.severity.to_string(),
            lint.summary
        );
    }
    out.push_str("\nReading errors (a study that cannot be analysed):\n");
    for (code, text) in probative::diagnostic::READING_CODES {
        let first = text
            .split(". ")
            .next()
            .unwrap_or(text)
            .trim_end_matches('.');
        let _ = writeln!(out, "  {code:<28} {first}");
    }
    out.push_str("\nConcepts:\n");
    for c in CONCEPTS {
        let _ = writeln!(out, "  {:<28} {}", c.names[0], c.summary);
    }
    out.push_str("\n`probative explain NAME` prints one in full.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use probative::model::TestType;

    /// The examples under each test show each of the four types, in order.
    #[test]
    fn the_examples_make_the_four_tests() {
        let types: Vec<TestType> = EXAMPLES
            .iter()
            .map(|&(_, h, _, r)| derive(h, r, true, 5.0).test_type)
            .collect();
        assert_eq!(
            types,
            [
                TestType::Hoop,
                TestType::SmokingGun,
                TestType::DoublyDecisive,
                TestType::StrawInTheWind
            ]
        );
    }
}
