//! Teams webhook URLs at rest. A Workflows webhook URL is a credential (whoever holds it
//! can post into that person's chat with the Flow bot), so the store keeps it sealed under
//! the data key, as concern content is, in `people.teams_webhook_sealed`
//! (migrations/*/0014_people_webhook_sealed.sql).
//!
//! Why the store seals, and not the engine: the URL is read in one place, the roster
//! load, and written in one, `import_people`; everything else (the dispatcher, the Teams
//! messenger, exports) gets a [`Person`](crate::domain::Person) whose
//! `teams_webhook_url` is already open, in memory only. So the store is given the data
//! key when it is opened (`store::open`), and nothing above it changes. A store opened
//! without the key (imports of partners and holidays, `check-config`, a roster export
//! without `--include-secrets`) reads every sealed URL as absent and refuses to store
//! one; only stores opened with the key deliver messages.
//!
//! Each URL is bound to its row: the associated data is a fixed label and the person's
//! id (ids are never reused), so a sealed URL copied into another person's row does not
//! open there.
//!
//! URLs stored in plain text by an earlier version (`people.teams_webhook_url`) are
//! sealed, all in one transaction, by `Store::migrate` on a store opened with the key; a
//! row still holding one (an earlier version wrote it meanwhile) is read as that URL.
use crate::crypto::DataKey;

use super::StoreError;

/// What a sealed URL is bound to: this label and its person's id.
pub(super) fn context(person_id: i64) -> Vec<u8> {
    format!("safeharbor people.teams_webhook_sealed id={person_id}").into_bytes()
}

/// Seal `url` for person `person_id`'s row.
pub(super) fn seal(key: &DataKey, person_id: i64, url: &str) -> Vec<u8> {
    key.seal_bound(url.as_bytes(), &context(person_id))
}

/// Open person `person_id`'s sealed URL.
pub(super) fn open(key: &DataKey, person_id: i64, sealed: &[u8]) -> Result<String, StoreError> {
    key.open_bound(sealed, &context(person_id))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| StoreError::WrongKey {
            what: format!("the Teams webhook URL stored for person {person_id}"),
        })
}

/// The URL a row holds, open: a plain one an earlier version wrote wins (it is the newer:
/// this version never leaves one behind); a sealed one opens with `key`, and without a
/// key reads as absent.
pub(super) fn read(
    key: Option<&DataKey>,
    person_id: i64,
    plain: Option<String>,
    sealed: Option<Vec<u8>>,
) -> Result<Option<String>, StoreError> {
    match (plain, sealed, key) {
        (Some(url), _, _) => Ok(Some(url)),
        (None, Some(s), Some(key)) => open(key, person_id, &s).map(Some),
        (None, _, _) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap()
    }

    #[test]
    fn a_sealed_url_opens_for_its_own_row_with_its_own_key_only() {
        let k = key();
        let url = "https://flows.example/workflows/1?sig=MARKER-SIG";
        let sealed = seal(&k, 7, url);
        assert!(!sealed.windows(10).any(|w| w == b"MARKER-SIG"));
        assert_eq!(open(&k, 7, &sealed).unwrap(), url);

        for e in [open(&k, 8, &sealed), open(&key(), 7, &sealed)] {
            let e = e.unwrap_err();
            let text = e.to_string();
            assert!(
                text.contains("person 7") || text.contains("person 8"),
                "{text}"
            );
            assert!(text.contains("SAFEHARBOR_DATA_KEY"), "{text}");
            assert!(!text.contains("MARKER") && !text.contains("flows.example"));
        }
    }

    #[test]
    fn without_a_key_a_sealed_url_reads_as_absent_and_a_plain_one_as_itself() {
        let k = key();
        let sealed = seal(&k, 1, "https://a.example/x");
        assert_eq!(read(None, 1, None, Some(sealed.clone())).unwrap(), None);
        assert_eq!(
            read(Some(&k), 1, None, Some(sealed.clone())).unwrap(),
            Some("https://a.example/x".into())
        );
        assert_eq!(
            read(
                Some(&k),
                1,
                Some("https://b.example/y".into()),
                Some(sealed)
            )
            .unwrap(),
            Some("https://b.example/y".into()),
            "a plain URL is the newer"
        );
        assert_eq!(read(Some(&k), 1, None, None).unwrap(), None);
    }
}
