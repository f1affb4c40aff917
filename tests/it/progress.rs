//! The progress hook of long work (`Progress`, `Step`, `Phase`): every
//! phase is told from 0 up to its total, in order, and the results are the
//! same, bit for bit, with an observer or without one.

use attrib::report::Report;
use attrib::{Case, CaseBuilder, Evidence, MonteCarlo, Perspective, Phase, Step};
use proptest::prelude::*;
use std::sync::Mutex;

/// Every step an observer is told, in order.
#[derive(Default)]
struct Recorder(Mutex<Vec<Step>>);

impl attrib::Progress for Recorder {
    fn step(&self, step: Step) {
        self.0.lock().unwrap().push(step);
    }
}

impl Recorder {
    fn steps(self) -> Vec<Step> {
        self.0.into_inner().unwrap()
    }
}

/// The steps split into phases, in the order they came; checks that each
/// phase begins at 0, only grows, keeps its total and ends at it.
fn phases(steps: &[Step]) -> Vec<(Phase, usize)> {
    let mut out: Vec<(Phase, usize)> = Vec::new();
    let mut last: Option<Step> = None;
    for &s in steps {
        match last {
            Some(l) if l.phase == s.phase && s.done > 0 => {
                assert!(s.done > l.done, "{l:?} then {s:?}");
                assert_eq!(s.total, l.total, "{l:?} then {s:?}");
            }
            _ => {
                if let Some(l) = last {
                    assert_eq!(l.done, l.total, "{l:?} ended short");
                }
                assert_eq!(s.done, 0, "{s:?} begins a phase");
                out.push((s.phase, s.total));
            }
        }
        assert!(s.done <= s.total, "{s:?}");
        last = Some(s);
    }
    if let Some(l) = last {
        assert_eq!(l.done, l.total, "{l:?} ended short");
    }
    out
}

/// Bit for bit: `Debug` writes every float in full (shortest round trip),
/// and tells -0.0 from 0.0.
fn same<T: std::fmt::Debug + PartialEq>(a: &T, b: &T) {
    assert_eq!(a, b);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

fn two() -> CaseBuilder {
    Case::builder().hypothesis("a", "A").hypothesis("b", "B")
}

/// Likelihoods held with concentration 20, a source held as a range, two
/// grouped items and a perspective: something to draw, search and compare.
fn uncertain() -> Case {
    two()
        .hypothesis("other", "Other")
        .likelihood_concentration(20.0)
        .threshold(0.9)
        .source("intel", "Intelligence", 0.9)
        .group("echo", 0.5)
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.9)
                .likelihood("b", 0.2)
                .likelihood("other", 0.3)
                .source("intel"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.7)
                .likelihood("b", 0.4)
                .likelihood("other", 0.4)
                .group("echo"),
        )
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.8)
                .likelihood("b", 0.3)
                .likelihood("other", 0.5)
                .group("echo"),
        )
        .evidence(
            Evidence::builder("e4")
                .likelihood_range("a", 0.5, 0.9)
                .likelihood("b", 0.1)
                .likelihood("other", 0.2),
        )
        .perspective(
            Perspective::builder("sceptic")
                .discount_source("intel", 0.5)
                .threshold(0.95),
        )
        .build()
        .unwrap()
}

#[test]
fn monte_carlo_counts_every_draw_in_order() {
    let case = uncertain();
    // a part chunk, one draw, exactly one chunk, one more than a chunk, many
    for draws in [1_000, 1, 64, 65, 10_000] {
        let options = MonteCarlo::new().draws(draws).seed(11);
        let seen = Recorder::default();
        let sim = options.run_with_progress(&case, &seen).unwrap();
        let steps = seen.steps();
        assert_eq!(phases(&steps), [(Phase::MonteCarlo, draws)]);
        // one step to begin, then at most one per chunk of 64
        assert!(steps.len() <= 1 + draws.div_ceil(64), "{}", steps.len());
        same(&sim, &options.run(&case).unwrap());
    }
}

#[test]
fn a_failed_run_tells_nothing() {
    let seen = Recorder::default();
    let err = MonteCarlo::new()
        .draws(0)
        .run_with_progress(&uncertain(), &seen)
        .unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::OutOfRange, "{err:?}");
    let err = MonteCarlo::new()
        .draws(usize::MAX)
        .run_with_progress(&uncertain(), &seen)
        .unwrap_err();
    assert_eq!(err.kind(), attrib::ErrorKind::Unsupported, "{err:?}");
    assert!(seen.steps().is_empty());
}

#[cfg(feature = "rayon")]
#[test]
fn monte_carlo_with_one_and_two_threads_counts_in_order_and_gives_the_same_bits() {
    let case = uncertain();
    let options = MonteCarlo::new().draws(20_000).seed(77);
    let plain = options.run(&case).unwrap();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let seen = Recorder::default();
        let sim = pool
            .install(|| options.run_with_progress(&case, &seen))
            .unwrap();
        same(&sim, &plain);
        assert_eq!(phases(&seen.steps()), [(Phase::MonteCarlo, 20_000)]);
        let quiet = pool.install(|| options.run(&case)).unwrap();
        same(&quiet, &plain);
    }
}

#[test]
fn a_report_goes_through_its_phases_in_order() {
    let case = uncertain();
    let seen = Recorder::default();
    let report = Report::new(&case).draws(3_000).seed(5).progress(&seen);
    let md = report.markdown().unwrap();
    let steps = seen.steps();
    // base, the perspective and the case as reported; the draws; the four
    // items; one source and the items that carried the judgement
    let carriers = case.score().unwrap().ledger().carriers().len().min(10);
    assert_eq!(
        phases(&steps),
        [
            (Phase::Scoring, 3),
            (Phase::MonteCarlo, 3_000),
            (Phase::LeaveOneOut, 4),
            (Phase::BreakEven, 1 + carriers),
        ]
    );
    assert_eq!(
        md,
        Report::new(&case).draws(3_000).seed(5).markdown().unwrap()
    );
}

#[test]
fn the_analysis_is_told_once() {
    let case = uncertain();
    let seen = Recorder::default();
    let report = Report::new(&case).draws(100).progress(&seen);
    report.markdown().unwrap();
    let first = seen.0.lock().unwrap().len();
    assert!(first >= 8, "{first}");
    // the analysis is computed once: later outputs tell nothing more
    report.markdown().unwrap();
    report.analysis().unwrap();
    assert_eq!(seen.steps().len(), first);
}

#[test]
fn a_report_from_a_perspective_is_the_same_with_an_observer() {
    let case = uncertain();
    let seen = Recorder::default();
    let with = Report::new(&case)
        .draws(1_000)
        .perspective("sceptic")
        .progress(&seen);
    let without = Report::new(&case).draws(1_000).perspective("sceptic");
    same(with.analysis().unwrap(), without.analysis().unwrap());
    assert_eq!(with.markdown().unwrap(), without.markdown().unwrap());
    assert_eq!(phases(&seen.steps()).len(), 4);
}

#[test]
fn a_report_that_fails_stops_telling() {
    let case = uncertain();
    let seen = Recorder::default();
    let report = Report::new(&case).perspective("nobody").progress(&seen);
    assert!(report.markdown().is_err());
    // the scoring phase began and did not end
    let steps = seen.steps();
    assert_eq!(steps.len(), 1);
    assert_eq!(
        (steps[0].phase, steps[0].done, steps[0].total),
        (Phase::Scoring, 0, 3)
    );
}

#[test]
fn a_case_without_items_or_sources_has_empty_phases() {
    let case = two().build().unwrap();
    let seen = Recorder::default();
    Report::new(&case)
        .draws(10)
        .progress(&seen)
        .markdown()
        .unwrap();
    assert_eq!(
        phases(&seen.steps()),
        [
            (Phase::Scoring, 2),
            (Phase::MonteCarlo, 10),
            (Phase::LeaveOneOut, 0),
            (Phase::BreakEven, 0),
        ]
    );
}

#[cfg(feature = "json")]
#[test]
fn the_sarmin_report_is_the_same_in_json_with_an_observer() {
    let case = Case::from_path("examples/cases/jim/sarmin-2015-03-16.json").unwrap();
    let seen = Recorder::default();
    let with = Report::new(&case)
        .draws(2_000)
        .progress(&seen)
        .json()
        .unwrap();
    let without = Report::new(&case).draws(2_000).json().unwrap();
    assert_eq!(
        serde_json::to_string(&with).unwrap(),
        serde_json::to_string(&without).unwrap()
    );
    let phases = phases(&seen.steps());
    assert_eq!(phases[0], (Phase::Scoring, case.perspectives().len() + 2));
    assert_eq!(phases[1], (Phase::MonteCarlo, 2_000));
    assert_eq!(phases[2], (Phase::LeaveOneOut, case.evidence().len()));
    assert_eq!(phases[3].0, Phase::BreakEven);
}

#[cfg(feature = "plot")]
#[test]
fn charts_are_a_phase_of_their_own_and_the_same_with_an_observer() {
    let case = uncertain();
    let seen = Recorder::default();
    let with = Report::new(&case).draws(500).progress(&seen);
    let html = with.html().unwrap();
    assert_eq!(html, Report::new(&case).draws(500).html().unwrap());
    let charts = with.charts().unwrap();
    assert_eq!(charts, Report::new(&case).draws(500).charts().unwrap());
    // html drew the charts once, then charts() again
    let phases = phases(&seen.steps());
    assert_eq!(phases[4..], [(Phase::Charts, 3), (Phase::Charts, 3)]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_an_observer_never_changes_a_simulation(
        draws in 1..700usize,
        seed in any::<u64>(),
        k in 1.0..50.0f64,
        l in 0.01..0.99f64,
    ) {
        let case = two()
            .likelihood_concentration(k)
            .evidence(Evidence::builder("e").likelihood("a", l).likelihood("b", 1.0 - l))
            .evidence(Evidence::builder("f").likelihood_range("a", 0.2, 0.8).likelihood("b", 0.5))
            .build()
            .unwrap();
        let options = MonteCarlo::new().draws(draws).seed(seed);
        let seen = Recorder::default();
        let with = options.run_with_progress(&case, &seen).unwrap();
        let without = options.run(&case).unwrap();
        prop_assert_eq!(format!("{with:?}"), format!("{without:?}"));
        prop_assert_eq!(phases(&seen.steps()), vec![(Phase::MonteCarlo, draws)]);
    }
}
