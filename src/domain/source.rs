//! Sources: who reported the evidence, and how far they are trusted.

use crate::domain::admiralty::SourceGrade;
use crate::domain::id::SourceId;
use crate::domain::probability::{Estimate, Reliability};
use crate::domain::words::Word;

/// How reliable a source is: a number (or a range), or an Admiralty letter.
///
/// # Example
///
/// ```
/// use attrib::domain::SourceReliability;
/// use attrib::SourceGrade;
///
/// assert_eq!(SourceReliability::Grade(SourceGrade::C).value().get(), 0.675);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SourceReliability {
    /// A number in `0..=1`, or a range whose midpoint is used.
    Value(Estimate),
    /// An Admiralty letter, mapped by the table in [`admiralty`](crate::domain::admiralty).
    Grade(SourceGrade),
}

impl SourceReliability {
    /// The number plain scoring uses.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::domain::{Estimate, SourceReliability};
    ///
    /// let r = SourceReliability::Value(Estimate::range(0.6, 0.8)?);
    /// assert!((r.value().get() - 0.7).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn value(self) -> Reliability {
        match self {
            SourceReliability::Value(e) => {
                Reliability::new(e.midpoint().get()).unwrap_or(Reliability::ONE)
            }
            SourceReliability::Grade(g) => g.reliability(),
        }
    }
}

/// A source of evidence, listed once per case (docs/model.md section 2). Items
/// that name it inherit its reliability.
///
/// A source may also carry a `discount`, a factor in `0..=1` on the
/// reliability of every item that names it (an extension of docs/model.md; see
/// [`Case::discount_source`](crate::Case::discount_source)). It is how a
/// doubt such as "these findings rest on Western intelligence" is tested.
///
/// # Example
///
/// ```
/// use attrib::{Case, SourceGrade};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .source_grade("witnesses", "Residents", SourceGrade::C)
///     .build()?;
/// let s = &case.sources()[0];
/// assert_eq!(s.id().as_str(), "witnesses");
/// assert_eq!(s.reliability().get(), 0.675);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub(crate) id: SourceId,
    pub(crate) label: Option<String>,
    pub(crate) grading: Option<SourceReliability>,
    pub(crate) discount: Option<Reliability>,
    /// The word its `reliability` was given as, if any (docs/model.md
    /// section 11).
    pub(crate) word: Option<Word>,
}

impl Source {
    /// The word the source's `reliability` was given as, with its scale
    /// and band, if it was one (docs/model.md section 11).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "sources": [{"id": "s", "reliability": "very likely"}], "evidence": []}"#)?;
    /// let s = &case.sources()[0];
    /// assert_eq!(s.reliability_word().map(|w| w.to_string()).as_deref(), Some("very likely (ICD 203: 0.80-0.95)"));
    /// assert_eq!(s.reliability().get(), 0.875);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability_word(&self) -> Option<&Word> {
        self.word.as_ref()
    }

    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("s", "S", 0.8).build()?;
    /// assert_eq!(case.sources()[0].id().as_str(), "s");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &SourceId {
        &self.id
    }

    /// The label, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("s", "Satellite imagery", 0.8).build()?;
    /// assert_eq!(case.sources()[0].label(), Some("Satellite imagery"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The grading as given (`None` when the source has none, which counts
    /// as reliability 1).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::domain::SourceReliability;
    /// use attrib::SourceGrade;
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source_grade("s", "S", SourceGrade::B).build()?;
    /// assert_eq!(case.sources()[0].grading(), Some(SourceReliability::Grade(SourceGrade::B)));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn grading(&self) -> Option<SourceReliability> {
        self.grading
    }

    /// The reliability its items inherit: the grading's value (1 without
    /// one), before any discount.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("s", "S", 0.8).build()?;
    /// assert_eq!(case.sources()[0].reliability().get(), 0.8);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self) -> Reliability {
        self.grading
            .map_or(Reliability::ONE, SourceReliability::value)
    }

    /// The discount on this source (1 when none is set).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("s", "S", 0.8).build()?;
    /// let case = case.discount_source("s", 0.5)?;
    /// assert_eq!(case.sources()[0].discount().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount(&self) -> Reliability {
        self.discount.unwrap_or(Reliability::ONE)
    }
}
