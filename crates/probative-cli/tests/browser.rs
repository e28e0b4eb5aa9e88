//! The HTML report in a real browser: headless Chromium opens the page the
//! `probative` binary writes for the bundled example and checks that it
//! renders with nothing on the console, loads nothing from the network,
//! draws every chart and sorts its matrix; it saves a screenshot of the
//! page's top 16,000 pixels to `target/browser/report.png` for review.
//!
//! Chromium is required, not optional: without it the test fails and says
//! how to install it (`apt-get install chromium`). `CHROMIUM` may name
//! the binary when it is not on the PATH.
//!
//! Three runs, each with a fresh profile and every network name mapped to
//! nowhere:
//! 1. the page as written, `--dump-dom` with console logging on: the page
//!    may write nothing to the console (a blocked fetch, a refused script
//!    or a script error would all show there), and its own sorting script
//!    must have run under the page's Content-Security-Policy;
//! 2. a copy with a probe script added (the copy's policy admits inline
//!    scripts, still no fetch): the probe measures every chart's drawing,
//!    lists any resource the page fetched, sorts the matrix by
//!    diagnosticity and writes what it found into the DOM;
//! 3. the page as written again, for the screenshot.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Flags for a quiet, offline, throw-away headless browser.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
];

/// The tallest screenshot kept, in pixels at 1280 wide.
const SCREENSHOT_HEIGHT: u32 = 16_000;

/// The probe: registers for errors and policy violations before anything
/// else runs, then, after the page's own script, reports one fact a line.
const PROBE_HEAD: &str = "<script>window.__problems = [];\
    window.addEventListener('error', function (e) { __problems.push('error: ' + e.message); });\
    document.addEventListener('securitypolicyviolation', function (e) { __problems.push('blocked: ' + e.blockedURI); });</script>";

const PROBE_BODY: &str = r#"<script>(function () {
  var lines = [];
  document.querySelectorAll("svg").forEach(function (svg) {
    var figure = svg.closest("figure");
    var drawn = 0;
    svg.querySelectorAll("rect, line, path, circle, text").forEach(function (mark) {
      if (mark.closest("defs")) { return; }
      var box = mark.getBBox();
      if (box.width > 0 || box.height > 0) { drawn += 1; }
    });
    var box = svg.getBoundingClientRect();
    lines.push("chart " + (figure ? figure.id : "?") + " " + drawn + " " + Math.round(box.width) + " " + Math.round(box.height));
  });
  performance.getEntriesByType("resource").forEach(function (entry) { lines.push("fetched " + entry.name); });
  window.__problems.forEach(function (problem) { lines.push("problem " + problem); });
  var table = document.getElementById("matrix-table");
  var rows = function () { return Array.prototype.slice.call(table.tBodies[0].rows); };
  var button = table.querySelector('th[data-sort="diag"] button');
  if (button) {
    button.click();
    var diag = rows().map(function (row) { return Number(row.getAttribute("data-diag")); });
    lines.push("sorted " + diag.every(function (d, i) { return i === 0 || diag[i - 1] >= d; }));
    table.querySelector('th[data-sort="order"] button').click();
    var order = rows().map(function (row) { return Number(row.getAttribute("data-order")); });
    lines.push("restored " + order.every(function (o, i) { return o === i; }));
  }
  lines.push("height " + document.documentElement.scrollHeight);
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = lines.join("\n");
  document.body.appendChild(pre);
})();</script>"#;

#[test]
fn the_html_report_renders_offline_in_chromium() {
    let chromium = chromium();
    let temp = tempfile::tempdir().expect("a temporary folder");
    let page = temp.path().join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("report")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/iran-us-detente"
        ))
        .args(["--format", "html", "-o"])
        .arg(&page)
        .status()
        .expect("the probative binary runs");
    assert!(
        status.success(),
        "probative report --format html failed: {status}"
    );
    let html = std::fs::read_to_string(&page).expect("the page was written");

    // 1. The page as written: a silent console, and its own script ran.
    let (dom, log) = browse(
        &chromium,
        temp.path(),
        "plain",
        &page,
        &["--dump-dom", "--enable-logging=stderr", "--v=0"],
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "the page wrote to the console (a refused script names the hash the policy in html.rs needs):\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains("Content-Security-Policy"),
        "the page lost its Content-Security-Policy"
    );
    assert!(
        dom.contains("data-sort=\"diag\" aria-sort=\"none\"><button type=\"button\">"),
        "the sorting script did not run: its headings have no buttons"
    );

    // 2. The probe: charts drawn, nothing fetched, sorting works.
    let probed_policy = html.replacen(
        "script-src 'sha256-",
        "script-src 'unsafe-inline' 'sha256-",
        1,
    );
    let probed = probed_policy.replacen(
        "<meta charset=\"utf-8\">",
        &format!("<meta charset=\"utf-8\">{PROBE_HEAD}"),
        1,
    );
    let probed = probed.replacen("</body>", &format!("{PROBE_BODY}</body>"), 1);
    assert!(
        probed.contains("'unsafe-inline' 'sha256-") && probed.contains("__problems"),
        "the probe could not be added"
    );
    // A hash in the policy disables 'unsafe-inline', so the copy drops it.
    let probed = drop_script_hash(&probed);
    let probe_page = temp.path().join("probed.html");
    std::fs::write(&probe_page, probed).expect("the probed copy is written");
    let (dom, _) = browse(
        &chromium,
        temp.path(),
        "probe",
        &probe_page,
        &["--dump-dom", "--window-size=1280,1000"],
    );
    let start = dom
        .find("<pre id=\"probe\">")
        .expect("the probe ran and wrote its findings")
        + "<pre id=\"probe\">".len();
    let findings = &dom[start
        ..start
            + dom[start..]
                .find("</pre>")
                .expect("the probe's findings end")];
    let findings = findings
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");

    let charts: Vec<Vec<&str>> = findings
        .lines()
        .filter_map(|l| l.strip_prefix("chart "))
        .map(|l| l.split(' ').collect())
        .collect();
    let expected = html.matches("<svg ").count();
    assert_eq!(
        charts.len(),
        expected,
        "every chart is in the DOM:\n{findings}"
    );
    assert!(
        expected >= 8,
        "the example has the hypotheses, belief, cases, scale and event charts: {expected}"
    );
    for chart in &charts {
        let [id, drawn, width, height] = chart[..] else {
            panic!("probe line: {chart:?}")
        };
        let number = |s: &str| s.parse::<f64>().unwrap_or(0.0);
        assert!(
            number(drawn) >= 5.0,
            "chart {id} draws only {drawn} marks:\n{findings}"
        );
        assert!(
            number(width) > 300.0 && number(height) > 40.0,
            "chart {id} is {width}×{height} px:\n{findings}"
        );
    }
    let fetched: Vec<&str> = findings
        .lines()
        .filter(|l| l.starts_with("fetched ") || l.starts_with("problem "))
        .collect();
    assert!(
        fetched.is_empty(),
        "the page fetched or was refused something:\n{}",
        fetched.join("\n")
    );
    assert!(
        findings.contains("sorted true"),
        "sorting by diagnosticity failed:\n{findings}"
    );
    assert!(
        findings.contains("restored true"),
        "sorting back to timeline order failed:\n{findings}"
    );

    // 3. The screenshot, the whole page, for review.
    let height: u32 = findings
        .lines()
        .find_map(|l| l.strip_prefix("height "))
        .and_then(|h| h.trim().parse().ok())
        .expect("the probe measured the page");
    let out = target_dir().join("browser");
    std::fs::create_dir_all(&out).expect("target/browser can be created");
    let shot = out.join("report.png");
    let _ = std::fs::remove_file(&shot);
    // The top of the page (verdict, charts, cases, matrix) is what needs a
    // look; the long text sections below are pinned by the snapshot tests.
    let size = format!(
        "--window-size=1280,{}",
        height.clamp(800, SCREENSHOT_HEIGHT)
    );
    let screenshot = format!("--screenshot={}", shot.display());
    browse(&chromium, temp.path(), "shot", &page, &[&size, &screenshot]);
    let png = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 50_000,
        "the screenshot is not a picture of the page"
    );
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

/// Opens `page` in a fresh headless Chromium; returns stdout and stderr.
fn browse(
    chromium: &Path,
    temp: &Path,
    run: &str,
    page: &Path,
    extra: &[&str],
) -> (String, String) {
    let (stdout, stderr) = (
        temp.join(format!("{run}.out")),
        temp.join(format!("{run}.err")),
    );
    let mut child = Command::new(chromium)
        .args(FLAGS)
        .arg(format!(
            "--user-data-dir={}",
            temp.join(format!("profile-{run}")).display()
        ))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).expect("a log file"))
        .stderr(File::create(&stderr).expect("a log file"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start {}: {e}; install chromium: apt-get install chromium",
                chromium.display()
            )
        });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for Chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium ({run}) did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        status.success(),
        "Chromium ({run}) failed with {status}:\n{}",
        read(&stderr)
    );
    (read(&stdout), read(&stderr))
}

/// `script-src 'unsafe-inline' 'sha256-…'` → `script-src 'unsafe-inline'`.
fn drop_script_hash(page: &str) -> String {
    let start = page
        .find(" 'sha256-")
        .expect("the policy names the script's hash");
    let end = start + 1 + page[start + 1..].find('\'').expect("hash opens") + 1;
    let end = end + page[end..].find('\'').expect("hash closes") + 1;
    format!("{}{}", &page[..start], &page[end..])
}

/// Cargo's target folder, where CI collects `browser/report.png`.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
}
