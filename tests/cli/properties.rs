//! Property tests CI can afford (the long runs are the fuzz targets in
//! `fuzz/`): on any input the scanner does not panic, its findings lie
//! inside the file with valid lines and columns, two scans agree, and
//! redaction never shows more than the first 3 characters.

use proptest::prelude::*;

const NAMES: [&str; 12] = [
    "a.js",
    "a.py",
    "a.go",
    "A.java",
    "a.rb",
    "a.cs",
    ".env",
    "a.yaml",
    "a.json",
    "a.properties",
    "req.http",
    "a.php",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_keep_the_invariants(
        name in prop::sample::select(NAMES.to_vec()),
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let result = jwtscan::fuzzing::scan(name, &bytes);
        prop_assert!(result.is_ok(), "{:?}", result);
    }

    #[test]
    fn keys_in_sign_calls_are_found_on_their_line(
        junk in "[ -~\n]{0,200}",
        blank_lines in 0usize..5,
        quote in prop::sample::select(vec!['\'', '"', '`']),
        key in "[A-Za-z0-9_\\-]{32,64}",
    ) {
        // The junk cannot open a string or comment that swallows the call.
        let junk: String = junk.chars().filter(|c| !"'\"`/*\\".contains(*c)).collect();
        let code = format!(
            "{junk};\n{}const t = jwt.sign({{ sub: 1 }}, {quote}{key}{quote}, {{ expiresIn: '1h' }});\n",
            "\n".repeat(blank_lines)
        );
        let line = code.lines().position(|l| l.contains("jwt.sign")).unwrap_or(0) + 1;
        let result = jwtscan::fuzzing::scan("a.js", code.as_bytes());
        prop_assert!(result.is_ok(), "{:?}", result);
        let found = jwtscan::fuzzing::findings("a.js", code.as_bytes());
        prop_assert!(
            found.iter().any(|(rule, l, shown)| rule == "JWT201" && *l == line && shown.starts_with(&key[..3]) && !shown.contains(&key[3..])),
            "{:?} in\n{}", found, code
        );
    }
}

/// Every input the fuzzers found a bug with (`tests/data/fuzz/`), replayed.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("scan-") {
            assert!(jwtscan::fuzzing::scan_input(&data).is_ok(), "{name}");
        } else if name.starts_with("token-") {
            jwtscan::fuzzing::token(&data);
        } else if name.starts_with("ignores-") {
            jwtscan::fuzzing::ignores(&data);
        } else if name.starts_with("dotenv-") {
            assert!(jwtscan::fuzzing::dotenv(&data).is_ok(), "{name}");
        } else if name.starts_with("gitignore-") {
            jwtscan::fuzzing::gitignore(&data);
        } else if name.starts_with("pack_delta-") {
            jwtscan::fuzzing::pack_delta(&data);
        } else if name.starts_with("pack_index-") {
            jwtscan::fuzzing::pack_with_index(&data);
        } else if let Ok(text) = std::str::from_utf8(&data) {
            if name.starts_with("config-") {
                jwtscan::fuzzing::config(text);
            } else if name.starts_with("rule_file-") {
                jwtscan::fuzzing::rule_file(text);
            }
        }
        count += 1;
    }
    assert!(count >= 1, "no regression inputs in {}", dir.display());
}
