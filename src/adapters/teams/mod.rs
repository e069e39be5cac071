//! Microsoft Teams without a Bot Framework registration: an outgoing webhook brings
//! @mentions in (`POST /teams/messages`, HMAC checked over the raw body before anything
//! is parsed, answered synchronously inside Teams' 5 seconds with an Adaptive Card);
//! Workflows webhooks carry private messages out ([`client`]); card buttons are signed
//! links ([`links`]). No business logic here: the engine decides, this module carries.
//!
//! The channel reply is visible to the whole channel, so only answers that are safe there
//! are given there: indicators, partners, help and language, the concern form's usage,
//! and a concern's receipt (the case number only, with a reminder to report privately next
//! time). Every other answer (case lists and cases, case actions, training, check-ins) is
//! queued to the person's private channel through the outbox, and the channel is told
//! only that it was sent privately; without a private channel the command is refused
//! politely and not run.
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tracing::{info, warn};

use super::ReplayGuard;
use crate::domain::{OutboxKind, Person, Platform};
use crate::engine::help::is_help_word;
use crate::engine::{Block, Engine, Invocation, Payload, Reply};
use crate::http::AppState;
use crate::i18n::{DEFAULT_LOCALE, I18n};
use crate::spec::Commands;
use crate::store::NewOutbox;

pub mod client;
pub mod links;
pub mod render;
pub mod verify;

pub use client::TeamsMessenger;
pub use links::LinkSigner;

/// Teams waits 5 seconds for the answer; leave room for the network.
const REPLY_DEADLINE: Duration = Duration::from_secs(4);
/// Teams signs no timestamp. An activity is remembered this long, and one whose own
/// (signed) timestamp is older than this is treated as a replay.
const REPLAY_WINDOW_SECS: i64 = 24 * 60 * 60;
/// The outbox payload format the engine opens (see `engine::notify`); a test checks that
/// the engine still reads what is sealed here.
const PAYLOAD_VERSION: u32 = 1;

/// Everything the Teams routes need.
pub struct TeamsState {
    pub verifier: verify::Verifier,
    pub links: Arc<LinkSigner>,
    replay: ReplayGuard,
}

impl std::fmt::Debug for TeamsState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TeamsState(..)")
    }
}

impl TeamsState {
    /// Teams is on when `TEAMS_OUTGOING_WEBHOOK_SECRET` is set; links are signed with a key
    /// derived from the engine's data key.
    pub fn from_engine(engine: &Engine) -> Option<Arc<Self>> {
        let secret = engine
            .config
            .secrets
            .teams_outgoing_webhook_secret
            .as_ref()?;
        let Ok(verifier) = verify::Verifier::new(secret) else {
            warn!("TEAMS_OUTGOING_WEBHOOK_SECRET is not base64: Teams stays off");
            return None;
        };
        let public_url = &engine.config.public_url;
        if !public_url.starts_with("https://") {
            warn!(
                "SAFEHARBOR_PUBLIC_URL is not https: the buttons on Teams cards will not open outside this machine"
            );
        }
        Some(Arc::new(Self {
            verifier,
            links: Arc::new(LinkSigner::new(&engine.key, public_url)),
            replay: ReplayGuard::new(REPLAY_WINDOW_SECS, 100_000),
        }))
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams/messages", post(messages))
        .route("/teams/act/{token}", get(links::show).post(links::act))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
}

fn bad_request() -> Response {
    (StatusCode::BAD_REQUEST, "malformed request\n").into_response()
}

fn rejected(reason: &'static str) {
    metrics::counter!("safeharbor_rejected_requests_total", "platform" => "teams", "reason" => reason).increment(1);
}

/// The parts of a Bot Framework message activity we read. Everything is optional: the
/// docs' own example leaves out `id` and `aadObjectId`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Activity {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<String>,
    timestamp: Option<String>,
    text: Option<String>,
    locale: Option<String>,
    from: Option<Account>,
    recipient: Option<Account>,
    #[serde(default)]
    entities: Vec<Entity>,
    channel_data: Option<ChannelData>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    id: Option<String>,
    name: Option<String>,
    aad_object_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Entity {
    #[serde(rename = "type")]
    kind: Option<String>,
    mentioned: Option<Account>,
}

#[derive(Debug, Default, Deserialize)]
struct ChannelData {
    team: Option<Account>,
}

/// A card reply in the channel.
fn card_reply(reply: &Reply) -> Response {
    Json(render::activity(render::card(reply, &|_| None))).into_response()
}

/// `<at>Name</at>` spans in a message, as (byte range, name).
fn mentions(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = vec![];
    let mut from = 0;
    while let Some(start) = text[from..].find("<at>").map(|i| from + i) {
        let Some(end) = text[start..].find("</at>").map(|i| start + i) else {
            break;
        };
        out.push((start..end + 5, &text[start + 4..end]));
        from = end + 5;
    }
    out
}

/// Decode the few HTML entities Teams uses in message text.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity = rest.find(';').filter(|&j| j <= 10).map(|j| &rest[1..j]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            _ => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        });
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The command text: the message without the mention of this webhook, tags and entities
/// removed, whitespace collapsed. Other people's mentions stay as their plain names.
fn command_text(a: &Activity) -> String {
    let raw = a.text.as_deref().unwrap_or_default();
    let found = mentions(raw);
    let bot_id = a.recipient.as_ref().and_then(|r| r.id.as_deref());
    let bot_names: Vec<&str> = a
        .recipient
        .iter()
        .filter_map(|r| r.name.as_deref())
        .chain(
            a.entities
                .iter()
                .filter(|e| e.kind.as_deref() == Some("mention"))
                .filter_map(|e| e.mentioned.as_ref())
                .filter(|m| bot_id.is_some() && m.id.as_deref() == bot_id)
                .filter_map(|m| m.name.as_deref()),
        )
        .collect();
    let is_bot = |name: &str| {
        let n = decode_entities(name);
        let n = n.trim().trim_start_matches('@');
        bot_names.iter().any(|b| b.trim().eq_ignore_ascii_case(n))
    };
    let mut text = raw.to_string();
    if let Some((range, _)) = found
        .iter()
        .find(|(_, name)| is_bot(name))
        .or(found.first())
    {
        text.replace_range(range.clone(), " ");
    }
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    decode_entities(&plain)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What was asked for.
#[derive(Debug, PartialEq, Eq)]
struct Parsed<'a> {
    command: String,
    text: &'a str,
    /// The first word named no command: the help is shown instead. The word itself goes
    /// nowhere (it may be a student's name typed in the wrong place).
    unknown: bool,
}

/// The command name and its text; `help`, nothing at all, or an unknown word is
/// `safeharbor help`.
fn parse_command<'a>(commands: &Commands, text: &'a str) -> Parsed<'a> {
    let (word, rest) = match text.split_once(' ') {
        Some((w, r)) => (w, r.trim()),
        None => (text, ""),
    };
    let word = word.trim_start_matches('/').to_lowercase();
    let known = commands.by_name(&word).is_some();
    if known {
        return Parsed {
            command: word,
            text: rest,
            unknown: false,
        };
    }
    Parsed {
        command: commands
            .by_id("safeharbor")
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "safeharbor".into()),
        text: "help",
        unknown: !(word.is_empty() || is_help_word(&word) || word == "?"),
    }
}

/// An activity body read as the route reads it: (command, text, unknown word). For
/// [`crate::fuzzing`]; the route itself also needs the rest of the activity.
pub(crate) fn read_command(commands: &Commands, body: &[u8]) -> Option<(String, String, bool)> {
    let activity = serde_json::from_slice::<Activity>(body).ok()?;
    let text = command_text(&activity);
    let p = parse_command(commands, &text);
    Some((p.command, p.text.to_string(), p.unknown))
}

/// Where the answer to a command may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Safe for the whole channel.
    Channel,
    /// A concern being filed: its receipt goes to the channel, with a privacy reminder.
    Filing,
    /// For the person alone.
    Private,
}

/// Decided on what was asked, before it runs, from the declared commands.
fn audience(commands: &Commands, command: &str, text: &str) -> Audience {
    let Some(spec) = commands.by_name(command) else {
        return Audience::Private;
    };
    match spec.id.as_str() {
        "indicators" | "partners" | "safeharbor" => Audience::Channel,
        "concern" => {
            use crate::engine::concern::{concern_subcommand, is_case_lookup, is_concern_help};
            if is_concern_help(text) {
                Audience::Channel
            } else if concern_subcommand(text).is_some() || is_case_lookup(text) {
                Audience::Private
            } else {
                Audience::Filing
            }
        }
        _ => Audience::Private,
    }
}

/// Is the activity's own timestamp older than the replay window?
fn too_old(timestamp: Option<&str>, now: i64) -> bool {
    timestamp
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| now - t.timestamp() > REPLAY_WINDOW_SECS)
}

/// Seal a reply for the outbox, as the engine seals its own private messages.
fn seal(engine: &Engine, reply: Reply) -> Vec<u8> {
    let payload = Payload {
        v: PAYLOAD_VERSION,
        reply,
    };
    engine
        .key
        .seal(&serde_json::to_vec(&payload).expect("a reply serializes"))
}

/// Queue an answer to `person`'s private channel. True when it is (or already was) queued.
async fn queue_private(app: &AppState, person: &Person, reply: Reply, key: &str) -> bool {
    let Some(platform) = person.private_channel() else {
        return false;
    };
    let now_ms = app.engine.clock.now().timestamp_millis();
    let row = NewOutbox {
        key: key.to_string(),
        recipient_id: person.id,
        platform,
        kind: OutboxKind::Status,
        concern_id: None,
        payload_sealed: seal(&app.engine, reply),
        created_ms: now_ms,
        next_attempt_ms: now_ms,
    };
    match app.engine.store.queue_outbox(&[row]).await {
        Ok(_) => {
            app.wake_dispatcher();
            true
        }
        Err(e) => {
            warn!(error = %e, person_id = person.id, "teams private answer could not be queued");
            false
        }
    }
}

/// `POST /teams/messages`: the outgoing webhook.
async fn messages(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(teams) = app.teams.clone() else {
        return super::platform_off(&app.engine.config, "teams");
    };
    if let Err(e) = teams.verifier.verify(&headers, &body) {
        rejected(match e {
            verify::VerifyError::Missing => "missing signature",
            verify::VerifyError::BadSignature => "bad signature",
        });
        return unauthorized();
    }
    let Ok(activity) = serde_json::from_slice::<Activity>(&body) else {
        return bad_request();
    };
    if activity.kind.as_deref().is_some_and(|k| k != "message") {
        return StatusCode::OK.into_response();
    }
    let engine = &app.engine;
    let now = engine.clock.now().timestamp();
    let from = activity.from.as_ref();
    let user_id = from
        .and_then(|f| f.aad_object_id.as_deref())
        .or_else(|| from.and_then(|f| f.id.as_deref()))
        .filter(|u| !u.is_empty())
        .map(String::from);
    let Some(user_id) = user_id else {
        return bad_request();
    };
    let request_locale = activity.locale.clone().filter(|l| !l.trim().is_empty());
    let activity_id = activity.id.clone().filter(|i| !i.is_empty());
    // The body is signed, so the same body means the same delivery.
    let signature = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let new_body = teams.replay.first_time(&format!("sig {signature}"), now);
    let new_id = activity_id
        .as_ref()
        .is_none_or(|id| teams.replay.first_time(&format!("id {id}"), now));
    if !(new_body && new_id) || too_old(activity.timestamp.as_deref(), now) {
        rejected("replay");
        let loc = I18n::negotiate_or_default(request_locale.as_deref());
        return card_reply(&Reply::new().text(engine.t(loc, "teams-duplicate")));
    }

    let text = command_text(&activity);
    let parsed = parse_command(&engine.commands, &text);
    let inv = Invocation {
        platform: Platform::Teams,
        user_id,
        team_id: activity
            .channel_data
            .as_ref()
            .and_then(|c| c.team.as_ref())
            .and_then(|t| t.id.clone()),
        locale: request_locale,
        request_id: activity_id.clone(),
        command: parsed.command,
        text: parsed.text.to_string(),
    };
    let ctx = match engine.context(&inv).await {
        Ok(c) => c,
        Err(e) => {
            warn!(error = %e, "teams command failed: storage problem");
            let loc = I18n::negotiate_or_default(inv.locale.as_deref());
            return card_reply(&Reply::new().warning(engine.t(loc, "error-try-again")));
        }
    };
    let loc = ctx.locale;
    let audience = audience(&engine.commands, &inv.command, &inv.text);
    let private_to = ctx.person.filter(|p| p.private_channel().is_some());
    if audience == Audience::Private && private_to.is_none() {
        info!(command = %inv.command, "teams private answer refused: no private channel");
        return card_reply(&Reply::new().warning(engine.t(loc, "teams-private-unavailable")));
    }
    let answer_key = format!(
        "teams:answer:{}",
        activity_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
    );
    let shows_help = engine
        .commands
        .by_name(&inv.command)
        .is_some_and(|c| c.id == "safeharbor" && (inv.text.is_empty() || is_help_word(&inv.text)));

    // Run in a task of its own: if Teams' deadline comes first, the work still finishes
    // and its answer goes to the person privately.
    let mut job = tokio::spawn({
        let engine = engine.clone();
        async move { engine.handle(inv).await }
    });
    let outcome = match tokio::time::timeout(REPLY_DEADLINE, &mut job).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(_)) => {
            return card_reply(&Reply::new().warning(engine.t(loc, "error-try-again")));
        }
        Err(_) => {
            warn!("teams command outlived the reply deadline; answering privately later");
            let late = app.clone();
            let to = private_to.clone();
            let key = answer_key.clone();
            tokio::spawn(async move {
                if let Ok(outcome) = job.await {
                    late.wake_dispatcher();
                    if let Some(to) = to {
                        queue_private(&late, &to, outcome.reply, &key).await;
                    }
                }
            });
            let slow = if private_to.is_some() {
                "teams-slow-private"
            } else {
                "teams-slow"
            };
            return card_reply(&Reply::new().text(engine.t(loc, slow)));
        }
    };
    app.wake_dispatcher();

    let reply = match audience {
        Audience::Channel => {
            let mut r = outcome.reply;
            if shows_help {
                r.blocks.insert(
                    0,
                    Block::Text {
                        text: engine.t(loc, "teams-help-hint"),
                    },
                );
            }
            if parsed.unknown {
                r.blocks.insert(
                    0,
                    Block::Warning {
                        text: engine.t(loc, "teams-unknown-command"),
                    },
                );
            }
            r
        }
        Audience::Filing => outcome
            .reply
            .warning(engine.t(loc, "teams-concern-privacy")),
        Audience::Private => {
            let to = private_to.expect("checked above");
            // Where it went: the first of Slack, Discord, Teams the roster gives them.
            let place = to.private_channel().map_or("teams", |p| p.as_str());
            if queue_private(&app, &to, outcome.reply, &answer_key).await {
                Reply::new().text(engine.ta(
                    loc,
                    "teams-sent-privately",
                    &[("where", place.into())],
                ))
            } else {
                Reply::new().warning(engine.t(loc, "error-try-again"))
            }
        }
    };
    info!(
        private = audience == Audience::Private,
        "teams command answered"
    );
    card_reply(&reply)
}

/// `safeharbor manifest teams`: what to type into Teams' "Create an outgoing webhook"
/// dialog, and the text commands (from `commands/`) people use after the @mention.
pub fn manifest(commands: &Commands, i18n: &I18n, base_url: &str, name: &str) -> Value {
    let base = base_url.trim_end_matches('/');
    let lines: Vec<Value> = commands
        .help_lines(i18n, DEFAULT_LOCALE, |_| true)
        .into_iter()
        .map(|(usage, description)| {
            let usage = usage.trim_start().trim_start_matches('/');
            json!({"usage": format!("@{name} {usage}"), "description": description})
        })
        .collect();
    let help: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{} — {}",
                l["usage"].as_str().unwrap_or_default(),
                l["description"].as_str().unwrap_or_default()
            )
        })
        .collect();
    json!({
        "outgoing_webhook": {
            "name": name,
            "callback_url": format!("{base}/teams/messages"),
            "description": "The school's child-trafficking response protocol in chat. Not an emergency service.",
        },
        "commands": lines,
        "help": help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity(text: &str) -> Activity {
        serde_json::from_value(json!({
            "type": "message",
            "text": text,
            "recipient": {"id": "28:bot", "name": "SafeHarbor"},
            "entities": [{"type": "mention", "mentioned": {"id": "28:bot", "name": "SafeHarbor"}, "text": "<at>SafeHarbor</at>"}],
        }))
        .unwrap()
    }

    #[test]
    fn the_webhooks_mention_is_stripped_and_the_rest_kept_plain() {
        assert_eq!(
            command_text(&activity("<at>SafeHarbor</at>&nbsp;indicators  hotel\n")),
            "indicators hotel"
        );
        assert_eq!(
            command_text(&activity(
                "<p><at>Bob</at> <at>SafeHarbor</at> concern S-1 told <at>Bob</at> a &lt;secret&gt; &amp; more</p>"
            )),
            "Bob concern S-1 told Bob a <secret> & more"
        );
        assert_eq!(command_text(&activity("<at>Other</at> help")), "help");
        assert_eq!(command_text(&activity("")), "");
        assert_eq!(
            decode_entities("a &bogus; &#233; &#xE9; &"),
            "a &bogus; é é &"
        );
    }

    #[test]
    fn commands_and_help_are_parsed() {
        let commands = Commands::load().unwrap();
        let parsed = |t| {
            let p = parse_command(&commands, t);
            (p.command, p.text, p.unknown)
        };
        assert_eq!(
            parsed("Indicators hotel"),
            ("indicators".to_string(), "hotel", false)
        );
        assert_eq!(parsed("/partners"), ("partners".to_string(), "", false));
        assert_eq!(parsed("help"), ("safeharbor".to_string(), "help", false));
        assert_eq!(parsed("ayuda"), ("safeharbor".to_string(), "help", false));
        assert_eq!(parsed(""), ("safeharbor".to_string(), "help", false));
        assert_eq!(
            parsed("Jane-Doe was seen"),
            ("safeharbor".to_string(), "help", true)
        );
    }

    #[test]
    fn only_safe_answers_go_to_the_channel() {
        let c = Commands::load().unwrap();
        for (cmd, text, want) in [
            ("indicators", "hotel", Audience::Channel),
            ("partners", "shelter", Audience::Channel),
            ("safeharbor", "help", Audience::Channel),
            ("nonsense", "", Audience::Private),
            ("concern", "", Audience::Channel),
            ("concern", "help", Audience::Channel),
            ("concern", "S-1 saw something", Audience::Filing),
            ("concern", "list", Audience::Private),
            ("concern", "SHOW C-1001", Audience::Private),
            // A case number alone is a look at the case, answered privately.
            ("concern", "C-1001", Audience::Private),
            ("concern", " c1001 ", Audience::Private),
            ("concern", "1001", Audience::Filing),
            ("concern", "C-1001 seen at a motel", Audience::Filing),
            ("concern", "acknowledge C-1001", Audience::Private),
            ("concern", "audit C-1001", Audience::Private),
            // Spanish names where they cannot be a student's reference; elsewhere a filing.
            ("concern", "ver C-1001", Audience::Private),
            (
                "concern",
                "Nota C-1001 habló con la familia",
                Audience::Private,
            ),
            ("concern", "lista", Audience::Private),
            ("concern", "lista todos", Audience::Private),
            ("concern", "ver", Audience::Private),
            ("concern", "ayuda", Audience::Channel),
            ("concern", "nota llegó tarde otra vez", Audience::Filing),
            ("concern", "lista de cosas", Audience::Filing),
            ("training", "", Audience::Private),
            ("checkin", "list", Audience::Private),
        ] {
            assert_eq!(audience(&c, cmd, text), want, "{cmd} {text}");
        }
    }

    #[test]
    fn old_activities_are_replays() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T17:00:00Z")
            .unwrap()
            .timestamp();
        assert!(too_old(Some("2017-10-29T00:51:05.9908157Z"), now));
        assert!(!too_old(Some("2026-11-23T16:59:58.123Z"), now));
        assert!(!too_old(None, now));
        assert!(!too_old(Some("garbage"), now));
    }
}
