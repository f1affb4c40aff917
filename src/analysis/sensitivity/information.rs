//! Value of information ([`InformationValue`]): for each candidate
//! observation, the probability it is made, the expected reduction in
//! the entropy of the hypotheses and the probability that it changes the
//! verdict; with the dependence group a candidate joins, ranked anew
//! with the candidate among its members, and the entropy and
//! normalisation of a distribution in logs ([`normalise_logs`], which
//! `conflict` takes too).

use crate::analysis::rescore::outcome_of;
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, GroupId};
use crate::domain::probability::Probability;
use crate::domain::weighting::ln;
use crate::error::Error;
use crate::format::evidence_builder::EvidenceBuilder;
use crate::numeric::totals::LogTotal;
use crate::scoring::engine;
use crate::scoring::posterior::Posterior;
use serde::Serialize;
use std::collections::HashMap;
use std::f64::consts::LN_2;

/// What a candidate observation is worth (see
/// [`InformationValue::of`]).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, InformationValue};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .build()?;
/// let ranked = InformationValue::of(&case, vec![
///     Evidence::builder("sharp").likelihood("a", 0.99).likelihood("b", 0.01),
///     Evidence::builder("blunt").likelihood("a", 0.6).likelihood("b", 0.4),
/// ])?;
/// assert_eq!(ranked[0].evidence.as_str(), "sharp");
/// assert!(ranked[0].entropy_reduction > ranked[1].entropy_reduction);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"evidence": id, "probability": p, "entropy_reduction": bits,
/// "verdict_change": p}`.
///
/// ```
/// # use attrib::{Case, Evidence, InformationValue};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
/// let ranked = InformationValue::of(&case, vec![
///     Evidence::builder("sharp").likelihood("a", 0.99).likelihood("b", 0.01),
/// ])?;
/// let v = serde_json::to_value(&ranked[0]).unwrap();
/// assert_eq!(v["evidence"], "sharp");
/// assert_eq!(v["probability"], ranked[0].probability.get());
/// assert!(v["entropy_reduction"].as_f64().unwrap() > 0.0);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InformationValue {
    /// The candidate.
    pub evidence: EvidenceId,
    /// The probability, under the current posterior, that the observation
    /// is made: `sum_h post(h) l''(h)`.
    pub probability: Probability,
    /// The expected reduction in the entropy of the hypotheses, in bits:
    /// the mutual information between the observation and the hypotheses.
    #[serde(serialize_with = "crate::scoring::posterior::serialize_finite")]
    pub entropy_reduction: f64,
    /// The probability that observing it (or its absence) would change the
    /// verdict.
    pub verdict_change: Probability,
}

impl InformationValue {
    /// Value of information: for each candidate future observation, the
    /// probability it is made, the expected reduction in the entropy of the
    /// hypotheses (in bits) and the probability that it would change the
    /// verdict of `case`; ranked by entropy reduction, largest first. "What should
    /// investigators collect next?"
    ///
    /// A candidate is an item like any other (its source, reliability,
    /// `observed` and group apply): a new observation that is either made,
    /// with probability `sum_h post(h) l''(h)`, or not. The posterior after
    /// each outcome is the case's posterior with the candidate added, with
    /// effective likelihood `l''(h)` or `1 - l''(h)`; a candidate that names
    /// a dependence group joins its ranking (docs/model.md section 2, step 3),
    /// so a copy of a report the group already holds is worth less than a
    /// new, independent one.
    ///
    /// # Errors
    ///
    /// Any error a candidate would raise as an item of the case (it names
    /// the candidate and field); [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, InformationValue};
    ///
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let v = InformationValue::of(&case, vec![
    ///     Evidence::builder("decisive").likelihood("a", 1.0).likelihood("b", 0.0),
    /// ])?;
    /// // a decisive test on a 50/50 question is worth exactly one bit
    /// assert!((v[0].entropy_reduction - 1.0).abs() < 1e-15);
    /// assert_eq!(v[0].verdict_change.get(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(
        case: &Case,
        candidates: Vec<EvidenceBuilder>,
    ) -> Result<Vec<InformationValue>, Error> {
        case.value_of_information(candidates)
    }
}

/// Entropy in bits of a distribution given by its logs.
fn entropy_bits(ln_p: &[f64]) -> f64 {
    let nats: f64 = ln_p
        .iter()
        .filter(|&&x| x > f64::NEG_INFINITY)
        .map(|&x| -x.exp() * x)
        .sum();
    nats / LN_2
}

/// Normalises logs in place; returns the log of the total.
pub(super) fn normalise_logs(x: &mut [f64]) -> f64 {
    let total = x.iter().fold(f64::NEG_INFINITY, |a, &b| ln::add(a, b));
    if total > f64::NEG_INFINITY {
        for v in x.iter_mut() {
            *v -= total;
        }
    }
    total
}

/// The dependence group a candidate joins, as the case with the candidate
/// as its last item (at position `last`) would rank it: the members of
/// the case's group (`layout`, the case's; `by_group`, each group's place
/// in it) with the candidate put in id order. O(the group), not O(the
/// case). `None` when the candidate is in no group.
fn members_with(
    case: &Case,
    layout: &engine::Layout,
    by_group: &HashMap<&GroupId, usize>,
    new: &crate::Evidence,
) -> Option<engine::Members> {
    let g = new.fields.group.as_ref()?;
    let last = case.evidence.len();
    let mut members = match by_group.get(g).and_then(|&m| layout.groups.get(m)) {
        Some(m) => m.clone(),
        None => {
            let at = case.lookup.groups.get(g)?;
            let rho = case.groups.get(*at).map_or(0.0, |x| x.correlation.get());
            engine::Members {
                keep: 1.0 - rho,
                items: Vec::new(),
            }
        }
    };
    let at = members.items.partition_point(|&i| {
        case.evidence
            .get(i)
            .is_some_and(|e| e.id.as_str() < new.id.as_str())
    });
    members.items.insert(at, last);
    Some(members)
}

/// For a candidate that joins a dependence group (`members`, the
/// candidate among them at position `last`), the change in `ln post(h)`
/// (up to a constant) when the candidate's effective row is `row`: the
/// group's terms ranked with the candidate minus its terms in `base`, the
/// case without it.
fn group_shift(
    members: &engine::Members,
    last: usize,
    base: &Posterior,
    row: &[f64],
) -> Option<Vec<f64>> {
    let n = row.len();
    let mut ranking = engine::GroupScratch::default();
    ranking.rank(members, n, |i| {
        if i == last {
            Some(row)
        } else {
            base.effective.get(i * n..(i + 1) * n)
        }
    });
    let mut shift = Vec::with_capacity(n);
    for h in 0..n {
        // The ranked terms eliminate; a base term that did is only left
        // out (the candidate's ranking decides).
        let mut after = LogTotal::default();
        for (m, &i) in members.items.iter().enumerate() {
            after.add(ranking.terms.get(m * n + h).copied().unwrap_or(0.0));
            if i != last {
                let b = base.terms.get(i * n + h).copied().unwrap_or(0.0);
                if b.is_finite() {
                    after.add(-b);
                }
            }
        }
        shift.push(after.value());
    }
    Some(shift)
}

impl Case {
    /// [`InformationValue::of`].
    pub(crate) fn value_of_information(
        &self,
        candidates: Vec<EvidenceBuilder>,
    ) -> Result<Vec<InformationValue>, Error> {
        let base = self.score()?;
        let ln_post = base.ln_probabilities().to_vec();
        let threshold = self.threshold().get();
        let now = outcome_of(&ln_post, threshold);
        let h0 = entropy_bits(&ln_post);
        // The case's groups, once: a candidate in a group re-ranks only
        // that group's members.
        let layout = self.layout();
        let by_group: HashMap<&GroupId, usize> = layout
            .groups
            .iter()
            .enumerate()
            .filter_map(|(m, g)| {
                let first = self.evidence.get(*g.items.first()?)?;
                Some((first.fields.group.as_ref()?, m))
            })
            .collect();
        let last = self.evidence.len();
        let mut out = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let (new, row, _) = self.with_item(&candidate.0)?;
            let members = members_with(self, &layout, &by_group, &new);
            let id = Some(new.id);
            let complement: Vec<f64> = row.iter().map(|&l| ln::one_minus_exp(l.min(0.0))).collect();
            let shift = |row: &[f64]| {
                members
                    .as_ref()
                    .and_then(|m| group_shift(m, last, &base, row))
            };
            let (mut seen, mut unseen) = match shift(&row) {
                // An independent candidate multiplies post(h) by l''(h) when
                // it is made and by 1 - l''(h) when it is not.
                None => (
                    ln_post.iter().zip(&row).map(|(p, l)| p + l).collect(),
                    ln_post
                        .iter()
                        .zip(&complement)
                        .map(|(p, l)| p + l)
                        .collect(),
                ),
                // A candidate in a group shifts the group's ranked terms.
                Some(shift_seen) => {
                    let shift_unseen = shift(&complement).unwrap_or_default();
                    let apply = |shift: &[f64]| -> Vec<f64> {
                        ln_post.iter().zip(shift).map(|(p, s)| p + s).collect()
                    };
                    (apply(&shift_seen), apply(&shift_unseen))
                }
            };
            let p_made: f64 = ln_post
                .iter()
                .zip(&row)
                .map(|(p, l)| (p + l).exp())
                .sum::<f64>()
                .clamp(0.0, 1.0);
            normalise_logs(&mut seen);
            normalise_logs(&mut unseen);
            let (p_seen, p_unseen) = (p_made, 1.0 - p_made);
            let mut expected = 0.0;
            let mut change = 0.0;
            for (p, post) in [(p_seen, &seen), (p_unseen, &unseen)] {
                if p > 0.0 {
                    expected += p * entropy_bits(post);
                    if outcome_of(post, threshold) != now {
                        change += p;
                    }
                }
            }
            let Some(evidence) = id else { continue };
            out.push(InformationValue {
                evidence,
                probability: Probability::new(p_seen.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO),
                entropy_reduction: (h0 - expected).max(0.0),
                verdict_change: Probability::new(change.clamp(0.0, 1.0))
                    .unwrap_or(Probability::ZERO),
            });
        }
        out.sort_by(|a, b| b.entropy_reduction.total_cmp(&a.entropy_reduction));
        Ok(out)
    }
}
