//! The tree source: the files under the PATHs, walked in parallel
//! ([`super::walker`]), each scanned by the detector as it is read; then the
//! env files of the repositories they are in ([`super::envfiles`]), the
//! ones the walk did not read scanned too.

use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::Result;

use super::envfiles::{self, Walked};
use super::{envfile, roots, Hooks, ScanStats, Scanned};
use crate::detect::repo::{services, Inventory};
use crate::detect::Detector;

/// The validated settings of a tree scan.
#[derive(Debug, Clone)]
pub(crate) struct TreeOptions {
    pub paths: Vec<PathBuf>,
    pub threads: usize,
    pub max_file_size: u64,
    /// Paths never read (`paths.exclude` in `.jwtscan.yaml`).
    pub exclude: Option<globset::GlobSet>,
    /// Leave out third-party trees and minified bundles (the default;
    /// `paths.vendored: true` brings them back).
    pub skip_vendored: bool,
}

/// What the walk's threads collect besides findings.
#[derive(Default)]
struct Collected {
    walked: Walked,
    inventory: Inventory,
    /// Unused `jwtscan:ignore` markers (path, line).
    unused_ignores: Vec<(String, usize)>,
    warnings: Vec<String>,
    capped: Vec<(String, usize)>,
}

/// Scans the working tree under `options.paths`.
pub(crate) fn scan(
    detector: &Detector<'_>,
    options: &TreeOptions,
    hooks: Hooks<'_>,
) -> Result<Scanned> {
    let rules = detector.rules;
    let roots = roots(&options.paths)?;
    let findings = Mutex::new(Vec::new());
    let collected = Mutex::new(Collected::default());
    let suppressed = std::sync::atomic::AtomicU64::new(0);
    let repos = envfiles::open_all(&roots);
    let in_repo = repos.iter().any(Option::is_some);
    let visited: Mutex<Vec<String>> = Mutex::default();
    // The work trees met below the roots (directories holding `.git`).
    let below: Mutex<std::collections::HashSet<std::path::PathBuf>> = Mutex::default();
    let walk = super::walker::WalkOptions {
        threads: options.threads,
        max_file_size: options.max_file_size,
        skip_vendored: options.skip_vendored,
        cancel: hooks.cancel,
    };
    let walked = super::walker::walk(
        &roots,
        &walk,
        |path| {
            // Every file met, for the tracked files an ignore rule hides
            // (a repository may be met anywhere below the roots).
            if let Ok(mut v) = visited.lock() {
                v.push(path.to_string());
            }
            if options.exclude.as_ref().is_some_and(|g| g.is_match(path)) {
                return None;
            }
            rules.language_of(path)
        },
        |blob| {
            let mut result = detector.scan_as(blob.language, blob.path, blob.bytes);
            suppressed.fetch_add(result.suppressed, std::sync::atomic::Ordering::Relaxed);
            let notes =
                (!result.markers.all().is_empty()).then(|| result.ignore_notes(rules, blob.path));
            let env = rules.words.is_env_file(blob.path);
            let compose = envfile::is_compose_file(blob.path);
            let manifest = services::is_manifest(blob.path);
            if env
                || compose
                || manifest
                || notes.is_some()
                || result.capped > 0
                || result.feeds_inventory()
            {
                if let Ok(mut c) = collected.lock() {
                    let path = blob.path.to_string();
                    if let Some((unused, warns)) = notes {
                        c.unused_ignores
                            .extend(unused.into_iter().map(|l| (path.clone(), l)));
                        c.warnings.extend(warns);
                    }
                    if result.capped > 0 {
                        c.capped.push((path.clone(), result.capped));
                    }
                    if env {
                        c.walked.env_files.insert(path.clone());
                    }
                    if compose {
                        c.walked.compose_files.push(path.clone());
                    }
                    if manifest {
                        c.inventory.manifests.push(path.clone());
                    }
                    c.inventory.add_file(&path, &mut result);
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
            // for here, on the walk's threads (the env rules need a repo:
            // the roots', or one met below them, a work tree with `.git`).
            // A `.git` here is a work tree: the ignore rules may hide the
            // `.git` itself from the walk (a `.*` pattern), so it is
            // looked for by name, one `lstat` per directory.
            let nested = std::fs::symlink_metadata(path.join(".git")).is_ok();
            let Ok(mut trees) = below.lock() else { return };
            if nested {
                trees.insert(path.to_path_buf());
            } else if !in_repo && !path.ancestors().any(|a| trees.contains(a)) {
                return;
            }
            drop(trees);
            let found = envfile::env_files_in(&rules.words, dir, path);
            if !found.is_empty() {
                if let Ok(mut c) = collected.lock() {
                    c.walked.dir_env_files.extend(found);
                }
            }
        },
    );
    let (mut stats, mut warnings) = (walked.stats, walked.warnings);
    let mut findings = findings.into_inner().unwrap_or_default();
    let mut c = collected.into_inner().unwrap_or_default();
    c.walked.visited = visited
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .collect();
    c.unused_ignores.sort();
    warnings.append(&mut c.warnings);
    let mut work_trees: Vec<std::path::PathBuf> =
        below.into_inner().unwrap_or_default().into_iter().collect();
    work_trees.sort();
    let env = envfiles::gather(
        &rules.words,
        &roots,
        &repos,
        &work_trees,
        &c.walked,
        options.max_file_size,
    );
    warnings.extend(env.warnings);
    if env.large > 0 {
        warnings.push(format!(
            "{} env file{} larger than --max-file-size ({} bytes) skipped",
            env.large,
            if env.large == 1 { "" } else { "s" },
            options.max_file_size
        ));
    }
    stats.large += env.large;
    // Files the walk did not read, scanned as it would have.
    let mut scan_unwalked = |stats: &mut ScanStats, lang: usize, path: &str, bytes: &[u8]| {
        if !stats.admit(bytes, options.max_file_size) {
            return;
        }
        let mut result = detector.scan_as(lang, path, bytes);
        findings.append(&mut result.findings);
        c.inventory.add_file(path, &mut result);
    };
    // The env files the walk did not read: their keys get a verdict too.
    if let Some(dotenv) = rules.language_named("dotenv") {
        for (path, bytes) in &env.unread {
            scan_unwalked(&mut stats, dotenv, path, bytes);
        }
    }
    // Tracked files an ignore rule hid from the walk: in the repository
    // all the same.
    for (file, path) in &env.hidden {
        if options.exclude.as_ref().is_some_and(|g| g.is_match(path))
            || (options.skip_vendored && super::walker::is_vendored_path(path))
        {
            continue;
        }
        let Some(lang) = rules.language_of(path) else {
            continue;
        };
        match crate::fsio::read_regular(file, options.max_file_size, crate::fsio::Links::Refuse) {
            Ok(bytes) => scan_unwalked(&mut stats, lang, path, &bytes),
            Err(crate::fsio::ReadError::TooLarge { .. }) => stats.large += 1,
            Err(e) => {
                stats.unreadable += 1;
                warnings.push(format!(
                    "cannot read {}: {e}",
                    crate::text::escape_control(path)
                ));
            }
        }
    }
    let mut inventory = c.inventory;
    inventory.tracked_env = env.tracked;
    inventory.untracked_env = env.files;
    inventory.ignore_gaps = env.gaps;
    inventory.repositories = env.repositories;
    Ok(Scanned {
        findings,
        inventory,
        stats,
        suppressed: suppressed.into_inner(),
        warnings,
        env_rules_skipped: env.skipped,
        unused_ignores: c.unused_ignores,
        capped: c.capped,
        commits: None,
    })
}
