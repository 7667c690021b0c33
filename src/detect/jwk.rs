//! Symmetric JWKs (`"kty": "oct"`) wherever they are written: JSON and
//! YAML, JS/TS objects (`{ kty: 'oct', k: '…' }`), Python dicts, Go maps,
//! Java/Kotlin maps (`Map.of("kty", "oct", "k", "…")`, `"k" to "…"`), PHP
//! and Ruby hashes. The `k` member is the key itself, base64url: a
//! hardcoded secret, with a strength verdict on its decoded bytes when the
//! key is for HMAC (an `HS*` `alg`, or none). Private asymmetric JWKs (a
//! `d` member) are `privkey`'s; a public JWK has neither and is no finding.

use base64::Engine;
use memchr::memmem;

use super::strength::{Alg, Weakness};
use super::{located, FileResult};
use crate::finding::fingerprint;
use crate::rules::RuleSet;

/// JWT201 for each `oct` JWK in the file, and the strength verdict of its
/// key (JWT101/JWT102) when it is an HMAC key.
pub(super) fn report(
    rules: &RuleSet,
    path: &str,
    bytes: &[u8],
    bare: bool,
    result: &mut FileResult,
) {
    let Some(hardcoded) = rules.rule("JWT201") else {
        return;
    };
    for key in find(bytes, bare) {
        let weak = key.weakness();
        let mut rules_to_report = vec![(hardcoded, None)];
        if let Some(w) = &weak {
            if let Some(rule) = rules.rule(w.rule_id()) {
                rules_to_report.push((rule, Some(w)));
            }
        }
        for (rule, weakness) in rules_to_report {
            let Some(mut f) = located(rule, path, bytes, key.start..key.end, result) else {
                continue;
            };
            f.message = match weakness {
                Some(w) => format!("{}: {}", rule.message, w.describe()),
                None => format!(
                    "{}: the `k` of an `oct` JWK ({} bytes{}) is the key itself; load the JWK from a secret store",
                    rule.message,
                    key.len(),
                    key.alg
                        .as_deref()
                        .map_or(String::new(), |a| format!(", alg {}", crate::text::escape_control(a)))
                ),
            };
            f.fingerprint = fingerprint(&rule.id, path, &key.k);
            f.secret = Some(key.k.clone());
            result.findings.push(f);
        }
    }
}

/// An `oct` JWK's `k` value, and where it is.
#[derive(Debug, Clone)]
pub(crate) struct OctKey {
    /// Byte range of the value, without its quotes.
    pub start: usize,
    pub end: usize,
    /// The value as written (base64url).
    pub k: String,
    /// The JWK's `alg`, when it has one.
    pub alg: Option<String>,
}

impl OctKey {
    /// The strength verdict of the decoded key, for HMAC keys only (a JWE
    /// key such as `A128GCM` is 16 bytes by design).
    pub(crate) fn weakness(&self) -> Option<Weakness> {
        let alg = match self.alg.as_deref() {
            None => None,
            Some(a) => Some(Alg::find(a.as_bytes())?),
        };
        let bytes = decode(&self.k)?;
        if super::known::is_known(&bytes) {
            return Some(Weakness::Known);
        }
        let used = alg.unwrap_or(Alg::Hs256);
        (bytes.len() < used.min_bytes()).then_some(Weakness::Short {
            len: bytes.len(),
            alg: used,
            alg_known: alg.is_some(),
        })
    }

    /// Bytes of key the value decodes to.
    pub(crate) fn len(&self) -> usize {
        decode(&self.k).map_or(0, |b| b.len())
    }
}

fn decode(k: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(k.trim_end_matches('='))
        .ok()
}

/// Bytes around a `k` searched for its JWK's `kty` and `alg`: members of
/// one object sit close together.
const OBJECT_REACH: usize = 768;

/// Every `oct` JWK's `k` in `bytes`; `bare` (YAML) when values may be
/// written without quotes (`kty: oct`).
pub(crate) fn find(bytes: &[u8], bare: bool) -> Vec<OctKey> {
    let mut out = Vec::new();
    // The scout calls for this on a private key's marker too: no `kty`,
    // no JWK, and no pass over every `k` of the file.
    if memmem::find(bytes, b"kty").is_none() {
        return out;
    }
    for at in member_names(bytes, b'k') {
        let Some((start, end)) = member_value(bytes, at.1, bare) else {
            continue;
        };
        let value = &bytes[start..end];
        if value.len() < 8 || !value.iter().all(|&b| is_b64url(b) || b == b'=') {
            continue;
        }
        if object_member(bytes, at.0, b"kty", bare).as_deref() != Some("oct") {
            continue;
        }
        out.push(OctKey {
            start,
            end,
            k: String::from_utf8_lossy(value).into_owned(),
            alg: object_member(bytes, at.0, b"alg", bare),
        });
    }
    out.sort_by_key(|k| k.start);
    out.dedup_by_key(|k| k.start);
    out
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The places a member called `name` (one letter) is written: `"k"`,
/// `'k'`, `\"k\"` (JSON in a string), or a bare `k` that is a whole word.
/// Each as (where the name starts, where it ends).
fn member_names(bytes: &[u8], name: u8) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for pos in memchr::memchr_iter(name, bytes) {
        let before = pos.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(pos + 1).copied();
        if let Some(q @ (b'"' | b'\'')) = before {
            // `"k"`, `'k'`, or `\"k\"` (JSON inside a string literal).
            let plain = after == Some(q);
            let escaped = after == Some(b'\\') && bytes.get(pos + 2) == Some(&q);
            if plain || escaped {
                let start = if pos >= 2 && bytes[pos - 2] == b'\\' {
                    pos - 2
                } else {
                    pos - 1
                };
                out.push((start, if plain { pos + 2 } else { pos + 3 }));
            }
            continue;
        }
        // A bare `k`, as a JS or YAML key (`k: '…'`), not `a.k` or `x-k`.
        let word = !before.is_some_and(is_ident) && !after.is_some_and(is_ident);
        if word && !matches!(before, Some(b'.' | b'-')) {
            out.push((pos, pos + 1));
        }
    }
    out
}

/// The quoted value after a member name ending at `from`: a separator
/// (`:`, `=>`, `=`, `,`, `to`), then a quoted string on the same line.
/// Returns the byte range inside the quotes; with `bare`, an unquoted
/// scalar that ends its line is one too (YAML).
fn member_value(bytes: &[u8], from: usize, bare: bool) -> Option<(usize, usize)> {
    let mut at = from;
    let skip = |at: &mut usize| {
        while bytes.get(*at).is_some_and(|&b| b == b' ' || b == b'\t') {
            *at += 1;
        }
    };
    skip(&mut at);
    let sep: &[&[u8]] = &[b"=>", b":", b"=", b",", b"to "];
    let used = sep.iter().find(|s| bytes[at..].starts_with(s))?;
    at += used.len();
    skip(&mut at);
    let escaped = bytes.get(at) == Some(&b'\\');
    if escaped {
        at += 1;
    }
    let quote = *bytes.get(at)?;
    if !matches!(quote, b'"' | b'\'' | b'`') {
        if !bare || *used != b":" {
            return None;
        }
        let len = bytes[at..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r' || b == b' ' || b == b'#')
            .unwrap_or(bytes.len() - at);
        let rest = &bytes[at + len..];
        let line_ends = rest
            .iter()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\r' || b == b'\t');
        return (len > 0 && line_ends).then_some((at, at + len));
    }
    let start = at + 1;
    let len = bytes[start..]
        .iter()
        .position(|&b| b == quote || b == b'\\' || b == b'\n')?;
    Some((start, start + len))
}

/// The string value of member `name` of the object around byte `at`: the
/// nearest occurrence within [`OBJECT_REACH`] with no brace between it and
/// `at` (so a neighbouring JWK's members are not taken).
fn object_member(bytes: &[u8], at: usize, name: &[u8], bare: bool) -> Option<String> {
    let lo = at.saturating_sub(OBJECT_REACH);
    let hi = bytes.len().min(at + OBJECT_REACH);
    let mut best: Option<(usize, String)> = None;
    for pos in memmem::find_iter(&bytes[lo..hi], name).map(|p| p + lo) {
        let (a, b) = if pos < at { (pos, at) } else { (at, pos) };
        if bytes[a..b].iter().any(|&c| c == b'{' || c == b'}') {
            continue;
        }
        let name_end = pos + name.len();
        let before = pos.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(is_ident) || bytes.get(name_end).copied().is_some_and(is_ident) {
            continue;
        }
        let mut from = name_end;
        while matches!(bytes.get(from), Some(b'"' | b'\'' | b'\\')) {
            from += 1;
        }
        let Some((s, e)) = member_value(bytes, from, bare) else {
            continue;
        };
        let distance = b - a;
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, String::from_utf8_lossy(&bytes[s..e]).into_owned()));
        }
    }
    best.map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(src: &str) -> Vec<(String, Option<String>)> {
        find(src.as_bytes(), src.contains("keys:\n"))
            .into_iter()
            .map(|k| (k.k, k.alg))
            .collect()
    }

    #[test]
    fn oct_keys_in_json_code_and_maps() {
        let k = "FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI";
        let want = vec![(k.to_string(), None)];
        for src in [
            format!(r#"{{"kty":"oct","k":"{k}"}}"#),
            format!("const oct = {{\n  k: '{k}',\n  kty: 'oct',\n}};\n"),
            format!("jwk = {{'kty': 'oct', 'k': '{k}'}}\n"),
            format!("m := map[string]string{{\"kty\": \"oct\", \"k\": \"{k}\"}}\n"),
            format!("Map.of(\"kty\", \"oct\", \"k\", \"{k}\")"),
            format!("mapOf(\"kty\" to \"oct\", \"k\" to \"{k}\")"),
            format!("['kty' => 'oct', 'k' => '{k}']"),
            format!("keys:\n  - kty: oct\n    k: \"{k}\"\n"),
            format!(r#"const s = '{{"keys":[{{"kty":"oct","k":"{k}"}}]}}';"#),
            format!(r#"s = "{{\"kty\":\"oct\",\"k\":\"{k}\"}}""#),
        ] {
            assert_eq!(keys(&src), want, "{src}");
        }
    }

    #[test]
    fn public_and_asymmetric_jwks_and_lookalikes_are_not() {
        for src in [
            r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB"}"#,
            r#"{"kty":"oct","kid":"a"}"#,
            r#"{"kty":"RSA","k":"FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI"}"#,
            "const k = 'FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI';",
            "for (const k of keys) { k: 'FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI' }",
            r#"[{"kty":"RSA","e":"AQAB"},{"k":"FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI"}]"#,
        ] {
            assert!(keys(src).is_empty(), "{src}");
        }
    }

    #[test]
    fn strength_for_hmac_keys_only() {
        let short = find(
            br#"{"kty":"oct","alg":"HS256","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#,
            false,
        );
        assert!(matches!(
            short[0].weakness(),
            Some(Weakness::Short { len: 16, .. })
        ));
        let jwe = find(
            br#"{"kty":"oct","alg":"A128GCM","k":"XctOhJAkA-pD9Lh7ZgW_2A"}"#,
            false,
        );
        assert_eq!(jwe[0].alg.as_deref(), Some("A128GCM"));
        assert!(jwe[0].weakness().is_none());
        let strong = find(
            br#"{"kty":"oct","k":"FyCq1CKBflh3I5gikEjpYrdOXllzxB_yc02za8ERknI"}"#,
            false,
        );
        assert!(strong[0].weakness().is_none());
        assert_eq!(strong[0].len(), 32);
    }
}
