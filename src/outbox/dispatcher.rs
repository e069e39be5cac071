//! The dispatcher: claims due outbox rows, delivers each through its platform's
//! [`Messenger`] with bounded concurrency per platform, retries with exponential backoff
//! and jitter (or the platform's Retry-After), and gives up only after a long window, then
//! alerts the admins. Rows live in the database, so nothing is lost across restarts.
//!
//! Rate limits are per platform: when a platform answers "slow down" (429 with
//! Retry-After), that whole platform pauses until then, not just the one message, so the
//! other deliveries in flight and the rows claimed after it do not each run into the same
//! limit (a request storm). A short pause is waited out in place; a long one sends the
//! claimed rows back to the outbox, due when the pause ends, so the pass can finish and
//! other platforms keep going.
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
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
    /// A platform's rate-limit pause up to this long is waited out by the claimed rows;
    /// a longer one sends them back to the outbox, due when it ends.
    pub max_hold: Duration,
    /// After a wake, how long to let more messages gather before claiming (while
    /// deliveries are under way): under a burst of requests, one claim for several
    /// wakes instead of one each. An idle dispatcher claims at once.
    pub gather: Duration,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            batch: 200,
            per_platform: 16,
            lease: crate::config::DEFAULT_OUTBOX_LEASE,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(15 * 60),
            give_up_after: Duration::from_secs(24 * 3600),
            poll: Duration::from_secs(1),
            max_hold: Duration::from_secs(5),
            gather: Duration::from_millis(5),
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

/// One platform's way out: its messenger, the bound on deliveries in flight, and the
/// end of the pause its last rate-limit answer asked for (on the engine's clock, ms).
struct Lane {
    messenger: Arc<dyn Messenger>,
    permits: Semaphore,
    paused_until_ms: AtomicI64,
}

impl Lane {
    /// How long until the platform may be called again (None: now).
    fn pause_left(&self, now_ms: i64) -> Option<Duration> {
        let until = self.paused_until_ms.load(Ordering::Acquire);
        (until > now_ms).then(|| Duration::from_millis((until - now_ms) as u64))
    }

    /// The platform asked for `wait`: nobody calls it before then.
    fn pause(&self, now_ms: i64, wait: Duration) {
        let until = now_ms.saturating_add(wait.as_millis().min(i64::MAX as u128) as i64);
        self.paused_until_ms.fetch_max(until, Ordering::AcqRel);
    }
}

struct Inner {
    engine: Engine,
    lanes: HashMap<Platform, Lane>,
    settings: DispatchSettings,
    /// When the depth gauges were last set (engine clock, ms).
    depth_ms: AtomicI64,
}

#[derive(Clone)]
pub struct Dispatcher(Arc<Inner>);

impl Dispatcher {
    pub fn new(
        engine: Engine,
        messengers: Vec<Arc<dyn Messenger>>,
        settings: DispatchSettings,
    ) -> Self {
        let lanes = messengers
            .into_iter()
            .map(|m| {
                (
                    m.platform(),
                    Lane {
                        messenger: m,
                        permits: Semaphore::new(settings.per_platform.max(1)),
                        paused_until_ms: AtomicI64::new(0),
                    },
                )
            })
            .collect();
        Self(Arc::new(Inner {
            engine,
            lanes,
            settings,
            depth_ms: AtomicI64::new(i64::MIN / 2),
        }))
    }

    /// Claim up to `limit` due rows (each held for the lease).
    async fn claim(&self, limit: i64) -> Result<Vec<OutboxRecord>, StoreError> {
        let inner = &self.0;
        let now_ms = inner.engine.clock.now().timestamp_millis();
        let lease_ms = inner.settings.lease.as_millis() as i64;
        inner
            .engine
            .store
            .claim_outbox(now_ms, now_ms + lease_ms, limit)
            .await
    }

    fn spawn(&self, set: &mut Deliveries, rows: Vec<OutboxRecord>) {
        for row in rows {
            let inner = self.0.clone();
            set.spawn(async move { deliver(&inner, row).await });
        }
    }

    /// The depth gauges: two counts over the outbox, so at most once a second, not on
    /// every claim (under load there are hundreds a second).
    async fn gauges(&self) {
        let inner = &self.0;
        let now_ms = inner.engine.clock.now().timestamp_millis();
        let last = inner.depth_ms.load(Ordering::Relaxed);
        if (now_ms - last).abs() >= 1000
            && inner
                .depth_ms
                .compare_exchange(last, now_ms, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
            && let Ok((pending, failed)) = inner.engine.store.outbox_depth().await
        {
            metrics::gauge!("safeharbor_outbox_depth", "state" => "pending").set(pending as f64);
            metrics::gauge!("safeharbor_outbox_depth", "state" => "failed").set(failed as f64);
        }
    }

    /// Claim what is due and deliver it; returns when every claimed row has an outcome.
    pub async fn pass(&self) -> Result<PassReport, StoreError> {
        let rows = self.claim(self.0.settings.batch).await?;
        let mut report = PassReport {
            claimed: rows.len(),
            ..Default::default()
        };
        let mut set = JoinSet::new();
        self.spawn(&mut set, rows);
        while let Some(done) = set.join_next().await {
            report.count(done);
        }
        self.gauges().await;
        Ok(report)
    }

    /// Deliver until `shutdown`, waking on `wake` (a request queued messages) or on the
    /// poll interval (retries coming due).
    ///
    /// Deliveries run continuously: when fewer than half a batch of claimed rows are left
    /// unfinished, more are claimed, so one slow message does not hold up the next batch
    /// and each platform's bound stays full. At most a batch is claimed at a time. On
    /// shutdown nothing more is claimed and the deliveries under way are finished.
    pub async fn run(self, wake: Arc<Notify>, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let batch = self.0.settings.batch.max(1);
        let poll = self.0.settings.poll;
        let refill_at = (batch / 2) as usize;
        let mut set: Deliveries = JoinSet::new();
        let mut tally = PassReport::default();
        // The last claim got all it asked for: more may be due now.
        let mut more_due = false;
        // Look for due rows now (a wake, or the poll interval passed).
        let mut look = true;
        let mut next_poll = tokio::time::Instant::now() + poll;
        let gather = self.0.settings.gather;
        // A wake came while deliveries were under way: claim at this time.
        let mut gathered: Option<tokio::time::Instant> = None;
        loop {
            if set.len() <= refill_at && (more_due || look) {
                let want = batch - set.len() as i64;
                match self.claim(want).await {
                    Ok(rows) => {
                        more_due = rows.len() as i64 >= want;
                        tally.claimed += rows.len();
                        self.spawn(&mut set, rows);
                    }
                    Err(e) => {
                        warn!(error = %e, "outbox claim failed; retrying shortly");
                        more_due = false;
                    }
                }
                look = false;
                gathered = None;
                next_poll = tokio::time::Instant::now() + poll;
                self.gauges().await;
            }
            tokio::select! {
                _ = &mut shutdown => break,
                Some(done) = set.join_next(), if !set.is_empty() => tally.count(done),
                _ = wake.notified() => {
                    if set.is_empty() || gather.is_zero() {
                        look = true;
                    } else {
                        gathered.get_or_insert_with(|| tokio::time::Instant::now() + gather);
                    }
                }
                _ = tokio::time::sleep_until(gathered.unwrap_or(next_poll)), if gathered.is_some() => {
                    gathered = None;
                    look = true;
                }
                _ = tokio::time::sleep_until(next_poll) => look = true,
            }
        }
        while let Some(done) = set.join_next().await {
            tally.count(done);
        }
        debug!(
            claimed = tally.claimed,
            sent = tally.sent,
            retried = tally.retried,
            failed = tally.failed,
            "outbox dispatcher stopped"
        );
    }
}

type Deliveries = JoinSet<Result<Result_, StoreError>>;

impl PassReport {
    fn count(&mut self, done: Result<Result<Result_, StoreError>, tokio::task::JoinError>) {
        match done {
            Ok(Ok(Result_::Sent)) => self.sent += 1,
            Ok(Ok(Result_::Retried)) => self.retried += 1,
            Ok(Ok(Result_::Failed)) => self.failed += 1,
            // The row stays claimed until its lease ends, then is tried again.
            Ok(Err(e)) => {
                warn!(error = %e, "outbox bookkeeping failed; the message will be retried")
            }
            Err(e) => warn!(error = %e, "outbox delivery task ended abnormally"),
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

/// Tries at recording a delivery before the row is left to its lease.
const RECORD_TRIES: u32 = 8;

/// Record that a message reached its person. The message is out, so this record is what
/// keeps it from being sent again: a failure (the database busy or briefly unreachable)
/// is tried again, backing off from 100 ms to 5 s (about 16 s in all), before the row is
/// left claimed; it is then claimed again when its lease ends, and the platform is asked
/// first whether the message arrived.
async fn record_sent(inner: &Inner, id: i64) -> Result<(), StoreError> {
    let engine = &inner.engine;
    let mut wait = Duration::from_millis(100);
    let mut tries = 1;
    loop {
        match engine
            .store
            .mark_outbox_sent(id, engine.clock.now().timestamp_millis())
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) if tries < RECORD_TRIES => {
                warn!(outbox_id = id, error = %e, "recording a delivery failed; trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

async fn deliver(inner: &Inner, row: OutboxRecord) -> Result<Result_, StoreError> {
    let engine = &inner.engine;
    let now = engine.clock.now().timestamp_millis();
    let platform = row.platform;
    let outcome = match inner.lanes.get(&platform) {
        // Someone the roster gives no platform: only a console session of theirs can show
        // it. Retried like any failure, so the admins hear of it when the window closes.
        None if platform == Platform::Console => Err(SendError::Transient(
            "no Slack id, Discord id or Teams webhook URL on the roster".into(),
        )),
        None => Err(SendError::Transient(format!(
            "{platform} is not configured"
        ))),
        Some(lane) => {
            // Wait out a short rate-limit pause (once); give a long one back to the outbox,
            // due when it ends, without calling the platform. Checked again once a permit
            // is held, since a pause may have begun while this row waited for one.
            let mut waited = false;
            let _permit = loop {
                let now_ms = engine.clock.now().timestamp_millis();
                if let Some(left) = lane.pause_left(now_ms) {
                    if waited || left > inner.settings.max_hold {
                        let due = now_ms + left.as_millis() as i64;
                        engine
                            .store
                            .retry_outbox(
                                row.id,
                                due,
                                false,
                                "waiting out the platform's rate limit",
                            )
                            .await?;
                        metrics::counter!("safeharbor_outbox_retries_total", "platform" => platform.as_str()).increment(1);
                        return Ok(Result_::Retried);
                    }
                    tokio::time::sleep(left).await;
                    waited = true;
                    continue;
                }
                let permit = lane.permits.acquire().await;
                if lane
                    .pause_left(engine.clock.now().timestamp_millis())
                    .is_none()
                {
                    break permit;
                }
            };
            let messenger = &lane.messenger;
            match engine.store.person(row.recipient_id).await? {
                None => Err(SendError::Permanent(
                    "recipient is no longer on the roster".into(),
                )),
                Some(person) => match engine.open_payload(&row.payload_sealed) {
                    // Sealed under a new key by `rekey` while this process ran: left for a
                    // process with the new key (this one is about to stop, see
                    // `crate::presence`), not failed.
                    Err(_)
                        if !crate::presence::key_is_current(engine.store.as_ref(), &engine.key)
                            .await? =>
                    {
                        Err(SendError::Transient(
                            "sealed under a newer data key than this process's".into(),
                        ))
                    }
                    Err(_) => Err(SendError::Permanent(
                        "message cannot be opened with this data key".into(),
                    )),
                    Ok(reply) => messenger
                        .send(
                            &person,
                            &reply,
                            &row.key,
                            row.maybe_sent().then_some(super::MaybeSent {
                                queued_ms: row.created_ms,
                            }),
                        )
                        .await
                        .map(|_| ()),
                },
            }
        }
    };
    let label = platform.as_str();
    match outcome {
        Ok(()) => {
            record_sent(inner, row.id).await?;
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
                SendError::RetryAfter(d) => {
                    if let Some(lane) = inner.lanes.get(&platform) {
                        lane.pause(engine.clock.now().timestamp_millis(), d);
                    }
                    d
                }
                _ => backoff(&inner.settings, row.id, row.attempts),
            };
            engine
                .store
                .retry_outbox(
                    row.id,
                    now + wait.as_millis() as i64,
                    matches!(e, SendError::Unsure(_)),
                    &kind,
                )
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

    /// An engine on a fresh SQLite file with `messages` Slack messages due for one person,
    /// keyed `k0`, `k1`, … in the order they are claimed.
    async fn queued(messages: usize) -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("rate.db").display());
        let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
        let config = Arc::new(
            crate::config::from_parts(
                Some("[[schools]]\nid = \"s\"\nname = \"S\"\ntime_zone = \"America/Phoenix\"\n"),
                None,
                &env,
            )
            .unwrap(),
        );
        let key =
            crate::crypto::DataKey::from_base64(&crate::crypto::DataKey::generate_base64(), "t")
                .unwrap();
        let engine = crate::app::build_engine(config, Arc::new(crate::clock::SystemClock), key)
            .await
            .unwrap();
        engine
            .store
            .import_people(
                &[crate::domain::NewPerson {
                    school_id: "s".into(),
                    name: "T".into(),
                    email: "t@x.org".into(),
                    roles: vec![crate::domain::Role::Teacher],
                    locale: None,
                    slack_user_id: Some("U0T0000001".into()),
                    discord_user_id: None,
                    teams_user_id: None,
                    teams_webhook_url: None,
                    position: 1,
                    demo: false,
                }],
                0,
            )
            .await
            .unwrap();
        queue(&engine, 0..messages).await;
        (dir, engine)
    }

    /// Queue messages keyed `k{i}` for each i in `keys`, due now.
    async fn queue(engine: &Engine, keys: std::ops::Range<usize>) {
        let to = engine.store.people().await.unwrap()[0].id;
        let now_ms = engine.clock.now().timestamp_millis();
        let payload = serde_json::to_vec(&crate::engine::Payload {
            v: 1,
            reply: crate::engine::Reply::new().text("Reminder."),
        })
        .unwrap();
        let rows: Vec<crate::store::NewOutbox> = keys
            .map(|i| crate::store::NewOutbox {
                key: format!("k{i}"),
                recipient_id: to,
                platform: Platform::Slack,
                kind: crate::domain::OutboxKind::Reminder,
                concern_id: None,
                payload_sealed: engine.key.seal(&payload),
                created_ms: now_ms,
                next_attempt_ms: now_ms,
            })
            .collect();
        engine.store.queue_outbox(&rows).await.unwrap();
    }

    /// What a [`TestMessenger`] makes of one send: Ok (delivered) or the platform's error.
    type Outcome =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), SendError>> + Send>>;

    /// A Slack test platform on which `decide` gives each send's outcome from the message's
    /// key. It notes for the tests how many sends are in flight (and the most at once),
    /// when each key's latest send started, whether each send was asked to look for an
    /// earlier attempt first, each key's deliveries, and how many sends it refused.
    struct TestMessenger {
        decide: Box<dyn Fn(&str) -> Outcome + Send + Sync>,
        in_flight: std::sync::atomic::AtomicUsize,
        peak: std::sync::atomic::AtomicUsize,
        started: std::sync::Mutex<HashMap<String, std::time::Instant>>,
        looked: std::sync::Mutex<HashMap<String, Vec<bool>>>,
        delivered: std::sync::Mutex<HashMap<String, usize>>,
        refused: std::sync::atomic::AtomicUsize,
    }

    impl TestMessenger {
        fn new<F, Fut>(decide: F) -> Arc<Self>
        where
            F: Fn(&str) -> Fut + Send + Sync + 'static,
            Fut: std::future::Future<Output = Result<(), SendError>> + Send + 'static,
        {
            Arc::new(Self {
                decide: Box::new(move |key: &str| -> Outcome { Box::pin(decide(key)) }),
                in_flight: Default::default(),
                peak: Default::default(),
                started: Default::default(),
                looked: Default::default(),
                delivered: Default::default(),
                refused: Default::default(),
            })
        }
    }

    #[async_trait::async_trait]
    impl Messenger for TestMessenger {
        fn platform(&self) -> Platform {
            Platform::Slack
        }
        async fn send(
            &self,
            _to: &crate::domain::Person,
            _m: &crate::engine::Reply,
            key: &str,
            maybe_sent: Option<super::super::MaybeSent>,
        ) -> Result<super::super::Delivered, SendError> {
            use std::sync::atomic::Ordering::SeqCst;
            self.looked
                .lock()
                .unwrap()
                .entry(key.to_string())
                .or_default()
                .push(maybe_sent.is_some());
            let now = self.in_flight.fetch_add(1, SeqCst) + 1;
            self.peak.fetch_max(now, SeqCst);
            self.started
                .lock()
                .unwrap()
                .insert(key.to_string(), std::time::Instant::now());
            let outcome = (self.decide)(key).await;
            self.in_flight.fetch_sub(1, SeqCst);
            match outcome {
                Ok(()) => {
                    *self
                        .delivered
                        .lock()
                        .unwrap()
                        .entry(key.to_string())
                        .or_default() += 1;
                    Ok(Default::default())
                }
                Err(e) => {
                    self.refused.fetch_add(1, SeqCst);
                    Err(e)
                }
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrency_is_bounded_and_a_rate_limit_pauses_the_platform() {
        const MESSAGES: usize = 60;
        const PER_PLATFORM: usize = 4;
        let (_dir, engine) = queued(MESSAGES).await;

        // The platform takes 10 messages per 150 ms window and answers the rest "slow
        // down, retry after what is left of the window".
        const PER_WINDOW: usize = 10;
        let window = Duration::from_millis(150);
        let state = Arc::new(std::sync::Mutex::new((std::time::Instant::now(), 0)));
        let limited = TestMessenger::new(move |_| {
            let state = state.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(2)).await;
                let mut st = state.lock().unwrap();
                let t = std::time::Instant::now();
                if t - st.0 >= window {
                    *st = (t, 0);
                }
                st.1 += 1;
                if st.1 <= PER_WINDOW {
                    Ok(())
                } else {
                    let left = window.saturating_sub(t - st.0);
                    Err(SendError::RetryAfter(left.max(Duration::from_millis(1))))
                }
            }
        });
        let d = Dispatcher::new(
            engine.clone(),
            vec![limited.clone() as Arc<dyn Messenger>],
            DispatchSettings {
                batch: 100,
                per_platform: PER_PLATFORM,
                ..Default::default()
            },
        );
        let started = std::time::Instant::now();
        while engine.store.outbox_depth().await.unwrap().0 > 0 {
            assert!(started.elapsed() < Duration::from_secs(30), "stuck");
            d.pass().await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let delivered = limited.delivered.lock().unwrap().clone();
        assert_eq!(delivered.len(), MESSAGES, "every message delivered");
        assert!(delivered.values().all(|n| *n == 1), "none twice");
        let peak = limited.peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            peak <= PER_PLATFORM,
            "at most {PER_PLATFORM} at once, saw {peak}"
        );
        // Each window's limit is met by at most the deliveries already in flight; without
        // the pause, the first pass alone would run 50 of its 60 rows into the limit.
        let refused = limited.refused.load(std::sync::atomic::Ordering::SeqCst);
        let windows = MESSAGES / PER_WINDOW + 1;
        assert!(
            refused <= PER_PLATFORM * windows,
            "{refused} refusals for {windows} windows: the platform was not paused"
        );
    }

    /// A platform on which the message keyed `k0` does not come back until the returned
    /// [`Notify`] releases it; every other message takes a millisecond.
    fn k0_slow() -> (Arc<TestMessenger>, Arc<Notify>) {
        let release = Arc::new(Notify::new());
        let waits = release.clone();
        let slow = TestMessenger::new(move |key| {
            let hangs = key == "k0";
            let release = waits.clone();
            async move {
                if hangs {
                    release.notified().await;
                } else {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Ok(())
            }
        });
        (slow, release)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_slow_message_does_not_hold_up_the_rest() {
        const MESSAGES: usize = 40;
        let (_dir, engine) = queued(MESSAGES).await;
        let (slow, release) = k0_slow();
        let d = Dispatcher::new(
            engine.clone(),
            vec![slow.clone() as Arc<dyn Messenger>],
            DispatchSettings {
                batch: 8,
                per_platform: 2,
                poll: Duration::from_millis(20),
                ..Default::default()
            },
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(d.run(Arc::new(Notify::new()), async {
            let _ = stopped.await;
        }));

        // k0 (in the first batch) hangs; every other message still gets through.
        let started = std::time::Instant::now();
        while engine.store.outbox_depth().await.unwrap().0 > 1 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the rest waited for the slow message: {:?} left",
                engine.store.outbox_depth().await.unwrap()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(!slow.delivered.lock().unwrap().contains_key("k0"));
        assert_eq!(slow.delivered.lock().unwrap().len(), MESSAGES - 1);

        release.notify_one();
        while engine.store.outbox_depth().await.unwrap().0 > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "k0 not recorded"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let _ = stop.send(());
        running.await.unwrap();
        let delivered = slow.delivered.lock().unwrap().clone();
        assert_eq!(delivered.len(), MESSAGES);
        assert!(delivered.values().all(|n| *n == 1), "none twice");
        let peak = slow.peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!(peak <= 2, "at most 2 at once, saw {peak}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_delivery_recorded_while_the_database_is_locked_is_recorded_when_it_frees() {
        let (dir, engine) = queued(1).await;
        // The platform delivers, and meanwhile another process takes the database's write
        // lock for longer than the busy timeout (5 s), so the first try at recording the
        // delivery fails.
        let url = format!("sqlite://{}", dir.path().join("rate.db").display());
        let platform = TestMessenger::new(move |_| {
            let url = url.clone();
            async move {
                use sqlx::Connection;
                let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::query("BEGIN IMMEDIATE")
                    .execute(&mut other)
                    .await
                    .unwrap();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(5600)).await;
                    sqlx::query("COMMIT").execute(&mut other).await.unwrap();
                });
                Ok(())
            }
        });
        let d = Dispatcher::new(
            engine.clone(),
            vec![platform.clone() as Arc<dyn Messenger>],
            Default::default(),
        );
        let report = d.pass().await.unwrap();
        assert_eq!(report.sent, 1, "{report:?}");
        assert_eq!(engine.store.outbox_depth().await.unwrap(), (0, 0));
        // Nothing is left to claim, so nothing goes out again when the lease would end.
        let later = Dispatcher::new(
            engine.clone(),
            vec![platform.clone() as Arc<dyn Messenger>],
            DispatchSettings {
                lease: Duration::ZERO,
                ..Default::default()
            },
        );
        assert_eq!(later.pass().await.unwrap().claimed, 0);
        let sent: usize = platform.delivered.lock().unwrap().values().sum();
        assert_eq!(sent, 1);
    }

    #[tokio::test]
    async fn only_a_message_that_may_have_arrived_is_looked_for_first() {
        let (_dir, engine) = queued(4).await;
        // k0 was claimed by a dispatcher that died before recording any outcome.
        let now_ms = engine.clock.now().timestamp_millis();
        let taken = engine.store.claim_outbox(now_ms, now_ms, 1).await.unwrap();
        assert_eq!(taken[0].key, "k0");
        let unsure = || SendError::Unsure("slack call timed out".into());
        let transient = || SendError::Transient("slack http 503".into());
        // The platform answers each key from this script, then Ok.
        let script: std::sync::Mutex<HashMap<String, std::collections::VecDeque<SendError>>> =
            std::sync::Mutex::new(
                [
                    ("k1", vec![transient()]),
                    ("k2", vec![unsure(), transient()]),
                    ("k3", vec![SendError::RetryAfter(Duration::from_millis(1))]),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect(),
            );
        let platform = TestMessenger::new(move |key| {
            let next = script
                .lock()
                .unwrap()
                .get_mut(key)
                .and_then(|q| q.pop_front());
            async move { next.map_or(Ok(()), Err) }
        });
        let d = Dispatcher::new(
            engine.clone(),
            vec![platform.clone() as Arc<dyn Messenger>],
            DispatchSettings {
                base_backoff: Duration::from_millis(1),
                ..Default::default()
            },
        );
        let started = std::time::Instant::now();
        while engine.store.outbox_depth().await.unwrap().0 > 0 {
            assert!(started.elapsed() < Duration::from_secs(20), "stuck");
            d.pass().await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let looked = platform.looked.lock().unwrap().clone();
        // The orphaned claim: looked for. A definite failure (a 503 answer, a rate
        // limit): not. After an unsure one: looked for on every later try.
        assert_eq!(looked["k0"], [true]);
        assert_eq!(looked["k1"], [false, false]);
        assert_eq!(looked["k2"], [false, true, true]);
        assert_eq!(looked["k3"], [false, false]);
    }

    /// While k0's delivery is under way, ten messages are queued 10 ms apart, each with a
    /// wake. Returns how far apart their deliveries started.
    async fn spread_of_a_burst(gather: Duration) -> Duration {
        let (_dir, engine) = queued(1).await;
        let (slow, release) = k0_slow();
        let d = Dispatcher::new(
            engine.clone(),
            vec![slow.clone() as Arc<dyn Messenger>],
            DispatchSettings {
                gather,
                poll: Duration::from_secs(30),
                ..Default::default()
            },
        );
        let wake = Arc::new(Notify::new());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(d.run(wake.clone(), async {
            let _ = stopped.await;
        }));
        while slow.in_flight.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        for i in 1..=10 {
            queue(&engine, i..i + 1).await;
            wake.notify_one();
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let started = std::time::Instant::now();
        while slow.delivered.lock().unwrap().len() < 10 {
            assert!(started.elapsed() < Duration::from_secs(20), "not delivered");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        release.notify_one();
        let _ = stop.send(());
        running.await.unwrap();
        let times: Vec<std::time::Instant> = (1..=10)
            .map(|i| slow.started.lock().unwrap()[&format!("k{i}")])
            .collect();
        *times.iter().max().unwrap() - *times.iter().min().unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn wakes_during_deliveries_gather_into_one_claim() {
        // Gathering for a second: the ten are claimed together and start together.
        let gathered = spread_of_a_burst(Duration::from_secs(1)).await;
        assert!(gathered < Duration::from_millis(50), "{gathered:?}");
        // Without: each wake claims at once, so they start as they were queued.
        let each = spread_of_a_burst(Duration::ZERO).await;
        assert!(each >= Duration::from_millis(80), "{each:?}");
    }
}
