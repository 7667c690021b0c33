//! jwtscan finds hardcoded, weak and misused JWT signing keys in source code
//! and config, by rule ID (see `rules/*.yaml` and `../shared/RULES.md`).
//!
//! [`run`] is the whole program: it validates the command line into a scan
//! configuration, scans, reports, and returns the [`ExitStatus`]; only `main`
//! exits.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod atomic;
pub mod cli;
pub(crate) mod crack;
pub(crate) mod detect;
pub(crate) mod fix;
pub(crate) mod hook;
pub(crate) mod keygen;
pub mod report;
pub mod rules;
pub(crate) mod scan;
pub(crate) mod yaml;

use std::io::{self, IsTerminal, Write};
use std::time::Instant;

use anyhow::Result;

use cli::{Cli, ColorChoice, Command, FailOn, ScanArgs};
use report::{ReportOptions, Summary};
use rules::{RuleSet, Severity};

/// How the run ended; `main` maps it to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above `--fail-on`.
    Clean,
    /// At least one failing finding.
    Findings,
    /// The scan could not be done as asked.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// The eight practices, by number, as `explain` and `rules` name them.
pub(crate) const PRACTICES: [&str; 8] = [
    "strong, long, random keys",
    "never hardcode the key",
    ".env files in .gitignore, never committed",
    "a different key per environment",
    "rotate keys",
    "the right algorithm, always verified",
    "every token expires",
    "the key meets its algorithm's minimum length",
];

/// Runs the program and reports errors as one line on stderr.
pub fn run(cli: Cli) -> ExitStatus {
    match try_run(cli) {
        Ok(status) => status,
        Err(err) if is_broken_pipe(&err) => ExitStatus::Clean,
        Err(err) => {
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "jwtscan: error: {err:#}");
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
    let rules = RuleSet::builtin()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let status = match cli.command {
        Some(Command::Rules) => {
            list_rules(&rules, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Explain { rule }) => explain(&rules, &rule, &mut out)?,
        Some(Command::InstallHook { uninstall, force }) => {
            let cwd = std::env::current_dir()?;
            writeln!(out, "{}", hook::run(&cwd, uninstall, force)?)?;
            ExitStatus::Clean
        }
        Some(Command::Fix(args)) => {
            fix::run(&args, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Keygen(args)) => {
            keygen(&args, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Scan(args)) => scan(&rules, &args, &mut out)?,
        None => scan(&rules, &cli.scan, &mut out)?,
    };
    out.flush()?;
    Ok(status)
}

fn scan(rules: &RuleSet, args: &ScanArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let started = Instant::now();
    let options = scan::ScanOptions {
        paths: if args.paths.is_empty() {
            vec![std::path::PathBuf::from(".")]
        } else {
            args.paths.clone()
        },
        threads: args.threads,
        max_file_size: args.max_file_size,
    };
    let cwd = std::env::current_dir()?;
    let explicit_paths: &[std::path::PathBuf] = &args.paths;
    let (output, unit, commits) = if args.staged || args.diff.is_some() {
        let source = match &args.diff {
            Some(base) => scan::staged::Source::Since(base),
            None => scan::staged::Source::Staged,
        };
        let change = scan::staged::ChangeOptions {
            source,
            all_lines: args.all_lines,
            max_file_size: args.max_file_size,
            paths: explicit_paths,
        };
        let unit = if args.staged {
            "staged files"
        } else {
            "changed files"
        };
        (
            scan::staged::scan_changes(rules, &cwd, &change)?,
            unit,
            None,
        )
    } else if let Some(range) = &args.history {
        let history = scan::history::HistoryOptions {
            range: (!range.is_empty()).then_some(range.as_str()),
            since: args.since_commit.as_deref(),
            rotation_days: args.rotation_days,
            max_file_size: args.max_file_size,
            threads: args.threads,
            progress: io::stderr().is_terminal(),
        };
        let (output, commits) = scan::history::scan_history(rules, &cwd, &history)?;
        (output, "blobs", Some(commits))
    } else {
        (scan::scan_tree(rules, &options)?, "files", None)
    };
    let mut output = output;
    let mode = match args.crack {
        cli::Crack::Off => crack::Mode::Off,
        cli::Crack::Full => crack::Mode::Full,
        cli::Crack::Budget => crack::Mode::Budget(std::time::Duration::from_secs_f64(
            args.crack_budget.clamp(0.0, 86_400.0),
        )),
    };
    let cracking = crack::run(rules, &mut output.findings, mode, args.threads);
    {
        let mut stderr = io::stderr().lock();
        for warning in &output.warnings {
            writeln!(stderr, "jwtscan: warning: {warning}")?;
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
    let report_options = ReportOptions {
        show_secrets: args.show_secrets,
        color,
        quiet: args.quiet,
    };
    match &args.output {
        Some(path) => {
            let mut report = Vec::new();
            report::emit(
                args.format,
                &mut report,
                rules,
                &output.findings,
                &summary,
                report_options,
            )?;
            atomic::write(path, &report, 0o644)?;
        }
        None => report::emit(
            args.format,
            out,
            rules,
            &output.findings,
            &summary,
            report_options,
        )?,
    }
    let threshold = match args.fail_on {
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| output.findings.iter().any(|f| f.severity >= t));
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// `jwtscan keygen`; raw bytes never go to a terminal.
fn keygen(args: &cli::KeygenArgs, out: &mut dyn Write) -> Result<()> {
    if args.format == cli::KeyFormat::Raw && io::stdout().is_terminal() {
        anyhow::bail!("refusing to print raw key bytes to a terminal: redirect to a file or use --format base64");
    }
    let key = keygen::random_key(keygen::key_len(args.alg))?;
    out.write_all(&keygen::render(&key, args.format, &args.name))?;
    Ok(())
}

fn list_rules(rules: &RuleSet, out: &mut dyn Write) -> Result<()> {
    let slug = rules.rules.iter().map(|r| r.slug.len()).max().unwrap_or(4) + 2;
    writeln!(
        out,
        "{:<8}{:<slug$}{:<10}PRACTICE",
        "ID", "SLUG", "SEVERITY"
    )?;
    for rule in &rules.rules {
        writeln!(
            out,
            "{:<8}{:<slug$}{:<10}{} {}",
            rule.id,
            rule.slug,
            rule.severity.as_str(),
            rule.practice,
            practice_name(rule.practice)
        )?;
    }
    writeln!(
        out,
        "\n{} known public JWT secrets embedded (Wallarm jwt-secrets, MIT).",
        detect::known::count()
    )?;
    Ok(())
}

pub(crate) fn practice_name(practice: u8) -> &'static str {
    PRACTICES
        .get(usize::from(practice).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

fn explain(rules: &RuleSet, id: &str, out: &mut dyn Write) -> Result<ExitStatus> {
    let Some(rule) = rules.rule(id) else {
        anyhow::bail!("unknown rule {id:?}; `jwtscan rules` lists them");
    };
    let indent = |text: &str| -> String {
        text.trim_end()
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect()
    };
    writeln!(
        out,
        "{} {} (severity: {})",
        rule.id,
        rule.slug,
        rule.severity.as_str()
    )?;
    writeln!(
        out,
        "Practice {}: {}\n",
        rule.practice,
        practice_name(rule.practice)
    )?;
    writeln!(out, "{}\n", rule.description.trim())?;
    write!(out, "Bad:\n{}\n", indent(&rule.bad))?;
    write!(out, "Good:\n{}\n", indent(&rule.good))?;
    writeln!(out, "Fix: {}", rule.fix.trim())?;
    if !rule.references.is_empty() {
        writeln!(out, "\nReferences:")?;
        for r in &rule.references {
            writeln!(out, "  {r}")?;
        }
    }
    Ok(ExitStatus::Clean)
}
