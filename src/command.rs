//! The scan as the command line asks for it: find the root and its
//! `.jwtscan.yaml`, build the rules, scan in the chosen mode, crack tokens,
//! apply the configuration and the baseline, report. Also `jwtscan
//! baseline` and `jwtscan config --print`, which share the set-up.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::baseline::{self, Baseline};
use crate::cli::{self, ColorChoice, ConfigArgs, FailOn, ScanArgs};
use crate::config::{self, Loaded, Policy};
use crate::report::{self, ReportOptions, Summary};
use crate::rules::{RuleSet, Severity};
use crate::scan::{self, ScanOutput};
use crate::{atomic, crack, ExitStatus};

/// What every command that scans sets up first.
struct Setup {
    root: PathBuf,
    loaded: Loaded,
    rules: RuleSet,
    policy: Policy,
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
    Ok(scan::roots(&[first])?
        .into_iter()
        .next()
        .map_or(cwd, |r| r.base))
}

fn setup(paths: &[PathBuf], git_mode: bool, config: &ConfigArgs) -> Result<Setup> {
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
    let policy = loaded.policy(&rules)?;
    Ok(Setup {
        root,
        loaded,
        rules,
        policy,
    })
}

/// `jwtscan [scan]`.
pub(crate) fn scan(args: &ScanArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let started = Instant::now();
    let git_mode = args.staged || args.diff.is_some() || args.history.is_some();
    let mut setup = setup(&args.paths, git_mode, &args.config)?;
    setup.rules.honor_foreign_ignores = args.honor_foreign_ignores;
    setup.rules.max_findings_per_rule = args.max_findings_per_file;
    let c = &setup.loaded.config;
    let max_file_size = args
        .max_file_size
        .or(c.max_file_size)
        .unwrap_or(config::DEFAULT_MAX_FILE_SIZE);
    let rotation_days = args
        .rotation_days
        .or(c.rotation_days)
        .unwrap_or(config::DEFAULT_ROTATION_DAYS);
    let fail_on = args.fail_on.or(c.fail_on).unwrap_or(FailOn::Medium);
    let rules = &setup.rules;
    let (mut output, unit, commits) =
        run_mode(rules, &setup.policy, args, max_file_size, rotation_days)?;
    let mode = crack_mode(&args.cracking, &setup.policy);
    if crate::interrupted() {
        return Ok(ExitStatus::Interrupted);
    }
    if args.strict && output.stats.unreadable > 0 {
        // The error points at the warnings: they must be printed first.
        print_warnings(&mut io::stderr().lock(), &output.warnings)?;
        anyhow::bail!(
            "{} file{} could not be read (--strict); the warnings above say which",
            output.stats.unreadable,
            if output.stats.unreadable == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    let cracking = crack::run(
        rules,
        &mut output.findings,
        mode,
        cli::capped_threads(args.threads),
    );
    if crate::interrupted() {
        return Ok(ExitStatus::Interrupted);
    }
    let allowed = setup.policy.apply(&mut output.findings);
    crate::finding::sort(&mut output.findings);
    let mut truncated = cap_per_file(&mut output.findings, args.max_findings_per_file);
    // Merged with what the scan already dropped from each file.
    for (path, n) in std::mem::take(&mut output.capped) {
        match truncated.iter_mut().find(|(p, _)| *p == path) {
            Some((_, more)) => *more += n,
            None => truncated.push((path, n)),
        }
    }
    truncated.sort();
    output.warnings.extend(truncated.iter().map(|(path, more)| {
        format!(
            "{}: and {more} more finding{} (--max-findings-per-file)",
            crate::text::escape_control(path),
            if *more == 1 { "" } else { "s" }
        )
    }));
    let baseline = match &args.baseline {
        Some(file) => Some(Baseline::read(file)?),
        None => setup.loaded.baseline(&setup.root)?,
    };
    let (baselined, stale) = match &baseline {
        Some(baseline) => {
            let (n, stale) = baseline.apply(&mut output.findings);
            (Some(n), stale)
        }
        None => (None, Vec::new()),
    };
    {
        let mut stderr = io::stderr().lock();
        print_warnings(&mut stderr, &output.warnings)?;
        if args.report_unused_ignores {
            for (path, line) in &output.unused_ignores {
                writeln!(
                    stderr,
                    "jwtscan: unused ignore: {}:{line}: jwtscan:ignore suppressed nothing",
                    crate::text::escape_control(path)
                )?;
            }
        }
        if args.report_stale_baseline {
            for e in &stale {
                writeln!(
                    stderr,
                    "jwtscan: stale baseline entry: {} {} ({}): no such finding any more",
                    e.rule_id,
                    crate::text::escape_control(&e.path),
                    e.fingerprint
                )?;
            }
        }
    }
    let summary = Summary {
        unit,
        commits,
        files_scanned: output.stats.files,
        bytes_scanned: output.stats.bytes,
        files_skipped_binary: output.stats.binary,
        files_skipped_large: output.stats.large,
        files_unreadable: output.stats.unreadable,
        duration_ms: started.elapsed().as_millis(),
        suppressed: output.suppressed,
        allowed,
        baselined,
        stale_baseline: args.report_stale_baseline.then_some(stale.len()),
        unused_ignores: args
            .report_unused_ignores
            .then(|| output.unused_ignores.clone()),
        env_rules_skipped: output.env_rules_skipped,
        tokens: cracking.tokens,
        tokens_tried_fully: cracking.fully,
        tokens_cracked: cracking.cracked,
        crack_candidates: cracking.candidates,
    };
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
    let findings = &output.findings;
    match &args.output {
        Some(path) => {
            let mut report = Vec::new();
            report::emit(
                args.format.into(),
                &mut report,
                rules,
                findings,
                &summary,
                options,
            )?;
            atomic::write(path, &report, 0o644, atomic::Scope::Anywhere)?;
        }
        None => report::emit(args.format.into(), out, rules, findings, &summary, options)?,
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

/// Keeps the first `max` findings of each file (0: all); returns the files
/// cut and how many findings each lost. `findings` are in report order.
fn cap_per_file(findings: &mut Vec<crate::finding::Finding>, max: usize) -> Vec<(String, usize)> {
    if max == 0 {
        return Vec::new();
    }
    let mut cut: Vec<(String, usize)> = Vec::new();
    let mut run = 0usize;
    let mut previous: Option<String> = None;
    findings.retain(|f| {
        if previous.as_deref() != Some(f.path.as_str()) {
            previous = Some(f.path.clone());
            run = 0;
        }
        run += 1;
        if run <= max {
            return true;
        }
        match cut.last_mut() {
            Some((path, n)) if *path == f.path => *n += 1,
            _ => cut.push((f.path.clone(), 1)),
        }
        false
    });
    cut
}

/// Scans in the mode the flags pick: staged, diff, history or the tree.
fn run_mode(
    rules: &RuleSet,
    policy: &Policy,
    args: &ScanArgs,
    max_file_size: u64,
    rotation_days: u32,
) -> Result<(ScanOutput, &'static str, Option<u64>)> {
    let cwd = std::env::current_dir()?;
    if args.staged || args.diff.is_some() {
        let source = match &args.diff {
            Some(base) => scan::staged::Source::Since(base),
            None => scan::staged::Source::Staged,
        };
        let change = scan::staged::ChangeOptions {
            source,
            all_lines: args.all_lines,
            max_file_size,
            paths: &args.paths,
        };
        let unit = if args.staged {
            "staged files"
        } else {
            "changed files"
        };
        return Ok((
            scan::staged::scan_changes(rules, &cwd, &change)?,
            unit,
            None,
        ));
    }
    if let Some(range) = &args.history {
        let history = scan::history::HistoryOptions {
            range: (!range.is_empty()).then_some(range.as_str()),
            since: args.since_commit.as_deref(),
            rotation_days,
            max_file_size,
            threads: cli::capped_threads(args.threads),
            progress: io::stderr().is_terminal(),
        };
        let dir = history_dir(&cwd, &args.paths)?;
        let (output, commits) = scan::history::scan_history(rules, &dir, &history)?;
        // An interrupted walk is incomplete: never report it as clean.
        if crate::interrupted() {
            anyhow::bail!("interrupted");
        }
        return Ok((output, "blobs", Some(commits)));
    }
    let options = tree_options(
        &args.paths,
        cli::capped_threads(args.threads),
        max_file_size,
        policy,
    );
    Ok((scan::scan_tree(rules, &options)?, "files", None))
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
fn tree_options(
    paths: &[PathBuf],
    threads: usize,
    max_file_size: u64,
    policy: &Policy,
) -> scan::ScanOptions {
    scan::ScanOptions {
        paths: if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        },
        threads,
        max_file_size,
        exclude: policy.exclude_set(),
    }
}

/// Warnings on stderr, each on its own line; they quote paths from the
/// scanned tree, so control characters are escaped.
fn print_warnings(stderr: &mut dyn Write, warnings: &[String]) -> io::Result<()> {
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
fn crack_mode(args: &cli::CrackArgs, policy: &Policy) -> crack::Mode {
    match args.crack {
        cli::Crack::Off => crack::Mode::Off,
        _ if !policy.enabled("JWT205") => crack::Mode::Off,
        cli::Crack::Full => crack::Mode::Full,
        cli::Crack::Budget => crack::Mode::Budget(std::time::Duration::from_secs_f64(
            args.crack_budget.clamp(0.0, 86_400.0),
        )),
    }
}

/// `jwtscan baseline`: scans like `jwtscan PATH` and records the findings.
pub(crate) fn baseline(args: &cli::BaselineArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let setup = setup(&args.paths, false, &args.config)?;
    let max_file_size = setup
        .loaded
        .config
        .max_file_size
        .unwrap_or(config::DEFAULT_MAX_FILE_SIZE);
    let options = tree_options(&args.paths, 0, max_file_size, &setup.policy);
    let mut output = scan::scan_tree(&setup.rules, &options)?;
    // Cracked as the scan cracks, so the baseline holds what it reports.
    crack::run(
        &setup.rules,
        &mut output.findings,
        crack_mode(&args.cracking, &setup.policy),
        0,
    );
    setup.policy.apply(&mut output.findings);
    let file = args
        .output
        .clone()
        .unwrap_or_else(|| setup.root.join(baseline::DEFAULT_FILE));
    // The default file is the tree's: it may be a committed link out of it.
    let scope = match &args.output {
        Some(_) => atomic::Scope::Anywhere,
        None => atomic::Scope::Inside(&setup.root),
    };
    let recorded = Baseline::of(&output.findings);
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

/// `jwtscan config --print`.
pub(crate) fn print_config(args: &cli::ConfigCmdArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    let setup = setup(&paths, false, &args.config)?;
    let source = match &setup.loaded.file {
        Some(file) => format!("# from {}", file.display()),
        None => "# no .jwtscan.yaml: the defaults".to_string(),
    };
    let effective = setup.loaded.effective();
    let yaml = crate::yaml::to_string(&effective)?;
    write!(out, "{source}\n{yaml}")?;
    Ok(ExitStatus::Clean)
}
