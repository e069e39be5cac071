//! The outbox's delivery side: a [`Messenger`] per platform sends one private message.
//! (Rows are written by the engine in the same transaction as the change that causes them.)
pub mod dispatcher;

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::{Person, Platform};
use crate::engine::Reply;

/// Where a delivered message landed, so it can be updated later (Slack: channel + ts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Delivered {
    pub channel: Option<String>,
    pub message_id: Option<String>,
}

/// Why a delivery failed, as far as retrying is concerned. Texts are kinds and codes from
/// the platform, never message content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("rate limited; retry after {0:?}")]
    RetryAfter(Duration),
    #[error("temporary failure: {0}")]
    Transient(String),
    /// A temporary failure after which the message may have arrived all the same (a
    /// timeout or a lost connection on the send itself): the next attempt looks first.
    #[error("temporary failure, outcome unknown: {0}")]
    Unsure(String),
    #[error("permanent failure: {0}")]
    Permanent(String),
}

/// Sends private messages on one platform.
#[async_trait]
pub trait Messenger: Send + Sync + 'static {
    fn platform(&self) -> Platform;
    /// Send `message` privately to `to`. `key` is the outbox idempotency key; with
    /// `maybe_sent`, an earlier attempt may have reached the platform unrecorded, and a
    /// messenger that can look (Slack) finds it instead of sending it twice.
    async fn send(
        &self,
        to: &Person,
        message: &Reply,
        key: &str,
        maybe_sent: Option<MaybeSent>,
    ) -> Result<Delivered, SendError>;
}

/// An earlier attempt at a message may have reached the platform without being recorded.
/// It was queued at `queued_ms` (ms since the epoch), so it cannot have arrived before
/// then: a messenger looking for it looks no further back (give or take clock skew).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaybeSent {
    pub queued_ms: i64,
}

/// The messengers the configuration enables, one per platform. Each platform adds itself
/// here when its secrets are present.
pub fn messengers(config: &crate::config::Config) -> Vec<std::sync::Arc<dyn Messenger>> {
    let mut out: Vec<std::sync::Arc<dyn Messenger>> = vec![];
    if let (Some(token), Some(_)) = (
        config.secrets.slack_bot_token.as_ref(),
        config.secrets.slack_signing_secret.as_ref(),
    ) {
        let url = config
            .secrets
            .slack_api_url
            .as_deref()
            .unwrap_or(crate::adapters::slack::client::DEFAULT_API_URL);
        out.push(std::sync::Arc::new(crate::adapters::slack::SlackApi::new(
            url, token,
        )));
    }
    if let Some(api) = crate::adapters::discord::DiscordApi::from_config(config) {
        out.push(std::sync::Arc::new(api));
    }
    if config.secrets.teams_outgoing_webhook_secret.is_some() {
        out.push(std::sync::Arc::new(
            crate::adapters::teams::TeamsMessenger::from_config(config),
        ));
    }
    out
}
