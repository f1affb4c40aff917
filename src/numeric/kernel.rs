//! The in-cache kernel of compiled and batch scoring: the sum of a slice of
//! terms, with explicit SIMD chosen at run time (`pulp`: AVX-512, AVX2 or
//! portable code), in one lane order on every path.
//!
//! The sum keeps [`LANES`] logical accumulators: the `i`-th value of each
//! block of `LANES` goes to accumulator `i`, in order; the accumulators are
//! then added in a fixed tree, and the values after the last whole block
//! one by one. An AVX-512 path holds the accumulators in `LANES / 8`
//! registers, an AVX2 path in `LANES / 4`, the portable path in `LANES`
//! scalars, and each performs the same additions in the same order, so
//! every path gives the same result, bit for bit (tested in this module).

use pulp::{Arch, Simd, WithSimd};

/// Logical accumulators: enough independent chains to hide the latency of
/// a floating-point addition on the widest registers (four AVX-512
/// registers), few enough to stay in the sixteen AVX2 registers.
pub(crate) const LANES: usize = 32;

/// The sums of consecutive rows of `items` values each, into `out` (one
/// per row), on the best SIMD path, chosen once for all the rows.
#[inline]
pub(crate) fn row_sums(terms: &[f64], items: usize, out: &mut [f64]) {
    match terms.get(..out.len() * items) {
        Some(block) if items < LANES => short_row_sums(block, items, out),
        _ => Arch::new().dispatch(RowSums { terms, items, out }),
    }
}

/// Rows shorter than [`LANES`] (the small cases of a batch) hold no whole
/// block, so each sum is its tail alone, `0.0 + (((0.0 + x0) + x1) + ...)`,
/// as [`lane_sum_with`] computes it. Here the rows' chains advance item by
/// item side by side, [`SIDE_BY_SIDE`] rows at a time, so the additions
/// of different rows overlap instead of each waiting on the one before;
/// every row still adds its values in its own order, so the bits are the
/// same. `block` holds exactly `out.len()` rows.
fn short_row_sums(block: &[f64], items: usize, out: &mut [f64]) {
    if items == 0 {
        out.fill(0.0);
        return;
    }
    let mut outs = out.chunks_exact_mut(SIDE_BY_SIDE);
    let mut blocks = block.chunks_exact(SIDE_BY_SIDE * items);
    for (outs, rows) in (&mut outs).zip(&mut blocks) {
        // a whole group: as many chains as rows, each row a slice of
        // `items` values, so that the loop needs no bounds check
        let rows: [&[f64]; SIDE_BY_SIDE] =
            std::array::from_fn(|k| rows.get(k * items..(k + 1) * items).unwrap_or(&[]));
        let mut acc = [0.0f64; SIDE_BY_SIDE];
        if rows.iter().all(|r| r.len() == items) {
            for i in 0..items {
                for (a, row) in acc.iter_mut().zip(&rows) {
                    *a += row[i];
                }
            }
        }
        for (o, a) in outs.iter_mut().zip(acc) {
            *o = 0.0 + a;
        }
    }
    // the last rows, fewer than a group
    let outs = outs.into_remainder();
    let rows = blocks.remainder();
    let mut acc = [0.0f64; SIDE_BY_SIDE];
    for i in 0..items {
        for (a, row) in acc.iter_mut().zip(rows.chunks_exact(items)) {
            *a += row[i];
        }
    }
    for (o, a) in outs.iter_mut().zip(acc) {
        *o = 0.0 + a;
    }
}

/// Rows summed side by side on the short path: enough independent chains
/// to hide an addition's latency.
const SIDE_BY_SIDE: usize = 8;

/// The rows operation, for `pulp`'s dispatch.
struct RowSums<'a, 'b> {
    terms: &'a [f64],
    items: usize,
    out: &'b mut [f64],
}

impl WithSimd for RowSums<'_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        for (h, o) in self.out.iter_mut().enumerate() {
            let row = self
                .terms
                .get(h * self.items..(h + 1) * self.items)
                .unwrap_or(&[]);
            *o = lane_sum_with(simd, row);
        }
    }
}

/// The sum of `xs` on one SIMD path.
#[inline(always)]
fn lane_sum_with<S: Simd>(simd: S, xs: &[f64]) -> f64 {
    let width = S::F64_LANES;
    let registers = LANES / width;
    let whole = xs.len() / LANES * LANES;
    let (body, rest) = xs.split_at(whole);
    let (head, _) = S::as_simd_f64s(body);
    let mut acc = [simd.splat_f64s(0.0); LANES];
    if registers == 4 {
        // the common wide case, unrolled by hand for the compiler
        for chunk in head.chunks_exact(4) {
            acc[0] = simd.add_f64s(acc[0], chunk[0]);
            acc[1] = simd.add_f64s(acc[1], chunk[1]);
            acc[2] = simd.add_f64s(acc[2], chunk[2]);
            acc[3] = simd.add_f64s(acc[3], chunk[3]);
        }
    } else {
        for chunk in head.chunks_exact(registers) {
            for (a, &x) in acc.iter_mut().zip(chunk) {
                *a = simd.add_f64s(*a, x);
            }
        }
    }
    let mut lanes = [0.0f64; LANES];
    let flat: &[f64] = pulp::bytemuck::cast_slice(&acc[..registers]);
    lanes.copy_from_slice(flat);
    tree(&mut lanes) + rest.iter().fold(0.0, |s, &x| s + x)
}

/// Adds the accumulators pairwise, `k` with `k + half`, halving until one
/// is left: the same tree on every path.
#[inline(always)]
fn tree(lanes: &mut [f64; LANES]) -> f64 {
    let mut half = LANES / 2;
    while half > 0 {
        for k in 0..half {
            lanes[k] += lanes[k + half];
        }
        half /= 2;
    }
    lanes[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portable path, written out plainly: the definition of the sum.
    fn reference(xs: &[f64]) -> f64 {
        let mut lanes = [0.0f64; LANES];
        let whole = xs.len() / LANES * LANES;
        for (i, &x) in xs[..whole].iter().enumerate() {
            lanes[i % LANES] += x;
        }
        tree(&mut lanes) + xs[whole..].iter().fold(0.0, |s, &x| s + x)
    }

    fn values(n: usize, seed: u64) -> Vec<f64> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                // spread over many magnitudes, both signs: rounding differs by order
                let u = (state >> 11) as f64 / (1u64 << 53) as f64;
                (u - 0.5) * 10f64.powi(((state >> 3) % 30) as i32 - 15)
            })
            .collect()
    }

    fn lane_sum(xs: &[f64]) -> f64 {
        let mut out = [0.0];
        row_sums(xs, xs.len(), &mut out);
        out[0]
    }

    #[test]
    fn every_path_gives_the_same_bits() {
        for n in [0, 1, 7, 31, 32, 33, 64, 100, 1000, 4097] {
            let xs = values(n, n as u64 + 1);
            let want = reference(&xs).to_bits();
            assert_eq!(
                lane_sum_with(pulp::Scalar, &xs).to_bits(),
                want,
                "scalar {n}"
            );
            assert_eq!(lane_sum(&xs).to_bits(), want, "dispatched {n}");
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            {
                if let Some(v3) = pulp::x86::V3::try_new() {
                    let got = v3.vectorize(|| lane_sum_with(v3, &xs));
                    assert_eq!(got.to_bits(), want, "avx2 {n}");
                }
                if let Some(v4) = pulp::x86::V4::try_new() {
                    let got = v4.vectorize(|| lane_sum_with(v4, &xs));
                    assert_eq!(got.to_bits(), want, "avx512 {n}");
                }
            }
        }
    }

    #[test]
    fn row_sums_are_lane_sums() {
        let xs = values(3 * 1000, 9);
        let mut out = [0.0; 3];
        row_sums(&xs, 1000, &mut out);
        for (h, o) in out.iter().enumerate() {
            assert_eq!(
                o.to_bits(),
                reference(&xs[h * 1000..(h + 1) * 1000]).to_bits()
            );
        }
    }

    #[test]
    fn short_rows_are_lane_sums() {
        for (rows, items) in [(1, 1), (3, 5), (4, 16), (9, 31), (17, 2), (2, 0)] {
            let xs = values(rows * items, 7 + items as u64);
            let mut out = vec![f64::NAN; rows];
            row_sums(&xs, items, &mut out);
            for (h, o) in out.iter().enumerate() {
                let row = &xs[h * items..(h + 1) * items];
                assert_eq!(o.to_bits(), reference(row).to_bits(), "{rows}x{items}");
                assert_eq!(o.to_bits(), lane_sum(row).to_bits(), "{rows}x{items}");
            }
        }
        // a block shorter than its rows takes the general path, as before
        let mut out = [f64::NAN; 3];
        row_sums(&[1.0, 2.0, 3.0], 2, &mut out);
        assert_eq!(out, [3.0, 0.0, 0.0]);
    }

    #[test]
    fn sums_small_integers_exactly() {
        for n in [0, 1, 31, 32, 33, 1000] {
            let xs: Vec<f64> = (0..n).map(|i| (i % 13) as f64 - 6.0).collect();
            let plain: f64 = xs.iter().sum();
            assert_eq!(lane_sum(&xs), plain, "{n}");
        }
        assert_eq!(lane_sum(&[1.0, f64::NEG_INFINITY, 2.0]), f64::NEG_INFINITY);
    }
}
