//! Rebuilds the reasoning of the OPCW-UN Joint Investigative Mechanism
//! (JIM) on the eleven cases of its third, fourth and seventh reports
//! (S/2016/738, S/2016/888, S/2017/904), all weighed by one codebook,
//! `examples/cases/jim/codebook.json`.
//!
//! Each case file lists only the findings the JIM reported for that case,
//! each as a `kind` of finding whose likelihoods the codebook fixes once,
//! from what the finding means, for every case alike. No verdict of any
//! case is evidence, and nothing published after the report that decided
//! a case is used. The codebook also writes down the JIM's standard of
//! proof (the threshold) and two perspectives on whom to trust: `sceptic`,
//! the Russian Federation's objections as the record states them, and
//! `public-record`, which drops what rests on undisclosed information.
//!
//! With no argument it prints one row per case: the JIM's verdict;
//! attrib's leader and its posterior as the JIM weighed the findings
//! (`base`); the verdict under each standard of proof the codebook names
//! ("almost certain", the JIM's "sufficient information", "reasonable
//! grounds"; the headline one marked `*`) and whether the headline one
//! agrees with the JIM; the headline verdict under `sceptic`, under
//! `sceptic-at-decision` (only the objections on record before the report
//! that decided the case, from each case file) with how many of the
//! sceptic's objections came only after it, and under `public-record`;
//! and the share of Monte Carlo draws in which the base verdict holds.
//! With a case name it prints that case as the JIM reasoned it, step by
//! step (the codebook's steps of reasoning, `attrib::Chain`): each finding
//! with the JIM's words (its quote, its word and band) and what it weighs
//! after its grade and group, each step's weight, where the rest of the
//! probability sits and why, the verdict under each standard, and what
//! would have to be believed to reverse it: the break-even of the step
//! that carries the verdict (the step whose findings together weigh most
//! for the leader against the runner-up).
//!
//!     cargo run --example jim                        # the table
//!     cargo run --example jim -- sarmin              # one case in full
//!     cargo run --example jim --features plot -- sarmin --svg out/
//!                                                    # and its charts, as SVG

use attrib::{Case, Chain, MonteCarlo, Posterior};
use std::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the JIM concluded, per case file: the agent, the hypothesis it
/// attributed the attack to (`None`: not sufficient information to
/// conclude), and the report that decided it. This is the yardstick the
/// table compares with; it is never evidence.
const JIM: &[(&str, &str, Option<&str>, &str)] = &[
    ("kafr-zita-2014-04-11", "chlorine", None, "S/2016/738"),
    ("kafr-zita-2014-04-18", "chlorine", None, "S/2016/888"),
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
    ("binnish-2015-03-24", "chlorine", None, "S/2016/888"),
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

/// The perspectives the table shows beside the case as written: the
/// sceptic's objections as recorded, those on record when the case was
/// decided (each case file's own `sceptic-at-decision`), and the public
/// record.
const PERSPECTIVES: [&str; 3] = ["sceptic", "sceptic-at-decision", "public-record"];

/// How many of the sceptic's discounts that act on `case` (on a source
/// one of its items names, on a kind one of its items carries, on one of
/// its items) its own `sceptic-at-decision` lacks: the objections that came
/// only after the deciding report, as the case files date them. `None`
/// when the case declares no such perspective.
fn after_decision(case: &Case) -> Option<(usize, usize)> {
    let find = |id: &str| case.perspectives().iter().find(|p| p.id().as_str() == id);
    let (sceptic, at) = (find("sceptic")?, find("sceptic-at-decision")?);
    let acting = |p: &attrib::Perspective| -> Vec<(String, u64)> {
        let sources = p
            .source_discounts()
            .iter()
            .filter(|(s, _)| case.evidence().iter().any(|e| e.source() == Some(s)))
            .map(|(s, d)| (format!("source {s}"), d.get().to_bits()));
        let kinds = p
            .kind_discounts()
            .iter()
            .filter(|(k, _)| case.evidence().iter().any(|e| e.kind() == Some(k)))
            .map(|(k, d)| (format!("kind {k}"), d.get().to_bits()));
        let items = p
            .evidence_discounts()
            .iter()
            .map(|(e, d)| (format!("item {e}"), d.get().to_bits()));
        sources.chain(kinds).chain(items).collect()
    };
    let (all, then) = (acting(sceptic), acting(at));
    let later = all.iter().filter(|d| !then.contains(d)).count();
    Some((later, all.len()))
}

/// Draws for the table; a single case gets ten times as many.
const DRAWS: usize = 2_000;
const SEED: u64 = 20_140_421;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim")
}

fn load(stem: &str) -> Result<Case, Box<dyn Error>> {
    Ok(Case::from_path(cases_dir().join(format!("{stem}.json")))?)
}

/// A standard's id, short enough for a column.
fn short(id: &str) -> &str {
    match id {
        "almost-certain" => "certain",
        "sufficient-information" => "sufficient",
        "reasonable-grounds" => "reasonable",
        other => other,
    }
}

/// `government` or `insufficient`, for a verdict under a standard.
fn verdict_word(v: &attrib::Verdict) -> String {
    v.hypothesis()
        .map_or("insufficient".to_string(), |h| h.to_string())
}

/// `government 0.912` or `insufficient`, for a table cell.
fn verdict_cell(post: &Posterior) -> String {
    match post.verdict().hypothesis() {
        Some(h) => h.to_string(),
        None => "insufficient".into(),
    }
}

fn table(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let first = load(JIM[0].0)?;
    let headline = first.standard().map_or("threshold", |s| s.id());
    writeln!(
        out,
        "The JIM's cases, weighed by one codebook (headline standard: {headline}, {}; Monte Carlo {DRAWS} draws, seed {SEED})\n",
        first.threshold()
    )?;
    let mut head = format!(
        "{:<26} {:<14} {:<12} {:<22}",
        "case", "agent", "JIM", "attrib leader (base)"
    );
    for s in first.standards() {
        let mark = if Some(s.id()) == first.standard().map(|h| h.id()) {
            "*"
        } else {
            ""
        };
        head.push_str(&format!(" {:<13}", format!("{}{mark}", short(s.id()))));
    }
    head.push_str(&format!(
        " {:<6} {:<13} {:<13} {:<7} {:<13} {:>6}",
        "agree", "sceptic", "at-decision", "after", "public-record", "holds"
    ));
    writeln!(out, "{head}")?;
    let mut agree = 0;
    let mut differ = Vec::new();
    for &(stem, agent, jim, _) in JIM {
        let case = load(stem)?;
        let post = case.score()?;
        let ours = post.verdict().hypothesis().map(|h| h.to_string());
        let same = ours.as_deref() == jim;
        agree += usize::from(same);
        if !same {
            differ.push((stem, post.clone()));
        }
        let leader = post.leader().id();
        let base = format!(
            "{} {:.3}",
            leader,
            post.probability(leader).map_or(0.0, |p| p.get())
        );
        let standards: String = case
            .standards()
            .iter()
            .map(|s| format!(" {:<13}", verdict_word(&s.verdict(&post))))
            .collect();
        let mut others = Vec::new();
        for p in PERSPECTIVES {
            others.push(verdict_cell(&case.perspective(p)?.score()?));
        }
        let after = after_decision(&case).map_or("-".to_string(), |(later, all)| {
            if all == 0 {
                "none".to_string()
            } else if later == all {
                format!("all {all}")
            } else {
                format!("{later} of {all}")
            }
        });
        let sim = MonteCarlo::new().draws(DRAWS).seed(SEED).run(&case)?;
        writeln!(
            out,
            "{:<26} {:<14} {:<12} {:<22}{standards} {:<6} {:<13} {:<13} {:<7} {:<13} {:>5.1}%",
            stem,
            agent,
            jim.unwrap_or("insufficient"),
            base,
            if same { "yes" } else { "NO" },
            others[0],
            others[1],
            after,
            others[2],
            100.0 * sim.verdict_holds()
        )?;
    }
    writeln!(
        out,
        "\nUnder the headline standard ({headline}) attrib agrees with the JIM's verdict in {agree} of {} cases.",
        JIM.len()
    )?;
    for s in first.standards() {
        let mut n = 0;
        for &(stem, _, jim, _) in JIM {
            let post = load(stem)?.score()?;
            let v = s.verdict(&post);
            n += usize::from(v.hypothesis().map(|h| h.as_str()) == jim);
        }
        writeln!(
            out,
            "  under {} ({}): {n} of {}",
            s.id(),
            s.threshold(),
            JIM.len()
        )?;
    }
    for (stem, post) in differ {
        let carriers: Vec<String> = post
            .ledger()
            .carriers()
            .into_iter()
            .take(3)
            .map(|(e, w)| format!("{e} {w}"))
            .collect();
        writeln!(
            out,
            "  {stem}: leader {} at {:.3}; carried by {}",
            post.leader().id(),
            post.probability(post.leader().id())
                .map_or(0.0, |p| p.get()),
            carriers.join(", ")
        )?;
    }
    writeln!(
        out,
        "\nStandards: `certain` almost-certain, `sufficient` the JIM's sufficient information, `reasonable` reasonable grounds; `*` the headline, which `agree`, `sceptic`, `at-decision` and `public-record` use.\n`at-decision`: the sceptic with only the objections on record before the deciding report (each case file's `sceptic-at-decision`); `after`: how many of the sceptic's discounts that act on the case came only after that report.\n`holds`: the share of draws (every likelihood drawn from Beta around its value) that keep the base verdict.\nOne case in full: cargo run --example jim -- NAME"
    )?;
    Ok(())
}

/// Writes the three charts of a case into `dir` (feature `plot`).
#[cfg(feature = "plot")]
fn charts(out: &mut impl Write, case: &Case, stem: &str, dir: &Path) -> Result<(), Box<dyn Error>> {
    use attrib::plot;
    std::fs::create_dir_all(dir)?;
    let title = case.title().unwrap_or(stem);
    let files = [
        (
            format!("{stem}-trajectory.svg"),
            plot::trajectory_svg(
                &attrib::Trajectory::of(case)?,
                &format!("{title}: posterior as the evidence is added"),
            )?,
        ),
        (
            format!("{stem}-tornado.svg"),
            plot::tornado_svg(
                &attrib::Tornado::of(case)?,
                &format!("{title}: what moves the leader's posterior"),
            )?,
        ),
        (
            format!("{stem}-intervals.svg"),
            plot::intervals_svg(
                &MonteCarlo::new().draws(10 * DRAWS).seed(SEED).run(case)?,
                &format!("{title}: Monte Carlo intervals"),
            )?,
        ),
    ];
    for (name, svg) in files {
        let path = dir.join(name);
        std::fs::write(&path, svg)?;
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

/// What `--svg` says when the example is built without the feature `plot`.
const NO_PLOT: &str = "--svg needs the feature `plot`: \
                       cargo run --example jim --features plot -- NAME --svg DIR";

/// Without the feature `plot` there are no charts to write: says how to
/// get them.
#[cfg(not(feature = "plot"))]
fn charts(_: &mut impl Write, _: &Case, _: &str, _: &Path) -> Result<(), Box<dyn Error>> {
    Err(NO_PLOT.into())
}

fn one(out: &mut impl Write, stem: &str) -> Result<(), Box<dyn Error>> {
    let case = load(stem)?;
    let post = case.score()?;
    writeln!(out, "{}", case.title().unwrap_or(stem))?;
    if let Some(&(_, agent, verdict, report)) = JIM.iter().find(|c| c.0 == stem) {
        writeln!(
            out,
            "agent: {agent}; the JIM ({report}): {}",
            verdict.map_or("insufficient information to conclude".into(), |h| {
                format!("attributed to {h}")
            })
        )?;
    }
    let mut sources: Vec<&str> = case
        .evidence()
        .iter()
        .filter_map(|e| e.source().map(|s| s.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    writeln!(
        out,
        "{} hypotheses, {} findings from {} sources ({})\n",
        case.hypotheses().len(),
        case.evidence().len(),
        sources.len(),
        sources.join(", ")
    )?;
    // The chain as the JIM reasoned it, step by step (the codebook's
    // steps): each finding with the JIM's words and what it weighs, leader
    // against runner-up, after its grade and its group (the ledger's
    // entry, in decibans and as a ratio), and each step's combined weight.
    let chain = Chain::of(&case)?;
    let (leader, runner) = (chain.leader(), chain.runner_up());
    writeln!(
        out,
        "The case as the JIM reasoned it, step by step: each finding in the JIM's words, and what it weighs for {leader} (the leader) against {runner} (the runner-up) after its grade and group."
    )?;
    for (n, link) in chain.links().iter().enumerate() {
        let heading = link.step().map_or_else(
            || "Findings outside any step".to_string(),
            |s| format!("{}. {} [{}]", n + 1, s.label().unwrap_or(s.id()), s.id()),
        );
        writeln!(out, "\n{heading}")?;
        if link.findings().is_empty() {
            writeln!(out, "  (no finding of this case)")?;
            continue;
        }
        for f in link.findings() {
            let Some((i, e)) = case
                .evidence()
                .iter()
                .enumerate()
                .find(|(_, e)| e.id() == f.evidence())
            else {
                continue;
            };
            writeln!(
                out,
                "\n  {} ({})",
                e.id().as_str(),
                e.kind().map_or("-", |k| k.as_str())
            )?;
            writeln!(out, "    {}", e.description())?;
            if let Some(q) = e.quote() {
                writeln!(out, "    quote: \u{201c}{q}\u{201d}")?;
            }
            for (field, word) in case.item_words(i) {
                writeln!(out, "    {field}: {word}")?;
            }
            if let Some(w) = f.weight() {
                writeln!(
                    out,
                    "    weighs {w} (a factor of {:.2}), reliability used {:.3}",
                    w.ratio(),
                    f.reliability().map_or(1.0, |r| r.get())
                )?;
            }
        }
        match link.weight() {
            Some(w) => writeln!(
                out,
                "  step weight: {w} (a factor of {:.2}) for {leader} against {runner}",
                w.ratio()
            )?,
            None => writeln!(out, "  step weight: undefined")?,
        }
    }

    writeln!(
        out,
        "\nWhere the probability sits, and why (the prior's weight and each step's, in decibans, for {leader} against each rival; they add up to the posterior log-odds):"
    )?;
    writeln!(
        out,
        "  {:<16} {:.3}  the leader",
        leader.as_str(),
        post.probability(leader).map_or(0.0, |p| p.get())
    )?;
    for r in chain.rivals() {
        let prior = r
            .prior_weight()
            .map_or("undefined".to_string(), |w| w.to_string());
        let steps: Vec<String> = chain
            .links()
            .iter()
            .zip(r.step_weights())
            .map(|(l, w)| {
                format!(
                    "{} {}",
                    l.step().map_or("other", |s| s.id()),
                    w.map_or("undefined".to_string(), |w| w.to_string())
                )
            })
            .collect();
        let why = if r.prior_weight().is_some_and(|w| w.get() == f64::INFINITY) {
            "ruled out by the prior (weight 0: the mission determined use; codebook, reading rule 6)"
                .to_string()
        } else {
            format!("prior {prior}; {}", steps.join(", "))
        };
        writeln!(
            out,
            "  {:<16} {:.3}  {why}",
            r.hypothesis().as_str(),
            r.probability().get()
        )?;
    }

    writeln!(out, "\nThe verdict under each standard of proof:")?;
    for s in case.standards() {
        let mark = if Some(s.id()) == case.standard().map(|h| h.id()) {
            " (headline)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<24} {:<5} {}{mark}",
            s.id(),
            s.threshold().get(),
            verdict_word(&s.verdict(&post))
        )?;
    }

    writeln!(
        out,
        "\nWhat would have to be believed to reverse it. The step that carries the verdict is the one whose findings together weigh most for {leader} against {runner}; its break-even is the largest discount, set on the reliability of all its findings at once, at which the headline verdict changes:"
    )?;
    match chain.carrier() {
        Some(link) => {
            let id = link.step().map_or("-", |s| s.id());
            let w = link
                .weight()
                .map_or("undefined".to_string(), |w| w.to_string());
            match (link.break_even(), post.verdict().hypothesis()) {
                (Some(d), _) => writeln!(
                    out,
                    "  {id} ({w}): below {:.4} times the trust its findings have now, the verdict is no longer `{}`",
                    d.get(),
                    verdict_word(&post.verdict())
                )?,
                (None, Some(h)) => writeln!(
                    out,
                    "  {id} ({w}): no discount of it changes the verdict; {h} stays attributed even with the step's findings at reliability 0"
                )?,
                (None, None) => {
                    let t = case.threshold().get();
                    let p = post.probability(leader).map_or(0.0, |p| p.get());
                    let factor = t * (1.0 - p) / ((1.0 - t) * p);
                    writeln!(
                        out,
                        "  {id} ({w}): no discount of it changes the verdict, which is already `insufficient` (trusting findings less cannot attribute a case). To attribute it to {leader} at {t}, a reader would need further evidence {factor:.2} times likelier under {leader} than under each rival ({:+.1} dB more than the findings give)",
                        10.0 * factor.log10()
                    )?;
                }
            }
        }
        None => writeln!(out, "  no step has a defined weight")?,
    }
    if chain.links().iter().all(|link| link.break_even().is_none()) {
        writeln!(
            out,
            "  No other step's discount changes the verdict either."
        )?;
    } else {
        writeln!(out, "  Every step's break-even:")?;
        for link in chain.links() {
            writeln!(
                out,
                "    {:<12} {}",
                link.step().map_or("other", |s| s.id()),
                link.break_even()
                    .map_or("none".to_string(), |d| format!("{:.6}", d.get()))
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "Perspectives:")?;
    for id in std::iter::once("base").chain(case.perspectives().iter().map(|p| p.id().as_str())) {
        let seen = case.perspective(id)?;
        let p = seen.score()?;
        let label = case
            .perspectives()
            .iter()
            .find(|x| x.id().as_str() == id)
            .and_then(|x| x.label())
            .unwrap_or("the findings as the JIM weighed them");
        writeln!(
            out,
            "  {:<14} {:<12} {} {:.3}  ({label})",
            id,
            verdict_cell(&p),
            p.leader().id(),
            p.probability(p.leader().id()).map_or(0.0, |x| x.get())
        )?;
    }

    writeln!(
        out,
        "\nLeave one out (posterior of the leader without the finding):"
    )?;
    let leader = post.leader().id().clone();
    for l in attrib::LeaveOneOut::of(&case)? {
        let p = l.probability(&leader).map_or(0.0, |p| p.get());
        let mark = if l.is_linchpin() { "  <- linchpin" } else { "" };
        writeln!(
            out,
            "  {:<36} {p:.4}  {}{mark}",
            l.evidence().as_str(),
            l.verdict().status()
        )?;
    }

    writeln!(
        out,
        "\nBreak-even discount per source (largest factor on its reliability that changes the verdict):"
    )?;
    for s in case.sources() {
        if !case.evidence().iter().any(|e| e.source() == Some(s.id())) {
            continue;
        }
        let d = attrib::BreakEven::source(s.id()).run(&case)?;
        writeln!(
            out,
            "  {:<28} {}",
            s.id().as_str(),
            d.map_or("none".to_string(), |d| format!("{:.6}", d.get()))
        )?;
    }

    let sim = MonteCarlo::new().draws(10 * DRAWS).seed(SEED).run(&case)?;
    writeln!(out, "\nMonte Carlo:\n{sim}")?;
    Ok(())
}

fn run(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let svg = match args.iter().position(|a| a == "--svg") {
        Some(i) => Some(PathBuf::from(
            args.get(i + 1)
                .ok_or("--svg needs a directory, e.g. --svg out/")?,
        )),
        None => None,
    };
    if svg.is_some() && !cfg!(feature = "plot") {
        return Err(NO_PLOT.into());
    }
    let name = args.first().filter(|a| *a != "--svg");
    match name {
        None if svg.is_some() => {
            Err("--svg goes with a case name, e.g. `-- sarmin --svg out/`".into())
        }
        None => table(out),
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
                    writeln!(out, "\n{}\n", "-".repeat(72))?;
                }
                one(out, stem)?;
                if let Some(dir) = &svg {
                    writeln!(out)?;
                    charts(out, &load(stem)?, stem, dir)?;
                }
            }
            Ok(())
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match run(&mut out) {
        // A closed pipe (`| head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}
