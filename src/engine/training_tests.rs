//! Training tests: a school in America/New_York, the manual clock driven over a year and
//! across both DST changes, reminders through the outbox, the report and the errors.
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;

use super::tests::{inv, test_key};
use super::training::{Status, due_date, reminder_step, status};
use super::*;
use crate::clock::ManualClock;
use crate::domain::{NewPerson, OutboxKind, Role};

const ANA: &str = "ana@harbor.example";
const BO: &str = "bo@harbor.example";
const CY: &str = "cy@harbor.example";
const DEE: &str = "dee@harbor.example";

const CONFIG: &str = r#"
[district]
name = "Harbor District"
[[schools]]
id = "harbor-hs"
name = "Harbor High"
time_zone = "America/New_York"
working_hours = "08:00-16:00"
working_days = ["mon", "tue", "wed", "thu", "fri"]
"#;

struct Harbor {
    engine: Engine,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A New York wall-clock time as UTC.
fn ny(day: NaiveDate, hour: u32, minute: u32) -> chrono::DateTime<Utc> {
    New_York
        .from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn person(email: &str, name: &str, roles: Vec<Role>, locale: Option<&str>, pos: i64) -> NewPerson {
    NewPerson {
        school_id: "harbor-hs".into(),
        name: name.into(),
        email: email.into(),
        roles,
        locale: locale.map(String::from),
        slack_user_id: Some(format!("U{pos:08}")),
        discord_user_id: None,
        teams_user_id: None,
        teams_webhook_url: None,
        position: pos,
        demo: false,
    }
}

/// The school with Ana (teacher), Bo (nurse, Spanish) and Cy (coordinator), all added at
/// `start` (New York time).
async fn harbor(start: chrono::DateTime<Utc>, extra: &str) -> Harbor {
    harbor_with(&format!("{CONFIG}{extra}"), start).await
}

async fn harbor_with(toml: &str, start: chrono::DateTime<Utc>) -> Harbor {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    let config = Arc::new(crate::config::from_parts(Some(toml), None, &env).unwrap());
    let clock = ManualClock::new(start);
    let engine = crate::app::build_engine(config, Arc::new(clock.clone()), test_key())
        .await
        .unwrap();
    engine
        .store
        .import_people(
            &[
                person(ANA, "Ana Teacher", vec![Role::Teacher], None, 1),
                person(BO, "Bo Nurse", vec![Role::Nurse], Some("es"), 2),
                person(CY, "Cy Coordinator", vec![Role::Coordinator], None, 3),
            ],
            start.timestamp_millis(),
        )
        .await
        .unwrap();
    Harbor {
        engine,
        clock,
        _dir: dir,
    }
}

impl Harbor {
    async fn say(&self, user: &str, text: &str) -> Outcome {
        self.engine.handle(inv(user, "training", text)).await
    }

    async fn text(&self, user: &str, text: &str) -> String {
        self.say(user, text).await.reply.to_text()
    }

    /// Run the scheduler's pass at a moment; return the training messages it queued as
    /// (recipient name, outbox key, text).
    async fn pass_at(&self, at: chrono::DateTime<Utc>) -> Vec<(String, String, String)> {
        self.clock.set(at);
        let before: std::collections::HashSet<i64> = self.reminder_ids().await;
        let report = self.engine.run_due().await.unwrap();
        let rows = self
            .engine
            .store
            .pending_outbox(i64::MAX, 100_000)
            .await
            .unwrap();
        let new: Vec<_> = rows
            .into_iter()
            .filter(|r| r.kind == OutboxKind::Reminder && !before.contains(&r.id))
            .collect();
        assert_eq!(report.reminders as usize, new.len());
        let people = self.engine.store.people().await.unwrap();
        new.into_iter()
            .map(|r| {
                let name = people
                    .iter()
                    .find(|p| p.id == r.recipient_id)
                    .unwrap()
                    .name
                    .clone();
                let text = self
                    .engine
                    .open_payload(&r.payload_sealed)
                    .unwrap()
                    .to_text();
                (name, r.key, text)
            })
            .collect()
    }

    /// `n` teachers, "Teacher {tag}0" (t{tag}0@harbor.example) and on, added at `at`.
    async fn add_teachers(&self, tag: &str, n: i64, at: chrono::DateTime<Utc>) {
        let teachers: Vec<NewPerson> = (0..n)
            .map(|i| {
                let email = format!("t{tag}{i}@harbor.example");
                let name = format!("Teacher {tag}{i}");
                person(&email, &name, vec![Role::Teacher], None, 10 + i)
            })
            .collect();
        self.engine
            .store
            .import_people(&teachers, at.timestamp_millis())
            .await
            .unwrap();
    }

    async fn reminder_ids(&self) -> std::collections::HashSet<i64> {
        self.engine
            .store
            .pending_outbox(i64::MAX, 100_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == OutboxKind::Reminder)
            .map(|r| r.id)
            .collect()
    }
}

#[test]
fn renewal_is_in_calendar_months_and_new_staff_get_the_allowance() {
    let joined = date("2026-01-05");
    assert_eq!(
        due_date(12, Some(date("2026-02-28")), joined, 30),
        date("2027-02-28")
    );
    assert_eq!(
        due_date(12, Some(date("2024-02-29")), joined, 30),
        date("2025-02-28")
    );
    assert_eq!(
        due_date(1, Some(date("2026-01-31")), joined, 30),
        date("2026-02-28")
    );
    assert_eq!(due_date(12, None, joined, 30), date("2026-02-04"));
    assert_eq!(due_date(12, None, joined, 14), date("2026-01-19"));

    let due = date("2026-02-04");
    assert_eq!(status(None, due, date("2026-02-04")), Status::Due);
    assert_eq!(status(None, due, date("2026-02-05")), Status::Overdue);
    assert_eq!(
        status(Some(date("2025-02-04")), due, date("2026-01-01")),
        Status::Done
    );
}

#[test]
fn reminder_steps_are_30_7_1_days_before_and_weekly_after() {
    let due = date("2026-02-04");
    let step = |d: &str| reminder_step(due, date(d));
    assert_eq!(step("2026-01-04"), None, "31 days before");
    assert_eq!(step("2026-01-05").as_deref(), Some("30"));
    assert_eq!(step("2026-01-27").as_deref(), Some("30"), "8 days before");
    assert_eq!(step("2026-01-28").as_deref(), Some("7"));
    assert_eq!(step("2026-02-02").as_deref(), Some("7"));
    assert_eq!(step("2026-02-03").as_deref(), Some("1"));
    assert_eq!(step("2026-02-04").as_deref(), Some("1"), "due today");
    assert_eq!(step("2026-02-05").as_deref(), Some("overdue-0"));
    assert_eq!(step("2026-02-11").as_deref(), Some("overdue-0"));
    assert_eq!(step("2026-02-12").as_deref(), Some("overdue-1"));
}

/// A year and a bit, a pass at 03:00 and two in working hours every day, through both DST
/// changes: each step once, at the right days, only in working hours; completion stops the
/// reminders and renews twelve months later; weekly overdue; a weekly digest.
#[tokio::test]
async fn a_year_of_reminders_in_new_york() {
    let start = date("2026-01-05"); // a Monday
    let h = harbor(ny(start, 7, 0), "").await;
    // Cy did the course before the roster arrived.
    let done = h.text(CY, "done awareness 2026-01-02").await;
    assert!(done.contains("2027-01-02"), "{done}");

    let mut sent: BTreeMap<NaiveDate, Vec<(String, String, String)>> = BTreeMap::new();
    let end = date("2027-02-10");
    let mut day = start;
    while day <= end {
        let night = h.pass_at(ny(day, 3, 0)).await;
        assert!(night.is_empty(), "{day} 03:00 sent {night:?}");
        let morning = h.pass_at(ny(day, 9, 0)).await;
        let afternoon = h.pass_at(ny(day, 15, 30)).await;
        assert!(afternoon.is_empty(), "{day}: sent twice: {afternoon:?}");
        let evening = h.pass_at(ny(day, 16, 0)).await;
        assert!(evening.is_empty(), "{day} 16:00 is after hours");
        if day == date("2026-02-10") {
            let r = h.text(ANA, "done awareness").await;
            assert!(r.contains("2027-02-10"), "renews in 12 months: {r}");
        }
        if !morning.is_empty() {
            sent.insert(day, morning);
        }
        day = day.succ_opt().unwrap();
    }
    let days_for = |who: &str, what: &str| -> Vec<NaiveDate> {
        sent.iter()
            .filter(|(_, v)| v.iter().any(|(n, k, _)| n == who && k.contains(what)))
            .map(|(d, _)| *d)
            .collect()
    };

    // Nothing on a weekend.
    assert!(sent.keys().all(|d| d.weekday().num_days_from_monday() < 5));

    // Ana: due 30 days after joining; 30/7/1 steps, one overdue week, then she completed it
    // and heard nothing until 30 days before the renewal.
    assert_eq!(
        days_for("Ana Teacher", ":awareness:"),
        vec![
            date("2026-01-05"),
            date("2026-01-28"),
            date("2026-02-03"),
            date("2026-02-05"),
            date("2027-01-11"),
            date("2027-02-03"),
            date("2027-02-09"),
        ]
    );
    let ana_first = &sent[&date("2026-01-05")]
        .iter()
        .find(|(n, _, _)| n == "Ana Teacher")
        .unwrap()
        .2;
    assert!(ana_first.contains("due in 30 days"), "{ana_first}");
    assert!(ana_first.contains("2026-02-04"), "{ana_first}");
    assert!(
        ana_first.contains("/training done awareness"),
        "{ana_first}"
    );

    // Bo never completes: weekly while overdue (every Thursday, across both DST changes),
    // in Spanish, for both courses.
    let bo_overdue = days_for("Bo Nurse", ":intensive:2026-02-04:overdue");
    assert_eq!(bo_overdue[0], date("2026-02-05"));
    assert!(bo_overdue.len() >= 52, "{}", bo_overdue.len());
    assert!(
        bo_overdue.windows(2).all(|w| (w[1] - w[0]).num_days() == 7),
        "{bo_overdue:?}"
    );
    let bo_text = &sent[&date("2026-03-12")]
        .iter()
        .find(|(n, k, _)| n == "Bo Nurse" && k.contains(":awareness:"))
        .unwrap()
        .2;
    assert!(bo_text.contains("venció"), "{bo_text}");
    assert!(bo_text.contains("2026-02-04"), "{bo_text}");

    // Cy: the coordinator's own course renews from 2026-01-02 (a Saturday): the 7-day
    // step waits for Monday, the overdue weeks start on the first working day; a digest
    // every Monday.
    assert_eq!(
        days_for("Cy Coordinator", ":awareness:2027-01-02:"),
        vec![
            date("2026-12-03"),
            date("2026-12-28"),
            date("2027-01-01"),
            date("2027-01-04"),
            date("2027-01-11"),
            date("2027-01-18"),
            date("2027-01-25"),
            date("2027-02-01"),
            date("2027-02-08"),
        ]
    );
    let digests = days_for("Cy Coordinator", "training-digest:");
    assert!(digests.iter().all(|d| d.weekday() == chrono::Weekday::Mon));
    assert_eq!(digests.len(), 58, "{digests:?}");
    let digest = &sent[&date("2026-03-09")]
        .iter()
        .find(|(_, k, _)| k.starts_with("training-digest:"))
        .unwrap()
        .2;
    assert!(digest.contains("Bo Nurse"), "{digest}");
    assert!(
        digest.contains("Nurses (one person), courses: 0 done, 0 due, 2 overdue"),
        "{digest}"
    );
}

/// 12:30 UTC is 07:30 in New York in winter (before hours) and 08:30 in summer (inside):
/// working hours follow the school's zone across the DST change.
#[tokio::test]
async fn working_hours_follow_the_school_zone_across_dst() {
    let h = harbor(ny(date("2026-03-02"), 7, 0), "").await;
    let friday = Utc.with_ymd_and_hms(2026, 3, 6, 12, 30, 0).unwrap();
    assert!(h.pass_at(friday).await.is_empty(), "07:30 EST");
    let monday = Utc.with_ymd_and_hms(2026, 3, 9, 12, 30, 0).unwrap();
    let sent = h.pass_at(monday).await;
    assert!(!sent.is_empty(), "08:30 EDT after the change");
}

#[tokio::test]
async fn new_staff_are_due_after_the_configured_days_and_listed_with_status() {
    let h = harbor(
        ny(date("2026-06-15"), 7, 0),
        "[training]\nnew_staff_due_days = 45\n",
    )
    .await;
    h.engine
        .store
        .import_people(
            &[person(DEE, "Dee Driver", vec![Role::BusDriver], None, 4)],
            ny(date("2026-06-20"), 10, 0).timestamp_millis(),
        )
        .await
        .unwrap();
    h.clock.set(ny(date("2026-06-22"), 9, 0));
    let mine = h.text(DEE, "").await;
    assert!(mine.contains("awareness"), "{mine}");
    assert!(mine.contains("intensive"), "{mine}");
    assert!(
        mine.contains("due · due date August 4, 2026 (2026-08-04)"),
        "{mine}"
    );
    assert!(!mine.contains("overdue"), "{mine}");

    let ana = h.text(ANA, "").await;
    assert!(ana.contains("awareness"), "{ana}");
    assert!(!ana.contains("intensive"), "a teacher's only course: {ana}");
    assert!(ana.contains("2026-07-30"), "{ana}");

    let es = h.text(BO, "").await;
    assert!(es.contains("pendiente"), "{es}");
    assert!(es.contains("julio"), "{es}");
}

/// A course outside the person's roles, or a date far in the past, is refused: it would
/// count nowhere, or is a typo. Nothing is recorded.
#[tokio::test]
async fn done_refuses_a_course_that_is_not_theirs_and_an_implausible_date() {
    let h = harbor(ny(date("2026-03-02"), 9, 0), "").await;
    let other = h.text(ANA, "done intensive").await;
    assert!(
        other.contains("“intensive” is not one of Ana Teacher's courses"),
        "{other}"
    );
    let old = h.text(ANA, "done awareness 1900-01-01").await;
    assert!(
        old.contains("“1900-01-01” is 10 or more years ago"),
        "{old}"
    );
    let mine = h.text(ANA, "").await;
    assert!(!mine.contains("intensive"), "{mine}");
    assert!(!mine.contains("1900"), "{mine}");
    assert!(
        h.text(ANA, "done awareness 2020-01-01")
            .await
            .contains("Recorded"),
        "six years back is a record"
    );
}

#[tokio::test]
async fn the_report_counts_by_role_and_names_the_overdue() {
    let h = harbor(ny(date("2026-01-05"), 9, 0), "").await;
    assert!(
        h.text(ANA, "done awareness 2026-01-05")
            .await
            .contains("Recorded")
    );
    h.clock.set(ny(date("2026-03-02"), 9, 0));
    let r = h.text(CY, "report").await;
    assert!(r.contains("Harbor High"), "{r}");
    assert!(
        r.contains("Teachers (one person), courses: 1 done, 0 due, 0 overdue"),
        "{r}"
    );
    assert!(
        r.contains("Nurses (one person), courses: 0 done, 0 due, 2 overdue"),
        "{r}"
    );
    assert!(
        r.contains("Coordinators (one person), courses: 0 done, 0 due, 1 overdue"),
        "{r}"
    );
    assert!(r.contains("Overdue (3)"), "{r}");
    assert!(r.contains("Bo Nurse"), "{r}");
    assert!(r.contains("Cy Coordinator"), "{r}");
    assert!(!r.contains("Ana Teacher"), "{r}");

    // A coordinator records for someone else; the report moves.
    let rec = h
        .text(CY, "done intensive 2026-02-27 for BO@harbor.example")
        .await;
    assert!(rec.contains("Bo Nurse"), "{rec}");
    assert!(rec.contains("2027-02-27"), "{rec}");
    let r = h.text(CY, "report").await;
    assert!(
        r.contains("Nurses (one person), courses: 1 done, 0 due, 1 overdue"),
        "{r}"
    );
}

#[tokio::test]
async fn remind_queues_now_in_working_hours_and_never_twice() {
    let h = harbor(ny(date("2026-01-05"), 3, 0), "").await;
    let night = h.say(CY, "remind").await;
    assert!(night.reply.to_text().contains("No reminders"), "{night:?}");
    h.clock.set(ny(date("2026-01-05"), 9, 0));
    let o = h.say(CY, "remind").await;
    // Ana, Bo (two courses) and Cy get a 30-day notice; Cy a digest.
    assert!(
        o.reply.to_text().contains("5 reminders"),
        "{}",
        o.reply.to_text()
    );
    assert_eq!(o.notifications.len(), 5);
    let again = h.say(CY, "remind").await;
    assert!(again.reply.to_text().contains("No reminders"));
    assert!(h.pass_at(ny(date("2026-01-05"), 10, 0)).await.is_empty());
}

#[tokio::test]
async fn errors_name_the_word() {
    let h = harbor(ny(date("2026-01-05"), 9, 0), "").await;
    let t = h.text(ANA, "done basketweaving").await;
    assert!(
        t.contains("basketweaving") && t.contains("awareness, intensive"),
        "{t}"
    );
    let t = h.text(ANA, "done awareness 2026-13-01").await;
    assert!(t.contains("“2026-13-01” is not a date"), "{t}");
    let t = h.text(ANA, "done awareness 2026-01-06").await;
    assert!(t.contains("2026-01-06") && t.contains("future"), "{t}");
    let t = h.text(ANA, "done awareness for bo@harbor.example").await;
    assert!(
        t.contains("“for”") && t.contains("only coordinators"),
        "{t}"
    );
    let t = h.text(CY, "done awareness for nobody@harbor.example").await;
    assert!(
        t.contains("nobody@harbor.example") && t.contains("not on the roster"),
        "{t}"
    );
    let t = h.text(CY, "done awareness 2026-01-02 for").await;
    assert!(t.contains("“for”"), "{t}");
    let t = h.text(ANA, "report").await;
    assert!(t.contains("not available to you"), "{t}");
    let t = h.text(ANA, "remind").await;
    assert!(t.contains("not available to you"), "{t}");
    let t = h.text(ANA, "juggle").await;
    assert!(t.contains("juggle"), "{t}");
    // The usage shown names only what the person may use.
    assert!(t.contains("/training done COURSE [YYYY-MM-DD]"), "{t}");
    for coordinators_only in ["report", "remind", "for EMAIL"] {
        assert!(!t.contains(coordinators_only), "{coordinators_only}: {t}");
    }
    let t = h.text(ANA, "done basketweaving").await;
    assert!(!t.contains("report"), "{t}");
    let t = h.text(CY, "juggle").await;
    assert!(
        t.contains("[for EMAIL]")
            && t.contains("/training report")
            && t.contains("/training remind"),
        "{t}"
    );
    let t = h.text(ANA, "done").await;
    assert!(t.contains("Which course"), "{t}");
    // The same completion twice is recorded once, and the second answer says so.
    let first = h.text(CY, "done awareness 2026-01-02").await;
    assert!(first.starts_with("Recorded:"), "{first}");
    let second = h.text(CY, "done awareness 2026-01-02").await;
    assert!(second.starts_with("Already recorded:"), "{second}");
    let t = h
        .engine
        .handle(inv("stranger@nowhere.example", "training", ""))
        .await
        .reply
        .to_text();
    assert!(t.contains("not on the school roster"), "{t}");
    // Nothing was recorded by any of these but Cy's one completion.
    let latest = h.engine.store.latest_completions().await.unwrap();
    assert_eq!(latest.len(), 1, "{latest:?}");
}

/// The subcommands and `for` may be written in Spanish.
#[tokio::test]
async fn training_words_may_be_written_in_spanish() {
    let h = harbor(ny(date("2026-01-05"), 9, 0), "").await;
    let t = h.text(BO, "hecho awareness 2026-01-02").await;
    assert!(t.starts_with("Registrado:"), "{t}");
    let t = h
        .text(CY, "Hecho intensive 2026-01-02 para bo@harbor.example")
        .await;
    assert!(t.starts_with("Recorded:") && t.contains("Bo"), "{t}");
    let t = h.text(BO, "informe").await;
    assert!(t.contains("no está disponible"), "{t}");
    let t = h.text(BO, "malabares").await;
    assert!(t.contains("malabares") && t.contains("hecho CURSO"), "{t}");
    let latest = h.engine.store.latest_completions().await.unwrap();
    assert_eq!(latest.len(), 2, "{latest:?}");
}

#[tokio::test]
async fn configured_courses_replace_the_shipped_ones() {
    let extra = r#"
[[training.courses]]
id = "bus"
title_en = "School bus safety"
title_es = "Seguridad en el autobús escolar"
audience = ["nurse"]
renewal_months = 24
link = "https://lms.example/bus"
"#;
    let h = harbor(ny(date("2026-01-05"), 9, 0), extra).await;
    let es = h.text(BO, "").await;
    assert!(es.contains("Seguridad en el autobús escolar"), "{es}");
    assert!(es.contains("https://lms.example/bus"), "{es}");
    assert!(h.text(ANA, "").await.contains("no training courses"));
    let r = h.text(BO, "done bus 2026-01-05").await;
    assert!(r.contains("2028-01-05"), "{r}");
}

#[tokio::test]
async fn nothing_goes_out_on_a_school_holiday_and_it_follows_the_next_working_day() {
    let extra = "holidays = [\"2026-01-05\"]\n";
    let toml_school = format!("{CONFIG}{extra}");
    let h = harbor_with(&toml_school, ny(date("2026-01-05"), 7, 0)).await;
    assert!(h.pass_at(ny(date("2026-01-05"), 9, 0)).await.is_empty());
    let next = h.pass_at(ny(date("2026-01-06"), 9, 0)).await;
    assert_eq!(next.len(), 5, "{next:?}");
}

#[tokio::test]
async fn a_school_where_nobody_has_a_course_gets_no_digest() {
    let extra = "[[training.courses]]\nid = \"bus\"\ntitle_en = \"Bus safety\"\naudience = [\"bus_driver\"]\n";
    let h = harbor(ny(date("2026-01-05"), 7, 0), extra).await;
    assert!(h.pass_at(ny(date("2026-01-05"), 9, 0)).await.is_empty());
    assert!(h.text(CY, "report").await.contains("Nobody at this school"));
}

#[tokio::test]
async fn a_large_staff_gets_each_reminder_once_across_several_writes() {
    // Arrange: 150 more teachers join on a Monday morning in New York, more reminders than
    // the pass drafts and writes at a time.
    let start = ny(date("2026-11-23"), 9, 0);
    let h = harbor(start, "").await;
    h.add_teachers("", 150, start).await;

    // Act: the scheduler's pass, then another a few minutes later.
    let first = h.pass_at(start).await;
    let again = h.pass_at(start + chrono::Duration::minutes(5)).await;

    // Assert: every new teacher has their reminders, none is queued twice, and the second
    // pass finds everything sent.
    assert!(first.len() > 2 * 64, "{} reminders", first.len());
    let keys: std::collections::HashSet<&str> = first.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(keys.len(), first.len(), "a reminder was queued twice");
    let teachers: std::collections::HashSet<&str> = first
        .iter()
        .map(|(name, _, _)| name.as_str())
        .filter(|n| n.starts_with("Teacher "))
        .collect();
    assert_eq!(teachers.len(), 150);
    assert!(again.is_empty(), "{again:?}");
}

#[tokio::test]
async fn a_report_names_the_longest_overdue_and_counts_the_rest() {
    // Arrange: 30 teachers who joined two years ago and never trained, and a few who
    // joined later (due later, overdue less long).
    let start = ny(date("2026-11-23"), 9, 0);
    let h = harbor(start, "").await;
    h.add_teachers("2024-", 30, ny(date("2024-11-01"), 9, 0))
        .await;
    h.add_teachers("2025-", 3, ny(date("2025-11-03"), 9, 0))
        .await;

    // Act
    let report = h.text(CY, "report").await;

    // Assert: 25 named, the oldest first; the rest counted, not listed.
    let named = report.matches("Teacher 2024-").count();
    assert!(
        named > 0 && report.contains("more, not listed here"),
        "{report}"
    );
    let total: usize = report
        .split("Overdue (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("an overdue count");
    let listed = report.lines().filter(|l| l.contains(" — ")).count();
    assert_eq!(listed, 25, "{report}");
    assert!(total > 25);
    assert!(
        report.contains(&format!("…and {} more", total - 25)),
        "{report}"
    );
    assert!(
        !report.contains("Teacher 2025-"),
        "the longest overdue come first: {report}"
    );
}
