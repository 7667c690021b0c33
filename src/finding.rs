//! The core type every layer shares: one problem found ([`Finding`]), its
//! [`Severity`], where a history finding came from ([`CommitInfo`]), the
//! report order, the fingerprint that baselines match on, and the one
//! builder every rule makes its findings with.
//!
//! Core: this module imports nothing of the crate but its own line index,
//! so detectors, sources, policy and reporters can all use it without
//! reaching into one another.

pub(crate) mod lines;

use std::ops::Range;

use serde::Deserialize;
use sha2::{Digest, Sha256};

pub(crate) use lines::LineIndex;

/// How bad a finding is; rules carry one, policy may change it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
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
    /// A flag about a library flaw fixed in a release: the npm package
    /// and the major version that fixed it (see `detect::repo::fixed`).
    pub(crate) fixed_in: Option<(String, u64)>,
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

/// What a finding takes from its rule. Rules convert into it, so this
/// module need not know the rule type.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo<'a> {
    pub id: &'a str,
    pub slug: &'a str,
    pub severity: Severity,
    pub hint: &'a str,
}

/// Bytes of the source line kept on each side of a finding: a 600 KB
/// minified line with 8,000 findings must not be copied 8,000 times. The
/// text report shows 160 characters around the secret.
const SOURCE_WINDOW: usize = 240;

impl Finding {
    /// A finding of `rule` at a position already known, with no source
    /// line; the message is the caller's, the fingerprint is over no secret
    /// until [`Finding::with_secret`] sets one.
    pub(crate) fn at_position<'r>(
        rule: impl Into<RuleInfo<'r>>,
        path: &str,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
    ) -> Finding {
        let rule = rule.into();
        Finding {
            rule_id: rule.id.to_string(),
            slug: rule.slug.to_string(),
            severity: rule.severity,
            path: path.to_string(),
            line,
            column,
            end_line,
            end_column,
            message: String::new(),
            secret: None,
            fingerprint: fingerprint(rule.id, path, ""),
            source: String::new(),
            secret_in_source: None,
            hint: rule.hint.to_string(),
            sink_line: None,
            commit: None,
            fixed_in: None,
        }
    }

    /// A finding of `rule` about a whole file: line 1, column 1.
    pub(crate) fn on_file<'r>(rule: impl Into<RuleInfo<'r>>, path: &str) -> Finding {
        Finding::at_position(rule, path, (1, 1), (1, 1))
    }

    /// A finding of `rule` over byte range `span` of `bytes` (positions by
    /// `lines`, the file's index): the source line around the span, marked
    /// where it is cut, and where the span sits in it when it ends on that
    /// line.
    pub(crate) fn at<'r>(
        rule: impl Into<RuleInfo<'r>>,
        path: &str,
        bytes: &[u8],
        lines: &LineIndex,
        span: Range<usize>,
    ) -> Finding {
        let start = lines.line_col(bytes, span.start);
        let end = lines.line_col(bytes, span.end);
        let mut f = Finding::at_position(rule, path, start, end);
        let (line_start, line_end) = lines.bounds(bytes, span.start);
        let from = char_floor(
            bytes,
            span.start.saturating_sub(SOURCE_WINDOW).max(line_start),
        );
        let to = char_ceil(
            bytes,
            span.end
                .max(span.start)
                .saturating_add(SOURCE_WINDOW)
                .min(line_end.max(span.start)),
        );
        let cut_before = if from > line_start { "…" } else { "" };
        let cut_after = if to < line_end { "…" } else { "" };
        let before = format!(
            "{cut_before}{}",
            String::from_utf8_lossy(&bytes[from..span.start])
        );
        let tail = String::from_utf8_lossy(&bytes[span.start..to.max(span.start)]);
        f.secret_in_source = (span.end <= line_end).then(|| {
            let s = before.len();
            (s, s + String::from_utf8_lossy(&bytes[span.clone()]).len())
        });
        f.source = format!("{before}{tail}{cut_after}");
        f
    }

    /// The same place and secret as a finding of another rule; a secret's
    /// fingerprint is made again under that rule.
    pub(crate) fn relabel<'r>(&self, rule: impl Into<RuleInfo<'r>>) -> Finding {
        let rule = rule.into();
        let mut f = self.clone();
        f.rule_id = rule.id.to_string();
        f.slug = rule.slug.to_string();
        f.severity = rule.severity;
        f.hint = rule.hint.to_string();
        if let Some(secret) = &self.secret {
            f.fingerprint = fingerprint(rule.id, &self.path, secret);
        }
        f
    }

    pub(crate) fn with_message(mut self, message: String) -> Finding {
        self.message = message;
        self
    }

    /// The fingerprint over `secret`, which the finding does not carry.
    pub(crate) fn fingerprinted(mut self, secret: &str) -> Finding {
        self.fingerprint = fingerprint(&self.rule_id, &self.path, secret);
        self
    }

    /// Sets the secret, and the fingerprint over it.
    pub(crate) fn with_secret(mut self, secret: &str) -> Finding {
        self.fingerprint = fingerprint(&self.rule_id, &self.path, secret);
        self.secret = Some(secret.to_string());
        self
    }
}

/// `at` moved back (or forward) to a UTF-8 character boundary of `bytes`.
fn char_floor(bytes: &[u8], mut at: usize) -> usize {
    while at > 0 && at < bytes.len() && (bytes[at] as i8) < -0x40 {
        at -= 1;
    }
    at
}

fn char_ceil(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at] as i8) < -0x40 {
        at += 1;
    }
    at
}

/// Stable across line moves: rule, path and a hash of the secret.
pub(crate) fn fingerprint(rule_id: &str, path: &str, secret: &str) -> String {
    fingerprint_of(rule_id, path, Sha256::new().chain_update(secret.as_bytes()))
}

/// [`fingerprint`] from a hasher already fed the secret (the flag rules
/// hash a long line once and each occurrence's `#n` after it).
pub(crate) fn fingerprint_of(rule_id: &str, path: &str, secret: Sha256) -> String {
    let secret_hash = secret.finalize();
    let mut h = Sha256::new();
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(secret_hash);
    // The first 16 bytes, in hex.
    let mut hex = format!("{:x}", h.finalize());
    hex.truncate(32);
    hex
}

/// Sorts findings into report order: path, line, rule, column.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, &a.rule_id, a.column).cmp(&(&b.path, b.line, &b.rule_id, b.column))
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> RuleInfo<'static> {
        RuleInfo {
            id: "JWT001",
            slug: "hardcoded-secret",
            severity: Severity::High,
            hint: "read it from the environment",
        }
    }

    #[test]
    fn fingerprint_ignores_line_but_not_path() {
        let a = fingerprint("JWT001", "a.js", "s3cret");
        assert_eq!(a, fingerprint("JWT001", "a.js", "s3cret"));
        assert_ne!(a, fingerprint("JWT001", "b.js", "s3cret"));
        assert_ne!(a, fingerprint("JWT002", "a.js", "s3cret"));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn a_finding_at_a_span_knows_its_line_and_where_the_secret_sits() {
        let bytes = "const a = 1;\nsign(x, \"héllo\");\n".as_bytes();
        let lines = LineIndex::new(bytes);
        let start = 13 + "sign(x, ".len();
        let span = start..start + "\"héllo\"".len();
        let f = Finding::at(rule(), "a.js", bytes, &lines, span).with_secret("héllo");
        assert_eq!((f.line, f.column, f.end_line, f.end_column), (2, 9, 2, 16));
        assert_eq!(f.source, "sign(x, \"héllo\");");
        let (s, e) = f.secret_in_source.expect("on its line");
        assert_eq!(&f.source[s..e], "\"héllo\"");
        assert_eq!(f.fingerprint, fingerprint("JWT001", "a.js", "héllo"));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let mut text = "x".repeat(1000);
        text.push_str("SECRET");
        text.push_str(&"y".repeat(1000));
        let bytes = text.as_bytes();
        let f = Finding::at(rule(), "a.js", bytes, &LineIndex::new(bytes), 1000..1006);
        assert!(f.source.starts_with('…') && f.source.ends_with('…'));
        assert!(f.source.len() < 2 * SOURCE_WINDOW + 16);
    }

    #[test]
    fn relabel_keeps_the_place_and_refingerprints_the_secret() {
        let f = Finding::on_file(rule(), "a.env").with_secret("k");
        let other = RuleInfo {
            id: "JWT604",
            slug: "shared",
            severity: Severity::Medium,
            hint: "h",
        };
        let g = f.relabel(other);
        assert_eq!(
            (g.rule_id.as_str(), g.line, g.severity),
            ("JWT604", 1, Severity::Medium)
        );
        assert_eq!(g.fingerprint, fingerprint("JWT604", "a.env", "k"));
    }
}
