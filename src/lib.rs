//! SafeHarbor: a chat bot that helps school staff respond to suspected child trafficking
//! the way their protocol says: look up warning signs, hand a concern privately to the
//! designated counselor, find partner agencies, keep training current and keep
//! reintegration check-ins on schedule.
//!
//! # Layout
//!
//! Data flows one way:
//!
//! ```text
//! platform request ─▶ adapters (verify, parse) ─▶ engine::Invocation
//!     ─▶ engine::Engine::handle (rules; notifications written to the outbox)
//!     ─▶ engine::Outcome { reply, notifications } ─▶ adapters (render)
//! ```
//!
//! - [`spec`]: `commands/*.toml`, the one place a command is declared; help text comes from it.
//! - [`engine`]: the platform-neutral core. No Slack, Discord or Teams type appears there.
//! - [`domain`]: roles, categories, platforms and other small value types.
//! - [`store`]: the storage trait and its SQLite and PostgreSQL implementations.
//! - [`i18n`]: Fluent messages from `locales/`, with negotiation and en-US fallback.
//! - [`csvio`]: roster and partner CSV import/export with row-by-row validation.
//! - [`adapters`]: the local console (and, later, Slack, Discord and Teams).
//! - [`http`]: the axum router: health, readiness, metrics.
//! - [`app`]: wiring: config → store → engine → server or console.
#![forbid(unsafe_code)]

pub mod adapters;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod csvio;
pub mod demo;
pub mod domain;
pub mod engine;
#[doc(hidden)]
pub mod fuzzing;
pub mod hsds;
pub mod http;
pub mod i18n;
pub mod outbox;
pub mod presence;
pub mod scheduler;
pub mod spec;
pub mod store;
pub mod telemetry;
