//! Calendar files and feeds of check-in plans (issue 8, item 6): `safeharbor checkin
//! export ID`, `/checkin calendar PLAN` (a signed feed link for the reader) and
//! `GET /ical/<token>.ics` (the feed itself, served by `serve`).
//!
//! A feed token names the person it was made for, the plan and an expiry, and is signed
//! (HMAC-SHA256) with a key derived from the data key under its own label, so a Teams
//! action link is never a feed token and the reverse. Reading a feed changes nothing, so a
//! token is not single-use, but it expires (default 7 days), and it is refused once its
//! person may no longer handle the plan's school (off the roster, moved, or no longer a
//! counselor, coordinator or admin), or the plan is gone. A refusal says nothing about
//! the plan or the case.
//!
//! Titles are pseudonymous: the case number and plan id, never a student reference.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use chrono::{DateTime, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use fluent::FluentValue;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::ical::{Calendar, Status, occurrence_event};
use super::schedule::Occurrence;
use crate::crypto::DataKey;
use crate::domain::{CaseRef, Person};
use crate::engine::concern::person_locale;
use crate::engine::{Ctx, Engine, Reply};
use crate::store::{CheckinPlanRecord, StoreError};

/// How long a feed link works, unless told otherwise.
pub const FEED_TTL_SECS: i64 = 7 * 24 * 60 * 60;
/// How long each check-in is shown in a calendar.
pub const EVENT_MINUTES: u32 = 30;
/// How often a subscribed calendar app is asked to fetch the feed again.
const REFRESH_HOURS: u32 = 12;
/// Open-ended plans: check-ins up to this many months ahead. Check-ins this many months
/// back stay in the file too, so a calendar keeps the recent history.
const AHEAD_MONTHS: u32 = 12;
const BEHIND_MONTHS: u32 = 12;
/// No file holds more check-ins than this (ten years of weekly ones).
pub const MAX_EVENTS: usize = 520;
/// The label the feed key is derived under; changing it voids every feed link out there.
const KEY_LABEL: &str = "safeharbor calendar feeds";
/// Anything longer is not one of ours.
const MAX_TOKEN_CHARS: usize = 512;

fn s(v: impl ToString) -> FluentValue<'static> {
    FluentValue::from(v.to_string())
}

/// What a feed token says, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedClaims {
    /// The roster id of the person the feed was made for.
    #[serde(rename = "p")]
    pub person_id: i64,
    /// The plan.
    #[serde(rename = "k")]
    pub plan_id: i64,
    /// Unix seconds after which the token is refused.
    #[serde(rename = "e")]
    pub expires: i64,
}

/// Why a feed is refused. None of these says anything about the plan or the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed token")]
    Malformed,
    #[error("signature does not match")]
    Altered,
    #[error("expired")]
    Expired,
    /// The person may no longer see the plan, or it is gone.
    #[error("no longer allowed")]
    Revoked,
    /// The database could not answer; the token stays good for a later try.
    #[error("storage unavailable")]
    Unavailable,
}

/// Makes and checks feed tokens.
pub struct FeedSigner {
    key: SecretBox<[u8; 32]>,
    base: String,
    ttl_secs: i64,
}

impl std::fmt::Debug for FeedSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedSigner")
            .field("base", &self.base)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

impl FeedSigner {
    /// Feeds under `public_url`, signed with a key derived from the data key.
    pub fn new(data_key: &DataKey, public_url: &str) -> Self {
        Self {
            key: SecretBox::new(Box::new(data_key.derive(KEY_LABEL))),
            base: public_url.trim_end_matches('/').to_string(),
            ttl_secs: FEED_TTL_SECS,
        }
    }

    pub fn with_ttl_secs(mut self, ttl_secs: i64) -> Self {
        self.ttl_secs = ttl_secs;
        self
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(self.key.expose_secret()).expect("HMAC takes any key")
    }

    /// `base64url(JSON) "." base64url(HMAC-SHA256)`.
    pub fn token(&self, claims: &FeedClaims) -> String {
        let payload = B64URL.encode(serde_json::to_vec(claims).expect("claims serialize"));
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!("{payload}.{}", B64URL.encode(mac.finalize().into_bytes()))
    }

    /// A feed URL for `person_id` and `plan_id`, made at `now` (unix seconds), and its
    /// expiry (unix seconds).
    pub fn url(&self, person_id: i64, plan_id: i64, now: i64) -> (String, i64) {
        let claims = FeedClaims {
            person_id,
            plan_id,
            expires: now.saturating_add(self.ttl_secs),
        };
        (
            format!("{}/ical/{}.ics", self.base, self.token(&claims)),
            claims.expires,
        )
    }

    /// Check a token's signature (in constant time, before reading it) and its age.
    pub fn verify(&self, token: &str, now: i64) -> Result<FeedClaims, FeedError> {
        if token.len() > MAX_TOKEN_CHARS {
            return Err(FeedError::Malformed);
        }
        let (payload, sig) = token.split_once('.').ok_or(FeedError::Malformed)?;
        let sig = B64URL.decode(sig).map_err(|_| FeedError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig).map_err(|_| FeedError::Altered)?;
        let claims: FeedClaims = B64URL
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or(FeedError::Malformed)?;
        if now >= claims.expires {
            return Err(FeedError::Expired);
        }
        Ok(claims)
    }
}

/// A feed that checked out: the file, and whose plan it is (for the file name).
#[derive(Debug, Clone)]
pub struct Feed {
    pub plan_id: i64,
    pub ics: String,
}

impl Engine {
    /// The signer for feed links under `SAFEHARBOR_PUBLIC_URL`.
    pub fn feed_signer(&self) -> FeedSigner {
        FeedSigner::new(&self.key, &self.config.public_url)
    }

    /// One plan by id, whoever asks (callers check who may see it).
    pub async fn checkin_plan(&self, id: i64) -> Result<Option<CheckinPlanRecord>, StoreError> {
        self.store.checkin_plan(id).await
    }

    /// The one place the calendar gets a plan's occurrences: the check-ins the plan holds
    /// (its timeline: earlier cadences, minus paused and cancelled stretches) dated `from`
    /// through `to`, at most [`MAX_EVENTS`], and the plan's current zone (each event's
    /// instant is exact whatever zone it was made in; UIDs use each check-in's number).
    fn occurrences_for_feed(
        &self,
        plan: &CheckinPlanRecord,
        closed: &super::ClosedBySchool,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Option<(Tz, Vec<Occurrence>)> {
        let timeline = self.plan_timeline(plan, closed)?;
        let zone = timeline.zone()?;
        let list = timeline
            .held()
            .skip_while(|h| h.occurrence.date < from)
            .take_while(|h| h.occurrence.date <= to)
            .take(MAX_EVENTS)
            .map(|h| h.occurrence)
            .collect();
        Some((zone, list))
    }

    /// The iCalendar file of a plan, in `locale`, as of now: the check-ins of the past
    /// 12 months and those ahead, through the plan's end or, for an open-ended plan, the
    /// next 12 months. None if the stored plan cannot be read as a schedule.
    pub async fn plan_calendar(
        &self,
        plan: &CheckinPlanRecord,
        locale: &str,
    ) -> Result<Option<String>, StoreError> {
        let now = self.clock.now();
        let Ok(zone) = plan.time_zone.parse::<Tz>() else {
            return Ok(None);
        };
        let today = now.with_timezone(&zone).date_naive();
        let from = today
            .checked_sub_months(Months::new(BEHIND_MONTHS))
            .unwrap_or(today);
        let to = plan.until_on.unwrap_or_else(|| {
            today
                .checked_add_months(Months::new(AHEAD_MONTHS))
                .unwrap_or(today)
        });
        let closed = self.closed_days_by_school().await?;
        let Some((zone, occurrences)) = self.occurrences_for_feed(plan, &closed, from, to) else {
            return Ok(None);
        };
        let outcomes = self.store.checkin_outcomes(plan.id).await?;
        let case = CaseRef(plan.concern_id);
        let command = self.slash("checkin");
        let host = host_of(&self.config.public_url);
        let summary = self.ta(
            locale,
            "ical-summary",
            &[("case", s(case)), ("plan", s(plan.id))],
        );
        let events = occurrences
            .iter()
            .map(|o| {
                let id = format!("{}.{}", plan.id, u64::from(o.seq) + 1);
                let recorded = outcomes
                    .iter()
                    .find(|(seq, _)| *seq == i64::from(o.seq))
                    .map(|(_, outcome)| outcome.as_str());
                let (message, status) = match recorded {
                    Some("done") => ("ical-description-done", Status::Confirmed),
                    Some("skipped") => ("ical-description-skipped", Status::Cancelled),
                    _ => ("ical-description", Status::Confirmed),
                };
                let mut description = self.ta(
                    locale,
                    message,
                    &[
                        ("id", s(&id)),
                        ("plan", s(plan.id)),
                        ("case", s(case)),
                        ("command", s(&command)),
                    ],
                );
                if o.moved() {
                    description.push('\n');
                    description.push_str(&self.ta(
                        locale,
                        "ical-moved",
                        &[("date", self.i18n.date(locale, o.scheduled).into())],
                    ));
                }
                occurrence_event(
                    plan.id,
                    &host,
                    o,
                    EVENT_MINUTES,
                    summary.clone(),
                    Some(description),
                    status,
                )
            })
            .collect();
        let calendar = Calendar {
            name: self.ta(
                locale,
                "ical-calendar-name",
                &[("case", s(case)), ("plan", s(plan.id))],
            ),
            zone,
            stamp: now,
            refresh_hours: REFRESH_HOURS,
            events,
        };
        Ok(Some(calendar.render()))
    }

    /// The feed a token stands for, if it is still good and still its person's to see.
    pub async fn calendar_feed(&self, token: &str) -> Result<Feed, FeedError> {
        let now = self.clock.now();
        let claims = self.feed_signer().verify(token, now.timestamp())?;
        let person = self
            .store
            .person(claims.person_id)
            .await
            .map_err(|_| FeedError::Unavailable)?
            .ok_or(FeedError::Revoked)?;
        let plan = self
            .checkin_plan(claims.plan_id)
            .await
            .map_err(|_| FeedError::Unavailable)?
            .filter(|p| person.may_handle_school(&p.school_id))
            .ok_or(FeedError::Revoked)?;
        let ics = self
            .plan_calendar(&plan, person_locale(&person))
            .await
            .map_err(|_| FeedError::Unavailable)?
            .ok_or(FeedError::Revoked)?;
        tracing::debug!(
            plan_id = plan.id,
            person_id = person.id,
            "calendar feed served"
        );
        Ok(Feed {
            plan_id: plan.id,
            ics,
        })
    }

    /// `/checkin calendar PLAN`: the reader's own feed link for a plan they may handle.
    pub(super) async fn checkin_calendar(
        &self,
        ctx: &Ctx,
        me: &Person,
        rest: &str,
    ) -> Result<Reply, StoreError> {
        let command = self.slash("checkin");
        let word = rest.split_whitespace().next().unwrap_or("");
        let plan = match word.parse::<i64>() {
            Ok(id) => self
                .checkin_plan(id)
                .await?
                .filter(|p| me.may_handle_school(&p.school_id)),
            Err(_) => None,
        };
        let Some(plan) = plan else {
            let shown: String = word.chars().take(60).collect();
            return Ok(Reply::new().warning(self.ta(
                ctx.locale,
                "ical-bad-plan",
                &[("word", shown.into()), ("command", s(&command))],
            )));
        };
        let (url, expires) = self.feed_signer().url(me.id, plan.id, ctx.now.timestamp());
        let zone = plan.time_zone.parse::<Tz>().unwrap_or(ctx.school.time_zone);
        let until = DateTime::<Utc>::from_timestamp(expires, 0)
            .map(|t| {
                let local = t.with_timezone(&zone);
                self.ta(
                    ctx.locale,
                    "concern-time",
                    &[
                        (
                            "date",
                            self.i18n.date(ctx.locale, local.date_naive()).into(),
                        ),
                        ("time", s(local.format("%H:%M"))),
                        ("zone", s(local.format("%Z"))),
                    ],
                )
            })
            .unwrap_or_default();
        tracing::info!(
            plan_id = plan.id,
            person_id = me.id,
            "calendar feed link made"
        );
        Ok(Reply::new()
            .text(self.ta(
                ctx.locale,
                "ical-feed-link",
                &[
                    ("plan", s(plan.id)),
                    ("case", s(CaseRef(plan.concern_id))),
                    ("url", s(url)),
                ],
            ))
            .text(self.ta(
                ctx.locale,
                "ical-feed-fine-print",
                &[
                    ("expires", s(until)),
                    ("plan", s(plan.id)),
                    ("command", s(&command)),
                ],
            )))
    }
}

/// The host of the public URL, for UIDs (`plan-7-occ-3@host`).
fn host_of(public_url: &str) -> String {
    url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "safeharbor.invalid".into())
}

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
