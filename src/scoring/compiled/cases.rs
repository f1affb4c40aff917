//! Normalising many cases at once, for [`Batch`](super::Batch): across
//! cases (one lane of a vector per case) for 2, 4 or 8 hypotheses, in
//! passes over the cases for others, with the bits of
//! [`normalise_in_place`](super::normalise_in_place) case by case.

use crate::numeric::kernel::Later;
use crate::numeric::{by_width, exp};
use crate::scoring::engine;
use pulp::{Arch, Scalar, Simd, WithSimd};

/// Cases a [`Batch`](super::Batch) scores in one run (and the grain of its
/// parallel work): few, so that reading the next run from memory and the
/// exponentials of this one alternate finely, and enough to normalise
/// together. Measured on `batch/4x16x1000000` against the plain sum of 512
/// MB (median of 4 interleaved rounds, hints 2 KiB ahead, rows summed eight
/// side by side): 0.44 with runs of 64 cases, 0.47 with 16, 0.52-0.53 with
/// 8, 0.49 with 4, 0.53 with 2; in the caches (`batch/4x16x500`) 8 is as
/// fast as 64 and 2 is 0.85 of it. With cases summed item by item
/// (`numeric::kernel::case_sums`), 8 is still the best of 4, 8, 16 and 32
/// (3 rounds).
pub(super) const CASES_TOGETHER: usize = 8;

/// [`normalise_in_place`](super::normalise_in_place) for each case of `x`
/// (`n` places each), its leader into `leaders`; a contradictory case's row
/// is set to 0. Returns how many were contradictory.
#[cfg(test)]
fn normalise_cases(x: &mut [f64], n: usize, leaders: &mut [Option<usize>]) -> usize {
    add_and_normalise_cases(x, &[], n, leaders, Later::default())
}

/// `base` added to `x` place by place (`ln prior + added` of each case, to
/// its sums), then each case normalised as
/// [`normalise_in_place`](super::normalise_in_place) does it, its leader
/// into `leaders` and a contradictory case's row set to 0; how many were
/// contradictory. The hints `later` are given just before the exponentials
/// (`numeric::kernel::LATER`). Cases of two, four or eight hypotheses are
/// normalised across cases ([`normalise_across`], one lane of a vector per
/// case), compiled for the widest registers the processor has (`pulp`'s
/// dispatch); others in passes over the cases ([`normalise_in_passes`]).
/// Measured in the caches, `batch/Hx16x500` against the plain sum of 512 MB
/// (3 to 5 interleaved rounds, CPU time, medians): across 1.79 against 1.50
/// in passes for four hypotheses, 1.88 against 1.73 for eight, 1.29 against
/// 1.27 for two; for three and five, whose places `pulp` cannot shuffle
/// across cases, across cost 1.17 against 1.40 and 1.26 against 1.59, and
/// the passes compiled inside the dispatch 1.14 and 1.38 (the compiler's
/// own vectors for them are worse than the baseline's).
pub(super) fn add_and_normalise_cases(
    x: &mut [f64],
    base: &[f64],
    n: usize,
    leaders: &mut [Option<usize>],
    mut later: Later<'_>,
) -> usize {
    for (v, &b) in x.iter_mut().zip(base) {
        *v += b;
    }
    let later = &mut later;
    if matches!(n, 2 | 4 | 8) {
        Arch::new().dispatch(NormaliseCases {
            x,
            n,
            leaders,
            later,
        })
    } else {
        normalise_in_passes(x, n, leaders, later)
    }
}

/// The operation of [`add_and_normalise_cases`], for `pulp`'s dispatch.
struct NormaliseCases<'a, 'b, 'c, 'd> {
    x: &'a mut [f64],
    n: usize,
    leaders: &'b mut [Option<usize>],
    later: &'c mut Later<'d>,
}

impl WithSimd for NormaliseCases<'_, '_, '_, '_> {
    type Output = usize;

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) -> usize {
        let NormaliseCases {
            x,
            n,
            leaders,
            later,
        } = self;
        match n {
            2 => across_cases::<2>(simd, x, leaders, later),
            4 => across_cases::<4>(simd, x, leaders, later),
            8 => across_cases::<8>(simd, x, leaders, later),
            _ => normalise_in_passes(x, n, leaders, later),
        }
    }
}

/// [`normalise_across`] for the cases of `x` (`N` places each), as many
/// at a time as `simd` has lanes; the last few one by one.
#[inline(always)]
fn across_cases<const N: usize>(
    simd: impl Simd,
    x: &mut [f64],
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    #[inline(always)]
    fn run<S: Simd, const N: usize>(
        simd: S,
        x: &mut [f64],
        leaders: &mut [Option<usize>],
        later: &mut Later<'_>,
    ) -> usize {
        let lanes = size_of::<S::f64s>() / size_of::<f64>();
        let whole = leaders.len() / lanes * lanes;
        let (Some((xs, rest)), Some((ls, last))) = (
            x.split_at_mut_checked(whole * N),
            leaders.split_at_mut_checked(whole),
        ) else {
            return 0;
        };
        // loops, not `map` and `sum`: their `fold` is not inlined, so it
        // would be compiled for the baseline
        let mut contradictory = 0;
        for (x, l) in xs
            .chunks_exact_mut(lanes * N)
            .zip(ls.chunks_exact_mut(lanes))
        {
            contradictory += normalise_across::<S, N>(simd, x, l, later);
        }
        for (x, l) in rest.chunks_exact_mut(N).zip(last.chunks_exact_mut(1)) {
            contradictory += normalise_across::<Scalar, N>(Scalar, x, l, later);
        }
        contradictory
    }
    run::<_, N>(simd, x, leaders, later)
}

/// The places of `S`'s lanes cases (`N` registers, case after case) as
/// `N` registers of one place each, one lane per case (`back`: the
/// other way): `pulp`'s shuffles for two and four places, through memory
/// for the other widths.
#[inline(always)]
fn transpose<S: Simd, const N: usize>(simd: S, v: [S::f64s; N], back: bool) -> [S::f64s; N] {
    let mut out = v;
    if let Ok(four) = <[S::f64s; 4]>::try_from(&v[..]) {
        let t = if back {
            simd.interleave_shfl_f64s(four)
        } else {
            simd.deinterleave_shfl_f64s(four)
        };
        out.copy_from_slice(&t);
    } else if let Ok(two) = <[S::f64s; 2]>::try_from(&v[..]) {
        let t = if back {
            simd.interleave_shfl_f64s(two)
        } else {
            simd.deinterleave_shfl_f64s(two)
        };
        out.copy_from_slice(&t);
    } else {
        let lanes = size_of::<S::f64s>() / size_of::<f64>();
        let from: &[f64] = pulp::bytemuck::cast_slice(&v);
        let to: &mut [f64] = pulp::bytemuck::cast_slice_mut(&mut out);
        for (k, t) in to.iter_mut().enumerate() {
            // `to[h * lanes + c]` is `from[c * N + h]` (or back)
            let at = if back {
                (k % N) * lanes + k / N
            } else {
                (k % lanes) * N + k / lanes
            };
            *t = from.get(at).copied().unwrap_or(0.0);
        }
    }
    out
}

/// Normalises as many cases as `simd` has lanes (`x`: `N` places each, case
/// after case; `leaders`: one per case) as
/// [`normalise_in_place`](super::normalise_in_place) does each, with the
/// cases side by side: `pulp`'s deinterleave puts place `h` of every case
/// into vector `h` (one lane per case), and every step is then the same
/// operation on all the cases at once: the leader (the first place of the
/// largest value; `None` when it is `-inf`); the differences from it, the
/// leader's place and a contradictory case's places `-inf` (`exp(-inf)` is
/// 0, and certain at once); the exponentials of the rivals only, the
/// leader's place (whose exponential is `+0`) left out and the places after
/// it moved down one, so that `N - 1` vectors hold them (a quarter fewer
/// exponentials for four hypotheses, half for two), taken by
/// [`exp::exp_in_place_here`] (lane by lane, compiled into the caller's
/// `pulp` operation, without a dispatch of their own), and put back in
/// their places, `+0` in the leader's; the norm, `1 + ` the exponentials
/// summed in order from `-0.0` (the leader's `+0` changes no sum but a
/// `-0.0` into `+0.0`, and `1 + 0` is 1 either way: the bits of the norm
/// that skips it); 1 in the leader's place; every place divided by the norm
/// (`1 / norm` is the leader's posterior; a contradictory case divides its
/// zeros by 1). The same operations on the same values as
/// `normalise_in_place`, so the same bits; the places are interleaved back
/// into `x`. The hints `later` are given before the exponentials. Returns
/// how many cases were contradictory.
#[inline(always)]
fn normalise_across<S: Simd, const N: usize>(
    simd: S,
    x: &mut [f64],
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    let Ok(cases) = <&mut [S::f64s; N]>::try_from(S::as_mut_simd_f64s(x).0) else {
        return 0;
    };
    let place = transpose(simd, *cases, false);
    let minus_inf = simd.splat_f64s(f64::NEG_INFINITY);
    let mut top = place[0];
    let mut leader = simd.splat_u64s(0);
    for (h, &v) in place.iter().enumerate().skip(1) {
        let above = simd.greater_than_f64s(v, top);
        top = simd.select_f64s(above, v, top);
        leader = simd.select_u64s(above, simd.splat_u64s(h as u64), leader);
    }
    let contradictory = simd.equal_f64s(top, minus_inf);
    let at = |h: usize| simd.equal_u64s(leader, simd.splat_u64s(h as u64));
    let mut e = [minus_inf; N];
    for (h, (e, &v)) in e.iter_mut().zip(&place).enumerate() {
        let gone = simd.or_m64s(contradictory, at(h));
        *e = simd.select_f64s(gone, minus_inf, simd.sub_f64s(v, top));
    }
    // the rivals' places moved down over the leader's (whose exponential,
    // of -inf, is +0): `N - 1` vectors hold every exponential to take;
    // `past[h]`, the leader is at `h` or before
    let mut past = [at(0); N];
    for h in 1..N {
        past[h] = simd.or_m64s(past[h - 1], at(h));
    }
    let mut rivals = e;
    for h in 0..N - 1 {
        rivals[h] = simd.select_f64s(past[h], e[h + 1], e[h]);
    }
    later.give();
    exp::exp_in_place_here(pulp::bytemuck::cast_slice_mut(&mut rivals[..N - 1]));
    let zero = simd.splat_f64s(0.0);
    for (h, e) in e.iter_mut().enumerate() {
        let rival = match h.checked_sub(1) {
            Some(g) => simd.select_f64s(past[g], rivals[g], rivals[h]),
            None => rivals[h],
        };
        *e = simd.select_f64s(at(h), zero, rival);
    }
    let mut rest = simd.splat_f64s(-0.0);
    for &v in &e {
        rest = simd.add_f64s(rest, v);
    }
    let norm = simd.add_f64s(simd.splat_f64s(1.0), rest);
    let one = simd.splat_f64s(1.0);
    for (h, e) in e.iter_mut().enumerate() {
        let p = simd.select_f64s(at(h), simd.select_f64s(contradictory, *e, one), *e);
        *e = simd.div_f64s(p, norm);
    }
    *cases = transpose(simd, e, true);
    let none = simd.select_u64s(contradictory, simd.splat_u64s(1), simd.splat_u64s(0));
    let leader: &[u64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&leader));
    let none: &[u64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&none));
    // the shuffles may put the cases in their lanes in another order: the
    // case of each lane is where its place 0 came from
    let mut from = [simd.splat_f64s(0.0); N];
    for (k, v) in pulp::bytemuck::cast_slice_mut::<_, f64>(&mut from)
        .iter_mut()
        .enumerate()
    {
        *v = k as f64;
    }
    let from = transpose(simd, from, false)[0];
    let from: &[f64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&from));
    let mut count = 0;
    for ((&h, &z), &k) in leader.iter().zip(none).zip(from) {
        if let Some(l) = leaders.get_mut(k as usize / N) {
            *l = (z == 0).then_some(h as usize);
            count += z as usize;
        }
    }
    count
}

/// [`add_and_normalise_cases`] in passes over the cases, for any number
/// of hypotheses.
///
/// The same operations on the same values as `normalise_in_place` case by
/// case, so the same bits, but in passes over the cases: leaders; the
/// differences from the leader; the exponentials of all the cases at once
/// ([`exp::exp_in_place`]: a vector of eight holds places of several
/// cases); norms; divisions. A case no longer waits for the division of
/// the one before, and the exponentials and divisions of different cases
/// overlap. The leader's place holds 1 after the norms, so that the last
/// pass divides every place of a case by its norm alike (`1 / norm` is
/// the leader's posterior), which the compiler turns into vector
/// divisions for up to eight hypotheses.
fn normalise_in_passes(
    x: &mut [f64],
    n: usize,
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    if leaders.len() > CASES_TOGETHER {
        return x
            .chunks_mut(CASES_TOGETHER * n)
            .zip(leaders.chunks_mut(CASES_TOGETHER))
            .map(|(x, l)| normalise_in_passes(x, n, l, later))
            .sum();
    }
    let mut tops = [f64::NEG_INFINITY; CASES_TOGETHER];
    leaders_of_cases(x, n, leaders, &mut tops);
    differences(x, n, leaders, &tops);
    let cases = leaders.len().min(CASES_TOGETHER);
    if let Some(x) = x.get_mut(..cases * n) {
        later.give();
        exp::exp_in_place(x);
    }
    // a contradictory case divides its zeros by 1
    let mut norms = [1.0; CASES_TOGETHER];
    let contradictory = norms_of_cases(x, n, leaders, &mut norms);
    divide_cases(x, n, &norms);
    contradictory
}

/// Each case of `x` (`n` places each) less its top, the leader's place
/// and a contradictory case's places `-inf` (`exp(-inf)` is 0, and
/// certain at once), with `n` known to the compiler for up to eight
/// hypotheses (selects, not branches).
fn differences(x: &mut [f64], n: usize, leaders: &[Option<usize>], tops: &[f64]) {
    #[inline(always)]
    fn case(o: &mut [f64], l: Option<usize>, top: f64) {
        let leader = l.unwrap_or(usize::MAX);
        let contradictory = l.is_none();
        for (h, v) in o.iter_mut().enumerate() {
            let d = *v - top;
            *v = if contradictory | (h == leader) {
                f64::NEG_INFINITY
            } else {
                d
            };
        }
    }
    fn fixed<const N: usize>(x: &mut [f64], leaders: &[Option<usize>], tops: &[f64]) {
        for ((o, &l), &top) in x.chunks_exact_mut(N).zip(leaders).zip(tops) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                case(o, l, top);
            }
        }
    }
    by_width!(n, fixed(x, leaders, tops), {
        for ((o, &l), &top) in x.chunks_exact_mut(n.max(1)).zip(leaders).zip(tops) {
            case(o, l, top);
        }
    })
}

/// Each case's norm, `1 + ` its exponentials summed in order from `-0.0`,
/// into `norms`, and 1 in its leader's place; how many cases are
/// contradictory (their places 0, their norms 1). The leader's place
/// holds `exp(-inf) = +0`, which changes no sum but a `-0.0` into `+0.0`,
/// and `1 + 0` is 1 either way: the bits of the norm that skips it. With
/// `n` known to the compiler for up to eight hypotheses.
fn norms_of_cases(x: &mut [f64], n: usize, leaders: &[Option<usize>], norms: &mut [f64]) -> usize {
    #[inline(always)]
    fn case(o: &mut [f64], l: Option<usize>, norm: &mut f64) -> usize {
        let mut rest = -0.0;
        for &v in o.iter() {
            rest += v;
        }
        *norm = 1.0 + rest;
        match l {
            Some(leader) => {
                if let Some(v) = o.get_mut(leader) {
                    *v = 1.0;
                }
                0
            }
            None => 1,
        }
    }
    fn fixed<const N: usize>(x: &mut [f64], leaders: &[Option<usize>], norms: &mut [f64]) -> usize {
        let mut contradictory = 0;
        for ((o, &l), norm) in x.chunks_exact_mut(N).zip(leaders).zip(norms) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                contradictory += case(o, l, norm);
            }
        }
        contradictory
    }
    by_width!(n, fixed(x, leaders, norms), {
        let mut contradictory = 0;
        for ((o, &l), norm) in x.chunks_exact_mut(n.max(1)).zip(leaders).zip(norms) {
            contradictory += case(o, l, norm);
        }
        contradictory
    })
}

/// The leader of each case of `x` (`n` places each: the first place of
/// the largest value, `None` when it is `-inf`) and its value, with `n`
/// known to the compiler for up to eight hypotheses (comparisons without
/// branches).
fn leaders_of_cases(x: &[f64], n: usize, leaders: &mut [Option<usize>], tops: &mut [f64]) {
    fn fixed<const N: usize>(x: &[f64], leaders: &mut [Option<usize>], tops: &mut [f64]) {
        for ((o, l), top) in x.chunks_exact(N).zip(leaders).zip(tops) {
            if let Ok(o) = <&[f64; N]>::try_from(o) {
                let (mut leader, mut best) = (0, o[0]);
                for (h, &v) in o.iter().enumerate().skip(1) {
                    if v > best {
                        (leader, best) = (h, v);
                    }
                }
                *top = best;
                *l = (best != f64::NEG_INFINITY).then_some(leader);
            }
        }
    }
    by_width!(n, fixed(x, leaders, tops), {
        for ((o, l), top) in x.chunks_exact(n.max(1)).zip(leaders).zip(tops) {
            let found = engine::leader(o);
            *l = found.map(|(leader, _)| leader);
            *top = found.map_or(f64::NEG_INFINITY, |(_, value)| value);
        }
    })
}

/// Divides each case of `x` (`n` places each) by its norm, with `n` known
/// to the compiler for up to eight hypotheses (one or two vector
/// divisions per case).
fn divide_cases(x: &mut [f64], n: usize, norms: &[f64]) {
    fn fixed<const N: usize>(x: &mut [f64], norms: &[f64]) {
        for (o, &norm) in x.chunks_exact_mut(N).zip(norms) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                for v in o.iter_mut() {
                    *v /= norm;
                }
            }
        }
    }
    by_width!(n, fixed(x, norms), {
        for (o, &norm) in x.chunks_exact_mut(n.max(1)).zip(norms) {
            for v in o.iter_mut() {
                *v /= norm;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::compiled::{Normaliser, normalise_in_place};

    #[test]
    fn every_simd_path_normalises_across_cases_with_the_same_bits() {
        let mut next = crate::numeric::bits53(0x2545_F491_4F6C_DD1D);
        for n in [2, 4, 8] {
            // two whole vectors of AVX-512 and a last run cut short
            let cases = 2 * 8 + 5;
            let mut x: Vec<f64> = (0..cases * n)
                .map(|_| match next() % 10 {
                    0 => f64::NEG_INFINITY,
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 4),
                })
                .collect();
            x[3 * n..4 * n].fill(f64::NEG_INFINITY);
            // ties: the first of equal places leads
            x[5 * n..6 * n].fill(-1.5);
            let mut want = x.clone();
            let mut want_leaders = vec![None; cases];
            for (row, l) in want.chunks_mut(n).zip(&mut want_leaders) {
                *l = normalise_in_place(row);
                if l.is_none() {
                    row.fill(0.0);
                }
            }
            let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            let check = |path: &str, run: &Normaliser<'_>| {
                let mut got = x.clone();
                let mut leaders = vec![Some(usize::MAX); cases];
                assert_eq!(run(&mut got, &mut leaders), 1, "{path}, {n} hypotheses");
                assert_eq!(leaders, want_leaders, "{path}, {n} hypotheses");
                assert_eq!(bits(&got), bits(&want), "{path}, {n} hypotheses");
                assert_eq!(leaders[5], Some(0));
            };
            check("scalar", &|x, leaders| {
                NormaliseCases {
                    x,
                    n,
                    leaders,
                    later: &mut Later::default(),
                }
                .with_simd(Scalar)
            });
            #[cfg(target_arch = "x86_64")]
            {
                if let Some(simd) = pulp::x86::V3::try_new() {
                    check("AVX2", &|x, leaders| {
                        simd.vectorize(|| {
                            NormaliseCases {
                                x,
                                n,
                                leaders,
                                later: &mut Later::default(),
                            }
                            .with_simd(simd)
                        })
                    });
                }
                if let Some(simd) = pulp::x86::V4::try_new() {
                    check("AVX-512", &|x, leaders| {
                        simd.vectorize(|| {
                            NormaliseCases {
                                x,
                                n,
                                leaders,
                                later: &mut Later::default(),
                            }
                            .with_simd(simd)
                        })
                    });
                }
            }
        }
    }

    #[test]
    fn normalising_cases_together_gives_the_bits_of_one_by_one() {
        let mut next = crate::numeric::bits53(0x9E37_79B9_7F4A_7C15);
        for n in 1..=10 {
            // more cases than one run, and a last run cut short
            let cases = 3 * CASES_TOGETHER + 5;
            let x: Vec<f64> = (0..cases * n)
                .map(|_| match next() % 12 {
                    0 => f64::NEG_INFINITY,
                    1 => -745.0 - (next() % 100) as f64,
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 5),
                })
                .collect();
            let mut x = x;
            // a contradictory case
            x[n..2 * n].fill(f64::NEG_INFINITY);
            let mut together = x.clone();
            let mut leaders = vec![Some(usize::MAX); cases];
            let contradictory = normalise_cases(&mut together, n, &mut leaders);
            let mut want = 0;
            for (c, (row, got)) in x.chunks(n).zip(together.chunks(n)).enumerate() {
                let mut one = row.to_vec();
                let leader = normalise_in_place(&mut one);
                if leader.is_none() {
                    one.fill(0.0);
                    want += 1;
                }
                assert_eq!(leaders[c], leader, "{n} hypotheses, case {c}");
                let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(got), bits(&one), "{n} hypotheses, case {c}: {row:?}");
            }
            assert_eq!(contradictory, want);
            assert!(want >= 1);
        }
    }
}
