//! Scoring throughput (criterion). Cases are generated from a fixed
//! linear congruential sequence, so every run measures the same inputs.
//!
//! - `score/{h}x{e}`: one case scored; throughput in evidence-hypothesis
//!   updates (`h * e` elements).
//! - `monte_carlo/{h}x{e}`: Monte Carlo draws with a likelihood
//!   concentration on every item, so every likelihood is redrawn;
//!   throughput in draws.
//!
//! Run with `cargo bench --bench scoring` (add `--features rayon` for
//! parallel draws).

use attrib::{Case, Evidence, MonteCarlo};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// A case with `h` hypotheses and `e` items, likelihoods in (0.01, 1).
fn case(h: usize, e: usize, concentration: Option<f64>) -> Case {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ ((h as u64) << 32 | e as u64);
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
    };
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

fn score(c: &mut Criterion) {
    let mut group = c.benchmark_group("score");
    for &(h, e) in &[
        (3, 10),
        (3, 100),
        (3, 1000),
        (16, 10),
        (16, 100),
        (16, 1000),
    ] {
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
                    black_box(case)
                        .monte_carlo(MonteCarlo::new().draws(draws).seed(1))
                        .expect("runs")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, score, monte_carlo);
criterion_main!(benches);
