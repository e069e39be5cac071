//! Neutral replies as Discord messages, modals and components, built with serenity's
//! builders and kept within Discord's limits (content 2,000 characters; 10 embeds of at
//! most 4,096 characters each and 6,000 in all; 5 action rows of 5 buttons; 25 options a
//! select; modal titles and input labels 45 characters).
//!
//! The concern form: a legacy action-row modal carries only text inputs, so the indicator
//! picks come first, as string selects on an ephemeral message. Each pick updates that
//! message; the picks travel in the custom ids (a bit set over the form's options, in hex),
//! so no server-side state is needed. "Continue" opens the modal with the text fields.
use serenity::all::{
    ButtonStyle as DiscordButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton,
    CreateEmbed, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateModal, CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption, Embed,
    InputTextStyle,
};

use crate::engine::concern::field;
use crate::engine::{
    Block, Button, ButtonStyle, Form, FormField, FormFieldKind, FormValues, Reply,
};

pub const MAX_CONTENT: usize = 2000;
const MAX_DESCRIPTION: usize = 4096;
const MAX_EMBED_TOTAL: usize = 6000;
const MAX_EMBEDS: usize = 10;
const MAX_ROWS: usize = 5;
const MAX_BUTTONS_A_ROW: usize = 5;
const MAX_BUTTON_LABEL: usize = 80;
const MAX_CUSTOM_ID: usize = 100;
const MAX_OPTIONS: usize = 25;
const MAX_OPTION_TEXT: usize = 100;
const MAX_PLACEHOLDER: usize = 150;
pub const MAX_MODAL_TITLE: usize = 45;
pub const MAX_INPUT_LABEL: usize = 45;
const MAX_INPUT_PLACEHOLDER: usize = 100;
/// Room a bot message keeps in its embeds for results appended by buttons later.
const RESERVED_FOR_RESULTS: usize = 1000;
/// Discord's embed colour for SafeHarbor (the Slack app's background colour).
const COLOUR: u32 = 0x1d4e89;

/// Custom ids of SafeHarbor's own components and modals; core buttons use
/// `<action>:<value>` (e.g. `concern.ack:C-1001`).
pub mod id {
    /// A string select of indicator picks: `sh:pick:<n>`.
    pub const PICK: &str = "sh:pick:";
    /// The "Continue" button that opens the concern modal: `sh:form:<mask>`.
    pub const FORM: &str = "sh:form:";
    /// The concern modal: `sh:concern:<mask>`.
    pub const CONCERN: &str = "sh:concern:";
    /// A modal asking for an action's text: `sh:act:<action>:<value>`.
    pub const ACT: &str = "sh:act:";
    /// The text input of an action modal.
    pub const ACT_INPUT: &str = "value";
    /// A select of a form's picker (any form but the concern's): `sh:fs:<field>:<n>`, the
    /// field's index in the form and the select's number among that field's selects.
    pub const FORM_SELECT: &str = "sh:fs:";
    /// The "Continue" button of a form's picker: `sh:fc:<form id>:<picks>`.
    pub const FORM_CONTINUE: &str = "sh:fc:";
    /// A form's modal: `sh:fm:<form id>:<picks>`.
    pub const FORM_MODAL: &str = "sh:fm:";
}

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

/// Escape Discord markdown in text, leaving links intact so they stay clickable.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut first = true;
        for word in line.split_inclusive(' ') {
            if word.starts_with("https://") || word.starts_with("http://") {
                out.push_str(word);
            } else {
                for (j, c) in word.chars().enumerate() {
                    let at_start = first && j == 0;
                    if matches!(c, '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']')
                        || (at_start && matches!(c, '>' | '#' | '-'))
                    {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            first = false;
        }
    }
    out
}

/// The reply's text as Discord markdown lines (buttons are components, not text).
fn lines(reply: &Reply) -> Vec<String> {
    let mut out = vec![];
    for b in &reply.blocks {
        match b {
            Block::Heading { text } => out.push(format!("**{}**", escape(text))),
            Block::Text { text } => out.push(escape(text)),
            Block::Warning { text } => out.push(format!("⚠️ {}", escape(text))),
            Block::Bullets { items } => {
                out.extend(items.iter().map(|i| format!("• {}", escape(i))))
            }
            Block::Fields { fields } => out.extend(
                fields
                    .iter()
                    .map(|(k, v)| format!("**{}:** {}", escape(k), escape(v))),
            ),
            Block::Footer { text } => out.push(format!("*{}*", escape(text))),
            Block::Actions { .. } => {}
        }
    }
    out
}

/// Split lines into embed descriptions: at most 4,096 characters each, `budget` in all,
/// 10 embeds; what does not fit is cut with a mark.
fn embeds_of(lines: &[String], budget: usize) -> Vec<CreateEmbed> {
    let mut chunks: Vec<String> = vec![];
    let mut cur = String::new();
    let mut used = 0;
    for line in lines {
        let len = line.chars().count() + 1;
        if used + len > budget {
            let room = budget.saturating_sub(used);
            if room > 1 {
                if cur.chars().count() + room > MAX_DESCRIPTION {
                    chunks.push(std::mem::take(&mut cur));
                }
                cur.push_str(&clip(line, room - 1));
            }
            break;
        }
        if cur.chars().count() + len > MAX_DESCRIPTION {
            chunks.push(std::mem::take(&mut cur));
            if chunks.len() == MAX_EMBEDS {
                break;
            }
        }
        if line.chars().count() >= MAX_DESCRIPTION {
            cur.push_str(&clip(line, MAX_DESCRIPTION - 1));
        } else {
            cur.push_str(line);
        }
        cur.push('\n');
        used += len;
    }
    if !cur.trim().is_empty() && chunks.len() < MAX_EMBEDS {
        chunks.push(cur);
    }
    chunks
        .into_iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            CreateEmbed::new()
                .description(c.trim_end().to_string())
                .colour(COLOUR)
        })
        .collect()
}

/// A message as Discord takes it.
#[derive(Debug, Clone, Default)]
pub struct Message {
    pub content: String,
    pub embeds: Vec<CreateEmbed>,
    pub components: Vec<CreateActionRow>,
}

/// A reply as a message: all in the content when it fits in 2,000 characters, else the
/// first heading as content and the rest in embeds.
pub fn message(reply: &Reply) -> Message {
    let all = lines(reply);
    let text = all.join("\n");
    if text.chars().count() <= MAX_CONTENT {
        return Message {
            content: text,
            embeds: vec![],
            components: buttons(reply),
        };
    }
    split_message(reply, all, MAX_EMBED_TOTAL)
}

/// A private message (DM): only the first heading in the content (what a phone's
/// notification shows), the rest in embeds, with room left for results of its buttons.
pub fn direct(reply: &Reply) -> Message {
    split_message(reply, lines(reply), MAX_EMBED_TOTAL - RESERVED_FOR_RESULTS)
}

fn split_message(reply: &Reply, mut all: Vec<String>, budget: usize) -> Message {
    let first = reply
        .blocks
        .iter()
        .find(|b| !matches!(b, Block::Actions { .. }));
    let content = match first {
        Some(Block::Heading { text }) => {
            all.remove(0);
            clip(&format!("**{}**", escape(text)), MAX_CONTENT)
        }
        _ => String::new(),
    };
    Message {
        content,
        embeds: embeds_of(&all, budget),
        components: buttons(reply),
    }
}

/// A result appended to a message a button was on: one short embed.
pub fn result_embed(reply: &Reply) -> CreateEmbed {
    embeds_of(&lines(reply), RESERVED_FOR_RESULTS)
        .into_iter()
        .next()
        .unwrap_or_else(|| CreateEmbed::new().description("✓").colour(COLOUR))
}

/// The embeds of the message a button was on, kept when it is updated without the case
/// as it is now: within the room that leaves a result (an ephemeral answer may have used
/// all 6,000 characters), the rest cut with a mark or dropped.
pub fn kept(embeds: Vec<Embed>) -> Vec<CreateEmbed> {
    let mut room = MAX_EMBED_TOTAL - RESERVED_FOR_RESULTS;
    let mut out = vec![];
    for mut e in embeds.into_iter().take(MAX_EMBEDS - 1) {
        if let Some(d) = e.description.take() {
            if room <= 1 {
                break;
            }
            let d = clip(&d, room.min(MAX_DESCRIPTION));
            room -= d.chars().count();
            e.description = Some(d);
        }
        out.push(CreateEmbed::from(e));
    }
    out
}

/// Core buttons as rows of at most five; the custom id is `<action>:<value>`.
pub fn buttons(reply: &Reply) -> Vec<CreateActionRow> {
    let all: Vec<&Button> = reply
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Actions { buttons } => Some(buttons.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    all.chunks(MAX_BUTTONS_A_ROW)
        .take(MAX_ROWS)
        .map(|row| {
            CreateActionRow::Buttons(
                row.iter()
                    .map(|b| {
                        CreateButton::new(clip(&format!("{}:{}", b.action, b.value), MAX_CUSTOM_ID))
                            .label(clip(&b.label, MAX_BUTTON_LABEL))
                            .style(match b.style {
                                ButtonStyle::Primary => DiscordButtonStyle::Primary,
                                ButtonStyle::Danger => DiscordButtonStyle::Danger,
                                ButtonStyle::Default => DiscordButtonStyle::Secondary,
                            })
                    })
                    .collect(),
            )
        })
        .collect()
}

/// No mention in anything the bot says pings anyone.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

fn with_message(m: Message) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(m.content)
        .embeds(m.embeds)
        .components(m.components)
        .allowed_mentions(no_mentions())
}

/// An ephemeral answer (flags 64): only the person who asked sees it.
pub fn ephemeral(reply: &Reply) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(with_message(message(reply)).ephemeral(true))
}

/// The "thinking…" answer for slower work, ephemeral; finished by an edit later.
pub fn deferred() -> CreateInteractionResponse {
    CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true))
}

/// Update the message a button was on, the result appended: with the case as it is now
/// when the result has it, as that message showed it (`with_history`: a `/concern show`
/// answer, [`Reply::acted_on_with_history`]; else a handoff, [`Reply::acted_on`]) and as a
/// private message shows it, with the buttons that still apply; else its embeds stay and
/// the buttons give way.
pub fn update_with_result(
    kept: Vec<CreateEmbed>,
    result: &Reply,
    with_history: bool,
) -> CreateInteractionResponse {
    let now = if with_history {
        result.acted_on_with_history.as_deref()
    } else {
        result.acted_on.as_deref()
    };
    let (content, kept, components) = match now {
        Some(now) => {
            let m = direct(now);
            (Some(m.content), m.embeds, m.components)
        }
        None => (None, kept, vec![]),
    };
    let mut embeds: Vec<CreateEmbed> = kept.into_iter().take(MAX_EMBEDS - 1).collect();
    embeds.push(result_embed(result));
    let mut m = CreateInteractionResponseMessage::new();
    if let Some(content) = content {
        m = m.content(content);
    }
    CreateInteractionResponse::UpdateMessage(
        m.embeds(embeds)
            .components(components)
            .allowed_mentions(no_mentions()),
    )
}

/// Replace an ephemeral message (the concern picker) with a reply, without components.
pub fn replace(reply: &Reply) -> CreateInteractionResponse {
    let m = message(reply);
    CreateInteractionResponse::UpdateMessage(
        CreateInteractionResponseMessage::new()
            .content(m.content)
            .embeds(m.embeds)
            .components(m.components)
            .allowed_mentions(no_mentions()),
    )
}

/// The multi-select options of a form, flattened in order: (value, label, group label).
pub fn form_options(form: &Form) -> Vec<(String, String, String)> {
    form.fields
        .iter()
        .filter_map(|f| match &f.kind {
            FormFieldKind::MultiSelect { groups } => Some(groups),
            _ => None,
        })
        .flatten()
        .flat_map(|(group, opts)| {
            opts.iter()
                .map(move |(v, l)| (v.clone(), l.clone(), group.clone()))
        })
        .collect()
}

/// Picks as a bit set over the form's options, in hex (two digits a byte).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picks(Vec<u8>);

impl Picks {
    pub fn parse(hex_text: &str) -> Self {
        Self(hex::decode(hex_text).unwrap_or_default())
    }
    pub fn encode(&self) -> String {
        let mut bytes = self.0.clone();
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        hex::encode(bytes)
    }
    pub fn has(&self, i: usize) -> bool {
        self.0.get(i / 8).is_some_and(|b| b & (1 << (i % 8)) != 0)
    }
    pub fn set(&mut self, i: usize, on: bool) {
        if self.0.len() <= i / 8 {
            self.0.resize(i / 8 + 1, 0);
        }
        if on {
            self.0[i / 8] |= 1 << (i % 8);
        } else {
            self.0[i / 8] &= !(1 << (i % 8));
        }
    }
    /// The picked values, in form order.
    pub fn values(&self, options: &[(String, String, String)]) -> Vec<String> {
        options
            .iter()
            .enumerate()
            .filter(|(i, _)| self.has(*i))
            .map(|(_, (v, _, _))| v.clone())
            .collect()
    }
    /// Replace the picks of select `n` with `chosen` values.
    pub fn apply(&mut self, options: &[(String, String, String)], n: usize, chosen: &[String]) {
        // `n` comes from a custom id; a huge one selects nothing rather than overflow.
        let start = n.saturating_mul(MAX_OPTIONS);
        for (i, (v, _, _)) in options.iter().enumerate().skip(start).take(MAX_OPTIONS) {
            self.set(i, chosen.contains(v));
        }
    }
}

/// How many selects the picker has (four rows at most; the fifth holds the button).
pub fn select_count(options: usize) -> usize {
    options.div_ceil(MAX_OPTIONS).min(MAX_ROWS - 1)
}

/// The picker's components: string selects of the form's options (25 a select, the
/// category as each option's description) and the button that opens the modal.
pub fn picker(form: &Form, picks: &Picks, continue_label: &str) -> Vec<CreateActionRow> {
    let options = form_options(form);
    let mut rows = vec![];
    for n in 0..select_count(options.len()) {
        let chunk: Vec<(usize, &(String, String, String))> = options
            .iter()
            .enumerate()
            .skip(n * MAX_OPTIONS)
            .take(MAX_OPTIONS)
            .collect();
        let mut groups: Vec<&str> = vec![];
        for (_, (_, _, g)) in &chunk {
            if !groups.contains(&g.as_str()) {
                groups.push(g);
            }
        }
        let opts: Vec<CreateSelectMenuOption> = chunk
            .iter()
            .map(|(i, (v, l, g))| {
                CreateSelectMenuOption::new(clip(l, MAX_OPTION_TEXT), v.clone())
                    .description(clip(g, MAX_OPTION_TEXT))
                    .default_selection(picks.has(*i))
            })
            .collect();
        let count = opts.len() as u8;
        rows.push(CreateActionRow::SelectMenu(
            CreateSelectMenu::new(
                format!("{}{n}", id::PICK),
                CreateSelectMenuKind::String { options: opts },
            )
            .placeholder(clip(&groups.join(" · "), MAX_PLACEHOLDER))
            .min_values(0)
            .max_values(count),
        ));
    }
    rows.push(CreateActionRow::Buttons(vec![
        CreateButton::new(format!("{}{}", id::FORM, picks.encode()))
            .label(clip(continue_label, MAX_BUTTON_LABEL))
            .style(DiscordButtonStyle::Primary),
    ]));
    rows
}

/// The ephemeral picker message: the reply's text (intro, reminders) and the picker.
pub fn picker_message(
    reply: &Reply,
    intro: &str,
    form: &Form,
    continue_label: &str,
) -> CreateInteractionResponse {
    let mut shown = Reply::new().heading(form.title.clone()).text(intro);
    shown.blocks.extend(
        reply
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Footer { .. } | Block::Warning { .. }))
            .cloned(),
    );
    let m = message(&shown);
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(m.content)
            .embeds(m.embeds)
            .components(picker(form, &Picks::default(), continue_label))
            .allowed_mentions(no_mentions())
            .ephemeral(true),
    )
}

/// The choices of any form (the check-in form) on Discord, the same way as the concern
/// picker: a legacy modal holds at most five text inputs, so the form's selects and
/// multi-selects come first, as string selects on an ephemeral message (25 options a
/// select; a longer list takes several), then "Continue" opens a modal with its other
/// fields. A field shown only for some picks appears once they are made. The picks ride
/// in the custom ids as [`FormPicks`]; no server-side state.
///
/// The picks of a form's choice fields, one part per form field in order (`.` between,
/// empty for a field that is not a choice or has no pick): a select's part is the index of
/// its option, a multi-select's is a [`Picks`] bit set over its options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormPicks(Vec<String>);

fn is_choice(f: &FormField) -> bool {
    matches!(
        f.kind,
        FormFieldKind::Select { .. } | FormFieldKind::MultiSelect { .. }
    )
}

/// A choice field's options, flattened: (value, label, group label).
fn field_options(f: &FormField) -> Vec<(String, String, String)> {
    match &f.kind {
        FormFieldKind::Select { options } => options
            .iter()
            .map(|(v, l)| (v.clone(), l.clone(), String::new()))
            .collect(),
        FormFieldKind::MultiSelect { groups } => groups
            .iter()
            .flat_map(|(g, opts)| {
                opts.iter()
                    .map(move |(v, l)| (v.clone(), l.clone(), g.clone()))
            })
            .collect(),
        _ => vec![],
    }
}

impl FormPicks {
    pub fn parse(text: &str) -> Self {
        Self(text.split('.').map(String::from).collect())
    }

    pub fn encode(&self) -> String {
        let mut parts = self.0.clone();
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        parts.join(".")
    }

    fn part(&self, i: usize) -> &str {
        self.0.get(i).map(String::as_str).unwrap_or("")
    }

    fn set_part(&mut self, i: usize, v: String) {
        if self.0.len() <= i {
            self.0.resize(i + 1, String::new());
        }
        self.0[i] = v;
    }

    /// The picked values, by field id (fields without a pick are left out).
    pub fn values(&self, form: &Form) -> FormValues {
        let mut out = FormValues::new();
        for (i, f) in form.fields.iter().enumerate() {
            let options = field_options(f);
            let picked: Vec<String> = match &f.kind {
                FormFieldKind::Select { .. } => self
                    .part(i)
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| options.get(n))
                    .map(|(v, _, _)| vec![v.clone()])
                    .unwrap_or_default(),
                FormFieldKind::MultiSelect { .. } => Picks::parse(self.part(i)).values(&options),
                _ => vec![],
            };
            if !picked.is_empty() {
                out.insert(f.id.clone(), picked);
            }
        }
        out
    }

    /// Take what select `n` of field `i` now holds.
    pub fn apply(&mut self, form: &Form, i: usize, n: usize, chosen: &[String]) {
        let Some(f) = form.fields.get(i).filter(|f| is_choice(f)) else {
            return;
        };
        let options = field_options(f);
        match &f.kind {
            FormFieldKind::Select { .. } => {
                let in_this = |k: usize| k / MAX_OPTIONS == n;
                let now = self.part(i).parse::<usize>().ok();
                match chosen
                    .first()
                    .and_then(|c| options.iter().position(|(v, _, _)| v == c))
                {
                    Some(k) if in_this(k) => self.set_part(i, k.to_string()),
                    Some(_) => {}
                    None if now.is_some_and(in_this) => self.set_part(i, String::new()),
                    None => {}
                }
            }
            _ => {
                let mut picks = Picks::parse(self.part(i));
                picks.apply(&options, n, chosen);
                self.set_part(i, picks.encode());
            }
        }
    }
}

/// The picker of a form: a select per 25 options of each choice field that is asked for
/// the picks so far (four rows at most), then the button that opens the modal.
pub fn form_picker(form: &Form, picks: &FormPicks, continue_label: &str) -> Vec<CreateActionRow> {
    let values = picks.values(form);
    let mut rows = vec![];
    'fields: for (i, f) in form.fields.iter().enumerate() {
        if !is_choice(f) || !f.is_shown(&values) {
            continue;
        }
        let options = field_options(f);
        let chosen: Vec<&String> = values.get(&f.id).into_iter().flatten().collect();
        let chunks: Vec<&[(String, String, String)]> = options.chunks(MAX_OPTIONS).collect();
        for (n, chunk) in chunks.iter().enumerate() {
            if rows.len() == MAX_ROWS - 1 {
                break 'fields;
            }
            let placeholder = match (chunks.len(), chunk.first(), chunk.last()) {
                (2.., Some(a), Some(b)) => format!("{} ({}–{})", f.label, a.1, b.1),
                _ => f.label.clone(),
            };
            let opts: Vec<CreateSelectMenuOption> = chunk
                .iter()
                .map(|(v, l, g)| {
                    let o = CreateSelectMenuOption::new(clip(l, MAX_OPTION_TEXT), v.clone())
                        .default_selection(chosen.contains(&v));
                    if g.is_empty() {
                        o
                    } else {
                        o.description(clip(g, MAX_OPTION_TEXT))
                    }
                })
                .collect();
            let max = match f.kind {
                FormFieldKind::Select { .. } => 1,
                _ => opts.len() as u8,
            };
            rows.push(CreateActionRow::SelectMenu(
                CreateSelectMenu::new(
                    format!("{}{i}:{n}", id::FORM_SELECT),
                    CreateSelectMenuKind::String { options: opts },
                )
                .placeholder(clip(&placeholder, MAX_PLACEHOLDER))
                .min_values(0)
                .max_values(max),
            ));
        }
    }
    rows.push(CreateActionRow::Buttons(vec![
        CreateButton::new(clip(
            &format!("{}{}:{}", id::FORM_CONTINUE, form.id, picks.encode()),
            MAX_CUSTOM_ID,
        ))
        .label(clip(continue_label, MAX_BUTTON_LABEL))
        .style(DiscordButtonStyle::Primary),
    ]));
    rows
}

/// The ephemeral message holding a form's picker.
pub fn form_picker_message(
    form: &Form,
    intro: &str,
    continue_label: &str,
) -> CreateInteractionResponse {
    let m = message(&Reply::new().heading(form.title.clone()).text(intro));
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(m.content)
            .embeds(m.embeds)
            .components(form_picker(form, &FormPicks::default(), continue_label))
            .allowed_mentions(no_mentions())
            .ephemeral(true),
    )
}

/// The text fields a form's modal asks, given the picks: at most five, the required ones
/// first, in form order.
pub fn form_modal_fields<'a>(form: &'a Form, picks: &FormPicks) -> Vec<&'a FormField> {
    let values = picks.values(form);
    let typed: Vec<&FormField> = form
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FormFieldKind::ShortText { .. }
                    | FormFieldKind::LongText { .. }
                    | FormFieldKind::Date
                    | FormFieldKind::Time
                    | FormFieldKind::People { .. }
            ) && f.is_shown(&values)
        })
        .collect();
    let mut chosen: Vec<&FormField> = typed.iter().copied().filter(|f| f.required).collect();
    chosen.extend(typed.iter().copied().filter(|f| !f.required));
    chosen.truncate(MAX_ROWS);
    typed
        .into_iter()
        .filter(|f| chosen.iter().any(|c| c.id == f.id))
        .collect()
}

/// A form's modal: its text, date, time and people fields as legacy text inputs (people
/// as typed emails).
pub fn form_modal(form: &Form, picks: &FormPicks) -> CreateModal {
    let rows = form_modal_fields(form, picks)
        .into_iter()
        .map(|f| {
            let (style, max, hint) = match &f.kind {
                FormFieldKind::LongText { max_len } => {
                    (InputTextStyle::Paragraph, *max_len, f.hint.as_deref())
                }
                FormFieldKind::ShortText { max_len } => {
                    (InputTextStyle::Short, *max_len, f.hint.as_deref())
                }
                FormFieldKind::Date => (InputTextStyle::Short, 10, f.hint.as_deref()),
                FormFieldKind::Time => (InputTextStyle::Short, 5, f.hint.as_deref()),
                FormFieldKind::People { typed_hint, .. } => {
                    (InputTextStyle::Paragraph, 2000, Some(typed_hint.as_str()))
                }
                _ => (InputTextStyle::Short, 100, f.hint.as_deref()),
            };
            let mut input = CreateInputText::new(style, clip(&f.label, MAX_INPUT_LABEL), &f.id)
                .max_length(input_max(max))
                .required(f.required);
            if let Some(h) = hint {
                input = input.placeholder(clip(h, MAX_INPUT_PLACEHOLDER));
            }
            CreateActionRow::InputText(input)
        })
        .collect();
    CreateModal::new(
        clip(
            &format!("{}{}:{}", id::FORM_MODAL, form.id, picks.encode()),
            MAX_CUSTOM_ID,
        ),
        clip(&form.title, MAX_MODAL_TITLE),
    )
    .components(rows)
}

/// Words for the yes/no field, which a legacy modal can only ask as text.
pub struct DangerInput {
    pub label: String,
    pub placeholder: String,
}

/// The concern modal (legacy action rows of text inputs): the form's text fields, and the
/// yes/no field as a short text input.
pub fn concern_modal(form: &Form, picks: &Picks, danger: &DangerInput) -> CreateModal {
    let mut rows = vec![];
    for f in &form.fields {
        let input = match &f.kind {
            FormFieldKind::ShortText { max_len } => CreateInputText::new(
                InputTextStyle::Short,
                clip(&f.label, MAX_INPUT_LABEL),
                &f.id,
            )
            .max_length(input_max(*max_len)),
            FormFieldKind::LongText { max_len } => CreateInputText::new(
                InputTextStyle::Paragraph,
                clip(&f.label, MAX_INPUT_LABEL),
                &f.id,
            )
            .max_length(input_max(*max_len)),
            FormFieldKind::YesNo { .. } => CreateInputText::new(
                InputTextStyle::Short,
                clip(&danger.label, MAX_INPUT_LABEL),
                &f.id,
            )
            .max_length(16)
            .placeholder(clip(&danger.placeholder, MAX_INPUT_PLACEHOLDER)),
            FormFieldKind::MultiSelect { .. }
            | FormFieldKind::Select { .. }
            | FormFieldKind::Date
            | FormFieldKind::Time
            | FormFieldKind::People { .. } => continue,
        };
        let input = match (&f.hint, &f.kind) {
            (_, FormFieldKind::YesNo { .. }) => input,
            (Some(h), _) => input.placeholder(clip(h, MAX_INPUT_PLACEHOLDER)),
            (None, _) => input,
        };
        rows.push(CreateActionRow::InputText(input.required(f.required)));
    }
    rows.truncate(MAX_ROWS);
    CreateModal::new(
        format!("{}{}", id::CONCERN, picks.encode()),
        clip(&form.title, MAX_MODAL_TITLE),
    )
    .components(rows)
}

fn input_max(n: usize) -> u16 {
    n.clamp(1, 4000) as u16
}

/// A small modal asking for the text an action needs (a note, an email, an outcome).
pub fn action_modal(
    action: &str,
    value: &str,
    title: &str,
    label: &str,
    hint: &str,
    long: bool,
) -> CreateModal {
    let style = if long {
        InputTextStyle::Paragraph
    } else {
        InputTextStyle::Short
    };
    CreateModal::new(
        clip(&format!("{}{action}:{value}", id::ACT), MAX_CUSTOM_ID),
        clip(title, MAX_MODAL_TITLE),
    )
    .components(vec![CreateActionRow::InputText(
        CreateInputText::new(style, clip(label, MAX_INPUT_LABEL), id::ACT_INPUT)
            .placeholder(clip(hint, MAX_INPUT_PLACEHOLDER))
            .max_length(input_max(crate::engine::concern::NOTE_MAX_CHARS))
            .required(true),
    )])
}

/// The ids of the fields a concern modal sends back, for adapters that read them.
pub const CONCERN_INPUTS: &[&str] = &[field::STUDENT_REF, field::DETAILS, field::IMMEDIATE_DANGER];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::FormField;
    use serde_json::{Value, json};

    fn v(r: &CreateInteractionResponse) -> Value {
        serde_json::to_value(r).unwrap()
    }

    fn form(n: usize) -> Form {
        Form {
            id: "concern".into(),
            title: "Report a concern to the counselor, a very long title indeed".into(),
            submit: "Send".into(),
            fields: vec![
                FormField {
                    id: field::STUDENT_REF.into(),
                    label: "Student reference".into(),
                    kind: FormFieldKind::ShortText { max_len: 64 },
                    required: true,
                    hint: Some("ID or initials".into()),
                    shown_when: None,
                },
                FormField {
                    id: field::INDICATORS.into(),
                    label: "Observed".into(),
                    kind: FormFieldKind::MultiSelect {
                        groups: vec![
                            (
                                "Group A".into(),
                                (0..n / 2)
                                    .map(|i| (format!("a{i}"), "y".repeat(200)))
                                    .collect(),
                            ),
                            (
                                "Group B".into(),
                                (0..n - n / 2)
                                    .map(|i| (format!("b{i}"), "z".into()))
                                    .collect(),
                            ),
                        ],
                    },
                    required: false,
                    hint: None,
                    shown_when: None,
                },
                FormField {
                    id: field::DETAILS.into(),
                    label: "Details".into(),
                    kind: FormFieldKind::LongText { max_len: 3000 },
                    required: true,
                    hint: Some("Facts only".into()),
                    shown_when: None,
                },
                FormField {
                    id: field::IMMEDIATE_DANGER.into(),
                    label: "Danger?".into(),
                    kind: FormFieldKind::YesNo {
                        yes: "Yes".into(),
                        no: "No".into(),
                    },
                    required: true,
                    hint: None,
                    shown_when: None,
                },
            ],
        }
    }

    #[test]
    fn a_short_reply_is_ephemeral_content_with_buttons() {
        let r = Reply::new()
            .heading("Case *C-1*")
            .text("see https://x.example/a_b_c and _this_")
            .actions(vec![Button {
                action: "concern.ack".into(),
                value: "C-1001".into(),
                label: "Acknowledge".into(),
                style: ButtonStyle::Primary,
            }]);
        let j = v(&ephemeral(&r));
        assert_eq!(j["type"], 4);
        assert_eq!(j["data"]["flags"], 64);
        assert_eq!(j["data"]["allowed_mentions"]["parse"], json!([]));
        let content = j["data"]["content"].as_str().unwrap();
        assert!(content.starts_with("**Case \\*C-1\\***"), "{content}");
        assert!(content.contains("https://x.example/a_b_c and \\_this\\_"));
        let button = &j["data"]["components"][0]["components"][0];
        assert_eq!(button["custom_id"], "concern.ack:C-1001");
        assert_eq!(button["style"], 1);
    }

    #[test]
    fn an_update_shows_the_case_as_it_is_now_or_keeps_the_embeds_without_buttons() {
        let button = |action: &str| Button {
            action: action.into(),
            value: "C-1001".into(),
            label: action.into(),
            style: ButtonStyle::Default,
        };
        let now = Reply::new()
            .heading("Case C-1001")
            .fields(vec![("Status".into(), "acknowledged".into())])
            .actions(vec![button("concern.note"), button("concern.close")]);
        let result = Reply::new().text("You acknowledged C-1001.").acted_on(now);
        let j = v(&update_with_result(vec![], &result, false));
        assert_eq!(j["type"], 7);
        assert_eq!(j["data"]["content"], "**Case C-1001**");
        let embeds = j["data"]["embeds"].as_array().unwrap();
        assert_eq!(embeds.len(), 2);
        assert_eq!(embeds[0]["description"], "**Status:** acknowledged");
        assert_eq!(embeds[1]["description"], "You acknowledged C-1001.");
        let row = &j["data"]["components"][0]["components"];
        assert_eq!(row[0]["custom_id"], "concern.note:C-1001");
        assert_eq!(row[1]["custom_id"], "concern.close:C-1001");
        // Without the case: the message's embeds stay, its content is untouched, no buttons.
        let kept = vec![CreateEmbed::new().description("kept")];
        let j = v(&update_with_result(
            kept,
            &Reply::new().text("Done."),
            false,
        ));
        assert!(j["data"].get("content").is_none(), "{j}");
        assert_eq!(j["data"]["embeds"][0]["description"], "kept");
        assert_eq!(j["data"]["components"], json!([]));
    }

    #[test]
    fn an_update_on_a_concern_show_answer_keeps_its_history_within_limits() {
        let buttons: Vec<Button> = [
            "concern.note",
            "concern.reassign",
            "concern.refer",
            "concern.close",
        ]
        .iter()
        .map(|a| Button {
            action: a.to_string(),
            value: "C-1001".into(),
            label: "l".repeat(200),
            style: ButtonStyle::Default,
        })
        .collect();
        let case = || {
            Reply::new()
                .heading("Case C-1001")
                .fields(vec![("Status".into(), "acknowledged".into())])
                .actions(buttons.clone())
        };
        // A long history: notes of 1,000 characters each.
        let history: Vec<String> = (0..40)
            .map(|i| format!("event {i}: {}", "n".repeat(1000)))
            .collect();
        let shown = case()
            .heading("History")
            .bullets(history)
            .footer("Private to you.");
        let result = Reply::new()
            .text("r".repeat(3000))
            .acted_on(case().footer("Private to you."))
            .acted_on_with_history(shown);
        let check = |j: &Value| {
            let data = &j["data"];
            assert_eq!(j["type"], 7);
            assert!(data["content"].as_str().unwrap().chars().count() <= MAX_CONTENT);
            let embeds = data["embeds"].as_array().unwrap();
            assert!(embeds.len() <= MAX_EMBEDS, "{}", embeds.len());
            let sizes: Vec<usize> = embeds
                .iter()
                .map(|e| e["description"].as_str().unwrap().chars().count())
                .collect();
            assert!(sizes.iter().all(|n| *n <= MAX_DESCRIPTION), "{sizes:?}");
            assert!(sizes.iter().sum::<usize>() <= MAX_EMBED_TOTAL, "{sizes:?}");
            let rows = data["components"].as_array().unwrap();
            assert!(rows.len() <= MAX_ROWS);
            for b in rows
                .iter()
                .flat_map(|r| r["components"].as_array().unwrap())
            {
                assert!(b["label"].as_str().unwrap().chars().count() <= MAX_BUTTON_LABEL);
            }
            let last = embeds.last().unwrap()["description"].as_str().unwrap();
            assert!(last.starts_with("rrr"), "the result comes last: {last}");
            data["embeds"].to_string()
        };
        // On a `/concern show` answer: the case with its history, the result below.
        let j = v(&update_with_result(vec![], &result, true));
        let text = check(&j);
        assert!(text.contains("**History**"), "{text}");
        assert!(text.contains("event 0: nnn"), "{text}");
        assert_eq!(j["data"]["content"], "**Case C-1001**");
        assert_eq!(buttons_in(&j).len(), 4);
        // On a handoff: the handoff, no history.
        let j = v(&update_with_result(vec![], &result, false));
        let text = check(&j);
        assert!(!text.contains("History"), "{text}");
        assert!(text.contains("**Status:** acknowledged"), "{text}");
        assert_eq!(buttons_in(&j).len(), 4);
        // No history to show: the answer stays as it was, buttons aside, rather than
        // turning into the handoff.
        let no_history = Reply::new()
            .text("Done.")
            .acted_on(case().footer("Private to you."));
        let kept = vec![CreateEmbed::new().description("**History**\n• filed it")];
        let j = v(&update_with_result(kept, &no_history, true));
        assert!(j["data"].get("content").is_none(), "{j}");
        assert_eq!(
            j["data"]["embeds"][0]["description"],
            "**History**\n• filed it"
        );
        assert_eq!(j["data"]["embeds"][1]["description"], "Done.");
        assert_eq!(j["data"]["components"], json!([]));
    }

    #[test]
    fn what_is_kept_of_a_full_answer_leaves_room_for_the_result() {
        let embed = |n: usize| -> Embed {
            serde_json::from_value(json!({"description": "d".repeat(n)})).unwrap()
        };
        let result = Reply::new().text("r".repeat(3000));
        let j = v(&update_with_result(
            kept(vec![embed(4000), embed(2000), embed(100)]),
            &result,
            true,
        ));
        let sizes: Vec<usize> = j["data"]["embeds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["description"].as_str().unwrap().chars().count())
            .collect();
        assert_eq!(sizes.len(), 3, "{sizes:?}");
        assert_eq!(sizes[0], 4000);
        assert_eq!(sizes[1], 1000, "cut to the room left: {sizes:?}");
        assert!(sizes.iter().sum::<usize>() <= MAX_EMBED_TOTAL, "{sizes:?}");
        let cut = j["data"]["embeds"][1]["description"].as_str().unwrap();
        assert!(cut.ends_with('…'), "{cut}");
        assert!(
            j["data"]["embeds"][2]["description"]
                .as_str()
                .unwrap()
                .starts_with("rrr")
        );
        // Short ones are kept whole.
        let j = v(&update_with_result(kept(vec![embed(10)]), &result, true));
        assert_eq!(j["data"]["embeds"][0]["description"], "d".repeat(10));
    }

    fn buttons_in(j: &Value) -> Vec<String> {
        j["data"]["components"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["components"].as_array().cloned().unwrap_or_default())
            .map(|b| b["custom_id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn a_long_reply_goes_to_embeds_within_limits() {
        let items: Vec<String> = (0..400)
            .map(|i| format!("item {i} {}", "x".repeat(60)))
            .collect();
        let r = Reply::new().heading("H".repeat(3000)).bullets(items);
        let j = v(&ephemeral(&r));
        let content = j["data"]["content"].as_str().unwrap();
        assert!(content.chars().count() <= MAX_CONTENT);
        let embeds = j["data"]["embeds"].as_array().unwrap();
        assert!(!embeds.is_empty() && embeds.len() <= MAX_EMBEDS);
        let total: usize = embeds
            .iter()
            .map(|e| e["description"].as_str().unwrap().chars().count())
            .sum();
        assert!(total <= MAX_EMBED_TOTAL, "{total}");
        for e in embeds {
            assert!(e["description"].as_str().unwrap().chars().count() <= MAX_DESCRIPTION);
        }
        let dm = direct(&Reply::new().heading("New case C-9").text("secret details"));
        assert_eq!(dm.content, "**New case C-9**");
        assert_eq!(dm.embeds.len(), 1);
    }

    /// Found by the fuzzer: `sh:pick:18446744073709551615` overflowed `n * MAX_OPTIONS`
    /// (a panic in debug builds); a select that does not exist changes nothing.
    #[test]
    fn a_huge_select_number_changes_nothing() {
        let options = form_options(&form(70));
        let mut p = Picks::default();
        p.apply(&options, 0, &["a0".to_string()]);
        let before = p.clone();
        for n in [usize::MAX, usize::MAX / MAX_OPTIONS + 1, 1 << 40] {
            p.apply(&options, n, &["a1".to_string()]);
        }
        assert_eq!(p, before);
    }

    #[test]
    fn picks_round_trip_through_custom_ids() {
        let f = form(70);
        let options = form_options(&f);
        assert_eq!(options.len(), 70);
        let mut p = Picks::default();
        p.apply(&options, 1, &["a30".to_string(), "b3".to_string()]);
        p.apply(&options, 0, &["a0".to_string()]);
        let again = Picks::parse(&p.encode());
        assert_eq!(again.values(&options), vec!["a0", "a30", "b3"]);
        p.apply(&options, 1, &[]);
        assert_eq!(p.values(&options), vec!["a0"]);
        assert_eq!(Picks::parse("zz"), Picks::default());
        let rows = serde_json::to_value(picker(&f, &again, "Continue")).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 4, "three selects and the button");
        let select = &rows[0]["components"][0];
        assert_eq!(select["type"], 3);
        assert_eq!(select["custom_id"], "sh:pick:0");
        assert_eq!(select["options"].as_array().unwrap().len(), 25);
        assert_eq!(select["options"][0]["default"], true);
        assert!(
            select["options"][0]["label"]
                .as_str()
                .unwrap()
                .chars()
                .count()
                <= 100
        );
        let button = &rows[3]["components"][0];
        assert!(
            button["custom_id"]
                .as_str()
                .unwrap()
                .starts_with("sh:form:")
        );
        assert!(button["custom_id"].as_str().unwrap().len() <= MAX_CUSTOM_ID);
    }

    #[test]
    fn the_concern_modal_is_legacy_action_rows_of_text_inputs() {
        let f = form(4);
        let danger = DangerInput {
            label: "Immediate danger? Type yes or no".into(),
            placeholder: "no".into(),
        };
        let m = serde_json::to_value(CreateInteractionResponse::Modal(concern_modal(
            &f,
            &Picks::parse("01"),
            &danger,
        )))
        .unwrap();
        assert_eq!(m["type"], 9);
        assert_eq!(m["data"]["custom_id"], "sh:concern:01");
        assert!(m["data"]["title"].as_str().unwrap().chars().count() <= MAX_MODAL_TITLE);
        let ids: Vec<&str> = m["data"]["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                assert_eq!(row["type"], 1);
                assert_eq!(row["components"][0]["type"], 4);
                row["components"][0]["custom_id"].as_str().unwrap()
            })
            .collect();
        assert_eq!(ids, CONCERN_INPUTS);
        assert_eq!(m["data"]["components"][1]["components"][0]["style"], 2);
    }
}

#[cfg(test)]
mod text_fit_tests {
    use super::*;
    use crate::domain::SUPPORTED_LOCALES;
    use crate::i18n::I18n;

    /// Discord cuts a modal's labels at 45 characters and placeholders at 100; a text
    /// written longer reaches the reader clipped ("… id de alia…"). Every fixed text of
    /// the button modals and the danger field fits, in every language.
    #[test]
    fn the_texts_of_action_modals_fit_discords_limits_in_every_language() {
        let i18n = I18n::load().unwrap();
        for loc in SUPPORTED_LOCALES {
            let fits = |id: &str, max: usize| {
                let text = i18n.msg(loc, id, &[]);
                assert!(
                    text.chars().count() <= max,
                    "{loc} {id} is {} characters, over {max}: {text}",
                    text.chars().count()
                );
            };
            for sub in ["note", "reassign", "refer", "close"] {
                fits(&format!("discord-action-{sub}"), MAX_INPUT_LABEL);
                fits(&format!("discord-action-{sub}-hint"), MAX_INPUT_PLACEHOLDER);
            }
            fits("discord-danger-label", MAX_INPUT_LABEL);
            fits("discord-danger-placeholder", MAX_INPUT_PLACEHOLDER);
        }
    }
}
