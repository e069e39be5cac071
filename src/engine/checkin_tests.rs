//! Check-in command tests: the engine on a real SQLite file (demo district, Phoenix),
//! driven by invocations.
use super::tests::{TEACHER, engine, inv};

const COUNSELOR: &str = "counselor@demo.safeharbor.invalid";
const COORDINATOR: &str = "coordinator@demo.safeharbor.invalid";
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
        list.contains("Plan 1") && list.contains("every 1 weeks on mon"),
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
    assert!(bad.contains("fortnights"), "{bad}");
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
}
