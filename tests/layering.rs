//! The crate's layering, checked on the source text of `src/`.
//!
//! Every `.rs` file under `src/` is mapped to its module path (`src/lib.rs`
//! and `src/main.rs` are the crate root, `src/a.rs` and `src/a/mod.rs` are
//! `a`, `src/a/b.rs` is `a::b`), comments and string literals are blanked
//! out, and every `crate::...` path and every `super::...` / `self::...` path
//! (resolved from the module it is written in, inline `mod x { ... }` blocks
//! included) is reduced to the layer of the module it names (`LAYERS`). A
//! layer may only reach itself and the layers `ALLOWED` lists for it; a
//! `crate::x` where `x` is no module file (`src/x.rs`, `src/x/mod.rs`) names an
//! item of the crate root, layer `entry`.
//!
//! The analysis works on (path, text) pairs: `src_follows_the_layering` feeds
//! it the files of `src/`, `the_checker_sees_what_it_must` a small fake crate.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Module path prefix -> layer; the longest matching prefix wins. The crate
/// root is `entry`. A top-level module that is not here fails the test.
const LAYERS: &[(&str, &str)] = &[
    ("finding", "core"),
    ("text", "core"),
    ("fsio", "core"),
    ("atomic", "core"),
    ("yaml", "core"),
    ("rules", "rules"),
    ("detect", "detect"),
    ("git", "git"),
    ("scan", "sources"),
    ("scanner", "scanner"),
    ("report", "report"),
    ("config", "policy"),
    ("baseline", "policy"),
    ("fix", "actions"),
    ("hook", "actions"),
    ("keygen", "actions"),
    ("cli", "entry"),
    ("commands", "entry"),
    ("fuzzing", "entry"),
];

/// Layer -> the other layers it may import (its own is always allowed).
/// `entry` may import anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("core", &[]),
    ("rules", &["core"]),
    ("detect", &["rules", "core"]),
    ("git", &["core"]),
    ("sources", &["detect", "rules", "git", "core"]),
    (
        "scanner",
        &["sources", "policy", "detect", "git", "rules", "core"],
    ),
    ("report", &["rules", "core"]),
    ("policy", &["rules", "core", "detect"]),
    ("actions", &["sources", "git", "detect", "rules", "core"]),
];

const ROOT_LAYER: &str = "entry";

#[test]
fn src_follows_the_layering() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_rs_files(root, &root.join("src"), &mut files);
    assert!(!files.is_empty(), "no .rs files under src/");
    let problems = analyze(&files);
    assert!(
        problems.is_empty(),
        "{} layering problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_what_it_must() {
    // Which modules exist comes from the file paths (the `mod` lines of the fake
    // lib.rs are for the reader): `crate::x` without an `src/x.rs` or
    // `src/x/mod.rs` is an item of the crate root.
    let fake = |path: &str, text: &str| (path.to_string(), text.to_string());
    let files = [
        fake(
            "src/lib.rs",
            "mod detect; mod report; mod scan; mod text; mod newthing;\n\
             pub(crate) fn interrupted() -> bool { false }\n\
             use cli::Cli; use crate::report::sort;\n",
        ),
        fake("src/report/mod.rs", "pub fn sort() {}\n"),
        fake("src/scan/mod.rs", "mod history;\n"),
        // A forbidden import, inline and in a `use`; `$crate` and `pub(crate)` are no paths.
        fake(
            "src/scan/history.rs",
            "use crate::report::sort;\n\
             pub(crate) fn f() { crate :: report :: json::write(); crate::detect::x(); }\n\
             macro_rules! m { () => { $crate::report::x() } }\n",
        ),
        // `super` from a mod.rs is the parent of the directory module; an inline
        // `mod tests` is one level deeper, so its `super` is the file's module.
        fake(
            "src/detect/mod.rs",
            "mod lines; use super::interrupted;\n\
             fn g() { if true { let _ = 1; } }\n\
             #[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::text::x;\n}\n\
             use super::{scan::walker, text};\n",
        ),
        fake(
            "src/detect/lines.rs",
            "use super::super::scan::walker;\nuse super::Thing;\nuse self::inner::y;\n\
             mod inner { pub fn y() {} }\n",
        ),
        // Grouped `use`, nested groups and `self` in a group.
        fake(
            "src/rules/loader.rs",
            "use crate::{report, detect::x, text::{self, y as z}};\n\
             use crate::scan::{self, *};\n",
        ),
        // Comments and strings (raw ones too) are no imports.
        fake(
            "src/text.rs",
            "// use crate::report::x;\n/// crate::scan::y\n//! crate::cli\n\
             /* crate::report /* nested */ crate::scan */\n\
             const A: &str = \"crate::scan::x \\\" crate::report::y\";\n\
             const B: &str = r#\"crate::report \" crate::scan\"#;\n\
             const C: &[u8] = br\"crate::detect\";\n\
             const Q: char = '\"'; fn lt<'a>(s: &'a str) -> &'a str { s }\n\
             const E: char = '\\''; const D: &str = \"crate::cli\";\n\
             use crate::fsio;\n",
        ),
        fake("src/newthing.rs", "use crate::text;\n"),
        fake("src/fsio.rs", "use super::text::x;\n"),
    ];
    let problems = analyze(&files);
    let expected = [
        "src/detect/lines.rs: detect -> sources (crate::scan::walker, written super::super::scan::walker)",
        "src/detect/mod.rs: detect -> entry (crate::interrupted, written super::interrupted)",
        "src/detect/mod.rs: detect -> sources (crate::scan::walker, written super::scan::walker)",
        "src/newthing.rs: module `newthing` is not in the layer table: add it to LAYERS in tests/layering.rs",
        "src/rules/loader.rs: rules -> detect (crate::detect::x)",
        "src/rules/loader.rs: rules -> report (crate::report)",
        "src/rules/loader.rs: rules -> sources (crate::scan)",
        "src/scan/history.rs: sources -> report (crate::report::json::write)",
        "src/scan/history.rs: sources -> report (crate::report::sort)",
    ];
    assert_eq!(problems, expected, "\nproblems:\n{}", problems.join("\n"));
}

/// Every `.rs` file under `dir`, as (path relative to `root` with `/`, text).
fn collect_rs_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rs_files(root, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            let rel = path
                .strip_prefix(root)
                .expect("file under the manifest dir");
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push((rel.join("/"), text));
        }
    }
}

/// The layering problems of a set of (path under the crate, text) files, one
/// line each, sorted: forbidden references and modules missing from `LAYERS`.
fn analyze(files: &[(String, String)]) -> Vec<String> {
    // The top-level modules, `src/x.rs` or `src/x/mod.rs`: `crate::x` with any
    // other `x` names an item of the crate root.
    let top_modules: BTreeSet<&str> = files
        .iter()
        .filter_map(|(path, _)| match module_path(path)[..] {
            [name] => Some(name),
            _ => None,
        })
        .collect();

    let mut problems = BTreeSet::new();
    for (path, text) in files {
        let module = module_path(path);
        let Some(from) = layer_of(&module) else {
            problems.insert(format!(
                "{path}: module `{}` is not in the layer table: add it to LAYERS in tests/layering.rs",
                module[0]
            ));
            continue;
        };
        for reference in references(&module, &strip(text)) {
            let to = match reference.resolved.first() {
                Some(first) if top_modules.contains(first.as_str()) => {
                    // An unknown module is reported for its own files.
                    let Some(to) = layer_of(&reference.resolved) else {
                        continue;
                    };
                    to
                }
                _ => ROOT_LAYER,
            };
            if !may_import(from, to) {
                problems.insert(format!("{path}: {from} -> {to} ({reference})"));
            }
        }
    }
    problems.into_iter().collect()
}

/// `src/lib.rs` and `src/main.rs` -> `[]`; `src/a.rs`, `src/a/mod.rs` -> `[a]`;
/// `src/a/b.rs` -> `[a, b]`.
fn module_path(path: &str) -> Vec<&str> {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    if rel == "lib" || rel == "main" {
        return Vec::new();
    }
    let mut segments: Vec<&str> = rel.split('/').collect();
    if segments.last() == Some(&"mod") {
        segments.pop();
    }
    segments
}

/// The layer of a module path by its longest prefix in `LAYERS`; `None` for a
/// path under a top-level module `LAYERS` does not name.
fn layer_of<S: AsRef<str>>(module: &[S]) -> Option<&'static str> {
    if module.is_empty() {
        return Some(ROOT_LAYER);
    }
    LAYERS
        .iter()
        .filter(|(prefix, _)| {
            let prefix: Vec<&str> = prefix.split("::").collect();
            prefix.len() <= module.len() && prefix.iter().zip(module).all(|(p, m)| *p == m.as_ref())
        })
        .max_by_key(|(prefix, _)| prefix.split("::").count())
        .map(|&(_, layer)| layer)
}

fn may_import(from: &str, to: &str) -> bool {
    from == to
        || from == ROOT_LAYER
        || ALLOWED
            .iter()
            .any(|(layer, allowed)| *layer == from && allowed.contains(&to))
}

/// The source with comments (line, doc and nested block ones) removed and the
/// contents of string, raw string and char literals emptied; newlines are kept.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == 'r' && raw_string_start(&chars, i) {
            // r"..", r#".."#, br"..", cr#".."#: the prefix letter is already out.
            let mut hashes = 0;
            i += 1;
            while chars[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1; // the opening quote
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal: '\'', '\\', '\u{..}'.
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            out.push_str("' '");
            i += 1;
        } else if c == '\'' && next.is_some() && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            // Anything else, lifetimes and labels included, is kept.
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the `r` at `i` starts a raw string: `r` or `br`/`cr`, not inside a
/// longer identifier, then `#`s and a quote.
fn raw_string_start(chars: &[char], i: usize) -> bool {
    let ident = |c: &char| c.is_alphanumeric() || *c == '_';
    let before = |k: usize| i.checked_sub(k).and_then(|j| chars.get(j));
    let prefix_ok = match before(1) {
        None => true,
        Some(&('b' | 'c')) => !before(2).is_some_and(ident),
        Some(c) => !ident(c),
    };
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    prefix_ok && chars.get(j) == Some(&'"')
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Punct(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A raw identifier `r#name` is `name`.
            if word == "r"
                && chars.get(i) == Some(&'#')
                && chars
                    .get(i + 1)
                    .is_some_and(|c| c.is_alphabetic() || *c == '_')
            {
                i += 1;
                continue;
            }
            tokens.push(Token::Ident(word));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push(Token::PathSep);
            i += 2;
        } else {
            tokens.push(Token::Punct(c));
            i += 1;
        }
    }
    tokens
}

/// A path to a crate module or item, as written and resolved from the crate
/// root (`resolved` has no leading `crate`).
struct Reference {
    written: String,
    resolved: Vec<String>,
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let resolved = std::iter::once("crate")
            .chain(self.resolved.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("::");
        if self.written == resolved {
            write!(f, "{resolved}")
        } else {
            write!(f, "{resolved}, written {}", self.written)
        }
    }
}

/// Every `crate::`, `super::` and `self::` path in stripped source, with
/// `use` groups expanded, resolved from `file_module` and the inline modules
/// around each path.
fn references(file_module: &[&str], stripped: &str) -> Vec<Reference> {
    let tokens = tokenize(stripped);
    let ident = |i: usize| match tokens.get(i) {
        Some(Token::Ident(word)) => Some(word.as_str()),
        _ => None,
    };
    let mut refs = Vec::new();
    // The current module, and for each inline `mod x {` the brace depth it opened at.
    let mut module: Vec<String> = file_module.iter().map(|s| s.to_string()).collect();
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if inline_mods.last() == Some(&depth) {
                    inline_mods.pop();
                    module.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(name), Some(Token::Punct('{'))) = (ident(i + 1), tokens.get(i + 2)) {
                    module.push(name.to_string());
                    inline_mods.push(depth);
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Ident(word) if matches!(word.as_str(), "crate" | "super" | "self") => {
                let starts_path = tokens.get(i + 1) == Some(&Token::PathSep)
                    && !matches!(
                        i.checked_sub(1).map(|j| &tokens[j]),
                        Some(Token::PathSep | Token::Punct('$'))
                    );
                if starts_path {
                    // The leading `crate`, `self` and `super`s.
                    let mut base: Vec<String> = if word == "crate" {
                        Vec::new()
                    } else {
                        module.clone()
                    };
                    let mut written = word.clone();
                    if word == "super" {
                        base.pop();
                    }
                    i += 1;
                    while tokens.get(i) == Some(&Token::PathSep) && ident(i + 1) == Some("super") {
                        base.pop();
                        written.push_str("::super");
                        i += 2;
                    }
                    i = use_tree_tail(&tokens, i, &written, &base, &mut refs);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    refs
}

/// Reads what follows a path prefix at `i` (`::a::b`, `::{..}`, `::*` or
/// nothing), pushes the paths it ends in and returns the index after it.
fn use_tree_tail(
    tokens: &[Token],
    mut i: usize,
    written: &str,
    resolved: &[String],
    refs: &mut Vec<Reference>,
) -> usize {
    let mut written = written.to_string();
    let mut resolved = resolved.to_vec();
    while tokens.get(i) == Some(&Token::PathSep) {
        match tokens.get(i + 1) {
            Some(Token::Ident(segment)) => {
                written = format!("{written}::{segment}");
                resolved.push(segment.clone());
                i += 2;
            }
            Some(Token::Punct('{')) => {
                i += 2;
                loop {
                    match tokens.get(i) {
                        None => return i,
                        Some(Token::Punct('}')) => return i + 1,
                        Some(Token::Punct(',')) => i += 1,
                        // `self` in a group is the prefix itself.
                        Some(Token::Ident(word)) if word == "self" => {
                            refs.push(Reference {
                                written: written.clone(),
                                resolved: resolved.clone(),
                            });
                            i += 1;
                        }
                        Some(Token::Ident(word)) if word == "as" => i += 2,
                        Some(Token::Ident(segment)) => {
                            let inner_written = format!("{written}::{segment}");
                            let mut inner_resolved = resolved.clone();
                            inner_resolved.push(segment.clone());
                            i += 1;
                            if tokens.get(i) == Some(&Token::PathSep) {
                                i = use_tree_tail(tokens, i, &inner_written, &inner_resolved, refs);
                            } else {
                                refs.push(Reference {
                                    written: inner_written,
                                    resolved: inner_resolved,
                                });
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            // `::*`, a turbofish `::<`, or anything else ends the path.
            _ => {
                i += 2;
                break;
            }
        }
    }
    refs.push(Reference { written, resolved });
    i
}
