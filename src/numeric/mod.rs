//! Numerics, the bottom layer: the arithmetic every scoring path shares,
//! with nothing of the model in it.
//!
//! - [`sum`]: Shewchuk's exact sum and the certified fast sum that gives the
//!   same bits or refuses;
//! - [`totals`]: the per-hypothesis log totals every path accumulates
//!   (terms added and removed, eliminations counted), on those two sums;
//! - [`kernel`]: the SIMD lane sum of compiled and batch scoring;
//! - [`exp`]: exponentials of a slice with the bits of `f64::exp`,
//!   certified lane by lane, for the normalisations;
//! - [`ln`]: log-space addition and `ln(1 - e^x)`;
//! - [`pages`]: the buffer of a batch's terms, in huge pages on Linux;
//! - `ln_row`: a row of logarithms at once, for the Monte Carlo draws
//!   (feature `monte-carlo`);
//! - `sample`: the Gamma, Beta and uniform draws of Monte Carlo (feature
//!   `monte-carlo`).

pub(crate) mod exp;
pub(crate) mod kernel;
pub(crate) mod ln;
pub(crate) mod pages;
// Monte Carlo only: `ln_row`, and `sample` (rand, statrs).
#[cfg(feature = "monte-carlo")]
pub(crate) mod ln_row;
#[cfg(feature = "monte-carlo")]
pub(crate) mod sample;
pub(crate) mod sum;
pub(crate) mod totals;
