//! The Slack Web API through slack-morphism's client, pointed at `SLACK_API_URL`
//! (a local mock in tests). Every call has a deadline.
use std::time::Duration;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use slack_morphism::errors::SlackClientError;
use slack_morphism::prelude::*;

use super::render;
use crate::domain::{Person, Platform};
use crate::engine::Reply;
use crate::outbox::{Delivered, MaybeSent, Messenger, SendError};

/// Slack's own API, when `SLACK_API_URL` is not set.
pub const DEFAULT_API_URL: &str = "https://slack.com/api/";
/// How long one Web API call may take before it counts as a (retryable) failure.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// The metadata event type on every private message the outbox posts.
pub const METADATA_EVENT: &str = "safeharbor_outbox";
/// How many recent DM messages a page of history holds, when looking for one that may
/// have got through (Slack recommends at most 200), and how many pages to look through
/// at most: a burst of messages to one person (a counselor receiving a thousand at once)
/// can bury a message under hundreds of newer ones.
const HISTORY_LOOKBACK: u16 = 200;
const HISTORY_PAGES: usize = 10;
/// How far our clock and Slack's may disagree: a history lookup starts this long before
/// the message was queued.
const CLOCK_SKEW_MS: i64 = 60 * 1000;

/// A time (ms since the epoch) as a Slack timestamp (`seconds.microseconds`).
fn slack_ts(ms: i64) -> SlackTs {
    let ms = ms.max(0);
    SlackTs(format!("{}.{:06}", ms / 1000, (ms % 1000) * 1000))
}

/// The outbox key as carried in message metadata: a hash, so it says nothing of the case.
pub fn metadata_mark(key: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(key.as_bytes())[..12])
}

pub struct SlackApi {
    client: SlackHyperClient,
    token: SlackApiToken,
    timeout: Duration,
    dm_channels: DmChannels,
}

/// Most DM channels remembered; past this the cache starts again empty.
const DM_CACHE_MAX: usize = 10_000;
/// What Slack says when a DM channel can no longer be used (reopen it).
const CHANNEL_GONE: &[&str] = &["channel_not_found", "is_archived", "not_in_channel"];

/// Each user's DM channel from conversations.open, by Slack user id (one token is one
/// workspace), so a second message to the same person skips that call.
#[derive(Default)]
struct DmChannels(std::sync::Mutex<std::collections::HashMap<String, SlackChannelId>>);

impl DmChannels {
    fn get(&self, user: &str) -> Option<SlackChannelId> {
        self.0.lock().ok()?.get(user).cloned()
    }

    fn put(&self, user: &str, channel: &SlackChannelId) {
        if let Ok(mut m) = self.0.lock() {
            if m.len() >= DM_CACHE_MAX && !m.contains_key(user) {
                m.clear();
            }
            m.insert(user.to_string(), channel.clone());
        }
    }

    /// Drop `user`'s entry if it is still `channel`.
    fn forget(&self, user: &str, channel: &SlackChannelId) {
        if let Ok(mut m) = self.0.lock()
            && m.get(user) == Some(channel)
        {
            m.remove(user);
        }
    }
}

/// Why a call on a DM channel failed: the channel is gone, or anything else.
enum Posting {
    Gone(SlackClientError),
    Failed(SendError),
}

impl Posting {
    fn into_send_error(self) -> SendError {
        match self {
            Posting::Gone(e) => classify(e),
            Posting::Failed(e) => e,
        }
    }
}

impl std::fmt::Debug for SlackApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SlackApi(..)")
    }
}

fn classify(e: SlackClientError) -> SendError {
    match e {
        SlackClientError::RateLimitError(r) => {
            SendError::RetryAfter(r.retry_after.unwrap_or(Duration::from_secs(30)))
        }
        SlackClientError::ApiError(a) => match a.code.as_str() {
            "ratelimited" => SendError::RetryAfter(Duration::from_secs(30)),
            "internal_error" | "fatal_error" | "service_unavailable" | "request_timeout" => {
                SendError::Transient(format!("slack api error {}", a.code))
            }
            code => SendError::Permanent(format!("slack api error {code}")),
        },
        SlackClientError::HttpError(h) if h.status_code.is_client_error() => {
            SendError::Permanent(format!("slack http {}", h.status_code.as_u16()))
        }
        SlackClientError::HttpError(h) => {
            SendError::Transient(format!("slack http {}", h.status_code.as_u16()))
        }
        _ => SendError::Transient("slack connection failed".into()),
    }
}

async fn deadline<T>(
    timeout: Duration,
    f: impl std::future::Future<Output = ClientResult<T>>,
) -> Result<T, SendError> {
    match tokio::time::timeout(timeout, f).await {
        Ok(r) => r.map_err(classify),
        Err(_) => Err(SendError::Transient("slack call timed out".into())),
    }
}

/// [`deadline`] for a call on a DM channel, telling a channel that is gone apart.
async fn on_channel<T>(
    timeout: Duration,
    f: impl std::future::Future<Output = ClientResult<T>>,
) -> Result<T, Posting> {
    match tokio::time::timeout(timeout, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(SlackClientError::ApiError(a))) if CHANNEL_GONE.contains(&a.code.as_str()) => {
            Err(Posting::Gone(SlackClientError::ApiError(a)))
        }
        Ok(Err(e)) => Err(Posting::Failed(classify(e))),
        Err(_) => Err(Posting::Failed(SendError::Transient(
            "slack call timed out".into(),
        ))),
    }
}

/// What is read of chat.postMessage's answer.
#[derive(serde::Deserialize)]
struct Posted {
    ts: SlackTs,
}

/// Our Block Kit JSON as slack-morphism's typed message content.
/// What chat.update answers, of which nothing is read (Slack echoes the message back).
#[derive(serde::Deserialize)]
struct Updated {}

/// What a `response_url` answers: Slack says `ok` as plain text (read, not parsed).
type Responded = slack_morphism::api::SlackApiPostWebhookMessageResponse;

impl SlackApi {
    /// A client for `api_url` (ending in `/api/`), over HTTPS or, for local mocks, HTTP.
    pub fn new(api_url: &str, token: &SecretString) -> Self {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let connector = SlackClientHyperConnector::with_connector(https)
            .with_slack_api_url(api_url.trim_end_matches('/'));
        Self {
            client: SlackClient::new(connector),
            token: SlackApiToken::new(token.expose_secret().to_string().into()),
            timeout: CALL_TIMEOUT,
            dm_channels: DmChannels::default(),
        }
    }

    /// A shorter (or longer) deadline per call than [`CALL_TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn session(&self) -> SlackClientSession<'_, SlackClientHyperHttpsConnector> {
        self.client.open_session(&self.token)
    }

    /// Open a modal with a slash command's or button's trigger id.
    pub async fn open_view(&self, trigger_id: &str, view: Value) -> Result<(), SendError> {
        let view: SlackView = serde_json::from_value(view)
            .map_err(|_| SendError::Permanent("view does not fit the Slack model".into()))?;
        let req = SlackApiViewsOpenRequest::new(trigger_id.to_string().into(), view);
        deadline(self.timeout, self.session().views_open(&req))
            .await
            .map(|_| ())
    }

    /// Send a direct message marked with `key` (as message metadata, hashed). When an
    /// earlier attempt may have got through unrecorded (`maybe_sent`), look for the key in
    /// the DM's recent history first and, if it is there, send nothing.
    ///
    /// The DM channel comes from the cache when this user had one opened before; if Slack
    /// says that channel is gone, it is forgotten and opened again, once.
    pub async fn direct_message_once(
        &self,
        user_id: &str,
        reply: &Reply,
        key: &str,
        maybe_sent: Option<MaybeSent>,
    ) -> Result<Delivered, SendError> {
        let cached = self.dm_channels.get(user_id);
        let from_cache = cached.is_some();
        let mut channel = match cached {
            Some(c) => c,
            None => self.open_dm(user_id).await?,
        };
        let mut sent = self.post_once(&channel, reply, key, maybe_sent).await;
        if from_cache && matches!(sent, Err(Posting::Gone(_))) {
            self.dm_channels.forget(user_id, &channel);
            channel = self.open_dm(user_id).await?;
            sent = self.post_once(&channel, reply, key, maybe_sent).await;
        }
        sent.map_err(|e| {
            let e = e.into_send_error();
            if matches!(e, SendError::Permanent(_)) {
                self.dm_channels.forget(user_id, &channel);
            }
            e
        })
    }

    /// conversations.open for one user; the channel is remembered.
    async fn open_dm(&self, user_id: &str) -> Result<SlackChannelId, SendError> {
        let open =
            SlackApiConversationsOpenRequest::new().with_users(vec![user_id.to_string().into()]);
        let channel = deadline(self.timeout, self.session().conversations_open(&open))
            .await?
            .channel
            .id;
        self.dm_channels.put(user_id, &channel);
        Ok(channel)
    }

    /// The ts of the message marked `mark` among the channel's messages since it was
    /// queued (less `CLOCK_SKEW_MS`), newest first, a page at a time, at most
    /// `HISTORY_PAGES` × `HISTORY_LOOKBACK` of them.
    async fn find_marked(
        &self,
        channel: &SlackChannelId,
        mark: &str,
        since: MaybeSent,
    ) -> Result<Option<String>, Posting> {
        let oldest = slack_ts(since.queued_ms.saturating_sub(CLOCK_SKEW_MS));
        let mut cursor = None;
        for _ in 0..HISTORY_PAGES {
            let history = SlackApiConversationsHistoryRequest::new()
                .with_channel(channel.clone())
                .with_limit(HISTORY_LOOKBACK)
                .with_include_all_metadata(true)
                .with_oldest(oldest.clone())
                .opt_cursor(cursor);
            let page =
                on_channel(self.timeout, self.session().conversations_history(&history)).await?;
            let found = page.messages.iter().find(|m| {
                m.content.metadata.as_ref().is_some_and(|md| {
                    md.event_type == METADATA_EVENT
                        && md
                            .event_payload
                            .as_ref()
                            .and_then(|p| p.get("key"))
                            .is_some_and(|k| *k == mark)
                })
            });
            if let Some(m) = found {
                return Ok(Some(m.origin.ts.to_string()));
            }
            cursor = page
                .response_metadata
                .and_then(|r| r.next_cursor)
                .filter(|c| !c.0.is_empty());
            if cursor.is_none() {
                break;
            }
        }
        Ok(None)
    }

    /// Look for `key` in the channel's history when it may have been sent, then post it.
    async fn post_once(
        &self,
        channel: &SlackChannelId,
        reply: &Reply,
        key: &str,
        maybe_sent: Option<MaybeSent>,
    ) -> Result<Delivered, Posting> {
        let mark = metadata_mark(key);
        if let Some(since) = maybe_sent
            && let Some(ts) = self.find_marked(channel, &mark, since).await?
        {
            return Ok(Delivered {
                channel: Some(channel.to_string()),
                message_id: Some(ts),
            });
        }
        // Our blocks serialize straight into the body, and only the ts is read from the
        // answer (Slack echoes the whole message back; slack-morphism's typed request and
        // response went through JSON values and buffered every block).
        let req = render::DirectMessage {
            channel: channel.0.as_str(),
            reply,
            event_type: METADATA_EVENT,
            mark: &mark,
        };
        let session = self.session();
        let post = session
            .http_session_api
            .http_post::<_, Posted>("chat.postMessage", &req, None);
        // A temporary failure of the post itself leaves its outcome unknown: a timeout or
        // a lost connection may come after Slack posted it, and Slack's own internal
        // errors say part of the work may have been done.
        let sent = on_channel(self.timeout, post).await.map_err(|e| match e {
            Posting::Failed(SendError::Transient(why)) => Posting::Failed(SendError::Unsure(why)),
            other => other,
        })?;
        Ok(Delivered {
            channel: Some(channel.to_string()),
            message_id: Some(sent.ts.to_string()),
        })
    }

    /// Replace a message the bot sent (after a button changed its state).
    pub async fn update(&self, channel: &str, ts: &str, reply: &Reply) -> Result<(), SendError> {
        self.chat_update(render::Update {
            channel,
            ts,
            reply,
            blocks: None,
        })
        .await
    }

    /// Replace a message with explicit blocks (after a button: the case as it is now, or the
    /// message's own without buttons, and the result below).
    pub async fn update_blocks(
        &self,
        channel: &str,
        ts: &str,
        fallback: &Reply,
        blocks: Vec<Value>,
    ) -> Result<(), SendError> {
        self.chat_update(render::Update {
            channel,
            ts,
            reply: fallback,
            blocks: Some(&blocks),
        })
        .await
    }

    /// chat.update with a body serialized straight from the reply (no Slack model types
    /// in between, so blocks the model does not know pass through as they are).
    async fn chat_update(&self, req: render::Update<'_>) -> Result<(), SendError> {
        let session = self.session();
        let call = session
            .http_session_api
            .http_post::<_, Updated>("chat.update", &req, None);
        deadline(self.timeout, call).await.map(|_| ())
    }

    /// The user's Slack locale (e.g. `es-LA`), if Slack tells.
    pub async fn user_locale(&self, user_id: &str) -> Option<String> {
        let req =
            SlackApiUsersInfoRequest::new(user_id.to_string().into()).with_include_locale(true);
        let info = deadline(self.timeout, self.session().users_info(&req))
            .await
            .ok()?;
        info.user.locale.map(|l| l.to_string())
    }

    /// Post to a `response_url` (ephemeral unless told otherwise); used as given.
    pub async fn respond(&self, response_url: &str, reply: &Reply) -> Result<(), SendError> {
        // The ephemeral body of a slash command's answer, serialized straight from the
        // reply.
        self.post_response_url(response_url, &render::Ephemeral(reply))
            .await
    }

    /// Replace the ephemeral message a button was on through the button's `response_url`
    /// (`replace_original`), with `blocks` (after a button, [`render::with_result`]); the
    /// notification text is `fallback`'s. chat.update cannot change an ephemeral message.
    pub async fn replace_original(
        &self,
        response_url: &str,
        fallback: &Reply,
        blocks: &[Value],
    ) -> Result<(), SendError> {
        let body = render::Replacement {
            reply: fallback,
            blocks,
        };
        self.post_response_url(response_url, &body).await
    }

    /// POST a JSON body to a `response_url`, used as given; the URL is a secret of sorts,
    /// so it stays out of traces.
    async fn post_response_url<B: serde::Serialize + Send + Sync>(
        &self,
        response_url: &str,
        body: &B,
    ) -> Result<(), SendError> {
        let url: url::Url = response_url
            .parse()
            .map_err(|_| SendError::Permanent("bad response_url".into()))?;
        let span = tracing::Span::none();
        let context = SlackClientApiCallContext {
            rate_control_params: None,
            token: None,
            tracing_span: &span,
            is_sensitive_url: true,
        };
        let post = self
            .client
            .http_api
            .connector
            .http_post_uri::<_, Responded>(url, body, context);
        deadline(self.timeout, post).await.map(|_| ())
    }
}

#[async_trait]
impl Messenger for SlackApi {
    fn platform(&self) -> Platform {
        Platform::Slack
    }

    async fn send(
        &self,
        to: &Person,
        message: &Reply,
        key: &str,
        maybe_sent: Option<MaybeSent>,
    ) -> Result<Delivered, SendError> {
        let Some(user) = to.slack_user_id.as_deref() else {
            return Err(SendError::Permanent("person has no slack user id".into()));
        };
        self.direct_message_once(user, message, key, maybe_sent)
            .await
    }
}
