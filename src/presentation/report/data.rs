//! The report's numbers as serde data: what the JSON outputs are made of.

// Without `json` the types serialise through any serde format; the JSON
// report itself is not built.
#![cfg_attr(not(feature = "json"), allow(dead_code))]

#[cfg(feature = "monte-carlo")]
use super::Analysis;
use super::View;
use crate::analysis::sensitivity::LeaveOneOut;
use crate::domain::case::Case;
use crate::domain::id::EvidenceId;
#[cfg(feature = "monte-carlo")]
use crate::domain::id::SourceId;
#[cfg(all(feature = "json", feature = "monte-carlo"))]
use crate::domain::perspective::BASE;
#[cfg(feature = "monte-carlo")]
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
/// [warning]}`, then `"perspective": id` after
/// [`perspective`](Scored::perspective) and `"ledger_pairs": [entry]`
/// (every [`Entry`]) after [`full_ledger`](Scored::full_ledger). Each
/// warning is the library's object, as [`Warning`] serialises it:
/// `{"kind": ..., "message": text, ...its ids}` (docs/model.md section 8).
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
/// assert_eq!(v["warnings"][0]["kind"], "no-catch-all");
/// assert!(v["warnings"][0]["message"].as_str().unwrap().starts_with("no catch-all"));
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
    items: Vec<super::words::ItemWordsJson<'a>>,
    standards: Vec<StandardJson<'a>>,
}

/// A standard of proof and the verdict under it, in the JSON of `score`.
#[derive(Debug, Clone, Serialize)]
struct StandardJson<'a> {
    id: &'a str,
    threshold: f64,
    status: crate::Status,
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
            items: super::words::items_json(case),
            standards: case
                .standards()
                .iter()
                .map(|st| StandardJson {
                    id: st.id(),
                    threshold: st.threshold().get(),
                    status: st.verdict(posterior).status(),
                })
                .collect(),
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
            warnings: &'a [Warning],
            #[serde(skip_serializing_if = "Option::is_none")]
            perspective: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            ledger_pairs: Option<Vec<Entry<'a>>>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            items: &'a [super::words::ItemWordsJson<'a>],
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            standards: &'a [StandardJson<'a>],
        }
        let ledger = self.posterior.ledger();
        Out {
            title: self.title,
            posterior: self.posterior,
            warnings: &self.warnings,
            perspective: self.perspective,
            ledger_pairs: self.full_ledger.then(|| ledger.entries().collect()),
            items: &self.items,
            standards: &self.standards,
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

/// The case from every perspective, as one object: what `attrib compare
/// --format json` prints.
///
/// # JSON
///
/// `{"perspectives": [view]}`, `base` first: per view ([`View`]) its `id`,
/// `label`, `posterior`, `leader`, `verdict`, `runner_up` and
/// `bayes_factor` (leader against the runner-up).
///
/// # Example
///
/// ```
/// use attrib::report::{self, Perspectives};
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let views = report::views(&case)?;
/// let v = serde_json::to_value(Perspectives::new(&views)).unwrap();
/// assert_eq!(v["perspectives"][0]["id"], "base");
/// assert_eq!(v["perspectives"][0]["runner_up"], "b");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Perspectives<'a> {
    perspectives: &'a [View],
}

impl<'a> Perspectives<'a> {
    /// The views, in order ([`views`](super::views) gives them).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::report::{self, Perspectives};
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let views = report::views(&case)?;
    /// let v = serde_json::to_value(Perspectives::new(&views)).unwrap();
    /// assert_eq!(v["perspectives"].as_array().unwrap().len(), views.len());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(views: &'a [View]) -> Self {
        Perspectives {
            perspectives: views,
        }
    }
}

/// Leave-one-out as one object, with the linchpins: the leave-one-out part
/// of what `attrib sensitivity --format json` prints.
///
/// # JSON
///
/// `{"leave_one_out": [item], "linchpins": [id]}`: per item a
/// [`LeaveOneOut`](crate::LeaveOneOut) (`evidence`, the `posterior` without
/// it, `leader`, `verdict`, `linchpin`), then the ids of the items whose
/// removal changes the leader or the verdict.
///
/// # Example
///
/// ```
/// use attrib::report::LeftOut;
/// use attrib::{Case, Evidence, LeaveOneOut};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01))
///     .build()?;
/// let loo = LeaveOneOut::of(&case)?;
/// let v = serde_json::to_value(LeftOut::new(&loo)).unwrap();
/// assert_eq!(v["leave_one_out"][0]["evidence"], "e");
/// assert_eq!(v["leave_one_out"][0]["posterior"]["a"], 0.5);
/// assert_eq!(v["linchpins"], serde_json::json!(["e"]));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LeftOut<'a> {
    items: &'a [LeaveOneOut],
}

impl<'a> LeftOut<'a> {
    /// The items left out, one at a time ([`LeaveOneOut::of`](crate::LeaveOneOut::of)
    /// gives them).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, LeaveOneOut, report::LeftOut};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.6).likelihood("b", 0.4)).build()?;
    /// let loo = LeaveOneOut::of(&case)?;
    /// let v = serde_json::to_value(LeftOut::new(&loo)).unwrap();
    /// assert_eq!(v["linchpins"], serde_json::json!([]));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(items: &'a [LeaveOneOut]) -> Self {
        LeftOut { items }
    }

    /// The ids of the linchpins.
    fn linchpins(&self) -> Vec<&'a EvidenceId> {
        self.items
            .iter()
            .filter(|l| l.is_linchpin())
            .map(|l| l.evidence())
            .collect()
    }
}

impl Serialize for LeftOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("LeftOut", 2)?;
        st.serialize_field("leave_one_out", self.items)?;
        st.serialize_field("linchpins", &self.linchpins())?;
        st.end()
    }
}

/// How robust the verdict is, as one object (feature `monte-carlo`): what
/// `attrib sensitivity --format json` prints.
///
/// # JSON
///
/// The [`Simulation`](crate::Simulation)'s fields (`draws`, `seed`, Monte
/// Carlo `posterior` intervals `{mean, q05, q50, q95}`, `leader_holds`,
/// `verdict_holds`, `contradictory_draws`), the `point` estimate
/// (`posterior`, `leader`, `verdict`), [`LeftOut`]'s `leave_one_out` and
/// `linchpins`, `break_even` (per source, `{source, discount}`),
/// `break_even_evidence` (`{evidence, discount}`), `conflict` and the ten
/// most conflicting pairs, `pairwise_conflict` (`{evidence: [a, b],
/// conflict}`).
///
/// # Example
///
/// ```
/// use attrib::report::{Report, Sensitivity};
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?;
/// let report = Report::new(&case).draws(100);
/// let v = serde_json::to_value(Sensitivity::new(report.analysis()?)).unwrap();
/// assert_eq!(v["draws"], 100);
/// assert_eq!(v["leave_one_out"][0]["evidence"], "e");
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone, Copy)]
pub struct Sensitivity<'a>(&'a Analysis);

#[cfg(feature = "monte-carlo")]
impl<'a> Sensitivity<'a> {
    /// The sensitivity part of an analysis ([`Report::analysis`](super::Report::analysis)
    /// gives one).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::report::{Report, Sensitivity};
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let report = Report::new(&case).draws(10).seed(4);
    /// let v = serde_json::to_value(Sensitivity::new(report.analysis()?)).unwrap();
    /// assert_eq!(v["seed"], 4);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(analysis: &'a Analysis) -> Self {
        Sensitivity(analysis)
    }
}

#[cfg(feature = "monte-carlo")]
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
            leave_one_out: &'a [LeaveOneOut],
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
            linchpins: LeftOut::new(&a.leave_one_out).linchpins(),
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

#[cfg(all(feature = "json", feature = "monte-carlo"))]
/// The whole report: see [`Report::json`](super::Report::json).
pub(super) struct Whole<'a> {
    pub(super) analysis: &'a Analysis,
    pub(super) charts: Vec<String>,
}

#[cfg(all(feature = "json", feature = "monte-carlo"))]
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
            #[serde(skip_serializing_if = "Option::is_none")]
            chain: Option<crate::analysis::chain::Chain>,
        }
        let a = self.analysis;
        // The chain of reasoning, for a case that declares steps (as the
        // HTML and Markdown reports have it).
        let chain = if a.case.steps().is_empty() {
            None
        } else {
            crate::analysis::chain::Chain::of(&a.case).ok()
        };
        Out {
            scored: Scored::new(&a.case, &a.point)
                .perspective(a.perspective.as_deref().unwrap_or(BASE)),
            date: a.case.date(),
            place: a.case.place(),
            perspectives: &a.views,
            sensitivity: Sensitivity(a),
            charts: &self.charts,
            chain,
        }
        .serialize(s)
    }
}
