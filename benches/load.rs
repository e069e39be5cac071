//! Load scripts for issue 9 (see BENCHMARKS.md for how each is run and what it showed).
//! One program, one job per subcommand; built with the release profile by `cargo bench`:
//!
//! ```text
//! cargo bench --bench load -- concerns --url http://127.0.0.1:8080 [--seconds 20] [--warmup 3]
//!       [--conns 16] [--pid PID] [--db DATABASE_URL]
//!     Signed /concern modal submissions (Slack view_submission, each one new) against a
//!     running `safeharbor serve`, closed loop; rate, latency, server CPU and RSS; with
//!     --db, counts the concerns, audit rows and handoff rows written afterwards.
//! cargo bench --bench load -- outbox [--messages 10000] [--people 500] [--db URL]
//!       [--mock-max-concurrent 16] [--mock-rate 0]
//!     Queues due reminders, then runs the outbox dispatcher (as `serve` does) against a
//!     mock Slack Web API on loopback that counts concurrent requests and, with
//!     --mock-rate N, answers 429 + Retry-After above N requests a second.
//! cargo bench --bench load -- seed-plans --db URL [--plans 100000] [--reminders 100000]
//!     Writes check-in plans (each with an assignee) and pending reminder messages.
//! cargo bench --bench load -- start --bin target/release/safeharbor [--config FILE]
//!       [--db URL] [--watch 40]
//!     Starts `serve`, times its first good /readyz, then samples its RSS while the
//!     scheduler and dispatcher work, and prints the peak.
//! ```
//!
//! Every server this talks to must be on loopback; the signing secret comes from
//! `SLACK_SIGNING_SECRET` (the one `benches/perf.toml` runs use).
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use safeharbor::clock::{Clock, SharedClock, SystemClock};
use safeharbor::domain::{NewPerson, OutboxKind, Platform, Role};
use safeharbor::engine::{Payload, Reply};
use safeharbor::store::NewOutbox;

type Args = HashMap<String, String>;

fn parse_args(raw: &[String]) -> anyhow::Result<Args> {
    let mut out = HashMap::new();
    let mut it = raw.iter();
    while let Some(k) = it.next() {
        let Some(name) = k.strip_prefix("--") else {
            bail!("unexpected argument {k}");
        };
        let v = it
            .next()
            .with_context(|| format!("--{name} needs a value"))?;
        out.insert(name.to_string(), v.clone());
    }
    Ok(out)
}

fn arg<T: std::str::FromStr>(a: &Args, name: &str, default: T) -> anyhow::Result<T> {
    match a.get(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| anyhow::anyhow!("--{name}: cannot read {v:?}")),
    }
}

fn loopback(url: &str) -> anyhow::Result<()> {
    let u: url::Url = url.parse().context("not a URL")?;
    let host = u.host_str().unwrap_or_default();
    if u.scheme() != "http" || !(host == "localhost" || host.starts_with("127.") || host == "[::1]")
    {
        bail!("refusing {url}: only http:// on loopback");
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` adds `--bench`; nothing else is passed unless given after `--`.
    let raw: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some((job, rest)) = raw.split_first() else {
        println!(
            "{}",
            include_str!("load.rs")
                .lines()
                .take(22)
                .collect::<Vec<_>>()
                .join("\n")
        );
        return Ok(());
    };
    let args = parse_args(rest)?;
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    // The load and the mock Slack stand in for Slack's side of the wire, so they should
    // take as little of the two cores as they can: one thread each, no work stealing
    // and no wake-ups between threads. The jobs that run SafeHarbor's own code in this
    // process (outbox, start, seed-plans) get the runtime `serve` has.
    let rt = if matches!(job.as_str(), "concerns" | "mock-slack") {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
    };
    rt.block_on(async {
        match job.as_str() {
            "concerns" => concerns(&args).await,
            "outbox" => outbox(&args).await,
            "seed-plans" => seed_plans(&args).await,
            "start" => start(&args).await,
            "mock-slack" => mock_slack(&args).await,
            other => {
                bail!("unknown job {other}: concerns, outbox, seed-plans, start or mock-slack")
            }
        }
    })
}

fn now_secs() -> i64 {
    SystemClock.now().timestamp()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// CPU seconds (user + system) and peak RSS (KiB) of a process, from /proc.
fn proc_usage(pid: u32) -> Option<(f64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((ticks / 100.0, hwm))
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn busy_share() -> Option<(u64, u64)> {
    let s = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu: Vec<u64> = s
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    let idle = cpu.get(3)? + cpu.get(4)?;
    Some((cpu.iter().sum(), idle))
}

// ---------------------------------------------------------------------------------------
// concerns

/// Placeholders in the encoded body template (form encoding leaves them as they are).
const VIEW_SLOT: &str = "VIEWSLOT";
const STUDENT_SLOT: &str = "STUDENTSLOT";

/// One submission's form body: the template of `submission_template` with this view id
/// and student number put in (each submission is a new modal, so a new concern).
fn submission(template: &str, view_id: &str, n: u64) -> String {
    template
        .replacen(VIEW_SLOT, view_id, 1)
        .replacen(STUDENT_SLOT, &n.to_string(), 1)
}

/// The form body of a view_submission, encoded once; `submission` fills in each one.
fn submission_template(user: &str, team: &str) -> String {
    let (view_id, n) = (VIEW_SLOT, STUDENT_SLOT);
    let payload = serde_json::json!({
        "type": "view_submission",
        "team": {"id": team, "domain": "perf"},
        "user": {"id": user, "username": "perf", "name": "perf", "team_id": team},
        "api_app_id": "A0PERF0001",
        "trigger_id": "1.2.perf",
        "view": {
            "id": view_id,
            "team_id": team,
            "type": "modal",
            "callback_id": "concern",
            "private_metadata": "{}",
            "blocks": [],
            "state": {"values": {
                "student_ref": {"value": {"type": "plain_text_input", "value": format!("S-{n}")}},
                "indicators": {"value": {"type": "multi_static_select", "selected_options": [
                    {"text": {"type": "plain_text", "text": "x"}, "value": "sex-hotel-motel"},
                    {"text": {"type": "plain_text", "text": "y"}, "value": "labor-debt-to-employer"}
                ]}},
                "details": {"value": {"type": "plain_text_input", "value":
                    "Seen twice this week being picked up after school by an older man who is not family; new phone and nails; sleeps in class."}},
                "immediate_danger": {"value": {"type": "radio_buttons", "selected_option": {"text": {"type": "plain_text", "text": "No"}, "value": "no"}}}
            }},
            "hash": "1.perf"
        }
    });
    serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form encodes")
}

struct Tally {
    ok: AtomicU64,
    errors: AtomicU64,
    first_error: std::sync::Mutex<Option<String>>,
}

async fn concerns(a: &Args) -> anyhow::Result<()> {
    let url = a
        .get("url")
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    loopback(&url)?;
    let secret = std::env::var("SLACK_SIGNING_SECRET").context("SLACK_SIGNING_SECRET")?;
    let seconds: f64 = arg(a, "seconds", 20.0)?;
    let warmup: f64 = arg(a, "warmup", 3.0)?;
    let conns: usize = arg(a, "conns", 16)?;
    let pid: Option<u32> = a.get("pid").map(|p| p.parse()).transpose()?;
    let user = a
        .get("user")
        .cloned()
        .unwrap_or_else(|| "U0PERF0001".into());
    let team = a
        .get("team")
        .cloned()
        .unwrap_or_else(|| "T0PERF0001".into());
    let run = format!("{:x}", now_secs());
    let endpoint = format!("{}/slack/interactions", url.trim_end_matches('/'));
    let template = Arc::new(submission_template(&user, &team));

    let tally = Arc::new(Tally {
        ok: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        first_error: std::sync::Mutex::new(None),
    });
    let started = Instant::now();
    let measure_from = started + Duration::from_secs_f64(warmup);
    let end = measure_from + Duration::from_secs_f64(seconds);
    let mut workers = vec![];
    for w in 0..conns {
        let (endpoint, secret, template, run, tally) = (
            endpoint.clone(),
            secret.clone(),
            template.clone(),
            run.clone(),
            tally.clone(),
        );
        workers.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client builds");
            let mut latencies: Vec<u32> = Vec::with_capacity(100_000);
            let mut n: u64 = 0;
            loop {
                let t0 = Instant::now();
                if t0 >= end {
                    break;
                }
                n += 1;
                let view = format!("V{run}-{w}-{n}");
                let body = submission(&template, &view, n);
                let ts = now_secs();
                let sig = safeharbor::adapters::slack::verify::sign(&secret, ts, body.as_bytes());
                let r = client
                    .post(&endpoint)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-slack-request-timestamp", ts.to_string())
                    .header("x-slack-signature", sig)
                    .body(body)
                    .send()
                    .await;
                let good = match r {
                    Ok(r) if r.status().is_success() => match r.text().await {
                        Ok(t) if t.contains("\"response_action\":\"update\"") => Ok(()),
                        Ok(t) => Err(format!(
                            "200 but {}",
                            t.chars().take(200).collect::<String>()
                        )),
                        Err(e) => Err(e.to_string()),
                    },
                    Ok(r) => Err(format!("status {}", r.status())),
                    Err(e) => Err(e.to_string()),
                };
                let done = Instant::now();
                match good {
                    Ok(()) => {
                        tally.ok.fetch_add(1, Ordering::Relaxed);
                        if t0 >= measure_from {
                            latencies.push((done - t0).as_micros().min(u32::MAX as u128) as u32);
                        }
                    }
                    Err(e) => {
                        tally.errors.fetch_add(1, Ordering::Relaxed);
                        tally.first_error.lock().unwrap().get_or_insert(e);
                    }
                }
            }
            latencies
        }));
    }
    // Server CPU and the machine's busy share over the measured part only.
    tokio::time::sleep_until(measure_from.into()).await;
    let cpu0 = pid.and_then(proc_usage);
    let own0 = proc_usage(std::process::id());
    let busy0 = busy_share();
    let ok0 = tally.ok.load(Ordering::Relaxed);
    tokio::time::sleep_until(end.into()).await;
    let cpu1 = pid.and_then(proc_usage);
    let own1 = proc_usage(std::process::id());
    let busy1 = busy_share();
    let ok1 = tally.ok.load(Ordering::Relaxed);
    let mut lat: Vec<u32> = vec![];
    for w in workers {
        lat.extend(w.await?);
    }
    lat.sort_unstable();
    let measured = ok1 - ok0;
    println!(
        "concerns: {conns} connections, {warmup}s warmup + {seconds}s measured against {endpoint}"
    );
    println!(
        "RESULT concerns_per_s={:.0} measured={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} total_ok={} errors={}",
        measured as f64 / seconds,
        measured,
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0),
        tally.ok.load(Ordering::Relaxed),
        tally.errors.load(Ordering::Relaxed),
    );
    if let Some(e) = tally.first_error.lock().unwrap().as_ref() {
        println!("first error: {e}");
    }
    if let (Some((c0, _)), Some((c1, hwm))) = (cpu0, cpu1) {
        println!(
            "server: {:.0} µs CPU per concern, peak RSS {:.1} MiB",
            (c1 - c0) * 1e6 / measured.max(1) as f64,
            hwm as f64 / 1024.0
        );
    }
    if let (Some((c0, _)), Some((c1, _))) = (own0, own1) {
        println!(
            "load program: {:.0} µs CPU per concern",
            (c1 - c0) * 1e6 / measured.max(1) as f64
        );
    }
    if let (Some((t0, i0)), Some((t1, i1))) = (busy0, busy1) {
        let total = (t1 - t0).max(1) as f64;
        println!(
            "machine busy {:.0}% during the measured part (all processes)",
            100.0 * (1.0 - (i1 - i0) as f64 / total)
        );
    }
    if let Some(db) = a.get("db") {
        let key = format!("slack:view:V{run}-%");
        let [concerns, events, handoffs, delivered] = count_rows(db, &key).await?;
        let sent = tally.ok.load(Ordering::Relaxed);
        println!(
            "rows: {concerns} concerns for {sent} receipts ({}), {events} audit rows, {handoffs} handoff messages ({:.2} per concern), {delivered} of them delivered when the load stopped",
            if concerns == sent as i64 {
                "none lost, none doubled"
            } else {
                "MISMATCH"
            },
            handoffs as f64 / concerns.max(1) as f64
        );
    }
    Ok(())
}

async fn count_rows(db: &str, key: &str) -> anyhow::Result<[i64; 4]> {
    const CONCERNS: &str = "SELECT count(*) FROM concerns WHERE request_key LIKE $1";
    const EVENTS: &str = "SELECT count(*) FROM concern_events e JOIN concerns c ON e.concern_id = c.id WHERE c.request_key LIKE $1";
    const HANDOFFS: &str = "SELECT count(*) FROM outbox o JOIN concerns c ON o.concern_id = c.id WHERE c.request_key LIKE $1 AND o.kind = 'handoff'";
    const DELIVERED: &str = "SELECT count(*) FROM outbox o JOIN concerns c ON o.concern_id = c.id WHERE c.request_key LIKE $1 AND o.kind = 'handoff' AND o.state = 'sent'";
    const QUERIES: [&str; 4] = [CONCERNS, EVENTS, HANDOFFS, DELIVERED];
    let mut out = [0i64; 4];
    if db.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(db).await?;
        for (i, q) in QUERIES.into_iter().enumerate() {
            out[i] = sqlx::query_scalar(q).bind(key).fetch_one(&pool).await?;
        }
    } else {
        let pool = sqlx::PgPool::connect(db).await?;
        for (i, q) in QUERIES.into_iter().enumerate() {
            out[i] = sqlx::query_scalar(q).bind(key).fetch_one(&pool).await?;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// outbox

const PERF_TOML: &str = include_str!("perf.toml");

/// A mock of the two Slack Web API methods a private message uses, counting requests in
/// flight at once and, optionally, answering 429 above a rate.
#[derive(Default)]
struct MockStats {
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    over_limit: AtomicU64,
    opens: AtomicU64,
    posts: AtomicU64,
    histories: AtomicU64,
    limited: AtomicU64,
    /// Token bucket for --mock-rate: (tokens, last refill).
    bucket: std::sync::Mutex<(f64, Option<Instant>)>,
}

struct Mock {
    stats: MockStats,
    max_concurrent: usize,
    rate: f64,
}

impl Mock {
    /// One token per request; false when the bucket is empty (then: 429, Retry-After 1).
    fn admit(&self) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        let mut b = self.stats.bucket.lock().unwrap();
        let now = Instant::now();
        // The bucket starts full.
        let Some(last) = b.1.replace(now) else {
            b.0 = self.rate - 1.0;
            return true;
        };
        // A one-second burst at most.
        b.0 = (b.0 + (now - last).as_secs_f64() * self.rate).min(self.rate);
        if b.0 >= 1.0 {
            b.0 -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What the mock reads of a Web API call (see `mock_method`).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MockFields {
    users: Option<Users>,
    user: Option<String>,
    channel: Option<String>,
}

/// conversations.open's `users`: an array from slack-morphism, a comma-separated string
/// in Slack's documentation.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Users {
    Many(Vec<String>),
    One(String),
}

async fn mock_method(
    axum::extract::State(mock): axum::extract::State<Arc<Mock>>,
    axum::extract::Path(method): axum::extract::Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    body: axum::body::Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let s = &mock.stats;
    let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    s.peak.fetch_max(now, Ordering::SeqCst);
    if now > mock.max_concurrent {
        s.over_limit.fetch_add(1, Ordering::Relaxed);
    }
    // A real API takes a moment; so does this one (and so requests overlap).
    tokio::time::sleep(Duration::from_micros(500)).await;
    let response = if !mock.admit() {
        s.limited.fetch_add(1, Ordering::Relaxed);
        (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1")],
            r#"{"ok":false,"error":"ratelimited"}"#,
        )
            .into_response()
    } else {
        // POST methods send JSON; GET ones (users.info, conversations.history) a query.
        // Only the fields answered with are read (the rest of a message, its blocks, is
        // skipped over without being kept: Slack's side of the wire costs the cores as
        // little as it can).
        let f: MockFields = match query {
            Some(q) if body.is_empty() => serde_urlencoded::from_str(&q).unwrap_or_default(),
            _ => serde_json::from_slice(&body).unwrap_or_default(),
        };
        let answer = match method.as_str() {
            "conversations.open" => {
                s.opens.fetch_add(1, Ordering::Relaxed);
                let user = match &f.users {
                    Some(Users::Many(u)) => u.first().map(String::as_str),
                    Some(Users::One(u)) => Some(u.as_str()),
                    None => None,
                }
                .unwrap_or("U0");
                serde_json::json!({"ok": true, "channel": {"id": format!("D{}", user.trim_start_matches('U'))}})
            }
            "users.info" => {
                let user = f.user.as_deref().unwrap_or("U0");
                serde_json::json!({"ok": true, "user": {"id": user, "team_id": "T0PERF0001", "name": "perf"}})
            }
            // A retried message (after a 429) looks for itself first: not there.
            "conversations.history" => {
                s.histories.fetch_add(1, Ordering::Relaxed);
                serde_json::json!({"ok": true, "messages": [], "has_more": false})
            }
            "chat.postMessage" => {
                let n = s.posts.fetch_add(1, Ordering::Relaxed);
                let ts = format!("1700000000.{n:06}");
                serde_json::json!({"ok": true, "channel": f.channel, "ts": ts,
                    "message": {"type": "message", "text": "x", "ts": ts}})
            }
            _ => serde_json::json!({"ok": false, "error": "unknown_method"}),
        };
        (
            [("content-type", "application/json; charset=utf-8")],
            answer.to_string(),
        )
            .into_response()
    };
    s.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

async fn start_mock(max_concurrent: usize, rate: f64) -> anyhow::Result<(String, Arc<Mock>)> {
    start_mock_on(0, max_concurrent, rate).await
}

async fn start_mock_on(
    port: u16,
    max_concurrent: usize,
    rate: f64,
) -> anyhow::Result<(String, Arc<Mock>)> {
    let mock = Arc::new(Mock {
        stats: MockStats::default(),
        max_concurrent,
        rate,
    });
    let app = axum::Router::new()
        .route(
            "/api/{method}",
            axum::routing::post(mock_method).get(mock_method),
        )
        .with_state(mock.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let url = format!("http://{}/api/", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((url, mock))
}

fn temp_sqlite(name: &str) -> anyhow::Result<(tempfile::TempDir, String)> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.path().join(name).display());
    Ok((dir, url))
}

async fn engine_for(
    db: &str,
    env: &[(&str, String)],
) -> anyhow::Result<safeharbor::engine::Engine> {
    let mut vars: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    vars.insert("DATABASE_URL".into(), db.to_string());
    vars.entry("SLACK_SIGNING_SECRET".into())
        .or_insert_with(|| "perf-harness-not-a-real-secret-0123456789".into());
    let config = safeharbor::config::from_parts(Some(PERF_TOML), None, &|k| vars.get(k).cloned())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let key = safeharbor::crypto::DataKey::from_base64(
        &std::env::var("SAFEHARBOR_DATA_KEY")
            .unwrap_or_else(|_| safeharbor::crypto::DataKey::generate_base64()),
        "load",
    )?;
    let clock: SharedClock = Arc::new(SystemClock);
    safeharbor::app::build_engine(Arc::new(config), clock, key).await
}

fn staff(n: usize, role: Role) -> NewPerson {
    NewPerson {
        school_id: "perf-hs".into(),
        name: format!("Staff {n}"),
        email: format!("staff{n}@perf.example"),
        roles: vec![role],
        locale: if n.is_multiple_of(3) {
            Some("es".into())
        } else {
            None
        },
        slack_user_id: Some(format!("U{n:08}")),
        discord_user_id: None,
        teams_user_id: None,
        teams_webhook_url: None,
        position: n as i64,
        demo: false,
    }
}

fn sealed_reminder(engine: &safeharbor::engine::Engine, i: usize) -> Vec<u8> {
    let reply = Reply::new()
        .text(format!(
            "Check-in reminder: case C-{} plan {} check-in {}.{} is tomorrow at 10:00.",
            1000 + i,
            i,
            i,
            3
        ))
        .footer("Do not question the student yourself.");
    let json = serde_json::to_vec(&Payload { v: 1, reply }).expect("payload serializes");
    engine.key.seal(&json)
}

async fn outbox(a: &Args) -> anyhow::Result<()> {
    let messages: usize = arg(a, "messages", 10_000)?;
    let people: usize = arg(a, "people", 500)?;
    let max_concurrent: usize = arg(a, "mock-max-concurrent", 16)?;
    let rate: f64 = arg(a, "mock-rate", 0.0)?;
    let (_dir, tmp_url) = temp_sqlite("outbox.db")?;
    let db = a.get("db").cloned().unwrap_or(tmp_url);
    let (api_url, mock) = start_mock(max_concurrent, rate).await?;
    let engine = engine_for(
        &db,
        &[
            ("SLACK_BOT_TOKEN", "xoxb-perf-not-a-real-token".into()),
            ("SLACK_API_URL", api_url),
        ],
    )
    .await?;
    let roster: Vec<NewPerson> = (0..people).map(|n| staff(n, Role::Teacher)).collect();
    engine.store.import_people(&roster, 0).await?;
    let ids: Vec<i64> = engine.store.people().await?.iter().map(|p| p.id).collect();
    let now_ms = engine.clock.now().timestamp_millis();
    let run = now_ms;
    let t_queue = Instant::now();
    let rows: Vec<NewOutbox> = (0..messages)
        .map(|i| NewOutbox {
            key: format!("perf:{run}:{i}"),
            recipient_id: ids[i % ids.len()],
            platform: Platform::Slack,
            kind: OutboxKind::Reminder,
            concern_id: None,
            payload_sealed: sealed_reminder(&engine, i),
            created_ms: now_ms,
            next_attempt_ms: now_ms,
        })
        .collect();
    for chunk in rows.chunks(1000) {
        engine.store.queue_outbox(chunk).await?;
    }
    let (pending, _) = engine.store.outbox_depth().await?;
    println!(
        "outbox: {pending} due reminders queued for {people} people in {:.2}s; dispatching (per platform at most {} at once) to a mock Slack{}",
        t_queue.elapsed().as_secs_f64(),
        safeharbor::outbox::dispatcher::DispatchSettings::default().per_platform,
        if rate > 0.0 {
            format!(" limited to {rate}/s")
        } else {
            String::new()
        }
    );

    let cpu0 = proc_usage(std::process::id());
    let busy0 = busy_share();
    let started = Instant::now();
    let wake = Arc::new(tokio::sync::Notify::new());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let background =
        safeharbor::app::spawn_background(&engine, wake.clone(), stop_rx, false, "load bench")
            .await;
    wake.notify_one();
    let deadline = started + Duration::from_secs(120);
    let elapsed = loop {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if mock.stats.posts.load(Ordering::Relaxed) as usize >= messages {
            let (pending, _) = engine.store.outbox_depth().await?;
            if pending == 0 {
                break started.elapsed();
            }
        }
        if Instant::now() > deadline {
            println!("NOT ALL DELIVERED after 120 s");
            break started.elapsed();
        }
    };
    let cpu1 = proc_usage(std::process::id());
    let busy1 = busy_share();
    let _ = stop_tx.send(true);
    background.join().await;
    let (pending, failed) = engine.store.outbox_depth().await?;
    let s = &mock.stats;
    println!(
        "RESULT delivered={} seconds={:.3} per_s={:.0} pending_after={pending} failed={failed} peak_concurrent={} over_limit={} answered_429={} conversations_open={} conversations_history={} chat_post={}",
        s.posts.load(Ordering::Relaxed),
        elapsed.as_secs_f64(),
        s.posts.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64(),
        s.peak.load(Ordering::SeqCst),
        s.over_limit.load(Ordering::Relaxed),
        s.limited.load(Ordering::Relaxed),
        s.opens.load(Ordering::Relaxed),
        s.histories.load(Ordering::Relaxed),
        s.posts.load(Ordering::Relaxed),
    );
    if let (Some((c0, _)), Some((c1, hwm))) = (cpu0, cpu1) {
        println!(
            "this process (dispatcher + SQLite + mock): {:.0} µs CPU per message, peak RSS {:.1} MiB",
            (c1 - c0) * 1e6 / messages as f64,
            hwm as f64 / 1024.0
        );
    }
    if let (Some((t0, i0)), Some((t1, i1))) = (busy0, busy1) {
        let total = (t1 - t0).max(1) as f64;
        println!(
            "machine busy {:.0}% meanwhile (all processes)",
            100.0 * (1.0 - (i1 - i0) as f64 / total)
        );
    }
    Ok(())
}

/// The mock on its own, for a `serve` under load (`SLACK_API_URL=http://127.0.0.1:PORT/api/`).
async fn mock_slack(a: &Args) -> anyhow::Result<()> {
    let port: u16 = arg(a, "port", 3010)?;
    let max_concurrent: usize = arg(a, "max-concurrent", 16)?;
    let rate: f64 = arg(a, "rate", 0.0)?;
    let (url, mock) = start_mock_on(port, max_concurrent, rate).await?;
    println!("mock Slack Web API at {url} (prints its counts every 5 s while they change)");
    let mut last = (0, 0);
    loop {
        tokio::time::sleep(Duration::from_secs(5)).await;
        let s = &mock.stats;
        let now = (
            s.opens.load(Ordering::Relaxed),
            s.posts.load(Ordering::Relaxed),
        );
        if now != last {
            last = now;
            println!(
                "mock: conversations.open={} chat.postMessage={} peak_concurrent={} over_limit={} answered_429={}",
                now.0,
                now.1,
                s.peak.load(Ordering::SeqCst),
                s.over_limit.load(Ordering::Relaxed),
                s.limited.load(Ordering::Relaxed)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// seed-plans

async fn seed_plans(a: &Args) -> anyhow::Result<()> {
    let db = a
        .get("db")
        .context("--db URL (the database serve will use)")?;
    let plans: usize = arg(a, "plans", 100_000)?;
    let reminders: usize = arg(a, "reminders", 100_000)?;
    let people: usize = arg(a, "people", 2_000)?;
    let engine = engine_for(db, &[]).await?;
    let started = Instant::now();
    let mut roster: Vec<NewPerson> = (0..people)
        .map(|n| {
            staff(
                n,
                match n % 10 {
                    0 => Role::Counselor,
                    1 => Role::Coordinator,
                    _ => Role::Teacher,
                },
            )
        })
        .collect();
    roster[0].roles.push(Role::Admin);
    engine.store.import_people(&roster, 0).await?;
    let counselors: Vec<i64> = engine
        .store
        .people()
        .await?
        .iter()
        .filter(|p| p.has_role(Role::Counselor))
        .map(|p| p.id)
        .collect();
    let now = engine.clock.now();
    let now_ms = now.timestamp_millis();
    // Plans need a case each.
    let mut made = 0;
    while made < plans {
        let n = made;
        let concern = safeharbor::store::NewConcern {
            request_key: format!("seed:{now_ms}:{n}"),
            school_id: "perf-hs".into(),
            reporter_id: None,
            reporter_platform: Platform::Slack,
            reporter_user_id: Some("U0PERF0001".into()),
            immediate_danger: false,
            assigned_to: Some(counselors[n % counselors.len()]),
            sealed: engine
                .key
                .seal(b"{\"student_ref\":\"S\",\"details\":\"d\",\"indicators\":[]}"),
            created_ms: now_ms,
        };
        let filed = engine
            .store
            .file_concern(concern, std::sync::Arc::new(|_| vec![]))
            .await?;
        // A case with a check-in plan has long been acknowledged: not one to escalate.
        let ack = safeharbor::store::ConcernChange {
            concern_id: filed.concern.id,
            from_state: safeharbor::domain::ConcernState::Submitted,
            to_state: Some(safeharbor::domain::ConcernState::Acknowledged),
            assign_to: None,
            acknowledge: true,
            event: safeharbor::store::NewAudit {
                concern_id: filed.concern.id,
                actor_id: Some(counselors[n % counselors.len()]),
                action: safeharbor::domain::AuditAction::Acknowledged,
                detail: None,
                note_sealed: None,
                at_ms: now_ms,
            },
        };
        engine.store.change_concern(&ack, &[]).await?;
        let weekday = ["mon", "tue", "wed", "thu", "fri"][n % 5];
        let plan = safeharbor::store::NewCheckinPlan {
            request_key: None,
            concern_id: filed.concern.id,
            school_id: "perf-hs".into(),
            // The stored form `/checkin schedule` writes (engine::checkin::cadence_text).
            cadence: format!("every 1 weeks on {weekday}"),
            at_time: format!("{:02}:{:02}", 8 + n % 8, (n % 4) * 15),
            time_zone: "America/Phoenix".into(),
            anchor_ms: now_ms,
            until_on: None,
            remind_minutes: vec![1440, 60],
            assignees: vec![counselors[n % counselors.len()]],
            created_by: None,
            created_ms: now_ms,
        };
        engine.store.create_checkin_plan(&plan, &|_| vec![]).await?;
        made += 1;
        if made.is_multiple_of(10_000) {
            println!("  {made} plans ({:.0}s)", started.elapsed().as_secs_f64());
        }
    }
    // Reminders waiting in the outbox, due tomorrow.
    let ids: Vec<i64> = engine.store.people().await?.iter().map(|p| p.id).collect();
    let later = now_ms + 86_400_000;
    let mut queued = 0;
    while queued < reminders {
        let rows: Vec<NewOutbox> = (queued..(queued + 1000).min(reminders))
            .map(|i| NewOutbox {
                key: format!("seed:{now_ms}:r{i}"),
                recipient_id: ids[i % ids.len()],
                platform: Platform::Slack,
                kind: OutboxKind::Reminder,
                concern_id: None,
                payload_sealed: sealed_reminder(&engine, i),
                created_ms: now_ms,
                next_attempt_ms: later,
            })
            .collect();
        queued += rows.len();
        engine.store.queue_outbox(&rows).await?;
    }
    let (pending, _) = engine.store.outbox_depth().await?;
    println!(
        "seeded {plans} check-in plans (weekly, reminders 24 h and 1 h before) and {reminders} pending reminders ({pending} waiting in the outbox) for {people} people in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// start

async fn start(a: &Args) -> anyhow::Result<()> {
    let bin = a.get("bin").context("--bin path/to/safeharbor")?;
    let config = a
        .get("config")
        .cloned()
        .unwrap_or_else(|| "benches/perf.toml".into());
    let db = a.get("db").context("--db URL")?;
    let port: u16 = arg(a, "port", 8099)?;
    let watch: f64 = arg(a, "watch", 40.0)?;
    let url = format!("http://127.0.0.1:{port}/readyz");
    let t0 = Instant::now();
    let mut child = std::process::Command::new(bin)
        .args(["serve", "--dev", "--listen", &format!("127.0.0.1:{port}")])
        .env("SAFEHARBOR_CONFIG", &config)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .context("cannot start serve")?;
    let pid = child.id();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()?;
    let mut attempts = 0;
    let ready = loop {
        attempts += 1;
        if let Ok(r) = client.get(&url).send().await
            && r.status().is_success()
        {
            break t0.elapsed();
        }
        if let Ok(Some(status)) = child.try_wait() {
            bail!("serve exited with {status} before it was ready");
        }
        if t0.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            bail!("not ready after 30 s");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    println!(
        "RESULT readyz_ms={:.0} (first good /readyz after spawning serve; {attempts} polls every 2 ms)",
        ready.as_secs_f64() * 1000.0
    );
    let mut peak = 0;
    let mut samples = vec![];
    let until = Instant::now() + Duration::from_secs_f64(watch);
    while Instant::now() < until {
        if let Some(r) = rss_kib(pid) {
            peak = peak.max(r);
            samples.push(r);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let hwm = proc_usage(pid).map(|(_, h)| h).unwrap_or(peak);
    let cpu = proc_usage(pid).map(|(c, _)| c).unwrap_or(0.0);
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "RESULT rss_peak_mib={:.1} rss_last_mib={:.1} vmhwm_mib={:.1} cpu_s={cpu:.1} over {watch}s (RSS sampled every 100 ms)",
        peak as f64 / 1024.0,
        samples.last().copied().unwrap_or(0) as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    Ok(())
}
