//! The case file as written (docs/model.md section 7), before validation.
//!
//! These raw types mirror the JSON one to one. They hold plain numbers and
//! strings (or, filled by a builder, the typed grade or weighting it was
//! given); every value is checked, with the item and field named, when a
//! raw case becomes a [`Case`](crate::Case) in `validate.rs`. The public
//! builders fill the same raw types, so the Rust API and the file format go
//! through one validation path.
//!
//! Unknown fields are collected rather than rejected by serde, so that the
//! error can name the item they were found in.

use crate::domain::admiralty::{CredibilityGrade, SourceGrade};
use crate::domain::weighting::Weighting;
use crate::error::Error;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Fields not known to the format, collected for a precise error.
pub(crate) type Extra = BTreeMap<String, IgnoredAny>;

/// A number, a `[low, high]` range, or a word of a scale (docs/model.md
/// section 11), as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawEstimate {
    Point(f64),
    Range(f64, f64),
    Word(String),
}

struct EstimateVisitor;

impl<'de> Visitor<'de> for EstimateVisitor {
    type Value = RawEstimate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a range [low, high] or a word of a scale")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<RawEstimate, E> {
        Ok(RawEstimate::Word(s.to_string()))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<RawEstimate, E> {
        Ok(RawEstimate::Point(x))
    }

    fn visit_i64<E: de::Error>(self, x: i64) -> Result<RawEstimate, E> {
        Ok(RawEstimate::Point(x as f64))
    }

    fn visit_u64<E: de::Error>(self, x: u64) -> Result<RawEstimate, E> {
        Ok(RawEstimate::Point(x as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawEstimate, A::Error> {
        let lo: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &"a range [low, high]"))?;
        let hi: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &"a range [low, high]"))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &"a range [low, high]"));
        }
        Ok(RawEstimate::Range(lo, hi))
    }
}

impl<'de> Deserialize<'de> for RawEstimate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EstimateVisitor)
    }
}

/// A credibility: a number, or an Admiralty digit written as a string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawCredibility {
    Number(f64),
    Grade(Named<CredibilityGrade>),
}

struct CredibilityVisitor;

impl<'de> Visitor<'de> for CredibilityVisitor {
    type Value = RawCredibility;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number in 0..=1 or an Admiralty digit \"1\"-\"6\"")
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<RawCredibility, E> {
        Ok(RawCredibility::Number(x))
    }

    fn visit_i64<E: de::Error>(self, x: i64) -> Result<RawCredibility, E> {
        Ok(RawCredibility::Number(x as f64))
    }

    fn visit_u64<E: de::Error>(self, x: u64) -> Result<RawCredibility, E> {
        Ok(RawCredibility::Number(x as f64))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<RawCredibility, E> {
        Ok(RawCredibility::Grade(Named::Text(s.to_string())))
    }
}

impl<'de> Deserialize<'de> for RawCredibility {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CredibilityVisitor)
    }
}

/// A JSON object kept as an ordered list of pairs, duplicates included, so
/// that a duplicated key is reported rather than silently dropped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pairs<V>(pub(crate) Vec<(String, V)>);

impl<V> Pairs<V> {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A named value (a weighting, an Admiralty grade): the text a file gives,
/// parsed when the case is checked, or the value a builder was given.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Named<T> {
    Text(String),
    Value(T),
}

impl<T: FromStr<Err = Error> + Copy> Named<T> {
    /// The value, parsed from the text if need be.
    pub(crate) fn get(&self) -> Result<T, Error> {
        match self {
            Named::Text(text) => text.parse(),
            Named::Value(v) => Ok(*v),
        }
    }
}

impl<'de, T> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Named::Text)
    }
}

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

struct PairsVisitor<V>(std::marker::PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
    type Value = Pairs<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object from id to value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, V>()? {
            out.push((k, v));
        }
        Ok(Pairs(out))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(PairsVisitor(std::marker::PhantomData))
    }
}

/// A hypothesis as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a hypothesis object")]
pub(crate) struct RawHypothesis {
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub catch_all: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a source object")]
pub(crate) struct RawSource {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub reliability: Option<RawEstimate>,
    #[serde(default)]
    pub admiralty: Option<Named<SourceGrade>>,
    #[serde(default)]
    pub discount: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dependence group as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a group object")]
pub(crate) struct RawGroup {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub correlation: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Declares a raw shape that carries the fields of an evidence item: the
/// given fields, then those an item and a codebook kind share, listed
/// once, here. A field added to evidence items is added to this list (and
/// to its validation in `validate.rs`); both shapes then read it. (The
/// shared fields cannot be a nested struct under `#[serde(flatten)]`:
/// serde would buffer them, and an error would lose its line, column and
/// field.)
macro_rules! with_item_fields {
    ($(#[$m:meta])* pub(crate) struct $name:ident { $($own:tt)* }) => {
        $(#[$m])*
        pub(crate) struct $name {
            $($own)*
            #[serde(default)]
            pub description: String,
            #[serde(default)]
            pub likelihoods: Pairs<RawEstimate>,
            #[serde(default)]
            pub reliability: Option<RawEstimate>,
            #[serde(default)]
            pub chance: Option<RawEstimate>,
            #[serde(default)]
            pub observed: Option<RawEstimate>,
            #[serde(default)]
            pub group: Option<String>,
            #[serde(default)]
            pub source: Option<String>,
            #[serde(default)]
            pub credibility: Option<RawCredibility>,
            #[serde(default)]
            pub rationale: Option<String>,
            /// The public references (`sources` in the file).
            #[serde(default)]
            pub sources: Vec<String>,
            /// The source's own words (docs/model.md section 11).
            #[serde(default)]
            pub quote: Option<String>,
            /// The step of reasoning it belongs to (an extension).
            #[serde(default)]
            pub step: Option<String>,
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl $name {
            /// The fields an item and a kind share, borrowed, for the one
            /// check of them (`check::item_fields`).
            // A kind's is read with codebooks only, which need `json`.
            #[cfg_attr(not(feature = "json"), allow(dead_code))]
            pub(crate) fn shared(&self) -> SharedFields<'_> {
                SharedFields {
                    description: &self.description,
                    likelihoods: &self.likelihoods,
                    reliability: self.reliability.as_ref(),
                    chance: self.chance.as_ref(),
                    observed: self.observed.as_ref(),
                    group: self.group.as_deref(),
                    source: self.source.as_deref(),
                    credibility: self.credibility.as_ref(),
                    rationale: self.rationale.as_deref(),
                    sources: &self.sources,
                    quote: self.quote.as_deref(),
                    step: self.step.as_deref(),
                }
            }
        }
    };
}

/// The fields an evidence item and a codebook kind share, as written,
/// borrowed from either (see `with_item_fields!`).
pub(crate) struct SharedFields<'a> {
    pub description: &'a str,
    pub likelihoods: &'a Pairs<RawEstimate>,
    pub reliability: Option<&'a RawEstimate>,
    pub chance: Option<&'a RawEstimate>,
    pub observed: Option<&'a RawEstimate>,
    pub group: Option<&'a str>,
    pub source: Option<&'a str>,
    pub credibility: Option<&'a RawCredibility>,
    pub rationale: Option<&'a str>,
    pub sources: &'a [String],
    pub quote: Option<&'a str>,
    pub step: Option<&'a str>,
}

with_item_fields! {
    /// An evidence item as written.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(expecting = "an evidence object")]
    pub(crate) struct RawEvidence {
        pub id: String,
        #[serde(default)]
        pub kind: Option<String>,
        #[serde(default)]
        pub concentration: Option<f64>,
        #[serde(default)]
        pub discount: Option<f64>,
        /// An Admiralty letter and digit together, `"B2"` (see `forgiving.rs`).
        #[serde(default)]
        pub admiralty: Option<String>,
    }
}

/// A scale of words (docs/model.md section 11) as written, or as a
/// builder was given it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a scale object")]
pub(crate) struct RawScale {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub words: Pairs<RawEstimate>,
    /// An extension: other words for a word of the scale, `{synonym: word}`.
    #[serde(default)]
    pub synonyms: Pairs<String>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// A scale a builder was given, already checked.
    #[serde(skip)]
    pub built: Option<crate::domain::words::Scale>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A standard of proof (an extension for the JIM cases) as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a standard object")]
pub(crate) struct RawStandard {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    pub threshold: f64,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A step of reasoning (an extension for the JIM cases) as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a step object")]
pub(crate) struct RawStep {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `uncertainty` block (docs/model.md section 6) as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "an uncertainty object")]
pub(crate) struct RawUncertainty {
    #[serde(default)]
    pub likelihood_concentration: Option<f64>,
    #[serde(default)]
    pub prior_concentration: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A whole case file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a case file object")]
pub(crate) struct RawCase {
    pub version: u64,
    #[serde(default)]
    pub codebook: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub weighting: Option<Named<Weighting>>,
    #[serde(default)]
    pub threshold: Option<f64>,
    pub hypotheses: Vec<RawHypothesis>,
    #[serde(default)]
    pub prior: Option<Pairs<f64>>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub uncertainty: Option<RawUncertainty>,
    pub evidence: Vec<RawEvidence>,
    #[serde(default)]
    pub perspectives: Vec<RawPerspective>,
    #[serde(default)]
    pub scale: Option<String>,
    #[serde(default)]
    pub scales: Vec<RawScale>,
    #[serde(default)]
    pub standard: Option<String>,
    #[serde(default)]
    pub standards: Vec<RawStandard>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `discount` block of a perspective (docs/model.md section 10) as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a discount object")]
pub(crate) struct RawDiscount {
    #[serde(default)]
    pub sources: Pairs<f64>,
    #[serde(default)]
    pub evidence: Pairs<f64>,
    #[serde(default)]
    pub kinds: Pairs<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A perspective (docs/model.md section 10) as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a perspective object")]
pub(crate) struct RawPerspective {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub discount: Option<RawDiscount>,
    #[serde(default)]
    pub prior: Option<Pairs<f64>>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

with_item_fields! {
    /// An evidence kind of a codebook (docs/model.md section 9) as written.
    // Built by serde only; without `json` nothing else reads codebooks.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(expecting = "a kind object")]
    pub(crate) struct RawKind {
        pub id: String,
    }
}

/// A whole codebook file (docs/model.md section 9) as written.
// Built by serde only; without `json` nothing else reads codebooks.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(expecting = "a codebook object")]
pub(crate) struct RawCodebook {
    pub version: u64,
    #[serde(default)]
    pub title: Option<String>,
    pub hypotheses: Vec<String>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub kinds: Vec<RawKind>,
    #[serde(default)]
    pub perspectives: Vec<RawPerspective>,
    #[serde(default)]
    pub uncertainty: Option<RawUncertainty>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub scale: Option<String>,
    #[serde(default)]
    pub scales: Vec<RawScale>,
    #[serde(default)]
    pub standard: Option<String>,
    #[serde(default)]
    pub standards: Vec<RawStandard>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    #[serde(flatten)]
    pub extra: Extra,
}
