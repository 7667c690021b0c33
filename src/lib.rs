//! jwtscan finds hardcoded, weak and misused JWT signing keys in source code
//! and config, by rule ID (see `rules/*.yaml` and `docs/RULES.md`).
//!
//! [`run`] is the whole program: it validates the command line into a scan
//! configuration, scans, reports, and returns the [`ExitStatus`]; only `main`
//! exits.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod atomic;
pub(crate) mod baseline;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod config;
pub(crate) mod detect;
pub(crate) mod finding;
pub(crate) mod fix;
pub(crate) mod fsio;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod git;
pub(crate) mod hook;
pub(crate) mod keygen;
pub mod report;
pub mod rules;
pub(crate) mod scan;
pub(crate) mod scanner;
pub(crate) mod text;
pub(crate) mod yaml;

use std::io::{self, Write};

use anyhow::Result;

use cli::{Cli, Command};
use rules::RuleSet;

/// How the run ended; `main` maps it to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above `--fail-on`.
    Clean,
    /// At least one failing finding.
    Findings,
    /// The scan could not be done as asked.
    Error,
    /// Stopped by Ctrl-C (SIGINT).
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

/// Set by Ctrl-C: scans stop at the next file and exit 130.
pub(crate) static INTERRUPTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Whether Ctrl-C was pressed.
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Ctrl-C stops the scan at the next file; whatever is still running a
/// second later (a long regex, cracking) is ended with exit 130. Writes to
/// users' files are single atomic renames, so neither leaves a half file or
/// a temporary one behind for longer than that second.
fn on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
        std::thread::sleep(std::time::Duration::from_secs(1));
        std::process::exit(130);
    });
}

/// Runs the program and reports errors as one line on stderr.
pub fn run(cli: Cli) -> ExitStatus {
    on_interrupt();
    match try_run(cli) {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => ExitStatus::Clean,
        Err(_) if interrupted() => ExitStatus::Interrupted,
        Err(err) => {
            let mut stderr = io::stderr().lock();
            // Error messages carry paths from the scanned tree.
            let _ = writeln!(
                stderr,
                "jwtscan: error: {}",
                crate::text::escape_control(&format!("{err:#}"))
            );
            ExitStatus::Error
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn try_run(cli: Cli) -> Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let status = match cli.command {
        Some(Command::Rules { test: None }) => {
            commands::rules::list(&RuleSet::builtin()?, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Rules { test: Some(file) }) => commands::rules::test(&file, &mut out)?,
        Some(Command::Baseline(args)) => commands::baseline::run(&args, &mut out)?,
        Some(Command::Config(args)) => commands::config::run(&args, &mut out)?,
        Some(Command::Explain { rule }) => {
            commands::explain::run(&RuleSet::builtin()?, &rule, &mut out)?
        }
        Some(Command::InstallHook { uninstall, force }) => {
            commands::install_hook::run(uninstall, force, &mut out)?
        }
        Some(Command::Fix(args)) => commands::fix::run(&args, &mut out)?,
        Some(Command::Keygen(args)) => {
            commands::keygen::run(&args, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Scan(args)) => commands::scan::run(&args, &mut out)?,
        None => commands::scan::run(&cli.scan, &mut out)?,
    };
    out.flush()?;
    Ok(status)
}
