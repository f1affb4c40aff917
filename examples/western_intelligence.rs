//! How far must information from member states be distrusted before an
//! attribution to the Syrian government falls?
//!
//! The Russian Federation rejected the JIM's findings as resting on biased
//! information supplied by Western states. The JIM's codebook
//! (`examples/cases/jim/codebook.json`) keeps that information as one
//! source, `member-states`. For every case the JIM attributed to the
//! government, this example multiplies the reliability of everything from
//! that source by a discount `d`, reports the break-even discount (the
//! largest `d` below 1 at which attrib's verdict changes) and the
//! posterior at `d` = 1, 0.5 and 0, beside the codebook's `sceptic` and
//! `public-record` perspectives. Another source id may be given:
//!
//!     cargo run --example western_intelligence [-- SOURCE]

use attrib::{Case, Status};
use std::error::Error;
use std::path::Path;

/// The cases the JIM attributed to the Syrian Arab Armed Forces.
const GOVERNMENT: [&str; 4] = [
    "talmenes-2014-04-21",
    "sarmin-2015-03-16",
    "qmenas-2015-03-16",
    "khan-shaykhun-2017-04-04",
];
const SUSPECT: &str = "government";

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim");
    let source = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "member-states".into());
    println!("Doubted source: {source}\n");
    for stem in GOVERNMENT {
        let case = Case::from_path(dir.join(format!("{stem}.json")))?;
        let Some(doubted) = case.sources().iter().find(|s| s.id().as_str() == source) else {
            let ids: Vec<&str> = case.sources().iter().map(|s| s.id().as_str()).collect();
            return Err(
                format!("no source '{source}' in {stem}; it has: {}", ids.join(", ")).into(),
            );
        };
        let items: Vec<&str> = case
            .evidence()
            .iter()
            .filter(|e| e.source() == Some(doubted.id()))
            .map(|e| e.id().as_str())
            .collect();
        let full = case.score()?;
        println!("{}", case.title().unwrap_or(stem));
        println!(
            "  findings from '{source}': {}",
            if items.is_empty() {
                "none".to_string()
            } else {
                items.join(", ")
            }
        );
        let p = |c: &Case| -> Result<String, Box<dyn Error>> {
            let post = c.score()?;
            Ok(format!(
                "{SUSPECT} {:.3}, {}",
                post.probability(SUSPECT).map_or(0.0, |p| p.get()),
                post.verdict().status()
            ))
        };
        for d in [1.0, 0.5, 0.0] {
            println!(
                "  discount {d:.1}: {}",
                p(&case.discount_source(doubted.id(), d)?)?
            );
        }
        for id in ["sceptic", "public-record"] {
            if case.perspectives().iter().any(|x| x.id().as_str() == id) {
                println!("  perspective {id}: {}", p(&case.perspective(id)?)?);
            }
        }
        match attrib::BreakEven::source(doubted.id()).run(&case)? {
            Some(d) => println!(
                "  break-even discount {:.6}: below it the verdict is no longer '{}'.\n",
                d.get(),
                full.verdict()
            ),
            None if full.verdict().status() == Status::Insufficient => println!(
                "  no break-even: attrib does not attribute the case even at full trust, and \
                 distrusting this source cannot attribute it.\n"
            ),
            None => println!(
                "  no break-even: the attribution holds with the source discounted to 0; the \
                 other findings carry it.\n"
            ),
        }
    }
    Ok(())
}
