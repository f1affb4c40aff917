//! The case file as written (docs/model.md section 7), before validation.
//!
//! These raw types mirror the JSON one to one. They hold plain numbers and
//! strings; every value is checked, with the item and field named, when a
//! raw case becomes a [`Case`](crate::Case) in `case.rs`. The public
//! builders fill the same raw types, so the Rust API and the file format go
//! through one validation path.
//!
//! Unknown fields are collected rather than rejected by serde, so that the
//! error can name the item they were found in.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Fields not known to the format, collected for a precise error.
pub(crate) type Extra = BTreeMap<String, IgnoredAny>;

/// A number or a `[low, high]` range, as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum RawEstimate {
    Point(f64),
    Range(f64, f64),
}

impl Serialize for RawEstimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            RawEstimate::Point(x) => s.serialize_f64(x),
            RawEstimate::Range(lo, hi) => {
                let mut seq = s.serialize_seq(Some(2))?;
                seq.serialize_element(&lo)?;
                seq.serialize_element(&hi)?;
                seq.end()
            }
        }
    }
}

struct EstimateVisitor;

impl<'de> Visitor<'de> for EstimateVisitor {
    type Value = RawEstimate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a range [low, high]")
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
    Grade(String),
}

impl Serialize for RawCredibility {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RawCredibility::Number(x) => s.serialize_f64(*x),
            RawCredibility::Grade(g) => s.serialize_str(g),
        }
    }
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
        Ok(RawCredibility::Grade(s.to_string()))
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

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<V: Serialize> Serialize for Pairs<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
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

fn is_empty_extra(e: &Extra) -> bool {
    e.is_empty()
}

/// A hypothesis as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a hypothesis object")]
pub(crate) struct RawHypothesis {
    pub id: String,
    #[serde(default)]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catch_all: Option<bool>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// A source as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a source object")]
pub(crate) struct RawSource {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<RawEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admiralty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// A dependence group as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a group object")]
pub(crate) struct RawGroup {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<f64>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// An evidence item as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "an evidence object")]
pub(crate) struct RawEvidence {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub likelihoods: Pairs<RawEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<RawEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<RawCredibility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concentration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// The `uncertainty` block (docs/model.md section 6) as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "an uncertainty object")]
pub(crate) struct RawUncertainty {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood_concentration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_concentration: Option<f64>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// A whole case file as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a case file object")]
pub(crate) struct RawCase {
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    pub hypotheses: Vec<RawHypothesis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<Pairs<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<RawSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<RawGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<RawUncertainty>,
    pub evidence: Vec<RawEvidence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<RawPerspective>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// The `discount` block of a perspective (docs/model.md section 10) as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a discount object")]
pub(crate) struct RawDiscount {
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub sources: Pairs<f64>,
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub evidence: Pairs<f64>,
    #[serde(default, skip_serializing_if = "Pairs::is_empty")]
    pub kinds: Pairs<f64>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// A perspective (docs/model.md section 10) as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a perspective object")]
pub(crate) struct RawPerspective {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<RawDiscount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<Pairs<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// An evidence kind of a codebook (docs/model.md section 9) as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a kind object")]
pub(crate) struct RawKind {
    pub id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub likelihoods: Pairs<RawEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<RawCredibility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<RawEstimate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// A whole codebook file (docs/model.md section 9) as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(expecting = "a codebook object")]
pub(crate) struct RawCodebook {
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub hypotheses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<RawSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<RawGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<RawKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perspectives: Vec<RawPerspective>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<RawUncertainty>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(
        flatten,
        skip_serializing_if = "is_empty_extra",
        serialize_with = "no_extra"
    )]
    pub extra: Extra,
}

/// Unknown fields are never written back (a valid case has none).
fn no_extra<S: Serializer>(_: &Extra, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_map(Some(0))?.end()
}
