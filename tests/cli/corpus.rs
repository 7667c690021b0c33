//! The labelled corpus (`tests/corpus/`): every `expect:` marker must be
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

/// `(path, line, rule)` for every `expect: JWT201, JWT101` marker.
fn expected(repo: &TestRepo, files: &[String]) -> BTreeSet<(String, u64, String)> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(repo.path().join(file)).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.rfind("expect:") else {
                continue;
            };
            for id in line[at + 7..].split(|c: char| c == ',' || c.is_whitespace()) {
                if id.starts_with("JWT") {
                    out.insert((file.clone(), i as u64 + 1, id.to_string()));
                }
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

#[test]
fn positive_corpus_has_full_recall_and_precision() {
    let repo = TestRepo::git();
    let mut files = Vec::new();
    copy_tree(&corpus_dir("positive"), &repo, "", &mut files);
    repo.commit_all("corpus");
    let want = expected(&repo, &files);
    assert!(
        want.len() >= 60,
        "the corpus plants {} findings",
        want.len()
    );
    let got: BTreeSet<_> = triples(&repo.json(&["."])).into_iter().collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let noisy: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && noisy.is_empty(),
        "recall {}/{}; missing: {missing:#?}\nnoisy: {noisy:#?}",
        want.len() - missing.len(),
        want.len()
    );
}

#[test]
fn negative_corpus_is_silent() {
    let repo = TestRepo::git();
    let mut files = Vec::new();
    copy_tree(&corpus_dir("negative"), &repo, "", &mut files);
    repo.commit_all("corpus");
    assert!(files.len() >= 25, "only {} negative files", files.len());
    let report = repo.json(&["."]);
    let got = triples(&report);
    assert!(got.is_empty(), "false positives: {got:#?}");
    assert!(report["summary"]["files_scanned"].as_u64().unwrap_or(0) >= 25);
}
