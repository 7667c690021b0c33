//! The README's examples, run: a block after `<!-- readme-test: NAME -->`
//! is checked here, so the documentation cannot drift from the binary.

use std::process::Command;

use crate::support::{have_tool, path_with_jwtscan, TestRepo};

const README: &str = include_str!("../../README.md");

/// The fenced block that follows the `readme-test: name` marker.
fn block(name: &str) -> String {
    let marker = format!("<!-- readme-test: {name} -->");
    let at = README
        .find(&marker)
        .unwrap_or_else(|| panic!("README has no {marker}"));
    let rest = &README[at + marker.len()..];
    let open = rest.find("```").expect("a fenced block");
    let body = &rest[open..];
    let start = body.find('\n').expect("fence line") + 1;
    let end = body[start..].find("\n```").expect("closing fence") + start;
    format!("{}\n", &body[start..end])
}

/// The block that follows `after` (a line of the README).
fn block_after(after: &str) -> String {
    let at = README.find(after).expect("anchor");
    let rest = &README[at..];
    let open = rest.find("```").expect("a fenced block");
    let body = &rest[open..];
    let start = body.find('\n').expect("fence line") + 1;
    let end = body[start..].find("\n```").expect("closing fence") + start;
    format!("{}\n", &body[start..end])
}

/// The repository of the README's CI examples.
fn example_repo() -> TestRepo {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "src/auth.js",
        "const jwt = require('jsonwebtoken');\n\nconst token = jwt.sign({ sub: user.id }, 'myHardcodedSecret123', { expiresIn: '1h' });\n",
    );
    repo
}

#[test]
fn github_output_is_what_the_binary_prints() {
    let run = example_repo().run(&["--format", "github", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, block("github-output"));
}

#[test]
fn workflow_uses_only_the_actions_inputs() {
    let workflow: serde_yaml::Value = serde_yaml::from_str(&block("workflow")).expect("YAML");
    let action: serde_yaml::Value =
        serde_yaml::from_str(include_str!("../../action.yml")).expect("action.yml");
    let steps = workflow["jobs"]["jwtscan"]["steps"]
        .as_sequence()
        .expect("steps");
    let ours = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("jwtscan/jwtscan@"))
        })
        .expect("a step using the action");
    for (key, _) in ours["with"].as_mapping().expect("with") {
        let key = key.as_str().expect("input name");
        assert!(
            action["inputs"][key].is_mapping(),
            "action.yml has no input {key}"
        );
    }
    assert_eq!(workflow["permissions"]["security-events"], "write");
}

/// Runs each `jwtscan ...` line of a CI example in the example repository:
/// none may be a usage error.
fn commands_parse(script_lines: &[String]) {
    let repo = example_repo();
    for line in script_lines {
        let Some(args) = line.trim().strip_prefix("jwtscan ") else {
            continue;
        };
        let args: Vec<&str> = args.split_whitespace().collect();
        let run = repo.run(&args);
        assert_ne!(run.code, 2, "{line}: {}", run.stderr);
    }
}

#[test]
fn gitlab_example_commands_run() {
    let job: serde_yaml::Value = serde_yaml::from_str(&block("gitlab")).expect("YAML");
    let script: Vec<String> = job["jwtscan"]["script"]
        .as_sequence()
        .expect("script")
        .iter()
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    assert!(script.iter().any(|l| l.starts_with("jwtscan ")));
    commands_parse(&script);
}

#[test]
fn shell_example_fails_on_findings_and_keeps_the_report() {
    assert!(have_tool("bash"));
    let repo = example_repo();
    let path = path_with_jwtscan();
    let status = Command::new("bash")
        .arg("-c")
        .arg(block("shell"))
        .current_dir(repo.path())
        .env("PATH", path)
        .output()
        .expect("bash");
    assert_eq!(status.status.code(), Some(1));
    assert!(repo.path().join("jwtscan.sarif").is_file());
}

#[test]
fn config_example_is_the_complete_default() {
    let repo = example_repo();
    repo.write(".jwtscan.yaml", block("config"));
    let run = repo.run(&["config", "--print"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every key of the printed configuration is documented, and the
    // documented file changes nothing.
    let printed: serde_yaml::Value =
        serde_yaml::from_str(&run.stdout).expect("config --print is YAML");
    let documented: serde_yaml::Value = serde_yaml::from_str(&block("config")).expect("YAML");
    let keys = |v: &serde_yaml::Value| -> Vec<String> {
        let mut out = Vec::new();
        for (k, inner) in v.as_mapping().expect("mapping") {
            let k = k.as_str().expect("key").to_string();
            match inner.as_mapping() {
                Some(m) if !m.is_empty() || k == "rules" => {
                    for (k2, _) in m {
                        out.push(format!("{k}.{}", k2.as_str().expect("key")));
                    }
                }
                _ => out.push(k),
            }
        }
        out.sort();
        out
    };
    assert_eq!(keys(&printed), keys(&documented));
    let none = TestRepo::git();
    none.write(".gitignore", ".env\n.env.local\n.env.production\n");
    let defaults = none.run(&["config", "--print"]);
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&run.stdout), strip(&defaults.stdout));
}

#[test]
fn rule_example_passes_its_own_test() {
    let repo = TestRepo::git();
    repo.write("rules/tickets.yaml", block("rules"));
    let run = repo.run(&["rules", "--test", "rules/tickets.yaml"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let expected = block_after("```\n$ jwtscan rules --test rules/tickets.yaml");
    assert_eq!(
        format!("$ jwtscan rules --test rules/tickets.yaml\n{}", run.stdout),
        expected
    );
}
