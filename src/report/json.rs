//! `--format json`: the stable shape of docs/RULES.md, for tools.

use std::io::{self, Write};

use serde::Serialize;

use super::{ReportOptions, Summary};
use crate::finding::{by_severity, Finding};
use crate::text::redact;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    rule_id: &'a str,
    rule: &'a str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    secret: Option<String>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    scanned: &'static str,
    files_scanned: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    commits_scanned: Option<u64>,
    bytes_scanned: u64,
    files_skipped: Skipped,
    findings: usize,
    findings_by_severity: BySeverity,
    suppressed: u64,
    /// Dropped by `.jwtscan.yaml`'s allow lists.
    allowed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale_baseline: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unused_ignores: Option<Vec<UnusedIgnore>>,
    /// The `.env` rules that need git (JWT301, JWT302, JWT303) did not run.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    env_rules_skipped: bool,
    /// HMAC tokens (JWT204) found, tried against every candidate, cracked.
    tokens: Tokens,
    duration_ms: u128,
}

#[derive(Serialize)]
struct Tokens {
    hmac: usize,
    tried_fully: usize,
    cracked: usize,
    candidates: usize,
}

#[derive(Serialize)]
struct UnusedIgnore {
    path: String,
    line: usize,
}

#[derive(Serialize)]
struct Skipped {
    binary: u64,
    too_large: u64,
    unreadable: u64,
    /// Third-party trees (`vendor/`, `node_modules/` ...) and minified
    /// bundles not entered.
    vendored: u64,
}

#[derive(Serialize)]
struct BySeverity {
    high: usize,
    medium: usize,
    low: usize,
}

/// One finding in the stable shape, also one line of `--format jsonl`.
pub(super) fn finding(f: &Finding, options: ReportOptions) -> JsonFinding<'_> {
    JsonFinding {
        rule_id: &f.rule_id,
        rule: &f.slug,
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        message: &f.message,
        secret: f.secret.as_deref().map(|s| {
            if options.show_secrets {
                s.to_string()
            } else {
                redact(s)
            }
        }),
        fingerprint: &f.fingerprint,
        commit: f.commit.as_ref().map(|c| c.id.as_str()),
        author: f.commit.as_ref().map(|c| c.author.as_str()),
        date: f.commit.as_ref().map(|c| c.date.as_str()),
    }
}

pub(crate) fn emit(
    out: &mut dyn Write,
    findings: &[Finding],
    summary: &Summary,
    options: ReportOptions,
) -> io::Result<()> {
    let [high, medium, low] = by_severity(findings);
    let doc = Document {
        version: 1,
        findings: findings.iter().map(|f| finding(f, options)).collect(),
        summary: JsonSummary {
            scanned: summary.unit,
            files_scanned: summary.files_scanned,
            commits_scanned: summary.commits,
            bytes_scanned: summary.bytes_scanned,
            files_skipped: Skipped {
                binary: summary.files_skipped_binary,
                too_large: summary.files_skipped_large,
                unreadable: summary.files_unreadable,
                vendored: summary.vendored_skipped,
            },
            findings: findings.len(),
            findings_by_severity: BySeverity { high, medium, low },
            suppressed: summary.suppressed,
            allowed: summary.allowed,
            baselined: summary.baselined,
            stale_baseline: summary.stale_baseline,
            unused_ignores: summary.unused_ignores.as_ref().map(|list| {
                list.iter()
                    .map(|(path, line)| UnusedIgnore {
                        path: path.clone(),
                        line: *line,
                    })
                    .collect()
            }),
            env_rules_skipped: summary.env_rules_skipped,
            tokens: Tokens {
                hmac: summary.tokens,
                tried_fully: summary.tokens_tried_fully,
                cracked: summary.tokens_cracked,
                candidates: summary.crack_candidates,
            },
            duration_ms: summary.duration_ms,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `--format jsonl`: one finding per line, nothing else, so results of many
/// runs can be concatenated.
pub(crate) fn emit_lines(
    out: &mut dyn Write,
    findings: &[Finding],
    options: ReportOptions,
) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &finding(f, options))?;
        writeln!(out)?;
    }
    Ok(())
}
