//! The commits a history scan covers, oldest first: every commit reachable
//! from the tips (all refs and `HEAD`, or a revision or range) and not from
//! a hidden revision, parents before children and, among commits with no
//! order between them, older (committer time) first.
//!
//! Parents, trees and times come from git's commit-graph file when the
//! repository has one (written by `git gc` and `git maintenance`): that
//! needs no object to be read. Commits it does not hold are read through
//! the scan's object reader. A parent that cannot be read (a shallow
//! clone's boundary, a missing object) ends its line of history with a
//! warning.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use anyhow::{anyhow, Context, Result};
use git2::Repository;
use gix_hash::ObjectId;

use super::odb::{self, IdMap, IdSet, Reader};

/// A commit to scan.
pub(crate) struct Commit {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// The first parent's tree; `None` for a root commit (or an unreadable
    /// parent), whose every file is new.
    pub parent_tree: Option<ObjectId>,
}

/// What to walk: `range` is `A..B`, a revision, or `None` for all refs;
/// `since` hides what it reaches.
pub(crate) struct Selection<'a> {
    pub range: Option<&'a str>,
    pub since: Option<&'a str>,
}

/// The commits of `selection`, oldest first, and warnings about history
/// that could not be read.
pub(crate) fn commits(
    repo: &Repository,
    reader: &mut Reader,
    selection: &Selection<'_>,
) -> Result<(Vec<Commit>, Vec<String>)> {
    let mut warnings = Vec::new();
    let (tips, hidden_tips) = tips(repo, selection, &mut warnings)?;
    let mut source = Source {
        graph: commit_graph(repo),
        shallow: shallow_boundary(repo),
        reader,
    };
    let hidden = if hidden_tips.is_empty() {
        IdSet::default()
    } else {
        reachable(&mut source, &hidden_tips, &IdSet::default(), &mut warnings)
            .ids
            .into_iter()
            .collect()
    };
    let graph = reachable(&mut source, &tips, &hidden, &mut warnings);
    Ok((order(&mut source, graph, &mut warnings), warnings))
}

/// git's commit-graph, unless history is rewritten (grafts, replace refs,
/// a shallow boundary), which the file does not know about.
fn commit_graph(repo: &Repository) -> Option<gix_commitgraph::Graph> {
    let info = repo.commondir().join("objects").join("info");
    let rewritten = repo.is_shallow()
        || repo.commondir().join("info").join("grafts").exists()
        || repo
            .references_glob("refs/replace/*")
            .is_ok_and(|mut r| r.next().is_some());
    if rewritten {
        return None;
    }
    gix_commitgraph::at(&info, super::HASH, Some(1 << 30)).ok()
}

/// The commits of a shallow clone whose parents were not fetched.
fn shallow_boundary(repo: &Repository) -> IdSet {
    let file = repo.commondir().join("shallow");
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| ObjectId::from_hex(line.trim().as_bytes()).ok())
        .collect()
}

/// Where commits are read from: the commit-graph, else the objects.
struct Source<'r> {
    graph: Option<gix_commitgraph::Graph>,
    shallow: IdSet,
    reader: &'r mut Reader,
}

impl Source<'_> {
    fn commit(&mut self, id: &ObjectId) -> Result<odb::Commit> {
        let mut commit = self.read(id)?;
        if self.shallow.contains(id) {
            commit.parents.clear();
        }
        Ok(commit)
    }

    fn read(&mut self, id: &ObjectId) -> Result<odb::Commit> {
        if let Some(graph) = &self.graph {
            if let Some(c) = graph.commit_by_id(id) {
                let parents: Option<Vec<ObjectId>> = c
                    .iter_parents()
                    .map(|p| p.ok().map(|pos| graph.id_at(pos).to_owned()))
                    .collect();
                if let Some(parents) = parents {
                    return Ok(odb::Commit {
                        tree: c.root_tree_id().to_owned(),
                        parents,
                        time: i64::try_from(c.committer_timestamp()).unwrap_or(0),
                    });
                }
            }
        }
        self.reader.commit(id)
    }
}

/// Walked commits, numbered in the order met, so that ordering them
/// looks no id up.
#[derive(Default)]
struct Graph {
    ids: Vec<ObjectId>,
    commits: Vec<odb::Commit>,
    number: IdMap<usize>,
}

/// Every commit reachable from `tips` and not in `hidden`.
fn reachable(
    source: &mut Source<'_>,
    tips: &[ObjectId],
    hidden: &IdSet,
    warnings: &mut Vec<String>,
) -> Graph {
    let mut graph = Graph::default();
    let mut stack: Vec<ObjectId> = tips
        .iter()
        .filter(|t| !hidden.contains(*t))
        .copied()
        .collect();
    while let Some(id) = stack.pop() {
        if graph.number.contains_key(&id) {
            continue;
        }
        let commit = match source.commit(&id) {
            Ok(c) => c,
            Err(e) => {
                warnings.push(format!("history stops at commit {id}: {e}"));
                continue;
            }
        };
        stack.extend(
            commit
                .parents
                .iter()
                .filter(|p| !hidden.contains(*p) && !graph.number.contains_key(*p)),
        );
        graph.number.insert(id, graph.ids.len());
        graph.ids.push(id);
        graph.commits.push(commit);
    }
    graph
}

/// Parents before children, older first where the graph leaves a choice.
fn order(source: &mut Source<'_>, graph: Graph, warnings: &mut Vec<String>) -> Vec<Commit> {
    let count = graph.ids.len();
    // Children waiting on each commit, and how many parents each waits on.
    let mut waiting = vec![0usize; count];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (n, commit) in graph.commits.iter().enumerate() {
        for p in &commit.parents {
            if let Some(&parent) = graph.number.get(p) {
                waiting[n] += 1;
                children[parent].push(n);
            }
        }
    }
    let key = |n: usize| Reverse((graph.commits[n].time, graph.ids[n], n));
    let mut ready: BinaryHeap<_> = (0..count).filter(|&n| waiting[n] == 0).map(key).collect();
    let mut out = Vec::with_capacity(count);
    while let Some(Reverse((_, id, n))) = ready.pop() {
        for &child in &children[n] {
            waiting[child] -= 1;
            if waiting[child] == 0 {
                ready.push(key(child));
            }
        }
        let commit = &graph.commits[n];
        let parent_tree = commit
            .parents
            .first()
            .and_then(|p| match graph.number.get(p) {
                Some(&parent) => Some(graph.commits[parent].tree),
                // Outside the selection (a range's base): read it.
                None => match source.commit(p) {
                    Ok(c) => Some(c.tree),
                    Err(e) => {
                        warnings.push(format!("commit {id}: its parent cannot be read: {e}"));
                        None
                    }
                },
            });
        out.push(Commit {
            id,
            tree: commit.tree,
            parent_tree,
        });
    }
    out
}

/// The ids to walk from and the ids to hide.
fn tips(
    repo: &Repository,
    selection: &Selection<'_>,
    unreadable: &mut Vec<String>,
) -> Result<(Vec<ObjectId>, Vec<ObjectId>)> {
    let commit_of = |rev: &str| -> Result<ObjectId> {
        let id = repo
            .revparse_single(rev)
            .with_context(|| format!("unknown revision {rev:?}"))?
            .peel_to_commit()
            .with_context(|| format!("{rev:?} is not a commit"))?
            .id();
        Ok(odb::to_gix(id))
    };
    let mut tips = Vec::new();
    let mut hidden = Vec::new();
    match selection.range {
        Some(range) if range.contains("..") => {
            let (from, to) = range
                .split_once("...")
                .or_else(|| range.split_once(".."))
                .ok_or_else(|| anyhow!("bad range {range:?}"))?;
            if range.contains("...") {
                return Err(anyhow!("bad range {range:?}: use A..B"));
            }
            tips.push(commit_of(if to.is_empty() { "HEAD" } else { to })?);
            hidden.push(commit_of(if from.is_empty() { "HEAD" } else { from })?);
        }
        Some(rev) => tips.push(commit_of(rev)?),
        None => {
            for reference in repo.references().context("cannot list refs")?.flatten() {
                match reference.peel_to_commit() {
                    Ok(commit) => tips.push(odb::to_gix(commit.id())),
                    // Tags of trees or blobs, and notes, are not history;
                    // a ref to an object that cannot be read is damage.
                    Err(e)
                        if e.code() != git2::ErrorCode::InvalidSpec
                            && e.class() != git2::ErrorClass::Invalid =>
                    {
                        unreadable.push(format!(
                            "{} names {} which cannot be read: {}",
                            crate::text::escape_control(&String::from_utf8_lossy(
                                reference.name_bytes()
                            )),
                            reference
                                .target()
                                .map_or_else(|| "an object".to_string(), |t| t.to_string()),
                            e.message()
                        ));
                    }
                    Err(_) => {}
                }
            }
            match repo.head() {
                Ok(head) => match head.peel_to_commit() {
                    Ok(commit) => tips.push(odb::to_gix(commit.id())),
                    Err(e) => unreadable.push(format!(
                        "HEAD names {} which cannot be read: {}",
                        head.target()
                            .map_or_else(|| "an object".to_string(), |t| t.to_string()),
                        e.message()
                    )),
                },
                // An unborn branch: no history yet, not damage.
                Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {}
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(e) => unreadable.push(format!("HEAD cannot be read: {}", e.message())),
            }
        }
    }
    if let Some(since) = selection.since {
        hidden.push(commit_of(since)?);
    }
    Ok((tips, hidden))
}
