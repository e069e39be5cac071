//! Discord's REST API through serenity's HTTP client, pointed at `DISCORD_API_URL` (a
//! local mock in tests): private messages (create the DM channel, send with components and
//! a nonce so a retry never posts twice), edits of deferred interaction answers, and the
//! command registration. Every call has a deadline.
//!
//! DMs are the outbox's deliveries, so their failures must be classified exactly (429 with
//! its `retry_after`, 5xx, error 50007). serenity's `Http::request` turns a failed response
//! into an error without its headers or a `retry_after`, so those two calls are built with
//! serenity's `Request` and `Route` (same URLs, token and user agent) and sent on the same
//! reqwest client, keeping the whole response.
use std::time::Duration;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use serenity::all::{ApplicationId, ChannelId, CreateMessage, GuildId, Nonce};
use serenity::http::{Http, HttpBuilder, LightMethod, Request, Route};
use sha2::{Digest, Sha256};

use super::render;
use crate::domain::{Person, Platform};
use crate::engine::Reply;
use crate::outbox::{Delivered, Messenger, SendError};

/// Discord's own API, when `DISCORD_API_URL` is not set. It includes the version path.
pub const DEFAULT_API_URL: &str = "https://discord.com/api/v10";
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// When a 429 names no wait, wait this long.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);
/// Discord's JSON error code for "Cannot send messages to this user".
pub const CANNOT_DM: i64 = 50007;
/// Longest `nonce` Discord accepts.
const MAX_NONCE: usize = 25;

pub struct DiscordApi {
    http: Http,
    client: reqwest::Client,
    /// What replaces `https://discord.com` in serenity's routes; None for Discord itself.
    proxy: Option<String>,
    timeout: Duration,
    /// Each user's DM channel, by Discord user id, so a second message skips creating it.
    dm_channels: std::sync::Mutex<std::collections::HashMap<u64, u64>>,
}

/// Most DM channels remembered; past this the cache starts again empty.
const DM_CACHE_MAX: usize = 10_000;
/// Discord's JSON error code for "Unknown Channel" (a remembered DM channel is gone).
const UNKNOWN_CHANNEL: i64 = 10003;

impl std::fmt::Debug for DiscordApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DiscordApi(..)")
    }
}

/// Why a call that is not a delivery failed (for logs and the CLI): kinds and codes only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Send(#[from] SendError),
    #[error("discord refused the request: {0}")]
    Serenity(String),
}

/// The base serenity should use instead of `https://discord.com`: `DISCORD_API_URL` less its
/// `/api/v10` (serenity's routes carry that part themselves).
pub fn proxy_base(api_url: &str) -> Option<String> {
    let url = api_url.trim().trim_end_matches('/');
    if url == DEFAULT_API_URL || url.is_empty() {
        return None;
    }
    let base = url.strip_suffix("/api/v10").unwrap_or(url);
    Some(base.to_string())
}

/// The nonce for an outbox key: short, stable, and the same on every retry.
pub fn nonce_for(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    hex::encode(digest)[..MAX_NONCE].to_string()
}

fn classify(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> SendError {
    let json: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    if status == 429 {
        let secs = json["retry_after"].as_f64().or_else(|| {
            headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<f64>().ok())
        });
        let wait = secs
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_millis((s * 1000.0).ceil() as u64))
            .unwrap_or(DEFAULT_RETRY_AFTER);
        return SendError::RetryAfter(wait);
    }
    if status >= 500 {
        return SendError::Transient(format!("discord http {status}"));
    }
    match json["code"].as_i64() {
        Some(CANNOT_DM) => SendError::Permanent(format!(
            "discord error {CANNOT_DM}: cannot send messages to this user"
        )),
        Some(code) => SendError::Permanent(format!("discord http {status} error {code}")),
        None => SendError::Permanent(format!("discord http {status}")),
    }
}

impl DiscordApi {
    /// A client for `api_url` (`DISCORD_API_URL`, with its version path) and the bot token.
    pub fn new(api_url: &str, token: &SecretString, application_id: u64) -> Self {
        let client = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .build()
            .unwrap_or_default();
        let proxy = proxy_base(api_url);
        let mut builder = HttpBuilder::new(token.expose_secret()).client(client.clone());
        if application_id != 0 {
            builder = builder.application_id(ApplicationId::new(application_id));
        }
        if let Some(p) = &proxy {
            // serenity's ratelimiter sends to discord.com whatever the proxy says.
            builder = builder.proxy(p.clone()).ratelimiter_disabled(true);
        }
        Self {
            http: builder.build(),
            client,
            proxy,
            timeout: CALL_TIMEOUT,
            dm_channels: Default::default(),
        }
    }

    /// The client the configuration enables: bot token and application id present.
    pub fn from_config(config: &crate::config::Config) -> Option<Self> {
        let s = &config.secrets;
        let token = s.discord_bot_token.as_ref()?;
        let app: u64 = s.discord_application_id.as_deref()?.trim().parse().ok()?;
        let url = s.discord_api_url.as_deref().unwrap_or(DEFAULT_API_URL);
        Some(Self::new(url, token, app))
    }

    /// A shorter deadline per call (tests of a hanging API).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Send one request built from serenity's routes; the JSON answer, or a classified error.
    async fn call(&self, req: Request<'_>) -> Result<Value, SendError> {
        let (status, headers, body) = self.call_raw(req).await?;
        if (200..300).contains(&status) {
            Ok(serde_json::from_slice(&body).unwrap_or(Value::Null))
        } else {
            Err(classify(status, &headers, &body))
        }
    }

    /// Send one request; status, headers and body, or a failure to get an answer.
    async fn call_raw(
        &self,
        req: Request<'_>,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), SendError> {
        let built = req
            .build(&self.client, self.http.token(), self.proxy.as_deref())
            .map_err(|_| SendError::Permanent("discord request could not be built".into()))?
            .timeout(self.timeout);
        let sent = tokio::time::timeout(self.timeout, async {
            let resp = built.send().await?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().await?.to_vec();
            Ok::<_, reqwest::Error>((status, headers, body))
        })
        .await;
        match sent {
            Err(_) => Err(SendError::Transient("discord call timed out".into())),
            Ok(Err(e)) if e.is_timeout() => {
                Err(SendError::Transient("discord call timed out".into()))
            }
            Ok(Err(_)) => Err(SendError::Transient("discord connection failed".into())),
            Ok(Ok(r)) => Ok(r),
        }
    }

    /// Send a direct message: open (or find) the DM channel, then post with components and
    /// a nonce derived from `key`, which Discord enforces so a retry posts nothing twice.
    pub async fn direct_message(
        &self,
        user_id: &str,
        reply: &Reply,
        key: &str,
    ) -> Result<Delivered, SendError> {
        let recipient: u64 = user_id
            .trim()
            .parse()
            .ok()
            .filter(|n| *n != 0)
            .ok_or_else(|| SendError::Permanent("discord user id is not a snowflake".into()))?;
        let cached = self
            .dm_channels
            .lock()
            .ok()
            .and_then(|m| m.get(&recipient).copied());
        let mut channel_id = match cached {
            Some(c) => c,
            None => self.open_dm(recipient).await?,
        };
        let m = render::direct(reply);
        let message = CreateMessage::new()
            .content(m.content)
            .embeds(m.embeds)
            .components(m.components)
            .allowed_mentions(render::no_mentions())
            .nonce(Nonce::String(nonce_for(key)))
            .enforce_nonce(true);
        let body = serde_json::to_vec(&message)
            .map_err(|_| SendError::Permanent("discord message could not be built".into()))?;
        let mut sent = self.post_message(channel_id, &body).await;
        if cached.is_some() && matches!(sent, Err((Some(UNKNOWN_CHANNEL), _))) {
            self.forget_dm(recipient, channel_id);
            channel_id = self.open_dm(recipient).await?;
            sent = self.post_message(channel_id, &body).await;
        }
        let sent = sent.map_err(|(_, e)| {
            if matches!(e, SendError::Permanent(_)) {
                self.forget_dm(recipient, channel_id);
            }
            e
        })?;
        Ok(Delivered {
            channel: Some(channel_id.to_string()),
            message_id: sent["id"].as_str().map(String::from),
        })
    }

    /// Create (or find) the DM channel with `recipient`; it is remembered.
    async fn open_dm(&self, recipient: u64) -> Result<u64, SendError> {
        let open = serde_json::to_vec(&json!({"recipient_id": recipient.to_string()}))
            .map_err(|_| SendError::Permanent("discord request could not be built".into()))?;
        let channel = self
            .call(Request::new(Route::UserMeDmChannels, LightMethod::Post).body(Some(open)))
            .await?;
        let channel_id: u64 = channel["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .filter(|n| *n != 0)
            .ok_or_else(|| SendError::Transient("discord returned no dm channel".into()))?;
        if let Ok(mut m) = self.dm_channels.lock() {
            if m.len() >= DM_CACHE_MAX && !m.contains_key(&recipient) {
                m.clear();
            }
            m.insert(recipient, channel_id);
        }
        Ok(channel_id)
    }

    /// Drop `recipient`'s DM channel if it is still `channel_id`.
    fn forget_dm(&self, recipient: u64, channel_id: u64) {
        if let Ok(mut m) = self.dm_channels.lock()
            && m.get(&recipient) == Some(&channel_id)
        {
            m.remove(&recipient);
        }
    }

    /// Post a message; on failure, Discord's JSON error code (if any) and the classified error.
    async fn post_message(
        &self,
        channel_id: u64,
        body: &[u8],
    ) -> Result<Value, (Option<i64>, SendError)> {
        let route = Route::ChannelMessages {
            channel_id: ChannelId::new(channel_id),
        };
        let (status, headers, answer) = self
            .call_raw(Request::new(route, LightMethod::Post).body(Some(body.to_vec())))
            .await
            .map_err(|e| (None, e))?;
        if (200..300).contains(&status) {
            return Ok(serde_json::from_slice(&answer).unwrap_or(Value::Null));
        }
        let code = serde_json::from_slice::<Value>(&answer)
            .ok()
            .and_then(|v| v["code"].as_i64());
        Err((code, classify(status, &headers, &answer)))
    }

    /// Finish a deferred answer: edit the interaction's original response.
    pub async fn edit_original(&self, token: &str, data: &Value) -> Result<(), ApiError> {
        let fut = self
            .http
            .edit_original_interaction_response(token, data, vec![]);
        match tokio::time::timeout(self.timeout, fut).await {
            Err(_) => Err(SendError::Transient("discord call timed out".into()).into()),
            Ok(Err(e)) => Err(ApiError::Serenity(serenity_error(&e))),
            Ok(Ok(_)) => Ok(()),
        }
    }

    /// A follow-up message on an interaction (ephemeral when `data` says flags 64).
    pub async fn followup(&self, token: &str, data: &Value) -> Result<(), ApiError> {
        let fut = self.http.create_followup_message(token, data, vec![]);
        match tokio::time::timeout(self.timeout, fut).await {
            Err(_) => Err(SendError::Transient("discord call timed out".into()).into()),
            Ok(Err(e)) => Err(ApiError::Serenity(serenity_error(&e))),
            Ok(Ok(_)) => Ok(()),
        }
    }

    /// Replace the application's commands (globally, or in one guild for testing). Returns
    /// how many Discord now has.
    pub async fn register(&self, commands: &Value, guild: Option<u64>) -> Result<usize, ApiError> {
        let result = match guild {
            Some(g) if g != 0 => {
                let fut = self.http.create_guild_commands(GuildId::new(g), commands);
                tokio::time::timeout(self.timeout, fut).await
            }
            _ => {
                let fut = self.http.create_global_commands(commands);
                tokio::time::timeout(self.timeout, fut).await
            }
        };
        match result {
            Err(_) => Err(SendError::Transient("discord call timed out".into()).into()),
            Ok(Err(e)) => Err(ApiError::Serenity(serenity_error(&e))),
            Ok(Ok(list)) => Ok(list.len()),
        }
    }
}

/// A serenity error in words that carry no token: status and Discord's code and message.
fn serenity_error(e: &serenity::Error) -> String {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => format!(
            "http {} error {}: {}",
            r.status_code.as_u16(),
            r.error.code,
            r.error.message
        ),
        serenity::Error::Http(serenity::http::HttpError::ApplicationIdMissing) => {
            "DISCORD_APPLICATION_ID is missing".into()
        }
        serenity::Error::Http(_) => "the request could not be sent".into(),
        serenity::Error::Json(_) => "Discord's answer was not understood".into(),
        _ => "the request failed".into(),
    }
}

#[async_trait]
impl Messenger for DiscordApi {
    fn platform(&self) -> Platform {
        Platform::Discord
    }

    async fn send(
        &self,
        to: &Person,
        message: &Reply,
        key: &str,
        // The enforced nonce makes Discord itself drop a repeat (within its window).
        _maybe_sent: Option<crate::outbox::MaybeSent>,
    ) -> Result<Delivered, SendError> {
        let Some(user) = to.discord_user_id.as_deref() else {
            return Err(SendError::Permanent("person has no discord user id".into()));
        };
        self.direct_message(user, message, key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_url_maps_to_serenitys_proxy_base() {
        assert_eq!(proxy_base(DEFAULT_API_URL), None);
        assert_eq!(proxy_base("https://discord.com/api/v10/"), None);
        assert_eq!(
            proxy_base("http://127.0.0.1:9/api/v10").as_deref(),
            Some("http://127.0.0.1:9")
        );
    }

    #[test]
    fn nonces_are_short_and_stable() {
        let a = nonce_for("concern:1:handoff:2 with a long key that goes on");
        assert_eq!(a.len(), 25);
        assert_eq!(
            a,
            nonce_for("concern:1:handoff:2 with a long key that goes on")
        );
        assert_ne!(a, nonce_for("concern:1:handoff:3"));
    }

    #[test]
    fn failures_are_classified_for_the_outbox() {
        let h = reqwest::header::HeaderMap::new();
        let fixture: Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/discord/rest_ratelimited.response.json"
        ))
        .unwrap();
        let body = fixture["body"].to_string();
        assert_eq!(
            classify(429, &h, body.as_bytes()),
            SendError::RetryAfter(Duration::from_millis(64570))
        );
        let mut with_header = reqwest::header::HeaderMap::new();
        with_header.insert("retry-after", "65".parse().unwrap());
        assert_eq!(
            classify(429, &with_header, b"not json"),
            SendError::RetryAfter(Duration::from_secs(65))
        );
        assert!(matches!(classify(502, &h, b""), SendError::Transient(_)));
        let cannot = classify(
            403,
            &h,
            br#"{"message":"Cannot send messages to this user","code":50007}"#,
        );
        assert!(matches!(&cannot, SendError::Permanent(m) if m.contains("50007")));
        assert!(matches!(classify(404, &h, b"{}"), SendError::Permanent(_)));
    }
}
