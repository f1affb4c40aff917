//! What would the captured-helicopter hypothesis need in order to lead?
//!
//! Armed opposition groups captured Taftanaz air base, with helicopters on
//! the field, in January 2013; the hypothesis that they, not the Syrian
//! Arab Armed Forces, dropped the chlorine was raised to create doubt
//! about the JIM's helicopter cases. For each chlorine case the JIM
//! attributed to the government, this example asks, on the codebook's
//! findings:
//!
//! 1. by what factor the prior of `opposition` would have to grow for it
//!    to lead (multiplying a hypothesis's prior by `f` multiplies its
//!    posterior odds against every rival by `f`);
//! 2. whether it leads once the JIM's own findings that tie the aircraft
//!    to the government are set aside (their reliability discounted to 0):
//!    that Syria's air defences make it "very unlikely" that another
//!    aircraft operated undetected, and that it "found no evidence" of
//!    opposition helicopter flights; and what prior factor it would still
//!    need.
//!
//!     cargo run --example captured_helicopters

use attrib::{Case, Posterior};
use std::error::Error;
use std::path::Path;

/// The helicopter chlorine cases the JIM attributed to the government.
const CASES: [&str; 3] = [
    "talmenes-2014-04-21",
    "sarmin-2015-03-16",
    "qmenas-2015-03-16",
];
const SUSPECT: &str = "opposition";
/// The kinds of finding that tie the aircraft to the government: the
/// JIM's air-defence argument and its search for opposition flights
/// (codebook, third edition).
const ONLY_GOVERNMENT_FLEW: [&str; 2] = [
    "jim-air-defence-exclusion",
    "jim-search-no-opposition-helicopters",
];

/// The factor by which `SUSPECT`'s prior must grow for it to lead: the
/// largest posterior odds of a rival against it.
fn factor(case: &Case, post: &Posterior) -> f64 {
    case.hypotheses()
        .iter()
        .filter(|h| h.id().as_str() != SUSPECT)
        .map(|h| post.ln_odds(h.id(), SUSPECT).unwrap_or(f64::INFINITY).exp())
        .fold(0.0, f64::max)
}

fn report(case: &Case, post: &Posterior) -> String {
    format!(
        "{SUSPECT} {:.4}, leader {} {:.4}; {SUSPECT} would lead with its prior multiplied by {:.1}",
        post.probability(SUSPECT).map_or(0.0, |p| p.get()),
        post.leader().id(),
        post.verdict().probability().get(),
        factor(case, post)
    )
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim");
    for stem in CASES {
        let case = Case::from_path(dir.join(format!("{stem}.json")))?;
        let post = case.score()?;
        println!("{}", case.title().unwrap_or(stem));
        println!("  as the findings stand: {}", report(&case, &post));
        let tied: Vec<&str> = case
            .evidence()
            .iter()
            .filter(|e| {
                e.kind()
                    .is_some_and(|k| ONLY_GOVERNMENT_FLEW.contains(&k.as_str()))
            })
            .map(|e| e.id().as_str())
            .collect();
        if tied.is_empty() {
            println!("  (the case has none of the findings {ONLY_GOVERNMENT_FLEW:?})\n");
            continue;
        }
        let mut without = case.clone();
        for id in &tied {
            without = without.discount_evidence(id, 0.0)?;
        }
        let post = without.score()?;
        println!(
            "  without '{}': {}",
            tied.join("', '"),
            report(&without, &post)
        );
        // Check the closed form: just above the factor the suspect leads.
        let f = factor(&without, &post);
        let check = |x: f64| -> Result<bool, Box<dyn Error>> {
            // The suspect's prior weight times x, the others unchanged.
            let weights: Vec<f64> = without
                .prior()
                .probabilities()
                .iter()
                .zip(without.hypotheses())
                .map(|(p, h)| {
                    if h.id().as_str() == SUSPECT {
                        p.get() * x
                    } else {
                        p.get()
                    }
                })
                .collect();
            let mut text: serde_json::Value = serde_json::from_str(&without.to_json()?)?;
            let mut prior = serde_json::Map::new();
            for (h, w) in without.hypotheses().iter().zip(weights) {
                prior.insert(h.id().to_string(), w.into());
            }
            text["prior"] = prior.into();
            let edited = Case::from_json(&text.to_string())?;
            Ok(edited.score()?.leader().id().as_str() == SUSPECT)
        };
        println!(
            "  check: at {:.4} x it leads: {}; at {:.4} x: {}\n",
            f * 1.001,
            check(f * 1.001)?,
            f * 0.999,
            check(f * 0.999)?
        );
    }
    Ok(())
}
