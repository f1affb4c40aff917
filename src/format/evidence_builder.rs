//! Building an evidence item in Rust code: [`EvidenceBuilder`], which
//! fills the raw shape of an item of a case file.

use crate::domain::admiralty::CredibilityGrade;
use crate::domain::evidence::Evidence;
use crate::format::raw::{Named, RawCredibility, RawEstimate, RawEvidence};

impl Evidence {
    /// Starts an item with this id; see [`EvidenceBuilder`].
    ///
    /// # Example
    ///
    /// ```
    /// let e = attrib::Evidence::builder("crater").likelihood("a", 0.5).likelihood("b", 0.1);
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(e).build()?;
    /// assert_eq!(case.evidence()[0].id().as_str(), "crater");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn builder(id: impl Into<String>) -> EvidenceBuilder {
        EvidenceBuilder(RawEvidence {
            id: id.into(),
            ..RawEvidence::default()
        })
    }
}

/// Builds an [`Evidence`] item; hand it to
/// [`CaseBuilder::evidence`](crate::CaseBuilder::evidence).
///
/// Setters take plain numbers and strings and never fail: everything is
/// checked by [`CaseBuilder::build`](crate::CaseBuilder::build), which
/// names the item and field of any bad value. Defaults are those of
/// docs/model.md: no reliability of its own (inherited from source and
/// credibility, else 1), `chance` the mean likelihood, `observed` 1, no
/// group, no source.
///
/// # Example
///
/// ```
/// use attrib::{Case, CredibilityGrade, Evidence, SourceGrade};
///
/// let case = Case::builder()
///     .hypothesis("government", "Syrian Arab Armed Forces")
///     .hypothesis("other", "Another actor")
///     .source_grade("witnesses", "Residents", SourceGrade::C)
///     .evidence(
///         Evidence::builder("helicopter-overhead")
///             .description("Witnesses heard a helicopter before the impact")
///             .likelihood("government", 0.9)
///             .likelihood("other", 0.1)
///             .source("witnesses")
///             .credibility_grade(CredibilityGrade::ProbablyTrue),
///     )
///     .build()?;
/// // C (0.675) times 2 (0.875)
/// assert!((case.reliability("helicopter-overhead").unwrap().get() - 0.675 * 0.875).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EvidenceBuilder(pub(crate) RawEvidence);

impl EvidenceBuilder {
    /// Sets the description.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").description("a crater").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].description(), "a crater");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.0.description = text.into();
        self
    }

    /// Sets `P(E | h)` for one hypothesis, a number in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].likelihoods()[1].midpoint().get(), 0.1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood(mut self, hypothesis: impl Into<String>, p: f64) -> Self {
        self.0
            .likelihoods
            .0
            .push((hypothesis.into(), RawEstimate::Point(p)));
        self
    }

    /// Sets `P(E | h)` for one hypothesis as a range `[low, high]`; plain
    /// scoring uses its midpoint.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_range("a", 0.6, 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].likelihoods()[0].bounds().0.get(), 0.6);
    /// assert!((case.evidence()[0].likelihoods()[0].midpoint().get() - 0.75).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood_range(mut self, hypothesis: impl Into<String>, low: f64, high: f64) -> Self {
        self.0
            .likelihoods
            .0
            .push((hypothesis.into(), RawEstimate::Range(low, high)));
        self
    }

    /// Sets the item's own reliability, which overrides its source and credibility.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.7))
    ///     .build()?;
    /// assert_eq!(case.reliability("e").map(|r| r.get()), Some(0.7));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(mut self, r: f64) -> Self {
        self.0.reliability = Some(RawEstimate::Point(r));
        self
    }

    /// Sets the item's own reliability as a range `[low, high]`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability_range(0.5, 0.8))
    ///     .build()?;
    /// assert!(case.evidence()[0].reliability().unwrap().is_range());
    /// assert!((case.reliability("e").unwrap().get() - 0.65).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability_range(mut self, low: f64, high: f64) -> Self {
        self.0.reliability = Some(RawEstimate::Range(low, high));
        self
    }

    /// Sets `chance`, the probability that an unreliable source would
    /// produce this report anyway (default: the mean likelihood).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).chance(0.2))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].chance().map(|c| c.midpoint().get()), Some(0.2));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance(mut self, p: f64) -> Self {
        self.0.chance = Some(RawEstimate::Point(p));
        self
    }

    /// Sets `observed`, the confidence that the reported observation really
    /// occurred (default 1).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).observed(0.8))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].observed().map(|q| q.midpoint().get()), Some(0.8));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed(mut self, q: f64) -> Self {
        self.0.observed = Some(RawEstimate::Point(q));
        self
    }

    /// Sets `P(E | h)` for one hypothesis as a word (docs/model.md section
    /// 11): on the case's default scale, or naming one (`"kent: probable"`).
    /// The word is its band: plain scoring takes the midpoint, Monte Carlo
    /// draws in the band, and the word is kept for reports and
    /// [`Case::to_json`](crate::Case::to_json). An unknown word is an error
    /// of [`CaseBuilder::build`](crate::CaseBuilder::build).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_word("a", "likely").likelihood_word("b", "kent: probably not"))
    ///     .build()?;
    /// let l = case.evidence()[0].likelihoods();
    /// assert_eq!((l[0].bounds().0.get(), l[0].bounds().1.get()), (0.55, 0.80));
    /// assert_eq!(l[1].midpoint().get(), 0.30000000000000004); // 0.20 + (0.40 - 0.20) / 2
    /// assert_eq!(case.evidence()[0].words().likelihood(1).unwrap().to_string(), "probably not (Kent: 0.20-0.40)");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood_word(
        mut self,
        hypothesis: impl Into<String>,
        word: impl Into<String>,
    ) -> Self {
        self.0
            .likelihoods
            .0
            .push((hypothesis.into(), RawEstimate::Word(word.into())));
        self
    }

    /// Sets the item's own reliability as a word (see
    /// [`likelihood_word`](Self::likelihood_word)).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability_word("almost certain"))
    ///     .build()?;
    /// assert_eq!(case.reliability("e").unwrap().get(), 0.97);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability_word(mut self, word: impl Into<String>) -> Self {
        self.0.reliability = Some(RawEstimate::Word(word.into()));
        self
    }

    /// Sets `chance` as a word (see [`likelihood_word`](Self::likelihood_word)).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).chance_word("roughly even chance"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].chance().map(|c| c.midpoint().get()), Some(0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance_word(mut self, word: impl Into<String>) -> Self {
        self.0.chance = Some(RawEstimate::Word(word.into()));
        self
    }

    /// Sets `chance` as a range `[low, high]`: plain scoring takes its
    /// midpoint, Monte Carlo draws in it.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).chance_range(0.2, 0.4))
    ///     .build()?;
    /// assert!(case.evidence()[0].chance().unwrap().is_range());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance_range(mut self, low: f64, high: f64) -> Self {
        self.0.chance = Some(RawEstimate::Range(low, high));
        self
    }

    /// Sets `observed` as a word (see [`likelihood_word`](Self::likelihood_word)).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).observed_word("very likely"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].words().observed().map(|w| w.word()), Some("very likely"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed_word(mut self, word: impl Into<String>) -> Self {
        self.0.observed = Some(RawEstimate::Word(word.into()));
        self
    }

    /// Sets `observed` as a range `[low, high]`: plain scoring takes its
    /// midpoint, Monte Carlo draws in it.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).observed_range(0.6, 0.8))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].observed().map(|q| q.bounds().1.get()), Some(0.8));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed_range(mut self, low: f64, high: f64) -> Self {
        self.0.observed = Some(RawEstimate::Range(low, high));
        self
    }

    /// Sets the quote: the source's own words for the finding, short and
    /// verbatim (docs/model.md section 11), shown beside the description.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)
    ///         .quote("the aircraft was very unlikely to operate undetected"))
    ///     .build()?;
    /// assert!(case.evidence()[0].quote().unwrap().starts_with("the aircraft"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn quote(mut self, text: impl Into<String>) -> Self {
        self.0.quote = Some(text.into());
        self
    }

    /// Assigns the item to a step of reasoning declared with
    /// [`CaseBuilder::step`](crate::CaseBuilder::step) (an extension; see
    /// [`ChainStep`](crate::ChainStep)); a step not declared is refused
    /// when the case is built.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let built = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).step("who"))
    ///     .build();
    /// assert_eq!(built.unwrap_err().to_string(), "evidence 'e': step names 'who', which is not a declared step");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(mut self, id: impl Into<String>) -> Self {
        self.0.step = Some(id.into());
        self
    }

    /// Puts the item in a dependence group declared with
    /// [`CaseBuilder::group`](crate::CaseBuilder::group).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .group("witnesses", 0.5)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).group("witnesses"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].group().map(|g| g.as_str()), Some("witnesses"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn group(mut self, id: impl Into<String>) -> Self {
        self.0.group = Some(id.into());
        self
    }

    /// Labels the item with a kind of finding (docs/model.md section 9). Built
    /// in Rust the kind is only a label: the item still needs its own
    /// likelihoods.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").kind("aircraft-drop").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].kind().map(|k| k.as_str()), Some("aircraft-drop"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind(mut self, id: impl Into<String>) -> Self {
        self.0.kind = Some(id.into());
        self
    }

    /// Names the item's source, declared with
    /// [`CaseBuilder::source`](crate::CaseBuilder::source) or
    /// [`CaseBuilder::source_grade`](crate::CaseBuilder::source_grade).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("witnesses", "Residents", 0.6)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("witnesses"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].source().map(|s| s.as_str()), Some("witnesses"));
    /// assert_eq!(case.reliability("e").map(|r| r.get()), Some(0.6));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(mut self, id: impl Into<String>) -> Self {
        self.0.source = Some(id.into());
        self
    }

    /// Sets the credibility as a number in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).credibility(0.6))
    ///     .build()?;
    /// // no source: reliability 1 times credibility 0.6
    /// assert_eq!(case.reliability("e").map(|r| r.get()), Some(0.6));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn credibility(mut self, c: f64) -> Self {
        self.0.credibility = Some(RawCredibility::Number(c));
        self
    }

    /// Sets the credibility as an Admiralty digit.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)
    ///         .credibility_grade(attrib::CredibilityGrade::Doubtful))
    ///     .build()?;
    /// let c = case.evidence()[0].credibility().unwrap();
    /// assert_eq!(c, attrib::Credibility::Grade(attrib::CredibilityGrade::Doubtful));
    /// assert_eq!(case.reliability("e"), Some(c.value()));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn credibility_grade(mut self, grade: CredibilityGrade) -> Self {
        self.0.credibility = Some(RawCredibility::Grade(Named::Value(grade)));
        self
    }

    /// Sets the item's own Monte Carlo concentration (docs/model.md section 6).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).concentration(30.0))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].concentration().map(|k| k.get()), Some(30.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn concentration(mut self, k: f64) -> Self {
        self.0.concentration = Some(k);
        self
    }

    /// Sets a discount in `0..=1` on the item's reliability, on top of its
    /// source's (an extension of docs/model.md; default 1).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.8).discount(0.5))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].discount().get(), 0.5);
    /// assert!((case.reliability("e").unwrap().get() - 0.4).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount(mut self, factor: f64) -> Self {
        self.0.discount = Some(factor);
        self
    }

    /// Sets the rationale: why these likelihoods.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)
    ///         .rationale("only one party flies helicopters"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].rationale(), Some("only one party flies helicopters"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(mut self, text: impl Into<String>) -> Self {
        self.0.rationale = Some(text.into());
        self
    }

    /// Adds a public reference (a report paragraph, a URL): an entry of
    /// the item's `sources` list in the case file (see
    /// [`Evidence::references`] for how the names map).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)
    ///         .reference("S/2016/738, annex II").reference("S/2016/888"))
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].references(), ["S/2016/738, annex II", "S/2016/888"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reference(mut self, text: impl Into<String>) -> Self {
        self.0.sources.push(text.into());
        self
    }
}
