//! The labelled corpora (`tests/corpus/`): every `expect:` marker must be
//! found (recall) and nothing else may be (precision), in a real git
//! repository built from the corpus files.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{triples, TestRepo};

/// Copies `src` into the repo under `dest`, returning the relative paths.
fn copy_tree(src: &Path, repo: &TestRepo, dest: &str, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(src).expect("read corpus dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if dest.is_empty() {
            name.clone()
        } else {
            format!("{dest}/{name}")
        };
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), repo, &rel, files);
        } else {
            repo.write(&rel, std::fs::read(entry.path()).expect("read corpus file"));
            files.push(rel);
        }
    }
}

/// `(path, line, rule)` for every `expect: JWT201, JWT101` marker, and for
/// every `LINE: JWT202, JWT101` line of a `<file>.expect` sidecar (formats
/// without end-of-line comments: JSON, `.properties`, Dockerfile).
fn expected(repo: &TestRepo, files: &[String]) -> BTreeSet<(String, u64, String)> {
    let mut out = BTreeSet::new();
    let mut add = |file: &str, line: u64, ids: &str| {
        for id in ids.split(|c: char| c == ',' || c.is_whitespace()) {
            if id.starts_with("JWT") {
                out.insert((file.to_string(), line, id.to_string()));
            }
        }
    };
    for file in files {
        let text = std::fs::read_to_string(repo.path().join(file)).unwrap_or_default();
        if let Some(target) = file.strip_suffix(".expect") {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let (n, ids) = line.split_once(':').expect("sidecar lines are `LINE: IDS`");
                add(target, n.trim().parse().expect("a line number"), ids);
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            if let Some(at) = line.rfind("expect:") {
                add(file, i as u64 + 1, &line[at + 7..]);
            }
        }
    }
    out
}

fn corpus_dir(kind: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind)
}

fn repo_of(dir: &str) -> (TestRepo, Vec<String>) {
    let repo = TestRepo::git();
    let mut files = Vec::new();
    copy_tree(&corpus_dir(dir), &repo, "", &mut files);
    // A well-kept repository: env files ignored (the .env rules still give
    // their keys a strength verdict), templates committed. A committed env
    // file is JWT302, an unignored one JWT301: the git tests cover those.
    repo.write(
        ".gitignore",
        ".env\n.env.*\n!.env.example\n!.env.sample\n!.env.template\n!.env.dist\n",
    );
    repo.commit_matching("corpus", |path| {
        let name = path.rsplit('/').next().unwrap_or(path);
        !(name == ".env" || name.starts_with(".env.") || name.ends_with(".env"))
            || name.contains("example")
            || name.contains("sample")
            || name.contains("template")
            || name.ends_with(".dist")
    });
    (repo, files)
}

/// Scans a copy of `dir` in a fresh repository and asserts that the findings
/// are exactly the labelled ones; returns how many there are.
fn assert_exact(dir: &str) -> usize {
    let (repo, files) = repo_of(dir);
    let want = expected(&repo, &files);
    let got: BTreeSet<_> = triples(&repo.json(&["."])).into_iter().collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let noisy: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && noisy.is_empty(),
        "{dir}: recall {}/{}; missing: {missing:#?}\nnoisy: {noisy:#?}",
        want.len() - missing.len(),
        want.len()
    );
    want.len()
}

/// Scans a copy of `dir` and asserts silence; returns the files scanned.
fn assert_silent(dir: &str) -> u64 {
    let (repo, _) = repo_of(dir);
    let report = repo.json(&["."]);
    let got = triples(&report);
    assert!(got.is_empty(), "{dir}: false positives: {got:#?}");
    report["summary"]["files_scanned"].as_u64().unwrap_or(0)
}

#[test]
fn positive_corpus_has_full_recall_and_precision() {
    let planted = assert_exact("positive");
    assert!(planted >= 60, "the corpus plants {planted} findings");
}

#[test]
fn negative_corpus_is_silent() {
    assert!(assert_silent("negative") >= 25);
}

#[test]
fn polyglot_corpus_has_full_recall_and_precision() {
    let planted = assert_exact("polyglot/positive");
    assert!(
        planted >= 120,
        "the polyglot corpus plants {planted} findings"
    );
}

#[test]
fn polyglot_negative_corpus_is_silent() {
    assert!(assert_silent("polyglot/negative") >= 35);
}
