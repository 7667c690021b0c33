//! String literals: recognise one, decode it, and tell templates apart.

use super::syntax::{string_end, trim, Span};
use crate::rules::schema::Family;

/// A decoded string literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Literal {
    pub value: String,
    /// The bytes between the quotes, where findings point.
    pub content: Span,
}

/// The literal that makes up the whole of `span`, if it is one.
pub(crate) fn parse(buf: &[u8], span: Span, family: Family) -> Option<Literal> {
    let span = trim(buf, span);
    if span.is_empty() {
        return None;
    }
    if family == Family::Dotenv {
        return parse_dotenv(buf, span);
    }
    let mut start = span.start;
    let mut raw = false;
    let mut interpolated = false;
    // Prefixes: Python r/b/u/f; elsewhere b"" (Rust), @"" and $"" (C#).
    while start < span.end && !matches!(buf[start], b'"' | b'\'' | b'`') {
        match buf[start] | 0x20 {
            b'r' => raw = true,
            b'f' if family == Family::Python => interpolated = true,
            b'b' | b'u' => {}
            b'@' | b'`' => raw = true,
            b'$' if family == Family::C => interpolated = true,
            _ => return None,
        }
        start += 1;
        if start - span.start > 2 {
            return None;
        }
    }
    let quote_start = if family == Family::Python {
        span.start
    } else {
        start
    };
    if string_end(buf, quote_start, family) != Some(span.end) {
        return None;
    }
    let quote = buf[start];
    let q = if span.end - start >= 6 && buf[start..].starts_with(&[quote, quote, quote]) {
        3
    } else {
        1
    };
    if span.end - start < 2 * q {
        return None;
    }
    let content = start + q..span.end - q;
    let bytes = &buf[content.clone()];
    let text = String::from_utf8_lossy(bytes);
    if interpolated && text.contains('{') {
        return None;
    }
    let value = if raw || quote == b'`' {
        text.into_owned()
    } else {
        unescape(&text)
    };
    Some(Literal { value, content })
}

/// A `.env` value: quoted, or bare up to a ` #` comment.
fn parse_dotenv(buf: &[u8], span: Span) -> Option<Literal> {
    let first = buf[span.start];
    if first == b'"' || first == b'\'' {
        let end = buf[span.start + 1..span.end]
            .iter()
            .position(|&b| b == first)
            .map(|p| span.start + 1 + p)?;
        let content = span.start + 1..end;
        let text = String::from_utf8_lossy(&buf[content.clone()]);
        let value = if first == b'"' {
            unescape(&text)
        } else {
            text.into_owned()
        };
        return Some(Literal { value, content });
    }
    let mut end = span.end;
    for i in span.start..span.end {
        if buf[i] == b'#' && i > span.start && buf[i - 1].is_ascii_whitespace() {
            end = i;
            break;
        }
    }
    let content = trim(buf, span.start..end);
    if content.is_empty() {
        return None;
    }
    let value = String::from_utf8_lossy(&buf[content.clone()]).into_owned();
    Some(Literal { value, content })
}

/// Decodes the escapes shared by the C-like languages and Python.
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push_str("\\x");
                        out.push_str(&hex);
                    }
                }
            }
            Some('u') => {
                let hex: String = if chars.peek() == Some(&'{') {
                    chars.next();
                    chars.by_ref().take_while(|&c| c != '}').collect()
                } else {
                    chars.by_ref().take(4).collect()
                };
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some('\n') => {}
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Values that stand for a secret rather than being one: `${VAR}`, `{{ var }}`,
/// `%VAR%`, `$VAR`, `#{var}`. Never a finding, in any file.
pub(crate) fn is_template(value: &str) -> bool {
    let v = value.trim();
    if v.contains("${") || v.contains("{{") || v.contains("#{") || v.contains("<%") {
        return true;
    }
    let var = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    if let Some(inner) = v.strip_prefix('%').and_then(|r| r.strip_suffix('%')) {
        return var(&inner.to_ascii_uppercase());
    }
    if let Some(inner) = v.strip_prefix('$') {
        return var(inner);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(src: &str, family: Family) -> Option<String> {
        parse(src.as_bytes(), 0..src.len(), family).map(|l| l.value)
    }

    #[test]
    fn quotes_and_prefixes() {
        assert_eq!(lit(r#""a\"b""#, Family::C).as_deref(), Some("a\"b"));
        assert_eq!(lit("'k'", Family::C).as_deref(), Some("k"));
        assert_eq!(lit("`raw\\n`", Family::C).as_deref(), Some("raw\\n"));
        assert_eq!(lit("b'bytes'", Family::Python).as_deref(), Some("bytes"));
        assert_eq!(lit("r'\\d'", Family::Python).as_deref(), Some("\\d"));
        assert_eq!(lit("'''tri'''", Family::Python).as_deref(), Some("tri"));
        assert_eq!(lit("\"\"", Family::C).as_deref(), Some(""));
        assert_eq!(lit("f'{x}'", Family::Python), None);
        assert_eq!(lit("'a' + 'b'", Family::C), None);
        assert_eq!(lit("key", Family::C), None);
    }

    #[test]
    fn dotenv_values() {
        assert_eq!(lit("abc # note", Family::Dotenv).as_deref(), Some("abc"));
        assert_eq!(lit("\"a b\"", Family::Dotenv).as_deref(), Some("a b"));
        assert_eq!(lit("a#b", Family::Dotenv).as_deref(), Some("a#b"));
        assert_eq!(lit("  ", Family::Dotenv), None);
    }

    #[test]
    fn templates() {
        for t in [
            "${JWT_SECRET}",
            "{{ jwt_secret }}",
            "%JWT_SECRET%",
            "$JWT_SECRET",
            "#{x}",
        ] {
            assert!(is_template(t), "{t}");
        }
        for t in ["s3cr3t", "$2a$10$abc", "100%"] {
            assert!(!is_template(t), "{t}");
        }
    }
}
