//! `safeharbor roster import FILE.csv`: the validator on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let h = safeharbor_fuzz::harness();
    let _ = safeharbor::fuzzing::roster_csv(bytes, &h.engine.config);
});
