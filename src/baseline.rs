//! Baselines: the fingerprints of the findings a team has accepted for now,
//! so that only new ones fail CI. A fingerprint is the rule, the path and a
//! hash of the secret (or of the normalised line for rules without one), so
//! moving code within a file keeps it; the file never holds a secret.
//!
//! Policy layer: core types only; never a source, a reporter or the CLI.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::finding::Finding;

/// The default file name, at the root.
pub(crate) const DEFAULT_FILE: &str = ".jwtscan-baseline.json";

/// The file: sorted entries, so that it diffs well in review.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub fingerprint: String,
    /// For people reading the file; matching uses the fingerprint alone.
    pub rule_id: String,
    pub path: String,
}

impl Baseline {
    pub(crate) fn of(findings: &[Finding]) -> Baseline {
        let mut entries: BTreeMap<&str, Entry> = BTreeMap::new();
        for f in findings {
            entries.entry(&f.fingerprint).or_insert_with(|| Entry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                path: f.path.clone(),
            });
        }
        Baseline {
            version: 1,
            findings: entries.into_values().collect(),
        }
    }

    pub(crate) fn to_json(&self) -> Result<Vec<u8>> {
        let mut out = serde_json::to_vec_pretty(self)?;
        out.push(b'\n');
        Ok(out)
    }

    pub(crate) fn read(path: &Path) -> Result<Baseline> {
        let bytes =
            crate::fsio::read_regular(path, crate::fsio::BASELINE_CAP, crate::fsio::Links::Follow)
                .with_context(|| format!("cannot read baseline {}", path.display()))?;
        Baseline::parse(&bytes, &path.display().to_string())
    }

    /// A baseline file's content; `name` is for messages.
    pub(crate) fn parse(bytes: &[u8], name: &str) -> Result<Baseline> {
        let baseline: Baseline = serde_json::from_slice(bytes).with_context(|| {
            format!("{name} is not a jwtscan baseline (make one with `jwtscan baseline`)")
        })?;
        if baseline.version != 1 {
            bail!(
                "{name}: baseline version {} is not supported (expected 1)",
                baseline.version
            );
        }
        Ok(baseline)
    }

    /// Drops the findings the baseline holds; returns how many, and the
    /// entries that matched nothing (stale: fixed, or moved to another file).
    pub(crate) fn apply(&self, findings: &mut Vec<Finding>) -> (u64, Vec<Entry>) {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        let before = findings.len();
        findings.retain(|f| {
            if known.contains(f.fingerprint.as_str()) {
                seen.insert(f.fingerprint.clone());
                false
            } else {
                true
            }
        });
        let stale = self
            .findings
            .iter()
            .filter(|e| !seen.contains(&e.fingerprint))
            .cloned()
            .collect();
        ((before - findings.len()) as u64, stale)
    }
}
