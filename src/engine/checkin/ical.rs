//! iCalendar (RFC 5545) files of a check-in plan's occurrences. Pure: no I/O, no clock;
//! the caller passes the texts (already localized and pseudonymous) and the instants.
//!
//! What a file holds:
//! - `VCALENDAR` with `PRODID`, `VERSION:2.0`, `CALSCALE:GREGORIAN`, `METHOD:PUBLISH`, a
//!   name (RFC 7986 `NAME` and the common `X-WR-CALNAME`) and a refresh hint.
//! - One `VTIMEZONE` for the plan's zone, with the real offsets for the years the events
//!   span: each change of offset found in chrono-tz's data becomes an explicit onset
//!   (`DTSTART` for the first, `RDATE` for the others) of a `STANDARD` or `DAYLIGHT`
//!   observance. A zone without changes in that span (America/Phoenix) gets one
//!   `STANDARD` observance.
//! - One `VEVENT` per occurrence, with explicit dates (no RRULE: tapering and closed days
//!   make a plan's dates irregular): a stable `UID`, `DTSTART;TZID=…` in local time,
//!   `DURATION`, `SUMMARY`, optional `DESCRIPTION`, `STATUS` and `DTSTAMP`.
//!
//! Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT
//! values are escaped (`\\`, `\;`, `\,`, `\n`).
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::schedule::Occurrence;

/// The product identifier every file carries.
pub const PRODID: &str = "-//SafeHarbor//Check-in plans//EN";
/// Longest content line, in octets, before folding (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// One check-in as an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable for the occurrence (see [`uid`]).
    pub uid: String,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// How long it is shown for, in minutes.
    pub minutes: u32,
    pub summary: String,
    pub description: Option<String>,
    pub status: Status,
}

/// An event's `STATUS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Cancelled,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
        }
    }
}

/// A whole calendar file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Shown by calendar apps as the calendar's name.
    pub name: String,
    /// The zone every `DTSTART` is written in.
    pub zone: Tz,
    /// When the file was made (`DTSTAMP` of every event).
    pub stamp: DateTime<Utc>,
    /// How often a subscribed app should fetch it again, in hours.
    pub refresh_hours: u32,
    pub events: Vec<Event>,
}

/// The UID of occurrence `seq` (0-based) of plan `plan_id`: `plan-7-occ-3@host`, the
/// occurrence numbered as `/checkin list` shows it (`7.3`).
pub fn uid(plan_id: i64, seq: u32, host: &str) -> String {
    format!("plan-{plan_id}-occ-{}@{host}", u64::from(seq) + 1)
}

/// An occurrence as an event; the texts come from the caller.
pub fn occurrence_event(
    plan_id: i64,
    host: &str,
    o: &Occurrence,
    minutes: u32,
    summary: String,
    description: Option<String>,
    status: Status,
) -> Event {
    Event {
        uid: uid(plan_id, o.seq, host),
        start: o.at,
        minutes,
        summary,
        description,
        status,
    }
}

impl Calendar {
    /// The file's text: CRLF line ends, folded lines.
    pub fn render(&self) -> String {
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            format!("PRODID:{PRODID}"),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
            format!("NAME:{}", escape_text(&self.name)),
            format!("X-WR-CALNAME:{}", escape_text(&self.name)),
            format!("X-WR-TIMEZONE:{}", self.zone.name()),
            format!("REFRESH-INTERVAL;VALUE=DURATION:PT{}H", self.refresh_hours),
            format!("X-PUBLISHED-TTL:PT{}H", self.refresh_hours),
        ];
        let first = self.events.iter().map(|e| e.start).min();
        let last = self.events.iter().map(|e| e.start).max();
        let (first, last) = match (first, last) {
            (Some(f), Some(l)) => (f, l),
            _ => (self.stamp, self.stamp),
        };
        lines.extend(vtimezone(self.zone, first, last));
        let stamp = utc_stamp(self.stamp);
        for e in &self.events {
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}", e.uid));
            lines.push(format!("DTSTAMP:{stamp}"));
            lines.push(format!(
                "DTSTART;TZID={}:{}",
                self.zone.name(),
                local_stamp(e.start.with_timezone(&self.zone).naive_local())
            ));
            lines.push(format!("DURATION:PT{}M", e.minutes.max(1)));
            lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
            if let Some(d) = &e.description {
                lines.push(format!("DESCRIPTION:{}", escape_text(d)));
            }
            lines.push(format!("STATUS:{}", e.status.as_str()));
            lines.push("TRANSP:OPAQUE".into());
            lines.push("CLASS:PRIVATE".into());
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for l in &lines {
            out.push_str(&fold(l));
        }
        out
    }
}

/// Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. Other
/// control characters (which TEXT may not hold) become spaces.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (continuations start with a space, which counts
/// towards their 75), ended with CRLF. A UTF-8 character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / LINE_OCTETS * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// `20261122T170000Z`.
fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// `20261122T100000` (a local "floating" form, used with TZID or inside VTIMEZONE).
fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// A UTC offset as RFC 5545 writes it: `-0500`, `+0530`, `+054500` with seconds.
pub fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let a = seconds.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// What is in force at an instant: total offset (seconds), whether it is daylight time,
/// and the abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    offset: i32,
    dst: bool,
    name: String,
}

fn observed(zone: Tz, t: DateTime<Utc>) -> Observed {
    let o = zone.offset_from_utc_datetime(&t.naive_utc());
    let base = o.base_utc_offset().num_seconds();
    let dst = o.dst_offset().num_seconds();
    let offset = i32::try_from(base + dst).unwrap_or(0);
    let name = o
        .abbreviation()
        .map(str::to_string)
        .unwrap_or_else(|| offset_text(offset));
    Observed {
        offset,
        dst: dst != 0,
        name,
    }
}

/// One change of offset (or of abbreviation): the instant it happens, before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    before: Observed,
    after: Observed,
}

/// The changes in `zone` between `from` and `to`, in order. Scans a day at a time and
/// narrows each change down to the second (zones change at most a few times a year).
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let mut out = vec![];
    let step = Duration::days(1);
    let mut t = from;
    let mut seen = observed(zone, t);
    while t < to {
        let next = (t + step).min(to);
        let now = observed(zone, next);
        if now != seen {
            // The change lies in (t, next]: find the first second of the new state.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if observed(zone, mid) == seen {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let after = observed(zone, hi);
            out.push(Transition {
                at: hi,
                before: seen,
                after: after.clone(),
            });
            seen = after;
            t = hi;
            continue;
        }
        t = next;
    }
    out
}

/// The VTIMEZONE lines (unfolded) for `zone`, covering the events from `first` to
/// `last`: every change from a year before `first` to a year after `last`, so the
/// observance in force at each event (and a little around) is in the file.
pub fn vtimezone(zone: Tz, first: DateTime<Utc>, last: DateTime<Utc>) -> Vec<String> {
    let year_start = |y: i32| {
        Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or(first)
    };
    let from = year_start(first.year() - 1);
    let to = year_start(last.year() + 2);
    let changes = transitions(zone, from, to);

    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", zone.name()),
    ];
    // What was in force before the first change (or throughout, without changes), as an
    // observance whose onset is the start of the scan.
    let needs_initial = changes.first().is_none_or(|c| c.at > first);
    if needs_initial {
        let o = observed(zone, from);
        let onset = from.naive_utc() + Duration::seconds(i64::from(o.offset));
        lines.extend(observance(&o, o.offset, &[onset]));
    }
    // Group the changes by what they change from and to; each group is one observance
    // with its onsets, in local time before the change (RFC 5545 §3.6.5).
    let mut groups: Vec<(Observed, i32, Vec<NaiveDateTime>)> = vec![];
    for c in &changes {
        let onset = c.at.naive_utc() + Duration::seconds(i64::from(c.before.offset));
        match groups
            .iter_mut()
            .find(|(to, from, _)| *to == c.after && *from == c.before.offset)
        {
            Some((_, _, onsets)) => onsets.push(onset),
            None => groups.push((c.after.clone(), c.before.offset, vec![onset])),
        }
    }
    for (to, from, onsets) in &groups {
        lines.extend(observance(to, *from, onsets));
    }
    lines.push("END:VTIMEZONE".into());
    lines
}

/// A STANDARD or DAYLIGHT block: `to` comes into force at each onset (local times in the
/// `from` offset).
fn observance(to: &Observed, from: i32, onsets: &[NaiveDateTime]) -> Vec<String> {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    let mut lines = vec![format!("BEGIN:{kind}")];
    if let Some((first, rest)) = onsets.split_first() {
        lines.push(format!("DTSTART:{}", local_stamp(*first)));
        for r in rest {
            lines.push(format!("RDATE:{}", local_stamp(*r)));
        }
    }
    lines.push(format!("TZOFFSETFROM:{}", offset_text(from)));
    lines.push(format!("TZOFFSETTO:{}", offset_text(to.offset)));
    lines.push(format!("TZNAME:{}", escape_text(&to.name)));
    lines.push(format!("END:{kind}"));
    lines
}

#[cfg(test)]
#[path = "ical_tests.rs"]
mod tests;
