//! `probative serve` in a real browser: the real binary serves a copy of the
//! bundled example and `tests/browser-serve/serve.js` drives Debian's
//! Chromium through the page with playwright-core (never a downloaded
//! browser): the line links opening the source pane at their line, an edit
//! through the UI saved as exactly that value, timed previews and saves
//! that swap only the changed blocks of the page and leave it as a fresh
//! load would, an outside edit followed, a conflict refused with nothing
//! lost, the overlay shown and gone. Screenshots go to
//! `target/browser/serve-*.png`.
//!
//! Chromium, node and the script's packages are required, not optional:
//! without them the test fails and says how to install them (`apt-get
//! install chromium nodejs npm`, then `npm ci` in `tests/browser-serve`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Server, example_dir};

fn script_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-serve")
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser")
}

#[test]
fn the_page_edits_follows_refuses_conflicts_and_shows_errors() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    assert!(
        Path::new(&chromium).exists(),
        "Chromium is needed at {chromium} (apt-get install chromium, or set CHROMIUM)"
    );
    assert!(
        script_dir().join("node_modules/playwright-core").is_dir(),
        "run `npm ci` in {} first (it installs playwright-core, no browser)",
        script_dir().display()
    );
    let dir = example_dir();
    let server = Server::start(dir.path());
    let output = Command::new("node")
        .arg(script_dir().join("serve.js"))
        .arg(&server.url)
        .arg(dir.path().join("study.toml"))
        .arg(screenshots())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node is needed (apt-get install nodejs)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser run failed:\n{stdout}\n{stderr}"
    );
    let result = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no result line in:\n{stdout}"));
    let result: serde_json::Value = serde_json::from_str(result).unwrap();
    // Reported for BENCHMARKS.md; the times are measured, not asserted
    // (the tests run the debug build; BENCHMARKS.md gives the release's).
    eprintln!("browser round trip: {result}");
    assert!(
        result["preview_ms"]["shown"]
            .as_array()
            .is_some_and(|t| t.len() == 10)
    );
    assert!(
        result["save_ms"]["shown"]
            .as_array()
            .is_some_and(|t| t.len() == 10)
    );
    assert!(result["posterior_after"].as_f64() > result["posterior_before"].as_f64());
    for name in [
        "serve-page",
        "serve-source",
        "serve-scrolled",
        "serve-edit",
        "serve-conflict",
        "serve-overlay",
    ] {
        let shot = screenshots().join(format!("{name}.png"));
        assert!(
            std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
            "{}",
            shot.display()
        );
    }
}
