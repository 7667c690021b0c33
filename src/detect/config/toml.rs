//! TOML and INI: `[table]` headers and `key = value` lines.

use super::*;

pub(super) fn toml(buf: &[u8], out: &mut Sink<'_>) {
    for (start, line) in lines(buf) {
        let indent = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let content = &line[indent..];
        if content.is_empty() || content[0] == b'#' || content[0] == b';' {
            continue;
        }
        if content[0] == b'[' {
            out.path.clear();
            let inner = content.trim_ascii_end().trim_start_matches_brackets();
            for part in inner.split(|&b| b == b'.') {
                let part = unquote(part);
                if !part.is_empty() {
                    out.push(&part);
                }
            }
            continue;
        }
        let Some(eq) = content.iter().position(|&b| b == b'=' || b == b':') else {
            continue;
        };
        let keys: Vec<String> = content[..eq].split(|&b| b == b'.').map(unquote).collect();
        if keys.iter().any(String::is_empty) {
            continue;
        }
        let from = start + indent + eq + 1;
        if let Some(value) = scalar(buf, from, start + line.len(), b"#;") {
            let len = out.path.len();
            for key in &keys[..keys.len() - 1] {
                out.push(key);
            }
            out.emit(&keys[keys.len() - 1], value, None);
            out.path.truncate(len);
        }
    }
}

trait TrimBrackets {
    fn trim_start_matches_brackets(&self) -> &[u8];
}

impl TrimBrackets for [u8] {
    fn trim_start_matches_brackets(&self) -> &[u8] {
        let mut s = self;
        while let Some(rest) = s.strip_prefix(b"[") {
            s = rest;
        }
        while let Some(rest) = s.strip_suffix(b"]") {
            s = rest;
        }
        s.trim_ascii()
    }
}
