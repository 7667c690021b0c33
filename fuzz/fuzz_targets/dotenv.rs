//! `.env` files: scanned, judged and tracked; the scan's invariants checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = jwtscan::fuzzing::dotenv(data) {
        panic!("{broken}");
    }
});
