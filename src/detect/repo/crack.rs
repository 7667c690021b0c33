//! JWT205 cracked-token: each committed HS256/384/512 token (JWT204) is
//! tried offline against the keys the scan found in the repository and the
//! embedded list of published weak keys; a signature that verifies proves
//! the key broken, whatever code holds it.
//!
//! HS256, by far the commonest, has a fast path built on SHA-256's
//! compression function: each candidate's inner and outer HMAC states are
//! computed once and shared by every token, and each token's padded
//! message blocks once and shared by every candidate, so a check costs the
//! message's blocks plus one. HS384 and HS512 use the `hmac` crate.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::detect::{known, strength};
use crate::finding::Finding;
use crate::rules::RuleSet;

/// The keys jwt.io signs its example tokens with.
const JWT_IO_KEYS: [&str; 3] = [
    "your-256-bit-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
];

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode {
    /// Stop each token when its share of this budget is spent.
    Budget(Duration),
    Full,
    Off,
}

/// What cracking did, for the summary.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Summary {
    /// Unique HMAC tokens found.
    pub tokens: usize,
    /// Of those, tried against every candidate (or cracked).
    pub fully: usize,
    pub cracked: usize,
    /// Candidate keys.
    pub candidates: usize,
}

/// One unique token to try.
struct Target {
    alg: &'static str,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    /// The JWT204 findings that show it.
    at: Vec<usize>,
}

/// Tries the committed tokens among `findings` and appends a JWT205
/// finding for each that a candidate key signs.
pub(crate) fn run(
    rules: &RuleSet,
    findings: &mut Vec<Finding>,
    mode: Mode,
    threads: usize,
    cancel: &AtomicBool,
) -> Summary {
    let targets = targets(findings);
    let mut summary = Summary {
        tokens: targets.len(),
        ..Summary::default()
    };
    if targets.is_empty() || matches!(mode, Mode::Off) {
        return summary;
    }
    // The repository's own keys first, then the published ones.
    let mut seen = std::collections::HashSet::new();
    let mut candidates: Vec<&[u8]> = Vec::new();
    let found: Vec<String> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.rule_id.as_str(),
                "JWT101" | "JWT102" | "JWT103" | "JWT201" | "JWT202"
            )
        })
        .filter_map(|f| f.secret.clone())
        .collect();
    for key in found.iter().map(String::as_bytes) {
        if seen.insert(key) {
            candidates.push(key);
        }
    }
    let own = candidates.len();
    for key in known::all() {
        if seen.insert(key) {
            candidates.push(key);
        }
    }
    summary.candidates = candidates.len();
    let hs256 = targets
        .iter()
        .any(|t| t.alg == "HS256")
        .then(|| Hs256Keys::new(&candidates));
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Option<usize>, bool)>> = Mutex::new(Vec::new());
    let workers = match threads {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    }
    .min(targets.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = targets.get(i) else { break };
                let deadline = match mode {
                    Mode::Budget(total) => {
                        // An equal share of what is left for the tokens left.
                        let left = total.saturating_sub(started.elapsed());
                        let share = left
                            / u32::try_from((targets.len() - i).div_ceil(workers))
                                .unwrap_or(1)
                                .max(1);
                        Some(Instant::now() + share)
                    }
                    _ => None,
                };
                let (hit, complete) =
                    try_target(target, &candidates, hs256.as_ref(), deadline, cancel);
                if let Ok(mut r) = results.lock() {
                    r.push((i, hit, complete));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|r| r.0);
    for (i, hit, complete) in results {
        if complete || hit.is_some() {
            summary.fully += 1;
        }
        let Some(c) = hit else { continue };
        summary.cracked += 1;
        let key = String::from_utf8_lossy(candidates[c]).into_owned();
        // jwt.io's example tokens are signed with its demo keys: cracking
        // one says nothing of the repository's key, and the committed
        // token (JWT204) is told for what it is.
        if c >= own && JWT_IO_KEYS.contains(&key.as_str()) {
            for &at in &targets[i].at {
                findings[at]
                    .message
                    .push_str(", jwt.io's example token (signed with its published demo key)");
            }
            continue;
        }
        for &at in &targets[i].at {
            if let Some(f) = cracked_finding(rules, &findings[at], &key, targets[i].alg, c < own) {
                findings.push(f);
            }
        }
    }
    summary
}

/// The unique HMAC tokens among the JWT204 findings.
fn targets(findings: &[Finding]) -> Vec<Target> {
    let mut by_token: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Target> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if f.rule_id != "JWT204" {
            continue;
        }
        let Some(token) = f.secret.as_deref() else {
            continue;
        };
        if let Some(&t) = by_token.get(token) {
            out[t].at.push(i);
            continue;
        }
        let Some((signing_input, sig)) = token.rsplit_once('.') else {
            continue;
        };
        let Some(alg) = hmac_alg(token) else {
            continue;
        };
        let Ok(signature) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig) else {
            continue;
        };
        by_token.insert(token, out.len());
        out.push(Target {
            alg,
            signing_input: signing_input.as_bytes().to_vec(),
            signature,
            at: vec![i],
        });
    }
    out
}

/// `HS256`, `HS384` or `HS512` from the token's header, as the parser
/// that found the token reads it.
fn hmac_alg(token: &str) -> Option<&'static str> {
    let found = crate::detect::token::find(token.as_bytes());
    let alg = &found.first()?.alg;
    ["HS256", "HS384", "HS512"]
        .into_iter()
        .find(|a| a.eq_ignore_ascii_case(alg))
}

/// The candidate that signs `target`, and whether every candidate was
/// tried (the deadline did not cut it short).
fn try_target(
    target: &Target,
    candidates: &[&[u8]],
    hs256: Option<&Hs256Keys>,
    deadline: Option<Instant>,
    cancel: &AtomicBool,
) -> (Option<usize>, bool) {
    const CHUNK: usize = 4096;
    let hs256_message = (target.alg == "HS256").then(|| padded_blocks(&target.signing_input));
    for start in (0..candidates.len()).step_by(CHUNK) {
        if deadline.is_some_and(|d| Instant::now() >= d) || cancel.load(Ordering::Relaxed) {
            return (None, false);
        }
        let end = (start + CHUNK).min(candidates.len());
        for (c, key) in candidates.iter().enumerate().take(end).skip(start) {
            let verified = match (target.alg, hs256, &hs256_message) {
                ("HS256", Some(keys), Some(blocks)) => keys.verifies(c, blocks, &target.signature),
                ("HS384", _, _) => {
                    verifies::<Hmac<Sha384>>(key, &target.signing_input, &target.signature)
                }
                ("HS512", _, _) => {
                    verifies::<Hmac<Sha512>>(key, &target.signing_input, &target.signature)
                }
                _ => false,
            };
            if verified {
                return (Some(c), true);
            }
        }
    }
    (None, true)
}

fn verifies<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(mut mac) = <M as hmac::digest::KeyInit>::new_from_slice(key) else {
        return false;
    };
    mac.update(message);
    mac.verify_slice(signature).is_ok()
}

type Block = GenericArray<u8, sha2::digest::consts::U64>;

const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Every candidate's HMAC-SHA256 inner and outer states after its key
/// block: computed once, shared by every token.
struct Hs256Keys {
    states: Vec<([u32; 8], [u32; 8])>,
}

impl Hs256Keys {
    fn new(candidates: &[&[u8]]) -> Hs256Keys {
        let states = candidates
            .iter()
            .map(|key| {
                let mut block = [0u8; 64];
                if key.len() > 64 {
                    block[..32].copy_from_slice(&Sha256::digest(key));
                } else {
                    block[..key.len()].copy_from_slice(key);
                }
                let pad = |byte: u8| {
                    let mut state = SHA256_IV;
                    let padded: Vec<u8> = block.iter().map(|b| b ^ byte).collect();
                    sha2::compress256(&mut state, &[*Block::from_slice(&padded)]);
                    state
                };
                (pad(0x36), pad(0x5c))
            })
            .collect();
        Hs256Keys { states }
    }

    /// Whether candidate `c` signs the message whose padded blocks (after
    /// the 64-byte key block) are `blocks`.
    fn verifies(&self, c: usize, blocks: &[Block], signature: &[u8]) -> bool {
        if signature.len() != 32 {
            return false;
        }
        let (inner, outer) = self.states[c];
        let mut state = inner;
        sha2::compress256(&mut state, blocks);
        let mut block = [0u8; 64];
        for (i, word) in state.iter().enumerate() {
            block[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
        }
        block[32] = 0x80;
        block[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        let mut state = outer;
        sha2::compress256(&mut state, &[*Block::from_slice(&block)]);
        state
            .iter()
            .zip(signature.chunks_exact(4))
            .all(|(w, s)| w.to_be_bytes() == s)
    }
}

/// `message` padded as SHA-256 pads it when 64 bytes (the key block) came
/// before it.
fn padded_blocks(message: &[u8]) -> Vec<Block> {
    let mut data = message.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&((64 + message.len() as u64) * 8).to_be_bytes());
    data.chunks_exact(64)
        .map(|c| *Block::from_slice(c))
        .collect()
}

fn cracked_finding(
    rules: &RuleSet,
    token: &Finding,
    key: &str,
    alg: &str,
    own: bool,
) -> Option<Finding> {
    let rule = rules.rule("JWT205")?;
    let alg = match alg {
        "HS384" => strength::Alg::Hs384,
        "HS512" => strength::Alg::Hs512,
        _ => strength::Alg::Hs256,
    };
    let broken = match strength::assess(key, Some(alg)) {
        Some(weak) => format!(
            " (a {} key)",
            rules
                .rule(weak.rule_id())
                .map_or("weak", |r| r.slug.as_str())
        ),
        None => String::new(),
    };
    let source = if own {
        "a key hardcoded in this repository".to_string()
    } else {
        "a published weak key".to_string()
    };
    // No part of the key in the message: SARIF and annotations carry the
    // message, and promise no secret material. Its length says which.
    let shown = format!("{} characters long", key.chars().count());
    let message = format!(
        "{}: its {} signature verifies with {source}, {shown}{broken}: whoever reads the token can forge any other; rotate the key",
        rule.message,
        alg.name()
    );
    let mut f = token.relabel(rule).with_message(message).with_secret(key);
    f.source.clear();
    f.secret_in_source = None;
    f.sink_line = None;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_the_hmac_crate() {
        let message = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0";
        for key in [&b"secret"[..], &[7u8; 64][..], &[9u8; 100][..], b""] {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
            mac.update(message);
            let good = mac.finalize().into_bytes();
            let keys = Hs256Keys::new(&[key]);
            let blocks = padded_blocks(message);
            assert!(keys.verifies(0, &blocks, &good), "{key:?}");
            let mut bad = good.to_vec();
            bad[31] ^= 1;
            assert!(!keys.verifies(0, &blocks, &bad));
        }
    }
}
