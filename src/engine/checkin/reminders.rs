//! Reminders before each check-in, from `Engine::run_due`, through the outbox. A reminder
//! is due `remind_minutes` before its check-in; it is sent once (a step row per person,
//! written with its message), never for a check-in already past, never if it was
//! already due when the plan was made, changed or resumed, and never for a check-in the
//! plan does not hold (paused, cancelled). A held check-in with no outcome a day after
//! its time is missed: the coordinators are told, and the primary counselor too when the
//! check-in before it was missed as well.
use chrono::Duration;
use fluent::FluentValue;
use tracing::info;

use super::timeline::Held;
use crate::domain::{CaseRef, OutboxKind, Person, Role};
use crate::engine::concern::person_locale;
use crate::engine::notify::{Draft, notifications};
use crate::engine::training::ReminderPass;
use crate::engine::{Engine, Reply};
use crate::store::{CheckinStep, StoreError};

/// A check-in with no outcome this long after its time is missed.
pub const MISSED_AFTER_HOURS: i64 = 24;

impl Engine {
    /// Queue every check-in reminder and missed-check-in notice due now.
    pub async fn checkin_reminders(&self) -> Result<ReminderPass, StoreError> {
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let plans = self.store.checkin_plans(None).await?;
        let mut pass = ReminderPass {
            queued: 0,
            notifications: vec![],
        };
        // A plan off for more than a week has nothing left to flag.
        let quiet_after = Duration::days(7).num_milliseconds();
        let plans: Vec<_> = plans
            .into_iter()
            .filter(|p| {
                p.state == "active"
                    || p.off_spans
                        .iter()
                        .any(|(from, to)| to.is_none() && now_ms - from < quiet_after)
            })
            .collect();
        if plans.is_empty() {
            return Ok(pass);
        }
        let people = self.store.people().await?;
        let closed = self.closed_days_by_school().await?;
        for plan in &plans {
            let Some(timeline) = self.plan_timeline(plan, &closed) else {
                continue;
            };
            let case = FluentValue::from(CaseRef(plan.concern_id).to_string());
            let plan_word = FluentValue::from(plan.id.to_string());
            let mut drafts: Vec<(CheckinStep, Draft)> = vec![];
            let mut step = |person: &Person, h: &Held, step: String, reply: Reply| {
                let draft = self.draft(
                    person,
                    OutboxKind::Reminder,
                    None,
                    format!("checkin:{}:{}:{step}", plan.id, h.seq()),
                    reply,
                    now_ms,
                );
                drafts.push((
                    CheckinStep {
                        plan_id: plan.id,
                        seq: i64::from(h.seq()),
                        step,
                    },
                    draft,
                ));
            };

            // Reminders: none already due when the plan was made, changed or resumed.
            let floor_ms = plan
                .off_spans
                .iter()
                .filter_map(|(_, to)| *to)
                .chain(plan.history.last().map(|v| v.to_ms))
                .fold(plan.created_ms, i64::max);
            let longest = plan.remind_minutes.iter().copied().max().unwrap_or(0);
            let assignees: Vec<&Person> = plan
                .assignees
                .iter()
                .filter_map(|id| people.iter().find(|p| p.id == *id))
                .collect();
            for h in timeline
                .held()
                .skip_while(|h| h.at() <= now)
                .take_while(|h| h.at() - Duration::minutes(longest) <= now)
            {
                for &minutes in &plan.remind_minutes {
                    let due_ms = (h.at() - Duration::minutes(minutes)).timestamp_millis();
                    if due_ms > now_ms || due_ms < floor_ms {
                        continue;
                    }
                    for person in &assignees {
                        let locale = person_locale(person);
                        let reply = Reply::new().text(self.ta(
                            locale,
                            "checkin-reminder",
                            &[
                                ("case", case.clone()),
                                ("plan", plan_word.clone()),
                                (
                                    "id",
                                    FluentValue::from(format!("{}.{}", plan.id, h.seq() + 1)),
                                ),
                                (
                                    "when",
                                    self.occurrence_when(locale, &h.occurrence, h.zone).into(),
                                ),
                            ],
                        ));
                        step(person, &h, format!("r{minutes}:{}", person.id), reply);
                    }
                }
            }

            // Missed: a check-in held after the plan was made, past its grace period,
            // with no outcome. The school's coordinators are told once; when the one
            // before it was missed too, so is the school's primary counselor.
            let cutoff = now - Duration::hours(MISSED_AFTER_HOURS);
            let past: Vec<Held> = timeline
                .held()
                .take_while(|h| h.at() <= cutoff)
                .filter(|h| h.at().timestamp_millis() >= plan.created_ms)
                .collect();
            if !past.is_empty() {
                let recorded = self.store.checkin_outcomes(plan.id).await?;
                let missed = |h: &Held| !recorded.iter().any(|(seq, _)| *seq == i64::from(h.seq()));
                let at_school = |role: Role| -> Vec<&Person> {
                    people
                        .iter()
                        .filter(|p| p.school_id == plan.school_id && p.has_role(role))
                        .collect()
                };
                let coordinators = at_school(Role::Coordinator);
                // Roster order: the first counselor is the primary.
                let primary = at_school(Role::Counselor).into_iter().next();
                for (i, h) in past.iter().enumerate().filter(|(_, h)| missed(h)) {
                    let twice = i > 0 && missed(&past[i - 1]);
                    let mut told: Vec<(&Person, &str)> = coordinators
                        .iter()
                        .map(|p| (*p, "checkin-missed"))
                        .collect();
                    if twice && let Some(primary) = primary {
                        told.retain(|(p, _)| p.id != primary.id);
                        told.push((primary, "checkin-missed-twice"));
                    }
                    for (person, message) in told {
                        let locale = person_locale(person);
                        let reply = Reply::new().warning(self.ta(
                            locale,
                            message,
                            &[
                                ("case", case.clone()),
                                ("plan", plan_word.clone()),
                                (
                                    "id",
                                    FluentValue::from(format!("{}.{}", plan.id, h.seq() + 1)),
                                ),
                                (
                                    "when",
                                    self.occurrence_when(locale, &h.occurrence, h.zone).into(),
                                ),
                            ],
                        ));
                        let name = if message == "checkin-missed" {
                            "missed"
                        } else {
                            "missed2"
                        };
                        step(person, h, format!("{name}:{}", person.id), reply);
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
