//! `POST /teams/messages`: any activity, correctly HMAC-signed; and the command reading
//! (mentions, tags, HTML entities) on its own, which runs far faster.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let h = safeharbor_fuzz::harness();
    safeharbor::fuzzing::teams_command(&h.engine.commands, body);
    h.teams(body).check("teams activity");
});
