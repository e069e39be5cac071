//! Discord over real HTTP with a test Ed25519 key pair: valid, wrong and missing
//! signatures; PING/PONG; every command ephemeral; the concern picker, modal and receipt;
//! buttons on the counselor's DM; deferred answers; DMs through a mock Discord API.
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeZone;
use ed25519_dalek::{Signer, SigningKey};
use reqwest::StatusCode;
use safeharbor::adapters::discord::{DiscordApi, DiscordState};
use safeharbor::clock::ManualClock;
use safeharbor::engine::{Engine, Reply};
use safeharbor::outbox::{Messenger, SendError};
use serde_json::{Value, json};

use crate::helpers::{Chat, Scratch, import_roster};
use crate::mock_discord::{Fault, MockDiscord};

pub const GUILD: &str = "290926798626357999";
pub const APP_ID: &str = "771825006014889000";
pub const TEACHER: &str = "53908232506183680";
pub const COUNSELOR: &str = "53908232506183681";
pub const BOT_TOKEN: &str = "test-bot-token";
/// The test key pair comes from fixed bytes, so runs are repeatable.
const SEED: [u8; 32] = [7; 32];

fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&SEED)
}

pub fn public_key_hex() -> String {
    hex::encode(signing_key().verifying_key().to_bytes())
}

pub fn sign(ts: &str, body: &[u8]) -> String {
    let mut msg = ts.as_bytes().to_vec();
    msg.extend_from_slice(body);
    hex::encode(signing_key().sign(&msg).to_bytes())
}

pub struct DiscordApp {
    pub base: String,
    pub client: reqwest::Client,
    pub engine: Engine,
    pub mock: MockDiscord,
    _dir: tempfile::TempDir,
}

const TOML: &str = r#"
[district]
name = "Test District"
[[schools]]
id = "lincoln-hs"
name = "Lincoln High School"
time_zone = "America/Phoenix"
service_area = ["Maricopa County"]
discord_guild_id = "290926798626357999"
"#;

/// A server with Discord on, talking to a fresh mock; `defer_after` zero defers every answer.
pub async fn spawn_discord_app(defer_after: Option<Duration>) -> DiscordApp {
    let mock = MockDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display());
    let api = mock.api_url();
    let key = public_key_hex();
    let env = move |k: &str| match k {
        "DATABASE_URL" => Some(db.clone()),
        "DISCORD_PUBLIC_KEY" => Some(key.clone()),
        "DISCORD_BOT_TOKEN" => Some(BOT_TOKEN.to_string()),
        "DISCORD_APPLICATION_ID" => Some(APP_ID.to_string()),
        "DISCORD_API_URL" => Some(api.clone()),
        _ => None,
    };
    let config = Arc::new(safeharbor::config::from_parts(Some(TOML), None, &env).unwrap());
    let clock = ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 23, 17, 0, 0)
            .unwrap(),
    );
    let data_key = safeharbor::crypto::DataKey::from_base64(
        &safeharbor::crypto::DataKey::generate_base64(),
        "test",
    )
    .unwrap();
    let engine = safeharbor::app::build_engine(config, Arc::new(clock), data_key)
        .await
        .unwrap();
    import_roster(
        &engine,
        Chat::Discord,
        [TEACHER, COUNSELOR, "53908232506183682"],
    )
    .await;
    // The HTTP routes alone (no dispatcher): deliveries are driven by the tests.
    let mut state = safeharbor::http::AppState::new(engine.clone());
    assert!(state.discord.is_some(), "discord is on with its secrets");
    if let Some(after) = defer_after {
        let discord = DiscordState::build(&engine.config)
            .unwrap()
            .with_defer_after(after);
        state = state.with_discord(discord);
    }
    let router = safeharbor::http::router_with(state);
    let base = crate::helpers::serve_on_loopback(router).await;
    DiscordApp {
        base,
        client: reqwest::Client::new(),
        engine,
        mock,
        _dir: dir,
    }
}

impl DiscordApp {
    fn url(&self) -> String {
        format!("{}/discord/interactions", self.base)
    }

    /// Another server on the same engine and database: a second replica (or this one
    /// after a restart), whose in-memory replay guard starts empty.
    pub async fn replica(&self) -> DiscordApp {
        let router = safeharbor::http::router(self.engine.clone());
        let base = crate::helpers::serve_on_loopback(router).await;
        DiscordApp {
            base,
            client: reqwest::Client::new(),
            engine: self.engine.clone(),
            mock: self.mock.clone(),
            _dir: tempfile::tempdir().unwrap(),
        }
    }

    pub async fn post_signed(&self, body: &str) -> reqwest::Response {
        let ts = self.engine.clock.now().timestamp().to_string();
        self.client
            .post(self.url())
            .header("content-type", "application/json")
            .header("x-signature-timestamp", &ts)
            .header("x-signature-ed25519", sign(&ts, body.as_bytes()))
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// Post a signed interaction and read the JSON answer (asserting 200).
    pub async fn interact(&self, v: &Value) -> Value {
        let r = self.post_signed(&v.to_string()).await;
        assert_eq!(r.status(), StatusCode::OK, "{v}");
        let text = r.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
    }
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_id() -> String {
    (1_300_000_000_000_000_000u64 + NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
        .to_string()
}

/// The fields every interaction has (the AUGMENTED fixture's shape), from a guild member.
pub fn interaction(kind: u64, user: &str, locale: &str, data: Value) -> Value {
    json!({
        "id": next_id(),
        "application_id": APP_ID,
        "type": kind,
        "token": format!("tok-{}", next_id()),
        "version": 1,
        "guild_id": GUILD,
        "channel_id": "645027906669510667",
        "member": {"user": {"id": user, "username": "someone", "discriminator": "0", "avatar": null, "global_name": null},
                   "roles": [], "joined_at": "2017-03-13T19:19:14.040000+00:00", "deaf": false, "mute": false, "flags": 0},
        "locale": locale,
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD},
        "context": 0,
        "attachment_size_limit": 10485760,
        "data": data,
    })
}

pub fn command(user: &str, name: &str, text: &str) -> Value {
    let options = if text.is_empty() {
        json!([])
    } else {
        json!([{"type": 3, "name": "words", "value": text}])
    };
    interaction(
        2,
        user,
        "en-US",
        json!({"id": "771825006014889984", "name": name, "type": 1, "options": options}),
    )
}

/// A DM interaction (no guild, `user` instead of `member`) on a message.
fn dm_component(user: &str, custom_id: &str, message: Value) -> Value {
    let mut v = interaction(
        3,
        user,
        "en-US",
        json!({"custom_id": custom_id, "component_type": 2}),
    );
    let o = v.as_object_mut().unwrap();
    o.remove("guild_id");
    o.remove("member");
    o.insert(
        "user".into(),
        json!({"id": user, "username": "someone", "discriminator": "0", "avatar": null}),
    );
    o.insert("context".into(), json!(1));
    o.insert("message".into(), message);
    v
}

pub fn ephemeral_message(components: &Value) -> Value {
    json!({"id": "1100000000000000009", "channel_id": "645027906669510667", "flags": 64,
           "content": "", "embeds": [], "components": components})
}

pub fn find<'a>(v: &'a Value, pred: &dyn Fn(&Value) -> bool) -> Option<&'a Value> {
    if pred(v) {
        return Some(v);
    }
    match v {
        Value::Array(a) => a.iter().find_map(|x| find(x, pred)),
        Value::Object(o) => o.values().find_map(|x| find(x, pred)),
        _ => None,
    }
}

pub fn custom_id_starting(v: &Value, prefix: &str) -> String {
    find(v, &|x| {
        x["custom_id"]
            .as_str()
            .is_some_and(|c| c.starts_with(prefix))
    })
    .and_then(|x| x["custom_id"].as_str())
    .unwrap_or_else(|| panic!("no custom id {prefix}… in {v}"))
    .to_string()
}

/// Everything visible in a response, for "no content here" checks.
pub fn assert_private(v: &Value) {
    match v["type"].as_u64() {
        Some(4) | Some(5) => assert_eq!(v["data"]["flags"], 64, "not ephemeral: {v}"),
        Some(1) | Some(6) | Some(7) | Some(8) | Some(9) => {}
        other => panic!("unexpected response type {other:?}: {v}"),
    }
}

#[tokio::test]
async fn signatures_are_checked_before_anything_and_ping_gets_pong() {
    let app = spawn_discord_app(None).await;
    let ping = include_str!("../fixtures/discord/ping.json");
    let r = app.post_signed(ping).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["type"], 1);

    let ts = "1700000000";
    let good = sign(ts, ping.as_bytes());
    let mut flipped = good.clone().into_bytes();
    flipped[0] = if flipped[0] == b'a' { b'b' } else { b'a' };
    let flipped = String::from_utf8(flipped).unwrap();
    let cases: Vec<(Option<&str>, Option<&str>, &str)> = vec![
        (Some(ts), Some(&flipped), "wrong signature"),
        (Some("1700000001"), Some(&good), "tampered timestamp"),
        (None, Some(&good), "no timestamp"),
        (Some(ts), None, "no signature"),
        (None, None, "no headers"),
        (Some(ts), Some("abcd"), "short signature"),
    ];
    for (t, sig, what) in cases {
        let mut req = app.client.post(app.url()).body(ping.to_string());
        if let Some(t) = t {
            req = req.header("x-signature-timestamp", t);
        }
        if let Some(s) = sig {
            req = req.header("x-signature-ed25519", s);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{what}");
    }
    // A concern signed with another key changes nothing.
    let other = SigningKey::from_bytes(&[9; 32]);
    let body = command(TEACHER, "concern", "S-1 MARKER details").to_string();
    let mut msg = ts.as_bytes().to_vec();
    msg.extend_from_slice(body.as_bytes());
    let r = app
        .client
        .post(app.url())
        .header("x-signature-timestamp", ts)
        .header(
            "x-signature-ed25519",
            hex::encode(other.sign(&msg).to_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        crate::helpers::lincoln_concerns(&app.engine)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn bad_input_gets_400_or_413_never_500() {
    let app = spawn_discord_app(None).await;
    for body in [
        "{not json".to_string(),
        json!({"type": 99, "id": "1"}).to_string(),
        json!({"type": 2, "data": {"name": "indicators"}}).to_string(),
        json!([1, 2, 3]).to_string(),
        "".to_string(),
    ] {
        let r = app.post_signed(&body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
    }
    let huge = "a".repeat(65 * 1024);
    assert_eq!(
        app.post_signed(&huge).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Discord's own docs example lacks fields serenity's model needs; it still gets an answer.
    let mut docs: Value = serde_json::from_str(include_str!(
        "../fixtures/discord/application_command.docs_example.json"
    ))
    .unwrap();
    docs["data"]["name"] = json!("indicators");
    docs["data"]["options"] = json!([{"type": 3, "name": "words", "value": "hotel"}]);
    let v = app.interact(&docs).await;
    assert_eq!(v["type"], 4);
    assert_eq!(v["data"]["flags"], 64);
    assert!(v.to_string().contains("hotels"), "{v}");
}

#[tokio::test]
async fn every_command_answers_ephemerally_in_the_users_locale() {
    let app = spawn_discord_app(None).await;
    for c in &app.engine.commands.list {
        let v = app.interact(&command(TEACHER, &c.name, "")).await;
        assert_eq!(v["type"], 4, "{}: {v}", c.name);
        assert_eq!(v["data"]["flags"], 64, "{}: {v}", c.name);
        assert_eq!(v["data"]["allowed_mentions"]["parse"], json!([]));
        let content = v["data"]["content"].as_str().unwrap_or_default();
        assert!(content.chars().count() <= 2000);
    }
    let v = app.interact(&command(TEACHER, "indicators", "hotel")).await;
    let text = v.to_string();
    assert!(text.contains("hotels, motels"), "{text}");
    assert!(text.contains("Don't question the student yourself."));
    let mut es = command(TEACHER, "indicators", "deuda");
    es["locale"] = json!("es-ES");
    let v = app.interact(&es).await;
    assert!(v.to_string().contains("No interrogue"), "{v}");
    // Autocomplete suggests nothing rather than failing.
    let auto = interaction(
        4,
        TEACHER,
        "en-US",
        json!({"name": "indicators", "options": []}),
    );
    assert_eq!(app.interact(&auto).await["type"], 8);
}

#[tokio::test]
async fn concern_picker_modal_and_receipt_then_the_counselors_dm_and_its_buttons() {
    let app = spawn_discord_app(None).await;
    let mut seen: Vec<Value> = vec![];

    // 1. /concern: an ephemeral picker of indicators with a Continue button.
    let picker = app.interact(&command(TEACHER, "concern", "")).await;
    assert_eq!(picker["type"], 4);
    assert_eq!(picker["data"]["flags"], 64);
    let rows = picker["data"]["components"].clone();
    let select = find(&rows, &|x| x["type"] == 3).unwrap().clone();
    assert_eq!(select["custom_id"], "sh:pick:0");
    let first = select["options"][0]["value"].as_str().unwrap().to_string();
    let cont = custom_id_starting(&rows, "sh:form:");
    assert_eq!(cont, "sh:form:");
    seen.push(picker.clone());

    // 2. A pick updates the picker; the picks ride in the Continue button.
    let mut pick = interaction(
        3,
        TEACHER,
        "en-US",
        json!({"custom_id": "sh:pick:0", "component_type": 3, "values": [first]}),
    );
    pick["message"] = ephemeral_message(&rows);
    let updated = app.interact(&pick).await;
    assert_eq!(updated["type"], 7);
    let rows = updated["data"]["components"].clone();
    let cont = custom_id_starting(&rows, "sh:form:");
    assert_ne!(cont, "sh:form:", "the pick is carried");
    assert_eq!(
        find(&rows, &|x| x["value"] == first.as_str()).unwrap()["default"],
        true
    );
    seen.push(updated.clone());

    // 3. Continue opens the modal: legacy action rows of text inputs.
    let mut go = interaction(
        3,
        TEACHER,
        "en-US",
        json!({"custom_id": cont, "component_type": 2}),
    );
    go["message"] = ephemeral_message(&rows);
    let modal = app.interact(&go).await;
    assert_eq!(modal["type"], 9);
    let modal_id = modal["data"]["custom_id"].as_str().unwrap().to_string();
    assert!(modal_id.starts_with("sh:concern:"), "{modal}");
    let inputs: Vec<&str> = modal["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["type"], 1);
            r["components"][0]["custom_id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(inputs, vec!["student_ref", "details", "immediate_danger"]);

    let submit = |student: &str, details: &str, danger: &str| {
        let mut v = interaction(
            5,
            TEACHER,
            "en-US",
            json!({"custom_id": modal_id, "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "student_ref", "value": student}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "details", "value": details}]},
                {"type": 1, "components": [{"type": 4, "custom_id": "immediate_danger", "value": danger}]}
            ]}),
        );
        v["message"] = ephemeral_message(&rows);
        v
    };

    // 4. Field errors come back privately, naming the field; nothing is filed.
    let errors = app
        .interact(&submit("", "MARKER-discord-9 saw bruises", "maybe"))
        .await;
    assert_eq!(errors["type"], 4);
    assert_eq!(errors["data"]["flags"], 64);
    let text = errors.to_string();
    assert!(text.contains("Student reference"), "{text}");
    assert!(text.contains("Immediate danger"), "{text}");
    assert!(!text.contains("MARKER"));
    seen.push(errors);

    // 5. A good submission files the concern; the receipt replaces the private picker.
    let good = submit("MARKER-ref-42", "MARKER-discord-9 saw bruises", "no");
    let receipt = app.interact(&good).await;
    assert_eq!(
        receipt["type"], 7,
        "updates the ephemeral picker: {receipt}"
    );
    assert_eq!(receipt["data"]["components"], json!([]));
    let text = receipt.to_string();
    assert!(
        text.contains("C-1001"),
        "the receipt has the case number: {text}"
    );
    assert!(
        !text.contains("MARKER"),
        "never the details or student: {text}"
    );
    seen.push(receipt);

    // 6. The same interaction again files nothing twice.
    let again = app.interact(&good).await;
    assert_eq!(again["data"]["flags"], 64);
    assert!(!again.to_string().contains("MARKER"));
    seen.push(again);
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(cases.len(), 1);

    // 7. The handoff reaches the counselor's DM through the mock, with buttons.
    let now = app.engine.clock.now().timestamp_millis();
    let rows_due = app.engine.store.pending_outbox(now, 10).await.unwrap();
    let people = app.engine.store.people().await.unwrap();
    let api = DiscordApi::from_config(&app.engine.config).unwrap();
    let mut dm = None;
    for row in rows_due {
        let to = people.iter().find(|p| p.id == row.recipient_id).unwrap();
        let reply = app.engine.open_payload(&row.payload_sealed).unwrap();
        api.send(to, &reply, &row.key, None).await.unwrap();
        if to.discord_user_id.as_deref() == Some(COUNSELOR) {
            dm = Some(reply);
        }
    }
    assert!(dm.is_some(), "the counselor got a handoff");
    let opened = app.mock.calls("create_dm");
    assert!(
        opened
            .iter()
            .any(|c| c.body == json!({"recipient_id": COUNSELOR}))
    );
    assert!(opened.iter().all(|c| c.auth == format!("Bot {BOT_TOKEN}")));
    let sent = app.mock.calls("create_message");
    let handoff = sent
        .iter()
        .find(|c| c.body.to_string().contains("MARKER-discord-9"))
        .expect("the details are in the counselor's DM");
    assert_eq!(
        handoff.path,
        "/api/v10/channels/900000000000000001/messages"
    );
    assert_eq!(handoff.body["enforce_nonce"], true);
    assert_eq!(handoff.body["nonce"].as_str().unwrap().len(), 25);
    assert!(
        !handoff.body["content"].as_str().unwrap().contains("MARKER"),
        "a phone's notification shows only the heading"
    );
    let ack = custom_id_starting(&handoff.body["components"], "concern.ack:");
    assert_eq!(ack, "concern.ack:C-1001");

    // 8. A teacher cannot act on the case: a private refusal, the message unchanged.
    let dm_message = json!({
        "id": "1100000000000000050", "channel_id": "900000000000000001", "flags": 0,
        "content": handoff.body["content"], "embeds": handoff.body["embeds"],
        "components": handoff.body["components"],
    });
    let refused = app
        .interact(&dm_component(TEACHER, &ack, dm_message.clone()))
        .await;
    assert_eq!(refused["type"], 4);
    assert_eq!(refused["data"]["flags"], 64);

    // 9. The counselor's Acknowledge updates the DM: the case as it is now, with the
    // buttons that still apply, and the result.
    let acked = app
        .interact(&dm_component(COUNSELOR, &ack, dm_message.clone()))
        .await;
    assert_eq!(acked["type"], 7, "{acked}");
    assert!(
        find(&acked["data"]["components"], &|x| x["custom_id"]
            == ack.as_str())
        .is_none(),
        "no Acknowledge once acknowledged"
    );
    custom_id_starting(&acked["data"]["components"], "concern.close:");
    let embeds = acked["data"]["embeds"].as_array().unwrap();
    assert_eq!(
        embeds.len(),
        handoff.body["embeds"].as_array().unwrap().len() + 1
    );
    assert!(
        acked.to_string().contains("You acknowledged C-1001"),
        "{acked}"
    );
    let case = app
        .engine
        .store
        .concern(cases[0].id)
        .await
        .unwrap()
        .unwrap();
    assert!(case.acknowledged_ms.is_some());

    // 10. Add note opens a small modal; its submission runs `concern note C-1 …`.
    let note_id = custom_id_starting(&handoff.body["components"], "concern.note:");
    let modal = app
        .interact(&dm_component(COUNSELOR, &note_id, dm_message.clone()))
        .await;
    assert_eq!(modal["type"], 9);
    assert_eq!(modal["data"]["custom_id"], "sh:act:concern.note:C-1001");
    let mut note = dm_component(COUNSELOR, "x", dm_message.clone());
    note["type"] = json!(5);
    note["data"] = json!({"custom_id": "sh:act:concern.note:C-1001", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "value", "value": "MARKER-note called the family"}]}
    ]});
    let noted = app.interact(&note).await;
    assert_eq!(noted["type"], 7);
    assert!(
        noted.to_string().contains("Note added to C-1001"),
        "{noted}"
    );
    assert!(
        !noted.to_string().contains("MARKER-note"),
        "the note is not echoed"
    );

    // Nothing the reporter saw carries content, and nothing is said in a channel.
    for v in &seen {
        assert_private(v);
        assert!(!v.to_string().contains("MARKER"), "{v}");
    }
    for c in app.mock.all_calls() {
        if c.kind != "create_message" {
            assert!(!c.body.to_string().contains("MARKER"), "{c:?}");
        }
    }
}

#[tokio::test]
async fn a_one_line_concern_files_with_the_interaction_id_once() {
    let app = spawn_discord_app(None).await;
    let mut v = command(TEACHER, "concern", "S-77 MARKER-one-line saw a hotel key");
    v["data"]["options"][0]["name"] = json!("details");
    let first = app.interact(&v).await;
    assert_private(&first);
    assert!(first.to_string().contains("C-1001"), "{first}");
    assert!(!first.to_string().contains("MARKER"));
    let again = app.interact(&v).await;
    assert_private(&again);
    assert!(!again.to_string().contains("MARKER"));
    let cases = crate::helpers::lincoln_concerns(&app.engine).await;
    assert_eq!(cases.len(), 1);
}

#[tokio::test]
async fn slow_answers_are_deferred_and_finished_on_the_interaction_token() {
    let app = spawn_discord_app(Some(Duration::ZERO)).await;
    let v = command(TEACHER, "indicators", "hotel");
    let token = v["token"].as_str().unwrap().to_string();
    let r = app.interact(&v).await;
    assert_eq!(r["type"], 5, "deferred: {r}");
    assert_eq!(r["data"]["flags"], 64);
    let edits = app.mock.wait_for("edit_original", 1).await;
    assert_eq!(
        edits[0].path,
        format!("/api/v10/webhooks/{APP_ID}/{token}/messages/@original")
    );
    assert!(
        edits[0].body["content"]
            .as_str()
            .unwrap()
            .contains("hotels")
    );
    assert!(edits[0].body.get("flags").is_none());
}

#[tokio::test]
async fn dms_go_through_the_mock_and_failures_are_classified_for_the_outbox() {
    let mock = MockDiscord::start().await;
    let api = DiscordApi::new(
        &mock.api_url(),
        &secrecy::SecretString::from(BOT_TOKEN),
        APP_ID.parse().unwrap(),
    )
    .with_timeout(Duration::from_millis(500));
    let msg = Reply::new().heading("Hello").text("private words");
    let ok = api.direct_message(COUNSELOR, &msg, "key-1").await.unwrap();
    assert_eq!(ok.channel.as_deref(), Some("900000000000000001"));
    assert!(ok.message_id.is_some());
    let first = mock.calls("create_message")[0].body.clone();

    // The same outbox key gives the same nonce, so Discord drops a repeated send.
    api.direct_message(COUNSELOR, &msg, "key-1").await.unwrap();
    assert_eq!(
        mock.calls("create_message")[1].body["nonce"],
        first["nonce"]
    );

    mock.fail_next("create_message", Fault::RateLimited(2.5));
    assert_eq!(
        api.direct_message(COUNSELOR, &msg, "key-2").await,
        Err(SendError::RetryAfter(Duration::from_millis(2500)))
    );
    // The counselor's DM channel is remembered now; a first DM to someone else creates one.
    mock.fail_next("create_dm", Fault::ServerError);
    assert!(matches!(
        api.direct_message(TEACHER, &msg, "key-2").await,
        Err(SendError::Transient(_))
    ));
    mock.fail_next("create_dm", Fault::CannotDm);
    let e = api
        .direct_message(TEACHER, &msg, "key-2")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, SendError::Permanent(m) if m.contains("50007")),
        "{e:?}"
    );
    mock.fail_next("create_message", Fault::Hang(Duration::from_secs(5)));
    assert!(matches!(
        api.direct_message(COUNSELOR, &msg, "key-2").await,
        Err(SendError::Transient(_))
    ));
    assert!(matches!(
        api.direct_message("not-a-snowflake", &msg, "key-3").await,
        Err(SendError::Permanent(_))
    ));
}

#[tokio::test]
async fn a_second_dm_skips_creating_the_channel_and_an_unknown_one_is_created_again() {
    let mock = MockDiscord::start().await;
    let api = DiscordApi::new(
        &mock.api_url(),
        &secrecy::SecretString::from(BOT_TOKEN),
        APP_ID.parse().unwrap(),
    );
    let msg = Reply::new().heading("Hello").text("private words");
    api.direct_message(COUNSELOR, &msg, "key-1").await.unwrap();
    assert_eq!(
        mock.all_calls().len(),
        2,
        "create the DM channel, then the message"
    );
    api.direct_message(COUNSELOR, &msg, "key-2").await.unwrap();
    let calls = mock.all_calls();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[2].kind, "create_message");
    assert_eq!(
        calls[2].path,
        "/api/v10/channels/900000000000000001/messages"
    );

    // The remembered channel is unknown: created again, and the message sent once.
    mock.fail_next("create_message", Fault::UnknownChannel);
    let sent = api.direct_message(COUNSELOR, &msg, "key-3").await.unwrap();
    assert!(sent.message_id.is_some());
    assert_eq!(mock.calls("create_dm").len(), 2);
    let posts = mock.calls("create_message");
    assert_eq!(posts.len(), 4);
    assert_eq!(posts[2].body["nonce"], posts[3].body["nonce"]);
    assert_eq!(
        posts.last().unwrap().body["nonce"].as_str(),
        Some(safeharbor::adapters::discord::client::nonce_for("key-3").as_str())
    );

    // Unknown again right after creating it: created once only, and a permanent failure.
    mock.fail_next("create_message", Fault::UnknownChannel);
    mock.fail_next("create_message", Fault::UnknownChannel);
    let e = api
        .direct_message(COUNSELOR, &msg, "key-4")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, SendError::Permanent(m) if m.contains("10003")),
        "{e:?}"
    );
    assert_eq!(mock.calls("create_dm").len(), 3);
}

#[test]
fn manifest_discord_prints_commands_with_spanish_and_register_puts_them() {
    let s = Scratch::new();
    let out = s.run(&["manifest", "discord"], "");
    assert!(out.status.success(), "{:?}", out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 6);
    let concern = list.iter().find(|c| c["name"] == "concern").unwrap();
    assert_eq!(concern["name_localizations"]["es-419"], "reportar");
    assert!(concern["description_localizations"]["es-ES"].is_string());

    let missing = s.run(&["discord", "register"], "");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("DISCORD_BOT_TOKEN"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(MockDiscord::start());
    let mut c = s.command(&["discord", "register", "--guild", "123456789"]);
    c.env("DISCORD_BOT_TOKEN", BOT_TOKEN)
        .env("DISCORD_APPLICATION_ID", APP_ID)
        .env("DISCORD_API_URL", mock.api_url());
    let out = s.run_with(c, "");
    assert!(out.status.success(), "{:?}", out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("registered 6"));
    let calls = mock.calls("commands");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].method, "PUT");
    assert_eq!(
        calls[0].path,
        format!("/api/v10/applications/{APP_ID}/guilds/123456789/commands")
    );
    assert_eq!(calls[0].body, v);
    drop(rt);
}

/// Every button in a message's components: (custom id, label).
fn buttons_in(components: &Value) -> Vec<(String, String)> {
    components
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["type"] == 2)
        .map(|c| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (s(&c["custom_id"]), s(&c["label"]))
        })
        .collect()
}

/// The text of a message's last embed (where a button's result is).
fn last_embed(data: &Value) -> String {
    data["embeds"]
        .as_array()
        .and_then(|e| e.last())
        .map(|e| e["description"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The text of a message's embeds, one after another.
fn embed_text(data: &Value) -> String {
    data["embeds"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["description"].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn after_a_button_the_dm_shows_the_case_as_it_is_now_with_the_buttons_that_still_apply() {
    let app = spawn_discord_app(None).await;
    let mut v = command(TEACHER, "concern", "S-78 MARKER-now saw a hotel key");
    v["data"]["options"][0]["name"] = json!("details");
    app.interact(&v).await;
    // The handoff reaches the counselor's DM through the mock.
    let now = app.engine.clock.now().timestamp_millis();
    let people = app.engine.store.people().await.unwrap();
    let api = DiscordApi::from_config(&app.engine.config).unwrap();
    for row in app.engine.store.pending_outbox(now, 10).await.unwrap() {
        let to = people.iter().find(|p| p.id == row.recipient_id).unwrap();
        let reply = app.engine.open_payload(&row.payload_sealed).unwrap();
        api.send(to, &reply, &row.key, None).await.unwrap();
    }
    let handoff = app
        .mock
        .calls("create_message")
        .into_iter()
        .find(|c| c.body.to_string().contains("MARKER-now"))
        .expect("the handoff")
        .body;
    let dm_message = |data: &Value| {
        json!({
            "id": "1100000000000000060", "channel_id": "900000000000000001", "flags": 0,
            "content": data["content"], "embeds": data["embeds"], "components": data["components"],
        })
    };
    // The counselor reads Spanish.
    let in_spanish = |mut v: Value| {
        v["locale"] = json!("es-ES");
        v
    };
    let click = |user: &str, custom_id: &str, data: &Value| {
        in_spanish(dm_component(user, custom_id, dm_message(data)))
    };
    let ack = custom_id_starting(&handoff["components"], "concern.ack:");

    // Acknowledge: the case as it is now, with the buttons that still apply.
    let acked = app.interact(&click(COUNSELOR, &ack, &handoff)).await;
    assert_eq!(acked["type"], 7, "{acked}");
    let data = &acked["data"];
    let buttons = buttons_in(&data["components"]);
    assert_eq!(
        buttons,
        [
            ("concern.note:C-1001", "Agregar nota"),
            ("concern.reassign:C-1001", "Reasignar"),
            ("concern.refer:C-1001", "Registrar derivación"),
            ("concern.close:C-1001", "Cerrar"),
        ]
        .map(|(i, l)| (i.to_string(), l.to_string())),
        "{data}"
    );
    let text = embed_text(data);
    assert!(text.contains("**Estado:** confirmado"), "{text}");
    assert!(text.contains("**Asignado a:** Cora Counselor"), "{text}");
    let result = last_embed(data);
    assert!(
        result.starts_with("Usted confirmó C-1001; ahora está asignado a usted."),
        "{result}"
    );
    let content = data["content"].as_str().unwrap();
    assert!(
        content.contains("C-1001") && !content.contains("MARKER"),
        "{content}"
    );
    assert!(content.chars().count() <= 2000);
    let embeds = data["embeds"].as_array().unwrap();
    assert!(embeds.len() <= 10);
    assert!(
        embeds
            .iter()
            .map(|e| e["description"].as_str().unwrap().chars().count())
            .sum::<usize>()
            <= 6000
    );

    // A note keeps the buttons; the note itself is not echoed.
    let mut note = click(COUNSELOR, "x", data);
    note["type"] = json!(5);
    note["data"] = json!({"custom_id": "sh:act:concern.note:C-1001", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "value", "value": "MARKER-note called the family"}]}
    ]});
    let noted = app.interact(&note).await;
    assert_eq!(noted["type"], 7, "{noted}");
    let data = &noted["data"];
    assert_eq!(buttons_in(&data["components"]).len(), 4, "{data}");
    assert_eq!(last_embed(data), "Nota agregada a C-1001.");
    assert!(!noted.to_string().contains("MARKER-note"));

    // Close: no buttons, and the case reads closed.
    let mut close = click(COUNSELOR, "x", data);
    close["type"] = json!(5);
    close["data"] = json!({"custom_id": "sh:act:concern.close:C-1001", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "value", "value": "MARKER-outcome family supported"}]}
    ]});
    let closed = app.interact(&close).await;
    assert_eq!(closed["type"], 7, "{closed}");
    let data = &closed["data"];
    assert_eq!(data["components"], json!([]), "no buttons once closed");
    let text = embed_text(data);
    assert!(text.contains("**Estado:** cerrado"), "{text}");
    assert_eq!(last_embed(data), "C-1001 está cerrado.");
    assert!(!closed.to_string().contains("MARKER-outcome"));

    // A stale button on a closed case: a private refusal, the message as it was.
    let refused = app.interact(&click(COUNSELOR, &ack, &handoff)).await;
    assert_eq!(refused["type"], 4);
    assert_eq!(refused["data"]["flags"], 64);
    assert!(!refused.to_string().contains("MARKER"), "{refused}");
}

/// A message as a reader sees it: its content, then its embeds.
fn message_text(data: &Value) -> String {
    format!(
        "{}\n{}",
        data["content"].as_str().unwrap_or_default(),
        embed_text(data)
    )
}

#[tokio::test]
async fn a_button_on_concern_show_keeps_the_history_with_the_action_just_taken() {
    let app = spawn_discord_app(None).await;
    let mut v = command(TEACHER, "concern", "S-79 MARKER-show saw a hotel key");
    v["data"]["options"][0]["name"] = json!("details");
    app.interact(&v).await;

    // The counselor looks the case up: a private answer with its history and buttons.
    let shown = app
        .interact(&command(COUNSELOR, "concern", "show C-1001"))
        .await;
    assert_eq!(shown["type"], 4, "{shown}");
    assert_eq!(shown["data"]["flags"], 64);
    let text = message_text(&shown["data"]);
    assert!(text.contains("**History, newest first**"), "{text}");
    assert!(text.contains("Tess Teacher filed it"), "{text}");
    // The message the buttons are on, as Discord sends it back: ephemeral.
    let on_show = |data: &Value| {
        json!({
            "id": "1100000000000000070", "channel_id": "645027906669510667", "flags": 64,
            "content": data["content"], "embeds": data["embeds"], "components": data["components"],
        })
    };
    let click = |custom_id: &str, data: &Value| {
        let mut v = interaction(
            3,
            COUNSELOR,
            "en-US",
            json!({"custom_id": custom_id, "component_type": 2}),
        );
        v["message"] = on_show(data);
        v
    };
    let within_limits = |data: &Value| {
        assert!(data["content"].as_str().unwrap().chars().count() <= 2000);
        let embeds = data["embeds"].as_array().unwrap();
        assert!(embeds.len() <= 10);
        let total: usize = embeds
            .iter()
            .map(|e| e["description"].as_str().unwrap().chars().count())
            .sum();
        assert!(total <= 6000, "{total}");
        assert!(data["components"].as_array().unwrap().len() <= 5);
    };

    // Acknowledge: still the case with its history, now with the acknowledgement in it.
    let ack = custom_id_starting(&shown["data"]["components"], "concern.ack:");
    let acked = app.interact(&click(&ack, &shown["data"])).await;
    assert_eq!(acked["type"], 7, "{acked}");
    let data = &acked["data"];
    within_limits(data);
    let text = message_text(data);
    assert!(text.contains("**Case C-1001**"), "{text}");
    assert!(text.contains("**Status:** acknowledged"), "{text}");
    assert!(
        text.contains("**History, newest first**"),
        "the history stays: {text}"
    );
    assert!(text.contains("Tess Teacher filed it"), "{text}");
    assert!(
        text.contains("Cora Counselor acknowledged it"),
        "the action just taken is in the history: {text}"
    );
    assert!(
        last_embed(data).starts_with("You acknowledged C-1001"),
        "{data}"
    );
    let buttons: Vec<String> = buttons_in(&data["components"])
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        buttons,
        [
            "concern.note:C-1001",
            "concern.reassign:C-1001",
            "concern.refer:C-1001",
            "concern.close:C-1001"
        ]
    );

    // A note through its modal, from the same message: the note is in the history.
    let mut note = click("x", data);
    note["type"] = json!(5);
    note["data"] = json!({"custom_id": "sh:act:concern.note:C-1001", "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "value", "value": "MARKER-note called the family"}]}
    ]});
    let noted = app.interact(&note).await;
    assert_eq!(noted["type"], 7, "{noted}");
    let data = &noted["data"];
    within_limits(data);
    let text = message_text(data);
    assert!(text.contains("Tess Teacher filed it"), "{text}");
    assert!(text.contains("Cora Counselor acknowledged it"), "{text}");
    assert!(
        text.contains("Cora Counselor added a note: MARKER-note called the family"),
        "{text}"
    );
    assert_eq!(last_embed(data), "Note added to C-1001.");
    assert_eq!(buttons_in(&data["components"]).len(), 4, "{data}");
}
