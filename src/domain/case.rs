//! A case: hypotheses, prior, sources, groups and evidence, validated as a
//! whole. Built in Rust with [`Case::builder`] or read from a case file
//! (docs/model.md section 7); both go through one validation path.

use crate::domain::evidence::Evidence;
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::ScaleId;
use crate::domain::lookup::Lookup;
use crate::domain::perspective::{BASE, Perspective};
use crate::domain::prior::Prior;
use crate::domain::probability::{Concentration, Probability, Reliability};
use crate::domain::source::Source;
use crate::domain::standard::Standard;
use crate::domain::step::ChainStep;
use crate::domain::weighting::Weighting;
use crate::domain::words::{Scales, Word};
use crate::error::Detail;
use crate::error::{Error, Item};
use std::sync::Arc;

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
#[derive(Debug, Clone, PartialEq)]
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
    /// Shared between copies of the case (a report's case as seen, a
    /// discounted source's): copied only by a copy that changes an item.
    pub(crate) evidence: Arc<Vec<Evidence>>,
    pub(crate) uncertainty: Uncertainty,
    pub(crate) perspectives: Vec<Perspective>,
    /// The scales its words were read on, and the default it names, if it
    /// (or its codebook) names one (docs/model.md section 11).
    pub(crate) scales: Scales,
    pub(crate) scale: Option<ScaleId>,
    /// The standards of proof, and which one is the headline.
    pub(crate) standards: Vec<Standard>,
    pub(crate) standard: Option<usize>,
    /// The steps of reasoning items are assigned to (an extension).
    pub(crate) steps: Vec<ChainStep>,
    /// The ids of hypotheses, sources, groups and items by position, and
    /// the kinds items carry: the context validation built, kept so that
    /// one more item is checked in O(the item). Shared between copies of
    /// the case, as the items are.
    pub(crate) lookup: Arc<Lookup>,
}

impl Case {
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
            .or_else(|| self.standard().map(Standard::threshold))
            .unwrap_or(Probability::new(DEFAULT_THRESHOLD).unwrap_or(Probability::ONE))
    }

    /// The scales the case's words were read on: the built-in ones, those
    /// its codebook and the case declare, and the default (docs/model.md
    /// section 11).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").scale("kent").build()?;
    /// assert_eq!(case.scales().default_scale().as_str(), "kent");
    /// assert_eq!(case.scales().iter().count(), 2); // icd-203 and kent
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn scales(&self) -> &Scales {
        &self.scales
    }

    /// The words item `index` was given in, each with the field it stands
    /// for (`likelihood for 'h'`, `reliability`, `chance`, `observed`, and
    /// `source reliability` when the item's source was rated in a word), in
    /// that order; empty for an item stated in numbers (docs/model.md
    /// section 11). Reports show these beside the numbers.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .source_word("s", "Residents", "likely")
    ///     .evidence(Evidence::builder("e").likelihood_word("a", "very unlikely").likelihood("b", 0.5).source("s"))
    ///     .build()?;
    /// let words: Vec<String> = case.item_words(0).iter().map(|(f, w)| format!("{f}: {w}")).collect();
    /// assert_eq!(words, [
    ///     "likelihood for 'a': very unlikely (ICD 203: 0.05-0.20)",
    ///     "source reliability: likely (ICD 203: 0.55-0.80)",
    /// ]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn item_words(&self, index: usize) -> Vec<(String, &Word)> {
        let Some(e) = self.evidence.get(index) else {
            return Vec::new();
        };
        let w = &e.fields.words;
        let mut out: Vec<(String, &Word)> = self
            .hypotheses
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                w.likelihood(i)
                    .map(|w| (format!("likelihood for '{}'", h.id), w))
            })
            .collect();
        for (field, word) in [
            ("reliability", w.reliability()),
            ("chance", w.chance()),
            ("observed", w.observed()),
        ] {
            if let Some(word) = word {
                out.push((field.to_string(), word));
            }
        }
        if let Some(word) = self.source_of(index).and_then(|s| s.word.as_ref()) {
            out.push(("source reliability".to_string(), word));
        }
        out
    }

    /// The standards of proof the case (or its codebook) declares, in the
    /// order given, the codebook's first. An extension of docs/model.md
    /// section 5; see [`Standard`].
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standards": [{"id": "balance", "threshold": 0.5}], "evidence": []}"#)?;
    /// assert_eq!(case.standards()[0].id(), "balance");
    /// assert!(case.standard().is_none()); // none is the headline
    /// assert_eq!(case.threshold().get(), 0.95);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standards(&self) -> &[Standard] {
        &self.standards
    }

    /// The headline standard (`"standard"` in the file), if named: its
    /// threshold is the case's unless the case gives its own.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "standard": "doubt", "standards": [{"id": "doubt", "threshold": 0.99}], "evidence": []}"#)?;
    /// assert_eq!(case.standard().map(|s| s.id()), Some("doubt"));
    /// assert_eq!(case.threshold().get(), 0.99);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standard(&self) -> Option<&Standard> {
        self.standard.and_then(|i| self.standards.get(i))
    }

    /// The steps of reasoning the case (or its codebook) declares, in the
    /// order given, the codebook's first: the questions its items answer
    /// in turn (an extension of docs/model.md; see [`ChainStep`]). Items
    /// name theirs with [`Evidence::step`](crate::Evidence::step).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "steps": [{"id": "how"}, {"id": "who"}],
    /// #     "evidence": [{"id": "e", "step": "who", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert_eq!(case.steps().len(), 2);
    /// let under_who: Vec<&str> = case.evidence().iter()
    ///     .filter(|e| e.step() == Some("who")).map(|e| e.id().as_str()).collect();
    /// assert_eq!(under_who, ["e"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn steps(&self) -> &[ChainStep] {
        &self.steps
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
        self.lookup.hypotheses.get(id.as_ref()).copied()
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
        self.evidence.get(item).map(|e| self.reliability_of(e))
    }

    /// [`reliability`](Case::reliability) of an item of the case, or of
    /// one checked against it (its source is looked up in the case).
    pub(crate) fn reliability_of(&self, e: &Evidence) -> Reliability {
        let r = self.factors_of(e).reliability();
        Reliability::new(r).unwrap_or(Reliability::ZERO)
    }

    /// The factors of the reliability of the item at position `item`, with
    /// the midpoints of its own reliability and of its source's.
    pub(crate) fn reliability_factors(
        &self,
        item: usize,
    ) -> Option<crate::domain::weighting::ReliabilityFactors> {
        self.evidence.get(item).map(|e| self.factors_of(e))
    }

    /// The factors of an item's reliability, with the midpoints of its own
    /// reliability and of its source's.
    fn factors_of(&self, e: &Evidence) -> crate::domain::weighting::ReliabilityFactors {
        let own = e.fields.reliability.map(|r| r.midpoint().get());
        let source = self.source_named(e).map(|s| s.reliability().get());
        self.factors_given(e, own, source)
    }

    /// The source an item names, if any.
    pub(crate) fn source_of(&self, item: usize) -> Option<&Source> {
        self.source_named(self.evidence.get(item)?)
    }

    /// The source that an item of the case (or one checked against it)
    /// names, if any: at the position validation found.
    fn source_named(&self, e: &Evidence) -> Option<&Source> {
        self.sources.get(e.source_at?)
    }

    /// The position of the source item `item` names, if any, in O(1)
    /// without hashing.
    pub(crate) fn source_index(&self, item: usize) -> Option<usize> {
        self.evidence.get(item)?.source_at
    }

    /// The positions of the items `keep` accepts, by source: the items of
    /// each source of the case in its order, each source's in the order of
    /// the items. Two lists, however many sources the case has.
    pub(crate) fn items_by_source(&self, keep: impl Fn(&Evidence) -> bool) -> ItemsBySource {
        let mut starts = vec![0; self.sources.len() + 1];
        let kept = || {
            self.evidence
                .iter()
                .enumerate()
                .filter(|(_, e)| keep(e))
                .filter_map(|(i, e)| Some((i, e.source_at?)))
        };
        for (_, p) in kept() {
            if let Some(c) = starts.get_mut(p + 1) {
                *c += 1;
            }
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![0; starts.last().copied().unwrap_or(0)];
        for (i, p) in kept() {
            if let Some(at) = next.get_mut(p)
                && let Some(slot) = items.get_mut(*at)
            {
                *slot = i;
                *at += 1;
            }
        }
        ItemsBySource { starts, items }
    }

    /// The reliability of an item given the values of its own reliability
    /// and of its source's (midpoints for plain scoring, draws for Monte
    /// Carlo): `(own, or source (1 without one) x credibility) x source
    /// discount x item discount`, clamped to `0..=1`
    /// (`ReliabilityFactors::reliability`).
    #[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))]
    pub(crate) fn reliability_with(
        &self,
        item: usize,
        own: Option<f64>,
        source: Option<f64>,
    ) -> f64 {
        match self.evidence.get(item) {
            Some(e) => self.factors_given(e, own, source).reliability(),
            None => 1.0,
        }
    }

    /// The factors of an item's reliability given the values of its own
    /// reliability and of its source's.
    fn factors_given(
        &self,
        e: &Evidence,
        own: Option<f64>,
        source: Option<f64>,
    ) -> crate::domain::weighting::ReliabilityFactors {
        let base = match own {
            Some(r) => r,
            None => source.unwrap_or(1.0) * e.fields.credibility.map_or(1.0, |c| c.value().get()),
        };
        crate::domain::weighting::ReliabilityFactors {
            base,
            source_discount: self.source_named(e).map_or(1.0, |s| s.discount().get()),
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
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no such source;
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `factor` is not in `0..=1`.
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
        let discount = slot(&mut case).ok_or(Error::from(Detail::NotFound { item }))?;
        *discount = (factor != Reliability::ONE).then_some(factor);
        Ok(case)
    }

    /// A copy of the case with a discount `factor` in `0..=1` on the
    /// reliability of one evidence item (on top of any discount on its
    /// source). The factor replaces any discount the item had; 1 removes it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no such item;
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `factor` is not in `0..=1`.
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
            let e = Arc::make_mut(&mut case.evidence)
                .iter_mut()
                .find(|e| e.id.as_str() == id)?;
            Some(&mut e.discount)
        })
    }

    /// The position of the item `id` in the case, or the error that names
    /// it as not found.
    pub(crate) fn evidence_position(&self, id: &str) -> Result<usize, Error> {
        self.evidence
            .iter()
            .position(|e| e.id.as_str() == id)
            .ok_or_else(|| {
                Error::from(Detail::NotFound {
                    item: Item::Evidence(id.to_string()),
                })
            })
    }

    /// A copy of the case without one evidence item; its dependence group is
    /// ranked anew without it (docs/model.md section 2, step 3).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no such item.
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
        let i = self.evidence_position(evidence.as_ref())?;
        let mut case = self.clone();
        let removed = Arc::make_mut(&mut case.evidence).remove(i);
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
        case.lookup = Arc::new(Lookup::new(
            &case.hypotheses,
            &case.sources,
            &case.groups,
            &case.evidence,
        ));
        Ok(case)
    }
}

/// Items by source ([`Case::items_by_source`]): every source's items,
/// one after another in one list.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemsBySource {
    /// Where each source's items start in `items`, and their end.
    starts: Vec<usize>,
    /// The positions of the items, source by source.
    items: Vec<usize>,
}

impl ItemsBySource {
    /// Each source's items, in the order of the case's sources.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.starts
            .windows(2)
            .map(|w| self.items.get(w[0]..w[1]).unwrap_or_default())
    }
}

/// `a * b` for two factors in `0..=1`; `None` (no discount) when it is 1.
fn times(a: Option<Reliability>, b: Reliability) -> Option<Reliability> {
    let product = a.map_or(1.0, Reliability::get) * b.get();
    (product != 1.0).then(|| Reliability::new(product).unwrap_or(Reliability::ZERO))
}

impl Case {
    /// The case's perspectives (docs/model.md section 10): its codebook's, then
    /// its own, in the order given. `base`, the case as written, is not
    /// among them.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("strict").threshold(0.99))
    ///     .build()?;
    /// let ids: Vec<&str> = case.perspectives().iter().map(|p| p.id().as_str()).collect();
    /// assert_eq!(ids, ["strict"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspectives(&self) -> &[Perspective] {
        &self.perspectives
    }

    /// The case seen from one perspective: its factors multiply the
    /// discounts of the sources and items they name (a kind's factor, every
    /// item of that kind), and its prior and threshold, when given, replace
    /// the case's. Likelihoods never change. The result carries no
    /// perspectives, so one cannot be applied twice; its
    /// [`to_json`](Case::to_json) says exactly what was scored.
    ///
    /// `"base"` gives the case as written, perspectives included.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no perspective with this id.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Perspective};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.8))
    ///     .perspective(Perspective::builder("sceptic").discount_evidence("e", 0.5).threshold(0.5))
    ///     .build()?;
    /// // base: r = 0.8, chance = 0.5: l' = (0.82, 0.18), so P(a) = 0.82
    /// assert!((case.perspective("base")?.score()?.probability("a").unwrap().get() - 0.82).abs() < 1e-12);
    /// // sceptic: r = 0.4: l' = (0.4 * 0.9 + 0.6 * 0.5, 0.4 * 0.1 + 0.6 * 0.5) = (0.66, 0.34)
    /// let sceptic = case.perspective("sceptic")?;
    /// assert!((sceptic.score()?.probability("a").unwrap().get() - 0.66).abs() < 1e-12);
    /// assert_eq!(sceptic.threshold().get(), 0.5);
    /// assert!(sceptic.perspectives().is_empty());
    /// assert_eq!(case.perspective("nobody").unwrap_err().to_string(),
    ///            "perspective 'nobody': not found in the case");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspective(&self, id: impl AsRef<str>) -> Result<Case, Error> {
        let id = id.as_ref();
        if id == BASE {
            return Ok(self.clone());
        }
        let p = self
            .perspectives
            .iter()
            .find(|p| p.id.as_str() == id)
            .ok_or_else(|| {
                Error::from(Detail::NotFound {
                    item: Item::Perspective(id.to_string()),
                })
            })?;
        let mut case = self.clone();
        case.perspectives = Vec::new();
        for (s, f) in &p.sources {
            if let Some(source) = case.sources.iter_mut().find(|x| &x.id == s) {
                source.discount = times(source.discount, *f);
            }
        }
        // The items are copied only when the perspective discounts some.
        if !p.evidence.is_empty() || !p.kinds.is_empty() {
            for e in Arc::make_mut(&mut case.evidence) {
                for (_, f) in p.evidence.iter().filter(|(x, _)| x == &e.id) {
                    e.discount = times(e.discount, *f);
                }
                if let Some(kind) = &e.kind {
                    for (_, f) in p.kinds.iter().filter(|(x, _)| x == kind) {
                        e.discount = times(e.discount, *f);
                    }
                }
            }
        }
        if let Some(prior) = &p.prior {
            let mut weights = Vec::with_capacity(case.hypotheses.len());
            for h in &case.hypotheses {
                let w = prior
                    .iter()
                    .find(|(x, _)| x == &h.id)
                    .map(|(_, w)| *w)
                    .ok_or_else(|| {
                        Error::from(Detail::Missing {
                            item: Item::Perspective(id.to_string()),
                            field: format!("prior weight for '{}'", h.id),
                        })
                    })?;
                weights.push(w);
            }
            case.prior = Prior::from_weights(Some(weights), case.hypotheses.len());
        }
        if let Some(t) = p.threshold {
            case.threshold = Some(t);
        }
        Ok(case)
    }
}
