//! The full JSON report of a large generated study: reading, validation,
//! analysis, lints and serialisation, as `probative report --format json`
//! does them, the report streamed to a sink that counts its bytes (the file
//! I/O left out).
//!
//! Run: `cargo bench -p probative-render --bench report`.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use probative_render::{Report, SourceFile};

/// The allocator of the `probative` binary, so that the figures are those
/// of the command.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A deterministic study of `k` hypotheses, `n` evidence items and `cases`
/// cases, with numbers, intervals and terms mixed, some absences, some
/// reliabilities below 1, and a few hundred sources.
fn generate(k: usize, n: usize, cases: usize) -> String {
    let mut s = String::with_capacity(n * 400);
    let _ = writeln!(
        s,
        "[study]\ntitle = \"Generated\"\nbibliography = \"refs.bib\"\n"
    );
    for h in 0..k {
        let _ = writeln!(
            s,
            "[[hypothesis]]\nid = \"h{h}\"\ntitle = \"Hypothesis {h}\"\n"
        );
    }
    for c in 0..cases {
        let _ = writeln!(s, "[[case]]\nid = \"c{c}\"\ntitle = \"Case {c}\"\n");
    }
    // A small linear congruential generator keeps the study the same on
    // every machine without a dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as f64 / f64::from(1u32 << 31)
    };
    let terms = [
        "likely",
        "unlikely",
        "very likely",
        "roughly even chance",
        "very unlikely",
    ];
    for e in 0..n {
        let _ = write!(
            s,
            "[[evidence]]\nid = \"e{e}\"\ncase = \"c{}\"\nclaim = \"Observation {e}\"\nsource = \"s{}\"\nlocator = \"p. {e}\"\n",
            e % cases,
            e % 300
        );
        if e % 10 == 0 {
            let _ = writeln!(s, "observed = false\nsearch = \"archive\"");
        }
        if e % 7 == 0 {
            let _ = writeln!(s, "reliability = 0.8");
        }
        s.push_str("likelihood = { ");
        for h in 0..k {
            let x = 0.05 + 0.9 * next();
            match (e + h) % 3 {
                0 => {
                    let _ = write!(s, "h{h} = {x:.3}, ");
                }
                1 => {
                    let _ = write!(s, "h{h} = [{:.3}, {:.3}], ", x * 0.9, x.min(0.99));
                }
                _ => {
                    let _ = write!(s, "h{h} = \"{}\", ", terms[(e * 7 + h) % terms.len()]);
                }
            }
        }
        s.truncate(s.len() - 2);
        s.push_str(" }\n\n");
    }
    s
}

fn bibliography() -> String {
    let mut bib = String::new();
    for i in 0..300 {
        let _ = writeln!(
            bib,
            "@misc{{s{i}, title = {{Source {i}}}, year = {{2001}}}}"
        );
    }
    bib
}

/// Checks the study and writes its JSON report as the CLI does; returns
/// the report's length in bytes.
fn full_report(study: &str, bib: &str) -> usize {
    let checked = probative::check(study.as_bytes(), &mut |_| Ok(bib.to_owned()));
    let (Some(s), Some(a)) = (&checked.study, &checked.analysis) else {
        panic!(
            "generated study has errors: {:?}",
            checked.diagnostics.first()
        )
    };
    // References are formatted by the text and HTML reports, not the JSON.
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: study,
        },
        s,
        a,
        None,
    );
    let mut out = Counter(0);
    probative_render::json::write(&report, &mut out).unwrap_or_else(|e| panic!("{e}"));
    out.0
}

/// A writer that keeps only the number of bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bench(c: &mut Criterion) {
    let bib = bibliography();
    let mut group = c.benchmark_group("json_report");
    group.sample_size(10);
    for n in [5_000, 10_000, 20_000] {
        let study = generate(20, n, 50);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("20h_50c", n), &study, |b, study| {
            b.iter(|| black_box(full_report(study, &bib)));
        });
    }
    group.finish();

    let study = generate(20, 20_000, 50);
    let mut stages = c.benchmark_group("stages_20h_20000e");
    stages.sample_size(10);
    stages.bench_function("check (read, validate, analyse, lint)", |b| {
        b.iter(|| black_box(probative::check(study.as_bytes(), &mut |_| Ok(bib.clone()))));
    });
    let checked = probative::check(study.as_bytes(), &mut |_| Ok(bib.clone()));
    if let (Some(s), Some(a)) = (&checked.study, &checked.analysis) {
        let report = Report::new(
            SourceFile {
                name: "study.toml",
                text: &study,
            },
            s,
            a,
            None,
        );
        stages.bench_function("json::report (the whole report as one string)", |b| {
            b.iter(|| black_box(probative_render::json::report(&report).len()));
        });
    }
    stages.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
