//! Reminders before each check-in, from `Engine::run_due`, through the outbox. A reminder
//! is due `remind_minutes` before its check-in; it is sent once (a step row per person,
//! written with its message), never for a check-in already past, and never if it was
//! already due when the plan was made.
use chrono::Duration;
use fluent::FluentValue;
use tracing::info;

use crate::domain::{CaseRef, OutboxKind};
use crate::engine::concern::person_locale;
use crate::engine::notify::{Draft, notifications};
use crate::engine::training::ReminderPass;
use crate::engine::{Engine, Reply};
use crate::store::{CheckinStep, StoreError};

/// A check-in with no outcome this long after its time is missed.
pub const MISSED_AFTER_HOURS: i64 = 24;

impl Engine {
    /// Queue every check-in reminder due now.
    pub async fn checkin_reminders(&self) -> Result<ReminderPass, StoreError> {
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let plans = self.store.checkin_plans(None).await?;
        let mut pass = ReminderPass {
            queued: 0,
            notifications: vec![],
        };
        if !plans.iter().any(|p| p.state == "active") {
            return Ok(pass);
        }
        let people = self.store.people().await?;
        for plan in plans.iter().filter(|p| p.state == "active") {
            let longest = plan.remind_minutes.iter().copied().max().unwrap_or(0);
            let Some(schedule) = self.plan_schedule(plan) else {
                continue;
            };
            let mut drafts: Vec<(CheckinStep, Draft)> = vec![];
            for o in schedule
                .occurrences()
                .skip_while(|o| o.at <= now)
                .take_while(|o| o.at - Duration::minutes(longest) <= now)
            {
                for &minutes in &plan.remind_minutes {
                    let due_ms = (o.at - Duration::minutes(minutes)).timestamp_millis();
                    if due_ms > now_ms || due_ms < plan.created_ms {
                        continue;
                    }
                    for person in plan
                        .assignees
                        .iter()
                        .filter_map(|id| people.iter().find(|p| p.id == *id))
                    {
                        let locale = person_locale(person);
                        let reply = Reply::new().text(self.ta(
                            locale,
                            "checkin-reminder",
                            &[
                                (
                                    "case",
                                    FluentValue::from(CaseRef(plan.concern_id).to_string()),
                                ),
                                ("plan", FluentValue::from(plan.id.to_string())),
                                (
                                    "id",
                                    FluentValue::from(format!("{}.{}", plan.id, o.seq + 1)),
                                ),
                                (
                                    "when",
                                    self.occurrence_when(locale, &o, schedule.zone).into(),
                                ),
                            ],
                        ));
                        let step = format!("r{minutes}:{}", person.id);
                        let draft = self.draft(
                            person,
                            OutboxKind::Reminder,
                            None,
                            format!("checkin:{}:{}:{step}", plan.id, o.seq),
                            reply,
                            now_ms,
                        );
                        drafts.push((
                            CheckinStep {
                                plan_id: plan.id,
                                seq: i64::from(o.seq),
                                step,
                            },
                            draft,
                        ));
                    }
                }
            }
            // Missed: a check-in made after the plan, past its grace period, with no
            // outcome recorded; the school's coordinators are told once.
            let cutoff = now - Duration::hours(MISSED_AFTER_HOURS);
            let past: Vec<_> = schedule
                .occurrences()
                .take_while(|o| o.at <= cutoff)
                .filter(|o| o.at.timestamp_millis() >= plan.created_ms)
                .collect();
            if !past.is_empty() {
                let recorded = self.store.checkin_outcomes(plan.id).await?;
                let coordinators: Vec<_> = people
                    .iter()
                    .filter(|p| p.school_id == plan.school_id && p.is_coordinator())
                    .collect();
                for o in past
                    .iter()
                    .filter(|o| !recorded.iter().any(|(seq, _)| *seq == i64::from(o.seq)))
                {
                    for person in &coordinators {
                        let locale = person_locale(person);
                        let id = format!("{}.{}", plan.id, o.seq + 1);
                        let reply = Reply::new().warning(self.ta(
                            locale,
                            "checkin-missed",
                            &[
                                (
                                    "case",
                                    FluentValue::from(CaseRef(plan.concern_id).to_string()),
                                ),
                                ("plan", FluentValue::from(plan.id.to_string())),
                                ("id", FluentValue::from(id)),
                                (
                                    "when",
                                    self.occurrence_when(locale, o, schedule.zone).into(),
                                ),
                            ],
                        ));
                        let step = format!("missed:{}", person.id);
                        let draft = self.draft(
                            person,
                            OutboxKind::Reminder,
                            None,
                            format!("checkin:{}:{}:{step}", plan.id, o.seq),
                            reply,
                            now_ms,
                        );
                        drafts.push((
                            CheckinStep {
                                plan_id: plan.id,
                                seq: i64::from(o.seq),
                                step,
                            },
                            draft,
                        ));
                    }
                }
            }
            if drafts.is_empty() {
                continue;
            }
            let rows: Vec<_> = drafts
                .iter()
                .map(|(s, d)| (s.clone(), d.row.clone()))
                .collect();
            let ids = self.store.queue_checkin_steps(&rows, now_ms).await?;
            let queued = ids.iter().filter(|i| i.is_some()).count();
            if queued > 0 {
                info!(plan_id = plan.id, queued, "check-in reminders queued");
            }
            pass.queued += queued as u64;
            pass.notifications.extend(notifications(
                drafts.into_iter().map(|(_, d)| d).collect(),
                &ids,
            ));
        }
        Ok(pass)
    }
}
