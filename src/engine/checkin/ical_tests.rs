//! Tests for the iCalendar writer: folding, escaping, time zones, and plans' dates.
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::America::{New_York, Phoenix};
use chrono_tz::Tz;

use super::*;
use crate::engine::checkin::schedule::{Cadence, ClosedDays, Schedule, Segment};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn schedule(cadence: Cadence, time: &str, zone: Tz, from: &str) -> Schedule {
    let anchor = Schedule::anchor(
        Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap(),
        Some(d(from)),
        zone,
    );
    Schedule {
        segments: vec![Segment {
            cadence,
            count: None,
        }],
        time: NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
        zone,
        anchor,
        until: None,
        closed: ClosedDays::default(),
    }
}

fn calendar(s: &Schedule, n: usize) -> String {
    let events = s
        .occurrences()
        .take(n)
        .map(|o| {
            occurrence_event(
                7,
                "sh.example",
                &o,
                30,
                "Check-in C-1042 (plan 7)".into(),
                None,
                Status::Confirmed,
            )
        })
        .collect();
    Calendar {
        name: "Check-ins, plan 7".into(),
        zone: s.zone,
        stamp: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        refresh_hours: 12,
        events,
    }
    .render()
}

/// The content lines, unfolded.
fn unfolded(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The values of a property, in order (`DTSTART;TZID=…:v` → `v`).
fn values(text: &str, name: &str) -> Vec<String> {
    unfolded(text)
        .iter()
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|r| r.starts_with(':') || r.starts_with(';'))
        })
        .map(|l| l.split_once(':').unwrap().1.to_string())
        .collect()
}

/// The lines of the first `BEGIN:{kind}` … `END:{kind}` block.
fn block(lines: &[String], kind: &str) -> Vec<String> {
    let start = lines
        .iter()
        .position(|l| *l == format!("BEGIN:{kind}"))
        .unwrap_or_else(|| panic!("no {kind} in {lines:#?}"));
    let end = start
        + lines[start..]
            .iter()
            .position(|l| *l == format!("END:{kind}"))
            .unwrap();
    lines[start..=end].to_vec()
}

#[test]
fn long_lines_fold_at_75_octets_without_splitting_characters() {
    let line = format!("SUMMARY:{}", "ñandú 🦆 ".repeat(30));
    let folded = fold(&line);
    assert!(folded.ends_with("\r\n"));
    for physical in folded.trim_end_matches("\r\n").split("\r\n") {
        assert!(
            physical.len() <= 75,
            "{} octets: {physical:?}",
            physical.len()
        );
    }
    assert!(
        folded
            .split("\r\n")
            .skip(1)
            .all(|l| l.is_empty() || l.starts_with(' ')),
        "continuations start with a space"
    );
    assert_eq!(folded.replace("\r\n ", "").trim_end_matches("\r\n"), line);
    assert_eq!(fold("SHORT:x"), "SHORT:x\r\n");
    let exact = "X".repeat(75);
    assert_eq!(fold(&exact), format!("{exact}\r\n"), "75 octets fit");
    let over = "X".repeat(76);
    assert_eq!(fold(&over), format!("{}\r\n X\r\n", "X".repeat(75)));
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(
        escape_text("a,b;c\\d\ne\r\nf\tg"),
        "a\\,b\\;c\\\\d\\ne\\nf g"
    );
    assert_eq!(
        escape_text("Check-in C-1042 (plan 7)"),
        "Check-in C-1042 (plan 7)"
    );
}

#[test]
fn offsets_are_written_as_rfc_5545_wants() {
    assert_eq!(offset_text(-5 * 3600), "-0500");
    assert_eq!(offset_text(5 * 3600 + 1800), "+0530");
    assert_eq!(offset_text(0), "+0000");
    assert_eq!(offset_text(-(3600 + 45 * 60 + 8)), "-014508");
}

#[test]
fn new_york_gets_daylight_and_standard_observances_with_the_real_onsets() {
    // Weekly on Mondays at 09:00 from March 2026, across the spring change (8 March).
    let s = schedule(
        Cadence::Weeks {
            every: 1,
            weekday: Weekday::Mon,
        },
        "09:00",
        New_York,
        "2026-03-01",
    );
    let text = calendar(&s, 40);
    let lines = unfolded(&text);
    let tz = block(&lines, "VTIMEZONE");
    assert_eq!(tz[1], "TZID:America/New_York");
    let daylight = block(&tz, "DAYLIGHT");
    assert_eq!(
        daylight,
        [
            "BEGIN:DAYLIGHT",
            "DTSTART:20250309T020000",
            "RDATE:20260308T020000",
            "RDATE:20270314T020000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0400",
            "TZNAME:EDT",
            "END:DAYLIGHT",
        ]
    );
    let standard = block(&tz, "STANDARD");
    assert_eq!(
        standard,
        [
            "BEGIN:STANDARD",
            "DTSTART:20251102T020000",
            "RDATE:20261101T020000",
            "RDATE:20271107T020000",
            "TZOFFSETFROM:-0400",
            "TZOFFSETTO:-0500",
            "TZNAME:EST",
            "END:STANDARD",
        ]
    );
    assert_eq!(
        tz.iter()
            .filter(|l| l.starts_with("BEGIN:STANDARD"))
            .count(),
        1,
        "no extra observance when the changes cover the events: {tz:#?}"
    );
    // The events keep their wall-clock time on both sides of the change.
    let starts = values(&text, "DTSTART");
    let events: Vec<&String> = starts.iter().filter(|v| v.len() == 15).skip(2).collect();
    assert_eq!(events[0], "20260302T090000");
    assert_eq!(events[1], "20260309T090000");
    assert!(
        lines
            .iter()
            .any(|l| l == "DTSTART;TZID=America/New_York:20260309T090000"),
        "{lines:#?}"
    );
}

#[test]
fn phoenix_has_only_standard_time() {
    let s = schedule(
        Cadence::Weeks {
            every: 2,
            weekday: Weekday::Wed,
        },
        "15:30",
        Phoenix,
        "2026-01-01",
    );
    let text = calendar(&s, 30);
    let lines = unfolded(&text);
    let tz = block(&lines, "VTIMEZONE");
    assert!(!tz.iter().any(|l| l.contains("DAYLIGHT")), "{tz:#?}");
    assert_eq!(
        tz.iter().filter(|l| *l == "BEGIN:STANDARD").count(),
        1,
        "{tz:#?}"
    );
    assert!(tz.contains(&"TZOFFSETFROM:-0700".to_string()), "{tz:#?}");
    assert!(tz.contains(&"TZOFFSETTO:-0700".to_string()), "{tz:#?}");
    assert!(tz.contains(&"TZNAME:MST".to_string()), "{tz:#?}");
    assert!(!tz.iter().any(|l| l.starts_with("RDATE")), "{tz:#?}");
    assert!(
        lines.contains(&"DTSTART;TZID=America/Phoenix:20260107T153000".to_string()),
        "{lines:#?}"
    );
}

#[test]
fn a_month_end_plan_uses_each_months_last_day() {
    let s = schedule(
        Cadence::MonthDay { every: 1, day: 31 },
        "10:00",
        New_York,
        "2026-01-01",
    );
    let text = calendar(&s, 4);
    let starts: Vec<String> = unfolded(&text)
        .into_iter()
        .filter_map(|l| {
            l.strip_prefix("DTSTART;TZID=America/New_York:")
                .map(str::to_string)
        })
        .collect();
    assert_eq!(
        starts,
        [
            "20260131T100000",
            "20260228T100000",
            "20260331T100000",
            "20260430T100000"
        ]
    );
    let uids = values(&text, "UID");
    assert_eq!(
        uids,
        [
            "plan-7-occ-1@sh.example",
            "plan-7-occ-2@sh.example",
            "plan-7-occ-3@sh.example",
            "plan-7-occ-4@sh.example"
        ]
    );
}

#[test]
fn a_check_in_moved_off_a_holiday_is_on_the_next_school_day() {
    let mut s = schedule(
        Cadence::Weeks {
            every: 1,
            weekday: Weekday::Mon,
        },
        "08:15",
        Phoenix,
        "2026-01-05",
    );
    // Monday 19 January 2026 is a holiday: that check-in is on Tuesday the 20th.
    s.closed = ClosedDays::new(
        &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        &[d("2026-01-19")],
    );
    let occurrences: Vec<_> = s.occurrences().take(4).collect();
    assert!(occurrences[2].moved());
    let text = calendar(&s, 4);
    let lines = unfolded(&text);
    for (uid, start) in [
        ("plan-7-occ-1@sh.example", "20260105T081500"),
        ("plan-7-occ-2@sh.example", "20260112T081500"),
        ("plan-7-occ-3@sh.example", "20260120T081500"),
        ("plan-7-occ-4@sh.example", "20260126T081500"),
    ] {
        let at = lines
            .iter()
            .position(|l| *l == format!("UID:{uid}"))
            .unwrap();
        assert!(
            lines[at..]
                .iter()
                .take(4)
                .any(|l| *l == format!("DTSTART;TZID=America/Phoenix:{start}")),
            "{uid}: {lines:#?}"
        );
    }
}

#[test]
fn a_local_time_in_the_spring_gap_is_written_as_the_time_it_became() {
    // 02:30 does not exist on 2026-03-08 in New York: the plan holds it at 03:30 EDT.
    let s = schedule(
        Cadence::Weeks {
            every: 1,
            weekday: Weekday::Sun,
        },
        "02:30",
        New_York,
        "2026-03-01",
    );
    let text = calendar(&s, 3);
    let starts = values(&text, "DTSTART");
    assert!(
        starts.contains(&"20260301T023000".to_string()),
        "{starts:?}"
    );
    assert!(
        starts.contains(&"20260308T033000".to_string()),
        "{starts:?}"
    );
    assert!(
        starts.contains(&"20260315T023000".to_string()),
        "{starts:?}"
    );
}

#[test]
fn the_file_is_well_formed() {
    let s = schedule(
        Cadence::MonthWeekday {
            every: 1,
            nth: crate::engine::checkin::Nth::Last,
            weekday: Weekday::Fri,
        },
        "13:00",
        New_York,
        "2026-01-01",
    );
    let events: Vec<Event> = s
        .occurrences()
        .take(3)
        .map(|o| {
            occurrence_event(
                9,
                "h.example",
                &o,
                45,
                "Visita, caso C-1001; plan 9 — ñ".into(),
                Some("line one\nline two, with a comma".into()),
                if o.seq == 1 {
                    Status::Cancelled
                } else {
                    Status::Confirmed
                },
            )
        })
        .collect();
    let text = Calendar {
        name: "A name, with; specials".into(),
        zone: New_York,
        stamp: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        refresh_hours: 6,
        events,
    }
    .render();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n') && !text.replace("\r\n", "").contains('\r'),
        "only CRLF line ends"
    );
    for l in text.split("\r\n") {
        assert!(l.len() <= 75, "{l:?}");
    }
    let lines = unfolded(&text);
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    for required in [
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "PRODID:-//SafeHarbor//Check-in plans//EN",
        "NAME:A name\\, with\\; specials",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ] {
        assert!(lines.iter().any(|l| l == required), "{required}");
    }
    for kind in ["VCALENDAR", "VTIMEZONE", "VEVENT", "STANDARD", "DAYLIGHT"] {
        let begins = lines
            .iter()
            .filter(|l| **l == format!("BEGIN:{kind}"))
            .count();
        let ends = lines
            .iter()
            .filter(|l| **l == format!("END:{kind}"))
            .count();
        assert_eq!(begins, ends, "{kind}");
    }
    assert_eq!(values(&text, "DTSTAMP"), ["20260102T030405Z"; 3]);
    assert_eq!(values(&text, "DURATION"), ["PT45M"; 3]);
    assert_eq!(
        values(&text, "STATUS"),
        ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    );
    assert_eq!(
        values(&text, "SUMMARY")[0],
        "Visita\\, caso C-1001\\; plan 9 — ñ"
    );
    assert_eq!(
        values(&text, "DESCRIPTION")[0],
        "line one\\nline two\\, with a comma"
    );
    assert_eq!(
        values(&text, "DTSTART")
            .iter()
            .filter(|v| v.starts_with("2026") && v.ends_with("T130000"))
            .cloned()
            .collect::<Vec<_>>(),
        ["20260130T130000", "20260227T130000", "20260327T130000"]
    );
}

#[test]
fn an_empty_calendar_still_has_its_time_zone() {
    let text = Calendar {
        name: "none".into(),
        zone: Phoenix,
        stamp: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
        refresh_hours: 12,
        events: vec![],
    }
    .render();
    let lines = unfolded(&text);
    assert!(lines.contains(&"TZID:America/Phoenix".to_string()));
    assert!(!lines.iter().any(|l| l == "BEGIN:VEVENT"));
}
