//! Whether git ignores a path, decided the way `git check-ignore` does:
//! every `.gitignore` from the path's directory up to the root (deeper
//! files first, the last matching line of a file wins, `!` re-includes),
//! then `.git/info/exclude`, then `core.excludesFile`; a file inside an
//! ignored directory is ignored whatever its own patterns say.
//!
//! libgit2's own answer gets nested negations wrong (a `!.env` in
//! `api/.gitignore` does not re-include `api/.env` ignored by the root's
//! `.env`), so the patterns are matched here with the `ignore` crate's
//! gitignore matcher, which implements git's pattern syntax.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::Repository;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use crate::fsio::Links;

/// The ignore rules of one work tree.
pub(crate) struct GitIgnores {
    workdir: PathBuf,
    /// Lines appended to the root `.gitignore` (what `jwtscan fix` adds).
    extra_root: Vec<String>,
    per_dir: HashMap<PathBuf, Option<Gitignore>>,
    /// `.git/info/exclude`, then `core.excludesFile`.
    fallbacks: Vec<Gitignore>,
}

impl GitIgnores {
    pub fn new(repo: &Repository) -> Option<GitIgnores> {
        let workdir = repo.workdir()?.to_path_buf();
        let mut fallbacks = Vec::new();
        let exclude = repo.commondir().join("info").join("exclude");
        for file in [Some(exclude), global_excludes(repo)].into_iter().flatten() {
            let mut builder = GitignoreBuilder::new(&workdir);
            if add_file(&mut builder, &file, Links::Follow) {
                if let Ok(gi) = builder.build() {
                    fallbacks.push(gi);
                }
            }
        }
        Some(GitIgnores {
            workdir,
            extra_root: Vec::new(),
            per_dir: HashMap::new(),
            fallbacks,
        })
    }

    /// Matches as if `lines` were appended to the root `.gitignore`.
    pub fn append_to_root(&mut self, line: &str) {
        self.extra_root.push(line.to_string());
        self.per_dir.remove(&self.workdir);
    }

    /// Takes back the last [`GitIgnores::append_to_root`].
    pub fn pop_root(&mut self) {
        self.extra_root.pop();
        self.per_dir.remove(&self.workdir);
    }

    /// Whether git ignores `rel` (relative to the work tree, `/`-separated).
    pub fn is_ignored(&mut self, rel: &str, is_dir: bool) -> bool {
        let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        for depth in 1..parts.len() {
            if self.matched(&parts[..depth], true) {
                return true;
            }
        }
        self.matched(&parts, is_dir)
    }

    fn matched(&mut self, parts: &[&str], is_dir: bool) -> bool {
        let path = parts.iter().fold(self.workdir.clone(), |p, c| p.join(c));
        // Deepest .gitignore first: the directories holding `path`.
        for depth in (0..parts.len()).rev() {
            let dir = parts[..depth]
                .iter()
                .fold(self.workdir.clone(), |p, c| p.join(c));
            if let Some(gi) = self.dir_ignores(&dir) {
                match gi.matched(&path, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
        }
        for gi in &self.fallbacks {
            match gi.matched(&path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }

    fn dir_ignores(&mut self, dir: &Path) -> Option<&Gitignore> {
        if !self.per_dir.contains_key(dir) {
            let mut builder = GitignoreBuilder::new(dir);
            let file = dir.join(".gitignore");
            // git reads no `.gitignore` through a symlink, nor do we.
            let mut any = add_file(&mut builder, &file, Links::Refuse);
            if dir == self.workdir {
                for line in &self.extra_root {
                    any |= builder.add_line(None, line).is_ok();
                }
            }
            let built = if any { builder.build().ok() } else { None };
            self.per_dir.insert(dir.to_path_buf(), built);
        }
        self.per_dir.get(dir).and_then(Option::as_ref)
    }
}

/// Adds the lines of the ignore file at `path` if it is a regular file
/// under the cap (a FIFO, `/dev/zero` or a huge file counts as none).
/// Whether any line was added.
pub(crate) fn add_file(builder: &mut GitignoreBuilder, path: &Path, links: Links) -> bool {
    let Ok(text) = crate::fsio::read_text(path, crate::fsio::IGNORE_FILE_CAP, links) else {
        return false;
    };
    add_text(builder, path, &text)
}

/// Adds the lines of an ignore file's `text` (read from `path`).
pub(crate) fn add_text(builder: &mut GitignoreBuilder, path: &Path, text: &str) -> bool {
    let mut any = false;
    for line in text.lines() {
        // A bad glob is one line git skips too, not the whole file.
        any |= builder.add_line(Some(path.to_path_buf()), line).is_ok();
    }
    any
}

/// `core.excludesFile`, else git's default `$XDG_CONFIG_HOME/git/ignore`.
fn global_excludes(repo: &Repository) -> Option<PathBuf> {
    if let Ok(path) = repo.config().and_then(|c| c.get_path("core.excludesFile")) {
        return Some(path);
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("git").join("ignore"))
}
