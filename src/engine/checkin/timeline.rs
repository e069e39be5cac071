//! A plan's check-ins over its whole life: the cadences it had (each until it was
//! changed), minus the spans it was paused or cancelled. Pure, like [`super::schedule`].
//!
//! Numbers: each cadence counts its own check-ins from its `seq_base`, so a check-in's
//! id (`PLAN.N`, N = seq + 1) never changes, and never names two check-ins, whatever
//! happens to the plan later: a new cadence starts past every number already used, a
//! pause leaves the numbers of the check-ins it skipped unused.
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::schedule::{Occurrence, Schedule};

/// One cadence of a plan, from its schedule's anchor until `to` (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub schedule: Schedule,
    pub seq_base: u32,
    pub to: Option<DateTime<Utc>>,
}

/// A check-in the plan holds, numbered for the plan, with its cadence's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub occurrence: Occurrence,
    pub zone: Tz,
}

impl Held {
    pub fn seq(&self) -> u32 {
        self.occurrence.seq
    }
    pub fn at(&self) -> DateTime<Utc> {
        self.occurrence.at
    }
}

/// Everything that decides which check-ins a plan holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Oldest first; the last one is the current cadence.
    pub versions: Vec<Version>,
    /// When the plan held nothing: `[from, to)`; `to: None` while still off.
    pub off: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
}

impl Timeline {
    /// The current cadence's schedule.
    pub fn current(&self) -> Option<&Schedule> {
        self.versions.last().map(|v| &v.schedule)
    }

    /// The zone the plan is in now.
    pub fn zone(&self) -> Option<Tz> {
        self.current().map(|s| s.zone)
    }

    fn is_off(&self, at: DateTime<Utc>) -> bool {
        self.off
            .iter()
            .any(|(from, to)| at >= *from && to.is_none_or(|t| at < t))
    }

    /// The moment the plan went off for good (paused now, or cancelled), if it did.
    fn off_since(&self) -> Option<DateTime<Utc>> {
        self.off
            .iter()
            .filter(|(_, to)| to.is_none())
            .map(|(from, _)| *from)
            .min()
    }

    /// Every check-in the plan holds, in order. Endless for an open-ended active plan:
    /// bound it with `take` or `take_while`. Ends where the plan went off for good.
    pub fn held(&self) -> impl Iterator<Item = Held> + '_ {
        let stop = self.off_since();
        self.versions
            .iter()
            .flat_map(|v| {
                v.schedule
                    .occurrences()
                    .take_while(move |o| v.to.is_none_or(|t| o.at < t))
                    .map(move |o| Held {
                        occurrence: Occurrence {
                            seq: v.seq_base.saturating_add(o.seq),
                            ..o
                        },
                        zone: v.schedule.zone,
                    })
            })
            .take_while(move |h| stop.is_none_or(|s| h.at() < s))
            .filter(|h| !self.is_off(h.at()))
    }

    /// The held check-ins at or after `from`, at most `n`.
    pub fn next_after(&self, from: DateTime<Utc>, n: usize) -> Vec<Held> {
        self.held().skip_while(|h| h.at() < from).take(n).collect()
    }

    /// The held check-in numbered `seq`, if there is one.
    pub fn find(&self, seq: u32) -> Option<Held> {
        self.held()
            .take_while(|h| h.seq() <= seq)
            .find(|h| h.seq() == seq)
    }

    /// The number the next cadence starts from if the plan changes at `at`: one past the
    /// last check-in held before then (or the current cadence's first number if none).
    pub fn seq_base_after(&self, at: DateTime<Utc>) -> u32 {
        let Some(current) = self.versions.last() else {
            return 0;
        };
        current
            .schedule
            .occurrences()
            .take_while(|o| o.at < at)
            .last()
            .map_or(current.seq_base, |o| {
                current.seq_base.saturating_add(o.seq).saturating_add(1)
            })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone, Weekday};
    use chrono_tz::America::New_York;

    use super::*;
    use crate::engine::checkin::schedule::{Cadence, ClosedDays, Segment};

    fn weekly(day: Weekday, anchor: DateTime<Utc>) -> Schedule {
        Schedule {
            segments: vec![Segment {
                cadence: Cadence::Weeks {
                    every: 1,
                    weekday: day,
                },
                count: None,
            }],
            time: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            zone: New_York,
            anchor,
            until: None,
            closed: ClosedDays::default(),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        New_York
            .from_local_datetime(
                &chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap(),
            )
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn days(t: &Timeline, n: usize) -> Vec<(u32, String)> {
        t.held()
            .take(n)
            .map(|h| (h.seq() + 1, h.occurrence.date.to_string()))
            .collect()
    }

    #[test]
    fn a_pause_skips_its_check_ins_and_keeps_the_numbers_of_the_rest() {
        // Mondays from 2026-03-02; paused from 03-10 to 03-20 (03-16 is skipped).
        let t = Timeline {
            versions: vec![Version {
                schedule: weekly(Weekday::Mon, at("2026-03-01 00:00")),
                seq_base: 0,
                to: None,
            }],
            off: vec![(at("2026-03-10 09:00"), Some(at("2026-03-20 09:00")))],
        };
        assert_eq!(
            days(&t, 4),
            [
                (1, "2026-03-02".into()),
                (2, "2026-03-09".into()),
                (4, "2026-03-23".into()),
                (5, "2026-03-30".into())
            ]
        );
        assert!(t.find(2).is_none(), "3 fell in the pause: not held");
        assert_eq!(t.find(3).unwrap().occurrence.date.to_string(), "2026-03-23");
    }

    #[test]
    fn a_plan_paused_for_good_ends_instead_of_searching_for_ever() {
        let t = Timeline {
            versions: vec![Version {
                schedule: weekly(Weekday::Mon, at("2026-03-01 00:00")),
                seq_base: 0,
                to: None,
            }],
            off: vec![(at("2026-03-10 09:00"), None)],
        };
        assert_eq!(t.held().count(), 2);
        assert!(t.next_after(at("2026-04-01 00:00"), 3).is_empty());
        assert!(t.find(7).is_none());
    }

    #[test]
    fn a_change_keeps_the_old_check_ins_and_numbers_the_new_ones_after_them() {
        let old = weekly(Weekday::Mon, at("2026-03-01 00:00"));
        let change = at("2026-03-11 12:00");
        let before = Timeline {
            versions: vec![Version {
                schedule: old.clone(),
                seq_base: 0,
                to: None,
            }],
            off: vec![],
        };
        let base = before.seq_base_after(change);
        assert_eq!(base, 2, "03-02 and 03-09 were held under the old cadence");
        let t = Timeline {
            versions: vec![
                Version {
                    schedule: old,
                    seq_base: 0,
                    to: Some(change),
                },
                Version {
                    schedule: weekly(Weekday::Thu, change),
                    seq_base: base,
                    to: None,
                },
            ],
            off: vec![],
        };
        assert_eq!(
            days(&t, 4),
            [
                (1, "2026-03-02".into()),
                (2, "2026-03-09".into()),
                (3, "2026-03-12".into()),
                (4, "2026-03-19".into())
            ]
        );
        let last_old = t.find(1).unwrap();
        assert_eq!(last_old.at(), at("2026-03-09 15:00"));
    }
}
