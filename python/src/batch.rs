//! The batch scorer behind `attrib.score_batch` (`attrib/_batch.py`
//! converts and labels; this reads float64 arrays), and the benchmark's
//! Rust-side timings.

use crate::errors::{binding_error, raise};
use numpy::{PyArray2, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use std::time::Instant;

/// Likelihood values checked and scored per call of the scorer: 32 768
/// (256 KB), so that the check's read leaves the chunk in cache for the
/// scorer's.
const CHUNK_VALUES: usize = 32_768;

/// The argument `name` as a float64 array of one of the numbers of
/// dimensions `ndims`, C-contiguous and aligned (read in place), or a
/// C-ordered copy of it when it is strided or misaligned (as the buffer of
/// an array received through pickle, such as from `distributed`, may be);
/// otherwise attrib.Length (a ValueError) naming it and saying what it must
/// be.
fn float_array<'py>(
    name: &str,
    x: &Bound<'py, PyAny>,
    ndims: &[usize],
    shape: &str,
) -> PyResult<Bound<'py, PyUntypedArray>> {
    let must = format!("{name} must be a numpy.float64 array of shape {shape}");
    let a = x
        .cast::<PyUntypedArray>()
        .map_err(|_| binding_error("Unsupported", name, format!("{must}, not {}", type_name(x))))?;
    let dtype = a.dtype();
    if !dtype.is_equiv_to(&numpy::dtype::<f64>(x.py())) {
        return Err(binding_error(
            "Unsupported",
            name,
            format!("{must}, not an array of {dtype} (convert it with x.astype(numpy.float64))"),
        ));
    }
    if !ndims.contains(&a.ndim()) {
        return Err(binding_error(
            "Length",
            name,
            format!("{must}, not an array of shape {:?}", a.shape()),
        ));
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

/// A value as the crate's messages write it.
fn shown(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else {
        format!("{x}")
    }
}

/// A failed check of the likelihoods: where, and the value.
struct Bad {
    at: usize,
    value: f64,
}

/// The first value of `x` that is no log-likelihood (above 0, or NaN),
/// `offset` added to its place. One pass that vectorises, then a search
/// only when it failed.
fn first_bad(x: &[f64], offset: usize) -> Option<Bad> {
    let ok = x.iter().fold(true, |ok, &v| ok & (v <= 0.0));
    if ok {
        return None;
    }
    x.iter()
        .enumerate()
        .find(|(_, v)| !(f64::NEG_INFINITY..=0.0).contains(*v))
        .map(|(i, &value)| Bad {
            at: offset + i,
            value,
        })
}

/// The message for a value that is no log-likelihood at `[c, e, h]`.
fn bad_message(bad: &Bad, items: usize, n: usize) -> (&'static str, String) {
    let (c, e, h) = (bad.at / (items * n), bad.at / n % items, bad.at % n);
    let v = bad.value;
    if v.is_nan() || v == f64::INFINITY {
        (
            "OutOfRange",
            format!(
                "ln_likelihoods[{c}, {e}, {h}] is {}, must be in -inf..+inf \
                 (a finite natural log, or -inf to eliminate)",
                shown(v)
            ),
        )
    } else {
        (
            "OutOfRange",
            format!(
                "ln_likelihoods[{c}, {e}, {h}] is {v:?}, must be in -inf..=0 (the natural log of \
                 a likelihood in 0..=1); it looks like a probability: pass numpy.log(x)"
            ),
        )
    }
}

/// Scores many cases of independent evidence through the Rust batch scorer
/// (`attrib::score_ln_likelihoods`), with the GIL released: what
/// `attrib.score_batch` calls once it has a float64 array.
#[pyfunction]
#[pyo3(signature = (ln_likelihoods, ln_prior = None))]
pub fn _score_batch<'py>(
    py: Python<'py>,
    ln_likelihoods: &Bound<'py, PyAny>,
    ln_prior: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let shape = "(cases, items, hypotheses)";
    let x = float_array("ln_likelihoods", ln_likelihoods, &[3], shape)?;
    let dims = x.shape().to_vec();
    let (cases, items, n) = (dims[0], dims[1], dims[2]);
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
            if p.shape() != [n] && p.shape() != [cases, n] {
                return Err(binding_error(
                    "Length",
                    "ln_prior",
                    format!(
                        "ln_prior must have shape ({n},) or ({cases}, {n}) \
                         for ln_likelihoods of shape ({cases}, {items}, {n}), not {:?}",
                        p.shape()
                    ),
                ));
            }
            Some(p.cast_into::<numpy::PyArrayDyn<f64>>()?.readonly())
        }
    };
    let out = PyArray2::<f64>::zeros(py, [cases, n], false);
    {
        let mut out_rw = out.readwrite();
        let out_slice = out_rw.as_slice_mut()?;
        let x_slice = x.as_slice()?;
        let prior_slice = match &prior {
            Some(p) => Some(p.as_slice()?),
            None => None,
        };
        let failed = py.detach(|| score_chunked(x_slice, cases, items, n, prior_slice, out_slice));
        match failed {
            Ok(None) => {}
            Ok(Some(bad)) => {
                let (kind, message) = bad_message(&bad, items, n);
                return Err(binding_error(kind, "ln_likelihoods", message));
            }
            Err(e) => return Err(raise(e)),
        }
    }
    Ok(out)
}

/// Checks and scores `cases` in chunks of about [`CHUNK_VALUES`]
/// likelihoods: the first value that is no log-likelihood, or the crate's
/// error (a bad prior or shape; checked on the whole prior first, so that
/// its message names the right case).
fn score_chunked(
    x: &[f64],
    cases: usize,
    items: usize,
    n: usize,
    prior: Option<&[f64]>,
    out: &mut [f64],
) -> Result<Option<Bad>, attrib::Error> {
    let width = items * n;
    if n == 0 || cases == 0 || width == 0 {
        attrib::score_ln_likelihoods(x, n, items, prior, out)?;
        return Ok(None);
    }
    if let Some(p) = prior {
        // the prior's checks, with its own indices: no items to add
        let mut scratch = vec![0.0; p.len()];
        attrib::score_ln_likelihoods(&[], n, 0, Some(p), &mut scratch)?;
    }
    let per_chunk = (CHUNK_VALUES / width).max(1);
    let shared = prior.is_some_and(|p| p.len() == n);
    for (k, (xs, os)) in x
        .chunks(per_chunk * width)
        .zip(out.chunks_mut(per_chunk * n))
        .enumerate()
    {
        if let Some(bad) = first_bad(xs, k * per_chunk * width) {
            return Ok(Some(bad));
        }
        let p = match prior {
            Some(p) if !shared => p.get(k * per_chunk * n..k * per_chunk * n + os.len()),
            other => other,
        };
        attrib::score_ln_likelihoods(xs, n, items, p, os)?;
    }
    Ok(None)
}

/// Private, for the benchmark: seconds per run of the scorer behind
/// `score_batch` (`attrib::score_ln_likelihoods`, uniform prior, the whole
/// array in one call, no check) on the same array, run `repeats` times in a
/// loop in Rust with the GIL released.
#[pyfunction]
pub fn _score_batch_rust(
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
pub fn _batch_rust(
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
