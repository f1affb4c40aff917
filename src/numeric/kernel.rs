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

/// A block of terms whose first value sits on a 64-byte boundary (a cache
/// line, and an AVX-512 register), so that the kernel's wide loads of a
/// row whose length is a multiple of 8 never straddle two lines. A `Vec`
/// is only 8-byte aligned: where its buffer lands moved
/// `Compiled::score_into` at 16 x 1 000 between 0.5 and 0.8 of a plain sum
/// of the same bytes from one run of a program to the next (the length of
/// its path was enough). The values sit at an offset of at most 7 in a
/// buffer 7 values longer; a clone finds its own offset.
pub(crate) struct Aligned {
    buffer: Vec<f64>,
    start: usize,
    len: usize,
}

impl Aligned {
    /// A copy of `xs`, aligned.
    pub(crate) fn from_slice(xs: &[f64]) -> Aligned {
        let mut buffer = vec![0.0; xs.len() + 7];
        let start = buffer.as_ptr().align_offset(64).min(7);
        if let Some(dst) = buffer.get_mut(start..start + xs.len()) {
            dst.copy_from_slice(xs);
        }
        Aligned {
            buffer,
            start,
            len: xs.len(),
        }
    }

    /// The values.
    pub(crate) fn as_slice(&self) -> &[f64] {
        self.buffer
            .get(self.start..self.start + self.len)
            .unwrap_or(&[])
    }

    /// The values, to change in place.
    pub(crate) fn as_mut_slice(&mut self) -> &mut [f64] {
        self.buffer
            .get_mut(self.start..self.start + self.len)
            .unwrap_or(&mut [])
    }
}

impl Clone for Aligned {
    fn clone(&self) -> Aligned {
        Aligned::from_slice(self.as_slice())
    }
}

impl PartialEq for Aligned {
    fn eq(&self, other: &Aligned) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for Aligned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// Logical accumulators: enough independent chains to hide the latency of
/// a floating-point addition on the widest registers (four AVX-512
/// registers), few enough to stay in the sixteen AVX2 registers.
pub(crate) const LANES: usize = 32;

/// The sums of consecutive rows of `items` values each, into `out` (one
/// per row), on the best SIMD path, chosen once for all the rows.
#[inline]
pub(crate) fn row_sums(terms: &[f64], items: usize, out: &mut [f64]) {
    sums_of_rows(terms, items, out, true);
}

/// [`row_sums`] (`side_by_side`) or [`row_sums_one_by_one`].
#[inline]
fn sums_of_rows(terms: &[f64], items: usize, out: &mut [f64], side_by_side: bool) {
    match terms.get(..out.len() * items) {
        Some(block) if items < LANES => short_row_sums(block, items, out),
        _ => Arch::new().dispatch(RowSums {
            terms,
            items,
            out,
            side_by_side,
        }),
    }
}

/// [`row_sums`] of rows of at least [`LANES`] values, inside a SIMD
/// context the caller already holds (compiled into the caller's `pulp`
/// operation: no dispatch of its own).
#[inline(always)]
pub(crate) fn long_row_sums_with<S: Simd>(simd: S, terms: &[f64], items: usize, out: &mut [f64]) {
    RowSums {
        terms,
        items,
        out,
        side_by_side: true,
    }
    .with_simd(simd);
}

/// The sums of consecutive rows of at least [`LANES`] values each, into
/// `out`, one row after the other: the bits of [`row_sums`], read as one
/// stream. For rows read from memory ([`Batch`](crate::Batch)): the
/// processor's prefetchers follow one stream at a time better than the two
/// that [`row_sums`] reads side by side (which overlap the additions of
/// rows already in the caches). Measured on an AMD EPYC (Zen 4 class, 2
/// cores, shared), `cargo bench --bench probe -- --probe
/// batch/16x1000xC --clock cpu`, three interleaved rounds, updates/s: for
/// 1 000 cases (128 MB) 2.9-3.3e9 one by one against 1.9-2.3e9 side by
/// side (the plain sum in C of 128 MB: 2.9-3.5e9); for 64 cases (8 MB)
/// 9.4-10.0e9 against 8.1-8.4e9; for 8 cases (1 MB, in L2) 8.3-9.1e9
/// against 8.5-9.3e9.
#[inline]
pub(crate) fn row_sums_one_by_one(terms: &[f64], items: usize, out: &mut [f64]) {
    sums_of_rows(terms, items, out, false);
}

/// A hint to the processor to fetch a cache line before it is read, or
/// nothing. On x86-64 it is the SSE instruction `prefetcht0` (part of
/// every x86-64 processor), through `pulp`'s safe wrapper: a prefetch
/// reads nothing the program sees and never faults, and only addresses
/// inside the slice given are hinted. Elsewhere it does nothing.
///
/// Why: a batch of small cases read from memory waits on every cache line
/// it has not asked for early enough; the processor's own prefetchers
/// stop at each 4 KiB page. Asked ahead, the lines arrive while the sums
/// of the lines before them are computed.
#[derive(Clone, Copy)]
pub(crate) struct Ahead {
    #[cfg(target_arch = "x86_64")]
    sse: Option<pulp::core_arch::x86::Sse>,
}

impl Ahead {
    /// No hints (tests).
    #[cfg(test)]
    fn none() -> Ahead {
        Ahead {
            #[cfg(target_arch = "x86_64")]
            sse: None,
        }
    }

    /// Hints, where the processor takes them.
    pub(crate) fn fetch() -> Ahead {
        Ahead {
            #[cfg(target_arch = "x86_64")]
            sse: pulp::core_arch::x86::Sse::try_new(),
        }
    }

    /// Hints the line holding `xs[at]`, if there is such a value.
    #[inline(always)]
    pub(crate) fn line(self, xs: &[f64], at: usize) {
        #[cfg(target_arch = "x86_64")]
        if let (Some(sse), Some(x)) = (self.sse, xs.get(at)) {
            sse._mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(std::ptr::from_ref(x).cast());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (xs, at);
    }

    /// Whether hints are given.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn active(self) -> bool {
        self.sse.is_some()
    }

    /// Whether hints are given: never here.
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    fn active(self) -> bool {
        false
    }
}

/// How far ahead of the values being summed [`Ahead`] hints, in values,
/// for a run of `len` values: [`case_sums`] hints the lines of the next
/// cases, this far on, most of them at once before it sums a run of cases
/// and the rest ([`LATER`]) while the run is normalised. [`AHEAD_SHORT`]
/// (5 KiB) for a run of at most [`SHORT_RUN`] values (4 KiB: 8 cases of
/// up to 64 values, such as 4 x 16), [`AHEAD`] (2.5 KiB) for longer runs.
///
/// Measured on an AMD EPYC of family 25, model 1 (Zen 3, AVX2; seventh
/// and eighth sessions), `scripts/probe_ab.py batch/HxIxC` against the
/// plain sum of 512 MB (CPU time, medians of 5 to 9 interleaved rounds,
/// one build per distance, the same distance for every run):
///
/// - 4 x 16 (runs of 4 KiB, 512 values): 0.58 at 320 values (2.5 KiB),
///   0.69 at 480, 0.72 at 512, 0.74-0.78 at 640, 0.65 at 768, 0.66 at
///   896, 0.72 at 1024, 0.77-0.78 at 1152, 0.76 at 1600, 0.64 at 2304:
///   the rate rises and falls with a period of one run (one 4 KiB page),
///   best from a whole run to a run and a quarter ahead. In the caches
///   (`batch/4x16x500`) the distance changes nothing (0.97 against 0.96).
/// - 2 x 16 (runs of 2 KiB): 0.64-0.68 at 320, 0.68-0.71 at 640.
/// - 8 x 16 (runs of 8 KiB): 0.42 at 128, 0.46 at 256, 0.49-0.50 at 320,
///   0.43-0.44 at 640, 0.45 at 1152, 0.48 at 1280, 0.44 at 2176: hardly
///   any distance matters there, and 320 is the best of them.
///
/// Measured on an AMD EPYC of the Zen 4 class (AVX-512; fifth and sixth
/// sessions), 4 x 16, against the plain sum of 512 MB (CPU time, medians
/// of two runs of 5 interleaved rounds, load 3.6-6.4): 0.67 at 1.5 KiB,
/// 0.70 at 2 KiB, 0.71-0.72 at 2.5 KiB, 0.71 at 3 KiB, 0.66 at 3.5 KiB,
/// 0.65 at 4 KiB, and 5 KiB as fast as 2.5 KiB in a later table; with a
/// third left for later instead of a quarter, 0.69-0.71 at 2 to 3 KiB and
/// 0.66 at 3.5 KiB. Before the split, all the hints of a run before its
/// sums, median of 3 interleaved rounds on a loaded machine: 0.60 at
/// 1 KiB, 0.62 at 2 KiB, 0.59 at 4 KiB, 0.48 at 8 KiB ahead; hinting each
/// case's lines as it is summed rather than the run's at once, 0.61 at
/// 2 KiB, 0.56 at 4 KiB. Farther is not better without end: a hint holds
/// one of the core's few line fill buffers until its line arrives, and
/// while they are all taken the next hint waits (in a profile, the
/// instruction after `prefetcht0` takes the samples). Also measured there,
/// with cases summed item by item (3 rounds each, against 0.58-0.61 for
/// these hints): no hints 0.52; these and `prefetcht2` 8 KiB ahead 0.54;
/// half of a run's hints before its sums and half before its
/// normalisation 0.60; the cases' starts and priors read once per run
/// instead of per case 0.62 against 0.62. Without any normalisation the
/// sums alone reach 0.76: the rest is the exponentials and divisions,
/// which do not overlap the reads.
fn distance(len: usize) -> usize {
    if len <= SHORT_RUN { AHEAD_SHORT } else { AHEAD }
}

/// The longest run of cases, in values, hinted [`AHEAD_SHORT`] ahead
/// ([`distance`]).
const SHORT_RUN: usize = 512;

/// [`distance`] for a run of at most [`SHORT_RUN`] values (5 KiB).
const AHEAD_SHORT: usize = 640;

/// [`distance`] for a longer run (2.5 KiB).
const AHEAD: usize = 320;

/// Values per cache line.
const LINE: usize = 8;

/// Whether a row of `items` values is short: fewer than [`LANES`], so that
/// its sum is its tail alone, `0.0 + (((0.0 + x0) + x1) + ...)`, as
/// [`lane_sum_with`] computes it, with no block of lanes. A
/// [`Batch`](crate::Batch) stores the terms of a case with short rows item
/// by item, for [`case_sums`].
pub(crate) fn is_short(items: usize) -> bool {
    items < LANES
}

/// Rows shorter than [`LANES`]: each sum is its tail alone, as
/// [`lane_sum_with`] computes it. Here the rows' chains advance item by
/// item side by side, [`SIDE_BY_SIDE`] rows at a time, so the additions
/// of different rows overlap instead of each waiting on the one before;
/// every row still adds its values in its own order, so the bits are the
/// same. `block` holds exactly `out.len()` rows.
fn short_row_sums(block: &[f64], items: usize, out: &mut [f64]) {
    if items == 0 {
        out.fill(0.0);
        return;
    }
    let group = SIDE_BY_SIDE * items;
    let mut outs = out.chunks_exact_mut(SIDE_BY_SIDE);
    let mut blocks = block.chunks_exact(group);
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

/// The sums of cases whose terms are stored item by item, each item's `n`
/// hypotheses side by side: value `[case, item, h]` at
/// `(case * items + item) * n + h` of `terms`, the layout of a
/// [`Batch`](crate::Batch)'s cases with short rows ([`is_short`]); each
/// case's `n` sums into `out` (as many cases as `out` holds). Each sum is
/// its short row's, `0.0 + (((0.0 + x0) + x1) + ...)`: the same
/// additions in the same order as [`row_sums`] of the row, so the same
/// bits. But an item of a case is one vector addition for all its
/// hypotheses (up to eight), where rows stored one after the other need a
/// value at a time, or 8 x 8 transposes in registers. As many values as
/// these cases hold, [`distance`] values on (the lines of the next cases),
/// are hinted with `ahead`: the first part before the sums, and the last
/// [`1 / LATER`](LATER) returned, for the caller to hint while it
/// normalises these cases.
pub(crate) fn case_sums<'a>(
    terms: &'a [f64],
    n: usize,
    items: usize,
    out: &mut [f64],
    ahead: Ahead,
) -> Later<'a> {
    if n * items == 0 {
        out.fill(0.0);
        return Later::default();
    }
    let len = out.len() * items;
    let far = distance(len);
    let split = far + (len - len / LATER) / LINE * LINE;
    let later = Later {
        hints: ahead.active().then_some((ahead, terms, split..far + len)),
    };
    if ahead.active() {
        for at in (far..split).step_by(LINE) {
            ahead.line(terms, at);
        }
    }
    Arch::new().dispatch(CaseSums {
        terms,
        n,
        items,
        out,
    });
    later
}

/// The share of a run's hints that [`case_sums`] leaves to its caller:
/// `1 / LATER` of them. Hinted all before the sums, the reads stop while
/// the run is normalised (no load is waiting then, and the hints already
/// given are all in flight or done: each holds one of the core's few line
/// fill buffers); a part of them given in the middle of normalising keeps
/// memory busy. Measured on the Zen 3 with hints 5 KiB ahead
/// (`scripts/probe_ab.py batch/4x16x1000000`, 7 and 9 interleaved
/// rounds): 1/4 left 0.74-0.76, 1/3 0.76-0.79 (within the noise of 1/4),
/// 1/2 0.68, 1/6 0.65. Measured on the Zen 4, `batch/4x16x1000000`
/// against the plain sum of 512 MB (CPU time, medians of 5 or 6
/// interleaved rounds on a loaded machine, hints 2 KiB ahead, given just
/// before the exponentials): none
/// left 0.67, 1/8 left 0.69, 1/4 0.70-0.71, 3/8 0.69, 1/2 0.64, 3/4
/// 0.63, all 0.56; the last quarter given half before and half after the
/// exponentials 0.69, all after them 0.66.
const LATER: usize = 4;

/// Hints left for later by [`case_sums`] (none by default): given once,
/// by [`Later::give`].
#[derive(Default)]
pub(crate) struct Later<'a> {
    hints: Option<(Ahead, &'a [f64], std::ops::Range<usize>)>,
}

impl Later<'_> {
    /// Hints the lines left, if not done yet.
    #[inline(always)]
    pub(crate) fn give(&mut self) {
        if let Some((ahead, terms, lines)) = self.hints.take() {
            for at in lines.step_by(LINE) {
                ahead.line(terms, at);
            }
        }
    }
}

/// The operation of [`case_sums`], for `pulp`'s dispatch: compiled for
/// the widest registers the processor has (AVX-512, AVX2), so that an
/// item of four hypotheses is one 256-bit addition.
struct CaseSums<'a, 'b> {
    terms: &'a [f64],
    n: usize,
    items: usize,
    out: &'b mut [f64],
}

impl WithSimd for CaseSums<'_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) {
        let CaseSums {
            terms,
            n,
            items,
            out,
        } = self;
        by_width!(n, fixed_case_sums(terms, items, out), {
            for (o, case) in out.chunks_exact_mut(n).zip(terms.chunks_exact(n * items)) {
                o.fill(0.0);
                add_rows(case, o);
                for x in o.iter_mut() {
                    // `0.0 + x` of the row sums (the same bits: the
                    // addition commutes)
                    *x += 0.0;
                }
            }
        })
    }
}

/// [`case_sums`] for `N` hypotheses, case by case. A case's chains of
/// additions do not wait on the case before, so the processor overlaps
/// those of consecutive cases (measured in the caches, `batch/4x16x500`
/// against the plain sum of 512 MB: 1.40, where eight cases' chains
/// interleaved by hand gave 1.09, the compiler packing pairs of cases
/// into 512-bit registers with inserts and extracts).
#[inline(always)]
fn fixed_case_sums<const N: usize>(terms: &[f64], items: usize, out: &mut [f64]) {
    for (o, case) in out.chunks_exact_mut(N).zip(terms.chunks_exact(N * items)) {
        let mut acc = [0.0f64; N];
        add_fixed(case, &mut acc);
        for (o, a) in o.iter_mut().zip(acc) {
            *o = 0.0 + a;
        }
    }
}

/// Adds the rows of `rows` (`N` values each) into `acc`, row by row.
#[inline(always)]
fn add_fixed<const N: usize>(rows: &[f64], acc: &mut [f64; N]) {
    for row in rows.chunks_exact(N) {
        if let Ok(row) = <&[f64; N]>::try_from(row) {
            for h in 0..N {
                acc[h] += row[h];
            }
        }
    }
}

/// Adds the rows of `rows` (each `out.len()` values) into `out`, row by
/// row: with the row length known at compile time for up to eight
/// hypotheses, so that a row is one or two vector additions.
#[inline]
pub(crate) fn add_rows(rows: &[f64], out: &mut [f64]) {
    fn fixed<const N: usize>(rows: &[f64], out: &mut [f64]) {
        if let Ok(acc) = <&mut [f64; N]>::try_from(out) {
            add_fixed(rows, acc);
        }
    }
    let n = out.len();
    by_width!(n, fixed(rows, out), {
        for row in rows.chunks_exact(n.max(1)) {
            for (x, &l) in out.iter_mut().zip(row) {
                *x += l;
            }
        }
    })
}

/// The rows operation, for `pulp`'s dispatch: two rows side by side
/// ([`row_sums`]) or one after the other ([`row_sums_one_by_one`]).
struct RowSums<'a, 'b> {
    terms: &'a [f64],
    items: usize,
    out: &'b mut [f64],
    side_by_side: bool,
}

impl WithSimd for RowSums<'_, '_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let row = |h: usize| {
            self.terms
                .get(h * self.items..(h + 1) * self.items)
                .unwrap_or(&[])
        };
        if !self.side_by_side {
            for (h, o) in self.out.iter_mut().enumerate() {
                *o = lane_sum_with(simd, row(h));
            }
            return;
        }
        // two rows at a time: twice the independent chains, each row
        // summed exactly as `lane_sum_with` sums it alone
        let done = self.out.len() / 2 * 2;
        let mut pairs = self.out.chunks_exact_mut(2);
        for (k, o) in (&mut pairs).enumerate() {
            let (a, b) = lane_sums_with(simd, row(2 * k), row(2 * k + 1));
            o[0] = a;
            o[1] = b;
        }
        if let Some(o) = pairs.into_remainder().first_mut() {
            *o = lane_sum_with(simd, row(done));
        }
    }
}

/// The sums of two slices, each as [`lane_sum_with`] computes it (the same
/// additions in the same order, so the same bits), their blocks added
/// side by side while both rows have one: twice the independent chains of
/// one row's four registers, for the processor to overlap.
#[inline(always)]
fn lane_sums_with<S: Simd>(simd: S, xs: &[f64], ys: &[f64]) -> (f64, f64) {
    let width = S::F64_LANES;
    let registers = LANES / width;
    if registers != 4 {
        return (lane_sum_with(simd, xs), lane_sum_with(simd, ys));
    }
    let (xbody, xrest) = xs.split_at(xs.len() / LANES * LANES);
    let (ybody, yrest) = ys.split_at(ys.len() / LANES * LANES);
    let (xhead, _) = S::as_simd_f64s(xbody);
    let (yhead, _) = S::as_simd_f64s(ybody);
    let mut xa = [simd.splat_f64s(0.0); 4];
    let mut ya = [simd.splat_f64s(0.0); 4];
    let both = xhead.len().min(yhead.len()) / 4;
    let (xc, yc) = (xhead.chunks_exact(4), yhead.chunks_exact(4));
    for (x, y) in xc.clone().zip(yc.clone()) {
        xa[0] = simd.add_f64s(xa[0], x[0]);
        ya[0] = simd.add_f64s(ya[0], y[0]);
        xa[1] = simd.add_f64s(xa[1], x[1]);
        ya[1] = simd.add_f64s(ya[1], y[1]);
        xa[2] = simd.add_f64s(xa[2], x[2]);
        ya[2] = simd.add_f64s(ya[2], y[2]);
        xa[3] = simd.add_f64s(xa[3], x[3]);
        ya[3] = simd.add_f64s(ya[3], y[3]);
    }
    // the longer row's blocks left over, alone
    for x in xc.skip(both) {
        for (a, &v) in xa.iter_mut().zip(x) {
            *a = simd.add_f64s(*a, v);
        }
    }
    for y in yc.skip(both) {
        for (a, &v) in ya.iter_mut().zip(y) {
            *a = simd.add_f64s(*a, v);
        }
    }
    let finish = |acc: &[S::f64s; 4], rest: &[f64]| {
        let mut lanes = [0.0f64; LANES];
        let flat: &[f64] = pulp::bytemuck::cast_slice(&acc[..]);
        lanes.copy_from_slice(flat);
        tree(&mut lanes) + rest.iter().fold(0.0, |s, &x| s + x)
    };
    (finish(&xa, xrest), finish(&ya, yrest))
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
    fn two_rows_side_by_side_are_lane_sums() {
        for (m, n) in [
            (0, 0),
            (1000, 1000),
            (33, 1000),
            (1000, 31),
            (64, 65),
            (32, 0),
        ] {
            let xs = values(m, 3 + m as u64);
            let ys = values(n, 5 + n as u64);
            let want = (reference(&xs).to_bits(), reference(&ys).to_bits());
            let bits = |(a, b): (f64, f64)| (a.to_bits(), b.to_bits());
            assert_eq!(
                bits(lane_sums_with(pulp::Scalar, &xs, &ys)),
                want,
                "scalar {m} {n}"
            );
            #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
            {
                if let Some(v3) = pulp::x86::V3::try_new() {
                    let got = v3.vectorize(|| lane_sums_with(v3, &xs, &ys));
                    assert_eq!(bits(got), want, "avx2 {m} {n}");
                }
                if let Some(v4) = pulp::x86::V4::try_new() {
                    let got = v4.vectorize(|| lane_sums_with(v4, &xs, &ys));
                    assert_eq!(bits(got), want, "avx512 {m} {n}");
                }
            }
        }
    }

    #[test]
    fn row_sums_are_lane_sums() {
        // one pair and one row alone; four pairs and one; items not a
        // multiple of the lanes; short rows
        // (side by side, and one by one as a batch sums them; short rows
        // on both)
        for (rows, items) in [(3, 1000), (9, 1000), (5, 77), (4, 31)] {
            let xs = values(rows * items, 9 + rows as u64);
            let mut out = vec![f64::NAN; rows];
            let mut alone = vec![f64::NAN; rows];
            row_sums(&xs, items, &mut out);
            row_sums_one_by_one(&xs, items, &mut alone);
            for (h, (o, a)) in out.iter().zip(&alone).enumerate() {
                let row = &xs[h * items..(h + 1) * items];
                assert_eq!(o.to_bits(), reference(row).to_bits(), "{rows}x{items}");
                assert_eq!(a.to_bits(), reference(row).to_bits(), "{rows}x{items}");
            }
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
    fn case_sums_are_the_row_sums_of_each_case() {
        // cases followed by more values (the next cases, which are
        // hinted) and cases at the very end of the block (hints past it
        // are skipped); two to eight hypotheses (one vector addition per
        // item) and more; no items
        for (cases, n, items, more) in [
            (16, 4, 16, 4096),
            (17, 4, 16, 0),
            (9, 3, 5, 3),
            (5, 8, 31, 0),
            (7, 2, 1, 100),
            (3, 11, 7, 0),
            (8, 2, 0, 9),
        ] {
            let by_row = values(cases * n * items, 13 + (cases * n) as u64);
            // value [case, item, h] from row h of the case
            let mut by_item: Vec<f64> = (0..cases * items * n)
                .map(|k| {
                    let (c, e, h) = (k / (items * n), k / n % items, k % n);
                    by_row[(c * n + h) * items + e]
                })
                .collect();
            by_item.extend(values(more, 3));
            let mut want = vec![f64::NAN; cases * n];
            row_sums(&by_row, items, &mut want);
            for ahead in [Ahead::fetch(), Ahead::none()] {
                let mut got = vec![f64::NAN; cases * n];
                let mut later = case_sums(&by_item, n, items, &mut got, ahead);
                // the last quarter of the run's hints, from a line on, is
                // left for later, once
                let len = cases * n * items;
                match &later.hints {
                    Some((_, _, lines)) => {
                        assert!(ahead.active());
                        let far = if len <= 512 { 640 } else { 320 };
                        assert_eq!(lines.end, far + len);
                        assert_eq!((lines.start - far) % LINE, 0);
                        assert!((len / LATER..len / LATER + LINE).contains(&lines.len()));
                    }
                    None => assert!(!ahead.active() || len == 0),
                }
                later.give();
                assert!(later.hints.is_none());
                for (r, (g, w)) in got.iter().zip(&want).enumerate() {
                    let row = &by_row[r * items..(r + 1) * items];
                    assert_eq!(g.to_bits(), reference(row).to_bits(), "{cases}x{n}x{items}");
                    assert_eq!(g.to_bits(), w.to_bits(), "{cases}x{n}x{items}");
                }
            }
        }
        assert!(is_short(LANES - 1) && !is_short(LANES));
        // a hint for a value outside the slice is no hint, and no panic
        let ahead = Ahead::fetch();
        ahead.line(&[], 0);
        ahead.line(&[1.0], usize::MAX);
        #[cfg(target_arch = "x86_64")]
        assert!(ahead.active(), "SSE is part of x86-64");
        assert!(!Ahead::none().active());
    }

    #[test]
    fn aligned_blocks_hold_their_values_on_a_line() {
        for n in [0, 1, 7, 8, 1000] {
            let xs = values(n, 11);
            let mut a = Aligned::from_slice(&xs);
            assert_eq!(a.as_slice(), &xs[..]);
            assert_eq!(a.as_slice().as_ptr().align_offset(64), 0, "{n}");
            let b = a.clone();
            assert_eq!(b.as_slice().as_ptr().align_offset(64), 0, "clone {n}");
            assert_eq!(a, b);
            assert_eq!(format!("{a:?}"), format!("{xs:?}"));
            if let Some(x) = a.as_mut_slice().first_mut() {
                *x = 42.0;
                assert_ne!(a, b);
                assert_eq!(a.as_slice()[0], 42.0);
            }
        }
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
