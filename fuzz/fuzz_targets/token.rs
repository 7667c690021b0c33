//! The JWT decoder and the cracker's front end on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jwtscan::fuzzing::token(data);
});
