//! The scheduler: what is due lives in the database; this task runs it, then sleeps until
//! the next deadline or a short poll (30 s at most), whichever comes first.
//! After downtime the first pass catches up on everything missed, once.
use std::time::Duration;

use tracing::warn;

use crate::engine::Engine;

/// Never sleep longer than this, so clock changes and other servers' work are noticed.
const MAX_SLEEP: Duration = Duration::from_secs(30);

pub async fn run(engine: Engine, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = engine.run_due().await {
            warn!(error = %e, "scheduled work failed; retrying shortly");
        }
        let sleep = match engine.next_due().await {
            Ok(Some(at)) => (at - engine.clock.now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(50), MAX_SLEEP),
            Ok(None) => MAX_SLEEP,
            Err(_) => Duration::from_secs(5),
        };
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tokio::time::sleep(sleep) => {},
        }
    }
}
