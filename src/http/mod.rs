//! The HTTP surface: health, readiness and Prometheus metrics (platform routes join here),
//! and check-in plans' calendar feeds ([`ical`]).
//! Every request body is capped at 64 KiB (413 beyond).
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use std::sync::Arc;

use tokio::sync::Notify;

use crate::adapters::slack::SlackState;
use crate::adapters::teams::TeamsState;
use crate::engine::Engine;

pub mod ical;
pub(crate) mod page;

/// What every route can reach: the core, and each platform's state when it is on.
/// One shared allocation: axum clones the state for every request, and cloning each
/// of the engine's handles separately cost a dozen contended reference counts a
/// request (issue 9).
#[derive(Clone)]
pub struct AppState(Arc<AppStateInner>);

impl std::ops::Deref for AppState {
    type Target = AppStateInner;
    fn deref(&self) -> &AppStateInner {
        &self.0
    }
}

pub struct AppStateInner {
    pub engine: Engine,
    pub slack: Option<Arc<SlackState>>,
    pub discord: Option<Arc<crate::adapters::discord::DiscordState>>,
    pub teams: Option<Arc<TeamsState>>,
    /// Wakes the outbox dispatcher when a request queued private messages.
    pub outbox_wake: Arc<Notify>,
}

impl AppState {
    pub fn new(engine: Engine) -> Self {
        let slack = SlackState::from_config(&engine.config);
        let discord = crate::adapters::discord::DiscordState::from_config(&engine.config);
        let teams = TeamsState::from_engine(&engine);
        Self(Arc::new(AppStateInner {
            engine,
            slack,
            discord,
            teams,
            outbox_wake: Arc::new(Notify::new()),
        }))
    }

    /// Replace the Discord state (tests use it to change the defer threshold). Only
    /// before the state is handed to a router: afterwards it is shared.
    pub fn with_discord(mut self, discord: crate::adapters::discord::DiscordState) -> Self {
        Arc::get_mut(&mut self.0)
            .expect("with_discord is called before the state is shared")
            .discord = Some(Arc::new(discord));
        self
    }

    pub fn wake_dispatcher(&self) {
        self.outbox_wake.notify_one();
    }
}

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

static PROMETHEUS: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide metrics recorder (installed once, shared by every server in a process).
pub fn prometheus() -> &'static PrometheusHandle {
    PROMETHEUS.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ])
            .expect("static buckets are valid")
            .build_recorder();
        let handle = recorder.handle();
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

static UPKEEP: std::sync::Once = std::sync::Once::new();

pub fn router(engine: Engine) -> Router {
    router_with(AppState::new(engine))
}

pub fn router_with(state: AppState) -> Router {
    // Histograms are drained by a periodic upkeep; one task per process is enough.
    UPKEEP.call_once(|| {
        let handle = prometheus().clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                handle.run_upkeep();
            }
        });
    });
    Router::new()
        .merge(crate::adapters::slack::routes())
        .merge(crate::adapters::discord::routes())
        .merge(crate::adapters::teams::routes())
        .merge(ical::routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .layer(middleware::from_fn(track))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ))
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(app): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), app.engine.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n").into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response(),
    }
}

async fn metrics_text() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        prometheus().render(),
    )
        .into_response()
}

/// Count requests and time them by route pattern (never by path values or content).
async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let start = Instant::now();
    let resp = next.run(req).await;
    let elapsed = start.elapsed().as_secs_f64();
    let route = route.as_ref().map_or("unmatched", |m| m.as_str());
    let m = route_metrics(route);
    m.requests(resp.status().as_u16()).increment(1);
    m.duration.record(elapsed);
    resp
}

/// One route's metric handles, registered once: building the labels and looking them up
/// on every request cost more than some routes' own work.
struct RouteMetrics {
    route: String,
    duration: metrics::Histogram,
    by_status: RwLock<Vec<(u16, metrics::Counter)>>,
}

impl RouteMetrics {
    fn requests(&self, status: u16) -> metrics::Counter {
        if let Some((_, c)) = self
            .by_status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(s, _)| *s == status)
        {
            return c.clone();
        }
        let c = metrics::counter!("safeharbor_http_requests_total", "route" => self.route.clone(), "status" => status.to_string());
        self.by_status
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push((status, c.clone()));
        c
    }
}

/// Route patterns are few (the router's), so this map stays small.
static ROUTE_METRICS: OnceLock<RwLock<HashMap<String, Arc<RouteMetrics>>>> = OnceLock::new();

fn route_metrics(route: &str) -> Arc<RouteMetrics> {
    let map = ROUTE_METRICS.get_or_init(Default::default);
    if let Some(m) = map.read().unwrap_or_else(|e| e.into_inner()).get(route) {
        return m.clone();
    }
    let mut w = map.write().unwrap_or_else(|e| e.into_inner());
    w.entry(route.to_string())
        .or_insert_with(|| {
            Arc::new(RouteMetrics {
                route: route.to_string(),
                duration: metrics::histogram!("safeharbor_http_request_duration_seconds", "route" => route.to_string()),
                by_status: RwLock::new(Vec::new()),
            })
        })
        .clone()
}
