//! `attrib.Case` and `attrib.Score`: a case and its scored posterior.
//!
//! `Case.score()` keeps the crate's `Posterior` as it is and builds Python
//! objects only when an attribute, `to_dict()` or a frame is asked for, so a
//! call costs the Rust scoring and one small object. The other analyses
//! return the result classes of `attrib/_results.py`, built from the JSON
//! value the command line prints.

use crate::errors::{binding_error, count, raise};
use attrib::report::{self, LeftOut, Perspectives, Report, Scored, Sensitivity};
use attrib::{Chain, LeaveOneOut, MonteCarlo};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A crate value as the JSON value the command line prints. Every map the
/// crate writes has string keys, so `serde_json` cannot fail on it; should
/// it, the value is `null`.
fn value(x: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(x).unwrap_or(serde_json::Value::Null)
}

/// A JSON value as Python objects (dicts, lists, str, int, float, bool,
/// None).
pub fn to_python<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v)
        .map_err(|e| binding_error("Serialize", "value", format!("cannot convert JSON: {e}")))
}

/// The result class `name` of `attrib/_results.py` called with `args`.
fn result<'py>(
    py: Python<'py>,
    name: &str,
    args: impl pyo3::call::PyCallArgs<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    py.import("attrib._results")?.getattr(name)?.call1(args)
}

/// A case (docs/model.md section 7), possibly seen from one of its
/// perspectives. Immutable: `discount_source`, `without_evidence` and
/// `perspective` return new cases.
///
/// Build one with `Case.from_path(path)` (a case file, with the codebook it
/// names), `Case.from_json(text)`, `Case.from_dict(d)` or
/// `Case.builder()`.
///
/// >>> import attrib
/// >>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")
/// >>> case
/// <attrib.Case "Sarmin, 16 March 2015": 5 hypotheses, 10 evidence items, perspective base>
/// >>> case.hypotheses
/// ['government', 'isil', 'opposition', 'other-actor', 'no-chemical-use']
#[pyclass(name = "Case", module = "attrib", frozen)]
pub struct PyCase {
    case: Arc<attrib::Case>,
    /// The perspective the case is seen from (`Case.perspective(id)`);
    /// `None` for the case as written.
    seen_from: Option<String>,
}

impl PyCase {
    /// A case as written (no perspective).
    pub fn new(case: attrib::Case) -> PyCase {
        PyCase {
            case: Arc::new(case),
            seen_from: None,
        }
    }

    /// A changed copy of this case, seen from the same perspective.
    fn derived(&self, case: attrib::Case) -> PyCase {
        PyCase {
            case: Arc::new(case),
            seen_from: self.seen_from.clone(),
        }
    }

    fn perspective_id(&self) -> &str {
        self.seen_from.as_deref().unwrap_or(attrib::domain::BASE)
    }

    /// The Monte Carlo and report options, checked.
    fn options(draws: i128, seed: i128) -> PyResult<(usize, u64)> {
        let draws = count("draws", draws, 1, usize::MAX as u64, "1..")?;
        let seed = count("seed", seed, 0, u64::MAX, "0..=18446744073709551615")?;
        Ok((usize::try_from(draws).unwrap_or(usize::MAX), seed))
    }
}

#[pymethods]
impl PyCase {
    /// Reads a case file (JSON, docs/model.md section 7) and the codebook it
    /// names, if any (a path relative to the case file).
    ///
    /// Raises attrib.FileError (an OSError; also a FileNotFoundError when
    /// the file is missing) when it cannot be read, and the attrib.Error
    /// of the failure's kind when it is not a valid case; the message is
    /// what `attrib score FILE` prints after `error: `.
    #[classmethod]
    fn from_path(_cls: &Bound<'_, PyType>, py: Python<'_>, path: PathBuf) -> PyResult<PyCase> {
        let case = py
            .detach(|| attrib::Case::from_path(&path))
            .map_err(raise)?;
        Ok(PyCase::new(case))
    }

    /// Reads a case from the text of a case file. A case that names a
    /// codebook must be read with `Case.from_path`, which can find it.
    ///
    /// Raises the attrib.Error of the failure's kind (the crate's message)
    /// when the text is not a valid case.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<PyCase> {
        Ok(PyCase::new(attrib::Case::from_json(text).map_err(raise)?))
    }

    /// Reads a case from a dict shaped like a case file (what `json.load`
    /// gives, or `case.to_dict()`), checked as a case file is.
    ///
    /// >>> import attrib
    /// >>> case = attrib.Case.from_dict({"version": 1,
    /// ...     "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
    /// ...     "evidence": [{"id": "e", "description": "", "likelihoods": {"a": 0.9, "b": 0.3}}]})
    /// >>> case.score().posterior
    /// {'a': 0.75, 'b': 0.25}
    ///
    /// Raises TypeError for a value JSON cannot hold, and the attrib.Error
    /// of the failure's kind when the dict is not a valid case.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, d: &Bound<'_, PyAny>) -> PyResult<PyCase> {
        let v: serde_json::Value = pythonize::depythonize(d).map_err(|e| {
            pyo3::exceptions::PyTypeError::new_err(format!("not a case file's shape: {e}"))
        })?;
        Ok(PyCase::new(
            attrib::Case::from_json(&v.to_string()).map_err(raise)?,
        ))
    }

    /// A builder of a case, mirroring the Rust `attrib::Case::builder()`:
    /// `Case.builder().hypothesis("a", "A").evidence(attrib.Evidence.builder("e")
    /// .likelihood("a", 0.9)...).build()`.
    ///
    /// (The class is looked up in the module, so that this file and the
    /// builder's, which builds a `Case`, do not import each other.)
    #[staticmethod]
    fn builder(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        py.import("attrib._attrib")?.getattr("CaseBuilder")?.call0()
    }

    /// The title, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.case.title()
    }

    /// The hypotheses' ids, in the case's order.
    #[getter]
    fn hypotheses(&self) -> Vec<String> {
        self.case
            .hypotheses()
            .iter()
            .map(|h| h.id().to_string())
            .collect()
    }

    /// The evidence items' ids, in the case's order.
    #[getter]
    fn evidence(&self) -> Vec<String> {
        self.case
            .evidence()
            .iter()
            .map(|e| e.id().to_string())
            .collect()
    }

    /// The sources' ids, in the case's order.
    #[getter]
    fn sources(&self) -> Vec<String> {
        self.case
            .sources()
            .iter()
            .map(|s| s.id().to_string())
            .collect()
    }

    /// Scores the case: an attrib.Score, what
    /// `attrib score FILE --format json` prints, as attributes
    /// (`posterior`, `leader`, `verdict`, `bayes_factors`, `ledger`, ...),
    /// `to_dict()`, `to_json()` and `to_frame()`. The Python objects are
    /// built when asked for.
    ///
    /// >>> import attrib
    /// >>> s = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json").score()
    /// >>> s
    /// <attrib.Score government 0.546 (insufficient at threshold 0.8), perspective base>
    /// >>> s.verdict["status"], round(s.posterior["government"], 3)
    /// ('insufficient', 0.546)
    ///
    /// Raises attrib.Contradictory (with `responsible`, the items at
    /// fault) when the evidence eliminates every hypothesis. The GIL is
    /// released while a case of 64 items or more is scored.
    fn score(&self, py: Python<'_>) -> PyResult<PyScore> {
        // The GIL is released for cases of 64 items or more; a smaller one
        // scores in microseconds, about what releasing it costs.
        let posterior = if self.case.evidence().len() >= 64 {
            py.detach(|| self.case.score())
        } else {
            self.case.score()
        }
        .map_err(raise)?;
        Ok(PyScore {
            case: Arc::clone(&self.case),
            posterior,
            perspective: self.perspective_id().to_string(),
        })
    }

    /// Monte Carlo over every judgement held as a range or with a stated
    /// firmness (docs/model.md section 6), seeded: an attrib.MonteCarlo
    /// result (`draws`, `seed`, `posterior` of intervals, `leader_holds`,
    /// `verdict_holds`, `contradictory_draws`; `to_frame()`), and with
    /// `keep_draws=True` every draw's posterior as `.samples`, a NumPy
    /// array (draws x hypotheses; `.to_xarray()`). The GIL is released
    /// while it runs.
    ///
    /// Raises attrib.OutOfRange (a ValueError) for draws below 1 or a seed
    /// outside 0..2**64.
    #[pyo3(signature = (draws = 10_000, seed = 0, keep_draws = false))]
    fn monte_carlo<'py>(
        &self,
        py: Python<'py>,
        draws: i128,
        seed: i128,
        keep_draws: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (draws, seed) = Self::options(draws, seed)?;
        let sim = py
            .detach(|| {
                MonteCarlo::new()
                    .draws(draws)
                    .seed(seed)
                    .keep_draws(keep_draws)
                    .run(&self.case)
            })
            .map_err(raise)?;
        let d = to_python(py, &value(&sim))?;
        let samples = match sim.draws() {
            Some(x) => {
                let n = self.case.hypotheses().len();
                PyArray1::from_slice(py, x).reshape([draws, n])?.into_any()
            }
            None => py.None().into_bound(py),
        };
        result(py, "MonteCarlo", (d, samples, self.hypotheses()))
    }

    /// The case scored without each item in turn: an attrib.LeaveOneOut
    /// (`rows`, one per item: `evidence`, `posterior` without it, `leader`,
    /// `verdict`, `linchpin`; `linchpins`; `to_frame()`).
    fn leave_one_out<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| LeaveOneOut::of(&self.case).map(|loo| value(LeftOut::new(&loo))))
            .map_err(raise)?;
        result(py, "LeaveOneOut", (to_python(py, &v)?,))
    }

    /// The case read step by step (its steps of reasoning, docs/model.md
    /// "Steps of reasoning"): an attrib.Chain (`leader`, `runner_up`,
    /// `carrier`, the step whose findings together weigh most for the
    /// leader against the runner-up; `links`, per step its findings, their
    /// weights in decibans and the step's break-even; `rivals`;
    /// `to_frame(table)`). A case without steps is one link without a step.
    ///
    /// >>> import attrib
    /// >>> chain = attrib.Case.from_path("examples/cases/jim/talmenes-2014-04-21.json").chain()
    /// >>> chain
    /// <attrib.Chain government against other-actor, 4 steps, carried by delivery>
    fn chain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| Chain::of(&self.case).map(value))
            .map_err(raise)?;
        result(py, "Chain", (to_python(py, &v)?,))
    }

    /// The ids of the perspectives the case can be seen from
    /// (docs/model.md section 10): `base` (the case as written) first, then
    /// the codebook's and the case's own, in order. A case seen from a
    /// perspective has only `base`.
    fn perspectives(&self) -> Vec<String> {
        std::iter::once(attrib::domain::BASE.to_string())
            .chain(self.case.perspectives().iter().map(|p| p.id().to_string()))
            .collect()
    }

    /// A new case: this one seen from the perspective `id` (its discounts,
    /// prior and threshold applied, as `attrib score FILE --perspective
    /// ID` does); `base` gives the case as written.
    ///
    /// Raises attrib.NotFound (a LookupError) when there is no such
    /// perspective.
    fn perspective(&self, id: &str) -> PyResult<PyCase> {
        let case = self.case.perspective(id).map_err(raise)?;
        Ok(PyCase {
            case: Arc::new(case),
            seen_from: Some(id.to_string()),
        })
    }

    /// A new case with every item of source `id` at `factor` times its
    /// reliability (`factor` in 0..=1).
    ///
    /// >>> import attrib
    /// >>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")
    /// >>> round(case.discount_source("local-witnesses", 0.5).score().posterior["government"], 4)
    /// 0.5457
    ///
    /// Raises attrib.NotFound for an unknown source, attrib.OutOfRange for
    /// a factor outside 0..=1.
    fn discount_source(&self, id: &str, factor: f64) -> PyResult<PyCase> {
        Ok(self.derived(self.case.discount_source(id, factor).map_err(raise)?))
    }

    /// A new case without the evidence item `id`.
    ///
    /// Raises attrib.NotFound for an unknown item.
    fn without_evidence(&self, id: &str) -> PyResult<PyCase> {
        Ok(self.derived(self.case.without_evidence(id).map_err(raise)?))
    }

    /// The case from every perspective, side by side: an attrib.Compare
    /// (`perspectives`, `base` first, each with `id`, `label`, `posterior`,
    /// `leader`, `verdict`, `runner_up`, `bayes_factor`; `to_frame()`,
    /// perspective by hypothesis).
    fn compare<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| report::views(&self.case).map(|views| value(Perspectives::new(&views))))
            .map_err(raise)?;
        result(py, "Compare", (to_python(py, &v)?,))
    }

    /// Everything `attrib sensitivity FILE --format json` prints, as an
    /// attrib.Sensitivity: `monte_carlo`, `point`, `leave_one_out`,
    /// `break_even` (per source), `break_even_evidence`, `conflict`; each
    /// table has `to_frame()`. The GIL is released while it runs.
    #[pyo3(signature = (draws = 10_000, seed = 0))]
    fn sensitivity<'py>(
        &self,
        py: Python<'py>,
        draws: i128,
        seed: i128,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (draws, seed) = Self::options(draws, seed)?;
        let v = py
            .detach(|| {
                let report = Report::new(&self.case).draws(draws).seed(seed);
                report.analysis().map(|a| value(Sensitivity::new(a)))
            })
            .map_err(raise)?;
        result(py, "Sensitivity", (to_python(py, &v)?,))
    }

    /// The report `attrib report FILE --format F` writes, as text:
    /// `format="html"` (a self-contained page; `interactive=True` adds the
    /// what-if panel), `"markdown"` or `"json"`. `draws` and `seed` are
    /// its Monte Carlo's.
    ///
    /// >>> import attrib
    /// >>> case = attrib.Case.from_path("examples/cases/jim/sarmin-2015-03-16.json")
    /// >>> case.report(format="markdown", draws=200).splitlines()[0]
    /// '# Sarmin, 16 March 2015'
    ///
    /// Raises attrib.Unsupported (a ValueError) for another format, or
    /// `interactive=True` with a format other than html.
    #[pyo3(signature = (format = "html", draws = 10_000, seed = 0, interactive = false))]
    fn report(
        &self,
        py: Python<'_>,
        format: &str,
        draws: i128,
        seed: i128,
        interactive: bool,
    ) -> PyResult<String> {
        let (draws, seed) = Self::options(draws, seed)?;
        if interactive && format != "html" {
            return Err(binding_error(
                "Unsupported",
                "interactive",
                format!("interactive is only for format 'html', not '{format}'"),
            ));
        }
        let case = &self.case;
        let out = match format {
            "html" => py.detach(|| {
                Report::new(case)
                    .draws(draws)
                    .seed(seed)
                    .interactive(interactive)
                    .html()
            }),
            "markdown" => py.detach(|| Report::new(case).draws(draws).seed(seed).markdown()),
            "json" => py.detach(|| {
                Report::new(case)
                    .draws(draws)
                    .seed(seed)
                    .json()
                    .map(|v| format!("{v:#}"))
            }),
            other => {
                return Err(binding_error(
                    "Unsupported",
                    "format",
                    format!("format is '{other}', must be 'html', 'markdown' or 'json'"),
                ));
            }
        };
        out.map_err(raise)
    }

    /// The case as a case file (codebook entries written out), as the crate
    /// writes it; `Case.from_json` reads it back.
    fn to_json(&self) -> PyResult<String> {
        self.case.to_json().map_err(raise)
    }

    /// The case as a dict shaped like a case file; `Case.from_dict` reads
    /// it back.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.case.to_json().map_err(raise)?;
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        to_python(py, &v)
    }

    /// A notebook's view: the verdict box and the posterior table.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py()
            .import("attrib._results")?
            .call_method1("_case_html", (slf,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        format!(
            "<attrib.Case {:?}: {} hypotheses, {} evidence items, perspective {}>",
            self.case.title().unwrap_or(""),
            self.case.hypotheses().len(),
            self.case.evidence().len(),
            self.perspective_id()
        )
    }

    /// Private, for the benchmark: seconds that `n` calls of
    /// `attrib::Case::score` take in a loop in Rust with the GIL released:
    /// the Rust call that `score()` wraps.
    fn _score_rust_only(&self, py: Python<'_>, n: usize) -> PyResult<f64> {
        py.detach(|| {
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(self.case.score()?);
            }
            Ok(start.elapsed().as_secs_f64())
        })
        .map_err(raise)
    }
}

/// A scored case: what `attrib score FILE --format json` prints, kept as
/// the crate's posterior until asked for. Attributes: `posterior`
/// ({hypothesis: probability}), `ln_posterior`, `leader`, `verdict`
/// (`status`, `hypothesis`, `leader`, `threshold`, `probability`),
/// `words` (ICD 203), `bayes_factors` (the leader against each rival:
/// `ln`, `decibans`, `enfsi`), `ledger` (per item: `evidence` and
/// `decibans`, the leader against each rival), `warnings`, `title`,
/// `perspective` (`base` for the case as written). Values JSON cannot hold
/// (an infinite weight) are None.
#[pyclass(name = "Score", module = "attrib", frozen)]
pub struct PyScore {
    case: Arc<attrib::Case>,
    posterior: attrib::Posterior,
    perspective: String,
}

impl PyScore {
    fn json(&self) -> serde_json::Value {
        value(Scored::new(&self.case, &self.posterior).perspective(&self.perspective))
    }

    fn field<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        let v = self.json();
        to_python(py, v.get(key).unwrap_or(&serde_json::Value::Null))
    }
}

#[pymethods]
impl PyScore {
    /// {hypothesis: posterior probability}, in the case's order.
    #[getter]
    fn posterior<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (h, p) in self
            .posterior
            .hypotheses()
            .iter()
            .zip(self.posterior.probabilities())
        {
            d.set_item(h.id().as_ref(), p.get())?;
        }
        Ok(d)
    }

    /// {hypothesis: natural log of the posterior}.
    #[getter]
    fn ln_posterior<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (h, p) in self
            .posterior
            .hypotheses()
            .iter()
            .zip(self.posterior.ln_probabilities())
        {
            d.set_item(h.id().as_ref(), *p)?;
        }
        Ok(d)
    }

    /// The hypotheses' ids, in the case's order.
    #[getter]
    fn hypotheses(&self) -> Vec<String> {
        self.posterior
            .hypotheses()
            .iter()
            .map(|h| h.id().to_string())
            .collect()
    }

    /// The hypothesis with the highest posterior.
    #[getter]
    fn leader(&self) -> String {
        self.posterior.leader().id().to_string()
    }

    /// The verdict: `status` (`attributed` or `insufficient`),
    /// `hypothesis` (the attributed one, or None), `leader`, `threshold`,
    /// `probability` (the leader's).
    #[getter]
    fn verdict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &value(self.posterior.verdict()))
    }

    /// {hypothesis: ICD 203 words for its posterior}.
    #[getter]
    fn words<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "words")
    }

    /// {rival: {`ln`, `decibans`, `enfsi`}}: the leader against each rival.
    #[getter]
    fn bayes_factors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "bayes_factors")
    }

    /// Per item: `evidence` and `decibans` ({rival: the item's weight for
    /// the leader against it}).
    #[getter]
    fn ledger<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "ledger")
    }

    /// The case's warnings (items in no group, ...), as text.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "warnings")
    }

    /// The case's title, or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.case.title()
    }

    /// The perspective the case was seen from (`base`: as written).
    #[getter]
    fn perspective(&self) -> &str {
        &self.perspective
    }

    /// Everything, as the dict `attrib score FILE --format json` prints.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json())
    }

    /// Everything, as the JSON text `attrib score FILE --format json`
    /// prints (`indent=None`: one line).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, indent: Option<usize>) -> String {
        let v = self.json();
        match indent {
            None => v.to_string(),
            Some(n) => {
                let pad = " ".repeat(n);
                let mut out = Vec::new();
                let fmt = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
                let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
                match serde::Serialize::serialize(&v, &mut ser) {
                    Ok(()) => String::from_utf8(out).unwrap_or_default(),
                    Err(_) => v.to_string(),
                }
            }
        }
    }

    /// A pandas DataFrame (pandas must be installed): `"posterior"` (one
    /// row per hypothesis: probability, ICD 203 words, Bayes factor of the
    /// leader against it) or `"ledger"` (one row per item and rival:
    /// decibans, ENFSI words).
    #[pyo3(signature = (table = "posterior"))]
    fn to_frame<'py>(slf: &Bound<'py, Self>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("attrib._results")?
            .call_method1("_score_frame", (slf, table))
    }

    /// A notebook's view: the verdict box and the posterior table.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py()
            .import("attrib._results")?
            .call_method1("_score_html", (slf,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        let v = self.posterior.verdict();
        format!(
            "<attrib.Score {} {:.3} ({} at threshold {}), perspective {}>",
            self.posterior.leader().id(),
            v.probability().get(),
            v.status().as_str(),
            v.threshold().get(),
            self.perspective
        )
    }
}

/// ENFSI words for a weight of evidence in decibans (None for NaN).
#[pyfunction]
pub fn _enfsi_words(decibans: f64) -> Option<&'static str> {
    attrib::scoring::Decibans::new(decibans)
        .ok()
        .map(|d| attrib::scoring::Enfsi::from_decibans(d).words())
}

/// ICD 203 words for a probability (None outside 0..=1).
#[pyfunction]
pub fn _icd203_words(p: f64) -> Option<&'static str> {
    attrib::Probability::new(p)
        .ok()
        .map(|p| attrib::scoring::Icd203::from_probability(p).words())
}
