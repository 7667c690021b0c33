//! JWT604 hmac-secret-shared-across-services: one HMAC key in two or more
//! services of a repository. A service is the directory of a build
//! manifest (`package.json`, `go.mod`, `pom.xml`, `pyproject.toml` ...); a
//! file belongs to the deepest one above it. Every service holding the key
//! can mint tokens the others accept: verifiers should get a public key
//! (RS256/ES256) instead.

use std::collections::{BTreeSet, HashMap};

use crate::detect;
use crate::report::Finding;
use crate::rules::RuleSet;

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

/// The JWT604 findings for `findings`, given the manifests' paths.
pub(crate) fn shared_keys(
    rules: &RuleSet,
    findings: &[Finding],
    manifests: &[String],
) -> Vec<Finding> {
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
    let service_of = |path: &str| -> Option<&str> {
        roots
            .iter()
            .filter(|r| r.is_empty() || path.starts_with(&format!("{r}/")))
            .max_by_key(|r| r.len())
            .copied()
    };
    // Key value -> the keys' findings and their services.
    let mut by_key: HashMap<&str, Vec<(&Finding, &str)>> = HashMap::new();
    for f in findings {
        if !matches!(f.rule_id.as_str(), "JWT201" | "JWT202") {
            continue;
        }
        let (Some(secret), Some(service)) = (f.secret.as_deref(), service_of(&f.path)) else {
            continue;
        };
        by_key.entry(secret).or_default().push((f, service));
    }
    let mut out = Vec::new();
    for places in by_key.values() {
        let services: BTreeSet<&str> = places.iter().map(|(_, s)| *s).collect();
        if services.len() < 2 {
            continue;
        }
        let names: Vec<String> = services
            .iter()
            .map(|s| {
                if s.is_empty() {
                    "(root)".to_string()
                } else {
                    crate::report::redact::escape_control(s)
                }
            })
            .collect();
        for (f, _) in places {
            let mut shared = (*f).clone();
            shared.rule_id.clone_from(&rule.id);
            shared.slug.clone_from(&rule.slug);
            shared.severity = rule.severity;
            shared.hint.clone_from(&rule.hint);
            shared.message = format!(
                "{}: the same key is in {} services ({}); each can mint tokens the others accept",
                rule.message,
                services.len(),
                names.join(", ")
            );
            shared.fingerprint =
                detect::fingerprint(&rule.id, &f.path, f.secret.as_deref().unwrap_or(""));
            out.push(shared);
        }
    }
    out
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
