//! The `attrib` command line (feature `cli`): score and check case files.
//!
//! ```text
//! attrib score CASE.json [--perspective ID] [--format text|json] [--full-ledger [--memory-budget BYTES]]
//! attrib check CASE.json [--format text|json]
//! attrib new [--hypotheses a,b,c] [--codebook PATH]
//! attrib sensitivity CASE.json [--perspective ID] [--draws N] [--seed S] [--memory-budget BYTES] [--format text|json] [--quiet]
//! attrib report CASE.json [--perspective ID] [--format markdown|json|html] [--svg DIR [--force]] [--draws N] [--seed S] [--memory-budget BYTES] [--quiet]
//! attrib compare CASE.json [--format text|json]
//! attrib ach MATRIX.csv [--format text|json]
//! ```
//!
//! Every command that reads a case reads it with `Case::from_path`, so a
//! case file may name a codebook (docs/model.md section 9). `--perspective ID`
//! applies a perspective (docs/model.md section 10) before anything else.
//!
//! `sensitivity` and `report` refuse, before allocating them, Monte Carlo
//! draws that would take more memory than a budget: 2 GiB unless
//! `--memory-budget BYTES` or the environment variable
//! `ATTRIB_MEMORY_BUDGET` says otherwise. The draws take about
//! `draws x (hypotheses + 2) x 8` bytes (`MonteCarlo::memory_estimate`).
//!
//! On a terminal, `sensitivity` and `report` show a progress bar on stderr
//! while they work (`--quiet`: none), cleared before the output is
//! written; when stderr is not a terminal they write nothing there but
//! errors. The output on stdout is the same either way.
//!
//! Exit status 0 on success. On failure, one line on stderr that starts
//! with `error:` and names the culprit, and a status that says what went
//! wrong: 1 the input is invalid (a value, the file's structure or JSON
//! syntax, an ACH matrix), 2 the command line is (clap's own usage errors
//! too, an unknown perspective, draws or `--full-ledger` over the memory
//! budget, `--full-ledger` without `--format json`), 3 a file cannot be
//! read (missing, unreadable, not a regular file, over 1 GiB, not UTF-8, a
//! refused codebook path), 4 the evidence is contradictory, 5 the output
//! cannot be written (an `--svg` chart whose name exists, without
//! `--force`).
//!
//! Text output (`score`, `check`, `sensitivity`, `compare`) writes titles
//! and labels through [`attrib::Isolated`]: escaped, and isolated when not
//! ASCII.

mod ach;
mod bar;
mod compare;
mod failure;
mod new;
mod svg;
mod words;

use attrib::report::{Analysis, Perspectives, Report, Scored, Sensitivity};
use attrib::{Case, Isolated, MonteCarlo, Posterior};
use bar::Bar;
use clap::{Parser, Subcommand, ValueEnum};
use failure::Failure;
use serde_json::Value;
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
        /// With `--format json`, add `ledger_pairs`: every item's weight for
        /// every ordered pair of hypotheses (items x hypotheses^2 entries);
        /// refused when it would take more memory than the budget.
        #[arg(long)]
        full_ledger: bool,
        /// The most memory `--full-ledger` may take, in bytes (default 2
        /// GiB, or `ATTRIB_MEMORY_BUDGET`).
        #[arg(long, value_name = "BYTES")]
        memory_budget: Option<u64>,
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
    /// List the scales of words (docs/model.md section 11): the built-in
    /// ones, and a case's declared ones (its codebook's included) when a
    /// case is given.
    Scales {
        /// A case file whose declared scales to list too.
        case: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate a case file as `score` would (contradictory evidence
    /// included) and print its warnings; the exit status is `score`'s.
    Check {
        /// The case file (JSON, docs/model.md section 7).
        case: PathBuf,
        /// Output format: with `json`, `{"valid": true, counts...,
        /// "warnings": [warning objects]}`.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a case file to start from (`attrib new > case.json`): one
    /// graded source, one group and one item, each with a "$comment"
    /// saying what to change; valid as it stands.
    New {
        /// The hypotheses' ids, separated by commas (default:
        /// first-suspect,second-suspect,other).
        #[arg(long, value_delimiter = ',', value_name = "IDS")]
        hypotheses: Vec<String>,
        /// A codebook the case names (a path relative to the folder the
        /// case file will be saved in); its hypotheses and first kind are
        /// used.
        #[arg(long, value_name = "PATH")]
        codebook: Option<PathBuf>,
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
    /// posterior, ledger, verdict, perspectives, sensitivity, Monte Carlo,
    /// warnings; the charts inline with `--format html`, or as files with
    /// `--svg`.
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
        /// SVG files into this directory and link them from the report. An
        /// existing file of the same name is an error unless `--force`; a
        /// link is never written through; on an error nothing is left.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// With `--svg`, replace existing chart files (a link is replaced
        /// by the file, never written through).
        #[arg(long, requires = "svg")]
        force: bool,
        /// With `--format html`: the interactive what-if page, whose
        /// controls (source trust, items, perspective, threshold) rescore
        /// the case in the browser (README, The report).
        #[arg(long)]
        interactive: bool,
        /// Monte Carlo draws.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        draws: u64,
        /// Seed of the draws.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// The most memory the Monte Carlo draws may take, in bytes
        /// (default 2 GiB, or `ATTRIB_MEMORY_BUDGET`).
        #[arg(long, value_name = "BYTES")]
        memory_budget: Option<u64>,
        /// Show no progress bar (one is drawn on stderr only when stderr is
        /// a terminal; the output is the same either way).
        #[arg(long, short)]
        quiet: bool,
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
        /// The most memory the Monte Carlo draws may take, in bytes
        /// (default 2 GiB, or `ATTRIB_MEMORY_BUDGET`).
        #[arg(long, value_name = "BYTES")]
        memory_budget: Option<u64>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Show no progress bar (one is drawn on stderr only when stderr is
        /// a terminal; the output is the same either way).
        #[arg(long, short)]
        quiet: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// A Markdown document.
    Markdown,
    /// One JSON object.
    Json,
    /// One self-contained HTML page, the charts inline.
    Html,
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
                    let failure = Failure::Output(format!("cannot write the output: {e}"));
                    eprintln!("error: {}", one_line(&failure.to_string()));
                    ExitCode::from(failure.exit_code())
                }
            }
        }
        Err(failure) => {
            eprintln!("error: {}", one_line(&failure.to_string()));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// The widest, in characters, that a text table pads a column to; a longer
/// id overflows it (the formatter panics on a width over `u16::MAX`).
pub(crate) const MAX_COLUMN: usize = 100;

/// Keeps a message on one line, whatever a file name or a parser put in it:
/// white space folded to single spaces, and any other control character or
/// bidirectional override escaped as Rust writes it (`\u{1b}`). The
/// library's messages are escaped already; this covers the binary's own,
/// which quote paths from the command line.
fn one_line(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        let invisible = c.is_control()
            || matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
            )
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        if invisible {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value kept until the process ends, never freed.
///
/// Each command reads one case, writes its output and ends. Freeing a
/// large case piece by piece on the way out is work the system does at
/// once when the process ends: at 100 000 items, dropping the case, its
/// look-up maps and its posterior took a tenth of `score`'s time, and
/// grew faster than the items (the pieces are freed in hash order, all
/// over the heap). So the case, and what is computed from it, are kept.
pub(crate) fn kept<'a, T: 'a>(value: T) -> &'a T {
    Box::leak(Box::new(value))
}

/// A case file, with its codebook; the error names the file. Kept to the
/// end ([`kept`]).
fn load(path: &Path) -> Result<&'static Case, Failure> {
    Ok(kept(Case::from_path(path)?))
}

/// A case file seen from a perspective (the case as written without one,
/// not copied).
fn load_seen(path: &Path, perspective: Option<&str>) -> Result<&'static Case, Failure> {
    let case = load(path)?;
    Ok(match perspective {
        Some(id) => kept(case.perspective(id).map_err(Failure::at(path))?),
        None => case,
    })
}

/// A library value as pretty JSON (keys sorted), with a final newline:
/// written straight from the value (`attrib::report::sorted_json`), with
/// no tree of values between.
fn pretty(v: &impl serde::Serialize) -> Result<String, Failure> {
    json_line(attrib::report::sorted_json(v))
}

/// JSON text with a final newline, or why it could not be written.
fn json_line(text: Result<String, attrib::Error>) -> Result<String, Failure> {
    let mut s = text.map_err(|e| Failure::Output(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

fn run(cli: &Cli) -> Result<String, Failure> {
    match &cli.command {
        Command::Scales { case, format } => {
            let scales = match case {
                Some(path) => load(path)?.scales().clone(),
                None => attrib::Scales::builtin(),
            };
            Ok(match format {
                Format::Text => scales_text(&scales),
                Format::Json => pretty(&scales_json(&scales))?,
            })
        }
        Command::Check { case, format } => {
            let c = load(case)?;
            // Everything `score` would reject: scoring rejects contradictory
            // evidence, which no check of the file alone can see.
            kept(c.score().map_err(Failure::at(case))?);
            Ok(match format {
                Format::Text => words::check_text(c),
                Format::Json => pretty(&words::check_json(c))?,
            })
        }
        Command::New {
            hypotheses,
            codebook,
        } => new::template(hypotheses, codebook.as_deref()),
        Command::Ach { matrix, format } => {
            // kept to the end, as a case is ([`kept`])
            let (m, c, post) = kept(ach::load(matrix)?);
            Ok(match format {
                Format::Text => ach::text(m, post),
                Format::Json => pretty(kept(ach::json(m, c, post)))?,
            })
        }
        Command::Report {
            case,
            perspective,
            format,
            svg,
            force,
            interactive,
            draws,
            seed,
            memory_budget,
            quiet,
        } => {
            if *interactive && !matches!(format, ReportFormat::Html) {
                return Err(Failure::Usage(
                    "--interactive needs --format html".to_string(),
                ));
            }
            let written = load(case)?;
            within_budget(*draws, written, *memory_budget)?;
            let at = Failure::at(case);
            // Declared before the report, so dropped (and cleared) after it.
            let bar = Bar::on_terminal(*quiet);
            let mut report = Report::new(written)
                .draws(draws_of(*draws))
                .seed(*seed)
                .interactive(*interactive);
            if let Some(bar) = &bar {
                report = report.progress(bar);
            }
            if let Some(id) = perspective {
                report = report.perspective(id);
            }
            if let Some(dir) = svg {
                let stem = case
                    .file_stem()
                    .map_or("case".to_string(), |s| s.to_string_lossy().into_owned());
                report = report.chart_files(dir, stem);
            }
            let report = kept(report);
            if let Some(dir) = svg {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Failure::Output(format!("cannot create '{}': {e}", dir.display()))
                })?;
                svg::write(dir, &report.charts().map_err(at)?, *force)?;
            }
            Ok(match format {
                ReportFormat::Markdown => report.markdown().map_err(at)?,
                ReportFormat::Json => {
                    // The analysis first: its errors are the case's, not
                    // the output's.
                    report.analysis().map_err(at)?;
                    json_line(report.json_text())?
                }
                ReportFormat::Html => report.html().map_err(at)?,
            })
        }
        Command::Sensitivity {
            case,
            perspective,
            draws,
            seed,
            format,
            memory_budget,
            quiet,
        } => {
            let written = load(case)?;
            within_budget(*draws, written, *memory_budget)?;
            let at = Failure::at(case);
            let bar = Bar::on_terminal(*quiet);
            let mut report = Report::new(written).draws(draws_of(*draws)).seed(*seed);
            if let Some(bar) = &bar {
                report = report.progress(bar);
            }
            if let Some(id) = perspective {
                report = report.perspective(id);
            }
            let analysis = kept(report).analysis().map_err(at)?;
            Ok(match format {
                Format::Text => sensitivity_text(analysis),
                Format::Json => pretty(&Sensitivity::new(analysis))?,
            })
        }
        Command::Score {
            case,
            perspective,
            format,
            full_ledger,
            memory_budget,
        } => {
            if *full_ledger && !matches!(format, Format::Json) {
                return Err(Failure::Usage(
                    "--full-ledger needs --format json".to_string(),
                ));
            }
            let c = load_seen(case, perspective.as_deref())?;
            if *full_ledger {
                ledger_within_budget(c, *memory_budget)?;
            }
            let post = kept(c.score().map_err(Failure::at(case))?);
            Ok(match format {
                Format::Text => {
                    let mut out = text_report(c, post);
                    if let Some(id) = perspective {
                        out.insert_str(0, &format!("perspective: {id}\n"));
                    }
                    out
                }
                Format::Json => pretty(
                    &Scored::new(c, post)
                        .perspective(perspective.as_deref().unwrap_or(attrib::domain::BASE))
                        .full_ledger(*full_ledger),
                )?,
            })
        }
        Command::Compare { case, format } => {
            let c = load(case)?;
            let views = kept(compare::views(c, case)?);
            Ok(match format {
                Format::Text => compare::text(c, views),
                Format::Json => pretty(&Perspectives::new(views))?,
            })
        }
    }
}

fn text_report(case: &Case, post: &Posterior) -> String {
    let mut out = String::new();
    if let Some(t) = case.title() {
        out.push_str(&format!("{}\n", Isolated(t)));
    }
    let meta: Vec<String> = [case.date(), case.place()]
        .into_iter()
        .flatten()
        .map(|t| Isolated(t).to_string())
        .collect();
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
    out.push_str("How probable each hypothesis is, given the evidence (posterior, with its ICD 203 words), and how strongly the evidence favours the leader over it (in decibans: +10 dB is 10 to 1, +20 dB 100 to 1):\n");
    out.push_str(&format!("{post}\n\n"));
    if case.evidence().is_empty() {
        out.push_str("What each item did: the case has no items yet.\n");
    } else {
        out.push_str("What each item did: how strongly it favours the leader over each rival (decibans; negative: it favours the rival):\n");
        out.push_str(&format!("{}\n", post.ledger()));
    }
    out.push_str(&standards_text(case, post));
    out.push_str(&words_text(case));
    let warnings = case.warnings();
    if !warnings.is_empty() {
        out.push('\n');
        for w in warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    out
}

/// A line per standard of proof: its threshold and the verdict under it.
fn standards_text(case: &Case, post: &Posterior) -> String {
    let mut out = String::new();
    for st in case.standards() {
        let v = st.verdict(post);
        let headline = if case.standard().is_some_and(|h| h.id() == st.id()) {
            ", the headline"
        } else {
            ""
        };
        out.push_str(&format!(
            "{}standard '{}' ({}{headline}): threshold {}, {}\n",
            if out.is_empty() { "\n" } else { "" },
            st.id(),
            st.label().unwrap_or(st.id()),
            st.threshold(),
            v.status()
        ));
    }
    out
}

/// Every item's quote (docs/model.md section 11; the ledger shows each
/// word beside its item); nothing for a case without quotes.
fn words_text(case: &Case) -> String {
    let mut out = String::new();
    for e in case.evidence() {
        if let Some(q) = e.quote() {
            if out.is_empty() {
                out.push_str("\nquotes:\n");
            }
            out.push_str(&format!("{}: \u{201c}{q}\u{201d}\n", e.id()));
        }
    }
    out
}

/// The scales a case can use: the built-in ones, and the case's declared
/// ones when a case is given.
fn scales_text(scales: &attrib::Scales) -> String {
    let mut out = String::new();
    for scale in scales.iter() {
        let default = if scale.id() == scales.default_scale() {
            " (default)"
        } else {
            ""
        };
        out.push_str(&format!("{}: {}{default}\n", scale.id(), scale.label()));
        for (word, band) in scale.words() {
            let (lo, hi) = band.bounds();
            let band = if band.is_range() {
                format!("[{lo}, {hi}]")
            } else {
                format!("{lo}")
            };
            let synonyms = scale.synonyms(word);
            let also = if synonyms.is_empty() {
                String::new()
            } else {
                format!(" (also: {})", synonyms.join(", "))
            };
            out.push_str(&format!("  {word:<24} {band}{also}\n"));
        }
        out.push('\n');
    }
    out
}

/// The scales as JSON: `{"default", "scales": [{"id", "label", "declared",
/// "words": [{"word", "band", "synonyms"}], "rationale", "sources"}]}`.
fn scales_json(scales: &attrib::Scales) -> Value {
    let declared: Vec<&attrib::domain::ScaleId> = scales.declared().map(|s| s.id()).collect();
    let list: Vec<Value> = scales
        .iter()
        .map(|s| {
            let words: Vec<Value> = s
                .words()
                .map(|(w, band)| {
                    let (lo, hi) = band.bounds();
                    serde_json::json!({
                        "word": w,
                        "band": if band.is_range() { serde_json::json!([lo.get(), hi.get()]) } else { serde_json::json!(lo.get()) },
                        "synonyms": s.synonyms(w),
                    })
                })
                .collect();
            serde_json::json!({
                "id": s.id(),
                "label": s.label(),
                "declared": declared.contains(&s.id()),
                "words": words,
                "rationale": s.rationale(),
                "sources": s.sources(),
            })
        })
        .collect();
    serde_json::json!({"default": scales.default_scale(), "scales": list})
}

/// The default memory budget of the Monte Carlo draws: 2 GiB.
const DEFAULT_MEMORY_BUDGET: u64 = 2 << 30;

/// Refuses, before anything is allocated, draws whose buffers would take
/// more than the memory budget: `--memory-budget`, else the environment
/// variable `ATTRIB_MEMORY_BUDGET`, else 2 GiB. What the draws take is the
/// library's estimate, `MonteCarlo::memory_estimate`.
fn within_budget(draws: u64, case: &Case, flag: Option<u64>) -> Result<(), Failure> {
    let budget = memory_budget(flag)?;
    let hypotheses = case.hypotheses().len();
    let need = u128::from(
        MonteCarlo::new()
            .draws(draws_of(draws))
            .memory_estimate(case),
    );
    if need > u128::from(budget) {
        return Err(Failure::Usage(format!(
            "--draws {draws} with {hypotheses} hypotheses needs about {} of memory, over the budget of {} ({budget} bytes); use fewer --draws, or raise the budget with --memory-budget BYTES or ATTRIB_MEMORY_BUDGET",
            gib(need),
            gib(u128::from(budget)),
        )));
    }
    Ok(())
}

/// The memory budget: `--memory-budget`, else the environment variable
/// `ATTRIB_MEMORY_BUDGET`, else 2 GiB.
fn memory_budget(flag: Option<u64>) -> Result<u64, Failure> {
    Ok(match flag {
        Some(b) => b,
        None => match std::env::var("ATTRIB_MEMORY_BUDGET") {
            Ok(text) => text.trim().parse::<u64>().map_err(|_| {
                Failure::Usage(format!(
                    "ATTRIB_MEMORY_BUDGET is {text:?}, must be a number of bytes"
                ))
            })?,
            Err(_) => DEFAULT_MEMORY_BUDGET,
        },
    })
}

/// What one entry of `ledger_pairs` takes while the JSON is built and
/// written, in bytes: its tree of values (four keys, sorted) and its text,
/// measured at about 490 on a 200 x 200 case (3.9 GB for 7.96 million
/// entries), rounded up.
const LEDGER_ENTRY_BYTES: u128 = 600;

/// Refuses, before it is built, a `--full-ledger` whose entries (items x
/// hypotheses x (hypotheses - 1)) would take more than the memory budget.
fn ledger_within_budget(case: &Case, flag: Option<u64>) -> Result<(), Failure> {
    let budget = memory_budget(flag)?;
    let items = case.evidence().len() as u128;
    let h = case.hypotheses().len() as u128;
    let entries = items * h * h.saturating_sub(1);
    let need = entries * LEDGER_ENTRY_BYTES;
    if need > u128::from(budget) {
        return Err(Failure::Usage(format!(
            "--full-ledger with {items} evidence items and {h} hypotheses writes {entries} entries, about {} of memory, over the budget of {} ({budget} bytes); leave out --full-ledger, or raise the budget with --memory-budget BYTES or ATTRIB_MEMORY_BUDGET",
            gib(need),
            gib(u128::from(budget)),
        )));
    }
    Ok(())
}

/// Bytes in GiB, for messages.
fn gib(bytes: u128) -> String {
    format!("{:.2} GiB", bytes as f64 / f64::from(1u32 << 30))
}

/// Draws as the library counts them.
fn draws_of(draws: u64) -> usize {
    usize::try_from(draws).unwrap_or(usize::MAX)
}

/// The break-even discounts that exist, in words; the rest in one line
/// (`what`: "source", "item").
fn break_even_text<T: std::fmt::Display>(
    found: &[(T, Option<attrib::Reliability>)],
    what: &str,
) -> String {
    let holding = found.iter().filter(|(_, d)| d.is_none()).count();
    if found.is_empty() {
        return format!("  no {what}s to distrust\n");
    }
    if holding == found.len() {
        return format!(
            "  none: distrusting any one {what}, however far, leaves the verdict as it is\n"
        );
    }
    let mut out = String::new();
    for (s, d) in found {
        if let Some(d) = d {
            out.push_str(&format!(
                "  {s}: the verdict changes once its reliability is cut to {:.6} of itself\n",
                d.get()
            ));
        }
    }
    if holding > 0 {
        out.push_str(&format!(
            "  the other {holding} {what}(s): the verdict holds however far they are distrusted\n"
        ));
    }
    out
}

/// What `attrib sensitivity` prints.
fn sensitivity_text(a: &Analysis) -> String {
    let mut out = String::new();
    if let Some(t) = a.case.title() {
        out.push_str(&format!("{}\n\n", Isolated(t)));
    }
    out.push_str(&format!("{}\n\n", a.point));
    out.push_str("How much the posterior moves when every judgement held as a range or with a stated firmness is redrawn at random:\n");
    out.push_str(&format!("{}\n", a.simulation));
    // Too few draws, or nothing to draw (every draw the same): what the
    // report and `check` warn of, here where the share is printed.
    for w in a.case.draw_warnings(a.simulation.draw_count()) {
        out.push_str(&format!("warning: {w}\n"));
    }
    out.push('\n');
    if a.leave_one_out.is_empty() {
        out.push_str("Each item left out in turn: the case has no items.\n");
    } else {
        out.push_str("Each item left out in turn (the leader's posterior without it; a linchpin changes the verdict):\n");
    }
    let leader = a.point.leader().id();
    let width = a
        .leave_one_out
        .iter()
        .map(|l| l.evidence().as_str().chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMN);
    for l in &a.leave_one_out {
        let p = l.probability(leader).map_or(0.0, |p| p.get());
        let mark = if l.is_linchpin() { "  <- linchpin" } else { "" };
        out.push_str(&format!(
            "  {:<width$}  {p:.4}  leader {}, {}{mark}\n",
            l.evidence().as_str(),
            l.leader(),
            l.verdict().status()
        ));
    }
    out.push_str("\nHow far a source must be distrusted before the verdict changes:\n");
    out.push_str(&break_even_text(&a.break_even_sources, "source"));
    out.push_str(
        "\nHow far one of the weightiest items must be distrusted before the verdict changes:\n",
    );
    out.push_str(&break_even_text(&a.break_even_evidence, "item"));
    out.push_str(&format!(
        "\nDo the items fit together? {} (conflict {:.3}; docs/model.md section 8)\n",
        if a.point.conflict() > 0.0 {
            "Not all: together they are more surprising than each alone"
        } else {
            "Yes: together they are no more surprising than each alone"
        },
        a.point.conflict(),
    ));
    if let Some((x, y, c)) = a.point.pairwise_conflict().first() {
        out.push_str(&format!(
            "The pair that fits least: {x} and {y} (conflict {c:.3})\n"
        ));
    }
    out
}
