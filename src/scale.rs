//! Verbal scales: ICD 203 words of estimative probability for posteriors,
//! and the ENFSI 2015 verbal scale for likelihood ratios (docs/model.md
//! section 4).
//!
//! Both scales are split into half-open bands `[low, high)`: a value on an
//! edge belongs to the band above it, so 0.95 is "almost certain" and a
//! likelihood ratio of exactly 10 is "moderate".

use crate::error::{Error, Item};
use crate::probability::Probability;
use std::fmt;

/// ICD 203 (US Office of the Director of National Intelligence, Intelligence
/// Community Directive 203, "Analytic Standards", 2015) words of estimative
/// probability.
///
/// | band | words |
/// |---|---|
/// | `[0, 0.05)` | almost no chance |
/// | `[0.05, 0.20)` | very unlikely |
/// | `[0.20, 0.45)` | unlikely |
/// | `[0.45, 0.55)` | roughly even chance |
/// | `[0.55, 0.80)` | likely |
/// | `[0.80, 0.95)` | very likely |
/// | `[0.95, 1]` | almost certain |
///
/// ICD 203 itself gives 1-5 % and 95-99 % for the end bands and no words for
/// 0-1 % or 99-100 %, since an estimate is never certain; this crate extends
/// the end bands to 0 and 1 so that every probability has words.
///
/// # Example
///
/// ```
/// use attrib::{Icd203, Probability};
///
/// assert_eq!(Icd203::from_probability(Probability::new(0.95)?), Icd203::AlmostCertain);
/// assert_eq!(Icd203::from_probability(Probability::new(0.949)?), Icd203::VeryLikely);
/// assert_eq!(Icd203::VeryLikely.to_string(), "very likely");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Icd203 {
    /// `[0, 0.05)`: almost no chance (remote).
    AlmostNoChance,
    /// `[0.05, 0.20)`: very unlikely (highly improbable).
    VeryUnlikely,
    /// `[0.20, 0.45)`: unlikely (improbable).
    Unlikely,
    /// `[0.45, 0.55)`: roughly even chance (roughly even odds).
    RoughlyEvenChance,
    /// `[0.55, 0.80)`: likely (probable).
    Likely,
    /// `[0.80, 0.95)`: very likely (highly probable).
    VeryLikely,
    /// `[0.95, 1]`: almost certain (nearly certain).
    AlmostCertain,
}

impl Icd203 {
    /// The band a probability falls in.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Icd203, Probability};
    ///
    /// assert_eq!(Icd203::from_probability(Probability::new(0.5)?), Icd203::RoughlyEvenChance);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_probability(p: Probability) -> Icd203 {
        let p = p.get();
        if p < 0.05 {
            Icd203::AlmostNoChance
        } else if p < 0.20 {
            Icd203::VeryUnlikely
        } else if p < 0.45 {
            Icd203::Unlikely
        } else if p < 0.55 {
            Icd203::RoughlyEvenChance
        } else if p < 0.80 {
            Icd203::Likely
        } else if p < 0.95 {
            Icd203::VeryLikely
        } else {
            Icd203::AlmostCertain
        }
    }

    /// The words.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Icd203::AlmostNoChance.words(), "almost no chance");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Icd203::AlmostNoChance => "almost no chance",
            Icd203::VeryUnlikely => "very unlikely",
            Icd203::Unlikely => "unlikely",
            Icd203::RoughlyEvenChance => "roughly even chance",
            Icd203::Likely => "likely",
            Icd203::VeryLikely => "very likely",
            Icd203::AlmostCertain => "almost certain",
        }
    }

    /// The band `[low, high)` (the last one closed at 1).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Icd203::Likely.band(), (0.55, 0.80));
    /// ```
    pub fn band(self) -> (f64, f64) {
        match self {
            Icd203::AlmostNoChance => (0.0, 0.05),
            Icd203::VeryUnlikely => (0.05, 0.20),
            Icd203::Unlikely => (0.20, 0.45),
            Icd203::RoughlyEvenChance => (0.45, 0.55),
            Icd203::Likely => (0.55, 0.80),
            Icd203::VeryLikely => (0.80, 0.95),
            Icd203::AlmostCertain => (0.95, 1.0),
        }
    }
}

impl fmt::Display for Icd203 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

/// The ENFSI verbal scale for the strength of support a likelihood ratio
/// gives (European Network of Forensic Science Institutes, "ENFSI Guideline
/// for Evaluative Reporting in Forensic Science", 2015, table p. 17).
///
/// The scale is symmetric: a ratio `V < 1` supports the other proposition
/// with the strength of `1 / V`. Bands, on `max(V, 1 / V)`:
///
/// | band | support |
/// |---|---|
/// | `[1, 2)` | no support (either way) |
/// | `[2, 10)` | weak |
/// | `[10, 100)` | moderate |
/// | `[100, 1 000)` | moderately strong |
/// | `[1 000, 10 000)` | strong |
/// | `[10 000, 1 000 000)` | very strong |
/// | `[1 000 000, inf]` | extremely strong |
///
/// ENFSI gives "no support" for a ratio of 1 and "weak" from 2; ratios
/// between 1 and 2 are read as no support here.
///
/// # Example
///
/// ```
/// use attrib::Enfsi;
///
/// assert_eq!(Enfsi::from_ratio(10.0)?, Enfsi::Moderate);
/// assert_eq!(Enfsi::from_ratio(0.001)?, Enfsi::Strong);
/// assert_eq!(Enfsi::from_ratio(1.5)?, Enfsi::NoSupport);
/// assert_eq!(Enfsi::Strong.to_string(), "strong support");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Enfsi {
    /// `[1, 2)`: the findings do not support one proposition over the other.
    NoSupport,
    /// `[2, 10)`: weak support.
    Weak,
    /// `[10, 100)`: moderate support.
    Moderate,
    /// `[100, 1 000)`: moderately strong support.
    ModeratelyStrong,
    /// `[1 000, 10 000)`: strong support.
    Strong,
    /// `[10 000, 1 000 000)`: very strong support.
    VeryStrong,
    /// `[1 000 000, inf]`: extremely strong support.
    ExtremelyStrong,
}

impl Enfsi {
    /// The band of a likelihood ratio `V` in `0..=inf` (read as `1 / V`
    /// when below 1).
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] when `V` is NaN or negative.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::Enfsi;
    ///
    /// assert_eq!(Enfsi::from_ratio(f64::INFINITY)?, Enfsi::ExtremelyStrong);
    /// assert_eq!(Enfsi::from_ratio(0.0)?, Enfsi::ExtremelyStrong);
    /// assert!(Enfsi::from_ratio(f64::NAN).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_ratio(v: f64) -> Result<Enfsi, Error> {
        if !(0.0..=f64::INFINITY).contains(&v) {
            return Err(Error::OutOfRange {
                item: Item::Value,
                field: "likelihood ratio".into(),
                value: v,
                expected: "0..=infinity",
            });
        }
        let v = if v < 1.0 { 1.0 / v } else { v };
        Ok(if v < 2.0 {
            Enfsi::NoSupport
        } else if v < 10.0 {
            Enfsi::Weak
        } else if v < 100.0 {
            Enfsi::Moderate
        } else if v < 1_000.0 {
            Enfsi::ModeratelyStrong
        } else if v < 10_000.0 {
            Enfsi::Strong
        } else if v < 1_000_000.0 {
            Enfsi::VeryStrong
        } else {
            Enfsi::ExtremelyStrong
        })
    }

    /// The band of a weight of evidence in decibans (`10 log10 V`). The
    /// decade edges are compared in decibans (10, 20, 30, 40, 60 exactly),
    /// the first edge at `10 log10 2`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Decibans, Enfsi};
    ///
    /// assert_eq!(Enfsi::from_decibans(Decibans::new(20.0)?), Enfsi::ModeratelyStrong);
    /// assert_eq!(Enfsi::from_decibans(Decibans::new(-19.9)?), Enfsi::Moderate);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_decibans(db: crate::Decibans) -> Enfsi {
        let d = db.get().abs();
        if d < 10.0 * 2f64.log10() {
            Enfsi::NoSupport
        } else if d < 10.0 {
            Enfsi::Weak
        } else if d < 20.0 {
            Enfsi::Moderate
        } else if d < 30.0 {
            Enfsi::ModeratelyStrong
        } else if d < 40.0 {
            Enfsi::Strong
        } else if d < 60.0 {
            Enfsi::VeryStrong
        } else {
            Enfsi::ExtremelyStrong
        }
    }

    /// The words.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::Enfsi::ModeratelyStrong.words(), "moderately strong support");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Enfsi::NoSupport => "no support",
            Enfsi::Weak => "weak support",
            Enfsi::Moderate => "moderate support",
            Enfsi::ModeratelyStrong => "moderately strong support",
            Enfsi::Strong => "strong support",
            Enfsi::VeryStrong => "very strong support",
            Enfsi::ExtremelyStrong => "extremely strong support",
        }
    }
}

impl fmt::Display for Enfsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn icd(p: f64) -> Icd203 {
        Icd203::from_probability(Probability::new(p).unwrap())
    }

    #[test]
    fn icd_edges_belong_to_the_band_above() {
        assert_eq!(icd(0.0), Icd203::AlmostNoChance);
        assert_eq!(icd(0.049_999), Icd203::AlmostNoChance);
        assert_eq!(icd(0.05), Icd203::VeryUnlikely);
        assert_eq!(icd(0.20), Icd203::Unlikely);
        assert_eq!(icd(0.45), Icd203::RoughlyEvenChance);
        assert_eq!(icd(0.55), Icd203::Likely);
        assert_eq!(icd(0.80), Icd203::VeryLikely);
        assert_eq!(icd(0.95), Icd203::AlmostCertain);
        assert_eq!(icd(1.0), Icd203::AlmostCertain);
        assert_eq!(icd(0.7999999), Icd203::Likely);
    }

    #[test]
    fn bands_tile_the_interval() {
        let all = [
            Icd203::AlmostNoChance,
            Icd203::VeryUnlikely,
            Icd203::Unlikely,
            Icd203::RoughlyEvenChance,
            Icd203::Likely,
            Icd203::VeryLikely,
            Icd203::AlmostCertain,
        ];
        for w in all.windows(2) {
            assert_eq!(w[0].band().1, w[1].band().0);
            assert_eq!(icd(w[1].band().0), w[1]);
        }
    }

    #[test]
    fn enfsi_edges() {
        let f = |v| Enfsi::from_ratio(v).unwrap();
        assert_eq!(f(1.0), Enfsi::NoSupport);
        assert_eq!(f(1.999), Enfsi::NoSupport);
        assert_eq!(f(2.0), Enfsi::Weak);
        assert_eq!(f(10.0), Enfsi::Moderate);
        assert_eq!(f(100.0), Enfsi::ModeratelyStrong);
        assert_eq!(f(999.9), Enfsi::ModeratelyStrong);
        assert_eq!(f(1_000.0), Enfsi::Strong);
        assert_eq!(f(10_000.0), Enfsi::VeryStrong);
        assert_eq!(f(999_999.0), Enfsi::VeryStrong);
        assert_eq!(f(1_000_000.0), Enfsi::ExtremelyStrong);
        // symmetric: 1/50 is moderate support for the other side
        assert_eq!(f(0.02), Enfsi::Moderate);
        assert!(Enfsi::from_ratio(-1.0).is_err());
    }

    #[test]
    fn enfsi_decibans_agree_with_ratios_on_decades() {
        use crate::Decibans;
        for (v, db) in [
            (10.0, 10.0),
            (100.0, 20.0),
            (1e3, 30.0),
            (1e4, 40.0),
            (1e6, 60.0),
        ] {
            assert_eq!(
                Enfsi::from_ratio(v).unwrap(),
                Enfsi::from_decibans(Decibans::new(db).unwrap())
            );
        }
        assert_eq!(
            Enfsi::from_decibans(Decibans::new(f64::NEG_INFINITY).unwrap()),
            Enfsi::ExtremelyStrong
        );
    }
}
