//! Config formats flattened into `(key path, value span)` entries, so that a
//! rule can say "a value whose key is `jwt.secret`" for YAML, JSON, TOML,
//! INI, `.properties`, Dockerfile and XML alike.
//!
//! These are tolerant, line- and token-oriented readers, not parsers: the
//! files a scanner meets are often not valid (Helm charts full of `{{ }}`,
//! JSON with comments, half-edited YAML), and a finding needs the exact span
//! of the value, which the serde parsers do not keep. Limits: YAML anchors,
//! flow mappings and block scalars are skipped; JSON arrays become a `[]`
//! segment; XML namespaces are kept as written.

use super::syntax::Span;
use crate::rules::schema::Family;

/// One scalar value and where it sits, as the visitor sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    /// Keys from the root, joined with `.` (`spring.jwt.secret`).
    pub path: &'a str,
    /// The value without its quotes.
    pub value: &'a Span,
    /// The YAML document's top-level `kind` (Kubernetes), if any.
    pub kind: Option<&'a str>,
}

/// Calls `visit` with every scalar entry of a config file of `family`. Paths
/// are built in one reused buffer: a lock file has a million values, and
/// allocating a path for each would cost more than the rest of the scan.
pub(crate) fn flatten(buf: &[u8], family: Family, visit: &mut dyn FnMut(Entry<'_>)) {
    let mut out = Sink {
        path: String::new(),
        visit,
    };
    match family {
        Family::Yaml => yaml(buf, &mut out),
        Family::Json => json(buf, &mut out),
        Family::Toml => toml(buf, &mut out),
        Family::Properties => properties(buf, &mut out),
        Family::Dockerfile => dockerfile(buf, &mut out),
        Family::Xml => xml(buf, &mut out),
        _ => {}
    }
}

/// The path being built and the visitor.
struct Sink<'v> {
    path: String,
    visit: &'v mut dyn FnMut(Entry<'_>),
}

impl Sink<'_> {
    /// Appends a segment; returns the length to truncate back to.
    fn push(&mut self, segment: &str) -> usize {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(segment);
        len
    }

    /// Visits `path.key = value`, leaving the path as it was.
    fn emit(&mut self, key: &str, value: Span, kind: Option<&str>) {
        let len = self.push(key);
        (self.visit)(Entry {
            path: &self.path,
            value: &value,
            kind,
        });
        self.path.truncate(len);
    }
}

/// Lines with their start offsets, without the line end.
fn lines(buf: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= buf.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |p| start + p);
        let line_start = start;
        start = end + 1;
        let mut line = &buf[line_start..end];
        if line.ends_with(b"\r") {
            line = &line[..line.len() - 1];
        }
        Some((line_start, line))
    })
}

/// The value at `from..to` in `buf` without surrounding quotes and, for bare
/// values, without a trailing ` #` comment. `None` for an empty value.
fn scalar(buf: &[u8], from: usize, to: usize, comment: &[u8]) -> Option<Span> {
    let mut s = from;
    while s < to && buf[s].is_ascii_whitespace() {
        s += 1;
    }
    if s >= to {
        return None;
    }
    let q = buf[s];
    if q == b'"' || q == b'\'' {
        let mut k = s + 1;
        while k < to {
            if buf[k] == b'\\' && q == b'"' {
                k += 2;
                continue;
            }
            if buf[k] == q {
                return (k > s + 1).then_some(s + 1..k);
            }
            k += 1;
        }
        return None;
    }
    let mut e = to;
    for k in s..to {
        if comment.contains(&buf[k]) && (k == s || buf[k - 1].is_ascii_whitespace()) {
            e = k;
            break;
        }
    }
    while e > s && buf[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (e > s).then_some(s..e)
}

fn unquote(key: &[u8]) -> String {
    let key = key.trim_ascii();
    let key = key
        .strip_prefix(b"\"")
        .and_then(|k| k.strip_suffix(b"\""))
        .or_else(|| key.strip_prefix(b"'").and_then(|k| k.strip_suffix(b"'")))
        .unwrap_or(key);
    String::from_utf8_lossy(key).into_owned()
}

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

fn yaml(buf: &[u8], out: &mut Sink<'_>) {
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

fn json(buf: &[u8], out: &mut Sink<'_>) {
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

fn toml(buf: &[u8], out: &mut Sink<'_>) {
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

fn properties(buf: &[u8], out: &mut Sink<'_>) {
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

fn dockerfile(buf: &[u8], out: &mut Sink<'_>) {
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

fn xml(buf: &[u8], out: &mut Sink<'_>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(src: &str, family: Family) -> Vec<(String, String)> {
        let mut got = Vec::new();
        flatten(src.as_bytes(), family, &mut |e| {
            got.push((e.path.to_string(), src[e.value.clone()].to_string()));
        });
        got
    }

    fn kinds(src: &str) -> Vec<Option<String>> {
        let mut got = Vec::new();
        flatten(src.as_bytes(), Family::Yaml, &mut |e| {
            got.push(e.kind.map(String::from))
        });
        got
    }

    fn has(got: &[(String, String)], path: &str, value: &str) -> bool {
        got.iter().any(|(p, v)| p == path && v == value)
    }

    #[test]
    fn yaml_paths_lists_and_documents() {
        let src = "spring:\n  jwt:\n    secret: \"abc\"  # note\n    ttl: 3600\nservices:\n  api:\n    environment:\n      - JWT_SECRET=def\n      - \"OTHER=1\"\n    env_map:\n      JWT_KEY: ghi\n---\nkind: Deployment\nspec:\n  containers:\n    - name: api\n      env:\n        - name: JWT_SECRET\n          value: jkl\n        - name: X\n          valueFrom:\n            secretKeyRef:\n              key: jwt\ncert: |\n  -----BEGIN\n  secret: nope\n";
        let got = flat(src, Family::Yaml);
        assert!(has(&got, "spring.jwt.secret", "abc"), "{got:?}");
        assert!(has(&got, "spring.jwt.ttl", "3600"));
        assert!(
            has(&got, "services.api.environment.JWT_SECRET", "def"),
            "{got:?}"
        );
        assert!(has(&got, "services.api.environment.OTHER", "1"), "{got:?}");
        assert!(has(&got, "services.api.env_map.JWT_KEY", "ghi"));
        assert!(
            has(&got, "spec.containers.api.env.JWT_SECRET.value", "jkl"),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "spec.containers.api.env.X.valueFrom.secretKeyRef.key",
                "jwt"
            ),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(_, v)| v == "nope"),
            "block scalar skipped"
        );
        let kinds = kinds(src);
        assert_eq!(kinds.first(), Some(&None));
        assert_eq!(kinds.last(), Some(&Some("Deployment".to_string())));
    }

    #[test]
    fn json_with_comments() {
        let src = "{\n  // dev only\n  \"Jwt\": { \"Key\": \"abc\", \"Issuer\": \"me\" },\n  \"list\": [\"x\", {\"TokenKey\": \"y\"}],\n  \"n\": 3\n}";
        let got = flat(src, Family::Json);
        assert!(has(&got, "Jwt.Key", "abc"), "{got:?}");
        assert!(has(&got, "Jwt.Issuer", "me"));
        assert!(has(&got, "list.[].TokenKey", "y"), "{got:?}");
    }

    #[test]
    fn toml_ini_properties_dockerfile_xml() {
        let got = flat(
            "[jwt]\nsecret = \"abc\" # c\n[auth.tokens]\nsigning_key='x'\njwt.key = v\n",
            Family::Toml,
        );
        assert!(has(&got, "jwt.secret", "abc"), "{got:?}");
        assert!(has(&got, "auth.tokens.signing_key", "x"), "{got:?}");
        assert!(has(&got, "auth.tokens.jwt.key", "v"), "{got:?}");
        let got = flat(
            "# c\njwt.secret=abc def\napp.jwtSecret: xyz\n",
            Family::Properties,
        );
        assert!(
            has(&got, "jwt.secret", "abc def") && has(&got, "app.jwtSecret", "xyz"),
            "{got:?}"
        );
        let got = flat("FROM x\nENV JWT_SECRET=abc OTHER=\"q r\"\nENV JWT_KEY hello world\narg TOKEN_SECRET=s\n", Family::Dockerfile);
        assert!(
            has(&got, "JWT_SECRET", "abc") && has(&got, "OTHER", "q r"),
            "{got:?}"
        );
        assert!(
            has(&got, "JWT_KEY", "hello world") && has(&got, "TOKEN_SECRET", "s"),
            "{got:?}"
        );
        let got = flat("<configuration><appSettings><add key=\"JwtKey\" value=\"abc\" /></appSettings><!-- <add key=\"x\" value=\"y\"/> --><Jwt><Secret>def</Secret></Jwt></configuration>", Family::Xml);
        assert!(
            has(&got, "configuration.appSettings.JwtKey", "abc"),
            "{got:?}"
        );
        assert!(has(&got, "configuration.Jwt.Secret", "def"), "{got:?}");
        assert!(!has(&got, "configuration.x", "y"));
    }
}
