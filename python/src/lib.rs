//! `attrib._attrib`: the Python binding of the `attrib` crate (PyO3).
//!
//! A thin layer with no arithmetic of its own: `Case` holds the crate's
//! `attrib::Case`, `Case.score()` the crate's `Posterior` (Python objects
//! are built from it when asked for, not through JSON); the other analyses
//! are the crate's serialisable values (`attrib::report::LeftOut`,
//! `Perspectives`, `Sensitivity`, `attrib::Simulation`: the same JSON the
//! command line prints) handed to the result classes of
//! `attrib/_results.py`. Every error is the crate's `Error`, raised as the
//! Python class of its kind (`attrib/_errors.py`) with its message
//! unchanged. The helpers whose names start with an underscore serve the
//! Python modules and time the Rust side for `python/benches/bench.py`.

mod batch;
mod builder;
mod case;
mod errors;

use pyo3::prelude::*;

/// The native module; `attrib/__init__.py` re-exports it.
#[pymodule]
fn _attrib(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<case::PyCase>()?;
    m.add_class::<case::PyScore>()?;
    m.add_class::<builder::PyCaseBuilder>()?;
    m.add_class::<builder::PyEvidenceBuilder>()?;
    m.add_class::<builder::PyPerspectiveBuilder>()?;
    m.add_function(wrap_pyfunction!(batch::_score_batch, m)?)?;
    m.add_function(wrap_pyfunction!(batch::_score_batch_rust, m)?)?;
    m.add_function(wrap_pyfunction!(batch::_batch_rust, m)?)?;
    m.add_function(wrap_pyfunction!(case::_enfsi_words, m)?)?;
    m.add_function(wrap_pyfunction!(case::_icd203_words, m)?)?;
    Ok(())
}
