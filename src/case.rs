//! A case: hypotheses, prior, sources, groups and evidence, validated as a
//! whole. Built in Rust with [`Case::builder`] or read from a case file
//! (docs/model.md section 7); both go through one validation path.

use crate::admiralty::{CredibilityGrade, SourceGrade};
use crate::error::{Error, Item};
use crate::evidence::{Credibility, Evidence, EvidenceBuilder};
use crate::file::{
    Pairs, RawCase, RawCredibility, RawEstimate, RawEvidence, RawGroup, RawHypothesis, RawSource,
    RawUncertainty,
};
use crate::group::Group;
use crate::hypothesis::Hypothesis;
use crate::id::{EvidenceId, GroupId, HypothesisId, KindId, SourceId};
use crate::perspective::{Perspective, PerspectiveBuilder, Scope};
use crate::prior::Prior;
use crate::probability::{Concentration, Estimate, Probability, Reliability, Weight};
use crate::source::{Source, SourceReliability};
use crate::warning::Warning;
use crate::weighting::Weighting;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

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
        let e = self.evidence.get(item)?;
        let own = e.reliability.map(|r| r.midpoint().get());
        let source = self.source_of(item).map(|s| s.reliability().get());
        let r = self.reliability_with(item, own, source);
        Some(Reliability::new(r).unwrap_or(Reliability::ZERO))
    }

    /// The source an item names, if any.
    pub(crate) fn source_of(&self, item: usize) -> Option<&Source> {
        let id = self.evidence.get(item)?.source.as_ref()?;
        self.sources.iter().find(|s| &s.id == id)
    }

    /// The reliability of an item given the values of its own reliability
    /// and of its source's (midpoints for plain scoring, draws for Monte
    /// Carlo): `(own, or source (1 without one) x credibility) x source
    /// discount x item discount`, clamped to `0..=1`.
    pub(crate) fn reliability_with(
        &self,
        item: usize,
        own: Option<f64>,
        source: Option<f64>,
    ) -> f64 {
        let Some(e) = self.evidence.get(item) else {
            return 1.0;
        };
        let base = match own {
            Some(r) => r,
            None => source.unwrap_or(1.0) * e.credibility.map_or(1.0, |c| c.value().get()),
        };
        let source_discount = self.source_of(item).map_or(1.0, |s| s.discount().get());
        (base * source_discount * e.discount().get()).clamp(0.0, 1.0)
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
    /// of one source outside any group, so they count as independent.
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
        for s in &self.sources {
            let items: Vec<EvidenceId> = self
                .evidence
                .iter()
                .filter(|e| e.source.as_ref() == Some(&s.id) && e.group.is_none())
                .map(|e| e.id.clone())
                .collect();
            if items.len() >= 2 {
                out.push(Warning::UngroupedSource {
                    source: s.id.clone(),
                    evidence: items,
                });
            }
        }
        out
    }

    /// Reads a case file (docs/model.md section 7) from JSON text.
    ///
    /// # Errors
    ///
    /// [`Error::Syntax`] for malformed JSON, a wrong type or a missing
    /// required field (with line and column); any of the validation errors,
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
        let raw: RawCase = serde_json::from_str(text).map_err(|e| syntax_error(&e))?;
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
    /// [`Error::Io`] when a file cannot be read; [`Error::Path`] for a
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
        let text = crate::codebook::read_text(path)?;
        let mut raw: RawCase =
            serde_json::from_str(&text).map_err(|e| syntax_error(&e).in_file(&shown))?;
        let Some(written) = raw.codebook.take() else {
            return Case::try_from(raw).map_err(|e| e.in_file(&shown));
        };
        let codebook = crate::codebook::resolve(path, &written)
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
pub struct CaseBuilder(RawCase);

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

pub(crate) fn estimate(raw: RawEstimate, item: &Item, field: &str) -> Result<Estimate, Error> {
    match raw {
        RawEstimate::Point(x) => Estimate::point(x),
        RawEstimate::Range(lo, hi) => Estimate::range(lo, hi),
    }
    .map_err(|e| e.at(item, field))
}

pub(crate) fn to_raw_estimate(e: Estimate) -> RawEstimate {
    match e {
        Estimate::Point(p) => RawEstimate::Point(p.get()),
        Estimate::Range { low, high } => RawEstimate::Range(low.get(), high.get()),
    }
}

pub(crate) fn unit<T>(
    x: f64,
    new: fn(f64) -> Result<T, Error>,
    item: &Item,
    field: &str,
) -> Result<T, Error> {
    new(x).map_err(|e| e.at(item, field))
}

pub(crate) fn no_extra(
    extra: &BTreeMap<String, serde::de::IgnoredAny>,
    item: &Item,
) -> Result<(), Error> {
    match extra.keys().next() {
        Some(field) => Err(Error::UnknownField {
            item: item.clone(),
            field: field.clone(),
        }),
        None => Ok(()),
    }
}

/// Checks that ids are valid and unique; names an item by position when its
/// id is at fault, and `container` (the case, a codebook) for a duplicate.
pub(crate) fn ids<T, I: Clone + Eq + std::hash::Hash>(
    raw: &[T],
    id_of: fn(&T) -> &str,
    new: fn(String) -> Result<I, Error>,
    at: fn(usize) -> Item,
    kind: &str,
    container: &Item,
) -> Result<Vec<I>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, r) in raw.iter().enumerate() {
        let id = new(id_of(r).to_string()).map_err(|e| e.at(&at(n + 1), "id"))?;
        if !seen.insert(id.clone()) {
            return Err(Error::Duplicate {
                item: container.clone(),
                field: format!("{kind} id"),
                id: id_of(r).to_string(),
            });
        }
        out.push(id);
    }
    Ok(out)
}

impl TryFrom<RawCase> for Case {
    type Error = Error;

    fn try_from(raw: RawCase) -> Result<Case, Error> {
        let case_item = Item::Case;
        if raw.version != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion { found: raw.version });
        }
        no_extra(&raw.extra, &case_item)?;
        if raw.codebook.is_some() {
            return Err(Error::Unsupported {
                item: case_item,
                field: "codebook",
                reason: "a case that names a codebook must be read with `Case::from_path`, \
                         which resolves the codebook's path relative to the case file",
            });
        }
        if raw.hypotheses.len() < 2 {
            return Err(Error::TooFewHypotheses {
                found: raw.hypotheses.len(),
            });
        }
        let weighting = match &raw.weighting {
            Some(w) => w.parse()?,
            None => Weighting::default(),
        };
        let threshold = raw
            .threshold
            .map(|t| unit(t, Probability::new, &case_item, "threshold"))
            .transpose()?;

        // Hypotheses.
        let h_ids = ids(
            &raw.hypotheses,
            |h| &h.id,
            HypothesisId::new,
            Item::HypothesisAt,
            "hypothesis",
            &case_item,
        )?;
        let mut hypotheses = Vec::with_capacity(h_ids.len());
        for (id, rh) in h_ids.iter().zip(&raw.hypotheses) {
            no_extra(&rh.extra, &Item::Hypothesis(id.to_string()))?;
            hypotheses.push(Hypothesis {
                id: id.clone(),
                label: rh.label.clone(),
                catch_all: rh.catch_all,
            });
        }
        let index: HashMap<&str, usize> = h_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let n = hypotheses.len();

        // Prior.
        let weights = raw
            .prior
            .as_ref()
            .map(|pairs| prior_weights(pairs, &index, &h_ids, &Item::Prior, "weight"))
            .transpose()?;
        let prior = Prior::from_weights(weights, n);

        // Sources.
        let sources = sources(&raw.sources, &case_item)?;
        let s_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();

        // Groups.
        let groups = groups(&raw.groups, &case_item)?;
        let g_ids: Vec<GroupId> = groups.iter().map(|g| g.id.clone()).collect();

        // Evidence.
        let e_ids = ids(
            &raw.evidence,
            |e| &e.id,
            EvidenceId::new,
            Item::EvidenceAt,
            "evidence",
            &case_item,
        )?;
        let mut evidence = Vec::with_capacity(e_ids.len());
        for (id, re) in e_ids.into_iter().zip(&raw.evidence) {
            evidence.push(evidence_item(id, re, &index, &h_ids, &s_ids, &g_ids)?);
        }

        // Uncertainty.
        let uncertainty = match &raw.uncertainty {
            None => Uncertainty::default(),
            Some(u) => {
                no_extra(&u.extra, &case_item)?;
                let concentration = |k: Option<f64>, field: &str| {
                    k.map(|k| unit(k, Concentration::new, &case_item, field))
                        .transpose()
                };
                Uncertainty {
                    likelihood_concentration: concentration(
                        u.likelihood_concentration,
                        "uncertainty.likelihood_concentration",
                    )?,
                    prior_concentration: concentration(
                        u.prior_concentration,
                        "uncertainty.prior_concentration",
                    )?,
                    given: true,
                }
            }
        };

        // Perspectives (docs/model.md section 10). In a case, the kinds are the
        // labels its items carry.
        let mut kinds: Vec<KindId> = Vec::new();
        for k in evidence.iter().filter_map(|e| e.kind.as_ref()) {
            if !kinds.contains(k) {
                kinds.push(k.clone());
            }
        }
        let e_ids: Vec<EvidenceId> = evidence.iter().map(|e| e.id.clone()).collect();
        let perspectives = crate::perspective::perspectives(
            &raw.perspectives,
            &Scope {
                hypotheses: &h_ids,
                sources: &s_ids,
                evidence: Some(&e_ids),
                kinds: &kinds,
            },
            &case_item,
        )?;

        Ok(Case {
            title: raw.title,
            date: raw.date,
            place: raw.place,
            weighting,
            weighting_given: raw.weighting.is_some(),
            threshold,
            hypotheses,
            prior,
            sources,
            groups,
            evidence,
            uncertainty,
            perspectives,
        })
    }
}

fn evidence_item(
    id: EvidenceId,
    re: &RawEvidence,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    s_ids: &[SourceId],
    g_ids: &[GroupId],
) -> Result<Evidence, Error> {
    let item = Item::Evidence(id.to_string());
    no_extra(&re.extra, &item)?;
    let kind = re
        .kind
        .as_ref()
        .map(|k| KindId::new(k.as_str()).map_err(|e| e.at(&item, "kind")))
        .transpose()?;
    let ls = likelihoods(&re.likelihoods, index, h_ids, &item)?;
    let reliability = re
        .reliability
        .map(|r| estimate(r, &item, "reliability"))
        .transpose()?;
    let chance = re
        .chance
        .map(|x| unit(x, Probability::new, &item, "chance"))
        .transpose()?;
    let observed = re
        .observed
        .map(|x| unit(x, Probability::new, &item, "observed"))
        .transpose()?;
    let group = match &re.group {
        None => None,
        Some(g) => Some(
            g_ids
                .iter()
                .find(|id| id.as_str() == g)
                .cloned()
                .ok_or_else(|| Error::UnknownReference {
                    item: item.clone(),
                    field: "group".into(),
                    id: g.clone(),
                    kind: "group",
                })?,
        ),
    };
    let source = match &re.source {
        None => None,
        Some(s) => Some(
            s_ids
                .iter()
                .find(|id| id.as_str() == s)
                .cloned()
                .ok_or_else(|| Error::UnknownReference {
                    item: item.clone(),
                    field: "source".into(),
                    id: s.clone(),
                    kind: "source",
                })?,
        ),
    };
    let credibility = re
        .credibility
        .as_ref()
        .map(|c| credibility(c, &item))
        .transpose()?;
    let concentration = re
        .concentration
        .map(|k| unit(k, Concentration::new, &item, "concentration"))
        .transpose()?;
    let discount = re
        .discount
        .map(|d| unit(d, Reliability::new, &item, "discount"))
        .transpose()?;
    Ok(Evidence {
        id,
        kind,
        description: re.description.clone(),
        likelihoods: ls,
        reliability,
        chance,
        observed,
        group,
        source,
        credibility,
        concentration,
        discount,
        rationale: re.rationale.clone(),
        references: re.sources.clone(),
    })
}

/// Likelihoods as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero.
pub(crate) fn likelihoods(
    pairs: &Pairs<RawEstimate>,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
) -> Result<Vec<Estimate>, Error> {
    let mut likelihoods: Vec<Option<Estimate>> = vec![None; h_ids.len()];
    for (h, raw) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| likelihoods.get_mut(i))
            .ok_or_else(|| Error::UnknownReference {
                item: item.clone(),
                field: "likelihood".into(),
                id: h.clone(),
                kind: "hypothesis",
            })?;
        if slot.is_some() {
            return Err(Error::Duplicate {
                item: item.clone(),
                field: "likelihood for".into(),
                id: h.clone(),
            });
        }
        *slot = Some(estimate(*raw, item, &format!("likelihood for '{h}'"))?);
    }
    let mut ls = Vec::with_capacity(h_ids.len());
    for (l, h) in likelihoods.into_iter().zip(h_ids) {
        ls.push(l.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: format!("likelihood for '{h}'"),
        })?);
    }
    if ls.iter().all(|l| l.bounds().1.get() == 0.0) {
        return Err(Error::AllZero {
            item: item.clone(),
            field: "likelihood",
        });
    }
    Ok(ls)
}

/// Prior weights as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero. `field` names them
/// in messages (`weight` for the case's prior).
pub(crate) fn prior_weights(
    pairs: &Pairs<f64>,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
    field: &'static str,
) -> Result<Vec<Weight>, Error> {
    let mut w: Vec<Option<Weight>> = vec![None; h_ids.len()];
    for (h, x) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| w.get_mut(i))
            .ok_or_else(|| Error::UnknownReference {
                item: item.clone(),
                field: field.into(),
                id: h.clone(),
                kind: "hypothesis",
            })?;
        if slot.is_some() {
            return Err(Error::Duplicate {
                item: item.clone(),
                field: format!("{field} for"),
                id: h.clone(),
            });
        }
        *slot = Some(unit(*x, Weight::new, item, &format!("{field} for '{h}'"))?);
    }
    let mut out = Vec::with_capacity(h_ids.len());
    for (w, h) in w.into_iter().zip(h_ids) {
        out.push(w.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: format!("{field} for '{h}'"),
        })?);
    }
    if out.iter().all(|w| w.get() == 0.0) {
        return Err(Error::AllZero {
            item: item.clone(),
            field,
        });
    }
    Ok(out)
}

/// A credibility as written: a number in `0..=1` or an Admiralty digit.
pub(crate) fn credibility(raw: &RawCredibility, item: &Item) -> Result<Credibility, Error> {
    Ok(match raw {
        RawCredibility::Number(x) => {
            Credibility::Value(unit(*x, Reliability::new, item, "credibility")?)
        }
        RawCredibility::Grade(g) => Credibility::Grade(
            g.parse::<CredibilityGrade>()
                .map_err(|e| e.at(item, "credibility"))?,
        ),
    })
}

/// Sources as written (a case's or a codebook's).
pub(crate) fn sources(raw: &[RawSource], container: &Item) -> Result<Vec<Source>, Error> {
    let s_ids = ids(
        raw,
        |s| &s.id,
        SourceId::new,
        Item::SourceAt,
        "source",
        container,
    )?;
    let mut sources = Vec::with_capacity(s_ids.len());
    for (id, rs) in s_ids.into_iter().zip(raw) {
        let item = Item::Source(id.to_string());
        no_extra(&rs.extra, &item)?;
        let grading = match (&rs.reliability, &rs.admiralty) {
            (Some(_), Some(_)) => {
                return Err(Error::Conflicting {
                    item,
                    first: "reliability",
                    second: "admiralty",
                });
            }
            (Some(r), None) => Some(SourceReliability::Value(estimate(
                *r,
                &item,
                "reliability",
            )?)),
            (None, Some(a)) => Some(SourceReliability::Grade(
                a.parse::<SourceGrade>()
                    .map_err(|e| e.at(&item, "admiralty"))?,
            )),
            (None, None) => None,
        };
        let discount = rs
            .discount
            .map(|d| unit(d, Reliability::new, &item, "discount"))
            .transpose()?;
        sources.push(Source {
            id,
            label: rs.label.clone(),
            grading,
            discount,
        });
    }
    Ok(sources)
}

/// Dependence groups as written (a case's or a codebook's).
pub(crate) fn groups(raw: &[RawGroup], container: &Item) -> Result<Vec<Group>, Error> {
    let g_ids = ids(
        raw,
        |g| &g.id,
        GroupId::new,
        Item::GroupAt,
        "group",
        container,
    )?;
    let mut groups = Vec::with_capacity(g_ids.len());
    for (id, rg) in g_ids.into_iter().zip(raw) {
        let item = Item::Group(id.to_string());
        no_extra(&rg.extra, &item)?;
        let rho = rg.correlation.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: "correlation".into(),
        })?;
        groups.push(Group {
            id,
            label: rg.label.clone(),
            correlation: unit(rho, crate::Correlation::new, &item, "correlation")?,
        });
    }
    Ok(groups)
}

/// A source as written back.
pub(crate) fn raw_source(s: &Source) -> RawSource {
    RawSource {
        id: s.id.to_string(),
        label: s.label.clone(),
        reliability: match s.grading {
            Some(SourceReliability::Value(e)) => Some(to_raw_estimate(e)),
            _ => None,
        },
        admiralty: match s.grading {
            Some(SourceReliability::Grade(g)) => Some(g.to_string()),
            _ => None,
        },
        discount: s.discount.map(Reliability::get),
        ..RawSource::default()
    }
}

/// A group as written back.
pub(crate) fn raw_group(g: &Group) -> RawGroup {
    RawGroup {
        id: g.id.to_string(),
        label: g.label.clone(),
        correlation: Some(g.correlation.get()),
        ..RawGroup::default()
    }
}

/// A credibility as written back.
pub(crate) fn raw_credibility(c: Credibility) -> RawCredibility {
    match c {
        Credibility::Value(r) => RawCredibility::Number(r.get()),
        Credibility::Grade(g) => RawCredibility::Grade(g.to_string()),
    }
}

impl From<Case> for RawCase {
    fn from(case: Case) -> RawCase {
        let hypotheses: Vec<RawHypothesis> = case
            .hypotheses
            .iter()
            .map(|h| RawHypothesis {
                id: h.id.to_string(),
                label: h.label.clone(),
                catch_all: h.catch_all,
                ..RawHypothesis::default()
            })
            .collect();
        let prior = case.prior.weights().map(|w| {
            Pairs(
                case.hypotheses
                    .iter()
                    .zip(w)
                    .map(|(h, w)| (h.id.to_string(), w.get()))
                    .collect(),
            )
        });
        let sources = case.sources.iter().map(raw_source).collect();
        let groups = case.groups.iter().map(raw_group).collect();
        let evidence = case
            .evidence
            .iter()
            .map(|e| RawEvidence {
                id: e.id.to_string(),
                kind: e.kind.as_ref().map(|k| k.to_string()),
                description: e.description.clone(),
                likelihoods: Pairs(
                    case.hypotheses
                        .iter()
                        .zip(&e.likelihoods)
                        .map(|(h, l)| (h.id.to_string(), to_raw_estimate(*l)))
                        .collect(),
                ),
                reliability: e.reliability.map(to_raw_estimate),
                chance: e.chance.map(Probability::get),
                observed: e.observed.map(Probability::get),
                group: e.group.as_ref().map(|g| g.to_string()),
                source: e.source.as_ref().map(|s| s.to_string()),
                credibility: e.credibility.map(raw_credibility),
                concentration: e.concentration.map(Concentration::get),
                discount: e.discount.map(Reliability::get),
                rationale: e.rationale.clone(),
                sources: e.references.clone(),
                ..RawEvidence::default()
            })
            .collect();
        let uncertainty = case.uncertainty.given.then(|| RawUncertainty {
            likelihood_concentration: case
                .uncertainty
                .likelihood_concentration
                .map(Concentration::get),
            prior_concentration: case.uncertainty.prior_concentration.map(Concentration::get),
            ..RawUncertainty::default()
        });
        RawCase {
            version: FORMAT_VERSION,
            title: case.title,
            date: case.date,
            place: case.place,
            weighting: case.weighting_given.then(|| case.weighting.to_string()),
            threshold: case.threshold.map(Probability::get),
            hypotheses,
            prior,
            sources,
            groups,
            uncertainty,
            evidence,
            perspectives: case.perspectives.iter().map(Perspective::to_raw).collect(),
            ..RawCase::default()
        }
    }
}
