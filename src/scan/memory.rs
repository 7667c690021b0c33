//! The memory source: files given as bytes, scanned together as a small
//! repository would be (the rule examples, `jwtscan rules --test`, the fuzz
//! targets and the property tests). No size or binary checks: what is
//! given is scanned.

use super::{Hooks, Scanned};
use crate::detect::repo::{services, TrackedEnv};
use crate::detect::Detector;

/// A file of the memory source.
#[derive(Debug, Clone)]
pub(crate) struct File {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Git holds it: an env file among these is reported as tracked.
    pub tracked: bool,
}

/// Scans `files` in order.
pub(crate) fn scan(detector: &Detector<'_>, files: &[File], hooks: Hooks<'_>) -> Scanned {
    let mut out = Scanned::default();
    for file in files {
        if hooks.cancelled() {
            break;
        }
        let mut result = detector.scan(&file.path, &file.bytes);
        out.stats.files += 1;
        out.stats.bytes += file.bytes.len() as u64;
        out.suppressed += result.suppressed;
        out.findings.append(&mut result.findings);
        let inventory = &mut out.inventory;
        inventory.add_file(&file.path, &mut result);
        if services::is_manifest(&file.path) {
            inventory.manifests.push(file.path.clone());
        }
        if file.tracked && detector.rules.words.is_env_file(&file.path) {
            inventory.tracked_env.push(TrackedEnv {
                path: file.path.clone(),
                bytes: file.bytes.clone(),
                commit: None,
            });
        }
    }
    out
}
