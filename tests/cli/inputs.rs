//! What is walked and read: hidden files, .git, gitignore, paths, symlinks,
//! and bad input that must never stop the scan.

use crate::support::{run_in, triples, TestRepo, STRONG};

fn sign_line(key: &str) -> String {
    format!("const t = jwt.sign({{ id: 1 }}, '{key}', {{ expiresIn: '1h' }});\n")
}

#[test]
fn hidden_files_are_scanned_and_dot_git_never() {
    let repo = TestRepo::git();
    repo.write(".github/scripts/sign.js", sign_line(STRONG));
    repo.write(".env", "JWT_SECRET=secret\n");
    // A planted file inside .git must never be read.
    repo.write(".git/hooks/sign.js", sign_line(STRONG));
    let got = triples(&repo.json(&["."]));
    assert_eq!(
        got,
        vec![
            (".env".into(), 1, "JWT101".into()),
            // Hidden and not ignored: the .env rules see it too.
            (".env".into(), 1, "JWT301".into()),
            (".github/scripts/sign.js".into(), 1, "JWT201".into()),
            (".gitignore".into(), 1, "JWT303".into()),
        ]
    );
}

#[test]
fn gitignored_files_are_skipped_unless_named() {
    let repo = TestRepo::git();
    repo.write(".gitignore", "build/\n");
    repo.write("build/bundle.js", sign_line(STRONG));
    repo.write("src/app.js", sign_line(STRONG));
    let got = triples(&repo.json(&["."]));
    assert_eq!(
        got,
        vec![
            // build/ is ignored, .env is not: JWT303.
            (".gitignore".into(), 1, "JWT303".into()),
            ("src/app.js".into(), 1, "JWT201".into())
        ]
    );
    let named = triples(&repo.json(&["build/bundle.js"]));
    assert_eq!(named, vec![("build/bundle.js".into(), 1, "JWT201".into())]);
}

#[test]
fn paths_are_relative_to_the_work_tree_root() {
    let repo = TestRepo::git();
    repo.write("services/api/src/auth.js", sign_line(STRONG));
    let sub = repo.path().join("services/api");
    let run = run_in(&sub, &["--format", "json", "src"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["findings"][0]["path"], "services/api/src/auth.js");
}

#[test]
fn outside_git_paths_are_relative_to_the_scanned_path() {
    let tree = TestRepo::plain();
    tree.write("proj/src/auth.js", sign_line(STRONG));
    let run = run_in(tree.path(), &["--format", "json", "proj"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["findings"][0]["path"], "src/auth.js");
}

#[test]
fn missing_path_exits_2_with_one_line() {
    let tree = TestRepo::plain();
    let run = tree.run(&["no/such/dir"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("no/such/dir"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn scan_subcommand_scans_a_directory_named_like_a_subcommand() {
    let tree = TestRepo::plain();
    tree.write("rules/a.js", sign_line(STRONG));
    let run = tree.run(&["scan", "rules", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("\"JWT201\""));
}

#[test]
fn bad_input_never_stops_the_scan() {
    let tree = TestRepo::plain();
    // Binary (NUL byte) with a key inside: skipped as binary.
    let mut binary = b"\x00\x01\x02".to_vec();
    binary.extend_from_slice(sign_line(STRONG).as_bytes());
    tree.write("bin/blob.js", binary);
    // Invalid UTF-8 around a real finding.
    let mut invalid = b"// \xff\xfe\xfd garbage\n".to_vec();
    invalid.extend_from_slice(sign_line(STRONG).as_bytes());
    tree.write("src/latin1.js", invalid);
    // CRLF line ends.
    tree.write(
        "src/crlf.js",
        "// header\r\nconst t = jwt.sign(p, 'secret');\r\n",
    );
    // A 4 MB single-line minified bundle with a key at its end.
    let mut bundle = "var a=1;".repeat(500_000);
    bundle.push_str("jwt.sign(p,\"secret\");");
    tree.write("dist/bundle.min.js", bundle);
    // Minified bundles are skipped by default: read this one.
    tree.write(".jwtscan.yaml", "paths:\n  vendored: true\n");
    // An empty file and a broken symlink.
    tree.write("src/empty.js", "");
    #[cfg(unix)]
    std::os::unix::fs::symlink("does-not-exist.js", tree.path().join("src/broken.js"))
        .expect("symlink");
    let report = tree.json(&["."]);
    let got = triples(&report);
    assert_eq!(
        got,
        vec![
            ("dist/bundle.min.js".into(), 1, "JWT101".into()),
            ("dist/bundle.min.js".into(), 1, "JWT201".into()),
            ("src/crlf.js".into(), 2, "JWT101".into()),
            ("src/crlf.js".into(), 2, "JWT201".into()),
            ("src/latin1.js".into(), 2, "JWT201".into()),
        ]
    );
    assert_eq!(report["summary"]["files_skipped"]["binary"], 1);
    // Column of the CRLF finding counts code points, not the \r.
    let crlf = &report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["path"] == "src/crlf.js")
        .expect("crlf finding")["column"];
    assert_eq!(crlf, 24);
}

#[test]
fn large_files_are_skipped_and_said_once() {
    let tree = TestRepo::plain();
    tree.write(
        "big1.js",
        format!("{}{}", " ".repeat(2048), sign_line(STRONG)),
    );
    tree.write(
        "big2.js",
        format!("{}{}", " ".repeat(2048), sign_line(STRONG)),
    );
    tree.write("small.js", sign_line(STRONG));
    let run = tree.run(&["--format", "json", "--max-file-size", "1024", "."]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        triples(&report),
        vec![("small.js".into(), 1, "JWT201".into())]
    );
    assert_eq!(report["summary"]["files_skipped"]["too_large"], 2);
    assert_eq!(
        run.stderr.matches("larger than --max-file-size").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn symlinks_are_not_followed() {
    let outside = TestRepo::plain();
    outside.write("secret.js", sign_line(STRONG));
    let tree = TestRepo::plain();
    tree.write("src/ok.js", "console.log('hi');\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.js"),
            tree.path().join("src/link.js"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(outside.path(), tree.path().join("linkdir")).expect("symlink");
    }
    let got = triples(&tree.json(&["."]));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn markdown_snippets_are_not_findings() {
    let tree = TestRepo::plain();
    tree.write("README.md", format!("```js\n{}```\n", sign_line(STRONG)));
    tree.write("docs/guide.mdx", sign_line(STRONG));
    assert!(triples(&tree.json(&["."])).is_empty());
}

#[test]
fn test_code_is_low_unless_the_secret_is_also_used_elsewhere() {
    let repo = TestRepo::git();
    let other = "Zs3Jd-0Q8b_Vf1xK7tNw2mYc9pLr4hGe6uAo5iBj";
    repo.write(
        "test/auth.test.js",
        format!("{}{}", sign_line(STRONG), sign_line(other)),
    );
    repo.write("src/app.js", sign_line(other));
    let report = repo.json(&["."]);
    let severity = |path: &str, line: u64| {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["path"] == path && f["line"] == line && f["rule_id"] == "JWT201")
            .map(|f| f["severity"].as_str().expect("severity").to_string())
    };
    assert_eq!(severity("test/auth.test.js", 1).as_deref(), Some("low"));
    assert_eq!(severity("test/auth.test.js", 2).as_deref(), Some("high"));
    assert_eq!(severity("src/app.js", 1).as_deref(), Some("high"));
}

#[test]
fn inline_ignores_suppress_and_are_counted() {
    let tree = TestRepo::plain();
    tree.write(
        "a.js",
        format!(
            "{}// jwtscan:ignore[JWT101]\nconst u = jwt.sign(p, 'secret');\nconst v = jwt.sign(p, 'secret'); // jwtscan:ignore\n",
            sign_line(STRONG).replace('\n', " // jwtscan:ignore[JWT201]\n")
        ),
    );
    let report = tree.json(&["."]);
    assert_eq!(triples(&report), vec![("a.js".into(), 3, "JWT201".into())]);
    assert_eq!(report["summary"]["suppressed"], 4);
}

#[test]
fn lock_files_are_never_read() {
    let tree = TestRepo::plain();
    let lock = format!("{{\"packages\": {{\"jwt\": {{\"jwtSecret\": \"{STRONG}\"}}}}}}\n");
    tree.write("package-lock.json", &lock);
    tree.write("config/default.json", &lock);
    let report = tree.json(&["."]);
    assert_eq!(
        triples(&report),
        vec![("config/default.json".into(), 1, "JWT202".into())]
    );
    assert_eq!(report["summary"]["files_scanned"], 1);
}
