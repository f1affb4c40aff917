//! A case's report: everything `attrib report` says about a case, as
//! Markdown, JSON (feature `json`) or a self-contained HTML page with its
//! charts (feature `plot`); and the serialisable values the command line
//! prints with `--format json` ([`Scored`], [`Perspectives`], [`LeftOut`],
//! [`Sensitivity`]). [`Report`], [`Analysis`] and [`Sensitivity`] need
//! feature `monte-carlo`.
//!
//! A [`Report`] takes a case and its options (Monte Carlo draws and seed,
//! a perspective), computes the analysis once, when an output first needs
//! it, and renders it: the case, hypotheses and prior, the posterior with
//! ICD 203 words and Bayes factors, the perspectives, every item with its
//! likelihoods, reliability, rationale and sources, the ledger in decibans
//! with ENFSI words, the verdict, leave-one-out, break-even discounts,
//! Monte Carlo intervals, conflict and warnings.
//!
//! ```
//! use attrib::{Case, Evidence, report::Report};
//!
//! let case = Case::builder()
//!     .title("Blue cab")
//!     .hypothesis("blue", "Blue Cab").hypothesis("green", "Green Cab")
//!     .evidence(Evidence::builder("witness").likelihood("blue", 0.8).likelihood("green", 0.2))
//!     .build()?;
//! let report = Report::new(&case).draws(1_000).seed(7);
//! let md = report.markdown()?;
//! assert!(md.starts_with("# Blue cab"));
//! assert!(md.contains("## Monte Carlo (1000 draws, seed 7)"));
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! The numbers are also available as data: [`Report::analysis`]. A long
//! report can tell a [`Progress`] observer how far it has got:
//! [`Report::progress`].

#[cfg(feature = "monte-carlo")]
use crate::analysis::montecarlo::{MonteCarlo, Simulation};
#[cfg(feature = "monte-carlo")]
use crate::analysis::progress::{self, Phase, Progress, Tally};
#[cfg(feature = "monte-carlo")]
use crate::analysis::rescore::Rescorer;
#[cfg(feature = "monte-carlo")]
use crate::analysis::sensitivity::LeaveOneOut;
use crate::domain::case::Case;
#[cfg(feature = "monte-carlo")]
use crate::domain::id::{EvidenceId, HypothesisId, SourceId};
use crate::domain::perspective::{BASE, Perspective};
#[cfg(feature = "monte-carlo")]
use crate::domain::probability::Reliability;
use crate::error::Error;
#[cfg(feature = "monte-carlo")]
use crate::scoring::decibans::Decibans;
use crate::scoring::posterior::Posterior;
#[cfg(feature = "monte-carlo")]
use crate::scoring::scale::Enfsi;
#[cfg(feature = "monte-carlo")]
use std::path::PathBuf;
#[cfg(feature = "monte-carlo")]
use std::sync::OnceLock;

#[cfg(feature = "monte-carlo")]
mod chain;
mod data;
#[cfg(all(feature = "plot", feature = "monte-carlo"))]
mod html;
#[cfg(feature = "monte-carlo")]
mod markdown;
#[cfg(feature = "json")]
mod sorted;
#[cfg(all(feature = "plot", feature = "json"))]
pub mod whatif;
mod words;

#[cfg(feature = "monte-carlo")]
pub use data::Sensitivity;
pub use data::{LeftOut, Perspectives, Scored};
#[cfg(feature = "json")]
pub use sorted::sorted_json;

/// How many of the weightiest items get a break-even discount of their own.
#[cfg(feature = "monte-carlo")]
pub const ITEM_BREAK_EVENS: usize = 10;

/// The label of `base`, the case as written.
const BASE_LABEL: &str = "the case as written";

/// The charts of a report: name (the file name's ending), what it is
/// (the Markdown's image text) and caption, which says how to read it.
#[cfg(feature = "monte-carlo")]
const CHARTS: [(&str, &str, &str); 3] = [
    (
        "trajectory",
        "Posterior as the evidence is added",
        "Each line is a hypothesis's posterior after each item, in file order; the dashed line is the threshold the leader must reach.",
    ),
    (
        "tornado",
        "What moves the leader's posterior",
        "Each bar spans the leader's posterior as one item's reliability goes from 0 to 1; the cross is the item left out, the solid line the threshold: a bar that crosses it can flip the verdict.",
    ),
    (
        "intervals",
        "Monte Carlo intervals",
        "The 5-95 % range of each posterior across the Monte Carlo draws, and its median, against the threshold.",
    ),
];

/// The most items the tornado chart of a report draws: those with the
/// widest swing; its caption says how many it leaves out.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, report::{Report, TORNADO_ROWS}};
///
/// let mut b = Case::builder().hypothesis("a", "A").hypothesis("b", "B");
/// for i in 0..30 {
///     b = b.evidence(Evidence::builder(format!("e{i}")).likelihood("a", 0.6).likelihood("b", 0.5));
/// }
/// let case = b.build()?;
/// let charts = Report::new(&case).draws(100).charts()?;
/// assert_eq!(TORNADO_ROWS, 25);
/// assert!(charts[1].caption.contains("The 25 items of 30 with the widest swing are drawn"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
pub const TORNADO_ROWS: usize = 25;

/// What each chart of a case of `items` items leaves out, to follow its
/// caption: the tornado draws the [`TORNADO_ROWS`] widest swings.
#[cfg(feature = "monte-carlo")]
fn chart_notes(items: usize) -> [String; 3] {
    let tornado = if items > TORNADO_ROWS {
        format!(
            " The {TORNADO_ROWS} items of {items} with the widest swing are drawn; the other {} swing less.",
            items - TORNADO_ROWS
        )
    } else {
        String::new()
    };
    [String::new(), tornado, String::new()]
}

/// The options of a case's report, and the report itself: see the
/// [module docs](self).
///
/// Defaults: 10 000 Monte Carlo draws, seed 0, the case as written (no
/// perspective), no chart files, no progress observer. The analysis is
/// computed once, the first time an output needs it (so the setters come
/// first), and shared by every output.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, report::Report};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let report = Report::new(&case).draws(500);
/// assert_eq!(report.analysis()?.simulation.draw_count(), 500);
/// assert!(report.markdown()?.contains("**Verdict: insufficient"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone)]
#[must_use]
pub struct Report<'a> {
    case: &'a Case,
    draws: usize,
    seed: u64,
    perspective: Option<String>,
    chart_files: Option<(PathBuf, String)>,
    progress: Option<&'a dyn Progress>,
    #[cfg_attr(not(all(feature = "plot", feature = "json")), allow(dead_code))]
    interactive: bool,
    analysis: OnceLock<Result<Analysis, Error>>,
    /// The rescorer the analysis built of the case as reported, kept for
    /// the charts' tornado and trajectory (a case scored, weighed and
    /// ranked once for all of them).
    rescorer: KeptRescorer,
}

/// A [`Report`]'s rescorer, once its analysis has made one: a cache, so a
/// copy of the report starts without it (and makes its own).
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Default)]
struct KeptRescorer(std::sync::Mutex<Option<Rescorer>>);

#[cfg(feature = "monte-carlo")]
impl Clone for KeptRescorer {
    fn clone(&self) -> Self {
        KeptRescorer::default()
    }
}

#[cfg(feature = "monte-carlo")]
impl KeptRescorer {
    fn put(&self, rescorer: Rescorer) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(rescorer);
        }
    }

    #[cfg_attr(not(feature = "plot"), allow(dead_code))]
    fn take(&self) -> Option<Rescorer> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// The case scored from one perspective (docs/model.md section 10), or as
/// written (`base`).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Perspective, report};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .perspective(Perspective::builder("strict").threshold(0.99))
///     .build()?;
/// let views = report::views(&case)?;
/// assert_eq!(views[0].id, "base");
/// assert_eq!(views[1].id, "strict");
/// assert_eq!(views[1].posterior.verdict().threshold().get(), 0.99);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct View {
    /// The perspective's id: `base` for the case as written.
    pub id: String,
    /// Its label, or "" when it has none (`base`: "the case as written").
    pub label: String,
    /// The perspective; `None` for `base`.
    pub perspective: Option<Perspective>,
    /// The posterior from it.
    pub posterior: Posterior,
}

impl View {
    /// The runner-up: the second hypothesis of the ranking.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let base = &report::views(&case)?[0];
    /// assert_eq!(base.runner_up().as_deref(), Some("b"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn runner_up(&self) -> Option<String> {
        self.posterior
            .ranking()
            .get(1)
            .map(|(h, _)| h.id().to_string())
    }

    /// The Bayes factor of the evidence, leader against the runner-up.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let base = &report::views(&case)?[0];
    /// assert!((base.bayes_factor().unwrap() - 9.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn bayes_factor(&self) -> Option<f64> {
        self.runner_up()
            .and_then(|r| self.posterior.bayes_factor(r))
    }

    /// The leader's posterior.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// assert!((report::views(&case)?[0].leader_probability() - 0.9).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader_probability(&self) -> f64 {
        self.posterior.verdict().probability().get()
    }
}

/// `base`, the case as written, then the case from each of its
/// perspectives in order.
///
/// # Errors
///
/// What scoring the case, or the case from a perspective, fails with
/// (such as [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory)).
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, report};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let views = attrib::report::views(&case)?;
/// assert_eq!(views.len(), 1 + case.perspectives().len());
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn views(case: &Case) -> Result<Vec<View>, Error> {
    views_counted(case, || {})
}

/// [`views`], calling `scored` after each view is scored.
fn views_counted(case: &Case, mut scored: impl FnMut()) -> Result<Vec<View>, Error> {
    let mut out = vec![View {
        id: BASE.to_string(),
        label: BASE_LABEL.to_string(),
        perspective: None,
        posterior: case.score()?,
    }];
    scored();
    for p in case.perspectives() {
        let seen = case.perspective(p.id())?;
        out.push(View {
            id: p.id().to_string(),
            label: p.label().unwrap_or_default().to_string(),
            perspective: Some(p.clone()),
            posterior: seen.score()?,
        });
        scored();
    }
    Ok(out)
}

/// Everything a report says, as data: the case as seen, its posterior,
/// the perspectives, and how robust the verdict is.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, report::Report};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .source("s", "Source", 0.8)
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("s")).build()?;
/// let report = Report::new(&case).draws(200);
/// let a = report.analysis()?;
/// assert_eq!(a.point.leader().id().as_str(), "a");
/// assert_eq!(a.leave_one_out.len(), 1);
/// assert_eq!(a.break_even_sources[0].0.as_str(), "s");
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Analysis {
    /// The case as reported: with the perspective applied, if any.
    pub case: Case,
    /// The perspective applied, if any (`None`: the case as written).
    pub perspective: Option<String>,
    /// `base` and every perspective of the case as written ([`views`]).
    pub views: Vec<View>,
    /// The posterior of the case as reported.
    pub point: Posterior,
    /// The Monte Carlo run (docs/model.md section 6).
    pub simulation: Simulation,
    /// The case without each item in turn.
    pub leave_one_out: Vec<LeaveOneOut>,
    /// Per source, the break-even discount ([`BreakEven::every_source`](crate::BreakEven::every_source)).
    pub break_even_sources: Vec<(SourceId, Option<Reliability>)>,
    /// For the [`ITEM_BREAK_EVENS`] items that carried the judgement most
    /// ([`Ledger::carriers`](crate::Ledger::carriers)), the break-even
    /// discount ([`BreakEven::evidence`](crate::BreakEven::evidence)).
    pub break_even_evidence: Vec<(EvidenceId, Option<Reliability>)>,
}

/// A chart of a report, as SVG (feature `plot`).
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, report::Report};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let charts = Report::new(&case).draws(200).charts()?;
/// let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
/// assert_eq!(names, ["trajectory", "tornado", "intervals"]);
/// assert!(charts[0].svg.starts_with("<svg"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(all(feature = "plot", feature = "monte-carlo"))]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Chart {
    /// `trajectory`, `tornado` or `intervals`.
    pub name: &'static str,
    /// How to read it, such as "The 5-95 % range of each posterior
    /// across the Monte Carlo draws...", and what it leaves out.
    pub caption: String,
    /// Where the report links it, when [`Report::chart_files`] is given.
    pub path: Option<PathBuf>,
    /// The chart, an SVG document.
    pub svg: String,
}

#[cfg(feature = "monte-carlo")]
impl<'a> Report<'a> {
    /// The report of `case` with the default options: 10 000 draws, seed
    /// 0, the case as written, no chart files.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let report = Report::new(&case);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(case: &'a Case) -> Self {
        Report {
            case,
            draws: 10_000,
            seed: 0,
            perspective: None,
            chart_files: None,
            progress: None,
            interactive: false,
            analysis: OnceLock::new(),
            rescorer: KeptRescorer::default(),
        }
    }

    /// Sets the number of Monte Carlo draws (default 10 000; at least 1,
    /// checked when the report is made).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let report = Report::new(&case).draws(2_000);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn draws(mut self, n: usize) -> Self {
        self.draws = n;
        self.analysis = OnceLock::new();
        self
    }

    /// Sets the seed of the draws (default 0): the same seed gives the same
    /// report.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let report = Report::new(&case).seed(20150316);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self.analysis = OnceLock::new();
        self
    }

    /// Reports the case from this perspective (docs/model.md section 10;
    /// default: the case as written, which `base` also names). Every number
    /// of the report is then the case's with the perspective applied; the
    /// perspectives section still compares them all.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Perspective, report::Report};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .perspective(Perspective::builder("lenient").threshold(0.8))
    ///     .build()?;
    /// let md = Report::new(&case).draws(100).perspective("lenient").markdown()?;
    /// assert!(md.contains("Seen from the perspective `lenient`"));
    /// assert!(md.contains("**Verdict: attributed"));
    /// // an unknown perspective is an error when the report is made
    /// assert!(Report::new(&case).perspective("nobody").markdown().is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspective(mut self, id: impl Into<String>) -> Self {
        self.perspective = Some(id.into());
        self.analysis = OnceLock::new();
        self
    }

    /// Links the charts from the Markdown, and lists them in the JSON, as
    /// the files `dir/{stem}-trajectory.svg`, `dir/{stem}-tornado.svg` and
    /// `dir/{stem}-intervals.svg` (default: no chart files). The report
    /// does not write them: [`Report::charts`] gives each chart with its
    /// [`path`](Chart::path).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let md = Report::new(&case).draws(100).chart_files("charts", "case").markdown()?;
    /// assert!(md.contains("(charts/case-tornado.svg)"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chart_files(mut self, dir: impl Into<PathBuf>, stem: impl Into<String>) -> Self {
        self.chart_files = Some((dir.into(), stem.into()));
        self
    }

    /// Tells `progress` how far the report has got while it computes its
    /// analysis and draws its charts (default: no observer). The phases
    /// come in order: [`Phase::Scoring`] (the case as written, each
    /// perspective, and the case as reported), [`Phase::MonteCarlo`] (the
    /// draws, per chunk of 64), [`Phase::LeaveOneOut`] (the items, at once),
    /// [`Phase::BreakEven`] (one search per source and per weightiest item),
    /// and [`Phase::Charts`] each time [`Report::charts`] draws them (also
    /// for [`Report::html`]). See [`Progress`] for what an observer is
    /// told.
    ///
    /// The report is the same, byte for byte, with or without an observer.
    /// The analysis is computed once, so an output asked for after it adds
    /// no steps but those of the charts, which are drawn anew each time.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Phase, Step, report::Report};
    /// use std::sync::Mutex;
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// let draws = Mutex::new(0);
    /// let seen = |s: Step| {
    ///     if s.phase == Phase::MonteCarlo {
    ///         *draws.lock().unwrap() = s.done;
    ///     }
    /// };
    /// let report = Report::new(&case).draws(2_000).progress(&seen);
    /// let md = report.markdown()?;
    /// assert_eq!(*draws.lock().unwrap(), 2_000);
    /// assert_eq!(md, Report::new(&case).draws(2_000).markdown()?);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The analysis behind the report, computed on first use.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an unknown perspective; [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange)
    /// for 0 draws; what scoring the case fails with, such as
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let report = Report::new(&case).draws(300).seed(1);
    /// assert_eq!(report.analysis()?.simulation.seed(), 1);
    /// assert!(Report::new(&case).draws(0).analysis().is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn analysis(&self) -> Result<&Analysis, Error> {
        match self.analysis.get_or_init(|| self.analyse()) {
            Ok(a) => Ok(a),
            Err(e) => Err(e.clone()),
        }
    }

    /// The observer, or one that is told nothing.
    fn observer(&self) -> &'a dyn Progress {
        self.progress.unwrap_or(&progress::silent)
    }

    fn analyse(&self) -> Result<Analysis, Error> {
        let observer = self.observer();
        // base, each perspective, and the case as reported
        let scoring = Tally::start(observer, Phase::Scoring, self.case.perspectives().len() + 2);
        let case = match &self.perspective {
            Some(id) => self.case.perspective(id)?,
            None => self.case.clone(),
        };
        let views = views_counted(self.case, || scoring.add(1))?;
        // The case as written is `base`, scored already.
        let as_written = self.perspective.as_deref().is_none_or(|p| p == BASE);
        let point = match views.first() {
            Some(base) if as_written => base.posterior.clone(),
            _ => case.score()?,
        };
        scoring.add(1);
        let simulation = case.monte_carlo_with_progress(
            MonteCarlo::new().draws(self.draws).seed(self.seed),
            observer,
        )?;
        let items = Tally::start(observer, Phase::LeaveOneOut, case.evidence().len());
        // One rescorer of the scored case serves leave-one-out and every
        // break-even search.
        let mut rescorer = Rescorer::of_point(&case, &point);
        let leave_one_out = case.leave_one_out_with(&point, &mut rescorer)?;
        items.add(case.evidence().len());
        let ledger = point.ledger();
        let carriers: Vec<&EvidenceId> = ledger
            .carriers()
            .into_iter()
            .take(ITEM_BREAK_EVENS)
            .map(|(id, _)| id)
            .collect();
        let searches = Tally::start(
            observer,
            Phase::BreakEven,
            case.sources().len() + carriers.len(),
        );
        let break_even_sources = case.break_even_sources_with(&mut rescorer, || searches.add(1))?;
        let ids: Vec<&str> = carriers.iter().map(|id| id.as_str()).collect();
        let found = case.break_even_items_with(&mut rescorer, &ids, || searches.add(1))?;
        let break_even_evidence = carriers.into_iter().cloned().zip(found).collect();
        self.rescorer.put(rescorer);
        Ok(Analysis {
            perspective: self.perspective.clone().filter(|p| p != BASE),
            case,
            views,
            point,
            simulation,
            leave_one_out,
            break_even_sources,
            break_even_evidence,
        })
    }

    /// The title of the report: the case's, or the chart files' stem, or
    /// "Case".
    fn title(&self) -> &str {
        self.case
            .title()
            .or(self.chart_files.as_ref().map(|(_, stem)| stem.as_str()))
            .unwrap_or("Case")
    }

    /// Where the charts are linked: (what it is, caption, path) per chart,
    /// none without [`Report::chart_files`]. The caption is the one the
    /// chart carries in the HTML page, with what it leaves out.
    fn chart_links(&self) -> Vec<(&'static str, String, PathBuf)> {
        match &self.chart_files {
            Some((dir, stem)) => {
                let notes = chart_notes(self.case.evidence().len());
                CHARTS
                    .iter()
                    .zip(notes)
                    .map(|((name, alt, caption), note)| {
                        (
                            *alt,
                            format!("{caption}{note}"),
                            dir.join(format!("{stem}-{name}.svg")),
                        )
                    })
                    .collect()
            }
            None => Vec::new(),
        }
    }

    /// The report as a Markdown document. Its size is bounded as the HTML
    /// page's is ([`Report::html`]): past 50 items, the evidence, the
    /// ledger and leave one out show the 50 that weigh most and say what
    /// the others weigh; the ledger has a column for the 6 most probable
    /// rivals; at most 30 warnings are listed.
    ///
    /// # Errors
    ///
    /// As [`Report::analysis`].
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().title("T").hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let md = Report::new(&case).draws(100).markdown()?;
    /// assert!(md.contains("## Weight of evidence"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn markdown(&self) -> Result<String, Error> {
        Ok(markdown::render(
            self.title(),
            self.analysis()?,
            &self.chart_links(),
        ))
    }

    /// The report as one JSON object (feature `json`): the fields of
    /// [`Scored`] (with `perspective`), then `date`, `place`,
    /// `perspectives` (those of [`Perspectives`]), `sensitivity`
    /// ([`Sensitivity`]) and `charts` (the chart files' paths, empty
    /// without [`Report::chart_files`]); for a case that declares steps of
    /// reasoning, `chain` too ([`Chain`](crate::Chain)'s JSON).
    ///
    /// # Errors
    ///
    /// As [`Report::analysis`].
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let v = Report::new(&case).draws(100).json()?;
    /// assert_eq!(v["leader"], "a");
    /// assert_eq!(v["sensitivity"]["draws"], 100);
    /// assert_eq!(v["perspective"], "base");
    /// assert!(v.get("chain").is_none()); // the case declares no steps
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn json(&self) -> Result<serde_json::Value, Error> {
        // Every map the report writes has string keys, so `serde_json`
        // cannot fail on it; should it, the value is `null`.
        Ok(serde_json::to_value(self.whole()?).unwrap_or(serde_json::Value::Null))
    }

    /// The report's JSON object ([`Report::json`]) as pretty text, its
    /// keys sorted: what `attrib report --format json` prints (without
    /// the final newline). The text is [`sorted_json`]'s, written straight
    /// from the report's numbers, in about the memory of the text, where
    /// [`Report::json`]'s tree of values takes many times that.
    ///
    /// # Errors
    ///
    /// As [`Report::analysis`]; [`ErrorKind::Serialize`](crate::ErrorKind::Serialize)
    /// should the text fail to be written (every key the report writes is
    /// a string, so it does not).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let report = Report::new(&case).draws(100);
    /// let text = report.json_text()?;
    /// assert_eq!(text, serde_json::to_string_pretty(&report.json()?).unwrap());
    /// assert!(text.contains("\"leader\": \"a\""));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn json_text(&self) -> Result<String, Error> {
        sorted_json(&self.whole()?)
    }

    /// What [`Report::json`] and [`Report::json_text`] write.
    #[cfg(feature = "json")]
    fn whole(&self) -> Result<data::Whole<'_>, Error> {
        Ok(data::Whole {
            analysis: self.analysis()?,
            charts: self
                .chart_links()
                .into_iter()
                .map(|(_, _, p)| p.display().to_string())
                .collect(),
        })
    }

    /// The three charts (feature `plot`): the posterior as the items are
    /// added, the tornado of what moves the leader's posterior, and the
    /// Monte Carlo intervals.
    ///
    /// # Errors
    ///
    /// As [`Report::analysis`]; [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let report = Report::new(&case).draws(100).chart_files("out", "case");
    /// for chart in report.charts()? {
    ///     assert!(chart.path.unwrap().ends_with(format!("case-{}.svg", chart.name)));
    /// }
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "plot")]
    pub fn charts(&self) -> Result<Vec<Chart>, Error> {
        use crate::presentation::plot;
        let a = self.analysis()?;
        let title = self.title();
        let [trajectory, tornado, intervals] = CHARTS;
        let drawn = Tally::start(self.observer(), Phase::Charts, CHARTS.len());
        let counted = |svg: String| {
            drawn.add(1);
            svg
        };
        let threshold = a.case.threshold();
        // The hypotheses by their labels (ids where a label is absent).
        let names = plot::Names::of(&a.case);
        // The analysis's rescorer of the case (the same case, moved into
        // the analysis), or a new one.
        let mut rescorer = self
            .rescorer
            .take()
            .unwrap_or_else(|| Rescorer::of_point(&a.case, &a.point));
        let mut rows = a
            .case
            .tornado_rescored(&a.point, &a.leave_one_out, &mut rescorer)?;
        let path = a.case.trajectory_rescored(&rescorer)?;
        self.rescorer.put(rescorer);
        let [trajectory_note, tornado_note, intervals_note] = chart_notes(rows.rows.len());
        rows.rows.truncate(TORNADO_ROWS);
        let svgs = [
            (
                trajectory,
                counted(plot::trajectory_named_svg(
                    &path,
                    &format!("{title}: posterior as the evidence is added"),
                    &names,
                )?),
                trajectory_note,
            ),
            (
                tornado,
                counted(plot::tornado_named_svg(
                    &rows,
                    &format!("{title}: what moves the leader's posterior"),
                    threshold,
                    &names,
                )?),
                tornado_note,
            ),
            (
                intervals,
                counted(plot::intervals_named_svg(
                    &a.simulation,
                    &format!("{title}: Monte Carlo intervals"),
                    threshold,
                    &names,
                )?),
                intervals_note,
            ),
        ];
        let links = self.chart_links();
        Ok(svgs
            .into_iter()
            .enumerate()
            .map(|(i, ((name, _, caption), svg, note))| Chart {
                name,
                caption: format!("{caption}{note}"),
                path: links.get(i).map(|(_, _, p)| p.clone()),
                svg,
            })
            .collect())
    }

    /// The report as one self-contained HTML page (feature `plot`): the
    /// Markdown report's sections as HTML tables and lists, with the charts
    /// inline as SVG. It needs no external file, font, stylesheet or
    /// script, prints well (a print stylesheet), and is well-formed XML
    /// (XHTML syntax: every element closed, attributes quoted, text
    /// escaped). Labels and free texts are isolated in `<bdi>`, so that a
    /// bidi override in one cannot reach past it.
    ///
    /// It opens with the verdict and a paragraph of reasons. Its size is
    /// bounded whatever the case's: with more than 50 items, the evidence,
    /// the ledger and leave one out show the 50 that weigh most (leader
    /// against runner-up) and say what the others weigh; the ledger has a
    /// column for the 6 nearest rivals; the tornado draws the
    /// [`TORNADO_ROWS`] widest swings, the trajectory at most
    /// [`plot::TRAJECTORY_SERIES`](crate::plot::TRAJECTORY_SERIES) lines;
    /// at most 30 warnings are shown. A case of 16 hypotheses and 1 000
    /// items gives a page of about 0.25 MB (0.64 MB with
    /// [`Report::interactive`]).
    ///
    /// # Errors
    ///
    /// As [`Report::charts`].
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().title("Blue & green").hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let html = Report::new(&case).draws(100).html()?;
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains("<h1>Blue &amp; green</h1>"));
    /// assert!(html.contains("<svg"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "plot")]
    pub fn html(&self) -> Result<String, Error> {
        let charts = self.charts()?;
        let page = html::render(self.title(), self.analysis()?, &charts);
        #[cfg(feature = "json")]
        if self.interactive {
            let data = whatif::WhatIf::new(self.case)?;
            let data = match &self.perspective {
                Some(id) => data.initial(id),
                None => data,
            };
            return Ok(whatif::page(&page, &data));
        }
        Ok(page)
    }

    /// Makes [`Report::html`] the interactive what-if page (features
    /// `plot` and `json`; default off): the static report with a panel on
    /// top whose controls (each source's trust, each item on, off or
    /// discounted, the perspective, the standard of proof) rescore the
    /// case in the browser. See [`whatif`] for what the page holds, and the
    /// README for its test interface. The other outputs do not change.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let page = Report::new(&case).draws(100).interactive(true).html()?;
    /// assert!(page.contains("<section id=\"whatif\""));
    /// assert!(!Report::new(&case).draws(100).html()?.contains("whatif"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(all(feature = "plot", feature = "json"))]
    pub fn interactive(mut self, on: bool) -> Self {
        self.interactive = on;
        self
    }
}

#[cfg(feature = "monte-carlo")]
/// A weight of evidence with its ENFSI words, or "undefined".
fn db(w: Option<Decibans>, rival: &HypothesisId) -> String {
    match w {
        Some(w) => format!("{w} ({})", enfsi_words(w, rival)),
        None => "undefined".into(),
    }
}

#[cfg(feature = "monte-carlo")]
/// The ENFSI words of a weight of evidence for the leader against
/// `rival`: "strong support" (for the leader); "too weak to support
/// either" for a ratio between 1/2 and 2 (the scale's "no support", which
/// beside a positive weight reads as a contradiction); or, when the
/// weight favours the rival, "strong support for {rival}", so that
/// evidence against the leader is never called support for it.
fn enfsi_words(w: Decibans, rival: &HypothesisId) -> String {
    match w.enfsi() {
        Enfsi::Against(s) => format!("{s} support for {rival}"),
        Enfsi::NoSupport => "too weak to support either".to_string(),
        e => e.words().to_string(),
    }
}

#[cfg(feature = "monte-carlo")]
/// A Bayes factor for a table.
fn factor(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.4}"),
        Some(_) => "infinite".to_string(),
        None => "-".to_string(),
    }
}

#[cfg(feature = "monte-carlo")]
/// A break-even discount for a table.
fn discount(d: Option<Reliability>) -> String {
    d.map_or("none".to_string(), |d| format!("{:.6}", d.get()))
}

/// A piece of a phrase: text, or an id to show as code.
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone, PartialEq)]
enum Chunk {
    /// Plain words.
    Text(String),
    /// An id (of a source, item, kind or hypothesis), shown as code.
    Id(String),
    /// A label of the case, isolated from the text around it (a bidi
    /// override in it reaches no further).
    Label(String),
}

#[cfg(feature = "monte-carlo")]
/// What a perspective changes, one phrase per change; the ids as
/// [`Chunk::Id`], so that each output quotes them in its own way.
fn changes(p: &Perspective) -> Vec<Vec<Chunk>> {
    use Chunk::{Id, Text};
    let mut out = Vec::new();
    let mut discounts: Vec<Vec<Chunk>> = Vec::new();
    for (id, f) in p.source_discounts() {
        discounts.push(vec![
            Text("source ".into()),
            Id(id.to_string()),
            Text(format!(" x {f}")),
        ]);
    }
    for (id, f) in p.evidence_discounts() {
        discounts.push(vec![
            Text("item ".into()),
            Id(id.to_string()),
            Text(format!(" x {f}")),
        ]);
    }
    for (id, f) in p.kind_discounts() {
        discounts.push(vec![
            Text("kind ".into()),
            Id(id.to_string()),
            Text(format!(" x {f}")),
        ]);
    }
    if !discounts.is_empty() {
        let mut phrase = vec![Text("reliability: ".into())];
        for (i, d) in discounts.into_iter().enumerate() {
            if i > 0 {
                phrase.push(Text(", ".into()));
            }
            phrase.extend(d);
        }
        out.push(phrase);
    }
    if let Some(prior) = p.prior() {
        let mut phrase = vec![Text("prior weights: ".into())];
        for (i, (h, w)) in prior.iter().enumerate() {
            if i > 0 {
                phrase.push(Text(", ".into()));
            }
            phrase.push(Text(format!("{h} {}", w.get())));
        }
        out.push(phrase);
    }
    if let Some(t) = p.threshold() {
        out.push(vec![Text(format!("threshold: {t}"))]);
    }
    if out.is_empty() {
        out.push(vec![Text("changes nothing in this case".into())]);
    }
    out
}

#[cfg(feature = "monte-carlo")]
/// Every warning of a report: the case's, then those of its Monte Carlo
/// run ([`Case::draw_warnings`]).
fn warnings(a: &Analysis) -> Vec<crate::domain::warning::Warning> {
    let mut w = a.case.warnings();
    w.extend(a.case.draw_warnings(a.simulation.draw_count()));
    w
}

/// How many items a report's reasons name as carrying the leader.
#[cfg(feature = "monte-carlo")]
const REASON_ITEMS: usize = 3;

/// The report's opening paragraph of reasons, as data: what carried the
/// leader against the runner-up, what counts against it, what would
/// change the verdict, and whether a perspective changes it.
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone)]
struct Reasons {
    sentences: Vec<Vec<Chunk>>,
}

#[cfg(feature = "monte-carlo")]
impl Reasons {
    fn of(a: &Analysis) -> Reasons {
        use Chunk::{Id, Label, Text};
        let post = &a.point;
        let leader = post.leader();
        let named = |h: &crate::domain::hypothesis::Hypothesis| -> Vec<Chunk> {
            if h.label().is_empty() {
                vec![Id(h.id().to_string())]
            } else {
                vec![
                    Label(h.label().to_string()),
                    Text(" (".into()),
                    Id(h.id().to_string()),
                    Text(")".into()),
                ]
            }
        };
        let mut sentences = Vec::new();
        let ranking = post.ranking();
        let Some((runner, _)) = ranking.get(1) else {
            sentences.push(vec![Text(
                "The case has one hypothesis: nothing to weigh.".into(),
            )]);
            return Reasons { sentences };
        };
        let ledger = post.ledger();
        let carriers = ledger.carriers();
        // What carried the leader.
        let mut s = vec![Text("The evidence favours ".into())];
        s.extend(named(leader));
        s.push(Text(" over the runner-up, ".into()));
        s.extend(named(runner));
        let total = ledger.total(leader.id(), runner.id());
        if let Some(t) = total {
            s.push(Text(format!(
                ", by {t} in all ({})",
                enfsi_words(t, runner.id())
            )));
        }
        let pros: Vec<_> = carriers
            .iter()
            .filter(|(_, w)| w.get() > 0.0)
            .take(REASON_ITEMS)
            .collect();
        if pros.is_empty() {
            s.push(Text(": no item favours it".into()));
        } else {
            s.push(Text(": carried by ".into()));
            for (i, (id, w)) in pros.iter().enumerate() {
                if i > 0 {
                    s.push(Text(", ".into()));
                }
                s.push(Id(id.to_string()));
                s.push(Text(format!(" {w}")));
            }
        }
        s.push(Text(".".into()));
        sentences.push(s);
        // What counts against it.
        let cons: Vec<_> = carriers
            .iter()
            .rev()
            .filter(|(_, w)| w.get() < 0.0)
            .take(REASON_ITEMS)
            .collect();
        if cons.is_empty() {
            sentences.push(vec![Text("No item counts against it.".into())]);
        } else {
            let mut s = vec![Text("Against it: ".into())];
            for (i, (id, w)) in cons.iter().enumerate() {
                if i > 0 {
                    s.push(Text(", ".into()));
                }
                s.push(Id(id.to_string()));
                s.push(Text(format!(" {w}")));
            }
            s.push(Text(".".into()));
            sentences.push(s);
        }
        // What would change the verdict.
        let linchpins: Vec<_> = a.leave_one_out.iter().filter(|l| l.is_linchpin()).collect();
        let nearest = a
            .break_even_sources
            .iter()
            .map(|(id, d)| (vec![Text("source ".into()), Id(id.to_string())], *d))
            .chain(
                a.break_even_evidence
                    .iter()
                    .map(|(id, d)| (vec![Text("item ".into()), Id(id.to_string())], *d)),
            )
            .filter_map(|(who, d)| d.map(|d| (who, d.get())))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        let verdict = post.verdict();
        let attributed = verdict.status() == crate::scoring::verdict::Status::Attributed;
        let mut s = Vec::new();
        if let Some(l) = linchpins.first() {
            s.push(Text("Leaving out ".into()));
            s.push(Id(l.evidence().to_string()));
            s.push(Text(format!(
                " alone changes the verdict ({} linchpin{} in all)",
                linchpins.len(),
                if linchpins.len() == 1 { "" } else { "s" }
            )));
        }
        if let Some((who, d)) = nearest {
            s.push(Text(if s.is_empty() {
                "The verdict changes when ".into()
            } else {
                "; it changes when ".into()
            }));
            s.extend(who);
            s.push(Text(format!(
                "'s reliability is discounted by a factor of {d:.3}"
            )));
        }
        if s.is_empty() {
            let p = verdict.probability().get();
            let t = verdict.threshold().get();
            let odds = |x: f64| 10.0 * (x / (1.0 - x)).log10();
            let strongest = pros.first().map(|(_, w)| w.get());
            if attributed {
                s.push(Text("No single item left out, and no discount of one source or weighty item, changes the verdict".into()));
            } else if t < 1.0
                && p > 0.0
                && let Some(w) = strongest
            {
                let need = odds(t) - odds(p);
                s.push(Text(format!(
                    "No discount changes the verdict; to reach the threshold {} the leader needs about {:.1} dB more against all rivals, about {} more item{} as strong as the strongest ({:+.1} dB each)",
                    verdict.threshold(),
                    need,
                    (need / w).ceil().max(1.0),
                    if need / w > 1.0 { "s" } else { "" },
                    w
                )));
            } else {
                s.push(Text("No discount changes the verdict".into()));
            }
        }
        s.push(Text(".".into()));
        sentences.push(s);
        // Whether a perspective changes it.
        let others: Vec<&View> = a
            .views
            .iter()
            .filter(|v| Some(v.id.as_str()) != a.perspective.as_deref().or(Some(BASE)))
            .collect();
        if !others.is_empty() {
            let changed: Vec<&&View> = others
                .iter()
                .filter(|v| {
                    let w = v.posterior.verdict();
                    w.status() != verdict.status() || (attributed && w.leader() != verdict.leader())
                })
                .collect();
            let mut s = Vec::new();
            if changed.is_empty() {
                s.push(Text(format!(
                    "No other perspective ({} in all) changes the verdict.",
                    others.len()
                )));
            } else {
                s.push(Text(format!(
                    "{} of {} other perspectives change the verdict: ",
                    changed.len(),
                    others.len()
                )));
                for (i, v) in changed.iter().enumerate() {
                    if i > 0 {
                        s.push(Text(", ".into()));
                    }
                    s.push(Id(v.id.clone()));
                    s.push(Text(format!(" ({})", v.posterior.verdict().status())));
                }
                s.push(Text(".".into()));
            }
            sentences.push(s);
        }
        Reasons { sentences }
    }

    /// The sentences, one after the other.
    fn sentences(&self) -> Vec<Chunk> {
        let mut out = Vec::new();
        for (i, s) in self.sentences.iter().enumerate() {
            if i > 0 {
                out.push(Chunk::Text(" ".into()));
            }
            out.extend(s.iter().cloned());
        }
        out
    }
}

/// The most items the HTML and Markdown reports show one by one (in the
/// evidence, the ledger and leave one out): a case with more shows its
/// weightiest.
#[cfg(feature = "monte-carlo")]
const SHOWN_ITEMS: usize = 50;

/// The most rivals the ledger of the HTML and Markdown reports has a
/// column for: the most probable.
#[cfg(feature = "monte-carlo")]
const LEDGER_RIVALS: usize = 6;

/// The most warnings the HTML and Markdown reports list (`attrib check`
/// lists every one), and the longest shown whole, in characters.
#[cfg(feature = "monte-carlo")]
const WARNINGS_SHOWN: usize = 30;
#[cfg(feature = "monte-carlo")]
const WARNING_CHARS: usize = 400;

/// The items a page shows one by one: every item up to [`SHOWN_ITEMS`],
/// else the [`SHOWN_ITEMS`] that weigh most, leader against runner-up
/// (either way), in file order; and what the others weigh.
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone)]
struct Shown {
    mask: Vec<bool>,
    /// The weight of the heaviest item left out, and of all of them, in
    /// decibans.
    left: Option<(Decibans, Decibans)>,
}

#[cfg(feature = "monte-carlo")]
impl Shown {
    fn of(a: &Analysis) -> Shown {
        let n = a.case.evidence().len();
        if n <= SHOWN_ITEMS {
            return Shown {
                mask: vec![true; n],
                left: None,
            };
        }
        let index: std::collections::HashMap<&str, usize> = a
            .case
            .evidence()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id().as_str(), i))
            .collect();
        let mut weights: Vec<(usize, f64)> = a
            .point
            .ledger()
            .carriers()
            .into_iter()
            .filter_map(|(id, w)| index.get(id.as_str()).map(|&i| (i, w.get())))
            .collect();
        weights.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
        let mut mask = vec![false; n];
        let mut kept = 0;
        for &(i, _) in weights.iter().take(SHOWN_ITEMS) {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
                kept += 1;
            }
        }
        // Without a runner-up nothing weighs: the first items, in order.
        for m in mask.iter_mut().take(SHOWN_ITEMS.saturating_sub(kept)) {
            *m = true;
        }
        let rest = weights.get(SHOWN_ITEMS..).unwrap_or(&[]);
        let left = rest.first().map(|&(_, w)| {
            (
                Decibans::from_ln(w.abs() * std::f64::consts::LN_10 / 10.0),
                Decibans::from_ln(
                    rest.iter().map(|&(_, w)| w).sum::<f64>() * std::f64::consts::LN_10 / 10.0,
                ),
            )
        });
        Shown { mask, left }
    }

    /// The indices of the items shown, in file order.
    fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.mask
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| i)
    }

    /// Whether item `i` is shown.
    fn has(&self, i: usize) -> bool {
        self.mask.get(i).copied().unwrap_or(false)
    }

    /// What a section that shows only these items says of the others.
    fn note(&self) -> Option<Vec<Chunk>> {
        let left = self.mask.iter().filter(|on| !**on).count();
        if left == 0 {
            return None;
        }
        let shown = self.mask.len() - left;
        let mut s = format!(
            "{shown} of {} items shown: those that weigh most, leader against runner-up. The other {left} are left out here",
            self.mask.len()
        );
        if let Some((most, all)) = self.left {
            s.push_str(&format!(
                " (each at most {most:.2} either way, {all:.1} together)"
            ));
        }
        s.push_str("; the case file and the JSON report have every one.");
        Some(vec![Chunk::Text(s)])
    }
}

#[cfg(feature = "monte-carlo")]
/// An item's credibility in words.
fn credibility(c: Option<crate::domain::evidence::Credibility>) -> String {
    c.map_or("-".to_string(), |c| match c {
        crate::domain::evidence::Credibility::Grade(g) => format!("{} ({})", g, g.words()),
        crate::domain::evidence::Credibility::Value(v) => v.to_string(),
    })
}

#[cfg(all(test, feature = "monte-carlo"))]
mod tests {
    use super::*;
    use crate::domain::evidence::Evidence;

    fn case() -> Case {
        Case::builder()
            .title("T")
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .source("s", "S", 0.8)
            .evidence(
                Evidence::builder("e")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1)
                    .source("s"),
            )
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn setters_reset_the_analysis() {
        let c = case();
        let r = Report::new(&c).draws(50);
        assert_eq!(r.analysis().map(|a| a.simulation.draw_count()), Ok(50));
        let r = r.draws(60);
        assert_eq!(r.analysis().map(|a| a.simulation.draw_count()), Ok(60));
    }

    #[test]
    fn base_is_the_case_as_written() {
        let c = case();
        let a = Report::new(&c).draws(10).perspective(BASE);
        assert_eq!(a.analysis().map(|a| a.perspective.clone()), Ok(None));
    }

    #[test]
    fn the_same_seed_gives_the_same_report() {
        let c = case();
        let one = Report::new(&c).draws(100).seed(3).markdown();
        let two = Report::new(&c).draws(100).seed(3).markdown();
        assert_eq!(one, two);
        assert!(one.is_ok());
    }
}
