//! JWT604 hmac-secret-shared-across-services: one HMAC key in two or more
//! services of a repository. A service is the directory of a build
//! manifest (`package.json`, `go.mod`, `pom.xml`, `pyproject.toml` ...); a
//! file belongs to the deepest one above it. Every service holding the key
//! can mint tokens the others accept: verifiers should get a public key
//! (RS256/ES256) instead.

use std::collections::{BTreeSet, HashMap};

use super::{Context, Inventory};
use crate::finding::Finding;

/// File names that make their directory a service.
const MANIFESTS: [&str; 12] = [
    "package.json",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "pyproject.toml",
    "requirements.txt",
    "setup.py",
    "Gemfile",
    "composer.json",
    "Cargo.toml",
    "mix.exs",
];

/// Whether `path` is a build manifest (its directory is a service).
pub(crate) fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    MANIFESTS.contains(&name) || name.ends_with(".csproj")
}

/// The JWT604 findings: keys among `findings` (JWT201/JWT202) and
/// environment variables read as JWT keys (`env_keys`, by name) that two
/// or more services share, given the manifests' paths.
pub(crate) fn check(
    context: &Context<'_>,
    inventory: &Inventory,
    findings: &[Finding],
) -> Vec<Finding> {
    let rules = context.rules;
    let (env_keys, manifests) = (&inventory.env_keys, &inventory.manifests);
    let Some(rule) = rules.rule("JWT604") else {
        return Vec::new();
    };
    let roots: BTreeSet<&str> = manifests
        .iter()
        .map(|m| m.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    if roots.len() < 2 {
        return Vec::new();
    }
    // The deepest service directory above `path`: its ancestors, looked up.
    let service_of = |path: &str| -> Option<&str> {
        let mut dir = path;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if let Some(root) = roots.get(parent) {
                return Some(root);
            }
            dir = parent;
        }
        roots.get("").copied()
    };
    let mut out = Vec::new();
    // (Repository, key value) -> the keys' findings and their services:
    // services of one repository only.
    let mut by_key: HashMap<(&str, &str), Vec<(&Finding, &str)>> = HashMap::new();
    for f in findings {
        if !matches!(f.rule_id.as_str(), "JWT201" | "JWT202") {
            continue;
        }
        let (Some(secret), Some(service)) = (f.secret.as_deref(), service_of(&f.path)) else {
            continue;
        };
        let repo = inventory.repository_of(&f.path);
        by_key.entry((repo, secret)).or_default().push((f, service));
    }
    for places in by_key.values() {
        report(rule, places, &mut out, |count, services| {
            format!("the same key is in {count} services ({services}); each can mint tokens the others accept")
        });
    }
    // Variable name -> where services read it as their key.
    let mut by_name: HashMap<(&str, &str), Vec<(&Finding, &str)>> = HashMap::new();
    for (name, f) in env_keys {
        if let Some(service) = service_of(&f.path) {
            let repo = inventory.repository_of(&f.path);
            by_name.entry((repo, name)).or_default().push((f, service));
        }
    }
    for ((_, name), places) in &by_name {
        let name = crate::text::escape_control(name);
        report(rule, places, &mut out, |count, services| {
            format!("{count} services ({services}) read their JWT key from {name}; with one value each can mint tokens the others accept")
        });
    }
    out
}

/// How many services a message names before "and N more".
const NAMED: usize = 4;

/// When `places` span two or more services: each place as a finding of
/// `rule`, with `what(count, named services)` after the rule's message.
fn report(
    rule: &crate::rules::Rule,
    places: &[(&Finding, &str)],
    out: &mut Vec<Finding>,
    what: impl Fn(usize, &str) -> String,
) {
    let services: BTreeSet<&str> = places.iter().map(|(_, s)| *s).collect();
    if services.len() < 2 {
        return;
    }
    let mut names: Vec<String> = services
        .iter()
        .take(NAMED)
        .map(|s| {
            if s.is_empty() {
                "(root)".to_string()
            } else {
                crate::text::escape_control(s)
            }
        })
        .collect();
    if services.len() > NAMED {
        names.push(format!("{} more", services.len() - NAMED));
    }
    let message = format!(
        "{}: {}",
        rule.message,
        what(services.len(), &names.join(", "))
    );
    for (f, _) in places {
        let mut shared = f.relabel(rule);
        shared.message.clone_from(&message);
        out.push(shared);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests() {
        for p in [
            "package.json",
            "svc/api/go.mod",
            "billing/Billing.csproj",
            "a/pyproject.toml",
        ] {
            assert!(is_manifest(p), "{p}");
        }
        assert!(!is_manifest("src/package.json.bak"));
    }
}
