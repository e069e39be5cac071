//! Adapters: each verifies, parses and renders for one platform. No business logic here.
use std::collections::HashMap;
use std::sync::Mutex;

pub mod console;
pub mod discord;
pub mod slack;
pub mod teams;

/// How often, at most, a request to an off platform is logged (per platform).
const OFF_WARN_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// The answer to a request on the route of a platform this server has not set up: 401,
/// as for any request whose signature cannot be checked (SPEC: every request with a
/// missing or bad signature gets 401), with the same body. The log says which variables
/// are missing (at most once a minute per platform), so whoever is connecting the platform
/// sees why its requests fail. Nothing of the request is read.
pub fn platform_off(
    config: &crate::config::Config,
    name: &'static str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    static WARNED: Mutex<Vec<(&str, std::time::Instant)>> = Mutex::new(Vec::new());
    metrics::counter!("safeharbor_rejected_requests_total", "platform" => name, "reason" => "off")
        .increment(1);
    let now = std::time::Instant::now();
    let due = {
        let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
        match warned.iter_mut().find(|(n, _)| *n == name) {
            Some((_, at)) if now.duration_since(*at) < OFF_WARN_EVERY => false,
            Some((_, at)) => {
                *at = now;
                true
            }
            None => {
                warned.push((name, now));
                true
            }
        }
    };
    if due {
        let missing = config
            .platforms()
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| p.missing.join(", "))
            .unwrap_or_default();
        tracing::warn!(
            platform = name,
            missing = %missing,
            "a request came for a platform that is off on this server: set the missing variables and restart"
        );
    }
    (
        axum::http::StatusCode::UNAUTHORIZED,
        "invalid request signature\n",
    )
        .into_response()
}

/// Remembers request keys (signatures, delivery ids) for a while, so a replayed or retried
/// delivery is acknowledged without being processed twice. Bounded in size.
#[derive(Debug)]
pub struct ReplayGuard {
    /// foldhash (seeded per process): keys are checked on every request, SipHash cost more.
    seen: Mutex<HashMap<String, i64, foldhash::fast::RandomState>>,
    ttl_secs: i64,
    cap: usize,
}

impl ReplayGuard {
    pub fn new(ttl_secs: i64, cap: usize) -> Self {
        Self {
            seen: Mutex::new(HashMap::default()),
            ttl_secs,
            cap,
        }
    }

    /// True the first time a key is seen within the window (at unix time `now`).
    pub fn first_time(&self, key: &str, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() >= self.cap {
            seen.retain(|_, expiry| *expiry > now);
            if seen.len() >= self.cap {
                // Still full of live keys: forget the oldest half rather than grow.
                let mut expiries: Vec<i64> = seen.values().copied().collect();
                expiries.sort_unstable();
                let cut = expiries[expiries.len() / 2];
                seen.retain(|_, expiry| *expiry > cut);
            }
        }
        match seen.get(key) {
            Some(expiry) if *expiry > now => false,
            _ => {
                seen.insert(key.to_string(), now + self.ttl_secs);
                true
            }
        }
    }

    /// Forget a key, so its next sighting counts as the first (a claim given back).
    pub fn forget(&self, key: &str) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_are_caught_within_the_window_and_memory_is_bounded() {
        let g = ReplayGuard::new(300, 4);
        assert!(g.first_time("a", 0));
        assert!(!g.first_time("a", 299));
        assert!(g.first_time("a", 301));
        for i in 0..100 {
            g.first_time(&format!("k{i}"), 1000);
        }
        assert!(g.seen.lock().unwrap().len() <= 4);
        let g = ReplayGuard::new(300, 4);
        assert!(g.first_time("claim", 0));
        assert!(!g.first_time("claim", 1));
        g.forget("claim");
        assert!(g.first_time("claim", 2), "a forgotten key is new again");
    }
}
