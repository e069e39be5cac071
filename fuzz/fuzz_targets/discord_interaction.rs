//! `POST /discord/interactions`: any body, with a valid Ed25519 signature. Commands,
//! components (the picks in custom ids), modal submissions, autocomplete, PING.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    safeharbor_fuzz::harness()
        .discord(body)
        .check("discord interaction");
});
