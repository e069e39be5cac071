//! Slack request signing: `v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + raw body))`,
//! a 5-minute window, constant-time comparison. Checked before anything is parsed.
use axum::http::HeaderMap;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// Requests older (or newer) than this are refused, as Slack documents.
pub const MAX_AGE_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("missing signature or timestamp header")]
    Missing,
    #[error("timestamp outside the 5-minute window")]
    Stale,
    #[error("signature does not match")]
    BadSignature,
}

#[derive(Clone)]
pub struct Verifier {
    secret: SecretString,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier(..)")
    }
}

impl Verifier {
    pub fn new(secret: SecretString) -> Self {
        Self { secret }
    }

    /// Check the headers and raw body against the secret at time `now` (unix seconds).
    pub fn verify(&self, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), VerifyError> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let (Some(ts), Some(sig)) = (
            header("x-slack-request-timestamp"),
            header("x-slack-signature"),
        ) else {
            return Err(VerifyError::Missing);
        };
        let ts_n: i64 = ts.trim().parse().map_err(|_| VerifyError::Missing)?;
        // `abs_diff`: a timestamp near i64's ends must be refused, not overflow.
        if now.abs_diff(ts_n) > MAX_AGE_SECS.unsigned_abs() {
            return Err(VerifyError::Stale);
        }
        let mut raw = [0u8; 32];
        sig.strip_prefix("v0=")
            .and_then(|h| hex::decode_to_slice(h, &mut raw).ok())
            .ok_or(VerifyError::BadSignature)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(self.secret.expose_secret().as_bytes())
            .map_err(|_| VerifyError::BadSignature)?;
        mac.update(b"v0:");
        mac.update(ts.as_bytes());
        mac.update(b":");
        mac.update(body);
        mac.verify_slice(&raw)
            .map_err(|_| VerifyError::BadSignature)
    }
}

/// Sign a body the way Slack does; for tests and load tools.
pub fn sign(secret: &str, ts: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("v0:{ts}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] =
        include_bytes!("../../../tests/fixtures/slack/slash_command.signed_docs_example.form");

    fn headers(ts: &str, sig: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-slack-request-timestamp", ts.parse().unwrap());
        h.insert("x-slack-signature", sig.parse().unwrap());
        h
    }

    #[test]
    fn slack_docs_vector_passes_at_its_time_and_fails_later() {
        let v = Verifier::new(SecretString::from("8f742231b10e8888abcd99yyyzzz85a5"));
        let h = headers(
            "1531420618",
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        );
        assert_eq!(v.verify(&h, FIXTURE, 1531420618 + 10), Ok(()));
        assert_eq!(
            v.verify(&h, FIXTURE, 1531420618 + 301),
            Err(VerifyError::Stale)
        );
        let mut tampered = FIXTURE.to_vec();
        tampered[0] ^= 1;
        assert_eq!(
            v.verify(&h, &tampered, 1531420618),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            v.verify(&HeaderMap::new(), FIXTURE, 0),
            Err(VerifyError::Missing)
        );
        assert_eq!(
            sign("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, FIXTURE),
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        );
    }

    /// Found by the fuzzer: `now - ts` overflowed (a panic in debug builds) for a
    /// timestamp far from the clock, e.g. i64::MIN.
    #[test]
    fn timestamps_at_the_ends_of_i64_are_stale_not_a_panic() {
        let v = Verifier::new(SecretString::from("s"));
        for (ts, now) in [
            (i64::MIN, 1_700_000_000),
            (i64::MAX, -1_700_000_000),
            (6_248_327_861_184_991_613, -2_975_044_175_669_784_195),
            (i64::MIN, i64::MAX),
        ] {
            let h = headers(&ts.to_string(), "v0=00");
            assert_eq!(
                v.verify(&h, b"", now),
                Err(VerifyError::Stale),
                "{ts} at {now}"
            );
        }
        let h = headers(&i64::MAX.to_string(), "v0=00");
        assert_eq!(
            v.verify(&h, b"", i64::MAX - 10),
            Err(VerifyError::BadSignature)
        );
    }
}
