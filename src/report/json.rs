//! The report as JSON (feature `json`).

use super::{Analysis, View};
use crate::case::Case;
use crate::explain::Decibans;
use crate::perspective::BASE;
use crate::posterior::Posterior;
use crate::scale::Icd203;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

/// A JSON number, or null for an infinite or NaN value (JSON has neither).
fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// `{hypothesis: probability}` of a posterior.
fn posterior_map(post: &Posterior) -> Map<String, Value> {
    post.hypotheses()
        .iter()
        .zip(post.probabilities())
        .map(|(h, p)| (h.id().to_string(), number(p.get())))
        .collect()
}

/// A scored case as one JSON object (docs/model.md section 8): `title`,
/// `posterior`, `leader` and `verdict` (`status`, `hypothesis`,
/// `threshold`, `probability`), with `ln_posterior`, `words` (ICD 203),
/// `bayes_factors` (leader against each rival: `ln`, `decibans`, `enfsi`),
/// the `ledger` and `warnings`. The ledger has one entry per item,
/// `{"evidence": id, "decibans": {rival: weight}}`: the item's weight of
/// evidence for the leader against each rival, so its size grows as
/// items x hypotheses; every ordered pair of hypotheses is
/// [`ledger_json`]'s. Values JSON cannot hold (an infinite weight when a
/// hypothesis is eliminated) are `null`. It is what
/// `attrib score --format json` prints.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let v = attrib::report::posterior_json(&case, &case.score()?);
/// assert_eq!(v["leader"], "a");
/// assert_eq!(v["verdict"]["status"], "insufficient");
/// // one item; 10 log10(0.9 / 0.1) dB for the leader a against b
/// let w = v["ledger"][0]["decibans"]["b"].as_f64().unwrap();
/// assert!((w - 10.0 * 9f64.log10()).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn posterior_json(case: &Case, post: &Posterior) -> Value {
    let mut ln_posterior = Map::new();
    let mut words = Map::new();
    for ((h, p), ln) in post
        .hypotheses()
        .iter()
        .zip(post.probabilities())
        .zip(post.ln_probabilities())
    {
        let id = h.id().to_string();
        ln_posterior.insert(id.clone(), number(*ln));
        words.insert(id, Value::from(Icd203::from_probability(*p).words()));
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
    // One row per item: its weight for the leader against every rival,
    // E x (H - 1) numbers; the full pairwise matrix is `ledger_json`.
    let rivals: Vec<&crate::id::HypothesisId> = post
        .hypotheses()
        .iter()
        .map(|h| h.id())
        .filter(|h| h.as_str() != leader)
        .collect();
    let ledger_view = post.ledger();
    let ledger: Vec<Value> = post
        .evidence()
        .iter()
        .map(|e| {
            let weights: Map<String, Value> = rivals
                .iter()
                .map(|k| {
                    let w = ledger_view.weight(e, &leader, k);
                    (k.to_string(), w.map_or(Value::Null, |w| number(w.get())))
                })
                .collect();
            json!({"evidence": e.as_str(), "decibans": weights})
        })
        .collect();
    let verdict = post.verdict();
    json!({
        "title": case.title(),
        "posterior": posterior_map(post),
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

/// The full weight-of-evidence ledger (docs/model.md section 4): one entry
/// per item and ordered pair of distinct hypotheses, `{"evidence", "for",
/// "against", "decibans"}`: items x hypotheses x (hypotheses - 1)
/// entries, so ask for it only when you need every pair. It is what
/// `attrib score --format json --full-ledger` adds as `ledger_pairs`.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let post = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?.score()?;
/// let v = attrib::report::ledger_json(&post);
/// assert_eq!(v.as_array().unwrap().len(), 2); // (a, b) and (b, a)
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn ledger_json(post: &Posterior) -> Value {
    post.ledger()
        .entries()
        .map(|e| {
            json!({
                "evidence": e.evidence.as_str(),
                "for": e.hypothesis.as_str(),
                "against": e.against.as_str(),
                "decibans": e.weight.map_or(Value::Null, |w| number(w.get())),
            })
        })
        .collect()
}

/// The case from every perspective, `{"perspectives": [...]}` with `base`
/// first: per view its `id`, `label`, `posterior`, `leader`, `verdict`,
/// `runner_up` and `bayes_factor` (leader against the runner-up). It is
/// what `attrib compare --format json` prints.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let v = attrib::report::perspectives_json(&attrib::report::views(&case)?);
/// assert_eq!(v["perspectives"][0]["id"], "base");
/// assert_eq!(v["perspectives"][0]["runner_up"], "b");
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn perspectives_json(views: &[View]) -> Value {
    let list: Vec<Value> = views
        .iter()
        .map(|v| {
            let verdict = v.posterior.verdict();
            json!({
                "id": v.id,
                "label": v.label,
                "posterior": posterior_map(&v.posterior),
                "leader": v.posterior.leader().id().as_str(),
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

impl Analysis {
    /// How robust the verdict is, as one JSON object (feature `json`):
    /// `draws`, `seed`, Monte Carlo `posterior` intervals (`mean`, `q05`,
    /// `q50`, `q95`), `leader_holds`, `verdict_holds`,
    /// `contradictory_draws`, the `point` estimate, `leave_one_out`,
    /// `linchpins`, `break_even` (per source), `break_even_evidence`,
    /// `conflict` and the ten most conflicting pairs. It is what
    /// `attrib sensitivity --format json` prints.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Report};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// let v = Report::new(&case).draws(100).analysis()?.sensitivity_json();
    /// assert_eq!(v["draws"], 100);
    /// assert_eq!(v["leave_one_out"][0]["evidence"], "e");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn sensitivity_json(&self) -> Value {
        let intervals: Map<String, Value> = self
            .simulation
            .hypotheses()
            .iter()
            .zip(self.simulation.intervals())
            .map(|(h, i)| {
                (
                    h.to_string(),
                    json!({
                        "mean": number(i.mean.get()),
                        "q05": number(i.q05.get()),
                        "q50": number(i.q50.get()),
                        "q95": number(i.q95.get()),
                    }),
                )
            })
            .collect();
        let verdict = self.point.verdict();
        json!({
            "draws": self.simulation.draws(),
            "seed": self.simulation.seed(),
            "posterior": intervals,
            "leader_holds": number(self.simulation.leader_holds()),
            "verdict_holds": number(self.simulation.verdict_holds()),
            "contradictory_draws": self.simulation.contradictory_draws(),
            "point": {
                "posterior": posterior_map(&self.point),
                "leader": self.point.leader().id().as_str(),
                "verdict": {
                    "status": verdict.status().as_str(),
                    "hypothesis": verdict.hypothesis().map(|h| h.as_str()),
                    "threshold": number(verdict.threshold().get()),
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
            "break_even": self.break_even_sources.iter().map(|(s, d)| json!({
                "source": s.as_str(),
                "discount": d.map(|d| d.get()),
            })).collect::<Vec<_>>(),
            "break_even_evidence": self.break_even_evidence.iter().map(|(e, d)| json!({
                "evidence": e.as_str(),
                "discount": d.map(|d| d.get()),
            })).collect::<Vec<_>>(),
            "conflict": number(self.point.conflict()),
            "pairwise_conflict": self.point.pairwise_conflict().into_iter().take(10).map(|(a, b, c)| json!({
                "evidence": [a.as_str(), b.as_str()],
                "conflict": number(c),
            })).collect::<Vec<_>>(),
        })
    }
}

/// The whole report: see [`Report::json`](super::Report::json).
pub(super) fn report(a: &Analysis, charts: &[PathBuf]) -> Value {
    let mut v = posterior_json(&a.case, &a.point);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("date".into(), json!(a.case.date()));
        obj.insert("place".into(), json!(a.case.place()));
        obj.insert(
            "perspective".into(),
            json!(a.perspective.as_deref().unwrap_or(BASE)),
        );
        if let Value::Object(mut list) = perspectives_json(&a.views) {
            obj.insert(
                "perspectives".into(),
                list.remove("perspectives").unwrap_or(Value::Null),
            );
        }
        obj.insert("sensitivity".into(), a.sensitivity_json());
        obj.insert(
            "charts".into(),
            json!(
                charts
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
            ),
        );
    }
    v
}
