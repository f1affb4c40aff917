//! Warnings: things worth a second look that are not errors.

use crate::domain::id::{EvidenceId, HypothesisId, SourceId};
use crate::domain::probability::Probability;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Something in a case worth a second look, though it is not an error
/// (see [`Case::warnings`](crate::Case::warnings)).
///
/// # Example
///
/// ```
/// use attrib::Warning;
///
/// assert_eq!(
///     Warning::NoCatchAll.to_string(),
///     "no catch-all hypothesis (\"other / none of the above\"): the posterior assumes the list is exhaustive"
/// );
/// ```
///
/// # JSON
///
/// `{"kind": kind, "message": text}` and the ids of the variant: `kind` is
/// `no-catch-all`, `non-discriminating` (with `evidence`, an id),
/// `ungrouped-source` (with `source`, an id, and `evidence`, a list of
/// ids), `zero-prior-favoured` (with `hypothesis` and `evidence`, ids) or
/// `low-threshold` (with `threshold`, a number); `message` is the warning's text (its `Display`). Reading one back
/// takes the kind and the ids; the message, if any, is ignored.
///
/// ```
/// use attrib::{Case, Evidence, Warning};
///
/// let v = serde_json::to_value(Warning::NoCatchAll).unwrap();
/// assert_eq!(v["kind"], "no-catch-all");
/// assert_eq!(v["message"], Warning::NoCatchAll.to_string());
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("other", "Other")
///     .evidence(Evidence::builder("flat").likelihood("a", 0.5).likelihood("other", 0.5))
///     .build()?;
/// let w = &case.warnings()[0];
/// let v = serde_json::to_value(w).unwrap();
/// assert_eq!(v["kind"], "non-discriminating");
/// assert_eq!(v["evidence"], "flat");
/// let back: Warning = serde_json::from_value(v).unwrap();
/// assert_eq!(&back, w);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// No hypothesis is a catch-all, so the posterior silently assumes the
    /// list of hypotheses is exhaustive. Add one, such as `other`.
    NoCatchAll,
    /// An item's likelihood is the same for every hypothesis: it cannot move
    /// the posterior, whatever it says.
    NonDiscriminating {
        /// The item.
        evidence: EvidenceId,
    },
    /// Several items come from one source and are in no group, so they count
    /// as independent. If they share an origin, put them in a group.
    UngroupedSource {
        /// The source.
        source: SourceId,
        /// Its items outside any group.
        evidence: Vec<EvidenceId>,
    },
    /// A hypothesis has prior 0, yet an item favours it (its likelihood is
    /// the item's largest, strictly above the item's smallest). A prior of
    /// 0 stays 0 whatever the evidence says; if the item can favour the
    /// hypothesis, give it a small prior rather than none.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .prior("a", 0.0).prior("other", 1.0)
    ///     .evidence(Evidence::builder("seen").likelihood("a", 0.9).likelihood("other", 0.1))
    ///     .build()?;
    /// let w = case.warnings();
    /// assert!(matches!(&w[0], Warning::ZeroPriorFavoured { hypothesis, evidence }
    ///     if hypothesis.as_str() == "a" && evidence.as_str() == "seen"));
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "hypothesis 'a': prior 0, yet evidence 'seen' favours it; a prior of 0 stays 0 whatever the evidence says"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    ZeroPriorFavoured {
        /// The hypothesis with prior 0.
        hypothesis: HypothesisId,
        /// The first item that favours it.
        evidence: EvidenceId,
    },
    /// The threshold for an attribution is below 0.5: a leader can be
    /// attributed while another hypothesis is as probable as not (and a
    /// threshold of 0 attributes any unique leader).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .threshold(0.3)
    ///     .build()?;
    /// let w = case.warnings();
    /// assert!(matches!(&w[0], Warning::LowThreshold { threshold } if threshold.get() == 0.3));
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "threshold 0.3 is below 0.5: a leader can be attributed though it is not more probable than not (a threshold of 0 attributes any unique leader)"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    LowThreshold {
        /// The case's threshold.
        threshold: Probability,
    },
}

// A `Probability` is never NaN, so equality is an equivalence.
impl Eq for Warning {}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoCatchAll => f.write_str(
                "no catch-all hypothesis (\"other / none of the above\"): the posterior assumes the list is exhaustive",
            ),
            Warning::NonDiscriminating { evidence } => write!(
                f,
                "evidence '{evidence}': the likelihood is the same for every hypothesis, so the item cannot discriminate"
            ),
            Warning::UngroupedSource { source, evidence } => {
                let items: Vec<String> = evidence.iter().map(|e| format!("'{e}'")).collect();
                write!(
                    f,
                    "source '{source}': {} items ({}) are in no group and count as independent; group them if they share an origin",
                    evidence.len(),
                    items.join(", ")
                )
            }
            Warning::ZeroPriorFavoured {
                hypothesis,
                evidence,
            } => write!(
                f,
                "hypothesis '{hypothesis}': prior 0, yet evidence '{evidence}' favours it; a prior of 0 stays 0 whatever the evidence says"
            ),
            Warning::LowThreshold { threshold } => write!(
                f,
                "threshold {threshold} is below 0.5: a leader can be attributed though it is not more probable than not (a threshold of 0 attributes any unique leader)"
            ),
        }
    }
}

/// A warning as written: its kind and ids (borrowed), and its message.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Written<'a> {
    NoCatchAll {
        message: String,
    },
    NonDiscriminating {
        evidence: &'a EvidenceId,
        message: String,
    },
    UngroupedSource {
        source: &'a SourceId,
        evidence: &'a [EvidenceId],
        message: String,
    },
    ZeroPriorFavoured {
        hypothesis: &'a HypothesisId,
        evidence: &'a EvidenceId,
        message: String,
    },
    LowThreshold {
        threshold: Probability,
        message: String,
    },
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let message = self.to_string();
        match self {
            Warning::NoCatchAll => Written::NoCatchAll { message },
            Warning::NonDiscriminating { evidence } => {
                Written::NonDiscriminating { evidence, message }
            }
            Warning::UngroupedSource { source, evidence } => Written::UngroupedSource {
                source,
                evidence,
                message,
            },
            Warning::ZeroPriorFavoured {
                hypothesis,
                evidence,
            } => Written::ZeroPriorFavoured {
                hypothesis,
                evidence,
                message,
            },
            Warning::LowThreshold { threshold } => Written::LowThreshold {
                threshold: *threshold,
                message,
            },
        }
        .serialize(s)
    }
}
