//! Random draws for the Monte Carlo analysis (docs/model.md section 6), made in
//! log space so that a likelihood of 1e-300 is drawn as faithfully as one
//! of 0.3.
//!
//! Gamma variates come from `statrs` (`statrs::distribution::Gamma`, which
//! is as fast as `rand_distr`'s within measurement noise: 12-13 ns against
//! 11-12 ns a draw here), and so do Beta variates with both shapes at least
//! 1 (`statrs` 24-35 ns a draw, `rand_distr` 45-56 ns). Other Beta and all
//! Dirichlet variates are built from Gammas,
//! the textbook way (Devroye 1986, *Non-Uniform Random Variate Generation*,
//! ch. IX.4 and XI.4): `B = X / (X + Y)` with `X ~ Gamma(a)`, `Y ~
//! Gamma(b)`, and a Dirichlet as normalised Gammas. For shapes below 1 the
//! Gamma draw uses Marsaglia and Tsang's boost, `Gamma(a) = Gamma(a + 1)
//! U^(1/a)`, taken in logs, so tiny shapes never underflow to 0.

use rand::distr::Distribution;
use rand::{Rng, RngExt};
use statrs::distribution::{Beta, Gamma};

/// The lowest log-value a draw may take: far below any likelihood an
/// `f64` can hold (e^-745), yet far enough from `f64::MIN` that sums of
/// billions of such terms stay finite.
pub(crate) const LN_FLOOR: f64 = -1e250;

/// A uniform draw in `(0, 1]`.
pub(crate) fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A uniform draw in `[low, high]` (exactly `low` when the two are equal).
pub(crate) fn uniform<R: Rng + ?Sized>(rng: &mut R, low: f64, high: f64) -> f64 {
    if low == high {
        return low;
    }
    (low + (high - low) * rng.random::<f64>()).clamp(low, high)
}

/// `ln X` for `X ~ Gamma(shape, 1)`, `shape > 0` finite.
pub(crate) fn ln_gamma<R: Rng + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    let boosted = shape < 1.0;
    let Ok(g) = Gamma::new(if boosted { shape + 1.0 } else { shape }, 1.0) else {
        return LN_FLOOR;
    };
    let mut x = g.sample(rng).ln();
    if boosted {
        x += open_unit(rng).ln() / shape;
    }
    x.max(LN_FLOOR)
}

/// `ln B` for `B ~ Beta(a, b)`, `a, b > 0` finite.
///
/// With both shapes at least 1 the density is bounded and a draw below
/// 1e-300 has probability below 1e-290, so `statrs`'s Beta sampler is used
/// directly (24-35 ns a draw here, against 45-56 ns for `rand_distr`'s);
/// otherwise the draw is built from log-Gammas.
pub(crate) fn ln_beta<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64) -> f64 {
    if a >= 1.0
        && b >= 1.0
        && let Ok(beta) = Beta::new(a, b)
    {
        let x: f64 = beta.sample(rng);
        if x > 0.0 {
            return x.ln().clamp(LN_FLOOR, 0.0);
        }
    }
    let x = ln_gamma(rng, a);
    let y = ln_gamma(rng, b);
    (x - crate::weighting::ln::add(x, y)).clamp(LN_FLOOR, 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Mean and standard error of `n` draws.
    fn mean_se(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
        (m, (v / n).sqrt())
    }

    #[test]
    fn beta_draws_have_the_right_mean_and_variance() {
        // Beta(k l, k (1 - l)) has mean l and variance l (1 - l) / (k + 1).
        // With 200 000 draws the sample mean is within 5 standard errors of
        // l with probability 1 - 6e-7; the seed is fixed, so the test is
        // deterministic.
        let mut rng = ChaCha8Rng::seed_from_u64(20150316);
        for (k, l) in [
            (20.0, 0.9),
            (20.0, 0.05),
            (2.0, 0.5),
            (200.0, 0.3),
            (5.0, 0.01),
        ] {
            let xs: Vec<f64> = (0..200_000)
                .map(|_| ln_beta(&mut rng, k * l, k * (1.0 - l)).exp())
                .collect();
            let (m, se) = mean_se(&xs);
            assert!((m - l).abs() < 5.0 * se, "k {k} l {l}: mean {m} se {se}");
            // The sample variance's standard error is sqrt((m4 - var^2) / n).
            let n = xs.len() as f64;
            let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
            let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
            let se_var = ((m4 - var * var) / n).sqrt();
            let expected = l * (1.0 - l) / (k + 1.0);
            assert!(
                (var - expected).abs() < 5.0 * se_var,
                "k {k} l {l}: var {var} vs {expected}"
            );
        }
    }

    #[test]
    fn tiny_shapes_stay_in_log_space() {
        // Beta(20 * 1e-300, 20): the draw itself underflows any f64, its log does not.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..1000 {
            let x = ln_beta(&mut rng, 20.0 * 1e-300, 20.0);
            assert!((LN_FLOOR..-700.0).contains(&x), "{x}");
        }
    }

    #[test]
    fn gamma_draws_have_the_right_mean() {
        // Gamma(a, 1) has mean a and variance a.
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for a in [0.3, 1.0, 4.5] {
            let xs: Vec<f64> = (0..200_000).map(|_| ln_gamma(&mut rng, a).exp()).collect();
            let (m, se) = mean_se(&xs);
            assert!((m - a).abs() < 5.0 * se, "a {a}: mean {m} se {se}");
        }
    }

    #[test]
    fn uniform_stays_in_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..10_000 {
            let x = uniform(&mut rng, 0.6, 0.9);
            assert!((0.6..=0.9).contains(&x));
        }
        assert_eq!(uniform(&mut rng, 0.4, 0.4), 0.4);
    }
}
