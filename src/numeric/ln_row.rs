//! Natural logarithms of a row of draws at once, for the Monte Carlo
//! analysis: one logarithm per Beta draw was a quarter of a draw's time
//! through the C library's `log`, one call at a time.
//!
//! [`add_ln_with`] takes the logarithms with [`ln`], a branch-free function of
//! plain additions, multiplications and one division (no fused
//! multiply-add, no table), which the compiler vectorises on the widest
//! registers `pulp` finds at run time. Each of those operations is correctly
//! rounded by IEEE 754 on every path, so every path gives the same bits
//! (tested). The result agrees with `f64::ln` to 1 unit in the last place
//! over the whole range, subnormals included, and exactly for all but a few
//! per cent of values (tested), so it is within 2 ulp of the exact
//! logarithm; a Monte Carlo draw's own sampling error is some twelve orders
//! of magnitude larger.
//!
//! The method is the classic one (the same reduction as fdlibm's `log`):
//! `x = 2^k m` with `m` in `[sqrt(1/2), sqrt(2))`; with `f = m - 1`
//! (exact) and `s = f / (2 + f)`, `|s| <= 0.1716`, the series `ln m = 2
//! atanh(s) = 2 (s + s^3/3 + s^5/5 + ...)` is written `ln m = f - s (f - 2
//! s^2 q(s^2))`, so that only a small correction to the exact `f` is
//! rounded; and `ln x = k ln 2 + ln m`, with `ln 2` split in two so that
//! `k ln 2` is exact. The series is taken to `s^21`: its next term is
//! below `2^-56` of the sum.

use pulp::Simd;
#[cfg(test)]
use pulp::{Arch, WithSimd};

/// `ln 2` to 32 bits, so that `k * LN2_HI` is exact for `|k| < 2^21`.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
/// `ln 2 - LN2_HI`, to double precision.
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// `2^54`, to bring a subnormal into the normal range.
const TWO_54: f64 = 18_014_398_509_481_984.0;
/// `2^52`: adding an exponent field's bits to it gives the field as a
/// float, exactly.
const TWO_52_BITS: u64 = 0x4330_0000_0000_0000;
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// `ln x` for `x >= 0` (`-inf` at 0, `+inf` at `+inf`, NaN for a negative
/// or NaN `x`), within 2 ulp, without branches (the selects compile to
/// blends).
#[inline(always)]
pub(crate) fn ln(x: f64) -> f64 {
    let subnormal = x < f64::MIN_POSITIVE;
    let y = if subnormal { x * TWO_54 } else { x };
    let r = ln_parts(y, if subnormal { 54.0 } else { 0.0 });
    if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        f64::INFINITY
    } else if x >= 0.0 {
        r
    } else {
        f64::NAN
    }
}

/// [`ln`] of a normal, finite, positive `x`: the same operations, without
/// those that only zeros, subnormals, infinities and NaN need, so the
/// same bits (`k - 0` is `k`, whatever the sign of a zero `k`).
#[inline(always)]
fn ln_normal(x: f64) -> f64 {
    ln_parts(x, 0.0)
}

/// `ln(y 2^-shift)` for a normal, finite, positive `y`: the reduction and
/// the series of [`ln`].
#[inline(always)]
fn ln_parts(y: f64, shift: f64) -> f64 {
    let bits = y.to_bits();
    let exponent = f64::from_bits(TWO_52_BITS | (bits >> 52)) - TWO_52;
    let m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { 0.5 * m } else { m };
    let k = exponent - 1023.0 + if big { 1.0 } else { 0.0 } - shift;
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    // 1/3 + z/5 + ... + z^9/21, by Horner.
    let mut q = 1.0 / 21.0;
    for c in [
        1.0 / 19.0,
        1.0 / 17.0,
        1.0 / 15.0,
        1.0 / 13.0,
        1.0 / 11.0,
        1.0 / 9.0,
        1.0 / 7.0,
        1.0 / 5.0,
        1.0 / 3.0,
    ] {
        q = c + z * q;
    }
    // 2 atanh(s) = 2s + 2s z q, and 2s = f - s f: the leading `f` is
    // exact, so only the small correction is rounded.
    let ln_m = f - s * (f - 2.0 * (z * q));
    k * LN2_HI + (ln_m + k * LN2_LO)
}

/// The smallest mixture value [`mix`] takes in linear space: far above the
/// subnormals, so that `r l` and `(1 - r) c`, however small one of them
/// is, err by far less than an ulp of their sum.
pub(crate) const MIX_FLOOR: f64 = 1e-290;

/// The reliability mixture of a row of likelihoods, in linear space, so
/// that its logarithms are then taken at once ([`add_ln_with`]) instead of
/// through `log1p` and `exp` per value (docs/model.md section 2, step 1):
/// `l[i] <- r l[i] + (1 - r) c`, for `r` in `[0, 1)` and a chance `c` in
/// `[0, 1]`. Returns false, with `l` untouched, when a mixed value would
/// fall below [`MIX_FLOOR`] (the caller then mixes in log space).
///
/// # Precision
///
/// Each mixed value is the exact `r l + (1 - r) c` to within 4 rounding
/// errors, relatively (`r l`, `1 - r`, `(1 - r) c` and their sum, all
/// of one sign; `1 - r` is exact for `r >= 1/2`); and the value is at
/// least `MIX_FLOOR`, so no rounding is lost to underflow. Its logarithm
/// through [`ln`] (2 ulp) is then within `4 u + 2 ulp(ln l')` of the
/// exact `ln(r l + (1 - r) c)`, `u = 2^-53`: an absolute error of at most
/// 1e-15 for any `ln l'` in `[-2, 0]` and a relative one of 3 ulp below
/// (tested against the scalar log-space formula, with `r` near 0 and 1, `l`
/// at 0, 1 and 1e-300).
#[inline]
pub(crate) fn mix(l: &mut [f64], r: f64, c: f64) -> bool {
    let rest = 1.0 - r;
    let low = lanes(l, f64::INFINITY, |a, x| if x < a { x } else { a });
    // The mixture grows with l: its least value is that of the least l
    // (NaN refused too).
    let least = r * low + rest * c;
    if least.is_nan() || least < MIX_FLOOR {
        return false;
    }
    let rest_c = rest * c;
    for x in l.iter_mut() {
        *x = r * *x + rest_c;
    }
    true
}

/// The mean of a row, `sum / len` (NaN for an empty row), summed in eight
/// lanes that the compiler vectorises, then lane by lane: the same
/// operations, so the same bits, on every path.
#[inline]
pub(crate) fn mean(l: &[f64]) -> f64 {
    lanes(l, 0.0, |a, x| a + x) / l.len() as f64
}

/// `f` folded over a row in eight lanes (`l[i]` into lane `i % 8`), each
/// from `start`, then over the lanes in order.
#[inline(always)]
fn lanes(l: &[f64], start: f64, f: impl Fn(f64, f64) -> f64) -> f64 {
    let mut acc = [start; 8];
    let mut chunks = l.chunks_exact(8);
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a = f(*a, x);
        }
    }
    for (a, &x) in acc.iter_mut().zip(chunks.remainder()) {
        *a = f(*a, x);
    }
    acc.into_iter().reduce(&f).unwrap_or(start)
}

/// `out[i] += ln(values[i])` for each `i` (over the shorter of the two),
/// on the best SIMD path of this processor. (A Monte Carlo draw calls
/// [`add_ln_with`] inside its own dispatch.)
#[cfg(test)]
pub(crate) fn add_ln(values: &[f64], out: &mut [f64]) {
    Arch::new().dispatch(AddLn { values, out });
}

/// The operation, for `pulp`'s dispatch: a plain loop, compiled once per
/// instruction set, which the compiler vectorises.
#[cfg(test)]
struct AddLn<'a, 'b> {
    values: &'a [f64],
    out: &'b mut [f64],
}

#[cfg(test)]
impl WithSimd for AddLn<'_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        add_ln_with(simd, self.values, self.out);
    }
}

/// `out[i] += ln(values[i])` on one path: the loop is compiled with that
/// path's instruction set enabled (the caller is inlined into `pulp`'s
/// dispatch), so that the compiler vectorises it.
///
/// When every value is normal, finite and positive (checked first, in
/// eight lanes: every likelihood a Beta draw or a range away from 0 gives
/// such rows), the loop takes [`ln_normal`], which leaves out the
/// selects for zeros, subnormals, infinities and NaN, to the same bits.
#[inline(always)]
pub(crate) fn add_ln_with<S: Simd>(_simd: S, values: &[f64], out: &mut [f64]) {
    ln_each(values, out, |o, l| *o += l);
}

/// `out[i] = ln(values[i])` for each `i` (over the shorter of the two), as
/// [`add_ln_with`] gives from an `out` of zeros (`0 + ln x` is `ln x`:
/// [`ln`] never gives `-0`, tested), without the zeros.
#[inline(always)]
pub(crate) fn ln_with<S: Simd>(_simd: S, values: &[f64], out: &mut [f64]) {
    ln_each(values, out, |o, l| *o = l);
}

/// `put(out[i], ln(values[i]))` for each `i`, through [`ln_normal`] when
/// every value is normal, finite and positive.
#[inline(always)]
fn ln_each(values: &[f64], out: &mut [f64], put: impl Fn(&mut f64, f64)) {
    // 1 while every value so far is normal, finite and positive; NaN is
    // not, as `contains` is false for it.
    let normal = f64::MIN_POSITIVE..=f64::MAX;
    let all_normal = lanes(
        values,
        1.0,
        |a, x| if normal.contains(&x) { a } else { 0.0 },
    );
    if all_normal == 1.0 {
        for (o, &x) in out.iter_mut().zip(values) {
            put(o, ln_normal(x));
        }
    } else {
        for (o, &x) in out.iter_mut().zip(values) {
            put(o, ln(x));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// The distance between two finite floats of one sign, in units in the
    /// last place.
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        let (a, b) = (a.to_bits() as i64, b.to_bits() as i64);
        if (a < 0) != (b < 0) {
            return u64::MAX;
        }
        a.abs_diff(b)
    }

    #[test]
    fn exact_where_the_logarithm_is_known() {
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!(ln(-1.0).is_nan());
        assert!(ln(f64::NAN).is_nan());
        // ln(2^k) = k ln 2: LN2_HI + LN2_LO rounds to LN_2.
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
        assert_eq!(ln(0.5), -std::f64::consts::LN_2);
        assert_eq!(ln(std::f64::consts::E), 1.0);
        assert_eq!(ln(10.0), std::f64::consts::LN_10);
    }

    #[test]
    fn within_one_ulp_of_the_library_logarithm() {
        // f64::ln is within 1 ulp of the exact value (glibc's is correctly
        // rounded in practice), so agreeing with it to 1 ulp bounds the
        // error at 2; and the two agree exactly on all but a few cases
        // (measured: 2.3 % of these values differ, by 1 ulp).
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1990);
        let mut worst = 0;
        let mut off = 0usize;
        let n = 400_000;
        for i in 0..n {
            let x = match i % 4 {
                // any positive float: random exponent and mantissa
                0 => f64::from_bits(rng.random_range(1..0x7FF0_0000_0000_0000u64)),
                // the draws' range, (0, 1]
                1 => 1.0 - rng.random::<f64>(),
                // near 1, where ln x is small and cancellation would show
                2 => 1.0 + (rng.random::<f64>() - 0.5) * 1e-6,
                // subnormals
                _ => f64::from_bits(rng.random_range(1..0x0010_0000_0000_0000u64)),
            };
            let d = ulps(ln(x), x.ln());
            worst = worst.max(d);
            off += usize::from(d > 0);
        }
        assert!(worst <= 1, "worst {worst} ulp");
        assert!(off < n / 20, "{off} of {n} differ from f64::ln");
    }

    /// The scalar log-space mixture, `ln(e^(ln r + ln l) + e^(ln(1 - r) + ln c))`,
    /// as scoring takes it (`Weigher::Mixture`).
    fn scalar_mixture(l: f64, r: f64, c: f64) -> f64 {
        crate::numeric::ln::add(r.ln() + l.ln(), (-r).ln_1p() + c.ln())
    }

    #[test]
    fn the_mixture_by_hand() {
        // 0.5 * 0.5 + 0.5 * 0.5 = 0.5; 0.8 * 1 + 0.2 * 1 = 1; r = 0 gives c
        let mut row = [0.5, 1.0, 0.0];
        assert!(mix(&mut row, 0.5, 0.5));
        assert_eq!(row, [0.5, 0.75, 0.25]);
        let mut out = [0.0; 3];
        add_ln(&row, &mut out);
        assert_eq!(out[0], -std::f64::consts::LN_2);
        let mut row = [1.0, 0.0];
        assert!(mix(&mut row, 0.0, 0.3));
        assert_eq!(row, [0.3, 0.3]);
        // every likelihood and the chance 0: the mixture is 0, refused
        let mut row = [0.0, 0.0];
        assert!(!mix(&mut row, 0.5, 0.0));
        assert_eq!(row, [0.0, 0.0]);
        // a chance of 1e-300 with l = 0: below the floor, refused untouched
        let mut row = [0.0, 0.7];
        assert!(!mix(&mut row, 0.5, 1e-300));
        assert_eq!(row, [0.0, 0.7]);
    }

    #[test]
    fn the_mixture_agrees_with_the_scalar_formula() {
        // Against the scalar log-space formula: within 4 u + 2 ulp of the
        // exact value each (see `mix`), so within 1e-15 of each other for
        // ln l' in [-2, 0]; below -2, within 8 ulp, relatively.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(26);
        let rs = [
            1e-12,
            1e-6,
            0.01,
            0.3,
            0.5,
            0.8,
            0.99,
            1.0 - 1e-9,
            1.0 - f64::EPSILON,
        ];
        let mut worst_abs: f64 = 0.0;
        let mut worst_rel: f64 = 0.0;
        for &r in &rs {
            for i in 0..4000 {
                let l: f64 = match i % 8 {
                    0 => 0.0,
                    1 => 1.0,
                    2 => 1e-300,
                    3 => 1e-20 * rng.random::<f64>(),
                    _ => rng.random::<f64>(),
                };
                let c: f64 = match i % 3 {
                    0 => 1.0 - rng.random::<f64>(),
                    1 => 1e-9 * (1.0 - rng.random::<f64>()),
                    _ => 0.5,
                };
                let mut row = [l];
                if !mix(&mut row, r, c) {
                    assert!(r * l + (1.0 - r) * c < 2.0 * MIX_FLOOR, "{l} {r} {c}");
                    continue;
                }
                let mut got = [0.0];
                add_ln(&row, &mut got);
                let want = scalar_mixture(l, r, c);
                let d = (got[0] - want).abs();
                if want >= -2.0 {
                    worst_abs = worst_abs.max(d);
                } else {
                    worst_rel = worst_rel.max(d / want.abs());
                }
            }
        }
        assert!(worst_abs <= 1e-15, "worst absolute {worst_abs:e}");
        assert!(
            worst_rel <= 8.0 * f64::EPSILON,
            "worst relative {worst_rel:e}"
        );
    }

    #[test]
    fn the_normal_path_gives_the_bits_of_ln() {
        // Normal, finite, positive values over the whole exponent range,
        // the ends included: ln_normal is ln, bit for bit; and a row of
        // them (the normal loop) gives the bits that the same row with a
        // 0 appended (the general loop) gives, on the dispatched path and
        // on the portable one.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
        let mut values: Vec<f64> = (0..4000)
            .map(|i| match i % 4 {
                0 => f64::from_bits(
                    rng.random_range(0x0010_0000_0000_0000..0x7FF0_0000_0000_0000u64),
                ),
                1 => 1.0 - rng.random::<f64>(),
                2 => 1.0 + (rng.random::<f64>() - 0.5) * 1e-6,
                _ => 1e-290 * (1.0 + rng.random::<f64>()),
            })
            .collect();
        values.extend([f64::MIN_POSITIVE, f64::MAX, 1.0, 2.0, 0.5]);
        for &x in &values {
            assert_eq!(ln_normal(x).to_bits(), ln(x).to_bits(), "{x:e}");
        }
        let start: Vec<f64> = (0..values.len()).map(|i| i as f64 * -0.5).collect();
        let mut normal = start.clone();
        add_ln(&values, &mut normal);
        let mut portable = start.clone();
        add_ln_with(pulp::Scalar, &values, &mut portable);
        let mut general = start.clone();
        general.push(0.0);
        let mut with_zero = values.clone();
        with_zero.push(0.0);
        add_ln(&with_zero, &mut general);
        assert_eq!(general.pop(), Some(f64::NEG_INFINITY));
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&normal), bits(&general));
        assert_eq!(bits(&normal), bits(&portable));
        // A NaN, an infinity or a subnormal sends the row to the general
        // loop, which gives each its own value.
        for odd in [f64::NAN, f64::INFINITY, 1e-310] {
            let row = [0.5, odd, 0.25];
            let mut out = [0.0; 3];
            add_ln(&row, &mut out);
            assert_eq!(out[0], -std::f64::consts::LN_2);
            assert_eq!(out[1].to_bits(), ln(odd).to_bits());
            assert_eq!(out[2], ln(0.25));
        }
    }

    #[test]
    fn ln_never_gives_negative_zero() {
        // ln_with writes ln x where add_ln_with adds it to 0: the same
        // bits, as long as ln never gives -0 (0 + -0 is +0).
        assert_eq!(ln(1.0).to_bits(), 0.0f64.to_bits());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        let values: Vec<f64> = (0..20_000)
            .map(|i| match i % 3 {
                0 => f64::from_bits(rng.random_range(0..0x7FF0_0000_0000_0000u64)),
                1 => 1.0 + (rng.random::<f64>() - 0.5) * 1e-12,
                _ => 1.0 - rng.random::<f64>(),
            })
            .chain([0.0, 1.0, f64::INFINITY])
            .collect();
        assert!(
            values
                .iter()
                .all(|&x| ln(x).to_bits() != (-0.0f64).to_bits())
        );
        let mut added = vec![0.0; values.len()];
        add_ln_with(pulp::Scalar, &values, &mut added);
        let mut written = vec![7.0; values.len()];
        ln_with(pulp::Scalar, &values, &mut written);
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&added), bits(&written));
    }

    #[test]
    fn every_path_gives_the_same_bits() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let values: Vec<f64> = (0..1003)
            .map(|i| match i % 5 {
                0 => 0.0,
                1 => f64::from_bits(rng.random_range(1..0x0010_0000_0000_0000u64)),
                _ => rng.random::<f64>(),
            })
            .collect();
        let start: Vec<f64> = (0..1003).map(|i| f64::from(i) * 0.25).collect();
        let scalar: Vec<f64> = values
            .iter()
            .zip(&start)
            .map(|(&x, &s)| s + ln(x))
            .collect();
        let mut dispatched = start.clone();
        add_ln(&values, &mut dispatched);
        let mut portable = start.clone();
        add_ln_with(pulp::Scalar, &values, &mut portable);
        let mut paths = vec![("dispatched", dispatched), ("portable", portable)];
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        {
            if let Some(v3) = pulp::x86::V3::try_new() {
                let mut out = start.clone();
                v3.vectorize(|| add_ln_with(v3, &values, &mut out));
                paths.push(("avx2", out));
            }
            if let Some(v4) = pulp::x86::V4::try_new() {
                let mut out = start.clone();
                v4.vectorize(|| add_ln_with(v4, &values, &mut out));
                paths.push(("avx512", out));
            }
        }
        for (name, got) in &paths {
            for (i, (g, s)) in got.iter().zip(&scalar).enumerate() {
                assert_eq!(g.to_bits(), s.to_bits(), "{name} at {i}: {g} vs {s}");
            }
        }
    }
}
