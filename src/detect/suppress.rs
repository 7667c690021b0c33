//! Inline suppressions: `jwtscan:ignore` (every rule) or
//! `jwtscan:ignore[JWT201,JWT701]` on the finding's line or the line above.
//! The marker is matched anywhere on the line, so every comment syntax works
//! (`//`, `#`, `/* */`, `<!-- -->`, `--`, `;`). A marker on the line above
//! counts only when that line is a comment of its own: a trailing ignore on
//! one statement does not silence the next.
//!
//! For teams migrating from other scanners, [`Markers`] can also honour
//! their same-line markers: `gitleaks:allow`, detect-secrets'
//! `pragma: allowlist secret` and `nosec`.

pub(crate) const MARKER: &str = "jwtscan:ignore";

/// Other tools' markers, honoured on the finding's own line when asked.
const FOREIGN: [&str; 3] = ["gitleaks:allow", "pragma: allowlist secret", "nosec"];

/// What one line's marker suppresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ignore {
    All,
    Rules(Vec<String>),
}

impl Ignore {
    pub(crate) fn covers(&self, rule_id: &str) -> bool {
        match self {
            Ignore::All => true,
            Ignore::Rules(ids) => ids.iter().any(|id| id.eq_ignore_ascii_case(rule_id)),
        }
    }
}

/// The suppression on `line`, if any.
pub(crate) fn parse_line(line: &str) -> Option<Ignore> {
    let at = line.find(MARKER)?;
    let rest = &line[at + MARKER.len()..];
    let Some(list) = rest.strip_prefix('[') else {
        return Some(Ignore::All);
    };
    let Some(end) = list.find(']') else {
        // An unclosed list suppresses nothing rather than everything.
        return None;
    };
    let ids: Vec<String> = list[..end]
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    Some(Ignore::Rules(ids))
}

/// One `jwtscan:ignore` in a file.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    /// 1-based.
    pub line: usize,
    pub ignore: Ignore,
    /// A comment of its own, so it also covers the line below.
    standalone: bool,
    /// It suppressed at least one finding.
    pub used: bool,
}

/// The suppression markers of one file.
#[derive(Debug, Default)]
pub(crate) struct Markers {
    markers: Vec<Marker>,
    /// Lines with another tool's marker (honoured only when asked).
    foreign: Vec<usize>,
}

impl Markers {
    /// Finds the markers in `text`; `foreign` also collects other tools'.
    /// One search per marker over the whole buffer: only the lines holding
    /// a marker are looked at.
    pub(crate) fn parse(text: &[u8], foreign: bool) -> Markers {
        // (offset, ours) of every marker, in file order.
        let mut hits: Vec<(usize, bool)> = memchr::memmem::find_iter(text, MARKER.as_bytes())
            .map(|at| (at, true))
            .collect();
        if foreign {
            for m in FOREIGN {
                hits.extend(memchr::memmem::find_iter(text, m.as_bytes()).map(|at| (at, false)));
            }
            hits.sort_unstable();
        }
        let mut out = Markers::default();
        let (mut line, mut counted) = (1usize, 0usize);
        let mut last_line = 0usize;
        for (at, ours) in hits {
            line += memchr::memchr_iter(b'\n', &text[counted..at]).count();
            counted = at;
            if !ours {
                if out.foreign.last() != Some(&line) {
                    out.foreign.push(line);
                }
                continue;
            }
            if line == last_line {
                continue;
            }
            last_line = line;
            let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |n| n + 1);
            let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |n| at + n);
            let raw = String::from_utf8_lossy(&text[start..end]);
            if let Some(ignore) = parse_line(&raw) {
                out.markers.push(Marker {
                    line,
                    ignore,
                    standalone: is_standalone(&raw),
                    used: false,
                });
            }
        }
        out
    }

    /// Whether a finding of `rule_id` on `line` is suppressed; marks the
    /// marker that did it as used.
    pub(crate) fn suppresses(&mut self, line: usize, rule_id: &str) -> bool {
        if self.foreign.contains(&line) {
            return true;
        }
        let hit = self.markers.iter_mut().find(|m| {
            (m.line == line || (m.standalone && m.line + 1 == line)) && m.ignore.covers(rule_id)
        });
        match hit {
            Some(m) => {
                m.used = true;
                true
            }
            None => false,
        }
    }

    pub(crate) fn all(&self) -> &[Marker] {
        &self.markers
    }
}

/// Whether a finding of `rule_id` on 1-based `line` of `text` is suppressed.
#[cfg(test)]
pub(crate) fn is_suppressed(text: &[u8], line: usize, rule_id: &str) -> bool {
    Markers::parse(text, false).suppresses(line, rule_id)
}

/// Whether the marker on `line` stands in a comment with no code before it.
fn is_standalone(line: &str) -> bool {
    let before = line.find(MARKER).map_or(line, |at| &line[..at]);
    before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '/' | '#' | '*' | ';' | '-' | '!' | '<'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markers() {
        assert_eq!(parse_line("x // jwtscan:ignore"), Some(Ignore::All));
        assert_eq!(
            parse_line("# jwtscan:ignore[JWT201, jwt101]"),
            Some(Ignore::Rules(vec!["JWT201".into(), "JWT101".into()]))
        );
        assert_eq!(parse_line("/* jwtscan:ignore[JWT201 */"), None);
        assert_eq!(parse_line("nothing here"), None);
    }

    #[test]
    fn same_line_or_line_above() {
        let text = b"a\n// jwtscan:ignore[JWT201]\nsign(p, 'k')\nsign(p, 'k') // jwtscan:ignore\nz";
        assert!(is_suppressed(text, 3, "JWT201"));
        assert!(!is_suppressed(text, 3, "JWT101"));
        assert!(is_suppressed(text, 4, "JWT101"));
        assert!(!is_suppressed(text, 1, "JWT201"));
        assert!(!is_suppressed(text, 5, "JWT201"));
    }

    #[test]
    fn foreign_markers_only_when_asked_and_only_on_the_line() {
        let text =
            b"k = 'x' # gitleaks:allow\n# pragma: allowlist secret\nk = 'y'\nk = 'z' // nosec\n";
        let mut plain = Markers::parse(text, false);
        assert!(!plain.suppresses(1, "JWT201"));
        let mut honoured = Markers::parse(text, true);
        assert!(honoured.suppresses(1, "JWT201"));
        assert!(!honoured.suppresses(3, "JWT201"));
        assert!(honoured.suppresses(4, "JWT201"));
    }

    #[test]
    fn used_markers_are_marked() {
        let text = b"// jwtscan:ignore[JWT201]\nsign(p, 'k')\nx // jwtscan:ignore\n";
        let mut markers = Markers::parse(text, false);
        assert!(markers.suppresses(2, "JWT201"));
        let used: Vec<(usize, bool)> = markers.all().iter().map(|m| (m.line, m.used)).collect();
        assert_eq!(used, [(1, true), (3, false)]);
    }
}
