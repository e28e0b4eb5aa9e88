//! A report on a large bibliography: a study of 20 items citing 20 works
//! from a BibTeX file of N entries, checked and rendered as the text report
//! (`probative report`), which formats the references in the study's
//! citation style. Only the cited works are formatted, so the time should
//! grow with the file's size (parsing) and not with formatting every entry.
//!
//! Run: `cargo bench -p probative-render --bench bibliography`.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use probative_render::{Report, SourceFile};

/// The allocator of the `probative` binary, so that the figures are those
/// of the command.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A study of two hypotheses and 20 items, item `i` citing `w{i * step}`.
fn study(step: usize) -> String {
    let mut s = String::from(
        "[study]\ntitle = \"Many works\"\nbibliography = \"refs.bib\"\n\n\
         [[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n\n[[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
    );
    for i in 0..20 {
        let _ = write!(
            s,
            "\n[[evidence]]\nid = \"e{i}\"\nclaim = \"Observation {i}.\"\nsource = \"w{}\"\n\
             locator = \"p. {i}\"\nlikelihood = {{ a = 0.7, b = 0.4 }}\n",
            i * step
        );
    }
    s
}

/// `n` book entries with two authors, a title, a publisher and a year.
fn bibliography(n: usize) -> String {
    let mut bib = String::with_capacity(n * 140);
    for i in 0..n {
        let _ = writeln!(
            bib,
            "@book{{w{i}, author = {{Author{i}, Ann and Other{}, Bo}}, title = {{A Study Numbered {i}}}, \
             publisher = {{Press {}}}, year = {{{}}}}}",
            i % 97,
            i % 13,
            1900 + i % 120
        );
    }
    bib
}

/// Checks the study against the bibliography and renders the text report;
/// returns its length.
fn text_report(study: &str, bib: &str) -> usize {
    let checked = probative::check(study.as_bytes(), &mut |_| Ok(bib.to_owned()));
    let (Some(s), Some(a)) = (&checked.study, &checked.analysis) else {
        panic!("the study has errors: {:?}", checked.diagnostics.first())
    };
    let report = Report::new(
        SourceFile {
            name: "study.toml",
            text: study,
        },
        s,
        a,
        checked.bibliography.as_ref(),
    );
    probative_render::text::report(&report, false).len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("text_report_big_bibliography");
    group.sample_size(10);
    for n in [2_000, 8_000, 32_000] {
        let study = study(n / 20);
        let bib = bibliography(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("20_cited", n), &bib, |b, bib| {
            b.iter(|| black_box(text_report(&study, bib)));
        });
    }
    group.finish();

    // For comparison, what formatting every entry costs (what a report
    // did before it formatted only the cited works).
    let mut every = c.benchmark_group("format_every_entry");
    every.sample_size(10);
    for n in [1_000, 4_000] {
        let bib = probative::model::Bibliography::parse("refs.bib", bibliography(n))
            .unwrap_or_else(|e| panic!("{e:?}"));
        every.throughput(Throughput::Elements(n as u64));
        every.bench_with_input(BenchmarkId::new("apa", n), &bib, |b, bib| {
            b.iter(|| black_box(bib.format("apa").map(|r| r.len())));
        });
    }
    every.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
