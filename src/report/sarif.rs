//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code
//! scanning reads `security-severity`, `partialFingerprints` and the rule
//! help). SARIF never carries a secret, not even with `--show-secrets`:
//! dashboards keep results long after the key is rotated.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::Finding;
use crate::rules::{RuleSet, Severity};

/// The schema `$schema` names; a copy is in `data/`.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(crate) fn emit(out: &mut dyn Write, rules: &RuleSet, findings: &[Finding]) -> io::Result<()> {
    let driver_rules: Vec<Value> = rules.rules.iter().map(rule).collect();
    let results: Vec<Value> = findings.iter().map(|f| result(rules, f)).collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "jwtscan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's scale: 9.0+ critical, 7.0+ high, 4.0+ medium, below low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn rule(r: &crate::rules::Rule) -> Value {
    let fix = r.fix.trim();
    let mut markdown = format!(
        "**{} {}** (practice {}: {})\n\n{}\n\n**Fix:** {fix}\n\nBad:\n\n```\n{}\n```\n\nGood:\n\n```\n{}\n```\n",
        r.id,
        r.slug,
        r.practice,
        crate::rules::practice_name(r.practice),
        r.description.trim(),
        r.bad.trim_end(),
        r.good.trim_end(),
    );
    for reference in &r.references {
        markdown.push_str(&format!("\n- <{reference}>"));
    }
    let mut value = json!({
        "id": r.id,
        "name": r.slug,
        "shortDescription": { "text": r.message },
        "fullDescription": { "text": r.description.trim() },
        "help": { "text": fix, "markdown": markdown },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "tags": ["security", "jwt", format!("practice-{}", r.practice)],
            "security-severity": security_severity(r.severity),
            "precision": "high",
        },
    });
    if let Some(uri) = r.references.first() {
        value["helpUri"] = json!(uri);
    }
    value
}

fn result(rules: &RuleSet, f: &Finding) -> Value {
    let mut value = json!({
        "ruleId": f.rule_id,
        "level": level(f.severity),
        "message": { "text": format!("{} ({})", f.message, f.hint) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" },
                "region": {
                    "startLine": f.line.max(1),
                    "startColumn": f.column.max(1),
                    "endLine": f.end_line.max(f.line).max(1),
                    "endColumn": f.end_column.max(1),
                }
            }
        }],
        "partialFingerprints": { "jwtscan/v1": f.fingerprint },
    });
    if let Some(index) = rules.rule_index(&f.rule_id) {
        value["ruleIndex"] = json!(index);
    }
    if let Some(commit) = &f.commit {
        value["properties"] = json!({
            "commit": commit.id,
            "author": commit.author,
            "date": commit.date,
        });
    }
    value
}

/// A relative path as a URI reference: every byte outside RFC 3986's
/// unreserved set and `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("src/app.js"), "src/app.js");
        assert_eq!(uri("a b/ü#1.js"), "a%20b/%C3%BC%231.js");
    }
}
