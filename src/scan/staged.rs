//! Git change sources: what `git commit` would commit (`--staged`: the index
//! against `HEAD`, honouring `GIT_INDEX_FILE`) and what a branch changes
//! (`--diff BASE`: the merge base's tree against `HEAD`'s).
//!
//! Blobs are read from the object database, never from the working tree, so
//! a file staged clean and edited dirty afterwards is judged by what would
//! be committed. Renames are detected, so a moved file is not all new. By
//! default only findings that touch an added or modified line are kept. The
//! index is read with gix-index (see `git/index.rs` for why); everything else
//! with git2.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use git2::{Delta, Diff, DiffFindOptions, DiffOptions, Oid, Repository};

use super::{Hooks, ScanStats, Scanned};
use crate::detect::repo::{Inventory, TrackedEnv};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::git;
use crate::git::index::{self, Staged};

/// One changed file of a diff.
struct Change {
    path: String,
    oid: Oid,
    /// Added or modified line numbers in the new content; `None` when the
    /// whole file is new.
    lines: Option<HashSet<usize>>,
}

/// What to compare.
pub(crate) enum Source<'a> {
    /// The index against `HEAD`.
    Staged,
    /// The merge base of `base` and `HEAD`, against `HEAD`.
    Since(&'a str),
}

/// Options of a change scan.
pub(crate) struct ChangeOptions<'a> {
    pub source: Source<'a>,
    /// Report every finding in the changed files, not only changed lines.
    pub all_lines: bool,
    pub max_file_size: u64,
    /// Limit to these paths (relative to the current directory).
    pub paths: &'a [PathBuf],
}

/// Scans the changes of `options.source` in the repository around `cwd`.
pub(crate) fn scan(
    detector: &Detector<'_>,
    cwd: &Path,
    options: &ChangeOptions<'_>,
    hooks: Hooks<'_>,
) -> Result<Scanned> {
    let rules = detector.rules;
    let repo = git::open(cwd)?;
    let prefixes = git::path_prefixes(&repo, cwd, options.paths)?;
    let changes = match options.source {
        Source::Staged => staged_changes(&repo)?,
        Source::Since(base) => changes(&branch_diff(&repo, base)?)?,
    };
    let mut stats = ScanStats::default();
    let odb = repo.odb().ok();
    let mut findings: Vec<Finding> = Vec::new();
    let mut suppressed = 0;
    let mut warnings = Vec::new();
    let mut unused_ignores = Vec::new();
    let mut inventory = Inventory::default();
    for change in changes {
        if hooks.cancelled() {
            break;
        }
        if !prefixes.is_empty() && !prefixes.iter().any(|p| git::under(&change.path, p)) {
            continue;
        }
        let env_file = rules.words.is_env_file(&change.path);
        if !detector.wants(&change.path) && !env_file {
            continue;
        }
        // The header says how large the blob is: one over the limit is
        // never inflated (500 MB staged cost 538 MB of memory).
        if odb
            .as_ref()
            .and_then(|o| o.read_header(change.oid).ok())
            .is_some_and(|(size, _)| size as u64 > options.max_file_size)
        {
            stats.large += 1;
            continue;
        }
        let blob = match repo.find_blob(change.oid) {
            Ok(b) => b,
            Err(e) => {
                stats.unreadable += 1;
                warnings.push(format!(
                    "cannot read {}: {e}",
                    crate::text::escape_control(&change.path)
                ));
                continue;
            }
        };
        let bytes = blob.content();
        if !stats.admit(bytes, options.max_file_size) {
            continue;
        }
        let result = detector.scan(&change.path, bytes);
        if env_file {
            // Committing a .env file is the mistake to stop: always new
            // (JWT302, whatever lines changed).
            inventory.tracked_env.push(TrackedEnv {
                path: change.path.clone(),
                bytes: bytes.to_vec(),
                commit: None,
            });
        }
        suppressed += result.suppressed;
        let (unused, warns) = result.ignore_notes(rules, &change.path);
        unused_ignores.extend(unused.into_iter().map(|l| (change.path.clone(), l)));
        warnings.extend(warns);
        findings.extend(
            result
                .findings
                .into_iter()
                .filter(|f| options.all_lines || env_file || touches(f, change.lines.as_ref())),
        );
    }
    Ok(Scanned {
        findings,
        inventory,
        stats,
        suppressed,
        warnings,
        unused_ignores,
        ..Scanned::default()
    })
}

/// Whether a finding's lines, or its sink's line, are among the changed ones.
fn touches(f: &Finding, lines: Option<&HashSet<usize>>) -> bool {
    let Some(lines) = lines else {
        return true;
    };
    (f.line..=f.end_line.max(f.line)).any(|l| lines.contains(&l))
        || f.sink_line.is_some_and(|l| lines.contains(&l))
}

fn diff_options() -> DiffOptions {
    let mut opts = DiffOptions::new();
    opts.context_lines(0).ignore_submodules(true);
    opts
}

/// The index (`GIT_INDEX_FILE` when set: `git commit -a`, partial commits)
/// against `HEAD` (or nothing, before the first commit), with renames
/// paired up so a moved file is not judged as all new.
fn staged_changes(repo: &Repository) -> Result<Vec<Change>> {
    let head = match repo.head() {
        Ok(h) => Some(h.peel_to_tree().context("HEAD does not point to a tree")?),
        Err(_) => None,
    };
    let index_path = match std::env::var_os("GIT_INDEX_FILE") {
        Some(path) => {
            let path = PathBuf::from(path);
            if path.is_relative() {
                // Git resolves it against the work tree root.
                repo.workdir().map_or(path.clone(), |w| w.join(&path))
            } else {
                path
            }
        }
        None => repo.path().join("index"),
    };
    if !index_path.exists() {
        // A repository where nothing was ever staged.
        return Ok(Vec::new());
    }
    let staged = index::staged(repo, &index_path, head.as_ref())?;
    let mut deleted: Vec<(String, Oid)> = Vec::new();
    let mut out = Vec::new();
    let mut added = Vec::new();
    for change in staged {
        match change {
            Staged::Deleted { path, old } => deleted.push((path, old)),
            Staged::Added { path, oid } => added.push((path, oid)),
            Staged::Modified { path, old, new } => {
                let lines = Some(added_lines(repo, old, new)?);
                out.push(Change {
                    path,
                    oid: new,
                    lines,
                });
            }
        }
    }
    for (path, oid) in added {
        // An exact move adds no line; an edited move adds what changed.
        let lines = if deleted.iter().any(|(_, old)| *old == oid) {
            Some(HashSet::new())
        } else {
            similar_source(repo, &deleted, oid)?
                .map(|old| added_lines(repo, old, oid))
                .transpose()?
        };
        out.push(Change { path, oid, lines });
    }
    Ok(out)
}

/// The line numbers `new` adds or changes against `old`. Diffed here (with
/// `similar`) rather than by libgit2, whose blob diff loads the whole index
/// again to look up diff attributes: 60% of a hook's time.
fn added_lines(repo: &Repository, old: Oid, new: Oid) -> Result<HashSet<usize>> {
    let old_blob = repo.find_blob(old)?;
    let new_blob = repo.find_blob(new)?;
    Ok(inserted_lines(old_blob.content(), new_blob.content()))
}

fn inserted_lines(old: &[u8], new: &[u8]) -> HashSet<usize> {
    let old: Vec<&[u8]> = old.split(|&b| b == b'\n').collect();
    let new: Vec<&[u8]> = new.split(|&b| b == b'\n').collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    let mut lines = HashSet::new();
    for op in &ops {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = *op
        {
            lines.extend(new_index + 1..=new_index + new_len);
        }
    }
    lines
}

/// A deleted blob that `new` is at least half the same as (a moved and
/// edited file), if any. Compares against a bounded number of candidates.
fn similar_source(repo: &Repository, deleted: &[(String, Oid)], new: Oid) -> Result<Option<Oid>> {
    if deleted.is_empty() {
        return Ok(None);
    }
    let new_blob = repo.find_blob(new)?;
    let new_lines = new_blob.content().split(|&b| b == b'\n').count().max(1);
    for (_, old) in deleted.iter().take(64) {
        let old_blob = repo.find_blob(*old)?;
        if inserted_lines(old_blob.content(), new_blob.content()).len() * 2 <= new_lines {
            return Ok(Some(*old));
        }
    }
    Ok(None)
}

/// The merge base of `base` and `HEAD`, against `HEAD`.
fn branch_diff<'r>(repo: &'r Repository, base: &str) -> Result<Diff<'r>> {
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|_| {
        anyhow!("HEAD does not point to a commit yet: nothing to compare with {base:?}")
    })?;
    let base_commit = repo
        .revparse_single(base)
        .with_context(|| format!("unknown revision {base:?}"))?
        .peel_to_commit()
        .with_context(|| format!("{base:?} is not a commit"))?;
    let merge_base = repo
        .merge_base(base_commit.id(), head.id())
        .with_context(|| format!("{base:?} and HEAD have no common ancestor"))?;
    let old = repo.find_commit(merge_base)?.tree()?;
    let mut diff =
        repo.diff_tree_to_tree(Some(&old), Some(&head.tree()?), Some(&mut diff_options()))?;
    find_renames(&mut diff)?;
    Ok(diff)
}

fn find_renames(diff: &mut Diff<'_>) -> Result<()> {
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(true);
    diff.find_similar(Some(&mut find))
        .context("rename detection failed")?;
    Ok(())
}

/// The added, modified, renamed and copied files of `diff`, with the lines
/// each adds or changes.
fn changes(diff: &Diff<'_>) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = Vec::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for delta in diff.deltas() {
        let status = delta.status();
        if !matches!(
            status,
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
        ) {
            continue;
        }
        let new = delta.new_file();
        let Some(path) = new.path() else { continue };
        if new.id().is_zero() {
            continue;
        }
        let path = git::slash_path(path);
        by_path.insert(path.clone(), changes.len());
        changes.push(Change {
            path,
            oid: new.id(),
            lines: (status != Delta::Added).then(HashSet::new),
        });
    }
    diff.foreach(
        &mut |_, _| true,
        None,
        None,
        Some(&mut |delta, _, line| {
            if line.origin() == '+' {
                let path = delta.new_file().path().map(git::slash_path);
                if let (Some(path), Some(n)) = (path, line.new_lineno()) {
                    if let Some(lines) = by_path.get(&path).and_then(|&i| changes[i].lines.as_mut())
                    {
                        lines.insert(n as usize);
                    }
                }
            }
            true
        }),
    )
    .map_err(|e| anyhow!("cannot read the diff: {e}"))?;
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_and_replaced_lines_count() {
        let old = b"a\nb\nc\n";
        let new = b"a\nB\nc\nd\n";
        let mut got: Vec<usize> = inserted_lines(old, new).into_iter().collect();
        got.sort_unstable();
        assert_eq!(got, [2, 4]);
        assert!(inserted_lines(old, old).is_empty());
    }
}
