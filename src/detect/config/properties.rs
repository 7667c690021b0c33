//! Java `.properties`: `key=value` and `key: value` lines.

use super::*;

pub(super) fn properties(buf: &[u8], out: &mut Sink<'_>) {
    for (start, line) in lines(buf) {
        let indent = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let content = &line[indent..];
        if content.is_empty() || content[0] == b'#' || content[0] == b'!' {
            continue;
        }
        let Some(sep) = content.iter().position(|&b| b == b'=' || b == b':') else {
            continue;
        };
        let key = unquote(&content[..sep]);
        if key.is_empty() || key.contains(' ') {
            continue;
        }
        let from = start + indent + sep + 1;
        if let Some(value) = scalar(buf, from, start + line.len(), b"") {
            out.emit(&key, value, None);
        }
    }
}
