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
    let (tips, hidden_tips) = tips(repo, selection)?;
    let mut source = Source {
        graph: commit_graph(repo),
        shallow: shallow_boundary(repo),
        reader,
    };
    let mut warnings = Vec::new();
    let hidden = if hidden_tips.is_empty() {
        IdSet::default()
    } else {
        reachable(&mut source, &hidden_tips, &IdSet::default(), &mut warnings)
            .into_keys()
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
    gix_commitgraph::at(&info, gix_hash::Kind::Sha1, Some(1 << 30)).ok()
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

/// Every commit reachable from `tips` and not in `hidden`, by id.
fn reachable(
    source: &mut Source<'_>,
    tips: &[ObjectId],
    hidden: &IdSet,
    warnings: &mut Vec<String>,
) -> IdMap<odb::Commit> {
    let mut graph: IdMap<odb::Commit> = IdMap::default();
    let mut stack: Vec<ObjectId> = tips
        .iter()
        .filter(|t| !hidden.contains(*t))
        .copied()
        .collect();
    while let Some(id) = stack.pop() {
        if graph.contains_key(&id) {
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
                .filter(|p| !hidden.contains(*p) && !graph.contains_key(*p)),
        );
        graph.insert(id, commit);
    }
    graph
}

/// Parents before children, older first where the graph leaves a choice.
fn order(
    source: &mut Source<'_>,
    mut graph: IdMap<odb::Commit>,
    warnings: &mut Vec<String>,
) -> Vec<Commit> {
    // Children waiting on each commit, and how many parents each waits on.
    let mut waiting: IdMap<usize> =
        IdMap::with_capacity_and_hasher(graph.len(), Default::default());
    let mut children: IdMap<Vec<ObjectId>> =
        IdMap::with_capacity_and_hasher(graph.len(), Default::default());
    for (id, commit) in &graph {
        let mut inside = 0;
        for p in commit.parents.iter().filter(|p| graph.contains_key(*p)) {
            inside += 1;
            children.entry(*p).or_default().push(*id);
        }
        waiting.insert(*id, inside);
    }
    let mut ready: BinaryHeap<Reverse<(i64, ObjectId)>> = waiting
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(id, _)| Reverse((graph[id].time, *id)))
        .collect();
    let mut trees: IdMap<ObjectId> =
        IdMap::with_capacity_and_hasher(graph.len(), Default::default());
    let mut out = Vec::with_capacity(graph.len());
    while let Some(Reverse((_, id))) = ready.pop() {
        let Some(commit) = graph.remove(&id) else {
            continue;
        };
        for child in children.remove(&id).unwrap_or_default() {
            if let Some(n) = waiting.get_mut(&child) {
                *n -= 1;
                if *n == 0 {
                    let time = graph.get(&child).map_or(0, |c| c.time);
                    ready.push(Reverse((time, child)));
                }
            }
        }
        let parent_tree = commit.parents.first().and_then(|p| match trees.get(p) {
            Some(tree) => Some(*tree),
            // Outside the selection (a range's base): read it.
            None => match source.commit(p) {
                Ok(c) => Some(c.tree),
                Err(e) => {
                    warnings.push(format!("commit {id}: its parent cannot be read: {e}"));
                    None
                }
            },
        });
        trees.insert(id, commit.tree);
        out.push(Commit {
            id,
            tree: commit.tree,
            parent_tree,
        });
    }
    out
}

/// The ids to walk from and the ids to hide.
fn tips(repo: &Repository, selection: &Selection<'_>) -> Result<(Vec<ObjectId>, Vec<ObjectId>)> {
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
                // Tags of trees or blobs, and notes, are not history.
                if let Ok(commit) = reference.peel_to_commit() {
                    tips.push(odb::to_gix(commit.id()));
                }
            }
            if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
                tips.push(odb::to_gix(head.id()));
            }
        }
    }
    if let Some(since) = selection.since {
        hidden.push(commit_of(since)?);
    }
    Ok((tips, hidden))
}
