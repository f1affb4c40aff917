//! The part of a case a warning is about (docs/model.md section 4).

use crate::domain::id::{EvidenceId, GroupId, HypothesisId, PerspectiveId, SourceId};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The part of a case a [`Warning::LargeText`](crate::Warning::LargeText) is about: the case itself
/// (its title, date or place), or one of its hypotheses, evidence items,
/// sources, groups or perspectives, by id.
///
/// # Example
///
/// ```
/// use attrib::domain::CasePart;
///
/// let item = CasePart::Evidence("e1".try_into()?);
/// assert_eq!(item.to_string(), "evidence 'e1'");
/// assert_eq!(CasePart::Case.to_string(), "case");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// An object with the id under the name of its kind, as the other
/// warnings name their ids (`{"evidence": "e1"}`, `{"source": "s"}`), and
/// no key for the case (`{}`). A warning writes these keys among its own.
///
/// ```
/// use attrib::domain::CasePart;
///
/// let v = serde_json::to_value(CasePart::Hypothesis("a".try_into()?)).unwrap();
/// assert_eq!(v, serde_json::json!({"hypothesis": "a"}));
/// assert_eq!(serde_json::to_value(CasePart::Case).unwrap(), serde_json::json!({}));
/// let back: CasePart = serde_json::from_value(v).unwrap();
/// assert_eq!(back, CasePart::Hypothesis("a".try_into()?));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CasePart {
    /// The case as a whole: its `title`, `date` or `place`.
    Case,
    /// The hypothesis with this id.
    Hypothesis(HypothesisId),
    /// The evidence item with this id.
    Evidence(EvidenceId),
    /// The source with this id.
    Source(SourceId),
    /// The dependence group with this id.
    Group(GroupId),
    /// The perspective with this id.
    Perspective(PerspectiveId),
}

impl fmt::Display for CasePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CasePart::Case => f.write_str("case"),
            CasePart::Hypothesis(id) => write!(f, "hypothesis '{id}'"),
            CasePart::Evidence(id) => write!(f, "evidence '{id}'"),
            CasePart::Source(id) => write!(f, "source '{id}'"),
            CasePart::Group(id) => write!(f, "group '{id}'"),
            CasePart::Perspective(id) => write!(f, "perspective '{id}'"),
        }
    }
}

impl Serialize for CasePart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entry: Option<(&str, &str)> = match self {
            CasePart::Case => None,
            CasePart::Hypothesis(id) => Some(("hypothesis", id.as_str())),
            CasePart::Evidence(id) => Some(("evidence", id.as_str())),
            CasePart::Source(id) => Some(("source", id.as_str())),
            CasePart::Group(id) => Some(("group", id.as_str())),
            CasePart::Perspective(id) => Some(("perspective", id.as_str())),
        };
        let mut map = s.serialize_map(Some(usize::from(entry.is_some())))?;
        if let Some((key, id)) = entry {
            map.serialize_entry(key, id)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CasePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Other keys (a warning's own) are left alone.
        #[derive(Deserialize)]
        struct Keys {
            hypothesis: Option<HypothesisId>,
            evidence: Option<EvidenceId>,
            source: Option<SourceId>,
            group: Option<GroupId>,
            perspective: Option<PerspectiveId>,
        }
        let k = Keys::deserialize(d)?;
        let mut parts = [
            k.hypothesis.map(CasePart::Hypothesis),
            k.evidence.map(CasePart::Evidence),
            k.source.map(CasePart::Source),
            k.group.map(CasePart::Group),
            k.perspective.map(CasePart::Perspective),
        ]
        .into_iter()
        .flatten();
        match (parts.next(), parts.next()) {
            (None, _) => Ok(CasePart::Case),
            (Some(part), None) => Ok(part),
            (Some(_), Some(_)) => Err(serde::de::Error::custom(
                "a case part names at most one of hypothesis, evidence, source, group, perspective",
            )),
        }
    }
}
