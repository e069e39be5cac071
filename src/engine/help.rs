//! `/safeharbor`: help generated from `commands/`, and the language preference.
use super::text::command_word;
use super::{Ctx, Engine, Reply};
use crate::domain::SUPPORTED_LOCALES;
use crate::i18n::I18n;
use crate::store::StoreError;

/// `ayuda`, Spanish for `help`.
const SPANISH_HELP: (&str, &str) = ("ayuda", "help");

/// `help` or `ayuda` (any case): asking for help. Adapters that show help their own way
/// (Teams, for a message with no command) ask this.
pub fn is_help_word(word: &str) -> bool {
    command_word(word, &[SPANISH_HELP]) == "help"
}

impl Engine {
    /// Help: every command the reader may use, from `commands/`, in their language.
    pub fn help_reply(&self, ctx: &Ctx) -> Reply {
        self.help_reply_of(ctx, None)
    }

    /// Help for one command (`/checkin help`, `/training ayuda`), or all when `None`.
    pub(super) fn help_reply_of(&self, ctx: &Ctx, only: Option<&str>) -> Reply {
        let lines: Vec<String> = self
            .commands
            .help_lines_of(&self.i18n, ctx.locale, |who| self.may_run(ctx, who), only)
            .into_iter()
            .map(|(usage, desc)| format!("{} — {desc}", usage.trim_start()))
            .collect();
        Reply::new()
            .heading(self.t(ctx.locale, "help-title"))
            .text(self.t(ctx.locale, "help-intro"))
            .bullets(lines)
            .footer(self.t(ctx.locale, "help-not-emergency"))
    }

    pub(super) async fn safeharbor(&self, ctx: &Ctx, text: &str) -> Result<Reply, StoreError> {
        let mut words = text.split_whitespace();
        let sub = words
            .next()
            .map(|w| command_word(w, &[SPANISH_HELP, ("idioma", "language")]));
        match sub.as_deref() {
            None | Some("help") => Ok(self.help_reply(ctx)),
            Some("language") => self.language(ctx, words.next()).await,
            Some(other) => {
                let shown: String = other.chars().take(40).collect();
                let mut r = Reply::new().warning(self.ta(
                    ctx.locale,
                    "error-unknown-subcommand",
                    &[
                        ("word", shown.into()),
                        ("command", self.slash("safeharbor").into()),
                    ],
                ));
                r.blocks.extend(self.help_reply(ctx).blocks);
                Ok(r)
            }
        }
    }

    async fn language(&self, ctx: &Ctx, code: Option<&str>) -> Result<Reply, StoreError> {
        let codes = SUPPORTED_LOCALES.join(", ");
        let Some(code) = code else {
            return Ok(Reply::new().text(self.ta(
                ctx.locale,
                "language-current",
                &[
                    ("name", self.t(ctx.locale, "language-name").into()),
                    ("locale", ctx.locale.into()),
                    ("codes", codes.into()),
                ],
            )));
        };
        let Some(person) = &ctx.person else {
            return Ok(Reply::new().warning(self.t(ctx.locale, "language-not-on-roster")));
        };
        if code.eq_ignore_ascii_case("auto") {
            self.store.set_locale(person.id, None).await?;
            return Ok(Reply::new().text(self.t(ctx.locale, "language-auto")));
        }
        if !I18n::is_supported(code) {
            let shown: String = code.chars().take(20).collect();
            return Ok(Reply::new().warning(self.ta(
                ctx.locale,
                "language-unknown",
                &[("code", shown.into()), ("codes", codes.into())],
            )));
        }
        let locale = I18n::negotiate(code);
        self.store.set_locale(person.id, Some(locale)).await?;
        Ok(Reply::new().text(self.ta(
            locale,
            "language-set",
            &[
                ("name", self.t(locale, "language-name").into()),
                ("locale", locale.into()),
            ],
        )))
    }
}
