//! `.env`-style files: which paths are ones, and JWT302 env-tracked for one
//! that git holds or is about to.

use crate::detect;
use crate::finding::Finding;
use crate::rules::{RuleSet, Severity};

/// `.env`, `.env.local`, `.env.production`, `app.env`: files of real values.
/// Templates (`.env.example`, `.sample`, `.template`, `.dist`) are not.
pub(crate) fn is_env_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let env_like = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    env_like && !detect::is_template_file(name)
}

/// `docker-compose.yml`, `compose.prod.yaml` and the like.
pub(crate) fn is_compose_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Whether a `KEY=value` names a secret and holds a real value. Public
/// settings that frameworks commit on purpose (`NEXT_PUBLIC_*`, `VITE_*`)
/// do not count.
fn holds_secret(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim().trim_start_matches("export ").trim();
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        let key = key.trim().to_ascii_uppercase();
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        let public = [
            "NEXT_PUBLIC_",
            "VITE_",
            "PUBLIC_",
            "REACT_APP_",
            "EXPO_PUBLIC_",
            "NUXT_PUBLIC_",
        ]
        .iter()
        .any(|p| key.starts_with(p));
        let secretish = [
            "SECRET",
            "TOKEN",
            "KEY",
            "PASSWORD",
            "PASSWD",
            "PRIVATE",
            "CREDENTIAL",
            "AUTH",
        ]
        .iter()
        .any(|w| key.contains(w));
        !line.starts_with('#')
            && secretish
            && !public
            && !value.is_empty()
            && !detect::literal::is_template(value)
            && !detect::is_placeholder(value)
    })
}

/// The JWT302 finding for a tracked (or staged) env file: high when it holds
/// a secret, low when it holds only public settings.
pub(crate) fn tracked_finding(rules: &RuleSet, path: &str, bytes: &[u8]) -> Option<Finding> {
    let rule = rules.rule("JWT302")?;
    let text = String::from_utf8_lossy(bytes);
    let secret = holds_secret(&text);
    let severity = if secret { rule.severity } else { Severity::Low };
    let message = if secret {
        format!(
            "{} and holds secrets: ignoring it now is not enough; run `git rm --cached {}` and rotate every key in it",
            rule.message,
            crate::text::escape_control(path)
        )
    } else {
        format!("{} (only public settings in it)", rule.message)
    };
    // No source line: any line of the file could be a key.
    let mut f = Finding::on_file(rule, path).with_message(message);
    f.severity = severity;
    Some(f)
}

/// The env files directly in directory `path` (relative path `dir`, `""` for
/// the root), as relative paths.
pub(crate) fn env_files_in(dir: &str, path: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (is_env_file(&name) && entry.file_type().is_ok_and(|t| t.is_file())).then(|| {
                if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        for p in [
            ".env",
            "api/.env.local",
            ".env.production",
            "config/app.env",
        ] {
            assert!(is_env_file(p), "{p}");
        }
        for p in [
            ".env.example",
            "a/.env.sample",
            "env.js",
            ".envrc",
            "environment.ts",
        ] {
            assert!(!is_env_file(p), "{p}");
        }
    }

    #[test]
    fn secrets_versus_public_settings() {
        assert!(holds_secret("PORT=3000\nJWT_SECRET=abc123\n"));
        assert!(!holds_secret(
            "NEXT_PUBLIC_API_URL=https://x\nVITE_KEY=pk_live\n"
        ));
        assert!(!holds_secret(
            "JWT_SECRET=\nAPI_TOKEN=${TOKEN}\n# DB_PASSWORD=x\n"
        ));
    }
}
