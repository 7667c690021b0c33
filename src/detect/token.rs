//! JWT204 committed-token: JWT literals (`eyJ...`) in any scanned file,
//! decoded (never verified, never sent anywhere) so the finding can say
//! what the token is: its algorithm, expiry, issue time and issuer.
//!
//! Only well-formed JWS compact tokens count: three base64url segments
//! whose header is a JSON object and whose signature has the length its
//! algorithm gives; the payload is a JSON claims set, or, where the
//! algorithm fixes the signature's length exactly (HMAC, ECDSA, EdDSA),
//! other JSON or a garbled object (a signed string, claims a hand-built
//! token broke); never prose (the RFC examples' payloads). A
//! JWE (five segments, or `enc` in the header), a truncated token or
//! random base64 is not a token.

use base64::Engine;
use memchr::memmem;
use serde_json::{Map, Value};

/// A token found in a file.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range of the whole token.
    pub start: usize,
    pub end: usize,
    pub alg: String,
    pub claims: Map<String, Value>,
    /// The payload is not a JSON object (then `claims` is empty).
    pub opaque: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, bytes: &'a [u8]) -> &'a str {
        std::str::from_utf8(&bytes[self.start..self.end]).unwrap_or("")
    }
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn decode(segment: &[u8]) -> Option<Vec<u8>> {
    let trimmed = segment
        .strip_suffix(b"==")
        .or_else(|| segment.strip_suffix(b"="))
        .unwrap_or(segment);
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .ok()
}

fn json_object(segment: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&decode(segment)?) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// The signature length in bytes `alg` gives, when it is fixed; `None`
/// for RSA (any key size) and algorithms with no fixed length. Names are
/// compared in any case (`HS256`, `hs256`; NATS writes `ed25519-nkey`).
fn signature_len(alg: &str) -> Option<usize> {
    Some(match alg.to_ascii_lowercase().as_str() {
        "hs256" => 32,
        "hs384" => 48,
        "hs512" => 64,
        "es256" | "es256k" => 64,
        "es384" => 96,
        "es512" => 132,
        "eddsa" | "ed25519" | "ed25519-nkey" | "ed448" => 64,
        "none" => 0,
        _ => return None,
    })
}

/// Whether a signature of `len` bytes fits `alg`: its fixed length, at
/// least a 1024-bit one for RSA, and for an algorithm not known here (a
/// JSON header with `alg` and JSON claims already make a JWT) a signature
/// of at least 128 bits.
fn plausible_signature(alg: &str, len: usize) -> bool {
    let lower = alg.to_ascii_lowercase();
    match signature_len(alg) {
        Some(n) => len == n,
        None if lower.starts_with("rs") || lower.starts_with("ps") => len >= 128,
        None => len >= 16,
    }
}

/// Every JWS compact token in `bytes`.
pub(crate) fn find(bytes: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = memmem::find(&bytes[from..], b"eyJ") {
        let start = from + pos;
        from = start + 3;
        if start > 0 && (is_b64url(bytes[start - 1]) || bytes[start - 1] == b'.') {
            continue;
        }
        // Segments: header.claims.signature (the signature may be empty).
        let mut ends = [0usize; 3];
        let mut at = start;
        let mut ok = true;
        for (i, end) in ends.iter_mut().enumerate() {
            let seg_start = at;
            while at < bytes.len() && is_b64url(bytes[at]) {
                at += 1;
            }
            *end = at;
            if i < 2 {
                if at == seg_start || bytes.get(at) != Some(&b'.') {
                    ok = false;
                    break;
                }
                at += 1;
            }
        }
        if !ok {
            continue;
        }
        let end = ends[2];
        // A fourth segment: a JWE, not a JWS.
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(|&b| is_b64url(b)) {
            from = end;
            continue;
        }
        let header_seg = &bytes[start..ends[0]];
        let claims_seg = &bytes[ends[0] + 1..ends[1]];
        let sig_seg = &bytes[ends[1] + 1..end];
        let Some(header) = json_object(header_seg) else {
            continue;
        };
        if header.contains_key("enc") {
            continue;
        }
        let Some(alg) = header.get("alg").and_then(Value::as_str) else {
            continue;
        };
        let Some(signature) = decode(sig_seg) else {
            continue;
        };
        if !plausible_signature(alg, signature.len()) {
            continue;
        }
        let Some(payload) = decode(claims_seg) else {
            continue;
        };
        let (claims, opaque) = match serde_json::from_slice::<Value>(&payload) {
            Ok(Value::Object(claims)) => (claims, false),
            // A signature of exactly the algorithm's length over a header
            // naming it is a token when it signs other JSON
            // (`"Hello, World!"`) or an object a hand-built token garbled
            // (`{"userId":1,"i]at":...}`); not prose, which is what the RFC
            // 7515/7520 examples sign.
            parsed
                if signature_len(alg).is_some_and(|n| n > 0)
                    && (parsed.is_ok() || payload.starts_with(b"{\"")) =>
            {
                (Map::new(), true)
            }
            _ => continue,
        };
        out.push(Token {
            start,
            end,
            alg: alg.to_string(),
            claims,
            opaque,
        });
        from = end;
    }
    out
}

/// A token written as string literals joined by `+` (JS, Java, C#,
/// Kotlin, Python), `.` (PHP) or nothing (Python's and C's adjacent
/// literals), one piece per line: the joined token, and the byte range
/// from its first piece to its last.
#[derive(Debug, Clone)]
pub(crate) struct SplitToken {
    pub token: Token,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Pieces joined at most: a token is a few hundred bytes.
const MAX_PIECES: usize = 32;

/// Every token split over joined string literals in `bytes` (a token
/// whole in one literal is [`find`]'s).
pub(crate) fn find_split(bytes: &[u8]) -> Vec<SplitToken> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = memmem::find(&bytes[from..], b"eyJ") {
        let start = from + pos;
        from = start + 3;
        let Some(&quote) = start.checked_sub(1).and_then(|i| bytes.get(i)) else {
            continue;
        };
        if !matches!(quote, b'"' | b'\'' | b'`') {
            continue;
        }
        let mut joined = Vec::new();
        let mut at = start;
        let mut end = start;
        let mut pieces = 0;
        loop {
            // One piece: up to its closing quote, base64url and dots only.
            let len = bytes[at..]
                .iter()
                .take_while(|&&b| is_b64url(b) || b == b'.')
                .count();
            if bytes.get(at + len) != Some(&quote) {
                break;
            }
            joined.extend_from_slice(&bytes[at..at + len]);
            end = at + len;
            pieces += 1;
            // The joiner, then the next piece's opening quote.
            let mut k = at + len + 1;
            let skip = |k: &mut usize| {
                while bytes
                    .get(*k)
                    .is_some_and(|b| b.is_ascii_whitespace() || *b == b'\\')
                {
                    *k += 1;
                }
            };
            skip(&mut k);
            if matches!(bytes.get(k), Some(b'+' | b'.')) {
                k += 1;
                skip(&mut k);
            }
            if pieces >= MAX_PIECES || bytes.get(k) != Some(&quote) {
                break;
            }
            at = k + 1;
        }
        if pieces < 2 {
            continue;
        }
        from = end;
        let whole = find(&joined);
        let Some(token) = whole
            .into_iter()
            .find(|t| t.start == 0 && t.end == joined.len())
        else {
            continue;
        };
        out.push(SplitToken {
            text: String::from_utf8_lossy(&joined).into_owned(),
            token,
            start,
            end,
        });
    }
    out
}

/// `alg HS256, no expiry, issued 2024-01-01T00:00:00Z, iss "auth"`.
pub(crate) fn describe(token: &Token) -> String {
    let time = |key: &str| {
        token
            .claims
            .get(key)
            .and_then(Value::as_i64)
            .map(crate::text::iso8601)
    };
    let mut parts = vec![format!("alg {}", token.alg)];
    if token.opaque {
        parts.push("a payload that is not a JSON claims set".to_string());
        return parts.join(", ");
    }
    parts.push(match time("exp") {
        Some(t) => format!("expires {t}"),
        None => "no expiry (JWT701: it is valid forever)".to_string(),
    });
    if let Some(t) = time("iat") {
        parts.push(format!("issued {t}"));
    }
    if let Some(iss) = token.claims.get("iss").and_then(Value::as_str) {
        let iss: String = iss.chars().take(60).collect();
        parts.push(format!("iss {:?}", crate::text::escape_control(&iss)));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // {"alg":"HS256","typ":"JWT"}.{"sub":"1234567890","name":"John Doe","iat":1516239022}
    // signed with "your-256-bit-secret" (jwt.io's example).
    const JWT_IO: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn finds_and_describes_tokens() {
        let text = format!("Authorization: Bearer {JWT_IO}\n");
        let found = find(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text(text.as_bytes()), JWT_IO);
        assert_eq!(found[0].alg, "HS256");
        let message = describe(&found[0]);
        assert!(message.contains("no expiry"), "{message}");
        assert!(message.contains("issued 2018-01-18T01:30:22Z"), "{message}");
    }

    #[test]
    fn truncated_jwe_and_random_base64_are_not_tokens() {
        let truncated = &JWT_IO[..JWT_IO.len() - 5];
        assert!(find(truncated.as_bytes()).is_empty());
        let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji.XFBoMYUZodetZdvTiFvSkQ";
        assert!(find(jwe.as_bytes()).is_empty());
        assert!(find(b"eyJub3QganNvbg.eyJhbGciOiJIUzI1NiJ9.abc").is_empty());
        // A payload that is no JSON under a signature of the wrong length,
        // or under RSA's open-ended one, is not enough.
        assert!(find(b"eyJhbGciOiJIUzI1NiJ9.IkhlbGxvIg.c2hvcnQ").is_empty());
        assert!(find(b"eyJhbGciOiJSUzI1NiJ9.IkhlbGxvIg.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5cSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5cSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5cSflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c").is_empty());
        assert!(find(
            b"xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        )
        .is_empty());
    }

    #[test]
    fn a_signed_sentence_is_an_rfc_example_not_a_token() {
        // RFC 7520 4.4: HS256 over "It’s a dangerous business, Frodo, ...".
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode("It\u{2019}s a dangerous business, Frodo, going out your door.");
        let t =
            format!("eyJhbGciOiJIUzI1NiJ9.{payload}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
        assert!(find(t.as_bytes()).is_empty());
    }

    #[test]
    fn a_signed_string_is_a_token() {
        // {"typ":"JWT","alg":"HS512"}."Hello, World!" with a 64-byte MAC.
        let t = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.IkhlbGxvLCBXb3JsZCEi.evA2B8m545JM5epoHgmBIA_Qy6W3CMHcoHhR6LHFkHjmEPp7zDtIbZCqf3hTjZNfLNKghKSdNmfOF6sRMuXmIA";
        let found = find(t.as_bytes());
        assert_eq!(found.len(), 1);
        assert!(found[0].opaque);
        assert!(describe(&found[0]).contains("not a JSON claims set"));
    }

    #[test]
    fn tokens_split_over_joined_literals() {
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let (a, b) = t.split_at(60);
        let (b, c) = b.split_at(50);
        for src in [
            format!("const t = \"{a}\" +\n  \"{b}\" +\n  \"{c}\";"),
            format!("T = (\n    '{a}'\n    '{b}'\n    '{c}'\n)"),
            format!("$t = '{a}' . '{b}' . '{c}';"),
        ] {
            let found = find_split(src.as_bytes());
            assert_eq!(found.len(), 1, "{src}");
            assert_eq!(found[0].text, t);
            assert!(find(src.as_bytes()).is_empty(), "{src}");
        }
        // A header piece joined to a variable is no token.
        assert!(
            find_split(b"const t = \"eyJhbGciOiJIUzI1NiJ9.\" + payload + \".\" + sig;").is_empty()
        );
    }
}
