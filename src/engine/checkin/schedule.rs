//! When a check-in plan's occurrences fall: cadences, tapering, closed days, time zones.
//! Pure: no I/O, no clock; the caller passes the plan's anchor instant.
//!
//! Rules (SPEC §2 "Check-ins", §3 "Check-in plan"):
//! - The anchor is the instant the plan starts counting from: the later of "now when the
//!   plan was made" and local midnight of its `from` date ([`Schedule::anchor`]). The
//!   first occurrence is the first matching local time at or after the anchor; "every N
//!   weeks" and "every N months" count from that first occurrence.
//! - Monthly on day D uses the month's last day when the month is shorter (31 → 30 April,
//!   28/29 February).
//! - A plan may taper: several [`Segment`]s, each with a number of occurrences; the last
//!   one may run for ever. The next segment starts one of *its own* periods after the
//!   previous segment's last scheduled date (weekly ×6 then every 2 weeks: week 6, then
//!   week 8), at its first matching date at or after that.
//! - An occurrence on a closed day (not a working day, or a holiday) moves to the next
//!   school day, same local time. Two occurrences that move onto the same day (a long
//!   break) become one, which keeps the first one's number. Occurrences after the `until` date (inclusive end) are not made.
//! - Local times are turned into instants deliberately: a time that does not exist (the
//!   spring-forward gap, e.g. 02:30 on 2026-03-08 in America/New_York) is read with the
//!   offset in force just before the gap, so it lands as far after the gap as it was into
//!   it (02:30 → 03:30 EDT); a time that happens twice (fall back, 01:30 on 2026-11-01)
//!   is the first of the two (EDT). Both are "the same wall-clock moment people meant",
//!   and neither ever drops an occurrence.
use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc, Weekday,
};
use chrono_tz::Tz;

/// Which of a month's weekdays: the 1st…4th, or the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    pub fn as_word(self) -> &'static str {
        match self {
            Nth::First => "1st",
            Nth::Second => "2nd",
            Nth::Third => "3rd",
            Nth::Fourth => "4th",
            Nth::Last => "last",
        }
    }

    /// `1st`…`4th`, `last`, the English words, or the Spanish ones without accents
    /// (`primer`, `último` folded to `ultimo`).
    pub fn from_word(word: &str) -> Option<Self> {
        match word.to_ascii_lowercase().as_str() {
            "1st" | "first" | "primer" | "primero" => Some(Nth::First),
            "2nd" | "second" | "segundo" => Some(Nth::Second),
            "3rd" | "third" | "tercer" | "tercero" => Some(Nth::Third),
            "4th" | "fourth" | "cuarto" => Some(Nth::Fourth),
            "last" | "ultimo" => Some(Nth::Last),
            _ => None,
        }
    }
}

/// How often, and on which day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Every `every` weeks on `weekday` (1 = weekly).
    Weeks { every: u32, weekday: Weekday },
    /// Every `every` months on day `day` (1–31; past the month's end → its last day).
    MonthDay { every: u32, day: u32 },
    /// Every `every` months on the `nth` `weekday` (e.g. the last Friday).
    MonthWeekday {
        every: u32,
        nth: Nth,
        weekday: Weekday,
    },
}

impl Cadence {
    fn every(self) -> u32 {
        match self {
            Cadence::Weeks { every, .. }
            | Cadence::MonthDay { every, .. }
            | Cadence::MonthWeekday { every, .. } => every.max(1),
        }
    }

    /// The `k`-th date after `first` (k = 0 is `first`), `first` being a matching date.
    fn nth_date(self, first: NaiveDate, k: u32) -> Option<NaiveDate> {
        let step = self.every().checked_mul(k)?;
        match self {
            Cadence::Weeks { .. } => first.checked_add_days(Days::new(7 * u64::from(step))),
            Cadence::MonthDay { day, .. } => {
                let month = first.with_day(1)?.checked_add_months(Months::new(step))?;
                Some(day_in_month(month, day))
            }
            Cadence::MonthWeekday { nth, weekday, .. } => {
                let month = first.with_day(1)?.checked_add_months(Months::new(step))?;
                Some(weekday_in_month(month, nth, weekday))
            }
        }
    }

    /// The first matching date on or after `from`.
    fn first_on_or_after(self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cadence::Weeks { weekday, .. } => {
                let ahead = (7 + weekday.num_days_from_monday()
                    - from.weekday().num_days_from_monday())
                    % 7;
                from.checked_add_days(Days::new(u64::from(ahead)))
            }
            Cadence::MonthDay { day, .. } => {
                let this = day_in_month(from, day);
                if this >= from {
                    Some(this)
                } else {
                    let next = from.with_day(1)?.checked_add_months(Months::new(1))?;
                    Some(day_in_month(next, day))
                }
            }
            Cadence::MonthWeekday { nth, weekday, .. } => {
                let this = weekday_in_month(from, nth, weekday);
                if this >= from {
                    Some(this)
                } else {
                    let next = from.with_day(1)?.checked_add_months(Months::new(1))?;
                    Some(weekday_in_month(next, nth, weekday))
                }
            }
        }
    }

    /// One period of this cadence after `date` (used where a taper changes segment).
    fn one_period_after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            Cadence::Weeks { every, .. } => {
                date.checked_add_days(Days::new(7 * u64::from(every.max(1))))
            }
            Cadence::MonthDay { every, .. } | Cadence::MonthWeekday { every, .. } => {
                date.checked_add_months(Months::new(every.max(1)))
            }
        }
    }
}

/// One stretch of a tapering plan: a cadence for `count` occurrences (`None`: no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub cadence: Cadence,
    pub count: Option<u32>,
}

/// The days a school is closed: everything not in `working_days`, and `holidays`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosedDays {
    pub working_days: Vec<Weekday>,
    pub holidays: BTreeSet<NaiveDate>,
}

impl ClosedDays {
    pub fn new(working_days: &[Weekday], holidays: &[NaiveDate]) -> Self {
        ClosedDays {
            working_days: working_days.to_vec(),
            holidays: holidays.iter().copied().collect(),
        }
    }

    pub fn is_open(&self, date: NaiveDate) -> bool {
        (self.working_days.is_empty() || self.working_days.contains(&date.weekday()))
            && !self.holidays.contains(&date)
    }

    /// `date` if the school is open then, else the next day it is. A calendar with no
    /// open day in the following year leaves the date where it was rather than loop.
    pub fn next_open(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        for _ in 0..=370 {
            if self.is_open(d) {
                return d;
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        date
    }
}

/// Everything that decides when a plan's check-ins are.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// At least one; only the last may have `count: None`.
    pub segments: Vec<Segment>,
    /// Local time of day of each check-in.
    pub time: NaiveTime,
    pub zone: Tz,
    /// The instant the plan counts from (see [`Schedule::anchor`]).
    pub anchor: DateTime<Utc>,
    /// Last local date a check-in may fall on (inclusive).
    pub until: Option<NaiveDate>,
    pub closed: ClosedDays,
}

/// One check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The cadence's count: 0, 1, 2… in order of the dates the cadence gives, before
    /// closed days move them. Stable when holidays change; an occurrence merged into the
    /// one before it (a long break) leaves its number unused.
    pub seq: u32,
    /// Local date the cadence gave.
    pub scheduled: NaiveDate,
    /// Local date it takes place (later than `scheduled` when that day was closed).
    pub date: NaiveDate,
    /// The instant it takes place.
    pub at: DateTime<Utc>,
}

impl Occurrence {
    pub fn moved(&self) -> bool {
        self.date != self.scheduled
    }
}

impl Schedule {
    /// The instant a plan counts from: `now`, or local midnight of `from` if that is later.
    pub fn anchor(now: DateTime<Utc>, from: Option<NaiveDate>, zone: Tz) -> DateTime<Utc> {
        match from {
            Some(d) => {
                let start = local_instant(zone, d, NaiveTime::MIN);
                start.max(now)
            }
            None => now,
        }
    }

    /// Every occurrence in order (endless without `until` and an unlimited last segment:
    /// bound it with `take` or `take_while`).
    pub fn occurrences(&self) -> Occurrences<'_> {
        Occurrences {
            schedule: self,
            segment: 0,
            segment_first: None,
            k: 0,
            last_scheduled: None,
            last_date: None,
            seq: 0,
            done: self.segments.is_empty(),
        }
    }

    /// The occurrences at or after `from`, at most `n` of them.
    pub fn next_after(&self, from: DateTime<Utc>, n: usize) -> Vec<Occurrence> {
        self.occurrences()
            .skip_while(|o| o.at < from)
            .take(n)
            .collect()
    }

    fn first_of_segment(&self, cadence: Cadence, after: Option<NaiveDate>) -> Option<NaiveDate> {
        match after {
            None => {
                let local = self.anchor.with_timezone(&self.zone);
                let day = local.date_naive();
                let first = cadence.first_on_or_after(day)?;
                if local_instant(self.zone, first, self.time) >= self.anchor {
                    Some(first)
                } else {
                    cadence.first_on_or_after(first.succ_opt()?)
                }
            }
            Some(prev) => cadence.first_on_or_after(cadence.one_period_after(prev)?),
        }
    }
}

/// Iterator over a [`Schedule`]'s occurrences.
pub struct Occurrences<'a> {
    schedule: &'a Schedule,
    segment: usize,
    segment_first: Option<NaiveDate>,
    k: u32,
    last_scheduled: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    seq: u32,
    done: bool,
}

impl Iterator for Occurrences<'_> {
    type Item = Occurrence;

    fn next(&mut self) -> Option<Occurrence> {
        let s = self.schedule;
        while !self.done {
            let Some(segment) = s.segments.get(self.segment) else {
                self.done = true;
                break;
            };
            if segment.count.is_some_and(|c| self.k >= c) {
                self.segment += 1;
                self.segment_first = None;
                self.k = 0;
                continue;
            }
            let first = match self.segment_first {
                Some(f) => f,
                None => match s.first_of_segment(segment.cadence, self.last_scheduled) {
                    Some(f) => {
                        self.segment_first = Some(f);
                        f
                    }
                    None => {
                        self.done = true;
                        break;
                    }
                },
            };
            let Some(scheduled) = segment.cadence.nth_date(first, self.k) else {
                self.done = true;
                break;
            };
            self.k += 1;
            self.last_scheduled = Some(scheduled);
            // The number is the cadence's own count, taken before closed days are
            // applied, so a changed holiday list never renumbers a check-in.
            let seq = self.seq;
            self.seq += 1;
            let date = s.closed.next_open(scheduled);
            if s.until.is_some_and(|u| date > u) {
                self.done = true;
                break;
            }
            if self.last_date == Some(date) {
                continue;
            }
            self.last_date = Some(date);
            return Some(Occurrence {
                seq,
                scheduled,
                date,
                at: local_instant(s.zone, date, s.time),
            });
        }
        None
    }
}

/// `day` of `month`'s month, or its last day if the month is shorter.
fn day_in_month(month: NaiveDate, day: u32) -> NaiveDate {
    let last = last_day_of_month(month);
    month.with_day(day.clamp(1, last.day())).unwrap_or(last)
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(date)
}

fn weekday_in_month(month: NaiveDate, nth: Nth, weekday: Weekday) -> NaiveDate {
    let first = month.with_day(1).unwrap_or(month);
    let ahead = |from: NaiveDate, to: Weekday| {
        (7 + to.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7
    };
    let first_match = first + Days::new(u64::from(ahead(first, weekday)));
    let index = match nth {
        Nth::First => 0,
        Nth::Second => 1,
        Nth::Third => 2,
        Nth::Fourth => 3,
        Nth::Last => {
            let last = last_day_of_month(month);
            let back =
                (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            return last - Days::new(u64::from(back));
        }
    };
    first_match + Days::new(7 * index)
}

/// The instant a local date and time stand for in `zone` (see the module docs for gaps
/// and repeated hours).
pub fn local_instant(zone: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Read the wall-clock time with the offset in force before the gap. Gaps are
            // at most a few hours; look back far enough to be outside any of them.
            let before = local - chrono::Duration::hours(6);
            let offset = match zone.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                    chrono::Offset::fix(t.offset()).local_minus_utc()
                }
                LocalResult::None => 0,
            };
            let utc = local - chrono::Duration::seconds(i64::from(offset));
            Utc.from_utc_datetime(&utc)
        }
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
