//! Discord: HTTP interactions (no gateway connection). The route checks the Ed25519
//! signature over the raw body before parsing anything, answers PING with PONG, and
//! renders what the core produces; no business logic here.
//!
//! Payloads are read leniently as JSON (serenity's `Interaction` model rejects real-looking
//! payloads that lack a field), and everything the bot answers is ephemeral (flags 64) or
//! updates a message that already was private (the picker, or a DM).
//!
//! The concern flow on Discord:
//! 1. `/concern` answers with an ephemeral message: string selects of the indicators (what
//!    a legacy modal cannot carry) and a "Continue" button. Each pick updates that message;
//!    the picks ride in the custom ids, so any replica can take the next step.
//! 2. "Continue" opens the modal (type 9, legacy action rows): student reference, details,
//!    and "immediate danger" as a short yes/no text input.
//! 3. The submission goes to the core (`validate_concern`, then `submit_concern` with the
//!    interaction id as request id, so a retry files nothing twice). Field errors come back
//!    in an ephemeral message naming the field; the receipt replaces the picker and never
//!    holds the details or the student reference.
//!
//! The check-in form (`/checkin schedule` with no words) goes the same way with any form's
//! picker (`render::form_picker`): its selects (how often, then the weekday, week of the
//! month or day of the month that cadence needs, and the reminders) on the ephemeral
//! message, picks carried in the custom ids; "Continue" opens a modal of its other fields;
//! the submission goes to `submit_checkin_form`, whose field errors come back in an
//! ephemeral message naming the field.
//!
//! Buttons on a handoff DM carry `<action>:<value>` (e.g. `concern.ack:C-1001`): ack runs at
//! once and updates the message (type 7, buttons removed); note, reassign, refer and close
//! open a small modal whose submission runs `concern <sub> <case> <text>`.
//!
//! The core answers within Discord's 3 seconds almost always; when it does not, the answer
//! is deferred (type 5, or 6 for buttons) and finished by an edit on the interaction token.
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use serde_json::Value;
use serenity::all::{
    CreateAutocompleteResponse, CreateEmbed, CreateInteractionResponse,
    CreateInteractionResponseMessage, Embed,
};
use tracing::{info, warn};

use super::ReplayGuard;
use crate::config::Config;
use crate::domain::Platform;
use crate::engine::checkin::form as checkin_form;
use crate::engine::concern::{ConcernForm, FORM_ID, field};
use crate::engine::{Block, Form, FormValues, Invocation, Reply};
use crate::http::AppState;
use crate::i18n::I18n;

pub mod client;
pub mod commands;
pub mod render;
pub mod verify;

pub use client::DiscordApi;
use render::{FormPicks, Picks, id};

/// Interaction tokens live 15 minutes; an id seen again within that is a replay.
const REPLAY_TTL_SECS: i64 = 15 * 60;
/// Discord wants an answer within 3 seconds; past this, defer and finish later.
const DEFER_AFTER: Duration = Duration::from_millis(2000);

/// Everything the Discord route needs.
pub struct DiscordState {
    pub verifier: verify::Verifier,
    /// The REST client; None without `DISCORD_BOT_TOKEN` and `DISCORD_APPLICATION_ID`
    /// (interactions still answer, but slow work cannot be deferred).
    pub api: Option<Arc<DiscordApi>>,
    replay: ReplayGuard,
    defer_after: Duration,
}

impl std::fmt::Debug for DiscordState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DiscordState(..)")
    }
}

impl DiscordState {
    pub fn new(verifier: verify::Verifier, api: Option<Arc<DiscordApi>>) -> Self {
        Self {
            verifier,
            api,
            replay: ReplayGuard::new(REPLAY_TTL_SECS, 100_000),
            defer_after: DEFER_AFTER,
        }
    }

    /// Discord's route is on when the public key is set (and valid).
    pub fn build(config: &Config) -> Option<Self> {
        let key = config.secrets.discord_public_key.as_deref()?;
        let verifier = match verify::Verifier::from_hex(key) {
            Ok(v) => v,
            Err(e) => {
                warn!(error = %e, "discord interactions are off");
                return None;
            }
        };
        let api = DiscordApi::from_config(config).map(Arc::new);
        Some(Self::new(verifier, api))
    }

    pub fn from_config(config: &Config) -> Option<Arc<Self>> {
        Self::build(config).map(Arc::new)
    }

    /// How long to wait for the core before deferring; zero always defers (for tests).
    pub fn with_defer_after(mut self, after: Duration) -> Self {
        self.defer_after = after;
        self
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/discord/interactions", post(interactions))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
}

fn bad_request() -> Response {
    (StatusCode::BAD_REQUEST, "malformed request\n").into_response()
}

fn respond(r: &CreateInteractionResponse) -> Response {
    match serde_json::to_value(r) {
        Ok(v) => Json(v).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The reader's locale for the adapter's own words (the core picks it the same way).
async fn locale_of(app: &AppState, inv: &Invocation) -> &'static str {
    match app.engine.context(inv).await {
        Ok(c) => c.locale,
        Err(_) => I18n::negotiate_or_default(inv.locale.as_deref()),
    }
}

async fn interactions(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(discord) = app.discord.clone() else {
        return super::platform_off(&app.engine.config, "discord");
    };
    if let Err(e) = discord.verifier.verify(&headers, &body) {
        metrics::counter!("safeharbor_rejected_requests_total", "platform" => "discord", "reason" => e.to_string()).increment(1);
        return unauthorized();
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return bad_request();
    };
    let kind = v["type"].as_u64().unwrap_or(0);
    if kind == 1 {
        return respond(&CreateInteractionResponse::Pong);
    }
    let interaction_id = s(&v, &["id"]).to_string();
    let user = non_empty(s(&v, &["member", "user", "id"]))
        .or_else(|| non_empty(s(&v, &["user", "id"])))
        .unwrap_or_default();
    if !(2..=5).contains(&kind) || interaction_id.is_empty() || user.is_empty() {
        return bad_request();
    }
    if kind == 4 {
        // Autocomplete: our options are free text; suggest nothing.
        return respond(&CreateInteractionResponse::Autocomplete(
            CreateAutocompleteResponse::new(),
        ));
    }
    let inv = Invocation {
        platform: Platform::Discord,
        user_id: user,
        team_id: non_empty(s(&v, &["guild_id"])),
        locale: non_empty(s(&v, &["locale"])),
        request_id: Some(interaction_id.clone()),
        command: String::new(),
        text: String::new(),
    };
    let now = app.engine.clock.now().timestamp();
    if !discord
        .replay
        .first_time(&format!("interaction:{interaction_id}"), now)
    {
        metrics::counter!("safeharbor_rejected_requests_total", "platform" => "discord", "reason" => "replay").increment(1);
        let loc = locale_of(&app, &inv).await;
        return respond(&render::ephemeral(
            &Reply::new().text(app.engine.t(loc, "discord-already-handled")),
        ));
    }
    let token = s(&v, &["token"]).to_string();
    let response = match kind {
        2 => command(&app, &discord, inv, &v, token).await,
        3 => component(&app, &discord, inv, &v, token).await,
        _ => modal_submit(&app, &discord, inv, &v, token).await,
    };
    app.wake_dispatcher();
    response
}

/// A command's options as the text the core parses: values in order, subcommand names
/// before their own options.
fn option_text(options: &Value) -> String {
    let mut words: Vec<String> = vec![];
    for o in options.as_array().into_iter().flatten() {
        match o["type"].as_u64() {
            Some(1) | Some(2) => {
                words.push(s(o, &["name"]).to_string());
                let rest = option_text(&o["options"]);
                if !rest.is_empty() {
                    words.push(rest);
                }
            }
            _ => match &o["value"] {
                Value::String(t) => words.push(t.trim().to_string()),
                Value::Null => {}
                other => words.push(other.to_string()),
            },
        }
    }
    words.retain(|w| !w.is_empty());
    words.join(" ")
}

async fn command(
    app: &AppState,
    discord: &DiscordState,
    mut inv: Invocation,
    v: &Value,
    token: String,
) -> Response {
    inv.command = s(v, &["data", "name"]).to_string();
    inv.text = option_text(&v["data"]["options"]);
    let worker = app.clone();
    let work = async move {
        let outcome = worker.engine.handle(inv.clone()).await;
        match &outcome.reply.form {
            Some(form) if form.id == FORM_ID => {
                let loc = locale_of(&worker, &inv).await;
                render::picker_message(
                    &outcome.reply,
                    &worker.engine.t(loc, "discord-picker-intro"),
                    form,
                    &worker.engine.t(loc, "discord-picker-continue"),
                )
            }
            Some(form) if form.id == checkin_form::FORM_ID => {
                let loc = locale_of(&worker, &inv).await;
                render::form_picker_message(
                    form,
                    &worker.engine.t(loc, "checkin-form-picker-intro"),
                    &worker.engine.t(loc, "discord-picker-continue"),
                )
            }
            _ => render::ephemeral(&outcome.reply),
        }
    };
    in_time(app, discord, token, work, render::deferred()).await
}

/// A form other than the concern's, by id, in a locale (the check-in form).
fn form_by_id(app: &AppState, form_id: &str, loc: &str) -> Option<Form> {
    (form_id == checkin_form::FORM_ID).then(|| app.engine.checkin_form(loc))
}

/// `<form id>:<picks>` from a form picker's or modal's custom id.
fn form_and_picks(app: &AppState, rest: &str, loc: &str) -> Option<(Form, FormPicks)> {
    let (form_id, picks) = rest.split_once(':')?;
    Some((form_by_id(app, form_id, loc)?, FormPicks::parse(picks)))
}

/// Answer with the work's response if it is ready in time; else defer (`defer`) and finish
/// with an edit of the original answer (or an ephemeral follow-up, for a refusal after a
/// deferred button).
async fn in_time<F>(
    app: &AppState,
    discord: &DiscordState,
    token: String,
    work: F,
    defer: CreateInteractionResponse,
) -> Response
where
    F: Future<Output = CreateInteractionResponse> + Send + 'static,
{
    let api = match &discord.api {
        Some(api) if !token.is_empty() => api.clone(),
        _ => return respond(&work.await),
    };
    let mut work = Box::pin(work);
    if !discord.defer_after.is_zero()
        && let Ok(r) = tokio::time::timeout(discord.defer_after, &mut work).await
    {
        return respond(&r);
    }
    let deferred_update = matches!(defer, CreateInteractionResponse::Acknowledge);
    let app = app.clone();
    tokio::spawn(async move {
        let r = work.await;
        app.wake_dispatcher();
        let Ok(mut v) = serde_json::to_value(&r) else {
            return;
        };
        let is_message = v["type"] == 4;
        let mut data = v["data"].take();
        let finished = if deferred_update && is_message {
            api.followup(&token, &data).await
        } else {
            if let Some(m) = data.as_object_mut() {
                m.remove("flags");
                m.remove("tts");
            }
            api.edit_original(&token, &data).await
        };
        if let Err(e) = finished {
            warn!(error = %e, "discord: finishing a deferred answer failed");
        }
    });
    info!("discord answer deferred");
    respond(&defer)
}

/// Actions that need a few words before they can run (a note, an email, an outcome).
fn needs_input(sub: &str) -> bool {
    matches!(sub, "note" | "reassign" | "refer" | "close")
}

fn failed(reply: &Reply) -> bool {
    reply
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Warning { .. }))
}

/// The embeds of the message a component was on, to keep them when it is updated
/// ([`render::kept`]).
fn kept_embeds(message: &Value) -> Vec<CreateEmbed> {
    render::kept(
        message["embeds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| serde_json::from_value::<Embed>(e.clone()).ok())
            .collect(),
    )
}

/// Whether the message a component was on is an ephemeral answer (flags 64). A case's
/// buttons there are on a `/concern show` answer, with the case's history; a handoff is
/// a DM the bot sent, never ephemeral.
fn on_ephemeral(message: &Value) -> bool {
    message["flags"].as_u64().is_some_and(|f| f & 64 != 0)
}

/// Find a component's custom id with this prefix, anywhere in a message's components.
fn find_custom_id<'a>(components: &'a Value, prefix: &str) -> Option<&'a str> {
    for c in components.as_array().into_iter().flatten() {
        if let Some(found) = c["custom_id"].as_str().and_then(|i| i.strip_prefix(prefix)) {
            return Some(found);
        }
        if let Some(found) = find_custom_id(&c["components"], prefix) {
            return Some(found);
        }
    }
    None
}

fn not_understood(app: &AppState, loc: &str) -> Response {
    respond(&render::ephemeral(
        &Reply::new().text(app.engine.t(loc, "discord-not-understood")),
    ))
}

fn danger_input(app: &AppState, loc: &str) -> render::DangerInput {
    render::DangerInput {
        label: app.engine.t(loc, "discord-danger-label"),
        placeholder: app.engine.t(loc, "discord-danger-placeholder"),
    }
}

async fn component(
    app: &AppState,
    discord: &DiscordState,
    mut inv: Invocation,
    v: &Value,
    token: String,
) -> Response {
    let custom = s(v, &["data", "custom_id"]).to_string();
    let loc = locale_of(app, &inv).await;
    if let Some(n) = custom.strip_prefix(id::PICK) {
        let Ok(n) = n.parse::<usize>() else {
            return bad_request();
        };
        let form = app.engine.concern_form(loc);
        let options = render::form_options(&form);
        let mut picks = find_custom_id(&v["message"]["components"], id::FORM)
            .map(Picks::parse)
            .unwrap_or_default();
        let chosen: Vec<String> = v["data"]["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect();
        picks.apply(&options, n, &chosen);
        let rows = render::picker(&form, &picks, &app.engine.t(loc, "discord-picker-continue"));
        return respond(&CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new().components(rows),
        ));
    }
    if let Some(rest) = custom.strip_prefix(id::FORM_SELECT) {
        let Some((i, n)) = rest
            .split_once(':')
            .and_then(|(i, n)| Some((i.parse::<usize>().ok()?, n.parse::<usize>().ok()?)))
        else {
            return bad_request();
        };
        let Some((form, mut picks)) =
            find_custom_id(&v["message"]["components"], id::FORM_CONTINUE)
                .and_then(|state| form_and_picks(app, state, loc))
        else {
            return not_understood(app, loc);
        };
        let chosen: Vec<String> = v["data"]["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect();
        picks.apply(&form, i, n, &chosen);
        let rows =
            render::form_picker(&form, &picks, &app.engine.t(loc, "discord-picker-continue"));
        return respond(&CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new().components(rows),
        ));
    }
    if let Some(rest) = custom.strip_prefix(id::FORM_CONTINUE) {
        let Some((form, picks)) = form_and_picks(app, rest, loc) else {
            return not_understood(app, loc);
        };
        return respond(&CreateInteractionResponse::Modal(render::form_modal(
            &form, &picks,
        )));
    }
    if let Some(mask) = custom.strip_prefix(id::FORM) {
        let form = app.engine.concern_form(loc);
        return respond(&CreateInteractionResponse::Modal(render::concern_modal(
            &form,
            &Picks::parse(mask),
            &danger_input(app, loc),
        )));
    }
    let Some((action, value)) = custom.split_once(':') else {
        return not_understood(app, loc);
    };
    let Some((command, sub)) = action.split_once('.') else {
        return not_understood(app, loc);
    };
    if needs_input(sub) {
        let title = app.engine.ta(
            loc,
            "discord-action-title",
            &[("case", value.to_string().into())],
        );
        let modal = render::action_modal(
            action,
            value,
            &title,
            &app.engine.t(loc, &format!("discord-action-{sub}")),
            &app.engine.t(loc, &format!("discord-action-{sub}-hint")),
            matches!(sub, "note" | "close"),
        );
        return respond(&CreateInteractionResponse::Modal(modal));
    }
    inv.command = command.to_string();
    inv.text = format!("{sub} {value}");
    let kept = kept_embeds(&v["message"]);
    let with_history = on_ephemeral(&v["message"]);
    let worker = app.clone();
    let work = async move {
        let outcome = worker.engine.handle(inv).await;
        if failed(&outcome.reply) {
            render::ephemeral(&outcome.reply)
        } else {
            render::update_with_result(kept, &outcome.reply, with_history)
        }
    };
    in_time(
        app,
        discord,
        token,
        work,
        CreateInteractionResponse::Acknowledge,
    )
    .await
}

/// A modal's text values by custom id, from the legacy action-row form or the Label form.
fn modal_values(components: &Value, out: &mut std::collections::HashMap<String, String>) {
    for c in components.as_array().into_iter().flatten() {
        if let (Some(cid), Some(val)) = (c["custom_id"].as_str(), c["value"].as_str()) {
            out.insert(cid.to_string(), val.to_string());
        }
        modal_values(&c["components"], out);
        if c["component"].is_object() {
            modal_values(&Value::Array(vec![c["component"].clone()]), out);
        }
    }
}

/// Yes or no, in any supported language; None when it is neither.
fn yes_no(app: &AppState, loc: &str, answer: &str) -> Option<bool> {
    let norm = |t: &str| crate::engine::text::fold(t.trim());
    let answer = norm(answer);
    let words = |id: &str| -> Vec<String> {
        [loc, "en-US", "es"]
            .iter()
            .flat_map(|l| app.engine.t(l, id).split(',').map(norm).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect()
    };
    if words("discord-danger-yes-words").contains(&answer) {
        Some(true)
    } else if words("discord-danger-no-words").contains(&answer) {
        Some(false)
    } else {
        None
    }
}

/// Where a submitted form's answer goes: a form opened from an ephemeral picker message
/// replaces that message; one opened from a slash command answers in a new ephemeral one.
#[derive(Clone, Copy)]
struct FormAnswer {
    from_picker: bool,
}

impl FormAnswer {
    /// For a submission whose interaction came with `message` (null for a command).
    fn to(message: &Value) -> Self {
        Self {
            // Discord's EPHEMERAL message flag (1 << 6).
            from_picker: message["flags"].as_u64().is_some_and(|f| f & 64 != 0),
        }
    }

    /// What to answer at once if the work takes longer than Discord waits.
    fn defer(self) -> CreateInteractionResponse {
        if self.from_picker {
            CreateInteractionResponse::Acknowledge
        } else {
            render::deferred()
        }
    }

    /// The answer, once the work is done.
    fn with(self, reply: &Reply) -> CreateInteractionResponse {
        if self.from_picker {
            render::replace(reply)
        } else {
            render::ephemeral(reply)
        }
    }
}

async fn modal_submit(
    app: &AppState,
    discord: &DiscordState,
    mut inv: Invocation,
    v: &Value,
    token: String,
) -> Response {
    let custom = s(v, &["data", "custom_id"]).to_string();
    let mut inputs = std::collections::HashMap::new();
    modal_values(&v["data"]["components"], &mut inputs);
    let input = |k: &str| inputs.get(k).cloned().unwrap_or_default();
    let loc = locale_of(app, &inv).await;
    if let Some(mask) = custom.strip_prefix(id::CONCERN) {
        let spec = app.engine.concern_form(loc);
        let danger = yes_no(app, loc, &input(field::IMMEDIATE_DANGER));
        let form = ConcernForm {
            student_ref: input(field::STUDENT_REF),
            indicators: Picks::parse(mask).values(&render::form_options(&spec)),
            details: input(field::DETAILS),
            immediate_danger: danger == Some(true),
        };
        let label = |f: &str| {
            if f == field::IMMEDIATE_DANGER {
                return app.engine.t(loc, "discord-danger-label");
            }
            spec.fields
                .iter()
                .find(|x| x.id == f)
                .map(|x| x.label.clone())
                .unwrap_or_else(|| f.to_string())
        };
        let mut errors: Vec<String> = app
            .engine
            .validate_concern(loc, &form)
            .into_iter()
            .map(|e| format!("{}: {}", label(e.field), e.message))
            .collect();
        if danger.is_none() {
            errors.push(format!(
                "{}: {}",
                label(field::IMMEDIATE_DANGER),
                app.engine.t(loc, "discord-danger-unclear")
            ));
        }
        if !errors.is_empty() {
            let reply = Reply::new()
                .warning(app.engine.t(loc, "discord-form-errors"))
                .bullets(errors);
            return respond(&render::ephemeral(&reply));
        }
        let answer = FormAnswer::to(&v["message"]);
        let worker = app.clone();
        let work = async move {
            let outcome = worker.engine.submit_concern(&inv, form).await;
            info!("discord concern form submitted");
            answer.with(&outcome.reply)
        };
        return in_time(app, discord, token, work, answer.defer()).await;
    }
    if let Some(rest) = custom.strip_prefix(id::FORM_MODAL) {
        let Some((form, picks)) = form_and_picks(app, rest, loc) else {
            return not_understood(app, loc);
        };
        // The picks of the fields asked, and what was typed in the modal.
        let picked = picks.values(&form);
        let mut values: FormValues = picked.clone();
        values.retain(|id, _| {
            form.fields
                .iter()
                .any(|f| &f.id == id && f.is_shown(&picked))
        });
        for f in render::form_modal_fields(&form, &picks) {
            let typed = input(&f.id);
            if !typed.trim().is_empty() {
                values.insert(f.id.clone(), vec![typed]);
            }
        }
        let answer = FormAnswer::to(&v["message"]);
        let worker = app.clone();
        let loc = loc.to_string();
        let work = async move {
            match worker.engine.submit_checkin_form(&inv, &values).await {
                Err(errors) => {
                    let label = |f: &str| {
                        form.fields
                            .iter()
                            .find(|x| x.id == f)
                            .map(|x| x.label.clone())
                            .unwrap_or_else(|| f.to_string())
                    };
                    let reply = Reply::new()
                        .warning(worker.engine.t(&loc, "checkin-form-errors"))
                        .bullets(
                            errors
                                .into_iter()
                                .map(|e| format!("{}: {}", label(e.field), e.message))
                                .collect(),
                        );
                    render::ephemeral(&reply)
                }
                Ok(outcome) => {
                    info!("discord check-in form submitted");
                    answer.with(&outcome.reply)
                }
            }
        };
        return in_time(app, discord, token, work, answer.defer()).await;
    }
    if let Some(rest) = custom.strip_prefix(id::ACT) {
        let Some((action, value)) = rest.split_once(':') else {
            return not_understood(app, loc);
        };
        let Some((command, sub)) = action.split_once('.') else {
            return not_understood(app, loc);
        };
        inv.command = command.to_string();
        inv.text = format!("{sub} {value} {}", input(id::ACT_INPUT).trim());
        let on_message = v["message"].is_object();
        let kept = kept_embeds(&v["message"]);
        let with_history = on_ephemeral(&v["message"]);
        let worker = app.clone();
        let work = async move {
            let outcome = worker.engine.handle(inv).await;
            if failed(&outcome.reply) || !on_message {
                render::ephemeral(&outcome.reply)
            } else {
                render::update_with_result(kept, &outcome.reply, with_history)
            }
        };
        let defer = if on_message {
            CreateInteractionResponse::Acknowledge
        } else {
            render::deferred()
        };
        return in_time(app, discord, token, work, defer).await;
    }
    not_understood(app, loc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn options_become_the_text_the_core_parses() {
        let opts = json!([
            {"type": 3, "name": "words", "value": " hotel  "},
            {"type": 1, "name": "done", "options": [{"type": 3, "name": "course", "value": "awareness"}]},
            {"type": 4, "name": "n", "value": 3},
            {"type": 3, "name": "empty", "value": ""}
        ]);
        assert_eq!(option_text(&opts), "hotel done awareness 3");
        assert_eq!(option_text(&Value::Null), "");
    }

    #[test]
    fn modal_values_are_read_from_both_modal_forms() {
        let legacy: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/discord/modal_submit.action_row_form.AUGMENTED.json"
        ))
        .unwrap();
        let label: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/discord/modal_submit.label_form.AUGMENTED.json"
        ))
        .unwrap();
        let mut a = std::collections::HashMap::new();
        modal_values(&legacy["data"]["components"], &mut a);
        assert_eq!(a["message"], "Fire drill moved to 10:40");
        let mut b = std::collections::HashMap::new();
        modal_values(&label["data"]["components"], &mut b);
        assert!(b["game_feedback"].starts_with("The recent changes"));
    }

    #[test]
    fn the_picker_state_is_found_in_the_message() {
        let comps = json!([
            {"type": 1, "components": [{"type": 3, "custom_id": "sh:pick:0"}]},
            {"type": 1, "components": [{"type": 2, "custom_id": "sh:form:0a01"}]}
        ]);
        assert_eq!(find_custom_id(&comps, id::FORM), Some("0a01"));
        assert_eq!(find_custom_id(&json!([]), id::FORM), None);
    }
}
