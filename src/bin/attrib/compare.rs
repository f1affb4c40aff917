//! `attrib compare`: the case scored from every perspective, `base` first
//! (docs/model.md section 10).

use crate::failure::Failure;
use attrib::report::View;
use attrib::{Case, Isolated};
use std::fmt::Write as _;
use std::path::Path;

/// `base`, then every perspective of the case in order; an error names
/// the file.
pub(crate) fn views(case: &Case, file: &Path) -> Result<Vec<View>, Failure> {
    attrib::report::views(case).map_err(Failure::at(file))
}

/// A Bayes factor for a table.
fn factor(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.4}"),
        Some(_) => "infinite".to_string(),
        None => "-".to_string(),
    }
}

/// A readable table: one row per perspective.
pub(crate) fn text(case: &Case, views: &[View]) -> String {
    let mut out = String::new();
    if let Some(t) = case.title() {
        let _ = writeln!(out, "{}\n", Isolated(t));
    }
    let width = views
        .iter()
        .map(|v| v.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("perspective".len())
        .min(crate::MAX_COLUMN);
    let hypotheses: Vec<String> = case
        .hypotheses()
        .iter()
        .map(|h| h.id().to_string())
        .collect();
    let columns: Vec<usize> = hypotheses
        .iter()
        .map(|h| h.chars().count().clamp(6, crate::MAX_COLUMN))
        .collect();
    let _ = write!(out, "{:<width$}", "perspective");
    for (h, w) in hypotheses.iter().zip(&columns) {
        let _ = write!(out, "  {h:>w$}");
    }
    let _ = writeln!(
        out,
        "  leader, verdict (threshold), Bayes factor against the runner-up"
    );
    for v in views {
        let _ = write!(out, "{:<width$}", v.id);
        for (p, w) in v.posterior.probabilities().iter().zip(&columns) {
            let _ = write!(out, "  {:>w$.4}", p.get());
        }
        let verdict = v.posterior.verdict();
        let _ = writeln!(
            out,
            "  {}, {} ({}), {} against {}",
            v.posterior.leader().id(),
            verdict.status(),
            verdict.threshold(),
            factor(v.bayes_factor()),
            v.runner_up().unwrap_or_else(|| "-".to_string())
        );
    }
    let _ = writeln!(out);
    for v in views {
        if !v.label.is_empty() {
            let _ = writeln!(out, "{}: {}", v.id, Isolated(&v.label));
        }
    }
    out
}
