//! Reporters: they get sorted, final findings and write them in one
//! format. They decide nothing, and import neither detectors, sources nor
//! the command line (which converts its `--format` into [`Format`]).

pub(crate) mod github;
pub(crate) mod json;
pub(crate) mod sarif;
pub(crate) mod text;

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rules::RuleSet;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
    Github,
}

/// Totals for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// What was scanned: `files`, `staged files`, `blobs`.
    pub unit: &'static str,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub files_skipped_binary: u64,
    pub files_skipped_large: u64,
    pub files_unreadable: u64,
    /// Third-party trees and minified bundles left out.
    pub vendored_skipped: u64,
    pub duration_ms: u128,
    /// Findings suppressed inline (`jwtscan:ignore`).
    pub suppressed: u64,
    /// Findings dropped by `.jwtscan.yaml`'s allow lists.
    pub allowed: u64,
    /// Findings the baseline held back, when one was given.
    pub baselined: Option<u64>,
    /// With `--report-stale-baseline`: entries that matched nothing.
    pub stale_baseline: Option<usize>,
    /// With `--report-unused-ignores`: markers that suppressed nothing.
    pub unused_ignores: Option<Vec<(String, usize)>>,
    /// History mode: commits walked.
    pub commits: Option<u64>,
    /// The `.env` rules did not run (a PATH outside any git work tree).
    pub env_rules_skipped: bool,
    /// Unique HMAC tokens found, tried against every candidate key, cracked.
    pub tokens: usize,
    pub tokens_tried_fully: usize,
    pub tokens_cracked: usize,
    /// Candidate keys each token was tried against.
    pub crack_candidates: usize,
}

/// What every reporter is told besides the findings.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    pub show_secrets: bool,
    pub color: bool,
    pub quiet: bool,
}

/// Writes the findings in `format`.
pub(crate) fn emit(
    format: Format,
    out: &mut dyn Write,
    rules: &RuleSet,
    findings: &[Finding],
    summary: &Summary,
    options: ReportOptions,
) -> io::Result<()> {
    match format {
        Format::Text => text::emit(out, findings, summary, options),
        Format::Json => json::emit(out, findings, summary, options),
        Format::Jsonl => json::emit_lines(out, findings, options),
        Format::Sarif => sarif::emit(out, rules, findings),
        Format::Github => github::emit(out, findings),
    }
}
