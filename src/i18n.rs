//! Localization: every user-facing string comes from the Fluent files in `locales/`.
//! Locale negotiation falls back to en-US, and so does a message missing in a locale.
use std::collections::HashMap;
use std::sync::Arc;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::domain::SUPPORTED_LOCALES;

pub const DEFAULT_LOCALE: &str = "en-US";

/// The Fluent files, per locale, built into the binary. Every locale has the same files.
pub const FILES: &[&str] = &[
    "main.ftl",
    "indicators.ftl",
    "platforms.ftl",
    "ical.ftl",
    "checkin-form.ftl",
];

macro_rules! ftl {
    ($loc:literal) => {
        [
            (
                "main.ftl",
                include_str!(concat!("../locales/", $loc, "/main.ftl")),
            ),
            (
                "indicators.ftl",
                include_str!(concat!("../locales/", $loc, "/indicators.ftl")),
            ),
            (
                "platforms.ftl",
                include_str!(concat!("../locales/", $loc, "/platforms.ftl")),
            ),
            (
                "ical.ftl",
                include_str!(concat!("../locales/", $loc, "/ical.ftl")),
            ),
            (
                "checkin-form.ftl",
                include_str!(concat!("../locales/", $loc, "/checkin-form.ftl")),
            ),
        ]
    };
}

/// The embedded sources: (locale, [(file, text)]).
pub fn sources() -> Vec<(&'static str, [(&'static str, &'static str); 5])> {
    vec![("en-US", ftl!("en-US")), ("es", ftl!("es"))]
}

/// All messages of all locales, ready to format.
pub struct I18n {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
    /// Per supported locale: every message (`id`) and attribute (`id.attr`) that takes
    /// no arguments, formatted once at load (with the en-US fallback applied). Most
    /// texts are like that, and formatting them through Fluent on every request was
    /// a good part of answering `/indicators`.
    fixed: HashMap<&'static str, HashMap<String, String>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("locales/{locale}/{file} has errors: {detail}")]
pub struct I18nError {
    pub locale: String,
    pub file: String,
    pub detail: String,
}

impl I18n {
    /// Load the embedded Fluent files.
    pub fn load() -> Result<Arc<Self>, I18nError> {
        let mut bundles = HashMap::new();
        for (loc, files) in sources() {
            let langid: LanguageIdentifier = loc.parse().expect("supported locale ids parse");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            for (file, text) in files {
                let res =
                    FluentResource::try_new(text.to_string()).map_err(|(_, errs)| I18nError {
                        locale: loc.into(),
                        file: file.into(),
                        detail: format!("{errs:?}"),
                    })?;
                bundle.add_resource(res).map_err(|errs| I18nError {
                    locale: loc.into(),
                    file: file.into(),
                    detail: format!("{errs:?}"),
                })?;
            }
            bundles.insert(loc, bundle);
        }
        let mut i18n = Self {
            bundles,
            fixed: HashMap::new(),
        };
        i18n.fixed = i18n.format_fixed();
        Ok(Arc::new(i18n))
    }

    /// [`negotiate`](Self::negotiate) a locale if one was given, else the default: the
    /// language to answer in when all that is known is what a platform or person said.
    pub fn negotiate_or_default(requested: Option<&str>) -> &'static str {
        requested.map(Self::negotiate).unwrap_or(DEFAULT_LOCALE)
    }

    /// Pick a supported locale for a requested one (`es-MX`, `es_419`, `en-GB`, …).
    pub fn negotiate(requested: &str) -> &'static str {
        if let Some(exact) = SUPPORTED_LOCALES.iter().find(|l| **l == requested) {
            return exact;
        }
        let norm = requested.trim().replace('_', "-");
        if let Some(exact) = SUPPORTED_LOCALES
            .iter()
            .find(|l| l.eq_ignore_ascii_case(&norm))
        {
            return exact;
        }
        let lang = norm.split('-').next().unwrap_or("").to_ascii_lowercase();
        SUPPORTED_LOCALES
            .iter()
            .find(|l| {
                l.split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&lang))
            })
            .copied()
            .unwrap_or(DEFAULT_LOCALE)
    }

    /// Is this a locale code we can serve (exactly or by its language)?
    pub fn is_supported(requested: &str) -> bool {
        let norm = requested.trim().replace('_', "-");
        let lang = norm.split('-').next().unwrap_or("").to_ascii_lowercase();
        SUPPORTED_LOCALES
            .iter()
            .any(|l| l.split('-').next().is_some_and(|p| p == lang))
    }

    fn bundle_with(&self, locale: &str, id: &str) -> Option<&FluentBundle<FluentResource>> {
        let loc = Self::negotiate(locale);
        [loc, DEFAULT_LOCALE]
            .into_iter()
            .filter_map(|l| self.bundles.get(l))
            .find(|b| b.has_message(id))
    }

    /// Format a message. A missing id formats as the id itself, so a gap is visible, not fatal.
    pub fn msg(&self, locale: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.format(locale, id, None, args)
            .unwrap_or_else(|| id.to_string())
    }

    /// Format a message attribute (`id.attr`), if it exists.
    pub fn attr(&self, locale: &str, id: &str, attr: &str) -> Option<String> {
        self.format(locale, id, Some(attr), &[])
    }

    /// Every message and attribute of every locale that formats without arguments.
    fn format_fixed(&self) -> HashMap<&'static str, HashMap<String, String>> {
        let mut keys: Vec<(String, Option<String>)> = vec![];
        for (_, files) in sources() {
            for (_, text) in files {
                let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
                for entry in res.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        keys.push((m.id.name.to_string(), None));
                        for a in &m.attributes {
                            keys.push((m.id.name.to_string(), Some(a.id.name.to_string())));
                        }
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        let mut out = HashMap::new();
        for loc in SUPPORTED_LOCALES {
            let mut fixed = HashMap::new();
            for (id, attr) in &keys {
                let mut errors = vec![];
                if let Some(text) = self.format_with(loc, id, attr.as_deref(), None, &mut errors)
                    && errors.is_empty()
                {
                    let key = match attr {
                        None => id.clone(),
                        Some(a) => format!("{id}.{a}"),
                    };
                    fixed.insert(key, text);
                }
            }
            out.insert(*loc, fixed);
        }
        out
    }

    fn format(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: &[(&str, FluentValue<'_>)],
    ) -> Option<String> {
        if args.is_empty()
            && let Some(fixed) = self.fixed.get(Self::negotiate(locale))
        {
            let hit = match attr {
                None => fixed.get(id),
                Some(a) => fixed.get(&format!("{id}.{a}")),
            };
            if let Some(text) = hit {
                return Some(text.clone());
            }
        }
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        self.format_with(locale, id, attr, Some(&fargs), &mut errors)
    }

    fn format_with(
        &self,
        locale: &str,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs<'_>>,
        errors: &mut Vec<fluent::FluentError>,
    ) -> Option<String> {
        let bundle = self.bundle_with(locale, id)?;
        let msg = bundle.get_message(id)?;
        let pattern = match attr {
            None => msg.value()?,
            Some(a) => msg.get_attribute(a)?.value(),
        };
        let out = bundle.format_pattern(pattern, args, errors);
        Some(out.into_owned())
    }

    /// A date in the reader's locale followed by its ISO form, e.g. "November 22, 2026 (2026-11-22)".
    pub fn date(&self, locale: &str, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = self.msg(locale, &format!("month-{}", d.month()), &[]);
        self.msg(
            locale,
            "date-long",
            &[
                ("month", month.into()),
                ("day", (d.day() as i64).into()),
                ("year", FluentValue::String(d.year().to_string().into())),
                ("iso", d.format("%Y-%m-%d").to_string().into()),
            ],
        )
    }

    /// All message ids of a locale with their attribute names and placeholders; for tests.
    pub fn shape(locale: &str) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        for (loc, files) in sources() {
            if loc != locale {
                continue;
            }
            for (_, text) in files {
                let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
                for entry in res.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        let mut parts: Vec<String> = vec![];
                        if let Some(v) = &m.value {
                            collect_vars(v, "", &mut parts);
                        }
                        for a in &m.attributes {
                            parts.push(format!(".{}", a.id.name));
                            collect_vars(&a.value, a.id.name, &mut parts);
                        }
                        parts.sort();
                        parts.dedup();
                        out.insert(m.id.name.to_string(), parts);
                    }
                }
            }
        }
        out
    }
}

fn collect_vars(p: &fluent_syntax::ast::Pattern<&str>, prefix: &str, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn walk_inline(e: &InlineExpression<&str>, prefix: &str, out: &mut Vec<String>) {
        match e {
            InlineExpression::VariableReference { id } => out.push(format!("{prefix}${}", id.name)),
            InlineExpression::Placeable { expression } => walk(expression, prefix, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    walk_inline(a, prefix, out);
                }
            }
            _ => {}
        }
    }
    fn walk(e: &Expression<&str>, prefix: &str, out: &mut Vec<String>) {
        match e {
            Expression::Inline(i) => walk_inline(i, prefix, out),
            Expression::Select { selector, variants } => {
                walk_inline(selector, prefix, out);
                for v in variants {
                    for el in &v.value.elements {
                        if let PatternElement::Placeable { expression } = el {
                            walk(expression, prefix, out);
                        }
                    }
                }
            }
        }
    }
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            walk(expression, prefix, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_falls_back_to_english() {
        assert_eq!(I18n::negotiate("es-MX"), "es");
        assert_eq!(I18n::negotiate("es_419"), "es");
        assert_eq!(I18n::negotiate("en-GB"), "en-US");
        assert_eq!(I18n::negotiate("fr"), "en-US");
        assert_eq!(I18n::negotiate(""), "en-US");
        assert_eq!(I18n::negotiate_or_default(Some("es_419")), "es");
        assert_eq!(I18n::negotiate_or_default(None), "en-US");
    }

    #[test]
    fn every_message_exists_in_every_locale_with_the_same_placeholders() {
        let en = I18n::shape("en-US");
        assert!(en.len() > 50, "en-US has {} messages", en.len());
        for loc in SUPPORTED_LOCALES {
            let other = I18n::shape(loc);
            for (id, parts) in &en {
                let Some(o) = other.get(id) else {
                    panic!("{loc} is missing message {id}");
                };
                assert_eq!(
                    parts, o,
                    "{loc}: message {id} differs in attributes or placeholders"
                );
            }
            for id in other.keys() {
                assert!(en.contains_key(id), "{loc} has {id}, which en-US lacks");
            }
        }
    }

    #[test]
    fn all_files_parse_cleanly() {
        for (loc, files) in sources() {
            for (file, text) in files {
                if let Err((_, errs)) = FluentResource::try_new(text.to_string()) {
                    panic!("locales/{loc}/{file}: {errs:?}");
                }
            }
        }
        I18n::load().unwrap();
    }

    #[test]
    fn locale_folders_hold_exactly_the_embedded_files() {
        for loc in SUPPORTED_LOCALES {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("locales")
                .join(loc);
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut embedded: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
            embedded.sort();
            assert_eq!(on_disk, embedded, "locales/{loc}");
        }
    }

    #[test]
    fn dates_show_locale_and_iso_form() {
        let i = I18n::load().unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let en = i.date("en-US", d);
        let es = i.date("es", d);
        assert!(en.contains("November") && en.contains("2026-11-22"), "{en}");
        assert!(
            es.contains("noviembre") && es.contains("2026-11-22"),
            "{es}"
        );
    }
}
