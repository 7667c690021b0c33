//! Git modes on real repositories: `--staged` (index against HEAD, blobs
//! from the object database), `--diff BASE`, `--history` with the rotation
//! rules, and JWT302 env-tracked.

use crate::support::{parse, run_in, run_with_env, triples, TestRepo, STRONG};

const OTHER: &str = "Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj";

fn staged(repo: &TestRepo, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--staged", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let run = repo.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    parse(&run)
}

#[test]
fn staged_works_before_the_first_commit() {
    let repo = TestRepo::git();
    repo.write("app.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("app.js");
    let report = staged(&repo, &[]);
    assert_eq!(
        triples(&report),
        vec![("app.js".into(), 1, "JWT201".into())]
    );
    assert_eq!(report["summary"]["scanned"], "staged files");
    assert_eq!(report["summary"]["files_scanned"], 1);
    assert_eq!(repo.run(&["--staged"]).code, 1);
}

#[test]
fn staged_content_is_judged_not_the_working_tree() {
    let repo = TestRepo::git();
    repo.write("README.md", "x\n");
    repo.commit_all("init");
    // Staged clean, then edited dirty: the commit would be clean.
    repo.write("app.js", "jwt.sign(p, process.env.JWT_SECRET);\n");
    repo.stage("app.js");
    repo.write("app.js", format!("jwt.sign(p, '{STRONG}');\n"));
    assert!(triples(&staged(&repo, &[])).is_empty());
    // Staged dirty, then cleaned: the commit would hold the key.
    repo.stage("app.js");
    repo.write("app.js", "jwt.sign(p, process.env.JWT_SECRET);\n");
    assert_eq!(
        triples(&staged(&repo, &[])),
        vec![("app.js".into(), 1, "JWT201".into())]
    );
}

#[test]
fn staged_reports_changed_lines_and_new_uses_of_old_constants() {
    let repo = TestRepo::git();
    repo.write(
        "auth.js",
        format!(
            "const OLD = '{STRONG}';\nconst KEY = '{OTHER}';\nexport const a = jwt.sign(p, OLD);\n"
        ),
    );
    repo.commit_all("init");
    // An unrelated change in the same file: the old finding does not block.
    repo.write(
        "auth.js",
        format!("const OLD = '{STRONG}';\nconst KEY = '{OTHER}';\nexport const a = jwt.sign(p, OLD);\nexport const b = 1;\n"),
    );
    repo.stage("auth.js");
    assert!(triples(&staged(&repo, &[])).is_empty());
    let all = triples(&staged(&repo, &["--all-lines"]));
    assert_eq!(all, vec![("auth.js".into(), 1, "JWT201".into())]);
    // A new sink using an old constant: reported at the constant.
    repo.write(
        "auth.js",
        format!("const OLD = '{STRONG}';\nconst KEY = '{OTHER}';\nexport const a = jwt.sign(p, OLD);\nexport const b = jwt.verify(t, KEY, {{ algorithms: ['HS256'] }});\n"),
    );
    repo.stage("auth.js");
    assert_eq!(
        triples(&staged(&repo, &[])),
        vec![("auth.js".into(), 2, "JWT201".into())]
    );
}

#[test]
fn a_renamed_file_is_not_all_new() {
    let repo = TestRepo::git();
    let body = format!(
        "{}jwt.sign(p, '{STRONG}');\n",
        "// padding line\n".repeat(20)
    );
    repo.write("old/auth.js", &body);
    repo.commit_all("init");
    std::fs::create_dir_all(repo.path().join("new")).expect("mkdir");
    std::fs::rename(
        repo.path().join("old/auth.js"),
        repo.path().join("new/auth.js"),
    )
    .expect("mv");
    repo.stage("old/auth.js");
    repo.stage("new/auth.js");
    assert!(
        triples(&staged(&repo, &[])).is_empty(),
        "a move adds no key"
    );
    assert_eq!(staged(&repo, &[])["summary"]["files_scanned"], 1);
}

#[test]
fn staged_honours_git_index_file_paths_and_subdirectories() {
    let repo = TestRepo::git();
    repo.write("README.md", "x\n");
    repo.commit_all("init");
    repo.write("src/a.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.write("lib/b.js", format!("jwt.sign(p, '{OTHER}');\n"));
    repo.stage("src/a.js");
    repo.stage("lib/b.js");
    // Paths narrow the scan; findings stay relative to the root.
    let sub = repo.path().join("src");
    let run = run_in(
        &sub,
        &["--staged", "--format", "json", "--fail-on", "never", "."],
    );
    assert_eq!(
        triples(&parse(&run)),
        vec![("src/a.js".into(), 1, "JWT201".into())]
    );
    let run = run_in(
        repo.path(),
        &["--staged", "--format", "json", "--fail-on", "never", "lib"],
    );
    assert_eq!(
        triples(&parse(&run)),
        vec![("lib/b.js".into(), 1, "JWT201".into())]
    );
    // Another index, as `git commit -a` and partial commits use.
    let alt = repo.path().join(".git/alt-index");
    let mut index = git2::Index::open(&alt).expect("alt index");
    index
        .read_tree(
            &repo
                .git2()
                .head()
                .expect("head")
                .peel_to_tree()
                .expect("tree"),
        )
        .expect("read tree");
    // A standalone index has no work tree to add from: add the entry.
    let oid = repo
        .git2()
        .blob(format!("jwt.encode(p, '{STRONG}')\n").as_bytes())
        .expect("blob");
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: oid,
        flags: 4,
        flags_extended: 0,
        path: b"c.py".to_vec(),
    };
    index.add(&entry).expect("add entry");
    index.write().expect("write alt index");
    let run = run_with_env(
        repo.path(),
        &["--staged", "--format", "json", "--fail-on", "never"],
        &[("GIT_INDEX_FILE", alt.to_str().expect("utf-8 path"))],
    );
    assert_eq!(
        triples(&parse(&run)),
        vec![("c.py".into(), 1, "JWT201".into())]
    );
}

#[test]
fn staged_works_in_a_linked_worktree() {
    let repo = TestRepo::git();
    repo.write("README.md", "x\n");
    repo.commit_all("init");
    let wt_dir = tempfile::TempDir::new().expect("temp dir");
    let wt_path = wt_dir.path().join("wt");
    let wt = repo
        .git2()
        .worktree("wt", &wt_path, None)
        .expect("add worktree");
    let wt_repo = git2::Repository::open_from_worktree(&wt).expect("open worktree");
    std::fs::write(
        wt_path.join("app.js"),
        format!("jwt.sign(p, '{STRONG}');\n"),
    )
    .expect("write");
    let mut index = wt_repo.index().expect("index");
    index.add_path(std::path::Path::new("app.js")).expect("add");
    index.write().expect("write");
    let run = run_in(
        &wt_path,
        &["--staged", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(
        triples(&parse(&run)),
        vec![("app.js".into(), 1, "JWT201".into())]
    );
    // The main work tree has nothing staged.
    assert!(triples(&staged(&repo, &[])).is_empty());
}

#[test]
fn staged_env_files_are_env_tracked() {
    let repo = TestRepo::git();
    repo.write(".env", "PORT=3000\nJWT_SECRET=secret\n");
    repo.write(
        ".env.production",
        "NEXT_PUBLIC_API=https://api.example.com\n",
    );
    repo.write(".env.example", "JWT_SECRET=<your-secret>\n");
    for f in [".env", ".env.production", ".env.example"] {
        repo.stage(f);
    }
    let report = staged(&repo, &[]);
    assert_eq!(
        triples(&report),
        vec![
            (".env".into(), 1, "JWT302".into()),
            (".env".into(), 2, "JWT101".into()),
            (".env.production".into(), 1, "JWT302".into()),
        ]
    );
    let severities: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "JWT302")
        .map(|f| f["severity"].as_str().expect("severity"))
        .collect();
    assert_eq!(severities, ["high", "low"]);
}

#[test]
fn staged_outside_a_repository_exits_2() {
    let tree = TestRepo::plain();
    let run = tree.run(&["--staged"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_mode_reports_what_the_branch_adds() {
    let repo = TestRepo::git();
    repo.write("old.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.commit_all("main");
    let main = repo
        .git2()
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    repo.git2()
        .branch("main-copy", &main, true)
        .expect("branch");
    repo.write("new.js", format!("jwt.sign(p, '{OTHER}');\n"));
    repo.commit_all("topic");
    let run = repo.run(&[
        "--diff",
        "main-copy",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        triples(&parse(&run)),
        vec![("new.js".into(), 1, "JWT201".into())]
    );
    assert_eq!(repo.run(&["--diff", "no-such-ref"]).code, 2);
}

fn history(repo: &TestRepo, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--history", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let run = repo.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    parse(&run)
}

fn with_commit(report: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    let mut out: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").to_string(),
                f["line"].as_u64().expect("line"),
                f["rule_id"].as_str().expect("rule").to_string(),
                f["commit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn history_reports_each_key_once_at_its_introduction_and_removed_keys_as_exposed() {
    let repo = TestRepo::git();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    // c1, 200 days ago: a key that stays (stale) and one that will go.
    repo.write("src/keep.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.write("src/gone.py", format!("jwt.encode(p, '{OTHER}')\n"));
    repo.stage("src/keep.js");
    repo.stage("src/gone.py");
    let c1 = repo.commit_index("add keys", Some(now - 200 * 86_400));
    // c2: the same blob again under another name (scanned once, not new).
    repo.write("copy/keep.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("copy/keep.js");
    repo.commit_index("copy", Some(now - 100 * 86_400));
    // c3: the second key removed.
    repo.write("src/gone.py", "jwt.encode(p, os.environ['JWT_SECRET'])\n");
    repo.stage("src/gone.py");
    repo.commit_index("use env", Some(now - 10 * 86_400));
    let report = history(&repo, &[]);
    assert_eq!(
        with_commit(&report),
        vec![
            ("src/gone.py".into(), 1, "JWT201".into(), c1.clone()),
            ("src/gone.py".into(), 1, "JWT501".into(), c1.clone()),
            ("src/keep.js".into(), 1, "JWT201".into(), c1.clone()),
            ("src/keep.js".into(), 1, "JWT502".into(), c1.clone()),
        ]
    );
    let first = &report["findings"][0];
    assert_eq!(first["author"], "Test");
    assert!(first["date"].as_str().expect("date").ends_with('Z'));
    assert_eq!(report["summary"]["commits_scanned"], 3);
    // A longer window: nothing is stale.
    let relaxed = history(&repo, &["--rotation-days", "365"]);
    assert!(!with_commit(&relaxed).iter().any(|f| f.2 == "JWT502"));
}

#[test]
fn history_covers_every_ref_and_ranges() {
    let repo = TestRepo::git();
    repo.write("README.md", "x\n");
    let base = repo.commit_index("init", None);
    let head = repo
        .git2()
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    repo.git2().branch("side", &head, false).expect("branch");
    repo.git2().set_head("refs/heads/side").expect("switch");
    repo.write("side.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("side.js");
    let side = repo.commit_index("side work", None);
    let all = with_commit(&history(&repo, &[]));
    assert!(
        all.contains(&("side.js".into(), 1, "JWT201".into(), side.clone())),
        "{all:?}"
    );
    let run = repo.run(&[
        &format!("--history={base}..{side}"),
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert!(with_commit(&parse(&run)).iter().any(|f| f.3 == side));
    let run = repo.run(&[
        "--history",
        "--since-commit",
        &side,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert!(with_commit(&parse(&run)).is_empty());
}

#[test]
fn history_reports_env_files_ever_committed() {
    let repo = TestRepo::git();
    repo.write(".env", "JWT_SECRET=kR8vT2qLx9ZmW4pN7sJc1HfY6gBd3uEa\n");
    repo.stage(".env");
    let c1 = repo.commit_index("oops", None);
    std::fs::remove_file(repo.path().join(".env")).expect("rm");
    repo.stage(".env");
    repo.write(".gitignore", ".env\n");
    repo.stage(".gitignore");
    repo.commit_index("ignore it", None);
    let report = history(&repo, &[]);
    assert_eq!(
        with_commit(&report),
        vec![(".env".into(), 1, "JWT302".into(), c1)]
    );
}

#[test]
fn tree_scan_reports_tracked_env_files_even_when_ignored_now() {
    let repo = TestRepo::git();
    repo.write(".env", "DB_PASSWORD=hunter2hunter2\n");
    repo.write(
        "web/.env.production",
        "NEXT_PUBLIC_API=https://api.example.com\n",
    );
    repo.commit_all("oops");
    repo.write(".gitignore", ".env\n");
    repo.write("local/.env", "API_TOKEN=abc123abc123\n");
    let report = repo.json(&["."]);
    let got: Vec<_> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["severity"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (".env".into(), "JWT302".into(), "high".into()),
            // The root's rules cover .env but not .env.local.
            (".gitignore".into(), "JWT303".into(), "low".into()),
            ("web/.env.production".into(), "JWT302".into(), "low".into()),
        ]
    );
    let message = report["findings"][0]["message"].as_str().expect("message");
    assert!(message.contains("git rm --cached .env"), "{message}");
}

#[test]
fn history_in_a_shallow_clone_does_not_guess_dates() {
    if !crate::support::have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    repo.write("a.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("a.js");
    repo.commit_index("old key", Some(1_500_000_000));
    repo.write("b.js", "console.log(1);\n");
    repo.stage("b.js");
    repo.commit_index("later", None);
    let clone_dir = tempfile::TempDir::new().expect("temp dir");
    let url = format!("file://{}", repo.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url, "shallow"])
        .current_dir(clone_dir.path())
        .status()
        .expect("git clone");
    assert!(status.success());
    let run = run_in(
        &clone_dir.path().join("shallow"),
        &["--history", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(!run.stderr.contains("cannot be read"), "{}", run.stderr);
    assert!(!run.stderr.contains("history stops"), "{}", run.stderr);
    let rules: Vec<String> = parse(&run)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule_id"].as_str().expect("rule").to_string())
        .collect();
    assert_eq!(rules, ["JWT201"], "no JWT502 without dates");
}

fn git_in(dir: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git");
    assert!(status.success(), "git {args:?}");
}

/// A history with a side branch merged back, a key added on each line and
/// one removed later.
fn branchy_history(repo: &TestRepo) -> (String, String) {
    repo.write("README.md", "x\n");
    repo.commit_index("init", Some(1_700_000_000));
    let base = repo
        .git2()
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    repo.git2().branch("side", &base, false).expect("branch");
    repo.write("main.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("main.js");
    let on_main = repo.commit_index("main key", Some(1_700_000_100));
    repo.git2().set_head("refs/heads/side").expect("switch");
    repo.git2()
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .expect("checkout");
    repo.write("side.py", format!("jwt.encode(p, '{OTHER}')\n"));
    repo.stage("side.py");
    let on_side = repo.commit_index("side key", Some(1_700_000_200));
    repo.write("side.py", "jwt.encode(p, os.environ['K'])\n");
    repo.stage("side.py");
    repo.commit_index("side fix", Some(1_700_000_300));
    (on_main, on_side)
}

#[test]
fn history_reads_packs_and_the_commit_graph_like_loose_objects() {
    if !crate::support::have_tool("git") {
        return;
    }
    let repo = TestRepo::git();
    let (on_main, on_side) = branchy_history(&repo);
    let loose = history(&repo, &[]);
    let found = with_commit(&loose);
    assert!(found.contains(&("main.js".into(), 1, "JWT201".into(), on_main)));
    assert!(found.contains(&("side.py".into(), 1, "JWT201".into(), on_side.clone())));
    assert!(found.contains(&("side.py".into(), 1, "JWT501".into(), on_side)));
    // Packed, with a commit-graph: the same findings, in the same order.
    git_in(repo.path(), &["gc", "--quiet"]);
    git_in(repo.path(), &["commit-graph", "write", "--reachable"]);
    assert!(repo.path().join(".git/objects/info/commit-graph").exists());
    let packed = history(&repo, &[]);
    assert_eq!(packed["findings"], loose["findings"]);
    assert_eq!(packed["summary"]["commits_scanned"], 4);
}

#[test]
fn history_decodes_deep_delta_chains_of_either_kind() {
    if !crate::support::have_tool("git") {
        return;
    }
    // Forty versions of one file, a new key in every tenth: packed, each
    // version is a delta of another.
    let repo = TestRepo::git();
    let mut keys = Vec::new();
    for i in 0..40u32 {
        let lines: Vec<String> = (0..150)
            .map(|k| format!("const line{k} = compute({});", k + u32::from(k == i)))
            .collect();
        let mut text = lines.join("\n");
        if i % 10 == 0 {
            let key = format!("{}{i:02}", &STRONG[..STRONG.len() - 2]);
            text.push_str(&format!("\njwt.sign(p, '{key}');\n"));
            keys.push(key);
        }
        repo.write("src/auth.js", text);
        repo.stage("src/auth.js");
        repo.commit_index(&format!("v{i}"), Some(1_700_000_000 + i64::from(i)));
    }
    let loose = history(&repo, &[]);
    assert_eq!(with_commit(&loose).len(), 8, "{loose}");
    for config in [
        "repack.useDeltaBaseOffset=true",
        "repack.useDeltaBaseOffset=false",
    ] {
        git_in(
            repo.path(),
            &[
                "-c",
                config,
                "repack",
                "-adfq",
                "--depth=50",
                "--window=250",
            ],
        );
        let run = repo.run(&["--history", "--format", "json", "--fail-on", "never"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("cannot"), "{}", run.stderr);
        assert_eq!(parse(&run)["findings"], loose["findings"], "{config}");
    }
}

#[test]
fn history_takes_a_repository_directory_and_rejects_a_range_written_as_a_path() {
    let repo = TestRepo::git();
    repo.write("a.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.stage("a.js");
    repo.commit_index("key", Some(1_700_000_000));
    repo.write("b.js", "console.log(1);\n");
    repo.stage("b.js");
    repo.commit_index("later", Some(1_700_000_100));
    // A directory: its repository's history, from anywhere.
    let elsewhere = tempfile::TempDir::new().expect("temp dir");
    let dir = repo.path().to_string_lossy().to_string();
    let run = run_in(
        elsewhere.path(),
        &["--history", &dir, "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = with_commit(&parse(&run));
    assert!(
        found.iter().any(|f| f.0 == "a.js" && f.2 == "JWT201"),
        "{found:?}"
    );
    // A range after a space is not a path: exit 2, and the form that works.
    let run = repo.run(&["--history", "HEAD~1..HEAD"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--history=HEAD~1..HEAD"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = repo.run(&["--history", "a.js", "b.js"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("at most one PATH"), "{}", run.stderr);
    // Written with `=`, the range is scanned: the later commit only.
    let run = repo.run(&[
        "--history=HEAD~1..HEAD",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(parse(&run)["summary"]["commits_scanned"], 1);
}

#[test]
fn history_goes_on_past_a_missing_object() {
    let repo = TestRepo::git();
    repo.write("a.js", format!("jwt.sign(p, '{STRONG}');\n"));
    repo.write("b.py", format!("jwt.encode(p, '{OTHER}')\n"));
    repo.stage("a.js");
    repo.stage("b.py");
    repo.commit_index("keys", None);
    // Lose a.js's blob from the object database.
    let blob = repo
        .git2()
        .head()
        .expect("head")
        .peel_to_tree()
        .expect("tree")
        .get_name("a.js")
        .expect("entry")
        .id()
        .to_string();
    let object = repo
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(object).expect("remove object");
    let run = repo.run(&["--history", "--format", "json", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("a.js: cannot read it from history")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&blob), "{}", run.stderr);
    let found = with_commit(&parse(&run));
    assert!(
        found.iter().any(|f| f.0 == "b.py" && f.2 == "JWT201"),
        "{found:?}"
    );
    assert_eq!(parse(&run)["summary"]["files_skipped"]["unreadable"], 1);
}

#[test]
fn history_keeps_findings_without_a_secret_apart() {
    // Two sign calls without an expiry, in two files and two commits: two
    // JWT701 findings, each at its own commit (they have no secret to tell
    // them apart, only their fingerprints).
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("a.js", "const t = jwt.sign({ sub: 1 }, process.env.K);\n");
    repo.commit_all("a");
    let first = repo.head_id();
    repo.write("b.js", "const t = jwt.sign({ sub: 2 }, process.env.K);\n");
    repo.commit_all("b");
    let second = repo.head_id();
    let got: Vec<(String, u64, String, String)> = with_commit(&history(&repo, &[]))
        .into_iter()
        .filter(|(_, _, rule, _)| rule == "JWT701")
        .collect();
    assert_eq!(
        got,
        [
            ("a.js".into(), 1, "JWT701".into(), first),
            ("b.js".into(), 1, "JWT701".into(), second),
        ]
    );
}
