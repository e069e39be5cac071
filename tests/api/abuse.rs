//! Abuse limits over real HTTP: one person, or one workspace, sending too much gets a
//! polite reply, and a concern over the limit is not saved (and says what to do instead).
use crate::slack::{COUNSELOR, TEACHER, spawn_slack_app, submission};

#[tokio::test]
async fn a_user_over_the_command_limit_gets_a_polite_reply_and_others_are_not_affected() {
    // Arrange: the default limit is 30 commands per person per minute.
    let app = spawn_slack_app().await;

    // Act: 31 commands in a burst from one teacher.
    let mut last = String::new();
    for i in 0..31 {
        let r = app
            .command(TEACHER, "/indicators", "hotel", &format!("1.{i}.x"))
            .await;
        assert_eq!(r.status(), 200);
        last = r.text().await.unwrap();
        if i < 30 {
            assert!(last.contains("hotel"), "request {i} answered: {last}");
        }
    }

    // Assert
    assert!(
        last.contains("faster than SafeHarbor accepts") && !last.contains("hotel"),
        "{last}"
    );
    let other = app
        .command(COUNSELOR, "/indicators", "hotel", "2.0.x")
        .await
        .text()
        .await
        .unwrap();
    assert!(other.contains("hotel"), "{other}");
}

#[tokio::test]
async fn a_concern_over_the_limit_is_not_saved_and_the_reply_says_what_to_do() {
    // Arrange: the default limit is 10 concerns per person per hour.
    let app = spawn_slack_app().await;

    // Act
    let mut last = String::new();
    for i in 0..11 {
        let r = app
            .interaction(&submission(
                &format!("VLIMIT{i}"),
                &format!("S-{i}"),
                "MARKER-abuse seen at a motel",
            ))
            .await;
        assert_eq!(r.status(), 200);
        last = r.text().await.unwrap();
    }

    // Assert: ten saved; the eleventh told plainly it was not, with 911 for danger.
    let saved = app.engine.store.concerns(None, true, 1000).await.unwrap();
    assert_eq!(saved.len(), 10);
    assert!(
        last.contains("was not saved") && last.contains("911"),
        "{last}"
    );
    assert!(
        !last.contains("MARKER-abuse") && !last.contains("C-1011"),
        "{last}"
    );
}
