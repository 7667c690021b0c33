//! `jwtscan [scan]`: the flags and `.jwtscan.yaml` made into one
//! [`Plan`], run by the scanner, then the warnings, the report and the
//! exit status.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use super::{crack_mode, hooks, print_warnings, reading, setup, Setup};
use crate::baseline::Baseline;
use crate::cli::{self, ColorChoice, FailOn, ScanArgs};
use crate::config;
use crate::report::{self, ReportOptions, Summary};
use crate::rules::Severity;
use crate::scan::history::HistoryOptions;
use crate::scan::staged::{self, ChangeOptions};
use crate::scan::tree::TreeOptions;
use crate::scan::Hooks;
use crate::scanner::{self, Outcome, Plan, Ran, Source};
use crate::{atomic, ExitStatus};

pub(crate) fn run(args: &ScanArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let started = Instant::now();
    let git_mode = args.staged || args.diff.is_some() || args.history.is_some();
    let setup = setup(&args.paths, git_mode, &args.config)?;
    let c = &setup.loaded.config;
    let fail_on = args.fail_on.or(c.fail_on).unwrap_or(FailOn::Medium);
    let baseline = match &args.baseline {
        Some(file) => Some(Baseline::read(file)?),
        None => setup.loaded.baseline(&setup.root)?,
    };
    let plan = plan(args, &setup, baseline.as_ref())?;
    let unit = plan.source.unit();
    let outcome = match run_plan(&setup, &plan)? {
        Ran::Done(outcome) => outcome,
        Ran::Unreadable { count, warnings } => {
            // The error points at the warnings: they must be printed first.
            print_warnings(&mut io::stderr().lock(), &warnings)?;
            anyhow::bail!(
                "{count} file{} could not be read (--strict); the warnings above say which",
                if count == 1 { "" } else { "s" }
            );
        }
    };
    print_notes(args, &outcome)?;
    let summary = summary(args, unit, &outcome, started);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    colored::control::set_override(color);
    let options = ReportOptions {
        show_secrets: args.show_secrets,
        color,
        quiet: args.quiet,
    };
    let findings = &outcome.findings;
    let format = args.format.into();
    let rules = &setup.rules;
    match &args.output {
        Some(path) => {
            let mut report = Vec::new();
            report::emit(format, &mut report, rules, findings, &summary, options)?;
            atomic::write(path, &report, 0o644, atomic::Scope::Anywhere)?;
        }
        None => report::emit(format, out, rules, findings, &summary, options)?,
    }
    let threshold = match fail_on {
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// Runs the plan, drawing a progress bar on a terminal for a history scan.
fn run_plan(setup: &Setup, plan: &Plan<'_>) -> Result<Ran> {
    let history = matches!(plan.source, Source::History { .. });
    if !(history && io::stderr().is_terminal()) {
        return scanner::run(&setup.rules, plan, hooks());
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} scanning history {pos}/{len} commits {wide_bar} {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let draw = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let hooks = Hooks {
        progress: Some(&draw),
        ..hooks()
    };
    let ran = scanner::run(&setup.rules, plan, hooks);
    bar.finish_and_clear();
    ran
}

/// The scan the flags and the configuration ask for.
fn plan<'a>(
    args: &'a ScanArgs,
    setup: &'a Setup,
    baseline: Option<&'a Baseline>,
) -> Result<Plan<'a>> {
    let c = &setup.loaded.config;
    let (max_file_size, detect) = reading(&args.reading, setup, args.max_findings_per_file);
    let rotation_days = args
        .rotation_days
        .or(c.rotation_days)
        .unwrap_or(config::DEFAULT_ROTATION_DAYS);
    let threads = cli::capped_threads(args.threads);
    let source = source(args, setup, max_file_size, threads)?;
    Ok(Plan {
        source,
        detect,
        crack: crack_mode(&args.cracking, &setup.policy),
        threads,
        rotation_days,
        policy: &setup.policy,
        max_findings_per_file: args.max_findings_per_file,
        baseline,
        strict: args.strict,
    })
}

/// The source the flags pick: staged, diff, history or the tree.
fn source<'a>(
    args: &'a ScanArgs,
    setup: &Setup,
    max_file_size: u64,
    threads: usize,
) -> Result<Source<'a>> {
    let cwd = std::env::current_dir()?;
    if args.staged || args.diff.is_some() {
        let source = match &args.diff {
            Some(base) => staged::Source::Since(base),
            None => staged::Source::Staged,
        };
        let options = ChangeOptions {
            source,
            all_lines: args.all_lines,
            max_file_size,
            paths: &args.paths,
        };
        return Ok(Source::Changes { cwd, options });
    }
    if let Some(range) = &args.history {
        let options = HistoryOptions {
            range: (!range.is_empty()).then_some(range.as_str()),
            since: args.since_commit.as_deref(),
            max_file_size,
            threads,
        };
        let dir = history_dir(&cwd, &args.paths)?;
        return Ok(Source::History { dir, options });
    }
    Ok(Source::Tree(tree_options(
        &args.paths,
        threads,
        max_file_size,
        setup,
    )))
}

/// Where `--history` finds the repository: the one PATH given (a
/// directory in it), else the current directory. A revision given as a
/// PATH (`--history main..topic`, which the shell and clap read as
/// `--history` and a path) is an error that shows the form that works.
fn history_dir(cwd: &Path, paths: &[PathBuf]) -> Result<PathBuf> {
    match paths {
        [] => Ok(cwd.to_path_buf()),
        [one] if cwd.join(one).is_dir() => Ok(cwd.join(one)),
        [one] => {
            let shown = crate::text::escape_control(&one.to_string_lossy());
            anyhow::bail!(
                "{shown}: not a directory; to scan a range or a branch, write --history={shown}"
            )
        }
        _ => anyhow::bail!(
            "--history scans a whole repository: give at most one PATH, a directory in it"
        ),
    }
}

/// A tree scan of `paths` (default `.`), with the configuration's
/// excluded paths.
pub(crate) fn tree_options(
    paths: &[PathBuf],
    threads: usize,
    max_file_size: u64,
    setup: &Setup,
) -> TreeOptions {
    TreeOptions {
        paths: if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        },
        threads,
        max_file_size,
        exclude: setup.policy.exclude_set(),
        skip_vendored: !setup.loaded.config.paths.vendored.unwrap_or(false),
    }
}

/// Warnings, unused markers and stale baseline entries, on stderr.
fn print_notes(args: &ScanArgs, outcome: &Outcome) -> Result<()> {
    let mut stderr = io::stderr().lock();
    print_warnings(&mut stderr, &outcome.warnings)?;
    if args.report_unused_ignores {
        for (path, line) in &outcome.unused_ignores {
            writeln!(
                stderr,
                "jwtscan: unused ignore: {}:{line}: jwtscan:ignore suppressed nothing",
                crate::text::escape_control(path)
            )?;
        }
    }
    if args.report_stale_baseline {
        for e in &outcome.stale {
            writeln!(
                stderr,
                "jwtscan: stale baseline entry: {} {} ({}): no such finding any more",
                e.rule_id,
                crate::text::escape_control(&e.path),
                e.fingerprint
            )?;
        }
    }
    Ok(())
}

/// The summary line's and the JSON `summary`'s totals.
fn summary(args: &ScanArgs, unit: &'static str, outcome: &Outcome, started: Instant) -> Summary {
    let stats = &outcome.stats;
    let cracking = &outcome.cracking;
    Summary {
        unit,
        commits: outcome.commits,
        files_scanned: stats.files,
        bytes_scanned: stats.bytes,
        files_skipped_binary: stats.binary,
        files_skipped_large: stats.large,
        files_unreadable: stats.unreadable,
        vendored_skipped: stats.vendored,
        duration_ms: started.elapsed().as_millis(),
        suppressed: outcome.suppressed,
        allowed: outcome.allowed,
        baselined: outcome.baselined,
        stale_baseline: args.report_stale_baseline.then_some(outcome.stale.len()),
        unused_ignores: args
            .report_unused_ignores
            .then(|| outcome.unused_ignores.clone()),
        env_rules_skipped: outcome.env_rules_skipped,
        tokens: cracking.tokens,
        tokens_tried_fully: cracking.fully,
        tokens_cracked: cracking.cracked,
        crack_candidates: cracking.candidates,
    }
}
