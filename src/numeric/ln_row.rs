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
#[inline(always)]
pub(crate) fn mix(l: &mut [f64], r: f64, c: f64) -> bool {
    let Some(rest_c) = mixable(l, r, c) else {
        return false;
    };
    for x in l.iter_mut() {
        *x = r * *x + rest_c;
    }
    true
}

/// `(1 - r) c` where [`mix`] would mix the row `l` (its mixture stays at
/// least [`MIX_FLOOR`]), `None` where it would refuse; the row mixed is
/// then `r l[i] + (1 - r) c` ([`mix_into`], or [`Products::take_in`] as it
/// multiplies). `low` is a bound known beforehand, `l[i] >= low`: when
/// `r low` is at least twice [`MIX_FLOOR`] the mixture cannot fall below
/// it, and the row is not searched for its least value.
#[inline(always)]
pub(crate) fn mixture(l: &[f64], r: f64, c: f64, low: f64) -> Option<f64> {
    // r l[i] >= r low (1 - u) and (1 - r) c >= 0: the mixture is at
    // least MIX_FLOOR, as `mixable` would find.
    if r * low >= 2.0 * MIX_FLOOR && c >= 0.0 {
        Some((1.0 - r) * c)
    } else {
        mixable(l, r, c)
    }
}

/// `to[i] = r from[i] + rest_c` (over the shorter of the two): with
/// `rest_c = (1 - r) c` from [`mixture`], the operations of [`mix`], so
/// its values; one pass where a copy and then [`mix`] took two.
#[inline(always)]
pub(crate) fn mix_into(from: &[f64], to: &mut [f64], r: f64, rest_c: f64) {
    for (t, &x) in to.iter_mut().zip(from) {
        *t = r * x + rest_c;
    }
}

/// `(1 - r) c`, when the mixture of the row `l` stays at least
/// [`MIX_FLOOR`] (see [`mix`]).
#[inline(always)]
fn mixable(l: &[f64], r: f64, c: f64) -> Option<f64> {
    let rest = 1.0 - r;
    let low = lanes(l, f64::INFINITY, |a, x| if x < a { x } else { a });
    // The mixture grows with l: its least value is that of the least l
    // (NaN refused too).
    let least = r * low + rest * c;
    (!least.is_nan() && least >= MIX_FLOOR).then_some(rest * c)
}

/// The most items [`Products::take_in`] multiplies in at once.
pub(crate) const BLOCK: usize = 64;

/// The least product of a block that [`Products::take_in`] accepts,
/// `2^-(1012 - BLOCK)`: with every value at most 2, a product that went
/// through the subnormals on its way (below `2^-1022` after some item,
/// then at most `2^BLOCK` times larger) ends below it, so a product at
/// least this large was rounded in the normal range all along.
const BLOCK_FLOOR: f64 = f64::from_bits((11 + BLOCK as u64) << 52);

/// The bits of `1.0`: a mantissa's bits with them are the mantissa in
/// `[1, 2)`.
const ONE_BITS: u64 = 0x3FF0_0000_0000_0000;
/// The mantissa's bits of a float.
const MANTISSA: u64 = 0x000F_FFFF_FFFF_FFFF;

/// The products of many rows of likelihoods, one per hypothesis, each
/// kept as a mantissa in `[1, 2)` and an exponent (an integer, held in
/// an `f64`), so that no product underflows however many items it spans:
/// the sum of many items' logarithms, with one logarithm per hypothesis
/// ([`Products::terms`]) instead of one per value.
///
/// Item by item, an item's terms are `ln l[h] - max_k ln l[k]` (its row's
/// logarithms shifted so that the largest is 0: docs/model.md section 2,
/// step 3). The terms of the items taken here together are their
/// logarithms' sums shifted once, by the largest sum: they differ from the
/// sum of the items' own terms by one amount for every hypothesis
/// (`sum_i max_k ln l_i[k] - max_k sum_i ln l_i[k] >= 0`), which cancels
/// in the normalisation. The posteriors are the same, up to rounding.
///
/// # Precision
///
/// Each value taken costs one rounding of its product (relatively `u =
/// 2^-53`, to first order), each block one more, and the mantissas and
/// exponents are split exactly; [`Products::terms`] adds the rounding of
/// one quotient and [`ln`]'s 2 ulp of the result. For `N` items in `B`
/// blocks, a term is within `2 (N + B) u + u` of the exact, absolutely,
/// plus 2 ulp of itself: `2.4e-13` for 1 000 items, as a bound; the
/// roundings have random signs, and the error measured on 1 000 items of
/// 16 hypotheses is some `1e-14` (tested against a double-double
/// reference). The same items' terms taken one by one have a bound of the
/// same size: each `x - m` errs by up to 2 ulp of each of `x` and `m` plus
/// the difference's rounding, `5.5e-16` for likelihoods above `e^-1`
/// (more for smaller ones), `5.5e-13` for 1 000 items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Products {
    mantissa: Vec<f64>,
    exponent: Vec<f64>,
    /// The products of the block being taken.
    block: Vec<f64>,
    /// Whether a block was taken since [`Products::clear`].
    taken: bool,
}

impl Products {
    /// Empty products of `n` hypotheses.
    pub(crate) fn new(n: usize) -> Products {
        Products {
            mantissa: vec![1.0; n],
            exponent: vec![0.0; n],
            block: vec![1.0; n],
            taken: false,
        }
    }

    /// Empties the products.
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.mantissa.fill(1.0);
        self.exponent.fill(0.0);
        self.taken = false;
    }

    /// Whether a block was taken since [`Products::clear`].
    #[inline]
    pub(crate) fn taken(&self) -> bool {
        self.taken
    }

    /// [`take_in`](Products::take_in) with 16 hypotheses at a time, on
    /// whatever path the caller is compiled for (the tests' entry).
    #[cfg(test)]
    pub(crate) fn take(&mut self, rows: &[f64], mixes: Option<&[(f64, f64)]>) -> bool {
        self.take_in::<16>(rows, mixes)
    }

    /// [`take_in`](Products::take_in) inside the SIMD context `S`, with
    /// the width that suits its registers: 8 hypotheses at a time with
    /// vectors of four lanes, else 16.
    #[inline(always)]
    pub(crate) fn take_with<S: Simd>(
        &mut self,
        _simd: S,
        rows: &[f64],
        mixes: Option<&[(f64, f64)]>,
    ) -> bool {
        if S::F64_LANES == 4 {
            self.take_in::<8>(rows, mixes)
        } else {
            self.take_in::<16>(rows, mixes)
        }
    }

    /// Multiplies in a block of rows of likelihoods held one after the
    /// other in `rows` (one value per hypothesis, in linear space), up to
    /// [`BLOCK`] of them; with `mixes`, each row's values mixed first, row
    /// `i` as [`mix_into`] mixes with `(r, (1 - r) c) = mixes[i]`, to the
    /// same values (`(1, 0)` for a row without a mixture). Returns false,
    /// with the products unchanged, where the block cannot be taken: `rows`
    /// not whole rows or more than [`BLOCK`] of them, `mixes` not one a
    /// row, a value 0, NaN or above 2, or a product of the
    /// block so small that it may have lost bits to underflow (below
    /// `2^-(1012 - BLOCK)`); the caller then takes those items one by one.
    ///
    /// The block's products are taken in a fixed order ([`products`]),
    /// at most `WIDEST` hypotheses held in registers at a time: 16 for
    /// vectors of eight lanes (AVX-512: four arrays of 16 values are eight
    /// of its 32 registers), 8 for vectors of four (AVX2, whose 16
    /// registers four arrays of 16 values would fill, spilling to the
    /// stack; [`take_with`](Products::take_with) chooses). Then each
    /// multiplies its hypothesis's mantissa, and the result is split into
    /// mantissa and exponent again: the same operations on every SIMD path
    /// and for any width (each hypothesis's values are multiplied in the
    /// same order), so the same bits.
    #[inline(always)]
    pub(crate) fn take_in<const WIDEST: usize>(
        &mut self,
        rows: &[f64],
        mixes: Option<&[(f64, f64)]>,
    ) -> bool {
        let n = self.block.len();
        if n == 0 || !rows.len().is_multiple_of(n) || rows.len() > BLOCK * n {
            return false;
        }
        if mixes.is_some_and(|m| m.len() != rows.len() / n) {
            return false;
        }
        let top = match mixes {
            Some(mixes) => self.products::<WIDEST, true>(rows, mixes),
            None => self.products::<WIDEST, false>(rows, &[]),
        };
        let out = &mut self.block;
        // Every product at least the floor (NaN is not), every value at
        // most 2, so every product at most 2^BLOCK.
        let fits = BLOCK_FLOOR..=f64::MAX;
        let all_fit = lanes(out, 1.0, |a, x| if fits.contains(&x) { a } else { 0.0 });
        if !(all_fit == 1.0 && top <= 2.0) {
            return false;
        }
        // A mantissa in [1, 2) times a product in [2^-948, 2^64]: normal,
        // positive; its exponent field to the exponent, exactly.
        let cells = self.mantissa.iter_mut().zip(&mut self.exponent);
        for ((m, e), &p) in cells.zip(out.iter()) {
            let bits = (*m * p).to_bits();
            *e += f64::from_bits(TWO_52_BITS | (bits >> 52)) - (TWO_52 + 1023.0);
            *m = f64::from_bits((bits & MANTISSA) | ONE_BITS);
        }
        self.taken = true;
        true
    }

    /// The products of a block into `self.block`, and the block's largest
    /// value: up to sixteen (at most `WIDEST`) hypotheses at a time over
    /// every row, held in registers ([`products`]).
    #[inline(always)]
    fn products<const WIDEST: usize, const MIXED: bool>(
        &mut self,
        rows: &[f64],
        mixes: &[(f64, f64)],
    ) -> f64 {
        let out = &mut self.block;
        let n = out.len();
        let mut top = 0.0;
        let mut h0 = 0;
        while WIDEST >= 16 && h0 + 16 <= n {
            top = max(top, products::<16, MIXED>(h0, rows, mixes, out));
            h0 += 16;
        }
        while h0 + 8 <= n {
            top = max(top, products::<8, MIXED>(h0, rows, mixes, out));
            h0 += 8;
        }
        if h0 + 4 <= n {
            top = max(top, products::<4, MIXED>(h0, rows, mixes, out));
            h0 += 4;
        }
        while h0 < n {
            top = max(top, products::<1, MIXED>(h0, rows, mixes, out));
            h0 += 1;
        }
        top
    }

    /// The terms of the rows taken, one per hypothesis: `out[h] = ln(R_h /
    /// max_k R_k)`, `R_h` the product of hypothesis `h`'s values. Each is
    /// at most 0, and exactly 0 for the largest product (the first of
    /// them, if several are equal).
    #[inline(always)]
    pub(crate) fn terms(&self, out: &mut [f64]) {
        let cells = self.mantissa.iter().zip(&self.exponent);
        let mut best = (f64::NEG_INFINITY, 0.0);
        for (&m, &e) in cells.clone() {
            if e > best.0 || (e == best.0 && m > best.1) {
                best = (e, m);
            }
        }
        // The quotient R_h / R_best = (m / m_best) 2^-(e_best - e): its
        // mantissa part in (1/2, 2), the exponent taken exactly.
        for (o, (&m, &e)) in out.iter_mut().zip(cells) {
            *o = ln_parts(m / best.1, best.0 - e);
        }
    }
}

/// The larger of two values, `a` when `x` is NaN or not larger: a
/// maximum folded from a number keeps ignoring NaN, and is exact, so any
/// order of folding gives it.
#[inline(always)]
fn max(a: f64, x: f64) -> f64 {
    if x > a { x } else { a }
}

/// `out[h] = prod_i rows[i n + h]` for the `W` hypotheses from `h0`
/// (`n = out.len()`, `h0 + W <= n`), each value first mixed as
/// [`mix_into`] mixes it, `r x + rest_c` with `(r, rest_c) = mixes[i]`,
/// when `MIXED` (one pair a row, [`Products::take_in`] checks; `(1, 0)` for a
/// row without: `1 x + 0` is `x`; the pairs are read in twos, without a
/// check a row, so that the compiler folds each coefficient into its
/// operation as a broadcast), held in
/// arrays that the compiler keeps in registers: the product of the even rows (the first, the
/// third, ...) in their order times that of the odd rows in theirs, two
/// chains of multiplications that overlap. Gives the largest value of
/// those columns (0 for none; NaN ignored).
#[inline(always)]
fn products<const W: usize, const MIXED: bool>(
    h0: usize,
    rows: &[f64],
    mixes: &[(f64, f64)],
    out: &mut [f64],
) -> f64 {
    let n = out.len();
    let lane = h0..h0 + W;
    let (mut even, mut odd) = ([1.0; W], [1.0; W]);
    let (mut top_even, mut top_odd) = ([0.0; W], [0.0; W]);
    let take = |p: &mut [f64; W], top: &mut [f64; W], row: &[f64], (r, rest_c): (f64, f64)| {
        if let Some(x) = row.get(lane.clone()) {
            for ((p, t), &x) in p.iter_mut().zip(top.iter_mut()).zip(x) {
                let x = if MIXED { r * x + rest_c } else { x };
                *p *= x;
                *t = max(*t, x);
            }
        }
    };
    let mut pairs = rows.chunks_exact(2 * n);
    let unmixed = (1.0, 0.0);
    if MIXED {
        let (mix_pairs, mix_last) = mixes.as_chunks::<2>();
        for (pair, &[ma, mb]) in (&mut pairs).zip(mix_pairs) {
            let (a, b) = pair.split_at(n);
            take(&mut even, &mut top_even, a, ma);
            take(&mut odd, &mut top_odd, b, mb);
        }
        let last = mix_last.first().copied().unwrap_or(unmixed);
        take(&mut even, &mut top_even, pairs.remainder(), last);
    } else {
        for pair in &mut pairs {
            let (a, b) = pair.split_at(n);
            take(&mut even, &mut top_even, a, unmixed);
            take(&mut odd, &mut top_odd, b, unmixed);
        }
        take(&mut even, &mut top_even, pairs.remainder(), unmixed);
    }
    if let Some(o) = out.get_mut(lane) {
        for ((o, e), d) in o.iter_mut().zip(even).zip(odd) {
            *o = e * d;
        }
    }
    top_even.into_iter().chain(top_odd).fold(0.0, max)
}

/// The mean of a row, `sum / len` (NaN for an empty row), summed in eight
/// lanes that the compiler vectorises, then the lanes in pairs (lane `i`
/// with lane `i + 4`, then `i + 2`, then `i + 1`): the same operations,
/// so the same bits, on every path, without a chain of seven additions.
#[inline(always)]
pub(crate) fn mean(l: &[f64]) -> f64 {
    let (chunks, rest) = l.as_chunks::<8>();
    let mut acc = [0.0; 8];
    for chunk in chunks {
        for k in 0..8 {
            acc[k] += chunk[k];
        }
    }
    for (a, &x) in acc.iter_mut().zip(rest) {
        *a += x;
    }
    let [a0, a1, a2, a3, a4, a5, a6, a7] = acc;
    let (b0, b1, b2, b3) = (a0 + a4, a1 + a5, a2 + a6, a3 + a7);
    ((b0 + b2) + (b1 + b3)) / l.len() as f64
}

/// [`mean`] on one SIMD path, the same operations in the same order, so
/// the same bits, with the eight lanes held in that path's vectors where
/// the row is whole chunks of eight: lane `k` of the sum is the chunks'
/// values `k` added in order to 0, and the lanes are folded as [`mean`]
/// folds them (lane `k` with lane `k + 4`, then `k + 2`, then `k + 1`,
/// which is `pulp`'s [`Simd::reduce_sum_f64s`] on vectors of eight and
/// of four lanes). Elsewhere (another length, or vectors of another
/// width) it is [`mean`] itself.
///
/// Compiled by itself, [`mean`] of sixteen values held its lanes in
/// pairs: eight additions of two lanes, then three more and a fold (15
/// instructions a row), where vectors of eight lanes take two additions
/// and a fold (9 instructions, AVX-512): a draw of ranges at reliability
/// 0.8 takes each row's mean (see `Plan::weigh_and_add`).
#[inline(always)]
pub(crate) fn mean_with<S: Simd>(simd: S, l: &[f64]) -> f64 {
    let (vectors, rest) = S::as_simd_f64s(l);
    let lanes = std::mem::size_of::<S::f64s>() / std::mem::size_of::<f64>();
    if !rest.is_empty() || !l.len().is_multiple_of(8) {
        return mean(l);
    }
    let zero = simd.splat_f64s(0.0);
    let sum = match lanes {
        8 => vectors.iter().fold(zero, |a, &x| simd.add_f64s(a, x)),
        // Lanes 0-3 and 4-7 of each chunk, each from 0, then lane `k`
        // with lane `k + 4`.
        4 => {
            let (mut low, mut high) = (zero, zero);
            for pair in vectors.chunks_exact(2) {
                if let [a, b] = *pair {
                    low = simd.add_f64s(low, a);
                    high = simd.add_f64s(high, b);
                }
            }
            simd.add_f64s(low, high)
        }
        _ => return mean(l),
    };
    simd.reduce_sum_f64s(sum) / l.len() as f64
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

    /// The mean of a row as [`mean`] specifies it, written out: lane `k`
    /// the values `k`, `k + 8`, ... added in order to 0, then lane `k`
    /// with `k + 4`, those with `k + 2` and `k + 1`, over the length.
    fn mean_by_lanes(l: &[f64]) -> f64 {
        let lane = |k: usize| l.iter().skip(k).step_by(8).fold(0.0, |a, &x| a + x);
        let b: Vec<f64> = (0..4).map(|k| lane(k) + lane(k + 4)).collect();
        ((b[0] + b[2]) + (b[1] + b[3])) / l.len() as f64
    }

    #[test]
    fn the_mean_on_every_path_is_the_mean_by_lanes() {
        // Rows whose values span twenty orders of magnitude, so that
        // another order of the additions gives other bits (checked: the
        // sum from left to right differs on some rows).
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(85);
        let mut other_order = 0;
        let paths = |row: &[f64]| {
            let mut got = vec![mean_with(pulp::Scalar, row)];
            #[cfg(target_arch = "x86_64")]
            {
                if let Some(simd) = pulp::x86::V3::try_new() {
                    got.push(mean_with(simd, row));
                }
                if let Some(simd) = pulp::x86::V4::try_new() {
                    got.push(mean_with(simd, row));
                }
            }
            got
        };
        for len in [1, 3, 5, 8, 12, 16, 24, 32, 40] {
            for _ in 0..200 {
                let row: Vec<f64> = (0..len)
                    .map(|_| rng.random::<f64>() * 10f64.powi(rng.random_range(-10..10)))
                    .collect();
                let want = mean_by_lanes(&row);
                assert_eq!(mean(&row).to_bits(), want.to_bits(), "{row:?}");
                for got in paths(&row) {
                    assert_eq!(got.to_bits(), want.to_bits(), "{row:?}");
                }
                let left_to_right = row.iter().sum::<f64>() / len as f64;
                other_order += usize::from(left_to_right != want);
            }
        }
        assert!(other_order > 100, "{other_order}");
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

    /// A double-double number `hi + lo`, for the reference logarithms.
    type Dd = (f64, f64);

    fn dd_norm(hi: f64, lo: f64) -> Dd {
        let s = hi + lo;
        (s, lo - (s - hi))
    }

    fn dd_add(a: Dd, b: Dd) -> Dd {
        let (s, e) = crate::numeric::sum::two_sum(a.0, b.0);
        dd_norm(s, e + a.1 + b.1)
    }

    fn dd_mul(a: Dd, b: Dd) -> Dd {
        let p = a.0 * b.0;
        let e = a.0.mul_add(b.0, -p);
        dd_norm(p, e + a.0 * b.1 + a.1 * b.0)
    }

    fn dd_div(a: Dd, b: Dd) -> Dd {
        let q1 = a.0 / b.0;
        let r = dd_add(a, dd_mul((-q1, 0.0), b));
        let q2 = r.0 / b.0;
        let r = dd_add(r, dd_mul((-q2, 0.0), b));
        let q3 = r.0 / b.0;
        dd_add(dd_norm(q1, q2), (q3, 0.0))
    }

    /// `ln x` for a normal positive `x`, in double-double (some 1e-30
    /// relatively): `x = 2^k m`, `m` in `[sqrt(1/2), sqrt(2))`, `ln m = 2
    /// atanh(s)`, `s = (m - 1) / (m + 1)`, by its series to `s^61`.
    fn ln_dd(x: f64) -> Dd {
        let bits = x.to_bits();
        let mut k = ((bits >> 52) & 0x7FF) as i64 - 1023;
        let mut m = f64::from_bits((bits & MANTISSA) | ONE_BITS);
        if m > std::f64::consts::SQRT_2 {
            m /= 2.0;
            k += 1;
        }
        let (p, e) = crate::numeric::sum::two_sum(m, 1.0);
        let s = dd_div((m - 1.0, 0.0), (p, e));
        let z = dd_mul(s, s);
        let mut sum = (0.0, 0.0);
        let mut power = s;
        for j in 0..31 {
            sum = dd_add(sum, dd_div(power, ((2 * j + 1) as f64, 0.0)));
            power = dd_mul(power, z);
        }
        let ln2 = (std::f64::consts::LN_2, 2.319_046_813_846_299_6e-17);
        dd_add(dd_mul((k as f64, 0.0), ln2), dd_mul((2.0, 0.0), sum))
    }

    #[test]
    fn the_double_double_logarithm_is_the_logarithm() {
        // Its leading part within 1 ulp of f64::ln (itself within 1 ulp),
        // and exact where the logarithm is known.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(8);
        for _ in 0..10_000 {
            let x = 1e-30 + (1.0 - rng.random::<f64>());
            assert!(ulps(ln_dd(x).0, x.ln()) <= 1, "{x}");
        }
        assert_eq!(ln_dd(1.0), (0.0, 0.0));
        let e = ln_dd(0.125);
        assert_eq!(e.0, -3.0 * std::f64::consts::LN_2);
    }

    /// Rows of likelihoods as the Monte Carlo draws them: uniform, ranges
    /// `[0.8 l, 0.8 l + 0.2]`, ones, and one tiny value (1e-30 to 1e-20)
    /// in every block of 64.
    fn generated_rows(rng: &mut Xoshiro256PlusPlus, n: usize, items: usize) -> Vec<f64> {
        (0..n * items)
            .map(|i| match (i % (BLOCK * n), i % 5) {
                (7, _) => 1e-30 * 10f64.powf(10.0 * rng.random::<f64>()),
                (_, 0) => 1.0,
                (_, 1) => 0.8 * (0.01 + 0.98 * rng.random::<f64>()) + 0.2 * rng.random::<f64>(),
                _ => 1.0 - rng.random::<f64>(),
            })
            .collect()
    }

    /// Every row taken in blocks of [`BLOCK`], and the terms.
    fn terms_of(rows: &[f64], n: usize) -> Vec<f64> {
        let mut products = Products::new(n);
        for block in rows.chunks(BLOCK * n) {
            assert!(products.take(block, None));
        }
        let mut out = vec![0.0; n];
        products.terms(&mut out);
        out
    }

    #[test]
    fn block_terms_agree_with_a_double_double_sum_of_logarithms() {
        // 1 000 items of 16 hypotheses: each hypothesis's sum of ln l in
        // double-double, less the largest sum, against the products'
        // terms. The bound is `2 (N + B) u + u` plus 2 ulp of the term
        // (see `Products`); the error measured is far below it, and below
        // that of the same items' terms taken one by one (`ln l - ln m`,
        // summed exactly), against their own exact value (the sum of
        // ln l less the sum of the rows' ln m, in double-double): an
        // absolute error, as a posterior's relative error is its
        // logarithm's absolute one.
        let (n, items) = (16, 1000);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(26);
        let u = f64::EPSILON / 2.0;
        let (mut worst, mut worst_items): (f64, f64) = (0.0, 0.0);
        for _ in 0..4 {
            let rows = generated_rows(&mut rng, n, items);
            let got = terms_of(&rows, n);
            let sum =
                |x: &mut dyn Iterator<Item = f64>| x.fold((0.0, 0.0), |s, x| dd_add(s, ln_dd(x)));
            let sums: Vec<Dd> = (0..n)
                .map(|h| sum(&mut rows.iter().skip(h).step_by(n).copied()))
                .collect();
            let row_max = |row: &[f64]| row.iter().fold(0.0f64, |a, &x| a.max(x));
            let maxes = sum(&mut rows.chunks(n).map(row_max));
            let best = sums.iter().fold(f64::NEG_INFINITY, |a, s| a.max(s.0));
            let best = sums
                .iter()
                .find(|s| s.0 == best)
                .copied()
                .unwrap_or_default();
            let blocks = items.div_ceil(BLOCK);
            for (h, (&g, &s)) in got.iter().zip(&sums).enumerate() {
                let want = dd_add(s, (-best.0, -best.1));
                let error = ((g - want.0) - want.1).abs();
                let bound = (2 * (items + blocks) + 1) as f64 * u + 4.0 * u * want.0.abs();
                assert!(error <= bound, "h {h}: {g} vs {want:?}, error {error:e}");
                assert!(error <= 1e-14 + u * want.0.abs(), "h {h}: error {error:e}");
                assert!(g <= 0.0);
                worst = worst.max(error);
                let mut one_by_one = crate::numeric::sum::ExactSum::default();
                for row in rows.chunks(n) {
                    one_by_one.add(ln(row[h]) - ln(row_max(row)));
                }
                let want = dd_add(s, (-maxes.0, -maxes.1));
                let error = ((one_by_one.value() - want.0) - want.1).abs();
                worst_items = worst_items.max(error);
            }
            assert!(got.contains(&0.0));
        }
        // Measured: blocks 6.1e-15 at most for terms of -66 to -102, 4e-14
        // near -990; one by one, 1.6e-14 to 9.8e-14 (for their terms of
        // -800 to -1 700).
        assert!(worst < worst_items, "{worst:e} vs {worst_items:e}");
    }

    #[test]
    fn a_block_refused_leaves_the_products_as_they_were() {
        // By hand: rows (0.5, 0.25) and (1, 0.5): products 0.5 and 0.125,
        // terms 0 and ln(1/4).
        let mut products = Products::new(2);
        assert!(!products.taken());
        assert!(products.take(&[0.5, 0.25, 1.0, 0.5], None));
        let mut out = [1.0; 2];
        products.terms(&mut out);
        assert_eq!(out, [0.0, -2.0 * std::f64::consts::LN_2]);
        // A zero, a NaN, a value above 2, a product below 2^-(1012 - 64),
        // a row cut short, too many rows: refused, nothing changed.
        let tiny = [1e-10; 2 * 32];
        let many = [0.5; 2 * (BLOCK + 1)];
        let refused: [&[f64]; 6] = [
            &[0.5, 0.0],
            &[f64::NAN, 0.5],
            &[3.0, 0.5],
            &tiny,
            &[0.5, 0.5, 0.5],
            &many,
        ];
        for rows in refused {
            assert!(!products.take(rows, None), "{rows:?}");
            let mut again = [1.0; 2];
            products.terms(&mut again);
            assert_eq!(again, out);
        }
        // Mixtures not one a row: refused too.
        let rows = [0.5, 0.25, 1.0, 0.5];
        for mixes in [&[(0.8, 0.1)][..], &[(0.8, 0.1); 3][..]] {
            assert!(!products.take(&rows, Some(mixes)), "{mixes:?}");
            let mut again = [1.0; 2];
            products.terms(&mut again);
            assert_eq!(again, out);
        }
        // Products that would underflow without the exponents kept apart:
        // 40 blocks of 64 values of 1e-4 and 2e-4 (1e-10240 and less).
        let mut products = Products::new(2);
        let rows: Vec<f64> = [1e-4, 2e-4].repeat(BLOCK);
        for _ in 0..40 {
            assert!(products.take(&rows, None));
        }
        products.terms(&mut out);
        let want = -((2.0f64).ln() * (40 * BLOCK) as f64);
        assert_eq!(out[1], 0.0);
        assert!(
            (out[0] - want).abs() < 1e-12 * want.abs(),
            "{out:?} vs {want}"
        );
    }

    #[test]
    fn mixed_as_taken_is_mixed_then_taken() {
        // The mixture applied as the rows are multiplied gives the bits of
        // the rows mixed first (`mix_into`, which gives the bits of `mix`);
        // a row with the coefficients (1, 0) is the row itself.
        let (n, items) = (5, 150);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(80);
        let rows = generated_rows(&mut rng, n, items);
        let mixes: Vec<(f64, f64)> = (0..items)
            .map(|i| {
                let r = [0.8, 0.3, 1.0 - 1e-9][i % 3];
                let row = &rows[i * n..(i + 1) * n];
                if i % 4 == 0 {
                    return (1.0, 0.0);
                }
                let rest_c = mixture(row, r, mean(row), 0.0).expect("mixable");
                (r, rest_c)
            })
            .collect();
        let mut mixed = rows.clone();
        for (i, &(r, rest_c)) in mixes.iter().enumerate() {
            let row = &mut mixed[i * n..(i + 1) * n];
            let mut by_mix = row.to_vec();
            if (r, rest_c) != (1.0, 0.0) {
                assert!(mix(&mut by_mix, r, mean(row)));
            }
            let from = row.to_vec();
            mix_into(&from, row, r, rest_c);
            let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(row), bits(&by_mix));
        }
        let mut one = Products::new(n);
        let mut two = Products::new(n);
        for (b, (rows, mixed)) in rows
            .chunks(BLOCK * n)
            .zip(mixed.chunks(BLOCK * n))
            .enumerate()
        {
            assert!(one.take(rows, mixes.get(b * BLOCK..(b * BLOCK + rows.len() / n))));
            assert!(two.take(mixed, None));
        }
        let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
        one.terms(&mut a);
        two.terms(&mut b);
        assert_eq!(a, b);
        // A known low bound skips the search, to the same coefficients;
        // without one, a mixture below the floor is refused.
        let row = [0.3, 0.9];
        assert_eq!(mixture(&row, 0.8, 0.6, 0.3), mixture(&row, 0.8, 0.6, 0.0));
        assert_eq!(mixture(&[0.0, 0.5], 0.5, 0.0, 0.0), None);
    }

    #[test]
    fn products_eight_at_a_time_give_the_bits_of_sixteen() {
        // Each hypothesis's values are multiplied in the same order however
        // many hypotheses are held at a time: 16 + 1 + 1 + 1 or 8 + 8 + 1 +
        // 1 + 1 for 19, and so on; with and without mixtures.
        for n in [3, 8, 16, 19, 40] {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(n as u64);
            let rows = generated_rows(&mut rng, n, 2 * BLOCK);
            let mixes: Vec<(f64, f64)> = (0..2 * BLOCK)
                .map(|i| if i % 3 == 0 { (1.0, 0.0) } else { (0.8, 0.05) })
                .collect();
            for mixed in [false, true] {
                let (mut wide, mut narrow) = (Products::new(n), Products::new(n));
                for (rows, mixes) in rows.chunks(BLOCK * n).zip(mixes.chunks(BLOCK)) {
                    let mixes = mixed.then_some(mixes);
                    assert!(wide.take_in::<16>(rows, mixes));
                    assert!(narrow.take_in::<8>(rows, mixes));
                }
                let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
                wide.terms(&mut a);
                narrow.terms(&mut b);
                let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&a), bits(&b), "{n} hypotheses, mixed {mixed}");
                assert!(a.iter().any(|&t| t < -1.0), "{a:?}");
            }
        }
    }

    #[test]
    fn block_terms_are_the_same_on_every_path() {
        let (n, items) = (19, 300);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(61);
        let rows = generated_rows(&mut rng, n, items);
        let portable = terms_of(&rows, n);
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        {
            if let Some(v3) = pulp::x86::V3::try_new() {
                let got = v3.vectorize(|| terms_of(&rows, n));
                assert_eq!(got, portable, "avx2");
            }
            if let Some(v4) = pulp::x86::V4::try_new() {
                let got = v4.vectorize(|| terms_of(&rows, n));
                assert_eq!(got, portable, "avx512");
            }
        }
        assert_eq!(portable.len(), n);
    }
}
