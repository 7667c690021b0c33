//! The hooks: `jwtscan install-hook` driven through a real `git commit`, and
//! the pre-commit framework running this repository's
//! `.pre-commit-hooks.yaml`. Both need external tools; under CI a missing
//! tool fails the test.

use std::path::Path;
use std::process::Command;

use crate::support::{have_tool, path_with_jwtscan, TestRepo, STRONG};

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .env("PATH", path_with_jwtscan())
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .args(args)
        .output()
        .expect("run git")
}

#[test]
fn installed_hook_blocks_a_real_commit_and_keeps_the_previous_hook() {
    if !have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    // A hook the team already had: it must keep running.
    let hooks = repo.path().join(".git/hooks");
    std::fs::create_dir_all(&hooks).expect("hooks dir");
    std::fs::write(
        hooks.join("pre-commit"),
        "#!/bin/sh\necho previous-hook-ran >> \"$(git rev-parse --git-dir)/previous.log\"\n",
    )
    .expect("write hook");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            hooks.join("pre-commit"),
            std::fs::Permissions::from_mode(0o755),
        )
        .expect("chmod");
    }
    let run = repo.run(&["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kept as"), "{}", run.stdout);
    // Idempotent.
    let again = repo.run(&["install-hook"]);
    assert!(
        again.stdout.contains("already installed"),
        "{}",
        again.stdout
    );

    repo.write("app.js", format!("jwt.sign(p, '{STRONG}');\n"));
    assert!(git(repo.path(), &["add", "app.js"]).status.success());
    let blocked = git(repo.path(), &["commit", "-m", "add key"]);
    assert!(!blocked.status.success(), "the commit must be blocked");
    let stderr = String::from_utf8_lossy(&blocked.stderr);
    assert!(stderr.contains("commit blocked"), "{stderr}");
    assert!(
        stderr.contains("JWT201") || String::from_utf8_lossy(&blocked.stdout).contains("JWT201"),
        "{stderr}"
    );

    repo.write(
        "app.js",
        "jwt.sign(p, process.env.JWT_SECRET, { expiresIn: '1h' });\n",
    );
    assert!(git(repo.path(), &["add", "app.js"]).status.success());
    let clean = git(repo.path(), &["commit", "-m", "use env"]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    let log = std::fs::read_to_string(repo.path().join(".git/previous.log")).unwrap_or_default();
    assert!(
        log.contains("previous-hook-ran"),
        "the previous hook is chained"
    );

    let run = repo.run(&["install-hook", "--uninstall"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let restored = std::fs::read_to_string(hooks.join("pre-commit")).expect("restored");
    assert!(restored.contains("previous-hook-ran"));
    assert!(!hooks.join("pre-commit.jwtscan-previous").exists());
}

#[test]
fn install_hook_honours_core_hooks_path_and_refuses_to_clobber() {
    let repo = TestRepo::git();
    repo.git2()
        .config()
        .expect("config")
        .set_str("core.hooksPath", ".githooks")
        .expect("set");
    let run = repo.run(&["install-hook"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hook = repo.path().join(".githooks/pre-commit");
    assert!(std::fs::read_to_string(&hook)
        .expect("installed")
        .contains("--staged"));
    // A foreign hook while a saved one exists: refuse, change nothing.
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").expect("write");
    std::fs::write(
        repo.path().join(".githooks/pre-commit.jwtscan-previous"),
        "#!/bin/sh\necho older\n",
    )
    .expect("write");
    let run = repo.run(&["install-hook"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&hook).expect("kept"),
        "#!/bin/sh\necho mine\n"
    );
}

#[test]
fn pre_commit_framework_runs_the_hook() {
    if !have_tool("pre-commit") || !have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    let this_repo = env!("CARGO_MANIFEST_DIR");
    let try_repo = |args: &[&str]| {
        let mut cmd = Command::new("pre-commit");
        cmd.current_dir(repo.path())
            .env("PATH", path_with_jwtscan())
            .env("PRE_COMMIT_HOME", repo.path().join(".pre-commit-cache"))
            // pre-commit builds the hook with `cargo install`; a shared
            // target directory makes the second and later builds incremental.
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit-build"),
            )
            .args(["try-repo", this_repo, "jwtscan"])
            .args(args);
        cmd.output().expect("run pre-commit")
    };
    repo.write(".gitignore", ".pre-commit-cache/\n");
    repo.write("app.js", format!("jwt.sign(p, '{STRONG}');\n"));
    assert!(git(repo.path(), &["add", ".gitignore", "app.js"])
        .status
        .success());
    let blocked = try_repo(&[]);
    let out = String::from_utf8_lossy(&blocked.stdout);
    assert!(
        !blocked.status.success(),
        "a hardcoded key must fail the hook: {out}"
    );
    assert!(out.contains("JWT201"), "{out}");
    repo.write("app.js", "jwt.sign(p, process.env.JWT_SECRET);\n");
    assert!(git(repo.path(), &["add", "app.js"]).status.success());
    let clean = try_repo(&[]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
}
