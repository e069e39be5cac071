//! Small value types of the domain: roles, platforms, partner categories, people, partners,
//! case numbers and the concern life cycle.
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Defines a string-backed enum with `as_str`, `ALL`, `FromStr` and `Display`.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
        }
        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($s) { return Ok($name::$variant); })+
                Err(())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

string_enum!(
    /// A person's role. Some are about the protocol (counselor), some are job roles that
    /// decide which training applies.
    Role {
        Teacher => "teacher",
        Counselor => "counselor",
        BackupCounselor => "backup_counselor",
        Coordinator => "coordinator",
        Admin => "admin",
        FrontDesk => "front_desk",
        BusDriver => "bus_driver",
        AssistantPrincipal => "assistant_principal",
        SocialWorker => "social_worker",
        AttendanceOfficer => "attendance_officer",
        DropoutPrevention => "dropout_prevention",
        SpecialEducation => "special_education",
        Nurse => "nurse",
        Other => "other",
    }
);

string_enum!(
    /// Where a request came from, and where a private message goes.
    Platform {
        Console => "console",
        Slack => "slack",
        Discord => "discord",
        Teams => "teams",
    }
);

string_enum!(
    /// Partner directory categories (SPEC §2, partners CSV).
    PartnerCategory {
        Hotline => "hotline",
        TraffickingServices => "trafficking_services",
        ChildWelfare => "child_welfare",
        LawEnforcement => "law_enforcement",
        RunawayHomeless => "runaway_homeless",
        SexualAssaultDv => "sexual_assault_dv",
        ChildAdvocacyCenter => "child_advocacy_center",
        MentalHealth => "mental_health",
        Health => "health",
        HousingShelter => "housing_shelter",
        LegalAdvocacy => "legal_advocacy",
        Labor => "labor",
        Other => "other",
    }
);

string_enum!(
    /// Where a concern is in its life cycle: `submitted → delivered → acknowledged →
    /// referred → closed`. A case may be closed from any earlier state.
    ConcernState {
        Submitted => "submitted",
        Delivered => "delivered",
        Acknowledged => "acknowledged",
        Referred => "referred",
        Closed => "closed",
    }
);

impl ConcernState {
    /// Has someone taken charge of the case (so escalation stops)?
    pub fn is_acknowledged(self) -> bool {
        matches!(
            self,
            ConcernState::Acknowledged | ConcernState::Referred | ConcernState::Closed
        )
    }
}

string_enum!(
    /// What happened to a concern, as the audit log records it. Reads are recorded too.
    AuditAction {
        Filed => "filed",
        Viewed => "viewed",
        Listed => "listed",
        Refused => "refused",
        Acknowledged => "acknowledged",
        Noted => "noted",
        Reassigned => "reassigned",
        Referred => "referred",
        Closed => "closed",
        Escalated => "escalated",
        DeliveryFailed => "delivery_failed",
    }
);

string_enum!(
    /// Where an outbox message is: waiting, delivered, or given up on.
    OutboxState {
        Pending => "pending",
        Sent => "sent",
        Failed => "failed",
    }
);

string_enum!(
    /// Why an outbox message exists; the dispatcher and escalation treat kinds differently.
    OutboxKind {
        Handoff => "handoff",
        Status => "status",
        Escalation => "escalation",
        Alert => "alert",
        Reminder => "reminder",
    }
);

/// Who a referral went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referral {
    ChildProtectiveServices,
    LawEnforcement,
    /// A partner from the directory, by its id.
    Partner(String),
}

impl Referral {
    /// `cps` and `law_enforcement` (a few spellings of each); anything else is a partner id.
    pub fn parse(word: &str) -> Self {
        let w = word.trim().to_ascii_lowercase().replace('-', "_");
        match w.as_str() {
            "cps" | "child_protective_services" | "child_welfare" => {
                Referral::ChildProtectiveServices
            }
            "law_enforcement" | "police" | "le" => Referral::LawEnforcement,
            _ => Referral::Partner(word.trim().to_string()),
        }
    }

    /// The stored form: `cps`, `law_enforcement` or `partner:ID`.
    pub fn stored(&self) -> String {
        match self {
            Referral::ChildProtectiveServices => "cps".into(),
            Referral::LawEnforcement => "law_enforcement".into(),
            Referral::Partner(id) => format!("partner:{id}"),
        }
    }

    pub fn from_stored(s: &str) -> Self {
        match s.strip_prefix("partner:") {
            Some(id) => Referral::Partner(id.to_string()),
            None => Referral::parse(s),
        }
    }
}

/// A case number as people see it: `C-` followed by 1000 plus the concern's id, so the
/// first case is C-1001. Case numbers say nothing about the student.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseRef(pub i64);

impl CaseRef {
    const OFFSET: i64 = 1000;

    pub fn id(self) -> i64 {
        self.0
    }

    /// `C-1042`, `c-1042`, `C1042` or `1042`.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let t = t
            .strip_prefix('C')
            .or_else(|| t.strip_prefix('c'))
            .unwrap_or(t);
        let t = t.strip_prefix('-').unwrap_or(t);
        if t.is_empty() || t.len() > 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i64 = t.parse().ok()?;
        (n > Self::OFFSET).then_some(CaseRef(n - Self::OFFSET))
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C-{}", self.0 + Self::OFFSET)
    }
}

/// Locales with a full set of Fluent messages.
pub const SUPPORTED_LOCALES: &[&str] = &["en-US", "es"];

/// A staff member from the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub school_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub locale: Option<String>,
    pub slack_user_id: Option<String>,
    pub discord_user_id: Option<String>,
    pub teams_user_id: Option<String>,
    /// A secret: the URL is the credential. Never logged, never shown.
    pub teams_webhook_url: Option<String>,
    /// Order in the roster file; the first counselor is the primary.
    pub position: i64,
    /// Unix milliseconds when the person first appeared on the roster.
    pub added_at_ms: i64,
    pub demo: bool,
}

impl Person {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }
    pub fn is_counselor(&self) -> bool {
        self.has_role(Role::Counselor) || self.has_role(Role::BackupCounselor)
    }
    pub fn is_coordinator(&self) -> bool {
        self.has_role(Role::Coordinator)
    }
    /// May handle cases of `school_id` and their check-in plans: an admin, or one of
    /// that school's counselors or coordinators.
    pub fn may_handle_school(&self, school_id: &str) -> bool {
        self.is_admin()
            || (self.school_id == school_id && (self.is_counselor() || self.is_coordinator()))
    }
    /// Taken off the roster (`safeharbor roster remove`): the row stays, so their name
    /// stays in histories, with no roles and no platform.
    pub fn has_left(&self) -> bool {
        self.roles.is_empty()
    }
    /// The first platform (Slack, Discord, Teams) the roster gives this person.
    pub fn private_channel(&self) -> Option<Platform> {
        if self.slack_user_id.is_some() {
            Some(Platform::Slack)
        } else if self.discord_user_id.is_some() {
            Some(Platform::Discord)
        } else if self.teams_webhook_url.is_some() {
            Some(Platform::Teams)
        } else {
            None
        }
    }
    pub fn roles_joined(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// A school's primary counselor, the one new concerns go to first: its first counselor in
/// roster order (`people` as [`crate::store::Store::people`] gives them).
pub fn primary_counselor<'a>(people: &'a [Person], school_id: &str) -> Option<&'a Person> {
    people
        .iter()
        .find(|p| p.school_id == school_id && p.has_role(Role::Counselor))
}

/// A roster row ready to be written (no id yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub school_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub locale: Option<String>,
    pub slack_user_id: Option<String>,
    pub discord_user_id: Option<String>,
    pub teams_user_id: Option<String>,
    pub teams_webhook_url: Option<String>,
    pub position: i64,
    pub demo: bool,
}

/// A partner agency (a subset of Open Referral HSDS 3.0, SPEC §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub category: PartnerCategory,
    pub description: String,
    /// `;`-separated in CSV; each may carry a type, e.g. `602-555-0100 (crisis)`.
    pub phones: Vec<String>,
    pub text: String,
    pub email: String,
    pub url: String,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub service_area: Vec<String>,
    pub hours: String,
    pub open_24_7: bool,
    pub languages: Vec<String>,
    pub mou: bool,
    pub mou_date: Option<NaiveDate>,
    pub confidential: bool,
    pub last_verified_on: Option<NaiveDate>,
    pub last_verified_by: String,
}

impl Partner {
    pub fn is_national(&self) -> bool {
        self.service_area
            .iter()
            .any(|a| a.eq_ignore_ascii_case("national"))
    }
    /// Serves any of the given areas (case-insensitive) or the whole nation.
    pub fn serves(&self, areas: &[String]) -> bool {
        self.is_national()
            || self.service_area.iter().any(|a| {
                areas
                    .iter()
                    .any(|b| a.trim().eq_ignore_ascii_case(b.trim()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_parse_is_case_insensitive_and_rejects_unknown() {
        assert_eq!("Counselor".parse::<Role>(), Ok(Role::Counselor));
        assert_eq!(" bus_driver ".parse::<Role>(), Ok(Role::BusDriver));
        assert!("janitor".parse::<Role>().is_err());
    }

    #[test]
    fn case_numbers_round_trip_and_reject_nonsense() {
        assert_eq!(CaseRef(1).to_string(), "C-1001");
        assert_eq!(CaseRef(42).to_string(), "C-1042");
        for ok in ["C-1042", "c-1042", "C1042", "1042", " C-1042 "] {
            assert_eq!(CaseRef::parse(ok), Some(CaseRef(42)), "{ok}");
        }
        for bad in [
            "",
            "C-",
            "C-1000",
            "C-999",
            "C-10x",
            "D-1042",
            "C--1042",
            "C-99999999999999999999",
        ] {
            assert_eq!(CaseRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn referrals_parse_and_store() {
        assert_eq!(Referral::parse("CPS"), Referral::ChildProtectiveServices);
        assert_eq!(Referral::parse("law-enforcement"), Referral::LawEnforcement);
        let p = Referral::parse("desert-safe-house");
        assert_eq!(p, Referral::Partner("desert-safe-house".into()));
        for r in [
            Referral::ChildProtectiveServices,
            Referral::LawEnforcement,
            p,
        ] {
            assert_eq!(Referral::from_stored(&r.stored()), r);
        }
    }

    #[test]
    fn every_category_round_trips() {
        for c in PartnerCategory::ALL {
            assert_eq!(c.as_str().parse::<PartnerCategory>(), Ok(*c));
        }
    }
}
