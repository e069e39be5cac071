//! Slack: slash commands, interactivity (buttons, modals) and events. Every route checks
//! the signature over the raw body before parsing anything, answers inside Slack's
//! 3 seconds, and renders what the core produces; no business logic here.
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};
use tracing::{debug, info, warn};

use super::ReplayGuard;
use crate::config::Config;
use crate::domain::Platform;
use crate::engine::checkin::form as checkin_form;
use crate::engine::concern::{ConcernForm, FORM_ID, field};
use crate::engine::{Engine, Invocation, Outcome, Reply};
use crate::http::AppState;

pub mod client;
pub mod manifest;
pub mod render;
pub mod verify;

pub use client::SlackApi;

/// Answer by then; anything slower continues after the acknowledgement.
const ACK_DEADLINE: std::time::Duration = std::time::Duration::from_millis(2500);
/// How long a user's Slack locale is trusted before asking again.
const LOCALE_TTL_SECS: i64 = 3600;
/// How long a submitted modal's view id is remembered (a modal lives at most this long).
const VIEW_TTL_SECS: i64 = 24 * 3600;
/// How long a handoff message's blocks are kept to update it after a modal action.
const MESSAGE_TTL_SECS: i64 = 1800;

/// Everything the Slack routes need.
pub struct SlackState {
    pub verifier: verify::Verifier,
    /// The Web API client; None when `SLACK_BOT_TOKEN` is missing (commands still answer).
    pub api: Option<Arc<SlackApi>>,
    replay: ReplayGuard,
    /// Modal submissions that created something, by view id.
    views: ReplayGuard,
    locales: Mutex<HashMap<String, (Option<String>, i64)>>,
    /// (channel, ts) → the message's blocks, while a modal action on it is open.
    messages: Mutex<HeldMessages>,
}

/// (channel, ts) → a message's blocks and when to forget them.
type HeldMessages = HashMap<(String, String), (Vec<Value>, i64)>;

impl SlackState {
    /// Slack's routes are on when the signing secret is set.
    pub fn from_config(config: &Config) -> Option<Arc<Self>> {
        let secret = config.secrets.slack_signing_secret.clone()?;
        let api = config.secrets.slack_bot_token.as_ref().map(|t| {
            let url = config
                .secrets
                .slack_api_url
                .as_deref()
                .unwrap_or(client::DEFAULT_API_URL);
            Arc::new(SlackApi::new(url, t))
        });
        Some(Arc::new(Self {
            verifier: verify::Verifier::new(secret),
            api,
            replay: ReplayGuard::new(verify::MAX_AGE_SECS + 60, 100_000),
            views: ReplayGuard::new(VIEW_TTL_SECS, 100_000),
            locales: Mutex::new(HashMap::new()),
            messages: Mutex::new(HashMap::new()),
        }))
    }

    /// The user's Slack locale: cached, else asked of users.info (briefly), else none.
    async fn locale(&self, user_id: &str, now: i64) -> Option<String> {
        if let Some((l, exp)) = self
            .locales
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(user_id)
            && *exp > now
        {
            return l.clone();
        }
        let api = self.api.as_ref()?;
        let l = tokio::time::timeout(
            std::time::Duration::from_millis(800),
            api.user_locale(user_id),
        )
        .await
        .ok()
        .flatten();
        self.locales
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(user_id.to_string(), (l.clone(), now + LOCALE_TTL_SECS));
        l
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .route("/slack/events", post(events))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
}

fn bad_request() -> Response {
    (StatusCode::BAD_REQUEST, "malformed request\n").into_response()
}

/// What the signature check decided.
enum Checked {
    /// Verified and new: process it (with the time of the check).
    Go(Arc<SlackState>, i64),
    /// Verified, but this exact signed request was seen before: a replay. Only a
    /// read-only command is answered again; anything else is acknowledged, not processed.
    Replayed(Arc<SlackState>, i64),
    /// A retry: acknowledge, do nothing.
    Ack,
    /// Not from Slack: 401.
    Reject,
    /// Slack is not set up on this server: 401 and a warning (see `adapters::platform_off`).
    Off,
}

/// Verify, and drop retries and replays.
fn check(app: &AppState, route: &str, headers: &HeaderMap, body: &[u8]) -> Checked {
    let Some(slack) = app.slack.clone() else {
        return Checked::Off;
    };
    let now = app.engine.clock.now().timestamp();
    if let Err(e) = slack.verifier.verify(headers, body, now) {
        metrics::counter!("safeharbor_rejected_requests_total", "platform" => "slack", "reason" => e.to_string()).increment(1);
        return Checked::Reject;
    }
    if headers.contains_key("x-slack-retry-num") {
        debug!("slack retry acknowledged without processing");
        return Checked::Ack;
    }
    let sig = headers
        .get("x-slack-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !slack.replay.first_time(&format!("{route} {sig}"), now) {
        metrics::counter!("safeharbor_rejected_requests_total", "platform" => "slack", "reason" => "replay").increment(1);
        return Checked::Replayed(slack, now);
    }
    Checked::Go(slack, now)
}

/// The fields of a slash command this server uses.
#[derive(Debug, Default)]
struct SlashCommand {
    team_id: String,
    user_id: String,
    command: String,
    text: String,
    /// Still form-encoded (a slice of the body): decoded only when used, for a modal or
    /// a late reply, not for every answer.
    response_url: Bytes,
    trigger_id: String,
}

impl SlashCommand {
    /// Read a slash command's form body. Only the six fields used are decoded (Slack
    /// sends a dozen); `team_id`, `user_id` and `command` are required, and a field
    /// given twice makes the body malformed.
    fn parse(body: &Bytes) -> Option<Self> {
        let mut c = SlashCommand::default();
        let mut seen = [false; 6];
        for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
            let (key, value) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &b""[..]),
            };
            let key = form_decode(key);
            let (n, slot) = match key.as_ref() {
                "team_id" => (0, &mut c.team_id),
                "user_id" => (1, &mut c.user_id),
                "command" => (2, &mut c.command),
                "text" => (3, &mut c.text),
                "response_url" => {
                    if std::mem::replace(&mut seen[4], true) {
                        return None;
                    }
                    c.response_url = body.slice_ref(value);
                    continue;
                }
                "trigger_id" => (5, &mut c.trigger_id),
                _ => continue,
            };
            if std::mem::replace(&mut seen[n], true) {
                return None;
            }
            *slot = form_decode(value).into_owned();
        }
        (seen[0] && seen[1] && seen[2]).then_some(c)
    }
}

/// Decode one `application/x-www-form-urlencoded` key or value (`+` is a space, `%XX` a
/// byte; invalid UTF-8 is replaced), without copying one that needs no decoding.
fn form_decode(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    if !raw.iter().any(|b| *b == b'+' || *b == b'%') {
        return String::from_utf8_lossy(raw);
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// A JSON response, serialized into a buffer sized for a typical reply at once (the
/// growing buffer `Json` starts with was copied several times per answer).
fn json_response(body: &impl serde::Serialize) -> Response {
    let mut buf = Vec::with_capacity(4096);
    match serde_json::to_writer(&mut buf, body) {
        Ok(()) => (
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            buf,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn commands(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (slack, now, replayed) = match check(&app, "commands", &headers, &body) {
        Checked::Go(slack, now) => (slack, now, false),
        Checked::Replayed(slack, now) => (slack, now, true),
        Checked::Ack => return StatusCode::OK.into_response(),
        Checked::Reject => return unauthorized(),
        Checked::Off => return super::platform_off(&app.engine.config, "slack"),
    };
    if is_ssl_check(&body) {
        // Slack checking the certificate of the command URL: answer, do nothing.
        return StatusCode::OK.into_response();
    }
    let Some(cmd) = SlashCommand::parse(&body) else {
        return bad_request();
    };
    if replayed && !read_only(&app, cmd.command.trim_start_matches('/')) {
        return StatusCode::OK.into_response();
    }
    let locale = slack.locale(&cmd.user_id, now).await;
    let inv = Invocation {
        platform: Platform::Slack,
        user_id: cmd.user_id,
        team_id: Some(cmd.team_id),
        locale,
        request_id: (!cmd.trigger_id.is_empty()).then(|| cmd.trigger_id.clone()),
        command: cmd.command.trim_start_matches('/').to_string(),
        text: cmd.text,
    };
    // Slack wants an answer within 3 seconds. Work that takes longer (a slow database)
    // is acknowledged now and finished through the response_url. The work is tried once
    // right here first: a command that needs no waiting (a search, with the roster in
    // memory) is answered without a task of its own.
    // The invocation goes into the work and comes back with its outcome (no copy).
    let state = app.clone();
    let ack_locale = crate::i18n::I18n::negotiate_or_default(inv.locale.as_deref());
    let mut work = Box::pin(async move {
        let outcome = state.engine.handle_ref(&inv).await;
        (outcome, inv)
    });
    let first = std::future::poll_fn(|cx| Poll::Ready(work.as_mut().poll(cx))).await;
    let (outcome, inv) = match first {
        Poll::Ready(done) => done,
        Poll::Pending => {
            let mut work = tokio::spawn(work);
            match tokio::time::timeout(ACK_DEADLINE, &mut work).await {
                Ok(Ok(done)) => done,
                Ok(Err(_)) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                Err(_) => {
                    let api = slack.api.clone();
                    let response_url = form_decode(&cmd.response_url).into_owned();
                    let wake = app.outbox_wake.clone();
                    tokio::spawn(async move {
                        if let Ok((outcome, _)) = work.await {
                            wake.notify_one();
                            if let Some(api) = api
                                && !response_url.is_empty()
                                && let Err(e) = api.respond(&response_url, &outcome.reply).await
                            {
                                warn!(error = %e, "slack delayed reply failed");
                            }
                        }
                    });
                    let working = Reply::new().text(app.engine.t(ack_locale, "slack-working"));
                    return json_response(&render::Ephemeral(&working));
                }
            }
        }
    };
    // A read-only command queues nothing, so the dispatcher need not look.
    if !outcome.notifications.is_empty() || !read_only(&app, &inv.command) {
        app.wake_dispatcher();
    }
    if let (Some(form), Some(api)) = (&outcome.reply.form, &slack.api)
        && !cmd.trigger_id.is_empty()
    {
        let loc = app
            .engine
            .context(&inv)
            .await
            .map(|c| c.locale)
            .unwrap_or("en-US");
        let meta = json!({"response_url": form_decode(&cmd.response_url).into_owned()}).to_string();
        let view = render::modal(form, &app.engine.t(loc, "slack-modal-close"), &meta);
        let api = api.clone();
        let trigger = cmd.trigger_id.clone();
        // views.open must happen within the trigger's 3 seconds, beside the ack.
        tokio::spawn(async move {
            if let Err(e) = api.open_view(&trigger, view).await {
                warn!(error = %e, "slack views.open failed");
            }
        });
        return StatusCode::OK.into_response();
    }
    json_response(&render::Ephemeral(&outcome.reply))
}

/// A signed `ssl_check=1` body with no command: Slack checking the command URL's
/// certificate, which wants an empty 200 (PLATFORMS.md 1.1).
fn is_ssl_check(body: &[u8]) -> bool {
    let mut ssl_check = false;
    for pair in body.split(|b| *b == b'&') {
        match pair {
            b"ssl_check=1" => ssl_check = true,
            p if p.starts_with(b"command=") => return false,
            _ => {}
        }
    }
    ssl_check
}

/// Is this command declared `read_only` (it changes nothing, queues nothing)?
fn read_only(app: &AppState, command: &str) -> bool {
    app.engine
        .commands
        .by_name(command)
        .is_some_and(|c| c.read_only)
}

#[derive(Debug, Deserialize)]
struct InteractionForm {
    payload: String,
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default()
}

async fn interactions(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (slack, now) = match check(&app, "interactions", &headers, &body) {
        Checked::Go(slack, now) => (slack, now),
        Checked::Replayed(..) | Checked::Ack => return StatusCode::OK.into_response(),
        Checked::Reject => return unauthorized(),
        Checked::Off => return super::platform_off(&app.engine.config, "slack"),
    };
    let Ok(form) = serde_urlencoded::from_bytes::<InteractionForm>(&body) else {
        return bad_request();
    };
    // A concern form's submission, the interaction that comes in bulk, is read into
    // `Submission` alone; everything else into a JSON tree.
    let submission = serde_json::from_str::<Submission>(&form.payload)
        .ok()
        .filter(|p| p.kind == "view_submission" && p.view.callback_id == FORM_ID);
    let payload = match &submission {
        Some(_) => Value::Null,
        None => match serde_json::from_str::<Value>(&form.payload) {
            Ok(v) => v,
            Err(_) => return bad_request(),
        },
    };
    let (user, team) = match &submission {
        Some(p) => {
            let (user, team) = (p.user.as_ref(), p.team.as_ref());
            (
                user.map_or("", |u| &u.id),
                [team.map_or("", |t| &t.id), user.map_or("", |u| &u.team_id)],
            )
        }
        None => (
            s(&payload, &["user", "id"]),
            [
                s(&payload, &["team", "id"]),
                s(&payload, &["user", "team_id"]),
            ],
        ),
    };
    if user.is_empty() {
        return bad_request();
    }
    let team = team.into_iter().find(|t| !t.is_empty()).map(String::from);
    let user = user.to_string();
    let locale = slack.locale(&user, now).await;
    let base = Invocation {
        platform: Platform::Slack,
        user_id: user,
        team_id: team,
        locale,
        request_id: None,
        command: String::new(),
        text: String::new(),
    };
    let response = match submission {
        Some(p) => concern_submission(&app, base, &p.view).await,
        None => match s(&payload, &["type"]) {
            "block_actions" => block_action(&app, &slack, base, &payload, now).await,
            "view_submission" => view_submission(&app, &slack, base, &payload).await,
            _ => StatusCode::OK.into_response(),
        },
    };
    app.wake_dispatcher();
    response
}

/// What a concern form's view_submission carries that is read: who submitted it, the
/// view's id and the form's values. Parsed straight from the payload's text, strings
/// borrowed from it where they have no escapes; the rest (the view's blocks, its hash …)
/// is skipped without building anything.
#[derive(Deserialize)]
struct Submission<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    // Slack sends `"team": null` for an org-wide app's submissions.
    #[serde(borrow, default)]
    user: Option<Ids<'a>>,
    #[serde(borrow, default)]
    team: Option<Ids<'a>>,
    #[serde(borrow)]
    view: SubmittedView<'a>,
}

#[derive(Deserialize)]
struct Ids<'a> {
    #[serde(borrow, default)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    team_id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct SubmittedView<'a> {
    #[serde(borrow, default)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    callback_id: Cow<'a, str>,
    #[serde(borrow, default)]
    state: Option<ViewState<'a>>,
}

/// `state.values`: block id → action id → the input's value.
#[derive(Deserialize)]
struct ViewState<'a> {
    #[serde(borrow, default)]
    values: HashMap<Cow<'a, str>, HashMap<Cow<'a, str>, Input<'a>>>,
}

/// A text input's `value`, a multi-select's `selected_options`, a radio group's
/// `selected_option`.
#[derive(Deserialize)]
struct Input<'a> {
    #[serde(borrow, default)]
    value: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    selected_options: Option<Vec<Choice<'a>>>,
    #[serde(borrow, default)]
    selected_option: Option<Choice<'a>>,
}

#[derive(Deserialize)]
struct Choice<'a> {
    #[serde(borrow, default)]
    value: Cow<'a, str>,
}

impl SubmittedView<'_> {
    /// The input of a block (whose one element has the action id `value`).
    fn input(&self, block: &str) -> Option<&Input<'_>> {
        self.state.as_ref()?.values.get(block)?.get("value")
    }

    fn text(&self, block: &str) -> String {
        self.input(block)
            .and_then(|i| i.value.as_deref())
            .unwrap_or_default()
            .to_string()
    }

    fn concern_form(&self) -> ConcernForm {
        ConcernForm {
            student_ref: self.text(field::STUDENT_REF),
            indicators: self
                .input(field::INDICATORS)
                .and_then(|i| i.selected_options.as_ref())
                .map(|o| o.iter().map(|c| c.value.to_string()).collect())
                .unwrap_or_default(),
            details: self.text(field::DETAILS),
            immediate_danger: self
                .input(field::IMMEDIATE_DANGER)
                .and_then(|i| i.selected_option.as_ref())
                .is_some_and(|c| c.value == "yes"),
        }
    }
}

/// The concern form submitted: field errors stay in the modal beside their fields
/// (nothing is saved); the receipt replaces the modal.
async fn concern_submission(
    app: &AppState,
    mut inv: Invocation,
    view: &SubmittedView<'_>,
) -> Response {
    // The database unreachable: say "try again" now, inside Slack's 3 seconds, rather
    // than wait on it a second time.
    let loc = match app.engine.context(&inv).await {
        Ok(c) => c.locale,
        Err(e) => {
            app.engine.unavailable(&inv, &e);
            let loc = crate::i18n::I18n::negotiate_or_default(inv.locale.as_deref());
            return unconfirmed(&app.engine, loc);
        }
    };
    let form = view.concern_form();
    let errors = app.engine.validate_concern(loc, &form);
    if !errors.is_empty() {
        let map: serde_json::Map<String, Value> = errors
            .into_iter()
            .map(|e| (e.field.to_string(), Value::String(e.message)))
            .collect();
        return Json(json!({"response_action": "errors", "errors": map})).into_response();
    }
    // The view id makes a re-delivered submission file nothing twice.
    inv.request_id = Some(format!("view:{}", view.id));
    let outcome = app.engine.submit_concern(&inv, form).await;
    info!("slack concern form submitted");
    if outcome.unavailable {
        // Whether it was saved is unknown: keep the form open, so Submit sends the
        // same view again, whose id files it at most once.
        return unconfirmed(&app.engine, loc);
    }
    result_update(&app.engine, loc, &outcome.reply)
}

/// Actions that need a few words before they can run (a note, an email, an outcome).
fn needs_input(sub: &str) -> bool {
    matches!(sub, "note" | "reassign" | "refer" | "close")
}

async fn block_action(
    app: &AppState,
    slack: &SlackState,
    mut inv: Invocation,
    payload: &Value,
    now: i64,
) -> Response {
    let action = &payload["actions"][0];
    let action_id = s(action, &["action_id"]);
    let value = s(action, &["value"]).to_string();
    let Some((command, sub)) = action_id.split_once('.') else {
        return StatusCode::OK.into_response();
    };
    let channel = s(payload, &["container", "channel_id"]).to_string();
    let ts = s(payload, &["container", "message_ts"]).to_string();
    let response_url = s(payload, &["response_url"]).to_string();
    // A button on an ephemeral message (a `/concern show` answer): Slack sends
    // `container.is_ephemeral` and no `message`, and only the response_url can change it.
    let ephemeral = payload["container"]["is_ephemeral"].as_bool() == Some(true);
    let blocks = payload["message"]["blocks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let Some(api) = slack.api.clone() else {
        return StatusCode::OK.into_response();
    };
    if needs_input(sub) {
        let loc = app
            .engine
            .context(&inv)
            .await
            .map(|c| c.locale)
            .unwrap_or("en-US");
        // Where the submission's result goes: a posted message's blocks are held here
        // for chat.update; an ephemeral message's response_url (valid 30 minutes from
        // now) rides in the modal.
        let origin = if ephemeral {
            Origin::Ephemeral {
                response_url: response_url.clone(),
                at: now,
            }
        } else {
            if !channel.is_empty() && !ts.is_empty() {
                let mut m = slack.messages.lock().unwrap_or_else(|e| e.into_inner());
                m.retain(|_, (_, exp)| *exp > now);
                m.insert(
                    (channel.clone(), ts.clone()),
                    (blocks, now + MESSAGE_TTL_SECS),
                );
            }
            Origin::Posted {
                channel: channel.clone(),
                ts: ts.clone(),
            }
        };
        let view = action_modal(&app.engine, loc, command, sub, &value, &origin);
        let trigger = s(payload, &["trigger_id"]).to_string();
        tokio::spawn(async move {
            if let Err(e) = api.open_view(&trigger, view).await {
                warn!(error = %e, "slack views.open failed");
            }
        });
        return StatusCode::OK.into_response();
    }
    inv.command = command.to_string();
    inv.text = format!("{sub} {value}");
    let outcome = app.engine.handle(inv).await;
    let on = if ephemeral {
        OnMessage::Ephemeral {
            response_url: response_url.clone(),
        }
    } else {
        OnMessage::Posted {
            channel,
            ts,
            blocks,
        }
    };
    tokio::spawn(async move {
        show_result(&api, on, &outcome, &response_url).await;
    });
    StatusCode::OK.into_response()
}

/// The message a case button was on, as a modal opened from it remembers it (in its
/// `private_metadata`).
enum Origin {
    /// A message the bot posted (a handoff DM); its blocks are held in `SlackState::messages`.
    Posted { channel: String, ts: String },
    /// An ephemeral message (a `/concern show` answer), changed only through the click's
    /// `response_url`, handed out `at` (seconds, this server's clock).
    Ephemeral { response_url: String, at: i64 },
}

/// How long a button's `response_url` can be used (Slack: 30 minutes, 5 times).
const RESPONSE_URL_TTL_SECS: i64 = 1800;

/// The message a case button was on, as it can be changed after the action.
enum OnMessage {
    /// A message the bot posted (a handoff DM): chat.update, with its own blocks to keep
    /// when the engine has no fresh view of the case.
    Posted {
        channel: String,
        ts: String,
        blocks: Vec<Value>,
    },
    /// An ephemeral message (a `/concern show` answer): chat.update cannot touch it (Slack
    /// has no such message to update); it is replaced through this `response_url`.
    Ephemeral { response_url: String },
    /// Out of reach (its response_url too old): left as it is.
    Unreachable,
}

/// Update the message the button was on: the case as it is now with the buttons that
/// still apply, and the result below. A posted message (a handoff DM) shows it as the
/// handoff does (its content, buttons aside, when the engine has no such view); an
/// ephemeral `/concern show` answer as `/concern show` does, history and the action just
/// taken included, replaced through its response_url. Refusals and errors, and a result
/// with nothing to update, go to the user alone through `tell` (a click's response_url;
/// empty after a modal, whose own result shows them), the message left as it was.
async fn show_result(api: &SlackApi, on: OnMessage, outcome: &Outcome, tell: &str) {
    let failed = outcome
        .reply
        .blocks
        .iter()
        .any(|b| matches!(b, crate::engine::Block::Warning { .. }));
    let told = async {
        if !tell.is_empty()
            && let Err(e) = api.respond(tell, &outcome.reply).await
        {
            warn!(error = %e, "slack response_url post failed");
        }
    };
    if failed {
        return told.await;
    }
    match on {
        OnMessage::Ephemeral { response_url } => {
            let now = outcome
                .reply
                .acted_on_with_history
                .as_deref()
                .or(outcome.reply.acted_on.as_deref());
            match now {
                Some(now) if !response_url.is_empty() => {
                    let blocks = render::with_result(render::blocks(now), &outcome.reply);
                    if let Err(e) = api.replace_original(&response_url, now, &blocks).await {
                        warn!(error = %e, "slack response_url replace failed");
                    }
                }
                // No view of the case now (content that cannot be opened): the answer
                // stays as it was, the result beside it.
                _ => told.await,
            }
        }
        OnMessage::Posted {
            channel,
            ts,
            blocks,
        } if !channel.is_empty() && !ts.is_empty() && !blocks.is_empty() => {
            let (message, fallback) = match outcome.reply.acted_on.as_deref() {
                Some(now) => (render::blocks(now), now),
                None => (
                    blocks
                        .into_iter()
                        .filter(|b| b["type"] != "actions")
                        .collect(),
                    &outcome.reply,
                ),
            };
            let updated = render::with_result(message, &outcome.reply);
            if let Err(e) = api.update_blocks(&channel, &ts, fallback, updated).await {
                warn!(error = %e, "slack chat.update failed");
            }
        }
        OnMessage::Posted { .. } | OnMessage::Unreachable => told.await,
    }
}

fn action_modal(
    engine: &Engine,
    loc: &str,
    command: &str,
    sub: &str,
    case: &str,
    origin: &Origin,
) -> Value {
    let meta = match origin {
        Origin::Posted { channel, ts } => json!({"case": case, "channel": channel, "ts": ts}),
        Origin::Ephemeral { response_url, at } => {
            json!({"case": case, "response_url": response_url, "at": at})
        }
    }
    .to_string();
    json!({
        "type": "modal",
        "callback_id": format!("act:{command}.{sub}"),
        "title": {"type": "plain_text", "text": render::clip(&engine.ta(loc, "slack-action-title", &[("case", case.to_string().into())]), 24)},
        "submit": {"type": "plain_text", "text": render::clip(&engine.t(loc, "slack-action-submit"), 24)},
        "close": {"type": "plain_text", "text": render::clip(&engine.t(loc, "slack-modal-close"), 24)},
        "private_metadata": meta,
        "blocks": [{
            "type": "input",
            "block_id": "input",
            "label": {"type": "plain_text", "text": render::clip(&engine.t(loc, &format!("slack-action-{sub}")), 2000)},
            "hint": {"type": "plain_text", "text": render::clip(&engine.t(loc, &format!("slack-action-{sub}-hint")), 2000)},
            "element": {"type": "plain_text_input", "action_id": "value", "multiline": sub != "reassign" && sub != "refer", "max_length": 2000},
        }],
    })
}

/// The concern form, left open with a note that it could not be confirmed saved.
fn unconfirmed(engine: &crate::engine::Engine, loc: &str) -> Response {
    let mut errors = serde_json::Map::new();
    errors.insert(
        field::DETAILS.to_string(),
        Value::String(engine.t(loc, "concern-unconfirmed")),
    );
    Json(json!({"response_action": "errors", "errors": errors})).into_response()
}

fn state_value<'a>(view: &'a Value, block: &str) -> &'a Value {
    &view["state"]["values"][block]["value"]
}

async fn view_submission(
    app: &AppState,
    slack: &SlackState,
    mut inv: Invocation,
    payload: &Value,
) -> Response {
    let view = &payload["view"];
    let callback = s(view, &["callback_id"]);
    if callback == FORM_ID {
        // A concern form that `Submission` could not read.
        return bad_request();
    }
    // The database unreachable: say "try again" now, inside Slack's 3 seconds, rather
    // than wait on it a second time.
    let loc = match app.engine.context(&inv).await {
        Ok(c) => c.locale,
        Err(e) => {
            let outcome = app.engine.unavailable(&inv, &e);
            let loc = crate::i18n::I18n::negotiate_or_default(inv.locale.as_deref());
            return result_update(&app.engine, loc, &outcome.reply);
        }
    };
    if callback == checkin_form::FORM_ID {
        return checkin_submission(app, slack, inv, view, loc).await;
    }
    if let Some(action) = callback.strip_prefix("act:") {
        let Some((command, sub)) = action.split_once('.') else {
            return StatusCode::OK.into_response();
        };
        let meta: Value =
            serde_json::from_str(s(view, &["private_metadata"])).unwrap_or(Value::Null);
        let text = state_value(view, "input")["value"]
            .as_str()
            .unwrap_or_default();
        inv.command = command.to_string();
        inv.text = format!("{sub} {} {text}", s(&meta, &["case"]));
        let outcome = app.engine.handle(inv).await;
        let on = match meta["at"].as_i64() {
            // From an ephemeral answer: replaced through the click's response_url while
            // Slack still takes it (the modal's own result shows either way).
            Some(at) => {
                let now = app.engine.clock.now().timestamp();
                if now - at < RESPONSE_URL_TTL_SECS {
                    OnMessage::Ephemeral {
                        response_url: s(&meta, &["response_url"]).to_string(),
                    }
                } else {
                    OnMessage::Unreachable
                }
            }
            None => {
                let channel = s(&meta, &["channel"]).to_string();
                let ts = s(&meta, &["ts"]).to_string();
                let blocks = slack
                    .messages
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&(channel.clone(), ts.clone()))
                    .map(|(b, _)| b)
                    .unwrap_or_default();
                OnMessage::Posted {
                    channel,
                    ts,
                    blocks,
                }
            }
        };
        if let Some(api) = slack.api.clone() {
            let o = outcome.clone();
            tokio::spawn(async move { show_result(&api, on, &o, "").await });
        }
        return result_update(&app.engine, loc, &outcome.reply);
    }
    StatusCode::OK.into_response()
}

/// The check-in form submitted: field errors stay in the modal beside their fields
/// (nothing is saved); the plan's confirmation replaces the modal. The view id is claimed
/// first, so a re-delivered submission creates nothing twice; it is released when the
/// submission had errors, so the corrected one goes through.
async fn checkin_submission(
    app: &AppState,
    slack: &SlackState,
    mut inv: Invocation,
    view: &Value,
    loc: &str,
) -> Response {
    let view_id = s(view, &["id"]);
    let key = format!("view {view_id}");
    let now = app.engine.clock.now().timestamp();
    if view_id.is_empty() || !slack.views.first_time(&key, now) {
        let done = Reply::new().text(app.engine.ta(
            loc,
            "checkin-form-already-submitted",
            &[("command", app.engine.slash("checkin").into())],
        ));
        return result_update(&app.engine, loc, &done);
    }
    let form = app.engine.checkin_form(loc);
    let values = render::form_values(&form, view);
    inv.request_id = Some(format!("view:{view_id}"));
    match app.engine.submit_checkin_form(&inv, &values).await {
        Err(errors) => {
            slack.views.forget(&key);
            let mut map = serde_json::Map::new();
            for e in errors {
                let text = match map.get(e.field) {
                    Some(Value::String(before)) => format!("{before} {}", e.message),
                    _ => e.message,
                };
                map.insert(
                    e.field.to_string(),
                    Value::String(render::clip(&text, 2000)),
                );
            }
            Json(json!({"response_action": "errors", "errors": map})).into_response()
        }
        Ok(outcome) => {
            info!(
                notices = outcome.notifications.len(),
                "slack check-in form submitted"
            );
            result_update(&app.engine, loc, &outcome.reply)
        }
    }
}

/// The answer to a view_submission that replaces the modal with a reply (the receipt, or
/// an action's result), with only a close button.
fn result_update(engine: &Engine, loc: &str, reply: &Reply) -> Response {
    let (title, close) = (
        engine.t(loc, "slack-result-title"),
        engine.t(loc, "slack-modal-close"),
    );
    Json(render::ResultModal {
        title: &title,
        close: &close,
        reply,
    })
    .into_response()
}

async fn events(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (slack, now) = match check(&app, "events", &headers, &body) {
        Checked::Go(slack, now) => (slack, now),
        Checked::Replayed(..) | Checked::Ack => return StatusCode::OK.into_response(),
        Checked::Reject => return unauthorized(),
        Checked::Off => return super::platform_off(&app.engine.config, "slack"),
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad_request();
    };
    match s(&v, &["type"]) {
        "url_verification" => Json(json!({"challenge": s(&v, &["challenge"])})).into_response(),
        "event_callback" => {
            let id = s(&v, &["event_id"]);
            if !id.is_empty() && !slack.replay.first_time(&format!("event:{id}"), now) {
                debug!("slack event delivered twice; ignored");
            }
            StatusCode::OK.into_response()
        }
        _ => StatusCode::OK.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_urlencoded made of a body, for comparison.
    #[derive(Debug, Deserialize)]
    struct Reference {
        team_id: String,
        user_id: String,
        command: String,
        #[serde(default)]
        text: String,
        #[serde(default)]
        response_url: String,
        #[serde(default)]
        trigger_id: String,
    }

    type Fields = [String; 6];

    fn reference(body: &str) -> Option<Fields> {
        let r: Reference = serde_urlencoded::from_str(body).ok()?;
        Some([
            r.team_id,
            r.user_id,
            r.command,
            r.text,
            r.response_url,
            r.trigger_id,
        ])
    }

    fn parsed(body: &str) -> Option<Fields> {
        let c = SlashCommand::parse(&Bytes::copy_from_slice(body.as_bytes()))?;
        let url = form_decode(&c.response_url).into_owned();
        Some([c.team_id, c.user_id, c.command, c.text, url, c.trigger_id])
    }

    #[test]
    fn slash_command_bodies_read_as_serde_urlencoded_reads_them() {
        let signed =
            include_str!("../../../tests/fixtures/slack/slash_command.signed_docs_example.form");
        let bodies = [
            signed.trim_end(),
            "token=x&team_id=T1&team_domain=d&user_id=U1&command=%2Findicators&text=hotel&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=1.2.3",
            "team_id=T1&user_id=U1&command=/concern&text=a+b%20c+%C3%A9%E2%80%9C&extra=%ZZ",
            "team_id=T1&user_id=U1&command=/x&text=50%25+off%2",
            "team_id=T1&user_id=U1&command=/x&text=&trigger_id",
            "team_id=T1&user_id=U1&command=/x&text=a=b=c&&",
            "team_id=T1&user_id=U1&command=/x&text=%FF%FE",
            "team%5Fid=T1&user_id=U1&command=/x",
            // Missing a required field, and a field given twice: malformed both ways.
            "team_id=T1&command=/x",
            "team_id=T1&user_id=U1&command=/x&text=a&text=b",
            "team_id=T1&user_id=U1&command=/x&response_url=a&response_url=b",
            "",
        ];
        for body in bodies {
            assert_eq!(parsed(body), reference(body), "{body}");
        }
    }
}
