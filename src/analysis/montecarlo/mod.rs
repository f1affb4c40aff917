//! Monte Carlo uncertainty analysis (docs/model.md section 6): how far the
//! posterior moves when every judgement held as a range, or held with a
//! stated firmness, is drawn anew.
//!
//! This file holds the run's options ([`MonteCarlo`]), the draws' random
//! streams and the sizes of their work (chunks, spans, batches), and the
//! entry points on a [`Case`] that allocate the draws, run the chunks
//! (in parallel with feature `rayon`) and summarise them. The rest is in
//! files by responsibility:
//!
//! - `simulation`: the result ([`Simulation`], [`Interval`]), its JSON and
//!   display, and the summary of the draws (quantiles);
//! - `plan`: a case compiled for repeated draws ([`Plan`]), what each
//!   uncertain item draws, and the per-thread buffers ([`Workspace`](plan::Workspace));
//! - `draw`: the draws themselves, span by span and batch by batch, and
//!   the replay of a draw whose fast sums are not certified;
//! - `kernels`: the small operations the draws are built of, compiled for
//!   the instruction set `pulp` picks (the block of ranges, the fixed
//!   mixtures, the lanes of a sum);
//! - `tests`: the unit tests of the module.

mod draw;
mod kernels;
mod plan;
mod simulation;
#[cfg(test)]
mod tests;

pub use simulation::{Interval, Simulation};

use plan::Plan;
use simulation::summarise;

use crate::analysis::progress::{self, Phase, Progress, Tally};
use crate::domain::case::Case;
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::numeric::sample;
use crate::scoring::verdict::Status;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

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
        at_least_one_draw(self.draws)?;
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

/// The error for a run of no draws.
fn at_least_one_draw(draws: usize) -> Result<(), Error> {
    if draws == 0 {
        return Err(Error::from(Detail::OutOfRange {
            item: Item::Value,
            field: "draws".into(),
            value: 0.0,
            expected: "1..",
        }));
    }
    Ok(())
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
        at_least_one_draw(options.draws)?;
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
