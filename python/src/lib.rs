//! `attrib._attrib`: the Python binding of the `attrib` crate (PyO3).
//!
//! A thin layer with no logic of its own: every result is the crate's own
//! serialisable value (`attrib::report::Scored`, `Perspectives`, `LeftOut`,
//! `Sensitivity`, `attrib::Simulation`: the same JSON the command line
//! prints), converted to Python objects with `pythonize`;
//! every error is the crate's `Error`, raised as `attrib.Error` with its
//! `Display` text unchanged. The only code here reads arguments, releases
//! the GIL around the work, and (in the helpers whose names start with an
//! underscore) times the Rust side for `python/benches/bench.py`.

use attrib::report::{self, LeftOut, Perspectives, Report, Scored, Sensitivity};
use attrib::{LeaveOneOut, MonteCarlo};
use numpy::{PyArray2, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyType;
use std::path::PathBuf;
use std::time::Instant;

pyo3::create_exception!(
    attrib,
    Error,
    PyException,
    "An error of the attrib crate. `str(e)` is the crate's message exactly, \
     the text the command line prints after `error: `: lowercase, naming the \
     item and field at fault, the value and the range it must be in."
);

/// The crate's error as `attrib.Error`, its message unchanged.
fn raise(e: attrib::Error) -> PyErr {
    Error::new_err(e.to_string())
}

/// A serialisable value of the crate as the JSON value the command line
/// prints (maps with their keys sorted), in an `Ok`. Every map the crate
/// writes has string keys, so `serde_json` cannot fail on it; should it,
/// the value is `null`.
macro_rules! json {
    ($x:expr) => {
        Ok::<serde_json::Value, attrib::Error>(
            serde_json::to_value($x).unwrap_or(serde_json::Value::Null),
        )
    };
}

/// A JSON value of the crate as Python objects (dicts, lists, str, int,
/// float, bool, None), with `pythonize`: faster than writing JSON text and
/// `json.loads` on 10 of the 11 JIM cases (`python/benches/bench.py`).
fn to_python<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v).map_err(|e| Error::new_err(format!("cannot convert JSON: {e}")))
}

/// A case, read from a case file (docs/model.md section 7), possibly seen
/// from one of its perspectives.
///
/// Build one with `Case.from_path(path)` (a case file, with the codebook it
/// names) or `Case.from_json(text)`. Every method returns what the command
/// line prints with `--format json`, as Python dicts and lists.
#[pyclass(name = "Case", module = "attrib", frozen)]
struct PyCase {
    case: attrib::Case,
    /// The perspective the case is seen from (`Case.perspective(id)`);
    /// `None` for the case as written.
    seen_from: Option<String>,
}

#[pymethods]
impl PyCase {
    /// Reads a case file (JSON, docs/model.md section 7) and the codebook it
    /// names, if any (a path relative to the case file).
    ///
    /// Raises attrib.Error with the message `attrib score FILE` prints after
    /// `error: ` when the file cannot be read or is not a valid case.
    #[classmethod]
    fn from_path(_cls: &Bound<'_, PyType>, py: Python<'_>, path: PathBuf) -> PyResult<PyCase> {
        let case = py
            .detach(|| attrib::Case::from_path(&path))
            .map_err(raise)?;
        Ok(PyCase {
            case,
            seen_from: None,
        })
    }

    /// Reads a case from the text of a case file. A case that names a
    /// codebook must be read with `Case.from_path`, which can find it.
    ///
    /// Raises attrib.Error (the crate's message) when the text is not a
    /// valid case.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<PyCase> {
        let case = attrib::Case::from_json(text).map_err(raise)?;
        Ok(PyCase {
            case,
            seen_from: None,
        })
    }

    /// Scores the case. Returns the dict `attrib score FILE --format json` prints
    /// (`attrib::report::Scored`): `title`, `posterior` ({hypothesis:
    /// probability}), `ln_posterior`, `words` (ICD 203), `leader`,
    /// `verdict` (`status`, `hypothesis`, `threshold`, `probability`),
    /// `bayes_factors` (leader against each rival: `ln`, `decibans`,
    /// `enfsi`), `ledger` (per item and pair of hypotheses: `evidence`,
    /// `for`, `against`, `decibans`), `warnings`, `perspective` (the id
    /// the case is seen from, `base` for the case as written), and, when
    /// the case has them, `items` (each item's `quote` and `words`: `field`,
    /// `written`, `word`, `scale`, `band`, `scored`; docs/model.md section
    /// 11) and `standards` (`id`, `threshold`, `status`). Values JSON
    /// cannot hold (an infinite weight) are None.
    ///
    /// Raises attrib.Error when every hypothesis is eliminated.
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py.detach(|| self.score_value()).map_err(raise)?;
        to_python(py, &v)
    }

    /// Monte Carlo over every judgement held as a range or with a stated
    /// firmness (docs/model.md section 6), seeded: the Monte Carlo part of
    /// `attrib sensitivity FILE --draws N --seed S --format json`
    /// (`attrib::Simulation`): `draws`, `seed`, `posterior`
    /// ({hypothesis: {`mean`, `q05`, `q50`, `q95`}}), `leader_holds`,
    /// `verdict_holds`, `contradictory_draws`. The GIL is released while it
    /// runs.
    ///
    /// Raises attrib.Error for 0 draws.
    #[pyo3(signature = (draws = 10_000, seed = 0))]
    fn monte_carlo<'py>(
        &self,
        py: Python<'py>,
        draws: usize,
        seed: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| {
                let sim = MonteCarlo::new().draws(draws).seed(seed).run(&self.case)?;
                json!(&sim)
            })
            .map_err(raise)?;
        to_python(py, &v)
    }

    /// The case scored without each item in turn: the leave-one-out part of
    /// `attrib sensitivity FILE --format json`
    /// (`attrib::report::LeftOut`): `leave_one_out` (per item:
    /// `evidence`, `posterior` without it, `leader`, `verdict`, `linchpin`)
    /// and `linchpins` (the items whose removal changes the leader or the
    /// verdict).
    ///
    /// Raises attrib.Error when the case cannot be scored.
    fn leave_one_out<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| {
                let loo = LeaveOneOut::of(&self.case)?;
                json!(LeftOut::new(&loo))
            })
            .map_err(raise)?;
        to_python(py, &v)
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

    /// The case seen from the perspective `id` (its discounts, prior and
    /// threshold applied, as `attrib score FILE --perspective ID` does);
    /// `base` gives the case as written. Its `score()` says
    /// `"perspective": id`.
    ///
    /// Raises attrib.Error when the case has no such perspective.
    fn perspective(&self, id: &str) -> PyResult<PyCase> {
        let case = self.case.perspective(id).map_err(raise)?;
        Ok(PyCase {
            case,
            seen_from: Some(id.to_string()),
        })
    }

    /// The case from every perspective, side by side: the dict `attrib
    /// compare FILE --format json` prints
    /// (`attrib::report::Perspectives`): `perspectives`, a list with
    /// `base` first, each with `id`, `label`, `posterior`, `leader`,
    /// `verdict` (`status`, `hypothesis`, `threshold`), `runner_up` and
    /// `bayes_factor` (leader against the runner-up).
    ///
    /// Raises attrib.Error when the case cannot be scored from a
    /// perspective.
    fn compare<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| json!(Perspectives::new(&report::views(&self.case)?)))
            .map_err(raise)?;
        to_python(py, &v)
    }

    /// Everything `attrib sensitivity FILE --format json` prints
    /// (`attrib::report::Sensitivity`): the fields of `monte_carlo()`, the
    /// `point` estimate, the fields of `leave_one_out()`, the break-even
    /// discounts and the conflict. The GIL is released while it runs.
    ///
    /// Raises attrib.Error for 0 draws or a case that cannot be scored.
    #[pyo3(signature = (draws = 10_000, seed = 0))]
    fn sensitivity<'py>(
        &self,
        py: Python<'py>,
        draws: usize,
        seed: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let v = py
            .detach(|| {
                let report = Report::new(&self.case).draws(draws).seed(seed);
                json!(Sensitivity::new(report.analysis()?))
            })
            .map_err(raise)?;
        to_python(py, &v)
    }

    /// The case as a case file (codebook entries written out), as the crate
    /// writes it; `Case.from_json` reads it back.
    fn to_json(&self) -> PyResult<String> {
        self.case.to_json().map_err(raise)
    }

    fn __repr__(&self) -> String {
        format!(
            "<attrib.Case {:?}: {} hypotheses, {} evidence items, perspective {}>",
            self.case.title().unwrap_or(""),
            self.case.hypotheses().len(),
            self.case.evidence().len(),
            self.seen_from.as_deref().unwrap_or(attrib::domain::BASE)
        )
    }

    /// Private, for the benchmark: what `score()` returns, as JSON text
    /// (compact), to compare `pythonize` with `json.loads`.
    fn _score_json_text(&self, py: Python<'_>) -> PyResult<String> {
        let v = py.detach(|| self.score_value()).map_err(raise)?;
        serde_json::to_string(&v).map_err(|e| Error::new_err(format!("cannot write JSON: {e}")))
    }

    /// Private, for the benchmark: seconds that `n` calls of what `score()`
    /// does in Rust take (score, then build the JSON value), in a loop in
    /// Rust with the GIL released: no Python objects. `score()` from Python
    /// costs this per call plus the conversion and the call.
    fn _score_rust_only(&self, py: Python<'_>, n: usize) -> PyResult<f64> {
        py.detach(|| {
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(self.score_value()?);
            }
            Ok(start.elapsed().as_secs_f64())
        })
        .map_err(raise)
    }
}

impl PyCase {
    /// The value `score()` converts: `attrib::report::Scored`, with the
    /// perspective the case is seen from (`base` for the case as written).
    fn score_value(&self) -> Result<serde_json::Value, attrib::Error> {
        let post = self.case.score()?;
        json!(
            Scored::new(&self.case, &post)
                .perspective(self.seen_from.as_deref().unwrap_or(attrib::domain::BASE))
        )
    }
}

/// The argument `name` as a float64 array of one of the numbers of
/// dimensions `ndims`, C-contiguous and aligned (read in place), or a
/// C-ordered copy of it when it is strided or misaligned (as the buffer of
/// an array received through pickle, such as from `distributed`, may be);
/// otherwise `attrib.Error` naming it and saying what it must be.
fn float_array<'py>(
    name: &str,
    x: &Bound<'py, PyAny>,
    ndims: &[usize],
    shape: &str,
) -> PyResult<Bound<'py, PyUntypedArray>> {
    let must = format!("{name} must be a numpy.float64 array of shape {shape}");
    let a = x
        .cast::<PyUntypedArray>()
        .map_err(|_| Error::new_err(format!("{must}, not {}", type_name(x))))?;
    let dtype = a.dtype();
    if !dtype.is_equiv_to(&numpy::dtype::<f64>(x.py())) {
        return Err(Error::new_err(format!(
            "{must}, not an array of {dtype} (convert it with x.astype(numpy.float64))"
        )));
    }
    if !ndims.contains(&a.ndim()) {
        return Err(Error::new_err(format!(
            "{must}, not an array of shape {:?}",
            a.shape()
        )));
    }
    let aligned: bool = a.getattr("flags")?.getattr("aligned")?.extract()?;
    if a.is_c_contiguous() && aligned {
        Ok(a.clone())
    } else {
        Ok(a.call_method1("copy", ("C",))?
            .cast_into::<PyUntypedArray>()?)
    }
}

/// The Python type name of `x`, for messages.
fn type_name(x: &Bound<'_, PyAny>) -> String {
    x.get_type()
        .name()
        .map_or_else(|_| "an object".to_string(), |n| n.to_string())
}

/// Scores many cases of independent evidence through the Rust batch scorer
/// (`attrib::score_ln_likelihoods`), with the GIL released. A C-contiguous,
/// aligned array (what NumPy makes by default) is read in place, without a
/// copy; a strided view or a misaligned buffer is copied once first.
///
/// ln_likelihoods: a float64 array of shape (cases, items, hypotheses); `ln_likelihoods[c, e, h]` is the natural log of the
///     likelihood P(e | h) of item e of case c under hypothesis h. Items are
///     independent evidence at reliability 1. Any finite value is accepted
///     (only the differences between hypotheses within an item count);
///     -inf (a likelihood of 0) eliminates the hypothesis; NaN and +inf
///     raise.
/// ln_prior: None for a uniform prior; or natural logs of prior weights (up
///     to a constant; -inf excludes a hypothesis), of shape (hypotheses,)
///     for every case or (cases, hypotheses) per case.
///
/// Returns a float64 array of shape (cases, hypotheses): the posteriors,
/// `P(h | case) ∝ exp(ln_prior[h] + sum_e ln_likelihoods[c, e, h])`, each
/// row summing to 1, what `Case.score()["posterior"]` gives for the case
/// with these likelihoods (to about 1e-13). A contradictory case (every
/// hypothesis eliminated) has a row of zeros.
///
/// Raises attrib.Error, naming the argument, for another type, dtype or
/// number of dimensions, a prior of the wrong shape, and
/// (the crate's message, naming [case, item, hypothesis]) NaN or +inf.
#[pyfunction]
#[pyo3(signature = (ln_likelihoods, ln_prior = None))]
fn score_batch<'py>(
    py: Python<'py>,
    ln_likelihoods: &Bound<'py, PyAny>,
    ln_prior: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let shape = "(cases, items, hypotheses)";
    let x = float_array("ln_likelihoods", ln_likelihoods, &[3], shape)?;
    let dims = x.shape().to_vec();
    let (cases, items, hypotheses) = (dims[0], dims[1], dims[2]);
    let x = x.cast_into::<numpy::PyArray3<f64>>()?.readonly();
    let prior = match ln_prior {
        None => None,
        Some(p) => {
            let p = float_array(
                "ln_prior",
                p,
                &[1, 2],
                "(hypotheses,) or (cases, hypotheses)",
            )?;
            let want_1 = [hypotheses];
            let want_2 = [cases, hypotheses];
            if p.shape() != want_1 && p.shape() != want_2 {
                return Err(Error::new_err(format!(
                    "ln_prior must have shape ({hypotheses},) or ({cases}, {hypotheses}) \
                     for ln_likelihoods of shape ({cases}, {items}, {hypotheses}), not {:?}",
                    p.shape()
                )));
            }
            Some(p.cast_into::<numpy::PyArrayDyn<f64>>()?.readonly())
        }
    };
    let out = PyArray2::<f64>::zeros(py, [cases, hypotheses], false);
    {
        let mut out_rw = out.readwrite();
        let out_slice = out_rw.as_slice_mut()?;
        let x_slice = x.as_slice()?;
        let prior_slice = match &prior {
            Some(p) => Some(p.as_slice()?),
            None => None,
        };
        py.detach(|| {
            attrib::score_ln_likelihoods(x_slice, hypotheses, items, prior_slice, out_slice)
        })
        .map_err(raise)?;
    }
    Ok(out)
}

/// Private, for the benchmark: seconds per run of the scorer behind
/// `score_batch` (`attrib::score_ln_likelihoods`, uniform prior) on the
/// same array, run `repeats` times in a loop in Rust with the GIL released.
#[pyfunction]
fn _score_batch_rust(
    py: Python<'_>,
    ln_likelihoods: &Bound<'_, PyAny>,
    repeats: usize,
) -> PyResult<f64> {
    let x = float_array(
        "ln_likelihoods",
        ln_likelihoods,
        &[3],
        "(cases, items, hypotheses)",
    )?;
    let dims = x.shape().to_vec();
    let x = x.cast_into::<numpy::PyArray3<f64>>()?.readonly();
    let slice = x.as_slice()?;
    py.detach(|| {
        let mut out = vec![0.0; dims[0] * dims[2]];
        let start = Instant::now();
        for _ in 0..repeats.max(1) {
            attrib::score_ln_likelihoods(slice, dims[2], dims[1], None, &mut out)?;
            std::hint::black_box(&out);
        }
        Ok(start.elapsed().as_secs_f64() / repeats.max(1) as f64)
    })
    .map_err(raise)
}

/// Private, for the benchmark: builds every case of the array as an
/// `attrib::Case` (hypotheses `h0`, `h1`, ..., items `e0`, `e1`, ... with
/// the likelihoods `exp(ln_likelihoods[c, e, h])`, which must be at most 1),
/// compiles it into an `attrib::Batch`, and returns the seconds per run of
/// `Batch::score_into` over all the cases, run `repeats` times in Rust with
/// the GIL released (building is not timed).
#[pyfunction]
fn _batch_rust(py: Python<'_>, ln_likelihoods: &Bound<'_, PyAny>, repeats: usize) -> PyResult<f64> {
    let x = float_array(
        "ln_likelihoods",
        ln_likelihoods,
        &[3],
        "(cases, items, hypotheses)",
    )?;
    let dims = x.shape().to_vec();
    let (cases, items, n) = (dims[0], dims[1], dims[2]);
    let x = x.cast_into::<numpy::PyArray3<f64>>()?.readonly();
    let slice = x.as_slice()?;
    py.detach(|| {
        let ids: Vec<String> = (0..n).map(|h| format!("h{h}")).collect();
        let mut batch = attrib::Batch::new(&ids)?;
        for c in 0..cases {
            let mut b = attrib::Case::builder();
            for h in 0..n {
                b = b.hypothesis(format!("h{h}"), format!("H{h}"));
            }
            for e in 0..items {
                let mut item = attrib::Evidence::builder(format!("e{e}"));
                for h in 0..n {
                    let at = (c * items + e) * n + h;
                    item = item.likelihood(format!("h{h}"), slice.get(at).map_or(0.0, |l| l.exp()));
                }
                b = b.evidence(item);
            }
            batch.push(&b.build()?.compile()?)?;
        }
        let mut out = vec![0.0; cases * n];
        let mut leaders = vec![None; cases];
        let start = Instant::now();
        for _ in 0..repeats.max(1) {
            batch.score_into(&mut out, &mut leaders)?;
            std::hint::black_box(&out);
        }
        Ok(start.elapsed().as_secs_f64() / repeats.max(1) as f64)
    })
    .map_err(raise)
}

/// The native module; `attrib/__init__.py` re-exports it.
#[pymodule]
fn _attrib(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("Error", m.py().get_type::<Error>())?;
    m.add_class::<PyCase>()?;
    m.add_function(wrap_pyfunction!(score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(_score_batch_rust, m)?)?;
    m.add_function(wrap_pyfunction!(_batch_rust, m)?)?;
    Ok(())
}
