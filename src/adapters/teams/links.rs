//! Signed links: a webhook card cannot post back, so each of its buttons is an
//! Action.OpenUrl to `{SAFEHARBOR_PUBLIC_URL}/teams/act/{token}`. The token names the
//! person it was made for, the action, the case, an expiry and a nonce, and is signed with a
//! key derived from the data key, so the link itself proves who acts.
//!
//! `GET` shows a confirmation page and never acts; its form `POST`s to the same address,
//! which acts once, as that person, through the engine. A malformed, altered, expired or
//! spent link gets a 4xx page that says nothing about the case.
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use fluent::FluentValue;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use tracing::{info, warn};

use crate::crypto::DataKey;
use crate::domain::{Person, Platform};
use crate::engine::concern::NOTE_MAX_CHARS;
use crate::engine::{Block, Engine, Invocation, Reply};
use crate::http::AppState;
use crate::http::page::{browser_locale, esc, page};
use crate::i18n::I18n;

/// How long a link works, unless told otherwise.
pub const DEFAULT_TTL_SECS: i64 = 7 * 24 * 60 * 60;
/// The label the links key is derived under; changing it voids every link out there.
const KEY_LABEL: &str = "safeharbor teams links";
/// Anything longer is not one of ours.
const MAX_TOKEN_CHARS: usize = 1024;

/// What a link says, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The roster id of the person the link was made for: the one who acts.
    #[serde(rename = "p")]
    pub person_id: i64,
    /// The button's action id, e.g. `concern.ack`.
    #[serde(rename = "a")]
    pub action: String,
    /// The button's value: the case number.
    #[serde(rename = "v")]
    pub value: String,
    /// Unix seconds after which the link is refused.
    #[serde(rename = "e")]
    pub expires: i64,
    /// Makes each link unique, and is spent when it acts.
    #[serde(rename = "n")]
    pub nonce: String,
}

/// Why a link is refused. None of these says anything about the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a link")]
    Malformed,
    #[error("signature does not match")]
    Altered,
    #[error("expired")]
    Expired,
    #[error("already used")]
    Spent,
}

impl LinkError {
    fn status(self) -> StatusCode {
        match self {
            LinkError::Malformed => StatusCode::BAD_REQUEST,
            LinkError::Altered => StatusCode::FORBIDDEN,
            LinkError::Expired | LinkError::Spent => StatusCode::GONE,
        }
    }
}

/// Makes and checks links.
pub struct LinkSigner {
    key: SecretBox<[u8; 32]>,
    base: String,
    ttl_secs: i64,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkSigner")
            .field("base", &self.base)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

impl LinkSigner {
    /// Links under `public_url`, signed with a key derived from the data key.
    pub fn new(data_key: &DataKey, public_url: &str) -> Self {
        Self {
            key: SecretBox::new(Box::new(data_key.derive(KEY_LABEL))),
            base: public_url.trim_end_matches('/').to_string(),
            ttl_secs: DEFAULT_TTL_SECS,
        }
    }

    pub fn with_ttl_secs(mut self, ttl_secs: i64) -> Self {
        self.ttl_secs = ttl_secs;
        self
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(self.key.expose_secret()).expect("HMAC takes any key")
    }

    /// The token for some claims: `base64url(JSON) "." base64url(HMAC-SHA256)`.
    pub fn token(&self, claims: &Claims) -> String {
        let payload = B64URL.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!("{payload}.{}", B64URL.encode(mac.finalize().into_bytes()))
    }

    /// A fresh link for `person_id` to do `action` on `value`, made at `now` (unix seconds).
    pub fn link(&self, person_id: i64, action: &str, value: &str, now: i64) -> String {
        let claims = Claims {
            person_id,
            action: action.to_string(),
            value: value.to_string(),
            expires: now + self.ttl_secs,
            nonce: uuid::Uuid::new_v4().simple().to_string(),
        };
        format!("{}/teams/act/{}", self.base, self.token(&claims))
    }

    /// Check a token's signature (in constant time, before reading it) and its age.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, LinkError> {
        if token.len() > MAX_TOKEN_CHARS {
            return Err(LinkError::Malformed);
        }
        let (payload, sig) = token.split_once('.').ok_or(LinkError::Malformed)?;
        let sig = B64URL.decode(sig).map_err(|_| LinkError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig).map_err(|_| LinkError::Altered)?;
        let claims: Claims = B64URL
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(LinkError::Malformed)?;
        if now >= claims.expires {
            return Err(LinkError::Expired);
        }
        Ok(claims)
    }
}

/// Actions that need a few words before they can run (a note, an email, an outcome).
fn needs_input(sub: &str) -> bool {
    matches!(sub, "note" | "reassign" | "refer" | "close")
}

/// `concern.ack` → ("concern", "ack"), for a command the engine knows.
fn split_action<'a>(engine: &Engine, action: &'a str) -> Option<(&'a str, &'a str)> {
    let (command, sub) = action.split_once('.')?;
    let plain = !sub.is_empty() && sub.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    (plain && engine.commands.by_id(command).is_some()).then_some((command, sub))
}

fn person_locale(person: &Person, fallback: &'static str) -> &'static str {
    person
        .locale
        .as_deref()
        .map(I18n::negotiate)
        .unwrap_or(fallback)
}

/// The one page every refused link gets, whatever the reason.
fn refused(engine: &Engine, locale: &str, status: StatusCode) -> Response {
    let title = engine.t(locale, "teams-link-refused-title");
    let body = format!(
        "<h1>{}</h1><p>{}</p>",
        esc(&title),
        esc(&engine.t(locale, "teams-link-refused"))
    );
    page(status, locale, &title, &body)
}

fn try_again(engine: &Engine, locale: &str) -> Response {
    let title = engine.t(locale, "teams-link-title");
    let body = format!(
        "<h1>{}</h1><p class=\"warn\">{}</p>",
        esc(&title),
        esc(&engine.t(locale, "teams-link-try-again"))
    );
    page(StatusCode::SERVICE_UNAVAILABLE, locale, &title, &body)
}

/// A reply as HTML (the result of an action).
fn reply_html(reply: &Reply) -> String {
    let mut out = String::new();
    for b in &reply.blocks {
        match b {
            Block::Heading { text } => out.push_str(&format!("<h2>{}</h2>", esc(text))),
            Block::Text { text } => out.push_str(&format!("<p>{}</p>", esc(text))),
            Block::Warning { text } => {
                out.push_str(&format!("<p class=\"warn\">⚠️ {}</p>", esc(text)))
            }
            Block::Bullets { items } => {
                out.push_str("<ul>");
                for i in items {
                    out.push_str(&format!("<li>{}</li>", esc(i)));
                }
                out.push_str("</ul>");
            }
            Block::Fields { fields } => {
                out.push_str("<dl>");
                for (k, v) in fields {
                    out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", esc(k), esc(v)));
                }
                out.push_str("</dl>");
            }
            Block::Actions { .. } => {}
            Block::Footer { text } => out.push_str(&format!("<p class=\"fine\">{}</p>", esc(text))),
        }
    }
    out
}

/// A link that checked out: its claims, the person, and the action's parts.
struct Valid {
    claims: Claims,
    person: Person,
    command: String,
    sub: String,
    locale: &'static str,
}

/// Why no confirmation page is shown, and in which language to say so.
enum Stop {
    Refused(LinkError, &'static str),
    /// The database could not answer; the link stays good for a later try.
    Unavailable(&'static str),
}

impl Stop {
    fn page(self, engine: &Engine) -> Response {
        match self {
            Stop::Refused(e, loc) => refused(engine, loc, e.status()),
            Stop::Unavailable(loc) => try_again(engine, loc),
        }
    }
}

/// Everything a link must pass before a page about it is shown.
async fn check(app: &AppState, token: &str, headers: &HeaderMap) -> Result<Valid, Stop> {
    let engine = &app.engine;
    let fallback = browser_locale(headers);
    let Some(teams) = app.teams.as_ref() else {
        return Err(Stop::Refused(LinkError::Malformed, fallback));
    };
    let now = engine.clock.now().timestamp();
    let claims = teams.links.verify(token, now).map_err(|e| {
        metrics::counter!("safeharbor_rejected_requests_total", "platform" => "teams", "reason" => format!("link {e}")).increment(1);
        Stop::Refused(e, fallback)
    })?;
    let Some((command, sub)) = split_action(engine, &claims.action) else {
        return Err(Stop::Refused(LinkError::Malformed, fallback));
    };
    let (command, sub) = (command.to_string(), sub.to_string());
    let people = engine
        .store
        .people()
        .await
        .map_err(|_| Stop::Unavailable(fallback))?;
    // Someone taken off the roster since: their links go with them.
    let Some(person) = people.into_iter().find(|p| p.id == claims.person_id) else {
        return Err(Stop::Refused(LinkError::Malformed, fallback));
    };
    let locale = person_locale(&person, fallback);
    match engine.store.link_spent(&claims.nonce).await {
        Ok(false) => {}
        Ok(true) => return Err(Stop::Refused(LinkError::Spent, locale)),
        Err(_) => return Err(Stop::Unavailable(locale)),
    }
    Ok(Valid {
        claims,
        person,
        command,
        sub,
        locale,
    })
}

/// The confirmation form: the case number, what will happen, a box for the words the
/// action needs, and one button. Nothing else about the case.
fn confirm_page(engine: &Engine, v: &Valid, notice: Option<&str>, text: &str) -> Response {
    let loc = v.locale;
    let case = v.claims.value.clone();
    let args = |extra: Vec<(&'static str, FluentValue<'static>)>| {
        let mut a: Vec<(&str, FluentValue<'static>)> = vec![("case", case.clone().into())];
        a.extend(extra);
        a
    };
    let title = engine.ta(loc, "teams-link-heading", &args(vec![]));
    let action = engine.t(loc, &format!("{}-button-{}", v.command, v.sub));
    let mut body = format!(
        "<h1>{}</h1><p>{}</p>",
        esc(&title),
        esc(&engine.ta(
            loc,
            "teams-link-question",
            &args(vec![("action", action.clone().into())])
        ))
    );
    if let Some(n) = notice {
        body.push_str(&format!("<p class=\"warn\">{}</p>", esc(n)));
    }
    body.push_str("<form method=\"post\">");
    if needs_input(&v.sub) {
        let label = engine.t(loc, &format!("teams-action-{}", v.sub));
        let hint = engine.t(loc, &format!("teams-action-{}-hint", v.sub));
        let field = if matches!(v.sub.as_str(), "reassign" | "refer") {
            format!(
                "<input type=\"text\" id=\"text\" name=\"text\" required maxlength=\"{NOTE_MAX_CHARS}\" value=\"{}\">",
                esc(text)
            )
        } else {
            format!(
                "<textarea id=\"text\" name=\"text\" rows=\"6\" required maxlength=\"{NOTE_MAX_CHARS}\">{}</textarea>",
                esc(text)
            )
        };
        body.push_str(&format!(
            "<label for=\"text\">{}</label>{field}<p class=\"fine\">{}</p>",
            esc(&label),
            esc(&hint)
        ));
    }
    let expires = chrono::DateTime::from_timestamp(v.claims.expires, 0)
        .map(|t| {
            let date = engine.i18n.date(loc, t.date_naive());
            format!("{date} {} UTC", t.format("%H:%M"))
        })
        .unwrap_or_default();
    body.push_str(&format!(
        "<button type=\"submit\">{}</button></form><p class=\"fine\">{}</p>",
        esc(&action),
        esc(&engine.ta(loc, "teams-link-fine-print", &[("expires", expires.into())]))
    ));
    page(StatusCode::OK, loc, &title, &body)
}

/// `GET /teams/act/{token}`: the confirmation page. Never acts.
pub(super) async fn show(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let token = token.map(|Path(t)| t).unwrap_or_default();
    match check(&app, &token, &headers).await {
        Ok(v) => confirm_page(&app.engine, &v, None, ""),
        Err(stop) => stop.page(&app.engine),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ActForm {
    #[serde(default)]
    text: String,
}

/// `POST /teams/act/{token}`: spend the link, then act once, as its person.
pub(super) async fn act(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = token.map(|Path(t)| t).unwrap_or_default();
    let engine = &app.engine;
    let v = match check(&app, &token, &headers).await {
        Ok(v) => v,
        Err(stop) => return stop.page(engine),
    };
    let form: ActForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let text = form.text.trim();
    if needs_input(&v.sub) && text.is_empty() {
        let notice = engine.t(v.locale, "teams-link-missing-text");
        let mut r = confirm_page(engine, &v, Some(&notice), "");
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return r;
    }
    let now = engine.clock.now();
    match engine
        .store
        .spend_link(
            &v.claims.nonce,
            v.person.id,
            v.claims.expires * 1000,
            now.timestamp_millis(),
        )
        .await
    {
        Ok(true) => {}
        Ok(false) => return refused(engine, v.locale, LinkError::Spent.status()),
        Err(e) => {
            warn!(error = %e, "teams link could not be spent: storage problem");
            return try_again(engine, v.locale);
        }
    }
    let Some(spec) = engine.commands.by_id(&v.command) else {
        return refused(engine, v.locale, StatusCode::BAD_REQUEST);
    };
    // The console's identity is the roster email: exact, where a platform id might be
    // shared by mistake. The link has already proved who this is.
    let inv = Invocation {
        platform: Platform::Console,
        user_id: v.person.email.clone(),
        team_id: None,
        locale: None,
        request_id: None,
        command: spec.name.clone(),
        text: format!("{} {} {text}", v.sub, v.claims.value)
            .trim()
            .to_string(),
    };
    let outcome = engine.handle(inv).await;
    app.wake_dispatcher();
    info!(
        person_id = v.person.id,
        action = %v.claims.action,
        "teams link acted"
    );
    let title = engine.ta(
        v.locale,
        "teams-link-heading",
        &[("case", v.claims.value.clone().into())],
    );
    let body = format!("<h1>{}</h1>{}", esc(&title), reply_html(&outcome.reply));
    page(StatusCode::OK, v.locale, &title, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> LinkSigner {
        let key = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        LinkSigner::new(&key, "https://sh.example/")
    }

    fn token_of(url: &str) -> &str {
        url.rsplit('/').next().unwrap()
    }

    #[test]
    fn links_round_trip_and_expire() {
        let s = signer();
        let url = s.link(7, "concern.ack", "C-1001", 1_000);
        assert!(url.starts_with("https://sh.example/teams/act/"), "{url}");
        let c = s.verify(token_of(&url), 1_001).unwrap();
        assert_eq!(
            (c.person_id, c.action.as_str(), c.value.as_str()),
            (7, "concern.ack", "C-1001")
        );
        assert_eq!(c.expires, 1_000 + DEFAULT_TTL_SECS);
        assert_eq!(
            s.verify(token_of(&url), 1_000 + DEFAULT_TTL_SECS),
            Err(LinkError::Expired)
        );
        let other = s.link(7, "concern.ack", "C-1001", 1_000);
        assert_ne!(url, other, "every link has its own nonce");
    }

    #[test]
    fn altered_foreign_and_malformed_tokens_are_refused() {
        let s = signer();
        let url = s.link(7, "concern.ack", "C-1001", 1_000);
        let token = token_of(&url);
        let (payload, sig) = token.split_once('.').unwrap();
        // Someone else's person id, with the original signature.
        let mut claims = s.verify(token, 1_001).unwrap();
        claims.person_id = 8;
        let forged_payload = B64URL.encode(serde_json::to_vec(&claims).unwrap());
        assert_eq!(
            s.verify(&format!("{forged_payload}.{sig}"), 1_001),
            Err(LinkError::Altered)
        );
        let mut flipped = sig.as_bytes().to_vec();
        flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(
            s.verify(&format!("{payload}.{flipped}"), 1_001),
            Err(LinkError::Altered)
        );
        assert_eq!(signer().verify(token, 1_001), Err(LinkError::Altered));
        for bad in ["", "abc", "a.b.c", "!!.!!", &"x".repeat(2000)] {
            assert!(s.verify(bad, 1_001).is_err(), "{bad}");
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        let r = Reply::new()
            .text("<b>")
            .warning("w")
            .bullets(vec!["<i>".into()]);
        let html = reply_html(&r);
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
    }
}
