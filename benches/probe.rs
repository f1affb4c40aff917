//! attrib's side of the peer harness (`benches/peers/harness.py`): one
//! scoring probe per run, printed as JSON lines
//! `{"probe": NAME, "unit": "updates/s", "value": X}` (higher is better;
//! updates are evidence items x hypotheses, summed over every case).
//!
//! ```sh
//! cargo bench --bench probe -- --probe batch/4x16x1000000 --repeat 3 [--clock cpu]
//! ```
//!
//! `--clock cpu` times the CPU time of this process's threads instead of
//! the wall clock (Linux), for comparing two builds on a loaded machine;
//! the harness passes it by default, as it does to the numpy and C peers.
//! Built with the feature `rayon`, `Batch` scores on every core and the
//! CPU time counts them all (a rate per core, not the wall-clock rate).
//!
//! Probes (each `NAME/attrib`):
//! - `score/{h}x{e}`: `Compiled::score_into` on one case, in cache;
//! - `batch/{h}x{e}x{cases}`: `Batch::score_into` on `cases` copies of one
//!   case (`batch/16x1000x1000` is 128 MB, `batch/4x16x1000000` 512 MB).
//!
//! The case `{h}x{e}` is the one of `benches/scoring.rs` and of the numpy
//! peer (`benches/peers/numpy_probe.py`): likelihoods `0.01 + 0.98 u` with
//! `u` from a seeded linear congruential sequence, so both sides sum the
//! same values. Each timed run lasts about a quarter of a second.

mod common;

use attrib::{Batch, Case, Compiled, Evidence};
use std::hint::black_box;
use std::time::Instant;

/// The case `{h}x{e}` of `benches/scoring.rs`, compiled.
fn case(h: usize, e: usize) -> Compiled {
    let mut next = common::likelihoods(h, e);
    let mut b = Case::builder();
    for k in 0..h {
        b = b.hypothesis(format!("h{k}"), format!("Hypothesis {k}"));
    }
    for i in 0..e {
        let mut item = Evidence::builder(format!("e{i}"));
        for k in 0..h {
            item = item.likelihood(format!("h{k}"), next());
        }
        b = b.evidence(item);
    }
    b.build()
        .and_then(|c| c.compile())
        .expect("generated cases are valid")
}

/// `h`, `e` and `cases` of a name `{h}x{e}` or `{h}x{e}x{cases}`.
fn shape(text: &str) -> Option<(usize, usize, usize)> {
    let parts: Vec<usize> = text
        .split('x')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match parts[..] {
        [h, e] => Some((h, e, 1)),
        [h, e, c] => Some((h, e, c)),
        _ => None,
    }
}

/// Seconds of CPU this process's threads have run (Linux: the sum of
/// `/proc/self/task/*/schedstat`, in nanoseconds), for `--clock cpu`: time
/// waiting for a core shared with other jobs does not count, and the
/// threads of `rayon`'s pool (with the feature `rayon`) do. (This thread's
/// own time alone made a parallel `Batch` look many times faster than it
/// is.)
fn cpu_seconds() -> f64 {
    let tasks = std::fs::read_dir("/proc/self/task")
        .expect("--clock cpu needs /proc/self/task/*/schedstat (Linux)");
    tasks
        .filter_map(|task| {
            let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
            stat.split_whitespace().next()?.parse::<f64>().ok()
        })
        .sum::<f64>()
        * 1e-9
}

/// Updates per second of `run` (which does `updates` per call), timed over
/// as many calls as fit in about a quarter of a second, of the wall clock
/// or (`cpu`) of this process's CPU time ([`cpu_seconds`]).
fn rate(updates: usize, cpu: bool, mut run: impl FnMut()) -> f64 {
    let mut calls = 1usize;
    loop {
        let wall = Instant::now();
        let start = if cpu { cpu_seconds() } else { 0.0 };
        for _ in 0..calls {
            run();
        }
        let seconds = if cpu {
            cpu_seconds() - start
        } else {
            wall.elapsed().as_secs_f64()
        };
        if seconds >= 0.25 {
            return (updates * calls) as f64 / seconds;
        }
        calls = if seconds < 0.01 {
            calls * 10
        } else {
            (calls as f64 * 0.3 / seconds).ceil() as usize
        };
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    // `cargo bench` adds `--bench`; a run without `--probe` (as `cargo
    // bench` with no filter) measures nothing.
    let Some(probe) = value("--probe") else {
        return;
    };
    let repeat: usize = value("--repeat").and_then(|r| r.parse().ok()).unwrap_or(1);
    let cpu = value("--clock").is_some_and(|c| c == "cpu");
    let (kind, size) = probe.split_once('/').unwrap_or((&probe, ""));
    let Some((h, e, cases)) = shape(size) else {
        eprintln!("unknown probe {probe}: expected score/HxE or batch/HxExCASES");
        std::process::exit(2);
    };
    let compiled = case(h, e);
    let mut measure: Box<dyn FnMut() -> f64> = match kind {
        "score" => {
            let mut out = vec![0.0; h];
            Box::new(move || {
                rate(h * e, cpu, || {
                    black_box(&compiled)
                        .score_into(black_box(&mut out))
                        .expect("scores");
                })
            })
        }
        "batch" => {
            let mut batch = Batch::for_case(&compiled);
            for _ in 0..cases {
                batch.push(&compiled).expect("same shape");
            }
            let mut out = vec![0.0; h * cases];
            let mut leaders = vec![None; cases];
            Box::new(move || {
                rate(h * e * cases, cpu, || {
                    black_box(&batch)
                        .score_into(black_box(&mut out), black_box(&mut leaders))
                        .expect("scores");
                })
            })
        }
        _ => {
            eprintln!("unknown probe {probe}: expected score/HxE or batch/HxExCASES");
            std::process::exit(2);
        }
    };
    for _ in 0..repeat {
        let v = measure();
        println!("{{\"probe\": \"{probe}/attrib\", \"unit\": \"updates/s\", \"value\": {v:.6e}}}");
    }
}
