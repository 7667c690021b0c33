//! JWT203 hardcoded-private-key: the RS256/ES256/EdDSA signing key in the
//! repository. PEM private keys (`-----BEGIN [RSA |EC |DSA |OPENSSH
//! |ENCRYPTED ]PRIVATE KEY-----`), whether in a `.pem` file, a string with
//! escaped `\n`s or split across concatenated strings, and JWKs with a
//! private `d` member. Public keys and certificates have no `PRIVATE KEY`
//! marker and no `d`, so they never match; a marker around a placeholder
//! (`...`, `<your key>`) has no key body and does not either.

use base64::Engine;
use memchr::memmem;

/// A private key found in a file.
#[derive(Debug, Clone)]
pub(crate) struct PrivateKey {
    pub start: usize,
    pub end: usize,
    /// What of the key's first line may be shown: up to the BEGIN marker
    /// or the `d` member's name, never key material.
    pub shown_end: usize,
    /// `RSA`, `EC`, `OpenSSH`, `PKCS#8`, `JWK`.
    pub kind: &'static str,
    pub encrypted: bool,
    /// The key material with quotes, escapes and line breaks removed: what
    /// the finding's fingerprint hashes.
    pub body: String,
}

/// How far a PEM's END marker may be from its BEGIN marker.
const MAX_PEM: usize = 16 * 1024;
/// Fewer base64 characters than this is a placeholder, not a key (the
/// smallest real one, an Ed25519 PKCS#8 key, has 64).
const MIN_BODY: usize = 60;

/// Every private key in `bytes`.
pub(crate) fn find(bytes: &[u8]) -> Vec<PrivateKey> {
    let mut out = pem_keys(bytes);
    out.extend(jwk_keys(bytes));
    out
}

fn pem_keys(bytes: &[u8]) -> Vec<PrivateKey> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = memmem::find(&bytes[from..], b"PRIVATE KEY-----") {
        let marker_end = from + pos + b"PRIVATE KEY-----".len();
        from = marker_end;
        // The BEGIN part before it: `-----BEGIN <TYPE> `.
        let line_start = bytes[..marker_end]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let head = &bytes[line_start..marker_end];
        let Some(begin) = memmem::rfind(head, b"-----BEGIN ") else {
            continue;
        };
        let start = line_start + begin;
        let label = String::from_utf8_lossy(&head[begin + 11..head.len() - 16])
            .trim()
            .to_string();
        let (kind, mut encrypted) = match label.as_str() {
            "RSA" => ("RSA", false),
            "EC" => ("EC", false),
            "DSA" => ("DSA", false),
            "OPENSSH" => ("OpenSSH", false),
            "ENCRYPTED" => ("PKCS#8", true),
            "" => ("PKCS#8", false),
            _ => continue,
        };
        let window = &bytes[marker_end..bytes.len().min(marker_end + MAX_PEM)];
        let Some(end_at) = memmem::find(window, b"-----END ") else {
            continue;
        };
        let inner = &window[..end_at];
        if memmem::find(inner, b"ENCRYPTED").is_some() {
            encrypted = true;
        }
        let body = key_body(inner);
        if body.len() < MIN_BODY {
            continue;
        }
        if kind == "OpenSSH" && openssh_encrypted(&body) {
            encrypted = true;
        }
        let end = memmem::find(&window[end_at..], b"KEY-----")
            .map_or(marker_end + end_at, |p| marker_end + end_at + p + 8);
        out.push(PrivateKey {
            start,
            end,
            shown_end: marker_end,
            kind,
            encrypted,
            body,
        });
        from = end;
    }
    out
}

/// The base64 of a PEM body as written in code: escaped line breaks,
/// quotes, concatenation and indentation dropped; PEM headers
/// (`Proc-Type: ...`) skipped.
fn key_body(inner: &[u8]) -> String {
    let text = String::from_utf8_lossy(inner);
    let text = text.replace("\\r", "\n").replace("\\n", "\n");
    let mut body = String::new();
    for line in text.split('\n') {
        if line.contains(": ") {
            continue;
        }
        // Tokens of the line that look like base64 runs.
        for run in
            line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '='))
        {
            if run.len() >= 16 || (run.ends_with('=') && !run.is_empty()) {
                body.push_str(run);
            }
        }
    }
    body
}

/// Whether an OpenSSH key's cipher is not `none`.
fn openssh_encrypted(body: &str) -> bool {
    let Ok(raw) = base64::engine::general_purpose::STANDARD.decode(body) else {
        return false;
    };
    let Some(rest) = raw.strip_prefix(b"openssh-key-v1\0") else {
        return false;
    };
    let Some(len) = rest
        .get(..4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    else {
        return false;
    };
    rest.get(4..4 + len).is_some_and(|cipher| cipher != b"none")
}

/// JWKs with a private exponent or scalar: a `d` member next to `kty`.
fn jwk_keys(bytes: &[u8]) -> Vec<PrivateKey> {
    let mut out = Vec::new();
    for needle in [&b"\"d\""[..], b"'d'", b" d:"] {
        let mut from = 0;
        while let Some(pos) = memmem::find(&bytes[from..], needle) {
            let at = from + pos;
            from = at + needle.len();
            // `"d": "..."`, `'d': '...'`, `d: '...'`: the colon, then a quote.
            let mut rest = &bytes[from..];
            let skip_ws =
                |r: &[u8]| -> usize { r.iter().take_while(|b| b.is_ascii_whitespace()).count() };
            if needle != b" d:" {
                rest = &rest[skip_ws(rest)..];
                let Some(after) = rest.strip_prefix(b":") else {
                    continue;
                };
                rest = after;
            }
            let q = skip_ws(rest);
            if !matches!(rest.get(q), Some(b'"' | b'\'')) {
                continue;
            }
            let offset = bytes.len() - rest.len() - from;
            let quote = rest[q];
            let value: Vec<u8> = rest[q + 1..]
                .iter()
                .take_while(|&&b| b != quote)
                .copied()
                .collect();
            if value.len() < 20
                || !value
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                continue;
            }
            let around = &bytes[at.saturating_sub(2048)..bytes.len().min(at + 2048)];
            if memmem::find(around, b"kty").is_none() {
                continue;
            }
            let end = from + offset + q + 1 + value.len() + 1;
            out.push(PrivateKey {
                start: at,
                end: end.min(bytes.len()),
                shown_end: at + needle.len(),
                kind: "JWK",
                encrypted: false,
                body: String::from_utf8_lossy(&value).into_owned(),
            });
            from = end.min(bytes.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ";

    #[test]
    fn pem_keys_in_files_strings_and_concatenations() {
        let file = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----\n",
            &BODY[..64],
            &BODY[64..]
        );
        let found = find(file.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].kind, found[0].encrypted), ("PKCS#8", false));
        let escaped = format!("const key = \"-----BEGIN RSA PRIVATE KEY-----\\n{BODY}\\n-----END RSA PRIVATE KEY-----\";");
        assert_eq!(find(escaped.as_bytes())[0].kind, "RSA");
        let split = format!(
            "String key = \"-----BEGIN EC PRIVATE KEY-----\\n\" +\n    \"{}\\n\" +\n    \"{}\\n\" +\n    \"-----END EC PRIVATE KEY-----\";",
            &BODY[..64],
            &BODY[64..]
        );
        let found = find(split.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].body, BODY);
        let encrypted = format!(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{BODY}\n-----END ENCRYPTED PRIVATE KEY-----"
        );
        assert!(find(encrypted.as_bytes())[0].encrypted);
    }

    #[test]
    fn public_keys_certificates_and_placeholders_are_not() {
        for text in [
            format!("-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----"),
            format!("-----BEGIN CERTIFICATE-----\n{BODY}\n-----END CERTIFICATE-----"),
            "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----".to_string(),
            "key: \"-----BEGIN RSA PRIVATE KEY-----\\n<your key here>\\n-----END RSA PRIVATE KEY-----\"".to_string(),
            "if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) {".to_string(),
        ] {
            assert!(find(text.as_bytes()).is_empty(), "{text}");
        }
    }

    #[test]
    fn private_jwks_but_not_public_ones() {
        let private = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cLjfnJDM4lv9SGu0ZJBk7Y"}"#;
        assert_eq!(find(private.as_bytes())[0].kind, "JWK");
        let public = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
        assert!(find(public.as_bytes()).is_empty());
    }
}
