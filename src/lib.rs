//! jwtscan finds hardcoded, weak and misused JWT signing keys in source code
//! and config, by rule ID (see `rules/*.yaml` and `../shared/RULES.md`).
//!
//! [`run`] is the whole program: it validates the command line into a scan
//! configuration, scans, reports, and returns the [`ExitStatus`]; only `main`
//! exits.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod atomic;
pub(crate) mod baseline;
pub mod cli;
pub(crate) mod command;
pub(crate) mod config;
pub(crate) mod crack;
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
pub(crate) mod text;
pub(crate) mod yaml;

use std::io::{self, IsTerminal, Write};

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
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

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
            list_rules(&RuleSet::builtin()?, &mut out)?;
            ExitStatus::Clean
        }
        Some(Command::Rules { test: Some(file) }) => test_rules(&file, &mut out)?,
        Some(Command::Baseline(args)) => command::baseline(&args, &mut out)?,
        Some(Command::Config(args)) => command::print_config(&args, &mut out)?,
        Some(Command::Explain { rule }) => explain(&RuleSet::builtin()?, &rule, &mut out)?,
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
        Some(Command::Scan(args)) => command::scan(&args, &mut out)?,
        None => command::scan(&cli.scan, &mut out)?,
    };
    out.flush()?;
    Ok(status)
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

/// `jwtscan rules --test FILE`: the file's examples, with the built-in
/// rules it may refer to.
fn test_rules(file: &std::path::Path, out: &mut dyn Write) -> Result<ExitStatus> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let name = file.display().to_string();
    let rules = RuleSet::with_extra(&[(name.clone(), text.clone())])?;
    let outcome = rules::examples::run(&rules, Some(&name), &[(&name, &text)]);
    if outcome.count == 0 {
        anyhow::bail!(
            "{name} has no examples: give each rule and sink `examples` and `negative_examples`"
        );
    }
    for failure in &outcome.failures {
        writeln!(out, "{failure}")?;
    }
    writeln!(
        out,
        "{name}: {} of {} examples pass",
        outcome.count - outcome.failures.len(),
        outcome.count
    )?;
    Ok(if outcome.failures.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
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
            rules::practice_name(rule.practice)
        )?;
    }
    writeln!(
        out,
        "\n{} known public JWT secrets embedded (Wallarm jwt-secrets, MIT).",
        detect::known::count()
    )?;
    Ok(())
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
        rules::practice_name(rule.practice)
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
