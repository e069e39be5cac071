//! Feed tokens, and the engine's calendar of a plan: pseudonymous, in the reader's
//! language, refused once its person may no longer see the plan.
use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::clock::ManualClock;
use crate::domain::{NewPerson, Role};
use crate::engine::tests::{COORDINATOR, COUNSELOR, TEACHER, inv, test_key};

const MARKER: &str = "MARKER-9f3a";

fn signer() -> FeedSigner {
    FeedSigner::new(&test_key(), "https://sh.example/")
}

fn token_of(url: &str) -> &str {
    url.rsplit('/')
        .next()
        .unwrap()
        .strip_suffix(".ics")
        .unwrap()
}

#[test]
fn tokens_round_trip_and_expire() {
    let s = signer();
    let (url, expires) = s.url(7, 3, 1_000);
    assert!(url.starts_with("https://sh.example/ical/"), "{url}");
    assert!(url.ends_with(".ics"), "{url}");
    assert_eq!(expires, 1_000 + FEED_TTL_SECS);
    let c = s.verify(token_of(&url), 1_001).unwrap();
    assert_eq!((c.person_id, c.plan_id, c.expires), (7, 3, expires));
    assert_eq!(
        s.verify(token_of(&url), 1_001),
        Ok(c),
        "a feed may be read again and again"
    );
    assert_eq!(s.verify(token_of(&url), expires), Err(FeedError::Expired));
    let short = signer().with_ttl_secs(60);
    let (url, expires) = short.url(7, 3, 1_000);
    assert_eq!(expires, 1_060);
    assert!(short.verify(token_of(&url), 1_059).is_ok());
    assert_eq!(short.verify(token_of(&url), 1_060), Err(FeedError::Expired));
}

#[test]
fn altered_foreign_and_malformed_tokens_are_refused() {
    let key = test_key();
    let s = FeedSigner::new(&key, "https://sh.example");
    let (url, _) = s.url(7, 3, 1_000);
    let token = token_of(&url);
    let (payload, sig) = token.split_once('.').unwrap();
    // Another plan, with the original signature.
    let mut claims = s.verify(token, 1_001).unwrap();
    claims.plan_id = 4;
    let forged = B64URL.encode(serde_json::to_vec(&claims).unwrap());
    assert_eq!(
        s.verify(&format!("{forged}.{sig}"), 1_001),
        Err(FeedError::Altered)
    );
    let mut flipped = sig.as_bytes().to_vec();
    flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    assert_eq!(
        s.verify(&format!("{payload}.{flipped}"), 1_001),
        Err(FeedError::Altered)
    );
    // Another server's key, and a Teams action link's key: neither makes a feed token.
    assert_eq!(signer().verify(token, 1_001), Err(FeedError::Altered));
    let teams = crate::adapters::teams::LinkSigner::new(&key, "https://sh.example");
    let teams_url = teams.link(7, "concern.ack", "C-1001", 1_000);
    let teams_token = teams_url.rsplit('/').next().unwrap();
    assert_eq!(s.verify(teams_token, 1_001), Err(FeedError::Altered));
    for bad in ["", "abc", "a.b.c", "!!.!!", &"x".repeat(2000)] {
        assert!(s.verify(bad, 1_001).is_err(), "{bad}");
    }
}

#[test]
fn uids_use_the_public_host() {
    assert_eq!(
        host_of("https://sh.district.example/"),
        "sh.district.example"
    );
    assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
    assert_eq!(host_of("not a url"), "safeharbor.invalid");
}

/// The demo district (Phoenix) at Sunday 2026-11-22 10:00 local, with case C-1001 and
/// plan 1 (weekly on Mondays at 15:00 in New York).
async fn with_plan() -> (Engine, ManualClock, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let env = move |k: &str| match k {
        "DATABASE_URL" => Some(url.clone()),
        "SAFEHARBOR_PUBLIC_URL" => Some("https://sh.district.example".into()),
        _ => None,
    };
    let config = std::sync::Arc::new(crate::config::from_parts(None, None, &env).unwrap());
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap());
    let engine = crate::app::build_engine(config, std::sync::Arc::new(clock.clone()), test_key())
        .await
        .unwrap();
    let filed = engine
        .handle(inv(
            TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
        ))
        .await
        .reply
        .to_text();
    assert!(filed.contains("C-1001"), "{filed}");
    let made = engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            &format!(
                "schedule C-1001 every 1 week on mon at 15:00 with {COUNSELOR} tz America/New_York"
            ),
        ))
        .await
        .reply
        .to_text();
    assert!(made.contains("plan 1"), "{made}");
    (engine, clock, dir)
}

fn link_in(reply: &str) -> String {
    reply
        .split_whitespace()
        .find(|w| w.starts_with("https://sh.district.example/ical/"))
        .unwrap_or_else(|| panic!("no feed link in {reply}"))
        .trim_end_matches(['.', ',', ')'])
        .to_string()
}

#[tokio::test]
async fn the_calendar_is_pseudonymous_and_in_the_readers_language() {
    let (engine, _clock, _dir) = with_plan().await;
    let plan = engine.checkin_plan(1).await.unwrap().unwrap();
    let en = engine.plan_calendar(&plan, "en-US").await.unwrap().unwrap();
    let es = engine.plan_calendar(&plan, "es").await.unwrap().unwrap();
    for text in [&en, &es] {
        assert!(!text.contains(MARKER), "nothing about the student");
        assert!(text.contains("C-1001"), "the case number names it");
        assert!(
            text.contains("UID:plan-1-occ-1@sh.district.example"),
            "{text}"
        );
        assert!(text.contains("DTSTART;TZID=America/New_York:20261123T150000"));
    }
    assert!(en.contains("SUMMARY:Check-in C-1001 (plan 1)"), "{en}");
    assert!(es.contains("SUMMARY:Seguimiento C-1001 (plan 1)"), "{es}");
    // Open-ended: the next 12 months of Mondays, no more.
    let events = en.matches("BEGIN:VEVENT").count();
    assert!((52..=53).contains(&events), "{events}");
}

#[tokio::test]
async fn a_skipped_check_in_is_cancelled_in_the_calendar() {
    let (engine, clock, _dir) = with_plan().await;
    clock.set(Utc.with_ymd_and_hms(2026, 11, 23, 22, 0, 0).unwrap());
    let skipped = engine
        .handle(inv(COUNSELOR, "checkin", "skip 1.1 unwell"))
        .await
        .reply
        .to_text();
    assert!(skipped.contains("skipped"), "{skipped}");
    let plan = engine.checkin_plan(1).await.unwrap().unwrap();
    let text = engine.plan_calendar(&plan, "en-US").await.unwrap().unwrap();
    let unfolded = text.replace("\r\n ", "");
    let first = unfolded.split("BEGIN:VEVENT").nth(1).unwrap();
    assert!(first.contains("STATUS:CANCELLED"), "{first}");
    assert!(!text.contains("unwell"), "the reason is never shown back");
    let second = unfolded.split("BEGIN:VEVENT").nth(2).unwrap();
    assert!(second.contains("STATUS:CONFIRMED"), "{second}");
}

#[tokio::test]
async fn a_check_in_recorded_early_stays_in_the_calendar_after_a_change_that_day() {
    // Monday 09:00 in New York: 1.1 (15:00 today) is recorded early, then the student
    // asks for Tuesdays at 09:00.
    let (engine, clock, _dir) = with_plan().await;
    clock.set(Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap());
    let done = engine
        .handle(inv(COUNSELOR, "checkin", "done 1.1"))
        .await
        .reply
        .to_text();
    assert!(done.contains("recorded as done"), "{done}");
    let changed = engine
        .handle(inv(
            COUNSELOR,
            "checkin",
            "change 1 every 1 week on tue at 09:00",
        ))
        .await
        .reply
        .to_text();
    assert!(
        changed.contains("1.2") && changed.contains("2026-11-24"),
        "{changed}"
    );

    // The done check-in is still there, in order, before the new cadence's first.
    let plan = engine.checkin_plan(1).await.unwrap().unwrap();
    let text = engine.plan_calendar(&plan, "en-US").await.unwrap().unwrap();
    let unfolded = text.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    assert!(
        events[0].contains("UID:plan-1-occ-1@")
            && events[0].contains("DTSTART;TZID=America/New_York:20261123T150000"),
        "{text}"
    );
    assert!(
        events[1].contains("UID:plan-1-occ-2@")
            && events[1].contains("DTSTART;TZID=America/New_York:20261124T090000"),
        "{text}"
    );
}

#[tokio::test]
async fn calendar_hands_the_reader_a_feed_link_that_works_until_it_expires() {
    let (engine, clock, _dir) = with_plan().await;
    let reply = engine
        .handle(inv(COORDINATOR, "checkin", "calendar 1"))
        .await
        .reply
        .to_text();
    assert!(
        reply.contains("C-1001") && !reply.contains(MARKER),
        "{reply}"
    );
    assert!(reply.contains("2026-11-29"), "expiry date shown: {reply}");
    let url = link_in(&reply);
    let token = token_of(&url);
    let feed = engine.calendar_feed(token).await.unwrap();
    assert_eq!(feed.plan_id, 1);
    assert!(feed.ics.starts_with("BEGIN:VCALENDAR\r\n"));

    clock.advance(Duration::days(7));
    assert_eq!(
        engine.calendar_feed(token).await.unwrap_err(),
        FeedError::Expired
    );
}

#[tokio::test]
async fn only_those_who_may_see_the_plan_get_a_link() {
    let (engine, _clock, _dir) = with_plan().await;
    for (who, text) in [
        (TEACHER, "calendar 1"),
        (COUNSELOR, "calendar 2"),
        (COUNSELOR, "calendar"),
        (COUNSELOR, "calendar x1"),
    ] {
        let reply = engine
            .handle(inv(who, "checkin", text))
            .await
            .reply
            .to_text();
        assert!(!reply.contains("/ical/"), "{who} {text}: {reply}");
        assert!(!reply.contains("C-1001"), "{who} {text}: {reply}");
    }
}

#[tokio::test]
async fn a_feed_is_refused_once_its_person_may_no_longer_see_the_plan() {
    let (engine, _clock, _dir) = with_plan().await;
    let reply = engine
        .handle(inv(COUNSELOR, "checkin", "calendar 1"))
        .await
        .reply
        .to_text();
    let url = link_in(&reply);
    let token = token_of(&url);
    assert!(engine.calendar_feed(token).await.is_ok());

    // The counselor is now only a teacher.
    let mut people = crate::demo::demo_people();
    let me = people
        .iter_mut()
        .find(|p| p.email == COUNSELOR)
        .map(|p| NewPerson {
            roles: vec![Role::Teacher],
            ..p.clone()
        })
        .unwrap();
    engine.store.import_people(&[me], 0).await.unwrap();
    assert_eq!(
        engine.calendar_feed(token).await.unwrap_err(),
        FeedError::Revoked
    );
}
