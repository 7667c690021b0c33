//! Writing users' files (`.gitignore`, `.env`, hooks, reports, baselines) so
//! that a crash or a full disk never leaves half a file: the new content
//! goes to a temporary file in the same directory, which then replaces the
//! old one by rename. Only a regular file is ever replaced: `/dev/null`, a
//! FIFO or `/dev/stdout` on a pipe is written in place, as `>` would.
//!
//! Core: used by the commands and actions that write, it uses only `fsio`.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Where a write may land.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// A path the user named on the command line: wherever it leads.
    Anywhere,
    /// A file of the scanned tree: its real path (symlinks resolved) must
    /// stay inside this directory.
    Inside(&'a Path),
}

/// Replaces `path` with `content`. The file keeps its permissions; a new
/// one gets `new_mode` (Unix). A symlink is followed and its target
/// rewritten, so the link stays a link. A read-only file is an error, not
/// something a rename may quietly replace.
pub(crate) fn write(path: &Path, content: &[u8], new_mode: u32, scope: Scope<'_>) -> Result<()> {
    let target = match scope {
        Scope::Inside(root) => crate::fsio::inside(path, root)
            .with_context(|| format!("not writing {}", path.display()))?,
        Scope::Anywhere => match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => match fs::metadata(path) {
                // `/dev/stdout` on a pipe resolves to `pipe:[N]`, which no
                // path names: write through the link itself.
                Ok(m) if !m.is_file() => return write_in_place(path, content, &m),
                _ => fs::canonicalize(path)
                    .with_context(|| format!("{} is a broken symlink", path.display()))?,
            },
            _ => path.to_path_buf(),
        },
    };
    let existing = fs::metadata(&target).ok();
    if let Some(m) = &existing {
        if !m.is_file() {
            return write_in_place(&target, content, m);
        }
        if m.permissions().readonly() {
            bail!("{} is read-only; nothing was changed", path.display());
        }
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".jwtscan-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(content)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    match existing {
        Some(m) => fs::set_permissions(tmp.path(), m.permissions()),
        None => set_new_mode(tmp.path(), new_mode),
    }
    .with_context(|| format!("cannot set the mode of {}", path.display()))?;
    tmp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Writes into an existing file that is not a regular one (a device, a
/// FIFO), never replacing it. A FIFO nobody reads is an error, not a wait.
fn write_in_place(path: &Path, content: &[u8], meta: &fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        bail!("{} is a directory; nothing was written", path.display());
    }
    let mut file = open_for_writing(path).map_err(|e| {
        if e.raw_os_error() == Some(ENXIO) {
            anyhow::anyhow!(
                "{} is a FIFO that no process reads; nothing was written",
                path.display()
            )
        } else {
            anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
        }
    })?;
    file.write_all(content)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(unix)]
const ENXIO: i32 = libc::ENXIO;
#[cfg(not(unix))]
const ENXIO: i32 = -1;

#[cfg(unix)]
fn open_for_writing(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // A non-blocking open fails at once (ENXIO) on a FIFO with no reader;
    // while it is held, the blocking open below cannot wait for one, and
    // its writes may block on a slow reader as they should.
    let _probe = fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_for_writing(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new().write(true).open(path)
}

#[cfg(unix)]
fn set_new_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_new_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}
