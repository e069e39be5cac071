//! A local mock of Slack's Web API on 127.0.0.1: records every call (method, JSON body,
//! authorization) and answers in Slack's wire format. Failures can be queued per method:
//! a 429 with Retry-After, a 5xx, `ok:false` with an error code, a hang, a dropped
//! connection, or (to space faults out) a normal answer.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    pub auth: String,
}

#[derive(Debug, Clone)]
pub enum Fault {
    RateLimited(u64),
    ServerError,
    ApiError(&'static str),
    /// Answer nothing for a minute.
    Hang,
    /// Drop the connection without an answer (nothing is done).
    Drop,
    /// Take this many milliseconds, then answer normally.
    Delay(u64),
    /// Act on the call (a message is posted), then drop the connection: the answer is
    /// lost, as when a server dies between Slack accepting and recording it.
    DropAfter,
    /// Answer normally (a gap between faults in a queued stretch).
    Pass,
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    /// The calls answered successfully (what Slack would have acted on).
    done: Vec<Call>,
    /// Messages posted: (channel, ts, text, metadata), oldest first.
    posted: Vec<(String, String, Value, Value)>,
    /// Requests being answered right now, and the most at once.
    in_flight: usize,
    max_in_flight: usize,
    faults: HashMap<String, VecDeque<Fault>>,
    locales: HashMap<String, String>,
    /// What stamps posted messages (Slack's clock); the system clock when None.
    clock: Option<Arc<dyn safeharbor::clock::Clock>>,
    /// The last stamp given, in microseconds: each message gets a later one.
    last_ts_us: i64,
    /// The ephemeral messages one user sees, oldest first: (ts, body). Slack keeps them
    /// nowhere an API can reach: chat.update does not find them.
    ephemerals: Vec<(String, Value)>,
    /// The response_urls handed out with clicks on an ephemeral message, by id.
    click_urls: HashMap<String, ClickUrl>,
}

/// A click's response_url: tied to the message clicked, good for 30 minutes and 5 uses.
struct ClickUrl {
    ts: String,
    issued_us: i64,
    uses: usize,
}

impl Inner {
    /// Slack's clock, in microseconds.
    fn now_us(&self) -> i64 {
        self.clock
            .as_ref()
            .map_or_else(
                || safeharbor::clock::Clock::now(&safeharbor::clock::SystemClock),
                |c| c.now(),
            )
            .timestamp_micros()
    }

    /// A new message's ts, `seconds.microseconds`, later than any before.
    fn next_ts(&mut self) -> String {
        let now = self.now_us();
        self.last_ts_us = now.max(self.last_ts_us + 1);
        format!(
            "{}.{:06}",
            self.last_ts_us / 1_000_000,
            self.last_ts_us % 1_000_000
        )
    }
}

/// A ts as microseconds (0 if it does not parse).
fn ts_us(ts: &str) -> i64 {
    let (s, us) = ts.split_once('.').unwrap_or((ts, "0"));
    s.parse::<i64>().unwrap_or(0) * 1_000_000 + us.parse::<i64>().unwrap_or(0)
}

#[derive(Clone)]
pub struct MockSlack {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl MockSlack {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route("/api/{method}", post(handle).get(handle_get))
            .route("/respond/{id}", post(respond))
            .with_state(inner.clone());
        let base = crate::helpers::serve_on_loopback(app).await;
        Self { base, inner }
    }

    /// Stamp messages with `clock` (an app's test clock), as Slack stamps them with the
    /// time.
    pub fn stamp_with(&self, clock: Arc<dyn safeharbor::clock::Clock>) {
        self.inner.lock().unwrap().clock = Some(clock);
    }

    /// The value for `SLACK_API_URL`.
    pub fn api_url(&self) -> String {
        format!("{}/api/", self.base)
    }

    /// A `response_url` that records what is posted to it.
    pub fn response_url(&self, id: &str) -> String {
        format!("{}/respond/{id}", self.base)
    }

    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// The calls of `method` that were answered successfully.
    pub fn done(&self, method: &str) -> Vec<Call> {
        self.inner
            .lock()
            .unwrap()
            .done
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// The most requests that were in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.inner.lock().unwrap().max_in_flight
    }

    pub fn all_calls(&self) -> Vec<Call> {
        self.inner.lock().unwrap().calls.clone()
    }

    pub fn fail_next(&self, method: &str, fault: Fault) {
        self.inner
            .lock()
            .unwrap()
            .faults
            .entry(method.to_string())
            .or_default()
            .push_back(fault);
    }

    pub fn clear_faults(&self) {
        self.inner.lock().unwrap().faults.clear();
    }

    pub fn set_locale(&self, user: &str, locale: &str) {
        self.inner
            .lock()
            .unwrap()
            .locales
            .insert(user.to_string(), locale.to_string());
    }

    /// Show an ephemeral message to the user (a slash command's answer, `body` as the
    /// command's 200 carried it), as Slack does; its ts, which a click on it carries in
    /// `container.message_ts`.
    pub fn show_ephemeral(&self, body: Value) -> String {
        let mut g = self.inner.lock().unwrap();
        let ts = g.next_ts();
        g.ephemerals.push((ts.clone(), body));
        ts
    }

    /// The response_url Slack sends with a click on the ephemeral message `ts` (a new
    /// one per click), recorded as `respond/{id}`. As Slack's: `replace_original: true`
    /// replaces that message, `delete_original` removes it, anything else shows a new
    /// ephemeral message beside it; it answers 404 `expired_url` after 30 minutes and
    /// `used_url` after 5 uses.
    pub fn click_url(&self, ts: &str, id: &str) -> String {
        let mut g = self.inner.lock().unwrap();
        let issued_us = g.now_us();
        g.click_urls.insert(
            id.to_string(),
            ClickUrl {
                ts: ts.to_string(),
                issued_us,
                uses: 0,
            },
        );
        self.response_url(id)
    }

    /// The ephemeral messages the user sees now, oldest first: what a response_url
    /// replaced stands where the original stood.
    pub fn ephemerals(&self) -> Vec<Value> {
        let g = self.inner.lock().unwrap();
        g.ephemerals.iter().map(|(_, b)| b.clone()).collect()
    }

    /// Wait until `method` has been called `n` times (bounded).
    pub async fn wait_for(&self, method: &str, n: usize) -> Vec<Call> {
        for _ in 0..200 {
            let c = self.calls(method);
            if c.len() >= n {
                return c;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "{method} was called {} times, expected {n}",
            self.calls(method).len()
        );
    }
}

fn body_json(headers: &HeaderMap, body: &[u8]) -> Value {
    let form = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if form {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        )
    } else {
        serde_json::from_slice(body).unwrap_or(Value::Null)
    }
}

async fn respond(
    Path(id): Path<String>,
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = body_json(&headers, &body);
    let mut g = inner.lock().unwrap();
    g.calls.push(Call {
        method: format!("respond/{id}"),
        body: body.clone(),
        auth: String::new(),
    });
    if let Some(why) = invalid_blocks(&body) {
        return (StatusCode::BAD_REQUEST, format!("invalid_blocks: {why}")).into_response();
    }
    let now = g.now_us();
    let Some(url) = g.click_urls.get_mut(&id) else {
        return (StatusCode::OK, "ok").into_response();
    };
    if now - url.issued_us > 30 * 60 * 1_000_000 {
        return (StatusCode::NOT_FOUND, "expired_url").into_response();
    }
    if url.uses >= 5 {
        return (StatusCode::NOT_FOUND, "used_url").into_response();
    }
    url.uses += 1;
    let ts = url.ts.clone();
    let yes = |v: &Value| *v == json!(true) || *v == json!("true");
    let at = g.ephemerals.iter().position(|(t, _)| *t == ts);
    match at {
        Some(i) if yes(&body["delete_original"]) => {
            g.ephemerals.remove(i);
        }
        Some(i) if yes(&body["replace_original"]) => g.ephemerals[i].1 = body,
        _ if body["response_type"] == "in_channel" => {}
        _ => {
            let ts = g.next_ts();
            g.ephemerals.push((ts, body));
        }
    }
    (StatusCode::OK, "ok").into_response()
}

/// Why Slack would refuse these blocks (over 50, or a section's text over 3,000
/// characters), if it would.
fn invalid_blocks(body: &Value) -> Option<String> {
    let blocks = body["blocks"].as_array()?;
    if blocks.len() > 50 {
        return Some(format!("{} blocks", blocks.len()));
    }
    blocks.iter().find_map(|b| {
        let n = b["text"]["text"].as_str()?.chars().count();
        (b["type"] == "section" && n > 3000).then(|| format!("a section of {n} characters"))
    })
}

/// GET methods (users.info) carry their arguments in the query string.
async fn handle_get(
    Path(method): Path<String>,
    State(inner): State<Arc<Mutex<Inner>>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let body = serde_json::to_vec(&query).unwrap();
    let mut headers = headers;
    headers.insert("content-type", "application/json".parse().unwrap());
    handle(Path(method), State(inner), headers, Bytes::from(body)).await
}

/// Counts a request in flight for as long as it lives (dropped with it on a hang).
struct InFlight(Arc<Mutex<Inner>>);

impl InFlight {
    fn enter(inner: &Arc<Mutex<Inner>>) -> Self {
        let mut g = inner.lock().unwrap();
        g.in_flight += 1;
        g.max_in_flight = g.max_in_flight.max(g.in_flight);
        InFlight(inner.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut g) = self.0.lock() {
            g.in_flight -= 1;
        }
    }
}

async fn handle(
    Path(method): Path<String>,
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = body_json(&headers, &body);
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let call = Call {
        method: method.clone(),
        body: body.clone(),
        auth,
    };
    let _flight = InFlight::enter(&inner);
    let (fault, locale) = {
        let mut g = inner.lock().unwrap();
        g.calls.push(call.clone());
        let fault = g.faults.get_mut(&method).and_then(|q| q.pop_front());
        let user = body["user"].as_str().unwrap_or_default().to_string();
        (fault, g.locales.get(&user).cloned())
    };
    match fault {
        Some(Fault::RateLimited(secs)) => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", secs.to_string())],
                json!({"ok": false, "error": "ratelimited"}).to_string(),
            )
                .into_response();
        }
        Some(Fault::ServerError) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response();
        }
        Some(Fault::ApiError(code)) => return ok_json(json!({"ok": false, "error": code})),
        Some(Fault::Hang) => tokio::time::sleep(Duration::from_secs(60)).await,
        // Unwinding out of the handler ends the connection task: the client sees the
        // connection close with no answer. (`resume_unwind` prints nothing.)
        Some(Fault::Drop) => std::panic::resume_unwind(Box::new("dropped on purpose")),
        Some(Fault::Delay(ms)) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Pass) | Some(Fault::DropAfter) | None => {}
    }
    let drop_after = matches!(fault, Some(Fault::DropAfter));
    // An ephemeral message is nowhere chat.update can find it.
    if method == "chat.update" {
        let ts = body["ts"].as_str().unwrap_or_default();
        if inner
            .lock()
            .unwrap()
            .ephemerals
            .iter()
            .any(|(t, _)| t == ts)
        {
            return ok_json(json!({"ok": false, "error": "message_not_found"}));
        }
    }
    inner.lock().unwrap().done.push(call);
    let answer = match method.as_str() {
        // One DM channel per user, so tests can tell whose DM a message went to even when
        // several are sent at once.
        "conversations.open" => {
            let user = body["users"][0]
                .as_str()
                .or(body["users"].as_str())
                .unwrap_or_default();
            json!({"ok": true, "channel": {"id": dm_channel(user)}})
        }
        "chat.postMessage" => {
            let mut g = inner.lock().unwrap();
            let ts = g.next_ts();
            g.posted.push((
                body["channel"].as_str().unwrap_or_default().to_string(),
                ts.clone(),
                body["text"].clone(),
                body["metadata"].clone(),
            ));
            json!({"ok": true, "channel": body["channel"], "ts": ts,
                   "message": {"type": "message", "text": body["text"], "ts": ts}})
        }
        // Newest first, as Slack answers; metadata only when asked for.
        "conversations.history" => {
            let channel = body["channel"].as_str().unwrap_or_default();
            let with_metadata =
                body["include_all_metadata"] == "true" || body["include_all_metadata"] == true;
            let limit = body["limit"]
                .as_str()
                .and_then(|l| l.parse().ok())
                .or(body["limit"].as_u64().map(|l| l as usize))
                .unwrap_or(100);
            // The cursor is where the page starts, counted from the newest.
            let skip: usize = body["cursor"]
                .as_str()
                .and_then(|c| c.strip_prefix("from:"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            // Only messages after `oldest`, when given.
            let oldest = body["oldest"].as_str().map_or(i64::MIN, ts_us);
            let g = inner.lock().unwrap();
            let shown =
                |(c, ts, ..): &&(String, String, Value, Value)| c == channel && ts_us(ts) > oldest;
            let in_channel = g.posted.iter().filter(shown).count();
            let messages: Vec<Value> = g
                .posted
                .iter()
                .rev()
                .filter(shown)
                .skip(skip)
                .take(limit)
                .map(|(_, ts, text, metadata)| {
                    let mut m =
                        json!({"type": "message", "ts": ts, "text": text, "user": "U0BOT00001"});
                    if with_metadata && !metadata.is_null() {
                        m["metadata"] = metadata.clone();
                    }
                    m
                })
                .collect();
            let next = skip + messages.len();
            if next < in_channel {
                json!({"ok": true, "messages": messages, "has_more": true,
                       "response_metadata": {"next_cursor": format!("from:{next}")}})
            } else {
                json!({"ok": true, "messages": messages, "has_more": false,
                       "response_metadata": {"next_cursor": ""}})
            }
        }
        "chat.update" => {
            json!({"ok": true, "channel": body["channel"], "ts": body["ts"], "text": body["text"]})
        }
        "views.open" => {
            let mut view = body["view"].clone();
            view["id"] = json!("V0VIEW0001");
            view["team_id"] = json!("T0SCHOOL01");
            view["state"] = json!({"values": {}});
            view["hash"] = json!("1.abc");
            json!({"ok": true, "view": view})
        }
        "users.info" => {
            let user = body["user"].as_str().unwrap_or_default();
            let mut u = json!({"id": user, "team_id": "T0SCHOOL01", "name": "someone"});
            if let Some(l) = locale {
                u["locale"] = json!(l);
            }
            json!({"ok": true, "user": u})
        }
        _ => json!({"ok": false, "error": "unknown_method"}),
    };
    if drop_after {
        std::panic::resume_unwind(Box::new("answer lost on purpose"));
    }
    ok_json(answer)
}

/// The DM channel the mock opens for a user.
pub fn dm_channel(user: &str) -> String {
    format!("D{}", user.trim_start_matches('U'))
}

fn ok_json(v: Value) -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json; charset=utf-8")],
        v.to_string(),
    )
        .into_response()
}
