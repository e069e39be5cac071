//! The dispatcher: claims due outbox rows, delivers each through its platform's
//! [`Messenger`] with bounded concurrency per platform, retries with exponential backoff
//! and jitter (or the platform's Retry-After), and gives up only after a long window, then
//! alerts the admins. Rows live in the database, so nothing is lost across restarts.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;
use tracing::{debug, warn};

use super::{Messenger, SendError};
use crate::domain::Platform;
use crate::engine::Engine;
use crate::store::{OutboxRecord, StoreError};

#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Rows claimed per pass.
    pub batch: i64,
    /// Deliveries in flight at once, per platform.
    pub per_platform: usize,
    /// How long a claimed row is held before another dispatcher may take it.
    pub lease: Duration,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// A message still failing this long after it was queued is given up on.
    pub give_up_after: Duration,
    /// How often to look for due rows when nothing wakes the dispatcher.
    pub poll: Duration,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            batch: 200,
            per_platform: 16,
            lease: Duration::from_secs(120),
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(15 * 60),
            give_up_after: Duration::from_secs(24 * 3600),
            poll: Duration::from_secs(1),
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

enum Result_ {
    Sent,
    Retried,
    Failed,
}

struct Inner {
    engine: Engine,
    messengers: HashMap<Platform, (Arc<dyn Messenger>, Arc<Semaphore>)>,
    settings: DispatchSettings,
}

#[derive(Clone)]
pub struct Dispatcher(Arc<Inner>);

impl Dispatcher {
    pub fn new(
        engine: Engine,
        messengers: Vec<Arc<dyn Messenger>>,
        settings: DispatchSettings,
    ) -> Self {
        let messengers = messengers
            .into_iter()
            .map(|m| {
                (
                    m.platform(),
                    (m, Arc::new(Semaphore::new(settings.per_platform.max(1)))),
                )
            })
            .collect();
        Self(Arc::new(Inner {
            engine,
            messengers,
            settings,
        }))
    }

    /// Claim what is due and deliver it; returns when every claimed row has an outcome.
    pub async fn pass(&self) -> Result<PassReport, StoreError> {
        let inner = &self.0;
        let now_ms = inner.engine.clock.now().timestamp_millis();
        let lease_ms = inner.settings.lease.as_millis() as i64;
        let rows = inner
            .engine
            .store
            .claim_outbox(now_ms, now_ms + lease_ms, inner.settings.batch)
            .await?;
        let mut report = PassReport {
            claimed: rows.len(),
            ..Default::default()
        };
        let mut set = JoinSet::new();
        for row in rows {
            let inner = self.0.clone();
            set.spawn(async move { deliver(&inner, row).await });
        }
        while let Some(done) = set.join_next().await {
            match done {
                Ok(Ok(Result_::Sent)) => report.sent += 1,
                Ok(Ok(Result_::Retried)) => report.retried += 1,
                Ok(Ok(Result_::Failed)) => report.failed += 1,
                // The row stays claimed until its lease ends, then is tried again.
                Ok(Err(e)) => {
                    warn!(error = %e, "outbox bookkeeping failed; the message will be retried")
                }
                Err(e) => warn!(error = %e, "outbox delivery task ended abnormally"),
            }
        }
        if let Ok((pending, failed)) = inner.engine.store.outbox_depth().await {
            metrics::gauge!("safeharbor_outbox_depth", "state" => "pending").set(pending as f64);
            metrics::gauge!("safeharbor_outbox_depth", "state" => "failed").set(failed as f64);
        }
        Ok(report)
    }

    /// Deliver until `shutdown`, waking on `wake` (a request queued messages) or on the
    /// poll interval (retries coming due).
    pub async fn run(self, wake: Arc<Notify>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let full = match self.pass().await {
                Ok(r) => r.claimed as i64 >= self.0.settings.batch,
                Err(e) => {
                    warn!(error = %e, "outbox pass failed; retrying shortly");
                    false
                }
            };
            if full {
                continue;
            }
            tokio::select! {
                _ = &mut shutdown => break,
                _ = wake.notified() => {},
                _ = tokio::time::sleep(self.0.settings.poll) => {},
            }
        }
    }
}

/// Exponential backoff with ±20% jitter, from the attempt number (deterministic per row,
/// so it needs no random source and still spreads rows apart).
fn backoff(settings: &DispatchSettings, id: i64, attempts: i64) -> Duration {
    let exp = attempts.clamp(0, 20) as u32;
    let base = settings
        .base_backoff
        .saturating_mul(2u32.saturating_pow(exp));
    let capped = base.min(settings.max_backoff);
    let spread = ((id.wrapping_mul(2654435761).wrapping_add(attempts * 40503)) % 41).abs() as f64;
    capped.mul_f64(0.8 + spread / 100.0)
}

async fn deliver(inner: &Inner, row: OutboxRecord) -> Result<Result_, StoreError> {
    let engine = &inner.engine;
    let now = engine.clock.now().timestamp_millis();
    let platform = row.platform;
    let outcome = match inner.messengers.get(&platform) {
        None => Err(SendError::Transient(format!(
            "{platform} is not configured"
        ))),
        Some((messenger, limit)) => {
            let _permit = limit.acquire().await;
            match engine.store.person(row.recipient_id).await? {
                None => Err(SendError::Permanent(
                    "recipient is no longer on the roster".into(),
                )),
                Some(person) => match engine.open_payload(&row.payload_sealed) {
                    Err(_) => Err(SendError::Permanent(
                        "message cannot be opened with this data key".into(),
                    )),
                    Ok(reply) => messenger
                        .send(&person, &reply, &row.key, row.claims > 1)
                        .await
                        .map(|_| ()),
                },
            }
        }
    };
    let label = platform.as_str();
    match outcome {
        Ok(()) => {
            engine
                .store
                .mark_outbox_sent(row.id, engine.clock.now().timestamp_millis())
                .await?;
            metrics::counter!("safeharbor_outbox_deliveries_total", "platform" => label, "result" => "sent").increment(1);
            debug!(outbox_id = row.id, platform = label, "delivered");
            Ok(Result_::Sent)
        }
        Err(SendError::Permanent(kind)) => {
            engine.delivery_failed(&row, &kind).await?;
            metrics::counter!("safeharbor_outbox_deliveries_total", "platform" => label, "result" => "failed").increment(1);
            Ok(Result_::Failed)
        }
        Err(e) => {
            let give_up_ms = inner.settings.give_up_after.as_millis() as i64;
            let kind = e.to_string();
            if now - row.created_ms >= give_up_ms {
                engine.delivery_failed(&row, &kind).await?;
                metrics::counter!("safeharbor_outbox_deliveries_total", "platform" => label, "result" => "failed").increment(1);
                return Ok(Result_::Failed);
            }
            let wait = match e {
                SendError::RetryAfter(d) => d,
                _ => backoff(&inner.settings, row.id, row.attempts),
            };
            engine
                .store
                .retry_outbox(row.id, now + wait.as_millis() as i64, &kind)
                .await?;
            metrics::counter!("safeharbor_outbox_retries_total", "platform" => label).increment(1);
            debug!(
                outbox_id = row.id,
                platform = label,
                wait_ms = wait.as_millis() as u64,
                "will retry"
            );
            Ok(Result_::Retried)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let s = DispatchSettings::default();
        let first = backoff(&s, 1, 0);
        assert!(
            first >= Duration::from_millis(1600) && first <= Duration::from_millis(2400),
            "{first:?}"
        );
        let later = backoff(&s, 1, 5);
        assert!(later > Duration::from_secs(40), "{later:?}");
        let capped = backoff(&s, 1, 19);
        assert!(capped <= s.max_backoff.mul_f64(1.2), "{capped:?}");
        let spread: std::collections::HashSet<u128> =
            (0..50).map(|id| backoff(&s, id, 3).as_millis()).collect();
        assert!(spread.len() > 10, "rows are spread apart");
    }
}
