//! The `attrib` command line (feature `cli`): score and check case files.
//!
//! ```text
//! attrib score CASE.json [--perspective ID] [--format text|json]
//! attrib check CASE.json
//! attrib sensitivity CASE.json [--perspective ID] [--draws N] [--seed S] [--format text|json]
//! attrib report CASE.json [--perspective ID] [--format markdown|json] [--svg DIR] [--draws N] [--seed S]
//! attrib compare CASE.json [--format text|json]
//! attrib ach MATRIX.csv [--format text|json]
//! ```
//!
//! Every command that reads a case reads it with `Case::from_path`, so a
//! case file may name a codebook (docs/model.md section 9). `--perspective ID`
//! applies a perspective (docs/model.md section 10) before anything else.
//!
//! Exit status 0 on success; on bad input, 1 and one line on stderr that
//! starts with `error:` and names the culprit (usage errors: clap's message
//! and status 2).

mod ach;
mod compare;
mod report;

use attrib::{Case, Decibans, Icd203, MonteCarlo, Posterior, Simulation};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Bayesian attribution scoring: who most probably did it.
#[derive(Debug, Parser)]
#[command(name = "attrib", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score a case file: posterior, ledger and verdict.
    Score {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
        /// Score the case from this perspective (docs/model.md section 10;
        /// `base` is the case as written).
        #[arg(long, value_name = "ID")]
        perspective: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Score the case from every perspective side by side, `base` (the case
    /// as written) first: posterior, leader, verdict, Bayes factor.
    Compare {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate a case file and print its warnings.
    Check {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
    },
    /// Score an ACH matrix (CSV) the Bayesian way, beside the classic ACH
    /// scores (PARC ACH, C-ACH, Open Synthesis).
    Ach {
        /// The matrix: id, description, credibility, relevance, [source],
        /// [group], and one column of ratings per hypothesis.
        matrix: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// A self-contained report: case, evidence with rationale and sources,
    /// posterior, ledger, verdict, sensitivity, Monte Carlo, warnings, and
    /// with `--svg` the charts.
    Report {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
        /// Report the case from this perspective (docs/model.md section 10).
        #[arg(long, value_name = "ID")]
        perspective: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Write the charts (trajectory, tornado, Monte Carlo intervals) as
        /// SVG files into this directory and link them from the report.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Monte Carlo draws.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        draws: u64,
        /// Seed of the draws.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// How robust the verdict is: Monte Carlo intervals, leave-one-out,
    /// break-even discounts per source, conflict.
    Sensitivity {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
        /// Analyse the case from this perspective (docs/model.md section 10).
        #[arg(long, value_name = "ID")]
        perspective: Option<String>,
        /// Monte Carlo draws.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        draws: u64,
        /// Seed of the draws; the same seed gives the same result.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How many of the weightiest items get a break-even discount of their own.
const ITEM_BREAK_EVENS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// A Markdown document.
    Markdown,
    /// One JSON object.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A readable report.
    Text,
    /// One JSON object (docs/model.md section 8).
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`attrib score x | head -1`) is not an error of ours.
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the output: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(message) => {
            eprintln!("error: {}", one_line(&message));
            ExitCode::FAILURE
        }
    }
}

/// Keeps a message on one line, whatever a file name or a parser put in it.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A file's bytes, or a one-line error naming the file.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))
}

/// A case file, with its codebook; the error names the file.
fn load(path: &Path) -> Result<Case, String> {
    Case::from_path(path).map_err(|e| e.to_string())
}

/// A case file seen from a perspective (the case as written without one).
fn load_seen(path: &Path, perspective: Option<&str>) -> Result<(Case, Case), String> {
    let case = load(path)?;
    let seen = match perspective {
        Some(id) => case
            .perspective(id)
            .map_err(|e| format!("{}: {e}", path.display()))?,
        None => case.clone(),
    };
    Ok((case, seen))
}

/// Pretty JSON with a final newline.
fn pretty(v: &Value) -> Result<String, String> {
    let mut s = serde_json::to_string_pretty(v).map_err(|e| format!("cannot write JSON: {e}"))?;
    s.push('\n');
    Ok(s)
}

fn run(cli: &Cli) -> Result<String, String> {
    match &cli.command {
        Command::Check { case } => {
            let c = load(case)?;
            let mut out = format!(
                "ok: {} hypotheses, {} evidence items, {} sources, {} groups, {} perspectives\n",
                c.hypotheses().len(),
                c.evidence().len(),
                c.sources().len(),
                c.groups().len(),
                c.perspectives().len()
            );
            for w in c.warnings() {
                out.push_str(&format!("warning: {w}\n"));
            }
            Ok(out)
        }
        Command::Ach { matrix, format } => {
            let (m, c, post) = ach::load(matrix)?;
            Ok(match format {
                Format::Text => ach::text(&m, &post),
                Format::Json => pretty(&ach::json(&m, &c, &post))?,
            })
        }
        Command::Report {
            case,
            perspective,
            format,
            svg,
            draws,
            seed,
        } => {
            let (written, c) = load_seen(case, perspective.as_deref())?;
            let views = compare::views(&written, case)?;
            let applied = perspective
                .as_deref()
                .and_then(|id| views.iter().find(|v| v.id == id));
            let at = |e: attrib::Error| format!("{}: {e}", case.display());
            let point = c.score().map_err(at)?;
            let analysis = sensitivity(&c, *draws, *seed).map_err(at)?;
            let charts = match svg {
                Some(dir) => report::write_charts(&c, &analysis.simulation, dir, case)?,
                None => Vec::new(),
            };
            Ok(match format {
                ReportFormat::Markdown => {
                    report::markdown(&c, &point, &analysis, &charts, applied, &views)
                }
                ReportFormat::Json => {
                    let mut v = json_report(&c, &point);
                    if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), analysis.json(&c))
                    {
                        obj.insert("date".into(), json!(c.date()));
                        obj.insert("place".into(), json!(c.place()));
                        obj.insert(
                            "perspective".into(),
                            json!(perspective.as_deref().unwrap_or(attrib::BASE)),
                        );
                        if let Value::Object(mut list) = compare::json(&views) {
                            obj.insert(
                                "perspectives".into(),
                                list.remove("perspectives").unwrap_or(Value::Null),
                            );
                        }
                        obj.insert("sensitivity".into(), Value::Object(more));
                        obj.insert(
                            "charts".into(),
                            json!(
                                charts
                                    .iter()
                                    .map(|(_, p)| p.display().to_string())
                                    .collect::<Vec<_>>()
                            ),
                        );
                    }
                    pretty(&v)?
                }
            })
        }
        Command::Sensitivity {
            case,
            perspective,
            draws,
            seed,
            format,
        } => {
            let (_, c) = load_seen(case, perspective.as_deref())?;
            let at = |e: attrib::Error| format!("{}: {e}", case.display());
            let report = sensitivity(&c, *draws, *seed).map_err(at)?;
            Ok(match format {
                Format::Text => report.text(&c),
                Format::Json => pretty(&report.json(&c))?,
            })
        }
        Command::Score {
            case,
            perspective,
            format,
        } => {
            let (_, c) = load_seen(case, perspective.as_deref())?;
            let post = c.score().map_err(|e| format!("{}: {e}", case.display()))?;
            Ok(match format {
                Format::Text => {
                    let mut out = text_report(&c, &post);
                    if let Some(id) = perspective {
                        out.insert_str(0, &format!("perspective: {id}\n"));
                    }
                    out
                }
                Format::Json => {
                    let mut v = json_report(&c, &post);
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert(
                            "perspective".into(),
                            json!(perspective.as_deref().unwrap_or(attrib::BASE)),
                        );
                    }
                    pretty(&v)?
                }
            })
        }
        Command::Compare { case, format } => {
            let c = load(case)?;
            let views = compare::views(&c, case)?;
            Ok(match format {
                Format::Text => compare::text(&c, &views),
                Format::Json => pretty(&compare::json(&views))?,
            })
        }
    }
}

fn text_report(case: &Case, post: &Posterior) -> String {
    let mut out = String::new();
    if let Some(t) = case.title() {
        out.push_str(t);
        out.push('\n');
    }
    let meta: Vec<&str> = [case.date(), case.place()].into_iter().flatten().collect();
    if !meta.is_empty() {
        out.push_str(&meta.join(", "));
        out.push('\n');
    }
    out.push_str(&format!(
        "{} hypotheses, {} evidence items, weighting {}\n\n",
        case.hypotheses().len(),
        case.evidence().len(),
        case.weighting()
    ));
    out.push_str(&format!("{post}\n\n"));
    out.push_str("weight of evidence for the leader (decibans; 10 dB = a factor of 10):\n");
    out.push_str(&format!("{}\n", post.ledger()));
    let warnings = case.warnings();
    if !warnings.is_empty() {
        out.push('\n');
        for w in warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    out
}

/// A JSON number, or null for an infinite or NaN value (JSON has neither).
pub(crate) fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

pub(crate) fn json_report(case: &Case, post: &Posterior) -> Value {
    let mut posterior = Map::new();
    let mut ln_posterior = Map::new();
    let mut words = Map::new();
    let probabilities = post.probabilities();
    for ((h, p), ln) in post
        .hypotheses()
        .iter()
        .zip(probabilities)
        .zip(post.ln_probabilities())
    {
        let id = h.id().to_string();
        posterior.insert(id.clone(), number(p.get()));
        ln_posterior.insert(id.clone(), number(*ln));
        words.insert(id, Value::from(Icd203::from_probability(p).words()));
    }
    let leader = post.leader().id().to_string();
    let mut bayes_factors = Map::new();
    for h in post.hypotheses() {
        if h.id().as_str() == leader {
            continue;
        }
        let ln = post.ln_bayes_factor(h.id());
        let db = ln.map(Decibans::from_ln);
        bayes_factors.insert(
            h.id().to_string(),
            json!({
                "ln": ln.map_or(Value::Null, number),
                "decibans": db.map_or(Value::Null, |d| number(d.get())),
                "enfsi": db.map(|d| d.enfsi().words()),
            }),
        );
    }
    let ledger: Vec<Value> = post
        .ledger()
        .entries()
        .map(|e| {
            json!({
                "evidence": e.evidence.as_str(),
                "for": e.hypothesis.as_str(),
                "against": e.against.as_str(),
                "decibans": e.weight.map_or(Value::Null, |w| number(w.get())),
            })
        })
        .collect();
    let verdict = post.verdict();
    json!({
        "title": case.title(),
        "posterior": posterior,
        "ln_posterior": ln_posterior,
        "words": words,
        "leader": leader,
        "verdict": {
            "status": verdict.status().as_str(),
            "hypothesis": verdict.hypothesis().map(|h| h.as_str()),
            "threshold": number(verdict.threshold().get()),
            "probability": number(verdict.probability().get()),
        },
        "bayes_factors": bayes_factors,
        "ledger": ledger,
        "warnings": case.warnings().iter().map(|w| w.to_string()).collect::<Vec<_>>(),
    })
}

/// Everything `attrib sensitivity` reports.
pub(crate) struct Sensitivity {
    pub(crate) point: Posterior,
    pub(crate) simulation: Simulation,
    pub(crate) leave_one_out: Vec<attrib::LeaveOneOut>,
    pub(crate) sources: Vec<(String, Option<f64>)>,
    pub(crate) items: Vec<(String, Option<f64>)>,
}

fn sensitivity(case: &Case, draws: u64, seed: u64) -> Result<Sensitivity, attrib::Error> {
    let point = case.score()?;
    let draws = usize::try_from(draws).unwrap_or(usize::MAX);
    let simulation = case.monte_carlo(MonteCarlo::new().draws(draws).seed(seed))?;
    let leave_one_out = case.leave_one_out()?;
    let mut sources = Vec::new();
    for s in case.sources() {
        let d = case.break_even_source(s.id())?;
        sources.push((s.id().to_string(), d.map(|d| d.get())));
    }
    let mut items = Vec::new();
    for (id, _) in point.ledger().carriers().into_iter().take(ITEM_BREAK_EVENS) {
        let d = case.break_even_evidence(id)?;
        items.push((id.to_string(), d.map(|d| d.get())));
    }
    Ok(Sensitivity {
        point,
        simulation,
        leave_one_out,
        sources,
        items,
    })
}

fn posterior_map(post: &Posterior) -> Map<String, Value> {
    post.hypotheses()
        .iter()
        .zip(post.probabilities())
        .map(|(h, p)| (h.id().to_string(), number(p.get())))
        .collect()
}

fn discount(d: Option<f64>) -> String {
    d.map_or(
        "none (the verdict holds at any discount)".to_string(),
        |d| format!("{d:.6}"),
    )
}

impl Sensitivity {
    fn json(&self, case: &Case) -> Value {
        let intervals: Map<String, Value> = case
            .hypotheses()
            .iter()
            .filter_map(|h| {
                let i = self.simulation.interval(h.id())?;
                Some((
                    h.id().to_string(),
                    json!({"mean": i.mean.get(), "q05": i.q05.get(), "q50": i.q50.get(), "q95": i.q95.get()}),
                ))
            })
            .collect();
        let verdict = self.point.verdict();
        json!({
            "draws": self.simulation.draws(),
            "seed": self.simulation.seed(),
            "posterior": intervals,
            "leader_holds": self.simulation.leader_holds(),
            "verdict_holds": self.simulation.verdict_holds(),
            "contradictory_draws": self.simulation.contradictory_draws(),
            "point": {
                "posterior": posterior_map(&self.point),
                "leader": self.point.leader().id().as_str(),
                "verdict": {
                    "status": verdict.status().as_str(),
                    "hypothesis": verdict.hypothesis().map(|h| h.as_str()),
                    "threshold": verdict.threshold().get(),
                },
            },
            "leave_one_out": self.leave_one_out.iter().map(|l| json!({
                "evidence": l.evidence().as_str(),
                "posterior": self.point.hypotheses().iter().zip(l.probabilities())
                    .map(|(h, p)| (h.id().to_string(), number(p.get())))
                    .collect::<Map<String, Value>>(),
                "leader": l.leader().as_str(),
                "verdict": l.verdict().status().as_str(),
                "linchpin": l.is_linchpin(),
            })).collect::<Vec<_>>(),
            "linchpins": self.leave_one_out.iter().filter(|l| l.is_linchpin()).map(|l| l.evidence().as_str()).collect::<Vec<_>>(),
            "break_even": self.sources.iter().map(|(s, d)| json!({"source": s, "discount": d})).collect::<Vec<_>>(),
            "break_even_evidence": self.items.iter().map(|(e, d)| json!({"evidence": e, "discount": d})).collect::<Vec<_>>(),
            "conflict": number(self.point.conflict()),
            "pairwise_conflict": self.point.pairwise_conflict().into_iter().take(10).map(|(a, b, c)| json!({
                "evidence": [a.as_str(), b.as_str()],
                "conflict": number(c),
            })).collect::<Vec<_>>(),
        })
    }

    fn text(&self, case: &Case) -> String {
        let mut out = String::new();
        if let Some(t) = case.title() {
            out.push_str(&format!("{t}\n\n"));
        }
        out.push_str(&format!("{}\n\n", self.point));
        out.push_str("Monte Carlo (docs/model.md section 6):\n");
        out.push_str(&format!("{}\n\n", self.simulation));
        out.push_str("Leave one out (posterior of the leader without the item):\n");
        let leader = self.point.leader().id();
        let width = self
            .leave_one_out
            .iter()
            .map(|l| l.evidence().as_str().chars().count())
            .max()
            .unwrap_or(0);
        for l in &self.leave_one_out {
            let p = l.probability(leader).map_or(0.0, |p| p.get());
            let mark = if l.is_linchpin() { "  <- linchpin" } else { "" };
            out.push_str(&format!(
                "  {:<width$}  {p:.4}  leader {}, {}{mark}\n",
                l.evidence().as_str(),
                l.leader(),
                l.verdict().status()
            ));
        }
        out.push_str("\nBreak-even discount per source (largest factor on its reliability that changes the verdict):\n");
        for (s, d) in &self.sources {
            out.push_str(&format!("  {s}: {}\n", discount(*d)));
        }
        out.push_str("\nBreak-even discount of the weightiest items:\n");
        for (e, d) in &self.items {
            out.push_str(&format!("  {e}: {}\n", discount(*d)));
        }
        out.push_str(&format!(
            "\nConflict ln(prod P(e) / P(all e)): {:.3} ({})\n",
            self.point.conflict(),
            if self.point.conflict() > 0.0 {
                "positive: some evidence does not fit together"
            } else {
                "not positive: the evidence hangs together"
            }
        ));
        if let Some((a, b, c)) = self.point.pairwise_conflict().first() {
            out.push_str(&format!("Most conflicting pair: {a} and {b} ({c:.3})\n"));
        }
        out
    }
}
