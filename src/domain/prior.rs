//! The prior: how probable each hypothesis is before the evidence.

use crate::domain::probability::{Probability, Weight};

/// The prior probabilities of the hypotheses (docs/model.md section 1), in the
/// order of [`Case::hypotheses`](crate::Case::hypotheses).
///
/// Given as non-negative weights and normalised to sum to 1, so
/// `{a: 2, b: 1, c: 1}` means 0.5 / 0.25 / 0.25. No prior means uniform.
/// The weights are kept as given, so a case written back to a file says
/// what its author said.
///
/// # Example
///
/// ```
/// use attrib::Case;
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B").hypothesis("c", "C")
///     .prior("a", 2.0).prior("b", 1.0).prior("c", 1.0)
///     .build()?;
/// let p: Vec<f64> = case.prior().probabilities().iter().map(|p| p.get()).collect();
/// assert_eq!(p, [0.5, 0.25, 0.25]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub(crate) weights: Option<Vec<Weight>>,
    pub(crate) probabilities: Vec<Probability>,
    pub(crate) ln: Vec<f64>,
    /// `ln(w / max w)`: the log prior up to a constant, which cancels in
    /// every odds and in the posterior; scoring uses it so that the
    /// rounding of the normaliser does not enter the result.
    pub(crate) ln_relative: Vec<f64>,
}

impl Prior {
    /// Builds the prior from weights, one per hypothesis, of which at least
    /// one is positive; `None` means uniform over `n` hypotheses.
    pub(crate) fn from_weights(weights: Option<Vec<Weight>>, n: usize) -> Prior {
        let (probabilities, ln, ln_relative) = match &weights {
            None => {
                let p = 1.0 / n as f64;
                (vec![p; n], vec![-(n as f64).ln(); n], vec![0.0; n])
            }
            Some(w) => {
                // Scale by the largest weight first, so that the sum of huge
                // weights cannot overflow.
                let max = w.iter().map(|w| w.get()).fold(0.0, f64::max);
                let scaled: Vec<f64> = w.iter().map(|w| w.get() / max).collect();
                let total: f64 = scaled.iter().sum();
                let ln_total = total.ln();
                let p = scaled.iter().map(|s| (s / total).min(1.0)).collect();
                let ln = scaled.iter().map(|s| s.ln() - ln_total).collect();
                let ln_relative = scaled.iter().map(|s| s.ln()).collect();
                (p, ln, ln_relative)
            }
        };
        let probabilities = probabilities
            .into_iter()
            .map(|p| Probability::new(p).unwrap_or(Probability::ZERO))
            .collect();
        Prior {
            weights,
            probabilities,
            ln,
            ln_relative,
        }
    }

    /// The normalised probabilities, one per hypothesis.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert_eq!(case.prior().probabilities()[0].get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probabilities(&self) -> &[Probability] {
        &self.probabilities
    }

    /// The natural logarithms of the probabilities (`-inf` for a weight of 0).
    ///
    /// # Precision
    ///
    /// Computed as `ln(w / max) - ln(sum(w / max))`: within a few units in
    /// the last place of the exact value.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert!((case.prior().ln_probabilities()[0] - 0.5f64.ln()).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ln_probabilities(&self) -> &[f64] {
        &self.ln
    }

    /// The weights as given, or `None` when the prior is the default uniform one.
    ///
    /// # Example
    ///
    /// ```
    /// let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// assert!(case.prior().weights().is_none());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weights(&self) -> Option<&[Weight]> {
        self.weights.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(x: &[f64]) -> Option<Vec<Weight>> {
        Some(x.iter().map(|&x| Weight::new(x).unwrap()).collect())
    }

    #[test]
    fn normalises() {
        let p = Prior::from_weights(w(&[2.0, 1.0, 1.0]), 3);
        let got: Vec<f64> = p.probabilities().iter().map(|p| p.get()).collect();
        assert_eq!(got, [0.5, 0.25, 0.25]);
    }

    #[test]
    fn huge_weights_do_not_overflow() {
        let p = Prior::from_weights(w(&[1e308, 1e308, 0.0]), 3);
        let got: Vec<f64> = p.probabilities().iter().map(|p| p.get()).collect();
        assert_eq!(got, [0.5, 0.5, 0.0]);
        assert_eq!(p.ln_probabilities()[2], f64::NEG_INFINITY);
    }

    #[test]
    fn uniform_default() {
        let p = Prior::from_weights(None, 4);
        assert!(p.probabilities().iter().all(|p| p.get() == 0.25));
        assert!((p.ln_probabilities()[0] - 0.25f64.ln()).abs() < 1e-15);
    }
}
