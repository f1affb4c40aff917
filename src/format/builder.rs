//! Building a case in Rust code: [`CaseBuilder`] and [`PerspectiveBuilder`]
//! ([`EvidenceBuilder`](crate::EvidenceBuilder) is in `evidence_builder.rs`). They fill the raw shapes of a case file (with
//! typed values where the API takes them: a weighting, a grade), so a case
//! built in Rust goes through the same one validation as a case file.

use crate::domain::admiralty::SourceGrade;
use crate::domain::case::{Case, FORMAT_VERSION};
use crate::domain::perspective::Perspective;
use crate::domain::weighting::Weighting;
use crate::domain::words::Scale;
use crate::error::Error;
use crate::format::evidence_builder::EvidenceBuilder;
use crate::format::raw::{
    Named, Pairs, RawCase, RawDiscount, RawEstimate, RawGroup, RawHypothesis, RawPerspective,
    RawScale, RawSource, RawStandard, RawStep, RawUncertainty,
};
use crate::format::validate;

impl Case {
    /// Starts building a case; see [`CaseBuilder`].
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.hypotheses().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn builder() -> CaseBuilder {
        CaseBuilder(RawCase {
            version: FORMAT_VERSION,
            ..RawCase::default()
        })
    }
}

impl Perspective {
    /// Starts a perspective with this id; see [`PerspectiveBuilder`].
    ///
    /// # Example
    ///
    /// ```
    /// let p = attrib::Perspective::builder("sceptic").discount_source("intel", 0.5);
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("intel", "Intelligence", 0.9).perspective(p).build()?;
    /// assert_eq!(case.perspectives()[0].id().as_str(), "sceptic");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn builder(id: impl Into<String>) -> PerspectiveBuilder {
        PerspectiveBuilder(RawPerspective {
            id: id.into(),
            ..RawPerspective::default()
        })
    }
}

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
    /// let case = attrib::Case::builder().title("Marea, 21 August 2015")
    ///     .hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.title(), Some("Marea, 21 August 2015"));
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().date("2015-08-21")
    ///     .hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.date(), Some("2015-08-21"));
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().place("Marea")
    ///     .hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.place(), Some("Marea"));
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().weighting(attrib::Weighting::Tempered)
    ///     .hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.weighting(), attrib::Weighting::Tempered);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weighting(mut self, w: Weighting) -> Self {
        self.0.weighting = Some(Named::Value(w));
        self
    }

    /// Sets the attribution threshold, in `0..=1` (default 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().threshold(0.9)
    ///     .hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.threshold().get(), 0.9);
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("isil", "ISIL").hypothesis("b", "B").build()?;
    /// assert_eq!(case.hypotheses()[0].label(), "ISIL");
    /// assert!(!case.hypotheses()[0].is_catch_all());
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("a", "A").catch_all("rest", "Anyone else").build()?;
    /// assert!(case.hypotheses()[1].is_catch_all());
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("government", "G").hypothesis("other", "O")
    ///     .prior("government", 3.0).prior("other", 1.0).build()?;
    /// assert_eq!(case.prior().probabilities()[0].get(), 0.75);
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("intercepts", "Radio intercepts", 0.8).build()?;
    /// assert_eq!(case.sources()[0].reliability().get(), 0.8);
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source_grade("residents", "Residents", attrib::SourceGrade::C).build()?;
    /// // C, "fairly reliable"
    /// assert_eq!(case.sources()[0].reliability().get(), 0.675);
    /// # Ok::<(), attrib::Error>(())
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
            admiralty: Some(Named::Value(grade)),
            ..RawSource::default()
        });
        self
    }

    /// Adds a source whose reliability is a word (docs/model.md section
    /// 11), on the case's default scale or naming one (`"kent: probable"`).
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source_word("residents", "Residents", "kent: chances about even").build()?;
    /// assert_eq!(case.sources()[0].reliability().get(), 0.5);
    /// assert_eq!(case.sources()[0].reliability_word().map(|w| w.word()), Some("chances about even"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source_word(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        word: impl Into<String>,
    ) -> Self {
        self.0.sources.push(RawSource {
            id: id.into(),
            label: Some(label.into()),
            reliability: Some(RawEstimate::Word(word.into())),
            ..RawSource::default()
        });
        self
    }

    /// Names the default scale the case's words are read on (default
    /// `icd-203`): a built-in one or one declared with
    /// [`declare_scale`](Self::declare_scale).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().scale("kent").hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_word("a", "probable").likelihood_word("b", "probably not"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].likelihoods()[0].midpoint().get(), 0.75);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn scale(mut self, id: impl Into<String>) -> Self {
        self.0.scale = Some(id.into());
        self
    }

    /// Declares a scale of words for this case (docs/model.md section 11);
    /// its id may not be a built-in one's or another declared one's.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Scale};
    /// use attrib::domain::{Estimate, ScaleId};
    ///
    /// let jim = Scale::builder(ScaleId::new("jim-wording")?, "The JIM's words")
    ///     .word("most likely", Estimate::range(0.8, 0.95)?)
    ///     .build()?;
    /// let case = Case::builder().declare_scale(jim).hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_word("a", "jim-wording: most likely").likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].likelihoods()[0].bounds().0.get(), 0.8);
    /// assert_eq!(case.scales().declared().count(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn declare_scale(mut self, scale: Scale) -> Self {
        self.0.scales.push(RawScale {
            id: scale.id().to_string(),
            built: Some(scale),
            ..RawScale::default()
        });
        self
    }

    /// Declares a step of reasoning (an extension; see
    /// [`ChainStep`](crate::ChainStep)): an id items name with
    /// [`EvidenceBuilder::step`](crate::EvidenceBuilder::step), and the
    /// question it answers.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .step("how", "How was it delivered?")
    ///     .build()?;
    /// assert_eq!(case.steps()[0].label(), Some("How was it delivered?"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(mut self, id: impl Into<String>, label: impl Into<String>) -> Self {
        self.0.steps.push(RawStep {
            id: id.into(),
            label: Some(label.into()),
            ..RawStep::default()
        });
        self
    }

    /// Declares a standard of proof (an extension; see
    /// [`Standard`](crate::Standard)): a named threshold, under which each
    /// verdict is also read.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .standard("balance", "Balance of probabilities", 0.5)
    ///     .headline_standard("balance")
    ///     .build()?;
    /// assert_eq!(case.threshold().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standard(
        mut self,
        id: impl Into<String>,
        label: impl Into<String>,
        threshold: f64,
    ) -> Self {
        self.0.standards.push(RawStandard {
            id: id.into(),
            label: Some(label.into()),
            threshold,
            ..RawStandard::default()
        });
        self
    }

    /// Names the headline standard: its threshold is the case's unless
    /// [`threshold`](Self::threshold) is set.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .standard("doubt", "Beyond reasonable doubt", 0.99)
    ///     .headline_standard("doubt")
    ///     .threshold(0.9)
    ///     .build()?;
    /// assert_eq!(case.threshold().get(), 0.9);
    /// assert_eq!(case.standard().map(|s| s.threshold().get()), Some(0.99));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn headline_standard(mut self, id: impl Into<String>) -> Self {
        self.0.standard = Some(id.into());
        self
    }

    /// Adds a dependence group with its correlation in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .group("witnesses", 0.5).build()?;
    /// assert_eq!(case.groups()[0].correlation().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
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
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.3))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].id().as_str(), "e");
    /// assert!((case.score()?.probability("a").unwrap().get() - 0.75).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .likelihood_concentration(20.0).build()?;
    /// assert_eq!(case.uncertainty().likelihood_concentration().map(|k| k.get()), Some(20.0));
    /// # Ok::<(), attrib::Error>(())
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
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .prior_concentration(10.0).build()?;
    /// assert_eq!(case.uncertainty().prior_concentration().map(|k| k.get()), Some(10.0));
    /// # Ok::<(), attrib::Error>(())
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
        validate::case(self.0)
    }
}

/// Builds a [`Perspective`] in Rust code, for
/// [`CaseBuilder::perspective`](crate::CaseBuilder::perspective).
///
/// Setters take plain numbers and strings and never fail; the case's
/// [`build`](crate::CaseBuilder::build) checks the perspective and names
/// the perspective and field of the first bad value, exactly as reading a
/// case file does. Defaults: no label, no discounts, the case's prior and
/// threshold.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Perspective};
///
/// let err = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .source("jim", "JIM", 0.9)
///     .perspective(Perspective::builder("sceptic").discount_source("jim", 1.5))
///     .build()
///     .unwrap_err();
/// assert_eq!(err.to_string(), "perspective 'sceptic': discount for source 'jim' is 1.5, must be in 0..=1");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct PerspectiveBuilder(pub(crate) RawPerspective);

impl PerspectiveBuilder {
    /// Sets the label.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("sceptic").label("Member-state intelligence at half trust"))
    ///     .build()?;
    /// assert_eq!(case.perspectives()[0].label(), Some("Member-state intelligence at half trust"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.0.label = Some(text.into());
        self
    }

    fn discount(&mut self) -> &mut RawDiscount {
        self.0.discount.get_or_insert_with(RawDiscount::default)
    }

    /// Multiplies the reliability of every item from a source by `factor`,
    /// in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("member-states", "Member states", 0.8)
    ///     .perspective(Perspective::builder("sceptic").discount_source("member-states", 0.5))
    ///     .build()?;
    /// let sceptic = case.perspective("sceptic")?;
    /// assert_eq!(sceptic.sources()[0].discount().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount_source(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().sources.0.push((id.into(), factor));
        self
    }

    /// Multiplies the reliability of one evidence item by `factor`, in
    /// `0..=1` (0 makes it uninformative).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(attrib::Evidence::builder("video").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .perspective(Perspective::builder("sceptic").discount_evidence("video", 0.0))
    ///     .build()?;
    /// // the video no longer counts: the posterior is the prior
    /// let sceptic = case.perspective("sceptic")?;
    /// assert_eq!(sceptic.score()?.probability("a").unwrap().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount_evidence(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().evidence.0.push((id.into(), factor));
        self
    }

    /// Multiplies the reliability of every item of a kind by `factor`, in
    /// `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(attrib::Evidence::builder("e").kind("heard").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .perspective(Perspective::builder("sceptic").discount_kind("heard", 0.5))
    ///     .build()?;
    /// let sceptic = case.perspective("sceptic")?;
    /// assert_eq!(sceptic.evidence()[0].discount().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount_kind(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().kinds.0.push((id.into(), factor));
        self
    }

    /// Sets the prior weight of one hypothesis. Once any weight is set,
    /// every hypothesis of the case needs one; the weights replace the
    /// case's prior.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("p").prior("a", 1.0).prior("b", 3.0))
    ///     .build()?;
    /// let p = case.perspective("p")?;
    /// assert_eq!(p.prior().probabilities()[1].get(), 0.75);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior(mut self, hypothesis: impl Into<String>, weight: f64) -> Self {
        self.0
            .prior
            .get_or_insert_with(Pairs::default)
            .0
            .push((hypothesis.into(), weight));
        self
    }

    /// Sets the threshold, in `0..=1`, that replaces the case's.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("p").threshold(0.99))
    ///     .build()?;
    /// assert_eq!(case.perspective("p")?.threshold().get(), 0.99);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(mut self, t: f64) -> Self {
        self.0.threshold = Some(t);
        self
    }

    /// Sets the rationale: why this doubt, and why this much.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("p").rationale("the imagery cannot be verified"))
    ///     .build()?;
    /// assert_eq!(case.perspectives()[0].rationale(), Some("the imagery cannot be verified"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(mut self, text: impl Into<String>) -> Self {
        self.0.rationale = Some(text.into());
        self
    }

    /// Adds a public reference.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("p").reference("S/2017/904, annex II"))
    ///     .build()?;
    /// assert_eq!(case.perspectives()[0].references(), ["S/2017/904, annex II"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reference(mut self, text: impl Into<String>) -> Self {
        self.0.sources.push(text.into());
        self
    }
}
