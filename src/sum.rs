//! Exact, correctly rounded summation (Shewchuk 1997, "Adaptive precision
//! floating-point arithmetic and fast robust geometric predicates").
//!
//! The running sum is kept as a list of non-overlapping partials whose
//! exact total is the exact sum of the inputs; the result is that total
//! rounded once to the nearest `f64`. So the result does not depend on the
//! order of the inputs, bit for bit, which is what makes a posterior
//! independent of the order of the evidence (MODEL.md section 3).

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

    /// Adds the exact value of another accumulator.
    pub(crate) fn add_sum(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn empty_is_zero() {
        assert_eq!(sum(&[]), 0.0);
    }
}
