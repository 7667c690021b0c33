//! A pack and its index, both arbitrary, every listed object read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jwtscan::fuzzing::pack_with_index(data);
});
