//! Reminders before each check-in, from `Engine::run_due`, through the outbox. A reminder
//! is due `remind_minutes` before its check-in; it is sent once (a step row per person,
//! written with its message), never for a check-in already past, never if it was
//! already due when the plan was made, changed or resumed, and never for a check-in the
//! plan does not hold (paused, cancelled). A held check-in with no outcome a day after
//! its time is missed: the coordinators are told, and the primary counselor too when the
//! check-in before it was missed as well.
//!
//! A pass reads only the plans due now: each plan keeps when its next step falls due
//! (`next_due_ms`, indexed), and a pass reads those at or before now in batches of
//! [`DUE_BATCH`], takes their steps, and writes each one's next due time. Whatever can
//! move a plan's check-ins marks it due at once (creating or changing it, importing
//! holidays, a school's closed days changing in the configuration: see
//! [`Engine::checkin_closed_days_check`]), so a due time may be early, never late.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use fluent::FluentValue;
use sha2::{Digest, Sha256};
use tracing::{info, warn};

use super::ClosedBySchool;
use super::commands::closed_days;
use super::timeline::{Held, Timeline};
use crate::domain::{CaseRef, OutboxKind, Person, Role};
use crate::engine::concern::person_locale;
use crate::engine::notify::{Draft, notifications};
use crate::engine::training::ReminderPass;
use crate::engine::{Engine, Reply};
use crate::store::{
    CheckinHistory, CheckinNextDue, CheckinPlanRecord, CheckinStep, StoreError, roster::Roster,
};

/// A check-in with no outcome this long after its time is missed.
pub const MISSED_AFTER_HOURS: i64 = 24;
/// Plans read at once by a pass: what it holds in memory, however many are due.
pub const DUE_BATCH: i64 = 200;
/// Messages queued per transaction (short, so other writers are not held up).
const STEPS_PER_WRITE: usize = 64;
/// A plan off (paused or cancelled) for longer than this has nothing left to flag.
const QUIET_AFTER_DAYS: i64 = 7;
/// A plan that cannot be read as a schedule (its school is no longer configured) is
/// looked at again after this long.
const UNREADABLE_RETRY_MS: i64 = 3_600_000;
const MINUTE_MS: i64 = 60_000;

/// When reminders start counting for a plan: none already due when the plan was made,
/// changed or resumed.
fn reminder_floor_ms(plan: &CheckinPlanRecord) -> i64 {
    plan.off_spans
        .iter()
        .filter_map(|(_, to)| *to)
        .chain(plan.history.last().map(|v| v.to_ms))
        .fold(plan.created_ms, i64::max)
}

/// Whether a pass at `now_ms` looks at the plan at all: an active plan, or one off for
/// less than a week (a check-in before it went off may still be missed).
fn awake_at(plan: &CheckinPlanRecord, now_ms: i64) -> bool {
    let quiet = Duration::days(QUIET_AFTER_DAYS).num_milliseconds();
    plan.state == "active"
        || plan
            .off_spans
            .iter()
            .any(|(from, to)| to.is_none() && now_ms - from < quiet)
}

/// The first moment after `now` at which a pass would take a step for the plan: a
/// reminder falling due, or a check-in becoming missed. None when there is none left.
pub fn next_step_after(
    plan: &CheckinPlanRecord,
    timeline: &Timeline,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let now_ms = now.timestamp_millis();
    let mut next: Option<i64> = None;
    let mut consider = |t: i64| next = Some(next.map_or(t, |n| n.min(t)));

    // Reminders: a reminder is sent while its check-in is ahead, so only those of
    // check-ins after now; the earliest `at - minutes` after now and not before the floor.
    // (A non-positive offset never falls due before its check-in.)
    let floor_ms = reminder_floor_ms(plan);
    let offsets: Vec<i64> = plan
        .remind_minutes
        .iter()
        .filter(|m| **m > 0)
        .map(|m| m.saturating_mul(MINUTE_MS))
        .collect();
    if let Some(&longest) = offsets.iter().max() {
        let mut earliest: Option<i64> = None;
        for h in timeline.held().skip_while(|h| h.at() <= now) {
            let at = h.at().timestamp_millis();
            // Later check-ins' reminders all come after this one's earliest.
            if earliest.is_some_and(|e| at.saturating_sub(longest) > e) {
                break;
            }
            for offset in &offsets {
                let due = at.saturating_sub(*offset);
                if due > now_ms && due >= floor_ms {
                    earliest = Some(earliest.map_or(due, |e| e.min(due)));
                }
            }
        }
        if let Some(e) = earliest {
            consider(e);
        }
    }

    // Missed: the first check-in held since the plan was made whose grace period ends
    // after now.
    let grace = Duration::hours(MISSED_AFTER_HOURS).num_milliseconds();
    if let Some(t) = timeline
        .held()
        .map(|h| h.at().timestamp_millis())
        .filter(|at| *at >= plan.created_ms)
        .map(|at| at.saturating_add(grace))
        .find(|t| *t > now_ms)
    {
        consider(t);
    }

    // A plan that went off looks no further than a week past that.
    next.filter(|t| awake_at(plan, *t))
        .and_then(DateTime::from_timestamp_millis)
}

/// Each school's coordinators and primary counselor (the first counselor in roster
/// order), looked up once per pass.
struct SchoolStaff<'a> {
    roster: &'a Roster,
    by_school: HashMap<&'a str, (Vec<&'a Person>, Option<&'a Person>)>,
}

impl<'a> SchoolStaff<'a> {
    fn new(roster: &'a Roster) -> Self {
        let mut by_school: HashMap<&str, (Vec<&Person>, Option<&Person>)> = HashMap::new();
        for p in &roster.people {
            let entry = by_school.entry(p.school_id.as_str()).or_default();
            if p.has_role(Role::Coordinator) {
                entry.0.push(p);
            }
            if entry.1.is_none() && p.has_role(Role::Counselor) {
                entry.1 = Some(p);
            }
        }
        SchoolStaff { roster, by_school }
    }

    fn coordinators(&self, school_id: &str) -> &[&'a Person] {
        self.by_school
            .get(school_id)
            .map_or(&[], |(c, _)| c.as_slice())
    }

    fn primary(&self, school_id: &str) -> Option<&'a Person> {
        self.by_school.get(school_id).and_then(|(_, p)| *p)
    }
}

/// What a batch's plans already have: outcomes by plan, and the steps taken.
struct Recorded {
    outcomes: HashMap<i64, HashSet<i64>>,
    steps: HashSet<(i64, i64, String)>,
}

impl Recorded {
    fn new(h: CheckinHistory) -> Self {
        let mut outcomes: HashMap<i64, HashSet<i64>> = HashMap::new();
        for (plan, seq, _) in h.outcomes {
            outcomes.entry(plan).or_default().insert(seq);
        }
        Recorded {
            outcomes,
            steps: h.steps.into_iter().collect(),
        }
    }

    fn has_outcome(&self, plan: i64, seq: i64) -> bool {
        self.outcomes.get(&plan).is_some_and(|s| s.contains(&seq))
    }

    fn taken(&self, plan: i64, seq: i64, step: &str) -> bool {
        // A borrowed lookup would need the key's parts borrowed alike; steps are few.
        self.steps.contains(&(plan, seq, step.to_string()))
    }
}

impl Engine {
    /// Queue every check-in reminder and missed-check-in notice due now, and return them.
    pub async fn checkin_reminders(&self) -> Result<ReminderPass, StoreError> {
        self.checkin_pass(true).await
    }

    /// The pass; `keep` says whether to return what was queued (the scheduler only
    /// counts it, so a pass over many plans does not hold every message in memory).
    pub(crate) async fn checkin_pass(&self, keep: bool) -> Result<ReminderPass, StoreError> {
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let mut pass = ReminderPass {
            queued: 0,
            notifications: vec![],
        };
        let mut plans = self
            .store
            .due_checkin_plans(now_ms, (i64::MIN, i64::MIN), DUE_BATCH)
            .await?;
        if plans.is_empty() {
            return Ok(pass);
        }
        let roster = self.store.roster().await?;
        let staff = SchoolStaff::new(&roster);
        let closed = self.closed_days_by_school().await?;
        loop {
            self.checkin_batch(&plans, now, &staff, &closed, keep, &mut pass)
                .await?;
            let (Some(last), true) = (plans.last(), plans.len() as i64 >= DUE_BATCH) else {
                break;
            };
            let after = (last.next_due_ms.unwrap_or(now_ms), last.id);
            plans = self
                .store
                .due_checkin_plans(now_ms, after, DUE_BATCH)
                .await?;
        }
        Ok(pass)
    }

    /// One batch of due plans: queue their steps, then write their next due times.
    async fn checkin_batch(
        &self,
        plans: &[CheckinPlanRecord],
        now: DateTime<Utc>,
        staff: &SchoolStaff<'_>,
        closed: &ClosedBySchool,
        keep: bool,
        pass: &mut ReminderPass,
    ) -> Result<(), StoreError> {
        let now_ms = now.timestamp_millis();
        let ids: Vec<i64> = plans.iter().map(|p| p.id).collect();
        let recorded = Recorded::new(self.store.checkin_history_of(&ids).await?);
        let mut drafts: Vec<(CheckinStep, Draft)> = vec![];
        let mut per_plan: Vec<(i64, usize)> = vec![];
        let mut next = Vec::with_capacity(plans.len());
        let mut unreadable: Vec<i64> = vec![];
        for plan in plans {
            let timeline = self.plan_timeline(plan, closed);
            let next_ms = match &timeline {
                Some(t) => next_step_after(plan, t, now).map(|t| t.timestamp_millis()),
                None => {
                    unreadable.push(plan.id);
                    Some(now_ms + UNREADABLE_RETRY_MS)
                }
            };
            if let Some(expect) = plan.next_due_ms {
                next.push(CheckinNextDue {
                    plan_id: plan.id,
                    expect_updated_ms: plan.updated_ms,
                    expect_next_due_ms: expect,
                    next_due_ms: next_ms,
                });
            }
            let Some(timeline) = timeline else {
                continue;
            };
            if !awake_at(plan, now_ms) {
                continue;
            }
            let before = drafts.len();
            self.plan_steps(plan, &timeline, now, staff, &recorded, &mut drafts);
            if drafts.len() > before {
                per_plan.push((plan.id, drafts.len() - before));
            }
        }
        if let Some(first) = unreadable.first() {
            warn!(
                plans = unreadable.len(),
                first_plan_id = first,
                "check-in plans that cannot be read as a schedule (is their school configured?); looked at again in an hour"
            );
        }
        if !drafts.is_empty() {
            let mut ids: Vec<Option<i64>> = Vec::with_capacity(drafts.len());
            for chunk in drafts.chunks(STEPS_PER_WRITE) {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|(s, d)| (s.clone(), d.row.clone()))
                    .collect();
                ids.extend(self.store.queue_checkin_steps(&rows, now_ms).await?);
            }
            let mut at = 0;
            for (plan_id, n) in per_plan {
                let queued = ids[at..at + n].iter().filter(|i| i.is_some()).count();
                at += n;
                if queued > 0 {
                    info!(plan_id, queued, "check-in reminders queued");
                }
            }
            pass.queued += ids.iter().filter(|i| i.is_some()).count() as u64;
            if keep {
                pass.notifications.extend(notifications(
                    drafts.into_iter().map(|(_, d)| d).collect(),
                    &ids,
                ));
            }
        }
        self.store.set_checkin_next_due(&next).await?;
        Ok(())
    }

    /// The reminders and missed notices due now for one plan, skipping steps already
    /// taken.
    fn plan_steps(
        &self,
        plan: &CheckinPlanRecord,
        timeline: &Timeline,
        now: DateTime<Utc>,
        staff: &SchoolStaff<'_>,
        recorded: &Recorded,
        drafts: &mut Vec<(CheckinStep, Draft)>,
    ) {
        let now_ms = now.timestamp_millis();
        let case = FluentValue::from(CaseRef(plan.concern_id).to_string());
        let plan_word = FluentValue::from(plan.id.to_string());
        let mut step = |person: &Person, h: &Held, step: String, message: &str| {
            if recorded.taken(plan.id, i64::from(h.seq()), &step) {
                return;
            }
            let locale = person_locale(person);
            let text = self.ta(
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
            );
            let reply = if message == "checkin-reminder" {
                Reply::new().text(text)
            } else {
                Reply::new().warning(text)
            };
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
                    plan_updated_ms: plan.updated_ms,
                },
                draft,
            ));
        };

        // Reminders: none already due when the plan was made, changed or resumed.
        let floor_ms = reminder_floor_ms(plan);
        let longest = plan.remind_minutes.iter().copied().max().unwrap_or(0);
        let assignees: Vec<&Person> = plan
            .assignees
            .iter()
            .filter_map(|id| staff.roster.by_id(*id))
            // Taken off the roster: nobody would see it (`roster remove` names the plan).
            .filter(|p| !p.has_left())
            .collect();
        for h in timeline
            .held()
            .skip_while(|h| h.at() <= now)
            .take_while(|h| h.at() - Duration::minutes(longest) <= now)
            // Recorded early (on its day, before its time): nothing left to remind of.
            .filter(|h| !recorded.has_outcome(plan.id, i64::from(h.seq())))
        {
            for &minutes in &plan.remind_minutes {
                let due_ms = (h.at() - Duration::minutes(minutes)).timestamp_millis();
                if due_ms > now_ms || due_ms < floor_ms {
                    continue;
                }
                for person in &assignees {
                    step(
                        person,
                        &h,
                        format!("r{minutes}:{}", person.id),
                        "checkin-reminder",
                    );
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
        if past.is_empty() {
            return;
        }
        let missed = |h: &Held| !recorded.has_outcome(plan.id, i64::from(h.seq()));
        let coordinators = staff.coordinators(&plan.school_id);
        let primary = staff.primary(&plan.school_id);
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
                let name = if message == "checkin-missed" {
                    "missed"
                } else {
                    "missed2"
                };
                step(person, h, format!("{name}:{}", person.id), message);
            }
        }
    }

    /// At the scheduler's start: if a school's closed days in the configuration (its
    /// working days and holidays) changed since the last start, its plans' check-ins
    /// may have moved, so mark them due for a fresh look. Each school's closed days are
    /// remembered as a digest in `meta`.
    pub async fn checkin_closed_days_check(&self) -> Result<u64, StoreError> {
        let now_ms = self.clock.now().timestamp_millis();
        let mut marked = 0;
        for school in &self.config.schools {
            let digest = hex::encode(Sha256::digest(
                format!("{:?}", closed_days(school)).as_bytes(),
            ));
            let key = format!("checkin_closed_days:{}", school.id);
            if self.store.meta(&key).await?.as_deref() == Some(digest.as_str()) {
                continue;
            }
            let n = self
                .store
                .mark_checkin_plans_due(&school.id, now_ms)
                .await?;
            self.store.set_meta(&key, &digest).await?;
            if n > 0 {
                info!(
                    school_id = %school.id,
                    plans = n,
                    "the school's closed days changed: its check-in plans are due for a fresh look"
                );
            }
            marked += n;
        }
        Ok(marked)
    }
}
