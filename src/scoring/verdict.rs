//! The verdict: attributed, or not enough to say (docs/model.md section 5).

use crate::domain::id::HypothesisId;
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether a case is attributed.
///
/// # Example
///
/// ```
/// assert_eq!(attrib::Status::Insufficient.to_string(), "insufficient");
/// ```
///
/// # JSON
///
/// `"attributed"` or `"insufficient"`, both ways.
///
/// ```
/// use attrib::Status;
///
/// assert_eq!(serde_json::to_value(Status::Attributed).unwrap(), "attributed");
/// let s: Status = serde_json::from_str("\"insufficient\"").unwrap();
/// assert_eq!(s, Status::Insufficient);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The leader's posterior is at least the threshold: the case is
    /// attributed to it.
    Attributed,
    /// No hypothesis reaches the threshold (or two share the lead): there is
    /// not sufficient information to conclude.
    Insufficient,
}

impl Status {
    /// `"attributed"` or `"insufficient"`, as in the JSON output.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Status::Attributed.as_str(), "attributed");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Attributed => "attributed",
            Status::Insufficient => "insufficient",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The verdict on a case (docs/model.md section 5).
///
/// The leader is the hypothesis with the highest posterior. The case is
/// attributed to it when its posterior is at least the case's threshold
/// (default 0.95, the lower edge of ICD 203 "almost certain"); otherwise
/// the verdict is insufficient, mirroring the JIM's "sufficient information
/// to conclude" standard. A lead shared by two hypotheses with exactly
/// equal posteriors is never attributed, whatever the threshold.
///
/// The comparison is made on the computed `f64` posterior, which is within
/// a few ulps of the exact value (see [`Case::score`](crate::Case::score)):
/// a posterior that equals the threshold in exact arithmetic, such as a
/// 19 : 1 prior against 0.95, may land an ulp either side of it.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Status};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01))
///     .build()?;
/// let verdict = case.score()?.verdict();
/// assert_eq!(verdict.status(), Status::Attributed);
/// assert_eq!(verdict.hypothesis().map(|h| h.as_str()), Some("a"));
/// assert_eq!(verdict.to_string(), "attributed to 'a' (posterior 0.9900 >= threshold 0.95)");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"status": "attributed" | "insufficient", "hypothesis": id | null,
/// "threshold": t, "probability": p, "leader": id}`: `hypothesis` is the
/// hypothesis the case is attributed to (`null` when insufficient),
/// `probability` the leader's posterior. Reading one back checks it: the
/// numbers must be probabilities, and `hypothesis` must be the leader when
/// attributed and `null` when insufficient.
///
/// ```
/// use attrib::{Case, Evidence, Verdict};
///
/// let verdict = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?.score()?.verdict();
/// let v = serde_json::to_value(&verdict).unwrap();
/// assert_eq!(v, serde_json::json!({
///     "status": "insufficient", "hypothesis": null, "threshold": 0.95,
///     "probability": verdict.probability().get(), "leader": "a",
/// }));
/// let back: Verdict = serde_json::from_value(v).unwrap();
/// assert_eq!(back, verdict);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RawVerdict")]
pub struct Verdict {
    pub(crate) status: Status,
    pub(crate) leader: HypothesisId,
    pub(crate) probability: Probability,
    pub(crate) threshold: Probability,
}

impl Verdict {
    /// Attributed or insufficient.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.score()?.verdict().status(), attrib::Status::Insufficient);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn status(&self) -> Status {
        self.status
    }

    /// The hypothesis the case is attributed to, or `None` when insufficient.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.score()?.verdict().hypothesis(), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypothesis(&self) -> Option<&HypothesisId> {
        match self.status {
            Status::Attributed => Some(&self.leader),
            Status::Insufficient => None,
        }
    }

    /// The leader, attributed or not.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.score()?.verdict().leader().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader(&self) -> &HypothesisId {
        &self.leader
    }

    /// The leader's posterior.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.score()?.verdict().probability().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// The threshold that was applied.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").threshold(0.9).build()?;
    /// assert_eq!(case.score()?.verdict().threshold().get(), 0.9);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Probability {
        self.threshold
    }
}

/// A verdict as written in JSON: see [`Verdict`]'s `# JSON`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Verdict")]
struct RawVerdict {
    status: Status,
    hypothesis: Option<HypothesisId>,
    threshold: Probability,
    probability: Probability,
    leader: HypothesisId,
}

impl TryFrom<RawVerdict> for Verdict {
    type Error = Error;

    fn try_from(raw: RawVerdict) -> Result<Verdict, Error> {
        let consistent = match raw.status {
            Status::Attributed => raw.hypothesis.as_ref() == Some(&raw.leader),
            Status::Insufficient => raw.hypothesis.is_none(),
        };
        if !consistent {
            return Err(Error::from(Detail::Inconsistent {
                item: Item::Value,
                field: "verdict hypothesis".into(),
                value: raw
                    .hypothesis
                    .as_ref()
                    .map_or("null".to_string(), |h| h.to_string()),
                expected: "the leader when attributed, null when insufficient",
            }));
        }
        Ok(Verdict {
            status: raw.status,
            leader: raw.leader,
            probability: raw.probability,
            threshold: raw.threshold,
        })
    }
}

impl Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawVerdict {
            status: self.status,
            hypothesis: self.hypothesis().cloned(),
            threshold: self.threshold,
            probability: self.probability,
            leader: self.leader.clone(),
        }
        .serialize(s)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Status::Attributed => write!(
                f,
                "attributed to '{}' (posterior {:.4} >= threshold {})",
                self.leader,
                self.probability.get(),
                self.threshold
            ),
            Status::Insufficient if self.probability >= self.threshold => write!(
                f,
                "insufficient: '{}' shares the lead at posterior {:.4} (threshold {})",
                self.leader,
                self.probability.get(),
                self.threshold
            ),
            Status::Insufficient => write!(
                f,
                "insufficient: the leader '{}' has posterior {:.4}, below threshold {}",
                self.leader,
                self.probability.get(),
                self.threshold
            ),
        }
    }
}
