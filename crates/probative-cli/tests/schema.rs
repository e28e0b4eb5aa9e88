//! `probative schema`: the bundled example and every readable fixture
//! validate against the study schema the binary prints; the fixtures the
//! reader rejects for what a schema can say (an unknown key, a value of the
//! wrong type or range, an unknown term, a missing rival, a malformed date)
//! fail it; the rest (references, priors summing to 1, intervals in order)
//! are `probative check`'s alone and validate.

use std::path::{Path, PathBuf};
use std::process::Command;

fn schema(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("schema")
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../probative/tests/fixtures")
}

/// The study as JSON, or `None` when it is not TOML at all.
fn as_json(path: &Path) -> Option<serde_json::Value> {
    toml::from_str(&std::fs::read_to_string(path).expect("a fixture")).ok()
}

/// Fixtures whose errors a schema can express, by file name.
const SCHEMA_ERRORS: &[&str] = &[
    "unknown-field.toml",
    "wrong-type.toml",
    "unknown-term.toml",
    "several-problems.toml",
    "no-rival.toml",
    "bad-date.toml",
    "syntax.toml",
    "new-fields.toml",
    "malformed-likelihood.toml",
];

#[test]
fn readable_studies_validate_and_shape_errors_fail() {
    let validator = jsonschema::draft7::new(&schema(&[])).expect("a valid draft-07 schema");
    // The bundled example, and the study built on a causal model (1.2).
    for example in ["iran-us-detente", "causal-study"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(example)
            .join("study.toml");
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&path).unwrap())
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{example}: {errors:?}");
    }

    let mut lint_fixtures = 0;
    for dir in std::fs::read_dir(fixtures().join("lints")).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue; // a bibliography
            }
            let errors: Vec<String> = validator
                .iter_errors(&as_json(&path).unwrap())
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            lint_fixtures += 1;
        }
    }
    assert!(lint_fixtures >= 20);

    for file in std::fs::read_dir(fixtures().join("errors")).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let valid = as_json(&path).is_some_and(|json| validator.is_valid(&json));
        if SCHEMA_ERRORS.contains(&name.as_str()) {
            assert!(
                !valid,
                "{name} is rejected by the reader for its shape, but the schema accepts it"
            );
        } else {
            assert!(
                valid,
                "{name} has only errors `check` finds, but the schema rejects it"
            );
        }
    }
}

#[test]
fn the_analyst_schema_takes_the_specified_file() {
    let validator =
        jsonschema::draft7::new(&schema(&["--analyst"])).expect("a valid draft-07 schema");
    let file: serde_json::Value = toml::from_str(
        "[analyst]\nname = \"R. Analyst\"\nweight = 1.0\njudged = \"2026-03-02\"\n\n[priors]\nempire = 0.3\nlobby = 0.7\n\n\
         [[judgment]]\nevidence = \"cn-agencies-support\"\nlikelihood = { empire = \"unlikely\", lobby = 0.6 }\nreliability = 0.8\n",
    )
    .unwrap();
    assert!(validator.is_valid(&file));
    let bad: serde_json::Value =
        toml::from_str("[analyst]\nweight = 0\n[[judgment]]\nlikelihood = { a = 2 }\n").unwrap();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn the_example_points_at_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("study");
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("example")
        .arg(&target)
        .status()
        .unwrap();
    assert!(status.success());
    let study = std::fs::read_to_string(target.join("study.toml")).unwrap();
    assert!(study.starts_with("#:schema ./study.schema.json\n"));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(target.join("study.schema.json")).unwrap())
            .unwrap();
    assert_eq!(written, schema(&[]));
}
