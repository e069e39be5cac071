//! `/checkin schedule` and `/checkin list`: who may, what is stored, what is said.
//! Pseudonymous: replies and notices carry the case number and plan id, never a student
//! reference. Who may: the case's school's counselors and coordinators, and admins (the
//! rule of concern.rs).
use chrono::{NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use fluent::FluentValue;

use super::parse::{ParseError, cadence_text, parse_cadence_text, parse_schedule, weekday_word};
use super::schedule::{ClosedDays, Occurrence, Schedule};
use super::timeline::{Timeline, Version};
use crate::config::School;
use crate::domain::{CaseRef, OutboxKind, Person};
use crate::engine::concern::{assignee_problem, person_locale};
use crate::engine::notify::{Draft, notifications};
use crate::engine::text::command_word;
use crate::engine::{Ctx, Engine, Invocation, Outcome, Reply};
use crate::store::{CheckinPlanRecord, NewCheckinPlan, StoreError};

/// Reminders before each check-in when a plan names none: 24 hours and 1 hour.
pub const DEFAULT_REMIND_MINUTES: [i64; 2] = [24 * 60, 60];
/// How many next occurrences a list or a confirmation shows per plan.
const SHOWN: usize = 3;
/// The most plans `/checkin list` without a case shows (the newest).
pub const CHECKIN_LIST_MAX: usize = 25;

/// Closed days by school id.
pub type ClosedBySchool = std::collections::HashMap<String, ClosedDays>;

fn s(v: impl ToString) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
}

/// `/checkin`'s subcommands by their Spanish names (the English ones work in every
/// language).
const SPANISH_SUBCOMMANDS: &[(&str, &str)] = &[
    ("programar", "schedule"),
    ("lista", "list"),
    ("hecho", "done"),
    ("omitir", "skip"),
    ("pausar", "pause"),
    ("reanudar", "resume"),
    ("cancelar", "cancel"),
    ("cambiar", "change"),
    ("historial", "log"),
    ("calendario", "calendar"),
];

impl Engine {
    pub(in crate::engine) async fn checkin(
        &self,
        ctx: &Ctx,
        inv: &Invocation,
    ) -> Result<Outcome, StoreError> {
        let text = inv.text.as_str();
        let Some(me) = ctx.person.clone() else {
            return Ok(Reply::new()
                .warning(self.t(ctx.locale, "checkin-not-on-roster"))
                .into());
        };
        let trimmed = text.trim_start();
        let (sub, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        match command_word(sub, SPANISH_SUBCOMMANDS).as_str() {
            "schedule" if rest.trim().is_empty() => Ok(self.checkin_form_reply(ctx).into()),
            "schedule" => self.checkin_schedule(ctx, inv, &me, rest).await,
            "list" => self.checkin_list(ctx, &me, rest).await.map(Outcome::from),
            "done" => self
                .checkin_outcome(ctx, &me, rest, "done")
                .await
                .map(Outcome::from),
            "skip" => self
                .checkin_outcome(ctx, &me, rest, "skipped")
                .await
                .map(Outcome::from),
            "pause" => self.checkin_pause(ctx, &me, rest).await,
            "resume" => self.checkin_resume(ctx, &me, rest).await,
            "cancel" => self.checkin_cancel(ctx, &me, rest).await,
            "change" => self.checkin_change(ctx, &me, rest).await,
            "log" => self.checkin_log(ctx, &me, rest).await.map(Outcome::from),
            "calendar" => self
                .checkin_calendar(ctx, &me, rest)
                .await
                .map(Outcome::from),
            "" => Ok(Reply::new().text(self.checkin_usage(ctx.locale)).into()),
            _ => {
                let shown: String = sub.chars().take(40).collect();
                Ok(Reply::new()
                    .warning(self.ta(
                        ctx.locale,
                        "error-unknown-subcommand",
                        &[
                            ("word", shown.into()),
                            ("command", self.slash("checkin").into()),
                        ],
                    ))
                    .text(self.checkin_usage(ctx.locale))
                    .into())
            }
        }
    }

    pub(super) fn checkin_usage(&self, locale: &str) -> String {
        self.ta(
            locale,
            "checkin-usage",
            &[("command", self.slash("checkin").into())],
        )
    }

    pub(super) fn checkin_warning(&self, locale: &str, id: &str, word: &str) -> Outcome {
        let shown: String = word.chars().take(60).collect();
        self.usage_warning(locale, id, &[("word", shown.into())])
    }

    /// A warning (message `id` with `args`), then how `/checkin` is used.
    fn usage_warning(&self, locale: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> Outcome {
        Reply::new()
            .warning(self.ta(locale, id, args))
            .text(self.checkin_usage(locale))
            .into()
    }

    /// A plan's cadence in the reader's language ("every 2 weeks on Tuesday", "cada 2
    /// semanas, los martes"), from its stored text (the command syntax, which is what is
    /// shown if it cannot be read).
    pub(in crate::engine) fn cadence_shown(&self, locale: &str, stored: &str) -> String {
        use super::schedule::Cadence;
        let Ok(segments) = parse_cadence_text(stored) else {
            return stored.to_string();
        };
        let n = |v: u32| FluentValue::from(i64::from(v));
        let word = |id: String| -> FluentValue<'_> { self.t(locale, &id).into() };
        let parts = segments.iter().map(|seg| {
            let text = match seg.cadence {
                Cadence::Weeks { every, weekday } => self.ta(
                    locale,
                    "checkin-cadence-weeks",
                    &[
                        ("n", n(every)),
                        (
                            "days",
                            word(format!("checkin-cadence-days-{}", weekday_word(weekday))),
                        ),
                    ],
                ),
                Cadence::MonthDay { every, day } => self.ta(
                    locale,
                    "checkin-cadence-month-day",
                    &[("n", n(every)), ("day", n(day))],
                ),
                Cadence::MonthWeekday {
                    every,
                    nth,
                    weekday,
                } => self.ta(
                    locale,
                    "checkin-cadence-month-nth",
                    &[
                        ("n", n(every)),
                        (
                            "nth",
                            word(format!("checkin-cadence-nth-{}", nth.as_word())),
                        ),
                        (
                            "weekday",
                            word(format!("checkin-cadence-day-{}", weekday_word(weekday))),
                        ),
                    ],
                ),
            };
            match seg.count {
                Some(k) => self.ta(
                    locale,
                    "checkin-cadence-for",
                    &[("segment", text.into()), ("count", n(k))],
                ),
                None => text,
            }
        });
        parts
            .reduce(|before, after| {
                self.ta(
                    locale,
                    "checkin-cadence-then",
                    &[("before", before.into()), ("after", after.into())],
                )
            })
            .unwrap_or_else(|| stored.to_string())
    }

    pub(super) fn parse_warning(&self, locale: &str, e: &ParseError) -> Outcome {
        self.usage_warning(locale, e.kind.message_id(), &e.args())
    }

    /// Each school's closed days: its non-working weekdays, the holidays in its
    /// configuration and those imported (`safeharbor holidays import`).
    pub async fn closed_days_by_school(&self) -> Result<ClosedBySchool, StoreError> {
        let imported = self.store.holidays().await?;
        Ok(self
            .config
            .schools
            .iter()
            .map(|school| {
                let mut closed = closed_days(school);
                closed.holidays.extend(
                    imported
                        .iter()
                        .filter(|h| h.school_id == school.id)
                        .map(|h| h.date),
                );
                (school.id.clone(), closed)
            })
            .collect())
    }

    /// Every check-in a stored plan holds over its life (see [`Timeline`]); None for a
    /// plan whose school is gone or whose stored cadence no longer reads.
    pub fn plan_timeline(
        &self,
        plan: &CheckinPlanRecord,
        closed: &ClosedBySchool,
    ) -> Option<Timeline> {
        let closed = closed.get(&plan.school_id)?;
        let ms = |v: i64| Utc.timestamp_millis_opt(v).single();
        let schedule = |cadence: &str, at: &str, zone: &str, anchor: i64, until| {
            Some(Schedule {
                segments: parse_cadence_text(cadence).ok()?,
                time: NaiveTime::parse_from_str(at, "%H:%M").ok()?,
                zone: zone.parse::<Tz>().ok()?,
                anchor: ms(anchor)?,
                until,
                closed: closed.clone(),
            })
        };
        let mut versions = Vec::with_capacity(plan.history.len() + 1);
        for v in &plan.history {
            versions.push(Version {
                schedule: schedule(
                    &v.cadence,
                    &v.at_time,
                    &v.time_zone,
                    v.anchor_ms,
                    v.until_on,
                )?,
                seq_base: u32::try_from(v.seq_base).ok()?,
                to: Some(ms(v.to_ms)?),
            });
        }
        versions.push(Version {
            schedule: schedule(
                &plan.cadence,
                &plan.at_time,
                &plan.time_zone,
                plan.anchor_ms,
                plan.until_on,
            )?,
            seq_base: u32::try_from(plan.seq_base).ok()?,
            to: None,
        });
        let mut off = Vec::with_capacity(plan.off_spans.len());
        for (from, to) in &plan.off_spans {
            off.push((
                ms(*from)?,
                match to {
                    Some(t) => Some(ms(*t)?),
                    None => None,
                },
            ));
        }
        Some(Timeline { versions, off })
    }

    /// "date (locale and YYYY-MM-DD) at HH:MM ZONE" of one check-in.
    pub(super) fn occurrence_when(&self, locale: &str, o: &Occurrence, zone: Tz) -> String {
        let local = o.at.with_timezone(&zone);
        self.ta(
            locale,
            "concern-time",
            &[
                ("date", self.i18n.date(locale, o.date).into()),
                ("time", s(local.format("%H:%M"))),
                ("zone", s(local.format("%Z"))),
            ],
        )
    }

    pub(super) fn occurrence_line(
        &self,
        locale: &str,
        plan_id: i64,
        o: &Occurrence,
        zone: Tz,
    ) -> String {
        let local = o.at.with_timezone(&zone);
        self.ta(
            locale,
            "checkin-occurrence-line",
            &[
                ("id", s(format!("{plan_id}.{}", o.seq + 1))),
                ("date", self.i18n.date(locale, o.date).into()),
                ("time", s(local.format("%H:%M"))),
                ("zone", s(local.format("%Z"))),
            ],
        )
    }

    /// A note when `from` is a day already past in `zone`: the plan counts from now
    /// ([`Schedule::anchor`]), which the check-ins listed show, but not why.
    pub(super) fn past_start_note(
        &self,
        ctx: &Ctx,
        from: Option<chrono::NaiveDate>,
        zone: Tz,
    ) -> Option<String> {
        let from = from?;
        (from < ctx.now.with_timezone(&zone).date_naive()).then(|| {
            self.ta(
                ctx.locale,
                "checkin-from-past",
                &[("date", s(from.format("%Y-%m-%d")))],
            )
        })
    }

    /// People's names as a list in a message ("Ana Ruiz, Rob Diaz"), each who has left
    /// the roster marked so.
    pub(super) fn names_shown(&self, locale: &str, people: &[&Person]) -> String {
        people
            .iter()
            .map(|p| {
                if p.has_left() {
                    self.ta(locale, "checkin-person-left", &[("name", s(&p.name))])
                } else {
                    p.name.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The people `emails` name, in order, if each may be assigned a check-in of
    /// `school_id`; else the warning naming the first that may not.
    pub(super) async fn assignees_named(
        &self,
        ctx: &Ctx,
        emails: &[String],
        school_id: &str,
    ) -> Result<Result<Vec<Person>, Outcome>, StoreError> {
        let mut assignees: Vec<Person> = vec![];
        for email in emails {
            match self.store.person_by_email(email).await? {
                None => {
                    return Ok(Err(self.checkin_warning(
                        ctx.locale,
                        "checkin-unknown-email",
                        email,
                    )));
                }
                Some(p) => match assignee_problem(&p, school_id) {
                    Some(id) => return Ok(Err(self.checkin_warning(ctx.locale, id, email))),
                    None => assignees.push(p),
                },
            }
        }
        Ok(Ok(assignees))
    }

    /// `/checkin schedule CASE every …`: store the plan and tell each assigned person once,
    /// in one transaction. The request's key (the Slack view or trigger id, the Discord
    /// interaction id, the Teams activity id) makes a re-delivered request create nothing
    /// twice: it gets the same confirmation, naming the plan the first one created.
    async fn checkin_schedule(
        &self,
        ctx: &Ctx,
        inv: &Invocation,
        me: &Person,
        rest: &str,
    ) -> Result<Outcome, StoreError> {
        let req = match parse_schedule(rest) {
            Ok(r) => r,
            Err(e) => return Ok(self.parse_warning(ctx.locale, &e)),
        };
        let concern = self.store.concern(req.case.id()).await?;
        let Some(concern) = concern.filter(|c| me.may_handle_school(&c.school_id)) else {
            return Ok(Reply::new()
                .warning(self.t(ctx.locale, "concern-not-visible"))
                .into());
        };
        let assignees = match self
            .assignees_named(ctx, &req.emails, &concern.school_id)
            .await?
        {
            Ok(people) => people,
            Err(o) => return Ok(o),
        };
        let school = self.school_of(&concern).clone();
        let zone = req.zone.unwrap_or(school.time_zone);
        let closed = self
            .closed_days_by_school()
            .await?
            .remove(&school.id)
            .unwrap_or_else(|| closed_days(&school));
        let schedule = Schedule {
            segments: req.segments.clone(),
            time: req.time,
            zone,
            anchor: Schedule::anchor(ctx.now, req.from, zone),
            until: req.until,
            closed,
        };
        let next: Vec<Occurrence> = schedule.occurrences().take(SHOWN).collect();
        if next.is_empty() {
            return Ok(self.checkin_warning(
                ctx.locale,
                "checkin-no-occurrences",
                &req.until
                    .map(|u| u.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ));
        }
        let remind_minutes = match &req.reminders {
            Some(r) => r.iter().map(|d| d.num_minutes()).collect(),
            None => DEFAULT_REMIND_MINUTES.to_vec(),
        };
        let cadence = cadence_text(&req.segments);
        let at_time = req.time.format("%H:%M").to_string();
        let now_ms = ctx.now.timestamp_millis();
        let case = CaseRef(concern.id);
        let first = next[0];
        let drafts_for = |plan_id: i64| -> Vec<Draft> {
            assignees
                .iter()
                .map(|p| {
                    let locale = person_locale(p);
                    let reply = Reply::new().text(self.ta(
                        locale,
                        "checkin-notice",
                        &[
                            ("plan", s(plan_id)),
                            ("case", s(case)),
                            ("cadence", s(self.cadence_shown(locale, &cadence))),
                            ("time", s(&at_time)),
                            ("zone", s(zone.name())),
                            (
                                "first",
                                s(self.occurrence_line(locale, plan_id, &first, zone)),
                            ),
                        ],
                    ));
                    self.draft(
                        p,
                        OutboxKind::Reminder,
                        None,
                        format!("checkin:{plan_id}:created:{}", p.id),
                        reply,
                        now_ms,
                    )
                })
                .collect()
        };
        let rows_for = |plan_id: i64| drafts_for(plan_id).into_iter().map(|d| d.row).collect();
        let new = NewCheckinPlan {
            request_key: inv.request_key(),
            concern_id: concern.id,
            school_id: concern.school_id.clone(),
            cadence: cadence.clone(),
            at_time: at_time.clone(),
            time_zone: zone.name().to_string(),
            anchor_ms: schedule.anchor.timestamp_millis(),
            until_on: req.until,
            remind_minutes,
            assignees: assignees.iter().map(|p| p.id).collect(),
            created_by: Some(me.id),
            created_ms: now_ms,
        };
        let made = self.store.create_checkin_plan(&new, &rows_for).await?;
        let plan = made.plan;
        if made.created {
            tracing::info!(
                plan_id = plan.id,
                case_id = concern.id,
                "check-in plan created"
            );
        } else {
            tracing::info!(
                plan_id = plan.id,
                case_id = plan.concern_id,
                "repeated check-in request: nothing new created"
            );
        }
        let mut reply = Reply::new().text(self.ta(
            ctx.locale,
            "checkin-created",
            &[
                ("plan", s(plan.id)),
                ("case", s(case)),
                ("cadence", s(self.cadence_shown(ctx.locale, &cadence))),
                ("time", s(&at_time)),
                ("zone", s(zone.name())),
                ("count", (assignees.len() as i64).into()),
            ],
        ));
        for o in &next {
            reply = reply.text(self.occurrence_line(ctx.locale, plan.id, o, zone));
        }
        if let Some(note) = self.past_start_note(ctx, req.from, zone) {
            reply = reply.text(note);
        }
        // The notices were queued by the first request only.
        let notices = if made.created {
            notifications(drafts_for(plan.id), &made.outbox_ids)
        } else {
            vec![]
        };
        Ok(Outcome {
            reply,
            notifications: notices,
            unavailable: false,
        })
    }

    /// `/checkin done|skip PLAN.N [note…]`: record an occurrence's outcome once. Only a
    /// check-in whose day has come may be recorded. The note is sealed, never shown back.
    async fn checkin_outcome(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
        outcome: &str,
    ) -> Result<Reply, StoreError> {
        let rest = rest.trim_start();
        let (id_word, note) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let bad = |w: &str| -> Result<Reply, StoreError> {
            let shown: String = w.chars().take(60).collect();
            Ok(Reply::new()
                .warning(self.ta(
                    ctx.locale,
                    "checkin-bad-occurrence",
                    &[
                        ("word", shown.into()),
                        ("missing", if w.is_empty() { "yes" } else { "no" }.into()),
                    ],
                ))
                .text(self.checkin_usage(ctx.locale)))
        };
        let Some((plan_id, n)) = id_word
            .split_once('.')
            .and_then(|(p, n)| Some((p.parse::<i64>().ok()?, n.parse::<u32>().ok()?)))
            .filter(|(_, n)| *n >= 1)
        else {
            return bad(id_word);
        };
        let Some(plan) = self
            .store
            .checkin_plan(plan_id)
            .await?
            .filter(|p| me.may_handle_school(&p.school_id))
        else {
            return bad(id_word);
        };
        let closed = self.closed_days_by_school().await?;
        let Some(timeline) = self.plan_timeline(&plan, &closed) else {
            return bad(id_word);
        };
        let Some(held) = timeline.find(n - 1) else {
            return bad(id_word);
        };
        let o = held.occurrence;
        let today = ctx.now.with_timezone(&held.zone).date_naive();
        if o.date > today {
            return bad(id_word);
        }
        let note = note.trim();
        let sealed = (!note.is_empty()).then(|| self.key.seal(note.as_bytes()));
        let recorded = self
            .store
            .record_checkin_outcome(
                plan.id,
                i64::from(o.seq),
                outcome,
                Some(me.id),
                sealed.as_deref(),
                ctx.now.timestamp_millis(),
            )
            .await?;
        let id = if recorded {
            if outcome == "done" {
                "checkin-recorded-done"
            } else {
                "checkin-recorded-skipped"
            }
        } else {
            "checkin-already-recorded"
        };
        Ok(Reply::new().text(self.ta(
            ctx.locale,
            id,
            &[("id", s(id_word)), ("case", s(CaseRef(plan.concern_id)))],
        )))
    }

    /// `/checkin list [CASE]`: the plans the reader may handle, with next occurrences.
    async fn checkin_list(&self, ctx: &Ctx, me: &Person, rest: &str) -> Result<Reply, StoreError> {
        let word = rest.split_whitespace().next();
        let mut more = false;
        let plans = match word {
            Some(w) => {
                let Some(case) = CaseRef::parse(w) else {
                    let shown: String = w.chars().take(60).collect();
                    return Ok(Reply::new()
                        .warning(self.ta(
                            ctx.locale,
                            "checkin-error-case",
                            &[("word", shown.into())],
                        ))
                        .text(self.checkin_usage(ctx.locale)));
                };
                self.store.checkin_plans(Some(case.id())).await?
            }
            None => {
                // A chat reply holds so many plans: the newest, oldest of them first.
                let school = (!me.is_admin()).then_some(me.school_id.as_str());
                let mut recent = self
                    .store
                    .recent_checkin_plans(school, CHECKIN_LIST_MAX as i64 + 1)
                    .await?;
                more = recent.len() > CHECKIN_LIST_MAX;
                recent.truncate(CHECKIN_LIST_MAX);
                recent.reverse();
                recent
            }
        };
        let plans: Vec<CheckinPlanRecord> = plans
            .into_iter()
            .filter(|p| me.may_handle_school(&p.school_id))
            .collect();
        if plans.is_empty() {
            return Ok(Reply::new().text(self.t(ctx.locale, "checkin-list-none")));
        }
        let closed = self.closed_days_by_school().await?;
        let mut reply = Reply::new();
        if more {
            reply = reply.text(self.ta(
                ctx.locale,
                "checkin-list-more",
                &[
                    ("shown", s(CHECKIN_LIST_MAX)),
                    ("command", self.slash("checkin").into()),
                ],
            ));
        }
        let people = self.store.people().await?;
        for plan in &plans {
            let assigned = people_with_ids(&people, &plan.assignees);
            reply = reply.text(self.ta(
                ctx.locale,
                "checkin-plan-line",
                &[
                    ("people", s(self.names_shown(ctx.locale, &assigned))),
                    ("plan", s(plan.id)),
                    ("case", s(CaseRef(plan.concern_id))),
                    ("cadence", s(self.cadence_shown(ctx.locale, &plan.cadence))),
                    ("time", s(&plan.at_time)),
                    ("zone", s(&plan.time_zone)),
                    (
                        "state",
                        s(self.t(ctx.locale, &format!("checkin-state-{}", plan.state))),
                    ),
                ],
            ));
            if plan.state != "active" {
                continue;
            }
            let Some(timeline) = self.plan_timeline(plan, &closed) else {
                continue;
            };
            // Coming up: not one already recorded early (on its day, before its time).
            let recorded = self.store.checkin_outcomes(plan.id).await?;
            let next: Vec<_> = timeline
                .held()
                .skip_while(|h| h.at() < ctx.now)
                .filter(|h| !recorded.iter().any(|(seq, _)| *seq == i64::from(h.seq())))
                .take(SHOWN)
                .collect();
            if next.is_empty() {
                reply = reply.text(self.t(ctx.locale, "checkin-plan-ended"));
            }
            for h in &next {
                reply =
                    reply.text(self.occurrence_line(ctx.locale, plan.id, &h.occurrence, h.zone));
            }
        }
        Ok(reply)
    }
}

/// The people `ids` name, in that order (an id nobody has is left out).
pub(super) fn people_with_ids<'a>(people: &'a [Person], ids: &[i64]) -> Vec<&'a Person> {
    ids.iter()
        .filter_map(|id| people.iter().find(|p| p.id == *id))
        .collect()
}

/// A school's closed days: its non-working weekdays and its holidays.
pub fn closed_days(school: &School) -> ClosedDays {
    ClosedDays::new(&school.working_days, &school.holidays)
}
