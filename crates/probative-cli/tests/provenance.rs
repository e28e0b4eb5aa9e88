//! The HTML report's provenance footer, from the real binary: the date
//! `SOURCE_DATE_EPOCH` fixes, and the SHA-256 of the study and bibliography
//! bytes, which a reader can recompute with `cat study.toml
//! references.bib | sha256sum`.

use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

fn html(study: &Path, epoch: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("report")
        .arg(study)
        .args(["--format", "html"])
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("the probative binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the page is UTF-8")
}

fn sha256(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part);
    }
    hash.finalize().iter().fold(String::new(), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[test]
fn the_footer_dates_the_page_and_checksums_its_inputs() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let study = temp.path().join("study");
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("example")
        .arg(&study)
        .status()
        .expect("the probative binary runs");
    assert!(status.success());
    let toml = std::fs::read(study.join("study.toml")).expect("the study");
    let bib = std::fs::read(study.join("references.bib")).expect("the bibliography");

    let page = html(&study, "951782400");
    assert!(
        page.contains("<dt>Date</dt><dd>2000-02-29</dd>"),
        "the date"
    );
    let expected = format!(
        "<code class=\"checksum\">sha256:{}</code>",
        sha256(&[&toml, &bib])
    );
    assert!(
        page.contains(&expected),
        "the checksum of study then bibliography"
    );
    assert!(page.contains(&format!("probative {}", env!("CARGO_PKG_VERSION"))));

    // The same inputs and date give the same page; a changed bibliography
    // changes the checksum.
    assert_eq!(page, html(&study, "951782400"));
    let mut changed = bib.clone();
    changed.extend_from_slice(b"\n% a comment\n");
    std::fs::write(study.join("references.bib"), &changed).expect("the bibliography is rewritten");
    let page = html(&study, "951782400");
    assert!(!page.contains(&expected));
    assert!(page.contains(&sha256(&[&toml, &changed])));
}
