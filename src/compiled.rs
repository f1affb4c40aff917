//! Compiled scoring: a case turned into a contiguous block of effective
//! log-likelihood terms, for scoring at memory speed, many cases at a time,
//! or one item at a time. Rank weights of dependence groups (docs/model.md
//! section 2, step 3) are computed when compiling, and again for a group
//! when [`Compiled::add`] puts an item into it.
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
use crate::id::{EvidenceId, GroupId, HypothesisId};
use crate::kernel::row_sums;
use crate::verdict::Status;

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
        Ok(Compiled {
            case: self.clone(),
            n,
            items,
            terms,
            added_free: vec![0.0; n],
            added: vec![0.0; n],
            groups,
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
        let len = self.n.min(out.len());
        let out = &mut out[..len];
        row_sums(&self.terms, self.items, out);
        for (h, o) in out.iter_mut().enumerate() {
            *o += self.added[h] + self.ln_prior[h];
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

    /// Adds one item, after the items compiled in. The item is checked as
    /// an item of the case (its source, credibility, reliability and group
    /// apply). An independent item costs O(hypotheses); an item that joins
    /// a dependence group re-ranks that group (docs/model.md section 2, step 3),
    /// which costs O(k log k) per hypothesis for a group of `k` items.
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
        let (with, row, _) = self.case.with_item(item.0)?;
        let joined = with
            .evidence
            .last()
            .and_then(|e| Some((e.id.clone(), e.group.clone()?)));
        match joined.and_then(|(id, g)| Some((id, self.groups.iter().position(|x| x.id == g)?))) {
            None => {
                let mut terms = vec![0.0; self.n];
                engine::terms_row(&row, &mut terms);
                for (a, t) in self.added_free.iter_mut().zip(&terms) {
                    *a += t;
                }
            }
            Some((id, g)) => self.rerank(g, id, row),
        }
        for (h, total) in self.added.iter_mut().enumerate() {
            *total = self.added_free[h] + self.groups.iter().map(|g| g.added[h]).sum::<f64>();
        }
        self.case = with;
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
                        if let Some(x) = self.terms.get_mut(h * items + e) {
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
        row_sums(self.terms.get(start..).unwrap_or(&[]), items, out);
        for (h, o) in out.iter_mut().enumerate() {
            *o += self.base[case * self.n + h];
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
/// `items * 1e-16` relative to the largest log-likelihood sum.
///
/// # Errors
///
/// [`Error::OutOfRange`] (the field names the argument) when
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
    let range = |field: &str, value: usize, expected: &'static str| Error::OutOfRange {
        item: Item::Value,
        field: field.into(),
        value: value as f64,
        expected,
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
        if o.iter().any(|x| !is_log(*x)) {
            Scored::Bad
        } else if normalise_in_place(o).is_none() {
            o.fill(0.0);
            Scored::Contradictory
        } else {
            Scored::Ok
        }
    };
    let (contradictory, bad) = score_all(out, n, score);
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

/// Adds the rows of `rows` (each `out.len()` values) into `out`, row by
/// row: with the row length known at compile time for up to eight
/// hypotheses, so that a row is one or two vector additions.
#[inline]
fn add_rows(rows: &[f64], out: &mut [f64]) {
    fn fixed<const N: usize>(rows: &[f64], out: &mut [f64]) {
        let Ok(acc) = <&mut [f64; N]>::try_from(out) else {
            return;
        };
        for row in rows.chunks_exact(N) {
            if let Ok(row) = <&[f64; N]>::try_from(row) {
                for h in 0..N {
                    acc[h] += row[h];
                }
            }
        }
    }
    match out.len() {
        2 => fixed::<2>(rows, out),
        3 => fixed::<3>(rows, out),
        4 => fixed::<4>(rows, out),
        5 => fixed::<5>(rows, out),
        6 => fixed::<6>(rows, out),
        7 => fixed::<7>(rows, out),
        8 => fixed::<8>(rows, out),
        n => {
            for row in rows.chunks_exact(n.max(1)) {
                for (x, &l) in out.iter_mut().zip(row) {
                    *x += l;
                }
            }
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
fn is_log(x: f64) -> bool {
    (f64::NEG_INFINITY..f64::INFINITY).contains(&x)
}

/// The error for a value that is no natural log of a likelihood.
fn not_a_log(field: String, value: f64) -> Error {
    Error::OutOfRange {
        item: Item::Value,
        field,
        value,
        expected: "-inf..+inf (a finite natural log, or -inf to eliminate)",
    }
}

/// Scores every case of `out` (`n` places each): how many were
/// contradictory, and the first that was bad.
#[cfg(not(feature = "rayon"))]
fn score_all(
    out: &mut [f64],
    n: usize,
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

/// Scores every case of `out` (`n` places each), in parallel: how many
/// were contradictory, and the first that was bad.
#[cfg(feature = "rayon")]
fn score_all(
    out: &mut [f64],
    n: usize,
    score: impl Fn(usize, &mut [f64]) -> Scored + Sync,
) -> (usize, Option<usize>) {
    use rayon::prelude::*;
    out.par_chunks_exact_mut(n)
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
