//! The query code shared by both backends. `$1`-style placeholders work in SQLite too
//! (as numbered parameters), so each method is written once and compiled per backend.
use chrono::NaiveDate;

use crate::domain::{PartnerCategory, Role};

use super::StoreError;

/// The `people` columns, as a literal for `concat!`.
macro_rules! person_columns {
    () => {
        "id, school_id, name, email, roles, locale, slack_user_id, discord_user_id, teams_user_id, teams_webhook_url, teams_webhook_sealed, position, added_at_ms, demo"
    };
}
/// The `partners` columns, as a literal for `concat!`.
macro_rules! partner_columns {
    () => {
        "id, name, category, description, phones, text_line, email, url, address, city, state, postal_code, service_area, hours, open_24_7, languages, mou, mou_date, confidential, last_verified_on, last_verified_by"
    };
}
/// The `concerns` columns, as a literal for `concat!`.
macro_rules! concern_columns {
    () => {
        "id, request_key, school_id, reporter_id, reporter_platform, reporter_user_id, immediate_danger, state, assigned_to, sealed, created_ms, updated_ms, delivered_ms, acknowledged_ms, closed_ms"
    };
}
/// The `concern_events` columns, as a literal for `concat!`.
macro_rules! audit_columns {
    () => {
        "id, concern_id, actor_id, action, detail, note_sealed, at_ms"
    };
}
/// The `outbox` columns, as a literal for `concat!`.
macro_rules! outbox_columns {
    () => {
        "id, key, recipient_id, platform, kind, concern_id, payload_sealed, state, attempts, next_attempt_ms, created_ms, sent_ms, last_error, claims, unsure"
    };
}
pub(super) use {audit_columns, concern_columns, outbox_columns, partner_columns, person_columns};

/// Small writes waiting for a group commit, and whether a writer is on its way.
///
/// Whoever queues a job into an empty, writer-less batcher starts a writer (a task of its
/// own); the writer waits for the turn to write, takes what has gathered, writes it in
/// one transaction and answers each job. Jobs queued meanwhile wait for it or for the
/// next writer. At most one writer waits for the turn, so the others waiting for it (the
/// dispatcher, other writes) are not queued behind one waiter per submission, and a
/// caller whose job another writer already wrote does not wait for a turn at all.
/// Writing in a task of its own also means a batch, which holds other people's jobs, is
/// written and answered even if the caller that started it goes away.
pub(super) struct Batcher<J> {
    inner: std::sync::Mutex<(Vec<J>, bool)>,
}

impl<J> Default for Batcher<J> {
    fn default() -> Self {
        Self {
            inner: std::sync::Mutex::new((Vec::new(), false)),
        }
    }
}

impl<J> Batcher<J> {
    fn lock(&self) -> std::sync::MutexGuard<'_, (Vec<J>, bool)> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queue a job. True when no writer is on its way: the caller must start one.
    pub(super) fn push(&self, job: J) -> bool {
        let mut g = self.lock();
        g.0.push(job);
        !std::mem::replace(&mut g.1, true)
    }

    /// For the writer, holding the turn: up to `max` jobs, and whether more are left (then
    /// it must take again, after another turn; otherwise the next job starts a writer).
    pub(super) fn take(&self, max: usize) -> (Vec<J>, bool) {
        let mut g = self.lock();
        let n = g.0.len().min(max);
        let jobs: Vec<J> = g.0.drain(..n).collect();
        let more = !g.0.is_empty();
        g.1 = more;
        (jobs, more)
    }
}

impl<J: Send + 'static> Batcher<J> {
    /// Start a writer (after `push` said none is on its way): it waits for `gate`, takes
    /// up to `max` jobs, has `write` write and answer them, and goes on while more are
    /// left.
    pub(super) fn spawn_writer<F, Fut>(
        self: &std::sync::Arc<Self>,
        gate: std::sync::Arc<tokio::sync::Mutex<()>>,
        max: usize,
        write: F,
    ) where
        F: Fn(Vec<J>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let queue = self.clone();
        tokio::spawn(async move {
            loop {
                let _turn = gate.clone().lock_owned().await;
                let (batch, more) = queue.take(max);
                write(batch).await;
                if !more {
                    break;
                }
            }
        });
    }
}

/// Deliveries waiting to be recorded: (outbox id, sent at, where to answer).
pub(super) type SentJob = (
    i64,
    i64,
    tokio::sync::oneshot::Sender<Result<bool, StoreError>>,
);

/// At most this many deliveries are recorded in one transaction.
pub(super) const SENT_PER_BATCH: usize = 256;

/// One concern submission waiting for a group commit (see `file_concern`), with where to
/// answer.
pub(super) struct ConcernJob {
    pub(super) new: crate::store::NewConcern,
    pub(super) outbox: crate::store::OutboxFor,
    pub(super) done: tokio::sync::oneshot::Sender<Result<crate::store::Filed, StoreError>>,
}

/// At most this many submissions go in one transaction, so one batch never holds the
/// write turn for long.
pub(super) const CONCERNS_PER_BATCH: usize = 64;

/// Parse a stored string-enum column, naming the column if it holds something unknown.
pub(super) fn parse_enum<T: std::str::FromStr>(s: &str, column: &str) -> Result<T, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("unknown value {s:?} in {column}")))
}

pub(super) fn parse_roles(s: &str) -> Result<Vec<Role>, StoreError> {
    s.split(';')
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse()
                .map_err(|_| StoreError::Corrupt(format!("unknown role {r:?} in people.roles")))
        })
        .collect()
}

pub(super) fn parse_category(s: &str) -> Result<PartnerCategory, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("unknown partner category {s:?}")))
}

pub(super) fn parse_date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.filter(|d| !d.is_empty())
        .map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("bad date {d:?}")))
        })
        .transpose()
}

/// Numbers as stored in one column, comma-separated: reminder offsets in minutes
/// (`1440,60`), a change's assigned person ids (`3,8`).
pub(super) fn join_numbers(numbers: &[i64]) -> String {
    numbers
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub(super) fn split_numbers(s: &str) -> Result<Vec<i64>, StoreError> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(|x| {
            x.parse()
                .map_err(|_| StoreError::Corrupt(format!("bad number list item {x:?}")))
        })
        .collect()
}

/// Off spans as stored: `from-to;from-` (milliseconds; an open span has no end).
pub(super) fn join_spans(spans: &[(i64, Option<i64>)]) -> String {
    spans
        .iter()
        .map(|(from, to)| match to {
            Some(t) => format!("{from}-{t}"),
            None => format!("{from}-"),
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn split_spans(s: &str) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
    s.split(';')
        .filter(|x| !x.is_empty())
        .map(|x| {
            let bad = || StoreError::Corrupt(format!("bad off span {x:?}"));
            let (from, to) = x.split_once('-').ok_or_else(bad)?;
            let from = from.parse().map_err(|_| bad())?;
            let to = if to.is_empty() {
                None
            } else {
                Some(to.parse().map_err(|_| bad())?)
            };
            Ok((from, to))
        })
        .collect()
}

pub(super) fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Plan ids per query when reading plans' details (assignees, earlier cadences,
/// outcomes, steps): each such query names exactly this many, padding with -1 (never an
/// id), so its text, and its prepared statement, is the same whatever the count.
pub(super) const IDS_PER_QUERY: usize = 100;

/// `{head} ($1, …, $IDS_PER_QUERY) {tail}`.
pub(super) fn in_list_sql(head: &str, tail: &str) -> String {
    let params: Vec<String> = (1..=IDS_PER_QUERY).map(|i| format!("${i}")).collect();
    format!("{head} ({}) {tail}", params.join(", "))
}

/// `head VALUES row, row … tail` for `rows` rows, the `?` marks of `row` numbered `$1`,
/// `$2` … across the statement (both SQLite and PostgreSQL read `$N`).
pub(super) fn values_sql(head: &str, row: &str, rows: usize, tail: &str) -> String {
    let mut out = String::with_capacity(head.len() + tail.len() + rows * (row.len() + 24));
    out.push_str(head);
    out.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        for ch in row.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
    }
    out.push(' ');
    out.push_str(tail);
    out
}

/// `head, col = CASE id WHEN $1 THEN $2 … END … WHERE id IN ($1, $3 …) tail`: an UPDATE
/// that sets `columns` of `rows` rows, each row to its own value, bound as (id, value)
/// pairs. The ids are a plain IN list, which PostgreSQL answers from the primary key also
/// in a prepared statement's generic plan (a join with a VALUES list did not: it scanned
/// the table).
pub(super) fn set_by_id_sql(head: &str, columns: &[&str], rows: usize, tail: &str) -> String {
    let mut case = String::from("CASE id");
    for r in 0..rows {
        case.push_str(&format!(" WHEN ${} THEN ${}", 2 * r + 1, 2 * r + 2));
    }
    case.push_str(" END");
    let mut out = String::from(head);
    for c in columns {
        out.push_str(&format!(", {c} = {case}"));
    }
    out.push_str(" WHERE id IN (");
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("${}", 2 * r + 1));
    }
    out.push_str(") ");
    out.push_str(tail);
    out
}

/// Split `len` rows into chunks whose sizes are powers of two (at most `max`, itself a
/// power of two), largest first: a multi-row statement then has one of a few texts, each
/// prepared once per connection and kept, instead of one text for every batch size.
pub(super) fn pow2_chunks(len: usize, max: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let left = len - start;
        if left == 0 {
            return None;
        }
        let size = (1usize << (usize::BITS - 1 - left.leading_zeros())).min(max);
        let r = start..start + size;
        start += size;
        Some(r)
    })
}

/// For each id, in order, whether the batch statement returned it (it is among `marked`)
/// and no earlier entry was handed it already: a batch naming one message twice marks it
/// once.
pub(super) fn first_of_each(
    ids: impl Iterator<Item = i64>,
    marked: &mut std::collections::HashMap<i64, bool>,
) -> Vec<bool> {
    ids.map(|id| {
        marked
            .get_mut(&id)
            .is_some_and(|taken| !std::mem::replace(taken, true))
    })
    .collect()
}

/// For each row to queue, in order, the id its key got from the INSERT (`ids`: key -> (id,
/// handed out already)), or None when the key was queued before or earlier in `rows`.
pub(super) fn ids_in_order(
    rows: &[crate::store::NewOutbox],
    ids: &mut std::collections::HashMap<String, (i64, bool)>,
) -> Vec<Option<i64>> {
    rows.iter()
        .map(|o| {
            ids.get_mut(&o.key)
                .and_then(|(id, taken)| (!std::mem::replace(taken, true)).then_some(*id))
        })
        .collect()
}

/// At most this many rows go in one multi-row statement (a power of two).
pub(super) const ROWS_PER_STATEMENT: usize = 32;

/// The `checkin_plans` columns, as a literal for `concat!`.
macro_rules! plan_columns {
    () => {
        "id, concern_id, school_id, cadence, at_time, time_zone, anchor_ms, until_on, remind_minutes, state, created_by, created_ms, updated_ms, seq_base, off_spans, next_due_ms"
    };
}
pub(super) use plan_columns;

/// Whether the database's applied migrations (`applied`) are ones this version has
/// (`known`): the error for a database another SafeHarbor wrote, naming its newest
/// migration this version lacks. A newer version's is the usual case (someone went back
/// to an older binary); one below this version's newest came from another build.
pub(super) fn unknown_migration(
    applied: impl IntoIterator<Item = i64>,
    known: &[i64],
) -> Option<StoreError> {
    let newest_known = known.iter().copied().max().unwrap_or(0);
    let unknown = applied.into_iter().filter(|v| !known.contains(v)).max()?;
    Some(if unknown > newest_known {
        StoreError::NewerDatabase {
            applied: unknown,
            known: newest_known,
        }
    } else {
        StoreError::UnknownMigration {
            applied: unknown,
            known: newest_known,
        }
    })
}

/// Implements [`super::Store`] for a struct with a `pool: sqlx::Pool<$db>` field and
/// module-level `BACKEND`, `MIGRATOR` and `MIGRATIONS_TABLE_SQL` items.
macro_rules! sql_store {
    // `share` and `update`: the backend's row-lock clauses (`FOR SHARE`, `FOR UPDATE`),
    // empty where writers take turns anyway.
    ($ty:ident, $db:ty, share = $share:literal, update = $update:literal) => {
        /// `queue_checkin_steps`' step row, written only while the plan is as the scheduler
        /// read it. The share lock makes a change saved meanwhile (which reads its plan
        /// with the update lock, see [`CHANGE_PLAN_READ_SQL`]) either wait for the pass to
        /// commit, and then number its occurrences past the step, or go first, and then the
        /// step finds the plan changed.
        const QUEUE_CHECKIN_STEP_SQL: &str = concat!(
            "INSERT INTO checkin_steps (plan_id, seq, step, at_ms) SELECT id, $2, $3, $4 \
             FROM checkin_plans WHERE id = $1 AND updated_ms = $5",
            $share,
            " ON CONFLICT DO NOTHING"
        );

        /// `change_checkin_plan`'s read of the plan, locked until the change commits.
        const CHANGE_PLAN_READ_SQL: &str = concat!(
            "SELECT seq_base, cadence, at_time, time_zone, anchor_ms, until_on, updated_ms \
             FROM checkin_plans WHERE id = $1",
            $update
        );

        /// A school's plans all due at `$2` (its closed days changed), their rows locked in
        /// id order first, as every writer of several plans locks them (see
        /// `queue_checkin_steps`), so that it cannot deadlock with a pass writing reminders.
        const MARK_SCHOOL_PLANS_DUE_SQL: &str = concat!(
            "UPDATE checkin_plans SET next_due_ms = $2 WHERE id IN \
             (SELECT id FROM checkin_plans WHERE school_id = $1 ORDER BY id",
            $update,
            ")"
        );

        use async_trait::async_trait;
        use sqlx::Row;

        use crate::domain::{AuditAction, NewPerson, OutboxKind, Partner, Person, Platform};
        use crate::store::sql::{
            audit_columns, concern_columns, parse_category, parse_date,
            parse_enum, parse_roles, partner_columns, person_columns, split_list,
        };
        use crate::store::{LatestCompletion, NewCompletion, ReminderStep};
        use crate::store::sql::{join_numbers, join_spans, split_numbers, split_spans};
        use crate::store::sql::{in_list_sql, plan_columns, IDS_PER_QUERY};
        use crate::store::{CheckinChange, CheckinPlanChange, CheckinPlanRecord, CheckinStep, CheckinVersion};
        use crate::store::{CheckinHistory, CheckinNextDue};
        use crate::store::{Holiday, NewCheckinPlan, PlanCreated, PlanOutboxFor};
        use crate::store::{EscalationCandidate, EscalationEarliest,
            AuditRecord, ConcernChange, ConcernRecord, Filed, ImportSummary, NewAudit,
            NewConcern, NewOutbox, OutboxFor, OutboxRecord, Store,
        };

        type DbRow = <$db as sqlx::Database>::Row;

        /// A roster row, its webhook URL opened with `key` (see `store::webhook`).
        fn person_from(row: &DbRow, key: Option<&crate::crypto::DataKey>) -> Result<Person, StoreError> {
            let id: i64 = row.try_get("id")?;
            Ok(Person {
                id,
                school_id: row.try_get("school_id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
                locale: row.try_get("locale")?,
                slack_user_id: row.try_get("slack_user_id")?,
                discord_user_id: row.try_get("discord_user_id")?,
                teams_user_id: row.try_get("teams_user_id")?,
                teams_webhook_url: crate::store::webhook::read(
                    key,
                    id,
                    row.try_get("teams_webhook_url")?,
                    row.try_get("teams_webhook_sealed")?,
                )?,
                position: row.try_get("position")?,
                added_at_ms: row.try_get("added_at_ms")?,
                demo: row.try_get("demo")?,
            })
        }

        fn partner_from(row: &DbRow) -> Result<Partner, StoreError> {
            Ok(Partner {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                category: parse_category(&row.try_get::<String, _>("category")?)?,
                description: row.try_get("description")?,
                phones: split_list(&row.try_get::<String, _>("phones")?),
                text: row.try_get("text_line")?,
                email: row.try_get("email")?,
                url: row.try_get("url")?,
                address: row.try_get("address")?,
                city: row.try_get("city")?,
                state: row.try_get("state")?,
                postal_code: row.try_get("postal_code")?,
                service_area: split_list(&row.try_get::<String, _>("service_area")?),
                hours: row.try_get("hours")?,
                open_24_7: row.try_get("open_24_7")?,
                languages: split_list(&row.try_get::<String, _>("languages")?),
                mou: row.try_get("mou")?,
                mou_date: parse_date(row.try_get("mou_date")?)?,
                confidential: row.try_get("confidential")?,
                last_verified_on: parse_date(row.try_get("last_verified_on")?)?,
                last_verified_by: row.try_get("last_verified_by")?,
            })
        }

        fn concern_from(row: &DbRow) -> Result<ConcernRecord, StoreError> {
            Ok(ConcernRecord {
                id: row.try_get("id")?,
                request_key: row.try_get("request_key")?,
                school_id: row.try_get("school_id")?,
                reporter_id: row.try_get("reporter_id")?,
                reporter_platform: parse_enum(
                    &row.try_get::<String, _>("reporter_platform")?,
                    "concerns.reporter_platform",
                )?,
                reporter_user_id: row.try_get("reporter_user_id")?,
                immediate_danger: row.try_get("immediate_danger")?,
                state: parse_enum(&row.try_get::<String, _>("state")?, "concerns.state")?,
                assigned_to: row.try_get("assigned_to")?,
                sealed: row.try_get("sealed")?,
                created_ms: row.try_get("created_ms")?,
                updated_ms: row.try_get("updated_ms")?,
                delivered_ms: row.try_get("delivered_ms")?,
                acknowledged_ms: row.try_get("acknowledged_ms")?,
                closed_ms: row.try_get("closed_ms")?,
            })
        }

        fn audit_from(row: &DbRow) -> Result<AuditRecord, StoreError> {
            Ok(AuditRecord {
                id: row.try_get("id")?,
                concern_id: row.try_get("concern_id")?,
                actor_id: row.try_get("actor_id")?,
                action: parse_enum(&row.try_get::<String, _>("action")?, "concern_events.action")?,
                detail: row.try_get("detail")?,
                note_sealed: row.try_get("note_sealed")?,
                at_ms: row.try_get("at_ms")?,
            })
        }

        fn outbox_from(row: &DbRow) -> Result<OutboxRecord, StoreError> {
            Ok(OutboxRecord {
                id: row.try_get("id")?,
                key: row.try_get("key")?,
                recipient_id: row.try_get("recipient_id")?,
                platform: parse_enum(&row.try_get::<String, _>("platform")?, "outbox.platform")?,
                kind: parse_enum(&row.try_get::<String, _>("kind")?, "outbox.kind")?,
                concern_id: row.try_get("concern_id")?,
                payload_sealed: row.try_get("payload_sealed")?,
                state: parse_enum(&row.try_get::<String, _>("state")?, "outbox.state")?,
                attempts: row.try_get("attempts")?,
                next_attempt_ms: row.try_get("next_attempt_ms")?,
                created_ms: row.try_get("created_ms")?,
                sent_ms: row.try_get("sent_ms")?,
                last_error: row.try_get("last_error")?,
                claims: row.try_get("claims")?,
                unsure: row.try_get::<i64, _>("unsure")? != 0,
            })
        }

        async fn concern_in<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            id: i64,
        ) -> Result<Option<ConcernRecord>, StoreError> {
            let sql = concat!("SELECT ", concern_columns!(), " FROM concerns WHERE id = $1");
            let row = sqlx::query(sql).bind(id).fetch_optional(&mut **tx).await?;
            row.as_ref().map(concern_from).transpose()
        }

        async fn insert_audit<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            e: &NewAudit,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO concern_events (concern_id, actor_id, action, detail, note_sealed, at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(e.concern_id)
            .bind(e.actor_id)
            .bind(e.action.as_str())
            .bind(&e.detail)
            .bind(&e.note_sealed)
            .bind(e.at_ms)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// File a batch of concerns inside `tx` (see `Store::file_concern`): the concerns
        /// with their audit rows, then their messages, each in a statement or a few (the
        /// backend's `insert_concerns` and `insert_outbox`). Each new row comes back from
        /// its INSERT (no second statement). A request key already filed, before or
        /// earlier in the batch, hands back that concern and writes nothing for it.
        async fn file_many<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            jobs: &[crate::store::sql::ConcernJob],
        ) -> Result<Vec<Filed>, StoreError> {
            use std::collections::HashMap;
            // request key -> (the new concern, handed to a job already)
            let mut inserted: HashMap<String, (ConcernRecord, bool)> = HashMap::with_capacity(jobs.len());
            for c in insert_concerns(tx, jobs).await? {
                inserted.insert(c.request_key.clone(), (c, false));
            }
            let mut filed = Vec::with_capacity(jobs.len());
            for j in jobs {
                let f = match inserted.get_mut(&j.new.request_key) {
                    Some((c, taken)) => Filed {
                        concern: c.clone(),
                        created: !std::mem::replace(taken, true),
                        outbox_ids: vec![],
                    },
                    None => {
                        // A retried request: hand back what the first one filed.
                        let sql = concat!("SELECT ", concern_columns!(), " FROM concerns WHERE request_key = $1");
                        let row = sqlx::query(sql).bind(&j.new.request_key).fetch_one(&mut **tx).await?;
                        Filed { concern: concern_from(&row)?, created: false, outbox_ids: vec![] }
                    }
                };
                filed.push(f);
            }
            let created: Vec<usize> = (0..jobs.len()).filter(|&i| filed[i].created).collect();
            // Each new concern's messages, built now that its id is known.
            let (mut owners, mut rows) = (vec![], vec![]);
            for &i in &created {
                for r in (jobs[i].outbox)(&filed[i].concern) {
                    owners.push(i);
                    rows.push(r);
                }
            }
            for (i, id) in owners.into_iter().zip(insert_outbox(tx, &rows).await?) {
                filed[i].outbox_ids.push(id);
            }
            Ok(filed)
        }

        /// Write a batch of concern submissions and answer each: all in one transaction,
        /// or, if that fails, each in its own, so that one bad submission (a person
        /// removed from the roster meanwhile, say) cannot fail the others. When the
        /// database is unreachable they all fail at once, without trying each.
        async fn file_batch(pool: sqlx::Pool<$db>, jobs: Vec<crate::store::sql::ConcernJob>) {
            let pool = &pool;
            async fn write(
                pool: &sqlx::Pool<$db>,
                jobs: &[crate::store::sql::ConcernJob],
            ) -> Result<Vec<Filed>, StoreError> {
                let mut tx = begin_write(pool).await?;
                let filed = file_many(&mut tx, jobs).await?;
                tx.commit().await?;
                Ok(filed)
            }
            let started = std::time::Instant::now();
            let all = write(pool, &jobs).await;
            tracing::debug!(
                concerns = jobs.len(),
                micros = started.elapsed().as_micros() as u64,
                ok = all.is_ok(),
                "concern batch written"
            );
            match all {
                Ok(filed) => {
                    for (j, f) in jobs.into_iter().zip(filed) {
                        let _ = j.done.send(Ok(f));
                    }
                }
                Err(e) if jobs.len() == 1 || matches!(e, StoreError::Unavailable(_)) => {
                    for j in jobs {
                        let _ = j.done.send(Err(e.clone()));
                    }
                }
                Err(_) => {
                    for j in jobs {
                        let one = write(pool, std::slice::from_ref(&j)).await;
                        let _ = j.done.send(one.map(|mut f| f.remove(0)));
                    }
                }
            }
        }

        /// Record a batch of deliveries in one transaction and answer each.
        async fn record_sent(pool: sqlx::Pool<$db>, mut batch: Vec<crate::store::sql::SentJob>) {
            // In id order: the rows' order on disk, mostly.
            batch.sort_unstable_by_key(|(id, _, _)| *id);
            let sent: Vec<(i64, i64)> = batch.iter().map(|(id, at, _)| (*id, *at)).collect();
            let written = mark_sent(&pool, &sent).await;
            match written {
                Ok(marked) => {
                    for ((_, _, done), m) in batch.into_iter().zip(marked) {
                        let _ = done.send(Ok(m));
                    }
                }
                Err(e) => {
                    for (_, _, done) in batch {
                        let _ = done.send(Err(e.clone()));
                    }
                }
            }
        }

        fn plan_from(r: &DbRow) -> Result<CheckinPlanRecord, StoreError> {
            Ok(CheckinPlanRecord {
                id: r.try_get("id")?,
                concern_id: r.try_get("concern_id")?,
                school_id: r.try_get("school_id")?,
                cadence: r.try_get("cadence")?,
                at_time: r.try_get("at_time")?,
                time_zone: r.try_get("time_zone")?,
                anchor_ms: r.try_get("anchor_ms")?,
                until_on: parse_date(r.try_get("until_on")?)?,
                remind_minutes: split_numbers(&r.try_get::<String, _>("remind_minutes")?)?,
                state: r.try_get("state")?,
                assignees: vec![],
                created_by: r.try_get("created_by")?,
                created_ms: r.try_get("created_ms")?,
                updated_ms: r.try_get("updated_ms")?,
                seq_base: r.try_get("seq_base")?,
                off_spans: split_spans(&r.try_get::<String, _>("off_spans")?)?,
                history: vec![],
                next_due_ms: r.try_get("next_due_ms")?,
            })
        }

        /// The plan a request key created, without its details.
        async fn plan_by_request_key<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            key: &str,
        ) -> Result<Option<CheckinPlanRecord>, StoreError> {
            let sql = concat!("SELECT ", plan_columns!(), " FROM checkin_plans WHERE request_key = $1");
            let row = sqlx::query(sql).bind(key).fetch_optional(&mut **tx).await?;
            row.as_ref().map(plan_from).transpose()
        }

        /// Run an `in_list_sql` query for up to IDS_PER_QUERY plan ids.
        async fn rows_for_ids(
            pool: &sqlx::Pool<$db>,
            sql: &'static str,
            ids: &[i64],
        ) -> Result<Vec<DbRow>, StoreError> {
            debug_assert!(ids.len() <= IDS_PER_QUERY);
            let mut q = sqlx::query(sql);
            for i in 0..IDS_PER_QUERY {
                q = q.bind(ids.get(i).copied().unwrap_or(-1));
            }
            Ok(q.fetch_all(pool).await?)
        }

        /// Plans from their rows (the rows dropped first), with their details.
        async fn plans_with_details(
            pool: &sqlx::Pool<$db>,
            rows: Vec<DbRow>,
        ) -> Result<Vec<CheckinPlanRecord>, StoreError> {
            let mut plans = rows.iter().map(plan_from).collect::<Result<Vec<_>, _>>()?;
            drop(rows);
            plan_details(pool, &mut plans).await?;
            Ok(plans)
        }

        /// Fill in the plans' assignees and earlier cadences: two queries per
        /// IDS_PER_QUERY plans (one when none of them ever changed cadence).
        async fn plan_details(
            pool: &sqlx::Pool<$db>,
            plans: &mut [CheckinPlanRecord],
        ) -> Result<(), StoreError> {
            static ASSIGNEES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                in_list_sql(
                    "SELECT plan_id, person_id FROM checkin_assignees WHERE plan_id IN",
                    "ORDER BY plan_id, position",
                )
            });
            static VERSIONS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                in_list_sql(
                    "SELECT plan_id, seq_base, cadence, at_time, time_zone, anchor_ms, until_on, to_ms \
                     FROM checkin_versions WHERE plan_id IN",
                    "ORDER BY plan_id, seq_base",
                )
            });
            for chunk in plans.chunks_mut(IDS_PER_QUERY) {
                let ids: Vec<i64> = chunk.iter().map(|p| p.id).collect();
                let at: std::collections::HashMap<i64, usize> =
                    ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
                for r in rows_for_ids(pool, ASSIGNEES.as_str(), &ids).await? {
                    if let Some(&i) = at.get(&r.try_get::<i64, _>("plan_id")?) {
                        chunk[i].assignees.push(r.try_get("person_id")?);
                    }
                }
                // Only a plan whose cadence changed has earlier ones (its seq_base moved).
                if chunk.iter().all(|p| p.seq_base == 0) {
                    continue;
                }
                for r in rows_for_ids(pool, VERSIONS.as_str(), &ids).await? {
                    if let Some(&i) = at.get(&r.try_get::<i64, _>("plan_id")?) {
                        chunk[i].history.push(CheckinVersion {
                            seq_base: r.try_get("seq_base")?,
                            cadence: r.try_get("cadence")?,
                            at_time: r.try_get("at_time")?,
                            time_zone: r.try_get("time_zone")?,
                            anchor_ms: r.try_get("anchor_ms")?,
                            until_on: parse_date(r.try_get("until_on")?)?,
                            to_ms: r.try_get("to_ms")?,
                        });
                    }
                }
            }
            Ok(())
        }

        /// Write a reminder step's row once: true when it is new.
        async fn insert_reminder_step<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            step: &ReminderStep,
            now_ms: i64,
        ) -> Result<bool, StoreError> {
            let written = sqlx::query(
                "INSERT INTO training_reminders (person_id, course_id, due_on, step, sent_ms) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(step.person_id)
            .bind(&step.course_id)
            .bind(step.due_on.format("%Y-%m-%d").to_string())
            .bind(&step.step)
            .bind(now_ms)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            Ok(written == 1)
        }

        fn reminder_step_from(r: &DbRow) -> Result<ReminderStep, StoreError> {
            Ok(ReminderStep {
                person_id: r.try_get("person_id")?,
                course_id: r.try_get("course_id")?,
                due_on: parse_date(r.try_get("due_on")?)?.ok_or_else(|| {
                    StoreError::Corrupt("empty date in training_reminders".into())
                })?,
                step: r.try_get("step")?,
            })
        }

        async fn write_partner<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            p: &Partner,
            shipped: bool,
            overwrite: bool,
        ) -> Result<u64, StoreError> {
            macro_rules! insert_partner {
                ($conflict:literal) => {
                    concat!(
                        "INSERT INTO partners (", partner_columns!(), ", shipped) VALUES \
                         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) ",
                        $conflict
                    )
                };
            }
            let sql = if overwrite {
                insert_partner!("ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, \
                 description = excluded.description, phones = excluded.phones, text_line = excluded.text_line, \
                 email = excluded.email, url = excluded.url, address = excluded.address, city = excluded.city, \
                 state = excluded.state, postal_code = excluded.postal_code, service_area = excluded.service_area, \
                 hours = excluded.hours, open_24_7 = excluded.open_24_7, languages = excluded.languages, \
                 mou = excluded.mou, mou_date = excluded.mou_date, confidential = excluded.confidential, \
                 last_verified_on = excluded.last_verified_on, last_verified_by = excluded.last_verified_by, \
                 shipped = excluded.shipped")
            } else {
                insert_partner!("ON CONFLICT (id) DO NOTHING")
            };
            let r = sqlx::query(sql)
                .bind(&p.id)
                .bind(&p.name)
                .bind(p.category.as_str())
                .bind(&p.description)
                .bind(p.phones.join(";"))
                .bind(&p.text)
                .bind(&p.email)
                .bind(&p.url)
                .bind(&p.address)
                .bind(&p.city)
                .bind(&p.state)
                .bind(&p.postal_code)
                .bind(p.service_area.join(";"))
                .bind(&p.hours)
                .bind(p.open_24_7)
                .bind(p.languages.join(";"))
                .bind(p.mou)
                .bind(p.mou_date.map(|d| d.format("%Y-%m-%d").to_string()))
                .bind(p.confidential)
                .bind(p.last_verified_on.map(|d| d.format("%Y-%m-%d").to_string()))
                .bind(&p.last_verified_by)
                .bind(shipped)
                .execute(&mut **tx)
                .await?;
            Ok(r.rows_affected())
        }

        /// Seal, in `tx`, every webhook URL an earlier version stored in plain text, and
        /// empty the plain column (see `store::webhook`). A row changed meanwhile (by
        /// another server doing the same, or an import) is left as it now is. Returns how
        /// many were sealed.
        ///
        /// First the key is checked against what is already sealed (the webhook URLs,
        /// and the newest concern): a wrong key fails here, having sealed nothing, rather
        /// than sealing the URLs with a key nobody will use again.
        async fn seal_plain_webhooks_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            key: &crate::crypto::DataKey,
        ) -> Result<u64, StoreError> {
            let sealed_rows = sqlx::query(
                "SELECT id, teams_webhook_sealed FROM people \
                 WHERE teams_webhook_sealed IS NOT NULL AND teams_webhook_url IS NULL",
            )
            .fetch_all(&mut **tx)
            .await?;
            for row in &sealed_rows {
                let id: i64 = row.try_get("id")?;
                crate::store::webhook::open(key, id, &row.try_get::<Vec<u8>, _>("teams_webhook_sealed")?)?;
            }
            let newest: Option<(i64, Vec<u8>)> =
                sqlx::query_as("SELECT id, sealed FROM concerns ORDER BY id DESC LIMIT 1")
                    .fetch_optional(&mut **tx)
                    .await?;
            if let Some((id, sealed)) = newest
                && key.open(&sealed).is_err()
            {
                return Err(StoreError::WrongKey { what: format!("concern {id}") });
            }
            let rows = sqlx::query(
                "SELECT id, teams_webhook_url FROM people WHERE teams_webhook_url IS NOT NULL ORDER BY id",
            )
            .fetch_all(&mut **tx)
            .await?;
            let mut sealed = 0;
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let url: String = row.try_get("teams_webhook_url")?;
                sealed += sqlx::query(
                    "UPDATE people SET teams_webhook_sealed = $1, teams_webhook_url = NULL \
                     WHERE id = $2 AND teams_webhook_url = $3",
                )
                .bind(crate::store::webhook::seal(key, id, &url))
                .bind(id)
                .bind(&url)
                .execute(&mut **tx)
                .await?
                .rows_affected();
            }
            Ok(sealed)
        }

        /// PostgreSQL: imports of one kind run one at a time across every process, by a
        /// lock held to the end of the transaction. Without it two imports of the same file
        /// (the CLI's `roster import` run twice, or in two terminals) lock each other's rows
        /// in different orders (a deadlock) or insert the same new email twice (a
        /// unique-key error), and one of them fails. SQLite has one writer already.
        async fn one_import_at_a_time(
            tx: &mut sqlx::Transaction<'static, $db>,
            lock: i64,
        ) -> Result<(), StoreError> {
            if BACKEND == Backend::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(lock)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }
        /// `rekey`'s pass over one sealed column inside `tx`: open every value with `old`
        /// and, with `new`, seal it again under `new` and write it back; page by page in
        /// key order. How many values there were.
        async fn rekey_column(
            tx: &mut sqlx::Transaction<'static, $db>,
            column: &crate::store::rekey::SealedColumn,
            old: &crate::crypto::DataKey,
            new: Option<&crate::crypto::DataKey>,
            total: u64,
            progress: &(dyn Fn(u64) + Send + Sync),
        ) -> Result<u64, StoreError> {
            use crate::store::rekey::ROWS_PER_PAGE;
            let page = column.page_sql(ROWS_PER_PAGE);
            let update = column.update_sql();
            let two_keys = column.keys.len() == 2;
            let mut after = (i64::MIN, i64::MIN);
            let mut done = 0u64;
            loop {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(page.clone())).bind(after.0);
                if two_keys {
                    q = q.bind(after.1);
                }
                let rows = q.fetch_all(&mut **tx).await?;
                for r in &rows {
                    let key: (i64, i64) = (r.try_get("k1")?, r.try_get("k2")?);
                    let sealed: Vec<u8> = r.try_get("v")?;
                    let plain = column.open(old, key, &sealed)?;
                    if let Some(new) = new {
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                            .bind(column.seal(new, key, &plain))
                            .bind(key.0);
                        if two_keys {
                            q = q.bind(key.1);
                        }
                        let n = q.execute(&mut **tx).await?.rows_affected();
                        if n != 1 {
                            return Err(StoreError::Query(format!(
                                "{} ({}) changed during the re-keying",
                                column.name(),
                                column.row(key)
                            )));
                        }
                    }
                    after = key;
                    done += 1;
                }
                if rows.len() < ROWS_PER_PAGE {
                    break;
                }
                progress(done);
            }
            if done != total {
                return Err(StoreError::Query(format!(
                    "{} changed during the re-keying ({total} values counted, {done} found)",
                    column.name()
                )));
            }
            progress(done);
            Ok(done)
        }

        /// PostgreSQL: `rekey`'s lock on every table it reads or writes, held to the end of
        /// its transaction. Readers go on; every other writer (an import, a server that was
        /// not stopped) waits, so no value is sealed under the old key behind its back.
        const REKEY_LOCK_SQL: &str = "LOCK TABLE concerns, concern_events, outbox, \
             checkin_changes, checkin_outcomes, people, meta IN EXCLUSIVE MODE";

        /// The keys of [`one_import_at_a_time`]'s locks ("SH" and a number).
        const IMPORT_LOCK_ROSTER: i64 = 0x5348_0001;
        const IMPORT_LOCK_PARTNERS: i64 = 0x5348_0002;

        impl $ty {
            /// The versions of the migrations this database has applied, oldest first:
            /// none on a database nothing has migrated yet.
            async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
                let table: i64 = sqlx::query_scalar(MIGRATIONS_TABLE_SQL)
                    .fetch_one(&self.pool)
                    .await?;
                if table == 0 {
                    return Ok(vec![]);
                }
                Ok(sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                    .fetch_all(&self.pool)
                    .await?)
            }

            /// The versions of this version's migrations.
            fn known_migrations() -> Vec<i64> {
                MIGRATOR
                    .iter()
                    .filter(|m| !m.migration_type.is_down_migration())
                    .map(|m| m.version)
                    .collect()
            }

            /// The error for a database another SafeHarbor wrote (see
            /// [`unknown_migration`]), if it is one.
            async fn schema_problem(&self) -> Result<Option<StoreError>, StoreError> {
                let applied = self.applied_migrations().await?;
                Ok(super::sql::unknown_migration(applied, &Self::known_migrations()))
            }

            /// `queue_reminders` and `queue_reminder_groups`, in one transaction: per
            /// message, its step rows, then the message if any of them is new (else None).
            async fn write_reminder_groups<'a>(
                &self,
                groups: impl ExactSizeIterator<Item = (&'a [ReminderStep], &'a NewOutbox)> + Send,
                now_ms: i64,
            ) -> Result<Vec<Option<i64>>, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let mut ids = Vec::with_capacity(groups.len());
                for (steps, row) in groups {
                    let mut fresh = false;
                    for step in steps {
                        fresh |= insert_reminder_step(&mut tx, step, now_ms).await?;
                    }
                    if fresh {
                        ids.extend(insert_outbox(&mut tx, std::slice::from_ref(row)).await?);
                    } else {
                        ids.push(None);
                    }
                }
                tx.commit().await?;
                Ok(ids)
            }

            /// `import_people` and `import_roster`: insert or update (by email) every
            /// person, having removed the demo people first if `remove_demo`, all in one
            /// transaction. How many demo people went, and what was written.
            async fn write_people(
                &self,
                people: &[NewPerson],
                now_ms: i64,
                remove_demo: bool,
            ) -> Result<(u64, ImportSummary), StoreError> {
                if self.data_key.is_none() && people.iter().any(|p| p.teams_webhook_url.is_some()) {
                    return Err(StoreError::NoDataKey);
                }
                // Sealed for the row's id (`store::webhook`); the plain column is emptied.
                let sealed_for = |id: i64, p: &NewPerson| {
                    p.teams_webhook_url.as_deref().zip(self.data_key.as_ref())
                        .map(|(url, key)| crate::store::webhook::seal(key, id, url))
                };
                let (_turn, mut tx) = self.write_tx().await?;
                one_import_at_a_time(&mut tx, IMPORT_LOCK_ROSTER).await?;
                let removed = if remove_demo {
                    sqlx::query("DELETE FROM people WHERE demo = $1")
                        .bind(true)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                } else {
                    0
                };
                let mut summary = ImportSummary::default();
                for p in people {
                    let email = p.email.to_lowercase();
                    let existing: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
                            .bind(&email)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let roles = p.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";");
                    match existing {
                        Some(id) => {
                            sqlx::query(
                                "UPDATE people SET school_id = $1, name = $2, roles = $3, locale = $4, \
                                 slack_user_id = $5, discord_user_id = $6, teams_user_id = $7, \
                                 teams_webhook_url = NULL, teams_webhook_sealed = $8, position = $9, \
                                 demo = $10 WHERE id = $11",
                            )
                            .bind(&p.school_id)
                            .bind(&p.name)
                            .bind(&roles)
                            .bind(&p.locale)
                            .bind(&p.slack_user_id)
                            .bind(&p.discord_user_id)
                            .bind(&p.teams_user_id)
                            .bind(sealed_for(id, p))
                            .bind(p.position)
                            .bind(p.demo)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                            summary.updated += 1;
                        }
                        None => {
                            // The id the URL is sealed for is known once the row is in.
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO people (school_id, name, email, roles, locale, slack_user_id, \
                                 discord_user_id, teams_user_id, position, added_at_ms, demo) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                            )
                            .bind(&p.school_id)
                            .bind(&p.name)
                            .bind(&email)
                            .bind(&roles)
                            .bind(&p.locale)
                            .bind(&p.slack_user_id)
                            .bind(&p.discord_user_id)
                            .bind(&p.teams_user_id)
                            .bind(p.position)
                            .bind(now_ms)
                            .bind(p.demo)
                            .fetch_one(&mut *tx)
                            .await?;
                            if let Some(sealed) = sealed_for(id, p) {
                                sqlx::query("UPDATE people SET teams_webhook_sealed = $1 WHERE id = $2")
                                    .bind(sealed)
                                    .bind(id)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                            summary.added += 1;
                        }
                    }
                }
                tx.commit().await?;
                self.roster.invalidate();
                Ok((removed, summary))
            }
        }

        #[async_trait]
        impl Store for $ty {
            fn backend(&self) -> Backend {
                BACKEND
            }

            async fn migrate(&self) -> Result<(), StoreError> {
                // A database a newer SafeHarbor wrote is left alone, and the error says so
                // in words an operator can act on (sqlx's own is "migration N was
                // previously applied but is missing in the resolved migrations"). sqlx
                // checks the applied migrations before it applies any, so its refusal is
                // the one check, translated here.
                if let Err(e) = MIGRATOR.run(&self.pool).await {
                    if let sqlx::migrate::MigrateError::VersionMissing(_) = e
                        && let Ok(Some(problem)) = self.schema_problem().await
                    {
                        return Err(problem);
                    }
                    return Err(StoreError::Migrate(e.to_string()));
                }
                // Webhook URLs an earlier version stored in plain text (`store::webhook`).
                let plain: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM people WHERE teams_webhook_url IS NOT NULL",
                )
                .fetch_one(&self.pool)
                .await?;
                let Some(key) = &self.data_key else {
                    if plain > 0 {
                        tracing::warn!(
                            plain,
                            "Teams webhook URLs stored in plain text by an earlier version: they are sealed when the database is next opened with the data key (serve, console, roster import)"
                        );
                    }
                    return Ok(());
                };
                // A database re-keyed before says which key it was re-keyed to
                // (`store::rekey`): another key stops here, before anything is sealed.
                let check: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(crate::store::rekey::KEY_CHECK)
                    .fetch_optional(&self.pool)
                    .await?;
                if let Some(check) = check {
                    crate::store::rekey::verify_key_check(key, &check)?;
                }
                if plain > 0 {
                    let sealed = seal_plain_webhooks(self, key).await?;
                    tracing::info!(sealed, "sealed the Teams webhook URLs an earlier version stored in plain text");
                }
                // Every sealed URL is opened now, so a wrong key stops here, with a message
                // that says so, rather than at the first private message.
                self.roster.invalidate();
                self.roster().await?;
                Ok(())
            }

            async fn pending_migrations(&self) -> Result<usize, StoreError> {
                let applied = self.applied_migrations().await?;
                let known = Self::known_migrations();
                if let Some(e) = super::sql::unknown_migration(applied.iter().copied(), &known) {
                    return Err(e);
                }
                Ok(known.iter().filter(|v| !applied.contains(v)).count())
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn import_people(
                &self,
                people: &[NewPerson],
                now_ms: i64,
            ) -> Result<ImportSummary, StoreError> {
                Ok(self.write_people(people, now_ms, false).await?.1)
            }

            async fn import_roster(
                &self,
                people: &[NewPerson],
                now_ms: i64,
            ) -> Result<(u64, ImportSummary), StoreError> {
                self.write_people(people, now_ms, true).await
            }

            async fn people(&self) -> Result<Vec<Person>, StoreError> {
                Ok(self.roster().await?.people.clone())
            }

            async fn roster(&self) -> Result<std::sync::Arc<crate::store::roster::Roster>, StoreError> {
                self.roster
                    .get(|| async {
                        let sql = concat!("SELECT ", person_columns!(), " FROM people ORDER BY position, id");
                        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
                        let key = self.data_key.as_ref();
                        rows.iter().map(|r| person_from(r, key)).collect::<Result<Vec<_>, StoreError>>()
                    })
                    .await
            }

            async fn person_by_email(&self, email: &str) -> Result<Option<Person>, StoreError> {
                Ok(self
                    .roster()
                    .await?
                    .by_email(&email.trim().to_lowercase())
                    .cloned())
            }

            async fn person_by_platform(
                &self,
                platform: Platform,
                user_id: &str,
            ) -> Result<Option<Person>, StoreError> {
                Ok(self.roster().await?.by_platform(platform, user_id).cloned())
            }

            async fn set_locale(&self, person_id: i64, locale: Option<&str>) -> Result<(), StoreError> {
                let _turn = self.write_gate().await;
                let r = sqlx::query("UPDATE people SET locale = $1 WHERE id = $2")
                    .bind(locale)
                    .bind(person_id)
                    .execute(&self.pool)
                    .await;
                self.roster.invalidate();
                r?;
                Ok(())
            }

            async fn import_partners(&self, partners: &[Partner]) -> Result<ImportSummary, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                one_import_at_a_time(&mut tx, IMPORT_LOCK_PARTNERS).await?;
                let mut summary = ImportSummary::default();
                for p in partners {
                    let exists: Option<String> =
                        sqlx::query_scalar("SELECT id FROM partners WHERE id = $1")
                            .bind(&p.id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    write_partner(&mut tx, p, false, true).await?;
                    if exists.is_some() {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                }
                tx.commit().await?;
                Ok(summary)
            }

            async fn seed_partners(&self, partners: &[Partner]) -> Result<u64, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let mut added = 0;
                for p in partners {
                    added += write_partner(&mut tx, p, true, false).await?;
                }
                tx.commit().await?;
                Ok(added)
            }

            async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
                let sql = concat!("SELECT ", partner_columns!(), " FROM partners ORDER BY name, id");
                let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
                rows.iter().map(partner_from).collect()
            }

            async fn file_concern(
                &self,
                concern: NewConcern,
                outbox: OutboxFor,
            ) -> Result<Filed, StoreError> {
                let (done, answer) = tokio::sync::oneshot::channel();
                let job = crate::store::sql::ConcernJob { new: concern, outbox, done };
                if self.concern_queue.push(job) {
                    let pool = self.pool.clone();
                    self.concern_queue.spawn_writer(
                        self.filing_gate(),
                        crate::store::sql::CONCERNS_PER_BATCH,
                        move |batch| file_batch(pool.clone(), batch),
                    );
                }
                answer
                    .await
                    .unwrap_or_else(|_| Err(StoreError::Unavailable("filing a concern was abandoned".into())))
            }

            async fn concern(&self, id: i64) -> Result<Option<ConcernRecord>, StoreError> {
                let sql = concat!("SELECT ", concern_columns!(), " FROM concerns WHERE id = $1");
                let row = sqlx::query(sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(concern_from).transpose()
            }

            async fn concerns(
                &self,
                school_id: Option<&str>,
                include_closed: bool,
                limit: i64,
            ) -> Result<Vec<ConcernRecord>, StoreError> {
                macro_rules! select {
                    ($where:literal, $limit:literal) => {
                        concat!("SELECT ", concern_columns!(), " FROM concerns ", $where, " ORDER BY id DESC LIMIT ", $limit)
                    };
                }
                let rows = match (school_id, include_closed) {
                    (Some(school), true) => {
                        sqlx::query(select!("WHERE school_id = $1", "$2"))
                            .bind(school)
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    (Some(school), false) => {
                        sqlx::query(select!("WHERE school_id = $1 AND state <> 'closed'", "$2"))
                            .bind(school)
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    (None, true) => sqlx::query(select!("", "$1")).bind(limit).fetch_all(&self.pool).await?,
                    (None, false) => {
                        sqlx::query(select!("WHERE state <> 'closed'", "$1"))
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                rows.iter().map(concern_from).collect()
            }

            async fn change_concern(
                &self,
                change: &ConcernChange,
                outbox: &[NewOutbox],
            ) -> Result<Option<(ConcernRecord, Vec<Option<i64>>)>, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let at = change.event.at_ms;
                // Write first, so SQLite takes its write lock at once instead of upgrading
                // a read (which can fail under concurrency). Delivery moving a case from
                // submitted to delivered meanwhile is no conflict: nobody has acted on it.
                let updated = sqlx::query(
                    "UPDATE concerns SET state = COALESCE($1, state), \
                     assigned_to = COALESCE($2, assigned_to), \
                     acknowledged_ms = CASE WHEN $3 AND acknowledged_ms IS NULL THEN $4 ELSE acknowledged_ms END, \
                     closed_ms = CASE WHEN $5 THEN $6 ELSE closed_ms END, \
                     updated_ms = $7 \
                     WHERE id = $8 AND (state = $9 OR (state IN ('submitted', 'delivered') \
                     AND $9 IN ('submitted', 'delivered')))",
                )
                .bind(change.to_state.map(|s| s.as_str()))
                .bind(change.assign_to)
                .bind(change.acknowledge)
                .bind(at)
                .bind(change.to_state == Some(crate::domain::ConcernState::Closed))
                .bind(at)
                .bind(at)
                .bind(change.concern_id)
                .bind(change.from_state.as_str())
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(None);
                }
                insert_audit(&mut tx, &change.event).await?;
                let ids = insert_outbox(&mut tx, outbox).await?;
                let concern = concern_in(&mut tx, change.concern_id)
                    .await?
                    .ok_or_else(|| StoreError::Query("a concern vanished while changing".into()))?;
                tx.commit().await?;
                Ok(Some((concern, ids)))
            }

            async fn add_audit(&self, events: &[NewAudit]) -> Result<(), StoreError> {
                if events.is_empty() {
                    return Ok(());
                }
                let (_turn, mut tx) = self.write_tx().await?;
                for e in events {
                    insert_audit(&mut tx, e).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn concern_audit(&self, concern_id: i64) -> Result<Vec<AuditRecord>, StoreError> {
                let sql = concat!(
                    "SELECT ", audit_columns!(), " FROM concern_events WHERE concern_id = $1 ORDER BY id"
                );
                let rows = sqlx::query(sql).bind(concern_id).fetch_all(&self.pool).await?;
                rows.iter().map(audit_from).collect()
            }

            async fn pending_outbox(
                &self,
                now_ms: i64,
                limit: i64,
            ) -> Result<Vec<OutboxRecord>, StoreError> {
                // SQLite has the limit in the text; PostgreSQL binds it as $2.
                let mut q = sqlx::query(pending_outbox_sql(limit)).bind(now_ms);
                if BACKEND == Backend::Postgres {
                    q = q.bind(limit);
                }
                let rows = q.fetch_all(&self.pool).await?;
                rows.iter().map(outbox_from).collect()
            }

            async fn mark_outbox_sent(&self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
                // Group commit: deliveries finishing together are recorded in one
                // transaction (see `Batcher`).
                let (done, answer) = tokio::sync::oneshot::channel();
                if self.sent_queue.push((id, now_ms, done)) {
                    let pool = self.pool.clone();
                    self.sent_queue.spawn_writer(
                        self.sent_gate(),
                        crate::store::sql::SENT_PER_BATCH,
                        move |batch| record_sent(pool.clone(), batch),
                    );
                }
                answer
                    .await
                    .unwrap_or_else(|_| Err(StoreError::Unavailable("marking a message sent was abandoned".into())))
            }

            async fn claim_outbox(
                &self,
                now_ms: i64,
                lease_until_ms: i64,
                limit: i64,
            ) -> Result<Vec<OutboxRecord>, StoreError> {
                let _turn = self.write_gate().await;
                // SQLite has the limit in the text; PostgreSQL binds it as $3.
                let mut q = sqlx::query(claim_outbox_sql(limit))
                    .bind(now_ms)
                    .bind(lease_until_ms);
                if BACKEND == Backend::Postgres {
                    q = q.bind(limit);
                }
                let rows = q.fetch_all(&self.pool).await?;
                let mut out: Vec<OutboxRecord> = rows.iter().map(outbox_from).collect::<Result<_, _>>()?;
                out.sort_by_key(|r| r.id);
                Ok(out)
            }

            async fn retry_outbox(
                &self,
                id: i64,
                next_attempt_ms: i64,
                unsure: bool,
                error: &str,
            ) -> Result<(), StoreError> {
                let _turn = self.write_gate().await;
                sqlx::query(
                    "UPDATE outbox SET next_attempt_ms = $1, attempts = attempts + 1, last_error = $2, \
                     unsure = CASE WHEN $3 <> 0 THEN 1 ELSE unsure END WHERE id = $4 AND state = 'pending'",
                )
                .bind(next_attempt_ms)
                .bind(error)
                .bind(i64::from(unsure))
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn fail_outbox(
                &self,
                id: i64,
                now_ms: i64,
                error: &str,
                alerts: &[NewOutbox],
            ) -> Result<bool, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let r = sqlx::query(
                    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = $1, \
                     next_attempt_ms = $2 WHERE id = $3 AND state = 'pending'",
                )
                .bind(error)
                .bind(now_ms)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if r.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                insert_outbox(&mut tx, alerts).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn outbox_depth(&self) -> Result<(i64, i64), StoreError> {
                let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
                    .fetch_one(&self.pool)
                    .await?;
                let failed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed'")
                    .fetch_one(&self.pool)
                    .await?;
                Ok((pending, failed))
            }

            async fn person(&self, id: i64) -> Result<Option<Person>, StoreError> {
                Ok(self.roster().await?.by_id(id).cloned())
            }

            async fn escalation_candidates(
                &self,
                filed_by_ms: i64,
            ) -> Result<Vec<EscalationCandidate>, StoreError> {
                let rows = sqlx::query(
                    "SELECT id, school_id, immediate_danger, created_ms, escalation_level FROM concerns \
                     WHERE state IN ('submitted', 'delivered') AND escalation_level < 2 \
                     AND created_ms <= $1 ORDER BY created_ms, id",
                )
                .bind(filed_by_ms)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(EscalationCandidate {
                            id: r.try_get("id")?,
                            school_id: r.try_get("school_id")?,
                            immediate_danger: r.try_get("immediate_danger")?,
                            created_ms: r.try_get("created_ms")?,
                            level: r.try_get("escalation_level")?,
                        })
                    })
                    .collect()
            }

            async fn escalation_earliest(&self) -> Result<Vec<EscalationEarliest>, StoreError> {
                let rows = sqlx::query(
                    "SELECT school_id, escalation_level, MIN(created_ms) AS created_ms FROM concerns \
                     WHERE state IN ('submitted', 'delivered') AND escalation_level < 2 \
                     GROUP BY school_id, escalation_level",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(EscalationEarliest {
                            school_id: r.try_get("school_id")?,
                            level: r.try_get("escalation_level")?,
                            created_ms: r.try_get("created_ms")?,
                        })
                    })
                    .collect()
            }

            async fn escalate(
                &self,
                concern_id: i64,
                from: i64,
                to: i64,
                audit: &NewAudit,
                outbox: &[NewOutbox],
            ) -> Result<bool, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let r = sqlx::query(
                    "UPDATE concerns SET escalation_level = $1 WHERE id = $2 AND escalation_level = $3 \
                     AND state IN ('submitted', 'delivered')",
                )
                .bind(to)
                .bind(concern_id)
                .bind(from)
                .execute(&mut *tx)
                .await?;
                if r.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                insert_audit(&mut tx, audit).await?;
                insert_outbox(&mut tx, outbox).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn purge_closed(&self, closed_before_ms: i64) -> Result<u64, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                // The messages carried the content too (sealed); they go with the case.
                sqlx::query(
                    "DELETE FROM outbox WHERE concern_id IN \
                     (SELECT id FROM concerns WHERE state = 'closed' AND closed_ms < $1)",
                )
                .bind(closed_before_ms)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM concern_events WHERE concern_id IN \
                     (SELECT id FROM concerns WHERE state = 'closed' AND closed_ms < $1)",
                )
                .bind(closed_before_ms)
                .execute(&mut *tx)
                .await?;
                // So do the case's check-in plans, with their notes and reasons (sealed).
                macro_rules! plan_rows {
                    ($table:literal) => {
                        concat!(
                            "DELETE FROM ", $table, " WHERE plan_id IN (SELECT id FROM checkin_plans \
                             WHERE concern_id IN (SELECT id FROM concerns WHERE state = 'closed' \
                             AND closed_ms < $1))"
                        )
                    };
                }
                for sql in [
                    plan_rows!("checkin_outcomes"),
                    plan_rows!("checkin_steps"),
                    plan_rows!("checkin_changes"),
                    plan_rows!("checkin_versions"),
                    plan_rows!("checkin_assignees"),
                    "DELETE FROM checkin_plans WHERE concern_id IN \
                     (SELECT id FROM concerns WHERE state = 'closed' AND closed_ms < $1)",
                ] {
                    sqlx::query(sql)
                        .bind(closed_before_ms)
                        .execute(&mut *tx)
                        .await?;
                }
                let r = sqlx::query("DELETE FROM concerns WHERE state = 'closed' AND closed_ms < $1")
                    .bind(closed_before_ms)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(r.rows_affected())
            }

            async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
                Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
                let _turn = self.write_gate().await;
                sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn metas_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
                // Not LIKE (`_` and `%` in a prefix would be patterns), nor a range of keys
                // (PostgreSQL orders text by the database's collation).
                let mut rows: Vec<(String, String)> =
                    sqlx::query_as("SELECT key, value FROM meta WHERE substr(key, 1, $1) = $2")
                        .bind(prefix.chars().count() as i32)
                        .bind(prefix)
                        .fetch_all(&self.pool)
                        .await?;
                rows.sort();
                Ok(rows)
            }

            async fn delete_meta(&self, key: &str) -> Result<(), StoreError> {
                let _turn = self.write_gate().await;
                sqlx::query("DELETE FROM meta WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            // Teams: signed links and private answers.
            async fn spend_link(
                &self,
                nonce: &str,
                person_id: i64,
                expires_ms: i64,
                now_ms: i64,
            ) -> Result<bool, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let spent = sqlx::query(
                    "INSERT INTO used_links (nonce, person_id, expires_ms, used_ms) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (nonce) DO NOTHING",
                )
                .bind(nonce)
                .bind(person_id)
                .bind(expires_ms)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                sqlx::query("DELETE FROM used_links WHERE expires_ms < $1")
                    .bind(now_ms)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(spent)
            }

            async fn link_spent(&self, nonce: &str) -> Result<bool, StoreError> {
                let found: Option<i64> =
                    sqlx::query_scalar("SELECT person_id FROM used_links WHERE nonce = $1")
                        .bind(nonce)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(found.is_some())
            }

            async fn queue_outbox(&self, rows: &[NewOutbox]) -> Result<Vec<Option<i64>>, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let ids = insert_outbox(&mut tx, rows).await?;
                tx.commit().await?;
                Ok(ids)
            }

            // Training: completions and reminders.
            async fn add_completion(&self, c: &NewCompletion) -> Result<bool, StoreError> {
                let _turn = self.write_gate().await;
                let r = sqlx::query(
                    "INSERT INTO training_completions (person_id, course_id, completed_on, recorded_by, recorded_ms) \
                     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM training_completions \
                     WHERE person_id = $1 AND course_id = $2 AND completed_on = $3)",
                )
                .bind(c.person_id)
                .bind(&c.course_id)
                .bind(c.completed_on.format("%Y-%m-%d").to_string())
                .bind(c.recorded_by)
                .bind(c.recorded_ms)
                .execute(&self.pool)
                .await?;
                Ok(r.rows_affected() > 0)
            }

            async fn latest_completions(&self) -> Result<Vec<LatestCompletion>, StoreError> {
                // Dates are YYYY-MM-DD text, so the greatest string is the latest date.
                let rows = sqlx::query(
                    "SELECT person_id, course_id, MAX(completed_on) AS completed_on \
                     FROM training_completions GROUP BY person_id, course_id ORDER BY person_id, course_id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(LatestCompletion {
                            person_id: r.try_get("person_id")?,
                            course_id: r.try_get("course_id")?,
                            completed_on: parse_date(r.try_get("completed_on")?)?.ok_or_else(|| {
                                StoreError::Corrupt("empty date in training_completions".into())
                            })?,
                        })
                    })
                    .collect()
            }

            async fn queue_reminders(
                &self,
                reminders: &[(ReminderStep, NewOutbox)],
                now_ms: i64,
            ) -> Result<Vec<Option<i64>>, StoreError> {
                let groups = reminders.iter().map(|(step, row)| (std::slice::from_ref(step), row));
                self.write_reminder_groups(groups, now_ms).await
            }

            async fn sent_reminders(
                &self,
                due_from: chrono::NaiveDate,
            ) -> Result<Vec<ReminderStep>, StoreError> {
                // Courses' own steps: a course id is letters, digits, - and _, and other
                // passes' steps (`*partner:…`) start with `*`.
                let rows = sqlx::query(
                    "SELECT person_id, course_id, due_on, step FROM training_reminders \
                     WHERE due_on >= $1 AND substr(course_id, 1, 1) <> '*'",
                )
                .bind(due_from.format("%Y-%m-%d").to_string())
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(reminder_step_from).collect()
            }

            async fn sent_reminders_of(
                &self,
                course_prefix: &str,
                due_from: chrono::NaiveDate,
            ) -> Result<Vec<ReminderStep>, StoreError> {
                // `substr`, not `LIKE`: a prefix is matched as written (no wildcards, and
                // case-sensitive on both backends).
                let rows = sqlx::query(
                    "SELECT person_id, course_id, due_on, step FROM training_reminders \
                     WHERE due_on >= $1 AND substr(course_id, 1, $2) = $3",
                )
                .bind(due_from.format("%Y-%m-%d").to_string())
                .bind(i32::try_from(course_prefix.chars().count()).unwrap_or(i32::MAX))
                .bind(course_prefix)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(reminder_step_from).collect()
            }

            async fn queue_reminder_groups(
                &self,
                groups: &[(Vec<ReminderStep>, NewOutbox)],
                now_ms: i64,
            ) -> Result<Vec<Option<i64>>, StoreError> {
                let groups = groups.iter().map(|(steps, row)| (steps.as_slice(), row));
                self.write_reminder_groups(groups, now_ms).await
            }

            // Check-ins.
            async fn create_checkin_plan(
                &self,
                p: &NewCheckinPlan,
                outbox: PlanOutboxFor<'_>,
            ) -> Result<PlanCreated, StoreError> {
                let remind = join_numbers(&p.remind_minutes);
                let until = p.until_on.map(|d| d.format("%Y-%m-%d").to_string());
                let (_turn, mut tx) = self.write_tx().await?;
                // A retried request: hand back what the first one created. Looked up first
                // so a retry does not use up a plan number; the insert's conflict clause
                // covers two arriving at once (a NULL key never conflicts).
                let mut existing = None;
                if let Some(key) = &p.request_key {
                    existing = plan_by_request_key(&mut tx, key).await?;
                }
                let id: Option<i64> = match existing {
                    Some(_) => None,
                    None => sqlx::query(
                        "INSERT INTO checkin_plans (request_key, concern_id, school_id, cadence, at_time, \
                         time_zone, anchor_ms, until_on, remind_minutes, state, created_by, created_ms, \
                         updated_ms, next_due_ms) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11, $11, $11) \
                         ON CONFLICT (request_key) DO NOTHING RETURNING id",
                    )
                    .bind(&p.request_key)
                    .bind(p.concern_id)
                    .bind(&p.school_id)
                    .bind(&p.cadence)
                    .bind(&p.at_time)
                    .bind(&p.time_zone)
                    .bind(p.anchor_ms)
                    .bind(&until)
                    .bind(&remind)
                    .bind(p.created_by)
                    .bind(p.created_ms)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|row| row.try_get("id"))
                    .transpose()?,
                };
                let Some(id) = id else {
                    let plan = match existing {
                        Some(plan) => plan,
                        None => {
                            let key = p.request_key.as_deref().unwrap_or_default();
                            plan_by_request_key(&mut tx, key).await?.ok_or_else(|| {
                                StoreError::Query("the plan of a repeated request key is gone".into())
                            })?
                        }
                    };
                    tx.commit().await?;
                    let mut plans = [plan];
                    plan_details(&self.pool, &mut plans).await?;
                    let [plan] = plans;
                    return Ok(PlanCreated { plan, created: false, outbox_ids: vec![] });
                };
                for (position, person) in p.assignees.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO checkin_assignees (plan_id, person_id, position) VALUES ($1, $2, $3) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(*person)
                    .bind(position as i64)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO checkin_changes (plan_id, actor_id, action, cadence, at_ms, \
                     at_time, time_zone, assignees) VALUES ($1, $2, 'created', $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(p.created_by)
                .bind(&p.cadence)
                .bind(p.created_ms)
                .bind(&p.at_time)
                .bind(&p.time_zone)
                .bind(join_numbers(&p.assignees))
                .execute(&mut *tx)
                .await?;
                let ids = insert_outbox(&mut tx, &outbox(id)).await?;
                tx.commit().await?;
                let plan = CheckinPlanRecord {
                    id,
                    concern_id: p.concern_id,
                    school_id: p.school_id.clone(),
                    cadence: p.cadence.clone(),
                    at_time: p.at_time.clone(),
                    time_zone: p.time_zone.clone(),
                    anchor_ms: p.anchor_ms,
                    until_on: p.until_on,
                    remind_minutes: p.remind_minutes.clone(),
                    state: "active".into(),
                    assignees: p.assignees.clone(),
                    created_by: p.created_by,
                    created_ms: p.created_ms,
                    updated_ms: p.created_ms,
                    seq_base: 0,
                    off_spans: vec![],
                    history: vec![],
                    // Due at once: the scheduler's next pass works out when it really is.
                    next_due_ms: Some(p.created_ms),
                };
                Ok(PlanCreated { plan, created: true, outbox_ids: ids })
            }

            async fn queue_checkin_steps(
                &self,
                steps: &[(CheckinStep, NewOutbox)],
                now_ms: i64,
            ) -> Result<Vec<Option<i64>>, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                // In plan id order, the order every writer of several plans locks them in
                // (each step locks its plan; see QUEUE_CHECKIN_STEP_SQL), so that two such
                // writers at once cannot deadlock. The ids come back in the order given.
                let mut order: Vec<usize> = (0..steps.len()).collect();
                order.sort_by_key(|&i| steps[i].0.plan_id);
                let mut ids = vec![None; steps.len()];
                for i in order {
                    let (step, row) = &steps[i];
                    let fresh = sqlx::query(QUEUE_CHECKIN_STEP_SQL)
                    .bind(step.plan_id)
                    .bind(step.seq)
                    .bind(&step.step)
                    .bind(now_ms)
                    .bind(step.plan_updated_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        == 1;
                    if fresh {
                        ids[i] = insert_outbox(&mut tx, std::slice::from_ref(row)).await?[0];
                    }
                }
                tx.commit().await?;
                Ok(ids)
            }

            async fn record_checkin_outcome(
                &self,
                plan_id: i64,
                seq: i64,
                outcome: &str,
                actor_id: Option<i64>,
                note_sealed: Option<&[u8]>,
                at_ms: i64,
            ) -> Result<bool, StoreError> {
                let _turn = self.write_gate().await;
                let done = sqlx::query(
                    "INSERT INTO checkin_outcomes (plan_id, seq, outcome, actor_id, note_sealed, at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                )
                .bind(plan_id)
                .bind(seq)
                .bind(outcome)
                .bind(actor_id)
                .bind(note_sealed)
                .bind(at_ms)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn checkin_outcomes(&self, plan_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
                let rows = sqlx::query(
                    "SELECT seq, outcome FROM checkin_outcomes WHERE plan_id = $1 ORDER BY seq",
                )
                .bind(plan_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| Ok((r.try_get("seq")?, r.try_get("outcome")?)))
                    .collect()
            }

            async fn checkin_plans(
                &self,
                concern_id: Option<i64>,
            ) -> Result<Vec<CheckinPlanRecord>, StoreError> {
                let rows = match concern_id {
                    Some(c) => {
                        sqlx::query(concat!("SELECT ", plan_columns!(), " FROM checkin_plans WHERE concern_id = $1 ORDER BY id"))
                            .bind(c)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    None => {
                        sqlx::query(concat!("SELECT ", plan_columns!(), " FROM checkin_plans ORDER BY id"))
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                plans_with_details(&self.pool, rows).await
            }

            async fn recent_checkin_plans(
                &self,
                school_id: Option<&str>,
                limit: i64,
            ) -> Result<Vec<CheckinPlanRecord>, StoreError> {
                let rows = match school_id {
                    Some(school) => {
                        sqlx::query(concat!("SELECT ", plan_columns!(), " FROM checkin_plans WHERE school_id = $1 ORDER BY id DESC LIMIT $2"))
                            .bind(school)
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    None => {
                        sqlx::query(concat!("SELECT ", plan_columns!(), " FROM checkin_plans ORDER BY id DESC LIMIT $1"))
                            .bind(limit)
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                plans_with_details(&self.pool, rows).await
            }

            async fn checkin_plan(&self, id: i64) -> Result<Option<CheckinPlanRecord>, StoreError> {
                let row = sqlx::query(concat!("SELECT ", plan_columns!(), " FROM checkin_plans WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let mut plans = [plan_from(&row)?];
                plan_details(&self.pool, &mut plans).await?;
                let [plan] = plans;
                Ok(Some(plan))
            }

            async fn due_checkin_plans(
                &self,
                now_ms: i64,
                after: (i64, i64),
                limit: i64,
            ) -> Result<Vec<CheckinPlanRecord>, StoreError> {
                // A range on the index from `after` to now; the limit is written into the
                // text (see sqlite.rs: a bound limit is planned again on every run there).
                let sql = sqlx::AssertSqlSafe(format!(
                    concat!(
                        "SELECT ", plan_columns!(), " FROM checkin_plans \
                         WHERE next_due_ms IS NOT NULL AND next_due_ms <= $1 AND next_due_ms >= $2 \
                         AND (next_due_ms > $2 OR id > $3) ORDER BY next_due_ms, id LIMIT {}"
                    ),
                    limit.max(0)
                ));
                let rows = sqlx::query(sql)
                    .bind(now_ms)
                    .bind(after.0)
                    .bind(after.1)
                    .fetch_all(&self.pool)
                    .await?;
                plans_with_details(&self.pool, rows).await
            }

            async fn checkin_history_of(
                &self,
                plan_ids: &[i64],
            ) -> Result<CheckinHistory, StoreError> {
                static OUTCOMES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                    in_list_sql(
                        "SELECT plan_id, seq, outcome FROM checkin_outcomes WHERE plan_id IN",
                        "ORDER BY plan_id, seq",
                    )
                });
                static STEPS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                    in_list_sql(
                        "SELECT plan_id, seq, step FROM checkin_steps WHERE plan_id IN",
                        "ORDER BY plan_id, seq",
                    )
                });
                let mut out = CheckinHistory::default();
                for ids in plan_ids.chunks(IDS_PER_QUERY) {
                    for r in rows_for_ids(&self.pool, OUTCOMES.as_str(), ids).await? {
                        out.outcomes.push((r.try_get("plan_id")?, r.try_get("seq")?, r.try_get("outcome")?));
                    }
                    for r in rows_for_ids(&self.pool, STEPS.as_str(), ids).await? {
                        out.steps.push((r.try_get("plan_id")?, r.try_get("seq")?, r.try_get("step")?));
                    }
                }
                Ok(out)
            }

            async fn set_checkin_next_due(&self, updates: &[CheckinNextDue]) -> Result<u64, StoreError> {
                if updates.is_empty() {
                    return Ok(0);
                }
                let (_turn, mut tx) = self.write_tx().await?;
                let mut written = 0;
                // In plan id order (see `queue_checkin_steps`).
                let mut sorted: Vec<&CheckinNextDue> = updates.iter().collect();
                sorted.sort_by_key(|u| u.plan_id);
                for u in sorted {
                    written += sqlx::query(
                        "UPDATE checkin_plans SET next_due_ms = $1 \
                         WHERE id = $2 AND updated_ms = $3 AND next_due_ms = $4",
                    )
                    .bind(u.next_due_ms)
                    .bind(u.plan_id)
                    .bind(u.expect_updated_ms)
                    .bind(u.expect_next_due_ms)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                }
                tx.commit().await?;
                Ok(written)
            }

            async fn next_checkin_due(&self) -> Result<Option<i64>, StoreError> {
                Ok(sqlx::query_scalar(
                    "SELECT next_due_ms FROM checkin_plans WHERE next_due_ms IS NOT NULL \
                     ORDER BY next_due_ms LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn mark_checkin_plans_due(&self, school_id: &str, now_ms: i64) -> Result<u64, StoreError> {
                Ok(sqlx::query(MARK_SCHOOL_PLANS_DUE_SQL)
                    .bind(school_id)
                    .bind(now_ms)
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn change_checkin_plan(
                &self,
                c: &CheckinPlanChange,
                outbox: &[NewOutbox],
            ) -> Result<Option<Vec<Option<i64>>>, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let current = sqlx::query(CHANGE_PLAN_READ_SQL)
                .bind(c.plan_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(current) = current else {
                    return Ok(None);
                };
                if current.try_get::<i64, _>("updated_ms")? != c.expect_updated_ms {
                    return Ok(None);
                }
                let old_base: i64 = current.try_get("seq_base")?;
                if let Some(n) = &c.cadence {
                    // Past every number already used by a step or an outcome.
                    let used: Option<i64> = sqlx::query_scalar(
                        "SELECT MAX(seq) FROM (SELECT seq FROM checkin_steps WHERE plan_id = $1 \
                         UNION ALL SELECT seq FROM checkin_outcomes WHERE plan_id = $1) AS used",
                    )
                    .bind(c.plan_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let base = n
                        .seq_base_at_least
                        .max(used.map_or(0, |u| u + 1))
                        .max(old_base);
                    if base > old_base {
                        sqlx::query(
                            "INSERT INTO checkin_versions (plan_id, seq_base, cadence, at_time, \
                             time_zone, anchor_ms, until_on, to_ms) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        )
                        .bind(c.plan_id)
                        .bind(old_base)
                        .bind(current.try_get::<String, _>("cadence")?)
                        .bind(current.try_get::<String, _>("at_time")?)
                        .bind(current.try_get::<String, _>("time_zone")?)
                        .bind(current.try_get::<i64, _>("anchor_ms")?)
                        .bind(current.try_get::<Option<String>, _>("until_on")?)
                        .bind(n.old_to_ms.max(c.at_ms))
                        .execute(&mut *tx)
                        .await?;
                    }
                    sqlx::query(
                        "UPDATE checkin_plans SET cadence = $2, at_time = $3, time_zone = $4, \
                         anchor_ms = $5, until_on = $6, remind_minutes = $7, seq_base = $8 \
                         WHERE id = $1",
                    )
                    .bind(c.plan_id)
                    .bind(&n.cadence)
                    .bind(&n.at_time)
                    .bind(&n.time_zone)
                    .bind(n.anchor_ms)
                    .bind(n.until_on.map(|d| d.format("%Y-%m-%d").to_string()))
                    .bind(join_numbers(&n.remind_minutes))
                    .bind(base)
                    .execute(&mut *tx)
                    .await?;
                }
                let updated = sqlx::query(
                    "UPDATE checkin_plans SET state = $2, off_spans = $3, updated_ms = $4, \
                     next_due_ms = $6 WHERE id = $1 AND updated_ms = $5",
                )
                .bind(c.plan_id)
                .bind(&c.state)
                .bind(join_spans(&c.off_spans))
                .bind(c.at_ms.max(c.expect_updated_ms + 1))
                .bind(c.expect_updated_ms)
                // Due at once: the scheduler's next pass works out the changed plan's.
                .bind(c.at_ms)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated != 1 {
                    return Ok(None);
                }
                if let Some(people) = &c.assignees {
                    sqlx::query("DELETE FROM checkin_assignees WHERE plan_id = $1")
                        .bind(c.plan_id)
                        .execute(&mut *tx)
                        .await?;
                    for (position, person) in people.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO checkin_assignees (plan_id, person_id, position) \
                             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                        )
                        .bind(c.plan_id)
                        .bind(*person)
                        .bind(position as i64)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                sqlx::query(
                    "INSERT INTO checkin_changes (plan_id, actor_id, action, cadence, reason_sealed, \
                     at_ms, at_time, time_zone, assignees) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(c.plan_id)
                .bind(c.actor_id)
                .bind(&c.action)
                .bind(c.cadence.as_ref().map(|n| n.cadence.clone()))
                .bind(c.reason_sealed.as_deref())
                .bind(c.at_ms)
                .bind(c.cadence.as_ref().map(|n| n.at_time.clone()))
                .bind(c.cadence.as_ref().map(|n| n.time_zone.clone()))
                .bind(c.assignees.as_deref().map(join_numbers))
                .execute(&mut *tx)
                .await?;
                let ids = insert_outbox(&mut tx, outbox).await?;
                tx.commit().await?;
                Ok(Some(ids))
            }

            async fn checkin_changes(&self, plan_id: i64) -> Result<Vec<CheckinChange>, StoreError> {
                let rows = sqlx::query(
                    "SELECT action, cadence, actor_id, reason_sealed, at_ms, at_time, time_zone, \
                     assignees FROM checkin_changes \
                     WHERE plan_id = $1 ORDER BY id",
                )
                .bind(plan_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CheckinChange {
                            action: r.try_get("action")?,
                            cadence: r.try_get("cadence")?,
                            actor_id: r.try_get("actor_id")?,
                            reason_sealed: r.try_get("reason_sealed")?,
                            at_ms: r.try_get("at_ms")?,
                            at_time: r.try_get("at_time")?,
                            time_zone: r.try_get("time_zone")?,
                            assignees: r
                                .try_get::<Option<String>, _>("assignees")?
                                .as_deref()
                                .map(split_numbers)
                                .transpose()?,
                        })
                    })
                    .collect()
            }

            async fn import_holidays(
                &self,
                holidays: &[Holiday],
                now_ms: i64,
            ) -> Result<ImportSummary, StoreError> {
                let (_turn, mut tx) = self.write_tx().await?;
                let mut summary = ImportSummary::default();
                let mut schools: Vec<&str> = holidays.iter().map(|h| h.school_id.as_str()).collect();
                schools.sort_unstable();
                schools.dedup();
                let mut before: Vec<(String, String)> = vec![];
                for school in &schools {
                    let rows = sqlx::query("SELECT school_id, on_date FROM school_holidays WHERE school_id = $1")
                        .bind(*school)
                        .fetch_all(&mut *tx)
                        .await?;
                    for r in &rows {
                        before.push((r.try_get("school_id")?, r.try_get("on_date")?));
                    }
                    sqlx::query("DELETE FROM school_holidays WHERE school_id = $1")
                        .bind(*school)
                        .execute(&mut *tx)
                        .await?;
                }
                for h in holidays {
                    let date = h.date.format("%Y-%m-%d").to_string();
                    let fresh = sqlx::query(
                        "INSERT INTO school_holidays (school_id, on_date, name) VALUES ($1, $2, $3) \
                         ON CONFLICT DO NOTHING",
                    )
                    .bind(&h.school_id)
                    .bind(&date)
                    .bind(&h.name)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        == 1;
                    if !fresh {
                        continue;
                    }
                    if before.iter().any(|(s, d)| *s == h.school_id && *d == date) {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                }
                // Their plans' check-ins may have moved: due at once, for a fresh look.
                for school in &schools {
                    sqlx::query(MARK_SCHOOL_PLANS_DUE_SQL)
                        .bind(*school)
                        .bind(now_ms)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(summary)
            }

            async fn rekey(
                &self,
                old: &crate::crypto::DataKey,
                new: &crate::crypto::DataKey,
                progress: crate::store::RekeyProgress<'_>,
            ) -> Result<crate::store::RekeyReport, StoreError> {
                use crate::store::rekey::{KEY_CHECK, RekeyPhase, SEALED_COLUMNS, key_check, verify_key_check};
                let mut report = crate::store::RekeyReport::default();
                {
                    let (_turn, mut tx) = self.write_tx().await?;
                    if BACKEND == Backend::Postgres {
                        sqlx::query(REKEY_LOCK_SQL).execute(&mut *tx).await?;
                    }
                    let check: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                        .bind(KEY_CHECK)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if let Some(check) = &check {
                        verify_key_check(old, check)?;
                    }
                    let mut totals = Vec::with_capacity(SEALED_COLUMNS.len());
                    for c in SEALED_COLUMNS {
                        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(c.count_sql()))
                            .fetch_one(&mut *tx)
                            .await?;
                        totals.push(n as u64);
                    }
                    // Every value opens with the old key, or nothing is written.
                    for (phase, with) in [(RekeyPhase::Checking, None), (RekeyPhase::Resealing, Some(new))] {
                        for (c, &total) in SEALED_COLUMNS.iter().zip(&totals) {
                            let name = c.name();
                            let said = |done| progress(phase, &name, done, total);
                            let done = rekey_column(&mut tx, c, old, with, total, &said).await?;
                            if with.is_some() {
                                report.columns.push((name.clone(), done));
                            }
                        }
                    }
                    // A webhook URL an earlier version stored in plain text (see
                    // `store::webhook`) is sealed now, under the new key.
                    let plain = sqlx::query(
                        "SELECT id, teams_webhook_url FROM people WHERE teams_webhook_url IS NOT NULL ORDER BY id",
                    )
                    .fetch_all(&mut *tx)
                    .await?;
                    for r in &plain {
                        let id: i64 = r.try_get("id")?;
                        let url: String = r.try_get("teams_webhook_url")?;
                        sqlx::query(
                            "UPDATE people SET teams_webhook_sealed = $1, teams_webhook_url = NULL WHERE id = $2",
                        )
                        .bind(crate::store::webhook::seal(new, id, &url))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    if !plain.is_empty() {
                        report.columns.push(("people.teams_webhook_url (plain text until now)".into(), plain.len() as u64));
                    }
                    sqlx::query(
                        "INSERT INTO meta (key, value) VALUES ($1, $2) \
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    )
                    .bind(KEY_CHECK)
                    .bind(key_check(new))
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                }
                self.roster.invalidate();
                report.scrubbed = scrub_free_space(self).await;
                Ok(report)
            }

            async fn holidays(&self) -> Result<Vec<Holiday>, StoreError> {
                let rows = sqlx::query(
                    "SELECT school_id, on_date, name FROM school_holidays ORDER BY school_id, on_date",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    out.push(Holiday {
                        school_id: r.try_get("school_id")?,
                        date: parse_date(r.try_get("on_date")?)?
                            .ok_or_else(|| StoreError::Corrupt("empty holiday date".into()))?,
                        name: r.try_get("name")?,
                    });
                }
                Ok(out)
            }
        }
    };
}

pub(super) use sql_store;

#[cfg(test)]
mod tests {
    use super::{StoreError, pow2_chunks, set_by_id_sql, unknown_migration, values_sql};

    #[test]
    fn a_migration_this_version_lacks_is_named_newest_first() {
        let known = [1, 2, 3, 5];
        assert!(unknown_migration([1, 2, 3], &known).is_none());
        assert!(unknown_migration([], &known).is_none());
        let e = unknown_migration([1, 2, 3, 5, 6, 9999], &known).unwrap();
        assert!(
            matches!(
                e,
                StoreError::NewerDatabase {
                    applied: 9999,
                    known: 5
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "this database was last written by a newer SafeHarbor (migration 9999; this \
             version knows up to 5): run the newer version, or restore a backup made before \
             the upgrade"
        );
        let e = unknown_migration([1, 2, 3, 4, 5], &known).unwrap();
        assert!(
            matches!(
                e,
                StoreError::UnknownMigration {
                    applied: 4,
                    known: 5
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("another build of SafeHarbor"), "{e}");
    }

    #[test]
    fn multi_row_statements_number_their_parameters_across_rows() {
        assert_eq!(
            values_sql("INSERT INTO t (a, b, c)", "(?, 'x', ?)", 3, "RETURNING a"),
            "INSERT INTO t (a, b, c) VALUES ($1, 'x', $2), ($3, 'x', $4), ($5, 'x', $6) RETURNING a"
        );
    }

    #[test]
    fn updates_by_id_pair_each_id_with_its_value() {
        assert_eq!(
            set_by_id_sql("UPDATE t SET s = 0", &["a", "b"], 2, "AND c = 1"),
            "UPDATE t SET s = 0, a = CASE id WHEN $1 THEN $2 WHEN $3 THEN $4 END, \
             b = CASE id WHEN $1 THEN $2 WHEN $3 THEN $4 END WHERE id IN ($1, $3) AND c = 1"
        );
    }

    #[test]
    fn batches_split_into_a_few_statement_sizes_covering_every_row_once() {
        let sizes = |n, max| pow2_chunks(n, max).map(|r| r.len()).collect::<Vec<_>>();
        assert_eq!(sizes(0, 32), Vec::<usize>::new());
        assert_eq!(sizes(1, 32), vec![1]);
        assert_eq!(sizes(12, 32), vec![8, 4]);
        assert_eq!(sizes(31, 32), vec![16, 8, 4, 2, 1]);
        assert_eq!(sizes(70, 32), vec![32, 32, 4, 2]);
        for n in 0..200 {
            let chunks: Vec<_> = pow2_chunks(n, 32).collect();
            let covered: Vec<usize> = chunks.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(covered, (0..n).collect::<Vec<_>>());
            assert!(
                chunks
                    .iter()
                    .all(|r| r.len().is_power_of_two() && r.len() <= 32)
            );
        }
    }
}
