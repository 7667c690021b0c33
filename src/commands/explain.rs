//! `jwtscan explain RULE`: a rule's description, examples and fix.

use std::io::Write;

use anyhow::Result;

use crate::rules::{self, RuleSet};
use crate::ExitStatus;

pub(crate) fn run(rules: &RuleSet, id: &str, out: &mut dyn Write) -> Result<ExitStatus> {
    let Some(rule) = rules.rule(id) else {
        anyhow::bail!("unknown rule {id:?}; `jwtscan rules` lists them");
    };
    let indent = |text: &str| -> String {
        text.trim_end()
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect()
    };
    writeln!(
        out,
        "{} {} (severity: {})",
        rule.id,
        rule.slug,
        rule.severity.as_str()
    )?;
    writeln!(
        out,
        "Practice {}: {}\n",
        rule.practice,
        rules::practice_name(rule.practice)
    )?;
    writeln!(out, "{}\n", rule.description.trim())?;
    write!(out, "Bad:\n{}\n", indent(&rule.bad))?;
    write!(out, "Good:\n{}\n", indent(&rule.good))?;
    writeln!(out, "Fix: {}", rule.fix.trim())?;
    writeln!(
        out,
        "\nThe whole catalog, severities and suppression: docs/RULES.md in jwtscan's repository."
    )?;
    if !rule.references.is_empty() {
        writeln!(out, "\nReferences:")?;
        for r in &rule.references {
            writeln!(out, "  {r}")?;
        }
    }
    Ok(ExitStatus::Clean)
}
