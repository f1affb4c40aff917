//! Log-space arithmetic on natural logarithms: the sum of two probabilities
//! held as logs, and the log of a complement, without underflow.

use std::f64::consts::LN_2;

/// `ln(e^a + e^b)`, with `-inf` for two `-inf`.
pub(crate) fn add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// `ln(1 - e^x)` for `x <= 0` (Maechler 2012, "Accurately computing
/// log(1 - exp(-|a|))").
pub(crate) fn one_minus_exp(x: f64) -> f64 {
    if x > -LN_2 {
        (-x.exp_m1()).ln()
    } else {
        (-x.exp()).ln_1p()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_by_hand() {
        // 0.25 + 0.5 = 0.75
        assert!((add(0.25f64.ln(), 0.5f64.ln()) - 0.75f64.ln()).abs() < 1e-15);
        assert_eq!(add(f64::NEG_INFINITY, 0.5f64.ln()), 0.5f64.ln());
        assert_eq!(add(f64::NEG_INFINITY, f64::NEG_INFINITY), f64::NEG_INFINITY);
        // 1e-300 + 1e-300 without underflow: ln 2 + ln 1e-300
        let tiny = 1e-300f64.ln();
        assert!((add(tiny, tiny) - (tiny + LN_2)).abs() < 1e-12);
    }

    #[test]
    fn one_minus_exp_by_hand() {
        // 1 - 0.25 and 1 - 0.75, on both sides of -ln 2
        assert!((one_minus_exp(0.25f64.ln()) - 0.75f64.ln()).abs() < 1e-15);
        assert!((one_minus_exp(0.75f64.ln()) - 0.25f64.ln()).abs() < 1e-15);
        assert_eq!(one_minus_exp(0.0), f64::NEG_INFINITY);
        assert_eq!(one_minus_exp(f64::NEG_INFINITY), 0.0);
        // 1 - e^-1e-20 = 1e-20 to full precision
        assert!((one_minus_exp(-1e-20) - 1e-20f64.ln()).abs() < 1e-12);
    }
}
