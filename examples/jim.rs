//! Reproduces the reasoning of the OPCW-UN Joint Investigative Mechanism
//! (JIM) on the chlorine attack on Sarmin, 16 March 2015, from the case
//! file `examples/cases/jim/sarmin.json`: the posterior over the four
//! hypotheses (Syrian Arab Armed Forces, ISIL, the armed opposition with
//! helicopters captured at Taftanaz, another actor or no attack), the
//! weight of evidence of every item, the items that carried the judgement,
//! and the verdict against the JIM's "sufficient information" standard
//! (posterior at least 0.95).
//!
//! Every likelihood in the file carries a rationale and public sources.
//! The numbers are judgements argued from the public record, not tuned to
//! reach the JIM's verdict; where the two differ, the output says so.
//!
//! Run with `cargo run --example jim`.

use attrib::{Case, Status};
use std::error::Error;

/// The JIM's conclusion on the case (S/2016/738, 24 August 2016, annex:
/// "sufficient information to conclude" that a helicopter of the Syrian
/// Arab Armed Forces dropped the device that released the toxic substance).
const JIM_VERDICT: &str = "government";

fn main() -> Result<(), Box<dyn Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin.json"
    );
    let case = Case::from_json(&std::fs::read_to_string(path)?)?;
    let posterior = case.score()?;

    println!("{}", case.title().unwrap_or("Sarmin"));
    println!(
        "{} hypotheses, {} evidence items from {} sources, weighting {}\n",
        case.hypotheses().len(),
        case.evidence().len(),
        case.sources().len(),
        case.weighting()
    );
    println!("{posterior}\n");
    println!("Weight of evidence for the leader, in decibans (10 dB = a factor of 10):");
    println!("{}\n", posterior.ledger());

    println!("The items that carried it (leader against the runner-up):");
    for (item, weight) in posterior.ledger().carriers().into_iter().take(5) {
        println!("  {weight:>9}  {:<26} {item}", weight.enfsi().words());
    }

    let verdict = posterior.verdict();
    let jim = case
        .hypotheses()
        .iter()
        .find(|h| h.id().as_str() == JIM_VERDICT)
        .map_or(JIM_VERDICT, |h| h.label());
    println!("\nThe JIM attributed the attack to: {jim}.");
    match (verdict.status(), verdict.hypothesis()) {
        (Status::Attributed, Some(h)) if h.as_str() == JIM_VERDICT => {
            println!("attrib agrees: {verdict}.");
        }
        (Status::Attributed, Some(_)) => println!("attrib disagrees: {verdict}."),
        _ => println!(
            "attrib ranks the same hypothesis first ({}) but, with these numbers, \
             stops short of the threshold: {verdict}.",
            posterior.leader().id()
        ),
    }
    for w in case.warnings() {
        println!("warning: {w}");
    }
    Ok(())
}
