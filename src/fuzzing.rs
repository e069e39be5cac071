//! Entry points for the fuzz targets (`fuzz/`) and the property tests
//! (`tests/fuzz_props.rs`). Each runs one parser of outside input the way the product does
//! and then checks what must hold of its result, panicking when it does not, so a fuzzer
//! and a property test find the same problems. Not part of the product's API: the routes
//! themselves are driven over HTTP by `tests/support/harness.rs`.
//!
//! Nothing here changes behaviour; these functions only call the parsers.
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use chrono::{DateTime, Utc};

use crate::adapters::teams::LinkSigner;
use crate::config::Config;
use crate::csvio::{self, ImportError};
use crate::engine::checkin::parse::{MAX_ASSIGNED, MAX_REMINDERS};
use crate::engine::checkin::{self, ClosedDays, ParseError, Schedule, ScheduleRequest};
use crate::engine::{ConcernForm, Engine};
use crate::spec::Commands;

/// Longest word a parse error may quote (a student's name typed in the wrong place must
/// not come back whole).
const MAX_QUOTED: usize = 60;

/// `/checkin schedule …`: parse; a plan that parses has canonical cadence text that reads
/// back the same, stays within its limits, and yields ordered occurrences.
pub fn checkin_schedule(text: &str, now: DateTime<Utc>) -> Result<ScheduleRequest, ParseError> {
    let parsed = checkin::parse_schedule(text);
    match &parsed {
        Err(e) => {
            assert!(e.word.chars().count() <= MAX_QUOTED, "quoted word too long");
            assert!(!e.kind.message_id().is_empty());
        }
        Ok(r) => {
            assert!(!r.segments.is_empty());
            let canonical = checkin::cadence_text(&r.segments);
            let again = checkin::parse_cadence_text(&canonical)
                .unwrap_or_else(|e| panic!("canonical text {canonical:?} does not parse: {e:?}"));
            assert_eq!(again, r.segments, "canonical text {canonical:?}");
            assert!(!r.emails.is_empty() && r.emails.len() <= MAX_ASSIGNED);
            if let Some(rem) = &r.reminders {
                assert!(!rem.is_empty() && rem.len() <= MAX_REMINDERS);
            }
            let zone = r.zone.unwrap_or(chrono_tz::UTC);
            let schedule = Schedule {
                segments: r.segments.clone(),
                time: r.time,
                zone,
                anchor: Schedule::anchor(now, r.from, zone),
                until: r.until,
                closed: ClosedDays::new(
                    &[
                        chrono::Weekday::Mon,
                        chrono::Weekday::Tue,
                        chrono::Weekday::Wed,
                        chrono::Weekday::Thu,
                        chrono::Weekday::Fri,
                    ],
                    &[],
                ),
            };
            let mut last: Option<checkin::Occurrence> = None;
            for o in schedule.occurrences().take(40) {
                assert!(o.date >= o.scheduled);
                if let Some(u) = r.until {
                    assert!(o.date <= u, "an occurrence after `until`");
                }
                if let Some(p) = last {
                    assert!(o.seq > p.seq && o.at > p.at, "occurrences out of order");
                }
                last = Some(o);
            }
        }
    }
    parsed
}

/// `/concern STUDENT-REF [danger] details…`: the one-line form. Nothing is invented: the
/// parts come from the text, and each indicator named once.
pub fn concern_one_line(engine: &Engine, text: &str) -> ConcernForm {
    let form = engine.parse_one_line(text);
    assert!(form.student_ref.len() <= text.len());
    assert!(form.details.len() <= text.len());
    assert!(!form.student_ref.chars().any(char::is_whitespace));
    // An id-shaped tag the catalog lacks is kept so that the check names it; every such
    // one must then stop the filing.
    let errors = engine.validate_concern("en-US", &form);
    for (i, id) in form.indicators.iter().enumerate() {
        assert!(
            text.to_ascii_lowercase().contains(id.as_str()),
            "an indicator not in the text"
        );
        if engine.catalog.get(id).is_none() {
            assert!(
                errors.iter().any(|e| {
                    let shown: String = id.chars().take(40).collect();
                    e.field == crate::engine::concern::field::INDICATORS
                        && e.message.contains(&shown)
                }),
                "unknown indicator kept without an error"
            );
        }
        assert!(!form.indicators[..i].contains(id), "indicator named twice");
    }
    form
}

/// The command a Teams activity carries: (command, text, unknown word). The text is never
/// longer than the body it came from, and the command is always one that exists.
pub fn teams_command(commands: &Commands, body: &[u8]) -> Option<(String, String, bool)> {
    let read = crate::adapters::teams::read_command(commands, body)?;
    assert!(commands.by_name(&read.0).is_some(), "no such command");
    // The text comes from the message (or is `help`, when no command was named).
    assert!(
        read.1.len() <= body.len() || read.1 == "help",
        "the text grew"
    );
    Some(read)
}

/// Roster CSV: rows or row errors, never a panic; every error names a line of the file.
pub fn roster_csv(bytes: &[u8], config: &Config) -> Result<usize, ImportError> {
    let r = csvio::parse_roster(bytes, config);
    check_import_errors(bytes, r.as_ref().err());
    r.map(|people| {
        assert!(people.len() <= line_count(bytes));
        people.len()
    })
}

/// Partners CSV: as the roster; a file that imports also exports and imports back the same.
pub fn partners_csv(bytes: &[u8]) -> Result<usize, ImportError> {
    let r = csvio::parse_partners(bytes);
    check_import_errors(bytes, r.as_ref().err());
    let partners = r?;
    assert!(partners.len() <= line_count(bytes));
    let mut out = Vec::new();
    csvio::write_partners(&mut out, &partners).expect("writing to memory");
    let again = csvio::parse_partners(&out)
        .unwrap_or_else(|e| panic!("an exported directory does not import: {e}"));
    assert_eq!(again, partners, "export then import changed the directory");
    Ok(partners.len())
}

fn line_count(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count()
        + 1
}

fn check_import_errors(bytes: &[u8], e: Option<&ImportError>) {
    if let Some(ImportError::Rows(rows)) = e {
        assert!(!rows.is_empty());
        for row in rows {
            assert!(
                row.line as usize <= line_count(bytes) + 1,
                "line out of range"
            );
        }
    }
}

/// A signed link from outside: whatever the token, it is refused unless it is one the
/// signer made. `now` is unix seconds.
pub fn signed_link(signer: &LinkSigner, token: &str, now: i64) -> bool {
    signer.verify(token, now).is_ok()
}

/// A header map from raw (name, value) pairs; pairs that HTTP itself would refuse are
/// left out, as the server never sees them.
pub fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (name, value) in pairs {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            h.append(n, v);
        }
    }
    h
}

/// The three request verifiers on arbitrary headers and body at time `now`: each answers
/// yes or no. Returns how many said yes (with a random secret, none should).
pub fn verifiers(
    slack: &crate::adapters::slack::verify::Verifier,
    discord: &crate::adapters::discord::verify::Verifier,
    teams: &crate::adapters::teams::verify::Verifier,
    headers: &HeaderMap,
    body: &[u8],
    now: i64,
) -> usize {
    [
        slack.verify(headers, body, now).is_ok(),
        discord.verify(headers, body).is_ok(),
        teams.verify(headers, body).is_ok(),
    ]
    .into_iter()
    .filter(|ok| *ok)
    .count()
}
