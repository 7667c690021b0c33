//! Runs every rule's and sink's examples through the full detector: each
//! example must produce its rules, no negative example may produce the
//! owner's rule. All failures are collected and reported together, as
//! Missing or Noisy.

use super::schema::Example;
use super::RuleSet;
use crate::detect;

/// One example with the file it is scanned as and what it must produce.
struct Case<'a> {
    owner: String,
    /// The owner's rule: what a negative example must not produce.
    rule: Option<String>,
    file: String,
    code: &'a str,
    expect: Vec<String>,
    negative: bool,
}

fn cases(rules: &RuleSet) -> Vec<Case<'_>> {
    let mut out = Vec::new();
    for rule in &rules.rules {
        for (list, negative) in [(&rule.examples, false), (&rule.negative_examples, true)] {
            for example in list {
                out.push(case(
                    rule.id.clone(),
                    "app.js",
                    Some(&rule.id),
                    example,
                    negative,
                ));
            }
        }
    }
    for sink in &rules.sinks {
        let lang = (0..rules.languages.len())
            .find(|i| sink.languages & (1 << i) != 0)
            .map(|i| rules.languages[i].example_file.as_str())
            .unwrap_or("app.js");
        let rule = sink.rule.map(|r| rules.rules[r].id.as_str());
        for (list, negative) in [(&sink.examples, false), (&sink.negative_examples, true)] {
            for example in list {
                out.push(case(sink.name.clone(), lang, rule, example, negative));
            }
        }
    }
    out
}

fn case<'a>(
    owner: String,
    default_file: &str,
    rule: Option<&str>,
    example: &'a Example,
    negative: bool,
) -> Case<'a> {
    let owner_rule: Vec<String> = rule.map(String::from).into_iter().collect();
    let (file, code, expect) = match example {
        Example::Code(code) => (default_file.to_string(), code.as_str(), Vec::new()),
        Example::File(f) => (f.file.clone(), f.code.as_str(), f.expect.clone()),
    };
    // A positive example without `expect` must produce the owner's rule.
    let expect = if expect.is_empty() && !negative {
        owner_rule
    } else {
        expect
    };
    Case {
        owner,
        rule: rule.map(String::from),
        file,
        code,
        expect,
        negative,
    }
}

#[test]
fn every_example_behaves() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases(&rules) {
        count += 1;
        let result = detect::scan(&rules, &case.file, case.code.as_bytes());
        let mut got: Vec<String> = result.findings.iter().map(|f| f.rule_id.clone()).collect();
        got.sort();
        got.dedup();
        if case.negative {
            let noisy = if !case.expect.is_empty() {
                let mut want = case.expect.clone();
                want.sort();
                got != want
            } else {
                match &case.rule {
                    Some(rule) => got.contains(rule),
                    None => !got.is_empty(),
                }
            };
            if noisy {
                failures.push(format!(
                    "Noisy  [{}] {} gave {got:?}:\n{}",
                    case.owner, case.file, case.code
                ));
            }
        } else {
            let missing: Vec<&String> = case.expect.iter().filter(|e| !got.contains(e)).collect();
            if !missing.is_empty() || case.expect.is_empty() {
                failures.push(format!(
                    "Missing [{}] {} wanted {:?}, gave {got:?}:\n{}",
                    case.owner, case.file, case.expect, case.code
                ));
            }
        }
    }
    assert!(count > 50, "only {count} examples found");
    assert!(
        failures.is_empty(),
        "{} of {count} examples fail:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_and_sink_has_both_kinds_of_example() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    for rule in &rules.rules {
        if rule.scope == super::schema::Scope::Repository {
            // Found from git: tests/cli/git.rs holds their cases.
            assert!(
                rule.examples.is_empty(),
                "{}: repository rules have no file examples",
                rule.id
            );
            continue;
        }
        assert!(
            !rule.examples.is_empty() && !rule.negative_examples.is_empty(),
            "{}",
            rule.id
        );
    }
    for sink in &rules.sinks {
        assert!(
            !sink.examples.is_empty() && !sink.negative_examples.is_empty(),
            "{}",
            sink.name
        );
    }
}

#[test]
fn every_pattern_compiles() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    for sink in &rules.sinks {
        for regex in sink
            .pattern
            .iter()
            .chain(&sink.key)
            .chain(&sink.value_pattern)
            .chain(&sink.unless)
        {
            assert!(regex.get().is_some(), "{}", sink.name);
        }
    }
}
