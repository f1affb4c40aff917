//! Numerics, the bottom layer: the arithmetic every scoring path shares,
//! with nothing of the model in it.
//!
//! - [`sum`]: Shewchuk's exact sum and the certified fast sum that gives the
//!   same bits or refuses;
//! - [`totals`]: the per-hypothesis log totals every path accumulates
//!   (terms added and removed, eliminations counted), on those two sums;
//! - [`kernel`]: the SIMD lane sum of compiled and batch scoring;
//! - [`ln`]: log-space addition and `ln(1 - e^x)`;
//! - [`ln_row`]: a row of logarithms at once, for the Monte Carlo draws;
//! - [`sample`]: the Gamma, Beta and uniform draws of Monte Carlo.

pub(crate) mod kernel;
pub(crate) mod ln;
// Monte Carlo only: `ln_row`, and `sample` (rand, statrs); the two
// modules to put behind its feature.
pub(crate) mod ln_row;
pub(crate) mod sample;
pub(crate) mod sum;
pub(crate) mod totals;
