//! Regexes and glob sets kept as source until first use: a scan that never
//! meets a Go file never pays for the Go patterns, and start-up stays in
//! milliseconds. Each is parsed (globs) or checked (`validate`) at load
//! where users' files are concerned, so an error names its file.

use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;

use super::{invalid, RuleError};

/// A regex kept as source until first use.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    pub(super) fn new(source: String) -> Self {
        LazyRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex; `None` only if the source is invalid, which
    /// `RuleSet::validate` rules out for every loaded file.
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| build_regex(&self.source).ok())
            .as_ref()
    }

    /// Compiles now, keeping the result, and reports a bad pattern.
    pub(super) fn check(&self) -> Result<(), regex::Error> {
        let regex = build_regex(&self.source)?;
        let _ = self.compiled.set(Some(regex));
        Ok(())
    }
}

/// Rule regexes are ASCII-only (`\b`, `\w`, `(?i)` on ASCII): identifiers
/// and keywords are ASCII, and a Unicode `\b` makes the regex engine leave
/// its fast DFA on any non-ASCII input (minified bundles, i18n strings).
pub(super) fn build_regex(source: &str) -> Result<Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(source)
        .unicode(false)
        .build()
}

pub(super) fn lazy_all(sources: &[String]) -> Vec<LazyRegex> {
    sources.iter().cloned().map(LazyRegex::new).collect()
}

/// A glob set, or `None` for no globs. Each glob is parsed now, so a bad one
/// is reported when the rules load; the set is built on first use.
pub(super) fn glob_set(
    file: &str,
    name: &str,
    globs: &[String],
) -> Result<Option<LazyGlobSet>, RuleError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let parsed = globs
        .iter()
        .map(|g| Glob::new(g).map_err(|e| invalid(file, name, &format!("bad glob: {e}"))))
        .collect::<Result<Vec<Glob>, RuleError>>()?;
    Ok(Some(LazyGlobSet {
        globs: parsed,
        set: OnceLock::new(),
    }))
}

/// A glob set built on first use: building one compiles a regex, and the
/// handful the rules hold took half of the rule set's start-up.
#[derive(Debug)]
pub(crate) struct LazyGlobSet {
    globs: Vec<Glob>,
    set: OnceLock<Option<GlobSet>>,
}

impl LazyGlobSet {
    /// Whether `path` matches; a set that cannot be built matches nothing.
    pub(crate) fn is_match(&self, path: &str) -> bool {
        self.set
            .get_or_init(|| {
                let mut builder = GlobSetBuilder::new();
                for g in &self.globs {
                    builder.add(g.clone());
                }
                builder.build().ok()
            })
            .as_ref()
            .is_some_and(|s| s.is_match(path))
    }
}
