//! The Sarmin chlorine attack of 16 March 2015 as an Analysis of Competing
//! Hypotheses (ACH) matrix (`examples/cases/ach/sarmin.csv`, derived from
//! the case file `examples/cases/jim/sarmin-2015-03-16.json`), shown both
//! ways: the classic ACH scores an analyst's tool gives (PARC ACH, C-ACH,
//! Open Synthesis), and the posterior `attrib` gives when the ratings are
//! read as likelihoods and credibility and relevance as reliability; then
//! where the two disagree, and why.
//!
//!     cargo run --example ach_sarmin

use attrib::ach::{AchMatrix, Mapping};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cases/ach/sarmin.csv");
    let matrix = AchMatrix::from_csv(&std::fs::read_to_string(path)?)?;
    let case = matrix.to_case(&Mapping::default())?;
    let post = case.score()?;
    let classic = matrix.classic();

    println!(
        "Sarmin, 16 March 2015, as an ACH matrix: {} rows\n",
        matrix.rows().len()
    );
    println!(
        "{:<12} {:>10} {:>7} {:>10} {:>7} {:>10}",
        "hypothesis", "posterior", "PARC", "PARC wtd", "C-ACH", "Open Syn."
    );
    for (h, id) in classic.hypotheses.iter().enumerate() {
        println!(
            "{:<12} {:>10.4} {:>7.1} {:>10.3} {:>7.1} {:>10.1}",
            id,
            post.probability(id).map_or(0.0, |p| p.get()),
            classic.parc[h],
            classic.parc_weighted[h],
            classic.cach[h],
            classic.open_synthesis[h]
        );
    }
    println!("\nverdict: {}", post.verdict());
    println!("\nRankings, most likely first:");
    let bayes: Vec<String> = post
        .ranking()
        .iter()
        .map(|(h, _)| h.id().to_string())
        .collect();
    println!("  {:<18} {}", "posterior", bayes.join(" > "));
    for (tool, ranking) in classic.rankings() {
        println!("  {:<18} {}", tool, ranking.join(" > "));
    }
    println!("\nThe items that carry the posterior:");
    for (item, w) in post.ledger().carriers().into_iter().take(4) {
        println!("  {w:>9}  {item}");
    }
    println!("\nWhere the views disagree, and why:");
    let notes = matrix.disagreements(&post);
    if notes.is_empty() {
        println!("  nowhere: every ranking agrees.");
    }
    for n in notes {
        println!("  {n}");
    }
    println!(
        "\nThe classic scores rank; only the posterior says how sure: '{}' at {:.3}, {} the threshold of {}.",
        post.leader().id(),
        post.verdict().probability().get(),
        if post.verdict().hypothesis().is_some() {
            "above"
        } else {
            "below"
        },
        case.threshold()
    );
    Ok(())
}
