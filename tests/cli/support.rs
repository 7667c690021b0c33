//! Helpers: temp trees, real git repositories (git2), and running the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A directory in a temp dir, optionally a real git repository.
pub struct TestRepo {
    pub dir: TempDir,
    repo: Option<git2::Repository>,
}

impl TestRepo {
    /// A plain directory, not a repository.
    pub fn plain() -> TestRepo {
        TestRepo {
            dir: TempDir::new().expect("temp dir"),
            repo: None,
        }
    }

    /// A fresh `git init` repository.
    pub fn git() -> TestRepo {
        let dir = TempDir::new().expect("temp dir");
        let repo = git2::Repository::init(dir.path()).expect("git init");
        let mut config = repo.config().expect("repo config");
        config.set_str("user.name", "Test").expect("set name");
        config
            .set_str("user.email", "test@example.com")
            .expect("set email");
        TestRepo {
            dir,
            repo: Some(repo),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating its directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&path, content).expect("write file");
        path
    }

    /// The full id of the commit `HEAD` names.
    pub fn head_id(&self) -> String {
        self.git2()
            .head()
            .expect("head")
            .target()
            .expect("oid")
            .to_string()
    }

    /// The git2 handle.
    pub fn git2(&self) -> &git2::Repository {
        self.repo.as_ref().expect("a git TestRepo")
    }

    /// Stages one path as it is in the working tree (or its removal).
    pub fn stage(&self, rel: &str) {
        let mut index = self.git2().index().expect("index");
        if self.path().join(rel).exists() {
            index.add_path(Path::new(rel)).expect("add path");
        } else {
            index.remove_path(Path::new(rel)).expect("remove path");
        }
        index.write().expect("write index");
    }

    /// Commits the index as it is, dated `secs` after the epoch (or now).
    pub fn commit_index(&self, message: &str, secs: Option<i64>) -> String {
        let repo = self.git2();
        let mut index = repo.index().expect("index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = repo.find_tree(tree_id).expect("tree");
        let sig = match secs {
            Some(s) => git2::Signature::new("Test", "test@example.com", &git2::Time::new(s, 0))
                .expect("sig"),
            None => repo.signature().expect("signature"),
        };
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .expect("commit")
            .to_string()
    }

    /// Stages everything and commits it.
    pub fn commit_all(&self, message: &str) {
        self.commit_matching(message, |_| true);
    }

    /// Stages the files `keep` accepts (by relative path) and commits.
    pub fn commit_matching(&self, message: &str, keep: impl Fn(&str) -> bool) {
        let repo = self.repo.as_ref().expect("a git TestRepo");
        let mut index = repo.index().expect("index");
        let mut filter = |path: &Path, _: &[u8]| -> i32 {
            if keep(&path.to_string_lossy()) {
                0
            } else {
                1
            }
        };
        index
            .add_all(
                ["*"].iter(),
                git2::IndexAddOption::DEFAULT,
                Some(&mut filter),
            )
            .expect("add all");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = repo.find_tree(tree_id).expect("tree");
        let sig = repo.signature().expect("signature");
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .expect("commit");
    }

    /// Runs `jwtscan ARGS` in the repo directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs `jwtscan --format json --fail-on never ARGS` and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--format", "json", "--fail-on", "never"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "stderr: {}", run.stderr);
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", run.stdout))
    }
}

/// What a run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Runs `jwtscan ARGS` in `dir` with extra environment variables.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::cargo_bin("jwtscan").expect("the jwtscan binary is built");
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GIT_INDEX_FILE")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("run jwtscan");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// PATH with the built `jwtscan` first, for scripts that call it by name
/// (hooks, the Action's steps, the README's shell example).
pub fn path_with_jwtscan() -> String {
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    format!(
        "{}:{}",
        bin.parent().expect("the binary has a directory").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Parses a JSON report.
pub fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {} {}", run.stdout, run.stderr))
}

/// Whether the tests run as root (file permissions do not bind root, so
/// the hardening tests also drop to `nobody`).
pub fn is_root() -> bool {
    // The effective uid from /proc: no libc needed.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

/// Whether an external tool is on PATH. Under CI (`CI=true`) a missing tool
/// is a failure, never a skip.
pub fn have_tool(name: &str) -> bool {
    let found = std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{name} is required under CI (`.ci/run` installs it)");
    }
    if !found {
        eprintln!("skipping: {name} is not installed");
    }
    found
}

/// `(path, line, rule_id)` of every finding, sorted.
pub fn triples(report: &Value) -> Vec<(String, u64, String)> {
    let mut out: Vec<(String, u64, String)> = report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["line"].as_u64().expect("line"),
                f["rule_id"].as_str().expect("rule_id").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A strong random key that is in no list.
pub const STRONG: &str = "kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uEa";
