//! XML: element paths, their text and their attributes.

use super::*;

pub(super) fn xml(buf: &[u8], out: &mut Sink<'_>) {
    // (element name, path length before it).
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut k = 0;
    while let Some(p) = memchr::memchr(b'<', &buf[k..]) {
        let open = k + p;
        if buf[open..].starts_with(b"<!--") {
            k = memchr::memmem::find(&buf[open..], b"-->").map_or(buf.len(), |e| open + e + 3);
            continue;
        }
        let Some(close) = memchr::memchr(b'>', &buf[open..]).map(|e| open + e) else {
            break;
        };
        let tag = &buf[open + 1..close];
        k = close + 1;
        if tag.starts_with(b"?") || tag.starts_with(b"!") {
            continue;
        }
        if let Some(name) = tag.strip_prefix(b"/") {
            let name = String::from_utf8_lossy(name.trim_ascii());
            if let Some(i) = stack.iter().rposition(|(s, _)| *s == name) {
                out.path.truncate(stack[i].1);
                stack.truncate(i);
            }
            continue;
        }
        let self_closing = tag.ends_with(b"/");
        let name_len = tag
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && **b != b'/')
            .count();
        let name = String::from_utf8_lossy(&tag[..name_len]).into_owned();
        // `<add key="X" value="Y"/>`, `<property name="X" value="Y"/>`.
        let attrs = attributes(buf, open + 1 + name_len, close);
        let named = attrs
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case("key") || a.eq_ignore_ascii_case("name"))
            .map(|(_, v)| String::from_utf8_lossy(&buf[v.clone()]).into_owned());
        let value = attrs
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case("value"))
            .map(|(_, v)| v.clone());
        if let (Some(named), Some(value)) = (named, value) {
            if !value.is_empty() {
                out.emit(&named, value, None);
            }
        }
        if self_closing {
            continue;
        }
        let len = out.push(&name);
        stack.push((name, len));
        // Element text: `<JwtSecret>value</JwtSecret>`.
        let text_end = memchr::memchr(b'<', &buf[k..]).map_or(buf.len(), |e| k + e);
        if buf[text_end..].starts_with(b"</") {
            if let Some(value) = scalar(buf, k, text_end, b"") {
                (out.visit)(Entry {
                    path: &out.path,
                    value: &value,
                    kind: None,
                });
            }
        }
    }
}

/// `name="value"` pairs between `from` and `to`.
fn attributes(buf: &[u8], from: usize, to: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut k = from;
    while k < to {
        while k < to && (buf[k].is_ascii_whitespace() || buf[k] == b'/') {
            k += 1;
        }
        let name_len = buf[k..to]
            .iter()
            .take_while(|&&b| b != b'=' && !b.is_ascii_whitespace())
            .count();
        if name_len == 0 {
            break;
        }
        let name = String::from_utf8_lossy(&buf[k..k + name_len]).into_owned();
        k += name_len;
        if buf.get(k) != Some(&b'=') {
            continue;
        }
        let q = buf.get(k + 1).copied();
        if q != Some(b'"') && q != Some(b'\'') {
            break;
        }
        let vstart = k + 2;
        let vend = buf[vstart..to]
            .iter()
            .position(|&b| Some(b) == q)
            .map_or(to, |p| vstart + p);
        out.push((name, vstart..vend));
        k = vend + 1;
    }
    out
}
