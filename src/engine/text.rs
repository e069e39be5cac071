//! Word matching shared by the searches: accents folded, plurals trimmed, one typo forgiven.
use std::collections::HashMap;

/// The vocabulary's maps hash with foldhash (seeded per process) rather than SipHash:
/// a search probes them a dozen times, and SipHash was a tenth of a search's cost.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Words too common to search on (English and Spanish).
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "who", "that", "this", "are", "was", "has", "have", "from", "not",
    "but", "any", "all", "can", "out", "more", "than", "their", "they", "them", "its", "los",
    "las", "del", "con", "por", "para", "que", "una", "uno", "sus", "como", "mas", "sin", "sobre",
    "entre", "este", "esta", "son", "hay", "otro", "otra", "otros", "otras",
];

/// Text as words are matched: lower case, accents folded to ASCII (`Último` is `ultimo`).
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_ascii_lowercase()
}

/// A command word as the engine matches it: lower case, accents dropped, and a Spanish
/// word found in `spanish` (pairs of Spanish and English) given as its English form:
/// `command_word("Calendário", &[("calendario", "calendar")])` is `calendar`.
pub fn command_word(word: &str, spanish: &[(&str, &str)]) -> String {
    let w = fold(word);
    match spanish.iter().find(|(es, _)| *es == w) {
        Some((_, en)) => en.to_string(),
        None => w,
    }
}

/// Lowercase, fold accents to ASCII, split on anything that is not a letter or digit.
pub fn words(s: &str) -> Vec<String> {
    let folded = fold(s);
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && !STOPWORDS.contains(w))
        .map(String::from)
        .collect()
}

/// The forms a word may take in the index: itself without a plural `s`, and without `es`.
pub fn stems(w: &str) -> (String, Option<String>) {
    let one = if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    };
    let two = (w.len() > 4 && w.ends_with("es")).then(|| w[..w.len() - 2].to_string());
    (one, two)
}

/// How well a query word matched a vocabulary word.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct MatchQuality(pub f32);

pub const EXACT: MatchQuality = MatchQuality(1.0);
pub const PREFIX: MatchQuality = MatchQuality(0.7);
pub const TYPO: MatchQuality = MatchQuality(0.6);

/// A vocabulary with exact, prefix and one-edit (SymSpell-style deletion) lookup.
/// Lookups cost a few hash probes per query word, not a scan of the vocabulary.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Stem → word number.
    ids: FastMap<String, u32>,
    /// Sorted stems, for prefix ranges.
    sorted: Vec<(String, u32)>,
    /// Each stem with one character deleted → word numbers.
    deletions: FastMap<String, Vec<u32>>,
    words: Vec<String>,
}

fn one_deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    (0..chars.len()).map(move |i| {
        let (start, c) = chars[i];
        let mut s = String::with_capacity(w.len());
        s.push_str(&w[..start]);
        s.push_str(&w[start + c.len_utf8()..]);
        s
    })
}

impl Vocabulary {
    /// Add a (normalized) word; returns its number.
    pub fn add(&mut self, word: &str) -> u32 {
        let (stem, _) = stems(word);
        if let Some(id) = self.ids.get(&stem) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.words.push(stem.clone());
        if stem.len() >= 4 {
            for d in one_deletions(&stem) {
                self.deletions.entry(d).or_default().push(id);
            }
        }
        self.ids.insert(stem, id);
        id
    }

    /// Sort the prefix table; call once after the last `add`.
    pub fn finish(&mut self) {
        self.sorted = self.ids.iter().map(|(w, i)| (w.clone(), *i)).collect();
        self.sorted.sort();
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every vocabulary word a query word matches, with the best quality for each.
    pub fn lookup(&self, query_word: &str, out: &mut Vec<(u32, MatchQuality)>) {
        out.clear();
        let (s1, s2) = stems(query_word);
        let push = |id: u32, q: MatchQuality, out: &mut Vec<(u32, MatchQuality)>| match out
            .iter_mut()
            .find(|(i, _)| *i == id)
        {
            Some((_, old)) if *old < q => *old = q,
            Some(_) => {}
            None => out.push((id, q)),
        };
        for s in std::iter::once(&s1).chain(s2.as_ref()) {
            if let Some(id) = self.ids.get(s) {
                push(*id, EXACT, out);
            }
        }
        if s1.len() >= 4 {
            let start = self
                .sorted
                .partition_point(|(w, _)| w.as_str() < s1.as_str());
            for (w, id) in &self.sorted[start..] {
                if !w.starts_with(s1.as_str()) {
                    break;
                }
                push(*id, PREFIX, out);
            }
            // One edit: the query is a deletion of a word, a word is a deletion of the
            // query, or both lose one character (substitution, transposition).
            let mut candidates: Vec<u32> = vec![];
            if let Some(ids) = self.deletions.get(&s1) {
                candidates.extend(ids);
            }
            for d in one_deletions(&s1) {
                if let Some(id) = self.ids.get(&d) {
                    candidates.push(*id);
                }
                if let Some(ids) = self.deletions.get(&d) {
                    candidates.extend(ids);
                }
            }
            // A word reached several ways is checked once.
            candidates.sort_unstable();
            candidates.dedup();
            for id in candidates {
                if strsim::osa_distance(&self.words[id as usize], &s1) <= 1 {
                    push(id, TYPO, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(ws: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for w in ws {
            for x in words(w) {
                v.add(&x);
            }
        }
        v.finish();
        v
    }

    fn hits(v: &Vocabulary, q: &str) -> Vec<String> {
        let mut out = vec![];
        let mut all = vec![];
        for w in words(q) {
            v.lookup(&w, &mut out);
            all.extend(out.iter().map(|(i, _)| v.words[*i as usize].clone()));
        }
        all
    }

    #[test]
    fn accents_plurals_and_typos() {
        let v = vocab(&["hotel motel", "tatuaje", "deuda", "adicción"]);
        assert!(hits(&v, "hotels").contains(&"hotel".to_string()));
        assert!(hits(&v, "hoteles").contains(&"hotel".to_string()));
        assert!(hits(&v, "hotles").contains(&"hotel".to_string()));
        assert!(hits(&v, "tatuajes").contains(&"tatuaje".to_string()));
        assert!(hits(&v, "adiccion").contains(&"adiccion".to_string()));
        assert!(hits(&v, "ADICCIÓN").contains(&"adiccion".to_string()));
        assert!(hits(&v, "tat").is_empty(), "short prefixes are not guessed");
        assert!(hits(&v, "tatua").contains(&"tatuaje".to_string()));
        assert!(hits(&v, "zzzz").is_empty());
    }

    #[test]
    fn stopwords_and_short_words_are_ignored() {
        assert_eq!(words("the Hotel, de la ID"), vec!["hotel".to_string()]);
    }
}
