//! Reproduces the reasoning of the OPCW-UN Joint Investigative Mechanism
//! (JIM) on every case of its third, fourth and seventh reports (S/2016/738,
//! S/2016/888, S/2017/904), from the case files in `examples/cases/jim/`.
//!
//! With no argument it prints one row per case: date, place, agent, the
//! JIM's verdict, the posterior of each hypothesis, attrib's verdict,
//! whether the two agree, the items that carried the judgement, and how
//! robust it is (the share of Monte Carlo draws that keep the verdict, and
//! the break-even discount of the source the verdict leans on most). With
//! a case name it prints that case in full: posterior, ledger, leave-one-out,
//! break-even per source and Monte Carlo intervals.
//!
//! Every likelihood in the files carries a rationale and public sources.
//! The numbers are judgements argued from the public record, not tuned to
//! reach the JIM's verdict; where the two differ, the table says so.
//!
//!     cargo run --example jim                        # the table
//!     cargo run --example jim -- sarmin              # one case in full
//!     cargo run --example jim -- sarmin --svg out/   # and its charts, as SVG

use attrib::{Case, MonteCarlo, Posterior, Status};
use std::error::Error;
use std::path::{Path, PathBuf};

/// What the JIM concluded, per case file: the agent, the hypothesis it
/// attributed the attack to (None: not enough information to conclude),
/// and where it said so.
const JIM: &[(&str, &str, Option<&str>, &str)] = &[
    ("kafr-zita-2014-04-11", "chlorine", None, "S/2016/738"),
    (
        "kafr-zita-2014-04-18",
        "chlorine",
        None,
        "S/2016/738, S/2016/888",
    ),
    (
        "talmenes-2014-04-21",
        "chlorine",
        Some("government"),
        "S/2016/738",
    ),
    ("al-tamanah-2014-04-29", "chlorine", None, "S/2016/738"),
    ("al-tamanah-2014-05-25", "chlorine", None, "S/2016/738"),
    (
        "sarmin-2015-03-16",
        "chlorine",
        Some("government"),
        "S/2016/738",
    ),
    (
        "qmenas-2015-03-16",
        "chlorine",
        Some("government"),
        "S/2016/888",
    ),
    (
        "binnish-2015-03-24",
        "chlorine",
        None,
        "S/2016/738, S/2016/888",
    ),
    (
        "marea-2015-08-21",
        "sulfur mustard",
        Some("isil"),
        "S/2016/738",
    ),
    (
        "umm-hawsh-2016-09-15",
        "sulfur mustard",
        Some("isil"),
        "S/2017/904",
    ),
    (
        "khan-shaykhun-2017-04-04",
        "sarin",
        Some("government"),
        "S/2017/904",
    ),
];

/// Draws for the table; a single case gets ten times as many.
const DRAWS: usize = 2_000;
const SEED: u64 = 20_140_421;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim")
}

fn load(stem: &str) -> Result<Case, Box<dyn Error>> {
    let path = cases_dir().join(format!("{stem}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Case::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?)
}

/// The source whose items the verdict leans on most: the one whose full
/// discount (to 0) moves the leader's posterior furthest.
fn most_contested(case: &Case, post: &Posterior) -> Result<Option<String>, Box<dyn Error>> {
    let leader = post.leader().id().to_string();
    let p0 = post.probability(&leader).map_or(0.0, |p| p.get());
    let mut best: Option<(String, f64)> = None;
    for s in case.sources() {
        let p = case.discount_source(s.id(), 0.0)?.score()?;
        let shift = (p0 - p.probability(&leader).map_or(0.0, |p| p.get())).abs();
        if best.as_ref().is_none_or(|(_, b)| shift > *b) {
            best = Some((s.id().to_string(), shift));
        }
    }
    Ok(best.map(|(s, _)| s))
}

fn verdict_text(post: &Posterior) -> String {
    let v = post.verdict();
    match v.hypothesis() {
        Some(h) => format!("{h} ({:.3})", v.probability().get()),
        None => format!(
            "insufficient (leader {} {:.3})",
            v.leader(),
            v.probability().get()
        ),
    }
}

fn table() -> Result<(), Box<dyn Error>> {
    println!(
        "The JIM's cases scored by attrib (threshold 0.95; Monte Carlo {DRAWS} draws, seed {SEED})\n"
    );
    let mut agree = 0;
    for &(stem, agent, jim, report) in JIM {
        let case = load(stem)?;
        let post = case.score()?;
        let ours = post.verdict().hypothesis().map(|h| h.to_string());
        let same = ours.as_deref() == jim;
        agree += usize::from(same);
        let sim = case.monte_carlo(MonteCarlo::new().draws(DRAWS).seed(SEED))?;
        let contested = most_contested(&case, &post)?;
        let break_even = match &contested {
            Some(s) => match case.break_even_source(s)? {
                Some(d) => format!("{s} {:.3}", d.get()),
                None => format!("{s} none"),
            },
            None => "no sources".into(),
        };
        println!(
            "{} {} ({agent})",
            case.date().unwrap_or("?"),
            case.place().unwrap_or(stem)
        );
        println!(
            "  JIM: {:<14} attrib: {:<38} {}",
            jim.unwrap_or("insufficient"),
            verdict_text(&post),
            if same { "agree" } else { "DIFFER" }
        );
        let posterior: Vec<String> = post
            .hypotheses()
            .iter()
            .zip(post.probabilities())
            .map(|(h, p)| format!("{} {:.3}", h.id(), p.get()))
            .collect();
        println!("  posterior: {}", posterior.join(", "));
        let carriers: Vec<String> = post
            .ledger()
            .carriers()
            .into_iter()
            .take(3)
            .map(|(e, w)| format!("{e} {w}"))
            .collect();
        println!("  carried by: {}", carriers.join(", "));
        println!(
            "  robustness: verdict holds in {:.1} % of draws; break-even discount of the source it leans on most: {break_even}",
            100.0 * sim.verdict_holds()
        );
        println!("  JIM report: {report}\n");
    }
    println!(
        "attrib agrees with the JIM's verdict in {agree} of {} cases.",
        JIM.len()
    );
    Ok(())
}

/// Writes the three charts of a case into `dir` (feature `plot`, on by
/// default).
fn charts(case: &Case, stem: &str, dir: &Path) -> Result<(), Box<dyn Error>> {
    use attrib::plot;
    std::fs::create_dir_all(dir)?;
    let title = case.title().unwrap_or(stem);
    let files = [
        (
            format!("{stem}-trajectory.svg"),
            plot::trajectory_svg(
                &case.trajectory()?,
                &format!("{title}: posterior as the evidence is added"),
            )?,
        ),
        (
            format!("{stem}-tornado.svg"),
            plot::tornado_svg(
                &case.tornado()?,
                &format!("{title}: what moves the leader's posterior"),
            )?,
        ),
        (
            format!("{stem}-intervals.svg"),
            plot::intervals_svg(
                &case.monte_carlo(MonteCarlo::new().draws(10 * DRAWS).seed(SEED))?,
                &format!("{title}: Monte Carlo intervals"),
            )?,
        ),
    ];
    for (name, svg) in files {
        let path = dir.join(name);
        std::fs::write(&path, svg)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn one(stem: &str) -> Result<(), Box<dyn Error>> {
    let case = load(stem)?;
    let post = case.score()?;
    let jim = JIM.iter().find(|c| c.0 == stem);
    println!("{}", case.title().unwrap_or(stem));
    if let Some(&(_, agent, verdict, report)) = jim {
        println!(
            "agent: {agent}; the JIM ({report}): {}",
            verdict.unwrap_or("insufficient information to conclude")
        );
    }
    println!(
        "{} hypotheses, {} evidence items from {} sources\n",
        case.hypotheses().len(),
        case.evidence().len(),
        case.sources().len()
    );
    println!("{post}\n");
    println!("Weight of evidence for the leader, in decibans (10 dB = a factor of 10):");
    println!("{}\n", post.ledger());

    println!("Leave one out (posterior of the leader without the item):");
    let leader = post.leader().id().clone();
    for l in case.leave_one_out()? {
        let p = l.probability(&leader).map_or(0.0, |p| p.get());
        let mark = if l.is_linchpin() { "  <- linchpin" } else { "" };
        println!(
            "  {:<40} {p:.4}  {}{mark}",
            l.evidence().as_str(),
            l.verdict().status()
        );
    }

    println!(
        "\nBreak-even discount per source (largest factor on its reliability that changes the verdict):"
    );
    for s in case.sources() {
        let d = case.break_even_source(s.id())?;
        println!(
            "  {:<28} {}",
            s.id().as_str(),
            d.map_or("none".to_string(), |d| format!("{:.6}", d.get()))
        );
    }

    let sim = case.monte_carlo(MonteCarlo::new().draws(10 * DRAWS).seed(SEED))?;
    println!("\nMonte Carlo (MODEL.md section 6):\n{sim}");
    if post.verdict().status() == Status::Insufficient {
        println!(
            "\nThe case is not attributed at the threshold of {}.",
            case.threshold()
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let svg = match args.iter().position(|a| a == "--svg") {
        Some(i) => Some(PathBuf::from(
            args.get(i + 1)
                .ok_or("--svg needs a directory, e.g. --svg out/")?,
        )),
        None => None,
    };
    let name = args.first().filter(|a| *a != "--svg");
    match name {
        None if svg.is_some() => {
            Err("--svg goes with a case name, e.g. `-- sarmin --svg out/`".into())
        }
        None => table(),
        Some(name) => {
            let matches: Vec<&str> = JIM
                .iter()
                .map(|c| c.0)
                .filter(|stem| stem.starts_with(name.as_str()))
                .collect();
            if matches.is_empty() {
                let all: Vec<&str> = JIM.iter().map(|c| c.0).collect();
                return Err(format!("no case '{name}'; the cases are: {}", all.join(", ")).into());
            }
            for (i, stem) in matches.iter().enumerate() {
                if i > 0 {
                    println!("\n{}\n", "-".repeat(72));
                }
                one(stem)?;
                if let Some(dir) = &svg {
                    println!();
                    charts(&load(stem)?, stem, dir)?;
                }
            }
            Ok(())
        }
    }
}
