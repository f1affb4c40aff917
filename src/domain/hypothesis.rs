//! Hypotheses: the competing answers to "who did it".

use crate::domain::id::HypothesisId;

/// Ids that mark a catch-all hypothesis by convention, compared without
/// regard to case.
const CATCH_ALL_IDS: [&str; 7] = [
    "other",
    "others",
    "none",
    "unknown",
    "catch-all",
    "catchall",
    "none-of-the-above",
];

/// One of the mutually exclusive answers a case weighs (docs/model.md section 1).
///
/// A case should hold a catch-all ("another actor, or none of the above"),
/// since the posterior is only as good as the list is exhaustive. A
/// hypothesis counts as the catch-all when it is marked so
/// (`"catch_all": true` in a case file, [`CaseBuilder::catch_all`] in Rust),
/// or when its id is `other`, `others`, `none`, `unknown`, `catch-all`,
/// `catchall` or `none-of-the-above` (in any case). Without one,
/// [`Case::warnings`] says so.
///
/// [`CaseBuilder::catch_all`]: crate::CaseBuilder::catch_all
/// [`Case::warnings`]: crate::Case::warnings
///
/// # Example
///
/// ```
/// use attrib::Case;
///
/// let case = Case::builder()
///     .hypothesis("government", "Syrian Arab Armed Forces")
///     .hypothesis("other", "Another actor, or no chemical attack")
///     .build()?;
/// let h = &case.hypotheses()[0];
/// assert_eq!(h.id().as_str(), "government");
/// assert_eq!(h.label(), "Syrian Arab Armed Forces");
/// assert!(!h.is_catch_all());
/// assert!(case.hypotheses()[1].is_catch_all());
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// As a case file writes it: `{"id": id, "label": text}`, with
/// `"catch_all": bool` when it was marked either way.
///
/// ```
/// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
/// let v = serde_json::to_value(&case.hypotheses()[0]).unwrap();
/// assert_eq!(v, serde_json::json!({"id": "a", "label": "A"}));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hypothesis {
    pub(crate) id: HypothesisId,
    pub(crate) label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) catch_all: Option<bool>,
}

impl Hypothesis {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.hypotheses()[1].id().as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &HypothesisId {
        &self.id
    }

    /// The human label (may be empty).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.hypotheses()[0].label(), "A");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether this hypothesis is the catch-all: marked so, or named by one
    /// of the conventional ids (see the type's docs). An explicit
    /// `catch_all: false` overrides the convention.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder()
    ///     .hypothesis("a", "A")
    ///     .catch_all("rest", "Anyone else")
    ///     .build()?;
    /// assert!(case.hypotheses()[1].is_catch_all());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_catch_all(&self) -> bool {
        match self.catch_all {
            Some(flag) => flag,
            None => CATCH_ALL_IDS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(self.id.as_str())),
        }
    }
}
