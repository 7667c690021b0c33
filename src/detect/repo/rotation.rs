//! Rotation (practice 5), over a history scan's findings: JWT501 for a key
//! no longer in `HEAD`'s tree (removed, but still in history: still
//! exposed), JWT502 for one still there and first committed longer ago
//! than the rotation window. Each key once, at the commit that introduced
//! it.

use std::collections::HashSet;

use super::{Context, Inventory};
use crate::finding::Finding;

/// The hash a secret is compared by (the history source holds secrets as
/// these, not in full, while it walks).
pub(crate) fn secret_hash(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// JWT501/JWT502 for the hardcoded keys among `findings` (history findings
/// carry their commit); nothing without a `HEAD` to compare with.
pub(crate) fn check(
    context: &Context<'_>,
    inventory: &Inventory,
    findings: &[Finding],
) -> Vec<Finding> {
    let Some(head) = &inventory.head else {
        return Vec::new();
    };
    let rules = context.rules;
    let now = context.now;
    let window = i64::from(context.rotation_days) * 86_400;
    let mut rotation: Vec<Finding> = Vec::new();
    let mut rotated: HashSet<&str> = HashSet::new();
    for f in findings {
        let (Some(secret), Some(info)) = (&f.secret, &f.commit) else {
            continue;
        };
        if !matches!(f.rule_id.as_str(), "JWT201" | "JWT202") || !rotated.insert(secret) {
            continue;
        }
        let rule_id = if !head.secrets.contains(&secret_hash(secret)) {
            "JWT501"
        } else if !head.shallow && now - info.time > window {
            "JWT502"
        } else {
            continue;
        };
        let Some(rule) = rules.rule(rule_id) else {
            continue;
        };
        let mut r = f.relabel(rule);
        r.message = if rule_id == "JWT501" {
            format!(
                "{}: introduced in {} on {}; rotate it",
                rule.message,
                &info.id[..12.min(info.id.len())],
                info.date
            )
        } else {
            let days = (now - info.time) / 86_400;
            format!(
                "{}: first committed {days} days ago ({}); rotate it",
                rule.message, info.date
            )
        };
        rotation.push(r);
    }
    rotation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::repo::Head;
    use crate::finding::{CommitInfo, RuleInfo, Severity};
    use crate::rules::RuleSet;

    fn key(secret: &str, time: i64) -> Finding {
        let rule = RuleInfo {
            id: "JWT201",
            slug: "hardcoded-secret",
            severity: Severity::High,
            hint: "",
        };
        let mut f = Finding::on_file(rule, "app.js").with_secret(secret);
        f.commit = Some(CommitInfo {
            id: "0123456789abcdef".into(),
            author: "a".into(),
            date: "2026-01-01T00:00:00Z".into(),
            time,
        });
        f
    }

    #[test]
    fn removed_keys_are_exposed_and_old_ones_stale() {
        let rules = RuleSet::builtin().expect("rules");
        let context = Context {
            rules: &rules,
            now: 200 * 86_400,
            rotation_days: 90,
        };
        let mut head = Head::default();
        head.secrets.insert(secret_hash("old-but-present"));
        head.secrets.insert(secret_hash("new-and-present"));
        let inventory = Inventory {
            head: Some(head),
            ..Inventory::default()
        };
        let findings = [
            key("removed", 190 * 86_400),
            key("old-but-present", 0),
            key("new-and-present", 190 * 86_400),
            key("removed", 195 * 86_400),
        ];
        let got: Vec<(String, Option<String>)> = check(&context, &inventory, &findings)
            .into_iter()
            .map(|f| (f.rule_id, f.secret))
            .collect();
        assert_eq!(
            got,
            [
                ("JWT501".to_string(), Some("removed".to_string())),
                ("JWT502".to_string(), Some("old-but-present".to_string())),
            ]
        );
        // Shallow: dates are unknown, so nothing is stale.
        let shallow = Inventory {
            head: Some(Head {
                shallow: true,
                ..inventory.head.clone().expect("head")
            }),
            ..Inventory::default()
        };
        assert_eq!(check(&context, &shallow, &findings).len(), 1);
        // No history, no rotation.
        assert!(check(&context, &Inventory::default(), &findings).is_empty());
    }
}
