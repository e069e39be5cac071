//! `POST /slack/interactions` with the input as the `payload=` JSON (block actions, modal
//! submissions), and `POST /slack/events` with it as the body; both correctly signed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|payload: &[u8]| {
    let h = safeharbor_fuzz::harness();
    h.slack_interaction(payload).check("slack interaction");
    h.slack("events", payload).check("slack event");
});
