//! Encryption at rest: concern content and Teams webhook URLs are sealed with
//! XChaCha20-Poly1305 under the data key (`SAFEHARBOR_DATA_KEY` or
//! `SAFEHARBOR_DATA_KEY_FILE`, 32 bytes, base64).
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

/// Where `serve --dev` keeps a throwaway key.
pub const DEV_KEY_FILE: &str = "safeharbor-dev.key";

/// The data key. Its `Debug` never shows the key. The raw bytes are kept only to derive
/// other keys from them (see [`DataKey::derive`]).
#[derive(Clone)]
pub struct DataKey(XChaCha20Poly1305, [u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no data key: set SAFEHARBOR_DATA_KEY or SAFEHARBOR_DATA_KEY_FILE to 32 random bytes in base64 \
         (for example: head -c 32 /dev/urandom | base64), or, to try it out, `safeharbor serve --dev` for a throwaway key"
    )]
    Missing,
    #[error("the data key {origin} is not valid: it must be 32 bytes in base64 (44 characters)")]
    Invalid { origin: String },
    #[error("cannot read the data key file {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error(
        "SAFEHARBOR_DATA_KEY and SAFEHARBOR_DATA_KEY_FILE ({path}) are both set, to different \
         keys: set only one, to the key this database was written with"
    )]
    Conflict { path: String },
    #[error("cannot create the development key file {path}: {reason}")]
    Create { path: String, reason: String },
    #[error("cannot create the key file {path}: {reason}")]
    CreateFile { path: String, reason: String },
}

#[derive(Debug, thiserror::Error)]
#[error("sealed data could not be opened (wrong key or damaged data)")]
pub struct OpenError;

impl DataKey {
    pub fn from_base64(text: &str, origin: &str) -> Result<Self, KeyError> {
        let bytes = B64.decode(text.trim()).map_err(|_| KeyError::Invalid {
            origin: origin.into(),
        })?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| KeyError::Invalid {
            origin: origin.into(),
        })?;
        Ok(Self(XChaCha20Poly1305::new(&key.into()), key))
    }

    /// A fresh random key, base64.
    pub fn generate_base64() -> String {
        B64.encode(XChaCha20Poly1305::generate_key(&mut OsRng))
    }

    /// The key from the environment or its file; with `dev`, create or reuse
    /// `safeharbor-dev.key` (mode 0600) in `dev_dir`. Returns the file created, if any.
    pub fn load(
        env_key: Option<&SecretString>,
        env_file: Option<&Path>,
        dev: bool,
        dev_dir: &Path,
    ) -> Result<(Self, Option<PathBuf>), KeyError> {
        let from_file = |path: &Path| {
            let text = std::fs::read_to_string(path).map_err(|e| KeyError::Unreadable {
                path: path.display().to_string(),
                reason: e.kind().to_string(),
            })?;
            Self::from_base64(&text, &format!("in {}", path.display()))
        };
        if let Some(k) = env_key {
            let key = Self::from_base64(k.expose_secret(), "in SAFEHARBOR_DATA_KEY")?;
            // Both set: one would silently win, and new data would be sealed under a key
            // the operator may not think is in use (say, a stale variable after `rekey`).
            if let Some(path) = env_file
                && !from_file(path)?.same_as(&key)
            {
                return Err(KeyError::Conflict {
                    path: path.display().to_string(),
                });
            }
            return Ok((key, None));
        }
        if let Some(path) = env_file {
            return Ok((from_file(path)?, None));
        }
        if !dev {
            return Err(KeyError::Missing);
        }
        let path = dev_dir.join(DEV_KEY_FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            let origin = format!("in {}", path.display());
            return Ok((Self::from_base64(&text, &origin)?, Some(path)));
        }
        let key = Self::generate_base64();
        write_private(&path, key.as_bytes()).map_err(|e| KeyError::Create {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Ok((Self::from_base64(&key, "just created")?, Some(path)))
    }

    /// Write a fresh random key to a new file `path` (mode 0600; an existing file is never
    /// overwritten) and return it.
    pub fn generate_file(path: &Path) -> Result<Self, KeyError> {
        let key = Self::generate_base64();
        write_private(path, format!("{key}\n").as_bytes()).map_err(|e| KeyError::CreateFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_base64(&key, "just created")
    }

    /// Whether `other` is this very key.
    pub fn same_as(&self, other: &DataKey) -> bool {
        self.1 == other.1
    }

    /// Seal bytes: a random 24-byte nonce followed by the ciphertext and tag.
    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        self.seal_bound(plain, b"")
    }

    /// Seal bytes bound to `context` (the AEAD's associated data, e.g. a label and the id
    /// of the row they are stored in): they open only with the same context, so sealed
    /// bytes copied into another row do not open there. The context itself is not
    /// stored. An empty context gives exactly what [`DataKey::seal`] gives.
    pub fn seal_bound(&self, plain: &[u8], context: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        // Encryption with a valid key and an in-memory buffer cannot fail.
        out.extend(
            self.0
                .encrypt(
                    &nonce,
                    Payload {
                        msg: plain,
                        aad: context,
                    },
                )
                .expect("XChaCha20-Poly1305 encryption"),
        );
        out
    }

    /// A 32-byte key for another purpose, named by `label` (e.g. signing links):
    /// HMAC-SHA256 of the label under the data key. It reveals nothing about the data key,
    /// and different labels give unrelated keys.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        use hmac::Mac as _;
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(&self.1)
            .expect("HMAC takes any key");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        self.open_bound(sealed, b"")
    }

    /// Open what [`DataKey::seal_bound`] sealed with the same `context`.
    pub fn open_bound(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, OpenError> {
        if sealed.len() < 24 {
            return Err(OpenError);
        }
        let (nonce, ct) = sealed.split_at(24);
        self.0
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context,
                },
            )
            .map_err(|_| OpenError)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_and_open_round_trip_and_detect_tampering() {
        let k = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        let sealed = k.seal(b"MARKER-123");
        assert!(!sealed.windows(10).any(|w| w == b"MARKER-123"));
        assert_eq!(k.open(&sealed).unwrap(), b"MARKER-123");
        let mut bad = sealed.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(k.open(&bad).is_err());
        let other = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        assert!(other.open(&sealed).is_err());
    }

    #[test]
    fn bound_seals_open_only_with_their_context() {
        let k = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        let sealed = k.seal_bound(b"MARKER-456", b"row 7");
        assert!(!sealed.windows(10).any(|w| w == b"MARKER-456"));
        assert_eq!(k.open_bound(&sealed, b"row 7").unwrap(), b"MARKER-456");
        assert!(k.open_bound(&sealed, b"row 8").is_err(), "another row");
        assert!(k.open(&sealed).is_err(), "no context");
        let other = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        assert!(other.open_bound(&sealed, b"row 7").is_err(), "another key");
        // An empty context is the unbound form: what `seal` wrote before still opens.
        assert_eq!(k.open_bound(&k.seal(b"x"), b"").unwrap(), b"x");
        assert_eq!(k.open(&k.seal_bound(b"y", b"")).unwrap(), b"y");
    }

    #[test]
    fn derived_keys_are_stable_per_label_and_key() {
        let text = DataKey::generate_base64();
        let k = DataKey::from_base64(&text, "test").unwrap();
        let again = DataKey::from_base64(&text, "test").unwrap();
        assert_eq!(k.derive("a"), again.derive("a"));
        assert_ne!(k.derive("a"), k.derive("b"));
        let other = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        assert_ne!(k.derive("a"), other.derive("a"));
        assert_eq!(format!("{k:?}"), "DataKey(..)");
    }

    #[test]
    fn a_generated_key_file_is_private_loads_back_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.key");
        let k = DataKey::generate_file(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, _) = DataKey::load(None, Some(&path), false, dir.path()).unwrap();
        assert!(k.same_as(&again));
        let other = DataKey::from_base64(&DataKey::generate_base64(), "test").unwrap();
        assert!(!k.same_as(&other));
        assert!(matches!(
            DataKey::generate_file(&path),
            Err(KeyError::CreateFile { .. })
        ));
        let (still, _) = DataKey::load(None, Some(&path), false, dir.path()).unwrap();
        assert!(still.same_as(&k), "the existing file is kept");
    }

    #[test]
    fn both_variables_set_to_different_keys_are_refused() {
        // Arrange: SAFEHARBOR_DATA_KEY and SAFEHARBOR_DATA_KEY_FILE both set.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.key");
        let file_key = DataKey::generate_file(&path).unwrap();
        let other = SecretString::from(DataKey::generate_base64());
        let same = SecretString::from(std::fs::read_to_string(&path).unwrap());

        // Act / Assert: different keys name both variables, and neither is used.
        let e = DataKey::load(Some(&other), Some(&path), false, dir.path()).unwrap_err();
        assert!(matches!(e, KeyError::Conflict { .. }), "{e}");
        let text = e.to_string();
        assert!(
            text.contains("SAFEHARBOR_DATA_KEY and SAFEHARBOR_DATA_KEY_FILE")
                && text.contains("data.key"),
            "{text}"
        );
        assert!(
            !text.contains(other.expose_secret().trim()),
            "never the key: {text}"
        );
        // The same key twice is fine; a file that cannot be read is named.
        let (k, _) = DataKey::load(Some(&same), Some(&path), false, dir.path()).unwrap();
        assert!(k.same_as(&file_key));
        let gone = dir.path().join("gone.key");
        assert!(matches!(
            DataKey::load(Some(&same), Some(&gone), false, dir.path()),
            Err(KeyError::Unreadable { .. })
        ));
    }

    #[test]
    fn missing_key_is_refused_unless_dev_which_creates_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            DataKey::load(None, None, false, dir.path()),
            Err(KeyError::Missing)
        ));
        let (_, created) = DataKey::load(None, None, true, dir.path()).unwrap();
        let path = created.unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A second start reuses it.
        let (_, again) = DataKey::load(None, None, true, dir.path()).unwrap();
        assert_eq!(again.unwrap(), path);
        let bad = SecretString::from("c2hvcnQ=");
        assert!(matches!(
            DataKey::load(Some(&bad), None, false, dir.path()),
            Err(KeyError::Invalid { .. })
        ));
    }
}
