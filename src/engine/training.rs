//! `/training`: which courses each person must take, completions, due dates, reminders in
//! the school's working hours (30, 7 and 1 days before due, weekly while overdue, a weekly
//! digest to coordinators) and the compliance report.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeZone, Utc};
use fluent::FluentValue;
use tracing::info;

use super::concern::person_locale;
use super::notify::{Draft, notifications};
use super::text::command_word;
use super::{Ctx, Engine, Notification, Outcome, Reply};
use crate::config::{Course, School};
use crate::domain::{OutboxKind, Person, Role};
use crate::spec::Audience;
use crate::store::{NewCompletion, ReminderStep, StoreError};

/// Reminder steps before the due date, in days, largest first.
const STEPS_BEFORE: [i64; 3] = [30, 7, 1];
/// A completion dated this many years back or more is a typo, not a record.
const MAX_COMPLETION_AGE_YEARS: u32 = 10;
/// The step key of the weekly coordinator digest (stored with this course id).
const DIGEST_COURSE: &str = "*digest";

/// Where one person stands with one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Completed, and the renewal date has not passed.
    Done,
    /// Not completed yet (or renewal coming), and not past its due date.
    Due,
    /// Past its due date.
    Overdue,
}

impl Status {
    fn message_id(self) -> &'static str {
        match self {
            Status::Done => "training-status-done",
            Status::Due => "training-status-due",
            Status::Overdue => "training-status-overdue",
        }
    }
}

/// When a course is due: the last completion plus the renewal period in calendar months, or,
/// never completed, the day the person joined the roster plus the new-staff allowance.
pub fn due_date(
    renewal_months: u32,
    last_completed: Option<NaiveDate>,
    joined: NaiveDate,
    new_staff_due_days: i64,
) -> NaiveDate {
    match last_completed {
        Some(d) => d
            .checked_add_months(Months::new(renewal_months))
            .unwrap_or(NaiveDate::MAX),
        None => joined
            .checked_add_days(Days::new(new_staff_due_days.max(0) as u64))
            .unwrap_or(NaiveDate::MAX),
    }
}

/// The status on `today` (in the school's time zone).
pub fn status(last_completed: Option<NaiveDate>, due: NaiveDate, today: NaiveDate) -> Status {
    if today > due {
        Status::Overdue
    } else if last_completed.is_some() {
        Status::Done
    } else {
        Status::Due
    }
}

/// The reminder step that applies on `today`, if any: `30`, `7` or `1` (days before due,
/// only the latest reached, so a late start skips the earlier ones), or `overdue-N` for the
/// Nth week past due (weekly, starting the day after the due date).
pub fn reminder_step(due: NaiveDate, today: NaiveDate) -> Option<String> {
    let days_left = (due - today).num_days();
    if days_left < 0 {
        let week = (-days_left - 1) / 7;
        return Some(format!("overdue-{week}"));
    }
    STEPS_BEFORE
        .iter()
        .rev()
        .find(|&&step| days_left <= step)
        .map(|s| s.to_string())
}

/// Is this local moment inside the school's working hours, on a working day that is not a
/// holiday?
pub fn in_working_time<T: TimeZone>(school: &School, local: &DateTime<T>) -> bool {
    let day = local.date_naive();
    let time = local.time();
    school.working_days.contains(&local.weekday())
        && !school.holidays.contains(&day)
        && school.working_hours.0 <= time
        && time < school.working_hours.1
}

/// One person's obligation for one course.
#[derive(Debug, Clone)]
struct Assignment<'a> {
    person: &'a Person,
    course: &'a Course,
    due: NaiveDate,
    status: Status,
}

/// Overdue assignments a report or digest lists by name, per school; the rest are counted.
const OVERDUE_LISTED: usize = 25;

/// Reminders drafted and written at a time by the pass (see `training_pass`).
const REMINDERS_PER_WRITE: usize = 64;

/// What the reminder pass did.
#[derive(Debug, Default)]
pub struct ReminderPass {
    pub queued: u64,
    pub notifications: Vec<Notification>,
}

/// `for EMAIL`, or `para EMAIL` in Spanish.
fn is_for(word: &str) -> bool {
    command_word(word, &[("para", "for")]) == "for"
}

impl Engine {
    fn person_school(&self, person: &Person) -> &School {
        self.config
            .school(&person.school_id)
            .unwrap_or_else(|| self.config.default_school())
    }

    fn today_at(&self, school: &School, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&school.time_zone).date_naive()
    }

    /// A course's title in a locale: the configured one, else English, else any; the
    /// shipped courses use their Fluent message.
    pub fn course_title(&self, course: &Course, locale: &str) -> String {
        let find = |code: &str| course.titles.iter().find(|(c, _)| c == code);
        match find(locale)
            .or_else(|| find(crate::i18n::DEFAULT_LOCALE))
            .or(course.titles.first())
        {
            Some((_, t)) => t.clone(),
            None => self.t(locale, &format!("training-course-{}", course.id)),
        }
    }

    fn course(&self, word: &str) -> Option<&Course> {
        self.config
            .training
            .courses
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(word))
    }

    /// Every person's courses with due date and status, in roster and course order.
    fn assignments<'a>(
        &'a self,
        people: &'a [Person],
        latest: &HashMap<(i64, String), NaiveDate>,
        now: DateTime<Utc>,
    ) -> Vec<Assignment<'a>> {
        let mut out = vec![];
        for p in people {
            let school = self.person_school(p);
            let today = self.today_at(school, now);
            let joined = Utc
                .timestamp_millis_opt(p.added_at_ms)
                .single()
                .map(|t| t.with_timezone(&school.time_zone).date_naive())
                .unwrap_or(today);
            for c in self
                .config
                .training
                .courses
                .iter()
                .filter(|c| c.applies_to(p))
            {
                let last = latest.get(&(p.id, c.id.clone())).copied();
                let due = due_date(
                    c.renewal_months,
                    last,
                    joined,
                    self.config.training.new_staff_due_days,
                );
                out.push(Assignment {
                    person: p,
                    course: c,
                    due,
                    status: status(last, due, today),
                });
            }
        }
        out
    }

    async fn latest_completions(&self) -> Result<HashMap<(i64, String), NaiveDate>, StoreError> {
        Ok(self
            .store
            .latest_completions()
            .await?
            .into_iter()
            .map(|c| ((c.person_id, c.course_id), c.completed_on))
            .collect())
    }

    pub(super) async fn training(&self, ctx: &Ctx, text: &str) -> Result<Outcome, StoreError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let sub = words.first().map(|w| {
            command_word(
                w,
                &[
                    ("hecho", "done"),
                    ("informe", "report"),
                    ("recordar", "remind"),
                ],
            )
        });
        let Some(me) = &ctx.person else {
            return Ok(Reply::new()
                .warning(self.t(ctx.locale, "training-not-on-roster"))
                .into());
        };
        // Recording for others, the report and the reminders: as for the commands meant
        // for coordinators (`commands/training.toml`).
        let coordinator = self.may_run(ctx, Audience::Coordinator);
        match sub.as_deref() {
            None => self.my_training(ctx, me).await.map(Outcome::from),
            Some("done") => self
                .training_done(ctx, me, coordinator, &words[1..])
                .await
                .map(Outcome::from),
            Some("report") if coordinator => self.training_report(ctx, me).await.map(Outcome::from),
            Some("remind") if coordinator => {
                let pass = self.training_reminders().await?;
                Ok(Outcome {
                    reply: Reply::new().text(self.ta(
                        ctx.locale,
                        "training-remind-queued",
                        &[("count", (pass.queued as i64).into())],
                    )),
                    notifications: pass.notifications,
                    unavailable: false,
                })
            }
            Some("report") | Some("remind") => Ok(self.refused(ctx).into()),
            Some(other) => {
                let shown: String = other.chars().take(40).collect();
                Ok(Reply::new()
                    .warning(self.ta(
                        ctx.locale,
                        "error-unknown-subcommand",
                        &[
                            ("word", shown.into()),
                            ("command", self.slash("training").into()),
                        ],
                    ))
                    .text(self.training_usage(ctx.locale, coordinator))
                    .into())
            }
        }
    }

    /// The forms of `/training` this person may use: recording for others, the report and
    /// the reminders are for coordinators and admins.
    fn training_usage(&self, locale: &str, coordinator: bool) -> String {
        self.ta(
            locale,
            if coordinator {
                "training-usage"
            } else {
                "training-usage-staff"
            },
            &[("command", self.slash("training").into())],
        )
    }

    fn training_warning(
        &self,
        locale: &str,
        coordinator: bool,
        id: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Reply {
        Reply::new()
            .warning(self.ta(locale, id, args))
            .text(self.training_usage(locale, coordinator))
    }

    fn status_line(&self, locale: &str, a: &Assignment<'_>) -> String {
        self.ta(
            locale,
            "training-course-line",
            &[
                ("id", a.course.id.clone().into()),
                ("title", self.course_title(a.course, locale).into()),
                ("status", self.t(locale, a.status.message_id()).into()),
                ("date", self.i18n.date(locale, a.due).into()),
            ],
        )
    }

    async fn my_training(&self, ctx: &Ctx, me: &Person) -> Result<Reply, StoreError> {
        let latest = self.latest_completions().await?;
        let people = std::slice::from_ref(me);
        let mine = self.assignments(people, &latest, ctx.now);
        let mut r = Reply::new().heading(self.t(ctx.locale, "training-title"));
        if mine.is_empty() {
            return Ok(r.text(self.t(ctx.locale, "training-none")));
        }
        r = r.bullets(
            mine.iter()
                .map(|a| self.status_line(ctx.locale, a))
                .collect(),
        );
        let links: Vec<String> = mine
            .iter()
            .filter_map(|a| {
                a.course.link.as_ref().map(|l| {
                    self.ta(
                        ctx.locale,
                        "training-link",
                        &[
                            ("title", self.course_title(a.course, ctx.locale).into()),
                            ("link", l.clone().into()),
                        ],
                    )
                })
            })
            .collect();
        if !links.is_empty() {
            r = r.bullets(links);
        }
        Ok(r.footer(self.ta(
            ctx.locale,
            "training-how-to-record",
            &[("command", self.slash("training").into())],
        )))
    }

    /// `coordinator`: whether `me` may record a completion for someone else.
    async fn training_done(
        &self,
        ctx: &Ctx,
        me: &Person,
        coordinator: bool,
        words: &[&str],
    ) -> Result<Reply, StoreError> {
        let warn = |id: &str, args: &[(&str, FluentValue<'_>)]| -> Result<Reply, StoreError> {
            Ok(self.training_warning(ctx.locale, coordinator, id, args))
        };
        let shown =
            |w: &str| -> FluentValue<'static> { w.chars().take(60).collect::<String>().into() };
        let Some(course_word) = words.first() else {
            return warn("training-done-which", &[]);
        };
        let Some(course) = self.course(course_word) else {
            let ids: Vec<&str> = self
                .config
                .training
                .courses
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            return warn(
                "training-unknown-course",
                &[("word", shown(course_word)), ("ids", ids.join(", ").into())],
            );
        };
        let mut rest = &words[1..];
        let mut date = None;
        if let Some(w) = rest.first()
            && !is_for(w)
        {
            match NaiveDate::parse_from_str(w, "%Y-%m-%d") {
                Ok(d) => date = Some(d),
                Err(_) => return warn("training-bad-date", &[("word", shown(w))]),
            }
            rest = &rest[1..];
        }
        let mut target = me.clone();
        match rest {
            [] => {}
            [f, email] if is_for(f) => {
                if !coordinator {
                    return warn("training-for-not-allowed", &[("word", shown(f))]);
                }
                let Some(p) = self.store.person_by_email(email).await? else {
                    return warn("training-unknown-email", &[("word", shown(email))]);
                };
                if !me.is_admin() && p.school_id != me.school_id {
                    return warn("training-for-not-allowed", &[("word", shown(email))]);
                }
                target = p;
            }
            [f] if is_for(f) => {
                return warn("training-for-which", &[("word", shown(f))]);
            }
            [w, ..] => return warn("training-unexpected", &[("word", shown(w))]),
        }
        if !course.applies_to(&target) {
            // It would count nowhere: not in their list, the report or the reminders.
            return warn(
                "training-not-theirs",
                &[
                    ("course", shown(&course.id)),
                    ("name", target.name.clone().into()),
                    ("command", self.slash("training").into()),
                ],
            );
        }
        let school = self.person_school(&target);
        let today = self.today_at(school, ctx.now);
        let date = date.unwrap_or(today);
        if date > today {
            return warn(
                "training-future-date",
                &[("word", shown(&date.format("%Y-%m-%d").to_string()))],
            );
        }
        if today
            .years_since(date)
            .is_none_or(|y| y >= MAX_COMPLETION_AGE_YEARS)
        {
            return warn(
                "training-old-date",
                &[
                    ("word", shown(&date.format("%Y-%m-%d").to_string())),
                    ("years", i64::from(MAX_COMPLETION_AGE_YEARS).into()),
                ],
            );
        }
        let added = self
            .store
            .add_completion(&NewCompletion {
                person_id: target.id,
                course_id: course.id.clone(),
                completed_on: date,
                recorded_by: Some(me.id),
                recorded_ms: ctx.now.timestamp_millis(),
            })
            .await?;
        if added {
            info!(person_id = target.id, course = %course.id, "training completion recorded");
        }
        let latest = self.latest_completions().await?;
        let last = latest.get(&(target.id, course.id.clone())).copied();
        let next = due_date(
            course.renewal_months,
            last,
            today,
            self.config.training.new_staff_due_days,
        );
        Ok(Reply::new().text(self.ta(
            ctx.locale,
            if added {
                "training-recorded"
            } else {
                "training-already-recorded"
            },
            &[
                ("title", self.course_title(course, ctx.locale).into()),
                ("name", target.name.clone().into()),
                ("date", self.i18n.date(ctx.locale, date).into()),
                ("next", self.i18n.date(ctx.locale, next).into()),
            ],
        )))
    }

    /// Compliance for some schools: per school and role, done / due / overdue, and who is
    /// overdue.
    fn report_blocks(
        &self,
        locale: &str,
        schools: &[&School],
        assignments: &[Assignment<'_>],
    ) -> Reply {
        let mut r = Reply::new();
        for school in schools {
            let here: Vec<&Assignment<'_>> = assignments
                .iter()
                .filter(|a| self.person_school(a.person).id == school.id)
                .collect();
            r = r.heading(self.ta(
                locale,
                "training-report-school",
                &[("school", school.name.clone().into())],
            ));
            if here.is_empty() {
                r = r.text(self.t(locale, "training-report-nobody"));
                continue;
            }
            let mut lines = vec![];
            for role in Role::ALL {
                let with_role: Vec<_> = here.iter().filter(|a| a.person.has_role(*role)).collect();
                if with_role.is_empty() {
                    continue;
                }
                let count = |s: Status| with_role.iter().filter(|a| a.status == s).count() as i64;
                let mut people: Vec<i64> = with_role.iter().map(|a| a.person.id).collect();
                people.sort_unstable();
                people.dedup();
                lines.push(
                    self.ta(
                        locale,
                        "training-report-role",
                        &[
                            (
                                "role",
                                self.t(locale, &format!("training-role-{}", role.as_str()))
                                    .into(),
                            ),
                            ("people", (people.len() as i64).into()),
                            ("done", count(Status::Done).into()),
                            ("due", count(Status::Due).into()),
                            ("overdue", count(Status::Overdue).into()),
                        ],
                    ),
                );
            }
            r = r.bullets(lines);
            let mut overdue: Vec<&Assignment<'_>> = here
                .iter()
                .copied()
                .filter(|a| a.status == Status::Overdue)
                .collect();
            if overdue.is_empty() {
                r = r.text(self.t(locale, "training-report-none-overdue"));
                continue;
            }
            // The longest overdue first; a school's whole staff would not fit a message.
            overdue.sort_by_key(|a| (a.due, a.person.position, a.person.id));
            let lines = overdue
                .iter()
                .take(OVERDUE_LISTED)
                .map(|a| {
                    self.ta(
                        locale,
                        "training-report-overdue-line",
                        &[
                            ("name", a.person.name.clone().into()),
                            ("title", self.course_title(a.course, locale).into()),
                            ("date", self.i18n.date(locale, a.due).into()),
                        ],
                    )
                })
                .collect();
            r = r
                .text(self.ta(
                    locale,
                    "training-report-overdue",
                    &[("count", (overdue.len() as i64).into())],
                ))
                .bullets(lines);
            if overdue.len() > OVERDUE_LISTED {
                r = r.text(self.ta(
                    locale,
                    "training-report-overdue-more",
                    &[("count", ((overdue.len() - OVERDUE_LISTED) as i64).into())],
                ));
            }
        }
        r
    }

    async fn training_report(&self, ctx: &Ctx, me: &Person) -> Result<Reply, StoreError> {
        let people = self.store.people().await?;
        let latest = self.latest_completions().await?;
        let all = self.assignments(&people, &latest, ctx.now);
        let schools: Vec<&School> = if me.is_admin() {
            self.config.schools.iter().map(|s| &**s).collect()
        } else {
            vec![self.person_school(me)]
        };
        let mut r = Reply::new().heading(self.t(ctx.locale, "training-report-title"));
        r.blocks
            .extend(self.report_blocks(ctx.locale, &schools, &all).blocks);
        Ok(r)
    }

    fn reminder_reply(&self, a: &Assignment<'_>, today: NaiveDate) -> Reply {
        let loc = person_locale(a.person);
        let title = self.course_title(a.course, loc);
        let date = self.i18n.date(loc, a.due);
        let days = (a.due - today).num_days();
        let mut r = Reply::new().heading(self.t(loc, "training-reminder-title"));
        r = if days < 0 {
            r.warning(self.ta(
                loc,
                "training-reminder-overdue",
                &[("title", title.clone().into()), ("date", date.into())],
            ))
        } else {
            r.text(self.ta(
                loc,
                "training-reminder-before",
                &[
                    ("title", title.clone().into()),
                    ("date", date.into()),
                    ("days", days.into()),
                ],
            ))
        };
        if let Some(link) = &a.course.link {
            r = r.text(self.ta(
                loc,
                "training-link",
                &[("title", title.into()), ("link", link.clone().into())],
            ));
        }
        r.footer(self.ta(
            loc,
            "training-reminder-record",
            &[
                ("command", self.slash("training").into()),
                ("id", a.course.id.clone().into()),
            ],
        ))
    }

    /// Queue every reminder due now: for schools inside their working hours, each person's
    /// current step for each course (if not sent before), and once a week a digest for
    /// each coordinator. Each message and its step row are written in one transaction.
    pub async fn training_reminders(&self) -> Result<ReminderPass, StoreError> {
        self.training_pass(true).await
    }

    /// The pass; `keep` says whether to return what was queued (the scheduler only counts
    /// it). Messages are drafted and written [`REMINDERS_PER_WRITE`] at a time, so a
    /// district's first pass, with a reminder for every person and course, never holds
    /// them all in memory (nor the write turn for long).
    pub(crate) async fn training_pass(&self, keep: bool) -> Result<ReminderPass, StoreError> {
        let now = self.clock.now();
        let now_ms = now.timestamp_millis();
        let open: Vec<&School> = self
            .config
            .schools
            .iter()
            .map(|s| &**s)
            .filter(|s| in_working_time(s, &now.with_timezone(&s.time_zone)))
            .collect();
        if open.is_empty() {
            return Ok(ReminderPass::default());
        }
        let open_ids: HashSet<&str> = open.iter().map(|s| s.id.as_str()).collect();
        let people = self.store.people().await?;
        let latest = self.latest_completions().await?;
        let all = self.assignments(&people, &latest, now);
        // Steps for due dates more than ten years back cannot matter any more.
        let earliest = now.date_naive() - Days::new(3660);
        let sent: HashSet<(i64, String, NaiveDate, String)> = self
            .store
            .sent_reminders(earliest)
            .await?
            .into_iter()
            .map(|s| (s.person_id, s.course_id, s.due_on, s.step))
            .collect();

        let mut pass = ReminderPass::default();
        let mut steps: Vec<ReminderStep> = vec![];
        let mut drafts: Vec<Draft> = vec![];
        for a in &all {
            if drafts.len() >= REMINDERS_PER_WRITE {
                self.queue_training(&mut steps, &mut drafts, now_ms, keep, &mut pass)
                    .await?;
            }
            let school = self.person_school(a.person);
            if !open_ids.contains(school.id.as_str()) {
                continue;
            }
            let today = self.today_at(school, now);
            let Some(step) = reminder_step(a.due, today) else {
                continue;
            };
            let key = (a.person.id, a.course.id.clone(), a.due, step.clone());
            if sent.contains(&key) {
                continue;
            }
            drafts.push(self.draft(
                a.person,
                OutboxKind::Reminder,
                None,
                format!("training:{}:{}:{}:{step}", a.person.id, a.course.id, a.due),
                self.reminder_reply(a, today),
                now_ms,
            ));
            steps.push(ReminderStep {
                person_id: a.person.id,
                course_id: a.course.id.clone(),
                due_on: a.due,
                step,
            });
        }
        // The weekly digest: once per ISO week, on the first working moment of it.
        for school in &open {
            // A school where nobody has a course gets no digest.
            if !all
                .iter()
                .any(|a| self.person_school(a.person).id == school.id)
            {
                continue;
            }
            let today = self.today_at(school, now);
            let week_start = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            for c in people
                .iter()
                .filter(|p| p.school_id == school.id && p.is_coordinator())
            {
                if drafts.len() >= REMINDERS_PER_WRITE {
                    self.queue_training(&mut steps, &mut drafts, now_ms, keep, &mut pass)
                        .await?;
                }
                let key = (
                    c.id,
                    DIGEST_COURSE.to_string(),
                    week_start,
                    "digest".to_string(),
                );
                if sent.contains(&key) {
                    continue;
                }
                let loc = person_locale(c);
                let mut reply = Reply::new().heading(self.ta(
                    loc,
                    "training-digest-title",
                    &[("date", self.i18n.date(loc, week_start).into())],
                ));
                reply
                    .blocks
                    .extend(self.report_blocks(loc, &[*school], &all).blocks);
                drafts.push(self.draft(
                    c,
                    OutboxKind::Reminder,
                    None,
                    format!("training-digest:{}:{week_start}", c.id),
                    reply,
                    now_ms,
                ));
                steps.push(ReminderStep {
                    person_id: c.id,
                    course_id: DIGEST_COURSE.into(),
                    due_on: week_start,
                    step: "digest".into(),
                });
            }
        }
        self.queue_training(&mut steps, &mut drafts, now_ms, keep, &mut pass)
            .await?;
        if pass.queued > 0 {
            info!(queued = pass.queued, "training reminders queued");
        }
        Ok(pass)
    }

    /// Write the reminders drafted so far (each with its step row), count them into
    /// `pass` (keeping them if `keep`), and empty the buffers.
    async fn queue_training(
        &self,
        steps: &mut Vec<ReminderStep>,
        drafts: &mut Vec<Draft>,
        now_ms: i64,
        keep: bool,
        pass: &mut ReminderPass,
    ) -> Result<(), StoreError> {
        if drafts.is_empty() {
            return Ok(());
        }
        let pairs: Vec<_> = steps
            .drain(..)
            .zip(drafts.iter().map(|d| d.row.clone()))
            .collect();
        let ids = self.store.queue_reminders(&pairs, now_ms).await?;
        let written = std::mem::take(drafts);
        let queued = ids.iter().filter(|i| i.is_some()).count() as u64;
        pass.queued += queued;
        metrics::counter!("safeharbor_training_reminders_total").increment(queued);
        if keep {
            pass.notifications.extend(notifications(written, &ids));
        }
        Ok(())
    }
}
