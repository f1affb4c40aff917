//! The chain of reasoning in a report (an extension, for cases that
//! declare steps of reasoning): each step with its findings (quote, words,
//! weight for the leader against the runner-up after grade and group,
//! reliability), the step's weight and break-even, the step that carries
//! the verdict, and where the rest of the probability sits. The numbers
//! are [`Chain`]'s; this file only lays them out, once, as phrases that
//! the Markdown and the HTML report each quote in their own way.

use super::Chunk;
use super::words::describe_item;
use crate::analysis::chain::Chain;
use crate::domain::case::Case;
use crate::scoring::decibans::Decibans;

/// One finding's row: its id, its quote and words (one line each), its
/// weight, the factor it is, and the reliability used.
pub(super) struct Row {
    pub(super) id: String,
    pub(super) lines: Vec<String>,
    pub(super) weight: String,
    pub(super) factor: String,
    pub(super) reliability: String,
}

/// One step: its heading, why, its rows, and what it weighs together.
pub(super) struct StepView {
    pub(super) heading: Vec<Chunk>,
    pub(super) rationale: Option<String>,
    pub(super) rows: Vec<Row>,
    pub(super) total: Vec<Chunk>,
}

/// The chain laid out: an introduction, the steps, the carrying step and
/// its break-even, and one phrase per rival.
pub(super) struct ChainView {
    pub(super) intro: Vec<Chunk>,
    pub(super) steps: Vec<StepView>,
    pub(super) carries: Vec<Chunk>,
    pub(super) rivals: Vec<Vec<Chunk>>,
}

fn weight(w: Option<Decibans>) -> String {
    w.map_or_else(|| "undefined".to_string(), |w| w.to_string())
}

fn factor(w: Option<Decibans>) -> String {
    w.map_or_else(|| "-".to_string(), |w| format!("{:.2}", w.ratio()))
}

/// The chain of `case` laid out, or `None` when the case declares no
/// steps of reasoning (or is contradictory: the report says so elsewhere).
pub(super) fn view(case: &Case) -> Option<ChainView> {
    use Chunk::{Id, Label, Text};
    if case.steps().is_empty() {
        return None;
    }
    let chain = Chain::of(case).ok()?;
    let (leader, runner) = (chain.leader().as_str(), chain.runner_up().as_str());
    let intro = vec![
        Text("The case read step by step, as its steps of reasoning order it: each finding's weight for the leader ".into()),
        Id(leader.into()),
        Text(" against the runner-up ".into()),
        Id(runner.into()),
        Text(" after its grade and group (the ledger's), and each step's together.".into()),
    ];
    let mut steps = Vec::with_capacity(chain.links().len());
    for (n, link) in chain.links().iter().enumerate() {
        let heading = match link.step() {
            Some(s) => vec![
                Text(format!("{}. ", n + 1)),
                Label(s.label().unwrap_or(s.id()).to_string()),
                Text(" (".into()),
                Id(s.id().to_string()),
                Text(")".into()),
            ],
            None => vec![Text("Findings outside any step".into())],
        };
        let rows = link
            .findings()
            .iter()
            .filter_map(|f| {
                let i = case
                    .evidence()
                    .iter()
                    .position(|e| e.id() == f.evidence())?;
                Some(Row {
                    id: f.evidence().to_string(),
                    lines: describe_item(case, i),
                    weight: weight(f.weight()),
                    factor: factor(f.weight()),
                    reliability: f
                        .reliability()
                        .map_or_else(|| "-".to_string(), |r| format!("{:.3}", r.get())),
                })
            })
            .collect();
        let total = vec![Text(format!(
            "Together: {} (a factor of {}); break-even of the step: {}.",
            weight(link.weight()),
            factor(link.weight()),
            link.break_even()
                .map_or_else(|| "none".to_string(), |d| format!("{:.4}", d.get()))
        ))];
        steps.push(StepView {
            heading,
            rationale: link.step().and_then(|s| s.rationale()).map(str::to_string),
            rows,
            total,
        });
    }
    let carries = match chain.carrier() {
        Some(link) => {
            let mut c = vec![
                Text("The step that carries the verdict (the one whose findings together weigh most for the leader against the runner-up): ".into()),
                Id(link.step().map_or("-", |s| s.id()).to_string()),
                Text(format!(", {}. ", weight(link.weight()))),
            ];
            c.push(Text(match link.break_even() {
                Some(d) => format!(
                    "The verdict changes when its findings, discounted together, keep less than {:.4} of their present trust.",
                    d.get()
                ),
                None => "No discount of its findings together changes the verdict.".to_string(),
            }));
            c
        }
        None => vec![Text("No step has a defined weight.".into())],
    };
    let rivals = chain
        .rivals()
        .iter()
        .map(|r| {
            let mut c = vec![
                Id(r.hypothesis().to_string()),
                Text(format!(
                    " {:.4}: prior {}",
                    r.probability().get(),
                    weight(r.prior_weight())
                )),
            ];
            for (link, w) in chain.links().iter().zip(r.step_weights()) {
                c.push(Text(", ".into()));
                c.push(Id(link.step().map_or("other", |s| s.id()).to_string()));
                c.push(Text(format!(" {}", weight(*w))));
            }
            c
        })
        .collect();
    Some(ChainView {
        intro,
        steps,
        carries,
        rivals,
    })
}
