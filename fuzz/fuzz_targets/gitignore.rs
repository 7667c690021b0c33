//! .gitignore files added line by line and matched.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jwtscan::fuzzing::gitignore(data);
});
