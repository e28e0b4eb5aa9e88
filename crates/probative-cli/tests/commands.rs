//! The commands a newcomer meets first, run as a user runs them: `report`
//! and `check` in a study's folder (and refusing outside one), `new`,
//! `explain` for codes and concepts, the terminal width, and the README's
//! smallest study exactly as printed.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn probative(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/iran-us-detente")
}

#[test]
fn report_and_check_read_the_study_of_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    assert!(probative(dir.path(), &["new", "mine"]).status.success());
    let study = dir.path().join("mine");
    let report = probative(&study, &["report"]);
    assert!(report.status.success(), "{}", stderr(&report));
    assert!(stdout(&report).starts_with("mine\n"), "{}", stdout(&report));
    assert!(!stdout(&report).contains("Iran"), "not the bundled example");
    let check = probative(&study, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // With no evidence yet, the only finding is that the priors decide.
    assert!(
        stdout(&check).contains("study.toml: 0 errors, 1 warning, 0 notes"),
        "{}",
        stdout(&check)
    );
    assert!(stderr(&check).contains("warning[prior-sensitive-conclusion]"));
}

#[test]
fn report_and_check_refuse_a_folder_without_a_study() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("report.html");
    std::fs::write(&mine, "my own file").unwrap();
    for args in [
        &["report"][..],
        &["check"][..],
        &["report", "-f", "html", "-o", "report.html"][..],
    ] {
        let out = probative(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("no study.toml in this folder"), "{err}");
        assert!(
            err.contains(&format!("probative {} PATH", args[0])),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "my own file",
        "-o never writes the example over a user's file"
    );
    // Only a bare `probative` shows the example.
    let bare = probative(dir.path(), &[]);
    assert!(bare.status.success());
    assert!(stdout(&bare).contains("Iran–US détente"));
}

#[test]
fn new_writes_a_commented_study_that_reads_and_refuses_a_full_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = probative(dir.path(), &["new", "study"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("study/study.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ./study.schema.json\n"),
        "editors find the schema"
    );
    assert!(dir.path().join("study/study.schema.json").is_file());
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() >= 10,
        "commented"
    );
    assert!(
        text.lines().count() < 60,
        "short: {} lines",
        text.lines().count()
    );
    // It reads with no error; the one warning says that, with no evidence
    // yet, the priors alone decide.
    let check = probative(dir.path(), &["check", "study"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let err = stderr(&check);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(
        warnings,
        [
            "warning[prior-sensitive-conclusion]: under equal priors `rival` would tie with `mine`: the evidence does not tell them apart"
        ]
    );
    // Uncommenting the example case and item gives a study that reads
    // (less the source, which needs a bibliography).
    let at = text.find("# [[case]]").unwrap();
    let uncommented: String = text[..at].to_owned()
        + &text[at..]
            .lines()
            .filter(|l| !l.starts_with("# source"))
            .map(|l| match l.strip_prefix("# ") {
                Some(toml) if toml.starts_with("[[") || toml.contains(" = ") => toml,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
    std::fs::write(dir.path().join("study/study.toml"), uncommented).unwrap();
    let check = probative(dir.path(), &["check", "study"]);
    assert!(
        stdout(&check).contains(" 0 errors"),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    let refused = probative(dir.path(), &["new", "study"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("is not empty"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn explain_lists_every_code_and_concept() {
    let out = probative(Path::new("."), &["explain"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for code in probative::analysis::lints::ALL.iter().map(|l| l.code) {
        assert!(text.contains(code), "{code} missing from\n{text}");
    }
    for (code, _) in probative::diagnostic::READING_CODES {
        assert!(text.contains(code), "{code} missing");
    }
    for concept in [
        "hoop",
        "smoking-gun",
        "straw-in-the-wind",
        "doubly-decisive",
        "db",
        "reliability",
    ] {
        assert!(text.contains(concept), "{concept} missing");
    }
}

#[test]
fn explain_a_test_shows_which_likelihoods_make_which_test() {
    for name in [
        "hoop",
        "smoking-gun",
        "Smoking gun",
        "straw-in-the-wind",
        "doubly-decisive",
    ] {
        let out = probative(Path::new("."), &["explain", name]);
        assert!(out.status.success(), "{name}");
        let text = stdout(&out);
        assert!(text.contains("Which likelihoods make which test"), "{text}");
        for t in [
            "hoop",
            "smoking-gun",
            "doubly-decisive",
            "straw-in-the-wind",
        ] {
            assert!(
                text.lines()
                    .any(|l| l.trim_end().ends_with(t) && l.contains(" dB")),
                "no table row for {t} in\n{text}"
            );
        }
    }
    for (name, needle) in [("db", "Jeffreys"), ("reliability", "r·c + (1 − r)/2")] {
        let out = probative(Path::new("."), &["explain", name]);
        assert!(out.status.success(), "{name}");
        assert!(stdout(&out).contains(needle), "{}", stdout(&out));
    }
}

/// Every line of the text report and of `check` fits the width, and no word
/// is broken across lines.
#[test]
fn text_report_and_check_fit_the_width() {
    let example = example_dir();
    let example = example.to_str().unwrap();
    let natural = stdout(&probative(
        Path::new("."),
        &["report", example, "--width", "400"],
    ));
    let words: std::collections::BTreeSet<&str> = natural.split_whitespace().collect();
    for width in [60usize, 80, 100, 140] {
        let w = width.to_string();
        let report = stdout(&probative(
            Path::new("."),
            &["report", example, "--width", &w],
        ));
        for line in report.lines() {
            // A word longer than the width (a URL) keeps a line of its own.
            let one_word = line.trim_start_matches([' ', '•']).split(' ').count() == 1;
            assert!(
                line.chars().count() <= width || one_word,
                "{} > {width}: {line}",
                line.chars().count()
            );
        }
        // Wrapping splits no word: every word of a wrapped line is a word
        // of the unwrapped report, or an abbreviation ending in "…".
        for word in report.split_whitespace() {
            assert!(
                words.contains(word) || word.ends_with('…') || word.starts_with(['─', '═']),
                "{word:?} at width {width}"
            );
        }
        let check = probative(&example_dir(), &["check", "--width", &w]);
        let err = stderr(&check);
        // Source lines quoted by the diagnostics are the user's own.
        for line in err.lines().filter(|l| !l.contains(" │ ")) {
            let is_header = line.starts_with("warning[") || line.starts_with("error[");
            assert!(
                is_header || line.chars().count() <= width,
                "{} > {width}: {line}",
                line.chars().count()
            );
        }
    }
    // COLUMNS is read when no --width is given; 100 otherwise.
    let from_env = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["report", example])
        .env("COLUMNS", "72")
        .output()
        .unwrap();
    // The widest line of several words (a URL may be wider on its own).
    let widest = |text: &str| {
        text.lines()
            .filter(|l| l.trim_start_matches([' ', '•']).contains(' '))
            .map(|l| l.chars().count())
            .max()
            .unwrap()
    };
    let w = widest(&stdout(&from_env));
    assert!(w <= 72 && w > 60, "widest line {w}");
    let piped = stdout(&probative(Path::new("."), &["report", example]));
    let w = widest(&piped);
    assert!(w <= 100 && w > 90, "widest line {w}");
}

#[test]
fn check_gives_a_shared_help_once() {
    let out = probative(Path::new("."), &["check", example_dir().to_str().unwrap()]);
    // The help wraps to the width: read it as one line.
    let err = stderr(&out)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let mismatches = err.matches("warning[declared-test-mismatch]").count();
    assert!(mismatches > 1, "{err}");
    assert_eq!(
        err.matches("revise the label or the likelihoods").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "(for the {mismatches} `declared-test-mismatch` findings above)"
        )),
        "{err}"
    );
}

/// The smallest study of the README, with its bibliography, saved as the
/// README says and run as it says.
#[test]
fn the_readme_smallest_study_runs_as_printed() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let block = |lang: &str| -> String {
        let start = readme
            .find(&format!("```{lang}\n"))
            .unwrap_or_else(|| panic!("no {lang} block in README.md"));
        let body = &readme[start + lang.len() + 4..];
        body[..body.find("```").unwrap()].to_owned()
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("study.toml"), block("toml")).unwrap();
    std::fs::write(dir.path().join("references.bib"), block("bibtex")).unwrap();
    let check = probative(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let summary = stdout(&check);
    assert!(summary.contains(" 0 errors"), "{summary}");
    assert!(
        !stderr(&check).contains("declared-test-mismatch"),
        "the README's label agrees with its numbers: {}",
        stderr(&check)
    );
    let report = probative(dir.path(), &["report"]);
    assert!(report.status.success(), "{}", stderr(&report));
    let text = stdout(&report);
    assert!(text.contains("Why the deal failed"), "{text}");
    assert!(
        text.contains("Sciolino, E. (1991)."),
        "the reference: {text}"
    );
    let appendix = stdout(&probative(dir.path(), &["report", "-f", "markdown"]));
    assert!(
        appendix.contains("(Sciolino, 1991, 1991-12-05)"),
        "author–date: {appendix}"
    );
}

/// What `explain` prints for a test and for the list, as a user reads it.
#[test]
fn explain_output() {
    let hoop = stdout(&probative(Path::new("."), &["explain", "hoop"]));
    insta::assert_snapshot!("explain_hoop", hoop);
    let list = stdout(&probative(Path::new("."), &["explain"]));
    insta::assert_snapshot!("explain_list", list);
}
