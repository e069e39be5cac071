//! A local mock of Teams Workflows webhooks on 127.0.0.1: records every POST (which hook,
//! the JSON body, the content type) and answers 202 as a flow trigger does. Faults can be
//! queued per hook: a 429 with Retry-After, a 5xx, another 4xx, or a hang.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Post {
    pub hook: String,
    pub body: Value,
    pub content_type: String,
}

#[derive(Debug, Clone)]
pub enum Fault {
    RateLimited(u64),
    ServerError,
    NotFound,
    Hang,
}

#[derive(Default)]
struct Inner {
    posts: Vec<Post>,
    faults: HashMap<String, VecDeque<Fault>>,
}

#[derive(Clone)]
pub struct MockTeams {
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl MockTeams {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route(
                "/workflows/{hook}/triggers/manual/paths/invoke",
                post(receive),
            )
            .with_state(inner.clone());
        let base = crate::helpers::serve_on_loopback(app).await;
        Self { base, inner }
    }

    /// A webhook URL shaped like a real one, with the signature that makes it a secret.
    pub fn hook_url(&self, hook: &str) -> String {
        format!(
            "{}/workflows/{hook}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SECRET-SIG-{hook}",
            self.base
        )
    }

    pub fn posts(&self, hook: &str) -> Vec<Post> {
        self.inner
            .lock()
            .unwrap()
            .posts
            .iter()
            .filter(|p| p.hook == hook)
            .cloned()
            .collect()
    }

    pub fn fail_next(&self, hook: &str, fault: Fault) {
        self.inner
            .lock()
            .unwrap()
            .faults
            .entry(hook.to_string())
            .or_default()
            .push_back(fault);
    }
}

async fn receive(
    Path(hook): Path<String>,
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut g = inner.lock().unwrap();
        g.posts.push(Post {
            hook: hook.clone(),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
            content_type: headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string(),
        });
        g.faults.get_mut(&hook).and_then(|q| q.pop_front())
    };
    match fault {
        Some(Fault::RateLimited(secs)) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", secs.to_string())],
            "throttled",
        )
            .into_response(),
        Some(Fault::ServerError) => (StatusCode::BAD_GATEWAY, "flow failed").into_response(),
        Some(Fault::NotFound) => (StatusCode::NOT_FOUND, "no such flow").into_response(),
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            StatusCode::ACCEPTED.into_response()
        }
        None => StatusCode::ACCEPTED.into_response(),
    }
}
