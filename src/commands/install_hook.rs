//! `jwtscan install-hook [--uninstall] [--force]`: the git pre-commit hook
//! of the repository around the current directory.

use std::io::Write;

use anyhow::Result;

use crate::{hook, ExitStatus};

pub(crate) fn run(uninstall: bool, force: bool, out: &mut dyn Write) -> Result<ExitStatus> {
    let cwd = std::env::current_dir()?;
    writeln!(out, "{}", hook::run(&cwd, uninstall, force)?)?;
    Ok(ExitStatus::Clean)
}
