//! Runs every rule's and sink's examples through the full detector: each
//! example must produce its rules, no negative example may produce the
//! owner's rule. An example's files are scanned as a small repository:
//! committed tokens are cracked (JWT205) and keys compared across services
//! (JWT604). All failures are collected and reported together, as Missing
//! or Noisy.

use super::schema::Example;
use super::RuleSet;
use crate::detect;
use crate::report::Finding;

/// One example with the files it is scanned as and what it must produce.
struct Case<'a> {
    owner: String,
    /// The owner's rule: what a negative example must not produce.
    rule: Option<String>,
    files: Vec<(String, &'a str)>,
    expect: Vec<String>,
    negative: bool,
}

impl Case<'_> {
    fn show(&self) -> String {
        self.files
            .iter()
            .map(|(file, code)| format!("--- {file}\n{code}"))
            .collect()
    }
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
    let (files, expect) = match example {
        Example::Code(code) => (vec![(default_file.to_string(), code.as_str())], Vec::new()),
        Example::File(f) => (vec![(f.file.clone(), f.code.as_str())], f.expect.clone()),
        Example::Files(f) => (
            f.files
                .iter()
                .map(|e| (e.file.clone(), e.code.as_str()))
                .collect(),
            f.expect.clone(),
        ),
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
        files,
        expect,
        negative,
    }
}

/// The findings of `case`'s files scanned together, as a tree scan does.
fn scan(rules: &RuleSet, case: &Case<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut env_keys = Vec::new();
    let mut manifests = Vec::new();
    for (file, code) in &case.files {
        let result = detect::scan(rules, file, code.as_bytes());
        findings.extend(result.findings);
        env_keys.extend(result.env_keys);
        if crate::scan::services::is_manifest(file) {
            manifests.push(file.clone());
        }
    }
    let shared = crate::scan::services::shared_keys(rules, &findings, &env_keys, &manifests);
    findings.extend(shared);
    crate::crack::run(rules, &mut findings, crate::crack::Mode::Full, 1);
    findings
}

#[test]
fn every_example_behaves() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases(&rules) {
        count += 1;
        let mut got: Vec<String> = scan(&rules, &case).into_iter().map(|f| f.rule_id).collect();
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
                    "Noisy  [{}] gave {got:?}:\n{}",
                    case.owner,
                    case.show()
                ));
            }
        } else {
            let missing: Vec<&String> = case.expect.iter().filter(|e| !got.contains(e)).collect();
            if !missing.is_empty() || case.expect.is_empty() {
                failures.push(format!(
                    "Missing [{}] wanted {:?}, gave {got:?}:\n{}",
                    case.owner,
                    case.expect,
                    case.show()
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

/// The languages every file rule of the issue that added tokens, keys and
/// misuse needs examples in, both ways.
const CORE_LANGUAGES: [&str; 4] = ["javascript", "python", "go", "java"];

/// Rules found in source code, whose examples must cover `CORE_LANGUAGES`.
const CODE_RULES: [&str; 13] = [
    "JWT101", "JWT102", "JWT103", "JWT201", "JWT203", "JWT204", "JWT205", "JWT601", "JWT602",
    "JWT603", "JWT604", "JWT701", "JWT702",
];

#[test]
fn code_rules_have_examples_in_every_core_language() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut have: std::collections::BTreeSet<(String, &str, bool)> = Default::default();
    for case in cases(&rules) {
        let owned: Vec<String> = if case.negative {
            case.rule.iter().cloned().collect()
        } else {
            case.expect.clone()
        };
        for (file, _) in &case.files {
            let Some(lang) = rules.language_of(file) else {
                continue;
            };
            let lang = rules.languages[lang].name.as_str();
            for rule in &owned {
                have.insert((rule.clone(), lang, case.negative));
            }
        }
    }
    let mut missing = Vec::new();
    for rule in CODE_RULES {
        for lang in CORE_LANGUAGES {
            for negative in [false, true] {
                if !have.contains(&(rule.to_string(), lang, negative)) {
                    let kind = if negative { "negative" } else { "positive" };
                    missing.push(format!("{rule} {lang} {kind}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no example for:\n{}",
        missing.join("\n")
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
