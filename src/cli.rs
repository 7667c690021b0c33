//! The command line, as clap derive types only.
//!
//! Entry layer: commands convert these into the types of the layers below
//! (`report::Format`, `fix::FixOptions`); no layer below imports this one.

use std::path::PathBuf;

pub use crate::config::FailOn;
pub use crate::keygen::{KeyAlg, KeyFormat};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Finds hardcoded, weak and misused JWT signing keys.
///
/// With no subcommand, scans PATH (default `.`) like `jwtscan scan`.
#[derive(Debug, Parser)]
#[command(
    name = "jwtscan",
    version,
    about,
    after_help = "The rules, severities, exit codes, JSON shape and suppression syntax: docs/RULES.md in jwtscan's repository; `jwtscan explain RULE` for one rule.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (the default; use it to scan a directory
    /// named like a subcommand).
    Scan(ScanArgs),
    /// List every rule: ID, slug, severity, practice; or test a rule file.
    Rules {
        /// Run the examples of the rules and sinks in FILE (the built-in
        /// schema) and report each that fails, with its line; exit 1 if any
        /// does.
        #[arg(long, value_name = "FILE")]
        test: Option<PathBuf>,
    },
    /// Record the current findings' fingerprints, so that later scans with
    /// `--baseline FILE` report only new findings.
    Baseline(BaselineArgs),
    /// Show the configuration a scan would use.
    Config(ConfigCmdArgs),
    /// Explain a rule: the practice, why it matters, a bad and a good example,
    /// and the fix.
    Explain {
        /// A rule ID (JWT201) or slug (hardcoded-secret).
        rule: String,
    },
    /// Install the git pre-commit hook (runs `jwtscan --staged`) in the
    /// repository around the current directory, keeping any hook already
    /// there and running it afterwards.
    InstallHook {
        /// Remove the hook and restore the one that was there before.
        #[arg(long)]
        uninstall: bool,
        /// Replace a foreign hook that cannot be kept (one is already saved).
        #[arg(long)]
        force: bool,
    },
    /// Make git ignore `.env` files: append the missing patterns to the
    /// root .gitignore (keeping what is there), and print the commands that
    /// stop tracking env files already committed. Never deletes or untracks
    /// anything itself.
    Fix(FixArgs),
    /// Print a new random HMAC key of the length the algorithm needs.
    Keygen(KeygenArgs),
}

/// Where the configuration comes from.
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArgs {
    /// Read the configuration from FILE instead of `.jwtscan.yaml` at the
    /// root.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "no_config",
        help_heading = "Configuration"
    )]
    pub config: Option<PathBuf>,
    /// Ignore any `.jwtscan.yaml` (for untrusted trees, such as a fork's
    /// pull request).
    #[arg(long, conflicts_with = "config_rev", help_heading = "Configuration")]
    pub no_config: bool,
    /// Read `.jwtscan.yaml`, its extra rule files and its baseline from git
    /// revision REV (e.g. the pull request's base branch), not from the work
    /// tree, so that the change being scanned cannot switch checks off.
    #[arg(
        long,
        value_name = "REV",
        conflicts_with = "config",
        help_heading = "Configuration"
    )]
    pub config_rev: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct BaselineArgs {
    /// Files or directories to scan (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where to write the baseline (default: `.jwtscan-baseline.json` at
    /// the root).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub reading: ReadArgs,
    #[command(flatten)]
    pub cracking: CrackArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ConfigCmdArgs {
    /// Print the effective configuration as YAML: the file's values with
    /// every default filled in.
    #[arg(long, required = true)]
    pub print: bool,
    /// The directory whose configuration to show (default: the current one).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Args)]
pub struct FixArgs {
    /// A directory inside the repository to fix (default: the current one).
    #[arg(value_name = "PATH", default_value = ".")]
    pub path: PathBuf,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write a fresh key for this variable into `.env` (once `.env` is
    /// ignored), unless an env file already defines it.
    #[arg(long, value_name = "NAME")]
    pub env_secret: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct KeygenArgs {
    /// The algorithm the key is for: HS256 32 bytes, HS384 48, HS512 64.
    #[arg(long, value_enum, ignore_case = true, default_value_t = KeyAlg::Hs256)]
    pub alg: KeyAlg,
    /// raw: the bytes; base64: base64url text; env: NAME=base64url.
    #[arg(long, value_enum, default_value_t = KeyFormat::Base64)]
    pub format: KeyFormat,
    /// The variable name for --format env.
    #[arg(long, default_value = "JWT_SECRET")]
    pub name: String,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (default: the current directory; with
    /// --staged or --diff, the whole repository).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (replaced
    /// atomically: never half a report).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The lowest severity that makes the run fail (exit 1) [default:
    /// medium, or `fail-on` in .jwtscan.yaml].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Print secrets in full instead of redacted.
    #[arg(long)]
    pub show_secrets: bool,

    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only the findings: no source lines, hints or summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Make any file that could not be read an error (exit 2); without it,
    /// skipped and unreadable files are counted in the summary.
    #[arg(long)]
    pub strict: bool,

    /// Report at most N findings per file, then one "and N more" line
    /// (0: no limit).
    #[arg(long, default_value_t = 100, value_name = "N", value_parser = bounded_usize::<1_000_000>)]
    pub max_findings_per_file: usize,

    /// Worker threads (default and at most: one per core).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N", value_parser = bounded_usize::<1024>)]
    pub threads: usize,

    /// Scan what `git commit` would commit: the index against HEAD, read
    /// from git (honours GIT_INDEX_FILE). Reports findings on added or
    /// modified lines; PATHs narrow it.
    #[arg(long, conflicts_with_all = ["history", "diff"], help_heading = "Git")]
    pub staged: bool,

    /// Scan what the commits since BASE (its merge base with HEAD) change,
    /// reporting findings on added or modified lines (pull-request mode).
    #[arg(
        long,
        value_name = "BASE",
        conflicts_with = "history",
        help_heading = "Git"
    )]
    pub diff: Option<String>,

    /// With --staged or --diff: report every finding in the changed files,
    /// not only those on changed lines.
    #[arg(long, help_heading = "Git")]
    pub all_lines: bool,

    /// Scan every commit reachable from any ref (or RANGE, `A..B`); each
    /// finding is reported once, at the commit that introduced it, and keys
    /// removed since are reported as still exposed (JWT501).
    #[arg(
        long,
        value_name = "RANGE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "",
        help_heading = "Git"
    )]
    pub history: Option<String>,

    /// With --history: only commits not reachable from REV.
    #[arg(long, value_name = "REV", requires = "history", help_heading = "Git")]
    pub since_commit: Option<String>,

    /// With --history: keys first committed longer ago than this are stale
    /// (JWT502) [default: 90, or `rotation-days` in .jwtscan.yaml].
    #[arg(long, value_name = "DAYS", help_heading = "Git", value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub rotation_days: Option<u32>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Report only findings not in this baseline (`jwtscan baseline`).
    #[arg(long, value_name = "FILE", help_heading = "Suppressions")]
    pub baseline: Option<PathBuf>,

    /// List baseline entries that matched no finding (fixed or moved).
    #[arg(long, help_heading = "Suppressions")]
    pub report_stale_baseline: bool,

    /// List `jwtscan:ignore` markers that suppressed nothing.
    #[arg(long, help_heading = "Suppressions")]
    pub report_unused_ignores: bool,

    #[command(flatten)]
    pub reading: ReadArgs,

    #[command(flatten)]
    pub cracking: CrackArgs,
}

/// What is read and how markers count: shared by scans and `jwtscan
/// baseline`, so that a baseline records what the scan reports.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Skip files larger than this many bytes [default: 5 MiB, or
    /// `max-file-size` in .jwtscan.yaml].
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..=MAX_FILE_SIZE_LIMIT))]
    pub max_file_size: Option<u64>,

    /// Also accept other scanners' markers on a finding's line:
    /// `gitleaks:allow`, `pragma: allowlist secret`, `nosec`.
    #[arg(long, help_heading = "Suppressions")]
    pub honor_foreign_ignores: bool,
}

/// How committed tokens are cracked (JWT205): shared by scans and
/// `jwtscan baseline`, so that a baseline records what the scan reports.
#[derive(Debug, Clone, Args)]
pub struct CrackArgs {
    /// Try committed HMAC tokens against the repository's keys and the known
    /// weak ones (JWT205): within --crack-budget, against every candidate,
    /// or not at all.
    #[arg(long, value_enum, default_value_t = Crack::Budget, help_heading = "Tokens")]
    pub crack: Crack,

    /// Seconds the whole scan may spend cracking tokens (--crack budget).
    #[arg(
        long,
        default_value_t = 2.0,
        value_name = "SECONDS",
        help_heading = "Tokens",
        value_parser = seconds
    )]
    pub crack_budget: f64,
}

/// `-j N` as run: at most one thread per core the machine offers (more
/// only contend, and enough of them fail to spawn); 0 stays "one per core".
pub(crate) fn capped_threads(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |c| c.get());
    n.min(cores)
}

/// The largest `--max-file-size`: 1 TiB (a file is read into memory).
const MAX_FILE_SIZE_LIMIT: u64 = 1 << 40;

/// A count from 0 to `MAX`; beyond it is an error, not a thread or an
/// allocation attempted.
fn bounded_usize<const MAX: usize>(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n <= MAX => Ok(n),
        _ => Err(format!("expected a whole number from 0 to {MAX}")),
    }
}

/// Seconds from 0 to a day: NaN, infinities and negatives are errors.
fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..=86_400.0).contains(&n) => Ok(n),
        _ => Err("expected seconds from 0 to 86400".to_string()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Crack {
    Budget,
    Full,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: findings with their source line and fix.
    Text,
    /// One document in the stable shape of docs/RULES.md.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

impl From<Format> for crate::report::Format {
    fn from(format: Format) -> Self {
        use crate::report::Format as R;
        match format {
            Format::Text => R::Text,
            Format::Json => R::Json,
            Format::Jsonl => R::Jsonl,
            Format::Sarif => R::Sarif,
            Format::Github => R::Github,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bare_paths_and_scan_subcommand() {
        let cli = Cli::parse_from(["jwtscan"]);
        assert!(cli.scan.paths.is_empty());
        let cli = Cli::parse_from(["jwtscan", "src", "--format", "json"]);
        assert!(cli.command.is_none());
        assert_eq!(cli.scan.paths, [PathBuf::from("src")]);
        let cli = Cli::parse_from(["jwtscan", "scan", "rules"]);
        match cli.command {
            Some(Command::Scan(args)) => assert_eq!(args.paths, [PathBuf::from("rules")]),
            other => panic!("expected scan, got {other:?}"),
        }
        let cli = Cli::parse_from(["jwtscan", "explain", "JWT201"]);
        assert!(matches!(cli.command, Some(Command::Explain { .. })));
        let cli = Cli::parse_from(["jwtscan", "--history", "src"]);
        assert_eq!(cli.scan.history.as_deref(), Some(""));
        assert_eq!(cli.scan.paths, [PathBuf::from("src")]);
        let cli = Cli::parse_from(["jwtscan", "--history=main..topic"]);
        assert_eq!(cli.scan.history.as_deref(), Some("main..topic"));
        assert!(Cli::try_parse_from(["jwtscan", "--staged", "--history"]).is_err());
    }
}
