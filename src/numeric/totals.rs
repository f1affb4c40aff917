//! The per-hypothesis log totals that every scoring path accumulates
//! (docs/model.md section 3): `ln post(h) = ln prior(h) + sum of the terms
//! of h`, up to the normalisation. Scoring, Monte Carlo, rescoring,
//! leave-one-out, break-even, value of information, conflict and the
//! trajectory all add their terms here, so that they agree bit for bit.
//!
//! A term is `-w p`: 0 for an item that says nothing about `h`, negative
//! for one that counts against it, and `-inf` for one that eliminates it
//! (an infinite penalty of positive weight). Zero terms are skipped;
//! eliminating terms are counted, not summed, so that a total can lose one
//! again ([`LogTotals::remove`]); every other term goes into the sums.
//!
//! A total is kept as a [`FastSum`], certified to give the exact sum
//! correctly rounded or to refuse, as Shewchuk's [`ExactSum`], or as both,
//! the exact sum then being the fast one's fallback. Each rounds the exact
//! sum of the terms once, so a total does not depend on the order of the
//! terms, nor on which sum gave it, nor on terms added and removed again.
//! What a path keeps is what it can afford:
//!
//! - [`LogTotals::fast`], for the paths that add many terms and read each
//!   total once (scoring a case, a Monte Carlo draw): when a total is
//!   refused they sum the same terms again into exact totals;
//! - [`LogTotals::exact`], for totals changed and read again and again
//!   (rescoring, leave-one-out, the trajectory); a rescoring starts fast
//!   sums from their partials ([`LogTotals::changed_joint`]);
//! - [`LogTotals::fast_and_exact`], for totals copied into fast ones and
//!   into exact ones (the fixed items of a Monte Carlo run).

use crate::numeric::sum::{ExactSum, FastSum};

/// Per hypothesis, the total of the finite terms added (less those
/// removed) and how many eliminating terms it holds.
#[derive(Debug, Clone)]
pub(crate) struct LogTotals {
    /// The fast totals: one per hypothesis, or none.
    fast: Vec<FastSum>,
    /// The exact totals: one per hypothesis, or none.
    exact: Vec<ExactSum>,
    eliminated: Vec<usize>,
    /// Scratch space for reading an exact total with the prior.
    scratch: ExactSum,
}

impl LogTotals {
    /// Empty totals for `n` hypotheses, kept as fast sums only: a total
    /// they cannot certify is refused ([`LogTotals::joint`] gives `None`).
    pub(crate) fn fast(n: usize) -> LogTotals {
        LogTotals {
            fast: vec![FastSum::default(); n],
            exact: Vec::new(),
            eliminated: vec![0; n],
            scratch: ExactSum::default(),
        }
    }

    /// Empty totals for `n` hypotheses, kept as exact sums only: every
    /// total can be read.
    pub(crate) fn exact(n: usize) -> LogTotals {
        LogTotals {
            fast: Vec::new(),
            exact: vec![ExactSum::default(); n],
            eliminated: vec![0; n],
            scratch: ExactSum::default(),
        }
    }

    /// Empty totals for `n` hypotheses, kept both as fast and as exact
    /// sums: every total can be read, and copied into fast or exact totals.
    #[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))]
    pub(crate) fn fast_and_exact(n: usize) -> LogTotals {
        LogTotals {
            fast: vec![FastSum::default(); n],
            ..LogTotals::exact(n)
        }
    }

    /// Adds one item's terms, one per hypothesis.
    #[inline]
    pub(crate) fn add(&mut self, terms: &[f64]) {
        self.add_signed(terms, 1.0);
    }

    /// Takes out one item's terms, added before with [`LogTotals::add`]:
    /// the totals are then those that never had them, bit for bit.
    #[cfg(test)]
    pub(crate) fn remove(&mut self, terms: &[f64]) {
        self.add_signed(terms, -1.0);
    }

    /// Adds (`sign` 1) or takes out (`sign` -1) one item's terms.
    #[inline(always)]
    fn add_signed(&mut self, terms: &[f64], sign: f64) {
        let gone = self.eliminated.iter_mut();
        match (self.fast.is_empty(), self.exact.is_empty()) {
            (false, true) => {
                for ((g, f), &t) in gone.zip(self.fast.iter_mut()).zip(terms) {
                    if t == f64::NEG_INFINITY {
                        *g = count(*g, sign);
                    } else if t != 0.0 {
                        f.add(sign * t);
                    }
                }
            }
            (true, _) => {
                for ((g, e), &t) in gone.zip(self.exact.iter_mut()).zip(terms) {
                    if t == f64::NEG_INFINITY {
                        *g = count(*g, sign);
                    } else if t != 0.0 {
                        e.add(sign * t);
                    }
                }
            }
            (false, false) => {
                let cells = gone.zip(self.fast.iter_mut()).zip(self.exact.iter_mut());
                for (((g, f), e), &t) in cells.zip(terms) {
                    if t == f64::NEG_INFINITY {
                        *g = count(*g, sign);
                    } else if t != 0.0 {
                        f.add(sign * t);
                        e.add(sign * t);
                    }
                }
            }
        }
    }

    /// Replaces one term `old` of hypothesis `h` (held by these totals)
    /// with `new`: the totals are then those that held `new` instead, bit
    /// for bit.
    pub(crate) fn replace(&mut self, h: usize, old: f64, new: f64) {
        let Some(g) = self.eliminated.get_mut(h) else {
            return;
        };
        for (sign, t) in [(-1.0, old), (1.0, new)] {
            if t == f64::NEG_INFINITY {
                *g = count(*g, sign);
            } else if t != 0.0 {
                if let Some(f) = self.fast.get_mut(h) {
                    f.add(sign * t);
                }
                if let Some(e) = self.exact.get_mut(h) {
                    e.add(sign * t);
                }
            }
        }
    }

    /// Becomes a copy of `other` as far as these totals keep, reusing the
    /// buffers: its eliminations, its fast sums (made from its exact ones
    /// when it keeps none) and its exact sums (which it must keep when
    /// these do).
    #[inline]
    #[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))]
    pub(crate) fn copy_from(&mut self, other: &LogTotals) {
        self.eliminated.clone_from(&other.eliminated);
        let n = other.eliminated.len();
        if !self.fast.is_empty() {
            if other.fast.len() == n {
                self.fast.clone_from(&other.fast);
            } else {
                self.fast.clear();
                self.fast
                    .extend((0..n).map(|h| fast_from_exact(other.exact_sum(h), None)));
            }
        }
        if !self.exact.is_empty() {
            self.exact.resize_with(n, ExactSum::default);
            for (h, e) in self.exact.iter_mut().enumerate() {
                e.copy_from(other.exact_sum(h));
            }
        }
    }

    /// Hypothesis `h`'s exact total as a fast sum of its partials: where
    /// [`LogTotals::changed_joint`] starts. O(partials) once, so that each
    /// rescoring from it costs O(changed terms).
    pub(crate) fn fast_start(&self, h: usize) -> FastSum {
        fast_from_exact(self.exact_sum(h), None)
    }

    /// The joint log-probability of hypothesis `h` of these exact totals
    /// with the terms `gone` (held by them) taken out and the terms `came`
    /// put in: `ln_prior + total - gone + came`, rounded once, as scoring
    /// the changed case from scratch gives it, bit for bit. `start` is
    /// [`LogTotals::fast_start`] of `h`: a certified fast sum costs
    /// O(changed terms); when it refuses, the exact total is copied and
    /// changed instead (O(partials x changed terms)).
    pub(crate) fn changed_joint(
        &mut self,
        h: usize,
        ln_prior: f64,
        start: &FastSum,
        gone: &[f64],
        came: &[f64],
    ) -> f64 {
        let Some(fast) = self.changed_fast(h, ln_prior, start, gone, came) else {
            return f64::NEG_INFINITY;
        };
        if let Some(v) = fast.value() {
            return v;
        }
        self.scratch
            .copy_from(self.exact.get(h).unwrap_or(&ExactSum::EMPTY));
        for (sign, terms) in [(-1.0, gone), (1.0, came)] {
            for &t in terms {
                if t.is_finite() && t != 0.0 {
                    self.scratch.add(sign * t);
                }
            }
        }
        self.scratch.add(ln_prior);
        self.scratch.value()
    }

    /// [`LogTotals::changed_joint`] with some changes left out whose
    /// total is at most `extra` in magnitude, each finite: the joint, bit
    /// for bit what the changes in full give, when the fast sum certifies
    /// its rounding whatever they add ([`FastSum::value_within`]); `None`
    /// when it cannot (then the caller makes every change and asks
    /// [`LogTotals::changed_joint`]).
    pub(crate) fn changed_joint_within(
        &self,
        h: usize,
        ln_prior: f64,
        start: &FastSum,
        gone: &[f64],
        came: &[f64],
        extra: f64,
    ) -> Option<f64> {
        match self.changed_fast(h, ln_prior, start, gone, came) {
            Some(fast) => fast.value_within(extra),
            None => Some(f64::NEG_INFINITY),
        }
    }

    /// The fast sum of [`LogTotals::changed_joint`] before it is rounded:
    /// `start` with the terms `gone` taken out, those that `came` put in
    /// and the prior added; `None` when the joint is `-inf` (an
    /// eliminating term left after the changes, or a prior of 0).
    fn changed_fast(
        &self,
        h: usize,
        ln_prior: f64,
        start: &FastSum,
        gone: &[f64],
        came: &[f64],
    ) -> Option<FastSum> {
        let mut eliminated = self.eliminated(h);
        let mut fast = *start;
        for (sign, terms) in [(-1.0, gone), (1.0, came)] {
            for &t in terms {
                if t == f64::NEG_INFINITY {
                    eliminated = count(eliminated, sign);
                } else if t != 0.0 {
                    fast.add(sign * t);
                }
            }
        }
        if eliminated > 0 || ln_prior == f64::NEG_INFINITY {
            return None;
        }
        fast.add(ln_prior);
        Some(fast)
    }

    /// How many eliminating terms hypothesis `h` holds.
    pub(crate) fn eliminated(&self, h: usize) -> usize {
        self.eliminated.get(h).copied().unwrap_or(0)
    }

    /// The exact total of hypothesis `h`'s finite terms (empty when these
    /// totals keep no exact sums).
    pub(crate) fn exact_sum(&self, h: usize) -> &ExactSum {
        static EMPTY: ExactSum = ExactSum::EMPTY;
        self.exact.get(h).unwrap_or(&EMPTY)
    }

    /// The total of hypothesis `h`: `-inf` when it is eliminated, else the
    /// sum of its terms rounded once. `None` when fast totals cannot
    /// certify it.
    pub(crate) fn total(&self, h: usize) -> Option<f64> {
        if self.eliminated(h) > 0 {
            return Some(f64::NEG_INFINITY);
        }
        if let Some(v) = self.fast.get(h).and_then(FastSum::value) {
            return Some(v);
        }
        self.exact.get(h).map(ExactSum::value)
    }

    /// The joint log-probability of hypothesis `h`, `ln_prior + total`
    /// rounded once: `-inf` when `h` is eliminated or `ln_prior` is `-inf`.
    /// `None` when fast totals cannot certify it.
    #[inline]
    pub(crate) fn joint(&mut self, h: usize, ln_prior: f64) -> Option<f64> {
        if self.eliminated(h) > 0 || ln_prior == f64::NEG_INFINITY {
            return Some(f64::NEG_INFINITY);
        }
        if let Some(&fast) = self.fast.get(h) {
            let mut fast = fast;
            fast.add(ln_prior);
            if let Some(v) = fast.value() {
                return Some(v);
            }
        }
        self.exact_joint(h, ln_prior)
    }

    /// The joint log-probability of hypothesis `h` from the exact total
    /// alone (`None` when these totals keep no exact sums); `-inf` as
    /// [`LogTotals::joint`].
    #[inline]
    pub(crate) fn exact_joint(&mut self, h: usize, ln_prior: f64) -> Option<f64> {
        if self.eliminated(h) > 0 || ln_prior == f64::NEG_INFINITY {
            return Some(f64::NEG_INFINITY);
        }
        let exact = self.exact.get(h)?;
        self.scratch.copy_from(exact);
        self.scratch.add(ln_prior);
        Some(self.scratch.value())
    }

    /// [`LogTotals::joint_into`] from fast totals that may each be off,
    /// by at most `extra[h]`, from the totals meant (changes of terms not
    /// made yet, finite): each joint is the correctly rounded joint of
    /// the totals meant, certified whatever those changes add; false,
    /// with `out` partly written, when one cannot be certified (or these
    /// totals keep no fast sums). The eliminations must be those meant.
    pub(crate) fn joint_into_within(
        &mut self,
        ln_prior: &[f64],
        extra: &[f64],
        out: &mut [f64],
    ) -> bool {
        for (h, ((o, &p), &x)) in out.iter_mut().zip(ln_prior).zip(extra).enumerate() {
            if self.eliminated(h) > 0 || p == f64::NEG_INFINITY {
                *o = f64::NEG_INFINITY;
                continue;
            }
            let Some(&fast) = self.fast.get(h) else {
                return false;
            };
            let mut fast = fast;
            fast.add(p);
            match fast.value_within(x) {
                Some(v) => *o = v,
                None => return false,
            }
        }
        true
    }

    /// Every hypothesis's joint log-probability into `out` (one per
    /// hypothesis, with `ln_prior` one per hypothesis); false, with `out`
    /// partly written, when fast totals cannot certify one.
    pub(crate) fn joint_into(&mut self, ln_prior: &[f64], out: &mut [f64]) -> bool {
        let exact_only = self.fast.is_empty();
        for (h, (o, &p)) in out.iter_mut().zip(ln_prior).enumerate() {
            let joint = if exact_only {
                self.exact_joint(h, p)
            } else {
                self.joint(h, p)
            };
            match joint {
                Some(v) => *o = v,
                None => return false,
            }
        }
        true
    }
}

/// Fast totals of many items' terms laid out across the hypotheses, for
/// the paths that add thousands of rows before reading a total once (a
/// Monte Carlo draw): per hypothesis one lane of a [`FastSum`] (`hi` by
/// two-sum, the errors summed in `lo`, `mag` their magnitudes) and a count
/// of eliminating terms, in separate arrays, so that adding a row is one
/// loop across the hypotheses that the compiler vectorises (each
/// hypothesis's operations are the same IEEE operations on any path).
/// [`RowTotals::add_to`] then hands the sums to [`LogTotals`], whose
/// certified totals are the exact sums correctly rounded (or refused), as
/// if every term had been added there.
#[cfg(feature = "monte-carlo")]
#[derive(Debug, Clone)]
pub(crate) struct RowTotals {
    hi: Vec<f64>,
    lo: Vec<f64>,
    mag: Vec<f64>,
    eliminated: Vec<u64>,
    rows: u64,
}

#[cfg(feature = "monte-carlo")]
impl RowTotals {
    /// Empty totals for `n` hypotheses.
    pub(crate) fn new(n: usize) -> RowTotals {
        RowTotals {
            hi: vec![0.0; n],
            lo: vec![0.0; n],
            mag: vec![0.0; n],
            eliminated: vec![0; n],
            rows: 0,
        }
    }

    /// Empties the totals.
    pub(crate) fn clear(&mut self) {
        self.hi.fill(0.0);
        self.lo.fill(0.0);
        self.mag.fill(0.0);
        self.eliminated.fill(0);
        self.rows = 0;
    }

    /// Adds one item's terms, one per hypothesis, as [`LogTotals::add`]
    /// would: `-inf` counted, every other term summed (a zero changes no
    /// sum). (A draw adds its rows at once, [`RowTotals::add_rows`]; this
    /// is its reference in the tests.)
    #[cfg(test)]
    pub(crate) fn add(&mut self, terms: &[f64]) {
        let lanes = self.hi.iter_mut().zip(&mut self.lo).zip(&mut self.mag);
        for (((hi, lo), mag), (gone, &t)) in lanes.zip(self.eliminated.iter_mut().zip(terms)) {
            let out = t == f64::NEG_INFINITY;
            *gone += u64::from(out);
            let (s, e) = crate::numeric::sum::two_sum(*hi, if out { 0.0 } else { t });
            *hi = s;
            *lo += e;
            *mag += e.abs();
        }
        self.rows += 1;
    }

    /// Adds the terms of `rows` items, to the same bits as `rows` calls
    /// of [`RowTotals::add`] in order: item `i`'s row is `row(i)` (one
    /// value per hypothesis, `None` for a row that adds nothing) and its
    /// term for hypothesis `h` is `term(x, m)`, with `x` the row's value
    /// for `h` and `m` the number given with the row (its largest value,
    /// for a Monte Carlo draw's penalties).
    ///
    /// Each hypothesis's sum takes its terms in the items' order, as
    /// [`RowTotals::add`] does, but for up to sixteen hypotheses at a time
    /// over every item, so that their sums stay in registers: item by item
    /// they went through memory once per item.
    #[inline(always)]
    pub(crate) fn add_rows<'r>(
        &mut self,
        rows: usize,
        row: impl Fn(usize) -> Option<(&'r [f64], f64)>,
        term: impl Fn(f64, f64) -> f64,
    ) {
        let n = self.hi.len();
        // Sixteen hypotheses at a time (two registers of eight, whose
        // chains of additions overlap), then eight, then one.
        let mut h0 = 0;
        while h0 + 16 <= n {
            self.add_lanes::<16>(h0, rows, &row, &term);
            h0 += 16;
        }
        if h0 + 8 <= n {
            self.add_lanes::<8>(h0, rows, &row, &term);
            h0 += 8;
        }
        while h0 < n {
            self.add_lanes::<1>(h0, rows, &row, &term);
            h0 += 1;
        }
        self.rows += (0..rows).filter(|&i| row(i).is_some()).count() as u64;
    }

    /// [`RowTotals::add_rows`] for the `W` hypotheses from `h0`, their sums
    /// held in arrays that the compiler keeps in registers.
    #[inline(always)]
    fn add_lanes<'r, const W: usize>(
        &mut self,
        h0: usize,
        rows: usize,
        row: &impl Fn(usize) -> Option<(&'r [f64], f64)>,
        term: &impl Fn(f64, f64) -> f64,
    ) {
        let lane = h0..h0 + W;
        let (Some(hi), Some(lo), Some(mag), Some(gone)) = (
            self.hi.get_mut(lane.clone()),
            self.lo.get_mut(lane.clone()),
            self.mag.get_mut(lane.clone()),
            self.eliminated.get_mut(lane.clone()),
        ) else {
            return;
        };
        let (mut h, mut l, mut g, mut out_count) = ([0.0; W], [0.0; W], [0.0; W], [0u64; W]);
        h.copy_from_slice(hi);
        l.copy_from_slice(lo);
        g.copy_from_slice(mag);
        out_count.copy_from_slice(gone);
        for i in 0..rows {
            let Some((r, m)) = row(i) else { continue };
            let Some(x) = r.get(lane.clone()) else {
                continue;
            };
            for k in 0..W {
                let t = term(x[k], m);
                let out = t == f64::NEG_INFINITY;
                out_count[k] += u64::from(out);
                let (s, e) = crate::numeric::sum::two_sum(h[k], if out { 0.0 } else { t });
                h[k] = s;
                l[k] += e;
                g[k] += e.abs();
            }
        }
        hi.copy_from_slice(&h);
        lo.copy_from_slice(&l);
        mag.copy_from_slice(&g);
        gone.copy_from_slice(&out_count);
    }

    /// Adds these totals to `totals` (fast ones), and empties them.
    pub(crate) fn add_to(&mut self, totals: &mut LogTotals) {
        let lanes = self.hi.iter().zip(&self.lo).zip(&self.mag);
        for (((&hi, &lo), &mag), f) in lanes.zip(totals.fast.iter_mut()) {
            f.absorb(hi, lo, mag, self.rows);
        }
        for (g, &gone) in totals.eliminated.iter_mut().zip(&self.eliminated) {
            *g += gone as usize;
        }
        self.clear();
    }
}

/// A fast sum of the exact sum `all`, less the exact sum `less`: their
/// partials, added one by one.
#[inline(always)]
fn fast_from_exact(all: &ExactSum, less: Option<&ExactSum>) -> FastSum {
    let mut fast = FastSum::default();
    for &p in all.partials() {
        fast.add(p);
    }
    for &p in less.map_or(&[][..], ExactSum::partials) {
        fast.add(-p);
    }
    fast
}

/// An elimination count with one more (`sign` 1) or one fewer (`sign` -1)
/// eliminating term.
#[inline(always)]
fn count(gone: usize, sign: f64) -> usize {
    if sign > 0.0 {
        gone + 1
    } else {
        gone.saturating_sub(1)
    }
}

/// One hypothesis's log total, built in pieces and summed exactly: what
/// [`LogTotals`] holds for each hypothesis, for a total put together from
/// parts (the shift a candidate item gives its group, the marginal of some
/// items).
#[derive(Debug, Clone, Default)]
pub(crate) struct LogTotal {
    sum: ExactSum,
    eliminated: usize,
}

impl LogTotal {
    /// Adds one term, as [`LogTotals::add`] does for each hypothesis.
    pub(crate) fn add(&mut self, t: f64) {
        if t == f64::NEG_INFINITY {
            self.eliminated += 1;
        } else if t != 0.0 {
            self.sum.add(t);
        }
    }

    /// Becomes the empty total again, reusing the buffer.
    pub(crate) fn clear(&mut self) {
        self.sum.copy_from(&ExactSum::EMPTY);
        self.eliminated = 0;
    }

    /// Whether an eliminating term was added.
    pub(crate) fn is_eliminated(&self) -> bool {
        self.eliminated > 0
    }

    /// The total, rounded once: `-inf` when eliminated.
    pub(crate) fn value(&self) -> f64 {
        if self.is_eliminated() {
            f64::NEG_INFINITY
        } else {
            self.sum.value()
        }
    }

    /// `ln_prior + total`, rounded once: `-inf` when eliminated or when
    /// `ln_prior` is `-inf`. Adds `ln_prior` to the total.
    pub(crate) fn joint(&mut self, ln_prior: f64) -> f64 {
        if self.is_eliminated() || ln_prior == f64::NEG_INFINITY {
            return f64::NEG_INFINITY;
        }
        self.sum.add(ln_prior);
        self.sum.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terms for three hypotheses, item-major: the second is eliminated by
    /// the second item; 0.1 ten times sums to 1 exactly rounded.
    fn items() -> Vec<[f64; 3]> {
        let mut rows = vec![[-0.1, -1.0, 0.0]; 10];
        rows[1][1] = f64::NEG_INFINITY;
        rows.push([1e100, 0.0, -1e-300]);
        rows.push([-1e100, 0.0, 0.0]);
        rows
    }

    /// The terms of rows as `add_rows` takes them: `m - x` as a penalty,
    /// `-inf` where `x` or `m` is.
    #[cfg(feature = "monte-carlo")]
    fn row_term(x: f64, m: f64) -> f64 {
        if x == f64::NEG_INFINITY || m == f64::NEG_INFINITY {
            f64::NEG_INFINITY
        } else if m - x == 0.0 {
            0.0
        } else {
            -(m - x)
        }
    }

    #[cfg(feature = "monte-carlo")]
    #[test]
    fn rows_by_hand() {
        // [0, -1, -2] twice and [-inf, 0, 0], largest values 0: terms
        // [0, -1, -2] twice, then hypothesis 0 eliminated.
        let rows = [
            [0.0, -1.0, -2.0],
            [0.0, -1.0, -2.0],
            [f64::NEG_INFINITY, 0.0, 0.0],
        ];
        let mut sums = RowTotals::new(3);
        sums.add_rows(3, |i| Some((&rows[i][..], 0.0)), row_term);
        assert_eq!(sums.hi, [0.0, -2.0, -4.0]);
        assert_eq!(sums.eliminated, [1, 0, 0]);
        assert_eq!(sums.rows, 3);
    }

    /// Rows added at once, eight hypotheses at a time, give the bits that
    /// adding their terms row by row gives: 19 hypotheses (two lanes of
    /// eight and three alone), values down to -1e6 and up to 1e6 so that
    /// the two-sums carry errors, eliminated values and an eliminated row,
    /// and a row that adds nothing.
    #[cfg(feature = "monte-carlo")]
    #[test]
    fn rows_at_once_are_rows_one_by_one() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(26);
        let n = 19;
        let rows: Vec<Vec<f64>> = (0..300)
            .map(|i| {
                (0..n)
                    .map(|_| match (i % 50, rng.random_range(0..40)) {
                        (13, _) | (_, 0) => f64::NEG_INFINITY,
                        (_, 1) => 1e6 * rng.random::<f64>(),
                        (_, 2) => 0.0,
                        _ => -5.0 * rng.random::<f64>(),
                    })
                    .collect()
            })
            .collect();
        let largest = |r: &[f64]| {
            r.iter()
                .fold(f64::NEG_INFINITY, |m, &x| if x > m { x } else { m })
        };
        let row = |i: usize| (i != 7).then(|| (&rows[i][..], largest(&rows[i])));
        let mut at_once = RowTotals::new(n);
        at_once.add_rows(rows.len(), row, row_term);
        let mut one_by_one = RowTotals::new(n);
        for i in (0..rows.len()).filter(|&i| i != 7) {
            let m = largest(&rows[i]);
            let terms: Vec<f64> = rows[i].iter().map(|&x| row_term(x, m)).collect();
            one_by_one.add(&terms);
        }
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&at_once.hi), bits(&one_by_one.hi));
        assert_eq!(bits(&at_once.lo), bits(&one_by_one.lo));
        assert_eq!(bits(&at_once.mag), bits(&one_by_one.mag));
        assert_eq!(at_once.eliminated, one_by_one.eliminated);
        assert_eq!((at_once.rows, one_by_one.rows), (299, 299));
        assert!(
            at_once.lo.iter().any(|&e| e != 0.0),
            "no rounding error was carried"
        );
        assert!(at_once.eliminated.iter().all(|&g| g >= 6));
    }

    #[test]
    fn totals_by_hand() {
        for mut totals in [
            LogTotals::fast(3),
            LogTotals::exact(3),
            LogTotals::fast_and_exact(3),
        ] {
            for row in items() {
                totals.add(&row);
            }
            // ten times -0.1, exactly: -1 (naive summation gives
            // -0.9999999999999999, and the 1e100 pair would lose it
            // altogether); fast totals may refuse it
            let exact = !totals.exact.is_empty();
            assert_eq!(totals.exact_sum(0).value() == -1.0, exact);
            let is = |got: Option<f64>, want: f64| got == Some(want) || (!exact && got.is_none());
            assert!(is(totals.total(0), -1.0));
            assert!(is(totals.joint(0, 0.5), -0.5));
            assert_eq!(totals.eliminated(1), 1);
            assert_eq!(totals.joint(1, 0.0), Some(f64::NEG_INFINITY));
            assert_eq!(totals.total(2), Some(-1e-300));
            assert_eq!(totals.joint(2, f64::NEG_INFINITY), Some(f64::NEG_INFINITY));
            let mut out = [0.0; 3];
            if totals.joint_into(&[0.0, 0.0, 0.0], &mut out) {
                assert_eq!(out, [-1.0, f64::NEG_INFINITY, -1e-300]);
            } else {
                assert!(!exact);
            }
        }
    }

    #[test]
    fn removing_gives_the_totals_that_never_had_the_terms() {
        let rows = items();
        let mut all = LogTotals::fast_and_exact(3);
        for row in &rows {
            all.add(row);
        }
        for (i, gone) in rows.iter().enumerate() {
            let mut without = LogTotals::exact(3);
            for (j, row) in rows.iter().enumerate() {
                if j != i {
                    without.add(row);
                }
            }
            let mut removed = all.clone();
            removed.remove(gone);
            for h in 0..3 {
                assert_eq!(removed.eliminated(h), without.eliminated(h), "{i} {h}");
                let (a, b) = (removed.joint(h, 0.0), without.joint(h, 0.0));
                assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "{i} {h}");
                let (a, b) = (removed.exact_joint(h, 0.0), without.exact_joint(h, 0.0));
                assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits), "{i} {h}");
            }
        }
    }

    #[test]
    fn fast_totals_refuse_what_they_cannot_certify() {
        // 1 + 2^-53 + 2^-106: just above the halfway point between 1 and
        // its successor. The fast sum finds it or refuses; the exact
        // totals always give it.
        let xs = [1.0, 2f64.powi(-53), 2f64.powi(-106)];
        let mut fast = LogTotals::fast(1);
        let mut exact = LogTotals::exact(1);
        for x in xs {
            fast.add(&[x]);
            exact.add(&[x]);
        }
        let want = 1.0 + f64::EPSILON;
        assert_eq!(exact.joint(0, 0.0), Some(want));
        assert_eq!(exact.exact_joint(0, 0.0), Some(want));
        assert!(fast.joint(0, 0.0).is_none_or(|v| v == want));
        assert_eq!(fast.exact_joint(0, 0.0), None);
        assert_eq!(fast.exact_sum(0).value(), 0.0);
        // copied into exact totals, fast totals give what they hold
        let mut copy = LogTotals::exact(1);
        copy.copy_from(&exact);
        assert_eq!(copy.exact_joint(0, 0.0), Some(want));
        fast.copy_from(&exact);
        assert_eq!(fast.eliminated(0), 0);
        assert_eq!(fast.exact_joint(0, 0.0), None);
    }

    #[test]
    fn a_difference_with_new_terms_is_the_rescored_totals() {
        let rows = items();
        // replace items 1 and 3 with two others; hypothesis 0's total stays
        // in the binade of 0.8 (with -1.5 more, 8 fl(0.1) + 2.125 would be
        // a tie, which a fast sum refuses)
        let new = [[-0.0625, -0.25, f64::NEG_INFINITY], [-0.03125, 0.0, -2.0]];
        let (mut all, mut part, mut want) = (
            LogTotals::exact(3),
            LogTotals::exact(3),
            LogTotals::exact(3),
        );
        for (i, row) in rows.iter().enumerate() {
            all.add(row);
            if i == 1 || i == 3 {
                part.add(row);
            } else {
                want.add(row);
            }
        }
        for row in &new {
            want.add(row);
        }
        let mut got = [0.0; 3];
        let mut expected = [0.0; 3];
        assert!(want.joint_into(&[0.0; 3], &mut expected));
        let changed = |all: &mut LogTotals, h: usize, prior: f64| {
            let gone = [rows[1][h], rows[3][h]];
            let came = [new[0][h], new[1][h]];
            let start = all.fast_start(h);
            all.changed_joint(h, prior, &start, &gone, &came)
        };
        for (h, g) in got.iter_mut().enumerate() {
            *g = changed(&mut all, h, 0.0);
        }
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&expected));
        // -1 eight times and -0.25
        assert_eq!(got[1], -8.25);
        // item 1's elimination of hypothesis 1 is taken out, the new row
        // eliminates hypothesis 2
        assert_eq!(got[2], f64::NEG_INFINITY);
        // the tie above: a fast sum refuses it, the exact total decides
        let tie = -1.5 - 1.0 / 32.0;
        let mut start = all.fast_start(0);
        for t in [-rows[1][0], -rows[3][0], new[0][0], new[1][0], tie] {
            start.add(t);
        }
        assert_eq!(start.value(), None);
        assert_eq!(changed(&mut all, 0, tie), want.exact_joint(0, tie).unwrap());
    }

    #[test]
    fn one_total_by_hand() {
        let mut t = LogTotal::default();
        for _ in 0..10 {
            t.add(-0.1);
        }
        t.add(0.0);
        assert_eq!(t.value(), -1.0);
        let mut u = LogTotal::default();
        u.add(1e100);
        u.add(-1.0);
        u.add(-1e100);
        assert_eq!(u.value(), -1.0);
        let mut v = LogTotal::default();
        v.add(-0.5);
        v.add(f64::NEG_INFINITY);
        assert!(v.is_eliminated());
        assert_eq!(v.value(), f64::NEG_INFINITY);
        assert_eq!(v.joint(0.0), f64::NEG_INFINITY);
        v.clear();
        assert!(!v.is_eliminated());
        assert_eq!(v.value(), 0.0);
        v.add(-0.5);
        assert_eq!(v.joint(0.25), -0.25);
        assert_eq!(u.joint(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(u.joint(0.5), -0.5);
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Fast and exact totals give the same bits whenever the fast ones
        /// certify, and exact totals do not depend on the order of the
        /// items.
        #[test]
        fn prop_totals_agree_and_ignore_order(
            rows in prop::collection::vec(prop::collection::vec(
                prop_oneof![
                    6 => -1e3..0.0f64,
                    1 => Just(0.0),
                    1 => Just(f64::NEG_INFINITY),
                    1 => (-1074..10i32).prop_map(|k| -(2f64.powi(k))),
                ], 3), 0..30),
            prior in -50.0..0.0f64,
        ) {
            let mut fast = LogTotals::fast(3);
            let mut exact = LogTotals::exact(3);
            // in reverse, with one row added and taken out again first
            let mut reversed = LogTotals::fast_and_exact(3);
            reversed.add(&[-0.3, -7e-5, f64::NEG_INFINITY]);
            for row in &rows {
                fast.add(row);
                exact.add(row);
            }
            reversed.remove(&[-0.3, -7e-5, f64::NEG_INFINITY]);
            for row in rows.iter().rev() {
                reversed.add(row);
            }
            let mut copied = LogTotals::fast(3);
            copied.copy_from(&exact);
            for h in 0..3 {
                let want = exact.exact_joint(h, prior).map(f64::to_bits);
                prop_assert_eq!(exact.joint(h, prior).map(f64::to_bits), want);
                prop_assert_eq!(reversed.joint(h, prior).map(f64::to_bits), want);
                prop_assert_eq!(reversed.exact_joint(h, prior).map(f64::to_bits), want);
                for f in [&mut fast, &mut copied] {
                    if let Some(v) = f.joint(h, prior) {
                        prop_assert_eq!(Some(v.to_bits()), want);
                    }
                }
            }
        }
    }
}
