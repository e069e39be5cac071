//! `/checkin pause|resume|cancel|change|log`: a plan changes over time, and every change
//! is logged with who made it and why (the student sets the frequency). The reason may
//! say something about the student: it is sealed, shown only to those who may handle the
//! case (`/checkin log`), never put in a notice.
//!
//! - pause: an active plan holds no check-ins from now until it is resumed: no
//!   reminders, nothing missed. Resume: it holds them again from now; reminders already
//!   due by then are not sent late.
//! - cancel: for good; the check-ins before it can still be recorded (and are still
//!   found missed), nothing after it is held.
//! - change: a new cadence from now (or from `from`), numbered after every check-in of
//!   the old one; time, zone, end date and reminders stay as they were unless given.
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use fluent::FluentValue;

use super::commands::people_with_ids;
use super::parse::{ParseError, cadence_text, parse_change, parse_plan_id};
use super::schedule::Schedule;
use crate::domain::{CaseRef, OutboxKind, Person};
use crate::engine::concern::person_locale;
use crate::engine::notify::{Draft, notifications};
use crate::engine::{Ctx, Engine, Outcome, Reply};
use crate::store::{CheckinPlanChange, CheckinPlanRecord, NewCadence, StoreError};

fn s(v: impl ToString) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
}

/// Longest reason kept.
const REASON_MAX_CHARS: usize = 1000;

impl Engine {
    /// The plan `word` names, if the reader may handle it; else the reply to give, the
    /// same whether the plan is missing or another school's.
    async fn plan_named(
        &self,
        ctx: &Ctx,
        me: &Person,
        word: &str,
    ) -> Result<Result<CheckinPlanRecord, Outcome>, StoreError> {
        let id = match parse_plan_id(word) {
            Ok(id) => id,
            Err(e) => return Ok(Err(self.parse_warning(ctx.locale, &e))),
        };
        let plan = self
            .store
            .checkin_plan(id)
            .await?
            .filter(|p| me.may_handle_school(&p.school_id));
        Ok(plan.ok_or_else(|| self.checkin_warning(ctx.locale, "checkin-no-such-plan", word)))
    }

    /// Write a change and tell each assigned person (not the reason). With `assignees`,
    /// the plan is theirs from now on: those added are told they are assigned, those
    /// taken off that they are no longer, and the rest of the change as usual.
    #[allow(clippy::too_many_arguments)]
    async fn apply_change(
        &self,
        ctx: &Ctx,
        me: &Person,
        plan: &CheckinPlanRecord,
        action: &str,
        state: &str,
        off_spans: Vec<OffSpan>,
        cadence: Option<NewCadence>,
        assignees: Option<&[Person]>,
        reason: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        let now_ms = ctx.now.timestamp_millis();
        let case = CaseRef(plan.concern_id);
        let people = self.store.people().await?;
        // The cadence with its time and zone, as the plan runs after this change.
        let (shown_cadence, at_time, time_zone) = match &cadence {
            Some(c) => (c.cadence.clone(), c.at_time.clone(), c.time_zone.clone()),
            None => (
                plan.cadence.clone(),
                plan.at_time.clone(),
                plan.time_zone.clone(),
            ),
        };
        let cadence_at = |locale: &str| {
            self.ta(
                locale,
                "checkin-cadence-at",
                &[
                    ("cadence", s(self.cadence_shown(locale, &shown_cadence))),
                    ("time", s(&at_time)),
                    ("zone", s(&time_zone)),
                ],
            )
        };
        let before = people_with_ids(&people, &plan.assignees);
        let after: Vec<&Person> = match assignees {
            Some(a) => a.iter().collect(),
            None => before.clone(),
        };
        let names = self.names_shown(ctx.locale, &after);
        // Who hears what: everyone on the plan after the change, then those taken off.
        let told = after
            .iter()
            .map(|p| {
                let added = !plan.assignees.contains(&p.id);
                (*p, if added { "added" } else { action })
            })
            .chain(
                before
                    .iter()
                    .filter(|p| !after.iter().any(|a| a.id == p.id))
                    .map(|p| (*p, "unassigned")),
            );
        let drafts: Vec<Draft> = told
            // Those who have left keep their place in the plan's history, not its messages.
            .filter(|(p, _)| !p.has_left())
            .map(|(p, notice)| {
                let locale = person_locale(p);
                let reply = Reply::new().text(self.ta(
                    locale,
                    &format!("checkin-notice-{notice}"),
                    &[
                        ("plan", s(plan.id)),
                        ("case", s(case)),
                        ("who", s(&me.name)),
                        ("cadence", s(cadence_at(locale))),
                        ("people", s(&names)),
                    ],
                ));
                self.draft(
                    p,
                    OutboxKind::Reminder,
                    None,
                    format!("checkin:{}:{notice}:{now_ms}:{}", plan.id, p.id),
                    reply,
                    now_ms,
                )
            })
            .collect();
        let change = CheckinPlanChange {
            plan_id: plan.id,
            expect_updated_ms: plan.updated_ms,
            action: action.to_string(),
            actor_id: Some(me.id),
            reason_sealed: reason.map(str::trim).filter(|r| !r.is_empty()).map(|r| {
                let r: String = r.chars().take(REASON_MAX_CHARS).collect();
                self.key.seal(r.as_bytes())
            }),
            at_ms: now_ms,
            state: state.to_string(),
            off_spans,
            cadence,
            assignees: assignees.map(|a| a.iter().map(|p| p.id).collect()),
        };
        let rows: Vec<_> = drafts.iter().map(|d| d.row.clone()).collect();
        let Some(ids) = self.store.change_checkin_plan(&change, &rows).await? else {
            return Ok(Reply::new()
                .warning(self.ta(
                    ctx.locale,
                    "checkin-changed-meanwhile",
                    &[("plan", s(plan.id))],
                ))
                .into());
        };
        tracing::info!(plan_id = plan.id, action, "check-in plan changed");
        let mut reply = Reply::new().text(self.ta(
            ctx.locale,
            &format!("checkin-{action}"),
            &[
                ("plan", s(plan.id)),
                ("case", s(case)),
                ("cadence", s(cadence_at(ctx.locale))),
                ("people", s(&names)),
                ("count", (drafts.len() as i64).into()),
            ],
        ));
        if assignees.is_some() && action != "reassigned" {
            reply = reply.text(self.ta(ctx.locale, "checkin-now-with", &[("people", s(&names))]));
        }
        Ok(Outcome {
            reply,
            notifications: notifications(drafts, &ids),
            unavailable: false,
        })
    }

    fn state_warning(&self, ctx: &Ctx, plan: &CheckinPlanRecord) -> Outcome {
        Reply::new()
            .warning(self.ta(
                ctx.locale,
                "checkin-wrong-state",
                &[
                    ("plan", s(plan.id)),
                    (
                        "state",
                        s(self.t(ctx.locale, &format!("checkin-state-{}", plan.state))),
                    ),
                ],
            ))
            .into()
    }

    /// `/checkin pause PLAN [reason…]`
    pub(super) async fn checkin_pause(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Outcome, StoreError> {
        self.change_state(ctx, me, rest, &PAUSE).await
    }

    /// `/checkin resume PLAN`
    pub(super) async fn checkin_resume(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Outcome, StoreError> {
        self.change_state(ctx, me, rest, &RESUME).await
    }

    /// `/checkin cancel PLAN [reason…]`
    pub(super) async fn checkin_cancel(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Outcome, StoreError> {
        self.change_state(ctx, me, rest, &CANCEL).await
    }

    /// Pause, resume or cancel the plan named first in `rest` (the rest is the reason),
    /// if it is in a state the change applies to.
    async fn change_state(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
        change: &StateChange,
    ) -> Result<Outcome, StoreError> {
        let (word, reason) = split_word(rest);
        // `pause 7 because …` as with `change`: the reason is what follows the word.
        let reason = without_because(reason);
        let plan = match self.plan_named(ctx, me, word).await? {
            Ok(p) => p,
            Err(o) => return Ok(o),
        };
        if !(change.applies_to)(&plan.state) {
            return Ok(self.state_warning(ctx, &plan));
        }
        let spans = (change.off_spans)(&plan.off_spans, ctx.now.timestamp_millis());
        self.apply_change(
            ctx,
            me,
            &plan,
            change.action,
            change.state,
            spans,
            None,
            None,
            Some(reason),
        )
        .await
    }

    /// `/checkin change PLAN every … [at HH:MM] [from D] [until D] [tz Z] [remind …]
    /// [because reason…]`
    pub(super) async fn checkin_change(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Outcome, StoreError> {
        let req = match parse_change(rest) {
            Ok(r) => r,
            Err(e) => return Ok(self.parse_warning(ctx.locale, &e)),
        };
        let plan = match self.plan_named(ctx, me, &req.plan.to_string()).await? {
            Ok(p) => p,
            Err(o) => return Ok(o),
        };
        if plan.state == "cancelled" {
            return Ok(self.state_warning(ctx, &plan));
        }
        let assignees = match &req.emails {
            Some(emails) => match self.assignees_named(ctx, emails, &plan.school_id).await? {
                Ok(people) => Some(people),
                Err(o) => return Ok(o),
            },
            None => None,
        };
        // The same people as now (in any order): nothing to change in who is assigned.
        let assignees = assignees.filter(|a| {
            a.len() != plan.assignees.len() || a.iter().any(|p| !plan.assignees.contains(&p.id))
        });
        if req.segments.is_empty() {
            let Some(people) = assignees else {
                return Ok(Reply::new()
                    .text(self.ta(
                        ctx.locale,
                        "checkin-same-assignees",
                        &[("plan", s(plan.id))],
                    ))
                    .into());
            };
            return self
                .apply_change(
                    ctx,
                    me,
                    &plan,
                    "reassigned",
                    &plan.state,
                    plan.off_spans.clone(),
                    None,
                    Some(&people),
                    req.reason.as_deref(),
                )
                .await;
        }
        let closed = self.closed_days_by_school().await?;
        let Some(timeline) = self.plan_timeline(&plan, &closed) else {
            return Ok(self.state_warning(ctx, &plan));
        };
        let Some(current) = timeline.current() else {
            return Ok(self.state_warning(ctx, &plan));
        };
        let zone: Tz = req.zone.unwrap_or(current.zone);
        let until = req.until.or(plan.until_on);
        // A check-in of the old cadence recorded early (on its day, before its time) stays
        // with the cadence that held it: the old one ends just after it, and the new one
        // starts from then, so the check-ins stay in order.
        let outcomes = self.store.checkin_outcomes(plan.id).await?;
        let old_to = timeline
            .held()
            .skip_while(|h| h.at() <= ctx.now)
            .take_while(|h| h.at() < ctx.now + chrono::Duration::days(1))
            .filter(|h| outcomes.iter().any(|(seq, _)| *seq == i64::from(h.seq())))
            .last()
            .map_or(ctx.now, |h| h.at() + chrono::Duration::milliseconds(1));
        let anchor = Schedule::anchor(ctx.now, req.from, zone).max(old_to);
        if let Some(u) = until
            && u < anchor.with_timezone(&zone).date_naive()
        {
            return Ok(self.parse_warning(
                ctx.locale,
                &ParseError {
                    kind: super::ParseErrorKind::UntilBeforeFrom,
                    word: u.format("%Y-%m-%d").to_string(),
                    missing: false,
                },
            ));
        }
        let schedule = Schedule {
            segments: req.segments.clone(),
            time: req.time.unwrap_or(current.time),
            zone,
            anchor,
            until,
            closed: current.closed.clone(),
        };
        if schedule.occurrences().next().is_none() {
            return Ok(self.checkin_warning(
                ctx.locale,
                "checkin-no-occurrences",
                &until
                    .map(|u| u.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ));
        }
        let cadence = NewCadence {
            cadence: cadence_text(&req.segments),
            at_time: schedule.time.format("%H:%M").to_string(),
            time_zone: zone.name().to_string(),
            anchor_ms: anchor.timestamp_millis(),
            until_on: until,
            remind_minutes: match &req.reminders {
                Some(r) => r.iter().map(|d| d.num_minutes()).collect(),
                None => plan.remind_minutes.clone(),
            },
            seq_base_at_least: i64::from(timeline.seq_base_after(old_to)),
            old_to_ms: old_to.timestamp_millis(),
        };
        let state = plan.state.clone();
        let mut outcome = self
            .apply_change(
                ctx,
                me,
                &plan,
                "changed",
                &state,
                plan.off_spans.clone(),
                Some(cadence),
                assignees.as_deref(),
                req.reason.as_deref(),
            )
            .await?;
        // Show where the new cadence falls (read back: the store set its numbers).
        if let Some(fresh) = self
            .store
            .checkin_plan(plan.id)
            .await?
            .filter(|p| p.updated_ms != plan.updated_ms)
            && let Some(t) = self.plan_timeline(&fresh, &closed)
        {
            for h in t.next_after(ctx.now, 3) {
                outcome.reply = outcome.reply.text(self.occurrence_line(
                    ctx.locale,
                    plan.id,
                    &h.occurrence,
                    h.zone,
                ));
            }
            if let Some(note) = self.past_start_note(ctx, req.from, zone) {
                outcome.reply = outcome.reply.text(note);
            }
        }
        Ok(outcome)
    }

    /// `/checkin log PLAN`: the plan's changes, who made them, when, and why.
    pub(super) async fn checkin_log(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Reply, StoreError> {
        let (word, _) = split_word(rest);
        let plan = match self.plan_named(ctx, me, word).await? {
            Ok(p) => p,
            Err(o) => return Ok(o.reply),
        };
        let people = self.store.people().await?;
        let mut reply = Reply::new().text(self.ta(
            ctx.locale,
            "checkin-log-heading",
            &[("plan", s(plan.id)), ("case", s(CaseRef(plan.concern_id)))],
        ));
        let zone: Tz = plan.time_zone.parse().unwrap_or(Tz::UTC);
        for change in self.store.checkin_changes(plan.id).await? {
            let who = change
                .actor_id
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map_or_else(|| "—".to_string(), |p| p.name.clone());
            let at = Utc
                .timestamp_millis_opt(change.at_ms)
                .single()
                .unwrap_or_default()
                .with_timezone(&zone);
            let reason = change
                .reason_sealed
                .as_deref()
                .and_then(|r| self.key.open(r).ok())
                .map(|r| String::from_utf8_lossy(&r).into_owned())
                .unwrap_or_default();
            // What was given of the cadence and the reason, each only when there is one
            // (reasons kept before `because` was taken off start with it).
            let reason = without_because(&reason);
            let cadence = change.cadence.as_deref().map(|c| {
                let shown = self.cadence_shown(ctx.locale, c);
                match (&change.at_time, &change.time_zone) {
                    (Some(time), Some(zone)) => self.ta(
                        ctx.locale,
                        "checkin-cadence-at",
                        &[("cadence", s(shown)), ("time", s(time)), ("zone", s(zone))],
                    ),
                    // Logged before the time and zone were kept with the cadence.
                    _ => shown,
                }
            });
            let assigned = change.assignees.as_ref().map(|ids| {
                let named = people_with_ids(&people, ids);
                self.ta(
                    ctx.locale,
                    "checkin-log-with",
                    &[("people", s(self.names_shown(ctx.locale, &named)))],
                )
            });
            let details: String = [
                cadence.unwrap_or_default(),
                assigned.unwrap_or_default(),
                if reason.is_empty() {
                    String::new()
                } else {
                    self.ta(ctx.locale, "checkin-log-because", &[("reason", s(reason))])
                },
            ]
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| format!(" {p}"))
            .collect();
            reply = reply.text(self.ta(
                ctx.locale,
                "checkin-log-line",
                &[
                    (
                        "action",
                        s(self.t(ctx.locale, &format!("checkin-action-{}", change.action))),
                    ),
                    ("who", s(who)),
                    ("date", self.i18n.date(ctx.locale, at.date_naive()).into()),
                    ("time", s(at.format("%H:%M %Z"))),
                    ("details", s(details)),
                ],
            ));
        }
        Ok(reply)
    }
}

/// A reason as written after the plan, without a leading "because" (or its Spanish
/// "porque"): the log puts the word in the reader's language itself.
fn without_because(reason: &str) -> &str {
    let reason = reason.trim();
    match split_word(reason) {
        (w, rest) if w.eq_ignore_ascii_case("because") || w.eq_ignore_ascii_case("porque") => {
            rest.trim()
        }
        _ => reason,
    }
}

/// The first word, and the rest of the line.
fn split_word(rest: &str) -> (&str, &str) {
    let rest = rest.trim_start();
    rest.split_once(char::is_whitespace).unwrap_or((rest, ""))
}

/// A change of state alone (`/checkin pause`, `resume`, `cancel`): which plans it applies
/// to, the action logged, the state it leaves, and the plan's off spans (from, to) after
/// it, given them before and the time now.
struct StateChange {
    applies_to: fn(&str) -> bool,
    action: &'static str,
    state: &'static str,
    off_spans: fn(&[OffSpan], i64) -> Vec<OffSpan>,
}

/// A span of time (milliseconds) a plan was off; an open span has no end.
type OffSpan = (i64, Option<i64>);

/// An active plan pauses from now on.
const PAUSE: StateChange = StateChange {
    applies_to: |state| state == "active",
    action: "paused",
    state: "paused",
    off_spans: |spans, now| {
        let mut spans = spans.to_vec();
        spans.push((now, None));
        spans
    },
};

/// A paused plan resumes: its open span ends now.
const RESUME: StateChange = StateChange {
    applies_to: |state| state == "paused",
    action: "resumed",
    state: "active",
    off_spans: |spans, now| {
        spans
            .iter()
            .map(|(from, to)| (*from, Some(to.unwrap_or(now))))
            .collect()
    },
};

/// Any plan not cancelled already is cancelled, off from now on (or from its pause).
const CANCEL: StateChange = StateChange {
    applies_to: |state| state != "cancelled",
    action: "cancelled",
    state: "cancelled",
    off_spans: |spans, now| {
        let mut spans = spans.to_vec();
        if !spans.iter().any(|(_, to)| to.is_none()) {
            spans.push((now, None));
        }
        spans
    },
};

#[cfg(test)]
mod tests {
    #[test]
    fn a_leading_because_is_taken_off_the_reason_in_either_language() {
        for (given, kept) in [
            ("because moved away", "moved away"),
            ("  Because  moved away ", "moved away"),
            ("Porque se mudó", "se mudó"),
            ("moved away because of work", "moved away because of work"),
            ("because", ""),
            ("", ""),
        ] {
            assert_eq!(super::without_because(given), kept, "{given:?}");
        }
    }
}
