//! `.jwtscan.yaml`: a team's reviewed settings, checked in at the root that
//! finding paths are relative to. Unknown keys are errors (a typo must not
//! silently switch a check off), and so is anything naming a rule that does
//! not exist. Command-line flags override the file.
//!
//! [`Config`] is the file as written; [`Policy`] is what a scan applies:
//! rule selection, severity overrides, test and excluded paths, allowed
//! secrets.
//!
//! Policy layer: it may use the rules, the core types and the test-code
//! globs of `detect::repo::testcode`; never a source, a reporter or the CLI.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::detect::repo::testcode::{TestPaths, TEST_GLOBS};
use crate::finding::Finding;
use crate::rules::{RuleSet, Severity};

/// The lowest severity that fails a run (`--fail-on`, `fail-on`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    High,
    Medium,
    Low,
    Never,
}

/// The names looked for at the root, in order.
pub(crate) const FILE_NAMES: [&str; 2] = [".jwtscan.yaml", ".jwtscan.yml"];

/// The defaults of the keys that have one.
pub(crate) const DEFAULT_ROTATION_DAYS: u32 = 90;
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// The file as written.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub paths: PathsConfig,
    #[serde(default)]
    pub allow: AllowConfig,
    /// Rule files in the built-in schema, relative to this file.
    #[serde(default)]
    pub extra_rules: Vec<String>,
    pub rotation_days: Option<u32>,
    pub max_file_size: Option<u64>,
    pub fail_on: Option<FailOn>,
    /// A baseline file (`jwtscan baseline`), relative to this file.
    pub baseline: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RulesConfig {
    #[serde(default)]
    pub disable: Vec<String>,
    /// When given, every other rule is off.
    pub enable_only: Option<Vec<String>>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PathsConfig {
    /// Globs never scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs of test code (replaces the built-in list).
    pub test: Option<Vec<String>>,
    /// Also scan third-party trees (`vendor/`, `node_modules/` ...) and
    /// minified bundles, which are skipped by default.
    pub vendored: Option<bool>,
}

#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AllowConfig {
    /// SHA-256 hex digests of secret values, or regexes they match whole.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Globs whose findings are dropped.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Default, Clone)]
pub(crate) struct Loaded {
    pub config: Config,
    /// The file, if one was read (in a revision: `REV:path`).
    pub file: Option<PathBuf>,
    text: String,
    /// Read from this git revision of the repository at the root, not
    /// from the work tree.
    rev: Option<(PathBuf, String)>,
}

impl Loaded {
    /// The configuration at `root` (or `explicit`), or the defaults.
    pub(crate) fn find(root: &Path, explicit: Option<&Path>) -> Result<Loaded> {
        let file = match explicit {
            Some(path) => {
                if std::fs::metadata(path).is_err() {
                    bail!("config file {} does not exist", path.display());
                }
                Some(path.to_path_buf())
            }
            None => FILE_NAMES
                .iter()
                .map(|n| root.join(n))
                .find(|p| std::fs::symlink_metadata(p).is_ok()),
        };
        let Some(file) = file else {
            return Ok(Loaded::default());
        };
        if explicit.is_none() {
            // The tree's own file may be a committed link to anything on
            // the machine; one named on the command line was chosen.
            crate::fsio::inside(&file, root).context("config file")?;
        }
        let text =
            crate::fsio::read_text(&file, crate::fsio::CONFIG_CAP, crate::fsio::Links::Follow)
                .with_context(|| format!("cannot read config file {}", file.display()))?;
        Loaded::parse(text, file, None)
    }

    /// The configuration in git revision `rev` of the repository at
    /// `root`, or the defaults when that revision has none.
    pub(crate) fn at_rev(root: &Path, rev: &str) -> Result<Loaded> {
        let repo = git2::Repository::open(root).with_context(|| {
            format!("--config-rev needs a git repository at {}", root.display())
        })?;
        let tree = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_tree())
            .with_context(|| format!("--config-rev: no revision {rev:?}"))?;
        for name in FILE_NAMES {
            let Ok(entry) = tree.get_path(Path::new(name)) else {
                continue;
            };
            let blob = entry
                .to_object(&repo)
                .and_then(|o| o.peel_to_blob())
                .with_context(|| format!("--config-rev: cannot read {rev}:{name}"))?;
            let text = String::from_utf8(blob.content().to_vec())
                .with_context(|| format!("{rev}:{name} is not UTF-8"))?;
            let file = PathBuf::from(format!("{rev}:{name}"));
            return Loaded::parse(text, file, Some((root.to_path_buf(), rev.to_string())));
        }
        Ok(Loaded {
            rev: Some((root.to_path_buf(), rev.to_string())),
            ..Loaded::default()
        })
    }

    fn parse(text: String, file: PathBuf, rev: Option<(PathBuf, String)>) -> Result<Loaded> {
        let config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            crate::yaml::parse(&text).map_err(|e| {
                anyhow::anyhow!("{}:{}: {}", file.display(), e.position(), e.message)
            })?
        };
        Ok(Loaded {
            config,
            file: Some(file),
            text,
            rev,
        })
    }

    /// A configuration from its text alone (fuzzing).
    pub(crate) fn from_text(text: &str) -> Result<Loaded> {
        Loaded::parse(text.to_string(), PathBuf::from(".jwtscan.yaml"), None)
    }

    #[cfg(test)]
    fn read(file: &Path) -> Result<Loaded> {
        let text = std::fs::read_to_string(file)?;
        Loaded::parse(text, file.to_path_buf(), None)
    }

    /// `file:line: message`, the line being the first that mentions `what`.
    fn error(&self, what: &str, message: &str) -> anyhow::Error {
        let file = self
            .file
            .as_ref()
            .map_or("<config>".to_string(), |f| f.display().to_string());
        let line = self
            .text
            .lines()
            .position(|l| l.contains(what))
            .map_or("?".to_string(), |i| (i + 1).to_string());
        // One line: a regex error draws its position over several.
        let message: Vec<&str> = message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '^'))
            .collect();
        anyhow::anyhow!("{file}:{line}: {}", message.join(" "))
    }

    /// Reads `name`, relative to the configuration file, from where the
    /// configuration came from; it must stay inside `root`.
    pub(crate) fn read_beside(&self, root: &Path, key: &str, name: &str) -> Result<Vec<u8>> {
        let fail = |why: String| self.error(name, &format!("{key}: {name}: {why}"));
        if let Some((repo_root, rev)) = &self.rev {
            // In a revision: a path from the root, `..` never leaving it.
            let mut parts: Vec<&str> = Vec::new();
            for part in name.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        if parts.pop().is_none() {
                            return Err(fail("outside the repository".into()));
                        }
                    }
                    p => parts.push(p),
                }
            }
            let rel = parts.join("/");
            let repo = git2::Repository::open(repo_root).map_err(|e| fail(e.to_string()))?;
            let blob = repo
                .revparse_single(&format!("{rev}:{rel}"))
                .and_then(|o| o.peel_to_blob())
                .map_err(|_| fail(format!("not in revision {rev}")))?;
            return Ok(blob.content().to_vec());
        }
        let base = self
            .file
            .as_ref()
            .and_then(|f| f.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(root);
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let real = base
            .join(name)
            .canonicalize()
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        if !real.starts_with(&root) {
            return Err(fail("outside the repository".into()));
        }
        let cap = if key == "baseline" {
            crate::fsio::BASELINE_CAP
        } else {
            crate::fsio::RULE_FILE_CAP
        };
        crate::fsio::read_regular(&real, cap, crate::fsio::Links::Follow)
            .map_err(|e| fail(format!("cannot read: {e}")))
    }

    /// The extra rule files, by name and text.
    pub(crate) fn extra_rules(&self, root: &Path) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for name in &self.config.extra_rules {
            let bytes = self.read_beside(root, "extra-rules", name)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| self.error(name, &format!("extra-rules: {name} is not UTF-8")))?;
            out.push((name.clone(), text));
        }
        Ok(out)
    }

    /// The baseline the configuration names, read.
    pub(crate) fn baseline(&self, root: &Path) -> Result<Option<crate::baseline::Baseline>> {
        let Some(name) = &self.config.baseline else {
            return Ok(None);
        };
        let bytes = self.read_beside(root, "baseline", name)?;
        crate::baseline::Baseline::parse(&bytes, name).map(Some)
    }

    /// Checks the file against `rules` and compiles what a scan applies.
    pub(crate) fn policy(&self, rules: &RuleSet) -> Result<Policy> {
        let c = &self.config;
        let known = |id: &String| -> Result<String> {
            match rules.rule(id) {
                Some(rule) => Ok(rule.id.clone()),
                None => Err(self.error(
                    id,
                    &format!("unknown rule {id:?} (`jwtscan rules` lists them)"),
                )),
            }
        };
        let disabled: HashSet<String> = c.rules.disable.iter().map(known).collect::<Result<_>>()?;
        let enabled: Option<HashSet<String>> = c
            .rules
            .enable_only
            .as_ref()
            .map(|ids| ids.iter().map(known).collect::<Result<_>>())
            .transpose()?;
        let mut severity = BTreeMap::new();
        for (id, level) in &c.rules.severity {
            severity.insert(known(id)?, *level);
        }
        let globs = |key: &str, list: &[String]| -> Result<Option<GlobSet>> {
            if list.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for g in list {
                builder.add(
                    Glob::new(g)
                        .map_err(|e| self.error(g, &format!("{key}: bad glob {g:?}: {e}")))?,
                );
            }
            builder
                .build()
                .map(Some)
                .map_err(|e| self.error(key, &format!("{key}: {e}")))
        };
        let test = match &c.paths.test {
            Some(list) => TestPaths::new(globs("test", list)?.unwrap_or_else(GlobSet::empty)),
            None => TestPaths::default_set(),
        };
        let mut hashes = HashSet::new();
        let mut patterns = Vec::new();
        for entry in &c.allow.secrets {
            let hex = entry.strip_prefix("sha256:").unwrap_or(entry);
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                hashes.insert(hex.to_ascii_lowercase());
            } else {
                let regex = regex::Regex::new(&format!(r"\A(?:{entry})\z")).map_err(|e| {
                    self.error(entry, &format!("allow.secrets: bad regex {entry:?}: {e}"))
                })?;
                patterns.push(regex);
            }
        }
        if c.max_file_size == Some(0) {
            return Err(self.error("max-file-size", "max-file-size must be at least 1"));
        }
        if c.rotation_days == Some(0) {
            return Err(self.error("rotation-days", "rotation-days must be at least 1"));
        }
        Ok(Policy {
            disabled,
            enabled,
            severity,
            test,
            exclude: globs("paths.exclude", &c.paths.exclude)?,
            allow_paths: globs("allow.paths", &c.allow.paths)?,
            allow_hashes: hashes,
            allow_patterns: patterns,
        })
    }

    /// The effective configuration: the file's values with every default
    /// filled in (`jwtscan config --print`).
    pub(crate) fn effective(&self) -> Config {
        let mut c = self.config.clone();
        c.rotation_days.get_or_insert(DEFAULT_ROTATION_DAYS);
        c.max_file_size.get_or_insert(DEFAULT_MAX_FILE_SIZE);
        c.fail_on.get_or_insert(FailOn::Medium);
        c.paths.vendored.get_or_insert(false);
        c.paths
            .test
            .get_or_insert_with(|| TEST_GLOBS.iter().map(|g| g.to_string()).collect());
        c
    }
}

/// What a scan applies to its findings.
pub(crate) struct Policy {
    disabled: HashSet<String>,
    enabled: Option<HashSet<String>>,
    severity: BTreeMap<String, Severity>,
    test: TestPaths,
    exclude: Option<GlobSet>,
    allow_paths: Option<GlobSet>,
    allow_hashes: HashSet<String>,
    allow_patterns: Vec<regex::Regex>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            disabled: HashSet::new(),
            enabled: None,
            severity: BTreeMap::new(),
            test: TestPaths::default_set(),
            exclude: None,
            allow_paths: None,
            allow_hashes: HashSet::new(),
            allow_patterns: Vec::new(),
        }
    }
}

impl Policy {
    /// Whether `rule_id` runs.
    pub(crate) fn enabled(&self, rule_id: &str) -> bool {
        !self.disabled.contains(rule_id)
            && self.enabled.as_ref().is_none_or(|e| e.contains(rule_id))
    }

    /// The globs of paths never scanned, for the tree walk.
    pub(crate) fn exclude_set(&self) -> Option<GlobSet> {
        self.exclude.clone()
    }

    /// Whether `path` (relative, `/`-separated) is never scanned.
    pub(crate) fn excluded(&self, path: &str) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }

    fn allowed_secret(&self, secret: &str) -> bool {
        if !self.allow_hashes.is_empty() {
            let hex = format!("{:x}", Sha256::digest(secret.as_bytes()));
            if self.allow_hashes.contains(&hex) {
                return true;
            }
        }
        self.allow_patterns.iter().any(|r| r.is_match(secret))
    }

    /// Drops what is switched off, excluded or allowed; applies severity
    /// overrides, then lowers test code (docs/RULES.md's order). Returns how
    /// many findings the allow lists dropped.
    pub(crate) fn apply(&self, findings: &mut Vec<Finding>) -> u64 {
        findings.retain(|f| self.enabled(&f.rule_id) && !self.excluded(&f.path));
        let selected = findings.len();
        findings.retain(|f| {
            !self
                .allow_paths
                .as_ref()
                .is_some_and(|g| g.is_match(&f.path))
                && !f.secret.as_deref().is_some_and(|s| self.allowed_secret(s))
        });
        let allowed = (selected - findings.len()) as u64;
        for f in findings.iter_mut() {
            if let Some(level) = self.severity.get(&f.rule_id) {
                f.severity = *level;
            }
        }
        self.test.apply(findings);
        allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(text: &str) -> Result<Loaded> {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join(".jwtscan.yaml");
        std::fs::write(&file, text).expect("write");
        Loaded::read(&file)
    }

    #[test]
    fn unknown_keys_name_the_key_file_and_line() {
        let err = loaded("rules:\n  disable: [JWT204]\n  disabel: [JWT701]\n")
            .expect_err("unknown key")
            .to_string();
        assert!(err.contains(".jwtscan.yaml:3:"), "{err}");
        assert!(err.contains("disabel"), "{err}");
    }

    #[test]
    fn unknown_rules_and_bad_values_are_errors() {
        let rules = RuleSet::builtin().expect("rules");
        let err = loaded("rules:\n  disable:\n    - JWT999\n")
            .expect("parses")
            .policy(&rules)
            .err()
            .expect("unknown rule")
            .to_string();
        assert!(err.contains(":3: unknown rule \"JWT999\""), "{err}");
        let err = loaded("rules:\n  severity:\n    JWT701: urgent\n")
            .expect_err("bad severity")
            .to_string();
        assert!(err.contains(":3:"), "{err}");
        let err = loaded("fail-on: sometimes\n")
            .expect_err("bad fail-on")
            .to_string();
        assert!(err.contains(":1:"), "{err}");
        let err = loaded("allow:\n  secrets: ['(unclosed']\n")
            .expect("parses")
            .policy(&rules)
            .err()
            .expect("bad regex")
            .to_string();
        assert!(err.contains(":2: allow.secrets: bad regex"), "{err}");
    }
}
