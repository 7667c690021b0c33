//! `--format text`: for people. Grouped by file; each finding is a
//! `path:line:col  SEVERITY  ID slug  message` line, the source line with the
//! secret redacted, and a one-line fix; then a summary.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::redact::{escape_control, redact};
use super::{by_severity, Finding, ReportOptions, Summary};
use crate::rules::Severity;

/// Source lines longer than this (minified bundles) are cut around the secret.
const MAX_SOURCE_CHARS: usize = 160;

pub(crate) fn emit(
    out: &mut dyn Write,
    findings: &[Finding],
    summary: &Summary,
    options: ReportOptions,
) -> io::Result<()> {
    let paint = |s: &str, f: fn(&str) -> ColoredString| -> String {
        if options.color {
            f(s).to_string()
        } else {
            s.to_string()
        }
    };
    let mut last_path: Option<&str> = None;
    let mut last_line: Option<(&str, usize)> = None;
    for f in findings {
        if !options.quiet && last_path != Some(f.path.as_str()) {
            if last_path.is_some() {
                writeln!(out)?;
            }
            last_path = Some(&f.path);
        }
        let severity = match f.severity {
            Severity::High => paint("HIGH  ", |s| s.red().bold()),
            Severity::Medium => paint("MEDIUM", |s| s.yellow().bold()),
            Severity::Low => paint("LOW   ", |s| s.blue()),
        };
        let location = format!("{}:{}:{}", escape_control(&f.path), f.line, f.column);
        writeln!(
            out,
            "{}  {}  {} {}  {}",
            paint(&location, |s| s.bold()),
            severity,
            paint(&f.rule_id, |s| s.bold()),
            f.slug,
            escape_control(&f.message)
        )?;
        if options.quiet {
            continue;
        }
        if let Some(c) = &f.commit {
            let short = &c.id[..c.id.len().min(12)];
            writeln!(
                out,
                "    {} {short} {} {}",
                paint("commit", |s| s.dimmed()),
                escape_control(&c.author),
                c.date
            )?;
        }
        let here = (f.path.as_str(), f.line);
        // Repository findings (an env file, .gitignore) show no line.
        if last_line != Some(here) && !f.source.is_empty() {
            let source = show_source(f, options.show_secrets);
            writeln!(out, "    {} {}", paint("|", |s| s.dimmed()), source)?;
            last_line = Some(here);
        }
        writeln!(out, "    {} {}", paint("fix:", |s| s.green()), f.hint)?;
    }
    if options.quiet {
        return Ok(());
    }
    if !findings.is_empty() {
        writeln!(out)?;
    }
    let [high, medium, low] = by_severity(findings);
    let unit = if summary.files_scanned == 1 {
        summary.unit.trim_end_matches('s')
    } else {
        summary.unit
    };
    let commits = summary
        .commits
        .map(|c| format!(", {c} commit{}", if c == 1 { "" } else { "s" }))
        .unwrap_or_default();
    let mut line = format!(
        "jwtscan: {} finding{} ({high} high, {medium} medium, {low} low) in {} {unit}{commits} ({}) in {} ms",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        summary.files_scanned,
        human_bytes(summary.bytes_scanned),
        summary.duration_ms
    );
    let skipped = [
        (summary.files_skipped_large, "too large"),
        (summary.files_skipped_binary, "binary"),
        (summary.files_unreadable, "unreadable"),
    ];
    for (n, what) in skipped {
        if n > 0 {
            line.push_str(&format!("; {n} {what} skipped"));
        }
    }
    if let Some(n) = summary.baselined {
        line.push_str(&format!("; {n} in the baseline"));
    }
    if summary.allowed > 0 {
        line.push_str(&format!("; {} allowed by .jwtscan.yaml", summary.allowed));
    }
    if let Some(n) = summary.stale_baseline.filter(|&n| n > 0) {
        line.push_str(&format!(
            "; {n} stale baseline {}",
            if n == 1 { "entry" } else { "entries" }
        ));
    }
    if let Some(n) = summary
        .unused_ignores
        .as_ref()
        .map(Vec::len)
        .filter(|&n| n > 0)
    {
        line.push_str(&format!(
            "; {n} unused ignore{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if summary.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", summary.suppressed));
    }
    if summary.tokens > 0 {
        line.push_str(&format!(
            "; {} HMAC token{} cracked of {} ({} tried against every candidate key)",
            summary.tokens_cracked,
            if summary.tokens_cracked == 1 { "" } else { "s" },
            summary.tokens,
            summary.tokens_tried_fully
        ));
    }
    if summary.env_rules_skipped {
        line.push_str("; .env rules skipped (not a git work tree)");
    }
    writeln!(out, "{line}")
}

/// The finding's source line, secret redacted, control characters escaped,
/// cut to a readable width around the secret.
fn show_source(f: &Finding, show_secrets: bool) -> String {
    let src = &f.source;
    let (before, secret, after) = match f.secret_in_source {
        Some((s, e)) if e <= src.len() && src.is_char_boundary(s) && src.is_char_boundary(e) => {
            let shown = if show_secrets {
                src[s..e].to_string()
            } else {
                redact(&src[s..e])
            };
            (&src[..s], shown, &src[e..])
        }
        _ => (src.as_str(), String::new(), ""),
    };
    let before = before.trim_start();
    let before_chars = before.chars().count();
    let budget = MAX_SOURCE_CHARS.saturating_sub(secret.chars().count());
    let keep_before = before_chars.min(budget / 2);
    let before: String = if keep_before < before_chars {
        let skip = before_chars - keep_before;
        format!("…{}", before.chars().skip(skip).collect::<String>())
    } else {
        before.to_string()
    };
    let keep_after = budget.saturating_sub(keep_before);
    let after_chars = after.chars().count();
    let after: String = if after_chars > keep_after {
        format!("{}…", after.chars().take(keep_after).collect::<String>())
    } else {
        after.trim_end().to_string()
    };
    format!(
        "{}{}{}",
        escape_control(&before),
        escape_control(&secret),
        escape_control(&after)
    )
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
