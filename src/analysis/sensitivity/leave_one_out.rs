//! Leave-one-out ([`LeaveOneOut`]): for every item of a case, the
//! posterior, leader and verdict of the case without it, from one
//! rescorer of the case's scoring (which the break-even searches may
//! share), and whether leaving it out changes the leader or the verdict.

use crate::analysis::rescore::Rescorer;
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, HypothesisId};
use crate::domain::probability::Probability;
use crate::error::Error;
use crate::scoring::engine::{self, Normalised};
use crate::scoring::posterior::Posterior;
use crate::scoring::verdict::Verdict;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// The case without one item (see [`LeaveOneOut::of`]): its
/// posterior, leader and verdict, without the ledger and explanations of a
/// full [`Posterior`] (for those, score
/// [`Case::without_evidence`] yourself).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.99).likelihood("b", 0.01))
///     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4))
///     .build()?;
/// let loo = attrib::LeaveOneOut::of(&case)?;
/// assert!(loo[0].is_linchpin()); // without e1 the case is no longer attributed
/// assert!(!loo[1].is_linchpin());
/// assert_eq!(loo[0].evidence().as_str(), "e1");
/// assert!((loo[0].probability("a").unwrap().get() - 0.6).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"evidence": id, "posterior": {hypothesis: p}, "leader": id,
/// "verdict": status, "linchpin": bool}`: the posterior and leader without
/// the item, the verdict's [`Status`](crate::Status) (`"attributed"` or
/// `"insufficient"`), and whether leaving it out changes the leader or the
/// verdict. A list of them is the `leave_one_out` of `attrib sensitivity
/// --format json`.
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e1").likelihood("a", 0.99).likelihood("b", 0.01))
/// #     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
/// let v = serde_json::to_value(attrib::LeaveOneOut::of(&case)?).unwrap();
/// assert_eq!(v[0]["evidence"], "e1");
/// assert_eq!(v[0]["verdict"], "insufficient");
/// assert_eq!(v[0]["linchpin"], true);
/// assert!((v[0]["posterior"]["a"].as_f64().unwrap() - 0.6).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LeaveOneOut {
    evidence: EvidenceId,
    hypotheses: Arc<[HypothesisId]>,
    ln_joint: Vec<f64>,
    normalised: Normalised,
    verdict: Verdict,
    leader_changed: bool,
    verdict_changed: bool,
}

impl Serialize for LeaveOneOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.probabilities();
        let mut st = s.serialize_struct("LeaveOneOut", 5)?;
        st.serialize_field("evidence", &self.evidence)?;
        st.serialize_field(
            "posterior",
            &crate::scoring::posterior::ById(self.hypotheses.iter().zip(&p)),
        )?;
        st.serialize_field("leader", self.leader())?;
        st.serialize_field("verdict", &self.verdict.status())?;
        st.serialize_field("linchpin", &self.is_linchpin())?;
        st.end()
    }
}

impl LeaveOneOut {
    /// Leave-one-out: for every item of `case`, the posterior, leader and verdict of
    /// the case without it (its group ranked anew). Items whose removal
    /// changes the leader or the verdict are linchpins.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the full case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, LeaveOneOut};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4))
    ///     .build()?;
    /// let loo = LeaveOneOut::of(&case)?;
    /// // without e1 only e2 is left: 0.6 / (0.6 + 0.4)
    /// assert!((loo[0].probability("a").unwrap().get() - 0.6).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(case: &Case) -> Result<Vec<LeaveOneOut>, Error> {
        case.leave_one_out()
    }

    /// The item left out.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
    /// assert_eq!(attrib::LeaveOneOut::of(&case)?[0].evidence().as_str(), "e");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(&self) -> &EvidenceId {
        &self.evidence
    }

    /// The posterior of a hypothesis without the item, or `None` for an
    /// unknown id.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
    /// // without its only item, the case is back at the prior
    /// assert_eq!(attrib::LeaveOneOut::of(&case)?[0].probability("a").unwrap().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probability(&self, hypothesis: impl AsRef<str>) -> Option<Probability> {
        let h = self
            .hypotheses
            .iter()
            .position(|x| x.as_str() == hypothesis.as_ref())?;
        Some(to_probability(engine::probability(
            &self.ln_joint,
            &self.normalised,
            h,
        )))
    }

    /// The posterior of every hypothesis without the item, in the case's
    /// order of hypotheses.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
    /// let p: Vec<f64> = attrib::LeaveOneOut::of(&case)?[0].probabilities().iter().map(|p| p.get()).collect();
    /// assert_eq!(p, [0.5, 0.5]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probabilities(&self) -> Vec<Probability> {
        (0..self.hypotheses.len())
            .map(|h| to_probability(engine::probability(&self.ln_joint, &self.normalised, h)))
            .collect()
    }

    /// The leader without the item (the first in the case's order on a tie).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.4).likelihood("b", 0.6)).build()?;
    /// assert_eq!(attrib::LeaveOneOut::of(&case)?[0].leader().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader(&self) -> &HypothesisId {
        &self.hypotheses[self.normalised.leader]
    }

    /// The verdict without the item.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01)).build()?;
    /// assert_eq!(attrib::LeaveOneOut::of(&case)?[0].verdict().status(), attrib::Status::Insufficient);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// Whether the leader differs from the full case's.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.4).likelihood("b", 0.6)).build()?;
    /// assert!(attrib::LeaveOneOut::of(&case)?[0].leader_changed()); // b led; alone, the prior puts a first
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader_changed(&self) -> bool {
        self.leader_changed
    }

    /// Whether the verdict differs from the full case's.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01)).build()?;
    /// assert!(attrib::LeaveOneOut::of(&case)?[0].verdict_changed());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict_changed(&self) -> bool {
        self.verdict_changed
    }

    /// Whether leaving the item out changes the leader or the verdict.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
    /// // alone, e makes a the leader; without it the two tie and a leads by order
    /// assert!(!attrib::LeaveOneOut::of(&case)?[0].is_linchpin());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_linchpin(&self) -> bool {
        self.leader_changed || self.verdict_changed
    }
}

fn to_probability(x: f64) -> Probability {
    Probability::new(x.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO)
}

/// A verdict as a comparable value: attributed to whom, or insufficient.
fn outcome(v: &Verdict) -> Option<HypothesisId> {
    v.hypothesis().cloned()
}

impl Case {
    /// [`LeaveOneOut::of`].
    pub(crate) fn leave_one_out(&self) -> Result<Vec<LeaveOneOut>, Error> {
        let full = self.score()?;
        self.leave_one_out_with(&full, &mut Rescorer::of_point(self, &full))
    }

    /// [`Case::leave_one_out`] from the case's scoring `full` and a
    /// rescorer of it, which the break-even searches may share.
    pub(crate) fn leave_one_out_with(
        &self,
        full: &Posterior,
        rescorer: &mut Rescorer,
    ) -> Result<Vec<LeaveOneOut>, Error> {
        let verdict = outcome(&full.verdict());
        let hypotheses: Arc<[HypothesisId]> =
            self.hypotheses.iter().map(|h| h.id.clone()).collect();
        let n = hypotheses.len();
        let joints = rescorer.leave_one_out();
        let threshold = self.threshold();
        let mut out = Vec::with_capacity(self.evidence.len());
        for (e, ln_joint) in self.evidence.iter().zip(joints.chunks_exact(n.max(1))) {
            let Some(normalised) = engine::normalise(ln_joint) else {
                // Only a group whose weights underflow can make this happen:
                // the error scoring the case without the item would give.
                return self
                    .without_evidence(e.id.as_str())?
                    .score()
                    .map(|_| Vec::new());
            };
            let leader = hypotheses[normalised.leader].clone();
            let verdict_now = Verdict {
                status: engine::status(ln_joint, &normalised, threshold.get()),
                probability: to_probability(engine::probability(
                    ln_joint,
                    &normalised,
                    normalised.leader,
                )),
                leader,
                threshold,
            };
            out.push(LeaveOneOut {
                evidence: e.id.clone(),
                hypotheses: Arc::clone(&hypotheses),
                leader_changed: verdict_now.leader != full.leader().id,
                verdict_changed: outcome(&verdict_now) != verdict,
                verdict: verdict_now,
                ln_joint: ln_joint.to_vec(),
                normalised,
            });
        }
        Ok(out)
    }
}
