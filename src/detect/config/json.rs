//! JSON (and JSON with comments), token by token: keys by nesting.

use super::*;

pub(super) fn json(buf: &[u8], out: &mut Sink<'_>) {
    // Open containers: (is an object, path length before its segment).
    let mut stack: Vec<(bool, usize)> = Vec::new();
    let mut pending_key: Option<Span> = None;
    let mut k = 0;
    while k < buf.len() {
        match buf[k] {
            b'/' if buf.get(k + 1) == Some(&b'/') => {
                k = memchr::memchr(b'\n', &buf[k..]).map_or(buf.len(), |p| k + p);
                continue;
            }
            b'/' if buf.get(k + 1) == Some(&b'*') => {
                k = memchr::memmem::find(&buf[k + 2..], b"*/").map_or(buf.len(), |p| k + 2 + p + 2);
                continue;
            }
            b'{' | b'[' => {
                // The root container adds no segment.
                let len = out.path.len();
                if !stack.is_empty() {
                    match pending_key.take() {
                        Some(key) => out.push(&String::from_utf8_lossy(&buf[key])),
                        None => out.push("[]"),
                    };
                }
                stack.push((buf[k] == b'{', len));
            }
            b'}' | b']' => {
                if let Some((_, len)) = stack.pop() {
                    out.path.truncate(len);
                }
                pending_key = None;
            }
            b'"' => {
                let start = k + 1;
                let mut e = start;
                while e < buf.len() && buf[e] != b'"' {
                    e += if buf[e] == b'\\' { 2 } else { 1 };
                }
                let end = e.min(buf.len());
                k = end + 1;
                let in_object = stack.last().is_some_and(|(obj, _)| *obj);
                // A key when a `:` follows.
                let mut n = k;
                while n < buf.len() && buf[n].is_ascii_whitespace() {
                    n += 1;
                }
                if in_object && pending_key.is_none() && buf.get(n) == Some(&b':') {
                    pending_key = Some(start..end);
                    k = n + 1;
                    continue;
                }
                let key = pending_key.take();
                if end > start {
                    let key = key.map_or(std::borrow::Cow::Borrowed("[]"), |key| {
                        String::from_utf8_lossy(&buf[key])
                    });
                    out.emit(&key, start..end, None);
                }
                continue;
            }
            b',' => pending_key = None,
            _ => {}
        }
        k += 1;
    }
}
