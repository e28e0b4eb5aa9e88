//! `probative serve`, the real binary over real HTTP: the API's answers,
//! the bytes it writes, its guard, and the page following the disk.
//!
//! Each test writes the bundled example into a temporary folder, starts
//! `probative serve --port 0` on it and talks to it with plain HTTP/1.1 over
//! a socket (no client library, so that what is sent is exactly what is
//! written here, a forged `Host` included).

mod common;

use common::{Server, example_dir, http};

#[test]
fn the_page_the_report_and_the_check_are_served_with_a_version() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!(
        "<meta name=\"probative-token\" content=\"{}\">",
        server.token()
    )));
    assert!(
        page.body
            .contains("<script src=\"/live.js\" defer></script>")
    );
    assert!(page.body.contains("connect-src 'self'"));
    let report = server.get("/api/report");
    assert_eq!(report.status, 200);
    let etag = report.header("etag").expect("an ETag");
    assert!(report.body.contains("\"schema\": \"probative-report/1\""));
    let check = server.get("/api/check");
    assert_eq!(check.status, 200);
    assert!(check.body.contains("probative-check/1"));
    assert_eq!(check.header("etag"), Some(etag.clone()));
    let script = server.get("/live.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    let lines = server.get("/api/lines");
    let lines: serde_json::Value = serde_json::from_str(&lines.body).unwrap();
    let study = std::fs::read_to_string(dir.path().join("study.toml")).unwrap();
    let line = lines["evidence"]["lb-inaugural"].as_u64().unwrap() as usize;
    assert_eq!(study.lines().nth(line - 1), Some("[[evidence]]"));
    assert_eq!(study.lines().nth(line), Some("id = \"lb-inaugural\""));
}

#[test]
fn an_edit_changes_exactly_its_value_and_stale_or_bad_edits_write_nothing() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let server = Server::start(dir.path());
    let base = server.version();

    let saved = server.post(
        "/api/edit",
        &format!(
            r#"{{"base": "{base}", "edits": [{{"path": ["evidence", "lb-inaugural", "likelihood", "empire"], "value": 0.9}}]}}"#
        ),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let new_version = serde_json::from_str::<serde_json::Value>(&saved.body).unwrap()["version"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_version, base);
    let after = std::fs::read_to_string(&path).unwrap();
    let old_line = "likelihood = { empire = [0.25, 0.55], lobby = \"likely\", nonproliferation = \"likely\", proxies = [0.4, 0.7], hardliners = \"likely\", weakness = [0.35, 0.65] }";
    assert_eq!(original.matches(old_line).count(), 1);
    assert_eq!(
        after,
        original.replace(
            old_line,
            &old_line.replace("empire = [0.25, 0.55]", "empire = 0.9")
        ),
        "only the edited value's bytes may change"
    );
    let report = server.get("/api/report");
    assert_eq!(report.header("etag"), Some(format!("\"{new_version}\"")));

    // A stale base: 409 with the current version, nothing written.
    let stale = server.post(
        "/api/edit",
        &format!(
            r#"{{"base": "{base}", "edits": [{{"path": ["evidence", "lb-inaugural", "observed"], "value": false}}]}}"#
        ),
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains(&new_version));
    assert!(stale.body.contains("nothing was written"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);

    // An edit that breaks the study (priors no longer sum to 1): 422 with
    // the diagnostics, nothing written.
    let invalid = server.post(
        "/api/edit",
        &format!(
            r#"{{"base": "{new_version}", "edits": [{{"path": ["hypothesis", "lobby", "prior"], "value": 0.5}}]}}"#
        ),
    );
    assert_eq!(invalid.status, 422, "{}", invalid.body);
    assert!(invalid.body.contains("\"diagnostics\""));
    assert!(
        invalid.body.contains("\"severity\":\"error\""),
        "{}",
        invalid.body
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);

    // Priors moved together, and a new item, are saved.
    let both = server.post(
        "/api/edit",
        &format!(
            r#"{{"base": "{new_version}", "edits": [
                {{"path": ["hypothesis", "lobby", "prior"], "value": 0.1}},
                {{"path": ["hypothesis", "weakness", "prior"], "value": 0.15}},
                {{"path": ["evidence", "+"], "value": {{"id": "new-item", "case": "conoco", "claim": "A new claim.",
                  "likelihood": {{"empire": 0.6, "lobby": 0.5, "nonproliferation": 0.5, "proxies": 0.5, "hardliners": "likely", "weakness": [0.2, 0.4]}}}}}}
            ]}}"#
        ),
    );
    assert_eq!(both.status, 200, "{}", both.body);
    let last = std::fs::read_to_string(&path).unwrap();
    assert!(last.contains("prior = 0.1\n") && last.contains("prior = 0.15\n"));
    assert!(last.contains(
        "\n\n[[evidence]]\nid = \"new-item\"\ncase = \"conoco\"\nclaim = \"A new claim.\"\nlikelihood = { empire = 0.6, lobby = 0.5, nonproliferation = 0.5, proxies = 0.5, hardliners = \"likely\", weakness = [0.2, 0.4] }\n"
    ));
    // Every comment of the original is still there.
    for comment in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(last.contains(comment), "lost comment: {comment}");
    }
}

#[test]
fn a_preview_and_a_what_if_never_write() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read(&path).unwrap();
    let server = Server::start(dir.path());
    let before: serde_json::Value = serde_json::from_str(&server.get("/api/report").body).unwrap();
    let preview = server.post(
        "/api/preview",
        r#"{"edits": [{"path": ["evidence", "lb-inaugural", "likelihood", "empire"], "value": 0.99}]}"#,
    );
    assert_eq!(preview.status, 200, "{}", preview.body);
    let preview: serde_json::Value = serde_json::from_str(&preview.body).unwrap();
    let posterior = |r: &serde_json::Value| r["hypotheses"][0]["posterior"].as_f64().unwrap();
    assert!(posterior(&preview["report"]) > posterior(&before));
    let what_if = server.post("/api/preview", r#"{"without": ["case:conoco"]}"#);
    assert_eq!(what_if.status, 200, "{}", what_if.body);
    let what_if: serde_json::Value = serde_json::from_str(&what_if.body).unwrap();
    let removed = what_if["removed"].as_array().unwrap();
    assert!(!removed.is_empty());
    assert!(
        removed
            .iter()
            .all(|id| id.as_str().unwrap().starts_with("cn-"))
    );
    assert_ne!(posterior(&what_if["report"]), posterior(&before));
    let unknown = server.post("/api/preview", r#"{"without": ["case:atlantis"]}"#);
    assert_eq!(unknown.status, 422);
    assert!(
        unknown.body.contains("no case `atlantis` in the study"),
        "{}",
        unknown.body
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn a_what_if_removes_what_the_command_lines_without_removes() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let what_if = server.post("/api/preview", r#"{"without": ["tag:omitted-by-paper"]}"#);
    assert_eq!(what_if.status, 200, "{}", what_if.body);
    let what_if: serde_json::Value = serde_json::from_str(&what_if.body).unwrap();
    let removed = what_if["removed"].as_array().unwrap();
    assert!(!removed.is_empty());
    let evidence = what_if["report"]["evidence"].as_array().unwrap();
    assert!(evidence.iter().all(|e| !removed.contains(&e["id"])));
    // The same spec on the command line: the same items, the same verdict.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["report", "-f", "json", "--without", "tag:omitted-by-paper"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        cli["study"]["without"],
        what_if["report"]["study"]["without"]
    );
    assert_eq!(&cli["study"]["without"]["removed"], &what_if["removed"]);
    assert_eq!(cli["hypotheses"], what_if["report"]["hypotheses"]);
    assert_eq!(cli["analysts"], what_if["report"]["analysts"]);

    let unknown = server.post(
        "/api/preview",
        r#"{"without": ["tag:omitted-by-papers", "nonesuch"]}"#,
    );
    assert_eq!(unknown.status, 422);
    let unknown: serde_json::Value = serde_json::from_str(&unknown.body).unwrap();
    let message = unknown["message"].as_str().unwrap();
    assert!(
        message
            .contains("no tag `omitted-by-papers` in the study; did you mean `omitted-by-paper`?"),
        "{message}"
    );
    assert!(message.contains("no evidence item `nonesuch`"), "{message}");
    assert_eq!(unknown["messages"].as_array().unwrap().len(), 2);
}

#[test]
fn the_analysts_are_pooled_and_followed() {
    let dir = example_dir();
    let analyst = dir.path().join("analysts").join("encoder.toml");
    let original = std::fs::read_to_string(&analyst).unwrap();
    let server = Server::start(dir.path());
    let first = server.version();
    let report: serde_json::Value = serde_json::from_str(&server.get("/api/report").body).unwrap();
    let members = report["analysts"]["members"].as_array().unwrap();
    let ids: Vec<&str> = members.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["archivist", "encoder", "structuralist"]);
    assert_eq!(report["analysts"]["pool"], "log");

    // A change to an analyst's file is a new version, announced.
    std::thread::scope(|scope| {
        let events = scope.spawn(|| server.read_events(2));
        std::thread::sleep(std::time::Duration::from_millis(500));
        std::fs::write(
            &analyst,
            original.replace("name = \"The study's encoder\"", "name = \"The encoder\""),
        )
        .unwrap();
        let second = server.wait_for(|s| s["version"] != first.as_str() && s["errors"] == 0);
        let version = second["version"].as_str().unwrap();
        let events = events.join().unwrap();
        assert!(
            events.contains(&format!("event: report\ndata: {version}")),
            "{events}"
        );
        let report = server.get("/api/report");
        assert_eq!(report.header("etag"), Some(format!("\"{version}\"")));
        assert!(report.body.contains("\"The encoder\""));
    });
    let good = server.version();

    // A broken analyst's file: its errors, located in it; the last good
    // report stays.
    std::fs::write(
        &analyst,
        "[analyst]\nname = \"The study's encoder\"\nweight = -1\n",
    )
    .unwrap();
    let broken = server.wait_for(|s| s["errors"].as_u64().unwrap_or(0) > 0);
    let errors = broken["errors_text"].as_str().unwrap();
    assert!(errors.contains("analysts/encoder.toml:3:"), "{errors}");
    assert!(errors.contains("weight = -1"), "{errors}");
    let report = server.get("/api/report");
    assert_eq!(report.status, 200);
    assert_eq!(report.header("etag"), Some(format!("\"{good}\"")));
    assert!(server.get("/api/check").body.contains("encoder"));

    // Fixed: the first version again.
    std::fs::write(&analyst, &original).unwrap();
    let fixed = server.wait_for(|s| s["errors"] == 0);
    assert_eq!(fixed["version"], first.as_str());
}

#[test]
fn the_server_follows_the_disk_and_keeps_the_last_good_report() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let server = Server::start(dir.path());
    let first = server.version();

    // An outside edit: the version follows.
    std::fs::write(
        &path,
        original.replace(
            "prior = 0.20\n\n[[hypothesis]]\nid = \"lobby\"",
            "prior = 0.20 \n\n[[hypothesis]]\nid = \"lobby\"",
        ),
    )
    .unwrap();
    let second = server.wait_for(|s| s["version"] != first && s["errors"] == 0);
    assert_eq!(
        server.get("/api/report").header("etag"),
        Some(format!("\"{}\"", second["version"].as_str().unwrap()))
    );

    // A broken study: the errors are listed, the last good report stays.
    std::fs::write(&path, original.replace("prior = 0.15", "prior = 0.95")).unwrap();
    let broken = server.wait_for(|s| s["errors"].as_u64().unwrap_or(0) > 0);
    assert!(
        broken["errors_text"]
            .as_str()
            .unwrap()
            .contains("study.toml:"),
        "{broken}"
    );
    let report = server.get("/api/report");
    assert_eq!(report.status, 200);
    assert_eq!(
        report.header("etag"),
        Some(format!("\"{}\"", second["version"].as_str().unwrap()))
    );
    assert!(
        server
            .get("/api/check")
            .body
            .contains("\"severity\": \"error\"")
    );

    // Fixed again.
    std::fs::write(&path, &original).unwrap();
    let fixed = server.wait_for(|s| s["errors"] == 0);
    assert_eq!(fixed["version"], first);
}

#[test]
fn the_event_stream_announces_the_current_version() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let version = server.version();
    let head = server.read_events(1);
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(
        head.contains(&format!("event: report\ndata: {version}")),
        "{head}"
    );
}

#[test]
fn foreign_hosts_origins_and_tokenless_changes_are_refused() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read(&path).unwrap();
    let server = Server::start(dir.path());
    let port = server.port;
    let base = server.version();
    let body = format!(
        r#"{{"base": "{base}", "edits": [{{"path": ["evidence", "lb-inaugural", "observed"], "value": false}}]}}"#
    );
    let token = server.token();
    let own = format!("127.0.0.1:{port}");

    let foreign_host = http(port, "GET", "/api/report", &[("Host", "evil.example")], "");
    assert_eq!(foreign_host.status, 403);
    let rebound = http(
        port,
        "GET",
        "/",
        &[("Host", &format!("evil.example:{port}"))],
        "",
    );
    assert_eq!(rebound.status, 403);
    let other_port = http(
        port,
        "GET",
        "/",
        &[("Host", &format!("127.0.0.1:{}", port.wrapping_add(1)))],
        "",
    );
    assert_eq!(other_port.status, 403);
    for host in [
        own.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            http(port, "GET", "/api/check", &[("Host", &host)], "").status,
            200,
            "{host}"
        );
    }

    let foreign_origin = http(
        port,
        "POST",
        "/api/edit",
        &[
            ("Host", &own),
            ("X-Probative-Token", &token),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(foreign_origin.status, 403);
    let no_token = http(
        port,
        "POST",
        "/api/edit",
        &[("Host", &own), ("Content-Type", "application/json")],
        &body,
    );
    assert_eq!(no_token.status, 403);
    let wrong_token = http(
        port,
        "POST",
        "/api/edit",
        &[
            ("Host", &own),
            ("X-Probative-Token", "0123"),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(wrong_token.status, 403);
    let preview_no_token = http(port, "POST", "/api/preview", &[("Host", &own)], "{}");
    assert_eq!(preview_no_token.status, 403);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "a refused request wrote"
    );

    // The page's own requests pass.
    let own_origin = http(
        port,
        "POST",
        "/api/edit",
        &[
            ("Host", &own),
            ("X-Probative-Token", &token),
            ("Origin", &format!("http://{own}")),
            ("Content-Type", "application/json"),
        ],
        &body,
    );
    assert_eq!(own_origin.status, 200, "{}", own_origin.body);
}

#[test]
fn no_file_is_served_by_its_path() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let own = format!("127.0.0.1:{}", server.port);
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/etc/passwd",
        "/study.toml",
        "/references.bib",
        "/api/../study.toml",
        "/live.js/../../study.toml",
    ] {
        let response = http(server.port, "GET", path, &[("Host", &own)], "");
        assert_eq!(response.status, 404, "{path}: {}", response.body);
        assert!(!response.body.contains("root:"), "{path}");
        assert!(!response.body.contains("[[evidence]]"), "{path}");
    }
}

#[test]
fn the_server_listens_on_loopback_only() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let addresses = common::non_loopback_addresses();
    assert!(
        !addresses.is_empty(),
        "this machine has no non-loopback address to try the server on"
    );
    for ip in addresses {
        let address = std::net::SocketAddr::new(ip, server.port);
        let reached =
            std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_secs(2));
        assert!(reached.is_err(), "the server answered on {address}");
    }
    assert_eq!(server.get("/api/check").status, 200);
}

#[test]
fn a_study_that_cannot_be_found_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("holds no study.toml"));
}

#[test]
fn polling_follows_the_disk_too() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let server = common::Server::start_with(dir.path(), &["--poll"]);
    let first = server.version();
    std::fs::write(&path, original.replace("prior = 0.15", "prior = 0.95")).unwrap();
    let broken = server.wait_for(|s| s["errors"].as_u64().unwrap_or(0) > 0);
    assert_ne!(broken["version"], first);
    // The bibliography is part of the version: touching it is seen as well.
    std::fs::write(&path, &original).unwrap();
    server.wait_for(|s| s["version"] == first);
    let bib = dir.path().join("references.bib");
    let text = std::fs::read_to_string(&bib).unwrap();
    std::fs::write(&bib, text + "\n").unwrap();
    let state = server.wait_for(|s| s["version"] != first);
    assert_eq!(state["errors"], 0);
}

/// `/api/source` gives the study's text to the page that carries the
/// token, and to nothing else; `--editor` puts the study's path in the
/// template the page fills with a line.
#[test]
fn the_source_is_for_the_page_alone_and_the_editor_link_names_the_file() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let server = Server::start_with(dir.path(), &["--editor", "vscode://file/{path}:{line}"]);
    let host = server.host();
    let no_token = http(server.port, "GET", "/api/source", &[("Host", &host)], "");
    assert_eq!(no_token.status, 403);
    let wrong = http(
        server.port,
        "GET",
        "/api/source",
        &[("Host", &host), ("X-Probative-Token", "0000")],
        "",
    );
    assert_eq!(wrong.status, 403);
    let token = server.token();
    let foreign = http(
        server.port,
        "GET",
        "/api/source",
        &[
            ("Host", &host),
            ("X-Probative-Token", &token),
            ("Origin", "http://evil.example"),
        ],
        "",
    );
    assert_eq!(foreign.status, 403);
    let source = http(
        server.port,
        "GET",
        "/api/source",
        &[("Host", &host), ("X-Probative-Token", &token)],
        "",
    );
    assert_eq!(source.status, 200);
    let source: serde_json::Value = serde_json::from_str(&source.body).unwrap();
    assert_eq!(
        source["text"],
        std::fs::read_to_string(&path).unwrap().as_str()
    );
    assert_eq!(source["file"], "study.toml");
    assert_eq!(source["version"], server.version().as_str());

    let lines: serde_json::Value = serde_json::from_str(&server.get("/api/lines").body).unwrap();
    let editor = lines["editor"].as_str().unwrap();
    let absolute = std::fs::canonicalize(&path).unwrap();
    assert!(editor.starts_with("vscode://file/"), "{editor}");
    assert!(editor.ends_with("study.toml:{line}"), "{editor}");
    assert!(
        editor.contains(
            &absolute
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string()
        ),
        "{editor}"
    );
    // Each item's line is the line of its `[[evidence]]`.
    let text = std::fs::read_to_string(&path).unwrap();
    let line = lines["evidence"]["lb-inaugural"].as_u64().unwrap() as usize;
    let item: Vec<&str> = text.lines().skip(line - 1).take(3).collect();
    assert!(
        item.iter().any(|l| l.trim() == "id = \"lb-inaugural\""),
        "{item:?}"
    );
}

/// After a save the page asks for the blocks of the new version since the
/// one it shows, and is sent the HTML of the changed blocks alone; a page
/// whose version the server does not know is sent every block.
#[test]
fn a_page_is_sent_only_the_blocks_that_changed() {
    let dir = example_dir();
    let server = Server::start(dir.path());
    let first = server.version();
    let page = server.get("/").body;
    let edit = server.post(
        "/api/edit",
        &format!(
            r#"{{"base": "{first}", "edits": [{{"path": ["evidence", "lb-inaugural", "likelihood", "empire"], "value": 0.9}}]}}"#
        ),
    );
    assert_eq!(edit.status, 200, "{}", edit.body);
    let second = server.version();
    assert_ne!(second, first);
    let blocks = |since: &str| -> serde_json::Value {
        let response = server.get(&format!("/api/blocks?since={since}"));
        assert_eq!(response.status, 200);
        serde_json::from_str(&response.body).unwrap()
    };
    let changed = blocks(&first);
    assert_eq!(changed["version"], second.as_str());
    let all = changed["blocks"].as_array().unwrap();
    let sent: Vec<&str> = all.iter().filter_map(|b| b["html"].as_str()).collect();
    // The edited item's card and the hypotheses are sent; the other cards
    // are not.
    assert!(sent.iter().any(|h| h.contains("id=\"ev-lb-inaugural\"")));
    assert!(sent.iter().any(|h| h.contains("id=\"hyp-empire\"")));
    assert!(!sent.iter().any(|h| h.contains("id=\"ev-lb-us-request\"")));
    let cards = all.iter().filter(|b| b["parent"] == "evidence").count();
    assert!(cards > 60, "{cards}");
    // Every block not sent is one the old page has.
    for block in all
        .iter()
        .filter(|b| b["html"].is_null() && b["container"].is_null())
    {
        let hash = block["hash"].as_str().unwrap();
        assert!(page.contains(&format!("data-pbh=\"{hash}\"")), "{hash}");
    }
    let unknown = blocks("0123456789abcdef");
    let leaves = unknown["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["container"].is_null())
        .collect::<Vec<_>>();
    assert!(leaves.iter().all(|b| b["html"].is_string()));
    // Put together, the blocks are the page served now.
    let now = server.get("/").body;
    for block in &leaves {
        assert!(now.contains(block["html"].as_str().unwrap()));
    }
}

/// `serve` takes `report`'s analysts' flags: some analysts, none, or the
/// linear pool beside the log pool; an analyst that is not there is a
/// usage error.
#[test]
fn serve_takes_the_analysts_flags_of_report() {
    let dir = example_dir();
    let report = |flags: &[&str]| -> serde_json::Value {
        let server = Server::start_with(dir.path(), flags);
        serde_json::from_str(&server.get("/api/report").body).unwrap()
    };
    let ids = |report: &serde_json::Value| -> Vec<String> {
        report["analysts"]["members"]
            .as_array()
            .map(|m| {
                m.iter()
                    .map(|a| a["id"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(ids(&report(&[])), ["archivist", "encoder", "structuralist"]);
    assert_eq!(
        ids(&report(&["--analyst", "archivist", "--analyst", "encoder"])),
        ["archivist", "encoder"]
    );
    let none = report(&["--analysts", "none"]);
    assert!(ids(&none).is_empty());
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["report", "--format", "json", "--analysts", "none"])
        .arg(dir.path())
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(none["hypotheses"], cli["hypotheses"]);
    let linear = report(&["--pool", "linear"]);
    assert_eq!(linear["analysts"]["pool"], "linear");

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["serve", "--port", "0", "--analyst", "nobody"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains(
            "no analyst `nobody`: the analysts are `archivist`, `encoder`, `structuralist`"
        ),
        "{stderr}"
    );
}

/// The server reads its inputs within the same bounds as `report`: a
/// bibliography that is a device is an error on the page, not a read that
/// never ends, and a study that is not a regular file is refused at start.
#[test]
fn the_server_reads_its_inputs_within_bounds() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let server = Server::start(dir.path());
    std::fs::write(
        &path,
        original.replace(
            "bibliography = \"references.bib\"",
            "bibliography = \"/dev/zero\"",
        ),
    )
    .unwrap();
    let broken = server.wait_for(|s| s["errors"].as_u64().unwrap_or(0) > 0);
    assert!(
        broken["errors_text"]
            .as_str()
            .unwrap()
            .contains("it is a character device, not a regular file"),
        "{broken}"
    );

    // A bibliography outside the served folder is never quoted.
    let outside = dir.path().with_extension("secrets.bib");
    std::fs::write(
        &outside,
        "@book{k1, title = {x}\n  token = {SECRET-TOKEN-123}\n",
    )
    .unwrap();
    let name = outside.file_name().unwrap().to_str().unwrap();
    std::fs::write(
        &path,
        original.replace(
            "bibliography = \"references.bib\"",
            &format!("bibliography = \"../{name}\""),
        ),
    )
    .unwrap();
    let foreign = server.wait_for(|s| {
        s["errors_text"]
            .as_str()
            .is_some_and(|t| t.contains("not valid BibTeX"))
    });
    let _ = std::fs::remove_file(&outside);
    assert!(
        !foreign["errors_text"].as_str().unwrap().contains("SECRET"),
        "{foreign}"
    );

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_probative"))
        .args(["serve", "--port", "0", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot serve `/dev/zero`: it is not a regular file"),
        "{stderr}"
    );
}

/// A study that can no longer be read (deleted, say) is an error on the
/// page, with the last good report kept; written back, it is followed
/// again.
#[test]
fn a_study_that_cannot_be_read_is_said_not_skipped() {
    let dir = example_dir();
    let path = dir.path().join("study.toml");
    let original = std::fs::read(&path).unwrap();
    let server = Server::start(dir.path());
    let first = server.version();
    std::fs::remove_file(&path).unwrap();
    let gone = server.wait_for(|s| s["errors"] == 1);
    let text = gone["errors_text"].as_str().unwrap();
    assert!(
        text.starts_with("error[io]: cannot read") && text.contains("study.toml"),
        "{gone}"
    );
    assert_eq!(
        server.get("/api/report").status,
        200,
        "the last good report stays"
    );
    std::fs::write(&path, &original).unwrap();
    let back = server.wait_for(|s| s["errors"] == 0);
    assert_eq!(back["version"], first);
}
