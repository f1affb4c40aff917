//! Random draws for the Monte Carlo analysis (docs/model.md section 6), made in
//! log space so that a likelihood of 1e-300 is drawn as faithfully as one
//! of 0.3.
//!
//! Every Gamma variate comes from Marsaglia and Tsang's method, with its
//! constants computed once per shape ([`GammaSampler`]), over `statrs`'s
//! ziggurat normals; for shapes below 1 it takes their boost, `Gamma(a) =
//! Gamma(a + 1) U^(1/a)`, with the factor kept in logs
//! ([`ShapeSampler`]), so tiny shapes never underflow to 0. Beta and
//! Dirichlet variates are built from Gammas the textbook way (Devroye
//! 1986, *Non-Uniform Random Variate Generation*, ch. IX.4 and XI.4): `B =
//! X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)` ([`LnBeta`]), and a
//! Dirichlet as normalised Gammas.

use rand::distr::Distribution;
use rand::{Rng, RngExt};
use statrs::distribution::Normal;

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

/// `2^-52`: the step of [`uniforms`]' draws in `[0, 1)`.
const STEP: u64 = 0x3FF0_0000_0000_0000;

/// Uniform draws in a block: `out[k]` on `[low[k], low[k] + width[k]]`
/// (exactly `low[k]` for a width of 0), `high[k] = low[k] + width[k]`
/// bounding it against rounding ([`uniforms_with`]), compiled for the
/// caller's instruction set. (A Monte Carlo draw calls it for each item's
/// few ranges where an item has more to draw: dispatched to the widest
/// path call by call, `attrib sensitivity --draws 2000` on 16 x 1 000
/// ranges with drawn reliabilities took 1.1x the CPU time.)
pub(crate) fn uniforms<R: Rng + ?Sized>(
    rng: &mut R,
    low: &[f64],
    width: &[f64],
    high: &[f64],
    out: &mut [f64],
) {
    uniforms_with(pulp::Scalar, rng, low, width, high, out);
}

/// [`uniforms`] on one path, compiled with that path's instruction set
/// when inlined into `pulp`'s dispatch (as a Monte Carlo draw calls it).
/// The generator fills the block first, one 64-bit word a value, in a
/// loop with nothing else in it; the words are then turned into values in
/// `[0, 1)` (their top 52 bits as a mantissa, step `2^-52`) and scaled in
/// a second loop that the compiler vectorises: a range at a time, a value
/// cost the whole `uniform` call.
///
/// The words are taken in the order of `out`, one each and nothing else:
/// a block drawn in pieces, one after the other from one generator, is
/// the block drawn at once, bit for bit (tested). Every operation is
/// correctly rounded IEEE arithmetic (no fused multiply-add), so every
/// path gives the same bits.
#[inline(always)]
pub(crate) fn uniforms_with<S: pulp::Simd, R: Rng + ?Sized>(
    _simd: S,
    rng: &mut R,
    low: &[f64],
    width: &[f64],
    high: &[f64],
    out: &mut [f64],
) {
    for o in out.iter_mut() {
        *o = f64::from_bits(rng.next_u64());
    }
    for (((o, &lo), &w), &hi) in out.iter_mut().zip(low).zip(width).zip(high) {
        let u = f64::from_bits((o.to_bits() >> 12) | STEP) - 1.0;
        let x = lo + w * u;
        // `x.min(hi)` for an `x` that is never NaN (finite ends, `u` in
        // [0, 1)), in one instruction where `min` takes three to find a
        // NaN.
        *o = if x < hi { x } else { hi };
    }
}

/// `ln X` for `X ~ Gamma(shape, 1)`, `shape > 0` finite ([`LN_FLOOR`]
/// otherwise).
pub(crate) fn ln_gamma<R: Rng + ?Sized>(rng: &mut R, shape: f64) -> f64 {
    if !(shape > 0.0 && shape.is_finite()) {
        return LN_FLOOR;
    }
    let (g, boost) = ShapeSampler::new(shape).sample_parts(rng);
    (g.ln() + boost).max(LN_FLOOR)
}

/// Marsaglia and Tsang's Gamma sampler for one shape `>= 1`, with its
/// constants computed once ("A simple method for generating gamma
/// variables", ACM TOMS 26(3), 2000): `d = shape - 1/3`, `c = 1 / sqrt(9 d)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GammaSampler {
    d: f64,
    c: f64,
}

impl GammaSampler {
    /// `shape >= 1`, finite (the caller checks).
    pub(crate) fn new(shape: f64) -> GammaSampler {
        let d = shape - 1.0 / 3.0;
        GammaSampler {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    /// One draw of `Gamma(shape, 1)`. Always inlined: as a call, the
    /// generator's state went through memory on every draw (measured 1.2x
    /// slower).
    #[inline(always)]
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let normal = Normal::standard();
        loop {
            let (x, v) = loop {
                let x: f64 = normal.sample(rng);
                let v = 1.0 + self.c * x;
                if v > 0.0 {
                    break (x, v);
                }
            };
            let v = v * v * v;
            let x2 = x * x;
            let u: f64 = rng.random();
            // The squeeze accepts about 92 % of draws without a logarithm;
            // the exact test sits in a cold function so that the compiler
            // does not compute its two logarithms on every draw.
            if u < 1.0 - 0.0331 * x2 * x2 || self.accepts(u, x2, v) {
                return self.d * v;
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn accepts(&self, u: f64, x2: f64, v: f64) -> bool {
        u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln())
    }
}

/// A prebuilt `Gamma(shape, 1)` sampler for any finite `shape > 0`.
///
/// A shape of at least 1 is drawn directly. A shape below 1 takes
/// Marsaglia and Tsang's boost, `X = G U^(1/shape)` with `G` drawn for
/// the shape plus 1, and the draw is kept as the pair `(G, ln U / shape)`
/// so that a variate far below the smallest `f64` (a shape of 1e-300 gives
/// them) is still carried faithfully in logs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ShapeSampler {
    gamma: GammaSampler,
    /// The shape when it is boosted (below 1).
    boosted: Option<f64>,
}

impl ShapeSampler {
    /// `shape > 0`, finite (the caller checks).
    pub(crate) fn new(shape: f64) -> ShapeSampler {
        if shape < 1.0 {
            ShapeSampler {
                gamma: GammaSampler::new(shape + 1.0),
                boosted: Some(shape),
            }
        } else {
            ShapeSampler {
                gamma: GammaSampler::new(shape),
                boosted: None,
            }
        }
    }

    /// One draw `X = g e^l` as `(g, l)`: `g > 0` and `l <= 0`, with `l`
    /// exactly 0 for an unboosted shape.
    #[inline(always)]
    pub(crate) fn sample_parts<R: Rng + ?Sized>(&self, rng: &mut R) -> (f64, f64) {
        let g = self.gamma.sample(rng);
        match self.boosted {
            // A division, not a multiplication by `1 / shape`: for a shape
            // so small that its inverse overflows, `0 / shape` stays 0.
            Some(shape) => (g, open_unit(rng).ln() / shape),
            None => (g, 0.0),
        }
    }
}

/// The smallest Beta variate taken through `ln(X / (X + Y))` directly: far
/// above the subnormals, so that `X` and the ratio keep full precision;
/// below it the draw is taken in logs.
const DIRECT_BELOW: f64 = 1e-290;

/// A prebuilt sampler of `ln B` for `B ~ Beta(a, b)`, `a, b > 0` finite:
/// `B = X / (X + Y)` with `X ~ Gamma(a)`, `Y ~ Gamma(b)` drawn by
/// [`ShapeSampler`]s, and one logarithm. When `X` or `B` would fall below
/// 1e-290 (tiny shapes), the ratio is taken in logs instead, so that the
/// draw never underflows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LnBeta {
    a: ShapeSampler,
    b: ShapeSampler,
}

impl LnBeta {
    pub(crate) fn new(a: f64, b: f64) -> LnBeta {
        LnBeta {
            a: ShapeSampler::new(a),
            b: ShapeSampler::new(b),
        }
    }

    /// One draw of `ln B`, in `[LN_FLOOR, 0]`.
    #[cfg(test)]
    pub(crate) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let (b, ln) = self.sample_split(rng);
        b.ln() + ln
    }

    /// One draw of `ln B` as `(b, l)` with `ln B = ln b + l`, so that the
    /// logarithms of a row of draws can be taken at once
    /// ([`ln_row::add_ln_with`](crate::numeric::ln_row::add_ln_with)): `(B, 0)` for
    /// a draw of at least 1e-290, `(1, ln B)` for a smaller one, whose
    /// logarithm is taken here from the Gammas' own. Always inlined, as
    /// [`GammaSampler::sample`] is, so that a caller holding the generator
    /// in a local keeps its state in registers from draw to draw.
    #[inline(always)]
    pub(crate) fn sample_split<R: Rng + ?Sized>(&self, rng: &mut R) -> (f64, f64) {
        let (gx, lx) = self.a.sample_parts(rng);
        let (gy, ly) = self.b.sample_parts(rng);
        let x = if lx == 0.0 { gx } else { gx * lx.exp() };
        let y = if ly == 0.0 { gy } else { gy * ly.exp() };
        let p = x / (x + y);
        if x >= DIRECT_BELOW && p >= DIRECT_BELOW {
            (p.min(1.0), 0.0)
        } else {
            // X underflowed, or is too small against Y: keep the ratio in
            // logs.
            let ln_x = gx.ln() + lx;
            let ln_y = gy.ln() + ly;
            let ln_b = ln_x - crate::numeric::ln::add(ln_x, ln_y);
            (1.0, ln_b.clamp(LN_FLOOR, 0.0))
        }
    }
}

/// `ln B` for `B ~ Beta(a, b)`, `a, b > 0` finite: a [`LnBeta`] built for
/// one draw.
#[cfg(test)]
pub(crate) fn ln_beta<R: Rng + ?Sized>(rng: &mut R, a: f64, b: f64) -> f64 {
    LnBeta::new(a, b).sample(rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

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
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(20150316);
        for (k, l) in [
            (20.0, 0.9),
            (20.0, 0.05),
            (2.0, 0.5),
            (200.0, 0.3),
            (5.0, 0.01),
            // Both shapes below 1 (0.5 and 0.5): both draws boosted.
            (1.0, 0.5),
            // One shape of 1e-3 against 99.999: a mean of 1e-5.
            (100.0, 1e-5),
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
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        for _ in 0..1000 {
            let x = ln_beta(&mut rng, 20.0 * 1e-300, 20.0);
            assert!((LN_FLOOR..-700.0).contains(&x), "{x}");
        }
    }

    #[test]
    fn gamma_draws_have_the_right_mean() {
        // Gamma(a, 1) has mean a and variance a.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for a in [0.3, 1.0, 4.5] {
            let xs: Vec<f64> = (0..200_000).map(|_| ln_gamma(&mut rng, a).exp()).collect();
            let (m, se) = mean_se(&xs);
            assert!((m - a).abs() < 5.0 * se, "a {a}: mean {m} se {se}");
        }
    }

    #[test]
    fn block_uniforms_are_uniform_and_in_range() {
        // Uniform on [lo, lo + w]: mean lo + w/2, variance w^2 / 12; each
        // value in range; a width of 0 gives lo exactly.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let (lo, w) = (0.3, 0.2);
        let n = 100_000;
        let low = vec![lo; n];
        let width = vec![w; n];
        let high = vec![lo + w; n];
        let mut out = vec![0.0; n];
        uniforms(&mut rng, &low, &width, &high, &mut out);
        assert!(out.iter().all(|x| (lo..=lo + w).contains(x)));
        let (m, se) = mean_se(&out);
        assert!((m - (lo + w / 2.0)).abs() < 5.0 * se, "mean {m}");
        let var = out.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
        assert!(
            (var - w * w / 12.0).abs() < 0.01 * w * w / 12.0,
            "var {var}"
        );
        let mut out = [1.0; 3];
        uniforms(&mut rng, &[0.4; 3], &[0.0; 3], &[0.4; 3], &mut out);
        assert_eq!(out, [0.4; 3]);
    }

    #[test]
    fn a_block_drawn_in_pieces_is_the_block_drawn_at_once() {
        // One word a value, in order, and nothing else: pieces of any
        // sizes, one after the other, give the block's bits, on every
        // path; and the generator ends where it ends after the whole
        // block. Against the scalar formula, value by value.
        let n = 1000;
        let low: Vec<f64> = (0..n).map(|i| (i % 97) as f64 / 200.0).collect();
        let width: Vec<f64> = (0..n).map(|i| [0.2, 0.0, 1e-9][i % 3]).collect();
        let high: Vec<f64> = low.iter().zip(&width).map(|(l, w)| l + w).collect();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(26);
        let mut whole = vec![0.0; n];
        uniforms(&mut rng, &low, &width, &high, &mut whole);
        let after = rng.next_u64();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(26);
        for (k, &want) in whole.iter().enumerate() {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            // The top 52 bits as the step: the 53-bit value less its
            // last bit, exactly.
            let u = u - u % f64::EPSILON;
            assert_eq!(want, (low[k] + width[k] * u).min(high[k]), "{k}");
        }
        // Pieces of 1, 64, 7 and 500 values in turn, on the widest path
        // of this processor (inlined into `pulp`'s dispatch, as a Monte
        // Carlo draw draws them) and on the portable path.
        struct Pieces<'a> {
            rng: &'a mut Xoshiro256PlusPlus,
            ends: [&'a [f64]; 3],
            out: &'a mut [f64],
        }
        impl pulp::WithSimd for Pieces<'_> {
            type Output = ();
            #[inline(always)]
            fn with_simd<S: pulp::Simd>(self, simd: S) {
                let [low, width, high] = self.ends;
                let n = self.out.len();
                let mut start = 0;
                for size in [1, 64, 7, 500].into_iter().cycle() {
                    let end = n.min(start + size);
                    let (lo, wi, hi) = (&low[start..end], &width[start..end], &high[start..end]);
                    uniforms_with(simd, self.rng, lo, wi, hi, &mut self.out[start..end]);
                    start = end;
                    if start == n {
                        break;
                    }
                }
            }
        }
        for portable in [false, true] {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(26);
            let mut out = vec![0.0; n];
            let pieces = Pieces {
                rng: &mut rng,
                ends: [&low, &width, &high],
                out: &mut out,
            };
            match portable {
                true => pulp::WithSimd::with_simd(pieces, pulp::Scalar),
                false => pulp::Arch::new().dispatch(pieces),
            }
            assert_eq!(rng.next_u64(), after, "portable {portable}");
            let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&out), bits(&whole), "portable {portable}");
        }
    }

    #[test]
    fn uniform_stays_in_range() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for _ in 0..10_000 {
            let x = uniform(&mut rng, 0.6, 0.9);
            assert!((0.6..=0.9).contains(&x));
        }
        assert_eq!(uniform(&mut rng, 0.4, 0.4), 0.4);
    }
}
