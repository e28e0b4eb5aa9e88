//! The HTML report in a real browser: Debian's Chromium, headless, driven
//! by `tests/browser/check.mjs` (playwright-core and axe-core from npm,
//! installed by `npm ci` in `tests/browser`; no browser is downloaded). The
//! page is the one the `probative` binary writes for the bundled example.
//!
//! What it holds the page to, at 1366 and 390 px wide, in the dark scheme
//! and printed to A4:
//! - nothing on the console, nothing fetched, and the page's own script ran
//!   under its Content-Security-Policy;
//! - no sideways panning, the verdict within the first viewport, chart text
//!   never below 11 px, no text showing `&lt;` or `&amp;`;
//! - the matrix sorts, switches its reference hypothesis and shows its
//!   hidden rows, its heading stays in view as it scrolls, and every
//!   figure downloads as an SVG that parses;
//! - axe-core finds no violation, light or dark, and chart text keeps its
//!   contrast in the dark;
//! - printed, the matrix heading is on every page the matrix spans.
//!
//! Screenshots of each view, the PDFs and their rasterised pages are kept
//! under `target/browser/` for review.
//!
//! The tools are required, not optional: without Chromium, Node, the npm
//! packages or poppler-utils the test fails and says what to install.
//! `CHROMIUM` may name the browser binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

#[test]
fn the_html_report_holds_up_in_chromium() {
    let chromium = chromium();
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        tests.join("node_modules/playwright-core").is_dir()
            && tests.join("node_modules/axe-core").is_dir(),
        "the browser test's npm packages are missing: run `npm ci --prefix {}`",
        tests.display()
    );
    let out = target_dir().join("browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("target/browser can be created");

    let temp = tempfile::tempdir().expect("a temporary folder");
    let study = temp.path().join("study");
    let page = out.join("report.html");
    probative(&["example".as_ref(), study.as_os_str()]);
    probative(&[
        "report".as_ref(),
        study.as_os_str(),
        "--format".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        page.as_os_str(),
    ]);
    let html = std::fs::read_to_string(&page).expect("the page was written");
    assert!(
        html.contains("<dt>Date</dt><dd>2026-01-02</dd>"),
        "the footer dates the page"
    );

    let run = Command::new("node")
        .arg(tests.join("check.mjs"))
        .arg(&page)
        .arg(&out)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}; install nodejs and npm"));
    assert!(
        run.status.success(),
        "check.mjs failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: Value = serde_json::from_slice(&run.stdout).expect("check.mjs prints JSON");
    std::fs::write(out.join("measurements.json"), &run.stdout).expect("measurements are kept");

    for view in ["desktop", "phone", "dark"] {
        let v = &report[view];
        let context = || format!("{view}: {v:#}");
        assert_eq!(v["problems"], Value::Array(vec![]), "{}", context());
        assert_eq!(
            v["script_ran"],
            true,
            "the sort script did not run: {}",
            context()
        );
        let width = v["viewport"][0].as_f64().expect("viewport");
        let height = v["viewport"][1].as_f64().expect("viewport");
        // A phone widens its layout viewport to fit content too wide for
        // it, so the width the page got is itself the first check.
        let asked = if view == "phone" { 390.0 } else { 1366.0 };
        assert!(
            (width - asked).abs() < 0.5,
            "{view}: laid out {width} px wide, not {asked}: something is too wide"
        );
        assert!(
            v["scroll_width"].as_f64().expect("scroll width") <= width,
            "{view}: the page pans sideways; too wide: {}",
            v["wide"]
        );
        assert!(
            v["lead_bottom"].as_f64().expect("lead") <= height,
            "{view}: the verdict is below the first viewport: {}",
            context()
        );
        let smallest = v["smallest_chart_text"]["size"]
            .as_f64()
            .expect("text size");
        assert!(
            smallest >= 10.99,
            "{view}: chart text at {smallest:.1} px: {}",
            v["smallest_chart_text"]
        );
        assert_eq!(
            v["visible_entities"],
            Value::Array(vec![]),
            "{view}: text shows escaped entities"
        );
        let charts = v["charts"].as_array().expect("charts");
        assert!(charts.len() >= 8, "{view}: only {} charts", charts.len());
        for chart in charts {
            assert!(
                chart["drawn"].as_f64() >= Some(5.0) && chart["height"].as_f64() > Some(40.0),
                "{view}: chart not drawn: {chart}"
            );
        }
        assert_eq!(
            v["axe"],
            Value::Array(vec![]),
            "{view}: axe-core found violations"
        );
        let contrast = v["chart_contrast"]["ratio"].as_f64().expect("contrast");
        assert!(
            contrast >= 3.0,
            "{view}: chart text contrast {contrast:.2}: {}",
            v["chart_contrast"]
        );
    }

    let d = &report["desktop"];
    assert_eq!(d["sorted"], true, "sorting by diagnosticity: {d:#}");
    assert_eq!(d["restored"], true, "back to timeline order: {d:#}");
    let rows = d["rows"].as_u64().expect("rows");
    let shown = d["rows_shown"].as_u64().expect("rows shown");
    assert_eq!(
        usize::try_from(rows).expect("a row count"),
        html.matches("<tr data-order=").count(),
        "one row per item"
    );
    // The heading: item, case, a column per hypothesis, diagnosticity.
    let columns = u64::try_from(report["print"]["heading"].as_array().map_or(0, Vec::len))
        .expect("a column count")
        .saturating_sub(3);
    assert!(columns >= 2, "a column per hypothesis");
    assert!(
        shown > 0 && shown < rows,
        "non-diagnostic rows are hidden by default: {shown} of {rows}"
    );
    assert_eq!(
        d["rows_shown_all"].as_u64(),
        Some(rows),
        "the toggle shows every row"
    );
    assert_eq!(
        d["default_cells"].as_u64(),
        Some(columns * shown),
        "one visible cell per hypothesis and row"
    );
    assert_eq!(
        d["quick_checked"], true,
        "the focus-against-rival view is one click"
    );
    assert_eq!(
        d["after_quick_default_cells"].as_u64(),
        Some(0),
        "the default cells hide"
    );
    assert_eq!(
        d["after_quick_cells"].as_u64(),
        Some(columns * shown),
        "the chosen view shows"
    );
    assert_eq!(d["sticky"], true, "the matrix heading stays in view");
    let downloads = d["downloads"].as_array().expect("downloads");
    assert!(
        downloads.len() >= 8,
        "every figure downloads: {downloads:?}"
    );
    for (n, download) in downloads.iter().enumerate() {
        assert_eq!(download["ok"], true, "{download}");
        assert_eq!(download["name"], format!("figure-{}.svg", n + 1));
    }

    print_checks(&report, &out);
}

/// The printed page: the matrix heading repeats, nothing shows entities,
/// and the pages are kept as pictures.
fn print_checks(report: &Value, out: &Path) {
    let heading: Vec<String> = report["print"]["heading"]
        .as_array()
        .expect("the matrix heading")
        .iter()
        .filter_map(|h| h.as_str().map(str::to_owned))
        .collect();
    assert!(heading.len() >= 8, "{heading:?}");
    for pdf in ["print.pdf", "print-all-rows.pdf"] {
        let pages = pdf_pages(&out.join(pdf));
        let all = pages.join("\u{c}");
        for entity in ["&lt;", "&gt;", "&amp;"] {
            assert!(!all.contains(entity), "{pdf} shows {entity}");
        }
        let start = pages
            .iter()
            .position(|p| p.contains("Evidence × hypothesis matrix"))
            .expect("the matrix is printed");
        let end = pages
            .iter()
            .position(|p| p.contains("Every evidence item"))
            .expect("the items are printed");
        assert!(end > start, "the items start on a page of their own");
        for (n, text) in pages.iter().enumerate().take(end).skip(start) {
            for h in &heading {
                assert!(
                    text.contains(h.as_str()),
                    "{pdf}: page {} lacks the matrix heading {h:?}:\n{text}",
                    n + 1
                );
            }
        }
        if pdf == "print-all-rows.pdf" {
            assert!(
                end - start >= 2,
                "every row spans several pages: {start}..{end}"
            );
        } else {
            // The example printed to 45 A4 pages before the print layout
            // made non-diagnostic items one line each (28 then); it has
            // since gained five items, three analysts and the checks of
            // the reasoning.
            assert!(
                pages.len() <= 36,
                "the printed appendix is {} pages",
                pages.len()
            );
            let pictures = Command::new("pdftoppm")
                .args(["-r", "40", "-png"])
                .arg(out.join(pdf))
                .arg(out.join("print-page"))
                .status()
                .expect("pdftoppm runs (apt-get install poppler-utils)");
            assert!(pictures.success());
        }
    }
}

/// The text of each page of a PDF, by pdftotext.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext: {e}; apt-get install poppler-utils"));
    assert!(text.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs the binary with a fixed date; it must succeed.
fn probative(args: &[&std::ffi::OsStr]) {
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767312000")
        .status()
        .expect("the probative binary runs");
    assert!(status.success(), "probative {args:?} failed: {status}");
}

/// The Chromium binary: `$CHROMIUM`, or `chromium` on the PATH.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("Chromium not found: install chromium: apt-get install chromium (or set CHROMIUM to its binary)")
        })
}

/// Cargo's target folder, where CI collects `browser/`.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
}
