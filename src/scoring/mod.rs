//! Scoring (docs/model.md sections 2-5): exact and fast sums, the in-cache
//! kernel, the engine shared by every path, the posterior, its explanation
//! (ledger) and verdict, the verbal scales, and compiled and batch scoring.

pub(crate) mod compiled;
pub(crate) mod decibans;
pub(crate) mod engine;
pub(crate) mod explain;
pub(crate) mod kernel;
pub(crate) mod posterior;
pub(crate) mod scale;
pub(crate) mod sum;
pub(crate) mod verdict;
