//! A server notes in the database that it runs (for `safeharbor rekey`), removes the note
//! when it stops, and stops by itself when the database is re-keyed under it.
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeZone;
use safeharbor::clock::ManualClock;
use safeharbor::crypto::DataKey;

fn key() -> DataKey {
    DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap()
}

/// The running notes in the database at `url`, read on connections of their own (a
/// server closes its own when it stops).
async fn running(url: &str) -> Vec<(String, String)> {
    let store = safeharbor::store::open(url, None).await.unwrap();
    let notes = store
        .metas_with_prefix(safeharbor::presence::PREFIX)
        .await
        .unwrap();
    store.close().await;
    notes
}

#[tokio::test]
async fn a_server_rekeyed_under_it_stops_and_a_stopped_one_leaves_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display());
    let env = {
        let url = url.clone();
        move |k: &str| (k == "DATABASE_URL").then(|| url.clone())
    };
    let mut config = safeharbor::config::from_parts(None, None, &env).unwrap();
    config.heartbeat = Duration::from_millis(50);
    let config = Arc::new(config);
    let clock = ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    let start = |key: DataKey| {
        let (config, clock) = (config.clone(), clock.clone());
        async move {
            let engine = safeharbor::app::build_engine(config, Arc::new(clock), key)
                .await
                .unwrap();
            let app =
                safeharbor::app::Application::build(engine.clone(), "127.0.0.1:0".parse().unwrap())
                    .await
                    .unwrap();
            (engine, app)
        }
    };
    let this = safeharbor::presence::this_process();

    // Running: its note is there, then gone after a clean stop.
    let old = key();
    let (_, app) = start(old.clone()).await;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async {
        let _ = stop_rx.await;
    }));
    let mut noted = vec![];
    for _ in 0..100 {
        noted = running(&url).await;
        if !noted.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(noted.len(), 1, "{noted:?}");
    assert_eq!(noted[0].0, this);
    assert!(noted[0].1.ends_with(" serve"), "{noted:?}");
    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert_eq!(running(&url).await, vec![], "the note is removed on stop");

    // Re-keyed under it: it stops by itself, saying why, and removes its note.
    let (engine, app) = start(old.clone()).await;
    let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
    let new = key();
    engine
        .store
        .set_meta(
            safeharbor::store::rekey::KEY_CHECK,
            &safeharbor::store::rekey::key_check(&new),
        )
        .await
        .unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops by itself")
        .unwrap();
    let e = stopped.expect_err("it stops with an error").to_string();
    assert!(
        e.contains("the data key was changed (`safeharbor rekey`)") && e.contains("new key"),
        "{e}"
    );
    assert_eq!(running(&url).await, vec![]);

    // Restarted with the new key, it runs; the old key would not start at all (the key
    // check stops it in `migrate`).
    let (_, app) = start(new).await;
    let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !server.is_finished(),
        "a server with the new key keeps running"
    );
    server.abort();
}
