//! Perspectives: named, reasoned changes of trust (docs/model.md section 10).
//!
//! A perspective says who doubts what, and how much. It never changes a
//! likelihood: it multiplies the reliability of sources, items and kinds
//! of items by factors in `0..=1`, and may replace the prior and the
//! threshold, so that a disagreement is explicit and auditable. The case
//! as written is the perspective `base`.

use crate::domain::case::{Case, ids, no_extra, prior_weights, unit};
use crate::domain::file::{Pairs, RawDiscount, RawPerspective};
use crate::domain::id::{EvidenceId, HypothesisId, KindId, PerspectiveId, SourceId};
use crate::domain::prior::Prior;
use crate::domain::probability::{Probability, Reliability, Weight};
use crate::error::Detail;
use crate::error::{Error, Item};
use std::collections::HashMap;

/// The id of the case as written; no perspective may take it.
pub const BASE: &str = "base";

/// A named, reasoned change of trust (docs/model.md section 10): discounts on
/// the reliability of sources, items and kinds of items, and optionally a
/// prior and a threshold of its own.
///
/// Perspectives come with a case (its `"perspectives"`, and those of its
/// codebook) or are added with [`CaseBuilder::perspective`]; each is
/// checked with the case. [`Case::perspective`] applies one.
///
/// [`CaseBuilder::perspective`]: crate::CaseBuilder::perspective
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Perspective};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .source("intel", "Member-state intelligence", 0.8)
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("intel"))
///     .perspective(
///         Perspective::builder("sceptic")
///             .label("Intelligence at half trust")
///             .discount_source("intel", 0.5)
///             .rationale("the findings rest on one member state's intelligence"),
///     )
///     .build()?;
/// let p = &case.perspectives()[0];
/// assert_eq!(p.label(), Some("Intelligence at half trust"));
/// // reliability 0.8 * 0.5 = 0.4: l' = (0.4 * 0.9 + 0.6 * 0.5, 0.4 * 0.1 + 0.6 * 0.5)
/// //                                 = (0.66, 0.34)
/// let sceptic = case.perspective("sceptic")?;
/// assert!((sceptic.score()?.probability("a").unwrap().get() - 0.66).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Perspective {
    pub(crate) id: PerspectiveId,
    pub(crate) label: Option<String>,
    pub(crate) sources: Vec<(SourceId, Reliability)>,
    pub(crate) evidence: Vec<(EvidenceId, Reliability)>,
    pub(crate) kinds: Vec<(KindId, Reliability)>,
    pub(crate) prior: Option<Vec<(HypothesisId, Weight)>>,
    pub(crate) threshold: Option<Probability>,
    pub(crate) rationale: Option<String>,
    pub(crate) references: Vec<String>,
}

impl Perspective {
    /// Starts a perspective with this id; see [`PerspectiveBuilder`].
    ///
    /// # Example
    ///
    /// ```
    /// let p = attrib::Perspective::builder("sceptic").discount_source("intel", 0.5);
    /// # let _ = p;
    /// ```
    pub fn builder(id: impl Into<String>) -> PerspectiveBuilder {
        PerspectiveBuilder(RawPerspective {
            id: id.into(),
            ..RawPerspective::default()
        })
    }

    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("sceptic")).build()?;
    /// assert_eq!(case.perspectives()[0].id().as_str(), "sceptic");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &PerspectiveId {
        &self.id
    }

    /// The label, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("sceptic").label("Doubts the intelligence")).build()?;
    /// assert_eq!(case.perspectives()[0].label(), Some("Doubts the intelligence"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The discounts on sources, in the order given: each multiplies the
    /// reliability of every item from that source.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .source("intel", "Intelligence", 0.9)
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_source("intel", 0.5)).build()?;
    /// let (source, factor) = &case.perspectives()[0].source_discounts()[0];
    /// assert_eq!((source.as_str(), factor.get()), ("intel", 0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source_discounts(&self) -> &[(SourceId, Reliability)] {
        &self.sources
    }

    /// The discounts on single evidence items, in the order given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(attrib::Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_evidence("e", 0.0)).build()?;
    /// let (item, factor) = &case.perspectives()[0].evidence_discounts()[0];
    /// assert_eq!((item.as_str(), factor.get()), ("e", 0.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence_discounts(&self) -> &[(EvidenceId, Reliability)] {
        &self.evidence
    }

    /// The discounts on kinds of items (an extension of docs/model.md section
    /// 10), in the order given: each multiplies the reliability of every
    /// item of that kind.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(attrib::Evidence::builder("e").kind("witness").likelihood("a", 0.9).likelihood("b", 0.1))
    /// #     .perspective(attrib::Perspective::builder("sceptic").discount_kind("witness", 0.5)).build()?;
    /// let (kind, factor) = &case.perspectives()[0].kind_discounts()[0];
    /// assert_eq!((kind.as_str(), factor.get()), ("witness", 0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn kind_discounts(&self) -> &[(KindId, Reliability)] {
        &self.kinds
    }

    /// The prior weights that replace the case's, one per hypothesis in the
    /// case's order, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").prior("b", 1.0).prior("a", 3.0)).build()?;
    /// let prior = case.perspectives()[0].prior().unwrap();
    /// assert_eq!(prior[0].0.as_str(), "a");
    /// assert_eq!(prior[0].1.get(), 3.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior(&self) -> Option<&[(HypothesisId, Weight)]> {
        self.prior.as_deref()
    }

    /// The threshold that replaces the case's, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").threshold(0.99)).build()?;
    /// assert_eq!(case.perspectives()[0].threshold().map(|t| t.get()), Some(0.99));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn threshold(&self) -> Option<Probability> {
        self.threshold
    }

    /// Why this perspective doubts what it doubts, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").rationale("because")).build()?;
    /// assert_eq!(case.perspectives()[0].rationale(), Some("because"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }

    /// The public references behind the perspective (its `sources` list in
    /// a case file).
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .perspective(attrib::Perspective::builder("p").reference("S/2017/904")).build()?;
    /// assert_eq!(case.perspectives()[0].references(), ["S/2017/904"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn references(&self) -> &[String] {
        &self.references
    }

    /// The perspective as written back.
    pub(crate) fn to_raw(&self) -> RawPerspective {
        fn pairs<I: AsRef<str>>(v: &[(I, Reliability)]) -> Pairs<f64> {
            Pairs(
                v.iter()
                    .map(|(id, f)| (id.as_ref().to_string(), f.get()))
                    .collect(),
            )
        }
        let discount = RawDiscount {
            sources: pairs(&self.sources),
            evidence: pairs(&self.evidence),
            kinds: pairs(&self.kinds),
            ..RawDiscount::default()
        };
        let empty = discount.sources.is_empty()
            && discount.evidence.is_empty()
            && discount.kinds.is_empty();
        RawPerspective {
            id: self.id.to_string(),
            label: self.label.clone(),
            discount: (!empty).then_some(discount),
            prior: self
                .prior
                .as_ref()
                .map(|w| Pairs(w.iter().map(|(h, w)| (h.to_string(), w.get())).collect())),
            threshold: self.threshold.map(Probability::get),
            rationale: self.rationale.clone(),
            sources: self.references.clone(),
            ..RawPerspective::default()
        }
    }
}

/// Builds a [`Perspective`] in Rust code, for
/// [`CaseBuilder::perspective`](crate::CaseBuilder::perspective).
///
/// Setters take plain numbers and strings and never fail; the case's
/// [`build`](crate::CaseBuilder::build) checks the perspective and names
/// the perspective and field of the first bad value, exactly as reading a
/// case file does. Defaults: no label, no discounts, the case's prior and
/// threshold.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Perspective};
///
/// let err = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .source("jim", "JIM", 0.9)
///     .perspective(Perspective::builder("sceptic").discount_source("jim", 1.5))
///     .build()
///     .unwrap_err();
/// assert_eq!(err.to_string(), "perspective 'sceptic': discount for source 'jim' is 1.5, must be in 0..=1");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct PerspectiveBuilder(pub(crate) RawPerspective);

impl PerspectiveBuilder {
    /// Sets the label.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("sceptic").label("Member-state intelligence at half trust");
    /// ```
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.0.label = Some(text.into());
        self
    }

    fn discount(&mut self) -> &mut RawDiscount {
        self.0.discount.get_or_insert_with(RawDiscount::default)
    }

    /// Multiplies the reliability of every item from a source by `factor`,
    /// in `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("sceptic").discount_source("member-states", 0.5);
    /// ```
    pub fn discount_source(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().sources.0.push((id.into(), factor));
        self
    }

    /// Multiplies the reliability of one evidence item by `factor`, in
    /// `0..=1` (0 makes it uninformative).
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("sceptic").discount_evidence("video", 0.0);
    /// ```
    pub fn discount_evidence(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().evidence.0.push((id.into(), factor));
        self
    }

    /// Multiplies the reliability of every item of a kind by `factor`, in
    /// `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("sceptic").discount_kind("witness-heard-helicopter", 0.5);
    /// ```
    pub fn discount_kind(mut self, id: impl Into<String>, factor: f64) -> Self {
        self.discount().kinds.0.push((id.into(), factor));
        self
    }

    /// Sets the prior weight of one hypothesis. Once any weight is set,
    /// every hypothesis of the case needs one; the weights replace the
    /// case's prior.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("p").prior("government", 1.0).prior("other", 3.0);
    /// ```
    pub fn prior(mut self, hypothesis: impl Into<String>, weight: f64) -> Self {
        self.0
            .prior
            .get_or_insert_with(Pairs::default)
            .0
            .push((hypothesis.into(), weight));
        self
    }

    /// Sets the threshold, in `0..=1`, that replaces the case's.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("p").threshold(0.99);
    /// ```
    pub fn threshold(mut self, t: f64) -> Self {
        self.0.threshold = Some(t);
        self
    }

    /// Sets the rationale: why this doubt, and why this much.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("p").rationale("the imagery cannot be verified");
    /// ```
    pub fn rationale(mut self, text: impl Into<String>) -> Self {
        self.0.rationale = Some(text.into());
        self
    }

    /// Adds a public reference.
    ///
    /// # Example
    ///
    /// ```
    /// let _ = attrib::Perspective::builder("p").reference("S/2017/904, annex II");
    /// ```
    pub fn reference(mut self, text: impl Into<String>) -> Self {
        self.0.sources.push(text.into());
        self
    }
}

/// What a perspective may name: a case's (or a codebook's) hypotheses,
/// sources, items and kinds. `evidence` is `None` in a codebook, which has
/// no items.
pub(crate) struct Scope<'a> {
    pub(crate) hypotheses: &'a [HypothesisId],
    pub(crate) sources: &'a [SourceId],
    pub(crate) evidence: Option<&'a [EvidenceId]>,
    pub(crate) kinds: &'a [KindId],
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
        no_extra(&rp.extra, &item)?;
        let discount = rp.discount.clone().unwrap_or_default();
        no_extra(&discount.extra, &item)?;
        let sources = factors(&discount.sources, &item, "source", "source", scope.sources)?;
        let evidence = match scope.evidence {
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
        let kinds = factors(&discount.kinds, &item, "kind", "kind", scope.kinds)?;
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
fn factors<I: Clone + AsRef<str>>(
    pairs: &Pairs<f64>,
    item: &Item,
    what: &str,
    noun: &'static str,
    known: &[I],
) -> Result<Vec<(I, Reliability)>, Error> {
    let mut out: Vec<(I, Reliability)> = Vec::with_capacity(pairs.0.len());
    for (id, f) in &pairs.0 {
        let found = known.iter().find(|k| k.as_ref() == id).ok_or_else(|| {
            Error::from(Detail::UnknownReference {
                item: item.clone(),
                field: format!("discount for {what}"),
                id: id.clone(),
                kind: noun,
            })
        })?;
        if out.iter().any(|(k, _)| k.as_ref() == id) {
            return Err(Error::from(Detail::Duplicate {
                item: item.clone(),
                field: format!("discount for {what}"),
                id: id.clone(),
            }));
        }
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

/// `a * b` for two factors in `0..=1`; `None` (no discount) when it is 1.
fn times(a: Option<Reliability>, b: Reliability) -> Option<Reliability> {
    let product = a.map_or(1.0, Reliability::get) * b.get();
    (product != 1.0).then(|| Reliability::new(product).unwrap_or(Reliability::ZERO))
}

impl Case {
    /// The case's perspectives (docs/model.md section 10): its codebook's, then
    /// its own, in the order given. `base`, the case as written, is not
    /// among them.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Perspective};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("strict").threshold(0.99))
    ///     .build()?;
    /// let ids: Vec<&str> = case.perspectives().iter().map(|p| p.id().as_str()).collect();
    /// assert_eq!(ids, ["strict"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspectives(&self) -> &[Perspective] {
        &self.perspectives
    }

    /// The case seen from one perspective: its factors multiply the
    /// discounts of the sources and items they name (a kind's factor, every
    /// item of that kind), and its prior and threshold, when given, replace
    /// the case's. Likelihoods never change. The result carries no
    /// perspectives, so one cannot be applied twice; its
    /// [`to_json`](Case::to_json) says exactly what was scored.
    ///
    /// `"base"` gives the case as written, perspectives included.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no perspective with this id.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Perspective};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.8))
    ///     .perspective(Perspective::builder("sceptic").discount_evidence("e", 0.5).threshold(0.5))
    ///     .build()?;
    /// // base: r = 0.8, chance = 0.5: l' = (0.82, 0.18), so P(a) = 0.82
    /// assert!((case.perspective("base")?.score()?.probability("a").unwrap().get() - 0.82).abs() < 1e-12);
    /// // sceptic: r = 0.4: l' = (0.4 * 0.9 + 0.6 * 0.5, 0.4 * 0.1 + 0.6 * 0.5) = (0.66, 0.34)
    /// let sceptic = case.perspective("sceptic")?;
    /// assert!((sceptic.score()?.probability("a").unwrap().get() - 0.66).abs() < 1e-12);
    /// assert_eq!(sceptic.threshold().get(), 0.5);
    /// assert!(sceptic.perspectives().is_empty());
    /// assert_eq!(case.perspective("nobody").unwrap_err().to_string(),
    ///            "perspective 'nobody': not found in the case");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn perspective(&self, id: impl AsRef<str>) -> Result<Case, Error> {
        let id = id.as_ref();
        if id == BASE {
            return Ok(self.clone());
        }
        let p = self
            .perspectives
            .iter()
            .find(|p| p.id.as_str() == id)
            .ok_or_else(|| {
                Error::from(Detail::NotFound {
                    item: Item::Perspective(id.to_string()),
                })
            })?;
        let mut case = self.clone();
        case.perspectives = Vec::new();
        for (s, f) in &p.sources {
            if let Some(source) = case.sources.iter_mut().find(|x| &x.id == s) {
                source.discount = times(source.discount, *f);
            }
        }
        for e in &mut case.evidence {
            for (_, f) in p.evidence.iter().filter(|(x, _)| x == &e.id) {
                e.discount = times(e.discount, *f);
            }
            if let Some(kind) = &e.kind {
                for (_, f) in p.kinds.iter().filter(|(x, _)| x == kind) {
                    e.discount = times(e.discount, *f);
                }
            }
        }
        if let Some(prior) = &p.prior {
            let mut weights = Vec::with_capacity(case.hypotheses.len());
            for h in &case.hypotheses {
                let w = prior
                    .iter()
                    .find(|(x, _)| x == &h.id)
                    .map(|(_, w)| *w)
                    .ok_or_else(|| {
                        Error::from(Detail::Missing {
                            item: Item::Perspective(id.to_string()),
                            field: format!("prior weight for '{}'", h.id),
                        })
                    })?;
                weights.push(w);
            }
            case.prior = Prior::from_weights(Some(weights), case.hypotheses.len());
        }
        if let Some(t) = p.threshold {
            case.threshold = Some(t);
        }
        Ok(case)
    }
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
