//! `attrib.Case.builder()`, `attrib.Evidence.builder(id)` and
//! `attrib.Perspective.builder(id)`: the Rust builders (`attrib::CaseBuilder`,
//! `EvidenceBuilder`, `PerspectiveBuilder`) with the same method names.
//! Each method changes the builder and returns it, so calls chain as in
//! Rust; `build()` checks everything at once, through the same layer that
//! reads case files, and can be called again.

use crate::case::PyCase;
use crate::errors::raise;
use pyo3::prelude::*;

/// Replaces the builder in `slot` with `f` applied to it.
fn step<B: Clone>(slot: &mut B, f: impl FnOnce(B) -> B) {
    *slot = f(slot.clone());
}

/// A case under construction: `attrib.Case.builder()`.
///
/// >>> import attrib
/// >>> case = (attrib.Case.builder()
/// ...     .title("Blue or green")
/// ...     .hypothesis("blue", "Blue team").hypothesis("green", "Green team")
/// ...     .source("radar", "Radar", 0.9)
/// ...     .evidence(attrib.Evidence.builder("track").likelihood("blue", 0.8)
/// ...               .likelihood("green", 0.2).source("radar"))
/// ...     .build())
/// >>> case.score().posterior  # radar at 0.9: 0.9 x 0.8 + 0.1 x 0.5 against 0.9 x 0.2 + 0.1 x 0.5
/// {'blue': 0.77, 'green': 0.22999999999999998}
///
/// `build()` raises the attrib.Error of the failure's kind, naming the item
/// and field (a likelihood above 1: attrib.OutOfRange, a ValueError).
#[pyclass(name = "CaseBuilder", module = "attrib")]
pub struct PyCaseBuilder(attrib::CaseBuilder);

type Slf<'py, T> = PyRefMut<'py, T>;

#[pymethods]
impl PyCaseBuilder {
    /// An empty builder: `attrib.CaseBuilder()` is `attrib.Case.builder()`.
    #[new]
    pub fn new() -> PyCaseBuilder {
        PyCaseBuilder(attrib::Case::builder())
    }

    /// Sets the title.
    fn title(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.title(text));
        slf
    }

    /// Sets the date (text, as written).
    fn date(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.date(text));
        slf
    }

    /// Sets the place.
    fn place(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.place(text));
        slf
    }

    /// Sets the weighting model: `"mixture"` (default) or `"tempered"`.
    /// Raises attrib.InvalidWeighting for another name.
    fn weighting<'py>(mut slf: Slf<'py, Self>, name: &str) -> PyResult<Slf<'py, Self>> {
        let w: attrib::Weighting = name.parse().map_err(raise)?;
        step(&mut slf.0, |b| b.weighting(w));
        Ok(slf)
    }

    /// Sets the posterior needed to attribute (default 0.95).
    fn threshold(mut slf: Slf<'_, Self>, t: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.threshold(t));
        slf
    }

    /// Adds a hypothesis.
    fn hypothesis(mut slf: Slf<'_, Self>, id: String, label: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.hypothesis(id, label));
        slf
    }

    /// Adds the catch-all hypothesis ("someone else, or nothing happened").
    fn catch_all(mut slf: Slf<'_, Self>, id: String, label: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.catch_all(id, label));
        slf
    }

    /// Sets a hypothesis's prior weight (non-negative; weights are
    /// normalised; none means uniform).
    fn prior(mut slf: Slf<'_, Self>, hypothesis: String, weight: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.prior(hypothesis, weight));
        slf
    }

    /// Adds a source with its reliability in 0..=1.
    fn source(
        mut slf: Slf<'_, Self>,
        id: String,
        label: String,
        reliability: f64,
    ) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.source(id, label, reliability));
        slf
    }

    /// Adds a source graded with an Admiralty letter, `"A"` to `"F"`.
    /// Raises attrib.InvalidGrade for another.
    fn source_grade<'py>(
        mut slf: Slf<'py, Self>,
        id: String,
        label: String,
        grade: &str,
    ) -> PyResult<Slf<'py, Self>> {
        let g: attrib::SourceGrade = grade.parse().map_err(raise)?;
        step(&mut slf.0, |b| b.source_grade(id, label, g));
        Ok(slf)
    }

    /// Adds a dependence group with its correlation in 0..=1.
    fn group(mut slf: Slf<'_, Self>, id: String, correlation: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.group(id, correlation));
        slf
    }

    /// Adds an evidence item (`attrib.Evidence.builder(id)...`).
    fn evidence<'py>(
        mut slf: Slf<'py, Self>,
        item: PyRef<'_, PyEvidenceBuilder>,
    ) -> Slf<'py, Self> {
        let item = item.0.clone();
        step(&mut slf.0, |b| b.evidence(item));
        slf
    }

    /// Adds a perspective (`attrib.Perspective.builder(id)...`).
    fn perspective<'py>(
        mut slf: Slf<'py, Self>,
        perspective: PyRef<'_, PyPerspectiveBuilder>,
    ) -> Slf<'py, Self> {
        let p = perspective.0.clone();
        step(&mut slf.0, |b| b.perspective(p));
        slf
    }

    /// Sets the Monte Carlo concentration of every likelihood.
    fn likelihood_concentration(mut slf: Slf<'_, Self>, k: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.likelihood_concentration(k));
        slf
    }

    /// Sets the Monte Carlo concentration of the prior.
    fn prior_concentration(mut slf: Slf<'_, Self>, k0: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.prior_concentration(k0));
        slf
    }

    /// The case, checked as a case file is. The builder stays usable.
    fn build(&self) -> PyResult<PyCase> {
        Ok(PyCase::new(self.0.clone().build().map_err(raise)?))
    }

    fn __repr__(&self) -> String {
        "<attrib.CaseBuilder>".to_string()
    }
}

/// An evidence item under construction: `attrib.Evidence.builder(id)`.
#[pyclass(name = "EvidenceBuilder", module = "attrib")]
pub struct PyEvidenceBuilder(attrib::EvidenceBuilder);

#[pymethods]
impl PyEvidenceBuilder {
    /// A new item with this id (`attrib.Evidence.builder(id)`).
    #[new]
    fn new(id: String) -> PyEvidenceBuilder {
        PyEvidenceBuilder(attrib::Evidence::builder(id))
    }

    /// Sets the description.
    fn description(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.description(text));
        slf
    }

    /// Sets P(item | hypothesis), in 0..=1.
    fn likelihood(mut slf: Slf<'_, Self>, hypothesis: String, p: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.likelihood(hypothesis, p));
        slf
    }

    /// Sets P(item | hypothesis) as a range (scored at its midpoint).
    fn likelihood_range(
        mut slf: Slf<'_, Self>,
        hypothesis: String,
        low: f64,
        high: f64,
    ) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.likelihood_range(hypothesis, low, high));
        slf
    }

    /// Sets the item's own reliability, in 0..=1.
    fn reliability(mut slf: Slf<'_, Self>, r: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.reliability(r));
        slf
    }

    /// Sets the item's reliability as a range.
    fn reliability_range(mut slf: Slf<'_, Self>, low: f64, high: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.reliability_range(low, high));
        slf
    }

    /// Sets the chance that an unreliable source reports it anyway.
    fn chance(mut slf: Slf<'_, Self>, p: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.chance(p));
        slf
    }

    /// Sets the confidence that the observation really occurred.
    fn observed(mut slf: Slf<'_, Self>, q: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.observed(q));
        slf
    }

    /// Puts the item in a dependence group.
    fn group(mut slf: Slf<'_, Self>, id: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.group(id));
        slf
    }

    /// Names the codebook kind of the item.
    fn kind(mut slf: Slf<'_, Self>, id: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.kind(id));
        slf
    }

    /// Names the item's source.
    fn source(mut slf: Slf<'_, Self>, id: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.source(id));
        slf
    }

    /// Sets the credibility, a factor in 0..=1 on the source's reliability.
    fn credibility(mut slf: Slf<'_, Self>, c: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.credibility(c));
        slf
    }

    /// Sets the credibility as an Admiralty digit, `"1"` to `"6"`.
    /// Raises attrib.InvalidGrade for another.
    fn credibility_grade<'py>(mut slf: Slf<'py, Self>, grade: &str) -> PyResult<Slf<'py, Self>> {
        let g: attrib::CredibilityGrade = grade.parse().map_err(raise)?;
        step(&mut slf.0, |b| b.credibility_grade(g));
        Ok(slf)
    }

    /// Sets the item's own Monte Carlo concentration.
    fn concentration(mut slf: Slf<'_, Self>, k: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.concentration(k));
        slf
    }

    /// Sets a discount, a factor in 0..=1 on its reliability.
    fn discount(mut slf: Slf<'_, Self>, factor: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.discount(factor));
        slf
    }

    /// Sets why these numbers.
    fn rationale(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.rationale(text));
        slf
    }

    /// Adds a public reference.
    fn reference(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.reference(text));
        slf
    }

    fn __repr__(&self) -> String {
        "<attrib.EvidenceBuilder>".to_string()
    }
}

/// A perspective under construction: `attrib.Perspective.builder(id)`.
#[pyclass(name = "PerspectiveBuilder", module = "attrib")]
pub struct PyPerspectiveBuilder(attrib::PerspectiveBuilder);

#[pymethods]
impl PyPerspectiveBuilder {
    /// A new perspective with this id (`attrib.Perspective.builder(id)`).
    #[new]
    fn new(id: String) -> PyPerspectiveBuilder {
        PyPerspectiveBuilder(attrib::Perspective::builder(id))
    }

    /// Sets the label.
    fn label(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.label(text));
        slf
    }

    /// Discounts a source's reliability by a factor in 0..=1.
    fn discount_source(mut slf: Slf<'_, Self>, id: String, factor: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.discount_source(id, factor));
        slf
    }

    /// Discounts an item's reliability by a factor in 0..=1.
    fn discount_evidence(mut slf: Slf<'_, Self>, id: String, factor: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.discount_evidence(id, factor));
        slf
    }

    /// Discounts every item of a codebook kind by a factor in 0..=1.
    fn discount_kind(mut slf: Slf<'_, Self>, id: String, factor: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.discount_kind(id, factor));
        slf
    }

    /// Sets the perspective's own prior weight for a hypothesis.
    fn prior(mut slf: Slf<'_, Self>, hypothesis: String, weight: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.prior(hypothesis, weight));
        slf
    }

    /// Sets the perspective's own threshold.
    fn threshold(mut slf: Slf<'_, Self>, t: f64) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.threshold(t));
        slf
    }

    /// Sets why this perspective.
    fn rationale(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.rationale(text));
        slf
    }

    /// Adds a public reference.
    fn reference(mut slf: Slf<'_, Self>, text: String) -> Slf<'_, Self> {
        step(&mut slf.0, |b| b.reference(text));
        slf
    }

    fn __repr__(&self) -> String {
        "<attrib.PerspectiveBuilder>".to_string()
    }
}
