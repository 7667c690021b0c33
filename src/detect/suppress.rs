//! Inline suppressions: `jwtscan:ignore` (every rule) or
//! `jwtscan:ignore[JWT201,JWT701]` on the finding's line or the line above.
//! The marker is matched anywhere on the line, so every comment syntax works
//! (`//`, `#`, `/* */`, `<!-- -->`, `--`, `;`). A marker on the line above
//! counts only when that line is a comment of its own: a trailing ignore on
//! one statement does not silence the next.

const MARKER: &str = "jwtscan:ignore";

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

/// Whether a finding of `rule_id` on 1-based `line` of `text` is suppressed.
pub(crate) fn is_suppressed(text: &[u8], line: usize, rule_id: &str) -> bool {
    // Only look when the marker is in the file at all.
    if memchr::memmem::find(text, MARKER.as_bytes()).is_none() {
        return false;
    }
    let mut lines = text.split(|&b| b == b'\n');
    let above = if line >= 2 { lines.nth(line - 2) } else { None };
    let current = lines.next();
    let covers = |l: &[u8], standalone_only: bool| {
        let l = String::from_utf8_lossy(l);
        if standalone_only && !is_standalone(&l) {
            return false;
        }
        parse_line(&l).is_some_and(|ignore| ignore.covers(rule_id))
    };
    current.is_some_and(|l| covers(l, false)) || above.is_some_and(|l| covers(l, true))
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
}
