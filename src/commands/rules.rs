//! `jwtscan rules`: the catalog, and `jwtscan rules --test FILE`: a rule
//! file's examples run through the scanner.

use std::io::Write;

use anyhow::Result;

use super::examples;
use crate::detect;
use crate::rules::{self, RuleSet};
use crate::ExitStatus;

/// `jwtscan rules --test FILE`: the file's examples, with the built-in
/// rules it may refer to.
pub(crate) fn test(file: &std::path::Path, out: &mut dyn Write) -> Result<ExitStatus> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let name = file.display().to_string();
    let rules = RuleSet::with_extra(&[(name.clone(), text.clone())])?;
    let outcome = examples::run(&rules, Some(&name), &[(&name, &text)]);
    if outcome.count == 0 {
        anyhow::bail!(
            "{name} has no examples: give each rule and sink `examples` and `negative_examples`"
        );
    }
    for failure in &outcome.failures {
        writeln!(out, "{failure}")?;
    }
    writeln!(
        out,
        "{name}: {} of {} examples pass",
        outcome.count - outcome.failures.len(),
        outcome.count
    )?;
    Ok(if outcome.failures.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

pub(crate) fn list(rules: &RuleSet, out: &mut dyn Write) -> Result<()> {
    let slug = rules.rules.iter().map(|r| r.slug.len()).max().unwrap_or(4) + 2;
    writeln!(
        out,
        "{:<8}{:<slug$}{:<10}PRACTICE",
        "ID", "SLUG", "SEVERITY"
    )?;
    for rule in &rules.rules {
        writeln!(
            out,
            "{:<8}{:<slug$}{:<10}{} {}",
            rule.id,
            rule.slug,
            rule.severity.as_str(),
            rule.practice,
            rules::practice_name(rule.practice)
        )?;
    }
    writeln!(
        out,
        "\n{} known public JWT secrets embedded (Wallarm jwt-secrets, MIT).",
        detect::known::count()
    )?;
    Ok(())
}
