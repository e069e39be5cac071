//! Logging: `tracing` to stderr, filtered by `RUST_LOG` (default `info`). Log lines carry
//! ids and kinds, never concern content, secrets or webhook URLs.
use tracing_subscriber::EnvFilter;

/// PostgreSQL's notices, which sqlx logs at `info`: every start and import on PostgreSQL
/// would say `relation "_sqlx_migrations" already exists, skipping`, which reads like a
/// problem and is none. Its warnings and errors still show. A `RUST_LOG` that names sqlx
/// decides for itself.
const QUIET_NOTICES: &str = "sqlx::postgres::notice=warn";

pub fn init(default_filter: &str) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter(rust_log.as_deref(), default_filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

/// The filter for `RUST_LOG` (unset, empty or invalid: `default`).
fn filter(rust_log: Option<&str>, default: &str) -> EnvFilter {
    let spec = rust_log.filter(|s| !s.trim().is_empty());
    let (filter, spec) = match spec.map(EnvFilter::try_new) {
        Some(Ok(f)) => (f, spec.unwrap_or_default()),
        _ => (EnvFilter::new(default), default),
    };
    if spec.contains("sqlx") {
        filter
    } else {
        filter.add_directive(QUIET_NOTICES.parse().expect("a valid directive"))
    }
}

/// Log output kept in memory, for tests that read what was logged: a handle to clone
/// into a subscriber's `with_writer(move || captured.clone())`.
#[cfg(test)]
#[derive(Clone, Default)]
pub(crate) struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

#[cfg(test)]
impl Captured {
    /// What was written since the last take.
    pub(crate) fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

#[cfg(test)]
impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a subscriber with `filter(rust_log, "info")` writes for a PostgreSQL notice,
    /// a PostgreSQL warning and a line of our own.
    fn logged(rust_log: Option<&str>) -> String {
        let buf = Captured::default();
        let out = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter(rust_log, "info"))
            .with_writer(move || out.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(target: "sqlx::postgres::notice", message = "relation \"_sqlx_migrations\" already exists, skipping");
            tracing::warn!(target: "sqlx::postgres::notice", message = "PG-WARNING");
            tracing::info!(target: "safeharbor::app", "listening");
        });
        buf.take()
    }

    #[test]
    fn postgres_notices_are_quiet_unless_rust_log_names_sqlx() {
        for rust_log in [
            None,
            Some("info"),
            Some("debug"),
            Some(""),
            Some("not a filter["),
        ] {
            let out = logged(rust_log);
            assert!(
                !out.contains("already exists"),
                "{rust_log:?}: a notice is not a problem: {out}"
            );
            assert!(
                out.contains("PG-WARNING") && out.contains("listening"),
                "{rust_log:?}: {out}"
            );
        }
        let out = logged(Some("info,sqlx=info"));
        assert!(out.contains("already exists"), "asked for: {out}");
    }
}
