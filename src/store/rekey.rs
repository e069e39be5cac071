//! Changing the data key (`safeharbor rekey`): every value sealed under the data key is
//! opened with the current key and sealed again under the new one, in one transaction
//! (see `Store::rekey`, written once for both backends in `sql_store!`).
//!
//! The columns are listed here, in [`SEALED_COLUMNS`]; a migration that adds a sealed
//! column must add it here too (the test `every_blob_column_is_listed` reads the
//! migrations for that).
//!
//! Once a database has been re-keyed it holds a key check in `meta` ([`KEY_CHECK`]): a
//! short fixed text sealed under the key, which `Store::migrate` opens with the key it is
//! given. So `serve` or the console started with the old key afterwards stop at once with
//! an error that says so, instead of writing new cases under a key nobody uses any more
//! (which a database with no Teams webhook URLs would not otherwise notice).
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::crypto::DataKey;

use super::StoreError;

/// One column of sealed values.
#[derive(Debug, Clone, Copy)]
pub struct SealedColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// The columns that identify a row: `["id"]`, or a composite primary key.
    pub keys: &'static [&'static str],
    /// What a value is bound to (the AEAD's associated data), from its row's first key
    /// column; empty for values sealed unbound.
    pub context: fn(i64) -> Vec<u8>,
}

impl SealedColumn {
    /// `table.column`, as reports name it.
    pub fn name(&self) -> String {
        format!("{}.{}", self.table, self.column)
    }

    /// A row by its key, for messages: `row id 12`, `row plan_id 3, seq 1`. Never content.
    pub(super) fn row(&self, key: (i64, i64)) -> String {
        match self.keys {
            [one] => format!("row {one} {}", key.0),
            [a, b, ..] => format!("row {a} {}, {b} {}", key.0, key.1),
            [] => "row".into(),
        }
    }

    /// The next page of rows holding a value, after `$1` (and `$2`) in key order, at most
    /// `limit`: `k1`, `k2` (0 for a one-column key) and `v`.
    pub(super) fn page_sql(&self, limit: usize) -> String {
        let (t, c) = (self.table, self.column);
        match self.keys {
            [a, b] => format!(
                "SELECT {a} AS k1, {b} AS k2, {c} AS v FROM {t} WHERE {c} IS NOT NULL \
                 AND ({a} > $1 OR ({a} = $1 AND {b} > $2)) ORDER BY {a}, {b} LIMIT {limit}"
            ),
            [a] => format!(
                "SELECT {a} AS k1, CAST(0 AS BIGINT) AS k2, {c} AS v FROM {t} \
                 WHERE {c} IS NOT NULL AND {a} > $1 ORDER BY {a} LIMIT {limit}"
            ),
            _ => unreachable!("a sealed column's row has a key of one or two columns"),
        }
    }

    /// Set one row's value: `$1` the value, `$2` (and `$3`) the key.
    pub(super) fn update_sql(&self) -> String {
        let (t, c) = (self.table, self.column);
        match self.keys {
            [a, b] => format!("UPDATE {t} SET {c} = $1 WHERE {a} = $2 AND {b} = $3"),
            [a] => format!("UPDATE {t} SET {c} = $1 WHERE {a} = $2"),
            _ => unreachable!("a sealed column's row has a key of one or two columns"),
        }
    }

    pub(super) fn count_sql(&self) -> String {
        format!(
            "SELECT COUNT(*) FROM {} WHERE {} IS NOT NULL",
            self.table, self.column
        )
    }

    /// Open row `key`'s value with `data_key`: its content, or an error naming the row.
    pub(super) fn open(
        &self,
        data_key: &DataKey,
        key: (i64, i64),
        sealed: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        data_key
            .open_bound(sealed, &(self.context)(key.0))
            .map_err(|_| StoreError::WrongKey {
                what: format!("the value in {} ({})", self.name(), self.row(key)),
            })
    }

    pub(super) fn seal(&self, data_key: &DataKey, key: (i64, i64), plain: &[u8]) -> Vec<u8> {
        data_key.seal_bound(plain, &(self.context)(key.0))
    }
}

fn unbound(_: i64) -> Vec<u8> {
    Vec::new()
}

/// Every column sealed under the data key (migrations/*/*.sql).
pub const SEALED_COLUMNS: &[SealedColumn] = &[
    SealedColumn {
        table: "concerns",
        column: "sealed",
        keys: &["id"],
        context: unbound,
    },
    SealedColumn {
        table: "concern_events",
        column: "note_sealed",
        keys: &["id"],
        context: unbound,
    },
    SealedColumn {
        table: "outbox",
        column: "payload_sealed",
        keys: &["id"],
        context: unbound,
    },
    SealedColumn {
        table: "checkin_changes",
        column: "reason_sealed",
        keys: &["id"],
        context: unbound,
    },
    SealedColumn {
        table: "checkin_outcomes",
        column: "note_sealed",
        keys: &["plan_id", "seq"],
        context: unbound,
    },
    // Bound to the person's id (see `store::webhook`): re-sealed for the same row.
    SealedColumn {
        table: "people",
        column: "teams_webhook_sealed",
        keys: &["id"],
        context: super::webhook::context,
    },
];

/// Rows read, opened and sealed again at a time.
pub(super) const ROWS_PER_PAGE: usize = 500;

/// Where `Store::rekey` reports how far it is: (what it is doing, `table.column`, values
/// done, values in all). Called every [`ROWS_PER_PAGE`] values and at each column's end.
pub type RekeyProgress<'a> = &'a (dyn Fn(RekeyPhase, &str, u64, u64) + Send + Sync);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RekeyPhase {
    /// Opening every value with the current key, writing nothing.
    Checking,
    /// Sealing each value again under the new key.
    Resealing,
}

/// What `Store::rekey` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RekeyReport {
    /// Per sealed column (`table.column`), how many values were sealed again.
    pub columns: Vec<(String, u64)>,
    /// SQLite: the file was rebuilt (`VACUUM`) and its write-ahead log emptied, so no old
    /// sealed copy is left in its free space. False on PostgreSQL, or if that failed.
    pub scrubbed: bool,
}

/// The `meta` key of the key check (see the module's text).
pub const KEY_CHECK: &str = "data_key_check";
const KEY_CHECK_TEXT: &[u8] = b"safeharbor data key check";
const KEY_CHECK_CONTEXT: &[u8] = b"safeharbor meta data_key_check";

/// A fresh key check for `key`, as stored in `meta`.
pub fn key_check(key: &DataKey) -> String {
    B64.encode(key.seal_bound(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT))
}

/// Whether a stored key check opens with `key`.
pub fn verify_key_check(key: &DataKey, stored: &str) -> Result<(), StoreError> {
    B64.decode(stored.trim())
        .ok()
        .and_then(|sealed| key.open_bound(&sealed, KEY_CHECK_CONTEXT).ok())
        .filter(|plain| plain == KEY_CHECK_TEXT)
        .map(|_| ())
        .ok_or_else(|| StoreError::WrongKey {
            what: "the key check `safeharbor rekey` left in the database (meta.data_key_check)"
                .into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap()
    }

    /// A migration that adds a BLOB (BYTEA) column adds a sealed column: it must be listed,
    /// or `rekey` would leave it under the old key.
    #[test]
    fn every_blob_column_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for (backend, blob) in [("sqlite", "BLOB"), ("postgres", "BYTEA")] {
            let mut found = vec![];
            let mut files: Vec<_> = std::fs::read_dir(dir.join(backend))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for f in files {
                let sql = std::fs::read_to_string(&f).unwrap();
                let mut table = String::new();
                for line in sql.lines().map(str::trim) {
                    if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                        table = rest.split_whitespace().next().unwrap().to_string();
                    } else if let Some(rest) = line.strip_prefix("ALTER TABLE ") {
                        let mut w = rest.split_whitespace();
                        let t = w.next().unwrap();
                        let words: Vec<&str> = w.collect();
                        if let ["ADD", "COLUMN", col, ty, ..] = words[..]
                            && ty.trim_end_matches([',', ';']) == blob
                        {
                            found.push(format!("{t}.{col}"));
                        }
                        continue;
                    }
                    let words: Vec<&str> = line.split_whitespace().collect();
                    if let [col, ty, ..] = words[..]
                        && ty.trim_end_matches([',', ';']) == blob
                    {
                        found.push(format!("{table}.{col}"));
                    }
                }
            }
            found.sort();
            let mut listed: Vec<String> = SEALED_COLUMNS.iter().map(|c| c.name()).collect();
            listed.sort();
            assert_eq!(found, listed, "{backend}");
        }
    }

    #[test]
    fn values_open_with_their_key_and_row_and_errors_name_only_the_row() {
        let (k, other) = (key(), key());
        let hooks = SEALED_COLUMNS.last().unwrap();
        assert_eq!(hooks.name(), "people.teams_webhook_sealed");
        let sealed = hooks.seal(&k, (7, 0), b"MARKER-1");
        assert_eq!(hooks.open(&k, (7, 0), &sealed).unwrap(), b"MARKER-1");
        // Bound to the row, as `store::webhook` seals it.
        assert_eq!(
            super::super::webhook::open(&k, 7, &sealed).unwrap(),
            "MARKER-1"
        );
        let e = hooks.open(&k, (8, 0), &sealed).unwrap_err().to_string();
        assert!(e.contains("people.teams_webhook_sealed (row id 8)"), "{e}");
        let outcomes = SEALED_COLUMNS
            .iter()
            .find(|c| c.table == "checkin_outcomes")
            .unwrap();
        let sealed = outcomes.seal(&k, (3, 1), b"MARKER-2");
        let e = outcomes
            .open(&other, (3, 1), &sealed)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("checkin_outcomes.note_sealed (row plan_id 3, seq 1)")
                && e.contains("SAFEHARBOR_DATA_KEY")
                && !e.contains("MARKER"),
            "{e}"
        );
    }

    #[test]
    fn a_key_check_opens_with_its_key_only() {
        let (k, other) = (key(), key());
        let check = key_check(&k);
        verify_key_check(&k, &check).unwrap();
        let e = verify_key_check(&other, &check).unwrap_err().to_string();
        assert!(e.contains("safeharbor rekey") && e.contains("SAFEHARBOR_DATA_KEY"));
        assert!(verify_key_check(&k, "not base64!").is_err());
    }
}
