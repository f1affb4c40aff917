//! `attrib report --svg DIR`: the charts written as files, safely. Every
//! file is written to a temporary name in DIR (`tempfile`), then renamed
//! to its own: a reader never sees half a chart, and a link of that name
//! is replaced, never written through. Without `--force` an existing file
//! (or link) of a chart's name is an error, found before anything is
//! written, and the rename itself refuses to replace one that appears
//! meanwhile. On an error, nothing this call wrote is left.

use crate::failure::Failure;
use attrib::report::Chart;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes each chart that has a path into `dir`, replacing existing files
/// only when `force`.
pub(crate) fn write(dir: &Path, charts: &[Chart], force: bool) -> Result<(), Failure> {
    let named: Vec<(&PathBuf, &str)> = charts
        .iter()
        .filter_map(|c| c.path.as_ref().map(|p| (p, c.svg.as_str())))
        .collect();
    if !force {
        for (path, _) in &named {
            if let Ok(meta) = std::fs::symlink_metadata(path) {
                let what = if meta.file_type().is_symlink() {
                    "a symbolic link"
                } else {
                    "a file"
                };
                return Err(Failure::Output(format!(
                    "cannot write '{}': {what} of that name exists; attrib replaces it only with --force, and never writes through a link",
                    path.display()
                )));
            }
        }
    }
    // Every chart in a temporary file first: dropped (so removed) on error.
    let mut written = Vec::with_capacity(named.len());
    for (path, svg) in &named {
        let failed =
            |e: std::io::Error| Failure::Output(format!("cannot write '{}': {e}", path.display()));
        let mut file = tempfile::Builder::new()
            .prefix(".attrib-chart-")
            .suffix(".svg.tmp")
            .tempfile_in(dir)
            .map_err(failed)?;
        file.write_all(svg.as_bytes())
            .and_then(|()| file.flush())
            .map_err(failed)?;
        written.push((file, *path));
    }
    // Then each renamed to its name; on a failure, the ones already
    // renamed are removed again.
    let mut placed: Vec<&Path> = Vec::with_capacity(written.len());
    for (file, path) in written {
        let done = if force {
            file.persist(path).map(drop)
        } else {
            file.persist_noclobber(path).map(drop)
        };
        if let Err(e) = done {
            for p in &placed {
                let _ = std::fs::remove_file(p);
            }
            return Err(Failure::Output(format!(
                "cannot write '{}': {}",
                path.display(),
                e.error
            )));
        }
        placed.push(path);
    }
    Ok(())
}
