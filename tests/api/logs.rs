//! "Never logged", checked on the real binary: `serve` at `RUST_LOG=trace` with every
//! platform's secrets set, driven through signed Slack requests, a concern, its delivery
//! to the mock Slack (the bot token goes out in a header), an unsigned request and a roster
//! import carrying a Teams webhook URL; then the counselor's `/concern show` answer and
//! its buttons (Acknowledge refreshes it through the click's response_url; Add note opens
//! a modal that carries that response_url and refreshes it on submission). Then its whole
//! log output is searched for each secret, token, key, webhook URL, response_url and the
//! markers of the concern and the note.
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::mock_slack::MockSlack;
use crate::slack::{COUNSELOR, TEACHER, ephemeral_click, modal_submitted, slash_body};

const SIGNING_SECRET: &str = "LOGTEST-slack-signing-secret-6f1e";
const BOT_TOKEN: &str = "xoxb-LOGTEST-bot-token-93ad";
const DISCORD_TOKEN: &str = "LOGTEST.discord.bot-token.77c0";
const TEAMS_SECRET: &str = "TE9HVEVTVC10ZWFtcy1vdXRnb2luZy1zZWNyZXQ="; // base64
const DATA_KEY: &str = "TE9HVEVTVGtleTAxMjM0NTY3ODlhYmNkZWYwMTIzNDU=";
const WEBHOOK: &str = "https://prod-00.westus.logic.azure.com/workflows/LOGTESTHOOK/triggers/manual/paths/invoke?sig=LOGTESTSIG";
const MARKER: &str = "MARKER-logs-5b2c";
const NOTE_MARKER: &str = "MARKER-note-81d0";
/// In the path of the response_urls of clicks (capability URLs: whoever has one can
/// change the message it came with).
const RESPONSE_URL_MARK: &str = "LOGTESTRESPURL";
const TOML: &str = "[[schools]]\nid = \"lincoln-hs\"\nname = \"Lincoln\"\ntime_zone = \"America/Phoenix\"\nslack_team_id = \"T0SCHOOL01\"\n";

fn command(dir: &std::path::Path, mock: &MockSlack, args: &[&str]) -> Command {
    let mut c = Command::new(crate::helpers::bin());
    c.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "trace")
        .env("NO_COLOR", "1")
        .env("SAFEHARBOR_DATA_KEY", DATA_KEY)
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("SLACK_API_URL", mock.api_url())
        .env("DISCORD_BOT_TOKEN", DISCORD_TOKEN)
        .env(
            "DISCORD_PUBLIC_KEY",
            "0000000000000000000000000000000000000000000000000000000000000000",
        )
        .env("DISCORD_APPLICATION_ID", "123456789012345678")
        .env("TEAMS_OUTGOING_WEBHOOK_SECRET", TEAMS_SECRET);
    c
}

#[tokio::test]
async fn no_secret_token_key_webhook_url_or_content_reaches_the_logs_at_trace() {
    // Arrange: a roster with a Teams webhook URL, imported at trace level.
    let mock = MockSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("safeharbor.toml"), TOML).unwrap();
    std::fs::write(
        dir.path().join("roster.csv"),
        format!(
            "school_id,name,email,roles,locale,slack_user_id,discord_user_id,teams_user_id,teams_webhook_url\n\
             lincoln-hs,Tess,t@x.org,teacher,,{TEACHER},,,\n\
             lincoln-hs,Cora,c@x.org,counselor,,{COUNSELOR},,,\n\
             lincoln-hs,Tim,tim@x.org,teacher,,,,00000000-0000-0000-0000-000000000001,{WEBHOOK}\n"
        ),
    )
    .unwrap();
    let import = command(dir.path(), &mock, &["roster", "import", "roster.csv"])
        .output()
        .unwrap();
    assert!(import.status.success());
    let mut logs = String::from_utf8_lossy(&import.stderr).into_owned();

    // Act: serve at trace; a signed /indicators, a signed /concern with the marker, an
    // unsigned request; wait for the handoff to reach the mock.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = command(
        dir.path(),
        &mock,
        &["serve", "--listen", &format!("127.0.0.1:{port}")],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let ready = Instant::now() + Duration::from_secs(30);
    while client.get(format!("{base}/readyz")).send().await.is_err() {
        assert!(Instant::now() < ready, "serve did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let post_signed = |route: &str, body: String| {
        let ts = safeharbor::clock::Clock::now(&safeharbor::clock::SystemClock).timestamp();
        let sig = safeharbor::adapters::slack::verify::sign(SIGNING_SECRET, ts, body.as_bytes());
        client
            .post(format!("{base}{route}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sig)
            .body(body)
    };
    let signed_by = |user: &str, text: &str, command: &str, trigger: &str| {
        post_signed(
            "/slack/commands",
            slash_body(user, command, text, trigger, ""),
        )
    };
    let signed =
        |text: &str, command: &str, trigger: &str| signed_by(TEACHER, text, command, trigger);
    let interaction = |payload: serde_json::Value| {
        post_signed(
            "/slack/interactions",
            serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap(),
        )
    };
    let r = signed("hotel", "/indicators", "l.1").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = signed(
        &format!("S-{MARKER} {MARKER} at the motel"),
        "/concern",
        "l.2",
    )
    .send()
    .await
    .unwrap();
    assert!(r.text().await.unwrap().contains("C-1001"));
    let r = client
        .post(format!("{base}/slack/commands"))
        .header("x-slack-signature", "v0=00")
        .body("token=x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    mock.wait_for("chat.postMessage", 1).await;
    assert!(
        mock.calls("chat.postMessage")[0].auth.contains(BOT_TOKEN),
        "the bot token did go out, to Slack only"
    );

    // The counselor's `/concern show` answer (ephemeral), and its buttons: Acknowledge
    // refreshes it through the click's response_url; Add note opens a modal that carries
    // that response_url, and its submission (the note) refreshes the answer through it.
    let r = signed_by(COUNSELOR, "show C-1001", "/concern", "l.3")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let ts = mock.show_ephemeral(r.json().await.unwrap());
    let ack_url = mock.click_url(&ts, &format!("{RESPONSE_URL_MARK}-ack"));
    let r = interaction(ephemeral_click(
        COUNSELOR,
        "concern.ack",
        "C-1001",
        &ts,
        &ack_url,
    ))
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let refreshed = mock
        .wait_for(&format!("respond/{RESPONSE_URL_MARK}-ack"), 1)
        .await;
    assert_eq!(refreshed[0].body["replace_original"], true);
    let note_url = mock.click_url(&ts, &format!("{RESPONSE_URL_MARK}-note"));
    interaction(ephemeral_click(
        COUNSELOR,
        "concern.note",
        "C-1001",
        &ts,
        &note_url,
    ))
    .send()
    .await
    .unwrap();
    let view = mock.wait_for("views.open", 1).await.remove(0).body["view"].clone();
    let meta = view["private_metadata"].as_str().unwrap();
    assert!(
        meta.contains(RESPONSE_URL_MARK) && !meta.contains("MARKER"),
        "the modal carries the response_url, and no content: {meta}"
    );
    let r = interaction(modal_submitted(&view, "V0LOGNOTE1", NOTE_MARKER))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let refreshed = mock
        .wait_for(&format!("respond/{RESPONSE_URL_MARK}-note"), 1)
        .await;
    assert!(
        refreshed[0].body.to_string().contains(NOTE_MARKER),
        "the answer was refreshed with the note in its history"
    );

    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().unwrap();
    let out = server.wait_with_output().unwrap();
    logs.push_str(&String::from_utf8_lossy(&out.stderr));
    logs.push_str(&String::from_utf8_lossy(&out.stdout));

    // Assert: the logs were really at trace, and hold none of the secrets.
    assert!(logs.contains("TRACE"), "trace lines were written");
    assert!(logs.contains("concern filed"), "{logs}");
    for secret in [
        SIGNING_SECRET,
        BOT_TOKEN,
        "LOGTEST-bot-token",
        DISCORD_TOKEN,
        TEAMS_SECRET,
        DATA_KEY,
        WEBHOOK,
        "LOGTESTHOOK",
        "LOGTESTSIG",
        MARKER,
        NOTE_MARKER,
        "MARKER",
        RESPONSE_URL_MARK,
    ] {
        assert!(!logs.contains(secret), "{secret} was logged");
    }
}
