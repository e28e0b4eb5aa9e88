//! Arbitrary text as a causal query, a given and a restriction: parsing
//! and wildcard expansion must never panic or overflow the stack (deep
//! nesting and long operator chains are errors), and errors point inside
//! the text.
//!
//! Run with `cargo +nightly fuzz run causal_query`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use probative_causal::syntax::{Join, expand, parse_expr, parse_query};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_query(text) {
        Ok(parsed) => {
            let _ = expand(&parsed.query, Join::Any, None);
            if let Some(given) = &parsed.given {
                let _ = expand(given, Join::All, None);
            }
        }
        Err(e) => {
            if let Some(position) = e.position {
                assert!(position <= text.len(), "{e:?}");
            }
            let _ = e.to_string();
        }
    }
    if let Ok(expr) = parse_expr(text) {
        let _ = expand(&expr, Join::All, Some(("Y", &["X".to_owned(), "M".to_owned()])));
    }
});
