//! Entry points for the fuzz targets (`fuzz/`) and the property tests:
//! each runs one front end on arbitrary input and checks the invariants a
//! scanner must keep on hostile input. Not a stable API.

use std::sync::OnceLock;

use crate::detect;
use crate::report::redact::{escape_control, redact};
use crate::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

/// Scans `bytes` as the file `name` and checks every finding: inside the
/// file, valid line and column, the same on a second scan, redaction
/// showing at most 3 characters. `Err` names the broken invariant.
pub fn scan(name: &str, bytes: &[u8]) -> Result<usize, String> {
    let rules = rules();
    let first = detect::scan(rules, name, bytes);
    let again = detect::scan(rules, name, bytes);
    let key = |r: &detect::FileResult| -> Vec<(String, usize, usize, usize, usize)> {
        r.findings
            .iter()
            .map(|f| {
                (
                    f.rule_id.clone(),
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                )
            })
            .collect()
    };
    if key(&first) != key(&again) {
        return Err("two scans of the same bytes differ".into());
    }
    let lines = bytes.split(|&b| b == b'\n').count();
    for f in &first.findings {
        if f.line == 0 || f.column == 0 || f.line > lines || f.end_line > lines {
            return Err(format!(
                "{} at {}:{} outside the file ({lines} lines)",
                f.rule_id, f.line, f.column
            ));
        }
        if (f.end_line, f.end_column) < (f.line, f.column) {
            return Err(format!("{} ends before it starts", f.rule_id));
        }
        if let Some(secret) = &f.secret {
            // At most the first 3 characters, control characters escaped.
            let shown = redact(secret);
            let visible = shown.split("***").next().unwrap_or("");
            let head: String = secret.chars().take(3).collect();
            if !visible.is_empty() && visible != escape_control(&head) {
                return Err(format!("redaction shows {visible:?}"));
            }
        }
    }
    Ok(first.findings.len())
}

/// The token decoder and the cracker's front end on arbitrary text.
pub fn token(bytes: &[u8]) {
    for t in detect::token::find(bytes) {
        let _ = detect::token::describe(&t);
    }
    let mut findings = detect::scan(rules(), "fixture.http", bytes).findings;
    crate::crack::run(
        rules(),
        &mut findings,
        crate::crack::Mode::Budget(std::time::Duration::from_millis(1)),
        1,
    );
}

/// A user rule file: it loads or is refused with an error, never a panic.
pub fn rule_file(text: &str) {
    if let Ok(rules) = RuleSet::with_extra(&[("fuzz.yaml".to_string(), text.to_string())]) {
        let _ = detect::scan(&rules, "a.js", b"jwt.sign(p, 'secret')");
    }
}

/// A `.jwtscan.yaml`: it applies or is refused with an error.
pub fn config(text: &str) {
    if let Ok(loaded) = crate::config::Loaded::from_text(text) {
        if let Ok(policy) = loaded.policy(rules()) {
            let mut findings = detect::scan(rules(), "a.js", b"jwt.sign(p, 'secret')").findings;
            policy.apply(&mut findings);
        }
    }
}

/// Inline-ignore parsing, and suppression of every line.
pub fn ignores(bytes: &[u8]) {
    let mut markers = detect::suppress::Markers::parse(bytes, true);
    let lines = bytes.split(|&b| b == b'\n').count();
    for line in 1..=lines.min(1000) {
        markers.suppresses(line, "JWT201");
    }
}

/// `(rule, line, secret as reports show it)` of each finding.
pub fn findings(name: &str, bytes: &[u8]) -> Vec<(String, usize, String)> {
    detect::scan(rules(), name, bytes)
        .findings
        .into_iter()
        .map(|f| {
            (
                f.rule_id,
                f.line,
                f.secret.as_deref().map(redact).unwrap_or_default(),
            )
        })
        .collect()
}

/// Names that reach each language, so the fuzzer need not guess them.
const NAMES: [&str; 16] = [
    "a.js",
    "a.ts",
    "a.py",
    "a.go",
    "A.java",
    "a.kt",
    "a.cs",
    "a.rb",
    "a.php",
    "a.rs",
    "a.ex",
    ".env",
    "a.yaml",
    "a.json",
    "a.properties",
    "req.http",
];

/// The `scan` fuzz target's input: byte 0 picks a name from a list, or
/// (odd, with a first line of at most 64 bytes) the first line is the name;
/// the rest is the file. The regression tests replay saved inputs with it.
pub fn scan_input(data: &[u8]) -> Result<usize, String> {
    let Some((&pick, rest)) = data.split_first() else {
        return Ok(0);
    };
    let (name, bytes) = match rest.iter().position(|&b| b == b'\n') {
        Some(n) if n <= 64 && pick & 1 == 1 => (
            String::from_utf8_lossy(&rest[..n]).into_owned(),
            &rest[n + 1..],
        ),
        _ => (NAMES[usize::from(pick) % NAMES.len()].to_string(), rest),
    };
    scan(&name, bytes).map_err(|broken| format!("{name}: {broken}"))
}
