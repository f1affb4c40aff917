//! How far must one source be distrusted before the attribution of the
//! Sarmin chlorine attack (16 March 2015) fails?
//!
//! Russia rejected the JIM's findings as resting on biased information
//! from Western states. This example tests such a doubt with numbers: it
//! multiplies the reliability of every item from one source by a discount
//! `d`, reports the break-even discount (the largest `d` below 1 at which
//! the verdict changes), and prints the posterior as `d` goes from 1 to 0.
//! The source under doubt is `jim-flight-info` (the JIM's findings on
//! helicopter flights, which rest on information it did not publish), or
//! any source id given on the command line:
//!
//!     cargo run --example western_intelligence [-- SOURCE]

use attrib::{Case, Status};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let case = Case::from_json(&std::fs::read_to_string(path)?)?;
    let source = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "jim-flight-info".into());
    let Some(doubted) = case.sources().iter().find(|s| s.id().as_str() == source) else {
        let ids: Vec<&str> = case.sources().iter().map(|s| s.id().as_str()).collect();
        return Err(format!(
            "no source '{source}' in the case; it has: {}",
            ids.join(", ")
        )
        .into());
    };
    let items: Vec<&str> = case
        .evidence()
        .iter()
        .filter(|e| e.source() == Some(doubted.id()))
        .map(|e| e.id().as_str())
        .collect();

    println!("{}", case.title().unwrap_or("Sarmin"));
    println!(
        "Doubted source: {} ({}), reliability {:.3}, {} item(s): {}",
        doubted.id(),
        doubted.label().unwrap_or(""),
        doubted.reliability().get(),
        items.len(),
        items.join(", ")
    );
    let full = case.score()?;
    println!("At full trust: {}\n", full.verdict());

    match case.break_even_source(doubted.id())? {
        Some(d) => println!(
            "Break-even discount: {:.6}. Below it, the verdict is no longer '{}'.",
            d.get(),
            full.verdict()
        ),
        None if full.verdict().status() == Status::Insufficient => println!(
            "Break-even discount: none. The case is not attributed even at full trust, \
             and distrusting this source cannot attribute it."
        ),
        None => println!(
            "Break-even discount: none. The attribution holds even with the source discounted to 0."
        ),
    }

    println!(
        "\nPosterior as the discount on '{}' goes from 1 to 0:",
        doubted.id()
    );
    print!("{:>8}", "discount");
    for h in case.hypotheses() {
        print!("  {:>11}", h.id().as_str());
    }
    println!("  verdict");
    let mut leader_lost = None;
    for step in (0..=10).rev() {
        let d = step as f64 / 10.0;
        let post = case.discount_source(doubted.id(), d)?.score()?;
        print!("{d:>8.1}");
        for p in post.probabilities() {
            print!("  {:>11.4}", p.get());
        }
        println!("  {}", post.verdict().status());
        if post.leader().id() != full.leader().id() && leader_lost.is_none() {
            leader_lost = Some(d);
        }
    }
    match leader_lost {
        Some(d) => println!(
            "\n'{}' loses the lead by discount {d:.1}.",
            full.leader().id()
        ),
        None => println!(
            "\n'{}' keeps the lead at every discount: the other evidence carries it.",
            full.leader().id()
        ),
    }

    println!("\nBreak-even discount of every source:");
    for s in case.sources() {
        let d = case.break_even_source(s.id())?;
        println!(
            "  {:<22} {}",
            s.id().as_str(),
            d.map_or("none".to_string(), |d| format!("{:.6}", d.get()))
        );
    }
    Ok(())
}
