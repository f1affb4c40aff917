//! The break-even search (docs/model.md section 6) over any joint
//! log-probabilities of a discount `d` in `0..1`: what is known of how
//! they move with `d` ([`Shape`], [`shape_of`]), the search itself
//! ([`break_even`]: bisection, or a grid scan then bisection), and the
//! scan's bounds that skip runs of steps ([`Scan`]). What is discounted,
//! and how the joints are made, is `break_even`'s; this file takes
//! nothing from it.

use crate::analysis::rescore::{Parts, Rescorer, outcome_of};
use crate::domain::probability::Reliability;
use std::collections::BTreeMap;

/// Grid steps of the break-even search over `0..1`.
pub(super) const BREAK_EVEN_STEPS: usize = 1_000;
/// Width to which the break-even discount is narrowed.
const BREAK_EVEN_TOLERANCE: f64 = 1e-6;

/// What is known of how the joint log-probabilities of a break-even
/// search move with the discount `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
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
pub(super) fn break_even(
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
pub(super) fn grid(i: usize) -> f64 {
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
pub(super) struct Point {
    joint: Vec<f64>,
    parts: Parts,
}

/// The grid scan of a [`Shape::Monotone`] search.
pub(super) struct Scan<'j, J> {
    pub(super) joint: &'j mut J,
    pub(super) reference: Option<usize>,
    pub(super) threshold: f64,
    pub(super) slack: f64,
    pub(super) n: usize,
    /// Every grid step scored so far.
    pub(super) seen: BTreeMap<usize, Point>,
}

impl<J: FnMut(f64, &mut [f64], Option<&mut Parts>)> Scan<'_, J> {
    /// Scores grid step `i`, once.
    pub(super) fn score(&mut self, i: usize) {
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
    pub(super) fn proves_same(&self, a: usize, b: usize) -> bool {
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
    pub(super) fn gap(&self, x: usize, y: usize, a: usize, b: usize) -> f64 {
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

/// What is known of a break-even search that discounts `items`.
pub(super) fn shape_of(rescorer: &Rescorer, items: &[usize]) -> Shape {
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
