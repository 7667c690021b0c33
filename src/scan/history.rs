//! The history source (`--history`): every commit reachable from any ref
//! (or a range), each finding reported once, at the commit that introduced
//! it. For the repository rules it collects the `.env` files ever committed
//! (JWT302) and the secrets in `HEAD`'s tree (rotation: JWT501/502).
//!
//! Commits are listed oldest first ([`super::revwalk`]); worker threads
//! walk ranges of consecutive commits ([`super::split`]) and compare each
//! with its first parent, tree against tree, skipping equal subtrees: that
//! says which blobs each commit brought in. A blob no worker has met yet
//! (`seen` by object id) is read and scanned at once, so each unique blob
//! is scanned once, on the thread whose cache holds its delta base.
//! Its findings are held as hashes, and in full the first time their
//! worker meets them: the introducing blob is then seldom read again
//! ([`introductions`]). Objects are read by [`crate::git::odb`] (packs by
//! [`crate::git::pack`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;
use git2::Repository;
use gix_hash::ObjectId;

use super::split::Split;
use super::{Hooks, ScanStats, Scanned};
use crate::detect::repo::rotation::secret_hash;
use crate::detect::repo::{Head, Inventory, TrackedEnv};
use crate::detect::Detector;
use crate::finding::{CommitInfo, Finding};
use crate::git;
use crate::git::odb::{self, IdMap, IdSet, Odb};
use crate::git::revwalk::{self, Commit};

/// Options of a history scan.
pub(crate) struct HistoryOptions<'a> {
    /// `A..B`, or all refs.
    pub range: Option<&'a str>,
    /// Only commits not reachable from this revision.
    pub since: Option<&'a str>,
    pub max_file_size: u64,
    pub threads: usize,
}

/// A blob a commit brought in, at a path.
struct Introduced {
    commit: usize,
    path: String,
    oid: ObjectId,
    /// The path is an env file's.
    env: bool,
}

/// Scans the history of the repository around `cwd`.
pub(crate) fn scan(
    detector: &Detector<'_>,
    cwd: &Path,
    options: &HistoryOptions<'_>,
    hooks: Hooks<'_>,
) -> Result<Scanned> {
    let repo = git::open(cwd)?;
    let odb = Odb::open(&repo)?;
    let mut warnings = Vec::new();
    let selection = revwalk::Selection {
        range: options.range,
        since: options.since,
    };
    let (commits, problems) = revwalk::commits(&repo, &mut odb.reader(), &selection)?;
    if commits.is_empty() && !problems.is_empty() {
        // Nothing readable is not "0 findings": the scan could not be done.
        anyhow::bail!(
            "the history cannot be read: {}{}",
            problems[0],
            match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more problems)", n - 1),
            }
        );
    }
    let damaged = problems.len() as u64;
    warnings.extend(problems);
    let (introduced, results) =
        scan_commits(detector, &odb, &commits, options, hooks, &mut warnings);
    let mut stats = results.stats;
    // Each commit or ref that could not be read is an unreadable object.
    stats.unreadable += damaged;

    let (findings, tracked_env) = introductions(
        detector,
        &odb,
        &commits,
        &introduced,
        &results,
        &mut warnings,
        options.max_file_size,
    );

    // For rotation: which secrets are still in HEAD's tree.
    let secrets = head_secrets(detector, &repo, &odb, &results, options, &mut warnings);
    let shallow = repo.is_shallow();
    if shallow {
        warnings.push("shallow clone: first-commit dates are unknown, so stale keys (JWT502) are not reported".to_string());
    }
    let inventory = Inventory {
        tracked_env,
        head: Some(Head { secrets, shallow }),
        ..Inventory::default()
    };
    let output = Scanned {
        findings,
        inventory,
        stats,
        suppressed: results.suppressed,
        warnings,
        // Markers are judged in the tree, not in every old blob.
        commits: Some(commits.len() as u64),
        ..Scanned::default()
    };
    // Freeing the walk's maps and caches (a few milliseconds) need not
    // delay the report. (Should no thread start, they are freed here.)
    let spare = (odb, results, introduced, commits, repo);
    let _ = std::thread::Builder::new().spawn(move || drop(spare));
    Ok(output)
}

/// The blobs each commit brought in (in commit order) and the findings in
/// each unique one. Workers walk ranges of consecutive commits, oldest
/// first, so that the trees and blobs each reads are deltas of the ones it
/// just read; a blob is scanned by the first worker to meet it.
fn scan_commits(
    detector: &Detector<'_>,
    odb: &Odb,
    commits: &[Commit],
    options: &HistoryOptions<'_>,
    hooks: Hooks<'_>,
    warnings: &mut Vec<String>,
) -> (Vec<Introduced>, BlobResults) {
    let rules = detector.rules;
    let threads = worker_count(options.threads).min(commits.len().max(1));
    let split = Split::new(commits.len(), threads);
    let seen: Mutex<IdSet> = Mutex::new(IdSet::default());
    let done = std::sync::atomic::AtomicU64::new(0);
    let total = commits.len() as u64;
    let parts: Vec<(Vec<Introduced>, BlobResults)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|worker| {
                let mut trees = odb.reader();
                let mut blobs = odb.reader();
                let (split, seen, done) = (&split, &seen, &done);
                scope.spawn(move || {
                    let mut introduced = Vec::new();
                    let mut results = BlobResults::default();
                    let mut changed = Vec::new();
                    let mut languages: HashMap<String, (Option<usize>, bool)> = HashMap::new();
                    while let Some(index) = split.next(worker) {
                        if hooks.cancelled() {
                            break;
                        }
                        let commit = &commits[index];
                        changed.clear();
                        if let Err(e) = trees.changed_blobs(
                            commit.parent_tree.as_deref(),
                            &commit.tree,
                            &mut changed,
                        ) {
                            results.problems.push(format!("commit {}: {e}", commit.id));
                        }
                        for (path, blob) in changed.drain(..) {
                            // What a path is, once per path, not per version.
                            let (language, env) = match languages.get(path.as_str()) {
                                Some(&kind) => kind,
                                None => {
                                    let kind =
                                        (rules.language_of(&path), rules.words.is_env_file(&path));
                                    languages.insert(path.clone(), kind);
                                    kind
                                }
                            };
                            if language.is_none() && !env {
                                continue;
                            }
                            // Scanned by the first worker to meet it.
                            let first = || seen.lock().is_ok_and(|mut s| s.insert(blob));
                            if let Some(language) = language.filter(|_| first()) {
                                scan_blob(
                                    detector,
                                    language,
                                    &mut blobs,
                                    &blob,
                                    &path,
                                    options,
                                    &mut results,
                                );
                            }
                            introduced.push(Introduced {
                                commit: index,
                                path,
                                oid: blob,
                                env,
                            });
                        }
                        if let Some(progress) = hooks.progress {
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            progress(n + 1, total);
                        }
                    }
                    (introduced, results)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    let mut failed = BlobResults::default();
                    failed.problems.push("a history worker failed".to_string());
                    (Vec::new(), failed)
                })
            })
            .collect()
    });
    let mut introduced = Vec::new();
    let mut results = BlobResults::default();
    for (n, r) in parts {
        introduced.extend(n);
        results.merge(r);
    }
    // Every blob a worker took was read (or tried).
    results.scanned = seen.into_inner().unwrap_or_default();
    warnings.append(&mut results.problems);
    // Back to commit order (stable: a commit's own paths keep theirs).
    introduced.sort_by_key(|item| item.commit);
    (introduced, results)
}

/// Reads blob `id` (at `path`, in `language`) and scans it into `results`.
fn scan_blob(
    detector: &Detector<'_>,
    language: usize,
    reader: &mut odb::Reader,
    id: &ObjectId,
    path: &str,
    options: &HistoryOptions<'_>,
    results: &mut BlobResults,
) {
    let stats = &mut results.stats;
    match reader.blob(id, options.max_file_size) {
        Ok(None) => stats.large += 1,
        Ok(Some(bytes)) if !stats.admit(bytes, options.max_file_size) => {}
        Ok(Some(bytes)) => {
            let result = detector.scan_as(language, path, bytes);
            results.suppressed += result.suppressed;
            if !result.findings.is_empty() {
                // Held until every commit is walked. Most findings are in
                // many versions of a file: each worker keeps a finding in
                // full only the first time it meets it, which is nearly
                // always where it was introduced; elsewhere a few words.
                // (Not collected from the findings: that would reuse their
                // far larger buffer.)
                let mut found = Vec::with_capacity(result.findings.len());
                for f in result.findings {
                    let key = FindingKey::of(&f);
                    let keep = results.kept.insert(key.identity);
                    found.push((key, keep.then(|| Box::new(f))));
                }
                results.by_blob.insert(
                    *id,
                    Held {
                        path: path.to_string(),
                        found,
                    },
                );
            }
        }
        Err(e) => {
            stats.unreadable += 1;
            results.problems.push(format!(
                "{}: cannot read it from history: {e}",
                crate::text::escape_control(path)
            ));
        }
    }
}

/// The findings the history introduced, in commit order: each (rule,
/// secret) at the first blob that holds it. Findings the walk kept are
/// used as they are; for the others, and for env files added, the blob is
/// read again (rare: a finding is kept where its worker first met it).
fn introductions(
    detector: &Detector<'_>,
    odb: &Odb,
    commits: &[Commit],
    introduced: &[Introduced],
    results: &BlobResults,
    warnings: &mut Vec<String>,
    max_file_size: u64,
) -> (Vec<Finding>, Vec<TrackedEnv>) {
    let mut tracked = Vec::new();
    let mut first_seen: HashSet<u64> = HashSet::new();
    let mut env_reported: HashSet<&str> = HashSet::new();
    let mut reader = odb.reader();
    let mut infos: HashMap<usize, CommitInfo> = HashMap::new();
    let mut findings = Vec::new();
    for item in introduced {
        let env = item.env && env_reported.insert(&item.path);
        let held = results.by_blob.get(&item.oid);
        let mut found = Vec::new();
        // Identities this blob introduces that its worker did not keep in
        // full: read again, each at its first occurrence in the blob, as a
        // kept one is (a key on two lines of the file is one finding).
        let mut won: HashSet<u64> = HashSet::new();
        for (key, finding) in held.iter().flat_map(|held| &held.found) {
            if first_seen.insert(key.identity) {
                match finding {
                    Some(f) => found.push(f.as_ref().clone()),
                    None => {
                        won.insert(key.identity);
                    }
                }
            }
        }
        let mut env_bytes = None;
        if env || !won.is_empty() {
            match reader.blob(&item.oid, max_file_size) {
                Ok(Some(bytes)) => {
                    if env {
                        env_bytes = Some(bytes.to_vec());
                    }
                    // Scanned as it was first, at the path it was held at.
                    if let Some(held) = held.filter(|_| !won.is_empty()) {
                        found.extend(
                            detector
                                .scan(&held.path, bytes)
                                .findings
                                .into_iter()
                                .filter(|f| won.remove(&FindingKey::of(f).identity)),
                        );
                    }
                }
                // Over the limit: counted when it was first met.
                Ok(None) => {}
                // An unreadable env file was reported when it was first read.
                Err(_) if won.is_empty() => {}
                Err(e) => warnings.push(format!(
                    "{}: cannot read it from history: {e}",
                    crate::text::escape_control(&item.path)
                )),
            }
        }
        if let Some(bytes) = env_bytes {
            let info = infos
                .entry(item.commit)
                .or_insert_with(|| reader.commit_info(&commits[item.commit].id));
            tracked.push(TrackedEnv {
                path: item.path.clone(),
                bytes,
                commit: Some(info.clone()),
            });
        }
        if found.is_empty() {
            continue;
        }
        let info = infos
            .entry(item.commit)
            .or_insert_with(|| reader.commit_info(&commits[item.commit].id));
        for mut f in found {
            attribute(&mut f, item, info);
            findings.push(f);
        }
    }
    (findings, tracked)
}

/// Reports `f`, found in `item`'s blob (perhaps scanned at another path),
/// at `item`'s path and commit.
fn attribute(f: &mut Finding, item: &Introduced, info: &CommitInfo) {
    f.path.clone_from(&item.path);
    f.fingerprint =
        crate::finding::fingerprint(&f.rule_id, &item.path, f.secret.as_deref().unwrap_or(""));
    f.commit = Some(info.clone());
}

fn worker_count(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
}

/// A finding reduced to what attribution and rotation compare: its
/// identity (rule and secret, or its fingerprint for rules without one) and
/// its secret, hashed.
#[derive(Debug, Clone, Copy)]
struct FindingKey {
    identity: u64,
    secret: Option<u64>,
}

impl FindingKey {
    fn of(f: &Finding) -> FindingKey {
        let what = f.secret.as_deref().unwrap_or(&f.fingerprint);
        FindingKey {
            identity: secret_hash((&f.rule_id, what)),
            secret: f.secret.as_deref().map(secret_hash),
        }
    }
}

/// A scanned blob with findings: the path it was scanned as (to scan it
/// again the same way) and its findings' keys, each with the finding when
/// it was kept.
struct Held {
    path: String,
    found: Vec<(FindingKey, Option<Box<Finding>>)>,
}

/// Findings by blob, and what was scanned.
#[derive(Default)]
struct BlobResults {
    by_blob: IdMap<Held>,
    /// Every blob read (or tried), findings or not.
    scanned: IdSet,
    /// The identities of the findings this worker kept in full (not
    /// merged: each worker keeps its own first).
    kept: HashSet<u64>,
    stats: ScanStats,
    suppressed: u64,
    /// Blobs and trees that could not be read.
    problems: Vec<String>,
}

impl BlobResults {
    fn merge(&mut self, other: BlobResults) {
        self.by_blob.extend(other.by_blob);
        self.stats.add(&other.stats);
        self.suppressed += other.suppressed;
        self.problems.extend(other.problems);
    }
}

/// The secrets found in `HEAD`'s tree (scanning any blob history missed,
/// as with a range).
fn head_secrets(
    detector: &Detector<'_>,
    repo: &Repository,
    odb: &Odb,
    history: &BlobResults,
    options: &HistoryOptions<'_>,
    warnings: &mut Vec<String>,
) -> HashSet<u64> {
    let mut secrets = HashSet::new();
    let Some(head) = git::head_commit(repo) else {
        return secrets;
    };
    let mut reader = odb.reader();
    let mut blobs = Vec::new();
    if let Err(e) = reader.commit_blobs(&head, &mut blobs) {
        warnings.push(format!("cannot read HEAD's tree: {e:#}"));
    }
    let mut missing: Vec<(ObjectId, String, usize)> = Vec::new();
    for (path, id) in blobs {
        match history.by_blob.get(&id) {
            Some(held) => secrets.extend(held.found.iter().filter_map(|(k, _)| k.secret)),
            None if !history.scanned.contains(&id) => {
                if let Some(language) = detector.rules.language_of(&path) {
                    missing.push((id, path, language));
                }
            }
            None => {}
        }
    }
    // Blobs the history did not cover (as with a range).
    let mut extra = BlobResults::default();
    for (id, path, language) in &missing {
        scan_blob(
            detector,
            *language,
            &mut reader,
            id,
            path,
            options,
            &mut extra,
        );
    }
    warnings.append(&mut extra.problems);
    for held in extra.by_blob.values() {
        secrets.extend(held.found.iter().filter_map(|(k, _)| k.secret));
    }
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository of three commits: a key added, a line added beside
    /// it, the key changed; and `.env` added in the first.
    fn repository() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("init");
        let sig = git2::Signature::now("Dev", "dev@example.com").expect("signature");
        let versions = [
            "const jwt = require('jsonwebtoken');\njwt.sign(p, 'first-hardcoded-key-1234');\n",
            "const jwt = require('jsonwebtoken');\n// note\njwt.sign(p, 'first-hardcoded-key-1234');\n",
            "const jwt = require('jsonwebtoken');\njwt.sign(p, 'second-hardcoded-key-567');\n",
        ];
        let mut parent: Option<git2::Oid> = None;
        for (n, text) in versions.iter().enumerate() {
            let mut tree = repo.treebuilder(None).expect("tree builder");
            let blob = repo.blob(text.as_bytes()).expect("blob");
            tree.insert("app.js", blob, 0o100_644).expect("insert");
            let env = repo.blob(b"JWT_SECRET=abc\n").expect("blob");
            tree.insert(".env", env, 0o100_644).expect("insert");
            let tree = repo.find_tree(tree.write().expect("tree")).expect("tree");
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .map(|p| repo.find_commit(*p).expect("parent"))
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let message = format!("commit {n}");
            parent = Some(
                repo.commit(Some("HEAD"), &sig, &sig, &message, &tree, &parents)
                    .expect("commit"),
            );
        }
        (dir, repo)
    }

    fn options() -> HistoryOptions<'static> {
        HistoryOptions {
            range: None,
            since: None,
            max_file_size: 1 << 20,
            threads: 1,
        }
    }

    /// Every commit of `repo`, walked by one worker as a scan would.
    fn walk(
        repo: &Repository,
        detector: &Detector<'_>,
    ) -> (Odb, Vec<Commit>, Vec<Introduced>, BlobResults, Vec<String>) {
        static NEVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let hooks = Hooks {
            cancel: &NEVER,
            progress: None,
        };
        let odb = Odb::open(repo).expect("odb");
        let selection = revwalk::Selection {
            range: None,
            since: None,
        };
        let (commits, _) = revwalk::commits(repo, &mut odb.reader(), &selection).expect("walk");
        let mut warnings = Vec::new();
        let (introduced, results) =
            scan_commits(detector, &odb, &commits, &options(), hooks, &mut warnings);
        (odb, commits, introduced, results, warnings)
    }

    fn summary(findings: &[Finding]) -> Vec<(String, String, Option<String>, String)> {
        findings
            .iter()
            .map(|f| {
                let commit = f.commit.as_ref().map_or(String::new(), |c| c.id.clone());
                (f.rule_id.clone(), f.path.clone(), f.secret.clone(), commit)
            })
            .collect()
    }

    /// A finding the walk did not keep in full (its worker had kept the
    /// same one from another blob) is read again and comes out the same.
    #[test]
    fn findings_not_kept_are_scanned_again() {
        let (_dir, repo) = repository();
        let rules = crate::rules::RuleSet::builtin().expect("rules");
        let detector = Detector::new(&rules, crate::detect::Options::default());
        let (odb, commits, introduced, mut results, mut warnings) = walk(&repo, &detector);
        // As reported: sorted, so that where a finding was made (kept or
        // read again) does not show.
        let report = |results: &BlobResults, warnings: &mut Vec<String>| {
            let (mut found, tracked_env) = introductions(
                &detector,
                &odb,
                &commits,
                &introduced,
                results,
                warnings,
                u64::MAX,
            );
            // With the env files the repository rule turns into JWT302.
            let context = crate::detect::repo::Context {
                rules: &rules,
                now: 0,
                rotation_days: 90,
            };
            let inventory = Inventory {
                tracked_env,
                ..Inventory::default()
            };
            found.extend(crate::detect::repo::env::check(&context, &inventory, &[]));
            crate::finding::sort(&mut found);
            found
        };
        let kept = report(&results, &mut warnings);
        let found = summary(&kept);
        // Both keys at the commits that added them, and the env file once.
        let secrets: Vec<_> = found.iter().filter_map(|f| f.2.clone()).collect();
        assert!(
            secrets.contains(&"first-hardcoded-key-1234".to_string()),
            "{found:?}"
        );
        assert!(
            secrets.contains(&"second-hardcoded-key-567".to_string()),
            "{found:?}"
        );
        assert_eq!(
            found.iter().filter(|f| f.0 == "JWT302").count(),
            1,
            "{found:?}"
        );
        let first_commit = commits[0].id.to_string();
        assert!(found
            .iter()
            .any(|f| f.2.as_deref() == Some("first-hardcoded-key-1234") && f.3 == first_commit));

        let mut dropped = 0;
        for held in results.by_blob.values_mut() {
            for (_, finding) in &mut held.found {
                dropped += usize::from(finding.take().is_some());
            }
        }
        assert!(dropped > 0);
        let again = report(&results, &mut warnings);
        assert_eq!(summary(&again), found);
        assert_eq!(
            again.iter().map(|f| &f.message).collect::<Vec<_>>(),
            kept.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    /// A key written twice in the blob that introduces it is one finding,
    /// whether its worker kept it in full or it is read again (it was two
    /// or one by thread timing).
    #[test]
    fn a_key_twice_in_its_blob_is_one_finding_either_way() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("init");
        let sig = git2::Signature::now("Dev", "dev@example.com").expect("signature");
        let text = "const jwt = require('jsonwebtoken');\njwt.sign(p, 'twice-hardcoded-key-0042');\njwt.sign(q, 'twice-hardcoded-key-0042');\n";
        let mut tree = repo.treebuilder(None).expect("tree builder");
        let blob = repo.blob(text.as_bytes()).expect("blob");
        tree.insert("app.js", blob, 0o100_644).expect("insert");
        let tree = repo.find_tree(tree.write().expect("tree")).expect("tree");
        repo.commit(Some("HEAD"), &sig, &sig, "one", &tree, &[])
            .expect("commit");
        let rules = crate::rules::RuleSet::builtin().expect("rules");
        let detector = Detector::new(&rules, crate::detect::Options::default());
        let (odb, commits, introduced, mut results, mut warnings) = walk(&repo, &detector);
        let count = |results: &BlobResults, warnings: &mut Vec<String>| {
            let (found, _) = introductions(
                &detector,
                &odb,
                &commits,
                &introduced,
                results,
                warnings,
                u64::MAX,
            );
            found
                .iter()
                .filter(|f| f.secret.as_deref() == Some("twice-hardcoded-key-0042"))
                .map(|f| (f.rule_id.clone(), f.line))
                .collect::<Vec<_>>()
        };
        let kept = count(&results, &mut warnings);
        // Each rule once, at the first line.
        let mut rules_seen: Vec<&String> = kept.iter().map(|(r, _)| r).collect();
        rules_seen.dedup();
        assert!(
            !kept.is_empty() && rules_seen.len() == kept.len(),
            "{kept:?}"
        );
        assert!(kept.iter().all(|(_, line)| *line == 2), "{kept:?}");
        for held in results.by_blob.values_mut() {
            for (_, finding) in &mut held.found {
                finding.take();
            }
        }
        assert_eq!(count(&results, &mut warnings), kept);
    }
}
