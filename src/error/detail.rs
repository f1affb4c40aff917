//! The messages of [`Error`](super::Error): one variant per failure, each
//! with the text it prints. Crate-private: callers see the kind, the
//! location and the message through `Error`'s accessors.

use super::{ErrorKind, Item, Quoted};

// Some failures exist only with some features (files with `json`, matrices
// with `ach`, charts with `plot`).
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum Detail {
    /// A number is outside the range its field allows, or is NaN.
    ///
    /// Fix: give a value inside `expected` (for probabilities `0..=1`).
    #[error("{}{} is {value}, must be in {expected}", prefix(item), Quoted(field))]
    OutOfRange {
        item: Item,
        field: String,
        value: f64,
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
        item: Item,
        field: String,
        low: f64,
        high: f64,
    },

    /// An id is empty or contains control characters.
    ///
    /// Fix: give every hypothesis, item, source and group a non-empty,
    /// printable id.
    #[error("{}id \"{}\" is not valid: {reason}", prefix(item), Quoted(id))]
    InvalidId {
        item: Item,
        id: String,
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
        item: Item,
        field: String,
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
        item: Item,
        field: String,
        id: String,
        kind: &'static str,
    },

    /// A required value is missing, such as the likelihood of an item for
    /// one hypothesis, or the prior weight of a hypothesis.
    ///
    /// Fix: give the value; a likelihood is required for every hypothesis.
    #[error("{}{} is missing", prefix(item), Quoted(field))]
    Missing { item: Item, field: String },

    /// A case has fewer than two hypotheses.
    ///
    /// Fix: add the competing hypotheses, including a catch-all.
    #[error("case: a case needs at least 2 hypotheses, found {found}")]
    TooFewHypotheses { found: usize },

    /// Every value of a field that must have at least one positive value is
    /// zero: an evidence item impossible under every hypothesis, or a prior
    /// with no weight anywhere.
    ///
    /// Fix: give at least one positive value.
    #[error("{}every {field} is 0, at least one must be positive", prefix(item))]
    AllZero { item: Item, field: &'static str },

    /// Two fields that exclude each other were both given, such as a source
    /// with both `reliability` and `admiralty`.
    ///
    /// Fix: keep one of them.
    #[error("{}give {first} or {second}, not both", prefix(item))]
    Conflicting {
        item: Item,
        first: &'static str,
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
        item: Item,
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// The case file has a field this version of the format does not know.
    /// Unknown fields are rejected so that a typo cannot silently change a
    /// result.
    ///
    /// Fix: correct the spelling; see the case-file format in the crate docs.
    #[error("{}unknown field '{}'", prefix(item), Quoted(field))]
    UnknownField { item: Item, field: String },

    /// The case file's `version` is not one this crate reads.
    ///
    /// Fix: write `"version": 1`.
    #[error("case: version is {found}, this crate reads version 1")]
    UnsupportedVersion { found: u64 },

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
    Contradictory { items: Vec<String> },

    /// A lookup named a hypothesis, item or source that the case does not have.
    ///
    /// Fix: use one of the case's ids.
    #[error("{}not found in the case", prefix(item))]
    NotFound { item: Item },

    /// An operation cannot handle a field an item has, such as a dependence
    /// group on an item added to a compiled case.
    ///
    /// Fix: as `reason` says.
    #[error("{}{field} cannot be used here: {reason}", prefix(item))]
    Unsupported {
        item: Item,
        field: &'static str,
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
        row: usize,
        column: String,
        message: String,
    },

    /// A chart could not be drawn (feature `plot`).
    ///
    /// Fix: report it; `plotters`' SVG backend is not expected to fail.
    #[error("cannot draw the chart: {}", Quoted(message))]
    Plot { message: String },

    /// A file could not be read, or is not UTF-8 text.
    ///
    /// Fix: check the path and the file's permissions and encoding.
    #[error("cannot read '{}': {}", Quoted(path), Quoted(message))]
    Io { path: String, message: String },

    /// A file the crate was asked to read is not a regular file: a
    /// directory, a FIFO, a socket or a device. It is refused before
    /// anything is read from it (a FIFO would block the reader, a device
    /// could be read without end).
    ///
    /// Fix: name a regular file.
    #[error("cannot read '{}': it is {what}, not a regular file", Quoted(path))]
    NotRegular { path: String, what: &'static str },

    /// Two ids of one kind differ as written but are equal once both are
    /// normalised to NFC (Unicode normalization form C): they read the
    /// same, so a reader cannot tell them apart.
    ///
    /// Fix: write both the same way, or rename one.
    #[error(
        "{}{} '{}' and '{}' are the same id in different Unicode forms (equal after NFC normalisation)",
        prefix(item),
        Quoted(field),
        Quoted(first),
        Quoted(second)
    )]
    Equivalent {
        item: Item,
        field: String,
        first: String,
        second: String,
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
        item: Item,
        field: &'static str,
        path: String,
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
        what: &'static str,
        id: String,
        codebook: String,
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
        item: Item,
        kind: String,
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
        item: Item,
        kind: String,
        codebook: String,
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
        item: Item,
        kind: String,
        codebook: String,
        hypothesis: String,
    },

    /// A codebook's `version` is not one this crate reads.
    ///
    /// Fix: write `"version": 1`.
    #[error("codebook: version is {found}, this crate reads version 1")]
    UnsupportedCodebookVersion { found: u64 },

    /// A codebook lists fewer than two hypotheses.
    ///
    /// Fix: list the ids of the competing hypotheses its kinds weigh.
    #[error("codebook: a codebook needs at least 2 hypotheses, found {found}")]
    CodebookTooFewHypotheses { found: usize },

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
        position: usize,
        case: Option<String>,
        batch: Option<String>,
    },

    /// A buffer given to fill has the wrong length, such as the output of
    /// [`Compiled::score_into`](crate::Compiled::score_into), which needs
    /// one place per hypothesis.
    ///
    /// Fix: allocate `expected` places, as `what` says.
    #[error("{what} has length {got}, must have length {expected}")]
    Length {
        what: &'static str,
        got: usize,
        expected: usize,
    },

    /// The text is not a well-formed case file: a JSON syntax error, a
    /// wrong type, or a missing required field.
    ///
    /// Fix: correct the file at the line and column given.
    #[error("{} at line {line} column {column}", Quoted(message))]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },

    /// A weighting model's name is not one this crate knows.
    #[error(
        "{}{field} is \"{}\", must be one of {expected}",
        prefix(item),
        Quoted(value)
    )]
    InvalidWeighting {
        item: Item,
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// A result read back (a verdict, an interval) whose parts disagree.
    #[error("{}{field} is \"{}\", must be {expected}", prefix(item), Quoted(value))]
    Inconsistent {
        item: Item,
        field: String,
        value: String,
        expected: &'static str,
    },

    /// A count or buffer length passed to a batch call does not fit.
    #[error("{}{} is {value}, must be in {expected}", prefix(item), Quoted(field))]
    BufferLength {
        item: Item,
        field: String,
        value: f64,
        expected: &'static str,
    },

    /// A file is larger than the most the crate reads (or has no end).
    #[error(
        "cannot read '{}': it is larger than {cap} bytes, the most attrib reads",
        Quoted(path)
    )]
    TooLarge { path: String, cap: u64 },

    /// A file is not UTF-8 text.
    #[error(
        "cannot read '{}': it is not UTF-8 text (invalid byte at offset {offset})",
        Quoted(path)
    )]
    NotText { path: String, offset: usize },

    /// A word that is not a word of its scale (docs/model.md section 11).
    #[error(
        "{}{} is \"{}\", not a word of scale '{}' (its words: {}){}",
        prefix(item),
        Quoted(field),
        Quoted(word),
        Quoted(scale),
        listed(words),
        suggest(suggestion.as_deref())
    )]
    UnknownWord {
        item: Item,
        field: String,
        scale: String,
        word: String,
        words: Vec<String>,
        suggestion: Option<String>,
    },

    /// A word names a scale that is not declared.
    #[error(
        "{}{} names scale '{}', which is not declared (scales: {})",
        prefix(item),
        Quoted(field),
        Quoted(scale),
        listed(known)
    )]
    UnknownScale {
        item: Item,
        field: String,
        scale: String,
        known: Vec<String>,
    },

    /// A number outside its field's range that looks like another way of
    /// writing a valid value: a percentage (`85` for `0.85`) or an
    /// Admiralty digit given as a number (`"credibility": 3` for `"3"`).
    /// Its kind is [`ErrorKind::OutOfRange`], as for any number out of range.
    ///
    /// Fix: write what the message suggests, if that is what was meant.
    #[error(
        "{}{} is {value}, must be in {expected}; did you mean {suggestion}?",
        prefix(item),
        Quoted(field)
    )]
    OutOfRangeDidYouMean {
        item: Item,
        field: String,
        value: f64,
        expected: &'static str,
        suggestion: String,
    },

    /// A field this version of the format does not know, with the nearest
    /// known field of the object it is in, or all of them when none is
    /// near. Its kind is [`ErrorKind::UnknownField`].
    ///
    /// Fix: correct the spelling; `"$comment"` is the one free-form key.
    #[error("{}unknown field '{}'{}", prefix(item), Quoted(field), known_fields(suggestion.as_deref(), known))]
    UnknownFieldOf {
        item: Item,
        field: String,
        suggestion: Option<&'static str>,
        known: &'static [&'static str],
    },

    /// A source given an Admiralty letter and digit together (`"B2"`): the
    /// letter grades the source, the digit each item's information.
    ///
    /// Fix: as the message says, the letter on the source and the digit as
    /// `credibility` on its items.
    #[error(
        "{}admiralty is \"{}\", but a source takes the letter alone: write \"admiralty\": \"{letter}\" here and \"credibility\": \"{digit}\" on its items",
        prefix(item),
        Quoted(value)
    )]
    SourceGradePair {
        item: Item,
        value: String,
        letter: char,
        digit: char,
    },

    /// An item's `"admiralty": "B2"` grades its source with another letter
    /// than the source's own grading says.
    ///
    /// Fix: keep the source's grade and write only the digit, as
    /// `credibility`, or correct the letter.
    #[error(
        "{}admiralty is \"{}\", but its source '{}' is graded {}: write \"credibility\": \"{digit}\" and keep the source's grade, or correct the letter",
        prefix(item),
        Quoted(value),
        Quoted(graded_source),
        Quoted(graded)
    )]
    ItemGradeMismatch {
        item: Item,
        value: String,
        graded_source: String,
        graded: String,
        digit: char,
    },

    /// A value could not be written out (for example as JSON).
    #[error("cannot write {what}: {}", Quoted(message))]
    Serialize { what: &'static str, message: String },
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

fn listed(words: &[String]) -> String {
    words
        .iter()
        .map(|w| Quoted(w).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn suggest(nearest: Option<&str>) -> String {
    nearest.map_or(String::new(), |n| {
        format!("; did you mean \"{}\"?", Quoted(n))
    })
}

fn known_fields(suggestion: Option<&str>, known: &[&str]) -> String {
    match suggestion {
        Some(s) => format!("; did you mean '{s}'?"),
        None if known.is_empty() => String::new(),
        None => format!(
            " (fields here: {})",
            known
                .iter()
                .map(|k| format!("'{k}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("'{}'", Quoted(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Detail {
    /// The kind of this failure: one per meaning.
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Detail::OutOfRange { .. } | Detail::OutOfRangeDidYouMean { .. } => {
                ErrorKind::OutOfRange
            }
            Detail::ReversedRange { .. } => ErrorKind::ReversedRange,
            Detail::InvalidId { .. } => ErrorKind::InvalidId,
            Detail::Duplicate { .. } => ErrorKind::Duplicate,
            Detail::UnknownReference { .. } => ErrorKind::UnknownReference,
            Detail::Missing { .. } => ErrorKind::Missing,
            Detail::TooFewHypotheses { .. } | Detail::CodebookTooFewHypotheses { .. } => {
                ErrorKind::TooFewHypotheses
            }
            Detail::AllZero { .. } => ErrorKind::AllZero,
            Detail::Conflicting { .. } => ErrorKind::Conflicting,
            Detail::InvalidGrade { .. } => ErrorKind::InvalidGrade,
            Detail::InvalidWeighting { .. } => ErrorKind::InvalidWeighting,
            Detail::UnknownField { .. } | Detail::UnknownFieldOf { .. } => ErrorKind::UnknownField,
            Detail::SourceGradePair { .. } => ErrorKind::InvalidGrade,
            Detail::ItemGradeMismatch { .. } => ErrorKind::Conflicting,
            Detail::UnsupportedVersion { .. } | Detail::UnsupportedCodebookVersion { .. } => {
                ErrorKind::UnsupportedVersion
            }
            Detail::Contradictory { .. } => ErrorKind::Contradictory,
            Detail::NotFound { .. } => ErrorKind::NotFound,
            Detail::Unsupported { .. } => ErrorKind::Unsupported,
            Detail::Matrix { .. } => ErrorKind::Matrix,
            Detail::Plot { .. } => ErrorKind::Plot,
            Detail::Io { .. } => ErrorKind::Io,
            Detail::TooLarge { .. } => ErrorKind::TooLarge,
            Detail::NotText { .. } => ErrorKind::NotText,
            Detail::Path { .. } => ErrorKind::Path,
            Detail::NotRegular { .. } => ErrorKind::NotRegular,
            Detail::Equivalent { .. } => ErrorKind::Equivalent,
            Detail::DefinedTwice { .. } => ErrorKind::DefinedTwice,
            Detail::UnknownKind { .. } => ErrorKind::UnknownKind,
            Detail::KindLacksHypothesis { .. } => ErrorKind::KindLacksHypothesis,
            Detail::KindExtraHypothesis { .. } => ErrorKind::KindExtraHypothesis,
            Detail::HypothesisMismatch { .. } => ErrorKind::HypothesisMismatch,
            Detail::Length { .. } | Detail::BufferLength { .. } => ErrorKind::Length,
            Detail::Syntax { .. } => ErrorKind::Syntax,
            Detail::Inconsistent { .. } => ErrorKind::Inconsistent,
            Detail::Serialize { .. } => ErrorKind::Serialize,
            Detail::UnknownWord { .. } => ErrorKind::UnknownWord,
            Detail::UnknownScale { .. } => ErrorKind::UnknownScale,
        }
    }

    /// The item the failure is in, when it is in one.
    pub(crate) fn item(&self) -> Option<&Item> {
        match self {
            Detail::OutOfRange { item, .. }
            | Detail::OutOfRangeDidYouMean { item, .. }
            | Detail::UnknownFieldOf { item, .. }
            | Detail::SourceGradePair { item, .. }
            | Detail::ItemGradeMismatch { item, .. }
            | Detail::ReversedRange { item, .. }
            | Detail::InvalidId { item, .. }
            | Detail::Duplicate { item, .. }
            | Detail::UnknownReference { item, .. }
            | Detail::Missing { item, .. }
            | Detail::AllZero { item, .. }
            | Detail::Conflicting { item, .. }
            | Detail::InvalidGrade { item, .. }
            | Detail::InvalidWeighting { item, .. }
            | Detail::UnknownField { item, .. }
            | Detail::NotFound { item }
            | Detail::Unsupported { item, .. }
            | Detail::Path { item, .. }
            | Detail::Equivalent { item, .. }
            | Detail::UnknownKind { item, .. }
            | Detail::KindLacksHypothesis { item, .. }
            | Detail::KindExtraHypothesis { item, .. }
            | Detail::Inconsistent { item, .. }
            | Detail::BufferLength { item, .. }
            | Detail::UnknownWord { item, .. }
            | Detail::UnknownScale { item, .. } => Some(item),
            Detail::TooFewHypotheses { .. } | Detail::UnsupportedVersion { .. } => {
                Some(&Item::Case)
            }
            Detail::CodebookTooFewHypotheses { .. } | Detail::UnsupportedCodebookVersion { .. } => {
                Some(&Item::Codebook)
            }
            _ => None,
        }
    }

    /// The field the failure is in, when it names one.
    pub(crate) fn field(&self) -> Option<&str> {
        match self {
            Detail::OutOfRange { field, .. }
            | Detail::OutOfRangeDidYouMean { field, .. }
            | Detail::UnknownFieldOf { field, .. }
            | Detail::ReversedRange { field, .. }
            | Detail::Duplicate { field, .. }
            | Detail::Equivalent { field, .. }
            | Detail::UnknownReference { field, .. }
            | Detail::Missing { field, .. }
            | Detail::UnknownField { field, .. }
            | Detail::Inconsistent { field, .. }
            | Detail::BufferLength { field, .. }
            | Detail::UnknownWord { field, .. }
            | Detail::UnknownScale { field, .. } => Some(field),
            Detail::AllZero { field, .. }
            | Detail::InvalidGrade { field, .. }
            | Detail::InvalidWeighting { field, .. }
            | Detail::Unsupported { field, .. }
            | Detail::Path { field, .. } => Some(field),
            Detail::InvalidId { .. } => Some("id"),
            Detail::SourceGradePair { .. } | Detail::ItemGradeMismatch { .. } => Some("admiralty"),
            Detail::UnknownKind { .. }
            | Detail::KindLacksHypothesis { .. }
            | Detail::KindExtraHypothesis { .. } => Some("kind"),
            Detail::TooFewHypotheses { .. } | Detail::CodebookTooFewHypotheses { .. } => {
                Some("hypotheses")
            }
            Detail::UnsupportedVersion { .. } | Detail::UnsupportedCodebookVersion { .. } => {
                Some("version")
            }
            _ => None,
        }
    }

    /// The same failure of a stand-alone value, moved to the item and field
    /// where the value was found.
    pub(crate) fn at(self, at: &Item, name: &str) -> Detail {
        match self {
            Detail::OutOfRange {
                value, expected, ..
            } => Detail::OutOfRange {
                item: at.clone(),
                field: name.to_string(),
                value,
                expected,
            },
            Detail::ReversedRange { low, high, .. } => Detail::ReversedRange {
                item: at.clone(),
                field: name.to_string(),
                low,
                high,
            },
            Detail::InvalidId { id, reason, .. } => Detail::InvalidId {
                item: at.clone(),
                id,
                reason,
            },
            Detail::InvalidGrade {
                field,
                value,
                expected,
                ..
            } => Detail::InvalidGrade {
                item: at.clone(),
                field,
                value,
                expected,
            },
            other => other,
        }
    }
}
