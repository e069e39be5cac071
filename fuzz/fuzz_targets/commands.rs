//! Every command's text through the engine, as a teacher, a counselor or a coordinator:
//! the first byte picks the command and the speaker, the rest is the text
//! (`/training done COURSE [date] [for EMAIL]`, `/checkin done PLAN.N`, `/concern …`…).
#![no_main]
use libfuzzer_sys::fuzz_target;
use safeharbor_fuzz::harness;

const COMMANDS: [&str; 6] = [
    "concern",
    "training",
    "checkin",
    "indicators",
    "partners",
    "safeharbor",
];
const WHO: [&str; 3] = [harness::TEACHER, harness::COUNSELOR, harness::COORDINATOR];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let command = COMMANDS[usize::from(pick & 7) % COMMANDS.len()];
    let who = WHO[usize::from(pick >> 3) % WHO.len()];
    let outcome = safeharbor_fuzz::harness().command(who, command, text);
    let shown: usize = outcome
        .reply
        .blocks
        .iter()
        .map(|b| format!("{b:?}").len())
        .sum();
    assert!(shown <= harness::MAX_ANSWER_BYTES, "a {shown}-byte reply");
});
