//! Committed tokens (JWT204) and offline cracking (JWT205) on real tokens.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::support::{TestRepo, STRONG};

/// A real RS256 token, signed with a throwaway 2048-bit key (openssl).
const RS256: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMiLCJpc3MiOiJhdXRoLmV4YW1wbGUuY29tIiwiaWF0IjoxNzAwMDAwMDAwfQ.O6Q0tIcUBWoxPg0nNbtCjtLz6mXzMp__PhdOUjIZeJbSwMc1f8y0IaZX6IO7QJhikWB66HuzM9atvJ3U7otAoqtpm3MdXsdsVmAap6nA_dqdihyWo2-SI0BIb7xGwcH4tOtMmBr7zM5-aelNgAJSwxJ3NYI4YKYArJFPGlcOsbpgHyzUYW1N7K0avd03f-Bkiuwn0WEFwM9QtlGkiNLbve1Em4WzK0i4L2bMM3PdDBcQHV6SLZq5dLb_j48VKTh8cPaq_BQ31YAuKu4nnaadMrnfhRilA3AhhJ5FFqRCXxpGZ0cIMZQ6QCbfXZu62lrKOageKmIsBXfx5ByBmMLeEA";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An HS256 token for `claims`, signed with `key`.
fn hs256(key: &[u8], claims: &str) -> String {
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(claims.as_bytes())
    );
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("key");
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

fn none_token() -> String {
    format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(br#"{"sub":"nobody"}"#)
    )
}

#[test]
fn exactly_the_token_signed_with_a_weak_key_is_cracked() {
    let repo = TestRepo::git();
    let weak = hs256(b"secret", r#"{"sub":"admin","iat":1700000000}"#);
    let strong = hs256(STRONG.as_bytes(), r#"{"sub":"user","exp":1900000000}"#);
    repo.write(
        "tests/fixtures/api.http",
        format!(
            "GET /me\nAuthorization: Bearer {weak}\n\nGET /me\nAuthorization: Bearer {strong}\n\nGET /svc\nAuthorization: Bearer {RS256}\n\nGET /x\nAuthorization: Bearer {}\n",
            none_token()
        ),
    );
    let report = repo.json(&["--crack", "full"]);
    let findings = report["findings"].as_array().expect("findings");
    let tokens: Vec<u64> = findings
        .iter()
        .filter(|f| f["rule_id"] == "JWT204")
        .map(|f| f["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(
        tokens,
        [2, 5, 8, 11],
        "all four tokens are committed tokens"
    );
    let cracked: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule_id"] == "JWT205")
        .collect();
    assert_eq!(cracked.len(), 1, "{cracked:?}");
    assert_eq!(cracked[0]["line"], 2);
    assert_eq!(
        cracked[0]["severity"], "high",
        "test code keeps JWT205 high"
    );
    assert_eq!(cracked[0]["secret"], "***(6)");
    let message = cracked[0]["message"].as_str().expect("message");
    assert!(
        message.contains("published weak key") && message.contains("weak-secret"),
        "{message}"
    );
    let rs = findings
        .iter()
        .find(|f| f["line"] == 8)
        .expect("the RS256 token");
    assert!(rs["message"]
        .as_str()
        .expect("message")
        .contains("alg RS256"));
    assert!(rs["message"]
        .as_str()
        .expect("message")
        .contains("iss \"auth.example.com\""));
    assert_eq!(report["summary"]["tokens"]["hmac"], 2);
    assert_eq!(report["summary"]["tokens"]["tried_fully"], 2);
    assert_eq!(report["summary"]["tokens"]["cracked"], 1);
    // Text output shows neither the token nor the key.
    let text = repo.run(&["--fail-on", "never"]);
    assert!(
        !text.stdout.contains(&weak) && !text.stdout.contains("secret,"),
        "{}",
        text.stdout
    );
    // --crack off tries nothing.
    let off = repo.json(&["--crack", "off"]);
    assert!(!off["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule_id"] == "JWT205"));
}

#[test]
fn a_key_hardcoded_in_the_repository_cracks_its_tokens() {
    let repo = TestRepo::git();
    repo.write("src/auth.js", format!("jwt.sign(payload, '{STRONG}');\n"));
    let token = hs256(STRONG.as_bytes(), r#"{"sub":"1"}"#);
    repo.write("docs/example.json", format!("{{\"token\": \"{token}\"}}\n"));
    let report = repo.json(&[]);
    let cracked: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "JWT205")
        .collect();
    assert_eq!(cracked.len(), 1);
    assert_eq!(cracked[0]["path"], "docs/example.json");
    assert!(cracked[0]["message"]
        .as_str()
        .expect("message")
        .contains("hardcoded in this repository"));
}

#[test]
fn one_hmac_key_in_two_services_is_reported_in_both() {
    let repo = TestRepo::git();
    repo.write(
        "package.json",
        "{\"private\": true, \"workspaces\": [\"services/*\"]}\n",
    );
    repo.write("services/auth/package.json", "{\"name\": \"auth\"}\n");
    repo.write("services/orders/package.json", "{\"name\": \"orders\"}\n");
    repo.write("services/billing/go.mod", "module billing\n");
    repo.write(
        "services/auth/src/sign.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    repo.write(
        "services/orders/src/check.js",
        format!("jwt.verify(t, '{STRONG}', {{ algorithms: ['HS256'] }});\n"),
    );
    // A key of its own: not shared.
    repo.write(
        "services/billing/auth.go",
        "var key = []byte(\"Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj\")\nfunc sign(t *jwt.Token) (string, error) { return t.SignedString(key) }\n",
    );
    let report = repo.json(&[]);
    let shared: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "JWT604")
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
            )
        })
        .collect();
    assert_eq!(
        shared,
        [
            ("services/auth/src/sign.js".to_string(), "low".to_string()),
            (
                "services/orders/src/check.js".to_string(),
                "low".to_string()
            )
        ]
    );
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "JWT604")
        .and_then(|f| f["message"].as_str())
        .expect("message")
        .to_string();
    assert!(
        message.contains("services/auth, services/orders"),
        "{message}"
    );
    // One service holding a key twice is not sharing it.
    let single = TestRepo::git();
    single.write("package.json", "{}\n");
    single.write(
        "a.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    single.write(
        "lib/b.js",
        format!("jwt.sign(q, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    assert!(!single.json(&[])["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["rule_id"] == "JWT604"));
}

#[test]
fn services_reading_one_key_variable_share_the_key() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("api/package.json", "{}\n");
    repo.write(
        "api/auth.js",
        "const secret = process.env.JWT_SECRET;\n\
         module.exports = (t) => jwt.verify(t, secret, { algorithms: ['HS256'] });\n",
    );
    repo.write("billing/go.mod", "module billing\n");
    repo.write(
        "billing/auth.go",
        "package auth\n\
         func key(t *jwt.Token) (interface{}, error) { return []byte(os.Getenv(\"JWT_SECRET\")), nil }\n\
         func Parse(raw string) { jwt.Parse(raw, key, jwt.WithValidMethods([]string{\"HS256\"})) }\n",
    );
    // A public key in a third service is what the rule advises.
    repo.write("web/pyproject.toml", "[project]\n");
    repo.write(
        "web/auth.py",
        "claims = jwt.decode(t, os.environ[\"JWT_PUBLIC_KEY\"], algorithms=[\"RS256\"])\n",
    );
    let report = repo.json(&[]);
    let shared: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "JWT604")
        .map(|f| {
            assert_eq!(f["secret"], serde_json::Value::Null, "{f}");
            let message = f["message"].as_str().expect("message");
            assert!(
                message.contains("2 services (api, billing)") && message.contains("JWT_SECRET"),
                "{message}"
            );
            (
                f["path"].as_str().expect("path").to_string(),
                f["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        shared,
        [
            ("api/auth.js".to_string(), 1),
            ("billing/auth.go".to_string(), 2)
        ]
    );
}
