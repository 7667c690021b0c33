//! Sources of blobs and the scanner that applies every rule to each.
//!
//! Data moves one way: a source yields [`Blob`]s, the scanner turns each into
//! findings with `detect`, and `report` formats them. Sources never print.

pub(crate) mod envfile;
pub(crate) mod envrules;
pub(crate) mod history;
pub(crate) mod ignores;
pub(crate) mod services;
pub(crate) mod split;
pub(crate) mod staged;
pub(crate) mod testcode;
pub(crate) mod walker;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

use crate::detect;
use crate::finding::Finding;
use crate::rules::RuleSet;

/// One file's content and the path findings will name.
pub(crate) struct Blob<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    /// The language the path was found to be in before it was read.
    pub language: usize,
}

/// What a source saw.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ScanStats {
    pub files: u64,
    pub bytes: u64,
    pub binary: u64,
    pub large: u64,
    pub unreadable: u64,
}

/// The validated settings of one scan.
#[derive(Debug, Clone)]
pub(crate) struct ScanOptions {
    pub paths: Vec<PathBuf>,
    pub threads: usize,
    pub max_file_size: u64,
    /// Paths never read (`paths.exclude` in `.jwtscan.yaml`).
    pub exclude: Option<globset::GlobSet>,
}

/// A finished scan: findings in report order, totals and warnings.
pub(crate) struct ScanOutput {
    pub findings: Vec<Finding>,
    pub stats: ScanStats,
    pub suppressed: u64,
    pub warnings: Vec<String>,
    /// The `.env` rules (3xx, 401) did not run: not in a git work tree.
    pub env_rules_skipped: bool,
    /// `jwtscan:ignore` markers that suppressed nothing: path and line.
    pub unused_ignores: Vec<(String, usize)>,
    /// Findings dropped while scanning by the per-file cap, by path.
    pub capped: Vec<(String, usize)>,
}

/// Resolves each PATH to a walk root and the base its paths are relative to:
/// the git work tree's root when PATH is inside one, else PATH itself.
pub(crate) fn roots(paths: &[PathBuf]) -> Result<Vec<walker::Root>> {
    let mut roots = Vec::new();
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            bail!("{}: no such file or directory", path.display());
        }
        let canonical = path
            .canonicalize()
            .with_context(|| format!("{}: cannot resolve path", path.display()))?;
        let base = work_tree_root(&canonical).unwrap_or_else(|| {
            if canonical.is_dir() {
                canonical.clone()
            } else {
                canonical
                    .parent()
                    .map_or_else(|| canonical.clone(), Path::to_path_buf)
            }
        });
        roots.push(walker::Root {
            path: canonical,
            base,
        });
    }
    Ok(roots)
}

/// The root of the git work tree holding `path`, if any.
fn work_tree_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { path } else { path.parent()? };
    let repo = git2::Repository::discover(start).ok()?;
    let workdir = repo.workdir()?;
    workdir.canonicalize().ok()
}

type IgnoreNotes = (Vec<(String, usize)>, Vec<String>);

/// Scans the working tree under `options.paths`.
pub(crate) fn scan_tree(rules: &RuleSet, options: &ScanOptions) -> Result<ScanOutput> {
    let roots = roots(&options.paths)?;
    let findings = Mutex::new(Vec::new());
    let walked = Mutex::new(envrules::Walked::default());
    let capped: Mutex<Vec<(String, usize)>> = Mutex::default();
    let suppressed = std::sync::atomic::AtomicU64::new(0);
    // Unused `jwtscan:ignore` markers (path, line), and warnings.
    let ignore_notes: Mutex<IgnoreNotes> = Mutex::default();
    let repos = envrules::open_all(&roots);
    let in_repo = repos.iter().any(Option::is_some);
    let (stats, warnings) = walker::walk(
        &roots,
        options.threads,
        options.max_file_size,
        |path| {
            if options.exclude.as_ref().is_some_and(|g| g.is_match(path)) {
                return None;
            }
            rules.language_of(path)
        },
        |blob| {
            let result = detect::scan_as(rules, blob.language, blob.path, blob.bytes);
            suppressed.fetch_add(result.suppressed, std::sync::atomic::Ordering::Relaxed);
            if !result.markers.all().is_empty() {
                let (unused, warns) = result.ignore_notes(rules, blob.path);
                if let Ok(mut notes) = ignore_notes.lock() {
                    notes
                        .0
                        .extend(unused.into_iter().map(|l| (blob.path.to_string(), l)));
                    notes.1.extend(warns);
                }
            }
            if result.capped > 0 {
                if let Ok(mut c) = capped.lock() {
                    c.push((blob.path.to_string(), result.capped));
                }
            }
            let env = envfile::is_env_file(blob.path);
            let compose = envfile::is_compose_file(blob.path);
            let manifest = services::is_manifest(blob.path);
            if env || compose || manifest || !result.keys.is_empty() || !result.env_keys.is_empty()
            {
                if let Ok(mut w) = walked.lock() {
                    if env {
                        w.env_files.insert(blob.path.to_string());
                    }
                    if compose {
                        w.compose_files.push(blob.path.to_string());
                    }
                    if manifest {
                        w.manifests.push(blob.path.to_string());
                    }
                    if !result.keys.is_empty() {
                        w.keys.push((blob.path.to_string(), result.keys));
                    }
                    w.env_keys.extend(result.env_keys);
                }
            }
            if !result.findings.is_empty() {
                if let Ok(mut all) = findings.lock() {
                    all.extend(result.findings);
                }
            }
        },
        |dir, path| {
            // The walk skips ignored files, so ignored env files are looked
            // for here, on the walk's threads (the env rules need a repo).
            if !in_repo {
                return;
            }
            let found = envfile::env_files_in(dir, path);
            if !found.is_empty() {
                if let Ok(mut w) = walked.lock() {
                    w.dir_env_files.extend(found);
                }
            }
        },
    );
    let mut findings = findings.into_inner().unwrap_or_default();
    let mut warnings = warnings;
    let (mut unused_ignores, ignore_warnings) = ignore_notes.into_inner().unwrap_or_default();
    unused_ignores.sort();
    warnings.extend(ignore_warnings);
    let walked = walked.into_inner().unwrap_or_default();
    let shared = services::shared_keys(rules, &findings, &walked.env_keys, &walked.manifests);
    findings.extend(shared);
    let env = envrules::check(rules, &roots, &repos, walked, options.max_file_size);
    findings.extend(env.findings);
    warnings.extend(env.warnings);
    if env.large > 0 {
        warnings.push(format!(
            "{} env file{} larger than --max-file-size ({} bytes) skipped",
            env.large,
            if env.large == 1 { "" } else { "s" },
            options.max_file_size
        ));
    }
    let mut stats = stats;
    stats.files += env.files;
    stats.bytes += env.bytes;
    stats.large += env.large;
    crate::finding::sort(&mut findings);
    // Two roots inside one repository can name the same file twice.
    findings.dedup_by(|a, b| {
        a.path == b.path && a.line == b.line && a.column == b.column && a.rule_id == b.rule_id
    });
    Ok(ScanOutput {
        findings,
        stats,
        suppressed: suppressed.into_inner(),
        warnings,
        env_rules_skipped: env.skipped,
        unused_ignores,
        capped: capped.into_inner().unwrap_or_default(),
    })
}
