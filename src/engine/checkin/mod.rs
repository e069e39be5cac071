//! Reintegration check-in plans (issue 8): when check-ins fall ([`schedule`]), and the
//! one-line `/checkin schedule` form ([`parse`]), and the same as a Slack or Discord form
//! ([`form`]).
mod commands;
pub mod form;
pub mod parse;
mod reminders;
pub mod schedule;

pub use commands::{DEFAULT_REMIND_MINUTES, closed_days};
pub use parse::{
    ParseError, ParseErrorKind, ScheduleRequest, cadence_text, parse_cadence_text, parse_schedule,
};
pub use schedule::{Cadence, ClosedDays, Nth, Occurrence, Schedule, Segment};
