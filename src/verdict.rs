//! The verdict: attributed, or not enough to say (docs/model.md section 5).

use crate::id::HypothesisId;
use crate::probability::Probability;
use std::fmt;

/// Whether a case is attributed.
///
/// # Example
///
/// ```
/// assert_eq!(attrib::Status::Insufficient.to_string(), "insufficient");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, PartialEq)]
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
