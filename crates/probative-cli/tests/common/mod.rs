//! Starting `probative serve` on a copy of the bundled example, and plain
//! HTTP/1.1 to talk to it.

#![allow(dead_code)]
// each test binary uses its own part
// Test support: a failure to start or reach the server is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The bundled example written into a fresh temporary folder.
pub fn example_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_probative"))
        .arg("example")
        .arg(dir.path().join("study"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // The folder itself is the study's.
    let inner = dir.path().join("study");
    for entry in std::fs::read_dir(&inner).unwrap() {
        let entry = entry.unwrap();
        std::fs::rename(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    std::fs::remove_dir(inner).unwrap();
    dir
}

/// A running `probative serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    /// The address it printed.
    pub url: String,
}

impl Server {
    /// Starts the binary on `dir` with any free port, waiting for its
    /// address.
    pub fn start(dir: &Path) -> Self {
        Self::start_with(dir, &[])
    }

    /// As [`Server::start`], with more flags.
    pub fn start_with(dir: &Path, flags: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_probative"))
            .args(["serve", "--port", "0"])
            .args(flags)
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Self { child, port, url }
    }

    /// The `Host` the page itself sends.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A GET as the page sends it.
    pub fn get(&self, path: &str) -> Response {
        http(self.port, "GET", path, &[("Host", &self.host())], "")
    }

    /// A POST of JSON as the page sends it, with the token.
    pub fn post(&self, path: &str, body: &str) -> Response {
        let token = self.token();
        http(
            self.port,
            "POST",
            path,
            &[
                ("Host", &self.host()),
                ("X-Probative-Token", &token),
                ("Content-Type", "application/json"),
            ],
            body,
        )
    }

    /// The per-run token, as the page carries it.
    pub fn token(&self) -> String {
        let page = self.get("/").body;
        let start = page
            .find("<meta name=\"probative-token\" content=\"")
            .expect("the page carries the token")
            + "<meta name=\"probative-token\" content=\"".len();
        page[start..start + page[start..].find('"').unwrap()].to_owned()
    }

    /// The server's state (`/api/state`).
    pub fn state(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/api/state").body).unwrap()
    }

    /// The current version.
    pub fn version(&self) -> String {
        self.state()["version"].as_str().unwrap().to_owned()
    }

    /// Waits (up to 10 s) for a state that satisfies `done`.
    pub fn wait_for(&self, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let state = self.state();
            if done(&state) {
                return state;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the server did not follow the disk: {state}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The head of the event stream up to its `events`-th event.
    pub fn read_events(&self, events: usize) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET /api/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host()
        )
        .unwrap();
        let mut seen = String::new();
        let mut buffer = [0u8; 4096];
        while seen.matches("\ndata: ").count() < events {
            let n = stream.read(&mut buffer).unwrap_or(0);
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        seen
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`, with exactly the headers
/// given (and Content-Length, Connection: close).
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        request += &[*name, ": ", *value, "\r\n"].concat();
    }
    request += &[
        "Content-Length: ",
        &body.len().to_string(),
        "\r\nConnection: close\r\n\r\n",
        body,
    ]
    .concat();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {raw:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || tail.len() < size {
            break;
        }
        body.push_str(&tail[..size]);
        rest = tail[size..].trim_start_matches("\r\n");
    }
    body
}

/// This machine's addresses other than loopback, found by asking the
/// system which local address would route to a few outside ones (no packet
/// is sent).
pub fn non_loopback_addresses() -> Vec<IpAddr> {
    let mut found = Vec::new();
    for (bind, target) in [
        ("0.0.0.0:0", "192.0.2.1:9"),
        ("0.0.0.0:0", "10.255.255.1:9"),
        ("0.0.0.0:0", "8.8.8.8:53"),
        ("[::]:0", "[2001:db8::1]:9"),
        ("[::]:0", "[fd00::1]:9"),
    ] {
        if let Ok(socket) = std::net::UdpSocket::bind(bind)
            && socket.connect(target).is_ok()
            && let Ok(local) = socket.local_addr()
            && !local.ip().is_loopback()
            && !local.ip().is_unspecified()
            && !found.contains(&local.ip())
        {
            found.push(local.ip());
        }
    }
    found
}
