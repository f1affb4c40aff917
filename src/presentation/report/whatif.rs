//! The interactive what-if page (features `plot` and `json`): the static
//! HTML report with a panel on top whose controls (trust in each source,
//! each item on, off or discounted, a perspective, the standard of proof)
//! rescore the case in the browser as they move.
//!
//! The page embeds the case as the library resolved it ([`WhatIf`], as
//! JSON) and one script, `whatif.js`, written once in the crate and the
//! same in every page: it scores with the model's arithmetic
//! (docs/model.md sections 2-5) in double precision, in log space, in the
//! order the library's kernel uses, so that it agrees with
//! [`Case::score`] to about 1e-12 (tested to 1e-9 in headless Chromium).
//! Without JavaScript the page is the static report.
//!
//! ```
//! use attrib::{Case, Evidence, report::whatif::WhatIf};
//!
//! let case = Case::builder()
//!     .hypothesis("a", "A").hypothesis("b", "B")
//!     .source("intel", "Intelligence", 0.9)
//!     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).source("intel"))
//!     .build()?;
//! let page = WhatIf::new(&case)?;
//! assert_eq!(page.perspectives[0].id, "base");
//! assert_eq!(page.sources[0].reliability, 0.9);
//! assert!((page.posterior[0] - case.score()?.probability("a").unwrap().get()).abs() == 0.0);
//! # Ok::<(), attrib::Error>(())
//! ```

use crate::domain::case::Case;
use crate::domain::evidence::Credibility;
use crate::domain::perspective::BASE;
use crate::domain::source::SourceReliability;
use crate::error::Error;
use serde::Serialize;
use std::collections::HashMap;

/// The scoring engine and the controls of the page, the same in every
/// page.
#[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))] // the page is the Report's (monte-carlo)
const SCRIPT: &str = include_str!("whatif.js");

/// The panel's stylesheet, screen and print.
#[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))] // the page is the Report's (monte-carlo)
const STYLE: &str = include_str!("whatif.css");

/// The label of the case as written in the perspective selector.
const BASE_LABEL: &str = "the case as written";

/// What the what-if page knows of a case: the case as the library resolved
/// it (codebook kinds, Admiralty grades and ranges turned into the numbers
/// plain scoring uses), its perspectives as absolute discounts, each
/// source's break-even discount from each perspective, and the library's
/// own posterior, so the page shows the library's numbers before any
/// control moves.
///
/// Serialised to JSON, it is the data block of the page; its field names
/// are that JSON's.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, Perspective, report::whatif::{Standard, WhatIf}};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .source("intel", "Intelligence", 1.0).threshold(0.9)
///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
///     .perspective(Perspective::builder("doubt").discount_source("intel", 0.5))
///     .build()?;
/// let page = WhatIf::new(&case)?.standards(vec![Standard::new("high", "High confidence", 0.9)]);
/// // base, then each perspective, each with its discounts as absolute values
/// assert_eq!(page.perspectives[1].sources, [("intel".to_string(), 0.5)]);
/// // the source's break-even discount (posterior (1 + d) / 2 reaches 0.9 at d = 0.8)
/// let d = page.perspectives[0].break_even[0].1.unwrap();
/// assert!((d - 0.8).abs() < 1e-6);
/// let json = page.to_json();
/// assert!(json.contains("\"standards\":[{\"id\":\"high\""));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct WhatIf {
    /// The case's title, if any.
    pub title: Option<String>,
    /// `mixture` or `tempered` (docs/model.md section 2, step 1).
    pub weighting: String,
    /// The hypotheses, in the case's order (every vector below follows it).
    pub hypotheses: Vec<PageHypothesis>,
    /// The sources, in the case's order.
    pub sources: Vec<PageSource>,
    /// The dependence groups that have items.
    pub groups: Vec<PageGroup>,
    /// The evidence items, in the case's order.
    pub items: Vec<PageItem>,
    /// `base` (the case as written), then each perspective of the case.
    pub perspectives: Vec<PagePerspective>,
    /// Named standards of proof the threshold control marks: the case's
    /// own (`Case::standards`), or those given with [`WhatIf::standards`].
    pub standards: Vec<Standard>,
    /// The perspective selected when the page opens (`base` by default).
    pub initial: String,
    /// The library's posterior of the case as written, one per hypothesis.
    pub posterior: Vec<f64>,
}

/// A hypothesis of the page.
///
/// # Example
///
/// ```
/// # use attrib::{Case, report::whatif::WhatIf};
/// let case = Case::builder().hypothesis("a", "Alpha").hypothesis("b", "Beta").build()?;
/// assert_eq!(WhatIf::new(&case)?.hypotheses[0].label, "Alpha");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PageHypothesis {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
}

/// A source of the page: its reliability as scored and its grade as
/// written.
///
/// # Example
///
/// ```
/// # use attrib::{Case, SourceGrade, report::whatif::WhatIf};
/// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///     .source_grade("w", "Witnesses", SourceGrade::C).build()?;
/// let s = &WhatIf::new(&case)?.sources[0];
/// assert_eq!((s.grade.as_deref(), s.reliability), (Some("C"), 0.675));
/// assert_eq!(s.grade_words.as_deref(), Some("fairly reliable"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PageSource {
    /// Its id.
    pub id: String,
    /// Its label, or "".
    pub label: String,
    /// The reliability plain scoring uses (the midpoint of a range, or the
    /// Admiralty letter's number), before any discount.
    pub reliability: f64,
    /// The Admiralty letter as written, if the source is graded by one.
    pub grade: Option<String>,
    /// The letter's words ("usually reliable"), if graded by one.
    pub grade_words: Option<String>,
}

/// A dependence group of the page (docs/model.md section 2, step 3).
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, report::whatif::WhatIf};
/// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///     .group("g", 0.5)
///     .evidence(Evidence::builder("y").likelihood("a", 0.9).likelihood("b", 0.1).group("g"))
///     .evidence(Evidence::builder("x").likelihood("a", 0.8).likelihood("b", 0.2).group("g"))
///     .build()?;
/// let g = &WhatIf::new(&case)?.groups[0];
/// // members in id order (x, then y), which breaks ties between equal penalties
/// assert_eq!((g.correlation, g.members.as_slice()), (0.5, &[1, 0][..]));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PageGroup {
    /// Its id.
    pub id: String,
    /// Its correlation `rho`.
    pub correlation: f64,
    /// Its items, as positions in [`WhatIf::items`], sorted by item id.
    pub members: Vec<usize>,
}

/// An evidence item of the page, with what scoring needs of it.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, report::whatif::WhatIf};
/// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///     .source("s", "S", 0.8)
///     .evidence(Evidence::builder("e").likelihood_range("a", 0.8, 1.0).likelihood("b", 0.1)
///         .source("s").credibility(0.5).observed(0.9))
///     .build()?;
/// let e = &WhatIf::new(&case)?.items[0];
/// assert!((e.likelihoods[0] - 0.9).abs() < 1e-15);
/// assert_eq!((e.base_reliability, e.source, e.observed), (0.4, Some(0), Some(0.9)));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PageItem {
    /// Its id.
    pub id: String,
    /// Its description.
    pub description: String,
    /// Its kind, if any (a label).
    pub kind: Option<String>,
    /// The likelihoods as scored (midpoints of ranges), one per hypothesis.
    pub likelihoods: Vec<f64>,
    /// Its chance, when given (otherwise the mean of the likelihoods).
    pub chance: Option<f64>,
    /// Its `observed` confidence, when given.
    pub observed: Option<f64>,
    /// Its source, as a position in [`WhatIf::sources`].
    pub source: Option<usize>,
    /// Its own reliability (midpoint), when given.
    pub own_reliability: Option<f64>,
    /// Its credibility as a number, when given.
    pub credibility: Option<f64>,
    /// Its credibility's Admiralty digit, when given as one.
    pub credibility_grade: Option<u8>,
    /// Its group, as a position in [`WhatIf::groups`].
    pub group: Option<usize>,
    /// Its reliability before any discount: its own, or its source's (1
    /// without one) times its credibility (1 without one). Scoring takes
    /// `base_reliability x source discount x item discount`, clamped to
    /// `0..=1`.
    pub base_reliability: f64,
}

/// A perspective of the page: what choosing it sets the controls to.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Evidence, Perspective, report::whatif::WhatIf};
/// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1).discount(0.5))
///     .perspective(Perspective::builder("p").discount_evidence("e", 0.5).threshold(0.8))
///     .build()?;
/// let page = WhatIf::new(&case)?;
/// assert_eq!(page.perspectives[0].items, [("e".to_string(), 0.5)]);
/// // the perspective's factor multiplies the item's own discount
/// assert_eq!(page.perspectives[1].items, [("e".to_string(), 0.25)]);
/// assert_eq!(page.perspectives[1].threshold, 0.8);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PagePerspective {
    /// Its id (`base` for the case as written).
    pub id: String,
    /// Its label.
    pub label: String,
    /// The discount of every source it leaves below 1, as the source's
    /// absolute discount (the case's own times the perspective's factor).
    pub sources: Vec<(String, f64)>,
    /// The discount of every item it leaves below 1, absolute (the item's
    /// own times the perspective's factors for the item and its kind).
    pub items: Vec<(String, f64)>,
    /// Its prior, ln probabilities, one per hypothesis (`null` for a
    /// hypothesis with a prior of 0).
    pub ln_prior: Vec<Option<f64>>,
    /// Its prior, probabilities.
    pub prior: Vec<f64>,
    /// Whether it sets a prior of its own.
    pub sets_prior: bool,
    /// Its threshold.
    pub threshold: f64,
    /// Every source's break-even discount from this perspective
    /// ([`BreakEven::every_source`](crate::BreakEven::every_source)); `None` where no discount changes
    /// the verdict.
    pub break_even: Vec<(String, Option<f64>)>,
    /// The library's posterior from it, one per hypothesis.
    pub posterior: Vec<f64>,
}

/// A named standard of proof: a threshold with a name, such as "reasonable
/// grounds" at 0.5.
///
/// # Example
///
/// ```
/// use attrib::report::whatif::Standard;
///
/// let s = Standard::new("almost-certain", "Almost certain (ICD 203)", 0.95);
/// assert_eq!((s.id.as_str(), s.threshold), ("almost-certain", 0.95));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Standard {
    /// Its id.
    pub id: String,
    /// Its name as shown.
    pub label: String,
    /// Its threshold.
    pub threshold: f64,
}

impl Standard {
    /// A named standard.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::report::whatif::Standard;
    /// assert_eq!(Standard::new("rg", "Reasonable grounds", 0.5).label, "Reasonable grounds");
    /// ```
    pub fn new(id: impl Into<String>, label: impl Into<String>, threshold: f64) -> Standard {
        Standard {
            id: id.into(),
            label: label.into(),
            threshold,
        }
    }
}

impl WhatIf {
    /// The page's data for `case` (as written, with its perspectives).
    ///
    /// # Errors
    ///
    /// What scoring the case or one of its perspectives fails with (such
    /// as [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory)).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Evidence, report::whatif::WhatIf};
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// let page = WhatIf::new(&case)?;
    /// assert_eq!((page.items.len(), page.initial.as_str()), (1, "base"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn new(case: &Case) -> Result<WhatIf, Error> {
        let sources = case
            .sources()
            .iter()
            .map(|s| {
                let grade = match s.grading() {
                    Some(SourceReliability::Grade(g)) => Some(g),
                    _ => None,
                };
                PageSource {
                    id: s.id().to_string(),
                    label: s.label().unwrap_or_default().to_string(),
                    reliability: s.reliability().get(),
                    grade: grade.map(|g| g.to_string()),
                    grade_words: grade.map(|g| g.words().to_string()),
                }
            })
            .collect();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); case.groups().len()];
        let group_at: HashMap<&str, usize> = case
            .groups()
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id().as_str(), i))
            .collect();
        for (i, e) in case.evidence().iter().enumerate() {
            if let Some(list) = e
                .group()
                .and_then(|g| group_at.get(g.as_str()))
                .and_then(|&g| members.get_mut(g))
            {
                list.push(i);
            }
        }
        // Only groups with items, as scoring sees them; items in id order.
        let mut groups = Vec::new();
        let mut page_group: Vec<Option<usize>> = vec![None; case.groups().len()];
        for (g, (group, mut items)) in case.groups().iter().zip(members).enumerate() {
            if items.is_empty() {
                continue;
            }
            items.sort_by(|&a, &b| {
                let id = |i: usize| case.evidence().get(i).map_or("", |e| e.id().as_str());
                id(a).cmp(id(b))
            });
            if let Some(slot) = page_group.get_mut(g) {
                *slot = Some(groups.len());
            }
            groups.push(PageGroup {
                id: group.id().to_string(),
                correlation: group.correlation().get(),
                members: items,
            });
        }
        let items = case
            .evidence()
            .iter()
            .map(|e| {
                let source = e.source_at;
                let own = e.reliability().map(|r| r.midpoint().get());
                let credibility = e.credibility().map(|c| c.value().get());
                let base_reliability = own.unwrap_or_else(|| {
                    source
                        .and_then(|s| case.sources().get(s))
                        .map_or(1.0, |s| s.reliability().get())
                        * credibility.unwrap_or(1.0)
                });
                PageItem {
                    id: e.id().to_string(),
                    description: e.description().to_string(),
                    kind: e.kind().map(|k| k.to_string()),
                    likelihoods: e.likelihoods().iter().map(|l| l.midpoint().get()).collect(),
                    chance: e.chance().map(|c| c.midpoint().get()),
                    observed: e.observed().map(|q| q.midpoint().get()),
                    source,
                    own_reliability: own,
                    credibility,
                    credibility_grade: match e.credibility() {
                        Some(Credibility::Grade(g)) => Some(g.digit()),
                        _ => None,
                    },
                    group: e
                        .group()
                        .and_then(|g| group_at.get(g.as_str()))
                        .and_then(|&g| page_group.get(g).copied().flatten()),
                    base_reliability,
                }
            })
            .collect();
        let mut perspectives = vec![view(BASE, BASE_LABEL, case, false)?];
        for p in case.perspectives() {
            let seen = case.perspective(p.id())?;
            perspectives.push(view(
                p.id().as_str(),
                p.label().unwrap_or_default(),
                &seen,
                p.prior().is_some(),
            )?);
        }
        let posterior = perspectives
            .first()
            .map(|b| b.posterior.clone())
            .unwrap_or_default();
        Ok(WhatIf {
            title: case.title().map(str::to_string),
            weighting: case.weighting().to_string(),
            hypotheses: case
                .hypotheses()
                .iter()
                .map(|h| PageHypothesis {
                    id: h.id().to_string(),
                    label: h.label().to_string(),
                })
                .collect(),
            sources,
            groups,
            items,
            perspectives,
            // the case's named standards of proof (docs/model.md section 11,
            // extension), which the threshold control marks
            standards: case
                .standards()
                .iter()
                .map(|s| Standard {
                    id: s.id().to_string(),
                    label: s.label().unwrap_or(s.id()).to_string(),
                    threshold: s.threshold().get(),
                })
                .collect(),
            initial: BASE.to_string(),
            posterior,
        })
    }

    /// Sets the named standards of proof the threshold control marks
    /// (default none).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::whatif::{Standard, WhatIf}};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let page = WhatIf::new(&case)?.standards(vec![Standard::new("rg", "Reasonable grounds", 0.5)]);
    /// assert_eq!(page.standards.len(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn standards(mut self, standards: Vec<Standard>) -> WhatIf {
        self.standards = standards;
        self
    }

    /// Selects a perspective when the page opens (default `base`); an id
    /// the case does not have leaves `base`.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Perspective, report::whatif::WhatIf};
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .perspective(Perspective::builder("strict").threshold(0.99)).build()?;
    /// assert_eq!(WhatIf::new(&case)?.initial("strict").initial, "strict");
    /// assert_eq!(WhatIf::new(&case)?.initial("nobody").initial, "base");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn initial(mut self, perspective: impl AsRef<str>) -> WhatIf {
        let id = perspective.as_ref();
        if self.perspectives.iter().any(|p| p.id == id) {
            self.initial = id.to_string();
        }
        self
    }

    /// The data as JSON that can sit inside an HTML or XHTML `<script>`
    /// element: `<`, `>` and `&` are written as `\u003c`, `\u003e` and
    /// `\u0026` (the same JSON value), so no text of the case can close
    /// the element.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, report::whatif::WhatIf};
    /// let case = Case::builder().title("</script> & co").hypothesis("a", "A").hypothesis("b", "B").build()?;
    /// let json = WhatIf::new(&case)?.to_json();
    /// assert!(json.contains(r#""title":"\u003c/script\u003e \u0026 co""#));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_else(|_| "null".to_string());
        let mut out = String::with_capacity(text.len() + 64);
        for c in text.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                // as the static page: only characters XML 1.0 allows
                '\u{fffe}' => out.push_str("\\ufffe"),
                '\u{ffff}' => out.push_str("\\uffff"),
                c => out.push(c),
            }
        }
        out
    }
}

/// One entry of the perspective selector: `seen` is the case from that
/// perspective (the case as written for `base`).
fn view(id: &str, label: &str, seen: &Case, sets_prior: bool) -> Result<PagePerspective, Error> {
    let posterior = seen.score()?;
    let break_even = seen
        .break_even_sources()?
        .into_iter()
        .map(|(s, d)| (s.to_string(), d.map(|d| d.get())))
        .collect();
    Ok(PagePerspective {
        id: id.to_string(),
        label: label.to_string(),
        sources: seen
            .sources()
            .iter()
            .filter(|s| s.discount().get() != 1.0)
            .map(|s| (s.id().to_string(), s.discount().get()))
            .collect(),
        items: seen
            .evidence()
            .iter()
            .filter(|e| e.discount().get() != 1.0)
            .map(|e| (e.id().to_string(), e.discount().get()))
            .collect(),
        ln_prior: seen
            .prior()
            .ln_probabilities()
            .iter()
            .map(|&x| x.is_finite().then_some(x))
            .collect(),
        prior: seen
            .prior()
            .probabilities()
            .iter()
            .map(|p| p.get())
            .collect(),
        sets_prior,
        threshold: seen.threshold().get(),
        break_even,
        posterior: posterior.probabilities().iter().map(|p| p.get()).collect(),
    })
}

/// The interactive page: the static report `html` with the what-if panel
/// after its header, the panel's stylesheet in its head, and the data and
/// the script before the end of its body. The panel is `hidden` until the
/// script runs, so without JavaScript the page is the static report.
#[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))] // the page is the Report's (monte-carlo)
pub(crate) fn page(html: &str, data: &WhatIf) -> String {
    let head = format!("<style>{STYLE}</style>\n</head>");
    let panel = "</header>\n<section id=\"whatif\" class=\"whatif\" hidden=\"hidden\" aria-labelledby=\"whatif-title\"></section>";
    let tail = format!(
        "<script type=\"application/json\" id=\"whatif-data\">{}</script>\n<script>//<![CDATA[\n{SCRIPT}\n//]]></script>\n</body>",
        data.to_json()
    );
    let mut out = String::with_capacity(html.len() + SCRIPT.len() + STYLE.len() + 4096);
    let rest = match html.split_once("</head>") {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(&head);
            after
        }
        None => html,
    };
    let rest = match rest.split_once("</header>") {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(panel);
            after
        }
        None => rest,
    };
    match rest.rsplit_once("</body>") {
        Some((before, after)) => {
            out.push_str(before);
            out.push_str(&tail);
            out.push_str(after);
        }
        None => {
            out.push_str(rest);
            out.push_str(&tail);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::evidence::Evidence;

    #[test]
    fn the_page_keeps_the_static_report_and_adds_the_panel() {
        let html = "<html><head><style>x</style></head><body><main><header><h1>T</h1></header><p>static</p></main></body></html>";
        let case = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .evidence(
                Evidence::builder("e")
                    .likelihood("a", 0.9)
                    .likelihood("b", 0.1),
            )
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let data = WhatIf::new(&case).unwrap_or_else(|e| panic!("{e}"));
        let out = page(html, &data);
        assert!(out.contains("</header>\n<section id=\"whatif\""));
        assert!(out.contains("<p>static</p>"));
        assert!(out.ends_with("</script>\n</body></html>"));
        assert_eq!(out.matches("</head>").count(), 1);
        assert!(out.find("whatif-data").unwrap_or(0) > out.find("static").unwrap_or(usize::MAX));
    }
}
