//! The `/checkin schedule` form: what Slack and Discord open when the command comes with
//! no words (the console and Teams answer with the one-line usage instead).
//!
//! The form only gathers the words of the one-line form. A submission becomes the line
//! `CASE every N weeks|months on … at HH:MM with EMAIL,… [from …] [until …] [tz …]
//! [remind …]`, which runs through the same command as typed text (`/checkin schedule …`):
//! the same rules, the same stored plan, the same private notices through the outbox.
//! Before that, every problem is found and tied to the field it concerns (parse errors by
//! the field their word came from; the case, roster and end-date checks the command makes),
//! so a modal can show it beside that field. Nothing is saved while any remains.
//!
//! Fields (ids in [`field`]): the case number; how often (every 1, 2, 3, 4, 6 or 8 weeks,
//! or every 1, 2 or 3 months on a date or on a weekday); the weekday; which week of the
//! month; the day of the month; the time; the assigned staff (Slack: a users picker, mapped
//! to the roster by Slack user id; elsewhere typed emails); optional start and end dates,
//! time zone and reminders. The weekday, week-of-month and day fields are asked only for
//! the cadences that use them. Other intervals and tapering plans take the one-line form.
//!
//! Pseudonymous like the command: the form asks for a case number, never a student.
use fluent::FluentValue;
use tracing::{info, warn};

use super::commands::closed_days;
use super::parse::{MAX_ASSIGNED, ParseError, ParseErrorKind, parse_schedule};
use super::schedule::Schedule;
use crate::engine::concern::{FieldError, assignee_problem};
use crate::engine::{
    Block, Ctx, Engine, Form, FormField, FormFieldKind, FormValues, Invocation, Outcome, Reply,
    ShownWhen,
};
use crate::store::StoreError;

/// The form's id, for adapters that open it as a modal.
pub const FORM_ID: &str = "checkin.schedule";

/// Form field ids; adapters use them to map a submission back and to place errors.
pub mod field {
    pub const CASE: &str = "case";
    pub const CADENCE: &str = "cadence";
    pub const WEEKDAY: &str = "weekday";
    pub const NTH: &str = "nth";
    pub const DAY: &str = "day";
    pub const TIME: &str = "time";
    pub const STAFF: &str = "staff";
    pub const FROM: &str = "from";
    pub const UNTIL: &str = "until";
    pub const ZONE: &str = "tz";
    pub const REMIND: &str = "remind";
}

/// "How often": every N weeks on a weekday (`w<N>`), every N months on a date (`d<N>`),
/// every N months on the NTH weekday (`n<N>`).
const WEEK_STEPS: [u32; 6] = [1, 2, 3, 4, 6, 8];
const MONTH_STEPS: [u32; 3] = [1, 2, 3];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const NTHS: [&str; 5] = ["1st", "2nd", "3rd", "4th", "last"];
/// Reminder choices, in the one-line form's own words.
const REMINDERS: [&str; 9] = ["7d", "3d", "2d", "24h", "4h", "2h", "1h", "30m", "15m"];
const CASE_MAX_CHARS: usize = 20;
const ZONE_MAX_CHARS: usize = 64;

/// The kind of cadence a "how often" value stands for, and its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Weeks(u32),
    MonthDay(u32),
    MonthWeekday(u32),
}

impl Repeat {
    fn all() -> Vec<Repeat> {
        let mut out: Vec<Repeat> = WEEK_STEPS.iter().map(|n| Repeat::Weeks(*n)).collect();
        out.extend(MONTH_STEPS.iter().map(|n| Repeat::MonthDay(*n)));
        out.extend(MONTH_STEPS.iter().map(|n| Repeat::MonthWeekday(*n)));
        out
    }

    fn value(self) -> String {
        match self {
            Repeat::Weeks(n) => format!("w{n}"),
            Repeat::MonthDay(n) => format!("d{n}"),
            Repeat::MonthWeekday(n) => format!("n{n}"),
        }
    }

    fn parse(value: &str) -> Option<Repeat> {
        Repeat::all().into_iter().find(|r| r.value() == value)
    }

    fn values_where(pred: impl Fn(Repeat) -> bool) -> Vec<String> {
        Repeat::all()
            .into_iter()
            .filter(|r| pred(*r))
            .map(Repeat::value)
            .collect()
    }
}

fn s(v: impl ToString) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
}

/// The trimmed single value of a field ("" when not filled in).
fn one<'a>(values: &'a FormValues, id: &str) -> &'a str {
    values
        .get(id)
        .and_then(|v| v.iter().map(|x| x.trim()).find(|x| !x.is_empty()))
        .unwrap_or("")
}

/// A field's values, each split at commas, semicolons and spaces, empty ones dropped.
fn items<'a>(values: &'a FormValues, id: &str) -> Vec<&'a str> {
    values
        .get(id)
        .into_iter()
        .flatten()
        .flat_map(|v| v.split([',', ';', ' ', '\n', '\t']))
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// `9:30` → `09:30`; anything else as given (the parser names what is wrong).
fn pad_time(t: &str) -> String {
    let b = t.as_bytes();
    if b.len() == 4 && b[0].is_ascii_digit() && b[1] == b':' {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

/// The one-line text a submission stands for, with the field each value word came from.
struct Line {
    text: String,
    origins: Vec<(String, &'static str)>,
    from: String,
    until: String,
}

impl Line {
    fn word(&mut self, w: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(w);
    }
    fn value(&mut self, w: &str, field: &'static str) {
        self.word(w);
        self.origins.push((w.to_string(), field));
    }
    /// The field a word the parser named came from (a list's item is inside its word).
    fn origin(&self, word: &str) -> Option<&'static str> {
        if word.is_empty() {
            return None;
        }
        self.origins
            .iter()
            .find(|(w, _)| w == word)
            .or_else(|| {
                self.origins
                    .iter()
                    .find(|(w, _)| w.split(',').any(|x| x == word))
            })
            .map(|(_, f)| *f)
    }
}

impl Engine {
    /// The check-in form, in a locale.
    pub fn checkin_form(&self, locale: &str) -> Form {
        let t = |id: &str| self.t(locale, id);
        let n = |id: &str, n: u32| self.ta(locale, id, &[("n", i64::from(n).into())]);
        let cadences = Repeat::all()
            .into_iter()
            .map(|r| {
                let label = match r {
                    Repeat::Weeks(k) => n("checkin-form-every-weeks", k),
                    Repeat::MonthDay(k) => n("checkin-form-every-months-on-date", k),
                    Repeat::MonthWeekday(k) => n("checkin-form-every-months-on-weekday", k),
                };
                (r.value(), label)
            })
            .collect();
        let weekdays = WEEKDAYS
            .iter()
            .map(|d| (d.to_string(), t(&format!("checkin-form-weekday-{d}"))))
            .collect();
        let nths = NTHS
            .iter()
            .map(|w| (w.to_string(), t(&format!("checkin-form-nth-{w}"))))
            .collect();
        let days = (1..=31u32)
            .map(|d| {
                let label = if d == 31 {
                    t("checkin-form-day-last")
                } else {
                    d.to_string()
                };
                (d.to_string(), label)
            })
            .collect();
        let reminders = REMINDERS
            .iter()
            .map(|r| (r.to_string(), self.remind_label(locale, r)))
            .collect();
        let when = |pred: fn(Repeat) -> bool| {
            Some(ShownWhen {
                field: field::CADENCE.into(),
                values: Repeat::values_where(pred),
            })
        };
        let f = |id: &str, kind: FormFieldKind, required: bool| FormField {
            id: id.into(),
            label: t(&format!("checkin-form-field-{id}")),
            kind,
            required,
            hint: Some(t(&format!("checkin-form-hint-{id}"))),
            shown_when: None,
        };
        Form {
            id: FORM_ID.into(),
            title: t("checkin-form-title"),
            submit: t("checkin-form-submit"),
            fields: vec![
                f(
                    field::CASE,
                    FormFieldKind::ShortText {
                        max_len: CASE_MAX_CHARS,
                    },
                    true,
                ),
                f(
                    field::CADENCE,
                    FormFieldKind::Select { options: cadences },
                    true,
                ),
                FormField {
                    shown_when: when(|r| !matches!(r, Repeat::MonthDay(_))),
                    ..f(
                        field::WEEKDAY,
                        FormFieldKind::Select { options: weekdays },
                        false,
                    )
                },
                FormField {
                    shown_when: when(|r| matches!(r, Repeat::MonthWeekday(_))),
                    ..f(field::NTH, FormFieldKind::Select { options: nths }, false)
                },
                FormField {
                    shown_when: when(|r| matches!(r, Repeat::MonthDay(_))),
                    ..f(field::DAY, FormFieldKind::Select { options: days }, false)
                },
                f(field::TIME, FormFieldKind::Time, true),
                f(
                    field::STAFF,
                    FormFieldKind::People {
                        max: MAX_ASSIGNED,
                        typed_hint: t("checkin-form-hint-staff-typed"),
                    },
                    true,
                ),
                f(field::FROM, FormFieldKind::Date, false),
                f(field::UNTIL, FormFieldKind::Date, false),
                f(
                    field::ZONE,
                    FormFieldKind::ShortText {
                        max_len: ZONE_MAX_CHARS,
                    },
                    false,
                ),
                f(
                    field::REMIND,
                    FormFieldKind::MultiSelect {
                        groups: vec![(t("checkin-form-remind-group"), reminders)],
                    },
                    false,
                ),
            ],
        }
    }

    fn remind_label(&self, locale: &str, word: &str) -> String {
        let (number, unit) = word.split_at(word.len() - 1);
        let n: i64 = number.parse().unwrap_or(0);
        let (id, n) = match unit {
            "d" => ("checkin-form-remind-days", n),
            "h" if n % 24 == 0 => ("checkin-form-remind-days", n / 24),
            "h" => ("checkin-form-remind-hours", n),
            _ => ("checkin-form-remind-minutes", n),
        };
        self.ta(locale, id, &[("n", n.into())])
    }

    /// `/checkin schedule` with no words: the usage (what the console and Teams show) and
    /// the form (what Slack and Discord open).
    pub(super) fn checkin_form_reply(&self, ctx: &Ctx) -> Reply {
        let mut r = Reply::new().text(self.ta(
            ctx.locale,
            "checkin-usage",
            &[("command", self.slash("checkin").into())],
        ));
        r.form = Some(self.checkin_form(ctx.locale));
        r
    }

    /// Turn a submission into the one-line text, or say what is missing or wrong, field
    /// by field. `emails` are the assigned people, already resolved from the staff field.
    fn checkin_line(
        &self,
        locale: &str,
        values: &FormValues,
        emails: &[String],
    ) -> Result<Line, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = vec![];
        let mut error = |field: &'static str, id: &str, word: &str| {
            let shown: String = word.chars().take(60).collect();
            errors.push(FieldError {
                field,
                message: self.ta(locale, id, &[("word", shown.into())]),
            });
        };
        // A value that must be one word: a space would let it run into the next option.
        let single = |v: &str| !v.chars().any(char::is_whitespace);

        let case = one(values, field::CASE);
        if case.is_empty() {
            error(field::CASE, "checkin-form-error-case-missing", "");
        } else if !single(case) {
            error(field::CASE, ParseErrorKind::Case.message_id(), case);
        }
        let cadence = one(values, field::CADENCE);
        let repeat = Repeat::parse(cadence);
        if cadence.is_empty() {
            error(field::CADENCE, "checkin-form-error-cadence-missing", "");
        } else if repeat.is_none() {
            error(field::CADENCE, "checkin-form-error-choice", cadence);
        }
        let mut pick = |id: &'static str, allowed: &[String], missing: &str| -> String {
            let v = one(values, id);
            if v.is_empty() {
                error(id, missing, "");
            } else if !allowed.iter().any(|a| a == v) {
                error(id, "checkin-form-error-choice", v);
            }
            v.to_string()
        };
        let weekdays: Vec<String> = WEEKDAYS.iter().map(|d| d.to_string()).collect();
        let (unit, on) = match repeat {
            Some(Repeat::Weeks(_)) => (
                "weeks",
                vec![(
                    pick(
                        field::WEEKDAY,
                        &weekdays,
                        "checkin-form-error-weekday-missing",
                    ),
                    field::WEEKDAY,
                )],
            ),
            Some(Repeat::MonthDay(_)) => {
                let days: Vec<String> = (1..=31).map(|d: u32| d.to_string()).collect();
                (
                    "months",
                    vec![
                        ("day".to_string(), ""),
                        (
                            pick(field::DAY, &days, "checkin-form-error-day-missing"),
                            field::DAY,
                        ),
                    ],
                )
            }
            Some(Repeat::MonthWeekday(_)) => {
                let nths: Vec<String> = NTHS.iter().map(|d| d.to_string()).collect();
                let nth = pick(field::NTH, &nths, "checkin-form-error-nth-missing");
                let day = pick(
                    field::WEEKDAY,
                    &weekdays,
                    "checkin-form-error-weekday-missing",
                );
                ("months", vec![(nth, field::NTH), (day, field::WEEKDAY)])
            }
            None => ("", vec![]),
        };
        let time = pad_time(one(values, field::TIME));
        if time.is_empty() {
            error(field::TIME, "checkin-form-error-time-missing", "");
        } else if !single(&time) {
            error(field::TIME, "checkin-form-error-time", &time);
        }
        if emails.is_empty() && items(values, field::STAFF).is_empty() {
            error(field::STAFF, "checkin-form-error-staff-missing", "");
        }
        let optional = [
            (field::FROM, "from", ParseErrorKind::Date),
            (field::UNTIL, "until", ParseErrorKind::Date),
            (field::ZONE, "tz", ParseErrorKind::Zone),
        ];
        for (id, _, kind) in optional {
            let v = one(values, id);
            if !single(v) {
                error(id, kind.message_id(), v);
            }
        }
        let reminders = items(values, field::REMIND);
        for r in &reminders {
            if !REMINDERS.contains(r) {
                error(field::REMIND, "checkin-form-error-choice", r);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let Some(repeat) = repeat else {
            return Err(errors);
        };
        let every = match repeat {
            Repeat::Weeks(n) | Repeat::MonthDay(n) | Repeat::MonthWeekday(n) => n,
        };
        let mut line = Line {
            text: String::new(),
            origins: vec![],
            from: one(values, field::FROM).to_string(),
            until: one(values, field::UNTIL).to_string(),
        };
        line.value(case, field::CASE);
        line.word(&format!("every {every} {unit} on"));
        for (w, f) in &on {
            if f.is_empty() {
                line.word(w);
            } else {
                line.value(w, f);
            }
        }
        line.word("at");
        line.value(&time, field::TIME);
        line.word("with");
        line.value(&emails.join(","), field::STAFF);
        for (id, keyword, _) in optional {
            let v = one(values, id);
            if !v.is_empty() {
                line.word(keyword);
                line.value(v, id);
            }
        }
        if !reminders.is_empty() {
            line.word("remind");
            line.value(&reminders.join(","), field::REMIND);
        }
        Ok(line)
    }

    /// A parse error of the built line, on the field its word came from.
    fn parse_error_on_field(&self, locale: &str, line: &Line, e: &ParseError) -> FieldError {
        let by_kind = match e.kind {
            ParseErrorKind::Case => Some(field::CASE),
            ParseErrorKind::Weekday => Some(field::WEEKDAY),
            ParseErrorKind::DayOfMonth => Some(field::DAY),
            ParseErrorKind::Monthly => Some(field::NTH),
            ParseErrorKind::Time => Some(field::TIME),
            ParseErrorKind::With | ParseErrorKind::Email => Some(field::STAFF),
            ParseErrorKind::Date if e.word == line.until && e.word != line.from => {
                Some(field::UNTIL)
            }
            ParseErrorKind::Date => Some(field::FROM),
            ParseErrorKind::UntilBeforeFrom => Some(field::UNTIL),
            ParseErrorKind::Zone => Some(field::ZONE),
            ParseErrorKind::Remind => Some(field::REMIND),
            _ => None,
        };
        let on = by_kind
            .or_else(|| line.origin(&e.word))
            .unwrap_or(field::CADENCE);
        let message = match e.kind {
            ParseErrorKind::Time => {
                self.ta(locale, "checkin-form-error-time", &[("word", s(&e.word))])
            }
            ParseErrorKind::With => self.ta(
                locale,
                "checkin-form-error-staff-too-many",
                &[("max", (MAX_ASSIGNED as i64).into())],
            ),
            kind => self.ta(locale, kind.message_id(), &e.args()),
        };
        FieldError { field: on, message }
    }

    /// Submit the check-in form (the entry point Slack and Discord call). `Err` holds the
    /// problems, each on its field, in the reader's language; nothing was saved. `Ok` is
    /// what `/checkin schedule` answers for the same line: the plan was stored and the
    /// assigned people's notices queued.
    pub async fn submit_checkin_form(
        &self,
        inv: &Invocation,
        values: &FormValues,
    ) -> Result<Outcome, Vec<FieldError>> {
        match self.checkin_form_checked(inv, values).await {
            Ok(r) => r,
            Err(e) => {
                warn!(error = %e, platform = %inv.platform, "check-in form failed: storage problem");
                let locale = self
                    .context(inv)
                    .await
                    .map(|c| c.locale)
                    .unwrap_or(crate::i18n::DEFAULT_LOCALE);
                Err(vec![FieldError {
                    field: field::CASE,
                    message: self.t(locale, "error-try-again"),
                }])
            }
        }
    }

    async fn checkin_form_checked(
        &self,
        inv: &Invocation,
        values: &FormValues,
    ) -> Result<Result<Outcome, Vec<FieldError>>, StoreError> {
        let ctx = self.context(inv).await?;
        let loc = ctx.locale;
        let general = |message: String| {
            Ok(Err(vec![FieldError {
                field: field::CASE,
                message,
            }]))
        };
        let Some(spec) = self.commands.by_id("checkin") else {
            return general(self.t(loc, "error-try-again"));
        };
        let Some(me) = ctx.person.clone() else {
            return general(self.t(loc, "checkin-not-on-roster"));
        };
        if !self.may_run(&ctx, spec.who) {
            return general(self.t(loc, "error-not-allowed"));
        }
        let mut errors: Vec<FieldError> = vec![];

        // The staff: emails as typed, or platform user ids (a Slack users picker) mapped
        // to the roster.
        let mut emails: Vec<String> = vec![];
        let mut not_on_roster = false;
        for item in items(values, field::STAFF) {
            if item.contains('@') {
                emails.push(item.to_string());
            } else {
                match self.store.person_by_platform(inv.platform, item).await? {
                    Some(p) => emails.push(p.email),
                    None => not_on_roster = true,
                }
            }
        }
        if not_on_roster {
            errors.push(FieldError {
                field: field::STAFF,
                message: self.t(loc, "checkin-form-error-not-on-roster"),
            });
        }
        let line = match self.checkin_line(loc, values, &emails) {
            Ok(line) => line,
            Err(more) => {
                errors.extend(more);
                return Ok(Err(errors));
            }
        };
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let req = match parse_schedule(&line.text) {
            Ok(r) => r,
            Err(e) => return Ok(Err(vec![self.parse_error_on_field(loc, &line, &e)])),
        };

        // The checks `/checkin schedule` makes, each on its field.
        let word_error = |field: &'static str, id: &str, word: &str| FieldError {
            field,
            message: self.ta(loc, id, &[("word", s(word))]),
        };
        let concern = self
            .store
            .concern(req.case.id())
            .await?
            .filter(|c| me.may_handle_school(&c.school_id));
        if concern.is_none() {
            errors.push(FieldError {
                field: field::CASE,
                message: self.t(loc, "concern-not-visible"),
            });
        }
        for email in &req.emails {
            match self.store.person_by_email(email).await? {
                None => errors.push(word_error(field::STAFF, "checkin-unknown-email", email)),
                Some(p) => {
                    if let Some(id) = concern
                        .as_ref()
                        .and_then(|c| assignee_problem(&p, &c.school_id))
                    {
                        errors.push(word_error(field::STAFF, id, email));
                    }
                }
            }
        }
        if let Some(c) = &concern {
            let school = self.school_of(c);
            let zone = req.zone.unwrap_or(school.time_zone);
            let schedule = Schedule {
                segments: req.segments.clone(),
                time: req.time,
                zone,
                anchor: Schedule::anchor(ctx.now, req.from, zone),
                until: req.until,
                closed: closed_days(school),
            };
            if schedule.occurrences().next().is_none() {
                let until = req
                    .until
                    .map(|u| u.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                errors.push(word_error(field::UNTIL, "checkin-no-occurrences", &until));
            }
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }

        // The same path as the typed command.
        let outcome = self
            .handle(Invocation {
                command: spec.name.clone(),
                text: format!("schedule {}", line.text),
                ..inv.clone()
            })
            .await;
        let refused: Vec<String> = outcome
            .reply
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Warning { text } => Some(text.clone()),
                _ => None,
            })
            .collect();
        if !refused.is_empty() {
            return general(refused.join(" "));
        }
        info!(
            platform = %inv.platform,
            notices = outcome.notifications.len(),
            "check-in form submitted"
        );
        Ok(Ok(outcome))
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
