//! Storage: one [`Store`] trait, implemented once per backend (SQLite by default,
//! PostgreSQL at scale). Queries are checked at run time, so one query text serves both
//! backends; they differ only where the SQL dialects do.
use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::{NewPerson, Partner, Person, Platform};

mod postgres;
mod sql;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: u64,
    pub updated: u64,
}

/// Storage failures. Texts never carry stored content: only what failed and why.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {reason}")]
    Open { url: String, reason: String },
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("database migration failed: {0}")]
    Migrate(String),
    #[error("database error: {0}")]
    Query(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            sqlx::Error::Database(db) => StoreError::Query(db.message().to_string()),
            other => StoreError::Query(other.to_string()),
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;
    /// Apply every pending migration.
    async fn migrate(&self) -> Result<(), StoreError>;
    /// A cheap round trip, for readiness.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Insert or update (by email) every person, all or nothing.
    async fn import_people(
        &self,
        people: &[NewPerson],
        now_ms: i64,
    ) -> Result<ImportSummary, StoreError>;
    /// Everyone, in roster order.
    async fn people(&self) -> Result<Vec<Person>, StoreError>;
    async fn person_by_email(&self, email: &str) -> Result<Option<Person>, StoreError>;
    async fn person_by_platform(
        &self,
        platform: Platform,
        user_id: &str,
    ) -> Result<Option<Person>, StoreError>;
    async fn set_locale(&self, person_id: i64, locale: Option<&str>) -> Result<(), StoreError>;
    /// Remove the demo people (when a real roster arrives).
    async fn delete_demo_people(&self) -> Result<u64, StoreError>;

    /// Insert or update (by id) every partner, all or nothing.
    async fn import_partners(&self, partners: &[Partner]) -> Result<ImportSummary, StoreError>;
    /// Insert shipped partners that are not there yet; never overwrite an operator's edit.
    async fn seed_partners(&self, partners: &[Partner]) -> Result<u64, StoreError>;
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;
}

pub type SharedStore = Arc<dyn Store>;

/// Open the database a URL names, creating a SQLite file if needed. Does not migrate.
pub async fn open(url: &str) -> Result<SharedStore, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url).await?))
    } else {
        Err(StoreError::Open {
            url: redact_url(url),
            reason: "the URL must start with sqlite: or postgres://".into(),
        })
    }
}

/// Open and migrate.
pub async fn open_and_migrate(url: &str) -> Result<SharedStore, StoreError> {
    let s = open(url).await?;
    s.migrate().await?;
    Ok(s)
}

/// A database URL fit for messages: any password is replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            let tail = tail.split('?').next().unwrap_or("");
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => format!("{scheme}://{authority}{tail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://postgres:hunter2@127.0.0.1:5432/db?sslmode=disable&password=x"),
            "postgres://postgres:***@127.0.0.1:5432/db"
        );
        assert_eq!(
            redact_url("sqlite://safeharbor.db?mode=rwc"),
            "sqlite://safeharbor.db?mode=rwc"
        );
    }
}
