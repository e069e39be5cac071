//! The local console: a chat in the terminal against the same core and database.
//! One command per line; works from a pipe, so scripts and tests can drive it. On a
//! terminal, a command that opens a form (like a bare `/concern`) asks field by field.
//!
//! Everything it prints goes through [`Screen`], which makes control characters visible:
//! replies carry text other people wrote (concern details, notes, names), and an escape
//! sequence in it must not act on the reader's terminal.
use std::borrow::Cow;
use std::io::Write;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, Lines};
use tracing::warn;

use crate::domain::{Person, Platform, Role};
use crate::engine::concern::{FORM_ID, field};
use crate::engine::{ConcernForm, Engine, Form, FormFieldKind, Invocation, Outcome};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("nobody on the roster matches \"{who}\". People you can be:\n{people}")]
    UnknownPerson { who: String, people: String },
    #[error(
        "\"{who}\" matches more than one person; use an email (or more of the name):\n{people}"
    )]
    AmbiguousPerson { who: String, people: String },
    #[error("the roster is empty; import one with: safeharbor roster import FILE.csv")]
    EmptyRoster,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write to the terminal: {0}")]
    Io(#[from] std::io::Error),
}

/// Text as it may reach a terminal: C0 and C1 control characters other than newline and
/// tab (ESC, CSI, BEL, carriage return…) are replaced by visible stand-ins (C0 and DEL by
/// their Unicode control pictures, like ␛; C1 by �), so they cannot move the cursor,
/// clear the screen or retitle the window. So are the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069, by �), which would show the rest of a line
/// reordered: a name could make a case number or a date read as another. The plain
/// direction marks (U+200E, U+200F, U+061C) stay: they reorder nothing on their own, and
/// right-to-left names may need them. (Fluent's own isolation marks are off: see i18n.)
pub fn printable(text: &str) -> Cow<'_, str> {
    let is_control = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !is_control(c) => c,
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

/// The console's output edge: the only way `run` writes, so all of it is [`printable`].
struct Screen<'a> {
    out: &'a mut (dyn Write + Send),
}

impl Screen<'_> {
    fn print(&mut self, text: &str) -> std::io::Result<()> {
        self.out.write_all(printable(text).as_bytes())
    }

    fn line(&mut self, text: &str) -> std::io::Result<()> {
        self.print(text)?;
        self.out.write_all(b"\n")
    }

    /// Print a prompt and show it now.
    fn ask(&mut self, prompt: &str) -> std::io::Result<()> {
        self.print(prompt)?;
        self.out.flush()
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One line per person, for the errors of `--as`.
fn list_people<'a>(people: impl IntoIterator<Item = &'a Person>) -> String {
    people
        .into_iter()
        .map(|p| {
            printable(&format!(
                "  {} <{}> ({})",
                p.name,
                p.email,
                p.roles_joined()
            ))
            .into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Find the person `--as` names: an email, a role (first in roster order), or a name or
/// part of one that only one person's name contains (an exact name wins over names that
/// contain it). A part of a name that several people share is refused, with the list.
pub async fn resolve_person(engine: &Engine, who: Option<&str>) -> Result<Person, ConsoleError> {
    let people = engine.store.people().await?;
    if people.is_empty() {
        return Err(ConsoleError::EmptyRoster);
    }
    let Some(who) = who.map(str::trim).filter(|w| !w.is_empty()) else {
        // Default: the first teacher, else the first person.
        return Ok(people
            .iter()
            .find(|p| p.has_role(Role::Teacher))
            .unwrap_or(&people[0])
            .clone());
    };
    let lower = who.to_lowercase();
    if let Some(p) = people.iter().find(|p| p.email.to_lowercase() == lower) {
        return Ok(p.clone());
    }
    if let Some(p) = who
        .parse::<Role>()
        .ok()
        .and_then(|r| people.iter().find(|p| p.has_role(r)))
    {
        return Ok(p.clone());
    }
    let named: Vec<&Person> = people
        .iter()
        .filter(|p| p.name.to_lowercase().contains(&lower))
        .collect();
    let exact: Vec<&Person> = named
        .iter()
        .copied()
        .filter(|p| p.name.to_lowercase() == lower)
        .collect();
    match (named.as_slice(), exact.as_slice()) {
        (_, [p]) | ([p], _) => Ok((*p).clone()),
        ([], _) => Err(ConsoleError::UnknownPerson {
            who: printable(who).into_owned(),
            people: list_people(&people),
        }),
        (several, _) => Err(ConsoleError::AmbiguousPerson {
            who: printable(who).into_owned(),
            people: list_people(several.iter().copied()),
        }),
    }
}

/// Render an outcome as terminal text.
pub fn render(outcome: &Outcome) -> String {
    let mut out = outcome.reply.to_text();
    for n in &outcome.notifications {
        out.push_str(&private_block(&n.recipient_name, &n.reply));
    }
    out
}

/// A private message as the console shows it: `[private → NAME]`, then the text indented.
fn private_block(name: &str, reply: &crate::engine::Reply) -> String {
    let mut out = format!("[private → {name}]\n");
    for line in reply.to_text().lines() {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// Turn a typed line into an invocation, or None for a line that is not a command.
pub fn parse_line(line: &str, person: &Person) -> Option<Invocation> {
    let line = line.trim();
    let rest = line.strip_prefix('/')?;
    let (command, text) = match rest.split_once(char::is_whitespace) {
        Some((c, t)) => (c, t.trim()),
        None => (rest, ""),
    };
    Some(Invocation {
        platform: Platform::Console,
        user_id: person.email.clone(),
        team_id: None,
        locale: None,
        request_id: None,
        command: command.to_string(),
        text: text.to_string(),
    })
}

/// The person's roles in their language, for the banner.
fn role_names(engine: &Engine, loc: &str, person: &Person) -> String {
    person
        .roles
        .iter()
        .map(|r| engine.t(loc, &format!("console-role-{}", r.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read commands until end of input, answering each.
pub async fn run(
    engine: &Engine,
    person: &Person,
    input: impl AsyncBufRead + Unpin,
    out: &mut (dyn Write + Send),
    interactive: bool,
) -> Result<(), ConsoleError> {
    let mut screen = Screen { out };
    let school = engine
        .config
        .school(&person.school_id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| person.school_id.clone());
    let loc = person
        .locale
        .as_deref()
        .unwrap_or(crate::i18n::DEFAULT_LOCALE);
    screen.line(&engine.ta(
        loc,
        "console-banner",
        &[
            ("name", person.name.clone().into()),
            ("roles", role_names(engine, loc, person).into()),
            ("school", school.into()),
        ],
    ))?;
    if person.demo {
        screen.line(&engine.t(loc, "console-demo-data"))?;
    }
    let mut lines = input.lines();
    loop {
        if interactive {
            show_inbox(engine, person, &mut screen).await?;
            screen.ask("> ")?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if matches!(line, "quit" | "exit" | "/quit" | "/exit") {
            break;
        }
        let outcome = match parse_line(line, person) {
            Some(inv) => {
                let outcome = engine.handle(inv.clone()).await;
                match outcome.reply.form.as_ref() {
                    Some(form) if interactive && form.id == FORM_ID => {
                        screen.print(&render(&outcome))?;
                        match prompt_concern(engine, loc, form, &mut lines, &mut screen).await? {
                            Some(filled) => engine.submit_concern(&inv, filled).await,
                            None => continue,
                        }
                    }
                    _ => outcome,
                }
            }
            None => {
                let mut inv = parse_line("/safeharbor help", person).expect("a command line");
                inv.text = "help".into();
                let mut o = engine.handle(inv).await;
                o.reply.blocks.insert(
                    0,
                    crate::engine::Block::Text {
                        text: engine.t(loc, "console-not-a-command"),
                    },
                );
                o
            }
        };
        screen.print(&render(&outcome))?;
        screen.flush()?;
        mark_console_deliveries(engine, &outcome).await;
    }
    Ok(())
}

/// Most pending messages looked at for the person's own, before each prompt.
const INBOX_SCAN: i64 = 1000;

/// On a terminal, before each prompt: the person's own private messages queued in the
/// background (escalations, reminders, nudges), if the roster gives them no platform to
/// receive them on. Showing them is their delivery; the dispatcher would otherwise retry
/// them and, a day on, report them to the admins as undeliverable.
async fn show_inbox(
    engine: &Engine,
    person: &Person,
    screen: &mut Screen<'_>,
) -> Result<(), ConsoleError> {
    if person.private_channel().is_some() {
        return Ok(());
    }
    // Unread on a database hiccup: they stay pending and show at the next prompt.
    let Ok(rows) = engine.store.pending_outbox(i64::MAX, INBOX_SCAN).await else {
        return Ok(());
    };
    let now_ms = engine.clock.now().timestamp_millis();
    for row in rows
        .iter()
        .filter(|r| r.platform == Platform::Console && r.recipient_id == person.id)
    {
        let Ok(reply) = engine.open_payload(&row.payload_sealed) else {
            continue;
        };
        screen.print(&private_block(&person.name, &reply))?;
        if let Err(e) = engine.store.mark_outbox_sent(row.id, now_ms).await {
            warn!(outbox_id = row.id, error = %e, "could not mark a console delivery as sent");
        }
    }
    screen.flush()?;
    Ok(())
}

/// Messages to people with no platform identity can only reach them here, so showing
/// them is their delivery. Everyone else's stay pending for the dispatcher.
async fn mark_console_deliveries(engine: &Engine, outcome: &Outcome) {
    let now_ms = engine.clock.now().timestamp_millis();
    for n in outcome
        .notifications
        .iter()
        .filter(|n| n.platform == Platform::Console)
    {
        if let Err(e) = engine.store.mark_outbox_sent(n.outbox_id, now_ms).await {
            // It stays pending; nothing is lost.
            warn!(outbox_id = n.outbox_id, error = %e, "could not mark a console delivery as sent");
        }
    }
}

/// An answer to a yes/no question: the field's own labels (whole, their first word or
/// their first letter) or yes/no, sí/no in either language. None for anything else.
fn yes_or_no(answer: &str, yes: &str, no: &str) -> Option<bool> {
    let a = answer.trim().to_lowercase();
    if a.is_empty() {
        return None;
    }
    let words = |label: &str, fixed: &[&str]| {
        let label = label.trim().to_lowercase();
        let first_word = label
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_string();
        let initial = label.chars().next().map(String::from).unwrap_or_default();
        let mut words: Vec<String> = fixed.iter().map(|w| w.to_string()).collect();
        words.extend([label, first_word, initial]);
        words.retain(|w| !w.is_empty());
        words
    };
    let is_yes = words(yes, &["y", "yes", "s", "si", "sí"]).contains(&a);
    let is_no = words(no, &["n", "no"]).contains(&a);
    match (is_yes, is_no) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The indicator ids a typed answer picks: numbers from the list or ids typed out,
/// separated by commas or spaces. Err with the words that are neither.
fn picked_indicators(answer: &str, ids: &[&String]) -> Result<Vec<String>, Vec<String>> {
    let mut picked = Vec::new();
    let mut bad = Vec::new();
    for word in answer.split([',', ' ']).filter(|w| !w.is_empty()) {
        let by_number = word
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| ids.get(i));
        let typed = word.trim_start_matches('#').to_lowercase();
        let by_id = ids.iter().find(|id| id.to_lowercase() == typed);
        match by_number.or(by_id) {
            Some(id) if !picked.contains(*id) => picked.push(id.to_string()),
            Some(_) => {}
            None => bad.push(word.to_string()),
        }
    }
    if bad.is_empty() { Ok(picked) } else { Err(bad) }
}

/// Ask for the concern form's fields one by one. None when input ends or the person
/// types a lone `.` to cancel. A field whose answer cannot be understood (a yes/no
/// question answered otherwise, a number not in the list) is asked again, saying why.
async fn prompt_concern<R: AsyncBufRead + Unpin>(
    engine: &Engine,
    loc: &str,
    form: &Form,
    lines: &mut Lines<R>,
    screen: &mut Screen<'_>,
) -> Result<Option<ConcernForm>, ConsoleError> {
    screen.line(&engine.t(loc, "console-form-start"))?;
    let mut filled = ConcernForm::default();
    for f in &form.fields {
        let hint = f
            .hint
            .as_deref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let prompt = match &f.kind {
            FormFieldKind::MultiSelect { groups } => {
                screen.line(&format!("{}{hint}", f.label))?;
                let mut n = 0;
                for (group, options) in groups {
                    screen.line(&format!("  {group}"))?;
                    for (_, label) in options {
                        n += 1;
                        screen.line(&format!("    {n:>2}. {label}"))?;
                    }
                }
                format!("{} > ", engine.t(loc, "console-form-pick"))
            }
            FormFieldKind::YesNo { yes, no } => format!("{} [{yes} / {no}] > ", f.label),
            _ => format!("{}{hint} > ", f.label),
        };
        loop {
            screen.ask(&prompt)?;
            let Some(answer) = lines.next_line().await? else {
                return Ok(None);
            };
            let answer = answer.trim();
            if answer == "." {
                screen.line(&engine.t(loc, "console-form-cancelled"))?;
                return Ok(None);
            }
            match (f.id.as_str(), &f.kind) {
                (field::STUDENT_REF | field::DETAILS, _) => {
                    if f.id == field::STUDENT_REF {
                        filled.student_ref = answer.to_string();
                    } else {
                        filled.details = answer.to_string();
                    }
                    // This field's own problems (missing, too long) are said now and the
                    // field asked again, rather than the whole form refused at the end.
                    let problems: Vec<String> = engine
                        .validate_concern(loc, &filled)
                        .into_iter()
                        .filter(|e| e.field == f.id)
                        .map(|e| format!("⚠ {}", e.message))
                        .collect();
                    if !problems.is_empty() {
                        screen.line(&problems.join("\n"))?;
                        continue;
                    }
                }
                (field::INDICATORS, FormFieldKind::MultiSelect { groups }) => {
                    let ids: Vec<&String> = groups
                        .iter()
                        .flat_map(|(_, o)| o.iter().map(|(id, _)| id))
                        .collect();
                    match picked_indicators(answer, &ids) {
                        Ok(picked) => filled.indicators = picked,
                        Err(bad) => {
                            let words = bad
                                .iter()
                                .map(|w| format!("“{w}”"))
                                .collect::<Vec<_>>()
                                .join(", ");
                            screen.line(&engine.ta(
                                loc,
                                "console-form-not-in-list",
                                &[
                                    ("words", words.into()),
                                    ("max", ids.len().to_string().into()),
                                ],
                            ))?;
                            continue;
                        }
                    }
                }
                (field::IMMEDIATE_DANGER, FormFieldKind::YesNo { yes, no }) => {
                    match yes_or_no(answer, yes, no) {
                        Some(danger) => filled.immediate_danger = danger,
                        None => {
                            screen.line(&engine.t(loc, "console-form-yes-no"))?;
                            continue;
                        }
                    }
                }
                _ => {}
            }
            break;
        }
    }
    Ok(Some(filled))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeZone;

    use super::*;
    use crate::crypto::DataKey;
    use crate::domain::ConcernState;

    async fn engine(dir: &tempfile::TempDir) -> Engine {
        engine_and_clock(dir).await.0
    }

    async fn engine_and_clock(dir: &tempfile::TempDir) -> (Engine, Arc<crate::clock::ManualClock>) {
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("c.db").display());
        let env = move |k: &str| (k == "DATABASE_URL").then(|| url.clone());
        let config = Arc::new(crate::config::from_parts(None, None, &env).unwrap());
        let clock = Arc::new(crate::clock::ManualClock::new(
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 22, 17, 0, 0)
                .unwrap(),
        ));
        let key = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        let engine = crate::app::build_engine(config, clock.clone(), key)
            .await
            .unwrap();
        (engine, clock)
    }

    async fn session(engine: &Engine, who: &str, input: &str) -> String {
        let person = resolve_person(engine, Some(who)).await.unwrap();
        let mut out = Vec::new();
        run(engine, &person, input.as_bytes(), &mut out, true)
            .await
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[tokio::test]
    async fn on_a_terminal_a_bare_concern_asks_field_by_field() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        // Indicator 4 is the fourth sex-trafficking sign (hotels and motels).
        let out = session(
            &engine,
            "teacher",
            "/concern\nS-77\n4\nsaw her at the motel twice\nno\n",
        )
        .await;
        assert!(
            out.contains("Student reference (A student ID or initials"),
            "{out}"
        );
        assert!(
            out.contains(" 4. The student is often seen at hotels"),
            "{out}"
        );
        assert!(out.contains("Concern received: case C-1001"), "{out}");
        assert!(
            !out.contains("⚠ If the student is in immediate danger"),
            "{out}"
        );
        let (_, private) = out.split_once("[private → Casey Demo").unwrap();
        assert!(private.contains("saw her at the motel twice"), "{private}");
        assert!(private.contains("hotels, motels"), "{private}");
        // The counselor has no platform identity: showing it here was its delivery.
        assert!(
            engine
                .store
                .pending_outbox(i64::MAX, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let c = engine.store.concern(1).await.unwrap().unwrap();
        assert_eq!(c.state, ConcernState::Delivered);
    }

    /// On a terminal, an escalation queued in the background for the person at the console
    /// (no platform on the roster) shows before their next prompt, once, and is delivered.
    #[tokio::test]
    async fn background_messages_for_the_person_at_the_console_show_at_the_prompt() {
        let dir = tempfile::tempdir().unwrap();
        let (engine, clock) = engine_and_clock(&dir).await;
        session(
            &engine,
            "teacher",
            "/concern S-5 MARKER-INBOX seen at a motel\n",
        )
        .await;
        // The concern's handoff was shown (and so delivered) to the counselor in that
        // session; nobody acknowledges it, so it escalates to the coordinator.
        clock.advance(chrono::Duration::minutes(20));
        assert_eq!(engine.run_due().await.unwrap().escalated, 1);
        let out = session(&engine, "coordinator", "/indicators hotel\n").await;
        let (inbox, rest) = out.split_once("> ").unwrap();
        assert!(
            inbox.contains("[private → Jordan Demo") && inbox.contains("C-1001"),
            "{out}"
        );
        assert!(
            !rest.contains("C-1001"),
            "shown once, before the prompt: {out}"
        );
        let again = session(&engine, "coordinator", "").await;
        assert!(!again.contains("C-1001"), "delivered: {again}");
        let pending = engine.store.pending_outbox(i64::MAX, 10).await.unwrap();
        assert!(pending.is_empty(), "{pending:?}");
    }

    /// A required field left empty (or too long) is said at once and asked again; what
    /// was typed before stays.
    #[tokio::test]
    async fn an_empty_required_field_is_asked_again_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let long = "x".repeat(100);
        let out = session(
            &engine,
            "teacher",
            &format!("/concern\n\n{long}\nS-79\n4\n\nsaw her at the motel\nno\n"),
        )
        .await;
        assert_eq!(
            out.matches("Student reference: required").count(),
            1,
            "{out}"
        );
        assert!(out.contains("Student reference: at most"), "{out}");
        assert_eq!(out.matches("Details: required").count(), 1, "{out}");
        assert!(!out.contains("Nothing was saved"), "{out}");
        assert!(out.contains("Concern received: case C-1001"), "{out}");
    }

    #[tokio::test]
    async fn a_lone_dot_cancels_and_bad_answers_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let out = session(&engine, "teacher", "/concern\nS-78\n.\n").await;
        assert!(out.contains("Cancelled; nothing was saved."), "{out}");
        // A number not in the list is asked again; Enter then picks none.
        let out = session(&engine, "teacher", "/concern\nS-79\n999\n\n\nyes\n").await;
        assert!(out.contains("Not in the list: “999”"), "{out}");
        assert!(out.contains("Details: required"), "{out}");
        assert!(
            engine
                .store
                .concerns(None, true, 1000)
                .await
                .unwrap()
                .is_empty()
        );
        // Immediate danger from the prompts.
        let out = session(
            &engine,
            "teacher",
            "/concern\nS-80\n\nhe said he is not safe at home\ny\n",
        )
        .await;
        assert!(
            out.contains("⚠ If the student is in immediate danger, call 911 now"),
            "{out}"
        );
        assert!(
            engine
                .store
                .concern(1)
                .await
                .unwrap()
                .unwrap()
                .immediate_danger
        );
    }

    #[tokio::test]
    async fn as_refuses_a_part_of_a_name_that_several_people_share() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let err = resolve_person(&engine, Some("demo")).await.unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("\"demo\" matches more than one person"),
            "{msg}"
        );
        for line in [
            "Dana Demo (demo teacher) <teacher@demo.safeharbor.invalid> (teacher)",
            "Casey Demo (demo counselor) <counselor@demo.safeharbor.invalid> (counselor)",
            "Jordan Demo (demo coordinator) <coordinator@demo.safeharbor.invalid> (coordinator;admin)",
        ] {
            assert!(msg.contains(line), "{msg}");
        }
        for (who, name) in [
            ("casey", "Casey Demo (demo counselor)"),
            (
                "COUNSELOR@demo.safeharbor.invalid",
                "Casey Demo (demo counselor)",
            ),
            ("admin", "Jordan Demo (demo coordinator)"),
            ("Dana Demo (demo teacher)", "Dana Demo (demo teacher)"),
        ] {
            let p = resolve_person(&engine, Some(who)).await.unwrap();
            assert_eq!(p.name, name, "--as {who}");
        }
        assert!(matches!(
            resolve_person(&engine, Some("zed")).await,
            Err(ConsoleError::UnknownPerson { .. })
        ));
    }

    /// A teacher at the demo school who reads Spanish.
    async fn spanish_teacher(engine: &Engine) {
        let ana = crate::domain::NewPerson {
            school_id: crate::config::DEMO_SCHOOL_ID.into(),
            name: "Ana Ruiz".into(),
            email: "ana@example.org".into(),
            roles: vec![Role::Teacher, Role::Coordinator],
            locale: Some("es".into()),
            slack_user_id: None,
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: None,
            position: 10,
            demo: false,
        };
        engine.store.import_people(&[ana], 0).await.unwrap();
    }

    #[tokio::test]
    async fn the_banner_names_roles_in_the_persons_language() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        spanish_teacher(&engine).await;
        let out = session(&engine, "ana@example.org", "").await;
        assert!(
            out.contains("usted es Ana Ruiz (docente, coordinador)"),
            "{out}"
        );
        let out = session(&engine, "coordinator", "").await;
        assert!(
            out.contains("you are Jordan Demo (demo coordinator) (coordinator, admin)"),
            "{out}"
        );
    }

    #[tokio::test]
    async fn escape_codes_in_what_others_wrote_are_shown_not_obeyed() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        // ESC [2J clears the screen; ESC ]0;…BEL retitles the window; U+009B is the
        // one-character CSI; a carriage return would overwrite the line.
        let out = session(
            &engine,
            "teacher",
            "/concern S-90 \x1b[2Jcleared\x1b]0;pwned\x07 \u{9b}31mred\r over\n",
        )
        .await;
        assert!(out.contains("Concern received: case C-1001"), "{out}");
        let out = out
            + &session(
                &engine,
                "counselor",
                "/concern show C-1001\n/concern note C-1001 \x1b[1;1Hmoved\n/concern show C-1001\n",
            )
            .await;
        assert!(out.contains("␛[2Jcleared␛]0;pwned␇"), "{out}");
        for bad in ['\x1b', '\x07', '\u{9b}', '\r'] {
            assert!(!out.contains(bad), "{bad:?} reached the terminal: {out:?}");
        }
        assert_eq!(printable("a\tb\nc"), "a\tb\nc");
        // A right-to-left override in a note cannot reverse what follows on the line.
        let out = session(
            &engine,
            "counselor",
            "/concern note C-1001 ok\u{202e}1001-C\u{2066}x\u{2069} \u{200f}שלום\n/concern show C-1001\n",
        )
        .await;
        assert!(
            out.contains("ok\u{fffd}1001-C\u{fffd}x\u{fffd} \u{200f}שלום"),
            "{out}"
        );
        for bad in ['\u{202e}', '\u{2066}', '\u{2069}'] {
            assert!(!out.contains(bad), "{bad:?} reached the terminal: {out:?}");
        }
    }

    #[tokio::test]
    async fn immediate_danger_is_asked_again_until_the_answer_is_yes_or_no() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let out = session(
            &engine,
            "teacher",
            "/concern\nS-81\n\nhe will not go home\nmaybe\nyes please\nyes\n",
        )
        .await;
        assert_eq!(
            out.matches("Please answer yes or no (a lone . cancels).")
                .count(),
            2,
            "{out}"
        );
        assert!(out.contains("Concern received: case C-1001"), "{out}");
        assert!(
            out.contains("⚠ If the student is in immediate danger, call 911 now"),
            "{out}"
        );
        let c = engine.store.concern(1).await.unwrap().unwrap();
        assert!(
            c.immediate_danger,
            "an unclear answer must not file it as not urgent"
        );

        // No: filed as not urgent. Input ending at the question files nothing.
        let out = session(&engine, "teacher", "/concern\nS-82\n\nsad\nn\n").await;
        assert!(out.contains("Concern received: case C-1002"), "{out}");
        assert!(
            !engine
                .store
                .concern(2)
                .await
                .unwrap()
                .unwrap()
                .immediate_danger
        );
        let out = session(&engine, "teacher", "/concern\nS-83\n\nsad\nperhaps\n").await;
        assert!(!out.contains("Concern received"), "{out}");
        assert!(engine.store.concern(3).await.unwrap().is_none());
        // A lone dot still cancels at the question.
        let out = session(&engine, "teacher", "/concern\nS-84\n\nsad\nmaybe\n.\n").await;
        assert!(out.contains("Cancelled; nothing was saved."), "{out}");
        assert!(engine.store.concern(3).await.unwrap().is_none());

        // In Spanish it names sí and no, and takes them.
        spanish_teacher(&engine).await;
        let out = session(
            &engine,
            "ana@example.org",
            "/concern\nS-85\n\nno quiere ir a casa\nquizás\nsí\n",
        )
        .await;
        assert!(out.contains("Responda sí o no"), "{out}");
        assert!(
            engine
                .store
                .concern(3)
                .await
                .unwrap()
                .unwrap()
                .immediate_danger
        );
    }

    #[tokio::test]
    async fn one_bad_indicator_number_asks_that_field_again() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let out = session(
            &engine,
            "teacher",
            "/concern\nS-86\n4, 99\n4,2x\n4\nsaw her at the motel twice\nno\n",
        )
        .await;
        assert!(out.contains("Not in the list: “99”."), "{out}");
        assert!(out.contains("Not in the list: “2x”."), "{out}");
        assert!(!out.contains("Nothing was saved"), "{out}");
        assert!(out.contains("Concern received: case C-1001"), "{out}");
        let (_, private) = out.split_once("[private → Casey Demo").unwrap();
        assert!(private.contains("hotels, motels"), "{private}");
        assert!(private.contains("saw her at the motel twice"), "{private}");
    }
}
