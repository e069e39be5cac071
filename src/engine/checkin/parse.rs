//! The one-line `/checkin schedule` form (SPEC §2 "Text forms"), parsed into a
//! [`ScheduleRequest`]. Words are case-insensitive; every error names the word that is
//! wrong (or, when something is missing, the last word read), and carries a Fluent id.
//!
//! ```text
//! CASE every N week[s]|month[s] on DAY|on day D|on NTH DAY [for K [then every …]…]
//!      at HH:MM with EMAIL[,EMAIL…] [from YYYY-MM-DD] [until YYYY-MM-DD] [tz ZONE]
//!      [remind 24h,1h]
//! ```
//! `for K then every …` is the tapering extension: K check-ins on this cadence, then the
//! next one (e.g. `every 1 week on mon for 6 then every 2 weeks on mon for 3 then every
//! 1 month on 1st mon`). A `for K` on the last cadence ends the plan after K check-ins.
//! The options after the cadence may come in any order, each once.
//!
//! The command words may also be written in Spanish ([`keyword`]): `C-1001 cada 2 semanas
//! los martes a las 15:30 con ana@escuela.org` is `C-1001 every 2 weeks on tue at 15:30
//! with ana@escuela.org`. Plans are stored in the English form ([`cadence_text`]) and shown
//! in the reader's language.
use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::{TZ_VARIANTS, Tz};

use super::schedule::{Cadence, Nth, Segment};
use crate::domain::CaseRef;

/// Longest interval accepted: `every 52 weeks` / `every 12 months`.
pub const MAX_WEEKS: u32 = 52;
pub const MAX_MONTHS: u32 = 12;
/// Most check-ins one `for K` may cover.
pub const MAX_FOR: u32 = 520;
/// At most this many reminders per check-in, each at most 14 days before.
pub const MAX_REMINDERS: usize = 5;
pub const MAX_REMIND_BEFORE_HOURS: i64 = 14 * 24;
/// At most this many assigned people.
pub const MAX_ASSIGNED: usize = 20;

/// A parsed `/checkin schedule` line. Zone `None` means the school's.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRequest {
    pub case: CaseRef,
    pub segments: Vec<Segment>,
    pub time: NaiveTime,
    /// Lower-cased, de-duplicated, in the order given.
    pub emails: Vec<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub zone: Option<Tz>,
    /// How long before each check-in to remind; `None` means the default (24 h, 1 h).
    /// Longest first, no duplicates.
    pub reminders: Option<Vec<Duration>>,
}

/// What is wrong. Each kind has a Fluent message taking `$word`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// No case number, or not one like C-1001.
    Case,
    /// Expected `every` (or `then every`).
    Every,
    /// N is not a whole number in range.
    Interval,
    /// Expected `week[s]` or `month[s]`.
    Unit,
    /// Expected `on`.
    On,
    /// Weekly plans take a weekday (`mon`…`sun`).
    Weekday,
    /// `day D` with D outside 1–31.
    DayOfMonth,
    /// Monthly plans take `day D` or `NTH DAY` (`1st`…`4th`, `last`).
    Monthly,
    /// `for K` with K not a whole number in range.
    For,
    /// `at` missing, or not followed by HH:MM.
    Time,
    /// `with` missing, or no e-mail after it.
    With,
    /// Not an e-mail address.
    Email,
    /// Not a YYYY-MM-DD date.
    Date,
    /// `until` before `from`.
    UntilBeforeFrom,
    /// Not an IANA time zone.
    Zone,
    /// Not a list like 24h,1h (or 30m, 2d).
    Remind,
    /// An option given twice.
    Repeated,
    /// A word that fits nowhere.
    Unexpected,
    /// Not a plan number (as in `/checkin pause 7`).
    Plan,
}

impl ParseErrorKind {
    /// The Fluent message id (locales/*/main.ftl, `## Check-ins`).
    pub fn message_id(self) -> &'static str {
        match self {
            ParseErrorKind::Case => "checkin-error-case",
            ParseErrorKind::Every => "checkin-error-every",
            ParseErrorKind::Interval => "checkin-error-interval",
            ParseErrorKind::Unit => "checkin-error-unit",
            ParseErrorKind::On => "checkin-error-on",
            ParseErrorKind::Weekday => "checkin-error-weekday",
            ParseErrorKind::DayOfMonth => "checkin-error-day-of-month",
            ParseErrorKind::Monthly => "checkin-error-monthly",
            ParseErrorKind::For => "checkin-error-for",
            ParseErrorKind::Time => "checkin-error-time",
            ParseErrorKind::With => "checkin-error-with",
            ParseErrorKind::Email => "checkin-error-email",
            ParseErrorKind::Date => "checkin-error-date",
            ParseErrorKind::UntilBeforeFrom => "checkin-error-until-before-from",
            ParseErrorKind::Zone => "checkin-error-zone",
            ParseErrorKind::Remind => "checkin-error-remind",
            ParseErrorKind::Repeated => "checkin-error-repeated",
            ParseErrorKind::Unexpected => "checkin-error-unexpected",
            ParseErrorKind::Plan => "checkin-error-plan",
        }
    }

    pub const ALL: [ParseErrorKind; 19] = [
        ParseErrorKind::Case,
        ParseErrorKind::Every,
        ParseErrorKind::Interval,
        ParseErrorKind::Unit,
        ParseErrorKind::On,
        ParseErrorKind::Weekday,
        ParseErrorKind::DayOfMonth,
        ParseErrorKind::Monthly,
        ParseErrorKind::For,
        ParseErrorKind::Time,
        ParseErrorKind::With,
        ParseErrorKind::Email,
        ParseErrorKind::Date,
        ParseErrorKind::UntilBeforeFrom,
        ParseErrorKind::Zone,
        ParseErrorKind::Remind,
        ParseErrorKind::Repeated,
        ParseErrorKind::Unexpected,
        ParseErrorKind::Plan,
    ];
}

/// A parse failure: what, and the word to show (at most 60 characters; empty only when
/// the whole line is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub word: String,
    /// True when the word expected is missing: `word` is then the last word given, the
    /// one to write it after; otherwise `word` is the wrong word itself.
    pub missing: bool,
}

impl ParseError {
    /// The arguments of its message (`$word`, and `$missing`: yes or no).
    pub fn args(&self) -> Vec<(&'static str, fluent::FluentValue<'static>)> {
        let word: String = self.word.chars().take(60).collect();
        vec![
            ("word", word.into()),
            ("missing", if self.missing { "yes" } else { "no" }.into()),
        ]
    }
}

/// An error naming `word` (cut to 60 characters); `missing`: see [`ParseError::missing`].
fn error(kind: ParseErrorKind, word: &str, missing: bool) -> ParseError {
    ParseError {
        kind,
        word: word.chars().take(60).collect(),
        missing,
    }
}

fn err<T>(kind: ParseErrorKind, word: &str) -> Result<T, ParseError> {
    Err(error(kind, word, false))
}

struct Words<'a> {
    words: Vec<&'a str>,
    at: usize,
}

impl<'a> Words<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.words.get(self.at).copied()
    }
    fn next(&mut self) -> Option<&'a str> {
        let w = self.peek();
        if w.is_some() {
            self.at += 1;
        }
        w
    }
    /// The last word read, to name when the next one is missing.
    fn last(&self) -> &'a str {
        self.at
            .checked_sub(1)
            .and_then(|i| self.words.get(i).copied())
            .unwrap_or("")
    }
    /// Whether the next word is the command word `kw` (in either language).
    fn peek_is(&self, kw: &str) -> bool {
        self.peek().is_some_and(|w| is(w, kw))
    }
    /// The next word, or an error of `kind` naming the last one read.
    fn need(&mut self, kind: ParseErrorKind) -> Result<&'a str, ParseError> {
        match self.next() {
            Some(w) => Ok(w),
            None => Err(error(kind, self.last(), true)),
        }
    }
}

const OPTION_WORDS: [&str; 6] = ["at", "with", "from", "until", "tz", "remind"];

fn is_option_word(w: &str) -> bool {
    keyword(w).is_some_and(|k| OPTION_WORDS.contains(&k))
}

/// A word folded for matching: lower case, accents dropped, a trailing comma or
/// semicolon left off ("luego," "seguimientos;" as the Spanish text shows a taper).
fn fold(word: &str) -> String {
    crate::engine::text::fold(word.trim_end_matches([',', ';']))
}

/// The command word `word` stands for, in its English form: each is also accepted in
/// Spanish, without case or accents (`cada` every, `semana(s)` week, `mes(es)` month,
/// `el`/`los`/`las` on, `día` day, `durante` for, `luego`/`después` then, `a` (or `a las`)
/// at, `con` with, `desde` from, `hasta` until, `zona` tz, `recordar` remind, `porque`
/// because). Singular and plural units are one word here.
pub fn keyword(word: &str) -> Option<&'static str> {
    Some(match fold(word).as_str() {
        "every" | "cada" => "every",
        "week" | "weeks" | "semana" | "semanas" => "week",
        "month" | "months" | "mes" | "meses" => "month",
        "on" | "el" | "los" | "las" => "on",
        "day" | "dia" => "day",
        "for" | "durante" => "for",
        "then" | "luego" | "despues" => "then",
        "at" | "a" => "at",
        "with" | "con" => "with",
        "from" | "desde" => "from",
        "until" | "hasta" => "until",
        "tz" | "zona" => "tz",
        "remind" | "recordar" | "recordatorios" => "remind",
        "because" | "porque" => "because",
        // `for 6 check-ins` / `durante 6 seguimientos`
        "times" | "time" | "check-ins" | "check-in" | "veces" | "vez" | "seguimientos"
        | "seguimiento" => "check-ins",
        _ => return None,
    })
}

/// Whether `word` is the command word `kw` (see [`keyword`]).
fn is(word: &str, kw: &str) -> bool {
    keyword(word) == Some(kw)
}

/// A parsed `/checkin change PLAN every … [because reason…]` or `/checkin change PLAN
/// with EMAIL[,EMAIL…] [because reason…]` line: what is not given stays as the plan has
/// it (time, zone, end date, reminders, who is assigned).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRequest {
    pub plan: i64,
    /// The new cadence; empty when only `with` was given.
    pub segments: Vec<Segment>,
    pub time: Option<NaiveTime>,
    /// Who is assigned from now on (lower-cased, de-duplicated, in order).
    pub emails: Option<Vec<String>>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub zone: Option<Tz>,
    pub reminders: Option<Vec<Duration>>,
    /// The words after `because` (kept sealed; may say something about the student).
    pub reason: Option<String>,
}

/// A plan number as people write it: `7` (or `#7`, or `plan 7`'s number alone).
pub fn parse_plan_id(word: &str) -> Result<i64, ParseError> {
    match word.trim_start_matches('#').parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(error(ParseErrorKind::Plan, word, word.trim().is_empty())),
    }
}

/// Parses everything after `/checkin change`.
pub fn parse_change(text: &str) -> Result<ChangeRequest, ParseError> {
    let all: Vec<&str> = text.split_whitespace().collect();
    let (words, reason) = match all.iter().position(|w| is(w, "because")) {
        Some(i) => {
            let reason = all[i + 1..].join(" ");
            (all[..i].to_vec(), (!reason.is_empty()).then_some(reason))
        }
        None => (all, None),
    };
    let mut w = Words { words, at: 0 };
    let plan_word = w.need(ParseErrorKind::Plan)?;
    let plan = parse_plan_id(plan_word)?;
    // `change 7 with …` alone: new people, the cadence as it is.
    if w.peek_is("with") {
        w.next();
        let emails = parse_emails(&mut w)?;
        if let Some(word) = w.next() {
            return err(ParseErrorKind::Unexpected, word);
        }
        return Ok(ChangeRequest {
            plan,
            segments: vec![],
            time: None,
            emails: Some(emails),
            from: None,
            until: None,
            zone: None,
            reminders: None,
            reason,
        });
    }
    let terms = parse_terms(&mut w)?;
    Ok(ChangeRequest {
        plan,
        segments: terms.segments,
        time: terms.time,
        emails: terms.emails,
        from: terms.from,
        until: terms.until,
        zone: terms.zone,
        reminders: terms.reminders,
        reason,
    })
}

/// The cadence and options, shared by `schedule` and `change`.
struct Terms {
    segments: Vec<Segment>,
    time: Option<NaiveTime>,
    emails: Option<Vec<String>>,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    zone: Option<Tz>,
    reminders: Option<Vec<Duration>>,
}

/// Parses everything after `/checkin schedule`.
pub fn parse_schedule(text: &str) -> Result<ScheduleRequest, ParseError> {
    let mut w = Words {
        words: text.split_whitespace().collect(),
        at: 0,
    };
    let case_word = w.need(ParseErrorKind::Case)?;
    let Some(case) = CaseRef::parse(case_word) else {
        return err(ParseErrorKind::Case, case_word);
    };
    let terms = parse_terms(&mut w)?;
    let Some(time) = terms.time else {
        return err(ParseErrorKind::Time, w.last());
    };
    let Some(emails) = terms.emails else {
        return err(ParseErrorKind::With, w.last());
    };
    Ok(ScheduleRequest {
        case,
        segments: terms.segments,
        time,
        emails,
        from: terms.from,
        until: terms.until,
        zone: terms.zone,
        reminders: terms.reminders,
    })
}

fn parse_terms(w: &mut Words<'_>) -> Result<Terms, ParseError> {
    let mut segments = vec![];
    loop {
        let every = w.need(ParseErrorKind::Every)?;
        if !is(every, "every") {
            return err(ParseErrorKind::Every, every);
        }
        let mut segment = parse_cadence(w)?;
        if w.peek_is("for") {
            w.next();
            let k = w.need(ParseErrorKind::For)?;
            match k.parse::<u32>() {
                Ok(n) if (1..=MAX_FOR).contains(&n) => segment.count = Some(n),
                _ => return err(ParseErrorKind::For, k),
            }
            // `for 6 weeks` / `for 6 check-ins` read naturally; the unit word is optional.
            if w.peek()
                .and_then(keyword)
                .is_some_and(|k| ["week", "month", "check-ins"].contains(&k))
            {
                w.next();
            }
        }
        let more = segment.count.is_some() && w.peek_is("then");
        segments.push(segment);
        if more {
            w.next();
        } else {
            break;
        }
    }

    let mut time = None;
    let mut emails: Option<Vec<String>> = None;
    let mut from = None;
    let mut until = None;
    let mut zone = None;
    let mut reminders = None;
    while let Some(word) = w.next() {
        let key = keyword(word).unwrap_or("");
        let repeated = match key {
            "at" => time.is_some(),
            "with" => emails.is_some(),
            "from" => from.is_some(),
            "until" => until.is_some(),
            "tz" => zone.is_some(),
            "remind" => reminders.is_some(),
            _ => return err(ParseErrorKind::Unexpected, word),
        };
        if repeated {
            return err(ParseErrorKind::Repeated, word);
        }
        match key {
            "at" => {
                // `a las 15:30`
                if w.peek()
                    .is_some_and(|x| matches!(fold(x).as_str(), "las" | "la"))
                {
                    w.next();
                }
                let t = w.need(ParseErrorKind::Time)?;
                time = Some(parse_time(t)?);
            }
            "with" => {
                emails = Some(parse_emails(w)?);
            }
            "from" => {
                let d = w.need(ParseErrorKind::Date)?;
                from = Some(parse_date(d)?);
            }
            "until" => {
                let d = w.need(ParseErrorKind::Date)?;
                until = Some(parse_date(d)?);
            }
            "tz" => {
                let z = w.need(ParseErrorKind::Zone)?;
                zone = Some(parse_zone(z)?);
            }
            _ => reminders = Some(parse_reminders(w)?),
        }
    }
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        return err(
            ParseErrorKind::UntilBeforeFrom,
            &u.format("%Y-%m-%d").to_string(),
        );
    }
    Ok(Terms {
        segments,
        time,
        emails,
        from,
        until,
        zone,
        reminders,
    })
}

/// `N week[s]|month[s] on …` (after `every`). `every week on mon` means N = 1.
fn parse_cadence(w: &mut Words<'_>) -> Result<Segment, ParseError> {
    let first = w.need(ParseErrorKind::Interval)?;
    let is_unit = |x: &str| keyword(x).is_some_and(|k| k == "week" || k == "month");
    let (every, unit) = match first.parse::<u32>() {
        Ok(n) => (Some((n, first)), w.need(ParseErrorKind::Unit)?),
        Err(_) if is_unit(first) => (None, first),
        Err(_) => return err(ParseErrorKind::Interval, first),
    };
    let weekly = match keyword(unit) {
        Some("week") => true,
        Some("month") => false,
        _ => return err(ParseErrorKind::Unit, unit),
    };
    let every = match every {
        None => 1,
        Some((n, word)) => {
            let max = if weekly { MAX_WEEKS } else { MAX_MONTHS };
            if !(1..=max).contains(&n) {
                return err(ParseErrorKind::Interval, word);
            }
            n
        }
    };
    let on = w.need(ParseErrorKind::On)?;
    if !is(on, "on") {
        return err(ParseErrorKind::On, on);
    }
    // `on the last Friday`, as the English text shows a monthly plan.
    if w.peek().is_some_and(|x| fold(x) == "the") {
        w.next();
    }
    let what = w.need(if weekly {
        ParseErrorKind::Weekday
    } else {
        ParseErrorKind::Monthly
    })?;
    let cadence = if weekly {
        match parse_weekday(what) {
            Some(weekday) => Cadence::Weeks { every, weekday },
            None => return err(ParseErrorKind::Weekday, what),
        }
    } else if is(what, "day") {
        let d = w.need(ParseErrorKind::DayOfMonth)?;
        match d.parse::<u32>() {
            Ok(day) if (1..=31).contains(&day) => Cadence::MonthDay { every, day },
            _ => return err(ParseErrorKind::DayOfMonth, d),
        }
    } else if let Some(nth) = Nth::from_word(&fold(what)) {
        let day = w.need(ParseErrorKind::Weekday)?;
        match parse_weekday(day) {
            Some(weekday) => Cadence::MonthWeekday {
                every,
                nth,
                weekday,
            },
            None => return err(ParseErrorKind::Weekday, day),
        }
    } else {
        return err(ParseErrorKind::Monthly, what);
    };
    Ok(Segment {
        cadence,
        count: None,
    })
}

/// A weekday as the commands write it: `mon` … `sun`.
pub fn weekday_word(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The canonical text of a cadence (what [`parse_cadence_text`] reads back), e.g.
/// `every 1 week on mon for 6 then every 1 month on last fri`: how plans are stored
/// and shown.
pub fn cadence_text(segments: &[Segment]) -> String {
    let day = weekday_word;
    // "every 1 week", "every 2 weeks" (the parser reads either form of each unit).
    let weeks = |n: u32| if n == 1 { "week" } else { "weeks" };
    let months = |n: u32| if n == 1 { "month" } else { "months" };
    let mut parts = vec![];
    for s in segments {
        let mut p = match s.cadence {
            Cadence::Weeks { every, weekday } => {
                format!("every {every} {} on {}", weeks(every), day(weekday))
            }
            Cadence::MonthDay { every, day } => {
                format!("every {every} {} on day {day}", months(every))
            }
            Cadence::MonthWeekday {
                every,
                nth,
                weekday,
            } => format!(
                "every {every} {} on {} {}",
                months(every),
                nth.as_word(),
                day(weekday)
            ),
        };
        if let Some(k) = s.count {
            p.push_str(&format!(" for {k}"));
        }
        parts.push(p);
    }
    parts.join(" then ")
}

/// Reads [`cadence_text`] back.
pub fn parse_cadence_text(text: &str) -> Result<Vec<Segment>, ParseError> {
    let r = parse_schedule(&format!("C-1001 {text} at 00:00 with a@b.org"))?;
    Ok(r.segments)
}

/// `mon`…`sun`, or the full English name (or its plural); in Spanish `lun`…`dom` or the
/// full name (`martes`, `miércoles`, `los sábados`' `sábados`).
pub fn parse_weekday(word: &str) -> Option<Weekday> {
    let w = fold(word);
    const DAYS: [&[&str]; 7] = [
        &["mon", "monday", "mondays", "lun", "lunes"],
        &["tue", "tuesday", "tuesdays", "mar", "martes"],
        &["wed", "wednesday", "wednesdays", "mie", "miercoles"],
        &["thu", "thursday", "thursdays", "jue", "jueves"],
        &["fri", "friday", "fridays", "vie", "viernes"],
        &["sat", "saturday", "saturdays", "sab", "sabado", "sabados"],
        &["sun", "sunday", "sundays", "dom", "domingo", "domingos"],
    ];
    let i = DAYS.iter().position(|names| names.contains(&w.as_str()))?;
    Some(Weekday::try_from(i as u8).expect("seven days"))
}

fn parse_time(word: &str) -> Result<NaiveTime, ParseError> {
    let ok = word.len() == 5
        && word.as_bytes()[2] == b':'
        && word
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit());
    match ok.then(|| NaiveTime::parse_from_str(word, "%H:%M")) {
        Some(Ok(t)) => Ok(t),
        _ => err(ParseErrorKind::Time, word),
    }
}

fn parse_date(word: &str) -> Result<NaiveDate, ParseError> {
    match NaiveDate::parse_from_str(word, "%Y-%m-%d") {
        Ok(d) if word.len() == 10 => Ok(d),
        _ => err(ParseErrorKind::Date, word),
    }
}

fn parse_zone(word: &str) -> Result<Tz, ParseError> {
    if let Ok(z) = word.parse::<Tz>() {
        return Ok(z);
    }
    match TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(word))
    {
        Some(z) => Ok(*z),
        None => err(ParseErrorKind::Zone, word),
    }
}

/// The words up to the next option word, joined: `a@x.org, b@x.org` and `a@x.org,b@x.org`
/// are the same list.
fn list_until_option<'a>(w: &mut Words<'a>) -> Vec<&'a str> {
    let mut items = vec![];
    while let Some(x) = w.peek() {
        if is_option_word(x) {
            break;
        }
        w.next();
        items.extend(x.split(',').filter(|s| !s.is_empty()));
    }
    items
}

fn parse_emails(w: &mut Words<'_>) -> Result<Vec<String>, ParseError> {
    let with = w.last();
    let items = list_until_option(w);
    if items.is_empty() {
        return err(ParseErrorKind::With, with);
    }
    let mut out: Vec<String> = vec![];
    for item in items {
        if !looks_like_email(item) {
            return err(ParseErrorKind::Email, item);
        }
        let e = item.to_lowercase();
        if !out.contains(&e) {
            out.push(e);
        }
    }
    if out.len() > MAX_ASSIGNED {
        return err(ParseErrorKind::With, with);
    }
    Ok(out)
}

fn looks_like_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        _ => false,
    }
}

fn parse_reminders(w: &mut Words<'_>) -> Result<Vec<Duration>, ParseError> {
    let remind = w.last();
    let items = list_until_option(w);
    if items.is_empty() {
        return err(ParseErrorKind::Remind, remind);
    }
    let mut out = vec![];
    for item in items {
        let Some(d) = parse_before(item) else {
            return err(ParseErrorKind::Remind, item);
        };
        if !out.contains(&d) {
            out.push(d);
        }
    }
    if out.len() > MAX_REMINDERS {
        return err(ParseErrorKind::Remind, remind);
    }
    out.sort_by(|a, b| b.cmp(a));
    Ok(out)
}

/// `24h`, `90m`, `2d` → a positive duration of at most 14 days.
fn parse_before(item: &str) -> Option<Duration> {
    let lower = item.to_ascii_lowercase();
    let unit = lower.chars().last()?;
    let number = &lower[..lower.len() - unit.len_utf8()];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || number.len() > 6 {
        return None;
    }
    let n: i64 = number.parse().ok()?;
    let d = match unit {
        'm' => Duration::minutes(n),
        'h' => Duration::hours(n),
        'd' => Duration::days(n),
        _ => return None,
    };
    (n > 0 && d <= Duration::hours(MAX_REMIND_BEFORE_HOURS)).then_some(d)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
