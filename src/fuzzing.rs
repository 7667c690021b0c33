//! Entry points for the fuzz targets (`fuzz/`) and the property tests:
//! each runs one front end on arbitrary input and checks the invariants a
//! scanner must keep on hostile input. Not a stable API.

use std::sync::OnceLock;

use crate::detect;
use crate::report::redact::redact;
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
            let shown = redact(secret);
            let visible = shown.split("***").next().unwrap_or("");
            if visible.chars().count() > 3
                || (!visible.is_empty() && !secret.starts_with(visible) && !visible.contains('\\'))
            {
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
