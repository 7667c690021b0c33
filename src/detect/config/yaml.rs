//! YAML, line by line: keys by indentation, `- ` list items, documents
//! split at `---` with their Kubernetes `kind`.

use super::*;

/// The position of the `:` that ends a YAML key, outside quotes.
fn yaml_colon(line: &[u8]) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in line.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && i == 0 => quote = Some(b),
            None if b == b':'
                && (i + 1 == line.len() || line[i + 1] == b' ' || line[i + 1] == b'\t') =>
            {
                return Some(i);
            }
            None if b == b'#' && i > 0 && line[i - 1] == b' ' => return None,
            None => {}
        }
    }
    None
}

/// The top-level `kind:` of each YAML document, by document start offset.
fn yaml_kinds(buf: &[u8]) -> Vec<(usize, String)> {
    let mut kinds = Vec::new();
    let mut doc = 0;
    for (start, line) in lines(buf) {
        if line.starts_with(b"---") || line.starts_with(b"...") {
            doc = start;
        } else if let Some(rest) = line.strip_prefix(b"kind:") {
            if let Some(span) = scalar(buf, start + 5, start + 5 + rest.len(), b"#") {
                kinds.push((doc, String::from_utf8_lossy(&buf[span]).into_owned()));
            }
        }
    }
    kinds
}

pub(super) fn yaml(buf: &[u8], out: &mut Sink<'_>) {
    let kinds = yaml_kinds(buf);
    let mut kind: Option<&str> = kinds.iter().find(|(d, _)| *d == 0).map(|(_, k)| k.as_str());
    // (indent, path length before the key) of the open mappings.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // Lines more indented than this belong to a block scalar.
    let mut block: Option<usize> = None;
    for (start, line) in lines(buf) {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let content = &line[indent..];
        if line.starts_with(b"---") || line.starts_with(b"...") {
            stack.clear();
            out.path.clear();
            block = None;
            kind = kinds
                .iter()
                .find(|(d, _)| *d == start)
                .map(|(_, k)| k.as_str());
            continue;
        }
        if content.is_empty() || content.starts_with(b"#") {
            continue;
        }
        if let Some(b) = block {
            if indent > b {
                continue;
            }
            block = None;
        }
        let mut indent = indent;
        let mut content = content;
        let mut at = start + indent;
        // List items: `- name: X` names the item X; `- KEY=VALUE` is a pair.
        let mut item = false;
        while content.starts_with(b"- ") || content == b"-" {
            item = true;
            let skip = 2.min(content.len());
            let more = content[skip..].iter().take_while(|&&b| b == b' ').count();
            indent += skip + more;
            at += skip + more;
            content = &content[(skip + more).min(content.len())..];
        }
        // A new item closes the previous item (kept at its content indent
        // minus one); a key closes everything at or below its indent.
        let threshold = if item {
            indent.saturating_sub(1)
        } else {
            indent
        };
        while let Some(&(i, len)) = stack.last() {
            if i < threshold {
                break;
            }
            out.path.truncate(len);
            stack.pop();
        }
        let Some(colon) = yaml_colon(content) else {
            if item {
                // A scalar item: `KEY=VALUE` (docker-compose environment).
                if let Some(span) = scalar(buf, at, at + content.len(), b"#") {
                    let text = &buf[span.clone()];
                    if let Some(eq) = text.iter().position(|&b| b == b'=') {
                        let key = &text[..eq];
                        let plain = key
                            .iter()
                            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.');
                        let value = span.start + eq + 1..span.end;
                        if !key.is_empty() && plain && !value.is_empty() {
                            out.emit(&String::from_utf8_lossy(key), value, kind);
                        }
                    }
                }
            }
            continue;
        };
        let key = unquote(&content[..colon]);
        let value_from = at + colon + 1;
        let value_to = at + content.len();
        let rest = buf[value_from..value_to].trim_ascii();
        if item {
            // The item's own segment: its `name`, else `[]`.
            let segment = if key == "name" {
                scalar(buf, value_from, value_to, b"#")
                    .map(|s| String::from_utf8_lossy(&buf[s]).into_owned())
                    .unwrap_or_else(|| "[]".to_string())
            } else {
                "[]".to_string()
            };
            let len = out.push(&segment);
            stack.push((indent.saturating_sub(1), len));
        }
        if rest.is_empty() {
            let len = out.push(&key);
            stack.push((indent, len));
            continue;
        }
        let skipped = [b'|', b'>', b'{', b'[', b'&', b'*'];
        if skipped.contains(&rest[0]) {
            if rest[0] == b'|' || rest[0] == b'>' {
                block = Some(indent);
            }
            continue;
        }
        if item && key == "name" {
            continue;
        }
        if let Some(value) = scalar(buf, value_from, value_to, b"#") {
            out.emit(&key, value, kind);
        }
    }
}
