//! Scoring throughput (criterion). Cases are generated from a fixed
//! linear congruential sequence, so every run measures the same inputs.
//!
//! - `score/{h}x{e}`: one compiled case scored (`Compiled::score_into`);
//!   throughput in evidence-hypothesis updates (`h * e` elements).
//! - `score_exact/{h}x{e}`: the same case through `Case::score`, which
//!   sums exactly and builds the full explanation.
//! - `batch/{h}x{e}x{cases}`: many compiled cases in one `Batch`; the
//!   two largest (128 MB; 512 MB of small cases, 4 x 16) fit in no cache.
//! - `memory/{h}x{e}x{cases}`: the bandwidth bound for that batch: an
//!   eight-lane sum over as many `f64` as the batch holds.
//! - `parse/...`: reading a case file; `compile/...`: `Case::compile`.
//! - `monte_carlo/{h}x{e}`: Monte Carlo draws with a likelihood
//!   concentration on every item, so every likelihood is redrawn;
//!   throughput in draws.
//! - `kernel/score/16x1000` beside `kernel/plain_sum/16x1000`: the
//!   in-cache scoring kernel against a plain SIMD sum of as many bytes.
//! - `leave_one_out/{h}x{e}`, `break_even/{h}x{e}`: the incremental
//!   sensitivity analyses; throughput in items for leave-one-out.
//!
//! Run with `cargo bench --bench scoring` (add `--features rayon` for
//! parallel draws).

mod common;

use attrib::{Batch, BreakEven, Case, Evidence, LeaveOneOut, MonteCarlo};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// A case with `h` hypotheses and `e` items, likelihoods in (0.01, 1).
fn case(h: usize, e: usize, concentration: Option<f64>) -> Case {
    let mut next = common::likelihoods(h, e);
    let mut b = Case::builder();
    for k in 0..h {
        b = b.hypothesis(format!("h{k}"), format!("Hypothesis {k}"));
    }
    if let Some(k) = concentration {
        b = b.likelihood_concentration(k);
    }
    for i in 0..e {
        let mut item = Evidence::builder(format!("e{i}"));
        for k in 0..h {
            item = item.likelihood(format!("h{k}"), next());
        }
        b = b.evidence(item);
    }
    b.build().expect("generated cases are valid")
}

const SHAPES: [(usize, usize); 6] = [
    (3, 10),
    (3, 100),
    (3, 1000),
    (16, 10),
    (16, 100),
    (16, 1000),
];

fn score(c: &mut Criterion) {
    let mut group = c.benchmark_group("score");
    for &(h, e) in &SHAPES {
        let compiled = case(h, e, None).compile().expect("compiles");
        let mut out = vec![0.0; h];
        group.throughput(Throughput::Elements((h * e) as u64));
        group.bench_function(BenchmarkId::from_parameter(format!("{h}x{e}")), |b| {
            b.iter(|| {
                black_box(&compiled)
                    .score_into(black_box(&mut out))
                    .expect("scores")
            })
        });
    }
    group.finish();
}

fn score_exact(c: &mut Criterion) {
    let mut group = c.benchmark_group("score_exact");
    for &(h, e) in &SHAPES {
        let case = case(h, e, None);
        group.throughput(Throughput::Elements((h * e) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{h}x{e}")),
            &case,
            |b, case| b.iter(|| black_box(case).score().expect("scores")),
        );
    }
    group.finish();
}

/// The eight-lane sum of `compiled.rs`, over plain memory: the bandwidth bound.
fn lane_sum(xs: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    acc.iter().sum::<f64>() + chunks.remainder().iter().sum::<f64>()
}

fn batch(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    for &(h, e, cases) in &[
        (3, 100, 1_000),
        (16, 100, 1_000),
        (16, 1000, 1_000),
        (4, 16, 1_000_000),
    ] {
        let compiled = case(h, e, None).compile().expect("compiles");
        let mut batch = Batch::for_case(&compiled);
        for _ in 0..cases {
            batch.push(&compiled).expect("same shape");
        }
        let mut out = vec![0.0; h * cases];
        let mut leaders = vec![None; cases];
        group.throughput(Throughput::Elements((h * e * cases) as u64));
        group.bench_function(
            BenchmarkId::from_parameter(format!("{h}x{e}x{cases}")),
            |b| {
                b.iter(|| {
                    black_box(&batch)
                        .score_into(black_box(&mut out), black_box(&mut leaders))
                        .expect("scores")
                })
            },
        );
    }
    group.finish();
    let mut group = c.benchmark_group("memory");
    group.sample_size(10);
    for &(h, e, cases) in &[
        (3, 100, 1_000),
        (16, 100, 1_000),
        (16, 1000, 1_000),
        (4, 16, 1_000_000),
    ] {
        let data = vec![-0.5f64; h * e * cases];
        group.throughput(Throughput::Elements((h * e * cases) as u64));
        group.bench_function(
            BenchmarkId::from_parameter(format!("{h}x{e}x{cases}")),
            |b| b.iter(|| lane_sum(black_box(&data))),
        );
    }
    group.finish();
}

fn parse_and_compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let sarmin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    ))
    .expect("the Sarmin case file");
    group.throughput(Throughput::Bytes(sarmin.len() as u64));
    group.bench_function("sarmin", |b| {
        b.iter(|| Case::from_json(black_box(&sarmin)).expect("parses"))
    });
    let big = case(16, 1000, None).to_json().expect("writes");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("16x1000", |b| {
        b.iter(|| Case::from_json(black_box(&big)).expect("parses"))
    });
    group.finish();
    let mut group = c.benchmark_group("compile");
    for &(h, e) in &[(3, 1000), (16, 1000)] {
        let case = case(h, e, None);
        group.throughput(Throughput::Elements((h * e) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{h}x{e}")),
            &case,
            |b, case| b.iter(|| black_box(case).compile().expect("compiles")),
        );
    }
    group.finish();
}

fn monte_carlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    for &(h, e, draws) in &[
        (3, 10, 10_000),
        (3, 100, 2_000),
        (16, 100, 500),
        (16, 1000, 256),
    ] {
        let case = case(h, e, Some(20.0));
        group.throughput(Throughput::Elements(draws as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{h}x{e}")),
            &case,
            |b, case| {
                b.iter(|| {
                    MonteCarlo::new()
                        .draws(draws)
                        .seed(1)
                        .run(black_box(case))
                        .expect("runs")
                })
            },
        );
    }
    group.finish();
}

/// A plain sum of `xs` at the hardware's best: eight SIMD accumulators on
/// the widest registers this processor has (`pulp`), no lane order kept.
/// The peer of the scoring kernel over the same bytes.
fn plain_simd_sum(xs: &[f64]) -> f64 {
    struct Plain<'a>(&'a [f64]);
    impl pulp::WithSimd for Plain<'_> {
        type Output = f64;
        #[inline(always)]
        fn with_simd<S: pulp::Simd>(self, simd: S) -> f64 {
            let (head, tail) = S::as_simd_f64s(self.0);
            let mut acc = [simd.splat_f64s(0.0); 8];
            let mut chunks = head.chunks_exact(8);
            for c in &mut chunks {
                for (a, &x) in acc.iter_mut().zip(c) {
                    *a = simd.add_f64s(*a, x);
                }
            }
            for &x in chunks.remainder() {
                acc[0] = simd.add_f64s(acc[0], x);
            }
            let mut total = simd.splat_f64s(0.0);
            for a in acc {
                total = simd.add_f64s(total, a);
            }
            simd.reduce_sum_f64s(total) + tail.iter().sum::<f64>()
        }
    }
    pulp::Arch::new().dispatch(Plain(xs))
}

/// The in-cache kernel (`score/16x1000` and the same case's terms, 128 KB)
/// beside a plain SIMD sum over as many bytes: the ratio the kernel reaches.
fn kernel(c: &mut Criterion) {
    let mut group = c.benchmark_group("kernel");
    let (h, e) = (16, 1000);
    let compiled = case(h, e, None).compile().expect("compiles");
    let mut out = vec![0.0; h];
    let data = vec![-0.5f64; h * e];
    group.throughput(Throughput::Elements((h * e) as u64));
    group.bench_function("score/16x1000", |b| {
        b.iter(|| {
            black_box(&compiled)
                .score_into(black_box(&mut out))
                .expect("scores")
        })
    });
    group.bench_function("plain_sum/16x1000", |b| {
        b.iter(|| plain_simd_sum(black_box(&data)))
    });
    group.finish();
}

/// Leave-one-out and break-even, incremental on exact totals.
fn sensitivity(c: &mut Criterion) {
    let mut group = c.benchmark_group("leave_one_out");
    group.sample_size(10);
    for &(h, e) in &[(16, 1000), (4, 10_000)] {
        let case = case(h, e, None);
        group.throughput(Throughput::Elements(e as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{h}x{e}")),
            &case,
            |b, case| b.iter(|| LeaveOneOut::of(black_box(case)).expect("runs")),
        );
    }
    group.finish();
    let mut group = c.benchmark_group("break_even");
    group.sample_size(10);
    for &(h, e) in &[(16, 1000), (4, 10_000)] {
        // a threshold the case reaches, so that the search has work to do
        let case = case(h, e, None);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{h}x{e}")),
            &case,
            |b, case| {
                b.iter(|| {
                    BreakEven::evidence("e0")
                        .run(black_box(case))
                        .expect("runs")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(
    benches,
    score,
    score_exact,
    batch,
    parse_and_compile,
    monte_carlo,
    kernel,
    sensitivity
);
criterion_main!(benches);
