//! The one validation of a case as written (a case file, a codebook merged
//! into it, or a builder's input): every rejection names the item and the
//! field. It builds the case's look-up context ([`Lookup`]) once; the case
//! keeps it, and [`item`] checks one more item against it.

use crate::domain::case::{Case, FORMAT_VERSION, Uncertainty};
use crate::domain::evidence::{Credibility, Evidence};
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, GroupId, HypothesisId, KindId, SourceId};
use crate::domain::lookup::{Lookup, positions};
use crate::domain::prior::Prior;
use crate::domain::probability::{Concentration, Estimate, Probability, Reliability, Weight};
use crate::domain::source::{Source, SourceReliability};
use crate::domain::weighting::Weighting;
use crate::error::{Error, Item};
use crate::format::perspective::{Scope, perspectives};
use crate::format::raw::{
    Pairs, RawCase, RawCredibility, RawEstimate, RawEvidence, RawGroup, RawSource,
};
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

pub(crate) fn estimate(raw: RawEstimate, item: &Item, field: &str) -> Result<Estimate, Error> {
    match raw {
        RawEstimate::Point(x) => Estimate::point(x),
        RawEstimate::Range(lo, hi) => Estimate::range(lo, hi),
    }
    .map_err(|e| e.at(item, field))
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
        Some(field) => Err(Error::UnknownField {
            item: item.clone(),
            field: field.clone(),
        }),
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
            return Err(Error::Duplicate {
                item: container.clone(),
                field: format!("{kind} id"),
                id: id_of(r).to_string(),
            });
        }
        out.push(id);
    }
    Ok(out)
}

impl TryFrom<RawCase> for Case {
    type Error = Error;

    fn try_from(raw: RawCase) -> Result<Case, Error> {
        case(raw)
    }
}

impl<'de> serde::Deserialize<'de> for Case {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        case(<RawCase as serde::Deserialize>::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A case as written, checked: the one validation of a case.
pub(crate) fn case(raw: RawCase) -> Result<Case, Error> {
    let case_item = Item::Case;
    if raw.version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion { found: raw.version });
    }
    no_extra(&raw.extra, &case_item)?;
    if raw.codebook.is_some() {
        return Err(Error::Unsupported {
            item: case_item,
            field: "codebook",
            reason: "a case that names a codebook must be read with `Case::from_path`, \
                     which resolves the codebook's path relative to the case file",
        });
    }
    if raw.hypotheses.len() < 2 {
        return Err(Error::TooFewHypotheses {
            found: raw.hypotheses.len(),
        });
    }
    let weighting = match &raw.weighting {
        Some(w) => w.get()?,
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
    let mut lookup = Lookup {
        hypotheses: positions(h_ids.iter()),
        ..Lookup::default()
    };
    let n = hypotheses.len();

    // Prior.
    let weights = raw
        .prior
        .as_ref()
        .map(|pairs| prior_weights(pairs, &lookup.hypotheses, &h_ids, &Item::Prior, "weight"))
        .transpose()?;
    let prior = Prior::from_weights(weights, n);

    // Sources and groups: references to them are looked up by id in O(1),
    // as a case may have as many sources as items.
    let sources = sources(&raw.sources, &case_item)?;
    lookup.sources = positions(sources.iter().map(|s| &s.id));
    let groups = groups(&raw.groups, &case_item)?;
    lookup.groups = positions(groups.iter().map(|g| &g.id));

    // Evidence.
    let e_ids = ids(
        &raw.evidence,
        |e| &e.id,
        EvidenceId::new,
        Item::EvidenceAt,
        "evidence",
        &case_item,
    )?;
    let mut evidence = Vec::with_capacity(e_ids.len());
    for (id, re) in e_ids.into_iter().zip(&raw.evidence) {
        evidence.push(evidence_item(id, re, &lookup, &h_ids)?);
    }
    for e in &evidence {
        lookup.push(e);
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
    // labels its items carry, in the order first carried.
    let mut kinds: Vec<KindId> = Vec::new();
    let mut seen: HashSet<&KindId> = HashSet::new();
    for k in evidence.iter().filter_map(|e| e.kind.as_ref()) {
        if seen.insert(k) {
            kinds.push(k.clone());
        }
    }
    let e_ids: Vec<EvidenceId> = evidence.iter().map(|e| e.id.clone()).collect();
    let s_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();
    let perspectives = perspectives(
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
        lookup,
    })
}

/// One more item of `case`, checked as the validation of the whole case
/// with the item last would check it, against the context the case keeps:
/// O(the item), not O(the case). Its id may not be one of the case's.
pub(crate) fn item(case: &Case, re: &RawEvidence) -> Result<Evidence, Error> {
    let at = case.evidence.len() + 1;
    let id = EvidenceId::new(re.id.clone()).map_err(|e| e.at(&Item::EvidenceAt(at), "id"))?;
    if case.lookup.evidence.contains_key(&id) {
        return Err(Error::Duplicate {
            item: Item::Case,
            field: "evidence id".into(),
            id: re.id.clone(),
        });
    }
    let h_ids: Vec<HypothesisId> = case.hypotheses.iter().map(|h| h.id.clone()).collect();
    evidence_item(id, re, &case.lookup, &h_ids)
}

/// The id in `index` that `name` names, or the error for an unknown
/// reference.
pub(crate) fn reference<I: Clone + Eq + Hash + Borrow<str>>(
    index: &HashMap<I, usize>,
    name: &str,
    item: &Item,
    field: &str,
    kind: &'static str,
) -> Result<I, Error> {
    index
        .get_key_value(name)
        .map(|(id, _)| id.clone())
        .ok_or_else(|| Error::UnknownReference {
            item: item.clone(),
            field: field.into(),
            id: name.to_string(),
            kind,
        })
}

fn evidence_item(
    id: EvidenceId,
    re: &RawEvidence,
    lookup: &Lookup,
    h_ids: &[HypothesisId],
) -> Result<Evidence, Error> {
    let item = Item::Evidence(id.to_string());
    no_extra(&re.extra, &item)?;
    let kind = re
        .kind
        .as_ref()
        .map(|k| KindId::new(k.as_str()).map_err(|e| e.at(&item, "kind")))
        .transpose()?;
    let ls = likelihoods(&re.likelihoods, &lookup.hypotheses, h_ids, &item)?;
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
    let group = re
        .group
        .as_ref()
        .map(|g| reference(&lookup.groups, g, &item, "group", "group"))
        .transpose()?;
    let source = re
        .source
        .as_ref()
        .map(|s| reference(&lookup.sources, s, &item, "source", "source"))
        .transpose()?;
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
pub(crate) fn likelihoods<K: Eq + Hash + Borrow<str>>(
    pairs: &Pairs<RawEstimate>,
    index: &HashMap<K, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
) -> Result<Vec<Estimate>, Error> {
    let mut likelihoods: Vec<Option<Estimate>> = vec![None; h_ids.len()];
    for (h, raw) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| likelihoods.get_mut(i))
            .ok_or_else(|| Error::UnknownReference {
                item: item.clone(),
                field: "likelihood".into(),
                id: h.clone(),
                kind: "hypothesis",
            })?;
        if slot.is_some() {
            return Err(Error::Duplicate {
                item: item.clone(),
                field: "likelihood for".into(),
                id: h.clone(),
            });
        }
        *slot = Some(estimate(*raw, item, &format!("likelihood for '{h}'"))?);
    }
    let mut ls = Vec::with_capacity(h_ids.len());
    for (l, h) in likelihoods.into_iter().zip(h_ids) {
        ls.push(l.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: format!("likelihood for '{h}'"),
        })?);
    }
    if ls.iter().all(|l| l.bounds().1.get() == 0.0) {
        return Err(Error::AllZero {
            item: item.clone(),
            field: "likelihood",
        });
    }
    Ok(ls)
}

/// Prior weights as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero. `field` names them
/// in messages (`weight` for the case's prior).
pub(crate) fn prior_weights<K: Eq + Hash + Borrow<str>>(
    pairs: &Pairs<f64>,
    index: &HashMap<K, usize>,
    h_ids: &[HypothesisId],
    item: &Item,
    field: &'static str,
) -> Result<Vec<Weight>, Error> {
    let mut w: Vec<Option<Weight>> = vec![None; h_ids.len()];
    for (h, x) in &pairs.0 {
        let slot = index
            .get(h.as_str())
            .and_then(|&i| w.get_mut(i))
            .ok_or_else(|| Error::UnknownReference {
                item: item.clone(),
                field: field.into(),
                id: h.clone(),
                kind: "hypothesis",
            })?;
        if slot.is_some() {
            return Err(Error::Duplicate {
                item: item.clone(),
                field: format!("{field} for"),
                id: h.clone(),
            });
        }
        *slot = Some(unit(*x, Weight::new, item, &format!("{field} for '{h}'"))?);
    }
    let mut out = Vec::with_capacity(h_ids.len());
    for (w, h) in w.into_iter().zip(h_ids) {
        out.push(w.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: format!("{field} for '{h}'"),
        })?);
    }
    if out.iter().all(|w| w.get() == 0.0) {
        return Err(Error::AllZero {
            item: item.clone(),
            field,
        });
    }
    Ok(out)
}

/// A credibility as written: a number in `0..=1` or an Admiralty digit.
pub(crate) fn credibility(raw: &RawCredibility, item: &Item) -> Result<Credibility, Error> {
    Ok(match raw {
        RawCredibility::Number(x) => {
            Credibility::Value(unit(*x, Reliability::new, item, "credibility")?)
        }
        RawCredibility::Grade(g) => {
            Credibility::Grade(g.get().map_err(|e| e.at(item, "credibility"))?)
        }
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
                return Err(Error::Conflicting {
                    item,
                    first: "reliability",
                    second: "admiralty",
                });
            }
            (Some(r), None) => Some(SourceReliability::Value(estimate(
                *r,
                &item,
                "reliability",
            )?)),
            (None, Some(a)) => Some(SourceReliability::Grade(
                a.get().map_err(|e| e.at(&item, "admiralty"))?,
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
        let rho = rg.correlation.ok_or_else(|| Error::Missing {
            item: item.clone(),
            field: "correlation".into(),
        })?;
        groups.push(Group {
            id,
            label: rg.label.clone(),
            correlation: unit(
                rho,
                crate::domain::probability::Correlation::new,
                &item,
                "correlation",
            )?,
        });
    }
    Ok(groups)
}
