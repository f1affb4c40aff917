//! Scoring: the posterior over the hypotheses, computed in log space
//! (docs/model.md sections 2 and 3).

use crate::domain::case::Case;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::EvidenceId;
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::Error;
use crate::numeric::totals::LogTotals;
use crate::scoring::decibans::Decibans;
use crate::scoring::engine::{self, Normalised};
use crate::scoring::scale::Icd203;
use crate::scoring::verdict::Verdict;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

impl Case {
    /// Scores the case: the posterior over the hypotheses, with its
    /// explanation and verdict.
    ///
    /// Each item's stated likelihoods (midpoints of ranges) go through
    /// reliability, soft observation and dependence (docs/model.md section 2);
    /// then `log post(h) = log prior(h) - sum_e w_e(h) p_e(h) - log Z`,
    /// where `p_e(h) = ln max_k l''_e(k) - ln l''_e(h)` is the item's
    /// penalty against `h` and `w_e(h)` its rank weight (1 outside any
    /// group; see [`Posterior::dependence_weight`]).
    ///
    /// # Precision
    ///
    /// The effective likelihoods are computed as logarithms (the mixture as
    /// a log-sum-exp, soft observation with `log1mexp`), so none underflows;
    /// the per-item terms `-w_e(h) p_e(h)` are each
    /// within a few ulps of `|ln l''|`, and their sum is computed exactly and
    /// rounded once (Shewchuk's algorithm), so:
    ///
    /// - the result does not depend on the order of the evidence, bit for
    ///   bit;
    /// - nothing underflows: 10 000 items with likelihoods down to 1e-300
    ///   score without NaN, and posteriors smaller than `f64` can hold are
    ///   still ordered correctly by [`Posterior::ln_probability`];
    /// - a posterior's relative error is bounded by about
    ///   `(E + H) * 2^-52 * max(1, |ln odds|)`, where `E` items each
    ///   contribute at most a few ulps of their own term; in practice
    ///   `1e-15` relative for cases of tens of items and `1e-12` for
    ///   10 000 items;
    /// - a hypothesis with an effective likelihood of exactly 0 for some
    ///   item gets a posterior of exactly 0.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory), naming the items responsible, when the
    /// evidence eliminates every hypothesis the prior allows.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// // Monty Hall: you pick door 1, the host opens door 3.
    /// let case = Case::builder()
    ///     .hypothesis("door1", "Car behind door 1")
    ///     .hypothesis("door2", "Car behind door 2")
    ///     .hypothesis("door3", "Car behind door 3")
    ///     .evidence(
    ///         Evidence::builder("host-opens-3")
    ///             .likelihood("door1", 0.5)
    ///             .likelihood("door2", 1.0)
    ///             .likelihood("door3", 0.0),
    ///     )
    ///     .build()?;
    /// let post = case.score()?;
    /// assert!((post.probability("door2").unwrap().get() - 2.0 / 3.0).abs() < 1e-15);
    /// assert_eq!(post.probability("door3").unwrap().get(), 0.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn score(&self) -> Result<Posterior, Error> {
        self.score_with(&self.item_models())
    }

    /// Scores the case with the given item models (one per item, in order).
    pub(crate) fn score_with(&self, models: &[engine::ItemModel]) -> Result<Posterior, Error> {
        let n = self.hypotheses.len();
        // Effective log-likelihoods ln l''_e(h), then terms and rank
        // weights, item-major.
        let effective = self.effective_rows(models);
        let mut terms = vec![0.0; effective.len()];
        let mut weights = vec![0.0; effective.len()];
        engine::all_terms(&self.layout(), &effective, n, &mut weights, &mut terms);
        let ln_prior = self.prior.ln_relative.clone();
        // Per hypothesis, the exact sums of its terms, with and without the
        // prior: certified fast sums in one pass over the items, and
        // Shewchuk's sums in a second pass when one cannot be certified.
        let rows = || terms.chunks_exact(n.max(1));
        let mut totals = LogTotals::fast(n);
        for row in rows() {
            totals.add(row);
        }
        let mut exact: Option<LogTotals> = None;
        let mut ln_evidence = vec![0.0; n];
        let mut ln_joint = vec![0.0; n];
        for h in 0..n {
            let (total, joint) = (totals.total(h), totals.joint(h, ln_prior[h]));
            let (total, joint) = match (total, joint) {
                (Some(t), Some(j)) => (t, j),
                _ => {
                    let exact = exact.get_or_insert_with(|| {
                        let mut exact = LogTotals::exact(n);
                        for row in rows() {
                            exact.add(row);
                        }
                        exact
                    });
                    (
                        total
                            .or_else(|| exact.total(h))
                            .unwrap_or(f64::NEG_INFINITY),
                        joint
                            .or_else(|| exact.joint(h, ln_prior[h]))
                            .unwrap_or(f64::NEG_INFINITY),
                    )
                }
            };
            ln_evidence[h] = total;
            ln_joint[h] = joint;
        }
        let Some(normalised) = engine::normalise(&ln_joint) else {
            return Err(self.contradiction(&effective, n));
        };
        let ln_post = (0..n)
            .map(|h| engine::ln_probability(&ln_joint, &normalised, h))
            .collect();
        let probabilities = (0..n)
            .map(|h| {
                let p = engine::probability(&ln_joint, &normalised, h);
                Probability::new(p).unwrap_or(Probability::ZERO)
            })
            .collect();
        Ok(Posterior {
            hypotheses: self.hypotheses.clone(),
            evidence: self.evidence.iter().map(|e| e.id.clone()).collect(),
            ln_prior,
            effective,
            weights,
            terms,
            ln_evidence,
            ln_joint,
            ln_post,
            probabilities,
            normalised,
            threshold: self.threshold(),
            positions: Positions::default(),
            item_words: self.words_shown(),
        })
    }

    /// Every word the items were given in, as the ledger shows it beside
    /// the item (`field: word (scale: band) = midpoint`); empty, and
    /// without a look at each item's source, for a case in numbers.
    fn words_shown(&self) -> Vec<(usize, String)> {
        let any = self.evidence.iter().any(|e| !e.fields.words.is_empty())
            || self.sources.iter().any(|s| s.word.is_some());
        if !any {
            return Vec::new();
        }
        (0..self.evidence.len())
            .flat_map(|i| {
                self.item_words(i)
                    .into_iter()
                    .map(move |(field, w)| (i, format!("{field}: {w} = {}", w.band().midpoint())))
            })
            .collect()
    }

    /// The error for a case whose evidence eliminates every hypothesis the
    /// prior allows: the items with a zero effective likelihood for one of
    /// them, in evidence order.
    fn contradiction(&self, effective: &[f64], n: usize) -> Error {
        let allowed: Vec<usize> = (0..n)
            .filter(|&h| self.prior.probabilities()[h].get() > 0.0)
            .collect();
        let items = self
            .evidence
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                allowed.iter().any(|&h| {
                    effective
                        .get(i * n + h)
                        .is_some_and(|&l| l == f64::NEG_INFINITY)
                })
            })
            .map(|(_, e)| e.id.to_string())
            .collect();
        Error::from(Detail::Contradictory { items })
    }
}

/// The result of scoring a case: the posterior over the hypotheses, and
/// everything needed to explain it.
///
/// Probabilities come out as [`Probability`]; each has a natural-log twin
/// (`probability` / `ln_probability`) that keeps its digits when the
/// probability is too small for an `f64`. See [`Case::score`] for the
/// precision that holds.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B").hypothesis("other", "Other")
///     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.1).likelihood("other", 0.1))
///     .build()?;
/// let post = case.score()?;
/// assert_eq!(post.leader().id().as_str(), "a");
/// let ranking: Vec<&str> = post.ranking().iter().map(|(h, _)| h.id().as_str()).collect();
/// assert_eq!(ranking, ["a", "b", "other"]);
/// // 0.8 / 0.1 = 8, all evidence taken together
/// assert!((post.bayes_factor("b").unwrap() - 8.0).abs() < 1e-12);
/// println!("{post}");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// One object, what `attrib score --format json` prints less the
/// case-level `title`, `warnings` and `perspective`
/// ([`report::Scored`](crate::report::Scored) adds them):
///
/// - `posterior`: `{hypothesis: probability}`;
/// - `ln_posterior`: `{hypothesis: ln probability}` (`null` for an
///   eliminated hypothesis, whose log is `-inf`);
/// - `words`: `{hypothesis: ICD 203 words}` ([`Icd203`]);
/// - `leader`: the leader's id;
/// - `verdict`: the [`Verdict`];
/// - `bayes_factors`: per rival of the leader, `{"ln", "decibans",
///   "enfsi"}`: the Bayes factor of all the evidence, leader against the
///   rival, as a natural log, in decibans and in ENFSI words
///   ([`Enfsi`](crate::scoring::Enfsi)); `null` where undefined or infinite;
/// - `ledger`: the leader-relative [`Ledger`](crate::Ledger).
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let post = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
///     .build()?.score()?;
/// let v = serde_json::to_value(&post).unwrap();
/// assert!((v["posterior"]["a"].as_f64().unwrap() - 0.9).abs() < 1e-15);
/// assert_eq!(v["words"]["a"], "very likely");
/// assert_eq!(v["leader"], "a");
/// assert_eq!(v["verdict"]["status"], "insufficient");
/// assert_eq!(v["bayes_factors"]["b"]["enfsi"], "weak support");
/// let w = v["ledger"][0]["decibans"]["b"].as_f64().unwrap();
/// assert!((w - 10.0 * 9f64.log10()).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    pub(crate) hypotheses: Vec<Hypothesis>,
    pub(crate) evidence: Vec<EvidenceId>,
    pub(crate) ln_prior: Vec<f64>,
    /// Effective log-likelihoods `ln l''`, item-major (`e * H + h`).
    pub(crate) effective: Vec<f64>,
    /// Rank weights `w_e(h)` (1 outside any group), item-major.
    pub(crate) weights: Vec<f64>,
    /// The terms `-w_e(h) p_e(h)`, item-major.
    pub(crate) terms: Vec<f64>,
    /// Per hypothesis, the exact sum of its terms.
    pub(crate) ln_evidence: Vec<f64>,
    /// Per hypothesis, ln prior plus the sum of its terms.
    pub(crate) ln_joint: Vec<f64>,
    pub(crate) ln_post: Vec<f64>,
    /// The posterior probabilities, `exp` of `ln_post`, computed once.
    pub(crate) probabilities: Vec<Probability>,
    /// The leader and the normaliser relative to it.
    pub(crate) normalised: Normalised,
    pub(crate) threshold: Probability,
    /// Item positions by id, built on the first look-up by id.
    pub(crate) positions: Positions,
    /// The words of the items, by item, as the ledger shows them
    /// (docs/model.md section 11); empty for a case in numbers.
    pub(crate) item_words: Vec<(usize, String)>,
}

/// Item positions by id, built once on demand: a cache, so it takes no
/// part in comparing two posteriors.
#[derive(Debug, Clone, Default)]
pub(crate) struct Positions(std::sync::OnceLock<std::collections::HashMap<String, usize>>);

impl PartialEq for Positions {
    fn eq(&self, _: &Positions) -> bool {
        true
    }
}

impl std::ops::Deref for Positions {
    type Target = std::sync::OnceLock<std::collections::HashMap<String, usize>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl Posterior {
    pub(crate) fn index(&self, id: &str) -> Option<usize> {
        self.hypotheses.iter().position(|h| h.id.as_str() == id)
    }

    pub(crate) fn evidence_index(&self, id: &str) -> Option<usize> {
        self.positions
            .get_or_init(|| {
                self.evidence
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.as_str().to_string(), i))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// The hypotheses, in the case's order.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.hypotheses().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[Hypothesis] {
        &self.hypotheses
    }

    /// The ids of the evidence items, in the case's order.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert!(post.evidence().is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(&self) -> &[EvidenceId] {
        &self.evidence
    }

    /// The posterior probability of a hypothesis, or `None` for an unknown id.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.probability("a").map(|p| p.get()), Some(0.5));
    /// assert_eq!(post.probability("zzz"), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probability(&self, hypothesis: impl AsRef<str>) -> Option<Probability> {
        let h = self.index(hypothesis.as_ref())?;
        Some(self.probability_at(h))
    }

    /// `exp(x_h - x_leader) / norm`: one exponential and one division,
    /// so a posterior such as 1 / 2 comes out exact rather than through
    /// `exp(ln p)`.
    fn probability_at(&self, h: usize) -> Probability {
        self.probabilities
            .get(h)
            .copied()
            .unwrap_or(Probability::ZERO)
    }

    /// The natural log of the posterior of a hypothesis (`-inf` when it is
    /// eliminated), or `None` for an unknown id. Keeps its digits when the
    /// probability underflows an `f64`.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert!((post.ln_probability("a").unwrap() - 0.5f64.ln()).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_probability(&self, hypothesis: impl AsRef<str>) -> Option<f64> {
        let h = self.index(hypothesis.as_ref())?;
        self.ln_post.get(h).copied()
    }

    /// The posterior probabilities, in the case's hypothesis order.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// let sum: f64 = post.probabilities().iter().map(|p| p.get()).sum();
    /// assert!((sum - 1.0).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probabilities(&self) -> &[Probability] {
        &self.probabilities
    }

    /// The natural logs of the posterior probabilities, in the case's order.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.ln_probabilities().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_probabilities(&self) -> &[f64] {
        &self.ln_post
    }

    /// The hypothesis with the highest posterior (the first declared, on an
    /// exact tie).
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.leader().id().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader(&self) -> &Hypothesis {
        &self.hypotheses[self.normalised.leader]
    }

    /// The hypotheses with their posteriors, highest first (ties in the
    /// case's order).
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.ranking()[0].0.id().as_str(), "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ranking(&self) -> Vec<(&Hypothesis, Probability)> {
        let mut order: Vec<usize> = (0..self.hypotheses.len()).collect();
        order.sort_by(|&a, &b| self.ln_joint[b].total_cmp(&self.ln_joint[a]));
        order
            .into_iter()
            .map(|h| (&self.hypotheses[h], self.probability_at(h)))
            .collect()
    }

    /// The posterior log-odds `ln(post(h) / post(k))`, computed without
    /// normalising, so it keeps full precision even when both posteriors
    /// underflow. `None` for an unknown id, or when both are eliminated.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .prior("a", 3.0).prior("b", 1.0).build()?.score()?;
    /// assert!((post.ln_odds("a", "b").unwrap() - 3f64.ln()).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_odds(&self, h: impl AsRef<str>, k: impl AsRef<str>) -> Option<f64> {
        let (h, k) = (self.index(h.as_ref())?, self.index(k.as_ref())?);
        log_difference(self.ln_joint[h], self.ln_joint[k])
    }

    /// The natural log of the Bayes factor of all the evidence, the leader
    /// against `rival`: `sum_e (w_e(rival) p_e(rival) - w_e(leader) p_e(leader))`.
    /// `None` for an unknown id, or when both are eliminated.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.5).likelihood("b", 0.25))
    ///     .build()?.score()?;
    /// // (0.9 / 0.3) * (0.5 / 0.25) = 6
    /// assert!((post.ln_bayes_factor("b").unwrap() - 6f64.ln()).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_bayes_factor(&self, rival: impl AsRef<str>) -> Option<f64> {
        let k = self.index(rival.as_ref())?;
        log_difference(
            self.ln_evidence[self.normalised.leader],
            self.ln_evidence[k],
        )
    }

    /// The Bayes factor of all the evidence, the leader against `rival`
    /// (`inf` when the evidence eliminates the rival but not the leader;
    /// may overflow to `inf` for overwhelming evidence, where
    /// [`ln_bayes_factor`](Posterior::ln_bayes_factor) keeps the value).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.0))
    ///     .build()?.score()?;
    /// assert_eq!(post.bayes_factor("b"), Some(f64::INFINITY));
    /// assert_eq!(post.bayes_factor("a"), Some(1.0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn bayes_factor(&self, rival: impl AsRef<str>) -> Option<f64> {
        self.ln_bayes_factor(rival).map(f64::exp)
    }

    /// The effective likelihood `l''_e(h)` of an item for a hypothesis, both
    /// by id, after reliability and soft observation (docs/model.md section
    /// 2, steps 1 and 2): `exp` of
    /// [`ln_effective_likelihood`](Posterior::ln_effective_likelihood), so
    /// it may underflow to 0 where the log does not. `None` for an unknown
    /// id.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).reliability(0.5))
    ///     .build()?.score()?;
    /// // chance = mean = 0.5; 0.5 * 0.9 + 0.5 * 0.5 = 0.7
    /// assert!((post.effective_likelihood("e", "a").unwrap().get() - 0.7).abs() < 1e-15);
    /// assert_eq!(post.effective_likelihood("e", "nobody"), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn effective_likelihood(
        &self,
        item: impl AsRef<str>,
        hypothesis: impl AsRef<str>,
    ) -> Option<Probability> {
        let l = self.ln_effective_likelihood(item, hypothesis)?.exp();
        Probability::new(l.clamp(0.0, 1.0)).ok()
    }

    /// The natural log of [`effective_likelihood`](Posterior::effective_likelihood),
    /// as scoring uses it: it keeps its digits where the likelihood itself
    /// would underflow, and is `-inf` exactly when the likelihood is 0.
    /// `None` for an unknown id.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 1e-300).likelihood("b", 0.0))
    ///     .build()?.score()?;
    /// assert!((post.ln_effective_likelihood("e", "a").unwrap() - 1e-300f64.ln()).abs() < 1e-12);
    /// assert_eq!(post.ln_effective_likelihood("e", "b"), Some(f64::NEG_INFINITY));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_effective_likelihood(
        &self,
        item: impl AsRef<str>,
        hypothesis: impl AsRef<str>,
    ) -> Option<f64> {
        let e = self.evidence_index(item.as_ref())?;
        let h = self.index(hypothesis.as_ref())?;
        self.ln_effective_at(e, h)
    }

    /// [`ln_effective_likelihood`](Posterior::ln_effective_likelihood) by
    /// positions.
    pub(crate) fn ln_effective_at(&self, item: usize, hypothesis: usize) -> Option<f64> {
        if hypothesis >= self.hypotheses.len() {
            return None;
        }
        self.effective
            .get(item * self.hypotheses.len() + hypothesis)
            .copied()
    }

    /// The weight `w_e(h)` with which an item's penalty against a
    /// hypothesis counts (docs/model.md section 2, step 3): 1 for an item outside
    /// any group; inside a group, `(1 - rho)^j` where `j` is the item's rank
    /// among the group's penalties against `h`, largest first (equal
    /// penalties ranked by item id). `None` for an unknown id.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// // Two copies of one report in a group with rho = 0.5: against b the
    /// // first counts fully and the second half, so together they weigh
    /// // 1.5 reports: odds 4^1.5 = 8.
    /// let post = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .group("g", 0.5)
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.8).likelihood("b", 0.2).group("g"))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.8).likelihood("b", 0.2).group("g"))
    ///     .build()?.score()?;
    /// assert_eq!(post.dependence_weight("e1", "b"), Some(1.0)); // ties go by id
    /// assert_eq!(post.dependence_weight("e2", "b"), Some(0.5));
    /// assert!((post.probability("a").unwrap().get() - 8.0 / 9.0).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn dependence_weight(
        &self,
        evidence: impl AsRef<str>,
        hypothesis: impl AsRef<str>,
    ) -> Option<f64> {
        let e = self.evidence_index(evidence.as_ref())?;
        let h = self.index(hypothesis.as_ref())?;
        self.weights.get(e * self.hypotheses.len() + h).copied()
    }

    /// The verdict (docs/model.md section 5).
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.verdict().status(), attrib::Status::Insufficient);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict(&self) -> Verdict {
        self.verdict_at(self.threshold)
    }

    /// The verdict under another threshold, such as a case's
    /// [`Standard`](crate::Standard)s (docs/model.md section 5).
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(attrib::Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?.score()?;
    /// let half = attrib::Probability::new(0.5)?;
    /// assert_eq!(post.verdict_at(half).status(), attrib::Status::Attributed);
    /// assert_eq!(post.verdict().status(), attrib::Status::Insufficient);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn verdict_at(&self, threshold: Probability) -> Verdict {
        let status = engine::status(&self.ln_joint, &self.normalised, threshold.get());
        Verdict {
            status,
            leader: self.leader().id.clone(),
            probability: self.probability_at(self.normalised.leader),
            threshold,
        }
    }

    /// The ICD 203 words for a hypothesis's posterior, or `None` for an
    /// unknown id.
    ///
    /// # Example
    ///
    /// ```
    /// # let post = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.score()?;
    /// assert_eq!(post.words("a"), Some(attrib::scoring::Icd203::RoughlyEvenChance));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn words(&self, hypothesis: impl AsRef<str>) -> Option<Icd203> {
        self.probability(hypothesis).map(Icd203::from_probability)
    }
}

/// A map `{id: value}` from pairs, for `Serialize` impls.
pub(crate) struct ById<I>(pub(crate) I);

impl<I, K, V> Serialize for ById<I>
where
    I: Iterator<Item = (K, V)> + Clone,
    K: Serialize,
    V: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

/// Serialises an `f64` as JSON can hold it: `null` when infinite or NaN.
pub(crate) fn serialize_finite<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    crate::scoring::decibans::finite(*x).serialize(s)
}

/// The Bayes factor of all the evidence, the leader against one rival.
#[derive(Serialize)]
struct BayesFactor {
    ln: Option<f64>,
    decibans: Option<Decibans>,
    enfsi: Option<crate::scoring::scale::Enfsi>,
}

impl Serialize for Posterior {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let finite = crate::scoring::decibans::finite;
        let ids = || self.hypotheses.iter().map(|h| &h.id);
        let p = self.probabilities();
        let leader = self.leader();
        let bayes_factors = ById(
            self.hypotheses
                .iter()
                .filter(|h| h.id != leader.id)
                .map(|h| {
                    let ln = self.ln_bayes_factor(&h.id);
                    let db = ln.map(Decibans::from_ln);
                    let factor = BayesFactor {
                        ln: ln.and_then(finite),
                        decibans: db,
                        enfsi: db.map(Decibans::enfsi),
                    };
                    (&h.id, factor)
                }),
        );
        let mut st = s.serialize_struct("Posterior", 7)?;
        st.serialize_field("posterior", &ById(ids().zip(p)))?;
        st.serialize_field(
            "ln_posterior",
            &ById(ids().zip(self.ln_post.iter().map(|&x| finite(x)))),
        )?;
        st.serialize_field(
            "words",
            &ById(ids().zip(p.iter().map(|&p| Icd203::from_probability(p)))),
        )?;
        st.serialize_field("leader", &leader.id)?;
        st.serialize_field("verdict", &self.verdict())?;
        st.serialize_field("bayes_factors", &bayes_factors)?;
        st.serialize_field("ledger", &self.ledger())?;
        st.end()
    }
}

/// `a - b` for log-quantities that may be `-inf`; `None` when both are
/// (the ratio 0 / 0 is undefined).
pub(crate) fn log_difference(a: f64, b: f64) -> Option<f64> {
    match (a == f64::NEG_INFINITY, b == f64::NEG_INFINITY) {
        (true, true) => None,
        (false, true) => Some(f64::INFINITY),
        (true, false) => Some(f64::NEG_INFINITY),
        (false, false) => Some(a - b),
    }
}

impl fmt::Display for Posterior {
    /// A table: hypothesis, posterior, ICD 203 words, and the Bayes factor
    /// of all the evidence for the leader against each rival; then the
    /// verdict. Each label is written as [`Isolated`](crate::Isolated)
    /// writes it: escaped, and isolated when it is not ASCII, so that it
    /// cannot add a line or reorder the row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .hypotheses
            .iter()
            .map(|h| h.id.as_str().chars().count())
            .max()
            .unwrap_or(0)
            .max("hypothesis".len())
            .min(crate::scoring::table::MAX_COLUMN);
        writeln!(
            f,
            "{:<width$}  {:>10}  {:<20}  {:>22}  label",
            "hypothesis", "posterior", "ICD 203", "leader vs it (dB)"
        )?;
        for (h, p) in self.ranking() {
            let id = h.id.as_str();
            let bf = if self.index(id) == Some(self.normalised.leader) {
                "-".to_string()
            } else {
                match self.ln_bayes_factor(id) {
                    Some(x) => format!("{}", Decibans::from_ln(x)),
                    None => "undefined".to_string(),
                }
            };
            writeln!(
                f,
                "{:<width$}  {:>10.6}  {:<20}  {:>22}  {}",
                id,
                p.get(),
                Icd203::from_probability(p).words(),
                bf,
                crate::error::Isolated(&h.label)
            )?;
        }
        write!(f, "verdict: {}", self.verdict())
    }
}
