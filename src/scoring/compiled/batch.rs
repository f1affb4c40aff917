//! Batch scoring: many compiled cases with the same hypotheses scored
//! into a caller's buffer ([`Batch`]), and cases given as natural-log
//! likelihoods read in place ([`score_ln_likelihoods`]).

use super::cases::{CASES_TOGETHER, add_and_normalise_cases};
use super::{Compiled, check_len, normalise_in_place};
use crate::domain::id::HypothesisId;
use crate::error::{Detail, Error, Item};
use crate::numeric::kernel::{Ahead, Later, add_rows, case_sums, is_short, row_sums_one_by_one};
use crate::numeric::pages::Terms;

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
/// [`Case::score`](crate::Case::score) gives for the case whose items have the likelihoods
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
/// agrees with [`Case::score`](crate::Case::score) (which sums exactly) to about
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
    use crate::domain::case::Case;
    use crate::scoring::compiled::Normaliser;
    use std::collections::HashSet;

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
}
