//! Commands as data: `commands/*.toml` is the one place a command is declared. Help text
//! (and the platforms' registration files) are generated from this model.
use serde::Deserialize;

use crate::i18n::I18n;

/// Who may run a command or subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Everyone,
    Counselor,
    Coordinator,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandOption {
    pub name: String,
    pub kind: OptionKind,
    #[serde(default)]
    pub required: bool,
    /// Fluent message id.
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subcommand {
    pub name: String,
    /// Fluent message id. Its `.usage` attribute is the usage line help shows, in the
    /// reader's language (starting with the command id, which help replaces by the name).
    pub description: String,
    pub who: Audience,
    /// A narrower audience that may use more of it (coordinators may record `for EMAIL`):
    /// they are shown the description's `.usage-wider` attribute instead.
    #[serde(default)]
    pub wider: Option<Audience>,
}

/// One command, as declared in `commands/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    /// Stable id the engine dispatches on.
    pub id: String,
    /// The name users type (without the slash); may be changed per deployment.
    pub name: String,
    /// Fluent message id.
    pub description: String,
    pub who: Audience,
    /// The one-line text form (console, Teams, text after a slash command).
    pub text_form: String,
    /// Slack and Discord open a form for this command when it has no text.
    #[serde(default)]
    pub opens_form: bool,
    /// Changes nothing (only reads public reference data), so answering a replayed or
    /// repeated delivery again is harmless.
    #[serde(default)]
    pub read_only: bool,
    #[serde(default)]
    pub options: Vec<CommandOption>,
    #[serde(default)]
    pub subcommands: Vec<Subcommand>,
}

/// The embedded command files, in the order help lists them.
pub const FILES: &[(&str, &str)] = &[
    (
        "indicators.toml",
        include_str!("../../commands/indicators.toml"),
    ),
    ("concern.toml", include_str!("../../commands/concern.toml")),
    (
        "partners.toml",
        include_str!("../../commands/partners.toml"),
    ),
    (
        "training.toml",
        include_str!("../../commands/training.toml"),
    ),
    ("checkin.toml", include_str!("../../commands/checkin.toml")),
    (
        "safeharbor.toml",
        include_str!("../../commands/safeharbor.toml"),
    ),
];

/// The ids the engine knows how to run.
pub const KNOWN_IDS: &[&str] = &[
    "indicators",
    "concern",
    "partners",
    "training",
    "checkin",
    "safeharbor",
];

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("commands/{file}: {detail}")]
    Invalid { file: String, detail: String },
}

/// All commands.
#[derive(Debug, Clone)]
pub struct Commands {
    pub list: Vec<CommandSpec>,
}

impl Commands {
    pub fn load() -> Result<Self, SpecError> {
        let mut list: Vec<CommandSpec> = Vec::new();
        for (file, text) in FILES {
            let spec: CommandSpec = toml::from_str(text).map_err(|e| SpecError::Invalid {
                file: file.to_string(),
                detail: e.message().to_string(),
            })?;
            let bad = |detail: String| SpecError::Invalid {
                file: file.to_string(),
                detail,
            };
            if !KNOWN_IDS.contains(&spec.id.as_str()) {
                return Err(bad(format!("unknown command id \"{}\"", spec.id)));
            }
            let valid_name = !spec.name.is_empty()
                && spec.name.len() <= 32
                && spec
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid_name {
                return Err(bad(format!(
                    "name \"{}\" must be 1-32 lowercase letters, digits, - or _ (Slack and Discord require it)",
                    spec.name
                )));
            }
            if list.iter().any(|c| c.name == spec.name || c.id == spec.id) {
                return Err(bad(format!("name \"{}\" is declared twice", spec.name)));
            }
            list.push(spec);
        }
        Ok(Self { list })
    }

    /// Find a command by the name typed (with or without the slash), case-insensitive.
    pub fn by_name(&self, typed: &str) -> Option<&CommandSpec> {
        let t = typed.trim().trim_start_matches('/');
        self.list.iter().find(|c| c.name.eq_ignore_ascii_case(t))
    }

    pub fn by_id(&self, id: &str) -> Option<&CommandSpec> {
        self.list.iter().find(|c| c.id == id)
    }

    /// Every Fluent id the command files refer to; a test checks they all exist.
    pub fn message_ids(&self) -> Vec<&str> {
        let mut out = vec![];
        for c in &self.list {
            out.push(c.description.as_str());
            out.extend(c.options.iter().map(|o| o.description.as_str()));
            out.extend(c.subcommands.iter().map(|s| s.description.as_str()));
        }
        out
    }

    /// Help lines: `(usage, description)` per command and subcommand, in the reader's locale.
    /// Only what `may` allows is listed; a command with subcommands is shown by name (or
    /// by its text form, if it opens a form), then each subcommand's usage.
    pub fn help_lines(
        &self,
        i18n: &I18n,
        locale: &str,
        may: impl Fn(Audience) -> bool,
    ) -> Vec<(String, String)> {
        self.help_lines_of(i18n, locale, may, None)
    }

    /// [`Commands::help_lines`], of one command only when `only` names its id.
    pub fn help_lines_of(
        &self,
        i18n: &I18n,
        locale: &str,
        may: impl Fn(Audience) -> bool,
        only: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut out = vec![];
        let chosen = |c: &&CommandSpec| may(c.who) && only.is_none_or(|id| c.id == id);
        for c in self.list.iter().filter(chosen) {
            // A command whose main use is its text form (like `/concern STUDENT-REF …`)
            // shows that form even when it also has subcommands.
            let head = if c.subcommands.is_empty() || c.opens_form {
                let usage = i18n.attr(locale, &c.description, "usage");
                c.renamed(usage.as_deref().unwrap_or(&c.text_form))
            } else {
                c.name.clone()
            };
            out.push((format!("/{head}"), i18n.msg(locale, &c.description, &[])));
            for s in c.subcommands.iter().filter(|s| may(s.who)) {
                out.push((
                    format!("    /{}", c.usage_line(s, i18n, locale, &may)),
                    i18n.msg(locale, &s.description, &[]),
                ));
            }
        }
        out
    }
}

impl CommandSpec {
    /// Usage texts start with the command id; show the configured name instead.
    fn renamed(&self, usage: &str) -> String {
        match usage.strip_prefix(self.id.as_str()) {
            Some(rest) => format!("{}{rest}", self.name),
            None => usage.to_string(),
        }
    }

    /// One of its subcommands' usage line as the reader may use it, in their language,
    /// under the command's configured name (without the slash).
    pub fn usage_line(
        &self,
        s: &Subcommand,
        i18n: &I18n,
        locale: &str,
        may: impl Fn(Audience) -> bool,
    ) -> String {
        let attr = match s.wider {
            Some(w) if may(w) => "usage-wider",
            _ => "usage",
        };
        let usage = i18n.attr(locale, &s.description, attr);
        self.renamed(usage.as_deref().unwrap_or(&s.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_files_load_and_every_message_id_exists() {
        let cmds = Commands::load().unwrap();
        assert_eq!(cmds.list.len(), KNOWN_IDS.len());
        let en = I18n::shape("en-US");
        for id in cmds.message_ids() {
            assert!(
                en.contains_key(id),
                "commands/ refers to missing message {id}"
            );
        }
    }

    /// Help shows each subcommand's usage (and each command shown by its text form) from
    /// its description's `.usage` attribute: there in every language, starting with the
    /// command id, so that a configured name can replace it.
    #[test]
    fn every_usage_line_exists_in_every_language() {
        let cmds = Commands::load().unwrap();
        let i18n = I18n::load().unwrap();
        for loc in crate::domain::SUPPORTED_LOCALES {
            for c in &cmds.list {
                let mut ids: Vec<(&str, &str)> = c
                    .subcommands
                    .iter()
                    .map(|s| (s.description.as_str(), "usage"))
                    .collect();
                ids.extend(
                    c.subcommands
                        .iter()
                        .filter(|s| s.wider.is_some())
                        .map(|s| (s.description.as_str(), "usage-wider")),
                );
                if c.subcommands.is_empty() || c.opens_form {
                    ids.push((c.description.as_str(), "usage"));
                }
                for (id, attr) in ids {
                    let usage = i18n
                        .attr(loc, id, attr)
                        .unwrap_or_else(|| panic!("{loc}: {id} has no .{attr}"));
                    assert!(
                        usage.starts_with(&format!("{} ", c.id)),
                        "{loc}: {id}.{attr} = {usage}"
                    );
                }
            }
        }
    }

    /// A deployment may rename a command (`name` in its file): help shows the new name in
    /// every usage line, whatever the language.
    #[test]
    fn a_renamed_command_shows_its_name_in_help() {
        let mut cmds = Commands::load().unwrap();
        let i18n = I18n::load().unwrap();
        for c in cmds.list.iter_mut().filter(|c| c.id == "concern") {
            c.name = "reportar".into();
        }
        let lines = cmds.help_lines(&i18n, "es", |_| true);
        assert!(
            lines.iter().any(|(u, _)| u.trim() == "/reportar ver CASO"),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|(u, _)| u.trim() == "/reportar REF-ESTUDIANTE detalles…"),
            "{lines:?}"
        );
        assert!(
            lines.iter().all(|(u, _)| !u.contains("/concern")),
            "{lines:?}"
        );
    }

    #[test]
    fn every_file_in_commands_folder_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("commands");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn lookup_by_typed_name() {
        let cmds = Commands::load().unwrap();
        assert_eq!(cmds.by_name("/Indicators").unwrap().id, "indicators");
        assert!(cmds.by_name("/nope").is_none());
    }
}
