//! Slack over real HTTP: signed, wrongly signed, stale, replayed, oversized and malformed
//! requests; commands as ephemeral Block Kit; the concern modal; buttons; a mock Web API.
use std::sync::Arc;

use chrono::TimeZone;
use reqwest::StatusCode;
use safeharbor::adapters::slack::SlackApi;
use safeharbor::adapters::slack::verify::sign;
use safeharbor::clock::ManualClock;
use safeharbor::engine::Engine;
use serde_json::{Value, json};

use crate::helpers::{Chat, import_roster};
use crate::mock_slack::MockSlack;

pub const SECRET: &str = "test-signing-secret-0123456789";
pub const TEAM: &str = "T0SCHOOL01";
pub const TEACHER: &str = "U0TEACHER1";
pub const COUNSELOR: &str = "U0COUNSEL1";

pub struct SlackApp {
    pub base: String,
    pub client: reqwest::Client,
    pub engine: Engine,
    pub clock: ManualClock,
    pub mock: MockSlack,
    pub dir: tempfile::TempDir,
}

const TOML: &str = r#"
[district]
name = "Test District"
[[schools]]
id = "lincoln-hs"
name = "Lincoln High School"
time_zone = "America/Phoenix"
service_area = ["Maricopa County"]
slack_team_id = "T0SCHOOL01"
# Nobody on this roster drives a bus: no training reminders or digests mix with the
# concern messages these tests count.
[[training.courses]]
id = "bus-safety"
title_en = "Bus safety"
audience = ["bus_driver"]
"#;

pub async fn spawn_slack_app() -> SlackApp {
    spawn_slack_app_on(None, "").await
}

/// The Slack test app on the database `db` names (a fresh SQLite file for None), with
/// `extra` appended to its configuration.
pub async fn spawn_slack_app_on(db: Option<String>, extra: &str) -> SlackApp {
    let mock = MockSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db =
        db.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display()));
    let api = mock.api_url();
    let env = move |k: &str| match k {
        "DATABASE_URL" => Some(db.clone()),
        "SLACK_SIGNING_SECRET" => Some(SECRET.to_string()),
        "SLACK_BOT_TOKEN" => Some("xoxb-test-token".to_string()),
        "SLACK_API_URL" => Some(api.clone()),
        _ => None,
    };
    let config = Arc::new(
        safeharbor::config::from_parts(Some(&format!("{TOML}{extra}")), None, &env).unwrap(),
    );
    let clock = ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 23, 17, 0, 0)
            .unwrap(),
    );
    let key = safeharbor::crypto::DataKey::from_base64(
        &safeharbor::crypto::DataKey::generate_base64(),
        "test",
    )
    .unwrap();
    mock.stamp_with(Arc::new(clock.clone()));
    let engine = safeharbor::app::build_engine(config, Arc::new(clock.clone()), key)
        .await
        .unwrap();
    import_roster(&engine, Chat::Slack, [TEACHER, COUNSELOR, "U0ADMIN001"]).await;
    // Due work runs when a test says so, on the test's clock.
    let app = safeharbor::app::Application::build(engine.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
        .without_scheduler();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    SlackApp {
        base,
        client: reqwest::Client::new(),
        engine,
        clock,
        mock,
        dir,
    }
}

impl SlackApp {
    fn now(&self) -> i64 {
        self.engine.clock.now().timestamp()
    }

    /// Another server on the same engine and database, routes only: a second replica (or
    /// this one after a restart), whose in-memory replay and view guards start empty.
    pub async fn replica(&self) -> SlackApp {
        let router = safeharbor::http::router(self.engine.clone());
        let base = crate::helpers::serve_on_loopback(router).await;
        SlackApp {
            base,
            client: reqwest::Client::new(),
            engine: self.engine.clone(),
            clock: self.clock.clone(),
            mock: self.mock.clone(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub async fn post_signed(&self, route: &str, body: &str, ts: i64) -> reqwest::Response {
        self.client
            .post(format!("{}{route}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(SECRET, ts, body.as_bytes()))
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    pub async fn command(
        &self,
        user: &str,
        command: &str,
        text: &str,
        trigger: &str,
    ) -> reqwest::Response {
        let body = slash_body(user, command, text, trigger, &self.mock.response_url("cmd"));
        self.post_signed("/slack/commands", &body, self.now()).await
    }

    pub async fn interaction(&self, payload: &Value) -> reqwest::Response {
        let body = serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap();
        self.post_signed("/slack/interactions", &body, self.now())
            .await
    }
}

pub fn slash_body(
    user: &str,
    command: &str,
    text: &str,
    trigger: &str,
    response_url: &str,
) -> String {
    serde_urlencoded::to_string([
        ("token", "deprecated"),
        ("team_id", TEAM),
        ("team_domain", "lincoln"),
        ("channel_id", "C0STAFF001"),
        ("channel_name", "staff-room"),
        ("user_id", user),
        ("user_name", "someone"),
        ("command", command),
        ("text", text),
        ("api_app_id", "A0APP00001"),
        ("response_url", response_url),
        ("trigger_id", trigger),
    ])
    .unwrap()
}

fn block_texts(v: &Value) -> String {
    v.to_string()
}

#[tokio::test]
async fn a_signed_command_gets_ephemeral_block_kit() {
    let app = spawn_slack_app().await;
    let r = app.command(TEACHER, "/indicators", "hotel", "1.1.a").await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["response_type"], "ephemeral");
    assert!(
        v["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["type"] == "header")
    );
    let text = block_texts(&v);
    assert!(text.contains("hotels, motels"), "{text}");
    assert!(
        text.contains("Don't question the student yourself."),
        "{text}"
    );
    for (cmd, words) in [("/partners", ""), ("/safeharbor", "help")] {
        let r = app.command(TEACHER, cmd, words, &format!("1.{cmd}")).await;
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["response_type"], "ephemeral", "{cmd}");
    }
}

#[tokio::test]
async fn the_users_slack_locale_is_used() {
    let app = spawn_slack_app().await;
    app.mock.set_locale(TEACHER, "es-LA");
    let v: Value = app
        .command(TEACHER, "/indicators", "deuda", "2.1.a")
        .await
        .json()
        .await
        .unwrap();
    assert!(block_texts(&v).contains("No interrogue"), "{v}");
    assert_eq!(app.mock.calls("users.info").len(), 1);
    app.command(TEACHER, "/indicators", "", "2.1.b").await;
    assert_eq!(
        app.mock.calls("users.info").len(),
        1,
        "the locale is cached"
    );
}

#[tokio::test]
async fn bad_signatures_stale_and_missing_headers_get_401() {
    let app = spawn_slack_app().await;
    let body = slash_body(
        TEACHER,
        "/concern",
        "S-1 MARKER details",
        "3.1.a",
        "http://127.0.0.1:9/x",
    );
    for route in ["/slack/commands", "/slack/interactions", "/slack/events"] {
        let url = format!("{}{route}", app.base);
        let wrong = app
            .client
            .post(&url)
            .header("x-slack-request-timestamp", app.now().to_string())
            .header(
                "x-slack-signature",
                sign("another-secret", app.now(), body.as_bytes()),
            )
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{route}");
        let stale = app.post_signed(route, &body, app.now() - 6 * 60).await;
        assert_eq!(stale.status(), StatusCode::UNAUTHORIZED, "{route}");
        let missing = app
            .client
            .post(&url)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::UNAUTHORIZED, "{route}");
        let big = "a".repeat(65 * 1024);
        let huge = app.post_signed(route, &big, app.now()).await;
        assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE, "{route}");
        let garbage = app
            .post_signed(route, "payload=%7Bnot-json", app.now())
            .await;
        assert!(
            garbage.status() == StatusCode::BAD_REQUEST || route == "/slack/commands",
            "{route}"
        );
    }
    let malformed = app
        .post_signed("/slack/commands", "\u{1}\u{2}", app.now())
        .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    // Nothing was filed by any of it.
    assert!(
        app.mock.all_calls().is_empty(),
        "{:?}",
        app.mock.all_calls()
    );
}

#[tokio::test]
async fn replays_and_retries_are_acknowledged_but_not_processed() {
    let app = spawn_slack_app().await;
    let ts = app.now();
    // A replayed concern files nothing a second time.
    let body = slash_body(
        TEACHER,
        "/concern",
        "S-9 saw a new phone and cash",
        "4.1.a",
        "",
    );
    let first = app.post_signed("/slack/commands", &body, ts).await;
    assert!(first.text().await.unwrap().contains("C-1001"));
    let again = app.post_signed("/slack/commands", &body, ts).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.text().await.unwrap(), "", "a replay is not processed");
    let retry = app
        .client
        .post(format!("{}/slack/commands", app.base))
        .header("x-slack-request-timestamp", (ts + 1).to_string())
        .header("x-slack-signature", sign(SECRET, ts + 1, body.as_bytes()))
        .header("x-slack-retry-num", "1")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(
        retry.text().await.unwrap(),
        "",
        "a retry is acknowledged, not processed"
    );
    let cases = app.engine.store.concerns(None, true, 1000).await.unwrap();
    assert_eq!(cases.len(), 1);
    // A replayed language change is not applied again either.
    let lang = slash_body(TEACHER, "/safeharbor", "language es", "4.1.b", "");
    app.post_signed("/slack/commands", &lang, ts).await;
    let replay = app.post_signed("/slack/commands", &lang, ts).await;
    assert_eq!(replay.text().await.unwrap(), "");
    // A read-only lookup changes nothing, so a repeat is simply answered again.
    let look = slash_body(TEACHER, "/indicators", "hotel", "4.1.c", "");
    let a = app
        .post_signed("/slack/commands", &look, ts)
        .await
        .text()
        .await
        .unwrap();
    let b = app
        .post_signed("/slack/commands", &look, ts)
        .await
        .text()
        .await
        .unwrap();
    assert!(!a.is_empty() && a == b, "{b}");
}

#[tokio::test]
async fn a_signed_ssl_check_gets_an_empty_200_and_an_unsigned_one_401() {
    let app = spawn_slack_app().await;
    // What Slack posts to a command URL to check its certificate: no command, no user.
    let body = "ssl_check=1&token=deprecated";
    let r = app.post_signed("/slack/commands", body, app.now()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "");
    let unsigned = app
        .client
        .post(format!("{}/slack/commands", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    // A command that also says ssl_check is still a command.
    let cmd = format!(
        "ssl_check=1&{}",
        slash_body(TEACHER, "/indicators", "hotel", "5.1.a", "")
    );
    let r = app.post_signed("/slack/commands", &cmd, app.now()).await;
    assert!(r.text().await.unwrap().contains("hotel"));
}

#[tokio::test]
async fn url_verification_is_answered() {
    let app = spawn_slack_app().await;
    let body = json!({"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}).to_string();
    let r = app.post_signed("/slack/events", &body, app.now()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
}

#[tokio::test]
async fn concern_opens_a_modal_and_its_submission_files_privately() {
    let app = spawn_slack_app().await;
    let r = app.command(TEACHER, "/concern", "", "5.1.trigger").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.text().await.unwrap(),
        "",
        "the ack is empty; the modal opens beside it"
    );
    let opened = app.mock.wait_for("views.open", 1).await;
    let view = &opened[0].body["view"];
    assert_eq!(opened[0].body["trigger_id"], "5.1.trigger");
    assert_eq!(opened[0].auth, "Bearer xoxb-test-token");
    let blocks: Vec<&str> = view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["block_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        blocks,
        vec!["student_ref", "indicators", "details", "immediate_danger"]
    );
    assert!(
        view["blocks"][1]["element"]["option_groups"]
            .as_array()
            .unwrap()
            .len()
            >= 5
    );

    // A submission with a missing field gets the error on that field, and files nothing.
    let mut payload = submission("V0VIEW0001", "", "MARKER-slack-9 saw bruises");
    let r = app.interaction(&payload).await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["response_action"], "errors");
    assert!(v["errors"]["student_ref"].is_string(), "{v}");

    payload = submission("V0VIEW0001", "MARKER-ref-42", "MARKER-slack-9 saw bruises");
    let r = app.interaction(&payload).await;
    let text = r.text().await.unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["response_action"], "update");
    assert!(
        text.contains("C-1"),
        "the receipt has the case number: {text}"
    );
    assert!(
        !text.contains("MARKER"),
        "the receipt never carries the details or the student: {text}"
    );
    // The counselor's DM carries the case in its blocks; its text, which Slack shows in
    // push notifications, on lock screens and in e-mail digests, only says a concern
    // came in.
    let posted = app.mock.wait_for("chat.postMessage", 1).await;
    let dm = &posted[0].body;
    assert!(dm["blocks"].to_string().contains("MARKER-ref-42"), "{dm}");
    let note = dm["text"].as_str().unwrap();
    assert!(note.contains("C-1") && !note.contains("MARKER"), "{note}");
    // The same view submitted again files nothing new.
    let again = app.interaction(&payload).await.text().await.unwrap();
    assert!(!again.contains("MARKER"));
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(cases.len(), 1);
}

#[tokio::test]
async fn a_concern_form_as_slack_sends_it_is_read_whole_escapes_and_all() {
    let app = spawn_slack_app().await;
    app.command(TEACHER, "/concern", "", "5.2.trigger").await;
    let opened = app.mock.wait_for("views.open", 1).await;
    // As Slack sends it: the modal's own blocks (the indicator menu with all its
    // options) come back with the values, and an org-wide app gets `"team": null`.
    let mut payload = submission(
        "V0VIEW0777",
        "Ref \"7\" / ß",
        "She said \"don't tell\" —\nnew phone, café at 2am \\ twice",
    );
    payload["team"] = Value::Null;
    payload["view"]["blocks"] = opened[0].body["view"]["blocks"].clone();
    payload["view"]["state"]["values"]["immediate_danger"]["value"]["selected_option"]["value"] =
        json!("yes");
    let r = app.interaction(&payload).await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["response_action"], "update", "{v}");
    assert_eq!(v["view"]["type"], "modal", "{v}");
    assert!(v["view"]["blocks"].to_string().contains("C-1"), "{v}");
    // Filed for the school of the submitter's workspace, with the text exactly as typed.
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(cases.len(), 1);
    assert!(cases[0].immediate_danger);
    let posted = app.mock.wait_for("chat.postMessage", 1).await;
    let blocks = posted[0].body["blocks"].to_string();
    for typed in [
        "Ref \\\"7\\\" / ß",
        "She said \\\"don't tell\\\" —\\nnew phone, café at 2am \\\\ twice",
    ] {
        assert!(blocks.contains(typed), "{typed} in {blocks}");
    }
}

pub fn submission(view_id: &str, student: &str, details: &str) -> Value {
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "lincoln"},
        "user": {"id": TEACHER, "username": "tess", "name": "tess", "team_id": TEAM},
        "api_app_id": "A0APP00001",
        "trigger_id": "6.1.x",
        "view": {
            "id": view_id,
            "team_id": TEAM,
            "type": "modal",
            "callback_id": "concern",
            "private_metadata": "{}",
            "blocks": [],
            "state": {"values": {
                "student_ref": {"value": {"type": "plain_text_input", "value": student}},
                "indicators": {"value": {"type": "multi_static_select", "selected_options": [
                    {"text": {"type": "plain_text", "text": "x"}, "value": "sex-hotel-motel"}
                ]}},
                "details": {"value": {"type": "plain_text_input", "value": details}},
                "immediate_danger": {"value": {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": "No"}, "value": "no"}}}
            }},
            "hash": "1.x"
        }
    })
}

/// A mock Slack, and a Web API client that calls it.
async fn mock_slack_api() -> (MockSlack, SlackApi) {
    let mock = MockSlack::start().await;
    let api = SlackApi::new(&mock.api_url(), &secrecy::SecretString::from("xoxb-t"));
    (mock, api)
}

#[tokio::test]
async fn web_api_failures_are_classified_for_the_outbox() {
    use safeharbor::engine::Reply;
    use safeharbor::outbox::SendError;

    use crate::mock_slack::Fault;

    let (mock, api) = mock_slack_api().await;
    let msg = Reply::new().text("hello");
    let ok = api
        .direct_message_once(COUNSELOR, &msg, "k", None)
        .await
        .unwrap();
    let dm = crate::mock_slack::dm_channel(COUNSELOR);
    assert_eq!(ok.channel.as_deref(), Some(dm.as_str()));
    let open = mock.calls("conversations.open");
    assert_eq!(open[0].body["users"], json!([COUNSELOR]));
    assert_eq!(
        mock.calls("chat.postMessage")[0].body["channel"],
        dm.as_str()
    );

    mock.fail_next("chat.postMessage", Fault::RateLimited(7));
    let e = api
        .direct_message_once(COUNSELOR, &msg, "k", None)
        .await
        .unwrap_err();
    assert_eq!(e, SendError::RetryAfter(std::time::Duration::from_secs(7)));
    // A server error on the post itself leaves it unknown whether Slack posted it.
    mock.fail_next("chat.postMessage", Fault::ServerError);
    assert!(matches!(
        api.direct_message_once(COUNSELOR, &msg, "k", None).await,
        Err(SendError::Unsure(_))
    ));
    // The counselor's DM channel is remembered now; a first DM to someone else opens one.
    mock.fail_next("conversations.open", Fault::ApiError("user_not_found"));
    assert!(matches!(
        api.direct_message_once(TEACHER, &msg, "k", None).await,
        Err(SendError::Permanent(_))
    ));
    let api = api.with_timeout(std::time::Duration::from_millis(300));
    mock.fail_next("conversations.open", Fault::Hang);
    let e = api
        .direct_message_once(TEACHER, &msg, "k", None)
        .await
        .unwrap_err();
    assert_eq!(e, SendError::Transient("slack call timed out".into()));
}

/// A message queued now: the mock stamps messages with the system clock, so a lookup
/// from here on sees what is posted after.
fn queued_now() -> safeharbor::outbox::MaybeSent {
    safeharbor::outbox::MaybeSent {
        queued_ms: safeharbor::clock::Clock::now(&safeharbor::clock::SystemClock)
            .timestamp_millis(),
    }
}

/// The messages posted with `key`'s metadata mark (what the person actually got).
fn posted_with_key(mock: &MockSlack, key: &str) -> usize {
    let mark = safeharbor::adapters::slack::client::metadata_mark(key);
    mock.done("chat.postMessage")
        .iter()
        .filter(|c| c.body["metadata"]["event_payload"]["key"] == mark.as_str())
        .count()
}

#[tokio::test]
async fn a_second_dm_to_the_same_person_is_one_call_not_two() {
    use safeharbor::engine::Reply;

    let (mock, api) = mock_slack_api().await;
    let msg = Reply::new().text("hello");
    api.direct_message_once(COUNSELOR, &msg, "k1", None)
        .await
        .unwrap();
    assert_eq!(
        mock.all_calls().len(),
        2,
        "conversations.open, then the post"
    );

    let second = api
        .direct_message_once(COUNSELOR, &msg, "k2", None)
        .await
        .unwrap();
    let calls = mock.all_calls();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[2].method, "chat.postMessage");
    let dm = crate::mock_slack::dm_channel(COUNSELOR);
    assert_eq!(calls[2].body["channel"], dm.as_str());
    assert_eq!(second.channel.as_deref(), Some(dm.as_str()));

    // Someone else still gets their own channel.
    api.direct_message_once(TEACHER, &msg, "k3", None)
        .await
        .unwrap();
    let opened = mock.calls("conversations.open");
    assert_eq!(opened.len(), 2);
    assert_eq!(opened[1].body["users"], json!([TEACHER]));
    assert_eq!(
        mock.calls("chat.postMessage")[2].body["channel"],
        crate::mock_slack::dm_channel(TEACHER).as_str()
    );
}

#[tokio::test]
async fn a_remembered_dm_channel_that_is_gone_is_reopened_and_the_message_sent_once() {
    use safeharbor::engine::Reply;

    use crate::mock_slack::Fault;

    let (mock, api) = mock_slack_api().await;
    let msg = Reply::new().text("hello");
    let queued = queued_now();
    api.direct_message_once(COUNSELOR, &msg, "k1", None)
        .await
        .unwrap();

    // The post to the remembered channel fails: it is opened again and the post repeated.
    mock.fail_next("chat.postMessage", Fault::ApiError("channel_not_found"));
    api.direct_message_once(COUNSELOR, &msg, "k2", None)
        .await
        .unwrap();
    assert_eq!(mock.calls("conversations.open").len(), 2);
    assert_eq!(mock.calls("chat.postMessage").len(), 3);
    assert_eq!(posted_with_key(&mock, "k2"), 1);

    // A retry looks in the history first; that channel is archived: reopened, looked in
    // again, and since the message is not there, posted once.
    mock.fail_next("conversations.history", Fault::ApiError("is_archived"));
    api.direct_message_once(COUNSELOR, &msg, "k3", Some(queued))
        .await
        .unwrap();
    assert_eq!(mock.calls("conversations.open").len(), 3);
    assert_eq!(mock.calls("conversations.history").len(), 2);
    assert_eq!(posted_with_key(&mock, "k3"), 1);

    // A retry of a message that did get through is found through the remembered channel
    // (no open) and not posted again.
    let found = api
        .direct_message_once(COUNSELOR, &msg, "k3", Some(queued))
        .await
        .unwrap();
    assert_eq!(mock.calls("conversations.open").len(), 3);
    assert_eq!(posted_with_key(&mock, "k3"), 1);
    assert!(found.message_id.is_some());

    // Gone again right after reopening: reopened only once, and the failure is permanent.
    mock.fail_next("chat.postMessage", Fault::ApiError("channel_not_found"));
    mock.fail_next("chat.postMessage", Fault::ApiError("channel_not_found"));
    let e = api
        .direct_message_once(COUNSELOR, &msg, "k4", None)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        safeharbor::outbox::SendError::Permanent("slack api error channel_not_found".into())
    );
    assert_eq!(mock.calls("conversations.open").len(), 4);
    assert_eq!(posted_with_key(&mock, "k4"), 0);
    // And the next message opens the channel afresh.
    api.direct_message_once(COUNSELOR, &msg, "k5", None)
        .await
        .unwrap();
    assert_eq!(mock.calls("conversations.open").len(), 5);
    assert_eq!(posted_with_key(&mock, "k5"), 1);
}

#[tokio::test]
async fn slow_work_is_acknowledged_in_time_and_finished_through_the_response_url() {
    use sqlx::Connection;
    let app = spawn_slack_app().await;
    // Hold the database's write lock, so saving a language has to wait.
    let url = format!("sqlite://{}", app.dir.path().join("app.db").display());
    let mut blocker = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut blocker)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let r = app
        .command(TEACHER, "/safeharbor", "language es", "10.1.x")
        .await;
    let elapsed = started.elapsed();
    let v: Value = r.json().await.unwrap();
    assert!(
        elapsed < std::time::Duration::from_secs(3),
        "acknowledged after {elapsed:?}"
    );
    assert_eq!(v["response_type"], "ephemeral");
    assert!(v.to_string().contains("Working on it"), "{v}");
    sqlx::query("ROLLBACK").execute(&mut blocker).await.unwrap();
    let later = app.mock.wait_for("respond/cmd", 1).await;
    assert!(
        later[0]
            .body
            .to_string()
            .contains("Su idioma ahora es español (es)"),
        "{:?}",
        later[0].body
    );
    // The later answer is Block Kit too, private to the person who asked.
    assert_eq!(
        later[0].body["response_type"], "ephemeral",
        "{:?}",
        later[0].body
    );
    assert!(
        later[0].body["blocks"]
            .as_array()
            .is_some_and(|b| !b.is_empty())
    );
    assert!(later[0].body["text"].is_string());
}

#[tokio::test]
async fn a_message_whose_answer_was_lost_is_found_under_hundreds_of_newer_ones() {
    use safeharbor::engine::Reply;

    use crate::mock_slack::Fault;

    // Arrange: Slack posts "lost" but its answer never arrives; then 450 more messages
    // reach the same person (a burst of handoffs) before the retry.
    let (mock, api) = mock_slack_api().await;
    let msg = Reply::new().text("hello");
    let queued = queued_now();
    mock.fail_next("chat.postMessage", Fault::DropAfter);
    assert!(
        api.direct_message_once(COUNSELOR, &msg, "lost", None)
            .await
            .is_err()
    );
    for i in 0..450 {
        api.direct_message_once(COUNSELOR, &msg, &format!("k{i}"), None)
            .await
            .unwrap();
    }

    // Act: the retry.
    let found = api
        .direct_message_once(COUNSELOR, &msg, "lost", Some(queued))
        .await
        .unwrap();

    // Assert: found on the history's third page, and not posted again.
    assert_eq!(posted_with_key(&mock, "lost"), 1);
    assert!(found.message_id.is_some());
    let pages = mock.calls("conversations.history");
    assert_eq!(pages.len(), 3);
    assert!(pages[0].body.get("cursor").is_none(), "{:?}", pages[0].body);
    // Only what came after it was queued (less a minute for clock skew) is looked at.
    let oldest: f64 = pages[0].body["oldest"].as_str().unwrap().parse().unwrap();
    let queued_s = queued.queued_ms as f64 / 1000.0;
    assert!((queued_s - 60.0 - oldest).abs() < 0.01, "{oldest}");
    assert_eq!(pages[2].body["cursor"], "from:400");
}

/// The counselor's DMs so far (the mock opens one DM channel per user).
async fn counselor_dms(app: &SlackApp, n: usize) -> Vec<Value> {
    let channel = crate::mock_slack::dm_channel(COUNSELOR);
    for _ in 0..200 {
        let dms: Vec<Value> = app
            .mock
            .calls("chat.postMessage")
            .into_iter()
            .filter(|c| c.body["channel"] == channel.as_str())
            .map(|c| c.body)
            .collect();
        if dms.len() >= n {
            return dms;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the counselor did not get {n} DMs");
}

/// Every button of a Block Kit message: (action id, value, label).
fn buttons_in(blocks: &Value) -> Vec<(String, String, String)> {
    blocks
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .map(|e| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (s(&e["action_id"]), s(&e["value"]), s(&e["text"]["text"]))
        })
        .collect()
}

/// A field's value in a Block Kit message (fields read `*Name*\nvalue`).
fn field_in(blocks: &Value, name: &str) -> Option<String> {
    let head = format!("*{name}*\n");
    blocks
        .as_array()?
        .iter()
        .flat_map(|b| b["fields"].as_array().cloned().unwrap_or_default())
        .find_map(|f| f["text"].as_str()?.strip_prefix(&head).map(String::from))
}

#[tokio::test]
async fn after_a_button_the_dm_shows_the_case_as_it_is_now_with_the_buttons_that_still_apply() {
    let app = spawn_slack_app().await;
    app.mock.set_locale(COUNSELOR, "es-LA");
    let r = app
        .interaction(&submission("V30", "MARKER-now-ref", "MARKER-now details"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    let case = safeharbor::domain::CaseRef(cases[0].id).to_string();
    let dm = counselor_dms(&app, 1).await.remove(0);
    assert_eq!(
        buttons_in(&dm["blocks"])[0].0,
        "concern.ack",
        "{}",
        dm["blocks"]
    );
    let channel = crate::mock_slack::dm_channel(COUNSELOR);
    let ts = "1700000000.000030";
    let click = |user: &str, action: &str, blocks: &Value, respond: &str| {
        json!({
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "trigger_id": "9.1.x",
            "container": {"type": "message", "channel_id": channel, "message_ts": ts},
            "message": {"blocks": blocks, "ts": ts},
            "actions": [{"action_id": action, "value": case, "type": "button", "block_id": "b"}],
            "response_url": app.mock.response_url(respond),
        })
    };

    // Acknowledge: the message shows the case acknowledged and assigned, in the
    // counselor's language, with the buttons that still apply, and the result below.
    let r = app
        .interaction(&click(COUNSELOR, "concern.ack", &dm["blocks"], "ack"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let update = app.mock.wait_for("chat.update", 1).await.remove(0).body;
    assert_eq!(
        (update["channel"].as_str(), update["ts"].as_str()),
        (Some(channel.as_str()), Some(ts))
    );
    let blocks = &update["blocks"];
    let buttons = buttons_in(blocks);
    let ids: Vec<&str> = buttons.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "concern.note",
            "concern.reassign",
            "concern.refer",
            "concern.close"
        ],
        "{blocks}"
    );
    assert!(buttons.iter().all(|b| b.1 == case), "{buttons:?}");
    let labels: Vec<&str> = buttons.iter().map(|b| b.2.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Agregar nota",
            "Reasignar",
            "Registrar derivación",
            "Cerrar"
        ]
    );
    assert_eq!(
        field_in(blocks, "Estado").as_deref(),
        Some("confirmado"),
        "{blocks}"
    );
    assert_eq!(
        field_in(blocks, "Asignado a").as_deref(),
        Some("Cora Counselor")
    );
    let all = blocks.as_array().unwrap();
    assert!(all.len() <= 50);
    let divider = all.iter().position(|b| b["type"] == "divider").unwrap();
    let result = Value::Array(all[divider..].to_vec()).to_string();
    assert!(
        result.contains(&format!("Usted confirmó {case}")),
        "{result}"
    );
    assert!(
        !update["text"].as_str().unwrap().contains("MARKER"),
        "the notification text holds no content: {}",
        update["text"]
    );

    // A refusal goes to the one who clicked alone; the message stays as it is.
    app.interaction(&click(TEACHER, "concern.ack", blocks, "refused"))
        .await;
    let refused = app.mock.wait_for("respond/refused", 1).await.remove(0).body;
    assert_eq!(refused["response_type"], "ephemeral");
    assert!(!refused.to_string().contains("MARKER"), "{refused}");
    assert_eq!(app.mock.calls("chat.update").len(), 1);

    // Close asks for the outcome in a modal; its submission leaves no buttons and the
    // case closed.
    app.interaction(&click(COUNSELOR, "concern.close", blocks, "close"))
        .await;
    let view = app.mock.wait_for("views.open", 1).await.remove(0).body["view"].clone();
    let submitted = json!({
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": COUNSELOR, "team_id": TEAM},
        "view": {
            "id": "V0VIEW0001",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": {"input": {"value": {"type": "plain_text_input", "value": "MARKER-outcome family supported"}}}},
        },
    });
    let r = app.interaction(&submitted).await;
    assert_eq!(r.status(), StatusCode::OK);
    let closed = app.mock.wait_for("chat.update", 2).await.remove(1).body;
    let blocks = &closed["blocks"];
    assert!(
        buttons_in(blocks).is_empty(),
        "no buttons once closed: {blocks}"
    );
    assert_eq!(
        field_in(blocks, "Estado").as_deref(),
        Some("cerrado"),
        "{blocks}"
    );
    assert!(
        blocks.to_string().contains(&format!("{case} está cerrado")),
        "{blocks}"
    );
    assert!(
        !blocks.to_string().contains("MARKER-outcome"),
        "the outcome is not echoed into the message"
    );
    let c = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(c[0].state.as_str(), "closed");
}

/// A click on an ephemeral message as Slack sends it (fixture
/// `slack/interactivity_block_actions.payload.json`): `container.is_ephemeral` with the
/// message's ts and channel, a response_url for that message, and no `message` (Slack
/// keeps no copy of an ephemeral message to send).
pub fn ephemeral_click(
    user: &str,
    action: &str,
    case: &str,
    ts: &str,
    response_url: &str,
) -> Value {
    json!({
        "type": "block_actions",
        "user": {"id": user, "username": "someone", "name": "someone", "team_id": TEAM},
        "api_app_id": "A0APP00001",
        "token": "deprecated",
        "container": {"type": "message", "message_ts": ts, "channel_id": "C0STAFF001", "is_ephemeral": true},
        "trigger_id": "11.22.ephemeral",
        "team": {"id": TEAM, "domain": "lincoln"},
        "channel": {"id": "C0STAFF001", "name": "staff-room"},
        "response_url": response_url,
        "actions": [{"action_id": action, "block_id": "b", "value": case, "type": "button",
                     "text": {"type": "plain_text", "text": "Button", "emoji": true},
                     "action_ts": "1700000000.000001"}],
    })
}

/// A case filed by the teacher; the counselor's `/concern show` answer, shown to them
/// (ephemeral) as Slack shows it, and its ts.
async fn shown_case(app: &SlackApp, view: &str, details: &str) -> (String, String) {
    let r = app
        .interaction(&submission(view, "MARKER-shown-ref", details))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    counselor_dms(app, 1).await;
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    let case = safeharbor::domain::CaseRef(cases[0].id).to_string();
    let r = app
        .command(COUNSELOR, "/concern", &format!("show {case}"), "5.1.show")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["response_type"], "ephemeral");
    let ts = app.mock.show_ephemeral(answer);
    (case, ts)
}

/// The one ephemeral message on the counselor's screen (what they see), split at the
/// result: (the case as shown, the result below it).
fn on_screen(app: &SlackApp) -> (Value, String) {
    let screen = app.mock.ephemerals();
    assert_eq!(
        screen.len(),
        1,
        "one answer, refreshed in place: {screen:?}"
    );
    let blocks = screen[0]["blocks"].as_array().unwrap().clone();
    assert!(blocks.len() <= 50);
    let divider = blocks
        .iter()
        .position(|b| b["type"] == "divider")
        .unwrap_or(blocks.len());
    let result = Value::Array(blocks[divider..].to_vec()).to_string();
    (Value::Array(blocks[..divider].to_vec()), result)
}

/// The history of a case as a shown answer lists it (from its heading to the end).
fn history_in(case: &Value) -> String {
    let blocks = case.as_array().unwrap();
    let at = blocks
        .iter()
        .position(|b| b["type"] == "header" && b["text"]["text"] == "History, newest first")
        .unwrap_or_else(|| panic!("no history: {case}"));
    Value::Array(blocks[at..].to_vec()).to_string()
}

#[tokio::test]
async fn a_button_on_a_concern_show_answer_refreshes_that_answer_in_place_with_its_history() {
    let app = spawn_slack_app().await;
    let (case, ts) = shown_case(&app, "V40", "MARKER-shown details").await;
    let (before, _) = on_screen(&app);
    assert_eq!(buttons_in(&before)[0].0, "concern.ack", "{before}");

    // Acknowledge: the answer itself now shows the case acknowledged and assigned, with
    // its history (the acknowledgement in it), the buttons that still apply, and the
    // result below. No second message, and no chat.update (Slack has no such message).
    let url = app.mock.click_url(&ts, "show-ack");
    let r = app
        .interaction(&ephemeral_click(COUNSELOR, "concern.ack", &case, &ts, &url))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let sent = app
        .mock
        .wait_for("respond/show-ack", 1)
        .await
        .remove(0)
        .body;
    assert_eq!(sent["replace_original"], true, "{sent}");
    assert_eq!(sent["response_type"], "ephemeral");
    let (shown, result) = on_screen(&app);
    let ids: Vec<String> = buttons_in(&shown).into_iter().map(|b| b.0).collect();
    assert_eq!(
        ids,
        [
            "concern.note",
            "concern.reassign",
            "concern.refer",
            "concern.close"
        ],
        "{shown}"
    );
    assert_eq!(field_in(&shown, "Status").as_deref(), Some("acknowledged"));
    assert_eq!(
        field_in(&shown, "Assigned to").as_deref(),
        Some("Cora Counselor")
    );
    assert!(
        shown.to_string().contains("MARKER-shown details"),
        "still the case as shown: {shown}"
    );
    let history = history_in(&shown);
    assert!(
        history.contains("filed it") && history.contains("Cora Counselor acknowledged it"),
        "{history}"
    );
    assert!(
        result.contains(&format!("You acknowledged {case}")),
        "{result}"
    );
    assert!(app.mock.calls("chat.update").is_empty());

    // Close asks for the outcome in a modal; its submission refreshes the same answer
    // through that click's response_url: closed, no buttons, the closing in its history.
    let url = app.mock.click_url(&ts, "show-close");
    app.interaction(&ephemeral_click(
        COUNSELOR,
        "concern.close",
        &case,
        &ts,
        &url,
    ))
    .await;
    let view = app.mock.wait_for("views.open", 1).await.remove(0).body["view"].clone();
    let meta = view["private_metadata"].as_str().unwrap();
    assert!(!meta.contains("MARKER"), "{meta}");
    assert!(app.mock.calls("respond/show-close").is_empty());
    let r = app
        .interaction(&modal_submitted(
            &view,
            "V0VIEW0041",
            "MARKER-outcome family supported",
        ))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let modal: Value = r.json().await.unwrap();
    assert!(
        modal.to_string().contains(&format!("{case} is closed")),
        "{modal}"
    );
    app.mock.wait_for("respond/show-close", 1).await;
    let (shown, result) = on_screen(&app);
    assert!(buttons_in(&shown).is_empty(), "none once closed: {shown}");
    assert_eq!(field_in(&shown, "Status").as_deref(), Some("closed"));
    let history = history_in(&shown);
    assert!(
        history.contains("acknowledged it") && history.contains("closed it"),
        "{history}"
    );
    assert!(result.contains(&format!("{case} is closed")), "{result}");
    assert!(app.mock.calls("chat.update").is_empty());
}

/// A modal action's submission, the modal as views.open got it.
pub fn modal_submitted(view: &Value, id: &str, text: &str) -> Value {
    json!({
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": COUNSELOR, "team_id": TEAM},
        "view": {
            "id": id,
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": {"input": {"value": {"type": "plain_text_input", "value": text}}}},
        },
    })
}

#[tokio::test]
async fn a_note_refreshes_a_concern_show_answer_while_its_click_is_fresh_and_a_refusal_goes_beside_it()
 {
    let app = spawn_slack_app().await;
    let (case, ts) = shown_case(&app, "V42", "MARKER-noted details").await;
    let (before, _) = on_screen(&app);

    // Add note: its submission refreshes the answer, the note in its history. Were Slack
    // to send an ephemeral message's blocks after all, still no chat.update.
    let url = app.mock.click_url(&ts, "note");
    let mut click = ephemeral_click(COUNSELOR, "concern.note", &case, &ts, &url);
    click["message"] = json!({"ts": ts, "blocks": before});
    app.interaction(&click).await;
    let view = app.mock.wait_for("views.open", 1).await.remove(0).body["view"].clone();
    let r = app
        .interaction(&modal_submitted(&view, "V0VIEW0042", "MARKER-note first"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let sent = app.mock.wait_for("respond/note", 1).await.remove(0).body;
    assert_eq!(sent["replace_original"], true, "{sent}");
    let (shown, result) = on_screen(&app);
    let history = history_in(&shown);
    assert!(
        history.contains("added a note") && history.contains("MARKER-note first"),
        "{history}"
    );
    assert_eq!(
        buttons_in(&shown)[0].0,
        "concern.ack",
        "still to acknowledge"
    );
    assert!(
        result.contains(&format!("Note added to {case}")),
        "{result}"
    );
    let noted = app.mock.ephemerals();

    // Another note, submitted after that click's response_url has expired (30 minutes):
    // the note is added and the modal says so; the answer is left as it was (Slack would
    // refuse the late URL, so it is not tried).
    let url = app.mock.click_url(&ts, "late-note");
    app.interaction(&ephemeral_click(
        COUNSELOR,
        "concern.note",
        &case,
        &ts,
        &url,
    ))
    .await;
    let view = app.mock.wait_for("views.open", 2).await.remove(1).body["view"].clone();
    app.clock.advance(chrono::Duration::minutes(31));
    let r = app
        .interaction(&modal_submitted(&view, "V0VIEW0043", "MARKER-late note"))
        .await;
    let modal: Value = r.json().await.unwrap();
    assert!(
        modal.to_string().contains(&format!("Note added to {case}")),
        "{modal}"
    );

    // Closed meanwhile from another answer: Acknowledge on this stale one is refused.
    // The refusal goes to the counselor alone, beside the answer, which stays as it was.
    let r = app
        .command(
            COUNSELOR,
            "/concern",
            &format!("close {case} resolved"),
            "5.2.close",
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let url = app.mock.click_url(&ts, "stale-ack");
    app.interaction(&ephemeral_click(COUNSELOR, "concern.ack", &case, &ts, &url))
        .await;
    let refused = app
        .mock
        .wait_for("respond/stale-ack", 1)
        .await
        .remove(0)
        .body;
    assert_ne!(refused["replace_original"], true, "{refused}");
    assert_eq!(refused["response_type"], "ephemeral");
    let refusal = refused.to_string();
    assert!(
        refusal.contains(&format!("{case} is closed and cannot be changed")),
        "{refusal}"
    );
    assert!(!refusal.contains("MARKER"), "{refusal}");
    let screen = app.mock.ephemerals();
    assert_eq!(screen.len(), 2, "the answer and the refusal beside it");
    assert_eq!(screen[0], noted[0], "the answer as it was");
    assert!(app.mock.calls("respond/late-note").is_empty());
    assert!(app.mock.calls("chat.update").is_empty());
}
