//! Reading a file the library opens on a caller's behalf (a case file, a
//! codebook, an ACH matrix): at most [`MAX_FILE_BYTES`], with an error that
//! names the file.

use crate::error::{Detail, Error};
use std::path::Path;

/// The largest file read: 1 GiB (a case of a million items at 16
/// hypotheses is about 600 MB). A larger file, or an endless one
/// (`/dev/zero`), is refused with an error rather than read until memory
/// runs out.
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file's bytes, at most `cap` of them: an
/// [`ErrorKind::Io`](crate::ErrorKind::Io) (with the system's error as its
/// source) when it cannot be read, [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge)
/// when it holds more than `cap` bytes.
pub(crate) fn read_bytes(path: &Path, cap: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| {
            Error::from(Detail::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })
            .with_source(e)
        })?;
    if bytes.len() as u64 > cap {
        return Err(Error::from(Detail::TooLarge {
            path: path.display().to_string(),
            cap,
        }));
    }
    Ok(bytes)
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
    String::from_utf8(read_bytes(path, cap)?).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::from(Detail::NotText {
            path: path.display().to_string(),
            offset,
        })
        .with_source(e)
    })
}
