//! `attrib compare`: the case scored from every perspective, `base` first
//! (docs/model.md section 10).

use crate::number;
use attrib::{BASE, Case, Perspective, Posterior};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// The label of `base`.
const BASE_LABEL: &str = "the case as written";

/// The case scored from one perspective.
pub(crate) struct View {
    /// The perspective's id (`base` for the case as written).
    pub(crate) id: String,
    /// Its label, or "" when it has none.
    pub(crate) label: String,
    /// The perspective, `None` for `base`.
    pub(crate) perspective: Option<Perspective>,
    /// The posterior from it.
    pub(crate) post: Posterior,
}

impl View {
    /// The runner-up: the second of the ranking.
    pub(crate) fn runner_up(&self) -> Option<String> {
        self.post.ranking().get(1).map(|(h, _)| h.id().to_string())
    }

    /// The Bayes factor of the evidence, leader against the runner-up.
    pub(crate) fn bayes_factor(&self) -> Option<f64> {
        self.runner_up().and_then(|r| self.post.bayes_factor(r))
    }

    /// The leader's posterior.
    pub(crate) fn leader_probability(&self) -> f64 {
        self.post.verdict().probability().get()
    }
}

/// `base`, then every perspective of the case in order. An error names the
/// file and the perspective.
pub(crate) fn views(case: &Case, file: &Path) -> Result<Vec<View>, String> {
    let at = |id: &str, e: attrib::Error| {
        if id == BASE {
            format!("{}: {e}", file.display())
        } else {
            format!("{}: perspective '{id}': {e}", file.display())
        }
    };
    let mut out = vec![View {
        id: BASE.to_string(),
        label: BASE_LABEL.to_string(),
        perspective: None,
        post: case.score().map_err(|e| at(BASE, e))?,
    }];
    for p in case.perspectives() {
        let id = p.id().as_str();
        let seen = case.perspective(id).map_err(|e| at(id, e))?;
        out.push(View {
            id: id.to_string(),
            label: p.label().unwrap_or_default().to_string(),
            perspective: Some(p.clone()),
            post: seen.score().map_err(|e| at(id, e))?,
        });
    }
    Ok(out)
}

/// `{"perspectives": [...]}`, `base` first.
pub(crate) fn json(views: &[View]) -> Value {
    let list: Vec<Value> = views
        .iter()
        .map(|v| {
            let posterior: Map<String, Value> = v
                .post
                .hypotheses()
                .iter()
                .zip(v.post.probabilities())
                .map(|(h, p)| (h.id().to_string(), number(p.get())))
                .collect();
            let verdict = v.post.verdict();
            json!({
                "id": v.id,
                "label": v.label,
                "posterior": posterior,
                "leader": v.post.leader().id().as_str(),
                "verdict": {
                    "status": verdict.status().as_str(),
                    "hypothesis": verdict.hypothesis().map(|h| h.as_str()),
                    "threshold": number(verdict.threshold().get()),
                },
                "runner_up": v.runner_up(),
                "bayes_factor": v.bayes_factor().map_or(Value::Null, number),
            })
        })
        .collect();
    json!({ "perspectives": list })
}

/// A Bayes factor for a table.
pub(crate) fn factor(x: Option<f64>) -> String {
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
        let _ = writeln!(out, "{t}\n");
    }
    let width = views
        .iter()
        .map(|v| v.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("perspective".len());
    let hypotheses: Vec<String> = case
        .hypotheses()
        .iter()
        .map(|h| h.id().to_string())
        .collect();
    let columns: Vec<usize> = hypotheses
        .iter()
        .map(|h| h.chars().count().max(6))
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
        for (p, w) in v.post.probabilities().iter().zip(&columns) {
            let _ = write!(out, "  {:>w$.4}", p.get());
        }
        let verdict = v.post.verdict();
        let _ = writeln!(
            out,
            "  {}, {} ({}), {} against {}",
            v.post.leader().id(),
            verdict.status(),
            verdict.threshold(),
            factor(v.bayes_factor()),
            v.runner_up().unwrap_or_else(|| "-".to_string())
        );
    }
    let _ = writeln!(out);
    for v in views {
        if !v.label.is_empty() {
            let _ = writeln!(out, "{}: {}", v.id, v.label);
        }
    }
    out
}
