//! The PostgreSQL store, for a district or state running several replicas.
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::{Backend, StoreError, redact_url};
use crate::crypto::DataKey;

pub struct PgStore {
    pub(crate) pool: PgPool,
    /// Seals and opens the roster's Teams webhook URLs (see `store::webhook`).
    pub(crate) data_key: Option<DataKey>,
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
    /// `key`: the data key, for the roster's Teams webhook URLs (see `store::open`).
    pub async fn open(url: &str, key: Option<DataKey>) -> Result<Self, StoreError> {
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
            data_key: key,
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
/// Whether sqlx's table of applied migrations exists (1) or not (0), found the way an
/// unqualified name is (the search path).
const MIGRATIONS_TABLE_SQL: &str = "SELECT CASE WHEN to_regclass('_sqlx_migrations') IS NULL \
     THEN CAST(0 AS BIGINT) ELSE CAST(1 AS BIGINT) END";

/// Claim due messages by pushing their next attempt out to the lease's end. SKIP LOCKED lets several servers claim side by side without waiting or overlapping.
const CLAIM_OUTBOX_SQL: &str = concat!(
    "UPDATE outbox SET next_attempt_ms = $2, claims = claims + 1 WHERE id IN (SELECT id FROM outbox \
     WHERE state = 'pending' AND next_attempt_ms <= $1 \
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

// Row locks: see the check-in statements in `sql_store!`.
super::sql::sql_store!(
    PgStore,
    sqlx::Postgres,
    share = " FOR SHARE",
    update = " FOR UPDATE"
);

/// Seal the webhook URLs an earlier version stored in plain text (`Store::migrate`), in
/// one transaction. (The row versions the update replaces stay in the table's files until
/// VACUUM reclaims them; a dump holds only the current rows.)
async fn seal_plain_webhooks(store: &PgStore, key: &DataKey) -> Result<u64, StoreError> {
    let mut tx = begin_write(&store.pool).await?;
    let sealed = seal_plain_webhooks_in(&mut tx, key).await?;
    tx.commit().await?;
    Ok(sealed)
}

/// PostgreSQL keeps the row versions an update replaced in the table's files until VACUUM
/// reuses their space: nothing to do here (see `Store::rekey`); false.
async fn scrub_free_space(_store: &PgStore) -> bool {
    false
}

// The batch statements (see `sql_store!`'s `file_concern` and `mark_outbox_sent`): a
// whole batch is bound as one array a column and spread into rows with `unnest`, so a
// batch of any size is one statement with one text, prepared once per connection. (Cut
// into multi-row VALUES chunks of 32, 16, 8 … rows, as on SQLite, a batch of 8 concerns
// took about nine statements and as many round trips.)

/// One field of every row, as the array bound for an `unnest` column.
fn column<'a, T, U>(rows: &'a [T], field: impl Fn(&'a T) -> U) -> Vec<U> {
    rows.iter().map(field).collect()
}

/// Insert a batch of new concerns and their "filed" audit rows, in one statement; the
/// concerns written come back (a request key filed already, or twice in `jobs`, writes
/// nothing again). A key filed already is left out before the insert, not only by the
/// conflict: a row the conflict stops has used up its id, and so a case number.
async fn insert_concerns(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    jobs: &[super::sql::ConcernJob],
) -> Result<Vec<ConcernRecord>, StoreError> {
    const SQL: &str = concat!(
        "WITH c AS (INSERT INTO concerns (request_key, school_id, reporter_id, reporter_platform, \
         reporter_user_id, immediate_danger, state, assigned_to, sealed, created_ms, updated_ms) \
         SELECT k, s, r, p, u, d, 'submitted', a, x, t, t FROM unnest($1::text[], $2::text[], \
         $3::int8[], $4::text[], $5::text[], $6::bool[], $7::int8[], $8::bytea[], $9::int8[]) \
         AS j(k, s, r, p, u, d, a, x, t) \
         WHERE NOT EXISTS (SELECT 1 FROM concerns WHERE request_key = j.k) \
         ON CONFLICT (request_key) DO NOTHING RETURNING ",
        super::sql::concern_columns!(),
        "), e AS (INSERT INTO concern_events (concern_id, actor_id, action, at_ms) \
         SELECT id, reporter_id, $10, created_ms FROM c) SELECT * FROM c"
    );
    let rows = sqlx::query(SQL)
        .bind(column(jobs, |j| j.new.request_key.as_str()))
        .bind(column(jobs, |j| j.new.school_id.as_str()))
        .bind(column(jobs, |j| j.new.reporter_id))
        .bind(column(jobs, |j| j.new.reporter_platform.as_str()))
        .bind(column(jobs, |j| j.new.reporter_user_id.as_deref()))
        .bind(column(jobs, |j| j.new.immediate_danger))
        .bind(column(jobs, |j| j.new.assigned_to))
        .bind(column(jobs, |j| j.new.sealed.as_slice()))
        .bind(column(jobs, |j| j.new.created_ms))
        .bind(AuditAction::Filed.as_str())
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(concern_from).collect()
}

/// Record deliveries, (outbox id, sent at) each, in one statement (so without a
/// transaction around it); a delivered handoff moves its concern from submitted to
/// delivered. For each: false if it was not pending (or named earlier in `sent`).
/// `id = ANY($1)` finds the rows by primary key in the generic plan too; joined with
/// the `unnest` alone, it hashed every pending row when the statistics said few were
/// pending.
async fn mark_sent(pool: &PgPool, sent: &[(i64, i64)]) -> Result<Vec<bool>, StoreError> {
    const SQL: &str = "WITH s AS (UPDATE outbox SET state = 'sent', attempts = attempts + 1, \
         sent_ms = u.at FROM unnest($1::int8[], $2::int8[]) AS u(id, at) \
         WHERE outbox.id = ANY($1) AND outbox.id = u.id AND outbox.state = 'pending' \
         RETURNING outbox.id, outbox.kind, outbox.concern_id, outbox.sent_ms), \
         d AS (UPDATE concerns SET state = 'delivered', delivered_ms = s.sent_ms, \
         updated_ms = s.sent_ms FROM s WHERE s.kind = $3 AND concerns.id = s.concern_id \
         AND concerns.state = 'submitted') SELECT id FROM s";
    let rows = sqlx::query(SQL)
        .bind(column(sent, |(id, _)| *id))
        .bind(column(sent, |(_, at)| *at))
        .bind(OutboxKind::Handoff.as_str())
        .fetch_all(pool)
        .await?;
    let mut marked = std::collections::HashMap::with_capacity(rows.len());
    for row in rows {
        marked.insert(row.try_get::<i64, _>("id")?, false);
    }
    Ok(super::sql::first_of_each(
        sent.iter().map(|(id, _)| *id),
        &mut marked,
    ))
}

/// Queue messages, in one statement. For each, in the order given, its id, or None when
/// its key was queued already (before, or earlier in `rows`).
async fn insert_outbox(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    rows: &[NewOutbox],
) -> Result<Vec<Option<i64>>, StoreError> {
    const SQL: &str = "INSERT INTO outbox (key, recipient_id, platform, kind, concern_id, \
         payload_sealed, state, attempts, next_attempt_ms, created_ms) \
         SELECT k, r, p, kd, c, x, 'pending', 0, n, t FROM unnest($1::text[], $2::int8[], \
         $3::text[], $4::text[], $5::int8[], $6::bytea[], $7::int8[], $8::int8[]) \
         AS o(k, r, p, kd, c, x, n, t) ON CONFLICT (key) DO NOTHING RETURNING id, key";
    let found = sqlx::query(SQL)
        .bind(column(rows, |o| o.key.as_str()))
        .bind(column(rows, |o| o.recipient_id))
        .bind(column(rows, |o| o.platform.as_str()))
        .bind(column(rows, |o| o.kind.as_str()))
        .bind(column(rows, |o| o.concern_id))
        .bind(column(rows, |o| o.payload_sealed.as_slice()))
        .bind(column(rows, |o| o.next_attempt_ms))
        .bind(column(rows, |o| o.created_ms))
        .fetch_all(&mut **tx)
        .await?;
    let mut ids = std::collections::HashMap::with_capacity(found.len());
    for row in found {
        ids.insert(row.try_get("key")?, (row.try_get("id")?, false));
    }
    Ok(super::sql::ids_in_order(rows, &mut ids))
}
