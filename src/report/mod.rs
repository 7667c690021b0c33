//! Findings and the reporters that format them. Reporters decide nothing:
//! they get sorted, final findings and write them in one format.

pub(crate) mod github;
pub(crate) mod json;
pub(crate) mod sarif;
pub(crate) mod text;

use std::io::{self, Write};

use crate::rules::Severity;

/// One problem found, ready to report.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule_id: String,
    pub slug: String,
    pub severity: Severity,
    /// `/`-separated, relative to the work-tree root or the scanned path.
    pub path: String,
    /// 1-based; columns count Unicode code points.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    /// The secret in full; reporters redact it unless told otherwise.
    pub secret: Option<String>,
    pub fingerprint: String,
    /// The source line the finding starts on, for the text report.
    pub source: String,
    /// Byte range of the secret within `source`, when it is on that line.
    pub secret_in_source: Option<(usize, usize)>,
    /// One line of fix advice.
    pub hint: String,
    /// The line of the sink that uses the secret, when the secret is bound
    /// elsewhere: a change to either line touches the finding.
    pub sink_line: Option<usize>,
    /// For findings from history: the commit that introduced it.
    pub commit: Option<CommitInfo>,
}

/// Where a history finding came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full object id.
    pub id: String,
    pub author: String,
    /// ISO 8601, UTC.
    pub date: String,
    /// Seconds since the epoch, for the rotation window.
    pub time: i64,
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

/// Counts by severity: high, medium, low.
pub(crate) fn by_severity(findings: &[Finding]) -> [usize; 3] {
    let mut counts = [0usize; 3];
    for f in findings {
        let i = match f.severity {
            Severity::High => 0,
            Severity::Medium => 1,
            Severity::Low => 2,
        };
        counts[i] += 1;
    }
    counts
}

/// Sorts findings into report order: path, line, rule, column.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, &a.rule_id, a.column).cmp(&(&b.path, b.line, &b.rule_id, b.column))
    });
}

/// Writes the findings in `format`.
pub(crate) fn emit(
    format: crate::cli::Format,
    out: &mut dyn Write,
    rules: &crate::rules::RuleSet,
    findings: &[Finding],
    summary: &Summary,
    options: ReportOptions,
) -> io::Result<()> {
    use crate::cli::Format;
    match format {
        Format::Text => text::emit(out, findings, summary, options),
        Format::Json => json::emit(out, findings, summary, options),
        Format::Jsonl => json::emit_lines(out, findings, options),
        Format::Sarif => sarif::emit(out, rules, findings),
        Format::Github => github::emit(out, findings),
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}
