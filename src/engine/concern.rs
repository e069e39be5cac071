//! `/concern`: a staff member hands a concern about a student privately to the school's
//! designated counselor; counselors, coordinators and admins list, read and act on cases.
//!
//! Privacy rules kept here: the student reference, details and notes are sealed before
//! they reach the store; the reporter's receipt and status notices carry only the case
//! number; log lines carry case ids and counts, never content; a reader who may not see a
//! case gets the same answer whether or not it exists; every read and change is audited.
use chrono::{TimeZone, Utc};
use fluent::FluentValue;
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::notify::{Draft, notifications};
use super::{
    Button, ButtonStyle, Ctx, Engine, Form, FormField, FormFieldKind, Invocation, Notification,
    Outcome, Reply,
};
use crate::config::School;
use crate::domain::{AuditAction, CaseRef, ConcernState, OutboxKind, Person, Referral, Role};
use crate::engine::indicators::CATEGORIES;
use crate::i18n::I18n;
use crate::store::{
    AuditRecord, ConcernChange, ConcernRecord, NewAudit, NewConcern, OutboxFor, StoreError,
};
use std::sync::{Arc, Mutex};

/// The form's id, for adapters that open it as a modal.
pub const FORM_ID: &str = "concern";

/// Form field ids; adapters use them to map a submission back and to place errors.
pub mod field {
    pub const STUDENT_REF: &str = "student_ref";
    pub const INDICATORS: &str = "indicators";
    pub const DETAILS: &str = "details";
    pub const IMMEDIATE_DANGER: &str = "immediate_danger";
}

/// Button action ids; the value of each button is the case number.
pub mod action {
    pub const ACK: &str = "concern.ack";
    pub const NOTE: &str = "concern.note";
    pub const REASSIGN: &str = "concern.reassign";
    pub const REFER: &str = "concern.refer";
    pub const CLOSE: &str = "concern.close";
}

/// Longest student reference: an id or initials, not a biography.
pub const STUDENT_REF_MAX_CHARS: usize = 64;
/// Longest details text (Slack's modal text input allows 3,000).
pub const DETAILS_MAX_CHARS: usize = 3000;
/// Longest note or outcome.
pub const NOTE_MAX_CHARS: usize = 2000;

/// Words that, right after the student reference in the one-line form, mark immediate danger.
const DANGER_WORDS: &[&str] = &["danger", "peligro"];

/// What the reporter said: sealed as one JSON value in `concerns.sealed`.
#[derive(Serialize, Deserialize)]
pub(super) struct Content {
    student_ref: String,
    details: String,
    indicators: Vec<String>,
}

/// Why a case's content will not open, for the log line (never the content itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unreadable {
    /// It does not open with this data key: sealed under another key, or altered.
    Key,
    /// It opens, but is not content SafeHarbor sealed: a damaged record.
    Content,
}

impl Unreadable {
    fn as_str(self) -> &'static str {
        match self {
            Unreadable::Key => "does not open with the data key",
            Unreadable::Content => "not valid content",
        }
    }
}

/// A concern as submitted: from a modal (Slack, Discord), the console or the one-line form.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConcernForm {
    pub student_ref: String,
    /// Catalog ids (see `data/indicators.toml`).
    pub indicators: Vec<String>,
    pub details: String,
    pub immediate_danger: bool,
}

impl std::fmt::Debug for ConcernForm {
    // Content must never reach a log line, even through `?form`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConcernForm")
            .field("indicators", &self.indicators.len())
            .field("immediate_danger", &self.immediate_danger)
            .finish_non_exhaustive()
    }
}

/// A problem with one field of the form, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Something a counselor does to a case.
enum Act {
    Ack,
    Note(String),
    Reassign(String),
    Refer(Referral, String),
    Close(String),
}

impl Act {
    fn subcommand(&self) -> &'static str {
        match self {
            Act::Ack => "ack",
            Act::Note(_) => "note",
            Act::Reassign(_) => "reassign",
            Act::Refer(..) => "refer",
            Act::Close(_) => "close",
        }
    }
}

fn first_word(text: &str) -> (&str, &str) {
    let t = text.trim();
    match t.split_once(char::is_whitespace) {
        Some((w, rest)) => (w, rest.trim()),
        None => (t, ""),
    }
}

/// The most cases `/concern list` shows (the newest); older ones are reached by number.
pub const CONCERN_LIST_MAX: usize = 50;

fn n(v: usize) -> FluentValue<'static> {
    (v as i64).into()
}

/// May this person read and act on this case? Its school's counselors (primary and
/// backups) and coordinators, and the district's admins ([`Person::may_handle_school`],
/// the same rule for anything tied to a case of the school, such as check-in plans).
fn may_handle(person: &Person, concern: &ConcernRecord) -> bool {
    person.may_handle_school(&concern.school_id)
}

/// Why this person may not be assigned to a check-in plan of a case at `school_id`, as a
/// message id; None when they may. Check-ins are recorded by those who may handle the
/// case's school (its counselors and coordinators, or an admin): anyone else would get
/// the reminders and could do nothing with them.
pub(super) fn assignee_problem(person: &Person, school_id: &str) -> Option<&'static str> {
    if person.may_handle_school(school_id) {
        None
    } else if person.school_id != school_id {
        Some("checkin-other-school")
    } else {
        Some("checkin-not-a-handler")
    }
}

/// May this person see the case list at all?
fn may_list(person: &Person) -> bool {
    person.is_admin() || person.is_counselor() || person.is_coordinator()
}

/// Who gets a new concern, in order, and who it is assigned to.
struct Routing {
    recipients: Vec<Person>,
    assigned: Option<i64>,
}

fn route(people: &[Person], school_id: &str, immediate_danger: bool) -> Routing {
    let at_school = |role: Role| -> Vec<&Person> {
        people
            .iter()
            .filter(|p| p.school_id == school_id && p.has_role(role))
            .collect()
    };
    let primary = crate::domain::primary_counselor(people, school_id);
    let backups = at_school(Role::BackupCounselor);
    let coordinators = at_school(Role::Coordinator);
    let admins: Vec<&Person> = people.iter().filter(|p| p.is_admin()).collect();
    let mut chosen: Vec<&Person> = Vec::new();
    if immediate_danger {
        chosen.extend(primary);
        chosen.extend(&backups);
        chosen.extend(&admins);
    } else if let Some(p) = primary {
        chosen.push(p);
    } else {
        // Nobody designated: hand it to whoever comes next, never to nobody.
        chosen.extend(&backups);
    }
    if chosen.is_empty() {
        chosen.extend(&coordinators);
    }
    if chosen.is_empty() {
        chosen.extend(&admins);
    }
    let mut recipients: Vec<Person> = Vec::new();
    for p in chosen {
        if !recipients.iter().any(|r| r.id == p.id) {
            recipients.push(p.clone());
        }
    }
    let assigned = primary
        .map(|p| p.id)
        .or_else(|| recipients.first().map(|p| p.id));
    Routing {
        recipients,
        assigned,
    }
}

/// `/concern C-1042` (a case number and nothing else) asks to see the case, as `/concern
/// show C-1042` does, rather than filing a concern with no details about a student
/// called "C-1042". Only the written form with its C counts: a bare number may well be a
/// student's, so `/concern 1042` stays a filing (and asks for details). Adapters that
/// answer filings in a channel (Teams) use this to answer privately instead.
pub fn is_case_lookup(text: &str) -> bool {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(word), None) => word.starts_with(['C', 'c']) && CaseRef::parse(word).is_some(),
        _ => false,
    }
}

/// `/concern`'s subcommands by their English names and aliases.
const SUBCOMMANDS: &[(&str, &str)] = &[
    ("list", "list"),
    ("show", "show"),
    ("audit", "audit"),
    ("ack", "ack"),
    ("acknowledge", "ack"),
    ("note", "note"),
    ("reassign", "reassign"),
    ("refer", "refer"),
    ("referral", "refer"),
    ("close", "close"),
];

/// `/concern`'s subcommands by their Spanish names (matched without accents).
const SPANISH_SUBCOMMANDS: &[(&str, &str)] = &[
    ("lista", "list"),
    ("ver", "show"),
    ("mostrar", "show"),
    ("auditoria", "audit"),
    ("confirmar", "ack"),
    ("nota", "note"),
    ("reasignar", "reassign"),
    ("derivar", "refer"),
    ("cerrar", "close"),
];

/// The subcommand `/concern TEXT` asks for, by its English name, or `None` for a filing
/// (or a case lookup, [`is_case_lookup`]). Any word that is not a subcommand is a
/// student's reference, so a Spanish name counts only where it cannot be one: before a
/// case number (`/concern ver C-1001`, `/concern nota C-1001 …`), alone (`/concern ver`
/// answers with its usage, as `/concern show` does), and `lista` before `todos`.
/// `/concern nota llegó tarde` still files a concern about "nota".
/// Adapters that answer filings in a channel (Teams) use this to answer the rest
/// privately.
pub fn concern_subcommand(text: &str) -> Option<&'static str> {
    let (word, rest) = first_word(text);
    let folded = super::text::fold(word);
    if let Some((_, en)) = SUBCOMMANDS.iter().find(|(name, _)| *name == folded) {
        return Some(en);
    }
    let (_, en) = SPANISH_SUBCOMMANDS.iter().find(|(es, _)| *es == folded)?;
    let (next, _) = first_word(rest);
    let fits = if *en == "list" {
        rest.is_empty()
            || ["todos", "todas", "all"]
                .iter()
                .any(|w| rest.eq_ignore_ascii_case(w))
    } else {
        // Alone, the word asks how the subcommand is used: a filing would need details.
        rest.is_empty() || (next.starts_with(['C', 'c']) && CaseRef::parse(next).is_some())
    };
    fits.then_some(en)
}

/// `#word-word` (lowercase letters, digits and dashes, starting with a letter): the shape
/// of a catalog id, so `#hotel-stays` is a sign the reporter meant, and `#3` is not.
fn looks_like_indicator_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.contains('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `/concern`, `/concern help …` or `/concern ayuda`: the form and how to use it.
pub fn is_concern_help(text: &str) -> bool {
    let (word, rest) = first_word(text);
    word.is_empty()
        || word.eq_ignore_ascii_case("help")
        || (word.eq_ignore_ascii_case("ayuda") && rest.is_empty())
}

impl Engine {
    /// `/concern …`: dispatch on the first word; anything that is not a subcommand is the
    /// one-line form `STUDENT-REF [danger] details…`.
    pub(super) async fn concern(&self, ctx: &Ctx, inv: &Invocation) -> Result<Outcome, StoreError> {
        if is_concern_help(&inv.text) {
            return Ok(self.concern_form_reply(ctx).into());
        }
        let (_, rest) = first_word(&inv.text);
        match concern_subcommand(&inv.text).unwrap_or_default() {
            "list" => self.concern_list(ctx, rest).await,
            "show" => self.concern_show(ctx, rest, false).await,
            "audit" => self.concern_show(ctx, rest, true).await,
            "ack" => {
                let (case, _) = first_word(rest);
                self.concern_act(ctx, case, Act::Ack).await
            }
            "note" => {
                let (case, text) = first_word(rest);
                self.concern_act(ctx, case, Act::Note(text.to_string()))
                    .await
            }
            "reassign" => {
                let (case, email) = first_word(rest);
                self.concern_act(ctx, case, Act::Reassign(email.to_string()))
                    .await
            }
            "refer" => {
                let (case, rest) = first_word(rest);
                let (to, note) = first_word(rest);
                let act = Act::Refer(Referral::parse(to), note.to_string());
                if to.is_empty() {
                    return Ok(self.concern_usage(ctx, "refer").into());
                }
                self.concern_act(ctx, case, act).await
            }
            "close" => {
                let (case, outcome) = first_word(rest);
                self.concern_act(ctx, case, Act::Close(outcome.to_string()))
                    .await
            }
            _ if is_case_lookup(&inv.text) => self.concern_show(ctx, &inv.text, false).await,
            _ => {
                let form = self.parse_one_line(&inv.text);
                self.file_concern(ctx, inv, form).await
            }
        }
    }

    /// The one-line form: `STUDENT-REF [danger] details…`, where `#ID` words naming
    /// catalog entries are taken as the indicators observed.
    pub(crate) fn parse_one_line(&self, text: &str) -> ConcernForm {
        let is_danger = |word: &str| {
            let bare = word.trim_end_matches([':', '!', ',', '.']);
            DANGER_WORDS.iter().any(|w| bare.eq_ignore_ascii_case(w))
        };
        let (first, rest) = first_word(text);
        // `danger` first is the reporter's alarm, not a student called "danger": the
        // filing is refused for its missing reference, with the call to 911 first.
        let (student_ref, rest) = if is_danger(first) {
            ("", text)
        } else {
            (first, rest)
        };
        let (maybe_danger, after) = first_word(rest);
        let immediate_danger = is_danger(maybe_danger);
        let body = if immediate_danger { after } else { rest };
        let mut indicators = Vec::new();
        let mut words = Vec::new();
        for w in body.split_whitespace() {
            let id = w.strip_prefix('#').map(|id| {
                id.trim_end_matches([',', '.', ';', ':'])
                    .to_ascii_lowercase()
            });
            match id {
                // An unknown id-like tag is kept so that validation names it, rather than
                // the sign being dropped silently into the details.
                Some(id) if self.catalog.get(&id).is_some() || looks_like_indicator_id(&id) => {
                    if !indicators.contains(&id) {
                        indicators.push(id);
                    }
                }
                _ => words.push(w),
            }
        }
        // A tag taken out of a list leaves no dangling separator behind:
        // "new phone, tired, #sex-hotel-motel" reads "new phone, tired".
        let details = words.join(" ");
        let details = if indicators.is_empty() {
            details
        } else {
            details.trim_end_matches([',', ';', ':', ' ']).to_string()
        };
        ConcernForm {
            student_ref: student_ref.to_string(),
            indicators,
            details,
            immediate_danger,
        }
    }

    /// The form (a modal on Slack and Discord) plus the one-line usage for everywhere else.
    pub fn concern_form(&self, locale: &str) -> Form {
        let groups = CATEGORIES
            .iter()
            .map(|cat| {
                let options = self
                    .catalog
                    .in_category(cat)
                    .map(|e| (e.id.clone(), self.t(locale, &format!("ind-{}", e.id))))
                    .collect();
                (self.t(locale, &format!("indcat-{cat}")), options)
            })
            .collect();
        Form {
            id: FORM_ID.into(),
            title: self.t(locale, "concern-form-title"),
            submit: self.t(locale, "concern-form-submit"),
            fields: vec![
                FormField {
                    id: field::STUDENT_REF.into(),
                    label: self.t(locale, "concern-field-student"),
                    kind: FormFieldKind::ShortText {
                        max_len: STUDENT_REF_MAX_CHARS,
                    },
                    required: true,
                    hint: Some(self.t(locale, "concern-hint-student")),
                    shown_when: None,
                },
                FormField {
                    id: field::INDICATORS.into(),
                    label: self.t(locale, "concern-field-observed"),
                    kind: FormFieldKind::MultiSelect { groups },
                    required: false,
                    hint: Some(self.t(locale, "concern-hint-observed")),
                    shown_when: None,
                },
                FormField {
                    id: field::DETAILS.into(),
                    label: self.t(locale, "concern-field-details"),
                    kind: FormFieldKind::LongText {
                        max_len: DETAILS_MAX_CHARS,
                    },
                    required: true,
                    hint: Some(self.t(locale, "concern-hint-details")),
                    shown_when: None,
                },
                FormField {
                    id: field::IMMEDIATE_DANGER.into(),
                    label: self.t(locale, "concern-field-danger"),
                    kind: FormFieldKind::YesNo {
                        yes: self.t(locale, "concern-danger-yes"),
                        no: self.t(locale, "concern-danger-no"),
                    },
                    required: true,
                    hint: None,
                    shown_when: None,
                },
            ],
        }
    }

    fn concern_form_reply(&self, ctx: &Ctx) -> Reply {
        let loc = ctx.locale;
        let mut r = Reply::new()
            .heading(self.t(loc, "concern-form-title"))
            .text(self.t(loc, "concern-form-intro"))
            .text(self.ta(
                loc,
                "concern-usage-file",
                &[("command", self.slash("concern").into())],
            ))
            .footer(self.t(loc, "concern-reminder-not-replacement"));
        r.form = Some(self.concern_form(loc));
        r
    }

    /// Check a submission; every problem names its field. Nothing is saved when any is found.
    pub fn validate_concern(&self, locale: &str, form: &ConcernForm) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let student = form.student_ref.trim();
        let student_chars = student.chars().count();
        if student.is_empty() {
            errors.push(FieldError {
                field: field::STUDENT_REF,
                message: self.t(locale, "concern-error-student-missing"),
            });
        } else if student_chars > STUDENT_REF_MAX_CHARS {
            errors.push(FieldError {
                field: field::STUDENT_REF,
                message: self.ta(
                    locale,
                    "concern-error-student-too-long",
                    &[("max", n(STUDENT_REF_MAX_CHARS))],
                ),
            });
        }
        for id in &form.indicators {
            if self.catalog.get(id).is_none() {
                let shown: String = id.chars().take(40).collect();
                errors.push(FieldError {
                    field: field::INDICATORS,
                    message: self.ta(
                        locale,
                        "concern-error-indicator-unknown",
                        &[
                            ("id", shown.into()),
                            ("command", self.slash("indicators").into()),
                        ],
                    ),
                });
            }
        }
        let details = form.details.trim();
        let details_chars = details.chars().count();
        if details.is_empty() {
            errors.push(FieldError {
                field: field::DETAILS,
                message: self.t(locale, "concern-error-details-missing"),
            });
        } else if details_chars > DETAILS_MAX_CHARS {
            errors.push(FieldError {
                field: field::DETAILS,
                message: self.ta(
                    locale,
                    "concern-error-details-too-long",
                    &[("max", n(DETAILS_MAX_CHARS)), ("count", n(details_chars))],
                ),
            });
        }
        errors
    }

    /// File a submitted form (the entry point Slack and Discord modals call). Never fails:
    /// problems become a polite reply.
    pub async fn submit_concern(&self, inv: &Invocation, form: ConcernForm) -> Outcome {
        let ctx = match self.context(inv).await {
            Ok(c) => c,
            Err(e) => return self.unavailable(inv, &e),
        };
        match self.file_concern(&ctx, inv, form).await {
            Ok(o) => o,
            Err(e) => self.unavailable(inv, &e),
        }
    }

    async fn file_concern(
        &self,
        ctx: &Ctx,
        inv: &Invocation,
        form: ConcernForm,
    ) -> Result<Outcome, StoreError> {
        let loc = ctx.locale;
        if let Err(limited) = self.limits.check(
            super::limits::Kind::Concern,
            inv.platform,
            &inv.user_id,
            inv.team_id.as_deref(),
        ) {
            return Ok(self.rate_limited(ctx, super::limits::Kind::Concern, limited));
        }
        let errors = self.validate_concern(loc, &form);
        if !errors.is_empty() {
            let mut r = Reply::new();
            if form.immediate_danger {
                // Nothing went to the counselor: the reporter must act now themselves.
                r = r.warning(self.t(loc, "concern-call-911-now"));
            }
            for e in errors {
                r = r.warning(e.message);
            }
            return Ok(r
                .text(self.t(loc, "concern-error-nothing-saved"))
                .text(self.ta(
                    loc,
                    "concern-usage-file",
                    &[("command", self.slash("concern").into())],
                ))
                .into());
        }
        let content = Content {
            student_ref: form.student_ref.trim().to_string(),
            details: form.details.trim().to_string(),
            indicators: form.indicators.clone(),
        };
        let roster = self.store.roster().await?;
        let people = &roster.people;
        let school = &ctx.school;
        let routing = route(people, &school.id, form.immediate_danger);
        let now_ms = ctx.now.timestamp_millis();
        let request_key = inv
            .request_key()
            .unwrap_or_else(|| format!("{}:{}", inv.platform, uuid::Uuid::new_v4()));
        let json = serde_json::to_vec(&content).expect("concern content serializes");
        let new = NewConcern {
            request_key,
            school_id: school.id.clone(),
            reporter_id: ctx.person.as_ref().map(|p| p.id),
            reporter_platform: inv.platform,
            reporter_user_id: ctx.person.is_none().then(|| inv.user_id.clone()),
            immediate_danger: form.immediate_danger,
            assigned_to: routing.assigned,
            sealed: self.key.seal(&json),
            created_ms: now_ms,
        };
        let recipients = routing.recipients.len();
        // The drafts are built inside the filing transaction, once the case number is
        // known, and kept here for the caller to show (the stored rows are sealed).
        let drafted: Arc<Mutex<Vec<Draft>>> = Default::default();
        let rows_for: OutboxFor = {
            let (engine, roster, drafted) = (self.clone(), roster.clone(), drafted.clone());
            Arc::new(move |c: &ConcernRecord| {
                let drafts: Vec<Draft> = routing
                    .recipients
                    .iter()
                    .map(|to| {
                        let reply = engine.handoff_reply(
                            person_locale(to),
                            c,
                            &content,
                            &roster.people,
                            false,
                        );
                        engine.draft(
                            to,
                            OutboxKind::Handoff,
                            Some(c.id),
                            format!("concern:{}:handoff:{}", c.id, to.id),
                            reply,
                            now_ms,
                        )
                    })
                    .collect();
                let rows = drafts.iter().map(|d| d.row.clone()).collect();
                *drafted.lock().unwrap_or_else(|e| e.into_inner()) = drafts;
                rows
            })
        };
        let filed = self.store.file_concern(new, rows_for).await?;
        let case = CaseRef(filed.concern.id);
        let mut outcome = Outcome::from(self.receipt(ctx, &filed.concern));
        if recipients == 0 {
            // On a repeat of the request too: its receipt is the same, warning included.
            outcome.reply.blocks.insert(
                0,
                super::Block::Warning {
                    text: self.ta(
                        loc,
                        "concern-no-counselor",
                        &[("case", case.to_string().into())],
                    ),
                },
            );
        }
        if !filed.created {
            info!(
                case_id = filed.concern.id,
                "repeated concern request: nothing new filed"
            );
            return Ok(outcome);
        }
        let drafts = std::mem::take(&mut *drafted.lock().unwrap_or_else(|e| e.into_inner()));
        outcome.notifications = notifications(drafts, &filed.outbox_ids);
        info!(
            case_id = filed.concern.id,
            school = %school.id,
            recipients,
            immediate_danger = form.immediate_danger,
            "concern filed"
        );
        if recipients == 0 {
            warn!(case_id = filed.concern.id, school = %school.id, "concern filed but nobody on the roster can receive it");
        }
        Ok(outcome)
    }

    /// The reporter's receipt: the case number and the protocol reminder, never content.
    fn receipt(&self, ctx: &Ctx, c: &ConcernRecord) -> Reply {
        let loc = ctx.locale;
        let case = CaseRef(c.id).to_string();
        let mut r = Reply::new();
        if c.immediate_danger {
            r = r.warning(self.t(loc, "concern-call-911-now"));
        }
        r.heading(self.ta(
            loc,
            "concern-receipt-title",
            &[("case", case.clone().into())],
        ))
        .text(self.t(
            loc,
            if c.immediate_danger {
                "concern-receipt-routed-danger"
            } else {
                "concern-receipt-routed"
            },
        ))
        .bullets(vec![
            self.t(loc, "concern-reminder-no-questioning"),
            self.ta(loc, "concern-reminder-follow-up", &[("case", case.into())]),
            self.t(loc, "concern-reminder-not-replacement"),
        ])
    }

    /// Who filed a case: their roster name, or their platform id if they are not on it.
    fn reporter_label(&self, loc: &str, c: &ConcernRecord, people: &[Person]) -> String {
        match c.reporter_id {
            Some(id) => self.name_of(loc, people, Some(id)),
            None => {
                let user = c.reporter_user_id.as_deref().unwrap_or_default();
                let shown: String = user.chars().take(40).collect();
                self.ta(
                    loc,
                    "concern-reporter-not-on-roster",
                    &[
                        ("platform", c.reporter_platform.as_str().into()),
                        ("user", shown.into()),
                    ],
                )
            }
        }
    }

    /// The school a case belongs to (the default school if the config dropped it).
    pub(super) fn school_of(&self, c: &ConcernRecord) -> &School {
        self.config
            .school(&c.school_id)
            .unwrap_or_else(|| self.config.default_school())
    }

    /// A moment shown in the case's school's time zone, with the date in the reader's locale.
    pub(super) fn when(&self, locale: &str, school: &School, ms: i64) -> String {
        let Some(t) = Utc.timestamp_millis_opt(ms).single() else {
            return ms.to_string();
        };
        let local = t.with_timezone(&school.time_zone);
        self.ta(
            locale,
            "concern-time",
            &[
                ("date", self.i18n.date(locale, local.date_naive()).into()),
                ("time", local.format("%H:%M").to_string().into()),
                ("zone", local.format("%Z").to_string().into()),
            ],
        )
    }

    fn name_of(&self, locale: &str, people: &[Person], id: Option<i64>) -> String {
        match id {
            None => self.t(locale, "concern-nobody"),
            Some(id) => people
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| self.ta(locale, "concern-person-gone", &[("id", id.into())])),
        }
    }

    /// A case's content, or why it will not open. Quiet: the caller shows what it can
    /// and reports the case once ([`Engine::unreadable_found`]).
    pub(super) fn try_open(&self, c: &ConcernRecord) -> Result<Content, Unreadable> {
        let plain = self.key.open(&c.sealed).map_err(|_| Unreadable::Key)?;
        serde_json::from_slice(&plain).map_err(|_| Unreadable::Content)
    }

    /// Cases whose content would not open for a reader or an escalation (which showed
    /// each by its number, school, status and dates): each is logged once, by id and why,
    /// and, unless this process's key is the stale one (the database was re-keyed under
    /// it), every admin is sent one alert per case, ever (the outbox key makes a repeat
    /// nothing, so every list that shows the case does not alert again). The alerts queued
    /// now are returned (a background pass leaves them to the dispatcher). Failing to queue
    /// them fails nothing else: the reader has their answer, and the next look at the case
    /// tries again.
    pub(super) async fn unreadable_found(
        &self,
        cases: &[(&ConcernRecord, Unreadable)],
        now_ms: i64,
    ) -> Vec<Notification> {
        if cases.is_empty() {
            return vec![];
        }
        let drafts = match self.unreadable_alerts(cases, now_ms).await {
            Ok(drafts) => drafts,
            Err(e) => {
                warn!(error = %e, "could not decide whom to alert about concern content that cannot be opened");
                None
            }
        };
        let (sent, queued) = match drafts {
            None => (vec![], None),
            Some(drafts) => {
                let rows: Vec<_> = drafts.iter().map(|d| d.row.clone()).collect();
                match self.store.queue_outbox(&rows).await {
                    Ok(ids) => {
                        let queued: Vec<(Option<i64>, bool)> = drafts
                            .iter()
                            .zip(&ids)
                            .map(|(d, id)| (d.row.concern_id, id.is_some()))
                            .collect();
                        (notifications(drafts, &ids), Some(queued))
                    }
                    Err(e) => {
                        warn!(error = %e, "could not queue the alerts about concern content that cannot be opened");
                        (vec![], None)
                    }
                }
            }
        };
        for (c, why) in cases {
            let alerted = queued.as_ref().map(|q| {
                q.iter()
                    .filter(|(id, new)| *new && *id == Some(c.id))
                    .count()
            });
            match alerted {
                Some(admins_alerted) => warn!(
                    case_id = c.id,
                    kind = why.as_str(),
                    admins_alerted,
                    "concern content cannot be opened"
                ),
                None => warn!(
                    case_id = c.id,
                    kind = why.as_str(),
                    "concern content cannot be opened; admins not alerted"
                ),
            }
        }
        sent
    }

    /// One alert per admin per case (None: this process's key is no longer the
    /// database's, so the cases are not at fault and nobody is alerted).
    async fn unreadable_alerts(
        &self,
        cases: &[(&ConcernRecord, Unreadable)],
        now_ms: i64,
    ) -> Result<Option<Vec<Draft>>, StoreError> {
        if !crate::presence::key_is_current(self.store.as_ref(), &self.key).await? {
            return Ok(None);
        }
        let people = self.store.people().await?;
        let mut drafts = Vec::new();
        for admin in people.iter().filter(|p| p.is_admin() && !p.has_left()) {
            let loc = person_locale(admin);
            for (c, _) in cases {
                let reply = Reply::new().warning(self.ta(
                    loc,
                    "concern-unreadable-alert",
                    &[
                        ("case", CaseRef(c.id).to_string().into()),
                        ("school", self.school_of(c).name.clone().into()),
                        ("assigned", self.name_of(loc, &people, c.assigned_to).into()),
                    ],
                ));
                drafts.push(self.draft(
                    admin,
                    OutboxKind::Alert,
                    Some(c.id),
                    format!("alert:unreadable:{}:{}", c.id, admin.id),
                    reply,
                    now_ms,
                ));
            }
        }
        Ok(Some(drafts))
    }

    fn open_note(&self, sealed: &[u8]) -> Option<String> {
        self.key
            .open(sealed)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
    }

    /// Everything a counselor needs: the case, the content, the protocol and the actions.
    /// `looked_at_later`: for `/concern show`, where the case is not "new", and a closed
    /// one asks nobody to act now. Without content (it will not open, see
    /// [`Engine::try_open`]) the case is shown by what is stored in the clear, and says so.
    pub(super) fn handoff_reply<'a>(
        &self,
        loc: &str,
        c: &ConcernRecord,
        content: impl Into<Option<&'a Content>>,
        people: &[Person],
        looked_at_later: bool,
    ) -> Reply {
        let content = content.into();
        let case = CaseRef(c.id).to_string();
        let school = self.school_of(c);
        let title = match (looked_at_later, c.immediate_danger) {
            (false, true) => "concern-handoff-title-danger",
            (false, false) => "concern-handoff-title",
            (true, true) => "concern-show-title-danger",
            (true, false) => "concern-show-title",
        };
        let mut r = Reply::new().heading(self.ta(loc, title, &[("case", case.clone().into())]));
        if c.immediate_danger && !(looked_at_later && c.closed_ms.is_some()) {
            r = r.warning(self.t(loc, "concern-handoff-danger"));
        }
        let mut fields = vec![(self.t(loc, "concern-field-case"), case.clone())];
        if let Some(content) = content {
            fields.push((
                self.t(loc, "concern-field-student"),
                content.student_ref.clone(),
            ));
        }
        fields.extend([
            (
                self.t(loc, "concern-field-reporter"),
                self.reporter_label(loc, c, people),
            ),
            (self.t(loc, "concern-field-school"), school.name.clone()),
            (
                self.t(loc, "concern-field-filed"),
                self.when(loc, school, c.created_ms),
            ),
            (
                self.t(loc, "concern-field-state"),
                self.t(loc, &format!("concern-state-{}", c.state)),
            ),
            (
                self.t(loc, "concern-field-assigned"),
                self.name_of(loc, people, c.assigned_to),
            ),
        ]);
        r = r.fields(fields);
        let Some(content) = content else {
            r = r.warning(self.t(loc, "concern-unreadable"));
            return self.handoff_end(r, loc, c, case);
        };
        r = r.text(format!("{}:", self.t(loc, "concern-field-observed")));
        if content.indicators.is_empty() {
            r = r.text(self.t(loc, "concern-no-indicators"));
        } else {
            r = r.bullets(
                content
                    .indicators
                    .iter()
                    .map(|id| match self.catalog.get(id) {
                        Some(e) => format!(
                            "{} ({})",
                            self.t(loc, &format!("ind-{id}")),
                            self.t(loc, &format!("indcat-{}", e.category))
                        ),
                        None => id.clone(),
                    })
                    .collect(),
            );
        }
        r = r.text(format!(
            "{}: {}",
            self.t(loc, "concern-field-details"),
            content.details
        ));
        self.handoff_end(r, loc, c, case)
    }

    /// The protocol, the actions that still apply and the footer, after a case.
    fn handoff_end(&self, r: Reply, loc: &str, c: &ConcernRecord, case: String) -> Reply {
        let mut r = r.heading(self.t(loc, "protocol-title")).bullets(
            (1..=6)
                .map(|i| self.t(loc, &format!("protocol-step-{i}")))
                .collect(),
        );
        if c.state != ConcernState::Closed {
            r = r.actions(self.case_buttons(loc, &case, c.state));
        }
        r.footer(self.ta(
            loc,
            "concern-handoff-footer",
            &[
                ("command", self.slash("concern").into()),
                ("case", case.into()),
            ],
        ))
    }

    fn case_buttons(&self, loc: &str, case: &str, state: ConcernState) -> Vec<Button> {
        let button = |action: &str, label: &str, style| Button {
            action: action.into(),
            value: case.to_string(),
            label: self.t(loc, label),
            style,
        };
        let mut buttons = Vec::new();
        if !state.is_acknowledged() {
            buttons.push(button(
                action::ACK,
                "concern-button-ack",
                ButtonStyle::Primary,
            ));
        }
        buttons.extend([
            button(action::NOTE, "concern-button-note", ButtonStyle::Default),
            button(
                action::REASSIGN,
                "concern-button-reassign",
                ButtonStyle::Default,
            ),
            button(action::REFER, "concern-button-refer", ButtonStyle::Default),
            button(action::CLOSE, "concern-button-close", ButtonStyle::Danger),
        ]);
        buttons
    }

    fn concern_usage(&self, ctx: &Ctx, sub: &str) -> Reply {
        let usage = self
            .commands
            .by_id("concern")
            .and_then(|c| {
                let s = c.subcommands.iter().find(|s| s.name == sub)?;
                Some(format!(
                    "/{}",
                    c.usage_line(s, &self.i18n, ctx.locale, |_| false)
                ))
            })
            .unwrap_or_default();
        Reply::new().warning(self.ta(ctx.locale, "concern-usage", &[("usage", usage.into())]))
    }

    /// The answer for a case the reader may not see or that does not exist: the same
    /// words either way, so it reveals nothing.
    fn not_visible(&self, ctx: &Ctx) -> Reply {
        Reply::new().warning(self.t(ctx.locale, "concern-not-visible"))
    }

    /// Find a case the reader may handle; otherwise the reply to give. A refusal of an
    /// existing case is audited.
    async fn visible_case(
        &self,
        ctx: &Ctx,
        case_word: &str,
        sub: &str,
    ) -> Result<Result<(Person, ConcernRecord), Reply>, StoreError> {
        if case_word.is_empty() {
            return Ok(Err(self.concern_usage(ctx, sub)));
        }
        let Some(case) = CaseRef::parse(case_word) else {
            let shown: String = case_word.chars().take(20).collect();
            return Ok(Err(Reply::new().warning(self.ta(
                ctx.locale,
                "concern-bad-case",
                &[("word", shown.into())],
            ))));
        };
        let concern = self.store.concern(case.id()).await?;
        match (&ctx.person, concern) {
            (Some(p), Some(c)) if may_handle(p, &c) => Ok(Ok((p.clone(), c))),
            (person, concern) => {
                if let (Some(p), Some(c)) = (person, concern) {
                    info!(case_id = c.id, person_id = p.id, "concern access refused");
                    self.store
                        .add_audit(&[NewAudit {
                            concern_id: c.id,
                            actor_id: Some(p.id),
                            action: AuditAction::Refused,
                            detail: None,
                            note_sealed: None,
                            at_ms: ctx.now.timestamp_millis(),
                        }])
                        .await?;
                }
                Ok(Err(self.not_visible(ctx)))
            }
        }
    }

    /// `/concern list [all]`: the cases the reader may handle, newest first.
    /// A case whose content will not open is listed all the same, by what is stored in
    /// the clear, and says so; it never fails the list (see [`Engine::unreadable_found`]).
    async fn concern_list(&self, ctx: &Ctx, rest: &str) -> Result<Outcome, StoreError> {
        let loc = ctx.locale;
        let Some(person) = ctx.person.as_ref().filter(|p| may_list(p)) else {
            return Ok(self.refused(ctx).into());
        };
        let include_closed = ["all", "todos", "todas"]
            .iter()
            .any(|w| rest.trim().eq_ignore_ascii_case(w));
        let school = (!person.is_admin()).then_some(person.school_id.as_str());
        // A chat reply holds so many lines: the newest, and a word that there are more.
        let mut cases = self
            .store
            .concerns(school, include_closed, CONCERN_LIST_MAX as i64 + 1)
            .await?;
        let more = cases.len() > CONCERN_LIST_MAX;
        cases.truncate(CONCERN_LIST_MAX);
        let people = self.store.people().await?;
        let now_ms = ctx.now.timestamp_millis();
        let mut items = Vec::new();
        let mut reads = Vec::new();
        let mut unreadable = Vec::new();
        for c in &cases {
            let case = CaseRef(c.id).to_string();
            let state = self.t(loc, &format!("concern-state-{}", c.state));
            let school = self.school_of(c);
            let filed = self.when(loc, school, c.created_ms);
            let assigned = self.name_of(loc, &people, c.assigned_to);
            let opened = self.try_open(c);
            let mut item = match &opened {
                Ok(content) => self.ta(
                    loc,
                    "concern-list-item",
                    &[
                        ("case", case.into()),
                        ("state", state.into()),
                        ("filed", filed.into()),
                        ("student", content.student_ref.clone().into()),
                        ("assigned", assigned.into()),
                    ],
                ),
                Err(_) => self.ta(
                    loc,
                    "concern-list-item-unreadable",
                    &[
                        ("case", case.into()),
                        ("state", state.into()),
                        ("school", school.name.clone().into()),
                        ("filed", filed.into()),
                        ("changed", self.when(loc, school, c.updated_ms).into()),
                        ("assigned", assigned.into()),
                    ],
                ),
            };
            if c.immediate_danger {
                item = format!("{item} — {}", self.t(loc, "concern-list-danger"));
            }
            if let Err(why) = opened {
                item = format!("{item} — {}", self.t(loc, "concern-list-unreadable"));
                unreadable.push((c, why));
            }
            items.push(item);
            reads.push(NewAudit {
                concern_id: c.id,
                actor_id: Some(person.id),
                action: AuditAction::Listed,
                detail: None,
                note_sealed: None,
                at_ms: now_ms,
            });
        }
        self.store.add_audit(&reads).await?;
        info!(
            person_id = person.id,
            count = cases.len(),
            unreadable = unreadable.len(),
            "concerns listed"
        );
        let alerts = self.unreadable_found(&unreadable, now_ms).await;
        let title = if include_closed {
            "concern-list-title-all"
        } else {
            "concern-list-title"
        };
        let count: FluentValue = if more {
            format!("{CONCERN_LIST_MAX}+").into()
        } else {
            n(cases.len())
        };
        let mut r = Reply::new().heading(self.ta(loc, title, &[("count", count)]));
        if items.is_empty() {
            r = r.text(self.t(loc, "concern-list-empty"));
        }
        if more {
            r = r.text(self.ta(loc, "concern-list-more", &[("shown", n(CONCERN_LIST_MAX))]));
        }
        let hint = if include_closed {
            "concern-list-hint-all"
        } else {
            "concern-list-hint"
        };
        let reply = r.bullets(items).footer(self.ta(
            loc,
            hint,
            &[("command", self.slash("concern").into())],
        ));
        Ok(Outcome {
            reply,
            notifications: alerts,
            unavailable: false,
        })
    }

    /// `/concern show CASE` (with its history) and `/concern audit CASE` (admins: every
    /// read and change).
    ///
    /// Everything is read before the one write, the reader's audit row: a failure to read
    /// leaves no "viewed" for a reply that said nothing was saved. A case whose content
    /// will not open is shown by what is stored in the clear (number, school, status,
    /// dates, people, history), with a plain word that its content cannot be opened; that
    /// is what the reader saw, so it is recorded as viewed like any other.
    async fn concern_show(
        &self,
        ctx: &Ctx,
        rest: &str,
        audit: bool,
    ) -> Result<Outcome, StoreError> {
        let loc = ctx.locale;
        let sub = if audit { "audit" } else { "show" };
        let (case_word, _) = first_word(rest);
        let (person, c) = match self.visible_case(ctx, case_word, sub).await? {
            Ok(found) => found,
            Err(reply) => return Ok(reply.into()),
        };
        let now_ms = ctx.now.timestamp_millis();
        let event = |action| NewAudit {
            concern_id: c.id,
            actor_id: Some(person.id),
            action,
            detail: None,
            note_sealed: None,
            at_ms: now_ms,
        };
        if audit && !person.is_admin() {
            self.store.add_audit(&[event(AuditAction::Refused)]).await?;
            return Ok(self.not_visible(ctx).into());
        }
        let people = self.store.people().await?;
        let mut events = self.store.concern_audit(c.id).await?;
        let case = CaseRef(c.id).to_string();
        let opened = (!audit).then(|| self.try_open(&c));
        let viewed = event(AuditAction::Viewed);
        self.store.add_audit(std::slice::from_ref(&viewed)).await?;
        info!(
            case_id = c.id,
            person_id = person.id,
            audit,
            "concern viewed"
        );
        let Some(opened) = opened else {
            // The audit log shows this read too, as it was written.
            events.push(AuditRecord {
                id: 0,
                concern_id: viewed.concern_id,
                actor_id: viewed.actor_id,
                action: viewed.action,
                detail: None,
                note_sealed: None,
                at_ms: viewed.at_ms,
            });
            // Newest first, as the history (see `shown_reply`).
            let items = events
                .iter()
                .rev()
                .map(|e| self.event_line(loc, &c, e, &people, false))
                .collect();
            return Ok(Reply::new()
                .heading(self.ta(loc, "concern-audit-title", &[("case", case.into())]))
                .bullets(items)
                .into());
        };
        let reply = self.shown_reply(loc, &c, opened.as_ref().ok(), &people, &events);
        let alerts = match opened {
            Ok(_) => vec![],
            Err(why) => self.unreadable_found(&[(&c, why)], now_ms).await,
        };
        Ok(Outcome {
            reply,
            notifications: alerts,
            unavailable: false,
        })
    }

    /// The case as `/concern show` shows it: the handoff as looked at later, with the
    /// history (its changes, notes included; not who read it), newest first, above the
    /// footer.
    fn shown_reply(
        &self,
        loc: &str,
        c: &ConcernRecord,
        content: Option<&Content>,
        people: &[Person],
        events: &[AuditRecord],
    ) -> Reply {
        let mut r = self.handoff_reply(loc, c, content, people, true);
        let footer = r.blocks.pop();
        // Newest first: a platform that must cut a long history cuts the oldest, never
        // the action just taken.
        r = r.heading(self.t(loc, "concern-history-title")).bullets(
            events
                .iter()
                .rev()
                .filter(|e| {
                    !matches!(
                        e.action,
                        AuditAction::Viewed | AuditAction::Listed | AuditAction::Refused
                    )
                })
                .map(|e| self.event_line(loc, c, e, people, true))
                .collect(),
        );
        if let Some(f) = footer {
            r.push(f);
        }
        r
    }

    fn event_line(
        &self,
        loc: &str,
        c: &ConcernRecord,
        e: &AuditRecord,
        people: &[Person],
        with_notes: bool,
    ) -> String {
        let who = self.name_of(loc, people, e.actor_id);
        let mut what = self.t(loc, &format!("concern-action-{}", e.action));
        match (e.action, e.detail.as_deref()) {
            (AuditAction::Reassigned, Some(id)) => {
                let to = self.name_of(loc, people, id.parse().ok());
                what = format!("{what} → {to}");
            }
            (AuditAction::Referred, Some(r)) => {
                what = format!(
                    "{what} → {}",
                    self.referral_label(loc, &Referral::from_stored(r))
                );
            }
            _ => {}
        }
        if with_notes && let Some(note) = e.note_sealed.as_deref().and_then(|s| self.open_note(s)) {
            what = format!("{what}: {note}");
        }
        self.ta(
            loc,
            "concern-event",
            &[
                ("when", self.when(loc, self.school_of(c), e.at_ms).into()),
                ("who", who.into()),
                ("what", what.into()),
            ],
        )
    }

    fn referral_label(&self, loc: &str, r: &Referral) -> String {
        match r {
            Referral::ChildProtectiveServices => self.t(loc, "concern-referral-cps"),
            Referral::LawEnforcement => self.t(loc, "concern-referral-law-enforcement"),
            Referral::Partner(id) => id.clone(),
        }
    }

    /// Acknowledge, note, reassign, refer or close: one transaction with its audit row and
    /// any private messages it causes. A case whose content will not open can be acted
    /// on all the same (see [`Engine::unreadable_found`]).
    async fn concern_act(
        &self,
        ctx: &Ctx,
        case_word: &str,
        act: Act,
    ) -> Result<Outcome, StoreError> {
        let (actor, c) = match self.visible_case(ctx, case_word, act.subcommand()).await? {
            Ok(found) => found,
            Err(reply) => return Ok(reply.into()),
        };
        if c.state == ConcernState::Closed {
            let case = CaseRef(c.id).to_string();
            return Ok(Reply::new()
                .warning(self.ta(ctx.locale, "concern-is-closed", &[("case", case.into())]))
                .into());
        }
        let opened = self.try_open(&c);
        let mut outcome = self
            .act_on(ctx, &actor, &c, opened.as_ref().ok(), act)
            .await?;
        if let Err(why) = opened {
            let alerts = self
                .unreadable_found(&[(&c, why)], ctx.now.timestamp_millis())
                .await;
            outcome.notifications.extend(alerts);
        }
        Ok(outcome)
    }

    /// [`Engine::concern_act`] on an open case the actor may handle, with its content if
    /// it opens.
    async fn act_on(
        &self,
        ctx: &Ctx,
        actor: &Person,
        c: &ConcernRecord,
        content: Option<&Content>,
        act: Act,
    ) -> Result<Outcome, StoreError> {
        let loc = ctx.locale;
        let case = CaseRef(c.id).to_string();
        let case_arg = || -> Vec<(&str, FluentValue<'_>)> { vec![("case", case.clone().into())] };
        let now_ms = ctx.now.timestamp_millis();
        let people = self.store.people().await?;
        let seal_text = |t: &str| Some(self.key.seal(t.as_bytes()));
        let event = |action, detail: Option<String>, note: Option<Vec<u8>>| NewAudit {
            concern_id: c.id,
            actor_id: Some(actor.id),
            action,
            detail,
            note_sealed: note,
            at_ms: now_ms,
        };
        let mut drafts: Vec<Draft> = Vec::new();
        let (change, done) = match &act {
            Act::Ack => {
                if c.state.is_acknowledged() {
                    let r = Reply::new().text(self.ta(
                        loc,
                        "concern-already-acknowledged",
                        &case_arg(),
                    ));
                    return Ok(self.with_case_now(r, loc, c, content, &people).await.into());
                }
                let change = ConcernChange {
                    concern_id: c.id,
                    from_state: c.state,
                    to_state: Some(ConcernState::Acknowledged),
                    assign_to: actor.is_counselor().then_some(actor.id),
                    acknowledge: true,
                    event: event(AuditAction::Acknowledged, None, None),
                };
                // Say who has the case now: the counselor who acknowledged it, or whoever
                // had it (a coordinator's acknowledgement does not take the case).
                let assignee = c
                    .assigned_to
                    .and_then(|id| people.iter().find(|p| p.id == id));
                let done = match (actor.is_counselor(), assignee) {
                    (true, _) => self.ta(loc, "concern-acknowledged", &case_arg()),
                    (false, Some(p)) => {
                        let mut args = case_arg();
                        args.push(("name", p.name.clone().into()));
                        self.ta(loc, "concern-acknowledged-assigned", &args)
                    }
                    (false, None) => self.ta(loc, "concern-acknowledged-unassigned", &case_arg()),
                };
                (change, done)
            }
            Act::Note(text) => {
                if let Some(r) = self.check_note(ctx, text, "note") {
                    return Ok(r.into());
                }
                let change = ConcernChange {
                    concern_id: c.id,
                    from_state: c.state,
                    to_state: None,
                    assign_to: None,
                    acknowledge: false,
                    event: event(AuditAction::Noted, None, seal_text(text.trim())),
                };
                (change, self.ta(loc, "concern-noted", &case_arg()))
            }
            Act::Reassign(email) => {
                if email.trim().is_empty() {
                    return Ok(self.concern_usage(ctx, "reassign").into());
                }
                let target = people
                    .iter()
                    .find(|p| p.email.eq_ignore_ascii_case(email.trim()))
                    .filter(|p| p.school_id == c.school_id && p.is_counselor());
                let Some(target) = target else {
                    let shown: String = email.chars().take(80).collect();
                    return Ok(Reply::new()
                        .warning(self.ta(
                            loc,
                            "concern-reassign-not-counselor",
                            &[("email", shown.into())],
                        ))
                        .into());
                };
                if c.assigned_to == Some(target.id) {
                    // Nothing moves: no second handoff, no audit entry.
                    let r = Reply::new().text(self.ta(
                        loc,
                        "concern-reassign-same",
                        &[
                            ("case", case.clone().into()),
                            ("name", target.name.clone().into()),
                        ],
                    ));
                    return Ok(self.with_case_now(r, loc, c, content, &people).await.into());
                }
                let mut moved = c.clone();
                moved.assigned_to = Some(target.id);
                let reply =
                    self.handoff_reply(person_locale(target), &moved, content, &people, false);
                drafts.push(self.draft(
                    target,
                    OutboxKind::Handoff,
                    Some(c.id),
                    format!("concern:{}:handoff:{}:{now_ms}", c.id, target.id),
                    reply,
                    now_ms,
                ));
                let change = ConcernChange {
                    concern_id: c.id,
                    from_state: c.state,
                    to_state: None,
                    assign_to: Some(target.id),
                    acknowledge: false,
                    event: event(AuditAction::Reassigned, Some(target.id.to_string()), None),
                };
                // Without content the handoff carried only what is stored in the clear.
                let done_id = if content.is_some() {
                    "concern-reassigned"
                } else {
                    "concern-reassigned-unreadable"
                };
                let done = self.ta(
                    loc,
                    done_id,
                    &[
                        ("case", case.clone().into()),
                        ("name", target.name.clone().into()),
                    ],
                );
                (change, done)
            }
            Act::Refer(referral, note) => {
                let mut referral = referral.clone();
                if let Referral::Partner(id) = &mut referral {
                    // Only a partner serving the case's school (or a national line), as
                    // `/partners` shows them there; kept under its own id as the directory
                    // spells it.
                    let partners = self.store.partners().await?;
                    let school = self.school_of(c);
                    let found = super::partners::visible_to(school, &partners)
                        .into_iter()
                        .find(|p| p.id.eq_ignore_ascii_case(id));
                    if let Some(p) = found {
                        *id = p.id.clone();
                    } else {
                        let shown: String = id.chars().take(60).collect();
                        return Ok(Reply::new()
                            .warning(self.ta(
                                loc,
                                "concern-refer-unknown",
                                &[
                                    ("word", shown.into()),
                                    ("command", self.slash("partners").into()),
                                ],
                            ))
                            .into());
                    }
                }
                if let Some(r) = (!note.trim().is_empty())
                    .then(|| self.check_note(ctx, note, "refer"))
                    .flatten()
                {
                    return Ok(r.into());
                }
                let sealed =
                    (!note.trim().is_empty()).then(|| self.key.seal(note.trim().as_bytes()));
                let change = ConcernChange {
                    concern_id: c.id,
                    from_state: c.state,
                    to_state: Some(ConcernState::Referred),
                    assign_to: None,
                    acknowledge: true,
                    event: event(AuditAction::Referred, Some(referral.stored()), sealed),
                };
                let done = self.ta(
                    loc,
                    "concern-referred",
                    &[
                        ("case", case.clone().into()),
                        ("to", self.referral_label(loc, &referral).into()),
                    ],
                );
                (change, done)
            }
            Act::Close(outcome) => {
                if let Some(r) = self.check_note(ctx, outcome, "close") {
                    return Ok(r.into());
                }
                let change = ConcernChange {
                    concern_id: c.id,
                    from_state: c.state,
                    to_state: Some(ConcernState::Closed),
                    assign_to: None,
                    acknowledge: true,
                    event: event(AuditAction::Closed, None, seal_text(outcome.trim())),
                };
                (change, self.ta(loc, "concern-closed", &case_arg()))
            }
        };
        // The first acknowledgement (explicit, or implied by a referral or closing) tells
        // the reporter, status only. The key makes it once per case.
        let first_ack = change.acknowledge && c.acknowledged_ms.is_none();
        let mut told_reporter = false;
        if first_ack
            && let Some(reporter) = c
                .reporter_id
                .and_then(|id| people.iter().find(|p| p.id == id))
                // Someone who has left the roster cannot be reached (nor asked for).
                .filter(|p| !p.has_left())
        {
            let reply = self.status_reply(person_locale(reporter), c);
            drafts.push(self.draft(
                reporter,
                OutboxKind::Status,
                Some(c.id),
                format!("concern:{}:reporter:acknowledged", c.id),
                reply,
                now_ms,
            ));
            told_reporter = true;
        }
        let rows: Vec<_> = drafts.iter().map(|d| d.row.clone()).collect();
        let Some((after, ids)) = self.store.change_concern(&change, &rows).await? else {
            return Ok(Reply::new()
                .warning(self.ta(
                    loc,
                    "concern-changed-meanwhile",
                    &[
                        ("case", case.clone().into()),
                        ("command", self.slash("concern").into()),
                    ],
                ))
                .into());
        };
        info!(
            case_id = c.id,
            person_id = actor.id,
            action = %change.event.action,
            state = %after.state,
            "concern changed"
        );
        let mut reply = Reply::new().text(done);
        if told_reporter {
            reply = reply.text(self.t(loc, "concern-reporter-told"));
        }
        let reply = self
            .with_case_now(reply, loc, &after, content, &people)
            .await;
        Ok(Outcome {
            reply,
            notifications: notifications(drafts, &ids),
            unavailable: false,
        })
    }

    /// An action's result with the case as it is now (`c`), for the message the action's
    /// button was on: the reader's own rendering of it, with the buttons that still
    /// apply, as a handoff shows it and as `/concern show` does (with the history, the
    /// action just taken in it), for adapters to update whichever the button was on.
    /// Without one (content that cannot be opened, a history that cannot be read)
    /// adapters keep that message as it was, buttons aside: a handoff delivered while the
    /// content still opened may be the reader's only copy of it.
    async fn with_case_now(
        &self,
        result: Reply,
        loc: &str,
        c: &ConcernRecord,
        content: Option<&Content>,
        people: &[Person],
    ) -> Reply {
        let Some(content) = content else {
            return result;
        };
        let result = result.acted_on(self.handoff_reply(loc, c, content, people, true));
        match self.store.concern_audit(c.id).await {
            Ok(events) => result.acted_on_with_history(self.shown_reply(
                loc,
                c,
                Some(content),
                people,
                &events,
            )),
            Err(e) => {
                warn!(case_id = c.id, error = %e, "concern history cannot be read to show the case now");
                result
            }
        }
    }

    /// A note or outcome must be there and not too long; the reply says which.
    fn check_note(&self, ctx: &Ctx, text: &str, sub: &str) -> Option<Reply> {
        let chars = text.trim().chars().count();
        if chars == 0 {
            return Some(self.concern_usage(ctx, sub));
        }
        (chars > NOTE_MAX_CHARS).then(|| {
            Reply::new().warning(self.ta(
                ctx.locale,
                "concern-note-too-long",
                &[("max", n(NOTE_MAX_CHARS)), ("count", n(chars))],
            ))
        })
    }

    /// The reporter's status notice: the case number and its new state, nothing else.
    fn status_reply(&self, loc: &str, c: &ConcernRecord) -> Reply {
        let case = CaseRef(c.id).to_string();
        Reply::new()
            .heading(self.ta(
                loc,
                "concern-status-title",
                &[("case", case.clone().into())],
            ))
            .text(self.ta(
                loc,
                "concern-status-acknowledged",
                &[
                    ("case", case.into()),
                    ("state", self.t(loc, "concern-state-acknowledged").into()),
                ],
            ))
            .footer(self.t(loc, "concern-status-reminder"))
    }
}

/// The language to write to a person in: theirs if the roster says, else the default.
pub(super) fn person_locale(p: &Person) -> &'static str {
    I18n::negotiate_or_default(p.locale.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, school: &str, roles: &[Role]) -> Person {
        Person {
            id,
            school_id: school.into(),
            name: format!("p{id}"),
            email: format!("p{id}@example.org"),
            roles: roles.to_vec(),
            locale: None,
            slack_user_id: None,
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: None,
            position: id,
            added_at_ms: 0,
            demo: false,
        }
    }

    fn ids(r: &Routing) -> Vec<i64> {
        r.recipients.iter().map(|p| p.id).collect()
    }

    #[test]
    fn routing_prefers_the_primary_and_never_hands_a_concern_to_nobody() {
        let people = vec![
            person(1, "a", &[Role::Teacher]),
            person(2, "a", &[Role::Counselor]),
            person(3, "a", &[Role::Counselor]),
            person(4, "a", &[Role::BackupCounselor]),
            person(5, "a", &[Role::Coordinator]),
            person(6, "b", &[Role::Admin]),
            person(7, "b", &[Role::Counselor, Role::Admin]),
            person(8, "c", &[Role::BackupCounselor]),
            person(9, "d", &[Role::Coordinator]),
        ];
        let normal = route(&people, "a", false);
        assert_eq!((ids(&normal), normal.assigned), (vec![2], Some(2)));
        // Danger: primary, backups and every admin, each once.
        let danger = route(&people, "a", true);
        assert_eq!(ids(&danger), vec![2, 4, 6, 7]);
        assert_eq!(danger.assigned, Some(2));
        let danger_b = route(&people, "b", true);
        assert_eq!(
            ids(&danger_b),
            vec![7, 6],
            "the primary first, no duplicate"
        );
        // No designated counselor: backups, then coordinators, then admins.
        assert_eq!(ids(&route(&people, "c", false)), vec![8]);
        assert_eq!(ids(&route(&people, "d", false)), vec![9]);
        let orphan = route(&people, "e", false);
        assert_eq!((ids(&orphan), orphan.assigned), (vec![6, 7], Some(6)));
        let empty = route(&people[..1], "a", true);
        assert!(empty.recipients.is_empty() && empty.assigned.is_none());
    }
}
