//! The platform-neutral core: an [`Invocation`] goes in, an [`Outcome`] (a reply for the
//! invoker and private notifications for others) comes out. No platform type appears here.
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fluent::FluentValue;
use tracing::{instrument, warn};

use crate::clock::SharedClock;
use crate::config::{Config, School};
use crate::crypto::DataKey;
use crate::domain::{Person, Platform};
use crate::i18n::I18n;
use crate::spec::{Audience, CommandSpec, Commands};
use crate::store::{SharedStore, StoreError};

pub mod checkin;
pub mod concern;
mod escalation;
pub use escalation::DueReport;
pub mod help;
pub mod indicators;
pub mod limits;
mod notify;
pub mod partner_nudges;
pub mod partners;
pub mod reply;
pub mod text;
pub mod training;

pub use concern::{ConcernForm, FieldError};
pub use notify::Payload;
pub use reply::{
    Block, Button, ButtonStyle, Form, FormField, FormFieldKind, FormValues, Notification, Reply,
    ShownWhen,
};

/// Longest argument text accepted, in characters. Slack's own limit on a message is 4,000.
pub const MAX_TEXT_CHARS: usize = 4000;

/// One command from one person, as any adapter hands it over.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub platform: Platform,
    /// The platform's user id (Slack `U…`, Discord snowflake, Teams AAD object id);
    /// on the console, the person's email.
    pub user_id: String,
    /// The workspace, guild or team the request came from, if any.
    pub team_id: Option<String>,
    /// The locale the platform reports for this request, if any.
    pub locale: Option<String>,
    /// The platform's id for this request, to recognise a retried delivery.
    pub request_id: Option<String>,
    /// The command name as typed, without the slash.
    pub command: String,
    /// Everything after the command.
    pub text: String,
}

impl Invocation {
    /// The key that makes a re-delivered request harmless: the platform's request id,
    /// namespaced by platform (`slack:view:V123`, `discord:1234…`). None without one (the
    /// console, the command line).
    pub fn request_key(&self) -> Option<String> {
        self.request_id
            .as_ref()
            .map(|id| format!("{}:{id}", self.platform))
    }
}

/// What comes out of the core.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub reply: Reply,
    /// Private messages to others, already durably queued.
    pub notifications: Vec<Notification>,
    /// The database could not be reached: whether anything was saved is unknown (a commit
    /// may have landed before the connection broke). Adapters that can let the person
    /// resend the same request (whose key makes a repeat harmless) do so.
    pub unavailable: bool,
}

impl From<Reply> for Outcome {
    fn from(reply: Reply) -> Self {
        Outcome {
            reply,
            notifications: vec![],
            unavailable: false,
        }
    }
}

/// Who is asking, from where, in which language, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub person: Option<Person>,
    pub school: Arc<School>,
    pub locale: &'static str,
    pub now: DateTime<Utc>,
}

/// A command's configured name with its slash (`/concern`), for replies.
fn slash_name(commands: &Commands, id: &str) -> String {
    format!(
        "/{}",
        commands.by_id(id).map(|c| c.name.as_str()).unwrap_or(id)
    )
}

/// The core and everything it needs.
#[derive(Clone)]
pub struct Engine {
    pub config: Arc<Config>,
    pub store: SharedStore,
    pub i18n: Arc<I18n>,
    pub catalog: Arc<indicators::Catalog>,
    pub commands: Arc<Commands>,
    pub clock: SharedClock,
    /// Seals concern content, notes and queued private messages.
    pub key: DataKey,
    /// Per-user and per-workspace abuse limits.
    pub limits: Arc<limits::RateLimits>,
    /// The fixed parts of /indicators replies, per locale.
    pub indicator_texts: Arc<indicators::Texts>,
}

impl Engine {
    pub fn new(
        config: Arc<Config>,
        store: SharedStore,
        i18n: Arc<I18n>,
        commands: Arc<Commands>,
        clock: SharedClock,
        key: DataKey,
    ) -> Result<Self, indicators::CatalogError> {
        let catalog = Arc::new(indicators::Catalog::load(&i18n)?);
        let limits = Arc::new(limits::RateLimits::new(&config.limits));
        let indicator_texts = Arc::new(indicators::Texts::new(&i18n, &catalog, |id| {
            slash_name(&commands, id)
        }));
        Ok(Self {
            indicator_texts,
            limits,
            config,
            store,
            i18n,
            catalog,
            commands,
            clock,
            key,
        })
    }

    /// Format a message in a locale.
    pub fn t(&self, locale: &str, id: &str) -> String {
        self.i18n.msg(locale, id, &[])
    }

    /// Format a message with arguments.
    pub fn ta(&self, locale: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.msg(locale, id, args)
    }

    /// The configured name of a command, with its slash, for replies.
    pub fn slash(&self, id: &str) -> String {
        slash_name(&self.commands, id)
    }

    /// Work out who is asking, their school and their language.
    pub async fn context(&self, inv: &Invocation) -> Result<Ctx, StoreError> {
        let person = self
            .store
            .person_by_platform(inv.platform, &inv.user_id)
            .await?;
        let by_team = inv.team_id.as_deref().and_then(|team| {
            self.config.schools.iter().find(|s| {
                let link = match inv.platform {
                    Platform::Slack => s.slack_team_id.as_deref(),
                    Platform::Discord => s.discord_guild_id.as_deref(),
                    Platform::Teams => s.teams_team_id.as_deref(),
                    Platform::Console => None,
                };
                link == Some(team)
            })
        });
        let school = by_team
            .or_else(|| {
                person
                    .as_ref()
                    .and_then(|p| self.config.school_shared(&p.school_id))
            })
            .unwrap_or(&self.config.schools[0])
            .clone();
        let locale = I18n::negotiate_or_default(
            person
                .as_ref()
                .and_then(|p| p.locale.as_deref())
                .or(inv.locale.as_deref()),
        );
        Ok(Ctx {
            person,
            school,
            locale,
            now: self.clock.now(),
        })
    }

    /// Run one command. Never fails: problems become a polite reply.
    #[instrument(skip_all, fields(platform = %inv.platform, command = %inv.command))]
    pub async fn handle(&self, inv: Invocation) -> Outcome {
        self.handle_ref(&inv).await
    }

    /// [`Engine::handle`] for a caller that keeps its invocation.
    pub async fn handle_ref(&self, inv: &Invocation) -> Outcome {
        let ctx = match self.context(inv).await {
            Ok(c) => c,
            Err(e) => return self.unavailable(inv, &e),
        };
        let Some(spec) = self.commands.by_name(&inv.command) else {
            return self.unknown_command(&ctx, &inv.command).into();
        };
        let chars = inv.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Reply::new()
                .warning(self.ta(
                    ctx.locale,
                    "error-text-too-long",
                    &[
                        ("count", (chars as i64).into()),
                        ("limit", (MAX_TEXT_CHARS as i64).into()),
                    ],
                ))
                .into();
        }
        if !self.may_run(&ctx, spec.who) {
            return self.refused(&ctx).into();
        }
        if let Err(limited) = self.limits.check(
            limits::Kind::Command,
            inv.platform,
            &inv.user_id,
            inv.team_id.as_deref(),
        ) {
            return self.rate_limited(&ctx, limits::Kind::Command, limited);
        }
        // `help` (or `ayuda`) alone after a command with subcommands: that command's help.
        // `/concern help` keeps its own (the form), and `/safeharbor help` is all of it.
        if !spec.subcommands.is_empty()
            && !matches!(spec.id.as_str(), "concern" | "safeharbor")
            && help::is_help_word(inv.text.trim())
        {
            return self.help_reply_of(&ctx, Some(&spec.id)).into();
        }
        let result = match spec.id.as_str() {
            "indicators" => Ok(self.indicators(&ctx, &inv.text).into()),
            "concern" => self.concern(&ctx, inv).await,
            "partners" => self.partners(&ctx, &inv.text).await.map(Outcome::from),
            "safeharbor" => self.safeharbor(&ctx, &inv.text).await.map(Outcome::from),
            "training" => self.training(&ctx, &inv.text).await,
            "checkin" => self.checkin(&ctx, inv).await,
            _ => Ok(self.not_yet(&ctx, spec).into()),
        };
        result.unwrap_or_else(|e| self.unavailable(inv, &e))
    }

    /// The polite answer to someone over a limit. A concern over the limit was not
    /// saved, and the reply says what to do instead.
    pub(crate) fn rate_limited(
        &self,
        ctx: &Ctx,
        kind: limits::Kind,
        limited: limits::Limited,
    ) -> Outcome {
        metrics::counter!(
            "safeharbor_rate_limited_total",
            "kind" => match kind {
                limits::Kind::Command => "command",
                limits::Kind::Concern => "concern",
            },
            "scope" => match limited {
                limits::Limited::User => "user",
                limits::Limited::Workspace => "workspace",
            }
        )
        .increment(1);
        let id = match kind {
            limits::Kind::Command => "error-rate-limited",
            limits::Kind::Concern => "concern-rate-limited",
        };
        Reply::new().warning(self.t(ctx.locale, id)).into()
    }

    /// May this person run something meant for this audience?
    pub fn may_run(&self, ctx: &Ctx, who: Audience) -> bool {
        let Some(p) = &ctx.person else {
            return who == Audience::Everyone;
        };
        match who {
            Audience::Everyone => true,
            Audience::Counselor => p.is_counselor() || p.is_coordinator() || p.is_admin(),
            Audience::Coordinator => p.is_coordinator() || p.is_admin(),
            Audience::Admin => p.is_admin(),
        }
    }

    fn refused(&self, ctx: &Ctx) -> Reply {
        Reply::new().warning(self.t(ctx.locale, "error-not-allowed"))
    }

    fn unknown_command(&self, ctx: &Ctx, typed: &str) -> Reply {
        let shown: String = typed.chars().take(40).collect();
        let mut r = Reply::new().warning(self.ta(
            ctx.locale,
            "error-unknown-command",
            &[("command", shown.into())],
        ));
        r.blocks.extend(self.help_reply(ctx).blocks);
        r
    }

    fn not_yet(&self, ctx: &Ctx, spec: &CommandSpec) -> Reply {
        Reply::new().text(self.ta(
            ctx.locale,
            "error-not-available-yet",
            &[("command", format!("/{}", spec.name).into())],
        ))
    }

    /// Something broke on our side (the database, usually). The text says nothing of the
    /// request's content; the log line carries only the error kind and ids.
    pub fn unavailable(&self, inv: &Invocation, e: &StoreError) -> Outcome {
        warn!(error = %e, platform = %inv.platform, "command failed: storage problem");
        let locale = I18n::negotiate_or_default(inv.locale.as_deref());
        Outcome {
            unavailable: true,
            ..Reply::new()
                .warning(self.t(locale, "error-try-again"))
                .into()
        }
    }
}

#[cfg(test)]
mod checkin_changes_tests;
#[cfg(test)]
mod checkin_due_tests;
#[cfg(test)]
mod checkin_tests;
#[cfg(test)]
mod concern_tests;
#[cfg(test)]
mod partner_nudges_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod training_tests;
