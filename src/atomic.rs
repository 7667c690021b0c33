//! Writing users' files (`.gitignore`, `.env`, hooks) so that a crash or a
//! full disk never leaves half a file: the new content goes to a temporary
//! file in the same directory, which then replaces the old one by rename.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Replaces `path` with `content`. The file keeps its permissions; a new
/// one gets `new_mode` (Unix). A symlink is followed and its target
/// rewritten, so the link stays a link. A read-only file is an error, not
/// something a rename may quietly replace.
pub(crate) fn write(path: &Path, content: &[u8], new_mode: u32) -> Result<()> {
    let target = resolve(path)?;
    let existing = fs::metadata(&target).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        bail!("{} is read-only; nothing was changed", path.display());
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

/// `path`, or the file its symlinks end at.
fn resolve(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)
            .with_context(|| format!("{} is a broken symlink", path.display())),
        _ => Ok(path.to_path_buf()),
    }
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
