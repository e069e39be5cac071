//! `/partners [category] [words]`: partners serving the reader's school area, plus the
//! national hotlines. A confidential partner's address is never shown.
use chrono::NaiveDate;

use super::text::{Vocabulary, words};
use super::{Ctx, Engine, Reply};
use crate::config::School;
use crate::domain::{Partner, PartnerCategory, SUPPORTED_LOCALES};
use crate::store::StoreError;

/// At most this many local partners in one answer.
const MAX_RESULTS: usize = 8;
/// At most this many national lines in one answer, shown after the local partners however
/// many those are: the national hotlines are always there.
const MAX_NATIONAL: usize = 5;

/// The partners a school's staff see: those serving its service area or its id, and the
/// national lines. `/partners` answers from these, and the re-check nudges list these.
pub(super) fn visible_to<'a>(school: &School, all: &'a [Partner]) -> Vec<&'a Partner> {
    let mut area = school.service_area.clone();
    area.push(school.id.clone());
    all.iter().filter(|p| p.serves(&area)).collect()
}

/// Is the partner's record due a re-check on `today` (the school's local date): never
/// verified, or verified more than `stale_after_days` ago? Replies flag it; its owners are
/// nudged.
pub fn is_stale(p: &Partner, today: NaiveDate, stale_after_days: i64) -> bool {
    p.last_verified_on
        .is_none_or(|d| (today - d).num_days() > stale_after_days)
}

impl Engine {
    /// The category a word names, in any supported language (`shelter`, `refugio`, `police`…):
    /// the category id, or a one-word title or search term of it.
    pub fn partner_category_named(&self, word: &str) -> Option<PartnerCategory> {
        let w = words(word);
        let [w] = w.as_slice() else { return None };
        let stem = super::text::stems(w).0;
        PartnerCategory::ALL.iter().copied().find(|c| {
            if w == c.as_str() {
                return true;
            }
            SUPPORTED_LOCALES.iter().any(|loc| {
                let key = format!("partner-cat-{}", c.as_str());
                let terms = self.i18n.attr(loc, &key, "terms").unwrap_or_default();
                std::iter::once(self.t(loc, &key))
                    .chain(terms.split(',').map(String::from))
                    .any(|phrase| match words(&phrase).as_slice() {
                        [one] => super::text::stems(one).0 == stem,
                        _ => false,
                    })
            })
        })
    }

    pub(super) async fn partners(&self, ctx: &Ctx, text: &str) -> Result<Reply, StoreError> {
        let loc = ctx.locale;
        let all = self.store.partners().await?;
        let visible = visible_to(&ctx.school, &all);
        let mut ws: Vec<&str> = text.split_whitespace().collect();
        let category = ws.first().and_then(|w| self.partner_category_named(w));
        if category.is_some() {
            ws.remove(0);
        }
        let query = ws.join(" ");
        let query_words = words(&query);
        let mut found: Vec<&Partner> = visible
            .iter()
            .copied()
            .filter(|p| category.is_none_or(|c| p.category == c))
            .filter(|p| {
                query_words.is_empty()
                    || matches_words(p, &self.partner_description(loc, p), &query_words)
            })
            .collect();
        // Local partners first, then the national lines; by name within each.
        found.sort_by_key(|p| (p.is_national(), p.name.to_lowercase()));

        let shown: String = text.trim().chars().take(60).collect();
        // A category asked for by name with no partner in it here: say so, and show the
        // national lines instead of the list of categories the person just used.
        if found.is_empty()
            && let Some(c) = category.filter(|_| query_words.is_empty())
        {
            let mut national: Vec<&Partner> = visible
                .iter()
                .copied()
                .filter(|p| p.is_national())
                .collect();
            national.sort_by_key(|p| p.name.to_lowercase());
            let mut r = Reply::new().warning(self.ta(
                loc,
                "partners-none-in-category",
                &[
                    (
                        "category",
                        self.t(loc, &format!("partner-cat-{}", c.as_str())).into(),
                    ),
                    ("school", ctx.school.name.clone().into()),
                ],
            ));
            if !national.is_empty() {
                r = r.text(self.t(loc, "partners-meanwhile"));
            }
            let today = ctx.now.with_timezone(&ctx.school.time_zone).date_naive();
            for p in national.into_iter().take(MAX_RESULTS) {
                r = self.render_partner(loc, p, today, r);
            }
            return Ok(r.footer(self.t(loc, "partners-emergency")));
        }
        if found.is_empty() {
            let cats = PartnerCategory::ALL
                .iter()
                .map(|c| {
                    format!(
                        "{} ({})",
                        self.t(loc, &format!("partner-cat-{}", c.as_str())),
                        c.as_str()
                    )
                })
                .collect();
            return Ok(Reply::new()
                .warning(self.ta(
                    loc,
                    "partners-no-match",
                    &[
                        ("query", shown.into()),
                        ("school", ctx.school.name.clone().into()),
                    ],
                ))
                .text(self.t(loc, "partners-categories"))
                .bullets(cats)
                .footer(self.t(loc, "partners-emergency")));
        }
        let title = match category {
            Some(c) => self.ta(
                loc,
                "partners-title-category",
                &[
                    (
                        "category",
                        self.t(loc, &format!("partner-cat-{}", c.as_str())).into(),
                    ),
                    ("school", ctx.school.name.clone().into()),
                ],
            ),
            None => self.ta(
                loc,
                "partners-title",
                &[("school", ctx.school.name.clone().into())],
            ),
        };
        let mut r = Reply::new().heading(title);
        let today = ctx.now.with_timezone(&ctx.school.time_zone).date_naive();
        // `found` is sorted local first: the national lines are never pushed out by them.
        let locals = found.iter().take_while(|p| !p.is_national()).count();
        let (local, national) = found.split_at(locals);
        let listed = local
            .iter()
            .take(MAX_RESULTS)
            .chain(national.iter().take(MAX_NATIONAL));
        let mut count = 0;
        for p in listed {
            r = self.render_partner(loc, p, today, r);
            count += 1;
        }
        if found.len() > count {
            r = r.text(self.ta(
                loc,
                "partners-more",
                &[
                    ("count", ((found.len() - count) as i64).into()),
                    ("command", self.slash("partners").into()),
                ],
            ));
        }
        Ok(r.footer(self.t(loc, "partners-emergency")))
    }

    /// A partner's description in the reader's language when the locales have it: the
    /// shipped national lines (`partner-desc-ID`), while the description is still the
    /// shipped English one. Anything else is shown as the directory has it (the CSV has
    /// one description column).
    fn partner_description(&self, loc: &str, p: &Partner) -> String {
        let id = format!("partner-desc-{}", p.id);
        if self.t(crate::i18n::DEFAULT_LOCALE, &id) == p.description {
            self.t(loc, &id)
        } else {
            p.description.clone()
        }
    }

    fn render_partner(&self, loc: &str, p: &Partner, today: NaiveDate, r: Reply) -> Reply {
        let cat = self.t(loc, &format!("partner-cat-{}", p.category.as_str()));
        let mut r = r.text(format!("*{}* — {cat}", p.name));
        if !p.description.is_empty() {
            r = r.text(self.partner_description(loc, p));
        }
        let mut f: Vec<(String, String)> = vec![];
        let mut add = |id: &str, v: String| {
            if !v.trim().is_empty() {
                f.push((self.t(loc, id), v));
            }
        };
        add("partner-field-phone", p.phones.join(", "));
        add("partner-field-text", p.text.clone());
        add("partner-field-email", p.email.clone());
        add("partner-field-url", p.url.clone());
        if p.confidential {
            add(
                "partner-field-address",
                self.t(loc, "partner-address-confidential"),
            );
        } else {
            let addr = [
                p.address.as_str(),
                p.city.as_str(),
                &format!("{} {}", p.state, p.postal_code),
            ]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            add("partner-field-address", addr);
        }
        let hours = if p.open_24_7 {
            self.t(loc, "partner-open-24-7")
        } else {
            p.hours.clone()
        };
        add("partner-field-hours", hours);
        add("partner-field-languages", p.languages.join(", "));
        if p.mou {
            let v = match p.mou_date {
                Some(d) => self.i18n.date(loc, d),
                None => self.t(loc, "partner-yes"),
            };
            add("partner-field-mou", v);
        }
        let verified = match p.last_verified_on {
            Some(d) => self.ta(
                loc,
                "partner-verified",
                &[
                    ("date", self.i18n.date(loc, d).into()),
                    ("by", p.last_verified_by.clone().into()),
                ],
            ),
            None => self.t(loc, "partner-never-verified"),
        };
        add("partner-field-verified", verified);
        r = r.fields(f);
        if is_stale(p, today, self.config.partners.stale_after_days) {
            r = r.warning(self.ta(
                loc,
                "partner-stale",
                &[("days", self.config.partners.stale_after_days.into())],
            ));
        }
        r
    }
}

/// Every query word matches a word of the partner's name, description (as the directory
/// has it, or `shown` in the reader's language), city, area or languages (accents, plurals
/// and one typo forgiven).
fn matches_words(p: &Partner, shown: &str, query: &[String]) -> bool {
    let mut v = Vocabulary::default();
    let hay = format!(
        "{} {} {} {} {} {} {}",
        p.name,
        p.description,
        shown,
        p.city,
        p.service_area.join(" "),
        p.category.as_str().replace('_', " "),
        p.languages.join(" ")
    );
    for w in words(&hay) {
        v.add(&w);
    }
    v.finish();
    let mut hits = vec![];
    query.iter().all(|q| {
        v.lookup(q, &mut hits);
        !hits.is_empty()
    })
}
