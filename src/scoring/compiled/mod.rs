//! Compiled scoring: a case turned into a contiguous block of effective
//! log-likelihood terms, for scoring at memory speed, many cases at a time,
//! or one item at a time. Rank weights of dependence groups (docs/model.md
//! section 2, step 3) are computed when compiling, and again for a group
//! when [`Compiled::add`] puts an item into it.
//!
//! [`Case::score`] sums the terms exactly (Shewchuk), so its result does not
//! depend on the order of the evidence, bit for bit. A [`Compiled`] case
//! sums the same terms in plain `f64`, in the 32 lanes of the SIMD kernel
//! (`numeric::kernel`), and the terms of the items added since compiling
//! item by item: tens to hundreds of times faster (README, Performance),
//! and within a few ulps per item of the exact sum (the posteriors agree to
//! about `1e-13` relative for 1 000 items), but no longer bit-for-bit
//! independent of the order of the evidence. That plain sum is what
//! compiled scoring is for, so it is the one path that does not total its
//! terms in `numeric::totals`.

use crate::domain::case::{Case, Uncertainty};
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, GroupId};
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::evidence_builder::EvidenceBuilder;
use crate::numeric::exp;
use crate::numeric::kernel::{Aligned, is_short, long_row_sums_with, row_sums};
use crate::scoring::engine;
use crate::scoring::verdict::Status;
use pulp::{Arch, Simd, WithSimd};
use std::collections::HashSet;

mod batch;
mod cases;

pub use batch::{Batch, score_ln_likelihoods};

/// A way to normalise or score cases, for the tests of the modules below.
#[cfg(test)]
type Normaliser<'a> = dyn Fn(&mut [f64], &mut [Option<usize>]) -> usize + 'a;

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
/// // one more item, without compiling the case again
/// compiled.add(Evidence::builder("e2").likelihood("a", 0.5).likelihood("b", 0.5))?;
/// compiled.add(Evidence::builder("e3").likelihood("a", 0.2).likelihood("b", 0.6))?;
/// compiled.score_into(&mut post)?;
/// assert!((post[0] - 0.5).abs() < 1e-15); // odds 3 * 1 * (1/3) = 1
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The case without its evidence, perspectives and descriptive text:
    /// hypotheses, prior, threshold, weighting, sources and groups, what
    /// checking an added item needs (its source, credibility and group).
    skeleton: Case,
    /// The ids of every item, compiled in or added, so that an added item
    /// cannot reuse one.
    ids: Ids,
    /// The items with an effective likelihood of exactly 0 for some
    /// hypothesis, in the order of the evidence, with the hypotheses they
    /// eliminate: what a contradiction names.
    zeros: Vec<(EvidenceId, Vec<usize>)>,
    n: usize,
    items: usize,
    /// Terms, hypothesis-major: `terms[h * items + e]`, on a cache line.
    terms: Aligned,
    /// Per hypothesis, the sum of the terms of independent items added
    /// after compiling.
    added_free: Vec<f64>,
    /// Per hypothesis, `added_free` plus every group's `added`.
    added: Vec<f64>,
    /// The dependence groups, with what re-ranking them needs.
    groups: Vec<CompiledGroup>,
    ln_prior: Vec<f64>,
    threshold: f64,
}

/// A dependence group of a compiled case: its members' effective rows, so
/// that adding an item re-ranks it.
#[derive(Debug, Clone, PartialEq)]
struct CompiledGroup {
    id: GroupId,
    keep: f64,
    /// The members in id order: id, effective row `ln l''`, and the
    /// position of its terms among the compiled items (`None` for an item
    /// added since).
    members: Vec<(EvidenceId, Vec<f64>, Option<usize>)>,
    /// Per hypothesis, the sum of the terms of the members added since.
    added: Vec<f64>,
}

impl Case {
    /// Compiles the case: every item's effective log-likelihood terms
    /// (docs/model.md section 2, with the groups ranked as they are now) computed
    /// once and stored contiguously, hypothesis by hypothesis.
    /// The compiled case keeps what scoring and [`Compiled::add`] need
    /// (hypotheses, prior, threshold, weighting, sources, groups, the
    /// items' ids), not the items' descriptions, rationales and references.
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
        let effective = self.effective_rows(&self.item_models());
        let mut item_terms = vec![0.0; effective.len()];
        let mut weights = vec![0.0; effective.len()];
        let layout = self.layout();
        engine::all_terms(&layout, &effective, n, &mut weights, &mut item_terms);
        let mut terms = vec![0.0; n * items];
        for (e, row) in item_terms.chunks_exact(n).enumerate() {
            for (h, &t) in row.iter().enumerate() {
                terms[h * items + e] = t;
            }
        }
        let mut groups: Vec<CompiledGroup> = self
            .groups
            .iter()
            .map(|g| CompiledGroup {
                id: g.id.clone(),
                keep: 1.0 - g.correlation.get(),
                members: Vec::new(),
                added: vec![0.0; n],
            })
            .collect();
        for (e, item) in self.evidence.iter().enumerate() {
            let group = item
                .fields
                .group
                .as_ref()
                .and_then(|id| groups.iter_mut().find(|g| &g.id == id));
            if let (Some(g), Some(row)) = (group, effective.get(e * n..(e + 1) * n)) {
                g.members.push((item.id.clone(), row.to_vec(), Some(e)));
            }
        }
        for g in &mut groups {
            g.members.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        }
        let mut zeros = Vec::new();
        for (item, row) in self.evidence.iter().zip(effective.chunks_exact(n.max(1))) {
            if let Some(z) = eliminated(row) {
                zeros.push((item.id.clone(), z));
            }
        }
        Ok(Compiled {
            skeleton: self.skeleton(),
            ids: Ids::Listed(self.evidence.iter().map(|e| e.id.clone()).collect()),
            zeros,
            n,
            items,
            terms: Aligned::from_slice(&terms),
            added_free: vec![0.0; n],
            added: vec![0.0; n],
            groups,
            ln_prior: self.prior.ln_relative.clone(),
            threshold: self.threshold().get(),
        })
    }
}

impl Case {
    /// What a compiled case keeps of the case: everything an added item is
    /// checked against, nothing per item.
    fn skeleton(&self) -> Case {
        Case {
            title: None,
            date: None,
            place: None,
            weighting: self.weighting,
            weighting_given: self.weighting_given,
            threshold: self.threshold,
            hypotheses: self.hypotheses.clone(),
            prior: self.prior.clone(),
            sources: self.sources.clone(),
            groups: self.groups.clone(),
            evidence: Default::default(),
            uncertainty: Uncertainty::default(),
            perspectives: Vec::new(),
            scales: self.scales.clone(),
            scale: self.scale.clone(),
            standards: Vec::new(),
            standard: None,
            // an added item's step is checked against them
            steps: self.steps.clone(),
            lookup: self.lookup.without_evidence().into(),
        }
    }
}

/// The ids of a compiled case's items: a plain list when compiling (no
/// hashing for a case that is only scored), a set from the first added item.
#[derive(Debug, Clone, PartialEq)]
enum Ids {
    Listed(Vec<EvidenceId>),
    Hashed(HashSet<EvidenceId>),
}

impl Ids {
    /// Adds an id; false when it is there already.
    fn insert(&mut self, id: &EvidenceId) -> bool {
        if let Ids::Listed(list) = self {
            *self = Ids::Hashed(std::mem::take(list).into_iter().collect());
        }
        match self {
            Ids::Hashed(set) => set.insert(id.clone()),
            Ids::Listed(_) => false,
        }
    }
}

/// The hypotheses an effective row `ln l''` eliminates, if any.
fn eliminated(row: &[f64]) -> Option<Vec<usize>> {
    if row.iter().all(|&l| l != f64::NEG_INFINITY) {
        return None;
    }
    Some(
        row.iter()
            .enumerate()
            .filter(|(_, l)| **l == f64::NEG_INFINITY)
            .map(|(h, _)| h)
            .collect(),
    )
}

impl Compiled {
    /// The hypotheses, in the case's order: the order of every output.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// assert_eq!(c.hypotheses()[1].id().as_str(), "b");
    /// assert_eq!(c.hypotheses()[1].label(), "B");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[Hypothesis] {
        &self.skeleton.hypotheses
    }

    /// The number of items compiled in (not counting those added since).
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// assert_eq!(c.item_count(), 0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn item_count(&self) -> usize {
        self.items
    }

    /// Writes the joint log-probabilities `ln prior(h) + sum_e terms` (up to
    /// a constant common to all hypotheses) into `out`, one per hypothesis.
    fn ln_joint_into(&self, out: &mut [f64]) {
        let len = self.n.min(out.len());
        let out = &mut out[..len];
        row_sums(self.terms.as_slice(), self.items, out);
        for (h, o) in out.iter_mut().enumerate() {
            *o += self.added[h] + self.ln_prior[h];
        }
    }

    /// Scores the case into `out` (one posterior per hypothesis, in the
    /// case's order) and returns the position of the leader.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Length`](crate::ErrorKind::Length) when `out` does not have one place per
    /// hypothesis; [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory), naming the items responsible,
    /// when every hypothesis is eliminated.
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
        check_len("output (one place per hypothesis)", out.len(), self.n)?;
        let leader = if is_short(self.items) {
            self.ln_joint_into(out);
            normalise_in_place(out)
        } else {
            Arch::new().dispatch(ScoreOne { case: self, out })
        };
        leader.ok_or_else(|| self.contradiction())
    }

    /// The verdict's status and the leader's position, scored as
    /// [`score_into`](Compiled::score_into) does.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when every hypothesis is eliminated.
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

    /// Adds one item, after the items compiled in. The item is checked as
    /// an item of the case (its source, credibility, reliability and group
    /// apply, and its id must be new). An independent item costs
    /// O(hypotheses x groups + sources): it is checked against a copy of the
    /// case's hypotheses, prior, sources and groups, and the totals of the
    /// added items are summed again, group by group, for every hypothesis.
    /// The first item added also puts the ids of the compiled items into a
    /// set, once, in O(items). An item that joins a dependence group
    /// re-ranks that group (docs/model.md section 2, step 3), which costs
    /// O(k log k) more per hypothesis for a group of `k` items.
    ///
    /// # Errors
    ///
    /// Any error the item would raise in the case, naming it and the field.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let mut c = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .group("g", 1.0).build()?.compile()?;
    /// c.add(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2))?;
    /// let mut post = [0.0; 2];
    /// c.score_into(&mut post)?;
    /// assert!((post[0] - 0.8).abs() < 1e-15);
    /// // two copies of one report in a group with rho = 1 count once
    /// c.add(Evidence::builder("x1").likelihood("a", 0.8).likelihood("b", 0.2).group("g"))?;
    /// c.add(Evidence::builder("x2").likelihood("a", 0.8).likelihood("b", 0.2).group("g"))?;
    /// c.score_into(&mut post)?;
    /// assert!((post[0] - 16.0 / 17.0).abs() < 1e-15); // odds 4 * 4
    /// assert!(c.add(Evidence::builder("bad").likelihood("a", 1.5).likelihood("b", 0.2)).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn add(&mut self, item: EvidenceBuilder) -> Result<(), Error> {
        // The item is checked as the one item of the case's skeleton (its
        // hypotheses, sources and groups), then its id against the others.
        let (new, row, _) = self.skeleton.with_item(&item.0)?;
        if !self.ids.insert(&new.id) {
            return Err(Error::from(Detail::Duplicate {
                item: Item::Case,
                field: "evidence id".into(),
                id: new.id.to_string(),
            }));
        }
        if let Some(z) = eliminated(&row) {
            self.zeros.push((new.id.clone(), z));
        }
        let group = new
            .fields
            .group
            .as_ref()
            .and_then(|g| self.groups.iter().position(|x| &x.id == g));
        match group {
            None => {
                let mut terms = vec![0.0; self.n];
                engine::terms_row(&row, &mut terms);
                for (a, t) in self.added_free.iter_mut().zip(&terms) {
                    *a += t;
                }
            }
            Some(g) => self.rerank(g, new.id, row),
        }
        for (h, total) in self.added.iter_mut().enumerate() {
            *total = self.added_free[h] + self.groups.iter().map(|g| g.added[h]).sum::<f64>();
        }
        Ok(())
    }

    /// Puts a new member into group `g` and ranks the group anew: the
    /// compiled members' terms are rewritten in place, the added members'
    /// terms summed into the group's `added`.
    fn rerank(&mut self, g: usize, id: EvidenceId, row: Vec<f64>) {
        let n = self.n;
        let items = self.items;
        let Some(group) = self.groups.get_mut(g) else {
            return;
        };
        let at = group
            .members
            .partition_point(|m| m.0.as_str() < id.as_str());
        group.members.insert(at, (id, row, None));
        let layout = engine::Members {
            keep: group.keep,
            items: (0..group.members.len()).collect(),
        };
        let mut scratch = engine::GroupScratch::default();
        scratch.rank(&layout, n, |m| group.members.get(m).map(|x| x.1.as_slice()));
        group.added.fill(0.0);
        for (m, member) in group.members.iter().enumerate() {
            let terms = &scratch.terms[m * n..(m + 1) * n];
            match member.2 {
                Some(e) => {
                    for (h, &t) in terms.iter().enumerate() {
                        if let Some(x) = self.terms.as_mut_slice().get_mut(h * items + e) {
                            *x = t;
                        }
                    }
                }
                None => {
                    for (a, t) in group.added.iter_mut().zip(terms) {
                        *a += t;
                    }
                }
            }
        }
    }

    /// The error for a contradictory case: the items with a zero effective
    /// likelihood for a hypothesis the prior allows, in evidence order (as
    /// [`Case::score`] names them).
    fn contradiction(&self) -> Error {
        let allowed = |h: &usize| {
            self.ln_prior
                .get(*h)
                .is_some_and(|&p| p != f64::NEG_INFINITY)
        };
        let items = self
            .zeros
            .iter()
            .filter(|(_, z)| z.iter().any(allowed))
            .map(|(id, _)| id.to_string())
            .collect();
        Error::from(Detail::Contradictory { items })
    }
}

fn check_len(what: &'static str, got: usize, expected: usize) -> Result<(), Error> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::from(Detail::Length {
            what,
            got,
            expected,
        }))
    }
}

/// Turns joint log-probabilities into posteriors in place; the leader, or
/// `None` when every hypothesis is eliminated.
///
/// Takes each exponential once: the rivals' `exp(x - top)` are written in
/// place by [`exp::exp_in_place`] (the bits of `f64::exp`, eight at a
/// time), summed into the norm in the order and from the start
/// `engine::normalise` uses, so the bits are its, then every place is
/// divided by it, the leader's holding 1 (`1 / norm` is its posterior):
/// vector divisions, each correctly rounded as the scalar ones were.
fn normalise_in_place(x: &mut [f64]) -> Option<usize> {
    normalise_with::<false>(x)
}

/// [`score_into`](Compiled::score_into) of a case whose rows are long
/// (not [`is_short`]), as one `pulp` operation: the row sums,
/// the prior and added items, and [`normalise_in_place`] compiled together
/// for the processor's widest registers, the exponentials without a
/// dispatch of their own.
struct ScoreOne<'a, 'b> {
    case: &'a Compiled,
    out: &'b mut [f64],
}

impl WithSimd for ScoreOne<'_, '_> {
    type Output = Option<usize>;

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) -> Option<usize> {
        let ScoreOne { case, out } = self;
        long_row_sums_with(simd, case.terms.as_slice(), case.items, out);
        for ((o, &a), &p) in out.iter_mut().zip(&case.added).zip(&case.ln_prior) {
            *o += a + p;
        }
        normalise_with::<true>(out)
    }
}

/// [`normalise_in_place`], its exponentials by [`exp::exp_in_place_here`]
/// (`HERE`: inside the caller's SIMD context) or [`exp::exp_in_place`].
/// (A const parameter, not a closure: a closure's `FnOnce` shim need not
/// be inlined, and then runs without the context's features.)
#[inline(always)]
fn normalise_with<const HERE: bool>(x: &mut [f64]) -> Option<usize> {
    let (leader, top) = engine::leader(x)?;
    for (h, v) in x.iter_mut().enumerate() {
        // the leader's place: exp(-inf) is 0, and certain at once (an
        // eliminated rival's -inf also gives 0, its posterior)
        *v = if h == leader {
            f64::NEG_INFINITY
        } else {
            *v - top
        };
    }
    if HERE {
        exp::exp_in_place_here(x);
    } else {
        exp::exp_in_place(x);
    }
    let mut rest = -0.0;
    for (h, &v) in x.iter().enumerate() {
        if h != leader {
            rest += v;
        }
    }
    let norm = 1.0 + rest;
    x[leader] = 1.0;
    for v in x.iter_mut() {
        *v /= norm;
    }
    Some(leader)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalisation as it was written before it took each
    /// exponential once: `engine::normalise`, then every rival's
    /// exponential again.
    fn twice(x: &mut [f64]) -> Option<usize> {
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

    #[test]
    fn normalise_once_gives_the_bits_of_normalising_twice() {
        let mut next = crate::numeric::bits53(0x2545_F491_4F6C_DD1D);
        for round in 0..20_000 {
            let n = 1 + round % 9;
            let x: Vec<f64> = (0..n)
                .map(|_| match next() % 10 {
                    0 => f64::NEG_INFINITY,
                    1 => -745.0 - (next() % 100) as f64, // exp underflows
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 4),
                })
                .collect();
            let (mut once, mut two) = (x.clone(), x.clone());
            assert_eq!(normalise_in_place(&mut once), twice(&mut two), "{x:?}");
            let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&once), bits(&two), "{x:?}");
        }
        assert_eq!(normalise_in_place(&mut []), None);
        assert_eq!(normalise_in_place(&mut [f64::NEG_INFINITY; 3]), None);
    }

    #[test]
    fn scoring_long_rows_in_one_operation_gives_the_bits_of_normalising_twice() {
        // cases whose rows are long (32 items or more: the one `pulp`
        // operation of `score_into`), of 1 to 17 hypotheses, with zero
        // likelihoods (a -inf row sum), a grouped pair and an item added
        // after compiling: the posteriors and leader of `score_into` are
        // those of the joint normalised as before (`twice`), bit for bit
        use crate::{Case, Evidence};
        let mut next = crate::numeric::bits53(0x9E37_79B9_7F4A_7C15);
        let mut u = move || next() as f64 / (1u64 << 53) as f64;
        for round in 0..120 {
            let n = 1 + round % 17;
            let items = 32 + (round * 7) % 70;
            let mut b = Case::builder().group("g", 0.5);
            for h in 0..n {
                b = b.hypothesis(format!("h{h}"), format!("H{h}"));
            }
            for i in 0..items {
                let mut item = Evidence::builder(format!("e{i}"));
                for h in 0..n {
                    // now and then a zero (the hypothesis eliminated), else
                    // likelihoods over six orders of magnitude
                    let l = if (round + i + h) % 97 == 0 {
                        0.0
                    } else {
                        10f64.powf(-6.0 * u())
                    };
                    item = item.likelihood(format!("h{h}"), l);
                }
                if i < 2 {
                    item = item.group("g");
                }
                b = b.evidence(item);
            }
            let Ok(case) = b.build() else { continue };
            let mut c = case.compile().expect("compiles");
            if round % 3 == 0 {
                let mut extra = Evidence::builder("added");
                for h in 0..n {
                    extra = extra.likelihood(format!("h{h}"), 0.1 + 0.8 * u());
                }
                c.add(extra).expect("a new item");
            }
            let mut post = vec![0.0; n];
            let mut joint = vec![0.0; n];
            c.ln_joint_into(&mut joint);
            let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            match (c.score_into(&mut post), twice(&mut joint)) {
                (Ok(l), Some(m)) => {
                    assert_eq!(l, m, "round {round}");
                    assert_eq!(bits(&post), bits(&joint), "round {round}");
                }
                (Err(_), None) => {}
                (got, want) => panic!("round {round}: {got:?} against {want:?}"),
            }
        }
    }
}
