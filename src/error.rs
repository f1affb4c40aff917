//! The one error type of the crate.

use std::fmt::{self, Write as _};

/// Where in a case an error was found: the item that a message names.
///
/// Items that have a valid id are named by it (`evidence 'e3'`); items whose
/// id is itself at fault are named by their position, counting from 1
/// (`evidence #3`).
///
/// # Example
///
/// ```
/// use attrib::Item;
///
/// assert_eq!(Item::Evidence("e3".into()).to_string(), "evidence 'e3'");
/// assert_eq!(Item::EvidenceAt(3).to_string(), "evidence #3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Item {
    /// A stand-alone value, outside any case (for example `Probability::new`).
    Value,
    /// The case as a whole (top-level fields such as `version` or `threshold`).
    Case,
    /// The prior.
    Prior,
    /// The hypothesis with this id.
    Hypothesis(String),
    /// The hypothesis at this position (from 1), when its id is at fault.
    HypothesisAt(usize),
    /// The evidence item with this id.
    Evidence(String),
    /// The evidence item at this position (from 1), when its id is at fault.
    EvidenceAt(usize),
    /// The source with this id.
    Source(String),
    /// The source at this position (from 1), when its id is at fault.
    SourceAt(usize),
    /// The dependence group with this id.
    Group(String),
    /// The group at this position (from 1), when its id is at fault.
    GroupAt(usize),
    /// A codebook as a whole (its top-level fields; docs/model.md section 9).
    Codebook,
    /// The evidence kind of a codebook with this id.
    Kind(String),
    /// The kind at this position (from 1), when its id is at fault.
    KindAt(usize),
    /// The perspective with this id (docs/model.md section 10).
    Perspective(String),
    /// The perspective at this position (from 1), when its id is at fault.
    PerspectiveAt(usize),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Value => f.write_str("value"),
            Item::Case => f.write_str("case"),
            Item::Prior => f.write_str("prior"),
            Item::Hypothesis(id) => write!(f, "hypothesis '{}'", Quoted(id)),
            Item::HypothesisAt(n) => write!(f, "hypothesis #{n}"),
            Item::Evidence(id) => write!(f, "evidence '{}'", Quoted(id)),
            Item::EvidenceAt(n) => write!(f, "evidence #{n}"),
            Item::Source(id) => write!(f, "source '{}'", Quoted(id)),
            Item::SourceAt(n) => write!(f, "source #{n}"),
            Item::Group(id) => write!(f, "group '{}'", Quoted(id)),
            Item::GroupAt(n) => write!(f, "group #{n}"),
            Item::Codebook => f.write_str("codebook"),
            Item::Kind(id) => write!(f, "kind '{}'", Quoted(id)),
            Item::KindAt(n) => write!(f, "kind #{n}"),
            Item::Perspective(id) => write!(f, "perspective '{}'", Quoted(id)),
            Item::PerspectiveAt(n) => write!(f, "perspective #{n}"),
        }
    }
}

/// Text that came from the caller (an id, a field name, a reference, a
/// grade, a CSV cell, a path, or a parser's message quoting the input) as
/// an error message shows it: every character that [`str::escape_debug`]
/// escapes because it does not print (control characters such as `\r`,
/// `\n`, `\t`, `\0`, `\u{1b}`; line and paragraph separators; bidi
/// overrides and isolates such as `\u{202e}`, `\u{2066}`; other
/// invisible format characters; a combining mark at the start) is written
/// escaped, the way `escape_debug` writes it, so that a message stays on
/// one line and cannot drive a terminal. Everything else is written as is,
/// quotes and backslashes included, so that ordinary text (`café`,
/// `الأسد`, `C:\cases\x.json`) reads as given. Escaping it twice changes
/// nothing.
///
/// Only the message is escaped: the [`Error`] keeps the text exactly as
/// it was given.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `escape_debug` writes a backslash only to begin an escape, so one
        // look ahead tells an escaped quote or backslash (written back as
        // is) from an escaped character that does not print (kept).
        let mut out = self.0.escape_debug();
        while let Some(c) = out.next() {
            if c != '\\' {
                f.write_char(c)?;
                continue;
            }
            match out.next() {
                Some(plain @ ('\\' | '\'' | '"')) => f.write_char(plain)?,
                Some(escape) => {
                    f.write_char('\\')?;
                    f.write_char(escape)?;
                }
                None => f.write_char('\\')?,
            }
        }
        Ok(())
    }
}

/// Everything that can go wrong in `attrib`.
///
/// Every message is lowercase, names the item and the field at fault, and,
/// where a number is out of range, the value and the range it must be in:
///
/// ```
/// use attrib::Case;
///
/// let json = r#"{
///   "version": 1,
///   "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
///   "evidence": [{"id": "e3", "description": "",
///                 "likelihoods": {"a": 0.5, "b": 1.2}}]
/// }"#;
/// let err = Case::from_json(json).unwrap_err();
/// assert_eq!(err.to_string(), "evidence 'e3': likelihood for 'b' is 1.2, must be in 0..=1");
/// ```
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
/// as is. The error's fields keep the text exactly as given:
///
/// ```
/// use attrib::{Case, Error};
///
/// let json = r#"{
///   "version": 1,
///   "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
///   "groups": [{"id": "copies", "c\rrelation": 0.5}],
///   "evidence": []
/// }"#;
/// let err = Case::from_json(json).unwrap_err();
/// assert_eq!(err.to_string(), r"group 'copies': unknown field 'c\rrelation'");
/// assert!(matches!(err, Error::UnknownField { field, .. } if field == "c\rrelation"));
///
/// let err = Case::builder()
///     .hypothesis("الأسد", "Assad").hypothesis("الأسد", "again")
///     .build().unwrap_err();
/// assert_eq!(err.to_string(), "case: hypothesis id 'الأسد' appears more than once");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A number is outside the range its field allows, or is NaN.
    ///
    /// Fix: give a value inside `expected` (for probabilities `0..=1`).
    #[error("{}{} is {value}, must be in {expected}", prefix(item), Quoted(field))]
    OutOfRange {
        /// The item at fault.
        item: Item,
        /// The field at fault, such as `reliability` or `likelihood for 'isil'`.
        field: String,
        /// The value given.
        value: f64,
        /// The allowed range, such as `0..=1`.
        expected: &'static str,
    },

    /// A range `[low, high]` has `low > high`.
    ///
    /// Fix: give the smaller bound first.
    #[error(
        "{}{} is the range [{low}, {high}], whose low end is above its high end",
        prefix(item),
        Quoted(field)
    )]
    ReversedRange {
        /// The item at fault.
        item: Item,
        /// The field at fault.
        field: String,
        /// The first bound given.
        low: f64,
        /// The second bound given.
        high: f64,
    },

    /// An id is empty or contains control characters.
    ///
    /// Fix: give every hypothesis, item, source and group a non-empty,
    /// printable id.
    #[error("{}id \"{}\" is not valid: {reason}", prefix(item), Quoted(id))]
    InvalidId {
        /// The item whose id is at fault.
        item: Item,
        /// The id given.
        id: String,
        /// Why it was rejected.
        reason: &'static str,
    },

    /// Two hypotheses, items, sources or groups share an id, or a map names
    /// the same key twice.
    ///
    /// Fix: make the ids unique.
    #[error(
        "{}{} '{}' appears more than once",
        prefix(item),
        Quoted(field),
        Quoted(id)
    )]
    Duplicate {
        /// The item (or the case) in which the duplicate was found.
        item: Item,
        /// What is duplicated, such as `hypothesis id` or `likelihood for`.
        field: String,
        /// The duplicated id.
        id: String,
    },

    /// A field refers to a hypothesis, source or group that the case does
    /// not declare.
    ///
    /// Fix: correct the spelling, or declare it in `hypotheses`, `sources`
    /// or `groups`.
    #[error(
        "{}{} names '{}', which is not a declared {kind}",
        prefix(item),
        Quoted(field),
        Quoted(id)
    )]
    UnknownReference {
        /// The item at fault.
        item: Item,
        /// The field that holds the reference.
        field: String,
        /// The id that was not found.
        id: String,
        /// What kind of thing it should have named (`hypothesis`, `source`, `group`).
        kind: &'static str,
    },

    /// A required value is missing, such as the likelihood of an item for
    /// one hypothesis, or the prior weight of a hypothesis.
    ///
    /// Fix: give the value; a likelihood is required for every hypothesis.
    #[error("{}{} is missing", prefix(item), Quoted(field))]
    Missing {
        /// The item at fault.
        item: Item,
        /// The missing field, such as `likelihood for 'other'`.
        field: String,
    },

    /// A case has fewer than two hypotheses.
    ///
    /// Fix: add the competing hypotheses, including a catch-all.
    #[error("case: a case needs at least 2 hypotheses, found {found}")]
    TooFewHypotheses {
        /// How many were given.
        found: usize,
    },

    /// Every value of a field that must have at least one positive value is
    /// zero: an evidence item impossible under every hypothesis, or a prior
    /// with no weight anywhere.
    ///
    /// Fix: give at least one positive value.
    #[error("{}every {field} is 0, at least one must be positive", prefix(item))]
    AllZero {
        /// The item at fault.
        item: Item,
        /// The field, such as `likelihood` or `weight`.
        field: &'static str,
    },

    /// Two fields that exclude each other were both given, such as a source
    /// with both `reliability` and `admiralty`.
    ///
    /// Fix: keep one of them.
    #[error("{}give {first} or {second}, not both", prefix(item))]
    Conflicting {
        /// The item at fault.
        item: Item,
        /// The first field.
        first: &'static str,
        /// The second field.
        second: &'static str,
    },

    /// A graded value (an Admiralty letter or digit, a weighting model)
    /// is not one of the allowed words.
    ///
    /// Fix: use one of the values listed in `expected`.
    #[error(
        "{}{field} is \"{}\", must be one of {expected}",
        prefix(item),
        Quoted(value)
    )]
    InvalidGrade {
        /// The item at fault.
        item: Item,
        /// The field at fault.
        field: &'static str,
        /// The value given.
        value: String,
        /// The allowed values.
        expected: &'static str,
    },

    /// The case file has a field this version of the format does not know.
    /// Unknown fields are rejected so that a typo cannot silently change a
    /// result.
    ///
    /// Fix: correct the spelling; see the case-file format in the crate docs.
    #[error("{}unknown field '{}'", prefix(item), Quoted(field))]
    UnknownField {
        /// The item at fault.
        item: Item,
        /// The field that was not recognised.
        field: String,
    },

    /// The case file's `version` is not one this crate reads.
    ///
    /// Fix: write `"version": 1`.
    #[error("case: version is {found}, this crate reads version 1")]
    UnsupportedVersion {
        /// The version found.
        found: u64,
    },

    /// The evidence eliminates every hypothesis that the prior allows: for
    /// each of them some item has an effective likelihood of exactly 0.
    ///
    /// Fix: revisit the items named; one of them is wrong, or a hypothesis
    /// is missing (add a catch-all), or a zero likelihood should be small
    /// but positive, or the item should carry a reliability below 1.
    #[error(
        "case: the evidence is contradictory, it eliminates every hypothesis; items responsible: {}",
        quoted(items)
    )]
    Contradictory {
        /// The ids of the items whose zero likelihoods eliminate the hypotheses.
        items: Vec<String>,
    },

    /// A lookup named a hypothesis, item or source that the case does not have.
    ///
    /// Fix: use one of the case's ids.
    #[error("{}not found in the case", prefix(item))]
    NotFound {
        /// What was looked up.
        item: Item,
    },

    /// An operation cannot handle a field an item has, such as a dependence
    /// group on an item added to a compiled case.
    ///
    /// Fix: as `reason` says.
    #[error("{}{field} cannot be used here: {reason}", prefix(item))]
    Unsupported {
        /// The item at fault.
        item: Item,
        /// The field.
        field: &'static str,
        /// Why, and what to do instead.
        reason: &'static str,
    },

    /// An ACH matrix (CSV) is malformed: a missing column, an unknown
    /// rating or level, a row with the wrong number of fields, a quoted
    /// field never closed, or a field that is not UTF-8. Rows count from 1,
    /// the header being row 1, blank lines left out.
    ///
    /// Fix: correct the cell named; see [`ach`](crate::interop::ach) for the format.
    #[error("row {row}, column '{}': {}", Quoted(column), Quoted(message))]
    Matrix {
        /// The row, from 1 (the header is row 1).
        row: usize,
        /// The column's name (or its position when it has none).
        column: String,
        /// What is wrong, and what is allowed.
        message: String,
    },

    /// A chart could not be drawn (feature `plot`).
    ///
    /// Fix: report it; `plotters`' SVG backend is not expected to fail.
    #[error("cannot draw the chart: {}", Quoted(message))]
    Plot {
        /// What the plotting library said.
        message: String,
    },

    /// A file could not be read, or is not UTF-8 text.
    ///
    /// Fix: check the path and the file's permissions and encoding.
    #[error("cannot read '{}': {}", Quoted(path), Quoted(message))]
    Io {
        /// The path, as given.
        path: String,
        /// What the system said.
        message: String,
    },

    /// An error found in a file read by path, such as by
    /// [`Case::from_path`](crate::Case::from_path): the file's path, then
    /// the error.
    ///
    /// Fix: as the wrapped error says.
    #[error("{}: {source}", Quoted(file))]
    InFile {
        /// The file, as given.
        file: String,
        /// The error found in it.
        #[source]
        source: Box<Error>,
    },

    /// An error in the codebook a case file names (docs/model.md section 9): the
    /// codebook's path as the case file gives it, then the error.
    ///
    /// Fix: correct the codebook, as the wrapped error says.
    #[error("codebook '{}': {source}", Quoted(codebook))]
    InCodebook {
        /// The codebook's path, as written in the case file.
        codebook: String,
        /// The error found in it.
        #[source]
        source: Box<Error>,
    },

    /// A path given in a case file is refused: a codebook path that is
    /// absolute, has a `..` component, or leads (through a symbolic link)
    /// out of the case file's folder, so that a case file cannot make its
    /// reader open an arbitrary file.
    ///
    /// Fix: put the codebook in the case file's folder (or below it) and
    /// give its path relative to that folder.
    #[error(
        "{}{field} is '{}', which is not allowed: {reason}",
        prefix(item),
        Quoted(path)
    )]
    Path {
        /// The item at fault.
        item: Item,
        /// The field holding the path, such as `codebook`.
        field: &'static str,
        /// The path as written.
        path: String,
        /// Why it was refused.
        reason: &'static str,
    },

    /// A source, group or perspective is defined both in a codebook and in
    /// a case file that names it (docs/model.md section 9).
    ///
    /// Fix: keep one definition, or give the case's own a different id.
    #[error(
        "{what} '{}' is defined both in codebook '{}' and in case file '{}'",
        Quoted(id),
        Quoted(codebook),
        Quoted(case_file)
    )]
    DefinedTwice {
        /// What is defined twice: `source`, `group` or `perspective`.
        what: &'static str,
        /// The id.
        id: String,
        /// The codebook's path, as the case file gives it.
        codebook: String,
        /// The case file, as given.
        case_file: String,
    },

    /// An evidence item names a kind its case's codebook does not define.
    ///
    /// Fix: correct the spelling, or add the kind to the codebook.
    #[error(
        "{}kind '{}' is not defined in codebook '{}'",
        prefix(item),
        Quoted(kind),
        Quoted(codebook)
    )]
    UnknownKind {
        /// The item at fault.
        item: Item,
        /// The kind named.
        kind: String,
        /// The codebook's path, as the case file gives it.
        codebook: String,
    },

    /// An evidence item names a kind whose likelihoods do not cover one of
    /// the case's hypotheses (the codebook is for a different set of
    /// hypotheses).
    ///
    /// Fix: give the case exactly the codebook's hypotheses, or give the
    /// item its own `likelihoods` instead of a `kind`.
    #[error(
        "{}kind '{}' of codebook '{}' has no likelihood for the case's hypothesis '{}'",
        prefix(item),
        Quoted(kind),
        Quoted(codebook),
        Quoted(hypothesis)
    )]
    KindLacksHypothesis {
        /// The item at fault.
        item: Item,
        /// The kind named.
        kind: String,
        /// The codebook's path, as the case file gives it.
        codebook: String,
        /// The case's hypothesis the kind has no likelihood for.
        hypothesis: String,
    },

    /// An evidence item names a kind with a likelihood for a hypothesis the
    /// case does not have.
    ///
    /// Fix: give the case exactly the codebook's hypotheses, or give the
    /// item its own `likelihoods` instead of a `kind`.
    #[error(
        "{}kind '{}' of codebook '{}' gives a likelihood for '{}', which is not a hypothesis of the case",
        prefix(item),
        Quoted(kind),
        Quoted(codebook),
        Quoted(hypothesis)
    )]
    KindExtraHypothesis {
        /// The item at fault.
        item: Item,
        /// The kind named.
        kind: String,
        /// The codebook's path, as the case file gives it.
        codebook: String,
        /// The codebook's hypothesis the case does not have.
        hypothesis: String,
    },

    /// A codebook's `version` is not one this crate reads.
    ///
    /// Fix: write `"version": 1`.
    #[error("codebook: version is {found}, this crate reads version 1")]
    UnsupportedCodebookVersion {
        /// The version found.
        found: u64,
    },

    /// A codebook lists fewer than two hypotheses.
    ///
    /// Fix: list the ids of the competing hypotheses its kinds weigh.
    #[error("codebook: a codebook needs at least 2 hypotheses, found {found}")]
    CodebookTooFewHypotheses {
        /// How many were given.
        found: usize,
    },

    /// A compiled case pushed into a [`Batch`](crate::Batch) does not have
    /// the batch's hypotheses, id for id and in the same order: a case with
    /// hypotheses `x`, `y`, `z` must not go silently into a batch for `a`,
    /// `b`, `other`. `position` counts from 1; `case` is `None` when the
    /// case has fewer hypotheses than the batch, `batch` when it has more.
    ///
    /// Fix: give the case the batch's hypotheses in the batch's order, or
    /// put it in a batch of its own ([`Batch::for_case`](crate::Batch::for_case)).
    #[error("batch: {}", mismatch(*position, case.as_deref(), batch.as_deref()))]
    HypothesisMismatch {
        /// The position of the first hypothesis that differs, from 1.
        position: usize,
        /// The case's hypothesis at that position, if it has one.
        case: Option<String>,
        /// The batch's hypothesis at that position, if it has one.
        batch: Option<String>,
    },

    /// A buffer given to fill has the wrong length, such as the output of
    /// [`Compiled::score_into`](crate::Compiled::score_into), which needs
    /// one place per hypothesis.
    ///
    /// Fix: allocate `expected` places, as `what` says.
    #[error("{what} has length {got}, must have length {expected}")]
    Length {
        /// The buffer, and what it holds, such as `output (one place per
        /// hypothesis)`.
        what: &'static str,
        /// The length given.
        got: usize,
        /// The length needed.
        expected: usize,
    },

    /// The text is not a well-formed case file: a JSON syntax error, a
    /// wrong type, or a missing required field.
    ///
    /// Fix: correct the file at the line and column given.
    #[error("{} at line {line} column {column}", Quoted(message))]
    Syntax {
        /// The parser's message.
        message: String,
        /// The line, from 1 (0 when the input is empty).
        line: usize,
        /// The column, from 1.
        column: usize,
    },
}

fn prefix(item: &Item) -> String {
    match item {
        Item::Value => String::new(),
        other => format!("{other}: "),
    }
}

fn mismatch(position: usize, case: Option<&str>, batch: Option<&str>) -> String {
    match (case, batch) {
        (Some(c), Some(b)) => format!(
            "case hypothesis #{position} is '{}', the batch's is '{}'",
            Quoted(c),
            Quoted(b)
        ),
        (None, Some(b)) => format!(
            "the case has no hypothesis #{position}, the batch's is '{}'",
            Quoted(b)
        ),
        (Some(c), None) => format!(
            "case hypothesis #{position} is '{}', the batch has only {} hypotheses",
            Quoted(c),
            position.saturating_sub(1)
        ),
        (None, None) => format!("hypothesis #{position} differs"),
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("'{}'", Quoted(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What kind of problem an [`Error`] is: one enum for `?`, grouped for
/// matching. An error found in a file ([`Error::InFile`],
/// [`Error::InCodebook`]) has the kind of the error inside it.
///
/// # Example
///
/// ```
/// use attrib::{Case, ErrorKind};
///
/// let err = Case::builder().hypothesis("a", "A").build().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Structure);
/// let err = attrib::Probability::new(1.5).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Value);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A number or text outside what its field allows: out of range,
    /// reversed range, a bad id or grade, all zeros. Fix the value.
    Value,
    /// A case file or codebook whose parts do not fit: missing, duplicate
    /// or unknown fields and references, too few hypotheses, an
    /// unsupported version, a kind that does not match the case.
    Structure,
    /// A file could not be read or parsed, or a path is refused.
    File,
    /// The evidence eliminates every hypothesis (a contradictory case).
    Contradiction,
    /// A call the library cannot serve as asked: an unknown id, a
    /// buffer of the wrong length, a batch of other hypotheses, an
    /// unsupported combination.
    Usage,
    /// An ACH matrix could not be read.
    Matrix,
    /// A chart could not be drawn.
    Output,
}

impl Error {
    /// The kind of problem, for matching by domain (see [`ErrorKind`]).
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
    /// assert_eq!(err.kind(), ErrorKind::Contradiction);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::OutOfRange { .. }
            | Error::ReversedRange { .. }
            | Error::InvalidId { .. }
            | Error::InvalidGrade { .. }
            | Error::AllZero { .. } => ErrorKind::Value,
            Error::Duplicate { .. }
            | Error::UnknownReference { .. }
            | Error::Missing { .. }
            | Error::TooFewHypotheses { .. }
            | Error::Conflicting { .. }
            | Error::UnknownField { .. }
            | Error::UnsupportedVersion { .. }
            | Error::DefinedTwice { .. }
            | Error::UnknownKind { .. }
            | Error::KindLacksHypothesis { .. }
            | Error::KindExtraHypothesis { .. }
            | Error::UnsupportedCodebookVersion { .. }
            | Error::CodebookTooFewHypotheses { .. } => ErrorKind::Structure,
            Error::InFile { source, .. } | Error::InCodebook { source, .. } => source.kind(),
            Error::Io { .. } | Error::Path { .. } | Error::Syntax { .. } => ErrorKind::File,
            Error::Contradictory { .. } => ErrorKind::Contradiction,
            Error::NotFound { .. }
            | Error::Unsupported { .. }
            | Error::HypothesisMismatch { .. }
            | Error::Length { .. } => ErrorKind::Usage,
            Error::Matrix { .. } => ErrorKind::Matrix,
            Error::Plot { .. } => ErrorKind::Output,
        }
    }

    /// Moves an error raised by a stand-alone constructor to the item and
    /// field where the value was found.
    pub(crate) fn at(self, at: &Item, name: &str) -> Error {
        match self {
            Error::OutOfRange {
                value, expected, ..
            } => Error::OutOfRange {
                item: at.clone(),
                field: name.to_string(),
                value,
                expected,
            },
            Error::ReversedRange { low, high, .. } => Error::ReversedRange {
                item: at.clone(),
                field: name.to_string(),
                low,
                high,
            },
            Error::InvalidId { id, reason, .. } => Error::InvalidId {
                item: at.clone(),
                id,
                reason,
            },
            Error::InvalidGrade {
                field,
                value,
                expected,
                ..
            } => Error::InvalidGrade {
                item: at.clone(),
                field,
                value,
                expected,
            },
            other => other,
        }
    }

    /// Puts a file's path in front of an error found in it, unless the
    /// error names the file already.
    #[cfg(feature = "json")]
    pub(crate) fn in_file(self, file: &str) -> Error {
        match self {
            e @ (Error::Io { .. } | Error::InFile { .. } | Error::DefinedTwice { .. }) => e,
            other => Error::InFile {
                file: file.to_string(),
                source: Box::new(other),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_message_names_item_field_value_and_range() {
        let e = Error::OutOfRange {
            item: Item::Evidence("e3".into()),
            field: "reliability".into(),
            value: 1.2,
            expected: "0..=1",
        };
        assert_eq!(
            e.to_string(),
            "evidence 'e3': reliability is 1.2, must be in 0..=1"
        );
    }

    #[test]
    fn stand_alone_value_has_no_prefix() {
        let e = Error::OutOfRange {
            item: Item::Value,
            field: "probability".into(),
            value: f64::NAN,
            expected: "0..=1",
        };
        assert_eq!(e.to_string(), "probability is NaN, must be in 0..=1");
    }

    #[test]
    fn batch_and_length_messages() {
        let e = |c: Option<&str>, b: Option<&str>| Error::HypothesisMismatch {
            position: if b.is_some() { 2 } else { 3 },
            case: c.map(String::from),
            batch: b.map(String::from),
        };
        assert_eq!(
            e(Some("y"), Some("b")).to_string(),
            "batch: case hypothesis #2 is 'y', the batch's is 'b'"
        );
        assert_eq!(
            e(None, Some("b")).to_string(),
            "batch: the case has no hypothesis #2, the batch's is 'b'"
        );
        assert_eq!(
            e(Some("y"), None).to_string(),
            "batch: case hypothesis #3 is 'y', the batch has only 2 hypotheses"
        );
        let l = Error::Length {
            what: "output (one place per hypothesis)",
            got: 2,
            expected: 3,
        };
        assert_eq!(
            l.to_string(),
            "output (one place per hypothesis) has length 2, must have length 3"
        );
    }

    #[test]
    fn contradictory_lists_items() {
        let e = Error::Contradictory {
            items: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            e.to_string(),
            "case: the evidence is contradictory, it eliminates every hypothesis; items responsible: 'a', 'b'"
        );
    }

    #[test]
    fn new_items_read_like_the_old() {
        assert_eq!(Item::Kind("k".into()).to_string(), "kind 'k'");
        assert_eq!(Item::KindAt(2).to_string(), "kind #2");
        assert_eq!(Item::Perspective("p".into()).to_string(), "perspective 'p'");
        assert_eq!(Item::PerspectiveAt(1).to_string(), "perspective #1");
        assert_eq!(Item::Codebook.to_string(), "codebook");
    }

    #[test]
    #[cfg(feature = "json")]
    fn file_errors_name_the_file_once() {
        let inner = Error::Missing {
            item: Item::Prior,
            field: "weight for 'a'".into(),
        };
        let e = inner.clone().in_file("x.json");
        assert_eq!(e.to_string(), "x.json: prior: weight for 'a' is missing");
        assert_eq!(
            std::error::Error::source(&e).map(|s| s.to_string()),
            Some(inner.to_string())
        );
        assert_eq!(e.clone().in_file("y.json"), e);
        let twice = Error::DefinedTwice {
            what: "source",
            id: "jim".into(),
            codebook: "codebook.json".into(),
            case_file: "x.json".into(),
        };
        assert_eq!(
            twice.clone().in_file("x.json").to_string(),
            "source 'jim' is defined both in codebook 'codebook.json' and in case file 'x.json'"
        );
    }

    /// Characters that must never reach a message unescaped: controls, the
    /// line and paragraph separators, and the bidi overrides and isolates.
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            )
    }

    #[test]
    fn quoted_escapes_what_does_not_print() {
        let q = |s: &str| Quoted(s).to_string();
        assert_eq!(q("c\rrelation"), r"c\rrelation");
        assert_eq!(q("a\nb\tc\0d"), r"a\nb\tc\0d");
        assert_eq!(q("red\u{1b}[31m"), r"red\u{1b}[31m");
        assert_eq!(q("\u{7f}\u{85}"), r"\u{7f}\u{85}");
        assert_eq!(q("abc\u{202e}fed"), r"abc\u{202e}fed");
        assert_eq!(
            q("\u{202a}\u{202b}\u{202c}\u{202d}"),
            r"\u{202a}\u{202b}\u{202c}\u{202d}"
        );
        assert_eq!(q("\u{2066}x\u{2069}"), r"\u{2066}x\u{2069}");
        assert_eq!(q("\u{2067}\u{2068}"), r"\u{2067}\u{2068}");
        assert_eq!(q("line\u{2028}para\u{2029}"), r"line\u{2028}para\u{2029}");
        assert_eq!(q("zero\u{200b}width"), r"zero\u{200b}width");
        // a combining mark is escaped only where it would join the quote
        assert_eq!(q("\u{301}e"), r"\u{301}e");
        assert_eq!(q("e\u{301}"), "e\u{301}");
    }

    #[test]
    fn quoted_keeps_ordinary_text() {
        let q = |s: &str| Quoted(s).to_string();
        for text in [
            "",
            "government",
            "café",
            "الأسد",
            "مَرحبا",
            "Ærø 日本 😀",
            r"C:\cases\x.json",
            r#"it's "quoted""#,
            r"a\rb",
        ] {
            assert_eq!(q(text), text);
        }
        // escaping twice changes nothing
        let once = q("x\r\u{202e}\u{301}'\\y");
        assert_eq!(once, "x\\r\\u{202e}\u{301}'\\y");
        assert_eq!(q(&once), once);
    }

    #[test]
    fn every_message_escapes_the_input_it_quotes() {
        let bad = "a\r\nb\t\u{1b}[2J\u{202e}\0";
        let shown = r"a\r\nb\t\u{1b}[2J\u{202e}\0";
        let s = || bad.to_string();
        let errors = vec![
            Error::OutOfRange {
                item: Item::Evidence(s()),
                field: format!("likelihood for '{bad}'"),
                value: 2.0,
                expected: "0..=1",
            },
            Error::ReversedRange {
                item: Item::Source(s()),
                field: s(),
                low: 0.5,
                high: 0.2,
            },
            Error::InvalidId {
                item: Item::HypothesisAt(1),
                id: s(),
                reason: "it contains a control character",
            },
            Error::Duplicate {
                item: Item::Case,
                field: "hypothesis id".into(),
                id: s(),
            },
            Error::UnknownReference {
                item: Item::Group(s()),
                field: "source".into(),
                id: s(),
                kind: "source",
            },
            Error::Missing {
                item: Item::Prior,
                field: format!("weight for '{bad}'"),
            },
            Error::InvalidGrade {
                item: Item::Source(s()),
                field: "admiralty",
                value: s(),
                expected: "A-F",
            },
            Error::UnknownField {
                item: Item::Kind(s()),
                field: s(),
            },
            Error::Contradictory {
                items: vec![s(), "ok".into()],
            },
            Error::NotFound {
                item: Item::Perspective(s()),
            },
            Error::Matrix {
                row: 2,
                column: s(),
                message: format!("the id '{bad}' appears more than once"),
            },
            Error::Plot { message: s() },
            Error::Io {
                path: s(),
                message: "not found".into(),
            },
            Error::InFile {
                file: s(),
                source: Box::new(Error::NotFound {
                    item: Item::Hypothesis(s()),
                }),
            },
            Error::InCodebook {
                codebook: s(),
                source: Box::new(Error::UnsupportedCodebookVersion { found: 2 }),
            },
            Error::Path {
                item: Item::Case,
                field: "codebook",
                path: s(),
                reason: "it is absolute",
            },
            Error::DefinedTwice {
                what: "source",
                id: s(),
                codebook: s(),
                case_file: s(),
            },
            Error::UnknownKind {
                item: Item::Evidence("e".into()),
                kind: s(),
                codebook: s(),
            },
            Error::KindLacksHypothesis {
                item: Item::Evidence("e".into()),
                kind: s(),
                codebook: s(),
                hypothesis: s(),
            },
            Error::KindExtraHypothesis {
                item: Item::Evidence("e".into()),
                kind: s(),
                codebook: s(),
                hypothesis: s(),
            },
            Error::HypothesisMismatch {
                position: 1,
                case: Some(s()),
                batch: Some(s()),
            },
            Error::Syntax {
                message: format!("unknown variant `{bad}`"),
                line: 1,
                column: 2,
            },
        ];
        for e in &errors {
            let message = e.to_string();
            assert!(!message.chars().any(unsafe_char), "{message:?}");
            assert!(message.contains(shown), "{message}");
        }
        assert_eq!(
            errors[0].to_string(),
            format!("evidence '{shown}': likelihood for '{shown}' is 2, must be in 0..=1")
        );
        assert_eq!(
            errors[2].to_string(),
            format!("hypothesis #1: id \"{shown}\" is not valid: it contains a control character")
        );
        assert_eq!(
            errors[6].to_string(),
            format!("source '{shown}': admiralty is \"{shown}\", must be one of A-F")
        );
        assert_eq!(
            errors[13].to_string(),
            format!("{shown}: hypothesis '{shown}': not found in the case")
        );
        // the error keeps the input as given
        assert!(matches!(&errors[7], Error::UnknownField { field, .. } if field == bad));
    }

    #[test]
    fn arabic_and_accented_ids_are_quoted_as_given() {
        let e = Error::Duplicate {
            item: Item::Case,
            field: "hypothesis id".into(),
            id: "الأسد".into(),
        };
        assert_eq!(
            e.to_string(),
            "case: hypothesis id 'الأسد' appears more than once"
        );
        let e = Error::UnknownReference {
            item: Item::Evidence("témoin".into()),
            field: "source".into(),
            id: "مَصدر".into(),
            kind: "source",
        };
        assert_eq!(
            e.to_string(),
            "evidence 'témoin': source names 'مَصدر', which is not a declared source"
        );
    }

    #[test]
    fn at_moves_context() {
        let e = Error::OutOfRange {
            item: Item::Value,
            field: "probability".into(),
            value: -1.0,
            expected: "0..=1",
        }
        .at(&Item::Source("s".into()), "reliability");
        assert_eq!(
            e.to_string(),
            "source 's': reliability is -1, must be in 0..=1"
        );
    }
}
