//! Forgiving where the meaning is unambiguous, precise where it is not
//! (issue 24): the known fields of each object of a case file, for "did
//! you mean" on an unknown one, and the `"$comment"` key every object may
//! carry; a hint on a number out of `0..=1` that reads as a percentage or
//! as an Admiralty digit; and an item's `"admiralty": "B2"`, a source
//! letter and a credibility digit written together.

use crate::domain::admiralty::{CredibilityGrade, SourceGrade};
use crate::domain::evidence::Credibility;
use crate::domain::probability::Estimate;
use crate::domain::source::SourceReliability;
use crate::error::{Detail, Error, Item, nearest};
use crate::format::raw::RawEvidence;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;

/// The key any object of a case file or codebook may carry, with any
/// value, for notes to the reader (docs/model.md section 7). It is read and
/// dropped: it never changes a result and is not written back.
pub(crate) const COMMENT: &str = "$comment";

/// The fields of a case file's objects, for "did you mean".
pub(crate) mod fields {
    /// A case file.
    pub(crate) const CASE: &[&str] = &[
        "version",
        "codebook",
        "title",
        "date",
        "place",
        "weighting",
        "threshold",
        "hypotheses",
        "prior",
        "sources",
        "groups",
        "uncertainty",
        "evidence",
        "perspectives",
        "scale",
        "scales",
        "standard",
        "standards",
        "steps",
    ];
    /// A hypothesis.
    pub(crate) const HYPOTHESIS: &[&str] = &["id", "label", "catch_all"];
    /// A source.
    pub(crate) const SOURCE: &[&str] = &["id", "label", "reliability", "admiralty", "discount"];
    /// A dependence group.
    pub(crate) const GROUP: &[&str] = &["id", "label", "correlation"];
    /// An evidence item.
    pub(crate) const EVIDENCE: &[&str] = &[
        "id",
        "kind",
        "description",
        "likelihoods",
        "reliability",
        "admiralty",
        "credibility",
        "chance",
        "observed",
        "group",
        "source",
        "concentration",
        "discount",
        "rationale",
        "sources",
        "quote",
        "step",
    ];
    /// A codebook's kind of finding.
    // Codebooks are read with `json` only.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) const KIND: &[&str] = &[
        "id",
        "description",
        "likelihoods",
        "reliability",
        "credibility",
        "chance",
        "observed",
        "group",
        "source",
        "rationale",
        "sources",
        "quote",
        "step",
    ];
    /// The `uncertainty` block.
    pub(crate) const UNCERTAINTY: &[&str] = &["likelihood_concentration", "prior_concentration"];
    /// A perspective.
    pub(crate) const PERSPECTIVE: &[&str] = &[
        "id",
        "label",
        "discount",
        "prior",
        "threshold",
        "rationale",
        "sources",
    ];
    /// A perspective's `discount` block.
    pub(crate) const DISCOUNT: &[&str] = &["sources", "evidence", "kinds"];
    /// A codebook.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) const CODEBOOK: &[&str] = &[
        "version",
        "title",
        "hypotheses",
        "threshold",
        "sources",
        "groups",
        "kinds",
        "perspectives",
        "uncertainty",
        "rationale",
        "references",
        "scale",
        "scales",
        "standard",
        "standards",
        "steps",
    ];
    /// A declared scale of words (docs/model.md section 11).
    pub(crate) const SCALE: &[&str] = &["id", "label", "words", "synonyms", "rationale", "sources"];
    /// A named standard of proof.
    pub(crate) const STANDARD: &[&str] = &["id", "label", "threshold", "rationale", "sources"];
    /// A step of reasoning.
    pub(crate) const STEP: &[&str] = &["id", "label", "rationale", "sources"];
}

/// The first unknown field of an object (other than `"$comment"`), with
/// the nearest of `known` or, when none is near, all of them.
pub(crate) fn no_unknown(
    extra: &BTreeMap<String, IgnoredAny>,
    item: &Item,
    known: &'static [&'static str],
) -> Result<(), Error> {
    match extra.keys().find(|k| k.as_str() != COMMENT) {
        Some(field) => Err(Error::from(Detail::UnknownFieldOf {
            item: item.clone(),
            field: field.clone(),
            suggestion: nearest(field, known.iter().copied()),
            known,
        })),
        None => Ok(()),
    }
}

/// An error of a number in `0..=1`, with a "did you mean" when the number
/// reads as a percentage (`85` for `0.85`: from 5 to 100) or, for a
/// credibility, as an Admiralty digit (`3` for `"3"`: a whole number 2 to
/// 6). Any other error is returned as it is.
pub(crate) fn hint(err: Error, credibility: bool) -> Error {
    let Detail::OutOfRange {
        item,
        field,
        value,
        expected,
    } = err.detail()
    else {
        return err;
    };
    // Below 5 (1.2, 2) is as likely a slip as a percentage: no guess.
    if *expected != "0..=1" || !(2.0..=100.0).contains(value) {
        return err;
    }
    let digit = credibility && value.fract() == 0.0 && *value <= 6.0;
    if !digit && *value < 5.0 {
        return err;
    }
    let suggestion = if digit {
        format!("the Admiralty digit \"{value}\" (a string)")
    } else {
        format!("{} ({value} %)", percent(*value))
    };
    Error::from(Detail::OutOfRangeDidYouMean {
        item: item.clone(),
        field: field.clone(),
        value: *value,
        expected,
        suggestion,
    })
}

/// `x / 100` as it would be written: 85 gives 0.85, 12.5 gives 0.125.
fn percent(x: f64) -> String {
    let s = format!("{:.6}", x / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An Admiralty grade written as one string, `"B2"`: the source letter
/// and the credibility digit. `None` when `text` is not of that form.
pub(crate) fn grade_pair(text: &str) -> Option<(SourceGrade, CredibilityGrade)> {
    let mut chars = text.chars();
    let (letter, digit) = (chars.next()?, chars.next()?);
    if chars.next().is_some() {
        return None;
    }
    Some((
        letter.to_string().parse().ok()?,
        digit.to_string().parse().ok()?,
    ))
}

/// A source's `admiralty` as written: `"B2"` is refused with the exact
/// fix (the letter here, the digit on its items); anything else is for
/// the grade's own parser.
pub(crate) fn source_grade(text: &str, item: &Item) -> Result<(), Error> {
    let mut chars = text.chars();
    match (grade_pair(text), chars.next(), chars.next()) {
        (Some(_), Some(letter), Some(digit)) => Err(Error::from(Detail::SourceGradePair {
            item: item.clone(),
            value: text.to_string(),
            letter,
            digit,
        })),
        _ => Ok(()),
    }
}

/// An item's `"admiralty"` as written, `"B2"`, against its own fields and
/// its source (`graded`: the source's id and grading, when it names one):
/// the credibility (the digit) and, when the item's source carries no grade
/// of its own (or it names none), its own reliability, the letter's value
/// times the digit's, the number the letter on its source would give.
/// Refused with the item and field named: another form, a `credibility` or
/// `reliability` given as well, or a source graded otherwise.
pub(crate) fn item_grade(
    text: &str,
    re: &RawEvidence,
    graded: Option<(&str, Option<SourceReliability>)>,
    item: &Item,
) -> Result<(Credibility, Option<Estimate>), Error> {
    let (letter, digit) = grade_pair(text).ok_or_else(|| {
        Error::from(Detail::InvalidGrade {
            item: item.clone(),
            field: "admiralty",
            value: text.to_string(),
            expected: "a source letter A-F and a credibility digit 1-6 together, such as \"B2\" (or \"credibility\": \"2\" alone)",
        })
    })?;
    for (given, other) in [
        (re.credibility.is_some(), "credibility"),
        (re.reliability.is_some(), "reliability"),
    ] {
        if given {
            return Err(Error::from(Detail::Conflicting {
                item: item.clone(),
                first: "admiralty",
                second: other,
            }));
        }
    }
    let credibility = Credibility::Grade(digit);
    let mismatch = |graded: String, source: &str| {
        Error::from(Detail::ItemGradeMismatch {
            item: item.clone(),
            value: text.to_string(),
            graded_source: source.to_string(),
            graded,
            digit: char::from(b'0' + digit.digit()),
        })
    };
    match graded {
        Some((_, Some(SourceReliability::Grade(g)))) if g == letter => Ok((credibility, None)),
        Some((id, Some(SourceReliability::Grade(g)))) => Err(mismatch(format!("\"{g}\""), id)),
        Some((id, Some(SourceReliability::Value(r)))) => Err(mismatch(
            format!("by reliability {}", r.midpoint().get()),
            id,
        )),
        _ => {
            let r = letter.reliability().get() * credibility.value().get();
            Ok((credibility, Some(Estimate::point(r)?)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_digits_are_suggested() {
        let out = |x: f64, cred: bool| {
            let e = crate::domain::probability::Probability::new(x)
                .unwrap_err()
                .at(&Item::Evidence("e".into()), "observed");
            hint(e, cred).to_string()
        };
        assert_eq!(
            out(85.0, false),
            "evidence 'e': observed is 85, must be in 0..=1; did you mean 0.85 (85 %)?"
        );
        assert_eq!(
            out(12.5, false),
            "evidence 'e': observed is 12.5, must be in 0..=1; did you mean 0.125 (12.5 %)?"
        );
        assert_eq!(
            out(3.0, true),
            "evidence 'e': observed is 3, must be in 0..=1; did you mean the Admiralty digit \"3\" (a string)?"
        );
        assert_eq!(
            out(150.0, false),
            "evidence 'e': observed is 150, must be in 0..=1"
        );
        assert_eq!(
            out(-0.5, false),
            "evidence 'e': observed is -0.5, must be in 0..=1"
        );
    }

    #[test]
    fn grade_pairs() {
        assert_eq!(
            grade_pair("B2"),
            Some((SourceGrade::B, CredibilityGrade::ProbablyTrue))
        );
        assert_eq!(grade_pair("B"), None);
        assert_eq!(grade_pair("B7"), None);
        assert_eq!(grade_pair("B22"), None);
        assert_eq!(grade_pair("b2"), None);
    }
}
