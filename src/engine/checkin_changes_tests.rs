//! Check-in plans that change: pause, resume, cancel, change, the change log, two missed
//! in a row, imported holidays. The engine on a real SQLite file (demo district,
//! Phoenix), with the manual clock driven hour by hour over months.
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::Notification;
use super::checkin_tests::with_clock;
use super::tests::{COORDINATOR, COUNSELOR, TEACHER, inv};
use crate::clock::ManualClock;

const MARKER: &str = "MARKER-77b2";

fn at(zone: chrono_tz::Tz, s: &str) -> DateTime<Utc> {
    let ndt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&ndt)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}
fn ny(s: &str) -> DateTime<Utc> {
    at(chrono_tz::America::New_York, s)
}
fn phx(s: &str) -> DateTime<Utc> {
    at(chrono_tz::America::Phoenix, s)
}

async fn say(engine: &super::Engine, user: &str, text: &str) -> String {
    engine
        .handle(inv(user, "checkin", text))
        .await
        .reply
        .to_text()
}

const HOUR: i64 = 60;
const HALF_HOUR: i64 = 30;

/// Move the clock `step` minutes at a time up to `to`, running the check-in pass at each
/// step, and return what it queued with the instant it was queued.
async fn drive(
    engine: &super::Engine,
    clock: &ManualClock,
    to: DateTime<Utc>,
    step: i64,
) -> Vec<(DateTime<Utc>, Notification)> {
    let mut out = vec![];
    let mut now = crate::clock::Clock::now(clock);
    while now < to {
        now += Duration::minutes(step);
        clock.set(now);
        for n in engine.checkin_reminders().await.unwrap().notifications {
            out.push((now, n));
        }
    }
    out
}

fn texts(sent: &[(DateTime<Utc>, Notification)]) -> Vec<(DateTime<Utc>, String)> {
    sent.iter().map(|(t, n)| (*t, n.reply.to_text())).collect()
}

/// The instants the "1 hour before" reminder for check-in `id` was queued.
fn reminded(sent: &[(DateTime<Utc>, String)], id: &str) -> Vec<DateTime<Utc>> {
    sent.iter()
        .filter(|(_, t)| t.starts_with("Reminder") && t.contains(&format!("check-in {id} ")))
        .map(|(at, _)| *at)
        .collect()
}

async fn file_case(engine: &super::Engine) {
    let filed = engine
        .handle(inv(
            TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} at a motel"),
        ))
        .await
        .reply
        .to_text();
    assert!(filed.contains("C-1001"), "{filed}");
}

#[tokio::test]
async fn new_york_weekly_over_three_months_with_dst_and_a_pause() {
    // Arrange: Mondays 15:00 New York time from 2027-02-01, reminders 24 h and 1 h.
    let (engine, clock, _dir) = with_clock(ny("2027-01-31 12:00")).await;
    file_case(&engine).await;
    let made = say(
        &engine,
        COUNSELOR,
        &format!(
            "schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR} tz America/New_York from 2027-02-01"
        ),
    )
    .await;
    assert!(
        made.contains("1.1") && made.contains("2027-02-01"),
        "{made}"
    );

    // Act: each check-in is recorded the next morning, but the one of 02-15 is
    // forgotten; the plan is paused on 02-19 and resumed on 03-04 (in between: 02-22,
    // 03-01); DST starts on 2027-03-14.
    let mut sent = vec![];
    for (id, day) in [("1.1", "2027-02-02 09:00"), ("1.2", "2027-02-09 09:00")] {
        sent.extend(drive(&engine, &clock, ny(day), HOUR).await);
        let r = say(&engine, COUNSELOR, &format!("done {id} {MARKER}")).await;
        assert!(r.contains("recorded as done"), "{id}: {r}");
    }
    sent.extend(drive(&engine, &clock, ny("2027-02-19 09:00"), HOUR).await);
    let paused = say(
        &engine,
        COORDINATOR,
        &format!("pause 1 {MARKER} family trip"),
    )
    .await;
    assert!(paused.contains("paused"), "{paused}");
    assert!(!paused.contains(MARKER));
    let list = say(&engine, COUNSELOR, "list C-1001").await;
    assert!(list.contains("paused") && !list.contains("1.5"), "{list}");
    sent.extend(drive(&engine, &clock, ny("2027-03-04 09:00"), HOUR).await);
    let resumed = say(&engine, COORDINATOR, "resume 1").await;
    assert!(resumed.contains("active again"), "{resumed}");
    let list = say(&engine, COUNSELOR, "list C-1001").await;
    assert!(
        list.contains("1.6") && list.contains("2027-03-08") && !list.contains("1.5"),
        "the next check-in after the pause keeps its number: {list}"
    );
    for (id, day) in [
        ("1.6", "2027-03-09 09:00"),
        ("1.7", "2027-03-16 09:00"),
        ("1.8", "2027-03-23 09:00"),
    ] {
        sent.extend(drive(&engine, &clock, ny(day), HOUR).await);
        let r = say(&engine, COUNSELOR, &format!("done {id}")).await;
        assert!(r.contains("recorded as done"), "{id}: {r}");
    }
    sent.extend(drive(&engine, &clock, ny("2027-04-30 09:00"), HOUR).await);
    let sent = texts(&sent);

    // Assert: the 1-hour reminders came exactly one hour before 15:00 New York time,
    // EST before 2027-03-14 and EDT after it.
    assert_eq!(
        reminded(&sent, "1.1"),
        [ny("2027-01-31 15:00"), ny("2027-02-01 14:00")]
    );
    let utc = |d, h| Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0).unwrap();
    assert_eq!(
        reminded(&sent, "1.6"),
        [utc(7, 20), utc(8, 19)],
        "EST: UTC−5"
    );
    assert_eq!(
        reminded(&sent, "1.7"),
        [utc(14, 19), utc(15, 18)],
        "EDT: UTC−4"
    );
    // Nothing for the check-ins the pause held back, then everything again.
    assert!(reminded(&sent, "1.4").is_empty() && reminded(&sent, "1.5").is_empty());
    for id in ["1.9", "1.10", "1.13"] {
        assert_eq!(reminded(&sent, id).len(), 2, "{id}");
    }
    // Missed: 02-15 (1.3) and, from 03-29 on, the unrecorded ones; never the paused ones.
    let missed: Vec<&str> = sent
        .iter()
        .filter(|(_, t)| t.contains("Missed check-in") || t.contains("in a row"))
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(missed.iter().any(|t| t.contains("1.3 ")), "{missed:?}");
    assert!(
        !missed
            .iter()
            .any(|t| t.contains("1.4 ") || t.contains("1.5 ")),
        "{missed:?}"
    );
    assert!(missed.iter().any(|t| t.contains("1.9 ")), "{missed:?}");
    // 1.10 follows the missed 1.9: the primary counselor hears of it too.
    assert!(
        missed
            .iter()
            .any(|t| t.contains("in a row") && t.contains("1.10 ")),
        "{missed:?}"
    );
    assert!(
        !missed
            .iter()
            .any(|t| t.contains("in a row") && t.contains("1.3 ")),
        "1.2 was done: 1.3 alone is not two in a row"
    );
    // No notice carries the student reference or a note.
    assert!(sent.iter().all(|(_, t)| !t.contains(MARKER)));
    // The log says who paused and resumed it, and why.
    let log = say(&engine, COUNSELOR, "log 1").await;
    assert!(
        log.contains(&format!(
            "paused by Jordan Demo (demo coordinator) because {MARKER} family trip"
        )),
        "{log}"
    );
    assert!(
        log.contains("family trip") && log.contains("resumed"),
        "{log}"
    );
    // The calendar holds what the plan held: nothing for the paused stretch.
    let plan = engine.store.checkin_plans(None).await.unwrap().remove(0);
    let ics = engine.plan_calendar(&plan, "en-US").await.unwrap().unwrap();
    assert!(ics.contains("UID:plan-1-occ-3@") && ics.contains("UID:plan-1-occ-6@"));
    assert!(!ics.contains("UID:plan-1-occ-4@") && !ics.contains("UID:plan-1-occ-5@"));
}

#[tokio::test]
async fn phoenix_monthly_on_the_31st_takes_each_months_last_day_or_the_next_school_day() {
    // Arrange: Phoenix has no DST; the demo school works Monday to Friday.
    let (engine, clock, _dir) = with_clock(phx("2027-01-01 08:00")).await;
    file_case(&engine).await;
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 month on day 31 at 10:00 with {COUNSELOR} remind 1h"),
    )
    .await;

    // Act
    let sent = texts(&drive(&engine, &clock, phx("2027-07-02 00:00"), HOUR).await);

    // Assert: Jan 31 is a Sunday → Mon Feb 1; Feb 28 (Sun) → Mon Mar 1; Mar 31 (Wed);
    // Apr 30 (Fri); May 31 (Memorial Day is not a holiday here: Mon); Jun 30 (Wed). Each
    // reminder at 09:00 Phoenix time, all year round (UTC−7).
    let at_nine: Vec<DateTime<Utc>> = sent
        .iter()
        .filter(|(_, t)| t.starts_with("Reminder"))
        .map(|(at, _)| *at)
        .collect();
    assert_eq!(
        at_nine,
        [
            "2027-02-01 09:00",
            "2027-03-01 09:00",
            "2027-03-31 09:00",
            "2027-04-30 09:00",
            "2027-05-31 09:00",
            "2027-06-30 09:00"
        ]
        .map(phx)
    );
}

#[tokio::test]
async fn a_change_of_cadence_is_logged_with_who_and_why_and_numbers_continue() {
    // Arrange: Mondays 15:00 Phoenix from Sunday 2026-11-22; 1.1 (11-23) and 1.2 (11-30).
    let (engine, clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    file_case(&engine).await;
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR},{COORDINATOR}"),
    )
    .await;
    drive(&engine, &clock, phx("2026-12-01 09:00"), HALF_HOUR).await;

    // Act: the student asks for every two weeks on Thursdays, at 13:30.
    let bad = say(&engine, COUNSELOR, "change 1 every 2 fortnights").await;
    assert!(bad.contains("fortnights"), "errors name the word: {bad}");
    let o = engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!("change 1 every 2 weeks on thu at 13:30 because {MARKER} asked for fewer"),
        ))
        .await;

    // Assert: the reply shows the new cadence and its check-ins, numbered after 1.2.
    let reply = o.reply.to_text();
    assert!(reply.contains("every 2 weeks on Thursday"), "{reply}");
    assert!(
        reply.contains("1.3") && reply.contains("2026-12-03") && reply.contains("13:30"),
        "{reply}"
    );
    assert!(
        reply.contains("1.4") && reply.contains("2026-12-17"),
        "{reply}"
    );
    assert!(!reply.contains(MARKER));
    // Both assigned are told, with the new time and its zone, without the reason.
    assert_eq!(o.notifications.len(), 2);
    assert!(o.notifications.iter().all(|n| {
        let t = n.reply.to_text();
        t.contains("every 2 weeks on Thursday at 13:30 (America/Phoenix)") && !t.contains(MARKER)
    }));
    // The old check-ins keep their numbers and can still be recorded.
    let done = say(&engine, COUNSELOR, "done 1.2").await;
    assert!(done.contains("recorded as done"), "{done}");
    // Reminders follow the new cadence.
    let sent = texts(&drive(&engine, &clock, phx("2026-12-18 09:00"), HALF_HOUR).await);
    assert_eq!(
        reminded(&sent, "1.3"),
        [phx("2026-12-02 13:30"), phx("2026-12-03 12:30")]
            .iter()
            .flat_map(|t| [*t, *t])
            .collect::<Vec<_>>()
    );
    assert!(
        sent.iter()
            .all(|(_, t)| !t.contains("2026-12-07") && !t.contains("2026-12-14")),
        "nothing for the old cadence's Mondays: {sent:?}"
    );
    // The log: created, then changed, by whom, why — to those who may see the case.
    let log = say(&engine, COORDINATOR, "log 1").await;
    assert!(log.contains("created by Casey Demo"), "{log}");
    assert!(
        log.contains("cadence changed by Casey Demo")
            && log.contains("every 2 weeks on Thursday at 13:30 (America/Phoenix)")
            && log.contains(&format!("because {MARKER} asked for fewer")),
        "{log}"
    );
    // Optional parts leave no stray spaces.
    assert!(!log.contains("  ") && !log.contains(" \n"), "{log:?}");
    let teacher = say(&engine, TEACHER, "log 1").await;
    assert!(!teacher.contains("asked for fewer"), "{teacher}");
    // The reason is sealed in the database.
    let db = std::fs::read(_dir.path().join("t.db")).unwrap();
    assert!(!db.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
}

#[tokio::test]
async fn a_plan_changes_hands_and_only_its_new_people_are_reminded() {
    // Arrange: Mondays 15:00 Phoenix with the counselor alone; 1.1 is on 11-23.
    let (engine, clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    file_case(&engine).await;
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    let plan_before = engine.store.checkin_plans(None).await.unwrap().remove(0);

    // Refused, naming the address, with nothing changed: a teacher cannot record
    // check-ins, and an address not on the roster is nobody.
    for (who, why) in [
        (TEACHER, "cannot be assigned"),
        ("nobody@demo.safeharbor.invalid", "not on the roster"),
    ] {
        let r = say(&engine, COORDINATOR, &format!("change 1 with {who}")).await;
        assert!(r.contains(who) && r.contains(why), "{r}");
    }
    let r = say(&engine, COORDINATOR, "change 1 with").await;
    assert!(r.contains("with EMAIL"), "asks for the addresses: {r}");
    let r = say(
        &engine,
        COORDINATOR,
        &format!("change 1 with {COUNSELOR} at 10:00"),
    )
    .await;
    assert!(r.contains("“at”") && r.contains("not expected"), "{r}");
    assert_eq!(
        engine.store.checkin_plans(None).await.unwrap()[0],
        plan_before
    );
    // The same people: nothing to do, nobody told.
    let o = engine
        .handle(inv(
            COORDINATOR,
            "checkin",
            &format!("change 1 with {COUNSELOR}"),
        ))
        .await;
    assert!(
        o.reply.to_text().contains("nothing changed"),
        "{:?}",
        o.reply
    );
    assert!(o.notifications.is_empty());

    // Act: the coordinator takes the plan over from the counselor, with a reason.
    let o = engine
        .handle(inv(
            COORDINATOR,
            "checkin",
            &format!("change 1 with {COORDINATOR} because {MARKER} trusts Jordan"),
        ))
        .await;

    // Assert: the reply names the new people; the one added and the one taken off are
    // each told privately, in those words, without the reason.
    let reply = o.reply.to_text();
    assert!(
        reply.contains("now with Jordan Demo (demo coordinator)") && !reply.contains(MARKER),
        "{reply}"
    );
    let told: Vec<(String, String)> = o
        .notifications
        .iter()
        .map(|n| (n.recipient_name.clone(), n.reply.to_text()))
        .collect();
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(told[0].0.starts_with("Jordan") && told[0].1.contains("assigned you"));
    assert!(
        told[0]
            .1
            .contains("every week on Monday at 15:00 (America/Phoenix). Assigned now: Jordan Demo (demo coordinator).")
    );
    assert!(told[1].0.starts_with("Casey") && told[1].1.contains("took you off"));
    assert!(told.iter().all(|(_, t)| !t.contains(MARKER)));
    // Reminders for 1.1 go to the coordinator only.
    let sent = drive(&engine, &clock, phx("2026-11-23 16:00"), HALF_HOUR).await;
    let reminders: Vec<&str> = sent
        .iter()
        .filter(|(_, n)| n.reply.to_text().starts_with("Reminder"))
        .map(|(_, n)| n.recipient_name.as_str())
        .collect();
    assert_eq!(reminders.len(), 2, "24 h and 1 h before: {reminders:?}");
    assert!(reminders.iter().all(|n| n.starts_with("Jordan")));
    // The log says who was assigned when, and why it changed hands.
    let log = say(&engine, COORDINATOR, "log 1").await;
    assert!(
        log.contains("created by Casey Demo (demo counselor) every week on Monday at 15:00 (America/Phoenix) with Casey Demo"),
        "{log}"
    );
    assert!(
        log.contains(
            "people changed by Jordan Demo (demo coordinator) with Jordan Demo (demo coordinator)"
        ) && log.contains(&format!("because {MARKER} trusts Jordan")),
        "{log}"
    );
    // A new cadence can bring new people in the same change.
    let o = engine
        .handle(inv(
            COORDINATOR,
            "checkin",
            &format!("change 1 every 2 weeks on thu with {COUNSELOR},{COORDINATOR}"),
        ))
        .await;
    let reply = o.reply.to_text();
    assert!(
        reply.contains("every 2 weeks on Thursday")
            && reply.contains("Assigned from now on: Casey Demo (demo counselor), Jordan Demo"),
        "{reply}"
    );
    let told: Vec<(&str, String)> = o
        .notifications
        .iter()
        .map(|n| (n.recipient_name.as_str(), n.reply.to_text()))
        .collect();
    assert!(
        told.iter()
            .any(|(n, t)| n.starts_with("Casey") && t.contains("assigned you"))
            && told
                .iter()
                .any(|(n, t)| n.starts_with("Jordan") && t.contains("changed check-in plan 1")),
        "{told:?}"
    );
    assert_eq!(
        engine.store.checkin_plans(None).await.unwrap()[0]
            .assignees
            .len(),
        2
    );
    let list = say(&engine, COUNSELOR, "list").await;
    assert!(
        list.contains("with Casey Demo (demo counselor), Jordan Demo (demo coordinator)"),
        "{list}"
    );
    let db = std::fs::read(_dir.path().join("t.db")).unwrap();
    assert!(!db.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
}

#[tokio::test]
async fn a_cancelled_plan_sends_nothing_more_and_cannot_be_resumed() {
    let (engine, clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    file_case(&engine).await;
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    let not_paused = say(&engine, COUNSELOR, "resume 1").await;
    assert!(not_paused.contains("is active"), "{not_paused}");
    let unknown = say(&engine, COUNSELOR, "pause 9").await;
    assert!(
        unknown.contains("“9”") || unknown.contains("plan 9"),
        "{unknown}"
    );
    let word = say(&engine, COUNSELOR, "pause seven").await;
    assert!(word.contains("seven"), "{word}");
    let teacher = say(&engine, TEACHER, "cancel 1").await;
    assert!(!teacher.contains("cancelled"), "{teacher}");

    let cancelled = say(&engine, COORDINATOR, "cancel 1 because moved away").await;
    assert!(cancelled.contains("cancelled"), "{cancelled}");
    // The reason is logged once with its "because", however it was written.
    let log = say(&engine, COORDINATOR, "log 1").await;
    assert!(log.contains("because moved away"), "{log}");
    assert!(!log.contains("because because"), "{log}");
    let again = say(&engine, COORDINATOR, "resume 1").await;
    assert!(again.contains("is cancelled"), "{again}");
    let sent = drive(&engine, &clock, phx("2027-01-10 10:00"), HOUR).await;
    assert!(sent.is_empty(), "{:?}", texts(&sent));
    let list = say(&engine, COUNSELOR, "list").await;
    assert!(
        list.contains("cancelled") && !list.contains("1.1"),
        "{list}"
    );
}

#[tokio::test]
async fn imported_holidays_move_check_ins_to_the_next_school_day() {
    let (engine, _clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    file_case(&engine).await;
    engine
        .store
        .import_holidays(
            &[crate::store::Holiday {
                school_id: crate::config::DEMO_SCHOOL_ID.into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                name: "Teacher workday".into(),
            }],
            0,
        )
        .await
        .unwrap();
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    let list = say(&engine, COUNSELOR, "list").await;
    assert!(
        list.contains("1.2: ") && list.contains("2026-12-01"),
        "{list}"
    );
    assert!(!list.contains("2026-11-30"), "{list}");
}

#[tokio::test]
async fn a_purged_case_takes_its_plans_notes_and_reasons_with_it() {
    // Arrange: a plan with a sealed note and a sealed reason, then the case is closed.
    let (engine, clock, dir) = with_clock(phx("2026-11-22 10:00")).await;
    file_case(&engine).await;
    say(
        &engine,
        COUNSELOR,
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    clock.set(phx("2026-11-23 16:00"));
    say(&engine, COUNSELOR, &format!("done 1.1 {MARKER}")).await;
    say(&engine, COUNSELOR, &format!("pause 1 {MARKER}")).await;
    let closed = engine
        .handle(inv(COUNSELOR, "concern", "close C-1001 resolved"))
        .await
        .reply
        .to_text();
    assert!(closed.contains("closed"), "{closed}");
    assert_eq!(engine.store.checkin_plans(None).await.unwrap().len(), 1);

    // Act: past the retention period.
    clock.set(phx("2027-11-25 10:00"));
    let report = engine.run_due().await.unwrap();

    // Assert
    assert_eq!(report.purged, 1);
    assert!(engine.store.checkin_plans(None).await.unwrap().is_empty());
    assert!(engine.store.checkin_changes(1).await.unwrap().is_empty());
    assert!(engine.store.checkin_outcomes(1).await.unwrap().is_empty());
    let list = say(&engine, COUNSELOR, "list").await;
    assert!(list.contains("No check-in plans"), "{list}");
    drop(dir);
}
