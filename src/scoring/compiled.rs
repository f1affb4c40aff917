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
use crate::domain::id::{EvidenceId, GroupId, HypothesisId};
use crate::error::Detail;
use crate::error::{Error, Item};
use crate::format::evidence_builder::EvidenceBuilder;
use crate::numeric::kernel::{
    Ahead, Aligned, Later, add_rows, case_sums, is_short, long_row_sums_with, row_sums,
    row_sums_one_by_one,
};
use crate::numeric::pages::Terms;
use crate::numeric::{by_width, exp};
use crate::scoring::engine;
use crate::scoring::verdict::Status;
use pulp::{Arch, Scalar, Simd, WithSimd};
use std::collections::HashSet;

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
    let mut leader = 0;
    for (h, &v) in x.iter().enumerate() {
        if v > x[leader] {
            leader = h;
        }
    }
    let top = *x.get(leader)?;
    if top == f64::NEG_INFINITY {
        return None;
    }
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

/// [`normalise_in_place`] for each case of `x` (`n` places each), its
/// leader into `leaders`; a contradictory case's row is set to 0. Returns
/// how many were contradictory.
#[cfg(test)]
fn normalise_cases(x: &mut [f64], n: usize, leaders: &mut [Option<usize>]) -> usize {
    add_and_normalise_cases(x, &[], n, leaders, Later::default())
}

/// `base` added to `x` place by place (`ln prior + added` of each case,
/// to its sums), then each case normalised as [`normalise_in_place`]
/// does it, its leader into `leaders` and a contradictory case's row set
/// to 0; how many were contradictory. The hints `later` are given just
/// before the exponentials (`numeric::kernel::LATER`). Cases of two, four or eight
/// hypotheses are normalised across cases ([`normalise_across`], one
/// lane of a vector per case), compiled for the widest registers the
/// processor has (`pulp`'s dispatch); others in passes over the cases
/// ([`normalise_in_passes`]). Measured in the caches, `batch/Hx16x500`
/// against the plain sum of 512 MB (3 to 5 interleaved rounds, CPU time,
/// medians): across 1.79 against 1.50 in passes for four hypotheses, 1.88
/// against 1.73 for eight, 1.29 against 1.27 for two; for three and five,
/// whose places `pulp` cannot shuffle across cases, across cost 1.17
/// against 1.40 and 1.26 against 1.59, and the passes compiled inside the
/// dispatch 1.14 and 1.38 (the compiler's own vectors for them are
/// worse than the baseline's).
fn add_and_normalise_cases(
    x: &mut [f64],
    base: &[f64],
    n: usize,
    leaders: &mut [Option<usize>],
    mut later: Later<'_>,
) -> usize {
    for (v, &b) in x.iter_mut().zip(base) {
        *v += b;
    }
    let later = &mut later;
    if matches!(n, 2 | 4 | 8) {
        Arch::new().dispatch(NormaliseCases {
            x,
            n,
            leaders,
            later,
        })
    } else {
        normalise_in_passes(x, n, leaders, later)
    }
}

/// The operation of [`add_and_normalise_cases`], for `pulp`'s dispatch.
struct NormaliseCases<'a, 'b, 'c, 'd> {
    x: &'a mut [f64],
    n: usize,
    leaders: &'b mut [Option<usize>],
    later: &'c mut Later<'d>,
}

impl WithSimd for NormaliseCases<'_, '_, '_, '_> {
    type Output = usize;

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) -> usize {
        let NormaliseCases {
            x,
            n,
            leaders,
            later,
        } = self;
        match n {
            2 => across_cases::<2>(simd, x, leaders, later),
            4 => across_cases::<4>(simd, x, leaders, later),
            8 => across_cases::<8>(simd, x, leaders, later),
            _ => normalise_in_passes(x, n, leaders, later),
        }
    }
}

/// [`normalise_across`] for the cases of `x` (`N` places each), as many
/// at a time as `simd` has lanes; the last few one by one.
#[inline(always)]
fn across_cases<const N: usize>(
    simd: impl Simd,
    x: &mut [f64],
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    #[inline(always)]
    fn run<S: Simd, const N: usize>(
        simd: S,
        x: &mut [f64],
        leaders: &mut [Option<usize>],
        later: &mut Later<'_>,
    ) -> usize {
        let lanes = size_of::<S::f64s>() / size_of::<f64>();
        let whole = leaders.len() / lanes * lanes;
        let (Some((xs, rest)), Some((ls, last))) = (
            x.split_at_mut_checked(whole * N),
            leaders.split_at_mut_checked(whole),
        ) else {
            return 0;
        };
        // loops, not `map` and `sum`: their `fold` is not inlined, so it
        // would be compiled for the baseline
        let mut contradictory = 0;
        for (x, l) in xs
            .chunks_exact_mut(lanes * N)
            .zip(ls.chunks_exact_mut(lanes))
        {
            contradictory += normalise_across::<S, N>(simd, x, l, later);
        }
        for (x, l) in rest.chunks_exact_mut(N).zip(last.chunks_exact_mut(1)) {
            contradictory += normalise_across::<Scalar, N>(Scalar, x, l, later);
        }
        contradictory
    }
    run::<_, N>(simd, x, leaders, later)
}

/// The places of `S`'s lanes cases (`N` registers, case after case) as
/// `N` registers of one place each, one lane per case (`back`: the
/// other way): `pulp`'s shuffles for two and four places, through memory
/// for the other widths.
#[inline(always)]
fn transpose<S: Simd, const N: usize>(simd: S, v: [S::f64s; N], back: bool) -> [S::f64s; N] {
    let mut out = v;
    if let Ok(four) = <[S::f64s; 4]>::try_from(&v[..]) {
        let t = if back {
            simd.interleave_shfl_f64s(four)
        } else {
            simd.deinterleave_shfl_f64s(four)
        };
        out.copy_from_slice(&t);
    } else if let Ok(two) = <[S::f64s; 2]>::try_from(&v[..]) {
        let t = if back {
            simd.interleave_shfl_f64s(two)
        } else {
            simd.deinterleave_shfl_f64s(two)
        };
        out.copy_from_slice(&t);
    } else {
        let lanes = size_of::<S::f64s>() / size_of::<f64>();
        let from: &[f64] = pulp::bytemuck::cast_slice(&v);
        let to: &mut [f64] = pulp::bytemuck::cast_slice_mut(&mut out);
        for (k, t) in to.iter_mut().enumerate() {
            // `to[h * lanes + c]` is `from[c * N + h]` (or back)
            let at = if back {
                (k % N) * lanes + k / N
            } else {
                (k % lanes) * N + k / lanes
            };
            *t = from.get(at).copied().unwrap_or(0.0);
        }
    }
    out
}

/// Normalises as many cases as `simd` has lanes (`x`: `N` places each,
/// case after case; `leaders`: one per case) as [`normalise_in_place`]
/// does each, with the cases side by side: `pulp`'s deinterleave puts
/// place `h` of every case into vector `h` (one lane per case), and every
/// step is then the same operation on all the cases at once: the leader
/// (the first place of the largest value; `None` when it is `-inf`); the
/// differences from it, the leader's place and a contradictory case's
/// places `-inf` (`exp(-inf)` is 0, and certain at once); the
/// exponentials of the rivals only, the leader's place (whose
/// exponential is `+0`) left out and the places after it moved down one,
/// so that `N - 1` vectors hold them (a quarter fewer exponentials for
/// four hypotheses, half for two), taken by [`exp::exp_in_place_here`]
/// (lane by lane, compiled into the caller's `pulp` operation, without
/// a dispatch of their own), and put back in their places, `+0` in the
/// leader's; the norm, `1 + `
/// the exponentials summed in order from `-0.0` (the leader's `+0`
/// changes no sum but a `-0.0` into `+0.0`, and `1 + 0` is 1 either way:
/// the bits of the norm that skips it); 1 in the leader's place; every
/// place divided by the norm (`1 / norm` is the leader's posterior; a
/// contradictory case divides its zeros by 1). The same operations on the
/// same values as `normalise_in_place`, so the same bits; the places are
/// interleaved back into `x`. The hints `later` are given before the
/// exponentials. Returns how many cases were contradictory.
#[inline(always)]
fn normalise_across<S: Simd, const N: usize>(
    simd: S,
    x: &mut [f64],
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    let Ok(cases) = <&mut [S::f64s; N]>::try_from(S::as_mut_simd_f64s(x).0) else {
        return 0;
    };
    let place = transpose(simd, *cases, false);
    let minus_inf = simd.splat_f64s(f64::NEG_INFINITY);
    let mut top = place[0];
    let mut leader = simd.splat_u64s(0);
    for (h, &v) in place.iter().enumerate().skip(1) {
        let above = simd.greater_than_f64s(v, top);
        top = simd.select_f64s(above, v, top);
        leader = simd.select_u64s(above, simd.splat_u64s(h as u64), leader);
    }
    let contradictory = simd.equal_f64s(top, minus_inf);
    let at = |h: usize| simd.equal_u64s(leader, simd.splat_u64s(h as u64));
    let mut e = [minus_inf; N];
    for (h, (e, &v)) in e.iter_mut().zip(&place).enumerate() {
        let gone = simd.or_m64s(contradictory, at(h));
        *e = simd.select_f64s(gone, minus_inf, simd.sub_f64s(v, top));
    }
    // the rivals' places moved down over the leader's (whose exponential,
    // of -inf, is +0): `N - 1` vectors hold every exponential to take;
    // `past[h]`, the leader is at `h` or before
    let mut past = [at(0); N];
    for h in 1..N {
        past[h] = simd.or_m64s(past[h - 1], at(h));
    }
    let mut rivals = e;
    for h in 0..N - 1 {
        rivals[h] = simd.select_f64s(past[h], e[h + 1], e[h]);
    }
    later.give();
    exp::exp_in_place_here(pulp::bytemuck::cast_slice_mut(&mut rivals[..N - 1]));
    let zero = simd.splat_f64s(0.0);
    for (h, e) in e.iter_mut().enumerate() {
        let rival = match h.checked_sub(1) {
            Some(g) => simd.select_f64s(past[g], rivals[g], rivals[h]),
            None => rivals[h],
        };
        *e = simd.select_f64s(at(h), zero, rival);
    }
    let mut rest = simd.splat_f64s(-0.0);
    for &v in &e {
        rest = simd.add_f64s(rest, v);
    }
    let norm = simd.add_f64s(simd.splat_f64s(1.0), rest);
    let one = simd.splat_f64s(1.0);
    for (h, e) in e.iter_mut().enumerate() {
        let p = simd.select_f64s(at(h), simd.select_f64s(contradictory, *e, one), *e);
        *e = simd.div_f64s(p, norm);
    }
    *cases = transpose(simd, e, true);
    let none = simd.select_u64s(contradictory, simd.splat_u64s(1), simd.splat_u64s(0));
    let leader: &[u64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&leader));
    let none: &[u64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&none));
    // the shuffles may put the cases in their lanes in another order: the
    // case of each lane is where its place 0 came from
    let mut from = [simd.splat_f64s(0.0); N];
    for (k, v) in pulp::bytemuck::cast_slice_mut::<_, f64>(&mut from)
        .iter_mut()
        .enumerate()
    {
        *v = k as f64;
    }
    let from = transpose(simd, from, false)[0];
    let from: &[f64] = pulp::bytemuck::cast_slice(std::slice::from_ref(&from));
    let mut count = 0;
    for ((&h, &z), &k) in leader.iter().zip(none).zip(from) {
        if let Some(l) = leaders.get_mut(k as usize / N) {
            *l = (z == 0).then_some(h as usize);
            count += z as usize;
        }
    }
    count
}

/// [`add_and_normalise_cases`] in passes over the cases, for any number
/// of hypotheses.
///
/// The same operations on the same values as `normalise_in_place` case by
/// case, so the same bits, but in passes over the cases: leaders; the
/// differences from the leader; the exponentials of all the cases at once
/// ([`exp::exp_in_place`]: a vector of eight holds places of several
/// cases); norms; divisions. A case no longer waits for the division of
/// the one before, and the exponentials and divisions of different cases
/// overlap. The leader's place holds 1 after the norms, so that the last
/// pass divides every place of a case by its norm alike (`1 / norm` is
/// the leader's posterior), which the compiler turns into vector
/// divisions for up to eight hypotheses.
fn normalise_in_passes(
    x: &mut [f64],
    n: usize,
    leaders: &mut [Option<usize>],
    later: &mut Later<'_>,
) -> usize {
    if leaders.len() > CASES_TOGETHER {
        return x
            .chunks_mut(CASES_TOGETHER * n)
            .zip(leaders.chunks_mut(CASES_TOGETHER))
            .map(|(x, l)| normalise_in_passes(x, n, l, later))
            .sum();
    }
    let mut tops = [f64::NEG_INFINITY; CASES_TOGETHER];
    leaders_of_cases(x, n, leaders, &mut tops);
    differences(x, n, leaders, &tops);
    let cases = leaders.len().min(CASES_TOGETHER);
    if let Some(x) = x.get_mut(..cases * n) {
        later.give();
        exp::exp_in_place(x);
    }
    // a contradictory case divides its zeros by 1
    let mut norms = [1.0; CASES_TOGETHER];
    let contradictory = norms_of_cases(x, n, leaders, &mut norms);
    divide_cases(x, n, &norms);
    contradictory
}

/// Each case of `x` (`n` places each) less its top, the leader's place
/// and a contradictory case's places `-inf` (`exp(-inf)` is 0, and
/// certain at once), with `n` known to the compiler for up to eight
/// hypotheses (selects, not branches).
fn differences(x: &mut [f64], n: usize, leaders: &[Option<usize>], tops: &[f64]) {
    #[inline(always)]
    fn case(o: &mut [f64], l: Option<usize>, top: f64) {
        let leader = l.unwrap_or(usize::MAX);
        let contradictory = l.is_none();
        for (h, v) in o.iter_mut().enumerate() {
            let d = *v - top;
            *v = if contradictory | (h == leader) {
                f64::NEG_INFINITY
            } else {
                d
            };
        }
    }
    fn fixed<const N: usize>(x: &mut [f64], leaders: &[Option<usize>], tops: &[f64]) {
        for ((o, &l), &top) in x.chunks_exact_mut(N).zip(leaders).zip(tops) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                case(o, l, top);
            }
        }
    }
    by_width!(n, fixed(x, leaders, tops), {
        for ((o, &l), &top) in x.chunks_exact_mut(n.max(1)).zip(leaders).zip(tops) {
            case(o, l, top);
        }
    })
}

/// Each case's norm, `1 + ` its exponentials summed in order from `-0.0`,
/// into `norms`, and 1 in its leader's place; how many cases are
/// contradictory (their places 0, their norms 1). The leader's place
/// holds `exp(-inf) = +0`, which changes no sum but a `-0.0` into `+0.0`,
/// and `1 + 0` is 1 either way: the bits of the norm that skips it. With
/// `n` known to the compiler for up to eight hypotheses.
fn norms_of_cases(x: &mut [f64], n: usize, leaders: &[Option<usize>], norms: &mut [f64]) -> usize {
    #[inline(always)]
    fn case(o: &mut [f64], l: Option<usize>, norm: &mut f64) -> usize {
        let mut rest = -0.0;
        for &v in o.iter() {
            rest += v;
        }
        *norm = 1.0 + rest;
        match l {
            Some(leader) => {
                if let Some(v) = o.get_mut(leader) {
                    *v = 1.0;
                }
                0
            }
            None => 1,
        }
    }
    fn fixed<const N: usize>(x: &mut [f64], leaders: &[Option<usize>], norms: &mut [f64]) -> usize {
        let mut contradictory = 0;
        for ((o, &l), norm) in x.chunks_exact_mut(N).zip(leaders).zip(norms) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                contradictory += case(o, l, norm);
            }
        }
        contradictory
    }
    by_width!(n, fixed(x, leaders, norms), {
        let mut contradictory = 0;
        for ((o, &l), norm) in x.chunks_exact_mut(n.max(1)).zip(leaders).zip(norms) {
            contradictory += case(o, l, norm);
        }
        contradictory
    })
}

/// The leader of each case of `x` (`n` places each: the first place of
/// the largest value, `None` when it is `-inf`) and its value, with `n`
/// known to the compiler for up to eight hypotheses (comparisons without
/// branches).
fn leaders_of_cases(x: &[f64], n: usize, leaders: &mut [Option<usize>], tops: &mut [f64]) {
    fn fixed<const N: usize>(x: &[f64], leaders: &mut [Option<usize>], tops: &mut [f64]) {
        for ((o, l), top) in x.chunks_exact(N).zip(leaders).zip(tops) {
            if let Ok(o) = <&[f64; N]>::try_from(o) {
                let (mut leader, mut best) = (0, o[0]);
                for (h, &v) in o.iter().enumerate().skip(1) {
                    if v > best {
                        (leader, best) = (h, v);
                    }
                }
                *top = best;
                *l = (best != f64::NEG_INFINITY).then_some(leader);
            }
        }
    }
    by_width!(n, fixed(x, leaders, tops), {
        for ((o, l), top) in x.chunks_exact(n.max(1)).zip(leaders).zip(tops) {
            let mut leader = 0;
            for (h, &v) in o.iter().enumerate() {
                if v > o[leader] {
                    leader = h;
                }
            }
            *top = o.get(leader).copied().unwrap_or(f64::NEG_INFINITY);
            *l = (*top != f64::NEG_INFINITY).then_some(leader);
        }
    })
}

/// Divides each case of `x` (`n` places each) by its norm, with `n` known
/// to the compiler for up to eight hypotheses (one or two vector
/// divisions per case).
fn divide_cases(x: &mut [f64], n: usize, norms: &[f64]) {
    fn fixed<const N: usize>(x: &mut [f64], norms: &[f64]) {
        for (o, &norm) in x.chunks_exact_mut(N).zip(norms) {
            if let Ok(o) = <&mut [f64; N]>::try_from(o) {
                for v in o.iter_mut() {
                    *v /= norm;
                }
            }
        }
    }
    by_width!(n, fixed(x, norms), {
        for (o, &norm) in x.chunks_exact_mut(n.max(1)).zip(norms) {
            for v in o.iter_mut() {
                *v /= norm;
            }
        }
    })
}

/// Many compiled cases with the same hypotheses (ids, in the same order),
/// stored in one contiguous block, scored into a caller's buffer with no
/// allocation per case (feature `rayon`: in parallel, with results
/// identical to the serial ones).
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
/// let mut batch = Batch::new(["a", "b"])?;
/// batch.push(&one(0.9)?)?;
/// batch.push(&one(0.2)?)?;
/// let mut out = vec![0.0; batch.len() * 2];
/// let mut leaders = vec![None; batch.len()];
/// assert_eq!(batch.score_into(&mut out, &mut leaders)?, 0);
/// assert!((out[0] - 0.9).abs() < 1e-15 && (out[2] - 0.2).abs() < 1e-15);
/// assert_eq!(leaders, [Some(0), Some(1)]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    hypotheses: Vec<HypothesisId>,
    /// Per case: where its terms start, and how many items it has.
    spans: Vec<(usize, usize)>,
    /// In huge pages where the OS offers them (`numeric::pages`). A case
    /// with long rows keeps the layout of [`Compiled`], hypothesis by
    /// hypothesis; a case with short rows (fewer items than the kernel's
    /// lanes, `numeric::kernel::is_short`) is stored item by item, the
    /// hypotheses of an item side by side, for `numeric::kernel::case_sums`.
    terms: Terms,
    /// Per case and hypothesis: `ln prior + added`.
    base: Vec<f64>,
}

impl Batch {
    /// An empty batch for cases with these hypotheses, by id, in this
    /// order (the order of the posteriors in every row of the output).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::TooFewHypotheses`](crate::ErrorKind::TooFewHypotheses) for fewer than two ids;
    /// [`ErrorKind::InvalidId`](crate::ErrorKind::InvalidId) for an empty id or one with control characters;
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) for an id given twice.
    ///
    /// # Example
    ///
    /// ```
    /// let batch = attrib::Batch::new(["a", "b", "other"])?;
    /// assert!(batch.is_empty());
    /// assert_eq!(batch.hypotheses()[2].as_str(), "other");
    /// assert!(attrib::Batch::new(["a", "a"]).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new<I>(hypotheses: I) -> Result<Batch, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut ids: Vec<HypothesisId> = Vec::new();
        for (i, h) in hypotheses.into_iter().enumerate() {
            let id = HypothesisId::new(h.as_ref())
                .map_err(|e| e.at(&Item::HypothesisAt(i + 1), "id"))?;
            if ids.contains(&id) {
                return Err(Error::from(Detail::Duplicate {
                    item: Item::Value,
                    field: "batch hypothesis id".into(),
                    id: id.to_string(),
                }));
            }
            ids.push(id);
        }
        if ids.len() < 2 {
            return Err(Error::from(Detail::TooFewHypotheses { found: ids.len() }));
        }
        Ok(Batch {
            hypotheses: ids,
            spans: Vec::new(),
            terms: Terms::default(),
            base: Vec::new(),
        })
    }

    /// An empty batch for cases with the hypotheses of `case` (which is not
    /// pushed).
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// let mut batch = attrib::Batch::for_case(&c);
    /// batch.push(&c)?;
    /// assert_eq!(batch.len(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn for_case(case: &Compiled) -> Batch {
        Batch {
            hypotheses: case.hypotheses().iter().map(|h| h.id.clone()).collect(),
            spans: Vec::new(),
            terms: Terms::default(),
            base: Vec::new(),
        }
    }

    /// The batch's hypotheses, in the order of each row of the output.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Batch::new(["a", "b"])?.hypotheses().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[HypothesisId] {
        &self.hypotheses
    }

    /// Adds a compiled case.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HypothesisMismatch`](crate::ErrorKind::HypothesisMismatch), naming the first position that
    /// differs, when the case's hypotheses are not the batch's, id for id
    /// and in the same order.
    ///
    /// # Example
    ///
    /// ```
    /// let c = attrib::Case::builder().hypothesis("x", "X").hypothesis("y", "Y").build()?.compile()?;
    /// let mut batch = attrib::Batch::new(["x", "b"])?;
    /// let err = batch.push(&c).unwrap_err();
    /// assert_eq!(err.to_string(), "batch: case hypothesis #2 is 'y', the batch's is 'b'");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn push(&mut self, case: &Compiled) -> Result<(), Error> {
        let theirs = case.hypotheses();
        let len = theirs.len().max(self.hypotheses.len());
        for position in 0..len {
            let c = theirs.get(position).map(|h| &h.id);
            let b = self.hypotheses.get(position);
            if c != b {
                return Err(Error::from(Detail::HypothesisMismatch {
                    position: position + 1,
                    case: c.map(|id| id.to_string()),
                    batch: b.map(|id| id.to_string()),
                }));
            }
        }
        self.spans.push((self.terms.len(), case.items));
        let terms = case.terms.as_slice();
        if is_short(case.items) {
            // item by item, the hypotheses of an item side by side: value
            // [e, h] from terms[h * items + e]
            let (n, items) = (case.n, case.items);
            self.terms.extend_with(n * items, |dst| {
                for (e, item) in dst.chunks_exact_mut(n.max(1)).enumerate() {
                    for (h, d) in item.iter_mut().enumerate() {
                        *d = terms.get(h * items + e).copied().unwrap_or(0.0);
                    }
                }
            });
        } else {
            self.terms.extend_from_slice(terms);
        }
        self.base
            .extend(case.ln_prior.iter().zip(&case.added).map(|(p, a)| p + a));
        Ok(())
    }

    /// The number of cases.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Batch::new(["a", "b"])?.len(), 0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the batch has no cases.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::Batch::new(["a", "b"])?.is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Scores every case: into `out`, one row of posteriors per case (one
    /// per hypothesis, in the batch's order), and into `leaders`, per case,
    /// the position of its leader, or `None` when the case is contradictory
    /// (every hypothesis eliminated; its row is then all 0). Returns how
    /// many cases were contradictory.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Length`](crate::ErrorKind::Length) when `out` does not have `len() * hypotheses`
    /// places, or `leaders` does not have `len()`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Batch, Case, Evidence};
    ///
    /// let fine = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?.compile()?;
    /// let contradictory = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 1.0).likelihood("b", 0.0))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.0).likelihood("b", 1.0))
    ///     .build()?.compile()?;
    /// let mut batch = Batch::for_case(&fine);
    /// batch.push(&fine)?;
    /// batch.push(&contradictory)?;
    /// let mut out = [0.0; 4];
    /// let mut leaders = [None; 2];
    /// assert_eq!(batch.score_into(&mut out, &mut leaders)?, 1);
    /// assert_eq!(out, [0.5, 0.5, 0.0, 0.0]);
    /// assert_eq!(leaders, [Some(0), None]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn score_into(
        &self,
        out: &mut [f64],
        leaders: &mut [Option<usize>],
    ) -> Result<usize, Error> {
        let n = self.hypotheses.len();
        check_len(
            "output (cases times hypotheses)",
            out.len(),
            self.spans.len() * n,
        )?;
        check_len(
            "leaders (one place per case)",
            leaders.len(),
            self.spans.len(),
        )?;
        Ok(self.score_cases(out, leaders))
    }

    /// The cases from `first` on into `out` (`n` places each) and their
    /// leaders into `leaders` (one per case): how many were contradictory.
    ///
    /// The terms of consecutive cases lie one after the other, so a run of
    /// cases with as many items each is summed in one call of the kernel:
    /// small cases (fewer items than its lanes) item by item, an item's
    /// hypotheses in one vector addition, with the lines of the next
    /// cases hinted (`numeric::kernel::case_sums`); long ones row by row,
    /// one row after the other (`numeric::kernel::row_sums_one_by_one`:
    /// one stream for the prefetchers). Each row is summed as [`Compiled::score_into`] sums it, so the bits
    /// are its.
    fn score_run(
        &self,
        first: usize,
        out: &mut [f64],
        leaders: &mut [Option<usize>],
        ahead: Ahead,
    ) -> usize {
        let n = self.hypotheses.len();
        let cases = leaders.len();
        let terms = self.terms.as_slice();
        let mut later = Later::default();
        let mut c = 0;
        while c < cases {
            let (start, items) = self.spans[first + c];
            let mut end = c + 1;
            while end < cases && self.spans[first + end].1 == items {
                end += 1;
            }
            let from = terms.get(start..).unwrap_or(&[]);
            if let Some(rows) = out.get_mut(c * n..end * n) {
                if is_short(items) {
                    // a run of cases of different lengths: the hints
                    // left by the sums before are given now
                    later.give();
                    later = case_sums(from, n, items, rows, ahead);
                } else {
                    row_sums_one_by_one(from, items, rows);
                }
            }
            c = end;
        }
        let base = self.base.get(first * n..).unwrap_or(&[]);
        add_and_normalise_cases(out, base, n, leaders, later)
    }

    #[cfg(not(feature = "rayon"))]
    fn score_cases(&self, out: &mut [f64], leaders: &mut [Option<usize>]) -> usize {
        let n = self.hypotheses.len();
        let ahead = Ahead::fetch();
        out.chunks_mut(CASES_TOGETHER * n)
            .zip(leaders.chunks_mut(CASES_TOGETHER))
            .enumerate()
            .map(|(k, (o, l))| self.score_run(k * CASES_TOGETHER, o, l, ahead))
            .sum()
    }

    #[cfg(feature = "rayon")]
    fn score_cases(&self, out: &mut [f64], leaders: &mut [Option<usize>]) -> usize {
        use rayon::prelude::*;
        let n = self.hypotheses.len();
        let ahead = Ahead::fetch();
        let terms_a_run = self.terms.as_slice().len() / self.spans.len().max(1) * CASES_TOGETHER;
        out.par_chunks_mut(CASES_TOGETHER * n)
            .zip(leaders.par_chunks_mut(CASES_TOGETHER))
            .with_min_len(runs_together(terms_a_run))
            .enumerate()
            .map(|(k, (o, l))| self.score_run(k * CASES_TOGETHER, o, l, ahead))
            .sum()
    }
}

/// Cases a [`Batch`] scores in one run (and the grain of its parallel
/// work): few, so that reading the next run from memory and the
/// exponentials of this one alternate finely, and enough to normalise
/// together. Measured on `batch/4x16x1000000` against the plain sum of
/// 512 MB (median of 4 interleaved rounds, hints 2 KiB ahead, rows
/// summed eight side by side): 0.44 with runs of 64 cases, 0.47 with 16,
/// 0.52-0.53 with 8, 0.49 with 4, 0.53 with 2; in the caches
/// (`batch/4x16x500`) 8 is as fast as 64 and 2 is 0.85 of it. With cases
/// summed item by item (`numeric::kernel::case_sums`), 8 is still the
/// best of 4, 8, 16 and 32 (3 rounds).
const CASES_TOGETHER: usize = 8;

/// The least work, in terms, that the feature `rayon` gives a thread: a
/// smaller batch is scored on the calling thread alone. Measured in the
/// wall clock on 2 cores, quiet (`cargo bench --all-features --bench
/// probe` against the serial build, best of 5): 500 cases of 4 x 16
/// (32 000 terms) took 1.5x the serial time when split, 5 000 cases
/// 0.66x; 8 cases of 16 x 1 000 (128 000) as long either way, 64 cases
/// 0.66x. With this least (two rounds): 500 cases 2.7-2.8e9 updates/s
/// against 2.6-3.0e9 serial, 2 000 cases as fast as serial, 5 000
/// cases 1.3-1.5x serial, 64 cases of 16 x 1 000 1.3x.
#[cfg(feature = "rayon")]
const PARALLEL_TERMS: usize = 1 << 16;

/// How many runs of `terms_a_run` terms each make at least
/// [`PARALLEL_TERMS`] (at least one): the least a thread takes.
#[cfg(feature = "rayon")]
fn runs_together(terms_a_run: usize) -> usize {
    PARALLEL_TERMS.div_ceil(terms_a_run.max(1))
}

/// Scores many cases of independent evidence given as natural-log
/// likelihoods, read in place from a borrowed slice: no copy, no
/// allocation. For callers that hold the likelihoods in an array already
/// (such as a NumPy array, through the Python binding); a [`Batch`] serves
/// cases with sources, reliabilities and dependence groups.
///
/// # Layout and model
///
/// `ln_likelihoods` holds the cases one after the other; each case is
/// `items` rows (its evidence items, in any order) of `hypotheses` values
/// `ln P(e | h)`, the layout of a case file's likelihoods: value
/// `[c, e, h]` is at `(c * items + e) * hypotheses + h` (a C-ordered array
/// of shape `(cases, items, hypotheses)`). The number of cases is
/// `out.len() / hypotheses`.
///
/// Every item is independent evidence at reliability 1 (docs/model.md
/// section 2 with no source, group or soft observation), so a case's
/// posterior is `P(h) ∝ exp(ln prior(h) + sum_e ln P(e | h))`: what
/// [`Case::score`] gives for the case whose items have the likelihoods
/// `exp(ln P(e | h))`. Only the differences between hypotheses within an
/// item count, so any finite value is accepted (a likelihood above 1, such
/// as a density, is fine); `-inf` (a likelihood of 0) eliminates the
/// hypothesis.
///
/// `ln_prior` is `None` for a uniform prior, or the natural logs of prior
/// weights (up to a constant; `-inf` excludes a hypothesis), either one
/// row of `hypotheses` values for every case or one row per case
/// (`cases * hypotheses` values, case by case).
///
/// Posteriors are written into `out`, `hypotheses` per case in the order
/// of the cases. A case in which every hypothesis is eliminated is
/// contradictory: its posteriors are all 0, and the number of such cases
/// is returned (as [`Batch::score_into`] does). With the feature `rayon`
/// the cases are scored in parallel, with results identical to the serial
/// ones.
///
/// # Precision
///
/// The terms are summed in plain `f64`, item by item, so a posterior
/// agrees with [`Case::score`] (which sums exactly) to about
/// `items * 1e-16` relative to the largest log-likelihood sum. A case
/// whose sum would fall to `-inf` though every term is finite
/// (log-likelihoods near `-1e308`) is summed again with each item's row
/// shifted by its largest value, so it is scored, never a silent row of
/// zeros.
///
/// # Errors
///
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) (the field names the argument) when
/// `hypotheses` is 0; when `out.len()` is not a multiple of `hypotheses`;
/// when `ln_likelihoods.len()` is not `cases * items * hypotheses`; when
/// `ln_prior` has neither `hypotheses` nor `cases * hypotheses` values;
/// when a value is NaN or `+inf` (the field names its position
/// `[case, item, hypothesis]`, counted from 0), or a case's sum overflows
/// to `+inf`. Nothing is promised about `out` after an error.
///
/// # Example
///
/// ```
/// // two cases, two items, two hypotheses
/// let ln_l = [0.9f64.ln(), 0.1f64.ln(),   0.5f64.ln(), 0.5f64.ln(),
///             0.2f64.ln(), 0.6f64.ln(),   f64::NEG_INFINITY, 1.0f64.ln()];
/// let mut post = [0.0; 4];
/// let contradictory = attrib::score_ln_likelihoods(&ln_l, 2, 2, None, &mut post)?;
/// assert_eq!(contradictory, 0);
/// assert!((post[0] - 0.9).abs() < 1e-15); // odds 9 * 1
/// assert_eq!(post[2..], [0.0, 1.0]);      // the second item eliminates the first hypothesis
/// // a prior of 3 : 1 for every case
/// let prior = [3.0f64.ln(), 0.0];
/// attrib::score_ln_likelihoods(&ln_l, 2, 2, Some(&prior), &mut post)?;
/// assert!((post[0] - 27.0 / 28.0).abs() < 1e-15);
/// assert!(attrib::score_ln_likelihoods(&[f64::NAN; 8], 2, 2, None, &mut post).is_err());
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn score_ln_likelihoods(
    ln_likelihoods: &[f64],
    hypotheses: usize,
    items: usize,
    ln_prior: Option<&[f64]>,
    out: &mut [f64],
) -> Result<usize, Error> {
    let n = hypotheses;
    let range = |field: &str, value: usize, expected: &'static str| {
        Error::from(Detail::BufferLength {
            item: Item::Value,
            field: field.into(),
            value: value as f64,
            expected,
        })
    };
    if n == 0 {
        return Err(range("hypotheses", n, "1.. (at least one hypothesis)"));
    }
    if !out.len().is_multiple_of(n) {
        return Err(range(
            "output length",
            out.len(),
            "multiples of the number of hypotheses (cases * hypotheses)",
        ));
    }
    let cases = out.len() / n;
    if Some(ln_likelihoods.len()) != cases.checked_mul(items).and_then(|x| x.checked_mul(n)) {
        return Err(range(
            "ln_likelihoods length",
            ln_likelihoods.len(),
            "cases * items * hypotheses",
        ));
    }
    let uniform = vec![0.0; n];
    let prior = ln_prior.unwrap_or(&uniform);
    let shared = prior.len() == n;
    if !shared && prior.len() != out.len() {
        return Err(range(
            "ln_prior length",
            prior.len(),
            "hypotheses (one row for every case) or cases * hypotheses (one row per case)",
        ));
    }
    if let Some((at, &x)) = prior.iter().enumerate().find(|(_, x)| !is_log(**x)) {
        let (c, h) = (at / n, at % n);
        let field = if shared {
            format!("ln_prior[{h}]")
        } else {
            format!("ln_prior[{c}, {h}]")
        };
        return Err(not_a_log(field, x));
    }
    let width = items * n;
    let score = |case: usize, o: &mut [f64]| -> Scored {
        let p = if shared {
            prior
        } else {
            prior.get(case * n..(case + 1) * n).unwrap_or(&[])
        };
        for (x, &q) in o.iter_mut().zip(p) {
            *x = q;
        }
        let rows = ln_likelihoods
            .get(case * width..(case + 1) * width)
            .unwrap_or(&[]);
        add_rows(rows, o);
        if o.contains(&f64::NEG_INFINITY) && overflowed(rows, p, o) {
            add_rows_shifted(rows, p, o);
        }
        if o.iter().any(|x| !is_log(*x)) {
            Scored::Bad
        } else if normalise_in_place(o).is_none() {
            o.fill(0.0);
            Scored::Contradictory
        } else {
            Scored::Ok
        }
    };
    let (contradictory, bad) = score_all(out, n, width, score);
    match bad {
        None => Ok(contradictory),
        Some(case) => {
            let rows = ln_likelihoods
                .get(case * width..(case + 1) * width)
                .unwrap_or(&[]);
            let first = rows.iter().enumerate().find(|(_, x)| !is_log(**x));
            Err(match first {
                Some((at, &x)) => {
                    let (e, h) = (at / n, at % n);
                    not_a_log(format!("ln_likelihoods[{case}, {e}, {h}]"), x)
                }
                None => not_a_log(format!("the sum of ln_likelihoods[{case}]"), f64::INFINITY),
            })
        }
    }
}

/// How one case of [`score_ln_likelihoods`] went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scored {
    Ok,
    Contradictory,
    /// A value was NaN or `+inf`, or the sum overflowed.
    Bad,
}

/// Whether `x` is a natural log of a likelihood: finite or `-inf` (not NaN,
/// not `+inf`).
/// Whether a case's sum fell out of the finite range though its terms did
/// not: a hypothesis whose prior and log-likelihoods are all finite, yet
/// whose sum is `-inf` (terms near `-1e308` add up to it). A sum that
/// overflows to `+inf` stays an error.
#[cold]
fn overflowed(rows: &[f64], prior: &[f64], sums: &[f64]) -> bool {
    let n = sums.len();
    (0..n).any(|h| {
        sums[h] == f64::NEG_INFINITY
            && prior.get(h).is_some_and(|p: &f64| p.is_finite())
            && rows.iter().skip(h).step_by(n).all(|x| x.is_finite())
    })
}

/// The sums again, each item's row shifted by its largest finite value
/// first (only the differences within an item count, docs/model.md
/// section 2), so that no finite row can push a sum out of range: the
/// path of a case whose plain sum [`overflowed`].
#[cold]
fn add_rows_shifted(rows: &[f64], prior: &[f64], sums: &mut [f64]) {
    for (acc, &q) in sums.iter_mut().zip(prior) {
        *acc = q;
    }
    for row in rows.chunks_exact(sums.len()) {
        let top = row
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        let shift = if top.is_finite() { top } else { 0.0 };
        for (acc, x) in sums.iter_mut().zip(row) {
            *acc += x - shift;
        }
    }
}

fn is_log(x: f64) -> bool {
    (f64::NEG_INFINITY..f64::INFINITY).contains(&x)
}

/// The error for a value that is no natural log of a likelihood.
fn not_a_log(field: String, value: f64) -> Error {
    Error::from(Detail::OutOfRange {
        item: Item::Value,
        field,
        value,
        expected: "-inf..+inf (a finite natural log, or -inf to eliminate)",
    })
}

/// Scores every case of `out` (`n` places each): how many were
/// contradictory, and the first that was bad.
#[cfg(not(feature = "rayon"))]
fn score_all(
    out: &mut [f64],
    n: usize,
    _terms_a_case: usize,
    score: impl Fn(usize, &mut [f64]) -> Scored,
) -> (usize, Option<usize>) {
    let mut contradictory = 0;
    for (case, o) in out.chunks_exact_mut(n).enumerate() {
        match score(case, o) {
            Scored::Ok => {}
            Scored::Contradictory => contradictory += 1,
            Scored::Bad => return (contradictory, Some(case)),
        }
    }
    (contradictory, None)
}

/// Scores every case of `out` (`n` places each, `terms_a_case` terms
/// each), in parallel, each thread taking at least [`PARALLEL_TERMS`]
/// terms: how many were contradictory, and the first that was bad.
#[cfg(feature = "rayon")]
fn score_all(
    out: &mut [f64],
    n: usize,
    terms_a_case: usize,
    score: impl Fn(usize, &mut [f64]) -> Scored + Sync,
) -> (usize, Option<usize>) {
    use rayon::prelude::*;
    out.par_chunks_exact_mut(n)
        .with_min_len(runs_together(terms_a_case))
        .enumerate()
        .map(|(case, o)| match score(case, o) {
            Scored::Ok => (0, None),
            Scored::Contradictory => (1, None),
            Scored::Bad => (0, Some(case)),
        })
        .reduce(
            || (0, None),
            |a, b| {
                let bad = match (a.1, b.1) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                (a.0 + b.0, bad)
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "rayon")]
    #[test]
    fn a_thread_takes_at_least_the_parallel_grain() {
        // 2^16 terms: runs of 8 cases of 4 x 16 (512 terms) go 128 to a
        // thread, runs of 8 cases of 16 x 1 000 one; a case of 3 x 7
        // (21 terms) 3 121 (the last run's 2^16 - 3 120 * 21 = 16
        // terms short of the grain rounds up); empty cases count as 1
        assert_eq!(runs_together(512), 128);
        assert_eq!(runs_together(128_000), 1);
        assert_eq!(runs_together(21), 3_121);
        assert_eq!(runs_together(0), 65_536);
    }

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

    /// A way to normalise or score cases, for the tests below.
    type Normaliser<'a> = dyn Fn(&mut [f64], &mut [Option<usize>]) -> usize + 'a;

    #[test]
    fn every_simd_path_normalises_across_cases_with_the_same_bits() {
        let mut next = crate::numeric::bits53(0x2545_F491_4F6C_DD1D);
        for n in [2, 4, 8] {
            // two whole vectors of AVX-512 and a last run cut short
            let cases = 2 * 8 + 5;
            let mut x: Vec<f64> = (0..cases * n)
                .map(|_| match next() % 10 {
                    0 => f64::NEG_INFINITY,
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 4),
                })
                .collect();
            x[3 * n..4 * n].fill(f64::NEG_INFINITY);
            // ties: the first of equal places leads
            x[5 * n..6 * n].fill(-1.5);
            let mut want = x.clone();
            let mut want_leaders = vec![None; cases];
            for (row, l) in want.chunks_mut(n).zip(&mut want_leaders) {
                *l = normalise_in_place(row);
                if l.is_none() {
                    row.fill(0.0);
                }
            }
            let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            let check = |path: &str, run: &Normaliser<'_>| {
                let mut got = x.clone();
                let mut leaders = vec![Some(usize::MAX); cases];
                assert_eq!(run(&mut got, &mut leaders), 1, "{path}, {n} hypotheses");
                assert_eq!(leaders, want_leaders, "{path}, {n} hypotheses");
                assert_eq!(bits(&got), bits(&want), "{path}, {n} hypotheses");
                assert_eq!(leaders[5], Some(0));
            };
            check("scalar", &|x, leaders| {
                NormaliseCases {
                    x,
                    n,
                    leaders,
                    later: &mut Later::default(),
                }
                .with_simd(Scalar)
            });
            #[cfg(target_arch = "x86_64")]
            {
                if let Some(simd) = pulp::x86::V3::try_new() {
                    check("AVX2", &|x, leaders| {
                        simd.vectorize(|| {
                            NormaliseCases {
                                x,
                                n,
                                leaders,
                                later: &mut Later::default(),
                            }
                            .with_simd(simd)
                        })
                    });
                }
                if let Some(simd) = pulp::x86::V4::try_new() {
                    check("AVX-512", &|x, leaders| {
                        simd.vectorize(|| {
                            NormaliseCases {
                                x,
                                n,
                                leaders,
                                later: &mut Later::default(),
                            }
                            .with_simd(simd)
                        })
                    });
                }
            }
        }
    }

    /// A batch of two, four and eight hypotheses scored (runs of cases
    /// summed, then normalised across the cases, the leader's exponential
    /// left out), run by run and whole, against each case scored alone
    /// ([`Compiled::score_into`], whose sums and exponentials take other
    /// paths): bit for bit, leaders, ties and contradictions included.
    #[test]
    fn batch_runs_score_with_the_bits_of_each_case() {
        let mut next = crate::numeric::bits53(0x5851_F42D_4C95_7F2D);
        let mut uniform = move || next() as f64 / (1u64 << 53) as f64;
        for n in [2, 4, 8] {
            let mut compiled = Vec::new();
            for i in 0..(3 * CASES_TOGETHER + 5) {
                let mut b = Case::builder();
                for k in 0..n {
                    b = b.hypothesis(format!("h{k}"), format!("H{k}"));
                }
                // runs of 16 items broken by cases of other sizes; case
                // 9 contradictory, case 13 a tie for the lead, the leader
                // of the others anywhere
                let items = match i % 11 {
                    3 => 0,
                    7 => 40,
                    8 => 5,
                    _ => 16,
                };
                for e in 0..items {
                    let mut item = crate::Evidence::builder(format!("e{e}"));
                    for k in 0..n {
                        let l = match (i, e) {
                            (9, 0) => f64::from(u8::from(k != 0)),
                            (9, 1) => f64::from(u8::from(k == 0)),
                            (13, _) => 0.25,
                            _ => 10f64.powf(-20.0 * uniform().powi(4)),
                        };
                        item = item.likelihood(format!("h{k}"), l);
                    }
                    b = b.evidence(item);
                }
                compiled.push(b.build().unwrap().compile().unwrap());
            }
            let mut batch = Batch::for_case(&compiled[0]);
            for c in &compiled {
                batch.push(c).unwrap();
            }
            let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
            let mut want = vec![0.0; compiled.len() * n];
            let mut want_leaders = vec![None; compiled.len()];
            for ((c, row), l) in compiled
                .iter()
                .zip(want.chunks_mut(n))
                .zip(&mut want_leaders)
            {
                *l = c.score_into(row).ok();
                if l.is_none() {
                    // a batch's contradictory case: a row of 0
                    row.fill(0.0);
                }
            }
            assert_eq!(want_leaders[9], None);
            assert_eq!(want_leaders[13], Some(0));
            let leads: HashSet<_> = want_leaders.iter().collect();
            assert_eq!(leads.len(), n + 1, "every place leads somewhere");
            let check = |path: &str, run: &Normaliser<'_>| {
                let mut got = vec![f64::NAN; want.len()];
                let mut leaders = vec![Some(usize::MAX); compiled.len()];
                assert_eq!(run(&mut got, &mut leaders), 1, "{path}, {n} hypotheses");
                assert_eq!(leaders, want_leaders, "{path}, {n} hypotheses");
                assert_eq!(bits(&got), bits(&want), "{path}, {n} hypotheses");
            };
            check("run by run", &|out, leaders| {
                let ahead = Ahead::fetch();
                let mut contradictory = 0;
                for (k, (o, l)) in out
                    .chunks_mut(CASES_TOGETHER * n)
                    .zip(leaders.chunks_mut(CASES_TOGETHER))
                    .enumerate()
                {
                    contradictory += batch.score_run(k * CASES_TOGETHER, o, l, ahead);
                }
                contradictory
            });
            check("the batch", &|out, leaders| {
                batch.score_into(out, leaders).unwrap()
            });
        }
    }

    #[test]
    fn normalising_cases_together_gives_the_bits_of_one_by_one() {
        let mut next = crate::numeric::bits53(0x9E37_79B9_7F4A_7C15);
        for n in 1..=10 {
            // more cases than one run, and a last run cut short
            let cases = 3 * CASES_TOGETHER + 5;
            let x: Vec<f64> = (0..cases * n)
                .map(|_| match next() % 12 {
                    0 => f64::NEG_INFINITY,
                    1 => -745.0 - (next() % 100) as f64,
                    k => (next() as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(k as i32 - 5),
                })
                .collect();
            let mut x = x;
            // a contradictory case
            x[n..2 * n].fill(f64::NEG_INFINITY);
            let mut together = x.clone();
            let mut leaders = vec![Some(usize::MAX); cases];
            let contradictory = normalise_cases(&mut together, n, &mut leaders);
            let mut want = 0;
            for (c, (row, got)) in x.chunks(n).zip(together.chunks(n)).enumerate() {
                let mut one = row.to_vec();
                let leader = normalise_in_place(&mut one);
                if leader.is_none() {
                    one.fill(0.0);
                    want += 1;
                }
                assert_eq!(leaders[c], leader, "{n} hypotheses, case {c}");
                let bits = |v: &[f64]| v.iter().map(|p| p.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(got), bits(&one), "{n} hypotheses, case {c}: {row:?}");
            }
            assert_eq!(contradictory, want);
            assert!(want >= 1);
        }
    }
}
