//! The check-in pass reads only the plans due now (their `next_due_ms`, through the
//! index), and each plan's next due time stays right as the plan is paused, resumed,
//! changed, and as holidays move its check-ins. The engine on a real SQLite file (demo
//! district, Phoenix) with a manual clock.
use chrono::{DateTime, TimeZone, Utc};

use super::checkin::DUE_BATCH;
use super::checkin_tests::with_clock;
use super::tests::{COORDINATOR, COUNSELOR, TEACHER, inv};
use crate::store::{CheckinNextDue, NewCheckinPlan};

fn phx(s: &str) -> DateTime<Utc> {
    let ndt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::America::Phoenix
        .from_local_datetime(&ndt)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn ms(s: &str) -> i64 {
    phx(s).timestamp_millis()
}

async fn say(engine: &super::Engine, user: &str, command: &str, text: &str) -> String {
    engine
        .handle(inv(user, command, text))
        .await
        .reply
        .to_text()
}

async fn next_due(engine: &super::Engine, plan: i64) -> Option<i64> {
    engine
        .store
        .checkin_plan(plan)
        .await
        .unwrap()
        .expect("the plan exists")
        .next_due_ms
}

/// `n` weekly plans on case C-1001 straight through the store, as an import would make
/// them: `cadence` at 15:00 Phoenix time, reminders 24 h and 1 h, the counselor assigned.
async fn many_plans(engine: &super::Engine, n: usize, cadence: &str, now: DateTime<Utc>) {
    let counselor = engine
        .store
        .person_by_email(COUNSELOR)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..n {
        let plan = NewCheckinPlan {
            request_key: None,
            concern_id: 1,
            school_id: crate::config::DEMO_SCHOOL_ID.into(),
            cadence: cadence.into(),
            at_time: "15:00".into(),
            time_zone: "America/Phoenix".into(),
            anchor_ms: now.timestamp_millis(),
            until_on: None,
            remind_minutes: vec![1440, 60],
            assignees: vec![counselor.id],
            created_by: Some(counselor.id),
            created_ms: now.timestamp_millis(),
        };
        engine
            .store
            .create_checkin_plan(&plan, &|_| vec![])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_pass_over_many_plans_takes_only_the_due_ones_in_batches() {
    // Arrange: Sunday 2026-11-22 10:00. Plan 1 on Mondays, then 2.5 batches' worth on
    // Thursdays; all are due at once, being new.
    let start = phx("2026-11-22 10:00");
    let (engine, clock, _dir) = with_clock(start).await;
    say(&engine, TEACHER, "concern", "S-1 seen at a motel").await;
    many_plans(&engine, 1, "every 1 weeks on mon", start).await;
    let thursdays = (DUE_BATCH * 5 / 2) as usize;
    many_plans(&engine, thursdays, "every 1 weeks on thu", start).await;
    let last = 1 + thursdays as i64;

    // Act: the first pass works out every plan's next step; nothing is due yet.
    let first = engine.checkin_reminders().await.unwrap();

    // Assert: each plan's next step is its first 24-hour reminder.
    assert_eq!(first.queued, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 15:00")));
    for plan in [2, DUE_BATCH, DUE_BATCH + 1, last] {
        assert_eq!(next_due(&engine, plan).await, Some(ms("2026-11-25 15:00")));
    }
    assert_eq!(
        engine.store.next_checkin_due().await.unwrap(),
        Some(ms("2026-11-22 15:00")),
        "the earliest plan, through the index"
    );
    assert_eq!(
        engine.next_due().await.unwrap(),
        Some(phx("2026-11-22 10:15")),
        "the case's escalation comes first"
    );
    let ack = say(&engine, COUNSELOR, "concern", "ack C-1001").await;
    assert!(ack.contains("C-1001"), "{ack}");
    assert_eq!(
        engine.next_due().await.unwrap(),
        Some(phx("2026-11-22 15:00")),
        "then the scheduler wakes for the earliest plan"
    );

    // Arrange: a Thursday plan whose due time says "not yet" although its 24-hour
    // reminder is due: a pass that read every plan would send it.
    let hidden = last;
    let written = engine
        .store
        .set_checkin_next_due(&[CheckinNextDue {
            plan_id: hidden,
            expect_updated_ms: start.timestamp_millis(),
            expect_next_due_ms: ms("2026-11-25 15:00"),
            next_due_ms: Some(ms("2026-11-30 00:00")),
        }])
        .await
        .unwrap();
    assert_eq!(written, 1);

    // Act / Assert: at Monday's 24-hour mark only plan 1 is read; it is reminded, and
    // its next step is the 1-hour reminder; the Thursday plans are untouched.
    clock.set(phx("2026-11-22 15:00"));
    let monday = engine.checkin_reminders().await.unwrap();
    assert_eq!(monday.queued, 1);
    assert!(
        monday.notifications[0].reply.to_text().contains("1.1"),
        "{}",
        monday.notifications[0].reply.to_text()
    );
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-23 14:00")));
    assert_eq!(next_due(&engine, 2).await, Some(ms("2026-11-25 15:00")));

    // At the Thursday plans' 24-hour mark (Wednesday 15:00), every one of them but the
    // hidden one is reminded, over several batches, once; and plan 1, due since Monday
    // 14:00, has its check-in of Monday missed (its 1-hour reminder is past: not sent).
    clock.set(phx("2026-11-25 15:00"));
    let wednesday = engine.checkin_reminders().await.unwrap();
    assert_eq!(wednesday.queued, thursdays as u64 - 1 + 1);
    let missed: Vec<String> = wednesday
        .notifications
        .iter()
        .map(|n| n.reply.to_text())
        .filter(|t| t.contains("Missed"))
        .collect();
    assert!(missed.len() == 1 && missed[0].contains("1.1"), "{missed:?}");
    for plan in [2, DUE_BATCH, DUE_BATCH + 1, DUE_BATCH * 2 + 1, last - 1] {
        assert_eq!(
            next_due(&engine, plan).await,
            Some(ms("2026-11-26 14:00")),
            "plan {plan}"
        );
    }
    assert_eq!(
        next_due(&engine, hidden).await,
        Some(ms("2026-11-30 00:00"))
    );
    // Plan 1's next step is next week's 24-hour reminder.
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-29 15:00")));
    let again = engine.checkin_reminders().await.unwrap();
    assert_eq!(again.queued, 0, "nothing is due twice");
}

#[tokio::test]
async fn next_due_follows_pause_resume_change_and_holidays() {
    // Arrange: Sunday 2026-11-22 10:00; Mondays at 15:00.
    let (engine, clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    say(&engine, TEACHER, "concern", "S-1 seen at a motel").await;
    say(
        &engine,
        COUNSELOR,
        "checkin",
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    let pass = |at: &str| {
        let (engine, clock, at) = (&engine, &clock, phx(at));
        async move {
            clock.set(at);
            engine.checkin_reminders().await.unwrap().queued
        }
    };

    // A new plan is due at once; the pass finds its first step: 24 h before 11-23 15:00.
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 10:00")));
    assert_eq!(pass("2026-11-22 10:00").await, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 15:00")));

    // Paused before any check-in: nothing left to do until it is resumed.
    clock.set(phx("2026-11-22 12:00"));
    assert!(
        say(&engine, COUNSELOR, "checkin", "pause 1 away")
            .await
            .contains("paused")
    );
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 12:00")));
    assert_eq!(pass("2026-11-22 12:00").await, 0);
    assert_eq!(next_due(&engine, 1).await, None);
    assert_eq!(engine.store.next_checkin_due().await.unwrap(), None);
    assert_eq!(pass("2026-11-23 15:00").await, 0, "nothing while paused");

    // Resumed on Tuesday: the next check-in is 11-30; its 24-hour reminder comes first.
    clock.set(phx("2026-11-24 10:00"));
    assert!(
        say(&engine, COUNSELOR, "checkin", "resume 1")
            .await
            .contains("active again")
    );
    assert_eq!(pass("2026-11-24 10:00").await, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-29 15:00")));

    // Changed to Thursdays on Wednesday morning: the 24-hour reminder of 11-26.
    clock.set(phx("2026-11-25 09:00"));
    let changed = say(
        &engine,
        COORDINATOR,
        "checkin",
        "change 1 every 1 week on thu because the student asked",
    )
    .await;
    assert!(changed.contains("2026-11-26"), "{changed}");
    assert_eq!(pass("2026-11-25 09:00").await, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-25 15:00")));

    // Thursday 11-26 becomes a holiday: the check-in moves to Friday 11-27, and so do
    // its reminders.
    engine
        .store
        .import_holidays(
            &[crate::store::Holiday {
                school_id: crate::config::DEMO_SCHOOL_ID.into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
                name: "Thanksgiving".into(),
            }],
            ms("2026-11-25 09:30"),
        )
        .await
        .unwrap();
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-25 09:30")));
    assert_eq!(pass("2026-11-25 09:30").await, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-26 15:00")));
    assert_eq!(
        pass("2026-11-25 15:00").await,
        0,
        "no longer a reminder then"
    );
    assert_eq!(pass("2026-11-26 15:00").await, 1);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-27 14:00")));
    assert_eq!(pass("2026-11-27 14:00").await, 1);

    // Past the check-in with no outcome: next is its missed notice, a day after it.
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-28 15:00")));
    assert_eq!(pass("2026-11-28 15:00").await, 1, "the coordinator is told");
    // Then next week's 24-hour reminder (Thursday 12-03).
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-12-02 15:00")));
    assert_eq!(pass("2026-12-02 15:00").await, 1);
    assert_eq!(pass("2026-12-03 14:00").await, 1);

    // Cancelled after a check-in: its missed notice is still due (missed twice in a row:
    // the coordinator and the primary counselor); after that, nothing.
    clock.set(phx("2026-12-03 16:00"));
    assert!(
        say(&engine, COUNSELOR, "checkin", "cancel 1 moved")
            .await
            .contains("cancelled")
    );
    assert_eq!(pass("2026-12-03 16:00").await, 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-12-04 15:00")));
    assert_eq!(pass("2026-12-04 15:00").await, 2, "12-03 was missed too");
    assert_eq!(next_due(&engine, 1).await, None);
}

#[tokio::test]
async fn a_school_whose_configured_closed_days_changed_has_its_plans_looked_at_again() {
    // Arrange: a plan whose next step is worked out, and the closed days seen at start.
    let (engine, clock, _dir) = with_clock(phx("2026-11-22 10:00")).await;
    say(&engine, TEACHER, "concern", "S-1 seen at a motel").await;
    say(
        &engine,
        COUNSELOR,
        "checkin",
        &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
    )
    .await;
    engine.checkin_reminders().await.unwrap();
    assert_eq!(engine.checkin_closed_days_check().await.unwrap(), 1);
    engine.checkin_reminders().await.unwrap();
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 15:00")));

    // Act / Assert: the same closed days at the next start change nothing.
    clock.set(phx("2026-11-22 11:00"));
    assert_eq!(engine.checkin_closed_days_check().await.unwrap(), 0);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 15:00")));

    // Other closed days remembered (the configuration changed between starts): the
    // school's plans are due at once.
    engine
        .store
        .set_meta(
            &format!("checkin_closed_days:{}", crate::config::DEMO_SCHOOL_ID),
            "something else",
        )
        .await
        .unwrap();
    assert_eq!(engine.checkin_closed_days_check().await.unwrap(), 1);
    assert_eq!(next_due(&engine, 1).await, Some(ms("2026-11-22 11:00")));
}
