//! Which resolved values are secrets at all: not empty, not a template
//! (`${JWT_SECRET}`), not a reference to a key file or PEM block, and in a
//! template file not a placeholder (`<your-secret>`, `CHANGE_ME`).

use super::literal;
use crate::rules::Words;

/// Drops empty values, templates anywhere, and placeholders in template
/// files (in code, `changeme` is a real, weak key).
pub(crate) fn keep(words: &Words, value: &str, template_file: bool) -> bool {
    if value.trim().is_empty() || literal::is_template(value) || is_key_reference(value) {
        return false;
    }
    let placeholder = template_file && is_placeholder(words, value);
    !(words.is_test_only(&squash(value)) || placeholder)
}

/// A value's letters and digits, lowered: what the word lists compare
/// (`CHANGE_ME` and `change-me` are `changeme`).
fn squash(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A PEM block (JWT203's business, not a shared secret) or a path to a key
/// file: the value points at a key rather than being one.
fn is_key_reference(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with("-----BEGIN") {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let path_like =
        v.starts_with("./") || v.starts_with('/') || v.starts_with("../") || v.starts_with("~/");
    let key_file = [".pem", ".key", ".pub", ".crt", ".der", ".p12", ".jks"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    (path_like && !v.contains(' ')) || (key_file && !v.contains(' '))
}

/// `<your-secret>`, `xxx`, `CHANGE_ME`, `your_jwt_secret_here`, `...`: by
/// shape, or by the placeholder words of the rules (`words:`).
pub(crate) fn is_placeholder(words: &Words, value: &str) -> bool {
    let v = value.trim();
    if v.starts_with('<') && v.ends_with('>') || v.starts_with('[') && v.ends_with(']') {
        return true;
    }
    if v.chars()
        .all(|c| matches!(c, 'x' | 'X' | '*' | '.' | '-' | '_' | '#'))
    {
        return true;
    }
    // A published weak value (`secret`) stays reported even in a template:
    // templates get copied to `.env` as they are.
    words.is_placeholder_word(&squash(v))
        || (words.is_placeholder_phrase(v) && !super::known::is_known(v.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn placeholders_and_templates() {
        let rules = RuleSet::builtin().expect("rules");
        let w = &rules.words;
        for p in [
            "<your-secret>",
            "xxx",
            "CHANGE_ME",
            "your_jwt_secret_here",
            "...",
        ] {
            assert!(is_placeholder(w, p), "{p}");
        }
        assert!(!is_placeholder(w, "kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uEa"));
        // Made of the words templates use to say what goes there.
        for p in ["my_JWT_key", "jwt secret key xyz", "myRefreshTokenSecret"] {
            assert!(is_placeholder(w, p), "{p}");
        }
        // `secret` is in the public lists: a template's copy is a real key.
        for p in [
            "hamzaoutai",
            "MI_CODIGO_SECRETO",
            "secret-4f9a",
            "supersecretkey2024",
            "secret",
        ] {
            assert!(!is_placeholder(w, p), "{p}");
        }
        assert!(keep(w, "changeme", false));
        assert!(!keep(w, "changeme", true));
        assert!(!keep(w, "${JWT_SECRET}", false));
        assert!(!keep(w, "", false));
        assert!(w.is_template_file(".env.example"));
        assert!(!w.is_template_file(".env.production"));
    }
}
