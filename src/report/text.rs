//! `--format text`: for people. Grouped by file; each finding is a
//! `path:line:col  SEVERITY  ID slug  message` line, the source line with the
//! secret redacted, and a one-line fix; then a summary.

use std::io::{self, Write};

use colored::{ColoredString, Colorize};

use super::{ReportOptions, Summary};
use crate::finding::{by_severity, Finding};
use crate::rules::Severity;
use crate::text::{escape_control, redact};

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
    let mut file_secrets = None;
    for (i, f) in findings.iter().enumerate() {
        if last_path != Some(f.path.as_str()) && !options.quiet {
            let end = findings[i..]
                .iter()
                .position(|o| o.path != f.path)
                .map_or(findings.len(), |n| i + n);
            file_secrets = secrets_of(&findings[i..end]);
        }
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
        let location = format!("{}:{}:{}", line_safe_path(&f.path), f.line, f.column);
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
            let source = show_source(f, file_secrets.as_ref(), options.show_secrets);
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
    match summary.vendored_skipped {
        0 => {}
        1 => line.push_str("; skipped: 1 vendored tree or bundle"),
        n => line.push_str(&format!("; skipped: {n} vendored trees and bundles")),
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
/// A matcher for the secrets of every finding in `group` (one file's): a
/// line shown for one finding may hold another's key (two keys in a
/// one-line JSON file), and that one must not be printed in clear either.
/// One automaton per file keeps this linear however many findings it has.
fn secrets_of(group: &[Finding]) -> Option<aho_corasick::AhoCorasick> {
    let mut secrets: Vec<&str> = group
        .iter()
        .filter_map(|o| o.secret.as_deref())
        // A short value ("1h", "x") is too common to be a key worth hiding,
        // and would blank out ordinary words.
        .filter(|s| s.len() >= 6)
        .collect();
    secrets.sort_unstable();
    secrets.dedup();
    if secrets.is_empty() {
        return None;
    }
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(secrets)
        .ok()
}

/// The source line with every secret on it redacted: the finding's own
/// (by its byte range) and each of `others` wherever it occurs.
fn show_source(
    f: &Finding,
    others: Option<&aho_corasick::AhoCorasick>,
    show_secrets: bool,
) -> String {
    let src = &f.source;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if let Some((s, e)) = f.secret_in_source {
        if e <= src.len() && s < e && src.is_char_boundary(s) && src.is_char_boundary(e) {
            ranges.push((s, e));
        }
    }
    if let (false, Some(others)) = (show_secrets, others) {
        ranges.extend(others.find_iter(src.as_str()).map(|m| (m.start(), m.end())));
    }
    ranges.sort_unstable();
    // Overlaps merge; the finding's own range stays the anchor for layout.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let anchor = f
        .secret_in_source
        .and_then(|(s, _)| merged.iter().position(|&(ms, me)| ms <= s && s < me));
    let show = |s: usize, e: usize| -> String {
        if show_secrets {
            src[s..e].to_string()
        } else {
            redact(&src[s..e])
        }
    };
    // Everything but the anchor range is redacted in place, so the text
    // around the anchor can be cut to length as before.
    let redact_between = |from: usize, to: usize| -> String {
        let mut out = String::new();
        let mut at = from;
        for &(s, e) in &merged {
            if e <= from || s >= to || Some((s, e)) == anchor.map(|i| merged[i]) {
                continue;
            }
            let (s, e) = (s.max(from), e.min(to));
            out.push_str(&src[at..s]);
            out.push_str(&show(s, e));
            at = e;
        }
        out.push_str(&src[at..to]);
        out
    };
    let (before, secret, after) = match anchor.map(|i| merged[i]) {
        Some((s, e)) => (
            redact_between(0, s),
            show(s, e),
            redact_between(e, src.len()),
        ),
        None => (redact_between(0, src.len()), String::new(), String::new()),
    };
    let before = before.trim_start().to_string();
    let before_chars = before.chars().count();
    let budget = MAX_SOURCE_CHARS.saturating_sub(secret.chars().count());
    let keep_before = before_chars.min(budget / 2);
    let before: String = if keep_before < before_chars {
        let skip = before_chars - keep_before;
        format!("…{}", before.chars().skip(skip).collect::<String>())
    } else {
        before
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

/// A path as the start of a line: a path beginning with `:` gets `./`, so
/// a file named `::error title=x::a.js` (or `::add-mask::`) never puts a
/// GitHub workflow command at the start of a log line.
pub(crate) fn line_safe_path(path: &str) -> String {
    let shown = escape_control(path);
    if shown.starts_with(':') {
        format!("./{shown}")
    } else {
        shown
    }
}
