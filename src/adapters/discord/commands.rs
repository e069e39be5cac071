//! The Discord command registration, generated from `commands/`: one chat-input command per
//! command with its text options, and Spanish names and descriptions (from the Fluent
//! files) as localizations for Discord's `es-ES` and `es-419`. Discord's limits: names
//! 1-32 lowercase characters, descriptions 1-100 characters.
use serde_json::Value;
use serenity::all::{
    CommandOptionType, CommandType, CreateCommand, CreateCommandOption, InstallationContext,
    InteractionContext,
};

use super::render::clip;
use crate::i18n::{DEFAULT_LOCALE, I18n};
use crate::spec::Commands;

/// Discord's locales that get the Spanish texts.
pub const SPANISH_LOCALES: &[&str] = &["es-ES", "es-419"];
const MAX_NAME: usize = 32;
const MAX_DESCRIPTION: usize = 100;

/// A name Discord accepts: lowercase, no spaces, at most 32 characters; None if nothing is left.
fn discord_name(s: &str) -> Option<String> {
    let name: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .take(MAX_NAME)
        .collect();
    (!name.is_empty()).then_some(name)
}

fn description(i18n: &I18n, locale: &str, id: &str) -> String {
    let text = clip(i18n.msg(locale, id, &[]).trim(), MAX_DESCRIPTION);
    if text.is_empty() { "-".into() } else { text }
}

/// A message that exists in a locale (`msg` answers with the id itself when it does not).
fn localized(i18n: &I18n, locale: &str, id: &str) -> Option<String> {
    let text = i18n.msg(locale, id, &[]);
    (text != id).then_some(text)
}

/// The command registration as serenity's builders.
pub fn builders(commands: &Commands, i18n: &I18n) -> Vec<CreateCommand> {
    commands
        .list
        .iter()
        .map(|c| {
            let mut cmd = CreateCommand::new(c.name.clone())
                .kind(CommandType::ChatInput)
                .description(description(i18n, DEFAULT_LOCALE, &c.description))
                .contexts(vec![InteractionContext::Guild, InteractionContext::BotDm])
                .integration_types(vec![InstallationContext::Guild]);
            let es_name = localized(i18n, "es", &format!("discord-name-{}", c.id))
                .and_then(|n| discord_name(&n));
            for loc in SPANISH_LOCALES {
                if let Some(n) = &es_name {
                    cmd = cmd.name_localized(*loc, n.clone());
                }
                cmd = cmd.description_localized(*loc, description(i18n, "es", &c.description));
            }
            for o in &c.options {
                let mut opt = CreateCommandOption::new(
                    CommandOptionType::String,
                    o.name.clone(),
                    description(i18n, DEFAULT_LOCALE, &o.description),
                )
                .required(o.required);
                let es_opt = localized(i18n, "es", &format!("discord-option-{}-{}", c.id, o.name))
                    .and_then(|n| discord_name(&n));
                for loc in SPANISH_LOCALES {
                    if let Some(n) = &es_opt {
                        opt = opt.name_localized(*loc, n.clone());
                    }
                    opt = opt.description_localized(*loc, description(i18n, "es", &o.description));
                }
                cmd = cmd.add_option(opt);
            }
            cmd
        })
        .collect()
}

/// The registration JSON (`safeharbor manifest discord`; `safeharbor discord register` PUTs it).
pub fn registration(commands: &Commands, i18n: &I18n) -> Value {
    serde_json::to_value(builders(commands, i18n)).expect("command builders serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_registered_within_discords_limits_with_spanish() {
        let commands = Commands::load().unwrap();
        let i18n = I18n::load().unwrap();
        let json = registration(&commands, &i18n);
        let list = json.as_array().unwrap();
        assert_eq!(list.len(), commands.list.len());
        let ok_name = |n: &str| {
            !n.is_empty()
                && n.chars().count() <= 32
                && n == n.to_lowercase()
                && !n.contains(char::is_whitespace)
        };
        for c in list {
            assert_eq!(c["type"], 1, "chat input");
            assert!(ok_name(c["name"].as_str().unwrap()), "{c}");
            let d = c["description"].as_str().unwrap();
            assert!((1..=100).contains(&d.chars().count()), "{d}");
            for loc in SPANISH_LOCALES {
                let n = c["name_localizations"][loc].as_str().unwrap();
                assert!(ok_name(n), "{n}");
                let d = c["description_localizations"][loc].as_str().unwrap();
                assert!((1..=100).contains(&d.chars().count()), "{d}");
                for o in c["options"].as_array().unwrap() {
                    assert!(ok_name(o["name_localizations"][loc].as_str().unwrap()));
                    let d = o["description_localizations"][loc].as_str().unwrap();
                    assert!((1..=100).contains(&d.chars().count()));
                }
            }
            for o in c["options"].as_array().unwrap() {
                assert_eq!(o["type"], 3, "string option");
                assert!(ok_name(o["name"].as_str().unwrap()));
            }
        }
        let ind = list.iter().find(|c| c["name"] == "indicators").unwrap();
        assert_eq!(ind["name_localizations"]["es-ES"], "indicadores");
        assert!(
            ind["description_localizations"]["es-419"]
                .as_str()
                .unwrap()
                .contains("señales")
        );
    }

    #[test]
    fn names_are_made_acceptable() {
        assert_eq!(
            discord_name("Capacitación Anual").unwrap(),
            "capacitación-anual"
        );
        assert_eq!(discord_name("  "), None);
        assert_eq!(discord_name(&"a".repeat(40)).unwrap().len(), 32);
    }
}
