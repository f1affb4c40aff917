//! Exact, correctly rounded summation (Shewchuk 1997, "Adaptive precision
//! floating-point arithmetic and fast robust geometric predicates").
//!
//! The running sum is kept as a list of non-overlapping partials whose
//! exact total is the exact sum of the inputs; the result is that total
//! rounded once to the nearest `f64`. So the result does not depend on the
//! order of the inputs, bit for bit, which is what makes a posterior
//! independent of the order of the evidence (docs/model.md section 3).

/// An exact accumulator of finite `f64` values.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExactSum {
    partials: Vec<f64>,
}

impl ExactSum {
    /// An empty accumulator: the sum 0.
    pub(crate) const EMPTY: ExactSum = ExactSum {
        partials: Vec::new(),
    };

    /// Adds a finite value (the caller keeps infinities out).
    pub(crate) fn add(&mut self, value: f64) {
        let mut x = value;
        let mut kept = 0;
        let mut j = 0;
        while j < self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            // Two-sum: hi + lo == x + y exactly, given |x| >= |y|.
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
            j += 1;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// The non-overlapping partials whose exact sum is the value.
    pub(crate) fn partials(&self) -> &[f64] {
        &self.partials
    }

    /// Becomes a copy of `other`, reusing this accumulator's buffer.
    pub(crate) fn copy_from(&mut self, other: &ExactSum) {
        self.partials.clear();
        self.partials.extend_from_slice(&other.partials);
    }

    /// The exact sum, rounded once to the nearest `f64` (ties to even).
    pub(crate) fn value(&self) -> f64 {
        let p = &self.partials;
        let Some(&top) = p.last() else {
            return 0.0;
        };
        let mut n = p.len() - 1;
        let mut hi = top;
        let mut lo = 0.0;
        // Add partials from the largest down until the sum stops being exact.
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Half-way case: the partials below decide which way to round.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
        hi
    }
}

/// A fast accumulator whose result is certified to be the correctly
/// rounded exact sum, or is refused.
///
/// Each value is added with an error-free two-sum into one of four lanes
/// (`hi`, with its rounding error `e` exact), so the exact sum of the
/// inputs is `sum(hi) + sum(e)` at every step; the errors are summed in
/// plain `f64` into four lanes of `lo`, with `mag = sum |e|` bounding how far `lo` can be
/// from their exact sum (Higham, *Accuracy and Stability of Numerical
/// Algorithms*, 2nd ed., section 4.2: recursive summation of `m` values
/// errs by at most `gamma_{m-1} sum |e|`). [`FastSum::value`] rounds
/// `hi + lo` and returns it only when the whole interval of possible exact
/// sums lies strictly inside the rounding interval of the result, so the
/// result is the exact sum correctly rounded (ties to even never arise
/// there), bit for bit what [`ExactSum`] gives. Otherwise the caller sums
/// with [`ExactSum`] (as [`LogTotals`](crate::numeric::totals::LogTotals)
/// does).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastSum {
    hi: [f64; 4],
    lo: [f64; 4],
    mag: [f64; 4],
    count: u64,
    /// Whether a value other than `-0.0` was added: a sum of nothing but
    /// negative zeros is `-0.0`, as in IEEE arithmetic and [`ExactSum`].
    other_than_negative_zero: bool,
}

impl FastSum {
    /// Adds a finite value.
    #[inline]
    pub(crate) fn add(&mut self, x: f64) {
        let lane = (self.count & 3) as usize;
        let (s, e) = two_sum(self.hi[lane], x);
        self.hi[lane] = s;
        self.lo[lane] += e;
        self.mag[lane] += e.abs();
        self.count += 1;
        self.other_than_negative_zero |= !(x == 0.0 && x.is_sign_negative());
    }

    /// Adds the values of a one-lane fast sum kept apart ([`RowTotals`](crate::numeric::totals::RowTotals)):
    /// `hi + lo` within `gamma sum |e|` of their exact sum, `mag = sum |e|`,
    /// over `count` values. Its `hi` goes in by two-sum, and its errors join
    /// these: the errors are then summed in another order, whose bound is
    /// the same with `count + 1` more values.
    #[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))]
    pub(crate) fn absorb(&mut self, hi: f64, lo: f64, mag: f64, count: u64) {
        if count == 0 {
            return;
        }
        let lane = (self.count & 3) as usize;
        let (s, e) = two_sum(self.hi[lane], hi);
        self.hi[lane] = s;
        self.lo[lane] += e;
        self.lo[lane] += lo;
        self.mag[lane] += e.abs();
        self.mag[lane] += mag;
        self.count += count + 1;
        // The values were terms, never -0.0.
        self.other_than_negative_zero = true;
    }

    /// Adds the exact sum that another fast sum holds: lane by lane, the
    /// sums with an error-free two-sum, their errors and bounds added, so
    /// that [`FastSum::value`] certifies the total as if every value had
    /// been added here (it counts the four new errors). O(1), whatever the
    /// number of values in `other`.
    #[inline]
    pub(crate) fn add_fast(&mut self, other: &FastSum) {
        if other.count == 0 {
            return;
        }
        for l in 0..4 {
            let (s, e) = two_sum(self.hi[l], other.hi[l]);
            self.hi[l] = s;
            self.lo[l] += other.lo[l] + e;
            self.mag[l] += other.mag[l] + e.abs();
        }
        self.count += other.count + 4;
        self.other_than_negative_zero |= other.other_than_negative_zero;
    }

    /// The exact sum, correctly rounded, when the fast path can certify it.
    pub(crate) fn value(&self) -> Option<f64> {
        self.value_within(0.0)
    }

    /// [`FastSum::value`] of a sum with other values left out whose total
    /// is at most `extra` in magnitude: the exact sum with them, correctly
    /// rounded, when every total they could add rounds the same way.
    pub(crate) fn value_within(&self, extra: f64) -> Option<f64> {
        // Fold the lanes, keeping their rounding errors.
        // The errors' sum in any order errs by at most gamma_m sum |e|.
        let mut lo = (self.lo[0] + self.lo[1]) + (self.lo[2] + self.lo[3]);
        let mut mag = (self.mag[0] + self.mag[1]) + (self.mag[2] + self.mag[3]);
        let (a, e1) = two_sum(self.hi[0], self.hi[1]);
        let (b, e2) = two_sum(self.hi[2], self.hi[3]);
        let (hi, e3) = two_sum(a, b);
        for e in [e1, e2, e3] {
            lo += e;
            mag += e.abs();
        }
        // hi + lo = r + err exactly.
        let (r, err) = two_sum(hi, lo);
        if !r.is_finite() || !mag.is_finite() {
            return None;
        }
        // |exact - (hi + lo)| <= gamma_m mag with m values in lo; take a
        // generous 2 m u (1 + slack).
        let m = (self.count + 4) as f64;
        let bound = 2.0 * m * f64::EPSILON * 0.5 * mag * (1.0 + 1e-6);
        let slack = bound + err.abs() * (4.0 * f64::EPSILON) + extra;
        if !slack.is_finite() {
            return None;
        }
        if r == 0.0 && extra > 0.0 {
            return None;
        }
        if r == 0.0 {
            let zero = if self.count > 0 && !self.other_than_negative_zero {
                -0.0
            } else {
                0.0
            };
            return (err == 0.0 && bound == 0.0).then_some(zero);
        }
        // The exact sum lies in [r + err - bound, r + err + bound]; it rounds
        // to r when that interval lies strictly between the midpoints from
        // r to its neighbours (the gaps differ at powers of two).
        let half_up = (r.next_up() - r) / 2.0;
        let half_down = (r - r.next_down()) / 2.0;
        (err + slack < half_up && err - slack > -half_down).then_some(r)
    }
}

/// Knuth's two-sum: `s + e == a + b` exactly, with `s = fl(a + b)`.
#[inline(always)]
pub(crate) fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bp = s - a;
    let e = (a - (s - bp)) + (b - bp);
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact sum of `values`, correctly rounded: through [`FastSum`] when
    /// it certifies the result, else through [`ExactSum`].
    fn exact_sum<I: Iterator<Item = f64> + Clone>(values: I) -> f64 {
        let mut fast = FastSum::default();
        for x in values.clone() {
            fast.add(x);
        }
        if let Some(v) = fast.value() {
            return v;
        }
        let mut slow = ExactSum::default();
        for x in values {
            slow.add(x);
        }
        slow.value()
    }

    fn sum(xs: &[f64]) -> f64 {
        let mut s = ExactSum::default();
        for &x in xs {
            s.add(x);
        }
        s.value()
    }

    #[test]
    fn cancels_exactly() {
        // Naive left-to-right summation loses the 1 and gives 0.
        assert_eq!(sum(&[1.0, 1e100, -1e100]), 1.0);
        assert_eq!(sum(&[1e100, 1.0, -1e100, 1e-100]), 1.0);
    }

    #[test]
    fn ten_tenths_make_one() {
        // 0.1 is 0.1000000000000000055511151231257827; ten of them sum to
        // 1.000000000000000055511151231257827, which rounds to 1.0. Naive
        // summation gives 0.9999999999999999.
        assert_eq!(sum(&[0.1; 10]), 1.0);
    }

    #[test]
    fn order_does_not_matter() {
        let xs = [1e16, 1.0, -1e16, 3.5, 1e-3, -2.25e15, 7.0e-20, 2.25e15];
        let mut rev = xs;
        rev.reverse();
        assert_eq!(sum(&xs), sum(&rev));
        // exact value: 1 + 3.5 + 0.001 + 7e-20 = 4.501 (+7e-20, below half an ulp)
        assert_eq!(sum(&xs), 4.501);
    }

    #[test]
    fn the_fast_path_certifies_or_refuses() {
        let fast = |xs: &[f64]| {
            let mut f = FastSum::default();
            for &x in xs {
                f.add(x);
            }
            f.value()
        };
        // easy sums are certified, and equal the exact ones
        assert_eq!(fast(&[0.5, 0.25, 1.0]), Some(1.75));
        assert_eq!(fast(&[0.1; 10]), Some(sum(&[0.1; 10])));
        // a sum of exactly 0 with no rounding anywhere is certified
        assert_eq!(fast(&[1.0, -1.0]), Some(0.0));
        // 1 + 2^-53 + 2^-106: the exact sum lies just above the halfway
        // point between 1 and its successor; correctly rounded it is the
        // successor. The fast path must either find that or refuse.
        let xs = [1.0, 2f64.powi(-53), 2f64.powi(-106)];
        let want = sum(&xs);
        assert_eq!(want, 1.0 + f64::EPSILON);
        assert!(fast(&xs).is_none_or(|v| v == want));
        assert_eq!(exact_sum(xs.iter().copied()), want);
        // merged fast sums certify what one fast sum of every value would
        let mut a = FastSum::default();
        a.add(0.5);
        let mut b = FastSum::default();
        b.add(0.25);
        b.add(1.0);
        a.add_fast(&b);
        assert_eq!(a.value(), Some(1.75));
        // an empty fast sum changes nothing; negative zeros stay negative
        let mut z = FastSum::default();
        z.add(-0.0);
        z.add_fast(&FastSum::default());
        assert_eq!(z.value().map(f64::to_bits), Some((-0.0f64).to_bits()));
        let mut e = FastSum::default();
        e.add_fast(&z);
        assert_eq!(e.value().map(f64::to_bits), Some((-0.0f64).to_bits()));
    }

    #[test]
    fn signed_zeros_match_shewchuk() {
        // found by the property below: a sum of negative zeros is -0.0
        for xs in [
            &[-0.0][..],
            &[-0.0, -0.0],
            &[-0.0, 0.0],
            &[0.0, -0.0],
            &[1.0, -1.0],
            &[-1.0, 1.0],
            &[],
        ] {
            let want = sum(xs).to_bits();
            assert_eq!(exact_sum(xs.iter().copied()).to_bits(), want, "{xs:?}");
        }
        assert_eq!(sum(&[-0.0]).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn empty_is_zero() {
        assert_eq!(sum(&[]), 0.0);
    }

    use proptest::prelude::*;

    /// Values that stress a fast sum: ordinary, huge and tiny, subnormal,
    /// exact negations of each other, and halfway-like offsets.
    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -1e3..1e3f64,
            1 => (-1074..1000i32, any::<bool>()).prop_map(|(k, neg)| {
                let x = 2f64.powi(k);
                if neg { -x } else { x }
            }),
            1 => (any::<u64>(), any::<bool>()).prop_map(|(bits, neg)| {
                let x = f64::from_bits(bits % (1u64 << 52)); // subnormal
                if neg { -x } else { x }
            }),
            1 => Just(f64::EPSILON / 2.0),
            1 => Just(-f64::EPSILON / 2.0),
            1 => Just(1.0),
            1 => Just(-1.0),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn prop_fast_sum_is_shewchuk_bit_for_bit(mut xs in prop::collection::vec(value(), 0..40), cancel in any::<bool>()) {
            if cancel {
                // every value with its negation, and a small remainder
                let neg: Vec<f64> = xs.iter().map(|x| -x).collect();
                xs.extend(neg);
                xs.push(2f64.powi(-60));
            }
            let want = sum(&xs);
            prop_assert_eq!(exact_sum(xs.iter().copied()).to_bits(), want.to_bits());
            let mut f = FastSum::default();
            for &x in &xs {
                f.add(x);
            }
            if let Some(v) = f.value() {
                prop_assert_eq!(v.to_bits(), want.to_bits(), "{:?}", xs);
            }
            // the same values split in three fast sums and merged
            let (a, rest) = xs.split_at(xs.len() / 3);
            let (b, c) = rest.split_at(rest.len() / 2);
            let part = |v: &[f64]| {
                let mut f = FastSum::default();
                for &x in v {
                    f.add(x);
                }
                f
            };
            let mut merged = part(a);
            merged.add_fast(&part(b));
            merged.add_fast(&part(c));
            if let Some(v) = merged.value() {
                prop_assert_eq!(v.to_bits(), want.to_bits(), "merged {:?}", xs);
            }
        }
    }
}
