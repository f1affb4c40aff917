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

/// `$f::<N>(args)` with `N` the value of `$n` as a constant, for 2 to 8
/// (hypotheses of a case, mostly: known to the compiler, a case's places
/// fit one or two vector registers and no loop runs over them), and
/// `$other` for any other value.
macro_rules! by_width {
    ($n:expr, $f:ident($($arg:expr),* $(,)?), $other:expr) => {
        match $n {
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            8 => $f::<8>($($arg),*),
            _ => $other,
        }
    };
}
pub(crate) use by_width;

/// A test's stream of pseudo-random 53-bit integers from `seed`: Knuth's
/// MMIX linear congruential generator, its top 53 bits (so that `x as f64
/// / 2^53` is uniform in `[0, 1)`).
#[cfg(test)]
pub(crate) fn bits53(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 11
    }
}

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
