//! Lays out the known-secrets list as an open-addressing hash table, so the
//! binary embeds it ready to probe: O(1) look-up and no parsing at start-up.
//!
//! Layout (little-endian): `u32` slot count (a power of two), then that many
//! `u32` slots (0 = empty, else 1 + offset of the entry), then the entries,
//! each a `u16` length and the secret's bytes.

use std::collections::HashSet;
use std::path::Path;

#[path = "src/detect/fnv.rs"]
mod fnv;

fn main() {
    let list = "data/jwt-secrets/jwt.secrets.list";
    let extra = "data/jwt-secrets/extra-defaults.txt";
    println!("cargo:rerun-if-changed={list}");
    println!("cargo:rerun-if-changed={extra}");
    println!("cargo:rerun-if-changed=src/detect/fnv.rs");

    let list_text =
        std::fs::read(list).expect("data/jwt-secrets/jwt.secrets.list is in the package");
    let extra_text =
        std::fs::read(extra).expect("data/jwt-secrets/extra-defaults.txt is in the package");
    let mut seen = HashSet::new();
    let mut secrets: Vec<&[u8]> = Vec::new();
    for line in list_text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && line.len() <= usize::from(u16::MAX) && seen.insert(line) {
            secrets.push(line);
        }
    }
    for line in extra_text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.is_empty() && !line.starts_with(b"#") && seen.insert(line) {
            secrets.push(line);
        }
    }

    let slots = (secrets.len() * 2).next_power_of_two();
    let mut table = vec![0u32; slots];
    let mut entries: Vec<u8> = Vec::new();
    for secret in &secrets {
        let offset = u32::try_from(entries.len()).expect("the list is far below 4 GiB");
        entries.extend_from_slice(&(secret.len() as u16).to_le_bytes());
        entries.extend_from_slice(secret);
        let mut slot = (fnv::fnv1a(secret) as usize) & (slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = offset + 1;
    }
    let mut out = Vec::with_capacity(4 + slots * 4 + entries.len());
    out.extend_from_slice(&(slots as u32).to_le_bytes());
    for slot in table {
        out.extend_from_slice(&slot.to_le_bytes());
    }
    out.extend_from_slice(&entries);
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("known_secrets.bin");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
