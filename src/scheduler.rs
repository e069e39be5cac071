//! The scheduler: what is due lives in the database; this task runs it, then sleeps until
//! the next deadline or a short poll (30 s at most), whichever comes first.
//! After downtime the first pass catches up on everything missed, once. Each pass also
//! queues the partner re-check nudges due (`Engine::partner_nudges`).
use std::time::Duration;

use tracing::warn;

use crate::engine::Engine;

/// Never sleep longer than this, so clock changes and other servers' work are noticed.
const MAX_SLEEP: Duration = Duration::from_secs(30);

/// After a failed pass, wait this long before the next (not the 50 ms before something
/// due: what failed is likely still due).
const AFTER_FAILURE: Duration = Duration::from_secs(5);

pub async fn run(engine: Engine, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    if let Err(e) = engine.checkin_closed_days_check().await {
        warn!(error = %e, "could not compare the schools' closed days with the last start");
    }
    loop {
        let mut failed = match engine.run_due().await {
            Ok(_) => false,
            Err(e) => {
                warn!(error = %e, "scheduled work failed; retrying shortly");
                true
            }
        };
        // Partner re-check nudges: working time only, each one once, so a pass every
        // 30 s is enough (nothing for `next_due` to wake up for).
        if let Err(e) = engine.partner_nudges().await {
            warn!(error = %e, "partner re-check nudges failed; retrying shortly");
            failed = true;
        }
        let sleep = match engine.next_due().await {
            Ok(Some(at)) => (at - engine.clock.now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(50), MAX_SLEEP),
            Ok(None) => MAX_SLEEP,
            Err(_) => AFTER_FAILURE,
        };
        let sleep = if failed {
            sleep.max(AFTER_FAILURE)
        } else {
            sleep
        };
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tokio::time::sleep(sleep) => {},
        }
    }
}
