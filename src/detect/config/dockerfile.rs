//! Dockerfile `ENV` and `ARG` instructions.

use super::*;

pub(super) fn dockerfile(buf: &[u8], out: &mut Sink<'_>) {
    for (start, line) in lines(buf) {
        let indent = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let content = &line[indent..];
        let word_len = content
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let word = &content[..word_len];
        if !(word.eq_ignore_ascii_case(b"ENV") || word.eq_ignore_ascii_case(b"ARG")) {
            continue;
        }
        let mut k = start + indent + word_len;
        let end = start + line.len();
        while k < end && buf[k].is_ascii_whitespace() {
            k += 1;
        }
        let key_len = buf[k..end]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
            .count();
        if key_len == 0 {
            continue;
        }
        let after = k + key_len;
        if buf.get(after) == Some(&b'=') {
            // `ENV A=1 B="two"`: every pair.
            let mut p = k;
            while p < end {
                let kl = buf[p..end]
                    .iter()
                    .take_while(|&&b| {
                        b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
                    })
                    .count();
                if kl == 0 || buf.get(p + kl) != Some(&b'=') {
                    break;
                }
                let key = String::from_utf8_lossy(&buf[p..p + kl]).into_owned();
                let vstart = p + kl + 1;
                let vend = value_end(buf, vstart, end);
                if let Some(value) = scalar(buf, vstart, vend, b"") {
                    out.emit(&key, value, None);
                }
                p = vend;
                while p < end && buf[p].is_ascii_whitespace() {
                    p += 1;
                }
            }
        } else if word.eq_ignore_ascii_case(b"ENV") {
            // `ENV KEY value with spaces`.
            let key = String::from_utf8_lossy(&buf[k..after]).into_owned();
            if let Some(value) = scalar(buf, after, end, b"") {
                out.emit(&key, value, None);
            }
        }
    }
}

/// The end of a Dockerfile `KEY=value` value: a closing quote or white space.
fn value_end(buf: &[u8], start: usize, end: usize) -> usize {
    if let Some(&q) = buf.get(start).filter(|&&b| b == b'"' || b == b'\'') {
        return buf[start + 1..end]
            .iter()
            .position(|&b| b == q)
            .map_or(end, |p| start + 1 + p + 1);
    }
    buf[start..end]
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .map_or(end, |p| start + p)
}
