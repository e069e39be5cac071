//! The SQLite store: a single file, WAL journal, zero setup.
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::{Backend, StoreError, redact_url};
use crate::crypto::DataKey;

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// Seals and opens the roster's Teams webhook URLs (see `store::webhook`).
    pub(crate) data_key: Option<DataKey>,
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
    /// `key`: the data key, for the roster's Teams webhook URLs (see `store::open`).
    pub async fn open(url: &str, key: Option<DataKey>) -> Result<Self, StoreError> {
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
            data_key: key,
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
/// Whether sqlx's table of applied migrations exists (1) or not (0).
const MIGRATIONS_TABLE_SQL: &str =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'";

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
             WHERE state = 'pending' AND next_attempt_ms <= $1 \
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

// No row locks: SQLite's writers take turns (the write gate), so nothing can come in
// between a read and the write that depends on it.
super::sql::sql_store!(SqliteStore, sqlx::Sqlite, share = "", update = "");

/// Seal the webhook URLs an earlier version stored in plain text (`Store::migrate`), in
/// one transaction, then leave no copy of them in the file. SQLite keeps what an update
/// replaces in the pages' free space (even with `secure_delete`, when a page is rebuilt
/// around bigger rows), and old page images in the WAL, until they happen to be
/// overwritten. So the file is rebuilt (`VACUUM`, once, on the first open with the key
/// after the upgrade), and the WAL checkpointed into it and truncated. If that fails the
/// URLs are still sealed; the operator is told how to finish.
async fn seal_plain_webhooks(store: &SqliteStore, key: &DataKey) -> Result<u64, StoreError> {
    let _turn = store.write_gate().await;
    let mut tx = begin_write(&store.pool).await?;
    let sealed = seal_plain_webhooks_in(&mut tx, key).await?;
    tx.commit().await?;
    drop(_turn);
    if !scrub_free_space(store).await {
        tracing::warn!(
            "the webhook URLs are sealed, but their plain copies may remain in the database file's free space: stop the other SafeHarbor processes and run `sqlite3 FILE 'VACUUM'`"
        );
    }
    Ok(sealed)
}

/// Leave no copy of what was replaced in the file: rebuild it (`VACUUM`), then checkpoint
/// the WAL into it and truncate the WAL (see [`seal_plain_webhooks`]). False, having
/// logged why, if that could not be done (another process is reading, say).
async fn scrub_free_space(store: &SqliteStore) -> bool {
    let _turn = store.write_gate().await;
    let scrubbed = async {
        let mut conn = store.pool.acquire().await?;
        sqlx::query("VACUUM").execute(&mut *conn).await?;
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await?;
        Ok::<_, StoreError>(busy == 0)
    }
    .await;
    match scrubbed {
        Ok(done) => done,
        Err(e) => {
            tracing::warn!(error = %e, "could not rebuild the database file");
            false
        }
    }
}

// The batch statements (see `sql_store!`'s `file_concern` and `mark_outbox_sent`): SQLite
// has no arrays to bind, so a batch is cut into chunks of 32, 16, 8 … rows, one
// multi-row statement each (`pow2_chunks`): a few statement texts, each prepared once
// per connection.

/// Insert a batch of new concerns and their "filed" audit rows; the concerns written
/// come back (a request key filed already, or twice in `jobs`, writes nothing again).
async fn insert_concerns(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    jobs: &[super::sql::ConcernJob],
) -> Result<Vec<ConcernRecord>, StoreError> {
    use super::sql::{ROWS_PER_STATEMENT, pow2_chunks, values_sql};
    let mut new = Vec::with_capacity(jobs.len());
    for chunk in pow2_chunks(jobs.len(), ROWS_PER_STATEMENT) {
        // A key filed already is left out before the insert (`column1` is the request
        // key), not only by the conflict: a row the conflict stops has used up its
        // AUTOINCREMENT id, and so a case number. (The WHERE also tells SQLite's parser
        // that ON CONFLICT is the upsert's.)
        let sql = values_sql(
            "INSERT INTO concerns (request_key, school_id, reporter_id, reporter_platform, \
             reporter_user_id, immediate_danger, state, assigned_to, sealed, created_ms, updated_ms) \
             SELECT * FROM (",
            "(?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)",
            chunk.len(),
            concat!(
                ") WHERE NOT EXISTS (SELECT 1 FROM concerns WHERE request_key = column1) \
                 ON CONFLICT (request_key) DO NOTHING RETURNING ",
                super::sql::concern_columns!()
            ),
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for j in &jobs[chunk] {
            let c = &j.new;
            q = q
                .bind(&c.request_key)
                .bind(&c.school_id)
                .bind(c.reporter_id)
                .bind(c.reporter_platform.as_str())
                .bind(&c.reporter_user_id)
                .bind(c.immediate_danger)
                .bind(c.assigned_to)
                .bind(&c.sealed)
                .bind(c.created_ms)
                .bind(c.created_ms);
        }
        for row in q.fetch_all(&mut **tx).await? {
            new.push(concern_from(&row)?);
        }
    }
    for chunk in pow2_chunks(new.len(), ROWS_PER_STATEMENT) {
        let sql = values_sql(
            "INSERT INTO concern_events (concern_id, actor_id, action, detail, note_sealed, at_ms)",
            "(?, ?, ?, NULL, NULL, ?)",
            chunk.len(),
            "",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in &new[chunk] {
            q = q
                .bind(c.id)
                .bind(c.reporter_id)
                .bind(AuditAction::Filed.as_str())
                .bind(c.created_ms);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(new)
}

/// Record deliveries, (outbox id, sent at) each, in one transaction; a delivered handoff
/// moves its concern from submitted to delivered. For each: false if it was not pending
/// (or named earlier in `sent`). The caller holds the write turn.
async fn mark_sent(pool: &SqlitePool, sent: &[(i64, i64)]) -> Result<Vec<bool>, StoreError> {
    use super::sql::{ROWS_PER_STATEMENT, pow2_chunks, set_by_id_sql};
    let mut tx = begin_write(pool).await?;
    // id -> handed to an entry already
    let mut marked: std::collections::HashMap<i64, bool> = Default::default();
    // (concern id, delivered at) of the handoffs among them
    let mut delivered: Vec<(i64, i64)> = vec![];
    for chunk in pow2_chunks(sent.len(), ROWS_PER_STATEMENT) {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(set_by_id_sql(
            "UPDATE outbox SET state = 'sent', attempts = attempts + 1",
            &["sent_ms"],
            chunk.len(),
            "AND state = 'pending' RETURNING id, kind, concern_id, sent_ms",
        )));
        for (id, at) in &sent[chunk] {
            q = q.bind(*id).bind(*at);
        }
        for row in q.fetch_all(&mut *tx).await? {
            marked.insert(row.try_get("id")?, false);
            let kind: OutboxKind = parse_enum(&row.try_get::<String, _>("kind")?, "outbox.kind")?;
            if let (OutboxKind::Handoff, Some(concern_id)) =
                (kind, row.try_get::<Option<i64>, _>("concern_id")?)
            {
                delivered.push((concern_id, row.try_get("sent_ms")?));
            }
        }
    }
    for chunk in pow2_chunks(delivered.len(), ROWS_PER_STATEMENT) {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(set_by_id_sql(
            "UPDATE concerns SET state = 'delivered'",
            &["delivered_ms", "updated_ms"],
            chunk.len(),
            "AND state = 'submitted'",
        )));
        for (id, at) in &delivered[chunk] {
            q = q.bind(*id).bind(*at);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(super::sql::first_of_each(
        sent.iter().map(|(id, _)| *id),
        &mut marked,
    ))
}

/// Queue messages. For each, in the order given, its id, or None when its key was queued
/// already (before, or earlier in `rows`).
async fn insert_outbox(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    rows: &[NewOutbox],
) -> Result<Vec<Option<i64>>, StoreError> {
    use super::sql::{ROWS_PER_STATEMENT, pow2_chunks, values_sql};
    // key -> (outbox id, handed to a row already)
    let mut ids: std::collections::HashMap<String, (i64, bool)> =
        std::collections::HashMap::with_capacity(rows.len());
    for chunk in pow2_chunks(rows.len(), ROWS_PER_STATEMENT) {
        let sql = values_sql(
            "INSERT INTO outbox (key, recipient_id, platform, kind, concern_id, payload_sealed, \
             state, attempts, next_attempt_ms, created_ms)",
            "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
            chunk.len(),
            "ON CONFLICT (key) DO NOTHING RETURNING id, key",
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for o in &rows[chunk] {
            q = q
                .bind(&o.key)
                .bind(o.recipient_id)
                .bind(o.platform.as_str())
                .bind(o.kind.as_str())
                .bind(o.concern_id)
                .bind(&o.payload_sealed)
                .bind(o.next_attempt_ms)
                .bind(o.created_ms);
        }
        for row in q.fetch_all(&mut **tx).await? {
            ids.insert(row.try_get("key")?, (row.try_get("id")?, false));
        }
    }
    Ok(super::sql::ids_in_order(rows, &mut ids))
}
