//! The history source (`--history`): every commit reachable from any ref
//! (or a range), each finding reported once, at the commit that introduced
//! it, plus the rotation rules: JWT501 for keys no longer in `HEAD`'s tree,
//! JWT502 for keys in it older than the rotation window, JWT302 for `.env`
//! files ever committed.
//!
//! Commits are walked oldest first and compared with their first parent,
//! tree against tree, skipping equal subtrees: that says which blobs each
//! commit brought in. Each unique blob is read and scanned once (`seen` by
//! object id). Both steps run on worker threads, each with its own
//! repository handle (git2 repositories are not `Sync`).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{anyhow, Context, Result};
use git2::{ObjectType, Oid, Repository, Sort, Tree};

use super::{envfile, git, ScanOutput, ScanStats};
use crate::detect;
use crate::report::{CommitInfo, Finding};
use crate::rules::RuleSet;

/// Options of a history scan.
pub(crate) struct HistoryOptions<'a> {
    /// `A..B`, or all refs.
    pub range: Option<&'a str>,
    /// Only commits not reachable from this revision.
    pub since: Option<&'a str>,
    pub rotation_days: u32,
    pub max_file_size: u64,
    pub threads: usize,
    /// Report progress on stderr.
    pub progress: bool,
}

/// A blob a commit brought in, at a path.
struct Introduced {
    commit: usize,
    path: String,
    oid: Oid,
}

/// Scans the history of the repository around `cwd`; returns the output and
/// the number of commits walked.
pub(crate) fn scan_history(
    rules: &RuleSet,
    cwd: &Path,
    options: &HistoryOptions<'_>,
) -> Result<(ScanOutput, u64)> {
    let repo = git::open(cwd)?;
    // Objects come from the repository's own database: re-hashing each one
    // on read (libgit2's default) costs a tenth of the scan and proves
    // nothing a corrupt pack would not also fail.
    git2::opts::strict_hash_verification(false);
    // Consecutive commits share most trees: keep large ones in libgit2's
    // object cache too (its default skips trees over 4 KiB).
    // SAFETY: a process-wide libgit2 setting, set before any object is read.
    let _ = unsafe { git2::opts::set_cache_object_limit(ObjectType::Tree, 1 << 20) };
    let mut warnings = Vec::new();
    let commits = walk(&repo, options)?;
    let (infos, introduced) = introductions(rules, &repo, &commits, options, &mut warnings)?;

    // Each unique blob once, scanned in parallel.
    let mut unique: Vec<(Oid, String)> = Vec::new();
    let mut seen: HashSet<Oid> = HashSet::new();
    for item in &introduced {
        if seen.insert(item.oid) {
            unique.push((item.oid, item.path.clone()));
        }
    }
    let results = scan_blobs(rules, &repo, &unique, options, &mut warnings);
    let stats = results.stats;

    // In commit order, the first appearance of each (rule, secret) is the
    // introduction.
    let mut findings: Vec<Finding> = Vec::new();
    let mut first_seen: HashMap<(String, String), usize> = HashMap::new();
    let mut env_reported: HashSet<String> = HashSet::new();
    for item in &introduced {
        let info = &infos[item.commit];
        if envfile::is_env_file(&item.path) && env_reported.insert(item.path.clone()) {
            if let Ok(blob) = repo.find_blob(item.oid) {
                if let Some(mut f) = envfile::tracked_finding(rules, &item.path, blob.content()) {
                    f.commit = Some(info.clone());
                    findings.push(f);
                }
            }
        }
        let Some(blob_findings) = results.by_blob.get(&item.oid) else {
            continue;
        };
        for f in blob_findings {
            let key = (
                f.rule_id.clone(),
                f.secret.clone().unwrap_or_else(|| f.fingerprint.clone()),
            );
            if first_seen.contains_key(&key) {
                continue;
            }
            first_seen.insert(key, findings.len());
            let mut f = f.clone();
            f.path.clone_from(&item.path);
            f.fingerprint =
                detect::fingerprint(&f.rule_id, &item.path, f.secret.as_deref().unwrap_or(""));
            f.commit = Some(info.clone());
            findings.push(f);
        }
    }

    // Rotation: which secrets are still in HEAD's tree.
    let current = head_secrets(rules, &repo, &results.by_blob, options, &mut warnings);
    let shallow = repo.is_shallow();
    if shallow {
        warnings.push("shallow clone: first-commit dates are unknown, so stale keys (JWT502) are not reported".to_string());
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let window = i64::from(options.rotation_days) * 86_400;
    let mut rotation: Vec<Finding> = Vec::new();
    let mut rotated: HashSet<String> = HashSet::new();
    for f in &findings {
        let (Some(secret), Some(info)) = (&f.secret, &f.commit) else {
            continue;
        };
        if !matches!(f.rule_id.as_str(), "JWT201" | "JWT202") || !rotated.insert(secret.clone()) {
            continue;
        }
        let rule_id = if !current.contains(secret) {
            "JWT501"
        } else if !shallow && now - info.time > window {
            "JWT502"
        } else {
            continue;
        };
        let Some(rule) = rules.rule(rule_id) else {
            continue;
        };
        let mut r = f.clone();
        r.rule_id.clone_from(&rule.id);
        r.slug.clone_from(&rule.slug);
        r.severity = rule.severity;
        r.hint.clone_from(&rule.hint);
        r.fingerprint = detect::fingerprint(&rule.id, &f.path, secret);
        r.message = if rule_id == "JWT501" {
            format!(
                "{}: introduced in {} on {}; rotate it",
                rule.message,
                &info.id[..12.min(info.id.len())],
                info.date
            )
        } else {
            let days = (now - info.time) / 86_400;
            format!(
                "{}: first committed {days} days ago ({}); rotate it",
                rule.message, info.date
            )
        };
        rotation.push(r);
    }
    findings.extend(rotation);
    super::testcode::TestPaths::default_set().apply(&mut findings);
    crate::report::sort(&mut findings);
    Ok((
        ScanOutput {
            findings,
            stats,
            suppressed: results.suppressed,
            warnings,
        },
        commits.len() as u64,
    ))
}

/// Per commit (in `commits` order) its metadata, and the blobs each commit
/// brought in. Commits are diffed against their first parent on worker
/// threads, each with its own repository handle.
fn introductions(
    rules: &RuleSet,
    repo: &Repository,
    commits: &[Oid],
    options: &HistoryOptions<'_>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<CommitInfo>, Vec<Introduced>)> {
    let threads = worker_count(options.threads).min(commits.len().max(1));
    let chunk = commits.len().div_ceil(threads).max(1);
    let path = repo.path().to_path_buf();
    type Part = (Vec<CommitInfo>, Vec<Introduced>, Vec<String>);
    let parts: Vec<Result<Part>> = std::thread::scope(|scope| {
        let handles: Vec<_> = commits
            .chunks(chunk)
            .enumerate()
            .map(|(c, slice)| {
                let path = &path;
                scope.spawn(move || -> Result<Part> {
                    let repo = Repository::open(path)?;
                    let mut infos = Vec::with_capacity(slice.len());
                    let mut introduced = Vec::new();
                    let mut problems = Vec::new();
                    // Newest first: packs store the newest version whole and
                    // older ones as deltas against it, so this order reuses
                    // the delta bases libgit2 just resolved.
                    for (k, oid) in slice.iter().enumerate().rev() {
                        let index = c * chunk + k;
                        let commit = repo.find_commit(*oid)?;
                        infos.push(git::commit_info(&commit));
                        let tree = match commit.tree() {
                            Ok(t) => t,
                            Err(e) => {
                                problems.push(format!("commit {oid}: cannot read its tree: {e}"));
                                continue;
                            }
                        };
                        let parent = commit.parents().next().and_then(|p| p.tree().ok());
                        let mut changed = Vec::new();
                        if let Err(e) =
                            changed_blobs(&repo, parent.as_ref(), &tree, "", &mut changed)
                        {
                            problems.push(format!("commit {oid}: cannot diff: {e}"));
                        }
                        for (path, blob) in changed {
                            if detect::wants(rules, &path) || envfile::is_env_file(&path) {
                                introduced.push(Introduced {
                                    commit: index,
                                    path,
                                    oid: blob,
                                });
                            }
                        }
                    }
                    infos.reverse();
                    Ok((infos, introduced, problems))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a history worker failed")))
            })
            .collect()
    });
    let mut infos = Vec::with_capacity(commits.len());
    let mut introduced = Vec::new();
    for part in parts {
        let (i, n, problems) = part?;
        infos.extend(i);
        introduced.extend(n);
        warnings.extend(problems);
    }
    // Back to commit order (stable: a commit's own paths keep theirs).
    introduced.sort_by_key(|item| item.commit);
    Ok((infos, introduced))
}

/// The blobs `new` has that `old` has not at the same path (added or
/// modified files), by path. Subtrees with equal ids are skipped unread,
/// which is what makes history fast: a commit touches a few directories.
fn changed_blobs(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
    dir: &str,
    out: &mut Vec<(String, Oid)>,
) -> Result<()> {
    for entry in new.iter() {
        let name = String::from_utf8_lossy(entry.name_bytes());
        let before = old.and_then(|t| t.get_name_bytes(entry.name_bytes()));
        if before.as_ref().is_some_and(|b| b.id() == entry.id()) {
            continue;
        }
        match entry.kind() {
            Some(ObjectType::Blob) => out.push((format!("{dir}{name}"), entry.id())),
            Some(ObjectType::Tree) => {
                let sub = repo.find_tree(entry.id())?;
                let old_sub = match before {
                    Some(b) if b.kind() == Some(ObjectType::Tree) => Some(repo.find_tree(b.id())?),
                    _ => None,
                };
                changed_blobs(repo, old_sub.as_ref(), &sub, &format!("{dir}{name}/"), out)?;
            }
            // Submodules (commits) are other repositories.
            _ => {}
        }
    }
    Ok(())
}

fn worker_count(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
}

/// The commits to scan, oldest first.
fn walk(repo: &Repository, options: &HistoryOptions<'_>) -> Result<Vec<Oid>> {
    let mut revwalk = repo.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    match options.range {
        Some(range) if range.contains("..") => revwalk
            .push_range(range)
            .with_context(|| format!("bad range {range:?}"))?,
        Some(rev) => {
            let oid = repo
                .revparse_single(rev)
                .with_context(|| format!("unknown revision {rev:?}"))?
                .id();
            revwalk.push(oid)?;
        }
        None => {
            revwalk.push_glob("*").context("cannot list refs")?;
            if let Ok(head) = repo.head() {
                if let Some(oid) = head.target() {
                    revwalk.push(oid)?;
                }
            }
        }
    }
    if let Some(since) = options.since {
        let oid = repo
            .revparse_single(since)
            .with_context(|| format!("unknown revision {since:?}"))?
            .peel_to_commit()?
            .id();
        revwalk.hide(oid)?;
    }
    let mut commits = Vec::new();
    for oid in revwalk {
        match oid {
            Ok(oid) => commits.push(oid),
            Err(e) => return Err(anyhow!("cannot walk the history: {e}")),
        }
    }
    Ok(commits)
}

struct BlobResults {
    by_blob: HashMap<Oid, Vec<Finding>>,
    stats: ScanStats,
    suppressed: u64,
}

/// Scans `blobs` on worker threads, each with its own repository handle.
fn scan_blobs(
    rules: &RuleSet,
    repo: &Repository,
    blobs: &[(Oid, String)],
    options: &HistoryOptions<'_>,
    warnings: &mut Vec<String>,
) -> BlobResults {
    let threads = worker_count(options.threads);
    let next = AtomicUsize::new(0);
    let out = Mutex::new(BlobResults {
        by_blob: HashMap::new(),
        stats: ScanStats::default(),
        suppressed: 0,
    });
    let problems = Mutex::new(Vec::new());
    let done = AtomicUsize::new(0);
    let progress = options.progress.then(|| {
        let bar = indicatif::ProgressBar::new(blobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} scanning history blobs {pos}/{len} {wide_bar} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let path = repo.path().to_path_buf();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let Ok(repo) = Repository::open(&path) else {
                    return;
                };
                let mut local: Vec<(Oid, Vec<Finding>)> = Vec::new();
                let mut stats = ScanStats::default();
                let mut suppressed = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // Newest blobs first, for the same delta-base reuse.
                    let Some((oid, path)) =
                        blobs.len().checked_sub(i + 1).and_then(|j| blobs.get(j))
                    else {
                        break;
                    };
                    match repo.find_blob(*oid) {
                        Ok(blob) => {
                            let bytes = blob.content();
                            if bytes.len() as u64 > options.max_file_size {
                                stats.large += 1;
                            } else if super::walker::is_binary(bytes) {
                                stats.binary += 1;
                            } else {
                                stats.files += 1;
                                stats.bytes += bytes.len() as u64;
                                let result = detect::scan(rules, path, bytes);
                                suppressed += result.suppressed;
                                if !result.findings.is_empty() {
                                    local.push((*oid, result.findings));
                                }
                            }
                        }
                        Err(e) => {
                            stats.unreadable += 1;
                            if let Ok(mut p) = problems.lock() {
                                p.push(format!(
                                    "blob {oid} ({}): {e}",
                                    crate::report::redact::escape_control(path)
                                ));
                            }
                        }
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if let Some(bar) = &progress {
                        if n.is_multiple_of(64) {
                            bar.set_position(n as u64);
                        }
                    }
                }
                if let Ok(mut out) = out.lock() {
                    out.by_blob.extend(local);
                    out.stats.files += stats.files;
                    out.stats.bytes += stats.bytes;
                    out.stats.binary += stats.binary;
                    out.stats.large += stats.large;
                    out.stats.unreadable += stats.unreadable;
                    out.suppressed += suppressed;
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    warnings.extend(problems.into_inner().unwrap_or_default());
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The secrets found in `HEAD`'s tree (scanning any blob history missed,
/// as with a range).
fn head_secrets(
    rules: &RuleSet,
    repo: &Repository,
    by_blob: &HashMap<Oid, Vec<Finding>>,
    options: &HistoryOptions<'_>,
    warnings: &mut Vec<String>,
) -> HashSet<String> {
    let mut secrets = HashSet::new();
    let Some(tree) = repo.head().ok().and_then(|h| h.peel_to_tree().ok()) else {
        return secrets;
    };
    let mut missing: Vec<(Oid, String)> = Vec::new();
    let walked = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            let path = format!("{dir}{}", entry.name().unwrap_or(""));
            match by_blob.get(&entry.id()) {
                Some(found) => secrets.extend(found.iter().filter_map(|f| f.secret.clone())),
                None if detect::wants(rules, &path) => missing.push((entry.id(), path)),
                None => {}
            }
        }
        git2::TreeWalkResult::Ok
    });
    if let Err(e) = walked {
        warnings.push(format!("cannot read HEAD's tree: {e}"));
    }
    if !missing.is_empty() {
        let quiet = HistoryOptions {
            progress: false,
            ..*options
        };
        let extra = scan_blobs(rules, repo, &missing, &quiet, warnings);
        for found in extra.by_blob.values() {
            secrets.extend(found.iter().filter_map(|f| f.secret.clone()));
        }
    }
    secrets
}
