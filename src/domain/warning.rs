//! Warnings: things worth a second look that are not errors.

use crate::domain::case::Case;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, HypothesisId, SourceId};
pub use crate::domain::part::CasePart;
use crate::domain::probability::{Estimate, Probability};
use crate::domain::source::SourceReliability;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Something in a case worth a second look, though it is not an error
/// (see [`Case::warnings`](crate::Case::warnings)).
///
/// # Example
///
/// ```
/// use attrib::Warning;
///
/// assert_eq!(
///     Warning::NoCatchAll.to_string(),
///     "no catch-all hypothesis (\"other / none of the above\"): the posterior assumes the list is exhaustive"
/// );
/// ```
///
/// # JSON
///
/// `{"kind": kind, "message": text}` and the ids of the variant: `kind` is
/// `no-catch-all`, `non-discriminating` (with `evidence`, an id),
/// `ungrouped-source` (with `source`, an id, and `evidence`, a list of
/// ids), `zero-prior-favoured` (with `hypothesis` and `evidence`, ids),
/// `low-threshold` (with `threshold`, a number), `large-text` (with the
/// id of the part it is about as in [`CasePart`], none for the case
/// itself, `field`, a [`TextField`], and `bytes`, a number),
/// `nothing-uncertain` or `few-draws` (with `draws`, a number); `message` is
/// the warning's text (its `Display`). Reading one back takes the kind and
/// the ids; the message, if any, is ignored.
///
/// ```
/// use attrib::{Case, Evidence, Warning};
///
/// let v = serde_json::to_value(Warning::NoCatchAll).unwrap();
/// assert_eq!(v["kind"], "no-catch-all");
/// assert_eq!(v["message"], Warning::NoCatchAll.to_string());
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("other", "Other")
///     .evidence(Evidence::builder("flat").likelihood("a", 0.5).likelihood("other", 0.5))
///     .build()?;
/// let w = &case.warnings()[0];
/// let v = serde_json::to_value(w).unwrap();
/// assert_eq!(v["kind"], "non-discriminating");
/// assert_eq!(v["evidence"], "flat");
/// let back: Warning = serde_json::from_value(v).unwrap();
/// assert_eq!(&back, w);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Warning {
    /// No hypothesis is a catch-all, so the posterior silently assumes the
    /// list of hypotheses is exhaustive. Add one, such as `other`.
    NoCatchAll,
    /// An item's likelihood is the same for every hypothesis: it cannot move
    /// the posterior, whatever it says.
    NonDiscriminating {
        /// The item.
        evidence: EvidenceId,
    },
    /// Several items come from one source and are in no group, so they count
    /// as independent. If they share an origin, put them in a group.
    UngroupedSource {
        /// The source.
        source: SourceId,
        /// Its items outside any group.
        evidence: Vec<EvidenceId>,
    },
    /// A hypothesis has prior 0, yet an item favours it (its likelihood is
    /// the item's largest, strictly above the item's smallest). A prior of
    /// 0 stays 0 whatever the evidence says; if the item can favour the
    /// hypothesis, give it a small prior rather than none.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .prior("a", 0.0).prior("other", 1.0)
    ///     .evidence(Evidence::builder("seen").likelihood("a", 0.9).likelihood("other", 0.1))
    ///     .build()?;
    /// let w = case.warnings();
    /// assert!(matches!(&w[0], Warning::ZeroPriorFavoured { hypothesis, evidence }
    ///     if hypothesis.as_str() == "a" && evidence.as_str() == "seen"));
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "hypothesis 'a': prior 0, yet evidence 'seen' favours it; a prior of 0 stays 0 whatever the evidence says"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    ZeroPriorFavoured {
        /// The hypothesis with prior 0.
        hypothesis: HypothesisId,
        /// The first item that favours it.
        evidence: EvidenceId,
    },
    /// The threshold for an attribution is below 0.5: a leader can be
    /// attributed while another hypothesis is as probable as not (and a
    /// threshold of 0 attributes any unique leader).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .threshold(0.3)
    ///     .build()?;
    /// let w = case.warnings();
    /// assert!(matches!(&w[0], Warning::LowThreshold { threshold } if threshold.get() == 0.3));
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "threshold 0.3 is below 0.5: a leader can be attributed though it is not more probable than not (a threshold of 0 attributes any unique leader)"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    LowThreshold {
        /// The case's threshold.
        threshold: Probability,
    },
    /// A text field is longer than [`Warning::LARGE_TEXT_BYTES`] (64 KiB)
    /// in UTF-8: an item's description, rationale or `sources`, a label, a
    /// perspective's rationale, the case's title... For `sources`, a list,
    /// `bytes` is the total of its entries. Nothing is wrong with the
    /// numbers, but such a text is seldom meant (a whole document pasted
    /// into a field) and every report prints it in full. Check it; cite a
    /// long document in `sources` by its reference instead.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::domain::{CasePart, TextField};
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.8).likelihood("other", 0.2)
    ///         .rationale("x".repeat(100_000)))
    ///     .build()?;
    /// let w = case.warnings();
    /// assert_eq!(w, [Warning::LargeText {
    ///     item: CasePart::Evidence("e1".try_into()?),
    ///     field: TextField::Rationale,
    ///     bytes: 100_000,
    /// }]);
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "evidence 'e1': rationale is 100000 bytes long, more than 65536 (64 KiB); reports print it in full, so check that it is the text meant, not a whole document pasted in"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    LargeText {
        /// The case, or the hypothesis, item, source, group or perspective
        /// whose field it is.
        #[serde(flatten)]
        item: CasePart,
        /// The field.
        field: TextField,
        /// Its length in bytes (UTF-8); for `sources`, of all its entries.
        bytes: usize,
    },
    /// Two ids of one kind look alike: their confusable skeletons (Unicode
    /// Technical Standard #39) are equal, as Latin `isil` and `іsil` with
    /// a Cyrillic `і` are, so a reader cannot tell them apart in a table
    /// or a chart. JSON: `look-alike`, the id under its kind's name as in
    /// [`CasePart`], and `like`, the earlier id's [`CasePart`].
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("isil", "ISIL").hypothesis("\u{456}sil", "Someone else")
    ///     .hypothesis("other", "Other")
    ///     .build()?;
    /// let w = case.warnings();
    /// assert!(matches!(&w[0], Warning::LookAlike { .. }));
    /// assert_eq!(
    ///     w[0].to_string(),
    ///     "hypothesis '\u{456}sil' looks like hypothesis 'isil' (their Unicode confusable skeletons are equal); rename one so that a reader can tell them apart"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    LookAlike {
        /// The later id.
        #[serde(flatten)]
        item: CasePart,
        /// The earlier id it looks like.
        like: CasePart,
    },
    /// Nothing in the case is uncertain: no likelihood or reliability is a
    /// range, no concentration applies, the prior is not drawn. Every
    /// Monte Carlo draw is then the case as written, so the share of draws
    /// in which the verdict holds is 100 % (or 0 %) by construction, not a
    /// sign of robustness. Given by [`Case::draw_warnings`] and `attrib
    /// check`, not by [`Case::warnings`].
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("other", 0.1))
    ///     .build()?;
    /// assert!(!case.is_uncertain());
    /// assert_eq!(case.draw_warnings(10_000), [Warning::NothingUncertain]);
    /// assert!(Warning::NothingUncertain.to_string().contains("100 % (or 0 %) by construction"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    NothingUncertain,
    /// A Monte Carlo run has fewer than [`Warning::MIN_DRAWS`] (100) draws,
    /// too few for the 5 % and 95 % quantiles a report shows: with fewer
    /// than 20 draws the 5 % quantile is the smallest draw itself. Given by
    /// [`Case::draw_warnings`].
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .likelihood_concentration(20.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("other", 0.1))
    ///     .build()?;
    /// assert_eq!(case.draw_warnings(1), [Warning::FewDraws { draws: 1 }]);
    /// assert_eq!(
    ///     Warning::FewDraws { draws: 1 }.to_string(),
    ///     "1 Monte Carlo draws are too few for the 5 % and 95 % quantiles shown; use at least 100"
    /// );
    /// assert!(case.draw_warnings(100).is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    FewDraws {
        /// The number of draws.
        draws: usize,
    },
}

impl Warning {
    /// The length in bytes (UTF-8) above which a text field gets a
    /// [`Warning::LargeText`]: 64 KiB, 65 536 bytes. A field of exactly
    /// this length does not.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Warning};
    ///
    /// let at = |n: usize| Case::builder()
    ///     .title("t".repeat(n))
    ///     .hypothesis("a", "A").hypothesis("other", "Other")
    ///     .build();
    /// assert!(at(Warning::LARGE_TEXT_BYTES)?.warnings().is_empty());
    /// assert_eq!(at(Warning::LARGE_TEXT_BYTES + 1)?.warnings().len(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub const LARGE_TEXT_BYTES: usize = 64 * 1024;

    /// The fewest Monte Carlo draws without a [`Warning::FewDraws`]: 100.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::Warning;
    ///
    /// assert_eq!(Warning::MIN_DRAWS, 100);
    /// ```
    pub const MIN_DRAWS: usize = 100;
}

/// A text field, named as the case file names it (see
/// [`Warning::LargeText`]).
///
/// # Example
///
/// ```
/// use attrib::domain::TextField;
///
/// assert_eq!(TextField::Rationale.to_string(), "rationale");
/// // an item's public references are `sources` in the case file
/// assert_eq!(TextField::References.to_string(), "sources");
/// assert_eq!(serde_json::to_value(TextField::References).unwrap(), "sources");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TextField {
    /// The case's `title`.
    Title,
    /// The case's `date`.
    Date,
    /// The case's `place`.
    Place,
    /// The `label` of a hypothesis, source, group or perspective.
    Label,
    /// An item's `description`.
    Description,
    /// The `rationale` of an item or a perspective.
    Rationale,
    /// The public references of an item or a perspective, `sources` in the
    /// case file ([`Evidence::references`](crate::Evidence::references),
    /// [`Perspective::references`](crate::Perspective::references)).
    #[serde(rename = "sources")]
    References,
}

impl TextField {
    /// The field's name in the case file.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(attrib::domain::TextField::Description.name(), "description");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Date => "date",
            TextField::Place => "place",
            TextField::Label => "label",
            TextField::Description => "description",
            TextField::Rationale => "rationale",
            TextField::References => "sources",
        }
    }
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Case {
    /// Things worth a second look that are not errors (docs/model.md section 1
    /// and issue #2): no catch-all hypothesis; an item whose likelihoods are
    /// equal for every hypothesis, so it cannot discriminate; several items
    /// of one source outside any group, so they count as independent; a
    /// hypothesis with prior 0 that an item favours, which no evidence can
    /// raise; a threshold below 0.5; a text field longer than 64 KiB
    /// ([`Warning::LARGE_TEXT_BYTES`]). See [`Warning`] for each.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("flat").likelihood("a", 0.3).likelihood("b", 0.3))
    ///     .build()?;
    /// let w = case.warnings();
    /// assert_eq!(w.len(), 2);
    /// assert!(matches!(w[0], Warning::NoCatchAll));
    /// assert_eq!(w[1].to_string(), "evidence 'flat': the likelihood is the same for every hypothesis, so the item cannot discriminate");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        if !self.hypotheses.iter().any(Hypothesis::is_catch_all) {
            out.push(Warning::NoCatchAll);
        }
        for e in self.evidence.iter() {
            let first = e.fields.likelihoods.first().copied();
            if let Some(first) = first
                && e.fields.likelihoods.iter().all(|l| *l == first)
            {
                out.push(Warning::NonDiscriminating {
                    evidence: e.id.clone(),
                });
            }
        }
        for (h, hypothesis) in self.hypotheses.iter().enumerate() {
            if self.prior.probabilities()[h].get() != 0.0 {
                continue;
            }
            let favours = self.evidence.iter().find(|e| {
                let mid: Vec<f64> = e
                    .fields
                    .likelihoods
                    .iter()
                    .map(|l| l.midpoint().get())
                    .collect();
                let largest = mid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let smallest = mid.iter().copied().fold(f64::INFINITY, f64::min);
                mid.get(h).is_some_and(|&l| l == largest && l > smallest)
            });
            if let Some(e) = favours {
                out.push(Warning::ZeroPriorFavoured {
                    hypothesis: hypothesis.id.clone(),
                    evidence: e.id.clone(),
                });
            }
        }
        if self.threshold().get() < 0.5 {
            out.push(Warning::LowThreshold {
                threshold: self.threshold(),
            });
        }
        // Each source's ungrouped items.
        let ungrouped = self.items_by_source(|e| e.fields.group.is_none());
        for (s, items) in self.sources.iter().zip(ungrouped.iter()) {
            if items.len() >= 2 {
                out.push(Warning::UngroupedSource {
                    source: s.id.clone(),
                    evidence: items
                        .iter()
                        .filter_map(|&i| self.evidence.get(i).map(|e| e.id.clone()))
                        .collect(),
                });
            }
        }
        out.extend(large_texts(self));
        out.extend(
            crate::domain::lookalike::look_alikes(self)
                .into_iter()
                .map(|(item, like)| Warning::LookAlike { item, like }),
        );
        out
    }
}

impl Case {
    /// Whether a Monte Carlo draw can differ from the case as written
    /// (docs/model.md section 6): some likelihood, item reliability or
    /// source reliability an item uses is a range, or a likelihood strictly
    /// between 0 and 1 has a concentration (its own or the case's), or the
    /// prior has a concentration.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence};
    ///
    /// let certain = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert!(!certain.is_uncertain());
    /// let ranged = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood_range("a", 0.8, 0.95).likelihood("b", 0.1))
    ///     .build()?;
    /// assert!(ranged.is_uncertain());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn is_uncertain(&self) -> bool {
        let ranged = |e: &Estimate| matches!(e, Estimate::Range { low, high } if low < high);
        if self.uncertainty.prior_concentration.is_some() {
            return true;
        }
        self.evidence.iter().enumerate().any(|(i, e)| {
            let concentration = e
                .concentration
                .or(self.uncertainty.likelihood_concentration)
                .is_some();
            let likelihood = e.fields.likelihoods.iter().any(|l| {
                ranged(l)
                    || (concentration
                        && matches!(l, Estimate::Point(p) if p.get() > 0.0 && p.get() < 1.0))
            });
            let reliability = match &e.fields.reliability {
                Some(r) => ranged(r),
                None => self.source_of(i).is_some_and(
                    |s| matches!(&s.grading, Some(SourceReliability::Value(r)) if ranged(r)),
                ),
            };
            // a word on chance or observed is a band, drawn in Monte Carlo
            let band = [&e.fields.chance, &e.fields.observed]
                .into_iter()
                .any(|x| x.as_ref().is_some_and(ranged));
            likelihood || reliability || band
        })
    }

    /// The warnings of a Monte Carlo run of `draws` draws over the case:
    /// [`Warning::NothingUncertain`] when nothing in it is
    /// ([`Case::is_uncertain`]), else [`Warning::FewDraws`] when `draws` is
    /// below [`Warning::MIN_DRAWS`]. Reports add them to
    /// [`Case::warnings`].
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{Case, Evidence, Warning};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .prior_concentration(50.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert_eq!(case.draw_warnings(10), [Warning::FewDraws { draws: 10 }]);
    /// assert!(case.draw_warnings(10_000).is_empty());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn draw_warnings(&self, draws: usize) -> Vec<Warning> {
        if !self.is_uncertain() {
            vec![Warning::NothingUncertain]
        } else if draws < Warning::MIN_DRAWS {
            vec![Warning::FewDraws { draws }]
        } else {
            Vec::new()
        }
    }
}

/// A [`Warning::LargeText`] for every text field of `case` longer than
/// [`Warning::LARGE_TEXT_BYTES`], in the order of the case file: the case's
/// own fields, then hypotheses, sources, groups, evidence and
/// perspectives, each in its fields' order.
pub(crate) fn large_texts(case: &Case) -> Vec<Warning> {
    let mut out = Vec::new();
    // The part is named (its id copied) only for a field that is large.
    let mut check = |item: &dyn Fn() -> CasePart, field: TextField, bytes: usize| {
        if bytes > Warning::LARGE_TEXT_BYTES {
            out.push(Warning::LargeText {
                item: item(),
                field,
                bytes,
            });
        }
    };
    let len = |text: &Option<String>| text.as_deref().map_or(0, str::len);
    let total = |texts: &[String]| texts.iter().map(String::len).sum::<usize>();
    let whole = || CasePart::Case;
    check(&whole, TextField::Title, len(&case.title));
    check(&whole, TextField::Date, len(&case.date));
    check(&whole, TextField::Place, len(&case.place));
    for h in &case.hypotheses {
        check(
            &|| CasePart::Hypothesis(h.id.clone()),
            TextField::Label,
            h.label.len(),
        );
    }
    for s in &case.sources {
        check(
            &|| CasePart::Source(s.id.clone()),
            TextField::Label,
            len(&s.label),
        );
    }
    for g in &case.groups {
        check(
            &|| CasePart::Group(g.id.clone()),
            TextField::Label,
            len(&g.label),
        );
    }
    for e in case.evidence.iter() {
        let item = || CasePart::Evidence(e.id.clone());
        check(&item, TextField::Description, e.fields.description.len());
        check(&item, TextField::Rationale, len(&e.fields.rationale));
        check(&item, TextField::References, total(&e.fields.references));
    }
    for p in &case.perspectives {
        let item = || CasePart::Perspective(p.id.clone());
        check(&item, TextField::Label, len(&p.label));
        check(&item, TextField::Rationale, len(&p.rationale));
        check(&item, TextField::References, total(&p.references));
    }
    out
}

// A `Probability` is never NaN, so equality is an equivalence.
impl Eq for Warning {}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoCatchAll => f.write_str(
                "no catch-all hypothesis (\"other / none of the above\"): the posterior assumes the list is exhaustive",
            ),
            Warning::NonDiscriminating { evidence } => write!(
                f,
                "evidence '{evidence}': the likelihood is the same for every hypothesis, so the item cannot discriminate"
            ),
            Warning::UngroupedSource { source, evidence } => {
                let items: Vec<String> = evidence.iter().map(|e| format!("'{e}'")).collect();
                write!(
                    f,
                    "source '{source}': {} items ({}) are in no group and count as independent; group them if they share an origin",
                    evidence.len(),
                    items.join(", ")
                )
            }
            Warning::ZeroPriorFavoured {
                hypothesis,
                evidence,
            } => write!(
                f,
                "hypothesis '{hypothesis}': prior 0, yet evidence '{evidence}' favours it; a prior of 0 stays 0 whatever the evidence says"
            ),
            Warning::LowThreshold { threshold } => write!(
                f,
                "threshold {threshold} is below 0.5: a leader can be attributed though it is not more probable than not (a threshold of 0 attributes any unique leader)"
            ),
            Warning::LargeText { item, field, bytes } => write!(
                f,
                "{item}: {field} is {bytes} bytes long, more than {} (64 KiB); reports print it in full, so check that it is the text meant, not a whole document pasted in",
                Warning::LARGE_TEXT_BYTES
            ),
            Warning::LookAlike { item, like } => write!(
                f,
                "{item} looks like {like} (their Unicode confusable skeletons are equal); rename one so that a reader can tell them apart"
            ),
            Warning::NothingUncertain => f.write_str(
                "nothing in the case is uncertain (no range, no concentration): every Monte Carlo draw is the case as written, so the share in which the verdict holds is 100 % (or 0 %) by construction, not a sign of robustness",
            ),
            Warning::FewDraws { draws } => write!(
                f,
                "{draws} Monte Carlo draws are too few for the 5 % and 95 % quantiles shown; use at least {}",
                Warning::MIN_DRAWS
            ),
        }
    }
}

/// A warning as written: its kind and ids (borrowed), and its message.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Written<'a> {
    NoCatchAll {
        message: String,
    },
    NonDiscriminating {
        evidence: &'a EvidenceId,
        message: String,
    },
    UngroupedSource {
        source: &'a SourceId,
        evidence: &'a [EvidenceId],
        message: String,
    },
    ZeroPriorFavoured {
        hypothesis: &'a HypothesisId,
        evidence: &'a EvidenceId,
        message: String,
    },
    LowThreshold {
        threshold: Probability,
        message: String,
    },
    LargeText {
        #[serde(flatten)]
        item: &'a CasePart,
        field: TextField,
        bytes: usize,
        message: String,
    },
    LookAlike {
        #[serde(flatten)]
        item: &'a CasePart,
        like: &'a CasePart,
        message: String,
    },
    NothingUncertain {
        message: String,
    },
    FewDraws {
        draws: usize,
        message: String,
    },
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let message = self.to_string();
        match self {
            Warning::NoCatchAll => Written::NoCatchAll { message },
            Warning::NonDiscriminating { evidence } => {
                Written::NonDiscriminating { evidence, message }
            }
            Warning::UngroupedSource { source, evidence } => Written::UngroupedSource {
                source,
                evidence,
                message,
            },
            Warning::ZeroPriorFavoured {
                hypothesis,
                evidence,
            } => Written::ZeroPriorFavoured {
                hypothesis,
                evidence,
                message,
            },
            Warning::LowThreshold { threshold } => Written::LowThreshold {
                threshold: *threshold,
                message,
            },
            Warning::LargeText { item, field, bytes } => Written::LargeText {
                item,
                field: *field,
                bytes: *bytes,
                message,
            },
            Warning::LookAlike { item, like } => Written::LookAlike {
                item,
                like,
                message,
            },
            Warning::NothingUncertain => Written::NothingUncertain { message },
            Warning::FewDraws { draws } => Written::FewDraws {
                draws: *draws,
                message,
            },
        }
        .serialize(s)
    }
}
