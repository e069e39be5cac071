//! Reintegration check-in plans (issue 8): when check-ins fall ([`schedule`]), and the
//! one-line `/checkin schedule` form ([`parse`]), and iCalendar files of a plan ([`ical`]).
mod commands;
mod feed;
pub mod ical;
pub mod parse;
mod reminders;
pub mod schedule;

pub use commands::{DEFAULT_REMIND_MINUTES, closed_days};
pub use feed::{FEED_TTL_SECS, Feed, FeedClaims, FeedError, FeedSigner};
pub use parse::{
    ParseError, ParseErrorKind, ScheduleRequest, cadence_text, parse_cadence_text, parse_schedule,
};
pub use schedule::{Cadence, ClosedDays, Nth, Occurrence, Schedule, Segment};
