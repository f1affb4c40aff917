//! The data behind the charts (issue #6): the posterior's path through the
//! evidence and the tornado of what moves it. The Monte Carlo intervals are
//! [`Simulation::intervals`](crate::Simulation::intervals). Feature `plot`
//! draws all three as SVG ([`plot`](crate::plot)); a crate can draw its own
//! from these numbers.

use crate::analysis::rescore::Rescorer;
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, HypothesisId};
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::Error;
use crate::numeric::totals::LogTotals;
use crate::scoring::engine::{self, Layout};
use serde::Serialize;

/// The posterior of every hypothesis as the items are added in file order
/// (see [`Trajectory::of`]).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .evidence(Evidence::builder("e2").likelihood("a", 0.2).likelihood("b", 0.6))
///     .build()?;
/// let t = attrib::Trajectory::of(&case)?;
/// assert_eq!(t.steps.len(), 3); // the prior, then after each item
/// assert_eq!(t.steps[0].0, None);
/// assert!((t.steps[1].1[0].get() - 0.75).abs() < 1e-15); // 0.9 / 1.2
/// assert!((t.steps[2].1[0].get() - 0.5).abs() < 1e-15);  // odds 3 * 1/3
/// assert_eq!(t.threshold.get(), 0.95); // the default threshold
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"hypotheses": [id], "steps": [[item | null, [p]]], "threshold": t}`:
/// each step a pair of the item just added (`null` for the prior) and the
/// posterior of every hypothesis, in the order of `hypotheses`.
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3)).build()?;
/// let v = serde_json::to_value(attrib::Trajectory::of(&case)?).unwrap();
/// assert_eq!(v["hypotheses"], serde_json::json!(["a", "b"]));
/// assert_eq!(v["steps"][0], serde_json::json!([null, [0.5, 0.5]]));
/// assert_eq!(v["steps"][1][0], "e1");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Trajectory {
    /// The hypotheses, in the case's order: the order of every step's values.
    pub hypotheses: Vec<HypothesisId>,
    /// The prior (no item), then one step per item: the item just added and
    /// the posterior after it. A step where every hypothesis so far is
    /// eliminated has every value 0.
    pub steps: Vec<(Option<EvidenceId>, Vec<Probability>)>,
    /// The case's verdict threshold ([`Case::threshold`]): the posterior
    /// the leader needs for the case to be attributed.
    pub threshold: Probability,
}

/// One item's row in the tornado (see [`Tornado::of`]): the leader's
/// posterior without the item, and with its reliability set to 0 and to 1.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).reliability(0.5))
/// #     .build()?;
/// let row = &attrib::Tornado::of(&case)?.rows[0];
/// assert_eq!(row.evidence.as_str(), "e");
/// assert_eq!(row.without.get(), 0.5);
/// assert!((row.at_one.get() - 0.8).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"evidence": id, "without": p, "at_zero": p, "at_one": p}`.
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).reliability(0.5))
/// #     .build()?;
/// let v = serde_json::to_value(&attrib::Tornado::of(&case)?.rows[0]).unwrap();
/// assert_eq!(v["evidence"], "e");
/// assert_eq!(v["without"], 0.5);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TornadoRow {
    /// The item.
    pub evidence: EvidenceId,
    /// The leader's posterior without the item (its group ranked anew).
    pub without: Probability,
    /// The leader's posterior with the item's reliability set to 0.
    pub at_zero: Probability,
    /// The leader's posterior with the item's reliability set to 1.
    pub at_one: Probability,
}

impl TornadoRow {
    /// The width of the bar: the largest minus the smallest of the three.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2)).build()?;
    /// assert!((attrib::Tornado::of(&case)?.rows[0].swing() - 0.3).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn swing(&self) -> f64 {
        let v = [self.without.get(), self.at_zero.get(), self.at_one.get()];
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        hi - lo
    }
}

/// The tornado of a case: what moves the leader's posterior, item by item.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("small").likelihood("a", 0.55).likelihood("b", 0.45))
///     .evidence(Evidence::builder("big").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let t = attrib::Tornado::of(&case)?;
/// assert_eq!(t.leader.as_str(), "a");
/// assert_eq!(t.rows[0].evidence.as_str(), "big"); // widest bar first
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"leader": id, "posterior": p, "rows": [row]}`, each row a
/// [`TornadoRow`], widest first.
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("big").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let v = serde_json::to_value(attrib::Tornado::of(&case)?).unwrap();
/// assert_eq!(v["leader"], "a");
/// assert_eq!(v["rows"][0]["evidence"], "big");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Tornado {
    /// The leader of the full case, whose posterior the rows show.
    pub leader: HypothesisId,
    /// The leader's posterior in the full case.
    pub posterior: Probability,
    /// One row per item, widest swing first (ties in file order).
    pub rows: Vec<TornadoRow>,
}

impl Trajectory {
    /// The posterior of every hypothesis of `case` as the items are added
    /// in file order: the prior, then after each item. Each step is the posterior
    /// of the case made of the items so far, with their dependence groups
    /// ranked among themselves (docs/model.md section 2, step 3), so the last
    /// step is the case's posterior, bit for bit.
    ///
    /// # Errors
    ///
    /// None in practice (a step that eliminates every hypothesis shows all
    /// zeros); the `Result` matches the other analyses.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2)).build()?;
    /// let t = attrib::Trajectory::of(&case)?;
    /// assert_eq!(t.steps.last().unwrap().1, case.score()?.probabilities());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(case: &Case) -> Result<Trajectory, Error> {
        case.trajectory()
    }
}

impl Tornado {
    /// The tornado of `case`: for every item, the leader's posterior without it, and
    /// with its reliability (as scoring uses it) set to 0 and to 1; widest
    /// swing first.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is, or when setting an item's
    /// reliability to 1 makes it so.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2)).build()?;
    /// let t = attrib::Tornado::of(&case)?;
    /// // with reliability 0 the item says nothing: back to the prior
    /// assert_eq!(t.rows[0].at_zero.get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(case: &Case) -> Result<Tornado, Error> {
        case.tornado()
    }
}

fn probability(x: f64) -> Probability {
    Probability::new(x.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO)
}

impl Case {
    /// [`Trajectory::of`].
    ///
    /// A shift past the rank where the weights fall below 2^-90 changes
    /// a term by less than 2^-89 of the group's largest penalty: such
    /// shifts are left out of the running sums, with a bound on their
    /// total that the certification allows for, and made (each member's
    /// term at its rank) when a step is summed exactly.
    /// Each item is added to running fast sums, certified at each step or
    /// summed exactly from the terms so far; an item in a dependence group
    /// takes, for each hypothesis, the rank it has among the members added
    /// so far ([`Ranks`]), and only the members after it, whose rank and
    /// so weight change, have their terms replaced, up to the last rank
    /// where the weights settle: O(log k + the ranks it shifts) per item
    /// and hypothesis, not a ranking of the group. The ranks shifted are
    /// at most those before the weights settle
    /// ([`settled`](crate::analysis::rescore::settled): about 1 075 at
    /// correlation 0.5, none at correlation 0, where every weight is 1).
    pub(crate) fn trajectory(&self) -> Result<Trajectory, Error> {
        let effective = self.effective_rows(&self.item_models());
        self.trajectory_of(&effective, &self.layout())
    }

    /// [`Case::trajectory`] from a rescorer of the case, which has its
    /// effective rows and groups.
    #[cfg(all(feature = "plot", feature = "monte-carlo"))]
    pub(crate) fn trajectory_rescored(&self, rescorer: &Rescorer) -> Result<Trajectory, Error> {
        self.trajectory_of(rescorer.effective(), &rescorer.layout)
    }

    /// [`Case::trajectory`] from the case's effective rows (item-major)
    /// and its groups as scoring ranks them.
    fn trajectory_of(&self, effective: &[f64], layout: &Layout) -> Result<Trajectory, Error> {
        let n = self.hypotheses.len();
        // Running fast sums: a member's term replaced costs O(1), not
        // O(partials) as in an exact sum (whose partials grow with the
        // spread of the rank weights); a total they cannot certify is
        // summed exactly from the terms so far.
        let mut sums = LogTotals::fast(n);
        let mut joint = vec![0.0; n];
        // The terms of the items outside any group added so far,
        // item-major (a group keeps its members').
        let mut terms = vec![0.0; effective.len()];
        let mut ranks: Vec<Ranks> = layout
            .groups
            .iter()
            .map(|g| Ranks::new(g, effective, n))
            .collect();
        // The exact totals of the terms of the items outside any group
        // before `summed`: summed only when a step needs them, each item
        // once.
        let mut ungrouped = LogTotals::exact(n);
        let mut summed = 0;
        let mut exact = LogTotals::exact(n);
        // Per hypothesis, a bound on how far the fast sums are from the
        // totals of the terms as they are: the changes the groups left
        // out (of members' terms at ranks whose weight is below 2^-90;
        // see `Ranks::insert`). A step is certified whatever they add;
        // leaving them out stops for good at the first step that would
        // have been certified without them and is not with them.
        let mut stale = vec![0.0; n];
        let mut within = vec![0.0; n];
        let mut cutting = true;
        let ln_prior = &self.prior.ln_relative;
        let mut steps = Vec::with_capacity(self.evidence.len() + 1);
        for i in 0..=self.evidence.len() {
            // Step 0 is the prior; step i adds item i - 1.
            let added = i.checked_sub(1);
            if let Some(i) = added {
                let group = layout.group_of.get(i).copied().flatten();
                match group.and_then(|g| ranks.get_mut(g)) {
                    None => {
                        if let (Some(row), Some(t)) = (
                            effective.get(i * n..(i + 1) * n),
                            terms.get_mut(i * n..(i + 1) * n),
                        ) {
                            engine::terms_row(row, t);
                            sums.add(t);
                        }
                    }
                    Some(ranks) => ranks.insert(i, &mut sums, cutting.then_some(&mut stale)),
                }
            }
            // Twice the bound: it was summed in f64 (each sum rounded).
            for (w, &x) in within.iter_mut().zip(&stale) {
                *w = 2.0 * x;
            }
            if !sums.joint_into_within(ln_prior, &within, &mut joint) {
                // The changes left out may be what the fast sums could not
                // certify: then from here on every change is made.
                if stale.iter().any(|&x| x > 0.0) {
                    within.fill(0.0);
                    cutting &= !sums.joint_into_within(ln_prior, &within, &mut joint);
                    stale.fill(0.0);
                }
                // The exact totals of every term so far: those outside any
                // group (the ones added since the last such step summed
                // now), and each group's present members'. A sum is exact
                // in any order.
                for row in terms
                    .get(summed * n..i * n)
                    .unwrap_or_default()
                    .chunks_exact(n.max(1))
                {
                    ungrouped.add(row);
                }
                summed = i;
                exact.copy_from(&ungrouped);
                for r in &mut ranks {
                    r.add_present(&mut exact);
                }
                exact.joint_into(ln_prior, &mut joint);
                // The fast sums start again from the exact totals (the
                // same totals, their error bound back near zero), so that
                // a refusal does not come again at the next item: the
                // bound grows with the errors of the items added since.
                sums.copy_from(&exact);
            }
            let shown = match engine::normalise(&joint) {
                Some(nz) => (0..n)
                    .map(|h| probability(engine::probability(&joint, &nz, h)))
                    .collect(),
                None => vec![Probability::ZERO; n],
            };
            let id = added
                .and_then(|i| self.evidence.get(i))
                .map(|e| e.id.clone());
            steps.push((id, shown));
        }
        Ok(Trajectory {
            hypotheses: self.hypotheses.iter().map(|h| h.id.clone()).collect(),
            steps,
            threshold: self.threshold(),
        })
    }

    /// [`Tornado::of`].
    pub(crate) fn tornado(&self) -> Result<Tornado, Error> {
        let full = self.score()?;
        let mut rescorer = Rescorer::of_point(self, &full);
        let loo = self.leave_one_out_with(&full, &mut rescorer)?;
        self.tornado_rescored(&full, &loo, &mut rescorer)
    }

    /// [`Case::tornado`] from the case's scoring `full`, its
    /// leave-one-out `loo` and a rescorer of it (a report has all three
    /// already).
    pub(crate) fn tornado_rescored(
        &self,
        full: &crate::scoring::posterior::Posterior,
        loo: &[crate::analysis::sensitivity::LeaveOneOut],
        rescorer: &mut Rescorer,
    ) -> Result<Tornado, Error> {
        let leader = full.leader().id.clone();
        let h = full.normalised.leader;
        let mut joint = vec![0.0; self.hypotheses.len()];
        let mut at = |i: usize, r: f64| -> Result<Probability, Error> {
            rescorer.joint_with(&[(i, r)], &mut joint);
            match engine::normalise(&joint) {
                Some(nz) => Ok(probability(engine::probability(&joint, &nz, h))),
                // what scoring the changed case would say
                None => Err(self
                    .score_with(&self.item_models_with(i, r))
                    .err()
                    .unwrap_or(Error::from(Detail::Contradictory { items: Vec::new() }))),
            }
        };
        let mut rows = Vec::with_capacity(self.evidence.len());
        for (i, (e, l)) in self.evidence.iter().zip(loo).enumerate() {
            rows.push(TornadoRow {
                evidence: e.id.clone(),
                without: l.probability(&leader).unwrap_or(Probability::ZERO),
                at_zero: at(i, 0.0)?,
                at_one: at(i, 1.0)?,
            });
        }
        rows.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
        Ok(Tornado {
            posterior: full.probability(&leader).unwrap_or(Probability::ZERO),
            leader,
            rows,
        })
    }
}

/// One dependence group as the trajectory adds its members: per
/// hypothesis, the members in the order of the whole group's ranking
/// (penalty descending, then id), and which of them are present so far. The
/// present members' ranking is that order restricted to them (a total
/// order restricted), so a new member's rank is the number of present
/// members before it in that order: a Fenwick tree counts them in
/// O(log k), and a list linking the present members in order leads to
/// those after it. The penalties and the present members' terms are kept
/// by place in that order, so that the members after a new one are
/// visited in the order they lie in memory.
#[derive(Debug)]
struct Ranks {
    n: usize,
    /// The number of members.
    k: usize,
    /// Per member (by position in the case), its position among the
    /// group's members (in id order).
    member: std::collections::HashMap<usize, usize>,
    /// Per hypothesis, each member's place in the ranking: `place[h * k + m]`.
    place: Vec<usize>,
    /// Per hypothesis, the penalty of the member at each place:
    /// `pen[h * k + s]`.
    pen: Vec<f64>,
    /// Per hypothesis, the term of the present member at each place (0
    /// where none is present yet).
    term: Vec<f64>,
    /// Rank weights `w_j`, as scoring multiplies them out.
    w: Vec<f64>,
    /// The rank from which the weights no longer change
    /// ([`settled`](crate::analysis::rescore::settled)).
    settled: usize,
    /// Per hypothesis, the rank from which a shift may be left out of the
    /// sums: the first whose weight is at most 2^-90, when the group's
    /// penalties for that hypothesis are finite (a change from or to an
    /// eliminating term is always made); else `settled`.
    cut: Vec<usize>,
    /// Per hypothesis, a bound on the total change of the terms a shift
    /// leaves out past `cut`: `2 max p sum_{j >= cut} w_j`, rounded up.
    left_out: Vec<f64>,
    /// Per hypothesis, a Fenwick tree of the present places (1-based).
    tree: Vec<usize>,
    /// Per hypothesis, the next present place after each present place.
    next: Vec<usize>,
    /// Per hypothesis, the first present place.
    head: Vec<usize>,
}

/// No place.
const NONE: usize = usize::MAX;

impl Ranks {
    fn new(g: &engine::Members, effective: &[f64], n: usize) -> Ranks {
        let k = g.items.len();
        let mut by_member = vec![0.0; k * n];
        for (m, &i) in g.items.iter().enumerate() {
            if let Some(row) = effective.get(i * n..(i + 1) * n) {
                engine::penalties_row(row, &mut by_member[m * n..(m + 1) * n]);
            }
        }
        let mut order: Vec<usize> = Vec::with_capacity(k);
        let mut place = vec![0; k * n];
        let mut pen = vec![0.0; k * n];
        for h in 0..n {
            order.clear();
            order.extend(0..k);
            order.sort_unstable_by(|&a, &b| {
                by_member[b * n + h]
                    .total_cmp(&by_member[a * n + h])
                    .then(a.cmp(&b))
            });
            for (s, &m) in order.iter().enumerate() {
                place[h * k + m] = s;
                pen[h * k + s] = by_member[m * n + h];
            }
        }
        let mut w = Vec::with_capacity(k);
        let mut x = 1.0;
        for _ in 0..k {
            w.push(x);
            x *= g.keep;
        }
        let settled = crate::analysis::rescore::settled(&w);
        let from = w
            .iter()
            .position(|&x| x <= (2.0f64).powi(-90))
            .unwrap_or(k)
            .min(settled);
        // The weights from `from` on, summed from the smallest: each of
        // the k - 1 sums errs by at most one rounding, so the total is
        // below (1 + 2 k eps) times the computed one.
        let tail = w.get(from..).unwrap_or_default().iter().rev().sum::<f64>()
            * (1.0 + 2.0 * (k as f64 + 1.0) * f64::EPSILON);
        let (mut cut, mut left_out) = (vec![settled; n], vec![0.0; n]);
        for h in 0..n {
            let most = pen
                .get(h * k..(h + 1) * k)
                .map_or(0.0, |p| p.iter().copied().fold(0.0, f64::max));
            // A term is -w p rounded: at most w p (1 + eps) in magnitude,
            // and a shift replaces one term by another.
            let bound = 2.0 * most * tail * (1.0 + 4.0 * f64::EPSILON);
            if pen
                .get(h * k..(h + 1) * k)
                .is_some_and(|p| p.iter().all(|x| x.is_finite()))
                && bound.is_finite()
            {
                cut[h] = from;
                left_out[h] = bound;
            }
        }
        Ranks {
            n,
            k,
            cut,
            left_out,
            member: g.items.iter().enumerate().map(|(m, &i)| (i, m)).collect(),
            place,
            pen,
            term: vec![0.0; k * n],
            w,
            settled,
            tree: vec![0; (k + 1) * n],
            next: vec![NONE; k * n],
            head: vec![NONE; n],
        }
    }

    /// How many present places of hypothesis `h` lie before place `s`.
    fn before(&self, h: usize, s: usize) -> usize {
        let k = self.k;
        let tree = &self.tree[h * (k + 1)..(h + 1) * (k + 1)];
        let (mut i, mut count) = (s, 0);
        while i > 0 {
            count += tree[i];
            i &= i - 1;
        }
        count
    }

    /// The present place of hypothesis `h` with `r` present places before
    /// it (there is one).
    fn kth(&self, h: usize, r: usize) -> usize {
        let k = self.k;
        let tree = &self.tree[h * (k + 1)..(h + 1) * (k + 1)];
        let (mut at, mut left) = (0, r + 1);
        let mut step = if k == 0 { 0 } else { 1 << k.ilog2() };
        while step > 0 {
            if at + step <= k && tree[at + step] < left {
                at += step;
                left -= tree[at];
            }
            step >>= 1;
        }
        at // 0-based: the 1-based place at + 1
    }

    /// Adds item `i`, a member, to the present ones: for each hypothesis its
    /// term at its rank goes into `sums`, and the members after it move
    /// down one rank, their terms replaced where their weight changes.
    /// With `stale`, the shifts past the hypothesis's `cut` rank are left
    /// out (their terms kept as they were) and `stale[h]` grows by a bound
    /// on their total change; [`Ranks::add_present`] makes them.
    fn insert(&mut self, i: usize, sums: &mut LogTotals, mut stale: Option<&mut [f64]>) {
        let k = self.k;
        let Some(&m) = self.member.get(&i) else {
            return;
        };
        for h in 0..self.n {
            let s = self.place[h * k + m];
            let r = self.before(h, s);
            let after = if r > 0 {
                let prev = self.kth(h, r - 1);
                std::mem::replace(&mut self.next[h * k + prev], s)
            } else {
                std::mem::replace(&mut self.head[h], s)
            };
            self.next[h * k + s] = after;
            let tree = &mut self.tree[h * (k + 1)..(h + 1) * (k + 1)];
            let mut x = s + 1;
            while x <= k {
                tree[x] += 1;
                x += x & x.wrapping_neg();
            }
            let (pen, term, next) = (
                &self.pen[h * k..(h + 1) * k],
                &mut self.term[h * k..(h + 1) * k],
                &self.next[h * k..(h + 1) * k],
            );
            let t = engine::term(self.w[r], pen[s]);
            term[s] = t;
            sums.replace(h, 0.0, t);
            // The members after it, each one rank further down.
            let stop = match stale {
                Some(_) => self.cut[h],
                None => self.settled,
            };
            let (mut at, mut j) = (after, r + 1);
            while at != NONE && j - 1 < stop {
                if self.w[j] != self.w[j - 1] {
                    let new = engine::term(self.w[j], pen[at]);
                    sums.replace(h, term[at], new);
                    term[at] = new;
                }
                at = next[at];
                j += 1;
            }
            if at != NONE
                && j - 1 < self.settled
                && let Some(x) = stale.as_deref_mut().and_then(|s| s.get_mut(h))
            {
                *x += self.left_out[h];
            }
        }
    }

    /// Adds the terms of the present members to exact totals, each the
    /// term at its rank now (the shifts left out made).
    fn add_present(&mut self, exact: &mut LogTotals) {
        let k = self.k;
        for h in 0..self.n {
            let (pen, term, next) = (
                &self.pen[h * k..(h + 1) * k],
                &mut self.term[h * k..(h + 1) * k],
                &self.next[h * k..(h + 1) * k],
            );
            let (mut at, mut j) = (self.head[h], 0);
            while at != NONE {
                term[at] = engine::term(self.w[j], pen[at]);
                exact.replace(h, 0.0, term[at]);
                at = next[at];
                j += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::numeric::totals::LogTotals;
    use crate::scoring::engine;
    use crate::{Case, Evidence};

    /// A case of two equally likely hypotheses whose items each have
    /// likelihood 1 under `a` and `l` under `b`.
    fn case(ls: &[f64]) -> Case {
        let mut b = Case::builder().hypothesis("a", "A").hypothesis("b", "B");
        for (k, &l) in ls.iter().enumerate() {
            b = b.evidence(
                Evidence::builder(format!("e{k}"))
                    .likelihood("a", 1.0)
                    .likelihood("b", l),
            );
        }
        b.build().unwrap()
    }

    fn bits(p: &[crate::Probability]) -> Vec<u64> {
        p.iter().map(|p| p.get().to_bits()).collect()
    }

    #[test]
    fn a_step_the_fast_sums_cannot_certify_is_summed_exactly() {
        // b's terms are ln(1/60), ln(2/60) and ln(0.1) (a's are 0). Their
        // exact sum lies so near a rounding boundary that the fast sums'
        // error bound cannot tell which way it rounds, and summing them
        // in plain f64 rounds it the wrong way (found by a search over a
        // grid of likelihoods k/60).
        let ls = [1.0 / 60.0, 2.0 / 60.0, 0.1];
        let c = case(&ls);
        let n = 2;
        let rows = c.effective_rows(&c.item_models());
        let (mut fast, mut exact) = (LogTotals::fast(n), LogTotals::exact(n));
        let mut plain = c.prior.ln_relative.clone();
        let mut t = vec![0.0; n];
        for row in rows.chunks_exact(n) {
            engine::terms_row(row, &mut t);
            assert_eq!(t[1], row[1] - row[0]);
            fast.add(&t);
            exact.add(&t);
            plain[1] += t[1];
        }
        let mut joint = vec![0.0; n];
        assert!(!fast.joint_into(&c.prior.ln_relative, &mut joint));
        assert!(exact.joint_into(&c.prior.ln_relative, &mut joint));
        assert_ne!(joint[1], plain[1]);
        let p = |j: &[f64]| {
            let nz = engine::normalise(j).unwrap();
            engine::probability(j, &nz, 1).to_bits()
        };
        assert_ne!(p(&joint), p(&plain));
        // The trajectory's steps are the prefix cases, scored exactly.
        let traj = c.trajectory().unwrap();
        for (k, (_, probs)) in traj.steps.iter().enumerate() {
            let want = case(&ls[..k]).score().unwrap();
            assert_eq!(bits(probs), bits(want.probabilities()), "step {k}");
        }
    }

    /// A group of 300 members at correlation 0.5 (weights below 2^-90
    /// from rank 90), added in a scrambled order with the shifts past
    /// that rank left out: after each member, the fast sums stray from
    /// the exact totals of the terms as scoring ranks the present members
    /// by no more than the bound kept, the joints certified within it are
    /// those of the exact totals, and the terms made at a refused step
    /// are scoring's, bit for bit.
    #[test]
    fn shifts_left_out_stay_within_their_bound_and_are_made_when_summed() {
        let (n, k) = (3, 300);
        let mut state = 11u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64).max(1e-3).ln()
        };
        let effective: Vec<f64> = (0..k * n).map(|_| next()).collect();
        let group = engine::Members {
            keep: 0.5,
            items: (0..k).collect(),
        };
        let mut ranks = super::Ranks::new(&group, &effective, n);
        assert!(ranks.cut.iter().all(|&c| c == 90 && c < ranks.settled));
        // Fast sums, with the exact totals of the same terms beside them.
        let mut sums = LogTotals::fast_and_exact(n);
        let mut stale = vec![0.0; n];
        let prior = vec![0.0; n];
        let (mut fast, mut want) = (vec![0.0; n], vec![0.0; n]);
        let mut present: Vec<usize> = Vec::new();
        let mut left_out = false;
        for step in 0..k {
            let i = (step * 7) % k; // every member once, scrambled
            ranks.insert(i, &mut sums, Some(&mut stale));
            present.push(i);
            present.sort_unstable();
            left_out |= stale.iter().any(|&x| x > 0.0);
            // Scoring's terms of the present members (in id order).
            let mut pen = vec![0.0; present.len() * n];
            for (m, &x) in present.iter().enumerate() {
                engine::penalties_row(&effective[x * n..(x + 1) * n], &mut pen[m * n..(m + 1) * n]);
            }
            let (mut w, mut t, mut order) =
                (vec![0.0; pen.len()], vec![0.0; pen.len()], Vec::new());
            engine::rank_group(0.5, &pen, n, &mut order, &mut w, &mut t);
            let mut exact = LogTotals::exact(n);
            for row in t.chunks_exact(n) {
                exact.add(row);
            }
            assert!(exact.joint_into(&prior, &mut want));
            for (h, &bound) in stale.iter().enumerate() {
                let off = difference(exact.exact_sum(h), sums.exact_sum(h)).abs();
                assert!(off <= bound, "step {step} h {h}: {off} > {bound}");
            }
            let within: Vec<f64> = stale.iter().map(|x| 2.0 * x).collect();
            if sums.joint_into_within(&prior, &within, &mut fast) {
                assert_eq!(bits64(&fast), bits64(&want), "step {step}");
            }
            if step % 50 == 49 {
                // A refused step: every term made, then summed exactly.
                let mut made = LogTotals::exact(n);
                ranks.add_present(&mut made);
                for h in 0..n {
                    let off = difference(exact.exact_sum(h), made.exact_sum(h));
                    assert_eq!(off, 0.0, "step {step} h {h}");
                }
                let mut joints = vec![0.0; n];
                assert!(made.joint_into(&prior, &mut joints));
                assert_eq!(bits64(&joints), bits64(&want), "step {step}");
                sums.copy_from(&made);
                stale.fill(0.0);
            }
        }
        assert!(left_out);
    }

    /// `a - b`, exactly, rounded once.
    fn difference(a: &crate::numeric::sum::ExactSum, b: &crate::numeric::sum::ExactSum) -> f64 {
        let mut d = a.clone();
        for &p in b.partials() {
            d.add(-p);
        }
        d.value()
    }

    fn bits64(x: &[f64]) -> Vec<u64> {
        x.iter().map(|v| v.to_bits()).collect()
    }

    /// The same terms with some of the items in a dependence group of
    /// correlation 0 (every rank weight 1, so the same terms and the same
    /// refusal at the last step): the exact totals of a refused step hold
    /// the group's present members' terms and the other items', and each
    /// step is the prefix case scored.
    #[test]
    fn a_refused_step_sums_the_terms_of_the_groups_too() {
        let ls = [1.0 / 60.0, 2.0 / 60.0, 0.1];
        let prefix = |grouped: &[bool], k: usize| {
            let mut b = Case::builder()
                .hypothesis("a", "A")
                .hypothesis("b", "B")
                .group("g", 0.0);
            for (i, (&l, &g)) in ls.iter().zip(grouped).take(k).enumerate() {
                let e = Evidence::builder(format!("e{i}"))
                    .likelihood("a", 1.0)
                    .likelihood("b", l);
                b = b.evidence(if g { e.group("g") } else { e });
            }
            b.build().unwrap()
        };
        for grouped in [
            [true, true, false],
            [false, true, true],
            [true, false, true],
            [true, true, true],
        ] {
            let traj = prefix(&grouped, 3).trajectory().unwrap();
            assert_eq!(traj.steps.len(), 4);
            for (k, (_, probs)) in traj.steps.iter().enumerate() {
                let want = prefix(&grouped, k).score().unwrap();
                assert_eq!(
                    bits(probs),
                    bits(want.probabilities()),
                    "{grouped:?} step {k}"
                );
            }
        }
    }
}
