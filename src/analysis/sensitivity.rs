//! Sensitivity: what carries a verdict and what would change it.
//! Leave-one-out, break-even discounts, value of information and conflict.

use crate::analysis::rescore::{Parts, Rescorer};
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, GroupId, HypothesisId, SourceId};
use crate::domain::probability::{Probability, Reliability};
use crate::domain::weighting::{ReliabilityFactors, ln};
use crate::error::{Detail, Error, Item};
use crate::format::evidence_builder::EvidenceBuilder;
use crate::numeric::sum::{ExactSum, FastSum};
use crate::numeric::totals::LogTotal;
use crate::scoring::engine::{self, Normalised};
use crate::scoring::posterior::Posterior;
use crate::scoring::verdict::Verdict;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashMap};
use std::f64::consts::LN_2;
use std::sync::Arc;

/// Grid steps of the break-even search over `0..1`.
const BREAK_EVEN_STEPS: usize = 1_000;
/// How many of the most informative items
/// [`Posterior::pairwise_conflict`] pairs up.
pub const CONFLICT_ITEMS: usize = 64;
/// Width to which the break-even discount is narrowed.
const BREAK_EVEN_TOLERANCE: f64 = 1e-6;

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

/// What is known of how the joint log-probabilities of a break-even
/// search move with the discount `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One item outside any group, under the mixture, with a threshold
    /// strictly between 1/2 and 1: the verdict differs from the verdict at
    /// `d = 1` on an interval `0..d*` and nowhere else, so bisection finds
    /// `d*` (see [`break_even`]).
    Single,
    /// Every joint is nonincreasing in `d` ([`Rescorer::monotone_in`]): the
    /// grid's intervals can be bounded by their ends.
    Monotone,
    /// Nothing known: every grid step is scored.
    Unknown,
}

/// The largest `d` in `0..1` at which the verdict's outcome differs from
/// the outcome at `d = 1`, to within [`BREAK_EVEN_TOLERANCE`], from the
/// joint log-probabilities `joint(d, out, parts)` (which fills `parts`
/// when asked: [`Rescorer::joint_parts`]); `None` when no `d` changes it.
/// Returns, too, how many discounts it scored before the bisection that
/// narrows a change found (about 10 more): the effort that depends on how
/// much its bounds prove.
///
/// [`Shape::Single`]: bisection of `0..1`. Proof that the outcome differs
/// on an interval `[0, d*)` only: with one item outside any group under the
/// mixture, `l''(h) = A + r B(h)` with `A` the same for every hypothesis
/// (see [`Rescorer::monotone_in`]) and `r` nondecreasing in `d`, so
/// `post(h) = K(h) (A + r B(h)) / sum_k K(k) (A + r B(k))`, a ratio of two
/// affine functions of `r` (`K` the rest of the case), is monotone in `r`
/// for every `h`. With a threshold `t > 1/2`, the case is attributed to
/// `h` exactly where `post(h) >= t` (a posterior above 1/2 leads alone),
/// an interval of `d` that reaches 0 or 1; two of them cannot meet. If the
/// case is attributed to `L` at `d = 1`, its interval is `[d*, 1]` and the
/// outcome differs on `[0, d*)`; if it is not, any other interval must
/// reach 0 and not 1, and only one can: the outcome differs on some
/// `[0, d*)`. Either way it differs at 0 or nowhere, and bisection keeps a
/// point where it differs and one where it does not. (At `t = 1` the
/// verdict also needs every rival eliminated, which this does not cover.)
///
/// Otherwise: a scan of a grid of [`BREAK_EVEN_STEPS`] steps down from 1,
/// then bisection of the first step where it differs. With
/// [`Shape::Monotone`], the scan skips an interval of steps whose ends
/// (and the steps scored around it) prove that every discount between
/// them gives the outcome at 1 ([`Scan::proves_same`]), so it finds the
/// same first step as scoring every one.
fn break_even(
    shape: Shape,
    threshold: f64,
    slack: f64,
    mut joint: impl FnMut(f64, &mut [f64], Option<&mut Parts>),
    n: usize,
) -> (Option<Reliability>, usize) {
    let mut buf = vec![0.0; n];
    let mut outcome = |joint: &mut JointFn<'_>, d: f64| {
        joint(d, &mut buf, None);
        outcome_of(&buf, threshold)
    };
    let (reference, first, scanned) = match shape {
        Shape::Single => {
            let reference = outcome(&mut joint, 1.0);
            if outcome(&mut joint, 0.0) == reference {
                return (None, 2);
            }
            let found = bisect(1.0, 0.0, |d| outcome(&mut joint, d) == reference);
            return (found, 2);
        }
        Shape::Monotone => {
            let mut scan = Scan {
                joint: &mut joint,
                reference: None,
                threshold,
                slack,
                n,
                seen: BTreeMap::new(),
            };
            scan.score(0);
            scan.reference = scan
                .seen
                .get(&0)
                .and_then(|p| outcome_of(&p.joint, threshold));
            scan.score(BREAK_EVEN_STEPS);
            let first = scan.first_change(0, BREAK_EVEN_STEPS);
            (scan.reference, first, scan.seen.len())
        }
        Shape::Unknown => {
            let reference = outcome(&mut joint, 1.0);
            let first = (1..=BREAK_EVEN_STEPS).find(|&i| outcome(&mut joint, grid(i)) != reference);
            (reference, first, 1 + first.unwrap_or(BREAK_EVEN_STEPS))
        }
    };
    let Some(i) = first else {
        return (None, scanned);
    };
    let found = bisect(grid(i - 1), grid(i), |d| {
        outcome(&mut joint, d) == reference
    });
    (found, scanned)
}

/// The discount at grid step `i` of a break-even scan: `1 - i / 1000`.
fn grid(i: usize) -> f64 {
    1.0 - i as f64 / BREAK_EVEN_STEPS as f64
}

/// The joints of a break-even search at a discount: see [`break_even`].
type JointFn<'a> = dyn FnMut(f64, &mut [f64], Option<&mut Parts>) + 'a;

/// Bisection between a discount `same` where `is_same` holds and one
/// `differs` below it where it does not, down to [`BREAK_EVEN_TOLERANCE`]:
/// the last point where it does not.
fn bisect(
    mut same: f64,
    mut differs: f64,
    mut is_same: impl FnMut(f64) -> bool,
) -> Option<Reliability> {
    while same - differs > BREAK_EVEN_TOLERANCE {
        let mid = differs + (same - differs) / 2.0;
        if is_same(mid) {
            same = mid;
        } else {
            differs = mid;
        }
    }
    Reliability::new(differs).ok()
}

/// One grid step of a [`Shape::Monotone`] scan, scored: the joints and
/// their [`Parts`].
#[derive(Debug, Clone, Default)]
struct Point {
    joint: Vec<f64>,
    parts: Parts,
}

/// The grid scan of a [`Shape::Monotone`] search.
struct Scan<'j, J> {
    joint: &'j mut J,
    reference: Option<usize>,
    threshold: f64,
    slack: f64,
    n: usize,
    /// Every grid step scored so far.
    seen: BTreeMap<usize, Point>,
}

impl<J: FnMut(f64, &mut [f64], Option<&mut Parts>)> Scan<'_, J> {
    /// Scores grid step `i`, once.
    fn score(&mut self, i: usize) {
        if self.seen.contains_key(&i) {
            return;
        }
        let mut p = Point {
            joint: vec![0.0; self.n],
            parts: Parts::default(),
        };
        (self.joint)(grid(i), &mut p.joint, Some(&mut p.parts));
        self.seen.insert(i, p);
    }

    /// Whether the outcome at grid step `i`, scored, differs from the
    /// reference.
    fn differs(&self, i: usize) -> bool {
        self.seen
            .get(&i)
            .is_none_or(|p| outcome_of(&p.joint, self.threshold) != self.reference)
    }

    /// The first grid step in `a + 1..=b` whose outcome differs from the
    /// reference, given steps `a` (whose outcome is the reference) and `b`
    /// scored.
    fn first_change(&mut self, a: usize, b: usize) -> Option<usize> {
        let b_differs = self.differs(b);
        if b == a + 1 {
            return b_differs.then_some(b);
        }
        if !b_differs && self.proves_same(a, b) {
            return None;
        }
        let m = a + (b - a) / 2;
        self.score(m);
        // When m differs, the first change is at m or before it.
        let m_differs = self.differs(m);
        self.first_change(a, m).or_else(|| {
            if m_differs {
                None
            } else {
                self.first_change(m, b)
            }
        })
    }

    /// Whether every discount between grid steps `a < b` (discounts
    /// `d_a > d_b`, both scored) gives the outcome `reference`, from lower
    /// bounds on the differences of the joints there ([`Scan::gap`]).
    /// Attributed to `L`: proven when `L` is ahead of every rival and the
    /// lowest posterior these bounds allow it, `1 / (1 + sum_k e^-gap(L,
    /// k))`, reaches the threshold. Not attributed: proven when no
    /// hypothesis `h`'s highest posterior, `1 / (1 + sum_k e^gap(k, h))`,
    /// reaches it. A margin of 1e-12 covers the rounding of the
    /// posteriors; a threshold of 1 or more is never proven.
    fn proves_same(&self, a: usize, b: usize) -> bool {
        let (Some(high), Some(low)) = (self.seen.get(&a), self.seen.get(&b)) else {
            return false;
        };
        if self.threshold >= 1.0 {
            return false;
        }
        let n = self.n;
        match self.reference {
            Some(l) => {
                if !(high.joint[l] - self.slack).is_finite() {
                    return false;
                }
                let mut rest = 0.0;
                for k in (0..n).filter(|&k| k != l) {
                    let g = self.gap(l, k, a, b);
                    if g.is_nan() || g <= 0.0 {
                        return false;
                    }
                    rest += (-g).exp();
                }
                1.0 / (1.0 + rest) >= self.threshold + 1e-12
            }
            None => (0..n).all(|h| {
                let most = if low.joint[h] == f64::NEG_INFINITY {
                    0.0
                } else {
                    let rest: f64 = (0..n)
                        .filter(|&k| k != h)
                        .map(|k| self.gap(k, h, a, b).exp())
                        .sum();
                    1.0 / (1.0 + rest)
                };
                most < self.threshold - 1e-12
            }),
        }
    }

    /// A lower bound on `J(x) - J(y)`, the difference of two joints, at
    /// every discount between grid steps `a < b` (`d_a > d_b`): the larger
    /// of two bounds.
    ///
    /// 1. Every joint is nonincreasing in `d` ([`Rescorer::monotone_in`]),
    ///    so `J(x)(d) >= J(x)(d_a)` and `J(y)(d) <= J(y)(d_b)`. This bound
    ///    is as loose as both joints swing over the interval, and they
    ///    swing with the number of items discounted, while their
    ///    difference, which alone decides the outcome, may swing much
    ///    less: with it alone the scan scores more steps the longer the
    ///    case.
    /// 2. Split each joint as `J(h) = Q(h) + T(h) - M`, where `T(h) = sum
    ///    ln l''_i(h)` and `M = sum_i max_k ln l''_i(k)` run over the
    ///    discounted items outside any dependence group ([`Parts`]), and
    ///    `Q(h)` holds the rest: the prior, the other items' terms, and
    ///    every dependence group's terms (the discounted members' too).
    ///    Such an item's term is `ln l''_i(h) - max_k ln l''_i(k)` (weight
    ///    1), so the split is exact, and `M`, the same for every
    ///    hypothesis, cancels: `J(x) - J(y) = Q(x) - Q(y) + T(x) - T(y)`.
    ///    - `Q(h)` is nonincreasing in `d`: the prior and the other items
    ///      do not move, and a group's penalty against `h` is
    ///      nondecreasing in each member's reliability (the proof at
    ///      [`Rescorer::monotone_in`]). So `Q(x)(d) >= Q(x)(d_a)` and
    ///      `Q(y)(d) <= Q(y)(d_b)`; only the groups' terms swing, and a
    ///      group's weights fall geometrically with rank, so its swing is
    ///      bounded whatever its size.
    ///    - `T(h)` is concave in `d`: each item's reliability is `r = c d`
    ///      with `c` the product of its other factors, at most 1 (no
    ///      clamp); under the mixture `l'' = A + r B(h)` with `A >= 0`
    ///      ([`Rescorer::monotone_in`]), affine in `d`, and the logarithm
    ///      of a positive affine function is concave; tempered without an
    ///      observation step, `ln l'' = r ln l(h)`, linear. A sum of
    ///      concave functions is concave. A concave function lies above
    ///      its chord on `[d_b, d_a]`, and below the extension of any
    ///      chord whose interval lies to one side of it: the line through
    ///      its values at `d_b` and at a scored `d_c < d_b`, and the line
    ///      through `d_a` and a scored `d_c > d_a` (the nearest on each
    ///      side).
    ///
    ///    So `J(x) - J(y) >= Q(x)(d_a) - Q(y)(d_b) + min over [d_b, d_a]
    ///    of (chord of T(x) - the lower of the lines of T(y))`: the
    ///    minimum of the larger of two affine functions, at an end or
    ///    where they cross. Its error is that of the chord and the lines,
    ///    second order in the width of the interval, against the first
    ///    order of bound 1: the scan proves wider intervals, and their
    ///    number stays about flat in the size of the case.
    ///
    /// Rounding: each computed joint is within [`Rescorer::slack`] of the
    /// exact function of `d`, each `T(h)` and `M` within
    /// [`Parts::err`]; the bound subtracts those errors, scaled by the
    /// coefficients the chord and lines give them, and 64 units of
    /// rounding of the magnitudes it combines for its own arithmetic. The
    /// chord and lines are placed at the discounts as scored (`1 - i /
    /// 1000` rounded), not at the ideal grid, so the grid's own rounding
    /// costs nothing: every step between lies between the two ends.
    /// Bound 2 is left out when a value it needs is not finite (an
    /// eliminated hypothesis) or no step is scored outside the interval.
    fn gap(&self, x: usize, y: usize, a: usize, b: usize) -> f64 {
        let (Some(high), Some(low)) = (self.seen.get(&a), self.seen.get(&b)) else {
            return f64::NEG_INFINITY;
        };
        let (jx, jy) = (high.joint[x], low.joint[y]);
        if jy == f64::NEG_INFINITY {
            return f64::INFINITY;
        }
        if jx == f64::NEG_INFINITY {
            return f64::NEG_INFINITY;
        }
        let monotone = (jx - self.slack) - (jy + self.slack);
        monotone.max(self.concave_gap(x, y, a, b).unwrap_or(f64::NEG_INFINITY))
    }

    /// Bound 2 of [`Scan::gap`], or `None` where it does not apply.
    fn concave_gap(&self, x: usize, y: usize, a: usize, b: usize) -> Option<f64> {
        let high = self.seen.get(&a)?;
        let low = self.seen.get(&b)?;
        // Position t in 0..=1 across the interval: 0 at d_b, 1 at d_a,
        // from the discounts as scored (the grid's own rounding). Each line
        // of T(y) as its values at t = 0 and t = 1, with its extension
        // factor k (the line is (1 + s) T1 - s T0, 0 <= s <= k).
        let len = grid(a) - grid(b);
        let mut lines: Vec<(f64, f64, f64, &Point)> = Vec::with_capacity(2);
        if let Some((&c, p)) = self.seen.range(b + 1..).next() {
            let k = len / (grid(b) - grid(c));
            let (t0, tc) = (*low.parts.t.get(y)?, *p.parts.t.get(y)?);
            lines.push((t0, t0 + (t0 - tc) * k, k, p));
        }
        if let Some((&c, p)) = self.seen.range(..a).next_back() {
            let k = len / (grid(c) - grid(a));
            let (t1, tc) = (*high.parts.t.get(y)?, *p.parts.t.get(y)?);
            lines.push((t1 + (t1 - tc) * k, t1, k, p));
        }
        if lines.is_empty() {
            return None;
        }
        let (cx0, cx1) = (*low.parts.t.get(x)?, *high.parts.t.get(x)?);
        let q = |p: &Point, h: usize| p.joint[h] - p.parts.t[h] + p.parts.m;
        let (qx, qy) = (q(high, x), q(low, y));
        // Every value used, finite; the largest error and magnitude.
        let mut err = high.parts.err.max(low.parts.err);
        let mut kmax: f64 = 0.0;
        let mut size = [high, low]
            .iter()
            .map(|p| p.joint[x].abs() + p.joint[y].abs() + p.parts.m.abs())
            .sum::<f64>()
            + cx0.abs()
            + cx1.abs();
        for &(l0, l1, k, p) in &lines {
            err = err.max(p.parts.err);
            kmax = kmax.max(k);
            size += l0.abs()
                + l1.abs()
                + (low.parts.t[y].abs() + high.parts.t[y].abs() + p.parts.t[y].abs()) * k;
        }
        let f: Vec<(f64, f64)> = lines
            .iter()
            .map(|&(l0, l1, _, _)| (cx0 - l0, cx1 - l1))
            .collect();
        let lowest = match f.as_slice() {
            [(f0, f1)] => f0.min(*f1),
            [(p0, p1), (q0, q1)] => {
                let ends = p0.max(*q0).min(p1.max(*q1));
                let (d0, d1) = (p0 - q0, p1 - q1);
                if (d0 < 0.0) != (d1 < 0.0) && d0 != 0.0 && d1 != 0.0 {
                    let t = d0 / (d0 - d1);
                    ends.min(p0 + t * (p1 - p0))
                } else {
                    ends
                }
            }
            _ => return None,
        };
        let all = [qx, qy, cx0, cx1, lowest, err, size];
        if all.iter().any(|v| !v.is_finite())
            || lines.iter().any(|l| !l.0.is_finite() || !l.1.is_finite())
        {
            return None;
        }
        // Q: a joint, a T and M each; T(x)'s chord and T(y)'s lines.
        let errors = 2.0 * (self.slack + 2.0 * err) + (2.0 + 2.0 * kmax) * err;
        let pad = 64.0 * f64::EPSILON * (size + qx.abs() + qy.abs());
        Some(qx - qy + lowest - errors - pad)
    }
}

/// A break-even search (docs/model.md section 6): how far a source or an
/// item must be distrusted before the verdict changes, as the largest
/// discount on its reliability below 1 at which the verdict differs from the
/// verdict at full trust (to within 1e-6), or `None` when no discount in
/// `0..1` changes it.
///
/// Build one with [`source`](BreakEven::source) or
/// [`evidence`](BreakEven::evidence), and [`run`](BreakEven::run) it on a
/// case; [`every_source`](BreakEven::every_source) runs the search of every
/// source of a case on one shared scoring.
///
/// # Example
///
/// ```
/// use attrib::{BreakEven, Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
///     .source("intel", "Intelligence", 1.0)
///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
///     .build()?;
/// let by_source = BreakEven::source("intel").run(&case)?;
/// let by_item = BreakEven::evidence("e").run(&case)?;
/// // the item is the source's only one: the same search
/// assert_eq!(by_source, by_item);
/// assert!((by_item.unwrap().get() - 0.8).abs() < 1e-6);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct BreakEven {
    target: Target,
}

/// What a [`BreakEven`] search discounts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Source(String),
    Evidence(String),
    Items(Vec<String>),
    Step(String),
}

impl BreakEven {
    /// The break-even search of the source `id`: how far it must be
    /// distrusted before the verdict changes. [`run`](BreakEven::run) gives the
    /// largest discount `d` below 1 on the reliability of all its items at
    /// which the verdict differs from the verdict at `d = 1` (to within
    /// 1e-6), or `None` when no `d` in `0..1` changes it.
    ///
    /// How it searches:
    ///
    /// - One item outside any dependence group, under the mixture, with a
    ///   threshold strictly between 1/2 and 1: the verdict is proven to
    ///   differ on an interval `0..d*` only (each posterior is a ratio of
    ///   two affine functions of the reliability), so the search bisects
    ///   `0..1`, about 20 steps, and finds `d*` to within 1e-6.
    /// - Otherwise it scans 1 000 steps down from 1 and narrows the first
    ///   change by bisection; a change confined to less than one step
    ///   (0.001) could be missed. Under the mixture (and tempered without
    ///   an observation step) every joint log-probability is proven
    ///   nonincreasing in the discount, and the part of it that the
    ///   source's items outside any group give (up to a part common to
    ///   every hypothesis) concave in it, so the scan skips a run of steps
    ///   where the steps scored at and around its ends bound every
    ///   posterior between them away from the threshold, and finds the
    ///   same first change as scoring every step. The concave part keeps
    ///   the number of steps it scores about flat in the size of the case
    ///   (on the growth table's cases, 3 to 5 steps per source at 10 000
    ///   items, 3 to 6 at 100 000 and 3 to 9 at 300 000, where the ends
    ///   alone took 3 to 40, 9 to 33 and 17 to 129).
    ///
    /// A discount already set on the source is replaced. Each step rescores
    /// only the source's items on the case's exact totals, and in their
    /// dependence groups only the members whose rank changes, so a step
    /// costs O(items of the source x hypotheses) plus the ranks they cross,
    /// not a rescoring of the case, and gives the verdict that rescoring
    /// would give, bit for bit.
    ///
    /// [`run`](BreakEven::run) fails with [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an
    /// unknown source, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// // One fully reliable report: posterior (1 + d) / 2 at discount d,
    /// // attributed (>= 0.9) down to d = 0.8.
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
    ///     .source("intel", "Intelligence", 1.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
    ///     .build()?;
    /// let d = BreakEven::source("intel").run(&case)?.unwrap().get();
    /// assert!((d - 0.8).abs() < 1e-6);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Source(id.as_ref().to_string()),
        }
    }

    /// The break-even search of the item `id`, as [`BreakEven::source`] for
    /// a source: [`run`](BreakEven::run) gives the largest discount on its
    /// reliability below 1 at which the verdict changes, or `None`.
    ///
    /// [`run`](BreakEven::run) fails with [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an
    /// unknown item, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("weak").likelihood("a", 0.6).likelihood("b", 0.4))
    ///     .build()?;
    /// // insufficient at full trust, and less trust cannot attribute it
    /// assert_eq!(BreakEven::evidence("weak").run(&case)?, None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Evidence(id.as_ref().to_string()),
        }
    }

    /// The break-even search of a set of items, discounted together: the
    /// largest discount `d` below 1, set on the reliability of every one of
    /// them at once, at which the verdict changes, or `None` (each item's
    /// own discount is replaced by `d`; its grade and source stay).
    ///
    /// [`run`](BreakEven::run) fails with
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an unknown
    /// item, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory)
    /// when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// // Two fully reliable items, each 3:1 for a. At discount d (mixture,
    /// // chance 0.5) each weighs (0.5 + 0.25 d) / (0.5 - 0.25 d) =
    /// // (2 + d) / (2 - d), so a's posterior is R / (1 + R) with
    /// // R = ((2 + d) / (2 - d))^2: 0.9 at d = 1, and 0.8 (R = 4) at
    /// // (2 + d) / (2 - d) = 2, d = 2/3.
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.75).likelihood("b", 0.25))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.75).likelihood("b", 0.25))
    ///     .build()?;
    /// let d = BreakEven::items(["e1", "e2"]).run(&case)?.unwrap().get();
    /// assert!((d - 2.0 / 3.0).abs() < 1e-6);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn items<I: IntoIterator<Item = S>, S: AsRef<str>>(ids: I) -> Self {
        BreakEven {
            target: Target::Items(ids.into_iter().map(|s| s.as_ref().to_string()).collect()),
        }
    }

    /// The break-even search of the items of a step of reasoning (see
    /// [`ChainStep`](crate::ChainStep)), discounted together as
    /// [`BreakEven::items`]: how far the step must be distrusted before the
    /// verdict changes.
    ///
    /// [`run`](BreakEven::run) fails with
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for a step the
    /// case does not declare.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
    ///     .step("who", "Who could deliver it?")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.75).likelihood("b", 0.25).step("who"))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.75).likelihood("b", 0.25).step("who"))
    ///     .build()?;
    /// assert_eq!(BreakEven::step("who").run(&case)?, BreakEven::items(["e1", "e2"]).run(&case)?);
    /// assert!(BreakEven::step("how").run(&case).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Step(id.as_ref().to_string()),
        }
    }

    /// Runs the search on `case`: the largest discount below 1 at which the
    /// verdict changes, or `None`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no such source or item;
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert!(BreakEven::source("nobody").run(&case).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn run(&self, case: &Case) -> Result<Option<Reliability>, Error> {
        match &self.target {
            Target::Source(id) => case.break_even_source(id),
            Target::Evidence(id) => case.break_even_evidence(id),
            Target::Items(ids) => case.break_even_set(ids),
            Target::Step(id) => {
                if !case.steps().iter().any(|s| s.id() == id) {
                    return Err(Error::from(Detail::NotFound {
                        item: Item::Step(id.clone()),
                    }));
                }
                let ids: Vec<String> = case
                    .evidence()
                    .iter()
                    .filter(|e| e.step() == Some(id.as_str()))
                    .map(|e| e.id().to_string())
                    .collect();
                case.break_even_set(&ids)
            }
        }
    }

    /// [`BreakEven::source`] for every source of `case`, in the case's
    /// order: the same values, in time linear in the case (one scoring
    /// shared by all the searches, each step O(items of the source x
    /// hypotheses)), where running `BreakEven::source` once per source
    /// rescores the whole case for each.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
    ///     .source("intel", "Intelligence", 1.0)
    ///     .source("press", "Press", 0.5)
    ///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
    ///     .evidence(Evidence::builder("f").likelihood("a", 0.6).likelihood("b", 0.4).source("press"))
    ///     .build()?;
    /// let all = BreakEven::every_source(&case)?;
    /// assert_eq!(all.len(), 2);
    /// assert_eq!(all[0].0.as_str(), "intel");
    /// assert_eq!(all[0].1, BreakEven::source("intel").run(&case)?);
    /// assert_eq!(all[1].1, BreakEven::source("press").run(&case)?);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn every_source(case: &Case) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        case.break_even_sources()
    }
}

/// What a candidate observation is worth (see
/// [`InformationValue::of`]).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, InformationValue};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .build()?;
/// let ranked = InformationValue::of(&case, vec![
///     Evidence::builder("sharp").likelihood("a", 0.99).likelihood("b", 0.01),
///     Evidence::builder("blunt").likelihood("a", 0.6).likelihood("b", 0.4),
/// ])?;
/// assert_eq!(ranked[0].evidence.as_str(), "sharp");
/// assert!(ranked[0].entropy_reduction > ranked[1].entropy_reduction);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"evidence": id, "probability": p, "entropy_reduction": bits,
/// "verdict_change": p}`.
///
/// ```
/// # use attrib::{Case, Evidence, InformationValue};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
/// let ranked = InformationValue::of(&case, vec![
///     Evidence::builder("sharp").likelihood("a", 0.99).likelihood("b", 0.01),
/// ])?;
/// let v = serde_json::to_value(&ranked[0]).unwrap();
/// assert_eq!(v["evidence"], "sharp");
/// assert_eq!(v["probability"], ranked[0].probability.get());
/// assert!(v["entropy_reduction"].as_f64().unwrap() > 0.0);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InformationValue {
    /// The candidate.
    pub evidence: EvidenceId,
    /// The probability, under the current posterior, that the observation
    /// is made: `sum_h post(h) l''(h)`.
    pub probability: Probability,
    /// The expected reduction in the entropy of the hypotheses, in bits:
    /// the mutual information between the observation and the hypotheses.
    #[serde(serialize_with = "crate::scoring::posterior::serialize_finite")]
    pub entropy_reduction: f64,
    /// The probability that observing it (or its absence) would change the
    /// verdict.
    pub verdict_change: Probability,
}

impl InformationValue {
    /// Value of information: for each candidate future observation, the
    /// probability it is made, the expected reduction in the entropy of the
    /// hypotheses (in bits) and the probability that it would change the
    /// verdict of `case`; ranked by entropy reduction, largest first. "What should
    /// investigators collect next?"
    ///
    /// A candidate is an item like any other (its source, reliability,
    /// `observed` and group apply): a new observation that is either made,
    /// with probability `sum_h post(h) l''(h)`, or not. The posterior after
    /// each outcome is the case's posterior with the candidate added, with
    /// effective likelihood `l''(h)` or `1 - l''(h)`; a candidate that names
    /// a dependence group joins its ranking (docs/model.md section 2, step 3),
    /// so a copy of a report the group already holds is worth less than a
    /// new, independent one.
    ///
    /// # Errors
    ///
    /// Any error a candidate would raise as an item of the case (it names
    /// the candidate and field); [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, InformationValue};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let v = InformationValue::of(&case, vec![
    ///     Evidence::builder("decisive").likelihood("a", 1.0).likelihood("b", 0.0),
    /// ])?;
    /// // a decisive test on a 50/50 question is worth exactly one bit
    /// assert!((v[0].entropy_reduction - 1.0).abs() < 1e-15);
    /// assert_eq!(v[0].verdict_change.get(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(
        case: &Case,
        candidates: Vec<EvidenceBuilder>,
    ) -> Result<Vec<InformationValue>, Error> {
        case.value_of_information(candidates)
    }
}

/// Entropy in bits of a distribution given by its logs.
fn entropy_bits(ln_p: &[f64]) -> f64 {
    let nats: f64 = ln_p
        .iter()
        .filter(|&&x| x > f64::NEG_INFINITY)
        .map(|&x| -x.exp() * x)
        .sum();
    nats / LN_2
}

/// Normalises logs in place; returns the log of the total.
fn normalise_logs(x: &mut [f64]) -> f64 {
    let total = x.iter().fold(f64::NEG_INFINITY, |a, &b| ln::add(a, b));
    if total > f64::NEG_INFINITY {
        for v in x.iter_mut() {
            *v -= total;
        }
    }
    total
}

/// The dependence group a candidate joins, as the case with the candidate
/// as its last item (at position `last`) would rank it: the members of
/// the case's group (`layout`, the case's; `by_group`, each group's place
/// in it) with the candidate put in id order. O(the group), not O(the
/// case). `None` when the candidate is in no group.
fn members_with(
    case: &Case,
    layout: &engine::Layout,
    by_group: &HashMap<&GroupId, usize>,
    new: &crate::Evidence,
) -> Option<engine::Members> {
    let g = new.fields.group.as_ref()?;
    let last = case.evidence.len();
    let mut members = match by_group.get(g).and_then(|&m| layout.groups.get(m)) {
        Some(m) => m.clone(),
        None => {
            let at = case.lookup.groups.get(g)?;
            let rho = case.groups.get(*at).map_or(0.0, |x| x.correlation.get());
            engine::Members {
                keep: 1.0 - rho,
                items: Vec::new(),
            }
        }
    };
    let at = members.items.partition_point(|&i| {
        case.evidence
            .get(i)
            .is_some_and(|e| e.id.as_str() < new.id.as_str())
    });
    members.items.insert(at, last);
    Some(members)
}

/// For a candidate that joins a dependence group (`members`, the
/// candidate among them at position `last`), the change in `ln post(h)`
/// (up to a constant) when the candidate's effective row is `row`: the
/// group's terms ranked with the candidate minus its terms in `base`, the
/// case without it.
fn group_shift(
    members: &engine::Members,
    last: usize,
    base: &Posterior,
    row: &[f64],
) -> Option<Vec<f64>> {
    let n = row.len();
    let mut ranking = engine::GroupScratch::default();
    ranking.rank(members, n, |i| {
        if i == last {
            Some(row)
        } else {
            base.effective.get(i * n..(i + 1) * n)
        }
    });
    let mut shift = Vec::with_capacity(n);
    for h in 0..n {
        // The ranked terms eliminate; a base term that did is only left
        // out (the candidate's ranking decides).
        let mut after = LogTotal::default();
        for (m, &i) in members.items.iter().enumerate() {
            after.add(ranking.terms.get(m * n + h).copied().unwrap_or(0.0));
            if i != last {
                let b = base.terms.get(i * n + h).copied().unwrap_or(0.0);
                if b.is_finite() {
                    after.add(-b);
                }
            }
        }
        shift.push(after.value());
    }
    Some(shift)
}

use crate::analysis::rescore::outcome_of;

/// Which discount a break-even search moves.
#[derive(Debug, Clone, Copy)]
enum Discounted {
    /// The items' source's discount (`BreakEven::source`).
    Source,
    /// The items' own discounts (`BreakEven::evidence`, `BreakEven::items`).
    Items,
}

/// What is known of a break-even search that discounts `items`.
fn shape_of(rescorer: &Rescorer, items: &[usize]) -> Shape {
    let t = rescorer.threshold;
    let weighting = rescorer.weighting;
    match items {
        [i] if weighting == crate::domain::weighting::Weighting::Mixture
            && !rescorer.is_grouped(*i)
            && t > 0.5
            && t < 1.0 =>
        {
            Shape::Single
        }
        _ if rescorer.monotone_in(items) => Shape::Monotone,
        _ => Shape::Unknown,
    }
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

    /// [`BreakEven::source`], run.
    pub(crate) fn break_even_source(
        &self,
        source: impl AsRef<str>,
    ) -> Result<Option<Reliability>, Error> {
        let id = source.as_ref();
        self.discount_source(id, 1.0)?;
        let point = self.score()?;
        let at = self.sources.iter().position(|s| s.id.as_str() == id);
        let items: Vec<usize> = (0..self.evidence.len())
            .filter(|&i| at.is_some() && self.source_index(i) == at)
            .collect();
        Ok(self.discount_search(
            &mut Rescorer::of_point(self, &point),
            &items,
            Discounted::Source,
        ))
    }

    /// [`BreakEven::every_source`].
    pub(crate) fn break_even_sources(&self) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        self.break_even_sources_counted(|| {})
    }

    /// [`BreakEven::every_source`], calling `each`
    /// after each source's search (for progress).
    pub(crate) fn break_even_sources_counted(
        &self,
        each: impl FnMut(),
    ) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        let point = self.score()?;
        self.break_even_sources_with(&mut Rescorer::of_point(self, &point), each)
    }

    /// [`Case::break_even_sources_counted`] on a rescorer of the case,
    /// scored already (so known not to be contradictory).
    pub(crate) fn break_even_sources_with(
        &self,
        rescorer: &mut Rescorer,
        mut each: impl FnMut(),
    ) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        let items_of = self.items_by_source(|_| true);
        let mut out = Vec::with_capacity(self.sources.len());
        for (s, items) in self.sources.iter().zip(items_of.iter()) {
            out.push((
                s.id.clone(),
                self.discount_search(rescorer, items, Discounted::Source),
            ));
            each();
        }
        Ok(out)
    }

    /// The break-even search that sets one discount of every item of
    /// `items` to `d`: their source's ([`Discounted::Source`], a source's
    /// search) or their own ([`Discounted::Items`], an item's or a set's).
    fn discount_search(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> Option<Reliability> {
        self.discount_search_counted(rescorer, items, discounted).0
    }

    /// [`Case::discount_search`], and how many discounts it scored before
    /// its bisection (see [`break_even`]).
    fn discount_search_counted(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> (Option<Reliability>, usize) {
        let shape = shape_of(rescorer, items);
        self.discount_search_shaped(rescorer, items, discounted, shape)
    }

    /// [`Case::discount_search_counted`] searching as `shape` says (which
    /// must hold of the items, or be [`Shape::Unknown`]).
    fn discount_search_shaped(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
        shape: Shape,
    ) -> (Option<Reliability>, usize) {
        let (threshold, slack, n) = (rescorer.threshold, rescorer.slack(), rescorer.n);
        let joint = self.discounted_joint(rescorer, items, discounted);
        break_even(shape, threshold, slack, joint, n)
    }

    /// The joints `joint(d, out, parts)` of a break-even search: the
    /// items `items` with one discount set to `d` (and their [`Parts`]
    /// when asked).
    fn discounted_joint<'r>(
        &self,
        rescorer: &'r mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> impl FnMut(f64, &mut [f64], Option<&mut Parts>) + 'r {
        let parts: Vec<(usize, ReliabilityFactors)> = items
            .iter()
            .map(|&i| {
                let f = self.reliability_factors(i);
                (i, f.unwrap_or(ReliabilityFactors::ONE))
            })
            .collect();
        let mut changes = Vec::with_capacity(items.len());
        move |d, out, split| {
            changes.clear();
            changes.extend(parts.iter().map(|&(i, f)| {
                let f = match discounted {
                    Discounted::Source => ReliabilityFactors {
                        source_discount: d,
                        ..f
                    },
                    Discounted::Items => ReliabilityFactors {
                        item_discount: d,
                        ..f
                    },
                };
                (i, f.reliability())
            }));
            match split {
                Some(split) => rescorer.joint_parts(&changes, out, split),
                None => rescorer.joint_with(&changes, out),
            }
        }
    }

    /// [`BreakEven::items`], run: the items' discounts all set to `d`.
    pub(crate) fn break_even_set(&self, ids: &[String]) -> Result<Option<Reliability>, Error> {
        let items = ids
            .iter()
            .map(|id| self.evidence_position(id))
            .collect::<Result<Vec<usize>, Error>>()?;
        let point = self.score()?;
        if items.is_empty() {
            return Ok(None);
        }
        let mut rescorer = Rescorer::of_point(self, &point);
        Ok(self.discount_search(&mut rescorer, &items, Discounted::Items))
    }

    /// [`BreakEven::evidence`], run.
    pub(crate) fn break_even_evidence(
        &self,
        evidence: impl AsRef<str>,
    ) -> Result<Option<Reliability>, Error> {
        Ok(self
            .break_even_items(&[evidence.as_ref()], || {})?
            .pop()
            .flatten())
    }

    /// [`BreakEven::evidence`] for each of the items `ids`, on one shared
    /// scoring (as [`BreakEven::every_source`] does for sources), calling
    /// `each` after each search (for progress).
    pub(crate) fn break_even_items(
        &self,
        ids: &[&str],
        each: impl FnMut(),
    ) -> Result<Vec<Option<Reliability>>, Error> {
        self.evidence_positions(ids)?;
        let point = self.score()?;
        self.break_even_items_with(&mut Rescorer::of_point(self, &point), ids, each)
    }

    /// [`Case::break_even_items`] on a rescorer of the case, scored
    /// already (so known not to be contradictory).
    pub(crate) fn break_even_items_with(
        &self,
        rescorer: &mut Rescorer,
        ids: &[&str],
        mut each: impl FnMut(),
    ) -> Result<Vec<Option<Reliability>>, Error> {
        let positions = self.evidence_positions(ids)?;
        Ok(positions
            .into_iter()
            .map(|i| {
                let found = self.discount_search(rescorer, &[i], Discounted::Items);
                each();
                found
            })
            .collect())
    }

    /// The positions of the items `ids`, or the error of the first
    /// unknown one.
    fn evidence_positions(&self, ids: &[&str]) -> Result<Vec<usize>, Error> {
        ids.iter().map(|&id| self.evidence_position(id)).collect()
    }

    /// [`InformationValue::of`].
    pub(crate) fn value_of_information(
        &self,
        candidates: Vec<EvidenceBuilder>,
    ) -> Result<Vec<InformationValue>, Error> {
        let base = self.score()?;
        let ln_post = base.ln_probabilities().to_vec();
        let threshold = self.threshold().get();
        let now = outcome_of(&ln_post, threshold);
        let h0 = entropy_bits(&ln_post);
        // The case's groups, once: a candidate in a group re-ranks only
        // that group's members.
        let layout = self.layout();
        let by_group: HashMap<&GroupId, usize> = layout
            .groups
            .iter()
            .enumerate()
            .filter_map(|(m, g)| {
                let first = self.evidence.get(*g.items.first()?)?;
                Some((first.fields.group.as_ref()?, m))
            })
            .collect();
        let last = self.evidence.len();
        let mut out = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let (new, row, _) = self.with_item(&candidate.0)?;
            let members = members_with(self, &layout, &by_group, &new);
            let id = Some(new.id);
            let complement: Vec<f64> = row.iter().map(|&l| ln::one_minus_exp(l.min(0.0))).collect();
            let shift = |row: &[f64]| {
                members
                    .as_ref()
                    .and_then(|m| group_shift(m, last, &base, row))
            };
            let (mut seen, mut unseen) = match shift(&row) {
                // An independent candidate multiplies post(h) by l''(h) when
                // it is made and by 1 - l''(h) when it is not.
                None => (
                    ln_post.iter().zip(&row).map(|(p, l)| p + l).collect(),
                    ln_post
                        .iter()
                        .zip(&complement)
                        .map(|(p, l)| p + l)
                        .collect(),
                ),
                // A candidate in a group shifts the group's ranked terms.
                Some(shift_seen) => {
                    let shift_unseen = shift(&complement).unwrap_or_default();
                    let apply = |shift: &[f64]| -> Vec<f64> {
                        ln_post.iter().zip(shift).map(|(p, s)| p + s).collect()
                    };
                    (apply(&shift_seen), apply(&shift_unseen))
                }
            };
            let p_made: f64 = ln_post
                .iter()
                .zip(&row)
                .map(|(p, l)| (p + l).exp())
                .sum::<f64>()
                .clamp(0.0, 1.0);
            normalise_logs(&mut seen);
            normalise_logs(&mut unseen);
            let (p_seen, p_unseen) = (p_made, 1.0 - p_made);
            let mut expected = 0.0;
            let mut change = 0.0;
            for (p, post) in [(p_seen, &seen), (p_unseen, &unseen)] {
                if p > 0.0 {
                    expected += p * entropy_bits(post);
                    if outcome_of(post, threshold) != now {
                        change += p;
                    }
                }
            }
            let Some(evidence) = id else { continue };
            out.push(InformationValue {
                evidence,
                probability: Probability::new(p_seen.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO),
                entropy_reduction: (h0 - expected).max(0.0),
                verdict_change: Probability::new(change.clamp(0.0, 1.0))
                    .unwrap_or(Probability::ZERO),
            });
        }
        out.sort_by(|a, b| b.entropy_reduction.total_cmp(&a.entropy_reduction));
        Ok(out)
    }
}

impl Posterior {
    /// The prior, normalised, in logs.
    fn ln_prior_normalised(&self) -> Vec<f64> {
        let mut p = self.ln_prior.clone();
        normalise_logs(&mut p);
        p
    }

    /// `ln P(items)` under the prior, up to the per-item constants that
    /// cancel in the conflict measure.
    fn ln_marginal(&self, prior: &[f64], items: &[usize]) -> f64 {
        let n = self.hypotheses.len();
        let mut total = f64::NEG_INFINITY;
        let mut s = LogTotal::default();
        for (h, &p) in prior.iter().enumerate() {
            s.clear();
            for &e in items {
                s.add(
                    self.terms
                        .get(e * n + h)
                        .copied()
                        .unwrap_or(f64::NEG_INFINITY),
                );
                if s.is_eliminated() {
                    break;
                }
            }
            total = ln::add(total, s.joint(p));
        }
        total
    }

    /// The conflict measure of the evidence (Jensen, Chamberlain, Nordahl
    /// and Jensen, "Analysis in HUGIN of data conflict", UAI 1990):
    /// `ln(prod_e P(e) / P(all e))` under the prior, each item counted with
    /// its terms as scored (its rank weights included). Positive values flag
    /// evidence that does not fit together under any single hypothesis, a
    /// sign of error or deception; negative values, evidence that hangs
    /// together.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("for-a").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("for-b").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// // P(e) = 0.5 each; P(both) = 0.5 * 0.09 + 0.5 * 0.09 = 0.09: ln(0.25 / 0.09)
    /// assert!((post.conflict() - (0.25f64 / 0.09).ln()).abs() < 1e-14);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn conflict(&self) -> f64 {
        let prior = self.ln_prior_normalised();
        let mut s = ExactSum::default();
        for e in 0..self.evidence.len() {
            s.add(self.ln_marginal(&prior, &[e]));
        }
        s.value() - self.ln_marginal_of_all(&prior)
    }

    /// [`Posterior::ln_marginal`] of every item, in one pass over the
    /// items' rows (where one pass per hypothesis strides through all of
    /// them `H` times), each hypothesis's total a fast sum certified
    /// correctly rounded ([`FastSum::value`]), the exact sum of
    /// [`Posterior::ln_marginal`] where it cannot certify it: the same
    /// value, bit for bit.
    fn ln_marginal_of_all(&self, prior: &[f64]) -> f64 {
        let n = self.hypotheses.len();
        let mut fast = vec![FastSum::default(); n];
        let mut eliminated = vec![false; n];
        for row in self.terms.chunks_exact(n.max(1)).take(self.evidence.len()) {
            for ((f, out), &t) in fast.iter_mut().zip(eliminated.iter_mut()).zip(row) {
                if t == f64::NEG_INFINITY {
                    *out = true;
                } else if t != 0.0 {
                    f.add(t);
                }
            }
        }
        let mut total = f64::NEG_INFINITY;
        let mut all: Vec<usize> = Vec::new();
        for (h, &p) in prior.iter().enumerate() {
            let joint = if eliminated.get(h).copied().unwrap_or(false) || p == f64::NEG_INFINITY {
                f64::NEG_INFINITY
            } else {
                let mut f = fast.get(h).copied().unwrap_or_default();
                f.add(p);
                match f.value() {
                    Some(v) => v,
                    None => {
                        if all.is_empty() {
                            all.extend(0..self.evidence.len());
                        }
                        let mut s = LogTotal::default();
                        for &e in &all {
                            s.add(
                                self.terms
                                    .get(e * n + h)
                                    .copied()
                                    .unwrap_or(f64::NEG_INFINITY),
                            );
                        }
                        s.joint(p)
                    }
                }
            };
            total = ln::add(total, joint);
        }
        total
    }

    /// The conflict measure of pairs of items,
    /// `ln(P(e1) P(e2) / P(e1, e2))` under the prior, largest first;
    /// `+inf` for a pair that no hypothesis survives. Each item counts with
    /// the terms it has in the scored case (its rank weights included).
    ///
    /// To keep the cost bounded whatever the size of the case, the pairs
    /// are those among the [`CONFLICT_ITEMS`] most informative items (the
    /// largest spread of terms across hypotheses; an item that eliminates a
    /// hypothesis first): O(E H) to choose them, then at most
    /// `CONFLICT_ITEMS^2 / 2` pairs. For a case of at most that many items
    /// every pair is listed; [`pairwise_conflict_among`] takes another
    /// bound, up to every pair of the case (O(E^2 H)).
    ///
    /// [`pairwise_conflict_among`]: Posterior::pairwise_conflict_among
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("x").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("y").likelihood("a", 0.8).likelihood("b", 0.2))
    ///     .evidence(Evidence::builder("z").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// let pairs = post.pairwise_conflict();
    /// assert_eq!(pairs.len(), 3);
    /// assert_eq!((pairs[0].0.as_str(), pairs[0].1.as_str()), ("x", "z"));
    /// assert!(pairs[2].2 < 0.0); // x and y agree
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn pairwise_conflict(&self) -> Vec<(&EvidenceId, &EvidenceId, f64)> {
        self.pairwise_conflict_among(CONFLICT_ITEMS)
    }

    /// The conflict measure of the pairs among the `items` most informative
    /// items (see [`pairwise_conflict`](Posterior::pairwise_conflict)):
    /// `usize::MAX` gives every pair of the case, at a cost of O(E^2 H).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("weak").likelihood("a", 0.5).likelihood("b", 0.45))
    ///     .evidence(Evidence::builder("for-a").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("for-b").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// // the two most informative items make the one pair
    /// let pairs = post.pairwise_conflict_among(2);
    /// assert_eq!(pairs.len(), 1);
    /// assert_eq!((pairs[0].0.as_str(), pairs[0].1.as_str()), ("for-a", "for-b"));
    /// assert_eq!(post.pairwise_conflict_among(usize::MAX).len(), 3);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn pairwise_conflict_among(&self, items: usize) -> Vec<(&EvidenceId, &EvidenceId, f64)> {
        let n = self.hypotheses.len();
        let prior = self.ln_prior_normalised();
        // The spread of an item's terms: +inf when it eliminates a hypothesis.
        let spread = |e: usize| -> f64 {
            let t = self.terms.get(e * n..(e + 1) * n).unwrap_or(&[]);
            let hi = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = t.iter().copied().fold(f64::INFINITY, f64::min);
            if lo == f64::NEG_INFINITY {
                f64::INFINITY
            } else {
                hi - lo
            }
        };
        let mut chosen: Vec<usize> = (0..self.evidence.len()).collect();
        if chosen.len() > items {
            let spreads: Vec<f64> = chosen.iter().map(|&e| spread(e)).collect();
            chosen.sort_by(|&a, &b| spreads[b].total_cmp(&spreads[a]).then(a.cmp(&b)));
            chosen.truncate(items);
            chosen.sort_unstable();
        }
        let single: Vec<f64> = chosen
            .iter()
            .map(|&e| self.ln_marginal(&prior, &[e]))
            .collect();
        let mut out = Vec::new();
        for (x, &i) in chosen.iter().enumerate() {
            for (y, &j) in chosen.iter().enumerate().skip(x + 1) {
                let joint = self.ln_marginal(&prior, &[i, j]);
                let c = if joint == f64::NEG_INFINITY {
                    f64::INFINITY
                } else {
                    single[x] + single[y] - joint
                };
                out.push((&self.evidence[i], &self.evidence[j], c));
            }
        }
        out.sort_by(|x, y| y.2.total_cmp(&x.2));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Evidence;
    use proptest::prelude::*;

    /// A synthetic case as `benches/cases/generate.py` writes them for the
    /// growth table (its own sequence, the same layout): 4 hypotheses,
    /// likelihoods uniform in (0.01, 0.99), every third item from one of
    /// four sources (reliabilities 0.8 to 0.2), every tenth in one of five
    /// dependence groups of correlation 0.5.
    fn synthetic(items: usize, seed: u64) -> Case {
        let mut state = seed;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
        };
        let hyps = ["h0", "h1", "h2", "other"];
        let mut b = Case::builder();
        for h in hyps {
            b = b.hypothesis(h, h);
        }
        for (k, r) in [0.8, 0.6, 0.4, 0.2].iter().enumerate() {
            b = b.source(format!("s{k}"), format!("S{k}"), *r);
        }
        for k in 0..5 {
            b = b.group(format!("g{k}"), 0.5);
        }
        for i in 0..items {
            let mut e = Evidence::builder(format!("e{i}"));
            for h in hyps {
                e = e.likelihood(h, next());
            }
            if i % 3 == 0 {
                e = e.source(format!("s{}", (i / 3) % 4));
            }
            if i % 10 == 0 {
                e = e.group(format!("g{}", (i / 10) % 5));
            }
            b = b.evidence(e);
        }
        b.build().unwrap()
    }

    /// Every source's break-even search on one rescorer: its result and
    /// how many discounts it scored.
    fn source_searches(case: &Case) -> Vec<(Option<Reliability>, usize)> {
        case.score().unwrap();
        let mut rescorer = Rescorer::new(case);
        (0..case.sources.len())
            .map(|s| {
                let items: Vec<usize> = (0..case.evidence.len())
                    .filter(|&i| {
                        case.source_of(i)
                            .is_some_and(|x| x.id == case.sources[s].id)
                    })
                    .collect();
                case.discount_search_counted(&mut rescorer, &items, Discounted::Source)
            })
            .collect()
    }

    /// The scan scores about as many steps per search whatever the size
    /// of the case: over every source's search of eight synthetic cases,
    /// 30 000 items cost at most 1.3 times the steps of 1 000 (145 -> 152
    /// steps with the bounds of [`Scan::gap`]). With bound 1 alone (the
    /// joints' own ends, before) it was 652 -> 1 169, 1.79 times, and
    /// 69 -> 96 -> 303 joint evaluations for the growth table's cases of
    /// 10k, 100k and 300k items (README "growth").
    #[test]
    fn source_searches_score_about_as_many_steps_at_any_size() {
        let steps = |items: usize| -> usize {
            (1..=8)
                .flat_map(|seed| source_searches(&synthetic(items, seed)))
                .map(|(_, scanned)| scanned)
                .sum()
        };
        let (small, large) = (steps(1_000), steps(30_000));
        assert!(
            large as f64 <= 1.3 * small as f64,
            "{small} steps at 1 000 items, {large} at 30 000"
        );
    }

    /// The conflict measure's marginal of every item in one pass is the
    /// marginal item by item, bit for bit, on the synthetic cases and on
    /// one with an eliminated hypothesis.
    #[test]
    fn marginal_of_all_is_the_marginal_of_every_item() {
        let eliminating = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .hypothesis("c", "C")
            .evidence(
                Evidence::builder("e1")
                    .likelihood("a", 0.7)
                    .likelihood("b", 0.2)
                    .likelihood("c", 0.0),
            )
            .evidence(
                Evidence::builder("e2")
                    .likelihood("a", 0.1)
                    .likelihood("b", 0.6)
                    .likelihood("c", 0.3),
            )
            .build()
            .unwrap();
        let cases = [
            synthetic(10, 3),
            synthetic(1_000, 1),
            synthetic(20_000, 2),
            eliminating,
        ];
        for case in &cases {
            let post = case.score().unwrap();
            let prior = post.ln_prior_normalised();
            let all: Vec<usize> = (0..case.evidence.len()).collect();
            let one_by_one = post.ln_marginal(&prior, &all);
            assert!(one_by_one.is_finite());
            assert_eq!(
                post.ln_marginal_of_all(&prior).to_bits(),
                one_by_one.to_bits()
            );
        }
    }

    /// A random small case for [`prop_scan_is_scoring_every_step`]: up to
    /// four hypotheses, up to ten items (likelihoods, reliability, maybe an
    /// observation step, maybe one of two groups), a weighting, a
    /// threshold, and which items a search discounts.
    fn small_case() -> impl Strategy<Value = (Case, Vec<usize>)> {
        let item = |h: usize| {
            (
                prop::collection::vec(0.0..=1.0f64, h),
                0.0..=1.0f64,
                prop::option::of(0.0..=1.0f64),
                0..4usize,
                any::<bool>(),
            )
        };
        (2..5usize)
            .prop_flat_map(move |h| {
                (
                    prop::collection::vec(item(h), 1..10),
                    any::<bool>(),
                    0.3..0.99f64,
                    [0.0..=1.0f64, 0.0..=1.0f64],
                )
            })
            .prop_map(|(items, tempered, threshold, rho)| {
                let h = items[0].0.len();
                let mut b = Case::builder()
                    .threshold(threshold)
                    .group("g0", rho[0])
                    .group("g1", rho[1])
                    .weighting(if tempered {
                        crate::Weighting::Tempered
                    } else {
                        crate::Weighting::Mixture
                    });
                for k in 0..h {
                    b = b.hypothesis(format!("h{k}"), "H");
                }
                let mut chosen = Vec::new();
                for (i, (ls, r, q, group, discounted)) in items.into_iter().enumerate() {
                    let mut e = Evidence::builder(format!("e{i}")).reliability(r);
                    for (k, l) in ls.into_iter().enumerate() {
                        e = e.likelihood(format!("h{k}"), l);
                    }
                    if let Some(q) = q {
                        e = e.observed(q);
                    }
                    if group < 2 {
                        e = e.group(format!("g{group}"));
                    }
                    b = b.evidence(e);
                    if discounted {
                        chosen.push(i);
                    }
                }
                (b.build().unwrap(), chosen)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

        /// The scan of a [`Shape::Monotone`] search finds what scoring
        /// every grid step finds ([`Shape::Unknown`]): the same first step
        /// where the outcome differs (the bisection after it is the same),
        /// on the same rescorer, bit for bit.
        #[test]
        fn prop_scan_is_scoring_every_step((case, items) in small_case()) {
            proptest::prop_assume!(!items.is_empty() && case.score().is_ok());
            let mut rescorer = Rescorer::new(&case);
            proptest::prop_assume!(shape_of(&rescorer, &items) == Shape::Monotone);
            let (scan, _) =
                case.discount_search_shaped(&mut rescorer, &items, Discounted::Items, Shape::Monotone);
            let (every, _) =
                case.discount_search_shaped(&mut rescorer, &items, Discounted::Items, Shape::Unknown);
            proptest::prop_assert_eq!(scan, every);
        }

        /// The bounds themselves: between any two neighbouring steps the
        /// scan has scored (both ends and some chosen at random), every
        /// grid step's difference of joints, scored plainly, is at least
        /// what [`Scan::gap`] bounds it by, and where
        /// [`Scan::proves_same`] holds every grid step between has the
        /// outcome at 1.
        #[test]
        fn prop_gaps_bound_every_step(
            (case, items) in small_case(),
            picks in prop::collection::vec(1..BREAK_EVEN_STEPS, 0..4),
        ) {
            proptest::prop_assume!(!items.is_empty() && case.score().is_ok());
            let mut rescorer = Rescorer::new(&case);
            proptest::prop_assume!(shape_of(&rescorer, &items) == Shape::Monotone);
            let (threshold, slack, n) = (rescorer.threshold, rescorer.slack(), rescorer.n);
            let mut joint = case.discounted_joint(&mut rescorer, &items, Discounted::Items);
            let every: Vec<Vec<f64>> = (0..=BREAK_EVEN_STEPS)
                .map(|i| {
                    let mut j = vec![0.0; n];
                    joint(grid(i), &mut j, None);
                    j
                })
                .collect();
            let reference = outcome_of(&every[0], threshold);
            let mut scan = Scan { joint: &mut joint, reference, threshold, slack, n, seen: BTreeMap::new() };
            for i in [0, BREAK_EVEN_STEPS].into_iter().chain(picks) {
                scan.score(i);
            }
            let steps: Vec<usize> = scan.seen.keys().copied().collect();
            for w in steps.windows(2) {
                let (a, b) = (w[0], w[1]);
                for (x, y) in (0..n).flat_map(|x| (0..n).map(move |y| (x, y))).filter(|(x, y)| x != y) {
                    let g = scan.gap(x, y, a, b);
                    for (i, j) in every.iter().enumerate().take(b + 1).skip(a) {
                        if j[y] != f64::NEG_INFINITY {
                            proptest::prop_assert!(j[x] - j[y] >= g, "step {i} in {a}..={b}: J{x} - J{y} = {} < {g}", j[x] - j[y]);
                        }
                    }
                }
                if scan.proves_same(a, b) {
                    for j in &every[a..=b] {
                        proptest::prop_assert_eq!(outcome_of(j, threshold), reference);
                    }
                }
            }
        }
    }
}
