//! `probative serve`: the live workbench.
//!
//! # Steps
//! - [`analysts`]: which analysts' files are read, by the rules the command
//!   line also uses.
//! - [`workspace`]: the study's files (with the analysts' files, pooled) → a snapshot (page, report and check
//!   JSON, lines, errors), by the core pipeline and the renderers.
//! - [`blocks`]: the page → blocks named by hashes, so that a new version
//!   swaps only the blocks that changed.
//! - [`watch`]: file events (or polling) → a refresh of the snapshot.
//! - [`edit`]: an edit from the page → new study text, through a
//!   format-preserving TOML editor. What-if previews (never saved) remove
//!   evidence with the core's own `--without` selections.
//! - [`write`]: the new text → the file, atomically, only over the bytes
//!   the edit was based on.
//! - [`server`]: the HTTP routes and their guard.
//!
//! The core library never learns about HTTP: this crate is the second place,
//! after the command line, that does I/O. It listens on loopback only.

pub mod analysts;
pub mod blocks;
pub mod edit;
pub mod server;
pub mod watch;
pub mod workspace;
pub mod write;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// What `probative serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// A study file, or a folder holding `study.toml`.
    pub study: PathBuf,
    /// The first port to try; the next free ones follow. 0: any free port.
    pub port: u16,
    /// Poll the files instead of using the system's file events.
    pub poll: bool,
    /// Which analysts' files are pooled (`--analyst`, `--analysts none`).
    pub analysts: analysts::Choice,
    /// How they are pooled (`--pool`).
    pub pool: probative::analysis::analysts::Pool,
    /// A URL template opening a line in the user's editor (`{path}`,
    /// `{line}`), offered beside each line link.
    pub editor: Option<String>,
}

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// Runs the server until Ctrl-C. `ready` receives the page's address once
/// the server listens (the caller prints it, or opens a browser).
pub fn run(options: &Options, ready: impl FnOnce(&str)) -> Result<(), String> {
    let ws = workspace::Workspace::find(&options.study)?
        .with_analysts(options.analysts.clone(), options.pool)?
        .with_editor(options.editor.as_deref());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = bind(options.port).await?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let token = token()?;
        let shared = server::Shared::new(ws, token, address.port())?;
        let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel();
        let _watching = watch::watch(&shared.ws.dir, &changed, options.poll)?;
        let refresher = Arc::clone(&shared);
        tokio::spawn(async move {
            while changes.recv().await.is_some() {
                // A burst already queued is one refresh.
                while changes.try_recv().is_ok() {}
                refresher.refresh().await;
            }
        });
        ready(&format!("http://{address}/"));
        let app = server::router(shared);
        tokio::select! {
            served = axum::serve(listener, app) => served.map_err(|e| format!("the server stopped: {e}")),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

/// Listens on 127.0.0.1 only: `port`, or the next free one.
async fn bind(port: u16) -> Result<tokio::net::TcpListener, String> {
    let mut last = None;
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for p in (0..tries).filter_map(|i| port.checked_add(i)) {
        match tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p))).await {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(format!(
        "cannot listen on 127.0.0.1 from port {port}: {}; choose another with --port",
        last.map_or_else(|| "no port to try".to_owned(), |e| e.to_string())
    ))
}

/// A random per-run token: 128 bits from the system, as hex.
fn token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot make the server's token: {e}"))?;
    Ok(bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    }))
}
