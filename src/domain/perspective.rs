//! Perspectives: named, reasoned changes of trust (docs/model.md section 10).
//!
//! A perspective says who doubts what, and how much. It never changes a
//! likelihood: it multiplies the reliability of sources, items and kinds
//! of items by factors in `0..=1`, and may replace the prior and the
//! threshold, so that a disagreement is explicit and auditable. The case
//! as written is the perspective `base`.

use crate::domain::id::{EvidenceId, HypothesisId, KindId, PerspectiveId, SourceId};
use crate::domain::probability::{Probability, Reliability, Weight};

/// The id of the case as written; no perspective may take it.
pub const BASE: &str = "base";

/// A named, reasoned change of trust (docs/model.md section 10): discounts on
/// the reliability of sources, items and kinds of items, and optionally a
/// prior and a threshold of its own.
///
/// Perspectives come with a case (its `"perspectives"`, and those of its
/// codebook) or are added with [`CaseBuilder::perspective`]; each is
/// checked with the case. [`Case::perspective`](crate::Case::perspective) applies one.
///
/// [`CaseBuilder::perspective`]: crate::CaseBuilder::perspective
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
///     .perspective(
///         Perspective::builder("sceptic")
///             .label("Intelligence at half trust")
///             .discount_source("intel", 0.5)
///             .rationale("the findings rest on one member state's intelligence"),
///     )
///     .build()?;
/// let p = &case.perspectives()[0];
/// assert_eq!(p.label(), Some("Intelligence at half trust"));
/// // reliability 0.8 * 0.5 = 0.4: l' = (0.4 * 0.9 + 0.6 * 0.5, 0.4 * 0.1 + 0.6 * 0.5)
/// //                                 = (0.66, 0.34)
/// let sceptic = case.perspective("sceptic")?;
/// assert!((sceptic.score()?.probability("a").unwrap().get() - 0.66).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Perspective {
    pub(crate) id: PerspectiveId,
    pub(crate) label: Option<String>,
    pub(crate) sources: Vec<(SourceId, Reliability)>,
    pub(crate) evidence: Vec<(EvidenceId, Reliability)>,
    pub(crate) kinds: Vec<(KindId, Reliability)>,
    pub(crate) prior: Option<Vec<(HypothesisId, Weight)>>,
    pub(crate) threshold: Option<Probability>,
    pub(crate) rationale: Option<String>,
    pub(crate) references: Vec<String>,
}

impl Perspective {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("sceptic")).build()?;
    /// assert_eq!(case.perspectives()[0].id().as_str(), "sceptic");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &PerspectiveId {
        &self.id
    }

    /// The label, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("sceptic").label("Doubts the intelligence")).build()?;
    /// assert_eq!(case.perspectives()[0].label(), Some("Doubts the intelligence"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The discounts on sources, in the order given: each multiplies the
    /// reliability of every item from that source.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("intel", "Intelligence", 0.9)
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_source("intel", 0.5)).build()?;
    /// let (source, factor) = &case.perspectives()[0].source_discounts()[0];
    /// assert_eq!((source.as_str(), factor.get()), ("intel", 0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source_discounts(&self) -> &[(SourceId, Reliability)] {
        &self.sources
    }

    /// The discounts on single evidence items, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(attrib::Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_evidence("e", 0.0)).build()?;
    /// let (item, factor) = &case.perspectives()[0].evidence_discounts()[0];
    /// assert_eq!((item.as_str(), factor.get()), ("e", 0.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence_discounts(&self) -> &[(EvidenceId, Reliability)] {
        &self.evidence
    }

    /// The discounts on kinds of items (an extension of docs/model.md section
    /// 10), in the order given: each multiplies the reliability of every
    /// item of that kind.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(attrib::Evidence::builder("e").kind("witness").likelihood("a", 0.9).likelihood("b", 0.1))
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_kind("witness", 0.5)).build()?;
    /// let (kind, factor) = &case.perspectives()[0].kind_discounts()[0];
    /// assert_eq!((kind.as_str(), factor.get()), ("witness", 0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind_discounts(&self) -> &[(KindId, Reliability)] {
        &self.kinds
    }

    /// The prior weights that replace the case's, one per hypothesis in the
    /// case's order, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").prior("b", 1.0).prior("a", 3.0)).build()?;
    /// let prior = case.perspectives()[0].prior().unwrap();
    /// assert_eq!(prior[0].0.as_str(), "a");
    /// assert_eq!(prior[0].1.get(), 3.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior(&self) -> Option<&[(HypothesisId, Weight)]> {
        self.prior.as_deref()
    }

    /// The threshold that replaces the case's, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").threshold(0.99)).build()?;
    /// assert_eq!(case.perspectives()[0].threshold().map(|t| t.get()), Some(0.99));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Option<Probability> {
        self.threshold
    }

    /// Why this perspective doubts what it doubts, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").rationale("because")).build()?;
    /// assert_eq!(case.perspectives()[0].rationale(), Some("because"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }

    /// The public references behind the perspective (its `sources` list in
    /// a case file).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").reference("S/2017/904")).build()?;
    /// assert_eq!(case.perspectives()[0].references(), ["S/2017/904"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn references(&self) -> &[String] {
        &self.references
    }
}
