//! Neutral replies as Adaptive Cards (version 1.4: TextBlock, FactSet, Container,
//! ActionSet with Action.OpenUrl, the only action a webhook card can carry), wrapped as a
//! Teams message activity, and the private-message envelope our Workflows flow expects.
use serde_json::{Value, json};

use crate::engine::{Block, Button, ButtonStyle, Reply};

pub const CARD_CONTENT_TYPE: &str = "application/vnd.microsoft.card.adaptive";
pub const CARD_VERSION: &str = "1.4";
const SCHEMA: &str = "http://adaptivecards.io/schemas/adaptive-card.json";

/// Longest text in one TextBlock; a handoff's details are at most 3,000 characters.
const MAX_TEXT: usize = 4000;
/// Teams refuses messages over about 28 KB; keep the card's JSON well below.
const MAX_CARD_BYTES: usize = 24_000;
const MAX_ACTIONS: usize = 6;

/// Cut to at most `n` characters, marking the cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Text for a TextBlock or a fact, cut to `n` characters. Teams reads these as Markdown,
/// where `[words](url)` is a link showing only the words: in text someone typed (a
/// concern's details, a search echoed back) that would be a link SafeHarbor seems to
/// vouch for, its address hidden. A zero-width space between `]` and `(` keeps it plain
/// text; SafeHarbor's own links are buttons, never Markdown. (Bold and italics stay: they
/// hide nothing.)
fn shown(text: &str, n: usize) -> String {
    let cut = clip(text, n);
    if cut.contains("](") {
        cut.replace("](", "]\u{200b}(")
    } else {
        cut
    }
}

fn text_block(text: &str) -> Value {
    json!({"type": "TextBlock", "text": shown(text, MAX_TEXT), "wrap": true})
}

/// The card for a reply. `link` turns a button into the URL it opens; a button without
/// one is left out (channel replies carry no buttons: a link acts as one person).
pub fn card(reply: &Reply, link: &dyn Fn(&Button) -> Option<String>) -> Value {
    let mut body: Vec<Value> = vec![];
    for b in &reply.blocks {
        match b {
            Block::Heading { text } => body.push(json!({
                "type": "TextBlock", "text": shown(text, MAX_TEXT), "wrap": true,
                "weight": "Bolder", "size": "Medium",
            })),
            Block::Text { text } => body.push(text_block(text)),
            Block::Warning { text } => body.push(json!({
                "type": "Container",
                "style": "attention",
                "items": [{
                    "type": "TextBlock", "text": shown(&format!("⚠️ {text}"), MAX_TEXT),
                    "wrap": true, "weight": "Bolder", "color": "Attention",
                }],
            })),
            Block::Bullets { items } => body.push(json!({
                "type": "Container",
                "items": items.iter().map(|i| json!({
                    "type": "TextBlock", "text": shown(&format!("• {i}"), MAX_TEXT),
                    "wrap": true, "spacing": "Small",
                })).collect::<Vec<_>>(),
            })),
            Block::Fields { fields } => body.push(json!({
                "type": "FactSet",
                "facts": fields.iter().map(|(k, v)| json!({
                    "title": shown(k, 200), "value": shown(v, MAX_TEXT),
                })).collect::<Vec<_>>(),
            })),
            Block::Actions { buttons } => {
                let actions: Vec<Value> = buttons
                    .iter()
                    .filter_map(|b| link(b).map(|url| open_url(b, url)))
                    .take(MAX_ACTIONS)
                    .collect();
                if !actions.is_empty() {
                    body.push(json!({"type": "ActionSet", "actions": actions}));
                }
            }
            Block::Footer { text } => body.push(json!({
                "type": "TextBlock", "text": shown(text, MAX_TEXT), "wrap": true,
                "isSubtle": true, "size": "Small",
            })),
        }
    }
    json!({
        "$schema": SCHEMA,
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": fit(body),
        "msteams": {"width": "Full"},
    })
}

/// Keep the body within Teams' size limit: whole elements while they fit, then as many
/// items of the next list as fit, then a mark that something was cut (the full text stays
/// available through the commands, e.g. `concern show`).
fn fit(body: Vec<Value>) -> Vec<Value> {
    let size = |v: &Value| v.to_string().len() + 1;
    if body.iter().map(size).sum::<usize>() <= MAX_CARD_BYTES {
        return body;
    }
    let budget = MAX_CARD_BYTES - 1000;
    let mut used = 0;
    let mut out = Vec::new();
    for mut element in body {
        let n = size(&element);
        if used + n <= budget {
            used += n;
            out.push(element);
            continue;
        }
        if let Some(items) = element["items"].as_array_mut() {
            let mut kept = Vec::new();
            let mut part = 100;
            for item in items.drain(..) {
                let m = size(&item);
                if used + part + m > budget {
                    break;
                }
                part += m;
                kept.push(item);
            }
            if !kept.is_empty() {
                *items = kept;
                out.push(element);
            }
        }
        break;
    }
    out.push(text_block("…"));
    out
}

fn open_url(b: &Button, url: String) -> Value {
    let mut a = json!({"type": "Action.OpenUrl", "title": clip(&b.label, 80), "url": url});
    match b.style {
        ButtonStyle::Primary => a["style"] = json!("positive"),
        ButtonStyle::Danger => a["style"] = json!("destructive"),
        ButtonStyle::Default => {}
    }
    a
}

/// A message activity carrying one card: the outgoing webhook's synchronous reply.
pub fn activity(card: Value) -> Value {
    json!({
        "type": "message",
        "attachments": [{
            "contentType": CARD_CONTENT_TYPE,
            "contentUrl": null,
            "content": card,
        }],
    })
}

/// The body posted to a person's Workflows webhook: the activity plus whom it is for and
/// the outbox key, so one flow can serve everyone and notice a repeated delivery.
pub fn private_notice(card: Value, recipient_email: &str, idempotency_key: &str) -> Value {
    let mut v = activity(card);
    v["recipient"] = json!(recipient_email);
    v["idempotency_key"] = json!(idempotency_key);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str =
        include_str!("../../../tests/fixtures/teams/workflows_webhook_private_notice.DERIVED.json");

    fn button(action: &str, style: ButtonStyle) -> Button {
        Button {
            action: action.into(),
            value: "C-1001".into(),
            label: "Acknowledge".into(),
            style,
        }
    }

    #[test]
    fn a_markdown_link_in_someone_s_text_stays_plain_text() {
        let typed = "see [the full report](https://evil.example/x) now";
        let r = Reply::new()
            .text(typed)
            .bullets(vec![typed.into()])
            .fields(vec![("Details".into(), typed.into())])
            .warning(typed)
            .footer(typed);
        let json = card(&r, &|_| None).to_string();
        assert!(!json.contains("](https"), "{json}");
        assert_eq!(
            json.matches("]\u{200b}(https://evil.example/x)").count(),
            5,
            "{json}"
        );
        // Nothing else changes.
        let plain = card(&Reply::new().text("**bold** [x] (y)"), &|_| None);
        assert_eq!(plain["body"][0]["text"], "**bold** [x] (y)");
    }

    #[test]
    fn the_private_envelope_has_the_fixtures_shape() {
        let r = Reply::new()
            .heading("Staff notice")
            .text("Fire drill moved to 10:40.")
            .fields(vec![
                ("From".into(), "Deputy Head".into()),
                ("Sent".into(), "2026-01-12 08:05".into()),
            ]);
        let got = private_notice(
            card(&r, &|_| None),
            "teacher@school.example",
            "notice-42:teacher@school.example",
        );
        let want: Value = serde_json::from_str(FIXTURE).unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn buttons_become_open_url_actions_only_when_linked() {
        let r = Reply::new().text("t").actions(vec![
            button("concern.ack", ButtonStyle::Primary),
            button("concern.close", ButtonStyle::Danger),
            button("concern.note", ButtonStyle::Default),
        ]);
        let unlinked = card(&r, &|_| None);
        assert!(!unlinked.to_string().contains("Action."), "{unlinked}");
        let linked = card(&r, &|b| {
            (b.action != "concern.note").then(|| format!("https://x.example/{}", b.action))
        });
        let actions = linked["body"][1]["actions"].as_array().unwrap();
        assert_eq!(actions.len(), 2);
        assert_eq!(actions[0]["type"], "Action.OpenUrl");
        assert_eq!(actions[0]["url"], "https://x.example/concern.ack");
        assert_eq!(actions[0]["style"], "positive");
        assert_eq!(actions[1]["style"], "destructive");
        assert_eq!(linked["version"], "1.4");
    }

    #[test]
    fn every_block_kind_renders_and_big_replies_are_cut_to_fit() {
        let r = Reply::new()
            .heading("H")
            .warning("W")
            .bullets(vec!["a".into(), "b".into()])
            .fields(vec![("k".into(), "v".into())])
            .footer("F");
        let c = card(&r, &|_| None);
        let kinds: Vec<&str> = c["body"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "TextBlock",
                "Container",
                "Container",
                "FactSet",
                "TextBlock"
            ]
        );
        let long: Vec<String> = (0..400)
            .map(|i| format!("{i} {}", "x".repeat(100)))
            .collect();
        let big = card(
            &Reply::new()
                .heading("H")
                .bullets(long.clone())
                .bullets(long),
            &|_| None,
        );
        assert!(big.to_string().len() <= MAX_CARD_BYTES);
        assert_eq!(big["body"][0]["text"], "H");
        assert_eq!(big["body"].as_array().unwrap().last().unwrap()["text"], "…");
    }
}
