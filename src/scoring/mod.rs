//! Scoring (docs/model.md sections 2-5): the engine shared by every path,
//! the posterior, its explanation (ledger) and verdict, the verbal scales,
//! and compiled and batch scoring. The sums they use are in `numeric`.
//!
//! The types a user names most ([`Posterior`], [`Ledger`], [`Verdict`],
//! [`Status`], [`Compiled`]) are also at the crate root; the rest live here.
//!
//! ```
//! use attrib::scoring::{Decibans, Enfsi};
//! use attrib::{Case, Evidence};
//!
//! let post = Case::builder()
//!     .hypothesis("a", "A").hypothesis("b", "B")
//!     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01))
//!     .build()?
//!     .score()?;
//! let weight: Decibans = post.ledger().carriers()[0].1;
//! assert!(matches!(weight.enfsi(), Enfsi::For(_)));
//! # Ok::<(), attrib::Error>(())
//! ```

pub(crate) mod compiled;
pub(crate) mod decibans;
pub(crate) mod engine;
pub(crate) mod explain;
pub(crate) mod posterior;
pub(crate) mod scale;
pub(crate) mod table;
pub(crate) mod verdict;

pub use compiled::{Batch, Compiled, score_ln_likelihoods};
pub use decibans::Decibans;
pub use explain::{Entry, Ledger};
pub use posterior::Posterior;
pub use scale::{Enfsi, Icd203, Strength};
pub use verdict::{Status, Verdict};
