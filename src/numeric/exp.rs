//! Exponentials of a slice, eight at a time, with the bits of `f64::exp`:
//! an accurate vector evaluation whose every lane is *certified* to round
//! as the C library's `exp` does, or else is computed by `f64::exp`.
//!
//! Why: every normalisation turns joint logarithms into posteriors with
//! `exp`, and the project's results must stay what they were, bit for
//! bit. libm's `exp` is one scalar call per value (about a third of a
//! small case's time in a batch). An ordinary vector exponential would
//! differ from it in the last bit now and then; this one proves, lane by
//! lane, that it does not, and hands the lanes it cannot prove to libm.
//!
//! # The evaluation (Tang 1989, "Table-driven implementation of the
//! exponential function in IEEE floating-point arithmetic")
//!
//! With `N = 128`, `L = ln 2 / N` and `u = 2^-53`, for `x` in the fast
//! domain `[-708.39, 709.7]`:
//!
//! 1. `kd = RN(RN(x * INV_L) + SHIFT) - SHIFT`, an integer within
//!    `1/2 + 2^-34` of `x / L` (`|kd| < 2^17`); `k = kd` as an integer,
//!    `j = k mod N`, `i = (k - j) / N`, so `x = (i N + j) L + rho`.
//! 2. `r_hi = x - kd * C1`, exact: `C1` is `L` to 36 bits, so `kd * C1`
//!    is exact, and `|r_hi| < 2^-8` is a multiple of `2^-61` (or `kd = 0`
//!    and `r_hi = x`). `r = RN(r_hi - kd * C2)` with one fused
//!    multiply-add; `|r| <= R_MAX = 0.0027076`.
//! 3. `2^(j/N) ~ HI[j] + LO[j]`, a double-double from the table that
//!    `scripts/exp_table.py` writes (`|2^(j/N) - HI - LO| < 6.1e-33`;
//!    the test `table_is_two_to_the_j_over_n` checks it another way).
//! 4. `e^r - 1 ~ r + r^2 P(r)`, `P` Taylor's `1/2 + r/6 + r^2/24 + r^3/120
//!    + r^4/720` (Horner, fused), then, with `m = RN(RN(r r) P)`,
//!    `t = RN(HI r + RN(HI m + RN(LO r + LO)))`: so that
//!    `HI + t ~ (HI + LO) e^r`.
//! 5. Fast2Sum (Dekker 1971; `HI >= 1 > |t|`): `s = RN(HI + t)` and
//!    `e = t - (s - HI)`, exactly `HI + t - s`. The candidate is
//!    `s * 2^i` (exact: the product must be normal, else the lane falls
//!    back).
//!
//! Everything below is in the scaled space, `v' = 2^(j/N) e^rho = e^x /
//! 2^i`, which multiplying by `2^i` maps exactly to the true one.
//!
//! # The error bound D
//!
//! `|v' - (HI + t)| <= D = u (|t| + 2 |r|) + TAIL`, the sum of:
//! - E1, the reduction: `|rho - r| <= u |r| + 2^17 |L - C1 - C2|`, and
//!   `2^(j/N) e^r < 2`, so `|2^(j/N)(e^rho - e^r)| <= 2u |r| + 2.1e-25`;
//! - E2, the table: `< 6.1e-33`;
//! - E3, the polynomial: Taylor's remainder `|r|^7 / 5040`, the rounded
//!   coefficients, and the six roundings of `m` (`5.3e-21`);
//! - E4, `LO (e^r - 1 - r)`, which `t` leaves out (`4.0e-22`);
//! - E5 and E6, the roundings of `LO r + LO` and `HI m + ..` (`8.1e-22`);
//! - E7, the rounding of `t`: `u |t|`.
//!
//! `TAIL`, E1's constant part and E2..E6 (`6.5e-21`, `3e-5` of an ulp
//! of one), is computed by `scripts/exp_table.py` in exact arithmetic and
//! rounded up with room (a factor `1 + 2^-20`, also in `u`'s coefficient)
//! for the rounding of the bound's own evaluation. `u (|t| + 2|r|)` is at
//! most 0.0027 of the gap between doubles near `s` (the gap is
//! `g = 2^-52`, or `2^-53` when `s < 1`), 0.0014 on average.
//!
//! # The certificate
//!
//! The lane is certified when `|e| + D < 0.48 g` (computed as
//! `RN(|e| + D)`, which the `1 + 2^-20` room covers) and `s` is not a
//! power of two (here only `s = 1` could be; its gap below is half the
//! one above). Then `|v' - s| < 0.4801 g`, every other double is more
//! than `0.5199 g` from `v'`, and the libm result `y`, within
//! `0.512 ulp(v')` of `v'` (`ulp(v') = g`: `v'` lies in the binade of
//! `s`), can only be `s`.
//!
//! The certificate relies on:
//! - libm's `exp` erring by less than `0.512` ulp. glibc (2.28 and
//!   later) and musl use Szabolcs Nagy's `exp` from ARM's
//!   optimized-routines, whose documented bound is `0.5 + 1.11 / 128`
//!   ulp plus the polynomial's `1.555 * 2^-66` (0.509 ulp; 0.511 without
//!   a fused multiply-add); the certificate leaves 0.008 ulp beyond the
//!   latter. (Its largest error seen here, at [`NEAR_MIDPOINTS`], is
//!   0.5054 ulp.) Below `-746` the certified result is `+0`: there
//!   `e^x < 2^-1076`, a quarter of the smallest subnormal, so a result
//!   within 0.512 ulp of it is `+0`; and `exp(-inf)` is `+0` (C11
//!   Annex F);
//! - IEEE 754 binary64 arithmetic rounding to nearest (Rust never changes
//!   the rounding mode) and `mul_add` fused (Rust guarantees it; on the
//!   processors this path runs on it is one instruction);
//! - the table and constants, generated and checked (above).
//!
//! # The safety net
//!
//! The fast path runs only on x86-64 Linux with glibc or musl, on a
//! processor with AVX-512 (eight lanes) or AVX2 and FMA (four lanes at a
//! time, eight per block), found at run time with `pulp`; everywhere else
//! [`exp_in_place`] is `f64::exp` on each value. On first use a self-check
//! compares the fast path with `f64::exp` on 4 096 fixed inputs; a single
//! difference turns the fast path off for the process. On `[-40, 0]`, the
//! range of most normalisations, about 4 % of the lanes fall back (the
//! test `agrees_with_libm_bit_for_bit` counts them).

mod table;

#[cfg(test)]
use table::R_MAX;
use table::{C1, C2, HI, INV_L, LO, SHIFT, TAIL};

/// `2^-53`, the unit roundoff.
const U: f64 = 1.0 / 9_007_199_254_740_992.0;
/// `u (1 + 2^-20)`: the coefficient of the bound's lane-dependent part,
/// with room for the rounding of its evaluation.
const U_ROOM: f64 = U + U / 1_048_576.0;
/// The fraction of the gap between doubles that `|e| + D` must stay
/// below (module doc).
const THRESHOLD: f64 = 0.48;
/// The fast domain: results normal, `|kd| < 2^17`.
const LOWEST: f64 = -708.39;
const HIGHEST: f64 = 709.7;
/// At or below this, `e^x < 2^-1076`: the certified result is `+0`.
const ZERO_AT: f64 = -746.0;
/// Taylor's coefficients `1/k!`, rounded.
const P3: f64 = 1.0 / 6.0;
const P4: f64 = 1.0 / 24.0;
const P5: f64 = 1.0 / 120.0;
const P6: f64 = 1.0 / 720.0;
/// Lanes in a block.
const BLOCK: usize = 8;

/// Replaces each value `x` of `xs` by `e^x`, with the bits `f64::exp`
/// gives: on the certified fast path where the processor and the C
/// library allow it, else by `f64::exp` itself.
pub(crate) fn exp_in_place(xs: &mut [f64]) {
    match path() {
        Some(fast) => fast.run(xs),
        None => libm(xs),
    }
}

/// [`exp_in_place`] compiled into its caller, for a caller already inside
/// a `pulp` SIMD context (whose instruction set the evaluation then uses):
/// the same certified evaluation, without a dispatch of its own, where the
/// fast path is found and self-checked; else `f64::exp` on each value.
#[inline(always)]
pub(crate) fn exp_in_place_here(xs: &mut [f64]) {
    if path().is_some() {
        certified(xs, THRESHOLD);
    } else {
        libm(xs);
    }
}

/// `f64::exp` on each value.
fn libm(xs: &mut [f64]) {
    for x in xs {
        *x = x.exp();
    }
}

/// The fast path, chosen and self-checked on first use; `None` where there
/// is none, or where the self-check failed.
fn path() -> Option<Fast> {
    static PATH: std::sync::OnceLock<Option<Fast>> = std::sync::OnceLock::new();
    *PATH.get_or_init(|| Fast::found().filter(|fast| fast.self_check()))
}

/// The fast paths: x86-64 Linux with glibc or musl (module doc).
#[cfg(all(
    target_arch = "x86_64",
    target_os = "linux",
    any(target_env = "gnu", target_env = "musl")
))]
mod fast {
    use super::{THRESHOLD, certified};
    use pulp::NullaryFnOnce;

    /// A processor that runs the certified path.
    #[derive(Clone, Copy, Debug)]
    pub(super) enum Fast {
        /// AVX-512: a block of eight lanes in one register.
        Avx512(pulp::x86::V4),
        /// AVX2 and FMA: a block in two registers.
        Avx2(pulp::x86::V3),
    }

    impl Fast {
        /// The widest this processor has.
        pub(super) fn found() -> Option<Fast> {
            pulp::x86::V4::try_new()
                .map(Fast::Avx512)
                .or_else(|| pulp::x86::V3::try_new().map(Fast::Avx2))
        }

        /// [`certified`] on `xs`, compiled for the processor's features.
        pub(super) fn run(self, xs: &mut [f64]) {
            match self {
                Fast::Avx512(simd) => simd.vectorize(Certified(xs)),
                Fast::Avx2(simd) => simd.vectorize(Certified(xs)),
            }
        }
    }

    /// [`certified`] as `pulp`'s operation: a type of its own rather than
    /// a closure, whose `FnOnce` shim the compiler need not inline (and,
    /// placed in another codegen unit, did not: the body then ran
    /// without the processor's features).
    struct Certified<'a>(&'a mut [f64]);

    impl NullaryFnOnce for Certified<'_> {
        type Output = ();

        #[inline(always)]
        fn call(self) {
            certified(self.0, THRESHOLD);
        }
    }
}

/// No fast path elsewhere.
#[cfg(not(all(
    target_arch = "x86_64",
    target_os = "linux",
    any(target_env = "gnu", target_env = "musl")
)))]
mod fast {
    /// No processor runs the certified path here.
    #[derive(Clone, Copy, Debug)]
    pub(super) enum Fast {}

    impl Fast {
        /// None.
        pub(super) fn found() -> Option<Fast> {
            None
        }

        /// Never called: there is no value of this type.
        pub(super) fn run(self, _: &mut [f64]) {
            match self {}
        }
    }
}

use fast::Fast;

impl Fast {
    /// Whether this path gives the bits of `f64::exp` on
    /// [`self_check_inputs`].
    fn self_check(self) -> bool {
        agrees_with_libm(|xs| self.run(xs))
    }
}

/// Whether `run` gives the bits of `f64::exp` on [`self_check_inputs`].
fn agrees_with_libm(run: impl FnOnce(&mut [f64])) -> bool {
    let inputs = self_check_inputs();
    let mut got = inputs.clone();
    run(&mut got);
    inputs
        .iter()
        .zip(&got)
        .all(|(x, y)| x.exp().to_bits() == y.to_bits())
}

/// SplitMix64 (Steele, Lea and Flood 2014) from `seed`: uniform values in
/// `[0, 1)`, 53 random bits each.
fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / 9_007_199_254_740_992.0
    }
}

/// 4 096 fixed inputs: 2 048 spread over `[-745, 0]`, then over
/// `[-40, 0]`, then [`edges`] and [`NEAR_MIDPOINTS`].
fn self_check_inputs() -> Vec<f64> {
    let mut next = uniform(0x5eed);
    let mut xs: Vec<f64> = (0..2048).map(|_| -745.0 * next()).collect();
    let edges = edges();
    let last = 4096 - edges.len() - NEAR_MIDPOINTS.len();
    xs.extend((xs.len()..last).map(|_| -40.0 * next()));
    xs.extend(edges);
    xs.extend(NEAR_MIDPOINTS);
    xs
}

/// Inputs whose `e^x` lies within 0.0054 ulp of the midpoint between two
/// doubles, where glibc 2.36's `exp` (x86-64, its FMA variant) rounds to
/// the farther one (checked against Python's `decimal` at 60 digits):
/// a certificate whose margin left no room for libm's own error would
/// pass the nearer one off as libm's, and the self-check would catch it
/// (test `the_self_check_catches_a_loose_certificate`). Found by the
/// search of the test `a_loose_certificate_is_caught`, seeded.
const NEAR_MIDPOINTS: [f64; 13] = [
    -16.400415257292423,
    -552.1167816231632,
    -539.7647516333366,
    -240.01203385829996,
    -670.5460842790852,
    -12.132062801191413,
    -34.37885456535499,
    -12.1118227833804,
    -0.1213187908526624,
    -0.39643819969317173,
    -0.8697989949601622,
    -0.8372819521740436,
    -0.982172041869783,
];

/// Inputs at the edges of the fast path: both zeros, tiny values, the
/// ends of the fast domain, the underflow to 0, infinities, NaN, values
/// near `m ln 2` (results near powers of two).
fn edges() -> Vec<f64> {
    let mut xs = vec![
        0.0,
        -0.0,
        1e-300,
        -1e-300,
        f64::from_bits(1),
        -f64::from_bits(1),
        -1e-17,
        LOWEST,
        LOWEST - 0.01,
        -708.396_418_532_264_1,
        -745.133_219_101_941_1,
        -745.2,
        ZERO_AT,
        ZERO_AT.next_up(),
        -746.5,
        -1000.0,
        HIGHEST,
        HIGHEST.next_up(),
        709.8,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::MIN,
        f64::MAX,
    ];
    for m in [-1022, -1021, -1000, -700, -64, -8, -2, -1, 1, 2, 1000] {
        let x = f64::from(m) * std::f64::consts::LN_2;
        xs.extend([x, x.next_up(), x.next_down()]);
    }
    xs.extend([-2.0, -1.0, -0.5, -0.25, -0.125, -0.0078125, -0.00390625]);
    xs
}

/// `e^x` for each value of `xs`, certified lane by lane (with
/// `threshold`, [`THRESHOLD`] but in tests), the lanes that are not
/// computed by `f64::exp`. Inlined into a `pulp` target-feature
/// context, so that the compiler turns each block into vector code.
#[inline(always)]
fn certified(xs: &mut [f64], threshold: f64) {
    let mut blocks = xs.chunks_exact_mut(BLOCK);
    for b in &mut blocks {
        if let Ok(b) = <&mut [f64; BLOCK]>::try_from(b) {
            block(b, threshold);
        }
    }
    let rest = blocks.into_remainder();
    if !rest.is_empty() {
        // padded with -inf, whose certified result (0) costs nothing;
        // built and written back lane by lane, in registers
        let mut b: [f64; BLOCK] =
            std::array::from_fn(|l| rest.get(l).copied().unwrap_or(f64::NEG_INFINITY));
        block(&mut b, threshold);
        for (x, v) in rest.iter_mut().zip(b) {
            *x = v;
        }
    }
}

/// One block of lanes: all evaluated, then the refused ones by libm.
///
/// The lanes go through the steps of the module doc in three passes over
/// the block ([`reduce`], [`entry`], [`finish`]), so that the compiler
/// turns the first and last into vector code on AVX2 as on AVX-512: with
/// the table read inside one pass, it kept the whole block scalar on AVX2
/// (no vector gathers worth their cost there), which made the "fast" path
/// 0.6x the speed of libm on a Zen 3 processor.
#[inline(always)]
fn block(b: &mut [f64; BLOCK], threshold: f64) {
    let mut k = [0; BLOCK];
    let mut r = [0.0; BLOCK];
    for ((k, r), &x) in k.iter_mut().zip(&mut r).zip(b.iter()) {
        (*k, *r) = reduce(x);
    }
    let mut hi = [0.0; BLOCK];
    let mut lo = [0.0; BLOCK];
    for ((hi, lo), &k) in hi.iter_mut().zip(&mut lo).zip(&k) {
        (*hi, *lo) = entry(k);
    }
    let mut value = [0.0; BLOCK];
    let mut sure = [false; BLOCK];
    for l in 0..BLOCK {
        let (v, s) = finish(b[l], k[l], r[l], hi[l], lo[l], threshold);
        value[l] = v;
        sure[l] = s;
    }
    if sure.iter().all(|&s| s) {
        *b = value;
    } else {
        for ((x, v), s) in b.iter_mut().zip(value).zip(sure) {
            *x = if s { v } else { x.exp() };
        }
    }
}

/// Steps 1 and 2 of the module doc: `k` and the reduced argument `r`,
/// with `x ~ k L + r` (`|r| <= R_MAX` in the fast domain).
#[inline(always)]
fn reduce(x: f64) -> (i64, f64) {
    let kz = x * INV_L + SHIFT;
    let kd = kz - SHIFT;
    let k = kz.to_bits().wrapping_sub(SHIFT.to_bits()) as i64;
    // exact: kd C1 is, and the difference is below 2^-8 on a 2^-61 grid
    let r_hi = x - kd * C1;
    (k, (-kd).mul_add(C2, r_hi))
}

/// Step 3 of the module doc: `HI[j]` and `LO[j]`, `j = k mod N`.
#[inline(always)]
fn entry(k: i64) -> (f64, f64) {
    let j = (k & 127) as usize;
    (HI[j], LO[j])
}

/// One lane (module doc): the candidate `e^x` and whether it is
/// certified to be `f64::exp(x)`, where `|e| + D` must stay below
/// `threshold` times the gap: the steps [`block`] takes, for one lane (the
/// tests' definition).
#[cfg(test)]
fn lane(x: f64, threshold: f64) -> (f64, bool) {
    // 1, 2. x = (i N + j) L + r
    let (k, r) = reduce(x);
    let (hi, lo) = entry(k);
    finish(x, k, r, hi, lo, threshold)
}

/// Steps 4 and 5 of the module doc and the certificate, for `x` reduced
/// to `k` and `r`, with the table's `hi` and `lo` for `k`. Branch-free,
/// so that a block vectorises.
#[inline(always)]
fn finish(x: f64, k: i64, r: f64, hi: f64, lo: f64, threshold: f64) -> (f64, bool) {
    // 3, 4. HI + t ~ 2^(j/N) e^r
    let p = P6
        .mul_add(r, P5)
        .mul_add(r, P4)
        .mul_add(r, P3)
        .mul_add(r, 0.5);
    let m = (r * r) * p;
    let t = hi.mul_add(r, hi.mul_add(m, lo.mul_add(r, lo)));
    // 5. Fast2Sum: s + e == HI + t exactly
    let s = hi + t;
    let e = t - (s - hi);
    let bound = (t.abs() + 2.0 * r.abs()).mul_add(U_ROOM, TAIL);
    let gap = if s < 1.0 { U } else { 2.0 * U };
    // 2^i with i = (k - j) / N: (k - j) << 45 is i << 52 (mod 2^64), with
    // no arithmetic shift of a 64-bit lane (which AVX2 lacks)
    let scale = f64::from_bits(
        ((k as u64) & !127)
            .wrapping_shl(45)
            .wrapping_add(1023 << 52),
    );
    let value = s * scale;
    let sure = (LOWEST..=HIGHEST).contains(&x)
        & (e.abs() + bound < threshold * gap)
        & (s != 1.0)
        & (value >= f64::MIN_POSITIVE);
    if x <= ZERO_AT {
        (0.0, true)
    } else {
        (value, sure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::LN_2;

    /// `(a + b)` as a double-double `(hi, lo)`, exactly (Knuth's TwoSum).
    fn two_sum(a: f64, b: f64) -> (f64, f64) {
        let s = a + b;
        let v = s - a;
        (s, (a - (s - v)) + (b - v))
    }

    /// The square of a double-double, to about `2^-104` relative.
    fn square(hi: f64, lo: f64) -> (f64, f64) {
        let p = hi * hi;
        let e = hi.mul_add(hi, -p);
        two_sum(p, e + 2.0 * hi * lo)
    }

    #[test]
    fn table_is_two_to_the_j_over_n() {
        // An independent check of scripts/exp_table.py: raised to the
        // 128th power by seven squarings in double-double, HI + LO must
        // give 2^j to 2^-96 (each squaring errs by about 2^-104; an error
        // d in HI + LO becomes 128 d). So |HI + LO - 2^(j/128)| < 2^-102
        // or so, and HI is the nearest double: |LO| is below half an ulp
        // of HI by more than that.
        for (j, (&hi, &lo)) in HI.iter().zip(&LO).enumerate() {
            let (mut a, mut b) = (hi, lo);
            for _ in 0..7 {
                (a, b) = square(a, b);
            }
            let two_j = f64::from(j as i32).exp2();
            let relative = ((a - two_j) + b) / two_j;
            assert!(relative.abs() < 2f64.powi(-96), "j = {j}: {relative:e}");
            assert!((1.0..2.0).contains(&hi), "j = {j}");
            assert!(
                lo.abs() < 2f64.powi(-53) - 2f64.powi(-100),
                "j = {j}: {lo:e}"
            );
        }
        assert_eq!((HI[0], LO[0]), (1.0, 0.0));
        // and HI[64] is the double nearest to sqrt 2
        assert_eq!(HI[64], std::f64::consts::SQRT_2);
    }

    #[test]
    fn constants_are_ln2_over_n() {
        // C1 holds 36 bits, so kd C1 is exact for |kd| < 2^17
        assert_eq!(C1.to_bits() & ((1 << 17) - 1), 0);
        assert!(C2.abs() < 2f64.powi(-43));
        // C1 + C2 is ln 2 / 128 (LN_2 / 128 is exact, from the nearest
        // double to ln 2)
        assert_eq!(C1 + C2, LN_2 / 128.0);
        assert!((C1 - LN_2 / 128.0).abs() < 2f64.powi(-44));
        assert!((INV_L * (LN_2 / 128.0) - 1.0).abs() <= 2f64.powi(-52));
        // the domain's k stays below 2^17
        for x in [LOWEST, HIGHEST] {
            assert!(reduce(x).0.unsigned_abs() < 1 << 17, "{x}");
        }
    }

    #[test]
    fn reduction_stays_within_r_max() {
        let mut next = uniform(11);
        let inputs = (0..200_000)
            .map(|_| LOWEST + (HIGHEST - LOWEST) * next())
            .chain(
                edges()
                    .into_iter()
                    .filter(|x| (LOWEST..=HIGHEST).contains(x)),
            );
        let mut largest: f64 = 0.0;
        for x in inputs {
            let (k, r) = reduce(x);
            largest = largest.max(r.abs());
            // r is x - k ln 2 / 128, to far better than an ulp of x
            let again = x - f64::from(k as i32) * C1 - f64::from(k as i32) * C2;
            assert!((r - again).abs() <= 2f64.powi(-60), "{x}: {r:e} {again:e}");
        }
        assert!(largest <= R_MAX, "{largest:e}");
        // the bound is tight: |r| comes within 0.1 % of it
        assert!(largest > 0.999 * R_MAX, "{largest:e}");
    }

    /// Lanes `lane` refuses, among `inputs`; panics on a certified lane
    /// that differs from `f64::exp`.
    fn refused(inputs: impl Iterator<Item = f64>) -> usize {
        let mut refused = 0;
        for x in inputs {
            match lane(x, THRESHOLD) {
                (v, true) => assert_eq!(v.to_bits(), x.exp().to_bits(), "{x:e}"),
                (_, false) => refused += 1,
            }
        }
        refused
    }

    #[test]
    fn agrees_with_libm_bit_for_bit() {
        // 10^7 seeded inputs, half over [-745, 0] and half over [-40, 0],
        // where most normalisations fall (a case's rivals seldom trail
        // its leader by more than 40 in log)
        const EACH: usize = 5_000_000;
        let wide = refused((0..EACH).map({
            let mut next = uniform(1);
            move |_| -745.0 * next()
        }));
        let narrow = refused((0..EACH).map({
            let mut next = uniform(2);
            move |_| -40.0 * next()
        }));
        // how often libm is called: about 4.5 % on [-40, 0]; on [-745, 0]
        // 5 % more, below the fast domain (-708.39)
        let share = |n: usize| n as f64 / EACH as f64;
        eprintln!(
            "refused: {:.2} % on [-745, 0], {:.2} % on [-40, 0]",
            100.0 * share(wide),
            100.0 * share(narrow)
        );
        assert!(share(narrow) < 0.05, "{}", share(narrow));
        assert!(share(wide) < 0.10, "{}", share(wide));
        // and through the path this process takes, block by block
        let mut next = uniform(3);
        for _ in 0..100 {
            let xs: Vec<f64> = (0..1000).map(|_| -745.0 * next()).collect();
            let mut got = xs.clone();
            exp_in_place(&mut got);
            for (x, y) in xs.iter().zip(&got) {
                assert_eq!(y.to_bits(), x.exp().to_bits(), "{x:e}");
            }
        }
    }

    #[test]
    fn edges_agree_with_libm() {
        let xs = edges();
        // every length, so that each lane of a padded last block is used
        for len in 0..=xs.len() {
            let mut got = xs[..len].to_vec();
            exp_in_place(&mut got);
            for (x, y) in xs.iter().zip(&got) {
                assert_eq!(y.to_bits(), x.exp().to_bits(), "{x:e}");
            }
        }
        refused(xs.iter().copied());
        // certified: e^-inf and below -746 are +0; refused: 1 (a power
        // of two), NaN, infinity, results below the normal range
        assert_eq!(lane(f64::NEG_INFINITY, THRESHOLD), (0.0, true));
        assert_eq!(lane(ZERO_AT, THRESHOLD), (0.0, true));
        assert_eq!(lane(ZERO_AT, THRESHOLD).0.to_bits(), 0);
        for x in [
            0.0,
            -0.0,
            -1e-300,
            f64::NAN,
            f64::INFINITY,
            -745.0,
            -710.0,
            709.8,
        ] {
            assert!(!lane(x, THRESHOLD).1, "{x:e}");
        }
        // the ends of the fast domain: normal results near 2^-1022 and
        // 2^1024, certified or not, never wrong
        let mut next = uniform(4);
        refused((0..10_000).map(|_| LOWEST + 0.01 * next()));
        refused((0..10_000).map(|_| HIGHEST - 0.01 * next()));
        // results near every power of two of the normal range
        refused((-1021..1024).flat_map(|m| {
            let x = f64::from(m) * LN_2;
            [x.next_down(), x, x.next_up()]
        }));
    }

    /// The first `count` inputs of a seeded search over `[-1, 0]` where a
    /// certificate with no room for libm's error (`|e| + D < 0.5 g`: the
    /// candidate is the correctly rounded `e^x`) differs from `f64::exp`.
    fn loose_failures(count: usize) -> Vec<f64> {
        let mut next = uniform(5);
        (0..4_000_000)
            .map(|_| -next())
            .filter(|&x| matches!(lane(x, 0.5), (v, true) if v.to_bits() != x.exp().to_bits()))
            .take(count)
            .collect()
    }

    #[test]
    fn a_loose_certificate_is_caught() {
        // Near-midpoint inputs, constructed by search: libm's result is
        // within 0.512 ulp of e^x but not the nearest double, and a
        // certificate without a margin for that would be wrong there.
        // The real one refuses them: this test fails if THRESHOLD is
        // raised to 0.5.
        let found = loose_failures(3);
        assert_eq!(found.len(), 3, "{found:?}");
        for &x in &found {
            // within 0.01 of a midpoint: refused at 0.49, certified at 0.5
            assert!(!lane(x, 0.49).1, "{x:e}");
            assert!(!lane(x, THRESHOLD).1, "{x:e}");
            let mut y = [x];
            exp_in_place(&mut y);
            assert_eq!(y[0].to_bits(), x.exp().to_bits());
        }
    }

    #[test]
    fn the_self_check_catches_a_loose_certificate() {
        assert!(agrees_with_libm(|xs| certified(xs, THRESHOLD)));
        // NEAR_MIDPOINTS are where this libm rounds away from the nearest
        // double; a certificate at 0.5 passes the nearest off as libm's
        let misrounded = NEAR_MIDPOINTS
            .iter()
            .filter(|&&x| lane(x, 0.5).0.to_bits() != x.exp().to_bits())
            .count();
        assert_eq!(
            agrees_with_libm(|xs| certified(xs, 0.5)),
            misrounded == 0,
            "{misrounded}"
        );
        // on glibc for x86-64 (this project's machine), all of them
        #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
        assert!(misrounded > 0);
    }

    #[test]
    #[cfg(all(
        target_arch = "x86_64",
        target_os = "linux",
        any(target_env = "gnu", target_env = "musl")
    ))]
    fn every_fast_path_agrees_with_libm() {
        // AVX-512 and AVX2, whichever this processor has, not only the
        // widest, which the process takes
        let paths = [
            pulp::x86::V4::try_new().map(Fast::Avx512),
            pulp::x86::V3::try_new().map(Fast::Avx2),
        ];
        for fast in paths.into_iter().flatten() {
            assert!(fast.self_check(), "{fast:?}");
            let mut next = uniform(6);
            for len in [1, 7, 8, 9, 16, 100, 10_000] {
                let xs: Vec<f64> = (0..len).map(|_| -745.0 * next()).collect();
                let mut got = xs.clone();
                fast.run(&mut got);
                for (x, y) in xs.iter().zip(&got) {
                    assert_eq!(y.to_bits(), x.exp().to_bits(), "{fast:?} {x:e}");
                }
            }
        }
    }

    #[test]
    fn the_fast_path_runs_where_it_can() {
        // x86-64 Linux with glibc or musl and AVX2 or AVX-512: the
        // self-check passed, so the fast path is on
        #[cfg(all(
            target_arch = "x86_64",
            target_os = "linux",
            any(target_env = "gnu", target_env = "musl")
        ))]
        if pulp::x86::V3::try_new().is_some() {
            assert!(path().is_some());
        }
        assert_eq!(path().is_some(), Fast::found().is_some());
    }

    /// The exponential alone, in ns a value: the fast path against
    /// `f64::exp` on the same inputs, interleaved, seven rounds (min /
    /// median / max of the ratio). A probe, not a check:
    /// `cargo test --release --lib numeric::exp::tests::time_per_value
    /// -- --ignored --nocapture`.
    #[test]
    #[ignore = "a timing probe: run it in release"]
    fn time_per_value() {
        use std::hint::black_box;
        use std::time::Instant;
        let ns = |run: &mut dyn FnMut(), values: usize| {
            let calls = (1 << 22) / values.max(1);
            let start = Instant::now();
            for _ in 0..calls {
                run();
            }
            start.elapsed().as_secs_f64() * 1e9 / (calls * values) as f64
        };
        eprintln!("path: {:?}", path());
        for (low, values) in [
            (-40.0, 4096),
            (-745.0, 4096),
            (-40.0, 16),
            (-5.0, 32),
            (-5.0, 3),
        ] {
            let mut next = uniform(9);
            let xs: Vec<f64> = (0..values).map(|_| low * next()).collect();
            let mut buffer = xs.clone();
            let (mut fast, mut libm_ns, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..7 {
                let f = ns(
                    &mut || {
                        buffer.copy_from_slice(&xs);
                        exp_in_place(black_box(&mut buffer));
                    },
                    values,
                );
                let l = ns(
                    &mut || {
                        buffer.copy_from_slice(&xs);
                        libm(black_box(&mut buffer));
                    },
                    values,
                );
                fast.push(f);
                libm_ns.push(l);
                ratio.push(l / f);
            }
            for v in [&mut fast, &mut libm_ns, &mut ratio] {
                v.sort_by(f64::total_cmp);
            }
            eprintln!(
                "{values} values in [{low}, 0]: fast {:.2} ns, libm {:.2} ns a value (medians); \
                 libm / fast {:.2} / {:.2} / {:.2}",
                fast[3], libm_ns[3], ratio[0], ratio[3], ratio[6]
            );
        }
    }
}
