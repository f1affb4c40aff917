//! Steps of reasoning (an extension of docs/model.md section 9 for the JIM
//! cases): the questions an investigation answers in turn (what happened,
//! how it was delivered, who could deliver it, who), each item assigned to
//! one. A step changes no number: it groups items for reading and for
//! break-even analysis over a set of items.

/// A step of reasoning: the question it answers, and why the items under
/// it belong there.
///
/// A case file or codebook declares them in `"steps"` (a case inherits its
/// codebook's, first); a kind or an item names its step in `"step"` (an
/// item of a kind takes the kind's unless it names its own). A step named
/// but not declared is refused, naming the item and the field. Scores do
/// not depend on steps.
///
/// # Example
///
/// ```
/// use attrib::Case;
///
/// let case = Case::from_json(r#"{"version": 1,
///     "steps": [{"id": "how", "label": "How was it delivered?"},
///               {"id": "who", "label": "Who could deliver it?", "rationale": "only one party flew"}],
///     "hypotheses": [{"id": "a"}, {"id": "b"}],
///     "evidence": [{"id": "drop", "step": "how", "likelihoods": {"a": 0.8, "b": 0.2}},
///                  {"id": "radar", "step": "who", "likelihoods": {"a": 0.9, "b": 0.3}}]}"#)?;
/// let ids: Vec<&str> = case.steps().iter().map(|s| s.id()).collect();
/// assert_eq!(ids, ["how", "who"]);
/// assert_eq!(case.evidence()[1].step(), Some("who"));
/// assert_eq!(case.steps()[1].rationale(), Some("only one party flew"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStep {
    pub(crate) id: String,
    pub(crate) label: Option<String>,
    pub(crate) rationale: Option<String>,
    pub(crate) sources: Vec<String>,
}

impl ChainStep {
    /// The id, which items and kinds name in `"step"`.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "steps": [{"id": "agent"}], "evidence": []}"#)?;
    /// assert_eq!(case.steps()[0].id(), "agent");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The label: the question the step answers, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "steps": [{"id": "agent", "label": "What was used?"}], "evidence": []}"#)?;
    /// assert_eq!(case.steps()[0].label(), Some("What was used?"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// Why the step, and why its items belong to it, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "steps": [{"id": "agent", "rationale": "the mission's finding"}], "evidence": []}"#)?;
    /// assert_eq!(case.steps()[0].rationale(), Some("the mission's finding"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }

    /// Its public references (`sources` in the file).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "steps": [{"id": "agent", "sources": ["S/2016/738"]}], "evidence": []}"#)?;
    /// assert_eq!(case.steps()[0].sources(), ["S/2016/738"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn sources(&self) -> &[String] {
        &self.sources
    }
}
