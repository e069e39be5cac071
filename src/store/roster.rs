//! The roster, held in memory for a few seconds. Every command needs to know who is
//! asking (a lookup by platform id); reading that from the database on every request
//! cost more than the rest of `/indicators` together. A store keeps one snapshot of the
//! whole roster, indexed by platform id, email and person id:
//!
//! * a write through this store (`import_people`, `import_roster`, `set_locale`)
//!   drops it at once, so this process never serves its own stale data;
//! * a write by another process (the CLI's `roster import`, another server on the same
//!   PostgreSQL) is seen within [`ROSTER_TTL`].
//!
//! A load that started before a write is not kept (a generation counter), so a reader
//! racing an import cannot put the old roster back.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::domain::{Person, Platform};

/// How long a snapshot is used before the roster is read again.
pub const ROSTER_TTL: Duration = Duration::from_secs(5);

/// The roster in roster order (`position, id`), with indexes into it.
#[derive(Debug, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    by_id: HashMap<i64, usize>,
    by_email: HashMap<String, usize>,
    by_slack: HashMap<String, usize>,
    by_discord: HashMap<String, usize>,
    by_teams: HashMap<String, usize>,
}

impl Roster {
    /// Index people given in roster order; for a platform id held by several people the
    /// first in roster order wins, as the query `ORDER BY position, id LIMIT 1` did.
    pub fn new(people: Vec<Person>) -> Self {
        let mut r = Roster {
            by_id: HashMap::with_capacity(people.len()),
            by_email: HashMap::with_capacity(people.len()),
            ..Default::default()
        };
        for (i, p) in people.iter().enumerate() {
            r.by_id.entry(p.id).or_insert(i);
            r.by_email.entry(p.email.clone()).or_insert(i);
            for (map, id) in [
                (&mut r.by_slack, &p.slack_user_id),
                (&mut r.by_discord, &p.discord_user_id),
                (&mut r.by_teams, &p.teams_user_id),
            ] {
                if let Some(id) = id {
                    map.entry(id.clone()).or_insert(i);
                }
            }
        }
        r.people = people;
        r
    }

    pub fn by_id(&self, id: i64) -> Option<&Person> {
        self.by_id.get(&id).map(|&i| &self.people[i])
    }

    /// `email` as stored (lower case).
    pub fn by_email(&self, email: &str) -> Option<&Person> {
        self.by_email.get(email).map(|&i| &self.people[i])
    }

    /// The console's user id is an email, matched trimmed and in lower case.
    pub fn by_platform(&self, platform: Platform, user_id: &str) -> Option<&Person> {
        let i = match platform {
            Platform::Slack => self.by_slack.get(user_id),
            Platform::Discord => self.by_discord.get(user_id),
            Platform::Teams => self.by_teams.get(user_id),
            Platform::Console => self.by_email.get(user_id.trim().to_lowercase().as_str()),
        };
        i.map(|&i| &self.people[i])
    }
}

struct Snapshot {
    roster: Arc<Roster>,
    loaded: Instant,
}

/// One store's roster snapshot.
pub struct RosterCache {
    current: RwLock<Option<Snapshot>>,
    /// Bumped by every write; a load keeps its result only if no write came in between.
    generation: AtomicU64,
    /// One load at a time; the others wait for it instead of querying too.
    loading: tokio::sync::Mutex<()>,
    ttl: Duration,
}

impl Default for RosterCache {
    fn default() -> Self {
        Self::new(ROSTER_TTL)
    }
}

impl RosterCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            current: RwLock::new(None),
            generation: AtomicU64::new(0),
            loading: tokio::sync::Mutex::new(()),
            ttl,
        }
    }

    fn fresh(&self) -> Option<Arc<Roster>> {
        let guard = self.current.read().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|s| s.loaded.elapsed() < self.ttl)
            .map(|s| s.roster.clone())
    }

    /// The roster: the snapshot if it is fresh, else `load`'s result (kept if no write
    /// happened meanwhile).
    pub async fn get<F, Fut, E>(&self, load: F) -> Result<Arc<Roster>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Vec<Person>, E>>,
    {
        if let Some(r) = self.fresh() {
            return Ok(r);
        }
        let _one = self.loading.lock().await;
        if let Some(r) = self.fresh() {
            return Ok(r);
        }
        let generation = self.generation.load(Ordering::Acquire);
        let roster = Arc::new(Roster::new(load().await?));
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) == generation {
            *current = Some(Snapshot {
                roster: roster.clone(),
                loaded: Instant::now(),
            });
        }
        Ok(roster)
    }

    /// The roster changed: forget the snapshot, and any load already under way.
    pub fn invalidate(&self) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        *current = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, email: &str, slack: Option<&str>) -> Person {
        Person {
            id,
            school_id: "s".into(),
            name: format!("P{id}"),
            email: email.into(),
            roles: vec![],
            locale: None,
            slack_user_id: slack.map(String::from),
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: None,
            position: id,
            added_at_ms: 0,
            demo: false,
        }
    }

    #[test]
    fn the_first_in_roster_order_wins_and_the_console_matches_emails_loosely() {
        let r = Roster::new(vec![
            person(1, "a@x.org", Some("U1")),
            person(2, "b@x.org", Some("U1")),
        ]);
        assert_eq!(r.by_platform(Platform::Slack, "U1").map(|p| p.id), Some(1));
        assert_eq!(r.by_platform(Platform::Slack, "U2"), None);
        assert_eq!(
            r.by_platform(Platform::Console, "  B@X.org ").map(|p| p.id),
            Some(2)
        );
        assert_eq!(r.by_id(2).map(|p| p.email.as_str()), Some("b@x.org"));
        assert_eq!(r.by_platform(Platform::Discord, "U1"), None);
    }

    #[tokio::test]
    async fn a_write_drops_the_snapshot_and_a_load_racing_it_is_not_kept() {
        let cache = RosterCache::new(Duration::from_secs(60));
        let loads = std::sync::atomic::AtomicUsize::new(0);
        let load = || async {
            loads.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(vec![person(1, "a@x.org", None)])
        };
        cache.get(load).await.unwrap();
        cache.get(load).await.unwrap();
        assert_eq!(loads.load(Ordering::SeqCst), 1, "the snapshot is reused");
        cache.invalidate();
        cache.get(load).await.unwrap();
        assert_eq!(loads.load(Ordering::SeqCst), 2, "a write forces a reload");

        // A load that a write overtakes answers its caller but is not kept.
        cache.invalidate();
        let racing = cache
            .get(|| async {
                cache.invalidate();
                Ok::<_, ()>(vec![])
            })
            .await
            .unwrap();
        assert!(racing.people.is_empty());
        let after = cache.get(load).await.unwrap();
        assert_eq!(after.people.len(), 1, "the overtaken load was dropped");
    }

    #[tokio::test]
    async fn a_snapshot_expires() {
        let cache = RosterCache::new(Duration::from_millis(20));
        cache
            .get(|| async { Ok::<_, ()>(vec![person(1, "a@x.org", None)]) })
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(40)).await;
        let r = cache.get(|| async { Ok::<_, ()>(vec![]) }).await.unwrap();
        assert!(r.people.is_empty());
    }
}
