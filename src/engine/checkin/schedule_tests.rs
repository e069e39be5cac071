//! Tests for the occurrence engine: cadences, tapering, closed days, DST, month ends.
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::America::{New_York, Phoenix};
use chrono_tz::Tz;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn local(zone: Tz, s: &str) -> DateTime<Utc> {
    let ndt = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&ndt)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn weekly(weekday: Weekday) -> Segment {
    Segment {
        cadence: Cadence::Weeks { every: 1, weekday },
        count: None,
    }
}

fn monthly_on_day(every: u32, day: u32) -> Segment {
    Segment {
        cadence: Cadence::MonthDay { every, day },
        count: None,
    }
}

fn plan(segments: Vec<Segment>, time: &str, zone: Tz, anchor: DateTime<Utc>) -> Schedule {
    Schedule {
        segments,
        time: t(time),
        zone,
        anchor,
        until: None,
        closed: ClosedDays::default(),
    }
}

fn dates(s: &Schedule, n: usize) -> Vec<String> {
    s.occurrences()
        .take(n)
        .map(|o| o.date.format("%Y-%m-%d").to_string())
        .collect()
}

fn local_strings(s: &Schedule, n: usize) -> Vec<String> {
    s.occurrences()
        .take(n)
        .map(|o| {
            o.at.with_timezone(&s.zone)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .collect()
}

#[test]
fn weekly_first_occurrence_is_at_or_after_now() {
    // Arrange: Wednesday 2026-11-18 10:00 in Phoenix; weekly Wednesdays.
    let now = local(Phoenix, "2026-11-18 10:00");
    let later_today = plan(vec![weekly(Weekday::Wed)], "15:00", Phoenix, now);
    let exactly_now = plan(vec![weekly(Weekday::Wed)], "10:00", Phoenix, now);
    let earlier_today = plan(vec![weekly(Weekday::Wed)], "09:59", Phoenix, now);

    // Act / Assert
    assert_eq!(dates(&later_today, 2), ["2026-11-18", "2026-11-25"]);
    assert_eq!(dates(&exactly_now, 1), ["2026-11-18"]);
    assert_eq!(dates(&earlier_today, 2), ["2026-11-25", "2026-12-02"]);
}

#[test]
fn every_n_weeks_counts_from_the_first_occurrence() {
    // Arrange: made on Thursday 2026-11-19; every 2 weeks on Monday.
    let now = local(Phoenix, "2026-11-19 08:00");
    let s = plan(
        vec![Segment {
            cadence: Cadence::Weeks {
                every: 2,
                weekday: Weekday::Mon,
            },
            count: None,
        }],
        "14:00",
        Phoenix,
        now,
    );

    // Act / Assert
    assert_eq!(
        dates(&s, 4),
        ["2026-11-23", "2026-12-07", "2026-12-21", "2027-01-04"]
    );
    let seqs: Vec<u32> = s.occurrences().take(4).map(|o| o.seq).collect();
    assert_eq!(seqs, [0, 1, 2, 3]);
}

#[test]
fn from_date_in_the_future_starts_there() {
    // Arrange
    let now = local(Phoenix, "2026-11-18 10:00");
    let anchor = Schedule::anchor(now, Some(d("2027-01-05")), Phoenix);
    let s = plan(vec![weekly(Weekday::Fri)], "09:00", Phoenix, anchor);

    // Act / Assert
    assert_eq!(dates(&s, 2), ["2027-01-08", "2027-01-15"]);
    // A `from` in the past changes nothing: the plan starts now.
    assert_eq!(Schedule::anchor(now, Some(d("2026-01-01")), Phoenix), now);
}

#[test]
fn monthly_on_the_31st_uses_each_months_last_day() {
    // Arrange
    let now = local(New_York, "2026-12-01 09:00");
    let s = plan(vec![monthly_on_day(1, 31)], "10:00", New_York, now);

    // Act / Assert
    assert_eq!(
        dates(&s, 6),
        [
            "2026-12-31",
            "2027-01-31",
            "2027-02-28",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31"
        ]
    );
}

#[test]
fn monthly_on_day_29_in_a_leap_year_and_after() {
    let now = local(Phoenix, "2028-01-30 09:00");
    let s = plan(vec![monthly_on_day(1, 29)], "10:00", Phoenix, now);
    // January's 29th has passed, so February (leap: the 29th exists), then March.
    assert_eq!(dates(&s, 3), ["2028-02-29", "2028-03-29", "2028-04-29"]);
}

#[test]
fn every_two_months_on_day_d_when_this_months_day_has_passed() {
    let now = local(Phoenix, "2026-11-20 09:00");
    let s = plan(vec![monthly_on_day(2, 15)], "10:00", Phoenix, now);
    assert_eq!(dates(&s, 3), ["2026-12-15", "2027-02-15", "2027-04-15"]);
}

#[test]
fn monthly_on_the_nth_and_last_weekday() {
    let now = local(Phoenix, "2026-11-01 00:00");
    let nth = |nth: Nth, weekday: Weekday| {
        plan(
            vec![Segment {
                cadence: Cadence::MonthWeekday {
                    every: 1,
                    nth,
                    weekday,
                },
                count: None,
            }],
            "10:00",
            Phoenix,
            now,
        )
    };
    // November 2026 starts on a Sunday; it has five Mondays (2, 9, 16, 23, 30).
    assert_eq!(
        dates(&nth(Nth::First, Weekday::Mon), 3),
        ["2026-11-02", "2026-12-07", "2027-01-04"]
    );
    assert_eq!(
        dates(&nth(Nth::Fourth, Weekday::Mon), 2),
        ["2026-11-23", "2026-12-28"]
    );
    assert_eq!(
        dates(&nth(Nth::Last, Weekday::Mon), 3),
        ["2026-11-30", "2026-12-28", "2027-01-25"]
    );
    assert_eq!(
        dates(&nth(Nth::Last, Weekday::Fri), 3),
        ["2026-11-27", "2026-12-25", "2027-01-29"]
    );
}

#[test]
fn nth_weekday_already_passed_this_month_goes_to_next_month() {
    let now = local(Phoenix, "2026-11-03 11:00");
    let s = plan(
        vec![Segment {
            cadence: Cadence::MonthWeekday {
                every: 1,
                nth: Nth::First,
                weekday: Weekday::Tue,
            },
            count: None,
        }],
        "10:00",
        Phoenix,
        now,
    );
    // 2026-11-03 is the first Tuesday, but 10:00 has passed.
    assert_eq!(dates(&s, 2), ["2026-12-01", "2027-01-05"]);
}

#[test]
fn until_is_inclusive_and_ends_the_plan() {
    let now = local(Phoenix, "2026-11-18 10:00");
    let mut s = plan(vec![weekly(Weekday::Wed)], "15:00", Phoenix, now);
    s.until = Some(d("2026-12-02"));
    assert_eq!(dates(&s, 10), ["2026-11-18", "2026-11-25", "2026-12-02"]);
    s.until = Some(d("2026-11-17"));
    assert_eq!(s.occurrences().count(), 0);
}

#[test]
fn tapering_weekly_then_every_two_weeks_then_monthly() {
    // Arrange: Mondays from 2027-01-04: weekly ×6, every 2 weeks ×3, then the 1st Monday.
    let anchor = local(Phoenix, "2027-01-04 00:00");
    let s = plan(
        vec![
            Segment {
                cadence: Cadence::Weeks {
                    every: 1,
                    weekday: Weekday::Mon,
                },
                count: Some(6),
            },
            Segment {
                cadence: Cadence::Weeks {
                    every: 2,
                    weekday: Weekday::Mon,
                },
                count: Some(3),
            },
            Segment {
                cadence: Cadence::MonthWeekday {
                    every: 1,
                    nth: Nth::First,
                    weekday: Weekday::Mon,
                },
                count: None,
            },
        ],
        "15:00",
        Phoenix,
        anchor,
    );

    // Act / Assert
    assert_eq!(
        dates(&s, 12),
        [
            "2027-01-04",
            "2027-01-11",
            "2027-01-18",
            "2027-01-25",
            "2027-02-01",
            "2027-02-08",
            // every 2 weeks, starting two weeks after the last weekly one
            "2027-02-22",
            "2027-03-08",
            "2027-03-22",
            // monthly: first 1st Monday at least a month after 2027-03-22
            "2027-05-03",
            "2027-06-07",
            "2027-07-05",
        ]
    );
}

#[test]
fn a_taper_whose_segments_all_end_ends() {
    let anchor = local(Phoenix, "2027-01-04 00:00");
    let s = plan(
        vec![Segment {
            cadence: Cadence::Weeks {
                every: 1,
                weekday: Weekday::Mon,
            },
            count: Some(3),
        }],
        "15:00",
        Phoenix,
        anchor,
    );
    assert_eq!(s.occurrences().count(), 3);
}

#[test]
fn closed_days_move_to_the_next_school_day() {
    // Arrange: weekly Mondays; 2027-01-18 (MLK day) is a holiday.
    let anchor = local(New_York, "2027-01-04 00:00");
    let mut s = plan(vec![weekly(Weekday::Mon)], "15:00", New_York, anchor);
    s.closed = ClosedDays::new(
        &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        &[d("2027-01-18")],
    );

    // Act
    let occ: Vec<Occurrence> = s.occurrences().take(4).collect();

    // Assert: moved to Tuesday, same local time; the cadence carries on from Monday.
    let shown: Vec<String> = occ
        .iter()
        .map(|o| o.date.format("%Y-%m-%d").to_string())
        .collect();
    assert_eq!(
        shown,
        ["2027-01-04", "2027-01-11", "2027-01-19", "2027-01-25"]
    );
    assert!(occ[2].moved());
    assert_eq!(occ[2].scheduled, d("2027-01-18"));
    assert_eq!(occ[2].at, local(New_York, "2027-01-19 15:00"));
    assert!(!occ[3].moved());
}

#[test]
fn a_weekend_day_moves_to_monday_and_a_long_break_merges_occurrences() {
    // Arrange: every Saturday; the school works Mon–Fri and is closed 2026-12-21..2027-01-01.
    let anchor = local(Phoenix, "2026-12-12 00:00");
    let mut s = plan(vec![weekly(Weekday::Sat)], "10:00", Phoenix, anchor);
    let break_days: Vec<NaiveDate> = d("2026-12-21")
        .iter_days()
        .take_while(|x| *x <= d("2027-01-01"))
        .collect();
    s.closed = ClosedDays::new(
        &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        &break_days,
    );

    // Act / Assert: Sat 12-12 → Mon 12-14; 12-19 and 12-26 both → 12-21..: 12-19 → Mon
    // 12-21 is closed → … → Mon 2027-01-04; 12-26 and 01-02 land there too and merge.
    assert_eq!(
        dates(&s, 4),
        ["2026-12-14", "2027-01-04", "2027-01-11", "2027-01-18"]
    );
    // Numbers follow the cadence, not the calendar: 12-26 and 01-02 (#2, #3) merged
    // into 12-19's check-in (#1) and their numbers stay unused.
    let seqs: Vec<u32> = s.occurrences().take(4).map(|o| o.seq).collect();
    assert_eq!(seqs, [0, 1, 4, 5]);
    // A changed holiday list moves dates but never renumbers a check-in.
    s.closed.holidays.clear();
    let seqs: Vec<u32> = s.occurrences().take(6).map(|o| o.seq).collect();
    assert_eq!(seqs, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn a_move_past_the_end_date_drops_the_occurrence() {
    let anchor = local(Phoenix, "2027-01-04 00:00");
    let mut s = plan(vec![weekly(Weekday::Fri)], "10:00", Phoenix, anchor);
    s.until = Some(d("2027-01-15"));
    s.closed = ClosedDays::new(&[Weekday::Mon, Weekday::Tue], &[]);
    // Fri 01-08 → Mon 01-11; Fri 01-15 → Mon 01-18, after the end.
    assert_eq!(dates(&s, 5), ["2027-01-11"]);
}

#[test]
fn new_york_across_spring_forward_keeps_the_local_time() {
    // Arrange: weekly Sundays at 10:00 around 2026-03-08 (clocks go 02:00 → 03:00).
    let anchor = local(New_York, "2026-03-01 00:00");
    let s = plan(vec![weekly(Weekday::Sun)], "10:00", New_York, anchor);

    // Act
    let occ: Vec<Occurrence> = s.occurrences().take(3).collect();

    // Assert: same wall-clock time, so 7 days minus an hour between the first two.
    assert_eq!(
        local_strings(&s, 3),
        [
            "2026-03-01 10:00 EST",
            "2026-03-08 10:00 EDT",
            "2026-03-15 10:00 EDT"
        ]
    );
    assert_eq!(
        (occ[1].at - occ[0].at).num_hours(),
        7 * 24 - 1,
        "a week across spring-forward is 167 hours"
    );
}

#[test]
fn a_time_in_the_spring_forward_gap_becomes_the_same_distance_after_it() {
    // 02:30 does not exist on 2026-03-08 in New York: it is taken as 03:30 EDT.
    let anchor = local(New_York, "2026-03-01 00:00");
    let s = plan(vec![weekly(Weekday::Sun)], "02:30", New_York, anchor);
    assert_eq!(
        local_strings(&s, 3),
        [
            "2026-03-01 02:30 EST",
            "2026-03-08 03:30 EDT",
            "2026-03-15 02:30 EDT"
        ]
    );
    assert_eq!(
        local_instant(New_York, d("2026-03-08"), t("02:30")),
        Utc.with_ymd_and_hms(2026, 3, 8, 7, 30, 0).unwrap()
    );
}

#[test]
fn a_repeated_time_at_fall_back_is_the_first_of_the_two() {
    // 01:30 happens twice on 2026-11-01 in New York; the check-in is at the first (EDT).
    let anchor = local(New_York, "2026-10-25 00:00");
    let s = plan(vec![weekly(Weekday::Sun)], "01:30", New_York, anchor);
    assert_eq!(
        local_strings(&s, 3),
        [
            "2026-10-25 01:30 EDT",
            "2026-11-01 01:30 EDT",
            "2026-11-08 01:30 EST"
        ]
    );
    let occ: Vec<Occurrence> = s.occurrences().take(3).collect();
    assert_eq!((occ[2].at - occ[1].at).num_hours(), 7 * 24 + 1);
}

#[test]
fn phoenix_has_no_dst_so_weeks_are_always_168_hours() {
    let anchor = local(Phoenix, "2026-01-01 00:00");
    let s = plan(vec![weekly(Weekday::Sun)], "02:30", Phoenix, anchor);
    let occ: Vec<Occurrence> = s.occurrences().take(53).collect();
    assert_eq!(occ.len(), 53);
    for pair in occ.windows(2) {
        assert_eq!((pair[1].at - pair[0].at).num_hours(), 168);
    }
    // 02:30 MST is 09:30 UTC all year, including on New York's DST days.
    assert!(
        occ.iter()
            .all(|o| o.at.format("%H:%M").to_string() == "09:30")
    );
}

#[test]
fn monthly_in_new_york_over_a_year_keeps_the_local_time() {
    let anchor = local(New_York, "2026-01-01 00:00");
    let s = plan(
        vec![Segment {
            cadence: Cadence::MonthWeekday {
                every: 1,
                nth: Nth::Second,
                weekday: Weekday::Sun,
            },
            count: None,
        }],
        "02:30",
        New_York,
        anchor,
    );
    let occ: Vec<Occurrence> = s.occurrences().take(12).collect();
    // The 2nd Sunday of March 2026 is the spring-forward day itself.
    assert_eq!(occ[2].date, d("2026-03-08"));
    for o in &occ {
        let l = o.at.with_timezone(&New_York).format("%H:%M").to_string();
        let expected = if o.date == d("2026-03-08") {
            "03:30"
        } else {
            "02:30"
        };
        assert_eq!(l, expected, "{}", o.date);
    }
}

#[test]
fn next_after_skips_past_occurrences() {
    let anchor = local(Phoenix, "2026-11-18 10:00");
    let s = plan(vec![weekly(Weekday::Wed)], "15:00", Phoenix, anchor);
    let later = local(Phoenix, "2026-12-01 00:00");
    let next = s.next_after(later, 2);
    assert_eq!(next.len(), 2);
    assert_eq!(next[0].date, d("2026-12-02"));
    assert_eq!(next[0].seq, 2);
}

#[test]
fn nth_words_round_trip() {
    for n in [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last] {
        assert_eq!(Nth::from_word(n.as_word()), Some(n));
    }
    assert_eq!(Nth::from_word("LAST"), Some(Nth::Last));
    assert_eq!(Nth::from_word("5th"), None);
}
