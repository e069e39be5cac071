//! The check-in form on the demo district (Phoenix; clock Sunday 2026-11-22 10:00 local):
//! its fields, and submissions that create a plan through `/checkin schedule` or come back
//! with errors on their fields and save nothing.
use super::field;
use crate::engine::tests::{COORDINATOR, COUNSELOR, COUNSELOR_SLACK, TEACHER, engine, inv};
use crate::engine::{FormFieldKind, FormValues};

fn values(pairs: &[(&str, &str)]) -> FormValues {
    let mut v = FormValues::new();
    for (k, x) in pairs {
        v.entry(k.to_string()).or_default().push(x.to_string());
    }
    v
}

fn weekly() -> Vec<(&'static str, &'static str)> {
    vec![
        (field::CASE, "C-1001"),
        (field::CADENCE, "w2"),
        (field::WEEKDAY, "tue"),
        (field::TIME, "15:30"),
        (field::STAFF, COORDINATOR),
    ]
}

fn with(
    mut base: Vec<(&'static str, &'static str)>,
    over: &[(&'static str, &'static str)],
) -> FormValues {
    base.retain(|(k, _)| !over.iter().any(|(o, _)| o == k));
    base.extend_from_slice(over);
    values(&base)
}

async fn with_case() -> crate::engine::tests::TestEngine {
    let t = engine().await;
    let filed = t
        .say(TEACHER, "concern", "S-MARKER-f1 seen at a motel")
        .await;
    assert!(filed.contains("C-1001"), "{filed}");
    t
}

fn errors_on(
    r: &Result<crate::engine::Outcome, Vec<crate::engine::FieldError>>,
) -> Vec<(&'static str, String)> {
    match r {
        Ok(o) => panic!("expected errors, got {}", o.reply.to_text()),
        Err(e) => e.iter().map(|e| (e.field, e.message.clone())).collect(),
    }
}

#[tokio::test]
async fn the_form_asks_for_a_case_number_and_the_cadence_never_a_student() {
    let t = engine().await;
    let form = t.engine.checkin_form("en-US");
    assert_eq!(form.id, super::FORM_ID);
    let ids: Vec<&str> = form.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "case", "cadence", "weekday", "nth", "day", "time", "staff", "from", "until", "tz",
            "remind"
        ]
    );
    let required: Vec<&str> = form
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(required, vec!["case", "cadence", "time", "staff"]);
    let cadence = &form.fields[1];
    let FormFieldKind::Select { options } = &cadence.kind else {
        panic!("cadence is a select");
    };
    let labels: Vec<&str> = options.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        labels.contains(&"Every week") && labels.contains(&"Every 2 weeks"),
        "{labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Every month, on a date"))
    );
    // The weekday is asked for weekly and monthly-on-a-weekday plans, the day of the month
    // only for monthly-on-a-date ones.
    let shown = |id: &str, cadence: &str| {
        form.fields
            .iter()
            .find(|f| f.id == id)
            .unwrap()
            .is_shown(&values(&[(field::CADENCE, cadence)]))
    };
    assert!(shown("weekday", "w1") && shown("weekday", "n2") && !shown("weekday", "d1"));
    assert!(shown("nth", "n1") && !shown("nth", "w1"));
    assert!(shown("day", "d3") && !shown("day", "n1"));
    for f in &form.fields {
        let text = format!("{} {:?}", f.label, f.hint).to_lowercase();
        assert!(!text.contains("student ref"), "{text}");
    }
    let es = t.engine.checkin_form("es");
    assert_eq!(es.title, "Plan de seguimiento");
    assert!(es.fields[1].label.contains("Frecuencia"));
}

#[tokio::test]
async fn schedule_with_no_words_offers_the_form_and_the_usage_and_words_still_parse() {
    let t = with_case().await;
    let o = t.engine.handle(inv(COUNSELOR, "checkin", "schedule")).await;
    assert_eq!(
        o.reply.form.as_ref().map(|f| f.id.as_str()),
        Some(super::FORM_ID)
    );
    let text = o.reply.to_text();
    assert!(
        text.contains("/checkin schedule CASE"),
        "the console's usage: {text}"
    );
    let typed = t
        .say(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR}"),
        )
        .await;
    assert!(typed.contains("Check-in plan 1"), "{typed}");
    // A teacher gets neither.
    let o = t.engine.handle(inv(TEACHER, "checkin", "schedule")).await;
    assert!(o.reply.form.is_none());
}

#[tokio::test]
async fn a_filled_form_creates_the_plan_the_text_command_would() {
    let t = with_case().await;
    let o = t
        .engine
        .submit_checkin_form(
            &inv(COUNSELOR, "", ""),
            &with(
                weekly(),
                &[
                    (field::FROM, "2026-12-01"),
                    (field::REMIND, "2d"),
                    (field::REMIND, "1h"),
                ],
            ),
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let reply = o.reply.to_text();
    assert!(
        reply.contains("Check-in plan 1") && reply.contains("C-1001"),
        "{reply}"
    );
    assert!(
        reply.contains("2026-12-01"),
        "first on Tuesday 1 December: {reply}"
    );
    assert_eq!(
        o.notifications.len(),
        1,
        "the coordinator is told privately"
    );
    assert!(!o.notifications[0].reply.to_text().contains("MARKER"));
    let plans = t.engine.store.checkin_plans(Some(1)).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].cadence, "every 2 weeks on tue");
    assert_eq!(plans[0].at_time, "15:30");
    assert_eq!(plans[0].remind_minutes, vec![2 * 24 * 60, 60]);

    // Monthly on the last Friday, with an end date and a zone; monthly on the 31st.
    let o = t
        .engine
        .submit_checkin_form(
            &inv(COORDINATOR, "", ""),
            &values(&[
                (field::CASE, "c-1001"),
                (field::CADENCE, "n1"),
                (field::NTH, "last"),
                (field::WEEKDAY, "fri"),
                (field::DAY, "12"),
                (field::TIME, "9:05"),
                (field::STAFF, &format!("{COUNSELOR}, {COORDINATOR}")),
                (field::UNTIL, "2027-06-30"),
                (field::ZONE, "America/New_York"),
            ]),
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.notifications.len(), 2);
    t.engine
        .submit_checkin_form(
            &inv(COUNSELOR, "", ""),
            &values(&[
                (field::CASE, "C-1001"),
                (field::CADENCE, "d3"),
                (field::DAY, "31"),
                (field::TIME, "08:00"),
                (field::STAFF, COUNSELOR),
            ]),
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let plans = t.engine.store.checkin_plans(Some(1)).await.unwrap();
    let cadences: Vec<(&str, &str, &str)> = plans
        .iter()
        .map(|p| (p.cadence.as_str(), p.at_time.as_str(), p.time_zone.as_str()))
        .collect();
    assert_eq!(
        cadences[1..],
        [
            ("every 1 month on last fri", "09:05", "America/New_York"),
            ("every 3 months on day 31", "08:00", "America/Phoenix"),
        ]
    );
    let list = t.say(COUNSELOR, "checkin", "list C-1001").await;
    assert!(list.contains("Plan 3"), "{list}");
}

#[tokio::test]
async fn each_problem_comes_back_on_its_field_and_nothing_is_saved() {
    let t = with_case().await;
    let submit = |v: FormValues| {
        let engine = &t.engine;
        async move {
            engine
                .submit_checkin_form(&inv(COUNSELOR, "", ""), &v)
                .await
        }
    };
    let cases: Vec<(FormValues, &str, &str)> = vec![
        (values(&[]), field::CASE, "Enter the case number"),
        (
            with(weekly(), &[(field::WEEKDAY, "")]),
            field::WEEKDAY,
            "Choose the weekday",
        ),
        (
            with(weekly(), &[(field::CADENCE, "d1")]),
            field::DAY,
            "day of the month",
        ),
        (
            with(weekly(), &[(field::CADENCE, "n1")]),
            field::NTH,
            "which week",
        ),
        (
            with(weekly(), &[(field::CADENCE, "w5")]),
            field::CADENCE,
            "“w5”",
        ),
        (
            with(weekly(), &[(field::TIME, "25:00")]),
            field::TIME,
            "“25:00” is not a time",
        ),
        (
            with(weekly(), &[(field::TIME, "15:30 until 2026-01-01")]),
            field::TIME,
            "not a time",
        ),
        (
            with(weekly(), &[(field::CASE, "C-1001 until 2020-01-01")]),
            field::CASE,
            "not a case number",
        ),
        (
            with(weekly(), &[(field::CASE, "S-1001")]),
            field::CASE,
            "“S-1001”",
        ),
        (
            with(weekly(), &[(field::CASE, "C-1999")]),
            field::CASE,
            "No case with that number",
        ),
        (
            with(weekly(), &[(field::STAFF, "")]),
            field::STAFF,
            "at least one",
        ),
        (
            with(weekly(), &[(field::STAFF, "nobody@nowhere.example")]),
            field::STAFF,
            "“nobody@nowhere.example” is not on the roster",
        ),
        (
            with(weekly(), &[(field::STAFF, "not-an-email@")]),
            field::STAFF,
            "not an email",
        ),
        (
            with(weekly(), &[(field::STAFF, crate::engine::tests::TEACHER)]),
            field::STAFF,
            "cannot be assigned: check-ins are recorded by the school's counselors",
        ),
        (
            with(weekly(), &[(field::FROM, "2026-13-01")]),
            field::FROM,
            "“2026-13-01” is not a date",
        ),
        (
            with(
                weekly(),
                &[(field::FROM, "2027-02-01"), (field::UNTIL, "2027-01-01")],
            ),
            field::UNTIL,
            "before the start date",
        ),
        (
            with(weekly(), &[(field::UNTIL, "2026-11-23")]),
            field::UNTIL,
            "No check-in falls before",
        ),
        (
            with(weekly(), &[(field::UNTIL, "someday")]),
            field::UNTIL,
            "“someday”",
        ),
        (
            with(weekly(), &[(field::ZONE, "Mars/Olympus")]),
            field::ZONE,
            "“Mars/Olympus” is not a time zone",
        ),
        (
            with(weekly(), &[(field::REMIND, "5w")]),
            field::REMIND,
            "“5w”",
        ),
    ];
    for (v, on, says) in cases {
        let r = submit(v.clone()).await;
        let errors = errors_on(&r);
        assert!(
            errors.iter().any(|(f, m)| *f == on && m.contains(says)),
            "{v:?}: expected “{says}” on {on}, got {errors:?}"
        );
    }
    assert!(t.engine.store.checkin_plans(None).await.unwrap().is_empty());
    let pending = t
        .engine
        .store
        .pending_outbox(i64::MAX, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.key.starts_with("checkin:"))
        .count();
    assert_eq!(pending, 0, "no notice was queued");

    // Several at once, in Spanish.
    let mut es = inv(COUNSELOR, "", "");
    es.locale = Some("es-MX".into());
    let r = t
        .engine
        .submit_checkin_form(&es, &values(&[(field::CADENCE, "w1")]))
        .await;
    let errors = errors_on(&r);
    let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        fields,
        vec!["case", "weekday", "time", "staff"],
        "{errors:?}"
    );
    assert!(
        errors[0].1.contains("Escriba el número de caso"),
        "{errors:?}"
    );
}

#[tokio::test]
async fn only_those_who_may_schedule_can_submit_and_picked_people_must_be_on_the_roster() {
    let t = with_case().await;
    let r = t
        .engine
        .submit_checkin_form(&inv(TEACHER, "", ""), &values(&weekly()))
        .await;
    let errors = errors_on(&r);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, field::CASE);
    assert!(
        !errors[0].1.contains("roster"),
        "a teacher learns nothing of the roster"
    );
    // On Slack the staff are picked by Slack user id; one that nobody on the roster has is
    // refused.
    let slack = t.counselor_on_slack().await;
    let r = t
        .engine
        .submit_checkin_form(&slack, &with(weekly(), &[(field::STAFF, "U0NOBODY01")]))
        .await;
    let errors = errors_on(&r);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, field::STAFF);
    assert!(t.engine.store.checkin_plans(None).await.unwrap().is_empty());
    let o = t
        .engine
        .submit_checkin_form(&slack, &with(weekly(), &[(field::STAFF, COUNSELOR_SLACK)]))
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(o.notifications.len(), 1);
    let plans = t.engine.store.checkin_plans(None).await.unwrap();
    let counselor = t
        .engine
        .store
        .person_by_email(COUNSELOR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(plans[0].assignees, vec![counselor.id]);
}
