//! The result of a Monte Carlo run: [`Simulation`] and the spread of each
//! hypothesis's posterior ([`Interval`]), their JSON and display, and how
//! the draws are summarised into them (the mean, type 7 quantiles, how
//! often the point leader and verdict hold).

use super::MonteCarlo;
use super::plan::{CONTRADICTORY, Plan};
use crate::domain::id::HypothesisId;
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::numeric::sum::ExactSum;
use crate::scoring::verdict::Status;

/// The spread of one hypothesis's posterior over the draws.
///
/// Quantiles are the sample quantiles with linear interpolation between
/// order statistics (Hyndman and Fan's type 7, the default of R and numpy).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood_range("a", 0.6, 0.9).likelihood("b", 0.3))
///     .build()?;
/// let sim = MonteCarlo::new().draws(1_000).run(&case)?;
/// let a = sim.interval("a").unwrap();
/// // the posterior of a runs from 0.6 / 0.9 to 0.9 / 1.2
/// assert!(a.q05.get() >= 0.6 / 0.9 && a.q95.get() <= 0.75);
/// assert!(a.q05 <= a.q50 && a.q50 <= a.q95);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"mean": p, "q05": p, "q50": p, "q95": p}`, both ways; reading one
/// back checks that each is a probability and that `q05 <= q50 <= q95`.
///
/// ```
/// use attrib::analysis::Interval;
///
/// let i: Interval = serde_json::from_str(r#"{"mean": 0.5, "q05": 0.2, "q50": 0.5, "q95": 0.8}"#).unwrap();
/// assert_eq!(i.q95.get(), 0.8);
/// assert_eq!(serde_json::to_value(i).unwrap()["q05"], 0.2);
/// assert!(serde_json::from_str::<Interval>(r#"{"mean": 0.5, "q05": 0.9, "q50": 0.5, "q95": 0.8}"#).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawInterval")]
#[non_exhaustive]
pub struct Interval {
    /// The mean posterior.
    pub mean: Probability,
    /// The 5 % quantile.
    pub q05: Probability,
    /// The median.
    pub q50: Probability,
    /// The 95 % quantile.
    pub q95: Probability,
}

/// An interval as read, before its quantiles are checked.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "Interval")]
struct RawInterval {
    mean: Probability,
    q05: Probability,
    q50: Probability,
    q95: Probability,
}

impl TryFrom<RawInterval> for Interval {
    type Error = Error;

    fn try_from(raw: RawInterval) -> Result<Interval, Error> {
        for (field, low, high) in [("q05", raw.q05, raw.q50), ("q50", raw.q50, raw.q95)] {
            if low > high {
                return Err(Error::from(Detail::OutOfRange {
                    item: Item::Value,
                    field: format!("interval {field}"),
                    value: low.get(),
                    expected: "q05 <= q50 <= q95",
                }));
            }
        }
        Ok(Interval {
            mean: raw.mean,
            q05: raw.q05,
            q50: raw.q50,
            q95: raw.q95,
        })
    }
}

/// The result of a Monte Carlo run (docs/model.md section 6).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .likelihood_concentration(20.0)
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.2))
///     .build()?;
/// let sim = MonteCarlo::new().draws(2_000).seed(1).run(&case)?;
/// assert_eq!(sim.draw_count(), 2_000);
/// assert!(sim.leader_holds() > 0.5);
/// println!("{sim}");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"draws": n, "seed": s, "posterior": {hypothesis: interval},
/// "leader_holds": f, "verdict_holds": f, "contradictory_draws": n}`, each
/// interval an [`Interval`]; `posterior` is empty when every draw was
/// contradictory. It is the head of what `attrib sensitivity --format
/// json` prints.
///
/// ```
/// # use attrib::{Case, Evidence, MonteCarlo};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.2)).build()?;
/// let sim = MonteCarlo::new().draws(100).seed(3).run(&case)?;
/// let v = serde_json::to_value(&sim).unwrap();
/// assert_eq!(v["draws"], 100);
/// assert_eq!(v["seed"], 3);
/// assert_eq!(v["posterior"]["a"]["q50"], sim.interval("a").unwrap().q50.get());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    hypotheses: Vec<HypothesisId>,
    intervals: Vec<Interval>,
    draws: usize,
    seed: u64,
    leader_holds: f64,
    verdict_holds: f64,
    contradictory: usize,
    pub(super) kept: Option<Vec<f64>>,
}

impl Simulation {
    /// Every draw's posterior, draw by draw in the hypotheses' order
    /// (`draws x hypotheses`, row-major), when the run was asked to keep
    /// them ([`MonteCarlo::keep_draws`]); a contradictory draw's row is NaN.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().draws(3).keep_draws(true).run(&case)?;
    /// // no range and no concentration: every draw is the point posterior
    /// assert_eq!(sim.draws(), Some(&[0.5, 0.5, 0.5, 0.5, 0.5, 0.5][..]));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn draws(&self) -> Option<&[f64]> {
        self.kept.as_deref()
    }

    /// The interval of a hypothesis, or `None` for an unknown id or when
    /// every draw was contradictory.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().draws(10).run(&case)?;
    /// assert_eq!(sim.interval("a").unwrap().q50.get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn interval(&self, hypothesis: impl AsRef<str>) -> Option<Interval> {
        let h = self
            .hypotheses
            .iter()
            .position(|id| id.as_str() == hypothesis.as_ref())?;
        self.intervals.get(h).copied()
    }

    /// The hypotheses, in the case's order: the order of
    /// [`intervals`](Simulation::intervals).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().draws(10).run(&case)?;
    /// assert_eq!(sim.hypotheses()[1].as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[HypothesisId] {
        &self.hypotheses
    }

    /// The intervals, in the case's hypothesis order (empty when every draw
    /// was contradictory).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().draws(10).run(&case)?;
    /// assert_eq!(sim.intervals().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// The number of draws.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(10).run(&case)?.draw_count(), 10);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn draw_count(&self) -> usize {
        self.draws
    }

    /// The seed.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(10).seed(9).run(&case)?.seed(), 9);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The share of draws in which the point leader stays the leader.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(10).run(&case)?.leader_holds(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader_holds(&self) -> f64 {
        self.leader_holds
    }

    /// The share of draws whose verdict equals the point verdict: attributed
    /// to the same hypothesis, or insufficient in both.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(10).run(&case)?.verdict_holds(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict_holds(&self) -> f64 {
        self.verdict_holds
    }

    /// How many draws eliminated every hypothesis (possible when a range
    /// reaches 0). They count as draws in which neither the leader nor the
    /// verdict holds, and are left out of the intervals.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(10).run(&case)?.contradictory_count(), 0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn contradictory_count(&self) -> usize {
        self.contradictory
    }
}

impl serde::Serialize for Simulation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// `{hypothesis: interval}`.
        struct Intervals<'a>(&'a Simulation);
        impl serde::Serialize for Intervals<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.hypotheses.iter().zip(&self.0.intervals))
            }
        }
        let finite = crate::scoring::decibans::finite;
        let mut st = s.serialize_struct("Simulation", 6)?;
        st.serialize_field("draws", &self.draws)?;
        st.serialize_field("seed", &self.seed)?;
        st.serialize_field("posterior", &Intervals(self))?;
        st.serialize_field("leader_holds", &finite(self.leader_holds))?;
        st.serialize_field("verdict_holds", &finite(self.verdict_holds))?;
        st.serialize_field("contradictory_draws", &self.contradictory)?;
        st.end()
    }
}

impl std::fmt::Display for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let width = self
            .hypotheses
            .iter()
            .map(|h| h.as_str().chars().count())
            .max()
            .unwrap_or(0)
            .max("hypothesis".len())
            .min(crate::scoring::table::MAX_COLUMN);
        writeln!(
            f,
            "{:<width$}  {:>8}  {:>8}  {:>8}  {:>8}",
            "hypothesis", "mean", "5 %", "median", "95 %"
        )?;
        for (h, i) in self.hypotheses.iter().zip(&self.intervals) {
            writeln!(
                f,
                "{:<width$}  {:>8.4}  {:>8.4}  {:>8.4}  {:>8.4}",
                h.as_str(),
                i.mean.get(),
                i.q05.get(),
                i.q50.get(),
                i.q95.get()
            )?;
        }
        write!(
            f,
            "{} draws (seed {}): the leader holds in {:.1} %, the verdict in {:.1} %",
            self.draws,
            self.seed,
            100.0 * self.leader_holds,
            100.0 * self.verdict_holds
        )?;
        if self.contradictory > 0 {
            write!(f, "; {} draws were contradictory", self.contradictory)?;
        }
        Ok(())
    }
}

/// Sample quantiles, type 7, of `values` at `ps` (ascending, in `[0,
/// 1]`), which it reorders: each `v_lo + (h - lo) (v_(lo+1) - v_lo)`,
/// `h = (len - 1) p`, `lo = floor(h)`, `v_i` the values in their order by
/// [`f64::total_cmp`] (NaN for no values). The order statistics are
/// found by selection, each within what the one before left to its
/// right, and `v_(lo+1)` as the least value right of `v_lo`: the values a
/// sort would put there (equal keys under `total_cmp` are the same bits),
/// in linear time. (Sorting each hypothesis's draws took 1.0 % of the CPU
/// time of `probe_mc --kind range-r08 --runs 120`, 256 draws a run of 16
/// hypotheses; selecting, 0.35 %: `perf record -e cpu-clock`, 48 and 15
/// samples of some 4 500.)
pub(super) fn quantiles<const K: usize>(values: &mut [f64], ps: [f64; K]) -> [f64; K] {
    let mut out = [f64::NAN; K];
    let Some(last) = values.len().checked_sub(1) else {
        return out;
    };
    // `values[..placed]` are the least, `values[placed - 1]` in its place.
    let mut placed = 0;
    for (o, p) in out.iter_mut().zip(ps) {
        let h = last as f64 * p;
        let lo = (h.floor() as usize).min(last);
        if lo >= placed
            && let Some(rest) = values.get_mut(placed..)
        {
            rest.select_nth_unstable_by(lo - placed, f64::total_cmp);
            placed = lo + 1;
        }
        let Some(&below) = values.get(lo) else {
            continue;
        };
        let right = values.get(lo + 1..).unwrap_or(&[]);
        let above = right
            .iter()
            .copied()
            .min_by(f64::total_cmp)
            .unwrap_or(below);
        *o = below + (h - lo as f64) * (above - below);
    }
    out
}

pub(super) fn summarise(
    plan: &Plan<'_>,
    options: MonteCarlo,
    out: &mut [f64],
    marks: &[(u32, Status)],
) -> Simulation {
    let n = plan.n;
    let draws = options.draws;
    let leader = u32::try_from(plan.point_leader).unwrap_or(CONTRADICTORY);
    let contradictory = marks.iter().filter(|m| m.0 == CONTRADICTORY).count();
    let leader_holds = marks.iter().filter(|m| m.0 == leader).count();
    let verdict_holds = marks
        .iter()
        .filter(|&&(l, s)| {
            l != CONTRADICTORY
                && s == plan.point_status
                && (s == Status::Insufficient || l == leader)
        })
        .count();
    let valid = draws - contradictory;
    let mut intervals = Vec::with_capacity(n);
    if valid > 0 {
        let mut column = Vec::with_capacity(valid);
        for h in 0..n {
            column.clear();
            column.extend(
                out.chunks(n)
                    .zip(marks)
                    .filter(|(_, m)| m.0 != CONTRADICTORY)
                    .filter_map(|(row, _)| row.get(h).copied()),
            );
            // The mean, shifted by the first draw: exact when all draws agree.
            let first = column.first().copied().unwrap_or(0.0);
            let mut total = ExactSum::default();
            for &x in &column {
                total.add(x - first);
            }
            let mean = first + total.value() / valid as f64;
            let [q05, q50, q95] = quantiles(&mut column, [0.05, 0.50, 0.95]);
            let p = |x: f64| Probability::new(x.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO);
            intervals.push(Interval {
                mean: p(mean),
                q05: p(q05),
                q50: p(q50),
                q95: p(q95),
            });
        }
    }
    Simulation {
        hypotheses: plan.case.hypotheses.iter().map(|h| h.id.clone()).collect(),
        intervals,
        draws,
        seed: options.seed,
        leader_holds: leader_holds as f64 / draws as f64,
        verdict_holds: verdict_holds as f64 / draws as f64,
        contradictory,
        kept: None,
    }
}
