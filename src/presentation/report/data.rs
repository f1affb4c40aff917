//! The report's numbers as serde data: what the JSON outputs are made of.

// Without `json` only the types serialise; the JSON report is not built.
#![cfg_attr(not(feature = "json"), allow(unused_imports, dead_code))]

use super::{Analysis, View};
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, SourceId};
use crate::domain::perspective::BASE;
use crate::domain::probability::Reliability;
use crate::domain::warning::Warning;
use crate::scoring::decibans::finite;
use crate::scoring::explain::Entry;
use crate::scoring::posterior::{ById, Posterior};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A scored case as one object: the [`Posterior`]'s fields, with the
/// case's `title` and `warnings`, and, when asked for, the `perspective`
/// it was scored from and the full pairwise ledger. It is what `attrib
/// score --format json` prints (docs/model.md section 8).
///
/// # JSON
///
/// `{"title": text | null, ...the Posterior's fields..., "warnings":
/// [text]}`, then `"perspective": id` after
/// [`perspective`](Scored::perspective) and `"ledger_pairs": [entry]`
/// (every [`Entry`]) after [`full_ledger`](Scored::full_ledger). The
/// warnings are their messages, as `attrib score` has always printed them;
/// a [`Warning`] serialised on its own carries its kind and ids.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, report::Scored};
///
/// let case = Case::builder()
///     .title("T")
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let post = case.score()?;
/// let v = serde_json::to_value(Scored::new(&case, &post).perspective("base")).unwrap();
/// assert_eq!(v["title"], "T");
/// assert_eq!(v["leader"], "a");
/// assert_eq!(v["perspective"], "base");
/// assert!(v["warnings"][0].as_str().unwrap().starts_with("no catch-all"));
/// assert!(v.get("ledger_pairs").is_none());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Scored<'a> {
    title: Option<&'a str>,
    posterior: &'a Posterior,
    warnings: Vec<Warning>,
    perspective: Option<&'a str>,
    full_ledger: bool,
}

impl<'a> Scored<'a> {
    /// The case's posterior with its title and warnings; no perspective,
    /// no full ledger.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::Scored};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let post = case.score()?;
    /// let v = serde_json::to_value(Scored::new(&case, &post)).unwrap();
    /// assert!(v["title"].is_null());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(case: &'a Case, posterior: &'a Posterior) -> Self {
        Scored {
            title: case.title(),
            posterior,
            warnings: case.warnings(),
            perspective: None,
            full_ledger: false,
        }
    }

    /// Adds `"perspective": id`, the perspective the case was scored from
    /// (`base` for the case as written).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::Scored};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// # let post = case.score()?;
    /// let v = serde_json::to_value(Scored::new(&case, &post).perspective("sceptic")).unwrap();
    /// assert_eq!(v["perspective"], "sceptic");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspective(mut self, id: &'a str) -> Self {
        self.perspective = Some(id);
        self
    }

    /// With `true`, adds `"ledger_pairs"`: every item's weight for every
    /// ordered pair of hypotheses (items x hypotheses x (hypotheses - 1)
    /// entries; default `false`).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::Scored};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// # let post = case.score()?;
    /// let v = serde_json::to_value(Scored::new(&case, &post).full_ledger(true)).unwrap();
    /// assert_eq!(v["ledger_pairs"].as_array().unwrap().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn full_ledger(mut self, yes: bool) -> Self {
        self.full_ledger = yes;
        self
    }
}

impl Serialize for Scored<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            title: Option<&'a str>,
            #[serde(flatten)]
            posterior: &'a Posterior,
            warnings: Vec<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            perspective: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            ledger_pairs: Option<Vec<Entry<'a>>>,
        }
        let ledger = self.posterior.ledger();
        Out {
            title: self.title,
            posterior: self.posterior,
            warnings: self.warnings.iter().map(Warning::to_string).collect(),
            perspective: self.perspective,
            ledger_pairs: self.full_ledger.then(|| ledger.entries().collect()),
        }
        .serialize(s)
    }
}

/// The head of a posterior: `{"posterior", "leader", "verdict"}`.
pub(super) struct Headline<'a>(pub(super) &'a Posterior);

impl Serialize for Headline<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let post = self.0;
        let p = post.probabilities();
        let mut st = s.serialize_struct("Headline", 3)?;
        st.serialize_field(
            "posterior",
            &ById(post.hypotheses().iter().map(|h| h.id()).zip(p)),
        )?;
        st.serialize_field("leader", post.leader().id())?;
        st.serialize_field("verdict", &post.verdict())?;
        st.end()
    }
}

/// # JSON
///
/// `{"id", "label", "posterior": {hypothesis: p}, "leader", "verdict",
/// "runner_up": id | null, "bayes_factor": number | null}`: the verdict a
/// [`Verdict`](crate::Verdict), the Bayes factor of the evidence, leader
/// against the runner-up (`null` when infinite or undefined).
impl Serialize for View {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            id: &'a str,
            label: &'a str,
            #[serde(flatten)]
            head: Headline<'a>,
            runner_up: Option<String>,
            bayes_factor: Option<f64>,
        }
        Out {
            id: &self.id,
            label: &self.label,
            head: Headline(&self.posterior),
            runner_up: self.runner_up(),
            bayes_factor: self.bayes_factor().and_then(finite),
        }
        .serialize(s)
    }
}

#[cfg(feature = "json")]
/// `{"perspectives": [view]}`.
#[derive(Serialize)]
pub(super) struct Perspectives<'a> {
    pub(super) perspectives: &'a [View],
}

#[cfg(feature = "json")]
/// How robust the verdict is: see [`Analysis::sensitivity_json`].
pub(super) struct Sensitivity<'a>(pub(super) &'a Analysis);

#[cfg(feature = "json")]
impl Serialize for Sensitivity<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct OfSource<'a> {
            source: &'a SourceId,
            discount: Option<Reliability>,
        }
        #[derive(Serialize)]
        struct OfItem<'a> {
            evidence: &'a EvidenceId,
            discount: Option<Reliability>,
        }
        #[derive(Serialize)]
        struct Conflict<'a> {
            evidence: [&'a EvidenceId; 2],
            conflict: Option<f64>,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            simulation: &'a crate::analysis::montecarlo::Simulation,
            point: Headline<'a>,
            leave_one_out: &'a [crate::analysis::sensitivity::LeaveOneOut],
            linchpins: Vec<&'a EvidenceId>,
            break_even: Vec<OfSource<'a>>,
            break_even_evidence: Vec<OfItem<'a>>,
            conflict: Option<f64>,
            pairwise_conflict: Vec<Conflict<'a>>,
        }
        let a = self.0;
        Out {
            simulation: &a.simulation,
            point: Headline(&a.point),
            leave_one_out: &a.leave_one_out,
            linchpins: a
                .leave_one_out
                .iter()
                .filter(|l| l.is_linchpin())
                .map(|l| l.evidence())
                .collect(),
            break_even: a
                .break_even_sources
                .iter()
                .map(|(source, d)| OfSource {
                    source,
                    discount: *d,
                })
                .collect(),
            break_even_evidence: a
                .break_even_evidence
                .iter()
                .map(|(evidence, d)| OfItem {
                    evidence,
                    discount: *d,
                })
                .collect(),
            conflict: finite(a.point.conflict()),
            pairwise_conflict: a
                .point
                .pairwise_conflict()
                .into_iter()
                .take(10)
                .map(|(x, y, c)| Conflict {
                    evidence: [x, y],
                    conflict: finite(c),
                })
                .collect(),
        }
        .serialize(s)
    }
}

#[cfg(feature = "json")]
/// The whole report: see [`Report::json`](super::Report::json).
pub(super) struct Whole<'a> {
    pub(super) analysis: &'a Analysis,
    pub(super) charts: Vec<String>,
}

#[cfg(feature = "json")]
impl Serialize for Whole<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            scored: Scored<'a>,
            date: Option<&'a str>,
            place: Option<&'a str>,
            perspectives: &'a [View],
            sensitivity: Sensitivity<'a>,
            charts: &'a [String],
        }
        let a = self.analysis;
        Out {
            scored: Scored::new(&a.case, &a.point)
                .perspective(a.perspective.as_deref().unwrap_or(BASE)),
            date: a.case.date(),
            place: a.case.place(),
            perspectives: &a.views,
            sensitivity: Sensitivity(a),
            charts: &self.charts,
        }
        .serialize(s)
    }
}
