//! The HTTP surface: health, readiness, metrics and the body limit.
use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .client
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "ready\n");
}

#[tokio::test]
async fn metrics_are_prometheus_text_by_route() {
    let app = spawn_app().await;
    app.client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    let r = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("safeharbor_http_requests_total"), "{body}");
    assert!(body.contains("route=\"/healthz\""), "{body}");
    assert!(
        body.contains("safeharbor_http_request_duration_seconds_bucket"),
        "{body}"
    );
}

#[tokio::test]
async fn bodies_over_64_kib_get_413() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(format!("{}/healthz", app.base))
        .body(vec![b'a'; 64 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

/// A platform whose variables are not set refuses its route's requests as unsigned (401,
/// as SPEC asks of any request whose signature cannot be checked), and the server's log
/// names what to set (once, however many requests come), so whoever connects the platform
/// sees why Slack, Discord or Teams reports a failure. Checked on the real binary.
#[tokio::test]
async fn a_platform_that_is_not_set_up_refuses_and_the_log_names_the_missing_variables() {
    let scratch = crate::helpers::Scratch::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut serve = scratch
        .command(&["serve", "--dev", "--listen", &format!("127.0.0.1:{port}")])
        .env("NO_COLOR", "1")
        // Slack has its signing secret only: on for commands; the others are off.
        .env("SLACK_SIGNING_SECRET", "off-test-secret")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while client.get(format!("{base}/readyz")).send().await.is_err() {
        assert!(std::time::Instant::now() < deadline, "serve did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for (route, name) in [
        ("/discord/interactions", "discord"),
        ("/teams/messages", "teams"),
    ] {
        for _ in 0..3 {
            let r = client
                .post(format!("{base}{route}"))
                .body("{\"MARKER-off\": 1}")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401, "{route} ({name})");
            assert_eq!(r.text().await.unwrap(), "invalid request signature\n");
        }
    }
    // Slack is on (signing secret set): an unsigned request is refused without a warning.
    let r = client
        .post(format!("{base}/slack/commands"))
        .body("command=%2Findicators")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // SIGTERM, then read the log.
    std::process::Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status()
        .unwrap();
    let out = tokio::task::spawn_blocking(move || {
        let _ = serve.wait();
        let mut log = String::new();
        std::io::Read::read_to_string(&mut serve.stderr.take().unwrap(), &mut log).unwrap();
        log
    })
    .await
    .unwrap();
    let off: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("a request came for a platform that is off"))
        .collect();
    assert_eq!(off.len(), 2, "once a platform, not once a request: {out}");
    assert!(
        off.iter().any(|l| l.contains("platform=\"discord\"")
            && l.contains("DISCORD_PUBLIC_KEY, DISCORD_BOT_TOKEN, DISCORD_APPLICATION_ID")),
        "{out}"
    );
    assert!(
        off.iter().any(
            |l| l.contains("platform=\"teams\"") && l.contains("TEAMS_OUTGOING_WEBHOOK_SECRET")
        ),
        "{out}"
    );
    assert!(
        !out.contains("MARKER-off"),
        "the request is not logged: {out}"
    );
}
