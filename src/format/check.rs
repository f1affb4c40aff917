//! The checks that every part of a case file shares (a case's, a
//! codebook's, a perspective's): a number in range, an estimate, ids valid
//! and unique, a reference to a known id, likelihoods and prior weights
//! naming every hypothesis once, sources and groups. Each names the item
//! and field of what it rejects.

use crate::domain::evidence::{Credibility, ItemFields};
use crate::domain::group::Group;
use crate::domain::id::ScaleId;
use crate::domain::id::{GroupId, HypothesisId, SourceId};
use crate::domain::probability::{Estimate, Probability, Reliability, Weight};
use crate::domain::source::{Source, SourceReliability};
use crate::domain::standard::Standard;
use crate::domain::step::ChainStep;
use crate::domain::words::{ItemWords, Scale, Scales, Word};
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::forgiving::{fields, hint, no_unknown, source_grade};
use crate::format::raw::{
    Named, Pairs, RawCredibility, RawEstimate, RawGroup, RawScale, RawSource, RawStandard, RawStep,
    SharedFields,
};
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

/// A number, a range, or a word read on `scales` (docs/model.md section
/// 11): the estimate, and the word when it was one (its band is the
/// estimate).
pub(crate) fn estimate(
    raw: &RawEstimate,
    scales: &Scales,
    item: &Item,
    field: &str,
) -> Result<(Estimate, Option<Word>), Error> {
    match raw {
        RawEstimate::Point(x) => Estimate::point(*x).map(|e| (e, None)),
        RawEstimate::Range(lo, hi) => Estimate::range(*lo, *hi).map(|e| (e, None)),
        RawEstimate::Word(text) => {
            return scales
                .read_at(text, None, item, field)
                .map(|w| (w.band(), Some(w)));
        }
    }
    .map_err(|e| hint(e.at(item, field), false))
}

pub(crate) fn unit<T>(
    x: f64,
    new: fn(f64) -> Result<T, Error>,
    item: &Item,
    field: &str,
) -> Result<T, Error> {
    new(x).map_err(|e| hint(e.at(item, field), false))
}

/// The first unknown field of an object, named with the nearest of the
/// object's `known` fields, or all of them (`"$comment"` is allowed
/// anywhere; see `forgiving.rs`).
pub(crate) fn no_extra(
    extra: &BTreeMap<String, serde::de::IgnoredAny>,
    item: &Item,
    known: &'static [&'static str],
) -> Result<(), Error> {
    no_unknown(extra, item, known)
}

/// Records `id` in `seen`: the [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate)
/// naming `item` and `field` when it was there already.
pub(crate) fn once<'a>(
    seen: &mut HashSet<&'a str>,
    id: &'a str,
    item: &Item,
    field: &str,
) -> Result<(), Error> {
    if seen.insert(id) {
        Ok(())
    } else {
        Err(Error::from(Detail::Duplicate {
            item: item.clone(),
            field: field.into(),
            id: id.to_string(),
        }))
    }
}

/// Checks that ids are valid and unique, also once normalised to NFC (two
/// ids equal in NFC but written differently are an
/// [`ErrorKind::Equivalent`](crate::ErrorKind::Equivalent) naming both);
/// names an item by position when its id is at fault, and `container` (the
/// case, a codebook) for a duplicate.
pub(crate) fn ids<T, I: Clone + Eq + Hash + Borrow<str>>(
    raw: &[T],
    id_of: fn(&T) -> &str,
    new: fn(String) -> Result<I, Error>,
    at: fn(usize) -> Item,
    kind: &str,
    container: &Item,
) -> Result<Vec<I>, Error> {
    indexed_ids(raw, id_of, new, at, kind, container).map(|(ids, _)| ids)
}

/// [`ids`], with each id's position: the one map of the ids, built as
/// they are checked, which the case then keeps to look them up.
pub(crate) fn indexed_ids<T, I: Clone + Eq + Hash + Borrow<str>>(
    raw: &[T],
    id_of: fn(&T) -> &str,
    new: fn(String) -> Result<I, Error>,
    at: fn(usize) -> Item,
    kind: &str,
    container: &Item,
) -> Result<(Vec<I>, HashMap<I, usize>), Error> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let mut index: HashMap<I, usize> = HashMap::with_capacity(raw.len());
    // The NFC of each id not (surely) in NFC, with the id as written; an
    // id in NFC is its own, a key of `index`. As no two ids kept share
    // their NFC, the one an id meets is the only one it could.
    let mut odd: HashMap<String, &str> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, r) in raw.iter().enumerate() {
        let written = id_of(r);
        let id = new(written.to_string()).map_err(|e| e.at(&at(n + 1), "id"))?;
        if index.contains_key(written) {
            return Err(Error::from(Detail::Duplicate {
                item: container.clone(),
                field: format!("{kind} id"),
                id: written.to_string(),
            }));
        }
        let first = match is_nfc_quick(written.chars()) {
            IsNormalized::Yes => odd.get(written).map(|f| f.to_string()),
            _ => {
                let nfc: String = written.nfc().collect();
                let first = index
                    .get_key_value(nfc.as_str())
                    .map(|(k, _)| k.borrow().to_string())
                    .or_else(|| odd.get(nfc.as_str()).map(|f| f.to_string()));
                odd.entry(nfc).or_insert(written);
                first
            }
        };
        if let Some(first) = first {
            return Err(Error::from(Detail::Equivalent {
                item: container.clone(),
                field: format!("{kind} id"),
                first,
                second: written.to_string(),
            }));
        }
        index.insert(id.clone(), n);
        out.push(id);
    }
    Ok((out, index))
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
    reference_at(index, name, item, field, kind).map(|(id, _)| id)
}

/// [`reference`], with the id's position (one look-up for both).
pub(crate) fn reference_at<I: Clone + Eq + Hash + Borrow<str>>(
    index: &HashMap<I, usize>,
    name: &str,
    item: &Item,
    field: &str,
    kind: &'static str,
) -> Result<(I, usize), Error> {
    index
        .get_key_value(name)
        .map(|(id, &at)| (id.clone(), at))
        .ok_or_else(|| {
            Error::from(Detail::UnknownReference {
                item: item.clone(),
                field: field.into(),
                id: name.to_string(),
                kind,
            })
        })
}

/// Likelihoods as written, one per hypothesis in the order of `h_ids`:
/// every hypothesis named once, no other, not all zero.
pub(crate) fn likelihoods<K: Eq + Hash + Borrow<str>>(
    pairs: &Pairs<RawEstimate>,
    index: &HashMap<K, usize>,
    h_ids: &[HypothesisId],
    scales: &Scales,
    item: &Item,
) -> Result<(Vec<Estimate>, Vec<Option<Word>>), Error> {
    let mut likelihoods: Vec<Option<Estimate>> = vec![None; h_ids.len()];
    let mut words: Vec<Option<Word>> = Vec::new();
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
        // A valid number needs no field name, which is made only for the
        // other forms (a word, a range) and for an error.
        let point = match raw {
            RawEstimate::Point(x) => Estimate::point(*x).ok(),
            _ => None,
        };
        let (l, word) = match point {
            Some(l) => (l, None),
            None => estimate(raw, scales, item, &format!("likelihood for '{h}'"))?,
        };
        *slot = Some(l);
        if let Some(word) = word {
            // Words are rare: the list is made only when one is given.
            let at = index.get(h.as_str()).copied().unwrap_or(0);
            words.resize(h_ids.len(), None);
            if let Some(w) = words.get_mut(at) {
                *w = Some(word);
            }
        }
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
    Ok((ls, words))
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
        RawCredibility::Number(x) => Credibility::Value(
            Reliability::new(*x).map_err(|e| hint(e.at(item, "credibility"), true))?,
        ),
        RawCredibility::Grade(g) => {
            Credibility::Grade(g.get().map_err(|e| e.at(item, "credibility"))?)
        }
    })
}

/// Sources as written (a case's or a codebook's), and each one's position.
pub(crate) fn sources(
    raw: &[RawSource],
    scales: &Scales,
    container: &Item,
) -> Result<(Vec<Source>, HashMap<SourceId, usize>), Error> {
    let (s_ids, index) = indexed_ids(
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
        no_extra(&rs.extra, &item, fields::SOURCE)?;
        if let Some(Named::Text(text)) = &rs.admiralty {
            source_grade(text, &item)?;
        }
        let mut word = None;
        let grading = match (&rs.reliability, &rs.admiralty) {
            (Some(_), Some(_)) => {
                return Err(Error::from(Detail::Conflicting {
                    item,
                    first: "reliability",
                    second: "admiralty",
                }));
            }
            (Some(r), None) => {
                let (e, w) = estimate(r, scales, &item, "reliability")?;
                word = w;
                Some(SourceReliability::Value(e))
            }
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
            word,
        });
    }
    Ok((sources, index))
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
        no_extra(&rg.extra, &item, fields::GROUP)?;
        let rho = rg.correlation.ok_or_else(|| {
            Error::from(Detail::Missing {
                item: item.clone(),
                field: "correlation".into(),
            })
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

/// The look-up tables the fields an item and a kind share are checked
/// against: the hypotheses (in order), sources and groups of the case or
/// codebook they belong to.
pub(crate) struct ItemContext<'a, H> {
    pub hypotheses: &'a HashMap<H, usize>,
    pub h_ids: &'a [HypothesisId],
    pub sources: &'a HashMap<SourceId, usize>,
    pub groups: &'a HashMap<GroupId, usize>,
    pub scales: &'a Scales,
    /// The steps of reasoning an item or kind may name (few: a list).
    pub steps: &'a [ChainStep],
    /// The sources in order and the position of the one the item most
    /// likely names (the one after the previous item's): a source found
    /// there needs no look-up in `sources`. Items that each name their own
    /// source, in order, so read the sources once, in order, rather than
    /// all over a map as large as the case.
    pub near: Option<(&'a [Source], usize)>,
}

/// The fields an evidence item and a codebook kind share, checked: the one
/// check of them for both (docs/model.md sections 2 and 9); with the
/// position of the source they name, if any, in `cx.sources`.
pub(crate) fn item_fields<H: Eq + Hash + Borrow<str>>(
    raw: SharedFields<'_>,
    cx: &ItemContext<'_, H>,
    item: &Item,
) -> Result<(ItemFields, Option<usize>), Error> {
    let (likelihoods, likelihood_words) =
        likelihoods(raw.likelihoods, cx.hypotheses, cx.h_ids, cx.scales, item)?;
    let field = |raw: Option<&RawEstimate>, field: &str| match raw {
        Some(r) => estimate(r, cx.scales, item, field).map(|(e, w)| (Some(e), w)),
        None => Ok((None, None)),
    };
    let (reliability, reliability_word) = field(raw.reliability, "reliability")?;
    let (chance, chance_word) = field(raw.chance, "chance")?;
    let (observed, observed_word) = field(raw.observed, "observed")?;
    let group = raw
        .group
        .map(|g| reference(cx.groups, g, item, "group", "group"))
        .transpose()?;
    let (source, source_at) = match raw.source {
        Some(s) => {
            // The ids are unique: the source at that position with this id
            // is the one the map would find.
            let near = cx.near.and_then(|(list, at)| {
                list.get(at)
                    .filter(|x| x.id.as_str() == s)
                    .map(|x| (x.id.clone(), at))
            });
            let (id, at) = match near {
                Some(found) => found,
                None => reference_at(cx.sources, s, item, "source", "source")?,
            };
            (Some(id), Some(at))
        }
        None => (None, None),
    };
    let credibility = raw.credibility.map(|c| credibility(c, item)).transpose()?;
    let step = raw
        .step
        .map(|s| {
            if cx.steps.iter().any(|d| d.id == s) {
                Ok(s.to_string())
            } else {
                Err(Error::from(Detail::UnknownReference {
                    item: item.clone(),
                    field: "step".into(),
                    id: s.to_string(),
                    kind: "step",
                }))
            }
        })
        .transpose()?;
    let fields = ItemFields {
        description: raw.description.to_string(),
        likelihoods,
        reliability,
        chance,
        observed,
        group,
        source,
        credibility,
        rationale: raw.rationale.map(str::to_string),
        references: raw.sources.to_vec(),
        words: ItemWords::new(
            likelihood_words,
            reliability_word,
            chance_word,
            observed_word,
        ),
        quote: raw.quote.map(str::to_string),
        step,
    };
    Ok((fields, source_at))
}

/// Scales as written (docs/model.md section 11) added to `base` (the
/// built-in ones, and a codebook's for a case), and the default set: every
/// band checked, a scale id or a word defined twice rejected.
pub(crate) fn scales(
    raw: &[RawScale],
    default: Option<&str>,
    mut base: Scales,
    container: &Item,
) -> Result<Scales, Error> {
    for rs in raw {
        let scale = match &rs.built {
            Some(scale) => scale.clone(),
            None => {
                let id = ScaleId::new(rs.id.clone()).map_err(|e| e.at(container, "scale id"))?;
                let item = Item::Scale(rs.id.clone());
                no_extra(&rs.extra, &item, fields::SCALE)?;
                let mut b = Scale::builder(id, rs.label.clone().unwrap_or_default());
                for (word, band) in &rs.words.0 {
                    let field = format!("band of '{word}'");
                    let band = match band {
                        RawEstimate::Point(x) => Estimate::point(*x),
                        RawEstimate::Range(lo, hi) => Estimate::range(*lo, *hi),
                        RawEstimate::Word(_) => {
                            return Err(Error::from(Detail::Unsupported {
                                item,
                                field: "words",
                                reason: "a band is a number or [low, high], not a word",
                            }));
                        }
                    }
                    .map_err(|e| e.at(&item, &field))?;
                    b = b.word(word.clone(), band);
                }
                for (synonym, of) in &rs.synonyms.0 {
                    b = b.synonym(synonym.clone(), of.clone());
                }
                if let Some(r) = &rs.rationale {
                    b = b.rationale(r.clone());
                }
                for s in &rs.sources {
                    b = b.source(s.clone());
                }
                b.build()?
            }
        };
        base.add(scale)?;
    }
    if let Some(default) = default {
        base.set_default(default)
            .map_err(|e| e.at(container, "scale"))?;
    }
    Ok(base)
}

/// Standards of proof as written (inherited first), and the position of
/// the headline one: ids unique, thresholds in `0..=1`, the headline
/// declared.
pub(crate) fn standards(
    raw: &[RawStandard],
    headline: Option<&str>,
    container: &Item,
) -> Result<(Vec<Standard>, Option<usize>), Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for rs in raw {
        let item = Item::Standard(rs.id.clone());
        no_extra(&rs.extra, &item, fields::STANDARD)?;
        once(&mut seen, &rs.id, container, "standard id")?;
        out.push(Standard {
            id: rs.id.clone(),
            label: rs.label.clone(),
            threshold: unit(rs.threshold, Probability::new, &item, "threshold")?,
            rationale: rs.rationale.clone(),
            sources: rs.sources.clone(),
        });
    }
    let headline = headline
        .map(|h| {
            out.iter().position(|s| s.id == h).ok_or_else(|| {
                Error::from(Detail::UnknownReference {
                    item: container.clone(),
                    field: "standard".into(),
                    id: h.to_string(),
                    kind: "standard",
                })
            })
        })
        .transpose()?;
    Ok((out, headline))
}

/// Steps of reasoning as written (inherited first): ids valid and unique,
/// no unknown field.
pub(crate) fn steps(raw: &[RawStep], container: &Item) -> Result<Vec<ChainStep>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for rs in raw {
        let item = Item::Step(rs.id.clone());
        no_extra(&rs.extra, &item, fields::STEP)?;
        if rs.id.trim().is_empty() {
            return Err(Error::from(Detail::Missing {
                item,
                field: "id".into(),
            }));
        }
        once(&mut seen, &rs.id, container, "step id")?;
        out.push(ChainStep {
            id: rs.id.clone(),
            label: rs.label.clone(),
            rationale: rs.rationale.clone(),
            sources: rs.sources.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id::EvidenceId;

    /// The check as it was written first: a set of the ids, and a map of
    /// every id's NFC to the id as first written.
    fn by_two_maps(raw: &[&str]) -> Result<Vec<EvidenceId>, String> {
        use unicode_normalization::UnicodeNormalization;
        let mut seen = HashSet::new();
        let mut normal: HashMap<String, &str> = HashMap::new();
        let mut out = Vec::new();
        for r in raw {
            let id = EvidenceId::new(*r).map_err(|e| e.to_string())?;
            if !seen.insert(id.clone()) {
                return Err(format!("duplicate {r}"));
            }
            if let Some(first) = normal.insert(r.nfc().collect(), r) {
                return Err(format!("equivalent {first} {r}"));
            }
            out.push(id);
        }
        Ok(out)
    }

    /// Every list of up to three ids from spellings of the same letters
    /// (composed, decomposed, the Angstrom sign whose NFC is `Å`): the one
    /// map gives the same ids, the same error and the same first spelling.
    #[test]
    fn one_map_finds_what_two_maps_found() {
        let words = [
            "e", "\u{e9}", "e\u{301}", "\u{c5}", "A\u{30a}", "\u{212b}", "a",
        ];
        let lists = crate::testing::sequences(&words, 3);
        assert_eq!(lists.len(), 1 + 7 + 49 + 343);
        for list in &lists {
            let got = indexed_ids(
                list,
                |s| s,
                EvidenceId::new,
                Item::EvidenceAt,
                "evidence",
                &Item::Case,
            );
            match (got, by_two_maps(list)) {
                (Ok((ids, index)), Ok(want)) => {
                    assert_eq!(ids, want);
                    for (n, id) in ids.iter().enumerate() {
                        assert_eq!(index.get(id), Some(&n));
                    }
                    assert_eq!(index.len(), ids.len());
                }
                (Err(e), Err(want)) => {
                    let said = match e.kind() {
                        crate::ErrorKind::Duplicate => "duplicate",
                        crate::ErrorKind::Equivalent => "equivalent",
                        other => panic!("{other:?}"),
                    };
                    assert!(want.starts_with(said), "{list:?}: {e} against {want}");
                    if let Detail::Equivalent { first, second, .. } = e.detail() {
                        assert_eq!(want, format!("equivalent {first} {second}"), "{list:?}");
                    }
                }
                (got, want) => panic!("{list:?}: {got:?} against {want:?}"),
            }
        }
    }
}
