//! A local mock of Discord's REST API on 127.0.0.1 (under `/api/v10`, as serenity builds
//! its routes): records every call (method, path, JSON body, authorization) and answers in
//! Discord's wire format. Failures can be queued per kind of call: a 429 with `retry_after`
//! and `Retry-After`, a 5xx, error 50007 "Cannot send messages to this user", error
//! 10003 "Unknown Channel", or a hang.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub kind: &'static str,
    pub body: Value,
    pub auth: String,
}

#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `retry_after` (seconds, a float) in the body and `Retry-After` rounded up.
    RateLimited(f64),
    ServerError,
    CannotDm,
    /// 404 with error 10003 "Unknown Channel".
    UnknownChannel,
    /// Answer only after this long.
    Hang(Duration),
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    faults: HashMap<&'static str, VecDeque<Fault>>,
}

#[derive(Clone)]
pub struct MockDiscord {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

/// The kind of a call, by its path: what faults are queued for and tests filter on.
fn kind_of(method: &Method, path: &str) -> &'static str {
    let p = path.trim_start_matches("/api/v10");
    if p == "/users/@me/channels" {
        "create_dm"
    } else if p.starts_with("/channels/") && p.ends_with("/messages") {
        "create_message"
    } else if p.starts_with("/webhooks/") && p.ends_with("/messages/@original") {
        "edit_original"
    } else if p.starts_with("/webhooks/") && method == Method::POST {
        "followup"
    } else if p.starts_with("/applications/") && p.ends_with("/commands") {
        "commands"
    } else {
        "other"
    }
}

impl MockDiscord {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new().fallback(handle).with_state(inner.clone());
        let base = crate::helpers::serve_on_loopback(app).await;
        Self { base, inner }
    }

    /// The value for `DISCORD_API_URL` (with the version path).
    pub fn api_url(&self) -> String {
        format!("{}/api/v10", self.base)
    }

    pub fn calls(&self, kind: &str) -> Vec<Call> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.kind == kind)
            .cloned()
            .collect()
    }

    pub fn all_calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    pub fn fail_next(&self, kind: &'static str, fault: Fault) {
        self.inner
            .lock()
            .unwrap()
            .faults
            .entry(kind)
            .or_default()
            .push_back(fault);
    }

    /// Wait until calls of `kind` number `n` (bounded).
    pub async fn wait_for(&self, kind: &str, n: usize) -> Vec<Call> {
        for _ in 0..200 {
            let c = self.calls(kind);
            if c.len() >= n {
                return c;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "{kind} was called {} times, expected {n}",
            self.calls(kind).len()
        );
    }
}

/// A message as Discord returns it (the shape serenity's `Message` model needs).
fn message(id: u64, channel: &str, body: &Value) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel,
        "author": {"id": "771825006014889000", "username": "safeharbor", "discriminator": "0000", "avatar": null, "bot": true},
        "content": body["content"].as_str().unwrap_or_default(),
        "timestamp": "2026-11-23T17:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": body["flags"].as_u64().unwrap_or(0),
        "components": [],
        "nonce": body["nonce"].clone(),
    })
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let kind = kind_of(&method, &path);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (fault, n) = {
        let mut g = inner.lock().unwrap();
        g.calls.push(Call {
            method: method.to_string(),
            path: path.clone(),
            kind,
            body: body.clone(),
            auth,
        });
        let fault = g.faults.get_mut(kind).and_then(|q| q.pop_front());
        (fault, g.calls.len() as u64)
    };
    match fault {
        Some(Fault::RateLimited(secs)) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    ("retry-after", (secs.ceil() as u64).to_string()),
                    ("x-ratelimit-scope", "user".to_string()),
                    ("content-type", "application/json".to_string()),
                ],
                json!({"message": "You are being rate limited.", "retry_after": secs, "global": false}).to_string(),
            )
                .into_response();
        }
        Some(Fault::ServerError) => {
            return (StatusCode::BAD_GATEWAY, "upstream trouble").into_response();
        }
        Some(Fault::CannotDm) => {
            return json_response(
                StatusCode::FORBIDDEN,
                json!({"message": "Cannot send messages to this user", "code": 50007}),
            );
        }
        Some(Fault::UnknownChannel) => {
            return json_response(
                StatusCode::NOT_FOUND,
                json!({"message": "Unknown Channel", "code": 10003}),
            );
        }
        Some(Fault::Hang(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let answer = match kind {
        "create_dm" => json!({
            "id": "900000000000000001",
            "type": 1,
            "last_message_id": null,
            "recipients": [{"id": body["recipient_id"], "username": "someone", "discriminator": "0000", "avatar": null}],
        }),
        "create_message" => {
            let channel = path
                .trim_start_matches("/api/v10/channels/")
                .trim_end_matches("/messages")
                .to_string();
            message(1_100_000_000_000_000_000 + n, &channel, &body)
        }
        "edit_original" | "followup" => {
            message(1_100_000_000_000_000_000 + n, "645027906669510667", &body)
        }
        "commands" => {
            let list: Vec<Value> = body
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, c)| {
                    json!({
                        "id": (1_200_000_000_000_000_000u64 + i as u64).to_string(),
                        "type": 1,
                        "application_id": "771825006014889000",
                        "name": c["name"],
                        "description": c["description"],
                        "version": "1",
                        "default_member_permissions": null,
                    })
                })
                .collect();
            Value::Array(list)
        }
        _ => {
            return json_response(
                StatusCode::NOT_FOUND,
                json!({"message": "404: Not Found", "code": 0}),
            );
        }
    };
    json_response(StatusCode::OK, answer)
}

fn json_response(status: StatusCode, v: Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        v.to_string(),
    )
        .into_response()
}
