//! Arbitrary text as a causal model file: parsing and building the model
//! must never panic, and an error that has a position points inside the
//! text it came from.
//!
//! Run with `cargo +nightly fuzz run causal_model`; seed the corpus with
//! `examples/causal/**/model.toml`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match probative_causal::parse_study(text) {
        Ok(study) => {
            let _ = probative_causal::estimate::check_queries(&study, None);
        }
        Err(e) => {
            if let (Some(position), Some(source)) = (e.position, &e.source) {
                assert!(position <= source.len(), "{e:?}");
            }
            let _ = e.to_string();
        }
    }
});
