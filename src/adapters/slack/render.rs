//! Neutral replies as Slack Block Kit, within Slack's limits (50 blocks, 3,000 characters a
//! text, 10 fields a section, 75 characters an option).
use std::borrow::Cow;

use serde::Serialize;
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
    clip_cow(Cow::Borrowed(s), n).into_owned()
}

/// Whether `s` is at most `n` characters. A text of at most n bytes has at most n
/// characters: no need to count.
fn fits(s: &str, n: usize) -> bool {
    s.len() <= n || s.chars().count() <= n
}

/// The first `n - 1` characters of `s` and a mark that it was cut.
fn cut(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// [`clip`] without copying a text that fits.
fn clip_cow(s: Cow<'_, str>, n: usize) -> Cow<'_, str> {
    if fits(&s, n) {
        s
    } else {
        Cow::Owned(cut(&s, n))
    }
}

/// [`clip_cow`] for escaped text (every clip of text [`escape_cow`] made): a cut never
/// leaves half an entity (`&am…`) behind.
fn clip_escaped(s: Cow<'_, str>, n: usize) -> Cow<'_, str> {
    if fits(&s, n) {
        return s;
    }
    let mut cut = cut(&s, n);
    let body = cut.len() - '…'.len_utf8();
    if let Some(amp) = cut[..body].rfind('&')
        && !cut[amp..body].contains(';')
    {
        cut.replace_range(amp..body, "");
    }
    Cow::Owned(cut)
}

/// Slack mrkdwn treats `&`, `<` and `>` as control characters.
pub fn escape(s: &str) -> String {
    escape_cow(s).into_owned()
}

/// [`escape`] without copying a text that has nothing to escape.
fn escape_cow(s: &str) -> Cow<'_, str> {
    // Most texts have none of the three: a vectorized byte search says so quickly.
    if memchr::memchr3(b'&', b'<', b'>', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

// Block Kit, typed: serialized straight to the response without building a
// `serde_json::Value` tree first. Fields are declared in alphabetical order so the bytes
// are the same as those of the `Value` (whose keys are sorted) they replace.

/// `{"text": …, "type": "mrkdwn"}`
#[derive(Serialize)]
struct Mrkdwn<'a> {
    text: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: &'static str,
}

fn mrkdwn_raw(text: Cow<'_, str>) -> Mrkdwn<'_> {
    Mrkdwn {
        text,
        kind: "mrkdwn",
    }
}

/// Escaped and clipped to one section's text.
fn mrkdwn(s: &str) -> Mrkdwn<'_> {
    mrkdwn_raw(clip_escaped(escape_cow(s), MAX_TEXT))
}

/// `{"emoji": true, "text": …, "type": "plain_text"}`
#[derive(Serialize)]
struct Plain<'a> {
    emoji: bool,
    text: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: &'static str,
}

fn plain(s: &str, n: usize) -> Plain<'_> {
    Plain {
        emoji: true,
        text: clip_cow(Cow::Borrowed(s), n),
        kind: "plain_text",
    }
}

fn plain_value(s: &str, n: usize) -> Value {
    serde_json::to_value(plain(s, n)).expect("plain text serializes")
}

#[derive(Serialize)]
struct ButtonElement<'a> {
    action_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    style: Option<&'static str>,
    text: Plain<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
    value: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum SlackBlock<'a> {
    Header {
        text: Plain<'a>,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Section {
        text: Mrkdwn<'a>,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Fields {
        fields: Vec<Mrkdwn<'a>>,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Actions {
        elements: Vec<ButtonElement<'a>>,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Context {
        elements: [Mrkdwn<'a>; 1],
        #[serde(rename = "type")]
        kind: &'static str,
    },
}

fn section(text: Mrkdwn<'_>) -> SlackBlock<'_> {
    SlackBlock::Section {
        text,
        kind: "section",
    }
}

/// The blocks of a reply, typed.
fn typed_blocks(reply: &Reply) -> Vec<SlackBlock<'_>> {
    let mut out = Vec::with_capacity(reply.blocks.len() + 1);
    for b in &reply.blocks {
        match b {
            Block::Heading { text } => out.push(SlackBlock::Header {
                text: plain(text, MAX_HEADER),
                kind: "header",
            }),
            Block::Text { text } => out.push(section(mrkdwn(text))),
            Block::Warning { text } => {
                let warned = format!("⚠️ {text}");
                let text = clip_escaped(escape_cow(&warned), MAX_TEXT).into_owned();
                out.push(section(mrkdwn_raw(Cow::Owned(text))));
            }
            Block::Bullets { items } => {
                // Several sections if the list is longer than one text allows.
                let mut chunk = String::new();
                let mut chunk_chars = 0;
                for i in items {
                    // One item longer than a section allows (a long note in a case's
                    // history) is cut, so no section is ever over the limit.
                    let item = clip_escaped(escape_cow(i), MAX_TEXT - 3);
                    // "• " + item + "\n"
                    let line_chars = item.chars().count() + 3;
                    if chunk_chars + line_chars > MAX_TEXT && !chunk.is_empty() {
                        out.push(section(mrkdwn_raw(Cow::Owned(std::mem::take(&mut chunk)))));
                        chunk_chars = 0;
                    }
                    chunk.push_str("• ");
                    chunk.push_str(&item);
                    chunk.push('\n');
                    chunk_chars += line_chars;
                }
                if !chunk.is_empty() {
                    let text = clip_escaped(Cow::Owned(chunk), MAX_TEXT).into_owned();
                    out.push(section(mrkdwn_raw(Cow::Owned(text))));
                }
            }
            Block::Fields { fields } => {
                for group in fields.chunks(10) {
                    let fields = group
                        .iter()
                        .map(|(k, v)| {
                            let text = format!("*{}*\n{}", escape_cow(k), escape_cow(v));
                            mrkdwn_raw(clip_escaped(Cow::Owned(text), MAX_FIELD))
                        })
                        .collect();
                    out.push(SlackBlock::Fields {
                        fields,
                        kind: "section",
                    });
                }
            }
            Block::Actions { buttons } => {
                let elements = buttons
                    .iter()
                    .take(25)
                    .map(|b| ButtonElement {
                        action_id: &b.action,
                        style: match b.style {
                            ButtonStyle::Primary => Some("primary"),
                            ButtonStyle::Danger => Some("danger"),
                            ButtonStyle::Default => None,
                        },
                        text: plain(&b.label, MAX_OPTION),
                        kind: "button",
                        value: clip_cow(Cow::Borrowed(&b.value), 2000),
                    })
                    .collect();
                out.push(SlackBlock::Actions {
                    elements,
                    kind: "actions",
                });
            }
            Block::Footer { text } => out.push(SlackBlock::Context {
                elements: [mrkdwn(text)],
                kind: "context",
            }),
        }
    }
    if out.len() > MAX_BLOCKS {
        out.truncate(MAX_BLOCKS);
    }
    out
}

/// The blocks of a reply.
pub fn blocks(reply: &Reply) -> Vec<Value> {
    typed_blocks(reply)
        .iter()
        .map(|b| serde_json::to_value(b).expect("blocks serialize"))
        .collect()
}

/// A message's blocks with a result below them, after a divider: within Slack's 50
/// blocks, the message's last blocks giving way so the result is always there.
pub fn with_result(mut message: Vec<Value>, result: &Reply) -> Vec<Value> {
    let result = blocks(result);
    message.truncate(MAX_BLOCKS.saturating_sub(result.len() + 1));
    message.push(json!({"type": "divider"}));
    message.extend(result);
    message.truncate(MAX_BLOCKS);
    message
}

/// The `text` of a private message: what Slack puts in push notifications, on lock
/// screens and in e-mail digests. Only the message's first heading or line (a handoff's
/// "New concern C-000042", a reminder's first sentence), never the rest: a handoff's
/// student reference, indicators and details stay inside Slack, in the blocks.
pub fn notification_text(reply: &Reply) -> String {
    let first = reply.blocks.iter().find_map(|b| match b {
        Block::Heading { text } | Block::Text { text } | Block::Warning { text } => {
            Some(text.as_str())
        }
        _ => None,
    });
    clip(first.unwrap_or(""), MAX_HEADER)
}

/// An ephemeral response body for a slash command or `response_url`:
/// `{"blocks": […], "response_type": "ephemeral", "text": notification}`: the `text` is
/// the [`notification_text`], as for private messages (the blocks hold the reply; the
/// whole reply again as text was as long as the blocks and escaped a second time). Serializes
/// straight to bytes (`Json(Ephemeral(&reply))`); [`ephemeral`] is the same as a `Value`.
pub struct Ephemeral<'a>(pub &'a Reply);

impl Serialize for Ephemeral<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("blocks", &typed_blocks(self.0))?;
        m.serialize_entry("response_type", "ephemeral")?;
        m.serialize_entry("text", &notification_text(self.0))?;
        m.end()
    }
}

/// A `response_url` body that replaces the ephemeral message a button was on (chat.update
/// cannot touch an ephemeral message): `{"blocks": […], "replace_original": true,
/// "response_type": "ephemeral", "text": notification}`, the blocks as given (after a
/// button, [`with_result`]) and the text the `reply`'s [`notification_text`].
pub struct Replacement<'a> {
    pub reply: &'a Reply,
    pub blocks: &'a [Value],
}

impl Serialize for Replacement<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("blocks", self.blocks)?;
        m.serialize_entry("replace_original", &true)?;
        m.serialize_entry("response_type", "ephemeral")?;
        m.serialize_entry("text", &notification_text(self.reply))?;
        m.end()
    }
}

/// A chat.postMessage body for a private message: `channel`, `text` (the
/// [`notification_text`]), `blocks`, and `metadata` carrying the outbox mark. Serializes
/// straight from the reply, with no JSON values or Slack model types in between.
pub struct DirectMessage<'a> {
    pub channel: &'a str,
    pub reply: &'a Reply,
    /// The metadata's event type, and the outbox key's mark as its payload.
    pub event_type: &'a str,
    pub mark: &'a str,
}

impl Serialize for DirectMessage<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        #[derive(Serialize)]
        struct Payload<'a> {
            key: &'a str,
        }
        #[derive(Serialize)]
        struct Metadata<'a> {
            event_type: &'a str,
            event_payload: Payload<'a>,
        }
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("channel", self.channel)?;
        m.serialize_entry("text", &notification_text(self.reply))?;
        m.serialize_entry("blocks", &typed_blocks(self.reply))?;
        m.serialize_entry(
            "metadata",
            &Metadata {
                event_type: self.event_type,
                event_payload: Payload { key: self.mark },
            },
        )?;
        m.end()
    }
}

/// A chat.update body: `channel`, `ts`, `text` (the reply's [`notification_text`]) and
/// the blocks: the reply's, or `blocks` as given (after a button, [`with_result`]). Serializes straight from the reply, like [`DirectMessage`].
pub struct Update<'a> {
    pub channel: &'a str,
    pub ts: &'a str,
    pub reply: &'a Reply,
    pub blocks: Option<&'a [Value]>,
}

impl Serialize for Update<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("channel", self.channel)?;
        m.serialize_entry("ts", self.ts)?;
        m.serialize_entry("text", &notification_text(self.reply))?;
        match self.blocks {
            Some(blocks) => m.serialize_entry("blocks", blocks)?,
            None => m.serialize_entry("blocks", &typed_blocks(self.reply))?,
        }
        m.end()
    }
}

/// A view_submission's answer that replaces the modal with a reply:
/// `{"response_action": "update", "view": {"blocks": …, "close": …, "title": …, "type":
/// "modal"}}`, the title and close label clipped to Slack's 24 characters. Serializes
/// straight from the reply.
pub struct ResultModal<'a> {
    pub title: &'a str,
    pub close: &'a str,
    pub reply: &'a Reply,
}

impl Serialize for ResultModal<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        /// `{"text": …, "type": "plain_text"}`
        #[derive(Serialize)]
        struct Label<'a> {
            text: Cow<'a, str>,
            #[serde(rename = "type")]
            kind: &'static str,
        }
        #[derive(Serialize)]
        struct View<'a> {
            blocks: Vec<SlackBlock<'a>>,
            close: Label<'a>,
            title: Label<'a>,
            #[serde(rename = "type")]
            kind: &'static str,
        }
        let label = |text| Label {
            text: clip_cow(Cow::Borrowed(text), MAX_TITLE),
            kind: "plain_text",
        };
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("response_action", "update")?;
        m.serialize_entry(
            "view",
            &View {
                blocks: typed_blocks(self.reply),
                close: label(self.close),
                title: label(self.title),
                kind: "modal",
            },
        )?;
        m.end()
    }
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
                            "label": plain_value(label, MAX_OPTION),
                            "options": opts.iter().take(100).map(|(value, text)| json!({
                                "text": plain_value(text, MAX_OPTION),
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
                    {"text": plain_value(no, MAX_OPTION), "value": "no"},
                    {"text": plain_value(yes, MAX_OPTION), "value": "yes"},
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
            "label": plain_value(&f.label, 2000),
            "element": element,
        });
        if let Some(h) = &f.hint {
            block["hint"] = plain_value(h, 2000);
        }
        blocks.push(block);
    }
    json!({
        "type": "modal",
        "callback_id": form.id,
        "title": plain_value(&form.title, MAX_TITLE),
        "submit": plain_value(&form.submit, MAX_TITLE),
        "close": plain_value(close, MAX_TITLE),
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

    /// An ephemeral response body, as a `Value` to look into.
    fn ephemeral(reply: &Reply) -> Value {
        serde_json::to_value(Ephemeral(reply)).expect("an ephemeral reply serializes")
    }

    #[test]
    fn an_ephemeral_replys_text_is_its_heading_and_the_blocks_hold_the_rest() {
        let r = Reply::new()
            .heading("Matches for “hotel” (2)")
            .bullets(vec!["Often seen at hotels & motels".into()])
            .footer("Noticed this? Use /concern.");
        let v = ephemeral(&r);
        assert_eq!(v["text"], "Matches for “hotel” (2)");
        assert_eq!(v["blocks"][0]["text"]["text"], "Matches for “hotel” (2)");
        assert_eq!(
            v["blocks"][1]["text"]["text"],
            "• Often seen at hotels &amp; motels\n"
        );
        assert_eq!(
            v["blocks"][2]["elements"][0]["text"],
            "Noticed this? Use /concern."
        );
        // No heading: the first line of text.
        let v = ephemeral(&Reply::new().text("Saved.").footer("f"));
        assert_eq!(v["text"], "Saved.");
    }

    #[test]
    fn an_update_carries_the_replys_blocks_or_the_messages_own_as_they_are() {
        let r = Reply::new()
            .heading("Acknowledged C-000042")
            .text("by Ms. Diaz");
        let update = |blocks: Option<&[Value]>| {
            serde_json::to_value(Update {
                channel: "D0COUNSEL1",
                ts: "1700000000.000004",
                reply: &r,
                blocks,
            })
            .unwrap()
        };
        assert_eq!(
            update(None),
            json!({"channel": "D0COUNSEL1", "ts": "1700000000.000004",
                   "text": "Acknowledged C-000042", "blocks": blocks(&r)})
        );
        // A message's own blocks, of kinds this program never writes, pass through.
        let own = vec![json!({"type": "rich_text", "block_id": "x", "elements": []})];
        let body = update(Some(&own));
        assert_eq!(body["blocks"], json!(own));
        assert_eq!(body["text"], "Acknowledged C-000042");
    }

    #[test]
    fn a_replacement_replaces_the_ephemeral_original_and_stays_ephemeral() {
        let now = Reply::new()
            .heading("Concern C-000042")
            .text("Details: MARKER <x>");
        let blocks = with_result(
            blocks(&now),
            &Reply::new().text("You acknowledged C-000042."),
        );
        let body = serde_json::to_value(Replacement {
            reply: &now,
            blocks: &blocks,
        })
        .unwrap();
        assert_eq!(
            body,
            json!({"blocks": blocks, "replace_original": true,
                   "response_type": "ephemeral", "text": "Concern C-000042"})
        );
    }

    #[test]
    fn a_result_goes_below_the_message_within_fifty_blocks() {
        let result = Reply::new().text("C-1001 is closed.");
        let short = with_result(vec![json!({"type": "header"})], &result);
        assert_eq!(short.len(), 3);
        assert_eq!(short[1]["type"], "divider");
        assert_eq!(short[2]["text"]["text"], "C-1001 is closed.");
        // A message at the limit gives way at its end; the result is always there.
        let long = with_result(vec![json!({"type": "section"}); 50], &result);
        assert_eq!(long.len(), MAX_BLOCKS);
        assert_eq!(long[48]["type"], "divider");
        assert_eq!(long[49]["text"]["text"], "C-1001 is closed.");
    }

    #[test]
    fn a_result_modal_replaces_the_form_with_the_reply_and_a_close_button() {
        let r = Reply::new()
            .heading("Concern C-000042 received")
            .text("The counselor on duty has it <now> & will follow up.");
        let body = serde_json::to_value(ResultModal {
            title: "A title longer than Slack's twenty-four",
            close: "Close",
            reply: &r,
        })
        .unwrap();
        assert_eq!(
            body,
            json!({
                "response_action": "update",
                "view": {
                    "type": "modal",
                    "title": {"type": "plain_text", "text": clip("A title longer than Slack's twenty-four", 24)},
                    "close": {"type": "plain_text", "text": "Close"},
                    "blocks": blocks(&r),
                }
            })
        );
        assert_eq!(
            body["view"]["title"]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            24
        );
        assert!(
            body["view"]["blocks"]
                .to_string()
                .contains("&lt;now&gt; &amp; will")
        );
    }

    #[test]
    fn a_direct_message_body_is_slacks_post_message_request_with_the_mark() {
        let r = Reply::new()
            .heading("New concern C-1042")
            .text("Details: MARKER-dm <b> & more")
            .footer("Use the buttons.");
        let body = serde_json::to_value(DirectMessage {
            channel: "D0COUNSEL1",
            reply: &r,
            event_type: "safeharbor_outbox",
            mark: "c0e3be8222ad532064ca81f5",
        })
        .unwrap();
        // The notification text is the heading only; the blocks are the reply's.
        assert_eq!(body["channel"], "D0COUNSEL1");
        assert_eq!(body["text"], "New concern C-1042");
        assert_eq!(body["blocks"], Value::Array(blocks(&r)));
        assert_eq!(body["metadata"]["event_type"], "safeharbor_outbox");
        assert_eq!(
            body["metadata"]["event_payload"]["key"],
            "c0e3be8222ad532064ca81f5"
        );
        // It fits slack-morphism's model of the same request.
        let typed: slack_morphism::prelude::SlackApiChatPostMessageRequest =
            serde_json::from_value(body.clone()).unwrap();
        assert_eq!(typed.channel.0, "D0COUNSEL1");
        assert_eq!(typed.content.blocks.as_ref().map(Vec::len), Some(3));
        assert_eq!(
            serde_json::to_value(&typed.content.metadata).unwrap(),
            body["metadata"]
        );
    }

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

    /// An escaped text that fits is kept whole, whatever characters end it (the fuzzer
    /// found a panic: "end byte index is not a char boundary" on one ending in "í").
    #[test]
    fn an_escaped_text_that_fits_is_kept_whole() {
        for text in ["Tení", "a &amp; í", "ííí", "x&lt;y…", "añoñoño"] {
            assert_eq!(clip_escaped(Cow::Owned(text.to_string()), 3000), text);
            assert_eq!(clip_escaped(Cow::Borrowed(text), 3000), text);
        }
        // Cut: no half entity, and the cut is marked.
        assert_eq!(clip_escaped(Cow::Owned("ab&amp;cd".into()), 5), "ab…");
        assert_eq!(clip_escaped(Cow::Owned("íí&amp;".into()), 4), "íí…");
    }

    #[test]
    fn a_bullet_longer_than_a_section_is_cut_wherever_it_stands_in_the_list() {
        // A case's history: a note of ampersands (five characters each once escaped),
        // then another event. Slack refuses a message with any section over 3,000.
        let r = Reply::new().bullets(vec![
            "filed".into(),
            format!("a note: {}", "&".repeat(1990)),
            "closed".into(),
        ]);
        let v = ephemeral(&r);
        let texts: Vec<&str> = v["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|b| b["text"]["text"].as_str())
            .collect();
        for t in &texts {
            assert!(
                t.chars().count() <= 3000,
                "{} characters",
                t.chars().count()
            );
        }
        let all = texts.concat();
        assert!(
            all.contains("• filed\n") && all.contains("• closed\n"),
            "{all}"
        );
        // The cut leaves no half entity.
        assert!(all.contains("&amp;…\n"), "{all}");
    }

    /// Slack cuts a modal's title and buttons at 24 characters: a text written longer
    /// reaches the reader clipped ("Reportar una preocupaci…"). Every fixed one fits, in
    /// every language (a case number adds at most 8 to the action title).
    #[test]
    fn modal_titles_and_buttons_fit_slacks_limit_in_every_language() {
        use crate::domain::SUPPORTED_LOCALES;
        use crate::i18n::I18n;
        let i18n = I18n::load().unwrap();
        for loc in SUPPORTED_LOCALES {
            for (id, room) in [
                ("concern-form-title", MAX_TITLE),
                ("concern-form-submit", MAX_TITLE),
                ("checkin-form-title", MAX_TITLE),
                ("checkin-form-submit", MAX_TITLE),
                ("slack-modal-close", MAX_TITLE),
                ("slack-result-title", MAX_TITLE),
                ("slack-action-submit", MAX_TITLE),
                ("slack-action-title", MAX_TITLE - 8),
            ] {
                let text = i18n.msg(loc, id, &[("case", "".into())]);
                assert!(
                    text.chars().count() <= room,
                    "{loc} {id} is {} characters, over {room}: {text}",
                    text.chars().count()
                );
            }
        }
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
