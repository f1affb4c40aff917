//! Bayesian attribution scoring: who most probably did it, given evidence
//! of uneven quality.
//!
//! `attrib` weighs competing hypotheses ("the Syrian Arab Armed Forces",
//! "ISIL", "the armed opposition", "someone else") against evidence items
//! whose likelihoods, reliability and independence differ, and states the
//! judgement with numbers: a posterior computed in log space, the weight of
//! evidence of every item, a verdict against a threshold, and the words an
//! analyst would use.
//!
//! ```
//! use attrib::{Case, Evidence, SourceGrade, Status};
//!
//! let case = Case::builder()
//!     .title("Sarmin, 16 March 2015")
//!     .hypothesis("government", "Syrian Arab Armed Forces")
//!     .hypothesis("isil", "ISIL")
//!     .hypothesis("opposition", "Armed opposition (incl. captured helicopters)")
//!     .hypothesis("other", "Another actor, or no chemical attack")
//!     .source_grade("residents", "Residents interviewed", SourceGrade::C)
//!     .evidence(
//!         Evidence::builder("helicopter-overhead")
//!             .description("Witnesses heard a helicopter before the impact")
//!             .likelihood("government", 0.9)
//!             .likelihood("isil", 0.01)
//!             .likelihood("opposition", 0.02)
//!             .likelihood("other", 0.1)
//!             .source("residents"),
//!     )
//!     .build()?;
//!
//! let posterior = case.score()?;
//! assert_eq!(posterior.leader().id().as_str(), "government");
//! // One fairly reliable report is not enough to attribute.
//! assert_eq!(posterior.verdict().status(), Status::Insufficient);
//! println!("{posterior}");
//! println!("{}", posterior.ledger());
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! # The model
//!
//! The full contract is [`docs/model.md`](crate::model); in short:
//!
//! **Hypotheses and prior.** `n >= 2` mutually exclusive hypotheses with
//! unique ids. The prior is given as non-negative weights, normalised to
//! sum to 1; none means uniform. Exhaustiveness is the analyst's job:
//! [`Case::warnings`] says when no catch-all ("other") is present, and
//! flags what else is worth a second look without being an error (see
//! [`Warning`]), down to a text field longer than 64 KiB
//! ([`Warning::LargeText`]).
//!
//! **Evidence.** Each item `e` gives a likelihood `l_e(h) = P(E | h)` for
//! every hypothesis, and optionally a reliability `r`, a `chance`, an
//! `observed` confidence `q`, a dependence group, a source and a
//! credibility. Its reliability is its own `reliability` when given,
//! otherwise (its source's reliability, or 1) times (its credibility, or
//! 1); sources and credibility may be graded with the Admiralty code (see
//! [`admiralty`] for the table). The effective likelihood is:
//!
//! 1. reliability, by the case's [`Weighting`]:
//!    - mixture (default): `l'(h) = r l(h) + (1 - r) chance`, with `chance`
//!      defaulting to the mean of `l` over hypotheses;
//!    - tempered: `l'(h) = l(h)^r`, with `0^0 = 1`;
//! 2. uncertain observation (Jeffrey / Pearl virtual evidence):
//!    `l''(h) = q l'(h) + (1 - q) (1 - l'(h))`;
//! 3. dependence: an item's penalty against `h` is
//!    `p_e(h) = ln max_k l''_e(k) - ln l''_e(h)`. Inside a group with
//!    correlation `rho`, for each hypothesis separately, the penalties are
//!    ranked largest first (equal ones by item id) and the `j`-th is
//!    weighted `w_j = (1 - rho)^j`: the most damning item counts in full,
//!    `k` copies of one report weigh `sum_{j<k} (1 - rho)^j` reports (never
//!    more than `1 / rho`), and adding an item never lowers a group's
//!    penalty ([`weighting::dependence_weight`],
//!    [`Posterior::dependence_weight`]).
//!
//! **Posterior.**
//! `ln post(h) = ln prior(h) - sum_e w_e(h) p_e(h) - ln Z`, with `ln Z`
//! the log-sum-exp over hypotheses. A hypothesis with `l''_e(h) = 0` for
//! some item is eliminated (posterior exactly 0); when every hypothesis is
//! eliminated the case is contradictory, an [`ErrorKind::Contradictory`] that
//! names the items. The result does not depend on the order of the
//! evidence, bit for bit.
//!
//! **Explanations.** The weight of evidence of item `e` for `h` against
//! `k` is `(10 / ln 10) (w_e(k) p_e(k) - w_e(h) p_e(h))` decibans (Good and
//! Turing; `10 log10(l''_e(h) / l''_e(k))` for an item outside any group);
//! the prior's log-odds plus all the weights give the posterior log-odds
//! ([`Ledger`]). The Bayes factor of all the evidence, leader against each
//! rival, is [`Posterior::bayes_factor`]. Posteriors get ICD 203 words
//! ([`Icd203`](scoring::Icd203)), likelihood ratios the ENFSI 2015 words
//! ([`Enfsi`](scoring::Enfsi)).
//!
//! **Verdict.** The case is attributed to the leader when its posterior is
//! at least the case's threshold (default 0.95, the lower edge of ICD 203
//! "almost certain"); otherwise it is insufficient ([`Verdict`]).
//!
//! # Precision
//!
//! Scoring works in log space: per item, the terms
//! `-w_e(h) p_e(h)`, summed exactly and rounded once.
//! No number of items and no likelihood in `0..=1` leads to NaN or to a
//! spurious zero: 10 000 items with likelihoods down to `1e-300` score
//! correctly. Posteriors are accurate to a relative `1e-15` for cases of
//! tens of items, and `1e-12` for 10 000 items; see [`Case::score`].
//!
//! # Case files
//!
//! A case is also a JSON file (docs/model.md section 7), read with
//! [`Case::from_json`] and written with [`Case::to_json`], or through any
//! serde format, since [`Case`] implements `Serialize` and `Deserialize`.
//! Deserialising goes through the same checks as [`CaseBuilder::build`]:
//! a file, a codebook merged into it, and the builders all reach one
//! validation, which yields the case and the look-up context (hypotheses,
//! sources, groups and items by id) that the case keeps. An item added
//! later, by [`Compiled::add`] or as a candidate of
//! [`InformationValue::of`](crate::InformationValue::of), is checked against that context alone,
//! in time proportional to the item, not to the case.
//!
//! ```json
//! {
//!   "version": 1,
//!   "title": "Sarmin, 16 March 2015",
//!   "date": "2015-03-16",
//!   "place": "Sarmin",
//!   "weighting": "mixture",
//!   "threshold": 0.95,
//!   "hypotheses": [
//!     {"id": "government", "label": "Syrian Arab Armed Forces"},
//!     {"id": "isil", "label": "ISIL"},
//!     {"id": "opposition", "label": "Armed opposition (incl. captured helicopters)"},
//!     {"id": "other", "label": "Another actor, or no chemical attack"}
//!   ],
//!   "prior": {"government": 1, "isil": 1, "opposition": 1, "other": 1},
//!   "sources": [{"id": "local-witnesses", "label": "Residents", "admiralty": "C"}],
//!   "groups": [{"id": "witnesses", "correlation": 0.5}],
//!   "evidence": [
//!     {
//!       "id": "helicopter-overhead",
//!       "description": "Witnesses heard a helicopter before the impact",
//!       "likelihoods": {"government": 0.9, "isil": 0.01, "opposition": 0.02, "other": 0.1},
//!       "source": "local-witnesses",
//!       "credibility": "2",
//!       "group": "witnesses",
//!       "rationale": "why these numbers",
//!       "sources": ["S/2016/738"]
//!     }
//!   ]
//! }
//! ```
//!
//! `version`, `hypotheses` and `evidence` are required. Unknown fields are
//! an error, so a typo cannot silently change a result, and every rejection
//! names the item and field: `evidence 'e3': likelihood for 'isil' is 1.2,
//! must be in 0..=1`. A likelihood or a reliability may be a range
//! `[low, high]`, scored at its midpoint.
//!
//! This crate extends docs/model.md, compatibly, with four optional fields:
//!
//! - on a hypothesis, `"catch_all": true` marks the catch-all whatever its
//!   id (by convention, ids such as `other` or `none` are one already; see
//!   [`Hypothesis::is_catch_all`](domain::Hypothesis::is_catch_all));
//! - on a source, `"discount": d` in `0..=1`, a factor on the reliability
//!   of every item from it ([`Case::discount_source`]);
//! - on an evidence item, `"discount": d` in `0..=1`, a factor on its own
//!   reliability ([`Case::discount_evidence`]);
//! - on a group, an optional `"label"`.
//!
//! **Codebooks and perspectives** (docs/model.md sections 9 and 10). A case
//! file may name a [`Codebook`] of evidence kinds, sources, groups and
//! perspectives shared by several cases; read it with [`Case::from_path`].
//! A [`Perspective`] is a named, reasoned change of trust (discounts on
//! sources, items and kinds, a prior, a threshold); [`Case::perspective`]
//! applies one.
//!
//! The `uncertainty` block and the per-item `concentration` of docs/model.md
//! section 6 are read, checked and kept ([`Uncertainty`](domain::Uncertainty)), for Monte Carlo
//! analysis.
//!
//! # Cookbook
//!
//! **Which items carried it?** [`Ledger::carriers`] ranks the items by
//! their weight for the leader against the runner-up.
//!
//! ```
//! # use attrib::{Case, Evidence};
//! # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
//! #     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
//! #     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4))
//! #     .build()?;
//! let posterior = case.score()?;
//! for (item, weight) in posterior.ledger().carriers() {
//!     println!("{item}: {weight} ({})", weight.enfsi());
//! }
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **What if a source is doubted?** Discount it and score again.
//!
//! ```
//! # use attrib::{Case, Evidence};
//! # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
//! #     .source("intel", "Member-state intelligence", 0.9)
//! #     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1).source("intel"))
//! #     .build()?;
//! let full = case.score()?.probability("a").unwrap();
//! let doubted = case.discount_source("intel", 0.5)?.score()?.probability("a").unwrap();
//! assert!(doubted < full);
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **Dependent reports.** Put items that share an origin in a group; with
//! correlation 1, `k` items weigh as one average item.
//!
//! ```
//! # use attrib::{Case, Evidence};
//! let one = |b: attrib::CaseBuilder, id: &str| {
//!     b.evidence(Evidence::builder(id).likelihood("a", 0.9).likelihood("b", 0.3).group("echo"))
//! };
//! let base = Case::builder().hypothesis("a", "A").hypothesis("b", "B").group("echo", 1.0);
//! let three = one(one(one(base, "x"), "y"), "z").build()?;
//! // three fully correlated copies weigh as one: 0.9 / (0.9 + 0.3) = 0.75
//! assert!((three.score()?.probability("a").unwrap().get() - 0.75).abs() < 1e-15);
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **How robust is it?** Each analysis is a type over the case
//! ([`analysis`]): Monte Carlo intervals (docs/model.md section 6, feature
//! `monte-carlo`), leave-one-out, break-even discounts, value of
//! information; and the conflict of the evidence, from the posterior.
//!
//! ```
//! # use attrib::{BreakEven, Case, Evidence, LeaveOneOut, MonteCarlo};
//! let case = Case::builder()
//!     .hypothesis("a", "A").hypothesis("b", "B")
//!     .likelihood_concentration(20.0)
//!     .source("intel", "Intelligence", 0.9)
//!     .evidence(Evidence::builder("e1").likelihood("a", 0.95).likelihood("b", 0.05).source("intel"))
//!     .evidence(Evidence::builder("e2").likelihood("a", 0.8).likelihood("b", 0.3))
//!     .build()?;
//! let sim = MonteCarlo::new().draws(2_000).seed(7).run(&case)?;
//! let a = sim.interval("a").unwrap();
//! assert!(a.q05 <= a.q50 && a.q50 <= a.q95);
//! // without e1 the case is no longer attributed: a linchpin
//! let linchpins: Vec<_> = LeaveOneOut::of(&case)?.into_iter().filter(|l| l.is_linchpin()).collect();
//! assert_eq!(linchpins[0].evidence().as_str(), "e1");
//! // the discount on the source's reliability that changes the verdict
//! let d = BreakEven::source("intel").run(&case)?.unwrap();
//! assert!(d.get() < 1.0);
//! // two items that agree: no conflict
//! assert!(case.score()?.conflict() < 0.0);
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **A report to read or print?** [`report::Report`] renders everything
//! above for one case as Markdown, JSON (feature `json`) or one
//! self-contained HTML page with the charts inline (feature `plot`).
//!
//! ```
//! # use attrib::{Case, Evidence};
//! # let case = Case::builder().title("Case").hypothesis("a", "A").hypothesis("b", "B")
//! #     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
//! #     .build()?;
//! let report = attrib::report::Report::new(&case).draws(1_000).seed(0);
//! assert!(report.markdown()?.starts_with("# Case"));
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **A progress bar for long work?** A Monte Carlo run and a report tell a
//! [`Progress`] observer (any `Fn(Step) + Sync`) how far each [`Phase`] has
//! got; the library draws nothing itself, and the results are the same,
//! bit for bit, with an observer or without.
//!
//! ```
//! # use attrib::{Case, Evidence, MonteCarlo, Step};
//! # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
//! #     .likelihood_concentration(20.0)
//! #     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.1))
//! #     .build()?;
//! let bar = |s: Step| eprint!("\r{}: {} of {}", s.phase, s.done, s.total);
//! let options = MonteCarlo::new().draws(10_000);
//! let sim = options.run_with_progress(&case, &bar)?;
//! assert_eq!(sim, options.run(&case)?);
//! # Ok::<(), attrib::Error>(())
//! ```
//!
//! **An ACH matrix?** [`ach`] reads Heuer's Analysis of Competing
//! Hypotheses matrices (CSV), turns them into a case, and computes the
//! classic PARC ACH, C-ACH and Open Synthesis scores beside the posterior.
//!
//! # Conventions
//!
//! - **Analyses are types over a case** (STYLE 16): one with options is an
//!   options builder whose `run(&case)` does the work
//!   (`MonteCarlo::new().draws(n).seed(s).run(&case)`,
//!   `BreakEven::source(id).run(&case)`, [`report::Report`]); one without
//!   options is a constructor `of(&case)` on the type of its result
//!   ([`LeaveOneOut::of`], [`InformationValue::of`], [`Trajectory::of`],
//!   [`Tornado::of`]). [`Case`] keeps what a case is and does: its parts,
//!   scoring ([`Case::score`], [`Case::compile`]) and the changes that give
//!   another case ([`Case::perspective`], [`Case::discount_source`],
//!   [`Case::without_evidence`]).
//! - **Options builders** (STYLE 6): setters carry the option's name, take
//!   `self`, document their default, and are checked when the options are
//!   used; they have no getters: the result says what was used
//!   (`Simulation::draw_count`, `Simulation::seed`).
//! - **Getters** are nouns without `get_` (C-GETTER): [`Case::hypotheses`],
//!   [`Posterior::leader`]. A plural noun gives the things themselves (a
//!   slice, a list); a number of things is `<thing>_count`
//!   (`Simulation::draw_count`, [`Compiled::item_count`]); only a collection
//!   has `len` and `is_empty` ([`scoring::Batch`]). A bounded number's
//!   value is `get()` (STYLE 2); log-space accessors pair with their
//!   probability (`probability()` / `ln_probability()`, STYLE 7).
//! - **The crate root** re-exports the types a user names; the rest live in
//!   the modules of their layer: [`domain`] (the model's types and ids),
//!   [`scoring`] (ledger entries, scales, batch scoring), [`analysis`]
//!   (tornado rows, Monte Carlo intervals), and [`report`].
//!
//! # Features
//!
//! - `json` (default): [`Case::from_json`] and [`Case::to_json`], with
//!   `serde_json`.
//! - `ach` (default): [`ach`], Analysis of Competing Hypotheses matrices,
//!   read from CSV with `csv`.
//! - `monte-carlo` (default): [`MonteCarlo`] and [`Simulation`], the
//!   [`Progress`] hook, and the report ([`report::Report`], whose Monte
//!   Carlo section needs it), with `rand`, `rand_xoshiro` and `statrs`. A
//!   crate that only scores takes `default-features = false` (and `json` to
//!   read case files), and compiles none of them.
//! - `cli`: the `attrib` command-line tool (`attrib score CASE.json
//!   [--format text|json]`, `attrib check CASE.json`, `attrib sensitivity
//!   CASE.json [--draws N] [--seed S] [--format text|json]`, `attrib report
//!   CASE.json [--format markdown|json|html] [--svg DIR]`), with `clap`, and
//!   `indicatif` for the progress bar that `sensitivity` and `report` show on
//!   a terminal (the library itself prints nothing: long work tells a
//!   [`Progress`] observer how far it has got, see [`Report::progress`](report::Report::progress)).
//!   It turns on `json`, `ach`, `monte-carlo` and `plot`.
//! - `plot` (off by default; `cli` turns it on): SVG charts of a case
//!   ([`plot`]): the posterior as the items are added
//!   ([`Trajectory::of`]), the tornado of what moves it
//!   ([`Tornado::of`]) and the Monte Carlo intervals, with plotters' SVG
//!   backend only (no system font libraries); and the HTML report.
//! - `rayon`: Monte Carlo draws and batch scoring in parallel; the result is
//!   identical, bit for bit, to the serial one.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(rust_2018_idioms, unreachable_pub)]

// The layers, in the order data flows through them (domain, scoring,
// analysis, presentation, interop); each imports only from the layers
// before it (and `error`, shared by all). Listed alphabetically, as rustfmt
// keeps them.
pub mod analysis;
pub mod domain;
mod error;
mod format;
#[cfg(feature = "ach")]
mod interop;
mod numeric;
mod presentation;
pub mod scoring;

/// Helpers shared by the unit tests of several modules.
#[cfg(test)]
mod testing {
    /// Every sequence of at most `longest` of `pieces` (a piece may
    /// repeat), the empty one included: each once, sorted.
    pub(crate) fn sequences<'a>(pieces: &[&'a str], longest: usize) -> Vec<Vec<&'a str>> {
        let mut all: Vec<Vec<&'a str>> = vec![Vec::new()];
        let mut last = all.clone();
        for _ in 0..longest {
            last = last
                .iter()
                .flat_map(|l| {
                    pieces.iter().map(move |&p| {
                        let mut l = l.clone();
                        l.push(p);
                        l
                    })
                })
                .collect();
            all.extend(last.iter().cloned());
        }
        all.sort();
        all.dedup();
        all
    }
}

pub use domain::{admiralty, weighting};
#[cfg(feature = "ach")]
pub use interop::ach;
#[cfg(feature = "plot")]
pub use presentation::plot;
pub use presentation::report;

#[doc = include_str!("../docs/model.md")]
pub mod model {}

pub use analysis::{BreakEven, Chain, InformationValue, LeaveOneOut, Tornado, Trajectory};
#[cfg(feature = "monte-carlo")]
pub use analysis::{MonteCarlo, Phase, Progress, Simulation, Step};
pub use domain::ChainStep;
pub use domain::{
    Case, Codebook, Correlation, Credibility, CredibilityGrade, Evidence, Perspective, Probability,
    Reliability, Scale, Scales, SourceGrade, Standard, Warning, Weighting, Word,
};
pub use error::{Error, ErrorKind, Isolated, Item};
pub use format::builder::{CaseBuilder, PerspectiveBuilder};
pub use format::evidence_builder::EvidenceBuilder;
pub use scoring::{Batch, Compiled, Ledger, Posterior, Status, Verdict, score_ln_likelihoods};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
