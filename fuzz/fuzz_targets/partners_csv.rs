//! `safeharbor partners import FILE.csv`: the validator on any bytes; a file that imports
//! exports and imports back the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = safeharbor::fuzzing::partners_csv(bytes);
});
