//! The `attrib` command line (feature `cli`): score and check case files.
//!
//! ```text
//! attrib score CASE.json [--format text|json]
//! attrib check CASE.json
//! ```
//!
//! Exit status 0 on success; on bad input, 1 and one line on stderr that
//! starts with `error:` and names the culprit (usage errors: clap's message
//! and status 2).

use attrib::{Case, Decibans, Icd203, Posterior};
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
        /// The case file (JSON, MODEL.md section 7).
        case: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate a case file and print its warnings.
    Check {
        /// The case file (JSON, MODEL.md section 7).
        case: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A readable report.
    Text,
    /// One JSON object (MODEL.md section 8).
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

fn load(path: &Path) -> Result<Case, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read '{shown}': {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "'{shown}' is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Case::from_json(&text).map_err(|e| format!("{shown}: {e}"))
}

fn run(cli: &Cli) -> Result<String, String> {
    match &cli.command {
        Command::Check { case } => {
            let c = load(case)?;
            let mut out = format!(
                "ok: {} hypotheses, {} evidence items, {} sources, {} groups\n",
                c.hypotheses().len(),
                c.evidence().len(),
                c.sources().len(),
                c.groups().len()
            );
            for w in c.warnings() {
                out.push_str(&format!("warning: {w}\n"));
            }
            Ok(out)
        }
        Command::Score { case, format } => {
            let c = load(case)?;
            let post = c.score().map_err(|e| format!("{}: {e}", case.display()))?;
            Ok(match format {
                Format::Text => text_report(&c, &post),
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&json_report(&c, &post))
                        .map_err(|e| format!("cannot write JSON: {e}"))?;
                    s.push('\n');
                    s
                }
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
fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

fn json_report(case: &Case, post: &Posterior) -> Value {
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
