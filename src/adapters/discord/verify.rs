//! Discord request signing: Ed25519 over `X-Signature-Timestamp` + raw body with the
//! application's public key, through serenity's verifier. Checked before anything is parsed.
use axum::http::HeaderMap;
use serenity::interactions_endpoint::Verifier as Ed25519;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing signature or timestamp header")]
    Missing,
    #[error("signature does not match")]
    BadSignature,
}

/// The public key in `DISCORD_PUBLIC_KEY` is not 64 hex digits of a valid Ed25519 key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("DISCORD_PUBLIC_KEY is not a valid Ed25519 public key (64 hex digits)")]
pub struct BadPublicKey;

#[derive(Clone)]
pub struct Verifier {
    inner: Ed25519,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier(..)")
    }
}

impl Verifier {
    /// A verifier for the hex public key from the Developer Portal.
    pub fn from_hex(public_key: &str) -> Result<Self, BadPublicKey> {
        let bytes: [u8; 32] = hex::decode(public_key.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(BadPublicKey)?;
        let inner = Ed25519::try_new(bytes).map_err(|_| BadPublicKey)?;
        Ok(Self { inner })
    }

    /// Check the headers and raw body. Discord defines no freshness window; replays are
    /// caught by interaction id instead.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(sig), Some(ts)) = (
            header("x-signature-ed25519"),
            header("x-signature-timestamp"),
        ) else {
            return Err(VerifyError::Missing);
        };
        // serenity's verifier parses the hex itself; a wrong length must not reach a panic.
        if sig.len() != 128 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(VerifyError::BadSignature);
        }
        self.inner
            .verify(sig, ts, body)
            .map_err(|_| VerifyError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = include_str!("../../../tests/fixtures/discord/ed25519_ping.vector.json");
    const PING: &[u8] = include_bytes!("../../../tests/fixtures/discord/ping.json");

    fn headers(v: &serde_json::Value) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, val) in v.as_object().unwrap() {
            h.insert(
                axum::http::HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()).unwrap(),
                val.as_str().unwrap().parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_fixture_vector_passes_and_its_probes_fail() {
        let v: serde_json::Value = serde_json::from_str(VECTOR).unwrap();
        let verifier = Verifier::from_hex(v["public_key_hex"].as_str().unwrap()).unwrap();
        assert_eq!(verifier.verify(&headers(&v["headers_valid"]), PING), Ok(()));
        assert_eq!(
            verifier.verify(&headers(&v["headers_bad_signature_probe"]), PING),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verifier.verify(&headers(&v["headers_tampered_timestamp"]), PING),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verifier.verify(&HeaderMap::new(), PING),
            Err(VerifyError::Missing)
        );
        let mut short = headers(&v["headers_valid"]);
        short.insert("x-signature-ed25519", "abcd".parse().unwrap());
        assert_eq!(
            verifier.verify(&short, PING),
            Err(VerifyError::BadSignature)
        );
        let mut odd = headers(&v["headers_valid"]);
        odd.insert("x-signature-ed25519", "é".repeat(64).parse().unwrap());
        assert!(verifier.verify(&odd, PING).is_err());
    }

    #[test]
    fn bad_keys_are_refused_without_panicking() {
        assert!(Verifier::from_hex("zz").is_err());
        assert!(Verifier::from_hex(&"0".repeat(63)).is_err());
        assert!(Verifier::from_hex(&"ab".repeat(33)).is_err());
    }
}
