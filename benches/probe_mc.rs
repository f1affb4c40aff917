//! Monte Carlo throughput probe, for the side-by-side comparison with the
//! numpy peer (`benches/peers/mc_numpy.py`): 16 hypotheses x 1 000 items,
//! one thread, draws per second, one JSON line per repeat.
//!
//! ```text
//! cargo bench --bench probe_mc -- --kind K [--draws 256] [--repeat 5]
//!     [--sampler | --both] [--runs N] [--write-case FILE]
//! ```
//!
//! `K` is one of the four kinds of case of issue 26:
//!
//! - `beta-r1`: every likelihood a point, drawn from `Beta(k l, k (1 - l))`
//!   with the case's concentration `k = 20`; reliability 1;
//! - `beta-r08`: the same, every item at reliability 0.8;
//! - `range-r1`: every likelihood a range `[0.8 l, 0.8 l + 0.2]`, drawn
//!   uniformly; reliability 1;
//! - `range-r08`: the same ranges, every item at reliability 0.8.
//!
//! `l` comes from the linear congruential sequence of `benches/scoring.rs`
//! (`0.01 + 0.98 u`), item by item, hypothesis by hypothesis; the numpy
//! peer generates the same numbers (or reads the case that
//! `--write-case FILE` writes, as attrib's JSON case file).
//!
//! Each repeat times whole runs of `--draws` draws (`MonteCarlo::run`, a
//! new seed each run, results summarised as a user gets them) for at least
//! 0.3 s and prints `{"probe": "mc/K/attrib", "unit": "draws/s", "value":
//! X}`. `--sampler` times the sampler alone instead (the same draws of the
//! same random numbers, without logarithms, weighing or sums) and prints
//! `mc/K/sampler`; `--both` alternates the two within each repeat, so that
//! their ratio is measured under the same load. `--runs N` makes a repeat
//! exactly `N` runs instead, a fixed amount of work for a count of cycles
//! (`perf stat -e cycles:u`) on a loaded machine.

mod common;

use attrib::{Case, Evidence, MonteCarlo};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Hypotheses and items of the probe's case.
const HYPOTHESES: usize = 16;
const ITEMS: usize = 1000;
/// The least time one repeat measures.
const MIN_TIME: Duration = Duration::from_millis(300);

/// The four kinds of case: (name, ranges, reliability).
const KINDS: [(&str, bool, f64); 4] = [
    ("beta-r1", false, 1.0),
    ("beta-r08", false, 0.8),
    ("range-r1", true, 1.0),
    ("range-r08", true, 0.8),
];

/// The case of one kind (see the file's documentation).
fn case(ranges: bool, reliability: f64) -> Case {
    let (h, e) = (HYPOTHESES, ITEMS);
    let mut next = common::likelihoods(h, e);
    let mut b = Case::builder();
    for k in 0..h {
        b = b.hypothesis(format!("h{k}"), format!("Hypothesis {k}"));
    }
    if !ranges {
        b = b.likelihood_concentration(20.0);
    }
    for i in 0..e {
        let mut item = Evidence::builder(format!("e{i}"));
        for k in 0..h {
            let l = next();
            item = if ranges {
                item.likelihood_range(format!("h{k}"), 0.8 * l, 0.8 * l + 0.2)
            } else {
                item.likelihood(format!("h{k}"), l)
            };
        }
        if reliability != 1.0 {
            item = item.reliability(reliability);
        }
        b = b.evidence(item);
    }
    b.build().expect("generated cases are valid")
}

/// What a repeat times.
#[derive(Clone, Copy, PartialEq)]
enum Probe {
    Attrib,
    Sampler,
}

/// Draws per second of `probe` on `case`, over whole runs of `draws`
/// draws for at least [`MIN_TIME`] (or exactly `runs` runs, when given);
/// `seed` counts the runs across repeats.
fn measure(probe: Probe, case: &Case, draws: usize, runs: Option<usize>, seed: &mut u64) -> f64 {
    let start = Instant::now();
    let mut done = 0usize;
    let more = |done: usize| match runs {
        Some(runs) => done < runs * draws,
        None => done == 0 || start.elapsed() < MIN_TIME,
    };
    while more(done) {
        let options = MonteCarlo::new().draws(draws).seed(*seed);
        *seed += 1;
        match probe {
            Probe::Attrib => {
                black_box(options.run(black_box(case)).expect("runs"));
            }
            Probe::Sampler => {
                black_box(options.sample_only(black_box(case)).expect("runs"));
            }
        }
        done += draws;
    }
    done as f64 / start.elapsed().as_secs_f64()
}

fn usage() -> ! {
    eprintln!(
        "usage: probe_mc --kind beta-r1|beta-r08|range-r1|range-r08 [--draws N] [--repeat R] \
         [--sampler | --both] [--runs N] [--write-case FILE]"
    );
    std::process::exit(2);
}

fn main() {
    let mut kind = None;
    let mut draws = 256usize;
    let mut repeat = 5usize;
    let mut probes = vec![Probe::Attrib];
    let mut write_case = None;
    let mut runs = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--kind" => kind = args.next(),
            "--draws" => {
                draws = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--sampler" => probes = vec![Probe::Sampler],
            "--both" => probes = vec![Probe::Attrib, Probe::Sampler],
            "--runs" => {
                runs = Some(
                    args.next()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or_else(|| usage()),
                )
            }
            "--write-case" => write_case = Some(args.next().unwrap_or_else(|| usage())),
            // cargo bench passes `--bench` to every bench target
            "--bench" => {}
            _ => usage(),
        }
    }
    let kind = kind.unwrap_or_else(|| usage());
    let Some(&(name, ranges, reliability)) = KINDS.iter().find(|k| k.0 == kind) else {
        usage()
    };
    if draws == 0 {
        usage();
    }
    let case = case(ranges, reliability);
    if let Some(path) = write_case {
        std::fs::write(&path, case.to_json().expect("the case writes"))
            .expect("the case file is written");
    }
    let mut seed = 0;
    for _ in 0..repeat {
        for &probe in &probes {
            let value = measure(probe, &case, draws, runs, &mut seed);
            let label = match probe {
                Probe::Attrib => "attrib",
                Probe::Sampler => "sampler",
            };
            println!(
                "{{\"probe\": \"mc/{name}/{label}\", \"unit\": \"draws/s\", \"value\": {value:.1}}}"
            );
        }
    }
}
