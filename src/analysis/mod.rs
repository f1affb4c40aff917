//! Analysis (docs/model.md section 6 and the sensitivity analyses): incremental
//! rescoring, leave-one-out, break-even, value of information, conflict, Monte
//! Carlo (feature `monte-carlo`), the data behind the charts, and the progress
//! hook of long work.
//!
//! Each analysis is a type over a [`Case`](crate::Case): one with options is
//! an options builder whose `run(&case)` does the work ([`BreakEven`], and
//! `MonteCarlo`); one without is a constructor `of(&case)` on the type of
//! its result ([`LeaveOneOut::of`], [`InformationValue::of`],
//! [`Trajectory::of`], [`Tornado::of`]). The conflict of the evidence needs
//! no rescoring: it is [`Posterior::conflict`](crate::Posterior::conflict).
//!
//! The types a user names most are also at the crate root; the rest
//! ([`TornadoRow`], [`CONFLICT_ITEMS`], and `Interval`) live here.
//!
//! ```
//! use attrib::analysis::{LeaveOneOut, Tornado, TornadoRow};
//! use attrib::{Case, Evidence};
//!
//! let case = Case::builder()
//!     .hypothesis("a", "A").hypothesis("b", "B")
//!     .evidence(Evidence::builder("e1").likelihood("a", 0.99).likelihood("b", 0.01))
//!     .evidence(Evidence::builder("e2").likelihood("a", 0.6).likelihood("b", 0.4))
//!     .build()?;
//! let linchpins: Vec<_> = LeaveOneOut::of(&case)?.into_iter().filter(|l| l.is_linchpin()).collect();
//! assert_eq!(linchpins[0].evidence().as_str(), "e1");
//! let widest: &TornadoRow = &Tornado::of(&case)?.rows[0];
//! assert_eq!(widest.evidence.as_str(), "e1");
//! # Ok::<(), attrib::Error>(())
//! ```

pub(crate) mod chain;
pub(crate) mod chart;
#[cfg(feature = "monte-carlo")]
pub(crate) mod montecarlo;
#[cfg(feature = "monte-carlo")]
pub(crate) mod progress;
pub(crate) mod rescore;
pub(crate) mod sensitivity;

pub use chain::{Chain, Finding, Link, Rival};
pub use chart::{Tornado, TornadoRow, Trajectory};
#[cfg(feature = "monte-carlo")]
pub use montecarlo::{Interval, MonteCarlo, Simulation};
#[cfg(feature = "monte-carlo")]
pub use progress::{Phase, Progress, Step};
pub use sensitivity::{BreakEven, CONFLICT_ITEMS, InformationValue, LeaveOneOut};
