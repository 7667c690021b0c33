//! `jwtscan install-hook`: puts `hooks/pre-commit` into the repository's
//! hooks directory (from git: `core.hooksPath`, or the common git dir, so
//! linked worktrees share it). A hook already there is kept as
//! `pre-commit.jwtscan-previous` and run after jwtscan; nothing is ever
//! overwritten silently, writes are atomic (write, then rename), and
//! `--uninstall` restores what was there.
//!
//! An action of `commands/install_hook.rs`: git and the core only; never a
//! reporter or the CLI.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::git;

/// The hook script, embedded.
pub(crate) const SCRIPT: &str = include_str!("../hooks/pre-commit");
/// How an installed hook is recognised as jwtscan's.
const MARKER: &str = "# jwtscan pre-commit hook";
const PREVIOUS: &str = "pre-commit.jwtscan-previous";

/// What `install-hook` did, for the one-line report.
pub(crate) fn run(cwd: &Path, uninstall: bool, force: bool) -> Result<String> {
    let dir = hooks_dir(cwd)?;
    if uninstall {
        uninstall_in(&dir)
    } else {
        install_in(&dir, force)
    }
}

fn hooks_dir(cwd: &Path) -> Result<PathBuf> {
    let repo = git::open(cwd)?;
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    let dir = match configured {
        Some(p) if p.is_absolute() => p,
        // Git resolves a relative hooksPath against the work tree root.
        Some(p) => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        None => repo.commondir().join("hooks"),
    };
    Ok(dir)
}

fn is_ours(path: &Path) -> bool {
    read_hook(path).is_some_and(|t| t.contains(MARKER))
}

fn read_hook(path: &Path) -> Option<String> {
    crate::fsio::read_text(path, crate::fsio::HOOK_CAP, crate::fsio::Links::Follow).ok()
}

/// A `pre-commit` that is a link out of the hooks directory (to a shared
/// script, to `~/.bashrc`) is neither rewritten nor removed.
fn check_link(dir: &Path, hook: &Path) -> Result<()> {
    if fs::symlink_metadata(hook).is_ok_and(|m| m.file_type().is_symlink()) {
        crate::fsio::inside(hook, dir).context("install-hook changes nothing")?;
    }
    Ok(())
}

fn install_in(dir: &Path, force: bool) -> Result<String> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let hook = dir.join("pre-commit");
    let previous = dir.join(PREVIOUS);
    check_link(dir, &hook)?;
    if is_ours(&hook) {
        if read_hook(&hook).as_deref() == Some(SCRIPT) {
            return Ok(format!(
                "jwtscan pre-commit hook already installed in {}",
                hook.display()
            ));
        }
        write_atomic(&hook, SCRIPT)?;
        return Ok(format!(
            "jwtscan pre-commit hook updated in {}",
            hook.display()
        ));
    }
    let mut kept = String::new();
    let mut moved = false;
    if hook.is_dir() {
        bail!(
            "{} is a directory, not a hook: nothing was changed",
            hook.display()
        );
    }
    if hook.exists() || fs::symlink_metadata(&hook).is_ok() {
        if previous.exists() && !force {
            bail!(
                "{} exists and {} already holds an earlier hook: refusing to overwrite either (use --force to replace {})",
                hook.display(),
                previous.display(),
                hook.display()
            );
        }
        if !previous.exists() {
            fs::rename(&hook, &previous)
                .with_context(|| format!("cannot move {} aside", hook.display()))?;
            moved = true;
            kept = format!(
                "; the existing hook was kept as {} and runs after it",
                previous.display()
            );
        }
    }
    if let Err(e) = write_atomic(&hook, SCRIPT) {
        // Put the user's hook back: a failed install changes nothing.
        if moved {
            let _ = fs::rename(&previous, &hook);
        }
        return Err(e);
    }
    Ok(format!(
        "jwtscan pre-commit hook installed in {}{kept}",
        hook.display()
    ))
}

fn uninstall_in(dir: &Path) -> Result<String> {
    let hook = dir.join("pre-commit");
    let previous = dir.join(PREVIOUS);
    check_link(dir, &hook)?;
    if !is_ours(&hook) {
        // Asked for a state that already holds: not an error.
        return Ok(format!(
            "no jwtscan pre-commit hook in {}: nothing to remove",
            dir.display()
        ));
    }
    if previous.exists() {
        fs::rename(&previous, &hook)
            .with_context(|| format!("cannot restore {}", previous.display()))?;
        Ok(format!(
            "jwtscan pre-commit hook removed; the previous hook is back in {}",
            hook.display()
        ))
    } else {
        fs::remove_file(&hook).with_context(|| format!("cannot remove {}", hook.display()))?;
        Ok(format!(
            "jwtscan pre-commit hook removed from {}",
            dir.display()
        ))
    }
}

/// Writes the hook atomically; a new hook is executable.
fn write_atomic(path: &Path, content: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::atomic::write(
        path,
        content.as_bytes(),
        0o755,
        crate::atomic::Scope::Inside(dir),
    )
}
