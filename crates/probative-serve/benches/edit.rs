//! The server's part of the live round trip on the bundled study: an edit
//! from the page to the new analysis (apply the edit through the TOML
//! editor, read, validate, pool the analysts, analyse, render the page and
//! the JSON, cut the page into blocks), the same with the save to disk
//! (read, compare, write atomically), and a what-if preview (no page). Each
//! is timed on the study alone and with its three analysts pooled, as
//! `probative serve` reads the bundled example.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use probative_serve::analysts::AnalystFile;
use probative_serve::edit::{Edit, apply};
use probative_serve::server::save;
use probative_serve::workspace::{Workspace, analyse, analyse_without};

const STUDY: &str = include_str!("../../../examples/iran-us-detente/study.toml");
const BIBLIOGRAPHY: &str = include_str!("../../../examples/iran-us-detente/references.bib");
const ANALYSTS: [(&str, &str); 3] = [
    (
        "archivist",
        include_str!("../../../examples/iran-us-detente/analysts/archivist.toml"),
    ),
    (
        "encoder",
        include_str!("../../../examples/iran-us-detente/analysts/encoder.toml"),
    ),
    (
        "structuralist",
        include_str!("../../../examples/iran-us-detente/analysts/structuralist.toml"),
    ),
];

fn edit(value: f64) -> Vec<Edit> {
    vec![Edit {
        path: ["evidence", "lb-inaugural", "likelihood", "empire"]
            .map(str::to_owned)
            .to_vec(),
        value: serde_json::json!(value),
    }]
}

/// The bundled study in a fresh folder, with its analysts' folder or
/// without.
fn study(with_analysts: bool) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("study.toml"), STUDY).expect("the study written");
    std::fs::write(dir.path().join("references.bib"), BIBLIOGRAPHY)
        .expect("the bibliography written");
    if with_analysts {
        let folder = dir.path().join("analysts");
        std::fs::create_dir(&folder).expect("the analysts' folder made");
        for (id, text) in ANALYSTS {
            std::fs::write(folder.join(format!("{id}.toml")), text).expect("an analyst written");
        }
    }
    let ws = Workspace::find(dir.path()).expect("the study found");
    (dir, ws)
}

fn round_trip(c: &mut Criterion) {
    for (with_analysts, label) in [
        (false, "bundled study"),
        (true, "bundled study, 3 analysts pooled"),
    ] {
        let (_dir, ws) = study(with_analysts);
        let analysts: Vec<AnalystFile> = ws.read().expect("the study read").analysts;
        assert_eq!(analysts.len(), if with_analysts { 3 } else { 0 });
        c.bench_function(&format!("edit to new analysis ({label})"), |b| {
            b.iter(|| {
                let text = apply(STUDY, &edit(0.9)).expect("the edit applies");
                let snapshot = analyse(
                    &ws,
                    text.into_bytes(),
                    analysts.clone(),
                    String::new(),
                    "token",
                    "/live.js",
                );
                assert!(snapshot.good.is_some());
                black_box(snapshot)
            });
        });
        c.bench_function(&format!("edit previewed, no page ({label})"), |b| {
            b.iter(|| {
                let text = apply(STUDY, &edit(0.9)).expect("the edit applies");
                black_box(
                    analyse_without(
                        &ws,
                        text.into_bytes(),
                        analysts.clone(),
                        String::new(),
                        None,
                        &[],
                    )
                    .expect("no selections to refuse"),
                )
            });
        });
        c.bench_function(&format!("files read and versioned ({label})"), |b| {
            b.iter(|| black_box(ws.read().expect("the study read")));
        });
        if with_analysts {
            let page = analyse(
                &ws,
                STUDY.as_bytes().to_vec(),
                analysts.clone(),
                String::new(),
                "token",
                "/live.js",
            )
            .good
            .expect("the study reads")
            .page
            .html;
            c.bench_function(&format!("page cut into blocks ({label})"), |b| {
                b.iter(|| black_box(probative_serve::blocks::cut(&page)));
            });
        }
        let mut flip = false;
        c.bench_function(
            &format!("edit saved to disk, with new analysis ({label})"),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let base = ws.read().expect("the study read").version;
                    black_box(
                        save(&ws, "token", &base, &edit(if flip { 0.9 } else { 0.8 }))
                            .expect("saved"),
                    )
                });
            },
        );
    }
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
