//! The pack delta decoder on arbitrary base and delta bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jwtscan::fuzzing::pack_delta(data);
});
