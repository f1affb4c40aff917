//! Words of estimative probability (docs/model.md section 11): a [`Scale`]
//! maps each word to the band of probability it means, and a [`Word`] is a
//! judgement as a source wrote it, kept with its scale and its band.
//!
//! Two scales are built in, with the documents' own bands:
//!
//! - `icd-203`: US Office of the Director of National Intelligence,
//!   Intelligence Community Directive 203, *Analytic Standards* (2 January
//!   2015), section D.6.b(2)(a), the table of "expressions of likelihood or
//!   probability";
//! - `kent`: Sherman Kent, "Words of Estimative Probability", *Studies in
//!   Intelligence* 8(4), Fall 1964, the table of "the general area of
//!   possibility" (93 % give or take about 6 %, and so on).
//!
//! The crate's ICD 203 words for posteriors ([`Icd203`](crate::Icd203)) come
//! from the same table.

use crate::domain::id::ScaleId;
use crate::domain::probability::{Estimate, Probability};
use crate::error::{Detail, Error, Item};
use std::fmt;

/// The id of the built-in ICD 203 scale, the default of a case or codebook
/// that declares none.
pub(crate) const ICD_203: &str = "icd-203";

/// The id of the built-in scale of Sherman Kent (1964).
pub(crate) const KENT: &str = "kent";

/// The ICD 203 table (ODNI, Intelligence Community Directive 203, 2015,
/// D.6.b(2)(a)): word, synonym, band. The one table behind the `icd-203`
/// scale and the crate's words for posteriors ([`Icd203`](crate::Icd203)).
pub(crate) const ICD_203_TABLE: [(&str, &str, f64, f64); 7] = [
    ("almost no chance", "remote", 0.01, 0.05),
    ("very unlikely", "highly improbable", 0.05, 0.20),
    ("unlikely", "improbable", 0.20, 0.45),
    ("roughly even chance", "roughly even odds", 0.45, 0.55),
    ("likely", "probable", 0.55, 0.80),
    ("very likely", "highly probable", 0.80, 0.95),
    ("almost certain", "nearly certain", 0.95, 0.99),
];

/// One word of a scale: the word, its synonyms, and its band.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// The word as the scale declared it (written back and shown as is).
    word: String,
    /// `word` folded, for matching.
    key: String,
    /// The synonyms as declared.
    synonyms: Vec<String>,
    /// `synonyms` folded, in the same order.
    synonym_keys: Vec<String>,
    band: Estimate,
}

impl Entry {
    fn new(word: &str, synonyms: &[&str], band: Estimate) -> Entry {
        Entry {
            word: word.into(),
            key: fold(word),
            synonyms: synonyms.iter().map(|&s| s.into()).collect(),
            synonym_keys: synonyms.iter().map(|s| fold(s)).collect(),
            band,
        }
    }
}

/// A scale of words: each word (and its synonyms) means a band of
/// probability, `[low, high]` with `0 <= low <= high <= 1`, or one number.
///
/// Words are matched case-insensitively, ignoring spaces at either end and
/// runs of spaces inside. A scale declared in a case file or a codebook is
/// read through [`Scale::builder`], so it is checked as a built-in one is:
/// no word (or synonym) twice, every band inside `0..=1`.
///
/// # Example
///
/// ```
/// use attrib::Scale;
///
/// let icd = Scale::icd_203();
/// let w = icd.find("Very unlikely").unwrap();
/// assert_eq!(w.word(), "very unlikely");
/// assert_eq!(w.band().bounds().0.get(), 0.05);
/// assert_eq!(w.to_string(), "very unlikely (ICD 203: 0.05-0.20)");
/// // a synonym reads as its word
/// assert_eq!(icd.find("highly improbable").unwrap().word(), "very unlikely");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    id: ScaleId,
    label: String,
    entries: Vec<Entry>,
    rationale: Option<String>,
    sources: Vec<String>,
}

/// Builds a [`Scale`]: words with their bands, synonyms, the reasons and
/// the references. Checked by [`build`](ScaleBuilder::build).
///
/// # Example
///
/// ```
/// use attrib::Scale;
/// use attrib::domain::{Estimate, ScaleId};
///
/// let s = Scale::builder(ScaleId::new("s")?, "S")
///     .word("likely", Estimate::range(0.55, 0.8)?)
///     .synonym("probable", "likely")
///     .rationale("read from the reports' usage")
///     .source("S/2016/738")
///     .build()?;
/// assert_eq!(s.find("Probable").unwrap().word(), "likely");
/// assert_eq!(s.rationale(), Some("read from the reports' usage"));
/// assert_eq!(s.sources(), ["S/2016/738"]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ScaleBuilder {
    scale: Scale,
    /// (word or synonym as given, the word it is a synonym of, its band)
    words: Vec<(String, Option<String>, Option<Estimate>)>,
}

impl ScaleBuilder {
    /// Adds a word and its band.
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::{Estimate, ScaleId};
    ///
    /// let s = Scale::builder(ScaleId::new("s")?, "S")
    ///     .word("likely", Estimate::point(0.7)?)
    ///     .build()?;
    /// assert_eq!(s.find("likely").unwrap().band(), Estimate::point(0.7)?);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn word(mut self, word: impl Into<String>, band: Estimate) -> ScaleBuilder {
        self.words.push((word.into(), None, Some(band)));
        self
    }

    /// Adds a synonym of a word of the scale: it reads as that word, with
    /// its band.
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::{Estimate, ScaleId};
    ///
    /// let s = Scale::builder(ScaleId::new("s")?, "S")
    ///     .word("likely", Estimate::range(0.55, 0.8)?)
    ///     .synonym("probable", "likely")
    ///     .build()?;
    /// assert_eq!(s.synonyms("likely"), ["probable"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn synonym(mut self, synonym: impl Into<String>, of: impl Into<String>) -> ScaleBuilder {
        self.words.push((synonym.into(), Some(of.into()), None));
        self
    }

    /// Sets the reasons for the bands (kept as data, shown in reports).
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::ScaleId;
    ///
    /// let s = Scale::builder(ScaleId::new("s")?, "S").rationale("why").build()?;
    /// assert_eq!(s.rationale(), Some("why"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rationale(mut self, rationale: impl Into<String>) -> ScaleBuilder {
        self.scale.rationale = Some(rationale.into());
        self
    }

    /// Adds a reference for the scale.
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::ScaleId;
    ///
    /// let s = Scale::builder(ScaleId::new("s")?, "S").source("a").source("b").build()?;
    /// assert_eq!(s.sources(), ["a", "b"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(mut self, reference: impl Into<String>) -> ScaleBuilder {
        self.scale.sources.push(reference.into());
        self
    }

    /// The scale.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when a word or
    /// synonym (folded: case and spaces aside) is given twice;
    /// [`ErrorKind::InvalidId`](crate::ErrorKind::InvalidId) for an empty
    /// word or one with a control character or a `:` (which names a
    /// scale); [`ErrorKind::UnknownWord`](crate::ErrorKind::UnknownWord) for
    /// a synonym of a word the scale does not have.
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::{Estimate, ScaleId};
    ///
    /// let err = Scale::builder(ScaleId::new("s")?, "S")
    ///     .word("likely", Estimate::point(0.7)?)
    ///     .word("Likely", Estimate::point(0.8)?)
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "scale 's': word 'Likely' appears more than once");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn build(self) -> Result<Scale, Error> {
        let mut scale = self.scale;
        for (text, of, band) in self.words {
            scale.check_new(&text)?;
            match (of, band) {
                (None, Some(band)) => scale.entries.push(Entry {
                    key: fold(&text),
                    word: text,
                    synonyms: Vec::new(),
                    synonym_keys: Vec::new(),
                    band,
                }),
                (Some(of), _) => {
                    let key = fold(&of);
                    let known = scale.word_list();
                    let id = scale.id.clone();
                    match scale.entries.iter_mut().find(|e| e.key == key) {
                        Some(entry) => {
                            entry.synonym_keys.push(fold(&text));
                            entry.synonyms.push(text);
                        }
                        None => {
                            return Err(unknown_word(
                                &Item::Scale(id.to_string()),
                                "synonym",
                                &id,
                                &of,
                                known,
                            ));
                        }
                    }
                }
                (None, None) => {}
            }
        }
        Ok(scale)
    }
}

/// A judgement stated in words: the text as the source wrote it, the scale
/// it was read on, the scale's word it matched, and that word's band.
///
/// A word **is its band**: plain scoring takes the band's midpoint and a
/// Monte Carlo draw is uniform in it (docs/model.md sections 6 and 11);
/// [`Word::band`] is the [`Estimate`] that the model uses.
///
/// # Example
///
/// ```
/// use attrib::Scales;
///
/// let scales = Scales::builtin();
/// let w = scales.read("kent: probable", None)?;
/// assert_eq!(w.written(), "kent: probable");
/// assert_eq!(w.scale().as_str(), "kent");
/// assert_eq!(w.band().midpoint().get(), 0.75);
/// assert_eq!(w.to_string(), "probable (Kent: 0.63-0.87)");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    written: String,
    scale: ScaleId,
    word: String,
    band: Estimate,
}

/// The words an evidence item or a codebook kind was given in, field by
/// field: a field stated as a number has none. The model uses each word's
/// band, which is also the item's [`Estimate`] for that field; the word is
/// kept so that reports and [`Case::to_json`](crate::Case::to_json) show it.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::from_json(r#"{"version": 1,
///     "hypotheses": [{"id": "a"}, {"id": "b"}],
///     "evidence": [{"id": "e", "likelihoods": {"a": "likely", "b": 0.1},
///                   "chance": "kent: probable"}]}"#)?;
/// let words = case.evidence()[0].words();
/// assert_eq!(words.likelihood(0).map(|w| w.to_string()).as_deref(), Some("likely (ICD 203: 0.55-0.80)"));
/// assert!(words.likelihood(1).is_none());
/// assert_eq!(words.chance().map(|w| w.word()), Some("probable"));
/// assert!(words.reliability().is_none() && !words.is_empty());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemWords(Option<Box<Given>>);

/// The words of an item that has some: boxed, as most items have none and
/// every item carries its [`ItemWords`] (a pointer, where the words
/// themselves would take 312 bytes).
#[derive(Debug, Clone, PartialEq)]
struct Given {
    /// One per hypothesis when any likelihood is a word, else empty.
    likelihoods: Vec<Option<Word>>,
    reliability: Option<Word>,
    chance: Option<Word>,
    observed: Option<Word>,
}

impl ItemWords {
    /// The words of an item's fields: its likelihoods' (one per
    /// hypothesis when any is a word, else empty), its reliability's,
    /// chance's and observed's.
    pub(crate) fn new(
        likelihoods: Vec<Option<Word>>,
        reliability: Option<Word>,
        chance: Option<Word>,
        observed: Option<Word>,
    ) -> ItemWords {
        let none = likelihoods.iter().all(Option::is_none)
            && reliability.is_none()
            && chance.is_none()
            && observed.is_none();
        ItemWords((!none).then(|| {
            Box::new(Given {
                likelihoods,
                reliability,
                chance,
                observed,
            })
        }))
    }

    /// The word of the likelihood of the hypothesis at `index` (in the
    /// case's order of hypotheses), if it was given as one.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": "remote"}}]}"#)?;
    /// let w = case.evidence()[0].words().likelihood(1).unwrap();
    /// assert_eq!((w.word(), w.band().midpoint().get()), ("almost no chance", 0.03));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood(&self, index: usize) -> Option<&Word> {
        self.0
            .as_ref()
            .and_then(|g| g.likelihoods.get(index))
            .and_then(Option::as_ref)
    }

    /// The word of the item's own `reliability`, if given as one.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}, "reliability": "very likely"}]}"#)?;
    /// assert_eq!(case.evidence()[0].words().reliability().map(|w| w.word()), Some("very likely"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self) -> Option<&Word> {
        self.0.as_ref().and_then(|g| g.reliability.as_ref())
    }

    /// The word of `chance`, if given as one.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}, "chance": "unlikely"}]}"#)?;
    /// assert_eq!(case.evidence()[0].words().chance().map(|w| w.band().midpoint().get()), Some(0.325));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn chance(&self) -> Option<&Word> {
        self.0.as_ref().and_then(|g| g.chance.as_ref())
    }

    /// The word of `observed`, if given as one.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}, "observed": "almost certain"}]}"#)?;
    /// assert_eq!(case.evidence()[0].words().observed().map(|w| w.scale().as_str()), Some("icd-203"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn observed(&self) -> Option<&Word> {
        self.0.as_ref().and_then(|g| g.observed.as_ref())
    }

    /// Whether no field was given as a word.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::from_json(r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
    /// #     "evidence": [{"id": "e", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#)?;
    /// assert!(case.evidence()[0].words().is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        // Made only when some field is a word (`ItemWords::new`).
        self.0.is_none()
    }
}

/// The scales a case can read words on: the built-in ones, the ones its
/// codebook and the case declare, and which one is the default.
///
/// # Example
///
/// ```
/// use attrib::{Scale, Scales};
/// use attrib::domain::{Estimate, ScaleId};
///
/// let jim = Scale::builder(ScaleId::new("jim-wording")?, "The JIM's words")
///     .word("most likely", Estimate::range(0.8, 0.95)?)
///     .build()?;
/// let scales = Scales::new(vec![jim], Some(ScaleId::new("jim-wording")?))?;
/// assert_eq!(scales.read("most likely", None)?.band(), Estimate::range(0.8, 0.95)?);
/// assert_eq!(scales.read("icd-203: likely", None)?.word(), "likely");
/// let err = scales.read("most lickely", None).unwrap_err();
/// assert!(err.to_string().contains("did you mean \"most likely\"?"), "{err}");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scales {
    scales: Vec<Scale>,
    default: ScaleId,
}

/// The text folded for matching: lower case, spaces at the ends dropped,
/// runs of white space inside made one space.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A band of a built-in table. The tables are constants inside `0..=1`
/// with `low <= high` (the tests compare every band with the documents),
/// so the fallback is never taken.
fn band(low: f64, high: f64) -> Estimate {
    Estimate::range(low, high).unwrap_or(Estimate::Point(Probability::ZERO))
}

/// A one-number band of a built-in table (see [`band`]).
fn point(x: f64) -> Estimate {
    Estimate::point(x).unwrap_or(Estimate::Point(Probability::ZERO))
}

impl Scale {
    /// A builder for a scale with this id and label; add words with
    /// [`word`](ScaleBuilder::word) and [`synonym`](ScaleBuilder::synonym).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::Scale;
    /// use attrib::domain::{Estimate, ScaleId};
    ///
    /// let s = Scale::builder(ScaleId::new("mine")?, "My words")
    ///     .word("no evidence of", Estimate::range(0.0, 0.1)?)
    ///     .build()?;
    /// assert_eq!(s.label(), "My words");
    /// assert_eq!(s.words().count(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn builder(id: ScaleId, label: impl Into<String>) -> ScaleBuilder {
        ScaleBuilder {
            scale: Scale {
                id,
                label: label.into(),
                entries: Vec::new(),
                rationale: None,
                sources: Vec::new(),
            },
            words: Vec::new(),
        }
    }

    fn check_new(&self, word: &str) -> Result<(), Error> {
        let item = Item::Scale(self.id.to_string());
        let folded = fold(word);
        let reason = if folded.is_empty() {
            Some("it is empty")
        } else if word.chars().any(char::is_control) {
            Some("it contains a control character")
        } else if word.contains(':') {
            Some("it contains ':', which names a scale (\"kent: probable\")")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(Error::from(Detail::InvalidId {
                item,
                id: word.to_string(),
                reason,
            }));
        }
        if self.entry(&folded).is_some() {
            return Err(Error::from(Detail::Duplicate {
                item,
                field: "word".into(),
                id: word.to_string(),
            }));
        }
        Ok(())
    }

    fn entry(&self, folded: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.key == folded || e.synonym_keys.iter().any(|s| s == folded))
    }

    fn word_list(&self) -> Vec<String> {
        self.entries
            .iter()
            .flat_map(|e| std::iter::once(&e.word).chain(&e.synonyms))
            .cloned()
            .collect()
    }

    /// The ICD 203 scale (ODNI, Intelligence Community Directive 203, 2015):
    /// almost no chance / remote `[0.01, 0.05]`; very unlikely / highly
    /// improbable `[0.05, 0.20]`; unlikely / improbable `[0.20, 0.45]`;
    /// roughly even chance / roughly even odds `[0.45, 0.55]`; likely /
    /// probable `[0.55, 0.80]`; very likely / highly probable
    /// `[0.80, 0.95]`; almost certain / nearly certain `[0.95, 0.99]`.
    ///
    /// ```
    /// let icd = attrib::Scale::icd_203();
    /// assert_eq!(icd.id().as_str(), "icd-203");
    /// let bands: Vec<(&str, f64)> = icd.words().map(|(w, b)| (w, b.bounds().1.get())).collect();
    /// assert_eq!(bands[0], ("almost no chance", 0.05));
    /// assert_eq!(bands[6], ("almost certain", 0.99));
    /// ```
    pub fn icd_203() -> Scale {
        Scale {
            id: builtin_id(ICD_203),
            label: "ICD 203 (US ODNI, Intelligence Community Directive 203, 2015)".into(),
            entries: ICD_203_TABLE
                .iter()
                .map(|&(word, synonym, low, high)| Entry::new(word, &[synonym], band(low, high)))
                .collect(),
            rationale: Some(
                "The directive's own table of expressions of likelihood, with its ranges."
                    .into(),
            ),
            sources: vec![
                "Office of the Director of National Intelligence, Intelligence Community Directive 203, Analytic Standards, 2 January 2015, section D.6.b(2)(a)".into(),
            ],
        }
    }

    /// Sherman Kent's scale ("Words of Estimative Probability", 1964):
    /// certain `1`; almost certain `[0.87, 0.99]`; probable `[0.63, 0.87]`;
    /// chances about even `[0.40, 0.60]`; probably not `[0.20, 0.40]`;
    /// almost certainly not `[0.02, 0.12]`; impossible `0`.
    ///
    /// ```
    /// let kent = attrib::Scale::kent();
    /// let certain = kent.find("certain").unwrap();
    /// assert_eq!(certain.band().midpoint().get(), 1.0);
    /// assert!(!certain.band().is_range());
    /// ```
    pub fn kent() -> Scale {
        Scale {
            id: builtin_id(KENT),
            label: "Sherman Kent, Words of Estimative Probability (1964)".into(),
            entries: vec![
                Entry::new("certain", &[], point(1.0)),
                Entry::new("almost certain", &[], band(0.87, 0.99)),
                Entry::new("probable", &[], band(0.63, 0.87)),
                Entry::new("chances about even", &[], band(0.40, 0.60)),
                Entry::new("probably not", &[], band(0.20, 0.40)),
                Entry::new("almost certainly not", &[], band(0.02, 0.12)),
                Entry::new("impossible", &[], point(0.0)),
            ],
            rationale: Some(
                "Kent's table: 93 % give or take about 6 %, 75 % give or take about 12 %, 50 % give or take about 10 %, 30 % give or take about 10 %, 7 % give or take about 5 %; certainty and impossibility as 100 % and 0 %."
                    .into(),
            ),
            sources: vec![
                "Sherman Kent, \"Words of Estimative Probability\", Studies in Intelligence 8(4), Fall 1964, pp. 49-65".into(),
            ],
        }
    }

    /// The scale's id.
    ///
    /// ```
    /// assert_eq!(attrib::Scale::kent().id().as_str(), "kent");
    /// ```
    pub fn id(&self) -> &ScaleId {
        &self.id
    }

    /// The scale's label.
    ///
    /// ```
    /// assert!(attrib::Scale::kent().label().starts_with("Sherman Kent"));
    /// ```
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The reasons for the bands, when given.
    ///
    /// ```
    /// assert!(attrib::Scale::icd_203().rationale().is_some());
    /// ```
    pub fn rationale(&self) -> Option<&str> {
        self.rationale.as_deref()
    }

    /// The scale's references.
    ///
    /// ```
    /// assert!(attrib::Scale::kent().sources()[0].contains("1964"));
    /// ```
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The words (without synonyms) with their bands, in the order given.
    ///
    /// ```
    /// let kent = attrib::Scale::kent();
    /// let words: Vec<&str> = kent.words().map(|(w, _)| w).collect();
    /// assert_eq!(words.first(), Some(&"certain"));
    /// assert_eq!(words.last(), Some(&"impossible"));
    /// ```
    pub fn words(&self) -> impl Iterator<Item = (&str, Estimate)> {
        self.entries.iter().map(|e| (e.word.as_str(), e.band))
    }

    /// The synonyms of a word of the scale (empty when it has none or is
    /// not a word of the scale).
    ///
    /// ```
    /// assert_eq!(attrib::Scale::icd_203().synonyms("likely"), ["probable"]);
    /// ```
    pub fn synonyms(&self, word: &str) -> &[String] {
        let key = fold(word);
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map_or(&[], |e| e.synonyms.as_slice())
    }

    /// The word of this scale that `text` names (a word or a synonym,
    /// matched case-insensitively), as a [`Word`] that keeps `text` as
    /// written; `None` when the scale has no such word.
    ///
    /// ```
    /// let icd = attrib::Scale::icd_203();
    /// assert_eq!(icd.find("  Roughly   EVEN odds ").unwrap().word(), "roughly even chance");
    /// assert!(icd.find("probably not").is_none());
    /// ```
    pub fn find(&self, text: &str) -> Option<Word> {
        let entry = self.entry(&fold(text))?;
        Some(Word {
            written: text.to_string(),
            scale: self.id.clone(),
            word: entry.word.clone(),
            band: entry.band,
        })
    }
}

fn builtin_id(id: &'static str) -> ScaleId {
    ScaleId::builtin(id)
}

impl Word {
    /// The text as the source wrote it, scale prefix included when given
    /// (`"kent: probable"`); written back by `to_json`.
    ///
    /// ```
    /// let w = attrib::Scale::icd_203().find("Likely").unwrap();
    /// assert_eq!(w.written(), "Likely");
    /// ```
    pub fn written(&self) -> &str {
        &self.written
    }

    /// The scale the word was read on.
    ///
    /// ```
    /// assert_eq!(attrib::Scale::kent().find("probable").unwrap().scale().as_str(), "kent");
    /// ```
    pub fn scale(&self) -> &ScaleId {
        &self.scale
    }

    /// The scale's word that the text matched (a synonym reads as its word),
    /// in lower case.
    ///
    /// ```
    /// assert_eq!(attrib::Scale::icd_203().find("Remote").unwrap().word(), "almost no chance");
    /// ```
    pub fn word(&self) -> &str {
        &self.word
    }

    /// The word's band: a range (or one number) in the sense of
    /// docs/model.md section 6. Plain scoring takes its midpoint.
    ///
    /// ```
    /// let b = attrib::Scale::icd_203().find("likely").unwrap().band();
    /// assert_eq!(b.midpoint().get(), 0.675);
    /// ```
    pub fn band(&self) -> Estimate {
        self.band
    }
}

/// How a scale is named beside a word: the documents' names for the
/// built-in scales, the id for a declared one.
fn scale_name(id: &ScaleId) -> &str {
    match id.as_str() {
        ICD_203 => "ICD 203",
        KENT => "Kent",
        other => other,
    }
}

/// A probability as a band shows it: at least two decimals, more only
/// where the number has them (`0.05`, `0.20`, `0.875`).
pub(crate) fn band_number(x: f64) -> String {
    let two = format!("{x:.2}");
    if two.parse::<f64>() == Ok(x) {
        two
    } else {
        format!("{x}")
    }
}

/// `{"written", "word", "scale", "band"}`: the text as written, the
/// scale's word it matched, the scale's id, and the band (a number, or
/// `[low, high]`).
///
/// ```
/// let w = attrib::Scales::builtin().read("Likely", None)?;
/// assert_eq!(serde_json::to_value(&w).unwrap(), serde_json::json!({
///     "written": "Likely", "word": "likely", "scale": "icd-203", "band": [0.55, 0.8],
/// }));
/// # Ok::<(), attrib::Error>(())
/// ```
impl serde::Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Word", 4)?;
        st.serialize_field("written", &self.written)?;
        st.serialize_field("word", &self.word)?;
        st.serialize_field("scale", &self.scale)?;
        match self.band {
            Estimate::Point(p) => st.serialize_field("band", &p.get())?,
            Estimate::Range { low, high } => {
                st.serialize_field("band", &[low.get(), high.get()])?
            }
        }
        st.end()
    }
}

impl fmt::Display for Word {
    /// `very unlikely (ICD 203: 0.05-0.20)`; a one-number band shows the
    /// number alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (low, high) = self.band.bounds();
        write!(
            f,
            "{} ({}: {}",
            self.word,
            scale_name(&self.scale),
            band_number(low.get())
        )?;
        if self.band.is_range() {
            write!(f, "-{}", band_number(high.get()))?;
        }
        f.write_str(")")
    }
}

impl Scales {
    /// The built-in scales alone, `icd-203` the default.
    ///
    /// ```
    /// let s = attrib::Scales::builtin();
    /// assert_eq!(s.default_scale().as_str(), "icd-203");
    /// assert_eq!(s.iter().count(), 2);
    /// ```
    pub fn builtin() -> Scales {
        Scales {
            scales: vec![Scale::icd_203(), Scale::kent()],
            default: builtin_id(ICD_203),
        }
    }

    /// The built-in scales and `declared` ones, with `default` (or
    /// `icd-203` when `None`) as the scale of a word that names none.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) for a scale id
    /// declared twice or the id of a built-in scale;
    /// [`ErrorKind::UnknownScale`](crate::ErrorKind::UnknownScale) when
    /// `default` names no scale.
    ///
    /// ```
    /// use attrib::{Scale, Scales};
    /// use attrib::domain::ScaleId;
    ///
    /// let again = Scale::builder(ScaleId::new("kent")?, "again").build()?;
    /// let err = Scales::new(vec![again], None).unwrap_err();
    /// assert_eq!(err.to_string(), "case: scale id 'kent' appears more than once");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(declared: Vec<Scale>, default: Option<ScaleId>) -> Result<Scales, Error> {
        let mut all = Scales::builtin();
        for scale in declared {
            all.add(scale)?;
        }
        if let Some(default) = default {
            if all.get(default.as_str()).is_none() {
                return Err(unknown_scale(&Item::Case, "scale", default.as_str(), &all));
            }
            all.default = default;
        }
        Ok(all)
    }

    /// Adds a declared scale.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Duplicate`](crate::ErrorKind::Duplicate) when a scale of
    /// this id is there already.
    ///
    /// ```
    /// use attrib::{Scale, Scales};
    /// use attrib::domain::ScaleId;
    ///
    /// let mut s = Scales::builtin();
    /// let mine = Scale::builder(ScaleId::new("mine")?, "Mine").build()?;
    /// s.add(mine.clone())?;
    /// assert!(s.get("mine").is_some());
    /// assert!(s.add(mine).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn add(&mut self, scale: Scale) -> Result<(), Error> {
        if self.get(scale.id.as_str()).is_some() {
            return Err(Error::from(Detail::Duplicate {
                item: Item::Case,
                field: "scale id".into(),
                id: scale.id.to_string(),
            }));
        }
        self.scales.push(scale);
        Ok(())
    }

    /// Sets the default scale.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownScale`](crate::ErrorKind::UnknownScale) when no
    /// scale has this id.
    ///
    /// ```
    /// let mut s = attrib::Scales::builtin();
    /// s.set_default("kent")?;
    /// assert_eq!(s.read("probable", None)?.scale().as_str(), "kent");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn set_default(&mut self, id: &str) -> Result<(), Error> {
        match self.get(id) {
            Some(scale) => {
                self.default = scale.id.clone();
                Ok(())
            }
            None => Err(unknown_scale(&Item::Case, "scale", id, self)),
        }
    }

    /// The scale of this id.
    ///
    /// ```
    /// assert!(attrib::Scales::builtin().get("kent").is_some());
    /// ```
    pub fn get(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id.as_str() == id)
    }

    /// The default scale's id.
    ///
    /// ```
    /// assert_eq!(attrib::Scales::builtin().default_scale().as_str(), "icd-203");
    /// ```
    pub fn default_scale(&self) -> &ScaleId {
        &self.default
    }

    /// Every scale, the built-in ones first.
    ///
    /// ```
    /// let scales = attrib::Scales::builtin();
    /// let ids: Vec<&str> = scales.iter().map(|s| s.id().as_str()).collect();
    /// assert_eq!(ids, ["icd-203", "kent"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Scale> {
        self.scales.iter()
    }

    /// The scales declared beside the built-in ones.
    ///
    /// ```
    /// assert_eq!(attrib::Scales::builtin().declared().count(), 0);
    /// ```
    pub fn declared(&self) -> impl Iterator<Item = &Scale> {
        self.scales
            .iter()
            .filter(|s| !matches!(s.id.as_str(), ICD_203 | KENT))
    }

    /// Reads `text` as a word: `"very unlikely"` on `scale` (or the default
    /// scale when `None`), or `"kent: probable"` on the scale it names.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownScale`](crate::ErrorKind::UnknownScale) when the
    /// text names a scale that is not declared;
    /// [`ErrorKind::UnknownWord`](crate::ErrorKind::UnknownWord) when the
    /// scale has no such word: the message lists the scale's words and
    /// suggests the nearest when a typo is likely. Use
    /// [`read_at`](Scales::read_at) to name the item and field.
    ///
    /// ```
    /// let s = attrib::Scales::builtin();
    /// let err = s.read("very unlikly", None).unwrap_err();
    /// assert_eq!(err.kind(), attrib::ErrorKind::UnknownWord);
    /// assert!(err.to_string().contains("did you mean \"very unlikely\"?"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn read(&self, text: &str, scale: Option<&str>) -> Result<Word, Error> {
        self.read_at(text, scale, &Item::Value, "word")
    }

    /// [`read`](Scales::read), naming `item` and `field` in an error.
    ///
    /// # Errors
    ///
    /// As [`read`](Scales::read).
    ///
    /// ```
    /// use attrib::{Item, Scales};
    ///
    /// let err = Scales::builtin()
    ///     .read_at("kentt: probable", None, &Item::Evidence("e1".into()), "likelihood for 'isil'")
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "evidence 'e1': likelihood for 'isil' names scale 'kentt', which is not declared (scales: icd-203, kent)"
    /// );
    /// ```
    pub fn read_at(
        &self,
        text: &str,
        scale: Option<&str>,
        item: &Item,
        field: &str,
    ) -> Result<Word, Error> {
        let (scale_id, word_text) = match text.split_once(':') {
            Some((prefix, rest)) => (prefix.trim(), rest),
            None => (scale.unwrap_or(self.default.as_str()), text),
        };
        let Some(scale) = self.get(scale_id) else {
            return Err(unknown_scale(item, field, scale_id, self));
        };
        match scale.find(word_text) {
            Some(mut word) => {
                word.written = text.to_string();
                Ok(word)
            }
            None => Err(unknown_word(
                item,
                field,
                &scale.id,
                text,
                scale.word_list(),
            )),
        }
    }
}

fn unknown_scale(item: &Item, field: &str, scale: &str, scales: &Scales) -> Error {
    Error::from(Detail::UnknownScale {
        item: item.clone(),
        field: field.to_string(),
        scale: scale.to_string(),
        known: scales.scales.iter().map(|s| s.id.to_string()).collect(),
    })
}

fn unknown_word(
    item: &Item,
    field: &str,
    scale: &ScaleId,
    text: &str,
    words: Vec<String>,
) -> Error {
    let folded = fold(text.split_once(':').map_or(text, |(_, w)| w));
    let suggestion =
        crate::error::nearest(&folded, words.iter().map(String::as_str)).map(str::to_string);
    Error::from(Detail::UnknownWord {
        item: item.clone(),
        field: field.to_string(),
        scale: scale.to_string(),
        word: text.to_string(),
        words,
        suggestion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(s: &Scale, word: &str) -> (f64, f64) {
        let (low, high) = s.find(word).unwrap().band().bounds();
        (low.get(), high.get())
    }

    #[test]
    fn icd_203_bands_are_the_directives() {
        let icd = Scale::icd_203();
        // ICD 203 (2015), D.6.b(2)(a): 01-05 %, 05-20 %, 20-45 %, 45-55 %,
        // 55-80 %, 80-95 %, 95-99 %
        assert_eq!(bounds(&icd, "almost no chance"), (0.01, 0.05));
        assert_eq!(bounds(&icd, "remote"), (0.01, 0.05));
        assert_eq!(bounds(&icd, "very unlikely"), (0.05, 0.20));
        assert_eq!(bounds(&icd, "highly improbable"), (0.05, 0.20));
        assert_eq!(bounds(&icd, "unlikely"), (0.20, 0.45));
        assert_eq!(bounds(&icd, "improbable"), (0.20, 0.45));
        assert_eq!(bounds(&icd, "roughly even chance"), (0.45, 0.55));
        assert_eq!(bounds(&icd, "roughly even odds"), (0.45, 0.55));
        assert_eq!(bounds(&icd, "likely"), (0.55, 0.80));
        assert_eq!(bounds(&icd, "probable"), (0.55, 0.80));
        assert_eq!(bounds(&icd, "very likely"), (0.80, 0.95));
        assert_eq!(bounds(&icd, "highly probable"), (0.80, 0.95));
        assert_eq!(bounds(&icd, "almost certain"), (0.95, 0.99));
        assert_eq!(bounds(&icd, "nearly certain"), (0.95, 0.99));
        assert_eq!(icd.words().count(), 7);
    }

    #[test]
    fn kent_bands_are_kents() {
        // Kent (1964): 100 %; 93 +- 6; 75 +- 12; 50 +- 10; 30 +- 10; 7 +- 5; 0
        let kent = Scale::kent();
        assert_eq!(bounds(&kent, "certain"), (1.0, 1.0));
        assert_eq!(bounds(&kent, "almost certain"), (0.87, 0.99));
        assert_eq!(bounds(&kent, "probable"), (0.63, 0.87));
        assert_eq!(bounds(&kent, "chances about even"), (0.40, 0.60));
        assert_eq!(bounds(&kent, "probably not"), (0.20, 0.40));
        assert_eq!(bounds(&kent, "almost certainly not"), (0.02, 0.12));
        assert_eq!(bounds(&kent, "impossible"), (0.0, 0.0));
    }

    #[test]
    fn words_match_case_and_spaces_aside_and_keep_the_text() {
        let s = Scales::builtin();
        let w = s.read(" Very  Unlikely", None).unwrap();
        assert_eq!(w.word(), "very unlikely");
        assert_eq!(w.written(), " Very  Unlikely");
        let w = s.read("KENT:  Probably not", None).unwrap_err();
        // the scale prefix is an id, matched exactly
        assert_eq!(w.kind(), crate::ErrorKind::UnknownScale);
        let w = s.read("kent:  Probably not", None).unwrap();
        assert_eq!(w.scale().as_str(), "kent");
        assert_eq!(w.word(), "probably not");
        assert_eq!(w.to_string(), "probably not (Kent: 0.20-0.40)");
        assert_eq!(
            s.read("kent: impossible", None).unwrap().to_string(),
            "impossible (Kent: 0.00)"
        );
    }

    #[test]
    fn an_unknown_word_lists_the_scale_and_suggests_the_nearest() {
        let s = Scales::builtin();
        let err = s
            .read_at(
                "very unlikly",
                None,
                &Item::Evidence("e1".into()),
                "likelihood for 'isil'",
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "evidence 'e1': likelihood for 'isil' is \"very unlikly\", not a word of scale 'icd-203' \
             (its words: almost no chance, remote, very unlikely, highly improbable, unlikely, \
             improbable, roughly even chance, roughly even odds, likely, probable, very likely, \
             highly probable, almost certain, nearly certain); did you mean \"very unlikely\"?"
        );
        assert_eq!(err.field(), Some("likelihood for 'isil'"));
        // nothing near: no suggestion
        let err = s.read("kent: perhaps", None).unwrap_err();
        assert!(!err.to_string().contains("did you mean"), "{err}");
        assert!(
            err.to_string().contains("not a word of scale 'kent'"),
            "{err}"
        );
    }

    #[test]
    fn declared_scales_are_checked() {
        let id = |s: &str| ScaleId::new(s).unwrap();
        let b = || {
            Scale::builder(id("s"), "S").word("most likely", Estimate::range(0.8, 0.95).unwrap())
        };
        let p = Estimate::point(0.9).unwrap();
        assert_eq!(
            b().word(" Most likely ", p)
                .build()
                .unwrap_err()
                .to_string(),
            "scale 's': word ' Most likely ' appears more than once"
        );
        assert_eq!(
            b().synonym("MOST LIKELY", "most likely")
                .build()
                .unwrap_err()
                .kind(),
            crate::ErrorKind::Duplicate
        );
        assert!(b().word("a: b", p).build().is_err());
        assert!(b().word("  ", p).build().is_err());
        assert!(b().word("x\ty", p).build().is_err());
        assert_eq!(
            b().synonym("probably", "likely")
                .build()
                .unwrap_err()
                .kind(),
            crate::ErrorKind::UnknownWord
        );
        let s = b().build().unwrap();
        let twice = Scales::new(vec![s.clone(), s.clone()], None).unwrap_err();
        assert_eq!(twice.kind(), crate::ErrorKind::Duplicate);
        let unknown = Scales::new(vec![s.clone()], Some(id("t"))).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "case: scale names scale 't', which is not declared (scales: icd-203, kent, s)"
        );
        let scales = Scales::new(vec![s], Some(id("s"))).unwrap();
        assert_eq!(scales.declared().count(), 1);
        assert_eq!(
            scales.read("most likely", None).unwrap().scale().as_str(),
            "s"
        );
        assert_eq!(
            scales
                .read("most likely", Some("icd-203"))
                .unwrap_err()
                .kind(),
            crate::ErrorKind::UnknownWord
        );
    }

    #[test]
    fn band_numbers_keep_their_digits() {
        assert_eq!(band_number(0.05), "0.05");
        assert_eq!(band_number(0.2), "0.20");
        assert_eq!(band_number(0.875), "0.875");
        assert_eq!(band_number(1.0), "1.00");
    }
}
