//! One file per subcommand. Each turns its arguments into a validated plan
//! (the root, `.jwtscan.yaml`, the rules, the scan's settings) before
//! anything is read, runs it, and writes what it has to say; only these
//! and `lib.rs` print. Entry layer: it may use every other part.

pub(crate) mod baseline;
pub(crate) mod config;
pub(crate) mod examples;
pub(crate) mod explain;
pub(crate) mod fix;
pub(crate) mod install_hook;
pub(crate) mod keygen;
pub(crate) mod rules;
pub(crate) mod scan;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{self, ConfigArgs};
use crate::config::{Loaded, Policy};
use crate::detect::repo::crack;
use crate::rules::RuleSet;

/// What every command that scans sets up first.
pub(crate) struct Setup {
    pub root: PathBuf,
    pub loaded: Loaded,
    pub rules: RuleSet,
    pub policy: Policy,
}

/// The root that paths (and `.jwtscan.yaml`) are relative to: the git work
/// tree around the first PATH (or the current directory in the git modes),
/// else that PATH.
fn root(paths: &[PathBuf], git_mode: bool) -> Result<PathBuf> {
    let cwd = std::env::current_dir()?;
    if git_mode {
        return Ok(git2::Repository::discover(&cwd)
            .ok()
            .and_then(|r| r.workdir().map(Path::to_path_buf))
            .unwrap_or(cwd));
    }
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    Ok(crate::scan::roots(&[first])?
        .into_iter()
        .next()
        .map_or(cwd, |r| r.base))
}

/// The root, its configuration, the rules (users' checked in full: their
/// scouts are built now, so an error is reported before a scan) and the
/// policy.
pub(crate) fn setup(paths: &[PathBuf], git_mode: bool, config: &ConfigArgs) -> Result<Setup> {
    let root = root(paths, git_mode)?;
    let loaded = if config.no_config {
        Loaded::default()
    } else if let Some(rev) = &config.config_rev {
        Loaded::at_rev(&root, rev)?
    } else {
        Loaded::find(&root, config.config.as_deref())?
    };
    let extra = loaded.extra_rules(&root)?;
    let rules = RuleSet::with_extra(&extra)?;
    if !extra.is_empty() {
        crate::detect::Detector::new(&rules, crate::detect::Options::default())
            .check()
            .map_err(|e| anyhow::anyhow!("rules: {e}"))?;
    }
    let policy = loaded.policy(&rules)?;
    Ok(Setup {
        root,
        loaded,
        rules,
        policy,
    })
}

/// Warnings on stderr, each on its own line; they quote paths from the
/// scanned tree, so control characters are escaped.
pub(crate) fn print_warnings(stderr: &mut dyn Write, warnings: &[String]) -> io::Result<()> {
    for warning in warnings {
        writeln!(
            stderr,
            "jwtscan: warning: {}",
            crate::text::escape_control(warning)
        )?;
    }
    Ok(())
}

/// The cracking `--crack` and `--crack-budget` ask for (off when the
/// policy disables JWT205).
pub(crate) fn crack_mode(args: &cli::CrackArgs, policy: &Policy) -> crack::Mode {
    match args.crack {
        cli::Crack::Off => crack::Mode::Off,
        _ if !policy.enabled("JWT205") => crack::Mode::Off,
        cli::Crack::Full => crack::Mode::Full,
        cli::Crack::Budget => crack::Mode::Budget(std::time::Duration::from_secs_f64(
            args.crack_budget.clamp(0.0, 86_400.0),
        )),
    }
}

/// What `--max-file-size` and `--honor-foreign-ignores` make of a scan,
/// the same for `jwtscan` and `jwtscan baseline`: the file-size limit (the
/// flag, else `.jwtscan.yaml`, else the default) and the detector's options
/// with the per-file cap `cap`.
pub(crate) fn reading(
    args: &cli::ReadArgs,
    setup: &Setup,
    cap: usize,
) -> (u64, crate::detect::Options) {
    let max_file_size = args
        .max_file_size
        .or(setup.loaded.config.max_file_size)
        .unwrap_or(crate::config::DEFAULT_MAX_FILE_SIZE);
    let detect = crate::detect::Options {
        max_findings_per_rule: cap,
        honor_foreign_ignores: args.honor_foreign_ignores,
    };
    (max_file_size, detect)
}

/// The hooks every scan gets: Ctrl-C's flag, and no progress.
pub(crate) fn hooks() -> crate::scan::Hooks<'static> {
    crate::scan::Hooks {
        cancel: &crate::INTERRUPTED,
        progress: None,
    }
}
