//! Test code (docs/RULES.md): findings there get severity `low`, except JWT205 and
//! a secret that also appears outside test code, which keep their severity.

use std::collections::HashSet;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::finding::Finding;
use crate::rules::Severity;

/// The default test-path globs of docs/RULES.md.
pub(crate) const TEST_GLOBS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/__tests__/**",
    "**/spec/**",
    "**/testdata/**",
    "**/fixtures/**",
    "**/*_test.go",
    "**/*.test.*",
    "**/*.spec.*",
    "**/test_*.py",
    "**/*_test.py",
    "**/*Test.java",
    "**/*Tests.cs",
];

/// Matches test paths (relative, `/`-separated).
pub(crate) struct TestPaths {
    set: GlobSet,
}

impl TestPaths {
    pub(crate) fn default_set() -> TestPaths {
        let mut builder = GlobSetBuilder::new();
        for g in TEST_GLOBS {
            // A path relative to the root has no leading `/`: `**/` also
            // matches nothing, so `tests/a.js` matches `**/tests/**`.
            builder.add(Glob::new(g).expect("the built-in test globs are valid"));
        }
        TestPaths {
            set: builder.build().expect("the built-in test globs are valid"),
        }
    }

    /// Test paths matching `set` instead of the built-in globs.
    pub(crate) fn new(set: GlobSet) -> TestPaths {
        TestPaths { set }
    }

    pub(crate) fn is_test(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    /// Lowers test-code findings to `low` unless the same secret is also
    /// found outside test code.
    pub(crate) fn apply(&self, findings: &mut [Finding]) {
        let outside: HashSet<&str> = findings
            .iter()
            .filter(|f| !self.is_test(&f.path))
            .filter_map(|f| f.secret.as_deref())
            .collect();
        let lowered: Vec<usize> = findings
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.rule_id != "JWT205"
                    && self.is_test(&f.path)
                    && !f.secret.as_deref().is_some_and(|s| outside.contains(s))
            })
            .map(|(i, _)| i)
            .collect();
        for i in lowered {
            findings[i].severity = Severity::Low;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_test_paths() {
        let t = TestPaths::default_set();
        for p in [
            "tests/a.js",
            "src/test/java/AuthTest.java",
            "pkg/auth_test.go",
            "web/auth.spec.ts",
            "app/test_auth.py",
            "a/__tests__/x.js",
            "src/AuthTest.java",
        ] {
            assert!(t.is_test(p), "{p}");
        }
        for p in [
            "src/auth.js",
            "contest/a.py",
            "latest/x.go",
            "src/testing.py",
        ] {
            assert!(!t.is_test(p), "{p}");
        }
    }
}
