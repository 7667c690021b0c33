//! The working-tree source: a parallel walk of the given paths.
//!
//! Hidden files are scanned (`.env`, `.github/`), `.git/` never is, files git
//! ignores are skipped unless named on the command line, symlinks are not
//! followed, and only files some rule can apply to are read at all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use super::ignores::GitIgnores;
use super::{Blob, ScanStats};

/// Bytes sniffed for a NUL to call a file binary (as git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

/// The largest read buffer a thread keeps for its next file.
const KEEP_BUFFER: usize = 16 << 20;

thread_local! {
    static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// One root to walk and the directory its paths are reported relative to.
pub(crate) struct Root {
    pub path: PathBuf,
    pub base: PathBuf,
}

/// Walks `roots` on `threads` threads (0: one per core) and calls `visit`
/// with every readable text file that `language` places in a language, and
/// `on_dir` with every directory entered (relative path, `""` for none, and
/// the path to read it by).
pub(crate) fn walk<W, V, D>(
    roots: &[Root],
    options: &WalkOptions<'_>,
    language: W,
    visit: V,
    on_dir: D,
) -> Walked
where
    W: Fn(&str) -> Option<usize> + Sync,
    V: Fn(Blob<'_>) + Sync,
    D: Fn(&str, &Path) + Sync,
{
    let (threads, max_file_size, cancel) = (options.threads, options.max_file_size, options.cancel);
    let skip_vendored = options.skip_vendored;
    let stats = Counters::default();
    let vendored = Arc::new(AtomicU64::new(0));
    let warnings = Mutex::new(Vec::new());
    let warn = |message: String| {
        if let Ok(mut w) = warnings.lock() {
            w.push(message);
        }
    };
    // Directories whose `.gitignore` the `ignore` crate must not open (a
    // FIFO blocks it, `/dev/zero` exhausts memory, a link leaves the
    // tree): left out of the fast walk and walked again with ignore files
    // read here, safely.
    // Each: the directory to walk slowly, and its bad ignore file and why.
    type Quarantined = (PathBuf, (PathBuf, String));
    let quarantined: Arc<Mutex<Vec<Quarantined>>> = Arc::default();
    let handle = |entry: Result<ignore::DirEntry, ignore::Error>, root: &Root| {
        if cancel.load(Ordering::Relaxed) {
            return WalkState::Quit;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                stats.unreadable.fetch_add(1, Ordering::Relaxed);
                warn(format!(
                    "cannot read: {}",
                    crate::text::escape_control(&err.to_string())
                ));
                return WalkState::Continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if !is_file {
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                let rel = relative(&root.base, entry.path());
                let rel = if entry.path() == root.base { "" } else { &rel };
                on_dir(rel, entry.path());
            }
            return WalkState::Continue;
        }
        let rel = relative(&root.base, entry.path());
        if skip_vendored && is_minified(&entry.file_name().to_string_lossy()) {
            vendored.fetch_add(1, Ordering::Relaxed);
            return WalkState::Continue;
        }
        let Some(lang) = language(&rel) else {
            return WalkState::Continue;
        };
        let mut buf = BUFFER.with(std::cell::Cell::take);
        let outcome = read(entry.path(), max_file_size, &mut buf);
        if let Read::Text = outcome {
            stats.files.fetch_add(1, Ordering::Relaxed);
            stats.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
            visit(Blob {
                path: &rel,
                bytes: &buf,
                language: lang,
            });
        }
        if buf.capacity() <= KEEP_BUFFER {
            BUFFER.with(|b| b.set(buf));
        }
        match outcome {
            Read::Text => {}
            Read::Binary => {
                stats.binary.fetch_add(1, Ordering::Relaxed);
            }
            Read::TooLarge => {
                stats.large.fetch_add(1, Ordering::Relaxed);
            }
            Read::Failed(err) => {
                stats.unreadable.fetch_add(1, Ordering::Relaxed);
                warn(format!(
                    "cannot read {}: {err}",
                    crate::text::escape_control(&rel)
                ));
            }
        }
        WalkState::Continue
    };
    for root in roots {
        if let Some(bad) = unsafe_ignore_above(&root.path) {
            quarantined
                .lock()
                .map(|mut q| q.push((root.path.clone(), bad)))
                .ok();
            continue;
        }
        let found = Arc::clone(&quarantined);
        let skipped = Arc::clone(&vendored);
        let mut builder = WalkBuilder::new(&root.path);
        builder
            .hidden(false)
            .ignore(false)
            .parents(true)
            .git_ignore(true)
            .git_global(true)
            .git_exclude(true)
            .require_git(true)
            .follow_links(false)
            .threads(threads)
            .filter_entry(move |e| {
                if e.file_name() == ".git" {
                    return false;
                }
                if e.file_type().is_some_and(|t| t.is_dir()) {
                    if skip_vendored
                        && e.depth() > 0
                        && is_vendored_dir(&e.file_name().to_string_lossy())
                    {
                        skipped.fetch_add(1, Ordering::Relaxed);
                        return false;
                    }
                    if let Some(bad) = unsafe_ignore_in(e.path()) {
                        found
                            .lock()
                            .map(|mut q| q.push((e.path().to_path_buf(), bad)))
                            .ok();
                        return false;
                    }
                }
                true
            });
        builder
            .build_parallel()
            .run(|| Box::new(|entry| handle(entry, root)));
    }
    // The slow path, for hostile trees only: one thread, and every ignore
    // file read through `fsio` by [`GitIgnores`].
    let quarantined = std::mem::take(&mut *quarantined.lock().unwrap_or_else(|e| e.into_inner()));
    for (dir, bad) in quarantined {
        let Some(root) = roots.iter().find(|r| dir.starts_with(&r.path)) else {
            continue;
        };
        warn(bad_ignore_warning(&root.base, &bad));
        let repo = git2::Repository::discover(&dir).ok();
        let workdir = repo
            .as_ref()
            .and_then(|r| r.workdir())
            .and_then(|w| w.canonicalize().ok());
        let ignores = Mutex::new(repo.as_ref().and_then(GitIgnores::new));
        let ignores = Arc::new(ignores);
        let skipped = Arc::clone(&vendored);
        let mut builder = WalkBuilder::new(&dir);
        builder
            .standard_filters(false)
            .hidden(false)
            .follow_links(false)
            .threads(1)
            .filter_entry(move |e| {
                if e.file_name() == ".git" {
                    return false;
                }
                let (Some(workdir), Ok(real)) = (&workdir, e.path().canonicalize()) else {
                    return true;
                };
                let Ok(rel) = real.strip_prefix(workdir) else {
                    return true;
                };
                let rel = relative(Path::new(""), rel);
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if is_dir && skip_vendored && is_vendored_dir(&e.file_name().to_string_lossy()) {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    return false;
                }
                !ignores
                    .lock()
                    .ok()
                    .and_then(|mut g| g.as_mut().map(|g| g.is_ignored(&rel, is_dir)))
                    .unwrap_or(false)
            });
        for entry in builder.build() {
            if let WalkState::Quit = handle(entry, root) {
                break;
            }
        }
    }
    let mut warnings = warnings.into_inner().unwrap_or_default();
    warnings.sort();
    let large = stats.large.load(Ordering::Relaxed);
    if large > 0 {
        warnings.push(format!(
            "{large} file{} larger than --max-file-size ({max_file_size} bytes) skipped",
            if large == 1 { "" } else { "s" }
        ));
    }
    let mut totals = stats.snapshot();
    totals.vendored = vendored.load(Ordering::Relaxed);
    Walked {
        stats: totals,
        warnings,
    }
}

#[derive(Default)]
struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    binary: AtomicU64,
    large: AtomicU64,
    unreadable: AtomicU64,
}

impl Counters {
    fn snapshot(&self) -> ScanStats {
        ScanStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            binary: self.binary.load(Ordering::Relaxed),
            large: self.large.load(Ordering::Relaxed),
            unreadable: self.unreadable.load(Ordering::Relaxed),
            vendored: 0,
        }
    }
}

enum Read {
    Text,
    Binary,
    TooLarge,
    Failed(std::io::Error),
}

/// The `.gitignore` of `dir` if it is one the `ignore` crate must not
/// open: not a regular file (a FIFO, a device, a symlink: git follows no
/// symlinked `.gitignore` either) or over the cap.
fn unsafe_ignore_in(dir: &Path) -> Option<(PathBuf, String)> {
    let file = dir.join(".gitignore");
    let meta = std::fs::symlink_metadata(&file).ok()?;
    let why = if !meta.is_file() {
        format!(
            "{}, not a regular file",
            crate::fsio::kind_of(&meta.file_type())
        )
    } else if meta.len() > crate::fsio::IGNORE_FILE_CAP {
        format!("larger than {} bytes", crate::fsio::IGNORE_FILE_CAP)
    } else {
        return None;
    };
    Some((file, why))
}

/// [`unsafe_ignore_in`] for `root` and the directories above it up to its
/// repository's top, which the walk reads too.
fn unsafe_ignore_above(root: &Path) -> Option<(PathBuf, String)> {
    let start = root.canonicalize().ok()?;
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if let Some(bad) = unsafe_ignore_in(d) {
            return Some(bad);
        }
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    None
}

fn bad_ignore_warning(base: &Path, (file, why): &(PathBuf, String)) -> String {
    format!(
        "{} is {why}; not read (its patterns are ignored)",
        crate::text::escape_control(&relative(base, file))
    )
}

/// Reads the file at `path` into `buf` (a buffer each thread reuses, so
/// there is no allocation per file): one `open`, one `fstat` for the size
/// (a huge file is never read) and the reads.
fn read(path: &Path, max: u64, buf: &mut Vec<u8>) -> Read {
    use std::io::Read as _;
    buf.clear();
    // Never blocks: a FIFO swapped in after the directory listing opens
    // at once and is refused.
    let (file, len) = match crate::fsio::open_regular(path, max, crate::fsio::Links::Follow) {
        Ok(opened) => opened,
        Err(crate::fsio::ReadError::TooLarge { .. }) => return Read::TooLarge,
        Err(crate::fsio::ReadError::Io(e)) => return Read::Failed(e),
        Err(e) => return Read::Failed(std::io::Error::other(e.to_string())),
    };
    buf.reserve(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // The sniff first: a binary file (an image, an archive: every file is
    // read, whatever its name) costs one read of 8 KiB, not the whole file.
    // One byte past the limit tells a file that grew since `fstat`.
    let mut file = file.take(max.saturating_add(1));
    let sniffed = (&mut file).take(BINARY_SNIFF as u64).read_to_end(buf);
    match sniffed {
        Err(e) => return Read::Failed(e),
        Ok(_) if is_binary(buf) => return Read::Binary,
        Ok(_) => {}
    }
    match file.read_to_end(buf) {
        Ok(_) if buf.len() as u64 > max => Read::TooLarge,
        Ok(_) => Read::Text,
        Err(e) => Read::Failed(e),
    }
}

/// What a walk saw besides the files it handed on.
pub(crate) struct Walked {
    pub stats: ScanStats,
    pub warnings: Vec<String>,
}

/// How the walk runs.
pub(crate) struct WalkOptions<'a> {
    /// Worker threads (0: one per core).
    pub threads: usize,
    pub max_file_size: u64,
    /// Leave out third-party trees and minified bundles.
    pub skip_vendored: bool,
    pub cancel: &'a std::sync::atomic::AtomicBool,
}

/// Directories of third-party code, not the application's: a vendored
/// JWT library that defines the `none` algorithm is not an application
/// allowing it.
const VENDORED_DIRS: [&str; 7] = [
    "vendor",
    "node_modules",
    "third_party",
    "third-party",
    "bower_components",
    "Pods",
    "jspm_packages",
];

pub(crate) fn is_vendored_dir(name: &str) -> bool {
    VENDORED_DIRS.contains(&name)
}

/// Minified bundles (`app.min.js`): generated, and often vendored.
pub(crate) fn is_minified(name: &str) -> bool {
    [".min.js", ".min.mjs", ".min.cjs", ".min.css"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Whether a `/`-separated path lies in a vendored tree or is a bundle.
pub(crate) fn is_vendored_path(path: &str) -> bool {
    let mut parts = path.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_some() && is_vendored_dir(part) {
            return true;
        }
        if parts.peek().is_none() && is_minified(part) {
            return true;
        }
    }
    false
}

/// A NUL in the first 8 KiB, unless the file starts with a UTF-16 BOM.
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return false;
    }
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)]).is_some()
}

/// `path` relative to `base`, with `/` separators; the file name alone when
/// `path` is `base` itself.
pub(crate) fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        Path::new(path.file_name().unwrap_or(path.as_os_str()))
    } else {
        rel
    };
    // The common case, a plain relative path, as it is.
    if std::path::MAIN_SEPARATOR == '/' {
        if let Some(text) = rel.to_str() {
            let plain = !text.starts_with('/')
                && text
                    .split('/')
                    .all(|part| !part.is_empty() && part != "." && part != "..");
            if plain {
                return text.to_string();
            }
        }
    }
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_slashes_and_drop_dots() {
        let base = Path::new("/repo");
        assert_eq!(relative(base, Path::new("/repo/src/a.js")), "src/a.js");
        assert_eq!(relative(base, Path::new("/repo")), "repo");
        assert_eq!(
            relative(Path::new("."), Path::new("./src/./a.js")),
            "src/a.js"
        );
        assert_eq!(relative(Path::new("x"), Path::new("../y/a.js")), "y/a.js");
        assert_eq!(relative(Path::new("/r"), Path::new("/r/a//b")), "a/b");
    }
}
