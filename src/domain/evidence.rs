//! Evidence items: what was observed, how likely it is under each
//! hypothesis, and how far it can be trusted.

use crate::domain::admiralty::CredibilityGrade;
use crate::domain::id::{EvidenceId, GroupId, KindId, SourceId};
use crate::domain::probability::{Concentration, Estimate, Reliability};
use crate::domain::words::ItemWords;

/// How credible an item is, apart from its source: a number in `0..=1` or
/// an Admiralty digit (docs/model.md section 2).
///
/// # Example
///
/// ```
/// use attrib::{Credibility, CredibilityGrade, Reliability};
///
/// assert_eq!(Credibility::Grade(CredibilityGrade::ProbablyTrue).value().get(), 0.875);
/// assert_eq!(Credibility::Value(Reliability::new(0.4)?).value().get(), 0.4);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Credibility {
    /// A number in `0..=1`.
    Value(Reliability),
    /// An Admiralty digit, mapped by the table in [`admiralty`](crate::domain::admiralty).
    Grade(CredibilityGrade),
}

impl Credibility {
    /// The factor this credibility puts on the reliability.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Credibility, CredibilityGrade};
    ///
    /// assert_eq!(Credibility::Grade(CredibilityGrade::CannotBeJudged).value().get(), 0.5);
    /// ```
    pub fn value(self) -> Reliability {
        match self {
            Credibility::Value(r) => r,
            Credibility::Grade(g) => g.credibility(),
        }
    }
}

/// One evidence item of a case (docs/model.md section 2).
///
/// Its likelihoods are stored in the order of
/// [`Case::hypotheses`](crate::Case::hypotheses). The optional fields keep
/// the form the author gave (a range stays a range, a grade stays a grade);
/// [`Case::reliability`](crate::Case::reliability) and the scoring say what
/// they amount to.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(
///         Evidence::builder("e1")
///             .description("A helicopter was heard")
///             .likelihood("a", 0.9)
///             .likelihood_range("b", 0.01, 0.05)
///             .rationale("only A flies helicopters here")
///             .reference("S/2016/738"),
///     )
///     .build()?;
/// let e = &case.evidence()[0];
/// assert_eq!(e.id().as_str(), "e1");
/// assert_eq!(e.likelihoods()[0].midpoint().get(), 0.9);
/// assert!(e.likelihoods()[1].is_range());
/// assert_eq!(e.references(), ["S/2016/738"]);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// The item as a case file writes it (docs/model.md section 7): `id`,
/// `description`, `likelihoods`, and each optional field only when given
/// (`kind`, `reliability`, `chance`, `observed`, `group`, `source`,
/// `credibility`, `concentration`, `discount`, `rationale`, `sources`);
/// a range is `[low, high]`. An item does not know the case's hypothesis
/// ids, so `likelihoods` is a list in the case's order of hypotheses (a
/// case file's `{id: likelihood}` is [`Case::to_json`](crate::Case::to_json)'s).
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e1").description("heard").likelihood("a", 0.9)
/// #         .likelihood_range("b", 0.01, 0.05).reference("S/2016/738")).build()?;
/// let v = serde_json::to_value(&case.evidence()[0]).unwrap();
/// assert_eq!(v, serde_json::json!({
///     "id": "e1", "description": "heard",
///     "likelihoods": [0.9, [0.01, 0.05]], "sources": ["S/2016/738"],
/// }));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub(crate) id: EvidenceId,
    pub(crate) kind: Option<KindId>,
    pub(crate) fields: ItemFields,
    /// The position of its source (`fields.source`) among the sources of
    /// the case it was checked against, found once by validation: a
    /// case with as many sources as items then finds each item's source
    /// without hashing its id.
    pub(crate) source_at: Option<usize>,
    pub(crate) concentration: Option<Concentration>,
    pub(crate) discount: Option<Reliability>,
}

/// The fields an evidence item and a codebook [`Kind`](crate::Kind) share,
/// checked: one struct for both, so that a field they share is added once
/// (its raw form is in `format/raw.rs`'s `with_item_fields!`, its check in
/// `format/check.rs`'s `item_fields`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ItemFields {
    pub(crate) description: String,
    pub(crate) likelihoods: Vec<Estimate>,
    pub(crate) reliability: Option<Estimate>,
    pub(crate) chance: Option<Estimate>,
    pub(crate) observed: Option<Estimate>,
    pub(crate) group: Option<GroupId>,
    pub(crate) source: Option<SourceId>,
    pub(crate) credibility: Option<Credibility>,
    pub(crate) rationale: Option<String>,
    pub(crate) references: Vec<String>,
    /// The fields given as words, with their scales (docs/model.md section 11).
    pub(crate) words: ItemWords,
    /// The source's own words for the finding (docs/model.md section 11).
    pub(crate) quote: Option<String>,
    /// The step of reasoning it belongs to (an extension; see
    /// [`ChainStep`](crate::ChainStep)).
    pub(crate) step: Option<String>,
}

impl Evidence {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1)).build()?;
    /// assert_eq!(case.evidence()[0].id().as_str(), "e1");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &EvidenceId {
        &self.id
    }

    /// The kind of finding this item is, a label (docs/model.md section 9). In a
    /// case read with a codebook ([`Case::from_path`](crate::Case::from_path))
    /// the item took the kind's likelihoods and defaults; elsewhere the kind
    /// is only a label, which perspectives may discount.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").kind("crater").likelihood("a", 0.5).likelihood("b", 0.1)).build()?;
    /// assert_eq!(case.evidence()[0].kind().map(|k| k.as_str()), Some("crater"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind(&self) -> Option<&KindId> {
        self.kind.as_ref()
    }

    /// The description.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").description("seen").likelihood("a", 0.5).likelihood("b", 0.1)).build()?;
    /// assert_eq!(case.evidence()[0].description(), "seen");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn description(&self) -> &str {
        &self.fields.description
    }

    /// The stated likelihoods `P(E | h)`, one per hypothesis, in the order
    /// of [`Case::hypotheses`](crate::Case::hypotheses).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("b", 0.1).likelihood("a", 0.5)).build()?;
    /// let l: Vec<f64> = case.evidence()[0].likelihoods().iter().map(|l| l.midpoint().get()).collect();
    /// assert_eq!(l, [0.5, 0.1]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihoods(&self) -> &[Estimate] {
        &self.fields.likelihoods
    }

    /// The item's own reliability, if given (it overrides source and credibility).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).reliability(0.6)).build()?;
    /// assert_eq!(case.evidence()[0].reliability().map(|r| r.midpoint().get()), Some(0.6));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self) -> Option<Estimate> {
        self.fields.reliability
    }

    /// The `chance` as given (`None`: the mean of the likelihoods is used);
    /// a range (or a word, which is its band) is scored at its midpoint and
    /// drawn in by Monte Carlo.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1))
    /// #   .evidence(attrib::Evidence::builder("e2").likelihood("a", 0.5).likelihood("b", 0.1).chance_word("unlikely")).build()?;
    /// assert_eq!(case.evidence()[0].chance(), None);
    /// assert_eq!(case.evidence()[1].chance().map(|c| c.midpoint().get()), Some(0.325));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance(&self) -> Option<Estimate> {
        self.fields.chance
    }

    /// The `observed` confidence as given (`None` means 1).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).observed(0.9)).build()?;
    /// assert_eq!(case.evidence()[0].observed().map(|q| q.midpoint().get()), Some(0.9));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed(&self) -> Option<Estimate> {
        self.fields.observed
    }

    /// The dependence group, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").group("g", 0.5)
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).group("g")).build()?;
    /// assert_eq!(case.evidence()[0].group().map(|g| g.as_str()), Some("g"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn group(&self) -> Option<&GroupId> {
        self.fields.group.as_ref()
    }

    /// The source, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").source("s", "S", 0.7)
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).source("s")).build()?;
    /// assert_eq!(case.evidence()[0].source().map(|s| s.as_str()), Some("s"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(&self) -> Option<&SourceId> {
        self.fields.source.as_ref()
    }

    /// The credibility as given, if any.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Credibility, CredibilityGrade};
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1)
    /// #   .credibility_grade(CredibilityGrade::Doubtful)).build()?;
    /// assert_eq!(case.evidence()[0].credibility(), Some(Credibility::Grade(CredibilityGrade::Doubtful)));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn credibility(&self) -> Option<Credibility> {
        self.fields.credibility
    }

    /// The item's own Monte Carlo concentration, if given (docs/model.md section 6).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).concentration(50.0)).build()?;
    /// assert_eq!(case.evidence()[0].concentration().map(|k| k.get()), Some(50.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn concentration(&self) -> Option<Concentration> {
        self.concentration
    }

    /// The discount on this item's reliability (1 when none is set); see
    /// [`Case::discount_evidence`](crate::Case::discount_evidence).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).discount(0.5)).build()?;
    /// assert_eq!(case.evidence()[0].discount().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount(&self) -> Reliability {
        self.discount.unwrap_or(Reliability::ONE)
    }

    /// Why the likelihoods are what they are, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1).rationale("because")).build()?;
    /// assert_eq!(case.evidence()[0].rationale(), Some("because"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.fields.rationale.as_deref()
    }

    /// The fields given as words, each with its scale and band
    /// (docs/model.md section 11).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood_word("a", "very unlikely").likelihood("b", 0.5)).build()?;
    /// let w = case.evidence()[0].words().likelihood(0).unwrap();
    /// assert_eq!(w.to_string(), "very unlikely (ICD 203: 0.05-0.20)");
    /// assert_eq!(case.evidence()[0].likelihoods()[0], w.band());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn words(&self) -> &ItemWords {
        &self.fields.words
    }

    /// The source's own words for the finding, short and verbatim, if given
    /// (an item of a codebook kind without its own takes the kind's).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1)
    /// #   .quote("damage consistent with a barrel bomb")).build()?;
    /// assert_eq!(case.evidence()[0].quote(), Some("damage consistent with a barrel bomb"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn quote(&self) -> Option<&str> {
        self.fields.quote.as_deref()
    }

    /// The step of reasoning the item belongs to (`"step"` in the file), if
    /// named: one of the case's [`steps`](crate::Case::steps). An item of a
    /// codebook kind without its own takes the kind's.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #   .step("how", "How was it delivered?")
    /// #   .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1)
    /// #   .step("how")).build()?;
    /// assert_eq!(case.evidence()[0].step(), Some("how"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(&self) -> Option<&str> {
        self.fields.step.as_deref()
    }

    /// The public references behind the item: report paragraphs, URLs.
    ///
    /// Names in the case file and in the API differ on purpose. The file
    /// format (docs/model.md section 1) keeps its field names:
    ///
    /// | case file, on an item | meaning | API |
    /// |---|---|---|
    /// | `"sources": ["S/2016/738", ...]` | public references, text | `references()`, [`EvidenceBuilder::reference`](crate::EvidenceBuilder::reference) |
    /// | `"source": "local-witnesses"` | who reported it, a source id | [`source()`](Evidence::source), [`EvidenceBuilder::source`](crate::EvidenceBuilder::source) |
    /// | top-level `"sources": [{"id": ...}]` | the reporting sources | [`Case::sources`](crate::Case::sources) |
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("s", "Residents", 0.7)
    ///     .evidence(attrib::Evidence::builder("e1").likelihood("a", 0.5).likelihood("b", 0.1)
    ///         .source("s")                   // file: "source": "s"
    ///         .reference("S/2016/738, §12"), // file: "sources": ["S/2016/738, §12"]
    ///     )
    ///     .build()?;
    /// assert_eq!(case.evidence()[0].references(), ["S/2016/738, §12"]);
    /// assert_eq!(case.evidence()[0].source().map(|s| s.as_str()), Some("s"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn references(&self) -> &[String] {
        &self.fields.references
    }
}
