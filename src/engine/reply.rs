//! The neutral reply: what the core says, before any platform decides how it looks.
use serde::{Deserialize, Serialize};

use crate::domain::Platform;

/// One piece of a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading { text: String },
    Text { text: String },
    Bullets { items: Vec<String> },
    Fields { fields: Vec<(String, String)> },
    Warning { text: String },
    Actions { buttons: Vec<Button> },
    Footer { text: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonStyle {
    Default,
    Primary,
    Danger,
}

/// A button: an action id the core understands plus a value (e.g. a case id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub action: String,
    pub value: String,
    pub label: String,
    pub style: ButtonStyle,
}

/// What a person entered in a form, by field id: one value for a text, date, time or
/// single choice, several for a multi-select or people (platform user ids, or emails where
/// the platform asks for them as text). Empty or missing means not filled in.
pub type FormValues = std::collections::HashMap<String, Vec<String>>;

/// A form the platform should open (a modal on Slack and Discord).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    pub id: String,
    pub title: String,
    pub submit: String,
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub id: String,
    pub label: String,
    pub kind: FormFieldKind,
    pub required: bool,
    pub hint: Option<String>,
    /// Asked only when another field holds one of some values (e.g. the weekday, for a
    /// weekly cadence). A platform that can hide fields (Discord's picker) leaves it out
    /// until then; one that cannot (a Slack modal) shows it, optional, with its hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_when: Option<ShownWhen>,
}

/// The condition of [`FormField::shown_when`]: `field` holds one of `values`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownWhen {
    pub field: String,
    pub values: Vec<String>,
}

impl FormField {
    /// Is this field asked, given what is picked so far?
    pub fn is_shown(&self, values: &FormValues) -> bool {
        match &self.shown_when {
            None => true,
            Some(w) => values
                .get(&w.field)
                .and_then(|v| v.first())
                .is_some_and(|v| w.values.contains(v)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FormFieldKind {
    ShortText {
        max_len: usize,
    },
    LongText {
        max_len: usize,
    },
    /// Options grouped under headings: (group label, [(value, label)]).
    MultiSelect {
        groups: Vec<(String, Vec<(String, String)>)>,
    },
    YesNo {
        yes: String,
        no: String,
    },
    /// One choice from a list: [(value, label)].
    Select {
        options: Vec<(String, String)>,
    },
    /// A calendar date, `YYYY-MM-DD` (Slack: a date picker).
    Date,
    /// A time of day, `HH:MM`, 24-hour (Slack: a time picker).
    Time,
    /// People, at most `max` (Slack: a users picker, whose values are Slack user ids).
    /// Where the platform has no picker that fits, they are typed as emails with commas
    /// between, and `typed_hint` says so.
    People {
        max: usize,
        typed_hint: String,
    },
}

/// What the invoking user sees. Always private to them (ephemeral) unless a platform
/// cannot do that (Teams), in which case the core keeps it free of anything sensitive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub blocks: Vec<Block>,
    pub form: Option<Form>,
    /// After an action on a case: the case as it is now, as the message the action's
    /// button was on should show it (its state, who has it, the buttons that still
    /// apply), for adapters that update that message with `blocks` as the result. It
    /// holds what that message holds (a handoff's content), so it goes only into that
    /// message, the reader's own private one, and is never serialized: not into the
    /// outbox, not anywhere else.
    #[serde(skip)]
    pub acted_on: Option<Box<Reply>>,
    /// The same case as `/concern show` shows it now: with its history, the action just
    /// taken in it, for a message that showed the history (a `/concern show` answer)
    /// rather than a handoff. Private like `acted_on` (it holds the notes too), and never
    /// serialized either.
    #[serde(skip)]
    pub acted_on_with_history: Option<Box<Reply>>,
}

impl Reply {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn heading(mut self, t: impl Into<String>) -> Self {
        self.blocks.push(Block::Heading { text: t.into() });
        self
    }
    pub fn text(mut self, t: impl Into<String>) -> Self {
        self.blocks.push(Block::Text { text: t.into() });
        self
    }
    pub fn bullets(mut self, items: Vec<String>) -> Self {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets { items });
        }
        self
    }
    pub fn fields(mut self, fields: Vec<(String, String)>) -> Self {
        if !fields.is_empty() {
            self.blocks.push(Block::Fields { fields });
        }
        self
    }
    pub fn warning(mut self, t: impl Into<String>) -> Self {
        self.blocks.push(Block::Warning { text: t.into() });
        self
    }
    pub fn actions(mut self, buttons: Vec<Button>) -> Self {
        if !buttons.is_empty() {
            self.blocks.push(Block::Actions { buttons });
        }
        self
    }
    pub fn footer(mut self, t: impl Into<String>) -> Self {
        self.blocks.push(Block::Footer { text: t.into() });
        self
    }
    /// The case acted on, as it is now (see [`Reply::acted_on`]).
    pub fn acted_on(mut self, now: Reply) -> Self {
        self.acted_on = Some(Box::new(now));
        self
    }
    /// The case acted on, with its history, as it is now (see
    /// [`Reply::acted_on_with_history`]).
    pub fn acted_on_with_history(mut self, now: Reply) -> Self {
        self.acted_on_with_history = Some(Box::new(now));
        self
    }
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    /// Plain-text rendering: the console, and the notification fallback text.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256);
        let mut line = |parts: &[&str]| {
            for p in parts {
                out.push_str(p);
            }
            out.push('\n');
        };
        for b in &self.blocks {
            match b {
                Block::Heading { text } => line(&["== ", text, " =="]),
                Block::Text { text } => line(&[text]),
                Block::Bullets { items } => {
                    for i in items {
                        line(&["  • ", i]);
                    }
                }
                Block::Fields { fields } => {
                    for (k, v) in fields {
                        line(&["  ", k, ": ", v]);
                    }
                }
                Block::Warning { text } => line(&["⚠ ", text]),
                Block::Actions { buttons } => {
                    let labels: Vec<String> =
                        buttons.iter().map(|b| format!("[{}]", b.label)).collect();
                    line(&["  ", &labels.join(" ")]);
                }
                Block::Footer { text } => line(&["— ", text]),
            }
        }
        out
    }
}

/// A private message to one person, already written to the outbox by the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub recipient_id: i64,
    pub recipient_name: String,
    /// Idempotency key: the same event never produces the same message twice.
    pub key: String,
    /// Where the dispatcher will deliver it; `Console` when the person has no platform
    /// identity and can only be reached on the console.
    pub platform: Platform,
    /// The outbox row holding it.
    pub outbox_id: i64,
    pub reply: Reply,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_as_it_is_now_is_never_serialized() {
        let result = Reply::new().text("Note added to C-1001.");
        let case = || {
            Reply::new()
                .heading("Case C-1001")
                .text("Details: MARKER-details")
        };
        let with = result
            .clone()
            .acted_on(case())
            .acted_on_with_history(case().bullets(vec!["added a note: MARKER-note".into()]));
        let json = serde_json::to_string(&with).unwrap();
        assert_eq!(json, serde_json::to_string(&result).unwrap());
        assert!(!json.contains("MARKER"), "{json}");
        let back: Reply = serde_json::from_str(&json).unwrap();
        assert!(back.acted_on.is_none() && back.acted_on_with_history.is_none());
    }
}
