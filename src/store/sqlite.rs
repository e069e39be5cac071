//! The SQLite store: a single file, WAL journal, zero setup.
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{Backend, StoreError, redact_url};

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            url: redact_url(url),
            reason,
        };
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| open_err(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(opts)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

const BACKEND: Backend = Backend::Sqlite;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Claim due messages by pushing their next attempt out to the lease's end. SQLite runs one writer at a time, so the update is atomic.
const CLAIM_OUTBOX_SQL: &str = concat!(
    "UPDATE outbox SET next_attempt_ms = $2, claims = claims + 1 WHERE id IN (SELECT id FROM outbox \
     WHERE state = 'pending' AND platform <> 'console' AND next_attempt_ms <= $1 \
     ORDER BY next_attempt_ms, id LIMIT $3) RETURNING ",
    super::sql::outbox_columns!()
);

super::sql::sql_store!(SqliteStore, sqlx::Sqlite);
