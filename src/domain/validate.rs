//! Checking a case as written (a case file, or a builder's input) and
//! writing it back: every rejection names the item and the field.

use crate::domain::admiralty::{CredibilityGrade, SourceGrade};
use crate::domain::case::{Case, FORMAT_VERSION, Uncertainty};
use crate::domain::evidence::{Credibility, Evidence};
use crate::domain::file::{
    Pairs, RawCase, RawCredibility, RawEstimate, RawEvidence, RawGroup, RawHypothesis, RawSource,
    RawUncertainty,
};
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, GroupId, HypothesisId, KindId, SourceId};
use crate::domain::perspective::{Perspective, Scope};
use crate::domain::prior::Prior;
use crate::domain::probability::{Concentration, Estimate, Probability, Reliability, Weight};
use crate::domain::source::{Source, SourceReliability};
use crate::domain::weighting::Weighting;
use crate::error::Detail;
use crate::error::{Error, Item};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) fn estimate(raw: RawEstimate, item: &Item, field: &str) -> Result<Estimate, Error> {
    match raw {
        RawEstimate::Point(x) => Estimate::point(x),
        RawEstimate::Range(lo, hi) => Estimate::range(lo, hi),
    }
    .map_err(|e| e.at(item, field))
}

pub(crate) fn to_raw_estimate(e: Estimate) -> RawEstimate {
    match e {
        Estimate::Point(p) => RawEstimate::Point(p.get()),
        Estimate::Range { low, high } => RawEstimate::Range(low.get(), high.get()),
    }
}

pub(crate) fn unit<T>(
    x: f64,
    new: fn(f64) -> Result<T, Error>,
    item: &Item,
    field: &str,
) -> Result<T, Error> {
    new(x).map_err(|e| e.at(item, field))
}

pub(crate) fn no_extra(
    extra: &BTreeMap<String, serde::de::IgnoredAny>,
    item: &Item,
) -> Result<(), Error> {
    match extra.keys().next() {
        Some(field) => Err(Error::from(Detail::UnknownField {
            item: item.clone(),
            field: field.clone(),
        })),
        None => Ok(()),
    }
}

/// Checks that ids are valid and unique; names an item by position when its
/// id is at fault, and `container` (the case, a codebook) for a duplicate.
pub(crate) fn ids<T, I: Clone + Eq + std::hash::Hash>(
    raw: &[T],
    id_of: fn(&T) -> &str,
    new: fn(String) -> Result<I, Error>,
    at: fn(usize) -> Item,
    kind: &str,
    container: &Item,
) -> Result<Vec<I>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, r) in raw.iter().enumerate() {
        let id = new(id_of(r).to_string()).map_err(|e| e.at(&at(n + 1), "id"))?;
        if !seen.insert(id.clone()) {
            return Err(Error::from(Detail::Duplicate {
                item: container.clone(),
                field: format!("{kind} id"),
                id: id_of(r).to_string(),
            }));
        }
        out.push(id);
    }
    Ok(out)
}

impl TryFrom<RawCase> for Case {
    type Error = Error;

    fn try_from(raw: RawCase) -> Result<Case, Error> {
        let case_item = Item::Case;
        if raw.version != FORMAT_VERSION {
            return Err(Error::from(Detail::UnsupportedVersion {
                found: raw.version,
            }));
        }
        no_extra(&raw.extra, &case_item)?;
        if raw.codebook.is_some() {
            return Err(Error::from(Detail::Unsupported {
                item: case_item,
                field: "codebook",
                reason: "a case that names a codebook must be read with `Case::from_path`, \
                         which resolves the codebook's path relative to the case file",
            }));
        }
        if raw.hypotheses.len() < 2 {
            return Err(Error::from(Detail::TooFewHypotheses {
                found: raw.hypotheses.len(),
            }));
        }
        let weighting = match &raw.weighting {
            Some(w) => w.parse()?,
            None => Weighting::default(),
        };
        let threshold = raw
            .threshold
            .map(|t| unit(t, Probability::new, &case_item, "threshold"))
            .transpose()?;

        // Hypotheses.
        let h_ids = ids(
            &raw.hypotheses,
            |h| &h.id,
            HypothesisId::new,
            Item::HypothesisAt,
            "hypothesis",
            &case_item,
        )?;
        let mut hypotheses = Vec::with_capacity(h_ids.len());
        for (id, rh) in h_ids.iter().zip(&raw.hypotheses) {
            no_extra(&rh.extra, &Item::Hypothesis(id.to_string()))?;
            hypotheses.push(Hypothesis {
                id: id.clone(),
                label: rh.label.clone(),
                catch_all: rh.catch_all,
            });
        }
        let index: HashMap<&str, usize> = h_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let n = hypotheses.len();

        // Prior.
        let weights = raw
            .prior
            .as_ref()
            .map(|pairs| prior_weights(pairs, &index, &h_ids, &Item::Prior, "weight"))
            .transpose()?;
        let prior = Prior::from_weights(weights, n);

        // Sources.
        let sources = sources(&raw.sources, &case_item)?;
        let s_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();

        // Groups.
        let groups = groups(&raw.groups, &case_item)?;
        let g_ids: Vec<GroupId> = groups.iter().map(|g| g.id.clone()).collect();

        // Evidence.
        let e_ids = ids(
            &raw.evidence,
            |e| &e.id,
            EvidenceId::new,
            Item::EvidenceAt,
            "evidence",
            &case_item,
        )?;
        // References are looked up by id in O(1): a case may have as many
        // sources as items.
        let s_index: HashMap<&str, &SourceId> = s_ids.iter().map(|i| (i.as_str(), i)).collect();
        let g_index: HashMap<&str, &GroupId> = g_ids.iter().map(|i| (i.as_str(), i)).collect();
        let mut evidence = Vec::with_capacity(e_ids.len());
        for (id, re) in e_ids.into_iter().zip(&raw.evidence) {
            evidence.push(evidence_item(id, re, &index, &h_ids, &s_index, &g_index)?);
        }

        // Uncertainty.
        let uncertainty = match &raw.uncertainty {
            None => Uncertainty::default(),
            Some(u) => {
                no_extra(&u.extra, &case_item)?;
                let concentration = |k: Option<f64>, field: &str| {
                    k.map(|k| unit(k, Concentration::new, &case_item, field))
                        .transpose()
                };
                Uncertainty {
                    likelihood_concentration: concentration(
                        u.likelihood_concentration,
                        "uncertainty.likelihood_concentration",
                    )?,
                    prior_concentration: concentration(
                        u.prior_concentration,
                        "uncertainty.prior_concentration",
                    )?,
                    given: true,
                }
            }
        };

        // Perspectives (docs/model.md section 10). In a case, the kinds are the
        // labels its items carry.
        let mut kinds: Vec<KindId> = Vec::new();
        for k in evidence.iter().filter_map(|e| e.kind.as_ref()) {
            if !kinds.contains(k) {
                kinds.push(k.clone());
            }
        }
        let e_ids: Vec<EvidenceId> = evidence.iter().map(|e| e.id.clone()).collect();
        let perspectives = crate::domain::perspective::perspectives(
            &raw.perspectives,
            &Scope {
                hypotheses: &h_ids,
                sources: &s_ids,
                evidence: Some(&e_ids),
                kinds: &kinds,
            },
            &case_item,
        )?;

        Ok(Case {
            title: raw.title,
            date: raw.date,
            place: raw.place,
            weighting,
            weighting_given: raw.weighting.is_some(),
            threshold,
            hypotheses,
            prior,
            sources,
            groups,
            evidence,
            uncertainty,
            perspectives,
            source_index: Default::default(),
        })
    }
}

fn evidence_item(
    id: EvidenceId,
    re: &RawEvidence,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    s_index: &HashMap<&str, &SourceId>,
    g_index: &HashMap<&str, &GroupId>,
) -> Result<Evidence, Error> {
    let item = Item::Evidence(id.to_string());
    no_extra(&re.extra, &item)?;
    let kind = re
        .kind
        .as_ref()
        .map(|k| KindId::new(k.as_str()).map_err(|e| e.at(&item, "kind")))
        .transpose()?;
    let ls = likelihoods(&re.likelihoods, index, h_ids, &item)?;
    let reliability = re
        .reliability
        .map(|r| estimate(r, &item, "reliability"))
        .transpose()?;
    let chance = re
        .chance
        .map(|x| unit(x, Probability::new, &item, "chance"))
        .transpose()?;
    let observed = re
        .observed
        .map(|x| unit(x, Probability::new, &item, "observed"))
        .transpose()?;
    let group = match &re.group {
        None => None,
        Some(g) => Some(
            g_index
                .get(g.as_str())
                .map(|&id| id.clone())
                .ok_or_else(|| {
                    Error::from(Detail::UnknownReference {
                        item: item.clone(),
                        field: "group".into(),
                        id: g.clone(),
                        kind: "group",
                    })
                })?,
        ),
    };
    let source = match &re.source {
        None => None,
        Some(s) => Some(
            s_index
                .get(s.as_str())
                .map(|&id| id.clone())
                .ok_or_else(|| {
                    Error::from(Detail::UnknownReference {
                        item: item.clone(),
                        field: "source".into(),
                        id: s.clone(),
                        kind: "source",
                    })
                })?,
        ),
    };
    let credibility = re
        .credibility
        .as_ref()
        .map(|c| credibility(c, &item))
        .transpose()?;
    let concentration = re
        .concentration
        .map(|k| unit(k, Concentration::new, &item, "concentration"))
        .transpose()?;
    let discount = re
        .discount
        .map(|d| unit(d, Reliability::new, &item, "discount"))
        .transpose()?;
    Ok(Evidence {
        id,
        kind,
        description: re.description.clone(),
        likelihoods: ls,
        reliability,
        chance,
        observed,
        group,
        source,
        credibility,
        concentration,
        discount,
        rationale: re.rationale.clone(),
        references: re.sources.clone(),
    })
}

/// Likelihoods as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero.
pub(crate) fn likelihoods(
    pairs: &Pairs<RawEstimate>,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
) -> Result<Vec<Estimate>, Error> {
    let mut likelihoods: Vec<Option<Estimate>> = vec![None; h_ids.len()];
    for (h, raw) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| likelihoods.get_mut(i))
            .ok_or_else(|| {
                Error::from(Detail::UnknownReference {
                    item: item.clone(),
                    field: "likelihood".into(),
                    id: h.clone(),
                    kind: "hypothesis",
                })
            })?;
        if slot.is_some() {
            return Err(Error::from(Detail::Duplicate {
                item: item.clone(),
                field: "likelihood for".into(),
                id: h.clone(),
            }));
        }
        *slot = Some(estimate(*raw, item, &format!("likelihood for '{h}'"))?);
    }
    let mut ls = Vec::with_capacity(h_ids.len());
    for (l, h) in likelihoods.into_iter().zip(h_ids) {
        ls.push(l.ok_or_else(|| {
            Error::from(Detail::Missing {
                item: item.clone(),
                field: format!("likelihood for '{h}'"),
            })
        })?);
    }
    if ls.iter().all(|l| l.bounds().1.get() == 0.0) {
        return Err(Error::from(Detail::AllZero {
            item: item.clone(),
            field: "likelihood",
        }));
    }
    Ok(ls)
}

/// Prior weights as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero. `field` names them
/// in messages (`weight` for the case's prior).
pub(crate) fn prior_weights(
    pairs: &Pairs<f64>,
    index: &HashMap<&str, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
    field: &'static str,
) -> Result<Vec<Weight>, Error> {
    let mut w: Vec<Option<Weight>> = vec![None; h_ids.len()];
    for (h, x) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| w.get_mut(i))
            .ok_or_else(|| {
                Error::from(Detail::UnknownReference {
                    item: item.clone(),
                    field: field.into(),
                    id: h.clone(),
                    kind: "hypothesis",
                })
            })?;
        if slot.is_some() {
            return Err(Error::from(Detail::Duplicate {
                item: item.clone(),
                field: format!("{field} for"),
                id: h.clone(),
            }));
        }
        *slot = Some(unit(*x, Weight::new, item, &format!("{field} for '{h}'"))?);
    }
    let mut out = Vec::with_capacity(h_ids.len());
    for (w, h) in w.into_iter().zip(h_ids) {
        out.push(w.ok_or_else(|| {
            Error::from(Detail::Missing {
                item: item.clone(),
                field: format!("{field} for '{h}'"),
            })
        })?);
    }
    if out.iter().all(|w| w.get() == 0.0) {
        return Err(Error::from(Detail::AllZero {
            item: item.clone(),
            field,
        }));
    }
    Ok(out)
}

/// A credibility as written: a number in `0..=1` or an Admiralty digit.
pub(crate) fn credibility(raw: &RawCredibility, item: &Item) -> Result<Credibility, Error> {
    Ok(match raw {
        RawCredibility::Number(x) => {
            Credibility::Value(unit(*x, Reliability::new, item, "credibility")?)
        }
        RawCredibility::Grade(g) => Credibility::Grade(
            g.parse::<CredibilityGrade>()
                .map_err(|e| e.at(item, "credibility"))?,
        ),
    })
}

/// Sources as written (a case's or a codebook's).
pub(crate) fn sources(raw: &[RawSource], container: &Item) -> Result<Vec<Source>, Error> {
    let s_ids = ids(
        raw,
        |s| &s.id,
        SourceId::new,
        Item::SourceAt,
        "source",
        container,
    )?;
    let mut sources = Vec::with_capacity(s_ids.len());
    for (id, rs) in s_ids.into_iter().zip(raw) {
        let item = Item::Source(id.to_string());
        no_extra(&rs.extra, &item)?;
        let grading = match (&rs.reliability, &rs.admiralty) {
            (Some(_), Some(_)) => {
                return Err(Error::from(Detail::Conflicting {
                    item,
                    first: "reliability",
                    second: "admiralty",
                }));
            }
            (Some(r), None) => Some(SourceReliability::Value(estimate(
                *r,
                &item,
                "reliability",
            )?)),
            (None, Some(a)) => Some(SourceReliability::Grade(
                a.parse::<SourceGrade>()
                    .map_err(|e| e.at(&item, "admiralty"))?,
            )),
            (None, None) => None,
        };
        let discount = rs
            .discount
            .map(|d| unit(d, Reliability::new, &item, "discount"))
            .transpose()?;
        sources.push(Source {
            id,
            label: rs.label.clone(),
            grading,
            discount,
        });
    }
    Ok(sources)
}

/// Dependence groups as written (a case's or a codebook's).
pub(crate) fn groups(raw: &[RawGroup], container: &Item) -> Result<Vec<Group>, Error> {
    let g_ids = ids(
        raw,
        |g| &g.id,
        GroupId::new,
        Item::GroupAt,
        "group",
        container,
    )?;
    let mut groups = Vec::with_capacity(g_ids.len());
    for (id, rg) in g_ids.into_iter().zip(raw) {
        let item = Item::Group(id.to_string());
        no_extra(&rg.extra, &item)?;
        let rho = rg.correlation.ok_or_else(|| {
            Error::from(Detail::Missing {
                item: item.clone(),
                field: "correlation".into(),
            })
        })?;
        groups.push(Group {
            id,
            label: rg.label.clone(),
            correlation: unit(rho, crate::Correlation::new, &item, "correlation")?,
        });
    }
    Ok(groups)
}

/// A source as written back.
pub(crate) fn raw_source(s: &Source) -> RawSource {
    RawSource {
        id: s.id.to_string(),
        label: s.label.clone(),
        reliability: match s.grading {
            Some(SourceReliability::Value(e)) => Some(to_raw_estimate(e)),
            _ => None,
        },
        admiralty: match s.grading {
            Some(SourceReliability::Grade(g)) => Some(g.to_string()),
            _ => None,
        },
        discount: s.discount.map(Reliability::get),
        ..RawSource::default()
    }
}

/// A group as written back.
pub(crate) fn raw_group(g: &Group) -> RawGroup {
    RawGroup {
        id: g.id.to_string(),
        label: g.label.clone(),
        correlation: Some(g.correlation.get()),
        ..RawGroup::default()
    }
}

/// A credibility as written back.
pub(crate) fn raw_credibility(c: Credibility) -> RawCredibility {
    match c {
        Credibility::Value(r) => RawCredibility::Number(r.get()),
        Credibility::Grade(g) => RawCredibility::Grade(g.to_string()),
    }
}

impl From<Case> for RawCase {
    fn from(case: Case) -> RawCase {
        let hypotheses: Vec<RawHypothesis> = case
            .hypotheses
            .iter()
            .map(|h| RawHypothesis {
                id: h.id.to_string(),
                label: h.label.clone(),
                catch_all: h.catch_all,
                ..RawHypothesis::default()
            })
            .collect();
        let prior = case.prior.weights().map(|w| {
            Pairs(
                case.hypotheses
                    .iter()
                    .zip(w)
                    .map(|(h, w)| (h.id.to_string(), w.get()))
                    .collect(),
            )
        });
        let sources = case.sources.iter().map(raw_source).collect();
        let groups = case.groups.iter().map(raw_group).collect();
        let evidence = case
            .evidence
            .iter()
            .map(|e| RawEvidence {
                id: e.id.to_string(),
                kind: e.kind.as_ref().map(|k| k.to_string()),
                description: e.description.clone(),
                likelihoods: Pairs(
                    case.hypotheses
                        .iter()
                        .zip(&e.likelihoods)
                        .map(|(h, l)| (h.id.to_string(), to_raw_estimate(*l)))
                        .collect(),
                ),
                reliability: e.reliability.map(to_raw_estimate),
                chance: e.chance.map(Probability::get),
                observed: e.observed.map(Probability::get),
                group: e.group.as_ref().map(|g| g.to_string()),
                source: e.source.as_ref().map(|s| s.to_string()),
                credibility: e.credibility.map(raw_credibility),
                concentration: e.concentration.map(Concentration::get),
                discount: e.discount.map(Reliability::get),
                rationale: e.rationale.clone(),
                sources: e.references.clone(),
                ..RawEvidence::default()
            })
            .collect();
        let uncertainty = case.uncertainty.given.then(|| RawUncertainty {
            likelihood_concentration: case
                .uncertainty
                .likelihood_concentration
                .map(Concentration::get),
            prior_concentration: case.uncertainty.prior_concentration.map(Concentration::get),
            ..RawUncertainty::default()
        });
        RawCase {
            version: FORMAT_VERSION,
            title: case.title,
            date: case.date,
            place: case.place,
            weighting: case.weighting_given.then(|| case.weighting.to_string()),
            threshold: case.threshold.map(Probability::get),
            hypotheses,
            prior,
            sources,
            groups,
            uncertainty,
            evidence,
            perspectives: case.perspectives.iter().map(Perspective::to_raw).collect(),
            ..RawCase::default()
        }
    }
}
