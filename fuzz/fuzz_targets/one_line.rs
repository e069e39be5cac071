//! The one-line syntaxes on their own (no database): `/checkin schedule …` (with the
//! canonical-text round trip and the first occurrences of a plan that parses) and
//! `/concern STUDENT-REF [danger] details…`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let h = safeharbor_fuzz::harness();
    let _ = safeharbor::fuzzing::checkin_schedule(text, h.engine.clock.now());
    safeharbor::fuzzing::concern_one_line(&h.engine, text);
});
