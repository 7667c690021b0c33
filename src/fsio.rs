//! Reading the files a scanned tree controls: `.gitignore`, `.jwtscan.yaml`,
//! baselines, rule files, env files, hooks. The tree is the attacker's, so a
//! "file" may be a FIFO (opening it blocks), `/dev/zero` behind a symlink
//! (reading it never ends), a link out of the repository (reading it leaks)
//! or simply huge. Every such read goes through [`read_regular`]: open
//! without blocking, `fstat` the open file, refuse what is not a regular
//! file, refuse what is over its cap, then read at most the cap.
//!
//! Core: used by every layer, it uses nothing of theirs.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Caps per kind of file; a real one is far smaller.
pub(crate) const IGNORE_FILE_CAP: u64 = 4 << 20;
pub(crate) const CONFIG_CAP: u64 = 1 << 20;
pub(crate) const RULE_FILE_CAP: u64 = 4 << 20;
pub(crate) const BASELINE_CAP: u64 = 64 << 20;
pub(crate) const HOOK_CAP: u64 = 1 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not a regular file: what it is instead.
    NotRegular(&'static str),
    /// A symlink where none is followed.
    Symlink,
    TooLarge {
        cap: u64,
    },
    Io(std::io::Error),
}

impl ReadError {
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "{kind}, not a regular file; not read"),
            ReadError::Symlink => write!(f, "a symlink; not followed"),
            ReadError::TooLarge { cap } => write!(f, "larger than {cap} bytes; not read"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// How to open a file for reading.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// A symlink is followed (the caller checked where it leads).
    Follow,
    /// A symlink is refused, as git does for `.gitignore`.
    Refuse,
}

/// `path` opened without blocking, with its size, if it is a regular file
/// of at most `cap` bytes (checked on the open file, so a file swapped
/// after a directory listing is still refused).
pub(crate) fn open_regular(path: &Path, cap: u64, links: Links) -> Result<(File, u64), ReadError> {
    let file = open_nonblocking(path, links)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok((file, meta.len()))
}

/// The bytes of `path` if it is a regular file of at most `cap` bytes.
pub(crate) fn read_regular(path: &Path, cap: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, cap, links)?;
    let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // One byte past the cap tells a file that grew since `fstat`.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(buf)
}

/// The size of `path` if it is a regular file (checked on the open file,
/// without blocking), for readers that open it again themselves (the git
/// index, mapped by gitoxide).
pub(crate) fn regular_size(path: &Path, cap: u64) -> Result<u64, ReadError> {
    open_regular(path, cap, Links::Follow).map(|(_, len)| len)
}

/// The cap on a git index: 50,000 files make 5 to 10 MB.
pub(crate) const INDEX_CAP: u64 = 2 << 30;

/// [`read_regular`] as UTF-8 text (lossy: these files are configuration,
/// and a stray byte must not make a whole file vanish).
pub(crate) fn read_text(path: &Path, cap: u64, links: Links) -> Result<String, ReadError> {
    read_regular(path, cap, links).map(|b| match String::from_utf8(b) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Opens for reading without ever blocking: a FIFO with no writer opens at
/// once (and is then refused by `fstat`), a FIFO `open` would otherwise
/// wait on forever.
#[cfg(unix)]
pub(crate) fn open_nonblocking(path: &Path, links: Links) -> Result<File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
    {
        Ok(f) => Ok(f),
        Err(e) if links == Links::Refuse && e.raw_os_error() == Some(libc::ELOOP) => {
            Err(ReadError::Symlink)
        }
        Err(e) => Err(ReadError::Io(e)),
    }
}

#[cfg(not(unix))]
pub(crate) fn open_nonblocking(path: &Path, _links: Links) -> Result<File, ReadError> {
    File::open(path).map_err(ReadError::Io)
}

/// What a file type is, for messages.
pub(crate) fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symlink"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Where `path` really is: its symlinks resolved, or for a file not yet
/// there, its directory's. `None` when a link in it is broken.
pub(crate) fn real_path(path: &Path) -> Option<PathBuf> {
    if std::fs::symlink_metadata(path).is_ok() {
        return std::fs::canonicalize(path).ok();
    }
    let name = path.file_name()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
    Some(dir.join(name))
}

/// `Ok(real path)` when `path` resolves inside `root`, else an error that
/// names the link and where it leads.
pub(crate) fn inside(path: &Path, root: &Path) -> anyhow::Result<PathBuf> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let Some(real) = real_path(path) else {
        anyhow::bail!(
            "{} is a broken symlink; refusing to follow it",
            path.display()
        );
    };
    if !real.starts_with(&root) {
        anyhow::bail!(
            "{} is a symlink to {}, outside {}; refusing to follow it",
            path.display(),
            real.display(),
            root.display()
        );
    }
    Ok(real)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_refused_without_blocking() {
        // FIFOs are covered by tests/cli/attacks.rs (making one takes a
        // process or unsafe code, neither of which src/ has).
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10, Links::Follow),
            Err(ReadError::NotRegular("a character device"))
        ));
        let big = dir.path().join("big");
        std::fs::write(&big, [b'x'; 11]).unwrap();
        assert!(matches!(
            read_regular(&big, 10, Links::Follow),
            Err(ReadError::TooLarge { cap: 10 })
        ));
        assert_eq!(read_regular(&big, 11, Links::Follow).unwrap().len(), 11);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&big, &link).unwrap();
        assert!(matches!(
            read_regular(&link, 11, Links::Refuse),
            Err(ReadError::Symlink)
        ));
        assert!(read_regular(&link, 11, Links::Follow).is_ok());
    }

    #[test]
    fn links_out_of_a_root_are_named() {
        let root = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let link = root.path().join("x");
        std::os::unix::fs::symlink(out.path().join("target"), &link).unwrap();
        assert!(inside(&link, root.path()).is_err());
        std::fs::write(out.path().join("target"), "t").unwrap();
        let err = inside(&link, root.path()).unwrap_err().to_string();
        assert!(err.contains("outside"), "{err}");
        assert!(inside(&root.path().join("new"), root.path()).is_ok());
    }
}
