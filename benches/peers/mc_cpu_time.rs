//! Monte Carlo throughput in CPU time, for comparing two commits on a
//! shared machine (README, Performance). Not a cargo target: copy it into
//! `examples/` of a checkout of each commit, build it with
//! `cargo build --release --example mc_cpu_time`, and alternate
//! `perf stat -e task-clock target/release/examples/mc_cpu_time 20`
//! between the two binaries. The case is the benchmark's `monte_carlo/16x1000`
//! (benches/scoring.rs: 16 hypotheses, 1 000 items, concentration 20); each
//! repetition is 256 draws with its own seed.

use attrib::{Case, Evidence, MonteCarlo};

/// The benchmark's case (benches/scoring.rs, `case`).
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

fn main() {
    let reps: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let case = case(16, 1000, Some(20.0));
    let mut held = 0.0;
    for seed in 0..reps {
        let sim = MonteCarlo::new()
            .draws(256)
            .seed(seed)
            .run(&case)
            .expect("runs");
        held += sim.leader_holds();
    }
    // printed, so that the work cannot be optimised away
    println!(
        "{reps} x 256 draws; mean share of draws keeping the leader {:.4}",
        held / reps as f64
    );
}
