//! Where an error was found ([`Item`]), and how a message quotes the
//! caller's text ([`Quoted`]).

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
    /// The scale of words with this id (docs/model.md section 11).
    Scale(String),
    /// The scale at this position (from 1), when its id is at fault.
    ScaleAt(usize),
    /// The standard of proof with this id (an extension of docs/model.md
    /// section 5).
    Standard(String),
    /// The step of reasoning with this id (an extension of docs/model.md
    /// section 9).
    Step(String),
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
            Item::Scale(id) => write!(f, "scale '{}'", Quoted(id)),
            Item::ScaleAt(n) => write!(f, "scale #{n}"),
            Item::Standard(id) => write!(f, "standard '{}'", Quoted(id)),
            Item::Step(id) => write!(f, "step '{}'", Quoted(id)),
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
/// A message quotes at most [`QUOTED_CHARS`] characters of it (200), then
/// says how long it is (`... (104857600 characters)`), so that an error
/// about a 100 MB id is not 100 MB long.
///
/// Only the message is escaped: the [`Error`] keeps the text exactly as
/// it was given.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

/// The most characters of the caller's text an error message quotes.
pub(crate) const QUOTED_CHARS: usize = 200;

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTED_CHARS) {
            None => escape(f, self.0),
            Some((end, _)) => {
                escape(f, &self.0[..end])?;
                write!(f, "... ({} characters)", self.0.chars().count())
            }
        }
    }
}

/// Writes `text` with what does not print escaped (the rule of [`Quoted`]).
fn escape(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    // `escape_debug` writes a backslash only to begin an escape, so one
    // look ahead tells an escaped quote or backslash (written back as
    // is) from an escaped character that does not print (kept).
    let mut out = text.escape_debug();
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

/// A label, title or other text of a case as a text report shows it:
/// escaped as an error message quotes text (control characters, newlines,
/// bidirectional controls and other invisible characters written as
/// `\u{..}`, so a field stays on its line and cannot drive a terminal),
/// and, when it holds any character outside ASCII, isolated between
/// FIRST STRONG ISOLATE (`U+2068`) and POP DIRECTIONAL ISOLATE (`U+2069`),
/// so that right-to-left text cannot reorder what is around it (the
/// numbers of a table row, the verdict). ASCII text is written as is. The
/// whole text is written, however long.
///
/// # Example
///
/// ```
/// use attrib::Isolated;
///
/// assert_eq!(Isolated("Government").to_string(), "Government");
/// assert_eq!(
///     Isolated("x\n\nverdict: attributed").to_string(),
///     "x\\n\\nverdict: attributed"
/// );
/// assert_eq!(Isolated("\u{1b}]0;owned\u{7}").to_string(), "\\u{1b}]0;owned\\u{7}");
/// assert_eq!(Isolated("الأسد").to_string(), "\u{2068}الأسد\u{2069}");
/// assert_eq!(Isolated("\u{202e}lisi").to_string(), "\u{2068}\\u{202e}lisi\u{2069}");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Isolated<'a>(pub &'a str);

impl fmt::Display for Isolated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_ascii() {
            return escape(f, self.0);
        }
        f.write_char('\u{2068}')?;
        escape(f, self.0)?;
        f.write_char('\u{2069}')
    }
}
