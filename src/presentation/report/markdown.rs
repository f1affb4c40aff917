//! The report as Markdown.

use super::{Analysis, View, changes, credibility, db, discount, factor};
use crate::scoring::decibans::Decibans;
use crate::scoring::scale::Icd203;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The perspectives next to `base`, and what each of them doubts and why.
fn perspectives(md: &mut String, views: &[View]) {
    let _ = writeln!(md, "\n## Perspectives\n");
    let _ = writeln!(
        md,
        "A perspective is a named, reasoned change of trust (docs/model.md section 10): it discounts sources, items or kinds of items, or replaces the prior or the threshold; it never changes a likelihood. `base` is the case as written.\n"
    );
    let _ = writeln!(
        md,
        "| perspective | leader | posterior of the leader | verdict | threshold | Bayes factor, leader against the runner-up |\n|---|---|---|---|---|---|"
    );
    for v in views {
        let verdict = v.posterior.verdict();
        let _ = writeln!(
            md,
            "| `{}` | `{}` | {:.4} | {} | {} | {}{} |",
            v.id,
            v.posterior.leader().id(),
            v.leader_probability(),
            verdict.status(),
            verdict.threshold(),
            factor(v.bayes_factor()),
            v.runner_up()
                .map_or(String::new(), |r| format!(" (against `{r}`)"))
        );
    }
    for v in views {
        let Some(p) = &v.perspective else { continue };
        let _ = writeln!(md);
        if v.label.is_empty() {
            let _ = writeln!(md, "### `{}`\n", v.id);
        } else {
            let _ = writeln!(md, "### `{}`: {}\n", v.id, cell(&v.label));
        }
        for change in changes(p) {
            let _ = writeln!(md, "- {change}");
        }
        let posterior: Vec<String> = v
            .posterior
            .hypotheses()
            .iter()
            .zip(v.posterior.probabilities())
            .map(|(h, p)| format!("{} {:.4}", h.id(), p.get()))
            .collect();
        let _ = writeln!(md, "- posterior: {}", posterior.join(", "));
        let _ = writeln!(md, "- verdict: {}", v.posterior.verdict());
        if let Some(r) = p.rationale() {
            let _ = writeln!(md, "- rationale: {r}");
        }
        if !p.references().is_empty() {
            let _ = writeln!(md, "- sources:");
            for r in p.references() {
                let _ = writeln!(md, "  - {r}");
            }
        }
    }
}

/// The whole report. `writeln!` into a `String` cannot fail.
pub(super) fn render(title: &str, a: &Analysis, charts: &[(&str, PathBuf)]) -> String {
    let case = &a.case;
    let post = &a.point;
    let mut md = String::new();
    let _ = writeln!(md, "# {title}\n");
    let meta: Vec<&str> = [case.date(), case.place()].into_iter().flatten().collect();
    if !meta.is_empty() {
        let _ = writeln!(md, "{}\n", meta.join(", "));
    }
    if let Some(v) = a
        .perspective
        .as_deref()
        .and_then(|id| a.views.iter().find(|v| v.id == id))
    {
        let _ = writeln!(
            md,
            "Seen from the perspective `{}`{}: every number below is the case with it applied (see [Perspectives](#perspectives)).\n",
            v.id,
            if v.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", cell(&v.label))
            }
        );
    }
    let verdict = post.verdict();
    let _ = writeln!(md, "**Verdict: {verdict}.**\n");
    let _ = writeln!(
        md,
        "{} hypotheses, {} evidence items from {} sources; weighting `{}`; threshold {}.\n",
        case.hypotheses().len(),
        case.evidence().len(),
        case.sources().len(),
        case.weighting(),
        case.threshold()
    );

    let _ = writeln!(md, "## Hypotheses and prior\n");
    let _ = writeln!(md, "| id | hypothesis | prior |\n|---|---|---|");
    for (h, p) in case.hypotheses().iter().zip(case.prior().probabilities()) {
        let _ = writeln!(
            md,
            "| `{}` | {} | {:.4} |",
            h.id(),
            cell(h.label()),
            p.get()
        );
    }

    let _ = writeln!(md, "\n## Posterior\n");
    let _ = writeln!(
        md,
        "| hypothesis | posterior | ICD 203 | all evidence, leader against it |\n|---|---|---|---|"
    );
    let leader = post.leader().id().clone();
    for (h, p) in post.ranking() {
        let bf = if h.id() == &leader {
            "(leader)".to_string()
        } else {
            db(post.ln_bayes_factor(h.id()).map(Decibans::from_ln), h.id())
        };
        let _ = writeln!(
            md,
            "| `{}` | {:.4} | {} | {} |",
            h.id(),
            p.get(),
            Icd203::from_probability(p).words(),
            bf
        );
    }

    for (caption, path) in charts {
        let _ = writeln!(md, "\n![{caption}]({})", path.display());
    }

    if a.views.len() > 1 {
        perspectives(&mut md, &a.views);
    }

    let _ = writeln!(md, "\n## Evidence\n");
    for (i, e) in case.evidence().iter().enumerate() {
        let _ = writeln!(md, "### `{}`: {}\n", e.id(), cell(e.description()));
        let likelihoods: Vec<String> = case
            .hypotheses()
            .iter()
            .zip(e.likelihoods())
            .map(|(h, l)| format!("{} {l}", h.id()))
            .collect();
        if let Some(k) = e.kind() {
            let _ = writeln!(md, "- kind: `{k}`");
        }
        let _ = writeln!(md, "- likelihoods: {}", likelihoods.join(", "));
        for line in super::words::describe_item(case, i) {
            let _ = writeln!(md, "- {line}");
        }
        let _ = writeln!(
            md,
            "- source: {}; credibility: {}; reliability used: {:.3}; group: {}",
            e.source().map_or("none".to_string(), |s| format!("`{s}`")),
            credibility(e.credibility()),
            case.reliability_at(i).map_or(1.0, |r| r.get()),
            e.group().map_or("none".to_string(), |g| format!("`{g}`"))
        );
        if let Some(q) = e.observed() {
            let _ = writeln!(md, "- observed with confidence {q}");
        }
        if let Some(r) = e.rationale() {
            let _ = writeln!(md, "- rationale: {r}");
        }
        if !e.references().is_empty() {
            let _ = writeln!(md, "- sources:");
            for r in e.references() {
                let _ = writeln!(md, "  - {r}");
            }
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Weight of evidence\n");
    let _ = writeln!(
        md,
        "Decibans for the leader `{leader}` against each rival (10 dB = a factor of 10), with the ENFSI verbal scale.\n"
    );
    let rivals: Vec<_> = case
        .hypotheses()
        .iter()
        .filter(|h| h.id() != &leader)
        .collect();
    let _ = write!(md, "| item |");
    for r in &rivals {
        let _ = write!(md, " against `{}` |", r.id());
    }
    let _ = writeln!(md, "\n|---|{}", "---|".repeat(rivals.len()));
    let ledger = post.ledger();
    let _ = write!(md, "| (prior) |");
    for r in &rivals {
        let _ = write!(
            md,
            " {} |",
            db(ledger.prior_weight(&leader, r.id()), r.id())
        );
    }
    let _ = writeln!(md);
    for e in case.evidence() {
        let _ = write!(md, "| `{}` |", e.id());
        for r in &rivals {
            let _ = write!(
                md,
                " {} |",
                db(ledger.weight(e.id(), &leader, r.id()), r.id())
            );
        }
        let _ = writeln!(md);
    }
    let _ = write!(md, "| **total** |");
    for r in &rivals {
        let _ = write!(md, " **{}** |", db(ledger.total(&leader, r.id()), r.id()));
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "\n## Leave one out\n");
    let _ = writeln!(
        md,
        "| item left out | posterior of `{leader}` | leader | verdict | linchpin |\n|---|---|---|---|---|"
    );
    for l in &a.leave_one_out {
        let _ = writeln!(
            md,
            "| `{}` | {:.4} | `{}` | {} | {} |",
            l.evidence(),
            l.probability(&leader).map_or(0.0, |p| p.get()),
            l.leader(),
            l.verdict().status(),
            if l.is_linchpin() { "yes" } else { "no" }
        );
    }

    let _ = writeln!(md, "\n## Break-even discount per source\n");
    let _ = writeln!(
        md,
        "The largest factor on a source's reliability at which the verdict changes (none: it holds at any discount).\n"
    );
    let _ = writeln!(md, "| source | break-even discount |\n|---|---|");
    for (src, d) in &a.break_even_sources {
        let _ = writeln!(md, "| `{src}` | {} |", discount(*d));
    }

    let sim = &a.simulation;
    let _ = writeln!(
        md,
        "\n## Monte Carlo ({} draws, seed {})\n",
        sim.draw_count(),
        sim.seed()
    );
    let _ = writeln!(
        md,
        "| hypothesis | mean | 5 % | median | 95 % |\n|---|---|---|---|---|"
    );
    for (h, i) in sim.hypotheses().iter().zip(sim.intervals()) {
        let _ = writeln!(
            md,
            "| `{h}` | {:.4} | {:.4} | {:.4} | {:.4} |",
            i.mean.get(),
            i.q05.get(),
            i.q50.get(),
            i.q95.get()
        );
    }
    let _ = writeln!(
        md,
        "\nThe leader holds in {:.1} % of draws, the verdict in {:.1} %.",
        100.0 * sim.leader_holds(),
        100.0 * sim.verdict_holds()
    );
    let _ = writeln!(
        md,
        "\nConflict of the evidence, ln(prod P(e) / P(all e)): {:.3}.",
        post.conflict()
    );

    let warnings = case.warnings();
    let _ = writeln!(md, "\n## Warnings\n");
    if warnings.is_empty() {
        let _ = writeln!(md, "None.");
    }
    for w in warnings {
        let _ = writeln!(md, "- {w}");
    }
    md
}
