//! Small git helpers shared by the staged, diff and history sources.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use git2::Repository;

/// The repository around `cwd`, or a one-line reason why there is none.
pub(crate) fn open(cwd: &Path) -> Result<Repository> {
    let repo = Repository::discover(cwd)
        .map_err(|_| anyhow!("{} is not inside a git repository", cwd.display()))?;
    if repo.is_bare() {
        return Err(anyhow!(
            "{} is a bare repository: there is no index or work tree",
            repo.path().display()
        ));
    }
    Ok(repo)
}

/// `paths` (relative to `cwd`) as `/`-separated prefixes relative to the
/// work tree root; empty means everything.
pub(crate) fn path_prefixes(
    repo: &Repository,
    cwd: &Path,
    paths: &[PathBuf],
) -> Result<Vec<String>> {
    let Some(root) = repo.workdir() else {
        return Ok(Vec::new());
    };
    let root = root.canonicalize()?;
    let mut prefixes = Vec::new();
    for path in paths {
        let full = cwd.join(path);
        let full = full.canonicalize().unwrap_or(full);
        let rel = full
            .strip_prefix(&root)
            .map_err(|_| anyhow!("{}: outside the repository", path.display()))?;
        let rel = slash_path(rel);
        if rel.is_empty() {
            return Ok(Vec::new());
        }
        prefixes.push(rel);
    }
    Ok(prefixes)
}

/// Whether `path` is `prefix` or inside it.
pub(crate) fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|r| r.starts_with('/'))
}

/// A git path with `/` separators.
pub(crate) fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn iso8601(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_651_199), "2026-11-25T23:59:59Z");
    }

    #[test]
    fn prefixes() {
        assert!(under("src/a.js", "src"));
        assert!(under("src", "src"));
        assert!(!under("srcx/a.js", "src"));
    }
}
