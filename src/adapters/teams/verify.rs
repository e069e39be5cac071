//! The outgoing webhook's signature: `Authorization: HMAC <base64 HMAC-SHA256(raw body)>`
//! under the base64-decoded security token, compared in constant time before anything is
//! parsed. Teams signs no timestamp, so replays are caught elsewhere (see the module root).
use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing authorization header")]
    Missing,
    #[error("signature does not match")]
    BadSignature,
}

/// The security token must be base64 (the config check says so in plain words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the outgoing webhook security token is not base64")]
pub struct BadToken;

pub struct Verifier {
    key: SecretBox<Vec<u8>>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier(..)")
    }
}

impl Verifier {
    /// From the security token Teams showed when the outgoing webhook was created.
    pub fn new(token: &SecretString) -> Result<Self, BadToken> {
        let key = B64
            .decode(token.expose_secret().trim())
            .map_err(|_| BadToken)?;
        Ok(Self {
            key: SecretBox::new(Box::new(key)),
        })
    }

    /// Check the `Authorization` header against the raw body.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        let header = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(VerifyError::Missing)?;
        let (scheme, value) = header
            .trim()
            .split_once(' ')
            .ok_or(VerifyError::BadSignature)?;
        if !scheme.eq_ignore_ascii_case("HMAC") {
            return Err(VerifyError::BadSignature);
        }
        let given = B64
            .decode(value.trim())
            .map_err(|_| VerifyError::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(self.key.expose_secret())
            .map_err(|_| VerifyError::BadSignature)?;
        mac.update(body);
        // `verify_slice` compares in constant time.
        mac.verify_slice(&given)
            .map_err(|_| VerifyError::BadSignature)
    }
}

/// The `Authorization` value Teams would send for `body`; for tests and load tools.
pub fn sign(token_base64: &str, body: &[u8]) -> String {
    let key = B64
        .decode(token_base64.trim())
        .expect("the token is base64");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key");
    mac.update(body);
    format!("HMAC {}", B64.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str =
        include_str!("../../../tests/fixtures/teams/outgoing_webhook_hmac.vector.json");
    const BODY: &[u8] =
        include_bytes!("../../../tests/fixtures/teams/channel_message_activity.docs_example.json");

    fn auth(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("authorization", v.parse().unwrap());
        h
    }

    #[test]
    fn the_fixture_vector_verifies_and_everything_else_fails() {
        let vector: serde_json::Value = serde_json::from_str(VECTOR).unwrap();
        let token = vector["security_token_base64"].as_str().unwrap();
        let good = vector["headers_valid"]["Authorization"].as_str().unwrap();
        let bad = vector["headers_invalid"]["Authorization"].as_str().unwrap();
        let v = Verifier::new(&SecretString::from(token)).unwrap();

        assert_eq!(v.verify(&auth(good), BODY), Ok(()));
        assert_eq!(sign(token, BODY), good);
        assert_eq!(v.verify(&auth(bad), BODY), Err(VerifyError::BadSignature));
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        assert_eq!(
            v.verify(&auth(good), &tampered),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(v.verify(&HeaderMap::new(), BODY), Err(VerifyError::Missing));
        for wrong in [
            "HMAC",
            "HMAC not-base64!",
            "Bearer OwT1wfvBuL3OKnZTr+C3ZqhJOTfrQbDq+XxjjEhLgAw=",
            "HMAC AAAA",
        ] {
            assert_eq!(
                v.verify(&auth(wrong), BODY),
                Err(VerifyError::BadSignature),
                "{wrong}"
            );
        }
        assert!(Verifier::new(&SecretString::from("not base64!")).is_err());
    }
}
