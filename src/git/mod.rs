//! Git plumbing: opening a repository, the index reader, the commit walk
//! and the object database (loose objects and packs, decoded here). The
//! sources (`scan/`) read git through this module; it knows nothing of
//! rules, findings' meaning or reporters.

pub(crate) mod index;
pub(crate) mod odb;
pub(crate) mod pack;
pub(crate) mod revwalk;

/// The object hash every reader here assumes. SHA-256 repositories are
/// not read yet: libgit2 and the pack decoder would both need it.
pub(crate) const HASH: gix_hash::Kind = gix_hash::Kind::Sha1;

/// Bytes of an object id under [`HASH`].
pub(crate) const HASH_LEN: usize = HASH.len_in_bytes();

/// The commit `HEAD` points at, if it points at one.
pub(crate) fn head_commit(repo: &git2::Repository) -> Option<gix_hash::ObjectId> {
    let commit = repo.head().ok()?.peel_to_commit().ok()?;
    Some(odb::to_gix(commit.id()))
}

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use git2::Repository;

/// The repository around `cwd`, or a one-line reason why there is none.
pub(crate) fn open(cwd: &Path) -> Result<Repository> {
    let repo = Repository::discover(cwd)
        .map_err(|_| anyhow!("{} is not inside a git repository", cwd.display()))?;
    if repo.is_bare() {
        return Err(anyhow!(
            "{} is a bare repository: there is no index or work tree",
            repo.path().display()
        ));
    }
    Ok(repo)
}

/// `paths` (relative to `cwd`) as `/`-separated prefixes relative to the
/// work tree root; empty means everything.
pub(crate) fn path_prefixes(
    repo: &Repository,
    cwd: &Path,
    paths: &[PathBuf],
) -> Result<Vec<String>> {
    let Some(root) = repo.workdir() else {
        return Ok(Vec::new());
    };
    let root = root.canonicalize()?;
    let mut prefixes = Vec::new();
    for path in paths {
        let full = cwd.join(path);
        let full = full.canonicalize().unwrap_or(full);
        let rel = full
            .strip_prefix(&root)
            .map_err(|_| anyhow!("{}: outside the repository", path.display()))?;
        let rel = slash_path(rel);
        if rel.is_empty() {
            return Ok(Vec::new());
        }
        prefixes.push(rel);
    }
    Ok(prefixes)
}

/// Whether `path` is `prefix` or inside it.
pub(crate) fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with('/'))
}

/// A git path with `/` separators.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert!(under("src/a.js", "src"));
        assert!(under("src", "src"));
        assert!(!under("srcx/a.js", "src"));
    }
}
