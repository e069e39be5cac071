//! Which SafeHarbor processes are using the database now. `safeharbor rekey` refuses to
//! run under one (it would go on sealing new data with the old key), and a process
//! notices when the data key was changed under it all the same, and stops.
//!
//! Each `serve` and console writes a `meta` row `running:HOST:PID` = `MILLIS WHAT` when
//! it starts and again every [`Config::heartbeat`](crate::config::Config::heartbeat)
//! (20 s), and deletes it when it stops. A row younger than [`FRESH`] is a running
//! process, unless it names this host and a process id that is not running here (a
//! process that was killed, so never deleted its row).
//!
//! At each beat the process also opens the key check `rekey` leaves in `meta`
//! ([`crate::store::rekey::KEY_CHECK`]). If it no longer opens, the database was
//! re-keyed while the process ran (say, a server started during the re-keying), so the
//! process stops rather than seal anything more under a key nobody uses any more.
use std::time::Duration;

use tracing::{error, warn};

use crate::crypto::DataKey;
use crate::store::{Store, StoreError};

/// The `meta` keys of running processes start with this.
pub const PREFIX: &str = "running:";

/// A row older than this is a process that stopped without saying so: more than three
/// missed beats.
pub const FRESH: Duration = Duration::from_secs(75);

/// How often a running process says so, unless the config says otherwise (tests).
pub const BEAT: Duration = Duration::from_secs(20);

/// This process's `meta` key.
pub fn this_process() -> String {
    format!("{PREFIX}{}:{}", host(), std::process::id())
}

/// This machine's name, as other machines' processes will read it in `rekey`'s refusal.
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && !h.contains(':'))
        .unwrap_or_else(|| "unknown-host".into())
}

/// The wall clock, always: these rows are about real processes, even when a test runs a
/// server on a made-up date.
fn now_ms() -> i64 {
    use crate::clock::Clock;
    crate::clock::SystemClock.now().timestamp_millis()
}

/// Whether process `pid` runs on this machine; `None` where this machine cannot tell.
fn alive_here(pid: u32) -> Option<bool> {
    let proc = std::path::Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// A process found in `meta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub host: String,
    pub pid: u32,
    /// `serve` or `console`.
    pub what: String,
    /// Since its last beat.
    pub age: Duration,
}

impl std::fmt::Display for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`safeharbor {}` (process {} on {}, last heard from {} s ago)",
            self.what,
            self.pid,
            self.host,
            self.age.as_secs()
        )
    }
}

/// One `meta` row read back: `None` for a row that is not a process's.
fn parse(key: &str, value: &str, now_ms: i64) -> Option<Running> {
    let (host, pid) = key.strip_prefix(PREFIX)?.rsplit_once(':')?;
    let (at, what) = value.split_once(' ')?;
    let at: i64 = at.parse().ok()?;
    Some(Running {
        host: host.to_string(),
        pid: pid.parse().ok()?,
        what: what.to_string(),
        age: Duration::from_millis(now_ms.saturating_sub(at).max(0) as u64),
    })
}

/// The other processes using the database now, by their rows. Rows of processes that
/// have stopped (too old, or gone from this machine) are deleted on the way.
pub async fn others_running(store: &dyn Store) -> Result<Vec<Running>, StoreError> {
    let me = this_process();
    let (here, now) = (host(), now_ms());
    let mut running = vec![];
    for (key, value) in store.metas_with_prefix(PREFIX).await? {
        if key == me {
            continue;
        }
        let gone = match parse(&key, &value, now) {
            None => true,
            Some(r) if r.age >= FRESH => true,
            Some(r) if r.host == here && alive_here(r.pid) == Some(false) => true,
            Some(r) => {
                running.push(r);
                false
            }
        };
        if gone {
            store.delete_meta(&key).await?;
        }
    }
    Ok(running)
}

/// Whether `key` is still the database's data key: false only when `rekey` has left a key
/// check that `key` does not open.
pub async fn key_is_current(store: &dyn Store, key: &DataKey) -> Result<bool, StoreError> {
    Ok(match store.meta(crate::store::rekey::KEY_CHECK).await? {
        Some(check) => crate::store::rekey::verify_key_check(key, &check).is_ok(),
        None => true,
    })
}

/// Note this process as running now: each beat of [`run`], and first of all
/// `app::spawn_background`, before a server takes its first request, so `rekey` can never
/// miss a server that answers.
pub async fn note(store: &dyn Store, what: &str) -> Result<(), StoreError> {
    store
        .set_meta(&this_process(), &format!("{} {what}", now_ms()))
        .await
}

/// Beat every `beat` until `stop`, then delete this process's row. Sets `key_changed` (and returns)
/// when the database was re-keyed under this process.
pub async fn run(
    store: std::sync::Arc<dyn Store>,
    key: DataKey,
    what: &'static str,
    beat: Duration,
    stop: impl std::future::Future<Output = ()>,
    key_changed: tokio::sync::watch::Sender<bool>,
) {
    tokio::pin!(stop);
    let me = this_process();
    let mut failing = false;
    // The first note is [`note`]'s, before the process takes requests; the key was
    // checked when the store was opened (`Store::migrate`).
    loop {
        tokio::select! {
            _ = &mut stop => break,
            _ = tokio::time::sleep(beat) => {},
        }
        let done = async {
            note(store.as_ref(), what).await?;
            key_is_current(store.as_ref(), &key).await
        }
        .await;
        match done {
            Ok(true) => failing = false,
            Ok(false) => {
                error!(
                    "the data key was changed (`safeharbor rekey`) while this process ran: \
                     stopping, so that nothing more is sealed under the old key; start it again \
                     with the new key"
                );
                let _ = key_changed.send(true);
                break;
            }
            Err(e) => {
                if !failing {
                    warn!(error = %e, "could not note this process as running in the database (rekey looks there)");
                }
                failing = true;
            }
        }
    }
    if let Err(e) = store.delete_meta(&me).await {
        warn!(error = %e, "could not remove this process's running note from the database; rekey will ignore it once it is old");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_back_as_the_process_it_names() {
        let r = parse("running:web-1:4242", "1000 serve", 13_500).unwrap();
        assert_eq!(r.host, "web-1");
        assert_eq!(r.pid, 4242);
        assert_eq!(r.what, "serve");
        assert_eq!(r.age, Duration::from_millis(12_500));
        assert_eq!(
            r.to_string(),
            "`safeharbor serve` (process 4242 on web-1, last heard from 12 s ago)"
        );
        for (k, v) in [
            ("running:web-1", "1000 serve"),
            ("running:web-1:x", "1000 serve"),
            ("running:web-1:1", "soon serve"),
            ("other:web-1:1", "1000 serve"),
        ] {
            assert_eq!(parse(k, v, 2000), None, "{k} = {v}");
        }
    }

    #[test]
    fn this_process_is_alive_here_and_names_itself() {
        let me = this_process();
        let r = parse(&me, "5 console", 5).unwrap();
        assert_eq!(r.pid, std::process::id());
        if let Some(alive) = alive_here(r.pid) {
            assert!(alive);
            assert_eq!(alive_here(u32::MAX), Some(false));
        }
    }
}
