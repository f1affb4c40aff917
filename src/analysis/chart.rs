//! The data behind the charts (issue #6): the posterior's path through the
//! evidence and the tornado of what moves it. The Monte Carlo intervals are
//! [`Simulation::intervals`](crate::Simulation::intervals). Feature `plot`
//! draws all three as SVG ([`plot`](crate::plot)); a crate can draw its own
//! from these numbers.

use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, HypothesisId};
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::Error;
use crate::numeric::totals::LogTotals;
use crate::scoring::engine;
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
    pub(crate) fn trajectory(&self) -> Result<Trajectory, Error> {
        let n = self.hypotheses.len();
        let effective = self.effective_rows(&self.item_models());
        let layout = self.layout();
        let mut sums = LogTotals::exact(n);
        let mut joint = vec![0.0; n];
        // The terms of the items added so far, item-major.
        let mut terms = vec![0.0; effective.len()];
        // Per group, the members added so far, in id order.
        let mut present: Vec<Vec<usize>> = vec![Vec::new(); layout.groups.len()];
        let mut ranking = engine::GroupScratch::default();
        let ln_prior = &self.prior.ln_relative;
        let step = |sums: &mut LogTotals, joint: &mut Vec<f64>| {
            // exact totals give every joint
            sums.joint_into(ln_prior, joint);
            match engine::normalise(joint) {
                Some(nz) => (0..n)
                    .map(|h| probability(engine::probability(joint, &nz, h)))
                    .collect(),
                None => vec![Probability::ZERO; n],
            }
        };
        let mut steps = vec![(None, step(&mut sums, &mut joint))];
        for (i, e) in self.evidence.iter().enumerate() {
            let group = layout.group_of.get(i).copied().flatten();
            match group.and_then(|g| Some((g, layout.groups.get(g)?))) {
                None => {
                    if let (Some(row), Some(t)) = (
                        effective.get(i * n..(i + 1) * n),
                        terms.get_mut(i * n..(i + 1) * n),
                    ) {
                        engine::terms_row(row, t);
                        sums.add(t);
                    }
                }
                Some((g, members)) => {
                    // Take the group's terms out, rank it anew with the
                    // item, and put them back.
                    let so_far = &mut present[g];
                    for &m in so_far.iter() {
                        sums.remove(&terms[m * n..(m + 1) * n]);
                    }
                    let at =
                        so_far.partition_point(|&m| self.evidence[m].id.as_str() < e.id.as_str());
                    so_far.insert(at, i);
                    let now = engine::Members {
                        keep: members.keep,
                        items: so_far.clone(),
                    };
                    ranking.rank(&now, n, |m| effective.get(m * n..(m + 1) * n));
                    for (k, &m) in so_far.iter().enumerate() {
                        let t = &mut terms[m * n..(m + 1) * n];
                        t.copy_from_slice(&ranking.terms[k * n..(k + 1) * n]);
                        sums.add(t);
                    }
                }
            }
            steps.push((Some(e.id.clone()), step(&mut sums, &mut joint)));
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
        let leader = full.leader().id.clone();
        let h = full.normalised.leader;
        let loo = self.leave_one_out()?;
        let mut rescorer = crate::analysis::rescore::Rescorer::new(self);
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
        for (i, (e, l)) in self.evidence.iter().zip(&loo).enumerate() {
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
