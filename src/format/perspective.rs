//! Checking perspectives as written (docs/model.md section 10), a case's or
//! a codebook's, against what they may name.

use crate::domain::id::{EvidenceId, HypothesisId, KindId, PerspectiveId, SourceId};
use crate::domain::perspective::{BASE, Perspective};
use crate::domain::probability::{Probability, Reliability};
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::check::{ids, no_extra, once, prior_weights, unit};
use crate::format::forgiving::fields;
use crate::format::raw::{Pairs, RawPerspective};
use std::collections::{HashMap, HashSet};

/// What a perspective may name: a case's (or a codebook's) hypotheses,
/// sources, items and kinds. `evidence` is `None` in a codebook, which has
/// no items.
pub(crate) struct Scope<'a> {
    pub(crate) hypotheses: &'a [HypothesisId],
    pub(crate) sources: Known<'a, SourceId>,
    pub(crate) evidence: Option<Known<'a, EvidenceId>>,
    pub(crate) kinds: Known<'a, KindId>,
}

/// The ids a perspective may name of one kind: a list (a codebook's, or
/// a case's kinds; indexed when a perspective names one), or the index a
/// case has built already (its sources and items, which may be as many
/// as 100 000: neither copied nor indexed again).
pub(crate) enum Known<'a, I> {
    List(&'a [I]),
    Index(&'a HashMap<I, usize>),
}

/// Checks perspectives as written against what they may name.
pub(crate) fn perspectives(
    raw: &[RawPerspective],
    scope: &Scope<'_>,
    container: &Item,
) -> Result<Vec<Perspective>, Error> {
    for (n, rp) in raw.iter().enumerate() {
        if rp.id == BASE {
            return Err(Error::from(Detail::InvalidId {
                item: Item::PerspectiveAt(n + 1),
                id: rp.id.clone(),
                reason: "it is reserved for the case as written",
            }));
        }
    }
    let p_ids = ids(
        raw,
        |p| &p.id,
        PerspectiveId::new,
        Item::PerspectiveAt,
        "perspective",
        container,
    )?;
    let index: HashMap<&str, usize> = scope
        .hypotheses
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let mut out = Vec::with_capacity(raw.len());
    for (id, rp) in p_ids.into_iter().zip(raw) {
        let item = Item::Perspective(id.to_string());
        no_extra(&rp.extra, &item, fields::PERSPECTIVE)?;
        let discount = rp.discount.clone().unwrap_or_default();
        no_extra(&discount.extra, &item, fields::DISCOUNT)?;
        let sources = factors(&discount.sources, &item, "source", "source", &scope.sources)?;
        let evidence = match &scope.evidence {
            Some(known) => factors(
                &discount.evidence,
                &item,
                "evidence",
                "evidence item",
                known,
            )?,
            None if discount.evidence.is_empty() => Vec::new(),
            None => {
                return Err(Error::from(Detail::Unsupported {
                    item,
                    field: "discount.evidence",
                    reason: "a codebook has no evidence items; discount items in a case file's own perspectives",
                }));
            }
        };
        let kinds = factors(&discount.kinds, &item, "kind", "kind", &scope.kinds)?;
        let prior = rp
            .prior
            .as_ref()
            .map(|pairs| {
                prior_weights(pairs, &index, scope.hypotheses, &item, "prior weight")
                    .map(|w| scope.hypotheses.iter().cloned().zip(w).collect())
            })
            .transpose()?;
        let threshold = rp
            .threshold
            .map(|t| unit(t, Probability::new, &item, "threshold"))
            .transpose()?;
        out.push(Perspective {
            id,
            label: rp.label.clone(),
            sources,
            evidence,
            kinds,
            prior,
            threshold,
            rationale: rp.rationale.clone(),
            references: rp.sources.clone(),
        });
    }
    Ok(out)
}

/// Discount factors as written: each names a known id once, with a factor
/// in `0..=1`. `what` names the map in messages (`discount for source
/// 'x'`), `noun` what the id should have named.
fn factors<I: Clone + Eq + std::hash::Hash + AsRef<str> + std::borrow::Borrow<str>>(
    pairs: &Pairs<f64>,
    item: &Item,
    what: &str,
    noun: &'static str,
    known: &Known<'_, I>,
) -> Result<Vec<(I, Reliability)>, Error> {
    let mut out: Vec<(I, Reliability)> = Vec::with_capacity(pairs.0.len());
    if pairs.0.is_empty() {
        return Ok(out);
    }
    // Looked up by id: a perspective may discount as many items as a case
    // has.
    let listed: HashMap<&str, &I> = match known {
        Known::List(list) => list.iter().map(|k| (k.as_ref(), k)).collect(),
        Known::Index(_) => HashMap::new(),
    };
    let find = |id: &str| match known {
        Known::List(_) => listed.get(id).copied(),
        Known::Index(index) => index.get_key_value(id).map(|(k, _)| k),
    };
    let mut seen: HashSet<&str> = HashSet::with_capacity(pairs.0.len());
    for (id, f) in &pairs.0 {
        let found = find(id.as_str()).ok_or_else(|| {
            Error::from(Detail::UnknownReference {
                item: item.clone(),
                field: format!("discount for {what}"),
                id: id.clone(),
                kind: noun,
            })
        })?;
        once(&mut seen, id, item, &format!("discount for {what}"))?;
        let factor = unit(
            *f,
            Reliability::new,
            item,
            &format!("discount for {what} '{id}'"),
        )?;
        out.push((found.clone(), factor));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::{Case, Error, Evidence, Perspective, PerspectiveBuilder};

    /// One item, l = (0.9, 0.1), from a source of reliability 0.8; mixture
    /// weighting with chance = mean l = 0.5.
    fn case(p: PerspectiveBuilder) -> Result<Case, Error> {
        Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .source("jim", "JIM", 0.8)
            .evidence(
                Evidence::builder("e")
                    .kind("seen")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1)
                    .source("jim"),
            )
            .perspective(p)
            .build()
    }

    fn p_a(case: &Case) -> f64 {
        case.score().unwrap().probability("a").unwrap().get()
    }

    #[test]
    fn source_discount_halves_the_reliability() {
        let c = case(Perspective::builder("sceptic").discount_source("jim", 0.5)).unwrap();
        // base: r = 0.8, l' = (0.72 + 0.1, 0.08 + 0.1) = (0.82, 0.18)
        assert!((p_a(&c) - 0.82).abs() < 1e-12);
        // sceptic: r = 0.4, l' = (0.36 + 0.3, 0.04 + 0.3) = (0.66, 0.34)
        let s = c.perspective("sceptic").unwrap();
        assert!((p_a(&s) - 0.66).abs() < 1e-12);
        assert_eq!(s.sources()[0].discount().get(), 0.5);
    }

    #[test]
    fn factors_multiply_existing_discounts() {
        let c = case(
            Perspective::builder("p")
                .discount_source("jim", 0.5)
                .discount_evidence("e", 0.5)
                .discount_kind("seen", 0.5),
        )
        .unwrap()
        .discount_source("jim", 0.5)
        .unwrap();
        let p = c.perspective("p").unwrap();
        // source: 0.5 * 0.5; item: 0.5 (evidence) * 0.5 (kind)
        assert_eq!(p.sources()[0].discount().get(), 0.25);
        assert_eq!(p.evidence()[0].discount().get(), 0.25);
        // r = 0.8 * 0.25 * 0.25 = 0.05: l' = (0.045 + 0.475, 0.005 + 0.475) = (0.52, 0.48)
        assert!((p_a(&p) - 0.52).abs() < 1e-12);
    }

    #[test]
    fn base_is_the_case_as_written() {
        let c = case(Perspective::builder("p").threshold(0.5)).unwrap();
        assert_eq!(c.perspective("base").unwrap(), c);
    }

    #[test]
    fn a_perspective_of_factor_one_changes_nothing_but_drops_perspectives() {
        let c = case(Perspective::builder("p").discount_source("jim", 1.0)).unwrap();
        let p = c.perspective("p").unwrap();
        assert_eq!(p.sources()[0].discount, None);
        assert!(p.perspectives().is_empty());
        let err = p.perspective("p").unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::NotFound);
        assert_eq!(err.to_string(), "perspective 'p': not found in the case");
    }

    #[test]
    fn rejections() {
        let msg = |p: PerspectiveBuilder| case(p).unwrap_err().to_string();
        assert_eq!(
            msg(Perspective::builder("s").discount_source("nobody", 0.5)),
            "perspective 's': discount for source names 'nobody', which is not a declared source"
        );
        assert_eq!(
            msg(Perspective::builder("s").discount_source("jim", f64::NAN)),
            "perspective 's': discount for source 'jim' is NaN, must be in 0..=1"
        );
        assert_eq!(
            msg(Perspective::builder("s").discount_evidence("e", -0.1)),
            "perspective 's': discount for evidence 'e' is -0.1, must be in 0..=1"
        );
        assert_eq!(
            msg(Perspective::builder("s").discount_kind("heard", 0.5)),
            "perspective 's': discount for kind names 'heard', which is not a declared kind"
        );
        assert_eq!(
            msg(Perspective::builder("s").prior("a", 1.0)),
            "perspective 's': prior weight for 'b' is missing"
        );
        assert_eq!(
            msg(Perspective::builder("s").threshold(f64::INFINITY)),
            "perspective 's': threshold is inf, must be in 0..=1"
        );
        assert_eq!(
            msg(Perspective::builder("base")),
            "perspective #1: id \"base\" is not valid: it is reserved for the case as written"
        );
        assert_eq!(
            msg(Perspective::builder("")),
            "perspective #1: id \"\" is not valid: it is empty"
        );
    }
}
