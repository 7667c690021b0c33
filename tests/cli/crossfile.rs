//! Keys followed across files (issue 21, item 1): a sink whose key is bound
//! in another file of the repository is reported at the literal, naming the
//! use site; a name the import does not lead to, or one also bound to an
//! env read, is not.

use crate::support::{triples, TestRepo};

fn report(files: &[(&str, &str)]) -> (Vec<(String, u64, String)>, serde_json::Value) {
    let repo = TestRepo::git();
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_all("app");
    let report = repo.json(&["."]);
    (triples(&report), report)
}

/// Whether any finding is in `path`.
fn any_in(found: &[(String, u64, String)], path: &str) -> bool {
    found.iter().any(|(p, _, _)| p == path)
}

fn has(found: &[(String, u64, String)], path: &str, line: u64, rule: &str) -> bool {
    found
        .iter()
        .any(|(p, l, r)| p == path && *l == line && r == rule)
}

#[test]
fn a_constants_module_required_by_the_signer() {
    let (found, report) = report(&[
        (
            "constants.js",
            "module.exports = {\n  HOST: 'http://localhost',\n  SECRET: 'shh',\n};\n",
        ),
        (
            "server/auth.js",
            "const jwt = require('jsonwebtoken');\nconst CONST = require('../constants');\n\
             exports.login = (u) => jwt.sign({ id: u.id }, CONST.SECRET, { expiresIn: '1h' });\n",
        ),
    ]);
    assert!(has(&found, "constants.js", 3, "JWT201"), "{found:?}");
    // `shh` is in the public lists.
    assert!(has(&found, "constants.js", 3, "JWT101"), "{found:?}");
    let message = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "JWT201")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("used as the key at server/auth.js:3"),
        "{message}"
    );
}

#[test]
fn a_destructured_import_with_an_env_fallback() {
    let (found, _) = report(&[
        (
            "server/config/tokens.js",
            "exports.ACCESS_TOKEN_KEY = process.env.ACCESS_TOKEN_KEY || \"access-token\";\n",
        ),
        (
            "server/middleware/auth.js",
            "const jwt = require(\"jsonwebtoken\");\nconst { ACCESS_TOKEN_KEY } = require(\"~config/tokens.js\");\n\
             module.exports = (t, cb) => jwt.verify(t, ACCESS_TOKEN_KEY, { algorithms: ['HS256'] }, cb);\n",
        ),
    ]);
    assert!(
        has(&found, "server/config/tokens.js", 1, "JWT201"),
        "{found:?}"
    );
}

#[test]
fn an_import_that_leads_elsewhere_is_not_followed() {
    // The signer imports SECRET from a package; a same-named literal in a
    // test fixture is not its key.
    let (found, _) = report(&[
        (
            "test/fixture.js",
            "module.exports = { SECRET: 'fixture-value' };\n",
        ),
        (
            "auth.js",
            "const jwt = require('jsonwebtoken');\nconst { SECRET } = require('@acme/settings');\n\
             exports.s = (p) => jwt.sign(p, SECRET, { expiresIn: '1h' });\n",
        ),
    ]);
    assert!(!any_in(&found, "test/fixture.js"), "{found:?}");
}

#[test]
fn python_settings_imported_by_name_and_as_a_module() {
    let (found, _) = report(&[
        (
            "app/core/config.py",
            "import os\nSECRET_KEY = os.getenv('SECRET_KEY', 'secret_key')\nALGORITHM = 'HS256'\n",
        ),
        (
            "app/utils/auth.py",
            "from jose import jwt\nfrom app.core.config import SECRET_KEY, ALGORITHM\n\n\
             def make(data):\n    return jwt.encode(data, SECRET_KEY, algorithm=ALGORITHM)\n",
        ),
        (
            "app/api/settings.py",
            "import os\nJWT_KEY = os.environ['JWT_KEY']\n",
        ),
        (
            "app/api/views.py",
            "import jwt\nfrom . import settings\n\n\
             def check(t):\n    return jwt.decode(t, settings.JWT_KEY, algorithms=['HS256'])\n",
        ),
    ]);
    assert!(has(&found, "app/core/config.py", 2, "JWT201"), "{found:?}");
    // An env read with no fallback is no hardcoded key.
    assert!(!any_in(&found, "app/api/settings.py"), "{found:?}");
}

#[test]
fn a_kotlin_object_constant_and_a_java_properties_default() {
    let (found, _) = report(&[
        (
            "src/main/kotlin/auth/JwtParams.kt",
            "package auth\n\nobject JwtParams {\n    const val SECRET = \"secret\"\n}\n",
        ),
        (
            "src/main/kotlin/auth/Security.kt",
            "package auth\nimport com.auth0.jwt.JWT\nimport com.auth0.jwt.algorithms.Algorithm\n\n\
             fun verifier() = JWT.require(Algorithm.HMAC256(JwtParams.SECRET)).build()\n",
        ),
        (
            "src/main/java/web/SpJwtProperties.java",
            "package web;\n\n@ConfigurationProperties(prefix = \"sp.jwt\")\npublic class SpJwtProperties {\n    private String secret = \"default-secret-value\";\n}\n",
        ),
        (
            "src/main/java/web/JWTUtil.java",
            "package web;\n\npublic class JWTUtil {\n    private final SpJwtProperties properties;\n    private final Algorithm al;\n    \
             public JWTUtil(SpJwtProperties properties) {\n        this.properties = properties;\n        \
             this.al = Algorithm.HMAC512(properties.getSecret());\n    }\n}\n",
        ),
        // A same-named field of another class is not the key.
        (
            "src/main/java/web/MailProperties.java",
            "package web;\n\npublic class MailProperties {\n    private String secret = \"smtp-secret-value\";\n}\n",
        ),
    ]);
    assert!(
        has(&found, "src/main/kotlin/auth/JwtParams.kt", 4, "JWT201"),
        "{found:?}"
    );
    assert!(
        has(&found, "src/main/kotlin/auth/JwtParams.kt", 4, "JWT101"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "src/main/java/web/SpJwtProperties.java",
            5,
            "JWT201"
        ),
        "{found:?}"
    );
    // HMAC512 at the use site sets the minimum: 64 bytes.
    assert!(
        has(
            &found,
            "src/main/java/web/SpJwtProperties.java",
            5,
            "JWT102"
        ),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(p, _, _)| p.ends_with("MailProperties.java")),
        "{found:?}"
    );
}

#[test]
fn a_go_package_variable_in_another_file() {
    let (found, _) = report(&[
        ("auth/keys.go", "package auth\n\nvar appSecret = []byte(\"supersecret\")\n"),
        (
            "auth/token.go",
            "package auth\n\nimport \"github.com/golang-jwt/jwt/v5\"\n\n\
             func Sign(c jwt.MapClaims) (string, error) {\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(appSecret)\n}\n",
        ),
        // Another package's same-named variable is not this one.
        ("other/keys.go", "package other\n\nvar appSecret = []byte(\"another-one\")\n"),
    ]);
    assert!(has(&found, "auth/keys.go", 3, "JWT201"), "{found:?}");
    assert!(!any_in(&found, "other/keys.go"), "{found:?}");
}

#[test]
fn a_name_bound_to_an_env_read_elsewhere_is_ambiguous() {
    // APP_SECRET is a literal in one file and an env read in another: the
    // signer's parameter says nothing, so neither is claimed as its key.
    let (found, _) = report(&[
        ("dev.js", "exports.APP_SECRET = 'dev-only-value';\n"),
        ("prod.js", "exports.APP_SECRET = process.env.APP_SECRET;\n"),
        (
            "sign.js",
            "const jwt = require('jsonwebtoken');\n\
             module.exports = (p, APP_SECRET) => jwt.sign(p, APP_SECRET, { expiresIn: '1h' });\n",
        ),
    ]);
    assert!(!any_in(&found, "dev.js"), "{found:?}");
    // Without the env read, the one literal binding is the key.
    let (found, _) = report(&[
        ("dev.js", "exports.APP_SECRET = 'dev-only-value';\n"),
        (
            "sign.js",
            "const jwt = require('jsonwebtoken');\n\
             module.exports = (p, APP_SECRET) => jwt.sign(p, APP_SECRET, { expiresIn: '1h' });\n",
        ),
    ]);
    assert!(has(&found, "dev.js", 1, "JWT201"), "{found:?}");
}

#[test]
fn jsonwebtoken_9_chooses_the_algorithms_from_the_key() {
    // verify() without `algorithms` is CVE-2022-23540 before 9.0 only: the
    // nearest package.json that declares jsonwebtoken decides.
    let verify = "const jwt = require('jsonwebtoken');\n\
                  module.exports = (t) => jwt.verify(t, process.env.JWT_SECRET);\n";
    let (found, _) = report(&[
        (
            "package.json",
            r#"{"dependencies": {"jsonwebtoken": "^8.5.1"}}"#,
        ),
        (
            "api/package.json",
            r#"{"dependencies": {"jsonwebtoken": "^9.0.2"}}"#,
        ),
        ("api/src/auth.js", verify),
        ("web/package.json", r#"{"dependencies": {"react": "18"}}"#),
        ("web/server/auth.js", verify),
        ("auth.js", verify),
    ]);
    assert!(!has(&found, "api/src/auth.js", 2, "JWT603"), "{found:?}");
    // web/ does not declare it: the root's 8.x is what runs.
    assert!(has(&found, "web/server/auth.js", 2, "JWT603"), "{found:?}");
    assert!(has(&found, "auth.js", 2, "JWT603"), "{found:?}");
}
