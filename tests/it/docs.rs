//! The figures the README quotes from the programs' output, checked
//! against a fresh run (issue 24), so that the docs cannot drift:
//!
//! - the JIM table is a generated block between `<!-- jim-table` and
//!   `<!-- /jim-table -->`: its computed columns (attrib's verdicts under
//!   each perspective, whether it agrees with the JIM, the Monte Carlo
//!   `holds`) are recomputed here from the case files, as `cargo run
//!   --example jim` computes them; the first three columns (the case and
//!   what the JIM concluded) are read from the README. Regenerate it with
//!   `ATTRIB_BLESS=1 cargo test --all-features --test it docs::`;
//! - every other figure is a phrase that must appear in the README as
//!   written, built here from the library's result.

use attrib::ach::{AchMatrix, Mapping};
use attrib::{BreakEven, Case, MonteCarlo, Posterior};
use std::path::{Path, PathBuf};

const OPEN: &str =
    "<!-- jim-table: regenerate with ATTRIB_BLESS=1 cargo test --all-features --test it docs:: -->";
const CLOSE: &str = "<!-- /jim-table -->";

/// `cargo run --example jim`'s draws and seed.
const DRAWS: usize = 2_000;
const SEED: u64 = 20_140_421;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

fn jim(stem: &str) -> Case {
    Case::from_path(root().join(format!("examples/cases/jim/{stem}.json"))).unwrap()
}

fn leader_p(post: &Posterior) -> f64 {
    post.probability(post.leader().id()).unwrap().get()
}

/// `government (0.989)`, `insufficient (government 0.577)` or, with
/// `bare`, `insufficient` alone.
fn cell(post: &Posterior, bare: bool) -> String {
    match post.verdict().hypothesis() {
        Some(h) => format!("{h} ({:.3})", leader_p(post)),
        None if bare => "insufficient".to_string(),
        None => format!(
            "insufficient ({} {:.3})",
            post.leader().id(),
            leader_p(post)
        ),
    }
}

/// Whether some discount of the case's `sceptic` that acts on it (on a
/// source one of its items names, a kind one of its items carries) is
/// missing from its own `sceptic-at-decision`: an objection that came only
/// after the deciding report, as the case file dates it.
fn objection_after_decision(case: &Case) -> bool {
    let find = |id: &str| {
        case.perspectives()
            .iter()
            .find(|p| p.id().as_str() == id)
            .unwrap_or_else(|| panic!("perspective {id}"))
    };
    let acting = |p: &attrib::Perspective| -> Vec<String> {
        let mut out: Vec<String> = p
            .source_discounts()
            .iter()
            .filter(|(s, _)| case.evidence().iter().any(|e| e.source() == Some(s)))
            .map(|(s, d)| format!("source {s} {}", d.get()))
            .collect();
        out.extend(
            p.kind_discounts()
                .iter()
                .filter(|(k, _)| case.evidence().iter().any(|e| e.kind() == Some(k)))
                .map(|(k, d)| format!("kind {k} {}", d.get())),
        );
        out
    };
    let then = acting(find("sceptic-at-decision"));
    acting(find("sceptic")).iter().any(|d| !then.contains(d))
}

/// `Kafr Zita, 2014-04-11` to `kafr-zita-2014-04-11`.
fn stem(case: &str) -> String {
    case.to_lowercase().replace(", ", "-").replace(' ', "-")
}

/// The block's rows recomputed: the first three columns kept. The
/// columns: the case, the agent, the JIM's verdict; attrib's leader and its
/// posterior; the verdict under each standard of proof the codebook names
/// (almost certain, the JIM's sufficient information, reasonable grounds);
/// whether the headline standard's verdict is the JIM's; the headline
/// verdict under `sceptic` (marked `†` when some of its objections that
/// act on the case came only after the deciding report) and
/// `public-record`; the Monte Carlo share.
fn jim_table(block: &str) -> String {
    let mut out = String::new();
    for line in block.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 11 || cells[0] == "case" || cells[0].starts_with("---") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let (name, agent, said) = (cells[0], cells[1], cells[2]);
        let case = jim(&stem(name));
        let post = case.score().unwrap();
        let ours = post
            .verdict()
            .hypothesis()
            .map_or("insufficient".to_string(), |h| h.to_string());
        let agrees = if ours == said { "yes" } else { "**no**" };
        let under: Vec<String> = case
            .standards()
            .iter()
            .map(|s| {
                s.verdict(&post)
                    .hypothesis()
                    .map_or("insufficient".to_string(), |h| h.to_string())
            })
            .collect();
        assert_eq!(under.len(), 3, "{name}: three standards");
        let seen = |p: &str| cell(&case.perspective(p).unwrap().score().unwrap(), true);
        let dagger = if objection_after_decision(&case) {
            " †"
        } else {
            ""
        };
        let holds = MonteCarlo::new()
            .draws(DRAWS)
            .seed(SEED)
            .run(&case)
            .unwrap();
        out.push_str(&format!(
            "| {name} | {agent} | {said} | {} {:.3} | {} | {} | {} | {agrees} | {}{dagger} | {} | {:.1} % |\n",
            post.leader().id(),
            leader_p(&post),
            under[0],
            under[1],
            under[2],
            seen("sceptic"),
            seen("public-record"),
            100.0 * holds.verdict_holds()
        ));
    }
    out
}

/// The README with its JIM table recomputed.
fn regenerated(text: &str) -> String {
    let start = text.find(OPEN).expect("the README's JIM table marker") + OPEN.len() + 1;
    let end = text[start..].find(CLOSE).expect("the end of the JIM table") + start;
    format!(
        "{}{}{}",
        &text[..start],
        jim_table(&text[start..end]),
        &text[end..]
    )
}

#[test]
fn the_jim_table_is_what_the_cases_give() {
    let text = readme();
    let fresh = regenerated(&text);
    if std::env::var_os("ATTRIB_BLESS").is_some() {
        std::fs::write(root().join("README.md"), &fresh).unwrap();
        return;
    }
    if fresh != text {
        let diff: Vec<String> = text
            .lines()
            .zip(fresh.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("README: {a}\nfresh:  {b}"))
            .collect();
        panic!(
            "the README's JIM table drifted from the cases; regenerate it with \
             `ATTRIB_BLESS=1 cargo test --all-features --test it docs::`\n{}",
            diff.join("\n")
        );
    }
}

/// Every phrase must appear in the README as written.
fn assert_quoted(phrases: &[String]) {
    let text = readme().split_whitespace().collect::<Vec<_>>().join(" ");
    let missing: Vec<&String> = phrases
        .iter()
        .filter(|p| !text.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "the README does not say what a fresh run gives; expected these phrases:\n{}",
        missing
            .iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_ach_figure_is_what_the_matrix_gives() {
    let path = root().join("examples/cases/ach/sarmin.csv");
    let matrix = AchMatrix::from_csv(&std::fs::read_to_string(path).unwrap()).unwrap();
    let post = matrix
        .to_case(&Mapping::default())
        .unwrap()
        .score()
        .unwrap();
    let side = if post.verdict().hypothesis().is_some() {
        "above"
    } else {
        "short of"
    };
    assert_quoted(&[format!(
        "how sure: {:.4}, {side} {}",
        leader_p(&post),
        post.verdict().threshold().get()
    )]);
}

/// `examples/cases/jim/JIM-VERDICTS.md`'s table of the chain: per case,
/// the leader and runner-up, the step that carries the verdict (the most
/// weight for the leader against the runner-up) and its weight, its
/// break-even, and for an insufficient verdict the factor the leader still
/// needs against every rival to reach the headline standard. Each row is
/// computed here from the case files and must appear in the file as
/// written.
#[test]
fn the_jim_chain_table_is_what_the_cases_give() {
    let stems = [
        "kafr-zita-2014-04-11",
        "kafr-zita-2014-04-18",
        "talmenes-2014-04-21",
        "al-tamanah-2014-04-29",
        "al-tamanah-2014-05-25",
        "sarmin-2015-03-16",
        "qmenas-2015-03-16",
        "binnish-2015-03-24",
        "marea-2015-08-21",
        "umm-hawsh-2016-09-15",
        "khan-shaykhun-2017-04-04",
    ];
    let file = std::fs::read_to_string(root().join("examples/cases/jim/JIM-VERDICTS.md")).unwrap();
    let mut missing = Vec::new();
    for stem in stems {
        let case = jim(stem);
        let post = case.score().unwrap();
        let chain = attrib::Chain::of(&case).unwrap();
        let carrier = chain.carrier().unwrap();
        let p = leader_p(&post);
        let t = case.threshold().get();
        let needed = if post.verdict().hypothesis().is_some() {
            "-".to_string()
        } else {
            let f = t * (1.0 - p) / ((1.0 - t) * p);
            format!("{f:.2} ({:+.1} dB)", 10.0 * f.log10())
        };
        let row = format!(
            "| {stem} | {} {:.3} | {} | {} ({}) | {} | {needed} |",
            chain.leader(),
            p,
            chain.runner_up(),
            carrier.step().unwrap().id(),
            carrier.weight().unwrap(),
            carrier
                .break_even()
                .map_or("none".to_string(), |d| format!("{:.4}", d.get())),
        );
        if !file.contains(&row) {
            missing.push(row);
        }
    }
    assert!(
        missing.is_empty(),
        "JIM-VERDICTS.md's chain table drifted from the cases; these rows are what they give:\n{}",
        missing.join("\n")
    );
}

/// The prose under the JIM table, and the two examples of the critics'
/// questions.
#[test]
fn the_jim_figures_are_what_the_cases_give() {
    let names: Vec<(&str, &str)> = vec![
        ("talmenes-2014-04-21", "Talmenes"),
        ("sarmin-2015-03-16", "Sarmin"),
        ("qmenas-2015-03-16", "Qmenas"),
        ("marea-2015-08-21", "Marea"),
        ("umm-hawsh-2016-09-15", "Umm Hawsh"),
        ("khan-shaykhun-2017-04-04", "Khan Shaykhun"),
    ];
    let mut phrases = Vec::new();
    let p = |stem: &str| leader_p(&jim(stem).score().unwrap());
    let seen =
        |stem: &str, view: &str| leader_p(&jim(stem).perspective(view).unwrap().score().unwrap());

    // The open cases against the attributed ones.
    let open = [
        "kafr-zita-2014-04-11",
        "kafr-zita-2014-04-18",
        "al-tamanah-2014-04-29",
        "al-tamanah-2014-05-25",
        "binnish-2015-03-24",
    ];
    let range = |stems: &mut dyn Iterator<Item = &str>| {
        let ps: Vec<f64> = stems.map(p).collect();
        let lo = ps.iter().copied().fold(1.0, f64::min);
        let hi = ps.iter().copied().fold(0.0, f64::max);
        format!("{lo:.2}-{hi:.2}")
    };
    phrases.push(format!(
        "the five open cases lead at {}, the six the JIM attributed at {}",
        range(&mut open.iter().copied()),
        range(&mut names.iter().map(|n| n.0))
    ));

    // The JIM's drop determination at Sarmin, graded as the JIM's own.
    let sarmin = jim("sarmin-2015-03-16");
    let post = sarmin.score().unwrap();
    let w = |k: &str| {
        post.ledger()
            .weight("helicopter-drop-determined", "government", k)
            .unwrap()
            .get()
    };
    phrases.push(format!(
        "weighs {:.1} dB (a factor of {:.1}) against the opposition and {:.1} dB ({:.1}) against no chemical use",
        w("opposition"),
        10f64.powf(w("opposition") / 10.0),
        w("no-chemical-use"),
        10f64.powf(w("no-chemical-use") / 10.0)
    ));
    phrases.push(format!(
        "(reliability {:.3})",
        sarmin
            .reliability("helicopter-drop-determined")
            .unwrap()
            .get()
    ));
    phrases.push(format!(
        "Sarmin's leader is at {:.3} and no chemical use at {:.3}",
        p("sarmin-2015-03-16"),
        post.probability("no-chemical-use").unwrap().get()
    ));

    // Under `sceptic`.
    phrases.push(format!(
        "(Sarmin {:.3}, Qmenas {:.3}, Talmenes {:.3}); Khan Shaykhun stays attributed ({:.3})",
        seen("sarmin-2015-03-16", "sceptic"),
        seen("qmenas-2015-03-16", "sceptic"),
        seen("talmenes-2014-04-21", "sceptic"),
        seen("khan-shaykhun-2017-04-04", "sceptic"),
    ));
    // The sceptic as it stood when each case was decided.
    phrases.push(format!(
        "Sarmin and Talmenes stay at their base posteriors ({:.3}, {:.3}), Qmenas falls to {:.3} and Khan Shaykhun to {:.3}, as under `sceptic`",
        seen("sarmin-2015-03-16", "sceptic-at-decision"),
        seen("talmenes-2014-04-21", "sceptic-at-decision"),
        seen("qmenas-2015-03-16", "sceptic-at-decision"),
        seen("khan-shaykhun-2017-04-04", "sceptic-at-decision"),
    ));
    for stem in ["sarmin-2015-03-16", "talmenes-2014-04-21"] {
        assert_eq!(seen(stem, "sceptic-at-decision"), p(stem), "{stem}");
    }
    for stem in ["qmenas-2015-03-16", "khan-shaykhun-2017-04-04"] {
        assert_eq!(
            seen(stem, "sceptic-at-decision"),
            seen(stem, "sceptic"),
            "{stem}"
        );
    }
    // Agreement with the JIM under each named standard.
    let jim_said: [(&str, Option<&str>); 11] = [
        ("kafr-zita-2014-04-11", None),
        ("kafr-zita-2014-04-18", None),
        ("talmenes-2014-04-21", Some("government")),
        ("al-tamanah-2014-04-29", None),
        ("al-tamanah-2014-05-25", None),
        ("sarmin-2015-03-16", Some("government")),
        ("qmenas-2015-03-16", Some("government")),
        ("binnish-2015-03-24", None),
        ("marea-2015-08-21", Some("isil")),
        ("umm-hawsh-2016-09-15", Some("isil")),
        ("khan-shaykhun-2017-04-04", Some("government")),
    ];
    let agree = |standard: &str| {
        jim_said
            .iter()
            .filter(|(stem, said)| {
                let case = jim(stem);
                let post = case.score().unwrap();
                let s = case
                    .standards()
                    .iter()
                    .find(|s| s.id() == standard)
                    .unwrap();
                s.verdict(&post).hypothesis().map(|h| h.as_str()) == *said
            })
            .count()
    };
    phrases.push(format!(
        "agrees with it in {} of 11 cases",
        agree("sufficient-information")
    ));
    phrases.push(format!(
        "Under `almost-certain` it agrees in {}",
        agree("almost-certain")
    ));
    phrases.push(format!(
        "under `reasonable-grounds` in {}",
        agree("reasonable-grounds")
    ));
    phrases.push(format!(
        "Umm Hawsh ({:.3}) falls short of 0.80",
        p("umm-hawsh-2016-09-15")
    ));

    // western_intelligence: member-state information at 0.
    let at_zero = |stem: &str| {
        leader_p(
            &jim(stem)
                .discount_source("member-states", 0.0)
                .unwrap()
                .score()
                .unwrap(),
        )
    };
    phrases.push(format!(
        "({:.3}; {:.3} with the source at 0); Khan Shaykhun stays attributed even with it discounted to 0 ({:.3})",
        p("qmenas-2015-03-16"),
        at_zero("qmenas-2015-03-16"),
        at_zero("khan-shaykhun-2017-04-04"),
    ));

    // captured_helicopters: the opposition leads once its prior is
    // multiplied by more than the leader's posterior over its own.
    let ratio = |post: &dyn Fn(&str) -> f64| format!("{:.1}", post("lead") / post("opposition"));
    let chlorine = [
        "talmenes-2014-04-21",
        "sarmin-2015-03-16",
        "qmenas-2015-03-16",
    ];
    let multiples = |without: bool| -> Vec<String> {
        chlorine
            .iter()
            .map(|stem| {
                let case = jim(stem);
                let post = case.score().unwrap();
                let lead = post.leader().id().clone();
                if without {
                    // the JIM's two aircraft findings at reliability 0, as
                    // the example sets them aside
                    let set_aside = case
                        .discount_evidence("jim-air-defences", 0.0)
                        .unwrap()
                        .discount_evidence("jim-no-opposition-helicopters", 0.0)
                        .unwrap();
                    let post = set_aside.score().unwrap();
                    ratio(&|h: &str| {
                        let h = if h == "lead" { lead.as_str() } else { h };
                        post.probability(h).unwrap().get()
                    })
                } else {
                    ratio(&|h: &str| {
                        let h = if h == "lead" { lead.as_str() } else { h };
                        post.probability(h).unwrap().get()
                    })
                }
            })
            .collect()
    };
    let (with, without) = (multiples(false), multiples(true));
    phrases.push(format!(
        "A prior {}, {} and {} times its present weight; with the JIM's two aircraft findings set aside, still {}, {} and {} times",
        with[0], with[1], with[2], without[0], without[1], without[2]
    ));

    // The what-if page's test: Khan Shaykhun's break-even on `jim`.
    let ks = jim("khan-shaykhun-2017-04-04");
    let be = BreakEven::source("jim").run(&ks).unwrap().unwrap().get();
    phrases.push(format!("break-even {be:.4})"));

    // The what-if section's screenshot: Sarmin with the undisclosed
    // sources at half trust.
    let sarmin = jim("sarmin-2015-03-16");
    let half = sarmin.discount_source("undisclosed-sources", 0.5).unwrap();
    let now = half
        .score()
        .unwrap()
        .probability("government")
        .unwrap()
        .get();
    phrases.push(format!(
        "the undisclosed sources at half trust take the government's posterior from {:.4} to {now:.4}, {} the threshold {}",
        sarmin.score().unwrap().probability("government").unwrap().get(),
        if now < half.threshold().get() { "still short of" } else { "at or above" },
        half.threshold().get()
    ));

    assert_quoted(&phrases);
}

/// The first case of the README, as its section writes it: the file that
/// `attrib new` starts from, edited as the section says, scores on the
/// first try.
#[cfg(feature = "cli")]
#[test]
fn the_first_case_section_runs_as_written() {
    use std::process::Command;
    let text = readme();
    let start = text
        .find("## Your first case")
        .expect("the README's first-case section");
    let end = text[start + 3..]
        .find("\n## ")
        .map_or(text.len(), |e| e + start + 3);
    let section = &text[start..end];
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs-first-case");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The case file the section shows, saved as it says.
    let json_start = section
        .find("```json\n")
        .expect("the case file of the section")
        + 8;
    let json_end = section[json_start..].find("```").unwrap() + json_start;
    std::fs::write(dir.join("case.json"), &section[json_start..json_end]).unwrap();
    // Each `attrib ...` line of its sh blocks, run in the folder.
    let mut ran = 0;
    let mut rest = section;
    while let Some(i) = rest.find("```sh\n") {
        let body_end = rest[i + 6..].find("```").unwrap() + i + 6;
        for line in rest[i + 6..body_end].lines() {
            let line = line.trim();
            let Some(args) = line.strip_prefix("attrib ") else {
                continue;
            };
            let mut words: Vec<&str> = args.split_whitespace().collect();
            // `> file`: the output goes to a file.
            let to = words.iter().position(|w| *w == ">").map(|p| {
                let file = words[p + 1];
                words.truncate(p);
                file
            });
            if words[0] == "new" && to == Some("case.json") {
                // The section shows the edited file instead of the template.
                let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
                    .args(&words)
                    .current_dir(&dir)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{line}");
                ran += 1;
                continue;
            }
            let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
                .args(&words)
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{line}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if let Some(file) = to {
                std::fs::write(dir.join(file), &out.stdout).unwrap();
            }
            ran += 1;
        }
        rest = &rest[body_end..];
    }
    assert!(ran >= 4, "{ran} commands");
}

/// Every phrase must appear in docs/model.md as written.
fn assert_in_model(phrases: &[String]) {
    let text = std::fs::read_to_string(root().join("docs/model.md")).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let missing: Vec<&String> = phrases
        .iter()
        .filter(|p| !text.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/model.md does not say what a fresh run gives; expected these phrases:\n{}",
        missing
            .iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn scored(json: &str) -> Posterior {
    Case::from_json(json).unwrap().score().unwrap()
}

/// The worked examples of docs/model.md section 12, scored by the crate.
#[test]
fn the_worked_examples_of_the_model_are_what_the_crate_gives() {
    let mut phrases = Vec::new();
    // 12.1: k copies of one report in a group of correlation rho.
    let copies = |k: usize, rho: f64| {
        let items: Vec<String> = (1..=k)
            .map(|i| {
                format!(
                    r#"{{"id": "copy-{i}", "likelihoods": {{"a": 0.8, "b": 0.2}}, "group": "g"}}"#
                )
            })
            .collect();
        scored(&format!(
            r#"{{"version": 1, "hypotheses": [{{"id": "a"}}, {{"id": "b"}}],
                "groups": [{{"id": "g", "correlation": {rho}}}], "evidence": [{}]}}"#,
            items.join(",")
        ))
    };
    let a = |post: &Posterior| post.probability("a").unwrap().get();
    phrases.push(format!(
        "| 2 | 16 ({:.4}) | 8 ({:.4}) | 4 ({}) |",
        a(&copies(2, 0.0)),
        a(&copies(2, 0.5)),
        a(&copies(2, 1.0))
    ));
    phrases.push(format!(
        "| 3 | 64 ({:.4}) | 11.31 ({:.4}) |",
        a(&copies(3, 0.0)),
        a(&copies(3, 0.5))
    ));
    phrases.push(format!(
        "| 10 | 1 048 576 ({:.6}) | 15.96 ({:.4}) |",
        a(&copies(10, 0.0)),
        a(&copies(10, 0.5))
    ));
    let two = copies(2, 0.5);
    let w = |e: &str| two.ledger().weight(e, "a", "b").unwrap().get();
    phrases.push(format!(
        "carries `10 log10 4 = {:.2}` decibans for `a` against `b`; `copy-2` ranks second with weight 0.5 and carries {:.2}. The total, {:.2} decibans",
        w("copy-1"),
        w("copy-2"),
        w("copy-1") + w("copy-2")
    ));
    // 12.2: ranking per hypothesis.
    let ranked = scored(
        r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
            "groups": [{"id": "g", "correlation": 0.5}],
            "evidence": [{"id": "x", "likelihoods": {"a": 0.8, "b": 0.1}, "group": "g"},
                         {"id": "y", "likelihoods": {"a": 0.8, "b": 0.4}, "group": "g"},
                         {"id": "z", "likelihoods": {"a": 0.8, "b": 0.2}, "group": "g"}]}"#,
    );
    phrases.push(format!(
        "so the posterior of `a` is `19.03 / 20.03 = {:.4}` (attributed at 0.95)",
        a(&ranked)
    ));
    assert!(ranked.verdict().hypothesis().is_some());
    // 12.3: the cab problem.
    let cab = |reliability: &str| {
        scored(&format!(
            r#"{{"version": 1, "hypotheses": [{{"id": "blue"}}, {{"id": "green"}}],
                "prior": {{"blue": 15, "green": 85}},
                "evidence": [{{"id": "witness", "likelihoods": {{"blue": 0.8, "green": 0.2}}{reliability}}}]}}"#
        ))
    };
    let plain = cab("");
    phrases.push(format!(
        "0.{:04.0}`: the leader is `green` ({:.4}), verdict `insufficient`",
        plain.probability("blue").unwrap().get() * 1e4,
        plain.probability("green").unwrap().get()
    ));
    phrases.push(format!(
        "`P(blue) = 9.75 / 39.5 = {:.4}`",
        cab(r#", "reliability": 0.5"#)
            .probability("blue")
            .unwrap()
            .get()
    ));
    // 12.6: a perspective discount.
    let case = Case::from_json(
        r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
            "sources": [{"id": "intel", "label": "An intercept service", "reliability": 0.9}],
            "evidence": [{"id": "intercept", "likelihoods": {"a": 0.9, "b": 0.1}, "source": "intel"},
                         {"id": "witness", "likelihoods": {"a": 0.8, "b": 0.2}}],
            "perspectives": [{"id": "sceptic", "discount": {"sources": {"intel": 0.5}}}]}"#,
    )
    .unwrap();
    let base = case.score().unwrap();
    let sceptic = case.perspective("sceptic").unwrap().score().unwrap();
    phrases.push(format!("the posterior of `a` {:.4}: attributed", a(&base)));
    phrases.push(format!("posterior {:.4}: insufficient", a(&sceptic)));
    assert!(base.verdict().hypothesis().is_some() && sceptic.verdict().hypothesis().is_none());
    assert_in_model(&phrases);
}

/// The README's table of attrib against its peers (Performance) is the
/// rendering of the committed results of `benches/peers/harness.py`
/// (`benches/peers/results.json`: every probe's value in every round),
/// recomputed here: each pair's ratios round by round, their min, median
/// and max, the medians of the values, and whether the goal is met. A
/// table edited by hand, or results changed without `--bless`, fail.
#[test]
fn the_peer_table_is_the_rendering_of_the_committed_results() {
    use serde_json::Value;

    let text = std::fs::read_to_string(root().join("benches/peers/results.json")).unwrap();
    let results: Value = serde_json::from_str(&text).unwrap();
    let m = &results["meta"];
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let f = |v: &Value| v.as_f64().unwrap();
    let median = |xs: &[f64]| {
        let mut xs = xs.to_vec();
        xs.sort_by(f64::total_cmp);
        let k = xs.len() / 2;
        if xs.len() % 2 == 1 {
            xs[k]
        } else {
            (xs[k - 1] + xs[k]) / 2.0
        }
    };
    let mut lines = vec![
        format!(
            "Measured {} on {} (shared; load average {:.1} to {:.1}), one thread: {} interleaved \
             rounds, each probe once per round (the best of {} timed runs), scoring timed in {}, \
             Python and Monte Carlo in the wall clock. numpy {} on {}; the plain sum built by {}; \
             {}. Command: `{}`.",
            s(&m["date"]),
            s(&m["cpu"]),
            f(&m["load_min"]),
            f(&m["load_max"]),
            m["rounds"],
            m["repeat"],
            s(&m["clock"]),
            s(&m["numpy"]),
            s(&m["blas"]),
            s(&m["cc"]),
            s(&m["rustc"]),
            s(&m["command"]),
        ),
        String::new(),
        "| pair | attrib (median) | peer (median) | ratio min / median / max | goal | met |"
            .to_string(),
        "|---|---|---|---|---|---|".to_string(),
    ];
    let pairs = results["pairs"].as_array().unwrap();
    assert!(
        pairs.len() >= 9,
        "the harness measured {} pairs",
        pairs.len()
    );
    let rounds = m["rounds"].as_u64().unwrap() as usize;
    for p in pairs {
        let values = |side: &str| -> Vec<f64> {
            let v: Vec<f64> = results["values"][s(&p[side]).as_str()]
                .as_array()
                .unwrap()
                .iter()
                .map(f)
                .collect();
            assert_eq!(v.len(), rounds, "{}: one value per round", p[side]);
            v
        };
        let (a, b) = (values("attrib"), values("peer"));
        let ratios: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x / y).collect();
        let mid = median(&ratios);
        let met = match p["goal"].as_f64() {
            None => "-",
            Some(goal) if mid >= goal => "yes",
            Some(_) => "**no**",
        };
        lines.push(format!(
            "| {} | {:.2e} {unit} | {:.2e} {unit} | {:.2} / {:.2} / {:.2} | {} | {} |",
            s(&p["label"]),
            median(&a),
            median(&b),
            ratios.iter().copied().fold(f64::INFINITY, f64::min),
            mid,
            ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            s(&p["goal_text"]),
            met,
            unit = s(&p["unit"]),
        ));
    }
    let rendered = lines.join("\n") + "\n";
    let readme = readme();
    let begin = "<!-- peers:begin (benches/peers/harness.py --bless writes this table from \
                 benches/peers/results.json) -->\n";
    let start = readme.find(begin).expect("the README's peer table markers") + begin.len();
    let end = start + readme[start..].find("<!-- peers:end -->").unwrap();
    assert_eq!(
        &readme[start..end],
        rendered,
        "README Performance: run `python3 benches/peers/harness.py --render --bless`"
    );
}
