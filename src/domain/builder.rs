//! Building a case in Rust code: [`CaseBuilder`], checked by the same
//! validation as a case file.

use crate::domain::admiralty::SourceGrade;
use crate::domain::case::Case;
use crate::domain::evidence::EvidenceBuilder;
use crate::domain::file::{
    Pairs, RawCase, RawEstimate, RawGroup, RawHypothesis, RawSource, RawUncertainty,
};
use crate::domain::perspective::PerspectiveBuilder;
use crate::domain::weighting::Weighting;
use crate::error::Error;

/// Builds a [`Case`] in Rust code.
///
/// Setters take plain numbers and strings and never fail; [`build`]
/// checks everything and names the item and field of the first bad value,
/// exactly as reading a case file does. Defaults: uniform prior,
/// [`Weighting::Mixture`], threshold 0.95, no sources, groups or evidence.
///
/// [`build`]: CaseBuilder::build
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, SourceGrade, Weighting};
///
/// let case = Case::builder()
///     .title("Sarmin, 16 March 2015")
///     .date("2015-03-16")
///     .place("Sarmin")
///     .weighting(Weighting::Mixture)
///     .threshold(0.95)
///     .hypothesis("government", "Syrian Arab Armed Forces")
///     .hypothesis("isil", "ISIL")
///     .catch_all("other", "Another actor, or no chemical attack")
///     .source_grade("residents", "Residents interviewed", SourceGrade::C)
///     .group("witnesses", 0.5)
///     .evidence(
///         Evidence::builder("helicopter")
///             .description("A helicopter was heard before the impact")
///             .likelihood("government", 0.9)
///             .likelihood("isil", 0.01)
///             .likelihood("other", 0.1)
///             .source("residents")
///             .group("witnesses"),
///     )
///     .build()?;
/// assert_eq!(case.score()?.leader().id().as_str(), "government");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CaseBuilder(pub(crate) RawCase);

impl CaseBuilder {
    /// Sets the title.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().title("Marea, 21 August 2015");
    /// ```
    pub fn title(mut self, text: impl Into<String>) -> Self {
        self.0.title = Some(text.into());
        self
    }

    /// Sets the date (ISO 8601 by convention; kept as written).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().date("2015-08-21");
    /// ```
    pub fn date(mut self, text: impl Into<String>) -> Self {
        self.0.date = Some(text.into());
        self
    }

    /// Sets the place.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().place("Marea");
    /// ```
    pub fn place(mut self, text: impl Into<String>) -> Self {
        self.0.place = Some(text.into());
        self
    }

    /// Sets the weighting model (default [`Weighting::Mixture`]).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().weighting(attrib::Weighting::Tempered);
    /// ```
    pub fn weighting(mut self, w: Weighting) -> Self {
        self.0.weighting = Some(w.to_string());
        self
    }

    /// Sets the attribution threshold, in `0..=1` (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().threshold(0.9);
    /// ```
    pub fn threshold(mut self, t: f64) -> Self {
        self.0.threshold = Some(t);
        self
    }

    /// Adds a hypothesis.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().hypothesis("isil", "ISIL");
    /// ```
    pub fn hypothesis(mut self, id: impl Into<String>, label: impl Into<String>) -> Self {
        self.0.hypotheses.push(RawHypothesis {
            id: id.into(),
            label: label.into(),
            ..RawHypothesis::default()
        });
        self
    }

    /// Adds a hypothesis marked as the catch-all ("another actor, or none
    /// of the above"), whatever its id.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().catch_all("rest", "Anyone else");
    /// ```
    pub fn catch_all(mut self, id: impl Into<String>, label: impl Into<String>) -> Self {
        self.0.hypotheses.push(RawHypothesis {
            id: id.into(),
            label: label.into(),
            catch_all: Some(true),
            ..RawHypothesis::default()
        });
        self
    }

    /// Sets the prior weight of one hypothesis. Once any weight is set,
    /// every hypothesis needs one; weights are normalised to sum to 1.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().prior("government", 2.0);
    /// ```
    pub fn prior(mut self, hypothesis: impl Into<String>, weight: f64) -> Self {
        self.0
            .prior
            .get_or_insert_with(Pairs::default)
            .0
            .push((hypothesis.into(), weight));
        self
    }

    /// Adds a source with a numeric reliability in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().source("intercepts", "Radio intercepts", 0.8);
    /// ```
    pub fn source(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        reliability: f64,
    ) -> Self {
        self.0.sources.push(RawSource {
            id: id.into(),
            label: Some(label.into()),
            reliability: Some(RawEstimate::Point(reliability)),
            ..RawSource::default()
        });
        self
    }

    /// Adds a source graded with an Admiralty letter.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().source_grade("residents", "Residents", attrib::SourceGrade::C);
    /// ```
    pub fn source_grade(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        grade: SourceGrade,
    ) -> Self {
        self.0.sources.push(RawSource {
            id: id.into(),
            label: Some(label.into()),
            admiralty: Some(grade.to_string()),
            ..RawSource::default()
        });
        self
    }

    /// Adds a dependence group with its correlation in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().group("witnesses", 0.5);
    /// ```
    pub fn group(mut self, id: impl Into<String>, correlation: f64) -> Self {
        self.0.groups.push(RawGroup {
            id: id.into(),
            correlation: Some(correlation),
            ..RawGroup::default()
        });
        self
    }

    /// Adds an evidence item.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder()
    ///     .evidence(attrib::Evidence::builder("e").likelihood("a", 0.9));
    /// ```
    pub fn evidence(mut self, item: EvidenceBuilder) -> Self {
        self.0.evidence.push(item.0);
        self
    }

    /// Adds a perspective (docs/model.md section 10), checked with the case by
    /// [`build`](CaseBuilder::build).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Perspective};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("intel", "Member-state intelligence", 0.8)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("intel"))
    ///     .perspective(Perspective::builder("sceptic").discount_source("intel", 0.5))
    ///     .build()?;
    /// assert_eq!(case.perspectives()[0].id().as_str(), "sceptic");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspective(mut self, perspective: PerspectiveBuilder) -> Self {
        self.0.perspectives.push(perspective.0);
        self
    }

    /// Sets the Monte Carlo likelihood concentration `k` (docs/model.md section 6).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().likelihood_concentration(20.0);
    /// ```
    pub fn likelihood_concentration(mut self, k: f64) -> Self {
        self.0
            .uncertainty
            .get_or_insert_with(RawUncertainty::default)
            .likelihood_concentration = Some(k);
        self
    }

    /// Sets the Monte Carlo prior concentration `k0` (docs/model.md section 6).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Case::builder().prior_concentration(10.0);
    /// ```
    pub fn prior_concentration(mut self, k0: f64) -> Self {
        self.0
            .uncertainty
            .get_or_insert_with(RawUncertainty::default)
            .prior_concentration = Some(k0);
        self
    }

    /// Checks everything and builds the case.
    ///
    /// # Errors
    ///
    /// The first problem found, naming the item and field: fewer than two
    /// hypotheses, a bad or duplicate id, a number out of range, a
    /// likelihood missing or given for an unknown hypothesis, an unknown
    /// source or group, and so on (see [`Error`]).
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Case::builder().hypothesis("a", "A").build().unwrap_err();
    /// assert_eq!(err.to_string(), "case: a case needs at least 2 hypotheses, found 1");
    /// ```
    pub fn build(self) -> Result<Case, Error> {
        Case::try_from(self.0)
    }
}
