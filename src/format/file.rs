//! Reading a file the library opens on a caller's behalf (a case file, a
//! codebook, an ACH matrix): a regular file only, at most
//! [`MAX_FILE_BYTES`], with an error that names the file; and a case's
//! codebook opened beneath the case's folder in one step that cannot be
//! raced ([`open_beneath`]).
//!
//! # What is guaranteed
//!
//! - Every file is opened first and then checked on the open handle
//!   (`fstat`), so what is read is what was checked: a directory, FIFO,
//!   socket or device is refused before a byte is read, and a FIFO is
//!   opened without blocking (`O_NONBLOCK`), so it cannot hang the reader.
//! - On Linux 5.6 and later, a codebook is opened with `openat2` and
//!   `RESOLVE_BENEATH` relative to the case's folder: the kernel resolves
//!   the whole path, symbolic links included, and refuses any step out of
//!   the folder, atomically. A link swapped in while the file is being
//!   opened cannot lead out.
//! - Elsewhere on Unix (an older kernel, a BSD, macOS), the fallback walks
//!   the path one component at a time with `openat` and `O_NOFOLLOW`: no
//!   symbolic link is followed at all, so a codebook reached through a link
//!   is refused even when the link stays inside the folder.
//! - On other systems the path is made canonical and checked, then opened:
//!   a link swapped between the two steps is not caught there.
//! - A hard link is the file itself, not a path to it: a hard link inside
//!   the folder to a file outside it is read. No path check can see it;
//!   keep case folders writable only by those you trust.

use crate::error::{Detail, Error};
use std::fs::File;
use std::path::Path;

/// The largest file read: 1 GiB (a case of a million items at 16
/// hypotheses is about 600 MB). A larger file, or an endless one, is
/// refused with an error rather than read until memory runs out.
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// An [`ErrorKind::Io`](crate::ErrorKind::Io) naming `path`, with the
/// system's error as its source.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::from(Detail::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
    .with_source(e)
}

/// Opens `path` for reading without following it into a FIFO's wait: with
/// `O_NONBLOCK` on Unix (which changes nothing for a regular file).
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// What a file that is not a regular file is, in a message's words; `None`
/// for a regular file.
fn not_regular(kind: std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The bytes of an open file, at most `cap` of them, once the handle is
/// known to be a regular file; `path` names it in errors.
pub(crate) fn read_open(file: File, path: &Path, cap: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let meta = file.metadata().map_err(|e| io_error(path, e))?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(Error::from(Detail::NotRegular {
            path: path.display().to_string(),
            what,
        }));
    }
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > cap {
        return Err(Error::from(Detail::TooLarge {
            path: path.display().to_string(),
            cap,
        }));
    }
    Ok(bytes)
}

/// A file's bytes, at most `cap` of them: an
/// [`ErrorKind::Io`](crate::ErrorKind::Io) (with the system's error as its
/// source) when it cannot be read,
/// [`ErrorKind::NotRegular`](crate::ErrorKind::NotRegular) when it is not a
/// regular file (checked on the open handle, before reading),
/// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) when it holds more
/// than `cap` bytes.
pub(crate) fn read_bytes(path: &Path, cap: u64) -> Result<Vec<u8>, Error> {
    let file = open(path).map_err(|e| io_error(path, e))?;
    read_open(file, path, cap)
}

/// A file's text, at most [`MAX_FILE_BYTES`] of it; as [`read_bytes`], and
/// [`ErrorKind::NotText`](crate::ErrorKind::NotText) when it is not UTF-8.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    read_text_capped(path, MAX_FILE_BYTES)
}

/// [`read_text`] with a size limit of `cap` bytes.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn read_text_capped(path: &Path, cap: u64) -> Result<String, Error> {
    text(read_bytes(path, cap)?, path)
}

/// Bytes as UTF-8 text, or [`ErrorKind::NotText`](crate::ErrorKind::NotText)
/// naming `path`.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn text(bytes: Vec<u8>, path: &Path) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::from(Detail::NotText {
            path: path.display().to_string(),
            offset,
        })
        .with_source(e)
    })
}

/// Why [`open_beneath`] did not open a file.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
#[derive(Debug)]
pub(crate) enum Beneath {
    /// The path leads out of the folder (through a symbolic link), or, in
    /// the fallback that follows no link, goes through one.
    Escapes(&'static str),
    /// The system could not open it (no such file, no permission...).
    Io(std::io::Error),
}

/// The message of a path that leads out of the folder.
const LEADS_OUT: &str = "it leads out of the case file's folder (through a symbolic link)";

/// Opens `relative` (a relative path without `..`, already checked) beneath
/// the folder `folder`, for reading, in one step that refuses to leave the
/// folder (see the module's docs: `openat2` with `RESOLVE_BENEATH` on
/// Linux, `openat` with `O_NOFOLLOW` component by component elsewhere on
/// Unix, a canonical path check elsewhere).
#[cfg(unix)]
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn open_beneath(folder: &Path, relative: &Path) -> Result<File, Beneath> {
    use rustix::fs::{Mode, OFlags};
    let read = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
    let dir = rustix::fs::open(
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| Beneath::Io(e.into()))?;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::ResolveFlags;
        match rustix::fs::openat2(
            &dir,
            relative,
            read,
            Mode::empty(),
            ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
        ) {
            Ok(fd) => return Ok(File::from(fd)),
            Err(rustix::io::Errno::XDEV) => return Err(Beneath::Escapes(LEADS_OUT)),
            // No openat2 in this kernel (before 5.6) or in its sandbox:
            // the fallback below.
            Err(rustix::io::Errno::NOSYS | rustix::io::Errno::PERM) => {}
            // openat2 asks to be retried when a rename raced the lookup.
            Err(rustix::io::Errno::AGAIN) => {}
            Err(e) => return Err(Beneath::Io(e.into())),
        }
    }
    open_nofollow(dir, relative, read)
}

/// The fallback of [`open_beneath`]: each component opened with `openat`
/// and `O_NOFOLLOW` from the one before, so that no symbolic link is
/// followed (a link is refused, wherever it points).
#[cfg(unix)]
fn open_nofollow(
    dir: rustix::fd::OwnedFd,
    relative: &Path,
    read: rustix::fs::OFlags,
) -> Result<File, Beneath> {
    use rustix::fs::{Mode, OFlags};
    use std::path::Component;
    const THROUGH_LINK: &str = "it goes through a symbolic link, which this system cannot follow safely (openat2 with RESOLVE_BENEATH is missing); name the file itself";
    let parts: Vec<&std::ffi::OsStr> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    let Some((last, folders)) = parts.split_last() else {
        return Err(Beneath::Io(std::io::Error::from(
            std::io::ErrorKind::NotFound,
        )));
    };
    let refused = |e: rustix::io::Errno| match e {
        rustix::io::Errno::LOOP => Beneath::Escapes(THROUGH_LINK),
        other => Beneath::Io(other.into()),
    };
    let mut at = dir;
    for part in folders {
        at = rustix::fs::openat(
            &at,
            *part,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| match e {
            // O_DIRECTORY | O_NOFOLLOW on a link gives ENOTDIR on Linux.
            rustix::io::Errno::NOTDIR => Beneath::Escapes(THROUGH_LINK),
            other => refused(other),
        })?;
    }
    rustix::fs::openat(&at, *last, read | OFlags::NOFOLLOW, Mode::empty())
        .map(File::from)
        .map_err(refused)
}

/// [`open_beneath`] without `openat`: the canonical path checked against
/// the canonical folder, then opened (a link swapped between the two is
/// not caught; see the module's docs).
#[cfg(not(unix))]
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn open_beneath(folder: &Path, relative: &Path) -> Result<File, Beneath> {
    let folder = std::fs::canonicalize(folder).map_err(Beneath::Io)?;
    let real = std::fs::canonicalize(folder.join(relative)).map_err(Beneath::Io)?;
    if !real.starts_with(&folder) {
        return Err(Beneath::Escapes(LEADS_OUT));
    }
    open(&real).map_err(Beneath::Io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("attrib-file-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_a_byte_is_read() {
        let zero = Path::new("/dev/zero");
        if !zero.exists() {
            eprintln!("skipped: no /dev/zero here");
            return;
        }
        let e = read_bytes(zero, MAX_FILE_BYTES).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotRegular);
        assert_eq!(
            e.to_string(),
            "cannot read '/dev/zero': it is a character device, not a regular file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = scratch("fifo");
        let fifo = dir.join("codebook.json");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map_or(true, |s| !s.success())
        {
            eprintln!("skipped: no mkfifo here");
            return;
        }
        // Today's reader would block here for ever: no writer ever comes.
        let e = read_bytes(&fifo, MAX_FILE_BYTES).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotRegular);
        assert!(e.to_string().contains("a FIFO"), "{e}");
        let e = read_bytes(&dir, MAX_FILE_BYTES).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::NotRegular);
        assert!(
            e.to_string()
                .ends_with("it is a directory, not a regular file"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn open_beneath_follows_links_inside_and_refuses_links_out() {
        let dir = scratch("beneath");
        let inside = dir.join("case");
        std::fs::create_dir_all(inside.join("books")).unwrap();
        std::fs::write(inside.join("books/real.json"), "inside").unwrap();
        std::fs::write(dir.join("secret.json"), "outside").unwrap();
        std::os::unix::fs::symlink("../secret.json", inside.join("out.json")).unwrap();
        std::os::unix::fs::symlink("/etc", inside.join("etc")).unwrap();
        let read = |p: &str| match open_beneath(&inside, Path::new(p)) {
            Ok(f) => Ok(String::from_utf8(read_open(f, Path::new(p), 100).unwrap()).unwrap()),
            Err(Beneath::Escapes(why)) => Err(why.to_string()),
            Err(Beneath::Io(e)) => Err(format!("io: {e}")),
        };
        assert_eq!(read("books/real.json").unwrap(), "inside");
        assert!(read("out.json").unwrap_err().contains("symbolic link"));
        assert!(read("etc/passwd").unwrap_err().contains("symbolic link"));
        assert!(read("missing.json").unwrap_err().starts_with("io: "));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_fallback_without_openat2_follows_no_link() {
        use rustix::fs::{Mode, OFlags};
        let dir = scratch("nofollow");
        std::fs::create_dir_all(dir.join("books")).unwrap();
        std::fs::write(dir.join("books/real.json"), "inside").unwrap();
        std::os::unix::fs::symlink("books/real.json", dir.join("link.json")).unwrap();
        std::os::unix::fs::symlink("books", dir.join("linked-books")).unwrap();
        let open = |p: &str| {
            let fd =
                rustix::fs::open(&dir, OFlags::RDONLY | OFlags::DIRECTORY, Mode::empty()).unwrap();
            open_nofollow(fd, Path::new(p), OFlags::RDONLY | OFlags::NONBLOCK)
        };
        let mut f = open("books/real.json").unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut f, &mut text).unwrap();
        assert_eq!(text, "inside");
        // a link, even one that stays inside, is refused: as the last
        // component and as a folder on the way
        assert!(matches!(open("link.json"), Err(Beneath::Escapes(_))));
        assert!(matches!(
            open("linked-books/real.json"),
            Err(Beneath::Escapes(_))
        ));
        assert!(matches!(open("missing.json"), Err(Beneath::Io(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_of_exactly_the_cap_is_read() {
        let dir = scratch("cap");
        let path = dir.join("four.json");
        std::fs::write(&path, "1234").unwrap();
        assert_eq!(read_text_capped(&path, 4).unwrap(), "1234");
        let e = read_text_capped(&path, 3).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
