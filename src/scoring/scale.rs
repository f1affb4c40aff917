//! Verbal scales: ICD 203 words of estimative probability for posteriors,
//! and the ENFSI 2015 verbal scale for likelihood ratios (docs/model.md
//! section 4).
//!
//! Both scales are split into half-open bands `[low, high)`: a value on an
//! edge belongs to the band above it, so 0.95 is "almost certain" and a
//! likelihood ratio of exactly 10 is "moderate".

use crate::domain::probability::Probability;
use crate::domain::words::ICD_203_TABLE;
use crate::error::Detail;
use crate::error::{Error, Item};
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
/// use attrib::scoring::Icd203;
/// use attrib::Probability;
///
/// assert_eq!(Icd203::from_probability(Probability::new(0.95)?), Icd203::AlmostCertain);
/// assert_eq!(Icd203::from_probability(Probability::new(0.949)?), Icd203::VeryLikely);
/// assert_eq!(Icd203::VeryLikely.to_string(), "very likely");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// Its [`words`](Icd203::words), a string.
///
/// ```
/// assert_eq!(serde_json::to_value(attrib::scoring::Icd203::Likely).unwrap(), "likely");
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
    /// use attrib::scoring::Icd203;
    /// use attrib::Probability;
    ///
    /// assert_eq!(Icd203::from_probability(Probability::new(0.5)?), Icd203::RoughlyEvenChance);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_probability(p: Probability) -> Icd203 {
        let p = p.get();
        // The edges are the lower ends of the directive's bands above the
        // first (0.05, 0.20, 0.45, 0.55, 0.80, 0.95), from the one table.
        let above = ICD_203_TABLE[1..]
            .iter()
            .take_while(|&&(_, _, low, _)| p >= low)
            .count();
        Icd203::ALL[above]
    }

    /// The words.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Icd203::AlmostNoChance.words(), "almost no chance");
    /// ```
    pub fn words(self) -> &'static str {
        ICD_203_TABLE[self as usize].0
    }

    /// The band `[low, high)` of posteriors this word is given for (the
    /// first one from 0, the last one closed at 1): every probability has
    /// one word. The directive's own band for the word, as a judgement is
    /// read in a case file, is [`stated_band`](Icd203::stated_band).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::Icd203;
    ///
    /// assert_eq!(Icd203::Likely.band(), (0.55, 0.80));
    /// assert_eq!(Icd203::AlmostNoChance.band(), (0.0, 0.05));
    /// assert_eq!(Icd203::AlmostCertain.band(), (0.95, 1.0));
    /// ```
    pub fn band(self) -> (f64, f64) {
        let i = self as usize;
        let low = if i == 0 { 0.0 } else { ICD_203_TABLE[i].2 };
        let high = ICD_203_TABLE.get(i + 1).map_or(1.0, |next| next.2);
        (low, high)
    }

    /// The directive's band for the word, as [`Scale::icd_203`](crate::Scale::icd_203)
    /// reads it in a case file: `[0.01, 0.05]` for almost no chance,
    /// `[0.95, 0.99]` for almost certain.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::Icd203;
    ///
    /// assert_eq!(Icd203::AlmostNoChance.stated_band(), (0.01, 0.05));
    /// assert_eq!(Icd203::VeryLikely.stated_band(), (0.80, 0.95));
    /// ```
    pub fn stated_band(self) -> (f64, f64) {
        let (_, _, low, high) = ICD_203_TABLE[self as usize];
        (low, high)
    }

    /// Every word, from almost no chance to almost certain.
    const ALL: [Icd203; 7] = [
        Icd203::AlmostNoChance,
        Icd203::VeryUnlikely,
        Icd203::Unlikely,
        Icd203::RoughlyEvenChance,
        Icd203::Likely,
        Icd203::VeryLikely,
        Icd203::AlmostCertain,
    ];
}

impl fmt::Display for Icd203 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

impl serde::Serialize for Icd203 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.words())
    }
}

/// How strong the support of a likelihood ratio is on the ENFSI verbal
/// scale, whichever proposition it supports (European Network of Forensic
/// Science Institutes, "ENFSI Guideline for Evaluative Reporting in
/// Forensic Science", 2015, table p. 17). Bands on `max(V, 1 / V)`, each
/// half-open `[low, high)`, the last closed at infinity:
///
/// | band | strength |
/// |---|---|
/// | `[2, 10)` | weak |
/// | `[10, 100)` | moderate |
/// | `[100, 1 000)` | moderately strong |
/// | `[1 000, 10 000)` | strong |
/// | `[10 000, 1 000 000)` | very strong |
/// | `[1 000 000, inf]` | extremely strong |
///
/// Below 2 there is no support either way: [`Enfsi::NoSupport`].
///
/// # Example
///
/// ```
/// use attrib::scoring::Strength;
///
/// assert_eq!(Strength::Strong.words(), "strong");
/// assert_eq!(Strength::Strong.band(), (1_000.0, 10_000.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
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

impl Strength {
    /// The word for the strength: `weak`, `moderate`, `moderately strong`,
    /// `strong`, `very strong` or `extremely strong`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Strength::ModeratelyStrong.words(), "moderately strong");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Strength::Weak => "weak",
            Strength::Moderate => "moderate",
            Strength::ModeratelyStrong => "moderately strong",
            Strength::Strong => "strong",
            Strength::VeryStrong => "very strong",
            Strength::ExtremelyStrong => "extremely strong",
        }
    }

    /// The band `[low, high)` of `max(V, 1 / V)` (the last one closed at
    /// infinity).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::scoring::Strength::Weak.band(), (2.0, 10.0));
    /// ```
    pub fn band(self) -> (f64, f64) {
        match self {
            Strength::Weak => (2.0, 10.0),
            Strength::Moderate => (10.0, 100.0),
            Strength::ModeratelyStrong => (100.0, 1_000.0),
            Strength::Strong => (1_000.0, 10_000.0),
            Strength::VeryStrong => (10_000.0, 1_000_000.0),
            Strength::ExtremelyStrong => (1_000_000.0, f64::INFINITY),
        }
    }

    /// The strength of `max(V, 1 / V) = v >= 1`, or `None` below 2.
    fn of(v: f64) -> Option<Strength> {
        if v < 2.0 {
            None
        } else if v < 10.0 {
            Some(Strength::Weak)
        } else if v < 100.0 {
            Some(Strength::Moderate)
        } else if v < 1_000.0 {
            Some(Strength::ModeratelyStrong)
        } else if v < 10_000.0 {
            Some(Strength::Strong)
        } else if v < 1_000_000.0 {
            Some(Strength::VeryStrong)
        } else {
            Some(Strength::ExtremelyStrong)
        }
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

/// The ENFSI verbal scale for the support a likelihood ratio `V` of `h`
/// against `k` gives, with its direction (European Network of Forensic
/// Science Institutes, "ENFSI Guideline for Evaluative Reporting in
/// Forensic Science", 2015, table p. 17).
///
/// The strength is read on `max(V, 1 / V)` ([`Strength`]); the direction
/// says which proposition is supported: `V >= 2` supports `h`
/// ([`Enfsi::For`]), `V <= 1/2` supports `k` ([`Enfsi::Against`]), and
/// in between neither ([`Enfsi::NoSupport`]). So a ratio and its inverse
/// have the same strength and opposite directions:
///
/// | `V` | reading |
/// |---|---|
/// | `(1/2, 2)` | no support (either way) |
/// | `[2, 10)` / `(1/10, 1/2]` | weak support for `h` / for `k` |
/// | `[10, 100)` / `(1/100, 1/10]` | moderate |
/// | `[100, 1 000)` / `(1/1 000, 1/100]` | moderately strong |
/// | `[1 000, 10 000)` / `(1/10 000, 1/1 000]` | strong |
/// | `[10 000, 1 000 000)` / `(1/1 000 000, 1/10 000]` | very strong |
/// | `[1 000 000, inf]` / `[0, 1/1 000 000]` | extremely strong |
///
/// ENFSI gives "no support" for a ratio of 1 and "weak" from 2; ratios
/// between 1 and 2 are read as no support here.
///
/// # Example
///
/// ```
/// use attrib::scoring::{Enfsi, Strength};
///
/// assert_eq!(Enfsi::from_ratio(10.0)?, Enfsi::For(Strength::Moderate));
/// assert_eq!(Enfsi::from_ratio(0.001)?, Enfsi::Against(Strength::Strong));
/// assert_eq!(Enfsi::from_ratio(1.5)?, Enfsi::NoSupport);
/// assert_eq!(Enfsi::For(Strength::Strong).to_string(), "strong support");
/// assert_eq!(Enfsi::Against(Strength::Strong).to_string(), "strong support for the alternative");
/// assert_eq!(Enfsi::Against(Strength::Strong).words_for("A", "B"), "strong support for B over A");
/// # Ok::<(), attrib::Error>(())
/// ```
///
/// # JSON
///
/// Its [`words`](Enfsi::words), a string.
///
/// ```
/// use attrib::scoring::{Enfsi, Strength};
///
/// assert_eq!(serde_json::to_value(Enfsi::For(Strength::Weak)).unwrap(), "weak support");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Enfsi {
    /// `1/2 < V < 2`: the findings support neither proposition over the
    /// other.
    NoSupport,
    /// `V >= 2`: support for the first proposition (`h` of "`h` against
    /// `k`"), this strong.
    For(Strength),
    /// `V <= 1/2`: support for the alternative (`k`), this strong.
    Against(Strength),
}

impl Enfsi {
    /// The reading of a likelihood ratio `V` of `h` against `k`, in
    /// `0..=inf`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when `V` is NaN or negative.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::{Enfsi, Strength};
    ///
    /// assert_eq!(Enfsi::from_ratio(f64::INFINITY)?, Enfsi::For(Strength::ExtremelyStrong));
    /// assert_eq!(Enfsi::from_ratio(0.0)?, Enfsi::Against(Strength::ExtremelyStrong));
    /// assert_eq!(Enfsi::from_ratio(0.5)?, Enfsi::Against(Strength::Weak));
    /// assert!(Enfsi::from_ratio(f64::NAN).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_ratio(v: f64) -> Result<Enfsi, Error> {
        if !(0.0..=f64::INFINITY).contains(&v) {
            return Err(Error::from(Detail::OutOfRange {
                item: Item::Value,
                field: "likelihood ratio".into(),
                value: v,
                expected: "0..=infinity",
            }));
        }
        Ok(if v < 1.0 {
            Strength::of(1.0 / v).map_or(Enfsi::NoSupport, Enfsi::Against)
        } else {
            Strength::of(v).map_or(Enfsi::NoSupport, Enfsi::For)
        })
    }

    /// The reading of a weight of evidence in decibans (`10 log10 V`):
    /// positive weights are for `h`, negative ones for `k`. The decade
    /// edges are compared in decibans (10, 20, 30, 40, 60 exactly, each
    /// belonging to the band above it), the first edge at `10 log10 2`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::{Decibans, Enfsi, Strength};
    ///
    /// assert_eq!(Enfsi::from_decibans(Decibans::new(20.0)?), Enfsi::For(Strength::ModeratelyStrong));
    /// assert_eq!(Enfsi::from_decibans(Decibans::new(-19.9)?), Enfsi::Against(Strength::Moderate));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_decibans(db: crate::scoring::Decibans) -> Enfsi {
        let d = db.get().abs();
        let strength = if d < 10.0 * 2f64.log10() {
            None
        } else if d < 10.0 {
            Some(Strength::Weak)
        } else if d < 20.0 {
            Some(Strength::Moderate)
        } else if d < 30.0 {
            Some(Strength::ModeratelyStrong)
        } else if d < 40.0 {
            Some(Strength::Strong)
        } else if d < 60.0 {
            Some(Strength::VeryStrong)
        } else {
            Some(Strength::ExtremelyStrong)
        };
        match strength {
            None => Enfsi::NoSupport,
            Some(s) if db.get() < 0.0 => Enfsi::Against(s),
            Some(s) => Enfsi::For(s),
        }
    }

    /// The strength, whichever way; `None` for no support.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::{Enfsi, Strength};
    ///
    /// assert_eq!(Enfsi::Against(Strength::Weak).strength(), Some(Strength::Weak));
    /// assert_eq!(Enfsi::NoSupport.strength(), None);
    /// ```
    pub fn strength(self) -> Option<Strength> {
        match self {
            Enfsi::NoSupport => None,
            Enfsi::For(s) | Enfsi::Against(s) => Some(s),
        }
    }

    /// The words, without the propositions' names: `no support`,
    /// `<strength> support` (for the first proposition) or `<strength>
    /// support for the alternative`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::{Enfsi, Strength};
    ///
    /// assert_eq!(Enfsi::For(Strength::ModeratelyStrong).words(), "moderately strong support");
    /// assert_eq!(Enfsi::Against(Strength::Weak).words(), "weak support for the alternative");
    /// assert_eq!(Enfsi::NoSupport.words(), "no support");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            Enfsi::NoSupport => "no support",
            Enfsi::For(Strength::Weak) => "weak support",
            Enfsi::For(Strength::Moderate) => "moderate support",
            Enfsi::For(Strength::ModeratelyStrong) => "moderately strong support",
            Enfsi::For(Strength::Strong) => "strong support",
            Enfsi::For(Strength::VeryStrong) => "very strong support",
            Enfsi::For(Strength::ExtremelyStrong) => "extremely strong support",
            Enfsi::Against(Strength::Weak) => "weak support for the alternative",
            Enfsi::Against(Strength::Moderate) => "moderate support for the alternative",
            Enfsi::Against(Strength::ModeratelyStrong) => {
                "moderately strong support for the alternative"
            }
            Enfsi::Against(Strength::Strong) => "strong support for the alternative",
            Enfsi::Against(Strength::VeryStrong) => "very strong support for the alternative",
            Enfsi::Against(Strength::ExtremelyStrong) => {
                "extremely strong support for the alternative"
            }
        }
    }

    /// The words with the propositions named, for a ratio of `h` against
    /// `k`: `<strength> support for h over k`, `<strength> support for k
    /// over h`, or `no support for h or k over the other`.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::scoring::Decibans;
    ///
    /// assert_eq!(Decibans::new(30.0)?.enfsi().words_for("A", "B"), "strong support for A over B");
    /// assert_eq!(Decibans::new(-30.0)?.enfsi().words_for("A", "B"), "strong support for B over A");
    /// assert_eq!(Decibans::new(1.0)?.enfsi().words_for("A", "B"), "no support for A or B over the other");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn words_for(self, h: impl fmt::Display, k: impl fmt::Display) -> String {
        match self {
            Enfsi::NoSupport => format!("no support for {h} or {k} over the other"),
            Enfsi::For(s) => format!("{s} support for {h} over {k}"),
            Enfsi::Against(s) => format!("{s} support for {k} over {h}"),
        }
    }
}

impl fmt::Display for Enfsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

impl serde::Serialize for Enfsi {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.words())
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
        use Strength::*;
        let f = |v| Enfsi::from_ratio(v).unwrap();
        assert_eq!(f(1.0), Enfsi::NoSupport);
        assert_eq!(f(1.999), Enfsi::NoSupport);
        assert_eq!(f(0.500_1), Enfsi::NoSupport);
        assert_eq!(f(2.0), Enfsi::For(Weak));
        assert_eq!(f(0.5), Enfsi::Against(Weak));
        assert_eq!(f(10.0), Enfsi::For(Moderate));
        assert_eq!(f(100.0), Enfsi::For(ModeratelyStrong));
        assert_eq!(f(999.9), Enfsi::For(ModeratelyStrong));
        assert_eq!(f(1_000.0), Enfsi::For(Strong));
        assert_eq!(f(10_000.0), Enfsi::For(VeryStrong));
        assert_eq!(f(999_999.0), Enfsi::For(VeryStrong));
        assert_eq!(f(1_000_000.0), Enfsi::For(ExtremelyStrong));
        // 1/50 is moderate support for the other side
        assert_eq!(f(0.02), Enfsi::Against(Moderate));
        assert!(Enfsi::from_ratio(-1.0).is_err());
    }

    #[test]
    fn enfsi_has_a_direction() {
        use crate::scoring::Decibans;
        let e = |db| Decibans::new(db).unwrap().enfsi();
        assert_ne!(e(-30.0), e(30.0));
        assert_eq!(e(30.0), Enfsi::For(Strength::Strong));
        assert_eq!(e(-30.0), Enfsi::Against(Strength::Strong));
        assert_eq!(e(30.0).words(), "strong support");
        assert_eq!(e(-30.0).words(), "strong support for the alternative");
        assert_eq!(e(-30.0).words_for("a", "b"), "strong support for b over a");
        assert_eq!(e(30.0).words_for("a", "b"), "strong support for a over b");
    }

    #[test]
    fn enfsi_words_at_band_edges_in_decibans() {
        let e = |db: f64| Decibans::new(db).unwrap().enfsi();
        use crate::scoring::Decibans;
        let two = 10.0 * 2f64.log10();
        let edges = [
            (two, "weak support"),
            (10.0, "moderate support"),
            (20.0, "moderately strong support"),
            (30.0, "strong support"),
            (40.0, "very strong support"),
            (60.0, "extremely strong support"),
        ];
        for (db, words) in edges {
            // the edge belongs to the band above, both ways
            assert_eq!(e(db).words(), words, "{db} dB");
            assert_eq!(
                e(-db).words(),
                format!("{words} for the alternative"),
                "-{db} dB"
            );
            let below = e(db - 1e-9);
            assert_ne!(below.words(), words, "just below {db} dB");
            assert_eq!(e(-(db - 1e-9)).strength(), below.strength());
        }
        assert_eq!(e(two - 1e-9), Enfsi::NoSupport);
        assert_eq!(e(-(two - 1e-9)), Enfsi::NoSupport);
        assert_eq!(e(0.0).words(), "no support");
        assert_eq!(e(f64::INFINITY).words(), "extremely strong support");
        assert_eq!(
            e(f64::NEG_INFINITY).words(),
            "extremely strong support for the alternative"
        );
    }

    #[test]
    fn enfsi_decibans_agree_with_ratios_on_decades() {
        use crate::scoring::Decibans;
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
            assert_eq!(
                Enfsi::from_ratio(1.0 / v).unwrap(),
                Enfsi::from_decibans(Decibans::new(-db).unwrap())
            );
        }
        assert_eq!(
            Enfsi::from_decibans(Decibans::new(f64::NEG_INFINITY).unwrap()),
            Enfsi::Against(Strength::ExtremelyStrong)
        );
    }
}

#[cfg(test)]
mod one_table {
    use super::*;

    #[test]
    fn posterior_words_come_from_the_scale_table() {
        let icd = crate::Scale::icd_203();
        let words: Vec<(&str, crate::domain::Estimate)> = icd.words().collect();
        for (i, w) in Icd203::ALL.iter().enumerate() {
            assert_eq!(*w as usize, i);
            assert_eq!(w.words(), words[i].0);
            let (low, high) = words[i].1.bounds();
            assert_eq!(w.stated_band(), (low.get(), high.get()));
        }
        // classification is unchanged: the edges of the directive
        let p = |x: f64| Icd203::from_probability(Probability::new(x).unwrap());
        assert_eq!(p(0.0), Icd203::AlmostNoChance);
        assert_eq!(p(0.049_999), Icd203::AlmostNoChance);
        assert_eq!(p(0.05), Icd203::VeryUnlikely);
        assert_eq!(p(0.2), Icd203::Unlikely);
        assert_eq!(p(0.45), Icd203::RoughlyEvenChance);
        assert_eq!(p(0.55), Icd203::Likely);
        assert_eq!(p(0.8), Icd203::VeryLikely);
        assert_eq!(p(0.95), Icd203::AlmostCertain);
        assert_eq!(p(1.0), Icd203::AlmostCertain);
    }
}
