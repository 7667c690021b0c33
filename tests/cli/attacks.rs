//! The attacks of #17, each as a hostile contributor would try it: a tree
//! whose files, links, file types and git objects are the attacker's. Every
//! test runs as the current user and, when that is root (as in CI
//! containers), again as `nobody` through `setpriv`: several of these only
//! broke as root, where permissions stop nothing.

use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{have_tool, is_root, TestRepo, STRONG};

const LIMIT: Duration = Duration::from_secs(60);

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Who each test runs as: the current user, and `nobody` when that is root.
/// Under CI the tests must run as root, so both cases are covered.
fn users() -> Vec<bool> {
    if is_root() {
        assert!(have_tool("setpriv"), "setpriv is needed to drop root");
        vec![false, true]
    } else {
        assert!(
            !in_ci(),
            "under CI these tests run as root (and as nobody via setpriv)"
        );
        vec![false]
    }
}

/// Hands the tree to `nobody` when the run is to be unprivileged.
fn hand_over(dir: &Path, nobody: bool) {
    if !nobody {
        return;
    }
    fn chown_all(p: &Path) {
        let _ = std::os::unix::fs::lchown(p, Some(65534), Some(65534));
        if p.is_dir() && !p.is_symlink() {
            for e in std::fs::read_dir(p).expect("read dir").flatten() {
                chown_all(&e.path());
            }
        }
    }
    chown_all(dir);
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs jwtscan in `dir` (as `nobody` if asked), killed after [`LIMIT`]:
/// a run that takes that long blocked or hung, which is the failure.
fn jw(dir: &Path, args: &[&str], nobody: bool, env: &[(&str, &str)]) -> Out {
    jw_stdout(dir, args, nobody, env, Stdio::piped())
}

fn jw_stdout(dir: &Path, args: &[&str], nobody: bool, env: &[(&str, &str)], stdout: Stdio) -> Out {
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    let mut cmd = if nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GIT_INDEX_FILE")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped());
    if nobody {
        // Root's home is not nobody's to read.
        cmd.env("HOME", dir).env("XDG_CONFIG_HOME", dir);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("spawn jwtscan");
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Out {
                code: status.code().unwrap_or(-1),
                stdout: reader.join().unwrap_or_default(),
                stderr: err_reader.join().unwrap_or_default(),
                elapsed: started.elapsed(),
            };
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("jwtscan {args:?} still running after {LIMIT:?}: it blocked or hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn sign_line(key: &str) -> String {
    format!("const jwt = require('jsonwebtoken');\njwt.sign({{ sub: 1 }}, '{key}', {{ expiresIn: '1h' }});\n")
}

/// A repository with one finding, committed.
fn repo_with_finding() -> TestRepo {
    let repo = TestRepo::git();
    repo.write(".gitignore", "node_modules/\n");
    repo.write("src/app.js", sign_line("changeme"));
    repo.commit_all("init");
    repo
}

fn is_char_device(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device())
}

/// A file outside every test tree, and its content, to check it is untouched.
fn outside_file(content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("victim");
    std::fs::write(&file, content).expect("write");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    (dir, file)
}

// 1. Special files are never replaced.

#[test]
fn output_to_a_device_or_fifo_writes_in_place() {
    for nobody in users() {
        let repo = repo_with_finding();
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &[".", "--output", "/dev/null"], nobody, &[]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            is_char_device(Path::new("/dev/null")),
            "/dev/null was replaced"
        );

        // A FIFO with a reader gets the report and stays a FIFO.
        let fifo = repo.path().join("report.fifo");
        mkfifo(&fifo);
        hand_over(repo.path(), nobody);
        let reading = fifo.clone();
        let reader =
            std::thread::spawn(move || std::fs::read_to_string(reading).unwrap_or_default());
        let fifo_arg = fifo.to_string_lossy().into_owned();
        let out = jw(
            repo.path(),
            &[".", "--format", "json", "--output", &fifo_arg],
            nobody,
            &[],
        );
        assert_eq!(out.code, 1, "{}", out.stderr);
        let report = reader.join().expect("reader");
        assert!(report.contains("\"JWT101\""), "{report}");
        assert!(std::fs::metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo());

        // Nobody reading: a clear error, at once.
        let out = jw(repo.path(), &[".", "--output", &fifo_arg], nobody, &[]);
        assert_eq!(out.code, 2);
        assert!(out.stderr.contains("no process reads"), "{}", out.stderr);
        assert!(std::fs::metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo());

        // /dev/stdout on a pipe (a link to pipe:[N]); the pipe is root's,
        // so only root may open it again by name.
        if nobody {
            continue;
        }
        let out = jw(
            repo.path(),
            &[".", "--format", "json", "--output", "/dev/stdout"],
            nobody,
            &[],
        );
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.contains("\"JWT101\""), "{}", out.stderr);
    }
}

#[test]
fn a_committed_baseline_link_to_dev_null_is_refused() {
    for nobody in users() {
        let repo = repo_with_finding();
        std::os::unix::fs::symlink("/dev/null", repo.path().join(".jwtscan-baseline.json"))
            .expect("symlink");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["baseline"], nobody, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("outside"), "{}", out.stderr);
        assert!(is_char_device(Path::new("/dev/null")));
        // Named on the command line, the device is written in place.
        let out = jw(repo.path(), &["baseline", "-o", "/dev/null"], nobody, &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(is_char_device(Path::new("/dev/null")));
    }
}

// 2. Writes never leave the repository through a symlink.

#[test]
fn fix_baseline_and_env_secret_refuse_links_out_of_the_repository() {
    for nobody in users() {
        let (_keep, victim) = outside_file("# not yours\n");
        let repo = repo_with_finding();
        std::fs::remove_file(repo.path().join(".gitignore")).expect("rm");
        std::os::unix::fs::symlink(&victim, repo.path().join(".gitignore")).expect("symlink");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["fix"], nobody, &[]);
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(".gitignore") && out.stderr.contains("outside"),
            "{}",
            out.stderr
        );
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "# not yours\n"
        );

        let repo = repo_with_finding();
        std::os::unix::fs::symlink(&victim, repo.path().join(".jwtscan-baseline.json"))
            .expect("symlink");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["baseline"], nobody, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("outside"), "{}", out.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "# not yours\n"
        );

        let repo = repo_with_finding();
        repo.write(
            ".gitignore",
            ".env\n.env.local\n.env.*.local\n.env.production\n",
        );
        std::os::unix::fs::symlink(&victim, repo.path().join(".env")).expect("symlink");
        hand_over(repo.path(), nobody);
        let out = jw(
            repo.path(),
            &["fix", "--env-secret", "JWT_SECRET"],
            nobody,
            &[],
        );
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(out.stderr.contains("outside"), "{}", out.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "# not yours\n"
        );
    }
}

#[test]
fn install_hook_neither_rewrites_nor_unlinks_a_shared_hook() {
    for nobody in users() {
        let (_keep, victim) = outside_file("#!/bin/sh\n# jwtscan pre-commit hook\nexit 0\n");
        let before = std::fs::read_to_string(&victim).expect("victim");
        let repo = repo_with_finding();
        let hook = repo.path().join(".git/hooks/pre-commit");
        std::fs::create_dir_all(hook.parent().expect("hooks")).expect("mkdir");
        std::os::unix::fs::symlink(&victim, &hook).expect("symlink");
        hand_over(repo.path(), nobody);
        for args in [&["install-hook"][..], &["install-hook", "--uninstall"][..]] {
            let out = jw(repo.path(), args, nobody, &[]);
            assert_eq!(out.code, 2, "{args:?}: {} {}", out.stdout, out.stderr);
            assert!(out.stderr.contains("outside"), "{}", out.stderr);
            assert_eq!(std::fs::read_to_string(&victim).expect("victim"), before);
            assert!(hook.is_symlink(), "the link was removed");
        }
    }
}

// 3. Concurrent writers do not duplicate; uninstalling twice is fine.

#[test]
fn concurrent_fixes_write_the_block_once() {
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    for nobody in users() {
        for round in 0..5 {
            let repo = repo_with_finding();
            hand_over(repo.path(), nobody);
            let children: Vec<_> = (0..4)
                .map(|_| {
                    let mut cmd = if nobody {
                        let mut c = Command::new("setpriv");
                        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                            .arg(&bin)
                            .env("HOME", repo.path());
                        c
                    } else {
                        Command::new(&bin)
                    };
                    cmd.arg("fix")
                        .current_dir(repo.path())
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .expect("spawn")
                })
                .collect();
            for mut c in children {
                assert!(c.wait().expect("wait").success());
            }
            let text = std::fs::read_to_string(repo.path().join(".gitignore")).expect("gitignore");
            let what = format!("round {round}, nobody {nobody}:\n{text}");
            assert_eq!(text.matches("# jwtscan: env files").count(), 1, "{what}");
            assert_eq!(text.lines().filter(|l| *l == ".env").count(), 1, "{what}");
        }
    }
}

#[test]
fn uninstall_twice_says_nothing_to_remove() {
    for nobody in users() {
        let repo = repo_with_finding();
        hand_over(repo.path(), nobody);
        assert_eq!(jw(repo.path(), &["install-hook"], nobody, &[]).code, 0);
        assert_eq!(
            jw(repo.path(), &["install-hook", "--uninstall"], nobody, &[]).code,
            0
        );
        let again = jw(repo.path(), &["install-hook", "--uninstall"], nobody, &[]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(
            again.stdout.contains("nothing to remove"),
            "{}",
            again.stdout
        );
    }
}

// 4. Nothing the repository points at leaks.

const FAKE_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBleGFtcGxlLW5vdC1hLXJlYWwta2V5LWF0LWFsbC0xMjM0NQAAAJg\n-----END OPENSSH PRIVATE KEY-----\n";

#[test]
fn a_config_link_out_of_the_repository_is_refused_and_errors_quote_nothing() {
    for nobody in users() {
        let (_keep, victim) = outside_file(FAKE_KEY);
        let repo = repo_with_finding();
        std::os::unix::fs::symlink(&victim, repo.path().join(".jwtscan.yaml")).expect("symlink");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["."], nobody, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("outside"), "{}", out.stderr);
        assert!(
            !out.stderr.contains("b3Blbn"),
            "the key leaked: {}",
            out.stderr
        );

        // Named on the command line it is read, and its parse error shows
        // where, never what.
        let victim_arg = victim.to_string_lossy().into_owned();
        for args in [
            vec![".", "--config", victim_arg.as_str()],
            vec!["config", "--print", "--config", victim_arg.as_str()],
        ] {
            let out = jw(repo.path(), &args, nobody, &[]);
            assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
            assert!(
                !out.stderr.contains("b3Blbn") && !out.stdout.contains("b3Blbn"),
                "{}",
                out.stderr
            );
            assert!(
                out.stderr.contains(&format!("{victim_arg}:1:")),
                "{}",
                out.stderr
            );
        }
    }
}

#[test]
fn a_bad_value_in_the_config_is_named_by_key_and_position_only() {
    for nobody in users() {
        let repo = repo_with_finding();
        repo.write(
            ".jwtscan.yaml",
            "rules:\n  disable: []\nrotation-days: hunter2-is-my-password\n",
        );
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["."], nobody, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(".jwtscan.yaml:3:"), "{}", out.stderr);
        assert!(out.stderr.contains("rotation-days"), "{}", out.stderr);
        assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    }
}

// 5. No hang on a file type.

#[test]
fn fifo_and_device_ignore_files_neither_hang_nor_exhaust_memory() {
    for nobody in users() {
        for (name, what) in [
            (".gitignore", "fifo"),
            ("sub/.gitignore", "fifo"),
            (".gitignore", "/dev/zero"),
            ("sub/.gitignore", "/dev/urandom"),
        ] {
            let repo = repo_with_finding();
            repo.write("sub/x.js", sign_line("changeme"));
            let at = repo.path().join(name);
            let _ = std::fs::remove_file(&at);
            if what == "fifo" {
                mkfifo(&at);
            } else {
                std::os::unix::fs::symlink(what, &at).expect("symlink");
            }
            hand_over(repo.path(), nobody);
            let out = jw(repo.path(), &[".", "--format", "json"], nobody, &[]);
            assert_eq!(out.code, 1, "{name} -> {what}: {}", out.stderr);
            let report: Value = serde_json::from_str(&out.stdout).expect("json");
            let paths: Vec<&str> = report["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter_map(|f| f["path"].as_str())
                .collect();
            assert!(
                paths.contains(&"sub/x.js") && paths.contains(&"src/app.js"),
                "{paths:?}"
            );
            assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
            if name == ".gitignore" {
                let fix = jw(repo.path(), &["fix"], nobody, &[]);
                assert_eq!(fix.code, 2, "fix {what}: {} {}", fix.stdout, fix.stderr);
            }
        }
    }
}

#[test]
fn fifo_index_baseline_and_env_are_refused_at_once() {
    for nobody in users() {
        let repo = repo_with_finding();
        mkfifo(&repo.path().join("index.fifo"));
        mkfifo(&repo.path().join("baseline.fifo"));
        hand_over(repo.path(), nobody);
        let out = jw(
            repo.path(),
            &["--staged"],
            nobody,
            &[("GIT_INDEX_FILE", "index.fifo")],
        );
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
        let out = jw(
            repo.path(),
            &[".", "--baseline", "baseline.fifo"],
            nobody,
            &[],
        );
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("FIFO"), "{}", out.stderr);

        let repo = repo_with_finding();
        repo.write(
            ".gitignore",
            ".env\n.env.local\n.env.*.local\n.env.production\n",
        );
        mkfifo(&repo.path().join(".env"));
        hand_over(repo.path(), nobody);
        let out = jw(
            repo.path(),
            &["fix", "--env-secret", "JWT_SECRET"],
            nobody,
            &[],
        );
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
        let out = jw(repo.path(), &["."], nobody, &[]);
        assert_eq!(
            out.code, 1,
            "a FIFO .env does not stop the scan: {}",
            out.stderr
        );
    }
}

#[test]
fn a_huge_gitignore_is_not_read_by_fix() {
    for nobody in users() {
        let repo = repo_with_finding();
        let line = "some/generated/path/that/repeats/*.tmp\n";
        repo.write(".gitignore", line.repeat((5 << 20) / line.len() + 1));
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["fix"], nobody, &[]);
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(out.stderr.contains("larger than"), "{}", out.stderr);
        assert!(out.elapsed < Duration::from_secs(20), "{:?}", out.elapsed);
    }
}

// 6. The size limit is checked before reading.

/// Peak RSS in KiB of `jwtscan ARGS` in `dir`, from GNU time.
fn peak_rss(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (u64, i32) {
    peak_rss_as(dir, args, env, false)
}

/// [`peak_rss`], as `nobody` if asked (`setpriv` execs jwtscan in place,
/// so the peak is jwtscan's).
fn peak_rss_as(dir: &Path, args: &[&str], env: &[(&str, &str)], nobody: bool) -> (u64, i32) {
    assert!(
        Path::new("/usr/bin/time").exists() || !in_ci(),
        "GNU time is needed under CI"
    );
    let bin = assert_cmd::cargo::cargo_bin("jwtscan");
    let report = std::env::temp_dir().join(format!("jwtscan-rss-{}.txt", std::process::id()));
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-f").arg("%M").arg("-o").arg(&report);
    if nobody {
        cmd.args([
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ])
        .env("HOME", dir);
    }
    cmd.arg(&bin)
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_INDEX_FILE")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd.status().expect("run time");
    let text = std::fs::read_to_string(&report).expect("time output");
    std::fs::remove_file(&report).ok();
    let kb = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("rss");
    (kb, status.code().unwrap_or(-1))
}

#[test]
fn blobs_over_the_limit_are_skipped_by_their_header() {
    if !Path::new("/usr/bin/time").exists() {
        assert!(!in_ci(), "GNU time is needed under CI");
        return;
    }
    for nobody in users() {
        let repo = repo_with_finding();
        // 256 MiB of one byte: a loose object of a few hundred KB.
        let big = vec![b'a'; 256 << 20];
        repo.write("big.js", &big);
        drop(big);
        repo.stage("big.js");
        hand_over(repo.path(), nobody);
        let args = ["--staged", "--fail-on", "never"];
        let (staged_kb, code) = peak_rss_as(repo.path(), &args, &[], nobody);
        assert_eq!(code, 0);
        repo.commit_index("big", None);
        hand_over(repo.path(), nobody);
        let args = ["--history", "--fail-on", "never"];
        let (history_kb, code) = peak_rss_as(repo.path(), &args, &[], nobody);
        assert_eq!(code, 0);
        // Inflating it alone would take 256 MiB.
        assert!(staged_kb < 150_000, "--staged peaked at {staged_kb} KiB");
        assert!(history_kb < 150_000, "--history peaked at {history_kb} KiB");
        let args = ["--history", "--format", "json", "--fail-on", "never"];
        let out = jw(repo.path(), &args, nobody, &[]);
        let report: Value = serde_json::from_str(&out.stdout).expect("json");
        assert_eq!(
            report["summary"]["files_skipped"]["too_large"], 1,
            "{report}"
        );
    }
}

#[test]
fn an_env_file_over_the_size_limit_is_not_read() {
    for nobody in users() {
        let repo = repo_with_finding();
        let mut env = String::from("JWT_SECRET=secret\n");
        env.push_str(&"# padding\n".repeat(600));
        repo.write("api/.env", env);
        hand_over(repo.path(), nobody);
        let out = jw(
            repo.path(),
            &[".", "--format", "json", "--max-file-size", "2000"],
            nobody,
            &[],
        );
        let report: Value = serde_json::from_str(&out.stdout).expect("json");
        let on_env: Vec<&Value> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["path"] == "api/.env" && f["rule_id"] == "JWT101")
            .collect();
        assert!(on_env.is_empty(), "{on_env:?}");
        assert!(
            out.stderr.contains("larger than --max-file-size"),
            "{}",
            out.stderr
        );
    }
}

// 7. A history that cannot be read is not "clean".

#[test]
fn a_damaged_pack_or_a_missing_head_object_is_an_error_not_clean() {
    assert!(have_tool("git"));
    for nobody in users() {
        let repo = repo_with_finding();
        repo.write("src/two.js", sign_line("password"));
        repo.commit_all("two");
        let ok = Command::new("git")
            .args(["repack", "-adq"])
            .current_dir(repo.path())
            .status()
            .expect("git repack")
            .success();
        assert!(ok);
        let pack_dir = repo.path().join(".git/objects/pack");
        let pack = std::fs::read_dir(&pack_dir)
            .expect("pack dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "pack"))
            .expect("a pack");
        let mut bytes = std::fs::read(&pack).expect("pack");
        for i in (40..bytes.len().saturating_sub(40)).step_by(7) {
            bytes[i] ^= 0x55;
        }
        std::fs::write(&pack, &bytes).expect("write pack");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["--history"], nobody, &[]);
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(out.stderr.contains("cannot be read"), "{}", out.stderr);

        let repo = repo_with_finding();
        let head = repo.head_id();
        let missing = format!("{}{}", &head[..2], "0".repeat(38));
        std::fs::write(
            repo.path().join(".git/refs/heads/master"),
            format!("{missing}\n"),
        )
        .and_then(|()| {
            std::fs::write(
                repo.path().join(".git/refs/heads/main"),
                format!("{missing}\n"),
            )
        })
        .expect("write ref");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &["--history"], nobody, &[]);
        assert_eq!(out.code, 2, "{} {}", out.stdout, out.stderr);
        assert!(out.stderr.contains(&missing), "{}", out.stderr);
    }
}

#[test]
fn one_unreadable_object_is_a_warning_and_counted() {
    for nobody in users() {
        one_unreadable_object(nobody);
    }
}

fn one_unreadable_object(nobody: bool) {
    let repo = repo_with_finding();
    repo.write("src/two.js", sign_line("password"));
    repo.commit_all("two");
    // The loose object of src/two.js's blob, truncated.
    let id = repo
        .git2()
        .revparse_single("HEAD:src/two.js")
        .expect("blob")
        .id()
        .to_string();
    let object = repo
        .path()
        .join(".git/objects")
        .join(&id[..2])
        .join(&id[2..]);
    let mut perms = std::fs::metadata(&object).expect("object").permissions();
    perms.set_mode(0o644);
    std::fs::set_permissions(&object, perms).expect("chmod");
    let bytes = std::fs::read(&object).expect("object");
    std::fs::write(&object, &bytes[..bytes.len() / 2]).expect("truncate");
    hand_over(repo.path(), nobody);
    let out = jw(repo.path(), &["--history", "--format", "json"], nobody, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(
        report["summary"]["files_skipped"]["unreadable"].as_u64() >= Some(1),
        "{report}"
    );
    assert!(
        out.stderr.contains(&id) || out.stderr.contains("src/two.js"),
        "{}",
        out.stderr
    );
}

// 8. Every secret on a printed line is redacted.

#[test]
fn two_secrets_on_one_line_are_both_redacted() {
    let a = "Zs3kq9TpLm2Vx8RwYb4NcH7JdF6GsA1EuQ0o";
    let b = "Pq8WmX2rT5vY9zK3nB6cL1dF4gH7jA0sE2uI";
    for nobody in users() {
        let tree = TestRepo::plain();
        tree.write(
            "a.js",
            format!("const jwt = require('jsonwebtoken'); const x = jwt.sign({{a: 1}}, \"{a}\", {{expiresIn: '1h'}}); const y = jwt.sign({{b: 1}}, \"{b}\", {{expiresIn: '1h'}});\n"),
        );
        tree.write(
            "appsettings.json",
            format!("{{\"Jwt\": {{\"Key\": \"{a}\", \"Secret\": \"{b}\"}}}}\n"),
        );
        tree.write("settings.py", format!("import jwt\nA = '{a}'; B = '{b}'; jwt.encode({{}}, A, algorithm='HS256'); jwt.encode({{}}, B, algorithm='HS256')\n"));
        hand_over(tree.path(), nobody);
        let out = jw(tree.path(), &["."], nobody, &[]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stdout.matches("| ").count() >= 3, "{}", out.stdout);
        for secret in [a, b] {
            assert!(
                !out.stdout.contains(secret),
                "{secret} in clear:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn sarif_carries_no_part_of_a_cracked_key() {
    // HS256 over {"alg":"HS256","typ":"JWT"}.{"sub":"1"} with the key "secret".
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.8qZF8vbN3UpcanXFc-mPXJkOPN01-bRch8XX3rToP1U";
    for nobody in users() {
        let tree = TestRepo::plain();
        tree.write("test/fixture.js", format!("const token = '{token}';\n"));
        hand_over(tree.path(), nobody);
        let out = jw(tree.path(), &[".", "--format", "sarif"], nobody, &[]);
        let sarif: Value = serde_json::from_str(&out.stdout).expect("sarif");
        let cracked = sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(|r| r["ruleId"] == "JWT205");
        assert!(cracked, "no JWT205 result: {}", out.stdout);
        assert!(!out.stdout.contains("***("), "{}", out.stdout);
        assert!(!out.stdout.contains("sec***"), "{}", out.stdout);
    }
}

// 9. No workflow command from a file name.

#[test]
fn no_line_of_text_output_starts_with_a_workflow_command() {
    for nobody in users() {
        let tree = TestRepo::plain();
        for name in [
            "::error title=x::a.js",
            "::add-mask::b.js",
            "::stop-commands::tok.js",
        ] {
            tree.write(name, sign_line("changeme"));
        }
        hand_over(tree.path(), nobody);
        for format in ["text", "json", "jsonl", "sarif"] {
            let out = jw(tree.path(), &[".", "--format", format], nobody, &[]);
            assert_eq!(out.code, 1, "{format}: {}", out.stderr);
            for line in out.stdout.lines().chain(out.stderr.lines()) {
                assert!(!line.starts_with("::"), "{format}: {line}");
            }
        }
        let out = jw(tree.path(), &[".", "--format", "github"], nobody, &[]);
        assert!(
            out.stdout
                .lines()
                .all(|l| !l.contains("::add-mask::") || l.starts_with("::error")),
            "{}",
            out.stdout
        );
    }
}

// 10. `.env` values as python-dotenv reads them.

#[test]
fn env_values_are_read_as_python_dotenv_reads_them() {
    let have = Command::new("python3")
        .args(["-c", "import dotenv"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        assert!(
            !in_ci(),
            "python-dotenv is required under CI (`.ci/run` installs it)"
        );
        eprintln!("skipping: python-dotenv is not installed");
        return;
    }
    let lines = [
        "JWT_A_SECRET=abc#def",
        "JWT_B_SECRET=abc #def",
        "JWT_C_SECRET=\"quoted # hash\"",
        "JWT_D_SECRET='single'   # comment",
        "export JWT_E_SECRET=exported",
        "JWT_F_SECRET = spaced",
        "JWT_G_SECRET=trailing   ",
        "JWT_H_SECRET=x=y",
        "JWT_I_SECRET=\"esc\\\"aped\"",
        "JWT_J_SECRET='a # b' # c",
        "JWT_K_SECRET=\tabc\t# c",
        "JWT_L_SECRET=a\\#b",
    ];
    let tree = TestRepo::plain();
    let env = tree.write(".env", format!("{}\n", lines.join("\n")));
    let expected = Command::new("python3")
        .args([
            "-c",
            "import json,sys,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))",
        ])
        .arg(&env)
        .output()
        .expect("python-dotenv");
    let expected: serde_json::Map<String, Value> =
        serde_json::from_slice(&expected.stdout).expect("dotenv json");
    let out = jw(
        tree.path(),
        &[".", "--format", "json", "--show-secrets"],
        false,
        &[],
    );
    let report: Value = serde_json::from_str(&out.stdout).expect("json");
    for (n, line) in lines.iter().enumerate() {
        let name = line
            .trim_start_matches("export ")
            .split(['=', ' '])
            .next()
            .expect("name");
        let want = expected[name].as_str().expect("a value");
        let got: Vec<&str> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["line"] == n + 1 && f["secret"].is_string())
            .filter_map(|f| f["secret"].as_str())
            .collect();
        assert!(!got.is_empty(), "line {}: {line:?}: no finding", n + 1);
        assert!(
            got.iter().all(|g| *g == want),
            "line {}: {line:?}: python-dotenv {want:?}, jwtscan {got:?}",
            n + 1
        );
    }
}

// 11 and 12. Bounded and linear.

/// One minified line of `n` `jwt.sign` calls, each with its own key.
fn minified_signs(n: usize) -> String {
    let mut js = String::from("var jwt=require(\"jsonwebtoken\");");
    for i in 0..n {
        js.push_str(&format!("jwt.sign({{s:{i}}},\"k{i:07}secret-{i:05}\");"));
    }
    js
}

#[test]
fn a_minified_line_of_8000_sign_calls_stays_small() {
    for nobody in users() {
        let tree = TestRepo::plain();
        tree.write("dist/app.min.js", minified_signs(8000));
        // Minified bundles are skipped by default: read this one.
        tree.write(".jwtscan.yaml", "paths:\n  vendored: true\n");
        hand_over(tree.path(), nobody);
        let out = jw(tree.path(), &[".", "--format", "json"], nobody, &[]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains("more findings"), "{}", out.stderr);
        let report: Value = serde_json::from_str(&out.stdout).expect("json");
        let n = report["findings"].as_array().expect("findings").len();
        assert!((100..=400).contains(&n), "{n} findings");
    }
    if Path::new("/usr/bin/time").exists() {
        let tree = TestRepo::plain();
        tree.write("dist/app.min.js", minified_signs(8000));
        let (kb, _) = peak_rss(tree.path(), &[".", "--max-findings-per-file", "0"], &[]);
        // It was 7.5 GB; every finding now keeps a window of the line.
        assert!(kb < 400_000, "peaked at {kb} KiB");
    }
}

/// Seconds to scan a tree holding `make(size)` at `rel`.
fn scan_time(rel: &str, content: &str) -> f64 {
    let repo = TestRepo::git();
    repo.write(rel, content);
    let started = Instant::now();
    let out = jw(
        repo.path(),
        &[".", "--max-findings-per-file", "0", "--format", "json"],
        false,
        &[],
    );
    assert!(out.code <= 2, "{}", out.stderr);
    started.elapsed().as_secs_f64()
}

#[test]
fn adversarial_shapes_cost_linear_time() {
    type Make = fn(usize) -> String;
    let shapes: [(&str, &str, Make); 5] = [
        ("env fallback chain", "src/chain.js", |n| {
            format!(
                "const jwt = require('jsonwebtoken');\nconst key = {}'dev';\njwt.sign({{a: 1}}, key);\n",
                "process.env.JWT_SECRET||".repeat(n / 24)
            )
        }),
        ("compose flow nesting", "docker-compose.yml", |n| {
            format!(
                "services:\n  api:\n    environment: {}{}\n",
                "[".repeat(n / 2),
                "]".repeat(n / 2)
            )
        }),
        ("config flow nesting", ".jwtscan.yaml", |n| {
            format!(
                "rules:\n  disable: {}{}\n",
                "[".repeat(n / 2),
                "]".repeat(n / 2)
            )
        }),
        ("a finding per line", "src/many.js", |n| {
            let mut s = String::from("const jwt = require('jsonwebtoken');\n");
            for i in 0..n / 52 {
                s.push_str(&format!(
                    "jwt.sign({{ sub: {i} }}, \"k{i:07}\", {{ expiresIn: '1h' }});\n"
                ));
            }
            s
        }),
        ("PEM headers", "keys/id.pem", |n| {
            "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 32)
        }),
    ];
    for (name, rel, make) in shapes {
        let small = scan_time(rel, &make(128 << 10));
        let large = scan_time(rel, &make(512 << 10));
        // Four times the input: at most about four times the time (plus
        // process start-up); quadratic would be sixteen.
        assert!(
            large < small * 6.0 + 1.0,
            "{name}: 128 KiB {small:.2} s, 512 KiB {large:.2} s"
        );
        assert!(large < 10.0, "{name}: 512 KiB took {large:.2} s");
    }
}

// 13. No panic on flags.

#[test]
fn numeric_flags_are_validated_with_their_range() {
    let tree = TestRepo::plain();
    for (args, range) in [
        (&[".", "--crack-budget", "NaN"][..], "0 to 86400"),
        (&[".", "--crack-budget=-1"][..], "0 to 86400"),
        (&[".", "--crack-budget", "inf"][..], "0 to 86400"),
        (&[".", "-j", "100000"][..], "0 to 1024"),
        (&[".", "--max-file-size", "0"][..], "1..="),
        (
            &[".", "--max-findings-per-file", "99999999999"][..],
            "0 to 1000000",
        ),
        (&["--history", "--rotation-days", "0"][..], "1..="),
    ] {
        let out = jw(tree.path(), args, false, &[]);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(range), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // Many threads asked for: capped at the cores, and it runs.
    tree.write("a.js", sign_line(STRONG));
    let out = jw(tree.path(), &[".", "-j", "1024"], false, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
}

// 14. The smaller ones.

#[test]
fn strict_prints_the_warnings_it_points_at() {
    let users: Vec<bool> = users()
        .into_iter()
        .filter(|&nobody| nobody || !is_root())
        .collect();
    for nobody in users {
        let tree = TestRepo::plain();
        tree.write("ok.js", sign_line(STRONG));
        let locked = tree.write("locked.js", sign_line("changeme"));
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        hand_over(tree.path(), nobody);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let out = jw(tree.path(), &[".", "--strict"], nobody, &[]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("warnings above"), "{}", out.stderr);
        assert!(
            out.stderr.contains("warning: cannot read locked.js"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn an_env_file_in_a_non_utf8_directory_gets_its_jwt301() {
    use std::os::unix::ffi::OsStrExt;
    for nobody in users() {
        let repo = repo_with_finding();
        let dir = repo.path().join(std::ffi::OsStr::from_bytes(b"conf\xff"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(".env"), format!("JWT_SECRET={STRONG}\n")).expect("write");
        hand_over(repo.path(), nobody);
        let out = jw(repo.path(), &[".", "--format", "json"], nobody, &[]);
        let report: Value = serde_json::from_str(&out.stdout).expect("json");
        let hit = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| {
                f["rule_id"] == "JWT301"
                    && f["path"].as_str().is_some_and(|p| p.starts_with("conf"))
            });
        assert!(hit, "{report}");
    }
}

#[test]
fn a_symlink_named_as_path_is_followed_as_the_readme_says() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    assert!(
        readme.contains("a PATH you name that is a symlink is followed"),
        "README and code disagree"
    );
    for nobody in users() {
        let outside = TestRepo::plain();
        outside.write("x.js", sign_line("changeme"));
        let tree = TestRepo::plain();
        tree.write("in/.keep", "");
        std::os::unix::fs::symlink(outside.path(), tree.path().join("link")).expect("symlink");
        // A link inside the tree is never followed.
        std::os::unix::fs::symlink(outside.path(), tree.path().join("in/inner")).expect("symlink");
        hand_over(tree.path(), nobody);
        hand_over(outside.path(), nobody);
        let named = jw(tree.path(), &["link", "--format", "json"], nobody, &[]);
        assert_eq!(named.code, 1, "{}", named.stderr);
        let walked = jw(tree.path(), &["in", "--format", "json"], nobody, &[]);
        assert_eq!(walked.code, 0, "{} {}", walked.stdout, walked.stderr);
    }
}
