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

use crate::domain::case::{
    credibility, estimate, groups, ids, likelihoods, no_extra, sources, unit,
};
use crate::domain::evidence::Credibility;
use crate::domain::file::RawCodebook;
use crate::domain::group::Group;
use crate::domain::id::{GroupId, HypothesisId, KindId, SourceId};
use crate::domain::perspective::{Perspective, Scope};
use crate::domain::probability::{Estimate, Probability};
use crate::domain::source::Source;
use crate::error::Detail;
use crate::error::{Error, Item};
use serde::Deserialize;
use std::collections::HashMap;

/// The codebook version this crate reads.
const CODEBOOK_VERSION: u64 = 1;

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
    pub(crate) description: String,
    pub(crate) likelihoods: Vec<Estimate>,
    pub(crate) source: Option<SourceId>,
    pub(crate) credibility: Option<Credibility>,
    pub(crate) reliability: Option<Estimate>,
    pub(crate) chance: Option<Probability>,
    pub(crate) observed: Option<Probability>,
    pub(crate) group: Option<GroupId>,
    pub(crate) rationale: Option<String>,
    pub(crate) references: Vec<String>,
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
        &self.description
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
        &self.likelihoods
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
        self.source.as_ref()
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
        self.credibility
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
        self.reliability
    }

    /// The `chance` its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "chance": 0.2}]}"#)?;
    /// assert_eq!(cb.kinds()[0].chance().map(|c| c.get()), Some(0.2));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance(&self) -> Option<Probability> {
        self.chance
    }

    /// The `observed` confidence its items take unless they set their own.
    ///
    /// # Example
    ///
    /// ```
    /// # let cb = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    /// #     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}, "observed": 0.9}]}"#)?;
    /// assert_eq!(cb.kinds()[0].observed().map(|q| q.get()), Some(0.9));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed(&self) -> Option<Probability> {
        self.observed
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
        self.group.as_ref()
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
        self.rationale.as_deref()
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
        &self.references
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawCodebook")]
pub struct Codebook {
    title: Option<String>,
    hypotheses: Vec<HypothesisId>,
    threshold: Option<Probability>,
    sources: Vec<Source>,
    groups: Vec<Group>,
    kinds: Vec<Kind>,
    perspectives: Vec<Perspective>,
    uncertainty: Option<crate::domain::case::Uncertainty>,
    rationale: Option<String>,
    references: Vec<String>,
}

impl Codebook {
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
    pub fn uncertainty(&self) -> Option<crate::domain::case::Uncertainty> {
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

    /// Reads a codebook from JSON text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Syntax`](crate::ErrorKind::Syntax) for malformed JSON, a wrong type or a missing
    /// required field; otherwise the first bad value, naming the item and
    /// field: [`ErrorKind::UnsupportedVersion`](crate::ErrorKind::UnsupportedVersion),
    /// [`ErrorKind::TooFewHypotheses`](crate::ErrorKind::TooFewHypotheses), a kind whose likelihoods do not
    /// name exactly the codebook's hypotheses, an unknown source or group,
    /// a bad perspective, an unknown field, and so on (see [`Error`]).
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Codebook::from_json(r#"{"version": 1, "hypotheses": ["a", "b"],
    ///     "kinds": [{"id": "seen", "likelihoods": {"a": 0.9}}]}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "kind 'seen': likelihood for 'b' is missing");
    /// ```
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Codebook, Error> {
        let raw: RawCodebook = crate::domain::case::read_json(text)?;
        Codebook::try_from(raw)
    }

    /// Reads a codebook file.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read or is larger than 1 GiB;
    /// otherwise those of
    /// [`Codebook::from_json`], behind the file's path ([`Error::file`]).
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::Codebook::from_path("/nonexistent/codebook.json").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read '/nonexistent/codebook.json'"));
    /// ```
    #[cfg(feature = "json")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Codebook, Error> {
        let path = path.as_ref();
        Codebook::from_file(path).map_err(|e| e.in_file(&path.display().to_string()))
    }

    /// Reads a codebook file, with errors not yet naming it.
    #[cfg(feature = "json")]
    pub(crate) fn from_file(path: &std::path::Path) -> Result<Codebook, Error> {
        Codebook::from_json(&read_text(path)?)
    }

    /// A case file as written, with this codebook merged in (docs/model.md
    /// section 9): inherited sources, groups and perspectives first, the
    /// threshold unless the case sets one, and every item of a kind filled
    /// in. `written` is the codebook's path as the case file gives it,
    /// `case_file` the case file's, for messages.
    #[cfg(feature = "json")]
    pub(crate) fn merge(
        &self,
        mut raw: crate::domain::file::RawCase,
        written: &str,
        case_file: &str,
    ) -> Result<crate::domain::file::RawCase, Error> {
        use crate::domain::case::{raw_credibility, raw_group, raw_source, to_raw_estimate};
        use crate::domain::file::Pairs;
        use std::collections::HashSet;
        let twice = |what: &'static str, id: &str| {
            Error::from(Detail::DefinedTwice {
                what,
                id: id.to_string(),
                codebook: written.to_string(),
                case_file: case_file.to_string(),
            })
        };
        if let Some(s) = raw
            .sources
            .iter()
            .find(|s| self.sources.iter().any(|c| c.id.as_str() == s.id))
        {
            return Err(twice("source", &s.id));
        }
        if let Some(g) = raw
            .groups
            .iter()
            .find(|g| self.groups.iter().any(|c| c.id.as_str() == g.id))
        {
            return Err(twice("group", &g.id));
        }
        if let Some(p) = raw
            .perspectives
            .iter()
            .find(|p| self.perspectives.iter().any(|c| c.id.as_str() == p.id))
        {
            return Err(twice("perspective", &p.id));
        }
        raw.sources = self
            .sources
            .iter()
            .map(raw_source)
            .chain(std::mem::take(&mut raw.sources))
            .collect();
        raw.groups = self
            .groups
            .iter()
            .map(raw_group)
            .chain(std::mem::take(&mut raw.groups))
            .collect();
        raw.perspectives = self
            .perspectives
            .iter()
            .map(Perspective::to_raw)
            .chain(std::mem::take(&mut raw.perspectives))
            .collect();
        if raw.threshold.is_none() {
            raw.threshold = self.threshold.map(Probability::get);
        }
        if raw.uncertainty.is_none() {
            raw.uncertainty = self
                .uncertainty
                .map(|u| crate::domain::file::RawUncertainty {
                    likelihood_concentration: u.likelihood_concentration.map(|k| k.get()),
                    prior_concentration: u.prior_concentration.map(|k| k.get()),
                    ..crate::domain::file::RawUncertainty::default()
                });
        }

        let case_hypotheses: Vec<String> = raw.hypotheses.iter().map(|h| h.id.clone()).collect();
        for e in &mut raw.evidence {
            let Some(k) = &e.kind else { continue };
            let item = Item::Evidence(e.id.clone());
            if !e.likelihoods.is_empty() {
                return Err(Error::from(Detail::Conflicting {
                    item,
                    first: "kind",
                    second: "likelihoods",
                }));
            }
            let kind = self.kind(k).ok_or_else(|| {
                Error::from(Detail::UnknownKind {
                    item: item.clone(),
                    kind: k.clone(),
                    codebook: written.to_string(),
                })
            })?;
            if let Some(h) = case_hypotheses
                .iter()
                .find(|h| !self.hypotheses.iter().any(|c| c.as_str() == h.as_str()))
            {
                return Err(Error::from(Detail::KindLacksHypothesis {
                    item,
                    kind: k.clone(),
                    codebook: written.to_string(),
                    hypothesis: h.clone(),
                }));
            }
            if let Some(h) = self
                .hypotheses
                .iter()
                .find(|c| !case_hypotheses.iter().any(|h| h.as_str() == c.as_str()))
            {
                return Err(Error::from(Detail::KindExtraHypothesis {
                    item,
                    kind: k.clone(),
                    codebook: written.to_string(),
                    hypothesis: h.to_string(),
                }));
            }
            e.likelihoods = Pairs(
                self.hypotheses
                    .iter()
                    .zip(&kind.likelihoods)
                    .map(|(h, l)| (h.to_string(), to_raw_estimate(*l)))
                    .collect(),
            );
            if e.description.is_empty() {
                e.description = kind.description.clone();
            }
            if e.source.is_none() {
                e.source = kind.source.as_ref().map(|s| s.to_string());
            }
            if e.credibility.is_none() {
                e.credibility = kind.credibility.map(raw_credibility);
            }
            if e.reliability.is_none() {
                e.reliability = kind.reliability.map(to_raw_estimate);
            }
            if e.chance.is_none() {
                e.chance = kind.chance.map(Probability::get);
            }
            if e.observed.is_none() {
                e.observed = kind.observed.map(Probability::get);
            }
            if e.group.is_none() {
                e.group = kind.group.as_ref().map(|g| g.to_string());
            }
        }

        // A discount on a codebook kind that no item of this case carries
        // has no effect; it is dropped, so that the case written back reads
        // back (where kinds are only the labels items carry). Any other
        // kind is left for validation to report.
        let used: HashSet<String> = raw.evidence.iter().filter_map(|e| e.kind.clone()).collect();
        for p in &mut raw.perspectives {
            if let Some(d) = &mut p.discount {
                d.kinds
                    .0
                    .retain(|(k, _)| used.contains(k) || self.kind(k).is_none());
            }
        }
        Ok(raw)
    }
}

impl TryFrom<RawCodebook> for Codebook {
    type Error = Error;

    fn try_from(raw: RawCodebook) -> Result<Codebook, Error> {
        let book = Item::Codebook;
        if raw.version != CODEBOOK_VERSION {
            return Err(Error::from(Detail::UnsupportedCodebookVersion {
                found: raw.version,
            }));
        }
        no_extra(&raw.extra, &book)?;
        if raw.hypotheses.len() < 2 {
            return Err(Error::from(Detail::CodebookTooFewHypotheses {
                found: raw.hypotheses.len(),
            }));
        }
        let hypotheses = ids(
            &raw.hypotheses,
            |h| h,
            HypothesisId::new,
            Item::HypothesisAt,
            "hypothesis",
            &book,
        )?;
        let index: HashMap<&str, usize> = hypotheses
            .iter()
            .enumerate()
            .map(|(i, h)| (h.as_str(), i))
            .collect();
        let threshold = raw
            .threshold
            .map(|t| unit(t, Probability::new, &book, "threshold"))
            .transpose()?;
        let uncertainty = match &raw.uncertainty {
            None => None,
            Some(u) => {
                no_extra(&u.extra, &book)?;
                let k = |x: Option<f64>, field: &str| {
                    x.map(|k| {
                        unit(
                            k,
                            crate::domain::probability::Concentration::new,
                            &book,
                            field,
                        )
                    })
                    .transpose()
                };
                Some(crate::domain::case::Uncertainty {
                    likelihood_concentration: k(
                        u.likelihood_concentration,
                        "uncertainty.likelihood_concentration",
                    )?,
                    prior_concentration: k(
                        u.prior_concentration,
                        "uncertainty.prior_concentration",
                    )?,
                    given: true,
                })
            }
        };
        let sources = sources(&raw.sources, &book)?;
        let s_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();
        let groups = groups(&raw.groups, &book)?;
        let g_ids: Vec<GroupId> = groups.iter().map(|g| g.id.clone()).collect();

        let k_ids = ids(
            &raw.kinds,
            |k| &k.id,
            KindId::new,
            Item::KindAt,
            "kind",
            &book,
        )?;
        let mut kinds = Vec::with_capacity(k_ids.len());
        for (id, rk) in k_ids.iter().zip(&raw.kinds) {
            let item = Item::Kind(id.to_string());
            no_extra(&rk.extra, &item)?;
            let reference = |field: &str, name: &Option<String>, known: &[&str], noun| match name {
                Some(x) if !known.contains(&x.as_str()) => {
                    Err(Error::from(Detail::UnknownReference {
                        item: item.clone(),
                        field: field.to_string(),
                        id: x.clone(),
                        kind: noun,
                    }))
                }
                _ => Ok(()),
            };
            let known_sources: Vec<&str> = s_ids.iter().map(SourceId::as_str).collect();
            let known_groups: Vec<&str> = g_ids.iter().map(GroupId::as_str).collect();
            reference("source", &rk.source, &known_sources, "source")?;
            reference("group", &rk.group, &known_groups, "group")?;
            kinds.push(Kind {
                id: id.clone(),
                description: rk.description.clone(),
                likelihoods: likelihoods(&rk.likelihoods, &index, &hypotheses, &item)?,
                source: s_ids
                    .iter()
                    .find(|s| Some(s.as_str()) == rk.source.as_deref())
                    .cloned(),
                credibility: rk
                    .credibility
                    .as_ref()
                    .map(|c| credibility(c, &item))
                    .transpose()?,
                reliability: rk
                    .reliability
                    .map(|r| estimate(r, &item, "reliability"))
                    .transpose()?,
                chance: rk
                    .chance
                    .map(|x| unit(x, Probability::new, &item, "chance"))
                    .transpose()?,
                observed: rk
                    .observed
                    .map(|x| unit(x, Probability::new, &item, "observed"))
                    .transpose()?,
                group: g_ids
                    .iter()
                    .find(|g| Some(g.as_str()) == rk.group.as_deref())
                    .cloned(),
                rationale: rk.rationale.clone(),
                references: rk.sources.clone(),
            });
        }

        let perspectives = crate::domain::perspective::perspectives(
            &raw.perspectives,
            &Scope {
                hypotheses: &hypotheses,
                sources: &s_ids,
                evidence: None,
                kinds: &k_ids,
            },
            &book,
        )?;

        Ok(Codebook {
            title: raw.title,
            hypotheses,
            threshold,
            sources,
            groups,
            kinds,
            perspectives,
            uncertainty,
            rationale: raw.rationale,
            references: raw.references,
        })
    }
}

/// The largest case file or codebook read: 1 GiB (a case of a million
/// items at 16 hypotheses is about 600 MB). A larger file, or an endless
/// one (`/dev/zero`), is refused with an error rather than read until
/// memory runs out.
#[cfg(feature = "json")]
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file's text, or an [`ErrorKind::Io`](crate::ErrorKind::Io) naming the file.
#[cfg(feature = "json")]
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, Error> {
    read_text_capped(path, MAX_FILE_BYTES)
}

/// [`read_text`] with a size limit of `cap` bytes.
#[cfg(feature = "json")]
fn read_text_capped(path: &std::path::Path, cap: u64) -> Result<String, Error> {
    use std::io::Read;
    let shown = || path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| {
            Error::from(Detail::Io {
                path: shown(),
                message: e.to_string(),
            })
            .with_source(e)
        })?;
    if bytes.len() as u64 > cap {
        return Err(Error::from(Detail::TooLarge { path: shown(), cap }));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::from(Detail::NotText {
            path: shown(),
            offset,
        })
        .with_source(e)
    })
}

/// The codebook a case file names, as a canonical path inside the case
/// file's canonical folder (docs/model.md section 9): `written` may not be
/// empty or absolute, may not have a `..` component, and may not lead out
/// of the folder through a symbolic link.
#[cfg(feature = "json")]
pub(crate) fn resolve(
    case_file: &std::path::Path,
    written: &str,
) -> Result<std::path::PathBuf, Error> {
    use std::path::{Component, Path};
    let refuse = |reason: &'static str| {
        Error::from(Detail::Path {
            item: Item::Case,
            field: "codebook",
            path: written.to_string(),
            reason,
        })
    };
    let io = |path: &Path, e: std::io::Error| {
        Error::from(Detail::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })
        .with_source(e)
    };
    let relative = Path::new(written);
    if written.is_empty() {
        return Err(refuse("it is empty"));
    }
    if relative.is_absolute()
        || relative.has_root()
        || relative
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(refuse(
            "it is an absolute path; give a path relative to the case file's folder",
        ));
    }
    if relative.components().any(|c| c == Component::ParentDir) {
        return Err(refuse(
            "it has a '..' component; the codebook must be in the case file's folder or below it",
        ));
    }
    let real_case = std::fs::canonicalize(case_file).map_err(|e| io(case_file, e))?;
    let folder = real_case.parent().unwrap_or(Path::new("/"));
    let target = folder.join(relative);
    let real = std::fs::canonicalize(&target).map_err(|e| io(&target, e))?;
    if !real.starts_with(folder) {
        return Err(refuse(
            "it leads out of the case file's folder (through a symbolic link)",
        ));
    }
    Ok(real)
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    fn rejected(json: &str) -> String {
        match Codebook::from_json(json) {
            Ok(_) => panic!("accepted: {json}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn kind_fields_are_checked() {
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 1.5}}]}"#
            ),
            "kind 'k': likelihood for 'b' is 1.5, must be in 0..=1"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1, "c": 0.1}}]}"#
            ),
            "kind 'k': likelihood names 'c', which is not a declared hypothesis"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "source": "x"}]}"#
            ),
            "kind 'k': source names 'x', which is not a declared source"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "group": "g"}]}"#
            ),
            "kind 'k': group names 'g', which is not a declared group"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "chance": -1}]}"#
            ),
            "kind 'k': chance is -1, must be in 0..=1"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "kidn": 1}]}"#
            ),
            "kind 'k': unknown field 'kidn'"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}},
                              {"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#
            ),
            "codebook: kind id 'k' appears more than once"
        );
    }

    #[test]
    fn top_level_is_checked() {
        assert_eq!(
            rejected(r#"{"version": 2, "hypotheses": ["a", "b"]}"#),
            "codebook: version is 2, this crate reads version 1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a"]}"#),
            "codebook: a codebook needs at least 2 hypotheses, found 1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "a"]}"#),
            "codebook: hypothesis id 'a' appears more than once"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "b"], "threshold": 1.1}"#),
            "codebook: threshold is 1.1, must be in 0..=1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "b"], "kind": []}"#),
            "codebook: unknown field 'kind'"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "sources": [{"id": "s", "reliability": 0.5, "admiralty": "B"}]}"#
            ),
            "source 's': give reliability or admiralty, not both"
        );
        let msg = rejected(r#"{"version": 1}"#);
        assert!(msg.starts_with("missing field `hypotheses`"), "{msg}");
    }

    #[test]
    fn perspectives_are_checked_against_the_codebook() {
        let base = r#"{"version": 1, "hypotheses": ["a", "b"],
            "sources": [{"id": "jim", "reliability": 0.8}],
            "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}],
            "perspectives": [PERSPECTIVE]}"#;
        let with = |p: &str| rejected(&base.replace("PERSPECTIVE", p));
        assert_eq!(
            with(r#"{"id": "p", "discount": {"evidence": {"e1": 0.5}}}"#),
            "perspective 'p': discount.evidence cannot be used here: a codebook has no evidence items; discount items in a case file's own perspectives"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"kinds": {"x": 0.5}}}"#),
            "perspective 'p': discount for kind names 'x', which is not a declared kind"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"sources": {"jim": 2}}}"#),
            "perspective 'p': discount for source 'jim' is 2, must be in 0..=1"
        );
        assert_eq!(
            with(r#"{"id": "p", "prior": {"a": 1, "c": 1}}"#),
            "perspective 'p': prior weight names 'c', which is not a declared hypothesis"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"source": {"jim": 0.5}}}"#),
            "perspective 'p': unknown field 'source'"
        );
        let ok = Codebook::from_json(&base.replace(
            "PERSPECTIVE",
            r#"{"id": "p", "discount": {"sources": {"jim": 0.5}, "kinds": {"k": 0.25}}}"#,
        ))
        .unwrap();
        let p = &ok.perspectives()[0];
        assert_eq!(p.source_discounts()[0].1.get(), 0.5);
        assert_eq!(p.kind_discounts()[0].1.get(), 0.25);
    }

    #[test]
    fn serde_goes_through_the_checks() {
        let ok: Codebook = serde_json::from_str(
            r#"{"version": 1, "hypotheses": ["a", "b"],
                "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#,
        )
        .unwrap();
        assert_eq!(ok.kinds()[0].likelihoods()[1].midpoint().get(), 0.1);
        let err = serde_json::from_str::<Codebook>(
            r#"{"version": 1, "hypotheses": ["a", "b"],
                "kinds": [{"id": "k", "likelihoods": {"a": 0.0, "b": 0.0}}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("kind 'k': every likelihood is 0, at least one must be positive"),
            "{err}"
        );
    }

    #[test]
    fn paths_are_refused_before_any_file_is_touched() {
        let case = std::path::Path::new("/nonexistent/x.json");
        let reason = |written: &str| match resolve(case, written) {
            Err(e) if e.kind() == crate::ErrorKind::Path => e.to_string(),
            other => panic!("{other:?}"),
        };
        assert!(reason("/etc/passwd").contains("absolute"));
        assert!(reason("../codebook.json").contains("'..'"));
        assert!(reason("books/../../codebook.json").contains("'..'"));
        assert!(reason("").ends_with("it is empty"));
        // an allowed path reaches the file system, which has no such file
        assert!(matches!(
            resolve(case, "codebook.json"),
            Err(e) if e.kind() == crate::ErrorKind::Io
        ));
    }

    #[cfg(all(feature = "json", unix))]
    #[test]
    fn an_endless_file_is_refused_not_read_until_memory_runs_out() {
        let zero = std::path::Path::new("/dev/zero");
        if !zero.exists() {
            eprintln!("skipped: no /dev/zero here");
            return;
        }
        let e = read_text_capped(zero, 4096).unwrap_err().to_string();
        assert!(e.contains("/dev/zero"), "{e}");
        assert!(e.contains("larger than 4096 bytes"), "{e}");
        // a file of exactly the cap is read
        let dir = std::env::temp_dir().join(format!("attrib-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("four.json");
        std::fs::write(&path, "1234").unwrap();
        assert_eq!(read_text_capped(&path, 4).unwrap(), "1234");
        assert!(read_text_capped(&path, 3).is_err());
    }
}
