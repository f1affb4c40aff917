//! A case: hypotheses, prior, sources, groups and evidence, validated as a
//! whole. Built in Rust with [`Case::builder`] or read from a case file
//! (docs/model.md section 7); both go through one validation path.

use crate::domain::evidence::Evidence;
use crate::domain::file::RawCase;
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, SourceId};
use crate::domain::perspective::Perspective;
use crate::domain::prior::Prior;
use crate::domain::probability::{Concentration, Probability, Reliability};
use crate::domain::source::Source;
use crate::domain::warning::{Warning, large_texts};
use crate::domain::weighting::Weighting;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};

/// The default threshold for an attribution: 0.95, the lower edge of ICD
/// 203 "almost certain" (docs/model.md section 5).
pub const DEFAULT_THRESHOLD: f64 = 0.95;

/// The only case-file version this crate reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// Monte Carlo settings of a case (docs/model.md section 6): how firmly the
/// point likelihoods and the prior are held.
///
/// # Example
///
/// ```
/// let case = attrib::Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .likelihood_concentration(20.0)
///     .build()?;
/// let u = case.uncertainty();
/// assert_eq!(u.likelihood_concentration().map(|k| k.get()), Some(20.0));
/// assert_eq!(u.prior_concentration(), None);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Uncertainty {
    pub(crate) likelihood_concentration: Option<Concentration>,
    pub(crate) prior_concentration: Option<Concentration>,
    pub(crate) given: bool,
}

impl Uncertainty {
    /// `k`: point likelihoods `l` are drawn from `Beta(k l, k (1 - l))`.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.uncertainty().likelihood_concentration(), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood_concentration(&self) -> Option<Concentration> {
        self.likelihood_concentration
    }

    /// `k0`: the prior is drawn from `Dirichlet(k0 * prior)`.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .prior_concentration(10.0).build()?;
    /// assert_eq!(case.uncertainty().prior_concentration().map(|k| k.get()), Some(10.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior_concentration(&self) -> Option<Concentration> {
        self.prior_concentration
    }
}

/// A validated case: everything needed to score it.
///
/// Build one with [`Case::builder`], or read a case file with
/// [`Case::from_json`] (feature `json`) or any serde format. Every value
/// is checked on the way in; a `Case` that exists is valid.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .title("Cab problem")
///     .hypothesis("blue", "A Blue cab")
///     .hypothesis("green", "A Green cab")
///     .prior("blue", 15.0)
///     .prior("green", 85.0)
///     .evidence(
///         Evidence::builder("witness")
///             .description("The witness says the cab was Blue")
///             .likelihood("blue", 0.8)
///             .likelihood("green", 0.2),
///     )
///     .build()?;
/// let posterior = case.score()?;
/// // 0.15 * 0.8 / (0.15 * 0.8 + 0.85 * 0.2) = 0.12 / 0.29
/// assert!((posterior.probability("blue").unwrap().get() - 0.12 / 0.29).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCase", into = "RawCase")]
pub struct Case {
    pub(crate) title: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) weighting: Weighting,
    pub(crate) weighting_given: bool,
    pub(crate) threshold: Option<Probability>,
    pub(crate) hypotheses: Vec<Hypothesis>,
    pub(crate) prior: Prior,
    pub(crate) sources: Vec<Source>,
    pub(crate) groups: Vec<Group>,
    pub(crate) evidence: Vec<Evidence>,
    pub(crate) uncertainty: Uncertainty,
    pub(crate) perspectives: Vec<Perspective>,
    /// The sources' positions by id, built on first use (see
    /// [`SourceIndex`]).
    pub(crate) source_index: SourceIndex,
}

/// The positions of a case's sources by id, built on the first look-up, so
/// that finding an item's source costs O(1) rather than a scan of every
/// source (a case of 8 000 items with a source each took minutes in
/// `attrib sensitivity`). The sources' ids and order never change once a
/// case is built (discounts may), so the index stays true; a clone starts
/// empty and builds its own. It is not part of the case's value: it
/// compares equal always and is not serialised.
#[derive(Debug, Default)]
pub(crate) struct SourceIndex(std::sync::OnceLock<std::collections::HashMap<SourceId, usize>>);

impl Clone for SourceIndex {
    fn clone(&self) -> SourceIndex {
        SourceIndex::default()
    }
}

impl PartialEq for SourceIndex {
    fn eq(&self, _: &SourceIndex) -> bool {
        true
    }
}

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

    /// The title, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().title("Sarmin").hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.title(), Some("Sarmin"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The date, as written (ISO 8601 is the convention), if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().date("2015-03-16").hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.date(), Some("2015-03-16"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }

    /// The place, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().place("Sarmin").hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.place(), Some("Sarmin"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }

    /// The weighting model (default [`Weighting::Mixture`]).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.weighting(), attrib::Weighting::Mixture);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The posterior a hypothesis needs for the case to be attributed to it
    /// (default [`DEFAULT_THRESHOLD`], 0.95).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.threshold().get(), 0.95);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Probability {
        self.threshold
            .unwrap_or(Probability::new(DEFAULT_THRESHOLD).unwrap_or(Probability::ONE))
    }

    /// The hypotheses, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let ids: Vec<&str> = case.hypotheses().iter().map(|h| h.id().as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[Hypothesis] {
        &self.hypotheses
    }

    /// The position of a hypothesis in [`hypotheses`](Case::hypotheses).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.hypothesis_index("b"), Some(1));
    /// assert_eq!(case.hypothesis_index("z"), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypothesis_index(&self, id: impl AsRef<str>) -> Option<usize> {
        let id = id.as_ref();
        self.hypotheses.iter().position(|h| h.id.as_str() == id)
    }

    /// The prior.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.prior().probabilities()[1].get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior(&self) -> &Prior {
        &self.prior
    }

    /// The sources, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert!(case.sources().is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The dependence groups, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert!(case.groups().is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The evidence items, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert!(case.evidence().is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }

    /// The Monte Carlo settings (docs/model.md section 6).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.uncertainty().prior_concentration(), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn uncertainty(&self) -> Uncertainty {
        self.uncertainty
    }

    /// The reliability of the evidence item with this id, as scoring uses
    /// it: its own `reliability` when given, otherwise its source's
    /// reliability (1 without a source) times its credibility (1 without
    /// one); then times its source's discount and its own discount. `None`
    /// when the case has no such item.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, SourceGrade};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("s", "S", 0.8)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)
    ///         .source("s").credibility(0.5))
    ///     .build()?;
    /// assert_eq!(case.reliability("e").map(|r| r.get()), Some(0.4));
    /// assert_eq!(case.reliability("nobody"), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self, item: impl AsRef<str>) -> Option<Reliability> {
        let id = item.as_ref();
        let i = self.evidence.iter().position(|e| e.id.as_str() == id)?;
        self.reliability_at(i)
    }

    /// [`reliability`](Case::reliability) of the item at position `item`.
    pub(crate) fn reliability_at(&self, item: usize) -> Option<Reliability> {
        let r = self.reliability_factors(item)?.reliability();
        Some(Reliability::new(r).unwrap_or(Reliability::ZERO))
    }

    /// The factors of the reliability of the item at position `item`, with
    /// the midpoints of its own reliability and of its source's.
    pub(crate) fn reliability_factors(
        &self,
        item: usize,
    ) -> Option<crate::domain::weighting::ReliabilityFactors> {
        let e = self.evidence.get(item)?;
        let own = e.reliability.map(|r| r.midpoint().get());
        let source = self.source_of(item).map(|s| s.reliability().get());
        Some(self.reliability_factors_with(item, own, source))
    }

    /// The source an item names, if any.
    pub(crate) fn source_of(&self, item: usize) -> Option<&Source> {
        let id = self.evidence.get(item)?.source.as_ref()?;
        self.sources.get(self.source_position(id)?)
    }

    /// The position of the source with this id, in O(1) (see
    /// [`SourceIndex`]).
    pub(crate) fn source_position(&self, id: &SourceId) -> Option<usize> {
        let index = self.source_index.0.get_or_init(|| {
            self.sources
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), i))
                .collect()
        });
        index.get(id).copied()
    }

    /// The reliability of an item given the values of its own reliability
    /// and of its source's (midpoints for plain scoring, draws for Monte
    /// Carlo): `(own, or source (1 without one) x credibility) x source
    /// discount x item discount`, clamped to `0..=1`
    /// (`ReliabilityFactors::reliability`).
    pub(crate) fn reliability_with(
        &self,
        item: usize,
        own: Option<f64>,
        source: Option<f64>,
    ) -> f64 {
        self.reliability_factors_with(item, own, source)
            .reliability()
    }

    /// The factors of an item's reliability given the values of its own
    /// reliability and of its source's.
    fn reliability_factors_with(
        &self,
        item: usize,
        own: Option<f64>,
        source: Option<f64>,
    ) -> crate::domain::weighting::ReliabilityFactors {
        use crate::domain::weighting::ReliabilityFactors;
        let Some(e) = self.evidence.get(item) else {
            return ReliabilityFactors::ONE;
        };
        let base = match own {
            Some(r) => r,
            None => source.unwrap_or(1.0) * e.credibility.map_or(1.0, |c| c.value().get()),
        };
        ReliabilityFactors {
            base,
            source_discount: self.source_of(item).map_or(1.0, |s| s.discount().get()),
            item_discount: e.discount().get(),
        }
    }

    /// A copy of the case with a discount `factor` in `0..=1` on the
    /// reliability of every item from one source (docs/model.md section 2: "a
    /// whole source can be discounted at once"). The factor replaces any
    /// discount the source had; 1 removes it.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the case has no such source;
    /// [`Error::OutOfRange`] when `factor` is not in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .source("intel", "Member-state intelligence", 0.9)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("intel"))
    ///     .build()?;
    /// let doubted = case.discount_source("intel", 0.5)?;
    /// assert!((doubted.reliability("e").unwrap().get() - 0.45).abs() < 1e-15);
    /// assert!(case.discount_source("nobody", 0.5).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount_source(&self, source: impl AsRef<str>, factor: f64) -> Result<Case, Error> {
        let id = source.as_ref();
        self.with_discount(Item::Source(id.to_string()), factor, |case| {
            let s = case.sources.iter_mut().find(|s| s.id.as_str() == id)?;
            Some(&mut s.discount)
        })
    }

    /// A copy of the case with `factor` as the discount that `slot` picks
    /// out (1 clears it), or the error naming `item`.
    fn with_discount(
        &self,
        item: Item,
        factor: f64,
        slot: impl FnOnce(&mut Case) -> Option<&mut Option<Reliability>>,
    ) -> Result<Case, Error> {
        let factor = Reliability::new(factor).map_err(|e| e.at(&item, "discount"))?;
        let mut case = self.clone();
        let discount = slot(&mut case).ok_or(Error::NotFound { item })?;
        *discount = (factor != Reliability::ONE).then_some(factor);
        Ok(case)
    }

    /// A copy of the case with a discount `factor` in `0..=1` on the
    /// reliability of one evidence item (on top of any discount on its
    /// source). The factor replaces any discount the item had; 1 removes it.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the case has no such item;
    /// [`Error::OutOfRange`] when `factor` is not in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.8))
    ///     .build()?;
    /// let doubted = case.discount_evidence("e", 0.5)?;
    /// assert!((doubted.reliability("e").unwrap().get() - 0.4).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn discount_evidence(&self, evidence: impl AsRef<str>, factor: f64) -> Result<Case, Error> {
        let id = evidence.as_ref();
        self.with_discount(Item::Evidence(id.to_string()), factor, |case| {
            let e = case.evidence.iter_mut().find(|e| e.id.as_str() == id)?;
            Some(&mut e.discount)
        })
    }

    /// A copy of the case without one evidence item; its dependence group is
    /// ranked anew without it (docs/model.md section 2, step 3).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when the case has no such item.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4))
    ///     .build()?;
    /// let rest = case.without_evidence("e1")?;
    /// assert!((rest.score()?.probability("a").unwrap().get() - 0.6).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn without_evidence(&self, evidence: impl AsRef<str>) -> Result<Case, Error> {
        let id = evidence.as_ref();
        let i = self
            .evidence
            .iter()
            .position(|e| e.id.as_str() == id)
            .ok_or_else(|| Error::NotFound {
                item: Item::Evidence(id.to_string()),
            })?;
        let mut case = self.clone();
        let removed = case.evidence.remove(i);
        // Keep every perspective valid for the smaller case: no discount on
        // the item, nor on a kind that no item carries any more.
        let gone_kind = removed
            .kind
            .filter(|k| !case.evidence.iter().any(|e| e.kind.as_ref() == Some(k)));
        for p in &mut case.perspectives {
            p.evidence.retain(|(e, _)| e != &removed.id);
            if let Some(k) = &gone_kind {
                p.kinds.retain(|(x, _)| x != k);
            }
        }
        Ok(case)
    }

    /// Things worth a second look that are not errors (docs/model.md section 1
    /// and issue #2): no catch-all hypothesis; an item whose likelihoods are
    /// equal for every hypothesis, so it cannot discriminate; several items
    /// of one source outside any group, so they count as independent; a
    /// hypothesis with prior 0 that an item favours, which no evidence can
    /// raise; a threshold below 0.5; a text field longer than 64 KiB
    /// ([`Warning::LARGE_TEXT_BYTES`]). See [`Warning`] for each.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("flat").likelihood("a", 0.3).likelihood("b", 0.3))
    ///     .build()?;
    /// let w = case.warnings();
    /// assert_eq!(w.len(), 2);
    /// assert!(matches!(w[0], Warning::NoCatchAll));
    /// assert_eq!(w[1].to_string(), "evidence 'flat': the likelihood is the same for every hypothesis, so the item cannot discriminate");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        if !self.hypotheses.iter().any(Hypothesis::is_catch_all) {
            out.push(Warning::NoCatchAll);
        }
        for e in &self.evidence {
            let first = e.likelihoods.first().copied();
            if let Some(first) = first
                && e.likelihoods.iter().all(|l| *l == first)
            {
                out.push(Warning::NonDiscriminating {
                    evidence: e.id.clone(),
                });
            }
        }
        for (h, hypothesis) in self.hypotheses.iter().enumerate() {
            if self.prior.probabilities()[h].get() != 0.0 {
                continue;
            }
            let favours = self.evidence.iter().find(|e| {
                let mid: Vec<f64> = e.likelihoods.iter().map(|l| l.midpoint().get()).collect();
                let largest = mid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let smallest = mid.iter().copied().fold(f64::INFINITY, f64::min);
                mid.get(h).is_some_and(|&l| l == largest && l > smallest)
            });
            if let Some(e) = favours {
                out.push(Warning::ZeroPriorFavoured {
                    hypothesis: hypothesis.id.clone(),
                    evidence: e.id.clone(),
                });
            }
        }
        if self.threshold().get() < 0.5 {
            out.push(Warning::LowThreshold {
                threshold: self.threshold(),
            });
        }
        // Each source's ungrouped items, in one pass over the items.
        let mut ungrouped: Vec<Vec<EvidenceId>> = vec![Vec::new(); self.sources.len()];
        for e in self.evidence.iter().filter(|e| e.group.is_none()) {
            if let Some(list) = e
                .source
                .as_ref()
                .and_then(|id| self.source_position(id))
                .and_then(|p| ungrouped.get_mut(p))
            {
                list.push(e.id.clone());
            }
        }
        for (s, items) in self.sources.iter().zip(ungrouped) {
            if items.len() >= 2 {
                out.push(Warning::UngroupedSource {
                    source: s.id.clone(),
                    evidence: items,
                });
            }
        }
        out.extend(large_texts(self));
        out
    }

    /// Reads a case file (docs/model.md section 7) from JSON text.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] for malformed JSON, a wrong type or a missing
    /// required field (with line and column; a wrong type names the item,
    /// by its `id` when it has one, and the field first:
    /// `evidence 'e': likelihood for 'a': invalid length 1, ...`); any of the validation errors,
    /// naming the item and field, for a well-formed file with bad values;
    /// [`Error::Unsupported`] for a case that names a codebook, which needs
    /// [`Case::from_path`] to resolve the codebook's path.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::from_json(r#"{
    ///     "version": 1,
    ///     "hypotheses": [{"id": "a", "label": "A"}, {"id": "other", "label": "Anyone else"}],
    ///     "evidence": [{"id": "e", "description": "", "likelihoods": {"a": 0.9, "other": 0.3}}]
    /// }"#)?;
    /// assert_eq!(case.score()?.leader().id().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Case, Error> {
        let raw: RawCase = read_json(text)?;
        Case::try_from(raw)
    }

    /// Reads a case file (docs/model.md section 7) from a path, with the
    /// codebook it names, if any (docs/model.md section 9).
    ///
    /// A case file may name a codebook with `"codebook": "PATH"`, relative
    /// to the case file's folder. The path may not be absolute, may not
    /// have a `..` component, and may not lead (through a symbolic link)
    /// out of the case file's folder, once both are made canonical: a case
    /// file cannot make its reader open an arbitrary file. The case then
    /// inherits the codebook's sources, groups and perspectives (and its
    /// `threshold`, unless it sets its own); an item with a `kind` takes
    /// the kind's likelihoods and, unless it sets its own, the kind's
    /// source, credibility, reliability, chance, observed and group, and
    /// its description when the item's is empty. The item keeps its
    /// `rationale` and `sources`, and the kind as a label
    /// ([`Evidence::kind`]). A perspective's discount on a kind that no item
    /// of the case carries has no effect and is not kept.
    ///
    /// # Errors
    ///
    /// Every error names the case file ([`Error::InFile`]), and a codebook's
    /// errors name the codebook as well ([`Error::InCodebook`]):
    /// [`Error::Io`] when a file cannot be read or is larger than 1 GiB (an
    /// endless file such as `/dev/zero` is refused, not read until memory
    /// runs out); [`Error::Path`] for a
    /// refused codebook path; [`Error::DefinedTwice`] for a source, group
    /// or perspective defined both in the codebook and in the case file;
    /// [`Error::Conflicting`] for an item with both `kind` and
    /// `likelihoods`; [`Error::UnknownKind`]; [`Error::KindLacksHypothesis`]
    /// and [`Error::KindExtraHypothesis`] when a kind's likelihoods do not
    /// name exactly the case's hypotheses; and every error of
    /// [`Case::from_json`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = std::env::temp_dir().join(format!("attrib-doc-from-path-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("codebook.json"), r#"{
    ///     "version": 1,
    ///     "hypotheses": ["a", "b"],
    ///     "sources": [{"id": "jim", "reliability": 0.8}],
    ///     "kinds": [{"id": "seen", "description": "Seen by a witness",
    ///                "likelihoods": {"a": 0.9, "b": 0.1}, "source": "jim"}]
    /// }"#)?;
    /// std::fs::write(dir.join("case.json"), r#"{
    ///     "version": 1,
    ///     "codebook": "codebook.json",
    ///     "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    ///     "evidence": [{"id": "e1", "kind": "seen"}]
    /// }"#)?;
    /// let case = attrib::Case::from_path(dir.join("case.json"))?;
    /// let e = &case.evidence()[0];
    /// assert_eq!(e.description(), "Seen by a witness");
    /// assert_eq!(e.kind().map(|k| k.as_str()), Some("seen"));
    /// assert_eq!(case.reliability("e1").map(|r| r.get()), Some(0.8));
    /// // 0.8 * 0.9 + 0.2 * 0.5 = 0.82 against 0.8 * 0.1 + 0.2 * 0.5 = 0.18
    /// assert!((case.score()?.probability("a").unwrap().get() - 0.82).abs() < 1e-12);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "json")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Case, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = crate::domain::codebook::read_text(path)?;
        let mut raw: RawCase = read_json(&text).map_err(|e| e.in_file(&shown))?;
        let Some(written) = raw.codebook.take() else {
            return Case::try_from(raw).map_err(|e| e.in_file(&shown));
        };
        let codebook = crate::domain::codebook::resolve(path, &written)
            .and_then(|file| crate::Codebook::from_file(&file))
            .map_err(|e| match e {
                refused @ Error::Path { .. } => refused,
                other => Error::InCodebook {
                    codebook: written.clone(),
                    source: Box::new(other),
                },
            })
            .map_err(|e| e.in_file(&shown))?;
        let merged = codebook
            .merge(raw, &written, &shown)
            .map_err(|e| e.in_file(&shown))?;
        Case::try_from(merged).map_err(|e| e.in_file(&shown))
    }

    /// Writes the case as a pretty-printed case file. Reading it back with
    /// [`Case::from_json`] gives an equal case. The file is self-contained:
    /// a case read with a codebook is written without it, with every item's
    /// likelihoods and every inherited source, group and perspective
    /// written out, and each item's kind kept as a label.
    ///
    /// # Errors
    ///
    /// None in practice; the `Result` is serde_json's.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let text = case.to_json()?;
    /// assert_eq!(attrib::Case::from_json(&text)?, case);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Syntax {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        })
    }
}

/// Reads a case file or a codebook as written. A pure syntax error gives
/// serde_json's message with its line and column; a wrong type or a bad
/// value gives the same, behind the item and field where it was found (by
/// `serde_path_to_error`), the item named by its `id` when the file gives
/// one: `evidence 'e': likelihood for 'a': invalid length 1, expected a
/// range [low, high] at line 4 column 40`.
#[cfg(feature = "json")]
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            de.end().map_err(|e| syntax_error(&e))?;
            Ok(value)
        }
        Err(e) => {
            let path = e.path().clone();
            let inner = e.into_inner();
            let mut error = syntax_error(&inner);
            if matches!(inner.classify(), serde_json::error::Category::Data)
                && let Some(place) = place(text, &path)
                && let Error::Syntax { message, .. } = &mut error
            {
                *message = format!("{place}: {message}");
            }
            Err(error)
        }
    }
}

/// Where a serde path points in a case file or a codebook, in the words of
/// the other errors: `evidence[3].likelihoods.government` is
/// `evidence 'helicopters-reported': likelihood for 'government'` when the
/// fourth item's `id` is `helicopters-reported`, `evidence #4: ...` when it
/// has none. `None` for the file as a whole.
#[cfg(feature = "json")]
fn place(text: &str, path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path
        .iter()
        .filter(|s| !matches!(s, Segment::Enum { .. }))
        .take_while(|s| !matches!(s, Segment::Unknown))
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut rest = segments.as_slice();
    if let [Segment::Map { key }, Segment::Seq { index }, tail @ ..] = rest {
        let singular = match key.as_str() {
            "evidence" => Some("evidence"),
            "hypotheses" => Some("hypothesis"),
            "sources" => Some("source"),
            "groups" => Some("group"),
            "kinds" => Some("kind"),
            "perspectives" => Some("perspective"),
            _ => None,
        };
        if let Some(singular) = singular {
            let value: Option<serde_json::Value> = serde_json::from_str(text).ok();
            let id = value
                .as_ref()
                .and_then(|v| v.get(key.as_str())?.get(*index)?.get("id")?.as_str())
                .filter(|id| !id.is_empty());
            parts.push(match id {
                Some(id) => format!("{singular} '{id}'"),
                None => format!("{singular} #{}", index + 1),
            });
            rest = tail;
        }
    }
    let mut field = String::new();
    while let [first, tail @ ..] = rest {
        match (first, tail) {
            (Segment::Map { key }, [Segment::Map { key: of }, more @ ..])
                if field.is_empty() && matches!(key.as_str(), "likelihoods" | "prior") =>
            {
                let noun = if key == "likelihoods" {
                    "likelihood"
                } else {
                    "prior"
                };
                parts.push(format!("{noun} for '{of}'"));
                rest = more;
                continue;
            }
            (Segment::Map { key }, _) => {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(key);
            }
            (Segment::Seq { index }, _) => field.push_str(&format!("[{index}]")),
            _ => {}
        }
        rest = tail;
    }
    if !field.is_empty() {
        parts.push(field);
    }
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// serde_json's error as an [`Error::Syntax`].
#[cfg(feature = "json")]
pub(crate) fn syntax_error(e: &serde_json::Error) -> Error {
    Error::Syntax {
        message: syntax_message(e),
        line: e.line(),
        column: e.column(),
    }
}

/// serde_json's message without its trailing " at line L column C", which
/// [`Error::Syntax`] prints itself.
#[cfg(feature = "json")]
fn syntax_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&tail).unwrap_or(&text);
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("not valid JSON: {message}")
        }
        _ => message.to_string(),
    }
}

pub use super::builder::CaseBuilder;
pub(crate) use super::validate::*;
