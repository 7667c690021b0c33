//! The scanner on arbitrary file bytes with an arbitrary file name: the
//! first line (up to 64 bytes) names the file, the rest is its content.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Names that reach each language, so the fuzzer need not guess them.
const NAMES: [&str; 16] = [
    "a.js", "a.ts", "a.py", "a.go", "A.java", "a.kt", "a.cs", "a.rb", "a.php", "a.rs", "a.ex",
    ".env", "a.yaml", "a.json", "a.properties", "req.http",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (name, bytes) = match rest.iter().position(|&b| b == b'\n') {
        Some(n) if n <= 64 && pick & 1 == 1 => (String::from_utf8_lossy(&rest[..n]).into_owned(), &rest[n + 1..]),
        _ => (NAMES[usize::from(pick) % NAMES.len()].to_string(), rest),
    };
    if let Err(broken) = jwtscan::fuzzing::scan(&name, bytes) {
        panic!("{name}: {broken}");
    }
});
