//! `probative causal` as a user runs it on a folder, in each format, with
//! `-o`: the DAG as an edge list (text), as edges (JSON), drawn in SVG
//! (HTML), and the clue sentences. The HTML page is pinned by a snapshot.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/causal")
}

fn causal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("causal")
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn a_folder_is_read_as_its_model_toml() {
    let folder = examples();
    let text = ok(&causal(&[folder.to_str().unwrap()]));
    assert!(text.contains("  edges    X -> M, M -> Y\n"), "{text}");
    assert!(
        text.contains("120 cases"),
        "the data the model names: {text}"
    );
    let file = ok(&causal(&[folder.join("model.toml").to_str().unwrap()]));
    assert_eq!(text, file, "the folder and its model.toml are the same");

    let empty = tempfile::tempdir().unwrap();
    let out = causal(&[empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no model.toml"));
}

#[test]
fn json_lists_the_edges() {
    let json = ok(&causal(&[
        examples().join("democratization").to_str().unwrap(),
        "-f",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let edges = value["model"]["edges"].as_array().unwrap();
    let nodes: Vec<&str> = value["model"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(!edges.is_empty());
    for e in edges {
        let (p, c) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
        let at = |n: &str| nodes.iter().position(|&x| x == n).unwrap();
        assert!(at(p) < at(c), "a parent comes before its child: {e}");
    }
}

#[test]
fn html_draws_the_dag_and_says_what_each_clue_would_do() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("model.html");
    let out = causal(&[
        examples().to_str().unwrap(),
        "--format",
        "html",
        "--clues",
        "X==1 & Y==1",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(ok(&out).is_empty(), "-o leaves stdout empty");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg"), "the DAG is drawn");
    for node in ["X", "M", "Y"] {
        assert!(
            html.contains(&format!("text-anchor=\"middle\">{node}</text>")),
            "node {node}"
        );
    }
    assert_eq!(html.matches("class=\"edge\"").count(), 2, "two arrows");
    assert!(
        html.contains("Observing M = 1 would raise P(PC) from"),
        "{html}"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing to fetch"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn html_escapes_the_model_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("model.toml"),
        "[model]\ndag = \"X -> Y\"\n\n[[query]]\nname = \"<script>alert('&')</script>\"\nquery = \"Y[X=1] - Y[X=0]\"\nusing = [\"parameters\"]\n",
    )
    .unwrap();
    let html = ok(&causal(&[dir.path().to_str().unwrap(), "-f", "html"]));
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;"));
}

#[test]
fn the_html_page_of_the_example() {
    let html = ok(&causal(&[
        examples().to_str().unwrap(),
        "-f",
        "html",
        "--clues",
        "X==1 & Y==1",
    ]));
    insta::assert_snapshot!(html);
}
