//! Keys followed across files (JWT201, and the strength verdict JWT101-103):
//! a sink whose key is a name its file does not bind (`jwt.sign(p,
//! CONST.SECRET)`, `from config import SECRET_KEY`, `JwtParams.SECRET`,
//! `properties.getSecret()`) is matched to the literal another file of the
//! same repository binds to that name, and the finding is reported at the
//! literal, naming the use sites.
//!
//! Which definitions a reference may match, most precise first:
//! 1. the file its import names (`require('../constants')`, `from
//!    app.core.config import ...`): only those;
//! 2. Go: the same package (directory);
//! 3. the class that holds it (`JwtParams.SECRET`, or a field declared
//!    `SpJwtProperties properties`): files named after that class;
//! 4. otherwise a distinctive name (`JWT_SECRET`, not `secret`) bound
//!    nowhere in the repository's language group to anything but literals.
//!
//! An import that names a file the scan did not see (a package) matches
//! nothing: precision first.

use std::collections::{HashMap, HashSet};

use super::{Context, Inventory};
use crate::detect::keyref::{self, KeyDef, KeyRef};
use crate::detect::strength;
use crate::finding::Finding;

/// How many use sites a message names before "and N more".
const SITES_NAMED: usize = 3;

pub(crate) fn check(
    context: &Context<'_>,
    inventory: &Inventory,
    findings: &[Finding],
) -> Vec<Finding> {
    if inventory.key_refs.is_empty() {
        return Vec::new();
    }
    let rules = context.rules;
    // Definitions by (group, lowercased name): a getter's field matches
    // whatever its case.
    let mut by_name: HashMap<(&str, String), Vec<(&str, &KeyDef)>> = HashMap::new();
    for (path, def) in &inventory.key_defs {
        by_name
            .entry((def.group, def.name.to_ascii_lowercase()))
            .or_default()
            .push((path.as_str(), def));
    }
    // The uses of each matched definition (its name key and index), in
    // the order first met; an index into `uses` per definition.
    type Key<'a> = (&'a str, String, usize);
    let mut uses: Vec<(Key<'_>, Vec<(&str, &KeyRef)>)> = Vec::new();
    let mut slot: HashMap<Key<'_>, usize> = HashMap::new();
    for (ref_path, r) in &inventory.key_refs {
        let name_key = (r.group, r.name.to_ascii_lowercase());
        let Some(all) = by_name.get(&name_key) else {
            continue;
        };
        let repository = inventory.repository_of(ref_path);
        let named: Vec<(usize, &(&str, &KeyDef))> = all
            .iter()
            .enumerate()
            .filter(|(_, (p, d))| {
                *p != ref_path.as_str()
                    && inventory.repository_of(p) == repository
                    && (r.any_case || d.name == r.name)
            })
            .collect();
        for index in matches(r, ref_path, &named) {
            let key = (name_key.0, name_key.1.clone(), index);
            let at = *slot.entry(key.clone()).or_insert_with(|| {
                uses.push((key, Vec::new()));
                uses.len() - 1
            });
            uses[at].1.push((ref_path.as_str(), r));
        }
    }
    // What the per-file rules already reported there (the definition's
    // own file may have a sink too).
    let mut reported: HashSet<(String, String, usize, usize)> = findings
        .iter()
        .map(|f| (f.rule_id.clone(), f.path.clone(), f.line, f.column))
        .collect();
    let mut out = Vec::new();
    for ((group, name, index), mut refs) in uses {
        // The sources' threads give references in any order.
        refs.sort_by(|a, b| (a.0, a.1.line).cmp(&(b.0, b.1.line)));
        let (_, def) = by_name[&(group, name)][index];
        let Some(base) = &def.finding else {
            continue;
        };
        let Some(value) = base.secret.as_deref() else {
            continue;
        };
        let mut report = |f: Finding| {
            if reported.insert((f.rule_id.clone(), f.path.clone(), f.line, f.column)) {
                out.push(f);
            }
        };
        let sink = &rules.sinks[refs[0].1.sink];
        if let Some(rule) = sink.rule.map(|i| &rules.rules[i]) {
            let message = format!(
                "{} ({}); used as the key at {}",
                rule.message,
                sink.name,
                sites(&refs)
            );
            report(base.relabel(rule).with_message(message));
        }
        let alg = refs.iter().find_map(|(_, r)| r.alg);
        if let Some(weak) = strength::assess(value, alg) {
            if let Some(rule) = rules.rule(weak.rule_id()) {
                let message = format!("{}: {}", def.name, weak.describe());
                report(base.relabel(rule).with_message(message));
            }
        }
    }
    out
}

/// The definitions `r` matches among those of its name, by index.
fn matches(r: &KeyRef, ref_path: &str, named: &[(usize, &(&str, &KeyDef))]) -> Vec<usize> {
    let pick = |keep: &dyn Fn(&str) -> bool| -> Vec<(usize, bool)> {
        named
            .iter()
            .filter(|(_, (p, _))| keep(p))
            .map(|(i, (_, d))| (*i, d.literal))
            .collect()
    };
    // A name also bound to an env read or a call there is not known to be
    // the literal.
    let literal_only = |found: Vec<(usize, bool)>| -> Vec<usize> {
        if found.iter().all(|(_, literal)| *literal) {
            found.into_iter().map(|(i, _)| i).collect()
        } else {
            Vec::new()
        }
    };
    if !r.modules.is_empty() {
        // The imported file: each literal binding of the name there.
        return pick(&|p| r.modules.iter().any(|m| keyref::is_module(p, m)))
            .into_iter()
            .filter_map(|(i, literal)| literal.then_some(i))
            .collect();
    }
    let dir = |p: &str| p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    if r.group == "go" {
        let here = dir(ref_path);
        return literal_only(pick(&|p| dir(p) == here));
    }
    if let Some(class) = &r.class {
        let stem_is = |p: &str| {
            let file = p.rsplit('/').next().unwrap_or(p);
            file.split('.').next() == Some(class.as_str())
        };
        return literal_only(pick(&stem_is));
    }
    if r.qualifier.is_some() || !keyref::distinctive(&r.name) {
        return Vec::new();
    }
    literal_only(pick(&|_| true))
}

/// `src/a.js:12, src/b.js:40 and 2 more`.
fn sites(refs: &[(&str, &KeyRef)]) -> String {
    let mut named: Vec<String> = Vec::new();
    for (path, r) in refs {
        let site = format!("{}:{}", crate::text::escape_control(path), r.line);
        if !named.contains(&site) {
            named.push(site);
        }
    }
    let more = named.len().saturating_sub(SITES_NAMED);
    named.truncate(SITES_NAMED);
    let mut text = named.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}
