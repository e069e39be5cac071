//! Private messages on Teams: the card is POSTed to the person's own Workflows webhook
//! (from the roster), which posts it in their chat with the Flow bot. The URL is the
//! credential: it is never logged, never shown, and never part of an error text (HTTP
//! client errors quote the URL, so they are reduced to a kind before they go anywhere).
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use tracing::{debug, warn};

use super::links::LinkSigner;
use super::render;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::crypto::{DEV_KEY_FILE, DataKey};
use crate::domain::{Person, Platform};
use crate::engine::Reply;
use crate::outbox::{Delivered, Messenger, SendError};

/// How long one POST may take before it counts as a temporary failure.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
/// When a 429 names no wait.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Never wait longer than this on a platform's say-so.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// Delivers private messages through Workflows webhooks.
pub struct TeamsMessenger {
    http: reqwest::Client,
    /// Signs the card's buttons for the recipient; without it, cards carry no buttons.
    links: Option<Arc<LinkSigner>>,
    clock: SharedClock,
}

impl std::fmt::Debug for TeamsMessenger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TeamsMessenger(..)")
    }
}

impl TeamsMessenger {
    pub fn new(links: Option<Arc<LinkSigner>>, clock: SharedClock) -> Self {
        Self::with_timeout(links, clock, DEFAULT_TIMEOUT)
    }

    pub fn with_timeout(
        links: Option<Arc<LinkSigner>>,
        clock: SharedClock,
        timeout: Duration,
    ) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // A webhook that redirects is not one we were given; don't follow it.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a plain HTTP client builds");
        Self { http, links, clock }
    }

    /// As `outbox::messengers` builds it: the wall clock, and links signed with the data
    /// key the configuration names (`SAFEHARBOR_DATA_KEY`, `SAFEHARBOR_DATA_KEY_FILE`, or
    /// the development key file `serve --dev` keeps in the working directory), which is the
    /// key `serve` runs with. Without one, cards go out without buttons.
    pub fn from_config(config: &Config) -> Self {
        let here = std::path::Path::new(".");
        let key = DataKey::load(
            config.secrets.data_key.as_ref(),
            config.secrets.data_key_file.as_deref(),
            false,
            here,
        )
        .ok()
        .or_else(|| {
            here.join(DEV_KEY_FILE)
                .exists()
                .then(|| DataKey::load(None, None, true, here).ok())
                .flatten()
        })
        .map(|(key, _)| key);
        if key.is_none() {
            warn!("no data key to sign Teams card buttons with: private cards go out without them");
        }
        let links = key.map(|k| Arc::new(LinkSigner::new(&k, &config.public_url)));
        Self::new(links, Arc::new(SystemClock))
    }

    /// The JSON posted for `to`: the card with each button signed for them.
    pub fn notice(&self, to: &Person, message: &Reply, key: &str) -> serde_json::Value {
        let now = self.clock.now().timestamp();
        let link = |b: &crate::engine::Button| {
            self.links
                .as_ref()
                .map(|l| l.link(to.id, &b.action, &b.value, now))
        };
        render::private_notice(render::card(message, &link), &to.email, key)
    }
}

/// Only HTTPS, except to this machine (tests and local relays).
fn acceptable(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url) else {
        return false;
    };
    match u.scheme() {
        "https" => u.host().is_some(),
        "http" => {
            matches!(
                u.host(),
                Some(url::Host::Ipv4(ip)) if ip.is_loopback()
            ) || matches!(u.host(), Some(url::Host::Domain("localhost")))
        }
        _ => false,
    }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_RETRY_AFTER)
        .min(MAX_RETRY_AFTER)
}

/// What a failed POST means for the outbox. Never formats the client error: it holds the URL.
fn classify_error(e: &reqwest::Error) -> SendError {
    if e.is_timeout() {
        SendError::Transient("teams webhook timed out".into())
    } else if e.is_connect() {
        SendError::Transient("teams webhook connection failed".into())
    } else {
        SendError::Transient("teams webhook request failed".into())
    }
}

fn classify_status(status: StatusCode, headers: &reqwest::header::HeaderMap) -> SendError {
    let code = status.as_u16();
    if status == StatusCode::TOO_MANY_REQUESTS {
        SendError::RetryAfter(retry_after(headers))
    } else if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        SendError::Transient(format!("teams webhook http {code}"))
    } else {
        SendError::Permanent(format!("teams webhook http {code}"))
    }
}

#[async_trait]
impl Messenger for TeamsMessenger {
    fn platform(&self) -> Platform {
        Platform::Teams
    }

    async fn send(
        &self,
        to: &Person,
        message: &Reply,
        key: &str,
        // Webhooks cannot be asked what they already posted: Teams is at-least-once.
        _maybe_sent: Option<crate::outbox::MaybeSent>,
    ) -> Result<Delivered, SendError> {
        let Some(url) = to
            .teams_webhook_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        else {
            return Err(SendError::Permanent(
                "person has no teams webhook url".into(),
            ));
        };
        if !acceptable(url.trim()) {
            return Err(SendError::Permanent(
                "teams webhook url is not an https url".into(),
            ));
        }
        let body = self.notice(to, message, key);
        let response = self
            .http
            .post(url.trim())
            .json(&body)
            .send()
            .await
            .map_err(|e| classify_error(&e))?;
        let status = response.status();
        debug!(
            person_id = to.id,
            status = status.as_u16(),
            "teams webhook answered"
        );
        if status.is_success() {
            Ok(Delivered::default())
        } else {
            Err(classify_status(status, response.headers()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine() {
        assert!(acceptable(
            "https://prod-01.westus.logic.azure.com:443/workflows/x/triggers/manual/paths/invoke?sig=s"
        ));
        assert!(acceptable("http://127.0.0.1:8080/hook"));
        assert!(acceptable("http://localhost/hook"));
        for bad in [
            "http://example.org/hook",
            "ftp://example.org/",
            "not a url",
            "http://10.0.0.1/",
        ] {
            assert!(!acceptable(bad), "{bad}");
        }
    }

    #[test]
    fn statuses_are_classified_for_the_outbox() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(
            classify_status(StatusCode::TOO_MANY_REQUESTS, &h),
            SendError::RetryAfter(DEFAULT_RETRY_AFTER)
        );
        h.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(
            classify_status(StatusCode::TOO_MANY_REQUESTS, &h),
            SendError::RetryAfter(Duration::from_secs(7))
        );
        h.insert(RETRY_AFTER, "999999".parse().unwrap());
        assert_eq!(
            classify_status(StatusCode::TOO_MANY_REQUESTS, &h),
            SendError::RetryAfter(MAX_RETRY_AFTER)
        );
        assert!(matches!(
            classify_status(StatusCode::BAD_GATEWAY, &h),
            SendError::Transient(_)
        ));
        assert!(matches!(
            classify_status(StatusCode::NOT_FOUND, &h),
            SendError::Permanent(_)
        ));
    }
}
