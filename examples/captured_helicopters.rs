//! What would the captured-helicopter hypothesis need in order to lead?
//!
//! Armed opposition groups captured Taftanaz air base, with helicopters on
//! the field, in January 2013; the hypothesis that they, not the Syrian
//! Arab Armed Forces, dropped chlorine on Sarmin on 16 March 2015 was
//! raised to create doubt. This example states, for the Sarmin case file,
//! (1) what prior the `opposition` hypothesis would need to lead, and
//! (2) what likelihood the item "no report of any opposition helicopter
//! flight" would need under it, everything else unchanged.
//!
//!     cargo run --example captured_helicopters

use attrib::Case;
use serde_json::Value;
use std::error::Error;

const SUSPECT: &str = "opposition";
const ITEM: &str = "no-opposition-helicopter-flights";

/// The case with one value of its file changed.
fn edited(case: &Case, edit: impl FnOnce(&mut Value)) -> Result<Case, Box<dyn Error>> {
    let mut v: Value = serde_json::from_str(&case.to_json()?)?;
    edit(&mut v);
    Ok(Case::from_json(&v.to_string())?)
}

fn leads(case: &Case) -> Result<bool, Box<dyn Error>> {
    Ok(case.score()?.leader().id().as_str() == SUSPECT)
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let case = Case::from_json(&std::fs::read_to_string(path)?)?;
    let post = case.score()?;
    let h = case
        .hypothesis_index(SUSPECT)
        .ok_or("the case has no 'opposition' hypothesis")?;
    let p = post.probabilities();
    println!("{}", case.title().unwrap_or("Sarmin"));
    println!(
        "Now: {SUSPECT} has posterior {:.4} (prior {:.4}); the leader is {} at {:.4}.\n",
        p[h].get(),
        case.prior().probabilities()[h].get(),
        post.leader().id(),
        post.verdict().probability().get()
    );

    // (1) The prior. Multiplying the suspect's prior weight by f multiplies
    // its posterior odds against every rival by f, so it leads once f
    // exceeds the largest posterior ratio rival / suspect.
    let f = (0..p.len())
        .filter(|&k| k != h)
        .map(|k| {
            (post.ln_odds(case.hypotheses()[k].id(), SUSPECT))
                .unwrap_or(f64::INFINITY)
                .exp()
        })
        .fold(0.0, f64::max);
    let weights: Vec<f64> = case
        .prior()
        .probabilities()
        .iter()
        .map(|p| p.get())
        .collect();
    let others: f64 = weights
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != h)
        .map(|(_, w)| w)
        .sum();
    let needed = f * weights[h] / (f * weights[h] + others);
    println!("(1) Prior. The evidence favours the leader over '{SUSPECT}' by a factor of {f:.1}.");
    println!(
        "    '{SUSPECT}' leads only with a prior weight {f:.1} times its present one: a prior \
         probability above {needed:.4}, against {:.4} now.",
        weights[h]
    );
    // Check it: just above that factor the suspect leads, just below it does not.
    let with_prior = |factor: f64| {
        edited(&case, |v| {
            let ids: Vec<String> = case
                .hypotheses()
                .iter()
                .map(|x| x.id().to_string())
                .collect();
            let mut prior = serde_json::Map::new();
            for (k, id) in ids.iter().enumerate() {
                let w = if k == h {
                    weights[k] * factor
                } else {
                    weights[k]
                };
                prior.insert(id.clone(), Value::from(w));
            }
            v["prior"] = Value::Object(prior);
        })
    };
    println!(
        "    Check: at {:.4} times it leads: {}; at {:.4} times: {}.\n",
        f * 1.001,
        leads(&with_prior(f * 1.001)?)?,
        f * 0.999,
        leads(&with_prior(f * 0.999)?)?
    );

    // (2) The likelihood of "no report of any opposition helicopter flight".
    let i = case
        .evidence()
        .iter()
        .position(|e| e.id().as_str() == ITEM)
        .ok_or("the case has no such item")?;
    let now = case.evidence()[i].likelihoods()[h].midpoint().get();
    let with_likelihood = |l: f64| {
        edited(&case, |v| {
            v["evidence"][i]["likelihoods"][SUSPECT] = Value::from(l);
        })
    };
    println!("(2) Likelihood of '{ITEM}' under '{SUSPECT}', now {now}.");
    let at_one = with_likelihood(1.0)?;
    if leads(&at_one)? {
        // Bisection on the likelihood, which can only raise the suspect's posterior.
        let (mut lo, mut hi) = (now, 1.0);
        while hi - lo > 1e-6 {
            let mid = lo + (hi - lo) / 2.0;
            if leads(&with_likelihood(mid)?)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        println!("    '{SUSPECT}' leads once it exceeds {hi:.6}.");
    } else {
        let post = at_one.score()?;
        println!(
            "    Even at 1 (silence is certain if the opposition flew), '{SUSPECT}' does not lead: \
             its posterior is {:.4}, the leader's ({}) {:.4}.",
            post.probability(SUSPECT).map_or(0.0, |p| p.get()),
            post.leader().id(),
            post.verdict().probability().get()
        );
        let rest = (0..p.len())
            .filter(|&k| k != h)
            .map(|k| {
                post.ln_odds(case.hypotheses()[k].id(), SUSPECT)
                    .unwrap_or(f64::INFINITY)
                    .exp()
            })
            .fold(0.0, f64::max);
        println!(
            "    It would still need its prior weight multiplied by {rest:.1}: the silence is not \
             what holds the hypothesis back; the rest of the evidence is."
        );
    }
    Ok(())
}
