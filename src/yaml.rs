//! The one place that parses YAML.
//!
//! `serde_yaml` is archived upstream; every YAML read in the crate (rule files
//! now, `.jwtscan.yaml` later) goes through [`parse`], so a maintained fork can
//! replace it by changing this file and `Cargo.toml` alone.
//!
//! Core: used by rules and policy, it uses nothing of theirs.

use serde::de::DeserializeOwned;

/// A YAML document that did not parse or did not fit the expected shape.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    /// 1-based line of the problem, when the parser knows it.
    pub line: Option<usize>,
    /// 1-based column, with the line.
    pub column: Option<usize>,
}

impl YamlError {
    /// `line:column`, `line` or `?`.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => l.to_string(),
            _ => "?".to_string(),
        }
    }
}

/// Parses `text` into `T`, keeping the line of the first error. The
/// message never quotes the document: a file that is not what it claims
/// (a link to a private key, `/etc/passwd`) must not be printed by its
/// parse error. Key names the schema knows stay; values go.
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(line) = too_deep(text) {
        return Err(YamlError {
            message: format!("flow collections nested deeper than {MAX_FLOW_DEPTH} levels"),
            line: Some(line),
            column: None,
        });
    }
    serde_yaml::from_str(text).map_err(|err| YamlError {
        line: err.location().map(|loc| loc.line()),
        column: err.location().map(|loc| loc.column()),
        message: without_content(&err.to_string()),
    })
}

/// Flow nesting (`[[[`, `{a: {a:`) allowed; the parser's recursion limit
/// is 128, and libyaml's simple-key bookkeeping costs each token the
/// depth, so 400 KB of `[` took 87 s before the limit was reached.
const MAX_FLOW_DEPTH: usize = 64;

/// The line where `text`'s flow collections first nest deeper than
/// [`MAX_FLOW_DEPTH`]: one linear pass over brackets outside quoted
/// scalars and comments.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut line, mut quote, mut prev) = (0usize, 1usize, None::<u8>, b'\n');
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => {
                bytes.next();
            }
            Some(_) => {}
            None => match b {
                b'"' | b'\''
                    if depth > 0 || prev.is_ascii_whitespace() || b":[{,".contains(&prev) =>
                {
                    quote = Some(b)
                }
                b'#' if prev.is_ascii_whitespace() => {
                    for c in bytes.by_ref() {
                        if c == b'\n' {
                            line += 1;
                            break;
                        }
                    }
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some(line);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = b;
    }
    None
}

/// `message` with every quoted scalar replaced: `"..."` always, and
/// `` `...` `` unless it is a short key-like name (`unknown field
/// `rotaton-days``, `expected one of `rules`, ...`).
fn without_content(message: &str) -> String {
    // The parser's own tail ("at line 3 column 5") is kept; anything after
    // a newline would be more of the document.
    let message = message.lines().next().unwrap_or("");
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(['"', '`']) {
        out.push_str(&rest[..at]);
        let quote = rest[at..].chars().next().unwrap_or('"');
        let body = &rest[at + 1..];
        // The closing quote; a backslash escapes one character.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' && quote == '"' {
                escaped = true;
            } else if c == quote {
                end = Some(i);
                break;
            }
        }
        let inner = &body[..end.unwrap_or(body.len())];
        let key_like = quote == '`'
            && end.is_some()
            && inner.len() <= 40
            && inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if key_like {
            out.push('`');
            out.push_str(inner);
            out.push('`');
        } else {
            out.push_str("(value not shown)");
        }
        rest = end.map_or("", |i| &body[i + 1..]);
    }
    out.push_str(rest);
    out
}

/// `value` as a YAML document (`jwtscan config --print`).
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|err| YamlError {
        line: None,
        column: None,
        message: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: Option<u32>,
    }

    #[test]
    fn errors_name_keys_never_values() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
        for text in [
            key,
            passwd,
            "name: hunter2-secret\n",
            "name: [\"hunter2-secret\", 1]\n",
        ] {
            let err = parse::<Doc>(text).unwrap_err();
            for word in ["b3Blbn", "root:x", "daemon", "hunter2"] {
                assert!(!err.message.contains(word), "{text:?} -> {}", err.message);
            }
            assert!(err.line.is_some(), "{text:?}");
        }
        let err = parse::<Doc>("nmae: 1\n").unwrap_err();
        assert!(
            err.message.contains("`nmae`") && err.message.contains("`name`"),
            "{}",
            err.message
        );
    }
}
