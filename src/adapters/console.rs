//! The local console: a chat in the terminal against the same core and database.
//! One command per line; works from a pipe, so scripts and tests can drive it.
use std::io::Write;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::domain::{Person, Platform, Role};
use crate::engine::{Engine, Invocation, Outcome};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("nobody on the roster matches \"{who}\". People you can be:\n{people}")]
    UnknownPerson { who: String, people: String },
    #[error("the roster is empty; import one with: safeharbor roster import FILE.csv")]
    EmptyRoster,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write to the terminal: {0}")]
    Io(#[from] std::io::Error),
}

/// Find the person `--as` names: an email, a role (first in roster order), or part of a name.
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
    let found = people
        .iter()
        .find(|p| p.email == lower)
        .or_else(|| {
            who.parse::<Role>()
                .ok()
                .and_then(|r| people.iter().find(|p| p.has_role(r)))
        })
        .or_else(|| {
            people
                .iter()
                .find(|p| p.name.to_lowercase().contains(&lower))
        });
    found.cloned().ok_or_else(|| ConsoleError::UnknownPerson {
        who: who.to_string(),
        people: people
            .iter()
            .map(|p| format!("  {} <{}> ({})", p.name, p.email, p.roles_joined()))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// Render an outcome as terminal text.
pub fn render(outcome: &Outcome) -> String {
    let mut out = outcome.reply.to_text();
    for n in &outcome.notifications {
        out.push_str(&format!("[private → {}]\n", n.recipient_name));
        for line in n.reply.to_text().lines() {
            out.push_str(&format!("    {line}\n"));
        }
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

/// Read commands until end of input, answering each.
pub async fn run(
    engine: &Engine,
    person: &Person,
    input: impl AsyncBufRead + Unpin,
    out: &mut (dyn Write + Send),
    interactive: bool,
) -> Result<(), ConsoleError> {
    let school = engine
        .config
        .school(&person.school_id)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| person.school_id.clone());
    let loc = person
        .locale
        .as_deref()
        .unwrap_or(crate::i18n::DEFAULT_LOCALE);
    writeln!(
        out,
        "{}",
        engine.ta(
            loc,
            "console-banner",
            &[
                ("name", person.name.clone().into()),
                ("roles", person.roles_joined().into()),
                ("school", school.into()),
            ],
        )
    )?;
    if person.demo {
        writeln!(out, "{}", engine.t(loc, "console-demo-data"))?;
    }
    let mut lines = input.lines();
    loop {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
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
            Some(inv) => engine.handle(inv).await,
            None => {
                let mut inv = parse_line("/safeharbor help", person).expect("a command line");
                inv.text = "help".into();
                let mut o = engine.handle(inv).await;
                let loc = person
                    .locale
                    .as_deref()
                    .unwrap_or(crate::i18n::DEFAULT_LOCALE);
                o.reply.blocks.insert(
                    0,
                    crate::engine::Block::Text {
                        text: engine.t(loc, "console-not-a-command"),
                    },
                );
                o
            }
        };
        write!(out, "{}", render(&outcome))?;
        out.flush()?;
    }
    Ok(())
}
