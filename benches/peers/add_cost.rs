//! The cost of one `Compiled::add` and of one value-of-information
//! candidate, at two case sizes, to show that both grow with the item and
//! not with the case (issue 19). Not a cargo target: copy it into
//! `examples/` of a checkout, build it with
//! `cargo build --release --example add_cost`, and run
//! `target/release/examples/add_cost 1000 10000`. Each case has 4
//! hypotheses and a source per item (so a check that walks the whole case
//! shows); the added items and candidates name a source of the case.
//! `ATTRIB_CALLS` (default 2 000) items are added and weighed; each time
//! is the least of 5 runs, and a candidate's is the time of
//! `value_of_information` with them all less its time with none.

use attrib::{Case, Evidence};
use std::time::Instant;

/// A case of `e` items, each from a source of its own.
fn case(e: usize) -> Case {
    let mut b = Case::builder();
    for k in 0..4 {
        b = b.hypothesis(format!("h{k}"), format!("Hypothesis {k}"));
    }
    for i in 0..e {
        b = b.source(format!("s{i}"), format!("Source {i}"), 0.8);
    }
    for i in 0..e {
        b = b.evidence(item(&format!("e{i}"), i));
    }
    b.build().expect("valid case")
}

/// An item with likelihoods that vary with `i`, from source `s{i}`.
fn item(id: &str, i: usize) -> attrib::EvidenceBuilder {
    let x = 0.1 + 0.8 * ((i * 7919) % 1000) as f64 / 1000.0;
    Evidence::builder(id)
        .likelihood("h0", x)
        .likelihood("h1", 1.0 - x)
        .likelihood("h2", 0.5)
        .likelihood("h3", 0.3)
        .source(format!("s{}", i % 7))
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a case size"))
        .collect();
    let calls: usize = std::env::var("ATTRIB_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let least = |run: &mut dyn FnMut() -> f64| (0..5).map(|_| run()).fold(f64::INFINITY, f64::min);
    for e in sizes {
        let case = case(e);
        let add = least(&mut || {
            let mut compiled = case.compile().expect("compiles");
            let items: Vec<_> = (0..calls).map(|k| item(&format!("new{k}"), k)).collect();
            let start = Instant::now();
            for it in items {
                compiled.add(it).expect("added");
            }
            start.elapsed().as_secs_f64()
        }) / calls as f64;

        let base = least(&mut || {
            let start = Instant::now();
            let none = case.value_of_information(Vec::new()).expect("scored");
            assert!(none.is_empty());
            start.elapsed().as_secs_f64()
        });
        let with = least(&mut || {
            let candidates: Vec<_> = (0..calls).map(|k| item(&format!("c{k}"), k)).collect();
            let start = Instant::now();
            let all = case.value_of_information(candidates).expect("scored");
            assert_eq!(all.len(), calls);
            start.elapsed().as_secs_f64()
        });
        let candidate = (with - base).max(0.0) / calls as f64;
        println!(
            "{e:>6} items: Compiled::add {:>9.1} us a call, value of information {:>9.1} us a candidate",
            add * 1e6,
            candidate * 1e6
        );
    }
}
