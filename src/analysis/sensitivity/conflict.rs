//! The conflict measure of the evidence (Jensen, Chamberlain, Nordahl and
//! Jensen, "Analysis in HUGIN of data conflict", UAI 1990) on a scored
//! case: of all its items ([`Posterior::conflict`]) and of pairs among
//! the most informative ones ([`Posterior::pairwise_conflict`],
//! [`CONFLICT_ITEMS`]), from the marginals of the items under the prior.
//! It needs no rescoring.

use super::information::normalise_logs;
use crate::domain::id::EvidenceId;
use crate::domain::weighting::ln;
use crate::numeric::sum::{ExactSum, FastSum};
use crate::numeric::totals::LogTotal;
use crate::scoring::posterior::Posterior;

/// How many of the most informative items
/// [`Posterior::pairwise_conflict`] pairs up.
///
/// # Example
///
/// A case of 70 items: its pairs are those of the 64 most informative
/// (here the 64 strongest), `64 * 63 / 2` of them.
///
/// ```
/// use attrib::analysis::CONFLICT_ITEMS;
/// use attrib::{Case, Evidence};
///
/// let mut builder = Case::builder().hypothesis("a", "A").hypothesis("b", "B");
/// for k in 0..70 {
///     let strength = 0.51 + 0.005 * k as f64;
///     builder = builder.evidence(
///         Evidence::builder(format!("e{k}"))
///             .likelihood("a", strength)
///             .likelihood("b", 1.0 - strength),
///     );
/// }
/// let post = builder.build()?.score()?;
/// let pairs = post.pairwise_conflict();
/// assert_eq!(CONFLICT_ITEMS, 64);
/// assert_eq!(pairs.len(), 64 * 63 / 2);
/// // the six weakest items (e0 to e5) are left out
/// assert!(pairs.iter().all(|(x, y, _)| !["e0", "e5"].contains(&x.as_str())
///     && !["e0", "e5"].contains(&y.as_str())));
/// # Ok::<(), attrib::Error>(())
/// ```
pub const CONFLICT_ITEMS: usize = 64;

impl Posterior {
    /// The prior, normalised, in logs.
    pub(super) fn ln_prior_normalised(&self) -> Vec<f64> {
        let mut p = self.ln_prior.clone();
        normalise_logs(&mut p);
        p
    }

    /// `ln P(items)` under the prior, up to the per-item constants that
    /// cancel in the conflict measure.
    pub(super) fn ln_marginal(&self, prior: &[f64], items: &[usize]) -> f64 {
        let n = self.hypotheses.len();
        let mut total = f64::NEG_INFINITY;
        let mut s = LogTotal::default();
        for (h, &p) in prior.iter().enumerate() {
            s.clear();
            for &e in items {
                s.add(
                    self.terms
                        .get(e * n + h)
                        .copied()
                        .unwrap_or(f64::NEG_INFINITY),
                );
                if s.is_eliminated() {
                    break;
                }
            }
            total = ln::add(total, s.joint(p));
        }
        total
    }

    /// The conflict measure of the evidence (Jensen, Chamberlain, Nordahl
    /// and Jensen, "Analysis in HUGIN of data conflict", UAI 1990):
    /// `ln(prod_e P(e) / P(all e))` under the prior, each item counted with
    /// its terms as scored (its rank weights included). Positive values flag
    /// evidence that does not fit together under any single hypothesis, a
    /// sign of error or deception; negative values, evidence that hangs
    /// together.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("for-a").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("for-b").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// // P(e) = 0.5 each; P(both) = 0.5 * 0.09 + 0.5 * 0.09 = 0.09: ln(0.25 / 0.09)
    /// assert!((post.conflict() - (0.25f64 / 0.09).ln()).abs() < 1e-14);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn conflict(&self) -> f64 {
        let prior = self.ln_prior_normalised();
        let mut s = ExactSum::default();
        for e in 0..self.evidence.len() {
            s.add(self.ln_marginal(&prior, &[e]));
        }
        s.value() - self.ln_marginal_of_all(&prior)
    }

    /// [`Posterior::ln_marginal`] of every item, in one pass over the
    /// items' rows (where one pass per hypothesis strides through all of
    /// them `H` times), each hypothesis's total a fast sum certified
    /// correctly rounded ([`FastSum::value`]), the exact sum of
    /// [`Posterior::ln_marginal`] where it cannot certify it: the same
    /// value, bit for bit.
    pub(super) fn ln_marginal_of_all(&self, prior: &[f64]) -> f64 {
        let n = self.hypotheses.len();
        let mut fast = vec![FastSum::default(); n];
        let mut eliminated = vec![false; n];
        for row in self.terms.chunks_exact(n.max(1)).take(self.evidence.len()) {
            for ((f, out), &t) in fast.iter_mut().zip(eliminated.iter_mut()).zip(row) {
                if t == f64::NEG_INFINITY {
                    *out = true;
                } else if t != 0.0 {
                    f.add(t);
                }
            }
        }
        let mut total = f64::NEG_INFINITY;
        let mut all: Vec<usize> = Vec::new();
        for (h, &p) in prior.iter().enumerate() {
            let joint = if eliminated.get(h).copied().unwrap_or(false) || p == f64::NEG_INFINITY {
                f64::NEG_INFINITY
            } else {
                let mut f = fast.get(h).copied().unwrap_or_default();
                f.add(p);
                match f.value() {
                    Some(v) => v,
                    None => {
                        if all.is_empty() {
                            all.extend(0..self.evidence.len());
                        }
                        let mut s = LogTotal::default();
                        for &e in &all {
                            s.add(
                                self.terms
                                    .get(e * n + h)
                                    .copied()
                                    .unwrap_or(f64::NEG_INFINITY),
                            );
                        }
                        s.joint(p)
                    }
                }
            };
            total = ln::add(total, joint);
        }
        total
    }

    /// The conflict measure of pairs of items,
    /// `ln(P(e1) P(e2) / P(e1, e2))` under the prior, largest first;
    /// `+inf` for a pair that no hypothesis survives. Each item counts with
    /// the terms it has in the scored case (its rank weights included).
    ///
    /// To keep the cost bounded whatever the size of the case, the pairs
    /// are those among the [`CONFLICT_ITEMS`] most informative items (the
    /// largest spread of terms across hypotheses; an item that eliminates a
    /// hypothesis first): O(E H) to choose them, then at most
    /// `CONFLICT_ITEMS^2 / 2` pairs. For a case of at most that many items
    /// every pair is listed; [`pairwise_conflict_among`] takes another
    /// bound, up to every pair of the case (O(E^2 H)).
    ///
    /// [`pairwise_conflict_among`]: Posterior::pairwise_conflict_among
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("x").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("y").likelihood("a", 0.8).likelihood("b", 0.2))
    ///     .evidence(Evidence::builder("z").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// let pairs = post.pairwise_conflict();
    /// assert_eq!(pairs.len(), 3);
    /// assert_eq!((pairs[0].0.as_str(), pairs[0].1.as_str()), ("x", "z"));
    /// assert!(pairs[2].2 < 0.0); // x and y agree
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn pairwise_conflict(&self) -> Vec<(&EvidenceId, &EvidenceId, f64)> {
        self.pairwise_conflict_among(CONFLICT_ITEMS)
    }

    /// The conflict measure of the pairs among the `items` most informative
    /// items (see [`pairwise_conflict`](Posterior::pairwise_conflict)):
    /// `usize::MAX` gives every pair of the case, at a cost of O(E^2 H).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("weak").likelihood("a", 0.5).likelihood("b", 0.45))
    ///     .evidence(Evidence::builder("for-a").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .evidence(Evidence::builder("for-b").likelihood("a", 0.1).likelihood("b", 0.9))
    ///     .build()?.score()?;
    /// // the two most informative items make the one pair
    /// let pairs = post.pairwise_conflict_among(2);
    /// assert_eq!(pairs.len(), 1);
    /// assert_eq!((pairs[0].0.as_str(), pairs[0].1.as_str()), ("for-a", "for-b"));
    /// assert_eq!(post.pairwise_conflict_among(usize::MAX).len(), 3);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn pairwise_conflict_among(&self, items: usize) -> Vec<(&EvidenceId, &EvidenceId, f64)> {
        let n = self.hypotheses.len();
        let prior = self.ln_prior_normalised();
        // The spread of an item's terms: +inf when it eliminates a hypothesis.
        let spread = |e: usize| -> f64 {
            let t = self.terms.get(e * n..(e + 1) * n).unwrap_or(&[]);
            let hi = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = t.iter().copied().fold(f64::INFINITY, f64::min);
            if lo == f64::NEG_INFINITY {
                f64::INFINITY
            } else {
                hi - lo
            }
        };
        let mut chosen: Vec<usize> = (0..self.evidence.len()).collect();
        if chosen.len() > items {
            let spreads: Vec<f64> = chosen.iter().map(|&e| spread(e)).collect();
            chosen.sort_by(|&a, &b| spreads[b].total_cmp(&spreads[a]).then(a.cmp(&b)));
            chosen.truncate(items);
            chosen.sort_unstable();
        }
        let single: Vec<f64> = chosen
            .iter()
            .map(|&e| self.ln_marginal(&prior, &[e]))
            .collect();
        let mut out = Vec::new();
        for (x, &i) in chosen.iter().enumerate() {
            for (y, &j) in chosen.iter().enumerate().skip(x + 1) {
                let joint = self.ln_marginal(&prior, &[i, j]);
                let c = if joint == f64::NEG_INFINITY {
                    f64::INFINITY
                } else {
                    single[x] + single[y] - joint
                };
                out.push((&self.evidence[i], &self.evidence[j], c));
            }
        }
        out.sort_by(|x, y| y.2.total_cmp(&x.2));
        out
    }
}
