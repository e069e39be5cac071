//! Configuration: defaults, then `safeharbor.toml`, then environment variables (which win).
//! Secrets come only from the environment or files, never from the toml.
use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use secrecy::SecretString;
use serde::Deserialize;

/// The database used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://safeharbor.db?mode=rwc";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const DEMO_SCHOOL_ID: &str = "demo-school";

/// Everything the program needs to know, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub district_name: String,
    pub schools: Vec<School>,
    /// True when no `safeharbor.toml` was found: the demo district is in use.
    pub demo: bool,
    pub database_url: String,
    pub listen: SocketAddr,
    pub public_url: String,
    pub partners: PartnersConfig,
    pub concerns: ConcernsConfig,
    pub secrets: Secrets,
    /// Where the config came from, for messages.
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct School {
    pub id: String,
    pub name: String,
    pub time_zone: Tz,
    pub service_area: Vec<String>,
    pub working_hours: (NaiveTime, NaiveTime),
    pub working_days: Vec<Weekday>,
    pub escalation_minutes: u32,
    pub slack_team_id: Option<String>,
    pub discord_guild_id: Option<String>,
    pub teams_team_id: Option<String>,
    pub holidays: Vec<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct ConcernsConfig {
    /// Closed concerns are deleted this many days after closing.
    pub retention_days: i64,
}

#[derive(Debug, Clone)]
pub struct PartnersConfig {
    /// Records not verified for this many days are flagged.
    pub stale_after_days: i64,
}

/// Secrets from the environment. `Debug` of `SecretString` is redacted.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub slack_signing_secret: Option<SecretString>,
    pub slack_bot_token: Option<SecretString>,
    pub slack_api_url: Option<String>,
    pub discord_public_key: Option<String>,
    pub discord_bot_token: Option<SecretString>,
    pub discord_application_id: Option<String>,
    pub discord_api_url: Option<String>,
    pub teams_outgoing_webhook_secret: Option<SecretString>,
    pub data_key: Option<SecretString>,
    pub data_key_file: Option<PathBuf>,
}

/// Whether each platform is configured, and if not, which variables are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformStatus {
    pub name: &'static str,
    pub missing: Vec<&'static str>,
}

impl PlatformStatus {
    pub fn enabled(&self) -> bool {
        self.missing.is_empty()
    }
}

impl Config {
    pub fn school(&self, id: &str) -> Option<&School> {
        self.schools.iter().find(|s| s.id == id)
    }
    pub fn default_school(&self) -> &School {
        &self.schools[0]
    }
    pub fn platforms(&self) -> Vec<PlatformStatus> {
        let s = &self.secrets;
        let check = |name, vars: &[(&'static str, bool)]| PlatformStatus {
            name,
            missing: vars.iter().filter(|(_, ok)| !ok).map(|(v, _)| *v).collect(),
        };
        vec![
            check(
                "slack",
                &[
                    ("SLACK_SIGNING_SECRET", s.slack_signing_secret.is_some()),
                    ("SLACK_BOT_TOKEN", s.slack_bot_token.is_some()),
                ],
            ),
            check(
                "discord",
                &[
                    ("DISCORD_PUBLIC_KEY", s.discord_public_key.is_some()),
                    ("DISCORD_BOT_TOKEN", s.discord_bot_token.is_some()),
                    ("DISCORD_APPLICATION_ID", s.discord_application_id.is_some()),
                ],
            ),
            check(
                "teams",
                &[(
                    "TEAMS_OUTGOING_WEBHOOK_SECRET",
                    s.teams_outgoing_webhook_secret.is_some(),
                )],
            ),
        ]
    }
}

/// One problem found while loading the configuration, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the configuration has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError(pub Vec<Problem>);

#[derive(Debug, Default, Deserialize)]
struct RawFile {
    district: Option<RawDistrict>,
    #[serde(default)]
    schools: Vec<RawSchool>,
    server: Option<RawServer>,
    partners: Option<RawPartners>,
    concerns: Option<RawConcerns>,
}

#[derive(Debug, Default, Deserialize)]
struct RawConcerns {
    retention_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
struct RawDistrict {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawServer {
    listen: Option<String>,
    public_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawPartners {
    stale_after_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
struct RawSchool {
    id: Option<String>,
    name: Option<String>,
    time_zone: Option<String>,
    #[serde(default)]
    service_area: Vec<String>,
    working_hours: Option<String>,
    working_days: Option<Vec<String>>,
    escalation_minutes: Option<i64>,
    slack_team_id: Option<String>,
    discord_guild_id: Option<String>,
    teams_team_id: Option<String>,
    #[serde(default)]
    holidays: Vec<String>,
}

/// Where to look for the config file: the flag or `SAFEHARBOR_CONFIG`, else `./safeharbor.toml`.
pub fn resolve_path(flag: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> (PathBuf, bool) {
    if let Some(p) = flag {
        return (p.to_path_buf(), true);
    }
    if let Some(p) = env("SAFEHARBOR_CONFIG").filter(|p| !p.is_empty()) {
        return (PathBuf::from(p), true);
    }
    (PathBuf::from("safeharbor.toml"), false)
}

/// Load from the process environment and the file system.
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (path, explicit) = resolve_path(flag, &env);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => None,
        Err(e) => {
            return Err(ConfigError(vec![Problem(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ))]));
        }
    };
    from_parts(text.as_deref(), text.as_ref().map(|_| path), &env)
}

/// Build a config from the toml text (None: the demo district) and an environment.
pub fn from_parts(
    toml_text: Option<&str>,
    source: Option<PathBuf>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    let mut problems = Vec::new();
    let where_ = source
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "safeharbor.toml".into());
    let raw: RawFile = match toml_text {
        None => RawFile::default(),
        Some(t) => match toml::from_str(t) {
            Ok(r) => r,
            Err(e) => {
                return Err(ConfigError(vec![Problem(format!(
                    "{where_} is not valid TOML: {}",
                    e.message()
                ))]));
            }
        },
    };
    let demo = toml_text.is_none();
    let district_name = raw
        .district
        .and_then(|d| d.name)
        .unwrap_or_else(|| "Demo Unified School District".into());

    let mut schools = Vec::new();
    if demo {
        schools.push(demo_school());
    } else if raw.schools.is_empty() {
        problems.push(Problem(format!(
            "{where_} lists no [[schools]]; add at least one school with an id, a name and a time_zone"
        )));
    }
    let mut seen_ids = HashSet::new();
    let mut seen_links: HashSet<(&'static str, String)> = HashSet::new();
    for (i, rs) in raw.schools.into_iter().enumerate() {
        let n = i + 1;
        match validate_school(rs, n, &mut problems) {
            Some(s) => {
                if !seen_ids.insert(s.id.clone()) {
                    problems.push(Problem(format!(
                        "school #{n}: the id \"{}\" is used by another school; ids must be unique",
                        s.id
                    )));
                }
                for (kind, v) in [
                    ("slack_team_id", &s.slack_team_id),
                    ("discord_guild_id", &s.discord_guild_id),
                    ("teams_team_id", &s.teams_team_id),
                ] {
                    if let Some(v) = v
                        && !seen_links.insert((kind, v.clone()))
                    {
                        problems.push(Problem(format!(
                            "school \"{}\": {kind} \"{v}\" is already linked to another school; a workspace, guild or team maps to one school",
                            s.id
                        )));
                    }
                }
                schools.push(s);
            }
            None => continue,
        }
    }

    let server = raw.server.unwrap_or_default();
    let listen_text = env("SAFEHARBOR_LISTEN")
        .or(server.listen)
        .unwrap_or_else(|| DEFAULT_LISTEN.into());
    let listen = match listen_text.parse::<SocketAddr>() {
        Ok(a) => a,
        Err(_) => {
            problems.push(Problem(format!(
                "the listen address \"{listen_text}\" is not an IP:port such as 127.0.0.1:8080"
            )));
            DEFAULT_LISTEN
                .parse()
                .expect("default listen address parses")
        }
    };
    let public_url = env("SAFEHARBOR_PUBLIC_URL")
        .or(server.public_url)
        .unwrap_or_else(|| format!("http://{listen}"));
    if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
        problems.push(Problem(format!(
            "SAFEHARBOR_PUBLIC_URL \"{public_url}\" must start with http:// or https://"
        )));
    }
    let public_url = public_url.trim_end_matches('/').to_string();

    let database_url = env("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres://")
        || database_url.starts_with("postgresql://"))
    {
        problems.push(Problem(
            "DATABASE_URL must start with sqlite: or postgres:// (its value is not shown because it may hold a password)".into(),
        ));
    }

    let stale_after_days = raw.partners.and_then(|p| p.stale_after_days).unwrap_or(180);
    if stale_after_days <= 0 {
        problems.push(Problem(format!(
            "[partners] stale_after_days must be a positive number of days, not {stale_after_days}"
        )));
    }

    let retention_days = raw.concerns.and_then(|c| c.retention_days).unwrap_or(365);
    if retention_days <= 0 {
        problems.push(Problem(format!(
            "[concerns] retention_days must be a positive number of days, not {retention_days}"
        )));
    }

    let secret = |k: &str| env(k).map(SecretString::from);
    let secrets = Secrets {
        slack_signing_secret: secret("SLACK_SIGNING_SECRET"),
        slack_bot_token: secret("SLACK_BOT_TOKEN"),
        slack_api_url: env("SLACK_API_URL"),
        discord_public_key: env("DISCORD_PUBLIC_KEY"),
        discord_bot_token: secret("DISCORD_BOT_TOKEN"),
        discord_application_id: env("DISCORD_APPLICATION_ID"),
        discord_api_url: env("DISCORD_API_URL"),
        teams_outgoing_webhook_secret: secret("TEAMS_OUTGOING_WEBHOOK_SECRET"),
        data_key: secret("SAFEHARBOR_DATA_KEY"),
        data_key_file: env("SAFEHARBOR_DATA_KEY_FILE").map(PathBuf::from),
    };
    if let Some(u) = &secrets.slack_api_url
        && !u.ends_with("/api/")
    {
        problems.push(Problem(format!(
            "SLACK_API_URL \"{u}\" must end with /api/ (for example https://slack.com/api/)"
        )));
    }
    if let Some(k) = &secrets.discord_public_key
        && (k.len() != 64 || !k.chars().all(|c| c.is_ascii_hexdigit()))
    {
        problems.push(Problem(
            "DISCORD_PUBLIC_KEY must be the 64 hex characters shown in the Discord developer portal".into(),
        ));
    }
    if let Some(t) = &secrets.teams_outgoing_webhook_secret {
        use base64::Engine as _;
        use secrecy::ExposeSecret;
        if base64::engine::general_purpose::STANDARD
            .decode(t.expose_secret().trim())
            .is_err()
        {
            problems.push(Problem(
                "TEAMS_OUTGOING_WEBHOOK_SECRET is not base64; paste the security token Teams showed when the outgoing webhook was created".into(),
            ));
        }
    }

    if !problems.is_empty() {
        return Err(ConfigError(problems));
    }
    Ok(Config {
        district_name,
        schools,
        demo,
        database_url,
        listen,
        public_url,
        partners: PartnersConfig { stale_after_days },
        concerns: ConcernsConfig { retention_days },
        secrets,
        source,
    })
}

fn demo_school() -> School {
    School {
        id: DEMO_SCHOOL_ID.into(),
        name: "Demo High School".into(),
        time_zone: chrono_tz::America::Phoenix,
        service_area: vec!["Maricopa County".into(), "85004".into()],
        working_hours: (
            NaiveTime::from_hms_opt(7, 30, 0).expect("valid"),
            NaiveTime::from_hms_opt(16, 30, 0).expect("valid"),
        ),
        working_days: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        escalation_minutes: 15,
        slack_team_id: None,
        discord_guild_id: None,
        teams_team_id: None,
        holidays: vec![],
    }
}

fn validate_school(rs: RawSchool, n: usize, problems: &mut Vec<Problem>) -> Option<School> {
    let before = problems.len();
    let label = rs
        .id
        .clone()
        .map(|id| format!("school \"{id}\""))
        .unwrap_or_else(|| format!("school #{n}"));
    let id = rs.id.unwrap_or_default();
    if id.is_empty() {
        problems.push(Problem(format!("{label}: id is missing")));
    } else if !id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(Problem(format!(
            "{label}: id may use only letters, digits, - and _"
        )));
    }
    let name = rs.name.unwrap_or_default();
    if name.trim().is_empty() {
        problems.push(Problem(format!("{label}: name is missing")));
    }
    let tz_text = rs.time_zone.unwrap_or_default();
    let time_zone = match tz_text.parse::<Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            problems.push(Problem(format!(
                "{label}: time_zone \"{tz_text}\" is not an IANA time zone such as America/Phoenix"
            )));
            chrono_tz::UTC
        }
    };
    let wh_text = rs.working_hours.unwrap_or_else(|| "07:30-16:30".into());
    let working_hours = match parse_hours(&wh_text) {
        Some(h) => h,
        None => {
            problems.push(Problem(format!(
                "{label}: working_hours \"{wh_text}\" must look like 07:30-16:30 (start before end)"
            )));
            (NaiveTime::MIN, NaiveTime::MIN)
        }
    };
    let days_text = rs.working_days.unwrap_or_else(|| {
        ["mon", "tue", "wed", "thu", "fri"]
            .map(String::from)
            .to_vec()
    });
    let mut working_days = Vec::new();
    for d in &days_text {
        match parse_weekday(d) {
            Some(w) => working_days.push(w),
            None => problems.push(Problem(format!(
                "{label}: working_days has \"{d}\"; use mon, tue, wed, thu, fri, sat, sun"
            ))),
        }
    }
    let escalation_minutes = rs.escalation_minutes.unwrap_or(15);
    if !(1..=1440).contains(&escalation_minutes) {
        problems.push(Problem(format!(
            "{label}: escalation_minutes must be between 1 and 1440, not {escalation_minutes}"
        )));
    }
    let mut holidays = Vec::new();
    for h in &rs.holidays {
        match NaiveDate::parse_from_str(h, "%Y-%m-%d") {
            Ok(d) => holidays.push(d),
            Err(_) => problems.push(Problem(format!(
                "{label}: holiday \"{h}\" is not a date in the form YYYY-MM-DD"
            ))),
        }
    }
    let non_empty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if problems.len() > before {
        return None;
    }
    Some(School {
        id,
        name,
        time_zone,
        service_area: rs.service_area,
        working_hours,
        working_days,
        escalation_minutes: escalation_minutes as u32,
        slack_team_id: non_empty(rs.slack_team_id),
        discord_guild_id: non_empty(rs.discord_guild_id),
        teams_team_id: non_empty(rs.teams_team_id),
        holidays,
    })
}

fn parse_hours(s: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = s.split_once('-')?;
    let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
    let b = NaiveTime::parse_from_str(b.trim(), "%H:%M").ok()?;
    (a < b).then_some((a, b))
}

/// `mon`…`sun` (also full English names), case-insensitive.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    let w = match s.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    (s.len() == 3 || full.contains(&s.as_str())).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn no_file_gives_the_demo_district() {
        let c = from_parts(None, None, &no_env).unwrap();
        assert!(c.demo);
        assert_eq!(c.schools[0].id, DEMO_SCHOOL_ID);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn spec_example_parses() {
        let t = r#"
[district]
name = "Demo Unified School District"
[[schools]]
id = "lincoln-hs"
name = "Lincoln High School"
time_zone = "America/Phoenix"
service_area = ["Maricopa County", "85004"]
working_hours = "07:30-16:30"
working_days = ["mon", "tue", "wed", "thu", "fri"]
escalation_minutes = 15
slack_team_id = "T0001"
discord_guild_id = "1234567890"
teams_team_id = "19:abc"
"#;
        let c = from_parts(Some(t), None, &no_env).unwrap();
        assert!(!c.demo);
        assert_eq!(c.schools[0].time_zone, chrono_tz::America::Phoenix);
        assert_eq!(c.schools[0].slack_team_id.as_deref(), Some("T0001"));
    }

    #[test]
    fn every_problem_is_named() {
        let t = r#"
[[schools]]
id = "a"
name = "A"
time_zone = "Mars/Olympus"
working_hours = "9-5"
working_days = ["mon", "funday"]
escalation_minutes = 0
"#;
        let e = from_parts(Some(t), None, &no_env).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("Mars/Olympus"), "{text}");
        assert!(text.contains("working_hours"), "{text}");
        assert!(text.contains("funday"), "{text}");
        assert!(text.contains("escalation_minutes"), "{text}");
    }

    #[test]
    fn env_wins_over_file_and_database_password_is_never_echoed() {
        let t = "[server]\nlisten = \"127.0.0.1:9000\"\n[[schools]]\nid=\"a\"\nname=\"A\"\ntime_zone=\"UTC\"\n";
        let env = |k: &str| match k {
            "SAFEHARBOR_LISTEN" => Some("127.0.0.1:9100".to_string()),
            _ => None,
        };
        let c = from_parts(Some(t), None, &env).unwrap();
        assert_eq!(c.listen.port(), 9100);
        let bad = |k: &str| (k == "DATABASE_URL").then(|| "mysql://u:hunter2@x/db".to_string());
        let e = from_parts(Some(t), None, &bad).unwrap_err().to_string();
        assert!(e.contains("DATABASE_URL") && !e.contains("hunter2"), "{e}");
    }
}
