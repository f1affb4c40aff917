//! How reliability, soft observation and dependence turn a stated
//! likelihood into the effective one that is scored (docs/model.md section 2).

use crate::domain::probability::{Correlation, Probability, Reliability};
use crate::error::Detail;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The weighting model: how a reliability `r` bends a likelihood `l`.
///
/// - [`Mixture`](Weighting::Mixture), the default:
///   `l'(h) = r l(h) + (1 - r) chance`. An unreliable report is a mixture of
///   a truthful one and noise that turns up with probability `chance`
///   whatever the truth. `r = 0` makes the item uninformative, and unless
///   `chance` is 0 a zero likelihood is softened, so one unreliable report
///   can never eliminate a hypothesis.
/// - [`Tempered`](Weighting::Tempered): `l'(h) = l(h)^r` (with `0^0 = 1`),
///   which scales the item's log-likelihood, and so its weight of evidence,
///   by `r`. A zero stays a zero for any `r > 0`.
///
/// # Example
///
/// ```
/// use attrib::{Probability, Reliability, Weighting};
///
/// let l = Probability::new(0.9)?;
/// let r = Reliability::new(0.5)?;
/// let chance = Probability::new(0.5)?;
/// // 0.5 * 0.9 + 0.5 * 0.5 = 0.7
/// assert!((Weighting::Mixture.apply(l, r, chance).get() - 0.7).abs() < 1e-15);
/// // 0.9 ^ 0.5
/// assert!((Weighting::Tempered.apply(l, r, chance).get() - 0.9f64.sqrt()).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Weighting {
    /// `l' = r l + (1 - r) chance` (the default).
    #[default]
    Mixture,
    /// `l' = l ^ r`, with `0 ^ 0 = 1`.
    Tempered,
}

impl Weighting {
    /// The likelihood after reliability, step 1 of docs/model.md section 2.
    /// `chance` is ignored by [`Tempered`](Weighting::Tempered).
    ///
    /// # Precision
    ///
    /// One or two roundings; the result is clamped to `0..=1`, which only
    /// ever moves it by an ulp.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Probability, Reliability, Weighting};
    ///
    /// // r = 0 leaves only the chance: the item says nothing.
    /// let out = Weighting::Mixture.apply(Probability::ONE, Reliability::ZERO, Probability::new(0.3)?);
    /// assert_eq!(out.get(), 0.3);
    /// // 0 ^ 0 = 1 under tempering.
    /// let out = Weighting::Tempered.apply(Probability::ZERO, Reliability::ZERO, Probability::ZERO);
    /// assert_eq!(out.get(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn apply(self, l: Probability, r: Reliability, chance: Probability) -> Probability {
        let (l, r, chance) = (l.get(), r.get(), chance.get());
        let x = match self {
            Weighting::Mixture => r * l + (1.0 - r) * chance,
            Weighting::Tempered => {
                if r == 0.0 {
                    1.0
                } else {
                    l.powf(r)
                }
            }
        };
        clamp_probability(x)
    }

    fn name(self) -> &'static str {
        match self {
            Weighting::Mixture => "mixture",
            Weighting::Tempered => "tempered",
        }
    }
}

/// The factors of an item's reliability as scoring takes them
/// (docs/model.md section 2, step 1), and the one formula that combines
/// them: every path (scoring, Monte Carlo draws, break-even searches)
/// builds the reliability here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ReliabilityFactors {
    /// The item's own reliability, or else its source's (1 without one)
    /// times its credibility (1 without one).
    pub(crate) base: f64,
    /// Its source's discount (1 without one).
    pub(crate) source_discount: f64,
    /// Its own discount (1 without one).
    pub(crate) item_discount: f64,
}

impl ReliabilityFactors {
    /// No factor: reliability 1.
    pub(crate) const ONE: ReliabilityFactors = ReliabilityFactors {
        base: 1.0,
        source_discount: 1.0,
        item_discount: 1.0,
    };

    /// `(base x source discount) x item discount`, in that order, clamped
    /// to `0..=1`.
    pub(crate) fn reliability(self) -> f64 {
        (self.base * self.source_discount * self.item_discount).clamp(0.0, 1.0)
    }
}

/// Uncertain observation (Jeffrey / Pearl virtual evidence), step 2 of
/// docs/model.md section 2: `l'' = q l' + (1 - q) (1 - l')`, where `q` is the
/// confidence that the reported observation really occurred. `q = 1` leaves
/// `l'` as it is; `q = 1/2` makes every hypothesis score 1/2, so the item
/// says nothing.
///
/// # Example
///
/// ```
/// use attrib::{weighting::soft_observation, Probability};
///
/// let l = Probability::new(0.8)?;
/// // 0.9 * 0.8 + 0.1 * 0.2 = 0.74
/// let out = soft_observation(l, Probability::new(0.9)?);
/// assert!((out.get() - 0.74).abs() < 1e-15);
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn soft_observation(l: Probability, observed: Probability) -> Probability {
    let (l, q) = (l.get(), observed.get());
    if q == 1.0 {
        return Probability::new(l).unwrap_or(Probability::ONE);
    }
    clamp_probability(q * l + (1.0 - q) * (1.0 - l))
}

/// The weight `w_j = (1 - rho)^j` of the `j`-th largest penalty against a
/// hypothesis among the items of a dependence group with correlation `rho`
/// (docs/model.md section 2, step 3): `w_0 = 1`, so a group's most damning item
/// always counts in full, and `k` identical items weigh
/// `sum_{j<k} (1 - rho)^j` items, never more than `1 / rho`.
///
/// The power is taken by repeated multiplication, as scoring does, so the
/// value is the one scoring uses, bit for bit.
///
/// # Example
///
/// ```
/// use attrib::{weighting::dependence_weight, Correlation};
///
/// let rho = Correlation::new(0.5)?;
/// assert_eq!(dependence_weight(0, rho), 1.0);
/// assert_eq!(dependence_weight(2, rho), 0.25);
/// // with rho = 1 only the first counts; with rho = 0 all count fully
/// assert_eq!(dependence_weight(1, Correlation::ONE), 0.0);
/// assert_eq!(dependence_weight(9, Correlation::ZERO), 1.0);
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn dependence_weight(rank: usize, rho: Correlation) -> f64 {
    let keep = 1.0 - rho.get();
    let mut w = 1.0;
    for _ in 0..rank {
        w *= keep;
        if w == 0.0 {
            break;
        }
    }
    w
}

fn clamp_probability(x: f64) -> Probability {
    Probability::new(x.clamp(0.0, 1.0)).unwrap_or(Probability::ZERO)
}

impl FromStr for Weighting {
    type Err = Error;

    /// Parses `mixture` or `tempered`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "mixture" => Ok(Weighting::Mixture),
            "tempered" => Ok(Weighting::Tempered),
            _ => Err(Error::from(Detail::InvalidWeighting {
                item: Item::Case,
                field: "weighting",
                value: s.to_string(),
                expected: "\"mixture\", \"tempered\"",
            })),
        }
    }
}

impl TryFrom<String> for Weighting {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<Weighting> for String {
    fn from(w: Weighting) -> String {
        w.name().to_string()
    }
}

impl fmt::Display for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64) -> Probability {
        Probability::new(x).unwrap()
    }
    fn r(x: f64) -> Reliability {
        Reliability::new(x).unwrap()
    }

    #[test]
    fn mixture_by_hand() {
        // 0.8 * 0.1 + 0.2 * 0.4 = 0.08 + 0.08 = 0.16
        let out = Weighting::Mixture.apply(p(0.1), r(0.8), p(0.4)).get();
        assert!((out - 0.16).abs() < 1e-15);
        // a zero is softened: 0.9 * 0 + 0.1 * 0.3 = 0.03
        let out = Weighting::Mixture.apply(p(0.0), r(0.9), p(0.3)).get();
        assert!((out - 0.03).abs() < 1e-15);
        // r = 1 leaves l alone
        assert_eq!(
            Weighting::Mixture.apply(p(0.37), r(1.0), p(0.9)).get(),
            0.37
        );
    }

    #[test]
    fn tempered_by_hand() {
        // 0.25 ^ 0.5 = 0.5
        assert_eq!(
            Weighting::Tempered.apply(p(0.25), r(0.5), p(0.0)).get(),
            0.5
        );
        // 0 ^ r = 0 for r > 0: still eliminates
        assert_eq!(Weighting::Tempered.apply(p(0.0), r(0.1), p(0.5)).get(), 0.0);
        // 0 ^ 0 = 1
        assert_eq!(Weighting::Tempered.apply(p(0.0), r(0.0), p(0.5)).get(), 1.0);
    }

    #[test]
    fn reliability_by_hand() {
        let f = ReliabilityFactors {
            base: 0.8,
            source_discount: 0.5,
            item_discount: 0.5,
        };
        assert_eq!(f.reliability(), 0.2);
        assert_eq!(ReliabilityFactors::ONE.reliability(), 1.0);
        // a product above 1 (no factor is, but the formula clamps) or a
        // zero factor
        let big = ReliabilityFactors { base: 2.0, ..f };
        assert_eq!(big.reliability(), 0.5);
        let none = ReliabilityFactors {
            source_discount: 0.0,
            ..f
        };
        assert_eq!(none.reliability(), 0.0);
        // the order of the products is fixed: (0.1 * 0.3) * 0.7, not 0.1 * (0.3 * 0.7)
        let f = ReliabilityFactors {
            base: 0.1,
            source_discount: 0.3,
            item_discount: 0.7,
        };
        assert_eq!(f.reliability(), 0.1 * 0.3 * 0.7);
    }

    #[test]
    fn soft_observation_by_hand() {
        // q = 0.5: 0.5 * l + 0.5 * (1 - l) = 0.5 for any l
        assert_eq!(soft_observation(p(0.9), p(0.5)).get(), 0.5);
        // q = 0: the complement
        assert!((soft_observation(p(0.9), p(0.0)).get() - 0.1).abs() < 1e-15);
        // q = 0.75, l = 0.2: 0.15 + 0.25 * 0.8 = 0.35
        assert!((soft_observation(p(0.2), p(0.75)).get() - 0.35).abs() < 1e-15);
    }

    #[test]
    fn dependence_weight_by_hand() {
        let half = Correlation::new(0.5).unwrap();
        let weights: Vec<f64> = (0..4).map(|j| dependence_weight(j, half)).collect();
        assert_eq!(weights, [1.0, 0.5, 0.25, 0.125]);
        // k identical items weigh sum_{j<k} (1 - rho)^j: 1.875 for k = 4
        assert_eq!(weights.iter().sum::<f64>(), 1.875);
        assert_eq!(dependence_weight(0, Correlation::ONE), 1.0);
        assert_eq!(dependence_weight(1, Correlation::ONE), 0.0);
        assert_eq!(dependence_weight(1000, Correlation::ZERO), 1.0);
        // 0.001^200 underflows to 0: such terms are dropped
        let rho = Correlation::new(0.999).unwrap();
        assert_eq!(dependence_weight(200, rho), 0.0);
    }

    #[test]
    fn log_space_steps_agree_with_the_formulas() {
        // The scorer's log-space steps against the plain formulas of
        // docs/model.md section 2, on a grid of ordinary values.
        let grid = [0.0, 1e-3, 0.1, 0.25, 0.5, 0.9, 0.999, 1.0];
        for &l in &grid {
            for &rel in &grid {
                for &c in &grid {
                    for w in [Weighting::Mixture, Weighting::Tempered] {
                        let plain = w.apply(p(l), r(rel), p(c)).get();
                        let logged = ln::Weigher::new(w, rel, || c.ln()).apply(l.ln()).exp();
                        assert!(
                            (plain - logged).abs() <= 1e-15 * (1.0 + plain),
                            "{w} {l} {rel} {c}"
                        );
                        assert_eq!(plain == 0.0, logged == 0.0, "{w} {l} {rel} {c}");
                    }
                }
                let q = rel;
                let plain = soft_observation(p(l), p(q)).get();
                let logged = ln::observe(l.ln(), q).exp();
                assert!((plain - logged).abs() <= 1e-15 * (1.0 + plain), "{l} {q}");
                assert_eq!(plain == 0.0, logged == 0.0, "{l} {q}");
            }
        }
    }

    #[test]
    fn log_space_does_not_underflow() {
        // mean of (5e-324, 0) underflows to 0 in f64; its log does not.
        let ln_mean = ln::mean(&[5e-324f64.ln(), f64::NEG_INFINITY]);
        assert!((ln_mean - (5e-324f64.ln() - 2f64.ln())).abs() < 1e-12);
        // with r = 0 every hypothesis gets the chance: finite, not -inf
        let out = ln::Weigher::new(Weighting::Mixture, 0.0, || ln_mean).apply(f64::NEG_INFINITY);
        assert!(out.is_finite());
        // 1 - 1e-300 is 1 in f64, but ln(1 - e^x) for x = ln(1e-300) is -1e-300
        // (within the rounding of ln(1e-300), about 2.3e-14 relative)
        let x = ln::one_minus_exp(1e-300f64.ln());
        assert!((x / -1e-300 - 1.0).abs() < 1e-13, "{x}");
        assert_eq!(ln::one_minus_exp(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn parse() {
        assert_eq!(
            "tempered".parse::<Weighting>().unwrap(),
            Weighting::Tempered
        );
        let e = "Mixture".parse::<Weighting>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "case: weighting is \"Mixture\", must be one of \"mixture\", \"tempered\""
        );
    }
}

/// Log-space forms of the three steps, used by scoring so that no
/// likelihood in `0..=1` underflows: each returns `ln` of the value the
/// public function of the same step returns, and `-inf` exactly when that
/// value is 0 in exact arithmetic.
pub(crate) mod ln {
    use super::Weighting;
    pub(crate) use crate::numeric::ln::{add, one_minus_exp};

    /// Step 1, prepared once per item: `ln l'` from `ln l`.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum Weigher {
        /// `l' = l` (mixture with `r = 1`, tempered with `r = 1`).
        Same,
        /// `l' = chance` for every hypothesis (mixture with `r = 0`).
        Constant(f64),
        /// `ln l' = ln(e^(ln r + ln l) + e^(ln(1 - r) + ln chance))`.
        Mixture { ln_r: f64, ln_rest: f64 },
        /// `ln l' = r ln l` (with `r = 0` giving 0: `0^0 = 1`).
        Tempered(f64),
    }

    impl Weigher {
        /// `ln_chance` is only called when the mixture needs it.
        pub(crate) fn new(w: Weighting, r: f64, ln_chance: impl FnOnce() -> f64) -> Weigher {
            match w {
                Weighting::Mixture if r == 1.0 => Weigher::Same,
                Weighting::Mixture if r == 0.0 => Weigher::Constant(ln_chance()),
                Weighting::Mixture => Weigher::Mixture {
                    ln_r: r.ln(),
                    ln_rest: (-r).ln_1p() + ln_chance(),
                },
                Weighting::Tempered if r == 1.0 => Weigher::Same,
                Weighting::Tempered => Weigher::Tempered(r),
            }
        }

        pub(crate) fn apply(self, ln_l: f64) -> f64 {
            match self {
                Weigher::Same => ln_l,
                Weigher::Constant(c) => c,
                Weigher::Mixture { ln_r, ln_rest } => add(ln_r + ln_l, ln_rest),
                Weigher::Tempered(r) => {
                    if r == 0.0 {
                        0.0
                    } else {
                        r * ln_l
                    }
                }
            }
        }
    }

    /// `ln` of the mean of `e^x` over a row, without underflow.
    pub(crate) fn mean(row: &[f64]) -> f64 {
        let top = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if top == f64::NEG_INFINITY {
            return f64::NEG_INFINITY;
        }
        let sum: f64 = row.iter().map(|&x| (x - top).exp()).sum();
        top + sum.ln() - (row.len() as f64).ln()
    }

    /// Step 2: `ln l''` from `ln l'` and the confidence `q`.
    pub(crate) fn observe(ln_l: f64, q: f64) -> f64 {
        if q == 1.0 {
            return ln_l;
        }
        let seen = if q == 0.0 {
            f64::NEG_INFINITY
        } else {
            q.ln() + ln_l
        };
        let unseen = (-q).ln_1p() + one_minus_exp(ln_l.min(0.0));
        add(seen, unseen)
    }
}
