//! Calendar feeds of check-in plans over real HTTP, and `safeharbor checkin export`
//! through the binary. Every file is read back with a real iCalendar parser (Python's
//! `icalendar`; `.ci/run` installs it): each event's time, worked out from the file's own
//! VTIMEZONE, must be the instant the plan means, and match what `/checkin list` says.
use std::process::Command;
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use safeharbor::clock::ManualClock;
use safeharbor::domain::Platform;
use safeharbor::engine::{Engine, Invocation};
use serde_json::Value;

use crate::helpers::{Scratch, text};

const TEACHER: &str = "teacher@demo.safeharbor.invalid";
const COUNSELOR: &str = "counselor@demo.safeharbor.invalid";
const PUBLIC_URL: &str = "https://safeharbor.district.example";
const MARKER: &str = "MARKER-5d0c";

/// Reads an .ics file with Python's icalendar and prints what the test checks, as JSON.
/// Each event's UTC instant is worked out twice: from the file's VTIMEZONE alone
/// (`to_tz(lookup_tzid=False)`) and from the system's zone database.
const PARSE_ICS: &str = r#"
import datetime, json, sys
try:
    import icalendar
except ImportError:
    sys.exit(3)
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
errors = ["%s: %s" % (c.name, e) for c in cal.walk() for e in c.errors]
zones = {str(t["TZID"]): t.to_tz(lookup_tzid=False) for t in cal.walk("VTIMEZONE")}
kinds = {str(t["TZID"]): sorted(set(c.name for c in t.subcomponents)) for t in cal.walk("VTIMEZONE")}
utc = datetime.timezone.utc
fmt = "%Y-%m-%dT%H:%M:%SZ"
events = []
for ev in cal.walk("VEVENT"):
    start = ev["DTSTART"]
    tzid = str(start.params.get("TZID"))
    local = start.dt.replace(tzinfo=None)
    events.append({
        "uid": str(ev["UID"]),
        "summary": str(ev["SUMMARY"]),
        "description": str(ev.get("DESCRIPTION", "")),
        "status": str(ev.get("STATUS", "")),
        "tzid": tzid,
        "local": local.strftime("%Y-%m-%d %H:%M"),
        "utc_vtimezone": local.replace(tzinfo=zones[tzid]).astimezone(utc).strftime(fmt),
        "utc_zoneinfo": start.dt.astimezone(utc).strftime(fmt),
        "minutes": int(ev["DURATION"].dt.total_seconds() // 60),
        "dtstamp": ev["DTSTAMP"].dt.astimezone(utc).strftime(fmt),
    })
print(json.dumps({
    "version": str(cal["VERSION"]),
    "prodid": str(cal["PRODID"]),
    "method": str(cal.get("METHOD", "")),
    "calscale": str(cal.get("CALSCALE", "")),
    "errors": errors,
    "zones": kinds,
    "events": events,
}))
"#;

/// The parsed file, or None (with a note) where there is no Python to parse it with.
fn parse_ics(ics: &str) -> Option<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ics");
    std::fs::write(&path, ics).unwrap();
    let out = match Command::new("python3")
        .arg("-c")
        .arg(PARSE_ICS)
        .arg(&path)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: the iCalendar parser check needs python3 ({e})");
            return None;
        }
    };
    assert_ne!(
        out.status.code(),
        Some(3),
        "Python's icalendar package is missing: python3 -m pip install icalendar (.ci/run does)"
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "the parser failed: {stderr}\n{ics}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["errors"], Value::Array(vec![]), "parse errors: {v}");
    assert_eq!(v["version"], "2.0");
    assert_eq!(v["method"], "PUBLISH");
    assert_eq!(v["calscale"], "GREGORIAN");
    assert!(v["prodid"].as_str().unwrap().contains("SafeHarbor"));
    for e in v["events"].as_array().unwrap() {
        assert_eq!(
            e["utc_vtimezone"], e["utc_zoneinfo"],
            "the file's VTIMEZONE gives the real instant: {e}"
        );
    }
    Some(v)
}

struct FeedApp {
    base: String,
    client: reqwest::Client,
    engine: Engine,
    clock: ManualClock,
    _dir: tempfile::TempDir,
}

impl FeedApp {
    /// The demo district (Phoenix) at Sunday 2026-11-22 10:00 local, served on a free port.
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("app.db").display());
        let env = move |k: &str| match k {
            "DATABASE_URL" => Some(url.clone()),
            "SAFEHARBOR_PUBLIC_URL" => Some(PUBLIC_URL.into()),
            _ => None,
        };
        let config = Arc::new(safeharbor::config::from_parts(None, None, &env).unwrap());
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap());
        let key = safeharbor::crypto::DataKey::from_base64(
            &safeharbor::crypto::DataKey::generate_base64(),
            "test",
        )
        .unwrap();
        let engine = safeharbor::app::build_engine(config, Arc::new(clock.clone()), key)
            .await
            .unwrap();
        let app = safeharbor::app::Application::build(engine, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap()
            .without_scheduler();
        let base = format!("http://{}", app.local_addr());
        let engine = app.engine().clone();
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        Self {
            base,
            client: reqwest::Client::new(),
            engine,
            clock,
            _dir: dir,
        }
    }

    async fn say(&self, user: &str, command: &str, text: &str) -> String {
        self.engine
            .handle(Invocation {
                platform: Platform::Console,
                user_id: user.into(),
                team_id: None,
                locale: None,
                request_id: None,
                command: command.into(),
                text: text.into(),
            })
            .await
            .reply
            .to_text()
    }

    /// A feed link as handed out, pointed at this test server instead.
    fn local(&self, link: &str) -> String {
        let path = link
            .strip_prefix(PUBLIC_URL)
            .unwrap_or_else(|| panic!("{link} is not under SAFEHARBOR_PUBLIC_URL"));
        format!("{}{path}", self.base)
    }

    async fn get(&self, url: &str) -> (u16, String, String) {
        let r = self.client.get(url).send().await.unwrap();
        let status = r.status().as_u16();
        let ctype = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, ctype, r.text().await.unwrap())
    }
}

fn link_in(reply: &str) -> String {
    reply
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{PUBLIC_URL}/ical/")))
        .unwrap_or_else(|| panic!("no feed link in {reply}"))
        .to_string()
}

/// `• 1.2: November 30, 2026 (2026-11-30), 09:00 EST` → ("1.2", "2026-11-30 09:00").
fn list_entries(list: &str) -> Vec<(String, String)> {
    list.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("• ")?;
            let (id, rest) = rest.split_once(": ")?;
            let iso = rest.split_once('(')?.1.split_once(')')?.0;
            let time = rest.rsplit_once(", ")?.1.split_whitespace().next()?;
            Some((id.to_string(), format!("{iso} {time}")))
        })
        .collect()
}

async fn file_case(app: &FeedApp) {
    let filed = app
        .say(
            TEACHER,
            "concern",
            &format!("S-{MARKER} {MARKER} seen at a motel"),
        )
        .await;
    assert!(filed.contains("C-1001"), "{filed}");
}

#[tokio::test]
async fn a_feed_link_serves_a_calendar_that_a_parser_reads_as_the_plan_says() {
    let app = FeedApp::start().await;
    file_case(&app).await;
    // Plan 1 in New York (crosses the change to daylight time on 2027-03-14),
    // plan 2 in the school's zone, Phoenix (no daylight time).
    let made = app
        .say(
            COUNSELOR,
            "checkin",
            &format!(
                "schedule C-1001 every 1 week on mon at 09:00 with {COUNSELOR} tz America/New_York"
            ),
        )
        .await;
    assert!(made.contains("plan 1"), "{made}");
    let made = app
        .say(
            COUNSELOR,
            "checkin",
            &format!("schedule C-1001 every 1 month on last fri at 14:30 with {COUNSELOR}"),
        )
        .await;
    assert!(made.contains("plan 2"), "{made}");

    for (plan, zone) in [(1, "America/New_York"), (2, "America/Phoenix")] {
        let reply = app
            .say(COUNSELOR, "checkin", &format!("calendar {plan}"))
            .await;
        assert!(!reply.contains(MARKER), "{reply}");
        let link = link_in(&reply);
        assert!(link.ends_with(".ics"), "{link}");

        let (status, ctype, body) = app.get(&app.local(&link)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(ctype, "text/calendar; charset=utf-8");
        assert!(body.contains("\r\n") && !body.replace("\r\n", "").contains('\n'));
        assert!(!body.contains(MARKER), "nothing about the student");

        let list = app.say(COUNSELOR, "checkin", "list C-1001").await;
        let listed: Vec<(String, String)> = list_entries(&list)
            .into_iter()
            .filter(|(id, _)| id.starts_with(&format!("{plan}.")))
            .collect();
        assert_eq!(listed.len(), 3, "{list}");

        let Some(parsed) = parse_ics(&body) else {
            continue;
        };
        let events = parsed["events"].as_array().unwrap();
        assert!(events.len() >= 12, "a year of check-ins: {}", events.len());
        for (id, when) in &listed {
            let n = id.split_once('.').unwrap().1;
            let uid = format!("plan-{plan}-occ-{n}@safeharbor.district.example");
            let e = events
                .iter()
                .find(|e| e["uid"] == uid.as_str())
                .unwrap_or_else(|| panic!("no {uid} in {parsed}"));
            assert_eq!(e["local"], when.as_str(), "{id}: {e}");
            assert_eq!(e["tzid"], zone);
        }
        for e in events {
            assert_eq!(e["summary"], format!("Check-in C-1001 (plan {plan})"));
            assert_eq!(e["status"], "CONFIRMED");
            assert_eq!(e["minutes"], 30);
            assert_eq!(e["dtstamp"], "2026-11-22T17:00:00Z");
        }
        let utc_hours: std::collections::BTreeSet<String> = events
            .iter()
            .map(|e| e["utc_vtimezone"].as_str().unwrap()[11..16].to_string())
            .collect();
        let kinds = &parsed["zones"][zone];
        if plan == 1 {
            // 09:00 EST is 14:00 UTC, 09:00 EDT 13:00 UTC: both occur, at 09:00 local.
            assert!(
                events
                    .iter()
                    .all(|e| e["local"].as_str().unwrap().ends_with("09:00"))
            );
            assert_eq!(
                utc_hours.into_iter().collect::<Vec<_>>(),
                ["13:00", "14:00"]
            );
            assert_eq!(*kinds, serde_json::json!(["DAYLIGHT", "STANDARD"]));
        } else {
            assert_eq!(utc_hours.into_iter().collect::<Vec<_>>(), ["21:30"]);
            assert_eq!(*kinds, serde_json::json!(["STANDARD"]));
        }
    }
}

#[tokio::test]
async fn altered_malformed_and_expired_feed_links_get_a_page_that_reveals_nothing() {
    let app = FeedApp::start().await;
    file_case(&app).await;
    app.say(
        COUNSELOR,
        "checkin",
        &format!("schedule C-1001 every 2 weeks on wed at 11:00 with {COUNSELOR}"),
    )
    .await;
    let link = app.local(&link_in(&app.say(COUNSELOR, "checkin", "calendar 1").await));
    let token = link
        .rsplit('/')
        .next()
        .unwrap()
        .strip_suffix(".ics")
        .unwrap()
        .to_string();
    let (payload, sig) = token.split_once('.').unwrap();
    let feeds = format!("{}/ical/", app.base);

    // Someone else's plan or person, under the original signature.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Value = serde_json::from_slice(&b64.decode(payload).unwrap()).unwrap();
    claims["p"] = serde_json::json!(1);
    let forged = b64.encode(serde_json::to_vec(&claims).unwrap());
    let mut flipped = sig.as_bytes().to_vec();
    flipped[5] = if flipped[5] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let long = "x".repeat(3000);

    let cases: Vec<(String, u16)> = vec![
        (format!("{feeds}{forged}.{sig}.ics"), 403),
        (format!("{feeds}{payload}.{flipped}.ics"), 403),
        (format!("{feeds}{token}"), 404),
        (format!("{feeds}{token}.ical"), 404),
        (format!("{feeds}not-a-token.ics"), 404),
        (format!("{feeds}.ics"), 404),
        (format!("{feeds}{long}.ics"), 404),
        (format!("{feeds}%00%ff.ics"), 404),
    ];
    for (url, want) in &cases {
        let (status, ctype, body) = app.get(url).await;
        assert_eq!(status, *want, "{url}: {body}");
        assert!(ctype.starts_with("text/html"), "{ctype}");
        assert!(
            !body.contains("C-1001") && !body.contains(MARKER) && !body.contains("BEGIN:"),
            "{body}"
        );
        assert!(body.contains("calendar link"), "{body}");
    }
    let es = app
        .client
        .get(format!("{feeds}not-a-token.ics"))
        .header("accept-language", "es-MX,es;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(es.contains("enlace de calendario"), "{es}");

    // The real link works, and goes on working until it expires (7 days).
    let (status, _, body) = app.get(&link).await;
    assert_eq!(status, 200, "{body}");
    app.clock.advance(Duration::days(7) - Duration::seconds(1));
    assert_eq!(app.get(&link).await.0, 200, "read as often as wanted");
    app.clock.advance(Duration::seconds(1));
    let (status, _, body) = app.get(&link).await;
    assert_eq!(status, 410, "{body}");
    assert!(!body.contains("C-1001") && !body.contains(MARKER), "{body}");
    // A new link from /checkin calendar works again.
    let fresh = app.local(&link_in(&app.say(COUNSELOR, "checkin", "calendar 1").await));
    assert_eq!(app.get(&fresh).await.0, 200);
}

#[test]
fn checkin_export_prints_the_plans_calendar_or_says_there_is_no_such_plan() {
    let s = Scratch::new();
    let (stdout, stderr) = text(&s.run(
        &["console", "--as", "teacher"],
        &format!("/concern S-{MARKER} {MARKER} seen at a motel\n"),
    ));
    assert!(stdout.contains("C-1001"), "{stdout}{stderr}");
    let (stdout, stderr) = text(&s.run(
        &["console", "--as", "counselor"],
        &format!(
            "/checkin schedule C-1001 every 1 month on day 31 at 16:00 with {COUNSELOR} tz America/New_York\n/checkin list\n"
        ),
    ));
    assert!(stdout.contains("Check-in plan 1"), "{stdout}{stderr}");
    let listed = list_entries(&stdout);
    assert!(listed.len() >= 3, "{stdout}");

    let out = s.run(&["checkin", "export", "1"], "");
    let (ics, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(!ics.contains(MARKER) && !stderr.contains(MARKER));

    let file = s.path().join("plan-1.ics");
    let out = s.run(
        &[
            "checkin",
            "export",
            "1",
            "--out",
            file.to_str().unwrap(),
            "--locale",
            "es",
        ],
        "",
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("check-ins written to"), "{stderr}");
    let es = std::fs::read_to_string(&file).unwrap();
    assert!(es.contains("SUMMARY:Seguimiento C-1001 (plan 1)"), "{es}");

    if let Some(parsed) = parse_ics(&ics) {
        let events = parsed["events"].as_array().unwrap();
        // Open-ended and monthly: the next 12 months (the plan started on the wall clock's
        // today, so about 12 of them).
        assert!((11..=13).contains(&events.len()), "{}", events.len());
        for (id, when) in listed.iter().take(3) {
            let n = id.split_once('.').unwrap().1;
            let e = events
                .iter()
                .find(|e| {
                    e["uid"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("plan-1-occ-{n}@"))
                })
                .unwrap_or_else(|| panic!("no check-in {id} in {parsed}"));
            assert_eq!(e["local"], when.as_str(), "{id}: {e}");
        }
    }

    for (args, says) in [
        (&["checkin", "export", "99"][..], "no check-in plan 99"),
        (&["checkin", "export", "one"][..], "invalid value 'one'"),
        (
            &["checkin", "export", "1", "--locale", "xx"][..],
            "--locale xx: not a language SafeHarbor speaks; use one of en-US, es",
        ),
    ] {
        let out = s.run(args, "");
        let (stdout, stderr) = text(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
