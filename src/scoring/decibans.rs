//! Weights of evidence in decibans (Good and Turing): `10 log10` of a
//! likelihood ratio or of odds, with the ENFSI words of its strength.

use crate::error::Detail;
use crate::error::{Error, Item};
use crate::scoring::scale::Enfsi;
use serde::{Serialize, Serializer};
use std::f64::consts::LN_10;
use std::fmt;

/// A number as JSON can hold it: itself when finite, `None` (JSON `null`)
/// when infinite or NaN, so that every serde format writes the same.
pub(crate) fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Decibans per neper: `10 / ln 10`.
const DB_PER_NEPER: f64 = 10.0 / LN_10;

/// A weight of evidence, or log-odds, in decibans: `10 log10` of a ratio.
/// 10 dB is a factor of 10; 3 dB about a factor of 2. Infinite values are
/// allowed (a ratio with a zero); NaN is not.
///
/// # Example
///
/// ```
/// use attrib::scoring::Decibans;
///
/// let w = Decibans::from_ratio(100.0)?;
/// assert_eq!(w.get(), 20.0);
/// assert_eq!(w.ratio(), 100.0);
/// assert_eq!(w.to_string(), "+20.0 dB");
/// assert_eq!(Decibans::new(-0.01)?.to_string(), "+0.0 dB");
/// assert_eq!(format!("{:.2}", Decibans::new(-0.01)?), "-0.01 dB");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// A number; an infinite weight (an item that eliminates a hypothesis) is
/// `null`, since JSON has no infinity.
///
/// ```
/// use attrib::scoring::Decibans;
///
/// assert_eq!(serde_json::to_value(Decibans::new(20.0)?).unwrap(), 20.0);
/// assert!(serde_json::to_value(Decibans::new(f64::INFINITY)?).unwrap().is_null());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Decibans(f64);

impl Serialize for Decibans {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        finite(self.0).serialize(s)
    }
}

impl Decibans {
    /// Makes a weight from a number of decibans, which may be infinite.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `db` is NaN.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(attrib::scoring::Decibans::new(f64::NAN).is_err());
    /// assert!(attrib::scoring::Decibans::new(f64::NEG_INFINITY).is_ok());
    /// ```
    pub fn new(db: f64) -> Result<Decibans, Error> {
        if db.is_nan() {
            Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "decibans".into(),
                value: db,
                expected: "-infinity..=infinity",
            }))
        } else {
            Ok(Decibans(db))
        }
    }

    /// The weight of a ratio `V` in `0..=inf`: `10 log10 V`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `V` is NaN or negative.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Decibans::from_ratio(0.1)?.get(), -10.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_ratio(v: f64) -> Result<Decibans, Error> {
        if !(0.0..=f64::INFINITY).contains(&v) {
            return Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "ratio".into(),
                value: v,
                expected: "0..=infinity",
            }));
        }
        Ok(Decibans(10.0 * v.log10()))
    }

    /// The weight of a natural-log ratio: `ln V * 10 / ln 10`. A NaN input
    /// (which the library never produces) is read as 0.
    ///
    /// # Example
    ///
    /// ```
    /// let w = attrib::scoring::Decibans::from_ln(10f64.ln());
    /// assert!((w.get() - 10.0).abs() < 1e-14);
    /// ```
    pub fn from_ln(ln: f64) -> Decibans {
        if ln.is_nan() {
            Decibans(0.0)
        } else {
            Decibans(ln * DB_PER_NEPER)
        }
    }

    /// The number of decibans.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Decibans::new(3.0)?.get(), 3.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn get(self) -> f64 {
        self.0
    }

    /// The ratio `10^(dB / 10)` (0 or `inf` at the extremes).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Decibans::new(30.0)?.ratio(), 1000.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn ratio(self) -> f64 {
        10f64.powf(self.0 / 10.0)
    }

    /// The ENFSI reading of this weight, with its direction: a positive
    /// weight of `h` against `k` supports `h`, a negative one `k`
    /// ([`Enfsi`]).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::{Decibans, Enfsi, Strength};
    ///
    /// assert_eq!(Decibans::new(-25.0)?.enfsi(), Enfsi::Against(Strength::ModeratelyStrong));
    /// assert_ne!(Decibans::new(-30.0)?.enfsi(), Decibans::new(30.0)?.enfsi());
    /// assert_eq!(Decibans::new(-30.0)?.enfsi().words_for("a", "b"), "strong support for b over a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn enfsi(self) -> Enfsi {
        Enfsi::from_decibans(self)
    }
}

impl fmt::Display for Decibans {
    /// `+12.3 dB`: one decimal unless a precision is given; a width pads
    /// (right-aligned unless asked otherwise). A weight that rounds to zero
    /// shows as `+0.0`, never `-0.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prec = f.precision().unwrap_or(1);
        let text = if self.0.is_infinite() {
            let sign = if self.0 > 0.0 { '+' } else { '-' };
            format!("{sign}inf dB")
        } else {
            let number = format!("{:+.prec$}", self.0);
            let zero = number
                .trim_start_matches(['+', '-'])
                .chars()
                .all(|c| c == '0' || c == '.');
            if zero {
                format!("{:+.prec$} dB", 0.0)
            } else {
                format!("{number} dB")
            }
        };
        match (f.width(), f.align()) {
            (None, _) => f.write_str(&text),
            (Some(w), Some(fmt::Alignment::Left)) => write!(f, "{text:<w$}"),
            (Some(w), Some(fmt::Alignment::Center)) => write!(f, "{text:^w$}"),
            (Some(w), _) => write!(f, "{text:>w$}"),
        }
    }
}
