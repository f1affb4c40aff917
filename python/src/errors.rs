//! The crate's `Error` as a Python exception: one class per
//! `attrib::ErrorKind`, defined in `attrib/_errors.py` under the category
//! classes (`attrib.InvalidValue`, `attrib.FileError`, ...), carrying the
//! error's item, field, value, file, codebook and responsible items as
//! attributes, its message unchanged.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// The crate's error as the Python exception of its kind (`raise` inside a
/// `map_err`, where the GIL is held again).
pub fn raise(e: attrib::Error) -> PyErr {
    Python::attach(|py| exception(py, &e).unwrap_or_else(|failed| failed))
}

/// The exception of `e`'s kind, its attributes set.
fn exception(py: Python<'_>, e: &attrib::Error) -> PyResult<PyErr> {
    let io = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
    let missing = io.is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
    let kind = format!("{:?}", e.kind());
    let module = py.import("attrib._errors")?;
    let class = module.call_method1("_class_for", (kind.as_str(), missing))?;
    let exc = class.call1((e.to_string(),))?;
    exc.setattr("kind", kind)?;
    exc.setattr("item", e.item().map(ToString::to_string))?;
    exc.setattr("field", e.field())?;
    exc.setattr("value", e.value())?;
    exc.setattr("file", e.file())?;
    exc.setattr("codebook", e.codebook())?;
    exc.setattr("responsible", PyList::new(py, e.responsible())?)?;
    if let Some(io) = io {
        // `attrib.FileError.__str__` stays the crate's message whatever
        // OSError's fields hold.
        let errno = io
            .raw_os_error()
            .or(missing.then_some(2))
            .map(|n| n.into_pyobject(py))
            .transpose()?;
        exc.setattr("errno", errno)?;
        exc.setattr("filename", e.file())?;
    }
    Ok(PyErr::from_value(exc))
}

/// An error found by the binding itself (an argument the crate never sees):
/// the class of `kind` (an `attrib::ErrorKind` name), with `field` set.
pub fn binding_error(kind: &str, field: &str, message: String) -> PyErr {
    Python::attach(|py| {
        let made = || -> PyResult<PyErr> {
            let class = py
                .import("attrib._errors")?
                .call_method1("_class_for", (kind, false))?;
            let exc = class.call1((message.as_str(),))?;
            exc.setattr("kind", kind)?;
            exc.setattr("item", "value")?;
            exc.setattr("field", field)?;
            Ok(PyErr::from_value(exc))
        };
        made().unwrap_or_else(|failed| failed)
    })
}

/// A count or seed argument as a number in `min..=max`, or
/// `attrib.OutOfRange` (a `ValueError`) naming it: `draws is -5, must be
/// in 1..`.
pub fn count(name: &str, x: i128, min: u64, max: u64, range: &str) -> PyResult<u64> {
    match u64::try_from(x) {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(binding_error(
            "OutOfRange",
            name,
            format!("{name} is {x}, must be in {range}"),
        )),
    }
}
