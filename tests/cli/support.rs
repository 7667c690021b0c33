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

    /// Stages everything and commits it.
    pub fn commit_all(&self, message: &str) {
        let repo = self.repo.as_ref().expect("a git TestRepo");
        let mut index = repo.index().expect("index");
        index
            .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
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
    let output = Command::cargo_bin("jwtscan")
        .expect("the jwtscan binary is built")
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("run jwtscan");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
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
