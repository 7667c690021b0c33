//! The scanner on arbitrary file bytes with an arbitrary file name (see
//! `jwtscan::fuzzing::scan_input` for how the input is split).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = jwtscan::fuzzing::scan_input(data) {
        panic!("{broken}");
    }
});
