//! The core's due work: escalating concerns nobody acknowledged, alerting admins about
//! messages that could not be delivered, purging closed concerns after retention, and
//! queueing training reminders.
use chrono::{DateTime, TimeZone, Utc};
use tracing::{info, warn};

use super::concern::{Content, person_locale};
use super::{Engine, Reply};
use crate::domain::{AuditAction, CaseRef, OutboxKind, Person, Role};
use crate::store::{NewAudit, OutboxRecord, StoreError};

/// A step is "late" when it runs this long after it was due (the server was down).
const LATE_AFTER_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// What one pass of due work did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueReport {
    pub escalated: u64,
    pub late: u64,
    pub purged: u64,
    /// Training reminders and digests queued.
    pub reminders: u64,
    /// Check-in reminders queued.
    pub checkin_reminders: u64,
}

impl Engine {
    fn escalation_window_ms(&self, school_id: &str) -> i64 {
        let school = self
            .config
            .school(school_id)
            .unwrap_or_else(|| self.config.default_school());
        i64::from(school.escalation_minutes) * 60_000
    }

    /// Who hears about a concern at an escalation level: 1 the backups (or, with none, the
    /// coordinators); 2 the coordinators and the admins. Those told at filing (immediate
    /// danger: primary, backups, admins) are not told again.
    fn escalation_recipients(
        people: &[Person],
        school_id: &str,
        level: i64,
        immediate_danger: bool,
    ) -> Vec<Person> {
        let at_school = |role: Role| {
            people
                .iter()
                .filter(move |p| p.school_id == school_id && p.has_role(role))
        };
        let mut out: Vec<&Person> = match (level, immediate_danger) {
            (1, true) => vec![],
            (1, false) => {
                let backups: Vec<&Person> = at_school(Role::BackupCounselor).collect();
                if backups.is_empty() {
                    at_school(Role::Coordinator).collect()
                } else {
                    backups
                }
            }
            (_, true) => at_school(Role::Coordinator)
                .filter(|p| !p.is_admin())
                .collect(),
            (_, false) => at_school(Role::Coordinator)
                .chain(people.iter().filter(|p| p.is_admin()))
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        out.retain(|p| seen.insert(p.id));
        out.into_iter().cloned().collect()
    }

    /// Run everything due now. Each step is a conditional write, so several servers (or a
    /// catch-up after downtime) do each one exactly once.
    pub async fn run_due(&self) -> Result<DueReport, StoreError> {
        let now_ms = self.clock.now().timestamp_millis();
        let mut report = DueReport::default();
        // A concern filed within the shortest window of any school cannot be due yet.
        let shortest = self
            .config
            .schools
            .iter()
            .map(|s| i64::from(s.escalation_minutes) * 60_000)
            .min()
            .unwrap_or(0);
        let candidates = self.store.escalation_candidates(now_ms - shortest).await?;
        if !candidates.is_empty() {
            let people = self.store.people().await?;
            for c in candidates {
                let window = self.escalation_window_ms(&c.school_id);
                let mut level = c.level;
                // Reported once a pass, however many levels the case climbs in it.
                let mut reported = false;
                while level < 2 {
                    let due = c.created_ms + window * (level + 1);
                    if now_ms < due {
                        break;
                    }
                    let to = level + 1;
                    let late = now_ms - due > LATE_AFTER_MS;
                    let Some(record) = self.store.concern(c.id).await? else {
                        break;
                    };
                    // Content that will not open escalates all the same, by what is
                    // stored in the clear and saying so: one damaged case must not hold
                    // back the reminders about it, nor those about any other case.
                    let content = self.try_open(&record);
                    if let Err(why) = content
                        && !reported
                    {
                        reported = true;
                        // Queued in the outbox: the dispatcher delivers them.
                        self.unreadable_found(&[(&record, why)], now_ms).await;
                    }
                    let content = content.ok();
                    let minutes = window * to / 60_000;
                    let recipients =
                        Self::escalation_recipients(&people, &c.school_id, to, c.immediate_danger);
                    let rows: Vec<_> = recipients
                        .iter()
                        .map(|p| {
                            let reply = self.escalation_reply(
                                p,
                                to,
                                minutes,
                                late,
                                &record,
                                content.as_ref(),
                                &people,
                            );
                            self.draft(
                                p,
                                OutboxKind::Escalation,
                                Some(c.id),
                                format!("escalate:{}:{to}:{}", c.id, p.id),
                                reply,
                                now_ms,
                            )
                            .row
                        })
                        .collect();
                    let audit = NewAudit {
                        concern_id: c.id,
                        actor_id: None,
                        action: AuditAction::Escalated,
                        detail: Some(to.to_string()),
                        note_sealed: None,
                        at_ms: now_ms,
                    };
                    if !self.store.escalate(c.id, level, to, &audit, &rows).await? {
                        break;
                    }
                    info!(
                        case_id = c.id,
                        level = to,
                        recipients = rows.len(),
                        late,
                        "concern escalated"
                    );
                    metrics::counter!("safeharbor_escalations_total", "level" => to.to_string())
                        .increment(1);
                    report.escalated += 1;
                    if late {
                        report.late += 1;
                    }
                    level = to;
                }
            }
        }
        let cutoff = now_ms - self.config.concerns.retention_days * DAY_MS;
        report.purged = self.store.purge_closed(cutoff).await?;
        if report.purged > 0 {
            info!(
                purged = report.purged,
                "closed concerns past retention deleted"
            );
        }
        report.reminders = self.training_pass(false).await?.queued;
        report.checkin_reminders = self.checkin_pass(false).await?.queued;
        Ok(report)
    }

    /// The reminder, then the case as a handoff shows it; without content (it will not
    /// open) by its number, school, status and who has it, saying its content cannot be
    /// opened.
    #[allow(clippy::too_many_arguments)]
    fn escalation_reply(
        &self,
        to: &Person,
        level: i64,
        minutes: i64,
        late: bool,
        record: &crate::store::ConcernRecord,
        content: Option<&Content>,
        people: &[Person],
    ) -> Reply {
        let loc = person_locale(to);
        let case = CaseRef(record.id).to_string();
        let id = if level == 1 {
            "concern-escalation-backup"
        } else {
            "concern-escalation-coordinator"
        };
        let mut r = Reply::new().warning(self.ta(
            loc,
            id,
            &[("case", case.into()), ("minutes", minutes.into())],
        ));
        if late {
            r = r.text(self.t(loc, "concern-escalation-late"));
        }
        let handoff = self.handoff_reply(loc, record, content, people, false);
        r.blocks.extend(handoff.blocks);
        r
    }

    /// When the next escalation or check-in step falls due, if any; the scheduler sleeps
    /// until then (or its longest nap). Check-in plans answer through their index.
    pub async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let escalation = self
            .store
            .escalation_earliest()
            .await?
            .iter()
            .map(|e| e.created_ms + self.escalation_window_ms(&e.school_id) * (e.level + 1))
            .min();
        let checkin = self.store.next_checkin_due().await?;
        let next = escalation.into_iter().chain(checkin).min();
        Ok(next.and_then(|ms| Utc.timestamp_millis_opt(ms).single()))
    }

    /// Give up on a message: mark it failed and tell the admins (unless the message was
    /// itself an alert), in one transaction. The alert names who was not reached and why
    /// (an error kind), never what the message said.
    pub async fn delivery_failed(
        &self,
        row: &OutboxRecord,
        error: &str,
    ) -> Result<bool, StoreError> {
        let now_ms = self.clock.now().timestamp_millis();
        let mut alerts = vec![];
        if row.kind != OutboxKind::Alert {
            let people = self.store.people().await?;
            let who = people
                .iter()
                .find(|p| p.id == row.recipient_id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| format!("#{}", row.recipient_id));
            for admin in people
                .iter()
                .filter(|p| p.is_admin() && p.id != row.recipient_id)
            {
                let loc = person_locale(admin);
                let case = row
                    .concern_id
                    .map(|id| CaseRef(id).to_string())
                    .unwrap_or_else(|| "-".into());
                let reply = Reply::new().warning(self.ta(
                    loc,
                    "delivery-failed-alert",
                    &[
                        ("name", who.clone().into()),
                        ("case", case.into()),
                        ("platform", row.platform.as_str().into()),
                        ("error", error.to_string().into()),
                    ],
                ));
                alerts.push(
                    self.draft(
                        admin,
                        OutboxKind::Alert,
                        row.concern_id,
                        format!("alert:{}:{}", row.id, admin.id),
                        reply,
                        now_ms,
                    )
                    .row,
                );
            }
        }
        let failed = self
            .store
            .fail_outbox(row.id, now_ms, error, &alerts)
            .await?;
        if failed {
            warn!(outbox_id = row.id, platform = %row.platform, error, alerts = alerts.len(), "gave up on a private message");
        }
        Ok(failed)
    }
}
