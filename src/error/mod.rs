//! The one error type of the crate: an opaque [`Error`] with a
//! [`kind`](Error::kind), a location (the file, the [`Item`], the field) and,
//! where the failure came from the system or a parser, its
//! [`source`](std::error::Error::source).

mod detail;
mod location;
mod suggest;

use std::fmt;
use std::sync::Arc;

pub(crate) use detail::Detail;
pub(crate) use location::Quoted;
pub use location::{Isolated, Item};
pub(crate) use suggest::nearest;

/// Everything that can go wrong in `attrib`.
///
/// An `Error` is opaque: ask it what happened ([`kind`](Error::kind), or a
/// predicate such as [`is_value`](Error::is_value)), where
/// ([`file`](Error::file), [`item`](Error::item), [`field`](Error::field)),
/// and, for a failure that came from the system or the JSON parser, for
/// the underlying [`std::io::Error`] or `serde_json::Error` through
/// [`source`](std::error::Error::source). New kinds can be added without
/// breaking a caller that matches on [`ErrorKind`].
///
/// Every message is lowercase, names the item and the field at fault, and,
/// where a number is out of range, the value and the range it must be in:
///
/// ```
/// use attrib::{Case, ErrorKind};
///
/// let json = r#"{
///   "version": 1,
///   "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
///   "evidence": [{"id": "e3", "description": "",
///                 "likelihoods": {"a": 0.5, "b": 1.2}}]
/// }"#;
/// let err = Case::from_json(json).unwrap_err();
/// assert_eq!(err.to_string(), "evidence 'e3': likelihood for 'b' is 1.2, must be in 0..=1");
/// assert_eq!(err.kind(), ErrorKind::OutOfRange);
/// assert!(err.is_value());
/// assert_eq!(err.item(), Some(&attrib::Item::Evidence("e3".into())));
/// assert_eq!(err.field(), Some("likelihood for 'b'"));
/// ```
///
/// `{:?}` prints the message too, so `fn main() -> Result<(), attrib::Error>`
/// reports a failure readably; `{:#?}` shows the parts.
///
/// # Text from the input
///
/// A message quotes the ids, field names, references, grades, CSV cells,
/// paths and parser messages it names with every character that does not
/// print escaped, as [`str::escape_debug`] writes it: a control character
/// (`\r`, `\n`, `\t`, `\0`, `\u{1b}`), a line separator (`\u{2028}`), a
/// bidi override or isolate (`\u{202e}`, `\u{2066}`). A message is
/// therefore always one line without control characters, whatever the
/// input holds; other text, such as Arabic or accented letters, is quoted
/// as is. The error's accessors keep the text exactly as given:
///
/// ```
/// use attrib::{Case, ErrorKind};
///
/// let json = r#"{
///   "version": 1,
///   "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
///   "groups": [{"id": "copies", "c\rrelation": 0.5}],
///   "evidence": []
/// }"#;
/// let err = Case::from_json(json).unwrap_err();
/// assert_eq!(err.to_string(), r"group 'copies': unknown field 'c\rrelation'; did you mean 'correlation'?");
/// assert_eq!(err.kind(), ErrorKind::UnknownField);
/// assert_eq!(err.field(), Some("c\rrelation"));
///
/// let err = Case::builder()
///     .hypothesis("الأسد", "Assad").hypothesis("الأسد", "again")
///     .build().unwrap_err();
/// assert_eq!(err.to_string(), "case: hypothesis id 'الأسد' appears more than once");
/// ```
///
/// # Equality
///
/// Two errors are equal when they say the same thing in the same place:
/// the same kind, message and location. The source is not compared.
#[derive(Clone, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    detail: Detail,
    /// The file the failure was found in, as the caller named it.
    file: Option<String>,
    /// The codebook, as the case file names it, when the failure is in one.
    codebook: Option<String>,
    /// The system's or the parser's error behind this one.
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Inner) -> bool {
        self.detail == other.detail && self.file == other.file && self.codebook == other.codebook
    }
}

/// What went wrong, one kind per meaning, for matching. Broader questions
/// ("is the input at fault?") are the predicates of [`Error`], such as
/// [`Error::is_value`] and [`Error::is_file`].
///
/// # Example
///
/// ```
/// use attrib::{Case, ErrorKind};
///
/// let err = Case::builder().hypothesis("a", "A").build().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::TooFewHypotheses);
/// assert!(err.is_structure());
/// let err = attrib::Probability::new(1.5).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::OutOfRange);
/// assert!(err.is_value());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A number is outside the range its field allows, or is NaN.
    OutOfRange,
    /// A range `[low, high]` has `low > high`.
    ReversedRange,
    /// An id is empty, too long, or holds a character ids may not hold.
    InvalidId,
    /// An id (of a hypothesis, item, source, group, kind or perspective)
    /// appears more than once.
    Duplicate,
    /// A reference names something the case does not declare.
    UnknownReference,
    /// A required field, or a weight for some hypothesis, is missing.
    Missing,
    /// A case or codebook has fewer than 2 hypotheses.
    TooFewHypotheses,
    /// Every weight or likelihood of an item or prior is 0.
    AllZero,
    /// Two fields that exclude each other are both given.
    Conflicting,
    /// An Admiralty grade (a source letter or a credibility digit) is not
    /// one of the scale's.
    InvalidGrade,
    /// A weighting model's name is not `mixture` or `tempered`.
    InvalidWeighting,
    /// A field the format does not have (a typo must not silently change a
    /// result).
    UnknownField,
    /// A case file's or codebook's `version` is not one this crate reads.
    UnsupportedVersion,
    /// The evidence eliminates every hypothesis.
    Contradictory,
    /// A perspective, source, item or hypothesis asked for by id is not in
    /// the case.
    NotFound,
    /// A field or option cannot be used in this place.
    Unsupported,
    /// A cell, header or row of an ACH matrix (CSV) is malformed.
    Matrix,
    /// A chart could not be drawn.
    Plot,
    /// A file could not be opened or read; the [`std::io::Error`] is the
    /// source.
    Io,
    /// A file is larger than the most the crate reads (1 GiB), or has no end.
    TooLarge,
    /// A file is not UTF-8 text.
    NotText,
    /// A path in a case file is refused (absolute, `..`, or a link that
    /// leads out of the case file's folder).
    Path,
    /// A file to read is not a regular file (a directory, a FIFO, a socket
    /// or a device); refused before anything is read from it.
    NotRegular,
    /// Two ids of one kind are equal once normalised to NFC, though
    /// written differently (`café` composed and decomposed).
    Equivalent,
    /// A source, group, perspective or kind is defined both in a codebook and
    /// in the case file that names it.
    DefinedTwice,
    /// An item names a kind its codebook does not define.
    UnknownKind,
    /// A codebook kind has no likelihood for one of the case's hypotheses.
    KindLacksHypothesis,
    /// A codebook kind gives a likelihood for a hypothesis the case does not
    /// have.
    KindExtraHypothesis,
    /// A batch's hypotheses differ from the case's.
    HypothesisMismatch,
    /// A buffer, count or list passed to a call has the wrong length.
    Length,
    /// The text is not well-formed JSON of the expected shape; the
    /// `serde_json::Error` is the source.
    Syntax,
    /// A result read back (a verdict, an interval) whose parts disagree.
    Inconsistent,
    /// A value could not be written out.
    Serialize,
    /// A word is not a word of its scale (docs/model.md section 11).
    UnknownWord,
    /// A word or a case names a scale that is not declared.
    UnknownScale,
}

impl Error {
    /// What went wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, ErrorKind};
    ///
    /// let err = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("x").likelihood("a", 1.0).likelihood("b", 0.0))
    ///     .evidence(Evidence::builder("y").likelihood("a", 0.0).likelihood("b", 1.0))
    ///     .build()?
    ///     .score()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Contradictory);
    /// assert!(err.is_contradiction());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.0.detail.kind()
    }

    /// The item at fault (a hypothesis, an evidence item, a source, ...),
    /// when the failure is in one.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Item};
    ///
    /// let err = Case::builder().hypothesis("a", "A").hypothesis("a", "again")
    ///     .build().unwrap_err();
    /// assert_eq!(err.item(), Some(&Item::Case));
    /// assert_eq!(err.field(), Some("hypothesis id"));
    /// ```
    pub fn item(&self) -> Option<&Item> {
        self.0.detail.item()
    }

    /// The field at fault, as a message names it (`reliability`,
    /// `likelihood for 'isil'`), when the failure is in one.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Item};
    ///
    /// let err = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(1.5))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.item(), Some(&Item::Evidence("e".into())));
    /// assert_eq!(err.field(), Some("reliability"));
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.0.detail.field()
    }

    /// The file the failure was found in, as the caller named it: the case
    /// file, or the file that could not be read.
    ///
    /// # Example
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// let err = attrib::Case::from_path("no/such/case.json").unwrap_err();
    /// assert_eq!(err.file(), Some("no/such/case.json"));
    /// assert!(err.is_file());
    /// # }
    /// ```
    pub fn file(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::Io { path, .. }
            | Detail::NotRegular { path, .. }
            | Detail::TooLarge { path, .. }
            | Detail::NotText { path, .. }
                if self.0.file.is_none() =>
            {
                Some(path)
            }
            Detail::DefinedTwice { case_file, .. } if self.0.file.is_none() => Some(case_file),
            _ => self.0.file.as_deref(),
        }
    }

    /// The codebook the failure is in, as the case file names it
    /// (docs/model.md section 9), when it is in one.
    ///
    /// # Example
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// let dir = std::env::temp_dir().join("attrib-doc-error-codebook");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("case.json"), r#"{"version": 1, "codebook": "missing.json",
    ///   "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    ///   "evidence": []}"#).unwrap();
    /// let err = attrib::Case::from_path(dir.join("case.json")).unwrap_err();
    /// assert_eq!(err.codebook(), Some("missing.json"));
    /// assert_eq!(err.kind(), attrib::ErrorKind::Io);
    /// # }
    /// ```
    pub fn codebook(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::DefinedTwice { codebook, .. }
            | Detail::UnknownKind { codebook, .. }
            | Detail::KindLacksHypothesis { codebook, .. }
            | Detail::KindExtraHypothesis { codebook, .. }
                if self.0.codebook.is_none() =>
            {
                Some(codebook)
            }
            _ => self.0.codebook.as_deref(),
        }
    }

    /// The text at fault, exactly as given: the id that is invalid,
    /// duplicated or unknown, the grade or weighting name that is not one,
    /// the kind a codebook lacks. `None` for a number out of range (the
    /// message says the number) and for failures without such a text.
    ///
    /// # Example
    ///
    /// ```
    /// let err = "G".parse::<attrib::SourceGrade>().unwrap_err();
    /// assert_eq!(err.value(), Some("G"));
    /// ```
    pub fn value(&self) -> Option<&str> {
        match &self.0.detail {
            Detail::InvalidId { id, .. }
            | Detail::Duplicate { id, .. }
            | Detail::Equivalent { first: id, .. }
            | Detail::UnknownReference { id, .. }
            | Detail::DefinedTwice { id, .. } => Some(id),
            Detail::InvalidGrade { value, .. }
            | Detail::InvalidWeighting { value, .. }
            | Detail::Inconsistent { value, .. } => Some(value),
            Detail::UnknownKind { kind, .. } => Some(kind),
            Detail::UnknownWord { word, .. } => Some(word),
            Detail::UnknownScale { scale, .. } => Some(scale),
            Detail::KindLacksHypothesis { hypothesis, .. }
            | Detail::KindExtraHypothesis { hypothesis, .. } => Some(hypothesis),
            _ => None,
        }
    }

    /// The evidence items responsible for a contradiction
    /// ([`ErrorKind::Contradictory`]), by id, in the case's order; empty for
    /// every other kind.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("x").likelihood("a", 1.0).likelihood("b", 0.0))
    ///     .evidence(Evidence::builder("y").likelihood("a", 0.0).likelihood("b", 1.0))
    ///     .build()?;
    /// assert_eq!(case.score().unwrap_err().responsible(), ["x", "y"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn responsible(&self) -> &[String] {
        match &self.0.detail {
            Detail::Contradictory { items } => items,
            _ => &[],
        }
    }

    /// A value is invalid: out of range, a reversed range, an invalid id,
    /// grade or weighting name, all weights zero, or a result whose parts
    /// disagree.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::Reliability::new(f64::NAN).unwrap_err().is_value());
    /// ```
    pub fn is_value(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::OutOfRange
                | ErrorKind::ReversedRange
                | ErrorKind::InvalidId
                | ErrorKind::InvalidGrade
                | ErrorKind::InvalidWeighting
                | ErrorKind::AllZero
                | ErrorKind::Inconsistent
        )
    }

    /// The case or codebook is ill-formed as a whole: a duplicate or unknown
    /// id, a missing or unknown field, fields that exclude each other, too
    /// few hypotheses, an unsupported version, or a codebook that does not
    /// fit the case.
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Case::builder().hypothesis("a", "A").build().unwrap_err();
    /// assert!(err.is_structure());
    /// ```
    pub fn is_structure(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Duplicate
                | ErrorKind::Equivalent
                | ErrorKind::UnknownReference
                | ErrorKind::Missing
                | ErrorKind::TooFewHypotheses
                | ErrorKind::Conflicting
                | ErrorKind::UnknownField
                | ErrorKind::UnsupportedVersion
                | ErrorKind::DefinedTwice
                | ErrorKind::UnknownKind
                | ErrorKind::KindLacksHypothesis
                | ErrorKind::KindExtraHypothesis
                | ErrorKind::UnknownWord
                | ErrorKind::UnknownScale
        )
    }

    /// A file could not be read as a case file: it cannot be opened, is too
    /// large, is not UTF-8, is not well-formed JSON, or its path is refused.
    ///
    /// # Example
    ///
    /// ```
    /// # #[cfg(feature = "json")] {
    /// let err = attrib::Case::from_json("{").unwrap_err();
    /// assert!(err.is_file());
    /// assert_eq!(err.kind(), attrib::ErrorKind::Syntax);
    /// # }
    /// ```
    pub fn is_file(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Io
                | ErrorKind::TooLarge
                | ErrorKind::NotText
                | ErrorKind::NotRegular
                | ErrorKind::Path
                | ErrorKind::Syntax
        )
    }

    /// The evidence eliminates every hypothesis ([`ErrorKind::Contradictory`]).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("x").likelihood("a", 1.0).likelihood("b", 0.0))
    ///     .evidence(Evidence::builder("y").likelihood("a", 0.0).likelihood("b", 1.0))
    ///     .build()?;
    /// assert!(case.score().unwrap_err().is_contradiction());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_contradiction(&self) -> bool {
        self.kind() == ErrorKind::Contradictory
    }

    /// A call was used wrongly: an unknown id asked for, an option that
    /// cannot be used here, or a batch or buffer that does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .build()?;
    /// assert!(case.perspective("nobody").unwrap_err().is_usage());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_usage(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::NotFound
                | ErrorKind::Unsupported
                | ErrorKind::HypothesisMismatch
                | ErrorKind::Length
        )
    }

    /// An ACH matrix (CSV) is malformed ([`ErrorKind::Matrix`]).
    ///
    /// # Example
    ///
    /// ```
    /// # #[cfg(feature = "ach")] {
    /// let err = attrib::ach::AchMatrix::from_csv("evidence\n").unwrap_err();
    /// assert!(err.is_matrix());
    /// # }
    /// ```
    pub fn is_matrix(&self) -> bool {
        self.kind() == ErrorKind::Matrix
    }

    /// Output could not be produced: a chart, or a value written out.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Error, ErrorKind};
    ///
    /// fn exit_code(e: &Error) -> u8 {
    ///     if e.is_output() { 5 } else { 1 }
    /// }
    /// assert_eq!(exit_code(&attrib::Probability::new(2.0).unwrap_err()), 1);
    /// ```
    pub fn is_output(&self) -> bool {
        matches!(self.kind(), ErrorKind::Plot | ErrorKind::Serialize)
    }

    /// Attaches the system's or the parser's error behind this one, reached
    /// through [`source`](std::error::Error::source).
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        self.0.source = Some(Arc::new(source));
        self
    }

    /// What failed, for the format layer's hints ("did you mean").
    pub(crate) fn detail(&self) -> &Detail {
        &self.0.detail
    }

    /// Moves an error raised by a stand-alone constructor to the item and
    /// field where the value was found.
    pub(crate) fn at(mut self, at: &Item, name: &str) -> Error {
        let detail = std::mem::replace(
            &mut self.0.detail,
            Detail::Plot {
                message: String::new(),
            },
        );
        self.0.detail = detail.at(at, name);
        self
    }

    // Files are read with `json` (case files, codebooks) and `ach` (matrices).
    #[cfg_attr(not(any(feature = "json", feature = "ach")), allow(dead_code))]
    /// Names the file the error was found in, unless it names a file
    /// already (an I/O error names the file it could not read, a
    /// definition made twice names the case file).
    pub(crate) fn in_file(mut self, file: &str) -> Error {
        let names_a_file = matches!(
            self.0.detail,
            Detail::Io { .. }
                | Detail::TooLarge { .. }
                | Detail::NotText { .. }
                | Detail::DefinedTwice { .. }
        ) && self.0.codebook.is_none();
        if self.0.file.is_none() && !names_a_file {
            self.0.file = Some(file.to_string());
        }
        self
    }

    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    /// Names the codebook (as the case file gives its path) the error was
    /// found in.
    pub(crate) fn in_codebook(mut self, codebook: &str) -> Error {
        if self.0.codebook.is_none() {
            self.0.codebook = Some(codebook.to_string());
        }
        self
    }
}

impl From<Detail> for Error {
    fn from(detail: Detail) -> Error {
        Error(Box::new(Inner {
            detail,
            file: None,
            codebook: None,
            source: None,
        }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.0.file {
            write!(f, "{}: ", Quoted(file))?;
        }
        if let Some(codebook) = &self.0.codebook {
            write!(f, "codebook '{}': ", Quoted(codebook))?;
        }
        fmt::Display::fmt(&self.0.detail, f)
    }
}

impl fmt::Debug for Error {
    /// The message, as `Display` writes it; with `{:#?}`, the parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error")
                .field("kind", &self.kind())
                .field("message", &self.to_string())
                .field("file", &self.file())
                .field("codebook", &self.codebook())
                .field("item", &self.item())
                .field("field", &self.field())
                .field("source", &self.0.source)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests;
