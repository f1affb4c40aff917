//! Warnings: things worth a second look that are not errors.

use crate::domain::id::{EvidenceId, SourceId};
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
/// `no-catch-all`, `non-discriminating` (with `evidence`, an id) or
/// `ungrouped-source` (with `source`, an id, and `evidence`, a list of
/// ids); `message` is the warning's text (its `Display`). Reading one back
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
}

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
        }
        .serialize(s)
    }
}
