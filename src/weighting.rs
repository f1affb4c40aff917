//! How reliability, soft observation and dependence turn a stated
//! likelihood into the effective one that is scored (MODEL.md section 2).

use crate::error::{Error, Item};
use crate::probability::{Correlation, Probability, Reliability};
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
    /// The likelihood after reliability, step 1 of MODEL.md section 2.
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

/// Uncertain observation (Jeffrey / Pearl virtual evidence), step 2 of
/// MODEL.md section 2: `l'' = q l' + (1 - q) (1 - l')`, where `q` is the
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

/// The factor `c = 1 / (1 + (k - 1) rho)` on the log-likelihood of each of
/// the `k` items of a group with correlation `rho` (MODEL.md section 2,
/// step 3). It is 1 for `k <= 1` or `rho = 0`, and `1 / k` for `rho = 1`.
///
/// # Example
///
/// ```
/// use attrib::{weighting::dependence_factor, Correlation};
///
/// // three items, rho = 0.5: c = 1 / (1 + 2 * 0.5) = 0.5
/// assert_eq!(dependence_factor(3, Correlation::new(0.5)?), 0.5);
/// assert_eq!(dependence_factor(4, Correlation::ONE), 0.25);
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn dependence_factor(k: usize, rho: Correlation) -> f64 {
    if k <= 1 {
        return 1.0;
    }
    1.0 / (1.0 + (k - 1) as f64 * rho.get())
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
            _ => Err(Error::InvalidGrade {
                item: Item::Case,
                field: "weighting",
                value: s.to_string(),
                expected: "\"mixture\", \"tempered\"",
            }),
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
    fn soft_observation_by_hand() {
        // q = 0.5: 0.5 * l + 0.5 * (1 - l) = 0.5 for any l
        assert_eq!(soft_observation(p(0.9), p(0.5)).get(), 0.5);
        // q = 0: the complement
        assert!((soft_observation(p(0.9), p(0.0)).get() - 0.1).abs() < 1e-15);
        // q = 0.75, l = 0.2: 0.15 + 0.25 * 0.8 = 0.35
        assert!((soft_observation(p(0.2), p(0.75)).get() - 0.35).abs() < 1e-15);
    }

    #[test]
    fn dependence_factor_by_hand() {
        assert_eq!(dependence_factor(1, Correlation::ONE), 1.0);
        assert_eq!(dependence_factor(5, Correlation::ZERO), 1.0);
        // k = 2, rho = 0.5: 1 / 1.5
        assert_eq!(
            dependence_factor(2, Correlation::new(0.5).unwrap()),
            1.0 / 1.5
        );
        assert_eq!(dependence_factor(3, Correlation::ONE), 1.0 / 3.0);
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
