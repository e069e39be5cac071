//! The indicator catalog (seeds' Figures 1 and 2 and the vulnerable groups) and its search.
use std::collections::HashMap;

use serde::Deserialize;

use super::text::{Vocabulary, words};
use crate::domain::SUPPORTED_LOCALES;
use crate::i18n::I18n;

const CATALOG_TOML: &str = include_str!("../../data/indicators.toml");

/// The catalog's categories, in display order.
pub const CATEGORIES: &[&str] = &["sex", "both", "labor", "risk", "vulnerable"];

#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub id: String,
    pub category: String,
}

#[derive(Deserialize)]
struct CatalogFile {
    entry: Vec<Entry>,
}

/// How much a match on each kind of word counts.
const TERM_WEIGHT: f32 = 3.0;
const TEXT_WEIGHT: f32 = 1.0;
const CATEGORY_WEIGHT: f32 = 0.5;

/// The catalog plus a search index over every locale's text and search terms, so a
/// Spanish word finds an entry for an English reader and the other way round.
#[derive(Debug)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    vocab: Vocabulary,
    /// Word number → (entry number, weight).
    postings: HashMap<u32, Vec<(u16, f32)>>,
    /// Normalized words that name a category (`labor`, `laboral`, …).
    category_words: HashMap<String, &'static str>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("data/indicators.toml: {0}")]
    Invalid(String),
}

impl Catalog {
    pub fn load(i18n: &I18n) -> Result<Self, CatalogError> {
        let file: CatalogFile =
            toml::from_str(CATALOG_TOML).map_err(|e| CatalogError::Invalid(e.message().into()))?;
        let mut vocab = Vocabulary::default();
        let mut postings: HashMap<u32, Vec<(u16, f32)>> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for (n, e) in file.entry.iter().enumerate() {
            if !CATEGORIES.contains(&e.category.as_str()) {
                return Err(CatalogError::Invalid(format!(
                    "entry {} has unknown category {}",
                    e.id, e.category
                )));
            }
            if !seen.insert(e.id.clone()) {
                return Err(CatalogError::Invalid(format!(
                    "entry {} appears twice",
                    e.id
                )));
            }
            let key = format!("ind-{}", e.id);
            let mut add = |text: &str, weight: f32| {
                for w in words(text) {
                    let id = vocab.add(&w);
                    let list = postings.entry(id).or_default();
                    match list.iter_mut().find(|(entry, _)| *entry as usize == n) {
                        Some((_, old)) if *old < weight => *old = weight,
                        Some(_) => {}
                        None => list.push((n as u16, weight)),
                    }
                }
            };
            for loc in SUPPORTED_LOCALES {
                add(&i18n.msg(loc, &key, &[]), TEXT_WEIGHT);
                if let Some(terms) = i18n.attr(loc, &key, "terms") {
                    add(&terms, TERM_WEIGHT);
                }
                add(
                    &i18n.msg(loc, &format!("indcat-{}", e.category), &[]),
                    CATEGORY_WEIGHT,
                );
            }
        }
        vocab.finish();
        let mut category_words = HashMap::new();
        for cat in CATEGORIES {
            for loc in SUPPORTED_LOCALES {
                let terms = i18n
                    .attr(loc, &format!("indcat-{cat}"), "terms")
                    .unwrap_or_default();
                for w in words(&terms) {
                    category_words.insert(super::text::stems(&w).0, *cat);
                }
            }
        }
        Ok(Self {
            entries: file.entry,
            vocab,
            postings,
            category_words,
        })
    }

    /// Entries matching the words, best first (ties keep catalog order).
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let mut scores = vec![0f32; self.entries.len()];
        let mut hits = Vec::new();
        let mut any = false;
        for w in words(query) {
            self.vocab.lookup(&w, &mut hits);
            // Per query word, an entry counts once, with its best match.
            let mut best: HashMap<u16, f32> = HashMap::new();
            for (word_id, quality) in &hits {
                if let Some(list) = self.postings.get(word_id) {
                    for (entry, weight) in list {
                        let s = weight * quality.0;
                        let b = best.entry(*entry).or_default();
                        if *b < s {
                            *b = s;
                        }
                    }
                }
            }
            for (entry, s) in best {
                scores[entry as usize] += s;
                any = true;
            }
        }
        if !any {
            return vec![];
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s > CATEGORY_WEIGHT)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(i, _)| &self.entries[i]).collect()
    }

    /// The category a query names, when every word of it names the same one.
    pub fn category_named(&self, query: &str) -> Option<&'static str> {
        let ws = words(query);
        let mut found = None;
        for w in &ws {
            let cat = self.category_words.get(&super::text::stems(w).0)?;
            if found.is_some_and(|f| f != *cat) {
                return None;
            }
            found = Some(*cat);
        }
        found
    }

    pub fn in_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.category == category)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn vocabulary_size(&self) -> usize {
        self.vocab.len()
    }
}

/// At most this many entries in one answer.
const MAX_RESULTS: usize = 8;

impl super::Engine {
    /// `/indicators [words]`: the categories, or the entries matching the words.
    pub fn indicators(&self, ctx: &super::Ctx, text: &str) -> super::Reply {
        let loc = ctx.locale;
        let fixed = self.indicator_texts.get(loc);
        let query = text.trim();
        let mut r = super::Reply::new();
        if query.is_empty() {
            r = r
                .heading(self.t(loc, "indicators-title"))
                .text(self.t(loc, "indicators-intro"));
            r = category_list(fixed, r);
        } else if let Some(cat) = self.catalog.category_named(query) {
            let key = format!("indcat-{cat}");
            r = r
                .heading(self.t(loc, &key))
                .text(self.i18n.attr(loc, &key, "description").unwrap_or_default())
                .bullets(
                    self.catalog
                        .in_category(cat)
                        .map(|e| format!("{} (#{})", self.t(loc, &format!("ind-{}", e.id)), e.id))
                        .collect(),
                );
        } else {
            let found = self.catalog.search(query);
            let shown: String = query.chars().take(60).collect();
            if found.is_empty() {
                r = r.warning(self.ta(loc, "indicators-no-match", &[("query", shown.into())]));
                r = category_list(fixed, r);
            } else {
                r = r.heading(self.ta(
                    loc,
                    "indicators-results",
                    &[
                        ("query", shown.into()),
                        ("count", (found.len() as i64).into()),
                    ],
                ));
                let items = found
                    .iter()
                    .take(MAX_RESULTS)
                    .map(|e| fixed.lines.get(&e.id).cloned().unwrap_or_default())
                    .collect();
                r = r.bullets(items);
                if found.len() > MAX_RESULTS {
                    r = r.text(self.ta(
                        loc,
                        "indicators-more",
                        &[("count", ((found.len() - MAX_RESULTS) as i64).into())],
                    ));
                }
            }
        }
        r.footer(fixed.footer.clone())
    }
}

fn category_list(fixed: &LocaleTexts, r: super::Reply) -> super::Reply {
    r.bullets(fixed.categories.clone())
        .text(fixed.how_to_search.clone())
}

/// The parts of /indicators replies that never change, formatted once per locale when
/// the engine starts rather than on every search (issue 9: a search answer was spending
/// a fifth of its time formatting the same strings).
#[derive(Debug, Default)]
pub struct Texts {
    by_locale: HashMap<&'static str, LocaleTexts>,
    fallback: LocaleTexts,
}

#[derive(Debug, Default)]
pub struct LocaleTexts {
    /// Entry id → "entry text (category name)", the line a search result shows.
    lines: HashMap<String, String>,
    /// "category — description", in display order.
    categories: Vec<String>,
    how_to_search: String,
    footer: String,
}

impl Texts {
    pub fn new(i18n: &I18n, catalog: &Catalog, slash: impl Fn(&str) -> String) -> Self {
        let by_locale = SUPPORTED_LOCALES
            .iter()
            .map(|&loc| {
                let t = |id: &str| i18n.msg(loc, id, &[]);
                let lines = catalog
                    .entries
                    .iter()
                    .map(|e| {
                        // The id is what the one-line `/concern … #ID` form takes.
                        let line = format!(
                            "{} ({}, #{})",
                            t(&format!("ind-{}", e.id)),
                            t(&format!("indcat-{}", e.category)),
                            e.id
                        );
                        (e.id.clone(), line)
                    })
                    .collect();
                let categories = CATEGORIES
                    .iter()
                    .map(|c| {
                        let key = format!("indcat-{c}");
                        format!(
                            "{} — {}",
                            t(&key),
                            i18n.attr(loc, &key, "description").unwrap_or_default()
                        )
                    })
                    .collect();
                let texts = LocaleTexts {
                    lines,
                    categories,
                    how_to_search: i18n.msg(
                        loc,
                        "indicators-how-to-search",
                        &[("command", slash("indicators").into())],
                    ),
                    footer: i18n.msg(
                        loc,
                        "indicators-footer",
                        &[("concern", slash("concern").into())],
                    ),
                };
                (loc, texts)
            })
            .collect();
        Self {
            by_locale,
            fallback: LocaleTexts::default(),
        }
    }

    /// A locale's texts; an unsupported code gets the negotiated locale's.
    pub fn get(&self, locale: &str) -> &LocaleTexts {
        self.by_locale
            .get(locale)
            .or_else(|| self.by_locale.get(I18n::negotiate(locale)))
            .unwrap_or(&self.fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&I18n::load().unwrap()).unwrap()
    }

    fn top(c: &Catalog, q: &str) -> Vec<String> {
        c.search(q).into_iter().map(|e| e.id.clone()).collect()
    }

    #[test]
    fn catalog_has_every_figure() {
        let c = catalog();
        let count = |cat| c.in_category(cat).count();
        assert_eq!(count("sex"), 7);
        assert_eq!(count("both"), 12);
        assert_eq!(count("labor"), 11);
        assert_eq!(count("risk"), 26);
        assert_eq!(count("vulnerable"), 9);
    }

    #[test]
    fn every_entry_has_text_and_terms_in_every_locale() {
        let i = I18n::load().unwrap();
        let c = Catalog::load(&i).unwrap();
        for e in &c.entries {
            for loc in SUPPORTED_LOCALES {
                let key = format!("ind-{}", e.id);
                assert_ne!(i.msg(loc, &key, &[]), key, "{loc} lacks {key}");
                assert!(
                    i.attr(loc, &key, "terms").is_some(),
                    "{loc} lacks {key}.terms"
                );
            }
        }
    }

    #[test]
    fn the_words_staff_type_find_something_sensible() {
        let c = catalog();
        for q in ["hotel", "hotels", "motel", "hotles", "HOTEL"] {
            assert_eq!(
                top(&c, q).first().map(String::as_str),
                Some("sex-hotel-motel"),
                "{q}"
            );
        }
        let tattoo = top(&c, "tatuaje");
        assert!(
            tattoo.first().is_some_and(|id| id.contains("tattoo")),
            "{tattoo:?}"
        );
        let debt = top(&c, "deuda");
        assert!(
            debt.first().is_some_and(|id| id.starts_with("labor-")),
            "{debt:?}"
        );
        assert!(top(&c, "qwxyz").is_empty());
    }

    #[test]
    fn category_words_name_a_category() {
        let c = catalog();
        assert_eq!(c.category_named("labor"), Some("labor"));
        assert_eq!(c.category_named("Laboral"), Some("labor"));
        assert_eq!(c.category_named("risk factors"), Some("risk"));
        assert_eq!(c.category_named("hotel"), None);
    }
}
