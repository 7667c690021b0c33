//! `jwtscan fix`: makes git ignore env files by appending what the root
//! `.gitignore` lacks under a `# jwtscan: env files` comment, and prints
//! (never runs) the commands that untrack env files already in git.
//!
//! Each pattern is added only if git, with the patterns added so far, would
//! still not ignore the file it stands for, so a second run changes
//! nothing. The file keeps its content, line endings and mode, and is
//! replaced atomically ([`crate::atomic`]).
//!
//! An action of `commands/fix.rs`: it may use sources (the env-file list),
//! git and the rules' words; never a reporter or the CLI.

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use git2::{Repository, Status};

use crate::rules::Words;
use crate::scan::envfiles;
use crate::scan::ignores::GitIgnores;
use crate::text::escape_control;

/// The comment our block starts with.
const HEADER: &str = "# jwtscan: env files";

/// Patterns every repository wants, each with a file it must ignore.
const PATTERNS: [(&str, &str); 4] = [
    (".env", ".env"),
    (".env.local", ".env.local"),
    (".env.*.local", ".env.development.local"),
    (".env.production", ".env.production"),
];

/// What `jwtscan fix` is asked to do.
pub(crate) struct FixOptions<'a> {
    /// A directory inside the repository to fix.
    pub path: &'a Path,
    /// Print the change as a diff and write nothing.
    pub dry_run: bool,
    /// Also write a fresh key for this variable into `.env`.
    pub env_secret: Option<&'a str>,
    /// Which files are env files (the rules' `words:`).
    pub words: &'a Words,
}

pub(crate) fn run(args: &FixOptions<'_>, out: &mut dyn Write) -> Result<()> {
    let repo = Repository::discover(args.path)
        .map_err(|_| anyhow!("{} is not inside a git repository", args.path.display()))?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| anyhow!("the repository has no work tree"))?
        .to_path_buf();
    // Two fixes at once would both see the block missing and both add it.
    let _lock = lock(&repo)?;
    let compose: Vec<String> = [
        "docker-compose.yml",
        "docker-compose.yaml",
        "compose.yml",
        "compose.yaml",
    ]
    .into_iter()
    .filter(|name| workdir.join(name).is_file())
    .map(str::to_string)
    .collect();
    let (files, problem) = envfiles::env_files(args.words, &repo, &compose, &|_| true);
    if let Some(problem) = problem {
        writeln!(out, "jwtscan fix: warning: {problem}")?;
    }

    // What to add: the standard patterns, then each env file still loose.
    let mut wanted: Vec<(String, String)> = PATTERNS
        .iter()
        .map(|(p, f)| (p.to_string(), f.to_string()))
        .collect();
    for (path, status) in &files {
        if status.contains(Status::WT_NEW) {
            wanted.push((format!("/{}", gitignore_escape(path)), path.clone()));
        }
    }
    let mut ignores =
        GitIgnores::new(&repo).ok_or_else(|| anyhow!("the repository has no work tree"))?;
    let mut added: Vec<String> = Vec::new();
    let mut stuck: Vec<String> = Vec::new();
    for (pattern, file) in wanted {
        if ignores.is_ignored(&file, false) {
            continue;
        }
        ignores.append_to_root(&pattern);
        if ignores.is_ignored(&file, false) {
            added.push(pattern);
        } else {
            // A deeper .gitignore re-includes it: a root line cannot help.
            ignores.pop_root();
            stuck.push(file);
        }
    }
    for file in &stuck {
        writeln!(
            out,
            "jwtscan fix: warning: {} stays unignored: a .gitignore below the root re-includes it (`git check-ignore -v {}` shows which); fix that file by hand",
            escape_control(file),
            shell_quote(&escape_control(file))
        )?;
    }

    let gitignore = workdir.join(".gitignore");
    if added.is_empty() {
        writeln!(
            out,
            "jwtscan fix: .gitignore already ignores the env files; nothing to change"
        )?;
    } else {
        crate::fsio::inside(&gitignore, &workdir).context("jwtscan fix changes nothing")?;
        let old = match crate::fsio::read_regular(
            &gitignore,
            crate::fsio::IGNORE_FILE_CAP,
            crate::fsio::Links::Refuse,
        ) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => Vec::new(),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot read {}; nothing was changed", gitignore.display())
                })
            }
        };
        let old = String::from_utf8(old)
            .map_err(|_| anyhow!(".gitignore is not UTF-8; not touching it"))?;
        let new = with_patterns(&old, &added);
        if args.dry_run {
            write_diff(out, &old, &new)?;
        } else {
            crate::atomic::write(
                &gitignore,
                new.as_bytes(),
                0o644,
                crate::atomic::Scope::Inside(&workdir),
            )?;
            writeln!(
                out,
                "jwtscan fix: added to .gitignore: {}",
                added
                    .iter()
                    .map(|p| escape_control(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
        }
    }

    let tracked: Vec<&String> = files
        .iter()
        .filter(|(_, s)| !s.intersects(Status::WT_NEW | Status::IGNORED))
        .map(|(p, _)| p)
        .collect();
    if !tracked.is_empty() {
        writeln!(
            out,
            "jwtscan fix: these env files are in git; ignoring them is not enough. Untrack them (the files stay on disk) and rotate every key they held:"
        )?;
        for path in tracked {
            writeln!(
                out,
                "  git rm --cached -- {}",
                shell_quote(&escape_control(path))
            )?;
        }
    }

    if let Some(name) = args.env_secret {
        env_secret(args.words, &workdir, name, args.dry_run, out)?;
    }
    Ok(())
}

/// `old` with `patterns` added to our block (created at the end if absent),
/// in the file's own line ending.
fn with_patterns(old: &str, patterns: &[String]) -> String {
    let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = old.lines().collect();
    let block: String = patterns.iter().map(|p| format!("{p}{eol}")).collect();
    if let Some(start) = lines.iter().position(|l| l.trim_end() == HEADER) {
        // Insert after the block's last line (the header and the lines
        // below it up to a blank one).
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.trim().is_empty())
            .map_or(lines.len(), |n| start + 1 + n);
        let mut out = String::new();
        for line in &lines[..end] {
            out.push_str(line);
            out.push_str(eol);
        }
        out.push_str(&block);
        for line in &lines[end..] {
            out.push_str(line);
            out.push_str(eol);
        }
        return out;
    }
    let mut out = old.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    if !out.is_empty() {
        out.push_str(eol);
    }
    out.push_str(HEADER);
    out.push_str(eol);
    out.push_str(&block);
    out
}

fn write_diff(out: &mut dyn Write, old: &str, new: &str) -> Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(2)
            .header(".gitignore", ".gitignore")
    )?;
    writeln!(out, "jwtscan fix: dry run; nothing was written")?;
    Ok(())
}

/// `--env-secret NAME`: a new key in `.env`, once `.env` is ignored and
/// only if no env file defines NAME yet.
fn env_secret(
    words: &Words,
    workdir: &Path,
    name: &str,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(anyhow!(
            "--env-secret wants a variable name such as JWT_SECRET"
        ));
    }
    let repo = Repository::open(workdir)?;
    let (files, _) = envfiles::env_files(words, &repo, &[], &|_| true);
    for path in files.keys() {
        let text = crate::fsio::read_text(
            &workdir.join(path),
            crate::fsio::CONFIG_CAP,
            crate::fsio::Links::Refuse,
        )
        .unwrap_or_default();
        if defines(&text, name) {
            writeln!(
                out,
                "jwtscan fix: {name} is already set in {}; not adding another key",
                escape_control(path)
            )?;
            return Ok(());
        }
    }
    if dry_run {
        writeln!(
            out,
            "jwtscan fix: would add {name} with a new 256-bit key to .env"
        )?;
        return Ok(());
    }
    if !GitIgnores::new(&repo).is_some_and(|mut i| i.is_ignored(".env", false)) {
        return Err(anyhow!(
            ".env is not ignored by git; not writing a key into it"
        ));
    }
    if files
        .get(".env")
        .is_some_and(|s| !s.intersects(Status::WT_NEW | Status::IGNORED))
    {
        return Err(anyhow!(
            ".env is tracked by git; untrack it before writing a key into it"
        ));
    }
    let path = workdir.join(".env");
    crate::fsio::inside(&path, workdir).context("jwtscan fix changes nothing")?;
    let old =
        match crate::fsio::read_text(&path, crate::fsio::CONFIG_CAP, crate::fsio::Links::Follow) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => String::new(),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot read {}; nothing was changed", path.display())
                })
            }
        };
    let eol = if old.contains("\r\n") { "\r\n" } else { "\n" };
    let key = crate::keygen::encode(&crate::keygen::random_key(32)?);
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push_str(eol);
    }
    new.push_str(&format!("{name}={key}{eol}"));
    crate::atomic::write(
        &path,
        new.as_bytes(),
        0o600,
        crate::atomic::Scope::Inside(workdir),
    )?;
    writeln!(
        out,
        "jwtscan fix: wrote a new 256-bit key to .env as {name}"
    )?;
    Ok(())
}

/// An exclusive lock held for the whole fix: `flock` on the git dir
/// itself, so no lock file is left behind and a crash releases it.
fn lock(repo: &Repository) -> Result<std::fs::File> {
    let dir = repo.path();
    let file = std::fs::File::open(dir)
        .with_context(|| format!("cannot open {} to lock it", dir.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", dir.display()))?;
    Ok(file)
}

/// Whether an env file sets `name` (to anything, even empty).
fn defines(text: &str, name: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim().trim_start_matches("export ").trim_start();
        line.split_once('=').is_some_and(|(k, _)| k.trim() == name)
    })
}

/// A path as a literal .gitignore pattern.
fn gitignore_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '#' | ' ') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A path quoted for a POSIX shell when it needs it.
fn shell_quote(path: &str) -> String {
    if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_join_the_file_in_its_line_ending() {
        let added = vec![".env".to_string(), ".env.local".to_string()];
        assert_eq!(
            with_patterns("", &added),
            "# jwtscan: env files\n.env\n.env.local\n"
        );
        assert_eq!(
            with_patterns("dist/\r\nnode_modules/", &added),
            "dist/\r\nnode_modules/\r\n\r\n# jwtscan: env files\r\n.env\r\n.env.local\r\n"
        );
        // Later additions go into the existing block.
        assert_eq!(
            with_patterns(
                "# jwtscan: env files\n.env\n\nbuild/\n",
                &["/x.env".to_string()]
            ),
            "# jwtscan: env files\n.env\n/x.env\n\nbuild/\n"
        );
    }

    #[test]
    fn names_and_quoting() {
        assert!(defines("export JWT_SECRET=\n", "JWT_SECRET"));
        assert!(!defines("# JWT_SECRET=x\nJWT_SECRET_OLD=y\n", "JWT_SECRET"));
        assert_eq!(gitignore_escape("a b/#x!.env"), "a\\ b/\\#x\\!.env");
        assert_eq!(shell_quote("api/.env"), "api/.env");
        assert_eq!(shell_quote("it's.env"), "'it'\\''s.env'");
    }
}
