//! Newtypes for the numbers of the model, each with its limits checked.
//!
//! Every constructor rejects NaN and values outside the range, and returns
//! an [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) that says the value and the allowed range.
//! Deserialisation goes through the same constructors.

use crate::error::Detail;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! unit_interval {
    ($(#[$doc:meta])* $name:ident, $field:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            /// The value 0.
            pub const ZERO: $name = $name(0.0);
            /// The value 1.
            pub const ONE: $name = $name(1.0);

            /// Makes a value from a number in `0..=1`.
            ///
            /// # Errors
            ///
            /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `x` is NaN or outside `0..=1`.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("use attrib::", stringify!($name), ";")]
            ///
            #[doc = concat!("let x = ", stringify!($name), "::new(", $example, ")?;")]
            #[doc = concat!("assert_eq!(x.get(), ", $example, ");")]
            #[doc = concat!("assert!(", stringify!($name), "::new(f64::NAN).is_err());")]
            #[doc = concat!("assert!(", stringify!($name), "::new(1.5).is_err());")]
            /// # Ok::<(), attrib::Error>(())
            /// ```
            pub fn new(x: f64) -> Result<Self, Error> {
                if (0.0..=1.0).contains(&x) {
                    Ok($name(x))
                } else {
                    Err(Error::from(Detail::OutOfRange {
                        item: Item::Value,
                        field: $field.to_string(),
                        value: x,
                        expected: "0..=1",
                    }))
                }
            }

            /// The number, in `0..=1`.
            ///
            /// # Example
            ///
            /// ```
            #[doc = concat!("assert_eq!(attrib::", stringify!($name), "::ONE.get(), 1.0);")]
            /// ```
            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = Error;
            fn try_from(x: f64) -> Result<Self, Error> {
                $name::new(x)
            }
        }

        impl From<$name> for f64 {
            fn from(x: $name) -> f64 {
                x.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

unit_interval!(
    /// A probability, in `0..=1`: a likelihood `P(E | h)`, a prior or a
    /// posterior probability, a `chance` or an `observed` confidence.
    Probability,
    "probability",
    "0.25"
);

unit_interval!(
    /// How far a report can be trusted, in `0..=1`: 1 takes it at face
    /// value, 0 makes it uninformative (docs/model.md section 2).
    Reliability,
    "reliability",
    "0.8"
);

unit_interval!(
    /// The correlation `rho` of a dependence group, in `0..=1`: 0 counts the
    /// items as independent, 1 makes the whole group weigh as one average
    /// item (docs/model.md section 2, step 3).
    Correlation,
    "correlation",
    "0.5"
);

/// A prior weight: any finite number `>= 0`. Weights are normalised to sum
/// to 1, so `{a: 2, b: 1, c: 1}` means 0.5 / 0.25 / 0.25.
///
/// # Example
///
/// ```
/// use attrib::domain::Weight;
///
/// assert_eq!(Weight::new(2.0)?.get(), 2.0);
/// assert!(Weight::new(-1.0).is_err());
/// assert!(Weight::new(f64::INFINITY).is_err());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Weight(f64);

impl Weight {
    /// Makes a weight from a finite, non-negative number.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `x` is negative, infinite or NaN.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::domain::Weight::new(0.0).is_ok());
    /// ```
    pub fn new(x: f64) -> Result<Self, Error> {
        if x.is_finite() && x >= 0.0 {
            Ok(Weight(x))
        } else {
            Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "weight".into(),
                value: x,
                expected: "0..infinity (finite)",
            }))
        }
    }

    /// The number.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::domain::Weight::new(3.0)?.get(), 3.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Weight {
    type Error = Error;
    fn try_from(x: f64) -> Result<Self, Error> {
        Weight::new(x)
    }
}

impl From<Weight> for f64 {
    fn from(x: Weight) -> f64 {
        x.0
    }
}

/// A concentration `k` for Monte Carlo draws (docs/model.md section 6): a finite
/// number `> 0`. Larger means a judgement is held more firmly: a likelihood
/// `l` is drawn from `Beta(k l, k (1 - l))`.
///
/// # Example
///
/// ```
/// use attrib::domain::Concentration;
///
/// assert_eq!(Concentration::new(20.0)?.get(), 20.0);
/// assert!(Concentration::new(0.0).is_err());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Concentration(f64);

impl Concentration {
    /// Makes a concentration from a finite number `> 0`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `x` is not a finite positive number.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::domain::Concentration::new(f64::NAN).is_err());
    /// ```
    pub fn new(x: f64) -> Result<Self, Error> {
        if x.is_finite() && x > 0.0 {
            Ok(Concentration(x))
        } else {
            Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "concentration".into(),
                value: x,
                expected: "0<..infinity (finite)",
            }))
        }
    }

    /// The number.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::domain::Concentration::new(5.0)?.get(), 5.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Concentration {
    type Error = Error;
    fn try_from(x: f64) -> Result<Self, Error> {
        Concentration::new(x)
    }
}

impl From<Concentration> for f64 {
    fn from(x: Concentration) -> f64 {
        x.0
    }
}

/// A judgement in `0..=1` given either as a point or as a range
/// `[low, high]` (docs/model.md section 6). Plain scoring uses the
/// [`midpoint`](Estimate::midpoint); Monte Carlo draws from the range.
///
/// The form given is kept, so a case written back to a file says exactly
/// what its author said.
///
/// # Example
///
/// ```
/// use attrib::domain::Estimate;
///
/// let e = Estimate::range(0.6, 0.9)?;
/// assert!((e.midpoint().get() - 0.75).abs() < 1e-15);
/// assert_eq!(Estimate::point(0.3)?.midpoint().get(), 0.3);
/// assert!(Estimate::range(0.9, 0.6).is_err());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    /// A single value.
    Point(Probability),
    /// A range `[low, high]` with `low <= high`.
    Range {
        /// The low end.
        low: Probability,
        /// The high end.
        high: Probability,
    },
}

impl Estimate {
    /// A single value in `0..=1`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `x` is NaN or outside `0..=1`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::domain::Estimate::point(1.01).is_err());
    /// ```
    pub fn point(x: f64) -> Result<Self, Error> {
        Ok(Estimate::Point(Probability::new(x)?))
    }

    /// A range `[low, high]` inside `0..=1`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when a bound is NaN or outside `0..=1`;
    /// [`ErrorKind::ReversedRange`](crate::ErrorKind::ReversedRange) when `low > high`.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::domain::Estimate::range(0.2, 0.4).is_ok());
    /// ```
    pub fn range(low: f64, high: f64) -> Result<Self, Error> {
        let lo = Probability::new(low)?;
        let hi = Probability::new(high)?;
        if lo.get() > hi.get() {
            return Err(Error::from(Detail::ReversedRange {
                item: Item::Value,
                field: "range".into(),
                low,
                high,
            }));
        }
        Ok(Estimate::Range { low: lo, high: hi })
    }

    /// The value plain scoring uses: the point, or the middle of the range.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::domain::Estimate::range(0.0, 1.0)?.midpoint().get(), 0.5);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn midpoint(self) -> Probability {
        match self {
            Estimate::Point(p) => p,
            // The mean of two numbers in 0..=1 stays in 0..=1; computed as
            // low + (high - low) / 2 it never exceeds `high`.
            Estimate::Range { low, high } => Probability(low.0 + (high.0 - low.0) / 2.0),
        }
    }

    /// The low and high ends (equal for a point).
    ///
    /// # Example
    ///
    /// ```
    /// let (lo, hi) = attrib::domain::Estimate::range(0.1, 0.2)?.bounds();
    /// assert_eq!((lo.get(), hi.get()), (0.1, 0.2));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn bounds(self) -> (Probability, Probability) {
        match self {
            Estimate::Point(p) => (p, p),
            Estimate::Range { low, high } => (low, high),
        }
    }

    /// Whether this is a range rather than a point.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(!attrib::domain::Estimate::point(0.5)?.is_range());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_range(self) -> bool {
        matches!(self, Estimate::Range { .. })
    }
}

impl From<Probability> for Estimate {
    fn from(p: Probability) -> Self {
        Estimate::Point(p)
    }
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Estimate::Point(p) => write!(f, "{p}"),
            Estimate::Range { low, high } => write!(f, "[{low}, {high}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAD: [f64; 5] = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.1,
        1.0 + 1e-12,
    ];

    #[test]
    fn unit_interval_rejects_nan_infinities_and_outside() {
        for x in BAD {
            assert!(Probability::new(x).is_err(), "{x}");
            assert!(Reliability::new(x).is_err(), "{x}");
            assert!(Correlation::new(x).is_err(), "{x}");
            assert!(Estimate::point(x).is_err(), "{x}");
            assert!(Estimate::range(0.0, x).is_err(), "{x}");
        }
        for x in [0.0, -0.0, 1.0, 0.5, f64::MIN_POSITIVE, 5e-324] {
            assert!(Probability::new(x).is_ok(), "{x}");
        }
    }

    #[test]
    fn weight_and_concentration_limits() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
            assert!(Weight::new(x).is_err());
            assert!(Concentration::new(x).is_err());
        }
        assert!(Weight::new(0.0).is_ok());
        assert!(Concentration::new(0.0).is_err());
        assert!(Weight::new(1e300).is_ok());
    }

    #[test]
    fn error_says_value_and_range() {
        let e = Reliability::new(1.2).unwrap_err();
        assert_eq!(e.to_string(), "reliability is 1.2, must be in 0..=1");
    }

    #[test]
    fn midpoint_of_range() {
        // (0.6 + 0.9) / 2 = 0.75
        let m = Estimate::range(0.6, 0.9).unwrap().midpoint().get();
        assert!((m - 0.75).abs() < 1e-15);
        // midpoint never leaves the range, even at the top of the interval
        let m = Estimate::range(1.0 - f64::EPSILON, 1.0)
            .unwrap()
            .midpoint()
            .get();
        assert!(m <= 1.0);
    }

    #[test]
    fn reversed_range_is_rejected() {
        let e = Estimate::range(0.9, 0.6).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::ReversedRange);
    }

    #[test]
    fn serde_goes_through_constructor() {
        let p: Result<Probability, _> = serde_json::from_str("1.5");
        assert!(p.is_err());
        let p: Probability = serde_json::from_str("0.25").unwrap();
        assert_eq!(p.get(), 0.25);
    }
}
