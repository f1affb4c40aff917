//! Compiled scoring: a case turned into a contiguous block of effective
//! log-likelihood terms, for scoring at memory speed, many cases at a time,
//! or one item at a time.
//!
//! [`Case::score`] sums the terms exactly (Shewchuk), so its result does not
//! depend on the order of the evidence, bit for bit. A [`Compiled`] case
//! sums the same terms in plain `f64` with eight independent accumulators:
//! some twenty times faster, and within a few ulps per item of the exact
//! sum (the posteriors agree to about `1e-13` relative for 1 000 items),
//! but no longer bit-for-bit independent of the order of the evidence.

use crate::case::Case;
use crate::engine;
use crate::error::{Error, Item};
use crate::evidence::EvidenceBuilder;
use crate::id::HypothesisId;
use crate::verdict::Status;

/// The sum of a slice with eight independent accumulators, so that the
/// additions pipeline and vectorise on any target (no `unsafe`, no
/// target-specific code: LLVM turns the lanes into SIMD additions).
fn lane_sum(xs: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            *a += x;
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for x in chunks.remainder() {
        s += x;
    }
    s
}

/// A case compiled for fast, repeated scoring; see [`Case::compile`].
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let mut compiled = case.compile()?;
/// let mut post = [0.0; 2];
/// compiled.score_into(&mut post)?;
/// assert!((post[0] - 0.75).abs() < 1e-15);
/// // one more item, in O(hypotheses)
/// compiled.add(Evidence::builder("e2").likelihood("a", 0.5).likelihood("b", 0.5))?;
/// compiled.add(Evidence::builder("e3").likelihood("a", 0.2).likelihood("b", 0.6))?;
/// compiled.score_into(&mut post)?;
/// assert!((post[0] - 0.5).abs() < 1e-15); // odds 3 * 1 * (1/3) = 1
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    case: Case,
    n: usize,
    items: usize,
    /// Terms, hypothesis-major: `terms[h * items + e]`.
    terms: Vec<f64>,
    /// Per hypothesis, the sum of the terms of items added after compiling.
    added: Vec<f64>,
    ln_prior: Vec<f64>,
    threshold: f64,
}

impl Case {
    /// Compiles the case: every item's effective log-likelihood terms
    /// (MODEL.md section 2, with group sizes as they are now) computed
    /// once and stored contiguously, hypothesis by hypothesis.
    ///
    /// # Errors
    ///
    /// None today (every valid case compiles); the `Result` leaves room for
    /// limits on size.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let compiled = case.compile()?;
    /// assert_eq!(compiled.hypotheses().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn compile(&self) -> Result<Compiled, Error> {
        let n = self.hypotheses.len();
        let items = self.evidence.len();
        let models = self.item_models();
        let mut terms = vec![0.0; n * items];
        let mut row = vec![0.0; n];
        let mut out = vec![0.0; n];
        for (e, (item, model)) in self.evidence.iter().zip(&models).enumerate() {
            for (x, l) in row.iter_mut().zip(&item.likelihoods) {
                *x = l.midpoint().get().ln();
            }
            engine::effective_row(self.weighting, &mut row, model);
            engine::terms_row(&row, model.c, &mut out);
            for (h, &t) in out.iter().enumerate() {
                terms[h * items + e] = t;
            }
        }
        Ok(Compiled {
            case: self.clone(),
            n,
            items,
            terms,
            added: vec![0.0; n],
            ln_prior: self.prior.ln_relative.clone(),
            threshold: self.threshold().get(),
        })
    }
}

impl Compiled {
    /// The hypotheses, in the case's order: the order of every output.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// assert_eq!(c.hypotheses()[1].as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> Vec<&HypothesisId> {
        self.case.hypotheses.iter().map(|h| &h.id).collect()
    }

    /// The number of items compiled in (not counting those added since).
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// assert_eq!(c.items(), 0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn items(&self) -> usize {
        self.items
    }

    /// Writes the joint log-probabilities `ln prior(h) + sum_e terms` (up to
    /// a constant common to all hypotheses) into `out`, one per hypothesis.
    fn ln_joint_into(&self, out: &mut [f64]) {
        for (h, o) in out.iter_mut().enumerate().take(self.n) {
            let row = self
                .terms
                .get(h * self.items..(h + 1) * self.items)
                .unwrap_or(&[]);
            *o = lane_sum(row) + self.added[h] + self.ln_prior[h];
        }
    }

    /// Scores the case into `out` (one posterior per hypothesis, in the
    /// case's order) and returns the position of the leader.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `out` does not have one place per
    /// hypothesis; [`Error::Contradictory`] when every hypothesis is
    /// eliminated.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// let mut post = [0.0; 2];
    /// assert_eq!(c.score_into(&mut post)?, 0);
    /// assert_eq!(post, [0.5, 0.5]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn score_into(&self, out: &mut [f64]) -> Result<usize, Error> {
        check_len(out.len(), self.n)?;
        self.ln_joint_into(out);
        normalise_in_place(out).ok_or_else(|| self.contradiction())
    }

    /// The verdict's status and the leader's position, scored as
    /// [`score_into`](Compiled::score_into) does.
    ///
    /// # Errors
    ///
    /// [`Error::Contradictory`] when every hypothesis is eliminated.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Status};
    ///
    /// let c = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.99).likelihood("b", 0.01))
    ///     .build()?.compile()?;
    /// assert_eq!(c.status()?, (Status::Attributed, 0));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn status(&self) -> Result<(Status, usize), Error> {
        let mut joint = vec![0.0; self.n];
        self.ln_joint_into(&mut joint);
        let nz = engine::normalise(&joint).ok_or_else(|| self.contradiction())?;
        Ok((engine::status(&joint, &nz, self.threshold), nz.leader))
    }

    /// Adds one item in O(hypotheses), after the items compiled in. The item
    /// is checked as an item of the case (its source, credibility and
    /// reliability apply) and counts as independent: it may not name a
    /// group, since adding to a group changes the weight of the group's
    /// other items (compile the case again for that).
    ///
    /// # Errors
    ///
    /// Any error the item would raise in the case, naming it and the field;
    /// [`Error::Unsupported`] when it names a group.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let mut c = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// c.add(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2))?;
    /// let mut post = [0.0; 2];
    /// c.score_into(&mut post)?;
    /// assert!((post[0] - 0.8).abs() < 1e-15);
    /// assert!(c.add(Evidence::builder("bad").likelihood("a", 1.5).likelihood("b", 0.2)).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn add(&mut self, item: EvidenceBuilder) -> Result<(), Error> {
        if item.0.group.is_some() {
            return Err(Error::Unsupported {
                item: Item::Evidence(item.0.id.clone()),
                field: "group",
                reason: "items added to a compiled case count as independent; compile the case again to use groups",
            });
        }
        let (with, row, model) = self.case.with_item(item.0)?;
        let mut terms = vec![0.0; self.n];
        engine::terms_row(&row, model.c, &mut terms);
        for (a, t) in self.added.iter_mut().zip(&terms) {
            *a += t;
        }
        self.case = with;
        Ok(())
    }

    fn contradiction(&self) -> Error {
        match self.case.score() {
            Err(e) => e,
            Ok(_) => Error::Contradictory { items: Vec::new() },
        }
    }
}

fn check_len(got: usize, n: usize) -> Result<(), Error> {
    if got == n {
        Ok(())
    } else {
        Err(Error::OutOfRange {
            item: Item::Value,
            field: "output length".into(),
            value: got as f64,
            expected: "one place per hypothesis",
        })
    }
}

/// Turns joint log-probabilities into posteriors in place; the leader, or
/// `None` when every hypothesis is eliminated.
fn normalise_in_place(x: &mut [f64]) -> Option<usize> {
    let nz = engine::normalise(x)?;
    let top = x[nz.leader];
    for (h, v) in x.iter_mut().enumerate() {
        *v = if h == nz.leader {
            1.0 / nz.norm
        } else if *v == f64::NEG_INFINITY {
            0.0
        } else {
            (*v - top).exp() / nz.norm
        };
    }
    Some(nz.leader)
}

/// Many compiled cases with the same number of hypotheses, stored in one
/// contiguous block, scored into a caller's buffer with no allocation per
/// case (feature `rayon`: in parallel, with results identical to the serial
/// ones).
///
/// # Example
///
/// ```
/// use attrib::{Batch, Case, Evidence};
///
/// let one = |p: f64| -> Result<attrib::Compiled, attrib::Error> {
///     Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///         .evidence(Evidence::builder("e").likelihood("a", p).likelihood("b", 1.0 - p))
///         .build()?.compile()
/// };
/// let mut batch = Batch::new(2);
/// batch.push(&one(0.9)?)?;
/// batch.push(&one(0.2)?)?;
/// let mut out = vec![0.0; batch.len() * 2];
/// batch.score_into(&mut out)?;
/// assert!((out[0] - 0.9).abs() < 1e-15 && (out[2] - 0.2).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    n: usize,
    /// Per case: where its terms start, and how many items it has.
    spans: Vec<(usize, usize)>,
    terms: Vec<f64>,
    /// Per case and hypothesis: `ln prior + added`.
    base: Vec<f64>,
}

impl Batch {
    /// An empty batch for cases with `hypotheses` hypotheses.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::Batch::new(4).is_empty());
    /// ```
    pub fn new(hypotheses: usize) -> Batch {
        Batch {
            n: hypotheses,
            ..Batch::default()
        }
    }

    /// Adds a compiled case.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when its number of hypotheses differs from the
    /// batch's.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// let mut batch = attrib::Batch::new(3);
    /// assert!(batch.push(&c).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn push(&mut self, case: &Compiled) -> Result<(), Error> {
        if case.n != self.n {
            return Err(Error::OutOfRange {
                item: Item::Value,
                field: "hypotheses of the case".into(),
                value: case.n as f64,
                expected: "the batch's number of hypotheses",
            });
        }
        self.spans.push((self.terms.len(), case.items));
        self.terms.extend_from_slice(&case.terms);
        self.base
            .extend(case.ln_prior.iter().zip(&case.added).map(|(p, a)| p + a));
        Ok(())
    }

    /// The number of cases.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Batch::new(2).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the batch has no cases.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::Batch::new(2).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Scores every case into `out`, `hypotheses` posteriors per case in
    /// the order of the cases, and returns how many cases were
    /// contradictory (every hypothesis eliminated); their posteriors are
    /// all 0.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `out` does not have `len() * hypotheses`
    /// places.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// let mut batch = attrib::Batch::new(2);
    /// batch.push(&c)?;
    /// let mut out = [0.0; 2];
    /// assert_eq!(batch.score_into(&mut out)?, 0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn score_into(&self, out: &mut [f64]) -> Result<usize, Error> {
        if out.len() != self.spans.len() * self.n || self.n == 0 {
            return Err(Error::OutOfRange {
                item: Item::Value,
                field: "output length".into(),
                value: out.len() as f64,
                expected: "cases times hypotheses",
            });
        }
        Ok(self.score_cases(out))
    }

    /// One case into its `n` places; whether it is contradictory.
    fn score_one(&self, case: usize, out: &mut [f64]) -> bool {
        let (start, items) = self.spans[case];
        for (h, o) in out.iter_mut().enumerate() {
            let row = self
                .terms
                .get(start + h * items..start + (h + 1) * items)
                .unwrap_or(&[]);
            *o = lane_sum(row) + self.base[case * self.n + h];
        }
        if normalise_in_place(out).is_none() {
            out.fill(0.0);
            true
        } else {
            false
        }
    }

    #[cfg(not(feature = "rayon"))]
    fn score_cases(&self, out: &mut [f64]) -> usize {
        out.chunks_mut(self.n)
            .enumerate()
            .map(|(case, o)| usize::from(self.score_one(case, o)))
            .sum()
    }

    #[cfg(feature = "rayon")]
    fn score_cases(&self, out: &mut [f64]) -> usize {
        use rayon::prelude::*;
        out.par_chunks_mut(self.n)
            .enumerate()
            .map(|(case, o)| usize::from(self.score_one(case, o)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_sum_matches_plain_sum_on_integers() {
        // sums of small integers are exact in any order
        for n in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let xs: Vec<f64> = (0..n).map(|i| (i % 13) as f64 - 6.0).collect();
            let plain: f64 = xs.iter().sum();
            assert_eq!(lane_sum(&xs), plain, "{n}");
        }
        assert_eq!(lane_sum(&[1.0, f64::NEG_INFINITY, 2.0]), f64::NEG_INFINITY);
    }
}
