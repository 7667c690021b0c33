//! Reading commits, trees and blobs for `--history`. Packed objects are
//! decoded by [`super::pack`] (libdeflate, a delta cache per thread);
//! anything else (loose objects, alternates, a pack it cannot read) goes
//! through gitoxide's object database. Repository discovery, refs and the
//! revision walk stay with `git2`.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{anyhow, Result};
use gix_hash::{oid, ObjectId};
use gix_object::tree::EntryRef;
use gix_object::{CommitRefIter, Find, Kind, TreeRefIter};

use super::pack::{PackReader, Packs};
use crate::finding::CommitInfo;

/// Maps and sets keyed by object id. Ids are hashes already; foldhash,
/// seeded per process, is far cheaper than SipHash and still not
/// predictable from a crafted repository.
pub(crate) type IdMap<V> = HashMap<ObjectId, V, foldhash::fast::RandomState>;
pub(crate) type IdSet = std::collections::HashSet<ObjectId, foldhash::fast::RandomState>;

/// A repository's object database, shared by threads; each calls
/// [`Odb::reader`] for a handle of its own.
pub(crate) struct Odb {
    shared: gix_odb::HandleArc,
    packs: Arc<Packs>,
}

impl Odb {
    /// The object database of `repo` (the common one of a linked worktree;
    /// alternates included).
    pub fn open(repo: &git2::Repository) -> Result<Odb> {
        let dir = repo.commondir().join("objects");
        let shared = gix_odb::at(&dir, super::HASH)
            .and_then(gix_odb::Handle::into_arc)
            .map_err(|e| anyhow!("cannot open the object database {}: {e}", dir.display()))?;
        Ok(Odb {
            shared,
            packs: Packs::open(&dir),
        })
    }

    /// A handle for one thread, with caches of its own: decoded objects
    /// by pack offset, and recent trees by id.
    pub fn reader(&self) -> Reader {
        Reader {
            odb: self.shared.clone(),
            packs: PackReader::new(Arc::clone(&self.packs)),
            buf: Vec::new(),
            last: Arc::from([]),
            trees: RecentTrees::default(),
        }
    }
}

/// One thread's view of the object database.
pub(crate) struct Reader {
    odb: gix_odb::HandleArc,
    packs: PackReader,
    /// For objects read through gitoxide.
    buf: Vec<u8>,
    /// The blob [`Reader::blob`] returned last.
    last: Arc<[u8]>,
    trees: RecentTrees,
}

/// What the commit walk needs of a commit.
pub(crate) struct Commit {
    pub tree: ObjectId,
    pub parents: Vec<ObjectId>,
    /// Committer time, seconds since the epoch.
    pub time: i64,
}

impl Reader {
    /// The object `id`, which must be of `kind`.
    fn read(&mut self, id: &oid, kind: Kind) -> Result<Arc<[u8]>> {
        self.read_within(id, kind, u64::MAX)?
            .ok_or_else(|| anyhow!("object {id} is too large"))
    }

    /// [`Reader::read`], or `None` when the object's header says it is
    /// larger than `max` bytes: it is then never inflated (a 1 MB loose
    /// object can inflate to 1 GiB).
    fn read_within(&mut self, id: &oid, kind: Kind, max: u64) -> Result<Option<Arc<[u8]>>> {
        let (found, data) = match self.packs.read_within(id, max) {
            Ok(Some(Some(object))) => (object.kind, object.data),
            Ok(Some(None)) => return Ok(None),
            packed => {
                if max != u64::MAX {
                    use gix_object::FindHeader;
                    if let Ok(Some(header)) = self.odb.try_header(id) {
                        if header.size > max {
                            return Ok(None);
                        }
                    }
                }
                let data = self
                    .odb
                    .try_find(id, &mut self.buf)
                    .map_err(|e| anyhow!("cannot read object {id}: {e}"));
                match (data, packed) {
                    (Ok(Some(data)), _) => (data.kind, Arc::from(data.data)),
                    // The pack reader's error says more than gitoxide's.
                    (_, Err(e)) => return Err(e.context(format!("cannot read object {id}"))),
                    (Err(e), _) => return Err(e),
                    (Ok(None), _) => return Err(anyhow!("object {id} is missing")),
                }
            }
        };
        if found != kind {
            return Err(anyhow!("object {id} is a {found}, not a {kind}"));
        }
        Ok(Some(data))
    }

    /// The contents of blob `id`, valid until the next call; `None` when
    /// it is larger than `max` bytes (found from its header, unread).
    pub fn blob(&mut self, id: &oid, max: u64) -> Result<Option<&[u8]>> {
        match self.read_within(id, Kind::Blob, max)? {
            Some(data) => {
                self.last = data;
                Ok(Some(&self.last))
            }
            None => Ok(None),
        }
    }

    /// Commit `id`: its tree, parents and committer time.
    pub fn commit(&mut self, id: &oid) -> Result<Commit> {
        self.read(id, Kind::Commit).and_then(|data| {
            let parse = || CommitRefIter::from_bytes(&data, super::HASH);
            Ok(Commit {
                tree: parse()
                    .tree_id()
                    .map_err(|e| anyhow!("commit {id} cannot be parsed: {e}"))?,
                parents: parse().parent_ids().collect(),
                time: parse().committer().map_or(0, |s| s.seconds()),
            })
        })
    }

    /// Id, author and date of commit `id`, for a finding's report.
    pub fn commit_info(&mut self, id: &oid) -> CommitInfo {
        let (author, time) = match self.read(id, Kind::Commit) {
            Ok(data) => {
                let parse = || CommitRefIter::from_bytes(&data, super::HASH);
                (
                    parse().author().map(|s| s.name.to_string()).ok(),
                    parse().committer().map_or(0, |s| s.seconds()),
                )
            }
            Err(_) => (None, 0),
        };
        CommitInfo {
            id: id.to_string(),
            author: author.unwrap_or_else(|| "?".to_string()),
            date: crate::text::iso8601(time),
            time,
        }
    }

    /// Appends to `out` the blobs tree `new` has that tree `old` has not at
    /// the same path (added or modified files; not symlinks, not
    /// submodules). Subtrees with equal ids are skipped unread, which is
    /// what makes history fast: a commit touches a few directories.
    pub fn changed_blobs(
        &mut self,
        old: Option<&oid>,
        new: &oid,
        out: &mut Vec<(String, ObjectId)>,
    ) -> Result<()> {
        let mut path = String::new();
        self.diff_trees(old, new, &mut path, out)
    }

    /// Every blob in the tree of commit `id`, with its path (as
    /// [`Reader::changed_blobs`] against nothing).
    pub fn commit_blobs(&mut self, id: &oid, out: &mut Vec<(String, ObjectId)>) -> Result<()> {
        let tree = self.commit(id)?.tree;
        self.changed_blobs(None, &tree, out)
    }

    /// [`Reader::changed_blobs`] under `path` (empty, or ending in `/`).
    fn diff_trees(
        &mut self,
        old: Option<&oid>,
        new: &oid,
        path: &mut String,
        out: &mut Vec<(String, ObjectId)>,
    ) -> Result<()> {
        let new_data = self.tree(new)?;
        let old_data = match old {
            Some(id) => self.tree(id)?,
            None => Arc::from([]),
        };
        let mut old_entries = TreeRefIter::from_bytes(&old_data, super::HASH).peekable();
        for entry in TreeRefIter::from_bytes(&new_data, super::HASH) {
            let entry = entry.map_err(|e| anyhow!("tree {new} cannot be parsed: {e}"))?;
            // Both trees are in git's order: skip the old entries before this one.
            let mut before: Option<EntryRef<'_>> = None;
            while let Some(Ok(o)) = old_entries.peek() {
                match o.cmp(&entry) {
                    std::cmp::Ordering::Less => {
                        old_entries.next();
                    }
                    std::cmp::Ordering::Equal => {
                        before = Some(*o);
                        old_entries.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
            if before.is_some_and(|b| b.oid == entry.oid) {
                continue;
            }
            let len = path.len();
            path.push_str(&String::from_utf8_lossy(entry.filename));
            if entry.mode.is_blob() {
                out.push((path.clone(), entry.oid.to_owned()));
            } else if entry.mode.is_tree() {
                path.push('/');
                let old_sub = before.filter(|b| b.mode.is_tree()).map(|b| b.oid);
                self.diff_trees(old_sub, entry.oid, path, out)?;
            }
            path.truncate(len);
        }
        Ok(())
    }

    /// Tree `id`: from the recent trees, else read.
    fn tree(&mut self, id: &oid) -> Result<Arc<[u8]>> {
        if let Some(data) = self.trees.get(id) {
            return Ok(data);
        }
        let data = self.read(id, Kind::Tree)?;
        self.trees.put(id, &data);
        Ok(data)
    }
}

/// Recent trees by id: a commit's old trees are its parent's new ones,
/// read a few commits before (branches interleave), and a lookup here is
/// cheaper than finding the object again in the pack index and the
/// decoded-object cache. Direct-mapped: a tree goes to the slot its id's
/// first bytes pick, replacing the one there, so a lookup or an insert is
/// one index and no bookkeeping (an eviction list and a map cost 3.6% of
/// the history scan). Colliding ids only cost a read from the pack.
struct RecentTrees {
    slots: Vec<Option<(ObjectId, Arc<[u8]>)>>,
}

impl Default for RecentTrees {
    fn default() -> RecentTrees {
        RecentTrees {
            slots: vec![None; RecentTrees::SLOTS],
        }
    }
}

impl RecentTrees {
    /// Slots: the directories of the last few hundred commits.
    const SLOTS: usize = 4096;

    fn slot(id: &oid) -> usize {
        let byte = |i: usize| id.as_bytes().get(i).copied().unwrap_or(0);
        usize::from(u16::from_le_bytes([byte(0), byte(1)])) % RecentTrees::SLOTS
    }

    fn get(&self, id: &oid) -> Option<Arc<[u8]>> {
        match &self.slots[RecentTrees::slot(id)] {
            Some((held, data)) if held.as_ref() == id => Some(Arc::clone(data)),
            _ => None,
        }
    }

    fn put(&mut self, id: &oid, data: &Arc<[u8]>) {
        self.slots[RecentTrees::slot(id)] = Some((id.to_owned(), Arc::clone(data)));
    }
}

/// `git2`'s id as gitoxide's.
pub(crate) fn to_gix(id: git2::Oid) -> ObjectId {
    ObjectId::try_from(id.as_bytes()).unwrap_or_else(|_| ObjectId::null(super::HASH))
}
