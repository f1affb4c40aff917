//! The report as JSON (feature `json`): each output is a library value
//! serialised with `serde_json::to_value` (the values' shapes are
//! documented on their types, and in [`data`](super::data)).

use super::data::{Perspectives, Sensitivity, Whole};
use super::{Analysis, Scored, View};
use crate::domain::case::Case;
use crate::scoring::posterior::Posterior;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// A value as JSON. Every map these types write has string keys, so
/// `serde_json` cannot fail on them; should it, the value is `null`.
fn value(x: impl Serialize) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// A scored case as one JSON object (docs/model.md section 8): `title`,
/// `posterior`, `leader` and `verdict` (`status`, `hypothesis`,
/// `threshold`, `probability`, `leader`), with `ln_posterior`, `words`
/// (ICD 203), `bayes_factors` (leader against each rival: `ln`,
/// `decibans`, `enfsi`), the `ledger` and `warnings`: [`Scored`], whose
/// fields are the [`Posterior`]'s plus `title` and `warnings`. The ledger
/// has one entry per item, `{"evidence": id, "decibans": {rival:
/// weight}}`: the item's weight of evidence for the leader against each
/// rival, so its size grows as items x hypotheses; every ordered pair of
/// hypotheses is [`ledger_json`]'s. Values JSON cannot hold (an infinite
/// weight when a hypothesis is eliminated) are `null`. With `perspective`
/// added, it is what `attrib score --format json` prints.
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
    value(Scored::new(case, post))
}

/// The full weight-of-evidence ledger (docs/model.md section 4): one entry
/// per item and ordered pair of distinct hypotheses, `{"evidence", "for",
/// "against", "decibans"}` ([`Entry`](crate::Entry)): items x hypotheses x
/// (hypotheses - 1) entries, so ask for it only when you need every pair.
/// It is what `attrib score --format json --full-ledger` adds as
/// `ledger_pairs` ([`Scored::full_ledger`]).
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
    value(post.ledger().entries().collect::<Vec<_>>())
}

/// The case from every perspective, `{"perspectives": [...]}` with `base`
/// first: per view ([`View`]) its `id`, `label`, `posterior`, `leader`,
/// `verdict`, `runner_up` and `bayes_factor` (leader against the
/// runner-up). It is what `attrib compare --format json` prints.
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
    value(Perspectives {
        perspectives: views,
    })
}

impl Analysis {
    /// How robust the verdict is, as one JSON object (feature `json`): the
    /// [`Simulation`](crate::Simulation)'s fields (`draws`, `seed`, Monte
    /// Carlo `posterior` intervals `{mean, q05, q50, q95}`,
    /// `leader_holds`, `verdict_holds`, `contradictory_draws`), the
    /// `point` estimate (`posterior`, `leader`, `verdict`),
    /// `leave_one_out` (each a [`LeaveOneOut`](crate::LeaveOneOut)),
    /// `linchpins`, `break_even` (per source, `{source, discount}`),
    /// `break_even_evidence` (`{evidence, discount}`), `conflict` and the
    /// ten most conflicting pairs, `pairwise_conflict` (`{evidence: [a,
    /// b], conflict}`). It is what `attrib sensitivity --format json`
    /// prints.
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
        value(Sensitivity(self))
    }
}

/// What `attrib score --format json` prints: the fields of
/// [`posterior_json`] and `perspective`, the id of the perspective the
/// case was scored from (`base` when `None`: the case as written).
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let v = attrib::report::score_json(&case, &case.score()?, None);
/// assert_eq!(v["perspective"], "base");
/// assert_eq!(v["leader"], "a");
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn score_json(case: &Case, post: &Posterior, perspective: Option<&str>) -> Value {
    value(
        Scored::new(case, post)
            .perspective(perspective.unwrap_or(crate::domain::perspective::BASE)),
    )
}

/// The Monte Carlo part of [`Analysis::sensitivity_json`], as one JSON
/// object: `draws`, `seed`, the `posterior` intervals per hypothesis
/// (`mean`, `q05`, `q50`, `q95`), `leader_holds`, `verdict_holds` and
/// `contradictory_draws`.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, MonteCarlo};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let sim = case.monte_carlo(MonteCarlo::new().draws(100).seed(3))?;
/// let v = attrib::report::simulation_json(&sim);
/// assert_eq!(v["draws"], 100);
/// assert_eq!(v["seed"], 3);
/// assert!(v["posterior"]["a"]["q50"].is_number());
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn simulation_json(sim: &crate::analysis::montecarlo::Simulation) -> Value {
    value(sim)
}

/// The leave-one-out part of [`Analysis::sensitivity_json`], as one JSON
/// object: `leave_one_out` (per item: `evidence`, the `posterior` without
/// it, `leader`, `verdict`, `linchpin`) and `linchpins` (the ids of the
/// items whose removal changes the leader or the verdict).
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
/// let v = attrib::report::leave_one_out_json(&case.leave_one_out()?);
/// assert_eq!(v["leave_one_out"][0]["evidence"], "e");
/// assert_eq!(v["leave_one_out"][0]["posterior"]["a"], 0.5);
/// assert!(v["linchpins"].is_array());
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn leave_one_out_json(loo: &[crate::analysis::sensitivity::LeaveOneOut]) -> Value {
    let linchpins: Vec<&str> = loo
        .iter()
        .filter(|l| l.is_linchpin())
        .map(|l| l.evidence().as_str())
        .collect();
    let mut map = serde_json::Map::new();
    map.insert("leave_one_out".into(), value(loo));
    map.insert("linchpins".into(), value(linchpins));
    Value::Object(map)
}

/// The whole report: see [`Report::json`](super::Report::json).
pub(super) fn report(a: &Analysis, charts: &[PathBuf]) -> Value {
    value(Whole {
        analysis: a,
        charts: charts.iter().map(|p| p.display().to_string()).collect(),
    })
}
