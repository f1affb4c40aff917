//! Explanations: the weight of evidence of every item, in decibans
//! (docs/model.md section 4).
//!
//! Following Good and Turing (I. J. Good, *Probability and the Weighing of
//! Evidence*, 1950), the weight of evidence of item `e` for `h` against `k`
//! is `(10 / ln 10) (w_e(k) p_e(k) - w_e(h) p_e(h))` decibans (for an item
//! outside any group, `10 log10(l''_e(h) / l''_e(k))`). Weights add up: the
//! prior's log-odds plus the weights of all items equal the posterior
//! log-odds, exactly in real arithmetic and to rounding in `f64`.

use crate::domain::id::{EvidenceId, HypothesisId};
use crate::scoring::decibans::Decibans;
use crate::scoring::posterior::{Posterior, log_difference};
use crate::scoring::table::MAX_COLUMN;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::fmt;

/// One line of the ledger: the weight of one item for one hypothesis
/// against another.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let post = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.1))
///     .build()?.score()?;
/// let entries: Vec<_> = post.ledger().entries().collect();
/// assert_eq!(entries.len(), 2); // (a vs b) and (b vs a)
/// assert_eq!(entries[0].evidence.as_str(), "e");
/// // 10 log10(1 / 0.1) = 10 dB
/// assert!((entries[0].weight.unwrap().get() - 10.0).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// `{"evidence": id, "for": h, "against": k, "decibans": weight}`, the
/// weight `null` when it is undefined or infinite.
///
/// ```
/// # use attrib::{Case, Evidence};
/// # let post = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.1))
/// #     .build()?.score()?;
/// let first = post.ledger().entries().next().unwrap();
/// let v = serde_json::to_value(first).unwrap();
/// assert_eq!(v["evidence"], "e");
/// assert_eq!(v["for"], "a");
/// assert_eq!(v["against"], "b");
/// assert!((v["decibans"].as_f64().unwrap() - 10.0).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Entry<'a> {
    /// The item.
    pub evidence: &'a EvidenceId,
    /// The hypothesis the weight is for.
    #[serde(rename = "for")]
    pub hypothesis: &'a HypothesisId,
    /// The hypothesis the weight is against.
    pub against: &'a HypothesisId,
    /// The weight; `None` when the item eliminates both (0 / 0).
    #[serde(rename = "decibans")]
    pub weight: Option<Decibans>,
}

/// The weight-of-evidence ledger of a scored case (docs/model.md section 4).
///
/// For every item and every ordered pair of hypotheses `(h, k)`:
/// `(10 / ln 10) (w_e(k) p_e(k) - w_e(h) p_e(h))` decibans, where `p_e` is
/// the item's penalty and `w_e` its rank weight in its dependence group (1
/// outside any group, where this is `10 log10(l''_e(h) / l''_e(k))`). The
/// prior's weight
/// ([`prior_weight`](Ledger::prior_weight)) plus the items' weights equals
/// the posterior log-odds ([`total`](Ledger::total)).
///
/// # Precision
///
/// Each weight is within a few ulps of its own magnitude; the total is
/// computed from exact sums, so the identity above holds to within about
/// `E` ulps of the largest weight.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let post = Case::builder()
///     .hypothesis("blue", "Blue cab").hypothesis("green", "Green cab")
///     .prior("blue", 15.0).prior("green", 85.0)
///     .evidence(Evidence::builder("witness").likelihood("blue", 0.8).likelihood("green", 0.2))
///     .build()?.score()?;
/// let ledger = post.ledger();
/// let item = ledger.weight("witness", "blue", "green").unwrap().get();
/// let prior = ledger.prior_weight("blue", "green").unwrap().get();
/// let total = ledger.total("blue", "green").unwrap().get();
/// assert!((10.0 * 4f64.log10() - item).abs() < 1e-12);
/// assert!((prior + item - total).abs() < 1e-12);
/// println!("{ledger}");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// Leader-relative: one entry per item, in the case's order,
/// `{"evidence": id, "decibans": {rival: weight}}`, the item's weight of
/// evidence for the leader against each rival (`null` when undefined or
/// infinite), so items x (hypotheses - 1) numbers. Every ordered pair is
/// [`Ledger::entries`], each an [`Entry`].
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let post = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?.score()?;
/// let v = serde_json::to_value(post.ledger()).unwrap();
/// assert_eq!(v[0]["evidence"], "e");
/// let w = v[0]["decibans"]["b"].as_f64().unwrap();
/// assert!((w - 10.0 * 9f64.log10()).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Ledger<'a> {
    pub(crate) posterior: &'a Posterior,
}

impl Serialize for Ledger<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let post = self.posterior;
        let mut seq = s.serialize_seq(Some(post.evidence.len()))?;
        for e in 0..post.evidence.len() {
            seq.serialize_element(&LeaderRow { ledger: self, e })?;
        }
        seq.end()
    }
}

/// One item's row of the leader-relative ledger.
struct LeaderRow<'l, 'a> {
    ledger: &'l Ledger<'a>,
    e: usize,
}

impl Serialize for LeaderRow<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let post = self.ledger.posterior;
        let mut row = s.serialize_struct("LedgerRow", 2)?;
        row.serialize_field("evidence", &post.evidence.get(self.e))?;
        row.serialize_field("decibans", &Rivals(self))?;
        row.end()
    }
}

/// `{rival: weight}` of one item, for the leader.
struct Rivals<'r, 'l, 'a>(&'r LeaderRow<'l, 'a>);

impl Serialize for Rivals<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let post = self.0.ledger.posterior;
        let leader = post.normalised.leader;
        let mut map = s.serialize_map(Some(post.hypotheses.len().saturating_sub(1)))?;
        for (k, h) in post.hypotheses.iter().enumerate() {
            if k != leader {
                map.serialize_entry(&h.id, &self.0.ledger.weight_at(self.0.e, leader, k))?;
            }
        }
        map.end()
    }
}

impl<'a> Ledger<'a> {
    /// [`Ledger::weight`] of the item, hypothesis and rival at these
    /// places.
    pub(crate) fn weight_at(&self, e: usize, h: usize, k: usize) -> Option<Decibans> {
        let n = self.posterior.hypotheses.len();
        let th = *self.posterior.terms.get(e * n + h)?;
        let tk = *self.posterior.terms.get(e * n + k)?;
        log_difference(th, tk).map(Decibans::from_ln)
    }

    /// The weight of one item for `h` against `k`. `None` for an unknown
    /// id, or when the item eliminates both.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let post = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.5).likelihood("b", 0.05)).build()?.score()?;
    /// assert!((post.ledger().weight("e", "a", "b").unwrap().get() - 10.0).abs() < 1e-12);
    /// assert!((post.ledger().weight("e", "b", "a").unwrap().get() + 10.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weight(
        &self,
        evidence: impl AsRef<str>,
        h: impl AsRef<str>,
        k: impl AsRef<str>,
    ) -> Option<Decibans> {
        let e = self.posterior.evidence_index(evidence.as_ref())?;
        let h = self.posterior.index(h.as_ref())?;
        let k = self.posterior.index(k.as_ref())?;
        self.weight_at(e, h, k)
    }

    /// The prior's weight for `h` against `k`: `10 log10(prior(h) / prior(k))`.
    /// `None` for an unknown id, or when both have prior 0.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .prior("a", 10.0).prior("b", 1.0).build()?.score()?;
    /// assert!((post.ledger().prior_weight("a", "b").unwrap().get() - 10.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior_weight(&self, h: impl AsRef<str>, k: impl AsRef<str>) -> Option<Decibans> {
        let h = self.posterior.index(h.as_ref())?;
        let k = self.posterior.index(k.as_ref())?;
        let (a, b) = (self.posterior.ln_prior[h], self.posterior.ln_prior[k]);
        log_difference(a, b).map(Decibans::from_ln)
    }

    /// The posterior log-odds of `h` against `k` in decibans: the prior's
    /// weight plus every item's. `None` for an unknown id, or when both are
    /// eliminated.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.ledger().total("a", "b").map(|w| w.get()), Some(0.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn total(&self, h: impl AsRef<str>, k: impl AsRef<str>) -> Option<Decibans> {
        self.posterior.ln_odds(h, k).map(Decibans::from_ln)
    }

    /// Every entry: each item, and for it each ordered pair of distinct
    /// hypotheses, in the case's order.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence};
    /// # let post = Case::builder().hypothesis("a", "A").hypothesis("b", "B").hypothesis("c", "C")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.5).likelihood("b", 0.05).likelihood("c", 0.1))
    /// #     .build()?.score()?;
    /// assert_eq!(post.ledger().entries().count(), 6); // 1 item x 3 x 2 pairs
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = Entry<'a>> + 'a {
        let post = self.posterior;
        let ledger = *self;
        let n = post.hypotheses.len();
        (0..post.evidence.len()).flat_map(move |e| {
            (0..n).flat_map(move |h| {
                (0..n).filter(move |&k| k != h).map(move |k| Entry {
                    evidence: &post.evidence[e],
                    hypothesis: &post.hypotheses[h].id,
                    against: &post.hypotheses[k].id,
                    weight: ledger.weight_at(e, h, k),
                })
            })
        })
    }

    /// The items that carried the verdict: each item with its weight for
    /// the leader against its closest rival (the runner-up), largest weight
    /// first. Empty when the case has no evidence.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("small").likelihood("a", 0.6).likelihood("b", 0.5))
    ///     .evidence(Evidence::builder("big").likelihood("a", 0.9).likelihood("b", 0.09))
    ///     .build()?.score()?;
    /// let top = post.ledger().carriers();
    /// assert_eq!(top[0].0.as_str(), "big");
    /// assert!((top[0].1.get() - 10.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn carriers(&self) -> Vec<(&'a EvidenceId, Decibans)> {
        let post = self.posterior;
        let ranking = post.ranking();
        let Some(runner_up) = ranking.get(1).and_then(|(h, _)| post.index(h.id.as_str())) else {
            return Vec::new();
        };
        let mut out: Vec<(&'a EvidenceId, Decibans)> = (0..post.evidence.len())
            .filter_map(|e| {
                self.weight_at(e, post.normalised.leader, runner_up)
                    .map(|w| (&post.evidence[e], w))
            })
            .collect();
        out.sort_by(|a, b| b.1.get().total_cmp(&a.1.get()));
        out
    }
}

impl fmt::Display for Ledger<'_> {
    /// A table in decibans: one row per item (and the prior, and the
    /// total), one column per rival, each the weight for the leader
    /// against that rival.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let post = self.posterior;
        let leader = post.normalised.leader;
        let rivals: Vec<usize> = (0..post.hypotheses.len())
            .filter(|&k| k != leader)
            .collect();
        let width = post
            .evidence
            .iter()
            .map(|e| e.as_str().chars().count())
            .max()
            .unwrap_or(0)
            .max("evidence".len())
            .min(MAX_COLUMN);
        let lead = post.hypotheses[leader].id.as_str();
        write!(f, "{:<width$}", "evidence")?;
        for &k in &rivals {
            let head = format!("{lead} vs {}", post.hypotheses[k].id);
            write!(
                f,
                "  {:>col$}",
                head,
                col = head.chars().count().clamp(10, MAX_COLUMN)
            )?;
        }
        writeln!(f)?;
        let cell = |f: &mut fmt::Formatter<'_>, k: usize, w: Option<Decibans>| {
            let head = format!("{lead} vs {}", post.hypotheses[k].id);
            let text = w.map_or("undefined".to_string(), |w| w.to_string());
            write!(
                f,
                "  {:>col$}",
                text,
                col = head.chars().count().clamp(10, MAX_COLUMN)
            )
        };
        write!(f, "{:<width$}", "(prior)")?;
        for &k in &rivals {
            let w = log_difference(post.ln_prior[leader], post.ln_prior[k]).map(Decibans::from_ln);
            cell(f, k, w)?;
        }
        writeln!(f)?;
        for (e, id) in post.evidence.iter().enumerate() {
            write!(f, "{:<width$}", id.as_str())?;
            for &k in &rivals {
                cell(f, k, self.weight_at(e, leader, k))?;
            }
            writeln!(f)?;
            // The words the item was given in, each with its band and the
            // number scored (docs/model.md section 11).
            for (_, shown) in post.item_words.iter().filter(|(i, _)| *i == e) {
                writeln!(f, "  {shown}")?;
            }
        }
        write!(f, "{:<width$}", "(total)")?;
        for &k in &rivals {
            let w = log_difference(post.ln_joint[leader], post.ln_joint[k]).map(Decibans::from_ln);
            cell(f, k, w)?;
        }
        Ok(())
    }
}

impl Posterior {
    /// The weight-of-evidence ledger (docs/model.md section 4).
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.ledger().total("a", "b").unwrap().get(), 0.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ledger(&self) -> Ledger<'_> {
        Ledger { posterior: self }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Case, Evidence};

    /// An id longer than a formatter width may be (`u16::MAX`) overflows
    /// its column instead of panicking ("Formatting argument out of
    /// range"; found by `tests/cli_mutation.rs`).
    #[test]
    fn ids_longer_than_a_column_overflow_it() {
        let h = "h".repeat(70_000);
        let e = "e".repeat(70_000);
        let post = Case::builder()
            .hypothesis(h.as_str(), "H")
            .hypothesis("other", "Other")
            .evidence(
                Evidence::builder(e.as_str())
                    .likelihood(h.as_str(), 0.9)
                    .likelihood("other", 0.2),
            )
            .build()
            .unwrap()
            .score()
            .unwrap();
        let ledger = post.ledger().to_string();
        let table = post.to_string();
        assert!(ledger.lines().any(|l| l.starts_with(&format!("{e}  "))));
        assert!(table.lines().any(|l| l.starts_with(&format!("{h}  "))));
        // short ids pad as before
        let short = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .evidence(
                Evidence::builder("e")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.2),
            )
            .build()
            .unwrap()
            .score()
            .unwrap();
        assert!(
            short
                .ledger()
                .to_string()
                .starts_with("evidence      a vs b\n")
        );
    }
}
