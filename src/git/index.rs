//! What the index stages against `HEAD`, fast enough for a pre-commit hook.
//!
//! libgit2 needs about 130 ms to load a 50,000-entry index (it hashes the
//! whole file with collision-detecting SHA-1) and diff it against `HEAD`;
//! gix-index reads the same index in about 7 ms. The comparison then uses
//! the index's cache-tree extension: a directory whose cached tree id equals
//! `HEAD`'s is unchanged and never opened, so only the trees along the
//! staged paths are read (with git2).

use std::path::Path;

use anyhow::{anyhow, Context, Result};
use git2::{ObjectType, Oid, Repository, Tree};
use gix_index::extension::Tree as CacheTree;

/// A staged change of one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Staged {
    Added { path: String, oid: Oid },
    Modified { path: String, old: Oid, new: Oid },
    Deleted { path: String, old: Oid },
}

/// One stage-0 blob entry of the index.
struct Entry<'a> {
    path: &'a [u8],
    oid: Oid,
}

/// The staged changes of the index at `index_path` against `head`.
pub(crate) fn staged(
    repo: &Repository,
    index_path: &Path,
    head: Option<&Tree<'_>>,
) -> Result<Vec<Staged>> {
    crate::fsio::regular_size(index_path, crate::fsio::INDEX_CAP)
        .with_context(|| format!("cannot read the git index {}", index_path.display()))?;
    let file = gix_index::File::at(index_path, super::HASH, true, Default::default())
        .with_context(|| format!("cannot read the git index {}", index_path.display()))?;
    let mut entries: Vec<Entry<'_>> = Vec::with_capacity(file.entries().len());
    for e in file.entries() {
        // Conflicted paths (stages 1-3) and submodules are not blobs to scan.
        if e.stage_raw() != 0 || e.mode == gix_index::entry::Mode::COMMIT {
            continue;
        }
        let oid = Oid::from_bytes(e.id.as_bytes())
            .map_err(|e| anyhow!("bad object id in the index: {e}"))?;
        entries.push(Entry {
            path: e.path(&file).as_ref(),
            oid,
        });
    }
    let mut out = Vec::new();
    compare(repo, "", head, file.tree(), &entries, &mut out)?;
    Ok(out)
}

/// Compares the directory `dir` (`""` or `a/b/`) of `head` with the index
/// entries under it, recursing only into directories that differ.
fn compare(
    repo: &Repository,
    dir: &str,
    head: Option<&Tree<'_>>,
    cache: Option<&CacheTree>,
    entries: &[Entry<'_>],
    out: &mut Vec<Staged>,
) -> Result<()> {
    if let (Some(head), Some(cache)) = (head, cache) {
        if cache.num_entries.is_some() && cache.id.as_bytes() == head.id().as_bytes() {
            return Ok(());
        }
    }
    // The index entries of this directory: files here, and runs of
    // entries per subdirectory (index order keeps each run contiguous).
    let mut files: Vec<(&[u8], Oid)> = Vec::new();
    let mut dirs: Vec<(&[u8], usize, usize)> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let rest = &entries[i].path[dir.len()..];
        match rest.iter().position(|&b| b == b'/') {
            None => {
                files.push((rest, entries[i].oid));
                i += 1;
            }
            Some(slash) => {
                let name = &rest[..slash];
                let start = i;
                while i < entries.len()
                    && entries[i].path[dir.len()..].starts_with(name)
                    && entries[i].path.get(dir.len() + slash) == Some(&b'/')
                {
                    i += 1;
                }
                dirs.push((name, start, i));
            }
        }
    }
    let path_of = |name: &[u8]| format!("{dir}{}", String::from_utf8_lossy(name));
    let head_entries: Vec<(Vec<u8>, Oid, Option<ObjectType>)> = head
        .map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), e.id(), e.kind()))
                .collect()
        })
        .unwrap_or_default();
    let find_head = |name: &[u8]| head_entries.iter().find(|(n, _, _)| n.as_slice() == name);

    for (name, oid) in &files {
        match find_head(name) {
            Some((_, old, Some(ObjectType::Blob))) if old == oid => {}
            Some((_, old, Some(ObjectType::Blob))) => out.push(Staged::Modified {
                path: path_of(name),
                old: *old,
                new: *oid,
            }),
            _ => out.push(Staged::Added {
                path: path_of(name),
                oid: *oid,
            }),
        }
    }
    for (name, start, end) in &dirs {
        let sub_head = match find_head(name) {
            Some((_, oid, Some(ObjectType::Tree))) => Some(repo.find_tree(*oid)?),
            _ => None,
        };
        let sub_cache = cache.and_then(|c| c.children.iter().find(|t| t.name.as_slice() == *name));
        let sub_dir = format!("{}/", path_of(name));
        compare(
            repo,
            &sub_dir,
            sub_head.as_ref(),
            sub_cache,
            &entries[*start..*end],
            out,
        )?;
    }
    // What HEAD has and the index lost: deletions, needed to see renames.
    for (name, oid, kind) in &head_entries {
        let in_files = files.iter().any(|(n, _)| n == name);
        let in_dirs = dirs.iter().any(|(n, _, _)| n == name);
        match kind {
            Some(ObjectType::Blob) if !in_files => out.push(Staged::Deleted {
                path: path_of(name),
                old: *oid,
            }),
            Some(ObjectType::Tree) if !in_dirs => {
                let tree = repo.find_tree(*oid)?;
                let base = format!("{}/", path_of(name));
                tree.walk(git2::TreeWalkMode::PreOrder, |sub, e| {
                    if e.kind() == Some(ObjectType::Blob) {
                        out.push(Staged::Deleted {
                            path: format!("{base}{sub}{}", e.name().unwrap_or("")),
                            old: e.id(),
                        });
                    }
                    git2::TreeWalkResult::Ok
                })?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The paths git tracks, read once per scan for the `.env` rules (without
/// libgit2's index load, which costs a 50,000-file repository ~120 ms).
pub(crate) struct Tracked {
    file: Option<gix_index::File>,
}

impl Tracked {
    /// The repository's index; empty when there is none yet.
    /// The index, and a warning when one exists but cannot be read (a
    /// missing index is an empty one).
    pub fn load(repo: &Repository) -> (Tracked, Option<String>) {
        let path = repo.path().join("index");
        let opened = crate::fsio::regular_size(&path, crate::fsio::INDEX_CAP)
            .map_err(|e| e.to_string())
            .and_then(|_| {
                gix_index::File::at(&path, super::HASH, true, Default::default())
                    .map_err(|e| e.to_string())
            });
        match opened {
            Ok(file) => (Tracked { file: Some(file) }, None),
            Err(_) if !path.exists() => (Tracked { file: None }, None),
            Err(e) => (
                Tracked { file: None },
                Some(format!(
                    "cannot read the git index {}: {e}; tracked .env files (JWT302) are not checked",
                    path.display()
                )),
            ),
        }
    }

    /// Whether `path` (work-tree relative, `/`-separated) is in the index.
    pub fn contains(&self, path: &str) -> bool {
        self.file
            .as_ref()
            .is_some_and(|f| f.entry_by_path(path.as_bytes().into()).is_some())
    }

    /// Stage-0 blob entries whose paths `keep` accepts, with their ids.
    pub fn blobs(&self, keep: impl Fn(&str) -> bool) -> Vec<(String, Oid)> {
        let Some(file) = &self.file else {
            return Vec::new();
        };
        file.entries()
            .iter()
            .filter(|e| e.stage_raw() == 0 && e.mode != gix_index::entry::Mode::COMMIT)
            .filter_map(|e| {
                let path = String::from_utf8_lossy(e.path(file).as_ref()).into_owned();
                let oid = Oid::from_bytes(e.id.as_bytes()).ok()?;
                keep(&path).then_some((path, oid))
            })
            .collect()
    }
}
