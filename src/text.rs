//! Text shared by every layer: redaction and terminal safety for text
//! taken from scanned files, and dates as reports print them. Sources,
//! detectors and reporters use it; it uses nothing of theirs.

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

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_651_199), "2026-11-25T23:59:59Z");
    }

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
