//! Hostile trees: what a pull request from a stranger can put in front of
//! the scanner. Each test builds its tree in a temp dir; none may crash,
//! hang or leak, and what cannot be scanned is said.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{have_tool, is_root, triples, TestRepo, STRONG};

fn sign_line(key: &str) -> String {
    format!("jwt.sign({{ sub: 1 }}, '{key}', {{ expiresIn: '1h' }});\n")
}

/// Runs jwtscan in `dir`, killing it after `limit`; `as_nobody` drops root
/// (file permissions do not bind root). Returns (code, stdout, stderr).
fn run_limited(
    dir: &Path,
    args: &[&str],
    limit: Duration,
    as_nobody: bool,
) -> (i32, String, String) {
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jwtscan");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("jwtscan {args:?} still running after {limit:?}: it blocked or hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"))
}

#[test]
fn a_200_mb_file_is_skipped_by_size_and_said_once() {
    let tree = TestRepo::plain();
    let big = std::fs::File::create(tree.path().join("huge.js")).expect("create");
    big.set_len(200 * 1024 * 1024).expect("sparse 200 MB");
    tree.write("ok.js", sign_line(STRONG));
    let (code, stdout, stderr) = run_limited(
        tree.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(30),
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json_of(&stdout);
    assert_eq!(report["summary"]["files_skipped"]["too_large"], 1);
    assert_eq!(triples(&report), [("ok.js".into(), 1, "JWT201".into())]);
    assert_eq!(
        stderr.matches("larger than --max-file-size").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_hundred_thousand_tiny_files_and_forty_levels_deep() {
    let tree = TestRepo::plain();
    for d in 0..100 {
        let dir = tree.path().join(format!("d{d:03}"));
        std::fs::create_dir(&dir).expect("dir");
        for f in 0..1000 {
            std::fs::write(dir.join(format!("f{f:04}.js")), "x\n").expect("file");
        }
    }
    let deep: String = (0..40).map(|i| format!("l{i}/")).collect();
    tree.write(&format!("{deep}key.js"), sign_line(STRONG));
    let (code, stdout, stderr) = run_limited(
        tree.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(120),
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json_of(&stdout);
    assert_eq!(report["summary"]["files_scanned"], 100_001);
    assert_eq!(
        triples(&report),
        [(format!("{deep}key.js"), 1, "JWT201".to_string())]
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_links_out_fifos_and_sockets_never_block_or_leak() {
    assert!(have_tool("mkfifo"));
    let tree = TestRepo::plain();
    let outside = TestRepo::plain();
    outside.write("secret.js", sign_line(STRONG));
    tree.write("src/ok.js", sign_line(&format!("{STRONG}in")));
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, tree.path().join(name)).expect("symlink");
    };
    link(Path::new("."), "loop");
    link(Path::new("self"), "self");
    link(Path::new("/etc"), "etc");
    link(&outside.path().join("secret.js"), "out.js");
    let fifo = tree.path().join("pipe.js");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let _socket =
        std::os::unix::net::UnixListener::bind(tree.path().join("sock.js")).expect("socket");
    // The FIFO also named on the command line: never opened.
    for args in [
        vec!["--format", "json", "--fail-on", "never"],
        vec!["--format", "json", "--fail-on", "never", ".", "pipe.js"],
    ] {
        let (code, stdout, stderr) =
            run_limited(tree.path(), &args, Duration::from_secs(20), false);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            triples(&json_of(&stdout)),
            [("src/ok.js".into(), 1, "JWT201".into())],
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_counted_and_strict_makes_them_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let root = is_root();
    if root {
        assert!(have_tool("setpriv"));
    }
    let tree = TestRepo::plain();
    // Drop-privilege runs need to reach the tree.
    std::fs::set_permissions(tree.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    tree.write("ok.js", sign_line(STRONG));
    let locked = tree.write("locked.js", sign_line(&format!("{STRONG}x")));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let dir = tree.path().join("private");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(dir.join("k.js"), sign_line(&format!("{STRONG}y"))).expect("write");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let (code, stdout, stderr) = run_limited(
        tree.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(20),
        root,
    );
    assert_eq!(code, 0, "{stderr}");
    let report = json_of(&stdout);
    assert_eq!(triples(&report), [("ok.js".into(), 1, "JWT201".into())]);
    assert_eq!(
        report["summary"]["files_skipped"]["unreadable"], 2,
        "{stderr}"
    );
    let (code, _, stderr) = run_limited(
        tree.path(),
        &["--strict", "--fail-on", "never"],
        Duration::from_secs(20),
        root,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("2 files could not be read (--strict)"),
        "{stderr}"
    );
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[cfg(unix)]
#[test]
fn hostile_file_names_are_escaped_in_text_and_valid_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let tree = TestRepo::plain();
    let names: [&[u8]; 4] = [
        b"new\nline.js",
        b"with space.js",
        b"bad\xff\xfeutf8.js",
        b"\x1b[31mred\x1b[0m.js",
    ];
    for (i, name) in names.iter().enumerate() {
        let path = tree.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, sign_line(&format!("{STRONG}{i}"))).expect("write");
    }
    let (code, stdout, stderr) = run_limited(
        tree.path(),
        &["--color", "always"],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(code, 1, "{stderr}");
    // No raw escape from a file name reaches the terminal: every ESC is our
    // colour (followed by `[` and digits), and escaped names are shown.
    assert!(stdout.contains("\\u{1b}[31mred\\u{1b}[0m.js"), "{stdout}");
    assert!(stdout.contains("new\\nline.js"), "{stdout}");
    assert!(!stdout.contains("new\nline.js"));
    let (_, stdout, _) = run_limited(
        tree.path(),
        &["--format", "json"],
        Duration::from_secs(20),
        false,
    );
    let report = json_of(&stdout);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(
        paths.contains(&"bad\u{fffd}\u{fffd}utf8.js"),
        "lossy, marked by U+FFFD: {paths:?}"
    );
    assert!(paths.contains(&"new\nline.js"), "{paths:?}");
    // GitHub annotations: one line per finding, whatever the names.
    let (_, stdout, _) = run_limited(
        tree.path(),
        &["--format", "github"],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.starts_with("::error file=")),
        "{stdout}"
    );
}

#[test]
fn a_gitignore_of_ten_thousand_patterns() {
    let repo = TestRepo::git();
    let mut ignore: String = (0..10_000).map(|i| format!("generated-{i}/**\n")).collect();
    ignore.push_str(".env\n.env.local\n.env.production\nvendor/\n");
    repo.write(".gitignore", ignore);
    repo.write("vendor/lib.js", sign_line(STRONG));
    repo.write("generated-77/x.js", sign_line(STRONG));
    repo.write("src/a.js", sign_line(&format!("{STRONG}a")));
    let (code, stdout, stderr) = run_limited(
        repo.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(60),
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        triples(&json_of(&stdout)),
        [("src/a.js".into(), 1, "JWT201".into())]
    );
}

#[test]
fn a_corrupt_index_is_said_and_the_tree_is_still_scanned() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("src/a.js", sign_line(STRONG));
    repo.commit_all("first");
    std::fs::write(
        repo.path().join(".git/index"),
        b"DIRC\x00\x00\x00\x02garbage",
    )
    .expect("corrupt");
    let (code, stdout, stderr) = run_limited(
        repo.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        triples(&json_of(&stdout)),
        [("src/a.js".into(), 1, "JWT201".into())]
    );
    assert!(
        stderr.contains("index"),
        "the corrupt index is not mentioned: {stderr}"
    );
    // --staged needs the index: exit 2, one line.
    let (code, _, stderr) = run_limited(repo.path(), &["--staged"], Duration::from_secs(20), false);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn submodules_and_lfs_pointers() {
    if !have_tool("git") {
        return;
    }
    let inner = TestRepo::git();
    inner.write("lib.js", sign_line(&format!("{STRONG}sub")));
    inner.commit_all("inner");
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "assets/keys.json",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    repo.write("src/a.js", sign_line(STRONG));
    repo.commit_all("outer");
    let ok = Command::new("git")
        .args([
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "--quiet",
            "add",
        ])
        .arg(inner.path())
        .arg("vendor/inner")
        .current_dir(repo.path())
        .status()
        .expect("git submodule")
        .success();
    assert!(ok, "git submodule add");
    let ok = Command::new("git")
        .args(["commit", "--quiet", "-m", "submodule"])
        .current_dir(repo.path())
        .status()
        .expect("git commit")
        .success();
    assert!(ok);
    for args in [
        vec!["--format", "json", "--fail-on", "never"],
        vec!["--history", "--format", "json", "--fail-on", "never"],
    ] {
        let (code, stdout, stderr) =
            run_limited(repo.path(), &args, Duration::from_secs(30), false);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let found = triples(&json_of(&stdout));
        assert!(
            found
                .iter()
                .any(|(p, _, r)| p == "src/a.js" && r == "JWT201"),
            "{found:?}"
        );
        // The submodule is its own repository: a tree scan of the outer one
        // reads its work tree files; history never reads its commits as blobs.
        assert!(
            !found.iter().any(|(p, _, _)| p.starts_with("assets/")),
            "{found:?}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn utf16_files_with_a_bom_are_scanned() {
    let tree = TestRepo::plain();
    let utf16 = |text: &str, little: bool| -> Vec<u8> {
        let mut out = if little {
            vec![0xff, 0xfe]
        } else {
            vec![0xfe, 0xff]
        };
        for unit in text.encode_utf16() {
            out.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    };
    tree.write(".env", utf16("# dev\nJWT_SECRET=changeme\n", true));
    tree.write(
        "src/auth.js",
        utf16(&format!("// é\n{}", sign_line(STRONG)), false),
    );
    let report = json_of(
        &run_limited(
            tree.path(),
            &["--format", "json", "--fail-on", "never"],
            Duration::from_secs(20),
            false,
        )
        .1,
    );
    assert_eq!(
        triples(&report),
        [
            (".env".into(), 2, "JWT101".into()),
            ("src/auth.js".into(), 2, "JWT201".into()),
        ]
    );
    assert_eq!(report["summary"]["files_skipped"]["binary"], 0);
}

#[test]
fn findings_per_file_are_capped_with_and_n_more() {
    let tree = TestRepo::plain();
    let many: String = (0..150)
        .map(|i| sign_line(&format!("{STRONG}{i:03}")))
        .collect();
    tree.write("many.js", many);
    let (_, stdout, stderr) = run_limited(
        tree.path(),
        &["--format", "json", "--fail-on", "never"],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(
        json_of(&stdout)["findings"].as_array().map(Vec::len),
        Some(100)
    );
    assert!(
        stderr.contains("many.js: and 50 more findings (--max-findings-per-file)"),
        "{stderr}"
    );
    let (_, stdout, _) = run_limited(
        tree.path(),
        &[
            "--format",
            "json",
            "--fail-on",
            "never",
            "--max-findings-per-file",
            "0",
        ],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(
        json_of(&stdout)["findings"].as_array().map(Vec::len),
        Some(150)
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_promptly_and_leaves_no_temporary_file() {
    assert!(have_tool("kill"));
    let tree = TestRepo::plain();
    // Work that takes long: many tokens tried against every known key.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let tokens: String = (0..400)
        .map(|i| {
            format!(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{}\n",
                b64.encode(format!("{{\"sub\":\"{i}\"}}")),
                "A".repeat(43)
            )
        })
        .collect();
    tree.write("tokens.txt", tokens);
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    let mut child = Command::new(bin)
        .args([
            "--crack",
            "full",
            "--format",
            "json",
            "--output",
            "report.json",
        ])
        .current_dir(tree.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "finished before the signal"
    );
    let sent = Instant::now();
    assert!(Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill")
        .success());
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "not interrupted within 5 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    // Cracking stops at its next chunk of keys: well before the one-second
    // hard stop.
    assert!(
        sent.elapsed() < Duration::from_millis(900),
        "{:?}",
        sent.elapsed()
    );
    let left: Vec<String> = std::fs::read_dir(tree.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "tokens.txt")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Every file under `dir` with its content (directories marked), to
/// compare a tree before and after a failed command.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            let rel = path
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            if rel.starts_with(".git/objects") || rel == ".git/index" {
                continue;
            }
            if path.is_dir() && !path.is_symlink() {
                out.push((format!("{rel}/"), Vec::new()));
                stack.push(path);
            } else {
                out.push((rel, std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fix_and_install_hook_leave_files_as_they_were_when_a_step_fails() {
    // A .gitignore that is a directory, a pre-commit hook that is one.
    let repo = TestRepo::git();
    std::fs::create_dir_all(repo.path().join(".gitignore/oops")).expect("dir");
    std::fs::create_dir_all(repo.path().join(".git/hooks/pre-commit")).expect("dir");
    repo.write(".env", "JWT_SECRET=x\n");
    let before = snapshot(repo.path());
    for args in [
        &["fix"][..],
        &["install-hook"][..],
        &["install-hook", "--force"][..],
    ] {
        let (code, _, stderr) = run_limited(repo.path(), args, Duration::from_secs(20), false);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(snapshot(repo.path()), before, "{args:?} changed the tree");
    }
}

#[cfg(unix)]
#[test]
fn fix_in_a_read_only_directory_or_on_a_full_disk_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if !is_root() {
        assert!(!ci, "this test needs root under CI (setpriv, mount)");
        eprintln!("skipping: needs root to drop privileges and mount a tmpfs");
        return;
    }
    assert!(have_tool("setpriv") && have_tool("mount"));
    // Read-only to the user running jwtscan.
    let repo = TestRepo::git();
    repo.write(".gitignore", "node_modules/\n");
    repo.write(".env", "JWT_SECRET=x\n");
    for p in [repo.path().to_path_buf(), repo.path().join(".git")] {
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let before = snapshot(repo.path());
    let (code, _, stderr) = run_limited(repo.path(), &["fix"], Duration::from_secs(20), true);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(snapshot(repo.path()), before);
    // A full disk: a tmpfs with no room for the new .gitignore.
    let mount = tempfile::tempdir().expect("mount point");
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(mount.path())
        .status()
        .expect("mount")
        .success();
    assert!(ok, "mount tmpfs");
    let result = std::panic::catch_unwind(|| {
        let dir = mount.path().join("repo");
        git2::Repository::init(&dir).expect("init");
        std::fs::write(dir.join(".gitignore"), "node_modules/\n").expect("write");
        std::fs::write(dir.join(".env"), "JWT_SECRET=x\n").expect("write");
        // Fill the disk.
        let mut filler = std::fs::File::create(mount.path().join("filler")).expect("filler");
        let chunk = vec![0u8; 4096];
        while std::io::Write::write_all(&mut filler, &chunk).is_ok() {}
        drop(filler);
        let before = snapshot(&dir);
        let (code, _, stderr) = run_limited(&dir, &["fix"], Duration::from_secs(20), false);
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(snapshot(&dir), before, "a full disk changed the tree");
    });
    let _ = Command::new("umount").arg(mount.path()).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// SECURITY.md's first promise: the product never runs a program.
#[test]
fn the_product_never_spawns_a_process() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).expect("read");
                for banned in [
                    "process::Command",
                    "Command::new",
                    "libc::exec",
                    "nix::unistd::exec",
                ] {
                    assert!(!text.contains(banned), "{} uses {banned}", path.display());
                }
            }
        }
    }
    assert!(files > 20);
}

#[test]
fn history_author_names_cannot_drive_the_terminal() {
    let repo = TestRepo::git();
    repo.git2()
        .config()
        .expect("config")
        .set_str("user.name", "Mallory\u{1b}]0;pwned\u{7}\u{1b}[2J")
        .expect("set name");
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write("a.js", sign_line(STRONG));
    repo.commit_all("add\u{1b}[31m key");
    let (code, stdout, stderr) = run_limited(
        repo.path(),
        &["--history", "--color", "always"],
        Duration::from_secs(20),
        false,
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("Mallory\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("\u{1b}]0;"),
        "a raw OSC sequence reached the terminal"
    );
    assert!(!stdout.contains("\u{1b}[2J"));
    let (_, stdout, _) = run_limited(
        repo.path(),
        &["--history", "--format", "json"],
        Duration::from_secs(20),
        false,
    );
    let report = json_of(&stdout);
    assert!(report["findings"][0]["author"]
        .as_str()
        .is_some_and(|a| a.starts_with("Mallory")));
}

/// Every mode and every format, on a repository whose file names, lines,
/// commit message and author carry escape sequences: no raw control
/// character and no full secret in any output; the machine formats parse.
#[test]
fn every_mode_and_format_is_safe_and_redacted() {
    let repo = TestRepo::git();
    repo.git2()
        .config()
        .expect("config")
        .set_str("user.name", "Eve\u{1b}[2J")
        .expect("name");
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    // Not the rules' own example key, which their SARIF help shows.
    let strong = "Tz6pQ1wX8rL3mN5bV7cK2jH4gF9dS0aY";
    let key = format!("{strong}\u{1b}[31m");
    let evil = "src/\u{1b}]0;title\u{7}x.js";
    repo.write(evil, sign_line(&key));
    repo.commit_all("first\u{1b}[0m");
    // Staged: the same file, its key changed.
    repo.write(evil, format!("// moved\n{}", sign_line(&format!("{key}2"))));
    repo.stage(evil);
    let modes: [&[&str]; 3] = [&["."], &["--staged"], &["--history"]];
    for mode in modes {
        for format in ["text", "json", "jsonl", "sarif", "github"] {
            let mut args = vec!["--format", format, "--fail-on", "never"];
            args.extend_from_slice(mode);
            let (code, stdout, stderr) =
                run_limited(repo.path(), &args, Duration::from_secs(30), false);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(!stdout.is_empty(), "{args:?}: nothing printed");
            for (what, out) in [("stdout", &stdout), ("stderr", &stderr)] {
                assert!(
                    !out.chars().any(|c| c.is_control() && c != '\n'),
                    "{args:?}: a raw control character on {what}: {out:?}"
                );
                assert!(!out.contains(strong), "{args:?}: the secret on {what}");
            }
            match format {
                "json" | "sarif" => {
                    json_of(&stdout);
                }
                "jsonl" => {
                    for line in stdout.lines() {
                        json_of(line);
                    }
                }
                "github" => assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}"),
                _ => {}
            }
        }
    }
}
