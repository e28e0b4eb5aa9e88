//! Watching the study's folder: debounced file events, or polling where the
//! system gives none (network file systems, some containers), as mdBook and
//! zola do.
//!
//! The watcher only says "something changed"; [`crate::server::Shared::refresh`]
//! decides by the bytes whether the study did, so a temporary file, an
//! editor's swap file or a save of identical bytes costs one read and no
//! new analysis.

use std::path::Path;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};
use tokio::sync::mpsc::UnboundedSender;

/// How long events are gathered before one refresh: editors write a file
/// in several steps (truncate, write, rename), and one look after the last
/// is enough.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often the polling fallback looks at the files.
const POLL: Duration = Duration::from_millis(150);

/// A running watcher; watching stops when it is dropped.
pub enum Watching {
    /// The system's file events.
    Events(Debouncer<RecommendedWatcher>),
    /// Polling.
    Polling(Debouncer<PollWatcher>),
}

/// Watches `dir` (and its `analysts/` folder, when there is one), sending
/// `()` on `changed` after each burst of changes. `force_polling` skips the
/// system's events.
pub fn watch(
    dir: &Path,
    changed: &UnboundedSender<()>,
    force_polling: bool,
) -> Result<Watching, String> {
    let handler = |changed: UnboundedSender<()>| {
        move |result: DebounceEventResult| {
            if result.is_ok() {
                let _ = changed.send(());
            }
        }
    };
    let paths = |watcher: &mut dyn Watcher| -> notify::Result<()> {
        watcher.watch(dir, RecursiveMode::NonRecursive)?;
        let analysts = dir.join("analysts");
        if analysts.is_dir() {
            watcher.watch(&analysts, RecursiveMode::Recursive)?;
        }
        Ok(())
    };
    if !force_polling {
        let config = Config::default().with_timeout(DEBOUNCE);
        if let Ok(mut debouncer) =
            new_debouncer_opt::<_, RecommendedWatcher>(config, handler(changed.clone()))
            && paths(debouncer.watcher()).is_ok()
        {
            return Ok(Watching::Events(debouncer));
        }
    }
    let config = Config::default().with_timeout(DEBOUNCE).with_notify_config(
        notify::Config::default()
            .with_poll_interval(POLL)
            .with_compare_contents(true),
    );
    let mut debouncer = new_debouncer_opt::<_, PollWatcher>(config, handler(changed.clone()))
        .map_err(|e| format!("cannot watch `{}`: {e}", dir.display()))?;
    paths(debouncer.watcher()).map_err(|e| format!("cannot watch `{}`: {e}", dir.display()))?;
    Ok(Watching::Polling(debouncer))
}
