//! Arbitrary text as a causal data file for the model X -> M -> Y: reading
//! must never panic, and whatever it accepts counts every kept row once.
//!
//! Run with `cargo +nightly fuzz run causal_csv`; seed the corpus with
//! `examples/causal/cases.csv`.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use probative_causal::CausalModel;
use probative_causal::model::build_model;

fn model() -> &'static CausalModel {
    static MODEL: OnceLock<CausalModel> = OnceLock::new();
    MODEL.get_or_init(|| build_model("X -> M -> Y", &[]).expect("a valid model"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = probative_causal::data::parse_csv(text, model()) {
        let counted: u64 = parsed.events.iter().map(|e| e.count).sum();
        assert_eq!(counted, parsed.cases);
        let rows = text.lines().filter(|l| !l.trim().is_empty()).count() as u64;
        assert!(parsed.cases < rows.max(1), "{} cases from {rows} lines", parsed.cases);
    }
});
