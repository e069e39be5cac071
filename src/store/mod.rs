//! Storage: one [`Store`] trait, implemented once per backend (SQLite by default,
//! PostgreSQL at scale). Queries are checked at run time, so one query text serves both
//! backends; they differ only where the SQL dialects do.
use std::sync::Arc;

use async_trait::async_trait;

use crate::crypto::DataKey;
use crate::domain::{
    AuditAction, ConcernState, NewPerson, OutboxKind, OutboxState, Partner, Person, Platform,
};

mod postgres;
pub mod rekey;
pub mod roster;
mod sql;
mod sqlite;
mod webhook;

pub use postgres::PgStore;
pub use rekey::{RekeyPhase, RekeyProgress, RekeyReport};
pub use sqlite::SqliteStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: u64,
    pub updated: u64,
}

/// A concern to file. `sealed` holds the student reference, details and indicator ids,
/// already sealed under the data key: the store never sees them in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConcern {
    /// The platform's request id, namespaced; a second filing with the same key returns
    /// the first concern instead of creating another.
    pub request_key: String,
    pub school_id: String,
    pub reporter_id: Option<i64>,
    pub reporter_platform: Platform,
    /// Only for a reporter who is not on the roster.
    pub reporter_user_id: Option<String>,
    pub immediate_danger: bool,
    pub assigned_to: Option<i64>,
    pub sealed: Vec<u8>,
    pub created_ms: i64,
}

/// A stored concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRecord {
    pub id: i64,
    pub request_key: String,
    pub school_id: String,
    pub reporter_id: Option<i64>,
    pub reporter_platform: Platform,
    pub reporter_user_id: Option<String>,
    pub immediate_danger: bool,
    pub state: ConcernState,
    pub assigned_to: Option<i64>,
    pub sealed: Vec<u8>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub delivered_ms: Option<i64>,
    pub acknowledged_ms: Option<i64>,
    pub closed_ms: Option<i64>,
}

/// What filing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub concern: ConcernRecord,
    /// False when the request key was already there: nothing new was written.
    pub created: bool,
    /// The outbox ids of the messages queued, in the order given (None: the key existed).
    pub outbox_ids: Vec<Option<i64>>,
}

/// A change to a concern, with its audit row, written in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernChange {
    pub concern_id: i64,
    /// The state the change was decided on; if the concern has moved on meanwhile,
    /// nothing is written (optimistic concurrency).
    pub from_state: ConcernState,
    pub to_state: Option<ConcernState>,
    pub assign_to: Option<i64>,
    /// Also record the acknowledgement time, if none is recorded yet.
    pub acknowledge: bool,
    pub event: NewAudit,
}

/// One audit row to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit {
    pub concern_id: i64,
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    /// Ids only: a referral kind or partner id, a person id.
    pub detail: Option<String>,
    pub note_sealed: Option<Vec<u8>>,
    pub at_ms: i64,
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub concern_id: i64,
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    pub detail: Option<String>,
    pub note_sealed: Option<Vec<u8>>,
    pub at_ms: i64,
}

/// A private message to queue. The payload is sealed: it may hold concern content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutbox {
    pub key: String,
    pub recipient_id: i64,
    pub platform: Platform,
    pub kind: OutboxKind,
    pub concern_id: Option<i64>,
    pub payload_sealed: Vec<u8>,
    pub created_ms: i64,
    pub next_attempt_ms: i64,
}

/// An open, unacknowledged concern and how far it has been escalated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationCandidate {
    pub id: i64,
    pub school_id: String,
    pub immediate_danger: bool,
    pub created_ms: i64,
    pub level: i64,
}

/// The oldest unacknowledged concern of a school at an escalation level: when the next
/// escalation falls due, without reading every concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationEarliest {
    pub school_id: String,
    pub level: i64,
    pub created_ms: i64,
}

/// A queued private message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: i64,
    pub key: String,
    pub recipient_id: i64,
    pub platform: Platform,
    pub kind: OutboxKind,
    pub concern_id: Option<i64>,
    pub payload_sealed: Vec<u8>,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_ms: i64,
    pub created_ms: i64,
    pub sent_ms: Option<i64>,
    pub last_error: Option<String>,
    /// Times claimed for delivery, this claim included (see
    /// migrations/*/0009_outbox_claims.sql).
    pub claims: i64,
    /// The last attempt ended without knowing whether the platform got the message
    /// (migrations/*/0012_outbox_unsure.sql).
    pub unsure: bool,
}

impl OutboxRecord {
    /// Whether an earlier attempt may have reached the platform unrecorded: the last one
    /// ended unsure, or an earlier claim ended with no outcome recorded at all (each
    /// outcome counts an attempt; a claim that never got one, because the server died or
    /// the record could not be written, leaves claims ahead of attempts).
    pub fn maybe_sent(&self) -> bool {
        self.unsure || self.claims - 1 > self.attempts
    }
}

/// A training completion to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCompletion {
    pub person_id: i64,
    pub course_id: String,
    pub completed_on: chrono::NaiveDate,
    /// Who recorded it (the person themselves, or a coordinator).
    pub recorded_by: Option<i64>,
    pub recorded_ms: i64,
}

/// A person's latest completion of a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestCompletion {
    pub person_id: i64,
    pub course_id: String,
    pub completed_on: chrono::NaiveDate,
}

/// One reminder step for one person, course and due date; the store writes it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderStep {
    pub person_id: i64,
    pub course_id: String,
    pub due_on: chrono::NaiveDate,
    /// `30`, `7`, `1`, `overdue-N` (week N), or `digest`; for a partner re-check nudge
    /// (course id `*partner:ID`, `due_on` the day it was sent), the partner's verified date
    /// it was about: `verified:YYYY-MM-DD` or `never-verified`.
    pub step: String,
}

/// A check-in plan to create (see migrations/*/0006_checkins.sql for the column forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheckinPlan {
    /// The platform's request id, namespaced as a concern's is (`slack:view:V123`); a
    /// second creation with the same key returns the first plan instead of creating
    /// another. None (the console, the command line): never matched.
    pub request_key: Option<String>,
    pub concern_id: i64,
    pub school_id: String,
    /// Canonical cadence text (`engine::checkin::cadence_text`).
    pub cadence: String,
    /// `HH:MM`.
    pub at_time: String,
    /// IANA zone name.
    pub time_zone: String,
    pub anchor_ms: i64,
    pub until_on: Option<chrono::NaiveDate>,
    /// Minutes before each check-in, longest first, e.g. `[1440, 60]`.
    pub remind_minutes: Vec<i64>,
    /// Assigned people, in the order given.
    pub assignees: Vec<i64>,
    pub created_by: Option<i64>,
    pub created_ms: i64,
}

/// A stored check-in plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinPlanRecord {
    pub id: i64,
    pub concern_id: i64,
    pub school_id: String,
    pub cadence: String,
    pub at_time: String,
    pub time_zone: String,
    pub anchor_ms: i64,
    pub until_on: Option<chrono::NaiveDate>,
    pub remind_minutes: Vec<i64>,
    /// `active`, `paused` or `cancelled`.
    pub state: String,
    pub assignees: Vec<i64>,
    pub created_by: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// The number (seq) of the current cadence's first check-in.
    pub seq_base: i64,
    /// When the plan held no check-ins: `(from_ms, to_ms)`, `None` while still off
    /// (paused, or cancelled for good). Oldest first.
    pub off_spans: Vec<(i64, Option<i64>)>,
    /// The cadences before the current one, oldest first.
    pub history: Vec<CheckinVersion>,
    /// When the plan's next step falls due (see migrations/*/0010_checkin_next_due.sql);
    /// None: nothing left to do until the plan changes.
    pub next_due_ms: Option<i64>,
}

/// What creating a plan did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCreated {
    pub plan: CheckinPlanRecord,
    /// False when the request key was already there: nothing new was written, and `plan`
    /// is the one the first request created (as it is now).
    pub created: bool,
    /// The outbox ids of the messages queued, in the order given (empty: the key existed).
    pub outbox_ids: Vec<Option<i64>>,
}

/// A plan's next due time, as a scheduler pass worked it out: written only if the plan
/// is still as the pass read it (neither changed nor marked due again meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckinNextDue {
    pub plan_id: i64,
    pub expect_updated_ms: i64,
    pub expect_next_due_ms: i64,
    pub next_due_ms: Option<i64>,
}

/// A cadence a plan had before a change, until `to_ms` (exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinVersion {
    pub seq_base: i64,
    pub cadence: String,
    pub at_time: String,
    pub time_zone: String,
    pub anchor_ms: i64,
    pub until_on: Option<chrono::NaiveDate>,
    pub to_ms: i64,
}

/// A new cadence for a plan, from `anchor_ms` on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCadence {
    pub cadence: String,
    pub at_time: String,
    pub time_zone: String,
    pub anchor_ms: i64,
    pub until_on: Option<chrono::NaiveDate>,
    pub remind_minutes: Vec<i64>,
    /// The lowest number the new cadence may start from (one past the last check-in held
    /// under the old one); the store raises it past any step already written.
    pub seq_base_at_least: i64,
    /// Until when the old cadence holds its check-ins (exclusive): the change's time, or
    /// just after a check-in of it already recorded later that day.
    pub old_to_ms: i64,
}

/// A change to a plan (pause, resume, cancel, change), written with its change-log row
/// and its outbox rows in one transaction, only if the plan is still as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinPlanChange {
    pub plan_id: i64,
    /// The plan's `updated_ms` when it was read: another change in between wins.
    pub expect_updated_ms: i64,
    /// `paused`, `resumed`, `cancelled`, `changed` or `reassigned`.
    pub action: String,
    pub actor_id: Option<i64>,
    pub reason_sealed: Option<Vec<u8>>,
    pub at_ms: i64,
    pub state: String,
    pub off_spans: Vec<(i64, Option<i64>)>,
    pub cadence: Option<NewCadence>,
    /// Who is assigned after the change, in order; None: as they were.
    pub assignees: Option<Vec<i64>>,
}

/// One row of a plan's change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinChange {
    /// `created`, `paused`, `resumed`, `cancelled`, `changed` or `reassigned`.
    pub action: String,
    /// The cadence after the change, for `created` and `changed`.
    pub cadence: Option<String>,
    pub actor_id: Option<i64>,
    pub reason_sealed: Option<Vec<u8>>,
    pub at_ms: i64,
    /// The cadence's time (`HH:MM`) and zone, when it was set (None before migration 0015).
    pub at_time: Option<String>,
    pub time_zone: Option<String>,
    /// Who was assigned after the change, when it set them (`created`, `reassigned`).
    pub assignees: Option<Vec<i64>>,
}

/// A school's imported closed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub school_id: String,
    pub date: chrono::NaiveDate,
    pub name: String,
}

/// One step for one occurrence of a plan (a reminder to one person, e.g. `r1440:7`);
/// the store writes it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinStep {
    pub plan_id: i64,
    pub seq: i64,
    pub step: String,
    /// The plan's `updated_ms` when the step was worked out: if the plan has been
    /// changed since (paused, cancelled, a new cadence), the step is not written.
    pub plan_updated_ms: i64,
}

/// Outcomes and steps recorded for some plans (see [`Store::checkin_history_of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckinHistory {
    /// (plan id, seq, outcome)
    pub outcomes: Vec<(i64, i64, String)>,
    /// (plan id, seq, step)
    pub steps: Vec<(i64, i64, String)>,
}

/// Builds the outbox rows for a new plan once its id is known (inside the transaction).
pub type PlanOutboxFor<'a> = &'a (dyn Fn(i64) -> Vec<NewOutbox> + Send + Sync);

/// Builds the outbox rows for a concern once its id is known (inside the filing
/// transaction). Must not block: it only formats and seals. Owned and shared, because
/// filing is group-committed: whichever submission writes a batch builds the rows of
/// all of them, and builds them again if the batch has to be written one by one.
pub type OutboxFor = Arc<dyn Fn(&ConcernRecord) -> Vec<NewOutbox> + Send + Sync>;

/// Storage failures. Texts never carry stored content: only what failed and why.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("database migration failed: {0}")]
    Migrate(String),
    /// The database has applied a migration newer than any this version has: a newer
    /// SafeHarbor wrote it, and this one must not touch it.
    #[error(
        "this database was last written by a newer SafeHarbor (migration {applied}; this \
         version knows up to {known}): run the newer version, or restore a backup made \
         before the upgrade"
    )]
    NewerDatabase { applied: i64, known: i64 },
    /// The database has applied a migration this version does not have, though not a
    /// newer one than its own: another build of SafeHarbor wrote it.
    #[error(
        "this database has migration {applied}, which this SafeHarbor (migrations up to \
         {known}) does not have: it was written by another build of SafeHarbor; run that \
         build, or restore a backup made before it"
    )]
    UnknownMigration { applied: i64, known: i64 },
    #[error("database error: {0}")]
    Query(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// Sealed data the store must open does not: another key sealed it, or it was moved
    /// or altered (see `store::webhook`). `what` names it ("the Teams webhook URL stored
    /// for person 3"), never its content.
    #[error(
        "{what} does not open with this data key: SAFEHARBOR_DATA_KEY (or \
         SAFEHARBOR_DATA_KEY_FILE) is not the key this database was written with, or the \
         stored data was altered"
    )]
    WrongKey { what: String },
    /// A Teams webhook URL to store, and no data key to seal it with.
    #[error(
        "Teams webhook URLs are stored sealed under the data key: set SAFEHARBOR_DATA_KEY or \
         SAFEHARBOR_DATA_KEY_FILE to the key `safeharbor serve` runs with"
    )]
    NoDataKey,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            sqlx::Error::Database(db) => StoreError::Query(db.message().to_string()),
            other => StoreError::Query(other.to_string()),
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;
    /// Apply every pending migration. A store opened with the data key then seals, in one
    /// transaction, the Teams webhook URLs an earlier version stored in plain text, and
    /// reads the roster, so a wrong key is reported here ([`StoreError::WrongKey`])
    /// rather than at the first private message.
    async fn migrate(&self) -> Result<(), StoreError>;
    /// Without changing anything, how many of this version's migrations the database
    /// has yet to apply (0: up to date; `migrate`, `serve` and the imports apply them),
    /// or the error `migrate` gives for a database a newer SafeHarbor wrote
    /// ([`StoreError::NewerDatabase`], [`StoreError::UnknownMigration`]). For
    /// check-config.
    async fn pending_migrations(&self) -> Result<usize, StoreError>;
    /// A cheap round trip, for readiness.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Close every connection, once nothing more will be asked (a clean stop). On SQLite
    /// the last one to close folds the write-ahead log into the database file, so the
    /// `.db` file alone holds everything after a clean stop.
    async fn close(&self);

    /// Insert or update (by email) every person, all or nothing. Webhook URLs are stored
    /// sealed: without the data key, a person with one is refused
    /// ([`StoreError::NoDataKey`]) before anything is written.
    async fn import_people(
        &self,
        people: &[NewPerson],
        now_ms: i64,
    ) -> Result<ImportSummary, StoreError>;
    /// A roster import: remove the demo people and import `people` as
    /// [`Store::import_people`] does, in one transaction, so a failed write leaves the
    /// roster as it was. How many demo people were removed, and what was imported.
    async fn import_roster(
        &self,
        people: &[NewPerson],
        now_ms: i64,
    ) -> Result<(u64, ImportSummary), StoreError>;
    /// Everyone, in roster order.
    async fn people(&self) -> Result<Vec<Person>, StoreError>;
    /// The roster, indexed, shared: what `people` and the lookups by id, email and
    /// platform id answer from (held in memory for a few seconds, see [`roster`]).
    async fn roster(&self) -> Result<Arc<roster::Roster>, StoreError>;
    async fn person_by_email(&self, email: &str) -> Result<Option<Person>, StoreError>;
    async fn person_by_platform(
        &self,
        platform: Platform,
        user_id: &str,
    ) -> Result<Option<Person>, StoreError>;
    async fn set_locale(&self, person_id: i64, locale: Option<&str>) -> Result<(), StoreError>;

    /// Insert or update (by id) every partner, all or nothing.
    async fn import_partners(&self, partners: &[Partner]) -> Result<ImportSummary, StoreError>;
    /// Insert shipped partners that are not there yet; never overwrite an operator's edit.
    async fn seed_partners(&self, partners: &[Partner]) -> Result<u64, StoreError>;
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// File a concern, its "filed" audit row and the outbox rows `outbox` builds, all in
    /// one transaction. If the request key exists, return that concern and write nothing.
    /// Submissions arriving together are written in one transaction (group commit);
    /// if that fails, each is written alone, so one cannot fail the others.
    async fn file_concern(
        &self,
        concern: NewConcern,
        outbox: OutboxFor,
    ) -> Result<Filed, StoreError>;
    async fn concern(&self, id: i64) -> Result<Option<ConcernRecord>, StoreError>;
    /// Concerns, newest first, at most `limit`: one school's (or every school's, for
    /// None), open ones only unless `include_closed`.
    async fn concerns(
        &self,
        school_id: Option<&str>,
        include_closed: bool,
        limit: i64,
    ) -> Result<Vec<ConcernRecord>, StoreError>;
    /// Apply a change with its audit row and outbox rows in one transaction. Returns None,
    /// having written nothing, if the concern is gone or no longer in `from_state`.
    async fn change_concern(
        &self,
        change: &ConcernChange,
        outbox: &[NewOutbox],
    ) -> Result<Option<(ConcernRecord, Vec<Option<i64>>)>, StoreError>;
    /// Record reads (views, lists, refusals) in one transaction.
    async fn add_audit(&self, events: &[NewAudit]) -> Result<(), StoreError>;
    /// A concern's audit trail, oldest first.
    async fn concern_audit(&self, concern_id: i64) -> Result<Vec<AuditRecord>, StoreError>;
    /// Pending messages due at `now_ms`, oldest first.
    async fn pending_outbox(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<OutboxRecord>, StoreError>;
    /// Mark a message delivered; a delivered handoff moves its concern from submitted to
    /// delivered. Returns false if it was not pending.
    async fn mark_outbox_sent(&self, id: i64, now_ms: i64) -> Result<bool, StoreError>;
    /// Claim up to `limit` pending messages due at `now_ms` (any platform but the console)
    /// by moving their next attempt to `lease_until_ms`: no other dispatcher, in this
    /// process or another, gets them meanwhile (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
    async fn claim_outbox(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: i64,
    ) -> Result<Vec<OutboxRecord>, StoreError>;
    /// A failed attempt that will be tried again at `next_attempt_ms`. `error` is a kind,
    /// never a platform's response body.
    /// `unsure`: the attempt may have reached the platform (see
    /// [`OutboxRecord::maybe_sent`]); once set, it stays set for the message.
    async fn retry_outbox(
        &self,
        id: i64,
        next_attempt_ms: i64,
        unsure: bool,
        error: &str,
    ) -> Result<(), StoreError>;
    /// Give up on a message and queue the alerts about it, in one transaction.
    async fn fail_outbox(
        &self,
        id: i64,
        now_ms: i64,
        error: &str,
        alerts: &[NewOutbox],
    ) -> Result<bool, StoreError>;
    /// Messages waiting, and messages given up on (for /metrics).
    async fn outbox_depth(&self) -> Result<(i64, i64), StoreError>;
    async fn person(&self, id: i64) -> Result<Option<Person>, StoreError>;
    /// Open concerns nobody has acknowledged yet, oldest first.
    /// Unacknowledged concerns below the last escalation level, filed at or before
    /// `filed_by_ms` (a newer one cannot be due yet), oldest first.
    async fn escalation_candidates(
        &self,
        filed_by_ms: i64,
    ) -> Result<Vec<EscalationCandidate>, StoreError>;
    /// The oldest unacknowledged concern's filing time for each school and escalation
    /// level below the last.
    async fn escalation_earliest(&self) -> Result<Vec<EscalationEarliest>, StoreError>;
    /// Move a concern from escalation level `from` to `to` with its audit row and outbox
    /// rows, in one transaction; false (nothing written) if another server did it first or
    /// the concern was acknowledged meanwhile.
    async fn escalate(
        &self,
        concern_id: i64,
        from: i64,
        to: i64,
        audit: &NewAudit,
        outbox: &[NewOutbox],
    ) -> Result<bool, StoreError>;
    /// Delete closed concerns (their audit trail and messages with them) closed before the
    /// given time. Returns how many.
    async fn purge_closed(&self, closed_before_ms: i64) -> Result<u64, StoreError>;

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;
    /// Every `meta` row whose key starts with `prefix`, in key order.
    async fn metas_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError>;
    /// Forget a `meta` row (none is no error).
    async fn delete_meta(&self, key: &str) -> Result<(), StoreError>;

    // Teams: signed links and private answers.
    /// Spend a signed link's nonce: true the first time, false if it was spent before.
    /// Nonces of links already past their expiry are forgotten on the way (such links
    /// are refused for their age anyway).
    async fn spend_link(
        &self,
        nonce: &str,
        person_id: i64,
        expires_ms: i64,
        now_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Has this link's nonce been spent?
    async fn link_spent(&self, nonce: &str) -> Result<bool, StoreError>;
    /// Queue private messages that no other change causes (an answer that may not be
    /// shown where it was asked); a key already queued is skipped (None).
    async fn queue_outbox(&self, rows: &[NewOutbox]) -> Result<Vec<Option<i64>>, StoreError>;

    // Training: completions and reminders.
    /// Record a completion. False when that person's completion of that course on that
    /// date is recorded already: nothing is written again.
    async fn add_completion(&self, completion: &NewCompletion) -> Result<bool, StoreError>;
    /// Everyone's latest completion of each course.
    async fn latest_completions(&self) -> Result<Vec<LatestCompletion>, StoreError>;
    /// Queue reminders, each with its step row, in one transaction. A step already written
    /// queues nothing (None), so no step is ever sent twice.
    async fn queue_reminders(
        &self,
        reminders: &[(ReminderStep, NewOutbox)],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>, StoreError>;
    /// The training reminder steps written for due dates on or after `due_from` (not
    /// other passes' steps, whose course ids start with `*`: see `sent_reminders_of`).
    async fn sent_reminders(
        &self,
        due_from: chrono::NaiveDate,
    ) -> Result<Vec<ReminderStep>, StoreError>;
    /// The reminder steps whose course id starts with `course_prefix` (e.g. `*partner:`),
    /// for dates on or after `due_from`: a pass that needs only its own recent steps reads
    /// no others.
    async fn sent_reminders_of(
        &self,
        course_prefix: &str,
        due_from: chrono::NaiveDate,
    ) -> Result<Vec<ReminderStep>, StoreError>;
    /// Queue messages that each settle several steps (one message listing several
    /// partners), in one transaction: per message, its step rows, then the message if any
    /// of them is new. A message whose steps were all written before queues nothing
    /// (None), nor does one whose key is queued already.
    async fn queue_reminder_groups(
        &self,
        groups: &[(Vec<ReminderStep>, NewOutbox)],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>, StoreError>;

    // Check-ins.
    /// Create a plan with its assignees, its "created" change row and the outbox rows
    /// `outbox` builds, in one transaction. A request key already used writes nothing
    /// (`outbox` is not called) and hands back the plan it created, `created` false.
    async fn create_checkin_plan(
        &self,
        plan: &NewCheckinPlan,
        outbox: PlanOutboxFor<'_>,
    ) -> Result<PlanCreated, StoreError>;
    /// Queue check-in messages, each with its step row, in one transaction. A step
    /// already written queues nothing (None), so no step is ever sent twice; nor does a
    /// step worked out from a plan that has been changed since (`plan_updated_ms`), so a
    /// pause or a new cadence saved while the scheduler is at work is never followed by
    /// a reminder from the old schedule.
    async fn queue_checkin_steps(
        &self,
        steps: &[(CheckinStep, NewOutbox)],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>, StoreError>;
    /// Record an occurrence's outcome (`done` or `skipped`) once: false, writing nothing,
    /// if one is recorded already. The note is sealed.
    async fn record_checkin_outcome(
        &self,
        plan_id: i64,
        seq: i64,
        outcome: &str,
        actor_id: Option<i64>,
        note_sealed: Option<&[u8]>,
        at_ms: i64,
    ) -> Result<bool, StoreError>;
    /// The occurrences of a plan with an outcome recorded: (seq, outcome).
    async fn checkin_outcomes(&self, plan_id: i64) -> Result<Vec<(i64, String)>, StoreError>;
    /// Plans oldest first: one case's, or every plan for None.
    async fn checkin_plans(
        &self,
        concern_id: Option<i64>,
    ) -> Result<Vec<CheckinPlanRecord>, StoreError>;
    /// The newest `limit` plans of one school (every school for None), newest first.
    async fn recent_checkin_plans(
        &self,
        school_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<CheckinPlanRecord>, StoreError>;
    /// One plan by id.
    async fn checkin_plan(&self, id: i64) -> Result<Option<CheckinPlanRecord>, StoreError>;
    /// At most `limit` plans due at `now_ms` (`next_due_ms <= now_ms`), in
    /// `(next_due_ms, id)` order, strictly after `after` in that order: one batch of a
    /// scheduler pass, read through the index.
    async fn due_checkin_plans(
        &self,
        now_ms: i64,
        after: (i64, i64),
        limit: i64,
    ) -> Result<Vec<CheckinPlanRecord>, StoreError>;
    /// What the scheduler needs about some plans' past check-ins: the outcomes recorded
    /// (plan, seq, outcome) and the steps already taken (plan, seq, step).
    async fn checkin_history_of(&self, plan_ids: &[i64]) -> Result<CheckinHistory, StoreError>;
    /// Write next due times in one transaction, each only if its plan is still as read;
    /// returns how many were written.
    async fn set_checkin_next_due(&self, updates: &[CheckinNextDue]) -> Result<u64, StoreError>;
    /// The earliest next due time of any plan (through the index).
    async fn next_checkin_due(&self) -> Result<Option<i64>, StoreError>;
    /// Mark every plan of a school due at `now_ms` (its closed days changed); how many.
    async fn mark_checkin_plans_due(&self, school_id: &str, now_ms: i64)
    -> Result<u64, StoreError>;
    /// Apply a change to a plan with its change-log row and outbox rows, in one
    /// transaction. None, writing nothing, when the plan changed since it was read.
    async fn change_checkin_plan(
        &self,
        change: &CheckinPlanChange,
        outbox: &[NewOutbox],
    ) -> Result<Option<Vec<Option<i64>>>, StoreError>;
    /// A plan's change log, oldest first.
    async fn checkin_changes(&self, plan_id: i64) -> Result<Vec<CheckinChange>, StoreError>;

    // Holidays.
    /// Replace the imported holidays of each school named in `holidays` with its rows
    /// there, in one transaction; other schools keep theirs. Those schools' check-in
    /// plans are marked due at `now_ms` (their check-ins may have moved).
    async fn import_holidays(
        &self,
        holidays: &[Holiday],
        now_ms: i64,
    ) -> Result<ImportSummary, StoreError>;
    /// Every imported holiday, by school then date.
    async fn holidays(&self) -> Result<Vec<Holiday>, StoreError>;

    // The data key.
    /// Seal every value sealed under the data key (the columns in
    /// [`rekey::SEALED_COLUMNS`]) again under `new`, all in one transaction, and leave a
    /// key check for `new` (see [`rekey`]). First every value is opened with `old`,
    /// writing nothing: one that does not open fails the whole with
    /// [`StoreError::WrongKey`] naming its table, column and row. Other writers wait
    /// meanwhile (SQLite: the write lock; PostgreSQL: the tables are locked), but a server
    /// still running with `old` would go on sealing under it afterwards: stop them first.
    /// On SQLite the file is then rebuilt, so no old sealed copy is left in its free space.
    /// The store's own key is not used (nor changed): open another store with `new`.
    async fn rekey(
        &self,
        old: &DataKey,
        new: &DataKey,
        progress: RekeyProgress<'_>,
    ) -> Result<RekeyReport, StoreError>;
}

pub type SharedStore = Arc<dyn Store>;

/// Open the database a URL names, creating a SQLite file if needed. Does not migrate.
///
/// `key` is the data key, which seals and opens the roster's Teams webhook URLs (see
/// `store::webhook`). Without it, the store reads them as absent and refuses to store
/// one: enough for everything but delivering private messages and importing or exporting
/// the URLs.
pub async fn open(url: &str, key: Option<DataKey>) -> Result<SharedStore, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url, key).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url, key).await?))
    } else {
        Err(StoreError::Open {
            url: redact_url(url),
            reason: "the URL must start with sqlite: or postgres://".into(),
        })
    }
}

/// Open and migrate; with the key, migrating also seals the webhook URLs an earlier
/// version stored in plain text (see [`Store::migrate`]).
pub async fn open_and_migrate(url: &str, key: Option<DataKey>) -> Result<SharedStore, StoreError> {
    let s = open(url, key).await?;
    s.migrate().await?;
    Ok(s)
}

/// A database URL fit for messages: any password is replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            let tail = tail.split('?').next().unwrap_or("");
            format!("{scheme}://{masked}@{host}{tail}")
        }
        // PostgreSQL also takes the password as a parameter (`?password=…`, as sqlx
        // reads it, its name percent-decoded): masked, the other parameters kept.
        None => match tail.split_once('?') {
            Some((path, query)) => {
                let params: Vec<String> = query
                    .split('&')
                    .map(|param| {
                        let (raw, _) = param.split_once('=').unwrap_or((param, ""));
                        let name = url::form_urlencoded::parse(raw.as_bytes())
                            .next()
                            .map(|(name, _)| name.to_ascii_lowercase())
                            .unwrap_or_default();
                        if name.contains("password") {
                            format!("{raw}=***")
                        } else {
                            param.to_string()
                        }
                    })
                    .collect();
                format!("{scheme}://{authority}{path}?{}", params.join("&"))
            }
            None => format!("{scheme}://{authority}{tail}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://postgres:hunter2@127.0.0.1:5432/db?sslmode=disable&password=x"),
            "postgres://postgres:***@127.0.0.1:5432/db"
        );
        assert_eq!(
            redact_url("sqlite://safeharbor.db?mode=rwc"),
            "sqlite://safeharbor.db?mode=rwc"
        );
        // The password as a parameter, which PostgreSQL (and sqlx) take as well.
        assert_eq!(
            redact_url("postgres://db.example:5432/sh?user=app&password=hunter2&sslmode=require"),
            "postgres://db.example:5432/sh?user=app&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgresql://db.example/sh?pass%77ord=hunter2"),
            "postgresql://db.example/sh?pass%77ord=***"
        );
    }
}
