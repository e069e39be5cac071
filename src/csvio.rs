//! Roster and partner CSV files: strict headers, every bad row reported by line (the
//! header is line 1, as a spreadsheet shows it) and field, nothing half-imported.
use std::fmt;
use std::io::Write;

use chrono::NaiveDate;

use crate::config::Config;
use crate::domain::{NewPerson, Partner, PartnerCategory, Person, Role};
use crate::i18n::I18n;

pub const ROSTER_HEADER: &[&str] = &[
    "school_id",
    "name",
    "email",
    "roles",
    "locale",
    "slack_user_id",
    "discord_user_id",
    "teams_user_id",
    "teams_webhook_url",
];

pub const PARTNER_HEADER: &[&str] = &[
    "id",
    "name",
    "category",
    "description",
    "phone",
    "text",
    "email",
    "url",
    "address",
    "city",
    "state",
    "postal_code",
    "service_area",
    "hours",
    "open_24_7",
    "languages",
    "mou",
    "mou_date",
    "confidential",
    "last_verified_on",
    "last_verified_by",
];

/// The national hotlines that ship with the product (data, with a verified date).
pub const SHIPPED_PARTNERS_CSV: &str = include_str!("../data/partners/national.csv");

/// Longest value accepted in one cell.
const MAX_CELL: usize = 2000;

/// One problem in one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(
                f,
                "line {}, field {}: {}",
                self.line, self.field, self.message
            )
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty; the first line must be the header:\n  {expected}")]
    Empty { expected: String },
    #[error("line 1 (the header) must be exactly:\n  {expected}\nbut it is:\n  {found}")]
    Header { expected: String, found: String },
    #[error("{} row problem(s); nothing was imported:\n{}", .0.len(), .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Rows(Vec<RowError>),
    /// A roster with the header only: importing it would only take the demo people away.
    #[error("the file has the header but nobody in it; nothing was imported")]
    NoPeople,
}

impl ImportError {
    /// The row problems in the order of the file, as a spreadsheet shows it (a row with
    /// the wrong number of fields is found while reading, before the others are checked).
    fn rows(mut errors: Vec<RowError>) -> Self {
        errors.sort_by_key(|e| e.line);
        Self::Rows(errors)
    }
}

/// Read a CSV with an exact header; yields (line, cells) or collects row errors.
fn read_rows(
    bytes: &[u8],
    header: &[&str],
    errors: &mut Vec<RowError>,
) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let expected = header.join(",");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = vec![];
    let mut first = true;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(RowError {
                    line,
                    field: String::new(),
                    message: format!("the CSV cannot be read here: {}", csv_reason(&e)),
                });
                break;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        let cells: Result<Vec<String>, _> = record
            .iter()
            .map(|c| std::str::from_utf8(c).map(|s| s.trim().to_string()))
            .collect();
        let Ok(cells) = cells else {
            if first {
                return Err(ImportError::Header {
                    expected,
                    found: "(not UTF-8 text; save the file as CSV UTF-8)".into(),
                });
            }
            errors.push(RowError {
                line,
                field: String::new(),
                message: "not valid UTF-8 text; save the file as \"CSV UTF-8\"".into(),
            });
            continue;
        };
        if first {
            first = false;
            let found: Vec<&str> = cells.iter().map(String::as_str).collect();
            if found != header {
                return Err(ImportError::Header {
                    expected,
                    found: found.join(",").chars().take(400).collect(),
                });
            }
            continue;
        }
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if cells.len() != header.len() {
            errors.push(RowError {
                line,
                field: String::new(),
                message: format!(
                    "has {} fields; the header has {}",
                    cells.len(),
                    header.len()
                ),
            });
            continue;
        }
        if let Some((i, _)) = cells
            .iter()
            .enumerate()
            .find(|(_, c)| c.chars().count() > MAX_CELL)
        {
            errors.push(RowError {
                line,
                field: header[i].into(),
                message: format!("is longer than {MAX_CELL} characters"),
            });
            continue;
        }
        rows.push((line, cells));
    }
    if first {
        return Err(ImportError::Empty { expected });
    }
    Ok(rows)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".into(),
        csv::ErrorKind::UnequalLengths { .. } => "rows have different numbers of fields".into(),
        _ => "malformed CSV (check the quotes)".into(),
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Parse and validate a roster CSV against the configured schools.
pub fn parse_roster(bytes: &[u8], config: &Config) -> Result<Vec<NewPerson>, ImportError> {
    let mut errors = vec![];
    let rows = read_rows(bytes, ROSTER_HEADER, &mut errors)?;
    if rows.is_empty() && errors.is_empty() {
        return Err(ImportError::NoPeople);
    }
    let mut people = vec![];
    let mut seen = std::collections::HashMap::new();
    for (line, c) in rows {
        let before = errors.len();
        let mut err = |field: &str, message: String| {
            errors.push(RowError {
                line,
                field: field.into(),
                message,
            })
        };
        let school_id = c[0].clone();
        if school_id.is_empty() {
            err("school_id", "is empty".into());
        } else if config.school(&school_id).is_none() {
            let known: Vec<&str> = config.schools.iter().map(|s| s.id.as_str()).collect();
            err(
                "school_id",
                format!(
                    "\"{school_id}\" is not a school in the configuration (known: {})",
                    known.join(", ")
                ),
            );
        }
        if c[1].is_empty() {
            err("name", "is empty".into());
        }
        let email = c[2].to_lowercase();
        if !is_email(&email) {
            err("email", format!("\"{}\" is not an email address", c[2]));
        } else if let Some(first) = seen.insert(email.clone(), line) {
            err(
                "email",
                format!("{email} is already on line {first}; each person appears once"),
            );
        }
        let mut roles = vec![];
        for r in c[3].split(';').map(str::trim).filter(|r| !r.is_empty()) {
            match r.parse::<Role>() {
                Ok(role) if !roles.contains(&role) => roles.push(role),
                Ok(_) => {}
                Err(()) => err(
                    "roles",
                    format!(
                        "\"{r}\" is not a role; use {}",
                        Role::ALL
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        if c[3].trim().is_empty() {
            err(
                "roles",
                "is empty; give at least one role, e.g. teacher".into(),
            );
        }
        let locale = if c[4].is_empty() {
            None
        } else if I18n::is_supported(&c[4]) {
            Some(I18n::negotiate(&c[4]).to_string())
        } else {
            err(
                "locale",
                format!("\"{}\" is not a supported language (en-US, es)", c[4]),
            );
            None
        };
        let slack = &c[5];
        if !slack.is_empty()
            && !((slack.starts_with('U') || slack.starts_with('W'))
                && slack.len() >= 5
                && slack
                    .chars()
                    .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()))
        {
            err(
                "slack_user_id",
                format!("\"{slack}\" is not a Slack user id (like U012AB3CD)"),
            );
        }
        let discord = &c[6];
        let snowflake =
            (15..=21).contains(&discord.len()) && discord.chars().all(|ch| ch.is_ascii_digit());
        if !discord.is_empty() && !snowflake {
            err(
                "discord_user_id",
                format!("\"{discord}\" is not a Discord user id (15-21 digits)"),
            );
        }
        let teams = &c[7];
        if !teams.is_empty() && uuid::Uuid::parse_str(teams).is_err() {
            err(
                "teams_user_id",
                format!("\"{teams}\" is not an Azure AD object id (a UUID)"),
            );
        }
        let hook = &c[8];
        if !hook.is_empty() && !hook.starts_with("https://") {
            // The URL is a secret: say what is wrong without repeating it.
            err(
                "teams_webhook_url",
                "must be an https:// Workflows webhook URL (value not shown: it is a secret)"
                    .into(),
            );
        }
        if errors.len() == before {
            people.push(NewPerson {
                school_id,
                name: c[1].clone(),
                email,
                roles,
                locale,
                slack_user_id: opt(slack),
                discord_user_id: opt(discord),
                teams_user_id: opt(&teams.to_lowercase()),
                teams_webhook_url: opt(hook),
                position: line as i64,
                demo: false,
            });
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(ImportError::rows(errors))
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "yes" => Some(true),
        "no" | "" => Some(false),
        _ => None,
    }
}

fn parse_date(s: &str) -> Result<Option<NaiveDate>, ()> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Parse and validate a partners CSV.
pub fn parse_partners(bytes: &[u8]) -> Result<Vec<Partner>, ImportError> {
    parse_partners_on(bytes, None)
}

/// [`parse_partners`], refusing a `last_verified_on` after `today` (a day's grace for
/// time zones): a date in the future would keep the record from ever looking stale.
pub fn parse_partners_on(
    bytes: &[u8],
    today: Option<NaiveDate>,
) -> Result<Vec<Partner>, ImportError> {
    let mut errors = vec![];
    let rows = read_rows(bytes, PARTNER_HEADER, &mut errors)?;
    let mut partners = vec![];
    let mut seen = std::collections::HashMap::new();
    for (line, c) in rows {
        let before = errors.len();
        let mut err = |field: &str, message: String| {
            errors.push(RowError {
                line,
                field: field.into(),
                message,
            })
        };
        let id = c[0].clone();
        if id.is_empty() {
            err("id", "is empty".into());
        } else if !id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
        {
            err(
                "id",
                format!("\"{id}\" may use only letters, digits, - and _"),
            );
        } else if let Some(first) = seen.insert(id.clone(), line) {
            err("id", format!("\"{id}\" is already on line {first}"));
        }
        if c[1].is_empty() {
            err("name", "is empty".into());
        }
        let category = c[2].parse::<PartnerCategory>().ok();
        if category.is_none() {
            err(
                "category",
                format!(
                    "\"{}\" is not a category; use {}",
                    c[2],
                    PartnerCategory::ALL
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        if !c[6].is_empty() && !is_email(&c[6]) {
            err("email", format!("\"{}\" is not an email address", c[6]));
        }
        let web = c[7].starts_with("https://") || c[7].starts_with("http://");
        if !c[7].is_empty() && !web {
            err(
                "url",
                format!("\"{}\" must start with https:// or http://", c[7]),
            );
        }
        let area = list(&c[12]);
        if area.is_empty() {
            err(
                "service_area",
                "is empty; list counties, zip codes or school ids separated by ;, or national"
                    .into(),
            );
        }
        let mut flag = |i: usize| match parse_bool(&c[i]) {
            Some(b) => b,
            None => {
                err(PARTNER_HEADER[i], format!("\"{}\" must be yes or no", c[i]));
                false
            }
        };
        let open_24_7 = flag(14);
        let mou = flag(16);
        let confidential = flag(18);
        let mut date = |i: usize| match parse_date(&c[i]) {
            Ok(d) => d,
            Err(()) => {
                err(
                    PARTNER_HEADER[i],
                    format!("\"{}\" is not a date in the form YYYY-MM-DD", c[i]),
                );
                None
            }
        };
        let mou_date = date(17);
        let last_verified_on = date(19);
        if let (Some(d), Some(today)) = (last_verified_on, today)
            && d > today + chrono::Days::new(1)
        {
            err(
                PARTNER_HEADER[19],
                format!("{d} is in the future; give the day the details were last checked"),
            );
        }
        if c[4].is_empty() && c[5].is_empty() && c[6].is_empty() && c[7].is_empty() {
            err(
                "phone",
                "a partner needs at least one way to reach it: phone, text, email or url".into(),
            );
        }
        if errors.len() == before
            && let Some(category) = category
        {
            partners.push(Partner {
                id,
                name: c[1].clone(),
                category,
                description: c[3].clone(),
                phones: list(&c[4]),
                text: c[5].clone(),
                email: c[6].clone(),
                url: c[7].clone(),
                address: c[8].clone(),
                city: c[9].clone(),
                state: c[10].clone(),
                postal_code: c[11].clone(),
                service_area: area,
                hours: c[13].clone(),
                open_24_7,
                languages: list(&c[15]),
                mou,
                mou_date,
                confidential,
                last_verified_on,
                last_verified_by: c[20].clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(partners)
    } else {
        Err(ImportError::rows(errors))
    }
}

/// Holidays CSV (`safeharbor holidays import`): one closed day per row.
pub const HOLIDAY_HEADER: &[&str] = &["school_id", "date", "name"];

/// Parse and validate a holidays CSV against the configured schools: every school named
/// must exist, dates are `YYYY-MM-DD`, a date appears once per school.
pub fn parse_holidays(
    bytes: &[u8],
    config: &Config,
) -> Result<Vec<crate::store::Holiday>, ImportError> {
    let mut errors = vec![];
    let rows = read_rows(bytes, HOLIDAY_HEADER, &mut errors)?;
    let mut out = vec![];
    let mut seen = std::collections::HashMap::new();
    for (line, c) in rows {
        let mut err = |field: &str, message: String| {
            errors.push(RowError {
                line,
                field: field.into(),
                message,
            })
        };
        // Every problem of the row is named, not only the first.
        let school_known = config.school(&c[0]).is_some();
        if !school_known {
            let known: Vec<&str> = config.schools.iter().map(|s| s.id.as_str()).collect();
            err(
                "school_id",
                format!(
                    "\"{}\" is not a school in the configuration (known: {})",
                    c[0],
                    known.join(", ")
                ),
            );
        }
        let Ok(date) = chrono::NaiveDate::parse_from_str(&c[1], "%Y-%m-%d") else {
            err(
                "date",
                format!("\"{}\" is not a date; write YYYY-MM-DD", c[1]),
            );
            continue;
        };
        if !school_known {
            continue;
        }
        if let Some(first) = seen.insert((c[0].clone(), date), line) {
            err(
                "date",
                format!("{} is already on line {first} for {}", c[1], c[0]),
            );
            continue;
        }
        out.push(crate::store::Holiday {
            school_id: c[0].clone(),
            date,
            name: c[2].clone(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ImportError::rows(errors))
    }
}

/// Write holidays as CSV (the import's format).
pub fn write_holidays(out: impl Write, holidays: &[crate::store::Holiday]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HOLIDAY_HEADER)?;
    for h in holidays {
        w.write_record([
            h.school_id.as_str(),
            &h.date.format("%Y-%m-%d").to_string(),
            h.name.as_str(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

pub fn shipped_partners() -> Vec<Partner> {
    parse_partners(SHIPPED_PARTNERS_CSV.as_bytes())
        .expect("data/partners/national.csv is valid (tested)")
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Write partners in the import format (a round trip gives the same records).
pub fn write_partners(out: impl Write, partners: &[Partner]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(PARTNER_HEADER)?;
    for p in partners {
        w.write_record([
            p.id.as_str(),
            &p.name,
            p.category.as_str(),
            &p.description,
            &p.phones.join(";"),
            &p.text,
            &p.email,
            &p.url,
            &p.address,
            &p.city,
            &p.state,
            &p.postal_code,
            &p.service_area.join(";"),
            &p.hours,
            yes_no(p.open_24_7),
            &p.languages.join(";"),
            yes_no(p.mou),
            &date_text(p.mou_date),
            yes_no(p.confidential),
            &date_text(p.last_verified_on),
            &p.last_verified_by,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Write the roster in the import format. Webhook URLs are secrets: left out unless asked.
pub fn write_roster(out: impl Write, people: &[Person], include_secrets: bool) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ROSTER_HEADER)?;
    // People removed from the roster (no roles) are history only: not exported, so the
    // file imports again as it is.
    for p in people.iter().filter(|p| !p.demo && !p.has_left()) {
        let hook = if include_secrets {
            p.teams_webhook_url.clone().unwrap_or_default()
        } else {
            String::new()
        };
        w.write_record([
            p.school_id.as_str(),
            &p.name,
            &p.email,
            &p.roles_joined(),
            p.locale.as_deref().unwrap_or(""),
            p.slack_user_id.as_deref().unwrap_or(""),
            p.discord_user_id.as_deref().unwrap_or(""),
            p.teams_user_id.as_deref().unwrap_or(""),
            &hook,
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::config::from_parts(None, None, &|_| None).unwrap()
    }

    #[test]
    fn shipped_partners_parse_and_are_national_and_verified() {
        let p = shipped_partners();
        assert!(p.len() >= 4);
        assert!(
            p.iter()
                .all(|p| p.is_national() && p.last_verified_on.is_some())
        );
        assert!(
            p.iter()
                .any(|p| p.phones.iter().any(|n| n.contains("1-888-373-7888")))
        );
    }

    #[test]
    fn a_roster_with_the_header_only_is_refused() {
        let header = ROSTER_HEADER.join(",");
        for csv in [
            format!("{header}\n"),
            header.clone(),
            format!("\u{feff}{header}\r\n"),
        ] {
            let e = parse_roster(csv.as_bytes(), &config()).unwrap_err();
            assert!(matches!(e, ImportError::NoPeople), "{e}");
            assert!(e.to_string().contains("nobody in it"), "{e}");
        }
    }

    #[test]
    fn roster_errors_name_line_and_field_and_import_nothing() {
        let csv = "school_id,name,email,roles,locale,slack_user_id,discord_user_id,teams_user_id,teams_webhook_url\n\
demo-school,Ana,ana@example.org,teacher,es,U012AB3CD,,,\n\
nowhere,Bo,not-an-email,janitor,fr,x,12,zz,http://hook\n";
        let e = parse_roster(csv.as_bytes(), &config()).unwrap_err();
        let ImportError::Rows(rows) = &e else {
            panic!("{e}")
        };
        let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
        assert!(rows.iter().all(|r| r.line == 3), "{e}");
        for f in [
            "school_id",
            "email",
            "roles",
            "locale",
            "slack_user_id",
            "discord_user_id",
            "teams_user_id",
            "teams_webhook_url",
        ] {
            assert!(fields.contains(&f), "missing {f} in {e}");
        }
        assert!(
            !e.to_string().contains("http://hook"),
            "a webhook URL is a secret"
        );
    }

    #[test]
    fn wrong_header_and_bad_utf8_are_named() {
        let e = parse_roster(b"name,email\nx,y\n", &config()).unwrap_err();
        assert!(matches!(e, ImportError::Header { .. }), "{e}");
        let mut bytes = b"school_id,name,email,roles,locale,slack_user_id,discord_user_id,teams_user_id,teams_webhook_url\n".to_vec();
        bytes.extend_from_slice(b"demo-school,\xff\xfe,a@b.org,teacher,,,,,\n");
        let e = parse_roster(&bytes, &config()).unwrap_err();
        assert!(
            e.to_string().contains("line 2") && e.to_string().contains("UTF-8"),
            "{e}"
        );
        assert!(matches!(
            parse_roster(b"", &config()),
            Err(ImportError::Empty { .. })
        ));
    }

    #[test]
    fn a_verified_date_in_the_future_is_refused() {
        let csv = format!(
            "{}\nx,X,hotline,,1-800-555-0100,,,,,,,,national,,yes,en,no,,no,2026-12-01,Ops\n",
            PARTNER_HEADER.join(",")
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 23);
        let e = parse_partners_on(csv.as_bytes(), today)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2, field last_verified_on: 2026-12-01 is in the future"),
            "{e}"
        );
        // One day ahead of the importer's date is a time zone, not the future.
        let day_before = NaiveDate::from_ymd_opt(2026, 11, 30);
        assert!(parse_partners_on(csv.as_bytes(), day_before).is_ok());
    }

    #[test]
    fn partners_round_trip() {
        let p = shipped_partners();
        let mut out = vec![];
        write_partners(&mut out, &p).unwrap();
        assert_eq!(parse_partners(&out).unwrap(), p);
    }

    #[test]
    fn holiday_errors_name_every_field_of_a_row() {
        // A row with an unknown school and a bad date: both are named, not only the first.
        let csv = "school_id,date,name\nnowhere,2026-02-30,Typo\ndemo-school,2026-12-24,Eve\n";
        let e = parse_holidays(csv.as_bytes(), &config()).unwrap_err();
        let ImportError::Rows(rows) = &e else {
            panic!("{e}")
        };
        let named: Vec<(u64, &str)> = rows.iter().map(|r| (r.line, r.field.as_str())).collect();
        assert_eq!(named, [(2, "school_id"), (2, "date")], "{e}");
    }

    #[test]
    fn row_problems_are_listed_in_the_order_of_the_file() {
        // A short row is found while reading, before the rows above it are checked; the
        // list still reads top to bottom.
        let csv = format!(
            "{}\nnowhere,Bo,bo@example.org,teacher,,,,,\ndemo-school,Too,few\n",
            ROSTER_HEADER.join(",")
        );
        let e = parse_roster(csv.as_bytes(), &config()).unwrap_err();
        let ImportError::Rows(rows) = &e else {
            panic!("{e}")
        };
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3], "{e}");
    }

    #[test]
    fn partner_errors_name_every_field() {
        let csv = format!(
            "{}\nx y,,nope,,,,bad,ftp://x,,,,,,,maybe,,perhaps,2026-13-01,si,yesterday,\n",
            PARTNER_HEADER.join(",")
        );
        let e = parse_partners(csv.as_bytes()).unwrap_err().to_string();
        for f in [
            "field id",
            "field name",
            "field category",
            "field email",
            "field url",
            "field service_area",
            "field open_24_7",
            "field mou",
            "field mou_date",
            "field confidential",
            "field last_verified_on",
        ] {
            assert!(e.contains(f), "missing {f} in {e}");
        }
    }
}
