//! docs/RULES.md is the rule contract; `rules/*.yaml` is what the product
//! does. This test keeps the doc's rule table and the YAML rule entries in
//! step: the same IDs, and for each the same slug, severity and practice.
//!
//! The table parsed is the first Markdown table whose header row has an
//! `ID` and a `slug` column; its `practice` column starts with the practice
//! number (`8 min length`) and its severity column is the one whose header
//! contains `severity` (`default severity`). Columns are found by header,
//! so their order may change; `\|` inside a cell is an escaped pipe.
//! A YAML rule entry is any mapping, at any depth, whose `id` is a rule ID
//! (`JWT201`); it must have `slug`, `severity` and `practice`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

const DOC: &str = "docs/RULES.md";

/// One rule as the doc or the YAML states it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    id: String,
    slug: String,
    severity: String,
    practice: u64,
    /// Where it was read: `docs/RULES.md:37`, `rules/catalog.yaml`.
    origin: String,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "slug {}, severity {}, practice {} ({})",
            self.slug, self.severity, self.practice, self.origin
        )
    }
}

/// The cells of a table row: split on unescaped `|`, trimmed, without the
/// empty cells outside the outer pipes.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    out.push(cell);
    if row.starts_with('|') {
        out.remove(0);
    }
    if row.ends_with('|') && !row.ends_with("\\|") {
        out.pop();
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_separator(row: &[String]) -> bool {
    !row.is_empty()
        && row
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// The rules of the doc's rule table. `name` is used in messages.
fn doc_rules(name: &str, markdown: &str) -> Result<Vec<Rule>, String> {
    let lines: Vec<&str> = markdown.lines().collect();
    let header_at = lines
        .iter()
        .position(|l| {
            let c = cells(l);
            l.trim_start().starts_with('|')
                && c.iter().any(|h| h == "ID")
                && c.iter().any(|h| h == "slug")
        })
        .ok_or_else(|| format!("{name}: no rule table (a table with `ID` and `slug` columns)"))?;
    let header = cells(lines[header_at]);
    let column = |want: &dyn Fn(&str) -> bool, what: &str| {
        header.iter().position(|h| want(h)).ok_or_else(|| {
            format!(
                "{name}:{}: the rule table has no {what} column",
                header_at + 1
            )
        })
    };
    let id_col = column(&|h| h == "ID", "`ID`")?;
    let slug_col = column(&|h| h == "slug", "`slug`")?;
    let practice_col = column(&|h| h.eq_ignore_ascii_case("practice"), "`practice`")?;
    let severity_col = column(&|h| h.to_ascii_lowercase().contains("severity"), "severity")?;

    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in lines.iter().enumerate().skip(header_at + 1) {
        if !line.trim_start().starts_with('|') {
            break;
        }
        let row = cells(line);
        if is_separator(&row) {
            continue;
        }
        let at = format!("{name}:{}", n + 1);
        if row.len() != header.len() {
            errors.push(format!(
                "{at}: {} cells where the header has {}",
                row.len(),
                header.len()
            ));
            continue;
        }
        let digits: String = row[practice_col]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(practice) = digits.parse::<u64>() else {
            errors.push(format!(
                "{at}: the practice cell `{}` does not start with a number",
                row[practice_col]
            ));
            continue;
        };
        rules.push(Rule {
            id: row[id_col].trim_matches('`').to_string(),
            slug: row[slug_col].trim_matches('`').to_string(),
            severity: row[severity_col].trim_matches('`').to_string(),
            practice,
            origin: at,
        });
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors.join("\n"))
    }
}

/// Whether `s` looks like a rule ID: letters, then digits (`JWT201`).
fn is_rule_id(s: &str) -> bool {
    let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
    letters > 0 && s.len() > letters && s[letters..].chars().all(|c| c.is_ascii_digit())
}

/// The rule entries of one YAML rule file. `name` is used in messages.
fn yaml_rules(name: &str, text: &str) -> Result<Vec<Rule>, String> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("{name}: not YAML: {e}"))?;
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_yaml::Value::Mapping(map) => {
                if let Some(id) = map
                    .get("id")
                    .and_then(|id| id.as_str())
                    .filter(|id| is_rule_id(id))
                {
                    let text =
                        |key: &str| map.get(key).and_then(|v| v.as_str()).map(str::to_string);
                    let practice = map.get("practice").and_then(|p| {
                        p.as_u64()
                            .or_else(|| p.as_str().and_then(|s| s.trim().parse().ok()))
                    });
                    match (text("slug"), text("severity"), practice) {
                        (Some(slug), Some(severity), Some(practice)) => rules.push(Rule {
                            id: id.to_string(),
                            slug,
                            severity,
                            practice,
                            origin: name.to_string(),
                        }),
                        _ => errors.push(format!(
                            "{name}: rule {id} lacks a string `slug`, a string `severity` or a numeric `practice`"
                        )),
                    }
                }
                stack.extend(map.values());
            }
            serde_yaml::Value::Sequence(seq) => stack.extend(seq.iter()),
            serde_yaml::Value::Tagged(tagged) => stack.push(&tagged.value),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors.join("\n"))
    }
}

/// Every disagreement between the doc's rules and the YAML's, one line each.
fn compare(doc: &[Rule], yaml: &[Rule]) -> Vec<String> {
    let mut problems = Vec::new();
    let index = |rules: &[Rule], what: &str, problems: &mut Vec<String>| {
        let mut by_id: BTreeMap<String, Rule> = BTreeMap::new();
        for r in rules {
            if let Some(first) = by_id.get(&r.id) {
                problems.push(format!(
                    "{}: listed twice in {what} ({} and {})",
                    r.id, first.origin, r.origin
                ));
            } else {
                by_id.insert(r.id.clone(), r.clone());
            }
        }
        by_id
    };
    let doc = index(doc, DOC, &mut problems);
    let yaml = index(yaml, "rules/*.yaml", &mut problems);
    for (id, y) in &yaml {
        match doc.get(id) {
            None => problems.push(format!(
                "{id}: missing from {DOC} (defined in {})",
                y.origin
            )),
            Some(d) => {
                let mut differ = Vec::new();
                if d.slug != y.slug {
                    differ.push(format!(
                        "slug `{}` in the doc, `{}` in the YAML",
                        d.slug, y.slug
                    ));
                }
                if d.severity != y.severity {
                    differ.push(format!(
                        "severity `{}` in the doc, `{}` in the YAML",
                        d.severity, y.severity
                    ));
                }
                if d.practice != y.practice {
                    differ.push(format!(
                        "practice {} in the doc, {} in the YAML",
                        d.practice, y.practice
                    ));
                }
                if !differ.is_empty() {
                    problems.push(format!(
                        "{id}: {} ({} vs {})",
                        differ.join("; "),
                        d.origin,
                        y.origin
                    ));
                }
            }
        }
    }
    for (id, d) in &doc {
        if !yaml.contains_key(id) {
            problems.push(format!(
                "{id}: missing from rules/*.yaml (listed at {})",
                d.origin
            ));
        }
    }
    problems
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// The rule entries of every `rules/*.yaml`.
fn all_yaml_rules() -> Vec<Rule> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("rules"))
        .expect("rules/")
        .map(|e| e.expect("a rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "rules/ has no YAML files");
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        let name = format!("rules/{}", path.file_name().unwrap().to_string_lossy());
        match yaml_rules(&name, &read(&name)) {
            Ok(found) => rules.extend(found),
            Err(e) => errors.push(e),
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    rules
}

#[test]
fn the_doc_lists_exactly_the_rules_of_the_yaml() {
    let yaml = all_yaml_rules();
    assert!(!yaml.is_empty(), "no rule entries found in rules/*.yaml");
    let doc = doc_rules(DOC, &read(DOC)).unwrap_or_else(|e| panic!("{e}"));
    let problems = compare(&doc, &yaml);
    assert!(
        problems.is_empty(),
        "{DOC} and rules/*.yaml disagree ({} problem{}; the YAML is the product's behaviour, fix the doc):\n  - {}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        problems.join("\n  - ")
    );
}

/// The check can fail: a doc edited out of step with the YAML is caught,
/// rule by rule (run on an altered copy; the real files are not touched).
#[test]
fn a_doc_out_of_step_with_the_yaml_is_caught() {
    let yaml = all_yaml_rules();
    let real = read(DOC);
    assert!(compare(&doc_rules(DOC, &real).unwrap(), &yaml).is_empty());

    let row = |id: &str| {
        real.lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("{DOC} has no row for {id}"))
            .to_string()
    };
    let (r101, r102, r103, r201) = (row("JWT101"), row("JWT102"), row("JWT103"), row("JWT201"));
    let altered = real
        // A renamed slug.
        .replacen(
            &r101,
            &r101.replacen("| weak-secret |", "| weak-key |", 1),
            1,
        )
        // A wrong severity (the last cell) and practice.
        .replacen(
            &r102,
            &r102
                .replacen("| 8 min length |", "| 1 strong key |", 1)
                .replacen("| medium |", "| low |", 1),
            1,
        )
        // A rule dropped, a rule that does not exist, a rule twice.
        .replacen(&format!("{r103}\n"), "", 1)
        .replacen(
            &format!("{r201}\n"),
            &format!("{r201}\n{r201}\n| JWT999 | made-up | 9 none | nothing | low |\n"),
            1,
        );
    let problems = compare(&doc_rules("altered", &altered).unwrap(), &yaml);
    assert!(
        has_in(
            &problems,
            &["JWT101", "slug `weak-key` in the doc, `weak-secret`"]
        ),
        "{problems:#?}"
    );
    assert!(
        has_in(
            &problems,
            &[
                "JWT102",
                "severity `low` in the doc, `medium`",
                "practice 1 in the doc, 8"
            ]
        ),
        "{problems:#?}"
    );
    assert!(
        has_in(&problems, &["JWT103", "missing from docs/RULES.md"]),
        "{problems:#?}"
    );
    assert!(
        has_in(&problems, &["JWT999", "missing from rules/*.yaml"]),
        "{problems:#?}"
    );
    assert!(
        has_in(&problems, &["JWT201", "listed twice"]),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 5, "{problems:#?}");

    // The YAML side: a rule whose practice the YAML changes, and an entry
    // without a slug.
    let drifted = yaml_rules(
        "drifted.yaml",
        "rules:\n  - id: JWT101\n    slug: weak-secret\n    severity: high\n    practice: 2\n",
    )
    .unwrap();
    let doc = doc_rules(DOC, &real).unwrap();
    let problems = compare(&doc, &drifted);
    assert!(
        has_in(
            &problems,
            &["JWT101", "practice 1 in the doc, 2 in the YAML"]
        ),
        "{problems:#?}"
    );
    assert!(
        has_in(&problems, &["JWT102", "missing from rules/*.yaml"]),
        "{problems:#?}"
    );
    let broken = yaml_rules(
        "broken.yaml",
        "rules:\n  - id: JWT101\n    severity: high\n    practice: 1\n",
    );
    assert!(broken.unwrap_err().contains("JWT101 lacks"));
}

fn has_in(problems: &[String], needle: &[&str]) -> bool {
    problems
        .iter()
        .any(|p| needle.iter().all(|n| p.contains(n)))
}

#[test]
fn table_cells_keep_escaped_pipes() {
    assert_eq!(
        cells(r#"| JWT201 | hardcoded-secret | 2 x | `a \|\| "dev"` | high |"#),
        [
            "JWT201",
            "hardcoded-secret",
            "2 x",
            r#"`a || "dev"`"#,
            "high"
        ]
    );
    assert!(is_separator(&cells("|---|:--:|---|")));
    assert!(
        is_rule_id("JWT201") && !is_rule_id("JWT") && !is_rule_id("201") && !is_rule_id("rust")
    );
}
