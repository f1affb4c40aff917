//! Checking a codebook as written (docs/model.md section 9), and merging
//! one into a case file as written, before the case's one validation.

use crate::domain::case::Uncertainty;
use crate::domain::codebook::{Codebook, Kind};
use crate::domain::id::{HypothesisId, KindId, SourceId};
use crate::domain::lookup::positions;
use crate::domain::probability::{Concentration, Probability};
use crate::domain::words::ICD_203;
use crate::domain::words::Scales;
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::check::{
    ItemContext, groups, ids, item_fields, no_extra, scales, sources, standards, steps, unit,
};
use crate::format::forgiving::fields;
use crate::format::perspective::{Known, Scope, perspectives};
use crate::format::raw::{RawCodebook, RawEstimate};
use std::collections::HashMap;

/// The codebook version this crate reads.
const CODEBOOK_VERSION: u64 = 1;

impl<'de> serde::Deserialize<'de> for Codebook {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <RawCodebook as serde::Deserialize>::deserialize(d)?;
        validate(&raw).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<RawCodebook> for Codebook {
    type Error = Error;

    fn try_from(raw: RawCodebook) -> Result<Codebook, Error> {
        validate(&raw)
    }
}

/// A codebook as written, checked.
pub(crate) fn validate(raw: &RawCodebook) -> Result<Codebook, Error> {
    let book = Item::Codebook;
    if raw.version != CODEBOOK_VERSION {
        return Err(Error::from(Detail::UnsupportedCodebookVersion {
            found: raw.version,
        }));
    }
    no_extra(&raw.extra, &book, fields::CODEBOOK)?;
    if raw.hypotheses.len() < 2 {
        return Err(Error::from(Detail::CodebookTooFewHypotheses {
            found: raw.hypotheses.len(),
        }));
    }
    let hypotheses = ids(
        &raw.hypotheses,
        |h| h,
        HypothesisId::new,
        Item::HypothesisAt,
        "hypothesis",
        &book,
    )?;
    let index: HashMap<&str, usize> = hypotheses
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let threshold = raw
        .threshold
        .map(|t| unit(t, Probability::new, &book, "threshold"))
        .transpose()?;
    let uncertainty = match &raw.uncertainty {
        None => None,
        Some(u) => {
            no_extra(&u.extra, &book, fields::UNCERTAINTY)?;
            let k = |x: Option<f64>, field: &str| {
                x.map(|k| unit(k, Concentration::new, &book, field))
                    .transpose()
            };
            Some(Uncertainty {
                likelihood_concentration: k(
                    u.likelihood_concentration,
                    "uncertainty.likelihood_concentration",
                )?,
                prior_concentration: k(u.prior_concentration, "uncertainty.prior_concentration")?,
                given: true,
            })
        }
    };
    let scales = scales(&raw.scales, raw.scale.as_deref(), Scales::builtin(), &book)?;
    let (standards, standard) = standards(&raw.standards, raw.standard.as_deref(), &book)?;
    let steps = steps(&raw.steps, &book)?;
    let (sources, s_index) = sources(&raw.sources, &scales, &book)?;
    let s_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();
    let groups = groups(&raw.groups, &book)?;
    let g_index = positions(groups.iter().map(|g| &g.id));

    let k_ids = ids(
        &raw.kinds,
        |k| &k.id,
        KindId::new,
        Item::KindAt,
        "kind",
        &book,
    )?;
    let mut kinds = Vec::with_capacity(k_ids.len());
    for (id, rk) in k_ids.iter().zip(&raw.kinds) {
        let item = Item::Kind(id.to_string());
        no_extra(&rk.extra, &item, fields::KIND)?;
        kinds.push(Kind {
            id: id.clone(),
            fields: item_fields(
                rk.shared(),
                &ItemContext {
                    hypotheses: &index,
                    h_ids: &hypotheses,
                    sources: &s_index,
                    groups: &g_index,
                    scales: &scales,
                    steps: &steps,
                    near: None,
                },
                &item,
            )?
            .0,
        });
    }

    let perspectives = perspectives(
        &raw.perspectives,
        &Scope {
            hypotheses: &hypotheses,
            sources: Known::List(&s_ids),
            evidence: None,
            kinds: Known::List(&k_ids),
        },
        &book,
    )?;

    Ok(Codebook {
        title: raw.title.clone(),
        hypotheses,
        threshold,
        sources,
        groups,
        kinds,
        perspectives,
        uncertainty,
        rationale: raw.rationale.clone(),
        references: raw.references.clone(),
        scales,
        standards,
        standard,
        steps,
    })
}

/// A case file as written, with a codebook as written (and checked)
/// merged in (docs/model.md section 9): inherited sources, groups and
/// perspectives first, the threshold and the Monte Carlo settings unless
/// the case sets its own, and every item of a kind filled in from the
/// kind. Raw values are merged with raw values; the merged case is then
/// checked once, as any case. `written` is the codebook's path as the case
/// file gives it, `case_file` the case file's, for messages.
#[cfg(feature = "json")]
pub(crate) fn merge(
    mut raw: crate::format::raw::RawCase,
    book: &RawCodebook,
    written: &str,
    case_file: &str,
) -> Result<crate::format::raw::RawCase, Error> {
    use std::collections::HashSet;
    let twice = |what: &'static str, id: &str| {
        Error::from(Detail::DefinedTwice {
            what,
            id: id.to_string(),
            codebook: written.to_string(),
            case_file: case_file.to_string(),
        })
    };
    // The codebook's definitions first, then the case's own; an id
    // defined in both is refused, naming both files.
    fn inherit<T>(
        book: Vec<T>,
        case: &mut Vec<T>,
        id: fn(&T) -> &str,
        twice: impl Fn(&str) -> Error,
    ) -> Result<(), Error> {
        let ids: HashSet<&str> = book.iter().map(id).collect();
        if let Some(t) = case.iter().find(|t| ids.contains(id(t))) {
            return Err(twice(id(t)));
        }
        case.splice(0..0, book);
        Ok(())
    }
    inherit(
        book.sources.clone(),
        &mut raw.sources,
        |s| &s.id,
        |id| twice("source", id),
    )?;
    inherit(
        book.groups.clone(),
        &mut raw.groups,
        |g| &g.id,
        |id| twice("group", id),
    )?;
    // A codebook perspective's prior names the codebook's hypotheses; it
    // is checked against the case's in the codebook's order of them.
    let order: HashMap<&str, usize> = book
        .hypotheses
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let inherited = book.perspectives.iter().cloned().map(|mut p| {
        if let Some(prior) = &mut p.prior {
            prior
                .0
                .sort_by_key(|(h, _)| order.get(h.as_str()).copied().unwrap_or(usize::MAX));
        }
        p
    });
    inherit(
        inherited.collect(),
        &mut raw.perspectives,
        |p| &p.id,
        |id| twice("perspective", id),
    )?;
    // A case's own threshold, else its own headline standard's, else the
    // codebook's (its threshold, else its headline standard's).
    if raw.threshold.is_none() && raw.standard.is_none() {
        raw.threshold = book.threshold;
        if raw.threshold.is_none() {
            raw.standard = book.standard.clone();
        }
    }
    inherit(
        book.standards.clone(),
        &mut raw.standards,
        |s| &s.id,
        |id| twice("standard", id),
    )?;
    inherit(
        book.steps.clone(),
        &mut raw.steps,
        |s| &s.id,
        |id| twice("step", id),
    )?;

    // Scales (docs/model.md section 11): the codebook's first, none twice;
    // the case's default is its own, else the codebook's. A word of the
    // codebook (on a kind, on a source) is read on the codebook's default:
    // where the case's default differs, it is written with that scale.
    inherit(
        book.scales.clone(),
        &mut raw.scales,
        |s| &s.id,
        |id| twice("scale", id),
    )?;
    let book_default = book.scale.as_deref().unwrap_or(ICD_203);
    let differs = raw.scale.as_deref().is_some_and(|s| s != book_default);
    let keep_scale = |e: &mut RawEstimate| {
        if differs
            && let RawEstimate::Word(text) = e
            && !text.contains(':')
        {
            *text = format!("{book_default}: {text}");
        }
    };
    if raw.scale.is_none() {
        raw.scale = book.scale.clone();
    }
    for s in raw.sources.iter_mut().take(book.sources.len()) {
        if let Some(r) = &mut s.reliability {
            keep_scale(r);
        }
    }
    if raw.uncertainty.is_none() {
        raw.uncertainty = book.uncertainty.clone();
    }

    let kinds: HashMap<&str, &crate::format::raw::RawKind> =
        book.kinds.iter().map(|k| (k.id.as_str(), k)).collect();
    let case_hypotheses: HashSet<&str> = raw.hypotheses.iter().map(|h| h.id.as_str()).collect();
    let lacking = raw
        .hypotheses
        .iter()
        .find(|h| !order.contains_key(h.id.as_str()))
        .map(|h| h.id.clone());
    let extra = book
        .hypotheses
        .iter()
        .find(|c| !case_hypotheses.contains(c.as_str()))
        .cloned();
    for e in &mut raw.evidence {
        let Some(k) = &e.kind else { continue };
        let item = Item::Evidence(e.id.clone());
        if !e.likelihoods.is_empty() {
            return Err(Error::from(Detail::Conflicting {
                item,
                first: "kind",
                second: "likelihoods",
            }));
        }
        let kind = kinds.get(k.as_str()).ok_or_else(|| {
            Error::from(Detail::UnknownKind {
                item: item.clone(),
                kind: k.clone(),
                codebook: written.to_string(),
            })
        })?;
        if let Some(h) = &lacking {
            return Err(Error::from(Detail::KindLacksHypothesis {
                item,
                kind: k.clone(),
                codebook: written.to_string(),
                hypothesis: h.clone(),
            }));
        }
        if let Some(h) = &extra {
            return Err(Error::from(Detail::KindExtraHypothesis {
                item,
                kind: k.clone(),
                codebook: written.to_string(),
                hypothesis: h.clone(),
            }));
        }
        e.likelihoods = kind.likelihoods.clone();
        for (_, l) in &mut e.likelihoods.0 {
            keep_scale(l);
        }
        if e.description.is_empty() {
            e.description = kind.description.clone();
        }
        if e.source.is_none() {
            e.source = kind.source.clone();
        }
        // An item's `"admiralty": "B2"` gives its credibility (and, with
        // no graded source, its reliability): the kind's are not taken.
        if e.credibility.is_none() && e.admiralty.is_none() {
            e.credibility = kind.credibility.clone();
        }
        let admiralty = e.admiralty.is_some();
        for (mine, kinds, taken) in [
            (&mut e.reliability, &kind.reliability, !admiralty),
            (&mut e.chance, &kind.chance, true),
            (&mut e.observed, &kind.observed, true),
        ] {
            if taken
                && mine.is_none()
                && let Some(k) = kinds
            {
                let mut k = k.clone();
                keep_scale(&mut k);
                *mine = Some(k);
            }
        }
        if e.quote.is_none() {
            e.quote = kind.quote.clone();
        }
        if e.step.is_none() {
            e.step = kind.step.clone();
        }
        if e.group.is_none() {
            e.group = kind.group.clone();
        }
    }

    // A discount on a codebook kind that no item of this case carries
    // has no effect; it is dropped, so that the case written back reads
    // back (where kinds are only the labels items carry). Any other
    // kind is left for validation to report.
    let used: HashSet<String> = raw.evidence.iter().filter_map(|e| e.kind.clone()).collect();
    for p in &mut raw.perspectives {
        if let Some(d) = &mut p.discount {
            d.kinds
                .0
                .retain(|(k, _)| used.contains(k) || !kinds.contains_key(k.as_str()));
        }
    }
    Ok(raw)
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    fn rejected(json: &str) -> String {
        match Codebook::from_json(json) {
            Ok(_) => panic!("accepted: {json}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn kind_fields_are_checked() {
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 1.5}}]}"#
            ),
            "kind 'k': likelihood for 'b' is 1.5, must be in 0..=1"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1, "c": 0.1}}]}"#
            ),
            "kind 'k': likelihood names 'c', which is not a declared hypothesis"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "source": "x"}]}"#
            ),
            "kind 'k': source names 'x', which is not a declared source"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "group": "g"}]}"#
            ),
            "kind 'k': group names 'g', which is not a declared group"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "chance": -1}]}"#
            ),
            "kind 'k': chance is -1, must be in 0..=1"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}, "kidn": 1}]}"#
            ),
            "kind 'k': unknown field 'kidn' (fields here: 'id', 'description', 'likelihoods', 'reliability', 'credibility', 'chance', 'observed', 'group', 'source', 'rationale', 'sources', 'quote', 'step')"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}},
                              {"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#
            ),
            "codebook: kind id 'k' appears more than once"
        );
    }

    #[test]
    fn top_level_is_checked() {
        assert_eq!(
            rejected(r#"{"version": 2, "hypotheses": ["a", "b"]}"#),
            "codebook: version is 2, this crate reads version 1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a"]}"#),
            "codebook: a codebook needs at least 2 hypotheses, found 1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "a"]}"#),
            "codebook: hypothesis id 'a' appears more than once"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "b"], "threshold": 1.1}"#),
            "codebook: threshold is 1.1, must be in 0..=1"
        );
        assert_eq!(
            rejected(r#"{"version": 1, "hypotheses": ["a", "b"], "kind": []}"#),
            "codebook: unknown field 'kind'; did you mean 'kinds'?"
        );
        assert_eq!(
            rejected(
                r#"{"version": 1, "hypotheses": ["a", "b"],
                    "sources": [{"id": "s", "reliability": 0.5, "admiralty": "B"}]}"#
            ),
            "source 's': give reliability or admiralty, not both"
        );
        let msg = rejected(r#"{"version": 1}"#);
        assert!(msg.starts_with("missing field `hypotheses`"), "{msg}");
    }

    #[test]
    fn perspectives_are_checked_against_the_codebook() {
        let base = r#"{"version": 1, "hypotheses": ["a", "b"],
            "sources": [{"id": "jim", "reliability": 0.8}],
            "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}],
            "perspectives": [PERSPECTIVE]}"#;
        let with = |p: &str| rejected(&base.replace("PERSPECTIVE", p));
        assert_eq!(
            with(r#"{"id": "p", "discount": {"evidence": {"e1": 0.5}}}"#),
            "perspective 'p': discount.evidence cannot be used here: a codebook has no evidence items; discount items in a case file's own perspectives"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"kinds": {"x": 0.5}}}"#),
            "perspective 'p': discount for kind names 'x', which is not a declared kind"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"sources": {"jim": 2}}}"#),
            "perspective 'p': discount for source 'jim' is 2, must be in 0..=1"
        );
        assert_eq!(
            with(r#"{"id": "p", "prior": {"a": 1, "c": 1}}"#),
            "perspective 'p': prior weight names 'c', which is not a declared hypothesis"
        );
        assert_eq!(
            with(r#"{"id": "p", "discount": {"source": {"jim": 0.5}}}"#),
            "perspective 'p': unknown field 'source'; did you mean 'sources'?"
        );
        let ok = Codebook::from_json(&base.replace(
            "PERSPECTIVE",
            r#"{"id": "p", "discount": {"sources": {"jim": 0.5}, "kinds": {"k": 0.25}}}"#,
        ))
        .unwrap();
        let p = &ok.perspectives()[0];
        assert_eq!(p.source_discounts()[0].1.get(), 0.5);
        assert_eq!(p.kind_discounts()[0].1.get(), 0.25);
    }

    #[test]
    fn serde_goes_through_the_checks() {
        let ok: Codebook = serde_json::from_str(
            r#"{"version": 1, "hypotheses": ["a", "b"],
                "kinds": [{"id": "k", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#,
        )
        .unwrap();
        assert_eq!(ok.kinds()[0].likelihoods()[1].midpoint().get(), 0.1);
        let err = serde_json::from_str::<Codebook>(
            r#"{"version": 1, "hypotheses": ["a", "b"],
                "kinds": [{"id": "k", "likelihoods": {"a": 0.0, "b": 0.0}}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("kind 'k': every likelihood is 0, at least one must be positive"),
            "{err}"
        );
    }
}
