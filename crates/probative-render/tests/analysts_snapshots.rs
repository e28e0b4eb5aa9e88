//! Snapshots of what a user sees with several analysts: the Analysts section
//! of the Markdown report of the small study with two analysts, and an
//! error in an analyst's file as the terminal shows it. Analysts' names are
//! untrusted text: the HTML page escapes them.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use probative::Checked;
use probative::analysis::analysts::Pool;
use probative_render::{Report, SourceFile};

const SCEPTIC: &str = r#"[analyst]
name = "A <b>sceptic</b> & co"

[priors]
protest = 0.3
budget = 0.7

[[judgment]]
evidence = "minutes"
likelihood = { protest = "roughly even chance" }
rationale = "The minutes may record what officials wanted the record to show."

[[judgment]]
evidence = "treasury-memo"
likelihood = { protest = 0.3, budget = 0.6 }
"#;

const BELIEVER: &str = r#"[analyst]
name = "Believer"
weight = 2

[[judgment]]
evidence = "minutes"
likelihood = { protest = "very likely", budget = "very unlikely" }
"#;

fn study() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/study.toml");
    std::fs::read_to_string(path).unwrap()
}

fn run(text: &str, analysts: &[(&str, &str)]) -> Checked {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let files: Vec<(&str, &[u8])> = analysts.iter().map(|(i, t)| (*i, t.as_bytes())).collect();
    probative::check_with_analysts(text.as_bytes(), &files, Pool::Linear, &mut |bib: &str| {
        std::fs::read_to_string(dir.join(bib)).map_err(|e| e.to_string())
    })
}

#[test]
fn the_analysts_section() {
    let text = study();
    let checked = run(&text, &[("believer", BELIEVER), ("sceptic", SCEPTIC)]);
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: &text,
        },
        checked.study.as_ref().unwrap(),
        checked.analysis.as_ref().unwrap(),
        checked.bibliography.as_ref(),
    );
    let markdown = probative_render::markdown::report(&report);
    let start = markdown.find("\n# Analysts").unwrap() + 1;
    let end = start + 2 + markdown[start + 2..].find("\n# ").unwrap();
    insta::assert_snapshot!(&markdown[start..end]);

    let html = probative_render::html::report(&report);
    assert!(
        html.contains("A &lt;b&gt;sceptic&lt;/b&gt; &amp; co"),
        "the name is escaped"
    );
    assert!(!html.contains("<b>sceptic</b>"));
}

#[test]
fn an_error_in_an_analyst_file() {
    let text = study();
    let bad = "[analyst]\nname = \"Bad\"\n\n[[judgment]]\nevidence = \"minutes\"\nlikelihood = { protest = 1.5, budgte = 0.2 }\n";
    let checked = run(&text, &[("bad", bad)]);
    let rendered = probative_render::diagnostics::render_with_analysts(
        &checked.diagnostics,
        SourceFile {
            name: "study.toml",
            text: &text,
        },
        None,
        &[(
            "bad",
            SourceFile {
                name: "analysts/bad.toml",
                text: bad,
            },
        )],
        false,
    );
    insta::assert_snapshot!(rendered);
}
