//! The `.env` practices that need the repository, not one file's text:
//! JWT302 env-tracked, JWT301 env-not-ignored (an env file git would not
//! ignore), JWT303 gitignore-missing-env (the root's ignore rules miss
//! `.env`), JWT401 secret-shared-across-envs (one key in two environments'
//! files), and the strength rules for env files the walk never reads
//! (ignored ones, and files docker-compose names with `env_file:`).
//!
//! A scan takes its env files from the tree walk (the files it read, and
//! the env-named entries of the directories it entered); `jwtscan fix`,
//! which has no walk, lists them with libgit2's status. Whether an
//! untracked one is ignored is decided by [`GitIgnores`], which matches
//! `git check-ignore` where libgit2 does not.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use git2::{Repository, Status};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::ignores::GitIgnores;
use super::{envfile, walker};
use crate::detect::{self, KeyValue};
use crate::finding::Finding;
use crate::git;
use crate::git::index::Tracked;
use crate::rules::RuleSet;

/// What the tree walk found that these rules need.
#[derive(Default)]
pub(crate) struct Walked {
    /// JWT key values in `.env` and config files, by path.
    pub keys: Vec<(String, Vec<KeyValue>)>,
    /// `.env`-style files the walk scanned.
    pub env_files: HashSet<String>,
    /// docker-compose files seen.
    pub compose_files: Vec<String>,
    /// JWT keys read from environment variables in code (JWT604).
    pub env_keys: Vec<(String, Finding)>,
    /// Build manifests seen (`package.json`, `go.mod` ...): services.
    pub manifests: Vec<String>,
    /// The env files in the directories the walk entered, ignored ones too
    /// (the walk skips those).
    pub dir_env_files: Vec<String>,
}

/// Findings of these rules, and whether they could run.
#[derive(Default)]
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub warnings: Vec<String>,
    /// Some PATH is outside every git work tree.
    pub skipped: bool,
    /// Files read here that the walk did not read, and their bytes.
    pub files: u64,
    pub bytes: u64,
    /// Env files over `--max-file-size`, not read.
    pub large: u64,
}

/// The root's ignore rules must cover these.
const MUST_IGNORE: [&str; 3] = [".env", ".env.local", ".env.production"];

/// Each root's repository and work tree, when it is in one: opened once,
/// before the walk (which lists directories for ignored env files only in
/// a repository) and used by [`check`] after it.
pub(crate) type Repos = Vec<Option<(Repository, std::path::PathBuf)>>;

pub(crate) fn open_all(roots: &[walker::Root]) -> Repos {
    roots.iter().map(|r| open(&r.path)).collect()
}

/// Runs the repository env rules for the scanned `roots` (their `repos`
/// from [`open_all`]).
pub(crate) fn check(
    rules: &RuleSet,
    roots: &[walker::Root],
    repos: &Repos,
    mut walked: Walked,
    max_file_size: u64,
) -> Outcome {
    let mut out = Outcome::default();
    let mut keys = std::mem::take(&mut walked.keys);
    let mut done: HashSet<std::path::PathBuf> = HashSet::new();
    for (root, opened) in roots.iter().zip(repos) {
        let Some((repo, workdir)) = opened else {
            out.skipped = true;
            continue;
        };
        let prefix = walker::relative(workdir, &root.path);
        let whole = root.path == *workdir;
        let repo_keys = check_repo(
            rules,
            repo,
            &walked,
            |p| whole || git::under(p, &prefix),
            max_file_size,
            &mut out,
        );
        keys.extend(repo_keys);
        if whole && done.insert(workdir.clone()) {
            out.findings.extend(missing_ignores(rules, repo));
        }
    }
    out.findings.extend(shared_across_envs(rules, &keys));
    out
}

fn open(path: &Path) -> Option<(Repository, std::path::PathBuf)> {
    let repo = Repository::discover(path).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    Some((repo, workdir))
}

/// JWT302 for env files in the index, JWT301 for untracked ones git would
/// not ignore, and strength findings for env files the walk did not read;
/// returns the keys found in the files it read. The index is read once.
fn check_repo(
    rules: &RuleSet,
    repo: &Repository,
    walked: &Walked,
    in_scope: impl Fn(&str) -> bool,
    max_file_size: u64,
    out: &mut Outcome,
) -> Vec<(String, Vec<KeyValue>)> {
    let Some(workdir) = repo.workdir() else {
        return Vec::new();
    };
    let (index, problem) = Tracked::load(repo);
    out.warnings.extend(problem);
    // JWT302 from the index (what is committed or staged, even in a
    // directory ignored now), read from the object database.
    for (path, id) in index.blobs(|p| envfile::is_env_file(p) && in_scope(p)) {
        if let Ok(blob) = repo.find_blob(id) {
            out.findings
                .extend(envfile::tracked_finding(rules, &path, blob.content()));
        }
    }
    let files = scan_env_files(repo, workdir, &index, walked, &in_scope);
    let mut keys = Vec::new();
    for (path, status) in files {
        // Refused: a FIFO, a device, a link (to a file outside, whose
        // lines would be printed), a file over the size limit.
        let bytes = match crate::fsio::read_regular(
            &on_disk(workdir, &path),
            max_file_size,
            crate::fsio::Links::Refuse,
        ) {
            Ok(bytes) => bytes,
            Err(crate::fsio::ReadError::TooLarge { .. }) => {
                if !walked.env_files.contains(&path) {
                    out.large += 1;
                }
                continue;
            }
            Err(_) => continue,
        };
        if status.contains(Status::WT_NEW) && has_values(&bytes) {
            out.findings.extend(not_ignored(rules, &path, &bytes));
        }
        let tracked = !status.intersects(Status::WT_NEW | Status::IGNORED);
        if tracked {
            // JWT302 names tracked env files found by name; these are the
            // ones only a compose file calls env files.
            if !envfile::is_env_file(&path) {
                out.findings
                    .extend(envfile::tracked_finding(rules, &path, &bytes));
            }
        }
        if walked.env_files.contains(&path) {
            continue;
        }
        // Not read by the walk (ignored, or not named like an env file):
        // its keys still get a strength verdict.
        if let Some(lang) = rules.language_named("dotenv") {
            out.files += 1;
            out.bytes += bytes.len() as u64;
            let result = detect::scan_as(rules, lang, &path, &bytes);
            out.findings.extend(result.findings);
            if !result.keys.is_empty() {
                keys.push((path, result.keys));
            }
        }
    }
    keys
}

/// The file a reported path names. Reported paths are UTF-8 (lossy); a
/// directory or file whose name is not (`d\xff/.env`) is found again by
/// comparing each entry's lossy name, so it still gets its JWT301.
fn on_disk(workdir: &Path, rel: &str) -> std::path::PathBuf {
    let direct = workdir.join(rel);
    if !rel.contains('\u{fffd}') || std::fs::symlink_metadata(&direct).is_ok() {
        return direct;
    }
    let mut at = workdir.to_path_buf();
    for part in rel.split('/') {
        let next = at.join(part);
        if std::fs::symlink_metadata(&next).is_ok() {
            at = next;
            continue;
        }
        let found = std::fs::read_dir(&at).ok().and_then(|entries| {
            entries
                .flatten()
                .find(|e| e.file_name().to_string_lossy() == part)
                .map(|e| e.path())
        });
        match found {
            Some(p) => at = p,
            None => return direct,
        }
    }
    at
}

/// The env files of the work tree with git's status for each: by name
/// (`.env`, `.env.*`, `*.env`, not templates) and those the `compose`
/// files load; ignored directories are not entered. A warning if git could
/// not list them.
///
/// Tracked files come from the index; untracked ones from a walk that
/// reads every ignore file through [`GitIgnores`] (libgit2's status walk
/// opens `.gitignore` with a plain `open`, which a FIFO blocks forever).
/// Tracked files are [`Status::CURRENT`], the others [`Status::WT_NEW`] or
/// [`Status::IGNORED`].
pub(crate) fn env_files(
    repo: &Repository,
    compose: &[String],
    in_scope: &dyn Fn(&str) -> bool,
) -> (BTreeMap<String, Status>, Option<String>) {
    let mut files: BTreeMap<String, Status> = BTreeMap::new();
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return (files, None);
    };
    let (index, problem) = Tracked::load(repo);
    for (path, _) in index.blobs(|p| envfile::is_env_file(p) && in_scope(p)) {
        files.insert(path, Status::CURRENT);
    }
    let Some(ignores) = GitIgnores::new(repo) else {
        return (files, problem);
    };
    let ignores = std::sync::Arc::new(std::sync::Mutex::new(ignores));
    let is_ignored =
        |rel: &str, dir: bool| ignores.lock().is_ok_and(|mut i| i.is_ignored(rel, dir));
    let mut walk = ignore::WalkBuilder::new(&workdir);
    let (prune, root) = (std::sync::Arc::clone(&ignores), workdir.clone());
    walk.standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(move |e| {
            if e.file_name() == ".git" {
                return false;
            }
            if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            // An ignored directory is not entered (as `git status` does
            // not), nor is a nested repository.
            let rel = walker::relative(&root, e.path());
            let ignored = prune.lock().is_ok_and(|mut i| i.is_ignored(&rel, true));
            !ignored && !e.path().join(".git").exists()
        });
    for entry in walk.build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = walker::relative(&workdir, entry.path());
        if !envfile::is_env_file(&rel) || !in_scope(&rel) || files.contains_key(&rel) {
            continue;
        }
        let ignored = is_ignored(&rel, false);
        files.insert(
            rel,
            if ignored {
                Status::IGNORED
            } else {
                Status::WT_NEW
            },
        );
    }
    // Files docker-compose loads with `env_file:`, whatever their names.
    for compose in compose {
        for path in compose_env_files(repo, compose) {
            if in_scope(&path) && !files.contains_key(&path) && workdir.join(&path).is_file() {
                let status = if index.contains(&path) {
                    Status::CURRENT
                } else if is_ignored(&path, false) {
                    Status::IGNORED
                } else {
                    Status::WT_NEW
                };
                files.insert(path, status);
            }
        }
    }
    (files, problem)
}

/// The env files a tree scan looks at, with their git status, found
/// without walking the tree again (libgit2's status walk doubled the time
/// of a 50,000-file scan): those the walk read, the files compose loads,
/// and the ignored env files in the directories the walk entered.
fn scan_env_files(
    repo: &Repository,
    workdir: &Path,
    index: &Tracked,
    walked: &Walked,
    in_scope: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Status> {
    let mut candidates: HashSet<String> = walked.env_files.clone();
    for compose in &walked.compose_files {
        candidates.extend(compose_env_files(repo, compose));
    }
    candidates.extend(walked.dir_env_files.iter().cloned());
    let mut ignores = GitIgnores::new(repo);
    let mut files = BTreeMap::new();
    for path in candidates {
        if !in_scope(&path) || !on_disk(workdir, &path).is_file() {
            continue;
        }
        let tracked = index.contains(&path);
        let status = if tracked {
            Status::CURRENT
        } else if ignores.as_mut().is_some_and(|i| i.is_ignored(&path, false)) {
            Status::IGNORED
        } else {
            Status::WT_NEW
        };
        files.insert(path, status);
    }
    files
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

/// JWT303: the root's ignore rules leave one of [`MUST_IGNORE`] unignored.
fn missing_ignores(rules: &RuleSet, repo: &Repository) -> Option<Finding> {
    let mut ignores = GitIgnores::new(repo)?;
    let missing: Vec<&str> = MUST_IGNORE
        .into_iter()
        .filter(|name| !ignores.is_ignored(name, false))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let workdir = repo.workdir()?;
    let bytes = crate::fsio::read_regular(
        &workdir.join(".gitignore"),
        crate::fsio::IGNORE_FILE_CAP,
        crate::fsio::Links::Refuse,
    )
    .unwrap_or_default();
    let mut f = repo_finding(rules, "JWT303", ".gitignore", &bytes)?;
    f.message = format!(
        "{}: {} would not be ignored; run `jwtscan fix`",
        f.message,
        missing.join(", ")
    );
    Some(f)
}

/// The paths a docker-compose file loads with `env_file:`, relative to the
/// work tree.
fn compose_env_files(repo: &Repository, compose: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Compose {
        #[serde(default)]
        services: Option<HashMap<String, Option<Service>>>,
    }
    #[derive(Deserialize)]
    struct Service {
        #[serde(default)]
        env_file: Option<EnvFiles>,
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum EnvFiles {
        One(String),
        Many(Vec<EnvFile>),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum EnvFile {
        Path(String),
        Long { path: String },
    }
    let Some(workdir) = repo.workdir() else {
        return Vec::new();
    };
    let Ok(text) = crate::fsio::read_text(
        &workdir.join(compose),
        crate::fsio::CONFIG_CAP,
        crate::fsio::Links::Refuse,
    ) else {
        return Vec::new();
    };
    let Ok(parsed) = crate::yaml::parse::<Compose>(&text) else {
        return Vec::new();
    };
    let dir = compose.rsplit_once('/').map_or("", |(d, _)| d);
    let mut out = Vec::new();
    for service in parsed.services.unwrap_or_default().into_values().flatten() {
        let entries = match service.env_file {
            Some(EnvFiles::One(p)) => vec![p],
            Some(EnvFiles::Many(list)) => list
                .into_iter()
                .map(|e| match e {
                    EnvFile::Path(p) | EnvFile::Long { path: p } => p,
                })
                .collect(),
            None => Vec::new(),
        };
        for entry in entries {
            if let Some(path) = join(dir, &entry) {
                out.push(path);
            }
        }
    }
    out
}

/// `rel` (as written in a compose file) under `dir`, normalised; `None` if
/// it leaves the work tree, is absolute or is a `${VAR}` template.
fn join(dir: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') || rel.contains("${") {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
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
fn shared_across_envs(rules: &RuleSet, keys: &[(String, Vec<KeyValue>)]) -> Vec<Finding> {
    let Some(rule) = rules.rule("JWT401") else {
        return Vec::new();
    };
    // value hash -> (environment, path, key)
    let mut by_value: HashMap<[u8; 32], Vec<(&str, &str, &KeyValue)>> = HashMap::new();
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
            by_value.entry(hash).or_default().push((env, path, key));
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
    fn compose_paths_are_joined_inside_the_tree() {
        assert_eq!(
            join("deploy", "./web.env").as_deref(),
            Some("deploy/web.env")
        );
        assert_eq!(join("deploy", "../.env").as_deref(), Some(".env"));
        assert_eq!(join("", "../x.env"), None);
        assert_eq!(join("", "/etc/x.env"), None);
        assert_eq!(join("", "${ENV_FILE}"), None);
    }

    #[test]
    fn values_are_what_counts() {
        assert!(has_values(b"PORT=3000\n"));
        assert!(!has_values(b"# JWT_SECRET=x\nJWT_SECRET=\nEMPTY=''\n"));
    }
}
