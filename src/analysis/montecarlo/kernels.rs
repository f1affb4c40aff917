//! The small operations the draws of a [`Plan`] are built of, kept apart
//! from the plan's logic: the block of likelihood ranges drawn
//! ([`draw_ranges`], [`SampleRanges`]), the fixed mixtures of a piece of
//! it ([`fixed_mixes`]), the products taken ([`take_block`]), a sum in
//! eight lanes ([`sum_lanes`]), and `pulp`'s dispatch of the weighing
//! ([`WeighAndAdd`]). Most are always inlined, so that they are compiled
//! for the instruction set of their caller.

use super::Stream;
use super::plan::{DrawState, Plan, Ranges, Totals, Workspace};
use crate::numeric::{ln_row, sample};
use std::ops::Range;

/// Draws the ranges `at` of the draw's block ([`sample::uniforms`]).
#[inline]
pub(super) fn draw_ranges(rng: &mut Stream, ranges: &Ranges, at: Range<usize>, units: &mut [f64]) {
    if at.is_empty() {
        return;
    }
    if let (Some(low), Some(width), Some(high), Some(out)) = (
        ranges.low.get(at.clone()),
        ranges.width.get(at.clone()),
        ranges.high.get(at.clone()),
        units.get_mut(at),
    ) {
        sample::uniforms(rng, low, width, high, out);
    }
}

/// Adds `values` into eight lanes, eight at a time, and gives the sum of
/// those left over.
#[inline(always)]
pub(super) fn sum_lanes(values: &[f64], lanes: &mut [f64; 8]) -> f64 {
    let (chunks, rest) = values.as_chunks::<8>();
    for chunk in chunks {
        for (l, &x) in lanes.iter_mut().zip(chunk) {
            *l += x;
        }
    }
    rest.iter().sum()
}

/// Multiplies the rows of items `start..end` into `products` (with their
/// mixtures, when `mixes` holds them): [`ln_row::Products::take_with`]. Always
/// inlined, so that it is compiled for the instruction set of its caller
/// (through a closure it was not: the products ran without AVX-512).
#[inline(always)]
pub(super) fn take_block<S: pulp::Simd>(
    simd: S,
    products: &mut ln_row::Products,
    drawn: &[f64],
    mixes: Option<&Vec<(f64, f64)>>,
    n: usize,
    start: usize,
    end: usize,
) -> bool {
    let rows = drawn.get(start * n..end * n);
    let mixes = mixes.and_then(|m| m.get(start..end));
    rows.is_some_and(|rows| products.take_with(simd, rows, mixes))
}

/// The mixtures `(r, (1 - r) c)` of a piece of the block of ranges
/// whose items' mixtures are fixed (`fixed`: each item's reliability and
/// point chance, [`Plan::fixed_mixes`]), into `mixes`: the coefficients
/// [`ln_row::mixture`] gives such a row, the chance its mean where none
/// is given; a row at reliability 1 keeps [`UNMIXED`](super::plan::UNMIXED).
///
/// The rows are read `N` values at a time where `N` is their length
/// (2 to 8 and 16 hypotheses), so that each row's mean is compiled for its
/// length, without a loop, in vectors of this path where the length is
/// a multiple of eight ([`ln_row::mean_with`]: the operations of
/// [`ln_row::mean`]); other lengths read the rows as slices.
#[inline(always)]
pub(super) fn fixed_mixes<S: pulp::Simd>(
    simd: S,
    n: usize,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    match n {
        16 => fixed_mixes_of::<S, 16>(simd, block, fixed, mixes),
        _ => crate::numeric::by_width!(
            n,
            fixed_mixes_with(simd, block, fixed, mixes),
            fixed_mixes_in(simd, n, block, fixed, mixes)
        ),
    }
}

/// [`fixed_mixes_of`], for [`crate::numeric::by_width`].
#[inline(always)]
fn fixed_mixes_with<const N: usize>(
    simd: impl pulp::Simd,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    fixed_mixes_of::<_, N>(simd, block, fixed, mixes);
}

/// [`fixed_mixes`] for rows of `N` values.
#[inline(always)]
fn fixed_mixes_of<S: pulp::Simd, const N: usize>(
    simd: S,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    let rows = block.as_chunks::<N>().0.iter().zip(mixes);
    for ((row, coefficients), fixed) in rows.zip(fixed) {
        fixed_mix(simd, row, fixed, coefficients);
    }
}

/// [`fixed_mixes`] for rows of `n` values, of any length.
#[inline(always)]
fn fixed_mixes_in<S: pulp::Simd>(
    simd: S,
    n: usize,
    block: &[f64],
    fixed: &[(f64, Option<f64>)],
    mixes: &mut [(f64, f64)],
) {
    let rows = block.chunks_exact(n.max(1)).zip(mixes);
    for ((row, coefficients), fixed) in rows.zip(fixed) {
        fixed_mix(simd, row, fixed, coefficients);
    }
}

/// One row's mixture for [`fixed_mixes`]: `(r, (1 - r) c)` with `c` the
/// point chance, or else the row's mean ([`ln_row::mean_with`], the bits
/// of [`ln_row::mean`]), where `r < 1`; the coefficients left as they
/// are (every draw's: [`UNMIXED`](super::plan::UNMIXED)) at reliability 1.
#[inline(always)]
fn fixed_mix<S: pulp::Simd>(
    simd: S,
    row: &[f64],
    &(r, chance): &(f64, Option<f64>),
    coefficients: &mut (f64, f64),
) {
    if r < 1.0 {
        let c = chance.unwrap_or_else(|| ln_row::mean_with(simd, row));
        *coefficients = (r, (1.0 - r) * c);
    }
}

/// The ranges `at` of the block of ranges, as [`Plan::sample_span`]
/// draws them where the mixtures are fixed, and their sum: in pieces of
/// `size` values into `buffer`, on the instruction set of the draw's own
/// ([`Plan::weigh_and_add`], which draws the pieces so), so that the
/// sampler alone is compiled as the loop is.
pub(super) struct SampleRanges<'a, 'b, 'r> {
    pub(super) ranges: &'a Ranges,
    pub(super) at: Range<usize>,
    pub(super) size: usize,
    pub(super) buffer: &'b mut [f64],
    pub(super) rng: &'r mut Stream,
}

impl pulp::WithSimd for SampleRanges<'_, '_, '_> {
    type Output = f64;

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) -> f64 {
        let (r, at, size) = (self.ranges, self.at, self.size.max(1));
        let (Some(low), Some(width), Some(high)) = (
            r.low.get(at.clone()),
            r.width.get(at.clone()),
            r.high.get(at),
        ) else {
            return 0.0;
        };
        let mut total = 0.0;
        let mut lanes = [0.0; 8];
        let pieces = low.chunks(size).zip(width.chunks(size));
        for ((low, width), high) in pieces.zip(high.chunks(size)) {
            let Some(units) = self.buffer.get_mut(..low.len()) else {
                continue;
            };
            sample::uniforms_with(simd, self.rng, low, width, high, units);
            total += sum_lanes(units, &mut lanes);
        }
        total + lanes.iter().sum::<f64>()
    }
}

/// [`Plan::weigh_and_add`], for `pulp`'s dispatch.
pub(super) struct WeighAndAdd<'p, 'c, 'w> {
    pub(super) plan: &'p Plan<'c>,
    pub(super) span: Range<usize>,
    pub(super) d: &'w mut DrawState,
    pub(super) grouped: &'w mut [f64],
    pub(super) ws: &'w mut Workspace,
    pub(super) totals: Totals,
}

impl pulp::WithSimd for WeighAndAdd<'_, '_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) {
        let WeighAndAdd {
            plan,
            span,
            d,
            grouped,
            ws,
            totals,
        } = self;
        plan.weigh_and_add(simd, span, d, grouped, ws, totals);
    }
}
