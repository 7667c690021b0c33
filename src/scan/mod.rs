//! Sources: what a scan reads. The tree ([`tree`], by [`walker`]), what
//! `git commit` would commit or a branch changes ([`staged`]), and every
//! commit ([`history`]). Each enumerates and reads blobs, hands each to the
//! detector (`detect::Detector`, the per-file rules), and returns the
//! findings with the [`Inventory`] the repository rules need; the scanner
//! (`crate::scanner`) runs those and everything after.
//!
//! Sources never print, never apply policy and import no reporter; progress
//! and cancellation come in from the caller.

pub(crate) mod envfile;
pub(crate) mod envfiles;
pub(crate) mod history;
pub(crate) mod ignores;
pub(crate) mod memory;
pub(crate) mod split;
pub(crate) mod staged;
pub(crate) mod tree;
pub(crate) mod walker;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::detect::repo::Inventory;
use crate::finding::Finding;

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
    /// Third-party trees and minified bundles not entered (`vendor/`,
    /// `node_modules/`, `*.min.js`).
    pub vendored: u64,
}

impl ScanStats {
    /// Counts a blob read whole: whether to scan it (not over `max` bytes,
    /// not binary). The one admission rule of the sources that read whole
    /// blobs (the walk counts the same, concurrently, as it reads).
    pub(crate) fn admit(&mut self, bytes: &[u8], max: u64) -> bool {
        if bytes.len() as u64 > max {
            self.large += 1;
            false
        } else if walker::is_binary(bytes) {
            self.binary += 1;
            false
        } else {
            self.files += 1;
            self.bytes += bytes.len() as u64;
            true
        }
    }

    pub(crate) fn add(&mut self, other: &ScanStats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.binary += other.binary;
        self.large += other.large;
        self.unreadable += other.unreadable;
        self.vendored += other.vendored;
    }
}

/// What a source hands the scanner: the per-file findings (in the order
/// found), what the repository rules need, totals and warnings.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    pub findings: Vec<Finding>,
    pub inventory: Inventory,
    pub stats: ScanStats,
    pub suppressed: u64,
    pub warnings: Vec<String>,
    /// The `.env` rules (3xx) did not run: not in a git work tree.
    pub env_rules_skipped: bool,
    /// `jwtscan:ignore` markers that suppressed nothing: path and line.
    pub unused_ignores: Vec<(String, usize)>,
    /// Findings dropped while scanning by the per-file cap, by path.
    pub capped: Vec<(String, usize)>,
    /// History: commits walked.
    pub commits: Option<u64>,
}

/// How a caller stops a source (Ctrl-C) and hears how far it got.
#[derive(Clone, Copy)]
pub(crate) struct Hooks<'a> {
    /// Set when the scan must stop; sources check it between files.
    pub cancel: &'a std::sync::atomic::AtomicBool,
    /// Called with (done, total) units of a long scan (history: commits).
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
}

impl Hooks<'_> {
    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::Relaxed)
    }
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
