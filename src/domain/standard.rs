//! Standards of proof (an extension of docs/model.md section 5 for the JIM
//! cases): named thresholds a case is read against, one of them the
//! headline.

use crate::domain::probability::Probability;
use crate::scoring::{Posterior, Verdict};

/// A standard of proof: a named threshold, why, and where it comes from.
///
/// A case file or codebook declares them in `"standards"`, and may name
/// the headline one in `"standard"`: its threshold is then the case's,
/// unless the case gives its own `threshold`. A case inherits its
/// codebook's standards. The verdict under each is
/// [`Standard::verdict`].
///
/// # Example
///
/// ```
/// use attrib::{Case, Status};
///
/// let case = Case::from_json(r#"{"version": 1, "standard": "balance",
///     "standards": [{"id": "balance", "label": "Balance of probabilities", "threshold": 0.5},
///                   {"id": "doubt", "label": "Beyond reasonable doubt", "threshold": 0.99}],
///     "hypotheses": [{"id": "a"}, {"id": "b"}],
///     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
/// assert_eq!(case.threshold().get(), 0.5);
/// let post = case.score()?; // a: 0.9
/// let status: Vec<Status> = case.standards().iter().map(|s| s.verdict(&post).status()).collect();
/// assert_eq!(status, [Status::Attributed, Status::Insufficient]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Standard {
    pub(crate) id: String,
    pub(crate) label: Option<String>,
    pub(crate) threshold: Probability,
    pub(crate) rationale: Option<String>,
    pub(crate) sources: Vec<String>,
}

impl Standard {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "balance", "threshold": 0.5}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].id(), "balance");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The label, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "balance", "label": "Balance of probabilities", "threshold": 0.5}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].label(), Some("Balance of probabilities"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The posterior the leader needs under this standard.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "doubt", "threshold": 0.99}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].threshold().get(), 0.99);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Probability {
        self.threshold
    }

    /// Why this standard, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "jim", "threshold": 0.9, "rationale": "the JIM's words"}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].rationale(), Some("the JIM's words"));
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
    /// #     "standards": [{"id": "jim", "threshold": 0.9, "sources": ["S/2016/738"]}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].sources(), ["S/2016/738"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The verdict on `posterior` under this standard: the posterior's own
    /// verdict with this threshold ([`Posterior::verdict_at`]).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "doubt", "threshold": 0.99}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// let v = case.standards()[0].verdict(&case.score()?);
    /// assert_eq!((v.status(), v.threshold().get()), (attrib::Status::Insufficient, 0.99));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict(&self, posterior: &Posterior) -> Verdict {
        posterior.verdict_at(self.threshold)
    }
}
