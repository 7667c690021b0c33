//! `jwtscan baseline`: scans as `jwtscan PATH` with the same configuration,
//! reading flags (`--max-file-size`, `--honor-foreign-ignores`) and cracking
//! flags, through the same plan, and records every finding (no per-file
//! cap, no baseline applied), so that a scan with the baseline reports only
//! what is new.

use std::io::Write;

use anyhow::{Context, Result};

use super::scan::tree_options;
use super::{crack_mode, hooks, reading, setup};
use crate::baseline::{self, Baseline};
use crate::cli;
use crate::config;
use crate::scanner::{self, Plan, Ran, Source};
use crate::{atomic, ExitStatus};

pub(crate) fn run(args: &cli::BaselineArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let setup = setup(&args.paths, false, &args.config)?;
    let c = &setup.loaded.config;
    // Every finding: no per-file cap.
    let (max_file_size, detect) = reading(&args.reading, &setup, 0);
    let plan = Plan {
        source: Source::Tree(tree_options(&args.paths, 0, max_file_size, &setup)),
        detect,
        crack: crack_mode(&args.cracking, &setup.policy),
        threads: 0,
        rotation_days: c.rotation_days.unwrap_or(config::DEFAULT_ROTATION_DAYS),
        policy: &setup.policy,
        max_findings_per_file: 0,
        baseline: None,
        strict: false,
    };
    let findings = match scanner::run(&setup.rules, &plan, hooks())? {
        Ran::Done(outcome) => outcome.findings,
        // Not --strict: unreadable files are warnings, never this.
        Ran::Unreadable { count, .. } => anyhow::bail!("{count} files could not be read"),
    };
    let file = args
        .output
        .clone()
        .unwrap_or_else(|| setup.root.join(baseline::DEFAULT_FILE));
    // The default file is the tree's: it may be a committed link out of it.
    let scope = match &args.output {
        Some(_) => atomic::Scope::Anywhere,
        None => atomic::Scope::Inside(&setup.root),
    };
    let recorded = Baseline::of(&findings);
    atomic::write(&file, &recorded.to_json()?, 0o644, scope)
        .with_context(|| format!("cannot write the baseline {}", file.display()))?;
    writeln!(
        out,
        "jwtscan: baseline of {} finding{} written to {}; scan with --baseline {} to report only new ones",
        recorded.findings.len(),
        if recorded.findings.len() == 1 { "" } else { "s" },
        file.display(),
        file.display()
    )?;
    Ok(ExitStatus::Clean)
}
