"""``attrib.score_batch``: many cases of independent evidence at once,
through the Rust batch scorer."""

import numbers

import numpy as np

from ._attrib import _score_batch
from ._errors import _raise

_OUTPUTS = ("numpy", "pandas", "xarray")


def _index(shape, flat):
    """A flat position as ``[i, j, k]`` text."""
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]"


def _is_number(v):
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _as_float64(name, x):
    """``x`` as a float64 NumPy array: a float64 array as it is (no copy;
    the Rust side copies a strided or misaligned one once), any other real
    dtype (float32, ints), nested lists and object arrays of numbers
    converted with one copy. Refuses, naming the first bad value's index,
    object arrays and lists holding something that is not a number;
    refuses bool, complex, text and ragged lists."""
    if isinstance(x, np.ndarray):
        a = x
    else:
        try:
            a = np.asarray(x)
        except ValueError as e:  # a ragged nested list
            _raise("Length", name, f"{name} must be a rectangular array, not a ragged nested list ({e})")
        if a.dtype.kind not in "fiu":
            # find the first value that is not a number, where it was
            a = np.array(x, dtype=object)
    kind = a.dtype.kind
    if kind == "f" and a.dtype == np.float64:
        return a
    if kind in "fiu":
        return a.astype(np.float64)
    if kind == "O":
        flat = a.reshape(-1)
        for i, v in enumerate(flat):
            if not _is_number(v):
                _raise("Unsupported", name,
                       f"{name}{_index(a.shape, i)} is {v!r}, not a number "
                       f"({name} holds Python objects; it must hold real numbers)")
        return a.astype(np.float64)
    what = {"b": "bool", "c": "complex numbers", "U": "text", "S": "bytes", "M": "dates", "m": "durations"}
    _raise("Unsupported", name,
           f"{name} must hold real numbers, not {what.get(kind, str(a.dtype))} (dtype {a.dtype})")


def score_batch(ln_likelihoods, ln_prior=None, *, hypotheses=None, output="numpy"):
    """Scores many cases of independent evidence through the Rust batch
    scorer (``attrib::score_ln_likelihoods``), with the GIL released.

    ``ln_likelihoods``: shape (cases, items, hypotheses); ``[c, e, h]`` is
    the natural log of the likelihood P(e | h) of item e of case c under
    hypothesis h, so every value is at most 0; ``-inf`` (a likelihood of 0)
    eliminates the hypothesis. Items are independent evidence at
    reliability 1. A C-contiguous float64 array (what NumPy makes by
    default) is read in place; a strided or misaligned one is copied once;
    float32, integers, nested lists and object arrays of numbers are
    converted to float64 with one copy.

    ``ln_prior``: None for a uniform prior; or natural logs of prior weights
    (up to a constant; ``-inf`` excludes a hypothesis), of shape
    (hypotheses,) for every case or (cases, hypotheses) per case.

    ``hypotheses``: labels of the hypotheses, for ``output="pandas"`` (a
    DataFrame, one row per case, one column per hypothesis) or
    ``output="xarray"`` (a DataArray with dims ``case`` and
    ``hypothesis``); default ``output="numpy"``, a float64 array of shape
    (cases, hypotheses).

    Returns the posteriors, ``P(h | case) ∝ exp(ln_prior[h] + sum_e
    ln_likelihoods[c, e, h])``, each row summing to 1: what
    ``Case.score().posterior`` gives for the case with these likelihoods
    (to about 1e-13). A contradictory case (every hypothesis eliminated)
    has a row of zeros.

    >>> import attrib, numpy as np
    >>> x = np.log([[[0.9, 0.3], [0.5, 0.5]], [[0.2, 0.8], [0.1, 0.1]]])
    >>> attrib.score_batch(x, hypotheses=["a", "b"], output="pandas")
    hypothesis     a     b
    case
    0           0.75  0.25
    1           0.20  0.80

    Raises (each a ValueError, naming the argument and the index of the
    first bad value): attrib.OutOfRange for a positive value (it looks like
    a probability: pass ``np.log(x)``), NaN or ``+inf``; attrib.Unsupported
    for an array of objects that are not numbers, of bool, complex or text;
    attrib.Length for a wrong number of dimensions, a ragged list, a prior
    of the wrong shape or a wrong number of labels.
    """
    if output not in _OUTPUTS:
        _raise("Unsupported", "output", f"output is {output!r}, must be 'numpy', 'pandas' or 'xarray'")
    x = _as_float64("ln_likelihoods", ln_likelihoods)
    prior = None if ln_prior is None else _as_float64("ln_prior", ln_prior)
    if hypotheses is not None:
        hypotheses = list(hypotheses)
        if x.ndim == 3 and len(hypotheses) != x.shape[2]:
            _raise("Length", "hypotheses",
                   f"hypotheses has {len(hypotheses)} labels, must have {x.shape[2]} "
                   f"(the last axis of ln_likelihoods, shape {x.shape})")
    out = _score_batch(x, prior)
    if output == "numpy":
        return out
    labels = hypotheses if hypotheses is not None else list(range(out.shape[1]))
    if output == "pandas":
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover
            raise ImportError('output="pandas" needs pandas: pip install pandas') from e
        return pd.DataFrame(out, index=pd.RangeIndex(out.shape[0], name="case"),
                            columns=pd.Index(labels, name="hypothesis"))
    try:
        import xarray
    except ImportError as e:  # pragma: no cover
        raise ImportError('output="xarray" needs xarray: pip install xarray') from e
    return xarray.DataArray(out, dims=("case", "hypothesis"),
                            coords={"case": np.arange(out.shape[0]), "hypothesis": labels},
                            name="posterior")
