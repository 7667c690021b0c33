//! The GitHub Action (`action.yml`): its shape, and its shell steps run for
//! real against repositories in temp dirs, with GitHub's environment
//! simulated (GITHUB_OUTPUT, the event variables).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{have_tool, path_with_jwtscan, TestRepo, STRONG};

fn action() -> serde_yaml::Value {
    let text = include_str!("../../action.yml");
    serde_yaml::from_str(text).expect("action.yml is YAML")
}

fn step<'a>(action: &'a serde_yaml::Value, id_or_name: &str) -> &'a serde_yaml::Value {
    action["runs"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|s| s["id"].as_str() == Some(id_or_name) || s["name"].as_str() == Some(id_or_name))
        .unwrap_or_else(|| panic!("no step {id_or_name}"))
}

/// Runs a step's script in `dir` with `env`; returns its exit code and
/// what it wrote to GITHUB_OUTPUT, then to stdout.
fn run_step(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String) {
    let (code, written, _) = run_step_out(dir, script, env);
    (code, written)
}

fn run_step_out(dir: &Path, script: &str, env: &[(&str, &str)]) -> (i32, String, String) {
    let out = tempfile::NamedTempFile::new().expect("output file");
    let path = path_with_jwtscan();
    let status = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("GITHUB_OUTPUT", out.path())
        .envs(env.iter().copied())
        .output()
        .expect("run bash");
    let written = std::fs::read_to_string(out.path()).expect("read output");
    let stdout = String::from_utf8_lossy(&status.stdout).into_owned();
    (status.status.code().unwrap_or(-1), written, stdout)
}

#[test]
fn action_is_a_composite_with_the_documented_inputs() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    for input in [
        "path",
        "args",
        "format",
        "fail-on",
        "upload-sarif",
        "output",
    ] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    let upload = step(&action, "Upload SARIF");
    assert!(upload["if"]
        .as_str()
        .is_some_and(|c| c.contains("always()")));
    assert!(upload["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@")));
}

#[test]
fn the_scan_step_writes_sarif_and_reports_the_exit_code() {
    assert!(have_tool("bash"));
    let action = action();
    let script = step(&action, "scan")["run"].as_str().expect("script");
    let tree = TestRepo::plain();
    tree.write(
        "src/a.js",
        format!("jwt.sign({{ sub: 1 }}, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    let env = [
        ("CONFIG_FLAG", ""),
        ("SCAN_PATH", "."),
        ("ARGS", "--crack off --quiet"),
        ("FORMAT", "sarif"),
        ("FAIL_ON", "high"),
        ("OUTPUT", "jwtscan.sarif"),
    ];
    let (code, output) = run_step(tree.path(), script, &env);
    assert_eq!(code, 0, "the step itself never fails: {output}");
    assert!(output.contains("exit-code=1"), "{output}");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(tree.path().join("jwtscan.sarif")).expect("SARIF written"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "JWT201");
    // Annotations go to the log.
    let github = [
        ("FORMAT", "github"),
        ("FAIL_ON", "never"),
        ("ARGS", ""),
        ("CONFIG_FLAG", ""),
        ("SCAN_PATH", "."),
        ("OUTPUT", "x"),
    ];
    let (_, output, log) = run_step_out(tree.path(), script, &github);
    assert!(output.contains("exit-code=0"), "{output}");
    assert!(log.starts_with("::error file=src/a.js,line=1,"), "{log}");
}

#[test]
fn a_fork_pull_request_gets_the_base_branch_configuration() {
    if !have_tool("git") {
        return;
    }
    let action = action();
    let choose = step(&action, "config")["run"].as_str().expect("script");
    let scan = step(&action, "scan")["run"].as_str().expect("script");
    // "origin": the base branch, whose config keeps JWT201 on.
    let origin = TestRepo::git();
    origin.write(".jwtscan.yaml", "fail-on: high\n");
    origin.commit_all("base");
    let git = |dir: &Path, args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    };
    let work = tempfile::tempdir().expect("tempdir");
    let origin_url = origin.path().display().to_string();
    git(work.path(), &["clone", "--quiet", &origin_url, "pr"]);
    let pr = work.path().join("pr");
    let branch = origin
        .git2()
        .head()
        .expect("head")
        .shorthand()
        .expect("branch")
        .to_string();
    // The fork's change: a key, and a config that switches JWT201 off.
    std::fs::write(pr.join(".jwtscan.yaml"), "rules:\n  disable: [JWT201]\n").expect("write");
    std::fs::write(
        pr.join("a.js"),
        format!("jwt.sign({{ sub: 1 }}, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    )
    .expect("write");
    let event = [
        ("EVENT", "pull_request"),
        ("HEAD_REPO", "stranger/app"),
        ("REPO", "team/app"),
        ("BASE_REF", branch.as_str()),
    ];
    let (code, output) = run_step(&pr, choose, &event);
    assert_eq!(code, 0, "{output}");
    let flag = output
        .lines()
        .find_map(|l| l.strip_prefix("flag="))
        .expect("a flag")
        .to_string();
    assert!(flag.starts_with("--config-rev="), "{flag}");
    let scan_env = [
        ("CONFIG_FLAG", flag.as_str()),
        ("SCAN_PATH", "."),
        ("ARGS", ""),
        ("FORMAT", "json"),
        ("FAIL_ON", ""),
        ("OUTPUT", "report.json"),
    ];
    let (_, output) = run_step(&pr, scan, &scan_env);
    assert!(
        output.contains("exit-code=1"),
        "the fork switched JWT201 off: {output}"
    );
    // The same repository's pull request keeps its own config.
    let own = [
        ("HEAD_REPO", "team/app"),
        ("EVENT", "pull_request"),
        ("REPO", "team/app"),
        ("BASE_REF", branch.as_str()),
    ];
    let (_, output) = run_step(&pr, choose, &own);
    assert!(
        output.contains("flag=\n") || output.trim_end() == "flag=",
        "{output}"
    );
}
