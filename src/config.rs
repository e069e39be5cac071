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

/// How long a claimed message is held (see `Config::outbox_lease`): long enough for a
/// slow platform answer, short enough that a message held by a server that died goes
/// out within minutes.
pub const DEFAULT_OUTBOX_LEASE: std::time::Duration = std::time::Duration::from_secs(120);
/// A day: a lease longer than that would leave a message a dead server held unsent.
const MAX_OUTBOX_LEASE_SECS: u64 = 86_400;

/// Everything the program needs to know, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub district_name: String,
    /// Shared, so a command's context holds its school without copying it.
    pub schools: Vec<std::sync::Arc<School>>,
    /// True when no `safeharbor.toml` was found: the demo district is in use.
    pub demo: bool,
    pub database_url: String,
    pub listen: SocketAddr,
    pub public_url: String,
    /// True when neither `SAFEHARBOR_PUBLIC_URL` nor `[server] public_url` gave the public
    /// URL, so it is `http://` + the listen address and follows [`Config::listen_on`].
    pub public_url_from_listen: bool,
    /// How long a message claimed for delivery is held before another attempt, should
    /// the server die meanwhile (`SAFEHARBOR_OUTBOX_LEASE_SECS`, default 120 s).
    pub outbox_lease: std::time::Duration,
    /// How often a running `serve` or console notes in the database that it runs, for
    /// `rekey` (see [`crate::presence`]): 20 s; shorter only in tests.
    pub heartbeat: std::time::Duration,
    pub partners: PartnersConfig,
    pub concerns: ConcernsConfig,
    pub training: TrainingConfig,
    pub limits: LimitsConfig,
    pub secrets: Secrets,
    /// Where the config came from, for messages.
    pub source: Option<PathBuf>,
    /// Keys in safeharbor.toml that SafeHarbor does not know, so ignores (a typo such as
    /// `escalation_minute`, or a key of a newer version): `schools #2.escalation_minute`.
    pub unknown_keys: Vec<String>,
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

/// Abuse limits (`[limits]`); 0 turns one off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitsConfig {
    pub commands_per_user_per_minute: u32,
    pub commands_per_workspace_per_minute: u32,
    pub concerns_per_user_per_hour: u32,
    pub concerns_per_workspace_per_hour: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            commands_per_user_per_minute: 30,
            commands_per_workspace_per_minute: 600,
            concerns_per_user_per_hour: 10,
            concerns_per_workspace_per_hour: 120,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ConcernsConfig {
    /// Closed concerns are deleted this many days after closing.
    pub retention_days: i64,
}

/// Staff training: the courses and when someone new on the roster is due.
#[derive(Debug, Clone)]
pub struct TrainingConfig {
    /// Someone new on the roster is due this many days after they were added.
    pub new_staff_due_days: i64,
    pub courses: Vec<Course>,
}

/// One training course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub id: String,
    /// Title by locale code (`en-US`, `es`); empty for the shipped courses, whose titles
    /// are the Fluent messages `training-course-ID`.
    pub titles: Vec<(String, String)>,
    pub audience: CourseAudience,
    pub renewal_months: u32,
    pub link: Option<String>,
}

/// Who must take a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourseAudience {
    All,
    Roles(Vec<crate::domain::Role>),
}

impl Course {
    /// Must this person take the course?
    pub fn applies_to(&self, person: &crate::domain::Person) -> bool {
        match &self.audience {
            CourseAudience::All => true,
            CourseAudience::Roles(roles) => roles.iter().any(|r| person.has_role(*r)),
        }
    }
}

/// The courses that ship: awareness for all staff, the intensive course for the key roles.
pub fn default_courses() -> Vec<Course> {
    use crate::domain::Role;
    vec![
        Course {
            id: "awareness".into(),
            titles: vec![],
            audience: CourseAudience::All,
            renewal_months: 12,
            link: None,
        },
        Course {
            id: "intensive".into(),
            titles: vec![],
            audience: CourseAudience::Roles(vec![
                Role::FrontDesk,
                Role::BusDriver,
                Role::AssistantPrincipal,
                Role::Counselor,
                Role::BackupCounselor,
                Role::SocialWorker,
                Role::AttendanceOfficer,
                Role::DropoutPrevention,
                Role::SpecialEducation,
                Role::Nurse,
            ]),
            renewal_months: 12,
            link: None,
        },
    ]
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
    /// The variable that verifies the platform's requests (Slack's signing secret,
    /// Discord's public key, Teams' webhook secret) is set: its routes answer signed
    /// requests, even if what private messages need is missing.
    pub answers_requests: bool,
}

impl PlatformStatus {
    /// Everything is set: commands are answered and private messages sent.
    pub fn enabled(&self) -> bool {
        self.missing.is_empty()
    }

    /// Commands are answered, but private messages (handoffs, reminders) cannot be sent.
    pub fn commands_only(&self) -> bool {
        self.answers_requests && !self.enabled()
    }
}

impl Config {
    /// Listen on `addr` instead (`serve --listen`). A public URL the environment or the
    /// toml gave stays; one derived from the listen address follows it.
    pub fn listen_on(&mut self, addr: SocketAddr) {
        self.listen = addr;
        if self.public_url_from_listen {
            self.public_url = format!("http://{addr}");
        }
    }

    pub fn school(&self, id: &str) -> Option<&School> {
        self.school_shared(id).map(|s| &**s)
    }
    pub fn default_school(&self) -> &School {
        &self.schools[0]
    }
    /// [`Config::school`], shared.
    pub fn school_shared(&self, id: &str) -> Option<&std::sync::Arc<School>> {
        self.schools.iter().find(|s| s.id == id)
    }
    pub fn platforms(&self) -> Vec<PlatformStatus> {
        let s = &self.secrets;
        // The first variable is the one that verifies requests.
        let check = |name, vars: &[(&'static str, bool)]| PlatformStatus {
            name,
            missing: vars.iter().filter(|(_, ok)| !ok).map(|(v, _)| *v).collect(),
            answers_requests: vars[0].1,
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
    limits: Option<RawLimits>,
    training: Option<RawTraining>,
}

#[derive(Debug, Default, Deserialize)]
struct RawTraining {
    new_staff_due_days: Option<i64>,
    #[serde(default)]
    courses: Vec<RawCourse>,
}

#[derive(Debug, Default, Deserialize)]
struct RawCourse {
    id: Option<String>,
    title: Option<RawTitle>,
    title_en: Option<String>,
    title_es: Option<String>,
    audience: Option<RawAudience>,
    renewal_months: Option<i64>,
    link: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawTitle {
    One(String),
    ByLocale(std::collections::BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawAudience {
    Word(String),
    Roles(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    commands_per_user_per_minute: Option<u32>,
    commands_per_workspace_per_minute: Option<u32>,
    concerns_per_user_per_hour: Option<u32>,
    concerns_per_workspace_per_hour: Option<u32>,
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
    let mut unknown_keys = vec![];
    let raw: RawFile = match toml_text {
        None => RawFile::default(),
        Some(t) => match serde_ignored::deserialize(toml::Deserializer::new(t), |path| {
            unknown_keys.push(key_path(&path))
        }) {
            Ok(r) => r,
            Err(e) => {
                // Name the line as an editor shows it, and its key, never its value: a
                // secret put in the file all the same (`slack_bot_token = xoxb-…`,
                // unquoted) would go into every log this error reaches.
                let place = e
                    .span()
                    .map(|span| {
                        let start = span.start.min(t.len());
                        let line_no = t[..start].matches('\n').count() + 1;
                        let text = t.lines().nth(line_no - 1).unwrap_or_default().trim();
                        match toml_line_shown(text) {
                            Some(shown) => format!(" at line {line_no} (`{shown}`)"),
                            None => format!(" at line {line_no}"),
                        }
                    })
                    .unwrap_or_default();
                return Err(ConfigError(vec![Problem(format!(
                    "{where_} is not valid TOML{place}: {}",
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
        schools.push(std::sync::Arc::new(demo_school()));
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
                schools.push(std::sync::Arc::new(s));
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
    let given_public_url = env("SAFEHARBOR_PUBLIC_URL").or(server.public_url);
    let public_url_from_listen = given_public_url.is_none();
    let public_url = given_public_url.unwrap_or_else(|| format!("http://{listen}"));
    if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
        problems.push(Problem(format!(
            "SAFEHARBOR_PUBLIC_URL \"{public_url}\" must start with http:// or https://"
        )));
    }
    let public_url = public_url.trim_end_matches('/').to_string();

    let outbox_lease = match env("SAFEHARBOR_OUTBOX_LEASE_SECS") {
        None => DEFAULT_OUTBOX_LEASE,
        Some(v) => match v.trim().parse::<u64>() {
            Ok(secs @ 1..=MAX_OUTBOX_LEASE_SECS) => std::time::Duration::from_secs(secs),
            _ => {
                problems.push(Problem(format!(
                    "SAFEHARBOR_OUTBOX_LEASE_SECS \"{v}\" must be a whole number of seconds from 1 to {MAX_OUTBOX_LEASE_SECS} (default {})",
                    DEFAULT_OUTBOX_LEASE.as_secs()
                )));
                DEFAULT_OUTBOX_LEASE
            }
        },
    };

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

    let training = validate_training(raw.training.unwrap_or_default(), &mut problems);

    let raw_limits = raw.limits.unwrap_or_default();
    let d = LimitsConfig::default();
    let limits = LimitsConfig {
        commands_per_user_per_minute: raw_limits
            .commands_per_user_per_minute
            .unwrap_or(d.commands_per_user_per_minute),
        commands_per_workspace_per_minute: raw_limits
            .commands_per_workspace_per_minute
            .unwrap_or(d.commands_per_workspace_per_minute),
        concerns_per_user_per_hour: raw_limits
            .concerns_per_user_per_hour
            .unwrap_or(d.concerns_per_user_per_hour),
        concerns_per_workspace_per_hour: raw_limits
            .concerns_per_workspace_per_hour
            .unwrap_or(d.concerns_per_workspace_per_hour),
    };

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
        public_url_from_listen,
        outbox_lease,
        heartbeat: crate::presence::BEAT,
        partners: PartnersConfig { stale_after_days },
        concerns: ConcernsConfig { retention_days },
        training,
        limits,
        secrets,
        source,
        unknown_keys,
    })
}

/// A line of safeharbor.toml as an error may show it: its key with the value left out
/// (`slack_bot_token = …`), a table header as it is, or nothing (a line of a multi-line
/// value, say). At most 80 characters.
fn toml_line_shown(line: &str) -> Option<String> {
    let shown = match line.split_once('=') {
        Some((key, _)) => format!("{} = …", key.trim_end()),
        None if line.starts_with('[') => line.to_string(),
        None => return None,
    };
    Some(shown.chars().take(80).collect())
}

/// A key's place in the file: `schools #2.escalation_minute` (in the second
/// `[[schools]]`).
fn key_path(path: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{} #{}", key_path(parent), index + 1),
        Path::Map { parent, key } => match key_path(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => key_path(parent),
    }
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

fn validate_training(raw: RawTraining, problems: &mut Vec<Problem>) -> TrainingConfig {
    let new_staff_due_days = raw.new_staff_due_days.unwrap_or(30);
    if !(1..=3650).contains(&new_staff_due_days) {
        problems.push(Problem(format!(
            "[training] new_staff_due_days must be between 1 and 3650 days, not {new_staff_due_days}"
        )));
    }
    if raw.courses.is_empty() {
        return TrainingConfig {
            new_staff_due_days,
            courses: default_courses(),
        };
    }
    let mut courses = Vec::new();
    let mut seen = HashSet::new();
    for (i, rc) in raw.courses.into_iter().enumerate() {
        let label = rc
            .id
            .clone()
            .map(|id| format!("training course \"{id}\""))
            .unwrap_or_else(|| format!("training course #{}", i + 1));
        let before = problems.len();
        let id = rc.id.unwrap_or_default().trim().to_ascii_lowercase();
        if id.is_empty() {
            problems.push(Problem(format!("{label}: id is missing")));
        } else if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            problems.push(Problem(format!(
                "{label}: id may use only letters, digits, - and _"
            )));
        } else if !seen.insert(id.clone()) {
            problems.push(Problem(format!(
                "{label}: the id is used by another course; ids must be unique"
            )));
        }
        let mut titles: Vec<(String, String)> = Vec::new();
        match rc.title {
            Some(RawTitle::One(t)) => titles.push(("en-US".into(), t)),
            Some(RawTitle::ByLocale(map)) => {
                for (code, t) in map {
                    if crate::i18n::I18n::is_supported(&code) {
                        titles.push((crate::i18n::I18n::negotiate(&code).to_string(), t));
                    } else {
                        problems.push(Problem(format!(
                            "{label}: title has the locale \"{code}\"; use one of {}",
                            crate::domain::SUPPORTED_LOCALES.join(", ")
                        )));
                    }
                }
            }
            None => {}
        }
        if let Some(t) = rc.title_en {
            titles.push(("en-US".into(), t));
        }
        if let Some(t) = rc.title_es {
            titles.push(("es".into(), t));
        }
        titles.retain(|(_, t)| !t.trim().is_empty());
        if titles.is_empty() {
            problems.push(Problem(format!(
                "{label}: a title is missing; set title_en (and title_es) or title = {{ en-US = \"…\", es = \"…\" }}"
            )));
        }
        let audience = match rc.audience {
            None => CourseAudience::All,
            Some(RawAudience::Word(w)) if w.trim().eq_ignore_ascii_case("all") => {
                CourseAudience::All
            }
            Some(RawAudience::Word(w)) => {
                problems.push(Problem(format!(
                    "{label}: audience \"{w}\" must be \"all\" or a list of roles such as [\"nurse\", \"bus_driver\"]"
                )));
                CourseAudience::All
            }
            Some(RawAudience::Roles(list)) => {
                let mut roles = Vec::new();
                for r in &list {
                    match r.parse::<crate::domain::Role>() {
                        Ok(role) => roles.push(role),
                        Err(()) => problems.push(Problem(format!(
                            "{label}: audience has \"{r}\", which is not a roster role"
                        ))),
                    }
                }
                if list.is_empty() {
                    problems.push(Problem(format!(
                        "{label}: audience is an empty list; use \"all\" or name roles"
                    )));
                }
                CourseAudience::Roles(roles)
            }
        };
        let renewal_months = rc.renewal_months.unwrap_or(12);
        if !(1..=120).contains(&renewal_months) {
            problems.push(Problem(format!(
                "{label}: renewal_months must be between 1 and 120, not {renewal_months}"
            )));
        }
        let link = rc
            .link
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        if let Some(l) = &link
            && !(l.starts_with("https://") || l.starts_with("http://"))
        {
            problems.push(Problem(format!(
                "{label}: link \"{l}\" must start with https:// or http://"
            )));
        }
        if problems.len() == before {
            courses.push(Course {
                id,
                titles,
                audience,
                renewal_months: renewal_months as u32,
                link,
            });
        }
    }
    TrainingConfig {
        new_staff_due_days,
        courses,
    }
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

    /// A TOML error names the line and its key, so the key at fault is plain.
    #[test]
    fn a_bad_value_names_its_line_and_key() {
        let toml = "[[schools]]\nid = \"a\"\nname = \"A\"\ntime_zone = \"America/Phoenix\"\n\n[limits]\ncommands_per_user_per_minute = -1\n";
        let e = from_parts(Some(toml), None, &no_env).unwrap_err();
        let text = format!("{e:?}");
        assert!(
            text.contains("at line 7 (`commands_per_user_per_minute = …`)"),
            "{text}"
        );
        assert!(
            text.contains("-1"),
            "toml's own message says what is wrong: {text}"
        );
    }

    /// A secret put in safeharbor.toml all the same (secrets belong in the environment)
    /// never reaches the error that names its line, nor the unknown-key warning: only
    /// its key is shown.
    #[test]
    fn a_secret_in_the_file_is_never_shown() {
        const SECRET: &str = "xoxb-MARKER-3c1d";
        for (toml, line) in [
            // Unquoted, as in an environment file: not valid TOML.
            (format!("slack_bot_token = {SECRET}\n"), 1),
            (
                format!("[district]\nname = \"D\"\nSLACK_BOT_TOKEN={SECRET}\n"),
                3,
            ),
            // An unterminated string.
            (format!("slack_signing_secret = \"{SECRET}\n"), 1),
            // A multi-line string left open.
            (format!("[district]\nname = \"\"\"\n{SECRET}\n"), 4),
            // A bad line of a multi-line array: the line is a value alone.
            (
                format!("[district]\nname = [\n  \"{SECRET}\" oops,\n]\n"),
                3,
            ),
        ] {
            let e = from_parts(Some(&toml), None, &no_env).unwrap_err();
            let text = format!("{e:?} {e}");
            assert!(!text.contains("MARKER"), "{toml}: {text}");
            assert!(text.contains(&format!("at line {line}")), "{toml}: {text}");
        }
        let e = from_parts(
            Some(&format!("slack_bot_token = {SECRET}\n")),
            None,
            &no_env,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("(`slack_bot_token = …`)"),
            "the key is named: {e}"
        );
        // Valid TOML, a key SafeHarbor does not know: named by its place, not its value.
        let toml = format!(
            "slack_signing_secert = \"{SECRET}\"\n[[schools]]\nid = \"a\"\nname = \"A\"\ntime_zone = \"UTC\"\nslack_bot_token = \"{SECRET}\"\n"
        );
        let c = from_parts(Some(&toml), None, &no_env).unwrap();
        assert_eq!(
            c.unknown_keys,
            vec!["slack_signing_secert", "schools #1.slack_bot_token"]
        );
    }

    /// `serve --listen` moves a public URL derived from the listen address, and keeps one
    /// the toml or the environment gave.
    #[test]
    fn listening_elsewhere_keeps_a_given_public_url() {
        let addr: SocketAddr = "127.0.0.1:18099".parse().unwrap();
        let mut derived = from_parts(None, None, &no_env).unwrap();
        derived.listen_on(addr);
        assert_eq!(derived.public_url, "http://127.0.0.1:18099");

        let toml = r#"
[server]
public_url = "https://safeharbor.example/"
[[schools]]
id = "a"
name = "A"
time_zone = "America/Phoenix"
"#;
        let mut given = from_parts(Some(toml), None, &no_env).unwrap();
        given.listen_on(addr);
        assert_eq!(given.listen, addr);
        assert_eq!(given.public_url, "https://safeharbor.example");

        let env = |k: &str| (k == "SAFEHARBOR_PUBLIC_URL").then(|| "https://env.example".into());
        let mut from_env = from_parts(None, None, &env).unwrap();
        from_env.listen_on(addr);
        assert_eq!(from_env.public_url, "https://env.example");
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

    /// A key SafeHarbor does not know is ignored, not refused ("keys may grow"), but named
    /// with its place, so a typo does not silently leave a setting at its default.
    #[test]
    fn unknown_keys_are_named_with_their_place() {
        let t = r#"
reporting = true
[district]
name = "D"
[sever]
listen = "0.0.0.0:80"
[[schools]]
id = "a"
name = "A"
time_zone = "UTC"
[[schools]]
id = "b"
name = "B"
time_zone = "UTC"
escalation_minute = 5
[training]
[[training.courses]]
id = "bus"
title = { en-US = "Bus", es = "Autobús" }
linkk = "https://lms.example/bus"
"#;
        let c = from_parts(Some(t), None, &no_env).unwrap();
        assert_eq!(
            c.unknown_keys,
            vec![
                "reporting",
                "sever",
                "schools #2.escalation_minute",
                "training.courses #1.linkk"
            ]
        );
        // The misspelt setting is left at its default.
        assert_eq!(c.schools[1].escalation_minutes, 15);
        // The README's example and the demo district have none.
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").unwrap() + "```toml\n".len();
        let example = &readme[start..start + readme[start..].find("```").unwrap()];
        let c = from_parts(Some(example), None, &no_env).unwrap();
        assert_eq!(c.unknown_keys, Vec::<String>::new());
        assert!(
            from_parts(None, None, &no_env)
                .unwrap()
                .unknown_keys
                .is_empty()
        );
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
    fn training_defaults_ship_two_courses_and_problems_name_the_field() {
        let c = from_parts(None, None, &no_env).unwrap();
        assert_eq!(c.training.new_staff_due_days, 30);
        let ids: Vec<&str> = c.training.courses.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["awareness", "intensive"]);
        assert!(c.training.courses.iter().all(|c| c.renewal_months == 12));

        let ok = r#"
[[schools]]
id = "a"
name = "A"
time_zone = "UTC"
[training]
new_staff_due_days = 14
[[training.courses]]
id = "bus"
title_en = "Bus safety"
title_es = "Seguridad en el autobús"
audience = ["bus_driver"]
renewal_months = 24
link = "https://lms.example/bus"
[[training.courses]]
id = "all-staff"
title = { en-US = "Everyone", es = "Todos" }
audience = "all"
"#;
        let c = from_parts(Some(ok), None, &no_env).unwrap();
        assert_eq!(c.training.new_staff_due_days, 14);
        assert_eq!(c.training.courses.len(), 2);
        assert_eq!(
            c.training.courses[0].audience,
            CourseAudience::Roles(vec![crate::domain::Role::BusDriver])
        );
        assert_eq!(c.training.courses[0].renewal_months, 24);
        assert_eq!(c.training.courses[1].renewal_months, 12);
        assert_eq!(c.training.courses[1].titles.len(), 2);

        let bad = r#"
[[schools]]
id = "a"
name = "A"
time_zone = "UTC"
[training]
new_staff_due_days = 0
[[training.courses]]
id = "x"
audience = ["janitor"]
renewal_months = 0
link = "ftp://x"
[[training.courses]]
id = "x"
title_en = "Again"
audience = "some"
"#;
        let text = from_parts(Some(bad), None, &no_env)
            .unwrap_err()
            .to_string();
        for word in [
            "new_staff_due_days",
            "title is missing",
            "janitor",
            "renewal_months",
            "ftp://x",
            "ids must be unique",
            "\"some\"",
        ] {
            assert!(text.contains(word), "{word} not named in {text}");
        }
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

    #[test]
    fn the_outbox_lease_is_two_minutes_unless_set_and_a_bad_value_is_named() {
        let lease = |v: Option<&str>| {
            let v = v.map(str::to_string);
            let env = move |k: &str| {
                (k == "SAFEHARBOR_OUTBOX_LEASE_SECS")
                    .then(|| v.clone())
                    .flatten()
            };
            from_parts(None, None, &env).map(|c| c.outbox_lease)
        };
        assert_eq!(lease(None).unwrap().as_secs(), 120);
        assert_eq!(lease(Some("5")).unwrap().as_secs(), 5);
        for bad in ["0", "-3", "2m", "1.5", "86401"] {
            let e = lease(Some(bad)).unwrap_err().to_string();
            assert!(
                e.contains("SAFEHARBOR_OUTBOX_LEASE_SECS") && e.contains(&format!("\"{bad}\"")),
                "{bad}: {e}"
            );
        }
    }
}
