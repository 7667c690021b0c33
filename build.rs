//! Prepares what the binary embeds so that start-up parses nothing slow:
//!
//! - the known-secrets list as an open-addressing hash table, ready to probe
//!   (layout, little-endian: `u32` slot count, a power of two; that many
//!   `u32` slots, 0 = empty, else 1 + offset of the entry; then the entries,
//!   each a `u16` length and the secret's bytes);
//! - the built-in rule files as JSON, which loads several times faster than
//!   YAML, and without their examples, which only the tests run (from the
//!   YAML). They are read with the crate's own YAML module, so YAML is still
//!   parsed in one place.

use std::collections::HashSet;
use std::path::Path;

#[path = "src/detect/fnv.rs"]
mod fnv;

// Only `parse` is used here.
#[allow(dead_code)]
#[path = "src/yaml.rs"]
mod yaml;

fn main() {
    rules_as_json();
    known_secrets();
}

/// `rules/NAME.yaml` to `$OUT_DIR/rules/NAME.json`.
fn rules_as_json() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/yaml.rs");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rules");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    let mut names: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ is in the package")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("a rule file is UTF-8");
        let value: serde_json::Value = yaml::parse(&text).unwrap_or_else(|e| {
            panic!(
                "{}:{}: {}",
                path.display(),
                e.line.map_or("?".to_string(), |l| l.to_string()),
                e.message
            )
        });
        let stem = path.file_stem().expect("a file name");
        let json = serde_json::to_string(&without_examples(value)).expect("JSON");
        std::fs::write(out.join(stem).with_extension("json"), json).expect("OUT_DIR is writable");
    }
}

/// A rule file without its examples: the tests read them from the YAML, and
/// a scan never does, so the binary neither embeds nor parses them.
fn without_examples(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "examples" && k != "negative_examples")
                .map(|(k, v)| (k, without_examples(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(without_examples).collect())
        }
        other => other,
    }
}

fn known_secrets() {
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
