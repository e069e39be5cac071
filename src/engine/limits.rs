//! Abuse limits: how many commands and concerns one person, and one workspace, may send.
//! In memory, per process (GCRA through `governor`); a refused request gets a polite
//! reply and changes nothing. The console (a local terminal) is not limited.
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitsConfig;
use crate::domain::Platform;

/// Keys kept before idle ones are swept (bounds memory under a flood of made-up ids).
const SWEEP_AT: usize = 10_000;

/// Which limit refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    User,
    Workspace,
}

/// What is limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Command,
    Concern,
}

pub struct RateLimits {
    command_user: Option<DefaultKeyedRateLimiter<String>>,
    command_workspace: Option<DefaultKeyedRateLimiter<String>>,
    concern_user: Option<DefaultKeyedRateLimiter<String>>,
    concern_workspace: Option<DefaultKeyedRateLimiter<String>>,
}

fn limiter(quota: Option<Quota>) -> Option<DefaultKeyedRateLimiter<String>> {
    quota.map(RateLimiter::keyed)
}

fn per_minute(n: u32) -> Option<Quota> {
    NonZeroU32::new(n).map(Quota::per_minute)
}

fn per_hour(n: u32) -> Option<Quota> {
    NonZeroU32::new(n).map(Quota::per_hour)
}

impl RateLimits {
    pub fn new(c: &LimitsConfig) -> Self {
        RateLimits {
            command_user: limiter(per_minute(c.commands_per_user_per_minute)),
            command_workspace: limiter(per_minute(c.commands_per_workspace_per_minute)),
            concern_user: limiter(per_hour(c.concerns_per_user_per_hour)),
            concern_workspace: limiter(per_hour(c.concerns_per_workspace_per_hour)),
        }
    }

    /// Count one request; `Err` names the limit it is over (and counts nothing more).
    pub fn check(
        &self,
        kind: Kind,
        platform: Platform,
        user: &str,
        workspace: Option<&str>,
    ) -> Result<(), Limited> {
        if platform == Platform::Console {
            return Ok(());
        }
        let (by_user, by_workspace) = match kind {
            Kind::Command => (&self.command_user, &self.command_workspace),
            Kind::Concern => (&self.concern_user, &self.concern_workspace),
        };
        if let Some(l) = by_user {
            sweep(l);
            if l.check_key(&format!("{platform}:{user}")).is_err() {
                return Err(Limited::User);
            }
        }
        if let (Some(l), Some(w)) = (by_workspace, workspace) {
            sweep(l);
            if l.check_key(&format!("{platform}:{w}")).is_err() {
                return Err(Limited::Workspace);
            }
        }
        Ok(())
    }
}

fn sweep(l: &DefaultKeyedRateLimiter<String>) {
    if l.len() > SWEEP_AT {
        l.retain_recent();
        l.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(user: u32, workspace: u32) -> RateLimits {
        RateLimits::new(&LimitsConfig {
            commands_per_user_per_minute: user,
            commands_per_workspace_per_minute: workspace,
            concerns_per_user_per_hour: 2,
            concerns_per_workspace_per_hour: 0,
        })
    }

    #[test]
    fn each_user_and_each_workspace_has_its_own_allowance() {
        let l = limits(3, 5);
        for _ in 0..3 {
            assert!(
                l.check(Kind::Command, Platform::Slack, "U1", Some("T1"))
                    .is_ok()
            );
        }
        assert_eq!(
            l.check(Kind::Command, Platform::Slack, "U1", Some("T1")),
            Err(Limited::User)
        );
        // Someone else in the same workspace still may, until the workspace is over.
        assert!(
            l.check(Kind::Command, Platform::Slack, "U2", Some("T1"))
                .is_ok()
        );
        assert!(
            l.check(Kind::Command, Platform::Slack, "U3", Some("T1"))
                .is_ok()
        );
        assert_eq!(
            l.check(Kind::Command, Platform::Slack, "U4", Some("T1")),
            Err(Limited::Workspace)
        );
        // The same user id on another platform, or another workspace, is not affected.
        assert!(
            l.check(Kind::Command, Platform::Discord, "U1", Some("T1"))
                .is_ok()
        );
        assert!(
            l.check(Kind::Command, Platform::Slack, "U5", Some("T2"))
                .is_ok()
        );
    }

    #[test]
    fn concerns_have_their_own_limit_zero_means_none_and_the_console_is_free() {
        let l = limits(0, 0);
        for _ in 0..100 {
            assert!(l.check(Kind::Command, Platform::Teams, "A", None).is_ok());
        }
        assert!(l.check(Kind::Concern, Platform::Teams, "A", None).is_ok());
        assert!(l.check(Kind::Concern, Platform::Teams, "A", None).is_ok());
        assert_eq!(
            l.check(Kind::Concern, Platform::Teams, "A", None),
            Err(Limited::User)
        );
        for _ in 0..10 {
            assert!(l.check(Kind::Concern, Platform::Console, "A", None).is_ok());
        }
    }
}
