//! Arbitrary bytes as a study file: reading must never panic, and whatever
//! it returns must be consistent.
//!
//! Run with `cargo +nightly fuzz run read_study` from the repository root;
//! seed the corpus with `examples/*/study.toml` and the test fixtures.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let checked = probative::check(data, &mut |_path: &str| {
        Err("no bibliography while fuzzing".to_owned())
    });

    // Every diagnostic points inside the file it names.
    for d in &checked.diagnostics {
        if let Some(span) = d.study_span() {
            assert!(span.start <= span.end && span.end <= data.len(), "{d:?}");
        }
    }
    // A study is analysed only when it was read without errors of reading.
    if checked.analysis.is_some() {
        assert!(checked.study.is_some());
    }
    if let Some(analysis) = &checked.analysis {
        let total: f64 = analysis.posterior.iter().sum();
        assert!((total - 1.0).abs() < 1e-9, "posteriors sum to {total}");
        for (p, [lo, hi]) in analysis.posterior.iter().zip(&analysis.bounds) {
            assert!(lo <= p && p <= hi, "{p} outside [{lo}, {hi}]");
        }
    }
});
