//! Codebooks: evidence kinds, sources, groups and perspectives that
//! several case files share (docs/model.md section 9).
//!
//! Cases investigated by one method should weigh the same kind of finding
//! the same way. A codebook fixes, once and before any case is scored, the
//! likelihoods of each kind of finding and the trust in each source; a case
//! file names it with `"codebook": "PATH"` and is read with
//! [`Case::from_path`](crate::Case::from_path).
//!
//! ```json
//! {
//!   "version": 1,
//!   "title": "JIM findings, 2014-2017",
//!   "hypotheses": ["government", "isil", "opposition", "other"],
//!   "threshold": 0.95,
//!   "sources": [{"id": "jim", "label": "OPCW-UN Joint Investigative Mechanism", "admiralty": "B"}],
//!   "groups": [{"id": "witnesses", "correlation": 0.5}],
//!   "kinds": [
//!     {
//!       "id": "aircraft-drop-corroborated",
//!       "description": "Corroborated witnesses saw an aircraft drop the device",
//!       "likelihoods": {"government": 0.9, "isil": 0.03, "opposition": 0.3, "other": 0.3},
//!       "source": "jim",
//!       "credibility": "2",
//!       "rationale": "why these numbers, fixed before any case was scored",
//!       "sources": ["S/2016/738"]
//!     }
//!   ],
//!   "perspectives": [
//!     {"id": "sceptic", "label": "The JIM at half trust",
//!      "discount": {"sources": {"jim": 0.5}}}
//!   ],
//!   "rationale": "the method's notes",
//!   "references": ["S/2016/738"]
//! }
//! ```
//!
//! `version` and `hypotheses` (a list of at least two ids) are required.
//! This crate extends docs/model.md section 9, compatibly, with `groups` (cases
//! inherit them like sources), `threshold` (taken by a case that sets none),
//! `rationale` and `references` (the method's notes) at the top level, and
//! `uncertainty` (the Monte Carlo settings a case takes when it gives none),
//! and `group` (the default group of items of that kind) on a kind. Unknown
//! fields are an error. A kind's likelihoods must name exactly the
//! codebook's hypotheses; its `source` and `group` must be the codebook's;
//! a codebook's perspectives may discount its sources and kinds, not items
//! (a codebook has none).

use crate::domain::case::Uncertainty;
use crate::domain::evidence::{Credibility, ItemFields};
use crate::domain::group::Group;
use crate::domain::id::{GroupId, HypothesisId, KindId, SourceId};
use crate::domain::perspective::Perspective;
use crate::domain::probability::{Estimate, Probability};
use crate::domain::source::Source;
use crate::domain::standard::Standard;
use crate::domain::step::ChainStep;
use crate::domain::words::{ItemWords, Scales};

/// One kind of finding of a [`Codebook`]: its likelihoods, and the defaults
/// its items take (docs/model.md section 9).
///
/// # Example
///
/// ```
/// let codebook = attrib::Codebook::from_json(r#"{
///     "version": 1,
///     "hypotheses": ["a", "b"],
///     "kinds": [{"id": "seen", "description": "Seen", "likelihoods": {"b": 0.1, "a": 0.9}}]
/// }"#)?;
/// let kind = codebook.kind("seen").unwrap();
/// assert_eq!(kind.id().as_str(), "seen");
/// // in the order of the codebook's hypotheses
/// assert_eq!(kind.likelihoods()[0].midpoint().get(), 0.9);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    pub(crate) id: KindId,
    pub(crate) fields: ItemFields,
}

impl Kind {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert_eq!(cb.kinds()[0].id().as_str(), "seen");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &KindId {
        &self.id
    }

    /// The description, which items with an empty description take.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "description": "Seen by a witness", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert_eq!(cb.kinds()[0].description(), "Seen by a witness");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn description(&self) -> &str {
        &self.fields.description
    }

    /// The likelihoods `P(E | h)`, one per hypothesis, in the order of
    /// [`Codebook::hypotheses`].
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": [0.8, 0.9], "b": 0.1}}]}"#)?;
    /// let l = cb.kinds()[0].likelihoods();
    /// assert!(l[0].is_range());
    /// assert_eq!(l[1].midpoint().get(), 0.1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihoods(&self) -> &[Estimate] {
        &self.fields.likelihoods
    }

    /// The source its items take unless they name their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "sources": [{"id": "jim", "admiralty": "B"}],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "source": "jim"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].source().map(|s| s.as_str()), Some("jim"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(&self) -> Option<&SourceId> {
        self.fields.source.as_ref()
    }

    /// The credibility its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Credibility, CredibilityGrade};
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "credibility": "2"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].credibility(), Some(Credibility::Grade(CredibilityGrade::ProbablyTrue)));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn credibility(&self) -> Option<Credibility> {
        self.fields.credibility
    }

    /// The reliability its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "reliability": 0.7}]}"#)?;
    /// assert_eq!(cb.kinds()[0].reliability().map(|r| r.midpoint().get()), Some(0.7));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self) -> Option<Estimate> {
        self.fields.reliability
    }

    /// The `chance` its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "chance": 0.2}]}"#)?;
    /// assert_eq!(cb.kinds()[0].chance().map(|c| c.midpoint().get()), Some(0.2));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance(&self) -> Option<Estimate> {
        self.fields.chance
    }

    /// The `observed` confidence its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "observed": 0.9}]}"#)?;
    /// assert_eq!(cb.kinds()[0].observed().map(|q| q.midpoint().get()), Some(0.9));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed(&self) -> Option<Estimate> {
        self.fields.observed
    }

    /// The dependence group its items join unless they name their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "groups": [{"id": "witnesses", "correlation": 0.5}],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "group": "witnesses"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].group().map(|g| g.as_str()), Some("witnesses"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn group(&self) -> Option<&GroupId> {
        self.fields.group.as_ref()
    }

    /// Why the likelihoods are what they are, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "rationale": "only a flies"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].rationale(), Some("only a flies"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.fields.rationale.as_deref()
    }

    /// The fields given as words, read on the codebook's default scale
    /// unless they name their own (docs/model.md section 11).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"], "scale": "kent",
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": "probable", "b": 0.1}}]}"#)?;
    /// let w = cb.kinds()[0].words().likelihood(0).unwrap();
    /// assert_eq!(w.to_string(), "probable (Kent: 0.63-0.87)");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn words(&self) -> &ItemWords {
        &self.fields.words
    }

    /// The source's own words for this kind of finding, which its items
    /// without a quote of their own show.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "quote": "seen by residents"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].quote(), Some("seen by residents"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn quote(&self) -> Option<&str> {
        self.fields.quote.as_deref()
    }

    /// The step of reasoning its items belong to unless they name their
    /// own (an extension: see [`ChainStep`](crate::ChainStep)).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "steps": [{"id": "how", "label": "How was it delivered?"}],
    /// #     "kinds": [{"id": "drop", "likelihoods": {"a": 0.9, "b": 0.1}, "step": "how"}]}"#)?;
    /// assert_eq!(cb.kinds()[0].step(), Some("how"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(&self) -> Option<&str> {
        self.fields.step.as_deref()
    }

    /// The public references behind the likelihoods (the kind's `sources`).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "sources": ["S/2016/738"]}]}"#)?;
    /// assert_eq!(cb.kinds()[0].references(), ["S/2016/738"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn references(&self) -> &[String] {
        &self.fields.references
    }
}

/// A validated codebook (docs/model.md section 9): evidence kinds, sources,
/// groups and perspectives that case files share.
///
/// Read one with [`Codebook::from_json`] or [`Codebook::from_path`]
/// (feature `json`), or through serde; every value is checked on the way
/// in. A case file that names a codebook is read with
/// [`Case::from_path`](crate::Case::from_path), which reads the codebook
/// itself.
///
/// # Example
///
/// ```
/// use attrib::Codebook;
///
/// let codebook = Codebook::from_json(r#"{
///     "version": 1,
///     "title": "JIM findings",
///     "hypotheses": ["government", "other"],
///     "sources": [{"id": "jim", "admiralty": "B"}],
///     "kinds": [{"id": "aircraft-drop", "description": "An aircraft dropped the device",
///                "likelihoods": {"government": 0.9, "other": 0.3}, "source": "jim"}],
///     "perspectives": [{"id": "sceptic", "discount": {"sources": {"jim": 0.5}}}]
/// }"#)?;
/// assert_eq!(codebook.title(), Some("JIM findings"));
/// assert_eq!(codebook.kinds().len(), 1);
/// assert_eq!(codebook.perspectives()[0].id().as_str(), "sceptic");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Codebook {
    pub(crate) title: Option<String>,
    pub(crate) hypotheses: Vec<HypothesisId>,
    pub(crate) threshold: Option<Probability>,
    pub(crate) sources: Vec<Source>,
    pub(crate) groups: Vec<Group>,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) perspectives: Vec<Perspective>,
    pub(crate) uncertainty: Option<Uncertainty>,
    pub(crate) rationale: Option<String>,
    pub(crate) references: Vec<String>,
    pub(crate) scales: Scales,
    pub(crate) standards: Vec<Standard>,
    pub(crate) standard: Option<usize>,
    pub(crate) steps: Vec<ChainStep>,
}

impl Codebook {
    /// The scales its kinds' words are read on: the built-in ones, those it
    /// declares (which its cases inherit), and its default (docs/model.md
    /// section 11).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"], "scale": "jim",
    /// #     "scales": [{"id": "jim", "words": {"most likely": [0.8, 0.95]}}]}"#)?;
    /// assert_eq!(cb.scales().default_scale().as_str(), "jim");
    /// assert_eq!(cb.scales().declared().count(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn scales(&self) -> &Scales {
        &self.scales
    }

    /// The standards of proof it declares, which its cases inherit (an
    /// extension: see [`Case::standards`](crate::Case::standards)).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"], "standard": "jim",
    /// #     "standards": [{"id": "jim", "label": "Sufficient evidence", "threshold": 0.9}]}"#)?;
    /// assert_eq!(cb.standards()[0].threshold().get(), 0.9);
    /// assert_eq!(cb.standard().map(|s| s.id()), Some("jim"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standards(&self) -> &[Standard] {
        &self.standards
    }

    /// The headline standard, if it names one.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"]}"#)?;
    /// assert!(cb.standard().is_none());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standard(&self) -> Option<&Standard> {
        self.standard.and_then(|i| self.standards.get(i))
    }

    /// The steps of reasoning it declares, which its cases inherit (an
    /// extension: see [`ChainStep`](crate::ChainStep)).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "steps": [{"id": "agent", "label": "What was used?"}, {"id": "who"}]}"#)?;
    /// assert_eq!(cb.steps().len(), 2);
    /// assert_eq!(cb.steps()[0].label(), Some("What was used?"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn steps(&self) -> &[ChainStep] {
        &self.steps
    }

    /// The Monte Carlo settings a case takes when it gives none (an
    /// extension of docs/model.md section 9): one concentration for every case
    /// weighed by the codebook.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "uncertainty": {"likelihood_concentration": 20}}"#)?;
    /// let k = cb.uncertainty().and_then(|u| u.likelihood_concentration());
    /// assert_eq!(k.map(|k| k.get()), Some(20.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn uncertainty(&self) -> Option<Uncertainty> {
        self.uncertainty
    }

    /// The title, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "title": "JIM", "hypotheses": ["a", "b"]}"#)?;
    /// assert_eq!(cb.title(), Some("JIM"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The hypotheses its kinds weigh, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"]}"#)?;
    /// let ids: Vec<&str> = cb.hypotheses().iter().map(|h| h.as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[HypothesisId] {
        &self.hypotheses
    }

    /// The threshold a case takes when it sets none (an extension of
    /// docs/model.md section 9), if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"], "threshold": 0.9}"#)?;
    /// assert_eq!(cb.threshold().map(|t| t.get()), Some(0.9));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Option<Probability> {
        self.threshold
    }

    /// The sources its cases inherit.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "sources": [{"id": "jim", "reliability": 0.8}]}"#)?;
    /// assert_eq!(cb.sources()[0].reliability().get(), 0.8);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The dependence groups its cases inherit (an extension of docs/model.md
    /// section 9).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "groups": [{"id": "witnesses", "correlation": 0.5}]}"#)?;
    /// assert_eq!(cb.groups()[0].correlation().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The kinds of finding, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert_eq!(cb.kinds()[0].id().as_str(), "seen");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind with this id, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert!(cb.kind("seen").is_some());
    /// assert!(cb.kind("heard").is_none());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind(&self, id: impl AsRef<str>) -> Option<&Kind> {
        let id = id.as_ref();
        self.kinds.iter().find(|k| k.id.as_str() == id)
    }

    /// The perspectives its cases inherit.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "perspectives": [{"id": "strict", "threshold": 0.99}]}"#)?;
    /// assert_eq!(cb.perspectives()[0].threshold().map(|t| t.get()), Some(0.99));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspectives(&self) -> &[Perspective] {
        &self.perspectives
    }

    /// The method's notes (an extension of docs/model.md section 9), if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "rationale": "the JIM's standard of proof"}"#)?;
    /// assert_eq!(cb.rationale(), Some("the JIM's standard of proof"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }

    /// The method's public references (an extension of docs/model.md section 9).
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "references": ["S/2016/738"]}"#)?;
    /// assert_eq!(cb.references(), ["S/2016/738"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn references(&self) -> &[String] {
        &self.references
    }
}
