//! The three request verifiers (Slack HMAC with its 5-minute window, Discord Ed25519,
//! Teams HMAC) on any headers, body and clock: they answer no, and never panic.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use safeharbor::adapters::{discord, slack, teams};
use safeharbor_fuzz::harness;
use secrecy::SecretString;

const NAMES: [&str; 6] = [
    "x-slack-request-timestamp",
    "x-slack-signature",
    "x-signature-ed25519",
    "x-signature-timestamp",
    "authorization",
    "x-slack-retry-num",
];

#[derive(Arbitrary, Debug)]
struct Input {
    headers: Vec<(u8, Vec<u8>)>,
    body: Vec<u8>,
    now: i64,
}

struct Verifiers {
    slack: slack::verify::Verifier,
    discord: discord::verify::Verifier,
    teams: teams::verify::Verifier,
}

fuzz_target!(|input: Input| {
    static V: OnceLock<Verifiers> = OnceLock::new();
    let v = V.get_or_init(|| Verifiers {
        slack: slack::verify::Verifier::new(SecretString::from(harness::SLACK_SECRET)),
        discord: discord::verify::Verifier::from_hex(&harness::discord_public_key_hex())
            .expect("the key"),
        teams: teams::verify::Verifier::new(&SecretString::from(harness::TEAMS_TOKEN))
            .expect("the token"),
    });
    let pairs: Vec<(&str, &[u8])> = input
        .headers
        .iter()
        .map(|(n, val)| (NAMES[usize::from(*n) % NAMES.len()], val.as_slice()))
        .collect();
    let headers = safeharbor::fuzzing::headers(&pairs);
    let yes = safeharbor::fuzzing::verifiers(
        &v.slack,
        &v.discord,
        &v.teams,
        &headers,
        &input.body,
        input.now,
    );
    assert_eq!(yes, 0, "a forged request passed");
});
