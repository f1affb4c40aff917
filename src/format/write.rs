//! Writing a case back as a case file (docs/model.md section 7), and an
//! evidence item as JSON: borrowed views of the validated values, in the
//! order and form a case file gives them, so that nothing is cloned.

use crate::domain::case::{Case, FORMAT_VERSION};
use crate::domain::evidence::{Credibility, Evidence};
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{
    EvidenceId, GroupId, HypothesisId, KindId, PerspectiveId, ScaleId, SourceId,
};
use crate::domain::perspective::Perspective;
use crate::domain::probability::{Estimate, Probability, Reliability, Weight};
use crate::domain::source::{Source, SourceReliability};
use crate::domain::standard::Standard;
use crate::domain::step::ChainStep;
use crate::domain::words::{ItemWords, Scale, Word};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::fmt::Display;

/// An estimate as written: a number, or `[low, high]`.
struct Est(Estimate);

impl Serialize for Est {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Estimate::Point(p) => s.serialize_f64(p.get()),
            Estimate::Range { low, high } => {
                let mut seq = s.serialize_seq(Some(2))?;
                seq.serialize_element(&low.get())?;
                seq.serialize_element(&high.get())?;
                seq.end()
            }
        }
    }
}

/// A probability as written: its estimate, or the word it was given as
/// (docs/model.md section 11), which reads back to the same.
enum Val<'a> {
    Est(Estimate),
    Word(&'a str),
}

impl<'a> Val<'a> {
    fn of(e: Estimate, word: Option<&'a Word>) -> Val<'a> {
        match word {
            Some(w) => Val::Word(w.written()),
            None => Val::Est(e),
        }
    }
}

impl Serialize for Val<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Val::Est(e) => Est(*e).serialize(s),
            Val::Word(w) => s.serialize_str(w),
        }
    }
}

/// A value written as its text (a weighting, an Admiralty grade).
struct Text<T>(T);

impl<T: Display> Serialize for Text<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A credibility as written: a number, or an Admiralty digit as a string.
enum Cred {
    Number(f64),
    Grade(Text<crate::domain::admiralty::CredibilityGrade>),
}

impl From<Credibility> for Cred {
    fn from(c: Credibility) -> Cred {
        match c {
            Credibility::Value(r) => Cred::Number(r.get()),
            Credibility::Grade(g) => Cred::Grade(Text(g)),
        }
    }
}

impl Serialize for Cred {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cred::Number(x) => s.serialize_f64(*x),
            Cred::Grade(g) => g.serialize(s),
        }
    }
}

/// A list written item by item through `view`.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

/// `{id: value}` pairs, in the order given.
struct Pairs<'a, I, V: Copy>(&'a [(I, V)]);

impl<I: AsRef<str>, V: Copy + Into<f64>> Serialize for Pairs<'_, I, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(id, v)| (id.as_ref(), (*v).into())))
    }
}

/// An item's likelihoods, `{hypothesis: likelihood}` in the case's order,
/// each as its number or its word.
struct Likelihoods<'a>(&'a [Hypothesis], &'a [Estimate], &'a ItemWords);

impl Serialize for Likelihoods<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(
            self.0
                .iter()
                .zip(self.1)
                .enumerate()
                .map(|(i, (h, l))| (h.id.as_str(), Val::of(*l, self.2.likelihood(i)))),
        )
    }
}

/// An item's likelihoods as a list in the case's order, each as its
/// number or its word.
struct LikelihoodList<'a>(&'a [Estimate], &'a ItemWords);

impl Serialize for LikelihoodList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .enumerate()
                .map(|(i, l)| Val::of(*l, self.1.likelihood(i))),
        )
    }
}

/// A declared scale as a case file writes it (docs/model.md section 11).
struct ScaleFile<'a>(&'a Scale);

impl Serialize for ScaleFile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let scale = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", scale.id())?;
        if !scale.label().is_empty() {
            m.serialize_entry("label", scale.label())?;
        }
        m.serialize_entry("words", &WordsFile(scale))?;
        let synonyms: Vec<(&String, &str)> = scale
            .words()
            .flat_map(|(w, _)| scale.synonyms(w).iter().map(move |s| (s, w)))
            .collect();
        if !synonyms.is_empty() {
            m.serialize_entry("synonyms", &PairsOf(&synonyms))?;
        }
        if let Some(r) = scale.rationale() {
            m.serialize_entry("rationale", r)?;
        }
        if !scale.sources().is_empty() {
            m.serialize_entry("sources", scale.sources())?;
        }
        m.end()
    }
}

/// A scale's words, `{word: band}`.
struct WordsFile<'a>(&'a Scale);

impl Serialize for WordsFile<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.words().map(|(w, band)| (w, Est(band))))
    }
}

/// `{key: value}` text pairs, in the order given.
struct PairsOf<'a>(&'a [(&'a String, &'a str)]);

impl Serialize for PairsOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k.as_str(), *v)))
    }
}

/// A standard of proof as a case file writes it.
#[derive(Serialize)]
struct StandardFile<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    threshold: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
}

#[derive(Serialize)]
struct StepFile<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
}

/// The prior's weights, `{hypothesis: weight}`.
struct Weights<'a>(&'a [Hypothesis], &'a [Weight]);

impl Serialize for Weights<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(
            self.0
                .iter()
                .zip(self.1)
                .map(|(h, w)| (h.id.as_str(), w.get())),
        )
    }
}

/// A whole case as a case file writes it.
#[derive(Serialize)]
struct CaseFile<'a> {
    version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weighting: Option<Text<crate::domain::weighting::Weighting>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    standard: Option<&'a str>,
    #[serde(skip_serializing_if = "is_empty")]
    standards: Each<'a, Standard, StandardFile<'a>>,
    #[serde(skip_serializing_if = "is_empty")]
    steps: Each<'a, ChainStep, StepFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<&'a ScaleId>,
    #[serde(skip_serializing_if = "<[ScaleFile<'_>]>::is_empty")]
    scales: Vec<ScaleFile<'a>>,
    hypotheses: Each<'a, Hypothesis, HypothesisFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior: Option<Weights<'a>>,
    #[serde(skip_serializing_if = "is_empty")]
    sources: Each<'a, Source, SourceFile<'a>>,
    #[serde(skip_serializing_if = "is_empty")]
    groups: Each<'a, Group, GroupFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<UncertaintyFile>,
    evidence: Items<'a>,
    #[serde(skip_serializing_if = "is_empty")]
    perspectives: Each<'a, Perspective, PerspectiveFile<'a>>,
}

fn is_empty<T, V>(list: &Each<'_, T, V>) -> bool {
    list.0.is_empty()
}

#[derive(Serialize)]
struct HypothesisFile<'a> {
    id: &'a HypothesisId,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    catch_all: Option<bool>,
}

#[derive(Serialize)]
struct SourceFile<'a> {
    id: &'a SourceId,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<Val<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    admiralty: Option<Text<crate::domain::admiralty::SourceGrade>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<f64>,
}

#[derive(Serialize)]
struct GroupFile<'a> {
    id: &'a GroupId,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    correlation: f64,
}

#[derive(Serialize)]
struct UncertaintyFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    likelihood_concentration: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior_concentration: Option<f64>,
}

/// An item of a case file: its likelihoods by hypothesis id.
#[derive(Serialize)]
struct ItemFile<'a> {
    id: &'a EvidenceId,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a KindId>,
    description: &'a str,
    likelihoods: Likelihoods<'a>,
    #[serde(flatten)]
    rest: Rest<'a>,
}

/// An item on its own: its likelihoods a list in the case's order.
#[derive(Serialize)]
struct Written<'a> {
    id: &'a EvidenceId,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a KindId>,
    description: &'a str,
    likelihoods: LikelihoodList<'a>,
    #[serde(flatten)]
    rest: Rest<'a>,
}

/// The fields of an item after its likelihoods, written alike in both.
#[derive(Serialize)]
struct Rest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    reliability: Option<Val<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chance: Option<Val<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: Option<Val<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a GroupId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a SourceId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credibility: Option<Cred>,
    #[serde(skip_serializing_if = "Option::is_none")]
    concentration: Option<crate::domain::probability::Concentration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<Reliability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<&'a str>,
}

impl<'a> Rest<'a> {
    fn of(e: &'a Evidence) -> Rest<'a> {
        Rest {
            reliability: e
                .fields
                .reliability
                .map(|r| Val::of(r, e.fields.words.reliability())),
            chance: e.fields.chance.map(|c| Val::of(c, e.fields.words.chance())),
            observed: e
                .fields
                .observed
                .map(|q| Val::of(q, e.fields.words.observed())),
            group: e.fields.group.as_ref(),
            source: e.fields.source.as_ref(),
            credibility: e.fields.credibility.map(Cred::from),
            concentration: e.concentration,
            discount: e.discount,
            rationale: e.fields.rationale.as_deref(),
            sources: &e.fields.references,
            quote: e.fields.quote.as_deref(),
            step: e.fields.step.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct PerspectiveFile<'a> {
    id: &'a PerspectiveId,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<DiscountFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior: Option<Pairs<'a, HypothesisId, Weight>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    sources: &'a [String],
}

#[derive(Serialize)]
struct DiscountFile<'a> {
    #[serde(skip_serializing_if = "no_pairs")]
    sources: Pairs<'a, SourceId, Reliability>,
    #[serde(skip_serializing_if = "no_pairs")]
    evidence: Pairs<'a, EvidenceId, Reliability>,
    #[serde(skip_serializing_if = "no_pairs")]
    kinds: Pairs<'a, KindId, Reliability>,
}

fn no_pairs<I, V: Copy>(pairs: &Pairs<'_, I, V>) -> bool {
    pairs.0.is_empty()
}

/// A case's items, each with its likelihoods by hypothesis id.
struct Items<'a>(&'a Case);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let case = self.0;
        s.collect_seq(case.evidence.iter().map(|e| ItemFile {
            id: &e.id,
            kind: e.kind.as_ref(),
            description: &e.fields.description,
            likelihoods: Likelihoods(&case.hypotheses, &e.fields.likelihoods, &e.fields.words),
            rest: Rest::of(e),
        }))
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Written {
            id: &self.id,
            kind: self.kind.as_ref(),
            description: &self.fields.description,
            likelihoods: LikelihoodList(&self.fields.likelihoods, &self.fields.words),
            rest: Rest::of(self),
        }
        .serialize(s)
    }
}

impl Serialize for Case {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        CaseFile {
            version: FORMAT_VERSION,
            title: self.title.as_deref(),
            date: self.date.as_deref(),
            place: self.place.as_deref(),
            weighting: self.weighting_given.then_some(Text(self.weighting)),
            threshold: self.threshold.map(Probability::get),
            standard: self.standard().map(Standard::id),
            standards: Each(&self.standards, |s| StandardFile {
                id: &s.id,
                label: s.label.as_deref(),
                threshold: s.threshold.get(),
                rationale: s.rationale.as_deref(),
                sources: &s.sources,
            }),
            steps: Each(&self.steps, |s| StepFile {
                id: &s.id,
                label: s.label.as_deref(),
                rationale: s.rationale.as_deref(),
                sources: &s.sources,
            }),
            scale: self.scale.as_ref(),
            scales: self.scales.declared().map(ScaleFile).collect(),
            hypotheses: Each(&self.hypotheses, |h| HypothesisFile {
                id: &h.id,
                label: &h.label,
                catch_all: h.catch_all,
            }),
            prior: self.prior.weights().map(|w| Weights(&self.hypotheses, w)),
            sources: Each(&self.sources, |s| SourceFile {
                id: &s.id,
                label: s.label.as_deref(),
                reliability: match s.grading {
                    Some(SourceReliability::Value(e)) => Some(Val::of(e, s.word.as_ref())),
                    _ => None,
                },
                admiralty: match s.grading {
                    Some(SourceReliability::Grade(g)) => Some(Text(g)),
                    _ => None,
                },
                discount: s.discount.map(Reliability::get),
            }),
            groups: Each(&self.groups, |g| GroupFile {
                id: &g.id,
                label: g.label.as_deref(),
                correlation: g.correlation.get(),
            }),
            uncertainty: self.uncertainty.given.then(|| UncertaintyFile {
                likelihood_concentration: self
                    .uncertainty
                    .likelihood_concentration
                    .map(|k| k.get()),
                prior_concentration: self.uncertainty.prior_concentration.map(|k| k.get()),
            }),
            evidence: Items(self),
            perspectives: Each(&self.perspectives, |p| PerspectiveFile {
                id: &p.id,
                label: p.label.as_deref(),
                discount: (!(p.sources.is_empty() && p.evidence.is_empty() && p.kinds.is_empty()))
                    .then_some(DiscountFile {
                        sources: Pairs(&p.sources),
                        evidence: Pairs(&p.evidence),
                        kinds: Pairs(&p.kinds),
                    }),
                prior: p.prior.as_deref().map(Pairs),
                threshold: p.threshold.map(Probability::get),
                rationale: p.rationale.as_deref(),
                sources: &p.references,
            }),
        }
        .serialize(s)
    }
}
