//! The one pipeline every mode runs through: the tree, `--staged`,
//! `--diff`, `--history`, `jwtscan baseline`, the rule examples and the
//! fuzz targets.
//!
//! A source (`scan/`) enumerates and reads blobs and hands each to the
//! detector, which applies every per-file rule; the source returns the
//! findings and the inventory the repository rules need. Then one finish
//! step, in this order: the repository rules (`detect::repo::RULES`, the
//! same list in every mode), cracking (JWT205), policy (severities, test
//! code, `.jwtscan.yaml`'s allow lists), the per-file cap, the baseline, and
//! the report order. Inline suppression happened in the detector, per file.
//!
//! Scanner layer: it joins sources, detectors and policy; it never prints
//! (the command draws progress and reports) and imports no reporter.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::baseline::{self, Baseline};
use crate::config::Policy;
use crate::detect::repo::{self, crack, Context};
use crate::detect::{self, Detector};
use crate::finding::{self, Finding};
use crate::rules::RuleSet;
use crate::scan::history::HistoryOptions;
use crate::scan::staged::ChangeOptions;
use crate::scan::tree::TreeOptions;
use crate::scan::{self, Hooks, ScanStats, Scanned};

/// What to read.
pub(crate) enum Source<'a> {
    Tree(TreeOptions),
    /// `--staged` or `--diff`, in the repository around `cwd`.
    Changes {
        cwd: PathBuf,
        options: ChangeOptions<'a>,
    },
    /// `--history` of the repository around `dir`.
    History {
        dir: PathBuf,
        options: HistoryOptions<'a>,
    },
    /// Files in memory (rule examples, fuzzing).
    Memory(Vec<scan::memory::File>),
}

/// A validated scan: everything decided before anything is read.
pub(crate) struct Plan<'a> {
    pub source: Source<'a>,
    pub detect: detect::Options,
    pub crack: crack::Mode,
    /// Cracking's worker threads (0: one per core).
    pub threads: usize,
    pub rotation_days: u32,
    pub policy: &'a Policy,
    /// Findings kept per file, in report order (0: all).
    pub max_findings_per_file: usize,
    pub baseline: Option<&'a Baseline>,
    /// Stop before the finish step when a file could not be read.
    pub strict: bool,
}

/// A finished scan: findings in report order, and what the summary says.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub findings: Vec<Finding>,
    pub stats: ScanStats,
    /// Findings suppressed inline (`jwtscan:ignore`).
    pub suppressed: u64,
    /// Dropped by `.jwtscan.yaml`'s allow lists.
    pub allowed: u64,
    /// Held back by the baseline, when one was given.
    pub baselined: Option<u64>,
    /// Baseline entries that matched nothing.
    pub stale: Vec<baseline::Entry>,
    pub warnings: Vec<String>,
    pub unused_ignores: Vec<(String, usize)>,
    pub env_rules_skipped: bool,
    pub commits: Option<u64>,
    pub cracking: crack::Summary,
}

/// How a scan ended.
pub(crate) enum Ran {
    Done(Outcome),
    /// `--strict` and this many files could not be read; the warnings say
    /// which.
    Unreadable {
        count: u64,
        warnings: Vec<String>,
    },
}

impl Source<'_> {
    /// What the summary counts: `files`, `staged files`, `blobs`.
    pub(crate) fn unit(&self) -> &'static str {
        match self {
            Source::Tree(_) => "files",
            Source::Changes { options, .. } => match options.source {
                scan::staged::Source::Staged => "staged files",
                scan::staged::Source::Since(_) => "changed files",
            },
            Source::History { .. } => "blobs",
            Source::Memory(_) => "files",
        }
    }
}

/// Runs `plan` with `rules`.
pub(crate) fn run(rules: &RuleSet, plan: &Plan<'_>, hooks: Hooks<'_>) -> Result<Ran> {
    let detector = Detector::new(rules, plan.detect);
    run_with(&detector, plan, hooks)
}

/// [`run`] with a detector already made (its scouts built), for callers
/// that run many small plans with one rule set.
pub(crate) fn run_with(detector: &Detector<'_>, plan: &Plan<'_>, hooks: Hooks<'_>) -> Result<Ran> {
    let rules = detector.rules;
    let scanned = match &plan.source {
        Source::Tree(options) => scan::tree::scan(detector, options, hooks)?,
        Source::Changes { cwd, options } => scan::staged::scan(detector, cwd, options, hooks)?,
        Source::History { dir, options } => scan::history::scan(detector, dir, options, hooks)?,
        Source::Memory(files) => scan::memory::scan(detector, files, hooks),
    };
    // An interrupted scan is incomplete: never report it as clean.
    if hooks.cancelled() {
        bail!("interrupted");
    }
    if plan.strict && scanned.stats.unreadable > 0 {
        return Ok(Ran::Unreadable {
            count: scanned.stats.unreadable,
            warnings: scanned.warnings,
        });
    }
    let dedup = matches!(plan.source, Source::Tree(_));
    let outcome = finish(rules, plan, hooks, scanned, dedup)?;
    Ok(Ran::Done(outcome))
}

/// The finish step over a source's output.
fn finish(
    rules: &RuleSet,
    plan: &Plan<'_>,
    hooks: Hooks<'_>,
    scanned: Scanned,
    dedup: bool,
) -> Result<Outcome> {
    let Scanned {
        mut findings,
        inventory,
        stats,
        suppressed,
        mut warnings,
        env_rules_skipped,
        unused_ignores,
        capped,
        commits,
    } = scanned;
    let context = Context {
        rules,
        now: now(),
        rotation_days: plan.rotation_days,
    };
    repo::run(&context, &inventory, &mut findings);
    repo::fixed::apply(&inventory, &mut findings);
    // Report order before cracking too: a source's order is its threads',
    // and the budget goes to tokens in order.
    finding::sort(&mut findings);
    if dedup {
        // Two roots inside one repository can name the same file twice.
        findings.dedup_by(|a, b| {
            a.path == b.path && a.line == b.line && a.column == b.column && a.rule_id == b.rule_id
        });
    }
    let cracking = crack::run(rules, &mut findings, plan.crack, plan.threads, hooks.cancel);
    if hooks.cancelled() {
        bail!("interrupted");
    }
    let allowed = plan.policy.apply(&mut findings);
    finding::sort(&mut findings);
    let mut truncated = cap_per_file(&mut findings, plan.max_findings_per_file);
    // Merged with what the detector already dropped from each file.
    for (path, n) in capped {
        match truncated.iter_mut().find(|(p, _)| *p == path) {
            Some((_, more)) => *more += n,
            None => truncated.push((path, n)),
        }
    }
    truncated.sort();
    warnings.extend(truncated.iter().map(|(path, more)| {
        format!(
            "{}: and {more} more finding{} (--max-findings-per-file)",
            crate::text::escape_control(path),
            if *more == 1 { "" } else { "s" }
        )
    }));
    let (baselined, stale) = match plan.baseline {
        Some(baseline) => {
            let (n, stale) = baseline.apply(&mut findings);
            (Some(n), stale)
        }
        None => (None, Vec::new()),
    };
    Ok(Outcome {
        findings,
        stats,
        suppressed,
        allowed,
        baselined,
        stale,
        warnings,
        unused_ignores,
        env_rules_skipped,
        commits,
        cracking,
    })
}

/// Seconds since the epoch.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Keeps the first `max` findings of each file (0: all); returns the files
/// cut and how many findings each lost. `findings` are in report order.
fn cap_per_file(findings: &mut Vec<Finding>, max: usize) -> Vec<(String, usize)> {
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
