//! The SQLite store: a single file, WAL journal, zero setup.
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{Backend, StoreError, redact_url};

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// The roster, read at most every few seconds (see `store::roster`).
    pub(crate) roster: super::roster::RosterCache,
    /// Deliveries waiting to be recorded as sent (see `mark_outbox_sent`).
    pub(super) sent_queue: std::sync::Arc<super::sql::Batcher<super::sql::SentJob>>,
    /// One writer at a time, queued here. SQLite takes one writer at a time anyway; a
    /// connection that finds the database locked waits in SQLite's busy handler, which
    /// sleeps (1, 2, 5, 10 … 100 ms) and is not fair, so under load writes waited tens
    /// or hundreds of milliseconds. Writers in this process queue on this lock instead
    /// and start with `BEGIN IMMEDIATE`; the busy timeout is left for other processes
    /// (the CLI).
    write_gate: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Concern submissions waiting to be written together (see `file_concern`).
    pub(super) concern_queue: std::sync::Arc<super::sql::Batcher<super::sql::ConcernJob>>,
}

/// Held while writing (see `SqliteStore::write_gate`).
pub(crate) type WriteGuard = Option<tokio::sync::OwnedMutexGuard<()>>;

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
        Ok(Self {
            pool,
            roster: Default::default(),
            sent_queue: Default::default(),
            write_gate: Default::default(),
            concern_queue: Default::default(),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Wait for this process's turn to write.
    async fn write_gate(&self) -> WriteGuard {
        Some(self.write_gate.clone().lock_owned().await)
    }

    /// What a batch of concern submissions waits on for its turn: the write turn itself.
    fn filing_gate(&self) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.write_gate.clone()
    }

    /// What a batch of deliveries to record waits on for its turn: the write turn.
    fn sent_gate(&self) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.write_gate.clone()
    }

    /// A transaction that will write; the caller holds the turn (`write_gate`).
    async fn begin_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        begin_write(&self.pool).await
    }

    async fn write_tx(
        &self,
    ) -> Result<(WriteGuard, sqlx::Transaction<'static, sqlx::Sqlite>), StoreError> {
        let turn = self.write_gate().await;
        Ok((turn, self.begin_tx().await?))
    }
}

/// A write transaction: SQLite's write lock at once (`BEGIN IMMEDIATE`) rather than a
/// read lock upgraded later, which can fail under concurrency. The caller holds the turn.
async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

const BACKEND: Backend = Backend::Sqlite;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Claim due messages by pushing their next attempt out to the lease's end. SQLite runs one writer at a time, so the update is atomic.
///
/// The limit is written into the text, not bound: SQLite plans `LIMIT ?` from the bound
/// value, so a statement with a bound limit is compiled again on every run (a quarter of
/// a millisecond here, on every dispatcher pass). The limit is an integer, and the
/// dispatcher's batch is fixed, so the text and its cached statement stay the same.
fn claim_outbox_sql(limit: i64) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        concat!(
            "UPDATE outbox SET next_attempt_ms = $2, claims = claims + 1 WHERE id IN (SELECT id FROM outbox \
             WHERE state = 'pending' AND platform <> 'console' AND next_attempt_ms <= $1 \
             ORDER BY next_attempt_ms, id LIMIT {}) RETURNING ",
            super::sql::outbox_columns!()
        ),
        limit.max(0)
    ))
}

/// `pending_outbox`'s query, with its limit written in (see [`claim_outbox_sql`]).
fn pending_outbox_sql(limit: i64) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        concat!(
            "SELECT ",
            super::sql::outbox_columns!(),
            " FROM outbox WHERE state = 'pending' AND next_attempt_ms <= $1 \
             ORDER BY next_attempt_ms, id LIMIT {}"
        ),
        limit.max(0)
    ))
}

super::sql::sql_store!(SqliteStore, sqlx::Sqlite);
