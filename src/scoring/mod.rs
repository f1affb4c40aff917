//! Scoring (docs/model.md sections 2-5): the engine shared by every path,
//! the posterior, its explanation (ledger) and verdict, the verbal scales,
//! and compiled and batch scoring. The sums they use are in `numeric`.

pub(crate) mod compiled;
pub(crate) mod decibans;
pub(crate) mod engine;
pub(crate) mod explain;
pub(crate) mod posterior;
pub(crate) mod scale;
pub(crate) mod verdict;
