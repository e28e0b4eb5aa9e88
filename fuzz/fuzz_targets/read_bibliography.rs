//! Arbitrary text as a bibliography, BibTeX and Hayagriva YAML: reading
//! must never panic or overflow the stack (crossref and macro loops, deep
//! braces are refused before the parser sees them), and every error points
//! inside the file.
//!
//! Run with `cargo +nightly fuzz run read_bibliography`; seed the corpus
//! with `examples/*/references.bib`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use probative::diagnostic::Location;
use probative::model::Bibliography;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ["refs.bib", "refs.yml"] {
        match Bibliography::parse(name, text.to_owned()) {
            Ok(bibliography) => {
                // Formatting is where hayagriva recurses into entries; keep
                // the inputs small enough to run many of them.
                if text.len() < 4096 {
                    let _ = bibliography.format("apa");
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                for e in errors {
                    if let Location::BibliographySpan(span) = &e.location {
                        assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
                    }
                }
            }
        }
    }
});
