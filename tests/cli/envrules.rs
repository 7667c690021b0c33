//! The `.env` practices on real repositories: JWT301 against
//! `git check-ignore`, JWT302 for tracked-and-ignored files, JWT303,
//! JWT401 across environments' files, `jwtscan fix` and `jwtscan keygen`.

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine;

use crate::support::{have_tool, parse, run_in, TestRepo, STRONG};

/// Paths with findings of `rule`.
fn paths_of(report: &serde_json::Value, rule: &str) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

/// Whether `git check-ignore` says git ignores `path`.
fn git_ignores(dir: &Path, path: &str) -> bool {
    let status = std::process::Command::new("git")
        .args(["check-ignore", "-q", "--", path])
        .current_dir(dir)
        .status()
        .expect("git check-ignore");
    match status.code() {
        Some(0) => true,
        Some(1) => false,
        other => panic!("git check-ignore {path}: {other:?}"),
    }
}

/// A layout that uses every ignore source git has.
fn tricky_layout(repo: &TestRepo, global_excludes: &Path) -> Vec<&'static str> {
    repo.write(".gitignore", ".env\n.env.*\n!.env.staging\n");
    repo.write("api/.gitignore", "!.env\n");
    repo.write("deep/a/.gitignore", "!b/.env\n");
    repo.write(".git/info/exclude", "/svc/*.env\n");
    std::fs::write(global_excludes, "prod.env\n").expect("global excludes");
    repo.git2()
        .config()
        .expect("config")
        .set_str("core.excludesFile", &global_excludes.display().to_string())
        .expect("set excludesFile");
    let files = vec![
        ".env",
        ".env.staging",
        ".env.production",
        "api/.env",
        "api/.env.test",
        "web/.env.local",
        "svc/app.env",
        "tools/prod.env",
        "lib/dev.env",
        "deep/a/b/.env",
        "deep/c/.env",
    ];
    for f in &files {
        repo.write(f, "PORT=3000\n");
    }
    // No values: not worth a finding, ignored or not.
    repo.write("empty/.env", "# nothing yet\nJWT_SECRET=\n");
    files
}

#[test]
fn env_not_ignored_agrees_with_git_check_ignore() {
    if !have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    let excludes = tempfile::NamedTempFile::new().expect("temp file");
    let files = tricky_layout(&repo, excludes.path());
    let report = repo.json(&[]);
    let reported = paths_of(&report, "JWT301");
    let by_git: BTreeSet<String> = files
        .iter()
        .filter(|f| !git_ignores(repo.path(), f))
        .map(|f| f.to_string())
        .collect();
    assert_eq!(reported, by_git);
    // And the layout really exercises each source: negations (root and
    // nested), info/exclude and the global excludes file.
    let expected: BTreeSet<String> = [".env.staging", "api/.env", "deep/a/b/.env", "lib/dev.env"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(reported, expected);
    // The root ignores .env and .env.* already: no JWT303.
    assert!(paths_of(&report, "JWT303").is_empty());
}

#[test]
fn tracked_env_file_is_env_tracked_even_when_ignored_now() {
    let repo = TestRepo::git();
    repo.write(".env", format!("JWT_SECRET={STRONG}\n"));
    repo.stage(".env");
    repo.commit_index("oops", None);
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    let report = repo.json(&[]);
    assert_eq!(
        paths_of(&report, "JWT302"),
        BTreeSet::from([".env".to_string()])
    );
    assert!(
        paths_of(&report, "JWT301").is_empty(),
        "tracked is JWT302, not JWT301"
    );
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "JWT302")
        .expect("JWT302");
    assert_eq!(finding["severity"], "high");
    assert!(finding["message"]
        .as_str()
        .expect("message")
        .contains("git rm --cached .env"));
    // Nothing of the key in any output.
    let text = repo.run(&["--fail-on", "never"]);
    assert!(!text.stdout.contains(STRONG), "{}", text.stdout);
    let fix = repo.run(&["fix"]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    assert!(
        fix.stdout.contains("git rm --cached -- .env"),
        "{}",
        fix.stdout
    );
    assert!(repo.path().join(".env").exists(), "fix never deletes");
    assert!(
        repo.git2()
            .index()
            .expect("index")
            .get_path(Path::new(".env"), 0)
            .is_some(),
        "fix never untracks"
    );
}

#[test]
fn templates_are_not_env_files_unless_they_hold_a_real_key() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(".env.example", "JWT_SECRET=<your-secret>\nPORT=3000\n");
    repo.write("api/.env.sample", format!("JWT_SECRET={STRONG}\n"));
    let report = repo.json(&[]);
    assert!(paths_of(&report, "JWT301").is_empty());
    assert_eq!(
        paths_of(&report, "JWT202"),
        BTreeSet::from(["api/.env.sample".to_string()])
    );
}

#[test]
fn missing_root_ignores_are_one_low_finding_on_gitignore() {
    let repo = TestRepo::git();
    repo.write("src/app.js", "console.log(1);\n");
    let report = repo.json(&[]);
    let findings: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule_id"], "JWT303");
    assert_eq!(findings[0]["path"], ".gitignore");
    assert_eq!(findings[0]["line"], 1);
    assert_eq!(findings[0]["severity"], "low");
    // A subdirectory scan is not about the root's rules.
    assert!(repo.json(&["src"])["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    // Outside a repository the .env rules do not run, and the summary says so.
    let plain = TestRepo::plain();
    plain.write(".env", "PORT=1\n");
    let run = plain.run(&["--fail-on", "never"]);
    assert!(
        run.stdout
            .contains(".env rules skipped (not a git work tree)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        parse(&plain.run(&["--format", "json"]))["summary"]["env_rules_skipped"],
        true
    );
}

#[test]
fn one_key_in_two_environments_is_reported_on_both_files() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.*\n");
    let key = |c: char| format!("kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uE{c}");
    let pairs: Vec<(String, String, String)> = vec![
        (
            "p1/.env.development".into(),
            "p1/.env.production".into(),
            format!("JWT_SECRET={}\n", key('A')),
        ),
        (
            "p2/.env.staging".into(),
            "p2/.env.production".into(),
            format!("JWT_SECRET={}\n", key('B')),
        ),
        (
            "src/main/resources/application-dev.yml".into(),
            "src/main/resources/application-prod.yml".into(),
            format!("jwt:\n  secret: {}\n", key('C')),
        ),
        (
            "appsettings.Development.json".into(),
            "appsettings.Production.json".into(),
            format!("{{\"Jwt\": {{\"Key\": \"{}\"}}}}\n", key('D')),
        ),
        (
            "config/development.json".into(),
            "config/production.json".into(),
            format!("{{\"jwt\": {{\"secret\": \"{}\"}}}}\n", key('E')),
        ),
        (
            "docker-compose.override.yml".into(),
            "docker-compose.prod.yml".into(),
            format!(
                "services:\n  api:\n    environment:\n      JWT_SECRET: {}\n",
                key('F')
            ),
        ),
    ];
    let mut expected = BTreeSet::new();
    for (a, b, content) in &pairs {
        repo.write(a, content);
        repo.write(b, content);
        expected.insert(a.clone());
        expected.insert(b.clone());
    }
    // Two different keys: not shared. Development and test may share one.
    repo.write("p3/.env.development", format!("JWT_SECRET={}\n", key('G')));
    repo.write("p3/.env.production", format!("JWT_SECRET={}\n", key('H')));
    repo.write("p4/.env.development", format!("JWT_SECRET={}\n", key('I')));
    repo.write("p4/.env.test", format!("JWT_SECRET={}\n", key('I')));
    let report = repo.json(&[]);
    assert_eq!(paths_of(&report, "JWT401"), expected);
    for f in report["findings"].as_array().expect("findings") {
        if f["rule_id"] == "JWT401" {
            assert_eq!(f["severity"], "medium");
            assert!(f["secret"].is_null(), "values are never shown: {f}");
            let message = f["message"].as_str().expect("message");
            assert!(
                message.contains("production") || message.contains("staging"),
                "{message}"
            );
        }
    }
    let shown = repo.run(&["--fail-on", "never", "--show-secrets"]);
    assert!(!shown.stdout.contains("uEA"), "JWT401 never prints the key");
}

fn gitignore(repo: &TestRepo) -> Vec<u8> {
    std::fs::read(repo.path().join(".gitignore")).expect("read .gitignore")
}

#[test]
fn fix_appends_what_is_missing_once_and_keeps_the_file() {
    if !have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    repo.write(".gitignore", "dist/\r\nnode_modules/");
    repo.write(".env", "JWT_SECRET=x\n");
    repo.write("deploy/app.env", "A=1\n");
    repo.write(".env.example", "JWT_SECRET=<secret>\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            repo.path().join(".gitignore"),
            std::fs::Permissions::from_mode(0o640),
        )
        .expect("chmod");
    }
    // --dry-run shows the diff and writes nothing.
    let dry = repo.run(&["fix", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.contains("+.env.*.local"), "{}", dry.stdout);
    assert_eq!(gitignore(&repo), b"dist/\r\nnode_modules/");

    let first = repo.run(&["fix"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let after = String::from_utf8(gitignore(&repo)).expect("utf-8");
    assert_eq!(
        after,
        "dist/\r\nnode_modules/\r\n\r\n# jwtscan: env files\r\n.env\r\n.env.local\r\n.env.*.local\r\n.env.production\r\n/deploy/app.env\r\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path().join(".gitignore"))
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // Git agrees, templates stay visible, and the rules are quiet.
    for f in [
        ".env",
        ".env.local",
        ".env.production",
        ".env.development.local",
        "deploy/app.env",
    ] {
        assert!(git_ignores(repo.path(), f), "{f}");
    }
    assert!(!git_ignores(repo.path(), ".env.example"));
    let report = repo.json(&[]);
    assert!(paths_of(&report, "JWT301").is_empty());
    assert!(paths_of(&report, "JWT303").is_empty());

    // Idempotent: a second run changes nothing and says so.
    let second = repo.run(&["fix"]);
    assert_eq!(second.code, 0);
    assert!(
        second.stdout.contains("nothing to change"),
        "{}",
        second.stdout
    );
    assert_eq!(String::from_utf8(gitignore(&repo)).expect("utf-8"), after);
}

#[test]
fn fix_on_a_read_only_gitignore_fails_clearly_and_loses_nothing() {
    let repo = TestRepo::git();
    repo.write(".gitignore", "dist/\n");
    let path = repo.path().join(".gitignore");
    let mut permissions = std::fs::metadata(&path).expect("stat").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    let run = repo.run(&["fix"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(gitignore(&repo), b"dist/\n");
    let leftovers: Vec<_> = std::fs::read_dir(repo.path())
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".jwtscan-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
}

#[test]
fn fix_env_secret_writes_a_fresh_key_into_an_ignored_env() {
    let repo = TestRepo::git();
    repo.write(".env", "PORT=3000");
    let run = repo.run(&["fix", "--env-secret", "JWT_SECRET"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let env = std::fs::read_to_string(repo.path().join(".env")).expect("read .env");
    let line = env.lines().nth(1).expect("a second line");
    let key = line.strip_prefix("JWT_SECRET=").expect("the variable");
    assert_eq!(decode(key).len(), 32);
    assert!(!run.stdout.contains(key), "the key is never printed");
    assert!(env.starts_with("PORT=3000\n"));
    // Once defined, never replaced.
    let again = repo.run(&["fix", "--env-secret", "JWT_SECRET"]);
    assert!(again.stdout.contains("already set"), "{}", again.stdout);
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".env")).expect("read"),
        env
    );
}

fn decode(key: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key)
        .unwrap_or_else(|e| panic!("not base64url ({e}): {key}"))
}

#[test]
fn keygen_gives_keys_of_the_algorithms_length_never_twice() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut seen = BTreeSet::new();
    for (alg, len) in [("HS256", 32), ("HS384", 48), ("hs512", 64)] {
        for _ in 0..40 {
            let run = run_in(dir.path(), &["keygen", "--alg", alg]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let key = run.stdout.trim_end().to_string();
            assert_eq!(decode(&key).len(), len, "{alg}");
            assert!(seen.insert(key), "a key came out twice");
        }
    }
    let env = run_in(dir.path(), &["keygen", "--format", "env"]);
    let key = env
        .stdout
        .trim_end()
        .strip_prefix("JWT_SECRET=")
        .expect("env format");
    assert_eq!(decode(key).len(), 32);
    let raw = assert_cmd::Command::cargo_bin("jwtscan")
        .expect("binary")
        .args(["keygen", "--format", "raw", "--alg", "HS384"])
        .output()
        .expect("run");
    assert!(raw.status.success());
    assert_eq!(raw.stdout.len(), 48);
}

#[test]
fn fix_never_adds_a_line_that_a_deeper_gitignore_overrides() {
    let repo = TestRepo::git();
    repo.write(
        ".gitignore",
        ".env\n.env.local\n.env.*.local\n.env.production\n",
    );
    repo.write("api/.gitignore", "!.env\n");
    repo.write("api/.env", "JWT_SECRET=x\n");
    let run = repo.run(&["fix"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("api/.env stays unignored"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
    assert_eq!(
        gitignore(&repo),
        b".env\n.env.local\n.env.*.local\n.env.production\n"
    );
}
