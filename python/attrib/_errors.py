"""The exceptions of attrib: one class per kind of the Rust crate's
``attrib::ErrorKind``, each under the category its ``is_*`` predicate
names, and each also the built-in exception Python code matches:

- :class:`Error` (an ``Exception``): every error of attrib.
- :class:`InvalidValue` (also a ``ValueError``): a value out of range, a
  reversed range, an invalid id, grade or weighting name, all weights 0.
- :class:`InvalidCase` (also a ``ValueError``): the case or codebook is
  ill-formed as a whole (a duplicate or unknown id, a missing or unknown
  field, too few hypotheses, an unknown word or scale, ...).
- :class:`FileError` (also an ``OSError``): a file that cannot be read as a
  case file; :class:`FileNotFound` (also a ``FileNotFoundError``, ``errno``
  2) when it is missing; ``Syntax``, text that is not well-formed JSON, is
  also a ``ValueError`` (as ``json.JSONDecodeError`` is).
- :class:`Contradictory` (also a ``ValueError``): the evidence eliminates
  every hypothesis; ``responsible`` names the items.
- :class:`UsageError` (also a ``ValueError``): an unknown id asked for
  (:class:`NotFound`, also a ``LookupError``), an option that cannot be
  used here, an argument of the wrong shape.
- :class:`OutputError`: output that cannot be produced.

Every instance has ``kind`` (the Rust ``ErrorKind`` name), ``item`` (as the
message names it, such as ``"evidence 'e3'"``, or None), ``field``,
``value`` (the text at fault), ``file``, ``codebook`` and ``responsible``;
``str(e)`` is the crate's message exactly.

>>> import attrib
>>> try:
...     attrib.Case.from_dict({"version": 1,
...         "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
...         "evidence": [{"id": "e3", "description": "", "likelihoods": {"a": 0.5, "b": 1.2}}]})
... except ValueError as e:
...     print(type(e).__name__, e.item, e.field, "|", e)
OutOfRange evidence 'e3' likelihood for 'b' | evidence 'e3': likelihood for 'b' is 1.2, must be in 0..=1
"""

__all__ = [
    "Error", "InvalidValue", "InvalidCase", "FileError", "FileNotFound",
    "Contradictory", "UsageError", "NotFound", "MatrixError", "OutputError",
]


class Error(Exception):
    """An error of attrib. ``str(e)`` is the crate's message exactly, the
    text the command line prints after ``error: ``."""

    kind = None
    item = None
    field = None
    value = None
    file = None
    codebook = None
    responsible = ()


class InvalidValue(Error, ValueError):
    """A value is invalid (Rust ``Error::is_value``)."""


class InvalidCase(Error, ValueError):
    """The case or codebook is ill-formed as a whole (``is_structure``)."""


class FileError(Error, OSError):
    """A file cannot be read as a case file (``is_file``)."""

    def __str__(self):
        return Exception.__str__(self)


class Contradictory(Error, ValueError):
    """The evidence eliminates every hypothesis (``is_contradiction``);
    ``responsible`` lists the items at fault."""


class UsageError(Error, ValueError):
    """A call was used wrongly (``is_usage``)."""


class MatrixError(Error, ValueError):
    """An ACH matrix is malformed (``is_matrix``)."""


class OutputError(Error):
    """Output could not be produced (``is_output``)."""


_CATEGORIES = {
    InvalidValue: ["OutOfRange", "ReversedRange", "InvalidId", "InvalidGrade",
                   "InvalidWeighting", "AllZero", "Inconsistent"],
    InvalidCase: ["Duplicate", "UnknownReference", "Missing", "TooFewHypotheses",
                  "Conflicting", "UnknownField", "UnsupportedVersion", "DefinedTwice",
                  "UnknownKind", "KindLacksHypothesis", "KindExtraHypothesis",
                  "UnknownWord", "UnknownScale", "Equivalent"],
    FileError: ["Io", "TooLarge", "NotText", "Path", "NotRegular", "Syntax"],
    UsageError: ["NotFound", "Unsupported", "HypothesisMismatch", "Length"],
    OutputError: ["Plot", "Serialize"],
}

#: Every kind's class, by the Rust ``ErrorKind`` name.
KINDS = {"Contradictory": Contradictory, "Matrix": MatrixError}
for _base, _names in _CATEGORIES.items():
    for _name in _names:
        _extra = {"NotFound": (LookupError,), "Syntax": (ValueError,)}.get(_name, ())
        KINDS[_name] = type(_name, (_base,) + _extra, {
            "__doc__": f"The Rust ``ErrorKind::{_name}`` (a {_base.__name__}).",
            "__module__": "attrib.errors",
        })
NotFound = KINDS["NotFound"]
globals().update({k: v for k, v in KINDS.items() if k not in globals()})


class FileNotFound(KINDS["Io"], FileNotFoundError):
    """A file that is missing (``ErrorKind::Io``, the system's NotFound):
    also a ``FileNotFoundError``, with ``errno`` 2."""


for _c in [Error, InvalidValue, InvalidCase, FileError, Contradictory, UsageError, MatrixError,
           OutputError, FileNotFound]:
    _c.__module__ = "attrib"


def _class_for(kind, missing):
    """The class of the Rust kind ``kind``; ``missing``: the file is not
    there."""
    if kind == "Io" and missing:
        return FileNotFound
    return KINDS.get(kind, Error)


def _raise(kind, field, message):
    """Raises the class of ``kind`` for an argument the binding checks."""
    e = _class_for(kind, False)(message)
    e.kind, e.item, e.field = kind, "value", field
    raise e
