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
    if family == Family::Dotenv || family.is_config() {
        return parse_dotenv(buf, span);
    }
    if string_end(buf, span.start, family) != Some(span.end) {
        // C# `@"..."` and `$"..."`: the prefix is not part of the lexer's
        // string start.
        let prefixed = family == Family::C
            && matches!(buf[span.start], b'@' | b'$')
            && string_end(buf, span.start + 1, family) == Some(span.end);
        if !prefixed {
            return None;
        }
    }
    // Prefix letters (Python r/b/u/f, Rust b/r, C# @/$), Rust raw hashes.
    let mut start = span.start;
    let mut raw = false;
    let mut interpolated = false;
    while start < span.end && !matches!(buf[start], b'"' | b'\'' | b'`') {
        match buf[start] {
            b'r' | b'R' | b'@' => raw = true,
            b'f' | b'F' if family == Family::Python => interpolated = true,
            b'$' => interpolated = true,
            b'b' | b'B' | b'u' | b'U' | b'#' => {}
            _ => return None,
        }
        start += 1;
    }
    let hashes = buf[span.start..start]
        .iter()
        .filter(|&&b| b == b'#')
        .count();
    let quote = *buf.get(start)?;
    let q = if span.end - start >= 6 && buf[start..].starts_with(&[quote, quote, quote]) {
        3
    } else {
        1
    };
    if span.end < start + 2 * q + hashes {
        return None;
    }
    let content = start + q..span.end - q - hashes;
    let text = String::from_utf8_lossy(&buf[content.clone()]);
    if interpolated && text.contains('{') {
        return None;
    }
    if family == Family::Ruby && quote == b'"' && text.contains("#{") {
        return None;
    }
    let value = if raw
        || quote == b'`'
        || (family == Family::Ruby || family == Family::Php) && quote == b'\''
    {
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
        // In double quotes a backslash escapes the next byte (`"a\"b"` is
        // `a"b`, as python-dotenv and bash read it); single quotes are raw.
        let mut end = None;
        let mut k = span.start + 1;
        while k < span.end {
            match buf[k] {
                b'\\' if first == b'"' => k += 1,
                b if b == first => {
                    end = Some(k);
                    break;
                }
                _ => {}
            }
            k += 1;
        }
        let end = end?;
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
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    // `%JWT_SECRET%` (Windows), `%env(JWT_SECRET)%` and `%kernel.secret%`
    // (Symfony parameters).
    if let Some(inner) = v.strip_prefix('%').and_then(|r| r.strip_suffix('%')) {
        return !inner.is_empty()
            && inner.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'(' | b')' | b'-')
            });
    }
    // `$(JWT_SECRET)` (make, Azure Pipelines).
    if v.starts_with("$(") && v.ends_with(')') {
        return true;
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
        assert_eq!(lit("r#\"raw\"#", Family::Rust).as_deref(), Some("raw"));
        assert_eq!(lit("b\"bytes\"", Family::Rust).as_deref(), Some("bytes"));
        assert_eq!(
            lit("@\"verb\\atim\"", Family::C).as_deref(),
            Some("verb\\atim")
        );
        assert_eq!(lit("$\"{x}\"", Family::C), None);
        assert_eq!(lit("'it''", Family::Ruby), None);
        assert_eq!(lit("\"a#{b}\"", Family::Ruby), None);
    }

    #[test]
    fn dotenv_values() {
        assert_eq!(lit("abc # note", Family::Dotenv).as_deref(), Some("abc"));
        assert_eq!(lit("\"a b\"", Family::Dotenv).as_deref(), Some("a b"));
        assert_eq!(lit("a#b", Family::Dotenv).as_deref(), Some("a#b"));
        assert_eq!(lit("\"a\\\"b\"", Family::Dotenv).as_deref(), Some("a\"b"));
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
            "%env(JWT_PASSPHRASE)%",
            "%env(resolve:JWT_SECRET_KEY)%",
            "%kernel.secret%",
            "$(JWT_SECRET)",
            "${JWT_SECRET:?set it}",
            "#{JwtSecret}#",
            "$jwt_secret",
        ] {
            assert!(is_template(t), "{t}");
        }
        for t in ["s3cr3t", "$2a$10$abc", "100%", "%a b%", "50%off%"] {
            assert!(!is_template(t), "{t}");
        }
    }
}
