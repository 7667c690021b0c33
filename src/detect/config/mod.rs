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

mod dockerfile;
mod hocon;
mod json;
mod properties;
mod toml;
mod xml;
mod yaml;

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
        Family::Yaml => yaml::yaml(buf, &mut out),
        Family::Json => json::json(buf, &mut out),
        Family::Toml => toml::toml(buf, &mut out),
        Family::Properties => properties::properties(buf, &mut out),
        Family::Hocon => hocon::hocon(buf, &mut out),
        Family::Dockerfile => dockerfile::dockerfile(buf, &mut out),
        // `.config` is XML for .NET, `key = value` lines for PostgREST
        // and others: the content decides.
        Family::Xml if !looks_like_xml(buf) => toml::toml(buf, &mut out),
        Family::Xml => xml::xml(buf, &mut out),
        _ => {}
    }
}

/// Whether `buf` starts (after a byte-order mark and blank space) with a
/// tag, a declaration or a comment.
fn looks_like_xml(buf: &[u8]) -> bool {
    let buf = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
    buf.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_none_or(|&b| b == b'<')
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
        let got = flat(
            "play.http.secret {\n  key = changeMe # c\n  key = ${?PLAY_SECRET}\n}\nplay {\n  http.secret.key = \"abc def\"\n  filters { enabled = [a, b] }\n}\nakka.x = 1\n",
            Family::Hocon,
        );
        assert!(has(&got, "play.http.secret.key", "changeMe"), "{got:?}");
        assert!(
            has(&got, "play.http.secret.key", "${?PLAY_SECRET}"),
            "{got:?}"
        );
        assert!(has(&got, "play.http.secret.key", "abc def"), "{got:?}");
        assert!(has(&got, "akka.x", "1"), "{got:?}");
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
