//! `POST /slack/commands`: any form body, correctly signed, reaches the form parser and,
//! when it reads as a command, the engine. No 5xx, no oversized answer, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    safeharbor_fuzz::harness()
        .slack("commands", body)
        .check("slack command");
});
