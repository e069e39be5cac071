//! Neutral replies as Slack Block Kit, within Slack's limits (50 blocks, 3,000 characters a
//! text, 10 fields a section, 75 characters an option).
use serde_json::{Value, json};

use crate::engine::{Block, ButtonStyle, Form, FormFieldKind, FormValues, Reply};

const MAX_BLOCKS: usize = 50;
const MAX_TEXT: usize = 3000;
const MAX_HEADER: usize = 150;
const MAX_FIELD: usize = 2000;
const MAX_OPTION: usize = 75;
const MAX_TITLE: usize = 24;
const MAX_SELECT_OPTIONS: usize = 100;

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

/// Slack mrkdwn treats `&`, `<` and `>` as control characters.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn mrkdwn(s: &str) -> Value {
    json!({"type": "mrkdwn", "text": clip(&escape(s), MAX_TEXT)})
}

fn plain(s: &str, n: usize) -> Value {
    json!({"type": "plain_text", "text": clip(s, n), "emoji": true})
}

/// The blocks of a reply.
pub fn blocks(reply: &Reply) -> Vec<Value> {
    let mut out = vec![];
    for b in &reply.blocks {
        match b {
            Block::Heading { text } => {
                out.push(json!({"type": "header", "text": plain(text, MAX_HEADER)}))
            }
            Block::Text { text } => out.push(json!({"type": "section", "text": mrkdwn(text)})),
            Block::Warning { text } => {
                out.push(json!({"type": "section", "text": mrkdwn(&format!("⚠️ {text}"))}))
            }
            Block::Bullets { items } => {
                // Several sections if the list is longer than one text allows.
                let mut chunk = String::new();
                for i in items {
                    let line = format!("• {}\n", escape(i));
                    if chunk.chars().count() + line.chars().count() > MAX_TEXT && !chunk.is_empty()
                    {
                        out.push(
                            json!({"type": "section", "text": {"type": "mrkdwn", "text": chunk}}),
                        );
                        chunk = String::new();
                    }
                    chunk.push_str(&line);
                }
                if !chunk.is_empty() {
                    out.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": clip(&chunk, MAX_TEXT)}}));
                }
            }
            Block::Fields { fields } => {
                for group in fields.chunks(10) {
                    let f: Vec<Value> = group
                        .iter()
                        .map(|(k, v)| {
                            json!({"type": "mrkdwn", "text": clip(&format!("*{}*\n{}", escape(k), escape(v)), MAX_FIELD)})
                        })
                        .collect();
                    out.push(json!({"type": "section", "fields": f}));
                }
            }
            Block::Actions { buttons } => {
                let elements: Vec<Value> = buttons
                    .iter()
                    .take(25)
                    .map(|b| {
                        let mut e = json!({
                            "type": "button",
                            "text": plain(&b.label, MAX_OPTION),
                            "action_id": b.action,
                            "value": clip(&b.value, 2000),
                        });
                        match b.style {
                            ButtonStyle::Primary => e["style"] = json!("primary"),
                            ButtonStyle::Danger => e["style"] = json!("danger"),
                            ButtonStyle::Default => {}
                        }
                        e
                    })
                    .collect();
                out.push(json!({"type": "actions", "elements": elements}));
            }
            Block::Footer { text } => {
                out.push(json!({"type": "context", "elements": [mrkdwn(text)]}))
            }
        }
    }
    if out.len() > MAX_BLOCKS {
        out.truncate(MAX_BLOCKS);
    }
    out
}

/// The plain-text fallback Slack shows in notifications.
pub fn fallback_text(reply: &Reply) -> String {
    clip(&reply.to_text(), MAX_TEXT)
}

/// An ephemeral response body for a slash command or `response_url`.
pub fn ephemeral(reply: &Reply) -> Value {
    json!({
        "response_type": "ephemeral",
        "text": fallback_text(reply),
        "blocks": blocks(reply),
    })
}

/// A modal view for a form. `private_metadata` carries what the submission needs back.
pub fn modal(form: &Form, close: &str, private_metadata: &str) -> Value {
    let mut blocks = vec![];
    for f in &form.fields {
        let element = match &f.kind {
            FormFieldKind::ShortText { max_len } => json!({
                "type": "plain_text_input", "action_id": "value", "max_length": max_len,
            }),
            FormFieldKind::LongText { max_len } => json!({
                "type": "plain_text_input", "action_id": "value", "multiline": true, "max_length": max_len,
            }),
            FormFieldKind::MultiSelect { groups } => {
                let option_groups: Vec<Value> = groups
                    .iter()
                    .filter(|(_, opts)| !opts.is_empty())
                    .map(|(label, opts)| {
                        json!({
                            "label": plain(label, MAX_OPTION),
                            "options": opts.iter().take(100).map(|(value, text)| json!({
                                "text": plain(text, MAX_OPTION),
                                "value": value,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({"type": "multi_static_select", "action_id": "value", "option_groups": option_groups})
            }
            FormFieldKind::YesNo { yes, no } => json!({
                "type": "radio_buttons",
                "action_id": "value",
                "options": [
                    {"text": plain(no, MAX_OPTION), "value": "no"},
                    {"text": plain(yes, MAX_OPTION), "value": "yes"},
                ],
            }),
            FormFieldKind::Select { options } => json!({
                "type": "static_select",
                "action_id": "value",
                "options": options.iter().take(MAX_SELECT_OPTIONS).map(|(value, text)| json!({
                    "text": plain(text, MAX_OPTION),
                    "value": value,
                })).collect::<Vec<_>>(),
            }),
            FormFieldKind::Date => json!({"type": "datepicker", "action_id": "value"}),
            FormFieldKind::Time => json!({"type": "timepicker", "action_id": "value"}),
            FormFieldKind::People { max, .. } => json!({
                "type": "multi_users_select",
                "action_id": "value",
                "max_selected_items": max,
            }),
        };
        let mut block = json!({
            "type": "input",
            "block_id": f.id,
            "optional": !f.required,
            "label": plain(&f.label, 2000),
            "element": element,
        });
        if let Some(h) = &f.hint {
            block["hint"] = plain(h, 2000);
        }
        blocks.push(block);
    }
    json!({
        "type": "modal",
        "callback_id": form.id,
        "title": plain(&form.title, MAX_TITLE),
        "submit": plain(&form.submit, MAX_TITLE),
        "close": plain(close, MAX_TITLE),
        "private_metadata": clip(private_metadata, 3000),
        "blocks": blocks,
    })
}

/// What a person entered in a modal, by field id, read from the submitted view's state
/// by each field's kind (every element's action id is `value`).
pub fn form_values(form: &Form, view: &Value) -> FormValues {
    let mut out = FormValues::new();
    for f in &form.fields {
        let v = &view["state"]["values"][f.id.as_str()]["value"];
        let text = |x: &Value| x.as_str().map(String::from);
        let found: Vec<String> = match &f.kind {
            FormFieldKind::ShortText { .. } | FormFieldKind::LongText { .. } => {
                text(&v["value"]).into_iter().collect()
            }
            FormFieldKind::Select { .. } | FormFieldKind::YesNo { .. } => {
                text(&v["selected_option"]["value"]).into_iter().collect()
            }
            FormFieldKind::MultiSelect { .. } => v["selected_options"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| text(&o["value"]))
                .collect(),
            FormFieldKind::Date => text(&v["selected_date"]).into_iter().collect(),
            FormFieldKind::Time => text(&v["selected_time"]).into_iter().collect(),
            FormFieldKind::People { .. } => v["selected_users"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(text)
                .collect(),
        };
        if !found.is_empty() {
            out.insert(f.id.clone(), found);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Button, FormField};

    #[test]
    fn reply_renders_within_limits_and_escapes() {
        let long: Vec<String> = (0..200)
            .map(|i| format!("item {i} {}", "x".repeat(40)))
            .collect();
        let r = Reply::new()
            .heading("H".repeat(400))
            .text("a < b & c")
            .bullets(long)
            .fields((0..12).map(|i| (format!("k{i}"), "v".into())).collect())
            .actions(vec![Button {
                action: "concern.ack".into(),
                value: "C-1001".into(),
                label: "Acknowledge".into(),
                style: ButtonStyle::Primary,
            }])
            .footer("f");
        let v = ephemeral(&r);
        assert_eq!(v["response_type"], "ephemeral");
        let blocks = v["blocks"].as_array().unwrap();
        assert!(blocks.len() <= 50);
        assert!(blocks[0]["text"]["text"].as_str().unwrap().chars().count() <= 150);
        assert_eq!(blocks[1]["text"]["text"], "a &lt; b &amp; c");
        for b in blocks {
            if let Some(t) = b["text"]["text"].as_str() {
                assert!(t.chars().count() <= 3000);
            }
        }
        assert!(
            blocks
                .iter()
                .any(|b| b["type"] == "actions" && b["elements"][0]["style"] == "primary")
        );
    }

    #[test]
    fn modal_options_are_short_enough() {
        let form = Form {
            id: "concern".into(),
            title: "Report a concern to the counselor".into(),
            submit: "Send".into(),
            fields: vec![FormField {
                id: "indicators".into(),
                label: "Observed".into(),
                kind: FormFieldKind::MultiSelect {
                    groups: vec![("Group".into(), vec![("id1".into(), "y".repeat(200))])],
                },
                required: false,
                hint: None,
                shown_when: None,
            }],
        };
        let v = modal(&form, "Cancel", "{}");
        assert!(v["title"]["text"].as_str().unwrap().chars().count() <= 24);
        let opt = &v["blocks"][0]["element"]["option_groups"][0]["options"][0];
        assert!(opt["text"]["text"].as_str().unwrap().chars().count() <= 75);
        assert_eq!(opt["value"], "id1");
    }
}
