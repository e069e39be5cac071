//! Reintegration check-in plans (issue 8): when check-ins fall ([`schedule`]), and the
//! one-line `/checkin schedule` form ([`parse`]) and the same as a Slack or Discord form
//! ([`form`]), plan changes over time ([`timeline`]), and iCalendar files of a plan
//! ([`ical`]).
mod changes;
mod commands;
pub use commands::CHECKIN_LIST_MAX;
mod feed;
pub mod form;
pub mod ical;
pub mod parse;
mod reminders;
pub mod schedule;
pub mod timeline;

pub use commands::{ClosedBySchool, DEFAULT_REMIND_MINUTES, closed_days};
pub use feed::{FEED_TTL_SECS, Feed, FeedClaims, FeedError, FeedSigner};
pub use parse::{
    ChangeRequest, ParseError, ParseErrorKind, ScheduleRequest, cadence_text, parse_cadence_text,
    parse_change, parse_plan_id, parse_schedule,
};
pub use reminders::{DUE_BATCH, MISSED_AFTER_HOURS, next_step_after};
pub use schedule::{Cadence, ClosedDays, Nth, Occurrence, Schedule, Segment};
pub use timeline::{Held, Timeline, Version};
