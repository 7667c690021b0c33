//! Runs rules' and sinks' examples through the scanner: each example must
//! produce its rules, no negative example may produce the owner's rule. An
//! example's files are scanned as a small repository (the memory source):
//! the repository rules run, so committed tokens are cracked (JWT205) and
//! keys compared across services (JWT604).
//! All failures are collected and reported together, as Missing or Noisy,
//! each with the line of its rule file. `cargo test` runs the built-in
//! files' examples; `jwtscan rules --test FILE` runs a user's.

use crate::config::Policy;
use crate::detect::repo::crack;
use crate::detect::{self, Detector};
use crate::finding::Finding;
use crate::rules::schema::Example;
use crate::rules::RuleSet;
use crate::scan::memory;
use crate::scanner::{self, Plan, Ran, Source};

/// One example with the files it is scanned as and what it must produce.
struct Case<'a> {
    owner: String,
    /// The rule file it is in.
    file: &'a str,
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
                    &rule.file,
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
                out.push(case(
                    sink.name.clone(),
                    &sink.file,
                    lang,
                    rule,
                    example,
                    negative,
                ));
            }
        }
    }
    out
}

fn case<'a>(
    owner: String,
    file: &'a str,
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
        file,
        rule: rule.map(String::from),
        files,
        expect,
        negative,
    }
}

/// The findings of `case`'s files scanned together, as a tree scan does.
fn scan(detector: &Detector<'_>, policy: &Policy, case: &Case<'_>) -> Vec<Finding> {
    let files = case
        .files
        .iter()
        .map(|(file, code)| memory::File {
            path: file.clone(),
            bytes: code.as_bytes().to_vec(),
            tracked: false,
        })
        .collect();
    let plan = Plan {
        source: Source::Memory(files),
        detect: detect::Options::default(),
        crack: crack::Mode::Full,
        threads: 1,
        rotation_days: crate::config::DEFAULT_ROTATION_DAYS,
        policy,
        max_findings_per_file: 0,
        baseline: None,
        strict: false,
    };
    match scanner::run_with(detector, &plan, super::hooks()) {
        Ok(Ran::Done(outcome)) => outcome.findings,
        _ => Vec::new(),
    }
}

/// What running examples found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub count: usize,
    /// One paragraph per failing example.
    pub failures: Vec<String>,
}

/// Runs the examples of the rules and sinks defined in `only` (a rule
/// file's name), or of all of them; `texts` are the rule files' texts, by
/// name, to point failures at their line.
pub(crate) fn run(rules: &RuleSet, only: Option<&str>, texts: &[(&str, &str)]) -> Outcome {
    let mut outcome = Outcome::default();
    let detector = Detector::new(rules, detect::Options::default());
    let policy = Policy::default();
    for case in cases(rules) {
        if only.is_some_and(|f| f != case.file) {
            continue;
        }
        outcome.count += 1;
        let mut got: Vec<String> = scan(&detector, &policy, &case)
            .into_iter()
            .map(|f| f.rule_id)
            .collect();
        got.sort();
        got.dedup();
        let failure = if case.negative {
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
            noisy.then(|| format!("Noisy   [{}] gave {got:?}", case.owner))
        } else {
            let missing: Vec<&String> = case.expect.iter().filter(|e| !got.contains(e)).collect();
            (!missing.is_empty() || case.expect.is_empty()).then(|| {
                format!(
                    "Missing [{}] wanted {:?}, gave {got:?}",
                    case.owner, case.expect
                )
            })
        };
        if let Some(what) = failure {
            let text = texts.iter().find(|(n, _)| *n == case.file).map(|(_, t)| *t);
            let line = text
                .and_then(|t| line_of(t, &case))
                .map_or(String::new(), |l| format!(":{l}"));
            outcome
                .failures
                .push(format!("{}{line}: {what}:\n{}", case.file, case.show()));
        }
    }
    outcome
}

/// The line of `case`'s first code line in its rule file, after its
/// owner's `id:` or `name:`.
fn line_of(text: &str, case: &Case<'_>) -> Option<usize> {
    let owner = text
        .find(&format!("id: {}", case.owner))
        .or_else(|| text.find(&case.owner))?;
    let first = case
        .files
        .iter()
        .flat_map(|(_, code)| code.lines())
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    let at = owner + text[owner..].find(first)?;
    Some(text[..at].matches('\n').count() + 1)
}

#[test]
fn every_example_behaves() {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let outcome = run(&rules, None, crate::rules::loader::BUILTIN);
    assert!(outcome.count > 50, "only {} examples found", outcome.count);
    assert!(
        outcome.failures.is_empty(),
        "{} of {} examples fail:\n\n{}",
        outcome.failures.len(),
        outcome.count,
        outcome.failures.join("\n")
    );
}

#[cfg(test)]
/// The languages every file rule of the issue that added tokens, keys and
/// misuse needs examples in, both ways.
const CORE_LANGUAGES: [&str; 4] = ["javascript", "python", "go", "java"];

#[cfg(test)]
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
        if rule.scope == crate::rules::schema::Scope::Repository {
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
