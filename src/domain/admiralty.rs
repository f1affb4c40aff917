//! The Admiralty (NATO) grading of sources and information, and the one
//! table that turns its letters and digits into numbers.
//!
//! NATO AJP-2.1 / STANAG 2511 grade a source's reliability with a letter
//! A-F and an item's credibility with a digit 1-6. The standard gives words,
//! not numbers; `attrib` needs numbers. This module is the single place that
//! maps one to the other:
//!
//! | letter | source reliability | digit | information credibility | value |
//! |---|---|---|---|---|
//! | A | completely reliable | 1 | confirmed by other sources | 0.97 |
//! | B | usually reliable | 2 | probably true | 0.875 |
//! | C | fairly reliable | 3 | possibly true | 0.675 |
//! | D | not usually reliable | 4 | doubtful | 0.325 |
//! | E | unreliable | 5 | improbable | 0.125 |
//! | F | reliability cannot be judged | 6 | truth cannot be judged | 0.5 |
//!
//! Why these numbers: each grade's words are read as the ICD 203 word of
//! estimative probability they match most closely (A/1 "almost certain",
//! 95-99 %; B/2 "very likely", 80-95 %; C/3 "likely", 55-80 %; D/4
//! "unlikely", 20-45 %; E/5 "very unlikely", 5-20 %), and the value is the
//! middle of that band. No grade maps to 0 or 1: no source is beyond doubt,
//! and none is so bad that its report carries no signal at all. `F` and `6`
//! ("cannot be judged") map to 0.5, the neutral middle, as docs/model.md requires:
//! half trust, neither the benefit nor the burden of the doubt.
//!
//! The table is a documented judgement, not a measurement. Where an analyst
//! has a better number, a numeric `reliability` or `credibility` overrides it.

use crate::domain::probability::Reliability;
use crate::error::Detail;
use crate::error::{Error, Item};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The value of grades A and 1.
const ALMOST_CERTAIN: f64 = 0.97;
/// The value of grades B and 2.
const VERY_LIKELY: f64 = 0.875;
/// The value of grades C and 3.
const LIKELY: f64 = 0.675;
/// The value of grades D and 4.
const UNLIKELY: f64 = 0.325;
/// The value of grades E and 5.
const VERY_UNLIKELY: f64 = 0.125;
/// The value of grades F and 6.
const NEUTRAL: f64 = 0.5;

/// The reliability of a source, graded A-F (NATO AJP-2.1).
///
/// # Example
///
/// ```
/// use attrib::SourceGrade;
///
/// let b: SourceGrade = "B".parse()?;
/// assert_eq!(b, SourceGrade::B);
/// assert_eq!(b.reliability().get(), 0.875);
/// assert_eq!(SourceGrade::F.reliability().get(), 0.5);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum SourceGrade {
    /// Completely reliable: 0.97.
    A,
    /// Usually reliable: 0.875.
    B,
    /// Fairly reliable: 0.675.
    C,
    /// Not usually reliable: 0.325.
    D,
    /// Unreliable: 0.125.
    E,
    /// Reliability cannot be judged: 0.5.
    F,
}

impl SourceGrade {
    /// The number this grade stands for (see the table in the module docs).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::SourceGrade::A.reliability().get(), 0.97);
    /// ```
    pub fn reliability(self) -> Reliability {
        let x = match self {
            SourceGrade::A => ALMOST_CERTAIN,
            SourceGrade::B => VERY_LIKELY,
            SourceGrade::C => LIKELY,
            SourceGrade::D => UNLIKELY,
            SourceGrade::E => VERY_UNLIKELY,
            SourceGrade::F => NEUTRAL,
        };
        Reliability::new(x).unwrap_or(Reliability::ONE)
    }

    /// The standard's words for this grade.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::SourceGrade::C.words(), "fairly reliable");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            SourceGrade::A => "completely reliable",
            SourceGrade::B => "usually reliable",
            SourceGrade::C => "fairly reliable",
            SourceGrade::D => "not usually reliable",
            SourceGrade::E => "unreliable",
            SourceGrade::F => "reliability cannot be judged",
        }
    }

    fn letter(self) -> &'static str {
        match self {
            SourceGrade::A => "A",
            SourceGrade::B => "B",
            SourceGrade::C => "C",
            SourceGrade::D => "D",
            SourceGrade::E => "E",
            SourceGrade::F => "F",
        }
    }
}

impl FromStr for SourceGrade {
    type Err = Error;

    /// Parses an upper-case letter `A`-`F`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "A" => Ok(SourceGrade::A),
            "B" => Ok(SourceGrade::B),
            "C" => Ok(SourceGrade::C),
            "D" => Ok(SourceGrade::D),
            "E" => Ok(SourceGrade::E),
            "F" => Ok(SourceGrade::F),
            _ => Err(Error::from(Detail::InvalidGrade {
                item: Item::Value,
                field: "admiralty",
                value: s.to_string(),
                expected: "\"A\", \"B\", \"C\", \"D\", \"E\", \"F\"",
            })),
        }
    }
}

impl TryFrom<String> for SourceGrade {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<SourceGrade> for String {
    fn from(g: SourceGrade) -> String {
        g.letter().to_string()
    }
}

impl fmt::Display for SourceGrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

/// The credibility of an item of information, graded 1-6 (NATO AJP-2.1).
///
/// The Admiralty digit is the natural way to name a grade, as the letter is
/// for [`SourceGrade`]: [`CredibilityGrade::TWO`] is
/// [`CredibilityGrade::ProbablyTrue`], [`from_digit(2)`](CredibilityGrade::from_digit)
/// and `"2".parse()` give it, and [`digit`](CredibilityGrade::digit) gives
/// 2 back. So "B2" is `(SourceGrade::B, CredibilityGrade::TWO)`.
///
/// # Example
///
/// ```
/// use attrib::CredibilityGrade;
///
/// let two: CredibilityGrade = "2".parse()?;
/// assert_eq!(two, CredibilityGrade::ProbablyTrue);
/// assert_eq!(two, CredibilityGrade::TWO);
/// assert_eq!(CredibilityGrade::from_digit(2)?, two);
/// assert_eq!(two.digit(), 2);
/// assert_eq!(two.credibility().get(), 0.875);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CredibilityGrade {
    /// 1, confirmed by other sources: 0.97.
    Confirmed,
    /// 2, probably true: 0.875.
    ProbablyTrue,
    /// 3, possibly true: 0.675.
    PossiblyTrue,
    /// 4, doubtful: 0.325.
    Doubtful,
    /// 5, improbable: 0.125.
    Improbable,
    /// 6, truth cannot be judged: 0.5.
    CannotBeJudged,
}

impl CredibilityGrade {
    /// Grade 1, confirmed by other sources: [`CredibilityGrade::Confirmed`].
    pub const ONE: CredibilityGrade = CredibilityGrade::Confirmed;
    /// Grade 2, probably true: [`CredibilityGrade::ProbablyTrue`].
    pub const TWO: CredibilityGrade = CredibilityGrade::ProbablyTrue;
    /// Grade 3, possibly true: [`CredibilityGrade::PossiblyTrue`].
    pub const THREE: CredibilityGrade = CredibilityGrade::PossiblyTrue;
    /// Grade 4, doubtful: [`CredibilityGrade::Doubtful`].
    pub const FOUR: CredibilityGrade = CredibilityGrade::Doubtful;
    /// Grade 5, improbable: [`CredibilityGrade::Improbable`].
    pub const FIVE: CredibilityGrade = CredibilityGrade::Improbable;
    /// Grade 6, truth cannot be judged: [`CredibilityGrade::CannotBeJudged`].
    pub const SIX: CredibilityGrade = CredibilityGrade::CannotBeJudged;

    /// The grade with this Admiralty digit, 1-6.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidGrade`](crate::ErrorKind::InvalidGrade) for any other number.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::CredibilityGrade;
    ///
    /// assert_eq!(CredibilityGrade::from_digit(4)?, CredibilityGrade::Doubtful);
    /// assert!(CredibilityGrade::from_digit(0).is_err());
    /// assert!(CredibilityGrade::from_digit(7).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_digit(digit: u8) -> Result<CredibilityGrade, Error> {
        match digit {
            1 => Ok(CredibilityGrade::Confirmed),
            2 => Ok(CredibilityGrade::ProbablyTrue),
            3 => Ok(CredibilityGrade::PossiblyTrue),
            4 => Ok(CredibilityGrade::Doubtful),
            5 => Ok(CredibilityGrade::Improbable),
            6 => Ok(CredibilityGrade::CannotBeJudged),
            _ => Err(Error::from(Detail::InvalidGrade {
                item: Item::Value,
                field: "credibility",
                value: digit.to_string(),
                expected: "1, 2, 3, 4, 5, 6",
            })),
        }
    }

    /// The number this grade stands for (see the table in the module docs).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::CredibilityGrade::CannotBeJudged.credibility().get(), 0.5);
    /// ```
    pub fn credibility(self) -> Reliability {
        let x = match self {
            CredibilityGrade::Confirmed => ALMOST_CERTAIN,
            CredibilityGrade::ProbablyTrue => VERY_LIKELY,
            CredibilityGrade::PossiblyTrue => LIKELY,
            CredibilityGrade::Doubtful => UNLIKELY,
            CredibilityGrade::Improbable => VERY_UNLIKELY,
            CredibilityGrade::CannotBeJudged => NEUTRAL,
        };
        Reliability::new(x).unwrap_or(Reliability::ONE)
    }

    /// The digit, 1-6.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::CredibilityGrade::Doubtful.digit(), 4);
    /// ```
    pub fn digit(self) -> u8 {
        match self {
            CredibilityGrade::Confirmed => 1,
            CredibilityGrade::ProbablyTrue => 2,
            CredibilityGrade::PossiblyTrue => 3,
            CredibilityGrade::Doubtful => 4,
            CredibilityGrade::Improbable => 5,
            CredibilityGrade::CannotBeJudged => 6,
        }
    }

    /// The standard's words for this grade.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::CredibilityGrade::Improbable.words(), "improbable");
    /// ```
    pub fn words(self) -> &'static str {
        match self {
            CredibilityGrade::Confirmed => "confirmed by other sources",
            CredibilityGrade::ProbablyTrue => "probably true",
            CredibilityGrade::PossiblyTrue => "possibly true",
            CredibilityGrade::Doubtful => "doubtful",
            CredibilityGrade::Improbable => "improbable",
            CredibilityGrade::CannotBeJudged => "truth cannot be judged",
        }
    }
}

impl FromStr for CredibilityGrade {
    type Err = Error;

    /// Parses a digit `1`-`6`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "1" => Ok(CredibilityGrade::Confirmed),
            "2" => Ok(CredibilityGrade::ProbablyTrue),
            "3" => Ok(CredibilityGrade::PossiblyTrue),
            "4" => Ok(CredibilityGrade::Doubtful),
            "5" => Ok(CredibilityGrade::Improbable),
            "6" => Ok(CredibilityGrade::CannotBeJudged),
            _ => Err(Error::from(Detail::InvalidGrade {
                item: Item::Value,
                field: "credibility",
                value: s.to_string(),
                expected: "a number in 0..=1 or \"1\", \"2\", \"3\", \"4\", \"5\", \"6\"",
            })),
        }
    }
}

impl TryFrom<u8> for CredibilityGrade {
    type Error = Error;

    /// As [`CredibilityGrade::from_digit`].
    fn try_from(digit: u8) -> Result<Self, Error> {
        CredibilityGrade::from_digit(digit)
    }
}

impl From<CredibilityGrade> for u8 {
    fn from(g: CredibilityGrade) -> u8 {
        g.digit()
    }
}

impl TryFrom<String> for CredibilityGrade {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl From<CredibilityGrade> for String {
    fn from(g: CredibilityGrade) -> String {
        g.digit().to_string()
    }
}

impl fmt::Display for CredibilityGrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.digit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_monotone_and_f_is_neutral() {
        let letters = [
            SourceGrade::A,
            SourceGrade::B,
            SourceGrade::C,
            SourceGrade::D,
            SourceGrade::E,
        ];
        for w in letters.windows(2) {
            assert!(w[0].reliability() > w[1].reliability());
        }
        assert_eq!(SourceGrade::F.reliability().get(), 0.5);
        assert_eq!(CredibilityGrade::CannotBeJudged.credibility().get(), 0.5);
        for g in letters {
            let r = g.reliability().get();
            assert!(r > 0.0 && r < 1.0);
        }
    }

    #[test]
    fn values_are_icd_203_band_midpoints() {
        // very likely 80-95 % -> 87.5 %; likely 55-80 % -> 67.5 %;
        // unlikely 20-45 % -> 32.5 %; very unlikely 5-20 % -> 12.5 %;
        // almost certain 95-99 % -> 97 %.
        assert_eq!(SourceGrade::A.reliability().get(), 0.97);
        assert_eq!(SourceGrade::B.reliability().get(), 0.875);
        assert_eq!(SourceGrade::C.reliability().get(), 0.675);
        assert_eq!(SourceGrade::D.reliability().get(), 0.325);
        assert_eq!(SourceGrade::E.reliability().get(), 0.125);
    }

    #[test]
    fn letters_and_digits_share_one_table() {
        let pairs = [
            (SourceGrade::A, CredibilityGrade::Confirmed),
            (SourceGrade::B, CredibilityGrade::ProbablyTrue),
            (SourceGrade::C, CredibilityGrade::PossiblyTrue),
            (SourceGrade::D, CredibilityGrade::Doubtful),
            (SourceGrade::E, CredibilityGrade::Improbable),
            (SourceGrade::F, CredibilityGrade::CannotBeJudged),
        ];
        for (s, c) in pairs {
            assert_eq!(s.reliability(), c.credibility());
            assert_eq!(s.to_string().parse::<SourceGrade>().unwrap(), s);
            assert_eq!(c.to_string().parse::<CredibilityGrade>().unwrap(), c);
        }
    }

    #[test]
    fn digits_name_the_grades() {
        let all = [
            (1, CredibilityGrade::ONE, CredibilityGrade::Confirmed, 0.97),
            (
                2,
                CredibilityGrade::TWO,
                CredibilityGrade::ProbablyTrue,
                0.875,
            ),
            (
                3,
                CredibilityGrade::THREE,
                CredibilityGrade::PossiblyTrue,
                0.675,
            ),
            (4, CredibilityGrade::FOUR, CredibilityGrade::Doubtful, 0.325),
            (
                5,
                CredibilityGrade::FIVE,
                CredibilityGrade::Improbable,
                0.125,
            ),
            (
                6,
                CredibilityGrade::SIX,
                CredibilityGrade::CannotBeJudged,
                0.5,
            ),
        ];
        for (d, by_const, by_name, value) in all {
            assert_eq!(by_const, by_name);
            assert_eq!(CredibilityGrade::from_digit(d).unwrap(), by_name);
            assert_eq!(CredibilityGrade::try_from(d).unwrap(), by_name);
            assert_eq!(by_name.digit(), d);
            assert_eq!(u8::from(by_name), d);
            assert_eq!(by_name.credibility().get(), value);
        }
        for d in [0, 7, 255] {
            let e = CredibilityGrade::from_digit(d).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("credibility is \"{d}\", must be one of 1, 2, 3, 4, 5, 6")
            );
        }
    }

    #[test]
    fn rejects_other_strings() {
        for s in ["", "a", "G", "AB", " A"] {
            let e = s.parse::<SourceGrade>().unwrap_err();
            assert!(e.to_string().contains("admiralty"), "{e}");
        }
        for s in ["0", "7", "one", "1.0"] {
            assert!(s.parse::<CredibilityGrade>().is_err());
        }
    }
}
