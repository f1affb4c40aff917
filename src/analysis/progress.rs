//! Progress of long work: a hook through which a Monte Carlo run
//! ([`MonteCarlo::run_with_progress`](crate::MonteCarlo::run_with_progress))
//! and a report ([`Report::progress`](crate::report::Report::progress))
//! say how far they have got, so that a caller can show it.
//!
//! The library prints nothing and draws no progress bar: it calls a
//! [`Progress`] with [`Step`]s, and the caller decides what to show (the
//! `attrib` command line draws a bar on a terminal). A progress hook never
//! changes a result: the work is the same, bit for bit, with or without
//! one.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

/// What long work is doing: the phase of a [`Step`], and what its counts
/// count.
///
/// A report goes through [`Scoring`](Phase::Scoring),
/// [`MonteCarlo`](Phase::MonteCarlo), [`LeaveOneOut`](Phase::LeaveOneOut)
/// and [`BreakEven`](Phase::BreakEven), in that order, and
/// [`Charts`](Phase::Charts) when its charts are drawn.
///
/// # Example
///
/// ```
/// use attrib::Phase;
///
/// assert_eq!(Phase::MonteCarlo.to_string(), "Monte Carlo draws");
/// assert_eq!(Phase::BreakEven.name(), "break-even searches");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Scoring the case as written, from each of its perspectives, and as
    /// reported; counts posteriors.
    Scoring,
    /// Monte Carlo draws (docs/model.md section 6); counts draws.
    MonteCarlo,
    /// Leave-one-out ([`LeaveOneOut::of`](crate::LeaveOneOut::of));
    /// counts evidence items.
    LeaveOneOut,
    /// Break-even discounts
    /// ([`BreakEven`](crate::BreakEven));
    /// counts searches, one per source and one per item searched.
    BreakEven,
    /// Drawing a report's charts (feature `plot`); counts charts.
    Charts,
}

impl Phase {
    /// The phase in a few lowercase words (Monte Carlo keeps its capitals),
    /// as [`Display`](fmt::Display) writes it: "scoring", "Monte Carlo
    /// draws", "leave-one-out", "break-even searches", "charts".
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Phase::LeaveOneOut.name(), "leave-one-out");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Scoring => "scoring",
            Phase::MonteCarlo => "Monte Carlo draws",
            Phase::LeaveOneOut => "leave-one-out",
            Phase::BreakEven => "break-even searches",
            Phase::Charts => "charts",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How far long work has got: `done` of the `total` units of its `phase`
/// (draws, items, searches; see [`Phase`]).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo, Phase, Step};
/// use std::sync::Mutex;
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .likelihood_concentration(20.0)
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.2))
///     .build()?;
/// let last = Mutex::new(None);
/// let seen = |s: Step| *last.lock().unwrap() = Some(s);
/// MonteCarlo::new().draws(1_000).run_with_progress(&case, &seen)?;
/// let end = last.into_inner().unwrap().unwrap();
/// assert_eq!((end.phase, end.done, end.total), (Phase::MonteCarlo, 1_000, 1_000));
/// assert_eq!(end.fraction(), 1.0);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// What is being done.
    pub phase: Phase,
    /// How many units of the phase are done, `0..=total`.
    pub done: usize,
    /// How many units the phase has.
    pub total: usize,
}

impl Step {
    /// The share of the phase done, in `0..=1`: `done / total`, or 1 for a
    /// phase with nothing to do.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, MonteCarlo, Step};
    /// # use std::sync::Mutex;
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let first = Mutex::new(None);
    /// let seen = |s: Step| { first.lock().unwrap().get_or_insert(s); };
    /// MonteCarlo::new().draws(100).run_with_progress(&case, &seen)?;
    /// assert_eq!(first.into_inner().unwrap().unwrap().fraction(), 0.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.done.min(self.total) as f64 / self.total as f64
        }
    }
}

/// An observer of long work: told, step by step, how far it has got.
///
/// Any `Fn(Step) + Sync` closure is one; implement the trait on a type of
/// your own (a progress bar) to keep state between steps.
///
/// # What an observer is told
///
/// - Each phase begins with a step whose `done` is 0 and, unless an error
///   stops the work, ends with one whose `done` equals `total` (a phase
///   with nothing to do is the one step `0` of `0`). In between, `done`
///   only grows, and `total` stays the same.
/// - Steps come per piece of work, not per unit: per chunk of 64 Monte
///   Carlo draws, per break-even search, per chart. With the feature
///   `rayon` the Monte Carlo steps come from the worker threads (hence
///   `Sync`), one at a time and still in order; a worker that finds
///   another one reporting goes on drawing and leaves its count to the next
///   step. Keep an observer quick, and do not start parallel work from it.
/// - Nothing else changes: the work and its results are the same, bit for
///   bit, with any observer or none.
///
/// # Example
///
/// A report's phases, counted as they come:
///
/// ```
/// use attrib::{Case, Evidence, Phase, Progress, Step, report::Report};
/// use std::sync::Mutex;
///
/// /// The last step of each phase.
/// #[derive(Default)]
/// struct Log(Mutex<Vec<Step>>);
///
/// impl Progress for Log {
///     fn step(&self, step: Step) {
///         let mut log = self.0.lock().unwrap();
///         match log.last_mut() {
///             Some(last) if last.phase == step.phase => *last = step,
///             _ => log.push(step),
///         }
///     }
/// }
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let log = Log::default();
/// let md = Report::new(&case).draws(500).progress(&log).markdown()?;
/// assert_eq!(md, Report::new(&case).draws(500).markdown()?);
/// let phases: Vec<(Phase, usize)> =
///     log.0.into_inner().unwrap().iter().map(|s| (s.phase, s.done)).collect();
/// assert_eq!(
///     phases,
///     [(Phase::Scoring, 2), (Phase::MonteCarlo, 500), (Phase::LeaveOneOut, 1), (Phase::BreakEven, 1)]
/// );
/// # Ok::<(), attrib::Error>(())
/// ```
pub trait Progress: Sync {
    /// Called with how far the work has got.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, MonteCarlo, Progress, Step};
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// /// Counts the steps it is told.
    /// struct Calls(AtomicUsize);
    ///
    /// impl Progress for Calls {
    ///     fn step(&self, _: Step) {
    ///         self.0.fetch_add(1, Ordering::Relaxed);
    ///     }
    /// }
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let calls = Calls(AtomicUsize::new(0));
    /// MonteCarlo::new().draws(640).run_with_progress(&case, &calls)?;
    /// // 0 of 640, then at most one step per chunk of 64 draws
    /// let n = calls.0.into_inner();
    /// assert!((2..=11).contains(&n), "{n}");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    fn step(&self, step: Step);
}

impl<F: Fn(Step) + Sync + ?Sized> Progress for F {
    fn step(&self, step: Step) {
        self(step);
    }
}

impl fmt::Debug for dyn Progress + '_ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("dyn Progress")
    }
}

/// The observer that is told nothing: what the calls without a progress
/// hook use.
pub(crate) fn silent(_: Step) {}

/// The count of one phase, reported to an observer as the rules of
/// [`Progress`] say: from 0, in order, to the total, one step at a time,
/// from any thread.
pub(crate) struct Tally<'a> {
    progress: &'a dyn Progress,
    phase: Phase,
    total: usize,
    /// Units done, added to without waiting.
    done: AtomicUsize,
    /// The last count reported; held while the observer is called.
    reported: Mutex<usize>,
}

impl<'a> Tally<'a> {
    /// Begins a phase of `total` units: reports `0` of `total`.
    pub(crate) fn start(progress: &'a dyn Progress, phase: Phase, total: usize) -> Self {
        progress.step(Step {
            phase,
            done: 0,
            total,
        });
        Tally {
            progress,
            phase,
            total,
            done: AtomicUsize::new(0),
            reported: Mutex::new(0),
        }
    }

    /// Counts `n` more units done and reports the count, unless another
    /// thread is reporting (it or the next step will carry this count). The
    /// step that completes the phase always waits its turn, so the total is
    /// always reported.
    pub(crate) fn add(&self, n: usize) {
        let now = self.done.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        let mut reported: MutexGuard<'_, usize> = if now >= self.total {
            self.reported.lock().unwrap_or_else(|e| e.into_inner())
        } else {
            match self.reported.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::WouldBlock) => return,
                Err(TryLockError::Poisoned(e)) => e.into_inner(),
            }
        };
        // Read under the lock: a later holder reads at least this much.
        let done = self.done.load(Ordering::Relaxed).min(self.total);
        if done > *reported {
            *reported = done;
            self.progress.step(Step {
                phase: self.phase,
                done,
                total: self.total,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records every step.
    fn recorder() -> Mutex<Vec<Step>> {
        Mutex::new(Vec::new())
    }

    #[test]
    fn a_tally_reports_from_zero_to_the_total() {
        let steps = recorder();
        let record = |s: Step| steps.lock().unwrap_or_else(|e| e.into_inner()).push(s);
        let tally = Tally::start(&record, Phase::BreakEven, 3);
        for _ in 0..3 {
            tally.add(1);
        }
        let done: Vec<usize> = steps
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|s| s.done)
            .collect();
        assert_eq!(done, [0, 1, 2, 3]);
    }

    #[test]
    fn an_empty_phase_is_one_step() {
        let steps = recorder();
        let record = |s: Step| steps.lock().unwrap_or_else(|e| e.into_inner()).push(s);
        let _ = Tally::start(&record, Phase::Charts, 0);
        let steps = steps.into_inner().unwrap_or_else(|e| e.into_inner());
        assert_eq!(steps.len(), 1);
        assert_eq!((steps[0].done, steps[0].total), (0, 0));
        assert_eq!(steps[0].fraction(), 1.0);
    }

    #[test]
    fn threads_report_in_order_and_reach_the_total() {
        let steps = recorder();
        let record = |s: Step| steps.lock().unwrap_or_else(|e| e.into_inner()).push(s);
        let tally = Tally::start(&record, Phase::MonteCarlo, 4 * 1_000);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..1_000 {
                        tally.add(1);
                    }
                });
            }
        });
        let steps = steps.into_inner().unwrap_or_else(|e| e.into_inner());
        assert!(steps.windows(2).all(|w| w[0].done < w[1].done));
        assert_eq!(steps.first().map(|s| s.done), Some(0));
        assert_eq!(steps.last().map(|s| s.done), Some(4_000));
    }

    #[test]
    fn fractions() {
        let step = |done, total| Step {
            phase: Phase::Scoring,
            done,
            total,
        };
        assert_eq!(step(1, 4).fraction(), 0.25);
        assert_eq!(step(4, 4).fraction(), 1.0);
        assert_eq!(step(0, 0).fraction(), 1.0);
    }

    #[test]
    fn every_phase_has_a_name() {
        for p in [
            Phase::Scoring,
            Phase::MonteCarlo,
            Phase::LeaveOneOut,
            Phase::BreakEven,
            Phase::Charts,
        ] {
            assert_eq!(p.to_string(), p.name());
            assert!(!p.name().is_empty());
        }
    }
}
