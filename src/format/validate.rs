//! The one validation of a case as written (a case file, a codebook merged
//! into it, or a builder's input): every rejection names the item and the
//! field. It builds the case's look-up context ([`Lookup`]) once; the case
//! keeps it, and [`item`] checks one more item against it.

use crate::domain::case::{Case, FORMAT_VERSION, Uncertainty};
use crate::domain::evidence::Evidence;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::ScaleId;
use crate::domain::id::{EvidenceId, HypothesisId, KindId};
use crate::domain::lookup::{Lookup, positions};
use crate::domain::prior::Prior;
use crate::domain::probability::{Concentration, Probability, Reliability};
use crate::domain::source::Source;
use crate::domain::step::ChainStep;
use crate::domain::weighting::Weighting;
use crate::domain::words::Scales;
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::check::{
    ItemContext, groups, indexed_ids, item_fields, no_extra, prior_weights, scales, sources,
    standards, steps, unit,
};
use crate::format::forgiving::{fields, item_grade};
use crate::format::perspective::{Known, Scope, perspectives};
use crate::format::raw::{RawCase, RawEvidence};
use std::collections::HashSet;
use std::sync::Arc;

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
pub(crate) fn case(mut raw: RawCase) -> Result<Case, Error> {
    let case_item = Item::Case;
    if raw.version != FORMAT_VERSION {
        return Err(Error::from(Detail::UnsupportedVersion {
            found: raw.version,
        }));
    }
    no_extra(&raw.extra, &case_item, fields::CASE)?;
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
        Some(w) => w.get()?,
        None => Weighting::default(),
    };
    let threshold = raw
        .threshold
        .map(|t| unit(t, Probability::new, &case_item, "threshold"))
        .transpose()?;

    // Hypotheses.
    let (h_ids, h_index) = indexed_ids(
        &raw.hypotheses,
        |h| &h.id,
        HypothesisId::new,
        Item::HypothesisAt,
        "hypothesis",
        &case_item,
    )?;
    let mut hypotheses = Vec::with_capacity(h_ids.len());
    for (id, rh) in h_ids.iter().zip(&raw.hypotheses) {
        no_extra(
            &rh.extra,
            &Item::Hypothesis(id.to_string()),
            fields::HYPOTHESIS,
        )?;
        hypotheses.push(Hypothesis {
            id: id.clone(),
            label: rh.label.clone(),
            catch_all: rh.catch_all,
        });
    }
    let mut lookup = Lookup {
        hypotheses: h_index,
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
    // Scales first: sources and items may be given in words.
    let scales = scales(
        &raw.scales,
        raw.scale.as_deref(),
        Scales::builtin(),
        &case_item,
    )?;
    let scale = scales_default(&raw.scale, &scales);
    let (standards, standard) = standards(&raw.standards, raw.standard.as_deref(), &case_item)?;
    let steps = steps(&raw.steps, &case_item)?;
    let (sources, s_index) = sources(&raw.sources, &scales, &case_item)?;
    lookup.sources = s_index;
    let groups = groups(&raw.groups, &case_item)?;
    lookup.groups = positions(groups.iter().map(|g| &g.id));

    // Evidence.
    let (e_ids, e_index) = indexed_ids(
        &raw.evidence,
        |e| &e.id,
        EvidenceId::new,
        Item::EvidenceAt,
        "evidence",
        &case_item,
    )?;
    let mut evidence = Vec::with_capacity(e_ids.len());
    // Each item as written is taken apart once checked (its texts move
    // into the item, not copied), so that its memory serves the next. The
    // source an item most likely names is the one after the previous
    // item's.
    let mut near = 0;
    for (id, re) in e_ids.into_iter().zip(std::mem::take(&mut raw.evidence)) {
        let e = evidence_item(
            id,
            re,
            &lookup,
            &h_ids,
            Some((&sources, near)),
            &scales,
            &steps,
        )?;
        near = e.source_at.map_or(near, |at| at + 1);
        evidence.push(e);
    }
    lookup.evidence = e_index;
    lookup.count_kinds(&evidence);

    // Uncertainty.
    let uncertainty = match &raw.uncertainty {
        None => Uncertainty::default(),
        Some(u) => {
            no_extra(&u.extra, &case_item, fields::UNCERTAINTY)?;
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
    let perspectives = perspectives(
        &raw.perspectives,
        &Scope {
            hypotheses: &h_ids,
            sources: Known::Index(&lookup.sources),
            evidence: Some(Known::Index(&lookup.evidence)),
            kinds: Known::List(&kinds),
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
        evidence: Arc::new(evidence),
        uncertainty,
        perspectives,
        scales,
        scale,
        standards,
        standard,
        steps,
        lookup: Arc::new(lookup),
    })
}

/// One more item of `case`, checked as the validation of the whole case
/// with the item last would check it, against the context the case keeps:
/// O(the item), not O(the case). Its id may not be one of the case's.
pub(crate) fn item(case: &Case, re: &RawEvidence) -> Result<Evidence, Error> {
    let at = case.evidence.len() + 1;
    let id = EvidenceId::new(re.id.clone()).map_err(|e| e.at(&Item::EvidenceAt(at), "id"))?;
    if case.lookup.evidence.contains_key(&id) {
        return Err(Error::from(Detail::Duplicate {
            item: Item::Case,
            field: "evidence id".into(),
            id: re.id.clone(),
        }));
    }
    let h_ids: Vec<HypothesisId> = case.hypotheses.iter().map(|h| h.id.clone()).collect();
    evidence_item(
        id,
        re.clone(),
        &case.lookup,
        &h_ids,
        Some((&case.sources, 0)),
        &case.scales,
        &case.steps,
    )
}

/// The default scale a case file names, as the id the scales hold (it
/// was checked to be one of them).
fn scales_default(named: &Option<String>, scales: &Scales) -> Option<ScaleId> {
    named.as_ref().map(|_| scales.default_scale().clone())
}

/// One item as written, checked; `near` is the case's sources and the
/// position of the source the item most likely names (see
/// [`ItemContext::near`]). The item's texts move into the checked item.
fn evidence_item(
    id: EvidenceId,
    mut re: RawEvidence,
    lookup: &Lookup,
    h_ids: &[HypothesisId],
    near: Option<(&[Source], usize)>,
    scales: &Scales,
    steps: &[ChainStep],
) -> Result<Evidence, Error> {
    let sources = near.map_or(&[][..], |(list, _)| list);
    let item = Item::Evidence(id.to_string());
    no_extra(&re.extra, &item, fields::EVIDENCE)?;
    // The texts are only kept, never checked: moved out before the check
    // (which would copy them) and into the checked fields after it.
    let description = std::mem::take(&mut re.description);
    let rationale = re.rationale.take();
    let references = std::mem::take(&mut re.sources);
    let quote = re.quote.take();
    let kind = re
        .kind
        .as_ref()
        .map(|k| KindId::new(k.as_str()).map_err(|e| e.at(&item, "kind")))
        .transpose()?;
    let (mut fields, source_at) = item_fields(
        re.shared(),
        &ItemContext {
            hypotheses: &lookup.hypotheses,
            h_ids,
            sources: &lookup.sources,
            groups: &lookup.groups,
            scales,
            steps,
            near,
        },
        &item,
    )?;
    fields.description = description;
    fields.rationale = rationale;
    fields.references = references;
    fields.quote = quote;
    // `"admiralty": "B2"` on the item: its source's letter and its digit.
    if let Some(text) = &re.admiralty {
        let graded = source_at
            .and_then(|i| sources.get(i))
            .map(|s| (s.id.as_str(), s.grading()));
        let (c, r) = item_grade(text, &re, graded, &item)?;
        fields.credibility = Some(c);
        if r.is_some() {
            fields.reliability = r;
        }
    }
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
        fields,
        source_at,
        concentration,
        discount,
    })
}

#[cfg(test)]
mod tests {
    use super::item;
    use crate::{Case, CaseBuilder, Evidence, EvidenceBuilder};

    fn base() -> CaseBuilder {
        Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .source("s", "S", 0.8)
            .group("g", 0.5)
            .evidence(
                Evidence::builder("e1")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1),
            )
            .evidence(
                Evidence::builder("e2")
                    .likelihood("a", 0.4)
                    .likelihood("b", 0.6),
            )
    }

    /// One item checked against the case's context gives what the whole
    /// case with the item last gives: the same item, or the same error.
    #[test]
    fn one_item_is_checked_as_the_whole_case_would_check_it() {
        let case = base().build().unwrap();
        let items: Vec<EvidenceBuilder> = vec![
            Evidence::builder("new")
                .likelihood("b", 0.2)
                .likelihood("a", 0.7)
                .source("s")
                .group("g")
                .credibility(0.5)
                .kind("seen"),
            Evidence::builder("")
                .likelihood("a", 0.7)
                .likelihood("b", 0.2),
            Evidence::builder("e2")
                .likelihood("a", 0.7)
                .likelihood("b", 0.2),
            Evidence::builder("x")
                .likelihood("a", 1.5)
                .likelihood("b", 0.2),
            Evidence::builder("x").likelihood("a", 0.5),
            Evidence::builder("x")
                .likelihood("a", 0.5)
                .likelihood("c", 0.2),
            Evidence::builder("x")
                .likelihood("a", 0.5)
                .likelihood("b", 0.2)
                .source("nobody"),
            Evidence::builder("x")
                .likelihood("a", 0.5)
                .likelihood("b", 0.2)
                .group("nobody"),
            Evidence::builder("x")
                .likelihood("a", 0.0)
                .likelihood("b", 0.0),
        ];
        for it in items {
            let whole = base().evidence(it.clone()).build();
            let one = item(&case, &it.0);
            match (whole, one) {
                (Ok(whole), Ok(one)) => {
                    assert_eq!(whole.evidence().last(), Some(&one));
                    assert_eq!(whole.reliability_at(2), Some(case.reliability_of(&one)));
                }
                (Err(whole), Err(one)) => assert_eq!(whole.to_string(), one.to_string()),
                (whole, one) => panic!("{whole:?} against {one:?}"),
            }
        }
    }

    /// Items name their sources in any order (the next one, the same
    /// again, one earlier, the first after the last, none, one not
    /// declared): each gets the source it names, whether found beside the
    /// previous item's or looked up; and its texts as written.
    #[test]
    fn each_item_gets_the_source_it_names() {
        let item = |id: &str, source: Option<&str>| {
            let e = Evidence::builder(id)
                .likelihood("a", 0.9)
                .likelihood("b", 0.1);
            match source {
                Some(s) => e.source(s),
                None => e,
            }
        };
        let mut b = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .source("s0", "S0", 0.1)
            .source("s1", "S1", 0.2)
            .source("s2", "S2", 0.3)
            .source("s3", "S3", 0.4);
        let named = [
            Some("s2"),
            Some("s3"),
            Some("s0"),
            Some("s0"),
            None,
            Some("s1"),
            Some("s3"),
            Some("s1"),
        ];
        for (k, s) in named.iter().enumerate() {
            b = b.evidence(item(&format!("e{k}"), *s));
        }
        let case = b
            .clone()
            .evidence(
                item("texts", Some("s2"))
                    .description("what was seen")
                    .rationale("why it counts")
                    .quote("in their words")
                    .reference("S/2017/904"),
            )
            .build()
            .unwrap();
        let want = [0.3, 0.4, 0.1, 0.1, 1.0, 0.2, 0.4, 0.2, 0.3];
        for (k, e) in case.evidence().iter().enumerate() {
            let source = named.get(k).copied().unwrap_or(Some("s2"));
            assert_eq!(e.source().map(|s| s.as_str()), source, "{k}");
            assert_eq!(
                case.reliability_at(k).map(|r| r.get()),
                Some(want[k]),
                "{k}"
            );
        }
        let texts = &case.evidence()[8];
        assert_eq!(texts.description(), "what was seen");
        assert_eq!(texts.rationale(), Some("why it counts"));
        assert_eq!(texts.quote(), Some("in their words"));
        assert_eq!(texts.references(), ["S/2017/904"]);
        let err = b.evidence(item("x", Some("s9"))).build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "evidence 'x': source names 's9', which is not a declared source"
        );
    }
}
