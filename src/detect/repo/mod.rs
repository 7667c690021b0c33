//! Repository rules: pure functions over what a whole scan collected (the
//! [`Inventory`]) and the per-file findings, never over one file's bytes.
//! Sources fill the inventory; the scanner runs [`RULES`] in order, the
//! same list in every mode (a rule whose part of the inventory a mode
//! leaves empty finds nothing), then cracking ([`crack`]) and the
//! test-code policy ([`testcode`]) later in its finish step.
//!
//! Detection layer: nothing here reads a file, opens git or prints; each
//! rule is testable with an inventory built by hand.

pub(crate) mod crack;
pub(crate) mod crossfile;
pub(crate) mod env;
pub(crate) mod fixed;
pub(crate) mod rotation;
pub(crate) mod services;
pub(crate) mod testcode;

use std::collections::HashSet;

use super::keyref::{KeyDef, KeyRef};
use super::{FileResult, KeyValue};
use crate::finding::{CommitInfo, Finding};
use crate::rules::RuleSet;

/// What the repository rules need from a scan, filled by its source.
#[derive(Debug, Default)]
pub(crate) struct Inventory {
    /// JWT key values in `.env` and config files, weak or not, by path
    /// (JWT401 compares them across environments).
    pub keys: Vec<(String, Vec<KeyValue>)>,
    /// JWT keys code reads from environment variables, by the variable's
    /// name, as JWT604 findings waiting for a second service.
    pub env_keys: Vec<(String, Finding)>,
    /// Build manifests (`package.json`, `go.mod` ...): the services.
    pub manifests: Vec<String>,
    /// Env files git holds, is about to commit, or once committed (JWT302).
    pub tracked_env: Vec<TrackedEnv>,
    /// Env files on disk that git does not hold (JWT301), and tracked
    /// files only docker-compose calls env files (JWT302).
    pub untracked_env: Vec<EnvFile>,
    /// Per repository scanned whole: which of the names its root's ignore
    /// rules must cover they miss (JWT303).
    pub ignore_gaps: Vec<IgnoreGap>,
    /// History: the secrets in `HEAD`'s tree (JWT501/502).
    pub head: Option<Head>,
    /// The work trees found below the scan's root (sibling checkouts,
    /// nested repositories, submodules), as path prefixes: the rules that
    /// compare files (JWT401, JWT604) compare them within one repository,
    /// so a folder of ten repositories reports what ten scans would.
    pub repositories: Vec<String>,
    /// Sinks whose key is a name bound in another file, by path.
    pub key_refs: Vec<(String, KeyRef)>,
    /// Key-like names bound in code, by path.
    pub key_defs: Vec<(String, KeyDef)>,
    /// `package.json` files: the lowest major version each declares of
    /// the packages flags name in `fixed_in`.
    pub packages: Vec<(String, Vec<(String, u64)>)>,
}

impl Inventory {
    /// Takes what a file's scan gave the repository rules: its key values,
    /// env-read keys, key references and definitions, declared packages.
    pub(crate) fn add_file(&mut self, path: &str, result: &mut FileResult) {
        if !result.keys.is_empty() {
            self.keys
                .push((path.to_string(), std::mem::take(&mut result.keys)));
        }
        self.env_keys.append(&mut result.env_keys);
        self.key_refs
            .extend(result.key_refs.drain(..).map(|r| (path.to_string(), r)));
        self.key_defs
            .extend(result.key_defs.drain(..).map(|d| (path.to_string(), d)));
        if !result.packages.is_empty() {
            self.packages
                .push((path.to_string(), std::mem::take(&mut result.packages)));
        }
    }

    /// The repository `path` belongs to: the longest prefix in
    /// [`Inventory::repositories`] above it, `""` for the root's own.
    pub(crate) fn repository_of(&self, path: &str) -> &str {
        self.repositories
            .iter()
            .filter(|r| path.starts_with(r.as_str()) && path.as_bytes().get(r.len()) == Some(&b'/'))
            .max_by_key(|r| r.len())
            .map_or("", String::as_str)
    }
}

/// An env file in git: its path, the content git holds, and for history
/// the commit that first added it at that path.
#[derive(Debug, Clone)]
pub(crate) struct TrackedEnv {
    pub path: String,
    pub bytes: Vec<u8>,
    pub commit: Option<CommitInfo>,
}

/// What git says of a file in the work tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GitStatus {
    Tracked,
    /// Untracked, and git would not ignore it.
    New,
    Ignored,
}

/// An env file read from the work tree.
#[derive(Debug, Clone)]
pub(crate) struct EnvFile {
    pub path: String,
    pub status: GitStatus,
    pub bytes: Vec<u8>,
    /// Named like an env file (`.env`, `*.env`), not only loaded by compose.
    pub env_named: bool,
}

/// A repository root whose ignore rules leave some of
/// [`env::MUST_IGNORE`] unignored.
#[derive(Debug, Clone)]
pub(crate) struct IgnoreGap {
    /// The repository's root `.gitignore`, as reports name it.
    pub path: String,
    pub missing: Vec<&'static str>,
    /// The root `.gitignore`, for the finding's source line.
    pub gitignore: Vec<u8>,
}

/// The state of `HEAD` a history scan compares keys against.
#[derive(Debug, Clone, Default)]
pub(crate) struct Head {
    /// Hashes ([`rotation::secret_hash`]) of the secrets in its tree.
    pub secrets: HashSet<u64>,
    /// A shallow clone: first-commit dates are unknown.
    pub shallow: bool,
}

/// What every repository rule is given besides the inventory.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub rules: &'a RuleSet,
    /// Seconds since the epoch, for the rotation window.
    pub now: i64,
    pub rotation_days: u32,
}

/// A repository rule: new findings from the inventory and the findings so
/// far.
pub(crate) type RepoRule = fn(&Context<'_>, &Inventory, &[Finding]) -> Vec<Finding>;

/// The repository rules, in the order they run, with the rule IDs each
/// can report.
pub(crate) const RULES: [(&str, RepoRule); 4] = [
    ("JWT201 JWT101 JWT102 JWT103", crossfile::check),
    ("JWT604", services::check),
    ("JWT301 JWT302 JWT303 JWT401", env::check),
    ("JWT501 JWT502", rotation::check),
];

/// Runs [`RULES`] and appends what they find to `findings`.
pub(crate) fn run(context: &Context<'_>, inventory: &Inventory, findings: &mut Vec<Finding>) {
    for (_, rule) in RULES {
        let found = rule(context, inventory, findings);
        findings.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_rule_is_in_the_catalog() {
        let rules = RuleSet::builtin().expect("rules");
        for (ids, _) in RULES {
            for id in ids.split(' ') {
                assert!(rules.rule(id).is_some(), "{id}");
            }
        }
    }
}
