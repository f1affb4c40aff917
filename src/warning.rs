//! Warnings: things worth a second look that are not errors.

use crate::id::{EvidenceId, SourceId};
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
