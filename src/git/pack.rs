//! Packed objects for `--history`, decoded here rather than by gitoxide's
//! decoder, for speed: a history scan reads about a hundred thousand small
//! objects, and per object the cost is in inflating (libdeflate inflated
//! the benchmark's 105,000 objects 1.7x faster than zlib-rs) and in
//! finding the object and the base of a delta. gitoxide still parses the
//! pack index and entry headers; objects that are not in a pack (loose
//! objects, alternates) are left to the caller's fallback.
//!
//! Each thread has a [`PackReader`] with its own cache of decoded objects,
//! keyed by pack offset: reading a file's versions oldest first walks each
//! delta chain once, because the newer versions a chain passes through
//! stay in the cache for the next read.
//!
//! This decoder is kept only while it pays: delete it (and read packs with
//! `gix-odb` alone, which `odb.rs` already falls back to) once gitoxide
//! reads the 10,000-commit benchmark history (`bench/history.sh`) within
//! 5% of it, in an alternating A/B run with the findings unchanged. It
//! decodes untrusted input, so `fuzz/` runs its delta application
//! (`pack_delta`) and a pack with its index (`pack_index`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::{anyhow, bail, Result};
use gix_hash::oid;
use gix_object::Kind;
use gix_pack::data::entry::Header;

/// Decoded objects a thread keeps, at least: the versions of source files
/// a run of commits reads. On the 10,000-commit benchmark 2 MiB to 64 MiB
/// inflated the same objects, and the larger caches were a few percent
/// slower (fresh memory is zeroed by the kernel) and held more.
const MIN_CACHE: usize = 4 << 20;

/// At most, so that a history of large files (a lock file in every
/// commit) does not hold much memory per thread.
const MAX_CACHE: usize = 256 << 20;

/// The cache grows to hold this many copies of the largest object read:
/// git's deepest delta chain by default (`pack.depth`), so that reading
/// each version of a large file decodes its chain once.
const CHAIN: usize = 50;

/// Objects larger than this are not decoded: a pack header can claim any
/// size, and the buffer is allocated before inflating.
const MAX_OBJECT: usize = 1 << 30;

/// Delta chains longer than this are corrupt (git's own limit is 4095).
const MAX_CHAIN: usize = 10_000;

/// The packs of one objects directory, shared by threads.
pub(crate) struct Packs {
    packs: Vec<Pack>,
    /// Where each object is, by id: one hash lookup instead of a binary
    /// search through each index, whose comparisons and cache misses cost
    /// as much as inflating. The place is held here too (see [`Place`]),
    /// so a lookup touches no index page. An object in two packs is found
    /// in the first. Built on a thread of its own while the caller lists
    /// the commits; the first lookup waits for it.
    by_id: OnceLock<HashMap<Key, Place, foldhash::fast::RandomState>>,
}

/// An object id as a key of [`Packs::by_id`], hashed by its first 8 bytes:
/// ids are SHA-1 output and the hasher is seeded per process, so a crafted
/// repository cannot aim ids at one bucket, and 8 bytes hash faster than 20.
#[derive(PartialEq, Eq)]
struct Key([u8; super::HASH_LEN]);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(first));
    }
}

/// A [`Location`] in 8 unaligned bytes (pack number in the top 16 bits,
/// offset in the low 48), so that an entry of the map is 28 bytes, not 40:
/// 24 MB less per million objects.
#[derive(Clone, Copy)]
struct Place([u8; 8]);

impl Place {
    const PACKS: u32 = 1 << 16;
    const OFFSETS: u64 = 1 << 48;

    /// `None` past the bounds; such objects are found by binary search.
    fn new((pack, offset): Location) -> Option<Place> {
        (pack < Place::PACKS && offset < Place::OFFSETS)
            .then(|| Place(((u64::from(pack) << 48) | offset).to_le_bytes()))
    }

    fn location(self) -> Location {
        let packed = u64::from_le_bytes(self.0);
        ((packed >> 48) as u32, packed & (Place::OFFSETS - 1))
    }
}

struct Pack {
    index: gix_pack::index::File,
    data: gix_pack::data::File,
}

/// Where an object is: pack number and offset in it.
type Location = (u32, u64);

impl Packs {
    /// Every pack in `objects/pack` that opens with its index; a pack that
    /// does not is skipped (its objects are then read through the
    /// fallback).
    pub fn open(objects: &Path) -> Arc<Packs> {
        let mut packs = Vec::new();
        let mut indexes: Vec<_> = std::fs::read_dir(objects.join("pack"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        // Newest first would be git's preference; any fixed order will do.
        indexes.sort();
        for idx in indexes {
            let hash = super::HASH;
            let opened = gix_pack::index::File::at(&idx, hash).and_then(|index| {
                gix_pack::data::File::at(idx.with_extension("pack"), hash)
                    .map(|data| Pack { index, data })
            });
            if let Ok(pack) = opened {
                packs.push(pack);
            }
        }
        let packs = Arc::new(Packs {
            packs,
            by_id: OnceLock::new(),
        });
        let building = Arc::clone(&packs);
        let spawned = std::thread::Builder::new()
            .name("pack index".to_string())
            .spawn(move || {
                building.by_id();
            });
        if spawned.is_err() {
            packs.by_id();
        }
        packs
    }

    /// [`Packs::by_id`], built by the first caller; the others wait.
    fn by_id(&self) -> &HashMap<Key, Place, foldhash::fast::RandomState> {
        self.by_id.get_or_init(|| {
            let count = self
                .packs
                .iter()
                .map(|p| p.index.num_objects() as usize)
                .sum();
            let mut by_id =
                HashMap::with_capacity_and_hasher(count, foldhash::fast::RandomState::default());
            for (n, pack) in self.packs.iter().enumerate() {
                let index = &pack.index;
                for i in 0..index.num_objects() {
                    let (Ok(id), Some(place)) = (
                        index.oid_at_index(i).as_bytes().try_into(),
                        Place::new((n as u32, index.pack_offset_at_index(i))),
                    ) else {
                        continue;
                    };
                    by_id.entry(Key(id)).or_insert(place);
                }
            }
            by_id
        })
    }

    /// Every object id the indexes list (fuzzing reads them all).
    pub(crate) fn ids(&self) -> Vec<gix_hash::ObjectId> {
        self.packs
            .iter()
            .flat_map(|p| (0..p.index.num_objects()).map(|i| p.index.oid_at_index(i).to_owned()))
            .collect()
    }

    fn pack(&self, n: u32) -> Result<&Pack> {
        self.packs
            .get(n as usize)
            .ok_or_else(|| anyhow!("no pack {n}"))
    }

    fn locate(&self, id: &oid) -> Option<Location> {
        let key = id.as_bytes().try_into().ok().map(Key);
        if let Some(place) = key.and_then(|key| self.by_id().get(&key)) {
            return Some(place.location());
        }
        // Not in the map: not in a pack, or past what a place holds.
        self.packs.iter().enumerate().find_map(|(n, pack)| {
            pack.index
                .lookup(id)
                .map(|i| (n as u32, pack.index.pack_offset_at_index(i)))
        })
    }
}

/// A decoded object.
#[derive(Clone)]
pub(crate) struct Object {
    pub kind: Kind,
    pub data: Arc<[u8]>,
}

/// One thread's reader of [`Packs`].
pub(crate) struct PackReader {
    packs: Arc<Packs>,
    cache: Cache,
    inflater: libdeflater::Decompressor,
    delta: Vec<u8>,
}

/// Decoded objects by location, the oldest dropped first once they take
/// more than `capacity` bytes. (Oldest first rather than least recently
/// used: a run of commits reads each delta chain in one sweep, and the
/// bookkeeping of an LRU cost more than it saved.)
struct Cache {
    objects: HashMap<Location, Object, foldhash::fast::RandomState>,
    order: std::collections::VecDeque<Location>,
    bytes: usize,
    capacity: usize,
}

impl Cache {
    fn new(capacity: usize) -> Cache {
        Cache {
            objects: HashMap::default(),
            order: std::collections::VecDeque::new(),
            bytes: 0,
            capacity,
        }
    }

    fn get(&self, at: &Location) -> Option<&Object> {
        self.objects.get(at)
    }

    /// Keeps `object` unless it alone is over the capacity.
    fn put(&mut self, at: Location, object: &Object) {
        let size = object.data.len();
        if size > self.capacity || self.objects.contains_key(&at) {
            return;
        }
        while self.bytes + size > self.capacity {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.objects.remove(&old) {
                self.bytes -= gone.data.len();
            }
        }
        self.objects.insert(at, object.clone());
        self.order.push_back(at);
        self.bytes += size;
    }
}

impl PackReader {
    pub fn new(packs: Arc<Packs>) -> PackReader {
        PackReader {
            packs,
            cache: Cache::new(MIN_CACHE),
            inflater: libdeflater::Decompressor::new(),
            delta: Vec::new(),
        }
    }

    /// Object `id`, or `None` when no pack holds it.
    #[cfg(test)]
    pub fn read(&mut self, id: &oid) -> Result<Option<Object>> {
        self.read_within(id, u64::MAX)
            .map(|found| found.map(|o| o.expect("no limit")))
    }

    /// Object `id` (`None` when no pack holds it), or `Some(None)` when it
    /// is larger than `max` bytes: the size in its entry header, or for a
    /// delta in the delta's own header, is checked before the object is
    /// built.
    pub fn read_within(&mut self, id: &oid, max: u64) -> Result<Option<Option<Object>>> {
        match self.packs.locate(id) {
            Some(at) => self.decode(at, max).map(Some),
            None => Ok(None),
        }
    }

    /// The object at `at`: down its delta chain to a cached object or a
    /// base, then each delta applied on the way back up, each result cached.
    fn decode(&mut self, at: Location, max: u64) -> Result<Option<Object>> {
        let mut chain: Vec<(Location, gix_pack::data::Entry)> = Vec::new();
        let mut next = at;
        let mut object = loop {
            if let Some(hit) = self.cache.get(&next) {
                if chain.is_empty() && hit.data.len() as u64 > max {
                    return Ok(None);
                }
                break hit.clone();
            }
            if chain.len() > MAX_CHAIN {
                bail!("delta chain longer than {MAX_CHAIN} at offset {}", at.1);
            }
            let pack = self.packs.pack(next.0)?;
            let entry = pack
                .data
                .entry(next.1)
                .map_err(|e| anyhow!("bad pack entry at offset {}: {e}", next.1))?;
            if chain.is_empty() && over(&entry, max) {
                return Ok(None);
            }
            let base = match &entry.header {
                Header::OfsDelta { base_distance } => entry
                    .checked_base_pack_offset(*base_distance)
                    .map(|offset| (next.0, offset))
                    .ok_or_else(|| anyhow!("bad delta base at offset {}", next.1))?,
                Header::RefDelta { base_id } => self
                    .packs
                    .locate(base_id)
                    .ok_or_else(|| anyhow!("delta base {base_id} is not in a pack"))?,
                header => {
                    let kind = header
                        .as_kind()
                        .ok_or_else(|| anyhow!("bad object type at offset {}", next.1))?;
                    let mut data = zeroed(size(&entry)?);
                    let buf = Arc::get_mut(&mut data).ok_or_else(|| anyhow!("shared buffer"))?;
                    inflate(&mut self.inflater, &pack.data, &entry, buf)?;
                    let object = Object { kind, data };
                    self.keep(next, &object);
                    break object;
                }
            };
            chain.push((next, entry));
            next = base;
        };
        while let Some((location, entry)) = chain.pop() {
            self.delta.resize(size(&entry)?, 0);
            let data = &self.packs.pack(location.0)?.data;
            inflate(&mut self.inflater, data, &entry, &mut self.delta)?;
            if chain.is_empty() && result_size(&self.delta).is_some_and(|n| n as u64 > max) {
                return Ok(None);
            }
            object = Object {
                kind: object.kind,
                data: apply(&object.data, &self.delta)?,
            };
            self.keep(location, &object);
        }
        Ok(Some(object))
    }

    fn keep(&mut self, at: Location, object: &Object) {
        let wanted = object.data.len().saturating_mul(CHAIN).min(MAX_CACHE);
        self.cache.capacity = self.cache.capacity.max(wanted);
        self.cache.put(at, object);
    }
}

/// Inflates `entry`'s data (in pack `data`) into `out`, which is exactly
/// its size.
fn inflate(
    inflater: &mut libdeflater::Decompressor,
    data: &gix_pack::data::File,
    entry: &gix_pack::data::Entry,
    out: &mut [u8],
) -> Result<()> {
    let input = data
        .entry_slice(entry.data_offset..data.pack_end() as u64)
        .ok_or_else(|| anyhow!("pack entry at {} is truncated", entry.data_offset))?;
    match inflater.zlib_decompress(input, out) {
        Ok(n) if n == out.len() => Ok(()),
        Ok(_) => bail!(
            "pack entry at {} is shorter than its header says",
            entry.data_offset
        ),
        Err(e) => bail!(
            "pack entry at {} cannot be inflated: {e}",
            entry.data_offset
        ),
    }
}

/// Whether the object at `entry` is surely over `max` bytes before it is
/// read: a base object by its header; a delta by its own size (each byte
/// of the result costs a delta at most 8 bytes of copy instruction, so a
/// delta this large builds an object over `max`).
fn over(entry: &gix_pack::data::Entry, max: u64) -> bool {
    match entry.header {
        Header::OfsDelta { .. } | Header::RefDelta { .. } => {
            entry.decompressed_size > max.saturating_mul(8).saturating_add(64)
        }
        _ => entry.decompressed_size > max,
    }
}

/// The size of the object a delta builds, from the delta's header.
fn result_size(delta: &[u8]) -> Option<usize> {
    let mut d = delta.iter();
    varint(&mut d)?;
    varint(&mut d)
}

/// An entry's size, as its header says; bounded, as the header may lie.
fn size(entry: &gix_pack::data::Entry) -> Result<usize> {
    usize::try_from(entry.decompressed_size)
        .ok()
        .filter(|&n| n <= MAX_OBJECT)
        .ok_or_else(|| anyhow!("object of {} bytes is too large", entry.decompressed_size))
}

/// A buffer for an object, allocated once where it is kept.
fn zeroed(len: usize) -> Arc<[u8]> {
    std::iter::repeat_n(0, len).collect()
}

/// Applies git's delta format (`delta` as inflated) to `base`.
pub(crate) fn apply(base: &[u8], delta: &[u8]) -> Result<Arc<[u8]>> {
    let corrupt = || anyhow!("corrupt delta");
    let mut d = delta.iter();
    let base_size = varint(&mut d).ok_or_else(corrupt)?;
    let result_size = varint(&mut d).ok_or_else(corrupt)?;
    if base_size != base.len() {
        bail!(
            "delta expects a base of {base_size} bytes, not {}",
            base.len()
        );
    }
    if result_size > MAX_OBJECT {
        bail!("delta result of {result_size} bytes is too large");
    }
    // The instructions must build exactly the size the header claims; a
    // lie is found before the buffer is allocated (a 20-byte delta could
    // claim 1 GiB).
    if ops_len(base.len(), d.as_slice()) != Some(result_size) {
        return Err(corrupt());
    }
    let mut out = zeroed(result_size);
    let target = Arc::get_mut(&mut out).ok_or_else(corrupt)?;
    apply_ops(base, d.as_slice(), target).ok_or_else(corrupt)?;
    Ok(out)
}

/// One instruction of a delta: copy a range of the base, or insert bytes.
enum Op<'a> {
    Copy(std::ops::Range<usize>),
    Insert(&'a [u8]),
}

/// The next instruction of `d`; `None` at the end, `Some(None)` when it is
/// malformed (a reserved zero op, a field or insert cut short).
fn next_op<'a>(d: &mut std::slice::Iter<'a, u8>) -> Option<Option<Op<'a>>> {
    let &op = d.next()?;
    if op & 0x80 != 0 {
        // A copy from the base; the op's low bits say which bytes of its
        // offset (4) and size (3) follow.
        let mut field = |bits: u8, count: usize| -> Option<usize> {
            let mut value = 0usize;
            for i in 0..count {
                if bits & (1 << i) != 0 {
                    value |= usize::from(*d.next()?) << (8 * i);
                }
            }
            Some(value)
        };
        let copy = field(op & 0x0f, 4).and_then(|offset| {
            let size = match field((op >> 4) & 0x07, 3)? {
                0 => 0x10000,
                n => n,
            };
            Some(Op::Copy(offset..offset.checked_add(size)?))
        });
        Some(copy)
    } else if op != 0 {
        // An insert of the next `op` bytes.
        let n = usize::from(op);
        let piece = d.as_slice().get(..n);
        if piece.is_some() {
            d.nth(n - 1);
        }
        Some(piece.map(Op::Insert))
    } else {
        Some(None)
    }
}

/// The bytes a delta's instructions build from a base of `base_len`
/// bytes, without building them; `None` if they are malformed.
fn ops_len(base_len: usize, ops: &[u8]) -> Option<usize> {
    let mut d = ops.iter();
    let mut total = 0usize;
    while let Some(op) = next_op(&mut d) {
        let n = match op? {
            Op::Copy(range) if range.end <= base_len => range.len(),
            Op::Copy(_) => return None,
            Op::Insert(piece) => piece.len(),
        };
        total = total.checked_add(n)?;
        if total > MAX_OBJECT {
            return None;
        }
    }
    Some(total)
}

/// Runs a delta's instructions, which must fill `target` exactly.
fn apply_ops(base: &[u8], ops: &[u8], target: &mut [u8]) -> Option<()> {
    let mut d = ops.iter();
    let mut at = 0;
    while let Some(op) = next_op(&mut d) {
        let piece = match op? {
            Op::Copy(range) => base.get(range)?,
            Op::Insert(piece) => piece,
        };
        let end = at + piece.len();
        target.get_mut(at..end)?.copy_from_slice(piece);
        at = end;
    }
    (at == target.len()).then_some(())
}

/// A size in a delta's header: little-endian base-128.
fn varint(d: &mut std::slice::Iter<'_, u8>) -> Option<usize> {
    let mut value: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *d.next()?;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return usize::try_from(value).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A delta: the two sizes, then the instructions.
    fn delta(base: usize, result: usize, ops: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for mut n in [base, result] {
            loop {
                let byte = (n & 0x7f) as u8;
                n >>= 7;
                if n == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
        }
        out.extend_from_slice(ops);
        out
    }

    #[test]
    fn deltas_copy_from_the_base_and_insert() {
        let base = b"hello world";
        // Copy 5 bytes at 6, insert " ", copy 5 bytes at 0.
        let ops = [0x91, 6, 5, 0x01, b' ', 0x90, 5];
        let out = apply(base, &delta(11, 11, &ops)).expect("applies");
        assert_eq!(&out[..], b"world hello");
        // A copy with no size bytes copies 64 KiB.
        let big = vec![7u8; 0x10000];
        let out = apply(&big, &delta(0x10000, 0x10000, &[0x80])).expect("applies");
        assert_eq!(&out[..], &big[..]);
        // Sizes of more than one byte.
        let base = vec![1u8; 300];
        let out = apply(&base, &delta(300, 300, &[0xb0, 0x2c, 0x01])).expect("applies");
        assert_eq!(out.len(), 300);
    }

    #[test]
    fn corrupt_deltas_are_errors() {
        let base = b"hello world";
        for bad in [
            delta(10, 5, &[0x90, 5]),              // base size wrong
            delta(11, 5, &[0x91, 8, 5]),           // copy past the base
            delta(11, 5, &[0x05, b'a', b'b']),     // insert past the end
            delta(11, 5, &[0x00]),                 // reserved op
            delta(11, 6, &[0x90, 5]),              // result too short
            delta(11, 4, &[0x90, 5]),              // result too long
            delta(11, 5, &[0x91]),                 // copy's bytes missing
            delta(11, MAX_OBJECT + 1, &[0x90, 5]), // absurd size
            vec![0x8b],                            // header cut short
            Vec::new(),
        ] {
            assert!(apply(base, &bad).is_err(), "{bad:?}");
        }
    }

    /// A bare repository holding `pack` (and its index) from
    /// `tests/data/packs`, and nothing else.
    fn with_pack(pack: &str) -> (tempfile::TempDir, git2::Repository) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let repo = git2::Repository::init_bare(dir.path()).expect("init");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs");
        for ext in ["pack", "idx"] {
            let to = dir.path().join(format!("objects/pack/pack-test.{ext}"));
            std::fs::copy(fixtures.join(format!("{pack}.{ext}")), to).expect("copy");
        }
        (dir, repo)
    }

    /// A repository whose files change in every commit, packed by libgit2,
    /// which writes deltas that name their base by id.
    fn packed_by_libgit2() -> (tempfile::TempDir, git2::Repository) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let repo = git2::Repository::init_bare(dir.path()).expect("init");
        let sig = git2::Signature::new("T", "t@example.com", &git2::Time::new(1, 0)).expect("sig");
        let mut parent: Option<git2::Oid> = None;
        for i in 0..40 {
            let lines: Vec<String> = (0..200)
                .map(|k| {
                    format!(
                        "const line{k} = jwt.sign(p, key{});",
                        k + usize::from(k == i)
                    )
                })
                .collect();
            let blob = repo.blob(lines.join("\n").as_bytes()).expect("blob");
            let mut builder = repo.treebuilder(None).expect("builder");
            builder.insert("auth.js", blob, 0o100644).expect("insert");
            let tree = repo
                .find_tree(builder.write().expect("tree"))
                .expect("tree");
            let parents: Vec<git2::Commit<'_>> = parent
                .map(|p| repo.find_commit(p).expect("parent"))
                .into_iter()
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let id = repo
                .commit(Some("HEAD"), &sig, &sig, &format!("c{i}"), &tree, &refs)
                .expect("commit");
            parent = Some(id);
        }
        {
            let mut walk = repo.revwalk().expect("walk");
            walk.push_head().expect("head");
            let mut builder = repo.packbuilder().expect("packbuilder");
            builder.insert_walk(&mut walk).expect("insert");
            builder
                .write(&repo.path().join("objects/pack"), 0o644)
                .expect("write pack");
        }
        (dir, repo)
    }

    /// Reads every object of every pack through a reader whose cache keeps
    /// almost nothing, checking each against libgit2; returns how many
    /// objects, and how many are deltas with each kind of base.
    fn agrees_with_libgit2(repo: &git2::Repository) -> (usize, usize, usize) {
        let packs = Packs::open(&repo.path().join("objects"));
        assert!(!packs.packs.is_empty(), "packed");
        let odb = repo.odb().expect("odb");
        let mut reader = PackReader::new(Arc::clone(&packs));
        reader.cache = Cache::new(1);
        let (mut count, mut by_offset, mut by_id) = (0, 0, 0);
        for pack in &packs.packs {
            for i in 0..pack.index.num_objects() {
                let id = pack.index.oid_at_index(i).to_owned();
                let entry = pack
                    .data
                    .entry(pack.index.pack_offset_at_index(i))
                    .expect("entry");
                match entry.header {
                    Header::OfsDelta { .. } => by_offset += 1,
                    Header::RefDelta { .. } => by_id += 1,
                    _ => {}
                }
                let ours = reader.read(&id).expect("decodes").expect("in a pack");
                let theirs = odb
                    .read(git2::Oid::from_bytes(id.as_bytes()).expect("oid"))
                    .expect("libgit2 reads it");
                assert_eq!(&ours.data[..], theirs.data(), "{id}");
                assert_eq!(ours.kind.as_bytes(), theirs.kind().str().as_bytes());
                count += 1;
            }
        }
        (count, by_offset, by_id)
    }

    #[test]
    fn packed_objects_read_as_libgit2_reads_them() {
        // git's packs: offset deltas, chains several deep.
        let (_dir, repo) = with_pack("ofs-delta");
        let (count, by_offset, _) = agrees_with_libgit2(&repo);
        assert_eq!(count, 480);
        assert!(by_offset > 100, "{by_offset}");
        // libgit2's: deltas that name their base by id.
        let (_dir, repo) = packed_by_libgit2();
        let (count, _, by_id) = agrees_with_libgit2(&repo);
        assert_eq!(count, 120);
        assert!(by_id > 30, "{by_id}");
        // Not in a pack: left to the caller.
        let packs = Packs::open(&repo.path().join("objects"));
        let missing =
            gix_hash::ObjectId::from_hex(b"0123456789012345678901234567890123456789").expect("hex");
        assert!(PackReader::new(packs)
            .read(&missing)
            .expect("no error")
            .is_none());
    }

    #[test]
    fn a_damaged_pack_gives_errors_not_panics() {
        let (dir, _repo) = with_pack("ofs-delta");
        let objects = dir.path().join("objects");
        let read_all = || {
            let packs = Packs::open(&objects);
            let mut reader = PackReader::new(Arc::clone(&packs));
            let index = &packs.packs[0].index;
            (0..index.num_objects())
                .map(|i| {
                    let id = index.oid_at_index(i).to_owned();
                    (id, reader.read(&id).map(|o| o.map(|o| o.data)))
                })
                .collect::<Vec<_>>()
        };
        let intact = read_all();
        let pack = objects.join("pack/pack-test.pack");
        let mut bytes = std::fs::read(&pack).expect("read pack");
        // Every 97th byte after the header, flipped.
        for i in (12..bytes.len() - 20).step_by(97) {
            bytes[i] ^= 0x5a;
        }
        std::fs::write(&pack, bytes).expect("write pack");
        let damaged = read_all();
        let mut errors = 0;
        for ((id, good), (_, read)) in intact.iter().zip(&damaged) {
            match read {
                Err(_) => errors += 1,
                // What still decodes is what was there.
                Ok(data) => assert_eq!(
                    data.as_deref(),
                    good.as_ref().expect("intact").as_deref(),
                    "{id}"
                ),
            }
        }
        assert!(errors > 300, "{errors}");
    }
}
