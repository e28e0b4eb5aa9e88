//! Hostile and faulty input against the real binary, each run under a
//! memory limit (`prlimit --as`, util-linux) and a time limit. Every case
//! asserts that probative did not crash (no panic, no abort, no signal),
//! stayed inside both limits, and gave the expected answer. Tests are named
//! after the finding they pin (H = high, M = medium, L = low).
//!
//! Unix only: FIFOs, devices, signals and `prlimit`. A machine without
//! `prlimit` fails these tests; it never skips them.

#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The address-space limit every run gets: a small multiple of what the
/// bundled example needs, far below what the findings reached (8 GB).
const MEMORY: &str = "--as=1500000000";
/// The wall-clock limit of every run (a debug build, on a busy machine).
const TIME: Duration = Duration::from_secs(60);

struct Outcome {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Outcome {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Exits with `code`, without a panic or a crash.
    fn exits(&self, code: i32) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("overflow"),
            "crashed: {}",
            self.stderr
        );
        assert_eq!(self.code, Some(code), "stderr: {}", self.stderr);
        self
    }

    fn says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "expected {text:?} in stderr: {}",
            self.stderr
        );
        self
    }
}

/// Runs probative in `dir` under the limits.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    run_with(dir, args, Stdio::null(), |_| {})
}

fn run_with(
    dir: &Path,
    args: &[&str],
    stdout: Stdio,
    while_running: impl FnOnce(&mut std::process::Child),
) -> Outcome {
    let mut child = Command::new("prlimit")
        .arg(MEMORY)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_probative"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) must be installed for the hostile tests");
    while_running(&mut child);
    let pid = child.id();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    let Ok(output) = receive.recv_timeout(TIME) else {
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        panic!("probative {args:?} ran past {TIME:?}");
    };
    let output = output.unwrap();
    Outcome {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run_out(dir: &Path, args: &[&str]) -> Outcome {
    run_with(dir, args, Stdio::piped(), |_| {})
}

/// A folder holding a two-hypothesis study citing `k1` from `refs.bib`.
fn study_with_bib(bib: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), bib).unwrap();
    dir
}

fn write_study(dir: &Path, bibliography: &str, title: &str, claim: &str) {
    let study = format!(
        r#"[study]
title = "{title}"
bibliography = "{bibliography}"

[[hypothesis]]
id = "a"
title = "A"
prior = 0.5

[[hypothesis]]
id = "b"
title = "B"
prior = 0.5

[[evidence]]
id = "e1"
claim = "{claim}"
source = "k1"
locator = "p. 1"
likelihood = {{ a = 0.8, b = 0.3 }}
"#
    );
    std::fs::write(dir.join("study.toml"), study).unwrap();
}

const GOOD_BIB: &str =
    "@book{k1, author = {Doe, Jane}, title = {A Book}, publisher = {P}, year = {2001}}\n";

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn h1_crossref_and_xdata_loops_are_errors() {
    for bib in [
        "@book{k1, crossref = {k2}, title = {A}, year = 2001}\n@book{k2, crossref = {k1}, title = {B}}\n",
        "@book{k1, crossref = {k1}, title = {A}, year = 2001}\n",
        "@book{k1, xdata = {x1}, title = {A}, year = 2001}\n@xdata{x1, xdata = {x2}}\n@xdata{x2, xdata = {x1}}\n",
    ] {
        let dir = study_with_bib(bib);
        run(dir.path(), &["check", "."])
            .exits(1)
            .says("inherit from themselves through crossref or xdata");
    }
}

#[test]
fn h2_recursive_string_macros_are_errors() {
    for bib in [
        "@string{a = b}\n@string{b = a}\n@book{k1, title = a, year = 2001}\n",
        "@string{a = a # a}\n@book{k1, title = a, year = 2001}\n",
    ] {
        let dir = study_with_bib(bib);
        run(dir.path(), &["check", "."])
            .exits(1)
            .says("the @string macros refer to themselves");
    }
}

#[test]
fn h3_doubling_string_macros_are_refused_before_expansion() {
    let mut bib = String::from("@string{m0 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n");
    for i in 1..40 {
        let _ = writeln!(bib, "@string{{m{i} = m{} # m{}}}", i - 1, i - 1);
    }
    bib.push_str("@book{k1, title = m39, year = 2001}\n");
    let dir = study_with_bib(&bib);
    run(dir.path(), &["report", "."])
        .exits(1)
        .says("expands to");
}

#[test]
fn h4_deeply_nested_latex_is_an_error() {
    let bib = format!(
        "@book{{k1, title = {{{}x{}}}, year = 2001}}\n",
        "\\textbf{".repeat(20_000),
        "}".repeat(20_000)
    );
    let dir = study_with_bib(&bib);
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("braces are nested more than 100 deep");
}

fn causal_model(dir: &Path, query: &str, given: &str) {
    let model = format!(
        "[model]\ndag = \"X -> Y\"\n\n[[query]]\nname = \"q\"\nquery = \"{query}\"\ngiven = [\"{given}\"]\n"
    );
    std::fs::write(dir.join("model.toml"), model).unwrap();
}

/// Deeply nested BibTeX braces and YAML lists were slow (35 s, 40 s).
#[test]
fn m6_deep_bibliography_structures_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    let braces = format!(
        "@book{{k1, title = {{{}x{}}}, year = 2001}}\n",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    std::fs::write(dir.path().join("refs.bib"), braces).unwrap();
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("braces are nested more than 100 deep");
    write_study(dir.path(), "refs.yml", "T", "c");
    let lists = format!("k1: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("refs.yml"), lists).unwrap();
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("the YAML is nested more than 100 levels deep");
}

#[test]
fn h5_long_operator_chains_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let or = vec!["Y==1"; 30_000].join(" | ");
    let sum = vec!["Y[X=1]"; 30_000].join(" + ");
    let and = vec!["X==1"; 30_000].join(" & ");
    for (query, given) in [
        (or.as_str(), "TRUE"),
        (sum.as_str(), "TRUE"),
        ("Y==1", and.as_str()),
    ] {
        causal_model(dir.path(), query, given);
        let outcome = run(dir.path(), &["causal", "model.toml"]);
        outcome
            .exits(1)
            .says("the expression has more than 1000 operators");
        // The 200 KB query is quoted, but once.
        assert!(outcome.stderr.len() < 600_000, "{}", outcome.stderr.len());
    }
}

#[test]
fn h6_devices_are_refused_as_every_input() {
    let dir = tempfile::tempdir().unwrap();
    for device in ["/dev/zero", "/dev/urandom"] {
        run(dir.path(), &["check", device])
            .exits(2)
            .says("it is a character device, not a regular file");
        run(dir.path(), &["causal", device])
            .exits(2)
            .says("it is a character device, not a regular file");
        write_study(dir.path(), device, "T", "c");
        run(dir.path(), &["check", "."])
            .exits(1)
            .says("it is a character device, not a regular file");
        std::fs::write(
            dir.path().join("model.toml"),
            format!("[model]\ndag = \"X -> Y\"\n\n[data]\nfile = \"{device}\"\n"),
        )
        .unwrap();
        run(dir.path(), &["causal", "model.toml"])
            .exits(2)
            .says("it is a character device, not a regular file");
    }
}

#[test]
fn h6_a_fifo_with_no_writer_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("fifo"));
    run(dir.path(), &["check", "fifo"])
        .exits(2)
        .says("it is a FIFO and no program wrote to it");
    write_study(dir.path(), "fifo", "T", "c");
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("it is a FIFO and no program wrote to it");
}

#[test]
fn h6_a_fifo_with_a_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let study = std::fs::read(dir.path().join("study.toml")).unwrap();
    let fifo = dir.path().join("fifo.toml");
    mkfifo(&fifo);
    let outcome = run_with(dir.path(), &["check", "fifo.toml"], Stdio::piped(), |_| {
        // Opening for writing waits for probative to open it for reading.
        std::fs::write(&fifo, &study).unwrap();
    });
    outcome.exits(0);
    assert!(
        outcome.stdout().contains("0 errors"),
        "{}",
        outcome.stdout()
    );
}

/// A writer that starts a moment after probative opens the FIFO (as in
/// `probative check <(make-study)`) is waited for: reading at once found no
/// writer, read nothing, and left the writer waiting for a reader forever.
#[test]
fn h6_a_fifo_whose_writer_comes_late_is_read() {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let study = std::fs::read(dir.path().join("study.toml")).unwrap();
    let fifo = dir.path().join("fifo.toml");
    mkfifo(&fifo);
    let outcome = run_with(dir.path(), &["check", "fifo.toml"], Stdio::piped(), |_| {
        std::thread::sleep(Duration::from_millis(500));
        // Opened without blocking: had probative given up and closed the
        // FIFO, this fails at once instead of hanging the test.
        let mut writer = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(&fifo)
            .expect("probative still has the FIFO open for reading");
        writer.write_all(&study).unwrap();
    });
    outcome.exits(0);
    assert!(
        outcome.stdout().contains("0 errors"),
        "{}",
        outcome.stdout()
    );
}

#[test]
fn h6_an_oversized_bibliography_is_refused_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    let big = GOOD_BIB.repeat(17 * 1024 * 1024 / GOOD_BIB.len() + 1);
    std::fs::write(dir.path().join("refs.bib"), big).unwrap();
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("the limit is 16 MB");
}

/// M5: a report on a bibliography of 20,000 entries took minutes, every
/// entry formatted. Only the cited work is formatted now: the report ends
/// within the time limit and lists that one reference.
#[test]
fn m5_a_large_bibliography_formats_only_what_is_cited() {
    let mut bib = String::new();
    for i in 0..20_000 {
        let _ = writeln!(
            bib,
            "@book{{w{i}, author = {{Author{i}, Ann}}, title = {{Work {i}}}, publisher = {{P}}, year = {{2001}}}}"
        );
    }
    bib.push_str(GOOD_BIB);
    let dir = study_with_bib(&bib);
    let outcome = run_out(dir.path(), &["report", ".", "--width", "100"]);
    outcome.exits(0);
    let text = outcome.stdout();
    assert!(text.contains("Doe, J. (2001). A Book"), "{text}");
    assert!(!text.contains("Work 1"), "an uncited entry was listed");
}

#[test]
fn h7_output_goes_through_fifos_symlinks_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();

    // A FIFO stays a FIFO, and its reader gets the report.
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    run(dir.path(), &["report", ".", "-o", "out.fifo"]).exits(0);
    assert!(reader.join().unwrap().contains("VERDICT"));
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));

    // A symlink stays a symlink; its target gets the report.
    std::os::unix::fs::symlink("target.txt", dir.path().join("link")).unwrap();
    run(dir.path(), &["report", ".", "-o", "link"]).exits(0);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(dir.path().join("target.txt")).unwrap();
    assert!(text.contains("VERDICT"));

    // A device is written into, never replaced.
    run(dir.path(), &["report", ".", "-o", "/dev/null"]).exits(0);
    let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
    run(dir.path(), &["report", ".", "-o", "/dev/full"])
        .exits(2)
        .says("No space left on device");
    let kind = std::fs::symlink_metadata("/dev/full").unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
}

/// A study of `k` hypotheses and `n` items, each item with a likelihood
/// for every hypothesis.
fn many_hypotheses(k: usize, n: usize) -> String {
    let mut study = String::from("[study]\ntitle = \"Many\"\n");
    for i in 0..k {
        let _ = write!(study, "\n[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\n");
    }
    for e in 0..n {
        let _ = write!(
            study,
            "\n[[evidence]]\nid = \"e{e}\"\nclaim = \"c\"\n[evidence.likelihood]\n"
        );
        for i in 0..k {
            let _ = writeln!(
                study,
                "h{i} = {}",
                0.1 + 0.8 * ((i * 7 + e * 3) % 10) as f64 / 10.0
            );
        }
    }
    study
}

#[test]
fn h8_json_of_many_hypotheses_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("study.toml"), many_hypotheses(2_000, 3)).unwrap();
    let outcome = run_out(dir.path(), &["report", ".", "-f", "json"]);
    outcome.exits(0);
    // k × k blocks would be 2000² × 5 numbers: over 200 MB.
    assert!(outcome.stdout.len() < 5_000_000, "{}", outcome.stdout.len());
    let json: serde_json::Value = serde_json::from_slice(&outcome.stdout).unwrap();
    assert_eq!(json["pairwise_omitted"], true);
    assert!(json["evidence"][0].get("weight_db").is_none());
    assert!(json["hypotheses"][0].get("evidence_db").is_none());
    assert_eq!(json["hypotheses"].as_array().unwrap().len(), 2_000);
}

/// Checking was quadratic in the hypotheses (200,000 ran past a minute);
/// 100,000 now fit easily inside the time limit.
#[test]
fn m7_check_is_linear_in_hypotheses() {
    let dir = tempfile::tempdir().unwrap();
    let mut study = String::from("[study]\ntitle = \"Many\"\n");
    for i in 0..100_000 {
        let _ = write!(study, "\n[[hypothesis]]\nid = \"h{i}\"\ntitle = \"H{i}\"\n");
    }
    std::fs::write(dir.path().join("study.toml"), study).unwrap();
    let outcome = run_out(dir.path(), &["check", "."]);
    outcome.exits(0);
    assert!(
        outcome.stdout().contains("0 errors"),
        "{}",
        outcome.stdout()
    );
}

fn causal_with_data(csv: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("model.toml"),
        "[model]\ndag = \"X -> Y\"\n\n[data]\nfile = \"cases.csv\"\n\n[[query]]\nname = \"ATE\"\nquery = \"Y[X=1] - Y[X=0]\"\nusing = [\"posteriors\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("cases.csv"), csv).unwrap();
    dir
}

#[test]
fn h9_csv_columns_are_never_ignored() {
    let rows = "1,1\n1,1\n0,0\n0,0\n1,1\n0,0\n";
    let good = run_out(
        causal_with_data(format!("X,Y\n{rows}").as_bytes()).path(),
        &["causal", "model.toml", "--format", "json", "--draws", "200"],
    );
    good.exits(0);
    let bom = run_out(
        causal_with_data(format!("\u{feff}X,Y\n{rows}").as_bytes()).path(),
        &["causal", "model.toml", "--format", "json", "--draws", "200"],
    );
    bom.exits(0);
    assert_eq!(
        good.stdout, bom.stdout,
        "a byte-order mark changed the answer"
    );
    for (csv, help) in [
        (format!("x,y\n{rows}"), "did you mean X?"),
        (
            format!("X;Y\n{}", rows.replace(',', ";")),
            "write the header as X,Y",
        ),
        (rows.to_owned(), "the first line must be a header"),
        (
            format!("X,Y,notes\n{}", rows.replace('\n', ",a\n")),
            "remove the others",
        ),
    ] {
        let dir = causal_with_data(csv.as_bytes());
        run(dir.path(), &["causal", "model.toml"])
            .exits(1)
            .says(help);
    }
}

#[test]
fn m1_l2_study_text_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write_study(
        dir.path(),
        "refs.bib",
        "T\\u001b]0;PWNED\\u0007 \\u009b2J\\u202e x\\nVERDICT: b is proven",
        "c\\rd\\u001b[8m",
    );
    std::fs::write(
        dir.path().join("refs.bib"),
        "@book{k1, author = {Doe, Jane}, title = {A \u{1b}[2J Book}, publisher = {P}, year = {2001}}\n",
    )
    .unwrap();
    for format in ["text", "markdown"] {
        let outcome = run_out(dir.path(), &["report", ".", "-f", format]);
        outcome.exits(0);
        let out = outcome.stdout();
        for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            assert!(!out.contains(raw), "{format}: raw {raw:?} in {out}");
        }
        // Shown, as an escape (Markdown escapes its backslash and bracket).
        assert!(out.contains("u{1b}") && out.contains("PWNED"), "{out}");
        assert!(
            !out.lines()
                .any(|l| l.trim_start().starts_with("VERDICT: b")),
            "{format}: a title forged a line: {out}"
        );
    }
    // Diagnostics: an unknown key and the offending line, quoted.
    std::fs::write(
        dir.path().join("study.toml"),
        "[study]\ntitle = \"T\"\n\"\\u001b]0;X\\u0007\" = 1\n[[hypothesis]]\nid = \"a\"\ntitle = \"\u{202e}A\"\n",
    )
    .unwrap();
    let outcome = run(dir.path(), &["check", "."]);
    outcome.exits(1);
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(
            !outcome.stderr.contains(raw),
            "raw {raw:?} in {}",
            outcome.stderr
        );
    }
    // A causal query's name and an echoed query.
    causal_model(dir.path(), "Y==1", "TRUE");
    let model = std::fs::read_to_string(dir.path().join("model.toml"))
        .unwrap()
        .replace("name = \"q\"", "name = \"q\\u001b]0;X\\u0007\"");
    std::fs::write(dir.path().join("model.toml"), &model).unwrap();
    let outcome = run_out(dir.path(), &["causal", "model.toml"]);
    outcome.exits(0);
    assert!(!outcome.stdout().contains('\u{1b}'), "{}", outcome.stdout());
    std::fs::write(
        dir.path().join("model.toml"),
        model.replace("query = \"Y==1\"", "query = \"Y==1 \u{1b}]0;X\u{7}\""),
    )
    .unwrap();
    let outcome = run(dir.path(), &["causal", "model.toml"]);
    outcome.exits(1);
    assert!(!outcome.stderr.contains('\u{1b}'), "{}", outcome.stderr);
}

#[test]
fn m2_m3_write_errors_are_reported_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["report", "."][..],
        &["report", ".", "-f", "json"],
        &["check", "."],
        &["check", ".", "-f", "json"],
        &["explain", "fragile-conclusion"],
    ] {
        run_with(dir.path(), args, Stdio::from(full()), |_| {})
            .exits(2)
            .says("No space left on device");
    }
    // A reader that went away: no panic, and no complaint either.
    for args in [
        &["check", ".", "-f", "json"][..],
        &["explain", "fragile-conclusion"],
    ] {
        let outcome = run_with(dir.path(), args, Stdio::piped(), |child| {
            drop(child.stdout.take());
        });
        assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
        assert_ne!(outcome.code, Some(101));
    }
}

#[test]
fn m4_a_report_never_overwrites_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let study = std::fs::read(dir.path().join("study.toml")).unwrap();
    run(dir.path(), &["report", ".", "-o", "study.toml"])
        .exits(2)
        .says("which this report is made from");
    run(dir.path(), &["report", "study.toml", "-o", "refs.bib"])
        .exits(2)
        .says("which this report is made from");
    std::os::unix::fs::symlink("study.toml", dir.path().join("alias")).unwrap();
    run(dir.path(), &["report", ".", "-o", "alias"])
        .exits(2)
        .says("which this report is made from");
    assert_eq!(std::fs::read(dir.path().join("study.toml")).unwrap(), study);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("refs.bib")).unwrap(),
        GOOD_BIB
    );
}

#[test]
fn m8_a_bibliography_outside_the_folder_is_never_quoted() {
    let root = tempfile::tempdir().unwrap();
    let study = root.path().join("study");
    std::fs::create_dir(&study).unwrap();
    std::fs::write(
        root.path().join("secrets.bib"),
        "@book{k1, title = {x}\n  token = {SECRET-TOKEN-123}\n",
    )
    .unwrap();
    write_study(&study, "../secrets.bib", "T", "c");
    let outcome = run(&study, &["check", "."]);
    outcome.exits(1).says("secrets.bib:2:");
    assert!(!outcome.stderr.contains("SECRET"), "{}", outcome.stderr);
    // The same file inside the folder is quoted, as any study file is.
    std::fs::copy(root.path().join("secrets.bib"), study.join("refs.bib")).unwrap();
    write_study(&study, "refs.bib", "T", "c");
    run(&study, &["check", "."]).exits(1).says("SECRET");
    // Named as a bare file name from its own folder, the study's folder is
    // the current one: its bibliography is inside it and is quoted.
    run(&study, &["check", "study.toml"])
        .exits(1)
        .says("SECRET");
}

#[test]
fn m8_a_data_file_outside_the_folder_is_never_quoted() {
    let root = tempfile::tempdir().unwrap();
    let model = root.path().join("model");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(root.path().join("secret.csv"), "SECRET-TOKEN,x\n1,1\n").unwrap();
    std::fs::write(
        model.join("model.toml"),
        "[model]\ndag = \"X -> Y\"\n\n[data]\nfile = \"../secret.csv\"\n",
    )
    .unwrap();
    let outcome = run(&model, &["causal", "model.toml"]);
    outcome.exits(1).says("is not a node of the model");
    assert!(!outcome.stderr.contains("SECRET"), "{}", outcome.stderr);
}

#[test]
fn m9_draws_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    causal_model(dir.path(), "Y==1", "TRUE");
    for draws in ["18446744073709551615", "1000001"] {
        run(dir.path(), &["causal", "model.toml", "--draws", draws])
            .exits(2)
            .says("--draws must be between 1 and 1000000");
    }
}

#[test]
fn l1_an_interrupted_report_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // 100 hypotheses × 400 items: a JSON report of about 100 MB, slow
    // enough to interrupt while it is written.
    std::fs::write(dir.path().join("study.toml"), many_hypotheses(100, 400)).unwrap();
    let folder = dir.path().to_path_buf();
    let temporary = move || -> Vec<PathBuf> {
        std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(".probative-"))
            })
            .collect()
    };
    let seen = temporary.clone();
    let outcome = run_with(
        dir.path(),
        &["report", ".", "-f", "json", "-o", "r.json"],
        Stdio::null(),
        |child| {
            let start = Instant::now();
            while seen().is_empty() {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "finished before it could be interrupted"
                );
                assert!(start.elapsed() < TIME, "no temporary file appeared");
                std::thread::sleep(Duration::from_millis(5));
            }
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
        },
    );
    assert_eq!(outcome.code, Some(128 + 15), "{}", outcome.stderr);
    assert!(temporary().is_empty(), "left {:?}", temporary());
    assert!(!dir.path().join("r.json").exists());
}

#[test]
fn l4_a_huge_csv_value_is_not_echoed_whole() {
    let csv = format!("X,Y\n{},1\n", "9".repeat(10_000_000));
    let dir = causal_with_data(csv.as_bytes());
    let outcome = run(dir.path(), &["causal", "model.toml"]);
    outcome.exits(1).says("is not 0, 1 or empty");
    assert!(
        outcome.stderr.len() < 1_000,
        "{} bytes",
        outcome.stderr.len()
    );
}

/// L3: a malformed likelihood was first reported as missing (`no value
/// for 'a'`), an integer past 64 bits as "not a number", and 1e308 with 309
/// digits. Each value now gets its one true error, quoted short.
#[test]
fn l3_the_first_error_is_the_true_one() {
    for (value, expected) in [
        ("[]", "a likelihood interval must be two numbers"),
        (
            "[0.1, 0.2, 0.3]",
            "a likelihood interval must be two numbers",
        ),
        (
            "[\"likely\", 0.5]",
            "a likelihood interval must be two numbers",
        ),
        ("[[[0.5]]]", "a likelihood interval must be two numbers"),
        (
            "99999999999999999999",
            "the likelihood 1e20 is not a probability",
        ),
        ("1e308", "the likelihood 1e308 is not a probability"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_study(dir.path(), "refs.bib", "T", "c");
        std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
        let path = dir.path().join("study.toml");
        let study = std::fs::read_to_string(&path)
            .unwrap()
            .replace("a = 0.8", &format!("a = {value}"));
        std::fs::write(&path, study).unwrap();
        let outcome = run(dir.path(), &["check", "."]);
        outcome.exits(1).says(expected);
        assert!(
            outcome.stderr.starts_with("error[invalid-value]")
                && !outcome.stderr.contains("missing-likelihood")
                && !outcome.stderr.contains("0000000000"),
            "{value}: {}",
            outcome.stderr
        );
    }
}

/// L3, as a study is typed: a value left unwritten (`prior =`) is a TOML
/// syntax error, and that is the one error shown; what the parser
/// recovered around it once added "`a` lacks a prior" and "`prior` must be
/// a number, not a string", listed first.
#[test]
fn l3_a_syntax_error_is_shown_alone() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let path = dir.path().join("study.toml");
    let study = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("prior = 0.5", "prior =", 1);
    std::fs::write(&path, study).unwrap();
    let outcome = run(dir.path(), &["check", "."]);
    outcome.exits(1).says("this is not valid TOML");
    assert!(
        outcome.stderr.starts_with("error[syntax]")
            && outcome.stderr.matches("error[").count() == 1,
        "{}",
        outcome.stderr
    );
}

/// L4: an unknown likelihood key of 5 MB printed 15 MB (the key in the
/// message, the line, a caret under it). The line is shown as an excerpt
/// around the error, with its true line and column, and the key quoted
/// bounded.
#[test]
fn l4_one_error_on_a_huge_line_prints_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let path = dir.path().join("study.toml");
    let study = std::fs::read_to_string(&path).unwrap().replace(
        "likelihood = { a = 0.8, b = 0.3 }",
        &format!(
            "likelihood = {{ a = 0.8, b = 0.3, {} = 0.5 }}",
            "z".repeat(5_000_000)
        ),
    );
    std::fs::write(&path, study).unwrap();
    let outcome = run(dir.path(), &["check", "."]);
    outcome.exits(1).says("study.toml:20:34").says("…");
    assert!(
        outcome.stderr.len() < 5_000,
        "{} bytes of stderr",
        outcome.stderr.len()
    );
    // A causal model: a 2 MB query line, and a 3 MB unknown key.
    causal_model(dir.path(), &"Y==1 | ".repeat(300_000), "TRUE");
    let outcome = run(dir.path(), &["causal", "model.toml"]);
    outcome.exits(1).says("column 7015").says("…");
    assert!(
        outcome.stderr.len() < 2_000,
        "{} bytes",
        outcome.stderr.len()
    );
    std::fs::write(
        dir.path().join("model.toml"),
        format!(
            "[model]\ndag = \"X -> Y\"\n\n[[query]]\nname = \"q\"\nquery = \"Y==1\"\n{} = 1\n",
            "z".repeat(3_000_000)
        ),
    )
    .unwrap();
    let outcome = run(dir.path(), &["causal", "model.toml"]);
    outcome.exits(1).says("has no key");
    assert!(
        outcome.stderr.len() < 2_000,
        "{} bytes",
        outcome.stderr.len()
    );
}

#[test]
fn l5_a_read_only_report_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let old = dir.path().join("old.txt");
    std::fs::write(&old, "kept").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o444)).unwrap();
    run(dir.path(), &["report", ".", "-o", "old.txt"])
        .exits(2)
        .says("it is read-only");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "kept");
}

/// L5: `-o` a hard link gave the name a new file and left the other link
/// with the old text. The file they share is written in place, whole.
#[test]
fn l5_a_hard_link_is_written_in_place() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let out = dir.path().join("out.txt");
    let other = dir.path().join("other.txt");
    std::fs::write(&out, "old").unwrap();
    std::fs::hard_link(&out, &other).unwrap();
    let inode = std::fs::metadata(&out).unwrap().ino();
    run(dir.path(), &["report", ".", "-o", "out.txt"]).exits(0);
    assert_eq!(std::fs::metadata(&out).unwrap().ino(), inode);
    let text = std::fs::read_to_string(&other).unwrap();
    assert!(text.contains("VERDICT"), "{text}");
    assert_eq!(text, std::fs::read_to_string(&out).unwrap());
}

/// L5: a writable file in a folder that cannot be written to (no room for
/// the temporary file) was refused; it is written in place, as `>` would.
/// (Run as root, the folder is writable anyway and the file is replaced:
/// the report arrives either way.)
#[test]
fn l5_a_writable_file_in_a_read_only_folder_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    let out = folder.join("out.txt");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let outcome = run(dir.path(), &["report", ".", "-o", "locked/out.txt"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    outcome.exits(0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("VERDICT"));
}

#[test]
fn l7_io_messages_name_the_real_problem() {
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    run(dir.path(), &["report", ".", "-o", "out/"])
        .exits(2)
        .says("it names a folder")
        .says("give a file name, such as `out/report`");
    std::fs::create_dir(dir.path().join("outdir")).unwrap();
    run(dir.path(), &["report", ".", "-o", "outdir"])
        .exits(2)
        .says("it is a folder; give a file name, such as `outdir/report`");
    let outcome = run(dir.path(), &["report", ".", "-o", "nodir/r.txt"]);
    outcome.exits(2).says("No such file or directory");
    assert!(
        !outcome.stderr.contains(".probative-"),
        "{}",
        outcome.stderr
    );
    std::os::unix::fs::symlink("loop-b", dir.path().join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.path().join("loop-b")).unwrap();
    run(dir.path(), &["check", "loop-a"])
        .exits(2)
        .says("symbolic link that leads, through others, back to itself (a loop)");
    run(dir.path(), &["report", ".", "-o", "loop-a"])
        .exits(2)
        .says("(a loop)");
}

/// L7: `check -` looked for a file named `-`. It reads the study from
/// standard input (its bibliography from the current folder), and no more
/// of it than the study size limit.
#[test]
fn l7_a_study_from_standard_input() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    write_study(dir.path(), "refs.bib", "T", "c");
    std::fs::write(dir.path().join("refs.bib"), GOOD_BIB).unwrap();
    let study = std::fs::read(dir.path().join("study.toml")).unwrap();
    let feed = |input: Vec<u8>, args: &[&str]| {
        let mut child = Command::new("prlimit")
            .arg(MEMORY)
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_probative"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // The writer may stop early: probative reads no more than it may.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        output
    };
    let output = feed(study.clone(), &["report", "-"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("VERDICT") && text.contains("Doe, J. (2001)"),
        "{text}"
    );
    let output = feed(
        String::from_utf8(study)
            .unwrap()
            .replace("b = 0.3", "zz = 0.3")
            .into_bytes(),
        &["check", "-"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>:20:"));
    let output = feed(vec![b'#'; 17 * 1024 * 1024], &["check", "-"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("too-large"));
}

/// L6: a Cyrillic `к1` in the bibliography where the study cites `k1` got
/// the help "add an entry `k1`"; `k1` and `K1` were both accepted. The help
/// names the look-alike character, and keys that differ only in case are a
/// warning.
#[test]
fn l6_look_alike_and_case_twin_keys_are_named() {
    let dir = study_with_bib(
        "@book{\u{43a}1, author = {Doe, Jane}, title = {A Book}, publisher = {P}, year = {2001}}\n",
    );
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("unknown-source")
        .says("looks the same but is another key")
        .says("`к` (U+043A) where the")
        .says("has `k` (U+006B)");
    let dir = study_with_bib(&format!(
        "{GOOD_BIB}@book{{K1, author = {{Roe, Rick}}, title = {{B}}, publisher = {{P}}, year = {{2002}}}}\n"
    ));
    run(dir.path(), &["check", "."])
        .exits(0)
        .says("warning[bibliography-entry]")
        .says("the keys `k1` and `K1` differ only in case");
}

/// L8: impossible bibliography dates were accepted silently and shown as
/// (n.d.). Each is a warning at the field, naming the entry.
#[test]
fn l8_invalid_bibliography_dates_are_located_warnings() {
    for date in ["2001-02-30", "2001-02-30/1999-13"] {
        let dir = study_with_bib(&format!(
            "@book{{k1, author = {{Doe, Jane}}, title = {{A Book}}, publisher = {{P}},\n  date = {{{date}}}, year = {{-99999999999}}}}\n"
        ));
        run(dir.path(), &["check", "."])
            .exits(0)
            .says("warning[bibliography-entry]")
            .says(&format!(
                "the `date` of entry `k1`, `{date}`, is not a valid date"
            ))
            .says("refs.bib:2:11");
    }
}

/// Dates the BibTeX parser aborted on (found by the `read_bibliography`
/// fuzz target): a year with a space after its sign, and digits outside
/// ASCII. Each field is set aside with a located warning; the report runs.
#[test]
fn l8_dates_the_parser_aborted_on_are_set_aside() {
    for (field, value) in [
        ("year", "-\t13"),
        ("year", "- 13"),
        ("date", "\u{ff12}\u{ff10}\u{ff10}\u{ff11}"),
    ] {
        let dir = study_with_bib(&format!(
            "@book{{k1, author = {{Doe, Jane}}, title = {{A Book}}, publisher = {{P}},\n  {field} = {{{value}}}}}\n"
        ));
        run(dir.path(), &["check", "."])
            .exits(0)
            .says("warning[bibliography-entry]")
            .says(&format!("the `{field}` of entry `k1`"))
            .says("cannot be read as a date")
            .says("refs.bib:2:");
        run_out(dir.path(), &["report", ".", "--width", "100"]).exits(0);
    }
}

/// M10: `depends_on` cycles were accepted. A ring of 20,000 items (deep
/// enough to overflow a recursive search's stack) and an item that depends
/// on itself are both errors naming the cycle, in bounded time and memory.
#[test]
fn m10_depends_on_cycles_are_errors_however_long() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut study = String::from(
        "[study]\ntitle = \"A ring\"\n\n[[hypothesis]]\nid = \"a\"\ntitle = \"A\"\n\n\
         [[hypothesis]]\nid = \"b\"\ntitle = \"B\"\n",
    );
    for i in 0..n {
        let next = (i + 1) % n;
        let _ = write!(
            study,
            "\n[[evidence]]\nid = \"e{i}\"\nclaim = \"Item {i}.\"\ndepends_on = [\"e{next}\"]\n\
             likelihood = {{ a = 0.6, b = 0.4 }}\n"
        );
    }
    study.push_str(
        "\n[[evidence]]\nid = \"own\"\nclaim = \"Itself.\"\ndepends_on = [\"own\"]\n\
         likelihood = { a = 0.6, b = 0.4 }\n",
    );
    std::fs::write(dir.path().join("study.toml"), study).unwrap();
    run(dir.path(), &["check", "."])
        .exits(1)
        .says("dependency-cycle")
        .says("`own` depends on itself");
}
