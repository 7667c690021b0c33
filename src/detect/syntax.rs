//! Just enough lexing to walk call arguments and expressions: strings,
//! comments and brackets, per language family.
//!
//! This is not a parser. It knows where strings and comments start and end so
//! that a `,` or `)` inside them is not taken for syntax, and it counts
//! brackets. Known limits: JavaScript regex literals containing quotes, Go raw
//! strings ending in a backslash, Ruby `%q()` and PHP heredocs are mis-lexed;
//! the damage stays inside one call or line because every walk is bounded.

use std::ops::Range;

use crate::rules::schema::Family;

pub(crate) type Span = Range<usize>;

/// How far a walk may go before giving up: calls and values are short, and a
/// bound keeps a hostile file linear.
const MAX_WALK: usize = 64 * 1024;

/// If a string literal starts at `i`, the index just past its end.
pub(crate) fn string_end(buf: &[u8], i: usize, family: Family) -> Option<usize> {
    if family == Family::Rust {
        return rust_string_end(buf, i);
    }
    let mut j = i;
    if family == Family::Python {
        // Up to two prefix letters (r, b, u, f in any case and order).
        if i > 0 && is_ident_byte(buf[i - 1]) {
            return None;
        }
        while j < buf.len() && j - i < 2 && matches!(buf[j] | 0x20, b'r' | b'b' | b'u' | b'f') {
            j += 1;
        }
    }
    let quote = *buf.get(j)?;
    let quoted = match family {
        Family::C | Family::Ruby | Family::Php => matches!(quote, b'"' | b'\'' | b'`'),
        _ => matches!(quote, b'"' | b'\''),
    };
    if !quoted {
        return None;
    }
    let triple = buf.get(j..j + 3) == Some(&[quote, quote, quote][..]) && quote != b'`';
    if triple && matches!(family, Family::C | Family::Python) {
        return find_unescaped(buf, j + 3, &[quote, quote, quote]);
    }
    // Ruby, PHP and Elixir strings may span lines; elsewhere an unclosed
    // quote ends at the line, which keeps a stray apostrophe harmless.
    let multiline = quote == b'`' || matches!(family, Family::Ruby | Family::Php);
    // From one byte that matters to the next with `memchr`: the closing
    // quote, an escape, the end of the line or a `${`.
    let limit = i + MAX_WALK;
    let mut k = j + 1;
    loop {
        if k > limit {
            return None;
        }
        if k >= buf.len() {
            return Some(buf.len());
        }
        let end = buf.len().min(limit + 1);
        let window = &buf[k..end];
        let found = if quote == b'`' {
            memchr::memchr3(quote, b'\\', b'$', window)
        } else if multiline {
            memchr::memchr2(quote, b'\\', window)
        } else {
            memchr::memchr3(quote, b'\\', b'\n', window)
        };
        let Some(p) = found else {
            return (end == buf.len()).then_some(buf.len());
        };
        k += p;
        match buf[k] {
            b'\\' => k += 2,
            b'\n' => return Some(k),
            b'$' if quote == b'`' => {
                if buf.get(k + 1) == Some(&b'{') {
                    k = skip_balanced(buf, k + 1, family)?;
                } else {
                    k += 1;
                }
            }
            _ => return Some(k + 1),
        }
    }
}

/// Rust: `"..."`, `b"..."`, raw `r#"..."#` and `br"..."`, and char literals
/// (`'a'`, `'\n'`, `'\u{1F600}'`); a lone `'` is a lifetime, not a string.
fn rust_string_end(buf: &[u8], i: usize) -> Option<usize> {
    let at = |k: usize| buf.get(k).copied();
    match at(i)? {
        b'\'' => {
            let mut k = i + 1;
            if at(k)? == b'\\' {
                k += 2;
                while at(k).is_some_and(|b| b != b'\'' && b != b'\n') && k - i < 12 {
                    k += 1;
                }
            } else {
                // One character, possibly several UTF-8 bytes.
                let width = match at(k)? {
                    b if b < 0x80 => 1,
                    b if b >= 0xf0 => 4,
                    b if b >= 0xe0 => 3,
                    _ => 2,
                };
                k += width;
            }
            (at(k) == Some(b'\'')).then_some(k + 1)
        }
        b'"' => {
            let mut k = i + 1;
            while k < buf.len() {
                match buf[k] {
                    b'\\' => k += 2,
                    b'"' => return Some(k + 1),
                    _ => k += 1,
                }
                if k - i > MAX_WALK {
                    return None;
                }
            }
            Some(buf.len())
        }
        b'b' | b'r' => {
            if i > 0 && is_ident_byte(buf[i - 1]) {
                return None;
            }
            let mut k = i;
            if at(k) == Some(b'b') {
                k += 1;
            }
            let raw = at(k) == Some(b'r');
            if raw {
                k += 1;
            }
            let hashes = buf[k..].iter().take_while(|&&b| b == b'#').count();
            k += hashes;
            if at(k) != Some(b'"') || (!raw && (hashes > 0 || k == i)) {
                return None;
            }
            if !raw {
                return rust_string_end(buf, k);
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            memchr::memmem::find(&buf[k + 1..], &close)
                .map(|p| k + 1 + p + close.len())
                .or(Some(buf.len()))
        }
        _ => None,
    }
}

fn find_unescaped(buf: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut k = from;
    while k + needle.len() <= buf.len() {
        if buf[k] == b'\\' {
            k += 2;
            continue;
        }
        if buf[k..].starts_with(needle) {
            return Some(k + needle.len());
        }
        k += 1;
        if k - from > MAX_WALK {
            return None;
        }
    }
    Some(buf.len())
}

/// From an opening bracket at `open`, the index just past its match.
fn skip_balanced(buf: &[u8], open: usize, family: Family) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = open;
    while k < buf.len() {
        if k - open > MAX_WALK {
            return None;
        }
        if let Some(end) = comment_end(buf, k, family).or_else(|| string_end(buf, k, family)) {
            k = end;
            continue;
        }
        match buf[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// If a comment starts at `i`, the index just past it.
pub(crate) fn comment_end(buf: &[u8], i: usize, family: Family) -> Option<usize> {
    let rest = &buf[i..];
    let to_eol = |from: usize| {
        Some(
            buf[from..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |p| from + p),
        )
    };
    let block = |open: &[u8], close: &[u8]| {
        Some(
            memchr_pair(&buf[i + open.len()..], close)
                .map_or(buf.len(), |p| i + open.len() + p + close.len()),
        )
    };
    let slashes = matches!(family, Family::C | Family::Rust | Family::Php);
    let hash = match family {
        Family::Php => rest.first() == Some(&b'#') && rest.get(1) != Some(&b'['),
        Family::C | Family::Rust | Family::Xml | Family::Json => false,
        // dotenv (python-dotenv, docker compose, bash): `#` starts a
        // comment only at the start of a line or after whitespace;
        // `KEY=abc#def` is the value `abc#def`.
        Family::Dotenv => {
            rest.first() == Some(&b'#') && (i == 0 || buf[i - 1].is_ascii_whitespace())
        }
        _ => rest.first() == Some(&b'#'),
    };
    if slashes && rest.starts_with(b"//") || hash {
        return to_eol(i);
    }
    if slashes && rest.starts_with(b"/*") {
        return block(b"/*", b"*/");
    }
    if family == Family::Xml && rest.starts_with(b"<!--") {
        return block(b"<!--", b"-->");
    }
    if family == Family::Ruby && rest.starts_with(b"=begin") && (i == 0 || buf[i - 1] == b'\n') {
        return block(b"=begin", b"=end");
    }
    None
}

fn memchr_pair(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Trims white space at both ends of a span.
pub(crate) fn trim(buf: &[u8], span: Span) -> Span {
    let mut s = span.start;
    let mut e = span.end.min(buf.len());
    while s < e && buf[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && buf[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    s..e
}

/// Trims white space and comments at both ends of a span.
pub(crate) fn trim_code(buf: &[u8], span: Span, family: Family) -> Span {
    let mut first: Option<usize> = None;
    let mut last = span.start;
    let mut k = span.start;
    let end = span.end.min(buf.len());
    while k < end {
        if let Some(e) = comment_end(buf, k, family) {
            k = e;
            continue;
        }
        if let Some(e) = string_end(buf, k, family) {
            first.get_or_insert(k);
            last = e.min(end);
            k = e;
            continue;
        }
        if !buf[k].is_ascii_whitespace() {
            first.get_or_insert(k);
            last = k + 1;
        }
        k += 1;
    }
    match first {
        Some(f) => f..last.max(f),
        None => span.start..span.start,
    }
}

/// Splits the arguments of the call whose `(` is at `open`. Returns the
/// trimmed argument spans (a trailing comma adds none) and the index of `)`.
pub(crate) fn split_args(buf: &[u8], open: usize, family: Family) -> Option<(Vec<Span>, usize)> {
    if buf.get(open) != Some(&b'(') {
        return None;
    }
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut start = open + 1;
    let mut k = open + 1;
    while k < buf.len() {
        if k - open > MAX_WALK {
            return None;
        }
        if let Some(end) = comment_end(buf, k, family).or_else(|| string_end(buf, k, family)) {
            k = end;
            continue;
        }
        match buf[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' if depth == 0 => {
                push_arg(buf, start..k, family, &mut args);
                return Some((args, k));
            }
            b']' | b'}' => return None,
            b',' if depth == 0 => {
                push_arg(buf, start..k, family, &mut args);
                start = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    None
}

fn push_arg(buf: &[u8], span: Span, family: Family, args: &mut Vec<Span>) {
    let span = trim_code(buf, span, family);
    if !span.is_empty() {
        args.push(span);
    }
}

/// The end of the expression that starts at `start`: the first `,`, `;` or
/// closing bracket at depth 0, or the end of the line unless the expression
/// clearly goes on (a trailing operator, or a next line that starts with one).
pub(crate) fn expr_end(buf: &[u8], start: usize, family: Family) -> usize {
    let mut depth = 0usize;
    let mut k = start;
    while k < buf.len() && k - start < MAX_WALK {
        if let Some(end) = string_end(buf, k, family) {
            k = end;
            continue;
        }
        if let Some(end) = comment_end(buf, k, family) {
            if depth == 0 {
                return trim(buf, start..k).end;
            }
            k = end;
            continue;
        }
        match buf[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' | b']' | b'}' | b',' | b';' if depth == 0 => break,
            b'\n' if depth == 0 && !continues(buf, start, k) => break,
            _ => {}
        }
        k += 1;
    }
    trim(buf, start..k.min(buf.len())).end
}

/// Whether an expression broken at the newline at `nl` continues on the next
/// line.
fn continues(buf: &[u8], start: usize, nl: usize) -> bool {
    let before = trim(buf, start..nl);
    if before.is_empty() {
        return true;
    }
    let last = buf[before.end - 1];
    if matches!(last, b'|' | b'?' | b'+' | b'=' | b':' | b'&' | b'\\' | b'.') {
        return true;
    }
    let next = buf[nl + 1..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|p| nl + 1 + p);
    match next {
        Some(n) => {
            let rest = &buf[n..];
            rest.starts_with(b"||")
                || rest.starts_with(b"??")
                || rest.starts_with(b"?:")
                || rest.starts_with(b"? ")
                || rest.starts_with(b": ")
                || rest.starts_with(b"+ ")
                || (rest.starts_with(b".") && !rest.starts_with(b".."))
        }
        None => false,
    }
}

/// Splits a span at every top-level occurrence of one of `ops` (symbols such
/// as `||`, or words such as `or`, matched on word boundaries).
pub(crate) fn split_top(buf: &[u8], span: Span, family: Family, ops: &[&str]) -> Vec<Span> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = span.start;
    let mut k = span.start;
    'walk: while k < span.end {
        if let Some(end) = comment_end(buf, k, family).or_else(|| string_end(buf, k, family)) {
            k = end;
            continue;
        }
        match buf[k] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => {
                for op in ops {
                    let op = op.as_bytes();
                    if !buf[k..span.end].starts_with(op) {
                        continue;
                    }
                    let wordy = op[0].is_ascii_alphabetic();
                    if wordy {
                        let before_ok = k == 0 || !is_ident_byte(buf[k - 1]);
                        let after = k + op.len();
                        let after_ok = after >= buf.len() || !is_ident_byte(buf[after]);
                        if !(before_ok && after_ok) {
                            continue;
                        }
                    }
                    parts.push(trim(buf, start..k));
                    k += op.len();
                    start = k;
                    continue 'walk;
                }
            }
            _ => {}
        }
        k += 1;
    }
    parts.push(trim(buf, start..span.end));
    parts
}

/// Whether the span is one bracketed group, `( ... )`, as a whole.
pub(crate) fn strip_parens(buf: &[u8], span: Span, family: Family) -> Span {
    let mut span = span;
    while span.len() >= 2 && buf[span.start] == b'(' {
        match skip_balanced(buf, span.start, family) {
            Some(end) if end == span.end => span = trim(buf, span.start + 1..span.end - 1),
            _ => break,
        }
    }
    span
}

/// If `span` ends with a call, `receiver.name(args)`, returns the receiver,
/// the method name and the `(` index. Used to look through `.getBytes()`.
pub(crate) fn trailing_method(
    buf: &[u8],
    span: Span,
    family: Family,
) -> Option<(Span, Span, usize)> {
    let mut depth = 0usize;
    let mut k = span.start;
    while k < span.end {
        if let Some(end) = comment_end(buf, k, family).or_else(|| string_end(buf, k, family)) {
            k = end;
            continue;
        }
        match buf[k] {
            b'(' if depth == 0 => {
                // Is this `(` preceded by `.ident`?
                let mut n = k;
                while n > span.start && buf[n - 1].is_ascii_whitespace() {
                    n -= 1;
                }
                let name_end = n;
                while n > span.start && is_ident_byte(buf[n - 1]) {
                    n -= 1;
                }
                let mut d = n;
                while d > span.start && buf[d - 1].is_ascii_whitespace() {
                    d -= 1;
                }
                if n < name_end && d > span.start && buf[d - 1] == b'.' {
                    let close = skip_balanced(buf, k, family)?;
                    if close == span.end {
                        return Some((trim(buf, span.start..d - 1), n..name_end, k));
                    }
                }
                depth += 1;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        k += 1;
    }
    None
}

/// The spans of all comments and string literals in a file, in order: a sink
/// whose match starts inside one (`// jwt.sign(p, "secret")`, a docstring
/// example) is not code. One pass that jumps between quote and comment bytes
/// with `memchr`, run only on files where a sink matched.
pub(crate) fn non_code_spans(buf: &[u8], family: Family) -> Vec<Span> {
    let mut spans = Vec::new();
    let (a, b, c) = match family {
        Family::C | Family::Rust => (b'"', b'\'', b'/'),
        Family::Php => (b'"', b'\'', b'/'),
        Family::Python | Family::Ruby => (b'"', b'\'', b'#'),
        _ => (b'#', b'#', b'#'),
    };
    // A fourth start byte: back-ticks (JS, Go, Ruby), `#` comments (PHP).
    let fourth = match family {
        Family::C | Family::Ruby => Some(b'`'),
        Family::Php => Some(b'#'),
        _ => None,
    };
    let mut backtick = fourth.and_then(|f| memchr::memchr(f, buf));
    let blocks = block_spans(buf, family);
    let mut block = 0;
    let mut k = 0;
    while k < buf.len() {
        if let (Some(f), true) = (fourth, backtick.is_some_and(|t| t < k)) {
            backtick = memchr::memchr(f, &buf[k..]).map(|p| k + p);
        }
        let next = memchr::memchr3(a, b, c, &buf[k..]).map(|p| k + p);
        let Some(at) = [next, backtick].into_iter().flatten().min() else {
            break;
        };
        // Heredoc bodies and Ruby `=begin` blocks are not code, whatever
        // quotes they hold (`it's`).
        while blocks.get(block).is_some_and(|b| b.end <= at) {
            block += 1;
        }
        if let Some(b) = blocks.get(block).filter(|b| b.start <= at) {
            spans.push(b.clone());
            k = b.end;
            block += 1;
            continue;
        }
        // String prefixes (Python `rb"..."`, Rust `br#"..."#`) belong to the
        // string.
        let mut start = at;
        if family == Family::Rust && buf[at] == b'"' {
            let mut p = at;
            while p > k && buf[p - 1] == b'#' {
                p -= 1;
            }
            if p > k && buf[p - 1] == b'r' {
                p -= 1;
            }
            if p > k && buf[p - 1] == b'b' {
                p -= 1;
            }
            if p < at && (p == 0 || !is_ident_byte(buf[p - 1])) {
                start = p;
            }
        }
        if family == Family::Python && matches!(buf[at], b'"' | b'\'') {
            while start > k
                && at - start < 2
                && matches!(buf[start - 1] | 0x20, b'r' | b'b' | b'u' | b'f')
            {
                start -= 1;
            }
            if start > 0 && start < at && is_ident_byte(buf[start - 1]) {
                start = at;
            }
        }
        let end = comment_end(buf, at, family)
            .or_else(|| string_end(buf, start, family).or_else(|| string_end(buf, at, family)));
        match end {
            Some(end) => {
                let end = end.max(at + 1);
                spans.push(start..end);
                k = end;
            }
            None => k = at + 1,
        }
    }
    spans
}

/// Ruby and PHP heredoc bodies (`<<~SQL ... SQL`, `<<<'EOT' ... EOT`) and
/// Ruby `=begin ... =end` blocks, in order.
fn block_spans(buf: &[u8], family: Family) -> Vec<Span> {
    if !matches!(family, Family::Ruby | Family::Php) {
        return Vec::new();
    }
    let line_end =
        |from: usize| memchr::memchr(b'\n', &buf[from..]).map_or(buf.len(), |p| from + p);
    let mut blocks = Vec::new();
    let mut k = 0;
    while let Some(p) = memchr::memmem::find(&buf[k..], b"<<") {
        let at = k + p;
        k = at + 2;
        let mut i = at + 2;
        if family == Family::Php {
            if buf.get(i) != Some(&b'<') {
                continue;
            }
            i += 1;
        } else if matches!(buf.get(i), Some(b'~' | b'-')) {
            i += 1;
        }
        let quote = buf
            .get(i)
            .copied()
            .filter(|q| matches!(q, b'\'' | b'"' | b'`'));
        if quote.is_some() {
            i += 1;
        }
        let id_len = buf[i..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
            .count();
        if id_len == 0
            || buf[i].is_ascii_digit()
            || (family == Family::Ruby && quote.is_none() && !buf[i].is_ascii_uppercase())
        {
            continue;
        }
        let id = &buf[i..i + id_len];
        // The body starts on the next line and ends at the line holding
        // only the identifier (PHP may follow it with `;` `,` `)`).
        let body = line_end(i) + 1;
        let mut line = body;
        let mut end = None;
        while line < buf.len() {
            let e = line_end(line);
            let text = buf[line..e].trim_ascii();
            let rest = text.strip_prefix(id);
            if rest.is_some_and(|r| r.is_empty() || matches!(r[0], b';' | b',' | b')' | b'.')) {
                end = Some(e);
                break;
            }
            line = e + 1;
        }
        if let Some(end) = end {
            blocks.push(body.min(end)..end);
            k = end;
        }
    }
    if family == Family::Ruby {
        let mut k = 0;
        while let Some(p) = memchr::memmem::find(&buf[k..], b"=begin") {
            let at = k + p;
            k = at + 6;
            if at == 0 || buf[at - 1] == b'\n' {
                let end = memchr::memmem::find(&buf[at..], b"\n=end")
                    .map_or(buf.len(), |e| line_end(at + e + 1));
                blocks.push(at..end);
                k = end;
            }
        }
    }
    blocks.sort_by_key(|b| b.start);
    blocks
}

/// Whether `pos` lies inside one of the sorted `spans`. A position at the
/// very start of a string is code: patterns may begin with a quoted key
/// (`"SIGNING_KEY": ...`).
pub(crate) fn inside(spans: &[Span], pos: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= pos);
    spans.get(i).is_some_and(|s| s.start < pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(buf: &'a [u8], s: &Span) -> &'a str {
        std::str::from_utf8(&buf[s.clone()]).expect("tests use UTF-8")
    }

    #[test]
    fn splits_nested_multiline_args() {
        let buf = b"sign({ a: [1, 2], b: f(x, y) },\n  'k,)ey', // c, )\n  { expiresIn: '1h' })";
        let (args, close) = split_args(buf, 4, Family::C).expect("balanced");
        let got: Vec<&str> = args.iter().map(|a| text(buf, a)).collect();
        assert_eq!(got[1], "'k,)ey'");
        assert_eq!(got.len(), 3);
        assert_eq!(close, buf.len() - 1);
    }

    #[test]
    fn comments_around_arguments_are_trimmed() {
        let buf = b"f( // lead\n  'k' // trail, )\n  /* x */ , y)";
        let (args, _) = split_args(buf, 1, Family::C).expect("balanced");
        assert_eq!(text(buf, &args[0]), "'k'");
        assert_eq!(text(buf, &args[1]), "y");
    }

    #[test]
    fn python_prefixed_and_triple_strings() {
        let buf = br#"f(b"a,b", rb'x)', """t,"")""", key="k")"#;
        let (args, _) = split_args(buf, 1, Family::Python).expect("balanced");
        assert_eq!(args.len(), 4);
        assert_eq!(text(buf, &args[3]), "key=\"k\"");
    }

    #[test]
    fn template_literal_with_nested_braces() {
        let buf = b"f(`a ${ g({x: 1}) } b`, 'k')";
        let (args, _) = split_args(buf, 1, Family::C).expect("balanced");
        assert_eq!(text(buf, &args[1]), "'k'");
    }

    #[test]
    fn expression_ends_and_continues() {
        let buf = b"x = process.env.A\n  || 'dev';\nnext";
        let end = expr_end(buf, 4, Family::C);
        assert_eq!(&buf[4..end], b"process.env.A\n  || 'dev'");
        let buf = b"SECRET = 'abc'  # comment\nOTHER = 1";
        assert_eq!(&buf[9..expr_end(buf, 9, Family::Python)], b"'abc'");
    }

    #[test]
    fn splits_on_operators_outside_strings() {
        let buf = b"a || 'b || c' ?? d";
        let parts = split_top(buf, 0..buf.len(), Family::C, &["||", "??"]);
        let got: Vec<&str> = parts.iter().map(|p| text(buf, p)).collect();
        assert_eq!(got, ["a", "'b || c'", "d"]);
        let buf = b"os.environ.get('X') or 'orange'";
        let parts = split_top(buf, 0..buf.len(), Family::Python, &["or"]);
        assert_eq!(parts.len(), 2);
    }

    #[test]
    fn finds_trailing_method() {
        let buf = br#""abc".getBytes(StandardCharsets.UTF_8)"#;
        let (recv, name, _) = trailing_method(buf, 0..buf.len(), Family::C).expect("method");
        assert_eq!(text(buf, &recv), "\"abc\"");
        assert_eq!(text(buf, &name), "getBytes");
        assert!(trailing_method(b"f(x)", 0..4, Family::C).is_none());
    }

    #[test]
    fn code_mask_covers_comments_and_strings() {
        let buf = b"a // jwt.sign(p, 's')\nb 'x' c /* d */ e";
        let spans = non_code_spans(buf, Family::C);
        assert!(inside(&spans, 5));
        assert!(!inside(&spans, 0));
        let c = buf.iter().position(|&x| x == b'c').expect("c is there");
        assert!(!inside(&spans, c));
        let d = buf.iter().position(|&x| x == b'd').expect("d is there");
        assert!(inside(&spans, d));
        let py = b"x = 1  # jwt.encode(p, 'k')\n\"\"\"doc jwt.encode()\"\"\"\nreal";
        let spans = non_code_spans(py, Family::Python);
        assert_eq!(spans.len(), 2);
        assert!(!inside(&spans, py.len() - 1));
    }

    #[test]
    fn heredocs_and_begin_blocks_are_not_code() {
        let rb = b"msg = <<~MSG\n  it's JWT.encode(p, 'k')\nMSG\nJWT.encode(p, 'real')\n=begin\nJWT.encode(p, 'old')\n=end\nx";
        let spans = non_code_spans(rb, Family::Ruby);
        let pos = |needle: &[u8]| {
            rb.windows(needle.len())
                .position(|w| w == needle)
                .expect("present")
        };
        assert!(inside(&spans, pos(b"JWT.encode(p, 'k')")));
        assert!(!inside(&spans, pos(b"JWT.encode(p, 'real')")));
        assert!(inside(&spans, pos(b"JWT.encode(p, 'old')")));
        let php = b"$k = <<<'EOT'\nit's JWT::encode($p, 'k')\nEOT;\nJWT::encode($p, 'real');";
        let spans = non_code_spans(php, Family::Php);
        let at = php.windows(4).position(|w| w == b"JWT:").expect("present");
        assert!(inside(&spans, at));
        let real = php
            .windows(10)
            .rposition(|w| w == b"JWT::encod")
            .expect("present");
        assert!(!inside(&spans, real));
    }

    #[test]
    fn unterminated_input_is_bounded() {
        let mut buf = b"f(".to_vec();
        buf.extend(std::iter::repeat_n(b'(', 200_000));
        assert!(split_args(&buf, 1, Family::C).is_none());
        let _ = expr_end(&buf, 0, Family::C);
    }
}
