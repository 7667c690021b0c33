//! HOCON (Play, Akka, Lightbend `application.conf`): `a.b { ... }` blocks,
//! `a.b.c = value` and `a.b.c : value` lines, `#` and `//` comments.
//! Limits: one key or block opening per line; arrays, `include` and
//! multi-line strings are skipped; `${?X}` substitutions are values that the
//! template filter drops.

use super::*;

/// Nesting kept at most: a hostile file of a million `{` costs a bounded
/// stack.
const MAX_DEPTH: usize = 64;

pub(super) fn hocon(buf: &[u8], out: &mut Sink<'_>) {
    // The path length before each open block.
    let mut stack: Vec<usize> = Vec::new();
    for (start, line) in lines(buf) {
        let indent = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let content = line[indent..].trim_ascii_end();
        if content.is_empty()
            || content[0] == b'#'
            || content.starts_with(b"//")
            || content.starts_with(b"include ")
        {
            continue;
        }
        if content[0] == b'}' {
            if let Some(len) = stack.pop() {
                out.path.truncate(len);
            }
            continue;
        }
        let key_len = content
            .iter()
            .take_while(|&&b| !matches!(b, b'=' | b':' | b'{' | b' ' | b'\t'))
            .count();
        let key = &content[..key_len];
        let rest = content[key_len..].trim_ascii_start();
        let segments: Vec<String> = key.split(|&b| b == b'.').map(unquote).collect();
        if key.is_empty() || segments.iter().any(String::is_empty) {
            continue;
        }
        let len = out.path.len();
        for segment in &segments[..segments.len() - 1] {
            out.push(segment);
        }
        let last = &segments[segments.len() - 1];
        if rest.first() == Some(&b'{') {
            // `a.b {` (or `a.b = {`) opens a block, unless it closes on
            // the same line.
            if !rest.contains(&b'}') && stack.len() < MAX_DEPTH {
                stack.push(len);
                out.push(last);
                continue;
            }
        } else if let Some(sep) = rest.first().filter(|b| matches!(b, b'=' | b':')) {
            let _ = sep;
            let from = start + indent + key_len + (content[key_len..].len() - rest.len()) + 1;
            let after = buf[from..start + line.len()].trim_ascii_start();
            if after.first() == Some(&b'{') {
                if !after.contains(&b'}') && stack.len() < MAX_DEPTH {
                    stack.push(len);
                    out.push(last);
                    continue;
                }
            } else if after.first() != Some(&b'[') {
                if let Some(value) = scalar(buf, from, start + line.len(), b"#") {
                    out.emit(last, value, None);
                }
            }
        }
        out.path.truncate(len);
    }
}
