//! Fault injection (issue 10): 1,000 concerns and 1,000 check-in reminders flow while the
//! mock Slack answers 500s, 429s with Retry-After, hangs and dropped connections in
//! stretches. Afterwards every message was delivered exactly once. Prints the counts.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use safeharbor::outbox::dispatcher::Dispatcher;

use crate::mock_slack::Fault;
use crate::slack::{COUNSELOR, spawn_slack_app_on, submission};

const CONCERNS: usize = 1000;
const PLANS: usize = 1000;

/// Stretches of trouble, with stretches of normal answers between them.
fn trouble() -> Vec<Fault> {
    let mut q = vec![];
    for round in 0..4 {
        q.extend((0..40).map(|_| Fault::ServerError));
        q.extend((0..60).map(|_| Fault::Pass));
        q.extend((0..30).map(|_| Fault::RateLimited(2 + round)));
        q.extend((0..60).map(|_| Fault::Pass));
        q.extend((0..30).map(|_| Fault::Drop));
        q.extend((0..60).map(|_| Fault::Pass));
        if round % 2 == 0 {
            q.extend((0..4).map(|_| Fault::Hang));
        }
        q.extend((0..60).map(|_| Fault::Pass));
    }
    q
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_is_delivered_exactly_once_through_500s_429s_hangs_and_drops() {
    // Arrange: no abuse limit (one reporter files a thousand concerns), and trouble
    // queued on both Slack methods a delivery uses.
    let unlimited = "[limits]\ncommands_per_user_per_minute = 0\ncommands_per_workspace_per_minute = 0\nconcerns_per_user_per_hour = 0\nconcerns_per_workspace_per_hour = 0\n";
    let app = Arc::new(spawn_slack_app_on(None, unlimited).await);
    for method in ["conversations.open", "chat.postMessage"] {
        for f in trouble() {
            app.mock.fail_next(method, f);
        }
    }
    // A thousand plans (Monday 10:10 Phoenix, reminded 5 minutes before) on one case.
    let first = app
        .interaction(&submission("VF0", "S-0", "MARKER-faults details"))
        .await
        .text()
        .await
        .unwrap();
    assert!(first.contains("C-1001"), "{first}");
    for _ in 0..PLANS {
        let o = app
            .engine
            .handle(safeharbor::engine::Invocation {
                platform: safeharbor::domain::Platform::Slack,
                user_id: COUNSELOR.into(),
                team_id: Some(crate::slack::TEAM.into()),
                locale: None,
                request_id: None,
                command: "checkin".into(),
                text: "schedule C-1001 every 1 week on mon at 10:10 with counselor@lincoln.example remind 5m".into(),
            })
            .await;
        assert!(
            o.reply.to_text().contains("Check-in plan"),
            "{}",
            o.reply.to_text()
        );
    }

    // Act: the concerns arrive over HTTP (8 at a time) while the dispatcher runs; at
    // 10:05 the reminders fall due. The test keeps the clock moving a second per pass.
    let filing = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut receipts = 0;
            for chunk in (1..CONCERNS).collect::<Vec<_>>().chunks(8) {
                let mut set = tokio::task::JoinSet::new();
                for &i in chunk {
                    let app = app.clone();
                    set.spawn(async move {
                        let r = app
                            .interaction(&submission(
                                &format!("VF{i}"),
                                &format!("S-{i}"),
                                "MARKER-faults details",
                            ))
                            .await;
                        // A receipt: a case number, C-1001 … C-2000.
                        let t = r.text().await.unwrap();
                        t.contains("C-1") || t.contains("C-2")
                    });
                }
                while let Some(ok) = set.join_next().await {
                    receipts += usize::from(ok.unwrap());
                }
            }
            receipts + 1
        })
    };
    let dispatcher = Dispatcher::new(
        app.engine.clone(),
        safeharbor::outbox::messengers(&app.engine.config),
        Default::default(),
    );
    // The app's clock starts on Monday 2026-11-23 at 10:00 in Phoenix (17:00 UTC).
    let reminders_due =
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 17, 5, 0).unwrap();
    let started = Instant::now();
    let mut reminders_queued = 0;
    let mut passes = 0;
    loop {
        dispatcher.pass().await.unwrap();
        passes += 1;
        app.clock.advance(Span::seconds(1));
        if reminders_queued == 0 && app.engine.clock.now() >= reminders_due {
            reminders_queued = app.engine.run_due().await.unwrap().checkin_reminders;
        }
        let (pending, failed) = app.engine.store.outbox_depth().await.unwrap();
        assert_eq!(failed, 0, "nothing given up");
        if filing.is_finished() && reminders_queued > 0 && pending == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "still {pending} pending after {passes} passes"
        );
    }
    let receipts = filing.await.unwrap();

    // Assert: each DM the outbox holds was posted once, and only those.
    let posted = app.mock.done("chat.postMessage");
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for c in &posted {
        *by_text
            .entry(format!("{}|{}", c.body["channel"], c.body["text"]))
            .or_default() += 1;
    }
    let twice: Vec<_> = by_text.iter().filter(|(_, n)| **n > 1).collect();
    let counselor = crate::mock_slack::dm_channel(COUNSELOR);
    let handoffs = posted
        .iter()
        .filter(|c| c.body["channel"] == counselor.as_str())
        .filter(|c| {
            c.body["text"]
                .as_str()
                .unwrap_or("")
                .contains("New concern C-")
        })
        .count();
    let reminders = posted
        .iter()
        .filter(|c| {
            c.body["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("Reminder")
        })
        .count();
    let attempts = app.mock.calls("chat.postMessage").len();
    let lookups = app.mock.calls("conversations.history").len();
    println!(
        "faults: {receipts} concerns receipted, {reminders_queued} reminders queued; \
         {} messages posted once each ({handoffs} handoffs, {reminders} reminders, {} other); \
         {attempts} postMessage attempts, {lookups} history pages, {} duplicates, at most {} requests in flight; \
         {passes} passes in {:?}",
        posted.len(),
        posted.len() - handoffs - reminders,
        twice.len(),
        app.mock.max_in_flight(),
        started.elapsed()
    );
    assert_eq!(receipts, CONCERNS);
    assert_eq!(reminders_queued as usize, PLANS);
    assert!(
        twice.is_empty(),
        "sent twice: {twice:?}\n{}",
        what_became_of(&app, &posted, &twice).await
    );
    assert_eq!(handoffs, CONCERNS, "every handoff reached the counselor");
    assert_eq!(reminders, PLANS, "every reminder reached its person");
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("app.db").display()
    ))
    .await
    .unwrap();
    let (sent, rows): (i64, i64) = sqlx::query_as(
        "SELECT SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END), COUNT(*) FROM outbox \
         WHERE platform = 'slack'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(sent, rows, "every queued message sent");
    assert_eq!(
        posted.len() as i64,
        sent,
        "posted = sent in the outbox: once each"
    );
    assert!(attempts > posted.len(), "the faults were met");
}

/// For a failure message: each message posted more than once, with its outbox row (how
/// often it was claimed and tried, its last error) and every postMessage call that
/// carried its metadata mark, in order.
async fn what_became_of(
    app: &crate::slack::SlackApp,
    posted: &[crate::mock_slack::Call],
    twice: &[(&String, &usize)],
) -> String {
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("app.db").display()
    ))
    .await
    .unwrap();
    let rows: Vec<(String, i64, i64, String, Option<String>)> =
        sqlx::query_as("SELECT key, claims, attempts, state, last_error FROM outbox")
            .fetch_all(&db)
            .await
            .unwrap();
    let calls = app.mock.calls("chat.postMessage");
    let mut out = String::new();
    for (which, _) in twice {
        let marks: std::collections::BTreeSet<String> = posted
            .iter()
            .filter(|c| format!("{}|{}", c.body["channel"], c.body["text"]) == **which)
            .filter_map(|c| c.body["metadata"]["event_payload"]["key"].as_str())
            .map(str::to_string)
            .collect();
        for mark in marks {
            let row = rows
                .iter()
                .find(|r| safeharbor::adapters::slack::client::metadata_mark(&r.0) == mark);
            // Faults are taken in the order calls arrive: call i met trouble()[i].
            let faults = trouble();
            let tries: Vec<(usize, Option<&Fault>)> = calls
                .iter()
                .enumerate()
                .filter(|(_, c)| c.body["metadata"]["event_payload"]["key"] == mark.as_str())
                .map(|(i, _)| (i, faults.get(i)))
                .collect();
            out.push_str(&format!(
                "{which}: mark {mark}, outbox row (key, claims, attempts, state, last error) \
                 {row:?}, postMessage calls (number, fault met) {tries:?} of {}\n",
                calls.len()
            ));
        }
    }
    out
}
