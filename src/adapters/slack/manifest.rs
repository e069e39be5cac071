//! The Slack app manifest, generated from `commands/`: slash commands, interactivity and
//! event URLs, and the smallest set of bot scopes the features need.
use serde_json::{Value, json};

use crate::i18n::{DEFAULT_LOCALE, I18n};
use crate::spec::Commands;

/// Bot scopes: slash commands; DMs (open the IM, post, update); reading the bot's own DMs
/// back (a retried private message whose first answer was lost is looked for there, so it
/// is never posted twice); the user's locale.
pub const BOT_SCOPES: &[&str] = &[
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "users:read",
];

pub fn manifest(commands: &Commands, i18n: &I18n, base_url: &str, app_name: &str) -> Value {
    let base = base_url.trim_end_matches('/');
    let slash: Vec<Value> = commands
        .list
        .iter()
        .map(|c| {
            let hint = c
                .text_form
                .strip_prefix(c.id.as_str())
                .unwrap_or(&c.text_form)
                .trim();
            json!({
                "command": format!("/{}", c.name),
                "url": format!("{base}/slack/commands"),
                "description": super::render::clip(&i18n.msg(DEFAULT_LOCALE, &c.description, &[]), 2000),
                "usage_hint": super::render::clip(hint, 1000),
                "should_escape": false,
            })
        })
        .collect();
    json!({
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": app_name,
            "description": "The school's child-trafficking response protocol in chat. Not an emergency service.",
            "background_color": "#1d4e89",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": false,
                "messages_tab_enabled": true,
                "messages_tab_read_only_enabled": true,
            },
            "bot_user": {"display_name": app_name, "always_online": true},
            "slash_commands": slash,
        },
        "oauth_config": {"scopes": {"bot": BOT_SCOPES}},
        "settings": {
            "event_subscriptions": {"request_url": format!("{base}/slack/events")},
            "interactivity": {"is_enabled": true, "request_url": format!("{base}/slack/interactions")},
            "org_deploy_enabled": false,
            "socket_mode_enabled": false,
            "token_rotation_enabled": false,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_in_the_manifest_with_the_right_urls() {
        let commands = Commands::load().unwrap();
        let i18n = I18n::load().unwrap();
        let m = manifest(&commands, &i18n, "https://sh.example/", "SafeHarbor");
        let cmds = m["features"]["slash_commands"].as_array().unwrap();
        assert_eq!(cmds.len(), commands.list.len());
        assert!(cmds.iter().any(|c| c["command"] == "/indicators"
            && c["url"] == "https://sh.example/slack/commands"
            && c["description"].as_str().unwrap().contains("warning signs")));
        assert_eq!(
            m["settings"]["interactivity"]["request_url"],
            "https://sh.example/slack/interactions"
        );
        assert_eq!(
            m["settings"]["event_subscriptions"]["request_url"],
            "https://sh.example/slack/events"
        );
        assert_eq!(
            m["oauth_config"]["scopes"]["bot"],
            json!([
                "commands",
                "chat:write",
                "im:write",
                "im:history",
                "users:read"
            ])
        );
    }
}
