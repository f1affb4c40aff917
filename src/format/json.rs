//! Case files and codebooks as JSON text and files (feature `json`):
//! reading them, with errors that name the item and field; the codebook a
//! case file names, found and merged in before the one validation; and
//! writing a case back.

use crate::domain::case::Case;
use crate::domain::codebook::Codebook;
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::codebook::{self, merge};
use crate::format::raw::{RawCase, RawCodebook};
use crate::format::validate;

impl Case {
    /// Reads a case file (docs/model.md section 7) from JSON text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Syntax`](crate::ErrorKind::Syntax) for malformed JSON, a wrong type or a missing
    /// required field (with line and column; a wrong type names the item,
    /// by its `id` when it has one, and the field first:
    /// `evidence 'e': likelihood for 'a': invalid length 1, ...`); any of the validation errors,
    /// naming the item and field, for a well-formed file with bad values;
    /// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) for a case that names a codebook, which needs
    /// [`Case::from_path`] to resolve the codebook's path.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::from_json(r#"{
    ///     "version": 1,
    ///     "hypotheses": [{"id": "a", "label": "A"}, {"id": "other", "label": "Anyone else"}],
    ///     "evidence": [{"id": "e", "description": "", "likelihoods": {"a": 0.9, "other": 0.3}}]
    /// }"#)?;
    /// assert_eq!(case.score()?.leader().id().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Case, Error> {
        let raw: RawCase = read_json(text)?;
        validate::case(raw)
    }

    /// Reads a case file (docs/model.md section 7) from a path, with the
    /// codebook it names, if any (docs/model.md section 9).
    ///
    /// A case file may name a codebook with `"codebook": "PATH"`, relative
    /// to the case file's folder. The path may not be absolute, may not
    /// have a `..` component, and may not lead (through a symbolic link)
    /// out of the case file's folder: the codebook is opened relative to
    /// the folder in one step that refuses to leave it (`openat2` with
    /// `RESOLVE_BENEATH` on Linux; on other Unix systems no link in the
    /// path is followed), so a case file cannot make its reader open an
    /// arbitrary file, even by swapping a link while it is read. A hard
    /// link is the file itself and no path check can see it (README,
    /// Reliability). The case file and the codebook must be regular files. The case then
    /// inherits the codebook's sources, groups and perspectives (and its
    /// `threshold`, unless it sets its own); an item with a `kind` takes
    /// the kind's likelihoods and, unless it sets its own, the kind's
    /// source, credibility, reliability, chance, observed and group, and
    /// its description when the item's is empty. The item keeps its
    /// `rationale` and `sources`, and the kind as a label
    /// ([`Evidence::kind`](crate::Evidence::kind)). A perspective's discount on a kind that no item
    /// of the case carries has no effect and is not kept.
    ///
    /// # Errors
    ///
    /// Every error names the case file ([`Error::file`]), and a codebook's
    /// errors name the codebook as well ([`Error::codebook`]):
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when a file cannot be read;
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) when it is larger
    /// than 1 GiB; [`ErrorKind::NotRegular`](crate::ErrorKind::NotRegular)
    /// when it is a FIFO, a device (`/dev/zero`), a socket or a directory,
    /// refused before anything is read; [`ErrorKind::Path`](crate::ErrorKind::Path) for a
    /// refused codebook path; [`ErrorKind::DefinedTwice`](crate::ErrorKind::DefinedTwice) for a source, group
    /// or perspective defined both in the codebook and in the case file;
    /// [`ErrorKind::Conflicting`](crate::ErrorKind::Conflicting) for an item with both `kind` and
    /// `likelihoods`; [`ErrorKind::UnknownKind`](crate::ErrorKind::UnknownKind); [`ErrorKind::KindLacksHypothesis`](crate::ErrorKind::KindLacksHypothesis)
    /// and [`ErrorKind::KindExtraHypothesis`](crate::ErrorKind::KindExtraHypothesis) when a kind's likelihoods do not
    /// name exactly the case's hypotheses; and every error of
    /// [`Case::from_json`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = std::env::temp_dir().join(format!("attrib-doc-from-path-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("codebook.json"), r#"{
    ///     "version": 1,
    ///     "hypotheses": ["a", "b"],
    ///     "sources": [{"id": "jim", "reliability": 0.8}],
    ///     "kinds": [{"id": "seen", "description": "Seen by a witness",
    ///                "likelihoods": {"a": 0.9, "b": 0.1}, "source": "jim"}]
    /// }"#)?;
    /// std::fs::write(dir.join("case.json"), r#"{
    ///     "version": 1,
    ///     "codebook": "codebook.json",
    ///     "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    ///     "evidence": [{"id": "e1", "kind": "seen"}]
    /// }"#)?;
    /// let case = attrib::Case::from_path(dir.join("case.json"))?;
    /// let e = &case.evidence()[0];
    /// assert_eq!(e.description(), "Seen by a witness");
    /// assert_eq!(e.kind().map(|k| k.as_str()), Some("seen"));
    /// assert_eq!(case.reliability("e1").map(|r| r.get()), Some(0.8));
    /// // 0.8 * 0.9 + 0.2 * 0.5 = 0.82 against 0.8 * 0.1 + 0.2 * 0.5 = 0.18
    /// assert!((case.score()?.probability("a").unwrap().get() - 0.82).abs() < 1e-12);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "json")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Case, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = read_text(path)?;
        let mut raw: RawCase = read_json(&text).map_err(|e| e.in_file(&shown))?;
        // Nothing borrows the text: its memory goes back before the case
        // is built.
        drop(text);
        let Some(written) = raw.codebook.take() else {
            return validate::case(raw).map_err(|e| e.in_file(&shown));
        };
        let book = resolve(path, &written)
            .and_then(|(file, at)| {
                let text =
                    crate::format::file::read_open(file, &at, crate::format::file::MAX_FILE_BYTES)
                        .and_then(|bytes| crate::format::file::text(bytes, &at))?;
                read_codebook(&text)
            })
            .map_err(|e| match e.kind() {
                crate::ErrorKind::Path => e,
                _ => e.in_codebook(&written),
            })
            .map_err(|e| e.in_file(&shown))?;
        let merged = merge(raw, &book, &written, &shown).map_err(|e| e.in_file(&shown))?;
        validate::case(merged).map_err(|e| e.in_file(&shown))
    }

    /// Writes the case as a pretty-printed case file. Reading it back with
    /// [`Case::from_json`] gives an equal case. The file is self-contained:
    /// a case read with a codebook is written without it, with every item's
    /// likelihoods and every inherited source, group and perspective
    /// written out, and each item's kind kept as a label.
    ///
    /// # Errors
    ///
    /// None in practice; the `Result` is serde_json's.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let text = case.to_json()?;
    /// assert_eq!(attrib::Case::from_json(&text)?, case);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| {
            Error::from(Detail::Serialize {
                what: "the case as JSON",
                message: e.to_string(),
            })
            .with_source(e)
        })
    }
}

impl Codebook {
    /// Reads a codebook from JSON text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Syntax`](crate::ErrorKind::Syntax) for malformed JSON, a wrong type or a missing
    /// required field; otherwise the first bad value, naming the item and
    /// field: [`ErrorKind::UnsupportedVersion`](crate::ErrorKind::UnsupportedVersion),
    /// [`ErrorKind::TooFewHypotheses`](crate::ErrorKind::TooFewHypotheses), a kind whose likelihoods do not
    /// name exactly the codebook's hypotheses, an unknown source or group,
    /// a bad perspective, an unknown field, and so on (see [`Error`]).
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    ///     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9}}]}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "kind 'seen': likelihood for 'b' is missing");
    /// ```
    pub fn from_json(text: &str) -> Result<Codebook, Error> {
        let raw: RawCodebook = read_json(text)?;
        codebook::validate(&raw)
    }

    /// Reads a codebook file.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read or is larger than 1 GiB;
    /// otherwise those of
    /// [`Codebook::from_json`], behind the file's path ([`Error::file`]).
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Codebook::from_path("/nonexistent/codebook.json").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read '/nonexistent/codebook.json'"));
    /// ```
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Codebook, Error> {
        let path = path.as_ref();
        let raw: RawCodebook =
            read_json(&read_text(path)?).map_err(|e| e.in_file(&path.display().to_string()))?;
        codebook::validate(&raw).map_err(|e| e.in_file(&path.display().to_string()))
    }
}

/// A codebook's text as written, checked as a codebook (its errors not yet
/// naming it), to be merged into a case file.
pub(crate) fn read_codebook(text: &str) -> Result<RawCodebook, Error> {
    let raw: RawCodebook = read_json(text)?;
    codebook::validate(&raw)?;
    Ok(raw)
}

/// Reads a case file or a codebook as written. A pure syntax error gives
/// serde_json's message with its line and column; a wrong type or a bad
/// value gives the same, behind the item and field where it was found (by
/// `serde_path_to_error`), the item named by its `id` when the file gives
/// one: `evidence 'e': likelihood for 'a': invalid length 1, expected a
/// range [low, high] at line 4 column 40`.
///
/// A file is read once without tracking where the reader is, which costs
/// an allocation per key of every object (0.04 s of the 0.40 s `attrib
/// score` takes on a case of 100 000 items); only a file that fails is
/// read again, tracking it, to name the place. Both readings run the same deserialisation, so the
/// second fails where the first did, with the same error.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(value) = T::deserialize(&mut de)
        && de.end().is_ok()
    {
        return Ok(value);
    }
    read_json_tracked(text)
}

/// [`read_json`], tracking the path, for the error that names its place.
fn read_json_tracked<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            de.end().map_err(|e| syntax_error(e, None))?;
            Ok(value)
        }
        Err(e) => {
            let path = e.path().clone();
            let inner = e.into_inner();
            let place = match inner.classify() {
                serde_json::error::Category::Data => place(text, &path),
                _ => None,
            };
            Err(syntax_error(inner, place))
        }
    }
}

/// Where a serde path points in a case file or a codebook, in the words of
/// the other errors: `evidence[3].likelihoods.government` is
/// `evidence 'helicopters-reported': likelihood for 'government'` when the
/// fourth item's `id` is `helicopters-reported`, `evidence #4: ...` when it
/// has none. `None` for the file as a whole.
fn place(text: &str, path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path
        .iter()
        .filter(|s| !matches!(s, Segment::Enum { .. }))
        .take_while(|s| !matches!(s, Segment::Unknown))
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut rest = segments.as_slice();
    if let [Segment::Map { key }, Segment::Seq { index }, tail @ ..] = rest {
        let singular = match key.as_str() {
            "evidence" => Some("evidence"),
            "hypotheses" => Some("hypothesis"),
            "sources" => Some("source"),
            "groups" => Some("group"),
            "kinds" => Some("kind"),
            "perspectives" => Some("perspective"),
            _ => None,
        };
        if let Some(singular) = singular {
            let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
            let id = value
                .as_ref()
                .and_then(|v| v.get(key.as_str())?.get(*index)?.get("id")?.as_str())
                .filter(|id| !id.is_empty());
            parts.push(match id {
                Some(id) => format!("{singular} '{id}'"),
                None => format!("{singular} #{}", index + 1),
            });
            rest = tail;
        }
    }
    let mut field = String::new();
    while let [first, tail @ ..] = rest {
        match (first, tail) {
            (Segment::Map { key }, [Segment::Map { key: of }, more @ ..])
                if field.is_empty() && matches!(key.as_str(), "likelihoods" | "prior") =>
            {
                let noun = if key == "likelihoods" {
                    "likelihood"
                } else {
                    "prior"
                };
                parts.push(format!("{noun} for '{of}'"));
                rest = more;
                continue;
            }
            (Segment::Map { key }, _) => {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(key);
            }
            (Segment::Seq { index }, _) => field.push_str(&format!("[{index}]")),
            _ => {}
        }
        rest = tail;
    }
    if !field.is_empty() {
        parts.push(field);
    }
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// serde_json's error as an [`ErrorKind::Syntax`](crate::ErrorKind::Syntax),
/// behind the place in the file it points at when one is known, with
/// serde_json's error as its source.
pub(crate) fn syntax_error(e: serde_json::Error, place: Option<String>) -> Error {
    let message = syntax_message(&e);
    Error::from(Detail::Syntax {
        message: match place {
            Some(place) => format!("{place}: {message}"),
            None => message,
        },
        line: e.line(),
        column: e.column(),
    })
    .with_source(e)
}

/// serde_json's message without its trailing " at line L column C", which
/// [`ErrorKind::Syntax`](crate::ErrorKind::Syntax) prints itself.
fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&tail).unwrap_or(&text);
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("not valid JSON: {message}")
        }
        _ => message.to_string(),
    }
}

pub(crate) use crate::format::file::read_text;

/// The codebook a case file names, opened beneath the case file's folder
/// (docs/model.md section 9; src/format/file.rs says what is guaranteed):
/// `written` may not be empty or absolute, may not have a `..` component,
/// and may not lead out of the folder through a symbolic link. The folder
/// is the canonical case file's; the codebook is opened relative to it in
/// one step that refuses to leave it, so a link swapped in meanwhile
/// cannot lead out. Returns the open file and its path, for messages.
pub(crate) fn resolve(
    case_file: &std::path::Path,
    written: &str,
) -> Result<(std::fs::File, std::path::PathBuf), Error> {
    use crate::format::file::{Beneath, io_error, open_beneath};
    use std::path::{Component, Path};
    let refuse = |reason: &'static str| {
        Error::from(Detail::Path {
            item: Item::Case,
            field: "codebook",
            path: written.to_string(),
            reason,
        })
    };
    let relative = Path::new(written);
    if written.is_empty() {
        return Err(refuse("it is empty"));
    }
    if relative.is_absolute()
        || relative.has_root()
        || relative
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(refuse(
            "it is an absolute path; give a path relative to the case file's folder",
        ));
    }
    if relative.components().any(|c| c == Component::ParentDir) {
        return Err(refuse(
            "it has a '..' component; the codebook must be in the case file's folder or below it",
        ));
    }
    let real_case = std::fs::canonicalize(case_file).map_err(|e| io_error(case_file, e))?;
    let folder = real_case.parent().unwrap_or(Path::new("/"));
    let target = folder.join(relative);
    match open_beneath(folder, relative) {
        Ok(file) => Ok((file, target)),
        Err(Beneath::Escapes(reason)) => Err(refuse(reason)),
        Err(Beneath::Io(e)) => Err(io_error(&target, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_refused_before_any_file_is_touched() {
        let case = std::path::Path::new("/nonexistent/x.json");
        let reason = |written: &str| match resolve(case, written) {
            Err(e) if e.kind() == crate::ErrorKind::Path => e.to_string(),
            other => panic!("{other:?}"),
        };
        assert!(reason("/etc/passwd").contains("absolute"));
        assert!(reason("../codebook.json").contains("'..'"));
        assert!(reason("books/../../codebook.json").contains("'..'"));
        assert!(reason("").ends_with("it is empty"));
        // an allowed path reaches the file system, which has no such file
        assert!(matches!(
            resolve(case, "codebook.json"),
            Err(e) if e.kind() == crate::ErrorKind::Io
        ));
    }
}
