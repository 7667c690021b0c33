//! Every place a key or token can be written (issue 20): files no sink
//! language covers, documentation, files with no extension, tracked files
//! an ignore rule hides, vendored trees, and every repository under a
//! scanned folder.

use std::path::Path;

use serde_json::Value;

use crate::support::{run_in, TestRepo, STRONG};

/// The jwt.io demo token (HS256, "your-256-bit-secret").
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n-----END PRIVATE KEY-----\n";

/// (rule, path, severity) of each finding.
fn found(report: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().expect("field").to_string();
            (s("rule_id"), s("path"), s("severity"))
        })
        .collect();
    out.sort();
    out
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json", "--fail-on", "never", "--crack", "off"];
    all.extend_from_slice(args);
    let run = run_in(dir, &all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn tokens_and_keys_in_files_no_language_covers() {
    let tree = TestRepo::plain();
    tree.write(
        "docs/guide.md",
        format!("```sh\ncurl -H 'Authorization: Bearer {TOKEN}' /me\n```\n"),
    );
    tree.write("test/AuthSpec.hs", format!("token = \"{TOKEN}\"\n"));
    tree.write("deploy/private_key", PEM);
    tree.write("certs/jwt.key.bak", PEM);
    // A binary file: sniffed (a NUL in its first 8 KiB) and skipped.
    tree.write(
        "assets/blob.dat",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR eyJ not a token",
    );
    let report = json_in(tree.path(), &[]);
    let got = found(&report);
    let want: Vec<(String, String, String)> = [
        ("JWT203", "certs/jwt.key.bak", "high"),
        ("JWT203", "deploy/private_key", "high"),
        // Documentation: reported, at low severity.
        ("JWT204", "docs/guide.md", "low"),
        ("JWT204", "test/AuthSpec.hs", "low"),
    ]
    .iter()
    .map(|(r, p, s)| (r.to_string(), p.to_string(), s.to_string()))
    .collect();
    assert_eq!(got, want, "{report}");
    assert!(report["summary"]["files_skipped"]["binary"].as_u64() >= Some(1));
}

#[test]
fn a_tracked_file_an_ignore_rule_hides_is_scanned() {
    let repo = TestRepo::git();
    repo.write(".gitignore", "*.conf\n.env\n.env.local\n.env.production\n");
    repo.write("configs/server.conf", format!("operator = \"{TOKEN}\"\n"));
    repo.write("configs/local.conf", format!("operator = \"{TOKEN}\"\n"));
    // `git add -f` the first; the second stays untracked and ignored.
    let git = repo.git2();
    let mut index = git.index().expect("index");
    index.add_path(Path::new(".gitignore")).expect("add");
    index
        .add_path(Path::new("configs/server.conf"))
        .expect("add -f");
    index.write().expect("write index");
    let report = repo.json(&["--crack", "off"]);
    let paths: Vec<String> = found(&report).into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(paths, ["configs/server.conf"], "{report}");
}

#[test]
fn vendored_trees_are_skipped_unless_asked_for() {
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    repo.write(
        "src/app.js",
        format!("jwt.sign(p, '{STRONG}', {{ expiresIn: '1h' }});\n"),
    );
    repo.write(
        "node_modules/jsonwebtoken/sign.js",
        "jwt.sign(p, 'secret');\n",
    );
    repo.write(
        "vendor/lib/jwt.go",
        "var key = []byte(\"secret\")\njwt.New(jwt.SigningMethodNone)\n",
    );
    repo.write("public/app.min.js", "jwt.sign(p,'secret')");
    repo.commit_all("init");
    let report = repo.json(&["--crack", "off"]);
    let paths: Vec<String> = found(&report).into_iter().map(|(_, p, _)| p).collect();
    assert_eq!(paths, ["src/app.js"], "{report}");
    assert_eq!(
        report["summary"]["files_skipped"]["vendored"], 3,
        "{report}"
    );
    let text = repo.run(&["--crack", "off", "--fail-on", "never"]);
    assert!(
        text.stdout
            .contains("skipped: 3 vendored trees and bundles"),
        "{}",
        text.stdout
    );
    repo.write(".jwtscan.yaml", "paths:\n  vendored: true\n");
    let report = repo.json(&["--crack", "off"]);
    let paths: Vec<String> = found(&report).into_iter().map(|(_, p, _)| p).collect();
    for p in [
        "node_modules/jsonwebtoken/sign.js",
        "public/app.min.js",
        "vendor/lib/jwt.go",
    ] {
        assert!(paths.iter().any(|q| q == p), "{p} missing: {paths:?}");
    }
}

/// A repository at `dir` holding `files`, all committed.
fn repository(dir: &Path, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).expect("dir");
    let repo = git2::Repository::init(dir).expect("git init");
    let mut index = repo.index().expect("index");
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dirs");
        std::fs::write(&file, text).expect("write");
        index.add_path(Path::new(path)).expect("add");
    }
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = git2::Signature::now("Test", "test@example.com").expect("signature");
    repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[])
        .expect("commit");
}

#[test]
fn a_folder_of_repositories_is_scanned_as_each_would_be() {
    let folder = TestRepo::plain();
    let shared = format!("JWT_SECRET={STRONG}\n");
    for name in ["api", "web", "tools/cli"] {
        // `.*` in api's ignore rules hides its `.git` from the walk too.
        let ignore = if name == "api" {
            ".*\n!.gitignore\nnode_modules\n"
        } else {
            "node_modules\n"
        };
        repository(
            &folder.path().join(name),
            &[
                (".gitignore", ignore),
                (".env", &shared),
                ("package.json", "{}\n"),
                (
                    "src/auth.js",
                    "jwt.sign(p, process.env.JWT_SECRET, { expiresIn: '1h' });\n",
                ),
            ],
        );
    }
    // An untracked, unignored env file in one of them.
    std::fs::write(folder.path().join("web/.env.local"), "PORT=3000\n").expect("write");
    let all = found(&json_in(folder.path(), &[]));
    let mut each: Vec<(String, String, String)> = Vec::new();
    for name in ["api", "web", "tools/cli"] {
        let alone = found(&json_in(&folder.path().join(name), &[]));
        assert!(
            alone.iter().any(|(r, p, _)| r == "JWT302" && p == ".env"),
            "{name}: {alone:?}"
        );
        each.extend(
            alone
                .into_iter()
                .map(|(r, p, s)| (r, format!("{name}/{p}"), s)),
        );
    }
    each.sort();
    assert_eq!(all, each);
    // Each repository's own rules: the committed .env of each, the
    // unignored one of web, no key shared across repositories (JWT604)
    // although each is a service holding the same key.
    for name in ["api", "web", "tools/cli"] {
        assert!(
            all.contains(&("JWT302".into(), format!("{name}/.env"), "high".into())),
            "{all:?}"
        );
    }
    assert!(
        all.iter()
            .any(|(r, p, _)| r == "JWT301" && p == "web/.env.local"),
        "{all:?}"
    );
    assert!(!all.iter().any(|(r, _, _)| r == "JWT604"), "{all:?}");
    // The advice runs from the scan's root.
    let run = run_in(folder.path(), &["--crack", "off", "--fail-on", "never"]);
    assert!(
        run.stdout.contains("git -C web rm --cached .env"),
        "{}",
        run.stdout
    );
}

/// A tracked path the walk did not meet is read from the work tree: never
/// through a directory that is a link out of it.
#[cfg(unix)]
#[test]
fn a_tracked_path_through_a_link_out_of_the_tree_is_not_read() {
    let outside = tempfile::TempDir::new().expect("temp dir");
    std::fs::write(
        outside.path().join("secret.conf"),
        format!("t = \"{TOKEN}\"\n"),
    )
    .expect("write");
    let repo = TestRepo::git();
    repo.write(".gitignore", ".env\n.env.local\n.env.production\n");
    std::os::unix::fs::symlink(outside.path(), repo.path().join("link")).expect("symlink");
    // An index entry under the link, as a crafted index could hold.
    let git = repo.git2();
    let mut index = git.index().expect("index");
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: git2::Oid::zero(),
        flags: 0,
        flags_extended: 0,
        path: b"link/secret.conf".to_vec(),
    };
    index.add_frombuffer(&entry, b"t = 1\n").expect("add entry");
    index.write().expect("write index");
    let report = repo.json(&["--crack", "off"]);
    assert!(
        !report.to_string().contains("secret.conf"),
        "read through a link out of the tree: {report}"
    );
}
