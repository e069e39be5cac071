//! Re-check nudges for stale partner records (SPEC §3): a school's partner directory is
//! owned by its coordinators (with none, its admins); inside the school's working time each
//! of them gets one private message listing the partners its staff see in `/partners`
//! whose records are due a re-check. A partner is listed once when it goes stale, then
//! again every [`NUDGE_EVERY_DAYS`] while it stays stale; a new verified date ends that.
//!
//! Each nudge is a reminder step (course id `*partner:ID`, the day it was sent, and the
//! verified date it was about), written with its message in one transaction, so a
//! retried pass or a second server queues nothing twice.
use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use sha2::{Digest, Sha256};
use tracing::info;

use super::concern::person_locale;
use super::notify::Draft;
use super::partners::{is_stale, visible_to};
use super::training::in_working_time;
use super::{Engine, Reply};
use crate::config::School;
use crate::domain::{OutboxKind, Partner, Person, Role};
use crate::store::{ReminderStep, StoreError};

/// A partner that stays stale is listed again this many days after its last nudge.
pub const NUDGE_EVERY_DAYS: i64 = 30;

/// The course id prefix of the nudges' reminder steps (`*partner:ID`).
const NUDGE_COURSE_PREFIX: &str = "*partner:";

/// At most this many partners are listed by name in one nudge; the rest are counted.
const NUDGE_LISTED: usize = 25;

/// Nudges written at a time by the pass.
const NUDGES_PER_WRITE: usize = 64;

/// Which record a nudge was about: its verified date, so that a new one starts afresh.
fn verified_step(p: &Partner) -> String {
    match p.last_verified_on {
        Some(d) => format!("verified:{d}"),
        None => "never-verified".into(),
    }
}

fn nudge_course(p: &Partner) -> String {
    format!("{NUDGE_COURSE_PREFIX}{}", p.id)
}

/// Who owns a school's partner directory: its coordinators, or, with none, its admins.
fn directory_owners<'a>(people: &'a [Person], school: &School) -> Vec<&'a Person> {
    let with = |role: Role| -> Vec<&'a Person> {
        people
            .iter()
            .filter(|p| p.school_id == school.id && p.has_role(role))
            .collect()
    };
    let coordinators = with(Role::Coordinator);
    if coordinators.is_empty() {
        with(Role::Admin)
    } else {
        coordinators
    }
}

/// The outbox key of one person's nudge on one day about exactly these records, so a
/// retried pass finds it queued, while a partner going stale later that day is not lost.
fn nudge_key(person_id: i64, today: NaiveDate, steps: &[ReminderStep]) -> String {
    let mut h = Sha256::new();
    for s in steps {
        h.update(s.course_id.as_bytes());
        h.update([0]);
        h.update(s.step.as_bytes());
        h.update([0]);
    }
    let digest = hex::encode(h.finalize());
    format!("partners-stale:{person_id}:{today}:{}", &digest[..16])
}

impl Engine {
    /// Queue the re-check nudges due now (see the module's docs); returns how many
    /// messages were queued. Reads nothing while no school is in its working time, and
    /// reads the roster and the nudges of the last [`NUDGE_EVERY_DAYS`] only when some
    /// open school sees a stale partner.
    pub async fn partner_nudges(&self) -> Result<u64, StoreError> {
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let open: Vec<(&School, NaiveDate)> = self
            .config
            .schools
            .iter()
            .map(|s| (&**s, now.with_timezone(&s.time_zone)))
            .filter(|(s, local)| in_working_time(s, local))
            .map(|(s, local)| (s, local.date_naive()))
            .collect();
        if open.is_empty() {
            return Ok(0);
        }
        let all = self.store.partners().await?;
        let stale_after = self.config.partners.stale_after_days;
        let stale: Vec<(&School, NaiveDate, Vec<&Partner>)> = open
            .into_iter()
            .filter_map(|(school, today)| {
                let mut list: Vec<&Partner> = visible_to(school, &all)
                    .into_iter()
                    .filter(|p| is_stale(p, today, stale_after))
                    .collect();
                // As `/partners` orders them: local partners first, then national lines.
                list.sort_by_key(|p| (p.is_national(), p.name.to_lowercase(), p.id.clone()));
                (!list.is_empty()).then_some((school, today, list))
            })
            .collect();
        if stale.is_empty() {
            return Ok(0);
        }
        let people = self.store.people().await?;
        // Only a nudge of the last NUDGE_EVERY_DAYS holds the next one back (a day more:
        // the schools' local dates differ from UTC's).
        let since = now.date_naive() - Days::new(NUDGE_EVERY_DAYS as u64 + 1);
        let mut last_nudged: HashMap<(i64, String, String), NaiveDate> = HashMap::new();
        for s in self
            .store
            .sent_reminders_of(NUDGE_COURSE_PREFIX, since)
            .await?
        {
            let day = last_nudged
                .entry((s.person_id, s.course_id, s.step))
                .or_insert(s.due_on);
            *day = (*day).max(s.due_on);
        }

        let mut groups: Vec<(Vec<ReminderStep>, Draft)> = vec![];
        let mut queued = 0;
        for (school, today, partners) in &stale {
            for owner in directory_owners(&people, school) {
                let due: Vec<&Partner> = partners
                    .iter()
                    .copied()
                    .filter(|p| {
                        last_nudged
                            .get(&(owner.id, nudge_course(p), verified_step(p)))
                            .is_none_or(|last| (*today - *last).num_days() >= NUDGE_EVERY_DAYS)
                    })
                    .collect();
                if due.is_empty() {
                    continue;
                }
                if groups.len() >= NUDGES_PER_WRITE {
                    queued += self.queue_nudges(&mut groups, now_ms).await?;
                }
                let steps: Vec<ReminderStep> = due
                    .iter()
                    .map(|p| ReminderStep {
                        person_id: owner.id,
                        course_id: nudge_course(p),
                        due_on: *today,
                        step: verified_step(p),
                    })
                    .collect();
                let draft = self.draft(
                    owner,
                    OutboxKind::Reminder,
                    None,
                    nudge_key(owner.id, *today, &steps),
                    self.nudge_reply(owner, school, &due),
                    now_ms,
                );
                groups.push((steps, draft));
            }
        }
        queued += self.queue_nudges(&mut groups, now_ms).await?;
        if queued > 0 {
            info!(queued, "partner re-check nudges queued");
        }
        Ok(queued)
    }

    /// Write the nudges drafted so far, each with its steps; how many were new.
    async fn queue_nudges(
        &self,
        groups: &mut Vec<(Vec<ReminderStep>, Draft)>,
        now_ms: i64,
    ) -> Result<u64, StoreError> {
        if groups.is_empty() {
            return Ok(0);
        }
        let rows: Vec<_> = groups
            .drain(..)
            .map(|(steps, draft)| (steps, draft.row))
            .collect();
        let ids = self.store.queue_reminder_groups(&rows, now_ms).await?;
        let queued = ids.iter().filter(|i| i.is_some()).count() as u64;
        metrics::counter!("safeharbor_partner_nudges_total").increment(queued);
        Ok(queued)
    }

    fn nudge_reply(&self, to: &Person, school: &School, due: &[&Partner]) -> Reply {
        let loc = person_locale(to);
        let lines = due
            .iter()
            .take(NUDGE_LISTED)
            .map(|p| {
                let verified = match p.last_verified_on {
                    Some(d) if p.last_verified_by.trim().is_empty() => self.ta(
                        loc,
                        "partners-nudge-verified-on",
                        &[("date", self.i18n.date(loc, d).into())],
                    ),
                    Some(d) => self.ta(
                        loc,
                        "partners-nudge-verified-by",
                        &[
                            ("date", self.i18n.date(loc, d).into()),
                            ("by", p.last_verified_by.trim().to_string().into()),
                        ],
                    ),
                    None => self.t(loc, "partners-nudge-never-verified"),
                };
                self.ta(
                    loc,
                    "partners-nudge-line",
                    &[
                        ("name", p.name.clone().into()),
                        (
                            "category",
                            self.t(loc, &format!("partner-cat-{}", p.category.as_str()))
                                .into(),
                        ),
                        ("verified", verified.into()),
                    ],
                )
            })
            .collect();
        let mut r = Reply::new()
            .heading(self.ta(
                loc,
                "partners-nudge-title",
                &[("school", school.name.clone().into())],
            ))
            .text(self.ta(
                loc,
                "partners-nudge-intro",
                &[
                    ("count", (due.len() as i64).into()),
                    ("days", self.config.partners.stale_after_days.into()),
                    ("command", self.slash("partners").into()),
                ],
            ))
            .bullets(lines);
        if due.len() > NUDGE_LISTED {
            r = r.text(self.ta(
                loc,
                "partners-nudge-more",
                &[("count", ((due.len() - NUDGE_LISTED) as i64).into())],
            ));
        }
        r.text(self.t(loc, "partners-nudge-how")).footer(self.ta(
            loc,
            "partners-nudge-again",
            &[("days", NUDGE_EVERY_DAYS.into())],
        ))
    }
}
