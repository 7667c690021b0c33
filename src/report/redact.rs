//! Redaction and terminal safety for text taken from scanned files.

/// A secret as reports show it: the first 3 characters only when it has 12
/// or more, then `***` and its length in characters: `a3F***(64)`, `***(6)`.
pub(crate) fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 12 {
        let head: String = secret.chars().take(3).collect();
        format!("{}***({n})", escape_control(&head))
    } else {
        format!("***({n})")
    }
}

/// Shows control characters (ANSI escapes, CR, backspace, bidi overrides ...)
/// as escapes, so a scanned file cannot drive the terminal or the CI log.
pub(crate) fn escape_control(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        if c == '\t' {
            out.push(' ');
        } else if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_by_length() {
        assert_eq!(redact("secret"), "***(6)");
        assert_eq!(redact("a3F$k9#mP2@nQ8!x"), "a3F***(16)");
        assert_eq!(redact("héllo wörld!"), "hél***(12)");
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape_control("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_control("x\ry"), "x\\ry");
        assert_eq!(escape_control("plain"), "plain");
    }
}
