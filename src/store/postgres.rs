//! The PostgreSQL store, for a district or state running several replicas.
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::{Backend, StoreError, redact_url};

pub struct PgStore {
    pub(crate) pool: PgPool,
    /// The roster, read at most every few seconds (see `store::roster`).
    pub(crate) roster: super::roster::RosterCache,
    /// Deliveries waiting to be recorded as sent (see `mark_outbox_sent`).
    pub(super) sent_queue: std::sync::Arc<super::sql::Batcher<super::sql::SentJob>>,
    /// Concern submissions waiting to be written together (see `file_concern`).
    pub(super) concern_queue: std::sync::Arc<super::sql::Batcher<super::sql::ConcernJob>>,
    /// One batch of concern submissions written at a time, so that submissions arriving
    /// meanwhile gather into the next batch instead of each paying for a transaction.
    /// (Four at a time was measured too: smaller batches, 963/s instead of 1,179/s.)
    filing_gate: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// Deliveries are recorded one batch at a time for the same reason: without a turn,
    /// each delivery was its own small transaction and commit.
    sent_gate: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl PgStore {
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            url: redact_url(url),
            reason,
        };
        let opts = PgConnectOptions::from_str(url).map_err(|e| open_err(e.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // Short: when the database is unreachable, people get "try again" inside the
            // platforms' 3-second deadlines instead of a timeout.
            .acquire_timeout(Duration::from_millis(ACQUIRE_TIMEOUT_MS))
            .connect_with(opts)
            .await
            .map_err(|e| open_err(e.to_string()))?;
        Ok(Self {
            pool,
            roster: Default::default(),
            sent_queue: Default::default(),
            concern_queue: Default::default(),
            filing_gate: Default::default(),
            sent_gate: Default::default(),
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// PostgreSQL runs writers side by side (row locks): no turn to wait for.
    async fn write_gate(&self) -> WriteGuard {
        None
    }

    /// What a batch of concern submissions waits on for its turn (see `filing_gate`).
    fn filing_gate(&self) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.filing_gate.clone()
    }

    /// What a batch of deliveries to record waits on for its turn (see `sent_gate`).
    fn sent_gate(&self) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.sent_gate.clone()
    }

    async fn write_tx(
        &self,
    ) -> Result<(WriteGuard, sqlx::Transaction<'static, sqlx::Postgres>), StoreError> {
        Ok((None, begin_write(&self.pool).await?))
    }
}

pub(crate) type WriteGuard = Option<tokio::sync::OwnedMutexGuard<()>>;

async fn begin_write(
    pool: &PgPool,
) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
    Ok(pool.begin().await?)
}

const BACKEND: Backend = Backend::Postgres;
/// How long a query waits for a connection before it fails.
const ACQUIRE_TIMEOUT_MS: u64 = 1000;
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Claim due messages by pushing their next attempt out to the lease's end. SKIP LOCKED lets several servers claim side by side without waiting or overlapping.
const CLAIM_OUTBOX_SQL: &str = concat!(
    "UPDATE outbox SET next_attempt_ms = $2, claims = claims + 1 WHERE id IN (SELECT id FROM outbox \
     WHERE state = 'pending' AND platform <> 'console' AND next_attempt_ms <= $1 \
     ORDER BY next_attempt_ms, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING ",
    super::sql::outbox_columns!()
);

/// The limit is bound (`$3`); the statement is prepared once per connection.
fn claim_outbox_sql(_limit: i64) -> &'static str {
    CLAIM_OUTBOX_SQL
}

const PENDING_OUTBOX_SQL: &str = concat!(
    "SELECT ",
    super::sql::outbox_columns!(),
    " FROM outbox WHERE state = 'pending' AND next_attempt_ms <= $1 \
     ORDER BY next_attempt_ms, id LIMIT $2"
);

fn pending_outbox_sql(_limit: i64) -> &'static str {
    PENDING_OUTBOX_SQL
}

super::sql::sql_store!(PgStore, sqlx::Postgres);
