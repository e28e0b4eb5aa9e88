//! The HTTP side: routes, the guard every request passes, and the state
//! they share.
//!
//! Architecture invariants:
//! - Only the routes below answer; nothing on disk is served by its path.
//! - Every request passes [`guard`] first: a `Host` other than the loopback
//!   names of this port, or an `Origin` other than this server's, gets 403
//!   (DNS rebinding, cross-site requests); so does a POST, or a request for
//!   the study's text (`/api/source`), without the per-run token.
//! - The file is written only by [`edit`], under one lock, and only when the
//!   edit's base is the disk's current version and the result reads.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex as StdMutex, RwLock};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Mutex, broadcast};

use probative::model::Selection;

use crate::edit::{self, Edit};
use crate::workspace::{self, Good, Snapshot, Workspace};
use crate::write::{self, WriteError};

/// The path of the study's text, for the page's source pane.
const SOURCE_PATH: &str = "/api/source";
/// The path of the page's script.
pub const SCRIPT_PATH: &str = "/live.js";
/// The page's script: live reload, the overlay, editing and what-if.
const SCRIPT: &str = include_str!("live.js");

/// How many good versions' block hashes are kept: a page more versions
/// behind is sent every block.
const RECENT: usize = 16;

/// What the server knows, shared by every request.
pub struct Shared {
    /// The study's files.
    pub ws: Workspace,
    /// The per-run token.
    pub token: String,
    /// The port the server listens on, for the Host and Origin checks.
    pub port: u16,
    /// The latest reading of the study, good or not.
    current: RwLock<Arc<Snapshot>>,
    /// The latest reading that gave a report.
    last_good: RwLock<Option<(String, Arc<Good>)>>,
    /// The block hashes of the last good versions, newest last: a page
    /// showing one of them is sent only the blocks it lacks.
    recent: StdMutex<VecDeque<(String, HashSet<String>)>>,
    /// Pushes to the pages.
    events: broadcast::Sender<Push>,
    /// Edits and reloads one at a time.
    writing: Mutex<()>,
}

/// What the pages are told.
#[derive(Debug, Clone)]
enum Push {
    /// A new report, by version.
    Report(String),
    /// The study stopped reading: the check JSON.
    Diagnostics(String),
}

impl Shared {
    /// Reads and analyses the study for the first time.
    pub fn new(ws: Workspace, token: String, port: u16) -> Result<Arc<Self>, String> {
        let reading = ws.read()?;
        let snapshot = workspace::analyse(
            &ws,
            reading.bytes,
            reading.analysts,
            reading.version,
            &token,
            SCRIPT_PATH,
        );
        let last_good = snapshot
            .good
            .clone()
            .map(|g| (snapshot.version.clone(), Arc::new(g)));
        let (events, _) = broadcast::channel(64);
        let recent = last_good
            .iter()
            .map(|(version, good)| (version.clone(), good.page.hashes()))
            .collect();
        Ok(Arc::new(Self {
            ws,
            token,
            port,
            current: RwLock::new(Arc::new(snapshot)),
            last_good: RwLock::new(last_good),
            recent: StdMutex::new(recent),
            events,
            writing: Mutex::new(()),
        }))
    }

    fn current(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .map_or_else(|p| p.into_inner().clone(), |s| s.clone())
    }

    fn last_good(&self) -> Option<(String, Arc<Good>)> {
        self.last_good
            .read()
            .map_or_else(|p| p.into_inner().clone(), |g| g.clone())
    }

    /// Takes a new snapshot as current and tells the pages.
    fn publish(&self, snapshot: Snapshot) {
        let push = match &snapshot.good {
            Some(good) => {
                self.remember(&snapshot.version, good.page.hashes());
                let entry = (snapshot.version.clone(), Arc::new(good.clone()));
                match self.last_good.write() {
                    Ok(mut g) => *g = Some(entry),
                    Err(p) => *p.into_inner() = Some(entry),
                }
                Push::Report(snapshot.version.clone())
            }
            None => Push::Diagnostics(snapshot.check_json.clone()),
        };
        let snapshot = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut c) => *c = snapshot,
            Err(p) => *p.into_inner() = snapshot,
        }
        // No page listening is not an error.
        let _ = self.events.send(push);
    }

    /// Keeps the block hashes of a good version, and those of the last
    /// [`RECENT`] before it.
    fn remember(&self, version: &str, hashes: HashSet<String>) {
        let mut recent = self
            .recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        recent.retain(|(v, _)| v != version);
        recent.push_back((version.to_owned(), hashes));
        while recent.len() > RECENT {
            recent.pop_front();
        }
    }

    /// The block hashes of a recent good version.
    fn hashes_of(&self, version: &str) -> Option<HashSet<String>> {
        let recent = self
            .recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        recent
            .iter()
            .find(|(v, _)| v == version)
            .map(|(_, h)| h.clone())
    }

    /// Reads the disk again; when the study, its bibliography or an
    /// analyst's file changed,
    /// analyses it and tells the pages.
    pub async fn refresh(self: &Arc<Self>) {
        let _writing = self.writing.lock().await;
        let this = Arc::clone(self);
        let snapshot = tokio::task::spawn_blocking(move || {
            let reading = match this.ws.read() {
                Ok(reading) => reading,
                // A file that cannot be read is said on the page, not
                // skipped: the page would otherwise show a report of files
                // that are no longer there as if it followed the disk.
                Err(message) => {
                    let current = this.current();
                    let unreadable = workspace::Snapshot::unreadable(&current, &message);
                    return (unreadable.version != current.version).then_some(unreadable);
                }
            };
            if reading.version == this.current().version {
                return None;
            }
            Some(workspace::analyse(
                &this.ws,
                reading.bytes,
                reading.analysts,
                reading.version,
                &this.token,
                SCRIPT_PATH,
            ))
        })
        .await
        .ok()
        .flatten();
        if let Some(snapshot) = snapshot {
            self.publish(snapshot);
        }
    }
}

/// The routes, behind the guard.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route(SCRIPT_PATH, get(script))
        .route("/api/report", get(report))
        .route("/api/check", get(check))
        .route("/api/lines", get(lines))
        .route("/api/blocks", get(blocks))
        .route("/api/source", get(source))
        .route("/api/state", get(state))
        .route("/api/events", get(events))
        .route("/api/edit", post(edit))
        .route("/api/preview", post(preview))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// The loopback names of this server, for `Host`.
fn own_hosts(port: u16) -> [String; 3] {
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
}

/// Refuses requests that do not come from this server's own page.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let hosts = own_hosts(shared.port);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| hosts.iter().any(|own| own.eq_ignore_ascii_case(h))) {
        return forbidden(
            "this server answers only to 127.0.0.1, localhost or [::1] on its own port",
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| hosts.iter().any(|own| own.eq_ignore_ascii_case(o)));
        if !own {
            return forbidden("requests from other sites are refused");
        }
    }
    let reads =
        request.method() == axum::http::Method::GET || request.method() == axum::http::Method::HEAD;
    // The study's text is sent only to the page that carries the token.
    if !reads || request.uri().path() == SOURCE_PATH {
        let token = headers
            .get("x-probative-token")
            .and_then(|t| t.to_str().ok());
        if token != Some(shared.token.as_str()) {
            return forbidden(
                "a change, or the study's text, needs the page's token (header X-Probative-Token)",
            );
        }
    }
    next.run(request).await
}

fn forbidden(message: &str) -> Response {
    (StatusCode::FORBIDDEN, format!("403 forbidden: {message}\n")).into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "404 not found: this server serves the study's page and its API, no files\n",
    )
        .into_response()
}

/// A body with a content type, never cached.
fn body(content_type: &'static str, text: String) -> Response {
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut response = body("application/json", value.to_string());
    *response.status_mut() = status;
    response
}

fn with_etag(mut response: Response, version: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

async fn page(State(shared): State<Arc<Shared>>) -> Response {
    match shared.last_good() {
        Some((_, good)) => body("text/html; charset=utf-8", good.page.html.clone()),
        None => body(
            "text/html; charset=utf-8",
            workspace::broken_page(&shared.token, SCRIPT_PATH),
        ),
    }
}

async fn script() -> Response {
    body("text/javascript; charset=utf-8", SCRIPT.to_owned())
}

/// The last good report; 422 with the diagnostics while none exists.
async fn report(State(shared): State<Arc<Shared>>) -> Response {
    if let Some((version, good)) = shared.last_good() {
        return with_etag(body("application/json", good.report_json.clone()), &version);
    }
    let current = shared.current();
    let mut response = body("application/json", current.check_json.clone());
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    with_etag(response, &current.version)
}

async fn check(State(shared): State<Arc<Shared>>) -> Response {
    let current = shared.current();
    with_etag(
        body("application/json", current.check_json.clone()),
        &current.version,
    )
}

async fn lines(State(shared): State<Arc<Shared>>) -> Response {
    match shared.last_good() {
        Some((version, good)) => {
            with_etag(body("application/json", good.lines_json.clone()), &version)
        }
        None => json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({ "evidence": {}, "hypothesis": {} }),
        ),
    }
}

/// The blocks of the last good page (see [`crate::blocks`]), with the HTML
/// of those the asking page does not have: `?since=VERSION` names the
/// version it shows; without it, or for a version no longer remembered,
/// every block's HTML is sent.
async fn blocks(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let since = request.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .map(str::to_owned)
    });
    let Some((version, good)) = shared.last_good() else {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({ "message": "the study has not read yet", "blocks": [] }),
        );
    };
    let known = since.and_then(|v| shared.hashes_of(&v));
    let blocks = good.page.json(known.as_ref());
    with_etag(
        json_response(
            StatusCode::OK,
            &json!({ "version": version, "blocks": blocks }),
        ),
        &version,
    )
}

/// The study's text as the last good report read it, for the page's
/// source pane (the lines of `/api/lines` are lines of this text). Only
/// the study file, never a file by path.
async fn source(State(shared): State<Arc<Shared>>) -> Response {
    match shared.last_good() {
        Some((version, good)) => with_etag(
            json_response(
                StatusCode::OK,
                &json!({ "file": shared.ws.name, "version": version, "text": good.text }),
            ),
            &version,
        ),
        None => json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({ "message": "the study has not read yet" }),
        ),
    }
}

/// The version on screen and, while the study does not read, its errors.
async fn state(State(shared): State<Arc<Shared>>) -> Response {
    let current = shared.current();
    let good = shared.last_good().map(|(v, _)| v);
    json_response(StatusCode::OK, &state_value(&current, good.as_deref()))
}

fn state_value(current: &Snapshot, good: Option<&str>) -> serde_json::Value {
    json!({
        "version": current.version,
        "report_version": good,
        "errors": current.error_count,
        "errors_text": current.errors_text,
    })
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    let current = shared.current();
    let first = if current.good.is_some() {
        Push::Report(current.version.clone())
    } else {
        Push::Diagnostics(current.check_json.clone())
    };
    let later = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(push) => return Some((push, receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let pushes = stream::once(async move { first }).chain(later).map(|push| {
        Ok(match push {
            Push::Report(version) => Event::default().event("report").data(version),
            Push::Diagnostics(check) => Event::default()
                .event("diagnostics")
                .data(check.replace('\n', " ")),
        })
    });
    Sse::new(pushes).keep_alive(KeepAlive::default())
}

/// The body of `POST /api/edit` and `POST /api/preview`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditRequest {
    /// The version the page was showing (required to save).
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    edits: Vec<Edit>,
    /// What-if switches (preview only).
    #[serde(default)]
    without: Vec<String>,
}

/// The request, or the 400 response that says why it is not one (boxed:
/// a response is large and this is the rare path).
fn parse_request(bytes: &[u8]) -> Result<EditRequest, Box<Response>> {
    serde_json::from_slice(bytes).map_err(|e| {
        Box::new(json_response(
            StatusCode::BAD_REQUEST,
            &json!({ "message": format!("the body is not an edit request: {e}") }),
        ))
    })
}

fn unreadable(message: &str, check_json: Option<&str>) -> Response {
    // Only the errors: they are why nothing was written.
    let errors: Vec<serde_json::Value> = check_json
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
        .and_then(|c| c.get("lints").and_then(|l| l.as_array()).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|l| l.get("severity").and_then(|s| s.as_str()) == Some("error"))
        .collect();
    let diagnostics = serde_json::Value::Array(errors);
    json_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({ "message": message, "diagnostics": diagnostics }),
    )
}

/// Saves an edit: 409 on a stale base, 422 when it would break the study,
/// nothing written in either case.
async fn edit(State(shared): State<Arc<Shared>>, bytes: Bytes) -> Response {
    let request = match parse_request(&bytes) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let Some(base) = request.base else {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({ "message": "an edit needs `base`, the version the page shows" }),
        );
    };
    if !request.without.is_empty() {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({ "message": "what-if switches are never saved: send them to /api/preview" }),
        );
    }
    let writing = shared.writing.lock().await;
    let this = Arc::clone(&shared);
    let outcome =
        tokio::task::spawn_blocking(move || save(&this.ws, &this.token, &base, &request.edits))
            .await;
    drop(writing);
    match outcome {
        Ok(Ok(snapshot)) => {
            let version = snapshot.version.clone();
            shared.publish(snapshot);
            json_response(StatusCode::OK, &json!({ "version": version }))
        }
        Ok(Err(refusal)) => refused(refusal),
        Err(_) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "message": "the edit stopped unexpectedly; the file was not written" }),
        ),
    }
}

fn conflict(current: &str) -> Response {
    json_response(
        StatusCode::CONFLICT,
        &json!({
            "message": "the study changed on disk since this page loaded it; nothing was written. The page now shows the file as it is: make the change again there.",
            "version": current,
        }),
    )
}

/// Why an edit was not saved.
#[derive(Debug)]
pub enum Refusal {
    /// The base is not the disk's version (or the disk changed during the
    /// save): the current version.
    Stale(String),
    /// The edit cannot be made, or would leave the study with errors: why,
    /// and the check JSON of the result when there is one.
    Invalid(String, Option<String>),
    /// The file system refused.
    Io(String),
}

/// Saves `edits` to the study when `base` is the version on disk and the
/// result reads: read, compare, apply, check, write (atomically, over the
/// bytes read only). Returns the new snapshot; on a refusal nothing was
/// written. This is the whole of `POST /api/edit` but the HTTP.
pub fn save(ws: &Workspace, token: &str, base: &str, edits: &[Edit]) -> Result<Snapshot, Refusal> {
    let reading = ws.read().map_err(Refusal::Io)?;
    if reading.version != base {
        return Err(Refusal::Stale(reading.version));
    }
    let text = std::str::from_utf8(&reading.bytes).map_err(|_| {
        Refusal::Invalid(
            "the study file is not UTF-8 text; fix it in your editor".to_owned(),
            None,
        )
    })?;
    let new = edit::apply(text, edits).map_err(|e| Refusal::Invalid(e.0, None))?;
    let version = ws.version(new.as_bytes(), &reading.analysts);
    let snapshot = workspace::analyse(
        ws,
        new.clone().into_bytes(),
        reading.analysts,
        version,
        token,
        SCRIPT_PATH,
    );
    if snapshot.good.is_none() {
        return Err(Refusal::Invalid(
            "this change would leave the study with errors; nothing was written".to_owned(),
            Some(snapshot.check_json),
        ));
    }
    match write::replace_if_unchanged(&ws.study, &reading.bytes, new.as_bytes()) {
        Ok(()) => Ok(snapshot),
        Err(WriteError::Changed) => Err(Refusal::Stale(
            ws.read().map(|r| r.version).unwrap_or_default(),
        )),
        Err(WriteError::Io(message)) => Err(Refusal::Io(message)),
    }
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Stale(current) => conflict(&current),
        Refusal::Invalid(message, check) => unreadable(&message, check.as_deref()),
        Refusal::Io(message) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "message": message }),
        ),
    }
}

/// The report the study would give with some edits and switches, never
/// written.
async fn preview(State(shared): State<Arc<Shared>>, bytes: Bytes) -> Response {
    let request = match parse_request(&bytes) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let this = Arc::clone(&shared);
    tokio::task::spawn_blocking(move || preview_blocking(&this, &request))
        .await
        .unwrap_or_else(|_| {
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &json!({ "message": "the preview stopped unexpectedly" }),
            )
        })
}

fn preview_blocking(shared: &Shared, request: &EditRequest) -> Response {
    let current = shared.current();
    let Ok(text) = std::str::from_utf8(&current.bytes) else {
        return unreadable("the study file is not UTF-8 text", None);
    };
    let text = match edit::apply(text, &request.edits) {
        Ok(t) => t,
        Err(e) => return unreadable(&e.0, None),
    };
    // The specs are read and applied by the core, as `--without` is: the
    // page and the command line cannot disagree on what a spec removes.
    let selections: Result<Vec<Selection>, Vec<String>> = {
        let (good, bad): (Vec<_>, Vec<_>) = request
            .without
            .iter()
            .map(|spec| Selection::parse(spec))
            .partition(Result::is_ok);
        if bad.is_empty() {
            Ok(good.into_iter().filter_map(Result::ok).collect())
        } else {
            Err(bad.into_iter().filter_map(Result::err).collect())
        }
    };
    let snapshot = selections.and_then(|selections| {
        workspace::analyse_without(
            &shared.ws,
            text.into_bytes(),
            current.analysts.clone(),
            String::new(),
            None,
            &selections,
        )
    });
    let snapshot = match snapshot {
        Ok(snapshot) => snapshot,
        Err(messages) => return unknown_specs(&messages),
    };
    match snapshot.good {
        // The report goes out as the renderer wrote it: parsing and writing
        // it again would cost more than the analysis of a small study.
        Some(good) => {
            let removed = serde_json::from_str::<Removed>(&good.report_json)
                .ok()
                .and_then(|r| r.study.without)
                .map(|w| w.removed)
                .unwrap_or_default();
            let head = json!({ "base": current.version, "removed": removed }).to_string();
            let mut text = head;
            text.pop();
            text.push_str(",\"report\":");
            text.push_str(&good.report_json);
            text.push('}');
            body("application/json", text)
        }
        None => unreadable(
            "with this change the study would have errors",
            Some(&snapshot.check_json),
        ),
    }
}

/// What a preview reads of its report: the ids `--without` removed.
#[derive(Deserialize)]
struct Removed {
    study: RemovedStudy,
}

#[derive(Deserialize)]
struct RemovedStudy {
    #[serde(default)]
    without: Option<RemovedIds>,
}

#[derive(Deserialize)]
struct RemovedIds {
    #[serde(default)]
    removed: Vec<serde_json::Value>,
}

/// 422 for what-if specs that name nothing in the study: the core's
/// messages, one per spec, as `probative report --without` prints them.
fn unknown_specs(messages: &[String]) -> Response {
    json_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        &json!({
            "message": messages.join("; "),
            "messages": messages,
            "diagnostics": [],
        }),
    )
}
