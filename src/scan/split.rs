//! Work shared by threads as contiguous ranges of indexes, so that each
//! thread walks neighbouring commits (whose trees and blobs are deltas of
//! each other, already in its cache). A thread that runs out takes the back
//! half of the largest range left: few cold starts, no idle thread at the
//! end.

use std::sync::atomic::{AtomicU64, Ordering};

/// Ranges smaller than this are left to their owner: a cold start costs
/// more than it saves.
const MIN_SPLIT: u32 = 16;

/// `0..len` split between `threads` workers.
pub(crate) struct Split {
    /// Each worker's range, `start << 32 | end`.
    ranges: Vec<AtomicU64>,
}

fn pack(start: u32, end: u32) -> u64 {
    (u64::from(start) << 32) | u64::from(end)
}

fn unpack(range: u64) -> (u32, u32) {
    ((range >> 32) as u32, range as u32)
}

impl Split {
    /// Equal ranges for `threads` workers. `len` must fit in a `u32`;
    /// larger counts are cut to it (four billion commits).
    pub fn new(len: usize, threads: usize) -> Split {
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        let threads = u32::try_from(threads.max(1)).unwrap_or(1);
        let ranges = (0..threads)
            .map(|i| {
                let start = (u64::from(len) * u64::from(i) / u64::from(threads)) as u32;
                let end = (u64::from(len) * u64::from(i + 1) / u64::from(threads)) as u32;
                AtomicU64::new(pack(start, end))
            })
            .collect();
        Split { ranges }
    }

    /// The next index for `worker`: the front of its range, else the front
    /// of the half it takes from the largest other range; `None` when all
    /// is done.
    pub fn next(&self, worker: usize) -> Option<usize> {
        let own = self.ranges.get(worker)?;
        loop {
            let range = own.load(Ordering::Acquire);
            let (start, end) = unpack(range);
            if start < end {
                if own
                    .compare_exchange(
                        range,
                        pack(start + 1, end),
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    )
                    .is_ok()
                {
                    return Some(start as usize);
                }
                continue;
            }
            if !self.steal(worker) {
                return None;
            }
        }
    }

    /// Moves the back half of the largest other range to `worker`'s;
    /// false when nothing is left to take.
    fn steal(&self, worker: usize) -> bool {
        loop {
            let victim = self
                .ranges
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != worker)
                .map(|(i, r)| {
                    let range = r.load(Ordering::Acquire);
                    let (start, end) = unpack(range);
                    (end.saturating_sub(start), i, range)
                })
                .max();
            let Some((left, i, range)) = victim else {
                return false;
            };
            // The owner finishes a small remainder sooner than a thief
            // could start on it cold.
            if left < MIN_SPLIT {
                return false;
            }
            let (start, end) = unpack(range);
            let mid = start + left / 2;
            if self.ranges[i]
                .compare_exchange(range, pack(start, mid), Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                self.ranges[worker].store(pack(mid, end), Ordering::Release);
                return true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_index_is_handed_out_once() {
        for (len, threads) in [(0, 2), (1, 2), (5, 3), (1000, 2), (10_007, 4), (40, 8)] {
            let split = Split::new(len, threads);
            let taken: Vec<Vec<usize>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|w| {
                        let split = &split;
                        scope.spawn(move || {
                            let mut mine = Vec::new();
                            while let Some(next) = split.next(w) {
                                mine.push(next);
                                // Uneven work, so that ranges are stolen.
                                if w == 0 {
                                    std::thread::sleep(std::time::Duration::from_micros(20));
                                }
                            }
                            mine
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("worker"))
                    .collect()
            });
            let mut all: Vec<usize> = taken.iter().flatten().copied().collect();
            all.sort_unstable();
            assert_eq!(all, (0..len).collect::<Vec<_>>(), "{len} {threads}");
            // Within a worker, indexes rise one by one except where it
            // took a new range, which is rare; the slow worker is robbed.
            let jumps: Vec<usize> = taken
                .iter()
                .map(|mine| mine.windows(2).filter(|p| p[1] != p[0] + 1).count())
                .collect();
            assert!(jumps.iter().all(|&j| j < 40), "{jumps:?}");
            if len >= 1000 {
                assert!(
                    jumps[1..].iter().any(|&j| j > 0),
                    "nothing stolen: {jumps:?}"
                );
            }
        }
    }

    #[test]
    fn one_worker_walks_in_order() {
        let split = Split::new(100, 1);
        let got: Vec<usize> = std::iter::from_fn(|| split.next(0)).collect();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }
}
