//! Check-in command tests: the engine on a real SQLite file (demo district, Phoenix),
//! driven by invocations.
use super::Invocation;
use super::tests::{COORDINATOR, COUNSELOR, COUNSELOR_SLACK, TEACHER, engine, inv};

const MARKER: &str = "MARKER-c4e1";

#[tokio::test]
async fn a_counselor_schedules_a_plan_the_assigned_are_told_once_and_list_shows_it() {
    // Arrange: a case C-1001 (clock: Sunday 2026-11-22 10:00 in Phoenix).
    let t = engine().await;
    let filed = t
        .say(
            TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
        )
        .await;
    assert!(filed.contains("C-1001"), "{filed}");

    // Act
    let o = t
        .engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!(
                "schedule C-1001 every 1 week on MON at 15:00 with {COUNSELOR}, {COORDINATOR}"
            ),
        ))
        .await;

    // Assert: the reply names the plan and the next dates (locale and ISO forms).
    let reply = o.reply.to_text();
    assert!(
        reply.contains("Check-in plan 1") && reply.contains("C-1001"),
        "{reply}"
    );
    assert!(
        reply.contains("1.1") && reply.contains("2026-11-23"),
        "{reply}"
    );
    assert!(
        reply.contains("November") && reply.contains("15:00 MST"),
        "{reply}"
    );
    assert_eq!(o.notifications.len(), 2);
    for n in &o.notifications {
        let text = n.reply.to_text();
        assert!(text.contains("C-1001") && text.contains("plan 1"), "{text}");
        assert!(
            !text.contains(MARKER),
            "a notice carries nothing of the case"
        );
    }
    assert!(!reply.contains(MARKER));

    let list = t.say(COORDINATOR, "checkin", "list C-1001").await;
    assert!(
        list.contains("Plan 1") && list.contains("every week on Monday"),
        "{list}"
    );
    assert!(list.contains("1.1") && list.contains("1.3"), "{list}");
    assert!(!list.contains(MARKER));
    let all = t.say(COUNSELOR, "checkin", "list").await;
    assert!(all.contains("Plan 1"), "{all}");
    let none = t.say(COUNSELOR, "checkin", "list C-1002").await;
    assert!(none.contains("No check-in plans"), "{none}");
}

#[tokio::test]
async fn a_start_date_already_past_is_said_to_count_from_now() {
    // Clock: Sunday 2026-11-22 10:00 in Phoenix.
    let t = engine().await;
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;
    let line = |from: &str| {
        format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR} from {from}")
    };

    let past = t.say(COUNSELOR, "checkin", &line("2026-11-01")).await;
    assert!(
        past.contains("start date 2026-11-01 has already passed, so the plan counts from now")
            && past.contains("1.1: ")
            && past.contains("2026-11-23"),
        "{past}"
    );
    let today = t.say(COUNSELOR, "checkin", &line("2026-11-22")).await;
    assert!(!today.contains("already passed"), "{today}");
    let changed = t
        .say(
            COUNSELOR,
            "checkin",
            "change 1 every 2 weeks on thu from 2026-11-20",
        )
        .await;
    assert!(
        changed.contains("2026-11-20 has already passed") && changed.contains("2026-11-26"),
        "{changed}"
    );
}

#[tokio::test]
async fn teachers_may_not_and_errors_name_the_word() {
    let t = engine().await;
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;

    let refused = t.say(TEACHER, "checkin", "list").await;
    assert!(!refused.contains("Plan"), "{refused}");

    let bad = t
        .say(
            COUNSELOR,
            "checkin",
            "schedule C-1001 every 2 fortnights on mon",
        )
        .await;
    assert!(bad.contains("“fortnights” is not weeks or months"), "{bad}");
    // A wrong word is named as wrong; a missing one is asked for after the last word.
    let wrong = t
        .say(COUNSELOR, "checkin", "schedule C-1001 weekly mon 10:00")
        .await;
    assert!(
        wrong.contains("“weekly” was not expected here: write “every”"),
        "{wrong}"
    );
    // A teacher would get the reminders and could record nothing: not assignable.
    let teacher = t
        .say(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR},{TEACHER}"),
        )
        .await;
    assert!(
        teacher.contains(&format!("“{TEACHER}” cannot be assigned")),
        "{teacher}"
    );
    assert!(t.engine.store.checkin_plans(None).await.unwrap().is_empty());
    let short = t.say(COUNSELOR, "checkin", "schedule C-1001").await;
    assert!(short.contains("After “C-1001”, write “every”"), "{short}");
    let no_on = t
        .say(COUNSELOR, "checkin", "schedule C-1001 every 2 weeks")
        .await;
    assert!(no_on.contains("After “weeks”, write “on”"), "{no_on}");
    let unknown = t
        .say(
            COUNSELOR,
            "checkin",
            "schedule C-1001 every 1 week on mon at 15:00 with nobody@nowhere.example",
        )
        .await;
    assert!(unknown.contains("nobody@nowhere.example"), "{unknown}");
    let missing_case = t
        .say(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1999 every 1 week on mon at 15:00 with {COUNSELOR}"),
        )
        .await;
    assert!(!missing_case.contains("Check-in plan"), "{missing_case}");
    let ended = t
        .say(
            COUNSELOR,
            "checkin",
            &format!(
                "schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR} until 2026-11-22"
            ),
        )
        .await;
    assert!(ended.contains("2026-11-22"), "{ended}");
    // Nothing where an id belongs is asked for, not quoted back as “”.
    for (text, want) in [
        ("done", "Which check-in? Give its id, such as 1.2"),
        ("skip", "Which check-in? Give its id, such as 1.2"),
        ("pause", "Which plan? Give its number"),
        ("change", "Which plan? Give its number"),
        ("pause x7", "“x7” is not a plan number"),
    ] {
        let said = t.say(COUNSELOR, "checkin", text).await;
        assert!(
            said.contains(want) && !said.contains("“”"),
            "{text}: {said}"
        );
    }
}

/// The demo district with a clock the test moves.
pub(super) async fn with_clock(
    start: chrono::DateTime<chrono::Utc>,
) -> (super::Engine, crate::clock::ManualClock, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
    let config = std::sync::Arc::new(crate::config::from_parts(None, None, &env).unwrap());
    let clock = crate::clock::ManualClock::new(start);
    let engine = crate::app::build_engine(
        config,
        std::sync::Arc::new(clock.clone()),
        super::tests::test_key(),
    )
    .await
    .unwrap();
    (engine, clock, dir)
}

fn phoenix(s: &str) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    let ndt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::America::Phoenix
        .from_local_datetime(&ndt)
        .single()
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn reminders_go_out_24h_and_1h_before_once_each_and_never_when_already_past() {
    // Arrange: Sunday 2026-11-22 10:00 in Phoenix; weekly Mondays at 15:00, two assigned.
    let (engine, clock, _dir) = with_clock(phoenix("2026-11-22 10:00")).await;
    engine
        .handle(inv(TEACHER, "concern", "S-1 seen at a motel"))
        .await;
    let made = engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR},{COORDINATOR}"),
        ))
        .await;
    assert_eq!(made.notifications.len(), 2, "{}", made.reply.to_text());

    // Act / Assert: nothing before the 24-hour mark.
    clock.set(phoenix("2026-11-22 14:59"));
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 0);
    // 24 hours before: one each, once.
    clock.set(phoenix("2026-11-22 15:00"));
    let pass = engine.checkin_reminders().await.unwrap();
    assert_eq!(pass.queued, 2);
    let text = pass.notifications[0].reply.to_text();
    assert!(
        text.contains("C-1001") && text.contains("1.1") && text.contains("2026-11-23"),
        "{text}"
    );
    assert_eq!(engine.run_due().await.unwrap().checkin_reminders, 0);
    // 1 hour before, from run_due.
    clock.set(phoenix("2026-11-23 14:10"));
    assert_eq!(engine.run_due().await.unwrap().checkin_reminders, 2);
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 0);
    // After the check-in, nothing more for it; the next week's 24-hour one comes on time.
    clock.set(phoenix("2026-11-23 16:00"));
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 0);
    // (plus, since 1.1 has no outcome, the coordinator's missed notice)
    clock.set(phoenix("2026-11-29 15:30"));
    let pass = engine.checkin_reminders().await.unwrap();
    assert_eq!(pass.queued, 3);
    let missed = pass
        .notifications
        .iter()
        .filter(|n| n.reply.to_text().contains("Missed check-in: 1.1"))
        .count();
    assert_eq!(missed, 1);

    // A plan made 30 minutes before its first check-in: both reminders were already due
    // when it was made, so neither is sent for that one.
    clock.set(phoenix("2026-12-01 14:30"));
    engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on tue at 15:00 with {COUNSELOR} remind 2h,1h"),
        ))
        .await;
    let pass = engine.checkin_reminders().await.unwrap();
    assert_eq!(pass.queued, 0);
}

#[tokio::test]
async fn a_check_in_recorded_early_on_its_day_gets_no_more_reminders() {
    // Arrange: weekly Mondays at 15:00; the 24-hour reminder for 1.1 went out on Sunday.
    let (engine, clock, _dir) = with_clock(phoenix("2026-11-22 10:00")).await;
    engine
        .handle(inv(TEACHER, "concern", "S-1 seen at a motel"))
        .await;
    engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
        ))
        .await;
    clock.set(phoenix("2026-11-22 15:00"));
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 1);

    // Act: the student came by in the morning; the counselor records it at 10:00.
    clock.set(phoenix("2026-11-23 10:00"));
    let done = engine
        .handle(inv(COUNSELOR, "checkin", "done 1.1 came by early"))
        .await
        .reply
        .to_text();
    assert!(done.contains("recorded as done"), "{done}");

    // Assert: the list no longer shows it as coming up; no "1 hour before" reminder at
    // 14:00 for a check-in already done; next week's 24-hour one still comes.
    let list = engine
        .handle(inv(COUNSELOR, "checkin", "list"))
        .await
        .reply
        .to_text();
    assert!(
        !list.contains("1.1:") && list.contains("1.2:") && list.contains("1.4:"),
        "{list}"
    );
    clock.set(phoenix("2026-11-23 14:10"));
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 0);
    clock.set(phoenix("2026-11-29 15:10"));
    let pass = engine.checkin_reminders().await.unwrap();
    let texts: Vec<String> = pass
        .notifications
        .iter()
        .map(|n| n.reply.to_text())
        .collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("1.2"), "{texts:?}");
}

/// Sunday 2026-11-22 10:00 in Phoenix, a case C-1001, and its plan made by the counselor:
/// `schedule C-1001 every 1 week on mon at 15:00 with COUNSELOR` followed by `rest`.
async fn with_weekly_monday_plan(
    rest: &str,
) -> (super::Engine, crate::clock::ManualClock, tempfile::TempDir) {
    let (engine, clock, dir) = with_clock(phoenix("2026-11-22 10:00")).await;
    engine
        .handle(inv(TEACHER, "concern", "S-1 seen at a motel"))
        .await;
    engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}{rest}"),
        ))
        .await;
    (engine, clock, dir)
}

#[tokio::test]
async fn done_and_skip_record_an_outcome_once_for_a_check_in_whose_day_has_come() {
    // Arrange: weekly Mondays at 15:00 from Sunday 2026-11-22.
    let (engine, clock, _dir) = with_weekly_monday_plan("").await;
    let say = |user: &'static str, text: String| {
        let engine = &engine;
        async move {
            engine
                .handle(inv(user, "checkin", &text))
                .await
                .reply
                .to_text()
        }
    };

    // Act / Assert
    let early = say(COUNSELOR, "done 1.1".into()).await;
    assert!(early.contains("“1.1”"), "not yet: {early}");
    clock.set(phoenix("2026-11-23 16:00"));
    let done = say(COUNSELOR, format!("done 1.1 {MARKER} went well")).await;
    assert!(
        done.contains("recorded as done") && done.contains("C-1001"),
        "{done}"
    );
    assert!(!done.contains(MARKER), "the note is never shown back");
    let again = say(COORDINATOR, "skip 1.1".into()).await;
    assert!(again.contains("already recorded"), "{again}");
    let future = say(COUNSELOR, "skip 1.2".into()).await;
    assert!(future.contains("“1.2”"), "{future}");
    let unknown = say(COUNSELOR, "done 9.1".into()).await;
    assert!(unknown.contains("“9.1”"), "{unknown}");
    let teacher = say(TEACHER, "done 1.1".into()).await;
    assert!(!teacher.contains("recorded"), "{teacher}");
}

#[tokio::test]
async fn a_check_in_with_no_outcome_a_day_later_is_missed_and_the_coordinator_told_once() {
    // Arrange: weekly Mondays at 15:00 from Sunday 2026-11-22, with a reminder a minute
    // before each (reminders are not "missed" notices).
    let (engine, clock, _dir) = with_weekly_monday_plan(" remind 1m").await;

    // Act / Assert: not within the grace period…
    clock.set(phoenix("2026-11-24 14:59"));
    let pass = engine.checkin_reminders().await.unwrap();
    assert!(
        pass.notifications
            .iter()
            .all(|n| !n.reply.to_text().contains("Missed"))
    );
    // …then once, to the coordinator, with the case number only.
    clock.set(phoenix("2026-11-24 15:00"));
    let pass = engine.checkin_reminders().await.unwrap();
    assert_eq!(pass.notifications.len(), 1);
    let n = &pass.notifications[0];
    let coordinator = engine
        .store
        .person_by_email(COORDINATOR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.recipient_id, coordinator.id);
    let text = n.reply.to_text();
    assert!(text.contains("1.1") && text.contains("C-1001"), "{text}");
    assert_eq!(engine.checkin_reminders().await.unwrap().queued, 0);
    // A recorded check-in is never missed.
    clock.set(phoenix("2026-11-30 16:00"));
    engine.handle(inv(COUNSELOR, "checkin", "done 1.2")).await;
    clock.set(phoenix("2026-12-02 09:00"));
    let pass = engine.checkin_reminders().await.unwrap();
    assert!(
        pass.notifications
            .iter()
            .all(|n| !n.reply.to_text().contains("Missed")),
        "1.2 was done"
    );
}

#[tokio::test]
async fn a_long_plan_list_shows_the_newest_and_says_how_to_reach_the_rest() {
    use super::checkin::CHECKIN_LIST_MAX;
    let t = engine().await;
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;
    let total = CHECKIN_LIST_MAX + 2;
    for i in 1..=total {
        let made = t
            .say(
                COUNSELOR,
                "checkin",
                &format!("schedule C-1001 every 1 week on TUE at 10:00 with {COUNSELOR}"),
            )
            .await;
        assert!(made.contains(&format!("Check-in plan {i}")), "{made}");
    }
    let list = t.say(COUNSELOR, "checkin", "list").await;
    assert!(
        list.contains(&format!("The {CHECKIN_LIST_MAX} newest plans")),
        "{list}"
    );
    assert!(list.contains(&format!("Plan {total} ·")), "{list}");
    assert!(list.contains("Plan 3 ·"), "{list}");
    assert!(
        !list.contains("Plan 1 ·") && !list.contains("Plan 2 ·"),
        "{list}"
    );
    // Oldest first among those shown.
    assert!(list.find("Plan 3 ·") < list.find(&format!("Plan {total} ·")));
    // One case's plans are all listed.
    let one = t.say(COUNSELOR, "checkin", "list C-1001").await;
    assert!(
        one.contains("Plan 1 ·") && one.contains(&format!("Plan {total} ·")),
        "{one}"
    );
    assert!(!one.contains("newest plans"), "{one}");
}

#[tokio::test]
async fn a_redelivered_submission_creates_one_plan_and_gets_the_same_confirmation() {
    // Arrange: case C-1001; the counselor on Slack, submitting the check-in form whose
    // view id the adapter passes as the request id.
    let t = engine().await;
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;
    let mut slack = t.counselor_on_slack().await;
    slack.request_id = Some("view:V0CHECKIN1".into());
    let mut form = crate::engine::FormValues::new();
    for (k, v) in [
        ("case", "C-1001"),
        ("cadence", "w1"),
        ("weekday", "mon"),
        ("time", "15:00"),
        ("staff", COUNSELOR_SLACK),
    ] {
        form.insert(k.into(), vec![v.into()]);
    }

    // Act: the same view delivered twice (Slack retrying, or another replica).
    let first = t.engine.submit_checkin_form(&slack, &form).await.unwrap();
    let again = t.engine.submit_checkin_form(&slack, &form).await.unwrap();

    // Assert: one plan, one notice, one change row; the same confirmation, no error.
    assert_eq!(first.notifications.len(), 1);
    assert!(again.notifications.is_empty(), "nothing is queued twice");
    assert_eq!(first.reply, again.reply, "the same plan number");
    assert!(
        again.reply.to_text().contains("Check-in plan 1"),
        "{}",
        again.reply.to_text()
    );
    let store = &t.engine.store;
    let plans = store.checkin_plans(None).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(store.checkin_changes(plans[0].id).await.unwrap().len(), 1);
    let notices = store.pending_outbox(i64::MAX, 100).await.unwrap();
    assert_eq!(
        notices
            .iter()
            .filter(|r| r.key.starts_with("checkin:"))
            .count(),
        1
    );

    // The typed command carries its request id too (Slack's trigger id; a Discord
    // interaction id, a Teams activity id): repeated, it creates nothing twice.
    let line = format!("schedule C-1001 every 2 weeks on fri at 09:00 with {COUNSELOR}");
    let typed = Invocation {
        command: "checkin".into(),
        text: line.clone(),
        request_id: Some("7.1001.trigger".into()),
        ..slack.clone()
    };
    let a = t.engine.handle(typed.clone()).await;
    let b = t.engine.handle(typed.clone()).await;
    assert_eq!(a.reply, b.reply);
    assert!(
        a.reply.to_text().contains("Check-in plan 2"),
        "{}",
        a.reply.to_text()
    );
    assert!(b.notifications.is_empty());
    // Another request id is another plan; so is each request without one (the console).
    let c = t
        .engine
        .handle(Invocation {
            request_id: Some("7.1002.trigger".into()),
            ..typed
        })
        .await;
    assert!(c.reply.to_text().contains("Check-in plan 3"));
    for _ in 0..2 {
        t.engine.handle(inv(COUNSELOR, "checkin", &line)).await;
    }
    assert_eq!(store.checkin_plans(None).await.unwrap().len(), 5);
}

#[tokio::test]
async fn a_plans_cadence_is_shown_in_the_readers_language() {
    let t = engine().await;
    let shown = |loc: &str, stored: &str| t.engine.cadence_shown(loc, stored);
    let taper =
        "every 1 week on mon for 6 then every 2 weeks on mon for 3 then every 1 month on last fri";
    assert_eq!(
        shown("en-US", taper),
        "every week on Monday for 6 check-ins, then every 2 weeks on Monday for 3 check-ins, then every month on the last Friday"
    );
    assert_eq!(
        shown("es", taper),
        "cada semana, los lunes, durante 6 seguimientos; luego, cada 2 semanas, los lunes, durante 3 seguimientos; luego, cada mes, el último viernes"
    );
    assert_eq!(
        shown("es", "every 3 months on day 31"),
        "cada 3 meses, el día 31"
    );
    assert_eq!(
        shown("en-US", "every 1 months on 2nd sat"),
        "every month on the second Saturday"
    );
    // A stored text that does not read back is shown as it is.
    assert_eq!(shown("es", "every fortnight"), "every fortnight");
}

/// What a plan's cadence reads as, in either language, can be typed back (say into
/// `/checkin change PLAN …`) and means the same plan.
#[tokio::test]
async fn a_cadence_as_shown_can_be_typed_back() {
    use crate::engine::checkin::parse::parse_cadence_text;
    let t = engine().await;
    for stored in [
        "every 1 week on mon for 6 then every 2 weeks on mon for 3 then every 1 month on last fri",
        "every 2 weeks on sat",
        "every 1 week on sun for 1",
        "every 3 months on day 31",
        "every 1 month on 1st wed for 2 then every 2 months on 2nd thu",
        "every 1 month on 3rd tue for 4 then every 1 month on 4th sun",
    ] {
        let segments = parse_cadence_text(stored).unwrap();
        for locale in ["en-US", "es"] {
            let shown = t.engine.cadence_shown(locale, stored);
            if locale == "es" {
                assert!(shown.starts_with("cada "), "{shown}");
            }
            assert_eq!(
                parse_cadence_text(&shown).as_ref(),
                Ok(&segments),
                "{locale}: {shown}"
            );
        }
    }
}

/// A Spanish-speaking counselor writes the plan in Spanish, is answered in Spanish, and a
/// mistake is explained with the Spanish words.
#[tokio::test]
async fn a_plan_may_be_scheduled_and_changed_in_spanish() {
    let t = engine().await;
    t.say(TEACHER, "concern", "S-1 seen at a motel").await;
    t.say(COUNSELOR, "safeharbor", "idioma es").await;

    let created = t
        .say(
            COUNSELOR,
            "checkin",
            &format!("programar C-1001 cada 2 semanas los martes a las 15:30 con {COUNSELOR}"),
        )
        .await;
    assert!(
        created.contains("Plan de seguimiento 1")
            && created.contains("cada 2 semanas, los martes")
            && created.contains("15:30"),
        "{created}"
    );
    // Stored in the one form every reader's language is rendered from.
    let list = t.say(COORDINATOR, "checkin", "list C-1001").await;
    assert!(list.contains("every 2 weeks on Tuesday"), "{list}");

    let changed = t
        .say(
            COUNSELOR,
            "checkin",
            "cambiar 1 cada mes el primer lunes porque la familia se mudó",
        )
        .await;
    assert!(changed.contains("cada mes, el primer lunes"), "{changed}");
    let log = t.say(COUNSELOR, "checkin", "historial 1").await;
    assert!(log.contains("porque la familia se mudó"), "{log}");
    let list = t.say(COUNSELOR, "checkin", "Lista C-1001").await;
    assert!(list.contains("cada mes, el primer lunes"), "{list}");
    let paused = t.say(COUNSELOR, "checkin", "pausar 1").await;
    let listed = t.say(COUNSELOR, "checkin", "lista").await;
    assert!(listed.contains("en pausa"), "{paused}\n{listed}");

    let wrong = t
        .say(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 cada 2 semanas el martez a las 15:30 con {COUNSELOR}"),
        )
        .await;
    assert!(
        wrong.contains("«martez» no es un día de la semana") && wrong.contains("lunes, martes"),
        "{wrong}"
    );
    let usage = t.say(COUNSELOR, "checkin", "schedule C-1001 cada").await;
    assert!(usage.contains("cada 2 semanas los lunes"), "{usage}");
}
