//! Private messages end to end: the outbox dispatcher delivering to a mock Slack, retries
//! on 429 and 5xx, giving up with an alert, buttons updating the DM, escalation on the
//! controllable clock, catch-up after downtime, and retention.
use chrono::Duration;
use serde_json::{Value, json};

use crate::mock_slack::Fault;
use crate::slack::{COUNSELOR, SlackApp, TEACHER, spawn_slack_app, submission};

const ADMIN: &str = "U0ADMIN001";

async fn file(app: &SlackApp, view: &str, marker: &str) -> String {
    let r = app
        .interaction(&submission(
            view,
            &format!("{marker}-ref"),
            &format!("{marker} details"),
        ))
        .await;
    let text = r.text().await.unwrap();
    assert!(
        !text.contains(marker),
        "the receipt holds no content: {text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    let body = v["view"].to_string();
    let start = body.find("C-1").expect("a case number");
    body[start..start + 6].to_string()
}

fn dms_to(app: &SlackApp, user: &str) -> Vec<Value> {
    // The mock opens one DM channel per user; a message to that channel is theirs.
    let channel = crate::mock_slack::dm_channel(user);
    app.mock
        .calls("chat.postMessage")
        .into_iter()
        .filter(|c| c.body["channel"] == channel.as_str())
        .map(|c| c.body)
        .collect()
}

async fn wait_dms(app: &SlackApp, user: &str, n: usize) -> Vec<Value> {
    for _ in 0..200 {
        let d = dms_to(app, user);
        if d.len() >= n {
            return d;
        }
        app.engine.store.ping().await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("{user} got {} DMs, expected {n}", dms_to(app, user).len());
}

async fn pass(app: &SlackApp) -> safeharbor::outbox::dispatcher::PassReport {
    safeharbor::outbox::dispatcher::Dispatcher::new(
        app.engine.clone(),
        safeharbor::outbox::messengers(&app.engine.config),
        Default::default(),
    )
    .pass()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_concern_through_the_modal_reaches_the_counselors_dm_and_nowhere_else() {
    let app = spawn_slack_app().await;
    let case = file(&app, "V1", "MARKER-dm-1").await;
    let dms = wait_dms(&app, COUNSELOR, 1).await;
    let dm = dms[0].to_string();
    assert!(
        dm.contains("MARKER-dm-1 details") && dm.contains("MARKER-dm-1-ref"),
        "{dm}"
    );
    assert!(dm.contains(&case) && dm.contains("concern.ack"), "{dm}");
    // Nothing with content went anywhere but that DM.
    for c in app.mock.all_calls() {
        if c.method != "chat.postMessage" {
            assert!(
                !c.body.to_string().contains("MARKER"),
                "{} carried content",
                c.method
            );
        }
    }
    assert!(
        dms_to(&app, TEACHER).is_empty(),
        "the reporter gets no copy"
    );
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(cases[0].state.as_str(), "delivered");
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_until_delivered_once() {
    let app = spawn_slack_app().await;
    app.mock
        .fail_next("chat.postMessage", Fault::RateLimited(30));
    app.mock.fail_next("chat.postMessage", Fault::ServerError);
    file(&app, "V2", "MARKER-retry").await;
    // First attempt: 429 with Retry-After 30 s. Nothing is due before that.
    app.mock.wait_for("chat.postMessage", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(
        pass(&app).await.claimed,
        0,
        "the retry waits for Retry-After"
    );
    app.clock.advance(Duration::seconds(31));
    let r = pass(&app).await;
    assert_eq!(
        (r.claimed, r.retried),
        (1, 1),
        "second attempt: a 500, retried with backoff"
    );
    app.clock.advance(Duration::minutes(1));
    let r = pass(&app).await;
    assert_eq!((r.claimed, r.sent), (1, 1));
    app.clock.advance(Duration::hours(1));
    assert_eq!(pass(&app).await.claimed, 0, "delivered exactly once");
    assert_eq!(
        dms_to(&app, COUNSELOR)
            .iter()
            .filter(|d| d.to_string().contains("MARKER-retry"))
            .count(),
        3
    );
}

#[tokio::test]
async fn a_permanent_failure_gives_up_and_alerts_the_admins_without_content() {
    let app = spawn_slack_app().await;
    app.mock
        .fail_next("conversations.open", Fault::ApiError("user_not_found"));
    file(&app, "V3", "MARKER-fail").await;
    let alerts = wait_dms(&app, ADMIN, 1).await;
    let alert = alerts[0].to_string();
    assert!(
        alert.contains("Cora Counselor") && alert.contains("slack api error user_not_found"),
        "{alert}"
    );
    assert!(!alert.contains("MARKER"), "{alert}");
    // The mock sees the alert before the dispatcher records it as sent: wait
    // for the outbox to settle rather than reading it mid-delivery.
    let mut depth = (-1, -1);
    for _ in 0..200 {
        depth = app.engine.store.outbox_depth().await.unwrap();
        if depth == (0, 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(depth, (0, 1), "the handoff failed once; the alert was sent");
}

#[tokio::test]
async fn the_acknowledge_button_updates_the_dm_and_tells_the_reporter_status_only() {
    let app = spawn_slack_app().await;
    let case = file(&app, "V4", "MARKER-ack").await;
    let dm = wait_dms(&app, COUNSELOR, 1).await.remove(0);
    let payload = json!({
        "type": "block_actions",
        "user": {"id": COUNSELOR, "team_id": crate::slack::TEAM},
        "team": {"id": crate::slack::TEAM},
        "trigger_id": "7.1.x",
        "container": {"type": "message", "channel_id": crate::mock_slack::dm_channel(COUNSELOR), "message_ts": "1700000000.000004"},
        "message": {"blocks": dm["blocks"], "ts": "1700000000.000004"},
        "actions": [{"action_id": "concern.ack", "value": case, "type": "button", "block_id": "b"}],
        "response_url": app.mock.response_url("ack"),
    });
    let r = app.interaction(&payload).await;
    assert_eq!(r.status(), 200);
    let update = app.mock.wait_for("chat.update", 1).await.remove(0);
    assert_eq!(update.body["ts"], "1700000000.000004");
    assert_eq!(
        update.body["channel"].as_str(),
        Some(crate::mock_slack::dm_channel(COUNSELOR).as_str())
    );
    assert!(
        update.body["text"]
            .as_str()
            .is_some_and(|t| t.contains(&case))
    );
    let buttons = update.body["blocks"].to_string();
    assert!(
        !buttons.contains("concern.ack") && buttons.contains("concern.close"),
        "the buttons that still apply: {buttons}"
    );
    let status = wait_dms(&app, TEACHER, 1).await.remove(0).to_string();
    assert!(status.contains(&case), "{status}");
    assert!(
        !status.contains("MARKER"),
        "the reporter is told the status only: {status}"
    );
    let c = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(c[0].state.as_str(), "acknowledged");
}

#[tokio::test]
async fn unacknowledged_concerns_escalate_once_per_window_and_stop_on_acknowledgement() {
    let app = spawn_slack_app().await;
    let case = file(&app, "V5", "MARKER-esc").await;
    wait_dms(&app, COUNSELOR, 1).await;
    assert_eq!(
        app.engine.run_due().await.unwrap().escalated,
        0,
        "nothing is due yet"
    );
    app.clock.advance(Duration::minutes(16));
    let r = app.engine.run_due().await.unwrap();
    assert_eq!((r.escalated, r.late), (1, 0));
    assert_eq!(
        app.engine.run_due().await.unwrap().escalated,
        0,
        "once per step"
    );
    // No backup on this roster: the coordinator hears at the first step.
    let first = wait_dms(&app, ADMIN, 1).await.remove(0).to_string();
    assert!(
        first.contains(&case) && first.contains("15 minutes"),
        "{first}"
    );
    app.clock.advance(Duration::minutes(15));
    assert_eq!(app.engine.run_due().await.unwrap().escalated, 1);
    let second = wait_dms(&app, ADMIN, 2).await.remove(1).to_string();
    assert!(second.contains("30 minutes"), "{second}");
    assert_eq!(
        app.engine.run_due().await.unwrap().escalated,
        0,
        "two steps, then done"
    );

    // A new case acknowledged in time never escalates.
    let case2 = file(&app, "V6", "MARKER-esc2").await;
    let ack = app
        .command(COUNSELOR, "/concern", &format!("ack {case2}"), "8.1.x")
        .await;
    let ack = ack.text().await.unwrap();
    assert!(
        ack.contains(&case2) && ack.contains("acknowledged"),
        "{ack}"
    );
    app.clock.advance(Duration::hours(2));
    assert_eq!(app.engine.run_due().await.unwrap().escalated, 0);
}

#[tokio::test]
async fn after_downtime_missed_escalations_run_once_and_are_marked_late() {
    let app = spawn_slack_app().await;
    file(&app, "V7", "MARKER-late").await;
    app.clock.advance(Duration::hours(3));
    let r = app.engine.run_due().await.unwrap();
    assert_eq!((r.escalated, r.late), (2, 2));
    assert_eq!(app.engine.run_due().await.unwrap().escalated, 0);
    let dms = wait_dms(&app, ADMIN, 2).await;
    assert!(
        dms.iter().all(|d| d.to_string().contains("late")),
        "{dms:?}"
    );
}

#[tokio::test]
async fn closed_concerns_are_purged_after_retention() {
    let app = spawn_slack_app().await;
    let case = file(&app, "V8", "MARKER-ret").await;
    let r = app
        .command(
            COUNSELOR,
            "/concern",
            &format!("close {case} resolved"),
            "9.1.x",
        )
        .await;
    assert!(r.text().await.unwrap().contains("closed"));
    assert_eq!(
        app.engine
            .store
            .concerns(None, true, 1000)
            .await
            .unwrap()
            .len(),
        1
    );
    app.clock.advance(Duration::days(364));
    assert_eq!(app.engine.run_due().await.unwrap().purged, 0);
    app.clock.advance(Duration::days(2));
    assert_eq!(app.engine.run_due().await.unwrap().purged, 1);
    assert!(
        app.engine
            .store
            .concerns(None, true, 1000)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_message_failing_for_a_day_is_given_up_with_an_alert() {
    let app = spawn_slack_app().await;
    for _ in 0..40 {
        app.mock.fail_next("conversations.open", Fault::ServerError);
    }
    file(&app, "V9", "MARKER-day").await;
    app.mock.wait_for("conversations.open", 1).await;
    // Keep failing while the clock runs past the 24-hour window.
    let mut given_up = false;
    for _ in 0..40 {
        app.clock.advance(Duration::hours(1));
        let r = pass(&app).await;
        if r.failed > 0 {
            given_up = true;
            break;
        }
    }
    assert!(given_up, "the dispatcher gave up within the window");
    let (pending, failed) = app.engine.store.outbox_depth().await.unwrap();
    assert_eq!(failed, 1, "the handoff is marked failed");
    assert!(pending >= 1, "and the admins' alert is queued");
    app.mock.clear_faults();
    app.clock.advance(Duration::minutes(1));
    pass(&app).await;
    let alert = wait_dms(&app, ADMIN, 1).await.remove(0).to_string();
    assert!(
        alert.contains("Cora Counselor") && alert.contains("slack http 500"),
        "{alert}"
    );
    assert!(!alert.contains("MARKER"), "{alert}");
}

/// Someone the roster gives no Slack id, Discord id or Teams webhook: their messages cannot
/// go anywhere but a console of theirs. They are not left pending for ever: when the window
/// closes the admins are told whom they could not reach, and why.
#[tokio::test]
async fn a_message_to_someone_with_no_platform_is_reported_to_the_admins() {
    let app = spawn_slack_app().await;
    app.engine
        .store
        .import_people(
            &[safeharbor::domain::NewPerson {
                school_id: "lincoln-hs".into(),
                name: "Bea Backup".into(),
                email: "bea@lincoln.example".into(),
                roles: vec![safeharbor::domain::Role::BackupCounselor],
                locale: None,
                slack_user_id: None,
                discord_user_id: None,
                teams_user_id: None,
                teams_webhook_url: None,
                position: 5,
                demo: false,
            }],
            0,
        )
        .await
        .unwrap();
    let case = file(&app, "V10", "MARKER-nowhere").await;
    wait_dms(&app, COUNSELOR, 1).await;
    app.clock.advance(Duration::minutes(16));
    assert_eq!(app.engine.run_due().await.unwrap().escalated, 1);
    let mut given_up = false;
    for _ in 0..30 {
        let r = pass(&app).await;
        if r.failed > 0 {
            given_up = true;
            break;
        }
        app.clock.advance(Duration::hours(1));
    }
    assert!(
        given_up,
        "the escalation to Bea was given up within the window"
    );
    app.clock.advance(Duration::minutes(1));
    pass(&app).await;
    let alerts: Vec<String> = dms_to(&app, ADMIN).iter().map(|d| d.to_string()).collect();
    let alert = alerts
        .iter()
        .find(|a| a.contains("Bea Backup"))
        .unwrap_or_else(|| panic!("no alert about Bea among {alerts:?}"));
    assert!(
        alert.contains(&case) && alert.contains("no Slack id, Discord id or Teams webhook URL"),
        "{alert}"
    );
    assert!(!alert.contains("MARKER"), "{alert}");
}

#[tokio::test]
async fn a_message_whose_answer_was_lost_is_found_in_the_dm_and_not_posted_again() {
    // Arrange: Slack posts the handoff but the answer never arrives.
    let app = spawn_slack_app().await;
    app.mock.fail_next("chat.postMessage", Fault::DropAfter);

    // Act: the first attempt (in the background) fails on our side; the retry comes due.
    let case = file(&app, "V10", "MARKER-lost").await;
    app.mock.wait_for("chat.postMessage", 1).await;
    let mut passes = 0;
    loop {
        app.clock.advance(Duration::minutes(1));
        let r = pass(&app).await;
        passes += 1;
        if r.sent > 0 || passes > 20 {
            break;
        }
    }

    // Assert: the retry looked in the DM, found its message, and posted nothing more.
    let handoffs: Vec<_> = app
        .mock
        .calls("chat.postMessage")
        .into_iter()
        .filter(|c| c.body.to_string().contains(&case))
        .collect();
    assert_eq!(handoffs.len(), 1, "posted once");
    assert_eq!(
        handoffs[0].body["metadata"]["event_type"], "safeharbor_outbox",
        "{:?}",
        handoffs[0].body
    );
    assert!(!handoffs[0].body["metadata"].to_string().contains(&case));
    assert_eq!(app.mock.calls("conversations.history").len(), 1);
    assert_eq!(app.engine.store.outbox_depth().await.unwrap(), (0, 0));
}

/// conversations.open calls for `user`'s DM.
fn opens_for(app: &SlackApp, user: &str) -> usize {
    app.mock
        .calls("conversations.open")
        .iter()
        .filter(|c| c.body["users"] == json!([user]))
        .count()
}

#[tokio::test]
async fn a_second_handoff_reuses_the_counselors_dm_channel_and_a_gone_one_is_reopened() {
    let app = spawn_slack_app().await;
    file(&app, "V21", "MARKER-reuse-1").await;
    wait_dms(&app, COUNSELOR, 1).await;
    file(&app, "V22", "MARKER-reuse-2").await;
    wait_dms(&app, COUNSELOR, 2).await;
    assert_eq!(opens_for(&app, COUNSELOR), 1, "the channel was remembered");

    // The remembered channel is gone: reopened, and the handoff posted exactly once.
    app.mock
        .fail_next("chat.postMessage", Fault::ApiError("channel_not_found"));
    let case = file(&app, "V23", "MARKER-reuse-3").await;
    let mut delivered = vec![];
    for _ in 0..200 {
        delivered = app
            .mock
            .done("chat.postMessage")
            .into_iter()
            .filter(|c| c.body.to_string().contains(&case))
            .collect();
        if !delivered.is_empty() && app.engine.store.outbox_depth().await.unwrap() == (0, 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(delivered.len(), 1, "delivered once");
    assert_eq!(
        delivered[0].body["channel"],
        crate::mock_slack::dm_channel(COUNSELOR).as_str()
    );
    assert_eq!(opens_for(&app, COUNSELOR), 2);
    assert_eq!(app.engine.store.outbox_depth().await.unwrap(), (0, 0));
    assert_eq!(pass(&app).await.claimed, 0, "nothing left to retry");
}

/// `rekey` ran while this server was up (the database holds the new key's check): a
/// message sealed under the new key is left queued for a process with that key, not
/// given up as unreadable, so nothing is lost in the seconds before this server notices
/// and stops (see `safeharbor::presence`).
#[tokio::test]
async fn a_message_sealed_under_a_newer_key_is_left_for_that_key_not_failed() {
    use safeharbor::crypto::DataKey;
    // Its next look at the key is a 20 s beat away: this is the window in between.
    let app = spawn_slack_app().await;
    let new_key = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
    app.engine
        .store
        .set_meta(
            safeharbor::store::rekey::KEY_CHECK,
            &safeharbor::store::rekey::key_check(&new_key),
        )
        .await
        .unwrap();
    let e = &app.engine;
    let engine = safeharbor::engine::Engine::new(
        e.config.clone(),
        e.store.clone(),
        e.i18n.clone(),
        e.commands.clone(),
        e.clock.clone(),
        new_key,
    )
    .unwrap();
    let new = SlackApp {
        base: crate::helpers::serve_on_loopback(safeharbor::http::router(engine.clone())).await,
        client: reqwest::Client::new(),
        engine,
        clock: app.clock.clone(),
        mock: app.mock.clone(),
        dir: tempfile::tempdir().unwrap(),
    };
    file(&new, "V9", "MARKER-rekeyed").await;
    // The old server's dispatcher (its own, running, or this pass) cannot open it.
    pass(&app).await;
    assert_eq!(
        app.engine.store.outbox_depth().await.unwrap(),
        (1, 0),
        "the message is still queued, not failed"
    );
    assert!(dms_to(&app, COUNSELOR).is_empty() && dms_to(&app, ADMIN).is_empty());
    // A process with the new key delivers it once its retry is due.
    app.clock.advance(Duration::hours(1));
    let report = pass(&new).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let dm = wait_dms(&app, COUNSELOR, 1).await.remove(0).to_string();
    assert!(dm.contains("MARKER-rekeyed details"), "{dm}");
    assert!(dms_to(&app, ADMIN).is_empty(), "no failure alert");
}
