//! The `.env` practices that need the repository, not one file's text:
//! JWT302 env-tracked (an env file git holds, is about to commit, or once
//! committed), JWT301 env-not-ignored (an env file git would not ignore),
//! JWT303 gitignore-missing-env (the root's ignore rules miss `.env`),
//! JWT401 secret-shared-across-envs (one key in two environments' files).
//! Sources say which env files there are and what git knows of each
//! (`scan::envfiles`); the rules here only judge.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::{Context, EnvFile, GitStatus, IgnoreGap, Inventory, TrackedEnv};
use crate::detect::{self, KeyValue};
use crate::finding::Finding;
use crate::rules::{RuleSet, Severity, Words};

/// The root's ignore rules must cover these.
pub(crate) const MUST_IGNORE: [&str; 3] = [".env", ".env.local", ".env.production"];

/// The env rules over the inventory.
pub(crate) fn check(context: &Context<'_>, inventory: &Inventory, _: &[Finding]) -> Vec<Finding> {
    let rules = context.rules;
    let mut out = Vec::new();
    out.extend(
        inventory
            .tracked_env
            .iter()
            .filter_map(|t| tracked(rules, inventory, t)),
    );
    for file in &inventory.untracked_env {
        out.extend(untracked(rules, inventory.repository_of(&file.path), file));
    }
    out.extend(
        inventory
            .ignore_gaps
            .iter()
            .filter_map(|g| missing_ignores(rules, g)),
    );
    out.extend(shared_across_envs(rules, inventory));
    out
}

/// JWT302 for an env file in git, at the commit that added it when known.
fn tracked(rules: &RuleSet, inventory: &Inventory, env: &TrackedEnv) -> Option<Finding> {
    let repo = inventory.repository_of(&env.path);
    let mut f = tracked_finding(rules, repo, &env.path, &env.bytes)?;
    f.commit.clone_from(&env.commit);
    Some(f)
}

/// JWT301 for an env file git would not ignore that sets values; JWT302
/// for a tracked file only compose calls an env file (those named like
/// one are in the index's list).
fn untracked(rules: &RuleSet, repo: &str, file: &EnvFile) -> Option<Finding> {
    match file.status {
        GitStatus::New if has_values(&file.bytes) => not_ignored(rules, &file.path, &file.bytes),
        GitStatus::Tracked if !file.env_named => {
            tracked_finding(rules, repo, &file.path, &file.bytes)
        }
        _ => None,
    }
}

/// Whether a `KEY=value` names a secret and holds a real value. Public
/// settings that frameworks commit on purpose (`NEXT_PUBLIC_*`, `VITE_*`)
/// do not count.
fn holds_secret(words: &Words, text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim().trim_start_matches("export ").trim();
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        let key = key.trim().to_ascii_uppercase();
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        !line.starts_with('#')
            && words.is_secret_env_name(&key)
            && !value.is_empty()
            && !detect::literal::is_template(value)
            && !detect::values::is_placeholder(words, value)
    })
}

/// The JWT302 finding for a tracked (or staged) env file: high when it holds
/// a secret, low when it holds only public settings.
/// `repo` is the repository's prefix under the scan's root (`""` for the
/// root's own), so that the command it gives runs from the root.
pub(crate) fn tracked_finding(
    rules: &RuleSet,
    repo: &str,
    path: &str,
    bytes: &[u8],
) -> Option<Finding> {
    let rule = rules.rule("JWT302")?;
    let text = String::from_utf8_lossy(bytes);
    let secret = holds_secret(&rules.words, &text);
    let severity = if secret { rule.severity } else { Severity::Low };
    let command = match path.strip_prefix(repo).and_then(|p| p.strip_prefix('/')) {
        Some(inner) if !repo.is_empty() => format!(
            "git -C {} rm --cached {}",
            crate::text::escape_control(repo),
            crate::text::escape_control(inner)
        ),
        _ => format!("git rm --cached {}", crate::text::escape_control(path)),
    };
    let message = if secret {
        format!(
            "{} and holds secrets: ignoring it now is not enough; run `{command}` and rotate every key in it",
            rule.message
        )
    } else {
        format!("{} (only public settings in it)", rule.message)
    };
    // No source line: any line of the file could be a key.
    let mut f = Finding::on_file(rule, path).with_message(message);
    f.severity = severity;
    Some(f)
}

/// Whether an env file sets at least one non-empty value.
fn has_values(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes).lines().any(|line| {
        let line = line.trim();
        !line.starts_with('#')
            && line.split_once('=').is_some_and(|(key, value)| {
                !key.trim().is_empty()
                    && !value
                        .trim()
                        .trim_matches(|c| c == '"' || c == '\'')
                        .is_empty()
            })
    })
}

fn not_ignored(rules: &RuleSet, path: &str, bytes: &[u8]) -> Option<Finding> {
    let shown = crate::text::escape_control(path);
    let mut f = repo_finding(rules, "JWT301", path, bytes)?;
    f.message =
        format!("{shown} is not ignored by git, so `git add .` would commit it: add it to .gitignore (`jwtscan fix` does)");
    // Any line of an env file could be a key: show none.
    f.source.clear();
    Some(f)
}

/// A finding of a repository rule on line 1 of `path`.
fn repo_finding(rules: &RuleSet, rule_id: &str, path: &str, bytes: &[u8]) -> Option<Finding> {
    let rule = rules.rule(rule_id)?;
    let first_line = String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let mut f = Finding::on_file(rule, path).with_message(rule.message.clone());
    f.source = first_line;
    Some(f)
}

/// JWT303: the root's ignore rules leave some of [`MUST_IGNORE`] unignored.
fn missing_ignores(rules: &RuleSet, gap: &IgnoreGap) -> Option<Finding> {
    if gap.missing.is_empty() {
        return None;
    }
    let mut f = repo_finding(rules, "JWT303", &gap.path, &gap.gitignore)?;
    f.message = format!(
        "{}: {} would not be ignored; run `jwtscan fix`",
        f.message,
        gap.missing.join(", ")
    );
    Some(f)
}

/// Which environment a config or env file is for, by its name: `.env.production`,
/// `application-dev.yml`, `appsettings.Production.json`,
/// `config/staging.json`, `docker-compose.prod.yml`, `values-prod.yaml`.
/// `default` is the base file every environment loads.
pub(crate) fn environment_of(path: &str) -> Option<&'static str> {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let lower = name.to_ascii_lowercase();
    let stem_ext = |prefix: &str, exts: &[&str]| -> Option<String> {
        let rest = lower.strip_prefix(prefix)?;
        exts.iter()
            .find_map(|e| rest.strip_suffix(e))
            .map(str::to_string)
    };
    let word: Option<String> = if lower == ".env" || lower == ".env.local" {
        Some(String::new())
    } else if let Some(rest) = lower.strip_prefix(".env.") {
        Some(rest.strip_suffix(".local").unwrap_or(rest).to_string())
    } else if let Some(rest) = lower.strip_suffix(".env") {
        normalise(rest).map(str::to_string)
    } else if let Some(rest) = stem_ext("application", &[".yml", ".yaml", ".properties"])
        .or_else(|| stem_ext("bootstrap", &[".yml", ".yaml", ".properties"]))
    {
        Some(rest.strip_prefix('-').unwrap_or(&rest).to_string())
    } else if let Some(rest) = stem_ext("appsettings", &[".json"]) {
        Some(rest.strip_prefix('.').unwrap_or(&rest).to_string())
    } else if let Some(rest) = stem_ext("docker-compose", &[".yml", ".yaml"])
        .or_else(|| stem_ext("compose", &[".yml", ".yaml"]))
    {
        let rest = rest.strip_prefix('.').unwrap_or(&rest).to_string();
        Some(if rest == "override" {
            "development".into()
        } else {
            rest
        })
    } else if let Some(rest) = stem_ext("values", &[".yml", ".yaml"]) {
        Some(rest.trim_start_matches(['-', '.']).to_string())
    } else if dir == "config" || dir.ends_with("/config") {
        let stem = [".json", ".yml", ".yaml", ".toml"]
            .iter()
            .find_map(|e| lower.strip_suffix(e))?;
        Some(if stem == "default" {
            String::new()
        } else {
            normalise(stem)?.to_string()
        })
    } else {
        None
    };
    let word = word?;
    if word.is_empty() {
        return Some("default");
    }
    normalise(&word)
}

/// Canonical environment names; `None` for words that are not one.
fn normalise(word: &str) -> Option<&'static str> {
    Some(match word {
        "dev" | "develop" | "development" | "local" => "development",
        "prod" | "production" | "live" => "production",
        "stage" | "staging" | "stg" => "staging",
        "test" | "testing" | "ci" => "test",
        "qa" => "qa",
        "uat" => "uat",
        "preprod" | "pre-prod" | "preproduction" => "preprod",
        "sandbox" => "sandbox",
        "demo" => "demo",
        "default" => "default",
        _ => return None,
    })
}

/// Environments where sharing a key matters little: a developer's machine,
/// the test suite, and the defaults both load.
fn is_dev_like(env: &str) -> bool {
    matches!(env, "development" | "test" | "default")
}

/// JWT401: the same key value in files of two environments, at least one of
/// them not a development one. Values are compared by hash and never shown.
fn shared_across_envs(rules: &RuleSet, inventory: &Inventory) -> Vec<Finding> {
    let keys: &[(String, Vec<KeyValue>)] = &inventory.keys;
    let Some(rule) = rules.rule("JWT401") else {
        return Vec::new();
    };
    // (repository, value hash) -> (environment, path, key): the files of
    // one repository only.
    type Places<'k> = Vec<(&'k str, &'k str, &'k KeyValue)>;
    let mut by_value: HashMap<(&str, [u8; 32]), Places<'_>> = HashMap::new();
    let mut seen: HashSet<(&str, usize, usize)> = HashSet::new();
    for (path, values) in keys {
        let Some(env) = environment_of(path) else {
            continue;
        };
        for key in values {
            if !seen.insert((path.as_str(), key.line, key.column)) {
                continue;
            }
            let hash: [u8; 32] = Sha256::digest(key.value.as_bytes()).into();
            let repo = inventory.repository_of(path);
            by_value
                .entry((repo, hash))
                .or_default()
                .push((env, path, key));
        }
    }
    let mut out = Vec::new();
    for places in by_value.values() {
        for &(env, path, key) in places {
            let others: Vec<String> = places
                .iter()
                .filter(|(e, p, _)| {
                    *e != env && *p != path && !(is_dev_like(e) && is_dev_like(env))
                })
                .map(|(e, p, _)| format!("{} ({e})", crate::text::escape_control(p)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if others.is_empty() {
                continue;
            }
            let name = key
                .name
                .as_deref()
                .map_or(String::new(), |n| format!(" {n}"));
            let message = format!(
                "{}: the{name} value for {env} is also in {}; give each environment its own key",
                rule.message,
                others.join(", ")
            );
            // The key is another file's too: neither shows it.
            let f = Finding::at_position(
                rule,
                path,
                (key.line, key.column),
                (key.end_line, key.end_column),
            )
            .with_message(message)
            .fingerprinted(&key.value);
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_by_file_name() {
        for (path, env) in [
            (".env", "default"),
            (".env.local", "default"),
            (".env.development", "development"),
            (".env.development.local", "development"),
            ("api/.env.production", "production"),
            (".env.staging", "staging"),
            ("prod.env", "production"),
            ("src/main/resources/application.yml", "default"),
            ("src/main/resources/application-dev.yml", "development"),
            (
                "src/main/resources/application-prod.properties",
                "production",
            ),
            ("appsettings.json", "default"),
            ("appsettings.Development.json", "development"),
            ("appsettings.Production.json", "production"),
            ("config/development.json", "development"),
            ("config/production.json", "production"),
            ("config/default.json", "default"),
            ("docker-compose.yml", "default"),
            ("docker-compose.override.yml", "development"),
            ("docker-compose.prod.yml", "production"),
            ("charts/api/values-staging.yaml", "staging"),
        ] {
            assert_eq!(environment_of(path), Some(env), "{path}");
        }
        for path in [
            "app.env",
            "config/database.json",
            "settings.json",
            ".env.example",
        ] {
            assert_eq!(environment_of(path), None, "{path}");
        }
    }

    #[test]
    fn values_are_what_counts() {
        assert!(has_values(b"PORT=3000\n"));
        assert!(!has_values(b"# JWT_SECRET=x\nJWT_SECRET=\nEMPTY=''\n"));
    }

    #[test]
    fn secrets_versus_public_settings() {
        let rules = RuleSet::builtin().expect("rules");
        let w = &rules.words;
        assert!(holds_secret(w, "PORT=3000\nJWT_SECRET=abc123\n"));
        assert!(!holds_secret(
            w,
            "NEXT_PUBLIC_API_URL=https://x\nVITE_KEY=pk_live\n"
        ));
        assert!(!holds_secret(
            w,
            "JWT_SECRET=\nAPI_TOKEN=${TOKEN}\n# DB_PASSWORD=x\n"
        ));
    }

    #[test]
    fn each_part_of_the_inventory_gives_its_rule() {
        let rules = RuleSet::builtin().expect("rules");
        let context = Context {
            rules: &rules,
            now: 0,
            rotation_days: 90,
        };
        let inventory = Inventory {
            tracked_env: vec![TrackedEnv {
                path: ".env".into(),
                bytes: b"JWT_SECRET=abc\n".to_vec(),
                commit: None,
            }],
            untracked_env: vec![EnvFile {
                path: "api/.env.local".into(),
                status: GitStatus::New,
                bytes: b"PORT=1\n".to_vec(),
                env_named: true,
            }],
            ignore_gaps: vec![IgnoreGap {
                path: ".gitignore".into(),
                missing: vec![".env"],
                gitignore: b"node_modules\n".to_vec(),
            }],
            ..Inventory::default()
        };
        let mut got: Vec<(String, String)> = check(&context, &inventory, &[])
            .into_iter()
            .map(|f| (f.rule_id, f.path))
            .collect();
        got.sort();
        let want = [
            ("JWT301", "api/.env.local"),
            ("JWT302", ".env"),
            ("JWT303", ".gitignore"),
        ];
        assert_eq!(
            got,
            want.map(|(r, p)| (r.to_string(), p.to_string())).to_vec()
        );
    }
}
