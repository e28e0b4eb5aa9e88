//! The server's part of the live round trip on the bundled study: an edit
//! from the page to the new analysis (apply the edit through the TOML
//! editor, read, validate, analyse, render the page and the JSON), and the
//! same with the save to disk (read, compare, write atomically).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use probative_serve::edit::{Edit, apply};
use probative_serve::server::save;
use probative_serve::workspace::{Workspace, analyse};

const STUDY: &str = include_str!("../../../examples/iran-us-detente/study.toml");
const BIBLIOGRAPHY: &str = include_str!("../../../examples/iran-us-detente/references.bib");

fn edit(value: f64) -> Vec<Edit> {
    vec![Edit {
        path: ["evidence", "lb-inaugural", "likelihood", "empire"]
            .map(str::to_owned)
            .to_vec(),
        value: serde_json::json!(value),
    }]
}

fn round_trip(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("study.toml"), STUDY).expect("the study written");
    std::fs::write(dir.path().join("references.bib"), BIBLIOGRAPHY)
        .expect("the bibliography written");
    let ws = Workspace::find(dir.path()).expect("the study found");
    c.bench_function("edit to new analysis (bundled study)", |b| {
        b.iter(|| {
            let text = apply(STUDY, &edit(0.9)).expect("the edit applies");
            black_box(analyse(
                &ws,
                text.into_bytes(),
                Vec::new(),
                String::new(),
                "token",
                "/live.js",
            ))
        });
    });
    let mut flip = false;
    c.bench_function(
        "edit saved to disk, with new analysis (bundled study)",
        |b| {
            b.iter(|| {
                flip = !flip;
                let base = ws.read().expect("the study read").version;
                black_box(
                    save(&ws, "token", &base, &edit(if flip { 0.9 } else { 0.8 })).expect("saved"),
                )
            });
        },
    );
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
