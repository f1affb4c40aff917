//! Monte Carlo uncertainty analysis (docs/model.md section 6): how far the
//! posterior moves when every judgement held as a range, or held with a
//! stated firmness, is drawn anew.

use crate::analysis::progress::{self, Phase, Progress, Tally};
use crate::domain::case::Case;
use crate::domain::id::HypothesisId;
use crate::domain::probability::{Estimate, Probability};
use crate::domain::source::SourceReliability;
use crate::domain::weighting::{Weighting, ln as weighing};
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::numeric::sum::ExactSum;
use crate::numeric::totals::{LogTotals, RowTotals};
use crate::numeric::{ln_row, sample};
use crate::scoring::engine::{self, ItemModel};
use crate::scoring::verdict::Status;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::ops::Range;

/// The random generator of the draws: xoshiro256++ (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47(4),
/// 2021), fast and statistically strong, one stream per draw.
type Stream = Xoshiro256PlusPlus;

/// The stream of draw `draw` of a run with seed `seed`: the generator
/// seeded (through SplitMix64, as `seed_from_u64` does) with the seed and
/// the draw's index mixed by a multiplication with an odd constant, so
/// that distinct draws of one run have distinct states.
fn stream(seed: u64, draw: usize) -> Stream {
    Stream::seed_from_u64(seed ^ (draw as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Draws per chunk: the unit of work of a thread (feature `rayon`) and
/// of the progress reports. Each draw has its own random stream, chosen
/// by the seed and the draw's index, so the result depends neither on how
/// chunks are spread over threads nor on how many draws are made together.
const CHUNK: usize = 64;

/// About how many likelihoods a span of items holds ([`Plan::span`]):
/// the items of a span are drawn in every draw of a batch while their
/// samplers (64 bytes a likelihood) and rows are in the second-level
/// cache.
const SPAN_VALUES: usize = 4096;

/// The most bytes a workspace keeps for the rows of the grouped items of
/// the draws made together ([`Plan::together`]): those rows wait for the
/// draw's last span before their groups are ranked.
const GROUPED_BUDGET: usize = 16 << 20;

/// A Monte Carlo run (docs/model.md section 6): its options, and
/// [`run`](MonteCarlo::run), which draws them on a case.
///
/// Defaults: 10 000 draws, seed 0. The setters carry the option's name and
/// take `self`, as every options builder of the crate does; the options are
/// checked when the run starts, and the [`Simulation`] it gives says which
/// were used ([`Simulation::draw_count`], [`Simulation::seed`]).
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
/// let sim = MonteCarlo::new().draws(2_000).seed(42).run(&case)?;
/// assert_eq!((sim.draw_count(), sim.seed()), (2_000, 42));
/// assert!(sim.leader_holds() > 0.5);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct MonteCarlo {
    draws: usize,
    seed: u64,
    keep_draws: bool,
}

impl Default for MonteCarlo {
    fn default() -> Self {
        MonteCarlo {
            draws: 10_000,
            seed: 0,
            keep_draws: false,
        }
    }
}

impl MonteCarlo {
    /// The default options: 10 000 draws, seed 0.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().run(&case)?;
    /// assert_eq!((sim.draw_count(), sim.seed()), (10_000, 0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the number of draws (default 10 000; at least 1, checked when
    /// the run starts).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(attrib::MonteCarlo::new().draws(500).run(&case)?.draw_count(), 500);
    /// assert!(attrib::MonteCarlo::new().draws(0).run(&case).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn draws(mut self, n: usize) -> Self {
        self.draws = n;
        self
    }

    /// Sets the seed (default 0). Draw `i` takes its random numbers from
    /// its own xoshiro256++ stream, seeded with the seed and `i`, so the
    /// same seed gives the same result, bit for bit, whatever the number
    /// of threads, and the first `m` draws of a run of `n > m` are those
    /// of a run of `m`.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .likelihood_concentration(5.0)
    /// #     .evidence(attrib::Evidence::builder("e").likelihood("a", 0.7).likelihood("b", 0.4)).build()?;
    /// let options = attrib::MonteCarlo::new().draws(200).seed(20150316);
    /// assert_eq!(options.run(&case)?, options.run(&case)?);
    /// assert_eq!(options.run(&case)?.seed(), 20150316);
    /// // draw i is the same draw in a longer run
    /// let short = options.draws(70).keep_draws(true).run(&case)?;
    /// let long = options.draws(300).keep_draws(true).run(&case)?;
    /// assert_eq!(short.draws(), long.draws().map(|d| &d[..70 * 2]));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// With `true`, the result keeps every draw's posterior
    /// ([`Simulation::draws`]; default `false`). It costs no more memory
    /// than the run allocates anyway ([`memory_estimate`](MonteCarlo::memory_estimate)
    /// counts it), but that memory is then held as long as the result.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let sim = attrib::MonteCarlo::new().draws(50).keep_draws(true).run(&case)?;
    /// assert_eq!(sim.draws().map(<[f64]>::len), Some(50 * 2));
    /// assert_eq!(attrib::MonteCarlo::new().draws(50).run(&case)?.draws(), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn keep_draws(mut self, keep: bool) -> Self {
        self.keep_draws = keep;
        self
    }

    /// About how many bytes the run takes on `case`, allocated before the
    /// first draw: `draws x (hypotheses + 2) x 8`, 8 bytes per hypothesis
    /// and draw for the posteriors, 8 per draw for its leader and verdict,
    /// and 8 per draw for the column sorted for the quantiles (measured: 32.7
    /// bytes a draw at 2 hypotheses). The buffers of the case's own scoring
    /// come on top, and so do, where dependence groups have members drawn,
    /// the rows of those members in the draws made together (about 16 MB
    /// a thread at most, or two draws' rows where one draw's pass that).
    /// Saturates at `u64::MAX`.
    ///
    /// A caller that must not run out of memory compares it with a budget
    /// before [`run`](MonteCarlo::run), as `attrib sensitivity` and `attrib
    /// report` do (`--memory-budget`).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// // two hypotheses: (2 + 2) x 8 bytes a draw
    /// assert_eq!(attrib::MonteCarlo::new().draws(1_000).memory_estimate(&case), 32_000);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn memory_estimate(&self, case: &Case) -> u64 {
        let per_draw = (case.hypotheses().len() as u64)
            .saturating_add(2)
            .saturating_mul(8);
        (self.draws as u64).saturating_mul(per_draw)
    }

    /// Runs the draws on `case` (docs/model.md section 6). One draw: every range
    /// (likelihood, item reliability, source reliability) is drawn
    /// uniformly; every other likelihood `l` strictly between 0 and 1 is
    /// drawn from `Beta(k l, k (1 - l))` when a concentration `k` applies
    /// (the item's own, else the case's `likelihood_concentration`), while
    /// 0 and 1 stay fixed; the prior is drawn from `Dirichlet(k0 * prior)`
    /// when `prior_concentration` `k0` is given; then the case is scored.
    ///
    /// Only what is uncertain is drawn: items with nothing to draw are
    /// scored once, and the draws reuse their buffers. Each draw has its
    /// own xoshiro256++ stream, chosen by the seed and the draw's index
    /// (within a draw: the source reliability ranges, then the uncertain
    /// items in order, each one's likelihood ranges, reliability, chance,
    /// observed confidence and Beta likelihoods, then the prior), so the
    /// same seed gives the same result, bit for bit, whatever the number of
    /// threads (feature `rayon` runs chunks of 64 draws in parallel). The items are
    /// taken in spans, each span in every draw of a batch of up to 64
    /// while its data is cached. With nothing to draw, every draw equals the point
    /// posterior exactly. To follow a long run (a progress bar), use
    /// [`run_with_progress`](MonteCarlo::run_with_progress).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `draws` is 0; [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory)
    /// when the case itself is; [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) (field `draws`),
    /// rather than an abort, when `draws` times the number of hypotheses
    /// overflows or the draws' memory cannot be allocated. (A count the
    /// system could allocate only by overcommitting may still fail later:
    /// a caller bounds `draws` by [`memory_estimate`](MonteCarlo::memory_estimate),
    /// as `attrib` does with its memory budget.)
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, MonteCarlo};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .likelihood_concentration(10.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2))
    ///     .build()?;
    /// let options = MonteCarlo::new().draws(1_000).seed(5);
    /// let one = options.run(&case)?;
    /// assert_eq!(one, options.run(&case)?); // the same seed, the same draws
    /// assert_eq!(one.draw_count(), 1_000);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn run(&self, case: &Case) -> Result<Simulation, Error> {
        case.monte_carlo(*self)
    }

    /// [`run`](MonteCarlo::run), telling `progress` how many
    /// draws are done ([`Phase::MonteCarlo`]): 0 once the draws' memory is
    /// allocated, then after each chunk of 64 draws, up to `draws` (see
    /// [`Progress`] for what an observer is told). The result is the same,
    /// bit for bit, as without an observer.
    ///
    /// # Errors
    ///
    /// As [`run`](MonteCarlo::run); `progress` is told nothing
    /// when the run fails before drawing.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, MonteCarlo, Step};
    /// use std::sync::Mutex;
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .likelihood_concentration(10.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2))
    ///     .build()?;
    /// let counts = Mutex::new(Vec::new());
    /// let options = MonteCarlo::new().draws(1_000).seed(5);
    /// let sim = options.run_with_progress(&case, &|s: Step| counts.lock().unwrap().push(s.done))?;
    /// assert_eq!(sim, options.run(&case)?);
    /// let counts = counts.into_inner().unwrap();
    /// assert_eq!(counts.first(), Some(&0));
    /// assert_eq!(counts.last(), Some(&1_000));
    /// assert!(counts.windows(2).all(|w| w[0] < w[1]));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn run_with_progress(
        &self,
        case: &Case,
        progress: &dyn Progress,
    ) -> Result<Simulation, Error> {
        case.monte_carlo_with_progress(*self, progress)
    }

    /// The sampler alone, for the speed probe of `benches/probe_mc.rs`:
    /// draws every random number that [`run`](MonteCarlo::run) would draw
    /// on `case`, from the same streams, and stops there (no logarithms,
    /// no weighing, no sums, no summary). Gives the sum of the values
    /// drawn, so that the work cannot be optimised away. Not part of the
    /// stable API.
    ///
    /// # Errors
    ///
    /// As [`run`](MonteCarlo::run).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, MonteCarlo};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_range("a", 0.25, 0.75).likelihood("b", 0.25))
    ///     .build()?;
    /// // one range drawn ten times; the fixed 0.25 is not drawn
    /// let total = MonteCarlo::new().draws(10).sample_only(&case)?;
    /// assert!((2.5..=7.5).contains(&total));
    /// // a range [x, x] is a point: nothing to draw
    /// let point = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_range("a", 0.5, 0.5).likelihood("b", 0.25))
    ///     .build()?;
    /// assert_eq!(MonteCarlo::new().draws(10).sample_only(&point)?, 0.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[doc(hidden)]
    pub fn sample_only(&self, case: &Case) -> Result<f64, Error> {
        if self.draws == 0 {
            return Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "draws".into(),
                value: 0.0,
                expected: "1..",
            }));
        }
        let plan = Plan::new(case)?.batches_for(self.draws);
        let mut ws = plan.workspace();
        let mut total = 0.0;
        let mut streams = Vec::with_capacity(plan.together);
        // Chunk by chunk, batch by batch, span by span, as a run draws.
        for chunk in 0..self.draws.div_ceil(CHUNK) {
            let end = self.draws.min((chunk + 1) * CHUNK);
            for first in (chunk * CHUNK..end).step_by(plan.together) {
                streams.clear();
                for draw in first..end.min(first + plan.together) {
                    let mut rng = stream(self.seed, draw);
                    for &(lo, hi) in plan.source_ranges.iter().flatten() {
                        total += sample::uniform(&mut rng, lo, hi);
                    }
                    streams.push(rng);
                }
                for span in plan.spans() {
                    for rng in &mut streams {
                        total += plan.sample_span(span.clone(), rng, &mut ws);
                    }
                }
            }
        }
        Ok(total)
    }
}

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
    kept: Option<Vec<f64>>,
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

/// How one likelihood is drawn.
#[derive(Debug, Clone, Copy)]
enum Draw {
    /// Fixed: its value and its log.
    Fixed(f64, f64),
    /// Uniform on a range: the next value of the draw's block of ranges
    /// ([`Plan::ranges`]).
    Range,
    /// `Beta(a, b)`, prebuilt.
    Beta(sample::LnBeta),
}

/// The likelihood ranges of every uncertain item, in the order they are
/// drawn: a draw's block of uniform draws ([`sample::uniforms`]), drawn
/// a run of items at a time ([`Plan::draw_span`]).
#[derive(Debug, Default)]
struct Ranges {
    low: Vec<f64>,
    width: Vec<f64>,
    high: Vec<f64>,
}

/// The range of an estimate that spreads over one: `None` for a point,
/// and for a range `[x, x]`, which is a point too (a draw from it gives
/// `x`; no draw is made).
fn spread(e: Option<Estimate>) -> Option<(f64, f64)> {
    match e {
        Some(Estimate::Range { low, high }) if low < high => Some((low.get(), high.get())),
        _ => None,
    }
}

/// How an item's reliability is drawn.
#[derive(Debug, Clone, Copy)]
enum ReliabilityDraw {
    Fixed(f64),
    Own(f64, f64),
    Source(usize),
}

#[derive(Debug, Clone)]
struct UncertainItem {
    index: usize,
    likelihoods: Vec<Draw>,
    reliability: ReliabilityDraw,
    /// `chance` and `observed` when given as ranges (or words, which are
    /// their bands): drawn uniformly, after the reliability. Items without
    /// draw nothing more, so their draws are as before.
    chance: Option<(f64, f64)>,
    observed: Option<(f64, f64)>,
    /// The chance when it is given as a point: its value (`model` holds
    /// its log).
    point_chance: Option<f64>,
    /// Whether every likelihood is a range: the row is then a slice of
    /// the draw's block of ranges, from `first_range`.
    all_ranges: bool,
    /// The position in the draw's block of ranges of the item's first
    /// range, and the least low end of its ranges.
    first_range: usize,
    range_low: f64,
    /// The position in the draw's block of ranges past the item's last
    /// range.
    range_end: usize,
    /// Whether the item's model is the same in every draw: reliability,
    /// chance and observed confidence not drawn.
    fixed_model: bool,
    model: ItemModel,
    /// Whether the item belongs to a dependence group (whose terms are
    /// ranked once all its members are drawn).
    grouped: bool,
    /// For a grouped item, its position among the grouped uncertain items
    /// ([`Plan::slots`]).
    slot: usize,
}

/// A case compiled for repeated draws: the items with nothing uncertain
/// are summed once, the others are drawn anew each time.
#[derive(Debug)]
struct Plan<'a> {
    case: &'a Case,
    n: usize,
    weighting: Weighting,
    threshold: f64,
    /// The totals of the items that are not drawn, fast (copied into each
    /// draw) and exact (copied into a replay).
    fixed: LogTotals,
    uncertain: Vec<UncertainItem>,
    ranges: Ranges,
    /// Whether the draw's block of ranges is the rows themselves: every
    /// uncertain item has only ranges to draw (no reliability, chance or
    /// observed confidence drawn), and none is mixed in linear space. The
    /// rows are then read from the block, with no row drawn item by item.
    rows_are_block: bool,
    /// Per uncertain item, its reliability and point chance, when every
    /// row is a row of ranges that stays in the block ([`Plan::no_splits`])
    /// and every item's model is fixed and its row linear in every draw
    /// (outside any group, no observed confidence; a mixture that cannot
    /// fall below [`ln_row::MIX_FLOOR`], or none at reliability 1): a draw
    /// then draws a span's block of ranges [`ln_row::BLOCK`] items at a
    /// time, and takes each piece's chances, where they are the means, its
    /// mixtures' coefficients and its products while the piece is cached
    /// ([`Plan::weigh_and_add`]).
    fixed_mixes: Option<Vec<(f64, Option<f64>)>>,
    /// Whether every likelihood drawn is a range, so that no row has a
    /// logarithm split off ([`sample::LnBeta::sample_split`]): the rows'
    /// `row` then needs no zeros, as the logarithms are written, not added.
    no_splits: bool,
    /// The dependence groups with an uncertain member: ranked anew in
    /// every draw.
    drawn_groups: Vec<engine::Members>,
    /// Per item of the case, its slot when it is a grouped uncertain item:
    /// a draw keeps those items' rows, slot by slot, until its groups are
    /// ranked (the other members' rows are the point rows).
    slot_of: Vec<Option<u32>>,
    /// How many grouped uncertain items there are: the slots of a draw.
    slots: usize,
    /// Uncertain items per span: a multiple of [`ln_row::BLOCK`] of about
    /// [`SPAN_VALUES`] likelihoods, or every item where they hold at most
    /// four times as many (their samplers, 1 MB at most, then stay in the
    /// second-level cache from one draw to the next; measured in the
    /// caches, 16 x 1 000 Beta likelihoods, spans cost the loop some 3 %).
    /// Each span is drawn in every draw of a batch before the next span.
    span: usize,
    /// Draws made together, a batch (at most [`CHUNK`]): as many as the
    /// grouped items' rows allow within [`GROUPED_BUDGET`].
    together: usize,
    /// The point effective rows `ln l''` of every item, item-major: the
    /// rows of the items that are not drawn.
    point_rows: Vec<f64>,
    /// Per source: its reliability range, when it is one.
    source_ranges: Vec<Option<(f64, f64)>>,
    ln_prior: Vec<f64>,
    /// Dirichlet shapes `k0 * prior(h)`, when the prior is drawn.
    dirichlet: Option<Vec<f64>>,
    point_leader: usize,
    point_status: Status,
}

/// Per-thread buffers, reused across draws.
struct Workspace {
    /// The totals of a draw, as fast sums.
    totals: LogTotals,
    /// The exact totals of a replayed draw.
    replay: LogTotals,
    /// Tests only: replay every draw, as if no fast sum were certified.
    #[cfg(test)]
    always_replay: bool,
    ranking: engine::GroupScratch,
    /// The rows of the uncertain items, item-major: each likelihood drawn
    /// as `ln l = ln lin + row` (or mixed in `lin`), where the row is not
    /// read from the block of ranges; after the logarithms (of the items
    /// taken one by one), `row` holds `ln l'`, then `ln l''`.
    lin: Vec<f64>,
    row: Vec<f64>,
    /// Per uncertain item, its model in this draw, and whether its mixture
    /// was taken in `lin` (else its row is weighed after the logarithms).
    models: Vec<ItemModel>,
    mixed: Vec<bool>,
    /// Per uncertain item, its chance in this draw when known as a value
    /// (else the mean of its likelihoods is taken).
    chances: Vec<Option<f64>>,
    /// Per uncertain item, in a draw whose rows stay in the block of
    /// ranges, its mixture `(r, (1 - r) c)` ([`UNMIXED`] for none).
    mixes: Vec<(f64, f64)>,
    /// Per uncertain item, whether its effective row in this draw is the
    /// logarithm of its likelihoods as drawn (or mixed) in linear space:
    /// outside any group, no logarithm split off, no weighing after the
    /// logarithms. Such items are multiplied together, in blocks
    /// ([`ln_row::Products`]).
    linear: Vec<bool>,
    /// The draw's block of likelihood ranges (where the mixtures are
    /// fixed, only the pieces of it that [`ln_row::Products::take`]
    /// refused).
    units: Vec<f64>,
    /// Where the mixtures are fixed, the piece of the block of ranges
    /// being drawn and weighed: [`ln_row::BLOCK`] rows (8 KB at 16
    /// hypotheses; empty otherwise, and grown to that size should a draw
    /// with fixed mixtures find it smaller).
    block: Vec<f64>,
    /// The uncertain items of a span taken one by one in this draw (their
    /// logarithms, weighing and terms): every item that is not linear,
    /// and those of a block that [`ln_row::Products::take`] refused.
    singles: Vec<usize>,
    /// The terms of a draw's products.
    linear_terms: Vec<f64>,
    /// The independent items among `singles`, and the largest value of
    /// each one's row.
    maxes: Vec<(usize, f64)>,
    terms: Vec<f64>,
    ln_prior: Vec<f64>,
    joint: Vec<f64>,
    /// The draws made together, each with its own state.
    batch: Batch,
}

/// The mixture coefficients `(r, (1 - r) c)` of a row without a mixture:
/// `1 x + 0` is `x`, for every `x >= 0`.
const UNMIXED: (f64, f64) = (1.0, 0.0);

/// The leader's mark of a draw that eliminates every hypothesis (its
/// posteriors are NaN, its status insufficient); a draw's mark is
/// otherwise its leader's position.
const CONTRADICTORY: u32 = u32::MAX;

impl<'a> Plan<'a> {
    fn new(case: &'a Case) -> Result<Plan<'a>, Error> {
        let point = case.score()?;
        let n = case.hypotheses.len();
        let models = case.item_models();
        let k_case = case.uncertainty.likelihood_concentration;
        let source_ranges: Vec<Option<(f64, f64)>> = case
            .sources
            .iter()
            .map(|s| match s.grading {
                Some(SourceReliability::Value(e)) => spread(Some(e)),
                _ => None,
            })
            .collect();
        let layout = case.layout();
        let mut uncertain = Vec::new();
        let mut ranges = Ranges::default();
        for (i, (e, model)) in case.evidence.iter().zip(&models).enumerate() {
            let k = e.concentration.or(k_case).map(|k| k.get());
            let likelihoods: Vec<Draw> = e
                .fields
                .likelihoods
                .iter()
                .map(|&l| match l {
                    Estimate::Range { .. } if spread(Some(l)).is_some() => Draw::Range,
                    Estimate::Range { low: p, .. } => Draw::Fixed(p.get(), p.get().ln()),
                    Estimate::Point(p) => {
                        let p = p.get();
                        match k {
                            Some(k) if p > 0.0 && p < 1.0 => {
                                Draw::Beta(sample::LnBeta::new(k * p, k * (1.0 - p)))
                            }
                            _ => Draw::Fixed(p, p.ln()),
                        }
                    }
                })
                .collect();
            let source_range = case.source_index(i).filter(|&s| source_ranges[s].is_some());
            let reliability = match (e.fields.reliability, source_range) {
                (Some(own), _) => match spread(Some(own)) {
                    Some((low, high)) => ReliabilityDraw::Own(low, high),
                    None => ReliabilityDraw::Fixed(model.r),
                },
                (None, Some(s)) => ReliabilityDraw::Source(s),
                _ => ReliabilityDraw::Fixed(model.r),
            };
            let (chance, observed) = (spread(e.fields.chance), spread(e.fields.observed));
            let drawn = likelihoods.iter().any(|d| !matches!(d, Draw::Fixed(..)))
                || !matches!(reliability, ReliabilityDraw::Fixed(_))
                || chance.is_some()
                || observed.is_some();
            if drawn {
                let first_range = ranges.low.len();
                for l in &e.fields.likelihoods {
                    if let Some((low, high)) = spread(Some(*l)) {
                        ranges.low.push(low);
                        ranges.width.push(high - low);
                        ranges.high.push(high);
                    }
                }
                let point_chance = match chance {
                    Some(_) => None,
                    None => e.fields.chance.map(|c| c.midpoint().get()),
                };
                uncertain.push(UncertainItem {
                    all_ranges: likelihoods.iter().all(|d| matches!(d, Draw::Range)),
                    first_range,
                    range_end: ranges.low.len(),
                    range_low: ranges
                        .low
                        .get(first_range..)
                        .unwrap_or(&[])
                        .iter()
                        .fold(f64::INFINITY, |a, &x| a.min(x)),
                    fixed_model: matches!(reliability, ReliabilityDraw::Fixed(_))
                        && chance.is_none()
                        && observed.is_none(),
                    index: i,
                    likelihoods,
                    reliability,
                    chance,
                    observed,
                    point_chance,
                    model: *model,
                    grouped: layout.group_of.get(i).copied().flatten().is_some(),
                    slot: 0,
                });
            }
        }
        let mut slot_of = vec![None; case.evidence.len()];
        let mut slots = 0;
        for u in uncertain.iter_mut().filter(|u| u.grouped) {
            if let (Some(at), Ok(slot)) = (slot_of.get_mut(u.index), u32::try_from(slots)) {
                *at = Some(slot);
                u.slot = slots;
                slots += 1;
            }
        }
        let grouped_bytes = (slots * n * 8).max(1);
        let together = (GROUPED_BUDGET / grouped_bytes).clamp(1, CHUNK);
        // (One span where the likelihoods drawn are few: each draw is then
        // made whole, one after the other.)
        let span = match uncertain.len() * n <= 4 * SPAN_VALUES {
            true => uncertain.len().next_multiple_of(ln_row::BLOCK),
            false => (SPAN_VALUES / n.max(1)).next_multiple_of(ln_row::BLOCK),
        };
        let mut item_drawn = vec![false; case.evidence.len()];
        for u in &uncertain {
            item_drawn[u.index] = true;
        }
        // A group is drawn when any of its members is.
        let mut group_drawn = vec![false; layout.groups.len()];
        for u in &uncertain {
            if let Some(g) = layout.group_of.get(u.index).copied().flatten() {
                group_drawn[g] = true;
            }
        }
        let mut fixed = LogTotals::fast_and_exact(n);
        for (i, &own) in item_drawn.iter().enumerate() {
            let drawn = match layout.group_of.get(i).copied().flatten() {
                Some(g) => group_drawn[g],
                None => own,
            };
            if !drawn && let Some(t) = point.terms.get(i * n..(i + 1) * n) {
                // The point scoring's own terms: a draw with nothing
                // uncertain sums exactly what `Case::score` summed.
                fixed.add(t);
            }
        }
        let mixture = case.weighting == Weighting::Mixture;
        let rows_are_block = uncertain.iter().all(|u| {
            u.all_ranges
                && matches!(u.reliability, ReliabilityDraw::Fixed(_))
                && u.chance.is_none()
                && u.observed.is_none()
                && !(mixture && u.model.r < 1.0)
        });
        let drawn_groups = layout
            .groups
            .iter()
            .zip(&group_drawn)
            .filter(|(_, d)| **d)
            .map(|(g, _)| g.clone())
            .collect();
        let dirichlet = case.uncertainty.prior_concentration.map(|k0| {
            case.prior
                .probabilities()
                .iter()
                .map(|p| k0.get() * p.get())
                .collect()
        });
        let no_splits = uncertain.iter().all(|u| u.all_ranges);
        let fixed_mixes = uncertain
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let r = u.model.r;
                let mixes = if mixture && r < 1.0 {
                    r * u.range_low >= 2.0 * ln_row::MIX_FLOOR
                } else {
                    r == 1.0
                };
                let fixed = no_splits
                    && u.fixed_model
                    && !u.grouped
                    && unobserved(&u.model)
                    && u.first_range == i * n
                    && mixes;
                fixed.then_some((r, u.point_chance))
            })
            .collect();
        Ok(Plan {
            case,
            n,
            weighting: case.weighting,
            threshold: case.threshold().get(),
            fixed,
            rows_are_block,
            no_splits,
            fixed_mixes,
            uncertain,
            ranges,
            drawn_groups,
            slot_of,
            slots,
            span: span.max(ln_row::BLOCK),
            together,
            point_rows: point.effective.clone(),
            source_ranges,
            ln_prior: case.prior.ln_relative.clone(),
            dirichlet,
            point_leader: point.normalised.leader,
            point_status: point.verdict().status(),
        })
    }

    /// The plan for a run of `draws` draws: no more draws made together
    /// than it has (which changes no result, only the workspace's size).
    fn batches_for(mut self, draws: usize) -> Self {
        self.together = self.together.min(draws.max(1));
        self
    }

    fn workspace(&self) -> Workspace {
        let mut totals = LogTotals::fast(self.n);
        totals.copy_from(&self.fixed);
        let rows = self.uncertain.len() * self.n;
        // The draws made together, then the replay's.
        let draws = (0..=self.together).map(|_| self.draw_state()).collect();
        let grouped = vec![0.0; (self.together + 1) * self.slots * self.n];
        Workspace {
            totals,
            replay: LogTotals::exact(self.n),
            #[cfg(test)]
            always_replay: false,
            ranking: engine::GroupScratch::default(),
            lin: vec![1.0; rows],
            row: vec![0.0; rows],
            models: self.uncertain.iter().map(|u| u.model).collect(),
            mixed: self
                .uncertain
                .iter()
                .map(|u| self.fixed_mixes.is_some() && u.model.r < 1.0)
                .collect(),
            chances: self.uncertain.iter().map(|u| u.point_chance).collect(),
            mixes: vec![UNMIXED; self.uncertain.len()],
            // As every draw finds it where the block is the rows (the
            // models are the plan's, none is mixed, nothing is split);
            // otherwise each draw sets it.
            // Every row linear where the mixtures are fixed (each mixed
            // where its reliability is below 1).
            linear: self
                .uncertain
                .iter()
                .map(|u| {
                    self.fixed_mixes.is_some()
                        || !u.grouped && u.model.r == 1.0 && unobserved(&u.model)
                })
                .collect(),
            units: vec![0.0; self.ranges.low.len()],
            block: match self.fixed_mixes {
                Some(_) => vec![0.0; ln_row::BLOCK * self.n],
                None => Vec::new(),
            },
            singles: Vec::with_capacity(self.uncertain.len()),
            linear_terms: vec![0.0; self.n],
            maxes: Vec::with_capacity(self.uncertain.len()),
            terms: vec![0.0; self.n],
            ln_prior: self.ln_prior.clone(),
            joint: vec![0.0; self.n],
            batch: Batch { draws, grouped },
        }
    }

    /// A draw's state, before its stream is set ([`Plan::start`]).
    fn draw_state(&self) -> DrawState {
        DrawState {
            rng: stream(0, 0),
            sources: vec![1.0; self.source_ranges.len()],
            products: ln_row::Products::new(self.n),
            sums: RowTotals::new(self.n),
        }
    }

    /// The spans of uncertain items, in order ([`Plan::span`]).
    fn spans(&self) -> impl Iterator<Item = Range<usize>> + use<'_, 'a> {
        let count = self.uncertain.len();
        (0..count)
            .step_by(self.span)
            .map(move |a| a..count.min(a + self.span))
    }

    /// Where uncertain item `u`'s likelihood ranges start in the draw's
    /// block of ranges (the block's end for `u` past the last item).
    fn range_start(&self, u: usize) -> usize {
        self.uncertain
            .get(u)
            .map_or(self.ranges.low.len(), |item| item.first_range)
    }

    /// Draw `d`'s stream of a run with seed `seed`, and what the draw
    /// takes from it before its items: the source reliabilities.
    fn start(&self, seed: u64, draw: usize, d: &mut DrawState) {
        d.rng = stream(seed, draw);
        for (value, range) in d.sources.iter_mut().zip(&self.source_ranges) {
            if let Some((lo, hi)) = *range {
                *value = sample::uniform(&mut d.rng, lo, hi);
            }
        }
        d.products.clear();
        d.sums.clear();
    }

    /// Runs the draws of chunk `chunk` into `out` (`n` posteriors a draw)
    /// and `marks` (leader and status a draw): in batches of
    /// [`Plan::together`] draws, each span of items drawn in every draw
    /// of the batch before the next span, while its samplers and rows
    /// are cached; then each draw of the batch is finished (its groups
    /// ranked, its prior drawn, its joint and posteriors).
    fn run_chunk(
        &self,
        seed: u64,
        chunk: usize,
        ws: &mut Workspace,
        out: &mut [f64],
        marks: &mut [(u32, Status)],
    ) {
        let mut batch = std::mem::take(&mut ws.batch);
        let n = self.n;
        let slot = self.slots * n;
        let (grouped, grouped_again) = batch.grouped.split_at_mut(self.together * slot);
        // (A workspace always holds the batch's states and the replay's,
        // last.)
        if let Some((again, states)) = batch.draws.split_last_mut() {
            let mut replay = Replay {
                d: again,
                grouped: grouped_again,
                seed,
                draw: 0,
            };
            let outs = out.chunks_mut(self.together * n);
            for (b, (out, marks)) in outs.zip(marks.chunks_mut(self.together)).enumerate() {
                let first = chunk * CHUNK + b * self.together;
                let states = states.get_mut(..marks.len()).unwrap_or(&mut []);
                for (k, d) in states.iter_mut().enumerate() {
                    self.start(seed, first + k, d);
                }
                for span in self.spans() {
                    for (d, grouped) in states.iter_mut().zip(slots(grouped, slot)) {
                        self.draw_span(span.clone(), d, grouped, ws, Totals::Fast);
                    }
                }
                let posts = out.chunks_mut(n).zip(marks.iter_mut());
                let batch = states.iter_mut().zip(slots(grouped, slot));
                for (k, ((post, mark), (d, grouped))) in posts.zip(batch).enumerate() {
                    ws.totals.copy_from(&self.fixed);
                    self.finish(d, grouped, ws, Totals::Fast);
                    if let Some(shapes) = &self.dirichlet {
                        for (x, &a) in ws.ln_prior.iter_mut().zip(shapes) {
                            *x = if a > 0.0 {
                                sample::ln_gamma(&mut d.rng, a)
                            } else {
                                f64::NEG_INFINITY
                            };
                        }
                    }
                    replay.draw = first + k;
                    self.joint(ws, &mut replay);
                    match engine::normalise(&ws.joint) {
                        None => {
                            post.fill(f64::NAN);
                            *mark = (CONTRADICTORY, Status::Insufficient);
                        }
                        Some(nz) => {
                            for (h, p) in post.iter_mut().enumerate() {
                                *p = engine::probability(&ws.joint, &nz, h);
                            }
                            let leader = u32::try_from(nz.leader).unwrap_or(CONTRADICTORY);
                            *mark = (leader, engine::status(&ws.joint, &nz, self.threshold));
                        }
                    }
                }
            }
        }
        ws.batch = batch;
    }

    /// The random numbers of the items of `span` in one draw, as
    /// [`Plan::draw_span`] draws them, without anything made of them:
    /// their sum (each Beta draw counted as its split factor).
    fn sample_span(&self, span: Range<usize>, rng: &mut Stream, ws: &mut Workspace) -> f64 {
        // Where the mixtures are fixed, a draw draws nothing but the
        // span's block of ranges, in pieces of [`ln_row::BLOCK`] items on
        // the instruction set of [`Plan::weigh_and_add`], without looking
        // at the items: so does this.
        if self.fixed_mixes.is_some() {
            let at = self.range_start(span.start)..self.range_start(span.end);
            if at.is_empty() {
                return 0.0;
            }
            let size = ln_row::BLOCK * self.n;
            if ws.block.len() < size {
                ws.block.resize(size, 0.0);
            }
            return pulp::Arch::new().dispatch(SampleRanges {
                ranges: &self.ranges,
                at,
                size,
                buffer: &mut ws.block,
                rng,
            });
        }
        let mut total = 0.0;
        let r = &self.ranges;
        let mut drawn = self.range_start(span.start);
        // The ranges summed in eight lanes, which the compiler vectorises:
        // one running sum was a chain of dependent additions, a sixth of
        // the time of drawing the ranges (0.5 of 3.0 ns a value), which
        // the loop never pays.
        let mut lanes = [0.0; 8];
        let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
        for item in items {
            // (a row of ranges with a fixed model draws only its ranges,
            // which join the next block drawn, as a draw takes them)
            if item.all_ranges && item.fixed_model {
                continue;
            }
            let end = item.range_end;
            if drawn < end {
                draw_ranges(rng, r, drawn..end, &mut ws.units);
                total += sum_lanes(ws.units.get(drawn..end).unwrap_or(&[]), &mut lanes);
                drawn = end;
            }
            if let ReliabilityDraw::Own(lo, hi) = item.reliability {
                total += sample::uniform(rng, lo, hi);
            }
            // Chance then observed confidence, as `draw_model` draws them.
            // (Not as a loop over the pair: copying it stalled on a store
            // forwarding, item by item, for 16 % of the time of a draw of
            // ranges.)
            if let Some((lo, hi)) = item.chance {
                total += sample::uniform(rng, lo, hi);
            }
            if let Some((lo, hi)) = item.observed {
                total += sample::uniform(rng, lo, hi);
            }
            if !item.all_ranges {
                for d in &item.likelihoods {
                    if let Draw::Beta(beta) = *d {
                        total += beta.sample_split(rng).0;
                    }
                }
            }
        }
        let end = self.range_start(span.end);
        draw_ranges(rng, r, drawn..end, &mut ws.units);
        total += sum_lanes(ws.units.get(drawn..end).unwrap_or(&[]), &mut lanes);
        total + lanes.iter().sum::<f64>()
    }

    /// An uncertain item's model in a draw, and its chance as a value when
    /// known as one: its reliability, chance and observed confidence,
    /// drawn in that order where they are ranges.
    #[inline]
    fn draw_model(
        &self,
        rng: &mut Stream,
        sources: &[f64],
        item: &UncertainItem,
    ) -> (ItemModel, Option<f64>) {
        let r = match item.reliability {
            ReliabilityDraw::Fixed(r) => r,
            ReliabilityDraw::Own(lo, hi) => {
                let own = sample::uniform(rng, lo, hi);
                self.case.reliability_with(item.index, Some(own), None)
            }
            ReliabilityDraw::Source(s) => {
                let source = sources.get(s).copied();
                self.case.reliability_with(item.index, None, source)
            }
        };
        let mut model = ItemModel { r, ..item.model };
        let mut chance = item.point_chance;
        if let Some((lo, hi)) = item.chance {
            let c = sample::uniform(rng, lo, hi);
            model.ln_chance = Some(c.ln());
            chance = Some(c);
        }
        if let Some((lo, hi)) = item.observed {
            model.observed = Some(sample::uniform(rng, lo, hi));
        }
        (model, chance)
    }

    /// Draws the terms of the uncertain items of `span` in draw `d` and
    /// adds them up: those of the independent items to the draw's sums
    /// (fast totals) or to the exact totals of a replay; the linear items'
    /// likelihoods into the draw's products; the grouped items' rows into
    /// `grouped`, the draw's slots, to be ranked once the draw's last span
    /// is drawn ([`Plan::finish`]).
    ///
    /// The items are drawn in order, each one's likelihood ranges (in
    /// blocks of uniform draws, [`sample::uniforms`], one word a value, so
    /// that the ranges of consecutive items are drawn at once), then its
    /// model, then its row (a row of ranges stays in the block, and an
    /// item with nothing else to draw is skipped). Where every item's
    /// mixture is fixed ([`Plan::fixed_mixes`]), the span's block of
    /// ranges is all there is to draw, and it is drawn in pieces of
    /// [`ln_row::BLOCK`] items, each weighed as it is drawn
    /// ([`Plan::weigh_and_add`]): the same numbers. What follows the draws
    /// is compiled once per instruction set (`pulp`,
    /// [`Plan::weigh_and_add`]) and runs on the widest this processor
    /// has: the reliability mixture in linear space, row by row
    /// ([`Plan::mix_rows`]); the rows that are their own logarithms'
    /// arguments (linear: outside any group, nothing split off, no
    /// weighing after the logarithms) multiplied together per hypothesis,
    /// in blocks of up to 64 items, with one logarithm per hypothesis for
    /// all of a draw's ([`ln_row::Products`], [`Plan::finish`]); the other
    /// rows' logarithms ([`ln_row::add_ln_with`], or [`ln_row::ln_with`]
    /// where nothing is split off), weighing, largest values and terms,
    /// row by row. Every path does the same IEEE operations, so gives the
    /// same bits. (The draws themselves are not compiled so: with the
    /// Gamma sampler compiled for AVX-512, a draw of Beta likelihoods took
    /// 1.24x the CPU time.)
    ///
    /// The linear items' terms are thus `ln(R_h / max_k R_k)`, `R_h` the
    /// product of their likelihoods for hypothesis `h`: the sum of their
    /// logarithms shifted once by the largest sum, where scoring shifts
    /// each item's by its row's largest value. The shifts are common to
    /// every hypothesis, so the posteriors are the same up to rounding:
    /// one rounding a value in a product, against the rounding of each
    /// logarithm in a sum, whose error grows with the logarithm (see
    /// [`ln_row::Products`]).
    fn draw_span(
        &self,
        span: Range<usize>,
        d: &mut DrawState,
        grouped: &mut [f64],
        ws: &mut Workspace,
        totals: Totals,
    ) {
        let ranges = &self.ranges;
        let n = self.n;
        let mixture = self.weighting == Weighting::Mixture;
        let mut drawn = self.range_start(span.start);
        // (Where the block is the rows, or the mixtures are fixed, the
        // items' models are fixed, as the workspace holds them, and every
        // row is a row of ranges: nothing to draw but the ranges.)
        let fused = self.fixed_mixes.is_some();
        if !self.rows_are_block && !fused {
            let at = span.start * n..span.end * n;
            let (Some(lin), Some(row)) = (ws.lin.get_mut(at.clone()), ws.row.get_mut(at)) else {
                return;
            };
            let rows = lin.chunks_exact_mut(n).zip(row.chunks_exact_mut(n));
            let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
            let models = ws.models.get_mut(span.clone()).unwrap_or(&mut []);
            let chances = ws.chances.get_mut(span.clone()).unwrap_or(&mut []);
            let items = items.iter().zip(models).zip(chances);
            for (((item, model), chance), (lin, row)) in items.zip(rows) {
                // A row of ranges is read from the block ([`Plan::mix_rows`]):
                // nothing else to draw when its model is fixed (the workspace
                // holds it).
                if item.all_ranges && item.fixed_model {
                    continue;
                }
                if drawn < item.range_end {
                    draw_ranges(&mut d.rng, ranges, drawn..item.range_end, &mut ws.units);
                    drawn = item.range_end;
                }
                (*model, *chance) = self.draw_model(&mut d.rng, &d.sources, item);
                // A row mixed in linear space takes every likelihood as a
                // value; otherwise each is `(l, a)` with `ln l = ln l + a`.
                let mix = mixture && model.r < 1.0;
                if !item.all_ranges {
                    let mut next = item.first_range;
                    for ((l, a), likelihood) in
                        lin.iter_mut().zip(row.iter_mut()).zip(&item.likelihoods)
                    {
                        (*l, *a) = match *likelihood {
                            Draw::Fixed(p, ln_p) => {
                                if mix {
                                    (p, 0.0)
                                } else {
                                    (1.0, ln_p)
                                }
                            }
                            Draw::Range => {
                                next += 1;
                                (ws.units.get(next - 1).copied().unwrap_or(1.0), 0.0)
                            }
                            Draw::Beta(beta) => beta.sample_split(&mut d.rng),
                        };
                    }
                }
            }
        }
        // Where the mixtures are fixed, the block of ranges is drawn piece
        // by piece as it is weighed ([`Plan::weigh_and_add`]).
        if !fused {
            draw_ranges(
                &mut d.rng,
                ranges,
                drawn..self.range_start(span.end),
                &mut ws.units,
            );
        }
        pulp::Arch::new().dispatch(WeighAndAdd {
            plan: self,
            span,
            d,
            grouped,
            ws,
            totals,
        });
    }

    /// Each drawn row's reliability mixture in linear space, where it
    /// applies ([`ln_row::mix`]), and whether the row is then linear, for
    /// the items of `span`. Where every row is a row of ranges
    /// ([`Plan::no_splits`]), the rows stay in the block and each one's
    /// mixture is kept as `(r, (1 - r) c)` in `ws.mixes`, to be applied as
    /// the rows are multiplied ([`ln_row::Products::take`]) or taken one
    /// by one.
    #[inline(always)]
    fn mix_rows(&self, span: Range<usize>, ws: &mut Workspace) {
        if self.fixed_mixes.is_some() {
            // Taken piece by piece as the block is drawn
            // ([`Plan::weigh_and_add`], [`fixed_mixes`]).
            return;
        }
        let n = self.n;
        let at = span.start * n..span.end * n;
        let mixture = self.weighting == Weighting::Mixture;
        let in_block = self.no_splits;
        let units = &ws.units;
        let (Some(lin), Some(row)) = (ws.lin.get_mut(at.clone()), ws.row.get(at)) else {
            return;
        };
        let rows = lin.chunks_exact_mut(n).zip(row.chunks_exact(n));
        let items = self.uncertain.get(span.clone()).unwrap_or(&[]);
        let models = ws.models.get(span.clone()).unwrap_or(&[]);
        let chances = ws.chances.get(span.clone()).unwrap_or(&[]);
        let items = items.iter().zip(models).zip(chances);
        let mixed = ws.mixed.get_mut(span.clone()).unwrap_or(&mut []);
        let linear = ws.linear.get_mut(span.clone()).unwrap_or(&mut []);
        let mixes = ws.mixes.get_mut(span).unwrap_or(&mut []);
        let flags = mixed.iter_mut().zip(linear).zip(mixes);
        for ((((item, model), chance), ((mixed, linear), coefficients)), (lin, row)) in
            items.zip(flags).zip(rows)
        {
            // A row mixed in linear space takes every likelihood as a
            // value; otherwise each is `(l, a)` with `ln l = ln l + a`.
            let mix = mixture && model.r < 1.0;
            // (Whether every `a` is 0 as one fold without a branch per
            // value, which the compiler vectorises: `all` took a tenth
            // of this loop's time on a row of Beta draws.)
            let unsplit = self.no_splits
                || item.all_ranges
                || row.iter().fold(true, |zero, &a| zero & (a == 0.0));
            let block = match item.all_ranges {
                true => units.get(item.first_range..item.first_range + n),
                false => None,
            };
            // The chance, when not given, is the mean of the likelihoods
            // drawn (docs/model.md section 2, step 1).
            let mean = |l: &[f64]| chance.unwrap_or_else(|| ln_row::mean(l));
            (*mixed, *coefficients) = match block {
                // A row of ranges: mixed from the block into `lin`, or
                // copied, unless it stays in the block.
                Some(block) => {
                    let rest_c = match mix {
                        true => ln_row::mixture(block, model.r, mean(block), item.range_low),
                        false => None,
                    };
                    let coefficients = rest_c.map_or(UNMIXED, |rest_c| (model.r, rest_c));
                    if !in_block {
                        ln_row::mix_into(block, lin, coefficients.0, coefficients.1);
                    }
                    (rest_c.is_some(), coefficients)
                }
                None => (
                    mix && unsplit && ln_row::mix(lin, model.r, mean(lin)),
                    UNMIXED,
                ),
            };
            // The row as weighed is `ln lin` when it was mixed in `lin`,
            // or needs no mixture, and no observed confidence follows.
            *linear = !item.grouped
                && unsplit
                && (*mixed || (!mix && model.r == 1.0))
                && unobserved(model);
        }
    }

    /// The second half of [`Plan::draw_span`], on one instruction set:
    /// the linear items' likelihoods multiplied into the draw's products
    /// in blocks ([`ln_row::Products`]), then the other items one by one
    /// (the logarithms of their rows, each weighed where it was not mixed
    /// in linear space, its terms added up; a grouped item's row kept in
    /// `grouped`).
    ///
    /// Where every item's mixture is fixed ([`Plan::fixed_mixes`]), the
    /// span's block of ranges is drawn here from the draw's stream,
    /// [`ln_row::BLOCK`] items at a time, each piece's mixtures taken and
    /// its rows multiplied while it is in the first-level cache (8 KB at
    /// 16 hypotheses), where the whole span's block (128 KB at 16 x 1 000)
    /// was drawn, then read again for the rows' chances, then for the
    /// products. The pieces come one after the other from the one stream
    /// with nothing drawn between them, so they are the block drawn at
    /// once, bit for bit ([`sample::uniforms_with`]); the chances and
    /// products are the same operations on the same values.
    #[inline(always)]
    fn weigh_and_add<S: pulp::Simd>(
        &self,
        simd: S,
        span: Range<usize>,
        d: &mut DrawState,
        grouped: &mut [f64],
        ws: &mut Workspace,
        totals: Totals,
    ) {
        let n = self.n;
        if !self.rows_are_block {
            self.mix_rows(span.clone(), ws);
        }
        // Where the rows are: in the block of ranges (mixed as they are
        // taken, when `mix_rows` kept their mixtures there), or in `lin`.
        let in_block = self.rows_are_block || self.no_splits;
        let mixed_in_block = !self.rows_are_block && self.no_splits;
        // The linear items, in blocks of up to `BLOCK` that follow one
        // another (an item that is not linear ends a block, and so does
        // every multiple of `BLOCK`, where spans start: the blocks do not
        // depend on the spans); a block refused (a zero, a tiny value)
        // goes item by item.
        ws.singles.clear();
        let (products, singles) = (&mut d.products, &mut ws.singles);
        // (Every item linear, as where the mixtures are fixed: blocks of
        // `BLOCK`, drawn here, without looking at the items one by one. A
        // block refused is kept in `ws.units` for the items one by one.)
        if let Some(fixed) = &self.fixed_mixes {
            let r = &self.ranges;
            let at = self.range_start(span.start)..self.range_start(span.end);
            let (Some(low), Some(width), Some(high), Some(units)) = (
                r.low.get(at.clone()),
                r.width.get(at.clone()),
                r.high.get(at.clone()),
                ws.units.get_mut(at),
            ) else {
                return;
            };
            let (Some(fixed), Some(mixes)) =
                (fixed.get(span.clone()), ws.mixes.get_mut(span.clone()))
            else {
                return;
            };
            let size = ln_row::BLOCK * n;
            if ws.block.len() < size {
                ws.block.resize(size, 0.0);
            }
            let pieces = low.chunks(size).zip(width.chunks(size));
            let pieces = pieces.zip(high.chunks(size)).zip(units.chunks_mut(size));
            let items = fixed
                .chunks(ln_row::BLOCK)
                .zip(mixes.chunks_mut(ln_row::BLOCK));
            let starts = span.clone().step_by(ln_row::BLOCK);
            for (start, ((((low, width), high), kept), (fixed, mixes))) in
                starts.zip(pieces.zip(items))
            {
                // (Always whole: the buffer holds `BLOCK` rows.)
                let Some(block) = ws.block.get_mut(..low.len()) else {
                    continue;
                };
                sample::uniforms_with(simd, &mut d.rng, low, width, high, block);
                fixed_mixes(simd, n, block, fixed, mixes);
                if !products.take(block, mixed_in_block.then_some(&*mixes)) {
                    kept.copy_from_slice(block);
                    singles.extend(start..start + fixed.len());
                }
            }
        } else {
            let mixes = mixed_in_block.then_some(&ws.mixes);
            let drawn: &[f64] = if in_block { &ws.units } else { &ws.lin };
            let mut start = span.start;
            for u in span.start..=span.end {
                let linear = u < span.end && ws.linear.get(u).copied().unwrap_or(false);
                if linear && (u == start || !u.is_multiple_of(ln_row::BLOCK)) {
                    continue;
                }
                if start < u && !take_block(products, drawn, mixes, n, start, u) {
                    singles.extend(start..u);
                }
                if linear {
                    start = u;
                } else {
                    if u < span.end {
                        singles.push(u);
                    }
                    start = u + 1;
                }
            }
        }
        // The other items: their logarithms and weighing; the grouped
        // ones' rows kept for the ranking, the others' largest values.
        // (Those whose rows stay in the block, mixed, are first written
        // into `lin`.)
        let mixes = mixed_in_block.then_some(&ws.mixes);
        let drawn: &[f64] = if in_block { &ws.units } else { &ws.lin };
        let singles_from: &[f64] = match mixes {
            Some(mixes) => {
                for &u in &ws.singles {
                    let from = ws.units.get(u * n..(u + 1) * n);
                    let to = ws.lin.get_mut(u * n..(u + 1) * n);
                    if let (Some(from), Some(to), Some(&(r, rest_c))) = (from, to, mixes.get(u)) {
                        ln_row::mix_into(from, to, r, rest_c);
                    }
                }
                &ws.lin
            }
            None => drawn,
        };
        ws.maxes.clear();
        for &u in &ws.singles {
            let (Some(item), Some(model), Some(&mixed)) =
                (self.uncertain.get(u), ws.models.get(u), ws.mixed.get(u))
            else {
                continue;
            };
            let (Some(lin), Some(row)) = (
                singles_from.get(u * n..(u + 1) * n),
                ws.row.get_mut(u * n..(u + 1) * n),
            ) else {
                continue;
            };
            // (A row of ranges has nothing split off: its logarithms are
            // written.)
            if self.rows_are_block || self.no_splits || item.all_ranges {
                ln_row::ln_with(simd, lin, row);
            } else {
                ln_row::add_ln_with(simd, lin, row);
            }
            let observed = model.observed.filter(|&q| q != 1.0);
            if mixed {
                if let Some(q) = observed {
                    for x in row.iter_mut() {
                        *x = weighing::observe(*x, q);
                    }
                }
            } else if model.r != 1.0 || observed.is_some() {
                engine::effective_row(self.weighting, row, model);
            }
            if item.grouped {
                let at = item.slot * n;
                if let Some(dest) = grouped.get_mut(at..at + n) {
                    dest.copy_from_slice(row);
                }
            } else {
                ws.maxes.push((u, engine::row_max(row)));
            }
        }
        // The independent items' terms: into the draw's sums across the
        // hypotheses; into exact totals, one row at a time, in a replay.
        match totals {
            Totals::Fast => {
                // The terms of every row, up to sixteen hypotheses at a
                // time over all the rows ([`RowTotals::add_rows`]): one
                // row's terms at a time, written out and then summed, took
                // 1.5 ns a value, against 0.6 here (16 hypotheses).
                let (rows, maxes) = (&ws.row, &ws.maxes);
                let row = |j: usize| {
                    let &(u, m) = maxes.get(j)?;
                    Some((rows.get(u * n..(u + 1) * n)?, m))
                };
                let term = |x, m| engine::term(1.0, engine::penalty(x, m));
                d.sums.add_rows(maxes.len(), row, term);
            }
            Totals::Exact => {
                for &(u, _) in &ws.maxes {
                    if let Some(row) = ws.row.get(u * n..(u + 1) * n) {
                        engine::terms_row(row, &mut ws.terms);
                        ws.replay.add(&ws.terms);
                    }
                }
            }
        }
    }

    /// What a draw adds once all its spans are drawn: the terms of its
    /// products into its sums, and those into the draw's fast totals (or
    /// the products' terms into the exact totals of a replay); then every
    /// group with a drawn member, its members' rows as drawn (`grouped`),
    /// ranked anew (docs/model.md section 2, step 3).
    fn finish(&self, d: &mut DrawState, grouped: &[f64], ws: &mut Workspace, totals: Totals) {
        let n = self.n;
        match totals {
            Totals::Fast => {
                if d.products.taken() {
                    d.products.terms(&mut ws.linear_terms);
                    let terms = Some((&ws.linear_terms[..], 0.0));
                    d.sums.add_rows(1, |_| terms, |t, _| t);
                }
                d.sums.add_to(&mut ws.totals);
            }
            Totals::Exact => {
                if d.products.taken() {
                    d.products.terms(&mut ws.linear_terms);
                    ws.replay.add(&ws.linear_terms);
                }
            }
        }
        if self.drawn_groups.is_empty() {
            return;
        }
        let (slot_of, point) = (&self.slot_of, &self.point_rows);
        let row = |i: usize| match slot_of.get(i).copied().flatten() {
            Some(s) => grouped.get(s as usize * n..(s as usize + 1) * n),
            None => point.get(i * n..(i + 1) * n),
        };
        for g in &self.drawn_groups {
            ws.ranking.rank(g, n, row);
            for t in ws.ranking.terms.chunks_exact(n) {
                totals.add(&mut ws.totals, &mut ws.replay, t);
            }
        }
    }

    /// The joint log-probabilities of a draw into `ws.joint` (the fast
    /// totals already hold the fixed totals and the terms drawn): plus the
    /// prior, summed exactly and rounded once, exactly as [`Case::score`]
    /// sums them. The certified fast sum gives almost every total; when one
    /// cannot be certified, the draw is replayed from its stream's start
    /// into exact totals (once per draw, for every hypothesis).
    fn joint(&self, ws: &mut Workspace, replay: &mut Replay<'_>) {
        let mut replayed = false;
        for h in 0..self.n {
            let p = ws.ln_prior[h];
            let fast = ws.totals.joint(h, p);
            ws.joint[h] = match certified(ws, fast) {
                Some(v) => v,
                None => {
                    if !replayed {
                        self.replay(ws, replay);
                        replayed = true;
                    }
                    ws.replay.exact_joint(h, p).unwrap_or(f64::NEG_INFINITY)
                }
            };
        }
    }

    /// Draws the same terms again, from the draw's stream recreated, into
    /// `ws.replay` (the fixed totals plus the terms drawn).
    #[cold]
    fn replay(&self, ws: &mut Workspace, replay: &mut Replay<'_>) {
        ws.replay.copy_from(&self.fixed);
        let d = &mut *replay.d;
        self.start(replay.seed, replay.draw, d);
        for span in self.spans() {
            self.draw_span(span, d, replay.grouped, ws, Totals::Exact);
        }
        self.finish(d, replay.grouped, ws, Totals::Exact);
    }
}

/// One draw's own state while its items are drawn span by span: its
/// stream where the draw has got to, the source reliabilities it drew,
/// the products of its linear items' likelihoods, and its independent
/// items' terms summed so far.
struct DrawState {
    rng: Stream,
    sources: Vec<f64>,
    products: ln_row::Products,
    sums: RowTotals,
}

/// The draws made together ([`Plan::together`]), then a replay's:
/// each one's state and its slots for the grouped items' rows
/// ([`Plan::slots`]), one after the other.
#[derive(Default)]
struct Batch {
    draws: Vec<DrawState>,
    grouped: Vec<f64>,
}

/// A draw to replay ([`Plan::replay`]): the run's seed and the draw's
/// index (its stream), and a state and grouped rows of its own.
struct Replay<'b> {
    d: &'b mut DrawState,
    grouped: &'b mut [f64],
    seed: u64,
    draw: usize,
}

/// The grouped rows of each draw of a batch, `slot` values each (empty,
/// as many as asked, where no item is grouped).
fn slots(grouped: &mut [f64], slot: usize) -> impl Iterator<Item = &mut [f64]> {
    let empty = std::iter::repeat_with(|| -> &mut [f64] { &mut [] });
    grouped.chunks_mut(slot.max(1)).chain(empty)
}

/// Draws the ranges `at` of the draw's block ([`sample::uniforms`]).
#[inline]
fn draw_ranges(rng: &mut Stream, ranges: &Ranges, at: Range<usize>, units: &mut [f64]) {
    if at.is_empty() {
        return;
    }
    if let (Some(low), Some(width), Some(high), Some(out)) = (
        ranges.low.get(at.clone()),
        ranges.width.get(at.clone()),
        ranges.high.get(at.clone()),
        units.get_mut(at),
    ) {
        sample::uniforms(rng, low, width, high, out);
    }
}

/// Adds `values` into eight lanes, eight at a time, and gives the sum of
/// those left over.
#[inline(always)]
fn sum_lanes(values: &[f64], lanes: &mut [f64; 8]) -> f64 {
    let (chunks, rest) = values.as_chunks::<8>();
    for chunk in chunks {
        for (l, &x) in lanes.iter_mut().zip(chunk) {
            *l += x;
        }
    }
    rest.iter().sum()
}

/// Multiplies the rows of items `start..end` into `products` (with their
/// mixtures, when `mixes` holds them): [`ln_row::Products::take`]. Always
/// inlined, so that it is compiled for the instruction set of its caller
/// (through a closure it was not: the products ran without AVX-512).
#[inline(always)]
fn take_block(
    products: &mut ln_row::Products,
    drawn: &[f64],
    mixes: Option<&Vec<(f64, f64)>>,
    n: usize,
    start: usize,
    end: usize,
) -> bool {
    let rows = drawn.get(start * n..end * n);
    let mixes = mixes.and_then(|m| m.get(start..end));
    rows.is_some_and(|rows| products.take(rows, mixes))
}

/// Whether an item's model weighs nothing after the logarithms: no
/// observed confidence, or one of 1.
fn unobserved(model: &ItemModel) -> bool {
    model.observed.is_none_or(|q| q == 1.0)
}

/// The mixtures `(r, (1 - r) c)` of a piece of the block of ranges
/// whose items' mixtures are fixed (`fixed`: each item's reliability and
/// point chance, [`Plan::fixed_mixes`]), into `mixes`: the coefficients
/// [`ln_row::mixture`] gives such a row, the chance its mean where none
/// is given; a row at reliability 1 keeps [`UNMIXED`].
///
/// The rows are read `N` values at a time where `N` is their length
/// (2 to 8 and 16 hypotheses), so that each row's mean is compiled for its
/// length, without a loop, in vectors of this path where the length is
/// a multiple of eight ([`ln_row::mean_with`]: the operations of
/// [`ln_row::mean`]); other lengths read the rows as slices.
#[inline(always)]
fn fixed_mixes<S: pulp::Simd>(
    simd: S,
    n: usize,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    match n {
        16 => fixed_mixes_of::<S, 16>(simd, block, fixed, mixes),
        _ => crate::numeric::by_width!(
            n,
            fixed_mixes_with(simd, block, fixed, mixes),
            fixed_mixes_in(simd, n, block, fixed, mixes)
        ),
    }
}

/// [`fixed_mixes_of`], for [`crate::numeric::by_width`].
#[inline(always)]
fn fixed_mixes_with<const N: usize>(
    simd: impl pulp::Simd,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    fixed_mixes_of::<_, N>(simd, block, fixed, mixes);
}

/// [`fixed_mixes`] for rows of `N` values.
#[inline(always)]
fn fixed_mixes_of<S: pulp::Simd, const N: usize>(
    simd: S,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    let rows = block.as_chunks::<N>().0.iter().zip(mixes);
    for ((row, coefficients), fixed) in rows.zip(fixed) {
        fixed_mix(simd, row, fixed, coefficients);
    }
}

/// [`fixed_mixes`] for rows of `n` values, of any length.
#[inline(always)]
fn fixed_mixes_in<S: pulp::Simd>(
    simd: S,
    n: usize,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    let rows = block.chunks_exact(n.max(1)).zip(mixes);
    for ((row, coefficients), fixed) in rows.zip(fixed) {
        fixed_mix(simd, row, fixed, coefficients);
    }
}

/// One row's mixture for [`fixed_mixes`]: `(r, (1 - r) c)` with `c` the
/// point chance, or else the row's mean ([`ln_row::mean_with`], the bits
/// of [`ln_row::mean`]), where `r < 1`; the coefficients left as they
/// are (every draw's: [`UNMIXED`]) at reliability 1.
#[inline(always)]
fn fixed_mix<S: pulp::Simd>(
    simd: S,
    row: &[f64],
    &(r, chance): &(f64, Option<f64>),
    coefficients: &mut (f64, f64),
) {
    if r < 1.0 {
        let c = chance.unwrap_or_else(|| ln_row::mean_with(simd, row));
        *coefficients = (r, (1.0 - r) * c);
    }
}

/// The ranges `at` of the block of ranges, as [`Plan::sample_span`]
/// draws them where the mixtures are fixed, and their sum: in pieces of
/// `size` values into `buffer`, on the instruction set of the draw's own
/// ([`Plan::weigh_and_add`], which draws the pieces so), so that the
/// sampler alone is compiled as the loop is.
struct SampleRanges<'a, 'b, 'r> {
    ranges: &'a Ranges,
    at: Range<usize>,
    size: usize,
    buffer: &'b mut [f64],
    rng: &'r mut Stream,
}

impl pulp::WithSimd for SampleRanges<'_, '_, '_> {
    type Output = f64;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) -> f64 {
        let (r, at, size) = (self.ranges, self.at, self.size.max(1));
        let (Some(low), Some(width), Some(high)) = (
            r.low.get(at.clone()),
            r.width.get(at.clone()),
            r.high.get(at),
        ) else {
            return 0.0;
        };
        let mut total = 0.0;
        let mut lanes = [0.0; 8];
        let pieces = low.chunks(size).zip(width.chunks(size));
        for ((low, width), high) in pieces.zip(high.chunks(size)) {
            let Some(units) = self.buffer.get_mut(..low.len()) else {
                continue;
            };
            sample::uniforms_with(simd, self.rng, low, width, high, units);
            total += sum_lanes(units, &mut lanes);
        }
        total + lanes.iter().sum::<f64>()
    }
}

/// [`Plan::weigh_and_add`], for `pulp`'s dispatch.
struct WeighAndAdd<'p, 'c, 'w> {
    plan: &'p Plan<'c>,
    span: Range<usize>,
    d: &'w mut DrawState,
    grouped: &'w mut [f64],
    ws: &'w mut Workspace,
    totals: Totals,
}

impl pulp::WithSimd for WeighAndAdd<'_, '_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) {
        let WeighAndAdd {
            plan,
            span,
            d,
            grouped,
            ws,
            totals,
        } = self;
        plan.weigh_and_add(simd, span, d, grouped, ws, totals);
    }
}

/// A fast sum's certified value (tests can refuse every one, to exercise
/// the replay).
#[cfg(not(test))]
#[inline(always)]
fn certified(_ws: &Workspace, value: Option<f64>) -> Option<f64> {
    value
}

#[cfg(test)]
fn certified(ws: &Workspace, value: Option<f64>) -> Option<f64> {
    value.filter(|_| !ws.always_replay)
}

/// Where [`Plan::draw_span`] and [`Plan::finish`] add the terms they draw.
#[derive(Debug, Clone, Copy)]
enum Totals {
    /// The draw's fast totals.
    Fast,
    /// The exact totals, for a replay.
    Exact,
}

impl Totals {
    #[inline]
    fn add(self, fast: &mut LogTotals, exact: &mut LogTotals, terms: &[f64]) {
        match self {
            Totals::Fast => fast.add(terms),
            Totals::Exact => exact.add(terms),
        }
    }
}

impl Case {
    /// [`MonteCarlo::run`].
    pub(crate) fn monte_carlo(&self, options: MonteCarlo) -> Result<Simulation, Error> {
        self.monte_carlo_with_progress(options, &progress::silent)
    }

    /// [`MonteCarlo::run_with_progress`].
    pub(crate) fn monte_carlo_with_progress(
        &self,
        options: MonteCarlo,
        progress: &dyn Progress,
    ) -> Result<Simulation, Error> {
        if options.draws == 0 {
            return Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "draws".into(),
                value: 0.0,
                expected: "1..",
            }));
        }
        let plan = Plan::new(self)?.batches_for(options.draws);
        let n = plan.n;
        let too_much = || {
            Error::from(Detail::Unsupported {
                item: Item::Value,
                field: "draws",
                reason: "the draws of every hypothesis take more memory than can be allocated; use fewer draws",
            })
        };
        let len = options.draws.checked_mul(n).ok_or_else(too_much)?;
        let mut out: Vec<f64> = Vec::new();
        out.try_reserve_exact(len).map_err(|_| too_much())?;
        out.resize(len, 0.0);
        let mut marks: Vec<(u32, Status)> = Vec::new();
        marks
            .try_reserve_exact(options.draws)
            .map_err(|_| too_much())?;
        marks.resize(options.draws, (0, Status::Insufficient));
        let tally = Tally::start(progress, Phase::MonteCarlo, options.draws);
        run_chunks(&plan, options.seed, &mut out, &mut marks, &tally);
        let mut sim = summarise(&plan, options, &mut out, &marks);
        if options.keep_draws {
            sim.kept = Some(out);
        }
        Ok(sim)
    }
}

/// Runs every chunk, in order, counting each one's draws in `tally`.
#[cfg(not(feature = "rayon"))]
fn run_chunks(
    plan: &Plan<'_>,
    seed: u64,
    out: &mut [f64],
    marks: &mut [(u32, Status)],
    tally: &Tally<'_>,
) {
    let mut ws = plan.workspace();
    for (chunk, (o, m)) in out
        .chunks_mut(CHUNK * plan.n)
        .zip(marks.chunks_mut(CHUNK))
        .enumerate()
    {
        plan.run_chunk(seed, chunk, &mut ws, o, m);
        tally.add(m.len());
    }
}

/// Runs the chunks in parallel, each draw with its own stream, so the result is
/// the serial one; each one's draws are counted in `tally`.
#[cfg(feature = "rayon")]
fn run_chunks(
    plan: &Plan<'_>,
    seed: u64,
    out: &mut [f64],
    marks: &mut [(u32, Status)],
    tally: &Tally<'_>,
) {
    use rayon::prelude::*;
    out.par_chunks_mut(CHUNK * plan.n)
        .zip(marks.par_chunks_mut(CHUNK))
        .enumerate()
        .for_each_init(
            || plan.workspace(),
            |ws, (chunk, (o, m))| {
                plan.run_chunk(seed, chunk, ws, o, m);
                tally.add(m.len());
            },
        );
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
fn quantiles<const K: usize>(values: &mut [f64], ps: [f64; K]) -> [f64; K] {
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

fn summarise(
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

#[cfg(test)]
mod tests {
    /// A case of `n` hypotheses (`h0`, `h1`, ...) and `items` items (`e0`,
    /// ...), every likelihood a range `range(item, hypothesis, l)` for `l`
    /// in `[0.01, 0.99)` from [`crate::numeric::bits53`]`(seed)`, each item
    /// then given what `finish(item, builder)` adds.
    fn ranged_case(
        n: usize,
        items: usize,
        seed: u64,
        range: impl Fn(usize, usize, f64) -> (f64, f64),
        finish: impl Fn(usize, crate::EvidenceBuilder) -> crate::EvidenceBuilder,
    ) -> Case {
        let mut b = Case::builder();
        for h in 0..n {
            b = b.hypothesis(format!("h{h}"), format!("H {h}"));
        }
        let mut bits = crate::numeric::bits53(seed);
        for i in 0..items {
            let mut item = crate::Evidence::builder(format!("e{i}"));
            for h in 0..n {
                let l = 0.01 + 0.98 * (bits() as f64 / (1u64 << 53) as f64);
                let (low, high) = range(i, h, l);
                item = item.likelihood_range(format!("h{h}"), low, high);
            }
            b = b.evidence(finish(i, item));
        }
        b.build().expect("a valid case")
    }

    /// The random cases of the fuzzing corpus (`fuzz/corpus/case_score`,
    /// `seed-random-00.json` to `-20`), each with every likelihood held
    /// with concentration 20 and the prior with concentration 10: the
    /// case's number (a seed for it), its file and its JSON.
    #[cfg(feature = "json")]
    fn uncertain_corpus() -> impl Iterator<Item = (u64, std::path::PathBuf, serde_json::Value)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/case_score");
        (0..21u64).map(move |i| {
            let path = dir.join(format!("seed-random-{i:02}.json"));
            let text = std::fs::read_to_string(&path).expect("the corpus is in the repository");
            let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            v["uncertainty"] = serde_json::json!({
                "likelihood_concentration": 20.0,
                "prior_concentration": 10.0
            });
            (i, path, v)
        })
    }

    use super::*;

    #[test]
    fn quantiles_type_7() {
        // numpy.quantile([1, 2, 3, 4], [0.05, 0.5, 0.95]) = [1.15, 2.5, 3.85]
        // (given in another order: the quantiles sort them)
        let [q05, q50, q95] = quantiles(&mut [3.0, 1.0, 4.0, 2.0], [0.05, 0.5, 0.95]);
        assert!((q05 - 1.15).abs() < 1e-15);
        assert_eq!(q50, 2.5);
        assert!((q95 - 3.85).abs() < 1e-15);
        assert_eq!(quantiles(&mut [7.0], [0.05, 0.95]), [7.0, 7.0]);
        assert!(quantiles(&mut [], [0.5])[0].is_nan());
        // Two quantiles between the same two values: 0.3 and 0.4 of
        // [10, 20] are 13 and 14; 1 is the largest.
        let [a, b, top] = quantiles(&mut [20.0, 10.0], [0.3, 0.4, 1.0]);
        assert!(
            (a - 13.0).abs() < 1e-12 && (b - 14.0).abs() < 1e-12,
            "{a} {b}"
        );
        assert_eq!(top, 20.0);
    }

    #[test]
    fn quantiles_by_selection_are_those_of_the_sorted_values() {
        // Columns with ties and values of both signs, against the type 7
        // formula on a sorted copy, bit for bit.
        let mut next = crate::numeric::bits53(7);
        for len in [1, 2, 3, 5, 20, 256, 257] {
            for _ in 0..50 {
                let mut column: Vec<f64> = (0..len)
                    .map(|_| ((next() % 40) as f64 - 10.0) / 7.0)
                    .collect();
                let mut sorted = column.clone();
                sorted.sort_by(f64::total_cmp);
                let ps = [0.0, 0.05, 0.25, 0.5, 0.95, 1.0];
                let got = quantiles(&mut column, ps);
                for (&q, p) in got.iter().zip(ps) {
                    let h = (len - 1) as f64 * p;
                    let lo = h.floor() as usize;
                    let above = sorted.get(lo + 1).copied().unwrap_or(sorted[lo]);
                    let want = sorted[lo] + (h - lo as f64) * (above - sorted[lo]);
                    assert_eq!(q.to_bits(), want.to_bits(), "len {len}, p {p}");
                }
            }
        }
    }

    #[test]
    fn dirichlet_draws_have_the_prior_as_mean() {
        // Dirichlet(k0 p): the normalised Gammas have mean p and variance
        // p (1 - p) / (k0 + 1); 100 000 draws, 5 standard errors.
        use rand::SeedableRng;
        let p = [0.5, 0.3, 0.15, 0.05];
        let k0 = 8.0;
        let mut rng = Stream::seed_from_u64(2013);
        let n = 100_000;
        let mut sums = [0.0; 4];
        for _ in 0..n {
            let g: Vec<f64> = p
                .iter()
                .map(|&q| sample::ln_gamma(&mut rng, k0 * q).exp())
                .collect();
            let total: f64 = g.iter().sum();
            for (s, x) in sums.iter_mut().zip(&g) {
                *s += x / total;
            }
        }
        for (s, &q) in sums.iter().zip(&p) {
            let mean = s / n as f64;
            let se = (q * (1.0 - q) / (k0 + 1.0) / n as f64).sqrt();
            assert!((mean - q).abs() < 5.0 * se, "{mean} vs {q}");
        }
    }

    /// A draw whose fast sums are refused replays its terms into exact sums;
    /// both give the same posteriors, bit for bit, which shows the replay
    /// draws exactly the terms the draw drew (groups re-ranked, ranges,
    /// source reliabilities and the Dirichlet prior included).
    #[cfg(feature = "json")]
    #[test]
    fn a_replayed_draw_gives_what_the_fast_sums_gave() {
        let mut checked = 0;
        for (i, path, v) in uncertain_corpus() {
            let Ok(case) = Case::from_json(&v.to_string()) else {
                continue;
            };
            let Ok(plan) = Plan::new(&case) else {
                continue;
            };
            let n = plan.n;
            let mut fast = plan.workspace();
            let mut replayed = plan.workspace();
            replayed.always_replay = true;
            for chunk in 0..3 {
                let mut a = vec![0.0; CHUNK * n];
                let mut b = vec![0.0; CHUNK * n];
                let mut ma = vec![(0, Status::Insufficient); CHUNK];
                let mut mb = ma.clone();
                plan.run_chunk(i, chunk, &mut fast, &mut a, &mut ma);
                plan.run_chunk(i, chunk, &mut replayed, &mut b, &mut mb);
                let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&a), bits(&b), "{} chunk {chunk}", path.display());
                assert_eq!(ma, mb, "{} chunk {chunk}", path.display());
            }
            checked += 1;
        }
        assert!(checked >= 15, "only {checked} corpus cases were scored");
    }

    /// Runs three chunks of `case` in one span and batches of 64 draws,
    /// in spans of 64 items and batches of 5 draws, and those again with
    /// every draw replayed; asserts that the posteriors and marks are the
    /// same bits. Gives false where the case cannot be drawn.
    #[cfg(feature = "json")]
    fn spans_agree(case: &Case, seed: u64, label: &str) -> bool {
        let Ok(mut whole) = Plan::new(case) else {
            return false;
        };
        whole.span = 1 << 20;
        let n = whole.n;
        let mut spans = Plan::new(case).expect("a plan, as above");
        (spans.span, spans.together) = (ln_row::BLOCK, 5);
        assert!(spans.spans().count() >= 3, "{label}");
        let mut a_ws = whole.workspace();
        let mut b_ws = spans.workspace();
        let mut c_ws = spans.workspace();
        c_ws.always_replay = true;
        for chunk in 0..3 {
            let runs = [
                (&whole, &mut a_ws),
                (&spans, &mut b_ws),
                (&spans, &mut c_ws),
            ];
            let got: Vec<_> = runs
                .into_iter()
                .map(|(plan, ws)| {
                    let mut out = vec![0.0; CHUNK * n];
                    let mut marks = vec![(0, Status::Insufficient); CHUNK];
                    plan.run_chunk(seed, chunk, ws, &mut out, &mut marks);
                    let bits: Vec<u64> = out.iter().map(|x| x.to_bits()).collect();
                    (bits, marks)
                })
                .collect();
            assert_eq!(got[0], got[1], "{label} chunk {chunk}");
            assert_eq!(got[0], got[2], "{label} chunk {chunk}");
        }
        true
    }

    /// Neither the spans nor the number of draws made together change a
    /// bit: every draw takes its random numbers from its own stream, item
    /// by item, and its product blocks end at the same items. The corpus
    /// cases, each item copied to some 400 items (so several spans of 64
    /// items, groups with many members), with ranges, Beta likelihoods,
    /// drawn reliabilities, chances and observed confidences, sources and
    /// a drawn prior; and cases of 400 items of ranges or Beta likelihoods
    /// at reliability 1 and 0.8 (rows read from the block of ranges,
    /// mixtures fixed, or drawn item by item).
    #[cfg(feature = "json")]
    #[test]
    fn spans_and_batches_do_not_change_a_bit() {
        use crate::Evidence;
        let mut checked = 0;
        for (i, path, mut v) in uncertain_corpus() {
            let items = v["evidence"].as_array().cloned().unwrap_or_default();
            let copies = (0..400usize.div_ceil(items.len().max(1))).flat_map(|k| {
                items.iter().map(move |e| {
                    let mut e = e.clone();
                    e["id"] = format!("{}-{k}", e["id"].as_str().unwrap_or("e")).into();
                    e
                })
            });
            v["evidence"] = copies.collect();
            if let Ok(case) = Case::from_json(&v.to_string())
                && spans_agree(&case, i, &path.display().to_string())
            {
                checked += 1;
            }
        }
        assert!(checked >= 15, "only {checked} corpus cases were scored");
        for (ranges, r) in [(true, 1.0), (true, 0.8), (false, 1.0), (false, 0.8)] {
            let mut b = Case::builder().likelihood_concentration(20.0);
            for h in 0..4 {
                b = b.hypothesis(format!("h{h}"), format!("H {h}"));
            }
            for i in 0..400 {
                let mut item = Evidence::builder(format!("e{i}"));
                for h in 0..4 {
                    let l = 0.05 + 0.9 * (((i * 7 + h * 13) % 31) as f64 / 31.0);
                    item = match ranges {
                        true => item.likelihood_range(format!("h{h}"), 0.8 * l, 0.8 * l + 0.2),
                        false => item.likelihood(format!("h{h}"), l),
                    };
                }
                if r != 1.0 {
                    item = item.reliability(r);
                }
                b = b.evidence(item);
            }
            let case = b.build().expect("a valid case");
            assert!(spans_agree(&case, 7, &format!("ranges {ranges} r {r}")));
        }
    }

    /// Where every item's mixture is fixed, each span's block of ranges is
    /// drawn piece by piece as it is weighed ([`Plan::weigh_and_add`]);
    /// the same plan without its fixed mixtures draws the span's whole
    /// block first, then takes each row's mixture ([`Plan::mix_rows`]),
    /// then the products. The two give the same draws, bit for bit, with
    /// blocks refused (two rows of values near 1e-200, whose products
    /// underflow), a point chance, items at reliability 1 among those at
    /// 0.8, a row count that is not a multiple of the block, several spans
    /// each drawn in every draw of a batch (16 x 1 100), and the replay of
    /// every draw.
    #[test]
    fn a_block_drawn_in_pieces_gives_the_draws_of_the_whole_block() {
        let tiny = |i: usize| [10, 11, 130, 131].contains(&(i % 512));
        let cases = [
            (16, 300, 0.8),
            (5, 150, 0.7),
            (3, 200, 1.0),
            (12, 100, 0.9),
            (16, 1100, 0.8),
        ];
        for (n, items, r) in cases {
            let range = |i: usize, _: usize, l: f64| match tiny(i) {
                true => (1e-200 * l, 2e-200 * l),
                false => (0.8 * l, 0.8 * l + 0.2),
            };
            let case = ranged_case(n, items, 80, range, |i, mut item| {
                if r != 1.0 && i % 7 != 3 {
                    item = item.reliability(r);
                }
                if i % 11 == 5 {
                    item = item.chance(0.3);
                }
                item
            });
            let fused = Plan::new(&case).expect("a plan");
            assert!(fused.fixed_mixes.is_some(), "{n} x {items}");
            let mut whole = Plan::new(&case).expect("a plan");
            whole.fixed_mixes = None;
            let spans = fused.spans().count();
            assert_eq!(spans > 1, items > 1000, "{n} x {items}: {spans} spans");
            let mut refused = 0;
            for replay in [false, true] {
                let (mut a, mut b) = (fused.workspace(), whole.workspace());
                a.always_replay = replay;
                b.always_replay = replay;
                for chunk in 0..2 {
                    let mut pa = vec![0.0; CHUNK * n];
                    let mut pb = pa.clone();
                    let mut ma = vec![(0, Status::Insufficient); CHUNK];
                    let mut mb = ma.clone();
                    fused.run_chunk(3, chunk, &mut a, &mut pa, &mut ma);
                    whole.run_chunk(3, chunk, &mut b, &mut pb, &mut mb);
                    let differ = pa
                        .iter()
                        .zip(&pb)
                        .position(|(x, y)| x.to_bits() != y.to_bits());
                    assert_eq!(differ, None, "{n} x {items} chunk {chunk}");
                    assert_eq!(ma, mb);
                    assert_eq!(a.singles, b.singles);
                    refused += a.singles.len();
                }
            }
            // The blocks with two rows of tiny values (a product below
            // 1e-400) were refused, to be taken item by item: those of the
            // last span, in the last draw of each of the four chunks run
            // (`singles` holds the span drawn last), 64 items each, or as
            // many as the case has left.
            let last = fused.spans().last().expect("a span");
            let blocks: usize = last
                .step_by(ln_row::BLOCK)
                .map(|start| start..items.min(start + ln_row::BLOCK))
                .filter(|block| block.clone().any(tiny))
                .map(|block| block.len())
                .sum();
            assert!(blocks > 0, "{n} x {items}");
            assert_eq!(refused, 4 * blocks, "{n} x {items}");
        }
    }

    /// The posteriors of every draw of a case of ranges, each worked out
    /// again from its draws: the same uniforms, from the same streams, the
    /// mixture and the logarithms taken value by value with the C
    /// library's `ln`, each hypothesis's sum exact. The run takes its
    /// items in blocks ([`ln_row::Products`]), and item by item where a
    /// block is refused (an item with a range near 1e-300); at reliability
    /// 1 and 0.8, every draw's posteriors agree within `4e-14 + 4 eps |ln
    /// p|`, relatively (`eps = 2^-52`; measured: 2.5 such units at most).
    #[test]
    fn the_draws_are_the_sums_of_their_logarithms() {
        use crate::numeric::sum::ExactSum;
        let (n, items) = (4, 300);
        for r in [1.0, 0.8] {
            let range = |i: usize, h: usize, l: f64| match (i, h) {
                (100, 2) => (1e-300, 2e-300),
                _ => (0.8 * l, 0.8 * l + 0.2),
            };
            let case = ranged_case(n, items, 26, range, |_, item| match r {
                1.0 => item,
                _ => item.reliability(r),
            });
            let seed = 5;
            let sim = MonteCarlo::new()
                .draws(CHUNK)
                .seed(seed)
                .keep_draws(true)
                .run(&case)
                .expect("runs");
            let kept = sim.draws().expect("kept");
            let plan = Plan::new(&case).expect("a plan");
            let mut units = vec![0.0; n * items];
            let mut worst: f64 = 0.0;
            for (draw, post) in kept.chunks(n).enumerate() {
                let mut rng = stream(seed, draw);
                let ranges = &plan.ranges;
                sample::uniforms(
                    &mut rng,
                    &ranges.low,
                    &ranges.width,
                    &ranges.high,
                    &mut units,
                );
                let mut sums = vec![ExactSum::default(); n];
                for row in units.chunks(n) {
                    let c = row.iter().sum::<f64>() / n as f64;
                    for (s, &l) in sums.iter_mut().zip(row) {
                        s.add((r * l + (1.0 - r) * c).ln());
                    }
                }
                let joint: Vec<f64> = sums.iter().map(ExactSum::value).collect();
                let top = joint.iter().fold(f64::NEG_INFINITY, |a, &x| a.max(x));
                let norm: f64 = joint.iter().map(|&x| (x - top).exp()).sum();
                for (&got, &x) in post.iter().zip(&joint) {
                    // Relatively, against a bound of a few ulp of the
                    // posterior's logarithm (itself rounded: a posterior
                    // of 1e-300 has a logarithm of -690, of ulp 1.1e-13).
                    let ln_want = (x - top) - norm.ln();
                    let error = (got.ln() - ln_want).abs();
                    worst = worst.max(error / (1e-14 + f64::EPSILON * ln_want.abs()));
                }
            }
            assert!(worst < 4.0, "r {r}: worst {worst}");
            // Some posteriors are far from 0 and 1, where bits would show.
            assert!(kept.iter().any(|&p| (0.01..0.99).contains(&p)), "r {r}");
        }
    }
}
