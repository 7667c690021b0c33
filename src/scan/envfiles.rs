//! The env files of the repositories a tree scan is in, and what git knows
//! of each, for the env rules (`detect::repo::env`): the env-named files in
//! the index with their committed content, the env files on disk with
//! their status (tracked, untracked, ignored), the files docker-compose
//! loads with `env_file:`, and which of the names the root's ignore rules
//! must cover they miss. Env files the walk did not read (ignored ones,
//! compose-only names) are read here for the scanner.
//!
//! A scan takes its env files from the tree walk (the files it read, and
//! the env-named entries of the directories it entered); `jwtscan fix`,
//! which has no walk, lists them with [`env_files`]. Whether an untracked
//! one is ignored is decided by [`GitIgnores`], which matches `git
//! check-ignore` where libgit2 does not.
//!
//! A source: it reads and lists, and judges nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use git2::{Repository, Status};
use serde::Deserialize;

use super::ignores::GitIgnores;
use super::walker;
use crate::detect::repo::env::MUST_IGNORE;
use crate::detect::repo::{EnvFile, GitStatus, IgnoreGap, TrackedEnv};
use crate::git;
use crate::git::index::Tracked;
use crate::rules::Words;

/// What the tree walk saw that the env files are found from.
#[derive(Default)]
pub(crate) struct Walked {
    /// `.env`-style files the walk scanned.
    pub env_files: HashSet<String>,
    /// docker-compose files seen.
    pub compose_files: Vec<String>,
    /// The env files in the directories the walk entered, ignored ones too
    /// (the walk skips those).
    pub dir_env_files: Vec<String>,
    /// Every file the walk met (read or not), in a repository: a tracked
    /// file not among them was hidden by an ignore rule.
    pub visited: HashSet<String>,
}

/// The env files of the scanned roots' repositories.
#[derive(Default)]
pub(crate) struct Gathered {
    pub tracked: Vec<TrackedEnv>,
    /// Env files on disk the env rules judge by their status.
    pub files: Vec<EnvFile>,
    pub gaps: Vec<IgnoreGap>,
    /// Env files the walk did not read, to be scanned: path and bytes.
    pub unread: Vec<(String, Vec<u8>)>,
    /// Tracked files an ignore rule hid from the walk (`*.conf` in
    /// `.gitignore`, the file added with `git add -f`): committed all the
    /// same, so they are scanned: the file, and the path reports name.
    pub hidden: Vec<(std::path::PathBuf, String)>,
    pub warnings: Vec<String>,
    /// Some PATH is outside every git work tree: the env rules cannot run.
    pub skipped: bool,
    /// Env files over `--max-file-size`, not read.
    pub large: u64,
    /// The work trees found below the roots, as base-relative prefixes.
    pub repositories: Vec<String>,
}

/// Each root's repository and work tree, when it is in one: opened once,
/// before the walk (which lists directories for ignored env files only in
/// a repository) and used by [`gather`] after it.
pub(crate) type Repos = Vec<Option<(Repository, std::path::PathBuf)>>;

pub(crate) fn open_all(roots: &[walker::Root]) -> Repos {
    roots.iter().map(|r| open(&r.path)).collect()
}

/// Work trees below the roots that get their own git rules, at most.
const MAX_WORK_TREES: usize = 1000;

/// One repository of a scan: where its work tree sits under the scan's
/// base, which part of it the PATH covers, and the repositories nested in
/// it (their files are theirs, not this one's).
struct Unit<'a> {
    repo: &'a Repository,
    workdir: &'a Path,
    /// The work tree relative to the base, `""` when it is the base.
    prefix: String,
    /// The scanned PATH relative to the work tree, `""` for all of it.
    within: String,
    /// Base-relative prefixes of the repositories inside this one.
    nested: Vec<String>,
}

impl Unit<'_> {
    /// A base-relative path as a path of this repository, if it is one.
    fn to_repo(&self, path: &str) -> Option<String> {
        if self.nested.iter().any(|n| git::under(path, n)) {
            return None;
        }
        let inner = if self.prefix.is_empty() {
            path
        } else {
            path.strip_prefix(self.prefix.as_str())?.strip_prefix('/')?
        };
        (self.within.is_empty() || git::under(inner, &self.within)).then(|| inner.to_string())
    }

    /// A path of this repository as the base-relative path reports name
    /// (borrowed for the root's own repository: the index is filtered
    /// through this entry by entry).
    fn to_base<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if self.prefix.is_empty() {
            std::borrow::Cow::Borrowed(path)
        } else {
            std::borrow::Cow::Owned(format!("{}/{path}", self.prefix))
        }
    }

    /// Whether a path of this repository is this scan's: under the PATH,
    /// not in a repository nested in it.
    fn in_scope(&self, path: &str) -> bool {
        (self.within.is_empty() || git::under(path, &self.within))
            && (self.nested.is_empty() || self.to_repo(&self.to_base(path)).is_some())
    }
}

/// The env files of every repository of the scan: each root's own (their
/// `repos` from [`open_all`]) and each work tree the walk found under a
/// root (`found`: sibling checkouts, nested repositories, submodules),
/// each with its own index and ignore rules, paths relative to the root's
/// base as every finding's are.
pub(crate) fn gather(
    words: &Words,
    roots: &[walker::Root],
    repos: &Repos,
    found: &[std::path::PathBuf],
    walked: &Walked,
    max_file_size: u64,
) -> Gathered {
    let mut out = Gathered::default();
    // Work trees found under the roots that are not a root's own; a
    // tree of thousands gets its files scanned, not thousands of indexes
    // opened.
    let mut nested: Vec<(Repository, std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    let own: Vec<&std::path::PathBuf> = repos.iter().flatten().map(|(_, w)| w).collect();
    if found.len() > MAX_WORK_TREES {
        out.warnings.push(format!(
            "{} git work trees below the scanned paths: the first {MAX_WORK_TREES} get their .env rules, the others are scanned as plain files",
            found.len()
        ));
    }
    for dir in found.iter().take(MAX_WORK_TREES) {
        let Ok(dir) = dir.canonicalize() else {
            continue;
        };
        if own.contains(&&dir) || nested.iter().any(|(_, w, _)| *w == dir) {
            continue;
        }
        let Some(base) = roots
            .iter()
            .find(|r| dir.starts_with(&r.path))
            .map(|r| r.base.clone())
        else {
            continue;
        };
        if let Ok(repo) = Repository::open(&dir) {
            nested.push((repo, dir, base));
        }
    }
    let prefixes_in = |workdir: &Path, base: &Path| -> Vec<String> {
        nested
            .iter()
            .filter(|(_, w, b)| {
                w.as_path() != workdir && w.starts_with(workdir) && b.as_path() == base
            })
            .map(|(_, w, _)| walker::relative(base, w))
            .collect()
    };
    let mut done: HashSet<std::path::PathBuf> = HashSet::new();
    for (root, opened) in roots.iter().zip(repos) {
        let Some((repo, workdir)) = opened else {
            // A folder of repositories is not "outside git" when it holds some.
            if !nested.iter().any(|(_, w, _)| w.starts_with(&root.path)) {
                out.skipped = true;
            }
            continue;
        };
        // `relative` names a path by itself when it is the base: the root
        // is the work tree, or covers all of it.
        let unit = Unit {
            repo,
            workdir,
            prefix: if *workdir == root.base {
                String::new()
            } else {
                walker::relative(&root.base, workdir)
            },
            within: if root.path == *workdir {
                String::new()
            } else {
                walker::relative(workdir, &root.path)
            },
            nested: prefixes_in(workdir, &root.base),
        };
        let whole = unit.within.is_empty();
        gather_repo(words, &unit, walked, max_file_size, &mut out);
        if whole && done.insert(workdir.clone()) {
            out.gaps.extend(ignore_gap(&unit));
        }
    }
    for (repo, workdir, base) in &nested {
        out.repositories.push(walker::relative(base, workdir));
        let unit = Unit {
            repo,
            workdir,
            prefix: walker::relative(base, workdir),
            within: String::new(),
            nested: prefixes_in(workdir, base),
        };
        gather_repo(words, &unit, walked, max_file_size, &mut out);
        if done.insert(workdir.clone()) {
            out.gaps.extend(ignore_gap(&unit));
        }
    }
    out
}

fn open(path: &Path) -> Option<(Repository, std::path::PathBuf)> {
    let repo = Repository::discover(path).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    Some((repo, workdir))
}

/// The env files of one repository: those in the index (read from the
/// object database: what is committed or staged, even in a directory
/// ignored now) and those on disk. The index is read once. Paths are
/// reported relative to the scan's base.
fn gather_repo(
    words: &Words,
    unit: &Unit<'_>,
    walked: &Walked,
    max_file_size: u64,
    out: &mut Gathered,
) {
    let (repo, workdir) = (unit.repo, unit.workdir);
    let (index, problem) = Tracked::load(repo);
    out.warnings.extend(problem);
    for (path, id) in index.blobs(|p| words.is_env_file(p) && unit.in_scope(p)) {
        if let Ok(blob) = repo.find_blob(id) {
            out.tracked.push(TrackedEnv {
                path: unit.to_base(&path).into_owned(),
                bytes: blob.content().to_vec(),
                commit: None,
            });
        }
    }
    for (path, _) in
        index.blobs(|p| unit.in_scope(p) && !walked.visited.contains(unit.to_base(p).as_ref()))
    {
        // The index is the tree's: a path that climbs out (`../x`), or
        // whose directories are links out of the work tree, is not read.
        let plain = path.split('/').all(|c| !matches!(c, "" | "." | ".."));
        let file = workdir.join(&path);
        if !plain || crate::fsio::inside(&file, workdir).is_err() {
            continue;
        }
        let regular = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
        let shown = unit.to_base(&path).into_owned();
        if regular && !out.hidden.iter().any(|(_, p)| *p == shown) {
            out.hidden.push((file, shown));
        }
    }
    let files = scan_env_files(unit, &index, walked);
    for (path, status) in files {
        let shown = unit.to_base(&path).into_owned();
        // Refused: a FIFO, a device, a link (to a file outside, whose
        // lines would be printed), a file over the size limit.
        let bytes = match crate::fsio::read_regular(
            &on_disk(workdir, &path),
            max_file_size,
            crate::fsio::Links::Refuse,
        ) {
            Ok(bytes) => bytes,
            Err(crate::fsio::ReadError::TooLarge { .. }) => {
                if !walked.env_files.contains(&shown) {
                    out.large += 1;
                }
                continue;
            }
            Err(_) => continue,
        };
        let status = if status.contains(Status::WT_NEW) {
            GitStatus::New
        } else if status.contains(Status::IGNORED) {
            GitStatus::Ignored
        } else {
            GitStatus::Tracked
        };
        let env_named = words.is_env_file(&path);
        // Not read by the walk (ignored, or not named like an env file):
        // its keys still get a strength verdict.
        let unread = !walked.env_files.contains(&shown);
        let judged = status == GitStatus::New || (status == GitStatus::Tracked && !env_named);
        if unread && judged {
            out.unread.push((shown.clone(), bytes.clone()));
        } else if unread {
            out.unread.push((shown, bytes));
            continue;
        }
        if judged {
            out.files.push(EnvFile {
                path: shown,
                status,
                bytes,
                env_named,
            });
        }
    }
}

/// Which of [`MUST_IGNORE`] the root's ignore rules leave unignored, with
/// the root `.gitignore` (for the finding's source line).
fn ignore_gap(unit: &Unit<'_>) -> Option<IgnoreGap> {
    let repo = unit.repo;
    let mut ignores = GitIgnores::new(repo)?;
    let missing: Vec<&'static str> = MUST_IGNORE
        .into_iter()
        .filter(|name| !ignores.is_ignored(name, false))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let workdir = repo.workdir()?;
    let gitignore = crate::fsio::read_regular(
        &workdir.join(".gitignore"),
        crate::fsio::IGNORE_FILE_CAP,
        crate::fsio::Links::Refuse,
    )
    .unwrap_or_default();
    Some(IgnoreGap {
        path: unit.to_base(".gitignore").into_owned(),
        missing,
        gitignore,
    })
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
    words: &Words,
    repo: &Repository,
    compose: &[String],
    in_scope: &dyn Fn(&str) -> bool,
) -> (BTreeMap<String, Status>, Option<String>) {
    let mut files: BTreeMap<String, Status> = BTreeMap::new();
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return (files, None);
    };
    let (index, problem) = Tracked::load(repo);
    for (path, _) in index.blobs(|p| words.is_env_file(p) && in_scope(p)) {
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
        if !words.is_env_file(&rel) || !in_scope(&rel) || files.contains_key(&rel) {
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
fn scan_env_files(unit: &Unit<'_>, index: &Tracked, walked: &Walked) -> BTreeMap<String, Status> {
    let (repo, workdir) = (unit.repo, unit.workdir);
    let mut candidates: HashSet<String> = walked
        .env_files
        .iter()
        .chain(&walked.dir_env_files)
        .filter_map(|p| unit.to_repo(p))
        .collect();
    for compose in walked.compose_files.iter().filter_map(|p| unit.to_repo(p)) {
        candidates.extend(compose_env_files(repo, &compose));
    }
    let mut ignores = GitIgnores::new(repo);
    let mut files = BTreeMap::new();
    for path in candidates {
        if !unit.in_scope(&path) || !on_disk(workdir, &path).is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
